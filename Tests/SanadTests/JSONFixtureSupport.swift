import Foundation
import SanadModel
import SanadTimeline
import XCTest

/// The fixture checks every JSON-family parser shares (Tests/Fixtures/<format>/generate.py
/// writes NAME.json, NAME.options.json and NAME.events.jsonl).
enum JSONFixtureSupport {
    static let fixturesRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    struct Fixture {
        let name: String
        let path: String
        let bytes: [UInt8]
        let golden: [String]
        let context: ParseContext
    }

    static func fixtures(_ folder: String) throws -> [Fixture] {
        let dir = fixturesRoot.appendingPathComponent(folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".options.json") }.map { String($0.dropLast(5)) }.sorted()
        return try names.map { name in
            let path = dir.appendingPathComponent("\(name).json").path
            let golden = try String(contentsOf: dir.appendingPathComponent("\(name).events.jsonl"), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            let o = try JSONParser.parse(
                Array(try Data(contentsOf: dir.appendingPathComponent("\(name).options.json"))))
            var context = ParseContext(exhibit: o["exhibit"]?.stringValue, fileName: o["file_name"]?.stringValue)
            context.platform = o["platform"]?.stringValue.flatMap(Platform.init(rawValue:))
            if let zone = o["zone"]?.stringValue,
                let basis = o["zone_basis"]?.stringValue.flatMap(ZoneBasis.init(rawValue:))
            {
                context.zone = try DeclaredZone(name: zone, basis: basis)
            }
            for (file, exhibit) in o["attachment_exhibits"]?.objectValue ?? [:] {
                context.attachmentExhibits[file] = exhibit.stringValue
            }
            return Fixture(
                name: name, path: path, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))),
                golden: golden, context: context)
        }
    }

    /// Events equal the golden lines; ranges tile the file; chunking and FileInput change nothing.
    static func checkAll<P: TimelineParser>(
        _ type: P.Type, folder: String, minimum: Int,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let all = try fixtures(folder)
        XCTAssertGreaterThanOrEqual(all.count, minimum, file: file, line: line)
        for f in all {
            let parser = P(f.context)
            let events = try parser.events(MemoryInput(f.bytes, label: f.name))
            XCTAssertEqual(events.count, f.golden.count, "\(f.name): number of events", file: file, line: line)
            for (n, (event, golden)) in zip(events, f.golden).enumerated() {
                XCTAssertEqual(
                    CanonicalJSON.string(try JSONParser.parse(golden)), golden,
                    "\(f.name) golden line \(n + 1) is not canonical", file: file, line: line)
                XCTAssertEqual(
                    CanonicalJSON.string(event.json), golden, "\(f.name) event \(n + 1)", file: file, line: line)
            }
            var rebuilt: [UInt8] = []
            for e in events {
                XCTAssertEqual(
                    e.source.offset, Int64(rebuilt.count), "\(f.name): ranges must be contiguous", file: file,
                    line: line)
                rebuilt += f.bytes[Int(e.source.offset)..<Int(e.source.offset + e.source.length)]
            }
            XCTAssertEqual(rebuilt, f.bytes, "\(f.name): round trip", file: file, line: line)
            for size in [1, 7, 64] {
                XCTAssertEqual(
                    try parser.events(MemoryInput(f.bytes, chunkSize: size)), events,
                    "\(f.name), chunks of \(size)", file: file, line: line)
            }
            XCTAssertEqual(
                try parser.events(FileInput(path: f.path)), events, "\(f.name), FileInput", file: file, line: line)
        }
    }

    /// The parser recognises its own fixtures, the registry gives them to it, and it claims no
    /// other file under Tests/Fixtures.
    static func checkRecognition<P: TimelineParser>(
        _ type: P.Type, folder: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let own = Set(try fixtures(folder).map(\.path))
        XCTAssertFalse(own.isEmpty, file: file, line: line)
        let walker = FileManager.default.enumerator(atPath: fixturesRoot.path)
        while let relative = walker?.nextObject() as? String {
            let path = fixturesRoot.appendingPathComponent(relative).path
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else { continue }
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)).prefix(ParserRegistry.prefixLength))
            let name = (relative as NSString).lastPathComponent
            if own.contains(path) {
                XCTAssertTrue(
                    P.recognizes(prefix: bytes, fileName: name), "\(relative) not recognised", file: file, line: line)
                XCTAssertTrue(
                    ParserRegistry.parser(prefix: bytes, fileName: name) == P.self,
                    "the registry gives \(relative) to another parser", file: file, line: line)
            } else if !relative.hasSuffix("generate.py") {
                XCTAssertFalse(
                    P.recognizes(prefix: bytes, fileName: name), "\(P.name) claims \(relative)", file: file, line: line)
            }
        }
    }

    /// Events of `text` read by a parser with no context.
    static func events<P: TimelineParser>(
        _ type: P.Type, _ text: String, context: ParseContext = ParseContext()
    ) throws -> [TimelineEvent] {
        try P(context).events(MemoryInput(Array(text.utf8)))
    }

    /// The ranges of `events` tile `text`.
    static func tiles(_ events: [TimelineEvent], _ text: String) -> Bool {
        var end: Int64 = 0
        for e in events {
            guard e.source.offset == end else { return false }
            end += e.source.length
        }
        return end == Int64(text.utf8.count)
    }
}
