import SanadFuzz
import SanadModel

/// What one parser did over a run: the `--json` summary's entry for it.
struct ParserStats {
    var inputs = 0
    var bytes = 0
    var events = 0
    var unparsed = 0
    /// Inputs the registry gave to this parser.
    var recognized = 0
    var errors: [String: Int] = [:]
    var maxSeconds = 0.0
    /// Which input took `maxSeconds`: `phase#index (size bytes)`.
    var slowest: String?

    mutating func add(_ report: CheckReport, input: String) {
        inputs += 1
        events += report.events
        unparsed += report.unparsed
        if let code = report.errorCode { errors[code.rawValue, default: 0] += 1 }
        if report.seconds > maxSeconds {
            maxSeconds = report.seconds
            slowest = input
        }
    }

    mutating func merge(_ other: ParserStats) {
        inputs += other.inputs
        bytes += other.bytes
        events += other.events
        unparsed += other.unparsed
        recognized += other.recognized
        errors.merge(other.errors, uniquingKeysWith: +)
        if other.maxSeconds > maxSeconds {
            maxSeconds = other.maxSeconds
            slowest = other.slowest
        }
    }

    var json: JSONValue {
        .object([
            "inputs": .int(Int64(inputs)), "bytes": .int(Int64(bytes)), "events": .int(Int64(events)),
            "unparsed": .int(Int64(unparsed)), "recognized": .int(Int64(recognized)),
            "errors": .object(errors.mapValues { .int(Int64($0)) }),
            "max_seconds": .double((maxSeconds * 1000).rounded() / 1000), "slowest_input": .optional(slowest),
        ])
    }

    init() {}

    init(json: JSONValue) {
        func int(_ key: String) -> Int { Int(clamping: json[key]?.intValue ?? 0) }
        inputs = int("inputs")
        bytes = int("bytes")
        events = int("events")
        unparsed = int("unparsed")
        recognized = int("recognized")
        for (code, n) in json["errors"]?.objectValue ?? [:] { errors[code] = Int(clamping: n.intValue ?? 0) }
        switch json["max_seconds"] {
        case .double(let d): maxSeconds = d
        case .int(let i): maxSeconds = Double(i)
        default: break
        }
        slowest = json["slowest_input"]?.stringValue
    }
}
