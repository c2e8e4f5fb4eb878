/*
 * xlsx_common.c - the workbook, formats, page set-up, text measuring and
 * the table writer shared by the Excel reports. See xlsx_common.h.
 */
#define _GNU_SOURCE /* memfd_create */
#include "xlsx_common.h"
#include "actionplan/i18n.h"
#include "actionplan/status_style.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Excel refuses longer cell texts. */
#define AP_XLW_MAX_TEXT 32767
/* Each part of a page header or footer is cut to this many characters so
 * that the whole stays within Excel's 255. */
#define AP_XLW_HF_PART 70
/* A text column widens for a long word up to this many units. */
#define AP_XLW_MAX_WORD 24

static const char *const arial = "Arial";
static const lxw_color_t border_grey = 0xBFBFBF;
static const lxw_color_t header_fill = 0xDCE6F1;
static const lxw_color_t note_grey = 0x595959;
static const lxw_color_t warn_red = 0xC00000;
static const lxw_color_t input_fill = 0xF3F6FA;
static const lxw_color_t fixed_fill = 0xF2F2F2;  /* given, locked */
static const lxw_color_t open_heading = 0xFFE699; /* columns to fill in */

/* =========================================================================
 * Errors
 * ========================================================================= */

/* Keep the first failure: its code and a message naming what was written. */
static void fail(ap_xlw *x, ap_rc rc, const char *fmt, const char *a, const char *b)
{
    if (x->rc != AP_OK)
        return;
    x->rc = rc;
    snprintf(x->msg, sizeof x->msg, fmt, a, b ? b : "");
}

/* File and zip errors are about the disk; anything else is our bug. */
static ap_rc rc_of(lxw_error e)
{
    switch (e) {
    case LXW_ERROR_CREATING_XLSX_FILE:
    case LXW_ERROR_CREATING_TMPFILE:
    case LXW_ERROR_READING_TMPFILE:
    case LXW_ERROR_ZIP_FILE_OPERATION:
    case LXW_ERROR_ZIP_FILE_ADD:
    case LXW_ERROR_ZIP_CLOSE:
        return AP_E_IO;
    case LXW_ERROR_MEMORY_MALLOC_FAILED:
        return AP_E_NOMEM;
    default:
        return AP_E_INTERNAL;
    }
}

bool ap_xlw_check(ap_xlw *x, lxw_error e, const char *what)
{
    if (e == LXW_NO_ERROR)
        return true;
    fail(x, rc_of(e), "%s: %s", what, lxw_strerror(e));
    return false;
}

/* "cell C7" for messages. */
static const char *cell_name(lxw_row_t r, lxw_col_t c, char buf[32])
{
    char col[8];
    int n = 0;
    for (unsigned v = (unsigned)c + 1; v > 0 && n < 7; v = (v - 1) / 26)
        col[n++] = (char)('A' + (v - 1) % 26);
    int k = snprintf(buf, 32, "cell "); /* the same word in Swedish */
    while (n > 0 && k < 30)
        buf[k++] = col[--n];
    snprintf(buf + k, (size_t)(32 - k), "%u", (unsigned)r + 1);
    return buf;
}

/* =========================================================================
 * Formats
 * ========================================================================= */

/* A format in the workbook's font; table formats get a grey border. */
static lxw_format *new_format(ap_xlw *x, bool table)
{
    lxw_format *f = workbook_add_format(x->wb);
    format_set_font_name(f, arial);
    format_set_font_size(f, 10);
    if (table) {
        format_set_border(f, LXW_BORDER_THIN);
        format_set_border_color(f, border_grey);
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    }
    return f;
}

static lxw_format *text_format(ap_xlw *x)
{
    lxw_format *f = new_format(x, true);
    format_set_text_wrap(f);
    return f;
}

static lxw_format *number_format(ap_xlw *x, const char *num)
{
    lxw_format *f = new_format(x, true);
    format_set_num_format(f, num);
    return f;
}

static void make_title_formats(ap_xlw *x)
{
    ap_xlw_formats *m = &x->fmt;
    m->title = new_format(x, false);
    format_set_font_size(m->title, 14);
    format_set_bold(m->title);
    m->subtitle = new_format(x, false);
    format_set_font_size(m->subtitle, 11);
    format_set_bold(m->subtitle);
    m->note = new_format(x, false);
    format_set_font_color(m->note, note_grey);
    m->header = text_format(x);
    format_set_bold(m->header);
    format_set_bg_color(m->header, header_fill);
    format_set_bottom(m->header, LXW_BORDER_MEDIUM);
}

static void make_cell_formats(ap_xlw *x)
{
    ap_xlw_formats *m = &x->fmt;
    m->text = text_format(x);
    m->label = new_format(x, true);
    m->bold = text_format(x);
    format_set_bold(m->bold);
    m->warn = text_format(x);
    format_set_italic(m->warn);
    format_set_font_color(m->warn, warn_red);
    m->date = number_format(x, "yyyy-mm-dd");
    format_set_align(m->date, LXW_ALIGN_CENTER);
    m->integer = number_format(x, "#,##0");
    m->decimal = number_format(x, "#,##0.0#");
    m->money = number_format(x, "#,##0");
    m->percent = number_format(x, "0%");
    m->input = text_format(x);
    format_set_bg_color(m->input, input_fill);
    format_set_unlocked(m->input);
    m->input_date = number_format(x, "yyyy-mm-dd");
    format_set_bg_color(m->input_date, input_fill);
    format_set_align(m->input_date, LXW_ALIGN_LEFT);
    format_set_unlocked(m->input_date);
}

