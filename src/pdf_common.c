/*
 * pdf_common.c - the pieces both PDF reports share (see pdf_common.h):
 * document set-up, cover, status marks and banners, the counts table, the
 * status chart, goals with trend charts, costs, and words and numbers.
 */
#include "pdf_common.h"
#include "actionplan/i18n.h"
#include "actionplan/model.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* =========================================================================
 * House style
 * ========================================================================= */

#define ACCENT 0x1F3A5Fu    /* headings, cover band, key figures */
#define MUTED 0x5A6470u     /* notes, captions */
#define TILE_FILL 0xF1F4F7u /* key-figure boxes */
#define SPAN_FILL 0xF3F5F8u /* title rows of the counts table */
#define TABLE_SIZE 8.5      /* the engine's default table text */
#define PAD 3.0             /* the engine's default cell padding */
#define LIST_PAD 2.0        /* cell padding of the long lists */
#define LIST_SIZE_LARGE 8.0 /* their type above pdf_list_max */
#define EN_DASH "\xE2\x80\x93"
#define ARROW_RIGHT "\xE2\x86\x92"

/* The statuses a roll-up can have, for measuring the widest word. */
static const ap_status ROLLUP_STATUSES[] = {AP_ST_GREEN, AP_ST_YELLOW, AP_ST_RED, AP_ST_NONE};

/* The six statuses an activity can have, in the order of the chart and
 * the counts. */
static const ap_status ACTIVITY_STATUSES[] = {AP_ST_GREEN,     AP_ST_YELLOW,     AP_ST_RED,
                                              AP_ST_COMPLETED, AP_ST_UNREPORTED, AP_ST_EXCLUDED};

/* =========================================================================
 * Statuses on paper
 * ========================================================================= */

ap_pdf_shape ap_pdfr_shape(ap_status s)
{
    switch (ap_status_style_of(s)->shape) {
    case AP_SHAPE_CIRCLE:
        return AP_PDF_MARK_CIRCLE;
    case AP_SHAPE_TRIANGLE:
        return AP_PDF_MARK_TRIANGLE;
    case AP_SHAPE_SQUARE:
        return AP_PDF_MARK_SQUARE;
    case AP_SHAPE_DIAMOND:
        return AP_PDF_MARK_DIAMOND;
    case AP_SHAPE_RING:
        return AP_PDF_MARK_RING;
    default:
        return AP_PDF_MARK_DASH;
    }
}

ap_pdf_cell ap_pdfr_status_cell(ap_status s, const char *text)
{
    ap_pdf_cell c = {text ? text : ap_status_label(s), ap_pdfr_shape(s),
                     ap_status_style_of(s)->fill};
    return c;
}

/* =========================================================================
 * The document
 * ========================================================================= */

ap_rc ap_pdfr_open(ap_pdf **doc, const ap_pdfr_meta *m, ap_error *err)
{
    const ap_snapshot *snap = m->snap;
    char title[1024], header[1024], footer[512];
    snprintf(title, sizeof title, "%s " EN_DASH " %s %s", snap->title, m->kind, m->when);
    snprintf(header, sizeof header, "%s  \xC2\xB7  %s %s", snap->title, m->kind, m->when);
    snprintf(footer, sizeof footer, "%s", snap->organisation ? snap->organisation : "");
    const char *author =
        snap->process_lead && *snap->process_lead ? snap->process_lead : snap->organisation;
    ap_pdf_opts o = {.orientation = m->orientation,
                     .title = title,
                     .author = author,
                     .subject = m->subject,
                     .creator = "actionplan",
                     .lang = TR("sv-SE", "en-GB"),
                     .header = header,
                     .footer = footer,
                     .page_format = TR("Sida %d av %d", "Page %d of %d"),
                     .plain_first_page = true,
                     .accent = ACCENT};
    return ap_pdf_new(doc, &o, err);
}

/* =========================================================================
 * Word widths, measured once per document
 * ========================================================================= */

/* The widths of the words the tables are measured by (each word's width
 * as ap_pdf_string_width gives it), kept while ap_pdfr_write builds a
 * document: a large plan's tables hold the same words thousands of times
 * (owners, status words, dates, the columns' labels). The functions below
 * find the cache of the document they draw on through this thread's
 * pointer; without one they measure every word. */
enum { WORD_CACHED_MAX = 64, WORDS_MAX = 1 << 16 };

typedef struct word_entry {
    uint64_t hash; /* 0: free */
    double size, width;
    uint32_t off; /* the word's bytes in text */
    uint8_t len, face;
} word_entry;

typedef struct word_widths {
    const ap_pdf *doc;
    word_entry *slot; /* open addressing, cap a power of two, at most half full */
    size_t cap, used;
    ap_buf text;
} word_widths;

static _Thread_local word_widths *doc_words;

static uint64_t word_hash(const char *s, size_t n, unsigned face, double size)
{
    uint64_t h = 1469598103934665603u ^ (face * 0x9E3779B97F4A7C15u) ^
                 (uint64_t)(size * 64) * 0xC2B2AE3D27D4EB4Fu;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h ? h : 1;
}

static double measure_word(ap_pdf *doc, const char *s, size_t n, const ap_pdf_style *st)
{
    char small[WORD_CACHED_MAX + 1], *word = n < sizeof small ? small : ap_xmalloc(n + 1);
    memcpy(word, s, n);
    word[n] = '\0';
    double width = ap_pdf_string_width(doc, word, st);
    if (word != small)
        free(word);
    return width;
}

/* The width of the n bytes at s in type st. */
static double word_width(ap_pdf *doc, const char *s, size_t n, const ap_pdf_style *st)
{
    word_widths *c = doc_words;
    if (!c || c->doc != doc || n > WORD_CACHED_MAX)
        return measure_word(doc, s, n, st);
    unsigned face = st->face & 3;
    uint64_t h = word_hash(s, n, face, st->size);
    size_t i = (size_t)h & (c->cap - 1);
    for (; c->slot[i].hash; i = (i + 1) & (c->cap - 1)) {
        const word_entry *e = &c->slot[i];
        if (e->hash == h && e->len == n && e->face == face && e->size == st->size &&
            memcmp(c->text.p + e->off, s, n) == 0)
            return e->width;
    }
    double width = measure_word(doc, s, n, st);
    if (ap_pdf_status(doc) != AP_OK || c->used >= WORDS_MAX)
        return width;
    c->slot[i] = (word_entry){h, st->size, width, (uint32_t)c->text.len, (uint8_t)n, (uint8_t)face};
    ap_buf_append(&c->text, s, n);
    if (++c->used * 2 > c->cap) { /* twice the room, every word in its new place */
        word_entry *old = c->slot;
        size_t n_old = c->cap;
        c->cap *= 2;
        c->slot = ap_xcalloc(c->cap, sizeof *c->slot);
        for (size_t k = 0; k < n_old; k++) {
            if (!old[k].hash)
                continue;
            size_t j = (size_t)old[k].hash & (c->cap - 1);
            while (c->slot[j].hash)
                j = (j + 1) & (c->cap - 1);
            c->slot[j] = old[k];
        }
        free(old);
    }
    return width;
}

ap_rc ap_pdfr_write(const ap_pdfr_meta *m, ap_pdfr_build_fn build, const void *data,
                    const char *path, ap_error *err)
{
    ap_pdf *doc = NULL;
    ap_rc rc = ap_pdfr_open(&doc, m, err);
    if (rc != AP_OK)
        return rc;
    word_widths words = {.doc = doc, .cap = 4096};
    words.slot = ap_xcalloc(words.cap, sizeof *words.slot);
    doc_words = &words;
    build(doc, data);
    doc_words = NULL;
    free(words.slot);
    ap_buf_free(&words.text);
    rc = ap_pdf_save(doc, path, err);
    ap_pdf_free(doc);
    return rc;
}

/* =========================================================================
 * Cover
 * ========================================================================= */

/* The dark band at the top: organisation, plan title, kind, lead line.
 * Returns the band's height. */
