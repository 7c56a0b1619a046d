import Foundation
import SanadModel
@testable import SanadTimeline
import XCTest

/// A large export's event pass can run as two parts cut at a timed header near the middle
/// (docs/TIMELINE.md §8.5): the two parts' events, one after the other, must be exactly the
/// one-pass events, wherever the middle falls; and a part whose bytes changed must fail.
final class WhatsAppPartsTests: XCTestCase {
    private func events(
        _ parser: WhatsAppTextParser, _ input: MemoryInput, plan: WhatsAppPlan
    ) throws -> [TimelineEvent] {
        var all: [TimelineEvent] = []
        for k in 0..<parser.partCount(plan) {
            try parser.parse(input, plan: plan, part: k) { (e: TimelineEvent) throws(SanadError) in all.append(e) }
        }
        return all
    }

    func testPartsGiveTheOnePassEventsWhereverTheMiddleFalls() throws {
        let folder = WhatsAppFixtureTests.folder
        var split = 0
        for name in ["ios-en-crlf", "android-ar", "android-en-malformed", "ios-ar"] {
            let fixture = Array(try Data(contentsOf: folder.appendingPathComponent("\(name).txt")))
            var bytes: [UInt8] = []
            while bytes.count < 3 * fixture.count { bytes += fixture }
            for shift in stride(from: 0, to: fixture.count, by: 7) {
                let input = MemoryInput(
                    Array(repeating: UInt8(ascii: "x"), count: shift) + [0x0A] + bytes, chunkSize: 997)
                var parser = WhatsAppTextParser(
                    .init(
                        exhibit: "E0001", dateOrder: .dmy,
                        zone: try DeclaredZone(name: "Asia/Baghdad", basis: .declaredAtIngest)))
                parser.splitSurveyBytes = 64
                let plan = try parser.plan(input)
                var whole: [TimelineEvent] = []
                try parser.parse(WhatsAppSplitSurveyTests.OnePass(inner: input)) {
                    (e: TimelineEvent) throws(SanadError) in whole.append(e)
                }
                XCTAssertEqual(
                    plan.survey, try parser.survey(WhatsAppSplitSurveyTests.OnePass(inner: input)),
                    "\(name) shifted by \(shift)")
                XCTAssertEqual(try events(parser, input, plan: plan), whole, "\(name) shifted by \(shift)")
                if plan.parts.count == 2 {
                    split += 1
                    XCTAssertEqual(plan.parts[0].range.upperBound, plan.parts[1].range.lowerBound)
                    XCTAssertEqual(plan.parts[1].range.upperBound, Int64(input.bytes.count))
                }
            }
        }
        XCTAssertGreaterThan(split, 100, "most middles fall before a timed header")
    }

    /// No header after the middle (one long multi-line message): one part, the one-pass result.
    func testNoTimedHeaderAfterTheMiddleGivesOnePart() throws {
        var text = "18/03/2022, 14:56 - Sara: a long message\n"
        for n in 0..<200 { text += "line \(n) of the same message\n" }
        let input = MemoryInput(Array(text.utf8))
        var parser = WhatsAppTextParser(.init(dateOrder: .dmy))
        parser.splitSurveyBytes = 64
        let plan = try parser.plan(input)
        XCTAssertEqual(plan.parts.count, 1)
        XCTAssertEqual(try events(parser, input, plan: plan).count, 1)
    }

    /// A header after the middle whose date is impossible in the file's order starts an
    /// unparsed event, so the file is not cut there.
    func testAnUntimedHeaderIsNoCut() throws {
        var text = ""
        for n in 0..<20 { text += "18/03/2022, 14:\(10 + n) - Sara: message \(n)\n" }
        let middle = text.utf8.count
        text += "45/03/2022, 14:30 - Sara: a date no order reads\n"
        for n in 0..<3 { text += "18/03/2022, 15:\(10 + n) - Omar: reply \(n)\n" }
        text = String(repeating: "x", count: max(0, middle - 40)) + "\n" + text
        let input = MemoryInput(Array(text.utf8))
        var parser = WhatsAppTextParser(.init(dateOrder: .dmy))
        parser.splitSurveyBytes = 64
        let plan = try parser.plan(input)
        if plan.parts.count == 2 {
            let cut = Int(plan.parts[1].range.lowerBound)
            XCTAssertFalse(
                String(decoding: input.bytes[cut...].prefix(2), as: UTF8.self) == "45",
                "never cut at the untimed header")
        }
        var whole: [TimelineEvent] = []
        try parser.parse(WhatsAppSplitSurveyTests.OnePass(inner: input)) { (e: TimelineEvent) throws(SanadError) in
            whole.append(e)
        }
        XCTAssertEqual(try events(parser, input, plan: plan), whole)
    }

    /// The second part is checked against the digest the survey took of it.
    func testAPartThatChangedFails() throws {
        let dir = TempDir()
        var text = ""
        for n in 0..<400 {
            text += "18/03/2022, \(10 + n / 60):\(String(format: "%02d", n % 60)) - Sara: message \(n)\n"
        }
        let path = dir.write("chat.txt", Array(text.utf8))
        let input = FileInput(path: path, label: "E0001")
        var parser = WhatsAppTextParser(.init(dateOrder: .dmy))
        parser.splitSurveyBytes = 64
        let plan = try parser.plan(input)
        XCTAssertEqual(plan.parts.count, 2)
        var bytes = Array(text.utf8)
        bytes[bytes.count - 5] ^= 1
        chmod(path, 0o644)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        try parser.parse(input, plan: plan, part: 0) { (_: TimelineEvent) throws(SanadError) in }
        XCTAssertThrowsError(try parser.parse(input, plan: plan, part: 1) { (_: TimelineEvent) throws(SanadError) in })
        { error in
            XCTAssertEqual((error as? SanadError)?.code, .ioError)
        }
    }
}
