import Dispatch
import Foundation
import SanadCrypto
import SanadFuzz
import SanadModel
import SanadTimeline

/// One batch of one phase, in a child process: inputs `start`, `start + 1`… of the phase until
/// the time is up, each through every parser, the registry and (one in eight) the scaling check.
/// Prints one JSON line for the supervisor: the stats, the findings and the next index. Exits 3
/// after a hang, since the hung thread cannot be stopped.
struct Worker {
    /// At most this many inputs are saved per parser and property in one batch; the rest are counted.
    static let savedPerProperty = 5
    /// Beyond this many findings per parser and property, they are only counted.
    static let listedPerProperty = 20
    static let hangExitCode: Int32 = 3

    let arguments: FuzzArguments
    let seed: UInt64
    let phase: String
    let parsers: [any TimelineParser.Type]
    let corpus: SeedCorpus

    func run() throws(SanadError) -> Never {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(arguments.seconds * 1e9)
        let current = try CurrentInput(directory: arguments.out)
        let watchdog = Watchdog(base: arguments.hangSeconds)
        let checker = PropertyChecker { label, bytes in
            current.step(label)
            watchdog.begin(label, bytes: bytes)
        }
        let generator = CaseGenerator(corpus: corpus, seed: seed)
        let target = ParserRegistry.parser(named: phase)
        var stats: [String: ParserStats] = [:]
        var findings: [Finding] = []
        var saved: [String: Int] = [:]
        var unlisted: [String: Int] = [:]
        var index = arguments.start
        while DispatchTime.now().uptimeNanoseconds < deadline {
            let input = generator.make(phase: phase, index: index)
            current.record(input, phase: phase, index: index, seed: seed)
            let sha = MessageDigest.sha256Hex(input.bytes)
            var reports: [CheckReport] = []
            var registry: [Violation] = []
            var scaling: Violation?
            let label = "\(phase)#\(index) (\(input.bytes.count) bytes)"
            let overrun = watchdog.run {
                registry = checker.checkRegistry(input)
                for type in parsers { reports.append(checker.check(type, input, sha256: sha)) }
                if index % 8 == 0, let target { scaling = checker.checkScaling(target, input) }
            }
            if let overrun {
                var all = findings
                all.append(hangFinding(overrun, input: input, index: index))
                Self.emit(stats: stats, findings: all, unlisted: unlisted, next: index + 1)
                exit(Self.hangExitCode)
            }
            let picked = ParserRegistry.parser(
                prefix: Array(input.bytes.prefix(ParserRegistry.prefixLength)),
                fileName: input.context.fileName)?.name
            for report in reports {
                stats[report.parser, default: ParserStats()].add(report, input: label)
                stats[report.parser, default: ParserStats()].bytes += input.bytes.count
                if picked == report.parser { stats[report.parser, default: ParserStats()].recognized += 1 }
            }
            var broken: [(parser: String, kind: Finding.Kind, violations: [Violation])] = reports.map {
                ($0.parser, .violation, $0.violations)
            }
            broken.append(("registry", .violation, registry))
            if let scaling { broken.append((phase, .superlinear, [scaling])) }
            for (parser, kind, violations) in broken where !violations.isEmpty {
                let finding = Finding(
                    kind: kind, parser: parser, phase: phase, index: index, seed: seed,
                    details: violations.map(\.description))
                keep(
                    finding, property: violations[0].property, input: input, findings: &findings, saved: &saved,
                    unlisted: &unlisted)
            }
            index += 1
        }
        Self.emit(stats: stats, findings: findings, unlisted: unlisted, next: index)
        exit(0)
    }

    /// A hang: the step still running, saved with its input.
    private func hangFinding(_ overrun: (step: String, seconds: Double), input: FuzzCase, index: Int) -> Finding {
        var hang = Finding(
            kind: .hang, parser: String(overrun.step.split(separator: " ").first ?? "?"), phase: phase,
            index: index, seed: seed, step: overrun.step,
            details: [
                "\(overrun.step) still running after \(Int(overrun.seconds)) s; the input has "
                    + "\(input.bytes.count) bytes"
            ])
        hang.save(input.bytes, caseJSON: input.json, in: arguments.out)
        return hang
    }

    /// Lists a finding, and saves its input, unless its parser and property were listed and
    /// saved often enough already (then it is only counted).
    private func keep(
        _ finding: Finding, property: String, input: FuzzCase, findings: inout [Finding], saved: inout [String: Int],
        unlisted: inout [String: Int]
    ) {
        var finding = finding
        let key = "\(finding.parser) \(property)"
        saved[key, default: 0] += 1
        if saved[key, default: 0] > Self.listedPerProperty {
            unlisted[key, default: 0] += 1
            return
        }
        if saved[key, default: 0] <= Self.savedPerProperty {
            finding.save(input.bytes, caseJSON: input.json, in: arguments.out)
        }
        findings.append(finding)
    }

    static func emit(stats: [String: ParserStats], findings: [Finding], unlisted: [String: Int], next: Int) {
        let report: JSONValue = .object([
            "next": .int(Int64(next)), "stats": .object(stats.mapValues(\.json)),
            "findings": .array(findings.map(\.json)),
            "unlisted": .object(unlisted.mapValues { .int(Int64($0)) }),
        ])
        FileHandle.standardOutput.write(Data(CanonicalJSON.encode(report) + [0x0A]))
    }
}
