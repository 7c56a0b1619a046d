import Foundation
@testable import SanadCrypto
import SanadModel
import XCTest

final class CryptoTests: XCTestCase {
    /// RFC 6979 appendix A.2.5: P-256, SHA-256, message "sample".
    func testDeterministicECDSAMatchesRFC6979KnownAnswer() throws {
        let pem = """
            -----BEGIN PRIVATE KEY-----
            MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgya+p2EW6dRZrXCFX
            Z7HWk05Qw9s26JsSe4piKxIPZyGhRANCAARg/tS6JVqdMclh63TGNW1owEm4kjth
            +mzmaWIuYPKftnkD/hAIuLyZpBrp6VYovGTy8bIMLX6fUXejwpTURiKZ
            -----END PRIVATE KEY-----
            """
        let key = try PrivateKey.load(pem: Array(pem.utf8), passphrase: nil)
        let der = try key.deterministicSignature(Array("sample".utf8))
        let (r, s) = try XCTUnwrap(parseECDSASignature(der))
        XCTAssertEqual(r, "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716")
        XCTAssertEqual(s, "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8")
        XCTAssertEqual(try key.deterministicSignature(Array("sample".utf8)), der)
    }

    func testEncryptedKeyRoundTripAndWrongPassphrase() throws {
        let key = try PrivateKey.generateP256()
        let pem = try key.encryptedPEM(passphrase: "correct horse")
        XCTAssertTrue(String(decoding: pem, as: UTF8.self).hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----"))
        let back = try PrivateKey.load(pem: pem, passphrase: "correct horse")
        let cert = try CertificateBuilder.selfSigned(
            key: key, subject: .init(name: "A", organization: "O"), notBefore: Date())
        XCTAssertTrue(back.matches(cert))
        for wrong in ["wrong", ""] {
            XCTAssertThrowsError(try PrivateKey.load(pem: pem, passphrase: wrong)) { error in
                XCTAssertEqual((error as? SanadError)?.code, .wrongPassphrase)
            }
        }
        XCTAssertThrowsError(try PrivateKey.load(pem: pem, passphrase: nil)) { error in
            XCTAssertEqual((error as? SanadError)?.code, .wrongPassphrase)
        }
        XCTAssertThrowsError(try key.encryptedPEM(passphrase: ""))
    }

    func testSelfSignedCertificateCarriesTheSealingProfile() throws {
        let key = try PrivateKey.generateP256()
        let start = Date(timeIntervalSince1970: 1_772_000_000)
        let cert = try CertificateBuilder.selfSigned(
            key: key, subject: .init(name: "Noor Advocate", organization: "نور للحماية", email: "noor@example.org"),
            notBefore: start)
        XCTAssertTrue(cert.isSelfSigned)
        XCTAssertEqual(cert.subject.commonName, "Noor Advocate")
        XCTAssertEqual(cert.subject.organization, "نور للحماية")
        XCTAssertEqual(cert.subject.email, "noor@example.org")
        XCTAssertEqual(cert.notBefore, "2026-02-25T06:13:20Z")
        XCTAssertEqual(cert.fingerprint, MessageDigest.sha256Hex(cert.der))
        let again = try Certificate.loadAll(pem: cert.pem)
        XCTAssertEqual(again.map(\.fingerprint), [cert.fingerprint])
        XCTAssertEqual(
            Certificate.normaliseFingerprint(Certificate.formatFingerprint(cert.fingerprint)), cert.fingerprint)
        XCTAssertNil(Certificate.normaliseFingerprint("3F:9A"))
    }

    func testCMSDetachedSignatureIsDeterministicAndDetectsChange() throws {
        let key = try PrivateKey.generateP256()
        let cert = try CertificateBuilder.selfSigned(
            key: key, subject: .init(name: "A", organization: "O"), notBefore: Date())
        let content = Array("tag manifest bytes\n".utf8)
        let when = Date(timeIntervalSince1970: 1_772_400_000)
        let sig1 = try CMSSignature.signDetached(
            content: content, key: key, certificate: cert, chain: [], signingTime: when)
        let sig2 = try CMSSignature.signDetached(
            content: content, key: key, certificate: cert, chain: [], signingTime: when)
        XCTAssertEqual(sig1, sig2, "same key, content and time must give the same bytes")

        let ok = CMSSignature.verifyDetached(signature: sig1, content: content, trustAnchors: [])
        XCTAssertTrue(ok.signatureValid)
        XCTAssertNil(ok.chainTrusted)
        XCTAssertEqual(ok.signer?.fingerprint, cert.fingerprint)
        XCTAssertEqual(ok.signingTime, when)
        XCTAssertEqual(ok.signerCount, 1)
        XCTAssertEqual(
            CMSSignature.verifyDetached(signature: sig1, content: content, trustAnchors: [cert]).chainTrusted, true)

        var changed = content
        changed[0] ^= 1
        let bad = CMSSignature.verifyDetached(signature: sig1, content: changed, trustAnchors: [])
        XCTAssertFalse(bad.signatureValid)
        XCTAssertNotNil(bad.problem)
        XCTAssertFalse(
            CMSSignature.verifyDetached(signature: Array(sig1.dropLast(3)), content: content, trustAnchors: [])
                .signatureValid)

        let other = try PrivateKey.generateP256()
        let otherCert = try CertificateBuilder.selfSigned(
            key: other, subject: .init(name: "B", organization: "O"), notBefore: Date())
        XCTAssertEqual(
            CMSSignature.verifyDetached(signature: sig1, content: content, trustAnchors: [otherCert]).chainTrusted,
            false)
        XCTAssertThrowsError(
            try CMSSignature.signDetached(content: content, key: other, certificate: cert, chain: [], signingTime: when)
        ) { error in
            XCTAssertEqual((error as? SanadError)?.code, .badKey)
        }
    }

    func testOpenSSLCommandLineAcceptsTheSignature() throws {
        let dir = TempDir()
        let key = try PrivateKey.generateP256()
        let cert = try CertificateBuilder.selfSigned(
            key: key, subject: .init(name: "A", organization: "O"), notBefore: Date())
        let content = Array("content\n".utf8)
        let sig = try CMSSignature.signDetached(
            content: content, key: key, certificate: cert, chain: [], signingTime: Date())
        let data = dir.write("tagmanifest-sha256.txt", content)
        let sigPath = dir.write("seal.p7s", sig)
        let certPath = dir.write("signer.pem", cert.pem)
        func openssl(_ dataPath: String) -> Int32 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            p.arguments = [
                "cms", "-verify", "-binary", "-inform", "DER", "-in", sigPath, "-content", dataPath, "-CAfile",
                certPath, "-out", "/dev/null",
            ]
            p.standardError = FileHandle.nullDevice
            try! p.run()
            p.waitUntilExit()
            return p.terminationStatus
        }
        XCTAssertEqual(openssl(data), 0)
        let tampered = dir.write("tampered.txt", Array("contenT\n".utf8))
        XCTAssertNotEqual(openssl(tampered), 0)
    }

    /// r and s of a DER ECDSA-Sig-Value, as 64-digit hex.
    private func parseECDSASignature(_ der: [UInt8]) -> (String, String)? {
        guard der.count > 8, der[0] == 0x30 else { return nil }
        var i = 2
        func integer() -> String? {
            guard i + 2 <= der.count, der[i] == 0x02 else { return nil }
            let len = Int(der[i + 1])
            var bytes = Array(der[(i + 2)..<(i + 2 + len)])
            i += 2 + len
            while bytes.count > 32, bytes.first == 0 { bytes.removeFirst() }
            return Hex.encode(Array(repeating: 0, count: 32 - bytes.count) + bytes)
        }
        guard let r = integer(), let s = integer() else { return nil }
        return (r, s)
    }
}
