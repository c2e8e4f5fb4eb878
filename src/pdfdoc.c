/*
 * pdfdoc.c - the document-layout engine (see include/actionplan/pdfdoc.h).
 *
 * libharu draws; this file decides where. Text is cleaned, broken into lines
 * with the font's own widths (libharu's TextRect prints nothing for a word
 * wider than its box, so it is not used), and placed one line at a time with
 * TextOut. Page numbers, running headers and the table of contents are drawn
 * at save time, when the page count is known: libharu keeps every page's
 * content stream open until it writes the file, so earlier pages can still
 * be drawn on.
 *
 * Internally, as in the interface, y is measured from the top of the page;
 * the few functions that call libharu turn it into PDF's bottom-up y.
 */
#include "pdfdoc.h"

#include <errno.h>
#include <hpdf.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actionplan/i18n.h"
#include "actionplan/util.h"

#ifndef AP_FONT_DIR
#define AP_FONT_DIR "/usr/share/fonts/truetype/dejavu"
#endif

/* =========================================================================
 * Constants: the house style
 * ========================================================================= */

#define C_TEXT 0x1A1A1Au       /* body text: softer than pure black */
#define C_MUTED 0x5A6470u      /* running header/footer, axis labels */
#define C_RULE 0x9AA5B1u       /* header rule, axes */
#define C_RULE_LIGHT 0xD5DBE1u /* row rules, grid lines, frames */
#define C_HEAD_FILL 0xDDE5EEu  /* table header */
#define C_GROUP_FILL 0xEDF1F5u /* group rows */
#define C_ZEBRA 0xF5F7F9u      /* every other row */
#define C_ACCENT 0x1F3A5Fu     /* headings, default chart line */

#define DEF_MARGIN_TB 62.0
#define DEF_MARGIN_LR 58.0
#define DEF_BODY 10.0
#define TABLE_SIZE 8.5
#define CHART_SIZE 8.0
#define WCACHE 0x3000           /* code points whose widths are cached */
#define ELLIPSIS "\xE2\x80\xA6" /* … */

static const char *const FACE_FILE[4] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
                                         "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"};

/* Heading levels 1-3: size, space before, space after. */
static const struct {
    double size, before, after;
} HEADING[3] = {{17.0, 18.0, 8.0}, {13.0, 14.0, 5.0}, {10.5, 10.0, 3.0}};

/* v when it is a usable measure (positive, finite, below max), else def. */
static double measure_or(double v, double def, double max)
{
    return v > 0 && v <= max ? v : def;
}

/* =========================================================================
 * Types
 * ========================================================================= */

/* One laid-out line: bytes [off, off+len) of the text, its width in points. */
typedef struct line {
    size_t off, len;
    double width;
} line;

typedef struct lines {
    line *v;
    size_t n, cap;
} lines;

/* How a run of text looks once the defaults are filled in. */
typedef struct look {
    unsigned face;
    double size, leading;
    uint32_t color;
    ap_pdf_align align;
} look;

typedef struct page_rec {
    HPDF_Page page;
    bool landscape;
} page_rec;

typedef struct heading {
    int level;
    char *text;
    size_t page; /* index into ap_pdf.pages */
    double y;    /* where it starts on its page, for the contents' links */
} heading;

/* A named place (a table row) that links can point at. Pages are kept as
 * libharu's handles: contents pages inserted later shift indices, not them. */
typedef struct anchor {
    char *key;
    HPDF_Page page;
    double top; /* PDF units from the page's bottom */
} anchor;

/* A clickable rectangle whose target is resolved by key when saving. */
typedef struct link_rec {
    char *key;
    HPDF_Page page;
    HPDF_Rect rect;
} link_rec;

/* A table cell during layout; one per column, reused for every row. */
typedef struct cell_box {
    ap_buf clean;     /* the cleaned text when it needed cleaning */
    const char *text; /* what the lines index into */
    lines lay;
    ap_pdf_shape mark;
    uint32_t mark_color;
} cell_box;

typedef struct table {
    size_t ncols;
    double *x, *w; /* column left edges and widths */
    ap_pdf_align *align;
    double left, width; /* of the whole table */
    double size, leading, pad;
    bool zebra;
    uint32_t head_fill;
    cell_box *head; /* header cells, laid out once */
    double head_h;
    cell_box *cells;     /* the row being placed */
    size_t shade_count;  /* rows since the last group row, for the zebra */
    size_t rows;         /* rows so far */
    size_t rows_on_page; /* rows (or row parts) below the header on this page */
    bool header_on_page;
    char *next_anchor;      /* ap_pdf_table_anchor for the next row */
    char *next_link;        /* ap_pdf_table_link for the next row */
    size_t next_link_col;
} table;

struct ap_pdf {
    HPDF_Doc pdf;
    HPDF_Encoder utf8;
    ap_rc rc; /* the first error, sticky */
    char msg[1024];
    char font_dir[2048];
    HPDF_Font font[4]; /* by face; loaded when first needed */
    float *wcache[4];  /* glyph widths (1/1000 em) by code point, -1 = unknown */
    char *header, *footer, *page_format;
    bool plain_first, h1_new_page, finished;
    double body, mt, mb, ml, mr;
    uint32_t accent;
    ap_pdf_orientation orient; /* of new pages */
    page_rec *pages;
    size_t npages, pcap;
    HPDF_Page page; /* the current page and its size */
    size_t cur;     /* its index */
    double pw, ph;
    double y;  /* the cursor */
    bool used; /* something was drawn on the current page */
    HPDF_Outline outline[3];
    heading *heads;
    size_t nheads, hcap;
    bool has_toc;
    size_t toc_first, toc_pages;
    char *toc_title;
    table *table;
    anchor *anchors;
    size_t nanchors, acap;
    link_rec *links;
    size_t nlinks, lcap;
    ap_buf clean, scratch;
    lines lay;
    uint32_t gs_fill, gs_stroke; /* what the current page's graphics state holds */
    double gs_width, gs_size;
    HPDF_Font gs_font;
};

/* =========================================================================
 * Errors
 * ========================================================================= */

static const char *hpdf_error_name(HPDF_STATUS code)
{
    switch (code) {
    case HPDF_FAILD_TO_ALLOC_MEM:
        return "out of memory";
    case HPDF_FILE_IO_ERROR:
        return "file write error";
    case HPDF_FILE_OPEN_ERROR:
        return "cannot open file";
    case HPDF_INVALID_DOCUMENT:
        return "invalid document";
    case HPDF_INVALID_FONTDEF_DATA:
        return "invalid font data";
    case HPDF_INVALID_PAGE:
        return "invalid page";
    case HPDF_PAGE_INVALID_FONT:
        return "invalid font";
    case HPDF_PAGE_INVALID_GMODE:
        return "drawing call out of order";
    case HPDF_TTF_CANNOT_EMBEDDING_FONT:
        return "font may not be embedded";
    case HPDF_TTF_INVALID_FOMAT:
        return "invalid TrueType font";
    case HPDF_TTF_MISSING_TABLE:
        return "incomplete TrueType font";
    case HPDF_INVALID_PARAMETER:
        return "invalid parameter";
    default:
        return "see libharu's hpdf_error.h";
    }
}

/* libharu calls this on every error; the first one is kept. */
static void on_hpdf_error(HPDF_STATUS code, HPDF_STATUS detail, void *user)
{
    ap_pdf *doc = user;
    if (doc->rc != AP_OK)
        return;
    doc->rc = code == HPDF_FAILD_TO_ALLOC_MEM                                ? AP_E_NOMEM
              : (code == HPDF_FILE_IO_ERROR || code == HPDF_FILE_OPEN_ERROR) ? AP_E_IO
                                                                             : AP_E_INTERNAL;
    snprintf(doc->msg, sizeof doc->msg,
             TR("PDF-biblioteket libharu rapporterade fel 0x%04X (%s, detalj %u)",
                "the PDF library libharu reported error 0x%04X (%s, detail %u)"),
             (unsigned)code, hpdf_error_name(code), (unsigned)detail);
}

/* Record an engine error unless one is already kept; returns the kept code. */
__attribute__((format(printf, 3, 4))) static ap_rc fail(ap_pdf *doc, ap_rc code, const char *fmt,
                                                        ...)
{
    if (doc->rc == AP_OK) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(doc->msg, sizeof doc->msg, fmt, ap);
        va_end(ap);
        doc->rc = code;
    }
    return doc->rc;
}

ap_rc ap_pdf_status(const ap_pdf *doc)
{
    return doc ? doc->rc : AP_E_INTERNAL;
}

const char *ap_pdf_error(const ap_pdf *doc)
{
    return doc ? doc->msg : "no document";
}

/* The guard at the top of every drawing call. */
#define GUARD(doc)                                                                                 \
    do {                                                                                           \
        if (!(doc))                                                                                \
            return AP_E_INTERNAL;                                                                  \
        if ((doc)->rc != AP_OK)                                                                    \
            return (doc)->rc;                                                                      \
        if ((doc)->finished)                                                                       \
            return fail((doc), AP_E_INTERNAL, "pdf: document already saved");                      \
    } while (0)

/* =========================================================================
 * Text: cleaning, fonts, widths
 * ========================================================================= */

static size_t utf8_put(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

/* True when s can be laid out as it is: valid UTF-8 within the BMP, no
 * control characters but '\n'. */
static bool text_is_clean(const char *s)
{
    bool ascii = true;
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++, n++) {
        if ((*p < 0x20 && *p != '\n') || *p == 0x7F || *p >= 0xF0)
            return false;
        if (*p >= 0x80)
            ascii = false;
    }
    return ascii || ap_utf8_valid(s, n, NULL);
}

/* Text safe to lay out and show: s itself when it is clean, else a copy in b
 * with invalid bytes, surrogates and non-BMP characters as U+FFFD, tabs as
 * spaces, CR LF and CR as '\n', and other control characters dropped. */
