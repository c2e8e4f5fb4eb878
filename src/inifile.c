/*
 * inifile.c - inih behind a reader that sees every line first; see inifile.h.
 *
 * The reader mirrors inih's own classification of a line (comment, section,
 * continuation, key) so that it can refuse exactly the lines inih would
 * mangle, and so that it knows the line number and whether a handler call is
 * a continuation when inih calls back.
 */
#include "inifile.h"
#include "actionplan/i18n.h"
#include "actionplan/util.h"

#include <ini.h>
#include <string.h>

/* inih's buffers for section and key names are 50 bytes (NUL included). */
enum { NAME_MAX_BYTES = 48 };

typedef struct reader_state {
    const char *data;
    size_t len;
    size_t pos;
    const char *filename;
    int line;               /* lines handed to inih so far */
    bool cur_continuation;  /* the line inih is working on continues a key */
    bool have_prev_key;     /* a key was seen in the current section */
    ap_ini_handler on_key;
    ap_ini_section_handler on_section;
    void *user;
    ap_error *err;
    ap_rc rc;               /* the first error; parsing stops there */
} reader_state;

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

/* Record the first error as "file:line: message" and stop the parse. */
static void fail(reader_state *st, const char *msg)
{
    if (st->rc == AP_OK)
        st->rc = ap_error_set(st->err, AP_E_INPUT, "%s:%d: %s", st->filename, st->line, msg);
}

/* True when text[0..n) holds a ';' right after whitespace: inih's inline
 * comment, which would cut the value there without a word. */
static bool has_inline_comment(const char *text, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (text[i] == ';' && is_space(text[i - 1]))
            return true;
    return false;
}

static void refuse_inline_comment(reader_state *st)
{
    fail(st, TR("ett ';' efter ett mellanslag skulle klippa texten här (inih läser resten "
                "som en kommentar); ta bort mellanslaget före ';' eller skriv kommentaren "
                "på en egen rad",
                "a ';' after a space would cut the text here (inih reads the rest as a "
                "comment); remove the space before ';' or put the comment on a line of its own"));
}

/* Check a "[section]" line (start..end, trimmed). */
static void check_section(reader_state *st, const char *start, const char *end)
{
    const char *close = memchr(start, ']', (size_t)(end - start));
    if (!close) {
        fail(st, TR("']' saknas: en sektion skrivs [namn]", "missing ']': a section is written [name]"));
        return;
    }
    for (const char *p = close + 1; p < end; p++)
        if (!is_space(*p)) {
            fail(st, TR("text efter ']': en sektionsrad ska bara innehålla [namn]",
                        "text after ']': a section line holds only [name]"));
            return;
        }
    size_t n = (size_t)(close - start - 1);
    if (memchr(start + 1, ';', n)) {
        fail(st, TR("';' i ett sektionsnamn", "';' in a section name"));
        return;
    }
    if (n > NAME_MAX_BYTES) {
        fail(st, TR("sektionsnamnet är för långt (högst 48 byte)",
                    "the section name is too long (at most 48 bytes)"));
        return;
    }
    char name[NAME_MAX_BYTES + 1];
    memcpy(name, start + 1, n);
    name[n] = '\0';
    ap_trim(name);
    st->have_prev_key = false;
    if (st->on_section) {
        ap_rc rc = st->on_section(st->user, name, st->line, st->err);
        if (rc != AP_OK && st->rc == AP_OK)
            st->rc = rc;
    }
}

/* Check a "key = value" line (start..end, trimmed). */
static void check_key_line(reader_state *st, const char *start, const char *end)
{
    const char *eq = memchr(start, '=', (size_t)(end - start));
    const char *colon = memchr(start, ':', (size_t)(end - start));
    if (colon && (!eq || colon < eq)) {
        fail(st, TR("':' före '=': väntade 'nyckel = värde' (ett nyckelnamn kan inte innehålla ':')",
                    "':' before '=': expected 'key = value' (a key name cannot contain ':')"));
        return;
    }
    if (!eq) {
        fail(st, TR("väntade 'nyckel = värde', '[sektion]' eller en kommentarsrad som börjar med ';'",
                    "expected 'key = value', '[section]' or a comment line starting with ';'"));
        return;
    }
    const char *kend = eq;
    while (kend > start && is_space(kend[-1]))
        kend--;
    if (kend == start) {
        fail(st, TR("nyckelnamn saknas före '='", "missing key name before '='"));
        return;
    }
    if (has_inline_comment(start, (size_t)(eq - start)) ||
        has_inline_comment(eq, (size_t)(end - eq))) {
        refuse_inline_comment(st);
        return;
    }
    if ((size_t)(kend - start) > NAME_MAX_BYTES) {
        fail(st, TR("nyckelnamnet är för långt (högst 48 byte)",
                    "the key name is too long (at most 48 bytes)"));
        return;
    }
    st->have_prev_key = true;
    st->cur_continuation = false;
}

