/*
 * pdfdoc_table.c - tables in the layout engine, a layer on the text
 * (pdfdoc_text.c): column widths, rows that wrap and split across pages
 * under a repeated header, group rows, and links from a cell to another
 * table's row. While a table is open it sets the document's hooks, so that
 * the layers below end it (close_block) and tell it of a new page
 * (block_new_page) without calling up.
 */
#include "pdfdoc_table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "actionplan/i18n.h"

/* =========================================================================
 * Tables
 * ========================================================================= */

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
    char *next_anchor; /* ap_pdf_table_anchor for the next row */
    char *next_link;   /* ap_pdf_table_link for the next row */
    size_t next_link_col;
} table;

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
        pd_lines_free(&c[i].lay);
    }
    free(c);
}

void pd_table_free(table *t)
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
    look lk = pd_look_make(face, t->size, C_TEXT, AP_PDF_LEFT);
    c->mark = src ? src->mark : AP_PDF_MARK_NONE;
    c->mark_color = src ? src->mark_color & 0xFFFFFF : 0;
    c->text = pd_clean_text(&c->clean, src ? src->text : NULL);
    double inner = w - 2 * t->pad - (c->mark ? mark_advance(t) : 0);
    pd_layout(doc, &lk, c->text, inner, &c->lay);
    if (c->mark && c->lay.n == 0)
        pd_lines_push(&c->lay, 0, 0, 0);
}

/* Draw the header row at the cursor. */
static void draw_table_header(ap_pdf *doc, table *t)
{
    double y = doc->y;
    if (t->head_fill != AP_PDF_NONE)
        pd_fill_rect(doc, t->left, y, t->width, t->head_h, t->head_fill);
    for (size_t c = 0; c < t->ncols; c++) {
        look lk = pd_look_make(AP_PDF_BOLD, t->size, C_TEXT, t->align[c]);
        pd_draw_lines(doc, &lk, t->head[c].text, &t->head[c].lay, 0, t->head[c].lay.n,
                      t->x[c] + t->pad, t->w[c] - 2 * t->pad, y + t->pad);
    }
    pd_stroke_line(doc, t->left, y + t->head_h, t->left + t->width, y + t->head_h, C_RULE, 0.8);
    doc->y += t->head_h;
    doc->used = true;
    t->header_on_page = true;
    t->rows_on_page = 0;
}

/* The hook for a page added under the open table: its header is not on
 * the new page yet (the table draws it before the next row). */
static void page_added(ap_pdf *doc)
{
    doc->table->header_on_page = false;
    doc->table->rows_on_page = 0;
}

static void end_table(ap_pdf *doc);

ap_rc ap_pdf_table_begin(ap_pdf *doc, const ap_pdf_column *cols, size_t ncols,
                         const ap_pdf_table_opts *opts)
{
    GUARD(doc);
    end_table(doc);
    if (!cols || ncols == 0 || ncols > 64)
        return pd_fail(doc, AP_E_INTERNAL, "pdf: a table needs 1 to 64 columns, not %zu", ncols);
    table *t = ap_xcalloc(1, sizeof *t);
    t->ncols = ncols;
    t->size = measure_or(opts ? opts->font_size : 0, TABLE_SIZE, 200);
    t->leading = 1.2 * t->size;
    t->pad = measure_or(opts ? opts->padding : 0, 3.0, 100);
    t->zebra = opts && opts->zebra;
    t->head_fill = opts && opts->header_fill ? opts->header_fill & 0xFFFFFF : C_HEAD_FILL;
    t->left = doc->ml;
    t->width = pd_text_w(doc);
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
    doc->close_block = end_table;
    doc->block_new_page = page_added;
    return doc->rc;
}

static void add_anchor(ap_pdf *doc, char *key, double y);
static void add_link(ap_pdf *doc, char *key, double x, double y, double w, double h);

