import Foundation

/// A BagIt manifest: `<checksum> <path>` per line, one or more spaces or tabs between. Read
/// from its bytes (a case's manifests have a line per file; String splitting cost more than the
/// rest of the tag checks together).
package struct ManifestFile {
    package var entries: [(path: String, sha256: String)] = []
    /// Where each path stands in `entries`: the one index every check looks paths up in.
    package var index: [String: Int] = [:]
    package var problems: [String] = []

    /// The SHA-256 the manifest lists for `path`.
    package func sha256(of path: String) -> String? { index[path].map { entries[$0].sha256 } }

    package init(_ bytes: [UInt8], name: String) {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            problems.append("\(name) is not UTF-8")
            return
        }
        bytes.withUnsafeBufferPointer { read($0, name: name) }
    }

    private mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, name: String) {
        // Sized once from the line count: growing a 50,000-path index rehashes it again and again.
        let lines = Self.lineEnds(bytes, from: 0, count: true)
        entries.reserveCapacity(lines + 1)
        index.reserveCapacity(lines + 1)
        var lineNumber = 0
        var start = 0
        while start <= bytes.count {
            let end = Self.lineEnds(bytes, from: start, count: false)
            lineNumber += 1
            defer { start = end + 1 }
            var last = end
            if last > start, bytes[last - 1] == 0x0D { last -= 1 }
            if last == start { if end == bytes.count { break } else { continue } }
            var gap = start
            while gap < last, bytes[gap] != 0x20, bytes[gap] != 0x09 { gap += 1 }
            guard gap < last else {
                problems.append("\(name) line \(lineNumber) has no path")
                continue
            }
            var pathStart = gap
            while pathStart < last, bytes[pathStart] == 0x20 || bytes[pathStart] == 0x09 { pathStart += 1 }
            let sum = UnsafeBufferPointer(rebasing: bytes[start..<gap])
            guard sum.count == 64, sum.allSatisfy(Self.isHex), pathStart < last else {
                problems.append("\(name) line \(lineNumber) is not '<sha256> <path>'")
                continue
            }
            let path = String(decoding: UnsafeBufferPointer(rebasing: bytes[pathStart..<last]), as: UTF8.self)
            if let first = index.updateValue(entries.count, forKey: path) {
                index[path] = first
                problems.append("\(name) lists \(path) twice")
                continue
            }
            let digest = String(unsafeUninitializedCapacity: 64) { out in
                for i in 0..<64 { out[i] = Self.lower(sum[i]) }
                return 64
            }
            entries.append((path, digest))
        }
    }

    /// With `count`, the number of LFs from `from` on; without, where the line starting at
    /// `from` ends (its LF, or the end of the bytes).
    private static func lineEnds(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, count: Bool) -> Int {
        guard let base = bytes.baseAddress, from < bytes.count else { return count ? 0 : bytes.count }
        var at = from
        var n = 0
        while at < bytes.count, let hit = memchr(base + at, 0x0A, bytes.count - at) {
            let i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if !count { return i }
            n += 1
            at = i + 1
        }
        return count ? n : bytes.count
    }

    private static func isHex(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x46).contains(b) || (0x61...0x66).contains(b)
    }
    private static func lower(_ b: UInt8) -> UInt8 { (0x41...0x5A).contains(b) ? b + 0x20 : b }
}
