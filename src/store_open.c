/*
 * store_open.c - opening and closing (application id, WAL, pragmas,
 * read-only folders, the schema brought up to date).
 */
#include "store_internal.h"
#include "actionplan/i18n.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
        rc = sqlite3_errcode(s->db) == SQLITE_NOTADB ? store_not_ours(s, err) : AP_E_DB;
        goto fail;
    }
    if ((rc = exec_sql(s, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL", err)) != AP_OK)
        goto fail;
    /* WAL only once the file is known to be ours: switching the journal mode
     * changes the file, and another application's database is left alone. */
    if ((rc = store_migrate(s, create, err)) != AP_OK ||
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
        rc = code == SQLITE_NOTADB    ? store_not_ours(s, err)
             : code == SQLITE_CORRUPT ? ap_error_set(err, AP_E_DB,
                                                     TR("databasen '%s' är skadad (%s)",
                                                        "the database '%s' is damaged (%s)"),
                                                     path, sqlite3_errmsg(s->db))
                                      : AP_E_DB;
        goto fail;
    }
    if (app_id != AP_APPLICATION_ID) {
        rc = store_not_ours(s, err);
        goto fail;
    }
    if ((rc = pragma_int(s, "PRAGMA user_version", &version, err)) != AP_OK)
        goto fail;
    if (version > AP_SCHEMA_VERSION) {
        rc = store_newer_schema(s, version, err);
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