/* Formats of protected sheets: grey cells are given, white ones open. */
static void make_form_formats(ap_xlw *x)
{
    ap_xlw_formats *m = &x->fmt;
    m->strong = new_format(x, false);
    format_set_bold(m->strong);
    format_set_align(m->strong, LXW_ALIGN_VERTICAL_TOP);
    m->para = new_format(x, false);
    format_set_text_wrap(m->para);
    format_set_align(m->para, LXW_ALIGN_VERTICAL_TOP);
    m->fixed = text_format(x);
    m->fixed_date = number_format(x, "yyyy-mm-dd");
    m->fixed_integer = number_format(x, "0");
    lxw_format *fixed[] = {m->fixed, m->fixed_date, m->fixed_integer};
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
        format_set_bg_color(fixed[i], fixed_fill);
    m->open = text_format(x);
    m->open_line = new_format(x, true);
    m->open_date = number_format(x, "yyyy-mm-dd");
    m->open_integer = number_format(x, "0");
    lxw_format *open[] = {m->open, m->open_line, m->open_date, m->open_integer};
    for (size_t i = 0; i < sizeof open / sizeof *open; i++)
        format_set_unlocked(open[i]);
    m->header_open = text_format(x);
    format_set_bold(m->header_open);
    format_set_bg_color(m->header_open, open_heading);
    format_set_bottom(m->header_open, LXW_BORDER_MEDIUM);
}

/* Per status: the tint behind the word, the status's text colour, bold. */
static void make_status_formats(ap_xlw *x)
{
    for (int s = 0; s < AP_ST_COUNT; s++) {
        const ap_status_style *st = ap_status_style_of((ap_status)s);
        lxw_format *f = text_format(x);
        format_set_bold(f);
        format_set_bg_color(f, st->tint);
        format_set_font_color(f, st->text ? st->text : LXW_COLOR_BLACK);
        x->fmt.status[s] = f;
    }
}

/* =========================================================================
 * The workbook
 * ========================================================================= */

/* Make Arial 10 the workbook's default ("Normal") font. Column widths are
 * stored in units of the Normal font's digit width: left at Calibri, an
 * office program without Calibri (LibreOffice on most Linux machines)
 * substitutes a wider font and every column comes out a third wider than
 * computed here. The first format of a libxlsxwriter workbook is that
 * default (its public lxw_workbook.formats list; XlsxWriter documents the
 * same as workbook.formats[0]). */
static void set_default_font(ap_xlw *x)
{
    lxw_format *def = STAILQ_FIRST(x->wb->formats);
    if (def) {
        format_set_font_name(def, arial);
        format_set_font_size(def, 10);
    }
}

/* Document properties are written as given: refuse invalid UTF-8 (a
 * corrupt workbook otherwise). */
static void set_properties(ap_xlw *x, const ap_xlw_doc *doc)
{
    const char *texts[] = {doc->title, doc->subject, doc->author, doc->company};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        if (texts[i] && !ap_utf8_valid(texts[i], strlen(texts[i]), NULL)) {
            fail(x, AP_E_INPUT, "%s%s",
                 TR("ogiltig UTF-8 i dokumentegenskaperna", "invalid UTF-8 in the document "
                                                            "properties"),
                 NULL);
            return;
        }
    lxw_doc_properties p = {
        .title = (char *)doc->title,
        .subject = (char *)doc->subject,
        .author = (char *)doc->author,
        .company = (char *)doc->company,
        .created = doc->created == AP_DATE_NONE ? 0 : (time_t)doc->created * 86400,
    };
    ap_xlw_check(x, workbook_set_properties(x->wb, &p),
                  TR("dokumentegenskaper", "document properties"));
}

ap_rc ap_xlw_open(ap_xlw *x, const char *path, const ap_xlw_doc *doc, ap_error *err)
{
    memset(x, 0, sizeof *x);
    const struct lconv *lc = localeconv();
    if (strcmp(lc->decimal_point, ".") != 0)
        return ap_error_set(err, AP_E_INTERNAL,
                            TR("kan inte skriva '%s': decimaltecknet är '%s' (LC_NUMERIC måste "
                               "vara \"C\", annars blir arbetsboken trasig)",
                               "unable to write '%s': the decimal point is '%s' (LC_NUMERIC "
                               "must be \"C\" or the workbook is corrupt)"),
                            path, lc->decimal_point);
    ap_rc rc = ap_atomic_begin(&x->out, path, err);
    if (rc != AP_OK)
        return rc;
    lxw_workbook_options opts = {.constant_memory = doc->in_memory ? LXW_FALSE : LXW_TRUE,
                                 .tmpdir = NULL};
    x->wb = workbook_new_opt(x->out.tmp_path, &opts);
    if (!x->wb) {
        ap_atomic_abort(&x->out);
        return ap_error_set(
            err, AP_E_NOMEM,
            TR("kan inte skapa arbetsboken '%s'", "unable to create the workbook '%s'"), path);
    }
    set_default_font(x);
    set_properties(x, doc);
    make_title_formats(x);
    make_cell_formats(x);
    make_status_formats(x);
    make_form_formats(x);
    return AP_OK;
}

