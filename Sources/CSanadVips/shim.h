#ifndef CSANAD_VIPS_H
#define CSANAD_VIPS_H
// libvips (Debian libvips-dev), for the unrecognisable previews of issue 14. Only
// CSanadVipsShims and SanadPreview use it; the variadic calls are in the shims.
#include <vips/vips.h>
#endif
