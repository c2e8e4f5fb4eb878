/*
 * pdf_common.h - what the two PDF reports draw alike, so that the steering
 * pack and the annual report look the same and are built by one piece of
 * code: the document set-up, the cover, status marks with their words, the
 * plan's status banner, key-figure tiles, the counts table, the status
 * chart per focus area, goals with trend charts, cost against budget, and
 * small formatting helpers.
 *
 * The prefix ap_pdfr_ stands for "PDF report". Everything draws with the
 * engine of pdfdoc.h at its cursor (errors stay sticky in the document and
 * surface at ap_pdf_save), reads the snapshot and never changes it, and
 * writes every label through TR() in the current language.
 */
#ifndef AP_PDF_COMMON_H
#define AP_PDF_COMMON_H

#include <stddef.h>

#include "actionplan/report.h"
#include "actionplan/snapshot.h"
#include "pdfdoc.h"

/* ---------------------------------------------------------------------------
 * Statuses on paper: the shape and colour of ap_status_style_of, always
 * with the word beside it
 * ------------------------------------------------------------------------- */

/* The engine's mark for a status (circle, triangle, square, diamond, ring,
 * dash). */
ap_pdf_shape ap_pdfr_shape(ap_status s);

/* A table cell with the status's mark and text; text NULL means the
 * status's own word ("Grön"). The text is borrowed. */
ap_pdf_cell ap_pdfr_status_cell(ap_status s, const char *text);

/* ---------------------------------------------------------------------------
 * The document
 * ------------------------------------------------------------------------- */

typedef struct ap_pdfr_meta {
    const ap_snapshot *snap;        /* plan title, organisation, process lead */
    const char *kind;               /* "Styrgruppsrapport", "Årsrapport 2016" */
    const char *when;               /* shown after kind: "per 2017-12-15" */
    const char *subject;            /* document information */
    ap_pdf_orientation orientation; /* of the cover and what follows */
} ap_pdfr_meta;

/* Open an A4 document with the house style: title "<plan> – <kind> <when>",
 * author (the process lead, else the organisation), subject, language
 * (sv-SE or en-GB), running header, footer and "Sida N av M", a plain
 * cover page. *doc is the caller's (ap_pdf_free). */
ap_rc ap_pdfr_open(ap_pdf **doc, const ap_pdfr_meta *m, ap_error *err);

/* Open a document as ap_pdfr_open does, let build draw it from data, and
 * save it atomically to path (nothing is left behind on failure). */
typedef void (*ap_pdfr_build_fn)(ap_pdf *doc, const void *data);
ap_rc ap_pdfr_write(const ap_pdfr_meta *m, ap_pdfr_build_fn build, const void *data,
                    const char *path, ap_error *err);

/* ---------------------------------------------------------------------------
 * Cover, banner, tiles, legend
 * ------------------------------------------------------------------------- */

typedef struct ap_pdfr_cover_row {
    const char *label, *value; /* "Läge per", "2017-12-15"; NULL label ends */
} ap_pdfr_cover_row;

typedef struct ap_pdfr_cover {
    const ap_snapshot *snap; /* organisation and plan title */
    const char *kind;        /* "Styrgruppsrapport" */
    const char *lead;        /* a line under kind, may be NULL */
    const ap_pdfr_cover_row *rows;
    size_t nrows;
    ap_status status;           /* the plan's status, shown large */
    const char *status_caption; /* "Planens status per 2017-12-15" */
    const char *about;          /* a paragraph under the rows, may be NULL */
} ap_pdfr_cover;

/* Draw the cover on the current (first) page and end the page. */
void ap_pdfr_cover_draw(ap_pdf *doc, const ap_pdfr_cover *c);

/* A tinted band with the status's large mark and word, a caption in bold
 * and a detail line (may be NULL): the plan's traffic light. */
void ap_pdfr_status_banner(ap_pdf *doc, ap_status s, const char *caption, const char *detail);

