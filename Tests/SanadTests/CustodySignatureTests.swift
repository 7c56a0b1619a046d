import Foundation
import SanadCrypto
import SanadCustody
import SanadModel
import XCTest

/// Signed custody entries (docs/CUSTODY.md §4): the signer, the log that signs as it appends,
/// and the checker `log --verify` and `verify` use, each outcome named by its check.
final class CustodySignatureTests: XCTestCase {
    private func identity(_ name: String) throws -> (PrivateKey, Certificate) {
        let key = try PrivateKey.generateP256()
        let cert = try CertificateBuilder.selfSigned(
            key: key, subject: .init(name: name, organization: "O"), notBefore: Date())
        return (key, cert)
    }

    /// A key from the openssl tool, for the kinds `sanad key new` does not make.
    private func opensslKey(_ args: [String]) throws -> PrivateKey {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        p.arguments = ["genpkey"] + args
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let pem = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return try PrivateKey.load(pem: [UInt8](pem), passphrase: nil)
    }

    private func entry(_ seq: Int64, prev: String = CustodyEntry.genesisPrev) -> CustodyEntry {
        CustodyEntry(
            seq: seq, time: "2026-03-03T07:10:05.136Z", actor: "Noor", action: seq == 0 ? .caseCreated : .note,
            details: ["n": .int(seq)], prev: prev)
    }

    /// Lines chained and signed as `CustodyLog.append` writes them.
    private func log(_ count: Int, signer: EntrySigner?) throws -> [[UInt8]] {
        var prev = CustodyEntry.genesisPrev
        var out: [[UInt8]] = []
        for i in 0..<count {
            var e = entry(Int64(i), prev: prev)
            if let signer { e = try signer.signed(e) }
            out.append(e.canonicalLine)
            prev = MessageDigest.sha256Hex(e.canonicalLine)
        }
        return out
    }

    private func check(_ lines: [[UInt8]], _ certs: [Certificate], expect: Set<String> = []) -> CustodySignatures.Result
    {
        let bytes: [UInt8] = lines.flatMap { line -> [UInt8] in line + [0x0A] }
        return CustodySignatures.check(
            CustodyLogFile.split(bytes),
            .init(
                certificates: Dictionary(certs.map { ($0.fingerprint, $0) }, uniquingKeysWith: { a, _ in a }),
                expectedSigners: expect))
    }

    private func outcomes(_ r: CustodySignatures.Result, _ id: CheckID) -> [String] {
        r.report.checks.filter { $0.id == id }.map { "\($0.outcome.rawValue) \($0.subject ?? "")" }
    }

    func testSignedEntriesVerifyAndAreDeterministic() throws {
        let (key, cert) = try identity("Noor")
        let signer = try EntrySigner(key: key, certificate: cert)
        XCTAssertEqual(try signer.signed(entry(1)), try signer.signed(entry(1)))
        let r = check(try log(3, signer: signer), [cert], expect: [cert.fingerprint])
        XCTAssertEqual(r.signed, 3)
        XCTAssertEqual(r.report.failures, [])
        XCTAssertEqual(outcomes(r, .custodySignature), ["pass "])
        XCTAssertEqual(outcomes(r, .custodySigner), ["pass \(cert.fingerprint)"])
        XCTAssertEqual(outcomes(r, .custodyUnsigned), [])
    }

    func testAnEditedEntryFailsCustodySignature() throws {
        let (key, cert) = try identity("Noor")
        var lines = try log(3, signer: try EntrySigner(key: key, certificate: cert))
        let text = String(decoding: lines[2], as: UTF8.self).replacingOccurrences(of: "\"n\":2", with: "\"n\":9")
        lines[2] = Array(text.utf8)
        XCTAssertEqual(outcomes(check(lines, [cert]), .custodySignature), ["fail seq 2"])
    }

