import Foundation
import SanadCrypto
import SanadCustody
import SanadModel
import SanadTimeline
import SanadWorkspace

/// The items of a case workspace, read from its custody log and item files, whose chain and
/// records must check out first: a timeline of a damaged case would be evidence of nothing.
public struct WorkspaceItems: ItemSource {
    public let workspace: Workspace
    public let description: SourceDescription
    public let items: [TimelineItem]
    private let objects: [String: String]
    private let store: CaseStore

    public init(_ ws: Workspace) throws(SanadError) {
        workspace = ws
        let store = CaseStore(ws)
        self.store = store
        let contents = try store.readCustodyLog()
        let chain = ChainVerifier.verify(contents)
        guard chain.report.passed else {
            let why = chain.report.failures.first?.detail ?? "the custody log does not verify"
            throw SanadError(
                .workspaceDamaged, "no timeline can be made: \(why)",
                hint: "Run 'sanad log --verify' and resolve it first.")
        }
        let state = WorkspaceState(entries: chain.entries)
        // An entry that should commit an item or amend a declaration but does not decode would
        // otherwise be skipped, and the timeline would read declarations the log does not hold.
        if let seq = state.malformedEntries.first {
            throw SanadError(
                .workspaceDamaged,
                "no timeline can be made: custody entry \(seq) does not decode as its action requires",
                hint: "Run 'sanad log --verify'.")
        }
        var items: [TimelineItem] = []
        var objects: [String: String] = [:]
        var duplicates: [(id: String, of: String, record: JSONValue, amendments: [Amendment])] = []
        for d in state.items where d.kind == .duplicate {
            guard let of = d.duplicateOf else { continue }
            duplicates.append((d.id, of, try store.committedItemRecord(d), state.amendments[d.id] ?? []))
        }
        let viaDuplicates = SensitiveMark.duplicateReasons(duplicates)
        let sorted = state.items.filter { $0.kind == .original }
            .sorted { (ExhibitID($0.id) ?? ExhibitID(number: 0)) < (ExhibitID($1.id) ?? ExhibitID(number: 0)) }
        for committed in sorted {
            guard let object = committed.objectPath else { continue }
            let record = try store.committedItemRecord(committed)
            let amendments = state.amendments[committed.id] ?? []
            let metadata = Amendment.applied(amendments, toRecord: record)
            var item = try TimelineItem(metadata: metadata, ordinal: items.count + 1)
            item.sensitiveReason =
                SensitiveMark.reason(record: record, amendments: amendments) ?? viaDuplicates[committed.id]
            guard item.sha256 == committed.sha256 else {
                throw SanadError(.workspaceDamaged, "the item file of \(committed.id) disagrees with the custody log")
            }
            item.ordinal = items.count + 1
            objects[item.exhibit] = object
            items.append(item)
            for var member in item.chatMembers(metadata: metadata) {
                member.ordinal = items.count + 1
                items.append(member)
            }
        }
        self.items = items
        self.objects = objects
        description = SourceDescription(
            kind: "workspace", path: ws.root, caseID: try? ws.caseInfo().caseID, custodyHead: chain.head)
    }

    public func input(for item: TimelineItem) throws(SanadError) -> any ByteInput {
        if let rel = objects[item.exhibit] {
            guard store.encrypted else { return FileInput(path: workspace.absolute(rel), label: item.exhibit) }
            return StoredFileInput(store: store, rel: rel, label: item.exhibit)
        }
        // A zip member: read from the zip original through libarchive.
        guard let dot = item.exhibit.firstIndex(of: "."), let parent = objects[String(item.exhibit[..<dot])] else {
            throw SanadError(.internalError, "no bytes for \(item.exhibit)")
        }
        guard let index = Int(item.exhibit[item.exhibit.index(after: dot)...]) else {
            throw SanadError(.internalError, "bad member number \(item.exhibit)")
        }
        guard !store.encrypted else {
            return ZipMemberInput(
                source: try store.openOriginal(parent), memberPath: item.originalName ?? "", index: index,
                limit: item.size, label: item.exhibit)
        }
        return ZipMemberInput(
            zipPath: workspace.absolute(parent), memberPath: item.originalName ?? "", index: index, limit: item.size,
            label: item.exhibit)
    }
}
