import SanadModel
import SanadTimeline
import XCTest

/// The direct writer must give exactly the bytes of `CanonicalJSON.encode(event.json)`.
final class EventJSONWriterTests: XCTestCase {
    func event(_ rng: inout SplitMix) -> TimelineEvent {
        let strings = [
            "", "a",
            "\"quoted\" \\ "
                + "back", "line\nbreak\r\n\ttab\u{0001}\u{001F}", "سلام عليكم", "emoji 👩‍👩‍👧 \u{202F}PM",
            "\u{7F}del", "</script>",
        ]
        func s() -> String { strings[Int(rng.next() % UInt64(strings.count))] }
        func maybe() -> String? { rng.next() % 3 == 0 ? nil : s() }
        let unparsed = rng.next() % 4 == 0
        let local = LocalDateTime(
            year: 2022, month: 3, day: 18, hour: 14, minute: 56, second: rng.next() % 2 == 0 ? nil : 7)
        let zones: [EventZone] = [
            .unknown, EventZone(basis: .sourceOffset, offsetSeconds: -19800),
            EventZone(basis: .declaredAtIngest, name: "Asia/Baghdad", offsetSeconds: 10800, dst: .repeated),
            EventZone(basis: .sourceInstant, offsetSeconds: 0),
        ]
        let attachments = (0..<Int(rng.next() % 3)).map { _ in
            EventAttachment(
                name: maybe(), status: rng.next() % 2 == 0 ? .linked : .omitted,
                exhibit: rng.next() % 2 == 0 ? "E0002" : nil,
                media: rng.next() % 2 == 0 ? .image : nil)
        }
        return TimelineEvent(
            time: rng.next() % 2 == 0 ? "2022-03-18T11:56:00.000Z" : nil, localTime: local,
            zone: zones[Int(rng.next() % 4)], platform: .telegram,
            conversation: Conversation(title: maybe(), participants: (0..<Int(rng.next() % 3)).map { _ in s() }),
            sender: rng.next() % 4 == 0
                ? nil
                : EventSender(
                    name: s(), phone: rng.next() % 2 == 0 ? "+9647700000000" : nil,
                    id: rng.next() % 2 == 0 ? "user123" : nil),
            kind: unparsed ? .unparsed : .message, text: maybe(), attachments: attachments,
            replyTo: maybe(), forwardedFrom: maybe(),
            source: EventSource(
                exhibit: maybe(), sha256: rng.next() % 2 == 0 ? "ab" : "cd", offset: number(&rng), length: number(&rng),
                line: Int(rng.next() % 1000), event: rng.next() % 2 == 0 ? nil : Int(number(&rng))),
            parser: ParserInfo(name: "p", version: "1", dateOrder: rng.next() % 2 == 0 ? .dmy : nil),
            reason: unparsed ? .container : nil)
    }

    /// Digits at every boundary the writer could get wrong, and large offsets.
    func number(_ rng: inout SplitMix) -> Int64 {
        let edges: [Int64] = [0, 1, 9, 10, 11, 99, 100, 999_999, 1_000_000, 9_007_199_254_740_991]
        return rng.next() % 2 == 0
            ? edges[Int(rng.next() % UInt64(edges.count))] : Int64(rng.next() % 1_000_000_000_000_000)
    }

    func testWriterMatchesCanonicalJSON() {
        var rng = SplitMix(seed: 42)
        var writer = EventJSONWriter()
        for _ in 0..<2000 {
            let e = event(&rng)
            var out: [UInt8] = []
            writer.write(e, into: &out)
            XCTAssertEqual(String(decoding: out, as: UTF8.self), CanonicalJSON.string(e.json) + "\n")
        }
    }

    /// A later part's line, written without its number, gets the bytes the number would have
    /// given it when written (docs/TIMELINE.md §8.5), however its strings imitate the member.
    func testInsertingANumberGivesTheNumberedLine() {
        var rng = SplitMix(seed: 43)
        var writer = EventJSONWriter()
        for n in 0..<2000 {
            var e = event(&rng)
            e.source.event = nil
            if n % 3 == 0 { e.text = "\"source\":{\"exhibit\":" }
            if n % 5 == 0 { e.sender = EventSender(name: "source\":{") }
            if n % 7 == 0 { e.forwardedFrom = "\\\"source\":{" }
            let number = Int(number(&rng))
            var bare: [UInt8] = []
            writer.write(e, into: &bare)
            var numbered: [UInt8] = []
            writer.write(e, number: number, into: &numbered)
            var inserted: [UInt8] = []
            XCTAssertTrue(bare.withUnsafeBytes { EventJSONWriter.insert(event: number, into: $0, &inserted) })
            XCTAssertEqual(String(decoding: inserted, as: UTF8.self), String(decoding: numbered, as: UTF8.self))
            e.source.event = number
            XCTAssertEqual(String(decoding: inserted, as: UTF8.self), CanonicalJSON.string(e.json) + "\n")
        }
        var none: [UInt8] = []
        XCTAssertFalse(
            Array("{\"text\":\"source\"}".utf8).withUnsafeBytes { EventJSONWriter.insert(event: 1, into: $0, &none) })
        XCTAssertEqual(none, [])
    }
}
