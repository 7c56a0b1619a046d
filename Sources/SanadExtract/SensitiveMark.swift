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
}
