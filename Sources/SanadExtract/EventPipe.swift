import Foundation
import SanadModel
import SanadTimeline

/// Runs a parser on its own thread and hands its events to the caller in batches, in order,
/// so that reading a file and writing its events out use both cores. At most four batches
/// wait at a time: memory stays bounded whatever the size of the file.
enum EventPipe {
    static let batchSize = 2048

    /// Calls `consume` on the calling thread with every event `parse` produces on another.
    /// A failure on either side stops both; the first one is thrown.
    static func run(
        parse: @escaping @Sendable (_ each: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError) -> Void,
        consume: (TimelineEvent) throws(SanadError) -> Void
    ) throws(SanadError) {
        let queue = BatchQueue<[TimelineEvent]>(producers: 1)
        let thread = Thread {
            var batch: [TimelineEvent] = []
            batch.reserveCapacity(batchSize)
            do throws(SanadError) {
                try parse { (e: TimelineEvent) throws(SanadError) in
                    batch.append(e)
                    if batch.count == batchSize {
                        try queue.send(batch)
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if !batch.isEmpty { try queue.send(batch) }
                queue.close(nil)
            } catch {
                queue.close(error)
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
        var consumerFailure: SanadError?
        while consumerFailure == nil, let batch = queue.receive() {
            for e in batch {
                do throws(SanadError) { try consume(e) } catch {
                    consumerFailure = error
                    break
                }
            }
        }
        if consumerFailure != nil { queue.cancel() }
        queue.waitForProducers()
        if let consumerFailure { throw consumerFailure }
        if let failure = queue.failure { throw failure }
    }
}
