/*
 * store_sql.c - the store's statement helpers: a cache of prepared
 * statements, binding that keeps its first failure, errors in words, and
 * the checked reading of values (store_internal.h).
 */
#include "store_internal.h"
#include "actionplan/i18n.h"
#include "actionplan/limits.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* =========================================================================
 * Helpers
 * ========================================================================= */

ap_rc db_error(ap_store *s, ap_error *err)
{
    int code = sqlite3_errcode(s->db);
    if (code == SQLITE_TOOBIG)
        return ap_error_set(err, AP_E_INPUT,
                            TR("en text är för lång för databasen '%s' (högst %d tecken)",
                               "a text is too long for the database '%s' (at most %d characters)"),
                            s->path, AP_TEXT_MAX);
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        return ap_error_set(err, AP_E_DB,
                            TR("databasen '%s' är upptagen: en annan process skriver och blev "
                               "inte klar på %d sekunder; försök igen",
                               "the database '%s' is busy: another process is writing and did "
                               "not finish within %d seconds; try again"),
                            s->path, BUSY_TIMEOUT_MS / 1000);
    return ap_error_set(err, AP_E_DB, TR("databasfel i '%s': %s", "database error in '%s': %s"),
                        s->path, sqlite3_errmsg(s->db));
}

/* An insert that ran without an error but stored nothing: a trigger that
 * is not actionplan's swallows it (RAISE(IGNORE)). Saying "recorded" then
 * would be false. */
ap_rc not_stored(ap_store *s, const char *table, ap_error *err)
{
    return ap_error_set(err, AP_E_DB,
                        TR("databasen '%s' sparade ingen rad i tabellen %s: en utlösare (trigger) "
                           "som inte är actionplans hindrar det; inget registrerades (kör "
                           "'actionplan check')",
                           "the database '%s' stored no row in the table %s: a trigger that is "
                           "not actionplan's prevents it; nothing was recorded (run 'actionplan "
                           "check')"),
                        s->path, table);
}

/* A prepared statement for a string literal, cached and reset. */
sqlite3_stmt *stmt(ap_store *s, const char *sql, ap_error *err)
{
    s->bind_rc = SQLITE_OK;
    for (int i = 0; i < s->ncache; i++) {
        if (s->cache[i].sql == sql) {
            sqlite3_reset(s->cache[i].st);
            sqlite3_clear_bindings(s->cache[i].st);
            return s->cache[i].st;
        }
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        db_error(s, err);
        return NULL;
    }
    if (s->ncache < STMT_CACHE) {
        s->cache[s->ncache].sql = sql;
        s->cache[s->ncache].st = st;
        s->ncache++;
    } else {
        ap_error_set(err, AP_E_INTERNAL, "statement cache full");
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

/* Binding can fail: a text past SQLite's limit (SQLITE_TOOBIG), no memory.
 * A failed bind leaves NULL in its place, so a 1 GB comment would be
 * stored as no comment; instead the first failure is kept and step()
 * returns it without running the statement. */
void bound(ap_store *s, int rc)
{
    if (rc != SQLITE_OK && s->bind_rc == SQLITE_OK)
        s->bind_rc = rc;
}

void bind_int64(ap_store *s, sqlite3_stmt *st, int i, int64_t v)
{
    bound(s, sqlite3_bind_int64(st, i, v));
}

void bind_int(ap_store *s, sqlite3_stmt *st, int i, int v)
{
    bound(s, sqlite3_bind_int(st, i, v));
}

void bind_double(ap_store *s, sqlite3_stmt *st, int i, double v)
{
    bound(s, sqlite3_bind_double(st, i, v));
}

void bind_null(ap_store *s, sqlite3_stmt *st, int i)
{
    bound(s, sqlite3_bind_null(st, i));
}

void bind_text(ap_store *s, sqlite3_stmt *st, int i, const char *v)
{
    if (v && *v)
        bound(s, sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT));
    else
        bind_null(s, st, i);
}

void bind_date(ap_store *s, sqlite3_stmt *st, int i, ap_date d)
{
    char buf[11];
    if (d == AP_DATE_NONE)
        bind_null(s, st, i);
    else
        bound(s, sqlite3_bind_text(st, i, ap_date_format(d, buf), 10, SQLITE_TRANSIENT));
}

void bind_opt_int(ap_store *s, sqlite3_stmt *st, int i, long long v)
{
    if (v < 0)
        bind_null(s, st, i);
    else
        bind_int64(s, st, i, v);
}

/* sqlite3_step, unless a bind failed: then that failure (the statement is
 * not run, and its error is the connection's for db_error). */
int step(ap_store *s, sqlite3_stmt *st)
{
    int rc = s->bind_rc;
    s->bind_rc = SQLITE_OK;
    return rc != SQLITE_OK ? rc : sqlite3_step(st);
}

ap_date col_date(sqlite3_stmt *st, int i)
{
    ap_date d;
    const char *t = (const char *)sqlite3_column_text(st, i);
    return t && ap_date_parse(t, &d) ? d : AP_DATE_NONE;
}

const char *col_text(sqlite3_stmt *st, int i, ap_arena *a)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    return t && *t ? ap_arena_strdup(a, t) : NULL;
}

