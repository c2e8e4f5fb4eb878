/*
 * store.c - all SQL of actionplan; see store.h and docs/schema.md.
 */
#include "actionplan/store.h"
#include "actionplan/i18n.h"
#include "actionplan/limits.h"
#include "actionplan/snapshot.h"

#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 'APLN': marks a database as actionplan's (PRAGMA application_id). */
#define AP_APPLICATION_ID 0x41504C4E

enum { STMT_CACHE = 256, BUSY_TIMEOUT_MS = 15000 };

struct ap_store {
    sqlite3 *db;
    char path[1024];
    int version_found;
    struct {
        const char *sql; /* identity: the address of a string literal */
        sqlite3_stmt *st;
    } cache[STMT_CACHE];
    int ncache;
    char key_buf[256];
    int64_t rec; /* the recording of the open write transaction; 0 before its first entry */
    int64_t upto; /* the read view: only entries of recordings <= upto (0: all) */
    int64_t rec_at_mark; /* rec when ap_store_mark was set: undone with the mark */
    int bind_rc;  /* the first failed bind of the statement being bound (SQLITE_OK: none) */
};

/* =========================================================================
 * Schema and migrations
 * ========================================================================= */

/* Migration 3 gives each history table a recording: the append-only
 * triggers are dropped for the one UPDATE that fills the new column and
 * made again (APPEND_ONLY) at the end of the migration. */
#define AP_MIGRATE_REC(table, stamp)                                                              \
    "DROP TRIGGER " table "_no_update;"                                                          \
    "ALTER TABLE " table " ADD COLUMN rec INTEGER REFERENCES recording(seq);"                    \
    "UPDATE " table " SET rec = (SELECT seq FROM recording"                                      \
    "  WHERE recorded_at = replace(" table "." stamp ", 'Z', '.000Z'));"                         \
    "UPDATE " table " SET rec = m.r FROM (SELECT id, max(rec) OVER (ORDER BY id) AS r FROM "     \
    table ") AS m WHERE m.id = " table ".id AND m.r <> " table ".rec;"
#define APPEND_ONLY(table)                                                                        \
    "CREATE TRIGGER " table "_no_update BEFORE UPDATE ON " table                                  \
    "  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"

/* Each entry migrates from version i to i + 1. Never edit a released
 * migration: add a new one. (CHECKs are written with OR, not IN: SQLite
 * 3.40 builds a temporary b-tree for an IN list on every insert, a quarter
 * of the cost of a bulk import - bench/README.md.) */
static const char *const migrations[] = {
    /* 1: the whole model: plans, goals, areas, activities and their history */
    "CREATE TABLE plan ("
    "  id INTEGER PRIMARY KEY,"
    "  key TEXT NOT NULL UNIQUE,"
    "  title TEXT NOT NULL,"
    "  organisation TEXT, period TEXT, adopted TEXT, process_lead TEXT, description TEXT,"
    "  source_file TEXT,"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
    "  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
    ") STRICT;"
    "CREATE TABLE goal ("
    "  id INTEGER PRIMARY KEY,"
    "  plan_id INTEGER NOT NULL REFERENCES plan(id),"
    "  code TEXT NOT NULL, position INTEGER NOT NULL,"
    "  title TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind = 'result' OR kind = 'process' OR kind = 'effect'),"
    "  indicator TEXT, unit TEXT,"
    "  baseline REAL NOT NULL, baseline_date TEXT NOT NULL,"
    "  target REAL NOT NULL, target_date TEXT NOT NULL,"
    "  removed_at TEXT,"
    "  UNIQUE (plan_id, code)"
    ") STRICT;"
    "CREATE TABLE focus_area ("
    "  id INTEGER PRIMARY KEY,"
    "  plan_id INTEGER NOT NULL REFERENCES plan(id),"
    "  code TEXT NOT NULL, position INTEGER NOT NULL,"
    "  title TEXT NOT NULL, lead TEXT,"
    "  removed_at TEXT,"
    "  UNIQUE (plan_id, code)"
    ") STRICT;"
    "CREATE TABLE initiative ("
    "  id INTEGER PRIMARY KEY,"
    "  plan_id INTEGER NOT NULL REFERENCES plan(id),"
    "  focus_id INTEGER NOT NULL REFERENCES focus_area(id),"
    "  code TEXT NOT NULL, position INTEGER NOT NULL,"
    "  title TEXT NOT NULL, approach TEXT,"
    "  removed_at TEXT,"
    "  UNIQUE (plan_id, code)"
    ") STRICT;"
    "CREATE TABLE activity ("
    "  id INTEGER PRIMARY KEY,"
    "  plan_id INTEGER NOT NULL REFERENCES plan(id),"
    "  initiative_id INTEGER NOT NULL REFERENCES initiative(id),"
    "  code TEXT NOT NULL, position INTEGER NOT NULL,"
    "  title TEXT NOT NULL, owner TEXT NOT NULL, responsible TEXT,"
    "  start TEXT, due TEXT,"
    "  budget INTEGER CHECK (budget >= 0),"
    "  weight INTEGER NOT NULL DEFAULT 1 CHECK (weight >= 1),"
    "  initial_state TEXT NOT NULL CHECK (initial_state = 'proposed' OR"
    "    initial_state = 'decided' OR initial_state = 'ongoing' OR"
    "    initial_state = 'completed' OR initial_state = 'paused' OR initial_state = 'cancelled'),"
    "  removed_at TEXT,"
    "  UNIQUE (plan_id, code)"
    ") STRICT;"
    "CREATE INDEX activity_initiative ON activity(initiative_id);"
    "CREATE TABLE activity_participant ("
    "  activity_id INTEGER NOT NULL REFERENCES activity(id),"
    "  position INTEGER NOT NULL, name TEXT NOT NULL,"
    "  PRIMARY KEY (activity_id, position)"
    ") STRICT;"
    "CREATE TABLE activity_goal ("
    "  activity_id INTEGER NOT NULL REFERENCES activity(id),"
    "  goal_id INTEGER NOT NULL REFERENCES goal(id),"
    "  position INTEGER NOT NULL,"
    "  PRIMARY KEY (activity_id, goal_id)"
    ") STRICT;"
    "CREATE TABLE activity_sdg ("
    "  activity_id INTEGER NOT NULL REFERENCES activity(id),"
    "  sdg INTEGER NOT NULL CHECK (sdg BETWEEN 1 AND 17),"
    "  PRIMARY KEY (activity_id, sdg)"
    ") STRICT;"
    /* History: append-only */
    "CREATE TABLE status_update ("
    "  id INTEGER PRIMARY KEY,"
    "  activity_id INTEGER NOT NULL REFERENCES activity(id),"
    "  date TEXT NOT NULL,"
    "  status TEXT NOT NULL CHECK (status = 'green' OR status = 'yellow' OR status = 'red'),"
    "  progress INTEGER CHECK (progress BETWEEN 0 AND 100),"
    "  comment TEXT, cause TEXT, action TEXT, by TEXT,"
    "  cost INTEGER CHECK (cost >= 0),"
    "  origin TEXT NOT NULL,"
    "  recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
    ") STRICT;"
    "CREATE INDEX status_update_activity ON status_update(activity_id, date, id);"
    /* covers the sum of costs as of a date without reading the rows */
    "CREATE INDEX status_update_cost ON status_update(activity_id, date, cost)"
    "  WHERE cost IS NOT NULL;"
    "CREATE TABLE state_change ("
    "  id INTEGER PRIMARY KEY,"
    "  activity_id INTEGER NOT NULL REFERENCES activity(id),"
    "  date TEXT NOT NULL,"
    "  state TEXT NOT NULL CHECK (state = 'proposed' OR state = 'decided' OR"
    "    state = 'ongoing' OR state = 'completed' OR state = 'paused' OR state = 'cancelled'),"
    "  by TEXT, note TEXT,"
    "  origin TEXT NOT NULL,"
    "  recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
    ") STRICT;"
    "CREATE INDEX state_change_activity ON state_change(activity_id, date, id);"
    "CREATE TABLE decision ("
    "  id INTEGER PRIMARY KEY,"
    "  activity_id INTEGER NOT NULL REFERENCES activity(id),"
    "  date TEXT NOT NULL,"
    "  decision TEXT NOT NULL,"
    "  by TEXT,"
    "  origin TEXT NOT NULL,"
    "  recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
    ") STRICT;"
    "CREATE INDEX decision_activity ON decision(activity_id, date, id);"
    "CREATE TABLE measurement ("
    "  id INTEGER PRIMARY KEY,"
    "  goal_id INTEGER NOT NULL REFERENCES goal(id),"
    "  date TEXT NOT NULL,"
    "  value REAL NOT NULL,"
    "  source TEXT, by TEXT,"
    "  origin TEXT NOT NULL,"
    "  recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
    ") STRICT;"
    "CREATE INDEX measurement_goal ON measurement(goal_id, date, id);"
    "CREATE TABLE plan_change ("
    "  id INTEGER PRIMARY KEY,"
    "  plan_id INTEGER NOT NULL REFERENCES plan(id),"
    "  source_file TEXT,"
    "  entity TEXT NOT NULL, code TEXT NOT NULL, field TEXT NOT NULL,"
    "  old_value TEXT, new_value TEXT,"
    "  recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
    ") STRICT;"
    "CREATE TABLE report_run ("
    "  id INTEGER PRIMARY KEY,"
    "  plan_id INTEGER NOT NULL REFERENCES plan(id),"
    "  kind TEXT NOT NULL,"
    "  as_of TEXT NOT NULL, since TEXT,"
    "  files TEXT,"
    "  made_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
    ") STRICT;"
    "CREATE INDEX report_run_plan ON report_run(plan_id, kind, as_of);"
    /* append-only: refuse UPDATE and DELETE on every history table */
    "CREATE TRIGGER status_update_no_update BEFORE UPDATE ON status_update"
    "  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
    "CREATE TRIGGER status_update_no_delete BEFORE DELETE ON status_update"
    "  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
    "CREATE TRIGGER state_change_no_update BEFORE UPDATE ON state_change"
    "  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
    "CREATE TRIGGER state_change_no_delete BEFORE DELETE ON state_change"
    "  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
    "CREATE TRIGGER decision_no_update BEFORE UPDATE ON decision"
    "  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
    "CREATE TRIGGER decision_no_delete BEFORE DELETE ON decision"
    "  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
    "CREATE TRIGGER measurement_no_update BEFORE UPDATE ON measurement"
    "  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
    "CREATE TRIGGER measurement_no_delete BEFORE DELETE ON measurement"
    "  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
    "CREATE TRIGGER plan_change_no_update BEFORE UPDATE ON plan_change"
    "  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
    "CREATE TRIGGER plan_change_no_delete BEFORE DELETE ON plan_change"
    "  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
    "CREATE TRIGGER report_run_no_update BEFORE UPDATE ON report_run"
    "  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
    "CREATE TRIGGER report_run_no_delete BEFORE DELETE ON report_run"
    "  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
    /* structure rows are never deleted either: removal is removed_at */
    "CREATE TRIGGER activity_no_delete BEFORE DELETE ON activity"
    "  BEGIN SELECT RAISE(ABORT, 'activities are never deleted'); END;",
    /* 2: the update forms handed out (forms export), so that a form read back
     * can be told from a form of another database, and its activities, date
     * and the updates it showed are known (forms import) */
    "CREATE TABLE form_export ("
    "  id INTEGER PRIMARY KEY,"
    "  plan_id INTEGER NOT NULL REFERENCES plan(id),"
    "  form_key TEXT NOT NULL UNIQUE,"
    "  scope TEXT NOT NULL CHECK (scope IN ('focus','owner')),"
    "  scope_value TEXT NOT NULL,"
    "  as_of TEXT NOT NULL,"
    "  signer TEXT,"
    "  watermark INTEGER NOT NULL,"
    "  file TEXT,"
    "  made_at TEXT NOT NULL"
    ") STRICT;"
    "CREATE INDEX form_export_plan ON form_export(plan_id, as_of);"
    "CREATE TABLE form_export_activity ("
    "  form_id INTEGER NOT NULL REFERENCES form_export(id),"
    "  position INTEGER NOT NULL,"
    "  activity_id INTEGER NOT NULL REFERENCES activity(id),"
    "  PRIMARY KEY (form_id, position)"
    ") STRICT;"
    "CREATE TRIGGER form_export_no_update BEFORE UPDATE ON form_export"
    "  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
    "CREATE TRIGGER form_export_no_delete BEFORE DELETE ON form_export"
    "  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
    "CREATE TRIGGER form_export_activity_no_update BEFORE UPDATE ON form_export_activity"
    "  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
    "CREATE TRIGGER form_export_activity_no_delete BEFORE DELETE ON form_export_activity"
    "  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;",
    /* 3: time (bitemporal history). Every entry is recorded in a
     * `recording`: one per write transaction, numbered in the order the
     * database received them (seq) and stamped in UTC to the millisecond.
     * An entry's effective date is its own `date`; its recorded time is its
     * recording. Existing rows get recordings from their recorded_at (each
     * distinct second one recording, in time order), kept in row order
     * within a table (the row order is the better evidence should the
     * clock have stepped back). Plan changes get the date they take effect;
     * report runs become the register of reports: the recording they were
     * made from (upto), the settings that shaped them, a digest of their
     * data and the date they say they were made. */
    "CREATE TABLE recording ("
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  recorded_at TEXT NOT NULL"
    ") STRICT;"
    "CREATE TRIGGER recording_no_update BEFORE UPDATE ON recording"
    "  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
    "CREATE TRIGGER recording_no_delete BEFORE DELETE ON recording"
    "  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
    "INSERT INTO recording (recorded_at) SELECT t FROM ("
    "  SELECT replace(recorded_at, 'Z', '.000Z') AS t FROM status_update"
    "  UNION SELECT replace(recorded_at, 'Z', '.000Z') FROM state_change"
    "  UNION SELECT replace(recorded_at, 'Z', '.000Z') FROM decision"
    "  UNION SELECT replace(recorded_at, 'Z', '.000Z') FROM measurement"
    "  UNION SELECT replace(recorded_at, 'Z', '.000Z') FROM plan_change"
    "  UNION SELECT replace(made_at, 'Z', '.000Z') FROM report_run"
    "  UNION SELECT replace(made_at, 'Z', '.000Z') FROM form_export"
    "  UNION SELECT replace(created_at, 'Z', '.000Z') FROM plan"
    ") ORDER BY t;"
    AP_MIGRATE_REC("status_update", "recorded_at")
    AP_MIGRATE_REC("state_change", "recorded_at")
    AP_MIGRATE_REC("decision", "recorded_at")
    AP_MIGRATE_REC("measurement", "recorded_at")
    AP_MIGRATE_REC("plan_change", "recorded_at")
    AP_MIGRATE_REC("report_run", "made_at")
    AP_MIGRATE_REC("form_export", "made_at")
    "ALTER TABLE plan ADD COLUMN rec INTEGER REFERENCES recording(seq);"
    "UPDATE plan SET rec = (SELECT seq FROM recording "
    "  WHERE recorded_at = replace(plan.created_at, 'Z', '.000Z'));"
    /* when a plan change takes effect: '' = from the beginning */
    "ALTER TABLE plan_change ADD COLUMN effective TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE report_run ADD COLUMN upto INTEGER;"
    "ALTER TABLE report_run ADD COLUMN settings TEXT;"
    "ALTER TABLE report_run ADD COLUMN digest TEXT;"
    "ALTER TABLE report_run ADD COLUMN made_on TEXT;"
    "UPDATE report_run SET upto = rec, made_on = substr(made_at, 1, 10);"
    "CREATE INDEX plan_change_field ON plan_change(plan_id, entity, code, field, rec);"
    APPEND_ONLY("report_run") APPEND_ONLY("plan_change") APPEND_ONLY("status_update")
    APPEND_ONLY("state_change") APPEND_ONLY("decision") APPEND_ONLY("measurement")
    APPEND_ONLY("form_export"),
    /* 4: written assessments of a focus area (scope = its code) or of the
     * whole plan (scope = 'plan') for a period: a year ('2017') or a
     * steering pack's as-of date ('2017-12-15'); history like the rest */
    "CREATE TABLE assessment ("
    "  id INTEGER PRIMARY KEY,"
    "  plan_id INTEGER NOT NULL REFERENCES plan(id),"
    "  scope TEXT NOT NULL,"
    "  period TEXT NOT NULL CHECK (length(period) = 4 OR length(period) = 10),"
    "  date TEXT NOT NULL,"
    "  text TEXT NOT NULL,"
    "  by TEXT,"
    "  origin TEXT NOT NULL,"
    "  recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
    "  rec INTEGER REFERENCES recording(seq)"
    ") STRICT;"
    "CREATE INDEX assessment_scope ON assessment(plan_id, scope, period, date);"
    APPEND_ONLY("assessment")
    "CREATE TRIGGER assessment_no_delete BEFORE DELETE ON assessment"
    "  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;",
    /* 5: a plan readable by anyone through `serve` (public = yes in its file) */
    "ALTER TABLE plan ADD COLUMN public INTEGER NOT NULL DEFAULT 0;",
};
_Static_assert(sizeof migrations / sizeof migrations[0] == AP_SCHEMA_VERSION,
               "one migration per schema version");