/* Draw lines [from, from+k) of the current row's cells at the cursor. */
static void draw_row_part(ap_pdf *doc, table *t, size_t ncells, size_t from, size_t k,
                          unsigned flags, uint32_t fill)
{
    double y = doc->y, h = (double)k * t->leading + 2 * t->pad;
    if (from == 0 && t->next_anchor) {
        add_anchor(doc, t->next_anchor, y);
        t->next_anchor = NULL;
    }
    if (t->next_link && t->next_link_col < ncells)
        add_link(doc, ap_xstrdup(t->next_link), t->x[t->next_link_col], y, t->w[t->next_link_col],
                 h);
    look lk = pd_look_make(flags & AP_PDF_ROW_BOLD ? AP_PDF_BOLD : AP_PDF_REGULAR, t->size, C_TEXT,
                           AP_PDF_LEFT);
    if (fill)
        pd_fill_rect(doc, t->left, y, t->width, h, fill);
    for (size_t c = 0; c < ncells; c++) {
        cell_box *cb = &t->cells[c];
        if (cb->mark && from == 0) {
            double ms = mark_size(t), base = pd_baseline(&lk, y + t->pad);
            pd_draw_mark(doc, t->x[c] + t->pad, base - 0.36 * t->size - ms / 2, ms, cb->mark,
                         cb->mark_color);
        }
    }
    pd_text_begin(doc, &lk);
    for (size_t c = 0; c < ncells; c++) {
        cell_box *cb = &t->cells[c];
        double indent = cb->mark ? mark_advance(t) : 0;
        bool span = flags & AP_PDF_ROW_SPAN;
        double cw = span ? t->width : t->w[c];
        lk.align = span ? AP_PDF_LEFT : t->align[c];
        for (size_t i = from; i < from + k && i < cb->lay.n; i++)
            pd_text_line(doc, &lk, cb->text, &cb->lay.v[i], t->x[c] + t->pad + indent,
                         cw - 2 * t->pad - indent,
                         pd_baseline(&lk, y + t->pad + (double)(i - from) * t->leading));
    }
    HPDF_Page_EndText(doc->page);
    pd_stroke_line(doc, t->left, y + h, t->left + t->width, y + h, C_RULE_LIGHT, 0.4);
    doc->y += h;
    doc->used = true;
    t->rows_on_page++;
}

static void table_new_page(ap_pdf *doc, table *t)
{
    pd_add_page(doc);
    draw_table_header(doc, t);
}

/* Room for whole lines of a row below the cursor. */
static size_t lines_fitting(const ap_pdf *doc, const table *t)
{
    double room = pd_bottom_y(doc) - doc->y - 2 * t->pad + 0.01;
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
    double page_room = pd_bottom_y(doc) - doc->mt - t->head_h;
    if (!t->header_on_page) {
        pd_need(doc, t->head_h + (h + extra < page_room ? h + extra : 2 * t->leading + 2 * t->pad));
        draw_table_header(doc, t);
    } else if (doc->y + h + extra > pd_bottom_y(doc) + 0.01) {
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
        pd_fail(doc, AP_E_INTERNAL, "pdf: table row without ap_pdf_table_begin");
    else if (ncells > t->ncols || (ncells && !cells))
        pd_fail(doc, AP_E_INTERNAL, "pdf: a row of %zu cells in a table of %zu columns", ncells,
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
    double page_room = pd_bottom_y(doc) - doc->mt - t->head_h;
    if (height > page_room)
        return doc->rc; /* cannot be kept on any page: let the rows flow */
    if (!t->header_on_page)
        pd_need(doc, t->head_h + height); /* the next row draws the header */
    else if (doc->y + height > pd_bottom_y(doc) + 0.01)
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

static int anchor_cmp(const void *a, const void *b)
{
    return strcmp(((const anchor *)a)->key, ((const anchor *)b)->key);
}

/* Each link to its anchor; a link whose key has no anchor (the row is not
 * in this document) stays plain text. */
void pd_resolve_links(ap_pdf *doc)
{
    if (doc->nanchors > 0)
        qsort(doc->anchors, doc->nanchors, sizeof *doc->anchors, anchor_cmp);
    for (size_t i = 0; i < doc->nlinks && doc->rc == AP_OK && doc->nanchors > 0; i++) {
        anchor want = {doc->links[i].key, NULL, 0};
        const anchor *a =
            bsearch(&want, doc->anchors, doc->nanchors, sizeof *doc->anchors, anchor_cmp);
        if (a)
            pd_link_to(doc->links[i].page, doc->links[i].rect, a->page, a->top);
    }
}

ap_rc ap_pdf_table_group(ap_pdf *doc, const char *text)
{
    ap_pdf_cell cell = {text, AP_PDF_MARK_NONE, 0};
    ap_pdf_row_style st = {AP_PDF_ROW_BOLD | AP_PDF_ROW_SPAN | AP_PDF_ROW_KEEP_NEXT, C_GROUP_FILL};
    return ap_pdf_table_row(doc, &cell, 1, &st);
}

/* Close the open table, if any: a table without rows still shows its
 * header. The close_block hook while a table is open. */
static void end_table(ap_pdf *doc)
{
    table *t = doc->table;
    if (!t)
        return;
    if (t->rows == 0 && doc->rc == AP_OK) {
        pd_need(doc, t->head_h);
        draw_table_header(doc, t);
    }
    doc->table = NULL;
    doc->close_block = NULL;
    doc->block_new_page = NULL;
    pd_table_free(t);
    if (doc->rc == AP_OK && !pd_at_top(doc))
        ap_pdf_space(doc, 10);
}

ap_rc ap_pdf_table_end(ap_pdf *doc)
{
    GUARD(doc);
    end_table(doc);
    return doc->rc;
}
