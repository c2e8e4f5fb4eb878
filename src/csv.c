/* csv.c - the CSV reader for imports; see csv.h for what is accepted. */
#include "csv.h"
#include "actionplan/i18n.h"
#include "actionplan/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* =========================================================================
 * Storage
 *
 * The input is read through a window: the whole input when it is given in
 * memory (ap_csv_parse), a part of the file that slides forward and grows
 * to hold the longest record otherwise (ap_csv_open). A record is parsed
 * only once the window holds all of it and the byte after its line break,
 * so the parser itself never waits for input.
 *
 * Field texts live in one buffer, each NUL-terminated, in file order. A
 * field's text is never longer than its bytes in the file, and its NUL takes
 * the place of the separator or line break after it, so a record needs at
 * most its length + 1 bytes. A field's line is not stored: it is the
 * record's line plus the line breaks in the fields before it (line breaks
 * only occur inside quoted fields, each one stored as "\n"). When streaming,
 * the header's texts stay at the start of the buffer and each record
 * replaces the one before it.
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

/* The state of one parse: a cursor over the window and the physical line.
 * Offsets are in the window, whose first byte is at csv->win_base. */
typedef struct parser {
    const char *p;     /* the window */
    size_t n;          /* bytes in it */
    size_t i;          /* read position */
    size_t out;        /* write position in csv->text */
    uint32_t line;     /* current physical line, 1-based */
    size_t line_start; /* offset where the current line starts */
    size_t col_pos;    /* column cursor: col is the column of offset col_pos */
    uint32_t col;
    struct ap_csv *csv;
    ap_error *err;
    bool stop[256]; /* bytes that end an unquoted field: sep, CR, LF, '"' */
} parser;

/* What the encoding check has found so far (offsets after the BOM). */
typedef struct enc_check {
    bool nul, bad;
    uint64_t nul_at, bad_at;
    unsigned char bad_byte;
} enc_check;

struct ap_csv {
    char *filename;
    char sep;
    char *text;
    size_t text_cap;
    csv_field *fields;
    size_t nfields, cap_fields;
    csv_record *recs; /* recs[0] is the header when the file is not empty */
    size_t nrecs, cap_recs;
    char **names; /* trimmed header names, pointing into names_buf */
    char *names_buf;
    int ncols;
    /* the input */
    int fd;            /* -1 when the input is in memory */
    const char *mem;   /* the input in memory (ap_csv_parse) */
    uint64_t size;     /* its length in bytes */
    size_t bom;        /* 3 after a UTF-8 BOM, else 0 */
    char *win;         /* the window (owned; NULL in memory) */
    size_t win_cap;
    uint64_t win_base; /* input offset of the window's first byte */
    size_t checked;    /* window bytes whose encoding is checked */
    size_t chunk;      /* how much to read at a time */
    bool eof;          /* the window reaches the end of the input */
    bool check;        /* check the encoding of what is read (first pass) */
    bool stream;       /* each record replaces the one before it */
    enc_check enc;
    size_t header_out, header_fields; /* where the header's storage ends */
    uint64_t rec_off;                 /* input offset of the current record */
    struct stat st;                   /* the file as opened (a regular file) */
    parser ps;
};

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

/* Read up to n bytes at input offset off (the input in memory, or the
 * file); returns how many, 0 at the end, -1 on a read error. */
static ssize_t input_read(const ap_csv *csv, uint64_t off, char *buf, size_t n)
{
    if (off >= csv->size)
        return 0;
    if (n > csv->size - off)
        n = (size_t)(csv->size - off);
    if (csv->fd < 0) {
        memcpy(buf, csv->mem + off, n);
        return (ssize_t)n;
    }
    ssize_t got;
    do
        got = pread(csv->fd, buf, n, (off_t)off);
    while (got < 0 && errno == EINTR);
    return got;
}

/* Line and column of offset off (after the BOM), counted from the start
 * (for the encoding checks, which run before the parser tracks lines): the
 * input is read again up to there, which only an error costs. */