static const char *clean_text(ap_buf *b, const char *s)
{
    if (!s)
        return "";
    if (text_is_clean(s))
        return s;
    ap_buf_reset(b);
    ap_buf_append(b, "", 0);
    const char *p = s;
    while (*p) {
        uint32_t cp = ap_utf8_next(&p);
        char enc[3];
        if (cp == '\r') {
            if (*p != '\n')
                ap_buf_putc(b, '\n');
            continue;
        }
        if (cp == '\t')
            cp = ' ';
        if ((cp < 0x20 && cp != '\n') || cp == 0x7F)
            continue;
        if (cp > 0xFFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            cp = 0xFFFD;
        ap_buf_append(b, enc, utf8_put(cp, enc));
    }
    return ap_buf_str(b);
}

/* The font of a face, loading it on first use; NULL after an error. */
static HPDF_Font face_font(ap_pdf *doc, unsigned face)
{
    face &= 3;
    if (doc->font[face] || doc->rc != AP_OK)
        return doc->font[face];
    char path[4096];
    ap_path_join(path, sizeof path, doc->font_dir, FACE_FILE[face]);
    if (access(path, R_OK) != 0) {
        fail(doc, AP_E_IO,
             TR("typsnittet '%s' saknas eller kan inte läsas (ange mappen med ACTIONPLAN_FONT_DIR)",
                "font '%s' is missing or unreadable (set its folder with ACTIONPLAN_FONT_DIR)"),
             path);
        return NULL;
    }
    const char *name = HPDF_LoadTTFontFromFile(doc->pdf, path, HPDF_TRUE);
    HPDF_Font f = name ? HPDF_GetFont(doc->pdf, name, "UTF-8") : NULL;
    if (!f) {
        char was[sizeof doc->msg];
        snprintf(was, sizeof was, "%s", doc->msg);
        doc->rc = AP_OK;
        fail(doc, AP_E_IO, TR("kan inte läsa typsnittet '%s': %s", "unable to load font '%s': %s"),
             path, was);
        return NULL;
    }
    doc->font[face] = f;
    doc->wcache[face] = ap_xmalloc(WCACHE * sizeof(float));
    for (size_t i = 0; i < WCACHE; i++)
        doc->wcache[face][i] = -1.0f;
    return f;
}

/* Advance width of one code point in 1/1000 em (0 after an error). */
static double cp_width(ap_pdf *doc, unsigned face, uint32_t cp)
{
    face &= 3;
    HPDF_Font f = face_font(doc, face);
    if (!f)
        return 0;
    float *cache = doc->wcache[face];
    if (cp < WCACHE && cache[cp] >= 0)
        return cache[cp];
    char enc[3];
    size_t n = utf8_put(cp, enc);
    HPDF_TextWidth tw = HPDF_Font_TextWidth(f, (const HPDF_BYTE *)enc, (HPDF_UINT)n);
    if (cp < WCACHE)
        cache[cp] = (float)tw.width;
    return tw.width;
}

/* Width in points of bytes [a, b) of clean text. */
static double span_width(ap_pdf *doc, const look *lk, const char *s, size_t a, size_t b)
{
    double w = 0;
    const char *p = s + a, *end = s + b;
    while (p < end && *p)
        w += cp_width(doc, lk->face, ap_utf8_next(&p));
    return w * lk->size / 1000.0;
}

/* =========================================================================
 * Line breaking
 * ========================================================================= */

static void lines_push(lines *l, size_t off, size_t len, double width)
{
    ap_grow(&l->v, &l->cap, l->n + 1, sizeof *l->v);
    l->v[l->n++] = (line){off, len, width};
}

static void lines_free(lines *l)
{
    free(l->v);
    *l = (lines){0};
}

/* Width of the word starting at p (up to a space or b), and its end. Gives
 * up as soon as the width passes limit, returning HUGE_VAL (and leaving *end
 * alone), so that a huge word costs no more than a line's worth of
 * measuring. */
static double word_width(ap_pdf *doc, const look *lk, const char *s, size_t p, size_t b,
                         double limit, size_t *end)
{
    double k = lk->size / 1000.0, w = 0;
    const char *q = s + p, *stop = s + b;
    while (q < stop && *q != ' ') {
        w += cp_width(doc, lk->face, ap_utf8_next(&q)) * k;
        if (w > limit)
            return HUGE_VAL;
    }
    *end = (size_t)(q - s);
    return w;
}

/* A word at p is too wide for a line of its own: the longest piece that fits
 * (at least one character), ending after a '-' or '/' when there is one.
 * Returns the end of the piece; *w receives its width. */
static size_t break_word(ap_pdf *doc, const look *lk, const char *s, size_t p, size_t b,
                         double maxw, double *w)
{
    double k = lk->size / 1000.0, acc = 0, soft_w = 0;
    size_t cut = p, soft = 0;
    const char *q = s + p, *stop = s + b;
    while (q < stop && *q != ' ') {
        uint32_t cp = ap_utf8_next(&q);
        double cw = cp_width(doc, lk->face, cp) * k;
        if (cut > p && acc + cw > maxw + 0.01)
            break;
        acc += cw;
        cut = (size_t)(q - s);
        if ((cp == '-' || cp == '/') && q < stop && *q != ' ') {
            soft = cut;
            soft_w = acc;
        }
    }
    bool at_word_end = cut >= b || s[cut] == ' ';
    if (soft > p && !at_word_end) {
        *w = soft_w;
        return soft;
    }
    *w = acc;
    return cut;
}

/* Lay out one line starting at the word at pos, within [pos, b); returns
 * where the next line starts (always after pos). */
static size_t fill_line(ap_pdf *doc, const look *lk, const char *s, size_t pos, size_t b,
                        double maxw, double space, lines *out)
{
    size_t start = pos, end = pos, p = pos;
    double w = 0;
    while (p < b) {
        size_t nsp = 0;
        while (p < b && s[p] == ' ') {
            p++;
            nsp++;
        }
        if (p >= b)
            break;
        double gap = end > start ? (double)nsp * space : 0, room = maxw + 0.01 - w - gap;
        size_t wend = p;
        double ww = word_width(doc, lk, s, p, b, room, &wend);
        if (ww <= room) {
            w += gap + ww;
            end = p = wend;
            continue;
        }
        if (end > start)
            break;
        size_t cut = break_word(doc, lk, s, p, b, maxw, &ww);
        lines_push(out, p, cut - p, ww);
        return cut;
    }
    lines_push(out, start, end - start, w);
    return end;
}

/* Lay out the hard line [a, b) (no '\n'); an empty one still takes a line. */
static void layout_segment(ap_pdf *doc, const look *lk, const char *s, size_t a, size_t b,
                           double maxw, double space, lines *out)
{
    size_t first = out->n, pos = a;
    for (;;) {
        while (pos < b && s[pos] == ' ')
            pos++;
        if (pos >= b)
            break;
        pos = fill_line(doc, lk, s, pos, b, maxw, space, out);
    }
    if (out->n == first)
        lines_push(out, a, 0, 0);
}

/* Break clean text s into lines at most maxw points wide (INFINITY: only at
 * '\n'). An empty string has no lines. */
static void layout(ap_pdf *doc, const look *lk, const char *s, double maxw, lines *out)
{
    out->n = 0;
    size_t len = strlen(s), i = 0;
    if (len == 0)
        return;
    double space = cp_width(doc, lk->face, ' ') * lk->size / 1000.0;
    for (;;) {
        size_t end = i;
        while (end < len && s[end] != '\n')
            end++;
        layout_segment(doc, lk, s, i, end, maxw, space, out);
        if (end >= len)
            break;
        i = end + 1;
    }
}

/* Keep at most max lines of the laid-out text *s; when lines are dropped the
 * last one kept ends in an ellipsis: the text is then rebuilt in b and *s
 * points there. Only for chart labels and running heads, never for content. */
static void clip_lines(ap_pdf *doc, const look *lk, const char **s, lines *l, size_t max,
                       double maxw, ap_buf *b)
{
    if (l->n <= max || max == 0)
        return;
    line last = l->v[max - 1];
    double ell = span_width(doc, lk, ELLIPSIS, 0, strlen(ELLIPSIS));
    size_t keep = 0;
    double w = 0;
    const char *p = *s + last.off, *end = *s + last.off + last.len;
    while (p < end) {
        const char *q = p;
        double cw = cp_width(doc, lk->face, ap_utf8_next(&q)) * lk->size / 1000.0;
        if (w + cw + ell > maxw)
            break;
        w += cw;
        p = q;
        keep = (size_t)(p - (*s + last.off));
    }
    ap_buf tmp = {0};
    ap_buf_append(&tmp, *s, last.off + keep);
    ap_buf_puts(&tmp, ELLIPSIS);
    ap_buf_free(b);
    *b = tmp;
    *s = ap_buf_str(b);
    l->n = max;
    l->v[max - 1].len = keep + strlen(ELLIPSIS);
    l->v[max - 1].width = w + ell;
}

/* =========================================================================
 * Drawing primitives (y from the top)
 * ========================================================================= */

static double red(uint32_t c)
{
    return ((c >> 16) & 0xFF) / 255.0;
}
static double green(uint32_t c)
{
    return ((c >> 8) & 0xFF) / 255.0;
}
static double blue(uint32_t c)
{
    return (c & 0xFF) / 255.0;
}

/* Colours, line width and font are set only when they change: every libharu
 * call costs (each clears a 512-byte buffer byte by byte) and every operator
 * lands in the file. The cache is per page and forgotten on a page switch. */
static void forget_state(ap_pdf *doc)
{
    doc->gs_fill = doc->gs_stroke = AP_PDF_NONE;
    doc->gs_width = -1;
    doc->gs_font = NULL;
    doc->gs_size = -1;
}

static void set_fill(ap_pdf *doc, uint32_t c)
{
    if (c == doc->gs_fill)
        return;
    HPDF_Page_SetRGBFill(doc->page, (HPDF_REAL)red(c), (HPDF_REAL)green(c), (HPDF_REAL)blue(c));
    doc->gs_fill = c;
}

static void set_stroke(ap_pdf *doc, uint32_t c, double width)
{
    if (c != doc->gs_stroke)
        HPDF_Page_SetRGBStroke(doc->page, (HPDF_REAL)red(c), (HPDF_REAL)green(c),
                               (HPDF_REAL)blue(c));
    if (width != doc->gs_width)
        HPDF_Page_SetLineWidth(doc->page, (HPDF_REAL)width);
    doc->gs_stroke = c;
    doc->gs_width = width;
}

static void set_font(ap_pdf *doc, unsigned face, double size)
{
    HPDF_Font f = face_font(doc, face);
    if (f == doc->gs_font && size == doc->gs_size)
        return;
    HPDF_Page_SetFontAndSize(doc->page, f, (HPDF_REAL)size);
    doc->gs_font = f;
    doc->gs_size = size;
}

/* The same hue, darker: outlines of marks. */
static uint32_t darker(uint32_t c)
{
    uint32_t r = ((c >> 16) & 0xFF) * 6 / 10, g = ((c >> 8) & 0xFF) * 6 / 10,
             b = (c & 0xFF) * 6 / 10;
    return r << 16 | g << 8 | b;
}

/* Perceived lightness 0-255: decides dark or light text on a colour. */
static unsigned lightness(uint32_t c)
{
    return (((c >> 16) & 0xFF) * 299 + ((c >> 8) & 0xFF) * 587 + (c & 0xFF) * 114) / 1000;
}

static void fill_rect(ap_pdf *doc, double x, double y, double w, double h, uint32_t c)
{
    set_fill(doc, c);
    HPDF_Page_Rectangle(doc->page, (HPDF_REAL)x, (HPDF_REAL)(doc->ph - y - h), (HPDF_REAL)w,
                        (HPDF_REAL)h);
    HPDF_Page_Fill(doc->page);
}

static void stroke_line(ap_pdf *doc, double x1, double y1, double x2, double y2, uint32_t c,
                        double width)
{
    set_stroke(doc, c, width);
    HPDF_Page_MoveTo(doc->page, (HPDF_REAL)x1, (HPDF_REAL)(doc->ph - y1));
    HPDF_Page_LineTo(doc->page, (HPDF_REAL)x2, (HPDF_REAL)(doc->ph - y2));
    HPDF_Page_Stroke(doc->page);
}

/* Where the baseline of a line box of the given top lies: the box's middle
 * falls between the x-height and the cap height. */
static double baseline(const look *lk, double top)
{
    return top + lk->leading / 2 + 0.33 * lk->size;
}

static void text_begin(ap_pdf *doc, const look *lk)
{
    HPDF_Page_BeginText(doc->page);
    set_font(doc, lk->face, lk->size);
    set_fill(doc, lk->color);
}

/* Show one laid-out line in the box [x, x+w] with its baseline at base;
 * between text_begin and HPDF_Page_EndText. */
static void text_line(ap_pdf *doc, const look *lk, const char *s, const line *ln, double x,
                      double w, double base)
{
    if (ln->len == 0 || doc->rc != AP_OK)
        return;
    if (lk->align == AP_PDF_CENTER)
        x += (w - ln->width) / 2;
    else if (lk->align == AP_PDF_RIGHT)
        x += w - ln->width;
    ap_buf_reset(&doc->scratch);
    ap_buf_append(&doc->scratch, s + ln->off, ln->len);
    HPDF_Page_TextOut(doc->page, (HPDF_REAL)x, (HPDF_REAL)(doc->ph - base), doc->scratch.p);
}

/* Draw lines [from, to) of l, the first line box's top at top. */
static void draw_lines(ap_pdf *doc, const look *lk, const char *s, const lines *l, size_t from,
                       size_t to, double x, double w, double top)
{
    if (from >= to || doc->rc != AP_OK)
        return;
    text_begin(doc, lk);
    for (size_t i = from; i < to; i++)
        text_line(doc, lk, s, &l->v[i], x, w, baseline(lk, top + (double)(i - from) * lk->leading));
    HPDF_Page_EndText(doc->page);
    doc->used = true;
}

/* A mark in the s x s square at top-left (x, y). */
static void draw_mark(ap_pdf *doc, double x, double y, double s, ap_pdf_shape shape, uint32_t color)
{
    HPDF_Page pg = doc->page;
    double r = s / 2, cx = x + r, cy = doc->ph - (y + r);
    set_fill(doc, color);
    set_stroke(doc, darker(color), 0.5);
    switch (shape) {
    case AP_PDF_MARK_SQUARE:
        HPDF_Page_Rectangle(pg, (HPDF_REAL)(cx - r * 0.85), (HPDF_REAL)(cy - r * 0.85),
                            (HPDF_REAL)(r * 1.7), (HPDF_REAL)(r * 1.7));
        break;
    case AP_PDF_MARK_TRIANGLE:
        HPDF_Page_MoveTo(pg, (HPDF_REAL)cx, (HPDF_REAL)(cy + r));
        HPDF_Page_LineTo(pg, (HPDF_REAL)(cx + r), (HPDF_REAL)(cy - r * 0.8));
        HPDF_Page_LineTo(pg, (HPDF_REAL)(cx - r), (HPDF_REAL)(cy - r * 0.8));
        HPDF_Page_ClosePath(pg);
        break;
    case AP_PDF_MARK_DIAMOND:
        HPDF_Page_MoveTo(pg, (HPDF_REAL)cx, (HPDF_REAL)(cy + r));
        HPDF_Page_LineTo(pg, (HPDF_REAL)(cx + r), (HPDF_REAL)cy);
        HPDF_Page_LineTo(pg, (HPDF_REAL)cx, (HPDF_REAL)(cy - r));
        HPDF_Page_LineTo(pg, (HPDF_REAL)(cx - r), (HPDF_REAL)cy);
        HPDF_Page_ClosePath(pg);
        break;
    case AP_PDF_MARK_RING: /* stroked only, in the colour itself */
        set_stroke(doc, color, r * 0.45);
        HPDF_Page_Circle(pg, (HPDF_REAL)cx, (HPDF_REAL)cy, (HPDF_REAL)(r * 0.75));
        HPDF_Page_Stroke(pg);
        doc->used = true;
        return;
    case AP_PDF_MARK_DASH:
        HPDF_Page_Rectangle(pg, (HPDF_REAL)(cx - r * 0.85), (HPDF_REAL)(cy - r * 0.22),
                            (HPDF_REAL)(r * 1.7), (HPDF_REAL)(r * 0.44));
        break;
    default:
        HPDF_Page_Circle(pg, (HPDF_REAL)cx, (HPDF_REAL)cy, (HPDF_REAL)(r - 0.25));
        break;
    }
    HPDF_Page_FillStroke(pg);
    doc->used = true;
}

/* =========================================================================
 * Looks
 * ========================================================================= */

static look look_of(const ap_pdf *doc, const ap_pdf_style *st)
{
    look lk = {AP_PDF_REGULAR, doc->body, 0, C_TEXT, AP_PDF_LEFT};
    if (st) {
        lk.size = measure_or(st->size, doc->body, 1000);
        lk.face = st->face & 3;
        if (st->color)
            lk.color = st->color & 0xFFFFFF;
        lk.align = st->align;
        lk.leading = measure_or(st->leading, 0, 2000);
    }
    if (lk.leading <= 0)
        lk.leading = 1.25 * lk.size;
    return lk;
}

static look look_make(unsigned face, double size, uint32_t color, ap_pdf_align align)
{
    return (look){face, size, 1.2 * size, color, align};
}

/* =========================================================================
 * Pages and the cursor
 * ========================================================================= */

static double text_w(const ap_pdf *doc)
{
    return doc->pw - doc->ml - doc->mr;
}

static double bottom_y(const ap_pdf *doc)
{
    return doc->ph - doc->mb;
}

static bool at_top(const ap_pdf *doc)
{
    return !doc->used && doc->y <= doc->mt + 0.01;
}

/* Make page idx current (its size; the cursor is left alone). */
static void select_page(ap_pdf *doc, size_t idx)
{
    forget_state(doc);
    doc->cur = idx;
    doc->page = doc->pages[idx].page;
    doc->pw = HPDF_Page_GetWidth(doc->page);
    doc->ph = HPDF_Page_GetHeight(doc->page);
}

static void size_page(HPDF_Page p, bool landscape)
{
    HPDF_Page_SetSize(p, HPDF_PAGE_SIZE_A4, landscape ? HPDF_PAGE_LANDSCAPE : HPDF_PAGE_PORTRAIT);
}

/* Append a page and put the cursor at its top. */
static void add_page(ap_pdf *doc)
{
    if (doc->rc != AP_OK)
        return;
    HPDF_Page p = HPDF_AddPage(doc->pdf);
    if (!p) {
        fail(doc, AP_E_INTERNAL, "pdf: unable to add a page");
        return;
    }
    bool landscape = doc->orient == AP_PDF_LANDSCAPE;
    size_page(p, landscape);
    ap_grow(&doc->pages, &doc->pcap, doc->npages + 1, sizeof *doc->pages);
    doc->pages[doc->npages++] = (page_rec){p, landscape};
    select_page(doc, doc->npages - 1);
    doc->y = doc->mt;
    doc->used = false;
    if (doc->table) {
        doc->table->header_on_page = false;
        doc->table->rows_on_page = 0;
    }
}

/* New page unless h fits below the cursor (or the page is still empty). */
static void need(ap_pdf *doc, double h)
{
    if (!at_top(doc) && doc->y + h > bottom_y(doc) + 0.01)
        add_page(doc);
}

void ap_pdf_geometry_get(const ap_pdf *doc, ap_pdf_geometry *g)
{
    if (!doc || !g) {
        if (g)
            *g = (ap_pdf_geometry){0};
        return;
    }
    *g = (ap_pdf_geometry){doc->pw,           doc->ph,         doc->ml,
                           doc->mr,           doc->mt,         doc->mb,
                           text_w(doc),       doc->y,          bottom_y(doc) - doc->y,
                           (int)doc->cur + 1, (int)doc->npages};
}

double ap_pdf_text_width(const ap_pdf *doc)
{
    return doc ? text_w(doc) : 0;
}

double ap_pdf_y(const ap_pdf *doc)
{
    return doc ? doc->y : 0;
}

double ap_pdf_remaining(const ap_pdf *doc)
{
    return doc ? bottom_y(doc) - doc->y : 0;
}

void ap_pdf_move_to(ap_pdf *doc, double y)
{
    if (!doc || !isfinite(y))
        return;
    doc->y = y < doc->mt ? doc->mt : y > bottom_y(doc) ? bottom_y(doc) : y;
}

static void end_table(ap_pdf *doc);

ap_rc ap_pdf_page_break(ap_pdf *doc)
{
    GUARD(doc);
    if (!at_top(doc))
        add_page(doc);
    return doc->rc;
}

ap_rc ap_pdf_set_orientation(ap_pdf *doc, ap_pdf_orientation o)
{
    GUARD(doc);
    doc->orient = o == AP_PDF_LANDSCAPE ? AP_PDF_LANDSCAPE : AP_PDF_PORTRAIT;
    if (!doc->used) {
        bool landscape = doc->orient == AP_PDF_LANDSCAPE;
        size_page(doc->page, landscape);
        doc->pages[doc->cur].landscape = landscape;
        select_page(doc, doc->cur);
        doc->y = doc->mt;
    }
    return doc->rc;
}

ap_rc ap_pdf_keep(ap_pdf *doc, double height)
{
    GUARD(doc);
    if (isfinite(height) && height > 0)
        need(doc, height);
    return doc->rc;
}

ap_rc ap_pdf_space(ap_pdf *doc, double points)
{
    GUARD(doc);
    if (!isfinite(points) || points <= 0 || at_top(doc))
        return doc->rc;
    if (doc->y + points > bottom_y(doc))
        add_page(doc);
    else
        doc->y += points;
    return doc->rc;
}

ap_rc ap_pdf_block(ap_pdf *doc, double height, double *y_top)
{
    GUARD(doc);
    end_table(doc);
    if (!isfinite(height) || height < 0)
        height = 0;
    need(doc, height);
    if (y_top)
        *y_top = doc->y;
    doc->y += height;
    doc->used = true;
    return doc->rc;
}

/* =========================================================================
 * Flowing text
 * ========================================================================= */

/* Draw laid-out lines in the flow from the cursor, starting new pages as
 * needed; at least one line goes on each page, so this always ends. */
static void flow_lines(ap_pdf *doc, const look *lk, const char *s, const lines *l, double indent)
{
    size_t i = 0;
    while (i < l->n && doc->rc == AP_OK) {
        double room = bottom_y(doc) - doc->y + 0.01;
        size_t fit = room > 0 ? (size_t)(room / lk->leading) : 0;
        if (fit == 0 && !at_top(doc)) {
            add_page(doc);
            continue;
        }
        if (fit == 0)
            fit = 1;
        size_t k = fit < l->n - i ? fit : l->n - i;
        draw_lines(doc, lk, s, l, i, i + k, doc->ml + indent, text_w(doc) - indent, doc->y);
        doc->y += (double)k * lk->leading;
        doc->used = true;
        i += k;
        if (i < l->n)
            add_page(doc);
    }
}

/* Record a bookmark at the cursor: level 1 at the root, deeper levels under
 * the last bookmark one level up (or the nearest above it). */
static void add_outline(ap_pdf *doc, int level, const char *s)
{
    HPDF_Outline parent = NULL;
    for (int l = level - 2; l >= 0 && !parent; l--)
        parent = doc->outline[l];
    ap_buf_reset(&doc->scratch);
    ap_buf_puts(&doc->scratch, *s ? s : " ");
    for (char *p = doc->scratch.p; *p; p++)
        if (*p == '\n')
            *p = ' ';
    HPDF_Outline o = HPDF_CreateOutline(doc->pdf, parent, doc->scratch.p, doc->utf8);
    HPDF_Destination d = HPDF_Page_CreateDestination(doc->page);
    if (!o || !d)
        return;
    HPDF_Destination_SetFitH(d, (HPDF_REAL)(doc->ph - doc->y + 6));
    HPDF_Outline_SetDestination(o, d);
    HPDF_Outline_SetOpened(o, level == 1 ? HPDF_TRUE : HPDF_FALSE);
    for (int l = level - 1; l < 3; l++)
        doc->outline[l] = l == level - 1 ? o : NULL;
}

static void add_heading_entry(ap_pdf *doc, int level, const char *s)
{
    ap_grow(&doc->heads, &doc->hcap, doc->nheads + 1, sizeof *doc->heads);
    doc->heads[doc->nheads++] = (heading){level, ap_xstrdup(s), doc->cur, doc->y};
}

ap_rc ap_pdf_heading(ap_pdf *doc, int level, const char *text)
{
    GUARD(doc);
    end_table(doc);
    level = level < 1 ? 1 : level > 3 ? 3 : level;
    if (level == 1 && doc->h1_new_page)
        ap_pdf_page_break(doc);
    look lk = look_make(AP_PDF_BOLD, HEADING[level - 1].size, doc->accent, AP_PDF_LEFT);
    const char *s = clean_text(&doc->clean, text);
    layout(doc, &lk, s, text_w(doc), &doc->lay);
    double h = (double)doc->lay.n * lk.leading;
    double before = at_top(doc) ? 0 : HEADING[level - 1].before;
    need(doc, before + h + HEADING[level - 1].after + 3 * 1.25 * doc->body);
    if (!at_top(doc))
        doc->y += before;
    add_outline(doc, level, s);
    add_heading_entry(doc, level, s);
    flow_lines(doc, &lk, s, &doc->lay, 0);
    doc->used = true;
    doc->y += HEADING[level - 1].after;
    return doc->rc;
}

ap_rc ap_pdf_paragraph(ap_pdf *doc, const char *text, const ap_pdf_style *style)
{
    GUARD(doc);
    end_table(doc);
    look lk = look_of(doc, style);
    const char *s = clean_text(&doc->clean, text);
    layout(doc, &lk, s, text_w(doc), &doc->lay);
    if (doc->lay.n == 0)
        return doc->rc;
    if (doc->lay.n >= 2)
        need(doc, 2 * lk.leading); /* no single line alone at the foot of a page */
    flow_lines(doc, &lk, s, &doc->lay, 0);
    double after = style && style->space_after != 0 ? style->space_after : 0.6 * lk.size;
    if (after > 0)
        ap_pdf_space(doc, after);
    return doc->rc;
}

/* =========================================================================
 * Drawing at fixed positions
 * ========================================================================= */

/* Positions that are not numbers draw nothing: libharu would write them
 * into the file as they are and break it. */
static bool finite4(double a, double b, double c, double d)
{
    return isfinite(a) && isfinite(b) && isfinite(c) && isfinite(d);
}

ap_rc ap_pdf_text_at(ap_pdf *doc, double x, double y, double width, const char *text,
                     const ap_pdf_style *style, double *height)
{
    if (height)
        *height = 0;
    GUARD(doc);
    if (!finite4(x, y, 0, 0))
        return doc->rc;
    width = isfinite(width) ? width : 0;
    look lk = look_of(doc, style);
    const char *s = clean_text(&doc->clean, text);
    layout(doc, &lk, s, width > 0 ? width : INFINITY, &doc->lay);
    draw_lines(doc, &lk, s, &doc->lay, 0, doc->lay.n, x, width > 0 ? width : 0, y);
    if (height)
        *height = (double)doc->lay.n * lk.leading;
    return doc->rc;
}

double ap_pdf_measure(ap_pdf *doc, const char *text, const ap_pdf_style *style, double width)
{
    if (!doc || doc->rc != AP_OK)
        return 0;
    look lk = look_of(doc, style);
    const char *s = clean_text(&doc->clean, text);
    layout(doc, &lk, s, width > 0 ? width : INFINITY, &doc->lay);
    return (double)doc->lay.n * lk.leading;
}

double ap_pdf_string_width(ap_pdf *doc, const char *text, const ap_pdf_style *style)
{
    if (!doc || doc->rc != AP_OK)
        return 0;
    look lk = look_of(doc, style);
    const char *s = clean_text(&doc->clean, text);
    layout(doc, &lk, s, INFINITY, &doc->lay);
    double w = 0;
    for (size_t i = 0; i < doc->lay.n; i++)
        w = doc->lay.v[i].width > w ? doc->lay.v[i].width : w;
    return w;
}

ap_rc ap_pdf_rect(ap_pdf *doc, double x, double y, double w, double h, uint32_t fill,
                  uint32_t stroke, double line_width)
{
    GUARD(doc);
    if ((fill == AP_PDF_NONE && stroke == AP_PDF_NONE) || !finite4(x, y, w, h))
        return doc->rc;
    line_width = measure_or(line_width, 0.5, 100);
    if (fill != AP_PDF_NONE)
        set_fill(doc, fill);
    if (stroke != AP_PDF_NONE)
        set_stroke(doc, stroke, line_width);
    HPDF_Page_Rectangle(doc->page, (HPDF_REAL)x, (HPDF_REAL)(doc->ph - y - h), (HPDF_REAL)w,
                        (HPDF_REAL)h);
    if (fill != AP_PDF_NONE && stroke != AP_PDF_NONE)
        HPDF_Page_FillStroke(doc->page);
    else if (fill != AP_PDF_NONE)
        HPDF_Page_Fill(doc->page);
    else
        HPDF_Page_Stroke(doc->page);
    doc->used = true;
    return doc->rc;
}

ap_rc ap_pdf_line(ap_pdf *doc, double x1, double y1, double x2, double y2, uint32_t color,
                  double width)
{
    GUARD(doc);
    if (color == AP_PDF_NONE || !finite4(x1, y1, x2, y2))
        return doc->rc;
    stroke_line(doc, x1, y1, x2, y2, color, measure_or(width, 0.5, 100));
    doc->used = true;
    return doc->rc;
}

ap_rc ap_pdf_mark(ap_pdf *doc, double x, double y, double size, ap_pdf_shape shape, uint32_t color)
{
    GUARD(doc);
    if (shape != AP_PDF_MARK_NONE && finite4(x, y, size, 0) && size > 0)
        draw_mark(doc, x, y, size, shape, color & 0xFFFFFF);
    return doc->rc;
}

/* =========================================================================
 * Tables
 * ========================================================================= */

/* How a column asked for its width. */
typedef enum { W_SHARE, W_POINTS, W_FRACTION } width_kind;

static width_kind kind_of(const ap_pdf_column *c)
{
    if (!(c->width > 0) || !isfinite(c->width))
        return W_SHARE;
    return c->width > 1 ? W_POINTS : W_FRACTION;
}

static bool at_min(const ap_pdf_column *c, double w)
{
    return c->min_width > 0 && w <= c->min_width + 1e-6;
}

/* Raise columns below their minimum to it, taking the difference from the
 * others in proportion; repeated because a column may fall below its own
 * minimum in turn. */
static void meet_minimums(const ap_pdf_column *cols, size_t n, double total, double *w)
{
    for (size_t iter = 0; iter < n; iter++) {
        bool changed = false;
        for (size_t i = 0; i < n; i++)
            if (cols[i].min_width > 0 && isfinite(cols[i].min_width) && w[i] < cols[i].min_width) {
                w[i] = cols[i].min_width;
                changed = true;
            }
        double locked = 0, rest = 0;
        for (size_t i = 0; i < n; i++)
            *(at_min(&cols[i], w[i]) ? &locked : &rest) += w[i];
        if (!changed || rest <= 0 || total - locked <= 0)
            return;
        for (size_t i = 0; i < n; i++)
            if (!at_min(&cols[i], w[i]))
                w[i] *= (total - locked) / rest;
    }
}

/* Column widths that fill total exactly: points stay points where they can,
 * fractions and equal shares absorb the difference, minimums are met by
 * taking from the others, and the table never gets wider than total. */
static void column_widths(const ap_pdf_column *cols, size_t n, double total, double *w)
{
    double fixed = 0, flex = 0;
    size_t shares = 0;
    for (size_t i = 0; i < n; i++) {
        width_kind k = kind_of(&cols[i]);
        w[i] = k == W_POINTS ? cols[i].width : k == W_FRACTION ? cols[i].width * total : 0;
        *(k == W_POINTS ? &fixed : &flex) += w[i];
        shares += k == W_SHARE;
    }
    double share = shares && total > fixed + flex ? (total - fixed - flex) / (double)shares : 0;
    for (size_t i = 0; i < n; i++)
        if (kind_of(&cols[i]) == W_SHARE)
            w[i] = share;
    flex += share * (double)shares;
    for (size_t i = 0; i < n; i++) {
        if (flex > 0 && fixed < total)
            w[i] *= kind_of(&cols[i]) == W_POINTS ? 1 : (total - fixed) / flex;
        else
            w[i] = fixed + flex > 0 ? w[i] * total / (fixed + flex) : total / (double)n;
    }
    meet_minimums(cols, n, total, w);
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += w[i];
    for (size_t i = 0; i < n && sum > total + 0.01; i++)
        w[i] *= total / sum;
}

static void cells_free(cell_box *c, size_t n)
{
    for (size_t i = 0; c && i < n; i++) {
        ap_buf_free(&c[i].clean);
        lines_free(&c[i].lay);
    }
    free(c);
}

static void table_free(table *t)
{
    if (!t)
        return;
    cells_free(t->head, t->ncols);
    cells_free(t->cells, t->ncols);
    free(t->next_anchor);
    free(t->next_link);
    free(t->x);
    free(t->w);
    free(t->align);
    free(t);
}

static double mark_size(const table *t)
{
    return 0.8 * t->size;
}

static double mark_advance(const table *t)
{
    return mark_size(t) + 0.4 * t->size;
}

/* Lay out one cell into box c for a column of width w. */
static void layout_cell(ap_pdf *doc, const table *t, cell_box *c, const ap_pdf_cell *src,
                        unsigned face, double w)
{
    look lk = look_make(face, t->size, C_TEXT, AP_PDF_LEFT);
    c->mark = src ? src->mark : AP_PDF_MARK_NONE;
    c->mark_color = src ? src->mark_color & 0xFFFFFF : 0;
    c->text = clean_text(&c->clean, src ? src->text : NULL);
    double inner = w - 2 * t->pad - (c->mark ? mark_advance(t) : 0);
    layout(doc, &lk, c->text, inner, &c->lay);
    if (c->mark && c->lay.n == 0)
        lines_push(&c->lay, 0, 0, 0);
}

/* Draw the header row at the cursor. */
static void draw_table_header(ap_pdf *doc, table *t)
{
    double y = doc->y;
    if (t->head_fill != AP_PDF_NONE)
        fill_rect(doc, t->left, y, t->width, t->head_h, t->head_fill);
    for (size_t c = 0; c < t->ncols; c++) {
        look lk = look_make(AP_PDF_BOLD, t->size, C_TEXT, t->align[c]);
        draw_lines(doc, &lk, t->head[c].text, &t->head[c].lay, 0, t->head[c].lay.n,
                   t->x[c] + t->pad, t->w[c] - 2 * t->pad, y + t->pad);
    }
    stroke_line(doc, t->left, y + t->head_h, t->left + t->width, y + t->head_h, C_RULE, 0.8);
    doc->y += t->head_h;
    doc->used = true;
    t->header_on_page = true;
    t->rows_on_page = 0;
}

ap_rc ap_pdf_table_begin(ap_pdf *doc, const ap_pdf_column *cols, size_t ncols,
                         const ap_pdf_table_opts *opts)
{
    GUARD(doc);
    end_table(doc);
    if (!cols || ncols == 0 || ncols > 64)
        return fail(doc, AP_E_INTERNAL, "pdf: a table needs 1 to 64 columns, not %zu", ncols);
    table *t = ap_xcalloc(1, sizeof *t);
    t->ncols = ncols;
    t->size = measure_or(opts ? opts->font_size : 0, TABLE_SIZE, 200);
    t->leading = 1.2 * t->size;
    t->pad = measure_or(opts ? opts->padding : 0, 3.0, 100);
    t->zebra = opts && opts->zebra;
    t->head_fill = opts && opts->header_fill ? opts->header_fill & 0xFFFFFF : C_HEAD_FILL;
    t->left = doc->ml;
    t->width = text_w(doc);
    t->x = ap_xcalloc(ncols, sizeof *t->x);
    t->w = ap_xcalloc(ncols, sizeof *t->w);
    t->align = ap_xcalloc(ncols, sizeof *t->align);
    t->head = ap_xcalloc(ncols, sizeof *t->head);
    t->cells = ap_xcalloc(ncols, sizeof *t->cells);
    column_widths(cols, ncols, t->width, t->w);
    size_t most = 1;
    for (size_t c = 0; c < ncols; c++) {
        t->x[c] = c ? t->x[c - 1] + t->w[c - 1] : t->left;
        t->align[c] = cols[c].align;
        cell_box *h = &t->head[c];
        layout_cell(doc, t, h, &(ap_pdf_cell){cols[c].label, AP_PDF_MARK_NONE, 0}, AP_PDF_BOLD,
                    t->w[c]);
        if (h->text != ap_buf_str(&h->clean)) { /* the caller's string: keep a copy */
            ap_buf_puts(&h->clean, h->text);
            h->text = ap_buf_str(&h->clean);
        }
        most = h->lay.n > most ? h->lay.n : most;
    }
    t->head_h = (double)most * t->leading + 2 * t->pad;
    doc->table = t;
    return doc->rc;
}

/* Draw lines [from, from+k) of the current row's cells at the cursor. */
static void add_anchor(ap_pdf *doc, char *key, double y);
static void add_link(ap_pdf *doc, char *key, double x, double y, double w, double h);

static void draw_row_part(ap_pdf *doc, table *t, size_t ncells, size_t from, size_t k,
                          unsigned flags, uint32_t fill)
{
    double y = doc->y, h = (double)k * t->leading + 2 * t->pad;
    if (from == 0 && t->next_anchor) {
        add_anchor(doc, t->next_anchor, y);
        t->next_anchor = NULL;
    }
    if (t->next_link && t->next_link_col < ncells)
        add_link(doc, ap_xstrdup(t->next_link), t->x[t->next_link_col], y,
                 t->w[t->next_link_col], h);
    look lk = look_make(flags & AP_PDF_ROW_BOLD ? AP_PDF_BOLD : AP_PDF_REGULAR, t->size, C_TEXT,
                        AP_PDF_LEFT);
    if (fill)
        fill_rect(doc, t->left, y, t->width, h, fill);
    for (size_t c = 0; c < ncells; c++) {
        cell_box *cb = &t->cells[c];
        if (cb->mark && from == 0) {
            double ms = mark_size(t), base = baseline(&lk, y + t->pad);
            draw_mark(doc, t->x[c] + t->pad, base - 0.36 * t->size - ms / 2, ms, cb->mark,
                      cb->mark_color);
        }
    }
    text_begin(doc, &lk);
    for (size_t c = 0; c < ncells; c++) {
        cell_box *cb = &t->cells[c];
        double indent = cb->mark ? mark_advance(t) : 0;
        bool span = flags & AP_PDF_ROW_SPAN;
        double cw = span ? t->width : t->w[c];
        lk.align = span ? AP_PDF_LEFT : t->align[c];
        for (size_t i = from; i < from + k && i < cb->lay.n; i++)
            text_line(doc, &lk, cb->text, &cb->lay.v[i], t->x[c] + t->pad + indent,
                      cw - 2 * t->pad - indent,
                      baseline(&lk, y + t->pad + (double)(i - from) * t->leading));
    }
    HPDF_Page_EndText(doc->page);
    stroke_line(doc, t->left, y + h, t->left + t->width, y + h, C_RULE_LIGHT, 0.4);
    doc->y += h;
    doc->used = true;
    t->rows_on_page++;
}

static void table_new_page(ap_pdf *doc, table *t)
{
    add_page(doc);
    draw_table_header(doc, t);
}

/* Room for whole lines of a row below the cursor. */
static size_t lines_fitting(const ap_pdf *doc, const table *t)
{
    double room = bottom_y(doc) - doc->y - 2 * t->pad + 0.01;
    return room > 0 ? (size_t)(room / t->leading) : 0;
}

/* Place a laid-out row of nlines lines: on this page when it fits, else on
 * the next; a row taller than a page is split across pages, each part under
 * a repeated header. */
static void place_row(ap_pdf *doc, table *t, size_t ncells, size_t nlines, unsigned flags,
                      uint32_t fill)
{
    double h = (double)nlines * t->leading + 2 * t->pad;
    double extra = flags & AP_PDF_ROW_KEEP_NEXT ? t->leading + 2 * t->pad : 0;
    double page_room = bottom_y(doc) - doc->mt - t->head_h;
    if (!t->header_on_page) {
        need(doc, t->head_h + (h + extra < page_room ? h + extra : 2 * t->leading + 2 * t->pad));
        draw_table_header(doc, t);
    } else if (doc->y + h + extra > bottom_y(doc) + 0.01) {
        if (h + extra <= page_room || lines_fitting(doc, t) < 2)
            table_new_page(doc, t);
    }
    size_t done = 0;
    while (done < nlines && doc->rc == AP_OK) {
        size_t fit = lines_fitting(doc, t);
        if (fit == 0 && t->rows_on_page > 0) {
            table_new_page(doc, t);
            continue;
        }
        fit = fit ? fit : 1;
        size_t k = fit < nlines - done ? fit : nlines - done;
        draw_row_part(doc, t, ncells, done, k, flags, fill);
        done += k;
        if (done < nlines)
            table_new_page(doc, t);
    }
}

/* The open table, after checking that a row of ncells cells fits it. */
static table *row_table(ap_pdf *doc, const ap_pdf_cell *cells, size_t ncells)
{
    table *t = doc->table;
    if (!t)
        fail(doc, AP_E_INTERNAL, "pdf: table row without ap_pdf_table_begin");
    else if (ncells > t->ncols || (ncells && !cells))
        fail(doc, AP_E_INTERNAL, "pdf: a row of %zu cells in a table of %zu columns", ncells,
             t->ncols);
    return doc->rc == AP_OK ? t : NULL;
}

/* Lay a row's cells out into t->cells; returns its lines. */
static size_t layout_row(ap_pdf *doc, table *t, const ap_pdf_cell *cells, size_t ncells,
                         unsigned flags)
{
    bool span = flags & AP_PDF_ROW_SPAN;
    size_t n = span ? 1 : t->ncols, most = 1;
    unsigned face = flags & AP_PDF_ROW_BOLD ? AP_PDF_BOLD : AP_PDF_REGULAR;
    for (size_t c = 0; c < n; c++) {
        layout_cell(doc, t, &t->cells[c], c < ncells ? &cells[c] : NULL, face,
                    span ? t->width : t->w[c]);
        most = t->cells[c].lay.n > most ? t->cells[c].lay.n : most;
    }
    return most;
}

ap_rc ap_pdf_table_row(ap_pdf *doc, const ap_pdf_cell *cells, size_t ncells,
                       const ap_pdf_row_style *style)
{
    GUARD(doc);
    table *t = row_table(doc, cells, ncells);
    if (!t)
        return doc->rc;
    unsigned flags = style ? style->flags : 0;
    uint32_t fill = style ? style->fill & 0xFFFFFF : 0;
    bool span = flags & AP_PDF_ROW_SPAN;
    if (span)
        t->shade_count = 0;
    else if (!fill && t->zebra && t->shade_count++ % 2 == 1)
        fill = C_ZEBRA;
    size_t most = layout_row(doc, t, cells, ncells, flags);
    place_row(doc, t, span ? 1 : t->ncols, most, flags, fill);
    free(t->next_anchor);
    free(t->next_link);
    t->next_anchor = t->next_link = NULL;
    t->rows++;
    return doc->rc;
}

double ap_pdf_table_row_height(ap_pdf *doc, const ap_pdf_cell *cells, size_t ncells,
                               const ap_pdf_row_style *style)
{
    if (!doc || doc->rc != AP_OK || doc->finished)
        return 0;
    table *t = row_table(doc, cells, ncells);
    if (!t)
        return 0;
    size_t nlines = layout_row(doc, t, cells, ncells, style ? style->flags : 0);
    return (double)nlines * t->leading + 2 * t->pad;
}

ap_rc ap_pdf_table_keep(ap_pdf *doc, double height)
{
    GUARD(doc);
    table *t = doc->table;
    if (!t || !isfinite(height) || height <= 0)
        return doc->rc;
    double page_room = bottom_y(doc) - doc->mt - t->head_h;
    if (height > page_room)
        return doc->rc; /* cannot be kept on any page: let the rows flow */
    if (!t->header_on_page)
        need(doc, t->head_h + height); /* the next row draws the header */
    else if (doc->y + height > bottom_y(doc) + 0.01)
        table_new_page(doc, t);
    return doc->rc;
}

ap_rc ap_pdf_table_anchor(ap_pdf *doc, const char *key)
{
    GUARD(doc);
    if (doc->table && key && *key) {
        free(doc->table->next_anchor);
        doc->table->next_anchor = ap_xstrdup(key);
    }
    return doc->rc;
}

ap_rc ap_pdf_table_link(ap_pdf *doc, size_t col, const char *key)
{
    GUARD(doc);
    if (doc->table && key && *key && col < doc->table->ncols) {
        free(doc->table->next_link);
        doc->table->next_link = ap_xstrdup(key);
        doc->table->next_link_col = col;
    }
    return doc->rc;
}

/* Remember where key's row starts (y from the page top); takes key. */
static void add_anchor(ap_pdf *doc, char *key, double y)
{
    ap_grow(&doc->anchors, &doc->acap, doc->nanchors + 1, sizeof *doc->anchors);
    doc->anchors[doc->nanchors++] = (anchor){key, doc->page, doc->ph - y};
}

/* Remember a clickable box (top-left x, y; w x h) to key; takes key. */
static void add_link(ap_pdf *doc, char *key, double x, double y, double w, double h)
{
    HPDF_Rect r = {(HPDF_REAL)x, (HPDF_REAL)(doc->ph - y - h), (HPDF_REAL)(x + w),
                   (HPDF_REAL)(doc->ph - y)};
    ap_grow(&doc->links, &doc->lcap, doc->nlinks + 1, sizeof *doc->links);
    doc->links[doc->nlinks++] = (link_rec){key, doc->page, r};
}

/* A link annotation on page over r to top on target, without a border
 * (libharu's errors reach the document through its error handler). */
static void link_to(HPDF_Page page, HPDF_Rect r, HPDF_Page target, double top)
{
    HPDF_Destination d = HPDF_Page_CreateDestination(target);
    if (!d)
        return;
    HPDF_Destination_SetFitH(d, (HPDF_REAL)(top + 6));
    HPDF_Annotation a = HPDF_Page_CreateLinkAnnot(page, r, d);
    if (a)
        HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
}

static int anchor_cmp(const void *a, const void *b)
{
    return strcmp(((const anchor *)a)->key, ((const anchor *)b)->key);
}

/* Each link to its anchor; a link whose key has no anchor (the row is not
 * in this document) stays plain text. */
static void resolve_links(ap_pdf *doc)
{
    if (doc->nanchors > 0)
        qsort(doc->anchors, doc->nanchors, sizeof *doc->anchors, anchor_cmp);
    for (size_t i = 0; i < doc->nlinks && doc->rc == AP_OK && doc->nanchors > 0; i++) {
        anchor want = {doc->links[i].key, NULL, 0};
        const anchor *a =
            bsearch(&want, doc->anchors, doc->nanchors, sizeof *doc->anchors, anchor_cmp);
        if (a)
            link_to(doc->links[i].page, doc->links[i].rect, a->page, a->top);
    }
}

ap_rc ap_pdf_table_group(ap_pdf *doc, const char *text)
{
    ap_pdf_cell cell = {text, AP_PDF_MARK_NONE, 0};
    ap_pdf_row_style st = {AP_PDF_ROW_BOLD | AP_PDF_ROW_SPAN | AP_PDF_ROW_KEEP_NEXT, C_GROUP_FILL};
    return ap_pdf_table_row(doc, &cell, 1, &st);
}

/* Close the open table, if any: a table without rows still shows its
 * header. */
static void end_table(ap_pdf *doc)
{
    table *t = doc->table;
    if (!t)
        return;
    if (t->rows == 0 && doc->rc == AP_OK) {
        need(doc, t->head_h);
        draw_table_header(doc, t);
    }
    doc->table = NULL;
    table_free(t);
    if (doc->rc == AP_OK && !at_top(doc))
        ap_pdf_space(doc, 10);
}

ap_rc ap_pdf_table_end(ap_pdf *doc)
{
    GUARD(doc);
    end_table(doc);
    return doc->rc;
}

/* =========================================================================
 * Numbers and scales
 * ========================================================================= */

/* Put the digits of s (an unsigned decimal in the C locale) into out with
 * thousands grouped and the language's separators. */
static void group_digits(ap_buf *out, const char *s, const char *thousands, const char *point)
{
    size_t intlen = strspn(s, "0123456789");
    for (size_t i = 0; i < intlen; i++) {
        if (i > 0 && (intlen - i) % 3 == 0)
            ap_buf_puts(out, thousands);
        ap_buf_putc(out, s[i]);
    }
    if (s[intlen]) {
        ap_buf_puts(out, point);
        ap_buf_puts(out, s + intlen + 1);
    }
}

char *ap_pdf_format_number(char *buf, size_t size, double v, int decimals)
{
    if (!buf || size == 0)
        return buf;
    if (!isfinite(v)) {
        snprintf(buf, size, "%s", "\xE2\x80\x93"); /* – */
        return buf;
    }
    decimals = decimals < 0 ? 0 : decimals > 6 ? 6 : decimals;
    char raw[512];
    snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
    bool zero = strspn(raw, "0.,") == strlen(raw);
    bool sv = ap_language() == AP_LANG_SV;
    ap_buf out = {0};
    if (v < 0 && !zero)
        ap_buf_putc(&out, '-');
    group_digits(&out, raw, sv ? "\xC2\xA0" : ",", sv ? "," : ".");
    snprintf(buf, size, "%s", ap_buf_str(&out));
    ap_buf_free(&out);
    return buf;
}

/* A "nice" step (1, 2, 2.5 or 5 times a power of ten) near span/parts;
 * with integers only, never below 1 nor 2.5. */
static double nice_step(double span, int parts, bool integers)
{
    double raw = span / parts;
    if (!(raw > 0) || !isfinite(raw))
        return 1;
    double mag = pow(10, floor(log10(raw))), norm = raw / mag;
    double f = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
    if (integers && f == 2.5)
        f = 5;
    double step = f * mag;
    return integers && step < 1 ? 1 : step;
}

/* Decimals that show a step exactly, at least min. */
static int step_decimals(double step, int min)
{
    int d = 0;
    while (d < 6 && fabs(step * pow(10, d) - round(step * pow(10, d))) > 1e-6)
        d++;
    return d > min ? d : min;
}

/* =========================================================================
 * Charts: common pieces
 * ========================================================================= */

/* Clean, lay out and clip a label to max lines of width w. */
static void label_lines(ap_pdf *doc, const look *lk, const char *text, double w, size_t max,
                        ap_buf *b, const char **s, lines *l)
{
    *s = clean_text(b, text);
    layout(doc, lk, *s, w, l);
    clip_lines(doc, lk, s, l, max, w, b);
}

/* A single line of text, clipped with an ellipsis to w, at (x, top). */
static void label_at(ap_pdf *doc, const look *lk, const char *text, double x, double top, double w)
{
    ap_buf b = {0};
    lines l = {0};
    const char *s;
    label_lines(doc, lk, text, w, 1, &b, &s, &l);
    draw_lines(doc, lk, s, &l, 0, l.n, x, w, top);
    lines_free(&l);
    ap_buf_free(&b);
}

/* An empty frame with the caller's "no data" text in the middle. */
static void empty_frame(ap_pdf *doc, double x, double y, double w, double h, const char *text)
{
    ap_pdf_rect(doc, x, y, w, h, AP_PDF_NONE, C_RULE_LIGHT, 0.6);
    look lk = look_make(AP_PDF_ITALIC, CHART_SIZE, C_MUTED, AP_PDF_CENTER);
    ap_buf b = {0};
    lines l = {0};
    const char *s;
    label_lines(doc, &lk, text, w - 12, 3, &b, &s, &l);
    double th = (double)l.n * lk.leading;
    draw_lines(doc, &lk, s, &l, 0, l.n, x + 6, w - 12, y + (h - th) / 2);
    lines_free(&l);
    ap_buf_free(&b);
}

/* =========================================================================
 * Stacked bar chart
 * ========================================================================= */

typedef struct bar_geom {
    double x, w;            /* the whole chart */
    double label_w;         /* category labels */
    double bx, bw;          /* the bar area */
    double pitch, bar_h;    /* row height, bar thickness */
    double axis_h;          /* axis, tick labels and axis label */
    double top_value, step; /* scale */
    int tick_decimals;
    look lab; /* labels */
} bar_geom;

static double bar_value(const ap_pdf_bar_chart *c, size_t cat, size_t ser)
{
    double v = c->values[cat * c->nseries + ser];
    return v > 0 ? fmin(v, 1e15) : 0; /* NaN and negatives count as 0 */
}

static double bar_total(const ap_pdf_bar_chart *c, size_t cat)
{
    double t = 0;
    for (size_t s = 0; s < c->nseries; s++)
        t += bar_value(c, cat, s);
    return t;
}

/* The legend: a square and a word per series, wrapping onto more rows. */
static void bar_legend(ap_pdf *doc, const ap_pdf_bar_chart *c, const bar_geom *g)
{
    look lk = look_make(AP_PDF_REGULAR, CHART_SIZE, C_TEXT, AP_PDF_LEFT);
    double x = g->x, sq = 0.85 * lk.size;
    need(doc, lk.leading + 6);
    for (size_t s = 0; s < c->nseries; s++) {
        const char *word = c->series && c->series[s] ? c->series[s] : "";
        double tw = ap_pdf_string_width(doc, word, &(ap_pdf_style){CHART_SIZE, 0, 0, 0, 0, 0});
        tw = tw < g->w - sq - 4 ? tw : g->w - sq - 4;
        if (x > g->x && x + sq + 4 + tw > g->x + g->w) {
            x = g->x;
            doc->y += lk.leading + 2;
        }
        double base = baseline(&lk, doc->y);
        draw_mark(doc, x, base - 0.36 * lk.size - sq / 2, sq, AP_PDF_MARK_SQUARE,
                  c->colors ? c->colors[s] & 0xFFFFFF : C_ACCENT);
        label_at(doc, &lk, word, x + sq + 4, doc->y, tw + 1);
        x += sq + 4 + tw + 14;
    }
    doc->y += lk.leading + 6;
}

static void bar_scale(const ap_pdf_bar_chart *c, bar_geom *g)
{
    double max = 0;
    for (size_t i = 0; i < c->ncategories; i++)
        max = bar_total(c, i) > max ? bar_total(c, i) : max;
    bool integers = c->decimals <= 0;
    g->step = nice_step(max > 0 ? max : 1, 5, integers);
    g->top_value = ceil((max > 0 ? max : 1) / g->step - 1e-9) * g->step;
    g->tick_decimals = integers ? 0 : step_decimals(g->step, 0);
}

static void bar_geometry(ap_pdf *doc, const ap_pdf_bar_chart *c, bar_geom *g, size_t *max_lines)
{
    g->w = measure_or(c->width, text_w(doc), text_w(doc));
    g->x = doc->ml;
    g->lab = look_make(AP_PDF_REGULAR, CHART_SIZE, C_TEXT, AP_PDF_LEFT);
    g->label_w = 0.3 * g->w < 170 ? 0.3 * g->w : 170;
    bar_scale(c, g);
    char buf[64];
    ap_pdf_format_number(buf, sizeof buf, g->top_value, c->decimals);
    double total_w = ap_pdf_string_width(doc, buf, &(ap_pdf_style){CHART_SIZE, 0, 0, 0, 0, 0});
    g->bx = g->x + g->label_w + 8;
    g->bw = g->w - g->label_w - 8 - total_w - 8;
    if (g->bw < 20)
        g->bw = 20;
    ap_buf b = {0};
    lines l = {0};
    const char *s;
    *max_lines = 1;
    for (size_t i = 0; i < c->ncategories; i++) {
        label_lines(doc, &g->lab, c->categories ? c->categories[i] : "", g->label_w, 3, &b, &s, &l);
        *max_lines = l.n > *max_lines ? l.n : *max_lines;
    }
    lines_free(&l);
    ap_buf_free(&b);
    g->bar_h = 14;
    g->pitch = (double)*max_lines * g->lab.leading + 6;
    g->pitch = g->pitch > g->bar_h + 8 ? g->pitch : g->bar_h + 8;
    g->axis_h = 4 + g->lab.leading + (c->axis_label ? g->lab.leading + 2 : 0);
}

static void bar_segment_label(ap_pdf *doc, const ap_pdf_bar_chart *c, const bar_geom *g, double v,
                              double x, double w, double y, uint32_t color)
{
    char buf[64];
    ap_pdf_format_number(buf, sizeof buf, v, c->decimals);
    look lk =
        look_make(AP_PDF_BOLD, 7.5, lightness(color) < 140 ? 0xFFFFFFu : C_TEXT, AP_PDF_CENTER);
    double tw = ap_pdf_string_width(doc, buf, &(ap_pdf_style){7.5, AP_PDF_BOLD, 0, 0, 0, 0});
    if (tw + 4 > w)
        return;
    lines l = {0};
    layout(doc, &lk, buf, INFINITY, &l);
    draw_lines(doc, &lk, buf, &l, 0, l.n, x, w, y + (g->bar_h - lk.leading) / 2);
    lines_free(&l);
}

/* One category: its label, its segments, its total. */
static void bar_row(ap_pdf *doc, const ap_pdf_bar_chart *c, const bar_geom *g, size_t cat,
                    double top)
{
    ap_buf b = {0};
    lines l = {0};
    const char *s;
    label_lines(doc, &g->lab, c->categories ? c->categories[cat] : "", g->label_w, 3, &b, &s, &l);
    double lh = (double)l.n * g->lab.leading;
    draw_lines(doc, &g->lab, s, &l, 0, l.n, g->x, g->label_w, top + (g->pitch - lh) / 2);
    double by = top + (g->pitch - g->bar_h) / 2, x = g->bx;
    for (size_t i = 0; i < c->nseries; i++) {
        double v = bar_value(c, cat, i), w = v / g->top_value * g->bw;
        uint32_t col = c->colors ? c->colors[i] & 0xFFFFFF : C_ACCENT;
        if (w <= 0)
            continue;
        fill_rect(doc, x, by, w, g->bar_h, col);
        bar_segment_label(doc, c, g, v, x, w, by, col);
        x += w;
    }
    char buf[64];
    ap_pdf_format_number(buf, sizeof buf, bar_total(c, cat), c->decimals);
    look tl = look_make(AP_PDF_REGULAR, CHART_SIZE, C_MUTED, AP_PDF_LEFT);
    layout(doc, &tl, buf, INFINITY, &l);
    draw_lines(doc, &tl, buf, &l, 0, l.n, x + 4, 60, by + (g->bar_h - tl.leading) / 2);
    lines_free(&l);
    ap_buf_free(&b);
}

/* Grid lines behind rows [first, first+k), then the rows, then the axis. */
static void bar_part(ap_pdf *doc, const ap_pdf_bar_chart *c, const bar_geom *g, size_t first,
                     size_t k)
{
    double top = doc->y, bottom = top + (double)k * g->pitch;
    look tick = look_make(AP_PDF_REGULAR, 7.5, C_MUTED, AP_PDF_CENTER);
    for (double v = 0; v <= g->top_value + 1e-9; v += g->step) {
        double x = g->bx + v / g->top_value * g->bw;
        stroke_line(doc, x, top, x, bottom + 3, C_RULE_LIGHT, 0.4);
        char buf[64];
        ap_pdf_format_number(buf, sizeof buf, v, g->tick_decimals);
        lines l = {0};
        layout(doc, &tick, buf, INFINITY, &l);
        draw_lines(doc, &tick, buf, &l, 0, l.n, x - 30, 60, bottom + 4);
        lines_free(&l);
    }
    for (size_t i = 0; i < k; i++)
        bar_row(doc, c, g, first + i, top + (double)i * g->pitch);
    stroke_line(doc, g->bx, bottom, g->bx + g->bw, bottom, C_RULE, 0.6);
    stroke_line(doc, g->bx, top, g->bx, bottom, C_RULE, 0.6);
    if (c->axis_label) {
        look al = look_make(AP_PDF_REGULAR, CHART_SIZE, C_MUTED, AP_PDF_CENTER);
        label_at(doc, &al, c->axis_label, g->bx, bottom + 4 + tick.leading + 2, g->bw);
    }
    doc->y = bottom + g->axis_h;
}

static void bar_title(ap_pdf *doc, const char *title)
{
    if (!title || !*title)
        return;
    ap_pdf_style st = {10, AP_PDF_BOLD, 0, AP_PDF_LEFT, 0, 4};
    need(doc, ap_pdf_measure(doc, title, &st, text_w(doc)) + 80);
    ap_pdf_paragraph(doc, title, &st);
}

ap_rc ap_pdf_bar_chart_add(ap_pdf *doc, const ap_pdf_bar_chart *c)
{
    GUARD(doc);
    end_table(doc);
    if (!c)
        return fail(doc, AP_E_INTERNAL, "pdf: no chart");
    bar_title(doc, c->title);
    if (c->ncategories == 0 || c->nseries == 0 || !c->values) {
        double w = measure_or(c->width, text_w(doc), text_w(doc)), y = doc->y;
        ap_pdf_block(doc, 60, &y);
        empty_frame(doc, doc->ml, y, w, 60, c->empty_text);
        ap_pdf_space(doc, 10);
        return doc->rc;
    }
    bar_geom g;
    size_t max_lines;
    bar_geometry(doc, c, &g, &max_lines);
    size_t i = 0;
    need(doc, 2 * g.pitch + g.axis_h + 20);
    while (i < c->ncategories && doc->rc == AP_OK) {
        bar_legend(doc, c, &g);
        double room = bottom_y(doc) - doc->y - g.axis_h;
        size_t fit = room > 0 ? (size_t)(room / g.pitch) : 0;
        if (fit == 0 && !at_top(doc) && doc->y > doc->mt + 40) {
            add_page(doc);
            continue;
        }
        fit = fit ? fit : 1;
        size_t k = fit < c->ncategories - i ? fit : c->ncategories - i;
        bar_part(doc, c, &g, i, k);
        i += k;
        if (i < c->ncategories)
            add_page(doc);
    }
    ap_pdf_space(doc, 12);
    return doc->rc;
}

/* =========================================================================
 * Trend chart
 * ========================================================================= */

typedef struct point {
    double x, y;
} point;

/* Liang-Barsky: whether the segment meets the box grown by gap. */
bool ap_pdf_box_hits_segment(const ap_pdf_box *b, double gap, double x1, double y1, double x2,
                             double y2)
{
    double lo[2] = {b->x - gap, b->y - gap}, hi[2] = {b->x + b->w + gap, b->y + b->h + gap};
    double p0[2] = {x1, y1}, d[2] = {x2 - x1, y2 - y1}, t0 = 0, t1 = 1;
    for (int k = 0; k < 2; k++) {
        if (fabs(d[k]) < 1e-12) {
            if (p0[k] < lo[k] || p0[k] > hi[k])
                return false;
            continue;
        }
        double a = (lo[k] - p0[k]) / d[k], c = (hi[k] - p0[k]) / d[k];
        t0 = fmax(t0, fmin(a, c));
        t1 = fmin(t1, fmax(a, c));
        if (t0 > t1)
            return false;
    }
    return true;
}

static bool boxes_meet(const ap_pdf_box *a, const ap_pdf_box *b, double gap)
{
    return a->x < b->x + b->w + gap && b->x < a->x + a->w + gap && a->y < b->y + b->h + gap &&
           b->y < a->y + a->h + gap;
}

static bool box_clear(const ap_pdf_box *b, const double *xs, const double *ys, size_t n,
                      const ap_pdf_box *taken, size_t ntaken, double gap)
{
    for (size_t i = 0; i < n; i++) /* one point alone is a segment of length 0 */
        if (ap_pdf_box_hits_segment(b, gap, xs[i], ys[i], xs[i + (i + 1 < n)],
                                    ys[i + (i + 1 < n)]))
            return false;
    for (size_t i = 0; i < ntaken; i++)
        if (boxes_meet(b, &taken[i], gap))
            return false;
    return true;
}

bool ap_pdf_place_label(double px, double py, double w, double h, const ap_pdf_box *area,
                        const double *xs, const double *ys, size_t n, const ap_pdf_box *taken,
                        size_t ntaken, double gap, ap_pdf_box *out)
{
    /* Left of the point first (labels mark the latest value, at the right
     * end), then right, above before below, then further away. */
    const double dx[] = {-w, -w, 0, 0, -w - 3, 3, -w / 2, -w / 2};
    const double dy[] = {-h - 3, 3, -h - 3, 3, -h / 2, -h / 2, -h - 3, 3};
    bool first = true;
    for (int ring = 0; ring < 4; ring++) {
        for (size_t k = 0; k < sizeof dx / sizeof *dx; k++) {
            double lift = ring * h * (dy[k] < -h / 2 ? -0.75 : dy[k] > 0 ? 0.75 : 0);
            ap_pdf_box b = {px + dx[k], py + dy[k] + lift, w, h};
            b.x = fmax(area->x, fmin(b.x, area->x + area->w - w));
            if (b.y < area->y || b.y + b.h > area->y + area->h)
                continue;
            if (first)
                *out = b;
            first = false;
            if (box_clear(&b, xs, ys, n, taken, ntaken, gap)) {
                *out = b;
                return true;
            }
        }
    }
    if (first)
        *out = (ap_pdf_box){px - w, py - h - 3, w, h};
    return false;
}

typedef struct trend_geom {
    double px, py, pw, ph; /* the plot area */
    double x0, x1, y0, y1; /* data ranges shown */
    int decimals;          /* of the y labels */
    ap_pdf_box target_box; /* the target's label and line, kept clear by the value label */
    ap_pdf_box target_line;
    bool has_target_box;
} trend_geom;

static int point_cmp(const void *a, const void *b)
{
    double d = ((const point *)a)->x - ((const point *)b)->x;
    return d < 0 ? -1 : d > 0;
}

static bool has_target(const ap_pdf_trend_chart *c)
{
    return c->has_target && fabs(c->target) < 1e15;
}

static bool has_baseline(const ap_pdf_trend_chart *c)
{
    return c->has_baseline && fabs(c->baseline_x) < 1e8 && fabs(c->baseline_y) < 1e15;
}

/* The usable points, sorted by date; caller frees. */
static point *trend_points(const ap_pdf_trend_chart *c, size_t *n)
{
    point *p = ap_xmalloc((c->n ? c->n : 1) * sizeof *p);
    *n = 0;
    for (size_t i = 0; c->x && c->y && i < c->n; i++)
        if (fabs(c->x[i]) < 1e8 && fabs(c->y[i]) < 1e15) /* also drops NaN */
            p[(*n)++] = (point){c->x[i], c->y[i]};
    qsort(p, *n, sizeof *p, point_cmp);
    return p;
}

/* Ranges covering the points, the target and the baseline, on nice steps. */
static void trend_ranges(const ap_pdf_trend_chart *c, const point *p, size_t n, trend_geom *g)
{
    double lo = p[0].y, hi = p[0].y, x0 = p[0].x, x1 = p[n - 1].x;
    for (size_t i = 1; i < n; i++) {
        lo = p[i].y < lo ? p[i].y : lo;
        hi = p[i].y > hi ? p[i].y : hi;
    }
    if (has_target(c)) {
        lo = c->target < lo ? c->target : lo;
        hi = c->target > hi ? c->target : hi;
    }
    if (has_baseline(c)) {
        lo = c->baseline_y < lo ? c->baseline_y : lo;
        hi = c->baseline_y > hi ? c->baseline_y : hi;
        x0 = c->baseline_x < x0 ? c->baseline_x : x0;
        x1 = c->baseline_x > x1 ? c->baseline_x : x1;
    }
    if (c->has_target_date && fabs(c->target_x) < 1e8) {
        x0 = c->target_x < x0 ? c->target_x : x0;
        x1 = c->target_x > x1 ? c->target_x : x1;
    }
    if (hi - lo < 1e-9 * (fabs(hi) + 1)) {
        double pad = fabs(hi) * 0.1 > 0 ? fabs(hi) * 0.1 : 1;
        lo -= pad;
        hi += pad;
    }
    double margin = (hi - lo) * 0.04; /* nothing sits on the frame */
    lo -= margin;
    hi += margin;
    double step = nice_step(hi - lo, 4, false);
    g->y0 = floor(lo / step) * step;
    g->y1 = ceil(hi / step) * step;
    g->decimals = step_decimals(step, c->decimals > 0 ? c->decimals : 0);
    if (x1 - x0 < 1) {
        x0 -= 15;
        x1 += 15;
    }
    g->x0 = x0;
    g->x1 = x1;
}

static double tx(const trend_geom *g, double x)
{
    return g->px + (x - g->x0) / (g->x1 - g->x0) * g->pw;
}

static double ty(const trend_geom *g, double y)
{
    return g->py + g->ph - (y - g->y0) / (g->y1 - g->y0) * g->ph;
}

/* Text of one line at (x, top), aligned in [x, x+w]. */
static void small_text(ap_pdf *doc, const char *text, double size, unsigned face, uint32_t color,
                       ap_pdf_align align, double x, double top, double w)
{
    look lk = look_make(face, size, color, align);
    label_at(doc, &lk, text, x, top, w);
}

/* The axes and their end labels; the plot area is fixed here. */
static void trend_axes(ap_pdf *doc, trend_geom *g, double x, double top, double w, double bottom)
{
    char lo[64], hi[64];
    ap_pdf_format_number(lo, sizeof lo, g->y0, g->decimals);
    ap_pdf_format_number(hi, sizeof hi, g->y1, g->decimals);
    ap_pdf_style st = {6.5, 0, 0, 0, 0, 0};
    double lw = fmax(ap_pdf_string_width(doc, lo, &st), ap_pdf_string_width(doc, hi, &st));
    double lab_h = 6.5 * 1.2;
    g->px = x + lw + 4;
    g->pw = x + w - g->px - 2;
    g->py = top + lab_h / 2;
    g->ph = bottom - lab_h - 3 - g->py;
    if (g->pw < 10 || g->ph < 10)
        return;
    stroke_line(doc, g->px, g->py, g->px + g->pw, g->py, C_RULE_LIGHT, 0.4);
    stroke_line(doc, g->px, g->py, g->px, g->py + g->ph, C_RULE, 0.5);
    stroke_line(doc, g->px, g->py + g->ph, g->px + g->pw, g->py + g->ph, C_RULE, 0.5);
    small_text(doc, hi, 6.5, 0, C_MUTED, AP_PDF_RIGHT, x, g->py - lab_h / 2, lw);
    small_text(doc, lo, 6.5, 0, C_MUTED, AP_PDF_RIGHT, x, g->py + g->ph - lab_h / 2, lw);
}

/* A tick on the time axis at each date that matters - the baseline, the
 * target date, the last and first measurement, then the others - and its
 * date under it when it fits beside those already labelled. */
static void trend_dates(ap_pdf *doc, const ap_pdf_trend_chart *c, const trend_geom *g,
                        const point *p, size_t n)
{
    double *when = ap_xmalloc((n + 2) * sizeof *when);
    size_t k = 0;
    if (has_baseline(c))
        when[k++] = c->baseline_x;
    if (c->has_target_date && fabs(c->target_x) < 1e8)
        when[k++] = c->target_x;
    when[k++] = p[n - 1].x;
    for (size_t i = 0; i + 1 < n; i++)
        when[k++] = p[i].x;
    ap_pdf_box *used = ap_xmalloc(k * sizeof *used);
    size_t nused = 0;
    ap_pdf_style st = {6.5, 0, 0, 0, 0, 0};
    for (size_t i = 0; i < k; i++) {
        char d[11];
        double x = tx(g, when[i]), base = g->py + g->ph;
        stroke_line(doc, x, base, x, base + 2, C_RULE, 0.5);
        ap_date_format((ap_date)lround(when[i]), d);
        double w = ap_pdf_string_width(doc, d, &st);
        ap_pdf_box b = {fmax(g->px - 4, fmin(x - w / 2, g->px + g->pw + 2 - w)), base + 2, w,
                        6.5 * 1.2};
        bool clear = true;
        for (size_t j = 0; j < nused && clear; j++)
            clear = !boxes_meet(&b, &used[j], 3);
        if (!clear)
            continue;
        used[nused++] = b;
        small_text(doc, d, 6.5, 0, C_MUTED, AP_PDF_LEFT, b.x, b.y, w + 1);
    }
    free(used);
    free(when);
}

/* The dashed target line and its label, placed clear of the values'
 * line (pts_x/pts_y: its points on the page). */
static void trend_target(ap_pdf *doc, const ap_pdf_trend_chart *c, trend_geom *g,
                         const double *pts_x, const double *pts_y, size_t pts_n)
{
    if (!has_target(c))
        return;
    static const HPDF_UINT16 dash[] = {3, 2};
    double y = ty(g, c->target);
    HPDF_Page_SetDash(doc->page, dash, 2, 0);
    stroke_line(doc, g->px, y, g->px + g->pw, y, 0x333333u, 0.8);
    HPDF_Page_SetDash(doc->page, NULL, 0, 0);
    char num[64];
    const char *label = c->target_label;
    if (!label)
        label = ap_pdf_format_number(num, sizeof num, c->target, c->decimals);
    double lh = 6.5 * 1.2, top = y - lh - 0.5 < g->py ? y + 1 : y - lh - 0.5;
    double w = fmin(ap_pdf_string_width(doc, label, &(ap_pdf_style){6.5, 0, 0, 0, 0, 0}),
                    g->pw - 6);
    ap_pdf_box area = {g->px + 1, g->py, g->pw - 2, g->ph}, b = {g->px + 3, top, w, lh};
    if (pts_n > 0)
        ap_pdf_place_label(g->px + 3 + w, y, w, lh, &area, pts_x, pts_y, pts_n, NULL, 0, 1, &b);
    small_text(doc, label, 6.5, 0, 0x333333u, AP_PDF_LEFT, b.x, b.y, w + 1);
    g->target_box = b;
    g->target_line = (ap_pdf_box){g->px, y, g->pw, 0};
    g->has_target_box = true;
}

/* A hollow diamond of radius r centred on (x, y). */
static void hollow_diamond(ap_pdf *doc, double x, double y, double r)
{
    HPDF_Page pg = doc->page;
    set_stroke(doc, C_MUTED, 0.8);
    set_fill(doc, 0xFFFFFFu);
    HPDF_Page_MoveTo(pg, (HPDF_REAL)x, (HPDF_REAL)(doc->ph - y + r));
    HPDF_Page_LineTo(pg, (HPDF_REAL)(x + r), (HPDF_REAL)(doc->ph - y));
    HPDF_Page_LineTo(pg, (HPDF_REAL)x, (HPDF_REAL)(doc->ph - y - r));
    HPDF_Page_LineTo(pg, (HPDF_REAL)(x - r), (HPDF_REAL)(doc->ph - y));
    HPDF_Page_ClosePath(pg);
    HPDF_Page_FillStroke(pg);
}

/* The baseline in the plot; its label goes in a legend line under the plot
 * (legend_top), where it cannot collide with the values. */
static void trend_baseline(ap_pdf *doc, const ap_pdf_trend_chart *c, const trend_geom *g, double x,
                           double legend_top, double w)
{
    if (!has_baseline(c))
        return;
    hollow_diamond(doc, tx(g, c->baseline_x), ty(g, c->baseline_y), 3);
    if (!c->baseline_label || !*c->baseline_label)
        return;
    double lh = 6.5 * 1.2;
    hollow_diamond(doc, x + 3, legend_top + lh / 2, 2.6);
    small_text(doc, c->baseline_label, 6.5, AP_PDF_ITALIC, C_MUTED, AP_PDF_LEFT, x + 9, legend_top,
               w - 9);
}

/* The points of the values' line on the page; caller frees both. */
static void trend_page_points(const trend_geom *g, const point *p, size_t n, double **xs,
                              double **ys)
{
    *xs = ap_xmalloc((n ? n : 1) * sizeof **xs);
    *ys = ap_xmalloc((n ? n : 1) * sizeof **ys);
    for (size_t i = 0; i < n; i++) {
        (*xs)[i] = tx(g, p[i].x);
        (*ys)[i] = ty(g, p[i].y);
    }
}

/* The last value, beside its point where it touches neither the line nor
 * the target's line and label (ap_pdf_place_label). */
static void trend_value_label(ap_pdf *doc, const ap_pdf_trend_chart *c, const trend_geom *g,
                              const point *p, size_t n, uint32_t col)
{
    char num[64];
    ap_pdf_format_number(num, sizeof num, p[n - 1].y, c->decimals);
    double *xs, *ys, lh = 7 * 1.2;
    trend_page_points(g, p, n, &xs, &ys);
    double w = ap_pdf_string_width(doc, num, &(ap_pdf_style){7, AP_PDF_BOLD, 0, 0, 0, 0});
    ap_pdf_box area = {g->px + 1, g->py - lh / 2, g->pw - 1, g->ph + lh / 2}, b;
    ap_pdf_box taken[2] = {g->target_box, g->target_line};
    ap_pdf_place_label(xs[n - 1], ys[n - 1], w, lh, &area, xs, ys, n, taken,
                       g->has_target_box ? 2 : 0, 1, &b);
    small_text(doc, num, 7, AP_PDF_BOLD, col, AP_PDF_LEFT, b.x, b.y, w + 1);
    free(xs);
    free(ys);
}

/* The values: a line, points when there are few, the last value labelled. */
static void trend_line(ap_pdf *doc, const ap_pdf_trend_chart *c, const trend_geom *g,
                       const point *p, size_t n)
{
    uint32_t col = c->color ? c->color & 0xFFFFFF : doc->accent;
    HPDF_Page pg = doc->page;
    set_stroke(doc, col, 1.3);
    HPDF_Page_SetLineJoin(pg, HPDF_ROUND_JOIN);
    for (size_t i = 0; i < n; i++) {
        HPDF_REAL x = (HPDF_REAL)tx(g, p[i].x), y = (HPDF_REAL)(doc->ph - ty(g, p[i].y));
        if (i == 0)
            HPDF_Page_MoveTo(pg, x, y);
        else
            HPDF_Page_LineTo(pg, x, y);
    }
    if (n > 1)
        HPDF_Page_Stroke(pg);
    else
        HPDF_Page_EndPath(pg);
    HPDF_Page_SetLineJoin(pg, HPDF_MITER_JOIN);
    set_fill(doc, col);
    for (size_t i = 0; i < n && (n <= 40 || i == n - 1); i++) {
        HPDF_Page_Circle(pg, (HPDF_REAL)tx(g, p[i].x), (HPDF_REAL)(doc->ph - ty(g, p[i].y)), 1.8f);
        HPDF_Page_Fill(pg);
    }
    trend_value_label(doc, c, g, p, n, col);
}

ap_rc ap_pdf_trend_chart_at(ap_pdf *doc, double x, double y, const ap_pdf_trend_chart *c)
{
    GUARD(doc);
    if (!c)
        return fail(doc, AP_E_INTERNAL, "pdf: no chart");
    if (!finite4(x, y, 0, 0))
        return doc->rc;
    double w = measure_or(c->width, 160, 2000), h = measure_or(c->height, 110, 2000), pad = 6;
    ap_pdf_rect(doc, x, y, w, h, AP_PDF_NONE, C_RULE_LIGHT, 0.6);
    look tl = look_make(AP_PDF_BOLD, CHART_SIZE, C_TEXT, AP_PDF_LEFT);
    ap_buf b = {0};
    lines l = {0};
    const char *s;
    label_lines(doc, &tl, c->title, w - 2 * pad, 2, &b, &s, &l);
    draw_lines(doc, &tl, s, &l, 0, l.n, x + pad, w - 2 * pad, y + pad - 1);
    double top = y + pad + (double)l.n * tl.leading + 4;
    lines_free(&l);
    ap_buf_free(&b);
    size_t n;
    point *p = trend_points(c, &n);
    if (n == 0) {
        small_text(doc, c->empty_text, CHART_SIZE, AP_PDF_ITALIC, C_MUTED, AP_PDF_CENTER, x + pad,
                   top + (y + h - top - tl.leading) / 2, w - 2 * pad);
    } else {
        trend_geom g = {0};
        bool legend = has_baseline(c) && c->baseline_label && *c->baseline_label;
        double bottom = y + h - pad + 2 - (legend ? 6.5 * 1.2 + 2 : 0);
        trend_ranges(c, p, n, &g);
        trend_axes(doc, &g, x + pad, top, w - 2 * pad, bottom);
        if (g.pw >= 10 && g.ph >= 10) {
            double *xs, *ys;
            trend_page_points(&g, p, n, &xs, &ys);
            trend_dates(doc, c, &g, p, n);
            trend_target(doc, c, &g, xs, ys, n);
            free(xs);
            free(ys);
            trend_baseline(doc, c, &g, x + pad, bottom + 1, w - 2 * pad);
            trend_line(doc, c, &g, p, n);
        }
    }
    free(p);
    doc->used = true;
    return doc->rc;
}

/* =========================================================================
 * Table of contents
 * ========================================================================= */

ap_rc ap_pdf_toc_reserve(ap_pdf *doc, const char *title, int pages)
{
    GUARD(doc);
    end_table(doc);
    if (doc->has_toc)
        return fail(doc, AP_E_INTERNAL, "pdf: only one table of contents per document");
    pages = pages < 1 ? 1 : pages > 100 ? 100 : pages;
    ap_pdf_page_break(doc);
    doc->has_toc = true;
    doc->toc_first = doc->cur;
    doc->toc_pages = (size_t)pages;
    doc->toc_title = ap_xstrdup(clean_text(&doc->clean, title));
    add_outline(doc, 1, doc->toc_title);
    doc->outline[0] = NULL; /* what follows is not nested under the contents */
    for (int i = 1; i < pages; i++) {
        doc->used = true;
        add_page(doc);
    }
    doc->used = true;
    add_page(doc);
    return doc->rc;
}

/* One entry whose lines are in doc->lay: the text, dot leaders on a grid so
 * that they line up from entry to entry, and the page number flush right. */
static void toc_entry(ap_pdf *doc, const look *lk, const heading *h, double indent, double numw,
                      double y)
{
    double tw = text_w(doc), x = doc->ml + indent, w = tw - indent - numw - 12;
    draw_lines(doc, lk, h->text, &doc->lay, 0, doc->lay.n, x, w, y);
    double top = y + (double)(doc->lay.n - 1) * lk->leading;
    char num[32];
    snprintf(num, sizeof num, "%zu", h->page + 1);
    look nl = *lk;
    nl.align = AP_PDF_RIGHT;
    lines l = {0};
    layout(doc, &nl, num, INFINITY, &l);
    draw_lines(doc, &nl, num, &l, 0, l.n, doc->ml + tw - numw, numw, top);
    double pitch = 4.5, from = x + doc->lay.v[doc->lay.n - 1].width + 5;
    double to = doc->ml + tw - (l.n ? l.v[0].width : 0) - 5;
    lines_free(&l);
    look dl = look_make(AP_PDF_REGULAR, lk->size, C_MUTED, AP_PDF_LEFT);
    line dot = {0, 1, 0};
    text_begin(doc, &dl);
    for (double dx = doc->ml + ceil((from - doc->ml) / pitch) * pitch; dx + 2 < to; dx += pitch)
        text_line(doc, &dl, ".", &dot, dx, 0, baseline(lk, top));
    HPDF_Page_EndText(doc->page);
    double all = (double)doc->lay.n * lk->leading;
    HPDF_Rect r = {(HPDF_REAL)x, (HPDF_REAL)(doc->ph - y - all), (HPDF_REAL)(doc->ml + tw),
                   (HPDF_REAL)(doc->ph - y)};
    HPDF_Page target = doc->pages[h->page].page;
    link_to(doc->page, r, target, HPDF_Page_GetHeight(target) - h->y);
}

/* Lay out the contents; draw them when draw is set. Returns the pages used. */
static size_t toc_run(ap_pdf *doc, bool draw)
{
    size_t page = doc->toc_first;
    select_page(doc, page);
    look hl = look_make(AP_PDF_BOLD, HEADING[0].size, doc->accent, AP_PDF_LEFT);
    double tw = text_w(doc), y = doc->mt, numw = 34;
    layout(doc, &hl, doc->toc_title, tw, &doc->lay);
    if (draw)
        draw_lines(doc, &hl, doc->toc_title, &doc->lay, 0, doc->lay.n, doc->ml, tw, y);
    y += (double)doc->lay.n * hl.leading + 14;
    for (size_t i = 0; i < doc->nheads && doc->rc == AP_OK; i++) {
        const heading *h = &doc->heads[i];
        if (h->level > 2)
            continue;
        look lk = look_make(h->level == 1 ? AP_PDF_BOLD : AP_PDF_REGULAR, h->level == 1 ? 10 : 9.5,
                            C_TEXT, AP_PDF_LEFT);
        lk.leading = 1.35 * lk.size;
        double indent = h->level == 1 ? 0 : 16, before = h->level == 1 ? 6 : 0;
        layout(doc, &lk, h->text, tw - indent - numw - 12, &doc->lay);
        if (doc->lay.n == 0)
            lines_push(&doc->lay, 0, 0, 0);
        double need_h = before + (double)doc->lay.n * lk.leading;
        if (y + need_h > bottom_y(doc) && y > doc->mt) {
            page++;
            y = doc->mt;
            if (draw)
                select_page(doc, page);
        }
        y += y > doc->mt ? before : 0;
        if (draw)
            toc_entry(doc, &lk, h, indent, numw, y);
        y += (double)doc->lay.n * lk.leading;
    }
    return page - doc->toc_first + 1;
}

/* Insert extra pages after the reserved ones when the contents need them;
 * headings on later pages move down by as many pages. */
static void toc_grow(ap_pdf *doc, size_t extra)
{
    size_t at = doc->toc_first + doc->toc_pages;
    HPDF_Page before = at < doc->npages ? doc->pages[at].page : NULL;
    bool landscape = doc->pages[doc->toc_first].landscape;
    for (size_t e = 0; e < extra && doc->rc == AP_OK; e++) {
        HPDF_Page p = before ? HPDF_InsertPage(doc->pdf, before) : HPDF_AddPage(doc->pdf);
        if (!p) {
            fail(doc, AP_E_INTERNAL, "pdf: unable to insert a contents page");
            return;
        }
        size_page(p, landscape);
        ap_grow(&doc->pages, &doc->pcap, doc->npages + 1, sizeof *doc->pages);
        memmove(&doc->pages[at + e + 1], &doc->pages[at + e],
                (doc->npages - at - e) * sizeof *doc->pages);
        doc->pages[at + e] = (page_rec){p, landscape};
        doc->npages++;
    }
    for (size_t i = 0; i < doc->nheads; i++)
        if (doc->heads[i].page >= at)
            doc->heads[i].page += extra;
    doc->toc_pages += extra;
}

static void toc_fill(ap_pdf *doc)
{
    size_t need_pages = toc_run(doc, false);
    if (need_pages > doc->toc_pages)
        toc_grow(doc, need_pages - doc->toc_pages);
    if (doc->rc == AP_OK)
        toc_run(doc, true);
}

/* ---------------------------------------------------------------------------
 * Running header and footer
 * ------------------------------------------------------------------------- */

/* The page-number text: fmt with its first %d the page, the second the
 * count, %% a percent sign; anything else is copied as it is. */
static void page_text(ap_buf *out, const char *fmt, size_t page, size_t count)
{
    int used = 0;
    ap_buf_reset(out);
    ap_buf_append(out, "", 0);
    for (const char *p = fmt; *p; p++) {
        if (p[0] == '%' && p[1] == 'd' && used < 2) {
            ap_buf_printf(out, "%zu", used++ == 0 ? page : count);
            p++;
        } else if (p[0] == '%' && p[1] == '%') {
            ap_buf_putc(out, '%');
            p++;
        } else {
            ap_buf_putc(out, *p);
        }
    }
}

static void running_heads(ap_pdf *doc, size_t idx)
{
    select_page(doc, idx);
    look lk = look_make(AP_PDF_REGULAR, 7.5, C_MUTED, AP_PDF_LEFT);
    double tw = text_w(doc), numw = 0;
    if (doc->header) {
        label_at(doc, &lk, doc->header, doc->ml, doc->mt - 30, tw);
        stroke_line(doc, doc->ml, doc->mt - 16, doc->ml + tw, doc->mt - 16, C_RULE_LIGHT, 0.5);
    }
    if (!doc->footer && !doc->page_format)
        return;
    double top = doc->ph - doc->mb + 24;
    stroke_line(doc, doc->ml, top - 6, doc->ml + tw, top - 6, C_RULE_LIGHT, 0.5);
    if (doc->page_format) {
        ap_buf num = {0};
        page_text(&num, doc->page_format, idx + 1, doc->npages);
        lk.align = AP_PDF_RIGHT;
        numw = ap_pdf_string_width(doc, ap_buf_str(&num), &(ap_pdf_style){7.5, 0, 0, 0, 0, 0});
        label_at(doc, &lk, ap_buf_str(&num), doc->ml, top, tw);
        ap_buf_free(&num);
        lk.align = AP_PDF_LEFT;
    }
    if (doc->footer)
        label_at(doc, &lk, doc->footer, doc->ml, top, tw - numw - 16);
}

/* Contents, running heads, page numbers: once, before the first save. */
static void finish(ap_pdf *doc)
{
    if (doc->finished || doc->rc != AP_OK)
        return;
    end_table(doc);
    if (doc->has_toc)
        toc_fill(doc);
    resolve_links(doc);
    if (doc->nheads || doc->has_toc)
        HPDF_SetPageMode(doc->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
    for (size_t i = 0; i < doc->npages && doc->rc == AP_OK; i++)
        if (i > 0 || !doc->plain_first)
            running_heads(doc, i);
    doc->finished = true;
}

/* =========================================================================
 * The document
 * ========================================================================= */

static void set_info(ap_pdf *doc, HPDF_InfoType type, const char *value)
{
    if (value && *value)
        HPDF_SetInfoAttr(doc->pdf, type, clean_text(&doc->clean, value));
}

/* Declare PDF 1.4 in the header: the version of /Lang and DisplayDocTitle. */
static void need_pdf14(ap_pdf *doc)
{
    if (doc->pdf->pdf_version < HPDF_VER_14)
        doc->pdf->pdf_version = HPDF_VER_14;
}

/* /Lang: libharu 2.3.0 has no call for it, but its public hpdf_doc.h exposes
 * the catalog dictionary, and HPDF_Dict_Add puts a string into it. /Lang
 * came with PDF 1.4, so the header says 1.4. */
static void set_lang(ap_pdf *doc, const char *lang)
{
    if (!lang || !*lang)
        return;
    ap_buf_reset(&doc->scratch);
    for (const char *p = lang; *p; p++)
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-')
            ap_buf_putc(&doc->scratch, *p);
    if (!doc->scratch.len)
        return;
    HPDF_String s = HPDF_String_New(doc->pdf->mmgr, doc->scratch.p, NULL);
    if (s)
        HPDF_Dict_Add(doc->pdf->catalog, "Lang", s);
    need_pdf14(doc);
}

/* Ask readers to show the title rather than the file name in the window
 * (/ViewerPreferences << /DisplayDocTitle true >>, also PDF 1.4), which
 * libharu 2.3.0's HPDF_SetViewerPreference cannot express. */
static void show_title(ap_pdf *doc)
{
    HPDF_Dict prefs = HPDF_Dict_New(doc->pdf->mmgr);
    if (!prefs)
        return;
    HPDF_Dict_AddBoolean(prefs, "DisplayDocTitle", HPDF_TRUE);
    HPDF_Dict_Add(doc->pdf->catalog, "ViewerPreferences", prefs);
    need_pdf14(doc);
}

static void copy_opts(ap_pdf *doc, const ap_pdf_opts *o)
{
    const char *env = getenv("ACTIONPLAN_FONT_DIR");
    const char *dir = o->font_dir && *o->font_dir ? o->font_dir : env && *env ? env : AP_FONT_DIR;
    snprintf(doc->font_dir, sizeof doc->font_dir, "%s", dir);
    doc->header = o->header && *o->header ? ap_xstrdup(o->header) : NULL;
    doc->footer = o->footer && *o->footer ? ap_xstrdup(o->footer) : NULL;
    doc->page_format = o->page_format && *o->page_format ? ap_xstrdup(o->page_format) : NULL;
    doc->plain_first = o->plain_first_page;
    doc->h1_new_page = o->h1_new_page;
    doc->body = measure_or(o->body_size, DEF_BODY, 200);
    doc->mt = measure_or(o->margin_top, DEF_MARGIN_TB, 250);
    doc->mb = measure_or(o->margin_bottom, DEF_MARGIN_TB, 250);
    doc->ml = measure_or(o->margin_left, DEF_MARGIN_LR, 250);
    doc->mr = measure_or(o->margin_right, DEF_MARGIN_LR, 250);
    doc->accent = o->accent ? o->accent & 0xFFFFFF : C_ACCENT;
    doc->orient = o->orientation == AP_PDF_LANDSCAPE ? AP_PDF_LANDSCAPE : AP_PDF_PORTRAIT;
}

/* libharu set-up: UTF-8, compression, metadata, the regular font, page 1. */
static void open_pdf(ap_pdf *doc, const ap_pdf_opts *o)
{
    HPDF_SetCompressionMode(doc->pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(doc->pdf);
    HPDF_SetCurrentEncoder(doc->pdf, "UTF-8");
    doc->utf8 = HPDF_GetEncoder(doc->pdf, "UTF-8");
    set_info(doc, HPDF_INFO_TITLE, o->title);
    set_info(doc, HPDF_INFO_AUTHOR, o->author);
    set_info(doc, HPDF_INFO_SUBJECT, o->subject);
    set_info(doc, HPDF_INFO_CREATOR, o->creator);
    set_lang(doc, o->lang);
    if (o->title && *o->title)
        show_title(doc);
    face_font(doc, AP_PDF_REGULAR);
    add_page(doc);
}

ap_rc ap_pdf_new(ap_pdf **out, const ap_pdf_opts *opts, ap_error *err)
{
    static const ap_pdf_opts none = {0};
    const ap_pdf_opts *o = opts ? opts : &none;
    *out = NULL;
    ap_pdf *doc = ap_xcalloc(1, sizeof *doc);
    copy_opts(doc, o);
    doc->pdf = HPDF_New(on_hpdf_error, doc);
    if (!doc->pdf) {
        ap_pdf_free(doc);
        return ap_error_set(err, AP_E_NOMEM,
                            TR("kan inte starta PDF-biblioteket libharu",
                               "unable to start the PDF library libharu"));
    }
    open_pdf(doc, o);
    if (doc->rc != AP_OK) {
        ap_rc rc = ap_error_set(err, doc->rc, "%s", doc->msg);
        ap_pdf_free(doc);
        return rc;
    }
    *out = doc;
    return AP_OK;
}

void ap_pdf_free(ap_pdf *doc)
{
    if (!doc)
        return;
    table_free(doc->table);
    if (doc->pdf)
        HPDF_Free(doc->pdf);
    for (int i = 0; i < 4; i++)
        free(doc->wcache[i]);
    for (size_t i = 0; i < doc->nheads; i++)
        free(doc->heads[i].text);
    free(doc->heads);
    for (size_t i = 0; i < doc->nanchors; i++)
        free(doc->anchors[i].key);
    free(doc->anchors);
    for (size_t i = 0; i < doc->nlinks; i++)
        free(doc->links[i].key);
    free(doc->links);
    free(doc->pages);
    free(doc->header);
    free(doc->footer);
    free(doc->page_format);
    free(doc->toc_title);
    ap_buf_free(&doc->clean);
    ap_buf_free(&doc->scratch);
    lines_free(&doc->lay);
    free(doc);
}

ap_rc ap_pdf_save(ap_pdf *doc, const char *path, ap_error *err)
{
    if (!doc || !path || !*path)
        return ap_error_set(err, AP_E_INTERNAL, "pdf: save without a document or path");
    finish(doc);
    if (doc->rc != AP_OK)
        return ap_error_set(err, doc->rc,
                            TR("kan inte skapa '%s': %s", "unable to create '%s': %s"), path,
                            doc->msg);
    ap_atomic a;
    ap_rc rc = ap_atomic_begin(&a, path, err);
    if (rc != AP_OK)
        return rc;
    errno = 0;
    HPDF_STATUS st = HPDF_SaveToFile(doc->pdf, a.tmp_path);
    if (st != HPDF_OK || doc->rc != AP_OK) {
        /* libharu's "0x1016 file write error" says nothing a user can act on */
        const char *full = ap_disk_full_reason(a.tmp_path, errno);
        ap_atomic_abort(&a);
        rc = ap_error_set(err, doc->rc != AP_OK ? doc->rc : AP_E_IO,
                          TR("kan inte skriva '%s': %s", "unable to write '%s': %s"), path,
                          full ? full : doc->rc != AP_OK ? doc->msg : "libharu");
        return rc;
    }
    return ap_atomic_commit(&a, err);
}
