import Foundation
import SanadCrypto
import SanadModel
import SanadWorkspace
import XCTest

/// The store seam: what goes in through `CaseStore` comes out the same, originals get their
/// content address read-only with the payload name linked to it, and nothing is overwritten.
final class CaseStoreTests: XCTestCase {
    func testAnOriginalIsPlacedReadOnlyWithItsPayloadNameLinkedAndReadsBack() throws {
        let dir = TempDir()
        let store = CaseStore(try dir.makeWorkspace())
        let bytes = testBytes(100_000, seed: 7)
        let sha = MessageDigest.sha256Hex(bytes)
        let staging = try store.createStaging("test-1")
        XCTAssertEqual(bytes.withUnsafeBytes { write(staging.fd, $0.baseAddress!, $0.count) }, bytes.count)
        close(staging.fd)
        let objectRel = Workspace.objectPath(sha256: sha), payloadRel = "data/E0001/original.bin"
        try store.placeOriginal(staged: staging.path, objectRel: objectRel, payloadRel: payloadRel)
        XCTAssertFalse(FileManager.default.fileExists(atPath: staging.path), "the staging file became the object")
        XCTAssertTrue(store.sameFile(objectRel, payloadRel))
        XCTAssertEqual(try store.digestStored(payloadRel).sha256, sha)
        XCTAssertEqual(try store.digestStored(objectRel).size, Int64(bytes.count))
        let stored = try store.openOriginal(objectRel)
        var st = stat()
        XCTAssertEqual(fstat(stored.fd, &st), 0)
        XCTAssertEqual(Int64(st.st_size), Int64(bytes.count))
        XCTAssertThrowsError(try store.openOriginal("objects/sha256/00/missing")) {
            XCTAssertEqual(($0 as? SanadError)?.code, .ioError)
        }
    }

    func testAStagingNameIsNeverReusedAndAnItemRecordIsNeverOverwritten() throws {
        let dir = TempDir()
        let store = CaseStore(try dir.makeWorkspace())
        let first = try store.createStaging("same")
        close(first.fd)
        XCTAssertThrowsError(try store.createStaging("same"))
        let record = Array("{\"id\":\"E0001\"}\n".utf8)
        XCTAssertEqual(try store.writeItemRecord(record, rel: "items/E0001.json"), MessageDigest.sha256Hex(record))
        XCTAssertEqual(store.readItemRecord("items/E0001.json"), record)
        XCTAssertThrowsError(try store.writeItemRecord(Array("x".utf8), rel: "items/E0001.json"))
        XCTAssertEqual(store.readItemRecord("items/E0001.json"), record, "the first record is untouched")
        XCTAssertNil(store.readItemRecord("items/E0002.json"))
    }

    func testTheCaseFileAndTheLogReadBackAsTheWorkspaceWroteThem() throws {
        let dir = TempDir()
        let ws = try dir.makeWorkspace()
        let store = CaseStore(ws)
        XCTAssertEqual(store.readCaseFile(), Array(try Data(contentsOf: URL(fileURLWithPath: ws.caseFile))))
        let log = try store.readCustodyLog()
        XCTAssertEqual(log.lines.count, 1)
        XCTAssertEqual(store.custodyLogBytes(upTo: log.committedLength)?.last, 0x0A)
    }
}
