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

    /// What one line says on its own: its digest, and its entry or why it is none.
    private struct LineCheck<Derived> {
        var digest = ""
        var entry: CustodyEntry?
        var derived: Derived?
        var notJSON: String?
        var canonical = true
        var notEntry: String?
    }

    /// The members of an entry's `details`, in order.
    public typealias Details = [(key: String, value: JSONValue)]

    private static func check<Derived>(_ line: CustodyLogFile.Line, keepDetails: Bool,
                                       derive: (CustodyEntry, Details) -> Derived?) -> LineCheck<Derived>
    {
        var c = LineCheck<Derived>()
        c.digest = MessageDigest.sha256Hex(line.bytes)
        let decoded: Swift.Result<CustodyEntry, SanadError>
        var details: Details?
        do {
            // A line the one-pass check finds canonical (all of Sanad's own) has each member
            // once, so they are read in order, with no dictionary built and no re-encoding.
            // Without `keepDetails`, its details are read as a list too, only to derive from.
            if CanonicalJSON.isCanonical(line.bytes),
               let read = try line.bytes.withUnsafeBufferPointer({ b throws(JSONParser.Failure) in
                   try JSONParser.membersInOrder(ofCanonical: b, deferring: keepDetails ? nil : "details")
               }) {
                decoded = CustodyEntry.decode(members: read.members)
                if let range = read.deferred {
                    details = try line.bytes.withUnsafeBufferPointer { b throws(JSONParser.Failure) in
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
            return c
        }
        switch decoded {
        case .success(var e):
            c.derived = derive(e, details ?? e.details.objectValue.map { $0.map { ($0.key, $0.value) } } ?? [])
            // The chain needs only the envelope; a large log's details are most of its memory.
            if !keepDetails { e.details = .null }
            c.entry = e
        case .failure(let why): c.notEntry = why.message
        }
        return c
    }

    public static func verify(_ contents: CustodyLogFile.Contents) -> Result {
        verify(contents, keepingEntries: true) { _, _ in Never?.none }.0
    }

    /// Checks the log and derives something from each entry that decodes (an item, say) and the
    /// members of its `details`, on every core, in file order. Without `keepingEntries`, the
    /// result's `entries` stay empty and no entry's details are kept or even built as a tree: a
    /// verifier of 100,000 entries needs their items, not the entries.
    public static func verify<Derived>(_ contents: CustodyLogFile.Contents, keepingEntries: Bool,
                                       deriving derive: (CustodyEntry, Details) -> Derived?) -> (Result, [Derived])
    {
        var result = Result()
        var derived: [Derived] = []
        var prevDigest = CustodyEntry.genesisPrev
        var syntaxOK = true
        var firstBreak: Report.Check?
        var lastTime = ""
        var outOfOrder: [String] = []

        // Each line is read on its own first, on every core (a large case has 100,000 lines);
        // the chain is then followed in order.
        let lines = contents.lines
        var checks = [LineCheck<Derived>](repeating: LineCheck(), count: lines.count)
        let parts = lines.count >= 4096 ? 8 : 1
        checks.withUnsafeMutableBufferPointer { out in
            let base = out.baseAddress!
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                for i in (p * lines.count / parts)..<((p + 1) * lines.count / parts) {
                    (base + i).pointee = check(lines[i], keepDetails: keepingEntries, derive: derive)
                }
            }
        }

        for (line, c) in zip(lines, checks) {
            let subject = "line \(line.number)"
            let digest = c.digest
            defer { prevDigest = digest }
            if let reason = c.notJSON {
                syntaxOK = false
                result.report.add(.init("custody-syntax", .fail, "\(subject) is not valid JSON: \(reason)", subject: subject))
                continue
            }
            if !c.canonical {
                syntaxOK = false
                result.report.add(.init("custody-syntax", .fail, "\(subject) is not in RFC 8785 canonical form (it was edited by hand or by another tool)", subject: subject))
            }
            guard let entry = c.entry else {
                syntaxOK = false
                result.report.add(.init("custody-syntax", .fail, "\(subject) is not a custody entry: \(c.notEntry ?? "?")", subject: subject))
                continue
            }
            if keepingEntries { result.entries.append(entry) }
            if let d = c.derived { derived.append(d) }
            let expectedSeq = Int64(line.number - 1)
            if firstBreak == nil, entry.prev != prevDigest {
                let what = line.number == 1
                    ? "the first entry's prev is not the genesis value"
                    : "entry seq \(entry.seq) (\(subject)) does not chain to line \(line.number - 1): line \(line.number - 1) was changed, or entries were removed or reordered"
                firstBreak = .init("custody-chain", .fail, what, subject: "seq \(entry.seq)")
            } else if firstBreak == nil, entry.seq != expectedSeq {
                firstBreak = .init("custody-chain", .fail, "\(subject) has seq \(entry.seq), expected \(expectedSeq)", subject: "seq \(entry.seq)")
            }
            if line.number == 1, entry.action != .caseCreated {
                result.report.add(.init("custody-chain", .fail, "the log does not start with case-created", subject: subject))
            }
            if entry.time < lastTime { outOfOrder.append("seq \(entry.seq)") }
            lastTime = max(lastTime, entry.time)
            if entry.sig != nil {
                result.report.add(.init("custody-signature", .warn, "seq \(entry.seq) carries a signature that this version does not check yet", subject: "seq \(entry.seq)"))
            }
        }
        result.head = checks.last?.digest ?? CustodyEntry.genesisPrev

        if syntaxOK {
            result.report.add(.init("custody-syntax", .pass, "\(contents.lines.count) entries, each valid canonical JSON"))
        }
        if contents.lines.isEmpty {
            result.report.add(.init("custody-chain", .fail, "the custody log is empty"))
        } else if let firstBreak {
            result.report.add(firstBreak)
        } else {
            result.report.add(.init("custody-chain", .pass, "\(contents.lines.count) entries chained without a break; head \(result.head)"))
        }
        if !outOfOrder.isEmpty {
            result.report.add(.init("custody-time-order", .warn, "entry times go backwards at \(outOfOrder.prefix(5).joined(separator: ", ")) (a clock was changed?)"))
        }
        if contents.tornTailOffset != nil {
            result.report.add(.init("custody-tail", .warn, "the log ends in an unfinished line from an interrupted write; it was never committed and the next write command removes it"))
        }
        return (result, derived)
    }
}
