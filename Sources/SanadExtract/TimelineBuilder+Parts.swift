import Foundation
import SanadModel
import SanadTimeline

/// Reading a large file in parts (docs/TIMELINE.md §8.5): each part is parsed, keyed and
/// encoded on a thread of its own, and the calling thread only adds the lines to the sorter.
/// Each part's sequence numbers start above the part before's, so the order is the one-pass
/// order, byte for byte; the parts after the first get their event numbers from the sorter's
/// `PartNumbers` once every part is counted.
extension TimelineBuilder {
    /// One part's keyed lines, gathered for the sorter.
    struct KeyedLines {
        static let maxBytes = 1 << 20
        var keys: [SortKey] = []
        var ends: [Int] = []
        var bytes: [UInt8] = []

        mutating func add(_ key: SortKey, _ line: [UInt8]) {
            keys.append(key)
            bytes.append(contentsOf: line)
            ends.append(bytes.count)
        }
    }

    /// What each part's keyer holds when its thread is done: the counts, and the events still
    /// waiting for a time (only at the start of the file).
    final class Keyers: @unchecked Sendable {
        private let lock = NSLock()
        private var keyers: [EventKeyer?]
        init(_ count: Int) { keyers = Array(repeating: nil, count: count) }
        subscript(k: Int) -> EventKeyer? {
            get { lock.lock(); defer { lock.unlock() }; return keyers[k] }
            set { lock.lock(); defer { lock.unlock() }; keyers[k] = newValue }
        }
    }

    func readPlanned<P: PartitionedParser, I: RangedByteInput>(
        _ item: TimelineItem, input: I, parser: P, into sorter: EventSorter,
        outcome: inout ItemOutcome
    ) throws(SanadError) {
        let plan: P.Plan
        do { plan = try parser.plan(input) } catch { throw Self.located(error, item) }
        let count = parser.partCount(plan)
        let add = { (key: SortKey, _: TimelineEvent, line: [UInt8]) throws(SanadError) in try sorter.add(key, line) }
        guard count > 1 else {
            // One part: parsed on one thread, keyed and encoded on this one, as any file.
            var keyer = EventKeyer(filter: options.filter, ordinal: Int64(item.ordinal), itemSHA256: item.sha256)
            do {
                try EventPipe.run(parse: { (each: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError) in
                    try parser.parse(input, plan: plan, part: 0, each)
                }) { (e: TimelineEvent) throws(SanadError) in try keyer.take(e, add) }
                try keyer.finish(next: nil, add)
            } catch {
                throw Self.located(error, item)
            }
            return try Self.record(keyer, into: &outcome, item)
        }
        let queue = BatchQueue<KeyedLines>(producers: count, depth: 2 * count)
        let done = Keyers(count)
        let (filter, ordinal, sha256) = (options.filter, Int64(item.ordinal), item.sha256)
        let ids = [0] + (1..<count).map { _ in sorter.numbers.newPart() }
        for k in 0..<count {
            let first = ids[k] << PartNumbers.shift
            let thread = Thread {
                var keyer = EventKeyer(filter: filter, ordinal: ordinal, itemSHA256: sha256, firstSequence: first)
                var batch = KeyedLines()
                do throws(SanadError) {
                    try parser.parse(input, plan: plan, part: k) { (e: TimelineEvent) throws(SanadError) in
                        try keyer.take(e) { (key: SortKey, _: TimelineEvent, line: [UInt8]) throws(SanadError) in
                            batch.add(key, line)
                        }
                        if batch.bytes.count >= KeyedLines.maxBytes {
                            try queue.send(batch)
                            batch = KeyedLines()
                        }
                    }
                    if !batch.keys.isEmpty { try queue.send(batch) }
                    done[k] = keyer
                    queue.close(nil)
                } catch {
                    queue.close(error)
                }
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        let failure = Self.drain(queue, into: sorter)
        queue.waitForProducers()
        if let error = failure ?? queue.failure { throw Self.located(error, item) }
        try Self.finishParts(done, ids: ids, item, sorter: sorter, add: add, outcome: &outcome)
    }

    /// Events still waiting for a time at the end of a part take the key of the next part's
    /// first event, which has a time of its own; after the last part they go last. Each later
    /// part's events are numbered after the events of the parts before it.
    private static func finishParts(
        _ done: Keyers, ids: [Int64], _ item: TimelineItem, sorter: EventSorter,
        add: (SortKey, TimelineEvent, [UInt8]) throws(SanadError) -> Void, outcome: inout ItemOutcome
    ) throws(SanadError) {
        var before = 0
        for k in ids.indices {
            guard var keyer = done[k] else {
                throw SanadError(.internalError, "\(item.exhibit): part \(k + 1) was not read")
            }
            if k > 0 { sorter.numbers.set(eventsBefore: before, part: ids[k]) }
            before += keyer.events
            try keyer.finish(next: k + 1 < ids.count ? done[k + 1]?.firstKey : nil, add)
            try record(keyer, into: &outcome, item)
        }
    }

    /// Hands every batch the part readers send to the sorter, in the order they come; on the
    /// first failure, stops the readers and returns it.
    private static func drain(_ queue: BatchQueue<KeyedLines>, into sorter: EventSorter) -> SanadError? {
        var failure: SanadError?
        while let batch = queue.receive() {
            guard failure == nil else { continue }
            do throws(SanadError) {
                var start = 0
                try withRawBytes(batch.bytes) { (raw: UnsafeRawBufferPointer) throws(SanadError) in
                    for (n, key) in batch.keys.enumerated() {
                        try sorter.add(key, UnsafeRawBufferPointer(rebasing: raw[start..<batch.ends[n]]))
                        start = batch.ends[n]
                    }
                }
            } catch {
                failure = error
                queue.cancel()
            }
        }
        return failure
    }
}
