import Foundation
import SanadModel
import SanadTimeline
import XCTest

/// Every fixture in Tests/Fixtures/image (JPEG, PNG, HEIC built byte by byte by generate.py)
/// against its hand-written golden event, and hostile images that must not crash or hang.
final class ImageFixtureTests: XCTestCase {
    static func fixtures() throws -> [TimelineFixture] {
        try TimelineFixture.all(in: "image", extensions: ["jpg", "jpeg", "png", "heic"])
    }

    static func events(_ f: TimelineFixture, _ input: some ByteInput) throws -> [TimelineEvent] {
        try ImageTimeParser(try f.context).events(input)
    }

    func testEveryFixtureGivesItsGoldenEvent() throws {
        let all = try Self.fixtures()
        XCTAssertGreaterThanOrEqual(all.count, 10)
        for f in all { try f.assertGolden(try Self.events(f, MemoryInput(f.bytes))) }
    }

    func testEveryFixtureRoundTripsAndChunksChangeNothing() throws {
        for f in try Self.fixtures() {
            let whole = try Self.events(f, MemoryInput(f.bytes))
            f.assertTiles(whole)
            for size in [1, 7, 64] {
                XCTAssertEqual(
                    try Self.events(f, MemoryInput(f.bytes, chunkSize: size)), whole, "\(f.name), chunks of \(size)")
            }
            XCTAssertEqual(try Self.events(f, FileInput(path: f.path)), whole, f.name)
        }
    }

    func testRecognitionAndRegistry() throws {
        for f in try Self.fixtures() {
            XCTAssertTrue(ImageTimeParser.recognizes(prefix: f.prefix, fileName: nil), f.name)
            XCTAssertEqual(ParserRegistry.parser(prefix: f.prefix, fileName: nil)?.name, ImageTimeParser.name, f.name)
        }
        for (path, bytes) in try TimelineFixture.everyExport() where !path.hasPrefix("image/") {
            XCTAssertFalse(
                ImageTimeParser.recognizes(prefix: Array(bytes.prefix(ParserRegistry.prefixLength)), fileName: nil),
                path)
        }
    }

    /// The weak flag is written only for the modification time, and a missing one stays absent.
    func testWeakOnlyForModificationTime() throws {
        for f in try Self.fixtures() {
            let event = try XCTUnwrap(try Self.events(f, MemoryInput(f.bytes)).first)
            XCTAssertEqual(event.parser.weak, event.parser.timeFrom == .fileModified, f.name)
            let json = CanonicalJSON.string(event.json)
            XCTAssertEqual(json.contains("\"weak\""), event.parser.weak, f.name)
        }
    }

    func testNotAnImageIsOneMalformedEvent() throws {
        let bytes = Array("hello, not an image\n".utf8)
        let events = try ImageTimeParser(ParseContext(exhibit: "E0001")).events(MemoryInput(bytes))
        XCTAssertEqual(events.map(\.reason), [.malformed])
        XCTAssertEqual(events.first?.source.length, Int64(bytes.count))
        XCTAssertEqual(try ImageTimeParser(ParseContext()).events(MemoryInput([])), [])
    }

    /// Every prefix of every fixture (a truncated download), and thousands of random byte
    /// changes, give exactly one event covering the file: never a crash, a hang or a trap.
    func testTruncatedAndMutatedImagesNeverCrash() throws {
        var rng = SplitMix(seed: 0x5A4E_AD)
        for f in try Self.fixtures() {
            let parser = ImageTimeParser(try f.context)
            for cut in stride(from: 1, to: f.bytes.count, by: 3) {
                let events = try parser.events(MemoryInput(Array(f.bytes.prefix(cut))))
                XCTAssertEqual(events.count, 1, "\(f.name) cut at \(cut)")
                XCTAssertEqual(events.first?.source.length, Int64(cut))
            }
            for _ in 0..<300 {
                var bytes = f.bytes
                for _ in 0..<(1 + Int(rng.next() % 4)) {
                    let at = Int(rng.next() % UInt64(bytes.count))
                    bytes[at] = [0x00, 0xFF, 0x7F, 0x80, UInt8(truncatingIfNeeded: rng.next())][Int(rng.next() % 5)]
                }
                XCTAssertEqual(try parser.events(MemoryInput(bytes)).count, 1, f.name)
            }
        }
    }

    /// HEIC boxes that lie: a size of 1 with a huge 64-bit size, a size smaller than the header,
    /// an `iloc` claiming 65,535 items, an extent past the end of the file.
    func testLyingHEICBoxesGiveNoTime() throws {
        let ftyp: [UInt8] = [0, 0, 0, 16] + Array("ftypheic".utf8) + [0, 0, 0, 0]
        let cases: [[UInt8]] = [
            ftyp + [0, 0, 0, 1] + Array("meta".utf8) + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
            ftyp + [0, 0, 0, 4] + Array("meta".utf8) + [0, 0, 0, 0],
            ftyp + [0, 0, 0, 40] + Array("meta".utf8) + [0, 0, 0, 0]
                + [0, 0, 0, 14] + Array("iinf".utf8) + [0, 0, 0, 0, 0xFF, 0xFF]
                + [0, 0, 0, 14] + Array("iloc".utf8) + [0, 0, 0, 0, 0x44, 0x00],
        ]
        for bytes in cases {
            let events = try ImageTimeParser(ParseContext()).events(MemoryInput(bytes))
            XCTAssertEqual(events.count, 1)
            XCTAssertNil(events.first?.localTime)
            XCTAssertEqual(events.first?.kind, .media)
        }
    }

    /// A PNG chunk whose length runs past the file, and a JPEG segment of length 0 or 1.
    func testLyingLengthsInPNGAndJPEG() throws {
        let png: [UInt8] =
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x7F, 0xFF, 0xFF, 0xFF] + Array("eXIf".utf8) + [1, 2, 3]
        let jpeg0: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x00, 0x45, 0x78]
        let jpeg1: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01, 0x45, 0x78, 0x69, 0x66]
        for bytes in [png, jpeg0, jpeg1] {
            let events = try ImageTimeParser(ParseContext(fileName: "IMG_20220318_145600.jpg")).events(
                MemoryInput(bytes))
            XCTAssertEqual(events.first?.parser.timeFrom, .fileName)
        }
    }
}