static double cover_band(ap_pdf *doc, const ap_pdfr_cover *c, const ap_pdf_geometry *g)
{
    bool landscape = g->page_width > g->page_height;
    double band = landscape ? 250 : 330, y = landscape ? 70 : 110, h = 0;
    ap_pdf_rect(doc, 0, 0, g->page_width, band, ACCENT, AP_PDF_NONE, 0);
    ap_pdf_style org = {11, AP_PDF_BOLD, 0xB8C7D8, 0, 0, 0};
    ap_pdf_style big = {30, AP_PDF_BOLD, 0xFFFFFF, 0, 36, 0};
    ap_pdf_style kind = {17, 0, 0xFFFFFF, 0, 22, 0};
    ap_pdf_style lead = {11, 0, 0xC9D6E3, 0, 0, 0};
    if (c->snap->organisation)
        ap_pdf_text_at(doc, g->left, y, g->text_width, c->snap->organisation, &org, &h);
    y += h + 10;
    ap_pdf_text_at(doc, g->left, y, g->text_width, c->snap->title, &big, &h);
    y += h + 10;
    ap_pdf_text_at(doc, g->left, y, g->text_width, c->kind, &kind, &h);
    y += h + 6;
    if (c->lead)
        ap_pdf_text_at(doc, g->left, y, g->text_width, c->lead, &lead, NULL);
    return band;
}

/* Label/value pairs in two columns under the band. Returns the y below. */
static double cover_rows(ap_pdf *doc, const ap_pdfr_cover *c, const ap_pdf_geometry *g, double y)
{
    ap_pdf_style label = {8.5, AP_PDF_BOLD, MUTED, 0, 0, 0};
    ap_pdf_style value = {12, 0, 0, 0, 0, 0};
    double colw = (g->text_width - 24) / 2, row_top = y, row_h = 0;
    for (size_t i = 0; i < c->nrows; i++) {
        double x = g->left + (double)(i % 2) * (colw + 24), h = 0;
        if (i % 2 == 0) {
            row_top += row_h;
            row_h = 0;
        }
        ap_pdf_text_at(doc, x, row_top, colw, c->rows[i].label, &label, &h);
        double hv = 0;
        ap_pdf_text_at(doc, x, row_top + h + 3, colw, c->rows[i].value ? c->rows[i].value : "",
                       &value, &hv);
        row_h = fmax(row_h, h + 3 + hv + 16);
    }
    return row_top + row_h;
}

void ap_pdfr_cover_draw(ap_pdf *doc, const ap_pdfr_cover *c)
{
    ap_pdf_geometry g;
    ap_pdf_geometry_get(doc, &g);
    double y = cover_band(doc, c, &g) + 34;
    if (c->status != AP_ST_COUNT) {
        ap_pdf_move_to(doc, y);
        ap_pdfr_status_banner(doc, c->status, c->status_caption, NULL);
        y = ap_pdf_y(doc) + 14;
    }
    y = cover_rows(doc, c, &g, y);
    if (c->about) {
        ap_pdf_style about = {9.5, AP_PDF_ITALIC, MUTED, 0, 13, 0};
        ap_pdf_text_at(doc, g.left, y + 6, g.text_width, c->about, &about, NULL);
    }
    ap_pdf_move_to(doc, g.page_height - g.bottom - 40);
    ap_pdfr_legend(doc);
    ap_pdf_page_break(doc);
}

/* =========================================================================
 * Banner, status line, tiles, legend, notes
 * ========================================================================= */

void ap_pdfr_status_banner(ap_pdf *doc, ap_status s, const char *caption, const char *detail)
{
    const ap_status_style *st = ap_status_style_of(s);
    ap_pdf_style word = {18, AP_PDF_BOLD, st->text, 0, 0, 0};
    ap_pdf_style cap = {10, AP_PDF_BOLD, 0, 0, 0, 0};
    ap_pdf_style det = {9, 0, 0x333333, 0, 0, 0};
    double tw = ap_pdf_text_width(doc), mark = 24;
    double wordw = ap_pdf_string_width(doc, ap_status_label(s), &word);
    double tx = 18 + mark + 10 + fmax(wordw, 60) + 18, textw = tw - tx - 12;
    double hc = caption ? ap_pdf_measure(doc, caption, &cap, textw) : 0;
    double hd = detail ? ap_pdf_measure(doc, detail, &det, textw) : 0;
    double h = fmax(48, hc + (detail ? hd + 3 : 0) + 20), y;
    ap_pdf_block(doc, h, &y);
    ap_pdf_geometry g;
    ap_pdf_geometry_get(doc, &g);
    double left = g.left;
    ap_pdf_rect(doc, left, y, tw, h, st->tint, AP_PDF_NONE, 0);
    ap_pdf_rect(doc, left, y, 5, h, st->fill, AP_PDF_NONE, 0);
    ap_pdf_mark(doc, left + 18, y + (h - mark) / 2, mark, ap_pdfr_shape(s), st->fill);
    ap_pdf_text_at(doc, left + 18 + mark + 10, y + (h - 22) / 2, 0, ap_status_label(s), &word,
                   NULL);
    double ty = y + (h - hc - (detail ? hd + 3 : 0)) / 2;
    if (caption)
        ap_pdf_text_at(doc, left + tx, ty, textw, caption, &cap, NULL);
    if (detail)
        ap_pdf_text_at(doc, left + tx, ty + hc + 3, textw, detail, &det, NULL);
    ap_pdf_space(doc, 12);
}

void ap_pdfr_status_line(ap_pdf *doc, ap_status s, const char *text)
{
    ap_pdf_style word = {9.5, AP_PDF_BOLD, ap_status_style_of(s)->text, 0, 0, 0};
    ap_pdf_style rest = {9.5, 0, 0, 0, 0, 0};
    double mark = 9, tw = ap_pdf_text_width(doc);
    double wordw = ap_pdf_string_width(doc, ap_status_label(s), &word);
    double x2 = mark + 5 + wordw + 8;
    double h = fmax(12, text ? ap_pdf_measure(doc, text, &rest, tw - x2) : 0), y;
    ap_pdf_block(doc, h, &y);
    ap_pdf_geometry g;
    ap_pdf_geometry_get(doc, &g);
    ap_pdf_mark(doc, g.left, y + 2, mark, ap_pdfr_shape(s), ap_status_style_of(s)->fill);
    ap_pdf_text_at(doc, g.left + mark + 5, y, 0, ap_status_label(s), &word, NULL);
    if (text)
        ap_pdf_text_at(doc, g.left + x2, y, tw - x2, text, &rest, NULL);
    ap_pdf_space(doc, 8);
}

void ap_pdfr_tiles(ap_pdf *doc, const ap_pdfr_tile *tiles, size_t n)
{
    if (n == 0)
        return;
    n = n > 6 ? 6 : n;
    ap_pdf_style value = {20, AP_PDF_BOLD, ACCENT, 0, 0, 0};
    ap_pdf_style label = {8.5, 0, MUTED, 0, 10.5, 0};
    double gap = 10, tw = ap_pdf_text_width(doc), w = (tw - gap * (double)(n - 1)) / (double)n;
    double lh = 0;
    for (size_t i = 0; i < n; i++)
        lh = fmax(lh, ap_pdf_measure(doc, tiles[i].label, &label, w - 20));
    double h = 14 + 24 + 4 + lh + 12, y;
    ap_pdf_block(doc, h, &y);
    ap_pdf_geometry g;
    ap_pdf_geometry_get(doc, &g);
    for (size_t i = 0; i < n; i++) {
        double x = g.left + (double)i * (w + gap);
        ap_pdf_rect(doc, x, y, w, h, TILE_FILL, AP_PDF_NONE, 0);
        ap_pdf_rect(doc, x, y, w, 3, ACCENT, AP_PDF_NONE, 0);
        ap_pdf_text_at(doc, x + 10, y + 14, w - 20, tiles[i].value, &value, NULL);
        ap_pdf_text_at(doc, x + 10, y + 42, w - 20, tiles[i].label, &label, NULL);
    }
    ap_pdf_space(doc, 14);
}

/* The legend's entries: a status and what it means. */
static const char *legend_meaning(ap_status s)
{
    switch (s) {
    case AP_ST_GREEN:
        return TR("enligt plan", "on plan");
    case AP_ST_YELLOW:
        return TR("avvikelse", "deviation");
    case AP_ST_RED:
        return TR("betydande avvikelse", "considerable deviation");
    case AP_ST_COMPLETED:
        return TR("klar", "done");
    case AP_ST_UNREPORTED:
        return TR("ingen rapport än", "no report yet");
    default:
        return TR("föreslagen, pausad eller avbruten", "proposed, paused or cancelled");
    }
}

