import Foundation
import SanadModel
import SanadSQLite
import SanadSearch
import SanadTimeline
import XCTest

/// The search index: Arabic folding, the query syntax and its safety, ranking, snippets,
/// filters, and rebuild and staleness (docs/TIMELINE.md, Search).
final class SearchIndexTests: XCTestCase {
    /// An event whose `source.line` identifies it in assertions.
    static func event(
        _ line: Int, _ text: String?, sender: EventSender? = EventSender(name: "Sara Haddad"),
        title: String? = nil, platform: Platform = .whatsapp, kind: EventKind = .message,
        attachments: [EventAttachment] = [], time: String? = "2022-03-18T11:56:00.000Z"
    ) -> TimelineEvent {
        TimelineEvent(
            time: time, localTime: LocalDateTime(year: 2022, month: 3, day: 18, hour: 14, minute: 56, second: nil),
            zone: EventZone(basis: .declaredAtIngest, name: "Asia/Baghdad", offsetSeconds: 10_800),
            platform: platform, conversation: Conversation(title: title, participants: ["Sara Haddad", "Omar Aziz"]),
            sender: sender, kind: kind, text: text, attachments: attachments,
            source: EventSource(
                exhibit: "E0001", sha256: String(repeating: "ab", count: 32), offset: Int64(line * 100),
                length: 100, line: line),
            parser: ParserInfo(name: "whatsapp-txt", version: "1"))
    }

    private var dir: TempDir!

    override func setUp() { dir = TempDir() }
    override func tearDown() { dir = nil }

    private func index(_ events: [TimelineEvent], builtFrom: String = "head-1") throws -> SearchIndex {
        let path = dir.path + "/index/search.sqlite"
        try SearchIndex.rebuild(at: path, builtFrom: builtFrom, events: events)
        return try SearchIndex(path: path)
    }

    /// Source lines of the hits, in rank order.
    private func lines(_ index: SearchIndex, _ query: String, filter: SearchFilter = SearchFilter()) throws -> [Int] {
        try index.search(query, filter: filter, limit: 100).map { hit in
            guard case .object(let o) = try hit.event(), case .object(let source)? = o["source"],
                case .int(let line)? = source["line"]
            else { XCTFail("no source.line"); return -1 }
            return Int(line)
        }
    }

