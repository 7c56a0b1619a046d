import Foundation
import SanadModel

/// What `add` tells the operator about the declarations it was given (docs/WORKSPACE.md §3).
extension Ingestor {
    /// The fields a file took from the case's defaults because its collector declared none.
    static func fromCase(_ declared: IntakeFields, _ merged: IntakeFields) -> [String] {
        var names: [String] = []
        if declared.timezone == nil, merged.timezone != nil { names.append("timezone") }
        if declared.locale == nil, merged.locale != nil { names.append("locale") }
        if declared.dateOrder == nil, declared.locale == nil, merged.dateOrder != nil || merged.locale != nil {
            names.append("date_order")
        }
        return names
    }

    /// A file added again keeps what was declared the first time: say so when new
    /// declarations came with it, and how to change them.
    static func ignoredDeclarations(_ f: IntakeFields, id: String) -> [String] {
        let given: [(String, Bool)] = [
            ("--timezone", f.timezone != nil), ("--date-order", f.dateOrder != nil), ("--locale", f.locale != nil),
            ("--collected-at", f.collectedAt != nil), ("--source-platform", f.platform != nil),
            ("--account", f.account != nil), ("--url", f.url != nil), ("--method", f.method != nil),
            ("--note", f.note != nil), ("--sensitive", f.sensitive == true),
        ]
        let names = given.filter(\.1).map(\.0)
        guard !names.isEmpty else { return [] }
        return [
            "already in the case: \(names.joined(separator: ", ")) not recorded (what was declared when it was "
                + "added stands); to correct a declaration, run 'sanad amend \(id) \(names[0]) …'"
        ]
    }

    /// What to tell the operator about a new item: the case's defaults it took, an empty file,
    /// a collection time ahead of now. `declared` is what the operator gave, `f` with the
    /// case's defaults beneath it.
    static func notes(
        _ f: IntakeFields, declared: IntakeFields, size: Int64, now: Date
    ) throws(SanadError)
        -> [String]
    {
        let fromCase = fromCase(declared, f)
        var notes: [String] = []
        if !fromCase.isEmpty {
            let values = fromCase.map { name -> String in
                let v = name == "timezone" ? f.timezone : name == "locale" ? f.locale : try? f.resolvedDateOrder()
                return "\(name.replacingOccurrences(of: "_", with: " ")) \(v.flatMap { $0 } ?? "?")"
            }
            notes.append("recorded the case's defaults, as none was declared for it: \(values.joined(separator: ", "))")
        }
        if size == 0 { notes.append("the file is empty (0 bytes); it is recorded as found") }
        if let future = try futureCollection(f, now: now) { notes.append(future) }
        return notes
    }

    /// A warning when the declared collection time is later than now (a typo, or a wrong
    /// clock): it is recorded as declared, since Sanad checks the form of declarations, not
    /// their truth.
    static func futureCollection(_ f: IntakeFields, now: Date) throws(SanadError) -> String? {
        guard let at = f.collectedAt else { return nil }
        let declared = try Timestamp.parseDeclared(at, assumingZone: nil)
        guard let parts = RFC3339.parse(declared.utc) else { return nil }
        let seconds = Double(parts.localEpochSeconds)
        let ahead = seconds - now.timeIntervalSince1970
        guard ahead > 300 else { return nil }
        let hours = Int(ahead / 3600)
        let span = hours >= 48 ? "\(hours / 24) days" : hours >= 1 ? "\(hours) hours" : "\(Int(ahead / 60)) minutes"
        return "--collected-at \(at) is \(span) in the future (this computer's clock reads "
            + "\(Timestamp.utc(now))); it is recorded as declared: check it, and correct it with 'sanad amend'"
    }
}