/* Copy what was said on stderr while it was captured, but libxlsxwriter's
 * own lines: anything else (a sanitizer's report) must still be seen. */
static void replay_stderr(int fd)
{
    char buf[4096];
    ssize_t n;
    FILE *f = lseek(fd, 0, SEEK_SET) == 0 ? fdopen(fd, "r") : NULL;
    if (!f) {
        close(fd);
        return;
    }
    while (fgets(buf, sizeof buf, f))
        if (strncmp(buf, "[ERROR]", 7) != 0 && strncmp(buf, "[WARNING]", 9) != 0 &&
            (n = (ssize_t)strlen(buf)) > 0)
            fwrite(buf, 1, (size_t)n, stderr);
    fclose(f);
}

lxw_error ap_xlw_close_quietly(lxw_workbook *wb, int *errnum)
{
    /* stderr is the process's: while the steering pack's workbook closes
     * in its thread, the PDF is written in the other, which prints
     * nothing; the capture is in memory, so a full disk cannot stop it. */
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    int capture = saved >= 0 ? memfd_create("actionplan-stderr", MFD_CLOEXEC) : -1;
    bool redirected = capture >= 0 && dup2(capture, STDERR_FILENO) >= 0;
    errno = 0;
    lxw_error e = workbook_close(wb);
    *errnum = errno;
    if (redirected) {
        dup2(saved, STDERR_FILENO);
        replay_stderr(capture);
    } else if (capture >= 0) {
        close(capture);
    }
    if (saved >= 0)
        close(saved);
    return e;
}

/* In constant-memory mode each sheet's rows went to a temporary file with
 * unchecked writes: a full temporary disk would give a truncated sheet. */
static void check_row_files(ap_xlw *x)
{
    lxw_worksheet *ws;
    LXW_FOREACH_WORKSHEET(ws, x->wb)
    {
        FILE *f = ws->optimize_tmpfile;
        if (f && (fflush(f) != 0 || ferror(f))) {
            fail(x, AP_E_IO, TR("bladet '%s': %s", "sheet '%s': %s"), ws->name,
                 TR("den tillfälliga filen kunde inte skrivas (full disk?)",
                    "the temporary file could not be written (disk full?)"));
            return;
        }
    }
}

ap_rc ap_xlw_write(ap_xlw *x, ap_error *err)
{
    check_row_files(x);
    /* libxlsxwriter cannot drop a workbook unwritten: close it always (it
     * writes the temporary file) and remove that file on failure. */
    int errnum = 0;
    lxw_error e = ap_xlw_close_quietly(x->wb, &errnum);
    x->wb = NULL;
    const char *full = e != LXW_NO_ERROR ? ap_disk_full_reason(x->out.tmp_path, errnum) : NULL;
    if (x->rc == AP_OK && full) {
        x->rc = AP_E_IO;
        snprintf(x->msg, sizeof x->msg, "%s", full);
    }
    if (x->rc == AP_OK)
        ap_xlw_check(x, e, TR("när filen skrevs", "while writing the file"));
    if (x->rc != AP_OK) {
        ap_atomic_abort(&x->out);
        return ap_error_set(err, x->rc, TR("kan inte skriva '%s': %s", "unable to write '%s': %s"),
                            x->out.final_path, x->msg);
    }
    return AP_OK;
}

ap_rc ap_xlw_close(ap_xlw *x, ap_error *err)
{
    ap_rc rc = ap_xlw_write(x, err);
    return rc == AP_OK ? ap_atomic_commit(&x->out, err) : rc;
}

lxw_worksheet *ap_xlw_sheet(ap_xlw *x, const char *name)
{
    lxw_error e = workbook_validate_sheet_name(x->wb, name);
    if (e != LXW_NO_ERROR) {
        fail(x, AP_E_INTERNAL, TR("bladnamnet '%s': %s", "sheet name '%s': %s"), name,
             lxw_strerror(e));
        return NULL;
    }
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (!ws)
        fail(x, AP_E_NOMEM, TR("bladet '%s'%s", "sheet '%s'%s"), name,
             TR(": kunde inte skapas", ": could not be created"));
    return ws;
}

/* =========================================================================
 * Cells
 * ========================================================================= */

void ap_xlw_text(ap_xlw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                  lxw_format *f)
{
    char where[32];
    if (!ws)
        return;
    if (!s || !*s) {
        ap_xlw_check(x, worksheet_write_blank(ws, r, c, f), cell_name(r, c, where));
        return;
    }
    size_t n = strlen(s), bad = 0;
    if (!ap_utf8_valid(s, n, &bad)) {
        fail(x, AP_E_INPUT,
             TR("%s: ogiltig UTF-8 i texten '%.40s'", "%s: invalid UTF-8 in the text '%.40s'"),
             cell_name(r, c, where), s);
        return;
    }
    if (ap_utf8_len(s) <= AP_XLW_MAX_TEXT) {
        ap_xlw_check(x, worksheet_write_string(ws, r, c, s, f), cell_name(r, c, where));
        return;
    }
    /* Too long for Excel: keep what fits and say that it was cut. */
    size_t keep = ap_utf8_prefix(s, AP_XLW_MAX_TEXT - 1);
    char *cut = ap_xmalloc(keep + sizeof "…");
    memcpy(cut, s, keep);
    memcpy(cut + keep, "…", sizeof "…");
    ap_xlw_check(x, worksheet_write_string(ws, r, c, cut, f), cell_name(r, c, where));
    free(cut);
}

