#include "CSanadPDFShims.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The functions as their headers declare them (cairo 1.16, pango 1.50, fontconfig 2.14,
// libqrencode 4.1), with every object opaque, enums as int and gboolean/FcBool as int: the same
// calling convention. PangoRectangle and QRcode are the only structures read.
typedef struct {
    int x, y, width, height;
} Rect;
typedef struct {
    int version, width;
    unsigned char *data;
} QRcode;
/// PangoAttribute's public head: every attribute begins with it.
typedef struct {
    const void *klass;
    unsigned start_index, end_index;
} Attribute;
typedef int (*WriteFunc)(void *closure, const unsigned char *data, unsigned int length);

static struct {
    void *(*cairo_pdf_surface_create_for_stream)(WriteFunc write, void *closure, double w, double h);
    void (*cairo_pdf_surface_set_metadata)(void *surface, int key, const char *value);
    void *(*cairo_create)(void *surface);
    void (*cairo_destroy)(void *cr);
    int (*cairo_status)(void *cr);
    void (*cairo_surface_finish)(void *surface);
    void (*cairo_surface_destroy)(void *surface);
    int (*cairo_surface_status)(void *surface);
    const char *(*cairo_status_to_string)(int status);
    void (*cairo_show_page)(void *cr);
    void (*cairo_move_to)(void *cr, double x, double y);
    void (*cairo_line_to)(void *cr, double x, double y);
    void (*cairo_rectangle)(void *cr, double x, double y, double w, double h);
    void (*cairo_fill)(void *cr);
    void (*cairo_stroke)(void *cr);
    void (*cairo_set_source_rgb)(void *cr, double r, double g, double b);
    void (*cairo_set_line_width)(void *cr, double width);
    void *(*cairo_font_options_create)(void);
    void (*cairo_font_options_set_hint_style)(void *options, int style);
    void (*cairo_font_options_set_hint_metrics)(void *options, int metrics);
    void (*cairo_font_options_destroy)(void *options);
    void *(*pango_cairo_font_map_new_for_font_type)(int type);
    void (*pango_fc_font_map_set_config)(void *fontmap, void *config);
    void *(*pango_font_map_create_context)(void *fontmap);
    void (*pango_cairo_update_context)(void *cr, void *context);
    void (*pango_cairo_context_set_font_options)(void *context, const void *options);
    void (*pango_context_set_round_glyph_positions)(void *context, int round);
    void (*pango_context_set_base_dir)(void *context, int direction);
    void *(*pango_layout_new)(void *context);
    void (*pango_layout_set_text)(void *layout, const char *text, int length);
    void (*pango_layout_set_font_description)(void *layout, const void *desc);
    void (*pango_layout_set_width)(void *layout, int width);
    void (*pango_layout_set_wrap)(void *layout, int wrap);
    void (*pango_layout_set_alignment)(void *layout, int alignment);
    void (*pango_layout_set_auto_dir)(void *layout, int auto_dir);
    void (*pango_layout_get_size)(void *layout, int *width, int *height);
    int (*pango_layout_get_line_count)(void *layout);
    void *(*pango_layout_get_iter)(void *layout);
    void (*pango_layout_iter_get_line_extents)(void *iter, Rect *ink, Rect *logical);
    int (*pango_layout_iter_get_baseline)(void *iter);
    void *(*pango_layout_iter_get_line_readonly)(void *iter);
    int (*pango_layout_iter_next_line)(void *iter);
    void (*pango_layout_iter_free)(void *iter);
    void (*pango_cairo_show_layout_line)(void *cr, void *line);
    void *(*pango_font_description_from_string)(const char *text);
    void (*pango_font_description_free)(void *desc);
    void *(*pango_attr_list_new)(void);
    void (*pango_attr_list_insert)(void *list, Attribute *attr);
    void (*pango_attr_list_unref)(void *list);
    Attribute *(*pango_attr_size_new)(int size);
    Attribute *(*pango_attr_weight_new)(int weight);
    Attribute *(*pango_attr_family_new)(const char *family);
    Attribute *(*pango_attr_foreground_new)(unsigned short red, unsigned short green, unsigned short blue);
    void (*pango_layout_set_attributes)(void *layout, void *attrs);
    void (*g_object_unref)(void *object);
    void *(*FcConfigCreate)(void);
    int (*FcConfigAppFontAddFile)(void *config, const char *file);
    void (*FcConfigDestroy)(void *config);
    QRcode *(*QRcode_encodeString)(const char *text, int version, int level, int hint, int casesensitive);
    void (*QRcode_free)(QRcode *code);
} api;

