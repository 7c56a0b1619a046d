import Foundation
import SanadCrypto
import SanadModel
import XCTest

/// `sanad-bind` stanzas (AgeBinding): a file bound to its plaintext's SHA-256 under a key says
/// so to a reader holding the key, and to nobody else; it keeps its padded length; `age` opens
/// it; and a file bound to another digest, under another key, or not bound at all, is not taken
/// for bound (the seal then hashes it, SealInProcessTests and test_object_binding.py).
final class AgeBindingTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("age-bind-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// `plain` through a bindable writer, padded; bound to `digest` under `key` unless nil, the
    /// returned patch applied as the caller of `finish(bindingKey:digest:)` must.
    static func bound(_ plain: [UInt8], to recipient: [UInt8], key: [UInt8]?, digest: [UInt8]) throws -> [UInt8] {
        var out: [UInt8] = []
        let writer = try AgeWriter(
            recipients: [recipient], expectedPlaintextSize: Int64(plain.count), bindable: true
        ) { out += $0 }
        try plain.withUnsafeBytes { try writer.write($0) }
        guard let key else {
            try writer.finish()
            return out
        }
        let patch = try writer.finish(bindingKey: key, digest: digest)
        XCTAssertEqual(patch.bytes.count, 92, "the stanza's body line and the closing line")
        let at = Int(patch.offset)
        XCTAssertEqual(Array(out[(at - 14)..<at]), Array("-> sanad-bind\n".utf8))
        XCTAssertEqual(Array(out[at..<(at + 44)]), Array(String(repeating: "A", count: 43).utf8) + [0x0A])
        out.replaceSubrange(at..<(at + patch.bytes.count), with: patch.bytes)
        return out
    }

    func reader(_ file: [UInt8], _ id: X25519KeyPair) throws -> AgeReader {
        let path = dir.appendingPathComponent("f-\(UUID().uuidString).age")
        try Data(file).write(to: path)
        let fd = open(path.path, O_RDONLY)
        XCTAssertGreaterThanOrEqual(fd, 0)
        addTeardownBlock { close(fd) }
        return try AgeReader(fd: fd, identities: [id], label: "f.age")
    }

    func testABoundFileSaysSoOnlyForItsDigestAndKeyAndAgeOpensIt() throws {
        let age = try AgeTool(dir: dir)
        let (id, _) = try age.keygen()
        let key = [UInt8](repeating: 0x42, count: 32)
        for size in [0, 1, 65_536, 200_000, 5_000_003] {
            let plain = AgeStreamTests.plaintext(size, seed: 11)
            let digest = Hex.decode(MessageDigest.sha256Hex(plain))!
            let file = try Self.bound(plain, to: id.publicKey, key: key, digest: digest)
            XCTAssertEqual(
                Int64(file.count),
                AgeFile.encryptedLength(plaintext: Int64(size), recipients: 1, padded: true, bound: true),
                "size \(size)")
            XCTAssertEqual(try age.decrypt(file), plain, "age -d skips the stanza, size \(size)")
            let r = try reader(file, id)
            XCTAssertEqual(try AgeStreamTests.readAll(r), plain, "the header MAC covers the patched stanza")
            XCTAssertTrue(r.isBound(key: key, digest: digest))
            var other = digest
            other[31] ^= 1
            XCTAssertFalse(r.isBound(key: key, digest: other), "another digest")
            XCTAssertFalse(r.isBound(key: [UInt8](repeating: 0x43, count: 32), digest: digest), "another key")
        }
    }

    func testAnUnboundOrForeignFileIsNeverTakenForBound() throws {
        let id = try X25519KeyPair()
        let key = [UInt8](repeating: 7, count: 32)
        let plain = AgeStreamTests.plaintext(70_000, seed: 12)
        let digest = Hex.decode(MessageDigest.sha256Hex(plain))!
        // Left unpatched (a writer killed before its end would leave this): opens, not bound.
        let unpatched = try reader(try Self.bound(plain, to: id.publicKey, key: nil, digest: digest), id)
        XCTAssertEqual(try AgeStreamTests.readAll(unpatched), plain)
        XCTAssertFalse(unpatched.isBound(key: key, digest: digest))
        // Written without a stanza (by `age`, or before bindings existed).
        let plainFile = try AgeStreamTests.encrypt(plain, to: [id.publicKey], padded: true)
        XCTAssertFalse(try reader(plainFile, id).isBound(key: key, digest: digest))
        // Someone with the recipient but not the key binds a file of their own: it opens, its
        // MAC is right, and its tag is not the one the key gives.
        let forged = try Self.bound(plain, to: id.publicKey, key: [UInt8](repeating: 8, count: 32), digest: digest)
        XCTAssertFalse(try reader(forged, id).isBound(key: key, digest: digest))
        // The stanza of a genuinely bound file, copied into another one, does not carry over:
        // its tag covers the file key of the file it was made for.
        let genuine = try Self.bound(plain, to: id.publicKey, key: key, digest: digest)
        let forgedStart = try headerEnd(forged)
        let genuineEnd = try headerEnd(genuine)
        var spliced = forged
        let tagLine = Array(genuine[(genuineEnd - 92)..<(genuineEnd - 48)])
        spliced.replaceSubrange((forgedStart - 92)..<(forgedStart - 48), with: tagLine)
        XCTAssertThrowsError(try reader(spliced, id), "the header MAC no longer matches") {
            XCTAssertEqual(($0 as? SanadError)?.code, .evidenceMismatch)
        }
        // A writer made without the stanza cannot be bound afterwards.
        let w = try AgeWriter(recipients: [id.publicKey], expectedPlaintextSize: 0) { _ in }
        XCTAssertThrowsError(try w.finish(bindingKey: key, digest: digest)) {
            XCTAssertEqual(($0 as? SanadError)?.code, .internalError)
        }
    }

    /// Where the header ends: just past the closing line (`--- ` + MAC + newline).
    func headerEnd(_ file: [UInt8]) throws -> Int {
        var i = 0
        while i + 4 <= file.count {
            if file[i] == 0x0A, Array(file[(i + 1)..<(i + 5)]) == Array("--- ".utf8) {
                return i + 1 + 48
            }
            i += 1
        }
        throw XCTSkip("no closing line")
    }
}
