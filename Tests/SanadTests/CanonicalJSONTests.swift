import SanadModel
import XCTest

final class CanonicalJSONTests: XCTestCase {
    func testSortsKeysByUTF16CodeUnitsAsRFC8785Requires() {
        // RFC 8785 §3.2.3 example keys: sorting by UTF-16 puts U+1F600 (a surrogate pair, 0xD83D…)
        // before U+FB33 (0xFB33), unlike sorting by code point.
        let value: JSONValue = [
            "\u{20AC}": 1, "\r": 2, "\u{FB33}": 3, "1": 4, "\u{1F600}": 5, "\u{0080}": 6, "\u{00F6}": 7,
        ]
        let text = CanonicalJSON.string(value)
        XCTAssertEqual(
            text, "{\"\\r\":2,\"1\":4,\"\u{0080}\":6,\"\u{00F6}\":7,\"\u{20AC}\":1,\"\u{1F600}\":5,\"\u{FB33}\":3}")
    }

    func testEscapesOnlyWhatJSONRequires() {
        let value: JSONValue = .string("a\"b\\c/d\u{01}\u{1F}\u{7F}\u{2028}é\t\n")
        XCTAssertEqual(CanonicalJSON.string(value), "\"a\\\"b\\\\c/d\\u0001\\u001f\u{7F}\u{2028}é\\t\\n\"")
    }

    func testNoInsignificantWhitespaceAndIntegersInDecimal() {
        let value: JSONValue = ["b": [1, -2, 0], "a": ["x": nil, "y": true, "z": false]]
        XCTAssertEqual(CanonicalJSON.string(value), "{\"a\":{\"x\":null,\"y\":true,\"z\":false},\"b\":[1,-2,0]}")
    }

    func testCanonicalBytesRoundTrip() throws {
        let line = #"{"a":[1,{"b":"\u0000é"}],"c":"x\\y"}"#
        let parsed = try JSONParser.parse(line)
        XCTAssertEqual(CanonicalJSON.string(parsed), line)
    }

    func testNonCanonicalInputIsDetectedByReencoding() throws {
        for text in [#"{"b":1,"a":2}"#, #"{"a": 1}"#, #"{"a":"\u00e9"}"#, #"{"a":"\/"}"#] {
            let parsed = try JSONParser.parse(text)
            XCTAssertNotEqual(CanonicalJSON.string(parsed), text, text)
        }
    }

    func testParserRejectsDuplicateMembers() {
        XCTAssertThrowsError(try JSONParser.parse(#"{"a":1,"a":2}"#)) { error in
            XCTAssertEqual((error as? JSONParser.Failure)?.reason, "duplicate member \"a\"")
        }
    }

    func testParserRejectsMalformedInput() {
        for bad in ["", "{", "[1,]", "01", "\"\\ud800\"", "\"\u{01}\"", "{\"a\":1} x", "nul", "[1 2]"] {
            XCTAssertThrowsError(try JSONParser.parse(bad), "accepted: \(bad)")
        }
    }

    func testParserLimitsNesting() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        XCTAssertThrowsError(try JSONParser.parse(Array(deep.utf8), maxDepth: 64))
        XCTAssertNoThrow(try JSONParser.parse(Array(deep.utf8), maxDepth: 128))
    }

