/*
 * fuzz_database.c - a database that lies: every reading command's library
 * path over a database whose values were mutated.
 *
 * The input is a dump's INSERT statements (fuzz/seeds/database/: part of
 * the demo, `sqlite3 DB .dump | grep '^INSERT'`). The schema is not taken
 * from the input but made by the program's own migrations (a fresh `init`),
 * so that the fuzzer mutates values, not tables; each INSERT line is then
 * run with CHECK constraints and foreign keys switched off, as a crafted
 * file holds what no input accepts (an SDG of 100000000, an empty title, a
 * budget of 2^63). Over the result run: the snapshot, list and show as
 * JSON, explain, the steering pack built and rendered (workbook and PDF)
 * into a temporary folder, the annual report likewise, and check.
 *
 * Checks beyond memory safety: every refusal comes with a message, and
 * check does not change the file.
 */
#include "fuzz_common.h"

#include "actionplan/config.h"
#include "actionplan/explain.h"
#include "actionplan/json.h"
#include "render.h"
#include "actionplan/report.h"
#include "actionplan/snapshot.h"
#include "actionplan/store.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[4096], db_path[4200], out_dir[4200];
static ap_config cfg;

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_database: %s: %s\n", what, detail);
    exit(2);
}

static void remove_db(void)
{
    static const char *const tails[] = {"", "-wal", "-shm", "-journal"};
    for (int i = 0; i < 4; i++) {
        char p[4300];
        snprintf(p, sizeof p, "%s%s", db_path, tails[i]);
        unlink(p);
    }
}

static void remove_out(void)
{
    char *names[] = {"styrgrupp.xlsx", "styrgrupp.pdf", "arsrapport.pdf", "arsrapport.xlsx"};
    for (int i = 0; i < 4; i++) {
        char p[4300];
        snprintf(p, sizeof p, "%s/%s", out_dir, names[i]);
        unlink(p);
    }
}

static void cleanup(void)
{
    remove_db();
    remove_out();
    rmdir(out_dir);
    rmdir(dir);
}

static void setup(void)
{
    fuzz_setup_once();
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/ap-fuzz-db.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        die("mkdtemp", dir);
    snprintf(db_path, sizeof db_path, "%s/fuzz.db", dir);
    snprintf(out_dir, sizeof out_dir, "%s/out", dir);
    if (mkdir(out_dir, 0755) != 0)
        die("mkdir", out_dir);
    ap_config_defaults(&cfg);
    atexit(cleanup);
}

/* A fresh database (init's schema) holding the input's INSERT lines. */
static void make_database(const uint8_t *data, size_t size)
{
    remove_db();
    ap_store *s = NULL;
    ap_error err;
    if (ap_store_open(db_path, true, &s, &err) != AP_OK)
        die("init", err.msg);
    ap_store_close(s);
    sqlite3 *db = NULL;
    if (sqlite3_open(db_path, &db) != SQLITE_OK)
        die("sqlite3_open", db_path);
    sqlite3_exec(db, "PRAGMA ignore_check_constraints = 1; PRAGMA foreign_keys = OFF; BEGIN",
                 NULL, NULL, NULL);
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (strncmp(line, "INSERT INTO ", 12) == 0)
            sqlite3_exec(db, line, NULL, NULL, NULL); /* a broken statement is no row */
    }
    free(text);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(db);
}

static void check_refusal(ap_rc rc, const ap_error *err)
{
    if (rc == AP_OK)
        return;
    if (err->msg[0] == '\0')
        fuzz_fail("error without a message", ap_rc_name(rc));
}