/* Width of one legend entry: mark, bold word, meaning. */
static double legend_entry(ap_pdf *doc, ap_status s, double x, double y, bool draw)
{
    ap_pdf_style word = {8, AP_PDF_BOLD, 0, 0, 0, 0};
    ap_pdf_style mean = {8, 0, MUTED, 0, 0, 0};
    char rest[128];
    snprintf(rest, sizeof rest, EN_DASH " %s", legend_meaning(s));
    double ww = ap_pdf_string_width(doc, ap_status_label(s), &word);
    if (draw) {
        ap_pdf_mark(doc, x, y + 1.5, 7.5, ap_pdfr_shape(s), ap_status_style_of(s)->fill);
        ap_pdf_text_at(doc, x + 11, y, 0, ap_status_label(s), &word, NULL);
        ap_pdf_text_at(doc, x + 11 + ww + 3, y, 0, rest, &mean, NULL);
    }
    return 11 + ww + 3 + ap_pdf_string_width(doc, rest, &mean);
}

/* Lay the entries out in lines (draw = false only measures); returns the
 * number of lines. */
static int legend_lines(ap_pdf *doc, double left, double y, bool draw)
{
    double tw = ap_pdf_text_width(doc), x = 0;
    int lines = 1;
    for (size_t i = 0; i < sizeof ACTIVITY_STATUSES / sizeof *ACTIVITY_STATUSES; i++) {
        double w = legend_entry(doc, ACTIVITY_STATUSES[i], 0, 0, false);
        if (x > 0 && x + w > tw) {
            x = 0;
            lines++;
        }
        legend_entry(doc, ACTIVITY_STATUSES[i], left + x, y + (lines - 1) * 12.0, draw);
        x += w + 16;
    }
    return lines;
}

void ap_pdfr_legend(ap_pdf *doc)
{
    double y;
    int n = legend_lines(doc, 0, 0, false);
    ap_pdf_block(doc, 12.0 * n, &y);
    ap_pdf_geometry g;
    ap_pdf_geometry_get(doc, &g);
    legend_lines(doc, g.left, y, true);
    ap_pdf_space(doc, 8);
}

void ap_pdfr_table_group(ap_pdf *doc, const char *text, double next_height)
{
    ap_pdf_table_keep(doc, 2 * PAD + 1.2 * TABLE_SIZE + next_height);
    ap_pdf_table_group(doc, text);
}

void ap_pdfr_note(ap_pdf *doc, const char *text)
{
    ap_pdf_style st = {8.5, AP_PDF_ITALIC, MUTED, 0, 0, 0};
    ap_pdf_paragraph(doc, text, &st);
}

/* =========================================================================
 * The counts table
 * ========================================================================= */

/* The eight counts in the order of the columns. */
static void counts_of(const ap_counts *c, int v[8])
{
    int tmp[8] = {c->green,      c->yellow,   c->red,     c->completed,
                  c->unreported, c->excluded, c->overdue, c->stale};
    memcpy(v, tmp, sizeof tmp);
}

static const char *count_label(int i)
{
    static const char *const sv[8] = {"Gröna",           "Gula",      "Röda",      "Genomförda",
                                      "Ej rapporterade", "Ej aktiva", "Försenade", "Inaktuella"};
    static const char *const en[8] = {"Green",      "Yellow",     "Red",     "Completed",
                                      "Unreported", "Not active", "Overdue", "Stale"};
    return TR(sv[i], en[i]);
}

/* Width of the longest word of text in table type of the given face. A
 * word ends at a space or a line break, and after a '-' or '/' inside it,
 * where the engine breaks a word too wide for its column. */
static double widest_word_in(ap_pdf *doc, const char *text, unsigned face)
{
    ap_pdf_style st = {TABLE_SIZE, face, 0, 0, 0, 0};
    double w = 0;
    for (const char *p = text ? text : ""; *p;) {
        size_t n = strcspn(p, " \n-/");
        n += p[n] == '-' || p[n] == '/';
        if (n) /* a word's first 255 bytes */
            w = fmax(w, word_width(doc, p, n < 256 ? n : 255, &st));
        p += n + (p[n] == ' ' || p[n] == '\n');
    }
    return w;
}

/* Width of the longest word of a header label (bold). */
static double widest_word(ap_pdf *doc, const char *text)
{
    return widest_word_in(doc, text, AP_PDF_BOLD);
}

/* Raise col->min_width to what a word of text_w points and the header's
 * widest word need. */
static void fit_width(ap_pdf *doc, ap_pdf_column *col, double text_w)
{
    double need = fmax(text_w, widest_word(doc, col->label));
    need = fmin(need + 2 * PAD + 1, 0.4 * ap_pdf_text_width(doc));
    col->min_width = fmax(col->min_width, need);
}

void ap_pdfr_fit_text(ap_pdf *doc, ap_pdf_column *col, const char *text)
{
    fit_width(doc, col, widest_word_in(doc, text, AP_PDF_REGULAR));
}

void ap_pdfr_fit_phrase(ap_pdf *doc, ap_pdf_column *col, const char *text)
{
    double need = ap_pdf_string_width(doc, text, &(ap_pdf_style){TABLE_SIZE, 0, 0, 0, 0, 0});
    col->min_width = fmax(col->min_width, fmin(need + 2 * PAD + 1, 0.4 * ap_pdf_text_width(doc)));
}

/* The text of field f of activity a. */
static const char *field_of(const ap_activity *a, ap_pdfr_field f)
{
    bool u = a->has_update;
    switch (f) {
    case AP_PDFR_CODE:
        return a->code;
    case AP_PDFR_TITLE:
        return a->title;
    case AP_PDFR_OWNER:
        return a->owner;
    case AP_PDFR_RESPONSIBLE:
        return a->responsible;
    case AP_PDFR_COMMENT:
        return u ? a->last.comment : NULL;
    case AP_PDFR_CAUSE:
        return u ? a->last.cause : NULL;
    case AP_PDFR_ACTION:
        return u ? a->last.action : NULL;
    case AP_PDFR_BY:
        return u ? a->last.by : NULL;
    default:
        return a->has_decision ? a->last_decision.text : NULL;
    }
}

void ap_pdfr_fit(ap_pdf *doc, ap_pdf_column *col, ap_activity *const *acts, size_t n,
                 ap_pdfr_field f)
{
    double most = 0; /* the widest word of them all, then the header's */
    for (size_t i = 0; i < n; i++)
        most = fmax(most, widest_word_in(doc, field_of(acts[i], f), AP_PDF_REGULAR));
    fit_width(doc, col, most);
}

/* ---------------------------------------------------------------------------
 * Balanced column widths
 * ------------------------------------------------------------------------- */

/* A large table's widths are balanced on a sample of its rows: every
 * stride-th row, the stride doubling (and every other row kept so far let
 * go) whenever more than BALANCE_ROWS would be kept, so that at most that
 * many are measured and counted, whatever the table's length. The rows kept
 * are evenly spaced and each stands for stride rows: counted alike, they
 * compare widths as the whole table would. A table of at most BALANCE_ROWS
 * rows is measured whole. */
#define BALANCE_ROWS 1500
#define STEPS 4 /* line counts known exactly per cell */

/* A cell as the balancing sees it: its hard lines, and the least inner
 * width at which it takes hard, hard + 1, … hard + STEPS - 1 lines. */
typedef struct cell_fit {
    int hard;
    float extra;     /* the mark's room */
    float th[STEPS]; /* least inner widths, decreasing */
    float one_line;  /* the sum of its lines' one-line widths, for more lines */
} cell_fit;

/* A row kept for measuring: per column a byte (1: the cell has a mark),
 * then its text and a NUL. */
typedef char *kept_row;

struct ap_pdfr_widths {
    size_t ncols, nrows;
    double size, pad; /* the table's type size and cell padding */
    kept_row *rows;   /* the sample, until measured */
    size_t offered;   /* rows offered so far */
    size_t stride;    /* every stride-th of them is kept */
    cell_fit *cells;  /* row after row, once measured */
    double *floor;    /* each column's least width, while applying */
    double *word;     /* the cell being measured: word widths, -1 between hard lines */
    size_t nword, wcap;
    double space;
};

ap_pdf_table_opts ap_pdfr_list_opts(const ap_pdf_list *list, bool zebra)
{
    return (ap_pdf_table_opts){.font_size = list && list->attention_only ? LIST_SIZE_LARGE : 0,
                               .padding = LIST_PAD,
                               .zebra = zebra};
}

ap_pdfr_widths *ap_pdfr_widths_new(size_t ncols, const ap_pdf_table_opts *opts)
{
    ap_pdfr_widths *w = ap_xcalloc(1, sizeof *w);
    w->ncols = ncols ? ncols : 1;
    w->size = opts && opts->font_size > 0 ? opts->font_size : TABLE_SIZE;
    w->pad = opts && opts->padding > 0 ? opts->padding : PAD;
    w->stride = 1;
    w->rows = ap_xcalloc(BALANCE_ROWS, sizeof *w->rows);
    return w;
}

