/*
 * store.h - the one module that talks to SQLite (src/store_*.c): what
 * the rest of the program calls. The rows the snapshot and the import
 * read are in src/store_rows.h; together the two headers are the whole
 * interface a second store implements (docs/architecture.md).
 *
 * Everything else sees plain C structures. The schema is created and
 * migrated here with numbered migrations (PRAGMA user_version); foreign keys
 * are on, the journal is WAL with a busy timeout, and the history tables
 * (status updates, state changes, decisions, measurements, plan changes,
 * report runs) refuse UPDATE and DELETE through triggers: history is
 * append-only. See docs/schema.md.
 */
#ifndef AP_STORE_H
#define AP_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "actionplan/error.h"
#include "actionplan/model.h"
#include "actionplan/planfile.h"
#include "actionplan/util.h"

typedef struct ap_store ap_store;

/* The schema version this program writes. A database with a higher
 * user_version was made by a newer program and is refused. */
#define AP_SCHEMA_VERSION 5

/* ---------------------------------------------------------------------------
 * Opening, transactions
 * ------------------------------------------------------------------------- */

/* Open (create = true: create when missing) and migrate to the current
 * schema. Refuses a file that is not an SQLite database, a database of
 * another application, and one made by a newer version of actionplan. */
ap_rc ap_store_open(const char *path, bool create, ap_store **out, ap_error *err);
void ap_store_close(ap_store *s);
/* The schema version found when the file was opened (0 for a new file). */
int ap_store_version_found(const ap_store *s);
const char *ap_store_path(const ap_store *s);

/* A read transaction: every query inside sees the same state of the
 * database (a snapshot is consistent even while others write), and takes
 * the file lock once instead of once per query. End with ap_store_commit.
 * It sees only the entries of recordings <= upto
 * (upto 0: everything): the database as it was when that recording was
 * made. The view ends with the transaction. */
ap_rc ap_store_begin_read_upto(ap_store *s, int64_t upto, ap_error *err);

/* BEGIN IMMEDIATE (waits for the busy timeout), COMMIT, ROLLBACK. */
ap_rc ap_store_begin(ap_store *s, ap_error *err);
ap_rc ap_store_commit(ap_store *s, ap_error *err);
void ap_store_rollback(ap_store *s);

/* Inside a write transaction: a mark to go back to, dropping what was
 * written after it (one row of a form refused, the others kept). Marks do
 * not nest. */
ap_rc ap_store_mark(ap_store *s, ap_error *err);
ap_rc ap_store_keep_mark(ap_store *s, ap_error *err);
ap_rc ap_store_undo_to_mark(ap_store *s, ap_error *err);

/* ---------------------------------------------------------------------------
 * Plans
 * ------------------------------------------------------------------------- */

/* The plan with this key; with key NULL the only plan in the database.
 * Clear messages for no plan, an unknown key, and several plans. */
ap_rc ap_store_plan_resolve(ap_store *s, const char *key, int64_t *plan_id, ap_error *err);
/* The plan's key ("sodertalje-2016"), or NULL. Owned by the store until
 * the next call. */
const char *ap_store_plan_key(ap_store *s, int64_t plan_id);
/* The plan's period as written in its file ("2016-2018"), into out; false
 * when there is none or the plan is not there. One row, for a warning. */
bool ap_store_plan_period(ap_store *s, int64_t plan_id, char *out, size_t outsz);

/* A plan anyone may read (public = yes in its plan file), for `serve`. */
typedef struct ap_public_plan {
    int64_t id;
    const char *key, *title, *period; /* period may be NULL */
} ap_public_plan;
/* Every public plan, by key; strings in a. */
ap_rc ap_store_public_plans(ap_store *s, ap_arena *a, ap_public_plan **out, size_t *n,
                            ap_error *err);
/* The id of the public plan with this key, or 0: no such plan and a
 * private one are the same to a visitor. */
ap_rc ap_store_public_plan_id(ap_store *s, const char *key, int64_t *plan_id, ap_error *err);

/* The plan's structure as stored (entities not marked removed), as a plan
 * definition; *out is NULL when no plan has this key. */
ap_rc ap_store_load_def(ap_store *s, const char *key, ap_plan_def **out, ap_error *err);

/* Write a plan definition: insert or update the plan and every goal, focus
 * area, initiative area and activity by code (participants, goal links and
 * SDG tags are replaced), clearing removed_at of everything in def. Must be
 * called inside a transaction. */
ap_rc ap_store_save_def(ap_store *s, const ap_plan_def *def, const char *source_file,
                        int64_t *plan_id, ap_error *err);

