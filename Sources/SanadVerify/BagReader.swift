import Dispatch
import Foundation
import SanadArchive
import SanadCrypto
import SanadModel

/// Reads a sealed bag from a zip or tar file as a stream, or from an unpacked folder, without
/// writing anything to disk. Payload files are hashed on `workers` threads: each reads the
/// same archive and hashes its share of the entries, skipping the others.
struct BagReader {
    static let maxTagFile: Int64 = 256 << 20
    /// Expansion allowed over the archive's own size before it is treated as a bomb.
    static let maxRatio: Int64 = 100
    let path: String
    let workers: Int

    func read() -> BagContents {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            var c = BagContents()
            c.unreadable = "\(path) does not exist"
            return c
        }
        return isDir.boolValue ? DirectoryBagReader(root: path, workers: workers).read() : readArchive()
    }

    private func readArchive() -> BagContents {
        var st = stat()
        stat(path, &st)
        let budget = max(Int64(st.st_size) * Self.maxRatio, 64 << 20)
        if let trailing = ZipTail.problem(path: path) {
            var c = BagContents()
            c.unreadable = trailing
            return c
        }
        let shares = (0..<workers).map { w in Share(worker: w, workers: workers) }
        var results = [BagContents](repeating: BagContents(), count: workers)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let r = readPass(share: shares[w], budget: budget)
            lock.lock(); results[w] = r; lock.unlock()
        }
        var merged = results[0]
        for r in results.dropFirst() {
            merged.payload.merge(r.payload) { a, _ in a }
            if merged.unreadable == nil { merged.unreadable = r.unreadable }
        }
        return merged
    }

    struct Share {
        let worker: Int
        let workers: Int
        /// Worker 0 also reads every tag file and records every entry.
        var isPrimary: Bool { worker == 0 }
        func hashes(_ payloadIndex: Int) -> Bool { payloadIndex % workers == worker }
    }

    private func readPass(share: Share, budget: Int64) -> BagContents {
        var c = BagContents()
        var expanded: Int64 = 0
        var payloadIndex = 0
        var seen: [String: String] = [:]
        do {
            let reader = try ArchiveReader(path: path, formats: .zipOrTar)
            var index = 0
            while let info = try reader.nextEntry() {
                defer { index += 1 }
                let (top, inner) = splitTop(info.path)
                if c.top == nil { c.top = top }
                if share.isPrimary {
                    for p in EntryNamePolicy.problems(info.path) { c.unsafe.append("\(info.path): \(p)") }
                    if top != c.top || top.isEmpty { c.unsafe.append("\(info.path): outside the bag's single top folder") }
                    if ![.file, .directory].contains(info.kind) { c.unsafe.append("\(info.path): \(info.kind.rawValue) entry") }
                    let key = EntryNamePolicy.collisionKey(info.path)
                    if let other = seen[key] {
                        c.unsafe.append(other == info.path ? "\(info.path): appears twice" : "\(info.path): collides with \(other) (case or Unicode normalisation)")
                    }
                    seen[key] = info.path
                    if let size = info.declaredSize, size > budget { c.unsafe.append("\(info.path): declares an absurd size (\(size) bytes)") }
                    c.entries.append(BagEntry(index: index, path: inner, rawPath: info.path, kind: info.kind, declaredSize: info.declaredSize))
                }
                guard info.kind == .file else { continue }
                if inner.hasPrefix("data/") {
                    defer { payloadIndex += 1 }
                    guard share.hashes(payloadIndex) else { continue }
                    let d = try MessageDigest(.sha256)
                    let n = try reader.readData(limit: budget - expanded) { d.update($0) }
                    expanded += n
                    c.payload[inner] = (d.finalizeHex(), n)
                } else if share.isPrimary {
                    var bytes: [UInt8] = []
                    let n = try reader.readData(limit: min(Self.maxTagFile, budget - expanded)) { bytes += $0 }
                    expanded += n
                    if c.tagFiles[inner] == nil { c.tagFiles[inner] = bytes }
                }
            }
        } catch let e as SanadError {
            if e.code == .archiveUnsafe {
                c.unsafe.append("entries expand beyond \(budget) bytes: a zip bomb or an absurd size")
            } else {
                c.unreadable = e.message
            }
        } catch {
            c.unreadable = "\(error)"
        }
        return c
    }

    private func splitTop(_ p: String) -> (String, String) {
        guard let slash = p.firstIndex(of: "/") else { return (p, "") }
        return (String(p[..<slash]), String(p[p.index(after: slash)...]))
    }
}

/// Trailing bytes after a zip's end-of-central-directory record, which readers silently ignore.
enum ZipTail {
    static func problem(path: String) -> String? {
        guard let h = FileHandle(forReadingAtPath: path) else { return "cannot open \(path)" }
        defer { try? h.close() }
        let head = h.readData(ofLength: 4)
        guard head.starts(with: [0x50, 0x4B]) else { return nil }
        let size = h.seekToEndOfFile()
        let window = min(size, 65_557)
        h.seek(toFileOffset: size - window)
        let tail = [UInt8](h.readData(ofLength: Int(window)))
        guard tail.count >= 22 else { return "the zip is truncated" }
        var i = tail.count - 22
        while i >= 0 {
            if tail[i] == 0x50, tail[i + 1] == 0x4B, tail[i + 2] == 0x05, tail[i + 3] == 0x06 {
                let comment = Int(tail[i + 20]) | Int(tail[i + 21]) << 8
                return i + 22 + comment == tail.count ? nil : "the zip has \(tail.count - i - 22 - comment) byte(s) of trailing data after its end record"
            }
            i -= 1
        }
        return "the zip has no end-of-central-directory record (truncated?)"
    }
}