static void word_push(ap_pdfr_widths *w, double v)
{
    ap_grow(&w->word, &w->wcap, w->nword + 1, sizeof *w->word);
    w->word[w->nword++] = v;
}

/* Lines of the measured words at inner width: filled as the engine fills
 * them, a word at a time, a word wider than the line broken. Counting stops
 * once past most: the caller asks only whether they are at most that. */
static int words_lines(const ap_pdfr_widths *w, double inner, int most)
{
    int lines = 0;
    double cur = -1;
    for (size_t i = 0; i <= w->nword && lines <= most; i++) {
        if (i == w->nword || w->word[i] < 0) { /* end of a hard line */
            lines++;
            cur = -1;
            continue;
        }
        double ww = w->word[i];
        if (cur >= 0 && cur + w->space + ww <= inner + 0.01) {
            cur += w->space + ww;
            continue;
        }
        lines += cur >= 0;
        if (ww > inner + 0.01 && inner > 1) {
            int pieces = (int)ceil(ww / inner);
            lines += pieces - 1;
            ww -= (pieces - 1) * inner;
        }
        cur = ww;
    }
    return lines;
}

/* Measure a cell: its words' widths, then by bisection the least widths
 * for its first line counts. */
static void widths_cell(ap_pdf *doc, ap_pdfr_widths *w, bool mark, const char *p, cell_fit *f)
{
    ap_pdf_style st = {w->size, 0, 0, 0, 0, 0};
    *f = (cell_fit){0};
    f->extra = mark ? (float)(1.2 * w->size) : 0; /* mark and gap */
    if (!*p)
        return; /* no lines: the row's other cells decide */
    w->nword = 0;
    double widest = 1, line = 0;
    while (*p) {
        size_t n = strcspn(p, " \n");
        if (n) {
            double ww = word_width(doc, p, n, &st);
            word_push(w, ww);
            line += (line > 0 ? w->space : 0) + ww;
            widest = fmax(widest, line);
        }
        if (p[n] == '\n') {
            word_push(w, -1);
            f->one_line += (float)line;
            line = 0;
        }
        p += n + (p[n] != 0);
    }
    f->one_line += (float)line;
    f->hard = 1;
    for (size_t i = 0; i < w->nword; i++)
        f->hard += w->word[i] < 0;
    for (int k = 0; k < STEPS; k++) {
        double lo = 1, hi = widest + 0.02;
        if (k > 0 && f->th[k - 1] <= lo) {
            f->th[k] = (float)lo;
            continue;
        }
        for (int it = 0; it < 16; it++) {
            double mid = (lo + hi) / 2;
            *(words_lines(w, mid, f->hard + k) <= f->hard + k ? &hi : &lo) = mid;
        }
        f->th[k] = (float)hi;
    }
}

/* A copy of the row's cells as widths_measure reads them. */
static kept_row row_copy(const ap_pdfr_widths *w, const ap_pdf_cell *cells, size_t n)
{
    size_t size = 0;
    for (size_t c = 0; c < w->ncols; c++)
        size += 2 + (c < n && cells[c].text ? strlen(cells[c].text) : 0);
    kept_row row = ap_xmalloc(size), p = row;
    for (size_t c = 0; c < w->ncols; c++) {
        const char *t = c < n && cells[c].text ? cells[c].text : "";
        size_t len = strlen(t);
        *p++ = c < n && cells[c].mark != AP_PDF_MARK_NONE;
        memcpy(p, t, len + 1);
        p += len + 1;
    }
    return row;
}

void ap_pdfr_widths_add(ap_pdf *doc, ap_pdfr_widths *w, const ap_pdf_cell *cells, size_t n)
{
    (void)doc; /* measured when applied, on the rows kept */
    if (!w || w->offered++ % w->stride != 0)
        return;
    if (w->nrows == BALANCE_ROWS) { /* full: keep every other row, twice as far apart */
        for (size_t r = 0; r < w->nrows; r++) {
            if (r % 2)
                free(w->rows[r]);
            else
                w->rows[r / 2] = w->rows[r];
        }
        w->nrows = (w->nrows + 1) / 2;
        w->stride *= 2;
        if ((w->offered - 1) % w->stride != 0)
            return;
    }
    w->rows[w->nrows++] = row_copy(w, cells, n);
}

/* Measure the rows kept, letting go of their copies. */
static void widths_measure(ap_pdf *doc, ap_pdfr_widths *w)
{
    ap_pdf_style st = {w->size, 0, 0, 0, 0, 0};
    w->space =
        fmax(0.1, ap_pdf_string_width(doc, "x x", &st) - ap_pdf_string_width(doc, "xx", &st));
    w->cells = ap_xcalloc(w->nrows * w->ncols + 1, sizeof *w->cells);
    for (size_t r = 0; r < w->nrows; r++) {
        const char *p = w->rows[r];
        for (size_t c = 0; c < w->ncols; c++) {
            widths_cell(doc, w, p[0] != 0, p + 1, &w->cells[r * w->ncols + c]);
            p += 2 + strlen(p + 1);
        }
        free(w->rows[r]);
        w->rows[r] = NULL;
    }
}

static void widths_free(ap_pdfr_widths *w)
{
    for (size_t r = 0; r < w->nrows; r++)
        free(w->rows[r]);
    free(w->rows);
    free(w->cells);
    free(w->word);
    free(w->floor);
    free(w);
}

/* Lines cell k takes in a column of width cw. */
static int cell_lines(const ap_pdfr_widths *w, size_t k, double cw)
{
    const cell_fit *f = &w->cells[k];
    if (f->hard == 0)
        return 0;
    double inner = cw - 2 * w->pad - f->extra;
    for (int i = 0; i < STEPS; i++)
        if (inner >= f->th[i])
            return f->hard + i;
    int est = inner > 1 ? (int)ceil(f->one_line * 1.1 / inner) : 99;
    return est > f->hard + STEPS ? est : f->hard + STEPS;
}

/* Hard lines of cell k: what no width can save. */
static int cell_hard_lines(const ap_pdfr_widths *w, size_t k)
{
    return w->cells[k].hard;
}

/* The lines of every row's cells at the current widths (L, row after row),
 * and of each row its three tallest cells: the row's height without one or
 * two of its columns is then known at once. */
typedef struct row_top {
    int v[3];            /* lines, tallest first */
    unsigned short c[3]; /* their columns; USHRT_MAX for none */
} row_top;

typedef struct lines_at {
    int *L;
    row_top *top;
} lines_at;

static void tops_update(const ap_pdfr_widths *w, lines_at *la)
{
    size_t nc = w->ncols;
    for (size_t r = 0; r < w->nrows; r++) {
        row_top t = {{0, 0, 0}, {USHRT_MAX, USHRT_MAX, USHRT_MAX}};
        const int *row = la->L + r * nc;
        for (size_t c = 0; c < nc; c++) {
            int v = row[c];
            int i = v > t.v[0] ? 0 : v > t.v[1] ? 1 : v > t.v[2] ? 2 : 3;
            for (int j = 2; j > i; j--) {
                t.v[j] = t.v[j - 1];
                t.c[j] = t.c[j - 1];
            }
            if (i < 3) {
                t.v[i] = v;
                t.c[i] = (unsigned short)c;
            }
        }
        la->top[r] = t;
    }
}

/* Every cell's lines at widths cw. */
static lines_at lines_new(const ap_pdfr_widths *w, const double *cw)
{
    size_t nc = w->ncols;
    lines_at la = {ap_xcalloc(w->nrows * nc + 1, sizeof *la.L),
                   ap_xcalloc(w->nrows + 1, sizeof *la.top)};
    for (size_t r = 0; r < w->nrows; r++)
        for (size_t c = 0; c < nc; c++)
            la.L[r * nc + c] = cell_lines(w, r * nc + c, cw[c]);
    tops_update(w, &la);
    return la;
}

/* Column c's lines at width cw, and the rows' tallest cells again. */
static void lines_set(const ap_pdfr_widths *w, lines_at *la, size_t c, double cw)
{
    for (size_t r = 0; r < w->nrows; r++)
        la->L[r * w->ncols + c] = cell_lines(w, r * w->ncols + c, cw);
}

static void lines_free(lines_at *la)
{
    free(la->L);
    free(la->top);
}

/* The tallest cell of row t outside columns a and b (0 when none). */
static int rest_of(const row_top *t, size_t a, size_t b)
{
    for (int i = 0; i < 3; i++)
        if (t->c[i] != a && t->c[i] != b)
            return t->v[i];
    return 0;
}

