import Foundation
import SanadModel
@testable import SanadTimeline
import XCTest

/// Every fixture in Tests/Fixtures/discord against its hand-written golden events, and the
/// DiscordChatExporter parser on its time format, notices and damaged input.
final class DiscordFixtureTests: XCTestCase {
    func testFixturesGiveTheirGoldenEventsInAnyChunking() throws {
        try JSONFixtureSupport.checkAll(DiscordJSONParser.self, folder: "discord", minimum: 3)
    }

    func testRecognitionIsByContentAndExclusive() throws {
        try JSONFixtureSupport.checkRecognition(DiscordJSONParser.self, folder: "discord")
    }

    func testRecognisesAnEmptyExportButNotOtherJSON() {
        let empty =
            "\u{FEFF}{\n  \"guild\": {},\n  \"channel\": {},\n  \"dateRange\": {},\n  \"exportedAt\": \"x\",\n"
            + "  \"messages\": [],\n  \"messageCount\": 0\n}"
        XCTAssertTrue(DiscordJSONParser.recognizes(prefix: Array(empty.utf8), fileName: nil))
        XCTAssertFalse(
            DiscordJSONParser.recognizes(
                prefix: Array("{\"guild\": 1, \"channel\": 2, \"messages\": []}".utf8),
                fileName: "general.json"))
        XCTAssertFalse(
            DiscordJSONParser.recognizes(
                prefix: Array("[{\"guild\": 1, \"channel\": 2, \"messages\": [], \"exportedAt\": 1}]".utf8),
                fileName: nil))
    }

    /// .NET's DateTimeOffset form: fraction of 0 to 7 digits, cut (not rounded) to
    /// milliseconds; an offset is required and must be a real one.
    func testTimeFormat() throws {
        let p = try XCTUnwrap(DiscordTime.parts("2022-03-18T14:56:00.1239999+03:30"))
        XCTAssertEqual(p.milliseconds, 123)
        XCTAssertEqual(p.offsetSeconds, 3 * 3600 + 30 * 60)
        XCTAssertEqual(DiscordTime.parts("2022-03-18T14:56:00-05:00")?.offsetSeconds, -5 * 3600)
        XCTAssertEqual(DiscordTime.parts("2022-03-18T14:56:00.5Z")?.milliseconds, 500)
        for bad in [
            "2022-03-18T14:56:00", "2022-03-18T14:56:00.+03:00", "2022-03-18T14:56:00.12345678+03:00",
            "2022-03-18T14:56:00+15:00", "2022-03-18T14:56:00+03:60", "2022-02-30T14:56:00+03:00",
            "2022-03-18 14:56:00+03:00", "2022-03-18T14:56:00+0300", "2022-03-18T14:56:00+03:00 ",
        ] {
            XCTAssertNil(DiscordTime.parts(bad), bad)
        }
    }

    private func events(_ message: String) throws -> [TimelineEvent] {
        let text =
            "{\"guild\": {\"name\": \"G\"}, \"channel\": {\"name\": \"c\", \"type\": \"GuildTextChat\"}, "
            + "\"messages\": [\(message)]}"
        let events = try JSONFixtureSupport.events(DiscordJSONParser.self, text)
        XCTAssertTrue(JSONFixtureSupport.tiles(events, text), message)
        return events
    }

    private let author = "\"author\": {\"id\": \"1\", \"name\": \"omar\"}"

    func testKindsOfNotices() throws {
        let cases: [(String, EventKind)] = [
            ("RecipientAdd", .system), ("RecipientRemove", .system), ("ChannelNameChange", .system),
            ("ChannelIconChange", .system), ("8", .system), ("18", .system), ("Call", .call),
            ("Reply", .message), ("20", .message), ("Default", .message),
        ]
        for (type, kind) in cases {
            let e = try events(
                "{\"type\": \"\(type)\", \"timestamp\": \"2022-03-18T14:56:00+03:00\", \(author), \"content\": \"x\"}")
            XCTAssertEqual(e.map(\.kind), [.unparsed, kind, .unparsed], type)
            XCTAssertEqual(e[1].conversation.title, "G / #c")
            XCTAssertEqual(e[1].sender, EventSender(name: "omar", id: "1"))
        }
    }