/* One line in the flow: a mark, the status word in bold, then text (may be
 * NULL) - e.g. a focus area's status under its heading. */
void ap_pdfr_status_line(ap_pdf *doc, ap_status s, const char *text);

typedef struct ap_pdfr_tile {
    const char *value; /* "52" */
    const char *label; /* "aktiva aktiviteter" */
} ap_pdfr_tile;

/* Up to 6 key figures side by side in light boxes. */
void ap_pdfr_tiles(ap_pdf *doc, const ap_pdfr_tile *tiles, size_t n);

/* One line explaining every mark in words: "● Grön – enligt plan …". */
void ap_pdfr_legend(ap_pdf *doc);

/* A group row in the open table (ap_pdf_table_group) that starts a new
 * page unless next_height points remain under it as well: the engine keeps
 * a group row with one line of the next row, and an activity row is often
 * three lines tall. */
void ap_pdfr_table_group(ap_pdf *doc, const char *text, double next_height);

/* A paragraph in small muted italics, for notes under headings. */
void ap_pdfr_note(ap_pdf *doc, const char *text);

/* ---------------------------------------------------------------------------
 * Tables and charts shared by both reports
 * ------------------------------------------------------------------------- */

/* The plan's and every focus area's status and eight counts. prev, when
 * not NULL, holds the previous report's statuses (index 0 the plan, i + 1
 * focus area i; AP_ST_COUNT = unknown): a changed status then reads
 * "Grön → Gul" (before → now), and prev_note (may be NULL) is printed under the table to
 * say so. On a narrow page each focus area's title gets a row of its own
 * above its figures. */
void ap_pdfr_counts_table(ap_pdf *doc, const ap_snapshot *snap, const ap_status *prev,
                          const char *prev_note);

/* A stacked bar per focus area: how many activities have each status. */
void ap_pdfr_status_chart(ap_pdf *doc, const ap_snapshot *snap, const char *title);

/* The goals against their targets (a table) and one trend chart per
 * indicator, as many per row as fit. Nothing when the plan has no goals. */
void ap_pdfr_goals(ap_pdf *doc, const ap_snapshot *snap);

/* Budget and reported cost per focus area and for the plan. */
void ap_pdfr_costs(ap_pdf *doc, const ap_snapshot *snap);

/* Fields of an activity that tables show, for ap_pdfr_fit. */
typedef enum {
    AP_PDFR_CODE,
    AP_PDFR_TITLE,
    AP_PDFR_OWNER,
    AP_PDFR_RESPONSIBLE,
    AP_PDFR_COMMENT, /* of the last update */
    AP_PDFR_CAUSE,   /* of the last update */
    AP_PDFR_ACTION,  /* of the last update */
    AP_PDFR_BY,      /* who made the last update */
    AP_PDFR_DECISION /* the last decision's text */
} ap_pdfr_field;

/* Raise col->min_width so that neither its header nor any word of text is
 * broken between letters (Swedish compounds such as
 * "Samhällsbyggnadskontoret" are long); at most 40 % of the text width. */
void ap_pdfr_fit_text(ap_pdf *doc, ap_pdf_column *col, const char *text);
/* The same for a phrase that must stay on one line ("Orsak saknas"). */
void ap_pdfr_fit_phrase(ap_pdf *doc, ap_pdf_column *col, const char *text);
/* The same for field f of each of the n activities. */
void ap_pdfr_fit(ap_pdf *doc, ap_pdf_column *col, ap_activity *const *acts, size_t n,
                 ap_pdfr_field f);

/* Column widths that keep a long table short. Rows are added as the cells
 * they will be drawn with (borrowed only during the call); apply then
 * shares the text width among the columns that are not fixed (a fixed
 * column has width > 1 and min_width >= width) so that the rows take as few
 * lines as the text allows: a column of short texts gets what its longest
 * ones need, a column of long ones the rest, and no column goes below its
 * min_width (ap_pdfr_fit) or its header's widest word. Each cell's words
 * are measured once, when applied; the lines at a width are then counted as
 * the engine breaks them, without laying the table out again. A table of
 * more than 1,500 rows is balanced on evenly spaced rows, at most 1,500 of
 * them (every second, fourth, eighth … row). */
