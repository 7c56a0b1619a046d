/// A stable, human-friendly exhibit number: `E0001` for an item, `E0001.3` for the third
/// member of an archive item. Numbers are never reused.
public struct ExhibitID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let number: Int
    public let member: Int?

    public init(number: Int, member: Int? = nil) {
        self.number = number
        self.member = member
    }

    /// Only the canonical spelling (`description`'s): four digits or more without a leading
    /// zero beyond the padding, and a member without one. Read from the text's bytes: a
    /// verifier parses one per entry, of 100,000.
    public init?(_ text: String) {
        var text = text
        guard let (n, m) = text.withUTF8({ Self.parse($0) }) else { return nil }
        number = n
        member = m
    }

    private static func parse(_ b: UnsafeBufferPointer<UInt8>) -> (Int, Int?)? {
        guard b.count >= 5, b[0] == UInt8(ascii: "E") else { return nil }
        func digits(from start: Int) -> (value: Int, end: Int)? {
            var i = start, v = 0
            while i < b.count, b[i] != UInt8(ascii: ".") {
                guard (0x30...0x39).contains(b[i]), i - start < 18 else { return nil }
                v = v * 10 + Int(b[i] - 0x30)
                i += 1
            }
            return (v, i)
        }
        guard let (n, end) = digits(from: 1), n > 0, end - 1 >= 4, end - 1 == 4 || b[1] != 0x30 else { return nil }
        guard end < b.count else { return (n, nil) }
        guard let (m, mEnd) = digits(from: end + 1), mEnd == b.count, mEnd > end + 1, b[end + 1] != 0x30 else {
            return nil
        }
        return (n, m)
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