    private func assertUsage(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            XCTAssertEqual((error as? SanadError)?.code, .usage, "\(error)", file: file, line: line)
        }
    }

    // MARK: Arabic

    func testArabicWithAndWithoutHarakatTatweelAndAlefVariantsFindsTheSameEvents() throws {
        let idx = try index([
            Self.event(1, "مَرْحَبًا يا أَحْمَد، هل وصلتَ إلى المدرسة؟"),
            Self.event(2, "مرحبا يا احمد"),
            Self.event(3, "مـــرحـبا يا إحمد"),
            Self.event(4, "شكرا جزيلا"),
            Self.event(5, "ٱلمدرسه مغلقة"),
        ])
        for q in ["مرحبا", "مَرْحَبًا", "مـرحبا", "مرحباً"] {
            XCTAssertEqual(Set(try lines(idx, q)), [1, 2, 3], q)
        }
        for q in ["احمد", "أحمد", "إحمد", "آحمد", "أَحْمَد"] {
            XCTAssertEqual(Set(try lines(idx, q)), [1, 2, 3], q)
        }
        // ة and ه, ى and ي, ٱ and ا are one letter to the search.
        XCTAssertEqual(Set(try lines(idx, "المدرسة")), [1, 5])
        XCTAssertEqual(Set(try lines(idx, "المدرسه")), [1, 5])
        XCTAssertEqual(try lines(idx, "الي"), [1])
        XCTAssertEqual(try lines(idx, "شكرا"), [4])
    }

    func testArabicIndicAndPersianDigitsFindASCIIDigitsAndBack() throws {
        let idx = try index([
            Self.event(1, "الإيجار 250000 دينار"),
            Self.event(2, "رقمي ٠٧٧٠١٢٣٤٥٦٧"),
            Self.event(3, "۱۵ آذار"),
        ])
        XCTAssertEqual(try lines(idx, "٢٥٠٠٠٠"), [1])
        XCTAssertEqual(try lines(idx, "۲۵۰۰۰۰"), [1])
        XCTAssertEqual(try lines(idx, "07701234567"), [2])
        XCTAssertEqual(try lines(idx, "0770*"), [2])
        XCTAssertEqual(try lines(idx, "15 اذار"), [3])
    }

    func testSnippetShowsTheOriginalTextWithTheMatchMarked() throws {
        let idx = try index([Self.event(1, "قال: مَرْحَبًا يا أَحْمَد")])
        let hit = try XCTUnwrap(try idx.search("مرحبا احمد").first)
        XCTAssertEqual(hit.snippet.segments.filter(\.isMatch).map(\.text), ["مَرْحَبًا", "أَحْمَد"])
        XCTAssertEqual(hit.snippet.rendered(open: "[", close: "]"), "قال: [مَرْحَبًا] يا [أَحْمَد]")
    }

    func testFoldingMappings() {
        XCTAssertEqual(SearchFolding.fold("أإآٱا"), "ااااا")
        XCTAssertEqual(SearchFolding.fold("مَرْحَبًا"), "مرحبا")
        XCTAssertEqual(SearchFolding.fold("مـــرحبا"), "مرحبا")
        XCTAssertEqual(SearchFolding.fold("على مدرسة"), "علي مدرسه")
        XCTAssertEqual(SearchFolding.fold("مسؤول بريئة"), "مسوول برييه")
        XCTAssertEqual(SearchFolding.fold("علی کتاب"), "علي كتاب")
        XCTAssertEqual(SearchFolding.fold("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹"), "0123456789 0123456789")
        XCTAssertEqual(
            SearchFolding.fold("می\u{200C}خواهم\u{200F}"), "میخواهم".replacingOccurrences(of: "ی", with: "ي"))
        // Hamza alone is a letter, not a mark.
        XCTAssertEqual(SearchFolding.fold("ماء"), "ماء")
    }

    func testTheArticleAndOneLetterPrefixesAreFolded() throws {
        XCTAssertEqual(SearchFolding.fold("الشرطة شرطة والشرطة بالشرطة للشرطة"), "شرطه شرطه شرطه شرطه شرطه")
        XCTAssertEqual(SearchFolding.fold("وصلت فالصورة كالبيت"), "صلت صوره بيت")
        // Short words keep their first letters: ورد (rose), بيت (house), الم (pain).
        XCTAssertEqual(SearchFolding.fold("ورد بيت الم"), "ورد بيت الم")
        // و and the article, in either order, and never in the middle of a word.
        XCTAssertEqual(SearchFolding.fold("والولد وبالصورة مالك ووالد"), "ولد صوره مالك الد")
        // Every spelling of one word gives one token, whatever prefixes it carries.
        for group in [["وزير", "الوزير", "والوزير", "وبالوزير"], ["والد", "الوالد"], ["ولد", "الولد", "والولد"]] {
            XCTAssertEqual(Set(group.map(SearchFolding.fold)).count, 1, "\(group)")
        }
        // The article is not taken from a word it would leave with two letters: الله is not له.
        XCTAssertEqual(SearchFolding.fold("الله له"), "الله له")
        let idx = try index([Self.event(1, "ذهبت إلى الشرطة"), Self.event(2, "وبالصورة دليل"), Self.event(3, "شرطي")])
        XCTAssertEqual(try idx.search("شرطة").map(\.rank), [1])
        XCTAssertEqual(try idx.search("الشرطة").count, 1)
        XCTAssertEqual(try idx.search("صورة").first?.event()["text"]?.stringValue, "وبالصورة دليل")
        let words = try index([
            Self.event(1, "قابلت الوزير"), Self.event(2, "الله كريم"), Self.event(3, "قلت له"),
            Self.event(4, "الوالد هنا"),
        ])
        XCTAssertEqual(try words.search("وزير").map { try $0.event()["text"]?.stringValue }, ["قابلت الوزير"])
        XCTAssertEqual(try words.search("والد").count, 1)
        XCTAssertEqual(try words.search("الله").map { try $0.event()["text"]?.stringValue }, ["الله كريم"])
    }

    func testSenderPhoneTitleAndAttachmentNamesAreSearchable() throws {
        let idx = try index([
            Self.event(1, "hello", sender: EventSender(writtenName: "+964 770 123 4567")),
            Self.event(
                2, nil, kind: .media, attachments: [EventAttachment(name: "IMG-20220318-WA0001.jpg", status: .named)]),
            Self.event(3, "hi", title: "Rent March"),
            Self.event(4, "hi", sender: EventSender(name: "عُمَر عزيز")),
        ])
        XCTAssertEqual(try lines(idx, "+9647701234567"), [1])
        XCTAssertEqual(try lines(idx, "\"770 123\""), [1])
        XCTAssertEqual(try lines(idx, "wa0001"), [2])
        XCTAssertEqual(try lines(idx, "march"), [3])
        XCTAssertEqual(try lines(idx, "عمر"), [4])
    }

    // MARK: Query syntax

    func testPhraseAndPrefix() throws {
        let idx = try index([
            Self.event(1, "The rent is due on Friday"),
            Self.event(2, "Friday: rent is DUE"),
            Self.event(3, "renting a flat"),
        ])
        XCTAssertEqual(Set(try lines(idx, "\"rent is due\"")), [1, 2])
        XCTAssertEqual(try lines(idx, "\"due on friday\""), [1])
        XCTAssertEqual(try lines(idx, "“friday rent”"), [2], "iOS curly quotes")
        XCTAssertEqual(Set(try lines(idx, "rent due")), [1, 2], "every word must match, in any order")
        XCTAssertEqual(try lines(idx, "ren"), [])
        XCTAssertEqual(Set(try lines(idx, "ren*")), [1, 2, 3])
        XCTAssertEqual(try lines(idx, "\"is due o\"*"), [1])
    }

    func testQueryParsing() throws {
        let q = try SearchQuery("rent \"due on\" fri* \"a b\"* **")
        XCTAssertEqual(
            q.terms,
            [
                .init(text: "rent"), .init(text: "due on", isPhrase: true), .init(text: "fri", isPrefix: true),
                .init(text: "a b", isPhrase: true, isPrefix: true),
            ])
        XCTAssertEqual(
            try SearchQuery("\"unterminated phrase").terms, [.init(text: "unterminated phrase", isPhrase: true)])
    }

    func testQueriesFullOfFTS5SyntaxNeverRaiseSQLErrors() throws {
        let idx = try index([Self.event(1, "rent due"), Self.event(2, "x or y (draft)")])
        let hostile = [
            "\"", "\"\"\"", "rent\"", "a\"b\"c", "AND", "rent AND", "OR rent", "NOT", "NEAR(rent due, 2)", "rent:due",
            "text:rent", "{text sender}: rent", "^rent", "-rent", "+rent", "(rent", "rent)", "*rent", "rent**",
            "\"rent\" OR \"due\"", "'; DROP TABLE events; --", "\u{00}rent", "rent\u{02}due\u{03}", "col:\"x\"*",
        ]
        for q in hostile {
            do {
                _ = try idx.search(q)
            } catch {
                XCTAssertEqual(error.code, .usage, "\(q): \(error)")
            }
        }
        // OR is a word, not an operator: "rent OR nothing" would otherwise find event 1.
        XCTAssertEqual(try lines(idx, "rent OR nothing"), [])
        XCTAssertEqual(try lines(idx, "x OR y"), [2])
        XCTAssertEqual(try lines(idx, "(draft)"), [2])
        XCTAssertEqual(try lines(idx, "text:rent"), [], "not a column filter: 'text' is searched as a word")
    }

    func testEmptyQueriesAreUsageErrors() throws {
        let idx = try index([Self.event(1, "rent")])
        for q in ["", "   ", "\"\"", "*", "!!! ???", "\u{064E}", "ـــ"] {
            assertUsage { _ = try idx.search(q) }
        }
        assertUsage { _ = try SearchQuery("") }
        assertUsage { _ = try idx.search("rent", limit: 0) }
    }

    // MARK: Ranking, filters, stored events

    func testRankingPutsTheBetterMatchFirst() throws {
        let idx = try index(
            [
                Self.event(
                    1, "we talked about many things today, the weather, the car, the children, and the rent too"),
                Self.event(2, "hi", title: "rent"),
                Self.event(3, "rent! the rent, the RENT"),
            ] + (4...9).map { Self.event($0, "something else entirely") })
        let hits = try idx.search("rent")
        XCTAssertEqual(try lines(idx, "rent"), [3, 1, 2])
        XCTAssertEqual(hits.map(\.rank), [1, 2, 3])
        XCTAssertTrue(hits[0].score > hits[1].score && hits[1].score > hits[2].score, "\(hits.map(\.score))")
        XCTAssertEqual(try idx.search("rent", limit: 1, offset: 1).map(\.rank), [2])
        XCTAssertEqual(try idx.count(SearchQuery("rent")), 3)
    }

    func testFiltersByPlatformKindExhibitAndTime() throws {
        let idx = try index([
            Self.event(1, "rent", platform: .whatsapp, time: "2022-03-18T11:56:00.000Z"),
            Self.event(2, "rent", platform: .telegram, kind: .edited, time: "2022-04-01T00:00:00.000Z"),
            Self.event(3, "rent", platform: .telegram, time: nil),
        ])
        XCTAssertEqual(Set(try lines(idx, "rent", filter: SearchFilter(platforms: [.telegram]))), [2, 3])
        XCTAssertEqual(try lines(idx, "rent", filter: SearchFilter(kinds: [.edited])), [2])
        XCTAssertEqual(try lines(idx, "rent", filter: SearchFilter(exhibits: ["E0002"])), [])
        var range = SearchFilter()
        try range.setTimeRange(since: "2022-03-18T14:56:00+03:00", until: "2022-04-01T00:00:00Z")
        XCTAssertEqual(
            try lines(idx, "rent", filter: range), [1], "since is inclusive, until exclusive, no time never passes")
        XCTAssertThrowsError(try range.setTimeRange(since: "2022-03-18T14:56:00", until: nil)) {
            XCTAssertEqual(($0 as? SanadError)?.code, .invalidTime)
        }
    }

    func testHitsCarryTheEventsCanonicalLineByteForByte() throws {
        let events = [
            Self.event(
                1, "rent\nمَرْحَبًا \u{02}x\u{03}",
                attachments: [EventAttachment(name: "a.jpg", status: .omitted, media: .image)]),
            Self.event(2, "rent", sender: nil, kind: .system, time: nil),
        ]
        let idx = try index(events)
        let lines = try idx.search("rent").map { String(decoding: $0.eventLine, as: UTF8.self) }
        XCTAssertEqual(Set(lines), Set(events.map { String(decoding: $0.jsonLine, as: UTF8.self) }))
        XCTAssertEqual(try idx.search("x").first?.snippet.plainText, "rent\nمَرْحَبًا \u{FFFD}x\u{FFFD}")
    }

    // MARK: Rebuild and staleness

    func testRebuildReplacesTheOldIndexAtomically() throws {
        let path = dir.path + "/index/search.sqlite"
        try SearchIndex.rebuild(at: path, builtFrom: "head-1", events: [Self.event(1, "old message")])
        let before = try SearchIndex(path: path)

        // A build that fails part way leaves the old index as it was, and no temporary file.
        XCTAssertThrowsError(
            try SearchIndex.rebuild(at: path, builtFrom: "head-2") { b throws(SanadError) in
                try b.add(Self.event(2, "new message"))
                throw SanadError(.ioError, "parse failed")
            })
        XCTAssertEqual(SearchIndex.status(at: path, builtFrom: "head-1"), .current(before.info))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/index"), ["search.sqlite"])

        // A killed build's temporary file (its process gone) is removed by the next build.
        let leftover = dir.write("index/.search.sqlite.999999999.5eed.tmp", [1, 2, 3])
        let info = try SearchIndex.rebuild(at: path, builtFrom: "head-2", events: [Self.event(2, "new message")])
        XCTAssertFalse(FileManager.default.fileExists(atPath: leftover))
        XCTAssertEqual(info.eventCount, 1)

        let after = try SearchIndex(path: path)
        XCTAssertEqual(try lines(after, "message"), [2])
        XCTAssertEqual(after.info.builtFrom, "head-2")
        // A reader that opened the old file keeps reading it whole: the new one was renamed over it.
        XCTAssertEqual(try lines(before, "message"), [1])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/index"), ["search.sqlite"])
    }

    func testStatusReportsMissingStaleAndCurrent() throws {
        let path = dir.path + "/index/search.sqlite"
        XCTAssertEqual(SearchIndex.status(at: path, builtFrom: "head-1"), .missing)
        let info = try SearchIndex.rebuild(at: path, builtFrom: "head-1", events: [Self.event(1, "rent")])
        XCTAssertEqual(
            info,
            SearchIndexInfo(
                schemaVersion: SearchIndex.schemaVersion, toolVersion: Tool.version,
                builtFrom: "head-1", eventCount: 1))
        XCTAssertEqual(SearchIndex.status(at: path, builtFrom: "head-1"), .current(info))
        XCTAssertEqual(SearchIndex.status(at: path, builtFrom: "head-2"), .stale(.builtFrom(found: "head-1")))

        let garbage = dir.write("garbage.sqlite", Array("not a database at all, just text".utf8))
        guard case .stale(.unreadable) = SearchIndex.status(at: garbage, builtFrom: "head-1") else {
            return XCTFail("\(SearchIndex.status(at: garbage, builtFrom: "head-1"))")
        }
        XCTAssertThrowsError(try SearchIndex(path: garbage)) { XCTAssertEqual(($0 as? SanadError)?.code, .ioError) }
        XCTAssertThrowsError(try SearchIndex(path: dir.path + "/none")) {
            XCTAssertEqual(($0 as? SanadError)?.code, .pathNotFound)
        }
    }

    func testMissingFTS5IsAClearInternalError() throws {
        XCTAssertThrowsError(
            try FTS5Availability.check(compileOptions: ["ENABLE_FTS3", "ENABLE_FTS4", "THREADSAFE=1"])
        ) {
            XCTAssertEqual(($0 as? SanadError)?.code, .internalError)
            XCTAssertNotNil(($0 as? SanadError)?.hint)
        }
        XCTAssertNoThrow(try FTS5Availability.check(compileOptions: ["THREADSAFE=1", "ENABLE_FTS5"]))
        XCTAssertNoThrow(try FTS5Availability.check(compileOptions: ["SQLITE_ENABLE_FTS5"]))
    }

    func testTokensAreFoldedAsTheIndexStoresThem() throws {
        let idx = try index([Self.event(1, "x")])
        XCTAssertEqual(
            try idx.tokens(of: "مَرْحَبًا يا أحمد! Été ٢٠٢٢ می\u{200C}خواهم"),
            ["مرحبا", "يا", "احمد", "ete", "2022", "ميخواهم"])
        XCTAssertEqual(try idx.tokens(of: "!!! \u{064E}"), [])
    }
}
