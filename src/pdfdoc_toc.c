/*
 * pdfdoc_toc.c - the contents layer of the layout engine, on the text
 * (pdfdoc_text.c): headings in the flow, the outlines (bookmarks) and the
 * headings list they register, and the table of contents drawn at save
 * time on reserved pages.
 */
#include "pdfdoc_toc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actionplan/i18n.h"

/* Heading levels 1-3: size, space before, space after. */
typedef struct heading_style {
    double size, before, after;
} heading_style;
static const heading_style HEADING[3] = {{17.0, 18.0, 8.0}, {13.0, 14.0, 5.0}, {10.5, 10.0, 3.0}};

/* =========================================================================
 * Headings and outlines
 * ========================================================================= */

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
    pd_close_block(doc);
    level = level < 1 ? 1 : level > 3 ? 3 : level;
    if (level == 1 && doc->h1_new_page)
        ap_pdf_page_break(doc);
    look lk = pd_look_make(AP_PDF_BOLD, HEADING[level - 1].size, doc->accent, AP_PDF_LEFT);
    const char *s = pd_clean_text(&doc->clean, text);
    pd_layout(doc, &lk, s, pd_text_w(doc), &doc->lay);
    double h = (double)doc->lay.n * lk.leading;
    double before = pd_at_top(doc) ? 0 : HEADING[level - 1].before;
    pd_need(doc, before + h + HEADING[level - 1].after + 3 * 1.25 * doc->body);
    if (!pd_at_top(doc))
        doc->y += before;
    add_outline(doc, level, s);
    add_heading_entry(doc, level, s);
    pd_flow_lines(doc, &lk, s, &doc->lay, 0);
    doc->used = true;
    doc->y += HEADING[level - 1].after;
    return doc->rc;
}

/* =========================================================================
 * Table of contents
 * ========================================================================= */

ap_rc ap_pdf_toc_reserve(ap_pdf *doc, const char *title, int pages)
{
    GUARD(doc);
    pd_close_block(doc);
    if (doc->has_toc)
        return pd_fail(doc, AP_E_INTERNAL, "pdf: only one table of contents per document");
    pages = pages < 1 ? 1 : pages > 100 ? 100 : pages;
    ap_pdf_page_break(doc);
    doc->has_toc = true;
    doc->toc_first = doc->cur;
    doc->toc_pages = (size_t)pages;
    doc->toc_title = ap_xstrdup(pd_clean_text(&doc->clean, title));
    add_outline(doc, 1, doc->toc_title);
    doc->outline[0] = NULL; /* what follows is not nested under the contents */
    for (int i = 1; i < pages; i++) {
        doc->used = true;
        pd_add_page(doc);
    }
    doc->used = true;
    pd_add_page(doc);
    return doc->rc;
}

/* One entry whose lines are in doc->lay: the text, dot leaders on a grid so
 * that they line up from entry to entry, and the page number flush right. */
static void toc_entry(ap_pdf *doc, const look *lk, const heading *h, double indent, double numw,
                      double y)
{
    double tw = pd_text_w(doc), x = doc->ml + indent, w = tw - indent - numw - 12;
    pd_draw_lines(doc, lk, h->text, &doc->lay, 0, doc->lay.n, x, w, y);
    double top = y + (double)(doc->lay.n - 1) * lk->leading;
    char num[32];
    snprintf(num, sizeof num, "%zu", h->page + 1);
    look nl = *lk;
    nl.align = AP_PDF_RIGHT;
    lines l = {0};
    pd_layout(doc, &nl, num, INFINITY, &l);
    pd_draw_lines(doc, &nl, num, &l, 0, l.n, doc->ml + tw - numw, numw, top);
    double pitch = 4.5, from = x + doc->lay.v[doc->lay.n - 1].width + 5;
    double to = doc->ml + tw - (l.n ? l.v[0].width : 0) - 5;
    pd_lines_free(&l);
    look dl = pd_look_make(AP_PDF_REGULAR, lk->size, C_MUTED, AP_PDF_LEFT);
    line dot = {0, 1, 0};
    pd_text_begin(doc, &dl);
    for (double dx = doc->ml + ceil((from - doc->ml) / pitch) * pitch; dx + 2 < to; dx += pitch)
        pd_text_line(doc, &dl, ".", &dot, dx, 0, pd_baseline(lk, top));
    HPDF_Page_EndText(doc->page);
    double all = (double)doc->lay.n * lk->leading;
    HPDF_Rect r = {(HPDF_REAL)x, (HPDF_REAL)(doc->ph - y - all), (HPDF_REAL)(doc->ml + tw),
                   (HPDF_REAL)(doc->ph - y)};
    HPDF_Page target = doc->pages[h->page].page;
    pd_link_to(doc->page, r, target, HPDF_Page_GetHeight(target) - h->y);
}

/* Lay out the contents; draw them when draw is set. Returns the pages used. */
static size_t toc_run(ap_pdf *doc, bool draw)
{
    size_t page = doc->toc_first;
    pd_select_page(doc, page);
    look hl = pd_look_make(AP_PDF_BOLD, HEADING[0].size, doc->accent, AP_PDF_LEFT);
    double tw = pd_text_w(doc), y = doc->mt, numw = 34;
    pd_layout(doc, &hl, doc->toc_title, tw, &doc->lay);
    if (draw)
        pd_draw_lines(doc, &hl, doc->toc_title, &doc->lay, 0, doc->lay.n, doc->ml, tw, y);
    y += (double)doc->lay.n * hl.leading + 14;
    for (size_t i = 0; i < doc->nheads && doc->rc == AP_OK; i++) {
        const heading *h = &doc->heads[i];
        if (h->level > 2)
            continue;
        look lk = pd_look_make(h->level == 1 ? AP_PDF_BOLD : AP_PDF_REGULAR,
                               h->level == 1 ? 10 : 9.5, C_TEXT, AP_PDF_LEFT);
        lk.leading = 1.35 * lk.size;
        double indent = h->level == 1 ? 0 : 16, before = h->level == 1 ? 6 : 0;
        pd_layout(doc, &lk, h->text, tw - indent - numw - 12, &doc->lay);
        if (doc->lay.n == 0)
            pd_lines_push(&doc->lay, 0, 0, 0);
        double need_h = before + (double)doc->lay.n * lk.leading;
        if (y + need_h > pd_bottom_y(doc) && y > doc->mt) {
            page++;
            y = doc->mt;
            if (draw)
                pd_select_page(doc, page);
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
            pd_fail(doc, AP_E_INTERNAL, "pdf: unable to insert a contents page");
            return;
        }
        pd_size_page(p, landscape);
        ap_grow(&doc->pages, &doc->pcap, doc->npages + 1, sizeof *doc->pages);
        memmove(&doc->pages[at + e + 1], &doc->pages[at + e],
                (doc->npages - at - e) * sizeof *doc->pages);
        doc->pages[at + e] = (page_rec){p, landscape, false};
        doc->npages++;
    }
    for (size_t i = 0; i < doc->nheads; i++)
        if (doc->heads[i].page >= at)
            doc->heads[i].page += extra;
    doc->toc_pages += extra;
}

void pd_toc_fill(ap_pdf *doc)
{
    size_t need_pages = toc_run(doc, false);
    if (need_pages > doc->toc_pages)
        toc_grow(doc, need_pages - doc->toc_pages);
    if (doc->rc == AP_OK)
        toc_run(doc, true);
}