static void locate(const ap_csv *csv, uint64_t off, unsigned *line, unsigned *col)
{
    char buf[65536];
    bool cr = false;
    *line = 1;
    *col = 1;
    for (uint64_t at = 0; at < off;) {
        size_t want = off - at < sizeof buf ? (size_t)(off - at) : sizeof buf;
        ssize_t got = input_read(csv, csv->bom + at, buf, want);
        if (got <= 0)
            return;
        for (ssize_t i = 0; i < got; i++) {
            char c = buf[i];
            if (c == '\r' || (c == '\n' && !cr)) {
                ++*line;
                *col = 1;
            } else if (c != '\n' && ((unsigned char)c & 0xC0) != 0x80) {
                ++*col;
            }
            cr = c == '\r';
        }
        at += (uint64_t)got;
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

/* A NUL byte at offset nul (after the BOM): a spreadsheet saved in its own
 * format, UTF-16 without a BOM, or some other binary file. */
static ap_rc refuse_binary(const ap_csv *csv, uint64_t nul, ap_error *err)
{
    const char *file = csv->filename;
    char p[4] = {0};
    uint64_t n = csv->size - csv->bom;
    ssize_t got = input_read(csv, csv->bom, p, sizeof p);
    if (got == 4 && (memcmp(p, "PK\x03\x04", 4) == 0 || memcmp(p, "\xD0\xCF\x11\xE0", 4) == 0))
        return ap_error_set(err, AP_E_INPUT,
                            TR("%s: filen är en Excel-arbetsbok, inte en CSV-fil; spara den som "
                               "\"CSV UTF-8\" i Excel",
                               "%s: the file is an Excel workbook, not a CSV file; save it as "
                               "\"CSV UTF-8\" in Excel"),
                            file);
    if (nul <= 1 && n >= 2)
        return refuse_utf16(file, err);
    unsigned line, col;
    locate(csv, nul, &line, &col);
    return ap_error_set(err, AP_E_INPUT,
                        TR("%s:%u:%u: filen innehåller en NUL-byte och är inte en textfil (CSV)",
                           "%s:%u:%u: the file contains a NUL byte; it is not a text (CSV) file"),
                        file, line, col);
}

static ap_rc refuse_bad_utf8(const ap_csv *csv, uint64_t bad, unsigned char b, ap_error *err)
{
    const char *file = csv->filename;
    unsigned line, col;
    locate(csv, bad, &line, &col);
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

static ap_rc refuse_size(const char *file, uint64_t n, ap_error *err)
{
    return ap_error_set(err, AP_E_INPUT,
                        TR("%s: filen är för stor (%llu byte, högst %zu)",
                           "%s: the file is too large (%llu bytes, at most %zu)"),
                        file, (unsigned long long)n, AP_CSV_MAX_BYTES);
}

/* Before anything is parsed: the size, a UTF-16 BOM, and a UTF-8 BOM to
 * skip (csv->bom). */
static ap_rc check_start(ap_csv *csv, ap_error *err)
{
    if (csv->size > AP_CSV_MAX_BYTES)
        return refuse_size(csv->filename, csv->size, err);
    char head[3];
    ssize_t got = input_read(csv, 0, head, sizeof head);
    if (got < 0)
        return ap_error_set(err, AP_E_IO, TR("kan inte läsa '%s'", "unable to read '%s'"),
                            csv->filename);
    if (got >= 2 && (memcmp(head, "\xFF\xFE", 2) == 0 || memcmp(head, "\xFE\xFF", 2) == 0))
        return refuse_utf16(csv->filename, err);
    if (got == 3 && memcmp(head, utf8_bom, 3) == 0)
        csv->bom = 3;
    return AP_OK;
}

/* Length of the part of p[0..n) that ends with a whole UTF-8 sequence: the
 * rest may go on in the bytes not read yet. */
static size_t whole_sequences(const char *p, size_t n)
{
    for (size_t back = 1; back <= 3 && back <= n; back++) {
        unsigned char c = (unsigned char)p[n - back];
        if (c < 0x80)
            return n;
        if (c >= 0xC0) {
            size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            return len > back ? n - back : n;
        }
    }
    return n;
}

/* Check n bytes that start at offset at (after the BOM) for a NUL byte (the
 * first one decides) and for invalid UTF-8 (the first one is kept, unless a
 * NUL comes later). Returns how many bytes are checked: all but a sequence
 * cut at the end when more input follows (!last). */
static size_t check_bytes(enc_check *e, const char *p, size_t n, uint64_t at, bool last)
{
    if (e->nul)
        return n;
    const char *z = memchr(p, '\0', n);
    if (z) {
        e->nul = true;
        e->nul_at = at + (uint64_t)(z - p);
        return n;
    }
    if (e->bad)
        return n;
    size_t end = last ? n : whole_sequences(p, n), bad;
    if (!utf8_valid(p, end, &bad)) {
        e->bad = true;
        e->bad_at = at + bad;
        e->bad_byte = (unsigned char)p[bad];
        return n;
    }
    return end;
}

/* The encoding's verdict once the whole input is checked: a NUL byte
 * anywhere comes first, then the first invalid UTF-8. */
static ap_rc encoding_verdict(const ap_csv *csv, ap_error *err)
{
    if (csv->enc.nul)
        return refuse_binary(csv, csv->enc.nul_at, err);
    if (csv->enc.bad)
        return refuse_bad_utf8(csv, csv->enc.bad_at, csv->enc.bad_byte, err);
    return AP_OK;
}

/* Check the encoding of the rest of the input, after the window's checked
 * bytes: an encoding error anywhere in the file is reported before any
 * parse error (the parse stops at the first), as it was when files were
 * checked whole before parsing. rc is the error already set in err. */
static ap_rc check_rest(ap_csv *csv, ap_rc rc, ap_error *err)
{
    if (!csv->check)
        return rc;
    char buf[65536];
    uint64_t at = csv->win_base + csv->checked;
    size_t carry = 0; /* bytes of a cut sequence kept at the start of buf */
    for (;;) {
        ssize_t got = input_read(csv, at + carry, buf + carry, sizeof buf - carry);
        if (got < 0)
            return ap_error_set(err, AP_E_IO, TR("kan inte läsa '%s'", "unable to read '%s'"),
                                csv->filename);
        size_t n = carry + (size_t)got;
        bool last = got == 0;
        size_t done = check_bytes(&csv->enc, buf, n, at - csv->bom, last);
        if (last || csv->enc.nul)
            break;
        carry = n - done;
        memmove(buf, buf + done, carry);
        at += done;
    }
    ap_rc enc = encoding_verdict(csv, err);
    return enc != AP_OK ? enc : rc;
}

/* =========================================================================
 * Separator
 * ========================================================================= */

/* An Excel hint line "sep=;" before the header: returns the separator and
 * consumes the line, or returns 0. */
static char separator_hint(parser *ps)
{
    const char *p = ps->p + ps->i;
    size_t n = ps->n - ps->i;
    if (n < 5 || memcmp(p, "sep=", 4) != 0 || !strchr(",;\t", p[4]) || p[4] == '\0')
        return 0;
    if (n > 5 && p[5] != '\r' && p[5] != '\n')
        return 0;
    ps->i += 5;
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

/* =========================================================================
 * The window over the input
 * ========================================================================= */

static ap_rc read_error(const ap_csv *csv, ap_error *err)
{
    return ap_error_set(err, AP_E_IO, TR("kan inte läsa '%s'", "unable to read '%s'"),
                        csv->filename);
}

/* Read more of the input into the window, keeping its bytes from offset
 * keep on (moved to its start; keep is where a line starts), and check the
 * encoding of what is new. An encoding error ends the reading. */
static ap_rc fill(ap_csv *csv, size_t keep, ap_error *err)
{
    parser *ps = &csv->ps;
    if (keep > 0) {
        memmove(csv->win, csv->win + keep, ps->n - keep);
        csv->win_base += keep;
        ps->n -= keep;
        ps->i -= keep;
        csv->checked = csv->checked > keep ? csv->checked - keep : 0;
        ps->line_start = ps->line_start > keep ? ps->line_start - keep : 0;
        ps->col_pos = ps->line_start;
        ps->col = 1;
    }
    if (ps->n == csv->win_cap) {
        csv->win_cap *= 2;
        csv->win = ap_xrealloc(csv->win, csv->win_cap);
    }
    size_t want = csv->win_cap - ps->n < csv->chunk ? csv->win_cap - ps->n : csv->chunk;
    ssize_t got = input_read(csv, csv->win_base + ps->n, csv->win + ps->n, want);
    if (got < 0)
        return read_error(csv, err);
    ps->p = csv->win;
    ps->n += (size_t)got;
    csv->eof = got == 0 || csv->win_base + ps->n >= csv->size;
    if (!csv->check) {
        csv->checked = ps->n;
        return AP_OK;
    }
    csv->checked += check_bytes(&csv->enc, csv->win + csv->checked, ps->n - csv->checked,
                                csv->win_base + csv->checked - csv->bom, csv->eof);
    return csv->enc.nul || csv->enc.bad ? check_rest(csv, AP_OK, err) : AP_OK;
}

/* True when the window ends where the input ends, all of it checked. */
static bool at_end(const ap_csv *csv)
{
    return csv->eof && csv->checked == csv->ps.n;
}

/* Make the window hold the whole record at the read position: through the
 * line break that ends it (the first outside quotes) and the byte after it
 * (a CR may be followed by LF), or to the end of the input. Quotes only
 * toggle here; the parser checks them. */
static ap_rc need_record(ap_csv *csv, ap_error *err)
{
    parser *ps = &csv->ps;
    size_t j = ps->i;
    bool quoted = false;
    for (;;) {
        const char *p = ps->p;
        /* most records have no quote and no CR before the LF that ends them */
        const char *lf = quoted ? NULL : memchr(p + j, '\n', csv->checked - j);
        if (lf && !memchr(p + j, '"', (size_t)(lf - p) - j) &&
            !memchr(p + j, '\r', (size_t)(lf - p) - j))
            j = (size_t)(lf - p);
        for (; j < csv->checked; j++) {
            char c = p[j];
            if (c == '"')
                quoted = !quoted;
            else if (!quoted && (c == '\r' || c == '\n'))
                break;
        }
        if (j < csv->checked ? j + 1 < ps->n || csv->eof : at_end(csv))
            return AP_OK;
        size_t scanned = j - ps->i;
        ap_rc rc = fill(csv, ps->i, err);
        if (rc != AP_OK)
            return rc;
        j = ps->i + scanned;
    }
}

/* Skip empty lines (they are no records) to the next record; *end is set
 * at the end of the input. */
static ap_rc skip_empty_lines(ap_csv *csv, bool *end, ap_error *err)
{
    parser *ps = &csv->ps;
    for (;;) {
        if (ps->i + 1 >= csv->checked && !at_end(csv)) {
            ap_rc rc = fill(csv, ps->i, err);
            if (rc != AP_OK)
                return rc;
            continue;
        }
        *end = ps->i >= ps->n;
        if (*end || (ps->p[ps->i] != '\r' && ps->p[ps->i] != '\n'))
            return AP_OK;
        newline(ps);
    }
}

/* Parse the record at the read position (the header first). When
 * streaming, it replaces the record before it. */
static ap_rc read_record(ap_csv *csv, ap_error *err)
{
    parser *ps = &csv->ps;
    if (csv->stream && csv->nrecs > 0) {
        ps->out = csv->header_out;
        csv->nfields = csv->header_fields;
        csv->nrecs = 1;
    }
    csv->rec_off = csv->win_base + ps->i;
    ap_rc rc = need_record(csv, err);
    if (rc != AP_OK)
        return rc;
    size_t need = ps->out + (ps->n - ps->i) + 1;
    if (need > csv->text_cap) {
        csv->text_cap = need > 2 * csv->text_cap ? need : 2 * csv->text_cap;
        csv->text = ap_xrealloc(csv->text, csv->text_cap);
    }
    rc = parse_record(ps);
    if (rc == AP_OK && csv->nrecs == 1) {
        csv->header_out = ps->out;
        csv->header_fields = csv->nfields;
    }
    return rc;
}

/* Check the start of the input, choose the separator and read the header
 * (when there is one). */
static ap_rc start(ap_csv *csv, ap_error *err)
{
    parser *ps = &csv->ps;
    *ps = (parser){.line = 1, .col = 1, .csv = csv, .err = err};
    ap_rc rc = check_start(csv, err);
    if (rc != AP_OK)
        return rc;
    csv->win_base = csv->bom;
    csv->check = true;
    if (csv->fd < 0) {
        ps->p = csv->mem + csv->bom;
        ps->n = (size_t)(csv->size - csv->bom);
        csv->checked = check_bytes(&csv->enc, ps->p, ps->n, 0, true);
        csv->eof = true;
        if ((rc = encoding_verdict(csv, err)) != AP_OK)
            return rc;
    } else {
        csv->win_cap = csv->chunk;
        csv->win = ap_xmalloc(csv->win_cap);
        ps->p = csv->win;
    }
    while (ps->n < 7 && !at_end(csv)) /* "sep=;\r\n" */
        if ((rc = fill(csv, 0, err)) != AP_OK)
            return rc;
    csv->sep = separator_hint(ps);
    bool end;
    if ((rc = skip_empty_lines(csv, &end, err)) != AP_OK)
        return rc;
    if (!end && (rc = need_record(csv, err)) != AP_OK)
        return rc;
    if (!csv->sep)
        csv->sep = detect_separator(ps->p, ps->n, ps->i);
    ps->stop[(unsigned char)csv->sep] = ps->stop['\r'] = ps->stop['\n'] = ps->stop['"'] = true;
    if (!end && (rc = read_record(csv, err)) != AP_OK)
        return check_rest(csv, rc, err);
    return AP_OK;
}

static ap_csv *new_csv(const char *filename)
{
    ap_csv *csv = ap_xcalloc(1, sizeof *csv);
    csv->filename = ap_xstrdup(filename ? filename : "CSV");
    csv->fd = -1;
    return csv;
}

/* What is not a regular file (a pipe from <(...)) cannot be read twice:
 * copy it to a temporary file, which is gone once closed. Like
 * ap_read_file, stop at 256 MiB: a device may never end. */
static ap_rc spool(const char *path, int *fd, uint64_t *size, ap_error *err)
{
    const char *dir = getenv("TMPDIR");
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/actionplan-csv-XXXXXX", dir && *dir ? dir : "/tmp");
    int out = mkstemp(tmpl);
    if (out < 0)
        return ap_error_set(err, AP_E_IO,
                            TR("kan inte skapa en tillfällig fil för '%s': %s",
                               "unable to create a temporary file for '%s': %s"),
                            path, ap_errno_text(errno));
    unlink(tmpl);
    fcntl(out, F_SETFD, FD_CLOEXEC);
    const uint64_t limit = (uint64_t)256 << 20;
    char buf[65536];
    ap_rc rc = AP_OK;
    *size = 0;
    for (;;) {
        ssize_t got = read(*fd, buf, sizeof buf);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            if (got < 0)
                rc = ap_error_set(err, AP_E_IO, TR("kan inte läsa '%s'", "unable to read '%s'"),
                                  path);
            break;
        }
        if (*size + (uint64_t)got > limit) {
            rc = ap_error_set(err, AP_E_IO,
                              TR("'%s' är ingen vanlig fil och tar inte slut (över 256 MiB)",
                                 "'%s' is not a regular file and does not end (over 256 MiB)"),
                              path);
            break;
        }
        for (ssize_t done = 0, w; done < got; done += w) {
            w = write(out, buf + done, (size_t)(got - done));
            if (w < 0 && errno == EINTR) {
                w = 0;
            } else if (w < 0) {
                rc = ap_error_set(err, AP_E_IO,
                                  TR("kan inte skriva en tillfällig kopia av '%s': %s",
                                     "unable to write a temporary copy of '%s': %s"),
                                  path, ap_errno_text(errno));
                break;
            }
        }
        if (rc != AP_OK)
            break;
        *size += (uint64_t)got;
    }
    close(*fd);
    *fd = out;
    return rc;
}

/* =========================================================================
 * Public functions
 * ========================================================================= */

ap_rc ap_csv_parse(const char *data, size_t len, const char *filename, ap_csv **out, ap_error *err)
{
    *out = NULL;
    ap_csv *csv = new_csv(filename);
    csv->mem = data ? data : "";
    csv->size = data ? len : 0;
    ap_rc rc = start(csv, err);
    bool end = false;
    while (rc == AP_OK && !end && csv->nrecs > 0) {
        rc = skip_empty_lines(csv, &end, err);
        if (rc == AP_OK && !end && (rc = read_record(csv, err)) != AP_OK)
            rc = check_rest(csv, rc, err);
    }
    if (rc != AP_OK) {
        ap_csv_free(csv);
        return rc;
    }
    *out = csv;
    return AP_OK;
}

ap_rc ap_csv_open(const char *path, ap_csv **out, ap_error *err)
{
    return ap_csv_open_window(path, (size_t)1 << 20, out, err);
}

ap_rc ap_csv_open_window(const char *path, size_t window, ap_csv **out, ap_error *err)
{
    *out = NULL;
    int fd;
    struct stat st;
    ap_rc rc = ap_open_input(path, &fd, &st, err);
    if (rc != AP_OK)
        return rc;
    ap_csv *csv = new_csv(path);
    csv->fd = fd;
    csv->stream = true;
    csv->chunk = window > 0 ? window : 1;
    if (S_ISREG(st.st_mode)) {
        csv->size = (uint64_t)st.st_size;
        csv->st = st;
    }
    else
        rc = spool(path, &csv->fd, &csv->size, err);
    if (rc == AP_OK)
        rc = start(csv, err);
    if (rc != AP_OK) {
        ap_csv_free(csv);
        return rc;
    }
    *out = csv;
    return AP_OK;
}

ap_rc ap_csv_next(ap_csv *csv, bool *more, ap_error *err)
{
    *more = false;
    csv->ps.err = err;
    bool end = true;
    ap_rc rc = csv->nrecs > 0 ? skip_empty_lines(csv, &end, err) : AP_OK;
    if (rc == AP_OK && end && csv->win) {
        /* the end: what is read again later is read a little at a time,
         * so the window shrinks (many files may be open at once) */
        csv->win_cap = (size_t)4 << 10;
        csv->win = ap_xrealloc(csv->win, csv->win_cap);
        csv->ps.p = csv->win;
        csv->ps.n = csv->ps.i = csv->checked = 0;
        csv->win_base = csv->size;
        csv->text_cap = csv->header_out + csv->win_cap + 1;
        csv->text = ap_xrealloc(csv->text, csv->text_cap);
    }
    if (rc != AP_OK || end)
        return rc;
    if ((rc = read_record(csv, err)) != AP_OK)
        return check_rest(csv, rc, err);
    *more = true;
    return AP_OK;
}

uint64_t ap_csv_record_offset(const ap_csv *csv)
{
    return csv->rec_off;
}

ap_rc ap_csv_read_at(ap_csv *csv, uint64_t offset, unsigned line, ap_error *err)
{
    parser *ps = &csv->ps;
    ps->err = err;
    if (csv->fd < 0 || csv->nrecs == 0 || offset >= csv->size)
        return ap_error_set(err, AP_E_INTERNAL, "%s: no record at offset %llu", csv->filename,
                            (unsigned long long)offset);
    csv->check = false; /* the first pass checked it all */
    if (csv->chunk > ((size_t)4 << 10))
        csv->chunk = (size_t)4 << 10; /* the rows of one code lie near each other */
    if (offset < csv->win_base || offset - csv->win_base >= ps->n) {
        csv->win_base = offset;
        ps->n = csv->checked = 0;
        csv->eof = offset >= csv->size;
    }
    ps->i = ps->line_start = ps->col_pos = (size_t)(offset - csv->win_base);
    ps->line = line;
    ps->col = 1;
    return read_record(csv, err);
}

ap_rc ap_csv_check_unchanged(const ap_csv *csv, ap_error *err)
{
    struct stat now;
    if (csv->fd < 0 || !S_ISREG(csv->st.st_mode))
        return AP_OK; /* in memory, or a private copy of a pipe */
    if (fstat(csv->fd, &now) == 0 && now.st_size == csv->st.st_size &&
        now.st_mtim.tv_sec == csv->st.st_mtim.tv_sec &&
        now.st_mtim.tv_nsec == csv->st.st_mtim.tv_nsec)
        return AP_OK;
    return ap_error_set(err, AP_E_INPUT,
                        TR("%s: filen ändrades medan den lästes; inget registrerades (importera "
                           "den igen)",
                           "%s: the file changed while it was read; nothing was recorded (import "
                           "it again)"),
                        csv->filename);
}

void ap_csv_free(ap_csv *csv)
{
    if (!csv)
        return;
    if (csv->fd >= 0)
        close(csv->fd);
    free(csv->win);
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