typedef struct ap_pdfr_widths ap_pdfr_widths;
/* opts: the table's, for its type size and padding (NULL: the engine's). */
ap_pdfr_widths *ap_pdfr_widths_new(size_t ncols, const ap_pdf_table_opts *opts);
void ap_pdfr_widths_add(ap_pdf *doc, ap_pdfr_widths *w, const ap_pdf_cell *cells, size_t n);
/* Set cols' widths (ncols as given to new) and free w. */
void ap_pdfr_widths_apply(ap_pdf *doc, ap_pdfr_widths *w, ap_pdf_column *cols);

/* The look of the long lists (deviations, changes, whom to chase, the
 * activities; in the annual report the focus areas' activities and the
 * appendix): 2 pt cell padding, and above [report] pdf_list_max (list's
 * attention_only) 8 pt type instead of 8.5, so that a large plan's PDF
 * stays a few hundred pages. */
ap_pdf_table_opts ap_pdfr_list_opts(const ap_pdf_list *list, bool zebra);

/* The width a table column needs so that no word of its header label is
 * broken (bold table type and padding), and at least min points. */
double ap_pdfr_header_width(ap_pdf *doc, const char *label, double min);

/* ---------------------------------------------------------------------------
 * Words and numbers
 * ------------------------------------------------------------------------- */

/* "2017-12-15", or "–" for AP_DATE_NONE. Returns buf. */
const char *ap_pdfr_date(ap_date d, char buf[11]);
/* Long dates and amounts in kronor: ap_date_long_text and ap_sek_text
 * (report.h), the same words as the web pages. */
/* v as a whole number, grouped: "44 000". */
const char *ap_pdfr_int(long long v, char *buf, size_t size);
/* The activity's flags in words: "försenad, inaktuell, orsak saknas";
 * appended to b, "" when none. Returns the buffer's text. */
const char *ap_pdfr_flags(const ap_activity *a, ap_buf *b);
/* A period "2016-2022" as "2016–2022" (en dash); other text as it is, "–"
 * for none. Returns buf. */
const char *ap_pdfr_period(char *buf, size_t size, const char *period);
/* "1.1.1 Företagsbesök politiker" into b (reset first). */
const char *ap_pdfr_code_title(ap_buf *b, const char *code, const char *title);

/* The link key of an activity's row in the document's list of every
 * activity (the steering pack's activity tables, the annual appendix):
 * the deviations link their codes to it. Returns buf. */
const char *ap_pdfr_activity_key(char *buf, size_t size, const ap_activity *a);

/* A focus area's heading ("Fokusområde 2: …", level 2, with a bookmark)
 * and its status line: mark, word, counts and lead. */
void ap_pdfr_focus_heading(ap_pdf *doc, const ap_focus *f);

/* A paragraph with the label "Bedömning: " before the assessment's text. */
void ap_pdfr_assessment(ap_pdf *doc, const ap_assessment *a);
/* Each focus area's light beside its assessment (focus parallel to
 * snap->focus), the plan's first. */
void ap_pdfr_assessments_table(ap_pdf *doc, const ap_snapshot *snap, const ap_assessment *focus,
                               const ap_assessment *plan);

/* The PDFs of large plans (report.h, ap_pdf_list): one sentence saying that
 * only the activities that need attention are listed, of how many, and that
 * the workbook has them all; and per focus area how many are left out. */
void ap_pdfr_attention_note(ap_pdf *doc, size_t n, int max);
void ap_pdfr_omitted_note(ap_pdf *doc, const ap_pdf_list *list, size_t focus);

#endif
