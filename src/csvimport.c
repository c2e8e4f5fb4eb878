/* csvimport.c - bulk updates and measurements from CSV; see csvimport.h. */
#include "actionplan/csvimport.h"
#include "csv.h"
#include "actionplan/i18n.h"
#include "actionplan/limits.h"
#include "actionplan/record.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* =========================================================================
 * Shared: reading the files, checking the header, ordering rows by date
 * ========================================================================= */

/* A column's English and Swedish names: a header may use either, in any
 * case (a Swedish Excel user writes "Kod;Datum;Status"). */
typedef struct column_spec {
    const char *name, *sv;
    bool required;
} column_spec;

static const column_spec update_columns[] = {
    {"code", "kod", true},          {"date", "datum", true},      {"status", "status", true},
    {"progress", "framsteg", false}, {"comment", "kommentar", false}, {"cause", "orsak", false},
    {"action", "åtgärd", false},    {"by", "av", false},          {"state", "läge", false},
    {"cost", "kostnad", false},     {"decision", "beslut", false}, {NULL, NULL, false}};

static const column_spec assessment_columns[] = {
    {"focus", "fokusområde", true}, {"date", "datum", true}, {"period", "period", true},
    {"text", "bedömning", true},    {"by", "av", false},     {NULL, NULL, false}};

static const column_spec measure_columns[] = {
    {"goal", "mål", true}, {"date", "datum", true}, {"value", "värde", true},
    {"source", "källa", false}, {"by", "av", false}, {NULL, NULL, false}};

typedef struct bulk_file {
    const char *path;
    ap_csv *csv;
    int col[16]; /* index per column_spec entry, -1 when absent */
} bulk_file;

/* "kod,datum,status,…" in the interface's language, then the other's. */
static void expected_names(const column_spec *spec, ap_buf *out)
{
    bool sv = ap_language() == AP_LANG_SV;
    for (int pass = 0; pass < 2; pass++, sv = !sv) {
        ap_buf_puts(out, pass ? TR(" (eller ", " (or ") : "");
        for (int n = 0; spec[n].name; n++)
            ap_buf_printf(out, "%s%s", n ? "," : "", sv ? spec[n].sv : spec[n].name);
        ap_buf_puts(out, pass ? ")" : "");
    }
}

/* Find spec[k]'s column by either name; both names at once is refused. */
static ap_rc find_column(bulk_file *f, const column_spec *c, int k, ap_error *err)
{
    int en = ap_csv_column(f->csv, c->name), sv = ap_csv_column(f->csv, c->sv);
    f->col[k] = en >= 0 ? en : sv;
    if (en < 0 || sv < 0 || en == sv)
        return AP_OK;
    int later = en > sv ? en : sv;
    return ap_csv_error_at(err, f->csv, AP_CSV_HEADER, later,
                           TR("'%s' och '%s' är samma kolumn (ta bort den ena)",
                              "'%s' and '%s' are the same column (remove one)"),
                           ap_csv_column_name(f->csv, sv), ap_csv_column_name(f->csv, en));
}

static ap_rc check_header(bulk_file *f, const column_spec *spec, ap_error *err)
{
    int n = 0;
    ap_rc rc = AP_OK;
    for (const column_spec *c = spec; c->name; c++, n++)
        if (rc == AP_OK)
            rc = find_column(f, c, n, err);
    ap_buf expected = {0};
    expected_names(spec, &expected);
    for (int i = 0; rc == AP_OK && i < ap_csv_ncolumns(f->csv); i++) {
        bool known = false;
        for (int k = 0; k < n; k++)
            known |= f->col[k] == i;
        if (!known)
            rc = ap_csv_error_at(err, f->csv, AP_CSV_HEADER, i,
                                 TR("okänd kolumn '%s' (väntade %s)",
                                    "unknown column '%s' (expected %s)"),
                                 ap_csv_column_name(f->csv, i), ap_buf_str(&expected));
    }
    for (int k = 0; rc == AP_OK && k < n; k++)
        if (spec[k].required && f->col[k] < 0)
            rc = ap_error_set(err, AP_E_INPUT,
                              TR("%s:1: kolumnen '%s' saknas i rubrikraden (väntade %s)",
                                 "%s:1: the header lacks the column '%s' (expected %s)"),
                              f->path, TR(spec[k].sv, spec[k].name), ap_buf_str(&expected));
    ap_buf_free(&expected);
    return rc;
}

