/*
 * xlsx_reader.c - read the cell values of .xlsx workbooks; see xlsx_reader.h.
 *
 * Bottom up: messages; the part reader (libzip streams each zip entry into
 * expat, counting bytes against the caps); OPC plumbing (content types,
 * relationships, part names); what ap_xlsx_open reads (workbook, shared
 * strings, styles); the worksheet parser; the public accessors.
 *
 * What the peers do decided two details (measured with LibreOffice 7.4 and
 * openpyxl 3.0): text is kept exactly as written, with or without
 * xml:space="preserve" (neither trims), and phonetic runs (<rPh>) are not
 * part of a string. _xHHHH_ escapes are decoded as Excel does.
 */
#include "xlsx_reader.h"

#include "actionplan/i18n.h"

#include <errno.h>
#include <expat.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

/* =========================================================================
 * Limits and types
 * ========================================================================= */

#define MIB ((size_t)1 << 20)
#define DEFAULT_MAX_PART (64 * MIB)
#define DEFAULT_MAX_TOTAL (256 * MIB)
#define DEFAULT_MAX_CELLS ((size_t)4000000)
#define HARD_MAX_PART (1024 * MIB) /* keeps text offsets within 32 bits */
#define MAX_DEPTH 64               /* real parts nest about 8 deep */
#define MAX_SHEETS 10000           /* LibreOffice's limit */
#define MAX_RELS 100000
#define READ_CHUNK 65536
#define NS_SEP '\x1f' /* expat joins namespace URI and local name with this */

/* What a start callback made of an open element (xml_ctx.tag). */
enum {
    TAG_OTHER = 0,
    TAG_SHEETS,
    TAG_SI,
    TAG_IS,
    TAG_R,
    TAG_T,
    TAG_NUMFMTS,
    TAG_CELLXFS,
    TAG_SHEETDATA,
    TAG_ROW,
    TAG_C,
    TAG_V,
};

typedef struct sheet_info {
    char *name;
    char *rid;  /* relationship id in the workbook's .rels */
    char *part; /* zip entry, e.g. "xl/worksheets/sheet1.xml" */
    ap_xlsx_visibility state;
} sheet_info;

struct ap_xlsx_book {
    char *path;
    zip_t *zip; /* NULL once the caller has freed the book */
    ap_xlsx_options opt;
    size_t total_read; /* uncompressed bytes read so far, all parts */
    int refs;          /* the caller's hold + one per live sheet */
    bool date1904;
    char *wb_part; /* e.g. "xl/workbook.xml" */
    sheet_info *sheets;
    size_t nsheets, cap_sheets;
    ap_buf sst_text;   /* shared strings, each NUL-terminated */
    uint32_t *sst_off; /* where string i starts in sst_text (< HARD_MAX_PART) */
    size_t nsst, cap_sst;
    bool *xf_date; /* per cellXfs entry: a date/time number format */
    bool *xf_percent; /* per cellXfs entry: a per-cent number format */
    size_t nxf;
};

/* One stored cell: 24 bytes. */
typedef struct cell_rec {
    double num;
    uint32_t row;
    uint32_t text; /* offset in the sheet's text, or shared string index */
    uint16_t col;
    uint8_t type;  /* ap_xlsx_type */
    uint8_t flags; /* CF_* */
} cell_rec;

enum { CF_SHARED = 1, CF_DATE_STYLE = 2, CF_FORMULA = 4, CF_PERCENT_STYLE = 8 };

struct ap_xlsx_sheet {
    ap_xlsx_book *book; /* holds a reference: shared strings, date system */
    cell_rec *cells;    /* sorted by row, then column */
    size_t ncells, cap;
    ap_buf text; /* inline strings, numbers and errors as written */
    uint32_t rows, cols;
};

/* =========================================================================
 * Messages
 * ========================================================================= */

/* Copy file-derived (valid UTF-8) text for a message: at most 60
 * characters, control characters shown as '?'. Returns out. */
static const char *msg_text(const char *s, char out[256])
{
    size_t n = ap_utf8_prefix(s, 60);
    for (size_t i = 0; i < n; i++)
        out[i] = (unsigned char)s[i] < 0x20 ? '?' : s[i];
    out[n] = '\0';
    if (s[n])
        strcpy(out + n, "...");
    return out;
}

/* "64 MiB" or "1000 bytes". */
static const char *size_text(size_t n, char out[48])
{
    if (n % MIB == 0)
        snprintf(out, 48, "%zu MiB", n / MIB);
    else
        snprintf(out, 48, "%zu %s", n, TR("byte", "bytes"));
    return out;
}