/* =========================================================================
 * Helpers
 * ========================================================================= */

static ap_rc db_error(ap_store *s, ap_error *err)
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
static ap_rc not_stored(ap_store *s, const char *table, ap_error *err)
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
static sqlite3_stmt *stmt(ap_store *s, const char *sql, ap_error *err)
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
static void bound(ap_store *s, int rc)
{
    if (rc != SQLITE_OK && s->bind_rc == SQLITE_OK)
        s->bind_rc = rc;
}

static void bind_int64(ap_store *s, sqlite3_stmt *st, int i, int64_t v)
{
    bound(s, sqlite3_bind_int64(st, i, v));
}

static void bind_int(ap_store *s, sqlite3_stmt *st, int i, int v)
{
    bound(s, sqlite3_bind_int(st, i, v));
}

static void bind_double(ap_store *s, sqlite3_stmt *st, int i, double v)
{
    bound(s, sqlite3_bind_double(st, i, v));
}

static void bind_null(ap_store *s, sqlite3_stmt *st, int i)
{
    bound(s, sqlite3_bind_null(st, i));
}

static void bind_text(ap_store *s, sqlite3_stmt *st, int i, const char *v)
{
    if (v && *v)
        bound(s, sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT));
    else
        bind_null(s, st, i);
}

static void bind_date(ap_store *s, sqlite3_stmt *st, int i, ap_date d)
{
    char buf[11];
    if (d == AP_DATE_NONE)
        bind_null(s, st, i);
    else
        bound(s, sqlite3_bind_text(st, i, ap_date_format(d, buf), 10, SQLITE_TRANSIENT));
}

static void bind_opt_int(ap_store *s, sqlite3_stmt *st, int i, long long v)
{
    if (v < 0)
        bind_null(s, st, i);
    else
        bind_int64(s, st, i, v);
}

/* sqlite3_step, unless a bind failed: then that failure (the statement is
 * not run, and its error is the connection's for db_error). */
static int step(ap_store *s, sqlite3_stmt *st)
{
    int rc = s->bind_rc;
    s->bind_rc = SQLITE_OK;
    return rc != SQLITE_OK ? rc : sqlite3_step(st);
}

static ap_date col_date(sqlite3_stmt *st, int i)
{
    ap_date d;
    const char *t = (const char *)sqlite3_column_text(st, i);
    return t && ap_date_parse(t, &d) ? d : AP_DATE_NONE;
}

static const char *col_text(sqlite3_stmt *st, int i, ap_arena *a)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    return t && *t ? ap_arena_strdup(a, t) : NULL;
}

static long long col_opt_int(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, i);
}

/* Move n items of size bytes from a heap array (freed) into the arena,
 * with one zeroed item after them; returns the arena copy. Lists are read
 * into a growing heap array and kept in the caller's arena. */
static void *arena_move(ap_arena *a, void *heap, size_t n, size_t size)
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

typedef struct row_reader {
    ap_store *s;
    sqlite3_stmt *st;
    const char *table;
    int64_t row;      /* rowid, for the message */
    ap_error *err;
    ap_rc rc;         /* the first refusal; AP_OK while every value was good */
} row_reader;

static row_reader reader(ap_store *s, sqlite3_stmt *st, const char *table, int64_t row,
                         ap_error *err)
{
    return (row_reader){s, st, table, row, err, AP_OK};
}

/* What was found, for the message: a number as it is, a text only by kind
 * (it may be long, or hold control characters). */
static void describe_value(sqlite3_stmt *st, int i, char *out, size_t n)
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

static void refuse(row_reader *r, int i, const char *column)
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
static const char *rd_text(row_reader *r, int i, const char *column, ap_arena *a)
{
    const char *t = col_text(r->st, i, a);
    if (!t)
        refuse(r, i, column);
    return t;
}

/* A dotted code of depth parts ("4.3.1"), or a goal code for depth -1. */
static const char *rd_code(row_reader *r, int i, const char *column, int depth, ap_arena *a)
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
static long long rd_int(row_reader *r, int i, const char *column, long long min, long long max,
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

static double rd_number(row_reader *r, int i, const char *column)
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
static ap_date rd_date(row_reader *r, int i, const char *column, bool nullable)
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

static ap_state rd_state(row_reader *r, int i, const char *column)
{
    return (ap_state)rd_enum(r, i, column, state_name, 0, AP_STATE_COUNT);
}

static ap_color rd_color(row_reader *r, int i, const char *column)
{
    return (ap_color)rd_enum(r, i, column, color_name, AP_COLOR_GREEN, AP_COLOR_RED + 1);
}

/* Step a statement that returns no rows. */
static ap_rc exec_stmt(ap_store *s, sqlite3_stmt *st, ap_error *err)
{
    int rc = step(s, st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return db_error(s, err);
    sqlite3_reset(st);
    return AP_OK;
}

/* Step an INSERT of one row into table and check that the row is there. */
static ap_rc exec_insert(ap_store *s, sqlite3_stmt *st, const char *table, ap_error *err)
{
    ap_rc rc = exec_stmt(s, st, err);
    if (rc == AP_OK && sqlite3_changes(s->db) < 1)
        return not_stored(s, table, err);
    return rc;
}

static ap_rc exec_sql(ap_store *s, const char *sql, ap_error *err)
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
static sqlite3_stmt *stmt_plan(ap_store *s, const char *sql, int64_t plan_id, ap_error *err)
{
    sqlite3_stmt *st = stmt(s, sql, err);
    if (st)
        bind_int64(s, st, 1, plan_id);
    return st;
}

/* Reset a statement after its rows were read; rc is the last step's. */
static ap_rc finish_rows(ap_store *s, sqlite3_stmt *st, int rc, ap_error *err)
{
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? AP_OK : db_error(s, err);
}

/* Step a bound query; *exists tells whether it returned a row. */
static ap_rc query_exists(ap_store *s, sqlite3_stmt *st, bool *exists, ap_error *err)
{
    int rc = step(s, st);
    *exists = rc == SQLITE_ROW;
    return finish_rows(s, st, rc, err);
}

/* Prepare sql, bind ?1 = id and step to its one row. Returns the statement
 * positioned on the row (reset it after reading), or NULL with err set. */
static sqlite3_stmt *row_by_id(ap_store *s, const char *sql, int64_t id, ap_error *err)
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

static ap_rc pragma_int(ap_store *s, const char *sql, int *out, ap_error *err)
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

/* =========================================================================
 * Opening
 * ========================================================================= */

static ap_rc not_ours(ap_store *s, ap_error *err)
{
    return ap_error_set(err, AP_E_DB,
                        TR("'%s' är ingen actionplan-databas", "'%s' is not an actionplan database"),
                        s->path);
}

static ap_rc newer_schema(ap_store *s, int version, ap_error *err)
{
    return ap_error_set(err, AP_E_DB,
                        TR("databasen '%s' är skapad av en nyare version av actionplan "
                           "(schema %d; detta program känner schema %d): uppdatera programmet",
                           "the database '%s' was made by a newer version of actionplan "
                           "(schema %d; this program knows schema %d): upgrade the program"),
                        s->path, version, AP_SCHEMA_VERSION);
}

static ap_rc migrate(ap_store *s, bool create, ap_error *err)
{
    ap_rc rc = ap_store_begin(s, err);
    if (rc != AP_OK)
        return rc;
    int version = 0, app_id = 0, tables = 0;
    if ((rc = pragma_int(s, "PRAGMA user_version", &version, err)) != AP_OK ||
        (rc = pragma_int(s, "PRAGMA application_id", &app_id, err)) != AP_OK ||
        (rc = pragma_int(s, "SELECT count(*) FROM sqlite_schema", &tables, err)) != AP_OK)
        goto fail;
    if (app_id != AP_APPLICATION_ID && (app_id != 0 || tables != 0 || version != 0)) {
        rc = not_ours(s, err);
        goto fail;
    }
    if (!create && tables == 0) {
        /* an empty file (0 bytes) where a database should be: only `init`
         * makes a new database */
        rc = ap_error_set(err, AP_E_DB,
                          TR("databasen '%s' är tom: kör 'actionplan init' först",
                             "the database '%s' is empty: run 'actionplan init' first"),
                          s->path);
        goto fail;
    }
    if (version > AP_SCHEMA_VERSION) {
        rc = newer_schema(s, version, err);
        goto fail;
    }
    s->version_found = version;
    for (int v = version; v < AP_SCHEMA_VERSION; v++)
        if ((rc = exec_sql(s, migrations[v], err)) != AP_OK)
            goto fail;
    if (version < AP_SCHEMA_VERSION) {
        char sql[96];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d; PRAGMA application_id = %d",
                 AP_SCHEMA_VERSION, AP_APPLICATION_ID);
        if ((rc = exec_sql(s, sql, err)) != AP_OK)
            goto fail;
    }
    return ap_store_commit(s, err);
fail:
    ap_store_rollback(s);
    return rc;
}

/* The directory that holds the database ("." for a bare name). */
static void db_dir(const char *path, char *out, size_t n)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(out, n, ".");
    else
        snprintf(out, n, "%.*s", slash == path ? 1 : (int)(slash - path), path);
}

