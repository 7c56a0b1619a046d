import Foundation
import SanadModel
import SanadTimeline
import XCTest

/// Every fixture in Tests/Fixtures/signal (signal-export `chat.md` and sigtop text) against its
/// hand-written golden events (see generate.py there), and malformed input.
final class SignalFixtureTests: XCTestCase {
    static func fixtures() throws -> [TimelineFixture] {
        try TimelineFixture.all(in: "signal", extensions: ["md", "txt"])
    }

    static func parserType(_ f: TimelineFixture) -> any TimelineParser.Type {
        f.options["parser"]?.stringValue == SigtopTextParser.name ? SigtopTextParser.self : SignalExportParser.self
    }

    static func events(_ f: TimelineFixture, _ input: some ByteInput) throws -> [TimelineEvent] {
        try parserType(f).init(try f.context).events(input)
    }

    func testEnoughFixturesOfEachTool() throws {
        let all = try Self.fixtures()
        XCTAssertGreaterThanOrEqual(all.filter { Self.parserType($0) == SigtopTextParser.self }.count, 2)
        XCTAssertGreaterThanOrEqual(all.filter { Self.parserType($0) == SignalExportParser.self }.count, 2)
    }

    func testEveryFixtureGivesItsGoldenEvents() throws {
        for f in try Self.fixtures() { try f.assertGolden(try Self.events(f, MemoryInput(f.bytes))) }
    }

    func testEveryFixtureRoundTrips() throws {
        for f in try Self.fixtures() { f.assertTiles(try Self.events(f, MemoryInput(f.bytes))) }
    }

    func testChunkBoundariesAndFileInputChangeNothing() throws {
        for f in try Self.fixtures() {
            let whole = try Self.events(f, MemoryInput(f.bytes))
            for size in [1, 7, 64] {
                XCTAssertEqual(
                    try Self.events(f, MemoryInput(f.bytes, chunkSize: size)), whole, "\(f.name), chunks of \(size)")
            }
            XCTAssertEqual(try Self.events(f, FileInput(path: f.path)), whole, f.name)
        }
    }

    /// The registry picks the fixture's own parser (not WhatsApp's, whose iOS header in
    /// year-first locales is signal-export's), and neither Signal parser claims any other file.
    func testRecognitionAndRegistry() throws {
        for f in try Self.fixtures() {
            XCTAssertTrue(Self.parserType(f).recognizes(prefix: f.prefix, fileName: nil), f.name)
            XCTAssertEqual(
                ParserRegistry.parser(prefix: f.prefix, fileName: nil)?.name, Self.parserType(f).name, f.name)
        }
        let own = Set(try Self.fixtures().map(\.path))
        for (path, bytes) in try TimelineFixture.everyExport()
        where !own.contains(TimelineFixture.root.appendingPathComponent(path).path) {
            let prefix = Array(bytes.prefix(ParserRegistry.prefixLength))
            XCTAssertFalse(SignalExportParser.recognizes(prefix: prefix, fileName: nil), path)
            XCTAssertFalse(SigtopTextParser.recognizes(prefix: prefix, fileName: nil), path)
        }
    }

    /// A WhatsApp iOS export in a year-first locale has signal-export's header but CRLF framing
    /// and no empty line between messages.
    func testWhatsAppYearFirstIsNotSignalExport() {
        let ios = Array("[2022-03-18 14:56:01] Sara: Hi  \r\n[2022-03-18 14:57:01] Omar: Hello\r\n".utf8)
        XCTAssertFalse(SignalExportParser.recognizes(prefix: ios, fileName: nil))
        XCTAssertEqual(ParserRegistry.parser(prefix: ios, fileName: nil)?.name, WhatsAppTextParser.name)
    }

    func testGarbageGivesUnparsedEventsThatTile() throws {
        var bytes: [UInt8] = []
        for i in 0..<3000 { bytes.append(UInt8(truncatingIfNeeded: i &* 7919 &+ 13)) }
        for parser in [SignalExportParser(ParseContext()) as any TimelineParser, SigtopTextParser(ParseContext())] {
            let events = try parser.events(MemoryInput(bytes, chunkSize: 97))
            XCTAssertFalse(events.isEmpty)
            XCTAssertTrue(events.allSatisfy { $0.kind == .unparsed && $0.reason == .noHeader }, "\(type(of: parser))")
            let f = TimelineFixture(name: "garbage", path: "", bytes: bytes, golden: [], options: .null)
            f.assertTiles(events)
        }
    }

    func testEmptyFileHasNoEvents() throws {
        XCTAssertEqual(try SignalExportParser(ParseContext()).events(MemoryInput([])), [])
        XCTAssertEqual(try SigtopTextParser(ParseContext()).events(MemoryInput([])), [])
    }

    /// A message over the size limit is cut, and what does not fit is `too-long`.
    func testOverlongMessageIsTooLong() throws {
        var text = Array("[2022-03-18 14:56:01] Sara: ".utf8)
        text += [UInt8](repeating: 0x61, count: (1 << 20) + 10)
        text += Array("  \n\n[2022-03-18 14:57:01] Omar: ok  \n\n".utf8)
        let events = try SignalExportParser(ParseContext()).events(MemoryInput(text))
        XCTAssertTrue(events.contains { $0.reason == .tooLong })
        XCTAssertEqual(events.last?.text, "ok")
        TimelineFixture(name: "long", path: "", bytes: text, golden: [], options: .null).assertTiles(events)
    }

    /// sigtop's fields: a time whose offset is out of range, a truncated one, a bad month.
    func testSigtopTimesThatAreNotGoTimes() throws {
        for (sent, reason) in [
            ("Fri, 18 Mar 2022 14:56:01 +2500", UnparsedReason.invalidTime),
            ("Fri, 18 Mar 2022 14:56", .invalidDate), ("Fri, 18 Mrz 2022 14:56:01 +0100", .invalidDate),
            ("Fri, 18 Mar 2022 24:00:00 +0100", .invalidTime),
        ] {
            let file = "Conversation: Sara\n\nFrom: Sara\nType: incoming\nSent: \(sent)\n\nhi\n\n"
            let events = try SigtopTextParser(ParseContext()).events(MemoryInput(Array(file.utf8)))
            XCTAssertEqual(events.map(\.reason), [.container, reason], sent)
        }
    }

    /// An edited message whose versions are not `|` lines is not what sigtop writes.
    func testSigtopEditWithoutVersionsIsMalformed() throws {
        let file =
            "Conversation: Sara\n\nFrom: Sara\nType: incoming\nSent: Fri, 18 Mar 2022 14:56:01 +0300\nEdited: 2 "
            + "versions\n\nplain\n\n"
        let events = try SigtopTextParser(ParseContext()).events(MemoryInput(Array(file.utf8)))
        XCTAssertEqual(events.map(\.reason), [.container, .malformed])
    }
}
