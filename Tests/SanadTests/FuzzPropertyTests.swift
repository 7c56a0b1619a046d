import Foundation
import SanadCrypto
import SanadFuzz
import SanadModel
import SanadTimeline
import XCTest

/// The fuzzer's property checker, run in `swift test` on a few hundred deterministic mutants of
/// every fixture for every registered parser (docs/FUZZING.md), and shown to catch each kind of
/// broken parser.
final class FuzzPropertyTests: XCTestCase {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path
    /// Mutants per parser; the same ones on every run.
    static let mutantsPerParser = 300

    func testMutantsOfEveryFixtureKeepEveryPropertyForEveryParser() throws {
        let generator = CaseGenerator(corpus: try SeedCorpus(directory: Self.corpus), seed: 20_240_601)
        let checker = PropertyChecker()
        var checked = 0
        for phase in ParserRegistry.parsers.map({ $0.name }) {
            let count = generator.corpus.seeds(for: phase).count + Self.mutantsPerParser
            for index in 0..<count {
                let input = generator.make(phase: phase, index: index)
                // Huge mutants (a 1 MiB line, 100,000 brackets) are for `make fuzz`: too slow in a debug build.
                guard input.bytes.count <= 256 << 10 else { continue }
                XCTAssertEqual(checker.checkRegistry(input), [], "\(phase)#\(index)")
                for type in ParserRegistry.parsers {
                    let report = checker.check(type, input)
                    XCTAssertEqual(
                        report.violations, [], "\(type.name) on \(phase)#\(index), mutations \(input.mutations)")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 250)
    }

    func testInputsAreAFunctionOfSeedPhaseAndIndex() throws {
        let corpus = try SeedCorpus(directory: Self.corpus)
        let a = CaseGenerator(corpus: corpus, seed: 7), b = CaseGenerator(corpus: corpus, seed: 7)
        let phase = WhatsAppTextParser.name
        let late = b.make(phase: phase, index: 500)
        for index in [0, 100, 500] {
            XCTAssertEqual(a.make(phase: phase, index: index).bytes, b.make(phase: phase, index: index).bytes)
            XCTAssertEqual(a.make(phase: phase, index: index).mutations, b.make(phase: phase, index: index).mutations)
        }
        XCTAssertEqual(a.make(phase: phase, index: 500).bytes, late.bytes, "independent of what was generated before")
        XCTAssertNotEqual(CaseGenerator(corpus: corpus, seed: 8).make(phase: phase, index: 500).bytes, late.bytes)
    }

    func testEveryMutationIsUsed() throws {
        let generator = CaseGenerator(corpus: try SeedCorpus(directory: Self.corpus), seed: 1)
        var used = Set<String>()
        for index in 0..<600 { used.formUnion(generator.make(phase: WhatsAppTextParser.name, index: index).mutations) }
        for name in [
            "flip-bit", "truncate-in-utf8", "truncate-in-crlf", "splice", "shuffle-lines", "insert-token",
            "replace-number", "replace-string", "long-line", "deep-nesting", "line-breaks",
        ] {
            XCTAssertTrue(used.contains(name), name)
        }
    }

    func testSeedsAreGroupedByTheParserThatRecognisesThem() throws {
        let corpus = try SeedCorpus(directory: Self.corpus)
        let whatsapp = corpus.seeds.filter { $0.name.hasPrefix("whatsapp/") && $0.name.hasSuffix(".txt") }
        XCTAssertFalse(whatsapp.isEmpty)
        XCTAssertTrue(whatsapp.allSatisfy { $0.recognizedBy == WhatsAppTextParser.name })
        let dst = try XCTUnwrap(whatsapp.first { $0.name == "whatsapp/android-en-dst.txt" })
        XCTAssertEqual(dst.context.zone?.name, "Europe/Berlin", "the fixture's options.json is its context")
        XCTAssertEqual(dst.context.exhibit, "E0001")
    }

    // MARK: The checker catches broken parsers

    func testCheckerCatchesAGapBetweenEvents() {
        XCTAssertEqual(properties(GapParser.self), ["tiling"])
    }

    func testCheckerCatchesAWrongDigest() {
        XCTAssertEqual(properties(WrongDigestParser.self), ["sha256"])
    }

    func testCheckerCatchesAWrongLineNumber() {
        XCTAssertEqual(properties(WrongLineParser.self), ["line"])
    }

    func testCheckerCatchesAResultThatDependsOnChunkSize() {
        XCTAssertEqual(properties(ChunkCountingParser.self), ["chunking"])
    }

    func testCheckerCatchesAnInternalError() {
        XCTAssertEqual(properties(InternalErrorParser.self), ["error-code"])
    }

    func testCheckerCatchesATimeForAFloatingLocalTime() {
        XCTAssertEqual(properties(FloatingTimeParser.self), ["invariant"])
    }

    func testCheckerCatchesAGuessedZone() {
        XCTAssertEqual(properties(GuessedZoneParser.self), ["invariant"])
    }

    func testCheckerAcceptsACorrectParser() {
        XCTAssertEqual(properties(LineParser.self), [])
    }

    func testCheckerCatchesQuadraticTime() throws {
        let input = FuzzCase(bytes: Array(repeating: 0x61, count: 4096), context: ParseContext(), chunkSize: 7)
        // Small sizes and a low floor, so that a debug build checks it in about a second.
        let slow = try XCTUnwrap(
            PropertyChecker().checkScaling(QuadraticParser.self, input, baseBytes: 16 << 10, minimumSeconds: 0.002))
        XCTAssertEqual(slow.property, "superlinear")
        XCTAssertNil(PropertyChecker().checkScaling(LineParser.self, input, baseBytes: 16 << 10, minimumSeconds: 0.002))
    }

    private func properties(_ type: any TimelineParser.Type) -> Set<String> {
        let bytes = Array("18/03/2022, 14:56 - Sara: hi\nsecond line\r\n18/03/2022, 14:57 - Omar: ok\n".utf8)
        let input = FuzzCase(bytes: bytes, context: ParseContext(exhibit: "E0001"), chunkSize: 5)
        return Set(PropertyChecker().check(type, input).violations.map(\.property))
    }

    /// Found by the fuzzer: a JSON document that breaks exactly at the end of the file gave an
    /// empty `malformed` event after the last byte. Every property must hold on it now.
    func testRegressionJSONBreakingAtTheEndOfTheFile() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Regressions/meta-json-breaks-at-end.json")
        let input = FuzzCase(
            bytes: Array(try Data(contentsOf: url)), context: ParseContext(exhibit: "E0001"), chunkSize: 7)
        for parser in [MetaMessagesParser.self, TelegramJSONParser.self] as [any TimelineParser.Type] {
            let report = PropertyChecker().check(parser, input)
            XCTAssertEqual(report.violations.map(\.detail), [], parser.name)
            XCTAssertGreaterThan(report.events, 0, parser.name)
        }
    }

    /// Found by the fuzzer: records that grow line by line (or piece by piece, in small chunks)
    /// were copied whole at each step, so a long one took quadratic time and was reported as a
    /// hang. Each parser gets a long line in 16-byte chunks and a message with thousands of
    /// continuation lines; the checker's hang limit must hold and so must every property.
    func testRegressionLongRecordsAreNotCopiedAtEachStep() {
        let longLine = Array(repeating: UInt8(ascii: "a"), count: 1_200_000)
        var manyLines = Array("[2022-03-13 02:30:00] Me: start\n18/03/2022, 14:56 - Sara: start\n".utf8)
        for _ in 0..<40_000 { manyLines += Array("continued line of a long message\n".utf8) }
        for bytes in [longLine, manyLines] {
            let input = FuzzCase(bytes: bytes, context: ParseContext(exhibit: "E0001"), chunkSize: 16)
            for parser in ParserRegistry.parsers {
                let report = PropertyChecker().check(parser, input)
                XCTAssertEqual(report.violations.map(\.detail), [], "\(parser.name), \(bytes.count) bytes")
            }
        }
    }

    /// Found by `make fuzz`: a sender name over the 1 MiB limit still counted as a participant,
    /// with as much of it as the chunking let in, so the conversation changed with the chunk size.
    func testRegressionTelegramHTMLOverlongNameIsNoParticipant() throws {
        let bytes = try Self.telegramPage(
            inserting: String(repeating: "N", count: (1 << 20) + 10), after: "<div class=\"from_name\">")
        let input = FuzzCase(bytes: bytes, context: ParseContext(exhibit: "E0001"), chunkSize: 16)
        let report = PropertyChecker().check(TelegramHTMLParser.self, input)
        XCTAssertEqual(report.violations.map { String($0.detail.prefix(300)) }, [])
    }

    private static func telegramPage(inserting filler: String, after marker: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/telegram-html/chat-ar.html")
        let page = try String(contentsOf: url, encoding: .utf8)
        let range = try XCTUnwrap(page.range(of: marker))
        return Array(page.replacingCharacters(in: range, with: marker + filler).utf8)
    }

    /// Numbers at Int64's limits in a date field trapped (`abs(Int64.min)`, `x * 10` on 19 digits,
    /// a subtraction past the limit). Each must give a time-less or unparsed event, not a crash.
    func testRegressionNumbersAtInt64LimitsDoNotTrap() {
        let inputs = [
            #"{"participants":[{"name":"A"}],"title":"t","messages":[{"sender_name":"A","timestamp_ms":"#
                + #"-9223372036854775808,"content":"hi","reactions":[{"reaction":"x","actor":"A","timestamp":"#
                + #"-9223372036854775808}]}]}"#,
            #"{"name":"K","type":"personal_chat","id":1,"messages":[{"id":1,"type":"message","#
                + #""date":"2022-03-18T14:56:00","date_unixtime":"-9223372036854775808","from":"K","from_id":"user1","#
                + #""text":"hi"}]}"#,
            #"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?><smses count="2"><sms protocol="0" "#
                + #"address="1" date="9999999999999999999" type="1" body="hi" /><sms protocol="0" address="1" "#
                + #"date="-9223372036854775808" type="1" body="hi" /></smses>"#,
        ]
        for text in inputs {
            let input = FuzzCase(bytes: Array(text.utf8), context: ParseContext(exhibit: "E0001"), chunkSize: 7)
            for parser in ParserRegistry.parsers {
                let report = PropertyChecker().check(parser, input)
                XCTAssertEqual(report.violations.map(\.detail), [], "\(parser.name): \(text.prefix(20))")
            }
        }
    }
}

// MARK: Parsers that break one rule each

/// A correct parser: one `unparsed` event per line.
private struct LineParser: TimelineParser {
    static let name = "test"
    static let version = "1"
    static let platform = Platform.other
    static func recognizes(prefix: [UInt8], fileName: String?) -> Bool { false }
    let context: ParseContext
    init(_ context: ParseContext) { self.context = context }

