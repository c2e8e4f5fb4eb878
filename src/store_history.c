/*
 * store_history.c - recording history (append-only): status updates,
 * state changes, decisions, measurements and assessments, and the checks
 * for an entry already recorded.
 */
#include "store_internal.h"
#include "actionplan/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* =========================================================================
 * Recording history
 * ========================================================================= */

ap_rc ap_store_activity_ref(ap_store *s, int64_t plan_id, const char *code, ap_activity_ref *ref,
                            ap_error *err)
{
    static const char *const sql =
        "SELECT id, initial_state, removed_at IS NOT NULL FROM activity "
        "WHERE plan_id = ?1 AND code = ?2";
    sqlite3_stmt *st = stmt_plan(s, sql, plan_id, err);
    if (!st)
        return AP_E_DB;
    bind_text(s, st, 2, code);
    int rc = step(s, st);
    if (rc == SQLITE_ROW) {
        ref->id = sqlite3_column_int64(st, 0);
        ref->plan_state = AP_STATE_DECIDED;
        ap_state_parse((const char *)sqlite3_column_text(st, 1), &ref->plan_state);
        ref->removed = sqlite3_column_int(st, 2) != 0;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return AP_OK;
    if (rc != SQLITE_DONE)
        return db_error(s, err);
    return ap_error_set(err, AP_E_NOTFOUND,
                        TR("det finns ingen aktivitet '%s' i planen",
                           "there is no activity '%s' in the plan"),
                        code);
}

static void bind_update(ap_store *s, sqlite3_stmt *st, int64_t activity_id,
                        const ap_update_rec *u)
{
    bind_int64(s, st, 1, activity_id);
    bind_date(s, st, 2, u->date);
    bind_text(s, st, 3, ap_color_name(u->color));
    bind_opt_int(s, st, 4, u->progress);
    bind_text(s, st, 5, u->comment);
    bind_text(s, st, 6, u->cause);
    bind_text(s, st, 7, u->action);
    bind_text(s, st, 8, u->by);
    bind_opt_int(s, st, 9, u->cost);
}

ap_rc ap_store_update_exists(ap_store *s, int64_t activity_id, const ap_update_rec *u,
                             bool *exists, ap_error *err)
{
    static const char *const sql =
        "SELECT 1 FROM status_update WHERE activity_id = ?1 AND date = ?2 AND status = ?3 "
        "AND progress IS ?4 AND comment IS ?5 AND cause IS ?6 AND action IS ?7 AND by IS ?8 "
        "AND cost IS ?9 LIMIT 1";
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st)
        return AP_E_DB;
    bind_update(s, st, activity_id, u);
    return query_exists(s, st, exists, err);
}

ap_rc ap_store_insert_update(ap_store *s, int64_t activity_id, const ap_update_rec *u,
                             ap_error *err)
{
    static const char *const sql =
        "INSERT INTO status_update (activity_id, date, status, progress, comment, cause, "
        "action, by, cost, origin, rec, recorded_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st || !bind_rec_at(s, st, 11, err))
        return AP_E_DB;
    bind_update(s, st, activity_id, u);
    bind_text(s, st, 10, u->origin ? u->origin : "?");
    return exec_insert(s, st, "status_update", err);
}

ap_rc ap_store_last_update_date(ap_store *s, int64_t activity_id, ap_date *date, ap_error *err)
{
    static const char *const sql = "SELECT max(date) FROM status_update WHERE activity_id = ?1";
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st)
        return AP_E_DB;
    bind_int64(s, st, 1, activity_id);
    int rc = step(s, st);
    *date = rc == SQLITE_ROW ? col_date(st, 0) : AP_DATE_NONE;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? AP_OK : db_error(s, err);
}

