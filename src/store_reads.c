/*
 * store_reads.c - reading history: the log, the snapshot's streams of
 * light history rows (by index seeks and ranges), full rows by id, and
 * the goals' measurements (store_rows.h).
 */
#include "store_internal.h"
#include "store_rows.h"
#include "actionplan/limits.h"

#include <stdlib.h>
#include <string.h>

ap_rc ap_store_log(ap_store *s, int64_t plan_id, const char *code, const char *since,
                   ap_arena *a, ap_log_entry **out, size_t *n, ap_error *err)
{
    static const char *const sql =
        "SELECT * FROM ("
        " SELECT u.rec AS seq, 1 AS k, u.id, 'status', x.code, u.date, u.status, u.comment,"
        "  NULL, NULL, u.by, u.origin FROM status_update u JOIN activity x ON x.id = u.activity_id"
        "  WHERE x.plan_id = ?1"
        " UNION ALL SELECT c.rec, 2, c.id, 'state', x.code, c.date, c.state, c.note, NULL, NULL,"
        "  c.by, c.origin FROM state_change c JOIN activity x ON x.id = c.activity_id"
        "  WHERE x.plan_id = ?1"
        " UNION ALL SELECT d.rec, 3, d.id, 'decision', x.code, d.date, d.decision, NULL, NULL,"
        "  NULL, d.by, d.origin FROM decision d JOIN activity x ON x.id = d.activity_id"
        "  WHERE x.plan_id = ?1"
        " UNION ALL SELECT m.rec, 4, m.id, 'measurement', g.code, m.date, m.value, m.source,"
        "  NULL, NULL, m.by, m.origin FROM measurement m JOIN goal g ON g.id = m.goal_id"
        "  WHERE g.plan_id = ?1"
        " UNION ALL SELECT p.rec, 0, p.id, 'plan', p.code, nullif(p.effective, ''), NULL, "
        PRESENT_FIELD("p") ", " PRESENT_OLD("p") ", " PRESENT_NEW("p") ","
        "  NULL, coalesce(p.source_file, 'plan file') FROM plan_change p"
        "  WHERE p.plan_id = ?1 AND p.code <> '*'"
        ") e JOIN recording r ON r.seq = e.seq "
        "WHERE (?2 IS NULL OR e.code = ?2) AND (?3 IS NULL OR r.recorded_at >= ?3) "
        "ORDER BY e.seq, e.k, e.id";
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = stmt_plan(s, sql, plan_id, err);
    if (!st)
        return AP_E_DB;
    if (code)
        bind_text(s, st, 2, code);
    if (since)
        bind_text(s, st, 3, since);
    size_t cap = 0;
    ap_log_entry *list = NULL;
    int rc;
    while ((rc = step(s, st)) == SQLITE_ROW) {
        ap_grow(&list, &cap, *n + 1, sizeof *list);
        ap_log_entry *e = &list[(*n)++];
        e->seq = sqlite3_column_int64(st, 0);
        e->kind = col_text(st, 3, a);
        e->code = col_text(st, 4, a);
        e->effective = col_date(st, 5);
        e->value = col_text(st, 6, a);
        e->text = col_text(st, 7, a);
        e->old_value = col_text(st, 8, a);
        e->new_value = col_text(st, 9, a);
        e->by = col_text(st, 10, a);
        e->origin = col_text(st, 11, a);
        e->recorded_at = col_text(st, 13, a);
    }
    *out = arena_move(a, list, *n, sizeof *list);
    return finish_rows(s, st, rc, err);
}

/* Step a history query and hand each light row to cb. */
/* The stream of summed costs, beside ap_history_kind's three. */
enum { HIST_SPENT = AP_HIST_DECISIONS + 1 };

