#ifndef CSANAD_PDF_HEADERS_H
#define CSANAD_PDF_HEADERS_H
// cairo's, pango's and libqrencode's headers (Debian libcairo2-dev, libpango1.0-dev,
// libqrencode-dev), for the tests only: CSanadPDFShims loads the libraries at run time without
// them, so PDFConstantsTests compares the values it hard-codes with these.
#include <cairo/cairo-pdf.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

static inline int csanad_pdf_headers_pango_scale(void) { return PANGO_SCALE; }
#endif