void ap_xlw_title(ap_xlw *x, lxw_worksheet *ws, lxw_row_t r, const char *s)
{
    if (ws) /* before the row's cells: constant memory */
        ap_xlw_check(x, worksheet_set_row(ws, r, 21, NULL), TR("radhöjd", "row height"));
    ap_xlw_text(x, ws, r, 0, s, x->fmt.title);
}

void ap_xlw_date(ap_xlw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, ap_date d, lxw_format *f)
{
    char where[32];
    if (!ws)
        return;
    lxw_error e = d == AP_DATE_NONE ? worksheet_write_blank(ws, r, c, f)
                                    : worksheet_write_number(ws, r, c, ap_date_excel_serial(d), f);
    ap_xlw_check(x, e, cell_name(r, c, where));
}

void ap_xlw_number(ap_xlw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v,
                    lxw_format *f)
{
    char where[32];
    if (ws)
        ap_xlw_check(x, worksheet_write_number(ws, r, c, v, f), cell_name(r, c, where));
}

void ap_xlw_status(ap_xlw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, ap_status s)
{
    if ((unsigned)s >= AP_ST_COUNT)
        s = AP_ST_NONE;
    ap_xlw_text(x, ws, r, c, ap_status_label(s), x->fmt.status[s]);
}

void ap_xlw_merged(ap_xlw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c1, lxw_col_t c2,
                   const char *s, lxw_format *f)
{
    char where[32];
    if (!ws)
        return;
    if (s && !ap_utf8_valid(s, strlen(s), NULL)) {
        fail(x, AP_E_INPUT, "%s: %s", cell_name(r, c1, where),
             TR("ogiltig UTF-8 i texten", "invalid UTF-8 in the text"));
        return;
    }
    ap_xlw_check(x, worksheet_merge_range(ws, r, c1, r, c2, s ? s : "", f),
                 cell_name(r, c1, where));
}

void ap_xlw_row_lines(ap_xlw *x, lxw_worksheet *ws, lxw_row_t r, int lines)
{
    if (ws)
        ap_xlw_check(x, worksheet_set_row(ws, r, ap_xlw_row_height(lines), NULL),
                     TR("radhöjd", "row height"));
}

void ap_xlw_column_width(ap_xlw *x, lxw_worksheet *ws, lxw_col_t c, double width)
{
    if (ws)
        ap_xlw_check(x, worksheet_set_column(ws, c, c, width, NULL),
                     TR("kolumnbredd", "column width"));
}

/* =========================================================================
 * Protected sheets and validations
 * ========================================================================= */

void ap_xlw_protect(ap_xlw *x, lxw_worksheet *ws)
{
    (void)x;
    if (!ws)
        return;
    lxw_protection p = {0};
    p.format_columns = 1;
    p.format_rows = 1;
    worksheet_protect(ws, NULL, &p);
}

void ap_xlw_hide(lxw_worksheet *ws)
{
    if (ws)
        worksheet_hide(ws);
}

/* Add v over the range with its prompt and error texts. */
static void validate(ap_xlw *x, lxw_worksheet *ws, ap_xlw_range at, lxw_data_validation *v,
                     const char *title, const char *message, const char *error)
{
    char where[32];
    if (!ws)
        return;
    v->input_title = (char *)title;
    v->input_message = (char *)message;
    v->error_message = (char *)error;
    lxw_error e = at.r1 == at.r2 && at.c1 == at.c2
                      ? worksheet_data_validation_cell(ws, at.r1, at.c1, v)
                      : worksheet_data_validation_range(ws, at.r1, at.c1, at.r2, at.c2, v);
    ap_xlw_check(x, e, cell_name(at.r1, at.c1, where));
}

void ap_xlw_prompt(ap_xlw *x, lxw_worksheet *ws, ap_xlw_range at, const char *title,
                   const char *message)
{
    lxw_data_validation v = {.validate = LXW_VALIDATION_TYPE_ANY};
    validate(x, ws, at, &v, title, message, NULL);
}

void ap_xlw_allow_list(ap_xlw *x, lxw_worksheet *ws, ap_xlw_range at, const char *const *items,
                       const char *title, const char *message, const char *error)
{
    lxw_data_validation v = {.validate = LXW_VALIDATION_TYPE_LIST, .value_list = (char **)items};
    validate(x, ws, at, &v, title, message, error);
}

void ap_xlw_allow_integer(ap_xlw *x, lxw_worksheet *ws, ap_xlw_range at, double min, double max,
                          const char *title, const char *message, const char *error)
{
    lxw_data_validation v = {.validate = LXW_VALIDATION_TYPE_INTEGER,
                             .criteria = max < min
                                             ? LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO
                                             : LXW_VALIDATION_CRITERIA_BETWEEN,
                             .minimum_number = min,
                             .maximum_number = max};
    if (max < min)
        v.value_number = min;
    validate(x, ws, at, &v, title, message, error);
}

