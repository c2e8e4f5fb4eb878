/*
 * store_register.c - the register of reports (what was made, from which
 * recording) and the update forms handed out.
 */
#include "store_internal.h"
#include "actionplan/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* =========================================================================
 * Report runs
 * ========================================================================= */

ap_rc ap_store_report_add(ap_store *s, const ap_report_rec *r, int64_t *id, ap_error *err)
{
    static const char *const sql =
        "INSERT INTO report_run (plan_id, kind, as_of, since, files, upto, settings, digest, "
        "made_on, rec) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id";
    sqlite3_stmt *st = stmt_plan(s, sql, r->plan_id, err);
    if (!st || !bind_rec(s, st, 10, err))
        return AP_E_DB;
    bind_text(s, st, 2, r->kind);
    bind_date(s, st, 3, r->as_of);
    bind_date(s, st, 4, r->since);
    bind_text(s, st, 5, r->files);
    bind_int64(s, st, 6, r->upto);
    bind_text(s, st, 7, r->settings);
    bind_text(s, st, 8, r->digest);
    bind_date(s, st, 9, r->made_on);
    return step_returning(s, st, "report_run", id, err);
}

static const char *const report_cols =
    "SELECT r.id, r.plan_id, r.kind, r.as_of, r.since, r.files, coalesce(r.upto, 0), "
    "r.settings, r.digest, r.made_on, coalesce(g.recorded_at, '') FROM report_run r "
    "LEFT JOIN recording g ON g.seq = r.upto ";

static void report_row(sqlite3_stmt *st, ap_arena *a, ap_report_rec *r)
{
    r->id = sqlite3_column_int64(st, 0);
    r->plan_id = sqlite3_column_int64(st, 1);
    r->kind = col_text(st, 2, a);
    r->as_of = col_date(st, 3);
    r->since = col_date(st, 4);
    r->files = col_text(st, 5, a);
    r->upto = sqlite3_column_int64(st, 6);
    r->settings = col_text(st, 7, a);
    r->digest = col_text(st, 8, a);
    r->made_on = col_date(st, 9);
    r->recorded_at = col_text(st, 10, a);
}

ap_rc ap_store_report_get(ap_store *s, int64_t id, ap_arena *a, ap_report_rec *r, bool *found,
                          ap_error *err)
{
    static char sql[512];
    if (!sql[0])
        snprintf(sql, sizeof sql, "%sWHERE r.id = ?1", report_cols);
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st)
        return AP_E_DB;
    bind_int64(s, st, 1, id);
    int rc = step(s, st);
    *found = rc == SQLITE_ROW;
    if (*found)
        report_row(st, a, r);
    return finish_rows(s, st, rc, err);
}

ap_rc ap_store_report_list(ap_store *s, int64_t plan_id, ap_arena *a, ap_report_rec **out,
                           size_t *n, ap_error *err)
{
    static char sql[512];
    if (!sql[0])
        snprintf(sql, sizeof sql, "%sWHERE r.plan_id = ?1 ORDER BY r.id", report_cols);
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = stmt_plan(s, sql, plan_id, err);
    if (!st)
        return AP_E_DB;
    size_t cap = 0;
    ap_report_rec *list = NULL;
    int rc;
    while ((rc = step(s, st)) == SQLITE_ROW) {
        ap_grow(&list, &cap, *n + 1, sizeof *list);
        report_row(st, a, &list[(*n)++]);
    }
    *out = arena_move(a, list, *n, sizeof *list);
    return finish_rows(s, st, rc, err);
}

ap_rc ap_store_report_run_previous(ap_store *s, int64_t plan_id, const char *kind,
                                   ap_date before, int64_t upto, ap_date *as_of,
                                   int64_t *prev_upto, ap_error *err)
{
    static const char *const sql =
        "SELECT as_of, coalesce(upto, 0) FROM report_run WHERE plan_id = ?1 AND kind = ?2 "
        "AND as_of < ?3 AND (?4 = 0 OR rec <= ?4) ORDER BY as_of DESC, id DESC LIMIT 1";
    sqlite3_stmt *st = stmt_plan(s, sql, plan_id, err);
    if (!st)
        return AP_E_DB;
    bind_text(s, st, 2, kind);
    bind_date(s, st, 3, before);
    bind_int64(s, st, 4, upto);
    int rc = step(s, st);
    *as_of = rc == SQLITE_ROW ? col_date(st, 0) : AP_DATE_NONE;
    *prev_upto = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
    return finish_rows(s, st, rc, err);
}

ap_rc ap_store_recording_upto(ap_store *s, const char *utc, int64_t *seq, ap_error *err)
{
    static const char *const sql =
        "SELECT coalesce(max(seq), 0) FROM recording WHERE ?1 IS NULL OR recorded_at <= ?1";
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st)
        return AP_E_DB;
    if (utc)
        bind_text(s, st, 1, utc);
    int rc = step(s, st);
    *seq = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    return finish_rows(s, st, rc, err);
}

/* =========================================================================
 * Update forms: the forms handed out (forms export / forms import)
 * ========================================================================= */

ap_rc ap_store_form_watermark(ap_store *s, int64_t *watermark, ap_error *err)
{
    static const char *const sql = "SELECT coalesce(max(id), 0) FROM status_update";
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st)
        return AP_E_DB;
    int rc = step(s, st);
    *watermark = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? AP_OK : db_error(s, err);
}

