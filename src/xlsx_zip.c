/*
 * xlsx_zip.c - the archive under the xlsx reader (xlsx_reader.h): the
 * messages every part of the reader gives, the part reader (libzip streams
 * one zip entry into expat, counting bytes against the caps; DOCTYPEs,
 * entities and deep nesting refused) and checking and opening the zip.
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
 * Messages
 * ========================================================================= */

/* Copy file-derived (valid UTF-8) text for a message: at most 60
 * characters, control characters shown as '?'. Returns out. */
const char *xr_msg_text(const char *s, char out[256])
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
ap_rc xr_fail_at(ap_error *err, const char *where, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ap_error_set(err, AP_E_INPUT, "%s: %s", where, msg);
}

/* Set "path: not an Excel workbook (.xlsx): msg" and return AP_E_INPUT. */
ap_rc xr_not_xlsx(ap_error *err, const char *path, const char *fmt, ...)
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
 * The part reader: one zip entry streamed through expat
 * ========================================================================= */

/* Refuse the input at the parser's position: "where: part:line:col: msg". */
void xr_xml_fail(xml_ctx *x, const char *fmt, ...)
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

/* "true"/"1" or "false"/"0" (xsd:boolean). */
bool xr_parse_bool(const char *s, bool *out)
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

/* The value of the attribute with this name and no namespace, or NULL. */
const char *xr_attr(const char **atts, const char *name)
{
    for (; *atts; atts += 2)
        if (!strcmp(atts[0], name))
            return atts[1];
    return NULL;
}

/* The value of the relationships-namespace attribute local (r:id), or NULL.
 * Both the transitional and the strict namespace end in "relationships". */
const char *xr_attr_rel(const char **atts, const char *local)
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
        xr_xml_fail(
            x,
            TR("XML:en är nästlad djupare än %d nivåer", "the XML is nested deeper than %d levels"),
            MAX_DEPTH);
        return;
    }
    const char *local = local_name(name);
    x->tag[x->depth] = TAG_OTHER;
    if (x->depth == 1 && !root_ok(x->roots, local)) {
        xr_xml_fail(x, TR("väntade <%s>, fann <%s>", "expected <%s>, found <%s>"), x->roots,
                    xr_msg_text(local, shown));
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
    xr_xml_fail(
        ud, "%s",
        TR("DOCTYPE är inte tillåten i en arbetsbok", "a DOCTYPE is not allowed in a workbook"));
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
                              int value_len, const XML_Char *base, const XML_Char *sysid,
                              const XML_Char *pubid, const XML_Char *notation)
{
    (void)name, (void)is_param, (void)value, (void)value_len, (void)base, (void)sysid;
    (void)pubid, (void)notation;
    xr_xml_fail(
        ud, "%s",
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
    xr_xml_fail(x, TR("ogiltig XML: %s", "invalid XML: %s"), XML_ErrorString(code));
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
 * part names ignore case, but xr_open_zip has refused a zip holding a name
 * twice in any case, so the exact name is the only candidate, and the
 * raw bytes are what every other reader compares too. */
static zip_int64_t locate_part(const ap_xlsx_book *b, const char *part)
{
    return zip_name_locate(b->zip, part, ZIP_FL_ENC_RAW);
}

/* True when the zip holds this part. */
bool xr_has_part(const ap_xlsx_book *b, const char *part)
{
    return locate_part(b, part) >= 0;
}

/* Parse the part x->part with x's callbacks. */
ap_rc xr_xml_read_part(xml_ctx *x)
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
void xr_rich_text_start(xml_ctx *x, const char *name)
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
 * The archive: checking the file and opening the zip
 * ========================================================================= */

/* Refuse what is not a file, is empty, is larger than max_size (libzip
 * would hold its whole directory in memory) or is an OLE2 file (.xls, or an
 * encrypted .xlsx) before libzip sees it. *zip_magic: it starts like a zip. */
ap_rc xr_sniff_file(const char *path, size_t max_size, bool *zip_magic, ap_error *err)
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
        return xr_not_xlsx(err, path, "%s", TR("filen är tom", "the file is empty"));
    if ((uintmax_t)st.st_size > max_size)
        return ap_error_set(err, AP_E_INPUT,
                            TR("%s: filen är större än %s", "%s: the file is larger than %s"), path,
                            size_text(max_size, size));
    if (n == sizeof m && !memcmp(m, ole2, sizeof m))
        return xr_not_xlsx(err, path, "%s",
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
            rc = xr_not_xlsx(
                err, b->path,
                TR("namnet '%.200s' finns två gånger i zip-arkivet (som '%.200s' och "
                   "'%.200s'); öppna filen i Excel eller LibreOffice och spara den igen",
                   "the name '%.200s' is in the zip archive twice (as '%.200s' and "
                   "'%.200s'); open the file in Excel or LibreOffice and save it again"),
                names[i], names[i - 1], names[i]);
    free(names);
    return rc;
}

ap_rc xr_open_zip(ap_xlsx_book *b, bool zip_magic, ap_error *err)
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
        rc = ap_error_set(
            err, AP_E_IO, TR("kan inte läsa '%s': %s", "unable to read '%s': %s"), b->path,
            zip_error_system_type(&ze) == ZIP_ET_SYS ? ap_errno_text(zip_error_code_system(&ze))
                                                     : zip_error_strerror(&ze));
    else if (code == ZIP_ER_NOZIP && !zip_magic)
        rc = xr_not_xlsx(err, b->path, "%s", TR("inte ett zip-arkiv", "not a zip archive"));
    else
        rc = xr_not_xlsx(err, b->path,
                         TR("skadat eller ofullständigt zip-arkiv (%s)",
                            "damaged or incomplete zip archive (%s)"),
                         zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return rc;
}