void ap_xlw_allow_date(ap_xlw *x, lxw_worksheet *ws, ap_xlw_range at, const char *title,
                       const char *message, const char *error)
{
    lxw_data_validation v = {.validate = LXW_VALIDATION_TYPE_DATE,
                             .criteria = LXW_VALIDATION_CRITERIA_BETWEEN,
                             .minimum_datetime = {2000, 1, 1, 0, 0, 0},
                             .maximum_datetime = {2099, 12, 31, 0, 0, 0}};
    validate(x, ws, at, &v, title, message, error);
}

/* =========================================================================
 * Page set-up
 * ========================================================================= */

/* Append s to b for a header or footer: '&' doubled, cut to AP_XLW_HF_PART
 * characters. */
static void hf_append(ap_buf *b, const char *s)
{
    if (!s)
        return;
    size_t n = ap_utf8_prefix(s, AP_XLW_HF_PART);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '&')
            ap_buf_putc(b, '&');
        ap_buf_putc(b, s[i]);
    }
    if (s[n])
        ap_buf_puts(b, "…");
}

static void set_header_footer(ap_xlw *x, lxw_worksheet *ws, const ap_xlw_page *page)
{
    ap_buf h = {0}, f = {0};
    ap_buf_puts(&h, "&L&9");
    hf_append(&h, page->left);
    ap_buf_puts(&h, "&C&9&A&R&9");
    hf_append(&h, page->right);
    ap_buf_puts(&f, "&L&9");
    hf_append(&f, page->footer);
    ap_buf_puts(&f, TR("&R&9Sida &P av &N", "&R&9Page &P of &N"));
    ap_xlw_check(x, worksheet_set_header(ws, ap_buf_str(&h)), TR("sidhuvud", "page header"));
    ap_xlw_check(x, worksheet_set_footer(ws, ap_buf_str(&f)), TR("sidfot", "page footer"));
    ap_buf_free(&h);
    ap_buf_free(&f);
}

void ap_xlw_page_setup(ap_xlw *x, lxw_worksheet *ws, const ap_xlw_page *page)
{
    if (!ws)
        return;
    worksheet_set_paper(ws, 9); /* A4 */
    if (page->portrait)
        worksheet_set_portrait(ws);
    else
        worksheet_set_landscape(ws);
    worksheet_set_margins(ws, 0.4, 0.4, 0.7, 0.7);
    worksheet_center_horizontally(ws);
    worksheet_fit_to_pages(ws, 1, page->one_page ? 1 : 0);
    if (page->repeat_first >= 0)
        ap_xlw_check(
            x,
            worksheet_repeat_rows(ws, (lxw_row_t)page->repeat_first, (lxw_row_t)page->repeat_last),
            TR("rubrikrader för utskrift", "print title rows"));
    set_header_footer(x, ws, page);
}

/* =========================================================================
 * Measuring text: Arial advance widths in 1/1000 em
 * ========================================================================= */

/* ASCII 32..126 */
static const unsigned short arial_ascii[95] = {
    278,  278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
    278, /*  !"#$%&'()*+,-./ */
    556,  556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584,
    556, /* 0-9:;<=>? */
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722,
    778, /* @A-O */
    667,  778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
    556, /* P-Z[\]^_ */
    333,  556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556,
    556,                                                                         /* `a-o */
    556,  556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584}; /* p-z{|}~ */

/* One code point's advance; Latin letters with accents as their base
 * letter, anything else as a typical letter. */
static unsigned glyph_width(uint32_t cp)
{
    if (cp >= 32 && cp < 127)
        return arial_ascii[cp - 32];
    if (cp == 0xC5 || cp == 0xC4 || (cp >= 0xC0 && cp <= 0xC3))
        return 667; /* Å Ä */
    if (cp == 0xD6 || (cp >= 0xD2 && cp <= 0xD5) || cp == 0xD8)
        return 778; /* Ö */
    if (cp == 0xC9 || cp == 0xC8 || cp == 0xDC)
        return 722;
    if (cp == 0x2026 || cp == 0x2014)
        return 1000; /* … — */
    return 556;
}

/* Pixels at 10 pt on a 96 dpi screen; bold Arial is about 7% wider. */
static double run_px(const char *s, size_t n, bool bold)
{
    unsigned long sum = 0;
    const char *p = s, *end = s + n;
    while (p < end && *p) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x80) { /* most text: no decoding */
            sum += c >= 32 && c < 127 ? arial_ascii[c - 32] : 556;
            p++;
        } else {
            sum += glyph_width(ap_utf8_next(&p));
        }
    }
    return sum * (10.0 * 96 / 72) / 1000.0 * (bold ? 1.07 : 1.0);
}

/* Excel's column width unit: 7 pixels of the default font plus 5 of
 * padding; keep 6 more for the cell's own margins and rounding. */
static double px_to_width(double px)
{
    return (px + 6) / 7.0;
}

static double width_to_px(double w)
{
    return w * 7.0 + 5 - 6;
}

double ap_xlw_text_width(const char *s, bool bold)
{
    double widest = 0;
    while (s && *s) {
        size_t n = strcspn(s, "\n");
        double px = run_px(s, n, bold);
        if (px > widest)
            widest = px;
        s += n + (s[n] == '\n');
    }
    return px_to_width(widest) + 0.5;
}

