import Foundation
import SanadModel
import SanadTimeline
import XCTest

/// Every fixture in Tests/Fixtures/whatsapp against its hand-written golden events
/// (see generate.py there): the events, the survey, and the round trip.
final class WhatsAppFixtureTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/whatsapp")

    struct Fixture {
        let name: String
        let bytes: [UInt8]
        let golden: [String]
        let options: JSONValue
    }

    static func fixtures() throws -> [Fixture] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }.sorted()
        return try names.map { name in
            let bytes = Array(try Data(contentsOf: folder.appendingPathComponent("\(name).txt")))
            let golden = try String(contentsOf: folder.appendingPathComponent("\(name).events.jsonl"), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            let options = try JSONParser.parse(
                Array(try Data(contentsOf: folder.appendingPathComponent("\(name).options.json"))))
            return Fixture(name: name, bytes: bytes, golden: golden, options: options)
        }
    }

    static func parser(for f: Fixture) throws -> WhatsAppTextParser {
        let o = f.options
        var options = WhatsAppTextParser.Options(
            exhibit: o["exhibit"]?.stringValue, conversationTitle: o["title"]?.stringValue)
        if let order = o["date_order"]?.stringValue { options.dateOrder = DateOrder(option: order) }
        if let zone = o["zone"]?.stringValue {
            options.zone = try DeclaredZone(name: zone, basis: ZoneBasis(rawValue: o["zone_basis"]!.stringValue!)!)
        }
        for (file, exhibit) in o["attachment_exhibits"]?.objectValue ?? [:] {
            options.attachmentExhibits[file] = exhibit.stringValue
        }
        return WhatsAppTextParser(options)
    }

    func testThereAreEnoughFixtures() throws {
        XCTAssertGreaterThanOrEqual(try Self.fixtures().count, 15)
    }

    func testEveryFixtureGivesItsGoldenEvents() throws {
        for f in try Self.fixtures() {
            let events = try Self.parser(for: f).events(MemoryInput(f.bytes, label: f.name))
            XCTAssertEqual(events.count, f.golden.count, "\(f.name): number of events")
            for (n, (event, line)) in zip(events, f.golden).enumerated() {
                let expected = try JSONParser.parse(line)
                XCTAssertEqual(CanonicalJSON.string(expected), line, "\(f.name) golden line \(n + 1) is not canonical")
                XCTAssertEqual(CanonicalJSON.string(event.json), line, "\(f.name) event \(n + 1)")
                XCTAssertEqual(event.jsonLine, Array((line + "\n").utf8))
            }
        }
    }

    func testEveryFixtureSurveyFindsWhatTheGoldenSays() throws {
        for f in try Self.fixtures() {
            let survey = try Self.parser(for: f).survey(MemoryInput(f.bytes))
            let expect = f.options["expect_survey"]!
            XCTAssertEqual(survey.crlfFramed, expect["crlf_framed"]?.boolValue, "\(f.name): CRLF framing")
            XCTAssertEqual(
                survey.participants, expect["participants"]?.arrayValue?.compactMap(\.stringValue), "\(f.name)")
            XCTAssertEqual(survey.size, Int64(f.bytes.count))
            XCTAssertTrue(survey.isWhatsAppExport, f.name)
            let order = expect["date_order"]!
            let line = { (key: String) in Int(order[key]?.intValue ?? -1) }
            switch order["finding"]?.stringValue {
            case "decided":
                XCTAssertEqual(
                    survey.dateOrder,
                    .decided(
                        DateOrder(rawValue: order["order"]!.stringValue!)!,
                        DateOrderBasis(rawValue: order["basis"]!.stringValue!)!,
                        line: line("line")), f.name)
            case "ambiguous":
                XCTAssertEqual(survey.dateOrder, .ambiguous(line: line("line")), f.name)
            default:
                XCTAssertEqual(
                    survey.dateOrder, .inconsistent(dmyLine: line("dmy_line"), mdyLine: line("mdy_line")), f.name)
            }
        }
    }

    /// docs/TIMELINE.md §5.3: the byte ranges, in order, are the file.
    func testEveryFixtureRoundTrips() throws {
        for f in try Self.fixtures() {
            let events = try Self.parser(for: f).events(MemoryInput(f.bytes))
            var rebuilt: [UInt8] = []
            for e in events {
                XCTAssertEqual(e.source.offset, Int64(rebuilt.count), "\(f.name): ranges must be contiguous")
                rebuilt += f.bytes[Int(e.source.offset)..<Int(e.source.offset + e.source.length)]
            }
            XCTAssertEqual(rebuilt, f.bytes, f.name)
        }
    }

    /// Chunk boundaries (inside a CRLF, inside a character) must not change a single event,
    /// and reading the file from disk gives the same as reading it from memory.
    func testChunkBoundariesAndFileInputChangeNothing() throws {
        for f in try Self.fixtures() {
            let parser = try Self.parser(for: f)
            let whole = try parser.events(MemoryInput(f.bytes))
            for size in [1, 2, 3, 7, 64] {
                XCTAssertEqual(
                    try parser.events(MemoryInput(f.bytes, chunkSize: size)), whole, "\(f.name), chunks of \(size)")
            }
            let path = Self.folder.appendingPathComponent("\(f.name).txt").path
            XCTAssertEqual(try parser.events(FileInput(path: path)), whole, f.name)
        }
    }

    func testAmbiguousFixtureStatesBothReadingsUntilGivenAnOrder() throws {
        let f = try XCTUnwrap(try Self.fixtures().first { $0.name == "android-en-ambiguous" })
        let undecided = try WhatsAppTextParser().events(MemoryInput(f.bytes))
        XCTAssertEqual(undecided.count, 4)
        XCTAssertEqual(undecided.map { $0.localTimeReadings.count }, [2, 2, 1, 2])
        XCTAssertEqual(undecided[0].localTimeReadings.map(\.iso), ["2022-04-03T10:00", "2022-03-04T10:00"])
        XCTAssertTrue(undecided.allSatisfy { $0.localTime == nil && $0.time == nil })
        let mdy = try WhatsAppTextParser(.init(dateOrder: .mdy)).events(MemoryInput(f.bytes))
        XCTAssertEqual(
            mdy.map { $0.localTime?.iso },
            ["2022-03-04T10:00", "2022-03-04T10:05", "2022-04-04T09:30", "2022-05-04T11:00"])
        XCTAssertEqual(Set(mdy.map(\.parser.dateOrderBasis)), [.given])
    }
}