/* Every field is text that is stored and shown: a control character other
 * than tab and newline (an escape sequence) is refused where it stands, and
 * so is a text longer than AP_TEXT_MAX. For the current record (0). */
static ap_rc check_controls(const bulk_file *f, ap_error *err)
{
    int nf = ap_csv_record_nfields(f->csv, 0);
    for (int c = 0; c < nf; c++) {
        const char *v = ap_csv_field(f->csv, 0, c);
        size_t n = v ? strlen(v) : 0, chars = n > AP_TEXT_MAX ? ap_utf8_len(v) : 0;
        if (chars > AP_TEXT_MAX)
            return ap_csv_error_at(err, f->csv, 0, c,
                                   TR("texten är %zu tecken lång (högst %d)",
                                      "the text is %zu characters long (at most %d)"),
                                   chars, AP_TEXT_MAX);
        if (!v || ap_text_control_at(v, n) == n)
            continue;
        char name[32];
        ap_control_name(v + ap_text_control_at(v, n), name, sizeof name);
        return ap_csv_error_at(err, f->csv, 0, c, TR("tecknet %s är %s", "the character %s is %s"),
                               name, ap_control_reason());
    }
    return AP_OK;
}

static void free_files(bulk_file *files, int n)
{
    for (int i = 0; files && i < n; i++)
        ap_csv_free(files[i].csv);
    free(files);
}

/* A row to record, as the first pass leaves it: where it is in which file,
 * its date, and its code (column 0) as a number. Codes are numbered as
 * they come, then renumbered in their sort order, so that rows sort
 * without their texts. 20 bytes a row: the first pass holds no texts. */
typedef struct row_ref {
    uint32_t key;  /* the code's number */
    ap_date date;
    uint32_t file;
    uint32_t off;  /* the record's offset in its file (files are < 2 GiB) */
    uint32_t line; /* the line where it starts */
} row_ref;

/* The rows of all files and the codes they name. */
typedef struct row_set {
    row_ref *rows;
    size_t n, cap;
    ap_strmap ids;  /* code -> its number + 1 */
    char **codes;   /* number -> code */
    size_t ncodes, cap_codes;
    ap_arena arena; /* the codes' texts */
} row_set;

static void row_set_free(row_set *rs)
{
    free(rs->rows);
    free(rs->codes);
    ap_strmap_free(&rs->ids);
    ap_arena_free(&rs->arena);
}

static uint32_t code_id(row_set *rs, const char *code)
{
    void *v = ap_strmap_get(&rs->ids, code);
    if (v)
        return (uint32_t)((uintptr_t)v - 1);
    ap_grow(&rs->codes, &rs->cap_codes, rs->ncodes + 1, sizeof *rs->codes);
    rs->codes[rs->ncodes] = ap_arena_strdup(&rs->arena, code);
    ap_strmap_put(&rs->ids, code, (void *)(uintptr_t)(rs->ncodes + 1));
    return (uint32_t)rs->ncodes++;
}

static const char *const *sort_codes;

static int cmp_code(const void *x, const void *y)
{
    return strcmp(sort_codes[*(const uint32_t *)x], sort_codes[*(const uint32_t *)y]);
}

/* Rows are recorded per code in date order, file order within a date
 * (which is what "recorded last" then means). Grouping by code keeps each
 * activity's index pages in the cache while its rows go in. */
static int cmp_row(const void *x, const void *y)
{
    const row_ref *a = x, *b = y;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    if (a->file != b->file)
        return a->file < b->file ? -1 : 1;
    return (a->off > b->off) - (a->off < b->off);
}

