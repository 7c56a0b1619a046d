import Foundation
import SanadModel
import SanadTimeline
import XCTest

/// The WhatsApp parser's decisions one at a time: date order, limits, hostile input.
final class WhatsAppParserTests: XCTestCase {
    private func input(_ lines: [String], _ lineBreak: String = "\n") -> MemoryInput {
        MemoryInput(Array(lines.map { $0 + lineBreak }.joined().utf8))
    }

    private func events(_ lines: [String], order: DateOrder? = nil, zone: String? = nil) throws -> [TimelineEvent] {
        let declared = try zone.map { try DeclaredZone(name: $0, basis: .declaredAtIngest) }
        return try WhatsAppTextParser(.init(dateOrder: order, zone: declared)).events(input(lines))
    }

    private func survey(_ lines: [String]) throws -> WhatsAppSurvey {
        try WhatsAppTextParser().survey(input(lines))
    }

    private func assertRoundTrip(
        _ bytes: [UInt8], _ events: [TimelineEvent], _ message: String = "",
        file: StaticString = #filePath, line: UInt = #line
    ) {
        var offset: Int64 = 0
        for e in events {
            XCTAssertEqual(e.source.offset, offset, message, file: file, line: line)
            XCTAssertGreaterThan(e.source.length, 0, message, file: file, line: line)
            offset += e.source.length
        }
        XCTAssertEqual(offset, Int64(bytes.count), message, file: file, line: line)
    }

    // MARK: date order, decided from the whole file

    func testDayAboveTwelveDecidesDayMonthForTheWholeFile() throws {
        let lines = ["03/04/2022, 10:00 - A: one", "04/04/2022, 10:00 - B: two", "25/04/2022, 10:00 - A: three"]
        XCTAssertEqual(try survey(lines).dateOrder, .decided(.dmy, .inferred, line: 3))
        // Line 1 is read as 3 April because of line 3, not guessed on its own.
        XCTAssertEqual(
            try events(lines).map { $0.localTime?.iso }, ["2022-04-03T10:00", "2022-04-04T10:00", "2022-04-25T10:00"])
    }

    func testDayAboveTwelveInSecondPlaceDecidesMonthDay() throws {
        let lines = ["4/3/22, 9:00 AM - A: one", "4/25/22, 9:00 PM - B: two"]
        XCTAssertEqual(try survey(lines).dateOrder, .decided(.mdy, .inferred, line: 2))
        XCTAssertEqual(try events(lines).map { $0.localTime?.iso }, ["2022-04-03T09:00", "2022-04-25T21:00"])
    }

    func testFourDigitFirstNumberIsYearFirst() throws {
        let lines = ["2022-03-04 10:00 - A: one", "2022-03-05 10:01 - B: two"]
        XCTAssertEqual(try survey(lines).dateOrder, .decided(.ymd, .inferred, line: 1))
        XCTAssertEqual(try events(lines).map { $0.localTime?.iso }, ["2022-03-04T10:00", "2022-03-05T10:01"])
    }

    func testDatesThatReadTheSameEitherWayAreImmaterial() throws {
        let lines = ["05/05/22, 10:00 - A: one", "07/07/22, 10:00 - B: two"]
        XCTAssertEqual(try survey(lines).dateOrder, .decided(.dmy, .immaterial, line: nil))
        let e = try events(lines)
        XCTAssertEqual(e.map { $0.localTime?.iso }, ["2022-05-05T10:00", "2022-07-07T10:00"])
        XCTAssertEqual(e.map(\.parser.dateOrderBasis), [.immaterial, .immaterial])
    }

