import Foundation
import SanadModel
import SanadTimeline
import XCTest

/// Fixtures of one folder under Tests/Fixtures written by its generate.py: the export, its
/// ParseContext (NAME.options.json) and its hand-written golden events (NAME.events.jsonl).
struct TimelineFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    let name: String
    let path: String
    let bytes: [UInt8]
    let golden: [String]
    let options: JSONValue

    /// Every fixture in `folder` whose file ends in one of `extensions`.
    static func all(in folder: String, extensions: [String]) throws -> [TimelineFixture] {
        let dir = root.appendingPathComponent(folder)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        return try files.compactMap { file -> TimelineFixture? in
            guard let ext = extensions.first(where: { file.hasSuffix("." + $0) }) else { return nil }
            let name = String(file.dropLast(ext.count + 1))
            let url = dir.appendingPathComponent(file)
            let golden = try String(contentsOf: dir.appendingPathComponent("\(name).events.jsonl"), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            let options = try JSONParser.parse(
                Array(try Data(contentsOf: dir.appendingPathComponent("\(name).options.json"))))
            return TimelineFixture(
                name: name, path: url.path, bytes: Array(try Data(contentsOf: url)), golden: golden,
                options: options)
        }
    }

    /// Every export file under Tests/Fixtures, of every format: what a parser must not claim.
    static func everyExport() throws -> [(path: String, bytes: [UInt8])] {
        var out: [(String, [UInt8])] = []
        let walker = FileManager.default.enumerator(atPath: root.path)
        while let rel = walker?.nextObject() as? String {
            if rel.hasSuffix(".events.jsonl") || rel.hasSuffix(".options.json") || rel.hasSuffix(".py") { continue }
            let url = root.appendingPathComponent(rel)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue else {
                continue
            }
            out.append((rel, Array(try Data(contentsOf: url))))
        }
        return out
    }

    /// The ParseContext the options describe.
    var context: ParseContext {
        get throws {
            let o = options
            var c = ParseContext(
                exhibit: o["exhibit"]?.stringValue, fileName: o["file_name"]?.stringValue,
                fileModified: o["file_modified"]?.stringValue)
            if let p = o["platform"]?.stringValue { c.platform = Platform(rawValue: p) }
            if let zone = o["zone"]?.stringValue {
                c.zone = try DeclaredZone(name: zone, basis: ZoneBasis(rawValue: o["zone_basis"]?.stringValue ?? "")!)
            }
            for (file, exhibit) in o["attachment_exhibits"]?.objectValue ?? [:] {
                c.attachmentExhibits[file] = exhibit.stringValue
            }
            return c
        }
    }

    var prefix: [UInt8] { Array(bytes.prefix(ParserRegistry.prefixLength)) }

    /// The events equal the golden lines, which are canonical.
    func assertGolden(_ events: [TimelineEvent], file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(events.count, golden.count, "\(name): number of events", file: file, line: line)
        for (n, (event, expected)) in zip(events, golden).enumerated() {
            XCTAssertEqual(
                CanonicalJSON.string(try JSONParser.parse(expected)), expected, "\(name) golden \(n + 1) not canonical",
                file: file, line: line)
            XCTAssertEqual(CanonicalJSON.string(event.json), expected, "\(name) event \(n + 1)", file: file, line: line)
        }
    }

    /// The byte ranges, in order, are the file.
    func assertTiles(_ events: [TimelineEvent], file: StaticString = #filePath, line: UInt = #line) {
        var rebuilt: [UInt8] = []
        for e in events {
            XCTAssertEqual(
                e.source.offset, Int64(rebuilt.count), "\(name): ranges must be contiguous", file: file, line: line)
            guard e.source.offset >= 0, e.source.offset + e.source.length <= Int64(bytes.count) else {
                XCTFail("\(name): range past the end", file: file, line: line)
                return
            }
            rebuilt += bytes[Int(e.source.offset)..<Int(e.source.offset + e.source.length)]
        }
        XCTAssertEqual(rebuilt, bytes, name, file: file, line: line)
    }
}
