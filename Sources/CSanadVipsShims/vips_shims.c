#include "CSanadVipsShims.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

// libvips's and GLib's functions as their headers declare them (libvips 8.14, GLib 2.74), with
// VipsImage and VipsArea opaque, enums as int and gboolean as int: the same calling convention.
// The variadic ones stay variadic, so their NULL-terminated name/value lists are passed exactly
// as a caller compiled against <vips/vips.h> passes them.
typedef CSanadVipsImage Image;
/// VipsArea; a VipsArrayDouble begins with one, so VIPS_AREA() is a plain pointer conversion.
typedef struct CSanadVipsArea Area;
typedef void (*LogFunc)(const char *domain, int level, const char *message, void *data);
typedef int (*LoadBuffer)(void *buf, size_t len, Image **out, ...);

static struct {
    int (*vips_version)(int flag);
    int (*vips_init)(const char *argv0);
    const char *(*vips_error_buffer)(void);
    void (*vips_error_clear)(void);
    void (*vips_cache_set_max)(int max);
    void (*vips_cache_set_max_mem)(size_t max_mem);
    void (*vips_cache_set_max_files)(int max_files);
    void (*vips_concurrency_set)(int concurrency);
    void (*vips_block_untrusted_set)(int state);
    LoadBuffer vips_jpegload_buffer;
    LoadBuffer vips_pngload_buffer;
    LoadBuffer vips_heifload_buffer;
    LoadBuffer vips_webpload_buffer;
    int (*vips_image_get_width)(const Image *image);
    int (*vips_image_get_height)(const Image *image);
    int (*vips_image_hasalpha)(Image *image);
    int (*vips_autorot)(Image *in, Image **out, ...);
    int (*vips_flatten)(Image *in, Image **out, ...);
    int (*vips_colourspace)(Image *in, Image **out, int space, ...);
    int (*vips_thumbnail_image)(Image *in, Image **out, int width, ...);
    int (*vips_gaussblur)(Image *in, Image **out, double sigma, ...);
    int (*vips_extract_band)(Image *in, Image **out, int band, ...);
    int (*vips_cast)(Image *in, Image **out, int format, ...);
    int (*vips_pngsave_buffer)(Image *in, void **buf, size_t *len, ...);
    Area *(*vips_array_double_newv)(int n, ...);
    void (*vips_area_unref)(Area *area);
    void *(*g_object_ref)(void *object);
    void (*g_object_unref)(void *object);
    void (*g_free)(void *mem);
    unsigned (*g_log_set_handler)(const char *domain, int levels, LogFunc func, void *data);
} api;

#define SYMBOL(name) {#name, (void **)&api.name}
/// Every function above but vips_version, which is looked up first to judge the version.
static const struct {
    const char *name;
    void **slot;
} symbols[] = {
    SYMBOL(vips_init), SYMBOL(vips_error_buffer), SYMBOL(vips_error_clear), SYMBOL(vips_cache_set_max),
    SYMBOL(vips_cache_set_max_mem), SYMBOL(vips_cache_set_max_files), SYMBOL(vips_concurrency_set),
    SYMBOL(vips_block_untrusted_set), SYMBOL(vips_jpegload_buffer), SYMBOL(vips_pngload_buffer),
    SYMBOL(vips_heifload_buffer), SYMBOL(vips_webpload_buffer), SYMBOL(vips_image_get_width),
    SYMBOL(vips_image_get_height), SYMBOL(vips_image_hasalpha), SYMBOL(vips_autorot), SYMBOL(vips_flatten),
    SYMBOL(vips_colourspace), SYMBOL(vips_thumbnail_image), SYMBOL(vips_gaussblur), SYMBOL(vips_extract_band),
    SYMBOL(vips_cast), SYMBOL(vips_pngsave_buffer), SYMBOL(vips_array_double_newv), SYMBOL(vips_area_unref),
    SYMBOL(g_object_ref), SYMBOL(g_object_unref), SYMBOL(g_free), SYMBOL(g_log_set_handler),
};
#undef SYMBOL

