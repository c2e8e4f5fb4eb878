/*
 * forms_import.c - reading filled-in update forms back; see forms.h.
 *
 * A file is read in three steps and recorded in a fourth, each of which
 * can refuse the whole file: the hidden id sheet says which form this is
 * and the database must know it (same plan, same date, same activities);
 * the signing cells give who reports and when; every activity row is
 * checked (its code unchanged, its values well-formed); then every row
 * with news is recorded through the recorder in one transaction, after
 * checking that no update the form did not show has come in since.
 */
#include "actionplan/forms.h"
#include "actionplan/i18n.h"
#include "actionplan/limits.h"
#include "actionplan/record.h"
#include "actionplan/snapshot.h"
#include "store_rows.h"
#include "xlsx_reader.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One form being read: the workbook, the database's record of it, and the
 * entries made from its rows (parallel to out->rows). */
typedef struct form_reader {
    ap_store *s;
    const char *path;
    ap_xlsx_book *book;
    ap_xlsx_sheet *id, *info, *rows;
    const char *info_name, *rows_name, *id_name;
    ap_form_rec rec;
    int64_t plan_id;
    ap_form_import *out;
    ap_entry *entries;
    uint32_t *date_rows; /* per entry: 0-based row of the cell its date came from */
    bool *date_own;      /* per entry: the date came from the row (else the info sheet) */
    ap_date report_date; /* the info sheet's date (or the form's as-of date) */
    const char *assessment; /* a focus form's "Bedömning" cell, NULL when blank */
    bool skip_conflicts; /* record the rows that can be, list the others */
    ap_error *err;
} form_reader;

/* =========================================================================
 * Messages that say where: file, sheet, row, column
 * ========================================================================= */

/* "form.xlsx: blad 'Aktiviteter', rad 7, kolumn J (Ny status): <what>".
 * row and col are 0-based; label may be NULL. */
