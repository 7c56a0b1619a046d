import CSanadSystem
import Foundation
import SanadCrypto
import SanadCustody
import SanadModel
import SanadWorkspace
import SanadIO

/// `sanad add`: copies each file into the workspace and hashes it in one pass, registers zip
/// members, records duplicates, and commits items to the custody log in batches.
///
/// Crash safety: the custody log is the commit point. A batch's objects and metadata are written
/// first, made durable with one `syncfs`, and only then committed by one log append. A process
/// killed at any moment leaves whole items or none; the leftovers of an uncommitted batch are
/// removed by the next write command.
public final class Ingestor {
    public let workspace: Workspace
    /// Where copied bytes go; replaced in tests to simulate a full disk. By default, a
    /// `FileDescriptorSink` streaming through its worker's `WritebackWindow`.
    public var makeSink: ((Int32, String) -> ByteSink)?
    public var clock: () -> Date = Date.init
    public var progress: ((IngestProgress) -> Void)?
    /// A batch is committed when it holds this many bytes or files.
    public var batchBytes: Int64 = 256 << 20
    public var batchFiles = 200
    public var zipLimits = ZipMemberScanner.Limits()
    /// Files copied and hashed at the same time (see `StagingPipeline`).
    public var workers = max(1, min(2, ProcessInfo.processInfo.activeProcessorCount))
    /// Staged files that may wait to be recorded (each is a file in tmp/ and a few hundred bytes
    /// of memory). Deep enough that the worker that finishes a large file goes on with small ones.
    public var lookahead = 32
    /// Where originals and item records are stored.
    let store: CaseStore
    /// Signs the entries this run appends, when the actor has a key.
    public var signer: EntrySigner?

    /// What one copy worker owns: its buffers, its writeback window, its temporary names.
    final class Worker {
        let pool = ChunkPool()
        let window = WritebackWindow()
        var counter = 0
    }

    public init(workspace: Workspace) {
        self.workspace = workspace
        store = CaseStore(workspace)
    }

    public func run(_ request: IngestRequest) throws(SanadError) -> IngestSummary {
        var request = request
        let lock = try WorkspaceLock(path: workspace.lockPath)
        defer { withExtendedLifetime(lock) {} }
        let log = try store.openCustodyLog(signer: signer)
        var state = WorkspaceState(entries: log.entries)
        request.caseDefaults = try caseDefaults(state)
        try WorkspaceRecovery.clean(workspace, state)
        let pending = try PendingBatch(workspace: workspace)

        var expander = SourceExpander(workspaceRoot: workspace.root)
        let sources = try expander.expand(request)
        var summary = IngestSummary()
        let total = sources.reduce(Int64(0)) { $0 + fileSize($1.path) }
        var batch = Batch()
        var done: Int64 = 0
        let staff = (0..<workers).map { _ in Worker() }
        let pipeline = StagingPipeline<StagedCopy>(
            count: sources.count, workers: workers, lookahead: lookahead,
            work: { [self] i, w in stage(sources[i], algorithms: request.algorithms, worker: staff[w], number: w) },
            discard: { [store] in store.discardStaging($0.tmp) })
        defer {
            pipeline.cancel()
            staff.forEach { $0.window.release() }
        }
        do {
            for n in 0..<sources.count {
                guard let staged = pipeline.next() else { break }
                let r = try record(try staged.get(), request: request, state: &state, pending: pending)
                summary.outcomes.append(r.outcome)
                summary.hadMalformedInput = summary.hadMalformedInput || r.malformed
                batch.drafts += r.drafts
                batch.bytes += r.outcome.size
                batch.files += 1
                done += r.outcome.size
                progress?(
                    IngestProgress(filesDone: n + 1, filesTotal: sources.count, bytesDone: done, bytesTotal: total))
                if batch.bytes >= batchBytes || batch.files >= batchFiles { try commit(&batch, log, pending) }
            }
            try commit(&batch, log, pending)
        } catch {
            // Stop the copy workers and remove their staged files before anything else.
            pipeline.cancel()
            // Nothing of the failed batch was committed: remove its declared files. The state comes
            // from the log on disk, never from memory, so that nothing committed can be removed.
            if let onDisk = try? store.openCustodyLog() {
                _ = try? WorkspaceRecovery.clean(workspace, WorkspaceState(entries: onDisk.entries))
            }
            let committed = summary.outcomes.count - batch.files
            throw committed > 0
                ? SanadError(
                    error.code,
                    "\(error.message) (the first \(committed) file(s) of this run were committed; the rest were not)",
                    hint: error.hint)
                : error
        }
        summary.custodyHead = log.head
        summary.warnings = expander.warnings
        return summary
    }

    /// The case's defaults as they stand (the case file's, amended), beneath every declaration.
    private func caseDefaults(_ state: WorkspaceState) throws(SanadError) -> IntakeFields {
        let d = Amendment.apply(state.amendments[""] ?? [], to: try workspace.caseInfo().defaults.json).collection
        return IntakeFields(
            timezone: d["timezone"]?.stringValue, dateOrder: d["date_order"]?.stringValue,
            locale: d["locale"]?.stringValue)
    }

    private struct Batch {
        var drafts: [CustodyLog.Draft] = []
        var bytes: Int64 = 0
        var files = 0
    }

    private func commit(_ batch: inout Batch, _ log: CustodyLog, _ pending: PendingBatch) throws(SanadError) {
        defer { batch = Batch() }
        guard !batch.drafts.isEmpty else { return }
        // Everything the entries point to must be durable before the entries are.
        let fd = open(workspace.root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError.make(errno, "open \(workspace.root)") }
        defer { close(fd) }
        guard csanad_syncfs(fd) == 0 else { throw SystemError.make(errno, "sync \(workspace.root)") }
        try log.append(batch.drafts)
        try pending.reset()
    }

    private func fileSize(_ path: String) -> Int64 {
        var st = stat()
        return stat(path, &st) == 0 ? Int64(st.st_size) : 0
    }
}