/* Link one activity (by code) to the form at position. */
static ap_rc form_add_activity(ap_store *s, int64_t form_row, int64_t plan_id, size_t position,
                               const char *code, ap_error *err)
{
    static const char *const sql =
        "INSERT INTO form_export_activity (form_id, position, activity_id) "
        "SELECT ?1, ?2, id FROM activity WHERE plan_id = ?3 AND code = ?4";
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st)
        return AP_E_DB;
    bind_int64(s, st, 1, form_row);
    bind_int64(s, st, 2, (sqlite3_int64)position);
    bind_int64(s, st, 3, plan_id);
    bind_text(s, st, 4, code);
    ap_rc rc = exec_stmt(s, st, err);
    if (rc == AP_OK && sqlite3_changes(s->db) != 1)
        rc = ap_error_set(err, AP_E_INTERNAL, "form: no activity '%s' in the plan", code);
    return rc;
}

ap_rc ap_store_form_add(ap_store *s, const ap_form_rec *f, ap_error *err)
{
    static const char *const sql =
        "INSERT INTO form_export (plan_id, form_key, scope, scope_value, as_of, signer, "
        "watermark, file, made_at, rec) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st || !bind_rec(s, st, 10, err))
        return AP_E_DB;
    bind_int64(s, st, 1, f->plan_id);
    bind_text(s, st, 2, f->form_key);
    bind_text(s, st, 3, f->scope);
    bind_text(s, st, 4, f->scope_value);
    bind_date(s, st, 5, f->as_of);
    bind_text(s, st, 6, f->signer);
    bind_int64(s, st, 7, f->watermark);
    bind_text(s, st, 8, f->file);
    bind_text(s, st, 9, f->made_at);
    ap_rc rc = exec_insert(s, st, "form_export", err);
    int64_t row = sqlite3_last_insert_rowid(s->db);
    for (size_t i = 0; rc == AP_OK && i < f->n_codes; i++)
        rc = form_add_activity(s, row, f->plan_id, i, f->codes[i], err);
    return rc;
}

/* The codes of a form's activities in row order, into out (arena). */
static ap_rc form_codes(ap_store *s, int64_t form_row, ap_arena *arena, ap_form_rec *out,
                        ap_error *err)
{
    static const char *const sql =
        "SELECT a.code FROM form_export_activity f JOIN activity a ON a.id = f.activity_id "
        "WHERE f.form_id = ?1 ORDER BY f.position";
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st)
        return AP_E_DB;
    bind_int64(s, st, 1, form_row);
    size_t cap = 0;
    const char **codes = NULL;
    int rc;
    out->n_codes = 0;
    while ((rc = step(s, st)) == SQLITE_ROW) {
        ap_grow(&codes, &cap, out->n_codes + 1, sizeof *codes);
        codes[out->n_codes++] = col_text(st, 0, arena);
    }
    sqlite3_reset(st);
    /* Copy into the arena so the record owns nothing on the heap. */
    out->codes = arena_move(arena, codes, out->n_codes, sizeof *codes);
    return rc == SQLITE_DONE ? AP_OK : db_error(s, err);
}

ap_rc ap_store_form_get(ap_store *s, const char *form_key, ap_arena *arena, ap_form_rec *out,
                        bool *found, ap_error *err)
{
    static const char *const sql =
        "SELECT id, plan_id, form_key, scope, scope_value, as_of, signer, watermark, file, "
        "made_at FROM form_export WHERE form_key = ?1";
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st)
        return AP_E_DB;
    bind_text(s, st, 1, form_key);
    int rc = step(s, st);
    *found = rc == SQLITE_ROW;
    int64_t row = 0;
    if (*found) {
        row = sqlite3_column_int64(st, 0);
        out->plan_id = sqlite3_column_int64(st, 1);
        out->form_key = col_text(st, 2, arena);
        out->scope = col_text(st, 3, arena);
        out->scope_value = col_text(st, 4, arena);
        out->as_of = col_date(st, 5);
        out->signer = col_text(st, 6, arena);
        out->watermark = sqlite3_column_int64(st, 7);
        out->file = col_text(st, 8, arena);
        out->made_at = col_text(st, 9, arena);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_error(s, err);
    return *found ? form_codes(s, row, arena, out, err) : AP_OK;
}

ap_rc ap_store_form_unseen_update(ap_store *s, const ap_form_rec *f, int64_t activity_id,
                                  int64_t *update_id, ap_error *err)
{
    /* The prefix is compared with substr rather than LIKE: no pattern
     * characters to escape in a key or a file name. */
    static const char *const sql =
        "SELECT id FROM status_update WHERE activity_id = ?1 AND (id > ?2 OR date > ?3) "
        "AND substr(origin, 1, length(?4)) <> ?4 ORDER BY date DESC, id DESC LIMIT 1";
    char prefix[300];
    snprintf(prefix, sizeof prefix, "form %s ", f->form_key);
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st)
        return AP_E_DB;
    bind_int64(s, st, 1, activity_id);
    bind_int64(s, st, 2, f->watermark);
    bind_date(s, st, 3, f->as_of);
    bind_text(s, st, 4, prefix);
    int rc = step(s, st);
    *update_id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    return finish_rows(s, st, rc, err);
}

