import Foundation
import SanadModel

/// Lays out a report's paragraphs ahead of the typesetter, on a second thread with fonts of its
/// own: a shadow typesetter runs over the same blocks without drawing, and every paragraph it
/// lays out is handed over, in order, to the typesetter that draws, which takes them instead of
/// laying them out again. Shaping (pango, HarfBuzz) then runs beside drawing (cairo), on the
/// second core. At most `ahead` paragraphs wait, so memory stays bounded.
final class ReportLayouter: @unchecked Sendable {
    static let ahead = 512

    private let condition = NSCondition()
    private var queue: [PDFText] = []
    private var head = 0
    private var done = false
    /// Set once the typesetter has finished: the shadow stops waiting for room and stops.
    private var cancelled = false
    private var thread: Thread?

    /// Starts laying out `parts` with `fonts`.
    func start(_ parts: [ReportPart], fonts: PDFFonts) {
        let box = UncheckedBox((parts, fonts))
        let t = Thread { [self] in
            let (parts, fonts) = box.value
            let shadow = ReportTypesetter(layouts: fonts, sink: self)
            _ = shadow.set(parts, footer: { _, _ in "" }, end: { _, _ in "" })
            condition.lock()
            done = true
            condition.broadcast()
            condition.unlock()
        }
        t.stackSize = 8 << 20
        thread = t
        t.start()
    }

    /// Called by the shadow typesetter: waits while `ahead` paragraphs are waiting.
    func put(_ text: PDFText) {
        condition.lock()
        while queue.count - head >= Self.ahead, !cancelled { condition.wait() }
        if cancelled {
            condition.unlock()
            return
        }
        queue.append(text)
        condition.broadcast()
        condition.unlock()
    }

    /// The next paragraph, in the order the shadow laid them out.
    func next() -> PDFText? {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count, !done { condition.wait() }
        guard head < queue.count else { return nil }
        let t = queue[head]
        head += 1
        if head > 4_096 {
            queue.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return t
    }

    /// Waits for the thread to finish; whatever it has not handed over is let go.
    func finish() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !done { condition.wait() }
        queue = []
        head = 0
        condition.unlock()
    }
}

/// Hands a value to another thread that alone uses it from then on.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