/* Mark an entity removed from the plan file (kept with its history). */
ap_rc ap_store_mark_removed(ap_store *s, int64_t plan_id, const char *entity, const char *code,
                            ap_error *err);

/* Append to the plan's change log (what a re-import changed). */
ap_rc ap_store_log_change(ap_store *s, int64_t plan_id, const char *source_file,
                          ap_date effective, const char *entity, const char *code,
                          const char *field, const char *old_value, const char *new_value,
                          ap_error *err);

/* One entry of the log: anything recorded, in the order the database
 * received it. */
typedef struct ap_log_entry {
    int64_t seq;             /* its recording */
    const char *recorded_at; /* UTC */
    const char *kind;        /* "status", "state", "decision", "measurement", "plan" */
    const char *code;        /* activity, goal or other entity code */
    ap_date effective;       /* its date (AP_DATE_NONE: a plan change from the beginning) */
    const char *value;       /* colour or state name, decision text, measured value */
    const char *text;        /* comment, note; for plan changes the field */
    const char *old_value, *new_value; /* plan changes */
    const char *by;
    const char *origin;      /* "cli", "updates.csv:14", "form …", "plan file", a plan file */
} ap_log_entry;

/* The plan's log: every entry (of one activity or goal code when code is not
 * NULL) recorded at or after the UTC time since (NULL: all), in recorded
 * order. Strings and the array go to the arena. */
ap_rc ap_store_log(ap_store *s, int64_t plan_id, const char *code, const char *since,
                   ap_arena *a, ap_log_entry **out, size_t *n, ap_error *err);

/* ---------------------------------------------------------------------------
 * Recording history (append-only)
 * ------------------------------------------------------------------------- */

/* An activity by code: id, state in the plan file, due date, removed? */
typedef struct ap_activity_ref {
    int64_t id;
    ap_state plan_state;
    bool removed;
} ap_activity_ref;
ap_rc ap_store_activity_ref(ap_store *s, int64_t plan_id, const char *code, ap_activity_ref *ref,
                            ap_error *err);

typedef struct ap_update_rec {
    ap_date date;
    ap_color color;
    int progress;          /* 0-100, or -1 */
    const char *comment;   /* NULL when empty, as the others */
    const char *cause;
    const char *action;
    const char *by;
    long long cost;        /* SEK, or -1 */
    const char *origin;    /* where it came from: "cli", "updates.csv:14", "form ..." */
} ap_update_rec;

/* True when an identical update (every field but origin) is recorded. */
ap_rc ap_store_update_exists(ap_store *s, int64_t activity_id, const ap_update_rec *u,
                             bool *exists, ap_error *err);
ap_rc ap_store_insert_update(ap_store *s, int64_t activity_id, const ap_update_rec *u,
                             ap_error *err);
/* The date of the latest update of an activity (AP_DATE_NONE when none). */
ap_rc ap_store_last_update_date(ap_store *s, int64_t activity_id, ap_date *date, ap_error *err);

/* An activity's state changes in order (date, then recording order). */
typedef struct ap_state_entry {
    ap_date date;
    ap_state state;
} ap_state_entry;
ap_rc ap_store_state_changes(ap_store *s, int64_t activity_id, ap_state_entry **entries,
                             size_t *n, ap_error *err);
ap_rc ap_store_insert_state(ap_store *s, int64_t activity_id, ap_date date, ap_state state,
                            const char *by, const char *note, const char *origin, ap_error *err);

ap_rc ap_store_decision_exists(ap_store *s, int64_t activity_id, ap_date date, const char *text,
                               bool *exists, ap_error *err);
ap_rc ap_store_insert_decision(ap_store *s, int64_t activity_id, ap_date date, const char *text,
                               const char *by, const char *origin, ap_error *err);

/* Goals and measurements */
ap_rc ap_store_goal_id(ap_store *s, int64_t plan_id, const char *code, int64_t *goal_id,
                       ap_error *err);
ap_rc ap_store_measurement_exists(ap_store *s, int64_t goal_id, ap_date date, double value,
                                  const char *source, const char *by, bool *exists,
                                  ap_error *err);
ap_rc ap_store_insert_measurement(ap_store *s, int64_t goal_id, ap_date date, double value,
                                  const char *source, const char *by, const char *origin,
                                  ap_error *err);

/* A written assessment ("bedömning") of a focus area or of the whole plan
 * for a period: a year ("2017", for the annual report) or the as-of date
 * of the steering pack it is written for ("2017-12-15"). */
