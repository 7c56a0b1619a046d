import Dispatch
import SanadCrypto
import SanadModel

/// Rechecks a custody log from its raw bytes: syntax, canonical form, sequence and hash chain.
/// Collects every discrepancy and reports them; never throws.
public enum ChainVerifier {
    public struct Result: Sendable {
        public var report = Report()
        /// Entries that decoded, in file order (including any after a break).
        public var entries: [CustodyEntry] = []
        /// SHA-256 of the last complete line.
        public var head = CustodyEntry.genesisPrev
    }

    /// What one line says on its own: its digest, what the chain needs of its entry, or why
    /// it is none. Small on purpose: a large log has 100,000 of them.
    private struct LineCheck {
        var digest = ""
        var decoded = false
        var seq: Int64 = 0
        var prev = ""
        var time = ""
        var caseCreated = false
        var signed = false
        var notJSON: String?
        var canonical = true
        var notEntry: String?
    }

    /// The lines of one part of the log, read on one core: their checks, and the entries kept
    /// and values derived from the lines that decode, in order.
    private struct Part<Derived> {
        var checks: [LineCheck] = []
        var entries: [CustodyEntry] = []
        var derived: [Derived] = []
    }

    /// The members of an entry's `details`, in order.
    public typealias Details = [(key: String, value: JSONValue)]

    private static func check<Derived>(
        _ line: CustodyLogFile.Line, keepDetails: Bool, digest: MessageDigest?,
        derive: (CustodyEntry, Details) -> Derived?, into part: inout Part<Derived>
    ) {
        var c = LineCheck()
        if let digest {
            digest.reset()
            line.bytes.withUnsafeBytes { digest.update($0) }
            c.digest = digest.finalizeHex()
        } else {
            c.digest = MessageDigest.sha256Hex(line.bytes)
        }
        let decoded: Swift.Result<CustodyEntry, SanadError>
        var details: Details?
        do {
            // A line the one-pass check finds canonical (all of Sanad's own) has each member
            // once, so they are read in order, with no dictionary built and no re-encoding.
            // Without `keepDetails`, its details are read as a list too, only to derive from.
            if CanonicalJSON.isCanonical(line.bytes),
                let read = try line.bytes.withUnsafeBufferPointer({ b throws(JSONParser.Failure) in
                    try JSONParser.membersInOrder(ofCanonical: b, deferring: keepDetails ? nil : "details")
                })
            {
                decoded = CustodyEntry.decode(members: read.members)
                if let range = read.deferred {
                    details =
                        try line.bytes.withUnsafeBufferPointer { b throws(JSONParser.Failure) in
                            try JSONParser.membersInOrder(ofCanonical: UnsafeBufferPointer(rebasing: b[range]))
                        } ?? []
                }
            } else {
                let value = try JSONParser.parse(line.bytes)
                c.canonical = CanonicalJSON.encode(value).elementsEqual(line.bytes)
                decoded = CustodyEntry.decode(value)
            }
        } catch {
            c.notJSON = error.reason
            part.checks.append(c)
            return
        }
        switch decoded {
        case .success(let e):
            if let d = derive(e, details ?? e.details.objectValue.map { $0.map { ($0.key, $0.value) } } ?? []) {
                part.derived.append(d)
            }
            (c.decoded, c.seq, c.prev, c.time) = (true, e.seq, e.prev, e.time)
            (c.caseCreated, c.signed) = (e.action == .caseCreated, e.sig != nil)
            // The chain needs only the envelope; a large log's entries are most of its memory.
            if keepDetails { part.entries.append(e) }
        case .failure(let why): c.notEntry = why.message
        }
        part.checks.append(c)
    }

    public static func verify(_ contents: CustodyLogFile.Contents) -> Result {
        verify(contents, keepingEntries: true) { _, _ in Never?.none }.0
    }

    /// Checks the log and derives something from each entry that decodes (an item, say) and the
    /// members of its `details`, on every core, in file order. Without `keepingEntries`, the
    /// result's `entries` stay empty and no entry's details are kept or even built as a tree: a
    /// verifier of 100,000 entries needs their items, not the entries.
    public static func verify<Derived>(
        _ contents: CustodyLogFile.Contents, keepingEntries: Bool,
        deriving derive: (CustodyEntry, Details) -> Derived?
    ) -> (Result, [Derived]) {
        // Each line is read on its own first, on every core (a large case has 100,000 lines);
        // the chain is then followed in order.
        let lines = contents.lines
        let parts = readParts(lines, keepingEntries: keepingEntries, derive: derive)
        var walk = ChainWalk()
        var index = 0
        for p in parts.indices {
            for k in parts[p].checks.indices {
                walk.step(parts[p].checks[k], number: lines[index].number)
                index += 1
            }
        }
        var result = Result()
        var derived: [Derived] = []
        result.head = index > 0 ? walk.prevDigest : CustodyEntry.genesisPrev
        if parts.count == 1 {
            derived = parts[0].derived
            result.entries = parts[0].entries
        } else {
            derived.reserveCapacity(parts.reduce(0) { $0 + $1.derived.count })
            for p in parts.indices { derived.append(contentsOf: parts[p].derived) }
            if keepingEntries {
                result.entries.reserveCapacity(parts.reduce(0) { $0 + $1.entries.count })
                for p in parts.indices { result.entries.append(contentsOf: parts[p].entries) }
            }
        }
        // A large log's checks are freed on the side.
        BackgroundRelease.release(parts)
        walk.finish(lines: lines.count, tornTail: contents.tornTailOffset != nil, head: result.head)
        result.report = walk.report
        return (result, derived)
    }

