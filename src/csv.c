/* csv.c - the CSV reader for imports; see csv.h for what is accepted. */
#include "csv.h"
#include "actionplan/i18n.h"
#include "actionplan/util.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* =========================================================================
 * Storage
 *
 * All field texts live in one buffer, each NUL-terminated, in file order.
 * A field's text is never longer than its bytes in the file, and its NUL
 * takes the place of the separator or line break after it, so the buffer
 * needs at most len + 1 bytes and is allocated once. A field's line is not
 * stored: it is the record's line plus the line breaks in the fields before
 * it (line breaks only occur inside quoted fields, each one stored as "\n").
 * ========================================================================= */

typedef struct csv_field {
    uint32_t off; /* start of the text in csv->text */
    uint32_t col; /* 1-based character column where the field starts */
} csv_field;

typedef struct csv_record {
    uint32_t first;   /* index of the first field in csv->fields */
    uint32_t nfields; /* fields present, at most ncols once stored */
    uint32_t line;    /* physical line where the record starts */
    uint32_t end_col; /* column just past its last character, where padded
                         fields point (on the line of its last field's end) */
} csv_record;

struct ap_csv {
    char *filename;
    char sep;
    char *text;
    csv_field *fields;
    size_t nfields, cap_fields;
    csv_record *recs; /* recs[0] is the header when the file is not empty */
    size_t nrecs, cap_recs;
    char **names; /* trimmed header names, pointing into names_buf */
    char *names_buf;
    int ncols;
};

/* The state of one parse: a cursor over the input and the physical line. */
typedef struct parser {
    const char *p;     /* the input, after the BOM */
    size_t n;          /* its length */
    size_t i;          /* read position */
    size_t out;        /* write position in csv->text */
    uint32_t line;     /* current physical line, 1-based */
    size_t line_start; /* offset where the current line starts */
    size_t col_pos;    /* column cursor: col is the column of offset col_pos */
    uint32_t col;
    ap_csv *csv;
    ap_error *err;
    bool stop[256]; /* bytes that end an unquoted field: sep, CR, LF, '"' */
} parser;

static const char utf8_bom[] = "\xEF\xBB\xBF";

/* =========================================================================
 * Positions and messages
 * ========================================================================= */

/* Character column of offset pos on the current line. The cursor only moves
 * forward, so all columns of a parse cost one pass over the input. */
static uint32_t column_at(parser *ps, size_t pos)
{
    if (ps->col_pos < ps->line_start) {
        ps->col_pos = ps->line_start;
        ps->col = 1;
    }
    for (; ps->col_pos < pos; ps->col_pos++)
        ps->col += ((unsigned char)ps->p[ps->col_pos] & 0xC0) != 0x80;
    return ps->col;
}

/* Consume the line break (CRLF, LF or CR) at the read position. */
static void newline(parser *ps)
{
    if (ps->p[ps->i] == '\r' && ps->i + 1 < ps->n && ps->p[ps->i + 1] == '\n')
        ps->i++;
    ps->i++;
    ps->line++;
    ps->line_start = ps->i;
}

/* Line and column of offset off, counted from the start (for the encoding
 * checks, which run before the parser tracks lines). */
static void locate(const char *p, size_t off, unsigned *line, unsigned *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        if (p[i] == '\n' || (p[i] == '\r' && (i + 1 >= off || p[i + 1] != '\n'))) {
            ++*line;
            *col = 1;
        } else if (p[i] != '\r' && ((unsigned char)p[i] & 0xC0) != 0x80) {
            ++*col;
        }
    }
}

/* Set err to "file:line:col: message" and return AP_E_INPUT. */
static ap_rc fail_at(ap_error *err, const char *file, unsigned line, unsigned col, const char *fmt,
                     va_list ap)
{
    char msg[sizeof((ap_error *)0)->msg];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (line == 0)
        return ap_error_set(err, AP_E_INPUT, "%s: %s", file, msg);
    return ap_error_set(err, AP_E_INPUT, "%s:%u:%u: %s", file, line, col, msg);
}

