import Dispatch
import Foundation
import SanadCrypto
import SanadFormat
import SanadModel

/// Reads an unpacked bag folder: links and special files are unsafe, never followed.
struct DirectoryBagReader {
    let root: String
    let workers: Int
    var envelopeKey: EnvelopeKey? = nil

    func read() -> BagContents {
        var c = BagContents()
        c.top = (root as NSString).lastPathComponent
        var files: [String] = []
        var seen: [EntryNameKey: String] = [:]
        walk("", &c, &files, &seen)
        let payload = files.filter { $0.hasPrefix("data/") }
        for f in files where !f.hasPrefix("data/") {
            guard let d = FileManager.default.contents(atPath: "\(root)/\(f)") else {
                c.unreadable = "cannot read \(f)"
                continue
            }
            let bytes = [UInt8](d)
            c.tagDigests[f] = MessageDigest.sha256Hex(bytes)
            if !f.hasPrefix("sanad/items/") { c.tagFiles[f] = bytes }
        }
        var digests = [(String, Int64)?](repeating: nil, count: payload.count)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: payload.count) { i in
            let r = try? FileDigester.digest(path: "\(root)/\(payload[i])")
            lock.lock(); digests[i] = r.map { ($0.digests[.sha256]!, $0.size) }; lock.unlock()
        }
        for (i, p) in payload.enumerated() {
            if let d = digests[i] { c.payload[p] = (d.0, d.1) } else { c.unreadable = "cannot read \(p)" }
        }
        for p in payload where p.hasSuffix(EnvelopeList.suffix) {
            c.envelopes[p] = Self.readEnvelope("\(root)/\(p)", key: envelopeKey)
        }
        return c
    }

    /// An envelope read as an archive's reader reads it: front to back, a chunk at a time.
    static func readEnvelope(_ path: String, key: EnvelopeKey?) -> EnvelopeReading {
        let stream = EnvelopeStream(key: key)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return EnvelopeReading(problem: "it cannot be read") }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            buffer.withUnsafeBytes { stream.feed(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        return stream.finish()
    }

    private func walk(
        _ rel: String, _ c: inout BagContents, _ files: inout [String],
        _ seen: inout [EntryNameKey: String]
    ) {
        let dir = rel.isEmpty ? root : "\(root)/\(rel)"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
            c.unreadable = "cannot list \(dir)"
            return
        }
        for name in names.sorted() {
            let path = rel.isEmpty ? name : "\(rel)/\(name)"
            for p in EntryNamePolicy.problems(path) { c.unsafe.append("\(path): \(p)") }
            let key = EntryNameKey(path)
            if let other = seen[key] {
                c.unsafe.append("\(path): collides with \(other) (case or Unicode normalisation)")
            }
            seen[key] = path
            var st = stat()
            guard lstat("\(root)/\(path)", &st) == 0 else { continue }
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                c.entries.append(
                    BagEntry(index: c.entries.count, path: path, rawPath: path, kind: .directory, declaredSize: nil))
                walk(path, &c, &files, &seen)
            case S_IFREG:
                c.entries.append(
                    BagEntry(
                        index: c.entries.count, path: path, rawPath: path, kind: .file, declaredSize: Int64(st.st_size))
                )
                files.append(path)
            case S_IFLNK: c.unsafe.append("\(path): symbolic link")
            default: c.unsafe.append("\(path): special file")
            }
        }
    }
}