static ap_rc stream_rows(ap_store *s, sqlite3_stmt *st, int kind, ap_history_cb cb, void *user,
                         ap_error *err)
{
    static const char *const tables[] = {"status_update", "state_change", "decision",
                                         "status_update"};
    int rc;
    ap_rc out = AP_OK;
    while ((rc = step(s, st)) == SQLITE_ROW) {
        row_reader r = reader(s, st, tables[kind], sqlite3_column_int64(st, 1), err);
        ap_history_row row = {.activity_id = sqlite3_column_int64(st, 0), .id = r.row};
        if (sqlite3_column_type(st, 2) != SQLITE_NULL) /* NULL: a sum of costs */
            row.date = rd_date(&r, 2, "date", false);
        if (kind == AP_HIST_UPDATES)
            row.value = (int)rd_color(&r, 3, "status");
        else if (kind == AP_HIST_STATES)
            row.value = (int)rd_state(&r, 3, "state");
        row.cost = rd_int(&r, 4, "cost", 0, kind == HIST_SPENT ? AP_SPENT_MAX : AP_AMOUNT_MAX,
                          true);
        if ((out = r.rc) != AP_OK || (out = cb(user, &row, err)) != AP_OK)
            break;
    }
    sqlite3_reset(st);
    if (out != AP_OK)
        return out;
    return rc == SQLITE_DONE ? AP_OK : db_error(s, err);
}

ap_rc ap_store_scan_history(ap_store *s, ap_history_kind kind, int64_t plan_id,
                            int64_t activity_id, ap_date after, ap_date as_of, int64_t rec_after,
                            ap_history_cb cb, void *user, ap_error *err)
{
    /* Ordered as ap_rules_supersedes orders entries: date, then recording. */
    static const char *const sqls[] = {
        "SELECT u.activity_id, u.id, u.date, u.status, u.cost FROM status_update u "
        "JOIN activity a ON a.id = u.activity_id "
        "WHERE a.plan_id = ?1 AND (?2 <= 0 OR a.id = ?2) AND u.date > ?4 AND u.date <= ?3 AND (?9 = 0 OR u.rec <= ?9) AND u.rec > ?8 "
        "ORDER BY u.activity_id, u.date, u.id",
        "SELECT c.activity_id, c.id, c.date, c.state, NULL FROM state_change c "
        "JOIN activity a ON a.id = c.activity_id "
        "WHERE a.plan_id = ?1 AND (?2 <= 0 OR a.id = ?2) AND c.date > ?4 AND c.date <= ?3 AND (?9 = 0 OR c.rec <= ?9) AND c.rec > ?8 "
        "ORDER BY c.activity_id, c.date, c.id",
        "SELECT d.activity_id, d.id, d.date, NULL, NULL FROM decision d "
        "JOIN activity a ON a.id = d.activity_id "
        "WHERE a.plan_id = ?1 AND (?2 <= 0 OR a.id = ?2) AND d.date > ?4 AND d.date <= ?3 AND (?9 = 0 OR d.rec <= ?9) AND d.rec > ?8 "
        "ORDER BY d.activity_id, d.date, d.id",
    };
    sqlite3_stmt *st = stmt(s, sqls[kind], err);
    if (!st)
        return AP_E_DB;
    bind_int64(s, st, 1, plan_id);
    bind_int64(s, st, 2, activity_id);
    bind_date(s, st, 3, as_of);
    bind_int64(s, st, 8, rec_after);
    bind_int64(s, st, 9, s->upto);
    if (after == AP_DATE_NONE)
        bound(s, sqlite3_bind_text(st, 4, "", 0, SQLITE_STATIC)); /* before every date */
    else
        bind_date(s, st, 4, after);
    return stream_rows(s, st, kind, cb, user, err);
}

