import Foundation
import SanadCustody
import SanadModel

/// What the custody checks compute from the log's bytes alone: its lines, the chain, and the
/// items it commits. The costly part of verifying a large case (100,000 lines), so an archive
/// reader starts it on a thread of its own as soon as the log has been read (it is the
/// seventh entry of a sealed zip), while the item records and the payload are still read.
struct CustodyReading: @unchecked Sendable {
    let bytes: [UInt8]
    let contents: CustodyLogFile.Contents
    let chain: ChainVerifier.Result
    let items: [CommittedItem]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        contents = CustodyLogFile.split(bytes)
        (chain, items) = ChainVerifier.verify(
            contents, keepingEntries: false, deriving: WorkspaceState.item(from:details:))
    }
}

/// A `CustodyReading` on its own thread, started with the log's bytes.
final class EarlyCustodyReading: @unchecked Sendable {
    private var reading: CustodyReading?
    private var started = false
    /// A latch: each waiter signals it again, so any number of threads (the early tag checks,
    /// and the main thread when their snapshot was stale) can wait for one reading.
    private let done = DispatchSemaphore(value: 0)
    private var thread: JoinableThread?

    func start(_ bytes: [UInt8]) {
        guard !started else { return }
        started = true
        thread = JoinableThread(stackSize: 4 << 20) { [self] in
            reading = CustodyReading(bytes)
            done.signal()
        }
    }

    /// The reading of exactly `bytes`, waiting for it; nil when it never started or read
    /// other bytes.
    func result(for bytes: [UInt8]) -> CustodyReading? {
        guard started else { return nil }
        done.wait()
        done.signal()
        guard let reading, reading.bytes == bytes else { return nil }
        return reading
    }

    /// Waits for the thread to end, if it ran, so that nothing it uses goes away under it.
    func join() {
        _ = result(for: [])
        thread?.join()
    }
}
