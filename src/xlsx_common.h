/*
 * xlsx_common.h - what every Excel report of actionplan shares, on top of
 * libxlsxwriter (prefix ap_xlw_, "xlsx writer"; ap_xlsx_ is the reader of
 * xlsx_reader.h): the steering pack (xlsx_steering.c), the annual report
 * (xlsx_annual.c) and the update forms (forms_export.c) use it, so all
 * three look alike and are safe in the same ways.
 *
 *  - ap_xlw: a workbook written atomically (temporary file, then rename;
 *    a failed write leaves no file behind), whose libxlsxwriter errors are
 *    collected and turned into one ap_error with a clear message.
 *  - ap_xlw_formats: one set of formats - titles, table headings, wrapped
 *    text, real dates (yyyy-mm-dd), amounts with thousands separators,
 *    percentages, and per status a tinted cell whose word carries the
 *    meaning too (ap_status_style_of, ap_status_label).
 *  - ap_xlw_page_setup: A4 landscape, fit to one page wide, heading rows
 *    repeated on every page, a page header with the plan and a footer with
 *    "Sida 3 av 12".
 *  - ap_xlw_table: a table writer that fits the column widths to the
 *    content (measured in Arial 10 advance widths, capped per column), sets
 *    each row's height to its wrapped text, freezes the heading row and
 *    sets an autofilter; it measures in a first pass and writes in a
 *    second, so that a workbook streams its rows (constant memory).
 *  - protected sheets (the forms): given cells grey and locked, open cells
 *    white, prompts and the values each open column allows.
 *
 * The workbook's text font is Arial 10: Excel has Arial everywhere and
 * LibreOffice renders it with the metric-compatible Liberation Sans, so
 * the widths computed here hold in both.
 *
 * Ownership: every string passed in is copied (by libxlsxwriter or into the
 * table's arena) before the call returns. Errors: the cell writers do not
 * return a code; the first failure is kept in the ap_xlw and reported by
 * ap_xlw_close, so a renderer can write a whole sheet and check once.
 *
 * Never run under a Swedish numeric locale (stack-notes.md):
 * ap_xlw_open refuses to start when the C library's decimal point is not
 * '.', instead of writing a workbook that Excel cannot read.
 */
#ifndef AP_XLSX_COMMON_H
#define AP_XLSX_COMMON_H

#include <stdbool.h>
#include <xlsxwriter.h>

#include "actionplan/error.h"
#include "actionplan/model.h"
#include "actionplan/util.h"

/* ---------------------------------------------------------------------------
 * The workbook
 * ------------------------------------------------------------------------- */

/* Formats shared by all sheets. Table formats have a thin grey border and
 * align to the top; text formats wrap. */
typedef struct ap_xlw_formats {
    lxw_format *title;               /* 14 pt bold: a sheet's first line */
    lxw_format *subtitle;            /* 11 pt bold: a block's heading */
    lxw_format *note;                /* grey: a line of explanation under a title */
    lxw_format *header;              /* table heading: bold, filled, bordered, wrapped */
    lxw_format *text;                /* table text, wrapped */
    lxw_format *label;               /* table text on one line, cut at the cell's edge */
    lxw_format *bold;                /* table text, wrapped, bold */
    lxw_format *warn;                /* table text in red italic: "orsak saknas" */
    lxw_format *date;                /* table date, yyyy-mm-dd */
    lxw_format *integer;             /* table whole number, "1 234" */
    lxw_format *decimal;             /* table number with up to two decimals */
    lxw_format *money;               /* table amount in SEK, "1 234 567" */
    lxw_format *percent;             /* table share (0.65) shown as "65%" */
    lxw_format *input;               /* an empty cell to be filled in by hand (unlocked) */
    lxw_format *input_date;          /* ... holding a date (unlocked) */
    lxw_format *status[AP_ST_COUNT]; /* tinted, bold, the status word */
    /* On a protected sheet (ap_xlw_protect; the update forms): */
    lxw_format *strong;        /* bold, top-aligned, no border: a label before its value */
    lxw_format *para;          /* wrapped, top-aligned, no border: a value or a paragraph */
    lxw_format *fixed;         /* table text given, not to be changed: grey, locked, wrapped */
    lxw_format *fixed_date;    /* ... a date */
    lxw_format *fixed_integer; /* ... a whole number */
    lxw_format *open;          /* table cell to fill in: white, unlocked, wrapped */
    lxw_format *open_line;     /* ... on one line (a choice from a list) */
    lxw_format *open_date;     /* ... a date */
    lxw_format *open_integer;  /* ... a whole number */
    lxw_format *header_open;   /* the heading of columns to fill in: yellow */
} ap_xlw_formats;