#define SYMBOL(name) {#name, (void **)&api.name}
static const struct {
    const char *name;
    void **slot;
} symbols[] = {
    SYMBOL(cairo_pdf_surface_create_for_stream), SYMBOL(cairo_pdf_surface_set_metadata), SYMBOL(cairo_create),
    SYMBOL(cairo_destroy), SYMBOL(cairo_status), SYMBOL(cairo_surface_finish), SYMBOL(cairo_surface_destroy),
    SYMBOL(cairo_surface_status), SYMBOL(cairo_status_to_string), SYMBOL(cairo_show_page), SYMBOL(cairo_move_to),
    SYMBOL(cairo_line_to), SYMBOL(cairo_rectangle), SYMBOL(cairo_fill), SYMBOL(cairo_stroke),
    SYMBOL(cairo_set_source_rgb), SYMBOL(cairo_set_line_width), SYMBOL(cairo_font_options_create),
    SYMBOL(cairo_font_options_set_hint_style), SYMBOL(cairo_font_options_set_hint_metrics),
    SYMBOL(cairo_font_options_destroy), SYMBOL(pango_cairo_font_map_new_for_font_type),
    SYMBOL(pango_fc_font_map_set_config), SYMBOL(pango_font_map_create_context), SYMBOL(pango_cairo_update_context),
    SYMBOL(pango_cairo_context_set_font_options), SYMBOL(pango_context_set_round_glyph_positions),
    SYMBOL(pango_context_set_base_dir), SYMBOL(pango_layout_new), SYMBOL(pango_layout_set_text),
    SYMBOL(pango_layout_set_font_description), SYMBOL(pango_layout_set_width), SYMBOL(pango_layout_set_wrap),
    SYMBOL(pango_layout_set_alignment), SYMBOL(pango_layout_set_auto_dir), SYMBOL(pango_layout_get_size),
    SYMBOL(pango_layout_get_line_count), SYMBOL(pango_layout_get_iter), SYMBOL(pango_layout_iter_get_line_extents),
    SYMBOL(pango_layout_iter_get_baseline), SYMBOL(pango_layout_iter_get_line_readonly),
    SYMBOL(pango_layout_iter_next_line), SYMBOL(pango_layout_iter_free), SYMBOL(pango_cairo_show_layout_line),
    SYMBOL(pango_font_description_from_string), SYMBOL(pango_font_description_free), SYMBOL(g_object_unref),
    SYMBOL(pango_attr_list_new), SYMBOL(pango_attr_list_insert), SYMBOL(pango_attr_list_unref),
    SYMBOL(pango_attr_size_new), SYMBOL(pango_attr_weight_new), SYMBOL(pango_attr_family_new), SYMBOL(pango_attr_foreground_new),
    SYMBOL(pango_layout_set_attributes),
    SYMBOL(FcConfigCreate), SYMBOL(FcConfigAppFontAddFile), SYMBOL(FcConfigDestroy), SYMBOL(QRcode_encodeString),
    SYMBOL(QRcode_free),
};
#undef SYMBOL

/// The sonames of Debian's runtime packages: libcairo2, libpango-1.0-0, libpangoft2-1.0-0,
/// libpangocairo-1.0-0, libglib2.0-0, libfontconfig1, libqrencode4.
static const char *const libraries[] = {
    "libcairo.so.2",      "libpango-1.0.so.0",   "libpangoft2-1.0.so.0", "libpangocairo-1.0.so.0",
    "libgobject-2.0.so.0", "libfontconfig.so.1", "libqrencode.so.4",
};
#define LIBRARY_COUNT (sizeof libraries / sizeof libraries[0])

static pthread_once_t once = PTHREAD_ONCE_INIT;
static CSanadPDFStatus status = CSANAD_PDF_NOT_INSTALLED;
static char load_error[512];

static void start_once(void) {
    void *handles[LIBRARY_COUNT];
    for (size_t i = 0; i < LIBRARY_COUNT; i++) {
        // RTLD_LOCAL keeps their symbols, and GLib's, out of the rest of the process.
        handles[i] = dlopen(libraries[i], RTLD_NOW | RTLD_LOCAL);
        if (!handles[i]) {
            const char *why = dlerror();
            snprintf(load_error, sizeof load_error, "%s", why ? why : libraries[i]);
            status = CSANAD_PDF_NOT_INSTALLED;
            return;
        }
    }
    for (size_t s = 0; s < sizeof symbols / sizeof symbols[0]; s++) {
        for (size_t i = 0; i < LIBRARY_COUNT && !*symbols[s].slot; i++) *symbols[s].slot = dlsym(handles[i], symbols[s].name);
        if (!*symbols[s].slot) {
            snprintf(load_error, sizeof load_error, "no library has %s (too old)", symbols[s].name);
            memset(&api, 0, sizeof api);
            status = CSANAD_PDF_UNSUPPORTED;
            return;
        }
    }
    status = CSANAD_PDF_STARTED;
}