/* Move n items of size bytes from a heap array (freed) into the arena,
 * with one zeroed item after them; returns the arena copy. Lists are read
 * into a growing heap array and kept in the caller's arena. */
void *arena_move(ap_arena *a, void *heap, size_t n, size_t size)
{
    void *out = ap_arena_alloc(a, (n + 1) * size);
    if (n)
        memcpy(out, heap, n * size);
    free(heap);
    return out;
}

/* ---- reading values the schema promises -----------------------------------
 * A database changed behind the schema's back (CHECK constraints switched
 * off, a hand-edited file) may hold what no input accepts: an SDG number of
 * 100000000, an empty title, a budget of 2^63. Everything the snapshot reads
 * goes through these, which refuse such a value naming table, row and
 * column, so that no view ever renders it (or indexes or sums with it). */


row_reader reader(ap_store *s, sqlite3_stmt *st, const char *table, int64_t row,
                         ap_error *err)
{
    return (row_reader){s, st, table, row, err, AP_OK};
}

/* What was found, for the message: a number as it is, a text only by kind
 * (it may be long, or hold control characters). */
void describe_value(sqlite3_stmt *st, int i, char *out, size_t n)
{
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER:
        snprintf(out, n, "%lld", (long long)sqlite3_column_int64(st, i));
        break;
    case SQLITE_FLOAT:
        snprintf(out, n, "%g", sqlite3_column_double(st, i));
        break;
    case SQLITE_NULL:
        snprintf(out, n, "NULL");
        break;
    default:
        snprintf(out, n, TR("en text på %d byte", "a text of %d bytes"),
                 sqlite3_column_bytes(st, i));
    }
}

void refuse(row_reader *r, int i, const char *column)
{
    if (r->rc != AP_OK)
        return;
    char found[64];
    describe_value(r->st, i, found, sizeof found);
    r->rc = ap_error_set(r->err, AP_E_DB,
                         TR("databasen '%s' har ett ogiltigt värde i tabell %s, rad %lld, "
                            "kolumn %s (%s): filen har ändrats utanför actionplan; kör "
                            "'actionplan check' och återställ den senaste säkerhetskopian",
                            "the database '%s' holds an invalid value in table %s, row %lld, "
                            "column %s (%s): the file was changed outside actionplan; run "
                            "'actionplan check' and restore the latest backup"),
                         r->s->path, r->table, (long long)r->row, column, found);
}

/* A text that must be there (a title, a code, an owner): never empty. */
const char *rd_text(row_reader *r, int i, const char *column, ap_arena *a)
{
    const char *t = col_text(r->st, i, a);
    if (!t)
        refuse(r, i, column);
    return t;
}

/* A dotted code of depth parts ("4.3.1"), or a goal code for depth -1. */
const char *rd_code(row_reader *r, int i, const char *column, int depth, ap_arena *a)
{
    const char *t = (const char *)sqlite3_column_text(r->st, i);
    bool ok = t && (depth < 0 ? ap_goal_code_valid(t) : ap_code_valid(t, depth));
    if (!ok) {
        refuse(r, i, column);
        return "?";
    }
    return ap_arena_strdup(a, t);
}

/* An integer in [min, max]; NULL gives -1 when nullable. */
long long rd_int(row_reader *r, int i, const char *column, long long min, long long max,
                        bool nullable)
{
    int type = sqlite3_column_type(r->st, i);
    if (type == SQLITE_NULL && nullable)
        return -1;
    long long v = sqlite3_column_int64(r->st, i);
    if (type != SQLITE_INTEGER || v < min || v > max) {
        refuse(r, i, column);
        return min;
    }
    return v;
}

double rd_number(row_reader *r, int i, const char *column)
{
    int type = sqlite3_column_type(r->st, i);
    double v = sqlite3_column_double(r->st, i);
    if ((type != SQLITE_FLOAT && type != SQLITE_INTEGER) || !isfinite(v)) {
        refuse(r, i, column);
        return 0;
    }
    return v;
}