typedef struct ap_xlw {
    lxw_workbook *wb;
    ap_xlw_formats fmt;
    ap_atomic out;
    ap_rc rc;      /* AP_OK, or the code of the first failure */
    char msg[512]; /* what failed, for ap_xlw_close's message */
} ap_xlw;

/* Document properties shown by Excel (File > Info). Strings may be NULL. */
typedef struct ap_xlw_doc {
    const char *title, *subject, *author, *company;
    ap_date created; /* AP_DATE_NONE: now; a fixed date keeps output reproducible */
    bool in_memory;  /* keep every cell in memory until the workbook is closed, so
                        that cells may be written in any order; otherwise (the
                        default) libxlsxwriter's constant_memory mode: each sheet's
                        rows go to a temporary file in row order, a row's height
                        before its cells, and memory does not grow with the rows */
} ap_xlw_doc;

/* Start a workbook that will be written to path atomically (in constant
 * memory unless doc->in_memory). On failure
 * nothing is left behind and err says why. */
ap_rc ap_xlw_open(ap_xlw *x, const char *path, const ap_xlw_doc *doc, ap_error *err);

/* Write the workbook into its temporary file (x->out.tmp_path) and leave
 * it there, for the caller to ap_atomic_commit (or ap_atomic_abort) x->out
 * when something else must happen first (the forms' record in the store).
 * On failure the temporary file is removed and err names the file and the
 * cause. Always releases the workbook. */
ap_rc ap_xlw_write(ap_xlw *x, ap_error *err);

/* Write the workbook and move it into place. When any earlier write failed,
 * or writing fails now, the temporary file is removed, no file appears at
 * path, and err names the file and the cause. Always releases x. */
ap_rc ap_xlw_close(ap_xlw *x, ap_error *err);

/* workbook_close without libxlsxwriter's own "[ERROR]..." lines on stderr
 * (the caller says what failed, in the user's language). *errnum is errno
 * as the library left it (0 when it set none). */
lxw_error ap_xlw_close_quietly(lxw_workbook *wb, int *errnum);

/* Record a libxlsxwriter result: the first failure is kept with what was
 * being written ("sheet 'Mål'", "cell C7"). Returns true when e is OK. */
bool ap_xlw_check(ap_xlw *x, lxw_error e, const char *what);

/* A new worksheet. The name must be a valid sheet name (at most 31
 * characters, none of [ ] : * ? / \, not used yet); NULL (with the failure
 * recorded) otherwise. */
lxw_worksheet *ap_xlw_sheet(ap_xlw *x, const char *name);

/* ---------------------------------------------------------------------------
 * Cells (any sheet). Text is checked to be UTF-8 (an invalid byte would
 * corrupt the workbook) and cut, with "…", at Excel's 32,767 characters.
 * ------------------------------------------------------------------------- */

void ap_xlw_text(ap_xlw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                  lxw_format *f);
/* A sheet's title line in A of row r (fmt.title), the row 21 pt tall. */
void ap_xlw_title(ap_xlw *x, lxw_worksheet *ws, lxw_row_t r, const char *s);
/* A real date cell (a serial number with a date format); blank for AP_DATE_NONE. */
void ap_xlw_date(ap_xlw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, ap_date d,
                  lxw_format *f);
void ap_xlw_number(ap_xlw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v,
                    lxw_format *f);
/* The status word on its tint, e.g. "Röd" on light red. */
void ap_xlw_status(ap_xlw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, ap_status s);

/* A cell merged over columns c1..c2 of row r (in-memory workbooks only:
 * libxlsxwriter's constant-memory mode cannot merge). */
void ap_xlw_merged(ap_xlw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c1, lxw_col_t c2,
                   const char *s, lxw_format *f);

/* Row r as tall as lines lines of wrapped text (ap_xlw_row_height); before
 * the row's cells. */
void ap_xlw_row_lines(ap_xlw *x, lxw_worksheet *ws, lxw_row_t r, int lines);
/* Column c's width, in Excel column units. */
void ap_xlw_column_width(ap_xlw *x, lxw_worksheet *ws, lxw_col_t c, double width);