ap_rc ap_store_scan_latest(ap_store *s, ap_history_kind kind, int64_t plan_id,
                           int64_t activity_id, ap_date as_of, ap_history_cb cb, void *user,
                           ap_error *err)
{
    /* One index seek per activity: the entry that supersedes all others
     * dated <= as_of, i.e. the last by date and, on one date, by recording
     * order - ap_rules_supersedes's order, written as ORDER BY ... DESC. */
    static const char *const sqls[] = {
        "SELECT a.id, u.id, u.date, u.status, u.cost FROM activity a "
        "JOIN status_update u ON u.id = (SELECT x.id FROM status_update x "
        "  WHERE x.activity_id = a.id AND x.date <= ?3 AND (?9 = 0 OR x.rec <= ?9) ORDER BY x.date DESC, x.id DESC LIMIT 1) "
        "WHERE a.plan_id = ?1 AND (?2 <= 0 OR a.id = ?2)",
        "SELECT a.id, c.id, c.date, c.state, NULL FROM activity a "
        "JOIN state_change c ON c.id = (SELECT x.id FROM state_change x "
        "  WHERE x.activity_id = a.id AND x.date <= ?3 AND (?9 = 0 OR x.rec <= ?9) ORDER BY x.date DESC, x.id DESC LIMIT 1) "
        "WHERE a.plan_id = ?1 AND (?2 <= 0 OR a.id = ?2)",
        "SELECT a.id, d.id, d.date, NULL, NULL FROM activity a "
        "JOIN decision d ON d.id = (SELECT x.id FROM decision x "
        "  WHERE x.activity_id = a.id AND x.date <= ?3 AND (?9 = 0 OR x.rec <= ?9) ORDER BY x.date DESC, x.id DESC LIMIT 1) "
        "WHERE a.plan_id = ?1 AND (?2 <= 0 OR a.id = ?2)",
    };
    sqlite3_stmt *st = stmt(s, sqls[kind], err);
    if (!st)
        return AP_E_DB;
    bind_int64(s, st, 1, plan_id);
    bind_int64(s, st, 2, activity_id);
    bind_date(s, st, 3, as_of);
    bind_int64(s, st, 9, s->upto);
    return stream_rows(s, st, kind, cb, user, err);
}

ap_rc ap_store_spell_source(ap_store *s, int64_t activity_id, ap_date as_of, bool want_action,
                            int64_t *id, ap_error *err)
{
#define SPELL_SQL(col)                                                                            \
    "SELECT u.id FROM status_update u WHERE u.activity_id = ?1 AND u.date <= ?2 "                \
    "AND (?9 = 0 OR u.rec <= ?9) AND coalesce(trim(u." col "), '') <> '' AND NOT EXISTS ("        \
    "  SELECT 1 FROM status_update g WHERE g.activity_id = u.activity_id "                       \
    "  AND g.status = 'green' AND g.date <= ?2 AND (?9 = 0 OR g.rec <= ?9) "                     \
    "  AND (g.date > u.date OR (g.date = u.date AND g.id > u.id))) "                             \
    "ORDER BY u.date DESC, u.id DESC LIMIT 1"
    static const char *const sqls[] = {SPELL_SQL("cause"), SPELL_SQL("action")};
#undef SPELL_SQL
    sqlite3_stmt *st = stmt(s, sqls[want_action], err);
    if (!st)
        return AP_E_DB;
    bind_int64(s, st, 1, activity_id);
    bind_date(s, st, 2, as_of);
    bind_int64(s, st, 9, s->upto);
    int rc = step(s, st);
    *id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    return finish_rows(s, st, rc, err);
}

