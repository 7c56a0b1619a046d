import CSanadPDFShims
import Foundation
import SanadModel

/// The Swift owner of one PDF being typeset with cairo and pango (through CSanadPDFShims): its
/// pages, its private fonts, and the paragraphs laid out on it. Not thread-safe; one report, one
/// document.
final class PDFDocument {
    /// A4, in points.
    static let pageWidth = 595.28
    static let pageHeight = 841.89

    private let handle: OpaquePointer

    /// A document whose fonts are exactly `fonts` (paths of font files).
    init(fonts: [String]) throws(SanadError) {
        var error = [CChar](repeating: 0, count: 512)
        let made: OpaquePointer? = fonts.withCStringArray { list in
            csanad_pdf_new(Self.pageWidth, Self.pageHeight, list, Int32(fonts.count), &error, error.count)
        }
        guard let made else {
            let why = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw SanadError(
                .libraryUnavailable, "the report cannot be typeset: \(why)",
                hint: "Install cairo, pango, libqrencode and the Noto fonts: apt-get install libcairo2 "
                    + "libpangocairo-1.0-0 libqrencode4 fonts-noto-core fonts-noto-mono")
        }
        handle = made
    }

    deinit { csanad_pdf_free(handle) }

    enum Metadata: Int32 {
        case title = 0, author, subject, keywords, creator, createDate, modDate
    }

    func set(_ key: Metadata, _ value: String) {
        csanad_pdf_set_metadata(handle, key.rawValue, value)
    }

    /// A stretch of a paragraph set differently: UTF-8 byte offsets, size (0: the paragraph's),
    /// weight and grey (0: black).
    struct Span {
        var bytes: Range<Int>
        var size = 0.0
        var bold = false
        var mono = false
        var gray = 0.0
    }

    /// A paragraph of plain text laid out to `width` points, with `spans` set differently.
    func text(
        _ text: String, font: String, width: Double, align: PDFText.Alignment, direction: PDFText.Direction,
        spans: [Span] = []
    ) -> PDFText {
        PDFText.make(text, spans: spans) { chars, count, c in
            csanad_pdf_text_new_styled(
                handle, chars, count, font, width, align.rawValue, CSanadPDFDirection(rawValue: direction.rawValue), c,
                Int32(c.count))
        }
    }

    func draw(_ text: PDFText, x: Double, y: Double, lines: Range<Int>, gray: Double = 0) {
        csanad_pdf_text_draw(
            handle, text.handle, x, y, Int32(lines.lowerBound), Int32(lines.upperBound), gray)
    }

    func fill(x: Double, y: Double, width: Double, height: Double, gray: Double) {
        csanad_pdf_fill_rect(handle, x, y, width, height, gray)
    }

    func stroke(x: Double, y: Double, width: Double, height: Double, lineWidth: Double = 0.6, gray: Double = 0) {
        csanad_pdf_stroke_rect(handle, x, y, width, height, lineWidth, gray)
    }

    /// A line; a horizontal or vertical one is filled as a thin rectangle, which cairo's PDF
    /// surface writes about five times faster than a stroke (a bar beside each of 10,000 messages).
    func line(from: (Double, Double), to: (Double, Double), lineWidth: Double = 0.5, gray: Double = 0.4) {
        if from.0 == to.0 {
            fill(
                x: from.0 - lineWidth / 2, y: min(from.1, to.1), width: lineWidth, height: abs(to.1 - from.1),
                gray: gray)
        } else if from.1 == to.1 {
            fill(
                x: min(from.0, to.0), y: from.1 - lineWidth / 2, width: abs(to.0 - from.0), height: lineWidth,
                gray: gray)
        } else {
            csanad_pdf_line(handle, from.0, from.1, to.0, to.1, lineWidth, gray)
        }
    }

    /// Draws `data` as a QR code in a square of `size` points; false if it could not be encoded.
    func qr(_ data: String, x: Double, y: Double, size: Double) -> Bool {
        csanad_pdf_qr(handle, data, x, y, size) > 0
    }

    func showPage() { csanad_pdf_show_page(handle) }

    /// The finished PDF, as cairo wrote it.
    func finish() throws(SanadError) -> [UInt8] {
        var bytes: UnsafePointer<UInt8>?
        var length = 0
        var error = [CChar](repeating: 0, count: 256)
        guard csanad_pdf_finish(handle, &bytes, &length, &error, error.count) == 0, let bytes else {
            let why = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw SanadError(.ioError, "the report could not be typeset: \(why)")
        }
        return Array(UnsafeBufferPointer(start: bytes, count: length))
    }
}

extension Array where Element == String {
    /// Calls `body` with a C array of the strings, valid only during the call.
    fileprivate func withCStringArray<R>(_ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let copies = map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer($0) }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
