import Foundation
import SanadModel
@testable import SanadTimeline
import XCTest

/// A large file is surveyed as two halves on two cores; the result must be exactly the
/// one-pass survey, wherever the middle falls (inside a CRLF, inside a character, on a header).
final class WhatsAppSplitSurveyTests: XCTestCase {
    /// Hides the ranged reads, so that the survey takes the one-pass path.
    struct OnePass: ByteInput {
        let inner: MemoryInput
        var label: String { inner.label }
        func forEachChunk(_ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void) throws(SanadError) {
            try inner.forEachChunk(body)
        }
    }

    func testSplitSurveyEqualsTheOnePassSurvey() throws {
        let folder = WhatsAppFixtureTests.folder
        for name in ["ios-en-crlf", "android-ar", "android-en-malformed", "ios-ar", "android-en-group-system"] {
            let fixture = Array(try Data(contentsOf: folder.appendingPathComponent("\(name).txt")))
            var bytes: [UInt8] = []
            while bytes.count < 3 * fixture.count { bytes += fixture }
            // Every place the middle can fall within a fixture's length.
            for shift in 0..<fixture.count {
                let input = Array(repeating: UInt8(ascii: "x"), count: shift) + [0x0A] + bytes
                var parser = WhatsAppTextParser(.init(dateOrder: .dmy))
                parser.splitSurveyBytes = 64
                let split = try parser.survey(MemoryInput(input, chunkSize: 997))
                let whole = try parser.survey(OnePass(inner: MemoryInput(input, chunkSize: 997)))
                XCTAssertEqual(split, whole, "\(name) shifted by \(shift)")
            }
        }
    }

    func testASmallFileIsSurveyedInOnePass() throws {
        let bytes = Array("18/03/2022, 14:56 - Sara: hi\n".utf8)
        let parser = WhatsAppTextParser()
        XCTAssertEqual(try parser.survey(MemoryInput(bytes)), try parser.survey(OnePass(inner: MemoryInput(bytes))))
    }
}