/* Lines one paragraph takes when wrapped greedily at spaces; a word wider
 * than the line is broken, as Excel does. */
static int paragraph_lines(const char *s, size_t n, double avail, bool bold)
{
    double space = run_px(" ", 1, bold), line = 0;
    int lines = 1;
    for (size_t i = 0; i < n;) {
        size_t w = i;
        while (w < n && s[w] != ' ')
            w++;
        double word = run_px(s + i, w - i, bold);
        double need = line > 0 ? line + space + word : word;
        if (need <= avail) {
            line = need;
        } else if (line > 0 && word <= avail) {
            lines++;
            line = word;
        } else {
            int extra = (int)(need / avail);
            lines += extra;
            line = need - extra * avail;
        }
        i = w + 1;
    }
    return lines;
}

int ap_xlw_text_lines(const char *s, double width, bool bold)
{
    /* 3% spare: hinted glyphs on a screen may come out a little wider. */
    double avail = width_to_px(width) / 1.03;
    int lines = 0;
    if (!s || !*s)
        return 1;
    if (avail < 8)
        avail = 8;
    for (;;) {
        size_t n = strcspn(s, "\n");
        lines += paragraph_lines(s, n, avail, bold);
        if (!s[n])
            return lines;
        s += n + 1;
    }
}

double ap_xlw_row_height(int lines)
{
    /* Arial 10 takes 12.75 pt a line; a single line keeps Excel's 15. */
    double h = lines * 12.75 + 3;
    return h < 15 ? 15 : h;
}

/* =========================================================================
 * Tables
 * ========================================================================= */

/* Default width limits per kind, in column units. */
static void kind_limits(const ap_xlw_column *c, double *lo, double *hi)
{
    static const double defaults[][2] = {
        [AP_XCOL_TEXT] = {6, 50},    [AP_XCOL_LABEL] = {6, 30},   [AP_XCOL_DATE] = {10.5, 12},
        [AP_XCOL_INTEGER] = {5, 14}, [AP_XCOL_DECIMAL] = {6, 16}, [AP_XCOL_MONEY] = {8, 16},
        [AP_XCOL_PERCENT] = {6, 10}, [AP_XCOL_STATUS] = {9, 12},
    };
    *lo = c->min_width > 0 ? c->min_width : defaults[c->kind][0];
    *hi = c->max_width > 0 ? c->max_width : defaults[c->kind][1];
}

static lxw_format *kind_format(const ap_xlw *x, ap_xlw_kind k)
{
    switch (k) {
    case AP_XCOL_DATE:
        return x->fmt.date;
    case AP_XCOL_INTEGER:
        return x->fmt.integer;
    case AP_XCOL_DECIMAL:
        return x->fmt.decimal;
    case AP_XCOL_MONEY:
        return x->fmt.money;
    case AP_XCOL_PERCENT:
        return x->fmt.percent;
    case AP_XCOL_LABEL:
        return x->fmt.label;
    default:
        return x->fmt.text;
    }
}

/* What a kept cell is (ap_xlw_cell.type). */
enum { CELL_NONE, CELL_BLANK, CELL_TEXT, CELL_DATE, CELL_NUMBER };

void ap_xlw_table_begin(ap_xlw_table *t, ap_xlw *x, lxw_worksheet *ws, lxw_row_t header_row,
                         const ap_xlw_column *cols, int ncols)
{
    memset(t, 0, sizeof *t);
    t->x = x;
    t->ws = ws;
    t->cols = cols;
    t->ncols = ncols;
    t->header_row = t->row = header_row;
    t->col = ncols;
    t->natural = ap_xcalloc((size_t)ncols, sizeof *t->natural);
    t->word = ap_xcalloc((size_t)ncols, sizeof *t->word);
    t->widths = ap_xcalloc((size_t)ncols, sizeof *t->widths);
    t->heading_fmt = ap_xcalloc((size_t)ncols, sizeof *t->heading_fmt);
    t->cells = ap_xcalloc((size_t)ncols, sizeof *t->cells);
    t->autofilter = t->freeze = true;
    t->min_lines = 1;
}

void ap_xlw_table_heading_format(ap_xlw_table *t, int col, lxw_format *f)
{
    if (col >= 0 && col < t->ncols)
        t->heading_fmt[col] = f;
}

/* The widest word of s: text wraps between words, and a column narrower
 * than a word breaks it in the middle ("Näringslivsutveckl|are"). */
static double longest_word(const char *s, bool bold)
{
    double widest = 0;
    while (s && *s) {
        size_t n = strcspn(s, " \n");
        double w = px_to_width(run_px(s, n, bold)) + 0.5;
        if (w > widest)
            widest = w;
        s += n + (s[n] != '\0');
    }
    return widest;
}

/* After measuring: each column's width from its widest content, within
 * its limits. */