/* Number the codes in their order (strcmp) and sort the rows. */
static void sort_rows(row_set *rs)
{
    uint32_t *order = ap_xmalloc((rs->ncodes + 1) * sizeof *order);
    uint32_t *rank = ap_xmalloc((rs->ncodes + 1) * sizeof *rank);
    for (size_t k = 0; k < rs->ncodes; k++)
        order[k] = (uint32_t)k;
    sort_codes = (const char *const *)rs->codes;
    if (rs->ncodes > 1)
        qsort(order, rs->ncodes, sizeof *order, cmp_code);
    for (size_t k = 0; k < rs->ncodes; k++)
        rank[order[k]] = (uint32_t)k;
    for (size_t i = 0; i < rs->n; i++)
        rs->rows[i].key = rank[rs->rows[i].key];
    if (rs->n > 1) /* qsort must not be given NULL, even for no rows */
        qsort(rs->rows, rs->n, sizeof *rs->rows, cmp_row);
    free(order);
    free(rank);
}

static const char *field(const bulk_file *f, size_t rec, int k)
{
    if (f->col[k] < 0)
        return "";
    const char *v = ap_csv_field(f->csv, rec, f->col[k]);
    return v ? v : "";
}

/* A trimmed copy in the arena, NULL when empty. */
static const char *text(ap_arena *a, const bulk_file *f, size_t rec, int k)
{
    char *t = ap_arena_strdup(a, field(f, rec, k));
    ap_trim(t);
    return *t ? t : NULL;
}

/* The current record's date (column 1 in every spec), or its error. */
static ap_rc row_date(const bulk_file *f, ap_date *d, ap_error *err)
{
    char buf[64];
    /* a longer field is no date, even if its first 63 bytes are one */
    bool cut = snprintf(buf, sizeof buf, "%s", field(f, 0, 1)) >= (int)sizeof buf;
    ap_trim(buf);
    if (!cut && ap_date_parse(buf, d))
        return AP_OK;
    return ap_csv_error_at(err, f->csv, 0, f->col[1],
                           TR("ogiltigt datum '%s%s' i kolumnen '%s' (väntade "
                              "ÅÅÅÅ-MM-DD, ett datum som finns)",
                              "invalid date '%s%s' in column '%s' (expected "
                              "YYYY-MM-DD, a date that exists)"),
                           buf, cut ? "…" : "", ap_csv_column_name(f->csv, f->col[1]));
}

/* The first pass over one file: read every record, check what can be
 * checked row by row, and keep where each row is. The errors come in the
 * order they did when files were read whole: the CSV reader's (encoding,
 * then the first parse error), an empty file, the header, then the first
 * control character or over-long text; *date_rc and date_err keep the
 * first invalid date of all files, which comes after all of those. */
static ap_rc scan_file(bulk_file *f, int index, const column_spec *spec, row_set *rs,
                       ap_rc *date_rc, ap_error *date_err, ap_error *err)
{
    ap_rc rc = ap_csv_open(f->path, &f->csv, err);
    if (rc != AP_OK)
        return rc;
    if (ap_csv_ncolumns(f->csv) == 0)
        return ap_error_set(err, AP_E_INPUT, TR("%s: filen är tom (väntade en rubrikrad)",
                                                "%s: the file is empty (expected a header)"),
                            f->path);
    ap_error first;
    ap_error_clear(&first);
    ap_rc first_rc = check_header(f, spec, &first);
    bool more;
    while ((rc = ap_csv_next(f->csv, &more, err)) == AP_OK && more) {
        if (first_rc != AP_OK || (first_rc = check_controls(f, &first)) != AP_OK ||
            ap_csv_record_blank(f->csv, 0) || *date_rc != AP_OK)
            continue;
        ap_date d;
        if ((*date_rc = row_date(f, &d, date_err)) != AP_OK)
            continue;
        ap_grow(&rs->rows, &rs->cap, rs->n + 1, sizeof *rs->rows);
        rs->rows[rs->n++] = (row_ref){code_id(rs, field(f, 0, 0)), d, (uint32_t)index,
                                      (uint32_t)ap_csv_record_offset(f->csv),
                                      ap_csv_record_line(f->csv, 0)};
    }
    if (rc == AP_OK && first_rc != AP_OK) {
        *err = first;
        rc = first_rc;
    }
    return rc;
}