/* Classify the line [b, e) as inih will, refusing what inih would mangle. */
static void check_line(reader_state *st, const char *b, const char *e, int num)
{
    if ((long)(e - b) > (long)num - 2) {
        char msg[512];
        snprintf(msg, sizeof msg,
                 TR("raden är %ld byte lång; högst %d byte per rad läses hela (å, ä och ö tar "
                    "två byte): fortsätt texten på nästa rad, indragen med mellanslag",
                    "the line is %ld bytes long; at most %d bytes per line are read whole "
                    "(å, ä and ö take two bytes): continue the text on the next line, "
                    "indented with spaces"),
                 (long)(e - b), num - 2);
        fail(st, msg);
        return;
    }
    const char *start = b;
    while (start < e && is_space(*start))
        start++;
    const char *end = e;
    while (end > start && is_space(end[-1]))
        end--;
    st->cur_continuation = false;
    if (start == end)
        return; /* blank */
    if (*start == ';' || *start == '#')
        return; /* comment */
    if (st->have_prev_key && start > b) {
        st->cur_continuation = true;
        if (has_inline_comment(start, (size_t)(end - start)))
            refuse_inline_comment(st);
        return;
    }
    if (*start == '[')
        check_section(st, start, end);
    else
        check_key_line(st, start, end);
}

/* The fgets-style reader inih calls: hands over one checked line. */
static char *reader(char *str, int num, void *stream)
{
    reader_state *st = stream;
    if (st->rc != AP_OK || st->pos >= st->len || num < 3)
        return NULL;
    const char *b = st->data + st->pos;
    const char *nl = memchr(b, '\n', st->len - st->pos);
    const char *e = nl ? nl : st->data + st->len;
    st->pos = nl ? (size_t)(nl - st->data) + 1 : st->len;
    if (e > b && e[-1] == '\r')
        e--;
    st->line++;
    check_line(st, b, e, num);
    if (st->rc != AP_OK)
        return NULL;
    size_t n = (size_t)(e - b);
    memcpy(str, b, n);
    str[n] = '\n';
    str[n + 1] = '\0';
    return str;
}

static int on_pair(void *user, const char *section, const char *name, const char *value)
{
    reader_state *st = user;
    if (st->rc != AP_OK)
        return 0;
    ap_rc rc = st->on_key(st->user, section, name, value, st->line, st->cur_continuation,
                          st->err);
    if (rc != AP_OK) {
        st->rc = rc;
        return 0;
    }
    return 1;
}

/* Offset of the first control character other than tab, newline and the
 * CR of a CRLF line end; len when none. */
static size_t control_at(const char *data, size_t len)
{
    size_t i = 0;
    while ((i += ap_text_control_at(data + i, len - i)) < len) {
        if (data[i] != '\r' || i + 1 >= len || data[i + 1] != '\n')
            return i;
        i++;
    }
    return len;
}

/* Refuse NUL bytes, invalid UTF-8 and control characters, naming line and
 * column. */
static ap_rc check_text(const char *data, size_t len, const char *filename, ap_error *err)
{
    size_t bad = len;
    bool valid = ap_utf8_valid(data, len, &bad);
    const char *nul = memchr(data, '\0', len);
    size_t ctrl = valid && !nul ? control_at(data, len) : len;
    if (valid && !nul && ctrl == len)
        return AP_OK;
    size_t at = nul && (size_t)(nul - data) < bad ? (size_t)(nul - data) : bad;
    if (ctrl < len)
        at = ctrl;
    int line = 1, col = 1;
    for (size_t i = 0; i < at; i++) {
        if (data[i] == '\n') {
            line++;
            col = 1;
        } else if (((unsigned char)data[i] & 0xC0) != 0x80) {
            col++;
        }
    }
    if (ctrl < len) {
        char name[32];
        ap_control_name(data + at, name, sizeof name);
        return ap_error_set(err, AP_E_INPUT,
                            TR("%s:%d:%d: tecknet %s är %s", "%s:%d:%d: the character %s is %s"),
                            filename, line, col, name, ap_control_reason());
    }
    if (nul && (size_t)(nul - data) == at)
        return ap_error_set(err, AP_E_INPUT,
                            TR("%s:%d:%d: en NUL-byte: filen är ingen textfil",
                               "%s:%d:%d: a NUL byte: the file is not a text file"),
                            filename, line, col);
    return ap_error_set(err, AP_E_INPUT,
                        TR("%s:%d:%d: ogiltig UTF-8: spara filen som UTF-8",
                           "%s:%d:%d: invalid UTF-8: save the file as UTF-8"),
                        filename, line, col);
}

ap_rc ap_ini_parse(const char *data, size_t len, const char *filename,
                   ap_ini_section_handler on_section, ap_ini_handler on_key, void *user,
                   ap_error *err)
{
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    ap_rc rc = check_text(data, len, filename, err);
    if (rc != AP_OK)
        return rc;
    reader_state st = {.data = data, .len = len, .filename = filename, .on_key = on_key,
                       .on_section = on_section, .user = user, .err = err, .rc = AP_OK};
    int r = ini_parse_stream(reader, &st, on_pair, &st);
    if (st.rc != AP_OK)
        return st.rc;
    if (r == -2)
        return ap_error_set(err, AP_E_NOMEM, "%s: %s", filename, ap_rc_name(AP_E_NOMEM));
    if (r != 0)
        return ap_error_set(err, AP_E_INPUT,
                            TR("%s:%d: kan inte läsa raden", "%s:%d: unable to read the line"),
                            filename, r);
    return AP_OK;
}
