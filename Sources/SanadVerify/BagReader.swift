import Foundation
import SanadArchive
import SanadCrypto
import SanadModel

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

    /// `onTagFiles` is called (on the reading thread) once an archive's tag files have all
    /// been read, with them, so that their checks can start while the payload is still hashed.
    func read(onTagFiles: ((BagContents) -> Void)? = nil) -> BagContents {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            var c = BagContents()
            c.unreadable = "\(path) does not exist"
            return c
        }
        return isDir.boolValue ? DirectoryBagReader(root: path, workers: workers).read() : readArchive(onTagFiles)
    }

    private func readArchive(_ onTagFiles: ((BagContents) -> Void)?) -> BagContents {
        let sink = BagEntrySink(onTagFiles: onTagFiles)
        // libarchive's second reading runs beside the first, on a regular file.
        let second = ContainerFormat.sniff(path: path).map { format in
            ContainerCrossCheck.start(path: path, format: format) { !BagEntrySink.splitTop($0).1.hasPrefix("data/") }
        }
        let scan: ContainerScan
        do {
            scan = try ContainerScanner.scan(path: path, sink: sink)
        } catch {
            _ = second?.disagreements(with: [], bytes: { _ in nil })
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
            return inner.hasPrefix("data/") ? nil : c.tagFiles[inner]
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
    /// A tag file came after the snapshot `onTagFiles` was given (receipts follow the payload).
    private(set) var tagSnapshotStale = false
    private var snapshotTaken = false

    init(onTagFiles: ((BagContents) -> Void)?) { self.onTagFiles = onTagFiles }
    private var seen: [String: String] = [:]
    private var digest: MessageDigest?
    private var bytes: [UInt8]?
    private var current = ""
    private var size: Int64 = 0
    private var tagBytes: Int64 = 0

    func begin(_ entry: ContainerEntry) {
        let (top, inner) = Self.splitTop(entry.path)
        if contents.top == nil { contents.top = top }
        for p in EntryNamePolicy.problems(entry.path) { contents.unsafe.append("\(entry.path): \(p)") }
        if top != contents.top || top.isEmpty || inner.isEmpty { contents.unsafe.append("\(entry.path): outside the bag's single top folder") }
        let key = EntryNamePolicy.collisionKey(entry.path)
        if let other = seen[key] {
            contents.unsafe.append(other == entry.path ? "\(entry.path): appears twice" : "\(entry.path): collides with \(other) (case or Unicode normalisation)")
        }
        seen[key] = entry.path
        contents.entries.append(BagEntry(index: contents.entries.count, path: inner, rawPath: entry.path, kind: .file, declaredSize: entry.size))
        current = inner
        size = 0
        digest = nil
        bytes = nil
        if inner.hasPrefix("data/") {
            if let notify = onTagFiles, !snapshotTaken {
                snapshotTaken = true
                notify(contents)
            }
            digest = try? MessageDigest(.sha256)
        } else if entry.size > BagReader.maxTagFile || tagBytes + entry.size > BagReader.maxTagBytes {
            contents.unsafe.append("\(entry.path): \(entry.size) bytes is more than Sanad's tag files ever hold")
        } else {
            tagBytes += entry.size
            bytes = []
            bytes?.reserveCapacity(Int(entry.size))
        }
    }

    func data(_ chunk: UnsafeRawBufferPointer) {
        size += Int64(chunk.count)
        if let digest { digest.update(chunk) } else if bytes != nil { bytes! += chunk }
    }

    func end() {
        if let digest {
            contents.payload[current] = (digest.finalizeHex(), size)
        } else if let bytes, contents.tagFiles[current] == nil {
            contents.tagFiles[current] = bytes
            if snapshotTaken { tagSnapshotStale = true }
        }
        digest = nil
        bytes = nil
    }

    static func splitTop(_ p: String) -> (String, String) {
        guard let slash = p.firstIndex(of: "/") else { return (p, "") }
        return (String(p[..<slash]), String(p[p.index(after: slash)...]))
    }
}
