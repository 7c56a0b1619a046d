import Dispatch
import SanadCrypto
import SanadModel
import SanadTimeline

/// What one parser did with one input, and every property it broke.
public struct CheckReport: Sendable {
    public var parser: String
    public var events = 0
    public var unparsed = 0
    /// The error the parse ended with, if it did not give events.
    public var errorCode: SanadError.Code?
    /// Wall time of the first parse (chunks of 1 MiB).
    public var seconds: Double = 0
    public var violations: [Violation] = []

    public init(parser: String) {
        self.parser = parser
    }
}

/// Checks the properties of docs/FUZZING.md §2 for one parser on one input: the parse ends with
/// events or a `SanadError`, the events tile the input with the right SHA-256 and line numbers,
/// each event's JSON keeps the rules of docs/TIMELINE.md, and another chunk size changes
/// nothing. Crashes and hangs are caught by whoever runs the checker (`sanad-fuzz` runs it in a
/// child process, on a watched thread); `willParse` tells it what is about to run.
public struct PropertyChecker {
    /// Events whose JSON is checked in full on one input; beyond it, one in 97 (the tiling,
    /// digest and line checks see every event).
    public static let fullyCheckedEvents = 1000
    /// Error codes that are bugs whatever the input: `internal`, and `io-error` from memory,
    /// which cannot change between two reads.
    public static let bugCodes: Set<SanadError.Code> = [.internalError, .ioError]

    /// Called before each parse with a label (`whatsapp-txt chunk 7`) and the input's size.
    public var willParse: (String, Int) -> Void

    public init(willParse: @escaping (String, Int) -> Void = { _, _ in }) {
        self.willParse = willParse
    }

    public func check(_ type: any TimelineParser.Type, _ input: FuzzCase, sha256: String? = nil) -> CheckReport {
        var report = CheckReport(parser: type.name)
        let sha = sha256 ?? MessageDigest.sha256Hex(input.bytes)
        willParse("\(type.name) chunk \(1 << 20)", input.bytes.count)
        let start = DispatchTime.now().uptimeNanoseconds
        let first = Self.run(type, input.context, input.bytes, chunkSize: 1 << 20)
        report.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        switch first {
        case .success(let events):
            willParse("\(type.name) property checks", input.bytes.count)
            report.events = events.count
            report.unparsed = events.reduce(0) { $0 + ($1.kind == .unparsed ? 1 : 0) }
            report.violations += Self.checkEvents(events, type: type, input: input, sha256: sha)
        case .failure(let error):
            report.errorCode = error.code
            if Self.bugCodes.contains(error.code) {
                report.violations.append(Violation("error-code", error.description))
            }
        }
        willParse("\(type.name) chunk \(input.chunkSize)", input.bytes.count)
        let second = Self.run(type, input.context, input.bytes, chunkSize: input.chunkSize)
        if let difference = Self.difference(first, second) {
            report.violations.append(Violation("chunking", "chunks of \(input.chunkSize) bytes: \(difference)"))
        }
        return report
    }

    /// The registry's choice is the first parser that recognises the input, and `recognizes`
    /// gives the same answer twice.
    public func checkRegistry(_ input: FuzzCase) -> [Violation] {
        let prefix = Array(input.bytes.prefix(ParserRegistry.prefixLength))
        willParse("registry", prefix.count)
        var first: String?
        var violations: [Violation] = []
        for type in ParserRegistry.parsers {
            let yes = type.recognizes(prefix: prefix, fileName: input.context.fileName)
            if yes != type.recognizes(prefix: prefix, fileName: input.context.fileName) {
                violations.append(Violation("registry", "\(type.name).recognizes answers differently twice"))
            }
            if yes, first == nil { first = type.name }
        }
        let picked = ParserRegistry.parser(prefix: prefix, fileName: input.context.fileName)?.name
        if picked != first {
            violations.append(
                Violation("registry", "picked \(picked ?? "none"), first recognising is \(first ?? "none")"))
        }
        return violations
    }