/* SQLite writes its -wal, -shm and journal files beside the database, so
 * a directory it cannot write in fails every open that may write. Only a
 * refusal counts: a missing directory is SQLite's to report. */
static bool dir_writable(const char *path)
{
    if (strcmp(path, ":memory:") == 0)
        return true;
    char dir[4096];
    db_dir(path, dir, sizeof dir);
    return access(dir, W_OK) == 0 || (errno != EROFS && errno != EACCES && errno != EPERM);
}

static ap_rc readonly_dir(const char *path, ap_error *err)
{
    char dir[4096];
    db_dir(path, dir, sizeof dir);
    return ap_error_set(err, AP_E_IO,
                        TR("katalogen '%s' är skrivskyddad: databasen kan inte ändras (gör "
                           "katalogen skrivbar eller flytta databasen; list, show och explain "
                           "kan läsa den)",
                           "the folder '%s' is read-only: the database cannot be changed (make "
                           "the folder writable or move the database; list, show and explain "
                           "can read it)"),
                        dir);
}

/* Open for reading. In a read-only directory no -wal or -shm file can be
 * made, and SQLite cannot open a WAL database without them: it is opened
 * immutable then (nobody can change it there either), unless a -wal file
 * is already there, whose changes must be read. */
static int sqlite_open_readonly(const char *path, sqlite3 **db)
{
    char wal[4200];
    snprintf(wal, sizeof wal, "%s-wal", path);
    if (dir_writable(path) || access(wal, F_OK) == 0)
        return sqlite3_open_v2(path, db, SQLITE_OPEN_READONLY, NULL);
    ap_buf uri = {0};
    ap_buf_puts(&uri, path[0] == '/' ? "file://" : "file:");
    for (const char *p = path; *p; p++)
        if (*p == '%' || *p == '?' || *p == '#')
            ap_buf_printf(&uri, "%%%02X", (unsigned char)*p);
        else
            ap_buf_putc(&uri, *p);
    ap_buf_puts(&uri, "?immutable=1");
    int rc = sqlite3_open_v2(ap_buf_str(&uri), db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    ap_buf_free(&uri);
    return rc;
}

static ap_rc not_regular(const char *path, ap_error *err)
{
    return ap_error_set(err, AP_E_IO,
                        TR("'%s' är ingen vanlig fil och kan inte vara en databas",
                           "'%s' is not a regular file and cannot be a database"),
                        path);
}

ap_rc ap_store_open(const char *path, bool create, ap_store **out, ap_error *err)
{
    *out = NULL;
    struct stat st;
    if (stat(path, &st) != 0) {
        if (!create)
            return ap_error_set(err, AP_E_IO,
                                TR("databasen '%s' finns inte: kör 'actionplan init' först",
                                   "the database '%s' does not exist: run 'actionplan init' first"),
                                path);
    } else if (S_ISDIR(st.st_mode)) {
        return ap_error_set(err, AP_E_IO,
                            TR("'%s' är en katalog, inte en databas",
                               "'%s' is a directory, not a database"),
                            path);
    } else if (!S_ISREG(st.st_mode)) {
        /* A device reads as an empty database: it would be "created", with
         * a journal written beside it (/dev/null-journal). */
        return not_regular(path, err);
    }
    if (!dir_writable(path))
        return readonly_dir(path, err);
    ap_store *s = ap_xcalloc(1, sizeof *s);
    snprintf(s->path, sizeof s->path, "%s", path);
    /* One thread per connection: no need for SQLite's mutexes (7 % of a
     * bulk import's time). */
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    ap_rc rc = AP_OK;
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        rc = ap_error_set(err, AP_E_DB, TR("kan inte öppna databasen '%s': %s",
                                           "unable to open the database '%s': %s"),
                          path, s->db ? sqlite3_errmsg(s->db) : ap_errno_text(errno));
        goto fail;
    }
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(s->db, 0);
    int app_id = 0;
    if (pragma_int(s, "PRAGMA application_id", &app_id, err) != AP_OK) {
        rc = sqlite3_errcode(s->db) == SQLITE_NOTADB ? not_ours(s, err) : AP_E_DB;
        goto fail;
    }
    if ((rc = exec_sql(s, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL", err)) != AP_OK)
        goto fail;
    /* WAL only once the file is known to be ours: switching the journal mode
     * changes the file, and another application's database is left alone. */
    if ((rc = migrate(s, create, err)) != AP_OK ||
        (rc = exec_sql(s, "PRAGMA journal_mode = WAL", err)) != AP_OK)
        goto fail;
    *out = s;
    return AP_OK;
fail:
    ap_store_close(s);
    return rc ? rc : AP_E_DB;
}

void ap_store_close(ap_store *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->ncache; i++)
        sqlite3_finalize(s->cache[i].st);
    sqlite3_close(s->db);
    free(s);
}

int ap_store_version_found(const ap_store *s)
{
    return s->version_found;
}

const char *ap_store_path(const ap_store *s)
{
    return s->path;
}

/* Page cache: reads pass over the data once and need little (SQLite's
 * 2 MB); a big import's transaction re-reads its pages, and with 64 MB it
 * finds them in memory instead of searching the WAL (bench/README.md). */
ap_rc ap_store_begin_read(ap_store *s, ap_error *err)
{
    return ap_store_begin_read_upto(s, 0, err);
}

ap_rc ap_store_begin_read_upto(ap_store *s, int64_t upto, ap_error *err)
{
    s->upto = upto > 0 ? upto : 0;
    return exec_sql(s, "PRAGMA cache_size = -2000; BEGIN DEFERRED", err);
}

ap_rc ap_store_begin(ap_store *s, ap_error *err)
{
    /* ACTIONPLAN_CACHE_KIB overrides the 64 MB (a machine short of memory;
     * the kill tests, which want pages on disk before the commit). */
    long long kib = 65536;
    const char *env = getenv("ACTIONPLAN_CACHE_KIB");
    if (env && !ap_parse_int(env, 64, 16777216, &kib))
        kib = 65536;
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = -%lld; BEGIN IMMEDIATE", kib);
    return exec_sql(s, sql, err);
}

ap_rc ap_store_commit(ap_store *s, ap_error *err)
{
    s->rec = 0;
    s->upto = 0;
    return exec_sql(s, "COMMIT", err);
}

void ap_store_rollback(ap_store *s)
{
    s->rec = 0;
    s->upto = 0;
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

ap_rc ap_store_mark(ap_store *s, ap_error *err)
{
    s->rec_at_mark = s->rec;
    return exec_sql(s, "SAVEPOINT ap_mark", err);
}

ap_rc ap_store_keep_mark(ap_store *s, ap_error *err)
{
    return exec_sql(s, "RELEASE ap_mark", err);
}

ap_rc ap_store_undo_to_mark(ap_store *s, ap_error *err)
{
    /* a recording made after the mark is undone with it */
    s->rec = s->rec_at_mark;
    return exec_sql(s, "ROLLBACK TO ap_mark; RELEASE ap_mark", err);
}

/* The recording every entry of this write transaction belongs to, made at
 * its first entry (a transaction that records nothing leaves no trace).
 * Its time never goes back, even when the clock does: the sequence number
 * orders entries, the time says when. 0 with err set on failure. */
static int64_t recording(ap_store *s, ap_error *err)
{
    static const char *const sql =
        "INSERT INTO recording (recorded_at) SELECT max(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), "
        "coalesce((SELECT max(recorded_at) FROM recording), '')) RETURNING seq";
    if (s->rec)
        return s->rec;
    int binding = s->bind_rc; /* of the statement that asked: it is being bound */
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st)
        return 0;
    int rc = step(s, st);
    if (rc == SQLITE_ROW)
        s->rec = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        not_stored(s, "recording", err);
    else if (rc != SQLITE_ROW)
        db_error(s, err);
    s->bind_rc = binding;
    return s->rec;
}

/* Bind the transaction's recording to parameter i of st. */
static bool bind_rec(ap_store *s, sqlite3_stmt *st, int i, ap_error *err)
{
    int64_t rec = recording(s, err);
    if (rec)
        bind_int64(s, st, i, rec);
    return rec != 0;
}

/* =========================================================================
 * Plans
 * ========================================================================= */

ap_rc ap_store_plan_resolve(ap_store *s, const char *key, int64_t *plan_id, ap_error *err)
{
    static const char *const by_key = "SELECT id FROM plan WHERE key = ?1";
    static const char *const all = "SELECT id, key FROM plan ORDER BY key";
    sqlite3_stmt *st = stmt(s, key ? by_key : all, err);
    if (!st)
        return AP_E_DB;
    if (key) {
        bind_text(s, st, 1, key);
        int rc = step(s, st);
        if (rc == SQLITE_ROW) {
            *plan_id = sqlite3_column_int64(st, 0);
            sqlite3_reset(st);
            return AP_OK;
        }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
            return db_error(s, err);
        return ap_error_set(err, AP_E_NOTFOUND,
                            TR("det finns ingen plan '%s' i databasen '%s'",
                               "there is no plan '%s' in the database '%s'"),
                            key, s->path);
    }
    ap_buf keys = {0};
    int n = 0, rc;
    while ((rc = step(s, st)) == SQLITE_ROW) {
        if (n++ == 0)
            *plan_id = sqlite3_column_int64(st, 0);
        ap_buf_printf(&keys, "%s%s", keys.len ? ", " : "", sqlite3_column_text(st, 1));
    }
    sqlite3_reset(st);
    ap_rc out = AP_OK;
    if (rc != SQLITE_DONE)
        out = db_error(s, err);
    else if (n == 0)
        out = ap_error_set(err, AP_E_NOTFOUND,
                           TR("databasen '%s' har ingen plan ännu: kör 'actionplan import "
                              "plans/PLAN.ini'",
                              "the database '%s' holds no plan yet: run 'actionplan import "
                              "plans/PLAN.ini'"),
                           s->path);
    else if (n > 1)
        out = ap_error_set(err, AP_E_USAGE,
                           TR("databasen har flera planer (%s): välj en med --plan",
                              "the database holds several plans (%s): choose one with --plan"),
                           ap_buf_str(&keys));
    ap_buf_free(&keys);
    return out;
}

const char *ap_store_plan_key(ap_store *s, int64_t plan_id)
{
    static const char *const sql = "SELECT key FROM plan WHERE id = ?1";
    sqlite3_stmt *st = stmt(s, sql, NULL);
    if (!st)
        return NULL;
    bind_int64(s, st, 1, plan_id);
    const char *out = NULL;
    if (step(s, st) == SQLITE_ROW) {
        snprintf(s->key_buf, sizeof s->key_buf, "%s", sqlite3_column_text(st, 0));
        out = s->key_buf;
    }
    sqlite3_reset(st);
    return out;
}

/* ---- public plans (`serve`) ------------------------------------------------ */

ap_rc ap_store_public_plans(ap_store *s, ap_arena *a, ap_public_plan **out, size_t *n,
                            ap_error *err)
{
    static const char *const sql =
        "SELECT id, key, title, period FROM plan WHERE public <> 0 ORDER BY key";
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st)
        return AP_E_DB;
    size_t cap = 0;
    ap_public_plan *list = NULL;
    int rc;
    while ((rc = step(s, st)) == SQLITE_ROW) {
        ap_grow(&list, &cap, *n + 1, sizeof *list);
        ap_public_plan *p = &list[(*n)++];
        p->id = sqlite3_column_int64(st, 0);
        p->key = col_text(st, 1, a);
        p->title = col_text(st, 2, a);
        p->period = col_text(st, 3, a);
    }
    *out = arena_move(a, list, *n, sizeof *list);
    return finish_rows(s, st, rc, err);
}

ap_rc ap_store_public_plan_id(ap_store *s, const char *key, int64_t *plan_id, ap_error *err)
{
    static const char *const sql = "SELECT id FROM plan WHERE key = ?1 AND public <> 0";
    *plan_id = 0;
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st)
        return AP_E_DB;
    bind_text(s, st, 1, key);
    int rc = step(s, st);
    if (rc == SQLITE_ROW)
        *plan_id = sqlite3_column_int64(st, 0);
    return finish_rows(s, st, rc, err);
}

