/*
 * store_txn.c - transactions (read as of a recording, write), marks (a
 * savepoint the caller may undo to) and recordings: every write transaction
 * that records something gets one, numbered, with its UTC time.
 */
#include "store_internal.h"
#include "actionplan/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Page cache: reads pass over the data once and need little (SQLite's
 * 2 MB); a big import's transaction re-reads its pages, and finds them in
 * memory instead of searching the WAL (bench/README.md). Write
 * transactions get 32 MB. Measured on the bench's 100,000 activities (1.2 M
 * update rows; CPU user + sys, medians of 5 runs; peak RSS): 16 MB 6.0 s,
 * 68 MB; 32 MB 5.7 s, 85 MB; 64 MB 5.7 s, 119 MB. Beyond 32 MB the cache
 * buys no time and costs memory the bench's goal (~100 MB at 100,000
 * activities) cannot spare; at 16 MB the import takes 5 % more CPU. An
 * import of the usual few thousand rows never fills it. */
ap_rc ap_store_begin_read_upto(ap_store *s, int64_t upto, ap_error *err)
{
    s->upto = upto > 0 ? upto : 0;
    return exec_sql(s, "PRAGMA cache_size = -2000; BEGIN DEFERRED", err);
}

ap_rc ap_store_begin(ap_store *s, ap_error *err)
{
    /* ACTIONPLAN_CACHE_KIB overrides the 32 MB (a machine short of memory;
     * the kill tests, which want pages on disk before the commit). */
    enum { CACHE_KIB = 32768 };
    long long kib = CACHE_KIB;
    const char *env = getenv("ACTIONPLAN_CACHE_KIB");
    if (env && !ap_parse_int(env, 64, 16777216, &kib))
        kib = CACHE_KIB;
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
 * orders entries, the time says when; history rows carry it, to the
 * second, as their recorded_at (bind_rec_at). 0 with err set on failure. */
static int64_t recording(ap_store *s, ap_error *err)
{
    static const char *const sql =
        "INSERT INTO recording (recorded_at) SELECT max(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), "
        "coalesce((SELECT max(recorded_at) FROM recording), '')) RETURNING seq, recorded_at";
    if (s->rec)
        return s->rec;
    int binding = s->bind_rc; /* of the statement that asked: it is being bound */
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st)
        return 0;
    int rc = step(s, st);
    if (rc == SQLITE_ROW) {
        s->rec = sqlite3_column_int64(st, 0);
        /* "2026-12-02T05:51:25.123Z" -> "2026-12-02T05:51:25Z": the
         * history's format, strftime('%Y-%m-%dT%H:%M:%SZ'), which also
         * truncates to the second */
        const char *at = (const char *)sqlite3_column_text(st, 1);
        snprintf(s->rec_at, sizeof s->rec_at, "%.19sZ", at ? at : "");
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        not_stored(s, "recording", err);
    else if (rc != SQLITE_ROW)
        db_error(s, err);
    s->bind_rc = binding;
    return s->rec;
}

/* Bind the transaction's recording to parameter i of st. */
bool bind_rec(ap_store *s, sqlite3_stmt *st, int i, ap_error *err)
{
    int64_t rec = recording(s, err);
    if (rec)
        bind_int64(s, st, i, rec);
    return rec != 0;
}

bool bind_rec_at(ap_store *s, sqlite3_stmt *st, int i, ap_error *err)
{
    if (!bind_rec(s, st, i, err))
        return false;
    bind_text(s, st, i + 1, s->rec_at);
    return true;
}

/* =========================================================================
 * Read-only inspection: `check`, and the verification of a backup
 * ========================================================================= */