typedef struct ap_assessment {
    bool given;         /* false: none found */
    const char *scope;  /* a focus area's code, or "plan" */
    const char *period; /* "YYYY" or "YYYY-MM-DD" */
    ap_date date;       /* when it was written */
    const char *text;
    const char *by;
    const char *origin;
} ap_assessment;

/* True when scope is "plan" or a focus area of the plan (not removed). */
ap_rc ap_store_assessment_scope_ok(ap_store *s, int64_t plan_id, const char *scope, bool *ok,
                                   ap_error *err);
ap_rc ap_store_assessment_exists(ap_store *s, int64_t plan_id, const ap_assessment *a,
                                 bool *exists, ap_error *err);
ap_rc ap_store_insert_assessment(ap_store *s, int64_t plan_id, const ap_assessment *a,
                                 ap_error *err);
/* The assessment a report shows, as recorded up to upto (0: all): with a
 * year, the last one written for that year; with a date (year 0), the
 * last one written for a pack as of that date or before (by period, date,
 * recording). out->given is false when there is none. */
ap_rc ap_store_assessment_find(ap_store *s, int64_t plan_id, const char *scope, int year,
                               ap_date as_of, int64_t upto, ap_arena *arena, ap_assessment *out,
                               ap_error *err);

/* ---------------------------------------------------------------------------
 * History entries as read back (the snapshot's last report, its history,
 * the goals' measurements); they are read by the functions of src/store_rows.h
 * ------------------------------------------------------------------------- */

typedef struct ap_update {
    int64_t id;             /* recording order */
    ap_date date;
    ap_color color;
    int progress;           /* 0-100, -1 when not given */
    const char *comment;    /* NULL when empty, as the other texts */
    const char *cause;
    const char *action;
    const char *by;
    long long cost;         /* SEK, -1 when not given */
    const char *origin;     /* "cli", "updates.csv:14", ... */
    const char *recorded_at;
} ap_update;

/* from is not stored: the state before the change, known to whoever
 * replays the history (snapshot.c); the store leaves it AP_STATE_PROPOSED. */
typedef struct ap_state_change {
    int64_t id;
    ap_date date;
    ap_state from, to;
    const char *by;
    const char *note;
    const char *origin;
    const char *recorded_at;
} ap_state_change;

typedef struct ap_decision {
    int64_t id;
    ap_date date;
    const char *text;
    const char *by;
    const char *origin;
    const char *recorded_at;
} ap_decision;

typedef struct ap_measurement {
    int64_t id;
    ap_date date;
    double value;
    const char *source;     /* e.g. "SCB" */
    const char *by;
} ap_measurement;

/* ---------------------------------------------------------------------------
 * Report runs: what was made when, for "changes since the previous pack"
 * ------------------------------------------------------------------------- */

/* A registered report (the register of design "time"): what it showed,
 * from which recording, with which settings. Strings belong to the arena of
 * the reading call (or to the caller for _add). */
typedef struct ap_report_rec {
    int64_t id;
    int64_t plan_id;
    const char *kind;        /* "steering" or "annual" */
    ap_date as_of, since;    /* since AP_DATE_NONE for the annual report */
    int64_t upto;            /* made from the entries of recordings <= upto */
    const char *recorded_at; /* that recording's time, UTC ("" for none) */
    const char *settings;    /* the settings that shaped it (ap_report_settings_*) */
    const char *digest;      /* SHA-256 of its data, hex; NULL for runs before schema 3 */
    ap_date made_on;         /* the date the report says it was made */
    const char *files;       /* the files written, one per line */
} ap_report_rec;

/* Register a report; *id receives its number. */
ap_rc ap_store_report_add(ap_store *s, const ap_report_rec *r, int64_t *id, ap_error *err);
ap_rc ap_store_report_get(ap_store *s, int64_t id, ap_arena *a, ap_report_rec *r, bool *found,
                          ap_error *err);
/* Every registered report of a plan, in the order they were made. */
ap_rc ap_store_report_list(ap_store *s, int64_t plan_id, ap_arena *a, ap_report_rec **out,
                           size_t *n, ap_error *err);
/* The latest report of a kind with as_of < before and, when upto > 0,
 * registered in a recording <= upto: its as-of date (AP_DATE_NONE: none)
 * and the recording it was made from (0: none). */
ap_rc ap_store_report_run_previous(ap_store *s, int64_t plan_id, const char *kind,
                                   ap_date before, int64_t upto, ap_date *as_of,
                                   int64_t *prev_upto, ap_error *err);

