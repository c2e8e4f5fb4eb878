/*
 * util.h - small shared pieces: growable strings, dates, UTF-8, Swedish
 * sorting, files written atomically.
 */
#ifndef AP_UTIL_H
#define AP_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "actionplan/error.h"

/* ---------------------------------------------------------------------------
 * Memory: allocation failure is not recoverable in a CLI of this size, so the
 * x-functions print one line and abort rather than spread NULL checks.
 * ------------------------------------------------------------------------- */
void *ap_xmalloc(size_t n);
void *ap_xcalloc(size_t count, size_t size);
void *ap_xrealloc(void *p, size_t n);
char *ap_xstrdup(const char *s);          /* NULL in, NULL out */
char *ap_xstrndup(const char *s, size_t n);

/* Grow *items (of *cap elements of size elem) so that it holds need elements. */
void ap_grow(void *items_ptr, size_t *cap, size_t need, size_t elem);

/* ---------------------------------------------------------------------------
 * ap_buf: a growable NUL-terminated byte string. Zero-initialise, then append;
 * ap_buf_free releases it. p is never NULL after the first append.
 * ------------------------------------------------------------------------- */
typedef struct ap_buf {
    char *p;
    size_t len;
    size_t cap;
} ap_buf;

void ap_buf_append(ap_buf *b, const char *s, size_t n);
void ap_buf_puts(ap_buf *b, const char *s);
void ap_buf_putc(ap_buf *b, char c);
void ap_buf_printf(ap_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append text padded with spaces to width characters (code points, not
 * bytes: "Läge" is four wide). */
void ap_buf_pad(ap_buf *b, const char *text, int width);
/* Append text, indenting every line after the first by indent spaces. */
void ap_buf_indented(ap_buf *b, const char *text, int indent);
void ap_buf_reset(ap_buf *b);             /* length 0, keeps the memory */
const char *ap_buf_str(const ap_buf *b);  /* "" when empty */
char *ap_buf_steal(ap_buf *b);            /* caller owns the result, b is reset */
void ap_buf_free(ap_buf *b);

/* ---------------------------------------------------------------------------
 * ap_arena: many small allocations freed at once (plan definitions,
 * snapshots). Zero-initialise; ap_arena_free releases everything.
 * ------------------------------------------------------------------------- */
typedef struct ap_arena_chunk ap_arena_chunk;
typedef struct ap_arena {
    ap_arena_chunk *head;
} ap_arena;

void *ap_arena_alloc(ap_arena *a, size_t n);          /* zeroed, 16-byte aligned */
char *ap_arena_strdup(ap_arena *a, const char *s);    /* NULL in, NULL out */
char *ap_arena_strndup(ap_arena *a, const char *s, size_t n);
void ap_arena_free(ap_arena *a);
/* Hand memory freed so far back to the system, from every thread's heap
 * (glibc keeps a heap per thread and returns little of it by itself): after
 * a thread's large structure is let go. Nothing where the C library cannot. */
void ap_memory_release(void);

/* ---------------------------------------------------------------------------
 * ap_strmap: string keys (copied) to pointer values, open addressing.
 * Zero-initialise; ap_strmap_free releases it (not the values).
 * ------------------------------------------------------------------------- */
typedef struct ap_strmap {
    char **keys;
    void **values;
    size_t cap, n;
    ap_arena arena;
} ap_strmap;

void ap_strmap_put(ap_strmap *m, const char *key, void *value); /* replaces */
void *ap_strmap_get(const ap_strmap *m, const char *key);       /* NULL when absent */
void ap_strmap_free(ap_strmap *m);

/* ---------------------------------------------------------------------------
 * ap_intern: one copy of each distinct string, kept in a caller's arena (a
 * snapshot's), for the texts that repeat many times over (who signed an
 * entry, when a batch was recorded, owners). Zero-initialise with the
 * arena set; ap_intern_free releases the table, the strings stay with the
 * arena.
 * ------------------------------------------------------------------------- */
typedef struct ap_intern {
    ap_arena *arena;
    const char **slots;
    size_t cap, n;
} ap_intern;

/* The one copy of the n bytes at s (NULL in, NULL out). */
const char *ap_intern_mem(ap_intern *t, const char *s, size_t n);
const char *ap_intern_str(ap_intern *t, const char *s);
void ap_intern_free(ap_intern *t);

/* Format v with decimals (0-6) decimals for people, in the current language:
 * "44 000" and "3,5" (no-break space, decimal comma) in Swedish, "44,000"
 * and "3.5" in English. Writes into buf (NUL-terminated) and returns it. */
char *ap_format_number(char *buf, size_t size, double v, int decimals);
/* text with its first letter upper case ("erbjuder …" → "Erbjuder …"), for
 * initiative areas shown as headings; into b (reset first). */
const char *ap_capitalised(ap_buf *b, const char *text);

/* ---------------------------------------------------------------------------
 * Strings
 * ------------------------------------------------------------------------- */
/* Trim ASCII whitespace in place; returns s. */
char *ap_trim(char *s);
/* True when s is NULL or holds only whitespace. */
bool ap_blank(const char *s);
/* Parse a whole string as a decimal integer within [min, max]. */
bool ap_parse_int(const char *s, long long min, long long max, long long *out);
/* A whole non-negative amount as people write it, within [0, max]: "3 500",
 * "40 %", "40%", "3500 kr". */
bool ap_parse_amount(const char *s, long long max, long long *out);
/* Parse a whole string as a finite decimal number. One rule in every
 * language: ',' or '.' is the decimal sign, and there is at most one.
 * "41,000" and "41.000" (a non-zero integer part and exactly three digits
 * after the sign) are refused as ambiguous: Swedish reads 41, English
 * 41000 (see ap_number_ambiguous). */
bool ap_parse_number(const char *s, double *out);
/* True when s is such an ambiguous number; hint then says why and what to
 * write instead ("... skriv 41000 eller 41,0"), in the current language. */
bool ap_number_ambiguous(const char *s, char *hint, size_t hintsz);
/* "1 800 000": digits grouped by three with sep (e.g. " " or "\u00a0")
 * as Swedish writes amounts. Returns out. */
char *ap_format_grouped(long long v, const char *sep, char *out, size_t outsz);
/* Case-insensitive compare for ASCII and the Swedish letters (å ä ö é ü). */
int ap_casecmp_utf8(const char *a, const char *b);
/* Swedish collation for names shown to people: a-z, then å ä ö; case-insensitive
 * first, case as tie-breaker; digits before letters. */
int ap_collate_sv(const char *a, const char *b);
/* Natural order of codes: "1.2" < "1.10", "M2" < "M10". */
int ap_code_cmp(const char *a, const char *b);

/* ---------------------------------------------------------------------------
 * UTF-8
 * ------------------------------------------------------------------------- */
/* True when s[0..n) is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
 * On failure *bad (if not NULL) is the byte offset of the first bad sequence. */
bool ap_utf8_valid(const char *s, size_t n, size_t *bad);
/* Number of code points in a valid UTF-8 string. */
size_t ap_utf8_len(const char *s);
/* Byte length of the longest prefix of s that has at most max code points
 * and does not split a sequence. */
size_t ap_utf8_prefix(const char *s, size_t max_chars);
/* Decode one code point at *s; advance *s. Invalid bytes decode as U+FFFD. */
uint32_t ap_utf8_next(const char **s);

/* Control characters. Text that people type may hold tab and newline and
 * nothing else of C0, DEL or C1: ESC, BEL, CR and the like are terminal
 * commands (an OSC 52 sequence writes the reader's clipboard), never text.
 * They are refused at input, and escaped on output for what an older
 * database already holds. */
/* Offset of the first control character other than tab and newline in the
 * valid UTF-8 s[0..n), or n when there is none. */
size_t ap_text_control_at(const char *s, size_t n);
/* "U+001B (ESC)": the control character at s, for messages. */
void ap_control_name(const char *s, char *out, size_t outsz);
/* "är ett styrtecken (bara tabb och radbrytning är tillåtna)" */
const char *ap_control_reason(void);
/* Write s to f with every control character but tab and newline shown as
 * \xHH (C1 as \u00HH); with keep_sgr, colour sequences (ESC [ ... m) are
 * kept as they are - the terminal views' own colours. */
void ap_write_escaped(FILE *f, const char *s, bool keep_sgr);

/* ---------------------------------------------------------------------------
 * Dates: a day number (days since 1970-01-01). Text form is always ISO 8601
 * YYYY-MM-DD, checked against the calendar (2016-02-30 is refused).
 * ------------------------------------------------------------------------- */
typedef int32_t ap_date;
#define AP_DATE_NONE INT32_MIN

ap_date ap_date_from_ymd(int y, int m, int d);
void ap_date_to_ymd(ap_date day, int *y, int *m, int *d);
/* Strict YYYY-MM-DD; false on anything else. */
bool ap_date_parse(const char *s, ap_date *out);
/* Writes "YYYY-MM-DD" (or "" for AP_DATE_NONE) into buf; returns buf. */
char *ap_date_format(ap_date day, char buf[11]);
/* Today in local time, read on every call (a server that runs for days
 * changes day at midnight), or the date in the environment variable
 * ACTIONPLAN_TODAY (YYYY-MM-DD) so that tests and reproducible builds can
 * fix "today". For tests of a long-running process, ACTIONPLAN_TODAY_FILE
 * names a file whose first 10 bytes are the date, read on every call (so
 * a test moves the date by rewriting it); it wins over ACTIONPLAN_TODAY
 * while it holds a date. Neither is set in normal use. */
ap_date ap_date_today(void);
/* Excel's serial day number (1900 date system). */
double ap_date_excel_serial(ap_date day);
/* The year of a date; 0 for AP_DATE_NONE. */
int ap_date_year(ap_date day);
/* Last day of year y. */
ap_date ap_date_year_end(int y);
/* Refuse a date after today: nothing is recorded for, nor reported as of,
 * a day that has not come. what names the date for the message
 * ("--as-of", or TR("datumet", "the date")). */
ap_rc ap_date_check_not_future(ap_date day, ap_date today, const char *what, ap_error *err);

/* ---------------------------------------------------------------------------
 * Files
 * ------------------------------------------------------------------------- */
/* Open an input file for reading without ever waiting: a directory and a
 * named pipe (FIFO, whose open and read wait for a writer that may never
 * come) are refused with a clear message; a pipe that already has its
 * writer (process substitution, <(...)) and devices are opened. *fd is
 * blocking again on return; *st is its fstat. */
struct stat; /* <sys/stat.h>, for the callers that use it */
ap_rc ap_open_input(const char *path, int *fd, struct stat *st, ap_error *err);
/* Read a whole file; *data is NUL-terminated and owned by the caller.
 * Refuses what ap_open_input refuses. */
ap_rc ap_read_file(const char *path, char **data, size_t *len, ap_error *err);
/* "disken är full ..." when writing path failed for want of space: errnum
 * is ENOSPC or EDQUOT, or the file system holding path has (next to) no
 * room left - libraries such as libxlsxwriter and libharu lose errno on
 * their way out. NULL otherwise. Call it before the partial file is
 * removed, or the room it took is free again. */
const char *ap_disk_full_reason(const char *path, int errnum);

/* Why a file operation failed, for a message in the current language: the
 * common errno values in Swedish ("filen eller katalogen finns inte" for
 * ENOENT, "åtkomst nekas" for EACCES, ...), in English strerror's text.
 * Never a C library message in Swedish output: an unusual value is named
 * "systemfel N" there. Use it wherever strerror() would be. */
const char *ap_errno_text(int errnum);
/* Create the directory (and parents) when missing. */
ap_rc ap_mkdir_p(const char *path, ap_error *err);

/* Atomic output: write to tmp (a unique name beside final), then commit
 * (fsync + rename) or abort (unlink). Readers never see a half-written file. */
typedef struct ap_atomic {
    char final_path[4096];
    char tmp_path[4096];
} ap_atomic;
ap_rc ap_atomic_begin(ap_atomic *a, const char *final_path, ap_error *err);
ap_rc ap_atomic_commit(ap_atomic *a, ap_error *err);
void ap_atomic_abort(ap_atomic *a);

/* Files that appear together or not at all (a report's workbook and PDF,
 * and its registration). Begin names a temporary file for each (write them
 * there); place renames them all into place, keeping a link to each file
 * it replaces, and on failure puts everything back; then keep (drops those
 * links: done) or undo (removes the new files, restores the replaced). */
enum { AP_ATOMIC_GROUP_MAX = 2 };
typedef struct ap_atomic_group {
    ap_atomic files[AP_ATOMIC_GROUP_MAX];
    char old_path[AP_ATOMIC_GROUP_MAX][4096]; /* the replaced file, linked; "" if none */
    int n;      /* files begun */
    int placed; /* files renamed into place */
} ap_atomic_group;
ap_rc ap_atomic_group_begin(ap_atomic_group *g, const char *const *final_paths, int n,
                            ap_error *err);
ap_rc ap_atomic_group_place(ap_atomic_group *g, ap_error *err);
void ap_atomic_group_keep(ap_atomic_group *g);
void ap_atomic_group_undo(ap_atomic_group *g);

/* Join dir and name with exactly one '/'. */
void ap_path_join(char *out, size_t outsz, const char *dir, const char *name);
/* A file name safe for any file system from a plan id ("sodertalje-2016"). */
void ap_safe_filename(char *out, size_t outsz, const char *s);

#endif
