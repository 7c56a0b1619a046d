import Dispatch
import Foundation
import SanadModel

/// The progress line of a long command on a terminal: `verifying: 1.2 GB of 4.7 GB (26%),
/// 410 MB/s, about 9 s left`, redrawn four times a second from `WorkProgress.shared`, which the
/// streaming loops feed. Nothing is drawn when stderr is not a terminal or with `-q`, nor in
/// the first tick, so quick commands stay silent. `SANAD_PROGRESS_INTERVAL_MS` sets the tick
/// (tests use a short one).
final class ProgressMeter: @unchecked Sendable {
    private let console: Console
    private let label: String
    private let timer: DispatchSourceTimer?
    private let started = DispatchTime.now()
    private let lock = NSLock()
    private var drawn = false
    private var stopped = false

    /// Starts counting `WorkProgress.shared` from zero towards `bytes` (0: unknown).
    init(_ console: Console, _ label: String, expecting bytes: Int64) {
        self.console = console
        self.label = label
        WorkProgress.shared.start(expecting: bytes)
        guard console.stderrIsTerminal, !console.quiet else {
            timer = nil
            return
        }
        let ms = ProcessInfo.processInfo.environment["SANAD_PROGRESS_INTERVAL_MS"].flatMap(Int.init) ?? 250
        let t = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        timer = t
        t.schedule(deadline: .now() + .milliseconds(ms), repeating: .milliseconds(ms))
        t.setEventHandler { [weak self] in self?.draw() }
        t.resume()
    }

    /// Clears the line; the command's own output follows.
    func stop() {
        lock.withLock {
            guard !stopped else { return }
            stopped = true
            timer?.cancel()
            if drawn { console.endProgress() }
        }
    }

    deinit { stop() }

    private func draw() {
        lock.withLock {
            guard !stopped else { return }
            drawn = true
            console.progress(Self.line(label, WorkProgress.shared.snapshot, seconds: elapsed))
        }
    }

    private var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9 }

    /// The line for `done` of `expected` bytes after `seconds`.
    static func line(_ label: String, _ p: (done: Int64, expected: Int64), seconds: Double) -> String {
        let rate = seconds > 0 ? Double(p.done) / seconds : 0
        var s = "\(label): \(bytes(p.done))"
        if p.expected > 0, p.done <= p.expected {
            s += " of \(bytes(p.expected)) (\(p.done * 100 / p.expected)%)"
        }
        if rate > 0 { s += ", \(bytes(Int64(rate)))/s" }
        if p.expected > 0, p.done < p.expected, rate > 0 {
            let left = Int((Double(p.expected - p.done) / rate).rounded(.up))
            s += left >= 120 ? ", about \(left / 60) min left" : ", about \(left) s left"
        }
        return s
    }

    /// `512 B`, `3.4 MB`, `1.2 GB`: decimal units, as disks are sold.
    static func bytes(_ n: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var v = Double(n)
        var u = 0
        while v >= 1000, u < units.count - 1 {
            v /= 1000
            u += 1
        }
        return u == 0 ? "\(n) B" : String(format: v >= 100 ? "%.0f " : "%.1f ", v) + units[u]
    }
}
