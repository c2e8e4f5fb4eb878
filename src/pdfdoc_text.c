/*
 * pdfdoc_text.c - text in the layout engine, its second layer (on
 * pdfdoc_page.c): cleaning, line breaking with the font's widths, looks,
 * paragraphs in the flow, text at a fixed place, clipped labels. Headings
 * are a layer up, in pdfdoc_toc.c, as they register outline and contents
 * entries.
 */
#include "pdfdoc_text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "actionplan/i18n.h"

/* =========================================================================
 * Text: cleaning, fonts, widths
 * ========================================================================= */

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
const char *pd_clean_text(ap_buf *b, const char *s)
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
        ap_buf_append(b, enc, pd_utf8_put(cp, enc));
    }
    return ap_buf_str(b);
}

/* Width in points of bytes [a, b) of clean text. */
static double span_width(ap_pdf *doc, const look *lk, const char *s, size_t a, size_t b)
{
    double w = 0;
    const char *p = s + a, *end = s + b;
    while (p < end && *p)
        w += pd_cp_width(doc, lk->face, ap_utf8_next(&p));
    return w * lk->size / 1000.0;
}

/* =========================================================================
 * Line breaking
 * ========================================================================= */

void pd_lines_push(lines *l, size_t off, size_t len, double width)
{
    ap_grow(&l->v, &l->cap, l->n + 1, sizeof *l->v);
    l->v[l->n++] = (line){off, len, width};
}

void pd_lines_free(lines *l)
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
        w += pd_cp_width(doc, lk->face, ap_utf8_next(&q)) * k;
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
        double cw = pd_cp_width(doc, lk->face, cp) * k;
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
        pd_lines_push(out, p, cut - p, ww);
        return cut;
    }
    pd_lines_push(out, start, end - start, w);
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
        pd_lines_push(out, a, 0, 0);
}

/* Break clean text s into lines at most maxw points wide (INFINITY: only at
 * '\n'). An empty string has no lines. */
