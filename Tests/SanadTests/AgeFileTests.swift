import Foundation
import SanadCrypto
import SanadModel
import XCTest

/// The age v1 format against the `age` tool itself (Debian package `age`, installed by
/// `make test`): what Sanad writes, `age` opens; what `age` writes, Sanad opens. Then the
/// failures: a changed byte anywhere, a wrong key or passphrase, a work factor above the limit.
final class AgeFileTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("age-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// Runs `age args INPUT -o OUTPUT` with files, not pipes: a pipe of 200 kB would fill
    /// while the other side still writes.
    func age(_ args: [String], stdin: [UInt8] = []) throws -> (Int32, [UInt8]) {
        guard let tool = ["/usr/bin/age", "/usr/local/bin/age"].first(where: FileManager.default.isExecutableFile)
        else { throw XCTSkip("the age tool is not installed (make test installs it)") }
        let input = dir.appendingPathComponent("in-\(UUID().uuidString)")
        let output = dir.appendingPathComponent("out-\(UUID().uuidString)")
        try Data(stdin).write(to: input)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args + ["-o", output.path, input.path]
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        let out = (try? Data(contentsOf: output)).map { [UInt8]($0) } ?? []
        return (p.terminationStatus, out)
    }

    /// Sizes around the 64 KiB chunk: empty, one byte, a chunk exactly, a chunk and a byte.
    static let sizes = [0, 1, 65_536, 65_537, 200_000]

    func testAgeOpensWhatSanadWrites() throws {
        let key = try X25519KeyPair()
        let identityFile = dir.appendingPathComponent("id.txt")
        try (AgeFile.identityString(key) + "\n").write(to: identityFile, atomically: true, encoding: .utf8)
        for size in Self.sizes {
            let plain = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let other = try X25519KeyPair()
            let sealed = try AgeFile.encrypt(plain, to: [other.publicKey, key.publicKey])
            let (status, out) = try age(["-d", "-i", identityFile.path], stdin: sealed)
            XCTAssertEqual(status, 0, "size \(size)")
            XCTAssertEqual(out, plain, "size \(size)")
        }
    }

    func testSanadOpensWhatAgeWrites() throws {
        let key = try X25519KeyPair()
        let recipient = AgeFile.recipientString(key.publicKey)
        XCTAssertTrue(recipient.hasPrefix("age1"))
        XCTAssertEqual(try AgeFile.recipient(recipient), key.publicKey)
        for size in Self.sizes {
            let plain = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            let (status, sealed) = try age(["-r", recipient], stdin: plain)
            XCTAssertEqual(status, 0)
            XCTAssertEqual(try AgeFile.decrypt(sealed, identities: [key]), plain, "size \(size)")
            XCTAssertThrowsError(try AgeFile.decrypt(sealed, identities: [try X25519KeyPair()])) {
                XCTAssertEqual(($0 as? SanadError)?.code, .evidenceMismatch)
            }
        }
    }

    func testAnIdentityWrittenByAgeKeygenIsRead() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/age-keygen") else {
            throw XCTSkip("no age-keygen")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/age-keygen")
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let secret = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("AGE-SECRET-KEY-1") })
        let publicLine = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("# public key: ") })
        let key = try AgeFile.identity(String(secret))
        XCTAssertEqual(AgeFile.recipientString(key.publicKey), String(publicLine.dropFirst(14)))
        XCTAssertEqual(AgeFile.identityString(key), String(secret))
    }

    func testAPassphraseFileRoundTripsAndRefusesWhatItMust() throws {
        let plain = Array("the case's identity".utf8)
        let sealed = try AgeFile.encrypt(plain, passphrase: Array("correct horse".utf8), logN: 10)
        XCTAssertTrue(String(decoding: sealed.prefix(64), as: UTF8.self).contains("\n-> scrypt "))
        XCTAssertEqual(try AgeFile.decrypt(sealed, passphrase: Array("correct horse".utf8)), plain)
        XCTAssertThrowsError(try AgeFile.decrypt(sealed, passphrase: Array("wrong horse".utf8))) {
            XCTAssertEqual(($0 as? SanadError)?.code, .evidenceMismatch)
        }
        // A work factor above the limit is refused before any work (a hostile file's CPU bomb).
        XCTAssertThrowsError(try AgeFile.decrypt(sealed, passphrase: [0x61], maxLogN: 9)) {
            XCTAssertEqual(($0 as? SanadError)?.code, .usage)
        }
    }

    func testEveryChangedByteIsRefused() throws {
        let key = try X25519KeyPair()
        let plain = (0..<70_000).map { UInt8(truncatingIfNeeded: $0) }
        let sealed = try AgeFile.encrypt(plain, to: [key.publicKey])
        // A byte of the header, of the nonce, of each chunk, and the file cut short or extended.
        let header = try XCTUnwrap(sealed.firstRange(of: Array("--- ".utf8))).upperBound + 10
        for at in [30, header, header + 50, sealed.count - 100, sealed.count - 1] {
            var changed = sealed
            changed[at] ^= 0x20
            XCTAssertThrowsError(try AgeFile.decrypt(changed, identities: [key]), "byte \(at)")
        }
        XCTAssertThrowsError(try AgeFile.decrypt(Array(sealed.dropLast(16 + 4_448)), identities: [key]))
        XCTAssertThrowsError(try AgeFile.decrypt(sealed + [0], identities: [key]))
        XCTAssertThrowsError(try AgeFile.decrypt(Array("not age\n".utf8), identities: [key])) {
            XCTAssertEqual(($0 as? SanadError)?.code, .usage)
        }
    }
}
