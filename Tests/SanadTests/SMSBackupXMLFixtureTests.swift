import Foundation
import SanadModel
import SanadTimeline
import XCTest

/// Every fixture in Tests/Fixtures/sms-backup-xml against its hand-written golden events
/// (see generate.py there), and the parser on broken input.
final class SMSBackupXMLFixtureTests: XCTestCase {
    typealias Support = MarkupFixtureSupport

    static func fixtures() throws -> [Support.Fixture] { try Support.fixtures("sms-backup-xml", ext: "xml") }

    static func parser(_ f: Support.Fixture) throws -> SMSBackupXMLParser { SMSBackupXMLParser(try Support.context(f)) }

    func testThereAreEnoughFixtures() throws {
        XCTAssertGreaterThanOrEqual(try Self.fixtures().count, 4)
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
            XCTAssertTrue(SMSBackupXMLParser.recognizes(prefix: prefix, fileName: nil), f.name)
            XCTAssertEqual(ParserRegistry.parser(prefix: prefix, fileName: nil)?.name, SMSBackupXMLParser.name, f.name)
        }
    }

    func testDoesNotClaimOtherFormats() throws {
        for path in try Support.allExportFiles() where !path.contains("/sms-backup-xml/") {
            XCTAssertFalse(SMSBackupXMLParser.recognizes(prefix: try Support.prefix(path), fileName: nil), path)
        }
        XCTAssertFalse(
            SMSBackupXMLParser.recognizes(prefix: Array("<?xml version='1.0'?><rss>".utf8), fileName: "sms.xml"))
    }

    // MARK: broken input

    private func events(_ text: String) throws -> [TimelineEvent] {
        try SMSBackupXMLParser(ParseContext()).events(MemoryInput(Array(text.utf8)))
    }

    private let head = "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"1\">\n"

    func testTruncatedInsideATagIsMalformedToTheEnd() throws {
        let text = head + "  <sms address=\"+9647700000001\" date=\"16476045"
        let all = try events(text)
        XCTAssertEqual(all.map(\.kind), [.unparsed, .unparsed])
        XCTAssertEqual(all.map(\.reason), [.container, .malformed])
        XCTAssertEqual(all.last.map { $0.source.offset + $0.source.length }, Int64(text.utf8.count))
    }

    func testWrongTypesAreMalformed() throws {
        for attributes in [
            "date=\"null\" type=\"1\" body=\"x\"", "date=\"1647604560000\" type=\"two\" body=\"x\"",
            "date=\"1647604560000\" type=\"1\"",
        ] {
            let all = try events(head + "  <sms address=\"+1\" \(attributes) />\n</smses>\n")
            XCTAssertEqual(all.map(\.reason), [.container, .malformed, .container], attributes)
        }
    }

    func testADateOutsideTheCalendarIsInvalidDate() throws {
        let all = try events(
            head + "  <sms address=\"+1\" date=\"999999999999999999\" type=\"1\" body=\"x\" />\n</smses>\n")
        XCTAssertEqual(all.map(\.reason), [.container, .invalidDate, .container])
    }

    func testBodyThatIsNotUTF8IsNotUTF8() throws {
        var bytes = Array((head + "  <sms address=\"+1\" date=\"1647604560000\" type=\"1\" body=\"").utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array("\" />\n</smses>\n".utf8)
        let all = try SMSBackupXMLParser(ParseContext()).events(MemoryInput(bytes))
        XCTAssertEqual(all.map(\.reason), [.container, .notUTF8, .container])
    }

    func testGarbageNeverCrashesAndAlwaysTiles() throws {
        var seed: UInt64 = 0x5A4E_4144
        for round in 0..<200 {
            var bytes: [UInt8] = Array((head + "  <sms date=\"1\" type=\"1\" body=\"a\" />\n").utf8)
            for _ in 0..<(round % 50 + 1) {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let alphabet: [UInt8] = Array("<>/=\"' !-?&#;xsmaddr\n".utf8) + [0xFF, 0xC3]
                bytes.append(alphabet[Int(seed >> 33) % alphabet.count])
            }
            let all = try SMSBackupXMLParser(ParseContext()).events(MemoryInput(bytes, chunkSize: round % 7 + 1))
            var end: Int64 = 0
            for e in all {
                XCTAssertEqual(e.source.offset, end)
                end = e.source.offset + e.source.length
            }
            XCTAssertEqual(end, Int64(bytes.count))
        }
    }

    func testAHugeAttributeKeepsOnlyItsSize() throws {
        let data = String(repeating: "QUJD", count: 600_000)
        let text =
            head + "  <mms date=\"1647604560000\" msg_box=\"1\" address=\"+9647700000001\"><parts>"
            + "<part ct=\"image/jpeg\" cl=\"a.jpg\" data=\"\(data)\" /></parts></mms>\n</smses>\n"
        let all = try events(text)
        XCTAssertEqual(all.map(\.kind), [.unparsed, .media, .unparsed])
        XCTAssertEqual(all[1].attachments, [EventAttachment(name: "a.jpg", status: .named, media: .image)])
    }
}
