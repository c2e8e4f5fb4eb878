/*
 * maintenance.c - what `check` and `backup` need beyond the store: a
 * database inspected read-only (a verdict, a summary of what it holds, the
 * problems found), and the target of a backup checked before anything is
 * written. See maintenance.h.
 */
#include "actionplan/maintenance.h"
#include "actionplan/i18n.h"

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* "224 kB", "1,2 MB" */
static void describe_size(ap_buf *b, long long bytes)
{
    if (bytes < 1024 * 1024) {
        ap_buf_printf(b, "%lld kB", (bytes + 1023) / 1024);
        return;
    }
    long long tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
    ap_buf_printf(b, "%lld%s%lld MB", tenths / 10, TR(",", "."), tenths % 10);
}

/* What a database holds, one line: "224 kB; 1 plan, 59 aktiviteter, ..." */
static void describe_facts(ap_buf *b, const ap_db_facts *f)
{
    describe_size(b, f->bytes);
    ap_buf_printf(b,
                  TR("; %lld %s, %lld %s, %lld %s, %lld %s, %lld %s och %lld %s",
                     "; %lld %s, %lld %s, %lld %s, %lld %s, %lld %s and %lld %s"),
                  f->plans, ap_plural(f->plans, "plan", "planer", "plan", "plans"), f->activities,
                  ap_plural(f->activities, "aktivitet", "aktiviteter", "activity", "activities"),
                  f->updates,
                  ap_plural(f->updates, "statusrapport", "statusrapporter", "status report",
                            "status reports"),
                  f->state_changes,
                  ap_plural(f->state_changes, "lägesändring", "lägesändringar", "state change",
                            "state changes"),
                  f->decisions, ap_plural(f->decisions, "beslut", "beslut", "decision", "decisions"),
                  f->measurements,
                  ap_plural(f->measurements, "mätning", "mätningar", "measurement", "measurements"));
}

ap_rc ap_db_inspect(const char *path, ap_db_facts *facts, ap_buf *summary, bool *ok,
                    ap_buf *problems, ap_error *err)
{
    *ok = false;
    memset(facts, 0, sizeof *facts);
    ap_store *s = NULL;
    ap_rc rc = ap_store_open_readonly(path, &s, err);
    if (rc != AP_OK)
        return rc;
    /* Once the file is open as ours, a failure to read it is damage
     * ("database disk image is malformed"): a finding, not an error. */
    ap_error inner;
    ap_error_clear(&inner);
    if (ap_store_check(s, ok, problems, &inner) != AP_OK) {
        *ok = false;
        ap_buf_printf(problems, "%s\n", inner.msg);
    }
    char first[sizeof inner.msg];
    snprintf(first, sizeof first, "%s", inner.msg);
    if (ap_store_facts(s, facts, &inner) == AP_OK) {
        describe_facts(summary, facts);
    } else {
        *ok = false;
        if (strcmp(first, inner.msg) != 0)
            ap_buf_printf(problems, "%s\n", inner.msg);
    }
    ap_store_close(s);
    return AP_OK;
}

/* The canonical path of a file that may not exist yet: its folder resolved,
 * its name kept. False when the folder does not exist. */
static bool canonical(const char *path, char out[PATH_MAX])
{
    char a[PATH_MAX], b[PATH_MAX], dir[PATH_MAX];
    snprintf(a, sizeof a, "%s", path);
    snprintf(b, sizeof b, "%s", path);
    if (!realpath(dirname(a), dir))
        return false;
    return snprintf(out, PATH_MAX, "%s/%s", dir, basename(b)) < PATH_MAX;
}

/* The database itself or one of SQLite's files beside it (-wal, -shm,
 * -journal): a copy renamed over them would destroy the database. */
static bool is_database_file(const char *db, const char *target)
{
    char d[PATH_MAX], t[PATH_MAX];
    if (!canonical(db, d) || !canonical(target, t))
        return false;
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    size_t n = strlen(d);
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
        if (strncmp(t, d, n) == 0 && strcmp(t + n, suffixes[i]) == 0)
            return true;
    struct stat sd, st;
    return stat(db, &sd) == 0 && stat(target, &st) == 0 && sd.st_dev == st.st_dev &&
           sd.st_ino == st.st_ino;
}

ap_rc ap_backup_check_target(const char *db_path, const char *target, bool force, ap_error *err)
{
    struct stat st;
    if (is_database_file(db_path, target))
        return ap_error_set(err, AP_E_INPUT,
                            TR("'%s' är databasen själv (eller en av dess filer); välj ett "
                               "annat namn för kopian",
                               "'%s' is the database itself (or one of its files); choose "
                               "another name for the copy"),
                            target);
    if (stat(target, &st) != 0)
        return AP_OK;
    if (S_ISDIR(st.st_mode))
        return ap_error_set(err, AP_E_INPUT,
                            TR("'%s' är en katalog; ange ett filnamn, t.ex. %s/actionplan-%s.db",
                               "'%s' is a directory; give a file name, e.g. %s/actionplan-%s.db"),
                            target, target, TR("ÅÅÅÅ-MM-DD", "YYYY-MM-DD"));
    if (!force)
        return ap_error_set(err, AP_E_INPUT,
                            TR("'%s' finns redan; välj ett nytt namn eller skriv över med --force",
                               "'%s' already exists; choose a new name or overwrite with --force"),
                            target);
    return AP_OK;
}


ap_rc ap_backup_make(const char *db_path, const char *target, bool force, ap_buf *summary,
                     ap_error *err)
{
    ap_rc rc = ap_backup_check_target(db_path, target, force, err);
    if (rc != AP_OK)
        return rc;
    /* Read-only: a backup neither migrates nor changes the database. */
    ap_store *s = NULL;
    if ((rc = ap_store_open_readonly(db_path, &s, err)) != AP_OK)
        return rc;
    rc = ap_store_backup(s, target, err);
    ap_store_close(s);
    if (rc != AP_OK)
        return rc;
    /* The copy is read back and checked before it is called a backup. */
    ap_db_facts facts;
    ap_buf problems = {0};
    bool ok = false;
    rc = ap_db_inspect(target, &facts, summary, &ok, &problems, err);
    for (char *nl; problems.p && (nl = strchr(problems.p, '\n')) != NULL;)
        *nl = nl[1] ? ' ' : '\0'; /* one line */
    if (rc == AP_OK && !ok)
        rc = ap_error_set(err, AP_E_DB,
                          TR("kopian '%s' klarade inte kontrollen, så databasen är "
                             "troligen skadad (kör 'actionplan check'): %s",
                             "the copy '%s' failed the check, so the database is probably "
                             "damaged (run 'actionplan check'): %s"),
                          target, ap_buf_str(&problems));
    ap_buf_free(&problems);
    return rc;
}
