import Foundation
import SanadModel
import SanadTimeline
import XCTest

/// Every fixture in Tests/Fixtures/telegram against its hand-written golden events, and the
/// Telegram parser on damaged input.
final class TelegramFixtureTests: XCTestCase {
    func testFixturesGiveTheirGoldenEventsInAnyChunking() throws {
        try JSONFixtureSupport.checkAll(TelegramJSONParser.self, folder: "telegram", minimum: 4)
    }

    func testRecognitionIsByContentAndExclusive() throws {
        try JSONFixtureSupport.checkRecognition(TelegramJSONParser.self, folder: "telegram")
    }

    func testRecognisesAfterBOMAndWhiteSpace() {
        let text =
            "\u{FEFF}\n  {\n \"name\": \"A\",\n \"type\": \"personal_chat\",\n \"id\": 1,\n \"messages\": [\n  "
            + "{\"date_unixtime\": \"1\"}"
        XCTAssertTrue(TelegramJSONParser.recognizes(prefix: Array(text.utf8), fileName: nil))
        XCTAssertFalse(
            TelegramJSONParser.recognizes(prefix: Array("[{\"messages\": 1, \"from_id\": 2}]".utf8), fileName: nil))
        XCTAssertFalse(TelegramJSONParser.recognizes(prefix: Array("{\"messages\": []}".utf8), fileName: "result.json"))
    }

    /// Syntax broken between messages: the rest of the file, from the end of the last
    /// message read, is one `malformed` event.
    func testBrokenSyntaxAfterAMessageMakesTheRestMalformed() throws {
        let text =
            "{\"name\": \"A\", \"type\": \"personal_chat\", \"id\": 1, \"messages\": [{\"id\": 1, \"type\": "
            + "\"message\", "
            + "\"date\": \"2022-01-01T10:00:00\", \"date_unixtime\": \"1641020400\", \"from\": \"A\", \"from_id\": "
            + "\"user1\", "
            + "\"text\": \"hi\"} ; {\"id\": 2}]}"
        let events = try JSONFixtureSupport.events(TelegramJSONParser.self, text)
        XCTAssertEqual(events.map(\.kind), [.unparsed, .message, .unparsed])
        XCTAssertEqual(events.map(\.reason), [.container, nil, .malformed])
        XCTAssertEqual(events[1].zone?.offsetSeconds, 3 * 3600)
        XCTAssertTrue(JSONFixtureSupport.tiles(events, text))
    }

    func testGarbageIsOneMalformedEvent() throws {
        for text in [
            "not json at all", "{\"messages\": [", "{\"a\": tru}", "{\"a\" 1}", "{} {}", "   ", "{\"a\": [1,]}",
        ] {
            let events = try JSONFixtureSupport.events(TelegramJSONParser.self, text)
            XCTAssertEqual(events.last?.reason, .malformed, text)
            XCTAssertTrue(JSONFixtureSupport.tiles(events, text), text)
        }
        XCTAssertEqual(try JSONFixtureSupport.events(TelegramJSONParser.self, "").count, 0)
    }

    /// Nesting deeper than the reader's limit, outside and inside a message, never crashes.
    func testDeepNestingIsMalformedNotACrash() throws {
        let deep = String(repeating: "[", count: 10_000)
        let outside = try JSONFixtureSupport.events(TelegramJSONParser.self, "{\"x\": \(deep)")
        XCTAssertEqual(outside.map(\.reason), [.malformed])
        let inside = "{\"messages\": [\(String(repeating: "[", count: 100))\(String(repeating: "]", count: 100))]}"
        let events = try JSONFixtureSupport.events(TelegramJSONParser.self, inside)
        XCTAssertEqual(events.map(\.reason), [.container, .tooLong, .container])
        XCTAssertTrue(JSONFixtureSupport.tiles(events, inside))
    }

    func testWrongTypesAreMalformedMessages() throws {
        for message in [
            "42", "\"text\"", "{\"type\": \"message\"}", "{\"type\": 1, \"date\": \"2022-01-01T10:00:00\"}",
            "{\"type\": \"message\", \"date\": \"2022-01-01T10:00:00\", \"text\": [1]}",
            "{\"type\": \"message\", \"date\": \"2022-01-01 10:00:00\"}",
            "{\"type\": \"message\", \"date\": \"2022-01-01T10:00:00\", \"date_unixtime\": \"x\"}",
            "{\"a\": 1, \"a\": 2}",
        ] {
            let text = "{\"messages\": [\(message)]}"
            let events = try JSONFixtureSupport.events(TelegramJSONParser.self, text)
            XCTAssertEqual(events.map(\.reason), [.container, .malformed, .container], message)
        }
    }

    /// The event pass hashes again; a file that changes between the passes is refused.
    func testFileChangedBetweenPassesIsAnIOError() throws {
        let f = try XCTUnwrap(try JSONFixtureSupport.fixtures("telegram").first)
        let parser = TelegramJSONParser(f.context)
        let survey = try parser.survey(MemoryInput(f.bytes))
        var other = f.bytes
        other[other.count - 1] = UInt8(ascii: " ")
        XCTAssertThrowsError(try parser.parse(MemoryInput(other), survey: survey) { _ in }) { error in
            XCTAssertEqual((error as? SanadError)?.code, .ioError)
        }
    }
}