    func testAmbiguousFileStatesBothReadingsUntilAnOrderIsGiven() throws {
        let lines = ["05/05/22, 10:00 - A: same either way", "03/04/22, 10:00 - B: differs"]
        XCTAssertEqual(try survey(lines).dateOrder, .ambiguous(line: 2))
        // No guess: no local time, no UTC time, every reading stated, day/month first.
        let undecided = try events(lines, zone: "Asia/Baghdad")
        XCTAssertEqual(undecided.map(\.kind), [.message, .message])
        XCTAssertEqual(
            undecided.map { $0.localTimeReadings.map(\.iso) },
            [
                ["2022-05-05T10:00"], ["2022-04-03T10:00", "2022-03-04T10:00"],
            ])
        XCTAssertEqual(undecided.map(\.localTime), [nil, nil])
        XCTAssertEqual(undecided.map(\.time), [nil, nil])
        XCTAssertEqual(undecided.map(\.zone), [nil, nil])
        XCTAssertEqual(undecided.map(\.parser.dateOrderBasis), [.undecided, .undecided])
        XCTAssertEqual(undecided.map(\.parser.dateOrder), [nil, nil])
        XCTAssertEqual(undecided[1].text, "differs")
        XCTAssertTrue(
            String(decoding: undecided[1].jsonLine, as: UTF8.self).contains(
                #""local_time":null,"local_time_readings":["2022-04-03T10:00","2022-03-04T10:00"],"parser""#))
        XCTAssertEqual(
            try events(lines, order: .dmy).map { $0.localTime?.iso }, ["2022-05-05T10:00", "2022-04-03T10:00"])
        XCTAssertEqual(
            try events(lines, order: .mdy).map { $0.localTime?.iso }, ["2022-05-05T10:00", "2022-03-04T10:00"])
        XCTAssertEqual(try events(lines, order: .mdy).map(\.parser.dateOrderBasis), [.given, .given])
    }

    func testInconsistentFileIsUndecidedAndTheGivenOrderMakesTheOtherDatesUnparsed() throws {
        let lines = ["13/01/22, 10:00 - A: dmy only", "01/14/22, 10:00 - B: mdy only"]
        XCTAssertEqual(try survey(lines).dateOrder, .inconsistent(dmyLine: 1, mdyLine: 2))
        // Undecided: each line keeps the one reading it allows, and no time.
        XCTAssertEqual(
            try events(lines).map { $0.localTimeReadings.map(\.iso) }, [["2022-01-13T10:00"], ["2022-01-14T10:00"]])
        let mdy = try events(lines, order: .mdy)
        XCTAssertEqual(mdy.map(\.kind), [.unparsed, .message])
        XCTAssertEqual(mdy[0].reason, .invalidDate)
    }

    func testGivenOrderOverridesTheEvidence() throws {
        let e = try events(["25/03/22, 10:00 - A: hi"], order: .mdy)
        XCTAssertEqual(e.map(\.kind), [.unparsed])
        XCTAssertEqual(e[0].reason, .invalidDate)
    }

    func testGivenYearFirstReadsTwoDigitYearFirstDates() throws {
        let e = try events(["22/03/18, 10:00 - A: hi"], order: .ymd)
        XCTAssertEqual(e[0].localTime?.iso, "2022-03-18T10:00")
        XCTAssertEqual(e[0].parser.dateOrder, .ymd)
        XCTAssertEqual(DateOrder(option: "D/M/Y"), .dmy)
        XCTAssertNil(DateOrder(option: "dym"))
    }

    /// The stamp grammar accepts a Korean-style year-first date with dots and 오후 before the time.
    func testDottedYearFirstDateWithMeridiemBeforeTheTime() throws {
        let e = try events(["2022. 3. 18. 오후 2:56 - 민준: 안녕"])
        XCTAssertEqual(e[0].localTime?.iso, "2022-03-18T14:56")
        XCTAssertEqual(e[0].sender?.name, "민준")
    }

    // MARK: what is and is not a message

    func testTextWithoutAnyHeaderIsNotAWhatsAppExport() throws {
        let lines = ["Dear Sir,", "please find the documents attached.", "Regards"]
        let s = try survey(lines)
        XCTAssertFalse(s.isWhatsAppExport)
        let e = try events(lines)
        XCTAssertEqual(e.map(\.kind), [.unparsed, .unparsed, .unparsed])
        XCTAssertEqual(Set(e.compactMap(\.reason)), [.noHeader])
    }

    func testLooksLikeExportFromTheFirstBytes() {
        XCTAssertTrue(
            WhatsAppTextParser.looksLikeExport(prefix: Array("\u{FEFF}[18/03/2022, 14:56:01] A: hi\r\n".utf8)))
        XCTAssertTrue(WhatsAppTextParser.looksLikeExport(prefix: Array("18/03/2022, 14:56 - A: hi\n".utf8)))
        XCTAssertFalse(WhatsAppTextParser.looksLikeExport(prefix: Array("{\"messages\": []}".utf8)))
        XCTAssertFalse(WhatsAppTextParser.looksLikeExport(prefix: Array("Meeting at 14:56 on 18/03/2022\n".utf8)))
    }

    /// Android does not frame messages with CRLF: a header-looking line inside a message is a
    /// new message there, as WhatsApp itself would show it.
    func testWithoutCRLFFramingAHeaderLineIsAMessage() throws {
        let e = try events(["18/03/2022, 10:00 - A: look:", "18/03/2022, 09:00 - B: pasted"])
        XCTAssertEqual(e.map(\.sender?.name), ["A", "B"])
    }

    func testBOMAloneOnTheFirstLineIsAnUnparsedLine() throws {
        let bytes = Array("\u{FEFF}\n18/03/2022, 10:00 - A: hi\n".utf8)
        let e = try WhatsAppTextParser().events(MemoryInput(bytes))
        XCTAssertEqual(e.map(\.kind), [.unparsed, .message])
        XCTAssertEqual(e[0].text, "")
        XCTAssertEqual(e[0].source.length, 4)
        assertRoundTrip(bytes, e)
    }

    func testJoinersStayInTextAndMarksGo() throws {
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}"
        let e = try events(["18/03/2022, 10:00 - A: \u{200F}\(family) \u{2067}می\u{200C}خواهم\u{2069}\u{200E}"])
        XCTAssertEqual(e[0].text, "\(family) می\u{200C}خواهم")
    }

    func testPhoneNumbersAreReadOnlyFromWholePhoneNumberNames() {
        XCTAssertEqual(EventSender(writtenName: "+1 (555) 010-0123").phone, "+15550100123")
        XCTAssertEqual(EventSender(writtenName: "+964 770 123 4567").phone, "+9647701234567")
        XCTAssertNil(EventSender(writtenName: "Sara +964").phone)
        XCTAssertNil(EventSender(writtenName: "+12").phone)
        XCTAssertNil(EventSender(writtenName: "0770 123 4567").phone)
    }

    // MARK: zones

    func testDeclaredZonesConvertWithTheirOffsetAndRejectNonsense() throws {
        let ny = try DeclaredZone(name: "America/New_York", basis: .givenToTimeline)
        let winter = try XCTUnwrap(LocalDateTime(year: 2022, month: 1, day: 10, hour: 9, minute: 0, second: nil))
        XCTAssertEqual(
            Timestamp.utc(epochMilliseconds: ny.resolve(winter).epochMilliseconds), "2022-01-10T14:00:00.000Z")
        XCTAssertEqual(ny.resolve(winter).zone.json["offset"], "-05:00")
        let kolkata = try DeclaredZone(name: "Asia/Kolkata", basis: .declaredAtIngest)
        XCTAssertEqual(kolkata.resolve(winter).zone.json["offset"], "+05:30")
        XCTAssertThrowsError(try DeclaredZone(name: "Baghdad", basis: .declaredAtIngest)) {
            XCTAssertEqual(($0 as? SanadError)?.code, .invalidTimeZone)
        }
        XCTAssertThrowsError(try DeclaredZone(name: "UTC", basis: .sourceOffset))
    }

    func testWithoutAZoneTimeIsNullAndTheZoneSaysUnknown() throws {
        let e = try events(["18/03/2022, 10:00 - A: hi"])
        XCTAssertNil(e[0].time)
        XCTAssertEqual(e[0].zone, .unknown)
        XCTAssertEqual(e[0].json["zone"], ["basis": "unknown"])
    }

    // MARK: limits and hostile input

    func testALineLongerThanTheLimitBecomesTooLongPieces() throws {
        let long = "18/03/2022, 10:00 - A: " + String(repeating: "é", count: 1_300_000)
        let bytes = Array((long + "\n18/03/2022, 10:01 - B: after\n").utf8)
        let e = try WhatsAppTextParser().events(MemoryInput(bytes, chunkSize: 65_536))
        XCTAssertEqual(e.map(\.kind), [.unparsed, .unparsed, .unparsed, .message])
        XCTAssertEqual(Set(e.prefix(3).compactMap(\.reason)), [.tooLong])
        XCTAssertTrue(e.prefix(3).allSatisfy { $0.text != nil }, "pieces are cut between characters")
        XCTAssertEqual(e[3].text, "after")
        assertRoundTrip(bytes, e)
    }

    func testALongLineInOneBigChunkIsCutToo() throws {
        let bytes = Array(("18/03/2022, 10:00 - A: " + String(repeating: "a", count: 2_500_000) + "\n").utf8)
        let e = try WhatsAppTextParser().events(MemoryInput(bytes, chunkSize: bytes.count))
        XCTAssertEqual(e.map(\.reason), [.tooLong, .tooLong, .tooLong])
        XCTAssertTrue(e.allSatisfy { $0.source.length <= WhatsAppTextParser.maxEventBytes })
        assertRoundTrip(bytes, e)
    }

    func testADirectoryIsNotAnExport() {
        XCTAssertThrowsError(try WhatsAppTextParser().events(FileInput(path: NSTemporaryDirectory()))) {
            XCTAssertEqual(($0 as? SanadError)?.code, .pathUnreadable)
        }
    }

    func testAnEventNeverGrowsPastTheLimit() throws {
        let line = String(repeating: "x", count: 100_000)
        let lines = ["18/03/2022, 10:00 - A: start"] + Array(repeating: line, count: 25)
        let bytes = Array(lines.map { $0 + "\n" }.joined().utf8)
        let e = try WhatsAppTextParser().events(MemoryInput(bytes))
        XCTAssertEqual(e.first?.kind, .message)
        XCTAssertTrue(e.dropFirst().allSatisfy { $0.reason == .tooLong })
        XCTAssertTrue(e.allSatisfy { $0.source.length <= WhatsAppTextParser.maxEventBytes })
        assertRoundTrip(bytes, e)
    }

    func testAnInputThatChangesBetweenThePassesIsAnError() throws {
        let parser = WhatsAppTextParser()
        let first = MemoryInput(Array("18/03/2022, 10:00 - A: hi\n".utf8))
        let changed = MemoryInput(Array("18/03/2022, 10:00 - A: ho\n".utf8))
        let survey = try parser.survey(first)
        XCTAssertThrowsError(try parser.parse(changed, survey: survey) { _ in }) {
            XCTAssertEqual(($0 as? SanadError)?.code, .ioError)
        }
    }

    func testEmptyInputHasNoEvents() throws {
        let s = try WhatsAppTextParser().survey(MemoryInput([]))
        XCTAssertEqual(s.lines, 0)
        XCTAssertEqual(s.sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(try WhatsAppTextParser().events(MemoryInput([])), [])
    }

    func testAMissingFileIsPathNotFound() {
        XCTAssertThrowsError(try WhatsAppTextParser().events(FileInput(path: "/nonexistent/chat.txt"))) {
            XCTAssertEqual(($0 as? SanadError)?.code, .pathNotFound)
        }
    }

    /// Random bytes, and fixtures with random damage: never a crash, always the round trip,
    /// and anything that is not a header line is unparsed or part of an event.
    func testRandomAndDamagedInputNeverCrashesAndAlwaysRoundTrips() throws {
        let alphabet = Array("0123456789/.,:-[] APMapm\u{00A0}\u{202F}\u{200E}\u{200F}ص م،٠١٢٣\r\n\nxyz<>".utf8)
        var inputs: [[UInt8]] = []
        for seed in 0..<150 {
            let noise = testBytes(Int(seed % 7) * 300 + 1, seed: UInt64(seed))
            inputs.append(noise)
            inputs.append(noise.map { alphabet[Int($0) % alphabet.count] })
        }
        for (n, f) in try WhatsAppFixtureTests.fixtures().enumerated() {
            for seed in 0..<10 {
                var damaged = f.bytes
                for (k, r) in testBytes(8, seed: UInt64(1000 * n + seed)).enumerated() where !damaged.isEmpty {
                    let at = (Int(r) * 7919 + k * 104_729) % damaged.count
                    switch (Int(r) + k) % 4 {
                    case 0: damaged[at] = r
                    case 1: damaged.insert(0x0A, at: at)
                    case 2: damaged.remove(at: at)
                    default: damaged.insert(0x0D, at: at)
                    }
                }
                inputs.append(damaged)
            }
        }
        for (n, bytes) in inputs.enumerated() {
            for order in [nil, DateOrder.dmy] {
                let parsed = Result { () throws(SanadError) in
                    try WhatsAppTextParser(.init(dateOrder: order)).events(MemoryInput(bytes, chunkSize: 1 + n % 97))
                }
                guard case .success(let events) = parsed else {
                    // An undecidable date order no longer stops the parse: nothing may.
                    if case .failure(let e) = parsed { XCTFail("input \(n): \(e.message)") }
                    continue
                }
                assertRoundTrip(bytes, events, "input \(n)")
                for e in events where e.kind == .unparsed {
                    XCTAssertNotNil(e.reason, "input \(n)")
                }
                for e in events where e.kind != .unparsed {
                    // A header gives a local time, or (order undecided) its readings, never both.
                    XCTAssertTrue(
                        (e.localTime != nil) != !e.localTimeReadings.isEmpty,
                        "input \(n): only a header starts a parsed event")
                    if order != nil { XCTAssertTrue(e.localTimeReadings.isEmpty, "input \(n): order given") }
                }
            }
        }
    }
}
