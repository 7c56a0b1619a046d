import Foundation
import SanadModel
import SanadTimeline
import XCTest

/// The checks every fixture of a markup format (SMS Backup & Restore XML, Telegram HTML)
/// must pass: golden events, round trip, chunking, and recognition (docs/TIMELINE.md §7).
enum MarkupFixtureSupport {
    static let fixturesRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    struct Fixture {
        let name: String
        let path: String
        let bytes: [UInt8]
        let golden: [String]
        let options: JSONValue
    }

    static func fixtures(_ folder: String, ext: String) throws -> [Fixture] {
        let dir = fixturesRoot.appendingPathComponent(folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasSuffix(".\(ext)") }.map { String($0.dropLast(ext.count + 1)) }.sorted()
        return try names.map { name in
            let path = dir.appendingPathComponent("\(name).\(ext)").path
            let golden = try String(contentsOf: dir.appendingPathComponent("\(name).events.jsonl"), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            let options = try JSONParser.parse(
                Array(try Data(contentsOf: dir.appendingPathComponent("\(name).options.json"))))
            return Fixture(
                name: name, path: path, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))),
                golden: golden, options: options)
        }
    }

    static func context(_ f: Fixture) throws -> ParseContext {
        var context = ParseContext(
            exhibit: f.options["exhibit"]?.stringValue, fileName: f.options["file_name"]?.stringValue)
        if let zone = f.options["zone"]?.stringValue, let basis = f.options["zone_basis"]?.stringValue {
            context.zone = try DeclaredZone(name: zone, basis: ZoneBasis(rawValue: basis)!)
        }
        return context
    }

    static func checkGolden(
        _ f: Fixture, _ events: [TimelineEvent], file: StaticString = #filePath, line: UInt = #line
    ) throws {
        XCTAssertEqual(events.count, f.golden.count, "\(f.name): number of events", file: file, line: line)
        for (n, (event, golden)) in zip(events, f.golden).enumerated() {
            XCTAssertEqual(
                CanonicalJSON.string(try JSONParser.parse(golden)), golden, "\(f.name) golden \(n + 1) not canonical",
                file: file, line: line)
            XCTAssertEqual(CanonicalJSON.string(event.json), golden, "\(f.name) event \(n + 1)", file: file, line: line)
        }
    }

    static func checkRoundTrip(
        _ f: Fixture, _ events: [TimelineEvent], file: StaticString = #filePath, line: UInt = #line
    ) {
        var rebuilt: [UInt8] = []
        for e in events {
            XCTAssertEqual(
                e.source.offset, Int64(rebuilt.count), "\(f.name): ranges must be contiguous", file: file, line: line)
            guard e.source.offset >= 0, e.source.offset + e.source.length <= Int64(f.bytes.count) else {
                XCTFail("\(f.name): range outside the file", file: file, line: line)
                return
            }
            rebuilt += f.bytes[Int(e.source.offset)..<Int(e.source.offset + e.source.length)]
        }
        XCTAssertEqual(rebuilt, f.bytes, "\(f.name): the ranges do not give back the file", file: file, line: line)
    }

    static func checkChunking<P: TimelineParser>(
        _ f: Fixture, _ parser: P, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let whole = try parser.events(MemoryInput(f.bytes))
        for size in [1, 7, 64] {
            XCTAssertEqual(
                try parser.events(MemoryInput(f.bytes, chunkSize: size)), whole, "\(f.name), chunks of \(size)",
                file: file, line: line)
        }
        XCTAssertEqual(
            try parser.events(FileInput(path: f.path)), whole, "\(f.name), FileInput", file: file, line: line)
    }

    /// Every file under Tests/Fixtures that is an export (not golden or options).
    static func allExportFiles() throws -> [String] {
        var paths: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: fixturesRoot.path)
        while let relative = enumerator?.nextObject() as? String {
            if relative.hasSuffix(".events.jsonl") || relative.hasSuffix(".options.json") || relative.hasSuffix(".py") {
                continue
            }
            var isDirectory: ObjCBool = false
            let path = fixturesRoot.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                paths.append(path)
            }
        }
        return paths.sorted()
    }

    static func prefix(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)).prefix(ParserRegistry.prefixLength))
    }
}