void pd_layout(ap_pdf *doc, const look *lk, const char *s, double maxw, lines *out)
{
    out->n = 0;
    size_t len = strlen(s), i = 0;
    if (len == 0)
        return;
    double space = pd_cp_width(doc, lk->face, ' ') * lk->size / 1000.0;
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
        double cw = pd_cp_width(doc, lk->face, ap_utf8_next(&q)) * lk->size / 1000.0;
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

/* Where the baseline of a line box of the given top lies: the box's middle
 * falls between the x-height and the cap height. */
double pd_baseline(const look *lk, double top)
{
    return top + lk->leading / 2 + 0.33 * lk->size;
}

void pd_text_begin(ap_pdf *doc, const look *lk)
{
    HPDF_Page_BeginText(doc->page);
    pd_set_font(doc, lk->face, lk->size);
    pd_set_fill(doc, lk->color);
}

/* Show one laid-out line in the box [x, x+w] with its baseline at base;
 * between text_begin and HPDF_Page_EndText. */
void pd_text_line(ap_pdf *doc, const look *lk, const char *s, const line *ln, double x, double w,
                  double base)
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
void pd_draw_lines(ap_pdf *doc, const look *lk, const char *s, const lines *l, size_t from,
                   size_t to, double x, double w, double top)
{
    if (from >= to || doc->rc != AP_OK)
        return;
    pd_text_begin(doc, lk);
    for (size_t i = from; i < to; i++)
        pd_text_line(doc, lk, s, &l->v[i], x, w,
                     pd_baseline(lk, top + (double)(i - from) * lk->leading));
    HPDF_Page_EndText(doc->page);
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

look pd_look_make(unsigned face, double size, uint32_t color, ap_pdf_align align)
{
    return (look){face, size, 1.2 * size, color, align};
}

/* =========================================================================
 * Flowing text
 * ========================================================================= */

/* Draw laid-out lines in the flow from the cursor, starting new pages as
 * needed; at least one line goes on each page, so this always ends. */
void pd_flow_lines(ap_pdf *doc, const look *lk, const char *s, const lines *l, double indent)
{
    size_t i = 0;
    while (i < l->n && doc->rc == AP_OK) {
        double room = pd_bottom_y(doc) - doc->y + 0.01;
        size_t fit = room > 0 ? (size_t)(room / lk->leading) : 0;
        if (fit == 0 && !pd_at_top(doc)) {
            pd_add_page(doc);
            continue;
        }
        if (fit == 0)
            fit = 1;
        size_t k = fit < l->n - i ? fit : l->n - i;
        pd_draw_lines(doc, lk, s, l, i, i + k, doc->ml + indent, pd_text_w(doc) - indent, doc->y);
        doc->y += (double)k * lk->leading;
        doc->used = true;
        i += k;
        if (i < l->n)
            pd_add_page(doc);
    }
}

ap_rc ap_pdf_paragraph(ap_pdf *doc, const char *text, const ap_pdf_style *style)
{
    GUARD(doc);
    pd_close_block(doc);
    look lk = look_of(doc, style);
    const char *s = pd_clean_text(&doc->clean, text);
    pd_layout(doc, &lk, s, pd_text_w(doc), &doc->lay);
    if (doc->lay.n == 0)
        return doc->rc;
    if (doc->lay.n >= 2)
        pd_need(doc, 2 * lk.leading); /* no single line alone at the foot of a page */
    pd_flow_lines(doc, &lk, s, &doc->lay, 0);
    double after = style && style->space_after != 0 ? style->space_after : 0.6 * lk.size;
    if (after > 0)
        ap_pdf_space(doc, after);
    return doc->rc;
}

ap_rc ap_pdf_text_at(ap_pdf *doc, double x, double y, double width, const char *text,
                     const ap_pdf_style *style, double *height)
{
    if (height)
        *height = 0;
    GUARD(doc);
    if (!pd_finite4(x, y, 0, 0))
        return doc->rc;
    width = isfinite(width) ? width : 0;
    look lk = look_of(doc, style);
    const char *s = pd_clean_text(&doc->clean, text);
    pd_layout(doc, &lk, s, width > 0 ? width : INFINITY, &doc->lay);
    pd_draw_lines(doc, &lk, s, &doc->lay, 0, doc->lay.n, x, width > 0 ? width : 0, y);
    if (height)
        *height = (double)doc->lay.n * lk.leading;
    return doc->rc;
}

double ap_pdf_measure(ap_pdf *doc, const char *text, const ap_pdf_style *style, double width)
{
    if (!doc || doc->rc != AP_OK)
        return 0;
    look lk = look_of(doc, style);
    const char *s = pd_clean_text(&doc->clean, text);
    pd_layout(doc, &lk, s, width > 0 ? width : INFINITY, &doc->lay);
    return (double)doc->lay.n * lk.leading;
}

double ap_pdf_string_width(ap_pdf *doc, const char *text, const ap_pdf_style *style)
{
    if (!doc || doc->rc != AP_OK)
        return 0;
    look lk = look_of(doc, style);
    const char *s = pd_clean_text(&doc->clean, text);
    pd_layout(doc, &lk, s, INFINITY, &doc->lay);
    double w = 0;
    for (size_t i = 0; i < doc->lay.n; i++)
        w = doc->lay.v[i].width > w ? doc->lay.v[i].width : w;
    return w;
}

/* =========================================================================
 * Labels (charts, running heads)
 * ========================================================================= */

/* Clean, lay out and clip a label to max lines of width w. */
void pd_label_lines(ap_pdf *doc, const look *lk, const char *text, double w, size_t max, ap_buf *b,
                    const char **s, lines *l)
{
    *s = pd_clean_text(b, text);
    pd_layout(doc, lk, *s, w, l);
    clip_lines(doc, lk, s, l, max, w, b);
}

/* A single line of text, clipped with an ellipsis to w, at (x, top). */
void pd_label_at(ap_pdf *doc, const look *lk, const char *text, double x, double top, double w)
{
    ap_buf b = {0};
    lines l = {0};
    const char *s;
    pd_label_lines(doc, lk, text, w, 1, &b, &s, &l);
    pd_draw_lines(doc, lk, s, &l, 0, l.n, x, w, top);
    pd_lines_free(&l);
    ap_buf_free(&b);
}
