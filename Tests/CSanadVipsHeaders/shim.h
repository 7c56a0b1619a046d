#ifndef CSANAD_VIPS_HEADERS_H
#define CSANAD_VIPS_HEADERS_H
// libvips's headers (Debian libvips-dev), for the tests only: CSanadVipsShims loads libvips at run
// time without them, so VipsConstantsTests compares the values it hard-codes with these. The link
// flags pkg-config gives with them reach the test binary only, never `sanad`.
#include <vips/vips.h>

/// GLib's TRUE is `(!FALSE)`, a macro Swift cannot import.
static inline int csanad_vips_headers_true(void) { return TRUE; }
static inline int csanad_vips_headers_false(void) { return FALSE; }
/// The ABI VIPS_INIT checks for: what vips_version(3) - vips_version(5) must be.
static inline int csanad_vips_headers_abi(void) { return VIPS_LIBRARY_CURRENT - VIPS_LIBRARY_AGE; }
#endif