/* A date YYYY-MM-DD; NULL gives AP_DATE_NONE when nullable. */
ap_date rd_date(row_reader *r, int i, const char *column, bool nullable)
{
    const char *t = (const char *)sqlite3_column_text(r->st, i);
    ap_date d;
    if (!t && nullable)
        return AP_DATE_NONE;
    if (!t || !ap_date_parse(t, &d)) {
        refuse(r, i, column);
        return AP_DATE_NONE;
    }
    return d;
}

/* One of count machine names (name(k) for k in [first, count)): the index. */
static int rd_enum(row_reader *r, int i, const char *column, const char *(*name)(int),
                   int first, int count)
{
    const char *t = (const char *)sqlite3_column_text(r->st, i);
    for (int k = first; t && k < count; k++)
        if (strcmp(t, name(k)) == 0)
            return k;
    refuse(r, i, column);
    return first;
}

static const char *state_name(int k)
{
    return ap_state_name((ap_state)k);
}

static const char *color_name(int k)
{
    return ap_color_name((ap_color)k);
}

static const char *kind_name(int k)
{
    return ap_goal_kind_name((ap_goal_kind)k);
}

ap_state rd_state(row_reader *r, int i, const char *column)
{
    return (ap_state)rd_enum(r, i, column, state_name, 0, AP_STATE_COUNT);
}

ap_color rd_color(row_reader *r, int i, const char *column)
{
    return (ap_color)rd_enum(r, i, column, color_name, AP_COLOR_GREEN, AP_COLOR_RED + 1);
}

/* Step a statement that returns no rows. */
ap_rc exec_stmt(ap_store *s, sqlite3_stmt *st, ap_error *err)
{
    int rc = step(s, st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return db_error(s, err);
    sqlite3_reset(st);
    return AP_OK;
}

/* Step an INSERT of one row into table and check that the row is there. */
ap_rc exec_insert(ap_store *s, sqlite3_stmt *st, const char *table, ap_error *err)
{
    ap_rc rc = exec_stmt(s, st, err);
    if (rc == AP_OK && sqlite3_changes(s->db) < 1)
        return not_stored(s, table, err);
    return rc;
}

ap_rc exec_sql(ap_store *s, const char *sql, ap_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        ap_rc rc = sqlite3_errcode(s->db) == SQLITE_BUSY
                       ? db_error(s, err)
                       : ap_error_set(err, AP_E_DB,
                                      TR("databasfel i '%s': %s", "database error in '%s': %s"),
                                      s->path, msg ? msg : "?");
        sqlite3_free(msg);
        return rc;
    }
    return AP_OK;
}

/* A cached statement with ?1 bound to a plan's id. */
sqlite3_stmt *stmt_plan(ap_store *s, const char *sql, int64_t plan_id, ap_error *err)
{
    sqlite3_stmt *st = stmt(s, sql, err);
    if (st)
        bind_int64(s, st, 1, plan_id);
    return st;
}

/* Run an upsert that ends in RETURNING id: no row returned is no row
 * stored. */
ap_rc step_returning(ap_store *s, sqlite3_stmt *st, const char *table, int64_t *id,
                            ap_error *err)
{
    int rc = step(s, st);
    if (rc == SQLITE_ROW && id)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return not_stored(s, table, err);
    return rc == SQLITE_ROW ? AP_OK : db_error(s, err);
}

/* Reset a statement after its rows were read; rc is the last step's. */
ap_rc finish_rows(ap_store *s, sqlite3_stmt *st, int rc, ap_error *err)
{
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? AP_OK : db_error(s, err);
}

/* Step a bound query; *exists tells whether it returned a row. */
ap_rc query_exists(ap_store *s, sqlite3_stmt *st, bool *exists, ap_error *err)
{
    int rc = step(s, st);
    *exists = rc == SQLITE_ROW;
    return finish_rows(s, st, rc, err);
}

/* Prepare sql, bind ?1 = id and step to its one row. Returns the statement
 * positioned on the row (reset it after reading), or NULL with err set. */
sqlite3_stmt *row_by_id(ap_store *s, const char *sql, int64_t id, ap_error *err)
{
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st)
        return NULL;
    bind_int64(s, st, 1, id);
    int rc = step(s, st);
    if (rc == SQLITE_ROW)
        return st;
    if (rc == SQLITE_DONE)
        ap_error_set(err, AP_E_INTERNAL, "row %lld not found", (long long)id);
    else
        db_error(s, err);
    sqlite3_reset(st);
    return NULL;
}

ap_rc pragma_int(ap_store *s, const char *sql, int *out, ap_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_error(s, err);
    int rc = step(s, st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_error(s, err);
    return AP_OK;
}

ap_goal_kind rd_goal_kind(row_reader *r, int i, const char *column)
{
    return (ap_goal_kind)rd_enum(r, i, column, kind_name, 0, AP_GOAL_KIND_COUNT);
}