/* ---- reading a stored plan back as a definition (for re-import diffs) --- */

static ap_rc load_def_plan(ap_store *s, const char *key, ap_plan_def *d, int64_t *plan_id,
                           bool *found, ap_error *err)
{
    static const char *const sql =
        "SELECT id, key, title, organisation, period, adopted, process_lead, description, "
        "public FROM plan WHERE key = ?1";
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st)
        return AP_E_DB;
    bind_text(s, st, 1, key);
    int rc = step(s, st);
    *found = rc == SQLITE_ROW;
    if (*found) {
        ap_arena *a = &d->arena;
        *plan_id = sqlite3_column_int64(st, 0);
        d->id = col_text(st, 1, a);
        d->title = col_text(st, 2, a);
        d->organisation = col_text(st, 3, a);
        d->period = col_text(st, 4, a);
        d->adopted = col_date(st, 5);
        d->process_lead = col_text(st, 6, a);
        d->description = col_text(st, 7, a);
        d->is_public = sqlite3_column_int(st, 8) != 0;
    }
    return finish_rows(s, st, rc, err);
}

/* Count rows of a query with one bound plan id. */
static ap_rc count_rows(ap_store *s, const char *sql, int64_t id, size_t *n, ap_error *err)
{
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st)
        return AP_E_DB;
    bind_int64(s, st, 1, id);
    int rc = step(s, st);
    *n = rc == SQLITE_ROW ? (size_t)sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? AP_OK : db_error(s, err);
}

static ap_rc load_def_goals(ap_store *s, int64_t plan_id, ap_plan_def *d, ap_error *err)
{
    static const char *const count =
        "SELECT count(*) FROM goal WHERE plan_id = ?1 AND removed_at IS NULL";
    static const char *const sql =
        "SELECT code, title, kind, indicator, unit, baseline, baseline_date, target, "
        "target_date FROM goal WHERE plan_id = ?1 AND removed_at IS NULL ORDER BY position";
    size_t n;
    ap_rc r = count_rows(s, count, plan_id, &n, err);
    if (r != AP_OK)
        return r;
    d->goals = ap_arena_alloc(&d->arena, (n + 1) * sizeof *d->goals);
    sqlite3_stmt *st = stmt_plan(s, sql, plan_id, err);
    if (!st)
        return AP_E_DB;
    int rc;
    while ((rc = step(s, st)) == SQLITE_ROW && d->n_goals < n) {
        ap_def_goal *g = &d->goals[d->n_goals++];
        g->code = col_text(st, 0, &d->arena);
        g->title = col_text(st, 1, &d->arena);
        ap_goal_kind_parse((const char *)sqlite3_column_text(st, 2), &g->kind);
        g->indicator = col_text(st, 3, &d->arena);
        g->unit = col_text(st, 4, &d->arena);
        g->baseline = sqlite3_column_double(st, 5);
        g->baseline_date = col_date(st, 6);
        g->target = sqlite3_column_double(st, 7);
        g->target_date = col_date(st, 8);
    }
    return finish_rows(s, st, rc, err);
}

static ap_rc load_def_tree(ap_store *s, int64_t plan_id, ap_plan_def *d, ap_error *err)
{
    static const char *const nf =
        "SELECT count(*) FROM focus_area WHERE plan_id = ?1 AND removed_at IS NULL";
    static const char *const focus =
        "SELECT code, title, lead FROM focus_area WHERE plan_id = ?1 AND removed_at IS NULL "
        "ORDER BY position";
    static const char *const ni =
        "SELECT count(*) FROM initiative WHERE plan_id = ?1 AND removed_at IS NULL";
    static const char *const init =
        "SELECT i.code, f.code, i.title, i.approach FROM initiative i "
        "JOIN focus_area f ON f.id = i.focus_id "
        "WHERE i.plan_id = ?1 AND i.removed_at IS NULL ORDER BY i.position";
    size_t n;
    ap_rc r = count_rows(s, nf, plan_id, &n, err);
    if (r != AP_OK)
        return r;
    d->focus = ap_arena_alloc(&d->arena, (n + 1) * sizeof *d->focus);
    sqlite3_stmt *st = stmt_plan(s, focus, plan_id, err);
    if (!st)
        return AP_E_DB;
    int rc;
    while ((rc = step(s, st)) == SQLITE_ROW && d->n_focus < n) {
        ap_def_focus *f = &d->focus[d->n_focus++];
        f->code = col_text(st, 0, &d->arena);
        f->title = col_text(st, 1, &d->arena);
        f->lead = col_text(st, 2, &d->arena);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return db_error(s, err);
    if ((r = count_rows(s, ni, plan_id, &n, err)) != AP_OK)
        return r;
    d->initiatives = ap_arena_alloc(&d->arena, (n + 1) * sizeof *d->initiatives);
    if (!(st = stmt(s, init, err)))
        return AP_E_DB;
    bind_int64(s, st, 1, plan_id);
    while ((rc = step(s, st)) == SQLITE_ROW && d->n_initiatives < n) {
        ap_def_initiative *i = &d->initiatives[d->n_initiatives++];
        i->code = col_text(st, 0, &d->arena);
        i->focus_code = col_text(st, 1, &d->arena);
        i->title = col_text(st, 2, &d->arena);
        i->approach = col_text(st, 3, &d->arena);
    }
    return finish_rows(s, st, rc, err);
}

/* Read a list column of one activity into the arena. */
static size_t load_list(ap_store *s, const char *sql, int64_t activity_id, ap_arena *a,
                        const char ***out)
{
    sqlite3_stmt *st = stmt(s, sql, NULL);
    size_t n = 0, cap = 0;
    const char **items = NULL;
    if (st) {
        bind_int64(s, st, 1, activity_id);
        while (step(s, st) == SQLITE_ROW) {
            ap_grow(&items, &cap, n + 1, sizeof *items);
            items[n++] = col_text(st, 0, a);
        }
        sqlite3_reset(st);
    }
    *out = arena_move(a, items, n, sizeof *items);
    return n;
}

static ap_rc load_def_activities(ap_store *s, int64_t plan_id, ap_plan_def *d, ap_error *err)
{
    static const char *const na =
        "SELECT count(*) FROM activity WHERE plan_id = ?1 AND removed_at IS NULL";
    static const char *const sql =
        "SELECT a.id, a.code, i.code, a.title, a.owner, a.responsible, a.start, a.due, "
        "a.budget, a.weight, coalesce((SELECT c.new_value FROM plan_change c "
        "  WHERE c.plan_id = a.plan_id AND c.entity = 'activity' AND c.code = a.code "
        "  AND c.field = 'state' ORDER BY c.id DESC LIMIT 1), a.initial_state) FROM activity a "
        "JOIN initiative i ON i.id = a.initiative_id "
        "WHERE a.plan_id = ?1 AND a.removed_at IS NULL ORDER BY a.position";
    static const char *const parts =
        "SELECT name FROM activity_participant WHERE activity_id = ?1 ORDER BY position";
    static const char *const goals =
        "SELECT g.code FROM activity_goal ag JOIN goal g ON g.id = ag.goal_id "
        "WHERE ag.activity_id = ?1 ORDER BY ag.position";
    static const char *const sdgs =
        "SELECT sdg FROM activity_sdg WHERE activity_id = ?1 ORDER BY rowid";
    size_t n;
    ap_rc r = count_rows(s, na, plan_id, &n, err);
    if (r != AP_OK)
        return r;
    d->activities = ap_arena_alloc(&d->arena, (n + 1) * sizeof *d->activities);
    /* Collect ids first: the list queries below reuse the cache. */
    int64_t *ids = ap_xcalloc(n + 1, sizeof *ids);
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st) {
        free(ids);
        return AP_E_DB;
    }
    bind_int64(s, st, 1, plan_id);
    int rc;
    while ((rc = step(s, st)) == SQLITE_ROW && d->n_activities < n) {
        ap_def_activity *a = &d->activities[d->n_activities];
        ids[d->n_activities++] = sqlite3_column_int64(st, 0);
        a->code = col_text(st, 1, &d->arena);
        a->initiative_code = col_text(st, 2, &d->arena);
        a->title = col_text(st, 3, &d->arena);
        a->owner = col_text(st, 4, &d->arena);
        a->responsible = col_text(st, 5, &d->arena);
        a->start = col_date(st, 6);
        a->due = col_date(st, 7);
        a->budget = col_opt_int(st, 8);
        a->weight = sqlite3_column_int(st, 9);
        ap_state_parse((const char *)sqlite3_column_text(st, 10), &a->state);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        free(ids);
        return db_error(s, err);
    }
    for (size_t i = 0; i < d->n_activities; i++) {
        ap_def_activity *a = &d->activities[i];
        a->n_participants = load_list(s, parts, ids[i], &d->arena, &a->participants);
        a->n_goals = load_list(s, goals, ids[i], &d->arena, &a->goals);
        const char **sd;
        size_t k = load_list(s, sdgs, ids[i], &d->arena, &sd);
        for (size_t j = 0; j < k && j < AP_SDG_MAX; j++)
            a->sdgs[a->n_sdgs++] = atoi(sd[j]);
    }
    free(ids);
    return AP_OK;
}

ap_rc ap_store_load_def(ap_store *s, const char *key, ap_plan_def **out, ap_error *err)
{
    *out = NULL;
    ap_plan_def *d = ap_xcalloc(1, sizeof *d);
    d->filename = ap_arena_strdup(&d->arena, s->path);
    int64_t plan_id = 0;
    bool found = false;
    ap_rc rc = load_def_plan(s, key, d, &plan_id, &found, err);
    if (rc == AP_OK && found)
        rc = load_def_goals(s, plan_id, d, err);
    if (rc == AP_OK && found)
        rc = load_def_tree(s, plan_id, d, err);
    if (rc == AP_OK && found)
        rc = load_def_activities(s, plan_id, d, err);
    if (rc != AP_OK || !found) {
        ap_plan_def_free(d);
        return rc;
    }
    *out = d;
    return AP_OK;
}

/* ---- writing a definition ------------------------------------------------ */

/* Run an upsert that ends in RETURNING id: no row returned is no row
 * stored. */
static ap_rc step_returning(ap_store *s, sqlite3_stmt *st, const char *table, int64_t *id,
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

static ap_rc save_plan_row(ap_store *s, const ap_plan_def *d, const char *source, int64_t *id,
                           ap_error *err)
{
    static const char *const sql =
        "INSERT INTO plan (key, title, organisation, period, adopted, process_lead, "
        "description, source_file, rec, public) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
        "ON CONFLICT (key) DO UPDATE SET title = excluded.title, "
        "organisation = excluded.organisation, period = excluded.period, "
        "adopted = excluded.adopted, process_lead = excluded.process_lead, "
        "description = excluded.description, source_file = excluded.source_file, "
        "public = excluded.public, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') RETURNING id";
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st)
        return AP_E_DB;
    bind_text(s, st, 1, d->id);
    bind_text(s, st, 2, d->title);
    bind_text(s, st, 3, d->organisation);
    bind_text(s, st, 4, d->period);
    bind_date(s, st, 5, d->adopted);
    bind_text(s, st, 6, d->process_lead);
    bind_text(s, st, 7, d->description);
    bind_text(s, st, 8, source);
    if (!bind_rec(s, st, 9, err))
        return AP_E_DB;
    bind_int(s, st, 10, d->is_public);
    return step_returning(s, st, "plan", id, err);
}