    func testSurrogatePairsDecode() throws {
        XCTAssertEqual(try JSONParser.parse(#""\ud83d\ude00""#), .string("\u{1F600}"))
    }

    func testPrettyFormIsDeterministicAndEndsInLF() {
        let value: JSONValue = ["z": [1], "a": .object([:])]
        let pretty = String(decoding: CanonicalJSON.encodePretty(value), as: UTF8.self)
        XCTAssertEqual(pretty, "{\n  \"a\": {},\n  \"z\": [\n    1\n  ]\n}\n")
    }

    /// The parser's fast paths (strings without escapes, integers up to 18 digits) and the
    /// encoder's (ASCII keys sorted by bytes, integers written digit by digit) give exactly what
    /// the general paths give, on random values: encode, parse, encode again, same bytes.
    func testRandomValuesRoundTripThroughTheFastPaths() throws {
        var random = RandomJSON(
            seed: 7, maxPieces: 8,
            ints: [0, 1, 9, 10, 99_999, 999_999_999_999_999_999, Int64.max, Int64.min, -1, -123_456_789_012_345_678],
            pieces: [
                "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\u{01}", "\u{1F}", "é", "ق", "\u{1F600}", "\u{FFFF}",
                "\u{E000}", "~",
            ])
        for _ in 0..<2000 {
            let v = random.value(0)
            let bytes = CanonicalJSON.encode(v)
            let parsed = try JSONParser.parse(bytes)
            XCTAssertEqual(parsed, v)
            XCTAssertEqual(CanonicalJSON.encode(parsed), bytes)
        }
        let keys = ["b", "a", "B", "ab", "a\u{7F}", "", "é", "\u{1F600}", "\u{FFFF}"]
        XCTAssertEqual(CanonicalJSON.sortedKeys(keys), keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) })
        let ascii = ["b", "a", "B", "ab", "a\u{7F}", "", "_", "0"]
        XCTAssertEqual(CanonicalJSON.sortedKeys(ascii), ascii.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) })
    }

    /// `isCanonical` is exact when it says yes: on random values and on single-byte
    /// mutations of their canonical bytes, a yes always means parse + encode gives the same
    /// bytes back. It says yes to every canonical line of the kind Sanad writes (ASCII member
    /// names, integers of up to 18 digits).
    func testOnePassCanonicalCheckAgreesWithReencoding() throws {
        var random = RandomJSON(
            seed: 11, maxPieces: 6, ints: [0, 1, 9, 10, -1, 99_999, 999_999_999_999_999_99, -99_999_999_999_999_99],
            pieces: [
                "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\u{01}", "\u{1F}", "\u{7F}", "é", "ق", "\u{1F600}", "~",
            ],
            keys: ["a", "b", "ab", "B", "_", "seq", "v", "details", "0", "a\u{7F}"])
        let alphabet = Array(#"{}[]",:\ 0123456789-+.eEabfnrtuTz"#.utf8) + [0x00, 0x1F, 0x7F, 0xC3, 0xA9, 0xFF]
        var accepted = 0, mutantsAccepted = 0
        for _ in 0..<3000 {
            let bytes = CanonicalJSON.encode(random.value(0))
            XCTAssertTrue(CanonicalJSON.isCanonical(bytes), String(decoding: bytes, as: UTF8.self))
            accepted += 1
            for _ in 0..<4 {
                var m = bytes
                let at = Int(random.next() % UInt64(max(1, m.count)))
                switch random.next() % 3 {
                case 0 where !m.isEmpty: m[at] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                case 1: m.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: min(at, m.count))
                default: if !m.isEmpty { m.remove(at: at) }
                }
                guard CanonicalJSON.isCanonical(m) else { continue }
                mutantsAccepted += 1
                let parsed = try JSONParser.parse(m)
                XCTAssertEqual(CanonicalJSON.encode(parsed), m, String(decoding: m, as: UTF8.self))
            }
        }
        XCTAssertEqual(accepted, 3000)
        XCTAssertGreaterThan(mutantsAccepted, 100, "the mutations should also make other canonical documents")
        for text in [
            #"{"b":1,"a":2}"#, #"{"a": 1}"#, #"{"a":"\u00e9"}"#, #"{"a":"\/"}"#, #"{"a":-0}"#, #"{"a":01}"#,
            #"{"a":1.0}"#, #"{"a":"\u000a"}"#, #"{"a":"\u001F"}"#, #"{"a":1,"a":1}"#, #"[1,]"#, #"{"a":1} "#,
            #"{"a":"\u0041"}"#, #"{"é":1}"#, "{\"a\":\"\u{1}\"}",
        ] {
            XCTAssertFalse(CanonicalJSON.isCanonical(Array(text.utf8)), text)
        }
        XCTAssertTrue(CanonicalJSON.isCanonical(Array(#"{"a":"\u001f\n","b":[true,false,null,-12,0]}"#.utf8)))
    }
}

/// Random JSON values: strings of `pieces`, integers from `ints`, arrays and objects to depth
/// 4, object member names from `keys` (random strings when empty).
private struct RandomJSON {
    private var rng: SplitMix
    let maxPieces: UInt64
    let ints: [Int64]
    let pieces: [String]
    var keys: [String] = []

    init(seed: UInt64, maxPieces: UInt64, ints: [Int64], pieces: [String], keys: [String] = []) {
        rng = SplitMix(seed: seed)
        (self.maxPieces, self.ints, self.pieces, self.keys) = (maxPieces, ints, pieces, keys)
    }

    mutating func next() -> UInt64 { rng.next() }

    mutating func string() -> String {
        (0..<Int(next() % maxPieces)).map { _ in pieces[Int(next() % UInt64(pieces.count))] }.joined()
    }

    mutating func value(_ depth: Int) -> JSONValue {
        switch next() % (depth > 3 ? 4 : 6) {
        case 0: return .string(string())
        case 1: return .int(ints[Int(next() % UInt64(ints.count))])
        case 2: return .bool(next() % 2 == 0)
        case 3: return .null
        case 4: return .array((0..<Int(next() % 4)).map { _ in value(depth + 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int(next() % 5) {
                let name = keys.isEmpty ? string() : keys[Int(next() % UInt64(keys.count))]
                members[name] = value(depth + 1)
            }
            return .object(members)
        }
    }
}
