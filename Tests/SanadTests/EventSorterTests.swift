import Foundation
import SanadExtract
import SanadModel
import XCTest

/// The external sort gives the same order as an in-memory sort, whether everything fits in
/// the buffer, spills into runs, or needs several merge rounds; and leaves no file behind.
final class EventSorterTests: XCTestCase {
    func drain(_ sorter: EventSorter) throws -> [(SortKey, String)] {
        var out: [(SortKey, String)] = []
        try sorter.drain { (key: SortKey, line: UnsafeRawBufferPointer) throws(SanadError) in
            out.append((key, String(decoding: line, as: UTF8.self)))
        }
        return out
    }

    func testSpillsAndMergeRoundsGiveTheInMemoryOrder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sorter-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var rng = SplitMix(seed: 7)
        var records: [(SortKey, String)] = []
        for n in 0..<20_000 {
            let key = SortKey(
                group: Int64(rng.next() % 3), primary: Int64(rng.next() % 500), secondary: Int64(rng.next() % 4),
                sequence: Int64(n))
            records.append((key, "event \(n) " + String(repeating: "x", count: Int(rng.next() % 40)) + "\n"))
        }
        let expected = records.sorted { $0.0 < $1.0 }
        // 1 MiB: no spill. 16 KiB: about 60 runs, one merge. 2 KiB: hundreds of runs, merge rounds.
        for buffer in [1 << 20, 16 << 10, 2 << 10] {
            let sorter = EventSorter(tempDir: dir, bufferBytes: buffer)
            for (k, s) in records { try sorter.add(k, Array(s.utf8)) }
            XCTAssertEqual(sorter.count, records.count)
            let got = try drain(sorter)
            XCTAssertEqual(got.map(\.1), expected.map(\.1), "buffer \(buffer)")
            XCTAssertEqual(got.map(\.0), expected.map(\.0), "buffer \(buffer)")
        }
        // Run files are unlinked as soon as they are made.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), [])
    }

    /// Runs of several MiB are written in whole blocks past the page cache and read back through
    /// a reused 1 MiB window; a line longer than the window (1.5 MiB) must come back whole, and
    /// so must every record that straddles a window's end.
    func testLargeRunsAndLinesLongerThanTheReadWindow() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sorter-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var rng = SplitMix(seed: 11)
        var records: [(SortKey, [UInt8])] = []
        for n in 0..<4_000 {
            let key = SortKey(group: 0, primary: Int64(rng.next() % 1_000), secondary: 0, sequence: Int64(n))
            let size = n % 1_500 == 7 ? (3 << 19) : 1_000 + Int(rng.next() % 4_000)
            records.append((key, testBytes(size, seed: UInt64(n))))
        }
        let expected = records.sorted { $0.0 < $1.0 }
        let sorter = EventSorter(tempDir: dir, bufferBytes: 4 << 20)
        for (k, line) in records { try sorter.add(k, line) }
        var got: [(SortKey, [UInt8])] = []
        try sorter.drain { (key: SortKey, line: UnsafeRawBufferPointer) throws(SanadError) in
            got.append((key, Array(line)))
        }
        XCTAssertEqual(got.count, expected.count)
        XCTAssertEqual(got.map(\.0), expected.map(\.0))
        XCTAssertTrue(zip(got, expected).allSatisfy { $0.1 == $1.1 }, "every line comes back byte for byte")
        XCTAssertEqual(got.map(\.1.count).max(), 3 << 19)
    }

    func testTimedFirstThenFloatingThenUntimed() {
        let timed = SortKey(group: 0, primary: 9_000_000_000_000, secondary: 5, sequence: 9)
        let floating = SortKey(group: 1, primary: 1, secondary: 0, sequence: 1)
        let none = SortKey(group: 2, primary: 0, secondary: 0, sequence: 0)
        XCTAssertLessThan(timed, floating)
        XCTAssertLessThan(floating, none)
        XCTAssertLessThan(
            SortKey(group: 0, primary: 1, secondary: 2, sequence: 0),
            SortKey(group: 0, primary: 1, secondary: 2, sequence: 1))
    }

    func testCSVCellsAreQuotedAndFormulasDisarmed() {
        XCTAssertEqual(CSVRenderer.cell("plain"), "plain")
        XCTAssertEqual(CSVRenderer.cell("a,b"), "\"a,b\"")
        XCTAssertEqual(CSVRenderer.cell("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(CSVRenderer.cell("two\nlines"), "\"two\nlines\"")
        XCTAssertEqual(CSVRenderer.cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"")
        XCTAssertEqual(CSVRenderer.cell("+9647700000000"), "'+9647700000000")
        XCTAssertEqual(CSVRenderer.cell("@cmd"), "'@cmd")
        XCTAssertEqual(CSVRenderer.cell("مرحبا، كيف"), "مرحبا، كيف")
    }

    func testHTMLEscapesEverythingAMessageCanHold() {
        XCTAssertEqual(
            HTMLRenderer.escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;")
    }
}
