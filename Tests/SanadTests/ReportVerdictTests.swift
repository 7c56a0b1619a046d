import SanadModel
@testable import SanadVerify
import XCTest

@testable import SanadReport

/// The verdict and the check lines of a report are written from the verifier's result: the
/// same result gives the same words, and one changed outcome changes them.
final class ReportVerdictTests: XCTestCase {
    func facts(_ checks: [Report.Check]) -> ReportFacts {
        var v = VerificationResult()
        v.report = Report(checks: checks)
        v.sealedAt = "2026-03-04T10:00:00Z"
        v.signerFingerprint = String(repeating: "ab", count: 32)
        return ReportFacts(
            kind: .archive, fileName: "sealed.zip", verification: v, strict: false, caseID: "CASE-1", fileSHA256: nil)
    }

    func lines(_ blocks: [ReportBlock]) -> [String] {
        blocks.compactMap {
            switch $0 {
            case .check(let mark, let text): "\(mark) \(text)"
            case .paragraph(let text), .banner(let text, _, _): text
            default: nil
            }
        }
    }

    func testOneChangedOutcomeChangesTheVerdictAndItsCheckLine() {
        let passing: [Report.Check] = [
            .init(.payloadDigests, .pass, "10 payload files match"), .init(.signature, .pass, "sealed by Noor"),
        ]
        var failing = passing
        failing[0] = .init(.payloadDigests, .fail, "data/E0001/original.txt does not match", subject: "E0001")
        for language in ReportLanguage.allCases {
            let t = ReportCatalogue(language)
            let good = ReportComposer(facts: facts(passing), t: t, first: true)
            let bad = ReportComposer(facts: facts(failing), t: t, first: true)
            XCTAssertEqual(good.verdict(), t("verdict.verified", ["time": .text(good.when("2026-03-04T10:00:00Z"))]))
            XCTAssertEqual(bad.verdict(), t("verdict.fails", ["count": .code("1")]))
            let goodLines = lines(good.checks())
            let badLines = lines(bad.checks())
            let pass = t("checks.count", ["outcome": .text(t("outcome.pass")), "count": .code("1")])
            let fail = t("checks.count", ["outcome": .text(t("outcome.fail")), "count": .code("1")])
            XCTAssertTrue(goodLines.contains("pass " + t("check.payload-digests") + " — " + pass), "\(goodLines)")
            XCTAssertTrue(badLines.contains("fail " + t("check.payload-digests") + " — " + fail), "\(badLines)")
            // The failure is shown with what the verifier said, and the rest of the report is withheld.
            XCTAssertTrue(badLines.contains { $0.contains("data/E0001/original.txt does not match") })
            XCTAssertTrue(badLines.contains(t("checks.not_read")))
            XCTAssertFalse(goodLines.contains(t("checks.not_read")))
            // The unchanged check reads the same in both.
            let signature = "pass " + t("check.signature") + " — " + pass
            XCTAssertTrue(goodLines.contains(signature) && badLines.contains(signature))
        }
    }

    func testAMalformedArchiveSaysSoFirst() {
        let t = ReportCatalogue(.en)
        let c = ReportComposer(
            facts: facts([.init(.containerProfile, .fail, "a zip entry is compressed")]), t: t, first: true)
        XCTAssertTrue(c.verdict().hasPrefix("THIS FILE COULD NOT BE READ SAFELY AS AN ARCHIVE"), c.verdict())
    }
}
