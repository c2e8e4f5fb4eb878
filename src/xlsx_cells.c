/*
 * xlsx_cells.c - the cells of the xlsx reader (xlsx_reader.h): small
 * parsers (numbers, booleans, ISO dates, _xHHHH_ escapes), shared strings,
 * styles (which formats show dates and per cent), the worksheet parser and
 * the public cell accessors.
 *
 * What the peers do decided two details (measured with LibreOffice 7.4 and
 * openpyxl 3.0): text is kept exactly as written, with or without
 * xml:space="preserve" (neither trims), and phonetic runs (<rPh>) are not
 * part of a string. _xHHHH_ escapes are decoded as Excel does.
 */
#include "xlsx_reader_internal.h"

#include "actionplan/i18n.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* =========================================================================
 * Small parsers
 * ========================================================================= */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* A whole string of decimal digits with value <= max. */
static bool parse_uint(const char *s, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    if (!s || !*s)
        return false;
    for (; *s; s++) {
        if (!is_digit(*s))
            return false;
        v = v * 10 + (uint64_t)(*s - '0');
        if (v > max)
            return false;
    }
    *out = v;
    return true;
}

/* A number as XML Schema writes a double ("-1.5E+3"); the caller has made
 * the thread's LC_NUMERIC "C". */
static bool parse_number(const char *s, double *out)
{
    const char *p = s;
    size_t digits = 0;
    if (*p == '-' || *p == '+')
        p++;
    for (; is_digit(*p); p++)
        digits++;
    if (*p == '.')
        for (p++; is_digit(*p); p++)
            digits++;
    if (digits == 0)
        return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '-' || *p == '+')
            p++;
        if (!is_digit(*p))
            return false;
        while (is_digit(*p))
            p++;
    }
    if (*p)
        return false;
    char *end;
    double d = strtod(s, &end);
    if (end != p || !isfinite(d))
        return false;
    *out = d;
    return true;
}

/* Excel's serial of a day in the 1900 or 1904 date system. */
static bool date_to_serial(ap_date d, bool date1904, double *out)
{
    ap_date mar1 = ap_date_from_ymd(1900, 3, 1), jan1 = ap_date_from_ymd(1900, 1, 1);
    if (date1904) {
        if (d < ap_date_from_ymd(1904, 1, 1))
            return false;
        *out = (double)d + 24107;
    } else if (d >= mar1) {
        *out = (double)d + 25569;
    } else {
        if (d < jan1)
            return false;
        *out = (double)d + 25568; /* before Excel's phantom 1900-02-29 */
    }
    return true;
}

/* Two digits within [0, max]; advances *p. */
static bool two_digits(const char **p, int max, int *out)
{
    const char *s = *p;
    if (!is_digit(s[0]) || !is_digit(s[1]))
        return false;
    *out = (s[0] - '0') * 10 + (s[1] - '0');
    *p += 2;
    return *out <= max;
}

/* "YYYY-MM-DD" with an optional "Thh:mm[:ss[.fff]][Z]" (a t="d" cell) as a
 * serial in the book's date system. */
static bool parse_iso_serial(const char *s, bool date1904, double *out)
{
    char ymd[11];
    ap_date d;
    if (strlen(s) < 10)
        return false;
    memcpy(ymd, s, 10);
    ymd[10] = '\0';
    if (!ap_date_parse(ymd, &d) || !date_to_serial(d, date1904, out))
        return false;
    const char *p = s + 10;
    int hh = 0, mm = 0, ss = 0;
    if (*p == 'T') {
        p++;
        if (!two_digits(&p, 23, &hh) || *p++ != ':' || !two_digits(&p, 59, &mm))
            return false;
        if (*p == ':' && (p++, !two_digits(&p, 59, &ss)))
            return false;
        if (*p == '.')
            for (p++; is_digit(*p); p++)
                ;
        if (*p == 'Z')
            p++;
    }
    *out += (hh * 3600 + mm * 60 + ss) / 86400.0;
    return *p == '\0';
}

/* Append code point cp as UTF-8. */
static void put_utf8(ap_buf *out, uint32_t cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    ap_buf_append(out, u, n);
}

