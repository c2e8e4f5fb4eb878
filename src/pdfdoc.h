/*
 * pdfdoc.h - a small document-layout engine on top of libharu.
 *
 * It knows text, headings, tables with coloured marks and two kinds of
 * chart; it knows nothing about plans. The report modules build their PDFs
 * with it: open a document, add flowing content that the engine places
 * under a cursor and breaks across pages, then save.
 *
 * Conventions for the whole interface:
 *  - Units are points (1/72 inch). Positions are measured from the TOP-LEFT
 *    corner of the page and y grows downwards, as on paper.
 *  - Colours are 0xRRGGBB. In ap_pdf_rect and ap_pdf_line, AP_PDF_NONE means
 *    "do not fill / do not stroke"; in option structs a colour of 0 means
 *    "the default".
 *  - Strings are UTF-8 and only borrowed: the engine copies what it keeps,
 *    and the caller keeps ownership of everything it passes. Invalid UTF-8,
 *    control characters and characters outside the Basic Multilingual Plane
 *    are shown as U+FFFD or dropped rather than trusted; no string (empty,
 *    only spaces, a 5,000-character word, many newlines) can make the engine
 *    crash or loop.
 *  - Errors are sticky, like a FILE's error flag: the first failure (from
 *    libharu or from the engine) is kept, later calls do nothing and return
 *    the same code, and ap_pdf_save reports it and writes no file. Calls
 *    that cannot fail in any other way therefore need not be checked one by
 *    one; check ap_pdf_save.
 */
#ifndef AP_PDFDOC_H
#define AP_PDFDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "actionplan/error.h"

typedef struct ap_pdf ap_pdf;

typedef enum { AP_PDF_PORTRAIT = 0, AP_PDF_LANDSCAPE = 1 } ap_pdf_orientation;
typedef enum { AP_PDF_LEFT = 0, AP_PDF_CENTER = 1, AP_PDF_RIGHT = 2 } ap_pdf_align;

/* Font faces; combine with |. All are DejaVu Sans, embedded. */
enum { AP_PDF_REGULAR = 0, AP_PDF_BOLD = 1, AP_PDF_ITALIC = 2 };

/* "No colour" for ap_pdf_rect / ap_pdf_line. */
#define AP_PDF_NONE 0xFFFFFFFFu

/* Shapes of a mark: a small filled symbol drawn before a word. */
typedef enum {
    AP_PDF_MARK_NONE = 0,
    AP_PDF_MARK_CIRCLE,
    AP_PDF_MARK_SQUARE,
    AP_PDF_MARK_TRIANGLE,
    AP_PDF_MARK_DIAMOND,
    AP_PDF_MARK_RING, /* a hollow circle: "not reported" */
    AP_PDF_MARK_DASH  /* a short bar: "not active", "none" */
} ap_pdf_shape;

/* ---------------------------------------------------------------------------
 * The document
 * ------------------------------------------------------------------------- */

/* Options of ap_pdf_new. Zero-initialise and set what you need; every string
 * may be NULL and is copied. */
typedef struct ap_pdf_opts {
    ap_pdf_orientation orientation; /* of the first page */
    const char *title;              /* document information; shown by readers */
    const char *author;
    const char *subject;
    const char *creator;
    const char *lang;        /* e.g. "sv-SE": the catalog's /Lang */
    const char *header;      /* running header, top left of every page */
    const char *footer;      /* running footer, bottom left */
    const char *page_format; /* bottom right, e.g. "Sida %d av %d": the
                                first %d is the page, the second the page
                                count; %% is a percent sign */
    bool plain_first_page;   /* no header or footer on page 1 (a cover);
                                it still counts as page 1 */
    bool h1_new_page;        /* every level-1 heading starts a new page */
    double body_size;        /* paragraph text size; 0 = 10 pt */
    double margin_top, margin_bottom, margin_left, margin_right; /* 0 = default */
    uint32_t accent;      /* heading and chart colour; 0 = dark blue */
    const char *font_dir; /* folder with DejaVuSans*.ttf; NULL = the
                             environment variable ACTIONPLAN_FONT_DIR,
                             else the build's AP_FONT_DIR */
} ap_pdf_opts;

/* Open a new document holding one empty A4 page. opts may be NULL (portrait,
 * no metadata). Loads the regular font at once (a missing font fails here,
 * naming the file); bold and oblique are loaded when first used. On success
 * *doc is owned by the caller and freed with ap_pdf_free. */
ap_rc ap_pdf_new(ap_pdf **doc, const ap_pdf_opts *opts, ap_error *err);

