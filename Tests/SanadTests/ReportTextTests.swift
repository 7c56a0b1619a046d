import XCTest

@testable import SanadReport

/// Evidence text made safe to typeset: what would reorder, hide or not print is shown as a
/// visible marker in its place, and nothing else changes.
final class ReportTextTests: XCTestCase {
    func testControlsAndBidiOverridesBecomeVisibleMarkers() {
        XCTAssertEqual(ReportText.untrusted("abc\u{202E}def\u{202C} x"), "abc⟦U+202E⟧def⟦U+202C⟧ x")
        XCTAssertEqual(ReportText.untrusted("a\u{07}b\u{1B}[31m"), "a⟦U+0007⟧b⟦U+001B⟧[31m")
        XCTAssertEqual(ReportText.untrusted("x\u{2066}y\u{2069}\u{200F}\u{FEFF}"), "x⟦U+2066⟧y⟦U+2069⟧⟦U+200F⟧⟦U+FEFF⟧")
        XCTAssertEqual(ReportText.untrusted("a\u{85}b"), "a⟦U+0085⟧b")
        XCTAssertEqual(ReportText.untrusted("line\r\nnext", newlines: true), "line\nnext")
        XCTAssertEqual(ReportText.untrusted("line\nnext"), "line⏎next")
        XCTAssertEqual(ReportText.untrusted("tab\there"), "tab here")
        // Markup is text; joiners that Arabic and emoji need are kept.
        XCTAssertEqual(ReportText.untrusted("<b>x</b> &amp;"), "<b>x</b> &amp;")
        XCTAssertEqual(ReportText.untrusted("👩\u{200D}💻 لا"), "👩\u{200D}💻 لا")
    }

    func testLongTextIsCutWithTheCountOfWhatIsLeft() {
        let s = ReportText.untrusted(String(repeating: "x", count: 50), limit: 10) { "[+\($0)]" }
        XCTAssertEqual(s, String(repeating: "x", count: 10) + " [+40]")
    }

    /// The fast path (text with nothing to change returned as it is) agrees with the full one on
    /// random text drawn from the characters that matter.
    func testTheFastPathAgreesWithTheFullOne() {
        let alphabet: [Unicode.Scalar] = [
            "a", " ", "\n", "\r", "\t", "\u{07}", "\u{7F}", "\u{85}", "\u{A0}", "\u{200D}", "\u{200E}", "\u{2013}",
            "\u{2026}", "\u{202B}", "\u{2066}", "\u{2069}", "\u{2028}", "\u{061C}", "\u{0644}", "\u{FEFF}", "\u{FFFD}",
            "\u{FFF9}", "\u{1F600}",
        ]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            var s = ""
            for _ in 0..<Int.random(in: 0...12, using: &rng) {
                s.unicodeScalars.append(alphabet.randomElement(using: &rng)!)
            }
            for newlines in [false, true] {
                var slow = ""
                for scalar in s.unicodeScalars {
                    switch scalar.value {
                    case 0x0A where newlines: slow.unicodeScalars.append(scalar)
                    case 0x0A: slow += "⏎"
                    case 0x0D: continue
                    case 0x09: slow += " "
                    case 0x00...0x1F, 0x7F...0x9F: slow += ReportText.marker(scalar.value)
                    default:
                        slow += ReportText.isHidden(scalar.value) ? ReportText.marker(scalar.value) : String(scalar)
                    }
                }
                XCTAssertEqual(ReportText.untrusted(s, newlines: newlines), slow, s.debugDescription)
            }
        }
    }
}
