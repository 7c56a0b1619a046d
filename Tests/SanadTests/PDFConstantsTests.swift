import CSanadPDFHeaders
import CSanadPDFShims
import XCTest

/// CSanadPDFShims loads cairo, pango and libqrencode with dlopen and is compiled without their
/// headers, so the enum values it passes are written out by hand. A wrong one would not fail to
/// compile: cairo would read another font backend, pango another wrap mode. Each is compared
/// here with <cairo/cairo.h>, <pango/pango.h> and <qrencode.h>.
final class PDFConstantsTests: XCTestCase {
    func testTheShimsEnumValuesAreTheLibrariesOwn() {
        let pairs: [(String, Int, Int)] = [
            ("CAIRO_FONT_TYPE_FT", CSANAD_CAIRO_FONT_TYPE_FT, Int(CAIRO_FONT_TYPE_FT.rawValue)),
            ("CAIRO_HINT_STYLE_NONE", CSANAD_CAIRO_HINT_STYLE_NONE, Int(CAIRO_HINT_STYLE_NONE.rawValue)),
            ("CAIRO_HINT_METRICS_OFF", CSANAD_CAIRO_HINT_METRICS_OFF, Int(CAIRO_HINT_METRICS_OFF.rawValue)),
            ("CAIRO_PDF_METADATA_TITLE", CSANAD_CAIRO_PDF_METADATA_TITLE, Int(CAIRO_PDF_METADATA_TITLE.rawValue)),
            ("CAIRO_PDF_METADATA_AUTHOR", CSANAD_CAIRO_PDF_METADATA_AUTHOR, Int(CAIRO_PDF_METADATA_AUTHOR.rawValue)),
            (
                "CAIRO_PDF_METADATA_SUBJECT", CSANAD_CAIRO_PDF_METADATA_SUBJECT,
                Int(CAIRO_PDF_METADATA_SUBJECT.rawValue)
            ),
            (
                "CAIRO_PDF_METADATA_KEYWORDS", CSANAD_CAIRO_PDF_METADATA_KEYWORDS,
                Int(CAIRO_PDF_METADATA_KEYWORDS.rawValue)
            ),
            (
                "CAIRO_PDF_METADATA_CREATOR", CSANAD_CAIRO_PDF_METADATA_CREATOR,
                Int(CAIRO_PDF_METADATA_CREATOR.rawValue)
            ),
            (
                "CAIRO_PDF_METADATA_CREATE_DATE", CSANAD_CAIRO_PDF_METADATA_CREATE_DATE,
                Int(CAIRO_PDF_METADATA_CREATE_DATE.rawValue)
            ),
            (
                "CAIRO_PDF_METADATA_MOD_DATE", CSANAD_CAIRO_PDF_METADATA_MOD_DATE,
                Int(CAIRO_PDF_METADATA_MOD_DATE.rawValue)
            ),
            ("PANGO_DIRECTION_LTR", CSANAD_PANGO_DIRECTION_LTR, Int(PANGO_DIRECTION_LTR.rawValue)),
            ("PANGO_DIRECTION_RTL", CSANAD_PANGO_DIRECTION_RTL, Int(PANGO_DIRECTION_RTL.rawValue)),
            ("PANGO_WRAP_WORD_CHAR", CSANAD_PANGO_WRAP_WORD_CHAR, Int(PANGO_WRAP_WORD_CHAR.rawValue)),
            ("PANGO_ALIGN_LEFT", CSANAD_PANGO_ALIGN_LEFT, Int(PANGO_ALIGN_LEFT.rawValue)),
            ("PANGO_ALIGN_CENTER", CSANAD_PANGO_ALIGN_CENTER, Int(PANGO_ALIGN_CENTER.rawValue)),
            ("PANGO_ALIGN_RIGHT", CSANAD_PANGO_ALIGN_RIGHT, Int(PANGO_ALIGN_RIGHT.rawValue)),
            ("PANGO_SCALE", CSANAD_PANGO_SCALE, Int(csanad_pdf_headers_pango_scale())),
            ("PANGO_WEIGHT_BOLD", 700, Int(PANGO_WEIGHT_BOLD.rawValue)),
            ("QR_ECLEVEL_M", CSANAD_QR_ECLEVEL_M, Int(QR_ECLEVEL_M.rawValue)),
            ("QR_MODE_8", CSANAD_QR_MODE_8, Int(QR_MODE_8.rawValue)),
        ]
        for (name, shim, header) in pairs {
            XCTAssertEqual(shim, header, "CSanadPDFShims.h's value of \(name) is not the library's")
        }
    }

    /// The layouts of the two structures the shims read: PangoRectangle and QRcode's head, and
    /// PangoAttribute's, whose indexes the shims set.
    func testTheStructuresTheShimsReadHaveTheHeadersLayout() {
        XCTAssertEqual(MemoryLayout<PangoRectangle>.size, 4 * MemoryLayout<Int32>.size)
        XCTAssertEqual(MemoryLayout<QRcode>.offset(of: \QRcode.width), MemoryLayout<Int32>.size)
        XCTAssertEqual(
            MemoryLayout<PangoAttribute>.offset(of: \PangoAttribute.start_index), MemoryLayout<UnsafeRawPointer>.size)
        XCTAssertEqual(
            MemoryLayout<PangoAttribute>.offset(of: \PangoAttribute.end_index),
            MemoryLayout<UnsafeRawPointer>.size + MemoryLayout<UInt32>.size)
    }
}
