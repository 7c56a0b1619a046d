import Foundation
import SanadCrypto
import SanadModel
import XCTest

@testable import SanadExtract
@testable import SanadTimeline

/// Every event of a timeline carries its number in its file (`source.event`, docs/TIMELINE.md
/// §2): 1, 2, 3… in the order the parser gives them, unreadable lines included, whatever the
/// filter keeps, and the same whether a large file is read in one pass or in parts (§8.5).
final class EventNumberTests: XCTestCase {
    /// Items held in memory; `onePass` hides the ranged reads, so that no file is read in parts.
    struct MemorySource: ItemSource {
        var files: [(exhibit: String, bytes: [UInt8], sensitive: Bool)]
        var onePass = false

        var description: SourceDescription { SourceDescription(kind: "memory", path: "memory") }

        var items: [TimelineItem] {
            files.enumerated().map { n, f in
                let metadata: JSONValue = [
                    "id": .string(f.exhibit), "digests": ["sha256": .string(MessageDigest.sha256Hex(f.bytes))],
                    "size": .int(Int64(f.bytes.count)), "original": ["name": "chat.txt"],
                    "collection": ["timezone": "Europe/Berlin", "date_order": "dmy"],
                ]
                var item = try! TimelineItem(metadata: metadata, ordinal: n + 1)
                if f.sensitive { item.sensitiveReason = "marked sensitive when collected by Noor" }
                return item
            }
        }

        func input(for item: TimelineItem) throws(SanadError) -> any ByteInput {
            let bytes = files.first { $0.exhibit == item.exhibit }!.bytes
            let input = MemoryInput(bytes, chunkSize: 64 << 10, label: item.exhibit)
            return onePass ? WhatsAppSplitSurveyTests.OnePass(inner: input) : input
        }
    }

    /// The timeline's lines in output order, and how many later parts were read.
    func timeline(
        _ source: MemorySource, filter: TimelineFilter = TimelineFilter()
    ) throws -> (lines: [String], laterParts: Int) {
        var options = TimelineBuilder.Options()
        options.filter = filter
        let dir = TempDir()
        let sorter = EventSorter(tempDir: dir.path, bufferBytes: 4 << 20)
        _ = try TimelineBuilder(options).build(source, into: sorter)
        var lines: [String] = []
        try sorter.drain { (_: SortKey, line: UnsafeRawBufferPointer) throws(SanadError) in
            lines.append(String(decoding: line, as: UTF8.self))
        }
        return (lines, sorter.numbers.laterParts)
    }

    func source(_ line: String) throws -> JSONValue {
        try JSONParser.parse(Array(line.utf8))["source"]!
    }

    static let small = """
        an unreadable first line
        18/03/2022, 14:56 - Sara: a message
        on two lines
        18/03/2022, 14:57 - Omar: one line
        18/03/2022, 14:58 - Sara: three
        lines
        here
        45/03/2022, 14:59 - Omar: a date no order reads
        17/03/2022, 09:00 - Sara: the clock went back

        """

    func testASmallExportIsNumberedInFileOrder() throws {
        let got = try timeline(MemorySource(files: [("E0001", Array(Self.small.utf8), false)])).lines
        // Sorted by time, the unreadable lines stay by their neighbours; by offset, numbers are 1...6.
        let sources = try got.map(source)
        XCTAssertEqual(sources.map { $0["event"]?.intValue }, [6, 1, 2, 3, 4, 5])
        XCTAssertEqual(sources.map { $0["line"]?.intValue }, [9, 1, 2, 4, 5, 8])
        XCTAssertTrue(got.allSatisfy { $0.contains("\"source\":{\"event\":") })
    }

    /// A filter keeps fewer events, never other numbers: they count what the parser gave.
    func testAFilterKeepsTheNumbers() throws {
        var filter = TimelineFilter()
        filter.contains = ["three"]
        let got = try timeline(MemorySource(files: [("E0001", Array(Self.small.utf8), false)]), filter: filter).lines
        XCTAssertEqual(try got.map { try source($0)["event"]?.intValue }, [4])
    }