/* ---------------------------------------------------------------------------
 * Protected sheets and what may be typed into their open cells (the
 * update forms). Titles and messages are shown by Excel and LibreOffice
 * when the cell is selected (title) and when a value is refused (error;
 * NULL: the program's default).
 * ------------------------------------------------------------------------- */

/* Protect ws without a password: locked cells (every format but the open
 * and input ones) cannot be changed by mistake; columns and rows may
 * still be resized. */
void ap_xlw_protect(ap_xlw *x, lxw_worksheet *ws);
/* Hide ws (the user can unhide it). */
void ap_xlw_hide(lxw_worksheet *ws);

typedef struct ap_xlw_range {
    lxw_row_t r1, r2;
    lxw_col_t c1, c2;
} ap_xlw_range;

/* Only a prompt: any value may be typed. */
void ap_xlw_prompt(ap_xlw *x, lxw_worksheet *ws, ap_xlw_range at, const char *title,
                   const char *message);
/* One of items (NULL-terminated; at most 255 bytes together, a limit of
 * libxlsxwriter 1.1.4's inline lists). */
void ap_xlw_allow_list(ap_xlw *x, lxw_worksheet *ws, ap_xlw_range at, const char *const *items,
                       const char *title, const char *message, const char *error);
/* A whole number from min up to max (no upper bound when max < min). */
void ap_xlw_allow_integer(ap_xlw *x, lxw_worksheet *ws, ap_xlw_range at, double min, double max,
                          const char *title, const char *message, const char *error);
/* A date from 2000-01-01 to 2099-12-31. */
void ap_xlw_allow_date(ap_xlw *x, lxw_worksheet *ws, ap_xlw_range at, const char *title,
                       const char *message, const char *error);

/* ---------------------------------------------------------------------------
 * Page set-up
 * ------------------------------------------------------------------------- */

typedef struct ap_xlw_page {
    const char *left;   /* page header, left: e.g. the plan's title */
    const char *right;  /* page header, right: e.g. "Styrgruppsrapport per 2017-12-15" */
    const char *footer; /* footer, left: e.g. "Framtagen 2018-01-31" */
    int repeat_first;   /* rows repeated on every printed page; -1: none */
    int repeat_last;
    bool one_page; /* fit to one page in both directions (overviews) */
    bool portrait; /* upright rather than landscape */
} ap_xlw_page;

/* A4 landscape, fit to one page wide, narrow margins, centred, the sheet's
 * name in the header's centre and "Sida &P av &N" in the footer's right.
 * Texts are escaped for the header syntax and shortened to fit Excel's
 * 255-character limit. */
void ap_xlw_page_setup(ap_xlw *x, lxw_worksheet *ws, const ap_xlw_page *page);

/* ---------------------------------------------------------------------------
 * Measuring text
 * ------------------------------------------------------------------------- */

/* Width of s on one line in Excel column units (Arial 10; the widest line
 * when s has several), including the cell's padding. */
double ap_xlw_text_width(const char *s, bool bold);
/* Lines s takes when wrapped at words in a column of width units. */
int ap_xlw_text_lines(const char *s, double width, bool bold);
/* Row height in points for a row whose tallest cell has lines lines. */
double ap_xlw_row_height(int lines);

/* ---------------------------------------------------------------------------
 * Tables: a heading row, then rows of cells written left to right, in two
 * passes over the same rows:
 *
 *   ap_xlw_table t;
 *   ap_xlw_table_begin(&t, x, ws, 2, cols, ncols);
 *   while (ap_xlw_table_pass(&t))
 *       for (...) { ap_xlw_table_row(&t); ap_xlw_cell_text(&t, a->code); ... }
 *   ap_xlw_table_end(&t);
 *
 * The first pass only measures: each column's width fits its longest
 * content (and its heading's longest word) within [min_width, max_width];
 * longer text wraps. The second pass writes the heading row and then each
 * row with the height of its tallest wrapped cell, the row's height before
 * its cells, rows in order: what the workbook's constant-memory mode needs
 * (ap_xlw_open), so a table of 100,000 rows costs the memory of one row.
 * Both passes must produce the same rows. ap_xlw_table_end freezes the
 * rows down to the heading, sets an autofilter over the table and releases
 * the table's memory.
 * ------------------------------------------------------------------------- */

