/*
 * fixture.h - building test databases through the library, for the unit
 * tests of the renderers: a plan file and its CSVs imported into a new
 * database, as `init`, `import`, `updates import` and `measures import`
 * would.
 */
#ifndef AP_FIXTURE_H
#define AP_FIXTURE_H

#include "actionplan/csvimport.h"
#include "actionplan/import.h"
#include "actionplan/planfile.h"
#include "actionplan/store.h"

#include <stdio.h>
#include <unistd.h>

/* A new database at db (replacing any) holding plan and, when not NULL,
 * the updates and measures CSVs. Prints the error and returns NULL on
 * failure; the caller closes the store. */
static inline ap_store *fx_store(const char *db, const char *plan, const char *updates,
                                 const char *measures, int64_t *plan_id)
{
    ap_error err = {0};
    ap_store *s = NULL;
    ap_plan_def *def = NULL;
    ap_import_result res = {0};
    ap_bulk_result bulk = {0};
    char *u[] = {(char *)updates}, *m[] = {(char *)measures};
    unlink(db);
    bool ok = ap_store_open(db, true, &s, &err) == AP_OK &&
              ap_plan_load_file(plan, &def, &err) == AP_OK &&
              ap_import_plan(s, def, plan, &(ap_import_opts){0}, &res, &err) == AP_OK &&
              ap_store_plan_resolve(s, def->id, plan_id, &err) == AP_OK &&
              (!updates || ap_updates_import_csv(s, *plan_id, u, 1, &bulk, &err) == AP_OK) &&
              (!measures || ap_measures_import_csv(s, *plan_id, m, 1, &bulk, &err) == AP_OK);
    if (!ok) {
        fprintf(stderr, "fixture %s: %s\n", db, err.msg);
        ap_store_close(s);
        s = NULL;
    }
    ap_import_result_free(&res);
    ap_plan_def_free(def);
    return s;
}

#endif
