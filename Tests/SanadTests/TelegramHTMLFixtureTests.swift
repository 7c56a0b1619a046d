import Foundation
import SanadModel
import SanadTimeline
import XCTest

/// Every fixture in Tests/Fixtures/telegram-html against its hand-written golden events
/// (see generate.py there), and the parser on broken pages.
final class TelegramHTMLFixtureTests: XCTestCase {
    typealias Support = MarkupFixtureSupport

    static func fixtures() throws -> [Support.Fixture] { try Support.fixtures("telegram-html", ext: "html") }

    static func parser(_ f: Support.Fixture) throws -> TelegramHTMLParser { TelegramHTMLParser(try Support.context(f)) }

    func testThereAreEnoughFixtures() throws {
        XCTAssertGreaterThanOrEqual(try Self.fixtures().count, 3)
    }

    func testEveryFixtureGivesItsGoldenEvents() throws {
        for f in try Self.fixtures() { try Support.checkGolden(f, try Self.parser(f).events(MemoryInput(f.bytes))) }
    }

    func testEveryFixtureRoundTrips() throws {
        for f in try Self.fixtures() { Support.checkRoundTrip(f, try Self.parser(f).events(MemoryInput(f.bytes))) }
    }

    func testChunkBoundariesAndFileInputChangeNothing() throws {
        for f in try Self.fixtures() { try Support.checkChunking(f, try Self.parser(f)) }
    }

    func testRecognisedAndNoOtherParserClaimsThem() throws {
        for f in try Self.fixtures() {
            let prefix = Array(f.bytes.prefix(ParserRegistry.prefixLength))
            XCTAssertTrue(TelegramHTMLParser.recognizes(prefix: prefix, fileName: nil), f.name)
            XCTAssertEqual(ParserRegistry.parser(prefix: prefix, fileName: nil)?.name, TelegramHTMLParser.name, f.name)
        }
    }

    func testDoesNotClaimOtherFormats() throws {
        for path in try Support.allExportFiles() where !path.contains("/telegram-html/") {
            XCTAssertFalse(TelegramHTMLParser.recognizes(prefix: try Support.prefix(path), fileName: nil), path)
        }
        XCTAssertFalse(
            TelegramHTMLParser.recognizes(
                prefix: Array("<html><title>Exported Data</title>".utf8),
                fileName: "messages.html"))
    }

    func testADeclaredZonePlacesAnOldExport() throws {
        let f = try XCTUnwrap(try Self.fixtures().first { $0.name == "chat-old-no-offset" })
        let zone = try DeclaredZone(name: "America/New_York", basis: .declaredAtIngest)
        let events = try TelegramHTMLParser(ParseContext(zone: zone)).events(MemoryInput(f.bytes))
        let first = try XCTUnwrap(events.first { $0.kind == .message })
        XCTAssertEqual(first.time, "2019-05-21T14:45:52.000Z")
        XCTAssertEqual(
            first.zone, EventZone(basis: .declaredAtIngest, name: "America/New_York", offsetSeconds: -4 * 3600))
    }

    // MARK: broken pages

    private let head =
        "<!DOCTYPE html>\n<html>\n<head>\n<title>Exported Data</title>\n</head>\n<body>\n<div class=\"page_wrap\">\n"
        + "<div class=\"history\">\n"

    private func events(_ text: String, chunk: Int = 1 << 20) throws -> [TimelineEvent] {
        try TelegramHTMLParser(ParseContext()).events(MemoryInput(Array(text.utf8), chunkSize: chunk))
    }

    func testAPageCutInsideAMessageIsMalformedToTheEnd() throws {
        let text =
            head
            + "<div class=\"message default clearfix\" id=\"message5\">\n<div class=\"body\">\n<div "
            + "class=\"text\">\nhal"
        let all = try events(text)
        XCTAssertEqual(all.map(\.reason), [.container, .malformed])
        XCTAssertEqual(all.last.map { $0.source.offset + $0.source.length }, Int64(text.utf8.count))
    }

    func testAMessageWithoutADateIsMalformed() throws {
        let text =
            head + "<div class=\"message default clearfix\" id=\"message5\">\n<div class=\"from_name\">\nSara\n</div>\n"
            + "<div class=\"text\">\nhi\n</div>\n</div>\n</div>\n</div>\n</body>\n</html>\n"
        XCTAssertEqual(try events(text).map(\.reason), [.container, .malformed, .container])
    }

    func testAnUnknownOffsetIsInvalidDate() throws {
        let text =
            head + "<div class=\"message default clearfix\" id=\"message5\">\n"
            + "<div class=\"pull_right date details\" title=\"18.03.2022 14:56:00 GMT+3\">\n14:56\n</div>\n</div>\n"
        XCTAssertEqual(try events(text).map(\.reason), [.container, .invalidDate])
    }

    func testGarbageNeverCrashesAndAlwaysTiles() throws {
        var seed: UInt64 = 0x7E1E_6AA0
        for round in 0..<200 {
            var bytes = Array((head + "<div class=\"message default clearfix\" id=\"message1\">").utf8)
            for _ in 0..<(round % 60 + 1) {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let alphabet: [UInt8] = Array("<>/=\"' !-&#;divclass=message text br\n".utf8) + [0xFF, 0xD8]
                bytes.append(alphabet[Int(seed >> 33) % alphabet.count])
            }
            let all = try TelegramHTMLParser(ParseContext()).events(MemoryInput(bytes, chunkSize: round % 7 + 1))
            var end: Int64 = 0
            for e in all {
                XCTAssertEqual(e.source.offset, end)
                end = e.source.offset + e.source.length
            }
            XCTAssertEqual(end, Int64(bytes.count))
        }
    }
}
