import SanadCrypto
import SanadCustody
import SanadModel

extension WorkspaceAudit {
    /// Every derived file (previews) against the SHA-256 and size its `derived` entry commits,
    /// and its source against the item's: one `derived-digest` check, failing per file.
    static func checkDerived(_ store: CaseStore, _ state: WorkspaceState) -> [Report.Check] {
        guard !state.derived.isEmpty else { return [] }
        var failures: [Report.Check] = []
        for record in state.derived {
            if state.byID[record.source]?.sha256 != record.sourceSHA256 {
                failures.append(
                    .init(
                        .derivedDigest, .fail,
                        "entry seq \(record.seq): its \(record.kind) names \(record.source) with a SHA-256 that is "
                            + "not the item's", subject: record.source))
            }
            for file in record.files {
                guard let bytes = store.readDerived(file.path) else {
                    failures.append(
                        .init(
                            .derivedDigest, .fail,
                            "\(record.source): its \(file.role) \(file.path) is missing or does not decrypt",
                            subject: record.source))
                    continue
                }
                let found = MessageDigest.sha256Hex(bytes)
                if found != file.sha256 || Int64(bytes.count) != file.size {
                    failures.append(
                        .init(
                            .derivedDigest, .fail,
                            "\(record.source): its \(file.role) \(file.path) changed: SHA-256 is now \(found) "
                                + "(\(bytes.count) bytes), recorded \(file.sha256) (\(file.size) bytes)",
                            subject: record.source))
                }
            }
        }
        if !failures.isEmpty { return failures }
        let count = state.derived.reduce(0) { $0 + $1.files.count }
        return [.init(.derivedDigest, .pass, "\(count) derived files match their recorded SHA-256")]
    }
}
