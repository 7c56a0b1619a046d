import CSanadPDFShims

/// One paragraph laid out by pango for a width: its lines, measured, ready to be drawn whole or
/// split across pages.
final class PDFText {
    enum Alignment: Int32 {
        case left = 0, center = 1, right = 2
    }

    /// The paragraph's direction: left to right, right to left, or from its first strong character.
    enum Direction: UInt32 {
        case leftToRight = 0, rightToLeft = 1, automatic = 2
    }

    let handle: OpaquePointer
    let lineCount: Int
    let width: Double
    let height: Double

    init(_ handle: OpaquePointer) {
        self.handle = handle
        lineCount = Int(csanad_pdf_text_line_count(handle))
        var w = 0.0
        var h = 0.0
        csanad_pdf_text_size(handle, &w, &h)
        width = w
        height = h
    }

    deinit { csanad_pdf_text_free(handle) }

    /// The top and height of line `index`, in points from the top of the paragraph.
    func line(_ index: Int) -> (top: Double, height: Double) {
        var top = 0.0
        var height = 0.0
        csanad_pdf_text_line(handle, Int32(index), &top, &height)
        return (top, height)
    }
}