typedef enum {
    AP_XCOL_TEXT,    /* wrapped text */
    AP_XCOL_LABEL,   /* one line, cut at the column's edge, whole in the cell:
                        a title repeated on many rows (a focus area's) */
    AP_XCOL_DATE,    /* real dates */
    AP_XCOL_INTEGER, /* whole numbers, thousands separated */
    AP_XCOL_DECIMAL, /* numbers, whole ones without decimals */
    AP_XCOL_MONEY,   /* SEK */
    AP_XCOL_PERCENT, /* a share 0..1 */
    AP_XCOL_STATUS   /* a status word on its tint */
} ap_xlw_kind;

typedef struct ap_xlw_column {
    const char *heading; /* in the current language */
    ap_xlw_kind kind;
    double min_width, max_width; /* Excel column units; 0 = the kind's default */
} ap_xlw_column;

/* A cell of the row being written, kept until the row's height is known. */
typedef struct ap_xlw_cell {
    int type;        /* 0: not written; see xlsx_common.c */
    lxw_format *fmt;
    double value;    /* a number */
    ap_date date;
    size_t text;     /* offset of the text in the table's rowtext */
} ap_xlw_cell;

typedef struct ap_xlw_table {
    ap_xlw *x;
    lxw_worksheet *ws;
    const ap_xlw_column *cols;
    int ncols;
    lxw_row_t header_row;
    lxw_row_t row;      /* the current row */
    int col;            /* the next cell's column */
    int nrows;          /* data rows so far (in this pass) */
    int pass;           /* 0 before ap_xlw_table_pass, 1 measuring, 2 writing, 3 done */
    double *natural;    /* per column: widest content */
    double *word;       /* per column: widest word of wrapping text */
    double *widths;     /* per column: the width chosen after measuring */
    lxw_format **heading_fmt; /* per column: the heading's format, NULL: fmt.header */
    ap_xlw_cell *cells; /* the current row's cells (writing pass) */
    ap_buf rowtext;     /* their texts */
    int lines;          /* the current row's tallest cell, in lines */
    bool pending;       /* the current row is not written yet */
    bool autofilter, freeze; /* set false before ap_xlw_table_end to leave out */
    int freeze_cols;         /* columns frozen with the heading (left of the table); 0 */
    int min_lines;           /* rows at least this many lines tall (room to write); 1 */
    double width_px;         /* after measuring: the table's width in pixels */
} ap_xlw_table;

/* Start a table whose heading row is header_row. cols must outlive the
 * table. Nothing is written before the second pass. */
void ap_xlw_table_begin(ap_xlw_table *t, ap_xlw *x, lxw_worksheet *ws, lxw_row_t header_row,
                         const ap_xlw_column *cols, int ncols);
/* A heading in a format of its own (e.g. tinted like a chart's bars);
 * before the first pass. */
void ap_xlw_table_heading_format(ap_xlw_table *t, int col, lxw_format *f);
/* Start the next pass: true for the measuring pass, true again for the
 * writing pass (which writes the widths and the heading row first), false
 * once both are done (the last row written). */
bool ap_xlw_table_pass(ap_xlw_table *t);
/* Start the next data row. */
void ap_xlw_table_row(ap_xlw_table *t);
/* The next cell of the current row; the column's kind decides the format
 * unless f is given. NULL text and AP_DATE_NONE write an empty bordered cell. */
void ap_xlw_cell_text(ap_xlw_table *t, const char *s);
void ap_xlw_cell_text_fmt(ap_xlw_table *t, const char *s, lxw_format *f, bool bold);
void ap_xlw_cell_date(ap_xlw_table *t, ap_date d);
void ap_xlw_cell_number(ap_xlw_table *t, double v);
void ap_xlw_cell_status(ap_xlw_table *t, ap_status s);
void ap_xlw_cell_blank(ap_xlw_table *t);
/* The same in a format of the caller's (e.g. fmt.fixed_date, fmt.open). */
void ap_xlw_cell_date_fmt(ap_xlw_table *t, ap_date d, lxw_format *f);
void ap_xlw_cell_number_fmt(ap_xlw_table *t, double v, lxw_format *f);
void ap_xlw_cell_blank_fmt(ap_xlw_table *t, lxw_format *f);
/* Frozen heading, autofilter; releases the table. */
void ap_xlw_table_end(ap_xlw_table *t);
/* The last data row (the heading row when there is none). */
lxw_row_t ap_xlw_table_last_row(const ap_xlw_table *t);

#endif