    func testWrongTypesAreMalformed() throws {
        let t = "\"timestamp\": \"2022-03-18T14:56:00+03:00\""
        for message in [
            "42", "{\"type\": \"Default\", \(author)}", "{\"type\": 0, \(t), \(author)}",
            "{\"type\": \"Default\", \(t)}", "{\"type\": \"Default\", \(t), \"author\": {\"id\": \"1\"}}",
            "{\"type\": \"Default\", \(t), \(author), \"content\": 5}",
            "{\"type\": \"Default\", \(t), \(author), \"timestampEdited\": \"yesterday\"}",
            "{\"type\": \"Default\", \(t), \(author), \"attachments\": [{\"id\": \"1\"}]}",
            "{\"type\": \"Default\", \(t), \(author), \"stickers\": {}}",
            "{\"type\": \"Default\", \(t), \(author), \"reactions\": [{\"count\": 1, \"users\": [1]}]}",
            "{\"type\": \"Default\", \(t), \(author), \"reference\": \"1\"}",
            "{\"type\": \"Default\", \(t), \(author), \(author)}",
        ] {
            XCTAssertEqual(try events(message).map(\.reason), [.container, .malformed, .container], message)
        }
    }

    /// Media kinds from the file name; a downloaded copy is linked through the context even
    /// with Windows separators, a remote file never is.
    func testAttachmentsAndLinking() throws {
        XCTAssertEqual(DiscordMedia.media(ofFileName: "a/B.JPG"), .image)
        XCTAssertEqual(DiscordMedia.media(ofFileName: "https://cdn.discordapp.com/x/clip.mp4?ex=1"), .video)
        XCTAssertEqual(DiscordMedia.media(ofFileName: "notes"), .document)
        let map = ["x.json_Files/a-12345.png": "E1.1", "b-12345.png": "E1.2"]
        XCTAssertEqual(DiscordMedia.exhibit("x.json_Files\\a-12345.png", map), "E1.1")
        XCTAssertEqual(DiscordMedia.exhibit("C:\\media\\b-12345.png", map), "E1.2")
        XCTAssertNil(DiscordMedia.exhibit("c-12345.png", map))
        let text =
            "{\"guild\": {}, \"channel\": {}, \"messages\": [{\"type\": \"Default\", \"timestamp\": "
            + "\"2022-03-18T14:56:00+03:00\", "
            + "\(author), \"attachments\": [{\"url\": \"https://cdn.discordapp.com/attachments/1/2/b-12345.png\", "
            + "\"fileName\": \"b-12345.png\"}]}]}"
        let e = try DiscordJSONParser(ParseContext(attachmentExhibits: map)).events(MemoryInput(Array(text.utf8)))
        XCTAssertEqual(e[1].attachments, [EventAttachment(name: "b-12345.png", status: .named, media: .image)])
        XCTAssertEqual(e[1].kind, .media)
        XCTAssertNil(e[1].conversation.title)
    }

    func testGarbageAndTruncationAreOneMalformedEvent() throws {
        for text in [
            "not json", "{\"guild\": {}, \"channel\": {}, \"messages\": [", "{\"messages\": [{\"type\": \"Default\"}",
        ] {
            let events = try JSONFixtureSupport.events(DiscordJSONParser.self, text)
            XCTAssertEqual(events.last?.reason, .malformed, text)
            XCTAssertTrue(JSONFixtureSupport.tiles(events, text), text)
        }
        XCTAssertEqual(try JSONFixtureSupport.events(DiscordJSONParser.self, "").count, 0)
    }

    /// The event pass hashes again; a file that changes between the passes is refused.
    func testFileChangedBetweenPassesIsAnIOError() throws {
        let f = try XCTUnwrap(try JSONFixtureSupport.fixtures("discord").first)
        let parser = DiscordJSONParser(f.context)
        let survey = try parser.survey(MemoryInput(f.bytes))
        var other = f.bytes
        other[other.count - 1] = UInt8(ascii: " ")
        XCTAssertThrowsError(try parser.parse(MemoryInput(other), survey: survey) { _ in }) { error in
            XCTAssertEqual((error as? SanadError)?.code, .ioError)
        }
    }
}
