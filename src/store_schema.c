/*
 * store_schema.c - the schema and its numbered migrations (PRAGMA
 * user_version), and whose database a file is (PRAGMA application_id);
 * docs/schema.md.
 */
#include "store_internal.h"
#include "actionplan/i18n.h"

#include <stdio.h>

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

ap_rc store_not_ours(ap_store *s, ap_error *err)
{
    return ap_error_set(err, AP_E_DB,
                        TR("'%s' är ingen actionplan-databas", "'%s' is not an actionplan database"),
                        s->path);
}

ap_rc store_newer_schema(ap_store *s, int version, ap_error *err)
{
    return ap_error_set(err, AP_E_DB,
                        TR("databasen '%s' är skapad av en nyare version av actionplan "
                           "(schema %d; detta program känner schema %d): uppdatera programmet",
                           "the database '%s' was made by a newer version of actionplan "
                           "(schema %d; this program knows schema %d): upgrade the program"),
                        s->path, version, AP_SCHEMA_VERSION);
}

ap_rc store_migrate(ap_store *s, bool create, ap_error *err)
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
        rc = store_not_ours(s, err);
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
        rc = store_newer_schema(s, version, err);
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