/* Record one row; origin is "file:line". */
typedef ap_rc (*row_fn)(ap_recorder *rec, const bulk_file *f, size_t r, ap_date date,
                        const char *origin, ap_arena *scratch, ap_bulk_result *res,
                        ap_error *err);

/* Read and check every file (the first pass), then read each row again
 * and record it, in date order, in one transaction: all or nothing. */
static ap_rc bulk_import(ap_store *s, int64_t plan_id, char *const *paths, int n,
                         const column_spec *spec, row_fn fn, ap_bulk_result *res, ap_error *err)
{
    memset(res, 0, sizeof *res);
    bulk_file *files = ap_xcalloc((size_t)n + 1, sizeof *files);
    row_set rs = {0};
    ap_error date_err;
    ap_error_clear(&date_err);
    ap_rc rc = AP_OK, date_rc = AP_OK;
    for (int i = 0; rc == AP_OK && i < n; i++) {
        files[i].path = paths[i];
        rc = scan_file(&files[i], i, spec, &rs, &date_rc, &date_err, err);
    }
    if (rc == AP_OK && date_rc != AP_OK) {
        *err = date_err;
        rc = date_rc;
    }
    ap_strmap_free(&rs.ids); /* the numbers are all the second pass needs */
    if (rc == AP_OK)
        sort_rows(&rs);
    if (rc == AP_OK)
        rc = ap_store_begin(s, err);
    if (rc != AP_OK) {
        row_set_free(&rs);
        free_files(files, n);
        return rc;
    }
    ap_recorder rec;
    ap_recorder_init(&rec, s, plan_id);
    ap_arena scratch = {0};
    for (size_t i = 0; rc == AP_OK && i < rs.n; i++) {
        const row_ref *row = &rs.rows[i];
        const bulk_file *f = &files[row->file];
        rc = ap_csv_read_at(f->csv, row->off, row->line, err);
        if (rc != AP_OK)
            break;
        char origin[1100];
        snprintf(origin, sizeof origin, "%s:%u", f->path, row->line);
        rc = fn(&rec, f, 0, row->date, origin, &scratch, res, err);
        res->rows += rc == AP_OK;
        if ((i & 1023) == 1023)
            ap_arena_free(&scratch); /* row texts are not kept past their row */
    }
    ap_arena_free(&scratch);
    ap_recorder_free(&rec);
    for (int i = 0; rc == AP_OK && i < n; i++)
        rc = ap_csv_check_unchanged(files[i].csv, err);
    if (rc == AP_OK)
        rc = ap_store_commit(s, err);
    else
        ap_store_rollback(s);
    row_set_free(&rs);
    free_files(files, n);
    return rc;
}

/* =========================================================================
 * Updates
 * ========================================================================= */

enum { U_CODE, U_DATE, U_STATUS, U_PROGRESS, U_COMMENT, U_CAUSE, U_ACTION, U_BY, U_STATE,
       U_COST, U_DECISION };

