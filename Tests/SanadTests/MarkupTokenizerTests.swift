@testable import SanadTimeline
import SanadModel
import XCTest

/// The markup tokenizer's byte ranges and the reference decoder, on their own.
final class MarkupTokenizerTests: XCTestCase {
    private func tokens(_ text: String, chunk: Int) throws -> [(MarkupToken.Kind, Int64, Int64, Int, String)] {
        var out: [(MarkupToken.Kind, Int64, Int64, Int, String)] = []
        var tokenizer = MarkupTokenizer()
        let take = { (t: MarkupToken, tag: MarkupTag) throws(SanadError) in
            out.append(
                (
                    t.kind, t.offset, t.length, t.line,
                    t.kind == .text
                        ? String(decoding: t.bytes, as: UTF8.self) : String(decoding: tag.name, as: UTF8.self)
                ))
        }
        try MemoryInput(Array(text.utf8), chunkSize: chunk).forEachChunk {
            (c: UnsafeRawBufferPointer) throws(SanadError) in
            try tokenizer.feed(c, take)
        }
        try tokenizer.finish(take)
        return out
    }

    func testTagsTextAndCommentsWithTheirRanges() throws {
        let text = "<?xml v='1'?>\n<a x=\"1\" y='2 > 3' z>t &amp; u</a><!-- c -->\n<b/>"
        let all = try tokens(text, chunk: 1 << 20)
        XCTAssertEqual(all.map(\.0), [.instruction, .text, .startTag, .text, .endTag, .comment, .text, .startTag])
        XCTAssertEqual(all.map(\.1), [0, 13, 14, 35, 44, 48, 58, 59])
        XCTAssertEqual(all.last?.3, 3)
        // Pieces may be cut anywhere, but they cover the same bytes.
        let pieces = try tokens(text, chunk: 3)
        XCTAssertEqual(pieces.filter { $0.0 != .text }.map(\.1), all.filter { $0.0 != .text }.map(\.1))
    }

    func testAttributesKeepTheirRawValuesAndQuotes() throws {
        var tag: MarkupTag?
        var tokenizer = MarkupTokenizer()
        try withRawBytes(Array("<sms body=\"a &quot;b&quot;\" date='1' flag/>".utf8)) {
            (raw: UnsafeRawBufferPointer) throws(SanadError) in
            try tokenizer.feed(raw) { (_: MarkupToken, t: MarkupTag) throws(SanadError) in tag = t }
        }
        let t = try XCTUnwrap(tag)
        XCTAssertTrue(t.selfClosing)
        XCTAssertEqual(t.raw("body").map { Array($0) }, Array("a &quot;b&quot;".utf8))
        XCTAssertEqual(t.decoded("body"), Array("a \"b\"".utf8))
        XCTAssertEqual(t.raw("date").map { Array($0) }, Array("1".utf8))
        XCTAssertEqual(t.raw("flag").map { Array($0) }, [])
    }

    func testTruncatedTagIsIncompleteToTheEnd() throws {
        let all = try tokens("<a>x</a><sms date=\"12", chunk: 5)
        XCTAssertEqual(all.last?.0, .incomplete)
        XCTAssertEqual(all.last.map { $0.1 + $0.2 }, 21)
    }

    func testReferences() {
        func decode(_ s: String) -> String {
            var out: [UInt8] = []
            Array(s.utf8).withUnsafeBytes { MarkupEntities.decode($0, into: &out) }
            return String(decoding: out, as: UTF8.self)
        }
        XCTAssertEqual(decode("&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&nbsp;&laquo;x&raquo;"), "<>&\"'AB\u{A0}«x»")
        XCTAssertEqual(decode("&#55357;&#56832;"), "😀")
        XCTAssertEqual(decode("&#55357;x"), "\u{FFFD}x")
        XCTAssertEqual(decode("&#56832;&#0;&#x110000;"), "\u{FFFD}\u{FFFD}\u{FFFD}")
        XCTAssertEqual(decode("&unknown; & &;"), "&unknown; & &;")
    }
}
