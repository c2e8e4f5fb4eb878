/*
 * xlsx_reader.h - read the cell values of .xlsx workbooks (the update forms
 * that focus-area leads fill in and send back).
 *
 * Read-only and defensive: the file comes from outside. The zip container is
 * read with libzip and every XML part is streamed through expat. Whatever the
 * input, a call either succeeds or returns an ap_rc with a one-line message
 * naming the file and the part ("form.xlsx: not an Excel workbook (.xlsx):
 * not a zip archive"); it never crashes and never allocates without bound:
 *   - every part is read through a cap on its uncompressed size and the book
 *     through a cap on all bytes read, counted while inflating (zip bombs);
 *     a file larger than the book's cap is not opened at all;
 *   - a DOCTYPE or an entity declaration is refused (XML bombs, XXE);
 *   - XML deeper than 64 levels is refused;
 *   - cell references beyond XFD1048576 are refused;
 *   - all text is UTF-8, checked.
 *
 * Ownership: a book owns its sheets' shared strings; a sheet keeps the book's
 * memory alive until the sheet is freed, so the book and its sheets may be
 * freed in any order. Every string returned is owned by the library and valid
 * until the object it came from is freed. Not thread-safe per book.
 *
 *   ap_xlsx_book *book;  ap_xlsx_sheet *sheet;
 *   if (ap_xlsx_open("form.xlsx", &book, &err) == AP_OK &&
 *       ap_xlsx_load_sheet(book, 0, &sheet, &err) == AP_OK) {
 *       ap_xlsx_value v = ap_xlsx_cell(sheet, 6, 2);     (cell C7)
 *       ...
 *       ap_xlsx_sheet_free(sheet);
 *   }
 *   ap_xlsx_free(book);
 */
#ifndef AP_XLSX_READER_H
#define AP_XLSX_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "actionplan/error.h"
#include "actionplan/util.h"

/* The largest sheet Excel allows: XFD1048576. */
#define AP_XLSX_MAX_ROWS 1048576u
#define AP_XLSX_MAX_COLS 16384u
/* Room for any name ap_xlsx_cell_name writes, NUL included. */
#define AP_XLSX_CELL_NAME_SIZE 24

typedef struct ap_xlsx_book ap_xlsx_book;
typedef struct ap_xlsx_sheet ap_xlsx_sheet;

/* What a cell holds. */
typedef enum {
    AP_XLSX_EMPTY = 0, /* nothing (or a formula without a cached value) */
    AP_XLSX_STRING,    /* shared string, inline string or a formula's text result */
    AP_XLSX_NUMBER,    /* a number in a non-date format */
    AP_XLSX_BOOL,      /* number is 0 or 1, text "FALSE" or "TRUE" */
    AP_XLSX_ERROR,     /* a formula error; text such as "#N/A" */
    AP_XLSX_DATE,      /* a number in a date/time format (or t="d"): Excel's day serial */
} ap_xlsx_type;

/* A sheet's visibility; non-zero means hidden. */
typedef enum {
    AP_XLSX_VISIBLE = 0,
    AP_XLSX_HIDDEN = 1,      /* the user can unhide it */
    AP_XLSX_VERY_HIDDEN = 2, /* only a program can unhide it */
} ap_xlsx_visibility;

/* One cell's value, returned by value. text points into the sheet (or its
 * book) and is valid until the sheet is freed. */
typedef struct ap_xlsx_value {
    ap_xlsx_type type;
    uint32_t row, col; /* 0-based: C7 is row 6, col 2 */
    const char *text;  /* never NULL, "" when empty: the string, the number as
                          written in the file ("42370", "3.5"), "TRUE"/"FALSE",
                          the error code, or the date as written for t="d" */
    double number;     /* NUMBER and DATE: the value; BOOL: 0 or 1; else 0 */
    bool date_style;   /* the cell's number format is a date or time format */
    bool percent_style; /* the cell's number format shows per cent ("0 %"): 1 is 100 % */
    bool formula;      /* the cell has a formula (its cached result is read) */
} ap_xlsx_value;