static ap_rc cell_error(const form_reader *fr, ap_rc code, const char *sheet, uint32_t row,
                        uint32_t col, const char *label, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
static ap_rc cell_error(const form_reader *fr, ap_rc code, const char *sheet, uint32_t row,
                        uint32_t col, const char *label, const char *fmt, ...)
{
    char what[1500], name[AP_XLSX_CELL_NAME_SIZE], letters[AP_XLSX_CELL_NAME_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    ap_xlsx_cell_name(0, col, name);
    size_t n = strcspn(name, "0123456789");
    snprintf(letters, sizeof letters, "%.*s", (int)n, name);
    if (label)
        return ap_error_set(fr->err, code,
                            TR("%s: blad '%s', rad %u, kolumn %s (%s): %s",
                               "%s: sheet '%s', row %u, column %s (%s): %s"),
                            fr->path, sheet, row + 1, letters, label, what);
    return ap_error_set(
        fr->err, code,
        TR("%s: blad '%s', rad %u, kolumn %s: %s", "%s: sheet '%s', row %u, column %s: %s"),
        fr->path, sheet, row + 1, letters, what);
}

/* An error in a column of the activities sheet. */
#define ROW_ERROR(fr, row, col, ...)                                                               \
    cell_error((fr), AP_E_INPUT, (fr)->rows_name, (row), (col),                                    \
               ap_form_column_label((ap_form_col)(col)), __VA_ARGS__)

/* "form.xlsx: <what>" */
static ap_rc file_error(const form_reader *fr, ap_rc code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static ap_rc file_error(const form_reader *fr, ap_rc code, const char *fmt, ...)
{
    char what[1800];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return ap_error_set(fr->err, code, "%s: %s", fr->path, what);
}

/* =========================================================================
 * Cell values as people type them
 * ========================================================================= */

/* Trim ASCII white space and no-break spaces (Excel users type both). */
static char *trim_text(char *s)
{
    ap_trim(s);
    while (strncmp(s, "\xc2\xa0", 2) == 0)
        memmove(s, s + 2, strlen(s + 2) + 1);
    size_t n = strlen(s);
    while (n >= 2 && strcmp(s + n - 2, "\xc2\xa0") == 0)
        s[n -= 2] = '\0';
    return ap_trim(s);
}

/* True when a cell holds nothing but white space (no-break spaces too). */
static bool blank_value(const ap_xlsx_value *v)
{
    if (v->type == AP_XLSX_EMPTY)
        return true;
    for (const char *p = v->text; *p; p++) {
        if (strncmp(p, "\xc2\xa0", 2) == 0)
            p++;
        else if (!strchr(" \t\r\n\v\f", *p))
            return false;
    }
    return true;
}

/* A cell's text trimmed, in the arena; NULL when blank. A date is written
 * YYYY-MM-DD, not as its serial number. */
static const char *cell_string(form_reader *fr, const ap_xlsx_sheet *sheet, const ap_xlsx_value *v)
{
    if (blank_value(v))
        return NULL;
    ap_date d;
    char buf[11];
    if (v->type == AP_XLSX_DATE && ap_xlsx_value_date(sheet, v, &d))
        return ap_arena_strdup(&fr->out->arena, ap_date_format(d, buf));
    return trim_text(ap_arena_strdup(&fr->out->arena, v->text));
}

/* Progress as a whole per cent. Whole numbers 0-100 are per cent; a
 * fraction between 0 and 1 is a share (Excel stores "60 %" as 0.6); text
 * may carry a '%' sign ("60 %", "60%"). A number in a cell formatted as
 * per cent is a share whatever its value: "100 %" typed is stored as 1. */
static bool progress_value(double x, bool percent_sign, int *out)
{
    if (!(x >= 0 && x <= 100))
        return false;
    if (!percent_sign && x > 0 && x < 1)
        x = x * 100 + 0.5;
    else if (x != (double)(long long)x)
        return false;
    *out = (int)x;
    return true;
}

/* A share from a per-cent cell (1 is 100 %); 0.35 * 100 is not exactly
 * 35 in binary, so a whole per cent within a millionth counts as whole. */
static bool progress_share(double share, int *out)
{
    double x = share * 100, whole = (double)(long long)(x + 0.5);
    if (x - whole > 1e-6 || whole - x > 1e-6)
        return false;
    return progress_value(whole, true, out);
}

/* Text "60", "60 %", "0,6" into a progress; false when it is none. */
static bool progress_text(const char *t, int *out)
{
    char buf[64];
    size_t j = 0;
    bool percent = false;
    for (const char *p = t; *p; p++) {
        if (*p == '%')
            percent = true;
        else if (*p != ' ' && j + 1 < sizeof buf)
            buf[j++] = *p;
        else if (*p != ' ')
            return false;
    }
    buf[j] = '\0';
    double x;
    return j > 0 && ap_parse_number(buf, &x) && progress_value(x, percent, out);
}

static ap_rc parse_progress(form_reader *fr, uint32_t r, int *progress)
{
    ap_xlsx_value v = ap_xlsx_cell(fr->rows, r, AP_FC_PROGRESS);
    const char *t = cell_string(fr, fr->rows, &v);
    *progress = -1;
    if (!t)
        return AP_OK;
    bool ok = v.type == AP_XLSX_NUMBER && v.percent_style
                  ? progress_share(v.number, progress)
              : v.type == AP_XLSX_NUMBER ? progress_value(v.number, false, progress)
              : v.type == AP_XLSX_STRING ? progress_text(t, progress)
                                         : false;
    if (!ok)
        return ROW_ERROR(
            fr, r, AP_FC_PROGRESS,
            TR("ogiltigt framsteg '%s' (väntade ett heltal 0–100, t.ex. 60 eller 60 %%)",
               "invalid progress '%s' (expected a whole number 0–100, e.g. 60 or 60 %%)"),
            t);
    return AP_OK;
}

static ap_rc parse_status(form_reader *fr, uint32_t r, bool *given, ap_color *color)
{
    ap_xlsx_value v = ap_xlsx_cell(fr->rows, r, AP_FC_STATUS);
    const char *t = cell_string(fr, fr->rows, &v);
    *given = t != NULL;
    if (t && (v.type != AP_XLSX_STRING || !ap_color_parse(t, color)))
        return ROW_ERROR(fr, r, AP_FC_STATUS,
                         TR("ogiltig status '%s' (väntade Grön, Gul eller Röd)",
                            "invalid status '%s' (expected Green, Yellow or Red)"),
                         t);
    return AP_OK;
}

/* A new state: the word as the list offers it (Genomförd, Pausad, ...),
 * in either language and any case. Whether the activity may go there is
 * the recorder's to say. */
static ap_rc parse_state(form_reader *fr, uint32_t r, bool *given, ap_state *state)
{
    ap_xlsx_value v = ap_xlsx_cell(fr->rows, r, AP_FC_STATE);
    const char *t = cell_string(fr, fr->rows, &v);
    *given = t != NULL;
    if (t && (v.type != AP_XLSX_STRING || !ap_state_parse(t, state)))
        return ROW_ERROR(fr, r, AP_FC_STATE,
                         TR("okänt läge '%s' (väntade Genomförd, Pausad, Avbruten, Pågående "
                            "eller Beslutad)",
                            "unknown state '%s' (expected Completed, Paused, Cancelled, Ongoing "
                            "or Decided)"),
                         t);
    return AP_OK;
}

/* Cost in whole kronor since the last report: a number, or text such as
 * "3 500 kr". */
static ap_rc parse_cost(form_reader *fr, uint32_t r, long long *cost)
{
    ap_xlsx_value v = ap_xlsx_cell(fr->rows, r, AP_FC_COST);
    const char *t = cell_string(fr, fr->rows, &v);
    *cost = -1;
    if (!t)
        return AP_OK;
    bool ok = false;
    if (v.type == AP_XLSX_NUMBER) {
        ok = v.number >= 0 && v.number <= 1e12 && v.number == (double)(long long)v.number;
        *cost = ok ? (long long)v.number : -1;
    } else if (v.type == AP_XLSX_STRING) {
        ok = ap_parse_amount(t, 1000000000000LL, cost);
    }
    if (!ok)
        return ROW_ERROR(fr, r, AP_FC_COST,
                         TR("ogiltig kostnad '%s' (väntade hela kronor, t.ex. 3500)",
                            "invalid cost '%s' (expected whole SEK, e.g. 3500)"),
                         t);
    return AP_OK;
}

/* A date cell: a real date, or text YYYY-MM-DD. *given false when blank. */
static ap_rc parse_date(form_reader *fr, const ap_xlsx_sheet *sheet, const char *sheet_name,
                        uint32_t r, uint32_t c, const char *label, bool *given, ap_date *out)
{
    ap_xlsx_value v = ap_xlsx_cell(sheet, r, c);
    *given = !blank_value(&v);
    if (!*given)
        return AP_OK;
    bool dated = v.type == AP_XLSX_DATE || (v.type == AP_XLSX_NUMBER && v.date_style);
    if (dated && ap_xlsx_value_date(sheet, &v, out))
        return AP_OK;
    const char *t = cell_string(fr, sheet, &v);
    if (v.type == AP_XLSX_STRING && ap_date_parse(t, out))
        return AP_OK;
    return cell_error(fr, AP_E_INPUT, sheet_name, r, c, label,
                      TR("ogiltigt datum '%s' (väntade ÅÅÅÅ-MM-DD, ett datum som finns)",
                         "invalid date '%s' (expected YYYY-MM-DD, a date that exists)"),
                      t);
}

/* Comment, cause or action: any text; a formula error is refused. */
static ap_rc parse_text(form_reader *fr, uint32_t r, ap_form_col c, const char **out)
{
    ap_xlsx_value v = ap_xlsx_cell(fr->rows, r, c);
    *out = cell_string(fr, fr->rows, &v);
    if (v.type == AP_XLSX_ERROR)
        return ROW_ERROR(
            fr, r, c, TR("felvärdet '%s' (väntade text)", "the error value '%s' (expected text)"),
            v.text);
    size_t n = *out ? strlen(*out) : 0, at = *out ? ap_text_control_at(*out, n) : 0;
    size_t chars = n > AP_TEXT_MAX ? ap_utf8_len(*out) : 0;
    if (chars > AP_TEXT_MAX)
        return ROW_ERROR(fr, r, c,
                         TR("texten är %zu tecken lång (högst %d)",
                            "the text is %zu characters long (at most %d)"),
                         chars, AP_TEXT_MAX);
    if (at < n) {
        /* Excel's _x001B_ escapes decode to control characters */
        char name[32];
        ap_control_name(*out + at, name, sizeof name);
        return ROW_ERROR(fr, r, c, TR("tecknet %s är %s", "the character %s is %s"), name,
                         ap_control_reason());
    }
    return AP_OK;
}

/* =========================================================================
 * Step 1: which form this is
 * ========================================================================= */

/* Find and load a sheet by its Swedish or English name. */
static ap_rc load_sheet(form_reader *fr, const char *sv, const char *en, ap_xlsx_sheet **out,
                        const char **name)
{
    long i = ap_xlsx_sheet_index(fr->book, sv);
    if (i < 0)
        i = ap_xlsx_sheet_index(fr->book, en);
    if (i < 0)
        return file_error(fr, AP_E_INPUT,
                          TR("ingen uppdateringsblankett från actionplan: bladet '%s' saknas",
                             "not an update form of actionplan: the sheet '%s' is missing"),
                          TR(sv, en));
    *name = ap_xlsx_sheet_name(fr->book, (size_t)i);
    return ap_xlsx_load_sheet(fr->book, (size_t)i, out, fr->err);
}

/* The value in B of the id sheet's line whose A is key; NULL when none. */
static const char *id_value(form_reader *fr, const char *key)
{
    for (uint32_t r = 0; r < ap_xlsx_sheet_rows(fr->id) && r < 64; r++) {
        ap_xlsx_value k = ap_xlsx_cell(fr->id, r, 0);
        if (k.type == AP_XLSX_STRING && strcmp(k.text, key) == 0) {
            ap_xlsx_value v = ap_xlsx_cell(fr->id, r, 1);
            return cell_string(fr, fr->id, &v);
        }
    }
    return NULL;
}

/* The marker and the layout version in A1 and B1. */
static ap_rc check_marker(form_reader *fr)
{
    ap_xlsx_value a1 = ap_xlsx_cell(fr->id, 0, 0), b1 = ap_xlsx_cell(fr->id, 0, 1);
    long long version = 0;
    if (a1.type != AP_XLSX_STRING || strcmp(a1.text, AP_FORM_MARKER) != 0 ||
        !ap_parse_int(b1.text, 1, 1000000, &version))
        return file_error(
            fr, AP_E_INPUT,
            TR("ingen uppdateringsblankett från actionplan: bladet '%s' saknar "
               "blankettens id",
               "not an update form of actionplan: the sheet '%s' lacks the form's id"),
            fr->id_name);
    if (version > AP_FORM_VERSION) /* version 1 forms lack only the newer columns */
        return file_error(fr, AP_E_INPUT,
                          TR("blanketten är gjord av en nyare version av actionplan (format %lld; "
                             "detta program läser format %d): uppdatera programmet",
                             "the form was made by a newer version of actionplan (format %lld; "
                             "this program reads format %d): upgrade the program"),
                          version, AP_FORM_VERSION);
    return AP_OK;
}

/* A form this database did not make: another plan, or another database. */
static ap_rc unknown_form(form_reader *fr, const char *plan, const char *key, const char *as_of)
{
    int64_t id;
    ap_error ignored;
    if (ap_store_plan_resolve(fr->s, plan, &id, &ignored) != AP_OK)
        return file_error(fr, AP_E_NOTFOUND,
                          TR("blanketten gäller planen '%s', som inte finns i databasen '%s'",
                             "the form is for the plan '%s', which the database '%s' does not "
                             "hold"),
                          plan, ap_store_path(fr->s));
    return file_error(fr, AP_E_NOTFOUND,
                      TR("blanketten %s (planen '%s', per %s) är inte gjord från databasen '%s'; "
                         "skriv ut en ny blankett med 'actionplan forms export'",
                         "the form %s (plan '%s', as of %s) was not made from the database '%s'; "
                         "make a new one with 'actionplan forms export'"),
                      key, plan, as_of ? as_of : "?", ap_store_path(fr->s));
}

/* The activity codes listed on the id sheet equal the database's. Only
 * stored cells are visited: a hostile sheet may claim a million rows. */
static bool id_codes_match(form_reader *fr)
{
    size_t k = 0;
    for (size_t i = 0; i < ap_xlsx_sheet_ncells(fr->id); i++) {
        ap_xlsx_value key = ap_xlsx_sheet_cell_at(fr->id, i);
        if (key.col != 0 || key.type != AP_XLSX_STRING || strcmp(key.text, "activity") != 0)
            continue;
        ap_xlsx_value code = ap_xlsx_cell(fr->id, key.row, 1);
        if (k >= fr->rec.n_codes || strcmp(code.text, fr->rec.codes[k]) != 0)
            return false;
        k++;
    }
    return k == fr->rec.n_codes;
}

/* The database's record must agree with the id sheet: same plan, same
 * as-of date, same activities. */
static ap_rc check_record(form_reader *fr, const char *plan, const char *as_of)
{
    const char *rec_plan = ap_store_plan_key(fr->s, fr->rec.plan_id);
    ap_date d;
    bool same = rec_plan && strcmp(rec_plan, plan) == 0 && as_of && ap_date_parse(as_of, &d) &&
                d == fr->rec.as_of && id_codes_match(fr);
    if (!same)
        return file_error(fr, AP_E_INPUT,
                          TR("bladet '%s' stämmer inte med databasens uppgifter om blankett %s "
                             "(plan, datum eller aktiviteter är ändrade); skriv ut en ny blankett",
                             "the sheet '%s' does not agree with the database's record of form %s "
                             "(plan, date or activities changed); make a new form"),
                          fr->id_name, fr->rec.form_key);
    fr->plan_id = fr->rec.plan_id;
    return AP_OK;
}

static ap_rc read_identity(form_reader *fr, const char *want_plan)
{
    ap_rc rc = load_sheet(fr, AP_FORM_SHEET_ID_SV, AP_FORM_SHEET_ID_EN, &fr->id, &fr->id_name);
    if (rc == AP_OK)
        rc = check_marker(fr);
    if (rc != AP_OK)
        return rc;
    const char *plan = id_value(fr, "plan"), *key = id_value(fr, "form");
    const char *as_of = id_value(fr, "as_of");
    if (!plan || !key)
        return file_error(fr, AP_E_INPUT,
                          TR("bladet '%s' saknar plan eller blankett-id",
                             "the sheet '%s' lacks the plan or the form id"),
                          fr->id_name);
    if (want_plan && strcmp(want_plan, plan) != 0)
        return file_error(fr, AP_E_INPUT,
                          TR("blanketten gäller planen '%s', inte '%s' (--plan)",
                             "the form is for the plan '%s', not '%s' (--plan)"),
                          plan, want_plan);
    bool found = false;
    rc = ap_store_form_get(fr->s, key, &fr->out->arena, &fr->rec, &found, fr->err);
    if (rc != AP_OK)
        return rc;
    if (!found)
        return unknown_form(fr, plan, key, as_of);
    return check_record(fr, plan, as_of);
}

/* =========================================================================
 * Step 2: who reports, and when
 * ========================================================================= */

/* The text of an open cell of the info sheet (NULL when blank); a control
 * character other than tab and newline is refused where it stands. Line
 * ends written as CR LF (Excel) are read as newlines. */
static ap_rc info_text(form_reader *fr, uint32_t row, const char *label, const char **out)
{
    ap_xlsx_value v = ap_xlsx_cell(fr->info, row, AP_FORM_SIGN_COL);
    char *t = (char *)cell_string(fr, fr->info, &v);
    *out = t;
    if (!t)
        return AP_OK;
    size_t n = 0;
    for (const char *p = t; *p; p++)
        if (!(p[0] == '\r' && p[1] == '\n'))
            t[n++] = *p;
    t[n] = '\0';
    size_t chars = n > AP_TEXT_MAX ? ap_utf8_len(t) : 0;
    if (chars > AP_TEXT_MAX)
        return cell_error(fr, AP_E_INPUT, fr->info_name, row, AP_FORM_SIGN_COL, label,
                          TR("texten är %zu tecken lång (högst %d)",
                             "the text is %zu characters long (at most %d)"),
                          chars, AP_TEXT_MAX);
    size_t at = ap_text_control_at(t, n);
    if (at == n)
        return AP_OK;
    char name[32];
    ap_control_name(t + at, name, sizeof name);
    return cell_error(fr, AP_E_INPUT, fr->info_name, row, AP_FORM_SIGN_COL, label,
                      TR("tecknet %s är %s", "the character %s is %s"), name,
                      ap_control_reason());
}

static ap_rc read_signing(form_reader *fr)
{
    ap_rc rc =
        load_sheet(fr, AP_FORM_SHEET_INFO_SV, AP_FORM_SHEET_INFO_EN, &fr->info, &fr->info_name);
    const char *signer = NULL;
    if (rc == AP_OK)
        rc = info_text(fr, AP_FORM_SIGNER_ROW, TR("Rapporterat av", "Reported by"), &signer);
    if (rc == AP_OK && strcmp(fr->rec.scope, "focus") == 0)
        rc = info_text(fr, AP_FORM_ASSESSMENT_ROW, TR("Bedömning", "Assessment"),
                       &fr->assessment);
    if (rc != AP_OK)
        return rc;
    fr->out->signer = signer ? signer : fr->rec.signer;
    bool given = false;
    rc = parse_date(fr, fr->info, fr->info_name, AP_FORM_DATE_ROW, AP_FORM_SIGN_COL,
                    TR("Rapportdatum", "Report date"), &given, &fr->report_date);
    if (rc == AP_OK && !given)
        fr->report_date = fr->rec.as_of;
    return rc;
}

/* =========================================================================
 * Step 3: the rows
 * ========================================================================= */

static const ap_form_col open_cols[] = {AP_FC_STATUS, AP_FC_PROGRESS, AP_FC_COMMENT, AP_FC_CAUSE,
                                        AP_FC_ACTION, AP_FC_DATE,     AP_FC_STATE,   AP_FC_COST};
enum { N_OPEN = sizeof open_cols / sizeof open_cols[0] };

/* The first open cell of a row that holds something, or -1: no news.
 * With report_only, the cells that belong to a report (not the state and
 * the date, which a row that only changes the state may have). */
static int first_news(const form_reader *fr, uint32_t r, bool report_only)
{
    for (int i = 0; i < N_OPEN; i++) {
        if (report_only && (open_cols[i] == AP_FC_STATE || open_cols[i] == AP_FC_DATE))
            continue;
        ap_xlsx_value v = ap_xlsx_cell(fr->rows, r, open_cols[i]);
        if (!blank_value(&v))
            return open_cols[i];
    }
    return -1;
}

/* The code in column A must be the one the form was made with. */
static ap_rc check_code(form_reader *fr, uint32_t r, const char *expected)
{
    ap_xlsx_value v = ap_xlsx_cell(fr->rows, r, AP_FC_CODE);
    const char *code = cell_string(fr, fr->rows, &v);
    if (code && strcmp(code, expected) == 0)
        return AP_OK;
    if (!code)
        return ROW_ERROR(fr, r, AP_FC_CODE,
                         TR("koden saknas (blanketten gjordes med %s på denna rad)",
                            "the code is missing (the form was made with %s on this row)"),
                         expected);
    return ROW_ERROR(fr, r, AP_FC_CODE,
                     TR("koden '%s' är ändrad (blanketten gjordes med %s på denna rad); "
                        "ändra inte koderna",
                        "the code '%s' was changed (the form was made with %s on this row); "
                        "do not change the codes"),
                     code, expected);
}

/* Nothing may be written below the last activity: rows cannot be added. */
static ap_rc check_no_added_rows(form_reader *fr)
{
    uint32_t end = AP_FORM_FIRST_ROW + (uint32_t)fr->rec.n_codes;
    for (size_t i = 0; i < ap_xlsx_sheet_ncells(fr->rows); i++) {
        ap_xlsx_value v = ap_xlsx_sheet_cell_at(fr->rows, i);
        bool watched = v.col == AP_FC_CODE || (v.col >= AP_FC_STATUS && v.col < AP_FC_COUNT);
        if (v.row >= end && watched && !blank_value(&v))
            return ROW_ERROR(
                fr, v.row, v.col,
                TR("raden ligger nedanför blankettens sista aktivitet (rad %u): rader "
                   "kan inte läggas till; nya aktiviteter föreslås till processledaren",
                   "the row is below the form's last activity (row %u): rows cannot "
                   "be added; propose new activities to the process lead"),
                end);
    }
    return AP_OK;
}

/* The origin of a row's report: "form <key> <file>:<row>" (store.h). */
static const char *row_origin(form_reader *fr, uint32_t r)
{
    ap_buf b = {0};
    ap_buf_printf(&b, "form %s %s:%u", fr->rec.form_key, fr->path, r + 1);
    const char *o = ap_arena_strdup(&fr->out->arena, ap_buf_str(&b));
    ap_buf_free(&b);
    return o;
}

/* Turn row r (activity k of the form) with news into an entry: a report,
 * a state change, or both (record.c says in which order they go). */
static ap_rc read_row(form_reader *fr, uint32_t r, size_t k)
{
    ap_entry *e = &fr->entries[fr->out->n_rows];
    ap_form_row *row = &fr->out->rows[fr->out->n_rows];
    bool has_status = false, own_date = false;
    memset(e, 0, sizeof *e);
    e->code = fr->rec.codes[k];
    ap_rc rc = parse_status(fr, r, &has_status, &e->update.color);
    if (rc == AP_OK)
        rc = parse_state(fr, r, &e->has_state, &e->state);
    int news = first_news(fr, r, true);
    if (rc == AP_OK && !has_status && (news >= 0 || !e->has_state))
        rc = ROW_ERROR(fr, r, AP_FC_STATUS,
                       TR("status saknas: raden har något i kolumnen '%s' men ingen status "
                          "(väntade Grön, Gul eller Röd, eller en tom rad om inget är nytt)",
                          "the status is missing: the row has something in the column '%s' but "
                          "no status (expected Green, Yellow or Red, or an empty row for no news)"),
                       ap_form_column_label((ap_form_col)(news >= 0 ? news : AP_FC_DATE)));
    if (rc == AP_OK)
        rc = parse_progress(fr, r, &e->update.progress);
    if (rc == AP_OK)
        rc = parse_cost(fr, r, &e->update.cost);
    if (rc == AP_OK)
        rc = parse_text(fr, r, AP_FC_COMMENT, &e->update.comment);
    if (rc == AP_OK)
        rc = parse_text(fr, r, AP_FC_CAUSE, &e->update.cause);
    if (rc == AP_OK)
        rc = parse_text(fr, r, AP_FC_ACTION, &e->update.action);
    if (rc == AP_OK)
        rc = parse_date(fr, fr->rows, fr->rows_name, r, AP_FC_DATE,
                        ap_form_column_label(AP_FC_DATE), &own_date, &e->date);
    if (rc != AP_OK)
        return rc;
    if (!own_date)
        e->date = fr->report_date;
    e->has_update = has_status;
    e->by = fr->out->signer;
    e->origin = row_origin(fr, r);
    *row = (ap_form_row){.code = e->code,
                         .row = r + 1,
                         .date = e->date,
                         .color = has_status ? e->update.color : AP_COLOR_NONE,
                         .progress = e->update.progress,
                         .cost = e->update.cost,
                         .has_state = e->has_state,
                         .state = e->state,
                         .cause_missing = has_status && e->update.color != AP_COLOR_GREEN &&
                                          !e->update.cause};
    fr->date_rows[fr->out->n_rows] = own_date ? r : AP_FORM_DATE_ROW;
    fr->date_own[fr->out->n_rows] = own_date;
    fr->out->n_rows++;
    return AP_OK;
}

static ap_rc read_rows(form_reader *fr)
{
    ap_rc rc =
        load_sheet(fr, AP_FORM_SHEET_ROWS_SV, AP_FORM_SHEET_ROWS_EN, &fr->rows, &fr->rows_name);
    if (rc != AP_OK)
        return rc;
    size_t n = fr->rec.n_codes;
    fr->out->rows = ap_arena_alloc(&fr->out->arena, (n + 1) * sizeof *fr->out->rows);
    fr->entries = ap_arena_alloc(&fr->out->arena, (n + 1) * sizeof *fr->entries);
    fr->date_rows = ap_arena_alloc(&fr->out->arena, (n + 1) * sizeof *fr->date_rows);
    fr->date_own = ap_arena_alloc(&fr->out->arena, (n + 1) * sizeof *fr->date_own);
    for (size_t k = 0; rc == AP_OK && k < n; k++) {
        uint32_t r = AP_FORM_FIRST_ROW + (uint32_t)k;
        rc = check_code(fr, r, fr->rec.codes[k]);
        int news = rc == AP_OK ? first_news(fr, r, false) : -1;
        if (rc == AP_OK && news < 0)
            fr->out->n_empty++;
        else if (rc == AP_OK)
            rc = read_row(fr, r, k);
    }
    return rc == AP_OK ? check_no_added_rows(fr) : rc;
}

/* =========================================================================
 * Step 4: record, all or nothing
 * ========================================================================= */

/* Refuse a row when the activity has an update the form did not show
 * (recorded after it was made, or dated after its as-of date): the lead
 * answered without seeing it, and it must not be overtaken silently. An
 * update already recorded from this very row is no conflict. */
static ap_rc check_unseen(form_reader *fr, size_t i, const ap_activity_ref *ref)
{
    const ap_entry *e = &fr->entries[i];
    ap_update_rec u = e->update;
    u.date = e->date;
    u.by = e->by;
    u.origin = e->origin;
    bool exists = false;
    int64_t later = 0;
    ap_rc rc = ap_store_update_exists(fr->s, ref->id, &u, &exists, fr->err);
    if (rc == AP_OK && !exists)
        rc = ap_store_form_unseen_update(fr->s, &fr->rec, ref->id, &later, fr->err);
    if (rc != AP_OK || later == 0)
        return rc;
    ap_update up;
    if ((rc = ap_store_get_update(fr->s, later, &fr->out->arena, &up, fr->err)) != AP_OK)
        return rc;
    char d1[11], d2[11];
    return cell_error(fr, AP_E_CONFLICT, fr->rows_name, fr->out->rows[i].row - 1, AP_FC_STATUS,
                      ap_form_column_label(AP_FC_STATUS),
                      TR("%s har en senare rapport än blanketten visar: %s den %s av %s (%s); "
                         "blanketten är gjord per %s.%s – skriv ut en ny blankett eller "
                         "registrera raden med 'actionplan update'",
                         "%s has a later report than the form shows: %s on %s by %s (%s); the "
                         "form was made as of %s.%s – make a new form or record the row with "
                         "'actionplan update'"),
                      e->code, ap_color_label(up.color), ap_date_format(up.date, d1),
                      up.by ? up.by : "?", up.origin ? up.origin : "?",
                      ap_date_format(fr->rec.as_of, d2),
                      fr->skip_conflicts ? ""
                                         : TR(" Inget i filen registrerades",
                                              " Nothing in the file was recorded"));
}

/* Put the recorder's message at the cell it concerns. */
static ap_rc place_error(form_reader *fr, size_t i, const ap_record_outcome *o,
                         const ap_error *inner)
{
    uint32_t r = fr->out->rows[i].row - 1;
    if (o->bad_field && strcmp(o->bad_field, "date") == 0 && !fr->date_own[i])
        return cell_error(fr, inner->code, fr->info_name, fr->date_rows[i], AP_FORM_SIGN_COL,
                          TR("Rapportdatum", "Report date"), "%s", inner->msg);
    const char *f = o->bad_field ? o->bad_field : "";
    ap_form_col col = strcmp(f, "date") == 0    ? AP_FC_DATE
                      : strcmp(f, "code") == 0  ? AP_FC_CODE
                      : strcmp(f, "state") == 0 ? AP_FC_STATE
                                                : AP_FC_STATUS;
    return cell_error(fr, inner->code, fr->rows_name, r, col, ap_form_column_label(col), "%s",
                      inner->msg);
}

static ap_rc record_one(form_reader *fr, ap_recorder *rec, size_t i)
{
    ap_activity_ref ref;
    ap_record_outcome o;
    ap_error inner;
    ap_error_clear(&inner);
    memset(&o, 0, sizeof o);
    ap_rc rc = ap_store_activity_ref(fr->s, fr->plan_id, fr->entries[i].code, &ref, &inner);
    if (rc != AP_OK) {
        o.bad_field = "code";
        return place_error(fr, i, &o, &inner);
    }
    if (fr->entries[i].has_update && (rc = check_unseen(fr, i, &ref)) != AP_OK)
        return rc;
    rc = ap_record_entry(rec, &fr->entries[i], AP_RECORD_IMPORT, &o, &inner);
    if (rc != AP_OK)
        return place_error(fr, i, &o, &inner);
    fr->out->rows[i].recorded = o.update_recorded;
    fr->out->rows[i].state_recorded = o.state_recorded;
    fr->out->recorded += o.update_recorded;
    fr->out->skipped += o.update_skipped;
    fr->out->states += o.state_recorded;
    return AP_OK;
}

/* A refusal that concerns the row alone (a later report, a state the
 * activity cannot go to, a date): with skip_conflicts the row is left out. */
static bool row_refusal(ap_rc rc)
{
    return rc == AP_E_CONFLICT || rc == AP_E_INPUT || rc == AP_E_NOTFOUND;
}

/* Record row i under a mark; a refused row is undone alone and keeps the
 * message saying why. */
static ap_rc record_or_refuse(form_reader *fr, ap_recorder *rec, size_t i)
{
    ap_rc rc = ap_store_mark(fr->s, fr->err);
    if (rc != AP_OK)
        return rc;
    int recorded = fr->out->recorded, skipped = fr->out->skipped, states = fr->out->states;
    rc = record_one(fr, rec, i);
    if (rc == AP_OK)
        return ap_store_keep_mark(fr->s, fr->err);
    if (!row_refusal(rc))
        return rc;
    ap_form_row *row = &fr->out->rows[i];
    row->refused = ap_arena_strdup(&fr->out->arena, fr->err->msg);
    row->recorded = row->state_recorded = false;
    fr->out->recorded = recorded;
    fr->out->skipped = skipped;
    fr->out->states = states;
    fr->out->refused++;
    ap_error_clear(fr->err);
    return ap_store_undo_to_mark(fr->s, fr->err);
}

/* A focus form's assessment: the focus area's, for the form's as-of date
 * (the period a steering pack of that date shows), signed and dated like
 * the form's reports. */
static ap_rc record_assessment(form_reader *fr, ap_recorder *rec)
{
    if (!fr->assessment)
        return AP_OK;
    char period[11], origin[1100];
    snprintf(origin, sizeof origin, "form %s %s", fr->rec.form_key, fr->path);
    ap_assessment a = {.scope = fr->rec.scope_value, .period = ap_date_format(fr->rec.as_of, period),
                       .date = fr->report_date, .text = fr->assessment, .by = fr->out->signer,
                       .origin = origin};
    bool recorded = false;
    const char *bad = NULL;
    ap_error inner;
    ap_error_clear(&inner);
    ap_rc rc = ap_record_assessment(rec, &a, AP_RECORD_IMPORT, &recorded, &bad, &inner);
    if (rc != AP_OK)
        return cell_error(fr, rc, fr->info_name,
                          bad && strcmp(bad, "date") == 0 ? AP_FORM_DATE_ROW : AP_FORM_ASSESSMENT_ROW,
                          AP_FORM_SIGN_COL, TR("Bedömning", "Assessment"), "%s", inner.msg);
    fr->out->assessment = recorded ? AP_FORM_ASSESSMENT_RECORDED : AP_FORM_ASSESSMENT_THERE;
    return AP_OK;
}

static ap_rc record_all(form_reader *fr)
{
    ap_rc rc = ap_store_begin(fr->s, fr->err);
    if (rc != AP_OK)
        return rc;
    ap_recorder rec;
    ap_recorder_init(&rec, fr->s, fr->plan_id);
    for (size_t i = 0; rc == AP_OK && i < fr->out->n_rows; i++)
        rc = fr->skip_conflicts ? record_or_refuse(fr, &rec, i) : record_one(fr, &rec, i);
    if (rc == AP_OK)
        rc = record_assessment(fr, &rec);
    ap_recorder_free(&rec);
    if (rc == AP_OK)
        return ap_store_commit(fr->s, fr->err);
    ap_store_rollback(fr->s);
    fr->out->recorded = fr->out->skipped = fr->out->states = 0;
    fr->out->assessment = AP_FORM_ASSESSMENT_NONE;
    return rc;
}

/* =========================================================================
 * The whole file
 * ========================================================================= */

/* Copy what the caller prints from the database's record. */
static void describe(form_reader *fr)
{
    ap_form_import *o = fr->out;
    o->plan_key = ap_arena_strdup(&o->arena, ap_store_plan_key(fr->s, fr->plan_id));
    o->form_key = fr->rec.form_key;
    o->scope = fr->rec.scope;
    o->scope_value = fr->rec.scope_value;
    o->as_of = fr->rec.as_of;
}

ap_rc ap_forms_import(ap_store *s, const char *plan_key, const char *path, bool skip_conflicts,
                      ap_form_import *out, ap_error *err)
{
    memset(out, 0, sizeof *out);
    out->path = ap_arena_strdup(&out->arena, path);
    out->as_of = AP_DATE_NONE;
    form_reader fr = {
        .s = s, .path = out->path, .out = out, .skip_conflicts = skip_conflicts, .err = err};
    ap_rc rc = ap_xlsx_open(path, &fr.book, err);
    if (rc == AP_OK)
        rc = read_identity(&fr, plan_key);
    if (rc == AP_OK) {
        describe(&fr);
        rc = read_signing(&fr);
    }
    if (rc == AP_OK)
        rc = read_rows(&fr);
    if (rc == AP_OK)
        rc = record_all(&fr);
    ap_xlsx_sheet_free(fr.id);
    ap_xlsx_sheet_free(fr.info);
    ap_xlsx_sheet_free(fr.rows);
    ap_xlsx_free(fr.book);
    return rc;
}

void ap_form_import_release(ap_form_import *r)
{
    if (r)
        ap_arena_free(&r->arena);
}