/* The table's lines when column c is cw wide and the others as la says. */
static long table_lines(const ap_pdfr_widths *w, const lines_at *la, size_t c, double cw)
{
    long total = 0;
    for (size_t r = 0; r < w->nrows; r++) {
        int most = cell_lines(w, r * w->ncols + c, cw), rest = rest_of(&la->top[r], c, c);
        most = rest > most ? rest : most;
        total += most > 0 ? most : 1;
    }
    return total;
}

/* The column that most often decides a row's height with lines that more
 * width could save; nc when none does. */
static size_t widths_binding(const ap_pdfr_widths *w, const bool *fixed, const int *L)
{
    size_t nc = w->ncols, best = nc;
    long *count = ap_xcalloc(nc, sizeof *count), most = 0;
    for (size_t r = 0; r < w->nrows; r++) {
        const int *row = L + r * nc;
        int top = 0;
        for (size_t c = 0; c < nc; c++)
            top = row[c] > top ? row[c] : top;
        for (size_t c = 0; c < nc; c++)
            count[c] += !fixed[c] && row[c] == top && row[c] > cell_hard_lines(w, r * nc + c);
    }
    for (size_t c = 0; c < nc; c++)
        if (count[c] > most) {
            most = count[c];
            best = c;
        }
    free(count);
    return best;
}

#define NMOVES 3
static const double MOVES[NMOVES] = {32, 12, 4};

/* The table's lines with column a narrower and b wider by MOVES[m]: the
 * lines of each column's cells so changed are in narrow and wide
 * ([m][column][row]). */
static long traded_lines(const ap_pdfr_widths *w, const lines_at *la, const int *narrow,
                         const int *wide, size_t m, size_t a, size_t b)
{
    long total = 0;
    size_t n = w->nrows;
    const int *na = narrow + (m * w->ncols + a) * n, *wb = wide + (m * w->ncols + b) * n;
    for (size_t r = 0; r < n; r++) {
        int most = rest_of(&la->top[r], a, b);
        most = na[r] > most ? na[r] : most;
        most = wb[r] > most ? wb[r] : most;
        total += most > 1 ? most : 1;
    }
    return total;
}

/* After the greedy shares: move width from one column to another while
 * that saves lines (rows that two columns keep tall need both to change,
 * which a slice at a time cannot see). */
static void widths_trade(const ap_pdfr_widths *w, const bool *fixed, double *cw, lines_at *la)
{
    size_t nc = w->ncols, n = w->nrows;
    int *narrow = ap_xcalloc(NMOVES * nc * n + 1, sizeof *narrow);
    int *wide = ap_xcalloc(NMOVES * nc * n + 1, sizeof *wide);
    long now = table_lines(w, la, 0, cw[0]);
    for (int round = 0; round < 40; round++) {
        for (size_t m = 0; m < NMOVES; m++)
            for (size_t c = 0; c < nc; c++)
                for (size_t r = 0; !fixed[c] && r < n; r++) {
                    narrow[(m * nc + c) * n + r] = cell_lines(w, r * nc + c, cw[c] - MOVES[m]);
                    wide[(m * nc + c) * n + r] = cell_lines(w, r * nc + c, cw[c] + MOVES[m]);
                }
        long best = now;
        size_t ba = nc, bb = nc;
        double bd = 0;
        for (size_t m = 0; m < NMOVES; m++)
            for (size_t a = 0; a < nc; a++)
                for (size_t b = 0; b < nc; b++) {
                    if (a == b || fixed[a] || fixed[b] || cw[a] - MOVES[m] < w->floor[a])
                        continue;
                    long lines = traded_lines(w, la, narrow, wide, m, a, b);
                    if (lines < best) {
                        best = lines;
                        ba = a;
                        bb = b;
                        bd = MOVES[m];
                    }
                }
        if (ba == nc)
            break;
        cw[ba] -= bd;
        cw[bb] += bd;
        now = best;
        lines_set(w, la, ba, cw[ba]);
        lines_set(w, la, bb, cw[bb]);
        tops_update(w, la);
    }
    free(narrow);
    free(wide);
}

/* Greedy: each step gives a slice of the free width (or 3 or 9 slices, to
 * see past rows that another column keeps tall) to the column where it
 * saves most lines per point; when none saves any, to the column that most
 * often decides a row's height. */
static void widths_share(const ap_pdfr_widths *w, const bool *fixed, double *cw, double free_w)
{
    static const double CHUNKS[] = {1, 3, 9};
    size_t nc = w->ncols;
    lines_at la = lines_new(w, cw);
    double step = fmax(2.0, free_w / 100);
    while (free_w > 0.5) {
        long now = table_lines(w, &la, 0, cw[0]);
        double best_rate = 0, best_size = fmin(step, free_w);
        size_t best = nc;
        for (size_t c = 0; c < nc; c++)
            for (size_t k = 0; !fixed[c] && k < sizeof CHUNKS / sizeof *CHUNKS; k++) {
                double size = fmin(step * CHUNKS[k], free_w);
                double rate = (double)(now - table_lines(w, &la, c, cw[c] + size)) / size;
                if (rate > best_rate * 1.0001) {
                    best_rate = rate;
                    best = c;
                    best_size = size;
                }
                if (size >= free_w)
                    break;
            }
        if (best == nc)
            best = widths_binding(w, fixed, la.L);
        if (best == nc)
            break;
        cw[best] += best_size;
        free_w -= best_size;
        lines_set(w, &la, best, cw[best]);
        tops_update(w, &la);
    }
    widths_trade(w, fixed, cw, &la);
    lines_free(&la);
}

/* The table's lines with the columns as cw says. */
static long widths_total(const ap_pdfr_widths *w, const double *cw)
{
    lines_at la = lines_new(w, cw);
    long n = table_lines(w, &la, 0, cw[0]);
    lines_free(&la);
    return n;
}

/* The caller's own widths as the engine would give them (points, fractions
 * of total, equal shares of the rest), each at least its floor, together
 * total; then traded as the greedy's are. */
static void widths_asked(const ap_pdfr_widths *w, const ap_pdf_column *cols, const bool *fixed,
                         double total, double *cw)
{
    size_t nc = w->ncols, shares = 0;
    double taken = 0, flex = 0;
    for (size_t c = 0; c < nc; c++) {
        double v = cols[c].width;
        cw[c] = fixed[c] || v > 1 ? v : v > 0 ? v * total : 0;
        shares += !(v > 0);
        taken += cw[c];
    }
    for (size_t c = 0; c < nc; c++)
        if (!(cols[c].width > 0))
            cw[c] = taken < total ? (total - taken) / (double)shares : 0;
    for (size_t c = 0; c < nc; c++) {
        cw[c] = fmax(cw[c], w->floor[c]);
        flex += fixed[c] ? 0 : cw[c] - w->floor[c];
    }
    double over = -total; /* scale the room above the floors to fit total */
    for (size_t c = 0; c < nc; c++)
        over += cw[c];
    for (size_t c = 0; c < nc && flex > 0; c++)
        if (!fixed[c])
            cw[c] -= (cw[c] - w->floor[c]) * over / flex;
    lines_at la = lines_new(w, cw);
    widths_trade(w, fixed, cw, &la);
    lines_free(&la);
}

void ap_pdfr_widths_apply(ap_pdf *doc, ap_pdfr_widths *w, ap_pdf_column *cols)
{
    if (!w)
        return;
    size_t nc = w->ncols;
    bool *fixed = ap_xcalloc(nc, sizeof *fixed);
    double *cw = ap_xcalloc(nc, sizeof *cw), total = ap_pdf_text_width(doc), used = 0;
    for (size_t c = 0; c < nc; c++) {
        fixed[c] = cols[c].width > 1 && cols[c].min_width >= cols[c].width;
        cw[c] = fixed[c] ? cols[c].width
                         : fmax(cols[c].min_width, ap_pdfr_header_width(doc, cols[c].label, 0));
        used += cw[c];
    }
    w->floor = ap_xcalloc(nc, sizeof *w->floor);
    memcpy(w->floor, cw, nc * sizeof *cw);
    if (w->nrows > 0 && used < total) {
        widths_measure(doc, w);
        /* the greedy's shares, or the caller's widths traded, whichever
         * gives fewer lines: never worse than the widths asked for */
        double *alt = ap_xcalloc(nc, sizeof *alt);
        widths_asked(w, cols, fixed, total, alt);
        widths_share(w, fixed, cw, total - used);
        const double *best = widths_total(w, alt) < widths_total(w, cw) ? alt : cw;
        for (size_t c = 0; c < nc; c++)
            cols[c].width = best[c];
        free(alt);
    }
    free(fixed);
    free(cw);
    widths_free(w);
}