/* Finish the document (table of contents, headers, footers, page numbers)
 * and write it to path atomically: a temporary file beside path is renamed
 * into place only when libharu reported no error at all; on any failure it
 * is removed and err says why. After the first call the document is
 * complete: drawing calls then fail, but save may be called again (after a
 * failed save, or for a second copy). The caller still frees doc. */
ap_rc ap_pdf_save(ap_pdf *doc, const char *path, ap_error *err);

/* Free everything. No operation when doc is NULL. */
void ap_pdf_free(ap_pdf *doc);

/* AP_OK, or the code of the first error; its message (never NULL, "" when
 * there is none) stays valid until the document is freed. */
ap_rc ap_pdf_status(const ap_pdf *doc);
const char *ap_pdf_error(const ap_pdf *doc);

/* ---------------------------------------------------------------------------
 * Pages and the cursor
 * ------------------------------------------------------------------------- */

typedef struct ap_pdf_geometry {
    double page_width, page_height;  /* of the current page */
    double left, right, top, bottom; /* its margins */
    double text_width;               /* page_width - left - right */
    double y;                        /* the cursor, from the page top */
    double remaining;                /* room between cursor and bottom margin */
    int page;                        /* current page, 1-based */
    int page_count;                  /* pages so far */
} ap_pdf_geometry;

/* Fill *g with the current page's measures and the cursor. */
void ap_pdf_geometry_get(const ap_pdf *doc, ap_pdf_geometry *g);
/* Width of the text area of the current page. */
double ap_pdf_text_width(const ap_pdf *doc);
/* Cursor position from the top of the page. */
double ap_pdf_y(const ap_pdf *doc);
/* Room left on the current page below the cursor. */
double ap_pdf_remaining(const ap_pdf *doc);
/* Move the cursor to y (clamped to the text area), e.g. after a cover drawn
 * with ap_pdf_text_at. */
void ap_pdf_move_to(ap_pdf *doc, double y);

/* Start a new page. Does nothing when nothing has been drawn on the current
 * page, so that blank pages never appear by accident. */
ap_rc ap_pdf_page_break(ap_pdf *doc);
/* Orientation of the pages started from now on. When nothing has been drawn
 * on the current page yet, it is turned at once. */
ap_rc ap_pdf_set_orientation(ap_pdf *doc, ap_pdf_orientation o);
/* Start a new page unless at least height points remain below the cursor. */
ap_rc ap_pdf_keep(ap_pdf *doc, double height);
/* Vertical space. At the top of a page it is dropped; when it does not fit it
 * ends the page. */
ap_rc ap_pdf_space(ap_pdf *doc, double points);
/* Claim a block of height points in the flow for the caller's own drawing
 * (e.g. a row of trend charts): a new page is started when it does not fit,
 * *y_top receives the block's top and the cursor moves below it. */
ap_rc ap_pdf_block(ap_pdf *doc, double height, double *y_top);

/* ---------------------------------------------------------------------------
 * Flowing text
 * ------------------------------------------------------------------------- */

/* Look of a piece of text. Zero-initialised = body text. */
typedef struct ap_pdf_style {
    double size;    /* points; 0 = the body size */
    unsigned face;  /* AP_PDF_BOLD | AP_PDF_ITALIC */
    uint32_t color; /* 0xRRGGBB; 0 = near-black body colour */
    ap_pdf_align align;
    double leading;     /* baseline distance; 0 = 1.25 x size */
    double space_after; /* after a paragraph; 0 = 0.6 x size, < 0 = none */
} ap_pdf_style;

/* A heading of level 1 (largest) to 3; other levels are clamped. It is kept
 * together with room for a few lines of what follows, gets a bookmark in the
 * PDF outline (level 2 under the last level 1, level 3 under the last level
 * 2), and levels 1-2 are listed in the table of contents. */
ap_rc ap_pdf_heading(ap_pdf *doc, int level, const char *text);

/* A paragraph wrapped at word boundaries to the text width with the real
 * font metrics; '\n' starts a new line; words wider than the line are broken
 * between characters. Breaks across pages. style may be NULL (body text). */
ap_rc ap_pdf_paragraph(ap_pdf *doc, const char *text, const ap_pdf_style *style);

/* ---------------------------------------------------------------------------
 * Drawing at fixed positions (covers, boxes); the cursor does not move
 * ------------------------------------------------------------------------- */

/* Draw text wrapped into a box width points wide whose top-left corner is
 * (x, y), aligned within the box. width <= 0 means no wrapping (lines end
 * only at '\n'); x is then the left end, the centre or the right end of
 * each line according to the alignment. *height (may be NULL) receives the
 * height used. Never breaks the page: check the room with ap_pdf_measure.
 * Positions that are not finite numbers draw nothing. */
ap_rc ap_pdf_text_at(ap_pdf *doc, double x, double y, double width, const char *text,
                     const ap_pdf_style *style, double *height);