static ap_rc save_goals(ap_store *s, int64_t plan_id, const ap_plan_def *d, ap_error *err)
{
    static const char *const sql =
        "INSERT INTO goal (plan_id, code, position, title, kind, indicator, unit, baseline, "
        "baseline_date, target, target_date) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11) "
        "ON CONFLICT (plan_id, code) DO UPDATE SET position = excluded.position, "
        "title = excluded.title, kind = excluded.kind, indicator = excluded.indicator, "
        "unit = excluded.unit, baseline = excluded.baseline, "
        "baseline_date = excluded.baseline_date, target = excluded.target, "
        "target_date = excluded.target_date, removed_at = NULL RETURNING id";
    for (size_t i = 0; i < d->n_goals; i++) {
        const ap_def_goal *g = &d->goals[i];
        sqlite3_stmt *st = stmt(s, sql, err);
        if (!st)
            return AP_E_DB;
        bind_int64(s, st, 1, plan_id);
        bind_text(s, st, 2, g->code);
        bind_int64(s, st, 3, (int64_t)i);
        bind_text(s, st, 4, g->title);
        bind_text(s, st, 5, ap_goal_kind_name(g->kind));
        bind_text(s, st, 6, g->indicator);
        bind_text(s, st, 7, g->unit);
        bind_double(s, st, 8, g->baseline);
        bind_date(s, st, 9, g->baseline_date);
        bind_double(s, st, 10, g->target);
        bind_date(s, st, 11, g->target_date);
        ap_rc rc = step_returning(s, st, "goal", NULL, err);
        if (rc != AP_OK)
            return rc;
    }
    return AP_OK;
}

static ap_rc save_focus_and_initiatives(ap_store *s, int64_t plan_id, const ap_plan_def *d,
                                        ap_error *err)
{
    static const char *const fsql =
        "INSERT INTO focus_area (plan_id, code, position, title, lead) VALUES (?1,?2,?3,?4,?5) "
        "ON CONFLICT (plan_id, code) DO UPDATE SET position = excluded.position, "
        "title = excluded.title, lead = excluded.lead, removed_at = NULL RETURNING id";
    static const char *const isql =
        "INSERT INTO initiative (plan_id, focus_id, code, position, title, approach) "
        "VALUES (?1, (SELECT id FROM focus_area WHERE plan_id = ?1 AND code = ?2), ?3, ?4, ?5, ?6) "
        "ON CONFLICT (plan_id, code) DO UPDATE SET focus_id = excluded.focus_id, "
        "position = excluded.position, title = excluded.title, approach = excluded.approach, "
        "removed_at = NULL RETURNING id";
    for (size_t i = 0; i < d->n_focus; i++) {
        sqlite3_stmt *st = stmt(s, fsql, err);
        if (!st)
            return AP_E_DB;
        bind_int64(s, st, 1, plan_id);
        bind_text(s, st, 2, d->focus[i].code);
        bind_int64(s, st, 3, (int64_t)i);
        bind_text(s, st, 4, d->focus[i].title);
        bind_text(s, st, 5, d->focus[i].lead);
        ap_rc rc = step_returning(s, st, "focus_area", NULL, err);
        if (rc != AP_OK)
            return rc;
    }
    for (size_t i = 0; i < d->n_initiatives; i++) {
        const ap_def_initiative *in = &d->initiatives[i];
        sqlite3_stmt *st = stmt(s, isql, err);
        if (!st)
            return AP_E_DB;
        bind_int64(s, st, 1, plan_id);
        bind_text(s, st, 2, in->focus_code);
        bind_text(s, st, 3, in->code);
        bind_int64(s, st, 4, (int64_t)i);
        bind_text(s, st, 5, in->title);
        bind_text(s, st, 6, in->approach);
        ap_rc rc = step_returning(s, st, "initiative", NULL, err);
        if (rc != AP_OK)
            return rc;
    }
    return AP_OK;
}

/* Replace the participants, goal links and SDG tags of one activity. */
static ap_rc save_activity_lists(ap_store *s, int64_t plan_id, int64_t aid,
                                 const ap_def_activity *a, ap_error *err)
{
    static const char *const del_p = "DELETE FROM activity_participant WHERE activity_id = ?1";
    static const char *const del_g = "DELETE FROM activity_goal WHERE activity_id = ?1";
    static const char *const del_s = "DELETE FROM activity_sdg WHERE activity_id = ?1";
    static const char *const ins_p =
        "INSERT INTO activity_participant (activity_id, position, name) VALUES (?1, ?2, ?3)";
    static const char *const ins_g =
        "INSERT INTO activity_goal (activity_id, goal_id, position) "
        "VALUES (?1, (SELECT id FROM goal WHERE plan_id = ?3 AND code = ?2), ?4)";
    static const char *const ins_s = "INSERT INTO activity_sdg (activity_id, sdg) VALUES (?1, ?2)";
    const char *dels[] = {del_p, del_g, del_s};
    for (int i = 0; i < 3; i++) {
        sqlite3_stmt *st = stmt(s, dels[i], err);
        if (!st)
            return AP_E_DB;
        bind_int64(s, st, 1, aid);
        ap_rc rc = exec_stmt(s, st, err);
        if (rc != AP_OK)
            return rc;
    }
    for (size_t i = 0; i < a->n_participants; i++) {
        sqlite3_stmt *st = stmt(s, ins_p, err);
        if (!st)
            return AP_E_DB;
        bind_int64(s, st, 1, aid);
        bind_int64(s, st, 2, (int64_t)i);
        bind_text(s, st, 3, a->participants[i]);
        ap_rc rc = exec_insert(s, st, "activity_participant", err);
        if (rc != AP_OK)
            return rc;
    }
    for (size_t i = 0; i < a->n_goals; i++) {
        sqlite3_stmt *st = stmt(s, ins_g, err);
        if (!st)
            return AP_E_DB;
        bind_int64(s, st, 1, aid);
        bind_text(s, st, 2, a->goals[i]);
        bind_int64(s, st, 3, plan_id);
        bind_int64(s, st, 4, (int64_t)i);
        ap_rc rc = exec_insert(s, st, "activity_goal", err);
        if (rc != AP_OK)
            return rc;
    }
    for (size_t i = 0; i < a->n_sdgs; i++) {
        sqlite3_stmt *st = stmt(s, ins_s, err);
        if (!st)
            return AP_E_DB;
        bind_int64(s, st, 1, aid);
        bind_int(s, st, 2, a->sdgs[i]);
        ap_rc rc = exec_insert(s, st, "activity_sdg", err);
        if (rc != AP_OK)
            return rc;
    }
    return AP_OK;
}

static ap_rc save_activities(ap_store *s, int64_t plan_id, const ap_plan_def *d, ap_error *err)
{
    static const char *const sql =
        "INSERT INTO activity (plan_id, initiative_id, code, position, title, owner, "
        "responsible, start, due, budget, weight, initial_state) VALUES (?1, "
        "(SELECT id FROM initiative WHERE plan_id = ?1 AND code = ?2), "
        "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
        "ON CONFLICT (plan_id, code) DO UPDATE SET initiative_id = excluded.initiative_id, "
        "position = excluded.position, title = excluded.title, owner = excluded.owner, "
        "responsible = excluded.responsible, start = excluded.start, due = excluded.due, "
        "budget = excluded.budget, weight = excluded.weight, "
        "removed_at = NULL RETURNING id";
    for (size_t i = 0; i < d->n_activities; i++) {
        const ap_def_activity *a = &d->activities[i];
        sqlite3_stmt *st = stmt(s, sql, err);
        if (!st)
            return AP_E_DB;
        bind_int64(s, st, 1, plan_id);
        bind_text(s, st, 2, a->initiative_code);
        bind_text(s, st, 3, a->code);
        bind_int64(s, st, 4, (int64_t)i);
        bind_text(s, st, 5, a->title);
        bind_text(s, st, 6, a->owner);
        bind_text(s, st, 7, a->responsible);
        bind_date(s, st, 8, a->start);
        bind_date(s, st, 9, a->due);
        bind_opt_int(s, st, 10, a->budget);
        bind_int(s, st, 11, a->weight);
        bind_text(s, st, 12, ap_state_name(a->state));
        int64_t aid = 0;
        ap_rc rc = step_returning(s, st, "activity", &aid, err);
        if (rc == AP_OK)
            rc = save_activity_lists(s, plan_id, aid, a, err);
        if (rc != AP_OK)
            return rc;
    }
    return AP_OK;
}

ap_rc ap_store_save_def(ap_store *s, const ap_plan_def *def, const char *source_file,
                        int64_t *plan_id, ap_error *err)
{
    ap_rc rc = save_plan_row(s, def, source_file, plan_id, err);
    if (rc == AP_OK)
        rc = save_goals(s, *plan_id, def, err);
    if (rc == AP_OK)
        rc = save_focus_and_initiatives(s, *plan_id, def, err);
    if (rc == AP_OK)
        rc = save_activities(s, *plan_id, def, err);
    return rc;
}

ap_rc ap_store_mark_removed(ap_store *s, int64_t plan_id, const char *entity, const char *code,
                            ap_error *err)
{
    static const char *const sqls[] = {
        "UPDATE goal SET removed_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') "
        "WHERE plan_id = ?1 AND code = ?2",
        "UPDATE focus_area SET removed_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') "
        "WHERE plan_id = ?1 AND code = ?2",
        "UPDATE initiative SET removed_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') "
        "WHERE plan_id = ?1 AND code = ?2",
        "UPDATE activity SET removed_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') "
        "WHERE plan_id = ?1 AND code = ?2",
    };
    static const char *const names[] = {"goal", "focus", "initiative", "activity"};
    for (int i = 0; i < 4; i++) {
        if (strcmp(entity, names[i]) != 0)
            continue;
        sqlite3_stmt *st = stmt(s, sqls[i], err);
        if (!st)
            return AP_E_DB;
        bind_int64(s, st, 1, plan_id);
        bind_text(s, st, 2, code);
        return exec_stmt(s, st, err);
    }
    return ap_error_set(err, AP_E_INTERNAL, "unknown entity '%s'", entity);
}

ap_rc ap_store_log_change(ap_store *s, int64_t plan_id, const char *source_file,
                          ap_date effective, const char *entity, const char *code,
                          const char *field, const char *old_value, const char *new_value,
                          ap_error *err)
{
    static const char *const sql =
        "INSERT INTO plan_change (plan_id, source_file, entity, code, field, old_value, "
        "new_value, effective, rec) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce(?8, ''), ?9)";
    sqlite3_stmt *st = stmt_plan(s, sql, plan_id, err);
    if (!st || !bind_rec(s, st, 9, err))
        return AP_E_DB;
    bind_date(s, st, 8, effective);
    bind_text(s, st, 2, source_file);
    bind_text(s, st, 3, entity);
    bind_text(s, st, 4, code);
    bind_text(s, st, 5, field);
    bind_text(s, st, 6, old_value);
    bind_text(s, st, 7, new_value);
    return exec_insert(s, st, "plan_change", err);
}

/* Before schema 3 a removal was logged as field "removed" = "yes" (and a
 * restoration not at all); since, as field "present" going "yes" -> "no".
 * Plan changes are read in the newer form only, so that no reader knows
 * the older. */
#define PRESENT_FIELD(t) "CASE " t ".field WHEN 'removed' THEN 'present' ELSE " t ".field END"
#define PRESENT_OLD(t)                                                                           \
    "CASE " t ".field WHEN 'removed' THEN CASE " t ".old_value WHEN 'yes' THEN 'no' ELSE 'yes' " \
    "END ELSE " t ".old_value END"
#define PRESENT_NEW(t)                                                                           \
    "CASE " t ".field WHEN 'removed' THEN CASE " t ".new_value WHEN 'yes' THEN 'no' ELSE 'yes' " \
    "END ELSE " t ".new_value END"