    func testAnotherKeyUnderTheSameCertificateFails() throws {
        let (key, cert) = try identity("Noor")
        let (otherKey, _) = try identity("Mallory")
        XCTAssertThrowsError(try EntrySigner(key: otherKey, certificate: cert))
        var lines = try log(2, signer: try EntrySigner(key: key, certificate: cert))
        // Re-sign entry 1 with Mallory's key, keeping Noor's cert_sha256.
        var e = try XCTUnwrap(CustodyEntry.decode(try JSONParser.parse(lines[1])).get())
        let value = try EntrySignature.sign(entry(1, prev: e.prev).canonicalLine, key: otherKey)
        e.sig = [
            "alg": "ecdsa-p256-sha256", "cert_sha256": .string(cert.fingerprint),
            "value": .string(Data(value).base64EncodedString()),
        ]
        lines[1] = e.canonicalLine
        XCTAssertEqual(outcomes(check(lines, [cert]), .custodySignature), ["fail seq 1"])
    }

    func testAnUnpinnedOrMissingSignerIsNamed() throws {
        let (key, cert) = try identity("Noor")
        let (_, pinned) = try identity("Someone")
        let lines = try log(2, signer: try EntrySigner(key: key, certificate: cert))
        let r = check(lines, [cert], expect: [pinned.fingerprint])
        XCTAssertEqual(outcomes(r, .custodySigner), ["fail \(cert.fingerprint)", "fail \(pinned.fingerprint)"])
        XCTAssertEqual(outcomes(check(lines, [cert]), .custodySigner), ["info \(cert.fingerprint)"])
        XCTAssertEqual(outcomes(check(lines, []), .custodySignature), ["fail seq 0", "fail seq 1"])
    }

    func testUnsignedEntriesAreInformationUntilOneFollowsASignedEntry() throws {
        let (key, cert) = try identity("Noor")
        let signer = try EntrySigner(key: key, certificate: cert)
        XCTAssertEqual(outcomes(check(try log(2, signer: nil), []), .custodyUnsigned), ["info "])
        var lines = try log(3, signer: signer)
        lines[0] = try log(1, signer: nil)[0]
        XCTAssertEqual(outcomes(check(lines, [cert]), .custodyUnsigned), ["info "])
        lines = try log(3, signer: signer)
        var e = try XCTUnwrap(CustodyEntry.decode(try JSONParser.parse(lines[2])).get())
        e.sig = nil
        lines[2] = e.canonicalLine
        XCTAssertEqual(outcomes(check(lines, [cert]), .custodyUnsigned), ["warn seq 2"])
    }

    func testMalformedSignaturesFail() throws {
        let (key, cert) = try identity("Noor")
        let good = try EntrySigner(key: key, certificate: cert).signed(entry(0))
        let value = good.sig?["value"] ?? .null
        for sig: JSONValue in [
            "x", ["alg": "ecdsa-p256-sha256", "cert_sha256": .string(cert.fingerprint)],
            ["alg": "ed25519", "cert_sha256": .string(cert.fingerprint), "value": value],
            ["alg": "ecdsa-p256-sha256", "cert_sha256": .string(cert.fingerprint.uppercased()), "value": value],
            ["alg": "ecdsa-p256-sha256", "cert_sha256": .string(cert.fingerprint), "value": "not base64!"],
            ["alg": "rsa-pss-sha256", "cert_sha256": .string(cert.fingerprint), "value": value],
        ] {
            var e = good
            e.sig = sig
            XCTAssertEqual(outcomes(check([e.canonicalLine], [cert]), .custodySignature), ["fail seq 0"], "\(sig)")
        }
    }

    func testRSAKeysSignWithPSSAndOtherCurvesAreRefused() throws {
        let rsa = try opensslKey(["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"])
        let rsaCert = try CertificateBuilder.selfSigned(
            key: rsa, subject: .init(name: "R", organization: "O"), notBefore: Date())
        let signer = try EntrySigner(key: rsa, certificate: rsaCert)
        XCTAssertEqual(signer.algorithm, .rsaPSSSHA256)
        XCTAssertEqual(check(try log(2, signer: signer), [rsaCert]).report.failures, [])
        let p384 = try opensslKey(["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"])
        XCTAssertThrowsError(try EntrySignature.algorithm(for: p384)) { error in
            XCTAssertEqual((error as? SanadError)?.code, .badKey)
        }
    }
}