/* Height that ap_pdf_text_at would use (0 after an error). */
double ap_pdf_measure(ap_pdf *doc, const char *text, const ap_pdf_style *style, double width);
/* Width of text set on one line (the widest line when it holds '\n'). */
double ap_pdf_string_width(ap_pdf *doc, const char *text, const ap_pdf_style *style);

/* A rectangle with its top-left corner at (x, y); fill and stroke are colours
 * or AP_PDF_NONE; line_width 0 = 0.5 pt. */
ap_rc ap_pdf_rect(ap_pdf *doc, double x, double y, double w, double h, uint32_t fill,
                  uint32_t stroke, double line_width);
/* A straight line; width 0 = 0.5 pt. */
ap_rc ap_pdf_line(ap_pdf *doc, double x1, double y1, double x2, double y2, uint32_t color,
                  double width);
/* A mark filling the size x size square at top-left (x, y), with a thin
 * darker outline so that light colours stay visible in greyscale. */
ap_rc ap_pdf_mark(ap_pdf *doc, double x, double y, double size, ap_pdf_shape shape, uint32_t color);

/* ---------------------------------------------------------------------------
 * Tables: as wide as the text area, rows break across pages, the header row
 * is repeated on every page, a row taller than a page is split
 * ------------------------------------------------------------------------- */

typedef struct ap_pdf_column {
    const char *label; /* header text, wraps; copied */
    double width;      /* > 1: points; (0, 1]: fraction of the table width;
                          0: an equal share of what the others leave */
    double min_width;  /* points; 0 = none */
    ap_pdf_align align;
} ap_pdf_column;

typedef struct ap_pdf_table_opts {
    double font_size;     /* 0 = 8.5 pt */
    double padding;       /* cell padding; 0 = 3 pt */
    bool zebra;           /* shade every other row */
    uint32_t header_fill; /* 0 = light blue-grey */
} ap_pdf_table_opts;

/* One cell: text and/or a mark. With a mark, the mark comes first and the
 * text follows it with a hanging indent; give the mark a word as text
 * ("Grön") so that colour is never the only signal. */
typedef struct ap_pdf_cell {
    const char *text;  /* NULL = empty */
    ap_pdf_shape mark; /* AP_PDF_MARK_NONE = no mark */
    uint32_t mark_color;
} ap_pdf_cell;

/* Row flags. */
enum {
    AP_PDF_ROW_BOLD = 1,     /* bold text */
    AP_PDF_ROW_SPAN = 2,     /* cells[0] spans all columns (a group header) */
    AP_PDF_ROW_KEEP_NEXT = 4 /* never the last row on a page */
};

typedef struct ap_pdf_row_style {
    unsigned flags; /* AP_PDF_ROW_* */
    uint32_t fill;  /* background; 0 = none (or the zebra shade) */
} ap_pdf_row_style;

/* Start a table at the cursor with ncols (1-64) columns, copied. Ends any
 * table still open. opts may be NULL. The header is drawn with the first
 * row, so that it never stands alone at the foot of a page. */
ap_rc ap_pdf_table_begin(ap_pdf *doc, const ap_pdf_column *cols, size_t ncols,
                         const ap_pdf_table_opts *opts);
/* Add a row of ncells cells (fewer than the columns: the rest are empty;
 * more: an error). style may be NULL. */
ap_rc ap_pdf_table_row(ap_pdf *doc, const ap_pdf_cell *cells, size_t ncells,
                       const ap_pdf_row_style *style);
/* The height a row would take in the open table (0 without one). Draws
 * nothing: with ap_pdf_table_keep it keeps rows together. */
double ap_pdf_table_row_height(ap_pdf *doc, const ap_pdf_cell *cells, size_t ncells,
                               const ap_pdf_row_style *style);
/* Continue the open table on a new page (under its repeated header) unless
 * height points of rows fit below the cursor; at the table's start the
 * header's height is counted too, so that a header never stands alone at
 * the foot of a page. Used to keep a total row with the rows before it and
 * a group row with its first row. Nothing when height is more than a page
 * holds. */
ap_rc ap_pdf_table_keep(ap_pdf *doc, double height);
/* Links inside the document: the next row of the open table is the place
 * named key (e.g. an activity's row in a list), and/or its cell in column
 * col is clickable and leads to the row named key. Keys are resolved when
 * the document is saved, so a link may come before its target; a link
 * whose key names no row stays plain text. Both apply to the next
 * ap_pdf_table_row only. */
ap_rc ap_pdf_table_anchor(ap_pdf *doc, const char *key);
ap_rc ap_pdf_table_link(ap_pdf *doc, size_t col, const char *key);
/* A bold, shaded row spanning all columns, kept with the next row. */
ap_rc ap_pdf_table_group(ap_pdf *doc, const char *text);
/* End the table and leave a little space. Other flow calls (heading,
 * paragraph, chart, ...) end an open table themselves. */
