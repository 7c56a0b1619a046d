import CSanadPDFShims
import Foundation
import SanadModel

/// A private font set and a pango context of its own (CSanadPDFFonts), to lay out text on a
/// thread other than the one drawing the PDF. A paragraph laid out here is complete (its fonts
/// are loaded and measured) and can be drawn on the document from the drawing thread.
final class PDFFonts {
    private let handle: OpaquePointer

    init(fonts: [String]) throws(SanadError) {
        var error = [CChar](repeating: 0, count: 512)
        let copies = fonts.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let made = copies.map { UnsafePointer($0) }.withUnsafeBufferPointer {
            csanad_pdf_fonts_new($0.baseAddress, Int32(fonts.count), &error, error.count)
        }
        guard let made else {
            let why = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw SanadError(.libraryUnavailable, "the report cannot be typeset: \(why)")
        }
        handle = made
    }

    deinit { csanad_pdf_fonts_free(handle) }

    func text(
        _ text: String, font: String, width: Double, align: PDFText.Alignment, direction: PDFText.Direction,
        spans: [PDFDocument.Span]
    ) -> PDFText {
        PDFText.make(text, spans: spans) { chars, count, c in
            csanad_pdf_fonts_text(
                handle, chars, count, font, width, align.rawValue, CSanadPDFDirection(rawValue: direction.rawValue), c,
                Int32(c.count))
        }
    }
}

extension PDFText {
    /// A paragraph laid out by `lay`, given the text's UTF-8 and the spans as C structures.
    static func make(
        _ text: String, spans: [PDFDocument.Span],
        _ lay: (UnsafePointer<CChar>?, Int, [CSanadPDFSpan]) -> OpaquePointer?
    ) -> PDFText {
        var copy = text
        let c = spans.map(\.c)
        let made = copy.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { lay($0.baseAddress, $0.count, c) }
        }
        // pango returns a layout for any text; only running out of memory gives none.
        return PDFText(made!)
    }
}

extension PDFDocument.Span {
    var c: CSanadPDFSpan {
        CSanadPDFSpan(
            start: UInt32(bytes.lowerBound), end: UInt32(bytes.upperBound), size: size, bold: bold ? 1 : 0,
            mono: mono ? 1 : 0, gray: gray)
    }
}
