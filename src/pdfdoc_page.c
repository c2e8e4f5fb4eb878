/*
 * pdfdoc_page.c - the bottom layer of the document-layout engine (see
 * pdfdoc.h): errors, fonts and glyph widths, colours and drawing
 * primitives, links, pages and the cursor, page breaks, drawing at fixed
 * positions.
 *
 * Layers, each calling only those below it (pdfdoc_page.h says more):
 *   pdfdoc.c        the document: new, save (contents, running heads), free
 *   pdfdoc_toc.c    headings, outlines, the table of contents
 *   pdfdoc_table.c  tables          pdfdoc_chart.c  charts
 *   pdfdoc_text.c   text: cleaning, line breaking, looks, flowing text
 *   pdfdoc_page.c   this file
 * A block a higher layer keeps open (a table) is ended from here through
 * the document's close_block hook, never by a call upward.
 */
#include "pdfdoc_page.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf_pages.h>

#include "actionplan/i18n.h"

static const char *const FACE_FILE[4] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
                                         "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"};

/* =========================================================================
 * Errors
 * ========================================================================= */

/* Record an engine error unless one is already kept; returns the kept code. */
__attribute__((format(printf, 3, 4))) ap_rc pd_fail(ap_pdf *doc, ap_rc code, const char *fmt, ...)
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

/* =========================================================================
 * Fonts and widths
 * ========================================================================= */

/* Encode cp (within the BMP) as UTF-8 into out; returns the bytes. */
size_t pd_utf8_put(uint32_t cp, char *out)
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

