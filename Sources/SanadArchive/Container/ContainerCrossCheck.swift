/// The second reading of a container that already passed the profile: libarchive, told the
/// format (never bidding) and with no filters, reads it again, and must see the same entries,
/// in the same order, with the same names, types, sizes and times, the same bytes for every
/// small file it is given, and nothing it has to warn about. Two independent readers agreeing
/// is what "one archive, one reading" rests on, beside the differential fuzzer's proof that
/// Info-ZIP, GNU tar, bsdtar and Python agree with both.
public enum ContainerCrossCheck {
    /// Disagreements, empty when libarchive reads exactly what the profile reader read.
    /// `bytes(i)` gives entry i's content to compare, or nil to skip its data.
    public static func run(path: String, format: ContainerFormat, entries: [ContainerEntry],
                           bytes: (Int) -> [UInt8]?) -> [String]
    {
        var problems: [String] = []
        do {
            let reader = try ArchiveReader(path: path, formats: format == .zip ? .zip : .tar)
            var index = 0
            while let info = try reader.nextEntry() {
                defer { index += 1 }
                guard index < entries.count else {
                    problems.append("libarchive reads an entry \(index + 1) (\(info.path)) that the archive's structure does not hold")
                    break
                }
                let e = entries[index]
                if info.path != e.path { problems.append("entry \(index + 1): libarchive reads the name \(info.path), not \(e.path)") }
                if info.kind != .file { problems.append("entry \(index + 1) (\(e.path)): libarchive reads a \(info.kind.rawValue), not a file") }
                if info.declaredSize != e.size {
                    problems.append("entry \(index + 1) (\(e.path)): libarchive reads \(info.declaredSize.map(String.init) ?? "no") bytes, not \(e.size)")
                }
                if info.mtime != e.mtime { problems.append("entry \(index + 1) (\(e.path)): libarchive reads another modification time") }
                if let expected = bytes(index) {
                    var got: [UInt8] = []
                    try reader.readData(limit: e.size + 1) { got += $0 }
                    if got != expected { problems.append("entry \(index + 1) (\(e.path)): libarchive reads other bytes") }
                } else {
                    try reader.skipData()
                }
                if problems.count >= 20 { break }
            }
            if index < entries.count, problems.isEmpty {
                problems.append("libarchive reads \(index) entries; the archive's structure holds \(entries.count)")
            }
            problems += reader.warnings.map { "libarchive warns: \($0)" }
        } catch {
            problems.append("libarchive cannot read it: \(error)")
        }
        return problems
    }
}
