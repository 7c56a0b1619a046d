import Foundation
import SanadModel
@testable import SanadTimeline
import XCTest

/// Every fixture in Tests/Fixtures/meta against its hand-written golden events, the mojibake
/// repair rule, and the platform decision.
final class MetaFixtureTests: XCTestCase {
    func testFixturesGiveTheirGoldenEventsInAnyChunking() throws {
        try JSONFixtureSupport.checkAll(MetaMessagesParser.self, folder: "meta", minimum: 3)
    }

    func testRecognitionIsByContentAndExclusive() throws {
        try JSONFixtureSupport.checkRecognition(MetaMessagesParser.self, folder: "meta")
    }

    func testMojibakeIsRepairedOnlyWhenItCannotBeWrong() {
        XCTAssertEqual(MetaMojibake.repair("\u{00D8}\u{00B3}"), "س")
        XCTAssertEqual(MetaMojibake.repair("\u{00F0}\u{009F}\u{0098}\u{0082}"), "😂")
        XCTAssertEqual(MetaMojibake.repair("caf\u{00E9}"), "caf\u{00E9}", "E9 alone is not UTF-8")
        XCTAssertEqual(MetaMojibake.repair("\u{00D8}\u{00B3} €"), "\u{00D8}\u{00B3} €", "a code point above U+00FF")
        XCTAssertEqual(MetaMojibake.repair("plain"), "plain")
    }

    /// With no evidence in the file and no declaration, the platform is `other`, not a guess.
    func testPlatformIsNotGuessed() throws {
        let text =
            "{\"participants\": [], \"messages\": [{\"sender_name\": \"A\", \"timestamp_ms\": 1000, \"content\": "
            + "\"x\"}],"
            + " \"thread_path\": \"inbox/a_1\"}"
        let plain = try JSONFixtureSupport.events(MetaMessagesParser.self, text)
        XCTAssertEqual(Set(plain.map(\.platform)), [.other])
        let declared = try JSONFixtureSupport.events(
            MetaMessagesParser.self, text, context: ParseContext(platform: .instagram))
        XCTAssertEqual(Set(declared.map(\.platform)), [.instagram])
        let both = text.replacingOccurrences(
            of: "\"content\": \"x\"",
            with:
                "\"photos\": [{\"uri\": \"your_instagram_activity/a.jpg\"}, {\"uri\": "
                + "\"your_facebook_activity/b.jpg\"}]"
        )
        XCTAssertEqual(Set(try JSONFixtureSupport.events(MetaMessagesParser.self, both).map(\.platform)), [.other])
    }

    func testWrongTypesAreMalformed() throws {
        for message in [
            "{\"timestamp_ms\": \"1\"}", "{\"timestamp_ms\": 1, \"content\": 5}",
            "{\"timestamp_ms\": 1, \"photos\": {}}",
            "{\"timestamp_ms\": 99999999999999999}", "[]",
            "{\"timestamp_ms\": 1, \"reactions\": [{\"timestamp\": 9223372036854775807}]}",
        ] {
            let text = "{\"messages\": [\(message)]}"
            let events = try JSONFixtureSupport.events(MetaMessagesParser.self, text)
            XCTAssertTrue(JSONFixtureSupport.tiles(events, text), message)
            if message.contains("reactions") {
                XCTAssertEqual(events.map(\.kind), [.unparsed, .message, .reaction, .unparsed], message)
                XCTAssertNil(events[2].time)
            } else {
                XCTAssertEqual(events.map(\.reason), [.container, .malformed, .container], message)
            }
        }
    }
}
