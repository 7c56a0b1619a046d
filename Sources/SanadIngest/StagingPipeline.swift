import Dispatch
import Foundation
import SanadModel

/// Runs the first stage of `add` (copy and hash each file into `tmp/`) on several workers, and
/// hands the results back strictly in source order, so exhibit numbers, duplicates and the log
/// do not depend on which worker finished first.
///
/// Small files are mostly filesystem work; two workers keep both cores busy with them. At most
/// `lookahead` results wait to be consumed, so memory stays bounded whatever the file count.
final class StagingPipeline<Staged> {
    typealias Work = (_ index: Int, _ worker: Int) -> Result<Staged, SanadError>

    private let count: Int
    private let lookahead: Int
    private let work: Work
    private let discard: (Staged) -> Void
    private let condition = NSCondition()
    private let group = DispatchGroup()
    private var claimed = 0
    private var consumed = 0
    private var ready: [Int: Result<Staged, SanadError>] = [:]
    private var cancelled = false
    private var finished = false

    /// `discard` undoes a staged result that will never be consumed (removes its temporary file).
    init(count: Int, workers: Int, lookahead: Int, work: @escaping Work, discard: @escaping (Staged) -> Void) {
        self.count = count
        self.lookahead = max(lookahead, workers)
        self.work = work
        self.discard = discard
        for w in 0..<max(1, min(workers, count)) {
            group.enter()
            Thread.detachNewThread { [self] in
                run(worker: w)
                group.leave()
            }
        }
    }

    deinit { cancel() }

    private func run(worker: Int) {
        while true {
            condition.lock()
            while !cancelled && claimed < count && claimed - consumed >= lookahead { condition.wait() }
            guard !cancelled, claimed < count else { condition.unlock(); return }
            let index = claimed
            claimed += 1
            condition.unlock()

            let result = work(index, worker)

            condition.lock()
            if cancelled {
                condition.unlock()
                if case .success(let staged) = result { discard(staged) }
                return
            }
            ready[index] = result
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The next result in source order, waiting for it if needed; nil after the last one.
    func next() -> Result<Staged, SanadError>? {
        condition.lock()
        defer { condition.unlock() }
        guard !cancelled, consumed < count else { return nil }
        while ready[consumed] == nil { condition.wait() }
        let r = ready.removeValue(forKey: consumed)!
        consumed += 1
        condition.broadcast()
        return r
    }

    /// Stops the workers, waits for them, and discards every result not consumed. Idempotent.
    func cancel() {
        condition.lock()
        if finished { condition.unlock(); return }
        cancelled = true
        condition.broadcast()
        condition.unlock()
        group.wait()
        condition.lock()
        let leftovers = ready.values
        ready.removeAll()
        finished = true
        condition.unlock()
        for case .success(let staged) in leftovers { discard(staged) }
    }
}