    /// The placeholder of a sensitive item stands for all of its events and has no number.
    func testASensitivePlaceholderHasNoNumber() throws {
        let got = try timeline(MemorySource(files: [("E0001", Array(Self.small.utf8), true)])).lines
        XCTAssertEqual(got.count, 1)
        XCTAssertNil(try source(got[0])["event"])
        XCTAssertTrue(got[0].contains("\"source\":{\"exhibit\":\"E0001\""))
    }

    /// Files read as the timeline reads a large WhatsApp export, in parts when `split` (the
    /// survey's threshold lowered from 8 MiB to 64 bytes) or in one part, into one sorter whose
    /// small buffer spills runs, so that lines are numbered through the merge too.
    func planned(_ files: [(String, [UInt8])], split: Bool) throws -> (lines: [String], laterParts: Int) {
        let builder = TimelineBuilder(TimelineBuilder.Options())
        let dir = TempDir()
        let sorter = EventSorter(tempDir: dir.path, bufferBytes: 8 << 10)
        let source = MemorySource(files: files.map { ($0.0, $0.1, false) })
        for item in source.items {
            var parser = WhatsAppTextParser(
                ParseContext(
                    exhibit: item.exhibit, zone: try DeclaredZone(name: "Europe/Berlin", basis: .declaredAtIngest),
                    dateOrder: .dmy))
            if split { parser.splitSurveyBytes = 64 }
            let input = MemoryInput(files.first { $0.0 == item.exhibit }!.1, chunkSize: 997, label: item.exhibit)
            var outcome = TimelineBuilder.ItemOutcome(exhibit: item.exhibit, status: .read)
            try builder.readPlanned(item, input: input, parser: parser, into: sorter, outcome: &outcome)
        }
        var lines: [String] = []
        try sorter.drain { (_: SortKey, line: UnsafeRawBufferPointer) throws(SanadError) in
            lines.append(String(decoding: line, as: UTF8.self))
        }
        return (lines, sorter.numbers.laterParts)
    }

    /// Two exports in one timeline, read in parts wherever their middles fall, give the lines
    /// of the same exports read in one part, byte for byte: each file's numbers are 1...N in
    /// file order, unreadable lines included, and the second file's later part is numbered
    /// after its own first part, not the first file's.
    func testPartsGiveTheOnePassNumbersWhereverTheMiddleFalls() throws {
        let folder = WhatsAppFixtureTests.folder
        var fixtures: [[UInt8]] = []
        for name in ["android-en-malformed", "ios-en-crlf", "android-ar"] {
            let fixture = Array(try Data(contentsOf: folder.appendingPathComponent("\(name).txt")))
            var bytes: [UInt8] = []
            while bytes.count < 3 * fixture.count { bytes += fixture }
            fixtures.append(bytes)
        }
        var split = 0
        for shift in stride(from: 0, to: 1500, by: 37) {
            let pad = Array(repeating: UInt8(ascii: "x"), count: shift) + [0x0A]
            let files = [
                ("E0001", pad + fixtures[0]), ("E0002", fixtures[1] + pad), ("E0003", fixtures[2] + pad + fixtures[0]),
            ]
            let parts = try planned(files, split: true)
            let whole = try planned(files, split: false)
            XCTAssertEqual(whole.laterParts, 0)
            if parts.laterParts == 3 { split += 1 }
            XCTAssertTrue(parts.lines == whole.lines, "shift \(shift): the one-part bytes")
            var byExhibit: [String: [(offset: Int64, event: Int64?)]] = [:]
            for line in parts.lines {
                let s = try source(line)
                byExhibit[s["exhibit"]!.stringValue!, default: []].append(
                    (s["offset"]!.intValue!, s["event"]?.intValue))
            }
            for (exhibit, events) in byExhibit {
                let inFileOrder = events.sorted { $0.offset < $1.offset }.map(\.event)
                XCTAssertEqual(inFileOrder, Array(1...Int64(events.count)), "shift \(shift), \(exhibit)")
            }
        }
        XCTAssertGreaterThan(split, 10, "the middles of all three files fall before a timed header")
    }
}
