import Foundation
import SanadCrypto
import SanadModel
import XCTest

/// What `AgeReader` refuses, each for its own reason (the code, and the message's substance):
/// a changed byte in a chunk (found when that chunk is read, while the rest still reads), a
/// file cut at a chunk boundary or with a chunk appended (found when the end is read), a length
/// no chunk structure gives (found at once), a changed header, a wrong identity, a header past
/// the bound, and a file that is not age at all.
final class AgeStreamTamperTests: XCTestCase {
    var dir: URL!
    let key = try! X25519KeyPair()

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("age-tamper-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// A reader over `file`, or the error that opening it gave.
    func open(_ file: [UInt8], identities: [X25519KeyPair]? = nil) throws -> Result<AgeReader, Error> {
        let path = dir.appendingPathComponent("t-\(UUID().uuidString).age")
        try Data(file).write(to: path)
        let fd = Foundation.open(path.path, O_RDONLY)
        XCTAssertGreaterThanOrEqual(fd, 0)
        addTeardownBlock { close(fd) }
        return Result { try AgeReader(fd: fd, identities: identities ?? [key], label: "exhibit.age") }
    }

    func assertError(
        _ body: @autoclosure () throws -> Any, _ code: SanadError.Code, _ words: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            let e = error as? SanadError
            XCTAssertEqual(e?.code, code, "\(error)", file: file, line: line)
            XCTAssertTrue(e?.message.contains(words) ?? false, "\(error)", file: file, line: line)
        }
    }

    func read(_ r: AgeReader, at offset: Int64, count: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        let n = try buffer.withUnsafeMutableBytes { try r.read(at: offset, into: $0) }
        return Array(buffer.prefix(n))
    }

    /// Three chunks: two full, then 1,000 bytes; `payload` is where the first chunk starts.
    func sample() throws -> (plain: [UInt8], file: [UInt8], payload: Int) {
        let plain = AgeStreamTests.plaintext(2 * 65_536 + 1_000, seed: 11)
        let file = try AgeStreamTests.encrypt(plain, to: [key.publicKey])
        let payload = file.count - (2 * 65_552 + 1_016)
        return (plain, file, payload)
    }

    func testAChangedByteFailsItsChunkOnlyAndTheOtherChunksStillRead() throws {
        let (plain, file, payload) = try sample()
        var changed = file
        changed[payload + 65_552 + 100] ^= 0x01  // in the second chunk
        let r = try open(changed).get()
        XCTAssertEqual(try read(r, at: 0, count: 65_536), Array(plain[0..<65_536]))
        XCTAssertEqual(try read(r, at: 131_072, count: 2_000), Array(plain[131_072...]))
        assertError(try read(r, at: 70_000, count: 10), .evidenceMismatch, "chunk 2 of 3 does not authenticate")
        assertError(try r.forEachChunk { _ in }, .evidenceMismatch, "was changed")
        XCTAssertThrowsError(try AgeFile.decrypt(changed, identities: [key]))
    }

    func testAFileCutAtAChunkBoundaryFailsWhenItsEndIsRead() throws {
        let (plain, file, payload) = try sample()
        let r = try open(Array(file[..<(payload + 2 * 65_552)])).get()
        XCTAssertEqual(r.plaintextSize, 131_072)
        XCTAssertEqual(try read(r, at: 0, count: 1_000), Array(plain[0..<1_000]))
        assertError(try read(r, at: 131_000, count: 72), .evidenceMismatch, "cut short at a chunk boundary")
        assertError(try r.forEachChunk { _ in }, .evidenceMismatch, "cut short")
    }

    func testAnAppendedChunkFailsWhereTheOldLastChunkIsRead() throws {
        let plain = AgeStreamTests.plaintext(2 * 65_536, seed: 12)
        let file = try AgeStreamTests.encrypt(plain, to: [key.publicKey])
        let r = try open(file + AgeStreamTests.plaintext(65_552, seed: 13)).get()
        XCTAssertEqual(r.plaintextSize, 3 * 65_536)
        XCTAssertEqual(try read(r, at: 0, count: 100), Array(plain[0..<100]))
        assertError(try read(r, at: 65_536, count: 10), .evidenceMismatch, "appended after the file's end")
        // A chunk from elsewhere in the file, in last place, is refused as well (its counter).
        var swapped = file
        swapped.replaceSubrange((file.count - 65_552)..., with: file[(file.count - 2 * 65_552)..<(file.count - 65_552)])
        assertError(try open(swapped).get().forEachChunk { _ in }, .evidenceMismatch, "chunk 2 of 2")
    }

    func testALengthNoChunkStructureGivesIsRefusedAtOnce() throws {
        let (_, file, payload) = try sample()
        // A last chunk of 1 to 16 bytes after full ones: a cut tag, or an empty last chunk.
        for tail in [1, 16] {
            let cut = Array(file[..<(payload + 2 * 65_552 + tail)])
            assertError(try open(cut).get(), .evidenceMismatch, "no whole number of sealed chunks")
        }
        assertError(try open(Array(file[..<(payload + 15)])).get(), .evidenceMismatch, "no whole number")
        assertError(try open(Array(file[..<(payload - 3)])).get(), .usage, "nonce")
    }

    func testAChangedHeaderAWrongIdentityAndNotAgeAreRefusedBeforeAnyRead() throws {
        let (_, file, _) = try sample()
        var header = file
        header[30] ^= 0x01  // the stanza type: X25519 becomes X25518, which no identity reads
        assertError(try open(header).get(), .evidenceMismatch, "none of the keys")
        let other = try X25519KeyPair()
        assertError(try open(file, identities: [other]).get(), .evidenceMismatch, "none of the keys")
        var mac = file
        let closing = try XCTUnwrap(file.firstRange(of: Array("\n--- ".utf8))).upperBound
        mac[closing + 5] = mac[closing + 5] == 0x41 ? 0x42 : 0x41
        assertError(try open(mac).get(), .evidenceMismatch, "MAC")
        assertError(try open(Array("not age at all\n".utf8)).get(), .usage, "not an age v1 file")
        assertError(try open([]).get(), .usage, "not an age v1 file")
    }

    /// A header past 64 MiB is refused as such; Sanad's own largest padding stays well below.
    func testAHeaderLongerThanTheBoundIsRefused() throws {
        let line = [UInt8](repeating: 0x41, count: 64) + [0x0A]
        var file = Array("age-encryption.org/v1\n-> huge\n".utf8)
        file.reserveCapacity(AgeReader.maximumHeaderLength + 1_000)
        while file.count <= AgeReader.maximumHeaderLength { file += line }
        assertError(try open(file + Array("\n--- x\n".utf8)).get(), .usage, "longer than 64 MiB")
        XCTAssertLessThan(AgeFile.maximumPaddingStep * 4 / 3 + (1 << 20), Int64(AgeReader.maximumHeaderLength))
    }
}
