import SanadCrypto
import SanadCustody
import SanadModel
import XCTest

final class ChainVerifierTests: XCTestCase {
    private func makeLog(_ dir: TempDir, entries: Int) throws -> String {
        let path = "\(dir.path)/custody.jsonl"
        let log = try CustodyLog.create(
            path: path, first: .init(time: "2026-01-01T00:00:00.000Z", actor: "A", action: .caseCreated, details: [:]))
        for i in 1..<entries {
            try log.append([
                .init(
                    time: "2026-01-01T00:00:0\(i % 10).000Z", actor: "A", action: .note, items: ["E000\(i)"],
                    details: ["n": .int(Int64(i))])
            ])
        }
        return path
    }

    private func lines(_ path: String) -> [[UInt8]] {
        CustodyLogFile.split([UInt8](FileManager.default.contents(atPath: path)!)).lines.map { Array($0.bytes) }
    }

    private func verify(_ lines: [[UInt8]], tail: [UInt8] = []) -> ChainVerifier.Result {
        ChainVerifier.verify(CustodyLogFile.split(lines.flatMap { $0 + [0x0A] } + tail))
    }

    func testIntactChainPassesAndHeadIsLastLineDigest() throws {
        let dir = TempDir()
        let l = lines(try makeLog(dir, entries: 5))
        let r = verify(l)
        XCTAssertTrue(r.report.passed, "\(r.report.failures)")
        XCTAssertEqual(r.head, MessageDigest.sha256Hex(l[4]))
        XCTAssertEqual(r.entries.map(\.seq), [0, 1, 2, 3, 4])
        XCTAssertEqual(r.entries[1].prev, MessageDigest.sha256Hex(l[0]))
        XCTAssertEqual(r.entries[0].prev, CustodyEntry.genesisPrev)
    }

    func testEditedInnerEntryBreaksTheChainAtTheNextEntry() throws {
        let dir = TempDir()
        var l = lines(try makeLog(dir, entries: 5))
        var e = try CustodyEntry.decode(try JSONParser.parse(l[2])).get()
        e.actor = "Mallory"
        l[2] = e.canonicalLine
        let r = verify(l)
        XCTAssertFalse(r.report.passed)
        XCTAssertEqual(r.report.failures.map(\.name), ["custody-chain"])
        XCTAssertEqual(r.report.failures.first?.subject, "seq 3")
    }

    func testRemovedAndReorderedEntriesAreCaught() throws {
        let dir = TempDir()
        let l = lines(try makeLog(dir, entries: 5))
        var removed = l
        removed.remove(at: 2)
        XCTAssertEqual(verify(removed).report.failures.first?.subject, "seq 3")
        var swapped = l
        swapped.swapAt(1, 2)
        XCTAssertEqual(verify(swapped).report.failures.first?.name, "custody-chain")
    }

    func testNonCanonicalLineFailsSyntax() throws {
        let dir = TempDir()
        var l = lines(try makeLog(dir, entries: 3))
        l[1] = Array(
            String(decoding: l[1], as: UTF8.self).replacingOccurrences(of: "\"seq\":1", with: "\"seq\": 1").utf8)
        let r = verify(l)
        XCTAssertTrue(r.report.failures.contains { $0.name == "custody-syntax" && $0.subject == "line 2" })
    }

    /// A log of 4,096 lines or more is read in eight parts on every core: line numbers, the
    /// chain, the derived values and the head must come out as from one pass, and a fault in a
    /// late part must be named by its own line.
    func testALargeLogReadInPartsKeepsLineNumbersDerivedValuesAndHead() throws {
        let dir = TempDir()
        let l = lines(try makeLog(dir, entries: 5000))
        let contents = CustodyLogFile.split(l.flatMap { $0 + [0x0A] })
        let (r, seqs) = ChainVerifier.verify(contents, keepingEntries: false) { e, _ in e.action == .note ? e.seq : nil
        }
        XCTAssertTrue(r.report.passed, "\(r.report.failures)")
        XCTAssertEqual(seqs, Array(1..<5000), "derived values in file order, one per note")
        XCTAssertTrue(r.entries.isEmpty)
        XCTAssertEqual(r.head, MessageDigest.sha256Hex(l[4999]))
        XCTAssertEqual(verify(l).entries.map(\.seq), (0..<5000).map(Int64.init))

        var broken = l
        broken[4321] = Array("not json".utf8)
        var edited = try CustodyEntry.decode(try JSONParser.parse(broken[3700])).get()
        edited.actor = "Mallory"
        broken[3700] = edited.canonicalLine
        let b = verify(broken)
        XCTAssertEqual(b.report.failures.first { $0.name == "custody-chain" }?.subject, "seq 3701")
        XCTAssertTrue(
            b.report.failures.contains { $0.name == "custody-syntax" && $0.subject == "line 4322" },
            "\(b.report.failures)")
        XCTAssertEqual(b.entries.count, 4999, "every line but the one that is not JSON")
        XCTAssertEqual(b.head, MessageDigest.sha256Hex(broken[4999]))
    }

    func testTornTailIsAWarningAndTheWriterCutsIt() throws {
        let dir = TempDir()
        let path = try makeLog(dir, entries: 3)
        let r = verify(lines(path), tail: Array("{\"action\":\"no".utf8))
        XCTAssertTrue(r.report.passed)
        XCTAssertEqual(r.report.warnings.map(\.name), ["custody-tail"])

        let handle = FileHandle(forWritingAtPath: path)!
        handle.seekToEndOfFile()
        handle.write(Data("{\"torn".utf8))
        handle.closeFile()
        let log = try CustodyLog(openingForAppend: path)
        try log.append([.init(time: "2026-01-02T00:00:00.000Z", actor: "B", action: .note, details: [:])])
        let after = ChainVerifier.verify(try CustodyLogFile.read(path))
        XCTAssertTrue(after.report.passed)
        XCTAssertTrue(after.report.warnings.isEmpty)
        XCTAssertEqual(after.entries.count, 4)
    }

    func testEmptyLogFails() {
        let r = ChainVerifier.verify(CustodyLogFile.split([]))
        XCTAssertEqual(r.report.failures.map(\.name), ["custody-chain"])
    }
}