/* "Grön → Gul" (before → now, as everywhere) when the status changed since
 * the previous report, else the status's word alone. */
static const char *change_text(char *buf, size_t size, ap_status now, ap_status before)
{
    if (before == AP_ST_COUNT || before == now)
        snprintf(buf, size, "%s", ap_status_label(now));
    else
        snprintf(buf, size, "%s " ARROW_RIGHT " %s", ap_status_label(before), ap_status_label(now));
    return buf;
}

/* Width of the status column: the mark and the widest text it can hold. */
static double status_col_width(ap_pdf *doc, bool with_change)
{
    ap_pdf_style reg = {TABLE_SIZE, 0, 0, 0, 0, 0};
    size_t n = sizeof ROLLUP_STATUSES / sizeof *ROLLUP_STATUSES;
    double w = widest_word(doc, TR("Status", "Status"));
    char b[128];
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < n; k++) {
            if (!with_change && i != k)
                continue;
            change_text(b, sizeof b, ROLLUP_STATUSES[i], ROLLUP_STATUSES[k]);
            w = fmax(w, ap_pdf_string_width(doc, b, &reg) + 1.2 * TABLE_SIZE);
        }
    return w + 2 * PAD + 4;
}

typedef struct counts_layout {
    ap_pdf_column cols[10];
    size_t ncols;
    bool span; /* each name in a row of its own */
    bool prev; /* the status cells show the change */
} counts_layout;

/* Choose the columns: measured numeric columns, the status column, and
 * the name column when there is room for it. */
static void counts_columns(ap_pdf *doc, counts_layout *L)
{
    double statw = status_col_width(doc, L->prev), fixed = statw, tw = ap_pdf_text_width(doc);
    ap_pdf_column num[8];
    for (int i = 0; i < 8; i++) {
        double w = fmax(widest_word(doc, count_label(i)), widest_word(doc, "000"));
        num[i] = (ap_pdf_column){count_label(i), w + 2 * PAD + 4, 0, AP_PDF_RIGHT};
        fixed += num[i].width;
    }
    L->span = tw - fixed < 170;
    L->ncols = 0;
    if (!L->span)
        L->cols[L->ncols++] = (ap_pdf_column){AP_WORD(FOCUS), 0, 0, 0};
    /* On a narrow page the status column takes what the figures leave. */
    L->cols[L->ncols++] = (ap_pdf_column){TR("Status", "Status"), L->span ? 0 : statw, statw, 0};
    for (int i = 0; i < 8; i++)
        L->cols[L->ncols++] = num[i];
}

/* One node's row (or its title row and figures row on a narrow page). */
static void counts_row(ap_pdf *doc, const counts_layout *L, const char *name, const ap_rollup *r,
                       ap_status before, bool bold)
{
    char nums[8][16], status[128];
    int v[8];
    counts_of(&r->counts, v);
    ap_pdf_cell cells[10];
    size_t n = 0;
    unsigned face = bold ? AP_PDF_ROW_BOLD : 0;
    if (L->span)
        ap_pdf_table_row(
            doc, &(ap_pdf_cell){name, 0, 0}, 1,
            &(ap_pdf_row_style){AP_PDF_ROW_SPAN | AP_PDF_ROW_KEEP_NEXT | face, SPAN_FILL});
    else
        cells[n++] = (ap_pdf_cell){name, 0, 0};
    change_text(status, sizeof status, r->status, before);
    cells[n++] = ap_pdfr_status_cell(r->status, status);
    for (int i = 0; i < 8; i++) {
        snprintf(nums[i], sizeof nums[i], "%d", v[i]);
        cells[n++] = (ap_pdf_cell){nums[i], 0, 0};
    }
    ap_pdf_table_row(doc, cells, n, &(ap_pdf_row_style){face, 0});
}

void ap_pdfr_counts_table(ap_pdf *doc, const ap_snapshot *snap, const ap_status *prev,
                          const char *prev_note)
{
    counts_layout L = {.prev = prev != NULL};
    counts_columns(doc, &L);
    ap_pdf_table_begin(doc, L.cols, L.ncols, NULL);
    ap_buf name = {0};
    for (size_t i = 0; i < snap->n_focus; i++) {
        const ap_focus *f = &snap->focus[i];
        ap_pdfr_code_title(&name, f->code, f->title);
        counts_row(doc, &L, ap_buf_str(&name), &f->rollup, prev ? prev[i + 1] : AP_ST_COUNT, false);
    }
    counts_row(doc, &L, TR("Hela planen", "The whole plan"), &snap->rollup,
               prev ? prev[0] : AP_ST_COUNT, true);
    ap_pdf_table_end(doc);
    ap_buf_free(&name);
    if (prev && prev_note)
        ap_pdfr_note(doc, prev_note);
}

/* =========================================================================
 * The status chart
 * ========================================================================= */

/* How many of a focus area's activities have status s. */
static double focus_count(const ap_focus *f, ap_status s)
{
    const ap_counts *c = &f->rollup.counts;
    switch (s) {
    case AP_ST_GREEN:
        return c->green;
    case AP_ST_YELLOW:
        return c->yellow;
    case AP_ST_RED:
        return c->red;
    case AP_ST_COMPLETED:
        return c->completed;
    case AP_ST_UNREPORTED:
        return c->unreported;
    default:
        return c->excluded;
    }
}

void ap_pdfr_status_chart(ap_pdf *doc, const ap_snapshot *snap, const char *title)
{
    enum { NS = sizeof ACTIVITY_STATUSES / sizeof *ACTIVITY_STATUSES };
    size_t n = snap->n_focus;
    ap_buf *names = ap_xcalloc(n + 1, sizeof *names);
    const char **cats = ap_xcalloc(n + 1, sizeof *cats);
    double *values = ap_xcalloc((n + 1) * NS, sizeof *values);
    const char *series[NS];
    uint32_t colors[NS];
    for (size_t s = 0; s < NS; s++) {
        series[s] = ap_status_label(ACTIVITY_STATUSES[s]);
        colors[s] = ap_status_style_of(ACTIVITY_STATUSES[s])->fill;
    }
    for (size_t i = 0; i < n; i++) {
        cats[i] = ap_pdfr_code_title(&names[i], snap->focus[i].code, snap->focus[i].title);
        for (size_t s = 0; s < NS; s++)
            values[i * NS + s] = focus_count(&snap->focus[i], ACTIVITY_STATUSES[s]);
    }
    ap_pdf_bar_chart c = {.title = title,
                          .categories = cats,
                          .ncategories = n,
                          .series = series,
                          .colors = colors,
                          .nseries = NS,
                          .values = values,
                          .axis_label = TR("Antal aktiviteter", "Number of activities"),
                          .empty_text =
                              TR("Planen har inga fokusområden", "The plan has no focus areas")};
    ap_pdf_bar_chart_add(doc, &c);
    for (size_t i = 0; i < n; i++)
        ap_buf_free(&names[i]);
    free(names);
    free(cats);
    free(values);
}

/* =========================================================================
 * Goals and indicators
 * ========================================================================= */

/* "41 850\n2016-12-31", or "–" when there is no value. */
static const char *value_on(char *buf, size_t size, bool has, double v, ap_date d, int decimals)
{
    char num[64], day[11];
    if (!has)
        snprintf(buf, size, "%s", EN_DASH);
    else if (d == AP_DATE_NONE)
        snprintf(buf, size, "%s", ap_format_number(num, sizeof num, v, decimals));
    else
        snprintf(buf, size, "%s\n%s", ap_format_number(num, sizeof num, v, decimals),
                 ap_date_format(d, day));
    return buf;
}

/* The status word and how far the goal has come: "Grön\n28 % av vägen". */
static const char *goal_status_text(char *buf, size_t size, const ap_goal *g)
{
    if (g->eval.status == AP_ST_UNMEASURED || !isfinite(g->eval.progress))
        snprintf(buf, size, "%s", ap_status_label(g->eval.status));
    else
        snprintf(buf, size, TR("%s\n%.0f\xC2\xA0%% av vägen", "%s\n%.0f%% of the way"),
                 ap_status_label(g->eval.status), 100 * g->eval.progress);
    return buf;
}

/* "M1 Fler arbetstillfällen i näringslivet\nEffektmål: Antal … (personer)" */
static const char *goal_name(ap_buf *b, const ap_goal *g)
{
    ap_buf_reset(b);
    ap_buf_printf(b, "%s %s\n%s", g->code, g->title, ap_goal_kind_label(g->kind));
    if (g->indicator)
        ap_buf_printf(b, ": %s", g->indicator);
    if (g->unit)
        ap_buf_printf(b, " (%s)", g->unit);
    return ap_buf_str(b);
}

