/*
 * fuzz_csvimport.c - the bulk imports of status updates and measurements
 * (ap_updates_import_csv, ap_measures_import_csv): CSV reading, header
 * checks, row parsing, the recording rules and the transaction around them.
 *
 * The row parsing is not reachable without a database, so the target keeps
 * one in memory holding the demo plan (plans/sodertalje-2016.ini, so that
 * the seeds' codes exist), writes each input to a temporary file and
 * imports it as updates and then as measurements. A fresh database replaces
 * it after every import that recorded something, so each input meets the
 * same database.
 *
 * Checks beyond memory safety: a refused file gets a message naming it and
 * records nothing (all or nothing: the history holds exactly as many
 * entries as before); an accepted one records exactly what it reports; the
 * snapshot of the plan loads over whatever was recorded.
 */
#include "fuzz_common.h"

#include "actionplan/config.h"
#include "actionplan/csvimport.h"
#include "actionplan/import.h"
#include "actionplan/snapshot.h"
#include "actionplan/store.h"
#include "store_rows.h"

#include <unistd.h>

#ifndef AP_FUZZ_PLAN
#define AP_FUZZ_PLAN "plans/sodertalje-2016.ini"
#endif

static ap_store *store;
static int64_t plan_id;
static char dir[4096], csv_path[4200];

static void die(const char *what, const ap_error *err)
{
    fprintf(stderr, "fuzz_csvimport: %s: %s\n", what, err->msg);
    exit(2);
}

static void cleanup(void)
{
    ap_store_close(store);
    unlink(csv_path);
    rmdir(dir);
}

/* A new in-memory database holding the demo plan. */
static void fresh_store(void)
{
    static ap_plan_def *def;
    ap_error err;
    ap_error_clear(&err);
    if (!def) {
        const char *path = getenv("AP_FUZZ_PLAN") ? getenv("AP_FUZZ_PLAN") : AP_FUZZ_PLAN;
        if (ap_plan_load_file(path, &def, &err) != AP_OK)
            die("the plan", &err);
    }
    ap_store_close(store);
    store = NULL;
    if (ap_store_open(":memory:", true, &store, &err) != AP_OK)
        die("the database", &err);
    ap_import_opts opts = {0};
    ap_import_result res;
    memset(&res, 0, sizeof res);
    if (ap_import_plan(store, def, "plan.ini", &opts, &res, &err) != AP_OK)
        die("importing the plan", &err);
    ap_import_result_free(&res);
    if (ap_store_plan_resolve(store, NULL, &plan_id, &err) != AP_OK)
        die("the plan id", &err);
}

static ap_rc count_row(void *user, const ap_history_row *row, ap_error *err)
{
    (void)row;
    (void)err;
    ++*(long *)user;
    return AP_OK;
}

/* Every status update, state change and decision of the plan. */
static long history_count(void)
{
    long n = 0;
    ap_error err;
    for (int k = AP_HIST_UPDATES; k <= AP_HIST_DECISIONS; k++)
        if (ap_store_scan_history(store, (ap_history_kind)k, plan_id, 0, AP_DATE_NONE,
                                  ap_date_from_ymd(9999, 12, 31), 0, count_row, &n, &err) != AP_OK)
            die("counting the history", &err);
    return n;
}

static void setup(void)
{
    fuzz_setup_once();
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/ap-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(2);
    }
    snprintf(csv_path, sizeof csv_path, "%s/in.csv", dir);
    fresh_store();
    atexit(cleanup);
}

static void write_input(const uint8_t *data, size_t size)
{
    FILE *f = fopen(csv_path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
        perror(csv_path);
        exit(2);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!store)
        setup();
    ap_set_language(size % 2 ? AP_LANG_EN : AP_LANG_SV);
    write_input(data, size);
    char *files[1] = {csv_path};
    bool dirty = false;
    for (int kind = 0; kind < 2; kind++) {
        ap_bulk_result res;
        ap_error err;
        ap_error_clear(&err);
        long before = history_count();
        ap_rc rc = kind == 0 ? ap_updates_import_csv(store, plan_id, files, 1, &res, &err)
                             : ap_measures_import_csv(store, plan_id, files, 1, &res, &err);
        fuzz_check_error(rc, &err, csv_path);
        long after = history_count();
        long recorded = res.updates + res.states + res.decisions;
        if (rc != AP_OK && after != before)
            fuzz_fail("a refused import recorded something", err.msg);
        if (rc == AP_OK && after != before + recorded)
            fuzz_fail("an import recorded other than it reported", NULL);
        if (rc == AP_OK && (recorded > 0 || res.measurements > 0))
            dirty = true;
    }
    if (dirty) {
        ap_rules_config rules;
        ap_rules_config_defaults(&rules);
        ap_snapshot_opts opts = {.as_of = ap_date_today(), .since = AP_DATE_NONE, .history = true};
        ap_snapshot *snap = NULL;
        ap_error err;
        if (ap_snapshot_load(store, plan_id, &opts, &rules, &snap, &err) != AP_OK)
            fuzz_fail("the snapshot does not load after an import", err.msg);
        ap_snapshot_free(snap);
        fresh_store();
    }
    return 0;
}