    /// Parse time should grow linearly: the input repeated to at least `baseBytes` is timed
    /// against four copies of that. A ratio above 8 (linear is 4, quadratic 16), confirmed by the
    /// best of three runs, with the large input taking over `minimumSeconds`, is reported: below
    /// that, the scheduler of a shared machine makes the noise.
    public func checkScaling(
        _ type: any TimelineParser.Type, _ input: FuzzCase, baseBytes: Int = 64 << 10,
        minimumSeconds: Double = 0.2
    ) -> Violation? {
        guard !input.bytes.isEmpty, input.bytes.count <= 512 << 10 else { return nil }
        var base = input.bytes
        while base.count < baseBytes { base += input.bytes }
        let big = base + base + base + base
        func time(_ bytes: [UInt8], runs: Int) -> Double {
            var best = Double.infinity
            for _ in 0..<runs {
                willParse("\(type.name) scaling \(bytes.count)", bytes.count)
                let start = DispatchTime.now().uptimeNanoseconds
                _ = Self.run(type, input.context, bytes, chunkSize: 1 << 20)
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            return best
        }
        var small = time(base, runs: 1), large = time(big, runs: 1)
        guard large > minimumSeconds, large > 8 * small else { return nil }
        small = time(base, runs: 3)
        large = time(big, runs: 3)
        guard large > minimumSeconds, large > 8 * small else { return nil }
        return Violation(
            "superlinear", "\(base.count) bytes took \(Self.ms(small)), four times as many \(Self.ms(large))")
    }

    public static func run(
        _ type: any TimelineParser.Type, _ context: ParseContext, _ bytes: [UInt8],
        chunkSize: Int
    ) -> Result<[TimelineEvent], SanadError> {
        let parser = type.init(context)
        do {
            return .success(try parser.events(MemoryInput(bytes, chunkSize: chunkSize)))
        } catch {
            return .failure(error)
        }
    }

    /// The ranges tile the input (first at 0, each where the previous ended, none empty, the
    /// last at the end), every `sha256` is the input's, every `line` is 1 + the LFs before the
    /// event, and each event keeps the invariants.
    static func checkEvents(
        _ events: [TimelineEvent], type: any TimelineParser.Type, input: FuzzCase,
        sha256: String
    ) -> [Violation] {
        var violations: [Violation] = []
        let size = Int64(input.bytes.count)
        var expected: Int64 = 0, counted = 0, lines = 1
        var tiles = true
        for (n, e) in events.enumerated() {
            if violations.count >= 8 { break }
            let s = e.source
            // A reaction is the one empty event: its bytes are inside its message's, and it sits
            // at the end of that message's range with its message's line (TIMELINE.md §12.2).
            let reaction = e.kind == .reaction && s.length == 0
            if tiles, s.offset != expected || (s.length <= 0 && !reaction) || s.offset + s.length > size {
                violations.append(
                    Violation(
                        "tiling",
                        "event \(n) covers \(s.offset)+\(s.length), expected to start at \(expected) of \(size)"))
                tiles = false
            }
            if tiles, !reaction {
                let start = Int(s.offset)
                input.bytes.withUnsafeBufferPointer { b in
                    for i in counted..<start where b[i] == 0x0A { lines += 1 }
                }
                counted = start
                if s.line != lines {
                    violations.append(
                        Violation("line", "event \(n) at \(s.offset) says line \(s.line), it is \(lines)"))
                }
            }
            expected = s.offset + s.length
            if s.sha256 != sha256 {
                violations.append(Violation("sha256", "event \(n) has \(s.sha256), the input is \(sha256)"))
            }
            if n < fullyCheckedEvents || n % 97 == 0 {
                violations += EventInvariants.check(e, parser: type, context: input.context).map {
                    Violation($0.property, "event \(n): \($0.detail)")
                }
            }
        }
        if tiles, expected != size {
            violations.append(Violation("tiling", "the events end at \(expected), the input at \(size)"))
        }
        return violations
    }

    /// Nil when two results are the same: equal events, or errors with the same code.
    static func difference(
        _ a: Result<[TimelineEvent], SanadError>, _ b: Result<[TimelineEvent], SanadError>
    ) -> String? {
        switch (a, b) {
        case (.success(let x), .success(let y)):
            if x == y { return nil }
            guard x.count == y.count else { return "\(x.count) events became \(y.count)" }
            let n = x.indices.first { x[$0] != y[$0] } ?? 0
            return "event \(n) differs: \(CanonicalJSON.string(x[n].json)) became \(CanonicalJSON.string(y[n].json))"
        case (.failure(let x), .failure(let y)):
            return x.code == y.code ? nil : "error \(x.code.rawValue) became \(y.code.rawValue)"
        case (.success(let x), .failure(let y)):
            return "\(x.count) events became error \(y.code.rawValue)"
        case (.failure(let x), .success(let y)):
            return "error \(x.code.rawValue) became \(y.count) events"
        }
    }

    static func ms(_ seconds: Double) -> String { "\(Int((seconds * 1000).rounded())) ms" }
}