static void goal_row(ap_pdf *doc, const ap_goal *g)
{
    char base[96], last[96], target[96], status[96];
    ap_buf name = {0};
    int dec = ap_goal_decimals(g);
    const ap_measurement *m = ap_goal_latest(g);
    ap_pdf_cell cells[5] = {
        {goal_name(&name, g), 0, 0},
        {value_on(base, sizeof base, true, g->baseline, g->baseline_date, dec), 0, 0},
        {value_on(last, sizeof last, m != NULL, m ? m->value : 0, m ? m->date : 0, dec), 0, 0},
        {value_on(target, sizeof target, true, g->target, g->target_date, dec), 0, 0},
        ap_pdfr_status_cell(g->eval.status, goal_status_text(status, sizeof status, g))};
    ap_pdf_table_row(doc, cells, 5, NULL);
    ap_buf_free(&name);
}

double ap_pdfr_header_width(ap_pdf *doc, const char *label, double min)
{
    return fmax(min, widest_word(doc, label) + 2 * PAD + 6);
}

static void goals_table(ap_pdf *doc, const ap_snapshot *snap)
{
    const char *b = TR("Utgångsvärde", "Baseline"), *l = TR("Senaste", "Latest"),
               *t = TR("Målvärde", "Target");
    const ap_pdf_column cols[5] = {{TR("Mål och indikator", "Goal and indicator"), 0, 0, 0},
                                   {b, ap_pdfr_header_width(doc, b, 66), 0, AP_PDF_RIGHT},
                                   {l, ap_pdfr_header_width(doc, l, 66), 0, AP_PDF_RIGHT},
                                   {t, ap_pdfr_header_width(doc, t, 66), 0, AP_PDF_RIGHT},
                                   {TR("Status", "Status"), 96, 96, 0}};
    ap_pdf_table_begin(doc, cols, 5, NULL);
    for (size_t i = 0; i < snap->n_goals; i++)
        goal_row(doc, &snap->goals[i]);
    ap_pdf_table_end(doc);
}

static const char *yes_no(double v)
{
    return v >= 0.5 ? TR("Ja", "Yes") : TR("Nej", "No");
}

/* A yes/no goal as words with dates instead of a chart on a numeric axis:
 * "Utgångsvärde 2016-03-10: Nej", each measurement, "Mål: Ja senast …". */
static void goal_yes_no(ap_pdf *doc, const ap_goal *g, double x, double y, double w, double h)
{
    char day[11];
    ap_buf b = {0};
    ap_pdf_rect(doc, x, y, w, h, AP_PDF_NONE, 0xD5DBE1u, 0.6);
    ap_buf_printf(&b, "%s %s", g->code, g->title);
    double th = 0;
    ap_pdf_text_at(doc, x + 6, y + 5, w - 12, ap_buf_str(&b),
                   &(ap_pdf_style){8, AP_PDF_BOLD, 0, 0, 0, 0}, &th);
    ap_buf_reset(&b);
    if (g->baseline_date != AP_DATE_NONE)
        ap_buf_printf(&b, TR("Utgångsvärde %s: %s\n", "Baseline %s: %s\n"),
                      ap_date_format(g->baseline_date, day), yes_no(g->baseline));
    for (size_t i = 0; i < g->n_measurements; i++)
        ap_buf_printf(&b, "%s: %s\n", ap_date_format(g->measurements[i].date, day),
                      yes_no(g->measurements[i].value));
    if (g->n_measurements == 0)
        ap_buf_printf(&b, "%s\n", TR("Inga mätvärden än", "No measurements yet"));
    ap_buf_printf(&b, TR("Mål: %s senast %s", "Target: %s by %s"), yes_no(g->target),
                  ap_pdfr_date(g->target_date, day));
    ap_pdf_text_at(doc, x + 6, y + 9 + th, w - 12, ap_buf_str(&b),
                   &(ap_pdf_style){8, 0, 0, 0, 0, 0}, NULL);
    ap_buf_free(&b);
}

/* One goal's trend chart in the box at (x, y). */
static void goal_chart(ap_pdf *doc, const ap_goal *g, double x, double y, double w, double h)
{
    if (ap_goal_yes_no(g)) {
        goal_yes_no(doc, g, x, y, w, h);
        return;
    }
    size_t n = g->n_measurements;
    double *xs = ap_xcalloc(n + 1, sizeof *xs), *ys = ap_xcalloc(n + 1, sizeof *ys);
    for (size_t i = 0; i < n; i++) {
        xs[i] = g->measurements[i].date;
        ys[i] = g->measurements[i].value;
    }
    char title[512], target[96], num[64];
    int dec = ap_goal_decimals(g);
    snprintf(title, sizeof title, "%s %s%s%s%s", g->code, g->title, g->unit ? " (" : "",
             g->unit ? g->unit : "", g->unit ? ")" : "");
    snprintf(target, sizeof target, TR("Mål %s", "Target %s"),
             ap_format_number(num, sizeof num, g->target, dec));
    ap_pdf_trend_chart c = {.title = title,
                            .x = xs,
                            .y = ys,
                            .n = n,
                            .has_target = true,
                            .target = g->target,
                            .target_label = target,
                            .has_baseline = g->baseline_date != AP_DATE_NONE,
                            .baseline_x = g->baseline_date,
                            .baseline_y = g->baseline,
                            .baseline_label = TR("Utgångsvärde", "Baseline"),
                            .decimals = dec,
                            .empty_text = TR("Inga mätvärden än", "No measurements yet"),
                            .width = w,
                            .height = h,
                            .has_target_date = g->target_date != AP_DATE_NONE,
                            .target_x = g->target_date};
    ap_pdf_trend_chart_at(doc, x, y, &c);
    free(xs);
    free(ys);
}

/* The trend charts, per_row to a row. */
static void goal_charts(ap_pdf *doc, const ap_snapshot *snap)
{
    ap_pdf_geometry g;
    ap_pdf_geometry_get(doc, &g);
    size_t per_row = g.page_width > g.page_height ? 4 : 3;
    double gap = 12, w = (g.text_width - gap * (double)(per_row - 1)) / (double)per_row;
    double h = 132;
    for (size_t i = 0; i < snap->n_goals; i += per_row) {
        double y;
        ap_pdf_block(doc, h, &y);
        ap_pdf_geometry_get(doc, &g);
        for (size_t k = 0; k < per_row && i + k < snap->n_goals; k++)
            goal_chart(doc, &snap->goals[i + k], g.left + (double)k * (w + gap), y, w, h);
        ap_pdf_space(doc, 12);
    }
}

void ap_pdfr_goals(ap_pdf *doc, const ap_snapshot *snap)
{
    if (snap->n_goals == 0)
        return;
    goals_table(doc, snap);
    ap_pdfr_note(doc, TR("Andel av vägen: hur stor del av sträckan från utgångsvärdet till "
                         "målvärdet som är nådd. Diagrammen visar mätvärdena, utgångsvärdet "
                         "(romb) och målvärdet (streckad linje).",
                         "Share of the way: how much of the distance from the baseline to the "
                         "target has been covered. The charts show the measurements, the "
                         "baseline (diamond) and the target (dashed line)."));
    goal_charts(doc, snap);
}

/* =========================================================================
 * Costs
 * ========================================================================= */

/* "17 %" of budget spent, or "–" without a budget. */
static const char *share_text(char *buf, size_t size, long long spent, long long budget)
{
    if (budget <= 0 || spent < 0)
        snprintf(buf, size, "%s", EN_DASH);
    else
        snprintf(buf, size, "%.0f\xC2\xA0%%", 100.0 * (double)spent / (double)budget);
    return buf;
}

/* One row of the cost table, with the buffers its cells point into. */
typedef struct cost_line {
    char budget[64], spent[64], share[32];
    ap_pdf_cell cells[4];
    ap_pdf_row_style style;
} cost_line;

static const cost_line *cost_line_of(cost_line *l, const char *name, long long budget,
                                     long long spent, bool bold)
{
    l->cells[0] = (ap_pdf_cell){name, 0, 0};
    l->cells[1] = (ap_pdf_cell){ap_sek_text(budget, l->budget, sizeof l->budget), 0, 0};
    l->cells[2] = (ap_pdf_cell){ap_sek_text(spent, l->spent, sizeof l->spent), 0, 0};
    l->cells[3] = (ap_pdf_cell){share_text(l->share, sizeof l->share, spent, budget), 0, 0};
    l->style = (ap_pdf_row_style){bold ? AP_PDF_ROW_BOLD : 0, 0};
    return l;
}

