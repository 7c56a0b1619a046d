/// Turns a seed into a malformed near-copy of it, one named mutation at a time, so that a
/// failure report says what was done to the seed (`truncate-in-utf8`, `splice`…).
///
/// Most mutations are small and keep most of the seed's structure, which is what reaches deep
/// into a parser; a few are large (a 2 MiB line, 100,000 nested `[`), rarely, because they are
/// slow to parse and one of each per few hundred inputs finds what they can find.
public struct Mutator {
    /// Mutants are cut to this size: bigger inputs only slow the run.
    public static let maxBytes = 4 << 20

    public typealias Operation = (inout [UInt8], inout FuzzRandom, [UInt8]) -> Void

    /// Every mutation, by name, with its weight.
    static let operations: [(name: String, weight: Int, apply: Operation)] = [
        (
            "flip-bit", 6,
            { b, r, _ in
                guard !b.isEmpty else { return }
                b[r.below(b.count)] ^= UInt8(1) << UInt8(r.below(8))
            }
        ),
        (
            "set-byte", 5,
            { b, r, _ in
                guard !b.isEmpty else { return }
                b[r.below(b.count)] = r.pick([
                    0x00, 0xFF, 0x7F, 0x80, 0xC0, 0x0A, 0x0D, 0x22, 0x5B, 0x7B, 0x3C, 0x26, 0x3A, 0x20,
                ])
            }
        ),
        ("truncate", 3, { b, r, _ in b.removeSubrange(r.below(b.count + 1)...) }),
        (
            "truncate-in-utf8", 3,
            { b, r, _ in
                let leads = Mutator.positions(in: b, &r) { $0 >= 0xC2 && $0 <= 0xF4 }
                guard !leads.isEmpty else { return }
                let lead = r.pick(leads)
                let end = min(b.count, lead + 1 + r.below(3))
                b.removeSubrange(end...)
            }
        ),
        (
            "truncate-in-crlf", 3,
            { b, r, _ in
                let crs = Mutator.positions(in: b, &r) { $0 == 0x0D }
                guard !crs.isEmpty else { return }
                b.removeSubrange((r.pick(crs) + 1)...)
            }
        ),
        (
            "truncate-at-line", 2,
            { b, r, _ in
                let lfs = Mutator.positions(in: b, &r) { $0 == 0x0A }
                guard !lfs.isEmpty else { return }
                b.removeSubrange((r.pick(lfs) + r.below(2))...)
            }
        ),
        (
            "erase-range", 4,
            { b, r, _ in
                guard !b.isEmpty else { return }
                let start = r.below(b.count)
                b.removeSubrange(start..<min(b.count, start + 1 + r.below(64)))
            }
        ),
        (
            "repeat-range", 2,
            { b, r, _ in
                guard !b.isEmpty else { return }
                let start = r.below(b.count)
                let piece = Array(b[start..<min(b.count, start + 1 + r.below(256))])
                var copies: [UInt8] = []
                for _ in 0..<r.within(1...16) { copies += piece }
                b.insert(contentsOf: copies, at: start)
            }
        ),
        (
            "splice", 4,
            { b, r, other in
                let cut = r.below(b.count + 1)
                let from = r.below(other.count + 1)
                b = Array(b[..<cut]) + other[from...]
            }
        ),
        (
            "duplicate-line", 4,
            { b, r, _ in
                var lines = Mutator.lines(b)
                guard !lines.isEmpty else { return }
                let i = r.below(lines.count)
                lines.insert(lines[i], at: r.below(lines.count + 1))
                b = lines.flatMap { $0 }
            }
        ),
        (
            "delete-line", 4,
            { b, r, _ in
                var lines = Mutator.lines(b)
                guard !lines.isEmpty else { return }
                lines.remove(at: r.below(lines.count))
                b = lines.flatMap { $0 }
            }
        ),
        (
            "shuffle-lines", 3,
            { b, r, _ in
                var lines = Mutator.lines(b)
                guard lines.count > 1 else { return }
                let start = r.below(lines.count)
                let end = min(lines.count, start + r.within(2...20))
                for i in stride(from: end - 1, to: start, by: -1) { lines.swapAt(i, start + r.below(i - start + 1)) }
                b = lines.flatMap { $0 }
            }
        ),
        (
            "insert-token", 10,
            { b, r, _ in
                let token = r.pick(MutationTokens.all)
                b.insert(contentsOf: token, at: Mutator.insertionPoint(b, &r))
            }
        ),
        (
            "replace-number", 5,
            { b, r, _ in
                let digits = Mutator.positions(in: b, &r) { $0 >= 0x30 && $0 <= 0x39 }
                guard !digits.isEmpty else { return }
                var start = r.pick(digits), end = start
                while start > 0, b[start - 1] >= 0x30, b[start - 1] <= 0x39 { start -= 1 }
                while end < b.count, b[end] >= 0x30, b[end] <= 0x39 { end += 1 }
                b.replaceSubrange(start..<end, with: Array(r.pick(MutationTokens.numbers).utf8))
            }
        ),
        (
            "replace-string", 3,
            { b, r, _ in
                // A JSON or XML string value becomes another type, or an impossible escape.
                let quotes = Mutator.positions(in: b, &r) { $0 == 0x22 }.sorted()
                guard quotes.count >= 2 else { return }
                let k = r.below(quotes.count - 1)
                let replacement = r.pick(["null", "1e999", "[]", "{}", "\"\\ud800\"", "\"\\u00\"", "\"", "-1", "true"])
                b.replaceSubrange(quotes[k]...quotes[k + 1], with: Array(replacement.utf8))
            }
        ),
        (
            "line-breaks", 2,
            { b, r, _ in
                // CRLF framing changed in a region: LF to CRLF, CRLF to LF, or a bare CR.
                guard !b.isEmpty else { return }
                let start = r.below(b.count)
                let end = min(b.count, start + r.within(1...4096))
                var region: [UInt8] = []
                switch r.below(3) {
                case 0: for x in b[start..<end] { if x == 0x0A { region.append(0x0D) }; region.append(x) }
                case 1: region = b[start..<end].filter { $0 != 0x0D }
                default: region = b[start..<end].map { $0 == 0x0A ? 0x0D : $0 }
                }
                b.replaceSubrange(start..<end, with: region)
            }
        ),
        (
            "long-line", 1,
            { b, r, _ in
                // Past the 1 MiB line limit sometimes, just under it more often.
                let unit: [UInt8] = r.pick([[0x61], [0xD8, 0xB3], [0xF0, 0x9F, 0x98, 0x80], [0x20], [0x5B], [0x22]])
                let count = r.oneIn(4) ? (1 << 20) / unit.count + r.below(1024) : r.within(1000...70_000)
                b.insert(contentsOf: Mutator.repeated(unit, count), at: Mutator.insertionPoint(b, &r))
            }
        ),
        (
            "deep-nesting", 1,
            { b, r, _ in
                let unit: [UInt8] = Array(r.pick(["[", "{\"a\":", "<div>", "<a><b>", "{\"text\":[", "&#"]).utf8)
                let count = r.oneIn(2) ? 100_000 : r.within(64...5000)
                b.insert(contentsOf: Mutator.repeated(unit, count), at: Mutator.insertionPoint(b, &r))
            }
        ),
    ]

