import Foundation
import SanadExtract
import XCTest

/// The verifier every excerpt carries is embedded in the binary (scripts/embed-verify-excerpt.py):
/// it must be, byte for byte, the script kept and tested in Tools/.
final class ExcerptScriptTests: XCTestCase {
    func testTheEmbeddedScriptIsToolsVerifyExcerptPy() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let script = try Data(contentsOf: root.appendingPathComponent("Tools/verify_excerpt.py"))
        XCTAssertFalse(script.isEmpty)
        XCTAssertEqual(
            ExcerptVerifierScript.bytes, Array(script),
            "run scripts/embed-verify-excerpt.py after editing Tools/verify_excerpt.py")
    }
}
