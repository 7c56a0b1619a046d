import SanadModel
@testable import SanadTimeline
import XCTest

/// The allocation-free check must agree with `String(validating:)` on every input: ASCII runs
/// of every length around the eight-byte steps, and valid, overlong, surrogate, out-of-range
/// and cut-off sequences at every position.
final class UTF8ValidationTests: XCTestCase {
    func testAgreesWithTheStandardLibrary() {
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("plain ascii text".utf8), Array("س".utf8), Array("€".utf8), Array("👩‍👧".utf8),
            [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x9F], [0x80],
            [0xFF], [0xE2, 0x82],
        ]
        var rng = SplitMix(seed: 5)
        for _ in 0..<20_000 {
            var bytes: [UInt8] = Array(repeating: 0x41, count: Int(rng.next() % 20))
            for _ in 0..<Int(rng.next() % 4) {
                bytes += pieces[Int(rng.next() % UInt64(pieces.count))]
                bytes += Array(repeating: 0x42, count: Int(rng.next() % 10))
            }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            XCTAssertEqual(UTF8Scalar.isValid(bytes[...]), expected, "\(bytes)")
        }
    }
}