/* list --json, show --json and explain over one snapshot. */
static void views(ap_store *s, int64_t plan_id, ap_date as_of, bool history)
{
    ap_rules_config rules;
    ap_rules_config_defaults(&rules);
    ap_snapshot_opts opts = {.as_of = as_of, .since = ap_date_from_ymd(2017, 6, 30),
                             .history = history, .include_removed = history};
    ap_snapshot *snap = NULL;
    ap_error err;
    ap_error_clear(&err);
    ap_rc rc = ap_snapshot_load(s, plan_id, &opts, &rules, &snap, &err);
    check_refusal(rc, &err);
    if (rc != AP_OK)
        return;
    ap_buf out = {0};
    ap_json j;
    ap_json_init(&j, &out, false);
    ap_json_plan(&j, snap, NULL, true);
    ap_json_finish(&j);
    for (size_t i = 0; i < snap->n_activities; i++) {
        ap_json_init(&j, &out, false);
        ap_json_activity_full(&j, snap, &snap->activities[i], true);
        ap_json_finish(&j);
        ap_explain(snap, snap->activities[i].code, &out, &err);
    }
    for (size_t i = 0; i < snap->n_focus; i++)
        ap_explain(snap, snap->focus[i].code, &out, &err);
    ap_explain(snap, "plan", &out, &err);
    ap_buf_free(&out);
    ap_snapshot_free(snap);
}

static void reports(ap_store *s, int64_t plan_id)
{
    char xlsx[4300], pdf[4300];
    ap_error err;
    ap_error_clear(&err);
    ap_steering *st = NULL;
    ap_rc rc = ap_steering_build(s, plan_id, &cfg, ap_date_from_ymd(2017, 12, 15),
                                 AP_DATE_NONE, &st, &err);
    check_refusal(rc, &err);
    if (rc == AP_OK) {
        snprintf(xlsx, sizeof xlsx, "%s/styrgrupp.xlsx", out_dir);
        snprintf(pdf, sizeof pdf, "%s/styrgrupp.pdf", out_dir);
        check_refusal(ap_xlsx_steering_write(st, xlsx, &err), &err);
        check_refusal(ap_pdf_steering_write(st, pdf, &err), &err);
        ap_steering_free(st);
    }
    ap_annual *an = NULL;
    rc = ap_annual_build(s, plan_id, &cfg, 2017, &an, &err);
    check_refusal(rc, &err);
    if (rc == AP_OK) {
        snprintf(xlsx, sizeof xlsx, "%s/arsrapport.xlsx", out_dir);
        snprintf(pdf, sizeof pdf, "%s/arsrapport.pdf", out_dir);
        check_refusal(ap_pdf_annual_write(an, pdf, &err), &err);
        check_refusal(ap_xlsx_annual_write(an, xlsx, &err), &err);
        ap_annual_free(an);
    }
    remove_out();
}

/* check: read-only, never an error for a mutated value, file unchanged. */
static void check(void)
{
    struct stat before, after;
    stat(db_path, &before);
    ap_store *s = NULL;
    ap_error err;
    ap_error_clear(&err);
    ap_rc rc = ap_store_open_readonly(db_path, &s, &err);
    check_refusal(rc, &err);
    if (rc != AP_OK)
        return;
    bool ok = false;
    ap_buf msg = {0};
    rc = ap_store_check(s, &ok, &msg, &err);
    check_refusal(rc, &err);
    ap_db_facts facts;
    check_refusal(ap_store_facts(s, &facts, &err), &err);
    ap_buf_free(&msg);
    ap_store_close(s);
    stat(db_path, &after);
    if (before.st_mtime != after.st_mtime || before.st_size != after.st_size)
        fuzz_fail("check changed the file", db_path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0])
        setup();
    ap_set_language(size % 2 ? AP_LANG_EN : AP_LANG_SV);
    make_database(data, size);
    ap_store *s = NULL;
    ap_error err;
    ap_error_clear(&err);
    ap_rc rc = ap_store_open(db_path, false, &s, &err);
    check_refusal(rc, &err);
    int64_t plan_id = 0;
    if (rc == AP_OK && ap_store_plan_resolve(s, NULL, &plan_id, &err) == AP_OK) {
        views(s, plan_id, ap_date_from_ymd(2017, 12, 15), false);
        views(s, plan_id, ap_date_from_ymd(2018, 6, 30), true);
        reports(s, plan_id);
    }
    ap_store_close(s);
    check();
    return 0;
}