    static let totalWeight = operations.reduce(0) { $0 + $1.weight }

    /// Applies one to eight mutations, rarely up to thirty-two; returns their names in order.
    public static func mutate(_ bytes: inout [UInt8], _ random: inout FuzzRandom, partner: [UInt8]) -> [String] {
        let count = random.oneIn(8) ? random.within(8...32) : random.within(1...8)
        var names: [String] = []
        for _ in 0..<count {
            var ticket = random.below(totalWeight)
            for op in operations {
                if ticket < op.weight {
                    op.apply(&bytes, &random, partner)
                    names.append(op.name)
                    break
                }
                ticket -= op.weight
            }
            if bytes.count > maxBytes { bytes.removeSubrange(maxBytes...) }
        }
        return names
    }

    /// Up to `limit` offsets whose byte satisfies `match`, found from a random point onwards
    /// (wrapping round), so that repeated mutations do not all hit the first ones.
    static func positions(in b: [UInt8], _ r: inout FuzzRandom, limit: Int = 64, _ match: (UInt8) -> Bool) -> [Int] {
        var found: [Int] = []
        let start = r.below(b.count)
        for i in b.indices {
            let k = (start + i) % b.count
            if match(b[k]) {
                found.append(k)
                if found.count == limit { break }
            }
        }
        return found
    }

    /// The input's lines, each with its LF; the last one without, if the input does not end in LF.
    static func lines(_ b: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = 0
        for (i, x) in b.enumerated() where x == 0x0A {
            lines.append(Array(b[start...i]))
            start = i + 1
        }
        if start < b.count { lines.append(Array(b[start...])) }
        return lines
    }

    /// `unit` `count` times, by doubling: a few copies of memory, not a million appends.
    static func repeated(_ unit: [UInt8], _ count: Int) -> [UInt8] {
        var run = unit
        while run.count < unit.count * count { run += run }
        return Array(run.prefix(unit.count * count))
    }

    /// Half the time the start of a line, where headers and records begin.
    static func insertionPoint(_ b: [UInt8], _ r: inout FuzzRandom) -> Int {
        let at = r.below(b.count + 1)
        guard r.oneIn(2) else { return at }
        var i = at
        while i > 0, b[i - 1] != 0x0A { i -= 1 }
        return i
    }
}
