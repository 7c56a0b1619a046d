/// A stable, human-friendly exhibit number: `E0001` for an item, `E0001.3` for the third
/// member of an archive item. Numbers are never reused.
public struct ExhibitID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let number: Int
    public let member: Int?

    public init(number: Int, member: Int? = nil) {
        self.number = number
        self.member = member
    }

    public init?(_ text: String) {
        guard text.first == "E" else { return nil }
        let parts = text.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts[0].count >= 4, parts[0].allSatisfy(\.isASCII), let n = Int(parts[0]), n > 0 else {
            return nil
        }
        guard String(format4(n)) == parts[0] || parts[0].count > 4 else { return nil }
        number = n
        if parts.count == 2 {
            guard let m = Int(parts[1]), m > 0, String(m) == parts[1] else { return nil }
            member = m
        } else {
            member = nil
        }
    }

    public var description: String {
        let base = "E" + format4(number)
        return member.map { "\(base).\($0)" } ?? base
    }

    public func child(_ index: Int) -> ExhibitID { ExhibitID(number: number, member: index) }

    public static func < (a: ExhibitID, b: ExhibitID) -> Bool {
        (a.number, a.member ?? 0) < (b.number, b.member ?? 0)
    }
}

private func format4(_ n: Int) -> String {
    let s = String(n)
    return s.count >= 4 ? s : String(repeating: "0", count: 4 - s.count) + s
}
