import Foundation
import SanadFuzz
import SanadModel
import SanadTimeline

/// `sanad-fuzz`: the property-based fuzzer of every timeline parser (docs/FUZZING.md).
/// Exit status: 0 no crash, hang or broken property; 1 a finding; 2 an input or I/O error; 64 usage.
func fail(_ error: SanadError) -> Never {
    FileHandle.standardError.write(Data("sanad-fuzz: error: \(error.message)\n".utf8))
    if let hint = error.hint { FileHandle.standardError.write(Data("hint: \(hint)\n".utf8)) }
    if error.code == .usage { FileHandle.standardError.write(Data((FuzzArguments.usage + "\n").utf8)) }
    exit(error.code == .usage ? 64 : 2)
}

func selectedParsers(_ name: String?) throws(SanadError) -> [any TimelineParser.Type] {
    guard let name else { return ParserRegistry.parsers }
    guard let type = ParserRegistry.parser(named: name) else {
        throw SanadError(
            .usage, "no parser is named \(name)",
            hint: "Parsers: \(ParserRegistry.parsers.map { $0.name }.joined(separator: ", ")).")
    }
    return [type]
}

func main() throws(SanadError) -> Int32 {
    let arguments = try FuzzArguments(Array(CommandLine.arguments.dropFirst()))
    if arguments.help {
        print(FuzzArguments.usage)
        return 0
    }
    let parsers = try selectedParsers(arguments.parser)
    if let path = arguments.replay {
        let (violations, json) = try Replay(path: path, parsers: parsers).run()
        if arguments.json {
            print(CanonicalJSON.string(json))
        } else {
            for v in violations { print(v) }
            print(violations.isEmpty ? "ok: every property holds" : "\(violations.count) properties broken")
        }
        return violations.contains { $0.property != "superlinear" } ? 1 : 0
    }
    do {
        try FileManager.default.createDirectory(atPath: arguments.out, withIntermediateDirectories: true)
    } catch {
        throw SanadError(.ioError, "cannot create \(arguments.out): \(error)")
    }
    let seed = arguments.seed ?? UInt64(Date().timeIntervalSince1970 * 1000)
    if arguments.worker {
        guard let phase = arguments.phase else { throw SanadError(.usage, "--worker needs --phase") }
        let corpus = try SeedCorpus(directory: arguments.corpus)
        try Worker(arguments: arguments, seed: seed, phase: phase, parsers: parsers, corpus: corpus).run()
    }
    _ = try SeedCorpus(directory: arguments.corpus)  // fail here, not in every worker
    let summary = try Supervisor(arguments: arguments, seed: seed, phases: parsers.map { $0.name }).run()
    if arguments.json {
        print(String(decoding: CanonicalJSON.encodePretty(summary.json), as: UTF8.self))
    } else {
        print(summary.table, terminator: "")
    }
    return summary.failed ? 1 : 0
}

do {
    exit(try main())
} catch {
    fail(error)
}
