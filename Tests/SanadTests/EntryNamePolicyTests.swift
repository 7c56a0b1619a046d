import SanadFormat
import XCTest
@testable import SanadVerify

/// Two names that one filesystem stores as one file must collide: the verifier reports them
/// as malformed, since `unzip` on macOS or Windows would overwrite one with the other.
final class EntryNamePolicyTests: XCTestCase {
    private typealias Key = EntryNameKey

    private func assertCollide(_ a: String, _ b: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(Key(a), Key(b), "\(a) vs \(b)", file: file, line: line)
        XCTAssertEqual(Key(a).hashValue, Key(b).hashValue, "\(a) vs \(b)", file: file, line: line)
        var seen: [Key: String] = [:]
        seen[Key(a)] = a
        XCTAssertEqual(seen[Key(b)], a, file: file, line: line)
    }

    func testNamesThatOneFilesystemFileHoldsCollide() {
        assertCollide("data/E0001/original.txt", "data/e0001/ORIGINAL.TXT")
        assertCollide("sanad/items/E0001.json", "SANAD/Items/e0001.JSON")
        // NFD and NFC spellings of é; a capital with its accent.
        assertCollide("data/E0001/caf\u{65}\u{301}.txt", "data/E0001/caf\u{e9}.txt")
        assertCollide("data/E0001/\u{c9}t\u{e9}.txt", "data/E0001/\u{e9}t\u{e9}.txt")
        // The Kelvin sign lower-cases to an ASCII k: it collides with K and k.
        assertCollide("data/E0001/\u{212A}.txt", "data/E0001/K.txt")
        assertCollide("data/E0001/\u{212A}.txt", "data/E0001/k.txt")
        // Arabic has no case: the same name in NFC and in NFD (alef with hamza above).
        assertCollide("data/E0001/\u{623}.txt", "data/E0001/\u{627}\u{654}.txt")
    }

    func testDifferentNamesDoNotCollide() {
        let names = [
            "data/E0001/original.txt", "data/E0001/original.txt2", "data/E0001/originaltxt", "data/E0002/original.txt",
            "data/E0001/original.tx", "data/E0001/@riginal.txt", "data/E0001/[riginal.txt", "data/E0001/\u{e9}.txt",
            "data/E0001/e.txt", "", "a", "A/",
        ]
        for (i, a) in names.enumerated() {
            for b in names[(i + 1)...] {
                XCTAssertNotEqual(Key(a), Key(b), "\(a) vs \(b)")
            }
        }
        // Folding touches A–Z only: '@' (0x40) and '[' (0x5B) border them.
        XCTAssertNotEqual(Key("@"), Key("`"))
        XCTAssertNotEqual(Key("["), Key("{"))
        XCTAssertEqual(Key("Z"), Key("z"))
    }
}