static void set_widths(ap_xlw_table *t)
{
    for (int c = 0; c < t->ncols; c++) {
        double lo, hi, w = t->natural[c];
        kind_limits(&t->cols[c], &lo, &hi);
        double head = longest_word(t->cols[c].heading, true);
        ap_xlw_kind k = t->cols[c].kind;
        bool wraps = k == AP_XCOL_TEXT || k == AP_XCOL_LABEL || k == AP_XCOL_STATUS;
        /* Never break a heading's word, nor show a number or date as ####. */
        if (head > hi)
            hi = head;
        if (!wraps && t->natural[c] > hi)
            hi = t->natural[c];
        /* Long compound words widen a text column, within reason. */
        double word = t->word[c] < AP_XLW_MAX_WORD ? t->word[c] : AP_XLW_MAX_WORD;
        if (word > hi)
            hi = word;
        if (head > w)
            w = head;
        w = w < lo ? lo : w > hi ? hi : w;
        if (w < word)
            w = word;
        t->widths[c] = ceil(w * 2) / 2;
        t->width_px += t->widths[c] * 7 + 5;
        if (t->ws)
            ap_xlw_check(t->x,
                          worksheet_set_column(t->ws, (lxw_col_t)c, (lxw_col_t)c, t->widths[c],
                                               NULL),
                          TR("kolumnbredd", "column width"));
    }
}

/* A row's height when its tallest cell has lines lines; single lines keep
 * the default. Before the row's cells (constant-memory mode). */
static void set_height(ap_xlw_table *t, lxw_row_t r, int lines)
{
    if (lines > 1 && t->ws)
        ap_xlw_check(t->x, worksheet_set_row(t->ws, r, ap_xlw_row_height(lines), NULL),
                      TR("radhöjd", "row height"));
}

/* The heading row, as tall as its most wrapped heading. */
static void write_heading(ap_xlw_table *t)
{
    int lines = 1;
    for (int c = 0; c < t->ncols; c++) {
        const char *s = t->cols[c].heading;
        int n = s ? ap_xlw_text_lines(s, t->widths[c], true) : 1;
        if (n > lines)
            lines = n;
    }
    set_height(t, t->header_row, lines);
    for (int c = 0; c < t->ncols; c++)
        ap_xlw_text(t->x, t->ws, t->header_row, (lxw_col_t)c, t->cols[c].heading,
                     t->heading_fmt[c] ? t->heading_fmt[c] : t->x->fmt.header);
}

/* Write the current row: its height, then its cells. */
static void flush_row(ap_xlw_table *t)
{
    if (!t->pending)
        return;
    t->pending = false;
    set_height(t, t->row, t->lines);
    for (int c = 0; c < t->ncols; c++) {
        const ap_xlw_cell *k = &t->cells[c];
        lxw_col_t col = (lxw_col_t)c;
        switch (k->type) {
        case CELL_BLANK:
            ap_xlw_text(t->x, t->ws, t->row, col, NULL, k->fmt);
            break;
        case CELL_TEXT:
            ap_xlw_text(t->x, t->ws, t->row, col, t->rowtext.p + k->text, k->fmt);
            break;
        case CELL_DATE:
            ap_xlw_date(t->x, t->ws, t->row, col, k->date, k->fmt);
            break;
        case CELL_NUMBER:
            ap_xlw_number(t->x, t->ws, t->row, col, k->value, k->fmt);
            break;
        default:
            break;
        }
    }
}

bool ap_xlw_table_pass(ap_xlw_table *t)
{
    if (t->pass < 2) {
        t->nrows = 0;
        t->row = t->header_row;
        t->col = t->ncols;
    }
    switch (t->pass) {
    case 0:
        t->pass = 1;
        return true;
    case 1:
        t->pass = 2;
        set_widths(t);
        write_heading(t);
        return true;
    default:
        flush_row(t);
        t->pass = 3;
        return false;
    }
}

void ap_xlw_table_row(ap_xlw_table *t)
{
    if (t->pass != 1 && t->pass != 2) {
        fail(t->x, AP_E_INTERNAL, "%s%s",
             TR("en tabellrad utanför ap_xlw_table_pass", "a table row outside ap_xlw_table_pass"),
             NULL);
        return;
    }
    if (t->pass == 2) {
        flush_row(t);
        memset(t->cells, 0, (size_t)t->ncols * sizeof *t->cells);
        ap_buf_reset(&t->rowtext);
        t->lines = t->min_lines;
        t->pending = true;
    }
    t->nrows++;
    t->row++;
    t->col = 0;
}

/* Claim the next cell of the row; false (and nothing written) past the end. */
static bool next_cell(ap_xlw_table *t, lxw_col_t *c)
{
    if (t->nrows == 0 || t->col >= t->ncols) {
        fail(t->x, AP_E_INTERNAL, "%s%s",
             TR("tabellen har fler celler än kolumner", "the table has more cells than columns"),
             NULL);
        return false;
    }
    *c = (lxw_col_t)t->col++;
    return true;
}

/* Measuring pass: a cell's width, and for wrapping text its widest word.
 * Writing pass: the lines its text takes, for the row's height (numbers
 * and dates never wrap). shown is the text as the cell shows it. */
static void measure(ap_xlw_table *t, lxw_col_t c, const char *shown, bool bold)
{
    if (!shown || !*shown)
        return;
    ap_xlw_kind k = t->cols[c].kind;
    bool wraps = k == AP_XCOL_TEXT || k == AP_XCOL_STATUS;
    if (t->pass == 2) {
        int n = wraps ? ap_xlw_text_lines(shown, t->widths[c], bold) : 1;
        if (n > t->lines)
            t->lines = n;
        return;
    }
    double w = ap_xlw_text_width(shown, bold);
    if (w > t->natural[c])
        t->natural[c] = w;
    if (!wraps)
        return;
    double word = longest_word(shown, bold);
    if (word > t->word[c])
        t->word[c] = word;
}