static pthread_once_t once = PTHREAD_ONCE_INIT;
static CSanadVipsStatus status = CSANAD_VIPS_NOT_INSTALLED;
static char load_error[512];

/// libvips's warnings ("error in tile …") would reach stderr past Sanad's own diagnostics; the
/// failure they precede is reported as a typed error instead.
static void quiet(const char *domain, int level, const char *message, void *data) {
    (void)domain, (void)level, (void)message, (void)data;
}

/// libvips.so.42 is the soname of every libvips 8.x (Debian's libvips42). libvips.so (from
/// libvips-dev) is tried only if it is absent; the version check applies to whichever loads.
/// RTLD_LOCAL keeps libvips's symbols, and GLib's, out of the rest of the process.
static void *open_libvips(void) {
    void *lib = dlopen("libvips.so.42", RTLD_NOW | RTLD_LOCAL);
    if (lib) return lib;
    const char *why = dlerror();
    snprintf(load_error, sizeof load_error, "%s", why ? why : "libvips.so.42 was not found");
    lib = dlopen("libvips.so", RTLD_NOW | RTLD_LOCAL);
    if (lib) load_error[0] = '\0';
    return lib;
}

/// VIPS_INIT compares the ABI a program was compiled for with the library's; without headers,
/// the version is checked instead: 8.x (ABI 42, as the soname says), and new enough for every option used.
static CSanadVipsStatus check_version(void) {
    int major = api.vips_version(0), minor = api.vips_version(1), micro = api.vips_version(2);
    int abi = api.vips_version(3) - api.vips_version(5);
    if (major == 8 && minor >= CSANAD_VIPS_MINIMUM_MINOR && abi == CSANAD_VIPS_ABI) return CSANAD_VIPS_STARTED;
    snprintf(load_error, sizeof load_error, "it is libvips %d.%d.%d (ABI %d)", major, minor, micro, abi);
    return CSANAD_VIPS_UNSUPPORTED;
}

static CSanadVipsStatus resolve(void *lib) {
    *(void **)&api.vips_version = dlsym(lib, "vips_version");
    if (!api.vips_version) {
        snprintf(load_error, sizeof load_error, "it has no vips_version: not libvips");
        return CSANAD_VIPS_UNSUPPORTED;
    }
    CSanadVipsStatus checked = check_version();
    if (checked != CSANAD_VIPS_STARTED) return checked;
    for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++) {
        // dlsym on the handle also searches libvips's own dependencies, where GLib's functions are.
        *symbols[i].slot = dlsym(lib, symbols[i].name);
        if (!*symbols[i].slot) {
            snprintf(load_error, sizeof load_error, "it has no %s", symbols[i].name);
            return CSANAD_VIPS_UNSUPPORTED;
        }
    }
    return CSANAD_VIPS_STARTED;
}

static void start_once(void) {
    void *lib = open_libvips();
    if (!lib) {
        status = CSANAD_VIPS_NOT_INSTALLED;
        return;
    }
    status = resolve(lib);
    if (status != CSANAD_VIPS_STARTED) {
        // Nothing may call into a library that failed the checks. It stays loaded: GLib cannot
        // be unloaded safely, and the process is about to report the error.
        memset(&api, 0, sizeof api);
        return;
    }
    if (api.vips_init("sanad") != 0) {
        status = CSANAD_VIPS_INIT_FAILED;
        return;
    }
    api.g_log_set_handler("VIPS", CSANAD_G_LOG_LEVEL_WARNING | CSANAD_G_LOG_LEVEL_MESSAGE | CSANAD_G_LOG_LEVEL_INFO,
                          quiet, NULL);
    // Nothing is kept between operations (a decoded image must not outlive its preview), one
    // thread decodes (bounded memory on a shared machine), and loaders libvips does not fuzz
    // (ImageMagick, PDF, SVG, matlab, ...) cannot run even by mistake.
    api.vips_cache_set_max(0);
    api.vips_cache_set_max_mem(0);
    api.vips_cache_set_max_files(0);
    api.vips_concurrency_set(1);
    api.vips_block_untrusted_set(CSANAD_G_TRUE);
}

