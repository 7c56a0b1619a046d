import Dispatch
import Foundation

/// Runs the checks on a thread of their own while the worker's main thread watches the clock:
/// a parse that takes longer than its limit is a hang (docs/FUZZING.md §2), which a thread
/// cannot be made to leave, so the worker reports it and exits.
final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var stepStart: UInt64 = 0
    private var stepLimit = Double.infinity
    private var stepLabel = ""
    private let base: Double
    private let jobs = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private var job: (() -> Void)?

    /// `base` seconds for an input under 1 MiB, as many per MiB above that.
    init(base: Double) {
        self.base = base
        let thread = Thread { [unowned self] in
            while true {
                jobs.wait()
                job?()
                done.signal()
            }
        }
        // As much stack as a main thread has, so that deep recursion fails here exactly when it
        // would fail in `sanad`.
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Called by the checks before each parse.
    func begin(_ label: String, bytes: Int) {
        lock.lock()
        stepStart = DispatchTime.now().uptimeNanoseconds
        stepLimit = base * max(1, Double(bytes) / Double(1 << 20))
        stepLabel = label
        lock.unlock()
    }

    /// Runs `job` on the checking thread; nil when it finished, else the step that overran
    /// and for how long (the thread is then left to its fate).
    func run(_ job: @escaping () -> Void) -> (step: String, seconds: Double)? {
        lock.lock()
        self.job = job
        stepStart = DispatchTime.now().uptimeNanoseconds
        stepLimit = base
        stepLabel = "checks"
        lock.unlock()
        jobs.signal()
        while done.wait(timeout: .now() + .milliseconds(50)) == .timedOut {
            lock.lock()
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - stepStart) / 1e9
            let overdue = elapsed > stepLimit ? (stepLabel, elapsed) : nil
            lock.unlock()
            if let overdue { return overdue }
        }
        return nil
    }
}
