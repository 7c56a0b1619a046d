import Foundation
import SanadModel
import SanadTimeline
import XCTest

/// The markup parsers give the same events however the input is cut into chunks
/// (docs/TIMELINE.md §7). The tokenizer hands text over in pieces cut at chunk boundaries, so a
/// reader must decide nothing from where one piece ends: these inputs are the fuzzer's findings
/// (`FuzzPropertyTests` mutants telegram-html#11, #75, #111, #145…), minimized.
final class TelegramHTMLChunkingTests: XCTestCase {
    private typealias Support = MarkupFixtureSupport

    static let chunkSizes = Array(1...16) + [1 << 20]

    /// Events for every chunk size; fails unless all are equal to the ones of one whole chunk.
    private func sameForEveryChunking<P: TimelineParser>(
        _ bytes: [UInt8], _ parser: P, _ label: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws
        -> [TimelineEvent]
    {
        let whole = try parser.events(MemoryInput(bytes, chunkSize: 1 << 20))
        for size in Self.chunkSizes {
            XCTAssertEqual(
                try parser.events(MemoryInput(bytes, chunkSize: size)), whole, "\(label), chunks of \(size)",
                file: file, line: line)
        }
        return whole
    }

    private func ranges(_ events: [TimelineEvent]) -> [Range<Int64>] {
        events.map { $0.source.offset..<($0.source.offset + $0.source.length) }
    }

    // MARK: Telegram HTML

    /// Text after a finished message: its white space joins the message, the rest is container,
    /// wherever a chunk ends. Before the fix, chunks of 1 byte gave the message the `\n` (the
    /// piece `\n` alone is white space) while one chunk gave `\nD` whole to the container.
    func testTextAfterAMessageSplitsAtItsFirstByteThatIsNotWhiteSpace() throws {
        let malformed = UnparsedReason.malformed, container = UnparsedReason.container
        let cases: [(String, [Range<Int64>], [UnparsedReason?], String)] = [
            ("<div class=message></div>\n>", [0..<26, 26..<27], [malformed, container], "#11"),
            ("<div class=message></div>\n\0", [0..<26, 26..<27], [malformed, container], "#75"),
            ("<div class=message></div>\nD", [0..<26, 26..<27], [malformed, container], "#106"),
            ("<div class=message></div>\na", [0..<26, 26..<27], [malformed, container], "#110"),
            ("<div class=\"message\"></div> :", [0..<28, 28..<29], [malformed, container], "#111"),
            ("<div class=message></div>\ns", [0..<26, 26..<27], [malformed, container], "#145"),
            (
                "<div class=message></div>\n \t x y\n<div class=message></div>\n", [0..<29, 29..<33, 33..<59],
                [malformed, container, malformed], "text between messages"
            ),
            ("<div class=message></div>\n < b", [0..<27, 27..<30], [malformed, container], "a `<` that is text"),
            ("<div class=message></div>\n  \n", [0..<29], [malformed], "only white space"),
        ]
        for (text, expected, reasons, label) in cases {
            let all = try sameForEveryChunking(Array(text.utf8), TelegramHTMLParser(ParseContext()), label)
            XCTAssertEqual(ranges(all), expected, label)
            XCTAssertEqual(all.map(\.reason), reasons, label)
        }
    }

    /// A header title longer than the limit is dropped whole, not kept up to the text piece
    /// that first did not fit (which depends on the chunks).
    func testATooLongTitleIsDroppedForEveryChunking() throws {
        let text =
            "<div class=\"text bold\">" + String(repeating: "a", count: (1 << 20) + 100) + "</div>"
            + "<div class=\"message\" id=\"message1\"><div class=\"pull_right date details\" title=\"18.03.2022 "
            + "14:56:00 UTC+03:00\">"
            + "</div></div>"
        let parser = TelegramHTMLParser(ParseContext())
        // Title lengths, not titles, so that a failure does not print a megabyte.
        for size in [4096, 65536, 1 << 20, 1 << 21] {
            let all = try parser.events(MemoryInput(Array(text.utf8), chunkSize: size))
            XCTAssertEqual(all.map { $0.conversation.title?.count }, [nil, nil], "chunks of \(size)")
            XCTAssertEqual(all.map(\.kind), [.unparsed, .message], "chunks of \(size)")
        }
    }

    func testEveryTelegramHTMLFixtureForEveryChunkSize() throws {
        let fixtures = try Support.fixtures("telegram-html", ext: "html")
        XCTAssertFalse(fixtures.isEmpty)
        for f in fixtures {
            let all = try sameForEveryChunking(f.bytes, TelegramHTMLParser(try Support.context(f)), f.name)
            Support.checkRoundTrip(f, all)
        }
    }

    // MARK: SMS Backup & Restore XML (same tokenizer)

    func testTextAfterAnSMSSplitsAtItsFirstByteThatIsNotWhiteSpace() throws {
        let sms = "<sms protocol=\"0\" address=\"+9647700000000\" date=\"1647604560000\" type=\"1\" body=\"hi\" />"
        let text = "<smses count=\"1\">\n" + sms + "\n x\n" + sms + "\n</smses>\n"
        let all = try sameForEveryChunking(Array(text.utf8), SMSBackupXMLParser(ParseContext()), "sms")
        let first = Int64(18), smsLength = Int64(sms.utf8.count)
        XCTAssertEqual(
            ranges(all).prefix(3),
            [0..<first, first..<(first + smsLength + 2), (first + smsLength + 2)..<(first + smsLength + 4)])
        XCTAssertEqual(all.map(\.reason).prefix(3), [.container, nil, .malformed])
    }

    func testEverySMSFixtureForEveryChunkSize() throws {
        let fixtures = try Support.fixtures("sms-backup-xml", ext: "xml")
        XCTAssertFalse(fixtures.isEmpty)
        for f in fixtures {
            let all = try sameForEveryChunking(f.bytes, SMSBackupXMLParser(try Support.context(f)), f.name)
            Support.checkRoundTrip(f, all)
        }
    }
}
