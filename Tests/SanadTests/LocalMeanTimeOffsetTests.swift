import SanadModel
import SanadTimeline
import XCTest

/// Found by `sanad-fuzz` (docs/FUZZING.md): a Buddhist-Era year 2400 is 1857, when Berlin kept
/// local mean time, +0:53:28. The event wrote `offset` `+00:53` but applied 53 min 28 s, so
/// `time` was not `local_time` − `offset` (docs/TIMELINE.md §3).
final class LocalMeanTimeOffsetTests: XCTestCase {
    func testSubMinuteLocalMeanTimeOffsetIsAppliedAsWritten() throws {
        let zone = try DeclaredZone(name: "Europe/Berlin", basis: .declaredAtIngest)
        let parser = WhatsAppTextParser(.init(dateOrder: .dmy, zone: zone))
        let events = try parser.events(MemoryInput(Array("03/04/2400, 10:05 - Yusuf Demir: Not yet\n".utf8)))
        XCTAssertEqual(events.map { $0.localTime?.iso }, ["1857-04-03T10:05"])
        XCTAssertEqual(events.map { $0.zone?.json["offset"] }, [.string("+00:53")])
        XCTAssertEqual(events.map(\.time), ["1857-04-03T09:12:00.000Z"])
    }

    func testAnInstantInLocalMeanTimeIsShownWithTheOffsetWritten() throws {
        let clock = EventClock(declared: try DeclaredZone(name: "Europe/Berlin", basis: .declaredAtIngest))
        // 1857-04-03T09:12:00Z.
        let reading = try XCTUnwrap(clock.instant(epochMilliseconds: -3_557_918_880_000))
        XCTAssertEqual(reading.time, "1857-04-03T09:12:00.000Z")
        XCTAssertEqual(reading.localTime.iso, "1857-04-03T10:05:00")
        XCTAssertEqual(reading.zone.json["offset"], .string("+00:53"))
    }
}
