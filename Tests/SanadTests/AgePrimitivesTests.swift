import SanadCrypto
import SanadModel
import XCTest

/// The primitives of the age format (issue 13's encrypted workspace) against the test vectors
/// of their RFCs, and each one's failure: a wrong tag, a low-order point, a changed byte.
final class AgePrimitivesTests: XCTestCase {
    static func hex(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        var it = s.makeIterator()
        while let a = it.next(), let b = it.next() { out.append(UInt8(String([a, b]), radix: 16)!) }
        return out
    }

    func testX25519MatchesRFC7748() throws {
        let alice = try X25519KeyPair(
            privateKey: Self.hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"))
        let bob = try X25519KeyPair(
            privateKey: Self.hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"))
        XCTAssertEqual(alice.publicKey, Self.hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"))
        XCTAssertEqual(bob.publicKey, Self.hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"))
        let shared = Self.hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742")
        XCTAssertEqual(try alice.sharedSecret(with: bob.publicKey), shared)
        XCTAssertEqual(try bob.sharedSecret(with: alice.publicKey), shared)
        // A low-order point gives an all-zero secret: refused.
        XCTAssertThrowsError(try alice.sharedSecret(with: [UInt8](repeating: 0, count: 32)))
        let fresh = try X25519KeyPair()
        XCTAssertEqual(try X25519KeyPair(privateKey: fresh.privateKey).publicKey, fresh.publicKey)
    }

    func testHKDFMatchesRFC5869() throws {
        let okm = try KeyDerivation.hkdfSHA256(
            key: [UInt8](repeating: 0x0b, count: 22), salt: Array(0x00...0x0c), info: Array(0xf0...0xf9), length: 42)
        XCTAssertEqual(
            okm, Self.hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"))
        // Test case 3: no salt, no info.
        let okm3 = try KeyDerivation.hkdfSHA256(
            key: [UInt8](repeating: 0x0b, count: 22), salt: [], info: [], length: 42)
        XCTAssertEqual(
            okm3, Self.hex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"))
    }

    func testHMACMatchesRFC4231() throws {
        XCTAssertEqual(
            try KeyDerivation.hmacSHA256(key: [UInt8](repeating: 0x0b, count: 20), data: Array("Hi There".utf8)),
            Self.hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"))
    }

    func testScryptMatchesRFC7914() throws {
        let dk = try KeyDerivation.scrypt(
            password: Array("password".utf8), salt: Array("NaCl".utf8), logN: 10, r: 8, p: 16, length: 64)
        XCTAssertEqual(
            dk,
            Self.hex(
                "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830da"
                    + "c727afb94a83ee6d8360cbdfa2cc0640"))
        XCTAssertThrowsError(try KeyDerivation.scrypt(password: [], salt: [], logN: 0, length: 32))
    }

    func testChaChaPolyMatchesRFC8439AndRefusesAChangedByte() throws {
        let key = Array(UInt8(0x80)...UInt8(0x9f))
        let nonce = Self.hex("070000004041424344454647")
        let aad = Self.hex("50515253c0c1c2c3c4c5c6c7")
        let text = Array(
            ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, "
                + "sunscreen would be it.").utf8)
        let sealed = try ChaChaPoly.seal(text, key: key, nonce: nonce, aad: aad)
        XCTAssertEqual(
            sealed,
            Self.hex(
                "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b"
                    + "1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7"
                    + "bc3ff4def08e4b7a9de576d26586cec64b6116" + "1ae10b594f09e26a7e902ecbd0600691"))
        XCTAssertEqual(try ChaChaPoly.open(sealed, key: key, nonce: nonce, aad: aad), text)
        var changed = sealed
        changed[5] ^= 1
        XCTAssertThrowsError(try ChaChaPoly.open(changed, key: key, nonce: nonce, aad: aad)) {
            XCTAssertEqual(($0 as? SanadError)?.code, .evidenceMismatch)
        }
        var wrongKey = key
        wrongKey[0] ^= 1
        XCTAssertThrowsError(try ChaChaPoly.open(sealed, key: wrongKey, nonce: nonce, aad: aad))
        // An empty message is a tag alone, and opens to nothing.
        let empty = try ChaChaPoly.seal([], key: key, nonce: nonce)
        XCTAssertEqual(empty.count, 16)
        XCTAssertEqual(try ChaChaPoly.open(empty, key: key, nonce: nonce), [])
    }
}
