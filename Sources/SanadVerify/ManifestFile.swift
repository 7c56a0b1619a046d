/// A BagIt manifest: `<checksum> <path>` per line, one or more spaces or tabs between. Read
/// from its bytes (a case's manifests have a line per file; String splitting cost more than the
/// rest of the tag checks together).
struct ManifestFile {
    var entries: [(path: String, sha256: String)] = []
    var problems: [String] = []

    init(_ bytes: [UInt8], name: String) {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            problems.append("\(name) is not UTF-8")
            return
        }
        var seen = Set<String>()
        var lineNumber = 0
        var start = 0
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            lineNumber += 1
            defer { start = end + 1 }
            var last = end
            if last > start, bytes[last - 1] == 0x0D { last -= 1 }
            if last == start { if end == bytes.count { break } else { continue } }
            let line = bytes[start..<last]
            guard let gap = line.firstIndex(where: { $0 == 0x20 || $0 == 0x09 }) else {
                problems.append("\(name) line \(lineNumber) has no path")
                continue
            }
            let pathStart = line[gap...].firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) ?? last
            let sum = line[line.startIndex..<gap]
            guard sum.count == 64, sum.allSatisfy(Self.isHex), pathStart < last else {
                problems.append("\(name) line \(lineNumber) is not '<sha256> <path>'")
                continue
            }
            let path = String(decoding: line[pathStart..<last], as: UTF8.self)
            guard seen.insert(path).inserted else {
                problems.append("\(name) lists \(path) twice")
                continue
            }
            entries.append((path, String(decoding: sum.map(Self.lower), as: UTF8.self)))
        }
    }

    private static func isHex(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) || (0x41...0x46).contains(b) || (0x61...0x66).contains(b) }
    private static func lower(_ b: UInt8) -> UInt8 { (0x41...0x5A).contains(b) ? b + 0x20 : b }
}
