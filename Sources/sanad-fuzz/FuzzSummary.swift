import Foundation
import SanadModel

/// The result of a run: per-parser statistics and every finding, printed as a table or, with
/// `--json`, as one JSON object (docs/FUZZING.md §3).
struct FuzzSummary {
    let seed: UInt64
    let seconds: Double
    let corpus: String
    var stats: [String: ParserStats] = [:]
    var findings: [Finding] = []
    /// Findings beyond the listed ones, by `parser property`.
    var unlisted: [String: Int] = [:]
    var inputsPerPhase: [String: Int] = [:]

    var failed: Bool {
        findings.contains(where: \.failsTheRun) || unlisted.keys.contains { !$0.hasSuffix(" superlinear") }
    }

    /// Each worker lists a few findings per parser and property; over a run, this many are kept.
    static let listedPerKind = 20

    mutating func add(_ report: JSONValue) {
        for (parser, s) in report["stats"]?.objectValue ?? [:] {
            stats[parser, default: ParserStats()].merge(ParserStats(json: s))
        }
        for finding in (report["findings"]?.arrayValue ?? []).compactMap(Finding.init(json:)) {
            let key = "\(finding.parser) \(finding.kind.rawValue)"
            if findings.filter({ "\($0.parser) \($0.kind.rawValue)" == key }).count < Self.listedPerKind {
                findings.append(finding)
            } else {
                unlisted[key, default: 0] += 1
            }
        }
        for (key, n) in report["unlisted"]?.objectValue ?? [:] {
            unlisted[key, default: 0] += Int(clamping: n.intValue ?? 0)
        }
    }

    var json: JSONValue {
        .object([
            "seed": .string(String(seed)), "seconds": .double(seconds), "corpus": .string(corpus),
            "ok": .bool(!failed), "parsers": .object(stats.mapValues(\.json)),
            "inputs_per_phase": .object(inputsPerPhase.mapValues { .int(Int64($0)) }),
            "findings": .array(findings.map(\.json)),
            "unlisted_findings": .object(unlisted.mapValues { .int(Int64($0)) }),
        ])
    }

    var table: String {
        var out = "sanad-fuzz: seed \(seed), \(Int(seconds)) s, corpus \(corpus)\n"
        let header = ["parser", "inputs", "MiB", "events", "unparsed", "recognized", "max s", "errors"]
        var rows = [header]
        for name in stats.keys.sorted() {
            let s = stats[name] ?? ParserStats()
            let errors = s.errors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            rows.append([
                name, String(s.inputs), String(format: "%.1f", Double(s.bytes) / 1_048_576), String(s.events),
                String(s.unparsed), String(s.recognized), String(format: "%.3f", s.maxSeconds), errors,
            ])
        }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        for row in rows {
            out +=
                row.enumerated().map { c, cell in cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
                .joined(separator: "  ") + "\n"
        }
        for name in stats.keys.sorted() {
            if let slow = stats[name]?.slowest { out += "slowest for \(name): \(slow)\n" }
        }
        for f in findings {
            out += "\(f.kind.rawValue): \(f.parser) on \(f.phase)#\(f.index): \(f.details.joined(separator: "; "))\n"
            if let file = f.file { out += "  saved: \(file)\n  replay: \(f.replayCommand(file))\n" }
        }
        for (key, n) in unlisted.sorted(by: { $0.key < $1.key }) { out += "and \(n) more: \(key)\n" }
        out +=
            failed
            ? "FAILED: \(findings.filter(\.failsTheRun).count) findings\n" : "ok: no crash, hang or broken property\n"
        return out
    }
}