ap_rc ap_pdf_table_end(ap_pdf *doc);

/* ---------------------------------------------------------------------------
 * Charts
 * ------------------------------------------------------------------------- */

/* A horizontal stacked bar chart in the flow: one bar per category, one
 * segment per series, a legend with words, value labels inside segments
 * wide enough for them, the total after each bar, and a value axis. Many
 * categories continue on the next page with the same scale and legend. The
 * arrays are only read during the call. */
typedef struct ap_pdf_bar_chart {
    const char *title;             /* optional, above the chart */
    const char *const *categories; /* ncategories labels (up to 3 lines) */
    size_t ncategories;
    const char *const *series; /* nseries legend words */
    const uint32_t *colors;    /* nseries colours */
    size_t nseries;
    const double *values;   /* ncategories x nseries, row by row;
                               negative and NaN count as 0 */
    int decimals;           /* of the value labels */
    const char *axis_label; /* optional, under the axis */
    const char *empty_text; /* shown in an empty frame when there
                               are no categories or series */
    double width;           /* 0 = the text width */
} ap_pdf_bar_chart;

ap_rc ap_pdf_bar_chart_add(ap_pdf *doc, const ap_pdf_bar_chart *chart);

/* A small trend chart for one indicator, drawn in a framed box whose
 * top-left corner is (x, y): the measured values as a line (with points
 * when there are at most 40), the last value labelled, a dashed target line
 * with its label, the baseline as a hollow diamond (named in a legend line
 * under the plot), and the ends of both axes labelled (x as YYYY-MM-DD).
 * With no points it draws the frame, the title and empty_text. It does not
 * move the cursor: claim the room first with ap_pdf_block, which also lets
 * several charts share a row. The arrays are only read during the call. */
typedef struct ap_pdf_trend_chart {
    const char *title; /* e.g. "M1 Förvärvsarbetande (personer)" */
    const double *x;   /* n dates as day numbers (ap_date) */
    const double *y;   /* n values; non-finite ones are skipped */
    size_t n;
    bool has_target;
    double target;
    const char *target_label; /* e.g. "Mål 44 000"; NULL = the number */
    bool has_baseline;
    double baseline_x, baseline_y;
    const char *baseline_label; /* e.g. "Utgångsvärde"; may be NULL */
    int decimals;               /* of the value labels */
    const char *empty_text;     /* e.g. "Inga mätvärden" */
    uint32_t color;             /* of the line; 0 = the accent */
    double width, height;       /* the box; 0 = 160 x 110 pt */
    bool has_target_date;       /* the time axis reaches the target's date too */
    double target_x;            /* as a day number */
} ap_pdf_trend_chart;

ap_rc ap_pdf_trend_chart_at(ap_pdf *doc, double x, double y, const ap_pdf_trend_chart *chart);

/* A label's box in page coordinates (top-left x, y; w x h). */
typedef struct ap_pdf_box {
    double x, y, w, h;
} ap_pdf_box;

/* Where the trend chart puts a label of w x h beside the point (px, py):
 * the first of the places around the point (above, below, left, right,
 * then further out) that lies inside area and keeps gap points from every
 * segment of the polyline xs/ys (n points, page coordinates) and from
 * every box in taken. Returns false, with *out at the first place, when
 * none is clear. The trend chart's labels never touch a line this way. */
bool ap_pdf_place_label(double px, double py, double w, double h, const ap_pdf_box *area,
                        const double *xs, const double *ys, size_t n, const ap_pdf_box *taken,
                        size_t ntaken, double gap, ap_pdf_box *out);
/* Whether box b, grown by gap on every side, touches the segment
 * (x1, y1)-(x2, y2). */
bool ap_pdf_box_hits_segment(const ap_pdf_box *b, double gap, double x1, double y1, double x2,
                             double y2);

/* ---------------------------------------------------------------------------
 * Table of contents
 * ------------------------------------------------------------------------- */

/* Reserve pages (at least 1) at the current position for a table of
 * contents titled title. At save time they are filled with the level-1 and
 * level-2 headings, each with its page number right-aligned after dot
 * leaders, and each entry is a link to its heading. Should the contents
 * need more pages, pages are inserted after the reserved ones (and the page
 * numbers account for them); reserved pages left over stay blank. One table of contents per document. */
ap_rc ap_pdf_toc_reserve(ap_pdf *doc, const char *title, int pages);

/* ---------------------------------------------------------------------------
 * Numbers
 * ------------------------------------------------------------------------- */

/* Numbers for people: ap_format_number (util.h). */

#endif
