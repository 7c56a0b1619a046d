import SanadModel
import XCTest

final class ModelTests: XCTestCase {
    func testExhibitIDs() {
        XCTAssertEqual(ExhibitID(number: 7).description, "E0007")
        XCTAssertEqual(ExhibitID(number: 12345).description, "E12345")
        XCTAssertEqual(ExhibitID(number: 3).child(2).description, "E0003.2")
        XCTAssertEqual(ExhibitID("E0042"), ExhibitID(number: 42))
        XCTAssertEqual(ExhibitID("E0042.10"), ExhibitID(number: 42, member: 10))
        XCTAssertEqual(ExhibitID("E12345.3"), ExhibitID(number: 12345, member: 3))
        for bad in [
            "E42", "e0042", "E0000", "E0042.", "E0042.01", "X0001", "E00a1", "E00042", "E+042", "E0042.1.2", "E0042.+1",
            "E0042.0", "E", "", "E0042/", "E١٢٣٤",
        ] {
            XCTAssertNil(ExhibitID(bad), bad)
        }
        XCTAssertLessThan(ExhibitID(number: 2), ExhibitID(number: 2, member: 1))
    }

    func testDigestListAlwaysIncludesSHA256First() throws {
        XCTAssertEqual(try DigestAlgorithm.parseList("md5,sha512"), [.sha256, .sha512, .md5])
        XCTAssertEqual(try DigestAlgorithm.parseList("SHA-1"), [.sha256, .sha1])
        XCTAssertThrowsError(try DigestAlgorithm.parseList("crc32")) { error in
            XCTAssertEqual((error as? SanadError)?.code, .usage)
        }
    }

    func testUTCTimestampFormat() {
        XCTAssertEqual(Timestamp.utc(epochMilliseconds: 0), "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(Timestamp.utc(epochMilliseconds: 1_772_397_305_123), "2026-03-01T20:35:05.123Z")
        XCTAssertEqual(Timestamp.utc(epochMilliseconds: -1), "1969-12-31T23:59:59.999Z")
        XCTAssertEqual(Timestamp.utc(epochMilliseconds: 253_402_300_799_999), "9999-12-31T23:59:59.999Z")
        // The digits are written by hand: the same as the format string they replace, across the years.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let ms = Int64.random(in: -62_000_000_000_000...253_402_300_799_999, using: &generator)
            var secs = time_t(ms >= 0 ? ms / 1000 : (ms - 999) / 1000)
            var tm = tm()
            gmtime_r(&secs, &tm)
            let expected = String(
                format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(tm.tm_year) + 1900, Int(tm.tm_mon) + 1,
                Int(tm.tm_mday), Int(tm.tm_hour), Int(tm.tm_min), Int(tm.tm_sec), Int(ms - Int64(secs) * 1000))
            XCTAssertEqual(Timestamp.utc(epochMilliseconds: ms), expected, "\(ms)")
        }
    }

    func testDeclaredTimeWithOffsetIsConvertedToUTC() throws {
        let d = try Timestamp.parseDeclared("2026-03-01T21:15:30+03:00", assumingZone: nil)
        XCTAssertEqual(d.utc, "2026-03-01T18:15:30.000Z")
        XCTAssertEqual(d.zoneSource, "offset in the value")
    }

    func testDeclaredTimeWithoutZoneNeedsAnExplicitAssumption() throws {
        XCTAssertThrowsError(try Timestamp.parseDeclared("2026-03-01T21:15:30", assumingZone: nil)) { error in
            XCTAssertEqual((error as? SanadError)?.code, .invalidTime)
        }
        let d = try Timestamp.parseDeclared("2026-03-01T21:15:30", assumingZone: "Asia/Baku")
        XCTAssertEqual(d.utc, "2026-03-01T17:15:30.000Z")
        XCTAssertEqual(d.zoneSource, "assumed Asia/Baku")
    }

    func testRejectsUnknownTimeZones() {
        for bad in ["Baghdad", "GMT+3", "Asia/Nowhere"] {
            XCTAssertThrowsError(try Timestamp.timeZone(bad), bad) { error in
                XCTAssertEqual((error as? SanadError)?.code, .invalidTimeZone)
            }
        }
    }

    func testCustodyEntryRefusesNewerFormatVersions() throws {
        var json = CustodyEntry(seq: 0, time: "t", actor: "a", action: .note, prev: CustodyEntry.genesisPrev).json
            .objectValue!
        json["v"] = 2
        guard case .failure(let e) = CustodyEntry.decode(.object(json)) else { return XCTFail("accepted v2") }
        XCTAssertEqual(e.code, .unsupportedVersion)
    }
}

final class RFC3339Tests: XCTestCase {
    func testAcceptsValidTimesExactly() throws {
        XCTAssertEqual(
            try Timestamp.parseDeclared("2024-02-29T23:59:59.5+03:00", assumingZone: nil).utc,
            "2024-02-29T20:59:59.500Z")
        XCTAssertEqual(
            try Timestamp.parseDeclared("2026-01-01T00:30:00-01:00", assumingZone: nil).utc, "2026-01-01T01:30:00.000Z")
        XCTAssertEqual(
            try Timestamp.parseDeclared("1999-12-31t23:00:00z", assumingZone: nil).utc, "1999-12-31T23:00:00.000Z")
    }

    /// Regression: a lenient formatter turned 2026-02-30 into March 2nd.
    func testRejectsImpossibleDatesAndMalformedOffsets() {
        for bad in [
            "2026-02-30T10:00:00+03:00", "2026-02-29T10:00:00Z", "2026-04-31T10:00:00Z", "2026-01-01T24:00:00Z",
            "2026-01-01T10:60:00Z", "2026-01-01T10:00:00+3:00", "2026-01-01T10:00:00+03", "2026-1-01T10:00:00Z",
            "yesterday", "2026-01-01T10:00:00Zjunk", "2026-01-01",
        ] {
            XCTAssertThrowsError(try Timestamp.parseDeclared(bad, assumingZone: nil), bad) { error in
                XCTAssertEqual((error as? SanadError)?.code, .invalidTime, bad)
                XCTAssertTrue((error as? SanadError)?.message.contains("not a valid RFC 3339 time") ?? false, bad)
            }
        }
    }

    func testMissingOffsetIsNamedAsSuch() {
        XCTAssertThrowsError(try Timestamp.parseDeclared("2026-01-01T10:00:00", assumingZone: nil)) { error in
            XCTAssertTrue((error as? SanadError)?.message.contains("has no UTC offset") ?? false)
        }
    }
}
