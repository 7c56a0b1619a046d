#ifndef CSANAD_PDF_SHIMS_H
#define CSANAD_PDF_SHIMS_H
// cairo, pango (HarfBuzz shaping, FriBidi), fontconfig and libqrencode, loaded with dlopen when the
// first report is typeset, behind a few fixed-argument functions. Loading on demand keeps cairo,
// pango, GLib and their ~30 libraries out of every other command's process: no headers here, and
// no link to them (the vips shims do the same). SanadReport is their only user.
//
// Text is always set as plain text (pango_layout_set_text, never markup): what a message or a
// name contains is shown, never interpreted.
#include <stddef.h>

/// What csanad_pdf_start() found.
typedef enum {
    CSANAD_PDF_STARTED = 0,
    /// A library could not be loaded (Debian: libcairo2, libpangocairo-1.0-0, libqrencode4):
    /// the reason is in csanad_pdf_load_error().
    CSANAD_PDF_NOT_INSTALLED = 1,
    /// A library was loaded but lacks a function the report uses (too old): see csanad_pdf_load_error().
    CSANAD_PDF_UNSUPPORTED = 2,
} CSanadPDFStatus;

/// The libraries' values for the enum arguments the shims pass, as their headers have them
/// (cairo 1.16, pango 1.50, libqrencode 4.1). PDFConstantsTests compares each with the headers.
enum {
    CSANAD_CAIRO_FONT_TYPE_FT = 1,
    CSANAD_CAIRO_HINT_STYLE_NONE = 1,
    CSANAD_CAIRO_HINT_METRICS_OFF = 1,
    CSANAD_CAIRO_PDF_METADATA_TITLE = 0,
    CSANAD_CAIRO_PDF_METADATA_AUTHOR = 1,
    CSANAD_CAIRO_PDF_METADATA_SUBJECT = 2,
    CSANAD_CAIRO_PDF_METADATA_KEYWORDS = 3,
    CSANAD_CAIRO_PDF_METADATA_CREATOR = 4,
    CSANAD_CAIRO_PDF_METADATA_CREATE_DATE = 5,
    CSANAD_CAIRO_PDF_METADATA_MOD_DATE = 6,
    CSANAD_PANGO_DIRECTION_LTR = 0,
    CSANAD_PANGO_DIRECTION_RTL = 1,
    CSANAD_PANGO_WRAP_WORD_CHAR = 2,
    CSANAD_PANGO_ALIGN_LEFT = 0,
    CSANAD_PANGO_ALIGN_CENTER = 1,
    CSANAD_PANGO_ALIGN_RIGHT = 2,
    CSANAD_PANGO_SCALE = 1024,
    CSANAD_QR_ECLEVEL_M = 1,
    CSANAD_QR_MODE_8 = 2,
};

/// The paragraph direction of a text: left to right, right to left, or from its first strong character.
typedef enum { CSANAD_PDF_LTR = 0, CSANAD_PDF_RTL = 1, CSANAD_PDF_AUTO = 2 } CSanadPDFDirection;

/// One PDF being typeset in memory, with its private font set.
typedef struct CSanadPDF CSanadPDF;
/// One paragraph laid out for a width, with its lines measured.
typedef struct CSanadPDFText CSanadPDFText;

/// Loads the libraries once; safe to call from any thread.
CSanadPDFStatus csanad_pdf_start(void);
const char *csanad_pdf_load_error(void);

/// A document of pages `width` × `height` points whose fonts are exactly the font files named
/// (nothing from the system's font configuration, so that the same input gives the same PDF on
/// every machine with the same files). NULL on failure, with the reason in `error`.
CSanadPDF *csanad_pdf_new(double width, double height, const char *const *fonts, int font_count, char *error,
                          size_t error_size);
void csanad_pdf_set_metadata(CSanadPDF *pdf, int key, const char *value);

/// A private font set (exactly the font files named) and a pango context on it, for laying out
/// text on a thread other than the one drawing the PDF: each thread that lays out text has its
/// own, as pango's font maps may not be shared between threads. A paragraph laid out with one
/// can be drawn on any document once it is laid out (its fonts are complete by then).
typedef struct CSanadPDFFonts CSanadPDFFonts;
CSanadPDFFonts *csanad_pdf_fonts_new(const char *const *fonts, int font_count, char *error, size_t error_size);
void csanad_pdf_fonts_free(CSanadPDFFonts *fonts);

/// Lays out `length` bytes of UTF-8 `text` in the font `font` (a Pango font description such as
/// "Noto Sans Bold 10") to `width` points. `align` is a CSANAD_PANGO_ALIGN_ value.
CSanadPDFText *csanad_pdf_text_new(CSanadPDF *pdf, const char *text, size_t length, const char *font, double width,
                                   int align, CSanadPDFDirection direction);
/// A stretch of a paragraph set differently: bytes [start, end) of its UTF-8, at `size` points
/// (0: the paragraph's), bold or not, monospaced or not, in grey `gray` (0: the paragraph's black).
typedef struct {
    unsigned start, end;
    double size;
    int bold;
    int mono;
    double gray;
} CSanadPDFSpan;

/// As csanad_pdf_text_new, with spans set differently: one layout for what would be several.
CSanadPDFText *csanad_pdf_text_new_styled(CSanadPDF *pdf, const char *text, size_t length, const char *font,
                                          double width, int align, CSanadPDFDirection direction,
                                          const CSanadPDFSpan *spans, int span_count);
/// As csanad_pdf_text_new_styled, with a font set of its own.
CSanadPDFText *csanad_pdf_fonts_text(CSanadPDFFonts *fonts, const char *text, size_t length, const char *font,
                                     double width, int align, CSanadPDFDirection direction, const CSanadPDFSpan *spans,
                                     int span_count);
int csanad_pdf_text_line_count(const CSanadPDFText *text);
/// The top and height of line `index`, in points from the top of the paragraph.
void csanad_pdf_text_line(const CSanadPDFText *text, int index, double *top, double *height);
/// The width and height of the whole paragraph, in points.
void csanad_pdf_text_size(const CSanadPDFText *text, double *width, double *height);
/// Draws lines [from, to) with the top of line `from` at (x, y), in grey `gray` (0 black, 1 white).
void csanad_pdf_text_draw(CSanadPDF *pdf, const CSanadPDFText *text, double x, double y, int from, int to,
                          double gray);
void csanad_pdf_text_free(CSanadPDFText *text);

void csanad_pdf_fill_rect(CSanadPDF *pdf, double x, double y, double width, double height, double gray);
void csanad_pdf_stroke_rect(CSanadPDF *pdf, double x, double y, double width, double height, double line_width,
                            double gray);
void csanad_pdf_line(CSanadPDF *pdf, double x1, double y1, double x2, double y2, double line_width, double gray);
/// Draws `data` as a QR code (error correction M, byte mode) in a square of `size` points at
/// (x, y), with a quiet zone of four modules inside the square. Returns the number of modules
/// per side, or 0 if libqrencode could not encode it.
int csanad_pdf_qr(CSanadPDF *pdf, const char *data, double x, double y, double size);
void csanad_pdf_show_page(CSanadPDF *pdf);

/// Finishes the document. On success returns 0 and the PDF's bytes, which stay owned by `pdf`
/// until csanad_pdf_free; on failure returns -1 with cairo's reason in `error`.
int csanad_pdf_finish(CSanadPDF *pdf, const unsigned char **bytes, size_t *length, char *error, size_t error_size);
void csanad_pdf_free(CSanadPDF *pdf);

#endif
