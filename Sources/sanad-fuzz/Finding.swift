import Foundation
import SanadFuzz
import SanadModel
import SanadTimeline

/// A crash, a hang or a broken property, with the input saved where `--replay` can run it again.
struct Finding {
    enum Kind: String {
        case crash, hang, violation
        /// Slow growth: reported, but it does not fail the run (timing on a shared machine is noisy).
        case superlinear
    }

    var kind: Kind
    var parser: String
    var phase: String
    var index: Int
    var seed: UInt64
    /// The step that was running (`whatsapp-txt chunk 7`), for crashes and hangs.
    var step: String?
    var details: [String]
    /// The saved input, or nil when too many of its kind were saved already.
    var file: String?

    var failsTheRun: Bool { kind != .superlinear }

    var json: JSONValue {
        .object([
            "kind": .string(kind.rawValue), "parser": .string(parser), "phase": .string(phase),
            "index": .int(Int64(index)),
            "seed": .string(String(seed)), "step": .optional(step), "details": .array(details.map { .string($0) }),
            "file": .optional(file), "replay": .optional(file.map { replayCommand($0) }),
        ])
    }

    /// `--parser` only for a registered parser (not for `registry`).
    func replayCommand(_ file: String) -> String {
        ParserRegistry.parser(named: parser) == nil
            ? "sanad-fuzz --replay \(file)" : "sanad-fuzz --replay \(file) --parser \(parser)"
    }

    init(
        kind: Kind, parser: String, phase: String, index: Int, seed: UInt64, step: String? = nil, details: [String],
        file: String? = nil
    ) {
        self.kind = kind
        self.parser = parser
        self.phase = phase
        self.index = index
        self.seed = seed
        self.step = step
        self.details = details
        self.file = file
    }

    init?(json: JSONValue) {
        guard let kind = json["kind"]?.stringValue.flatMap(Kind.init(rawValue:)),
            let parser = json["parser"]?.stringValue,
            let phase = json["phase"]?.stringValue
        else { return nil }
        self.init(
            kind: kind, parser: parser, phase: phase, index: Int(clamping: json["index"]?.intValue ?? -1),
            seed: json["seed"]?.stringValue.flatMap { UInt64($0) } ?? 0, step: json["step"]?.stringValue,
            details: json["details"]?.arrayValue?.compactMap(\.stringValue) ?? [], file: json["file"]?.stringValue)
    }

    /// Saves `bytes` as `DIR/KIND-PARSER-seedS-PHASE-INDEX.bin`, and beside it `.json`: the
    /// finding and the case (context, chunk size, mutations) that `--replay` reads.
    mutating func save(_ bytes: [UInt8], caseJSON: JSONValue, in directory: String) {
        let stem = "\(kind.rawValue)-\(Self.safe(parser))-seed\(seed)-\(Self.safe(phase))-\(index)"
        let url = URL(fileURLWithPath: directory).appendingPathComponent(stem + ".bin")
        file = url.path
        var note = json.objectValue ?? [:]
        note["case"] = caseJSON
        do {
            try Data(bytes).write(to: url)
            try Data(CanonicalJSON.encodePretty(.object(note))).write(
                to: url.deletingPathExtension().appendingPathExtension("json"))
        } catch {
            FileHandle.standardError.write(Data("sanad-fuzz: error: cannot save \(url.path): \(error)\n".utf8))
            file = nil
        }
    }

    static func safe(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
    }
}