    /// Every line read on its own, in eight parts on every core for a large log.
    private static func readParts<Derived>(
        _ lines: [CustodyLogFile.Line], keepingEntries: Bool, derive: (CustodyEntry, Details) -> Derived?
    ) -> [Part<Derived>] {
        let count = lines.count >= 4096 ? 8 : 1
        var parts = [Part<Derived>](repeating: Part(), count: count)
        parts.withUnsafeMutableBufferPointer { out in
            let base = out.baseAddress!
            DispatchQueue.concurrentPerform(iterations: count) { p in
                let range = (p * lines.count / count)..<((p + 1) * lines.count / count)
                var part = Part<Derived>()
                part.checks.reserveCapacity(range.count)
                // One context per part, reset per line: creating one per line costs more than
                // hashing a short line.
                let digest = try? MessageDigest(.sha256)
                for i in range {
                    check(lines[i], keepDetails: keepingEntries, digest: digest, derive: derive, into: &part)
                }
                (base + p).pointee = part
            }
        }
        return parts
    }

    /// The chain followed line by line, in file order, once every line was read on its own.
    private struct ChainWalk {
        var report = Report()
        var prevDigest = CustodyEntry.genesisPrev
        var syntaxOK = true
        var firstBreak: Report.Check?
        var lastTime = ""
        var outOfOrder: [String] = []

        mutating func step(_ c: LineCheck, number: Int) {
            defer { prevDigest = c.digest }
            if let reason = c.notJSON {
                syntaxOK = false
                report.add(
                    .init(
                        .custodySyntax, .fail, "line \(number) is not valid JSON: \(reason)", subject: "line \(number)")
                )
                return
            }
            if !c.canonical {
                syntaxOK = false
                report.add(
                    .init(
                        .custodySyntax, .fail,
                        "line \(number) is not in RFC 8785 canonical form (it was edited by hand or by another tool)",
                        subject: "line \(number)"))
            }
            guard c.decoded else {
                syntaxOK = false
                report.add(
                    .init(
                        .custodySyntax, .fail, "line \(number) is not a custody entry: \(c.notEntry ?? "?")",
                        subject: "line \(number)"))
                return
            }
            let seq = c.seq
            let expectedSeq = Int64(number - 1)
            if firstBreak == nil, c.prev != prevDigest {
                let what =
                    number == 1
                    ? "the first entry's prev is not the genesis value"
                    : "entry seq \(seq) (line \(number)) does not chain to line \(number - 1): line "
                        + "\(number - 1) was changed, or entries were removed or reordered"
                firstBreak = .init(.custodyChain, .fail, what, subject: "seq \(seq)")
            } else if firstBreak == nil, seq != expectedSeq {
                firstBreak = .init(
                    .custodyChain, .fail, "line \(number) has seq \(seq), expected \(expectedSeq)",
                    subject: "seq \(seq)")
            }
            if number == 1, !c.caseCreated {
                report.add(
                    .init(.custodyChain, .fail, "the log does not start with case-created", subject: "line \(number)"))
            }
            if c.time < lastTime {
                outOfOrder.append("seq \(seq)")
            } else {
                lastTime = c.time
            }
        }

        /// The checks that sum up the whole log.
        mutating func finish(lines: Int, tornTail: Bool, head: String) {
            if syntaxOK { report.add(.init(.custodySyntax, .pass, "\(lines) entries, each valid canonical JSON")) }
            if lines == 0 {
                report.add(.init(.custodyChain, .fail, "the custody log is empty"))
            } else if let firstBreak {
                report.add(firstBreak)
            } else {
                report.add(.init(.custodyChain, .pass, "\(lines) entries chained without a break; head \(head)"))
            }
            if !outOfOrder.isEmpty {
                report.add(
                    .init(
                        .custodyTimeOrder, .warn,
                        "entry times go backwards at \(outOfOrder.prefix(5).joined(separator: ", ")) "
                            + "(a clock was changed?)"
                    ))
            }
            if tornTail {
                report.add(
                    .init(
                        .custodyTail, .warn,
                        "the log ends in an unfinished line from an interrupted write; it was never committed and the "
                            + "next write command removes it"))
            }
        }
    }
}
