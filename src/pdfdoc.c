/*
 * pdfdoc.c - the document-layout engine (see pdfdoc.h): the document, its
 * pages, fonts and drawing primitives.
 *
 * libharu draws; these files decide where. Text is cleaned, broken into lines
 * with the font's own widths (libharu's TextRect prints nothing for a word
 * wider than its box, so it is not used), and placed one line at a time with
 * TextOut. Page numbers, running headers and the table of contents are drawn
 * at save time, when the page count is known: libharu keeps every page's
 * content stream open until it writes the file, so earlier pages can still
 * be drawn on.
 *
 * The other pieces: pdfdoc_text.c (text and flow), pdfdoc_table.c (tables),
 * pdfdoc_chart.c (charts), pdfdoc_toc.c (outlines and contents); what they
 * share is in pdfdoc_internal.h.
 */
#include "pdfdoc_internal.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actionplan/i18n.h"

static const char *const FACE_FILE[4] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
                                         "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"};

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

/* The font of a face, loading it on first use; NULL after an error. */
static HPDF_Font face_font(ap_pdf *doc, unsigned face)
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
    HPDF_Font f = face_font(doc, face);
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

/* Make page idx current (its size; the cursor is left alone). */
void pd_select_page(ap_pdf *doc, size_t idx)
{
    forget_state(doc);
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
    bool landscape = doc->orient == AP_PDF_LANDSCAPE;
    pd_size_page(p, landscape);
    ap_grow(&doc->pages, &doc->pcap, doc->npages + 1, sizeof *doc->pages);
    doc->pages[doc->npages++] = (page_rec){p, landscape};
    pd_select_page(doc, doc->npages - 1);
    doc->y = doc->mt;
    doc->used = false;
    if (doc->table) {
        doc->table->header_on_page = false;
        doc->table->rows_on_page = 0;
    }
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
    pd_end_table(doc);
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
    pd_select_page(doc, idx);
    look lk = pd_look_make(AP_PDF_REGULAR, 7.5, C_MUTED, AP_PDF_LEFT);
    double tw = pd_text_w(doc), numw = 0;
    if (doc->header) {
        pd_label_at(doc, &lk, doc->header, doc->ml, doc->mt - 30, tw);
        pd_stroke_line(doc, doc->ml, doc->mt - 16, doc->ml + tw, doc->mt - 16, C_RULE_LIGHT, 0.5);
    }
    if (!doc->footer && !doc->page_format)
        return;
    double top = doc->ph - doc->mb + 24;
    pd_stroke_line(doc, doc->ml, top - 6, doc->ml + tw, top - 6, C_RULE_LIGHT, 0.5);
    if (doc->page_format) {
        ap_buf num = {0};
        page_text(&num, doc->page_format, idx + 1, doc->npages);
        lk.align = AP_PDF_RIGHT;
        numw = ap_pdf_string_width(doc, ap_buf_str(&num), &(ap_pdf_style){7.5, 0, 0, 0, 0, 0});
        pd_label_at(doc, &lk, ap_buf_str(&num), doc->ml, top, tw);
        ap_buf_free(&num);
        lk.align = AP_PDF_LEFT;
    }
    if (doc->footer)
        pd_label_at(doc, &lk, doc->footer, doc->ml, top, tw - numw - 16);
}

/* Contents, running heads, page numbers: once, before the first save. */
static void finish(ap_pdf *doc)
{
    if (doc->finished || doc->rc != AP_OK)
        return;
    pd_end_table(doc);
    if (doc->has_toc)
        pd_toc_fill(doc);
    pd_resolve_links(doc);
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
        HPDF_SetInfoAttr(doc->pdf, type, pd_clean_text(&doc->clean, value));
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
    pd_add_page(doc);
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
    pd_table_free(doc->table);
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
    pd_lines_free(&doc->lay);
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
                          full               ? full
                          : doc->rc != AP_OK ? doc->msg
                                             : "libharu");
        return rc;
    }
    return ap_atomic_commit(&a, err);
}