/* Turn one row into an entry; syntax errors name the column. */
static ap_rc row_to_entry(const bulk_file *f, size_t rec, ap_date date, ap_arena *a, ap_entry *e,
                          ap_error *err)
{
    memset(e, 0, sizeof *e);
    e->date = date;
    e->code = text(a, f, rec, U_CODE);
    if (!e->code)
        return ap_csv_error_at(err, f->csv, rec, f->col[U_CODE],
                               TR("koden saknas (väntade en aktivitet, t.ex. 1.2.3)",
                                  "the code is missing (expected an activity, e.g. 1.2.3)"));
    const char *status = text(a, f, rec, U_STATUS);
    const char *state = text(a, f, rec, U_STATE);
    e->decision = text(a, f, rec, U_DECISION);
    if (status) {
        e->has_update = true;
        if (!ap_color_parse(status, &e->update.color))
            return ap_csv_error_at(err, f->csv, rec, f->col[U_STATUS],
                                   TR("ogiltig status '%s' (väntade grön, gul eller röd)",
                                      "invalid status '%s' (expected green, yellow or red)"),
                                   status);
    } else if (!state && !e->decision) {
        return ap_csv_error_at(err, f->csv, rec, f->col[U_STATUS],
                               TR("status saknas (väntade grön, gul eller röd, eller ett läge "
                                  "eller beslut på raden)",
                                  "the status is missing (expected green, yellow or red, or a "
                                  "state or decision on the row)"));
    }
    if (state) {
        e->has_state = true;
        if (!ap_state_parse(state, &e->state))
            return ap_csv_error_at(err, f->csv, rec, f->col[U_STATE],
                                   TR("okänt läge '%s' (väntade %s)",
                                      "unknown state '%s' (expected %s)"),
                                   state, ap_state_choices());
    }
    long long n;
    const char *progress = text(a, f, rec, U_PROGRESS);
    e->update.progress = -1;
    if (progress) {
        if (!ap_parse_amount(progress, 100, &n))
            return ap_csv_error_at(err, f->csv, rec, f->col[U_PROGRESS],
                                   TR("ogiltig progress '%s' (väntade 0-100)",
                                      "invalid progress '%s' (expected 0-100)"),
                                   progress);
        e->update.progress = (int)n;
    }
    const char *cost = text(a, f, rec, U_COST);
    e->update.cost = -1;
    if (cost) {
        if (!ap_parse_amount(cost, 1000000000000LL, &n))
            return ap_csv_error_at(err, f->csv, rec, f->col[U_COST],
                                   TR("ogiltig kostnad '%s' (väntade hela kronor)",
                                      "invalid cost '%s' (expected whole SEK)"),
                                   cost);
        e->update.cost = n;
    }
    e->update.comment = text(a, f, rec, U_COMMENT);
    e->update.cause = text(a, f, rec, U_CAUSE);
    e->update.action = text(a, f, rec, U_ACTION);
    e->by = text(a, f, rec, U_BY);
    return AP_OK;
}

static int column_of(const bulk_file *f, const char *field_name)
{
    for (int k = 0; update_columns[k].name; k++)
        if (strcmp(update_columns[k].name, field_name) == 0)
            return f->col[k];
    return -1;
}

/* Record one updates row. */
static ap_rc update_row(ap_recorder *rec, const bulk_file *f, size_t r, ap_date date,
                        const char *origin, ap_arena *scratch, ap_bulk_result *res,
                        ap_error *err)
{
    ap_entry e;
    ap_rc rc = row_to_entry(f, r, date, scratch, &e, err);
    if (rc != AP_OK)
        return rc;
    e.origin = origin;
    ap_record_outcome out;
    ap_error inner;
    ap_error_clear(&inner);
    rc = ap_record_entry(rec, &e, AP_RECORD_IMPORT, &out, &inner);
    if (rc != AP_OK)
        return out.bad_field
                   ? ap_csv_error_at(err, f->csv, r, column_of(f, out.bad_field), "%s", inner.msg)
                   : ap_error_set(err, rc, "%s", inner.msg);
    res->updates += out.update_recorded;
    res->states += out.state_recorded;
    res->decisions += out.decision_recorded;
    res->skipped += out.update_skipped + out.state_skipped + out.decision_skipped;
    return AP_OK;
}

ap_rc ap_updates_import_csv(ap_store *s, int64_t plan_id, char *const *paths, int n,
                            ap_bulk_result *res, ap_error *err)
{
    return bulk_import(s, plan_id, paths, n, update_columns, update_row, res, err);
}

/* =========================================================================
 * Measurements
 * ========================================================================= */

enum { M_GOAL, M_DATE, M_VALUE, M_SOURCE, M_BY };

