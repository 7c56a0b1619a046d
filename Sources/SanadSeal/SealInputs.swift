import Foundation
import SanadCrypto
import SanadCustody
import SanadFormat
import SanadModel
import SanadWorkspace

/// Everything a seal packs, read from a workspace whose chain and records check out.
/// Payload bytes are not read here: the sealer streams and re-checks them.
struct SealInputs {
    struct Payload {
        let bagPath: String
        /// Where the original is stored, workspace-relative.
        let objectRel: String
        let item: CommittedItem
        /// Sealed in an envelope (`bagPath` then ends in `.p7m`; docs/FORMAT.md §2.2).
        var enveloped = false
    }

    var caseInfo: CaseInfo
    var caseBytes: [UInt8]
    var custodyBytes: [UInt8]
    var custodyHead: String
    var custodyEntries: Int
    /// `sanad/items/<id>.json` → bytes.
    var itemFiles: [(path: String, bytes: [UInt8])]
    var payload: [Payload]
    var itemCount: Int
    /// The originals left out of the bag (`withholding`), nil when none.
    var withheld: WithheldList? = nil
    /// The originals sealed in envelopes (`enveloping`), nil when none.
    var envelopes: EnvelopeList? = nil
    /// Their recipients, in the order of `sanad/recipients.pem`.
    var recipients: [Certificate] = []

    static func read(_ store: CaseStore) throws(SanadError) -> SealInputs {
        let ws = store.workspace
        let contents = try store.readCustodyLog()
        let chain = ChainVerifier.verify(contents)
        guard chain.report.passed else {
            let why = chain.report.failures.first?.detail ?? "the custody log does not verify"
            throw SanadError(
                .workspaceDamaged, "the workspace cannot be sealed: \(why)",
                hint: "Run 'sanad log --verify' and resolve it first.")
        }
        let state = WorkspaceState(entries: chain.entries)
        let findings = WorkspaceRecovery.scan(ws, state)
        if let extra = findings.unrecorded.first {
            throw SanadError(
                .workspaceDamaged, "the workspace cannot be sealed: \(extra) is not recorded in the custody log",
                hint: "Run 'sanad log --verify' and resolve it first.")
        }
        let caseBytes = try readable(store.readCaseFile(), Workspace.caseFileName)
        if let expected = chain.entries.first?.details["case_file_sha256"]?.stringValue,
            MessageDigest.sha256Hex(caseBytes) != expected
        {
            throw SanadError(
                .workspaceDamaged, "the workspace cannot be sealed: sanad-case.json changed since the case was created",
                hint: "Run 'sanad log --verify'.")
        }
        var itemFiles: [(String, [UInt8])] = []
        var payload: [Payload] = []
        for item in state.items.sorted(by: {
            (ExhibitID($0.id) ?? ExhibitID(number: 0)) < (ExhibitID($1.id) ?? ExhibitID(number: 0))
        }) {
            let bytes = try readable(store.readItemRecord(item.metadataPath), item.metadataPath)
            guard MessageDigest.sha256Hex(bytes) == item.metadataSHA256 else {
                throw SanadError(
                    .workspaceDamaged,
                    "the workspace cannot be sealed: the metadata of \(item.id) changed after it was recorded",
                    hint: "Run 'sanad log --verify'.")
            }
            itemFiles.append(("sanad/items/\(item.id).json", bytes))
            if let object = item.objectPath, let bagPath = item.payloadPath {
                payload.append(Payload(bagPath: bagPath, objectRel: object, item: item))
            }
        }
        let custodyBytes = try readable(store.custodyLogBytes(upTo: contents.committedLength), "custody.jsonl")
        return SealInputs(
            caseInfo: try ws.caseInfo(), caseBytes: caseBytes, custodyBytes: custodyBytes, custodyHead: chain.head,
            custodyEntries: contents.lines.count, itemFiles: itemFiles, payload: payload, itemCount: state.items.count)
    }

    /// These inputs with the originals `requests` names (exhibit → reason) left out of the
    /// payload and listed in `sanad/withheld.json` instead. An exhibit that is not in the case,
    /// or a duplicate (which has no file of its own), is refused by name.
    func withholding(_ requests: [String: String]) throws(SanadError) -> SealInputs {
        guard !requests.isEmpty else { return self }
        var out = self
        var listed: [WithheldList.Item] = []
        let records = Dictionary(itemFiles.map { ($0.path, $0.bytes) }, uniquingKeysWith: { a, _ in a })
        for (id, reason) in requests.sorted(by: { $0.key < $1.key }) {
            guard let p = payload.first(where: { $0.item.id == id }) else {
                let duplicate = itemFiles.contains { $0.path == "sanad/items/\(id).json" }
                throw SanadError(
                    .usage,
                    duplicate
                        ? "\(id) is a duplicate: it has no file of its own in the archive"
                        : "\(id) is not an exhibit of this case",
                    hint: duplicate
                        ? "Withhold the exhibit it duplicates ('sanad items' names it)."
                        : "'sanad items' lists the case's exhibits.")
            }
            let record = records["sanad/items/\(id).json"].flatMap { try? JSONParser.parse($0) }
            listed.append(
                .init(
                    id: id, sha256: p.item.sha256, size: p.item.size,
                    type: record?["type"]?["mime"]?.stringValue ?? "application/octet-stream", payload: p.bagPath,
                    reason: reason))
        }
        out.payload.removeAll { requests[$0.item.id] != nil }
        out.withheld = WithheldList(listed)
        return out
    }

    /// These inputs with the originals `requests` names (exhibit → reason) put in envelopes for
    /// `recipients`, and listed in `sanad/envelopes.json`. A withheld original stays withheld.
    func enveloping(_ requests: [String: String], to recipients: [Certificate]) throws(SanadError) -> SealInputs {
        guard !requests.isEmpty else { return self }
        var out = self
        var listed: [EnvelopeList.Item] = []
        let records = Dictionary(itemFiles.map { ($0.path, $0.bytes) }, uniquingKeysWith: { a, _ in a })
        for k in out.payload.indices {
            let p = out.payload[k]
            guard let reason = requests[p.item.id] else { continue }
            let record = records["sanad/items/\(p.item.id).json"].flatMap { try? JSONParser.parse($0) }
            listed.append(
                .init(
                    id: p.item.id, sha256: p.item.sha256, size: p.item.size,
                    type: record?["type"]?["mime"]?.stringValue ?? "application/octet-stream", original: p.bagPath,
                    reason: reason))
            out.payload[k] = Payload(
                bagPath: p.bagPath + EnvelopeList.suffix, objectRel: p.objectRel, item: p.item, enveloped: true)
        }
        for id in requests.keys.sorted() where !listed.contains(where: { $0.id == id }) {
            guard withheld?.items.contains(where: { $0.id == id }) == true else {
                throw SanadError(.usage, "\(id) has no file of its own to put in an envelope")
            }
        }
        guard !listed.isEmpty else { return self }
        out.envelopes = EnvelopeList(
            recipients: recipients.map { .init(fingerprint: $0.fingerprint, subject: $0.subject.oneLine) },
            items: listed)
        out.recipients = recipients
        return out
    }

    private static func readable(_ bytes: [UInt8]?, _ name: String) throws(SanadError) -> [UInt8] {
        guard let bytes else {
            throw SanadError(.workspaceDamaged, "cannot read \(name)", hint: "Run 'sanad log --verify'.")
        }
        return bytes
    }
}
