/// A BagIt manifest: `<checksum> <path>` per line, one or more spaces between.
struct ManifestFile {
    var entries: [(path: String, sha256: String)] = []
    var problems: [String] = []

    init(_ bytes: [UInt8], name: String) {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            problems.append("\(name) is not UTF-8")
            return
        }
        var seen = Set<String>()
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.isEmpty { continue }
            guard let space = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
                problems.append("\(name) line \(n + 1) has no path")
                continue
            }
            let sum = line[..<space].lowercased()
            let path = String(line[space...].drop(while: { $0 == " " || $0 == "\t" }))
            guard sum.count == 64, sum.allSatisfy(\.isHexDigit), !path.isEmpty else {
                problems.append("\(name) line \(n + 1) is not '<sha256> <path>'")
                continue
            }
            guard seen.insert(path).inserted else {
                problems.append("\(name) lists \(path) twice")
                continue
            }
            entries.append((path, sum))
        }
    }
}
