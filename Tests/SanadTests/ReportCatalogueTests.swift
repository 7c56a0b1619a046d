import SanadModel
import XCTest

@testable import SanadReport

/// The court report's two catalogues (Sources/SanadReport/Catalogues): the same keys, the same
/// values to fill in, a string for every check, custody step and platform, and nothing in them
/// that could reorder the text around it.
final class ReportCatalogueTests: XCTestCase {
    let en = ReportCatalogue.parse(PackageResources.en_json)
    let ar = ReportCatalogue.parse(PackageResources.ar_json)

    func testBothCataloguesHaveTheSameKeysAndPlaceholders() throws {
        XCTAssertGreaterThan(en.count, 150)
        XCTAssertEqual(Set(en.keys), Set(ar.keys))
        let placeholder = try NSRegularExpression(pattern: "\\{[a-z_]+\\}")
        func names(_ s: String) -> [String] {
            placeholder.matches(in: s, range: NSRange(s.startIndex..., in: s)).map {
                (s as NSString).substring(with: $0.range)
            }
            .sorted()
        }
        for (key, text) in en {
            XCTAssertEqual(names(text), names(ar[key] ?? ""), "\(key): the catalogues fill in different values")
        }
    }

    func testEveryCheckCustodyStepAndPlatformHasItsWords() {
        for id in CheckID.allCases {
            XCTAssertNotNil(en["check.\(id.rawValue)"], "no sentence for check \(id.rawValue)")
        }
        for action in CustodyEntry.Action.allCases {
            XCTAssertNotNil(en["custody.\(action.rawValue)"], "no sentence for custody step \(action.rawValue)")
        }
        for p in Platform.allCases where p != .other {
            XCTAssertNotNil(en["platform.\(p.rawValue)"], "no words for platform \(p.rawValue)")
        }
        for outcome in ["pass", "fail", "warn", "info"] { XCTAssertNotNil(en["outcome.\(outcome)"]) }
    }

    /// Sanad inserts the isolates around values itself; a bidi control typed into a string would
    /// reorder the sentence. Arabic strings carry no short-vowel marks: poppler, reading the PDF
    /// back, breaks a word at them.
    func testNoStringCarriesBidiControlsOrArabicVowelMarks() {
        for (key, text) in en.merging(ar.map { ("ar:" + $0.key, $0.value) }, uniquingKeysWith: { a, _ in a }) {
            for scalar in text.unicodeScalars {
                XCTAssertFalse(ReportText.isHidden(scalar.value), "\(key) holds U+\(String(scalar.value, radix: 16))")
                if key.hasPrefix("ar:") {
                    XCTAssertFalse((0x064B...0x0652).contains(scalar.value), "\(key) holds a short-vowel mark")
                }
            }
        }
    }

    /// A value is filled in once: a name that looks like a placeholder stays as it is.
    func testValuesAreFilledInOncePerPlaceholder() {
        let t = ReportCatalogue(.en)
        let s = t("custody.note", ["time": .name("{actor}"), "actor": .name("Noor"), "n": .code("7")])
        XCTAssertTrue(s.contains("\u{2068}{actor}\u{2069}"), s)
        XCTAssertEqual(s.components(separatedBy: "Noor").count, 2, s)
        XCTAssertTrue(s.hasSuffix("(entry 7)."), s)
    }

    func testCodesAreIsolatedInArabicAndNamesInBoth() {
        let ar = ReportCatalogue(.ar)
        let en = ReportCatalogue(.en)
        XCTAssertEqual(ar.render(.code("E0001")), "\u{2066}E0001\u{2069}")
        XCTAssertEqual(en.render(.code("E0001")), "E0001")
        XCTAssertEqual(en.render(.name("نور")), "\u{2068}نور\u{2069}")
        XCTAssertEqual(ar.render(.name("Noor")), "\u{2068}Noor\u{2069}")
    }
}