static ap_rc fail(parser *ps, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static ap_rc fail(parser *ps, unsigned line, unsigned col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ap_rc rc = fail_at(ps->err, ps->csv->filename, line, col, fmt, ap);
    va_end(ap);
    return rc;
}

/* The character at s for a message: itself in quotes, or its code point (U+0009) when it is
 * invisible (a control character or a space). */
static const char *describe_char(const char *s, char buf[16])
{
    const char *q = s;
    uint32_t cp = ap_utf8_next(&q);
    if (cp <= 0x20 || cp == 0x7F || cp == 0xA0)
        snprintf(buf, 16, "U+%04X", (unsigned)cp);
    else
        snprintf(buf, 16, "'%.*s'", (int)(q - s), s);
    return buf;
}

/* The separator as users know it. */
static const char *separator_name(char sep)
{
    return sep == '\t' ? TR("tabb", "tab") : sep == ';' ? "';'" : "','";
}

/* Spreadsheet name of 0-based column k: A … Z, AA … */
static const char *column_letters(int k, char buf[8])
{
    char tmp[8];
    int n = 0;
    for (k++; k > 0 && n < 7; k = (k - 1) / 26)
        tmp[n++] = (char)('A' + (k - 1) % 26);
    for (int j = 0; j < n; j++)
        buf[j] = tmp[n - 1 - j];
    buf[n] = '\0';
    return buf;
}

/* =========================================================================
 * Encoding: refuse what is not UTF-8 text before parsing
 * ========================================================================= */

/* Windows-1252 reading of the Swedish letters, for the hint that a file was
 * saved by Excel's plain "CSV" (ANSI) format. */
static const char *cp1252_letter(unsigned char b)
{
    switch (b) {
    case 0xE5:
        return "å";
    case 0xE4:
        return "ä";
    case 0xF6:
        return "ö";
    case 0xC5:
        return "Å";
    case 0xC4:
        return "Ä";
    case 0xD6:
        return "Ö";
    case 0xE9:
        return "é";
    default:
        return NULL;
    }
}

static ap_rc refuse_utf16(const char *file, ap_error *err)
{
    return ap_error_set(err, AP_E_INPUT,
                        TR("%s: filen är sparad som UTF-16; spara den som \"CSV UTF-8\" i Excel",
                           "%s: the file is saved as UTF-16; save it as \"CSV UTF-8\" in Excel"),
                        file);
}

/* A NUL byte: a spreadsheet saved in its own format, UTF-16 without a BOM,
 * or some other binary file. */
static ap_rc refuse_binary(const char *p, size_t n, size_t nul, const char *file, ap_error *err)
{
    if ((n >= 4 && memcmp(p, "PK\x03\x04", 4) == 0) ||
        (n >= 4 && memcmp(p, "\xD0\xCF\x11\xE0", 4) == 0))
        return ap_error_set(err, AP_E_INPUT,
                            TR("%s: filen är en Excel-arbetsbok, inte en CSV-fil; spara den som "
                               "\"CSV UTF-8\" i Excel",
                               "%s: the file is an Excel workbook, not a CSV file; save it as "
                               "\"CSV UTF-8\" in Excel"),
                            file);
    if (nul <= 1 && n >= 2)
        return refuse_utf16(file, err);
    unsigned line, col;
    locate(p, nul, &line, &col);
    return ap_error_set(err, AP_E_INPUT,
                        TR("%s:%u:%u: filen innehåller en NUL-byte och är inte en textfil (CSV)",
                           "%s:%u:%u: the file contains a NUL byte; it is not a text (CSV) file"),
                        file, line, col);
}

static ap_rc refuse_bad_utf8(const char *p, size_t bad, const char *file, ap_error *err)
{
    unsigned line, col;
    locate(p, bad, &line, &col);
    unsigned char b = (unsigned char)p[bad];
    const char *letter = cp1252_letter(b);
    if (letter)
        return ap_error_set(err, AP_E_INPUT,
                            TR("%s:%u:%u: ogiltig UTF-8 (byte 0x%02X, som är '%s' i Windows-1252); "
                               "spara filen som \"CSV UTF-8\" i Excel",
                               "%s:%u:%u: invalid UTF-8 (byte 0x%02X, which is '%s' in "
                               "Windows-1252); save the file as \"CSV UTF-8\" in Excel"),
                            file, line, col, b, letter);
    return ap_error_set(err, AP_E_INPUT,
                        TR("%s:%u:%u: ogiltig UTF-8 (byte 0x%02X); spara filen som \"CSV UTF-8\"",
                           "%s:%u:%u: invalid UTF-8 (byte 0x%02X); save the file as \"CSV UTF-8\""),
                        file, line, col, b);
}

/* ap_utf8_valid with a fast path over ASCII, eight bytes at a time; each
 * other sequence is checked by ap_utf8_valid, so the rules are its rules. */
static bool utf8_valid(const char *p, size_t n, size_t *bad)
{
    size_t i = 0;
    for (;;) {
        uint64_t w;
        while (i + 8 <= n && (memcpy(&w, p + i, 8), (w & 0x8080808080808080u) == 0))
            i += 8;
        while (i < n && (unsigned char)p[i] < 0x80)
            i++;
        if (i == n)
            return true;
        unsigned char lead = (unsigned char)p[i];
        size_t len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (len > n - i)
            len = n - i;
        if (!ap_utf8_valid(p + i, len, bad)) {
            *bad += i;
            return false;
        }
        i += len;
    }
}

/* Check the raw bytes and skip a UTF-8 BOM: *p, *n become the text to parse. */
static ap_rc check_encoding(const char **p, size_t *n, const char *file, ap_error *err)
{
    if (*n > AP_CSV_MAX_BYTES)
        return ap_error_set(err, AP_E_INPUT,
                            TR("%s: filen är för stor (%zu byte, högst %zu)",
                               "%s: the file is too large (%zu bytes, at most %zu)"),
                            file, *n, AP_CSV_MAX_BYTES);
    if (*n >= 2 && (memcmp(*p, "\xFF\xFE", 2) == 0 || memcmp(*p, "\xFE\xFF", 2) == 0))
        return refuse_utf16(file, err);
    if (*n >= 3 && memcmp(*p, utf8_bom, 3) == 0) {
        *p += 3;
        *n -= 3;
    }
    const char *nul = memchr(*p, '\0', *n);
    if (nul)
        return refuse_binary(*p, *n, (size_t)(nul - *p), file, err);
    size_t bad;
    if (!utf8_valid(*p, *n, &bad))
        return refuse_bad_utf8(*p, bad, file, err);
    return AP_OK;
}

/* =========================================================================
 * Separator
 * ========================================================================= */

/* An Excel hint line "sep=;" before the header: returns the separator and
 * consumes the line, or returns 0. */
static char separator_hint(parser *ps)
{
    const char *p = ps->p;
    if (ps->n < 5 || memcmp(p, "sep=", 4) != 0 || !strchr(",;\t", p[4]) || p[4] == '\0')
        return 0;
    if (ps->n > 5 && p[5] != '\r' && p[5] != '\n')
        return 0;
    ps->i = 5;
    if (ps->i < ps->n)
        newline(ps);
    return p[4];
}

/* The separator that occurs most often outside quotes in the first record
 * from offset i; ties go to ';' (Swedish Excel), then ',', then tab. */
static char detect_separator(const char *p, size_t n, size_t i)
{
    static const char seps[3] = {';', ',', '\t'};
    size_t count[3] = {0, 0, 0};
    bool quoted = false;
    while (i < n && (p[i] == '\r' || p[i] == '\n'))
        i++;
    for (; i < n; i++) {
        if (p[i] == '"')
            quoted = !quoted;
        else if (!quoted && (p[i] == '\r' || p[i] == '\n'))
            break;
        else if (!quoted)
            for (int k = 0; k < 3; k++)
                count[k] += p[i] == seps[k];
    }
    int best = 0;
    for (int k = 1; k < 3; k++)
        if (count[k] > count[best])
            best = k;
    return count[best] ? seps[best] : ',';
}

/* =========================================================================
 * Fields
 * ========================================================================= */

/* After a closing quote only a separator or the end of the record may come. */
static ap_rc after_quote(parser *ps)
{
    if (ps->i >= ps->n)
        return AP_OK;
    char c = ps->p[ps->i];
    if (c == ps->csv->sep || c == '\r' || c == '\n')
        return AP_OK;
    char what[16];
    return fail(ps, ps->line, column_at(ps, ps->i),
                TR("oväntat tecken %s efter det avslutande citattecknet (väntade %s eller "
                   "radslut)",
                   "unexpected character %s after the closing quote (expected %s or end of line)"),
                describe_char(ps->p + ps->i, what), separator_name(ps->csv->sep));
}

/* A field in quotes, from its opening quote at (line0, col0). */
static ap_rc parse_quoted(parser *ps, unsigned line0, unsigned col0)
{
    char *out = ps->csv->text;
    ps->i++;
    while (ps->i < ps->n) {
        char c = ps->p[ps->i];
        if (c == '"') {
            if (ps->i + 1 >= ps->n || ps->p[ps->i + 1] != '"') {
                ps->i++;
                return after_quote(ps);
            }
            ps->i++; /* a doubled quote stands for one */
        } else if (c == '\r' || c == '\n') {
            newline(ps);
            out[ps->out++] = '\n';
            continue;
        }
        out[ps->out++] = c;
        ps->i++;
    }
    return fail(ps, line0, col0,
                TR("citattecknet som inleder fältet avslutas aldrig (ett '\"' saknas)",
                   "unterminated quoted field (the closing '\"' is missing)"));
}

/* A field without quotes: up to the separator or the end of the line. */
static ap_rc parse_unquoted(parser *ps)
{
    const char *p = ps->p;
    size_t i = ps->i;
    while (i < ps->n && !ps->stop[(unsigned char)p[i]])
        i++;
    if (i < ps->n && p[i] == '"')
        return fail(ps, ps->line, column_at(ps, i),
                    TR("'\"' i ett fält utan citattecken; ett fält som innehåller '\"' ska "
                       "omges av '\"' och varje '\"' i det skrivas dubbelt",
                       "'\"' inside an unquoted field; a field that contains '\"' must be "
                       "enclosed in '\"' with each '\"' in it doubled"));
    memcpy(ps->csv->text + ps->out, p + ps->i, i - ps->i);
    ps->out += i - ps->i;
    ps->i = i;
    return AP_OK;
}

static ap_rc parse_field(parser *ps)
{
    ap_csv *csv = ps->csv;
    unsigned line = ps->line, col = column_at(ps, ps->i);
    if (csv->nfields == csv->cap_fields)
        ap_grow(&csv->fields, &csv->cap_fields, csv->nfields + 1, sizeof *csv->fields);
    csv->fields[csv->nfields++] = (csv_field){(uint32_t)ps->out, col};
    ap_rc rc =
        ps->i < ps->n && ps->p[ps->i] == '"' ? parse_quoted(ps, line, col) : parse_unquoted(ps);
    csv->text[ps->out++] = '\0';
    return rc;
}

/* =========================================================================
 * Records
 * ========================================================================= */

static const char *field_text(const ap_csv *csv, const csv_record *r, int k)
{
    return csv->text + csv->fields[r->first + (uint32_t)k].off;
}

/* Physical line of field k of r: the record's line plus the line breaks in
 * the fields before it. With k = r->nfields, the line where r ends. */
static unsigned field_line(const ap_csv *csv, const csv_record *r, int k)
{
    unsigned line = r->line;
    for (int j = 0; j < k; j++)
        for (const char *s = field_text(csv, r, j); (s = strchr(s, '\n')) != NULL; s++)
            line++;
    return line;
}

static ap_rc fail_field(parser *ps, const csv_record *r, int k, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static ap_rc fail_field(parser *ps, const csv_record *r, int k, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ap_rc rc = fail_at(ps->err, ps->csv->filename, field_line(ps->csv, r, k),
                       ps->csv->fields[r->first + (uint32_t)k].col, fmt, ap);
    va_end(ap);
    return rc;
}

/* Fields beyond the header are an error unless all are empty; then they are
 * dropped. */
static ap_rc check_width(parser *ps, csv_record *r)
{
    ap_csv *csv = ps->csv;
    uint32_t ncols = (uint32_t)csv->ncols;
    for (uint32_t k = ncols; k < r->nfields; k++)
        if (field_text(csv, r, (int)k)[0] != '\0')
            return fail_field(ps, r, (int)k,
                              TR("raden har %u fält men rubrikraden bara %d (ett värde som "
                                 "innehåller %s ska omges av citattecken)",
                                 "the record has %u fields but the header has only %d (a value "
                                 "that contains %s must be enclosed in quotes)"),
                              (unsigned)r->nfields, csv->ncols, separator_name(csv->sep));
    if (r->nfields > ncols) {
        r->nfields = ncols;
        csv->nfields = r->first + ncols;
    }
    return AP_OK;
}

typedef struct name_ref {
    const char *name;
    int k;
} name_ref;

static int name_ref_cmp(const void *a, const void *b)
{
    const name_ref *x = a, *y = b;
    int c = ap_casecmp_utf8(x->name, y->name);
    return c ? c : (x->k > y->k) - (x->k < y->k);
}

/* Names equal but for case are one column to ap_csv_column, so they are
 * refused. Sorting keeps this fast for absurdly wide headers. */
static ap_rc check_duplicates(parser *ps, const csv_record *r)
{
    ap_csv *csv = ps->csv;
    name_ref *refs = ap_xmalloc((size_t)csv->ncols * sizeof *refs);
    for (int k = 0; k < csv->ncols; k++)
        refs[k] = (name_ref){csv->names[k], k};
    qsort(refs, (size_t)csv->ncols, sizeof *refs, name_ref_cmp);
    int dup = -1, orig = -1; /* the earliest second occurrence */
    for (int j = 1; j < csv->ncols; j++)
        if (ap_casecmp_utf8(refs[j - 1].name, refs[j].name) == 0 && (dup < 0 || refs[j].k < dup)) {
            dup = refs[j].k;
            orig = refs[j - 1].k;
        }
    free(refs);
    if (dup < 0)
        return AP_OK;
    char letters[8];
    return fail_field(ps, r, dup,
                      TR("kolumnen '%s' finns två gånger i rubrikraden (även kolumn %d, %s)",
                         "column '%s' occurs twice in the header (also column %d, %s)"),
                      csv->names[dup], orig + 1, column_letters(orig, letters));
}

/* Trimmed copies of the header's first ncols fields, in one block (the
 * header's own texts stay as they were, so that positions stay right). */
static void copy_names(ap_csv *csv, const csv_record *r)
{
    const char *from = field_text(csv, r, 0);
    const char *last = field_text(csv, r, csv->ncols - 1);
    size_t size = (size_t)(last - from) + strlen(last) + 1;
    csv->names_buf = ap_xmalloc(size);
    memcpy(csv->names_buf, from, size);
    csv->names = ap_xmalloc((size_t)csv->ncols * sizeof *csv->names);
    for (int k = 0; k < csv->ncols; k++)
        csv->names[k] = ap_trim(csv->names_buf + (field_text(csv, r, k) - from));
}

/* The first record names the columns. */
static ap_rc finish_header(parser *ps, csv_record *r)
{
    ap_csv *csv = ps->csv;
    int n = (int)r->nfields;
    while (n > 0 && ap_blank(field_text(csv, r, n - 1)))
        n--; /* Excel's used range: trailing empty header cells */
    if (n == 0)
        return fail(ps, r->line, 1,
                    TR("rubrikraden saknar kolumnnamn", "the header has no column names"));
    csv->ncols = n;
    copy_names(csv, r);
    for (int k = 0; k < n; k++) {
        char letters[8];
        if (csv->names[k][0] == '\0')
            return fail_field(ps, r, k,
                              TR("kolumn %d (%s) i rubrikraden saknar namn",
                                 "column %d (%s) of the header has no name"),
                              k + 1, column_letters(k, letters));
    }
    r->nfields = (uint32_t)n;
    csv->nfields = r->first + (uint32_t)n;
    return check_duplicates(ps, r);
}

/* One record from the read position, which is not on an empty line. */
static ap_rc parse_record(parser *ps)
{
    ap_csv *csv = ps->csv;
    csv_record r = {.first = (uint32_t)csv->nfields, .line = ps->line};
    ap_rc rc;
    while ((rc = parse_field(ps)) == AP_OK && ps->i < ps->n && ps->p[ps->i] == csv->sep)
        ps->i++;
    if (rc != AP_OK)
        return rc;
    r.nfields = (uint32_t)(csv->nfields - r.first);
    r.end_col = column_at(ps, ps->i);
    if (ps->i < ps->n)
        newline(ps);
    rc = csv->nrecs == 0 ? finish_header(ps, &r) : check_width(ps, &r);
    if (rc != AP_OK)
        return rc;
    ap_grow(&csv->recs, &csv->cap_recs, csv->nrecs + 1, sizeof *csv->recs);
    csv->recs[csv->nrecs++] = r;
    return AP_OK;
}

static ap_rc parse_all(parser *ps)
{
    while (ps->i < ps->n) {
        char c = ps->p[ps->i];
        if (c == '\r' || c == '\n') {
            newline(ps); /* an empty line is no record */
            continue;
        }
        ap_rc rc = parse_record(ps);
        if (rc != AP_OK)
            return rc;
    }
    return AP_OK;
}

/* =========================================================================
 * Public functions
 * ========================================================================= */

ap_rc ap_csv_parse(const char *data, size_t len, const char *filename, ap_csv **out, ap_error *err)
{
    const char *file = filename ? filename : "CSV";
    *out = NULL;
    if (!data) {
        data = "";
        len = 0;
    }
    ap_rc rc = check_encoding(&data, &len, file, err);
    if (rc != AP_OK)
        return rc;
    ap_csv *csv = ap_xcalloc(1, sizeof *csv);
    csv->filename = ap_xstrdup(file);
    csv->text = ap_xmalloc(len + 1);
    parser ps = {.p = data, .n = len, .line = 1, .col = 1, .csv = csv, .err = err};
    csv->sep = separator_hint(&ps);
    if (!csv->sep)
        csv->sep = detect_separator(data, len, ps.i);
    ps.stop[(unsigned char)csv->sep] = ps.stop['\r'] = ps.stop['\n'] = ps.stop['"'] = true;
    rc = parse_all(&ps);
    if (rc != AP_OK) {
        ap_csv_free(csv);
        return rc;
    }
    *out = csv;
    return AP_OK;
}

void ap_csv_free(ap_csv *csv)
{
    if (!csv)
        return;
    free(csv->names);
    free(csv->names_buf);
    free(csv->recs);
    free(csv->fields);
    free(csv->text);
    free(csv->filename);
    free(csv);
}

const char *ap_csv_filename(const ap_csv *csv)
{
    return csv->filename;
}

char ap_csv_separator(const ap_csv *csv)
{
    return csv->sep;
}

int ap_csv_ncolumns(const ap_csv *csv)
{
    return csv->ncols;
}

const char *ap_csv_column_name(const ap_csv *csv, int col)
{
    return col >= 0 && col < csv->ncols ? csv->names[col] : NULL;
}

int ap_csv_column(const ap_csv *csv, const char *name)
{
    for (int k = 0; name && k < csv->ncols; k++)
        if (ap_casecmp_utf8(csv->names[k], name) == 0)
            return k;
    return -1;
}

size_t ap_csv_nrecords(const ap_csv *csv)
{
    return csv->nrecs ? csv->nrecs - 1 : 0;
}

/* The stored record for a public index (AP_CSV_HEADER is recs[0]). */
static const csv_record *record_at(const ap_csv *csv, size_t rec)
{
    size_t k = rec == AP_CSV_HEADER ? 0 : rec + 1;
    return k < csv->nrecs ? &csv->recs[k] : NULL;
}

int ap_csv_record_nfields(const ap_csv *csv, size_t rec)
{
    const csv_record *r = record_at(csv, rec);
    return r ? (int)r->nfields : 0;
}

bool ap_csv_record_blank(const ap_csv *csv, size_t rec)
{
    const csv_record *r = record_at(csv, rec);
    if (!r)
        return false;
    for (int k = 0; k < (int)r->nfields; k++)
        if (!ap_blank(field_text(csv, r, k)))
            return false;
    return true;
}

const char *ap_csv_field(const ap_csv *csv, size_t rec, int col)
{
    const csv_record *r = record_at(csv, rec);
    if (!r || col < 0 || col >= csv->ncols)
        return NULL;
    return col < (int)r->nfields ? field_text(csv, r, col) : "";
}

unsigned ap_csv_record_line(const ap_csv *csv, size_t rec)
{
    const csv_record *r = record_at(csv, rec);
    return r ? r->line : 0;
}

void ap_csv_field_pos(const ap_csv *csv, size_t rec, int col, unsigned *line, unsigned *column)
{
    const csv_record *r = record_at(csv, rec);
    if (!r || col < -1 || col >= csv->ncols) {
        *line = *column = 0;
    } else if (col == -1) {
        *line = r->line;
        *column = 1;
    } else if (col >= (int)r->nfields) {
        *line = field_line(csv, r, (int)r->nfields);
        *column = r->end_col;
    } else {
        *line = field_line(csv, r, col);
        *column = csv->fields[r->first + (uint32_t)col].col;
    }
}

ap_rc ap_csv_error_at(ap_error *err, const ap_csv *csv, size_t rec, int col, const char *fmt, ...)
{
    unsigned line, column;
    ap_csv_field_pos(csv, rec, col, &line, &column);
    va_list ap;
    va_start(ap, fmt);
    ap_rc rc = fail_at(err, csv->filename, line, column, fmt, ap);
    va_end(ap);
    return rc;
}
