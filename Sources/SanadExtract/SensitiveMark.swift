import SanadCustody
import SanadModel

/// Whether an item is marked sensitive as its declarations stand (the record's `collection`
/// with every amendment applied in log order), and why, in the words a placeholder shows
/// (docs/TIMELINE.md §8.6).
enum SensitiveMark {
    /// `marked sensitive when collected by …`, `amended to sensitive by … at …, entry N`, or nil
    /// when the item is not sensitive.
    static func reason(record: JSONValue, amendments: [Amendment]) -> String? {
        let (collection, amendedBy) = Amendment.apply(amendments, to: record["collection"])
        guard collection["sensitive"]?.boolValue == true else { return nil }
        if let a = amendedBy["sensitive"] {
            return "amended to sensitive by \(a.actor) at \(a.time), entry \(a.seq)"
        }
        let collector = record["collection"]?["collected_by"]?.stringValue
        return "marked sensitive when collected" + (collector.map { " by \($0)" } ?? "")
    }

    /// For an original that is not itself sensitive: why a duplicate of it makes it so (the
    /// duplicate has the same bytes, so showing the original would show it).
    static func viaDuplicate(_ duplicate: String, reason: String) -> String {
        "its copy \(duplicate) was \(reason)"
    }

    /// Original → why one of its duplicates makes it sensitive, from (duplicate id, original id,
    /// record, amendments) of every duplicate.
    static func duplicateReasons(
        _ duplicates: [(id: String, of: String, record: JSONValue, amendments: [Amendment])]
    ) -> [String: String] {
        var out: [String: String] = [:]
        for d in duplicates where out[d.of] == nil {
            if let why = reason(record: d.record, amendments: d.amendments) {
                out[d.of] = viaDuplicate(d.id, reason: why)
            }
        }
        return out
    }
}