static const char *plan_total_label(void)
{
    return TR("Hela planen", "The whole plan");
}

/* Keep the whole plan's row with the rows of the last two focus areas: a
 * total alone at the top of a page reads as a table of its own. */
static void keep_cost_total(ap_pdf *doc, const ap_snapshot *snap, ap_buf *name)
{
    cost_line l;
    const ap_focus *f;
    double h = ap_pdf_table_row_height(
        doc, cost_line_of(&l, plan_total_label(), snap->budget, snap->spent, true)->cells, 4,
        &l.style);
    for (size_t i = snap->n_focus >= 2 ? snap->n_focus - 2 : 0; i < snap->n_focus; i++) {
        f = &snap->focus[i];
        cost_line_of(&l, ap_pdfr_code_title(name, f->code, f->title), f->budget, f->spent, false);
        h += ap_pdf_table_row_height(doc, l.cells, 4, &l.style);
    }
    ap_pdf_table_keep(doc, h);
}

static void cost_row(ap_pdf *doc, const char *name, long long budget, long long spent, bool bold)
{
    cost_line l;
    cost_line_of(&l, name, budget, spent, bold);
    ap_pdf_table_row(doc, l.cells, 4, &l.style);
}

void ap_pdfr_costs(ap_pdf *doc, const ap_snapshot *snap)
{
    char day[11], head[64];
    snprintf(head, sizeof head, TR("Kostnad t.o.m. %s", "Cost to %s"),
             ap_date_format(snap->as_of, day));
    const ap_pdf_column cols[4] = {
        {AP_WORD(FOCUS), 0, 0, 0},
        {AP_WORD(BUDGET), 0.17, 0, AP_PDF_RIGHT},
        {head, 0.17, 0, AP_PDF_RIGHT},
        {TR("Andel av budget", "Share of budget"), 0.12, 0, AP_PDF_RIGHT}};
    ap_pdf_table_begin(doc, cols, 4, NULL);
    ap_buf name = {0};
    for (size_t i = 0; i < snap->n_focus; i++) {
        const ap_focus *f = &snap->focus[i];
        if (i + 2 == snap->n_focus || (i == 0 && snap->n_focus < 2))
            keep_cost_total(doc, snap, &name);
        cost_row(doc, ap_pdfr_code_title(&name, f->code, f->title), f->budget, f->spent, false);
    }
    cost_row(doc, plan_total_label(), snap->budget, snap->spent, true);
    ap_pdf_table_end(doc);
    ap_buf_free(&name);
}

/* =========================================================================
 * Words and numbers
 * ========================================================================= */

const char *ap_pdfr_date(ap_date d, char buf[11])
{
    if (d == AP_DATE_NONE)
        snprintf(buf, 11, "%s", EN_DASH);
    else
        ap_date_format(d, buf);
    return buf;
}

const char *ap_pdfr_int(long long v, char *buf, size_t size)
{
    return ap_format_number(buf, size, (double)v, 0);
}

const char *ap_pdfr_flags(const ap_activity *a, ap_buf *b)
{
    size_t start = b->len;
    ap_buf_append(b, "", 0);
    if (a->eval.overdue)
        ap_buf_puts(b, TR("försenad", "overdue"));
    if (a->eval.stale)
        ap_buf_printf(b, "%s%s", b->len > start ? ", " : "", TR("inaktuell", "stale"));
    if (ap_activity_cause_missing(a))
        ap_buf_printf(b, "%s%s", b->len > start ? ", " : "", TR("orsak saknas", "cause missing"));
    return ap_buf_str(b);
}

const char *ap_pdfr_period(char *buf, size_t size, const char *period)
{
    int a, b;
    char tail;
    if (period && sscanf(period, "%4d-%4d%c", &a, &b, &tail) == 2)
        snprintf(buf, size, "%d" EN_DASH "%d", a, b);
    else
        snprintf(buf, size, "%s", period && *period ? period : EN_DASH);
    return buf;
}

const char *ap_pdfr_code_title(ap_buf *b, const char *code, const char *title)
{
    ap_buf_reset(b);
    ap_buf_printf(b, "%s %s", code ? code : "", title ? title : "");
    return ap_buf_str(b);
}

const char *ap_pdfr_activity_key(char *buf, size_t size, const ap_activity *a)
{
    snprintf(buf, size, "activity:%s", a->code ? a->code : "");
    return buf;
}

void ap_pdfr_focus_heading(ap_pdf *doc, const ap_focus *f)
{
    char head[1024], line[1024];
    snprintf(head, sizeof head, TR("Fokusområde %s: %s", "Focus area %s: %s"), f->code, f->title);
    ap_pdf_heading(doc, 2, head);
    ap_buf counts = {0};
    ap_counts_words(&counts, &f->rollup.counts);
    snprintf(line, sizeof line, TR("%s. " AP_SV_LEAD ": %s.", "%s. " AP_EN_LEAD ": %s."),
             ap_buf_str(&counts), f->lead ? f->lead : "\xE2\x80\x93");
    ap_pdfr_status_line(doc, f->rollup.status, line);
    ap_buf_free(&counts);
}

/* =========================================================================
 * Assessments
 * ========================================================================= */

void ap_pdfr_assessment(ap_pdf *doc, const ap_assessment *a)
{
    ap_buf b = {0}, line = {0};
    ap_assessment_text(a, &b);
    /* "Bedömning: Tre av fyra …", but "Bedömning saknas." alone */
    if (a->given)
        ap_buf_printf(&line, "%s ", TR(AP_SV_ASSESSMENT ":", AP_EN_ASSESSMENT ":"));
    ap_buf_puts(&line, ap_buf_str(&b));
    ap_pdf_style st = {9.5, a->given ? 0 : AP_PDF_ITALIC, a->given ? 0 : MUTED, 0, 0, 0};
    ap_pdf_paragraph(doc, ap_buf_str(&line), &st);
    ap_buf_free(&line);
    ap_buf_free(&b);
}

void ap_pdfr_assessments_table(ap_pdf *doc, const ap_snapshot *snap, const ap_assessment *focus,
                               const ap_assessment *plan)
{
    ap_pdf_column cols[3] = {{AP_WORD(FOCUS), 0.28, 0, 0},
                             {TR("Status", "Status"), 80, 80, 0},
                             {TR("Bedömning", "Assessment"), 0, 0, 0}};
    ap_buf title = {0}, text = {0};
    ap_pdf_table_begin(doc, cols, 3, NULL);
    for (size_t f = 0; f <= snap->n_focus; f++) {
        const ap_assessment *a = f == 0 ? plan : &focus[f - 1];
        ap_status s = f == 0 ? snap->rollup.status : snap->focus[f - 1].rollup.status;
        ap_buf_reset(&title);
        if (f == 0)
            ap_buf_puts(&title, TR("Hela planen", "The whole plan"));
        else
            ap_buf_printf(&title, "%s %s", snap->focus[f - 1].code, snap->focus[f - 1].title);
        ap_pdf_cell cells[3] = {{ap_buf_str(&title), AP_PDF_MARK_NONE, 0},
                                ap_pdfr_status_cell(s, NULL),
                                {ap_assessment_text(a, &text), AP_PDF_MARK_NONE, 0}};
        ap_pdf_table_row(doc, cells, 3, NULL);
    }
    ap_pdf_table_end(doc);
    ap_buf_free(&title);
    ap_buf_free(&text);
}

void ap_pdfr_attention_note(ap_pdf *doc, size_t n, int max)
{
    char text[512];
    snprintf(text, sizeof text,
             TR("Planen har %zu aktiviteter, fler än %d: här står bara de som behöver "
                "uppmärksamhet (gula, röda, försenade, inaktuella, ej rapporterade och "
                "efterregistrerade). Hela listan finns i arbetsboken.",
                "The plan has %zu activities, more than %d: only those that need attention "
                "are listed here (yellow, red, overdue, stale, unreported and recorded late). "
                "The workbook has them all."),
             n, max);
    ap_pdfr_note(doc, text);
}

void ap_pdfr_omitted_note(ap_pdf *doc, const ap_pdf_list *list, size_t focus)
{
    if (!list->attention_only)
        return;
    char text[256];
    size_t n = list->omitted[focus];
    snprintf(text, sizeof text,
             TR("Här står inte %zu %s utan anmärkning (se arbetsboken).",
                "Not listed here: %zu %s without remarks (see the workbook)."),
             n, ap_plural((long long)n, "aktivitet", "aktiviteter", "activity", "activities"));
    ap_pdfr_note(doc, text);
}