/* The last recording made at or before the UTC time utc
 * ("YYYY-MM-DDTHH:MM:SS.sssZ"), or the last of all when utc is NULL; 0 when
 * there is none. */
ap_rc ap_store_recording_upto(ap_store *s, const char *utc, int64_t *seq, ap_error *err);

/* ---------------------------------------------------------------------------
 * Maintenance
 * ------------------------------------------------------------------------- */

/* PRAGMA integrity_check and foreign_key_check; *ok false with the first
 * problems in msg when something is wrong. */
ap_rc ap_store_check(ap_store *s, bool *ok, ap_buf *msg, ap_error *err);
/* An online backup (safe while others write) into path. */
ap_rc ap_store_backup(ap_store *s, const char *path, ap_error *err);

/* ---------------------------------------------------------------------------
 * Update forms (forms export / forms import): the forms handed out
 * ------------------------------------------------------------------------- */

/* A form as remembered when it was exported. Strings and codes belong to
 * the arena given to ap_store_form_get (or to the caller for _add). */
typedef struct ap_form_rec {
    int64_t plan_id;
    const char *form_key;    /* the id written into the form (unique) */
    const char *scope;       /* "focus" or "owner" */
    const char *scope_value; /* the focus area's code or the owner's name */
    ap_date as_of;           /* the picture the form shows */
    const char *signer;      /* who signs by default (the lead, the owner) */
    int64_t watermark;       /* the last status update recorded when it was made */
    const char *file;        /* where it was written */
    const char *made_at;     /* "YYYY-MM-DDTHH:MM:SSZ" */
    const char **codes;      /* its activities, in row order */
    size_t n_codes;
} ap_form_rec;

/* The id of the last status update recorded (0 when none): what a form
 * made now has seen. */
ap_rc ap_store_form_watermark(ap_store *s, int64_t *watermark, ap_error *err);

/* Remember an exported form and its activities (inside the caller's
 * transaction). Every code must be an activity of the plan. */
ap_rc ap_store_form_add(ap_store *s, const ap_form_rec *f, ap_error *err);

/* The form with this key; *found false when this database never made it. */
ap_rc ap_store_form_get(ap_store *s, const char *form_key, ap_arena *arena, ap_form_rec *out,
                        bool *found, ap_error *err);

/* The latest status update of an activity that the form did not show:
 * recorded after the form was made (id > f->watermark) or dated after its
 * as-of date, and not imported from the form itself (origin "form <key> ...").
 * *update_id is 0 when there is none (read it with ap_store_get_update). */
ap_rc ap_store_form_unseen_update(ap_store *s, const ap_form_rec *f, int64_t activity_id,
                                  int64_t *update_id, ap_error *err);

/* Open an existing database for reading only: no migration, no change of
 * journal mode, nothing written. Refuses what ap_store_open refuses (a file
 * that is not an SQLite database, another application's database, a newer
 * schema); an older schema is opened as it is (ap_store_version_found). */
ap_rc ap_store_open_readonly(const char *path, ap_store **out, ap_error *err);

/* Open an existing database for a command that only reads: as
 * ap_store_open does, or, when its directory is read-only (SQLite could
 * not write its -wal and -shm files there), read-only with *readonly set.
 * ap_store_open refuses a read-only directory with a message saying so. */
ap_rc ap_store_open_reading(const char *path, ap_store **out, bool *readonly, ap_error *err);

/* What a database holds, for `check` and `backup`. */
typedef struct ap_db_facts {
    int schema_version;    /* PRAGMA user_version */
    long long bytes;       /* page_count x page_size: the data, WAL included */
    char journal_mode[16]; /* "wal", "delete", ... */
    long long plans, activities, updates, state_changes, decisions, measurements;
} ap_db_facts;
ap_rc ap_store_facts(ap_store *s, ap_db_facts *facts, ap_error *err);

/* ---------------------------------------------------------------------------
 * Watching for changes (store_version.c): whether anything was committed to
 * the database since the last look, for the page cache of `serve`
 * ------------------------------------------------------------------------- */

/* A connection of its own that only reads PRAGMA data_version: the value
 * changes whenever another connection (another process too) has committed
 * since the previous call. One thread at a time per watch. */
typedef struct ap_store_watch ap_store_watch;
ap_rc ap_store_watch_open(const char *path, ap_store_watch **out, ap_error *err);
ap_rc ap_store_watch_version(ap_store_watch *w, int64_t *version, ap_error *err);
void ap_store_watch_close(ap_store_watch *w);

#endif
