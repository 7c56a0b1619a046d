import Foundation
import SanadModel

/// A bounded queue of batches from one or more producer threads to one consumer: a producer
/// waits while `depth` batches wait, so memory stays bounded whatever the input's size. The
/// first failure is kept; a cancelled queue makes every producer's next `send` throw.
public final class BatchQueue<Batch>: @unchecked Sendable {
    private let depth: Int
    private let condition = NSCondition()
    private var queue: [Batch] = []
    private var open: Int
    private var cancelled = false
    public private(set) var failure: SanadError?

    static var cancelledError: SanadError { SanadError(.stopped, "batch queue cancelled (not an error)") }

    public init(producers: Int, depth: Int = 4) {
        open = producers
        self.depth = depth
    }

    public func send(_ batch: Batch) throws(SanadError) {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= depth, !cancelled { condition.wait() }
        if cancelled { throw Self.cancelledError }
        queue.append(batch)
        condition.broadcast()
    }

    /// A producer is done, with the error that stopped it if any; an error stops the other
    /// producers too (their work would be thrown away).
    public func close(_ error: SanadError?) {
        condition.lock()
        open -= 1
        if let error, error.code != .stopped {
            if failure == nil { failure = error }
            cancelled = true
        }
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, or nil once every producer is done and everything was handed out.
    public func receive() -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty, open > 0 { condition.wait() }
        guard !queue.isEmpty else { return nil }
        let batch = queue.removeFirst()
        condition.broadcast()
        return batch
    }

    /// Stops the producers at their next `send`.
    public func cancel() {
        condition.lock()
        cancelled = true
        queue.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until every producer has closed.
    public func waitForProducers() {
        condition.lock()
        while open > 0 { condition.wait() }
        condition.unlock()
    }
}
