import Foundation
import SanadCrypto
import SanadModel
import SanadReceive
import SanadVerify
import XCTest

/// `Receiver` run in-process: it makes the golden received archive byte for byte, and refuses
/// to countersign an archive whose payload changed, writing nothing.
final class ReceiveInProcessTests: XCTestCase {
    private func receive(_ input: String, out: String) throws -> ReceiveOutcome {
        var options = ArchiveVerifier.Options()
        options.pinnedFingerprint = try PipelineFixtures.fingerprint("signer")
        return try Receiver().receive(
            ReceiveRequest(
                identity: try PipelineFixtures.identity("recipient"), inputPath: input, outputPath: out,
                receiveTime: PipelineFixtures.receiveTime, verifyOptions: options))
    }

    func testReceiveMakesTheGoldenReceivedArchiveByteForByte() throws {
        let dir = TempDir()
        let out = "\(dir.path)/received.zip"
        let outcome = try receive("\(PipelineFixtures.golden)/sealed.zip", out: out)
        XCTAssertEqual(outcome.verification.verdict(strict: false), .verified)
        let receipt = try XCTUnwrap(outcome.receipt)
        XCTAssertEqual(receipt.receiptNumber, 1)
        let golden = try PipelineFixtures.bytes("\(PipelineFixtures.golden)/received.zip")
        XCTAssertTrue(try PipelineFixtures.bytes(out) == golden, "the received archive differs from Tests/Golden")
        XCTAssertEqual(receipt.sha256, MessageDigest.sha256Hex(golden))
    }

    func testAChangedPayloadIsNotCountersigned() throws {
        // An exhibit byte changed with the zip's CRC made to match (the vector), then the same
        // byte changed in the golden zip as it is (the CRC no longer matches): neither is signed.
        let vector = "\(PipelineFixtures.vectors)/payload-byte-flipped/archive.zip"
        var raw = try PipelineFixtures.bytes("\(PipelineFixtures.golden)/sealed.zip")
        let sealed = ArchiveVerifier.verify(path: "\(PipelineFixtures.golden)/sealed.zip", options: .init())
        let payload = try XCTUnwrap(sealed.entries.last { $0.path.contains("/data/") && $0.size > 0 })
        raw[Int(payload.dataOffset + payload.size / 2)] ^= 0x01
        let dir = TempDir()
        let flipped = dir.write("flipped.zip", raw)
        for (input, verdict, check) in [
            (vector, VerificationResult.Verdict.doesNotVerify, CheckID.payloadDigests),
            (flipped, .malformed, .containerProfile),
        ] {
            let out = "\(dir.path)/received.zip"
            let outcome = try receive(input, out: out)
            XCTAssertNil(outcome.receipt, input)
            XCTAssertEqual(outcome.verification.verdict(strict: false), verdict, input)
            let failed = outcome.verification.report.failures.map(\.id)
            XCTAssertTrue(failed.contains(check), "\(input): \(failed)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: out), input)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["flipped.zip"])
    }
}