/* The code unit of an "_xHHHH_" escape at s, or -1. */
static long escape_unit(const char *s, size_t n)
{
    if (n < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_')
        return -1;
    long v = 0;
    for (int i = 2; i < 6; i++) {
        char c = s[i];
        int h = is_digit(c)              ? c - '0'
                : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                         : -1;
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* Decode the escape at s (a surrogate pair spans two escapes) into *cp;
 * returns the bytes used, 0 when s holds no escape. NUL and lone
 * surrogates become U+FFFD. */
static size_t escape_at(const char *s, size_t n, uint32_t *cp)
{
    long u = escape_unit(s, n);
    if (u < 0)
        return 0;
    if (u >= 0xD800 && u <= 0xDBFF) {
        long lo = escape_unit(s + 7, n - 7);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
            *cp = 0x10000 + (((uint32_t)u - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
            return 14;
        }
    }
    *cp = (u == 0 || (u >= 0xD800 && u <= 0xDFFF)) ? 0xFFFD : (uint32_t)u;
    return 7;
}

/* Append s[0..n) to out with Excel's _xHHHH_ escapes decoded
 * ("_x000D_" is CR, "_x005F_x0041_" is the literal "_x0041_"). */
static void decode_escapes(ap_buf *out, const char *s, size_t n)
{
    size_t i = 0;
    ap_buf_append(out, "", 0);
    while (i < n) {
        uint32_t cp;
        size_t used = escape_at(s + i, n - i, &cp);
        if (used) {
            put_utf8(out, cp);
            i += used;
            continue;
        }
        const char *u = memchr(s + i + 1, '_', n - i - 1);
        size_t k = u ? (size_t)(u - (s + i)) : n - i;
        ap_buf_append(out, s + i, k);
        i += k;
    }
}

/* =========================================================================
 * Shared strings
 * ========================================================================= */

static void sst_add(xml_ctx *x, ap_xlsx_book *b)
{
    size_t start = b->sst_text.len;
    if (b->nsst >= UINT32_MAX || start >= UINT32_MAX) {
        xr_xml_fail(x, "%s", TR("för många delade strängar", "too many shared strings"));
        return;
    }
    decode_escapes(&b->sst_text, ap_buf_str(&x->text), x->text.len);
    if (!ap_utf8_valid(b->sst_text.p + start, b->sst_text.len - start, NULL)) {
        xr_xml_fail(x, "%s", TR("ogiltig UTF-8", "invalid UTF-8"));
        return;
    }
    ap_buf_append(&b->sst_text, "", 1); /* the string's NUL */
    ap_grow(&b->sst_off, &b->cap_sst, b->nsst + 1, sizeof *b->sst_off);
    b->sst_off[b->nsst++] = (uint32_t)start;
}

void xr_sst_start(xml_ctx *x, const char *name, const char **atts)
{
    (void)atts;
    if (x->depth == 2 && !strcmp(name, "si")) {
        x->tag[2] = TAG_SI;
        ap_buf_reset(&x->text);
    } else if (x->depth > 2) {
        xr_rich_text_start(x, name);
    }
}

void xr_sst_end(xml_ctx *x)
{
    if (x->tag[x->depth] == TAG_T)
        x->collect = false;
    else if (x->tag[x->depth] == TAG_SI)
        sst_add(x, x->book);
}

static const char *sst_get(const ap_xlsx_book *b, uint32_t i)
{
    return b->sst_text.p + b->sst_off[i];
}

/* =========================================================================
 * Styles: which cell formats show dates
 * ========================================================================= */

typedef struct num_fmt {
    uint32_t id;
    bool date, percent;
} num_fmt;

typedef struct styles_parse {
    num_fmt *fmts; /* custom formats */
    size_t nfmts, cap_fmts;
    uint32_t *xf_fmt; /* number format of each cellXfs entry */
    size_t nxf, cap_xf;
} styles_parse;

/* A format is a date (or time) format when it has d, m, y, h or s outside
 * quoted text, escapes and brackets ("[Red]", "[$-41D]"); "[h]" and the like
 * are elapsed times. */
static bool format_is_date(const char *f)
{
    for (const char *p = f; *p; p++) {
        switch (*p) {
        case '"':
            p = strchr(p + 1, '"');
            if (!p)
                return false;
            break;
        case '[':
            if (p[1] && strchr("hHmMsS", p[1]) && (p[2] == ']' || p[2] == p[1]))
                return true;
            p = strchr(p + 1, ']');
            if (!p)
                return false;
            break;
        case '\\':
        case '_':
        case '*':
            if (p[1])
                p++;
            break;
        default:
            if (strchr("dDmMyYhHsS", *p))
                return true;
        }
    }
    return false;
}

/* A format shows per cent when it has '%' outside quoted text, escapes
 * and brackets ("0 %", "0.0%"; not "0\"%\"" ). */
static bool format_is_percent(const char *f)
{
    for (const char *p = f; *p; p++) {
        if (*p == '"' || *p == '[') {
            p = strchr(p + 1, *p == '"' ? '"' : ']');
            if (!p)
                return false;
        } else if (strchr("\\_*", *p) && p[1]) {
            p++;
        } else if (*p == '%') {
            return true;
        }
    }
    return false;
}

/* Excel's built-in per-cent formats: 0% and 0.00%. */
static bool builtin_is_percent(uint32_t id)
{
    return id == 9 || id == 10;
}

/* Excel's built-in date and time formats. */
static bool builtin_is_date(uint32_t id)
{
    return (id >= 14 && id <= 22) || (id >= 45 && id <= 47);
}

static void styles_numfmt(xml_ctx *x, styles_parse *s, const char **atts)
{
    const char *code = xr_attr(atts, "formatCode");
    uint64_t id;
    if (!parse_uint(xr_attr(atts, "numFmtId"), UINT32_MAX, &id) || !code) {
        xr_xml_fail(x, "%s", TR("ogiltigt <numFmt>", "invalid <numFmt>"));
        return;
    }
    ap_grow(&s->fmts, &s->cap_fmts, s->nfmts + 1, sizeof *s->fmts);
    s->fmts[s->nfmts++] = (num_fmt){(uint32_t)id, format_is_date(code), format_is_percent(code)};
}

static void styles_xf(xml_ctx *x, styles_parse *s, const char **atts)
{
    const char *v = xr_attr(atts, "numFmtId");
    uint64_t id = 0;
    if (v && !parse_uint(v, UINT32_MAX, &id)) {
        xr_xml_fail(x, TR("ogiltigt numFmtId '%s'", "invalid numFmtId '%s'"), v);
        return;
    }
    ap_grow(&s->xf_fmt, &s->cap_xf, s->nxf + 1, sizeof *s->xf_fmt);
    s->xf_fmt[s->nxf++] = (uint32_t)id;
}

static void styles_start(xml_ctx *x, const char *name, const char **atts)
{
    styles_parse *s = x->user;
    if (x->depth == 2 && !strcmp(name, "numFmts"))
        x->tag[2] = TAG_NUMFMTS;
    else if (x->depth == 2 && !strcmp(name, "cellXfs"))
        x->tag[2] = TAG_CELLXFS;
    else if (x->depth == 3 && x->tag[2] == TAG_NUMFMTS && !strcmp(name, "numFmt"))
        styles_numfmt(x, s, atts);
    else if (x->depth == 3 && x->tag[2] == TAG_CELLXFS && !strcmp(name, "xf"))
        styles_xf(x, s, atts);
}

static int fmt_cmp(const void *a, const void *b)
{
    uint32_t x = ((const num_fmt *)a)->id, y = ((const num_fmt *)b)->id;
    return x < y ? -1 : x > y;
}

/* Turn cellXfs entries into date flags; a custom format may redefine a
 * built-in id. */
static void styles_finish(ap_xlsx_book *b, styles_parse *s)
{
    if (s->nfmts > 1)
        qsort(s->fmts, s->nfmts, sizeof *s->fmts, fmt_cmp);
    b->xf_date = ap_xcalloc(s->nxf, sizeof *b->xf_date);
    b->xf_percent = ap_xcalloc(s->nxf, sizeof *b->xf_percent);
    b->nxf = s->nxf;
    for (size_t i = 0; i < s->nxf; i++) {
        num_fmt key = {.id = s->xf_fmt[i]};
        const num_fmt *f =
            s->nfmts ? bsearch(&key, s->fmts, s->nfmts, sizeof *s->fmts, fmt_cmp) : NULL;
        b->xf_date[i] = f ? f->date : builtin_is_date(key.id);
        b->xf_percent[i] = f ? f->percent : builtin_is_percent(key.id);
    }
}

ap_rc xr_read_styles(ap_xlsx_book *b, const rel_list *rels, ap_error *err)
{
    styles_parse s = {0};
    ap_rc rc = xr_read_related(b, rels, "styles", "styleSheet", styles_start, NULL, &s, err);
    if (rc == AP_OK)
        styles_finish(b, &s);
    free(s.fmts);
    free(s.xf_fmt);
    return rc;
}

/* =========================================================================
 * Worksheets
 * ========================================================================= */

/* How the cell being read says its value is stored (the t attribute). */
typedef enum { RAW_N, RAW_S, RAW_STR, RAW_INLINE, RAW_B, RAW_E, RAW_D } raw_type;

typedef struct sheet_parse {
    ap_xlsx_sheet *sh;
    uint32_t row;      /* current row, 0-based */
    uint32_t next_col; /* where a cell without r goes */
    bool row_seen;     /* a row without r follows the previous one */
    bool sorted;       /* cells came in strictly increasing order */
    /* the cell being read */
    uint32_t c_row, c_col;
    raw_type c_type;
    bool c_date_style, c_percent_style, c_formula, c_has_value;
} sheet_parse;

static bool parse_raw_type(const char *t, raw_type *out)
{
    static const struct {
        const char *name;
        raw_type type;
    } types[] = {{"n", RAW_N}, {"s", RAW_S}, {"str", RAW_STR}, {"inlineStr", RAW_INLINE},
                 {"b", RAW_B}, {"e", RAW_E}, {"d", RAW_D}};
    if (!t) {
        *out = RAW_N;
        return true;
    }
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        if (!strcmp(t, types[i].name)) {
            *out = types[i].type;
            return true;
        }
    }
    return false;
}

static void row_start(xml_ctx *x, sheet_parse *p, const char **atts)
{
    char shown[256];
    const char *r = xr_attr(atts, "r");
    uint64_t n;
    if (r) {
        if (!parse_uint(r, AP_XLSX_MAX_ROWS, &n) || n == 0) {
            xr_xml_fail(x,
                        TR("ogiltigt radnummer '%s' (rader går från 1 till %u)",
                           "invalid row number '%s' (rows go from 1 to %u)"),
                        xr_msg_text(r, shown), AP_XLSX_MAX_ROWS);
            return;
        }
        p->row = (uint32_t)(n - 1);
    } else if (p->row_seen) {
        if (p->row + 1 >= AP_XLSX_MAX_ROWS) {
            xr_xml_fail(x, TR("fler än %u rader", "more than %u rows"), AP_XLSX_MAX_ROWS);
            return;
        }
        p->row++;
    } else {
        p->row = 0;
    }
    p->row_seen = true;
    p->next_col = 0;
}

/* Where the cell goes: its r attribute, or the next position in the row. */
static bool cell_position(xml_ctx *x, sheet_parse *p, const char *r)
{
    char shown[256];
    if (r) {
        if (!ap_xlsx_parse_cell_name(r, &p->c_row, &p->c_col)) {
            xr_xml_fail(x,
                        TR("ogiltig cellreferens '%s' (den största är XFD1048576)",
                           "invalid cell reference '%s' (the largest is XFD1048576)"),
                        xr_msg_text(r, shown));
            return false;
        }
        p->row = p->c_row;
    } else {
        if (p->next_col >= AP_XLSX_MAX_COLS) {
            xr_xml_fail(x, TR("rad %u har fler än %u kolumner", "row %u has more than %u columns"),
                        p->row + 1, AP_XLSX_MAX_COLS);
            return false;
        }
        p->c_row = p->row;
        p->c_col = p->next_col;
    }
    p->next_col = p->c_col + 1;
    return true;
}

static void cell_start(xml_ctx *x, sheet_parse *p, const char **atts)
{
    char shown[256];
    const char *t = xr_attr(atts, "t"), *s = xr_attr(atts, "s");
    uint64_t style = 0;
    if (!cell_position(x, p, xr_attr(atts, "r")))
        return;
    if (!parse_raw_type(t, &p->c_type)) {
        xr_xml_fail(x, TR("okänd celltyp t=\"%s\"", "unknown cell type t=\"%s\""),
                    xr_msg_text(t, shown));
        return;
    }
    if (s && !parse_uint(s, UINT32_MAX, &style)) {
        xr_xml_fail(x, TR("ogiltigt format s=\"%s\"", "invalid style s=\"%s\""),
                    xr_msg_text(s, shown));
        return;
    }
    /* A style beyond cellXfs is taken as the default, as Excel repairs it. */
    const ap_xlsx_book *b = p->sh->book;
    p->c_date_style = style < b->nxf && b->xf_date[style];
    p->c_percent_style = style < b->nxf && b->xf_percent[style];
    p->c_formula = p->c_has_value = false;
    ap_buf_reset(&x->text);
    ap_buf_append(&x->text, "", 0); /* text.p is never NULL below */
}

/* Store text in the sheet; its offset goes to c->text. */
static bool store_text(xml_ctx *x, ap_xlsx_sheet *sh, cell_rec *c, const char *s, size_t n,
                       bool decode)
{
    size_t start = sh->text.len;
    if (start > UINT32_MAX - n - 1) {
        xr_xml_fail(x, "%s", TR("för mycket text i bladet", "too much text in the sheet"));
        return false;
    }
    if (decode)
        decode_escapes(&sh->text, s, n);
    else
        ap_buf_append(&sh->text, s, n);
    if (!ap_utf8_valid(sh->text.p + start, sh->text.len - start, NULL)) {
        xr_xml_fail(x, "%s", TR("ogiltig UTF-8", "invalid UTF-8"));
        return false;
    }
    ap_buf_append(&sh->text, "", 1);
    c->text = (uint32_t)start;
    return true;
}

/* A number cell (t="n" or none); an empty <v/> leaves the cell empty. */
static bool number_value(xml_ctx *x, sheet_parse *p, cell_rec *c, char *v)
{
    char shown[256], name[AP_XLSX_CELL_NAME_SIZE];
    if (!*v)
        return true;
    if (!parse_number(v, &c->num)) {
        xr_xml_fail(x, TR("cell %s: '%s' är inget tal", "cell %s: '%s' is not a number"),
                    ap_xlsx_cell_name(c->row, c->col, name), xr_msg_text(v, shown));
        return false;
    }
    c->type = p->c_date_style ? AP_XLSX_DATE : AP_XLSX_NUMBER;
    return store_text(x, p->sh, c, v, strlen(v), false);
}

static bool shared_value(xml_ctx *x, sheet_parse *p, cell_rec *c, const char *v)
{
    char shown[256], name[AP_XLSX_CELL_NAME_SIZE];
    const ap_xlsx_book *b = p->sh->book;
    uint64_t i;
    if (!parse_uint(v, UINT32_MAX, &i) || i >= b->nsst) {
        xr_xml_fail(x,
                    TR("cell %s: delad sträng '%s' finns inte (arbetsboken har %zu)",
                       "cell %s: shared string '%s' does not exist (the workbook has %zu)"),
                    ap_xlsx_cell_name(c->row, c->col, name), xr_msg_text(v, shown), b->nsst);
        return false;
    }
    c->type = AP_XLSX_STRING;
    c->flags |= CF_SHARED;
    c->text = (uint32_t)i;
    return true;
}

/* Booleans, errors and t="d" dates. */
static bool other_value(xml_ctx *x, sheet_parse *p, cell_rec *c, const char *v)
{
    char shown[256], name[AP_XLSX_CELL_NAME_SIZE];
    bool flag;
    if (p->c_type == RAW_E) {
        c->type = AP_XLSX_ERROR;
        return store_text(x, p->sh, c, v, strlen(v), false);
    }
    if (p->c_type == RAW_B && xr_parse_bool(v, &flag)) {
        c->type = AP_XLSX_BOOL;
        c->num = flag;
        return true;
    }
    if (p->c_type == RAW_D && parse_iso_serial(v, p->sh->book->date1904, &c->num)) {
        c->type = AP_XLSX_DATE;
        return store_text(x, p->sh, c, v, strlen(v), false);
    }
    xr_xml_fail(x, TR("cell %s: '%s' är inget %s", "cell %s: '%s' is not a %s"),
                ap_xlsx_cell_name(c->row, c->col, name), xr_msg_text(v, shown),
                p->c_type == RAW_B ? TR("sanningsvärde", "boolean") : TR("datum", "date"));
    return false;
}

/* Fill c from the collected text according to the cell's type. */
static bool cell_value(xml_ctx *x, sheet_parse *p, cell_rec *c)
{
    char *v = x->text.p;
    switch (p->c_type) {
    case RAW_STR:
    case RAW_INLINE:
        c->type = AP_XLSX_STRING;
        return store_text(x, p->sh, c, v, x->text.len, true);
    case RAW_N:
        return number_value(x, p, c, ap_trim(v));
    case RAW_S:
        return shared_value(x, p, c, ap_trim(v));
    default:
        return other_value(x, p, c, ap_trim(v));
    }
}

static void cell_store(xml_ctx *x, sheet_parse *p, const cell_rec *c)
{
    ap_xlsx_sheet *sh = p->sh;
    if (sh->ncells >= sh->book->opt.max_cells) {
        xr_xml_fail(x, TR("bladet har fler än %zu celler", "the sheet has more than %zu cells"),
                    sh->book->opt.max_cells);
        return;
    }
    if (sh->ncells) {
        const cell_rec *prev = &sh->cells[sh->ncells - 1];
        if (c->row < prev->row || (c->row == prev->row && c->col <= prev->col))
            p->sorted = false;
    }
    ap_grow(&sh->cells, &sh->cap, sh->ncells + 1, sizeof *sh->cells);
    sh->cells[sh->ncells++] = *c;
    if (c->row + 1 > sh->rows)
        sh->rows = c->row + 1;
    if ((uint32_t)c->col + 1 > sh->cols)
        sh->cols = (uint32_t)c->col + 1;
}

/* At </c>: store the cell unless it holds nothing. */
static void cell_finish(xml_ctx *x, sheet_parse *p)
{
    cell_rec c = {.row = p->c_row, .col = (uint16_t)p->c_col, .type = AP_XLSX_EMPTY};
    c.flags = (p->c_date_style ? CF_DATE_STYLE : 0) | (p->c_formula ? CF_FORMULA : 0) |
              (p->c_percent_style ? CF_PERCENT_STYLE : 0);
    if (p->c_has_value && !cell_value(x, p, &c))
        return;
    if (c.type != AP_XLSX_EMPTY || p->c_formula)
        cell_store(x, p, &c);
}

static void sheet_start(xml_ctx *x, const char *name, const char **atts)
{
    sheet_parse *p = x->user;
    int d = x->depth;
    uint8_t parent = x->tag[d - 1];
    if (d == 2 && !strcmp(name, "sheetData")) {
        x->tag[d] = TAG_SHEETDATA;
    } else if (parent == TAG_SHEETDATA && !strcmp(name, "row")) {
        x->tag[d] = TAG_ROW;
        row_start(x, p, atts);
    } else if (parent == TAG_ROW && !strcmp(name, "c")) {
        x->tag[d] = TAG_C;
        cell_start(x, p, atts);
    } else if (parent == TAG_C && !strcmp(name, "v")) {
        x->tag[d] = TAG_V;
        x->collect = p->c_has_value = true;
    } else if (parent == TAG_C && !strcmp(name, "is")) {
        x->tag[d] = TAG_IS;
        p->c_has_value = true;
    } else if (parent == TAG_C && !strcmp(name, "f")) {
        p->c_formula = true;
    } else if (parent == TAG_IS || parent == TAG_R) {
        xr_rich_text_start(x, name);
    }
}

static void sheet_end(xml_ctx *x)
{
    switch (x->tag[x->depth]) {
    case TAG_T:
    case TAG_V:
        x->collect = false;
        break;
    case TAG_C:
        cell_finish(x, x->user);
        break;
    default:
        break;
    }
}

static int cell_cmp(const void *a, const void *b)
{
    const cell_rec *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return x->col < y->col ? -1 : x->col > y->col;
}

/* Cells out of order are sorted; a cell given twice is refused. */
static ap_rc sheet_sort(ap_xlsx_sheet *sh, const char *where, ap_error *err)
{
    char name[AP_XLSX_CELL_NAME_SIZE];
    qsort(sh->cells, sh->ncells, sizeof *sh->cells, cell_cmp);
    for (size_t i = 1; i < sh->ncells; i++)
        if (cell_cmp(&sh->cells[i - 1], &sh->cells[i]) == 0)
            return xr_fail_at(err, where, TR("cell %s finns två gånger", "cell %s appears twice"),
                              ap_xlsx_cell_name(sh->cells[i].row, sh->cells[i].col, name));
    return AP_OK;
}

/* Parse the sheet's XML with LC_NUMERIC "C" for strtod, whatever the
 * program's locale. */
static ap_rc sheet_parse_part(xml_ctx *x)
{
    locale_t c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (!c_locale)
        return ap_error_set(x->err, AP_E_NOMEM, "%s: %s", x->where, ap_rc_name(AP_E_NOMEM));
    locale_t old = uselocale(c_locale);
    ap_rc rc = xr_xml_read_part(x);
    uselocale(old);
    freelocale(c_locale);
    return rc;
}

ap_rc ap_xlsx_load_sheet(ap_xlsx_book *book, size_t i, ap_xlsx_sheet **out, ap_error *err)
{
    char where[1024], shown[256];
    *out = NULL;
    if (!book || !book->zip || i >= book->nsheets)
        return ap_error_set(err, AP_E_NOTFOUND,
                            TR("%s: blad %zu finns inte (arbetsboken har %zu)",
                               "%s: sheet %zu does not exist (the workbook has %zu)"),
                            book ? book->path : "?", i + 1, book ? book->nsheets : 0);
    snprintf(where, sizeof where, "%s: %s '%s'", book->path, TR("bladet", "sheet"),
             xr_msg_text(book->sheets[i].name, shown));
    ap_xlsx_sheet *sh = ap_xcalloc(1, sizeof *sh);
    sh->book = book;
    book->refs++;
    sheet_parse p = {.sh = sh, .sorted = true};
    xml_ctx x = {.book = book,
                 .where = where,
                 .part = book->sheets[i].part,
                 .roots = "worksheet|chartsheet|dialogsheet|macrosheet",
                 .start = sheet_start,
                 .end = sheet_end,
                 .user = &p,
                 .err = err};
    ap_rc rc = sheet_parse_part(&x);
    if (rc == AP_OK && !p.sorted)
        rc = sheet_sort(sh, where, err);
    if (rc != AP_OK) {
        ap_xlsx_sheet_free(sh);
        return rc;
    }
    *out = sh;
    return AP_OK;
}

void ap_xlsx_sheet_free(ap_xlsx_sheet *sheet)
{
    if (!sheet)
        return;
    free(sheet->cells);
    ap_buf_free(&sheet->text);
    xr_book_release(sheet->book);
    free(sheet);
}

/* =========================================================================
 * Cells
 * ========================================================================= */

uint32_t ap_xlsx_sheet_rows(const ap_xlsx_sheet *sheet)
{
    return sheet ? sheet->rows : 0;
}

uint32_t ap_xlsx_sheet_cols(const ap_xlsx_sheet *sheet)
{
    return sheet ? sheet->cols : 0;
}

size_t ap_xlsx_sheet_ncells(const ap_xlsx_sheet *sheet)
{
    return sheet ? sheet->ncells : 0;
}

static ap_xlsx_value value_of(const ap_xlsx_sheet *sh, const cell_rec *c)
{
    ap_xlsx_value v = {.type = (ap_xlsx_type)c->type,
                       .row = c->row,
                       .col = c->col,
                       .text = "",
                       .number = c->num,
                       .date_style = (c->flags & CF_DATE_STYLE) != 0,
                       .percent_style = (c->flags & CF_PERCENT_STYLE) != 0,
                       .formula = (c->flags & CF_FORMULA) != 0};
    if (c->type == AP_XLSX_BOOL)
        v.text = c->num ? "TRUE" : "FALSE";
    else if (c->flags & CF_SHARED)
        v.text = sst_get(sh->book, c->text);
    else if (c->type != AP_XLSX_EMPTY)
        v.text = sh->text.p + c->text;
    return v;
}

ap_xlsx_value ap_xlsx_sheet_cell_at(const ap_xlsx_sheet *sheet, size_t i)
{
    if (!sheet || i >= sheet->ncells)
        return (ap_xlsx_value){.type = AP_XLSX_EMPTY, .text = ""};
    return value_of(sheet, &sheet->cells[i]);
}

ap_xlsx_value ap_xlsx_cell(const ap_xlsx_sheet *sheet, uint32_t row, uint32_t col)
{
    ap_xlsx_value none = {.type = AP_XLSX_EMPTY, .row = row, .col = col, .text = ""};
    if (!sheet || !sheet->ncells || col >= AP_XLSX_MAX_COLS)
        return none;
    cell_rec key = {.row = row, .col = (uint16_t)col};
    const cell_rec *c = bsearch(&key, sheet->cells, sheet->ncells, sizeof *sheet->cells, cell_cmp);
    return c ? value_of(sheet, c) : none;
}

bool ap_xlsx_value_date(const ap_xlsx_sheet *sheet, const ap_xlsx_value *v, ap_date *out)
{
    if (!sheet || !v || (v->type != AP_XLSX_NUMBER && v->type != AP_XLSX_DATE) ||
        !isfinite(v->number))
        return false;
    double f = floor(v->number);
    if (sheet->book->date1904) {
        if (f < 0 || f > 2957003)
            return false;
        *out = (ap_date)f - 24107;
        return true;
    }
    if (f < 1 || f > 2958465 || f == 60) /* 60 is Excel's phantom 1900-02-29 */
        return false;
    *out = (ap_date)f - (f < 60 ? 25568 : 25569);
    return true;
}

char *ap_xlsx_cell_name(uint32_t row, uint32_t col, char buf[AP_XLSX_CELL_NAME_SIZE])
{
    char letters[8];
    int n = 0, k = 0;
    for (uint64_t c = (uint64_t)col + 1; c > 0; c /= 26) {
        c--;
        letters[n++] = (char)('A' + c % 26);
    }
    while (n)
        buf[k++] = letters[--n];
    snprintf(buf + k, (size_t)(AP_XLSX_CELL_NAME_SIZE - k), "%llu", (unsigned long long)row + 1);
    return buf;
}

bool ap_xlsx_parse_cell_name(const char *s, uint32_t *row, uint32_t *col)
{
    uint32_t c = 0;
    uint64_t r;
    int n = 0;
    if (!s)
        return false;
    for (; (s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= 'a' && s[n] <= 'z'); n++) {
        if (n == 3)
            return false;
        c = c * 26 + (uint32_t)((s[n] | 0x20) - 'a' + 1);
    }
    if (n == 0 || c > AP_XLSX_MAX_COLS || s[n] == '0' || !parse_uint(s + n, AP_XLSX_MAX_ROWS, &r))
        return false;
    *row = (uint32_t)(r - 1);
    *col = c - 1;
    return true;
}

const char *ap_xlsx_type_name(ap_xlsx_type type)
{
    switch (type) {
    case AP_XLSX_EMPTY:
        return TR("tom", "empty");
    case AP_XLSX_STRING:
        return TR("text", "string");
    case AP_XLSX_NUMBER:
        return TR("tal", "number");
    case AP_XLSX_BOOL:
        return TR("sanningsvärde", "boolean");
    case AP_XLSX_ERROR:
        return TR("felvärde", "error");
    case AP_XLSX_DATE:
        return TR("datum", "date");
    }
    return "?";
}
