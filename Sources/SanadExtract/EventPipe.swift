import Foundation
import SanadModel
import SanadTimeline

/// Runs a parser on its own thread and hands its events to the caller in batches, in order,
/// so that reading a file and writing its events out use both cores. At most `depth` batches
/// wait at a time: memory stays bounded whatever the size of the file.
final class EventPipe: @unchecked Sendable {
    static let batchSize = 2048
    private let depth: Int
    private let condition = NSCondition()
    private var queue: [[TimelineEvent]] = []
    private var finished = false
    private var failure: SanadError?
    private var cancelled = false
    private var producerDone = false

    init(depth: Int = 4) {
        self.depth = depth
    }

    /// Calls `consume` on the calling thread with every event `parse` produces on another.
    /// A failure on either side stops both; the first one is thrown.
    static func run(parse: @escaping @Sendable (_ each: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError) -> Void,
                    consume: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError) {
        let pipe = EventPipe()
        let thread = Thread {
            var batch: [TimelineEvent] = []
            batch.reserveCapacity(batchSize)
            do throws(SanadError) {
                try parse { (e: TimelineEvent) throws(SanadError) in
                    batch.append(e)
                    if batch.count == batchSize {
                        try pipe.send(batch)
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if !batch.isEmpty { try pipe.send(batch) }
                pipe.close(nil)
            } catch {
                pipe.close(error)
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
        var consumerFailure: SanadError?
        while consumerFailure == nil, let batch = pipe.receive() {
            for e in batch {
                do throws(SanadError) { try consume(e) } catch {
                    consumerFailure = error
                    break
                }
            }
        }
        if consumerFailure != nil { pipe.cancel() }
        pipe.waitForProducer()
        if let consumerFailure { throw consumerFailure }
        if let failure = pipe.failure, failure.message != Self.cancelledError.message { throw failure }
    }

    private static let cancelledError = SanadError(.internalError, "event pipe cancelled (not an error)")

    private func send(_ batch: [TimelineEvent]) throws(SanadError) {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= depth, !cancelled { condition.wait() }
        if cancelled { throw Self.cancelledError }
        queue.append(batch)
        condition.broadcast()
    }

    private func close(_ error: SanadError?) {
        condition.lock()
        finished = true
        producerDone = true
        if failure == nil { failure = error }
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, or nil once the producer is done and everything was handed out.
    private func receive() -> [TimelineEvent]? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty, !finished { condition.wait() }
        guard !queue.isEmpty else { return nil }
        let batch = queue.removeFirst()
        condition.broadcast()
        return batch
    }

    private func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    private func waitForProducer() {
        condition.lock()
        while !producerDone { condition.wait() }
        condition.unlock()
    }
}