/* Keep a cell of the row being written (nothing while measuring). */
static ap_xlw_cell *keep(ap_xlw_table *t, lxw_col_t c, int type, lxw_format *f)
{
    if (t->pass != 2)
        return NULL;
    ap_xlw_cell *k = &t->cells[c];
    k->type = type;
    k->fmt = f;
    return k;
}

static void keep_text(ap_xlw_table *t, lxw_col_t c, const char *s, lxw_format *f)
{
    ap_xlw_cell *k = keep(t, c, s && *s ? CELL_TEXT : CELL_BLANK, f);
    if (k && k->type == CELL_TEXT) {
        k->text = t->rowtext.len;
        ap_buf_append(&t->rowtext, s, strlen(s) + 1); /* with its NUL */
    }
}

void ap_xlw_cell_text_fmt(ap_xlw_table *t, const char *s, lxw_format *f, bool bold)
{
    lxw_col_t c;
    if (!next_cell(t, &c))
        return;
    keep_text(t, c, s, f ? f : kind_format(t->x, t->cols[c].kind));
    measure(t, c, s, bold);
}

void ap_xlw_cell_text(ap_xlw_table *t, const char *s)
{
    ap_xlw_cell_text_fmt(t, s, NULL, false);
}

void ap_xlw_cell_date(ap_xlw_table *t, ap_date d)
{
    ap_xlw_cell_date_fmt(t, d, NULL);
}

void ap_xlw_cell_date_fmt(ap_xlw_table *t, ap_date d, lxw_format *f)
{
    lxw_col_t c;
    char buf[11];
    if (!next_cell(t, &c))
        return;
    ap_xlw_cell *k = keep(t, c, CELL_DATE, f ? f : t->x->fmt.date);
    if (k)
        k->date = d;
    if (d != AP_DATE_NONE)
        measure(t, c, ap_date_format(d, buf), false);
}

/* The text a number shows as, for measuring only. */
static void number_text(ap_xlw_kind k, double v, char *buf, size_t n)
{
    if (k == AP_XCOL_PERCENT)
        snprintf(buf, n, "%.0f%%", v * 100);
    else if (k == AP_XCOL_DECIMAL && v != floor(v))
        snprintf(buf, n, "%.2f", v);
    else if (fabs(v) < 9e17)
        ap_format_grouped((long long)llround(v), " ", buf, n);
    else
        snprintf(buf, n, "%g", v);
}

void ap_xlw_cell_number(ap_xlw_table *t, double v)
{
    ap_xlw_cell_number_fmt(t, v, NULL);
}

void ap_xlw_cell_number_fmt(ap_xlw_table *t, double v, lxw_format *fmt)
{
    lxw_col_t c;
    char buf[64];
    if (!next_cell(t, &c))
        return;
    ap_xlw_kind k = t->cols[c].kind;
    lxw_format *f = kind_format(t->x, k);
    if (k == AP_XCOL_DECIMAL && v == floor(v))
        f = t->x->fmt.integer;
    if (fmt)
        f = fmt;
    ap_xlw_cell *kept = keep(t, c, CELL_NUMBER, f);
    if (kept)
        kept->value = v;
    number_text(k, v, buf, sizeof buf);
    measure(t, c, buf, false);
}

void ap_xlw_cell_status(ap_xlw_table *t, ap_status s)
{
    lxw_col_t c;
    if (!next_cell(t, &c))
        return;
    if ((unsigned)s >= AP_ST_COUNT)
        s = AP_ST_NONE;
    keep_text(t, c, ap_status_label(s), t->x->fmt.status[s]);
    measure(t, c, ap_status_label(s), true);
}

void ap_xlw_cell_blank(ap_xlw_table *t)
{
    ap_xlw_cell_blank_fmt(t, NULL);
}

void ap_xlw_cell_blank_fmt(ap_xlw_table *t, lxw_format *f)
{
    lxw_col_t c;
    if (next_cell(t, &c))
        keep(t, c, CELL_BLANK, f ? f : kind_format(t->x, t->cols[c].kind));
}

void ap_xlw_table_end(ap_xlw_table *t)
{
    if (t->pass != 3)
        fail(t->x, AP_E_INTERNAL, "%s%s",
             TR("tabellen skrevs inte färdigt", "the table was not written to its end"), NULL);
    if (t->ws && t->pass == 3) {
        if (t->freeze)
            worksheet_freeze_panes(t->ws, t->header_row + 1, (lxw_col_t)t->freeze_cols);
        if (t->autofilter)
            ap_xlw_check(t->x,
                          worksheet_autofilter(t->ws, t->header_row, 0, ap_xlw_table_last_row(t),
                                               (lxw_col_t)(t->ncols - 1)),
                          TR("autofilter", "autofilter"));
    }
    free(t->natural);
    free(t->word);
    free(t->widths);
    free(t->heading_fmt);
    free(t->cells);
    ap_buf_free(&t->rowtext);
    t->natural = t->word = t->widths = NULL;
    t->heading_fmt = NULL;
    t->cells = NULL;
}

lxw_row_t ap_xlw_table_last_row(const ap_xlw_table *t)
{
    return t->header_row + (lxw_row_t)t->nrows;
}
