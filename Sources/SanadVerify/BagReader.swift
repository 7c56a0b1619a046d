import Foundation
import SanadArchive
import SanadCrypto
import SanadModel
import SanadFormat

/// Reads a sealed bag from a zip or tar file, or from an unpacked folder, without writing
/// anything to disk.
///
/// An archive is read once, front to back, by the container profile reader
/// (`ContainerScanner`), which accepts only the exact form Sanad writes and hashes the file as
/// it goes; payload files are hashed and tag files kept as their bytes pass. A regular file is
/// then read a second time by libarchive, whose reading must agree.
struct BagReader {
    static let maxTagFile: Int64 = 256 << 20
    /// Tag files are kept in memory; past this in all, the archive is refused as unsafe.
    static let maxTagBytes: Int64 = 512 << 20
    let path: String
    let workers: Int
    /// Opens envelopes as they pass, when given (`verify --key --cert`).
    var envelopeKey: EnvelopeKey? = nil
    /// The archive's bytes, when they come from a stream rather than the file at `path` (an
    /// archive opened from its envelope): read once, with no second reading.
    var stream: ContainerScanner.StreamRead? = nil

    /// `onTagFiles` is called (on the reading thread) once an archive's tag files have all
    /// been read, with them, so that their checks can start while the payload is still hashed;
    /// `onCustodyLog` as soon as the custody log has been read, with its bytes.
    func read(onTagFiles: ((BagContents) -> Void)? = nil, onCustodyLog: (([UInt8]) -> Void)? = nil) -> BagContents {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            var c = BagContents()
            c.unreadable = "\(path) does not exist"
            return c
        }
        return isDir.boolValue
            ? DirectoryBagReader(root: path, workers: workers, envelopeKey: envelopeKey).read()
            : readArchive(onTagFiles, onCustodyLog)
    }

    private func readArchive(
        _ onTagFiles: ((BagContents) -> Void)?, _ onCustodyLog: (([UInt8]) -> Void)?
    ) -> BagContents {
        let sink = BagEntrySink(onTagFiles: onTagFiles, onCustodyLog: onCustodyLog, envelopeKey: envelopeKey)
        // Its name index holds every entry's name: freed on the side.
        defer { sink.releaseIndex() }
        // libarchive's second reading runs beside the first, on a regular file. It compares the
        // bytes of the tag files the checks parse (bag declarations, manifests, custody log,
        // signatures); payload files and item records are only ever hashed, and where their
        // bytes lie is pinned by the headers, which it compares for every entry. Reading 50,000
        // item records through libarchive again cost a sixth of a large case's verification.
        let second = (stream != nil ? nil : ContainerFormat.sniff(path: path)).map { format in
            ContainerCrossCheck.start(path: path, format: format) { name in
                let inner = BagEntrySink.splitTop(name).1
                return !inner.hasPrefix("data/") && !inner.hasPrefix("sanad/items/")
            }
        }
        defer { second.map(BackgroundRelease.release) }
        let scan: ContainerScan
        do {
            if let stream {
                scan = try ContainerScanner.scan(stream: stream, label: path, sink: sink)
            } else {
                scan = try ContainerScanner.scan(path: path, sink: sink)
            }
        } catch {
            _ = second?.disagreements(with: [], digest: { _ in nil })
            var c = BagContents()
            c.unreadable = error.message
            return c
        }
        var c = sink.contents
        c.container = scan
        c.tagSnapshotStale = sink.tagSnapshotStale
        guard let second else { return c }
        let found = second.disagreements(with: scan.entries) { i in
            let (_, inner) = BagEntrySink.splitTop(scan.entries[i].path)
            return inner.hasPrefix("data/") ? nil : c.tagDigest(inner)
        }
        if scan.violation == nil, scan.isRegularFile { c.disagreements = found }
        return c
    }
}

/// Takes each entry as the container reader passes it: checks its name, hashes payload files,
/// keeps tag files. Runs on the container reader's parsing thread.
final class BagEntrySink: ContainerEntrySink {
    private(set) var contents = BagContents()
    private var onTagFiles: ((BagContents) -> Void)?
    private var onCustodyLog: (([UInt8]) -> Void)?
    /// A tag file came after the snapshot `onTagFiles` was given (receipts follow the payload).
    private(set) var tagSnapshotStale = false
    private var snapshotTaken = false

    private let envelopeKey: EnvelopeKey?
    /// The envelope being read, when the current payload file's name ends in `.p7m`.
    private var envelope: EnvelopeStream?

    init(
        onTagFiles: ((BagContents) -> Void)?, onCustodyLog: (([UInt8]) -> Void)? = nil,
        envelopeKey: EnvelopeKey? = nil
    ) {
        self.onTagFiles = onTagFiles
        self.onCustodyLog = onCustodyLog
        self.envelopeKey = envelopeKey
    }

