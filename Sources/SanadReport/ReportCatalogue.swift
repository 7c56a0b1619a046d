import Foundation
import SanadModel

/// The report's language: its strings and its direction.
public enum ReportLanguage: String, Sendable, CaseIterable {
    case ar, en

    var rightToLeft: Bool { self == .ar }
}

/// The strings of one language (Catalogues/en.json, Catalogues/ar.json, embedded in the binary):
/// every sentence of the report is one of these, with values filled in and isolated. A string
/// the translator marked unsure (a leading "?") is used without the mark.
struct ReportCatalogue {
    let language: ReportLanguage
    private let strings: [String: String]

    /// A value to fill in: how it is isolated depends on what it is.
    enum Value {
        /// Reads left to right: a fingerprint, a number, a date, an exhibit number.
        case code(String)
        /// From the evidence or the collector (a name, a note): sanitised, isolated, either direction.
        case name(String)
        /// Already a sentence or phrase of this catalogue (or a composition of them).
        case text(String)
    }

    init(_ language: ReportLanguage) {
        self.language = language
        let bytes: [UInt8] = language == .ar ? PackageResources.ar_json : PackageResources.en_json
        strings = Self.parse(bytes)
    }

    /// The catalogue's keys and strings; a catalogue that does not parse is a build defect that
    /// ReportCatalogueTests catches, and gives no strings rather than a crash.
    static func parse(_ bytes: [UInt8]) -> [String: String] {
        guard let value = try? JSONParser.parse(bytes), let object = value.objectValue else { return [:] }
        var out: [String: String] = [:]
        for (k, v) in object {
            guard var s = v.stringValue else { continue }
            if s.hasPrefix("? ") { s.removeFirst(2) } else if s.hasPrefix("?") { s.removeFirst() }
            out[k] = s
        }
        return out
    }

    var keys: Set<String> { Set(strings.keys) }

    /// The string `key` with each `{name}` replaced by its value, in one pass: a value that
    /// itself contains `{…}` (a hostile name) is never filled in again.
    func callAsFunction(_ key: String, _ values: [String: Value] = [:]) -> String {
        guard let template = strings[key] ?? ReportCatalogue.english[key] else { return key }
        var out = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}"),
                let value = values[String(rest[rest.index(after: open)..<close])]
            else {
                out.append("{")
                rest = rest[rest.index(after: open)...]
                continue
            }
            out += render(value)
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// A value as it is set: isolated unless it is the catalogue's own text.
    func render(_ value: Value) -> String {
        switch value {
        // A left-to-right value needs an isolate only inside a right-to-left sentence; in an
        // English one it is already in its place (and each isolate costs pango a text run).
        case .code(let c): language.rightToLeft ? ReportText.code(c) : ReportText.untrusted(c)
        case .name(let n): ReportText.name(n)
        case .text(let t): t
        }
    }

    /// Falls back to English for a key a catalogue lacks (the tests require none to lack any).
    private static let english = parse(PackageResources.en_json)
}