CSanadPDFStatus csanad_pdf_start(void) {
    pthread_once(&once, start_once);
    return status;
}

const char *csanad_pdf_load_error(void) { return load_error; }

/// A private font set and a pango context on it: one per thread that lays out text.
struct CSanadPDFFonts {
    void *config, *fontmap, *context;
};

struct CSanadPDF {
    void *surface, *cr;
    CSanadPDFFonts *fonts;
    unsigned char *bytes;
    size_t length, capacity;
    int failed;
};

struct CSanadPDFText {
    void *layout;
    int count;
    double width, height;
    /// Per line: left edge, top, height and baseline (from the top), in points; and the line.
    double *x, *top, *h, *baseline;
    void **lines;
};

/// cairo's write callback: the PDF grows in memory; Swift writes it (atomically) when it is whole.
static int append(void *closure, const unsigned char *data, unsigned int length) {
    CSanadPDF *pdf = closure;
    if (pdf->length + length > pdf->capacity) {
        size_t capacity = pdf->capacity ? pdf->capacity : 1 << 16;
        while (capacity < pdf->length + length) capacity *= 2;
        unsigned char *grown = realloc(pdf->bytes, capacity);
        if (!grown) {
            pdf->failed = 1;
            return 11; // CAIRO_STATUS_WRITE_ERROR
        }
        pdf->bytes = grown;
        pdf->capacity = capacity;
    }
    memcpy(pdf->bytes + pdf->length, data, length);
    pdf->length += length;
    return 0;
}

CSanadPDFFonts *csanad_pdf_fonts_new(const char *const *fonts, int font_count, char *error, size_t error_size) {
    if (csanad_pdf_start() != CSANAD_PDF_STARTED) {
        snprintf(error, error_size, "%s", load_error);
        return NULL;
    }
    CSanadPDFFonts *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    f->config = api.FcConfigCreate();
    for (int i = 0; i < font_count; i++) {
        if (!api.FcConfigAppFontAddFile(f->config, fonts[i])) {
            snprintf(error, error_size, "the font %s could not be loaded", fonts[i]);
            api.FcConfigDestroy(f->config);
            free(f);
            return NULL;
        }
    }
    f->fontmap = api.pango_cairo_font_map_new_for_font_type(CSANAD_CAIRO_FONT_TYPE_FT);
    api.pango_fc_font_map_set_config(f->fontmap, f->config);
    f->context = api.pango_font_map_create_context(f->fontmap);
    // Unhinted outlines and unrounded positions: glyph advances are the font's, whatever the device.
    void *options = api.cairo_font_options_create();
    api.cairo_font_options_set_hint_style(options, CSANAD_CAIRO_HINT_STYLE_NONE);
    api.cairo_font_options_set_hint_metrics(options, CSANAD_CAIRO_HINT_METRICS_OFF);
    api.pango_cairo_context_set_font_options(f->context, options);
    api.cairo_font_options_destroy(options);
    api.pango_context_set_round_glyph_positions(f->context, 0);
    return f;
}

void csanad_pdf_fonts_free(CSanadPDFFonts *f) {
    if (!f) return;
    if (f->context) api.g_object_unref(f->context);
    if (f->fontmap) api.g_object_unref(f->fontmap);
    // The font map owns a reference to the configuration; this drops Sanad's.
    if (f->config) api.FcConfigDestroy(f->config);
    free(f);
}

CSanadPDF *csanad_pdf_new(double width, double height, const char *const *fonts, int font_count, char *error,
                          size_t error_size) {
    CSanadPDFFonts *f = csanad_pdf_fonts_new(fonts, font_count, error, error_size);
    if (!f) return NULL;
    CSanadPDF *pdf = calloc(1, sizeof *pdf);
    if (!pdf) {
        csanad_pdf_fonts_free(f);
        return NULL;
    }
    pdf->fonts = f;
    pdf->surface = api.cairo_pdf_surface_create_for_stream(append, pdf, width, height);
    pdf->cr = api.cairo_create(pdf->surface);
    // The identity matrix of a PDF page: the same as a context no surface has updated.
    api.pango_cairo_update_context(pdf->cr, f->context);
    return pdf;
}