ap_rc ap_store_scan_spent(ap_store *s, int64_t plan_id, int64_t activity_id, ap_date as_of,
                          ap_history_cb cb, void *user, ap_error *err)
{
    /* Read from the partial index status_update_cost alone. total() cannot
     * overflow as sum() can, and is exact below 2^53; a sum past AP_SPENT_MAX stays a REAL, which
     * stream_rows refuses naming the activity's last report. */
    static const char *const sql =
        "SELECT u.activity_id, max(u.id), NULL, NULL, CASE WHEN total(u.cost) <= ?4 "
        "THEN CAST(total(u.cost) AS INTEGER) ELSE total(u.cost) END FROM status_update u "
        "JOIN activity a ON a.id = u.activity_id "
        "WHERE a.plan_id = ?1 AND (?2 <= 0 OR a.id = ?2) AND u.cost IS NOT NULL "
        "AND u.date <= ?3 AND (?9 = 0 OR u.rec <= ?9) GROUP BY u.activity_id";
    sqlite3_stmt *st = stmt_plan(s, sql, plan_id, err);
    if (!st)
        return AP_E_DB;
    bind_int64(s, st, 2, activity_id);
    bind_date(s, st, 3, as_of);
    bind_int64(s, st, 4, AP_SPENT_MAX);
    bind_int64(s, st, 9, s->upto);
    return stream_rows(s, st, HIST_SPENT, cb, user, err);
}

/* A text that repeats across entries (who, where from, when recorded):
 * interned when the caller keeps a table, else copied. */
static const char *col_name(sqlite3_stmt *st, int i, ap_arena *arena, ap_intern *names)
{
    if (!names)
        return col_text(st, i, arena);
    const char *t = (const char *)sqlite3_column_text(st, i);
    return t && *t ? ap_intern_mem(names, t, (size_t)sqlite3_column_bytes(st, i)) : NULL;
}

ap_rc ap_store_get_update_in(ap_store *s, int64_t id, ap_arena *arena, ap_intern *names,
                             ap_update *u, ap_error *err)
{
    static const char *const sql =
        "SELECT date, status, progress, comment, cause, action, by, cost, origin, recorded_at "
        "FROM status_update WHERE id = ?1";
    sqlite3_stmt *st = row_by_id(s, sql, id, err);
    if (!st)
        return err ? err->code : AP_E_DB;
    row_reader r = reader(s, st, "status_update", id, err);
    u->id = id;
    u->date = rd_date(&r, 0, "date", false);
    u->color = rd_color(&r, 1, "status");
    u->progress = (int)rd_int(&r, 2, "progress", 0, AP_PROGRESS_MAX, true);
    u->comment = col_text(st, 3, arena);
    u->cause = col_text(st, 4, arena);
    u->action = col_text(st, 5, arena);
    u->by = col_name(st, 6, arena, names);
    u->cost = rd_int(&r, 7, "cost", 0, AP_AMOUNT_MAX, true);
    u->origin = col_name(st, 8, arena, names);
    u->recorded_at = col_name(st, 9, arena, names);
    sqlite3_reset(st);
    return r.rc;
}

ap_rc ap_store_get_update(ap_store *s, int64_t id, ap_arena *arena, ap_update *u, ap_error *err)
{
    return ap_store_get_update_in(s, id, arena, NULL, u, err);
}

ap_rc ap_store_get_state_change_in(ap_store *s, int64_t id, ap_arena *arena, ap_intern *names,
                                   ap_state_change *c, ap_error *err)
{
    static const char *const sql =
        "SELECT date, state, by, note, origin, recorded_at FROM state_change WHERE id = ?1";
    sqlite3_stmt *st = row_by_id(s, sql, id, err);
    if (!st)
        return err ? err->code : AP_E_DB;
    row_reader r = reader(s, st, "state_change", id, err);
    c->id = id;
    c->from = AP_STATE_PROPOSED;
    c->date = rd_date(&r, 0, "date", false);
    c->to = rd_state(&r, 1, "state");
    c->by = col_name(st, 2, arena, names);
    c->note = col_text(st, 3, arena);
    c->origin = col_name(st, 4, arena, names);
    c->recorded_at = col_name(st, 5, arena, names);
    sqlite3_reset(st);
    return r.rc;
}

ap_rc ap_store_get_state_change(ap_store *s, int64_t id, ap_arena *arena, ap_state_change *c,
                                ap_error *err)
{
    return ap_store_get_state_change_in(s, id, arena, NULL, c, err);
}

