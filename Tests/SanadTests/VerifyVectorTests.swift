import Foundation
import SanadCrypto
import SanadModel
import SanadVerify
import XCTest

/// Every scenario in Tests/Vectors, run through `ArchiveVerifier` in-process (the pytest suite
/// runs the same through the binary): the outcome, the check that must fail and the container
/// rule each names. The tampered scenarios are most of them; the verified ones are the control.
final class VerifyVectorTests: XCTestCase {
    private struct Scenario {
        let name: String
        let target: String
        let fields: [String: String]
    }

    private func scenarios() throws -> [Scenario] {
        let fm = FileManager.default
        return try fm.contentsOfDirectory(atPath: PipelineFixtures.vectors).sorted().compactMap { name in
            let dir = "\(PipelineFixtures.vectors)/\(name)"
            guard let text = try? String(contentsOfFile: "\(dir)/expect", encoding: .utf8) else { return nil }
            var fields: [String: String] = [:]
            for line in text.split(separator: "\n") {
                guard let colon = line.range(of: ": ") else { continue }
                fields[String(line[..<colon.lowerBound])] = String(line[colon.upperBound...])
            }
            guard
                let target = ["archive.zip", "archive.tar", "archive.p7m", "bag"].map({ "\(dir)/\($0)" }).first(
                    where: fm.fileExists)
            else { return nil }
            return Scenario(name: name, target: target, fields: fields)
        }
    }

    private func options(_ args: String, dir: String) throws -> (ArchiveVerifier.Options, strict: Bool) {
        var options = ArchiveVerifier.Options()
        var strict = false
        var words = args.replacingOccurrences(of: "{dir}", with: dir).split(separator: " ").map(String.init)[...]
        while let flag = words.popFirst() {
            switch flag {
            case "--signer-fingerprint":
                _ = words.popFirst()
                options.pinnedFingerprint = try PipelineFixtures.fingerprint("signer")
            case "--countersigner-fingerprint":
                _ = words.popFirst()
                options.countersignerFingerprints.append(try PipelineFixtures.fingerprint("recipient"))
            case "--trust":
                _ = words.popFirst()
                options.trustAnchors += try Certificate.loadAll(
                    pem: PipelineFixtures.bytes("\(PipelineFixtures.keys)/tsa-ca.pem"))
            case "--archive-sha256": options.archiveSHA256 = words.popFirst()
            case "--supplement": options.supplements.append(words.popFirst() ?? "")
            case "--strict": strict = true
            case "--key":
                // The envelope recipient's key and certificate (unencrypted PEM, test-only).
                let key = try PrivateKey.load(pem: PipelineFixtures.bytes(words.popFirst() ?? ""), passphrase: nil)
                guard words.popFirst() == "--cert" else { throw SanadError(.usage, "--key goes with --cert") }
                let cert = try Certificate.loadAll(pem: PipelineFixtures.bytes(words.popFirst() ?? ""))[0]
                options.envelopeKey = EnvelopeKey(key: key, certificate: cert)
            default: XCTFail("unknown argument \(flag) in a vector")
            }
        }
        return (options, strict)
    }

    func testEveryVectorGivesItsExpectedOutcomeInProcess() throws {
        let all = try scenarios()
        XCTAssertGreaterThanOrEqual(all.count, 100, "the vectors are missing")
        var verified = 0
        for s in all {
            let expect = try XCTUnwrap(s.fields["expect"], s.name)
            let (options, strict) = try options(
                s.fields["args"] ?? "", dir: (s.target as NSString).deletingLastPathComponent)
            let result = ArchiveVerifier.verify(path: s.target, options: options)
            XCTAssertEqual(result.outcome(strict: strict), expect, "\(s.name): \(result.report.failures.map(\.detail))")
            let failed = result.report.checks.filter { $0.outcome == .fail || $0.outcome == .warn }.map(\.name)
            if let check = s.fields["check"] { XCTAssertTrue(failed.contains(check), "\(s.name): \(failed)") }
            if let rule = s.fields["rule"] { XCTAssertEqual(result.containerViolation?.rule.rawValue, rule, s.name) }
            if expect == "verified" {
                verified += 1
                XCTAssertTrue(failed.isEmpty, "\(s.name): \(failed)")
            }
        }
        XCTAssertGreaterThanOrEqual(verified, 5, "the verified controls are missing")
    }

    func testEveryFailingCheckOfTheVectorsDeclaresWhatItsFailureMeans() throws {
        // A check named in a vector must exist as a CheckID; malformed vectors fail only
        // checks declared malformed.
        for s in try scenarios() {
            if let check = s.fields["check"] { XCTAssertNotNil(CheckID(rawValue: check), "\(s.name): \(check)") }
            guard s.fields["expect"] == "malformed" else { continue }
            let (options, strict) = try options(
                s.fields["args"] ?? "", dir: (s.target as NSString).deletingLastPathComponent)
            let result = ArchiveVerifier.verify(path: s.target, options: options)
            XCTAssertTrue(result.report.failures.contains { $0.id.failureMeans == .malformed }, s.name)
            _ = strict
        }
    }
}
