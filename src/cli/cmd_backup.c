/* cmd_backup.c - `actionplan backup FILE`: a copy of the database, safe while
 * others write, checked before the command says it is done. */
#include "cli.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const ap_cmd_spec cmd_backup_spec = {
    .name = "backup",
    .args = "FILE",
    .min_args = 1,
    .max_args = 1,
    .summary_sv = "säkerhetskopiera databasen till en fil (går bra medan andra skriver)",
    .summary_en = "back the database up into a file (safe while others write)",
    .details_sv =
        "Kopian tas med SQLites backup-API, skrivs färdig under ett tillfälligt namn\n"
        "och kontrolleras (integrity_check, foreign_key_check) innan kommandot är klart.\n"
        "Den är en fristående fil: återställ genom att kopiera den på databasens plats\n"
        "när ingen använder programmet, eller använd den direkt med --db FILE.\n"
        "En befintlig fil skrivs bara över med --force.",
    .details_en = "The copy is taken with SQLite's backup API, written under a temporary name and\n"
                  "checked (integrity_check, foreign_key_check) before the command is done. It is\n"
                  "a standalone file: restore by copying it over the database while nobody uses\n"
                  "the program, or use it directly with --db FILE.\n"
                  "An existing file is overwritten only with --force.",
    .opts = (const ap_opt[]){{"force", OPT_FLAG, NULL, "skriv över en befintlig fil",
                              "overwrite an existing file", false},
                             {NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

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

static ap_rc check_target(ap_ctx *ctx, const char *target, bool force)
{
    struct stat st;
    if (is_database_file(ctx->db_path, target))
        return ap_error_set(&ctx->err, AP_E_INPUT,
                            TR("'%s' är databasen själv (eller en av dess filer); välj ett "
                               "annat namn för kopian",
                               "'%s' is the database itself (or one of its files); choose "
                               "another name for the copy"),
                            target);
    if (stat(target, &st) != 0)
        return AP_OK;
    if (S_ISDIR(st.st_mode))
        return ap_error_set(&ctx->err, AP_E_INPUT,
                            TR("'%s' är en katalog; ange ett filnamn, t.ex. %s/actionplan-%s.db",
                               "'%s' is a directory; give a file name, e.g. %s/actionplan-%s.db"),
                            target, target, TR("ÅÅÅÅ-MM-DD", "YYYY-MM-DD"));
    if (!force)
        return ap_error_set(&ctx->err, AP_E_INPUT,
                            TR("'%s' finns redan; välj ett nytt namn eller skriv över med --force",
                               "'%s' already exists; choose a new name or overwrite with --force"),
                            target);
    return AP_OK;
}

ap_rc cmd_backup(ap_ctx *ctx, const ap_args *args)
{
    const char *target = args->pos[0];
    ap_rc rc = check_target(ctx, target, ap_args_has(args, "force"));
    if (rc != AP_OK)
        return rc;
    /* Read-only: a backup neither migrates nor changes the database. */
    ap_store *s = NULL;
    if ((rc = ap_store_open_readonly(ctx->db_path, &s, &ctx->err)) != AP_OK)
        return rc;
    rc = ap_store_backup(s, target, &ctx->err);
    ap_store_close(s);
    if (rc != AP_OK)
        return rc;
    /* The copy is read back and checked before we call it a backup. */
    ap_db_facts facts;
    ap_buf summary = {0}, problems = {0};
    bool ok = false;
    rc = ap_db_inspect(target, &facts, &summary, &ok, &problems, &ctx->err);
    for (char *nl; problems.p && (nl = strchr(problems.p, '\n')) != NULL;)
        *nl = nl[1] ? ' ' : '\0'; /* one line */
    if (rc == AP_OK && !ok)
        rc = ap_error_set(&ctx->err, AP_E_DB,
                          TR("kopian '%s' klarade inte kontrollen, så databasen är "
                             "troligen skadad (kör 'actionplan check'): %s",
                             "the copy '%s' failed the check, so the database is probably "
                             "damaged (run 'actionplan check'): %s"),
                          target, ap_buf_str(&problems));
    if (rc == AP_OK)
        printf(TR("Säkerhetskopierade %s till %s: %s.\n"
                  "Kopian är kontrollerad (integrity_check, foreign_key_check): OK\n",
                  "Backed up %s into %s: %s.\n"
                  "The copy is checked (integrity_check, foreign_key_check): OK\n"),
               ctx->db_path, target, ap_buf_str(&summary));
    ap_buf_free(&summary);
    ap_buf_free(&problems);
    return rc;
}
