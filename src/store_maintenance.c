/*
 * store_maintenance.c - `check` and `backup` at the database: SQLite's own
 * checks, the values every row must hold, the schema against a fresh one,
 * the online backup, and what a database holds.
 */
#include "store_internal.h"
#include "actionplan/i18n.h"
#include "actionplan/limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