ap_rc ap_store_plan_edits(ap_store *s, int64_t plan_id, const char *code, ap_arena *a,
                          ap_plan_edit **out, size_t *n, ap_error *err)
{
    /* ordered by what they change, then as recorded: the history of each
     * field in one run */
    static const char *const sql =
        "SELECT c.entity, c.code, " PRESENT_FIELD("c") ", " PRESENT_OLD("c") ", "
        PRESENT_NEW("c") ", c.effective, coalesce(c.rec, 0), "
        "coalesce(g.recorded_at, c.recorded_at), c.source_file "
        "FROM plan_change c LEFT JOIN recording g ON g.seq = c.rec "
        "WHERE c.plan_id = ?1 AND (?2 IS NULL OR c.code = ?2) AND c.code <> '*' "
        "ORDER BY 1, 2, 3, c.rec, c.id";
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = stmt_plan(s, sql, plan_id, err);
    if (!st)
        return AP_E_DB;
    if (code)
        bind_text(s, st, 2, code);
    size_t cap = 0;
    ap_plan_edit *list = NULL;
    int rc;
    while ((rc = step(s, st)) == SQLITE_ROW) {
        ap_grow(&list, &cap, *n + 1, sizeof *list);
        ap_plan_edit *e = &list[(*n)++];
        e->entity = col_text(st, 0, a);
        e->code = col_text(st, 1, a);
        e->field = col_text(st, 2, a);
        e->old_value = col_text(st, 3, a);
        e->new_value = col_text(st, 4, a);
        const char *eff = (const char *)sqlite3_column_text(st, 5);
        e->effective = AP_DATE_NONE;
        if (eff && *eff)
            ap_date_parse(eff, &e->effective);
        e->rec = sqlite3_column_int64(st, 6);
        e->recorded_at = col_text(st, 7, a);
        e->source = col_text(st, 8, a);
    }
    *out = arena_move(a, list, *n, sizeof *list);
    return finish_rows(s, st, rc, err);
}

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

ap_rc ap_store_activity_history_count(ap_store *s, int64_t plan_id, const char *code,
                                      int64_t *count, ap_error *err)
{
    static const char *const sql =
        "SELECT (SELECT count(*) FROM status_update WHERE activity_id = a.id) + "
        "(SELECT count(*) FROM state_change WHERE activity_id = a.id) + "
        "(SELECT count(*) FROM decision WHERE activity_id = a.id) "
        "FROM activity a WHERE a.plan_id = ?1 AND a.code = ?2";
    sqlite3_stmt *st = stmt_plan(s, sql, plan_id, err);
    if (!st)
        return AP_E_DB;
    bind_text(s, st, 2, code);
    int rc = step(s, st);
    *count = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    return finish_rows(s, st, rc, err);
}

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
        "action, by, cost, origin, rec) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st || !bind_rec(s, st, 11, err))
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

ap_rc ap_store_state_exists(ap_store *s, int64_t activity_id, ap_date date, ap_state state,
                            bool *exists, ap_error *err)
{
    static const char *const sql =
        "SELECT 1 FROM state_change WHERE activity_id = ?1 AND date = ?2 AND state = ?3 LIMIT 1";
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st)
        return AP_E_DB;
    bind_int64(s, st, 1, activity_id);
    bind_date(s, st, 2, date);
    bind_text(s, st, 3, ap_state_name(state));
    return query_exists(s, st, exists, err);
}

ap_rc ap_store_insert_state(ap_store *s, int64_t activity_id, ap_date date, ap_state state,
                            const char *by, const char *note, const char *origin, ap_error *err)
{
    static const char *const sql =
        "INSERT INTO state_change (activity_id, date, state, by, note, origin, rec) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st || !bind_rec(s, st, 7, err))
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
        "INSERT INTO decision (activity_id, date, decision, by, origin, rec) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st || !bind_rec(s, st, 6, err))
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
        "INSERT INTO measurement (goal_id, date, value, source, by, origin, rec) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st || !bind_rec(s, st, 7, err))
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
        "INSERT INTO assessment (plan_id, scope, period, date, text, by, origin, rec) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
    sqlite3_stmt *st = stmt_plan(s, sql, plan_id, err);
    if (!st || !bind_rec(s, st, 8, err))
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

/* =========================================================================
 * Reading for the snapshot
 * ========================================================================= */

static ap_rc read_plan_row(ap_store *s, int64_t plan_id, ap_snapshot *snap, ap_error *err)
{
    static const char *const sql =
        "SELECT key, title, organisation, period, adopted, process_lead, description "
        "FROM plan WHERE id = ?1";
    sqlite3_stmt *st = stmt_plan(s, sql, plan_id, err);
    if (!st)
        return AP_E_DB;
    int rc = step(s, st);
    row_reader r = reader(s, st, "plan", plan_id, err);
    if (rc == SQLITE_ROW) {
        ap_arena *a = &snap->arena;
        snap->plan_id = plan_id;
        snap->key = rd_text(&r, 0, "key", a);
        snap->title = rd_text(&r, 1, "title", a);
        snap->organisation = col_text(st, 2, a);
        snap->period = col_text(st, 3, a);
        snap->adopted = rd_date(&r, 4, "adopted", true);
        snap->process_lead = col_text(st, 5, a);
        snap->description = col_text(st, 6, a);
    }
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return r.rc;
    return rc == SQLITE_DONE ? ap_error_set(err, AP_E_NOTFOUND, "plan %lld", (long long)plan_id)
                             : db_error(s, err);
}

static ap_rc read_goals(ap_store *s, ap_snapshot *snap, ap_error *err)
{
    /* removed ones too: the snapshot says whether they were in the plan then */
    static const char *const count = "SELECT count(*) FROM goal WHERE plan_id = ?1";
    static const char *const sql =
        "SELECT id, code, title, kind, indicator, unit, baseline, baseline_date, target, "
        "target_date, removed_at IS NOT NULL FROM goal WHERE plan_id = ?1 ORDER BY position";
    size_t n;
    ap_rc r = count_rows(s, count, snap->plan_id, &n, err);
    if (r != AP_OK)
        return r;
    snap->goals = ap_arena_alloc(&snap->arena, (n + 1) * sizeof *snap->goals);
    sqlite3_stmt *st = stmt_plan(s, sql, snap->plan_id, err);
    if (!st)
        return AP_E_DB;
    int rc;
    row_reader rr = reader(s, st, "goal", 0, err);
    while (rr.rc == AP_OK && (rc = step(s, st)) == SQLITE_ROW && snap->n_goals < n) {
        ap_goal *g = &snap->goals[snap->n_goals++];
        ap_arena *a = &snap->arena;
        g->id = rr.row = sqlite3_column_int64(st, 0);
        g->code = rd_code(&rr, 1, "code", -1, a);
        g->title = rd_text(&rr, 2, "title", a);
        g->kind = (ap_goal_kind)rd_enum(&rr, 3, "kind", kind_name, 0, AP_GOAL_KIND_COUNT);
        g->indicator = col_text(st, 4, a);
        g->unit = col_text(st, 5, a);
        g->baseline = rd_number(&rr, 6, "baseline");
        g->baseline_date = rd_date(&rr, 7, "baseline_date", false);
        g->target = rd_number(&rr, 8, "target");
        g->target_date = rd_date(&rr, 9, "target_date", false);
        g->removed = sqlite3_column_int(st, 10) != 0;
    }
    if (rr.rc != AP_OK) {
        sqlite3_reset(st);
        return rr.rc;
    }
    return finish_rows(s, st, rc, err);
}

static ap_rc read_focus_and_initiatives(ap_store *s, ap_snapshot *snap, ap_error *err)
{
    /* removed ones too: whether they were in the plan as of the snapshot's
     * date is the snapshot's to say (snapshot.c, the plan's history) */
    static const char *const nf = "SELECT count(*) FROM focus_area WHERE plan_id = ?1";
    static const char *const fsql =
        "SELECT code, title, lead, removed_at IS NOT NULL, id FROM focus_area WHERE plan_id = ?1 "
        "ORDER BY position";
    static const char *const ni = "SELECT count(*) FROM initiative WHERE plan_id = ?1";
    static const char *const isql =
        "SELECT i.code, i.title, i.approach, f.code, i.removed_at IS NOT NULL, i.id "
        "FROM initiative i JOIN focus_area f ON f.id = i.focus_id WHERE i.plan_id = ?1 "
        "ORDER BY f.position, i.position";
    ap_arena *a = &snap->arena;
    size_t n;
    ap_rc r = count_rows(s, nf, snap->plan_id, &n, err);
    if (r != AP_OK)
        return r;
    snap->focus = ap_arena_alloc(a, (n + 1) * sizeof *snap->focus);
    sqlite3_stmt *st = stmt_plan(s, fsql, snap->plan_id, err);
    if (!st)
        return AP_E_DB;
    int rc;
    row_reader fr = reader(s, st, "focus_area", 0, err);
    while (fr.rc == AP_OK && (rc = step(s, st)) == SQLITE_ROW && snap->n_focus < n) {
        ap_focus *f = &snap->focus[snap->n_focus++];
        fr.row = sqlite3_column_int64(st, 4);
        f->code = rd_code(&fr, 0, "code", 1, a);
        f->title = rd_text(&fr, 1, "title", a);
        f->lead = col_text(st, 2, a);
        f->removed = sqlite3_column_int(st, 3) != 0;
    }
    sqlite3_reset(st);
    if (fr.rc != AP_OK)
        return fr.rc;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return db_error(s, err);
    if ((r = count_rows(s, ni, snap->plan_id, &n, err)) != AP_OK)
        return r;
    snap->initiatives = ap_arena_alloc(a, (n + 1) * sizeof *snap->initiatives);
    if (!(st = stmt(s, isql, err)))
        return AP_E_DB;
    bind_int64(s, st, 1, snap->plan_id);
    row_reader ir = reader(s, st, "initiative", 0, err);
    while (ir.rc == AP_OK && (rc = step(s, st)) == SQLITE_ROW && snap->n_initiatives < n) {
        ap_initiative *in = &snap->initiatives[snap->n_initiatives++];
        ir.row = sqlite3_column_int64(st, 5);
        in->code = rd_code(&ir, 0, "code", 2, a);
        in->title = rd_text(&ir, 1, "title", a);
        in->approach = col_text(st, 2, a);
        in->focus = ap_snapshot_focus(snap, (const char *)sqlite3_column_text(st, 3));
        in->removed = sqlite3_column_int(st, 4) != 0;
        if (!in->focus) /* a focus area of another plan */
            refuse(&ir, 3, "focus_id");
    }
    if (ir.rc != AP_OK) {
        sqlite3_reset(st);
        return ir.rc;
    }
    return finish_rows(s, st, rc, err);
}

/* The list of one activity being read: its rows arrive together (the
 * queries order by activity), so each list is gathered on the heap and
 * copied into the arena once - linear in its length. */
typedef struct list_run {
    ap_activity *act;
    const char **items;
    size_t n, cap;
} list_run;

static void list_flush(ap_snapshot *snap, list_run *run, bool participants)
{
    if (run->act && run->n) {
        const char **list = ap_arena_alloc(&snap->arena, (run->n + 1) * sizeof *list);
        memcpy(list, run->items, run->n * sizeof *list);
        if (participants) {
            run->act->participants = list;
            run->act->n_participants = run->n;
        } else {
            run->act->goal_codes = list;
            run->act->n_goals = run->n;
        }
    }
    run->act = NULL;
    run->n = 0;
}

/* One row of a list query (q: 0 participants, 1 goals, 2 SDGs). */
static void list_row(ap_snapshot *snap, row_reader *r, int q, ap_activity *act, list_run *run)
{
    if (q == 2) {
        int sdg = (int)rd_int(r, 2, "sdg", 1, AP_SDG_MAX, false);
        if (r->rc == AP_OK && act->n_sdgs < AP_SDG_MAX)
            act->sdgs[act->n_sdgs++] = sdg;
        return;
    }
    const char *text = q == 0 ? rd_text(r, 2, "name", &snap->arena)
                              : rd_code(r, 2, "goal_id", -1, &snap->arena);
    if (act != run->act)
        list_flush(snap, run, q == 0);
    run->act = act;
    ap_grow(&run->items, &run->cap, run->n + 1, sizeof *run->items);
    run->items[run->n++] = text;
}

/* Participants, goal links and SDG tags of every activity, in one pass each. */
static ap_rc read_activity_lists(ap_store *s, ap_snapshot *snap, ap_error *err)
{
    static const char *const parts =
        "SELECT p.activity_id, p.rowid, p.name FROM activity_participant p "
        "JOIN activity a ON a.id = p.activity_id WHERE a.plan_id = ?1 "
        "ORDER BY p.activity_id, p.position";
    static const char *const goals =
        "SELECT ag.activity_id, ag.rowid, g.code FROM activity_goal ag "
        "JOIN goal g ON g.id = ag.goal_id "
        "JOIN activity a ON a.id = ag.activity_id WHERE a.plan_id = ?1 "
        "ORDER BY ag.activity_id, ag.position";
    static const char *const sdgs =
        "SELECT x.activity_id, x.rowid, x.sdg FROM activity_sdg x "
        "JOIN activity a ON a.id = x.activity_id "
        "WHERE a.plan_id = ?1 ORDER BY x.activity_id, x.rowid";
    static const char *const sqls[] = {parts, goals, sdgs};
    static const char *const tables[] = {"activity_participant", "activity_goal", "activity_sdg"};
    list_run run = {0};
    ap_rc out = AP_OK;
    for (int q = 0; out == AP_OK && q < 3; q++) {
        sqlite3_stmt *st = stmt(s, sqls[q], err);
        if (!st) {
            out = AP_E_DB;
            break;
        }
        bind_int64(s, st, 1, snap->plan_id);
        row_reader r = reader(s, st, tables[q], 0, err);
        int rc;
        while (r.rc == AP_OK && (rc = step(s, st)) == SQLITE_ROW) {
            ap_activity *act = ap_snapshot_activity_by_id(snap, sqlite3_column_int64(st, 0));
            r.row = sqlite3_column_int64(st, 1);
            if (act) /* else removed, and not asked for */
                list_row(snap, &r, q, act, &run);
        }
        list_flush(snap, &run, q == 0);
        sqlite3_reset(st);
        out = r.rc != AP_OK ? r.rc : rc != SQLITE_DONE ? db_error(s, err) : AP_OK;
    }
    free(run.items);
    return out;
}

ap_rc ap_store_read_structure(ap_store *s, int64_t plan_id, bool include_removed,
                              ap_snapshot *snap, ap_error *err)
{
    static const char *const count =
        "SELECT count(*) FROM activity WHERE plan_id = ?1 AND (removed_at IS NULL OR ?2)";
    static const char *const sql =
        "SELECT a.id, a.code, a.title, a.owner, a.responsible, a.start, a.due, a.budget, "
        "a.weight, a.initial_state, a.removed_at IS NOT NULL, i.code FROM activity a "
        "JOIN initiative i ON i.id = a.initiative_id "
        "JOIN focus_area f ON f.id = i.focus_id "
        "WHERE a.plan_id = ?1 AND (a.removed_at IS NULL OR ?2) "
        "ORDER BY f.position, i.position, a.position";
    ap_rc r = read_plan_row(s, plan_id, snap, err);
    if (r == AP_OK)
        r = read_goals(s, snap, err);
    if (r == AP_OK)
        r = read_focus_and_initiatives(s, snap, err);
    if (r != AP_OK)
        return r;
    sqlite3_stmt *st = stmt_plan(s, count, plan_id, err);
    if (!st)
        return AP_E_DB;
    bind_int(s, st, 2, include_removed);
    size_t n = step(s, st) == SQLITE_ROW ? (size_t)sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    snap->activities = ap_arena_alloc(&snap->arena, (n + 1) * sizeof *snap->activities);
    if (!(st = stmt(s, sql, err)))
        return AP_E_DB;
    bind_int64(s, st, 1, plan_id);
    bind_int(s, st, 2, include_removed);
    int rc;
    ap_arena *a = &snap->arena;
    ap_initiative *last_init = NULL;
    row_reader ar = reader(s, st, "activity", 0, err);
    while (ar.rc == AP_OK && (rc = step(s, st)) == SQLITE_ROW && snap->n_activities < n) {
        ap_activity *act = &snap->activities[snap->n_activities];
        act->id = ar.row = sqlite3_column_int64(st, 0);
        act->code = rd_code(&ar, 1, "code", 3, a);
        act->title = rd_text(&ar, 2, "title", a);
        act->owner = rd_text(&ar, 3, "owner", a);
        act->responsible = col_text(st, 4, a);
        act->start = rd_date(&ar, 5, "start", true);
        act->due = rd_date(&ar, 6, "due", true);
        act->budget = rd_int(&ar, 7, "budget", 0, AP_AMOUNT_MAX, true);
        act->weight = (int)rd_int(&ar, 8, "weight", 1, AP_WEIGHT_MAX, false);
        act->plan_state = rd_state(&ar, 9, "initial_state");
        act->removed = sqlite3_column_int(st, 10) != 0;
        /* rows come grouped by initiative area: look up only when it changes */
        const char *icode = (const char *)sqlite3_column_text(st, 11);
        if (!last_init || strcmp(last_init->code, icode) != 0)
            last_init = ap_snapshot_initiative(snap, icode);
        act->initiative = last_init;
        if (!act->initiative)
            continue; /* its initiative area was removed from the plan file */
        act->focus = act->initiative->focus;
        act->participants = ap_arena_alloc(a, sizeof *act->participants);
        act->goal_codes = ap_arena_alloc(a, sizeof *act->goal_codes);
        snap->n_activities++;
    }
    sqlite3_reset(st);
    if (ar.rc != AP_OK)
        return ar.rc;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return db_error(s, err);
    ap_snapshot_build_index(snap);
    return read_activity_lists(s, snap, err);
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

ap_rc ap_store_get_update(ap_store *s, int64_t id, ap_arena *arena, ap_update *u, ap_error *err)
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
    u->by = col_text(st, 6, arena);
    u->cost = rd_int(&r, 7, "cost", 0, AP_AMOUNT_MAX, true);
    u->origin = col_text(st, 8, arena);
    u->recorded_at = col_text(st, 9, arena);
    sqlite3_reset(st);
    return r.rc;
}

ap_rc ap_store_get_state_change(ap_store *s, int64_t id, ap_arena *arena, ap_state_change *c,
                                ap_error *err)
{
    static const char *const sql =
        "SELECT date, state, by, note, origin, recorded_at FROM state_change WHERE id = ?1";
    sqlite3_stmt *st = row_by_id(s, sql, id, err);
    if (!st)
        return err ? err->code : AP_E_DB;
    row_reader r = reader(s, st, "state_change", id, err);
    c->id = id;
    c->date = rd_date(&r, 0, "date", false);
    c->to = rd_state(&r, 1, "state");
    c->by = col_text(st, 2, arena);
    c->note = col_text(st, 3, arena);
    c->origin = col_text(st, 4, arena);
    c->recorded_at = col_text(st, 5, arena);
    sqlite3_reset(st);
    return r.rc;
}

ap_rc ap_store_get_decision(ap_store *s, int64_t id, ap_arena *arena, ap_decision *d,
                            ap_error *err)
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
    d->by = col_text(st, 2, arena);
    d->origin = col_text(st, 3, arena);
    d->recorded_at = col_text(st, 4, arena);
    sqlite3_reset(st);
    return r.rc;
}

