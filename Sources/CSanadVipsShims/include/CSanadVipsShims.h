#ifndef CSANAD_VIPS_SHIMS_H
#define CSANAD_VIPS_SHIMS_H
// libvips's variadic calls and macros, which Swift cannot import, as fixed-argument functions
// with libvips's own types. SanadPreview is their only user and owns every image they return.
// Each returns 0 on success and -1 on failure, with the reason in vips_error_buffer().
#include <stddef.h>
#include <vips/vips.h>

/// VIPS_INIT, then the process-wide settings previews need: no operation cache, one worker
/// thread, and every loader libvips marks untrusted blocked. Call once.
int csanad_vips_start(void);

/// The four loaders previews use, called by name from the sniffed type, never by libvips's
/// own detection. Access is sequential, and a truncated or damaged file (an error, not a mere
// warning) fails instead of
/// decoding as grey. The image is lazy: only its header has been read on return.
int csanad_vips_jpegload(const void *buf, size_t len, int shrink, VipsImage **out);
int csanad_vips_pngload(const void *buf, size_t len, VipsImage **out);
int csanad_vips_heifload(const void *buf, size_t len, VipsImage **out);
int csanad_vips_webpload(const void *buf, size_t len, double scale, VipsImage **out);

/// Turns the image upright from its EXIF orientation.
int csanad_vips_autorot(VipsImage *in, VipsImage **out);
/// Drops an alpha channel by blending onto white.
int csanad_vips_flatten_white(VipsImage *in, VipsImage **out);
/// Converts to one band of 8-bit grey (B_W).
int csanad_vips_greyscale(VipsImage *in, VipsImage **out);
/// Shrinks to fit inside size × size, never enlarging.
int csanad_vips_fit(VipsImage *in, int size, VipsImage **out);
/// Gaussian blur of the given sigma, 8-bit output.
int csanad_vips_blur(VipsImage *in, double sigma, VipsImage **out);
/// Casts to 8-bit unsigned and keeps the first band.
int csanad_vips_uchar_band0(VipsImage *in, VipsImage **out);
/// Encodes as PNG, without metadata, compression 9, not interlaced; free *buf with g_free.
int csanad_vips_pngsave(VipsImage *in, void **buf, size_t *len);

/// g_object_unref and g_free for Swift.
void csanad_vips_unref(VipsImage *image);
void csanad_vips_free(void *buf);
#endif
