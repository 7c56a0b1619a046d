#include "CSanadVipsShims.h"

/// libvips's warnings ("error in tile …") would reach stderr past Sanad's own diagnostics; the
/// failure they precede is reported as a typed error instead.
static void csanad_vips_quiet(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data) {
    (void)domain, (void)level, (void)message, (void)data;
}

int csanad_vips_start(void) {
    if (VIPS_INIT("sanad") != 0) return -1;
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO, csanad_vips_quiet, NULL);
    // Nothing is kept between operations (a decoded image must not outlive its preview), one
    // thread decodes (bounded memory on a shared machine), and loaders libvips does not fuzz
    // (ImageMagick, PDF, SVG, matlab, ...) cannot run even by mistake.
    vips_cache_set_max(0);
    vips_cache_set_max_mem(0);
    vips_cache_set_max_files(0);
    vips_concurrency_set(1);
    vips_block_untrusted_set(TRUE);
    return 0;
}

int csanad_vips_jpegload(const void *buf, size_t len, int shrink, VipsImage **out) {
    return vips_jpegload_buffer((void *)buf, len, out, "shrink", shrink, "access", VIPS_ACCESS_SEQUENTIAL,
                                "fail_on", VIPS_FAIL_ON_ERROR, NULL);
}

int csanad_vips_pngload(const void *buf, size_t len, VipsImage **out) {
    return vips_pngload_buffer((void *)buf, len, out, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
                               VIPS_FAIL_ON_ERROR, NULL);
}

int csanad_vips_heifload(const void *buf, size_t len, VipsImage **out) {
    return vips_heifload_buffer((void *)buf, len, out, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
                                VIPS_FAIL_ON_ERROR, NULL);
}

int csanad_vips_webpload(const void *buf, size_t len, double scale, VipsImage **out) {
    return vips_webpload_buffer((void *)buf, len, out, "scale", scale, "access", VIPS_ACCESS_SEQUENTIAL,
                                "fail_on", VIPS_FAIL_ON_ERROR, NULL);
}

int csanad_vips_autorot(VipsImage *in, VipsImage **out) { return vips_autorot(in, out, NULL); }

int csanad_vips_flatten_white(VipsImage *in, VipsImage **out) {
    if (!vips_image_hasalpha(in)) {
        g_object_ref(in);
        *out = in;
        return 0;
    }
    VipsArrayDouble *white = vips_array_double_newv(1, 255.0);
    int r = vips_flatten(in, out, "background", white, NULL);
    vips_area_unref(VIPS_AREA(white));
    return r;
}

int csanad_vips_greyscale(VipsImage *in, VipsImage **out) {
    return vips_colourspace(in, out, VIPS_INTERPRETATION_B_W, NULL);
}

int csanad_vips_fit(VipsImage *in, int size, VipsImage **out) {
    return vips_thumbnail_image(in, out, size, "height", size, "size", VIPS_SIZE_DOWN, NULL);
}

int csanad_vips_blur(VipsImage *in, double sigma, VipsImage **out) {
    return vips_gaussblur(in, out, sigma, "precision", VIPS_PRECISION_INTEGER, NULL);
}

int csanad_vips_uchar_band0(VipsImage *in, VipsImage **out) {
    VipsImage *band = NULL;
    if (vips_extract_band(in, &band, 0, NULL) != 0) return -1;
    int r = vips_cast(band, out, VIPS_FORMAT_UCHAR, NULL);
    g_object_unref(band);
    return r;
}

int csanad_vips_pngsave(VipsImage *in, void **buf, size_t *len) {
    return vips_pngsave_buffer(in, buf, len, "compression", 9, "interlace", FALSE, "strip", TRUE, "bitdepth", 8,
                               "filter", VIPS_FOREIGN_PNG_FILTER_NONE, NULL);
}

void csanad_vips_unref(VipsImage *image) { g_object_unref(image); }

void csanad_vips_free(void *buf) { g_free(buf); }