ap_rc ap_store_read_measurements(ap_store *s, ap_snapshot *snap, ap_error *err)
{
    static const char *const sql =
        "SELECT id, date, value, source, by FROM measurement WHERE goal_id = ?1 AND date <= ?2 "
        "AND (?9 = 0 OR rec <= ?9) ORDER BY date, id";
    for (size_t i = 0; i < snap->n_goals; i++) {
        ap_goal *g = &snap->goals[i];
        sqlite3_stmt *st = stmt(s, sql, err);
        if (!st)
            return AP_E_DB;
        bind_int64(s, st, 1, g->id);
        bind_date(s, st, 2, snap->as_of);
        bind_int64(s, st, 9, s->upto);
        size_t cap = 0;
        ap_measurement *list = NULL;
        int rc;
        row_reader r = reader(s, st, "measurement", 0, err);
        while (r.rc == AP_OK && (rc = step(s, st)) == SQLITE_ROW) {
            ap_grow(&list, &cap, g->n_measurements + 1, sizeof *list);
            ap_measurement *m = &list[g->n_measurements++];
            m->id = r.row = sqlite3_column_int64(st, 0);
            m->date = rd_date(&r, 1, "date", false);
            m->value = rd_number(&r, 2, "value");
            m->source = col_text(st, 3, &snap->arena);
            m->by = col_text(st, 4, &snap->arena);
        }
        sqlite3_reset(st);
        if (r.rc != AP_OK) {
            free(list);
            return r.rc;
        }
        g->measurements = arena_move(&snap->arena, list, g->n_measurements, sizeof *list);
        if (rc != SQLITE_DONE)
            return db_error(s, err);
    }
    return AP_OK;
}

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
 * Maintenance
 * ========================================================================= */

/* What every row must hold: the schema's CHECK constraints and the value
 * ranges of limits.h, as SQL that is true for a good row. SQLite's
 * integrity_check skips CHECK constraints on a read-only connection, and
 * `check` must not write (it runs on backups), so these are queried. */
#define VALID_DATE(c) "date(" c ") IS " c
#define VALID_TEXT(c) "length(" c ") > 0"
#define STATES(c)                                                                                 \
    c " IN ('proposed', 'decided', 'ongoing', 'completed', 'paused', 'cancelled')"
static const struct {
    const char *table, *column, *valid;
} value_rules[] = {
    {"plan", "key", VALID_TEXT("key")},
    {"plan", "title", VALID_TEXT("title")},
    {"goal", "title", VALID_TEXT("title")},
    {"goal", "kind", "kind IN ('result', 'process', 'effect')"},
    {"goal", "baseline", "typeof(baseline) = 'real' AND abs(baseline) <= 1e300"},
    {"goal", "target", "typeof(target) = 'real' AND abs(target) <= 1e300"},
    {"goal", "baseline_date", VALID_DATE("baseline_date")},
    {"goal", "target_date", VALID_DATE("target_date")},
    {"focus_area", "title", VALID_TEXT("title")},
    {"initiative", "title", VALID_TEXT("title")},
    {"activity", "title", VALID_TEXT("title")},
    {"activity", "owner", VALID_TEXT("owner")},
    {"activity", "start", "start IS NULL OR " VALID_DATE("start")},
    {"activity", "due", "due IS NULL OR " VALID_DATE("due")},
    {"activity", "budget", "budget IS NULL OR budget BETWEEN 0 AND ?1"},
    {"activity", "weight", "weight BETWEEN 1 AND ?2"},
    {"activity", "initial_state", STATES("initial_state")},
    {"activity_participant", "name", VALID_TEXT("name")},
    {"activity_sdg", "sdg", "sdg BETWEEN 1 AND ?3"},
    {"status_update", "date", VALID_DATE("date")},
    {"status_update", "status", "status IN ('green', 'yellow', 'red')"},
    {"status_update", "progress", "progress IS NULL OR progress BETWEEN 0 AND ?4"},
    {"status_update", "cost", "cost IS NULL OR cost BETWEEN 0 AND ?1"},
    {"state_change", "date", VALID_DATE("date")},
    {"state_change", "state", STATES("state")},
    {"decision", "date", VALID_DATE("date")},
    {"decision", "decision", VALID_TEXT("decision")},
    {"measurement", "date", VALID_DATE("date")},
    {"measurement", "value", "typeof(value) = 'real' AND abs(value) <= 1e300"},
    {"form_export", "scope", "scope IN ('focus', 'owner')"},
};

/* Rows that break one rule, into msg; *found counts them. A rule whose
 * table or column is missing is skipped when the schema check has already
 * said so (schema_damaged). */
