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

    /// The names phones and apps give saved pictures, seen in real exports and on devices: each
    /// read as the wall-clock time it writes; names that carry only a date or a counter, none.
    func testFileNamesOfCommonPhonesAndApps() throws {
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xD9]
        let names: [(String, String?)] = [
            ("telegram_2020-01-30_09-57-18.jpg", "2020-01-30T09:57:18"),  // Telegram Desktop, Save as
            ("photo_2020-01-30_09-57-18.jpg", "2020-01-30T09:57:18"),
            ("photo_1@29-07-2025_02-18-45_thumb.jpg", "2025-07-29T02:18:45"),  // Telegram export: day first
            ("video_12@12-11-2020_13-01-05.mp4", "2020-11-12T13:01:05"),
            ("round_video_3@01-02-2021_08-00-00.mp4", "2021-02-01T08:00:00"),
            ("00000012-PHOTO-2026-03-01-21-14-05.jpg", "2026-03-01T21:14:05"),  // WhatsApp iOS export
            ("00000043-STICKER-2022-03-27-21-49-16.webp", "2022-03-27T21:49:16"),
            ("signal-2020-01-30-095718.jpg", "2020-01-30T09:57:18"),  // Signal
            ("signal-2023-05-01-12-34-56-789.jpg", "2023-05-01T12:34:56"),
            ("Screenshot_20200130-095718_WhatsApp.jpg", "2020-01-30T09:57:18"),  // Samsung
            ("Screenshot_2020-01-30-09-57-18-123_com.whatsapp.jpg", "2020-01-30T09:57:18"),  // Xiaomi
            ("Screenshot 2020-01-30 at 09.57.18.png", "2020-01-30T09:57:18"),  // macOS
            ("Screenshot 2020-01-30 095718.png", "2020-01-30T09:57:18"),  // Windows 11 Snipping Tool
            ("Screenshot from 2022-09-11 05-02-49.png", "2022-09-11T05:02:49"),  // GNOME
            ("IMG_20200130_095718.jpg", "2020-01-30T09:57:18"),  // Android camera
            ("20200130_095718.jpg", "2020-01-30T09:57:18"),  // Samsung camera
            ("video_20220619_152222.mp4", "2022-06-19T15:22:22"),
            ("WhatsApp Image 2020-01-30 at 9.57.18 AM.jpeg", "2020-01-30T09:57:18"),
            // A date alone, a counter, an impossible date: no time from the name.
            ("IMG-20220323-WA0002.jpg", nil), ("IMG_1234.JPG", nil), ("Screenshot (12).png", nil),
            ("telegram_2020-13-30_09-57-18.jpg", nil), ("photo_@29-07-2025_02-18-45.jpg", nil),
        ]
        for (name, expected) in names {
            let events = try ImageTimeParser(ParseContext(fileName: name)).events(MemoryInput(jpeg))
            let event = try XCTUnwrap(events.first, name)
            XCTAssertEqual(event.localTime?.iso, expected, name)
            XCTAssertEqual(event.parser.timeFrom, expected == nil ? nil : .fileName, name)
        }
    }
}