CSanadVipsStatus csanad_vips_start(void) {
    pthread_once(&once, start_once);
    return status;
}

const char *csanad_vips_load_error(void) { return load_error; }

const char *csanad_vips_error_text(void) { return api.vips_error_buffer ? api.vips_error_buffer() : NULL; }

void csanad_vips_error_clear(void) {
    if (api.vips_error_clear) api.vips_error_clear();
}

int csanad_vips_version(int flag) { return api.vips_version ? api.vips_version(flag) : -1; }

int csanad_vips_jpegload(const void *buf, size_t len, int shrink, Image **out) {
    return api.vips_jpegload_buffer((void *)buf, len, out, "shrink", shrink, "access", CSANAD_VIPS_ACCESS_SEQUENTIAL,
                                    "fail_on", CSANAD_VIPS_FAIL_ON_ERROR, NULL);
}

int csanad_vips_pngload(const void *buf, size_t len, Image **out) {
    return api.vips_pngload_buffer((void *)buf, len, out, "access", CSANAD_VIPS_ACCESS_SEQUENTIAL, "fail_on",
                                   CSANAD_VIPS_FAIL_ON_ERROR, NULL);
}

int csanad_vips_heifload(const void *buf, size_t len, Image **out) {
    return api.vips_heifload_buffer((void *)buf, len, out, "access", CSANAD_VIPS_ACCESS_SEQUENTIAL, "fail_on",
                                    CSANAD_VIPS_FAIL_ON_ERROR, NULL);
}

int csanad_vips_webpload(const void *buf, size_t len, double scale, Image **out) {
    return api.vips_webpload_buffer((void *)buf, len, out, "scale", scale, "access", CSANAD_VIPS_ACCESS_SEQUENTIAL,
                                    "fail_on", CSANAD_VIPS_FAIL_ON_ERROR, NULL);
}

int csanad_vips_width(const Image *image) { return api.vips_image_get_width(image); }

int csanad_vips_height(const Image *image) { return api.vips_image_get_height(image); }

int csanad_vips_autorot(Image *in, Image **out) { return api.vips_autorot(in, out, NULL); }

int csanad_vips_flatten_white(Image *in, Image **out) {
    if (!api.vips_image_hasalpha(in)) {
        api.g_object_ref(in);
        *out = in;
        return 0;
    }
    Area *white = api.vips_array_double_newv(1, 255.0);
    int r = api.vips_flatten(in, out, "background", white, NULL);
    api.vips_area_unref(white);
    return r;
}

int csanad_vips_greyscale(Image *in, Image **out) {
    return api.vips_colourspace(in, out, CSANAD_VIPS_INTERPRETATION_B_W, NULL);
}

int csanad_vips_fit(Image *in, int size, Image **out) {
    return api.vips_thumbnail_image(in, out, size, "height", size, "size", CSANAD_VIPS_SIZE_DOWN, NULL);
}

int csanad_vips_blur(Image *in, double sigma, Image **out) {
    return api.vips_gaussblur(in, out, sigma, "precision", CSANAD_VIPS_PRECISION_INTEGER, NULL);
}

int csanad_vips_uchar_band0(Image *in, Image **out) {
    Image *band = NULL;
    if (api.vips_extract_band(in, &band, 0, NULL) != 0) return -1;
    int r = api.vips_cast(band, out, CSANAD_VIPS_FORMAT_UCHAR, NULL);
    api.g_object_unref(band);
    return r;
}

int csanad_vips_pngsave(Image *in, void **buf, size_t *len) {
    return api.vips_pngsave_buffer(in, buf, len, "compression", 9, "interlace", CSANAD_G_FALSE, "strip", CSANAD_G_TRUE,
                                   "bitdepth", 8, "filter", CSANAD_VIPS_FOREIGN_PNG_FILTER_NONE, NULL);
}

void csanad_vips_unref(Image *image) { api.g_object_unref(image); }

void csanad_vips_free(void *buf) { api.g_free(buf); }
