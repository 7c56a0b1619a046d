import Foundation
import SanadExtract
import SanadModel

/// Lays out a report's paragraphs ahead of the typesetter, on a second thread with fonts of its
/// own: a shadow typesetter runs over the same blocks without drawing, and every paragraph it
/// lays out is handed over, in order, to the typesetter that draws, which takes them instead of
/// laying them out again. Shaping (pango, HarfBuzz) then runs beside drawing (cairo), on the
/// second core. Paragraphs go over in batches through a bounded queue, so memory stays bounded.
final class ReportLayouter: @unchecked Sendable {
    static let batch = 64
    private let queue = BatchQueue<[PDFText]>(producers: 1, depth: 8)
    /// The shadow's paragraphs not yet sent (its thread only).
    private var pending: [PDFText] = []
    /// The batch being taken from (the drawing thread only).
    private var current: [PDFText] = []
    private var taken = 0

    /// Starts laying out `parts` with `fonts`.
    func start(_ parts: [ReportPart], fonts: PDFFonts) {
        let box = UncheckedBox((parts, fonts))
        let t = Thread { [self] in
            let (parts, fonts) = box.value
            let shadow = ReportTypesetter(layouts: fonts, sink: self)
            _ = shadow.set(parts, footer: { _, _ in "" }, end: { _, _ in "" })
            try? queue.send(pending)
            pending = []
            queue.close(nil)
        }
        t.stackSize = 8 << 20
        t.start()
    }

    /// Called by the shadow typesetter for each paragraph, in order.
    func put(_ text: PDFText) {
        pending.append(text)
        guard pending.count == Self.batch else { return }
        // Cancelled only once the drawing typesetter has taken all it needs: the rest is let go.
        try? queue.send(pending)
        pending = []
    }

    /// The next paragraph, in the order the shadow laid them out; nil when there are no more.
    func next() -> PDFText? {
        while taken == current.count {
            guard let batch = queue.receive() else { return nil }
            current = batch
            taken = 0
        }
        taken += 1
        return current[taken - 1]
    }

    /// Stops the shadow, and waits for its thread to finish.
    func finish() {
        queue.cancel()
        queue.waitForProducers()
        current = []
    }
}

/// Hands a value to another thread that alone uses it from then on.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
