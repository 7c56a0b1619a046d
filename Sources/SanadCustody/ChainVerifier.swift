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

    public static func verify(_ contents: CustodyLogFile.Contents) -> Result {
        var result = Result()
        var prevDigest = CustodyEntry.genesisPrev
        var syntaxOK = true
        var firstBreak: Report.Check?
        var lastTime = ""
        var outOfOrder: [String] = []

        for line in contents.lines {
            let subject = "line \(line.number)"
            let digest = MessageDigest.sha256Hex(line.bytes)
            defer { prevDigest = digest }
            let value: JSONValue
            do { value = try JSONParser.parse(line.bytes) } catch {
                syntaxOK = false
                result.report.add(.init("custody-syntax", .fail, "\(subject) is not valid JSON: \(error.reason)", subject: subject))
                continue
            }
            if CanonicalJSON.encode(value) != line.bytes {
                syntaxOK = false
                result.report.add(.init("custody-syntax", .fail, "\(subject) is not in RFC 8785 canonical form (it was edited by hand or by another tool)", subject: subject))
            }
            let entry: CustodyEntry
            switch CustodyEntry.decode(value) {
            case .success(let e): entry = e
            case .failure(let why):
                syntaxOK = false
                result.report.add(.init("custody-syntax", .fail, "\(subject) is not a custody entry: \(why.message)", subject: subject))
                continue
            }
            result.entries.append(entry)
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
        result.head = contents.lines.last.map { MessageDigest.sha256Hex($0.bytes) } ?? CustodyEntry.genesisPrev

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
        return result
    }
}