ap_rc ap_store_state_changes(ap_store *s, int64_t activity_id, ap_state_entry **entries,
                             size_t *n, ap_error *err)
{
    static const char *const sql =
        "SELECT date, state FROM state_change WHERE activity_id = ?1 ORDER BY date, id";
    *entries = NULL;
    *n = 0;
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st)
        return AP_E_DB;
    bind_int64(s, st, 1, activity_id);
    size_t cap = 0;
    int rc;
    while ((rc = step(s, st)) == SQLITE_ROW) {
        ap_grow(entries, &cap, *n + 1, sizeof **entries);
        ap_state_entry *e = &(*entries)[(*n)++];
        e->date = col_date(st, 0);
        e->state = AP_STATE_DECIDED;
        ap_state_parse((const char *)sqlite3_column_text(st, 1), &e->state);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? AP_OK : db_error(s, err);
}

ap_rc ap_store_insert_state(ap_store *s, int64_t activity_id, ap_date date, ap_state state,
                            const char *by, const char *note, const char *origin, ap_error *err)
{
    static const char *const sql =
        "INSERT INTO state_change (activity_id, date, state, by, note, origin, rec, recorded_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st || !bind_rec_at(s, st, 7, err))
        return AP_E_DB;
    bind_int64(s, st, 1, activity_id);
    bind_date(s, st, 2, date);
    bind_text(s, st, 3, ap_state_name(state));
    bind_text(s, st, 4, by);
    bind_text(s, st, 5, note);
    bind_text(s, st, 6, origin ? origin : "?");
    return exec_insert(s, st, "state_change", err);
}

ap_rc ap_store_decision_exists(ap_store *s, int64_t activity_id, ap_date date, const char *text,
                               bool *exists, ap_error *err)
{
    static const char *const sql =
        "SELECT 1 FROM decision WHERE activity_id = ?1 AND date = ?2 AND decision = ?3 LIMIT 1";
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st)
        return AP_E_DB;
    bind_int64(s, st, 1, activity_id);
    bind_date(s, st, 2, date);
    bind_text(s, st, 3, text);
    return query_exists(s, st, exists, err);
}

ap_rc ap_store_insert_decision(ap_store *s, int64_t activity_id, ap_date date, const char *text,
                               const char *by, const char *origin, ap_error *err)
{
    static const char *const sql =
        "INSERT INTO decision (activity_id, date, decision, by, origin, rec, recorded_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st || !bind_rec_at(s, st, 6, err))
        return AP_E_DB;
    bind_int64(s, st, 1, activity_id);
    bind_date(s, st, 2, date);
    bind_text(s, st, 3, text);
    bind_text(s, st, 4, by);
    bind_text(s, st, 5, origin ? origin : "?");
    return exec_insert(s, st, "decision", err);
}

ap_rc ap_store_goal_id(ap_store *s, int64_t plan_id, const char *code, int64_t *goal_id,
                       ap_error *err)
{
    static const char *const sql =
        "SELECT id FROM goal WHERE plan_id = ?1 AND code = ?2 AND removed_at IS NULL";
    sqlite3_stmt *st = stmt_plan(s, sql, plan_id, err);
    if (!st)
        return AP_E_DB;
    bind_text(s, st, 2, code);
    int rc = step(s, st);
    if (rc == SQLITE_ROW)
        *goal_id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return AP_OK;
    if (rc != SQLITE_DONE)
        return db_error(s, err);
    return ap_error_set(err, AP_E_NOTFOUND,
                        TR("det finns inget mål '%s' i planen", "there is no goal '%s' in the plan"),
                        code);
}

ap_rc ap_store_measurement_exists(ap_store *s, int64_t goal_id, ap_date date, double value,
                                  const char *source, const char *by, bool *exists,
                                  ap_error *err)
{
    static const char *const sql =
        "SELECT 1 FROM measurement WHERE goal_id = ?1 AND date = ?2 AND value = ?3 "
        "AND source IS ?4 AND by IS ?5 LIMIT 1";
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st)
        return AP_E_DB;
    bind_int64(s, st, 1, goal_id);
    bind_date(s, st, 2, date);
    bind_double(s, st, 3, value);
    bind_text(s, st, 4, source);
    bind_text(s, st, 5, by);
    return query_exists(s, st, exists, err);
}

