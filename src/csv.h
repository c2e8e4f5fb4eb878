/*
 * csv.h - read the CSV files users import (status updates, measurements).
 *
 * Two ways in: ap_csv_parse turns bytes in memory into records of
 * NUL-terminated fields; ap_csv_open reads a file record by record in
 * bounded memory (ap_csv_next), and can read a record again later from its
 * offset (ap_csv_read_at), so that an import of a million rows holds no
 * more than a window of the file. Every field remembers the physical line
 * and character column where it starts, so the caller's own messages can
 * point at it ("updates.csv:14:23: invalid date ..."). Both ways accept and
 * refuse exactly the same files with the same messages: the whole input's
 * encoding is checked as it is read, and an encoding error anywhere wins
 * over the first parse error, as if the file had been checked first.
 *
 * What is accepted (the files Swedish Excel and other tools write):
 *   - UTF-8, with or without a BOM; UTF-16, NUL bytes and invalid UTF-8 are
 *     refused with a message that tells how to save the file ("CSV UTF-8");
 *   - ',' ';' or tab as separator, detected from the header (the first
 *     non-blank line): the one that occurs most often outside quotes there;
 *     ties go to ';', then ',', then tab; none at all means ','. An Excel hint
 *     line "sep=;" before the header sets the separator and is skipped;
 *   - RFC 4180 quoting: "" inside quotes is a quote; separators and line
 *     breaks inside quotes belong to the field (line breaks become "\n");
 *   - records end with CRLF, LF or a lone CR; the final line break is
 *     optional; empty lines are skipped wherever they are;
 *   - a record with fewer fields than the header is padded with empty fields
 *     (Excel drops trailing empty cells); more fields is an error unless the
 *     extra fields are all empty (Excel's "used range" adds trailing ';');
 *   - header names are trimmed of surrounding whitespace; empty names at the
 *     end of the header are dropped (same Excel habit), an empty name before
 *     a named column and a name that occurs twice (ignoring case) are errors.
 *
 * Ownership: an ap_csv owns copies of everything it returns (strings stay
 * valid until ap_csv_free, or for a record read by ap_csv_next or
 * ap_csv_read_at, until the next one); the input bytes given to
 * ap_csv_parse may be freed after parsing.
 * Records are numbered from 0 and do not include the header; columns
 * (fields within a record) are numbered from 0.
 */
#ifndef AP_CSV_H
#define AP_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "actionplan/error.h"

typedef struct ap_csv ap_csv;

/* Pass as the record index to address the header's fields. */
#define AP_CSV_HEADER ((size_t)-1)

/* Inputs larger than this (2 GiB) are refused. */
#define AP_CSV_MAX_BYTES ((size_t)0x7FFFFFF0)

/* Parse a whole file's bytes. data need not be NUL-terminated; filename is
 * used only in messages (NULL gives "CSV"). On success *out is a new ap_csv
 * the caller frees with ap_csv_free. On failure *out is NULL, nothing is kept
 * and err holds "file:line:column: message" (AP_E_INPUT). An empty file or a
 * header without records is a success with 0 records: the caller decides. */
ap_rc ap_csv_parse(const char *data, size_t len, const char *filename, ap_csv **out, ap_error *err);

/* Open a file to read record by record: checks the start of the file and
 * reads the header (ap_csv_ncolumns is 0 for a file without one). A pipe
 * (<(...)) is first copied to a temporary file, so that records can be
 * read again. On failure *out is NULL and err says why: the open errors of
 * ap_open_input, or the file's first error as ap_csv_parse would give it. */
ap_rc ap_csv_open(const char *path, ap_csv **out, ap_error *err);

/* ap_csv_open reading window bytes at a time into a window of that size at
 * first (1 MiB), which grows to hold the longest record. Tests use tiny
 * windows, so that records and characters are cut at every place. */
ap_rc ap_csv_open_window(const char *path, size_t window, ap_csv **out, ap_error *err);

/* Read the next record of a file from ap_csv_open; it becomes record 0 (the
 * only one: ap_csv_nrecords is 1) and replaces the one before it, whose
 * strings are then gone. *more is false at the end of the file, which then
 * has been checked whole. On failure (the file's first error, as
 * ap_csv_parse would report it) the csv is only good for ap_csv_free. */
ap_rc ap_csv_next(ap_csv *csv, bool *more, ap_error *err);

/* Input offset of the current record, for ap_csv_read_at. */
uint64_t ap_csv_record_offset(const ap_csv *csv);

/* Read again, as record 0, the record that ap_csv_next found at offset
 * (ap_csv_record_offset) on line; for a file from ap_csv_open, after its
 * last ap_csv_next. */
ap_rc ap_csv_read_at(ap_csv *csv, uint64_t offset, unsigned line, ap_error *err);

/* AP_OK when the file from ap_csv_open still has the size and time of
 * modification it had when opened: the records read again are the ones
 * checked. Otherwise an error that says the file changed. */
ap_rc ap_csv_check_unchanged(const ap_csv *csv, ap_error *err);

/* Release everything; NULL is allowed. */
void ap_csv_free(ap_csv *csv);

/* The file name given to ap_csv_parse (or "CSV"). */
const char *ap_csv_filename(const ap_csv *csv);

/* The separator in use: ',', ';' or '\t'. */
char ap_csv_separator(const ap_csv *csv);

/* Number of named columns in the header (0 for an empty file). */
int ap_csv_ncolumns(const ap_csv *csv);

/* The trimmed name of column col, or NULL when col is out of range. */
const char *ap_csv_column_name(const ap_csv *csv, int col);

/* Index of the column named name (trimmed, compared ignoring case, including
 * å ä ö), or -1 when the header has no such column. */
int ap_csv_column(const ap_csv *csv, const char *name);

/* Number of records after the header; blank ";;;;" records are included. */
size_t ap_csv_nrecords(const ap_csv *csv);

/* How many fields record rec really had (at most ap_csv_ncolumns); the rest
 * of its columns are padding. */
int ap_csv_record_nfields(const ap_csv *csv, size_t rec);

/* True when every field of record rec is empty or whitespace, such as the
 * ";;;;" lines Excel writes for empty rows: callers usually skip these. */
bool ap_csv_record_blank(const ap_csv *csv, size_t rec);

/* The text of column col of record rec (or of the header with
 * AP_CSV_HEADER, untrimmed), unquoted and NUL-terminated; "" for padding;
 * NULL when rec or col is out of range. Owned by csv. */
const char *ap_csv_field(const ap_csv *csv, size_t rec, int col);

/* Physical line (1-based) on which record rec starts. */
unsigned ap_csv_record_line(const ap_csv *csv, size_t rec);

/* Where column col of record rec starts: physical line and character column,
 * both 1-based (a quoted field starts at its opening quote). A padded column
 * points just past the record's last character; col -1 points at the start
 * of the record. Out-of-range indexes give 0, 0. Costs O(record length). */
void ap_csv_field_pos(const ap_csv *csv, size_t rec, int col, unsigned *line, unsigned *column);

/* Set err to "file:line:column: " followed by the printf-style message,
 * placed at column col of record rec as ap_csv_field_pos does, and return
 * AP_E_INPUT: `return ap_csv_error_at(err, csv, r, c, TR(...), ...);` */
ap_rc ap_csv_error_at(ap_error *err, const ap_csv *csv, size_t rec, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
