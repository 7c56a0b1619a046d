import Synchronization

/// How far a long operation has got, for a terminal's progress line: bytes done of a total
/// expected. The streaming loops of sealing, verifying and auditing add what they have read or
/// written, once per block (a relaxed atomic add per megabyte: nothing next to hashing it); the
/// command line samples it from another thread. Nothing here is evidence or is written anywhere.
public final class WorkProgress: Sendable {
    /// The process's one operation at a time.
    public static let shared = WorkProgress()

    private let done = Atomic<Int64>(0)
    private let expected = Atomic<Int64>(0)

    public init() {}

    /// Starts counting again, towards `bytes` (0 when unknown).
    public func start(expecting bytes: Int64) {
        done.store(0, ordering: .relaxed)
        expected.store(bytes, ordering: .relaxed)
    }

    /// Raises the total: a later stage found more to read.
    public func expect(_ bytes: Int64) {
        expected.store(bytes, ordering: .relaxed)
    }

    public func add(_ bytes: Int) {
        done.add(Int64(bytes), ordering: .relaxed)
    }

    /// Bytes done, and the total expected (0 when unknown).
    public var snapshot: (done: Int64, expected: Int64) {
        (done.load(ordering: .relaxed), expected.load(ordering: .relaxed))
    }
}