/* The font of a face, loading it on first use; NULL after an error. */
HPDF_Font pd_face_font(ap_pdf *doc, unsigned face)
{
    face &= 3;
    if (doc->font[face] || doc->rc != AP_OK)
        return doc->font[face];
    char path[4096];
    ap_path_join(path, sizeof path, doc->font_dir, FACE_FILE[face]);
    if (access(path, R_OK) != 0) {
        pd_fail(
            doc, AP_E_IO,
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
        pd_fail(doc, AP_E_IO,
                TR("kan inte läsa typsnittet '%s': %s", "unable to load font '%s': %s"), path, was);
        return NULL;
    }
    doc->font[face] = f;
    doc->wcache[face] = ap_xmalloc(WCACHE * sizeof(float));
    for (size_t i = 0; i < WCACHE; i++)
        doc->wcache[face][i] = -1.0f;
    return f;
}

/* Advance width of one code point in 1/1000 em (0 after an error). */
double pd_cp_width(ap_pdf *doc, unsigned face, uint32_t cp)
{
    face &= 3;
    HPDF_Font f = pd_face_font(doc, face);
    if (!f)
        return 0;
    float *cache = doc->wcache[face];
    if (cp < WCACHE && cache[cp] >= 0)
        return cache[cp];
    char enc[3];
    size_t n = pd_utf8_put(cp, enc);
    HPDF_TextWidth tw = HPDF_Font_TextWidth(f, (const HPDF_BYTE *)enc, (HPDF_UINT)n);
    if (cp < WCACHE)
        cache[cp] = (float)tw.width;
    return tw.width;
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

void pd_set_fill(ap_pdf *doc, uint32_t c)
{
    if (c == doc->gs_fill)
        return;
    HPDF_Page_SetRGBFill(doc->page, (HPDF_REAL)red(c), (HPDF_REAL)green(c), (HPDF_REAL)blue(c));
    doc->gs_fill = c;
}

void pd_set_stroke(ap_pdf *doc, uint32_t c, double width)
{
    if (c != doc->gs_stroke)
        HPDF_Page_SetRGBStroke(doc->page, (HPDF_REAL)red(c), (HPDF_REAL)green(c),
                               (HPDF_REAL)blue(c));
    if (width != doc->gs_width)
        HPDF_Page_SetLineWidth(doc->page, (HPDF_REAL)width);
    doc->gs_stroke = c;
    doc->gs_width = width;
}

void pd_set_font(ap_pdf *doc, unsigned face, double size)
{
    HPDF_Font f = pd_face_font(doc, face);
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
unsigned pd_lightness(uint32_t c)
{
    return (((c >> 16) & 0xFF) * 299 + ((c >> 8) & 0xFF) * 587 + (c & 0xFF) * 114) / 1000;
}

void pd_fill_rect(ap_pdf *doc, double x, double y, double w, double h, uint32_t c)
{
    pd_set_fill(doc, c);
    HPDF_Page_Rectangle(doc->page, (HPDF_REAL)x, (HPDF_REAL)(doc->ph - y - h), (HPDF_REAL)w,
                        (HPDF_REAL)h);
    HPDF_Page_Fill(doc->page);
}

void pd_stroke_line(ap_pdf *doc, double x1, double y1, double x2, double y2, uint32_t c,
                    double width)
{
    pd_set_stroke(doc, c, width);
    HPDF_Page_MoveTo(doc->page, (HPDF_REAL)x1, (HPDF_REAL)(doc->ph - y1));
    HPDF_Page_LineTo(doc->page, (HPDF_REAL)x2, (HPDF_REAL)(doc->ph - y2));
    HPDF_Page_Stroke(doc->page);
}

/* A mark in the s x s square at top-left (x, y). */
void pd_draw_mark(ap_pdf *doc, double x, double y, double s, ap_pdf_shape shape, uint32_t color)
{
    HPDF_Page pg = doc->page;
    double r = s / 2, cx = x + r, cy = doc->ph - (y + r);
    pd_set_fill(doc, color);
    pd_set_stroke(doc, darker(color), 0.5);
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
        pd_set_stroke(doc, color, r * 0.45);
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

/* A link annotation on page over r to top on target, without a border.
 *
 * Written by hand rather than with HPDF_Page_CreateLinkAnnot: libharu's
 * annotation is some 25 objects (a dictionary, arrays of reals, names of
 * 128 bytes each), about 3 KB a link, 70 MB for the 24,000 deviation rows
 * of a 100,000-activity pack. Here it is one empty dictionary in the
 * cross-reference table and in the page's /Annots, whose write hook
 * prints its entries from a few numbers kept beside it. */
typedef struct link_data {
    HPDF_REAL rect[4]; /* left, bottom, right, top */
    HPDF_REAL top;     /* where the target page is shown from */
    HPDF_Page target;
} link_data;

/* v with two decimals, whatever the locale: "123.45", "-0.5" -> "-0.50". */
static void put_real(char *out, size_t n, double v)
{
    long long h = llround((isfinite(v) ? v : 0) * 100);
    snprintf(out, n, "%s%lld.%02lld", h < 0 ? "-" : "", llabs(h) / 100, llabs(h) % 100);
}

static HPDF_STATUS write_link(HPDF_Dict dict, HPDF_Stream out)
{
    const link_data *l = dict->attr;
    const HPDF_Obj_Header *t = (const HPDF_Obj_Header *)l->target;
    char r[4][32], top[32], text[256];
    for (int i = 0; i < 4; i++)
        put_real(r[i], sizeof r[i], l->rect[i]);
    put_real(top, sizeof top, l->top);
    snprintf(text, sizeof text,
             "/Type /Annot\012/Subtype /Link\012/Rect [%s %s %s %s]\012/Border [0 0 0]\012"
             "/Dest [%u %u R /FitH %s]\012",
             r[0], r[1], r[2], r[3], (unsigned)(t->obj_id & 0x00FFFFFF), (unsigned)t->gen_no, top);
    return HPDF_Stream_WriteStr(out, text);
}

static void free_link(HPDF_Dict dict)
{
    HPDF_FreeMem(dict->mmgr, dict->attr);
    dict->attr = NULL;
}

void pd_link_to(HPDF_Page page, HPDF_Rect r, HPDF_Page target, double top)
{
    HPDF_Array annots = HPDF_Dict_GetItem(page, "Annots", HPDF_OCLASS_ARRAY);
    if (!annots) {
        annots = HPDF_Array_New(page->mmgr);
        if (!annots || HPDF_Dict_Add(page, "Annots", annots) != HPDF_OK)
            return;
    }
    HPDF_Dict a = HPDF_Dict_New(page->mmgr);
    if (!a)
        return;
    link_data *l = HPDF_GetMem(page->mmgr, sizeof *l);
    if (!l) {
        HPDF_Dict_Free(a);
        return;
    }
    *l = (link_data){{r.left, r.bottom < r.top ? r.bottom : r.top, r.right,
                      r.bottom < r.top ? r.top : r.bottom},
                     (HPDF_REAL)(top + 6), target};
    a->attr = l;
    a->free_fn = free_link;
    a->write_fn = write_link;
    /* the xref owns the dictionary from here (and frees it on error) */
    if (HPDF_Xref_Add(((HPDF_PageAttr)page->attr)->xref, a) == HPDF_OK)
        HPDF_Array_Add(annots, a);
}

/* =========================================================================
 * Pages and the cursor
 * ========================================================================= */

double pd_text_w(const ap_pdf *doc)
{
    return doc->pw - doc->ml - doc->mr;
}

double pd_bottom_y(const ap_pdf *doc)
{
    return doc->ph - doc->mb;
}

bool pd_at_top(const ap_pdf *doc)
{
    return !doc->used && doc->y <= doc->mt + 0.01;
}

static void unseal(ap_pdf *doc, size_t idx);

/* Make page idx current (its size; the cursor is left alone). */
void pd_select_page(ap_pdf *doc, size_t idx)
{
    forget_state(doc);
    if (doc->pages[idx].sealed)
        unseal(doc, idx);
    doc->cur = idx;
    doc->page = doc->pages[idx].page;
    doc->pw = HPDF_Page_GetWidth(doc->page);
    doc->ph = HPDF_Page_GetHeight(doc->page);
}

void pd_size_page(HPDF_Page p, bool landscape)
{
    HPDF_Page_SetSize(p, HPDF_PAGE_SIZE_A4, landscape ? HPDF_PAGE_LANDSCAPE : HPDF_PAGE_PORTRAIT);
}

/* Append a page and put the cursor at its top. */
void pd_add_page(ap_pdf *doc)
{
    if (doc->rc != AP_OK)
        return;
    HPDF_Page p = HPDF_AddPage(doc->pdf);
    if (!p) {
        pd_fail(doc, AP_E_INTERNAL, "pdf: unable to add a page");
        return;
    }
    if (doc->npages)
        pd_seal_page(doc, doc->npages - 1);
    bool landscape = doc->orient == AP_PDF_LANDSCAPE;
    pd_size_page(p, landscape);
    ap_grow(&doc->pages, &doc->pcap, doc->npages + 1, sizeof *doc->pages);
    doc->pages[doc->npages++] = (page_rec){p, landscape, false};
    pd_select_page(doc, doc->npages - 1);
    doc->y = doc->mt;
    doc->used = false;
    if (doc->block_new_page)
        doc->block_new_page(doc);
}

/* =========================================================================
 * Sealing pages: a finished page's drawing is compressed at once on a
 * worker thread (pdfdoc_seal.h), not kept as text until the save.
 * ========================================================================= */

/* Seal page idx, unless it is sealed already or something is unusual
 * about it (then libharu compresses it at the save, as before). */
void pd_seal_page(ap_pdf *doc, size_t idx)
{
    if (doc->rc != AP_OK || idx >= doc->npages || doc->pages[idx].sealed)
        return;
    if (!doc->sealer)
        doc->sealer = pd_sealer_new(true);
    if (pd_seal(doc->sealer, doc->pages[idx].page))
        doc->pages[idx].sealed = true;
}

/* Every sealed page's compressed bytes back in place: before the save. */
void pd_settle_pages(ap_pdf *doc)
{
    if (!pd_sealer_settle(doc->sealer))
        pd_fail(doc, AP_E_NOMEM, "pdf: out of memory while compressing the pages");
}

void pd_seal_free(ap_pdf *doc)
{
    pd_sealer_free(doc->sealer);
    doc->sealer = NULL;
}

/* Drawing on a sealed page again: a new content stream, compressed at the
 * save like libharu's own. */
static void unseal(ap_pdf *doc, size_t idx)
{
    HPDF_Page page = doc->pages[idx].page;
    if (HPDF_Page_New_Content_Stream(page, NULL) != HPDF_OK) {
        pd_fail(doc, AP_E_INTERNAL, "pdf: unable to add to a finished page");
        return;
    }
    ((HPDF_PageAttr)page->attr)->contents->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    doc->pages[idx].sealed = false;
}

/* End the block a higher layer keeps open (a table), if any. */
void pd_close_block(ap_pdf *doc)
{
    if (doc->close_block)
        doc->close_block(doc);
}

/* New page unless h fits below the cursor (or the page is still empty). */
void pd_need(ap_pdf *doc, double h)
{
    if (!pd_at_top(doc) && doc->y + h > pd_bottom_y(doc) + 0.01)
        pd_add_page(doc);
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
                           pd_text_w(doc),    doc->y,          pd_bottom_y(doc) - doc->y,
                           (int)doc->cur + 1, (int)doc->npages};
}

double ap_pdf_text_width(const ap_pdf *doc)
{
    return doc ? pd_text_w(doc) : 0;
}

double ap_pdf_y(const ap_pdf *doc)
{
    return doc ? doc->y : 0;
}

double ap_pdf_remaining(const ap_pdf *doc)
{
    return doc ? pd_bottom_y(doc) - doc->y : 0;
}

void ap_pdf_move_to(ap_pdf *doc, double y)
{
    if (!doc || !isfinite(y))
        return;
    doc->y = y < doc->mt ? doc->mt : y > pd_bottom_y(doc) ? pd_bottom_y(doc) : y;
}

ap_rc ap_pdf_page_break(ap_pdf *doc)
{
    GUARD(doc);
    if (!pd_at_top(doc))
        pd_add_page(doc);
    return doc->rc;
}

ap_rc ap_pdf_set_orientation(ap_pdf *doc, ap_pdf_orientation o)
{
    GUARD(doc);
    doc->orient = o == AP_PDF_LANDSCAPE ? AP_PDF_LANDSCAPE : AP_PDF_PORTRAIT;
    if (!doc->used) {
        bool landscape = doc->orient == AP_PDF_LANDSCAPE;
        pd_size_page(doc->page, landscape);
        doc->pages[doc->cur].landscape = landscape;
        pd_select_page(doc, doc->cur);
        doc->y = doc->mt;
    }
    return doc->rc;
}

ap_rc ap_pdf_keep(ap_pdf *doc, double height)
{
    GUARD(doc);
    if (isfinite(height) && height > 0)
        pd_need(doc, height);
    return doc->rc;
}

ap_rc ap_pdf_space(ap_pdf *doc, double points)
{
    GUARD(doc);
    if (!isfinite(points) || points <= 0 || pd_at_top(doc))
        return doc->rc;
    if (doc->y + points > pd_bottom_y(doc))
        pd_add_page(doc);
    else
        doc->y += points;
    return doc->rc;
}

ap_rc ap_pdf_block(ap_pdf *doc, double height, double *y_top)
{
    GUARD(doc);
    pd_close_block(doc);
    if (!isfinite(height) || height < 0)
        height = 0;
    pd_need(doc, height);
    if (y_top)
        *y_top = doc->y;
    doc->y += height;
    doc->used = true;
    return doc->rc;
}

/* =========================================================================
 * Drawing at fixed positions
 * ========================================================================= */

/* Positions that are not numbers draw nothing: libharu would write them
 * into the file as they are and break it. */
bool pd_finite4(double a, double b, double c, double d)
{
    return isfinite(a) && isfinite(b) && isfinite(c) && isfinite(d);
}

ap_rc ap_pdf_rect(ap_pdf *doc, double x, double y, double w, double h, uint32_t fill,
                  uint32_t stroke, double line_width)
{
    GUARD(doc);
    if ((fill == AP_PDF_NONE && stroke == AP_PDF_NONE) || !pd_finite4(x, y, w, h))
        return doc->rc;
    line_width = measure_or(line_width, 0.5, 100);
    if (fill != AP_PDF_NONE)
        pd_set_fill(doc, fill);
    if (stroke != AP_PDF_NONE)
        pd_set_stroke(doc, stroke, line_width);
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
    if (color == AP_PDF_NONE || !pd_finite4(x1, y1, x2, y2))
        return doc->rc;
    pd_stroke_line(doc, x1, y1, x2, y2, color, measure_or(width, 0.5, 100));
    doc->used = true;
    return doc->rc;
}

ap_rc ap_pdf_mark(ap_pdf *doc, double x, double y, double size, ap_pdf_shape shape, uint32_t color)
{
    GUARD(doc);
    if (shape != AP_PDF_MARK_NONE && pd_finite4(x, y, size, 0) && size > 0)
        pd_draw_mark(doc, x, y, size, shape, color & 0xFFFFFF);
    return doc->rc;
}