ap_rc ap_store_get_decision_in(ap_store *s, int64_t id, ap_arena *arena, ap_intern *names,
                               ap_decision *d, ap_error *err)
{
    static const char *const sql =
        "SELECT date, decision, by, origin, recorded_at FROM decision WHERE id = ?1";
    sqlite3_stmt *st = row_by_id(s, sql, id, err);
    if (!st)
        return err ? err->code : AP_E_DB;
    row_reader r = reader(s, st, "decision", id, err);
    d->id = id;
    d->date = rd_date(&r, 0, "date", false);
    d->text = rd_text(&r, 1, "decision", arena);
    d->by = col_name(st, 2, arena, names);
    d->origin = col_name(st, 3, arena, names);
    d->recorded_at = col_name(st, 4, arena, names);
    sqlite3_reset(st);
    return r.rc;
}

ap_rc ap_store_get_decision(ap_store *s, int64_t id, ap_arena *arena, ap_decision *d,
                            ap_error *err)
{
    return ap_store_get_decision_in(s, id, arena, NULL, d, err);
}

ap_rc ap_store_get_entry_note(ap_store *s, ap_history_kind kind, int64_t id, ap_arena *arena,
                              ap_intern *names, ap_entry_note *out, ap_error *err)
{
    static const char *const sql[] = {
        [AP_HIST_UPDATES] = "SELECT comment, by, recorded_at FROM status_update WHERE id = ?1",
        [AP_HIST_STATES] = "SELECT note, by, recorded_at FROM state_change WHERE id = ?1",
        [AP_HIST_DECISIONS] = "SELECT decision, by, recorded_at FROM decision WHERE id = ?1"};
    static const char *const table[] = {[AP_HIST_UPDATES] = "status_update",
                                        [AP_HIST_STATES] = "state_change",
                                        [AP_HIST_DECISIONS] = "decision"};
    sqlite3_stmt *st = row_by_id(s, sql[kind], id, err);
    if (!st)
        return err ? err->code : AP_E_DB;
    row_reader r = reader(s, st, table[kind], id, err);
    out->text = kind == AP_HIST_DECISIONS ? rd_text(&r, 0, "decision", arena)
                                          : col_text(st, 0, arena);
    out->by = col_name(st, 1, arena, names);
    out->recorded_at = col_name(st, 2, arena, names);
    sqlite3_reset(st);
    return r.rc;
}

ap_rc ap_store_read_measurements(ap_store *s, int64_t goal_id, ap_date as_of, ap_arena *a,
                                 ap_measurement **out, size_t *n, ap_error *err)
{
    static const char *const sql =
        "SELECT id, date, value, source, by FROM measurement WHERE goal_id = ?1 AND date <= ?2 "
        "AND (?9 = 0 OR rec <= ?9) ORDER BY date, id";
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st)
        return AP_E_DB;
    bind_int64(s, st, 1, goal_id);
    bind_date(s, st, 2, as_of);
    bind_int64(s, st, 9, s->upto);
    size_t cap = 0;
    ap_measurement *list = NULL;
    int rc;
    row_reader r = reader(s, st, "measurement", 0, err);
    while (r.rc == AP_OK && (rc = step(s, st)) == SQLITE_ROW) {
        ap_grow(&list, &cap, *n + 1, sizeof *list);
        ap_measurement *m = &list[(*n)++];
        m->id = r.row = sqlite3_column_int64(st, 0);
        m->date = rd_date(&r, 1, "date", false);
        m->value = rd_number(&r, 2, "value");
        m->source = col_text(st, 3, a);
        m->by = col_text(st, 4, a);
    }
    sqlite3_reset(st);
    if (r.rc != AP_OK) {
        free(list);
        *n = 0;
        return r.rc;
    }
    *out = arena_move(a, list, *n, sizeof *list);
    return rc == SQLITE_DONE ? AP_OK : db_error(s, err);
}
