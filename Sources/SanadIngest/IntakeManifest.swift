import Foundation
import SanadModel
import Yams

/// A batch intake manifest (YAML or JSON; schema in manifests/intake-manifest.schema.json).
/// Validation is strict: an unknown key or a bad value names its place, e.g. `item 3 (chat.txt).platform`,
/// items counted from 1; every problem of every item is named at once.
public struct IntakeManifest: Sendable {
    public static let formatVersion: Int64 = 1

    public struct Entry: Sendable {
        public var path: String
        public var fields: IntakeFields
    }

    public let directory: String
    public let defaults: IntakeFields
    public let entries: [Entry]

    static let fieldKeys: Set<String> = [
        "collected_by", "collected_at", "method", "platform", "account", "url",
        "timezone", "date_order", "locale", "sensitive", "note",
    ]

    public static func load(path: String) throws(SanadError) -> IntakeManifest {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SanadError(
                FileManager.default.fileExists(atPath: path) ? .pathUnreadable : .pathNotFound,
                "cannot read manifest \(path)", hint: "Check the path given to --manifest.")
        }
        let bytes = [UInt8](data)
        let value: JSONValue
        let looksJSON =
            bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }) == UInt8(ascii: "{")
        if looksJSON {
            do { value = try JSONParser.parse(bytes) } catch {
                throw invalid(path, "not valid JSON (\(error))")
            }
        } else {
            guard let text = String(validating: bytes, as: UTF8.self) else { throw invalid(path, "not UTF-8 text") }
            value = try yamlValue(text, path: path)
        }
        return try IntakeManifest(value: value, path: path)
    }

    static func invalid(_ path: String, _ why: String) -> SanadError {
        SanadError(
            .manifestInvalid, "manifest \((path as NSString).lastPathComponent): \(why)",
            hint: "See manifests/intake-manifest.schema.json and samples/case-demo/intake-manifest.yaml.")
    }

    init(value: JSONValue, path: String) throws(SanadError) {
        directory = PathText.folder(path)
        guard let top = value.objectValue else { throw Self.invalid(path, "the top level must be a mapping") }
        if let extra = top.keys.first(where: { !["sanad_manifest", "defaults", "items"].contains($0) }) {
            throw Self.invalid(path, "unknown key '\(extra)'")
        }
        guard let version = top["sanad_manifest"]?.intValue else {
            throw Self.invalid(path, "'sanad_manifest: 1' is missing")
        }
        guard version >= 1, version <= Self.formatVersion else {
            throw Self.invalid(
                path, "sanad_manifest is \(version); this Sanad reads version 1 to \(Self.formatVersion)")
        }
        defaults = try IntakeFields(top["defaults"] ?? .object([:]), at: "defaults", manifest: path)
        guard let items = top["items"]?.arrayValue, !items.isEmpty else {
            throw Self.invalid(path, "'items' must be a non-empty list")
        }
        // Every item is checked, and every problem named at once: a caseworker fixes the file in
        // one go rather than one error per run. Items count from 1, as a person counts them.
        var entries: [Entry] = []
        var problems: [String] = []
        for (i, item) in items.enumerated() {
            let place = "item \(i + 1)" + (item["path"]?.stringValue.map { " (\($0))" } ?? "")
            guard let obj = item.objectValue else {
                problems.append("\(place) must be a mapping")
                continue
            }
            guard let p = obj["path"]?.stringValue, !p.isEmpty else {
                problems.append("\(place): path is missing")
                continue
            }
            var rest = obj
            rest["path"] = nil
            do {
                entries.append(Entry(path: p, fields: try IntakeFields(.object(rest), at: place, manifest: path)))
            } catch {
                let prefix = "manifest \((path as NSString).lastPathComponent): "
                problems.append(
                    error.message.hasPrefix(prefix) ? String(error.message.dropFirst(prefix.count)) : error.message)
            }
        }
        guard problems.isEmpty else {
            throw Self.invalid(
                path,
                problems.count == 1
                    ? problems[0] : "\(problems.count) problems:\n  " + problems.joined(separator: "\n  "))
        }
        self.entries = entries
    }

    /// YAML through libyaml, with timestamps left as strings: a time's offset must survive as written.
    static func yamlValue(_ text: String, path: String) throws(SanadError) -> JSONValue {
        let node: Node?
        do { node = try Yams.compose(yaml: text, .default.removing(.timestamp)) } catch {
            // Yams' text spans several lines (with a caret line); keep its first line.
            let first = "\(error)".split(separator: "\n").first.map(String.init) ?? "syntax error"
            throw invalid(path, "not valid YAML (\(first))")
        }
        guard let node else { throw invalid(path, "the file is empty") }
        return try convert(node, path: path, at: "")
    }

    private static func convert(_ node: Node, path: String, at place: String) throws(SanadError) -> JSONValue {
        switch node {
        case .scalar(let s):
            switch node.tag.description {
            case Tag.Name.null.rawValue: return .null
            case Tag.Name.bool.rawValue: return node.bool.map { .bool($0) } ?? .string(s.string)
            case Tag.Name.int.rawValue: return node.int.map { .int(Int64($0)) } ?? .string(s.string)
            case Tag.Name.float.rawValue:
                throw invalid(
                    path, "\(place.isEmpty ? "value" : place): numbers with fractions are not used in manifests")
            default: return .string(s.string)
            }
        case .sequence(let seq):
            var out: [JSONValue] = []
            for (i, n) in seq.enumerated() {
                out.append(try convert(n, path: path, at: place == "items" ? "item \(i + 1)" : "\(place)[\(i)]"))
            }
            return .array(out)
        case .mapping(let map):
            var out: [String: JSONValue] = [:]
            for (k, v) in map {
                guard let key = k.scalar?.string else { throw invalid(path, "\(place): keys must be plain text") }
                let sub = place.isEmpty ? key : "\(place).\(key)"
                guard out[key] == nil else { throw invalid(path, "\(sub) appears twice") }
                out[key] = try convert(v, path: path, at: sub)
            }
            return .object(out)
        @unknown default:
            throw invalid(path, "\(place): unsupported YAML node")
        }
    }
}
