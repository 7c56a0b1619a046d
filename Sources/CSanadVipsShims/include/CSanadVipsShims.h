#ifndef CSANAD_VIPS_SHIMS_H
#define CSANAD_VIPS_SHIMS_H
// libvips, loaded with dlopen when the first preview is rendered, and its variadic calls and
// macros, which Swift cannot import, as fixed-argument functions. Loading on demand keeps libvips
// and the ~60 libraries it pulls in (libheif, GLib, ...) out of every other command's process:
// no <vips/vips.h> here, and no link to libvips. SanadPreview is their only user and owns every
// image they return. The image functions return 0 on success and -1 on failure, with the reason
// in csanad_vips_error_text(), and may be called only once csanad_vips_start() has succeeded.
#include <stddef.h>

/// A libvips image (VipsImage), opaque: its layout is libvips's business.
typedef struct CSanadVipsImage CSanadVipsImage;

/// What csanad_vips_start() found.
typedef enum {
    CSANAD_VIPS_STARTED = 0,
    /// vips_init failed: the reason is in csanad_vips_error_text().
    CSANAD_VIPS_INIT_FAILED = 1,
    /// No libvips.so.42 (Debian's libvips42) could be loaded: the reason is in csanad_vips_load_error().
    CSANAD_VIPS_NOT_INSTALLED = 2,
    /// A libvips was loaded but is not one previews can use (another major version, older than
    /// CSANAD_VIPS_MINIMUM_MINOR, or a function missing): the reason is in csanad_vips_load_error().
    CSANAD_VIPS_UNSUPPORTED = 3,
} CSanadVipsStatus;

/// The oldest libvips 8.x previews run on: 8.13 added vips_block_untrusted_set (8.12, fail_on).
#define CSANAD_VIPS_MINIMUM_MINOR 13
/// The ABI of every libvips 8.x, its soname's number, which VIPS_INIT checks: library current - age.
#define CSANAD_VIPS_ABI 42

/// libvips's and GLib's values for the enum and boolean arguments the shims pass, as in their
/// headers (libvips 8.14, GLib 2.74). Without the headers the compiler cannot check them, so
/// VipsConstantsTests compares each with <vips/vips.h>.
enum {
    CSANAD_VIPS_ACCESS_SEQUENTIAL = 1,
    CSANAD_VIPS_FAIL_ON_ERROR = 2,
    CSANAD_VIPS_INTERPRETATION_B_W = 1,
    CSANAD_VIPS_SIZE_DOWN = 2,
    CSANAD_VIPS_PRECISION_INTEGER = 0,
    CSANAD_VIPS_FORMAT_UCHAR = 0,
    CSANAD_VIPS_FOREIGN_PNG_FILTER_NONE = 0x08,
    CSANAD_G_LOG_LEVEL_WARNING = 1 << 4,
    CSANAD_G_LOG_LEVEL_MESSAGE = 1 << 5,
    CSANAD_G_LOG_LEVEL_INFO = 1 << 6,
    CSANAD_G_FALSE = 0,
    CSANAD_G_TRUE = 1,
};

/// Loads libvips (libvips.so.42) on first call, checks its version in place of VIPS_INIT's ABI
/// check, runs vips_init, then the process-wide settings previews need: no operation cache, one
/// worker thread, and every loader libvips marks untrusted blocked. Runs once per process (under
/// pthread_once); later calls return the first call's status.
CSanadVipsStatus csanad_vips_start(void);
/// Why libvips could not be loaded (dlerror's words, or the version found), or "" if it was.
const char *csanad_vips_load_error(void);

/// vips_error_buffer and vips_error_clear: what libvips queued about the last failure. NULL
/// (and a no-op) when libvips is not loaded.
const char *csanad_vips_error_text(void);
void csanad_vips_error_clear(void);
/// vips_version: 0 major, 1 minor, 2 micro; -1 when libvips is not loaded.
int csanad_vips_version(int flag);

/// The four loaders previews use, called by name from the sniffed type, never by libvips's
/// own detection. Access is sequential, and a truncated or damaged file (an error, not a mere
/// warning) fails instead of decoding as grey. The image is lazy: only its header has been read
/// on return.
int csanad_vips_jpegload(const void *buf, size_t len, int shrink, CSanadVipsImage **out);
int csanad_vips_pngload(const void *buf, size_t len, CSanadVipsImage **out);
int csanad_vips_heifload(const void *buf, size_t len, CSanadVipsImage **out);
int csanad_vips_webpload(const void *buf, size_t len, double scale, CSanadVipsImage **out);

/// The image's size as its header declares it (vips_image_get_width and _height).
int csanad_vips_width(const CSanadVipsImage *image);
int csanad_vips_height(const CSanadVipsImage *image);

/// Turns the image upright from its EXIF orientation.
int csanad_vips_autorot(CSanadVipsImage *in, CSanadVipsImage **out);
/// Drops an alpha channel by blending onto white.
int csanad_vips_flatten_white(CSanadVipsImage *in, CSanadVipsImage **out);
/// Converts to one band of 8-bit grey (B_W).
int csanad_vips_greyscale(CSanadVipsImage *in, CSanadVipsImage **out);
/// Shrinks to fit inside size × size, never enlarging.
int csanad_vips_fit(CSanadVipsImage *in, int size, CSanadVipsImage **out);
/// Gaussian blur of the given sigma, 8-bit output.
int csanad_vips_blur(CSanadVipsImage *in, double sigma, CSanadVipsImage **out);
/// Casts to 8-bit unsigned and keeps the first band.
int csanad_vips_uchar_band0(CSanadVipsImage *in, CSanadVipsImage **out);
/// Encodes as PNG, without metadata, compression 9, not interlaced; free *buf with csanad_vips_free.
int csanad_vips_pngsave(CSanadVipsImage *in, void **buf, size_t *len);

/// g_object_unref and g_free for Swift.
void csanad_vips_unref(CSanadVipsImage *image);
void csanad_vips_free(void *buf);
#endif