static ap_rc check_rule(ap_store *s, int k, bool schema_damaged, int *found, ap_buf *msg,
                        ap_error *err)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT rowid, %s FROM %s WHERE NOT coalesce(%s, 0) LIMIT 20",
             value_rules[k].column, value_rules[k].table, value_rules[k].valid);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return schema_damaged ? AP_OK : db_error(s, err);
    sqlite3_bind_int64(st, 1, AP_AMOUNT_MAX);
    sqlite3_bind_int(st, 2, AP_WEIGHT_MAX);
    sqlite3_bind_int(st, 3, AP_SDG_MAX);
    sqlite3_bind_int(st, 4, AP_PROGRESS_MAX);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char value[64];
        describe_value(st, 1, value, sizeof value);
        if ((*found)++ < 20)
            ap_buf_printf(msg, TR("ogiltigt värde: tabell %s, rad %lld, kolumn %s (%s)\n",
                                  "invalid value: table %s, row %lld, column %s (%s)\n"),
                          value_rules[k].table, (long long)sqlite3_column_int64(st, 0),
                          value_rules[k].column, value);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? AP_OK : db_error(s, err);
}

static ap_rc check_values(ap_store *s, bool *ok, ap_buf *msg, ap_error *err)
{
    int found = 0;
    bool schema_damaged = !*ok;
    for (size_t k = 0; k < sizeof value_rules / sizeof value_rules[0]; k++) {
        ap_rc rc = check_rule(s, (int)k, schema_damaged, &found, msg, err);
        if (rc != AP_OK)
            return rc;
    }
    if (found > 0)
        *ok = false;
    return AP_OK;
}

/* The schema's objects as "type name\x1fsql" lines, sorted. */
static ap_rc schema_lines(ap_store *s, ap_buf *out, ap_error *err)
{
    static const char *const sql =
        "SELECT type || ' ' || name || char(31) || coalesce(sql, '') FROM sqlite_schema "
        "ORDER BY type, name";
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_error(s, err);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        ap_buf_printf(out, "%s\n", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? AP_OK : db_error(s, err);
}

/* Whether the line "type name\x1f..." of one schema is in the other with
 * the same definition (*same) or at least by name. */
static bool schema_has(const char *lines, const char *line, size_t len, bool *same)
{
    size_t name_len = (size_t)((const char *)memchr(line, 0x1f, len) - line);
    *same = false;
    for (const char *p = lines; *p;) {
        const char *end = strchr(p, '\n');
        size_t n = (size_t)(end - p);
        if (n > name_len && p[name_len] == 0x1f && memcmp(p, line, name_len) == 0) {
            *same = n == len && memcmp(p, line, len) == 0;
            return true;
        }
        p = end + 1;
    }
    return false;
}

/* Objects of have that want lacks or defines otherwise, as "what" lines. */
static int schema_diff(const char *have, const char *want, const char *what_sv,
                       const char *what_en, bool report_changed, ap_buf *msg)
{
    int n = 0;
    for (const char *p = have; *p;) {
        const char *end = strchr(p, '\n');
        size_t len = (size_t)(end - p);
        bool same = false, present = schema_has(want, p, len, &same);
        if (!present || (report_changed && !same)) {
            int name_len = (int)((const char *)memchr(p, 0x1f, len) - p);
            ap_buf_printf(msg, "%s: %.*s\n",
                          !present ? TR(what_sv, what_en)
                                   : TR("avviker från det väntade schemat",
                                        "differs from the expected schema"),
                          name_len, p);
            n++;
        }
        p = end + 1;
    }
    return n;
}

/* The schema must be the one a fresh `init` makes: the same tables,
 * indexes, triggers and views, defined alike. A foreign trigger (one that
 * swallows inserts with RAISE(IGNORE)) or a dropped append-only trigger is
 * damage the integrity check does not see. The expected schema is made by
 * the same migrations, in memory. */
static ap_rc check_schema(ap_store *s, bool *ok, ap_buf *msg, ap_error *err)
{
    if (s->version_found != AP_SCHEMA_VERSION)
        return AP_OK; /* an older schema is migrated by the next command */
    ap_store *fresh = NULL;
    ap_rc rc = ap_store_open(":memory:", true, &fresh, err);
    ap_buf have = {0}, want = {0};
    if (rc == AP_OK)
        rc = schema_lines(s, &have, err);
    if (rc == AP_OK)
        rc = schema_lines(fresh, &want, err);
    if (rc == AP_OK) {
        int n = schema_diff(ap_buf_str(&have), ap_buf_str(&want),
                            "finns inte i det väntade schemat", "not in the expected schema",
                            true, msg);
        n += schema_diff(ap_buf_str(&want), ap_buf_str(&have), "saknas", "missing", false, msg);
        if (n > 0)
            *ok = false;
    }
    ap_buf_free(&have);
    ap_buf_free(&want);
    ap_store_close(fresh);
    return rc;
}

/* SQLite's own checks: the file's structure and the foreign keys. */
static ap_rc check_integrity(ap_store *s, bool *ok, ap_buf *msg, ap_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check(20)", -1, &st, NULL) != SQLITE_OK)
        return db_error(s, err);
    int rc;
    while ((rc = step(s, st)) == SQLITE_ROW) {
        const char *line = (const char *)sqlite3_column_text(st, 0);
        if (line && strcmp(line, "ok") != 0) {
            *ok = false;
            ap_buf_printf(msg, "%s\n", line);
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_error(s, err);
    if (sqlite3_prepare_v2(s->db, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK)
        return db_error(s, err);
    int problems = 0;
    while ((rc = step(s, st)) == SQLITE_ROW) {
        if (problems++ < 20)
            ap_buf_printf(msg, TR("främmande nyckel saknas: tabell %s rad %lld -> %s\n",
                                  "foreign key missing: table %s row %lld -> %s\n"),
                          sqlite3_column_text(st, 0), (long long)sqlite3_column_int64(st, 1),
                          sqlite3_column_text(st, 2));
        *ok = false;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? AP_OK : db_error(s, err);
}

ap_rc ap_store_check(ap_store *s, bool *ok, ap_buf *msg, ap_error *err)
{
    *ok = true;
    ap_rc rc = check_integrity(s, ok, msg, err);
    if (rc == AP_OK)
        rc = check_schema(s, ok, msg, err);
    if (rc == AP_OK)
        rc = check_values(s, ok, msg, err);
    return rc;
}

ap_rc ap_store_backup(ap_store *s, const char *path, ap_error *err)
{
    ap_atomic at;
    ap_rc rc = ap_atomic_begin(&at, path, err);
    if (rc != AP_OK)
        return rc;
    sqlite3 *dest = NULL;
    if (sqlite3_open_v2(at.tmp_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        rc = ap_error_set(err, AP_E_IO, TR("kan inte skapa '%s': %s", "unable to create '%s': %s"),
                          path, dest ? sqlite3_errmsg(dest) : "?");
        goto out;
    }
    sqlite3_backup *b = sqlite3_backup_init(dest, "main", s->db, "main");
    if (!b) {
        rc = ap_error_set(err, AP_E_DB, TR("säkerhetskopian misslyckades: %s", "backup failed: %s"),
                          sqlite3_errmsg(dest));
        goto out;
    }
    int step;
    /* Copy in one step: it reads one snapshot of the source, and in WAL mode
     * a reader holds no writer off. Copying in parts instead restarts the
     * copy whenever another process commits, so that under steady writing
     * the backup never finishes. */
    while ((step = sqlite3_backup_step(b, -1)) == SQLITE_OK || step == SQLITE_BUSY ||
           step == SQLITE_LOCKED)
        if (step != SQLITE_OK)
            sqlite3_sleep(20);
    sqlite3_backup_finish(b);
    if (step != SQLITE_DONE) {
        rc = ap_error_set(err, AP_E_DB, TR("säkerhetskopian misslyckades: %s", "backup failed: %s"),
                          sqlite3_errstr(step));
        goto out;
    }
    /* The copy is a self-contained file: no WAL beside it (the copied
     * header says WAL until this changes it). */
    if (sqlite3_exec(dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
        rc = ap_error_set(err, AP_E_DB, TR("säkerhetskopian misslyckades: %s", "backup failed: %s"),
                          sqlite3_errmsg(dest));
out:
    if (dest)
        sqlite3_close(dest);
    if (rc == AP_OK)
        return ap_atomic_commit(&at, err);
    ap_atomic_abort(&at);
    return rc;
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

/* =========================================================================
 * Read-only inspection: `check`, and the verification of a backup
 * ========================================================================= */

ap_rc ap_store_open_readonly(const char *path, ap_store **out, ap_error *err)
{
    *out = NULL;
    struct stat st;
    if (stat(path, &st) != 0)
        return ap_error_set(err, AP_E_IO,
                            TR("databasen '%s' finns inte", "the database '%s' does not exist"),
                            path);
    if (S_ISDIR(st.st_mode))
        return ap_error_set(err, AP_E_IO,
                            TR("'%s' är en katalog, inte en databas",
                               "'%s' is a directory, not a database"),
                            path);
    if (!S_ISREG(st.st_mode))
        return not_regular(path, err);
    ap_store *s = ap_xcalloc(1, sizeof *s);
    snprintf(s->path, sizeof s->path, "%s", path);
    ap_rc rc = AP_OK;
    if (sqlite_open_readonly(path, &s->db) != SQLITE_OK) {
        rc = ap_error_set(err, AP_E_DB, TR("kan inte öppna databasen '%s': %s",
                                           "unable to open the database '%s': %s"),
                          path, s->db ? sqlite3_errmsg(s->db) : ap_errno_text(errno));
        goto fail;
    }
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(s->db, 0);
    int app_id = 0, version = 0;
    if (pragma_int(s, "PRAGMA application_id", &app_id, err) != AP_OK) {
        int code = sqlite3_errcode(s->db);
        rc = code == SQLITE_NOTADB    ? not_ours(s, err)
             : code == SQLITE_CORRUPT ? ap_error_set(err, AP_E_DB,
                                                     TR("databasen '%s' är skadad (%s)",
                                                        "the database '%s' is damaged (%s)"),
                                                     path, sqlite3_errmsg(s->db))
                                      : AP_E_DB;
        goto fail;
    }
    if (app_id != AP_APPLICATION_ID) {
        rc = not_ours(s, err);
        goto fail;
    }
    if ((rc = pragma_int(s, "PRAGMA user_version", &version, err)) != AP_OK)
        goto fail;
    if (version > AP_SCHEMA_VERSION) {
        rc = newer_schema(s, version, err);
        goto fail;
    }
    s->version_found = version;
    *out = s;
    return AP_OK;
fail:
    ap_store_close(s);
    return rc ? rc : AP_E_DB;
}

ap_rc ap_store_open_reading(const char *path, ap_store **out, bool *readonly, ap_error *err)
{
    *readonly = false;
    if (dir_writable(path))
        return ap_store_open(path, false, out, err);
    ap_rc rc = ap_store_open_readonly(path, out, err);
    if (rc != AP_OK || ap_store_version_found(*out) == AP_SCHEMA_VERSION) {
        *readonly = rc == AP_OK;
        return rc;
    }
    ap_store_close(*out);
    *out = NULL;
    return readonly_dir(path, err);
}

ap_rc ap_store_facts(ap_store *s, ap_db_facts *f, ap_error *err)
{
    static const char *const counts =
        "SELECT (SELECT count(*) FROM plan), (SELECT count(*) FROM activity),"
        " (SELECT count(*) FROM status_update), (SELECT count(*) FROM state_change),"
        " (SELECT count(*) FROM decision), (SELECT count(*) FROM measurement)";
    memset(f, 0, sizeof *f);
    int pages = 0, page_size = 0;
    ap_rc rc;
    if ((rc = pragma_int(s, "PRAGMA user_version", &f->schema_version, err)) != AP_OK ||
        (rc = pragma_int(s, "PRAGMA page_count", &pages, err)) != AP_OK ||
        (rc = pragma_int(s, "PRAGMA page_size", &page_size, err)) != AP_OK)
        return rc;
    f->bytes = (long long)pages * page_size;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode", -1, &st, NULL) != SQLITE_OK)
        return db_error(s, err);
    if (step(s, st) == SQLITE_ROW)
        snprintf(f->journal_mode, sizeof f->journal_mode, "%s",
                 (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (sqlite3_prepare_v2(s->db, counts, -1, &st, NULL) != SQLITE_OK)
        return db_error(s, err);
    int got = step(s, st);
    if (got == SQLITE_ROW) {
        long long *out[] = {&f->plans, &f->activities, &f->updates,
                            &f->state_changes, &f->decisions, &f->measurements};
        for (int i = 0; i < 6; i++)
            *out[i] = sqlite3_column_int64(st, i);
    }
    sqlite3_finalize(st);
    return got == SQLITE_ROW ? AP_OK : db_error(s, err);
}