/* Set "where: msg" and return AP_E_INPUT. */
static ap_rc fail_at(ap_error *err, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static ap_rc fail_at(ap_error *err, const char *where, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ap_error_set(err, AP_E_INPUT, "%s: %s", where, msg);
}

/* Set "path: not an Excel workbook (.xlsx): msg" and return AP_E_INPUT. */
static ap_rc not_xlsx(ap_error *err, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static ap_rc not_xlsx(ap_error *err, const char *path, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ap_error_set(err, AP_E_INPUT, "%s: %s: %s", path,
                        TR("inte en Excel-arbetsbok (.xlsx)", "not an Excel workbook (.xlsx)"),
                        msg);
}

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

/* "true"/"1" or "false"/"0" (xsd:boolean). */
static bool parse_bool(const char *s, bool *out)
{
    if (!s)
        return false;
    if (!strcmp(s, "1") || !strcmp(s, "true"))
        *out = true;
    else if (!strcmp(s, "0") || !strcmp(s, "false"))
        *out = false;
    else
        return false;
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
 * The part reader: one zip entry streamed through expat
 * ========================================================================= */

typedef struct xml_ctx xml_ctx;
typedef void (*xml_start_fn)(xml_ctx *x, const char *name, const char **atts);
typedef void (*xml_end_fn)(xml_ctx *x);

struct xml_ctx {
    XML_Parser parser;
    ap_xlsx_book *book;
    const char *where;  /* message prefix: "form.xlsx" or "form.xlsx: sheet 'X'" */
    const char *part;   /* the zip entry */
    const char *roots;  /* accepted root elements, '|'-separated */
    xml_start_fn start; /* every element, with its local name */
    xml_end_fn end;     /* every end tag; x->tag[x->depth] says what closes */
    void *user;
    int depth;                  /* of the current element; the root is 1 */
    uint8_t tag[MAX_DEPTH + 1]; /* TAG_* per open element, set by start */
    bool collect;               /* character data goes into text */
    ap_buf text;
    bool failed; /* err is set; ignore the callbacks expat still makes */
    ap_error *err;
};

/* Refuse the input at the parser's position: "where: part:line:col: msg". */
static void xml_fail(xml_ctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void xml_fail(xml_ctx *x, const char *fmt, ...)
{
    char msg[1024];
    if (x->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ap_error_set(x->err, AP_E_INPUT, "%s: %s:%lu:%lu: %s", x->where, x->part,
                 (unsigned long)XML_GetCurrentLineNumber(x->parser),
                 (unsigned long)XML_GetCurrentColumnNumber(x->parser) + 1, msg);
    x->failed = true;
    XML_StopParser(x->parser, XML_FALSE);
}

static const char *local_name(const char *name)
{
    const char *sep = strrchr(name, NS_SEP);
    return sep ? sep + 1 : name;
}

/* The value of the attribute with this name and no namespace, or NULL. */
static const char *attr(const char **atts, const char *name)
{
    for (; *atts; atts += 2)
        if (!strcmp(atts[0], name))
            return atts[1];
    return NULL;
}

/* The value of the relationships-namespace attribute local (r:id), or NULL.
 * Both the transitional and the strict namespace end in "relationships". */
static const char *attr_rel(const char **atts, const char *local)
{
    static const char ns[] = "relationships";
    for (; *atts; atts += 2) {
        const char *sep = strrchr(atts[0], NS_SEP);
        if (sep && sep - atts[0] >= (long)sizeof ns - 1 &&
            !memcmp(sep - (sizeof ns - 1), ns, sizeof ns - 1) && !strcmp(sep + 1, local))
            return atts[1];
    }
    return NULL;
}

static bool root_ok(const char *roots, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = roots;;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && !memcmp(p, name, n))
            return true;
        if (!bar)
            return false;
        p = bar + 1;
    }
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xml_ctx *x = ud;
    char shown[256];
    if (x->failed)
        return;
    if (++x->depth > MAX_DEPTH) {
        xml_fail(
            x,
            TR("XML:en är nästlad djupare än %d nivåer", "the XML is nested deeper than %d levels"),
            MAX_DEPTH);
        return;
    }
    const char *local = local_name(name);
    x->tag[x->depth] = TAG_OTHER;
    if (x->depth == 1 && !root_ok(x->roots, local)) {
        xml_fail(x, TR("väntade <%s>, fann <%s>", "expected <%s>, found <%s>"), x->roots,
                 msg_text(local, shown));
        return;
    }
    x->start(x, local, atts);
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    xml_ctx *x = ud;
    (void)name;
    if (x->failed)
        return;
    if (x->end)
        x->end(x);
    x->depth--;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    xml_ctx *x = ud;
    if (!x->failed && x->collect)
        ap_buf_append(&x->text, s, (size_t)len);
}

/* A DOCTYPE is where entity bombs and external entities live: refuse it. */
static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
    xml_fail(
        ud, "%s",
        TR("DOCTYPE är inte tillåten i en arbetsbok", "a DOCTYPE is not allowed in a workbook"));
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
                              int value_len, const XML_Char *base, const XML_Char *sysid,
                              const XML_Char *pubid, const XML_Char *notation)
{
    (void)name, (void)is_param, (void)value, (void)value_len, (void)base, (void)sysid;
    (void)pubid, (void)notation;
    xml_fail(ud, "%s",
             TR("entitetsdeklarationer är inte tillåtna", "entity declarations are not allowed"));
}

/* A failure outside the parser's callbacks: "where: part: msg". */
static ap_rc part_fail(xml_ctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static ap_rc part_fail(xml_ctx *x, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    x->failed = true;
    return ap_error_set(x->err, AP_E_INPUT, "%s: %s: %s", x->where, x->part, msg);
}

/* Why libzip could not give us a part's bytes, for people. */
static ap_rc zip_fail(xml_ctx *x, int code, const char *detail)
{
    switch (code) {
    case ZIP_ER_NOPASSWD:
    case ZIP_ER_WRONGPASSWD:
    case ZIP_ER_ENCRNOTSUPP:
        return part_fail(x, "%s",
                         TR("delen är krypterad: spara arbetsboken utan lösenord",
                            "the part is encrypted: save the workbook without a password"));
    case ZIP_ER_COMPNOTSUPP:
        return part_fail(
            x, TR("okänd komprimeringsmetod (%s)", "unsupported compression method (%s)"), detail);
    case ZIP_ER_MEMORY:
        return ap_error_set(x->err, AP_E_NOMEM, "%s: %s: %s", x->where, x->part, detail);
    default:
        return part_fail(x, TR("filen är skadad (%s)", "the file is damaged (%s)"), detail);
    }
}

/* The message for a parse that expat ended. */
static ap_rc xml_result(xml_ctx *x)
{
    if (x->failed)
        return x->err ? x->err->code : AP_E_INPUT;
    enum XML_Error code = XML_GetErrorCode(x->parser);
    if (code == XML_ERROR_NO_MEMORY)
        return ap_error_set(x->err, AP_E_NOMEM, "%s: %s: %s", x->where, x->part,
                            ap_rc_name(AP_E_NOMEM));
    xml_fail(x, TR("ogiltig XML: %s", "invalid XML: %s"), XML_ErrorString(code));
    return AP_E_INPUT;
}

/* Count n more bytes against the part's and the book's caps. */
static ap_rc count_bytes(xml_ctx *x, size_t *part_read, size_t n)
{
    ap_xlsx_book *b = x->book;
    char size[48];
    *part_read += n;
    b->total_read += n;
    if (*part_read > b->opt.max_part_bytes)
        return part_fail(x,
                         TR("delen är större än %s okomprimerad (en zip-bomb?)",
                            "the part is larger than %s uncompressed (a zip bomb?)"),
                         size_text(b->opt.max_part_bytes, size));
    if (b->total_read > b->opt.max_total_bytes)
        return part_fail(x,
                         TR("arbetsboken är större än %s okomprimerad (en zip-bomb?)",
                            "the workbook is larger than %s uncompressed (a zip bomb?)"),
                         size_text(b->opt.max_total_bytes, size));
    return AP_OK;
}

/* Feed the entry's bytes to expat until the end or the first error. The
 * caps are counted on the bytes actually inflated: the sizes in the zip
 * headers are not trusted. */
static ap_rc xml_pump(xml_ctx *x, zip_file_t *f)
{
    size_t part_read = 0;
    for (;;) {
        void *buf = XML_GetBuffer(x->parser, READ_CHUNK);
        if (!buf)
            return xml_result(x);
        zip_int64_t n = zip_fread(f, buf, READ_CHUNK);
        if (n < 0)
            return zip_fail(x, zip_error_code_zip(zip_file_get_error(f)), zip_file_strerror(f));
        ap_rc rc = count_bytes(x, &part_read, (size_t)n);
        if (rc != AP_OK)
            return rc;
        if (XML_ParseBuffer(x->parser, (int)n, n == 0) != XML_STATUS_OK || x->failed)
            return xml_result(x);
        if (n == 0)
            return AP_OK;
    }
}

static void xml_setup(xml_ctx *x)
{
    XML_SetUserData(x->parser, x);
    XML_SetElementHandler(x->parser, on_start, on_end);
    XML_SetCharacterDataHandler(x->parser, on_text);
    XML_SetStartDoctypeDeclHandler(x->parser, on_doctype);
    XML_SetEntityDeclHandler(x->parser, on_entity);
    XML_SetParamEntityParsing(x->parser, XML_PARAM_ENTITY_PARSING_NEVER);
}

/* Where the zip holds this part. Names are compared byte for byte: OPC
 * part names ignore case, but open_zip has refused a zip holding a name
 * twice in any case, so the exact name is the only candidate, and the
 * raw bytes are what every other reader compares too. */
static zip_int64_t locate_part(const ap_xlsx_book *b, const char *part)
{
    return zip_name_locate(b->zip, part, ZIP_FL_ENC_RAW);
}

/* True when the zip holds this part. */
static bool has_part(const ap_xlsx_book *b, const char *part)
{
    return locate_part(b, part) >= 0;
}

/* Parse the part x->part with x's callbacks. */
static ap_rc xml_read_part(xml_ctx *x)
{
    ap_xlsx_book *b = x->book;
    char size[48];
    zip_stat_t st;
    zip_int64_t idx = locate_part(b, x->part);
    if (idx < 0)
        return part_fail(x, "%s", TR("delen saknas i arbetsboken", "the part is missing"));
    /* A declared size over the cap is refused at once; a smaller one is
     * checked while reading. */
    if (zip_stat_index(b->zip, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
        st.size > b->opt.max_part_bytes)
        return part_fail(x,
                         TR("delen är större än %s okomprimerad (en zip-bomb?)",
                            "the part is larger than %s uncompressed (a zip bomb?)"),
                         size_text(b->opt.max_part_bytes, size));
    zip_file_t *f = zip_fopen_index(b->zip, (zip_uint64_t)idx, 0);
    if (!f)
        return zip_fail(x, zip_error_code_zip(zip_get_error(b->zip)), zip_strerror(b->zip));
    x->parser = XML_ParserCreateNS(NULL, NS_SEP);
    ap_rc rc = AP_E_NOMEM;
    if (x->parser) {
        xml_setup(x);
        rc = xml_pump(x, f);
        XML_ParserFree(x->parser);
        x->parser = NULL;
    } else {
        ap_error_set(x->err, rc, "%s: %s: %s", x->where, x->part, ap_rc_name(rc));
    }
    zip_fclose(f);
    ap_buf_free(&x->text);
    return rc;
}

/* Is the element just opened a <t> whose text belongs to a string (in <si>
 * or <is>, directly or in a run <r>), not to a phonetic run <rPh>? */
static bool is_string_text(const xml_ctx *x, const char *name)
{
    int d = x->depth;
    if (strcmp(name, "t") != 0 || d < 2)
        return false;
    uint8_t parent = x->tag[d - 1];
    if (parent == TAG_SI || parent == TAG_IS)
        return true;
    return parent == TAG_R && d >= 3 && (x->tag[d - 2] == TAG_SI || x->tag[d - 2] == TAG_IS);
}

/* Shared by shared strings and inline strings: runs and their text. */
static void rich_text_start(xml_ctx *x, const char *name)
{
    uint8_t parent = x->tag[x->depth - 1];
    if (!strcmp(name, "r") && (parent == TAG_SI || parent == TAG_IS)) {
        x->tag[x->depth] = TAG_R;
    } else if (is_string_text(x, name)) {
        x->tag[x->depth] = TAG_T;
        x->collect = true;
    }
}

/* =========================================================================
 * OPC: relationships, part names, content types
 * ========================================================================= */

typedef struct rel {
    char *id;
    char *type; /* the last segment of the Type URI: "worksheet", "styles" */
    char *target;
} rel;

typedef struct rel_list {
    rel *items;
    size_t n, cap;
} rel_list;

static void rels_free(rel_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].id);
        free(l->items[i].type);
        free(l->items[i].target);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

static void rels_start(xml_ctx *x, const char *name, const char **atts)
{
    rel_list *l = x->user;
    if (x->depth != 2 || strcmp(name, "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
    const char *mode = attr(atts, "TargetMode");
    if (!id || !type || !target) {
        xml_fail(x, "%s",
                 TR("<Relationship> saknar Id, Type eller Target",
                    "<Relationship> lacks Id, Type or Target"));
        return;
    }
    if (mode && !strcmp(mode, "External"))
        return;
    if (l->n >= MAX_RELS) {
        xml_fail(x, TR("fler än %d relationer", "more than %d relationships"), MAX_RELS);
        return;
    }
    const char *slash = strrchr(type, '/');
    ap_grow(&l->items, &l->cap, l->n + 1, sizeof *l->items);
    l->items[l->n++] =
        (rel){ap_xstrdup(id), ap_xstrdup(slash ? slash + 1 : type), ap_xstrdup(target)};
}

static int rel_cmp(const void *a, const void *b)
{
    return strcmp(((const rel *)a)->id, ((const rel *)b)->id);
}

/* Read a .rels part into l, sorted by id. */
static ap_rc rels_read(ap_xlsx_book *b, const char *part, rel_list *l, ap_error *err)
{
    xml_ctx x = {.book = b,
                 .where = b->path,
                 .part = part,
                 .roots = "Relationships",
                 .start = rels_start,
                 .user = l,
                 .err = err};
    ap_rc rc = xml_read_part(&x);
    if (rc == AP_OK && l->n > 1)
        qsort(l->items, l->n, sizeof *l->items, rel_cmp);
    return rc;
}

static const rel *rels_by_id(const rel_list *l, const char *id)
{
    rel key = {.id = (char *)id};
    return l->n ? bsearch(&key, l->items, l->n, sizeof *l->items, rel_cmp) : NULL;
}

static const rel *rels_by_type(const rel_list *l, const char *type)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->items[i].type, type))
            return &l->items[i];
    return NULL;
}

/* The part a relationship target names: relative targets from the folder of
 * the source part ("xl/" for xl/workbook.xml), absolute ones ("/xl/...")
 * from the package root, with "." and ".." resolved. NULL when the target
 * is empty or climbs out of the package. The caller frees the result. */
static char *part_resolve(const char *source, const char *target)
{
    ap_buf in = {0};
    const char *slash = strrchr(source, '/');
    ap_buf_append(&in, source, target[0] != '/' && slash ? (size_t)(slash - source) + 1 : 0);
    ap_buf_puts(&in, target);
    char *out = ap_xmalloc(in.len + 1);
    size_t n = 0;
    bool ok = true;
    for (const char *p = in.p; *p && ok;) {
        size_t len = strcspn(p, "/");
        if (len == 2 && p[0] == '.' && p[1] == '.') {
            ok = n > 0;
            while (n > 0 && out[n - 1] != '/')
                n--;
            n -= n > 0; /* the slash before the dropped segment */
        } else if (len > 0 && !(len == 1 && p[0] == '.')) {
            if (n)
                out[n++] = '/';
            memcpy(out + n, p, len);
            n += len;
        }
        p += len + (p[len] == '/');
    }
    out[n] = '\0';
    ap_buf_free(&in);
    if (!ok || n == 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels". Caller frees. */
static char *rels_part_of(const char *part)
{
    ap_buf b = {0};
    const char *slash = strrchr(part, '/');
    size_t dir = slash ? (size_t)(slash - part) + 1 : 0;
    ap_buf_append(&b, part, dir);
    ap_buf_printf(&b, "_rels/%s.rels", part + dir);
    return ap_buf_steal(&b);
}

/* What [Content_Types].xml says about one part. */
typedef struct ctypes {
    const char *part;
    char *override; /* <Override PartName="/part"> */
    char *deflt;    /* <Default Extension="ext"> for the part's extension */
} ctypes;

static void ctypes_start(xml_ctx *x, const char *name, const char **atts)
{
    ctypes *c = x->user;
    const char *type = attr(atts, "ContentType");
    if (x->depth != 2 || !type)
        return;
    if (!strcmp(name, "Override")) {
        const char *pn = attr(atts, "PartName");
        if (pn && !strcasecmp(pn + (pn[0] == '/'), c->part)) {
            free(c->override);
            c->override = ap_xstrdup(type);
        }
    } else if (!strcmp(name, "Default")) {
        const char *ext = attr(atts, "Extension"), *dot = strrchr(c->part, '.');
        if (ext && dot && !strcasecmp(ext, dot + 1)) {
            free(c->deflt);
            c->deflt = ap_xstrdup(type);
        }
    }
}

/* Refuse a main part that is not a spreadsheet, naming what it is. */
static ap_rc check_main_type(const ap_xlsx_book *b, const char *type, ap_error *err)
{
    char shown[256];
    static const char *const ok[] = {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        "application/vnd.ms-excel.template.macroEnabled.main+xml",
    };
    if (!type)
        return not_xlsx(err, b->path,
                        TR("[Content_Types].xml anger ingen typ för '%s'",
                           "[Content_Types].xml declares no type for '%s'"),
                        b->wb_part);
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (!strcasecmp(type, ok[i]))
            return AP_OK;
    if (strstr(type, "sheet.binary"))
        return not_xlsx(err, b->path, "%s",
                        TR("en binär arbetsbok (.xlsb): spara den som .xlsx",
                           "a binary workbook (.xlsb): save it as .xlsx"));
    if (strstr(type, "wordprocessingml"))
        return not_xlsx(err, b->path, "%s", TR("ett Word-dokument", "a Word document"));
    if (strstr(type, "presentationml"))
        return not_xlsx(err, b->path, "%s",
                        TR("en PowerPoint-presentation", "a PowerPoint presentation"));
    return not_xlsx(err, b->path,
                    TR("huvuddelen '%s' har typen '%s'", "the main part '%s' has the type '%s'"),
                    b->wb_part, msg_text(type, shown));
}

static ap_rc read_content_types(ap_xlsx_book *b, ap_error *err)
{
    ctypes c = {.part = b->wb_part};
    xml_ctx x = {.book = b,
                 .where = b->path,
                 .part = "[Content_Types].xml",
                 .roots = "Types",
                 .start = ctypes_start,
                 .user = &c,
                 .err = err};
    ap_rc rc = xml_read_part(&x);
    if (rc == AP_OK)
        rc = check_main_type(b, c.override ? c.override : c.deflt, err);
    free(c.override);
    free(c.deflt);
    return rc;
}

/* Find the workbook part through _rels/.rels (xl/workbook.xml when the
 * package has no .rels) and check that it is a spreadsheet. */
static ap_rc find_workbook(ap_xlsx_book *b, ap_error *err)
{
    rel_list root = {0};
    ap_rc rc = AP_OK;
    if (!has_part(b, "[Content_Types].xml")) {
        if (has_part(b, "mimetype") && has_part(b, "content.xml"))
            return not_xlsx(err, b->path, "%s",
                            TR("ett OpenDocument-kalkylblad (.ods): spara det som .xlsx",
                               "an OpenDocument spreadsheet (.ods): save it as .xlsx"));
        return not_xlsx(err, b->path, TR("delen '%s' saknas", "missing part '%s'"),
                        "[Content_Types].xml");
    }
    if (has_part(b, "_rels/.rels"))
        rc = rels_read(b, "_rels/.rels", &root, err);
    if (rc == AP_OK) {
        const rel *r = rels_by_type(&root, "officeDocument");
        b->wb_part = r ? part_resolve("", r->target) : ap_xstrdup("xl/workbook.xml");
        if (!b->wb_part)
            rc = not_xlsx(
                err, b->path, "%s",
                TR("_rels/.rels pekar utanför paketet", "_rels/.rels points outside the package"));
        else if (!has_part(b, b->wb_part))
            rc = not_xlsx(err, b->path, TR("delen '%s' saknas", "missing part '%s'"), b->wb_part);
    }
    rels_free(&root);
    return rc == AP_OK ? read_content_types(b, err) : rc;
}

/* =========================================================================
 * The workbook: sheets and the date system
 * ========================================================================= */

static bool parse_state(const char *s, ap_xlsx_visibility *out)
{
    if (!s || !strcmp(s, "visible"))
        *out = AP_XLSX_VISIBLE;
    else if (!strcmp(s, "hidden"))
        *out = AP_XLSX_HIDDEN;
    else if (!strcmp(s, "veryHidden"))
        *out = AP_XLSX_VERY_HIDDEN;
    else
        return false;
    return true;
}

static void wb_sheet(xml_ctx *x, ap_xlsx_book *b, const char **atts)
{
    char shown[256], shown2[256];
    const char *name = attr(atts, "name"), *rid = attr_rel(atts, "id");
    ap_xlsx_visibility state;
    if (!name || !*name) {
        xml_fail(x, "%s", TR("ett blad utan namn", "a sheet without a name"));
        return;
    }
    if (!rid) {
        xml_fail(x, TR("bladet '%s' saknar r:id", "sheet '%s' has no r:id"), msg_text(name, shown));
        return;
    }
    if (!parse_state(attr(atts, "state"), &state)) {
        xml_fail(x,
                 TR("bladet '%s' har okänt tillstånd '%s'", "sheet '%s' has an unknown state '%s'"),
                 msg_text(name, shown), msg_text(attr(atts, "state"), shown2));
        return;
    }
    if (b->nsheets >= MAX_SHEETS) {
        xml_fail(x, TR("fler än %d blad", "more than %d sheets"), MAX_SHEETS);
        return;
    }
    for (size_t i = 0; i < b->nsheets; i++)
        if (!ap_casecmp_utf8(b->sheets[i].name, name)) {
            xml_fail(x, TR("två blad heter '%s'", "two sheets are called '%s'"),
                     msg_text(name, shown));
            return;
        }
    ap_grow(&b->sheets, &b->cap_sheets, b->nsheets + 1, sizeof *b->sheets);
    b->sheets[b->nsheets++] = (sheet_info){ap_xstrdup(name), ap_xstrdup(rid), NULL, state};
}

static void wb_start(xml_ctx *x, const char *name, const char **atts)
{
    ap_xlsx_book *b = x->user;
    if (x->depth == 2 && !strcmp(name, "workbookPr")) {
        const char *v = attr(atts, "date1904");
        if (v && !parse_bool(v, &b->date1904))
            xml_fail(x, TR("ogiltigt date1904 '%s'", "invalid date1904 '%s'"), v);
    } else if (x->depth == 2 && !strcmp(name, "sheets")) {
        x->tag[2] = TAG_SHEETS;
    } else if (x->depth == 3 && x->tag[2] == TAG_SHEETS && !strcmp(name, "sheet")) {
        wb_sheet(x, b, atts);
    }
}

/* Give every sheet its part through the workbook's relationships. */
static ap_rc resolve_sheets(ap_xlsx_book *b, const rel_list *rels, ap_error *err)
{
    char shown[256], shown2[256];
    for (size_t i = 0; i < b->nsheets; i++) {
        sheet_info *s = &b->sheets[i];
        const rel *r = rels_by_id(rels, s->rid);
        if (r)
            s->part = part_resolve(b->wb_part, r->target);
        if (!r || !s->part)
            return fail_at(err, b->path,
                           TR("bladet '%s' saknar sin del ('%s')", "sheet '%s' has no part ('%s')"),
                           msg_text(s->name, shown), msg_text(r ? r->target : s->rid, shown2));
        free(s->rid);
        s->rid = NULL;
    }
    return AP_OK;
}

/* =========================================================================
 * Shared strings
 * ========================================================================= */

static void sst_add(xml_ctx *x, ap_xlsx_book *b)
{
    size_t start = b->sst_text.len;
    if (b->nsst >= UINT32_MAX || start >= UINT32_MAX) {
        xml_fail(x, "%s", TR("för många delade strängar", "too many shared strings"));
        return;
    }
    decode_escapes(&b->sst_text, ap_buf_str(&x->text), x->text.len);
    if (!ap_utf8_valid(b->sst_text.p + start, b->sst_text.len - start, NULL)) {
        xml_fail(x, "%s", TR("ogiltig UTF-8", "invalid UTF-8"));
        return;
    }
    ap_buf_append(&b->sst_text, "", 1); /* the string's NUL */
    ap_grow(&b->sst_off, &b->cap_sst, b->nsst + 1, sizeof *b->sst_off);
    b->sst_off[b->nsst++] = (uint32_t)start;
}

static void sst_start(xml_ctx *x, const char *name, const char **atts)
{
    (void)atts;
    if (x->depth == 2 && !strcmp(name, "si")) {
        x->tag[2] = TAG_SI;
        ap_buf_reset(&x->text);
    } else if (x->depth > 2) {
        rich_text_start(x, name);
    }
}

static void sst_end(xml_ctx *x)
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
    const char *code = attr(atts, "formatCode");
    uint64_t id;
    if (!parse_uint(attr(atts, "numFmtId"), UINT32_MAX, &id) || !code) {
        xml_fail(x, "%s", TR("ogiltigt <numFmt>", "invalid <numFmt>"));
        return;
    }
    ap_grow(&s->fmts, &s->cap_fmts, s->nfmts + 1, sizeof *s->fmts);
    s->fmts[s->nfmts++] = (num_fmt){(uint32_t)id, format_is_date(code), format_is_percent(code)};
}

static void styles_xf(xml_ctx *x, styles_parse *s, const char **atts)
{
    const char *v = attr(atts, "numFmtId");
    uint64_t id = 0;
    if (v && !parse_uint(v, UINT32_MAX, &id)) {
        xml_fail(x, TR("ogiltigt numFmtId '%s'", "invalid numFmtId '%s'"), v);
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

/* =========================================================================
 * Opening a book
 * ========================================================================= */

/* Read the optional part that the workbook's relationship of this type
 * names, with these callbacks. */
static ap_rc read_related(ap_xlsx_book *b, const rel_list *rels, const char *type, const char *root,
                          xml_start_fn start, xml_end_fn end, void *user, ap_error *err)
{
    const rel *r = rels_by_type(rels, type);
    if (!r)
        return AP_OK;
    char *part = part_resolve(b->wb_part, r->target);
    if (!part)
        return fail_at(err, b->path,
                       TR("relationen '%s' pekar utanför paketet",
                          "relationship '%s' points outside the package"),
                       type);
    xml_ctx x = {.book = b,
                 .where = b->path,
                 .part = part,
                 .roots = root,
                 .start = start,
                 .end = end,
                 .user = user,
                 .err = err};
    ap_rc rc = xml_read_part(&x);
    free(part);
    return rc;
}

static ap_rc read_styles(ap_xlsx_book *b, const rel_list *rels, ap_error *err)
{
    styles_parse s = {0};
    ap_rc rc = read_related(b, rels, "styles", "styleSheet", styles_start, NULL, &s, err);
    if (rc == AP_OK)
        styles_finish(b, &s);
    free(s.fmts);
    free(s.xf_fmt);
    return rc;
}

/* The workbook part, its relationships, shared strings and styles. */
static ap_rc read_workbook(ap_xlsx_book *b, ap_error *err)
{
    rel_list rels = {0};
    char *rels_part = rels_part_of(b->wb_part);
    xml_ctx x = {.book = b,
                 .where = b->path,
                 .part = b->wb_part,
                 .roots = "workbook",
                 .start = wb_start,
                 .user = b,
                 .err = err};
    ap_rc rc = AP_OK;
    if (!has_part(b, rels_part))
        rc = not_xlsx(err, b->path, TR("delen '%s' saknas", "missing part '%s'"), rels_part);
    if (rc == AP_OK)
        rc = rels_read(b, rels_part, &rels, err);
    if (rc == AP_OK)
        rc = xml_read_part(&x);
    if (rc == AP_OK && b->nsheets == 0)
        rc = fail_at(err, b->path, "%s",
                     TR("arbetsboken har inga blad", "the workbook has no sheets"));
    if (rc == AP_OK)
        rc = resolve_sheets(b, &rels, err);
    if (rc == AP_OK)
        rc = read_related(b, &rels, "sharedStrings", "sst", sst_start, sst_end, NULL, err);
    if (rc == AP_OK)
        rc = read_styles(b, &rels, err);
    rels_free(&rels);
    free(rels_part);
    return rc;
}

/* Refuse what is not a file, is empty, is larger than max_size (libzip
 * would hold its whole directory in memory) or is an OLE2 file (.xls, or an
 * encrypted .xlsx) before libzip sees it. *zip_magic: it starts like a zip. */
static ap_rc sniff_file(const char *path, size_t max_size, bool *zip_magic, ap_error *err)
{
    char size[48];
    static const unsigned char ole2[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    unsigned char m[8] = {0};
    struct stat st;
    int fd;
    ap_rc rc = ap_open_input(path, &fd, &st, err);
    if (rc != AP_OK)
        return rc;
    ssize_t got = S_ISREG(st.st_mode) ? read(fd, m, sizeof m) : 0;
    size_t n = got > 0 ? (size_t)got : 0;
    close(fd);
    if (!S_ISREG(st.st_mode))
        return ap_error_set(err, AP_E_IO,
                            TR("'%s' är ingen vanlig fil", "'%s' is not a regular file"), path);
    if (st.st_size == 0)
        return not_xlsx(err, path, "%s", TR("filen är tom", "the file is empty"));
    if ((uintmax_t)st.st_size > max_size)
        return ap_error_set(err, AP_E_INPUT,
                            TR("%s: filen är större än %s", "%s: the file is larger than %s"), path,
                            size_text(max_size, size));
    if (n == sizeof m && !memcmp(m, ole2, sizeof m))
        return not_xlsx(err, path, "%s",
                        TR("en äldre Excel-fil (.xls) eller en lösenordsskyddad arbetsbok: "
                           "spara den som .xlsx utan lösenord",
                           "an old Excel file (.xls) or a password-protected workbook: "
                           "save it as .xlsx without a password"));
    *zip_magic = n >= 4 && !memcmp(m, "PK\003\004", 4);
    return AP_OK;
}

static int name_cmp(const void *a, const void *b)
{
    return strcasecmp(*(char *const *)a, *(char *const *)b);
}

/* Refuse a zip that holds a name twice, exactly or in another case: readers
 * differ in which one they take (libzip the first, openpyxl and LibreOffice
 * the last), so the import could record what the lead never saw. */
static ap_rc check_unique_names(ap_xlsx_book *b, ap_error *err)
{
    zip_int64_t n = zip_get_num_entries(b->zip, 0);
    if (n <= 1)
        return AP_OK;
    const char **names = ap_xcalloc((size_t)n, sizeof *names);
    size_t k = 0;
    for (zip_int64_t i = 0; i < n; i++) {
        const char *name = zip_get_name(b->zip, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
        if (name)
            names[k++] = name;
    }
    qsort(names, k, sizeof *names, name_cmp);
    ap_rc rc = AP_OK;
    for (size_t i = 1; i < k && rc == AP_OK; i++)
        if (strcasecmp(names[i - 1], names[i]) == 0)
            rc = not_xlsx(err, b->path,
                          TR("namnet '%.200s' finns två gånger i zip-arkivet (som '%.200s' och "
                             "'%.200s'); öppna filen i Excel eller LibreOffice och spara den igen",
                             "the name '%.200s' is in the zip archive twice (as '%.200s' and "
                             "'%.200s'); open the file in Excel or LibreOffice and save it again"),
                          names[i], names[i - 1], names[i]);
    free(names);
    return rc;
}

static ap_rc open_zip(ap_xlsx_book *b, bool zip_magic, ap_error *err)
{
    int code = 0;
    b->zip = zip_open(b->path, ZIP_RDONLY, &code);
    if (b->zip)
        return check_unique_names(b, err);
    zip_error_t ze;
    zip_error_init_with_code(&ze, code);
    ap_rc rc;
    if (code == ZIP_ER_MEMORY)
        rc = ap_error_set(err, AP_E_NOMEM, "%s: %s", b->path, ap_rc_name(AP_E_NOMEM));
    else if (code == ZIP_ER_OPEN || code == ZIP_ER_READ || code == ZIP_ER_SEEK)
        rc = ap_error_set(err, AP_E_IO, TR("kan inte läsa '%s': %s", "unable to read '%s': %s"),
                          b->path,
                          zip_error_system_type(&ze) == ZIP_ET_SYS
                              ? ap_errno_text(zip_error_code_system(&ze))
                              : zip_error_strerror(&ze));
    else if (code == ZIP_ER_NOZIP && !zip_magic)
        rc = not_xlsx(err, b->path, "%s", TR("inte ett zip-arkiv", "not a zip archive"));
    else
        rc = not_xlsx(err, b->path,
                      TR("skadat eller ofullständigt zip-arkiv (%s)",
                         "damaged or incomplete zip archive (%s)"),
                      zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return rc;
}

static ap_xlsx_options options_or_defaults(const ap_xlsx_options *opt)
{
    ap_xlsx_options o = opt ? *opt : (ap_xlsx_options){0};
    if (!o.max_part_bytes)
        o.max_part_bytes = DEFAULT_MAX_PART;
    if (o.max_part_bytes > HARD_MAX_PART)
        o.max_part_bytes = HARD_MAX_PART;
    if (!o.max_total_bytes)
        o.max_total_bytes = DEFAULT_MAX_TOTAL;
    if (!o.max_cells)
        o.max_cells = DEFAULT_MAX_CELLS;
    return o;
}

ap_rc ap_xlsx_open_opt(const char *path, const ap_xlsx_options *opt, ap_xlsx_book **out,
                       ap_error *err)
{
    bool zip_magic = false;
    ap_xlsx_options o = options_or_defaults(opt);
    *out = NULL;
    if (!path)
        return ap_error_set(err, AP_E_INTERNAL, "%s", TR("inget filnamn", "no file name"));
    ap_rc rc = sniff_file(path, o.max_total_bytes, &zip_magic, err);
    if (rc != AP_OK)
        return rc;
    ap_xlsx_book *b = ap_xcalloc(1, sizeof *b);
    b->path = ap_xstrdup(path);
    b->opt = o;
    b->refs = 1;
    if ((rc = open_zip(b, zip_magic, err)) == AP_OK && (rc = find_workbook(b, err)) == AP_OK)
        rc = read_workbook(b, err);
    if (rc != AP_OK) {
        ap_xlsx_free(b);
        return rc;
    }
    *out = b;
    return AP_OK;
}

ap_rc ap_xlsx_open(const char *path, ap_xlsx_book **book, ap_error *err)
{
    return ap_xlsx_open_opt(path, NULL, book, err);
}

static void book_release(ap_xlsx_book *b)
{
    if (--b->refs > 0)
        return;
    for (size_t i = 0; i < b->nsheets; i++) {
        free(b->sheets[i].name);
        free(b->sheets[i].rid);
        free(b->sheets[i].part);
    }
    free(b->sheets);
    ap_buf_free(&b->sst_text);
    free(b->sst_off);
    free(b->xf_date);
    free(b->xf_percent);
    free(b->wb_part);
    free(b->path);
    free(b);
}

void ap_xlsx_free(ap_xlsx_book *book)
{
    if (!book)
        return;
    if (book->zip) {
        zip_discard(book->zip);
        book->zip = NULL;
    }
    book_release(book);
}

bool ap_xlsx_date1904(const ap_xlsx_book *book)
{
    return book && book->date1904;
}

size_t ap_xlsx_sheet_count(const ap_xlsx_book *book)
{
    return book ? book->nsheets : 0;
}

const char *ap_xlsx_sheet_name(const ap_xlsx_book *book, size_t i)
{
    return book && i < book->nsheets ? book->sheets[i].name : NULL;
}

ap_xlsx_visibility ap_xlsx_sheet_hidden(const ap_xlsx_book *book, size_t i)
{
    return book && i < book->nsheets ? book->sheets[i].state : AP_XLSX_VISIBLE;
}

long ap_xlsx_sheet_index(const ap_xlsx_book *book, const char *name)
{
    if (!book || !name)
        return -1;
    for (size_t i = 0; i < book->nsheets; i++)
        if (!ap_casecmp_utf8(book->sheets[i].name, name))
            return (long)i;
    return -1;
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
    const char *r = attr(atts, "r");
    uint64_t n;
    if (r) {
        if (!parse_uint(r, AP_XLSX_MAX_ROWS, &n) || n == 0) {
            xml_fail(x,
                     TR("ogiltigt radnummer '%s' (rader går från 1 till %u)",
                        "invalid row number '%s' (rows go from 1 to %u)"),
                     msg_text(r, shown), AP_XLSX_MAX_ROWS);
            return;
        }
        p->row = (uint32_t)(n - 1);
    } else if (p->row_seen) {
        if (p->row + 1 >= AP_XLSX_MAX_ROWS) {
            xml_fail(x, TR("fler än %u rader", "more than %u rows"), AP_XLSX_MAX_ROWS);
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
            xml_fail(x,
                     TR("ogiltig cellreferens '%s' (den största är XFD1048576)",
                        "invalid cell reference '%s' (the largest is XFD1048576)"),
                     msg_text(r, shown));
            return false;
        }
        p->row = p->c_row;
    } else {
        if (p->next_col >= AP_XLSX_MAX_COLS) {
            xml_fail(x, TR("rad %u har fler än %u kolumner", "row %u has more than %u columns"),
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
    const char *t = attr(atts, "t"), *s = attr(atts, "s");
    uint64_t style = 0;
    if (!cell_position(x, p, attr(atts, "r")))
        return;
    if (!parse_raw_type(t, &p->c_type)) {
        xml_fail(x, TR("okänd celltyp t=\"%s\"", "unknown cell type t=\"%s\""), msg_text(t, shown));
        return;
    }
    if (s && !parse_uint(s, UINT32_MAX, &style)) {
        xml_fail(x, TR("ogiltigt format s=\"%s\"", "invalid style s=\"%s\""), msg_text(s, shown));
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
        xml_fail(x, "%s", TR("för mycket text i bladet", "too much text in the sheet"));
        return false;
    }
    if (decode)
        decode_escapes(&sh->text, s, n);
    else
        ap_buf_append(&sh->text, s, n);
    if (!ap_utf8_valid(sh->text.p + start, sh->text.len - start, NULL)) {
        xml_fail(x, "%s", TR("ogiltig UTF-8", "invalid UTF-8"));
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
        xml_fail(x, TR("cell %s: '%s' är inget tal", "cell %s: '%s' is not a number"),
                 ap_xlsx_cell_name(c->row, c->col, name), msg_text(v, shown));
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
        xml_fail(x,
                 TR("cell %s: delad sträng '%s' finns inte (arbetsboken har %zu)",
                    "cell %s: shared string '%s' does not exist (the workbook has %zu)"),
                 ap_xlsx_cell_name(c->row, c->col, name), msg_text(v, shown), b->nsst);
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
    if (p->c_type == RAW_B && parse_bool(v, &flag)) {
        c->type = AP_XLSX_BOOL;
        c->num = flag;
        return true;
    }
    if (p->c_type == RAW_D && parse_iso_serial(v, p->sh->book->date1904, &c->num)) {
        c->type = AP_XLSX_DATE;
        return store_text(x, p->sh, c, v, strlen(v), false);
    }
    xml_fail(x, TR("cell %s: '%s' är inget %s", "cell %s: '%s' is not a %s"),
             ap_xlsx_cell_name(c->row, c->col, name), msg_text(v, shown),
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
        xml_fail(x, TR("bladet har fler än %zu celler", "the sheet has more than %zu cells"),
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
        rich_text_start(x, name);
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
            return fail_at(err, where, TR("cell %s finns två gånger", "cell %s appears twice"),
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
    ap_rc rc = xml_read_part(x);
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
             msg_text(book->sheets[i].name, shown));
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
    book_release(sheet->book);
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
