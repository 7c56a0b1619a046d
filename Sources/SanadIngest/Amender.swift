import Foundation
import SanadCustody
import SanadModel
import SanadWorkspace

/// Corrects what was declared about an item, or the case's defaults, by appending an `amended`
/// custody entry (docs/CUSTODY.md §3). Nothing already written changes: the item record and
/// the `collected` entry keep the original declaration, and every reader of the case applies
/// the amendments on top, naming who made each and why.
public struct Amender {
    public let workspace: Workspace
    public var clock: () -> Date = Date.init
    /// Signs the `amended` entry, when the actor has a key.
    public var signer: EntrySigner?
    private let store: CaseStore

    /// The fields the case's defaults hold.
    public static let caseFields: Set<String> = ["timezone", "locale", "date_order"]

    public init(workspace: Workspace) {
        self.workspace = workspace
        store = CaseStore(workspace)
    }

    /// Records the fields `fields` declares as the new values for `item` (nil: the case's
    /// defaults). Fields equal to the current view are left out; a request that changes
    /// nothing is refused, as is an item that is not in the case or is a member of a zip.
    @discardableResult
    public func amend(
        item: String?, with fields: IntakeFields, reason: String, actor: String
    ) throws(SanadError) -> Amendment {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw SanadError(
                .usage, "an amendment needs a reason", hint: "Say why, e.g. --reason \"phone was set to…\"")
        }
        try fields.validate()
        var given = try ItemMetadata.collectionJSON(fields).objectValue ?? [:]
        if fields.sensitive == nil { given.removeValue(forKey: "sensitive") }
        if item == nil, let extra = given.keys.sorted().first(where: { !Self.caseFields.contains($0) }) {
            throw SanadError(
                .usage, "the case's defaults hold only the time zone, locale and date order, not \(extra)",
                hint: "Amend an exhibit instead: sanad amend E0001 …")
        }
        guard !given.isEmpty else {
            throw SanadError(.usage, "nothing to amend", hint: "Give the corrected declaration, e.g. --timezone ZONE.")
        }
        let lock = try WorkspaceLock(path: workspace.lockPath)
        defer { withExtendedLifetime(lock) {} }
        let log = try store.openCustodyLog(signer: signer)
        let current = try currentView(of: item)
        var changes: [String: JSONValue] = [:]
        var previous: [String: JSONValue] = [:]
        for (field, value) in given where current[field] != value {
            changes[field] = value
            previous[field] = current[field] ?? .null
        }
        // A new locale without a date order replaces the order the old locale implied.
        if fields.locale != nil, fields.dateOrder == nil, given["date_order"] == nil, current["date_order"] != nil {
            changes["date_order"] = .null
            previous["date_order"] = current["date_order"]
        }
        guard !changes.isEmpty else {
            throw SanadError(
                .usage, "\(item ?? "the case") already has these declarations; nothing was recorded")
        }
        let now = Timestamp.utc(clock())
        let amendment = Amendment(
            seq: 0, time: now, actor: actor, item: item, changes: changes, previous: previous, reason: reason)
        let written = try log.append([
            .init(time: now, actor: actor, action: .amended, items: item.map { [$0] } ?? [], details: amendment.details)
        ])
        return Amendment(entry: written[0]) ?? amendment
    }

    /// The declarations as they stand: the item record's (or the case file's defaults), with
    /// earlier amendments applied.
    private func currentView(of item: String?) throws(SanadError) -> [String: JSONValue] {
        let catalog = try ItemCatalog(workspace)
        guard let item else { return catalog.caseDefaults.objectValue ?? [:] }
        guard let entry = catalog.entries.first(where: { $0.id == item }) else {
            let hint =
                item.contains(".")
                ? "A zip member's declarations are its zip's: amend \(item.split(separator: ".")[0])."
                : "List the exhibits with 'sanad items'."
            throw SanadError(.usage, "\(item) is not an exhibit of this case", hint: hint)
        }
        return entry.collection.objectValue ?? [:]
    }
}