ap_rc ap_store_insert_measurement(ap_store *s, int64_t goal_id, ap_date date, double value,
                                  const char *source, const char *by, const char *origin,
                                  ap_error *err)
{
    static const char *const sql =
        "INSERT INTO measurement (goal_id, date, value, source, by, origin, rec, recorded_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st || !bind_rec_at(s, st, 7, err))
        return AP_E_DB;
    bind_int64(s, st, 1, goal_id);
    bind_date(s, st, 2, date);
    bind_double(s, st, 3, value);
    bind_text(s, st, 4, source);
    bind_text(s, st, 5, by);
    bind_text(s, st, 6, origin ? origin : "?");
    return exec_insert(s, st, "measurement", err);
}

/* =========================================================================
 * Assessments
 * ========================================================================= */

ap_rc ap_store_assessment_scope_ok(ap_store *s, int64_t plan_id, const char *scope, bool *ok,
                                   ap_error *err)
{
    static const char *const sql = "SELECT 1 FROM focus_area WHERE plan_id = ?1 AND code = ?2 "
                                   "AND removed_at IS NULL LIMIT 1";
    *ok = strcmp(scope, "plan") == 0;
    if (*ok)
        return AP_OK;
    sqlite3_stmt *st = stmt_plan(s, sql, plan_id, err);
    if (!st)
        return AP_E_DB;
    bind_text(s, st, 2, scope);
    return query_exists(s, st, ok, err);
}

ap_rc ap_store_assessment_exists(ap_store *s, int64_t plan_id, const ap_assessment *a,
                                 bool *exists, ap_error *err)
{
    static const char *const sql =
        "SELECT 1 FROM assessment WHERE plan_id = ?1 AND scope = ?2 AND period = ?3 "
        "AND date = ?4 AND text = ?5 AND by IS ?6 LIMIT 1";
    sqlite3_stmt *st = stmt_plan(s, sql, plan_id, err);
    if (!st)
        return AP_E_DB;
    bind_text(s, st, 2, a->scope);
    bind_text(s, st, 3, a->period);
    bind_date(s, st, 4, a->date);
    bind_text(s, st, 5, a->text);
    bind_text(s, st, 6, a->by);
    return query_exists(s, st, exists, err);
}

ap_rc ap_store_insert_assessment(ap_store *s, int64_t plan_id, const ap_assessment *a,
                                 ap_error *err)
{
    static const char *const sql =
        "INSERT INTO assessment (plan_id, scope, period, date, text, by, origin, rec, "
        "recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
    sqlite3_stmt *st = stmt_plan(s, sql, plan_id, err);
    if (!st || !bind_rec_at(s, st, 8, err))
        return AP_E_DB;
    bind_text(s, st, 2, a->scope);
    bind_text(s, st, 3, a->period);
    bind_date(s, st, 4, a->date);
    bind_text(s, st, 5, a->text);
    bind_text(s, st, 6, a->by);
    bind_text(s, st, 7, a->origin ? a->origin : "?");
    return exec_stmt(s, st, err);
}

ap_rc ap_store_assessment_find(ap_store *s, int64_t plan_id, const char *scope, int year,
                               ap_date as_of, int64_t upto, ap_arena *arena, ap_assessment *out,
                               ap_error *err)
{
    static const char *const sql =
        "SELECT period, date, text, by, origin FROM assessment "
        "WHERE plan_id = ?1 AND scope = ?2 AND (?9 = 0 OR rec <= ?9) AND "
        "  CASE WHEN ?3 > 0 THEN period = printf('%04d', ?3) "
        "  ELSE length(period) = 10 AND period <= ?4 END "
        "ORDER BY period DESC, date DESC, id DESC LIMIT 1";
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = stmt_plan(s, sql, plan_id, err);
    if (!st)
        return AP_E_DB;
    bind_text(s, st, 2, scope);
    bind_int(s, st, 3, year);
    bind_date(s, st, 4, as_of);
    bind_int64(s, st, 9, upto);
    int rc = step(s, st);
    if (rc == SQLITE_ROW) {
        out->given = true;
        out->scope = ap_arena_strdup(arena, scope);
        out->period = col_text(st, 0, arena);
        out->date = col_date(st, 1);
        out->text = col_text(st, 2, arena);
        out->by = col_text(st, 3, arena);
        out->origin = col_text(st, 4, arena);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? AP_OK : db_error(s, err);
}