    /// What becomes of the entry being read.
    private enum Role {
        case payload
        /// A tag file whose bytes a check reads.
        case kept
        /// An item record: only its digest is needed, and a case has one per item.
        case digestOnly
        case refused
    }

    private var seen: [EntryNameKey: String] = [:]
    private var expectedEntries = 0
    // Creating an OpenSSL context is not free; one is reset for every entry.
    private let digest = try? MessageDigest(.sha256)
    private var role = Role.refused
    private var bytes: [UInt8] = []
    private var current = ""
    private var size: Int64 = 0
    private var tagBytes: Int64 = 0

    func begin(_ entry: ContainerEntry) {
        let (top, inner) = Self.splitTop(entry.path)
        if contents.top == nil { contents.top = top }
        for p in EntryNamePolicy.problems(entry.path) { contents.unsafe.append("\(entry.path): \(p)") }
        if top != contents.top || top.isEmpty || inner.isEmpty {
            contents.unsafe.append("\(entry.path): outside the bag's single top folder")
        }
        // Entries outside the top folder are refused above, so the inner path decides collisions.
        if let other = seen.updateValue(entry.path, forKey: EntryNameKey(inner)) {
            contents.unsafe.append(
                other == entry.path
                    ? "\(entry.path): appears twice"
                    : "\(entry.path): collides with \(other) (case or Unicode normalisation)")
        }
        contents.entries.append(
            BagEntry(
                index: contents.entries.count, path: inner, rawPath: entry.path, kind: .file, declaredSize: entry.size))
        current = inner
        size = 0
        digest?.reset()
        if inner.hasPrefix("data/") {
            if let notify = onTagFiles, !snapshotTaken {
                snapshotTaken = true
                notify(contents)
            }
            role = .payload
            envelope = inner.hasSuffix(EnvelopeList.suffix) ? EnvelopeStream(key: envelopeKey) : nil
        } else if entry.size > BagReader.maxTagFile {
            contents.unsafe.append("\(entry.path): \(entry.size) bytes is more than Sanad's tag files ever hold")
            role = .refused
        } else if inner.hasPrefix("sanad/items/") {
            role = .digestOnly
        } else if tagBytes + entry.size > BagReader.maxTagBytes {
            contents.unsafe.append("\(entry.path): \(entry.size) bytes is more than Sanad's tag files ever hold")
            role = .refused
        } else {
            tagBytes += entry.size
            role = .kept
            bytes = []
            bytes.reserveCapacity(Int(entry.size))
        }
    }

    func data(_ chunk: UnsafeRawBufferPointer) {
        size += Int64(chunk.count)
        guard role != .refused else { return }
        digest?.update(chunk)
        if role == .kept { bytes += chunk }
        envelope?.feed(chunk)
    }

    func end() {
        switch role {
        case .payload:
            contents.payload[current] = (digest?.finalizeHex() ?? "", size)
            if let e = envelope { contents.envelopes[current] = e.finish() }
            envelope = nil
        case .kept, .digestOnly:
            // The first of two entries with one name stands (both make the archive malformed).
            guard contents.tagDigests.index(forKey: current) == nil else { break }
            contents.tagDigests[current] = digest?.finalizeHex() ?? ""
            if role == .kept {
                contents.tagFiles[current] = bytes
                if current == BagLayout.custodyFile { onCustodyLog?(bytes) }
                if current == "manifest-sha256.txt" || current == "tagmanifest-sha256.txt" { expect(linesIn: bytes) }
            }
            if snapshotTaken { tagSnapshotStale = true }
        case .refused:
            break
        }
        role = .refused
        bytes = []
    }

    /// The manifests come first and list a line per file: the tables that follow are sized
    /// from them once, instead of growing (and rehashing) step by step. A manifest that lies
    /// costs at most the cap.
    private func expect(linesIn manifest: [UInt8]) {
        let lines = min(manifest.withUnsafeBufferPointer { b in b.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }, 1_000_000)
        expectedEntries += lines
        contents.entries.reserveCapacity(expectedEntries + 16)
        seen.reserveCapacity(expectedEntries + 16)
        if current == "manifest-sha256.txt" {
            contents.payload.reserveCapacity(lines)
        } else {
            contents.tagDigests.reserveCapacity(lines + 16)
        }
    }

    /// Hands the name index to a background thread to be freed (a case has 100,000 names).
    func releaseIndex() {
        BackgroundRelease.release(seen)
        seen = [:]
    }

    /// Whether the part of `path` after its top folder starts with `prefix`, without making
    /// strings of either part.
    static func inner(_ path: String, hasPrefix prefix: String) -> Bool {
        let u = path.utf8
        guard let slash = u.firstIndex(of: 0x2F) else { return false }
        return u[u.index(after: slash)...].starts(with: prefix.utf8)
    }

    static func splitTop(_ p: String) -> (String, String) {
        guard let slash = p.utf8.firstIndex(of: 0x2F) else { return (p, "") }
        return (String(p[..<slash]), String(p[p.utf8.index(after: slash)...]))
    }
}
