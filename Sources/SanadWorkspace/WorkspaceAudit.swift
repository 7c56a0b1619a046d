import Dispatch
import Foundation
import SanadCrypto
import SanadCustody
import SanadModel

/// `sanad log --verify`: rechecks the custody chain and every stored byte against the digests
/// the log committed. Read-only; returns a report and never throws.
public enum WorkspaceAudit {
    public struct Result: Sendable {
        public var report: Report
        public var entryCount: Int
        public var itemCount: Int
        public var head: String
        /// Who signed which entries, and which are unsigned.
        public var signatures = CustodySignatures.Result()
    }

    /// `expectedSigners`: certificate SHA-256s pinned with `--expect-signer`.
    public static func run(_ ws: Workspace, expectedSigners: Set<String> = []) -> Result {
        var report = Report()
        let contents: CustodyLogFile.Contents
        let store = CaseStore(ws)
        do { contents = try store.readCustodyLog() } catch {
            report.add(.init(.custodyChain, .fail, error.message))
            return Result(report: report, entryCount: 0, itemCount: 0, head: CustodyEntry.genesisPrev)
        }
        let chain = ChainVerifier.verify(contents)
        report.checks += chain.report.checks
        let signatures = checkSignatures(store, contents, expectedSigners: expectedSigners, into: &report)
        checkCaseFile(store, entries: chain.entries, into: &report)

        let state = WorkspaceState(entries: chain.entries)
        for seq in state.malformedEntries {
            report.add(
                .init(
                    .itemRecord, .fail,
                    "entry seq \(seq) does not decode as its action requires (an item's digests, an amendment's "
                        + "fields)",
                    subject: "seq \(seq)")
            )
        }
        let itemChecks = checkItems(store, state.items)
        let failed = itemChecks.filter { $0.outcome == .fail }
        report.checks += failed
        if failed.isEmpty {
            let bytes = state.items.filter { $0.kind == .original }.reduce(Int64(0)) { $0 + $1.size }
            report.add(
                .init(
                    .itemDigest, .pass,
                    "\(state.items.count) items: metadata and \(bytes) stored bytes match their recorded SHA-256"))
        }
        report.checks += checkDerived(store, state)
        report.checks += leftovers(ws, state)
        return Result(
            report: report, entryCount: contents.lines.count, itemCount: state.items.count, head: chain.head,
            signatures: signatures)
    }

    /// Every entry's signature against the certificates in `certs/`, each of which must be the
    /// certificate its name (the SHA-256 entries commit) says.
    private static func checkSignatures(
        _ store: CaseStore, _ contents: CustodyLogFile.Contents, expectedSigners: Set<String>,
        into report: inout Report
    ) -> CustodySignatures.Result {
        var certificates: [String: Certificate] = [:]
        for (name, der) in store.readCertificates().sorted(by: { $0.key < $1.key }) {
            let rel = CaseStore.certificatePath(sha256: name)
            guard MessageDigest.sha256Hex(der) == name, let cert = try? Certificate(der: der) else {
                report.add(
                    .init(
                        .custodySignature, .fail, "\(rel) is not the certificate its name says (changed or replaced)",
                        subject: rel))
                continue
            }
            certificates[name] = cert
        }
        let result = CustodySignatures.check(
            contents, .init(certificates: certificates, expectedSigners: expectedSigners))
        report.checks += result.report.checks
        return result
    }

    private static func checkCaseFile(_ store: CaseStore, entries: [CustodyEntry], into report: inout Report) {
        guard let first = entries.first, first.action == .caseCreated,
            let expected = first.details["case_file_sha256"]?.stringValue
        else { return }
        guard let data = store.readCaseFile() else {
            report.add(.init(.caseFile, .fail, "\(Workspace.caseFileName) is missing"))
            return
        }
        let found = MessageDigest.sha256Hex(data)
        report.add(
            found == expected
                ? .init(.caseFile, .pass, "\(Workspace.caseFileName) is as created")
                : .init(
                    .caseFile, .fail,
                    "\(Workspace.caseFileName) changed since the case was created (SHA-256 \(found), recorded "
                        + "\(expected))",
                    subject: Workspace.caseFileName))
    }

    /// Hashes items on all cores; results keep the items' order.
    private static func checkItems(_ store: CaseStore, _ items: [CommittedItem]) -> [Report.Check] {
        let results = UnsafeMutableBufferPointer<[Report.Check]>.allocate(capacity: items.count)
        results.initialize(repeating: [])
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            results[i] = check(store, items[i])
        }
        return results.flatMap { $0 }
    }

    static func check(_ store: CaseStore, _ item: CommittedItem) -> [Report.Check] {
        var out: [Report.Check] = []
        if let data = store.readItemRecord(item.metadataPath) {
            let found = MessageDigest.sha256Hex(data)
            if found != item.metadataSHA256 {
                out.append(
                    .init(
                        .itemMetadata, .fail,
                        "\(item.id): its metadata \(item.metadataPath) was changed after it was recorded",
                        subject: item.id))
            }
        } else {
            out.append(
                .init(
                    .itemMetadata, .fail, "\(item.id): its metadata \(item.metadataPath) is missing", subject: item.id))
        }
        guard let object = item.objectPath else { return out }
        if object != (try? store.objectRel(sha256: item.sha256)) {
            out.append(
                .init(
                    .itemDigest, .fail,
                    "\(item.id): stored at \(object), which is not the content address of its SHA-256", subject: item.id
                ))
        }
        out += checkBytes(store, object, item: item, label: "stored original")
        if !store.encrypted, let payload = item.payloadPath, !store.sameFile(payload, object) {
            out += checkBytes(store, payload, item: item, label: "payload copy \(payload)")
        }
        return out
    }

    private static func checkBytes(
        _ store: CaseStore, _ rel: String, item: CommittedItem, label: String
    )
        -> [Report.Check]
    {
        do {
            let r = try store.digestStored(rel)
            if r.sha256 != item.sha256 || r.size != item.size {
                return [
                    .init(
                        .itemDigest, .fail,
                        "\(item.id): the \(label) changed: SHA-256 is now \(r.sha256) (\(r.size) "
                            + "bytes), recorded \(item.sha256) (\(item.size) bytes)",
                        subject: item.id)
                ]
            }
            return []
        } catch {
            return [.init(.itemDigest, .fail, "\(item.id): the \(label) is missing or unreadable", subject: item.id)]
        }
    }

    /// Files the log does not record: an interrupted batch's leftovers are a warning; anything
    /// else means the log lost entries or files were put there by hand, and fails.
    private static func leftovers(_ ws: Workspace, _ state: WorkspaceState) -> [Report.Check] {
        let f = WorkspaceRecovery.scan(ws, state)
        var out: [Report.Check] = []
        if !f.unrecorded.isEmpty {
            out.append(
                .init(
                    .unrecordedFiles, .fail,
                    "\(f.unrecorded.count) file(s) are not recorded in the custody log, e.g. \(f.unrecorded[0]): "
                        + "the log may have lost entries, or files were added by hand",
                    subject: f.unrecorded[0]))
        }
        let interrupted = f.uncommitted.count + f.temporary.count
        if interrupted > 0 {
            out.append(
                .init(
                    .uncommittedFiles, .warn,
                    "\(interrupted) file(s) from an interrupted command were never committed to the log; the next "
                        + "'sanad add' removes them"
                ))
        }
        return out
    }
}