void csanad_pdf_set_metadata(CSanadPDF *pdf, int key, const char *value) {
    api.cairo_pdf_surface_set_metadata(pdf->surface, key, value);
}

CSanadPDFText *csanad_pdf_text_new(CSanadPDF *pdf, const char *text, size_t length, const char *font, double width,
                                   int align, CSanadPDFDirection direction) {
    return csanad_pdf_fonts_text(pdf->fonts, text, length, font, width, align, direction, NULL, 0);
}

CSanadPDFText *csanad_pdf_text_new_styled(CSanadPDF *pdf, const char *text, size_t length, const char *font,
                                          double width, int align, CSanadPDFDirection direction,
                                          const CSanadPDFSpan *spans, int span_count) {
    return csanad_pdf_fonts_text(pdf->fonts, text, length, font, width, align, direction, spans, span_count);
}

/// Sets the spans' sizes, weights and greys on the layout.
static void style(void *layout, const CSanadPDFSpan *spans, int count) {
    if (count <= 0) return;
    void *list = api.pango_attr_list_new();
    for (int i = 0; i < count; i++) {
        const CSanadPDFSpan *s = &spans[i];
        Attribute *a[4] = {NULL, NULL, NULL, NULL};
        if (s->size > 0) a[0] = api.pango_attr_size_new((int)(s->size * CSANAD_PANGO_SCALE));
        if (s->bold) a[1] = api.pango_attr_weight_new(700);
        if (s->gray > 0) {
            unsigned short g = (unsigned short)(s->gray * 65535);
            a[2] = api.pango_attr_foreground_new(g, g, g);
        }
        if (s->mono) a[3] = api.pango_attr_family_new("Noto Sans Mono, Noto Sans, Noto Kufi Arabic");
        for (int k = 0; k < 4; k++) {
            if (!a[k]) continue;
            a[k]->start_index = s->start;
            a[k]->end_index = s->end;
            api.pango_attr_list_insert(list, a[k]);
        }
    }
    api.pango_layout_set_attributes(layout, list);
    api.pango_attr_list_unref(list);
}

CSanadPDFText *csanad_pdf_fonts_text(CSanadPDFFonts *fonts, const char *text, size_t length, const char *font,
                                     double width, int align, CSanadPDFDirection direction, const CSanadPDFSpan *spans,
                                     int span_count) {
    CSanadPDFText *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    api.pango_context_set_base_dir(fonts->context,
                                   direction == CSANAD_PDF_RTL ? CSANAD_PANGO_DIRECTION_RTL : CSANAD_PANGO_DIRECTION_LTR);
    t->layout = api.pango_layout_new(fonts->context);
    void *desc = api.pango_font_description_from_string(font);
    api.pango_layout_set_font_description(t->layout, desc);
    api.pango_font_description_free(desc);
    api.pango_layout_set_auto_dir(t->layout, direction == CSANAD_PDF_AUTO);
    api.pango_layout_set_width(t->layout, (int)(width * CSANAD_PANGO_SCALE));
    api.pango_layout_set_wrap(t->layout, CSANAD_PANGO_WRAP_WORD_CHAR);
    api.pango_layout_set_alignment(t->layout, align);
    api.pango_layout_set_text(t->layout, text, (int)length);
    style(t->layout, spans, span_count);
    int w = 0, h = 0;
    api.pango_layout_get_size(t->layout, &w, &h);
    t->width = (double)w / CSANAD_PANGO_SCALE;
    t->height = (double)h / CSANAD_PANGO_SCALE;
    int count = api.pango_layout_get_line_count(t->layout);
    t->x = calloc((size_t)count + 1, sizeof(double));
    t->top = calloc((size_t)count + 1, sizeof(double));
    t->h = calloc((size_t)count + 1, sizeof(double));
    t->baseline = calloc((size_t)count + 1, sizeof(double));
    t->lines = calloc((size_t)count + 1, sizeof(void *));
    if (!t->x || !t->top || !t->h || !t->baseline || !t->lines) {
        csanad_pdf_text_free(t);
        return NULL;
    }
    void *iter = api.pango_layout_get_iter(t->layout);
    int i = 0;
    do {
        Rect logical;
        api.pango_layout_iter_get_line_extents(iter, NULL, &logical);
        t->x[i] = (double)logical.x / CSANAD_PANGO_SCALE;
        t->top[i] = (double)logical.y / CSANAD_PANGO_SCALE;
        t->h[i] = (double)logical.height / CSANAD_PANGO_SCALE;
        t->baseline[i] = (double)api.pango_layout_iter_get_baseline(iter) / CSANAD_PANGO_SCALE;
        t->lines[i] = api.pango_layout_iter_get_line_readonly(iter);
        i++;
    } while (i < count && api.pango_layout_iter_next_line(iter));
    api.pango_layout_iter_free(iter);
    t->count = i;
    return t;
}

