import Foundation
import SanadModel
@testable import SanadTimeline
import XCTest

/// The fast paths for times give exactly what the plain ones give.
final class TimelineTimeTests: XCTestCase {
    func testUTCTimeMatchesTimestamp() {
        var ms: Int64 = -2_208_988_800_000  // 1900
        while ms < 7_258_118_400_000 {  // 2200
            XCTAssertEqual(UTCTime.string(epochMilliseconds: ms), Timestamp.utc(epochMilliseconds: ms))
            ms += 86_399_937 * 17 + 123
        }
        for ms: Int64 in [0, -1, 999, -999, -1000, 951_782_400_000, 1_709_164_800_999] {
            XCTAssertEqual(UTCTime.string(epochMilliseconds: ms), Timestamp.utc(epochMilliseconds: ms))
        }
    }

    /// Zones with daylight saving, abolished daylight saving, changed standard offsets, a
    /// skipped day (Samoa, 2011) and Ramadan suspensions (Casablanca): the cached resolver
    /// must agree with `DeclaredZone.resolve` everywhere, in order and out of order.
    func testZoneResolverAgreesWithTheZoneRules() throws {
        let zones = [
            "Europe/Berlin", "America/New_York", "Asia/Baghdad", "Europe/Moscow", "Asia/Tehran",
            "America/Sao_Paulo", "Pacific/Apia", "Africa/Casablanca", "Australia/Lord_Howe", "Asia/Kolkata",
        ]
        var times: [LocalDateTime] = []
        var t: Int64 = 1_230_768_000  // 2009-01-01
        while t < 1_798_761_600 {  // 2027-01-01
            let days = Int(t / 86_400), s = Int(t % 86_400)
            let (y, m, d) = CivilDate.fromDays(days)
            times.append(LocalDateTime(year: y, month: m, day: d, hour: s / 3600, minute: s / 60 % 60, second: nil)!)
            t += 4 * 3600 + 17 * 60
        }
        let shuffled = times.enumerated().sorted { ($0.offset * 7919) % 1009 < ($1.offset * 7919) % 1009 }.map(
            \.element)
        for name in zones {
            let zone = try DeclaredZone(name: name, basis: .declaredAtIngest)
            for sequence in [times, shuffled] {
                var resolver = ZoneResolver(zone)
                for local in sequence {
                    let fast = resolver.resolve(local), plain = zone.resolve(local)
                    XCTAssertEqual(fast.epochMilliseconds, plain.epochMilliseconds, "\(name) \(local.iso)")
                    XCTAssertEqual(fast.zone, plain.zone, "\(name) \(local.iso)")
                    if fast.zone != plain.zone { return }
                }
            }
        }
    }
}
