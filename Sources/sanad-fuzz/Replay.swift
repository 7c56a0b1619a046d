import Foundation
import SanadFuzz
import SanadModel
import SanadTimeline

/// `--replay FILE`: every check on one saved input, in this process, with the context and chunk
/// size of its `.json` note. A crash crashes it and a hang hangs it: that is the reproduction,
/// under a debugger if need be.
struct Replay {
    let path: String
    let parsers: [any TimelineParser.Type]

    func run() throws(SanadError) -> (violations: [Violation], json: JSONValue) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SanadError(.pathNotFound, "\(path) cannot be read", hint: "Give a file saved by sanad-fuzz in --out.")
        }
        let notePath = URL(fileURLWithPath: path).deletingPathExtension().appendingPathExtension("json").path
        let note = FileManager.default.contents(atPath: notePath).flatMap { try? JSONParser.parse(Array($0)) }
        let input = FuzzCase(bytes: Array(data), json: note?["case"])
        let checker = PropertyChecker()
        var violations = checker.checkRegistry(input)
        var results: [String: JSONValue] = [:]
        for type in parsers {
            let report = checker.check(type, input)
            var found = report.violations
            if let slow = checker.checkScaling(type, input) { found.append(slow) }
            violations += found.map { Violation($0.property, "\(type.name): \($0.detail)") }
            results[type.name] = .object([
                "events": .int(Int64(report.events)), "unparsed": .int(Int64(report.unparsed)),
                "error": .optional(report.errorCode?.rawValue), "seconds": .double(report.seconds),
                "violations": .array(found.map { .string($0.description) }),
            ])
        }
        return (
            violations,
            .object([
                "file": .string(path), "size": .int(Int64(data.count)), "parsers": .object(results),
                "context": ContextFile.json(input.context), "chunk_size": .int(Int64(input.chunkSize)),
            ])
        )
    }
}