/* Record one measurements row. */
static ap_rc measure_row(ap_recorder *rec, const bulk_file *f, size_t r, ap_date date,
                         const char *origin, ap_arena *scratch, ap_bulk_result *res,
                         ap_error *err)
{
    const char *goal = text(scratch, f, r, M_GOAL);
    const char *value_text = text(scratch, f, r, M_VALUE);
    double value;
    if (!goal)
        return ap_csv_error_at(err, f->csv, r, f->col[M_GOAL],
                               TR("målkoden saknas (t.ex. M1)", "the goal code is missing (e.g. M1)"));
    char hint[200];
    if (ap_number_ambiguous(value_text, hint, sizeof hint))
        return ap_csv_error_at(err, f->csv, r, f->col[M_VALUE],
                               TR("tvetydigt värde '%s': %s", "ambiguous value '%s': %s"),
                               value_text, hint);
    if (!value_text || !ap_parse_number(value_text, &value))
        return ap_csv_error_at(err, f->csv, r, f->col[M_VALUE],
                               TR("ogiltigt värde '%s' (väntade ett tal)",
                                  "invalid value '%s' (expected a number)"),
                               value_text ? value_text : "");
    bool recorded;
    const char *bad = NULL;
    ap_error inner;
    ap_error_clear(&inner);
    ap_rc rc = ap_record_measurement(rec, goal, date, value, text(scratch, f, r, M_SOURCE),
                                     text(scratch, f, r, M_BY), origin, AP_RECORD_IMPORT,
                                     &recorded, &bad, &inner);
    if (rc != AP_OK) {
        int col = bad && strcmp(bad, "goal") == 0 ? f->col[M_GOAL] : f->col[M_DATE];
        return bad ? ap_csv_error_at(err, f->csv, r, col, "%s", inner.msg)
                   : ap_error_set(err, rc, "%s", inner.msg);
    }
    res->measurements += recorded;
    res->skipped += !recorded;
    return AP_OK;
}

ap_rc ap_measures_import_csv(ap_store *s, int64_t plan_id, char *const *paths, int n,
                             ap_bulk_result *res, ap_error *err)
{
    return bulk_import(s, plan_id, paths, n, measure_columns, measure_row, res, err);
}

/* =========================================================================
 * Assessments
 * ========================================================================= */

enum { A_FOCUS, A_DATE, A_PERIOD, A_TEXT, A_BY };

static int assessment_column(const bulk_file *f, const char *bad)
{
    return strcmp(bad, "scope") == 0 ? f->col[A_FOCUS]
           : strcmp(bad, "text") == 0 ? f->col[A_TEXT]
                                      : f->col[A_DATE];
}

/* Record one assessments row. */
static ap_rc assessment_row(ap_recorder *rec, const bulk_file *f, size_t r, ap_date date,
                            const char *origin, ap_arena *scratch, ap_bulk_result *res,
                            ap_error *err)
{
    const char *focus = text(scratch, f, r, A_FOCUS), *period = text(scratch, f, r, A_PERIOD);
    char canonical[11];
    if (!focus)
        return ap_csv_error_at(err, f->csv, r, f->col[A_FOCUS],
                               TR("fokusområdet saknas (skriv dess nummer, eller 'plan')",
                                  "the focus area is missing (write its number, or 'plan')"));
    if (!ap_assessment_period_parse(period, canonical))
        return ap_csv_error_at(err, f->csv, r, f->col[A_PERIOD],
                               TR("ogiltig period '%s' (väntade ÅÅÅÅ eller ÅÅÅÅ-MM-DD)",
                                  "invalid period '%s' (expected YYYY or YYYY-MM-DD)"),
                               period ? period : "");
    ap_assessment a = {.scope = focus, .period = canonical, .date = date,
                       .text = text(scratch, f, r, A_TEXT), .by = text(scratch, f, r, A_BY),
                       .origin = origin};
    bool recorded;
    const char *bad = NULL;
    ap_error inner;
    ap_error_clear(&inner);
    ap_rc rc = ap_record_assessment(rec, &a, AP_RECORD_IMPORT, &recorded, &bad, &inner);
    if (rc != AP_OK)
        return bad ? ap_csv_error_at(err, f->csv, r, assessment_column(f, bad), "%s", inner.msg)
                   : ap_error_set(err, rc, "%s", inner.msg);
    res->assessments += recorded;
    res->skipped += !recorded;
    return AP_OK;
}

ap_rc ap_assessments_import_csv(ap_store *s, int64_t plan_id, char *const *paths, int n,
                                ap_bulk_result *res, ap_error *err)
{
    return bulk_import(s, plan_id, paths, n, assessment_columns, assessment_row, res, err);
}