/* Caps against hostile files; a zero field takes the default. */
typedef struct ap_xlsx_options {
    size_t max_part_bytes;  /* uncompressed bytes per XML part: 64 MiB (at most 1 GiB) */
    size_t max_total_bytes; /* uncompressed bytes per book, over all reads, and
                               the size of the file itself: 256 MiB */
    size_t max_cells;       /* stored cells per sheet: 4,000,000 */
} ap_xlsx_options;

/* Open the workbook at path: its container, sheet list, shared strings and
 * styles. On success *book is the caller's, to release with ap_xlsx_free; on
 * failure *book is NULL and err says what and where. */
ap_rc ap_xlsx_open(const char *path, ap_xlsx_book **book, ap_error *err);

/* ap_xlsx_open with explicit caps; opt may be NULL (defaults). */
ap_rc ap_xlsx_open_opt(const char *path, const ap_xlsx_options *opt, ap_xlsx_book **book,
                       ap_error *err);

/* Release the caller's hold on book (closes the file at once). Sheets still
 * loaded stay valid. No operation if book is NULL. */
void ap_xlsx_free(ap_xlsx_book *book);

/* True when the workbook counts dates from 1904 (old Mac Excel). */
bool ap_xlsx_date1904(const ap_xlsx_book *book);

/* Number of sheets, in workbook order (hidden ones included). */
size_t ap_xlsx_sheet_count(const ap_xlsx_book *book);

/* Name of sheet i (UTF-8, owned by book), or NULL when i is out of range. */
const char *ap_xlsx_sheet_name(const ap_xlsx_book *book, size_t i);

/* Visibility of sheet i (AP_XLSX_VISIBLE when i is out of range). */
ap_xlsx_visibility ap_xlsx_sheet_hidden(const ap_xlsx_book *book, size_t i);

/* Index of the sheet called name (compared as Excel does, ignoring case,
 * Swedish letters included), or -1. */
long ap_xlsx_sheet_index(const ap_xlsx_book *book, const char *name);

/* Parse sheet i into a compact cell store. On success *sheet is the
 * caller's, to release with ap_xlsx_sheet_free; on failure it is NULL.
 * Reading counts against the book's total cap. */
ap_rc ap_xlsx_load_sheet(ap_xlsx_book *book, size_t i, ap_xlsx_sheet **sheet, ap_error *err);

/* Release a sheet. No operation if sheet is NULL. */
void ap_xlsx_sheet_free(ap_xlsx_sheet *sheet);

/* Number of rows and columns up to the last cell that holds something
 * (0 and 0 for an empty sheet). The <dimension> element is not trusted. */
uint32_t ap_xlsx_sheet_rows(const ap_xlsx_sheet *sheet);
uint32_t ap_xlsx_sheet_cols(const ap_xlsx_sheet *sheet);

/* The cell at 0-based row and col; an AP_XLSX_EMPTY value with text "" when
 * nothing is stored there (or the position is outside the sheet). */
ap_xlsx_value ap_xlsx_cell(const ap_xlsx_sheet *sheet, uint32_t row, uint32_t col);

/* The stored (non-empty) cells, in row-major order: i in [0, count). Use
 * these to scan a sheet without visiting every empty position. */
size_t ap_xlsx_sheet_ncells(const ap_xlsx_sheet *sheet);
ap_xlsx_value ap_xlsx_sheet_cell_at(const ap_xlsx_sheet *sheet, size_t i);

/* The calendar day of a NUMBER or DATE value (its serial in the book's date
 * system; a time of day is dropped). False for other types and for serials
 * that are no day (before 1900-01-01, Excel's phantom 1900-02-29, after
 * 9999-12-31). */
bool ap_xlsx_value_date(const ap_xlsx_sheet *sheet, const ap_xlsx_value *v, ap_date *out);

/* Write the A1 name of a 0-based cell ("C7" for row 6, col 2) into buf and
 * return buf. Any row and column can be named, even beyond XFD1048576. */
char *ap_xlsx_cell_name(uint32_t row, uint32_t col, char buf[AP_XLSX_CELL_NAME_SIZE]);

/* Parse an A1 name ("C7", "aa1000"; no '$') within XFD1048576 into 0-based
 * row and col. False when it is not such a name. */
bool ap_xlsx_parse_cell_name(const char *s, uint32_t *row, uint32_t *col);

/* A short name of a type for messages, in the current language. */
const char *ap_xlsx_type_name(ap_xlsx_type type);

#endif