int csanad_pdf_text_line_count(const CSanadPDFText *text) { return text->count; }

void csanad_pdf_text_line(const CSanadPDFText *text, int index, double *top, double *height) {
    *top = text->top[index];
    *height = text->h[index];
}

void csanad_pdf_text_size(const CSanadPDFText *text, double *width, double *height) {
    *width = text->width;
    *height = text->height;
}

void csanad_pdf_text_draw(CSanadPDF *pdf, const CSanadPDFText *text, double x, double y, int from, int to,
                          double gray) {
    if (from < 0 || to > text->count || from >= to) return;
    api.cairo_set_source_rgb(pdf->cr, gray, gray, gray);
    double origin = y - text->top[from];
    for (int i = from; i < to; i++) {
        api.cairo_move_to(pdf->cr, x + text->x[i], origin + text->baseline[i]);
        api.pango_cairo_show_layout_line(pdf->cr, text->lines[i]);
    }
}

void csanad_pdf_text_free(CSanadPDFText *text) {
    if (!text) return;
    if (text->layout) api.g_object_unref(text->layout);
    free(text->x);
    free(text->top);
    free(text->h);
    free(text->baseline);
    free(text->lines);
    free(text);
}

void csanad_pdf_fill_rect(CSanadPDF *pdf, double x, double y, double width, double height, double gray) {
    api.cairo_set_source_rgb(pdf->cr, gray, gray, gray);
    api.cairo_rectangle(pdf->cr, x, y, width, height);
    api.cairo_fill(pdf->cr);
}

void csanad_pdf_stroke_rect(CSanadPDF *pdf, double x, double y, double width, double height, double line_width,
                            double gray) {
    api.cairo_set_source_rgb(pdf->cr, gray, gray, gray);
    api.cairo_set_line_width(pdf->cr, line_width);
    api.cairo_rectangle(pdf->cr, x, y, width, height);
    api.cairo_stroke(pdf->cr);
}

void csanad_pdf_line(CSanadPDF *pdf, double x1, double y1, double x2, double y2, double line_width, double gray) {
    api.cairo_set_source_rgb(pdf->cr, gray, gray, gray);
    api.cairo_set_line_width(pdf->cr, line_width);
    api.cairo_move_to(pdf->cr, x1, y1);
    api.cairo_line_to(pdf->cr, x2, y2);
    api.cairo_stroke(pdf->cr);
}

int csanad_pdf_qr(CSanadPDF *pdf, const char *data, double x, double y, double size) {
    QRcode *code = api.QRcode_encodeString(data, 0, CSANAD_QR_ECLEVEL_M, CSANAD_QR_MODE_8, 1);
    if (!code) return 0;
    int n = code->width;
    double module = size / (n + 8);
    api.cairo_set_source_rgb(pdf->cr, 0, 0, 0);
    for (int row = 0; row < n; row++) {
        for (int col = 0; col < n; col++) {
            // Bit 0 of each byte is the module's colour (1 dark); the other bits are libqrencode's own.
            if (code->data[row * n + col] & 1)
                api.cairo_rectangle(pdf->cr, x + (col + 4) * module, y + (row + 4) * module, module, module);
        }
    }
    api.cairo_fill(pdf->cr);
    api.QRcode_free(code);
    return n;
}

void csanad_pdf_show_page(CSanadPDF *pdf) { api.cairo_show_page(pdf->cr); }

int csanad_pdf_finish(CSanadPDF *pdf, const unsigned char **bytes, size_t *length, char *error, size_t error_size) {
    api.cairo_surface_finish(pdf->surface);
    int st = api.cairo_surface_status(pdf->surface);
    if (st != 0 || pdf->failed) {
        snprintf(error, error_size, "%s", pdf->failed ? "out of memory" : api.cairo_status_to_string(st));
        return -1;
    }
    *bytes = pdf->bytes;
    *length = pdf->length;
    return 0;
}

void csanad_pdf_free(CSanadPDF *pdf) {
    if (!pdf) return;
    if (pdf->cr) api.cairo_destroy(pdf->cr);
    if (pdf->surface) api.cairo_surface_destroy(pdf->surface);
    csanad_pdf_fonts_free(pdf->fonts);
    free(pdf->bytes);
    free(pdf);
}