    func parse(_ input: some ByteInput, _ each: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError) {
        var bytes: [UInt8] = []
        try input.forEachChunk { (chunk: UnsafeRawBufferPointer) throws(SanadError) in bytes += chunk }
        try emitLines(bytes, sha256: MessageDigest.sha256Hex(bytes), exhibit: context.exhibit, each)
    }
}

private func emitLines(
    _ bytes: [UInt8], sha256: String, exhibit: String?, lineShift: Int = 0, gap: Int64 = 0,
    _ each: (TimelineEvent) throws(SanadError) -> Void
) throws(SanadError) {
    var start = 0, line = 1
    while start < bytes.count {
        let end = (bytes[start...].firstIndex(of: 0x0A) ?? bytes.count - 1) + 1
        try each(
            lineEvent(
                offset: Int64(start) + (start > 0 ? gap : 0), length: Int64(end - start), line: line + lineShift,
                sha256: sha256, exhibit: exhibit))
        start = end
        line += 1
    }
}

private func lineEvent(offset: Int64, length: Int64, line: Int, sha256: String, exhibit: String?) -> TimelineEvent {
    TimelineEvent(
        time: nil, localTime: nil, zone: nil, platform: .other,
        conversation: Conversation(title: nil, participants: []),
        sender: nil, kind: .unparsed, text: nil,
        source: EventSource(exhibit: exhibit, sha256: sha256, offset: offset, length: length, line: line),
        parser: ParserInfo(name: "test", version: "1"), reason: .noHeader)
}

/// Reads the whole input; test parsers are tiny.
private func readAll(_ input: some ByteInput) throws(SanadError) -> (bytes: [UInt8], chunks: Int) {
    var bytes: [UInt8] = [], chunks = 0
    try input.forEachChunk { (chunk: UnsafeRawBufferPointer) throws(SanadError) in
        bytes += chunk
        chunks += 1
    }
    return (bytes, chunks)
}

private protocol TestParser: TimelineParser {}
extension TestParser {
    static var version: String { "1" }
    static var platform: Platform { .other }
    static func recognizes(prefix: [UInt8], fileName: String?) -> Bool { false }
}

private struct GapParser: TestParser {
    static let name = "test"
    let exhibit: String?
    init(_ context: ParseContext) { exhibit = context.exhibit }
    func parse(_ input: some ByteInput, _ each: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError) {
        let b = try readAll(input).bytes
        try emitLines(b, sha256: MessageDigest.sha256Hex(b), exhibit: exhibit, gap: 1, each)
    }
}

private struct WrongDigestParser: TestParser {
    static let name = "test"
    let exhibit: String?
    init(_ context: ParseContext) { exhibit = context.exhibit }
    func parse(_ input: some ByteInput, _ each: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError) {
        let b = try readAll(input).bytes
        try emitLines(b, sha256: MessageDigest.sha256Hex(b.dropLast()), exhibit: exhibit, each)
    }
}

private struct WrongLineParser: TestParser {
    static let name = "test"
    let exhibit: String?
    init(_ context: ParseContext) { exhibit = context.exhibit }
    func parse(_ input: some ByteInput, _ each: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError) {
        let b = try readAll(input).bytes
        try emitLines(b, sha256: MessageDigest.sha256Hex(b), exhibit: exhibit, lineShift: 1, each)
    }
}

/// Its events' text says how many chunks it read.
private struct ChunkCountingParser: TestParser {
    static let name = "test"
    let exhibit: String?
    init(_ context: ParseContext) { exhibit = context.exhibit }
    func parse(_ input: some ByteInput, _ each: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError) {
        let (b, chunks) = try readAll(input)
        try emitLines(b, sha256: MessageDigest.sha256Hex(b), exhibit: exhibit) {
            (e: TimelineEvent) throws(SanadError) in
            var e = e
            e.kind = .message
            e.reason = nil
            e.text = String(chunks)
            try each(e)
        }
    }
}

private struct InternalErrorParser: TestParser {
    static let name = "test"
    init(_ context: ParseContext) {}
    func parse(_ input: some ByteInput, _ each: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError) {
        throw SanadError(.internalError, "a bug")
    }
}

/// A floating local time (zone unknown) given a `time` as if it were UTC.
private struct FloatingTimeParser: TestParser {
    static let name = "test"
    let exhibit: String?
    init(_ context: ParseContext) { exhibit = context.exhibit }
    func parse(_ input: some ByteInput, _ each: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError) {
        let b = try readAll(input).bytes
        try emitLines(b, sha256: MessageDigest.sha256Hex(b), exhibit: exhibit) {
            (e: TimelineEvent) throws(SanadError) in
            var e = e
            e.kind = .message
            e.reason = nil
            e.localTime = LocalDateTime(year: 2022, month: 3, day: 18, hour: 14, minute: 56, second: nil)
            e.zone = .unknown
            e.time = "2022-03-18T14:56:00.000Z"
            try each(e)
        }
    }
}

/// A declared zone the context never declared.
private struct GuessedZoneParser: TestParser {
    static let name = "test"
    let exhibit: String?
    init(_ context: ParseContext) { exhibit = context.exhibit }
    func parse(_ input: some ByteInput, _ each: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError) {
        let b = try readAll(input).bytes
        try emitLines(b, sha256: MessageDigest.sha256Hex(b), exhibit: exhibit) {
            (e: TimelineEvent) throws(SanadError) in
            var e = e
            e.kind = .message
            e.reason = nil
            e.localTime = LocalDateTime(year: 2022, month: 3, day: 18, hour: 14, minute: 56, second: nil)
            e.zone = EventZone(basis: .declaredAtIngest, name: "Asia/Baghdad", offsetSeconds: 10_800)
            e.time = "2022-03-18T11:56:00.000Z"
            try each(e)
        }
    }
}

/// Compares every 32nd byte with every other 32nd: quadratic, and quick enough for a debug build.
private struct QuadraticParser: TestParser {
    static let name = "test"
    init(_ context: ParseContext) {}
    func parse(_ input: some ByteInput, _ each: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError) {
        let b = try readAll(input).bytes
        var same = 0
        b.withUnsafeBufferPointer { p in
            for i in stride(from: 0, to: p.count, by: 32) {
                for j in stride(from: 0, to: p.count, by: 32) where p[i] == p[j] { same &+= 1 }
            }
        }
        if same == -1 { throw SanadError(.internalError, "unreachable") }
    }
}
