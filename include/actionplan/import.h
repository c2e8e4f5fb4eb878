/*
 * import.h - bring a plan file into the database: create the plan, or
 * update it while keeping its history.
 *
 * Importing is idempotent (the same file twice changes nothing) and
 * transactional (an error imports nothing). A changed title, owner, date …
 * is updated in place and the old and new value are appended to the plan's
 * change log. Something the file no longer has (an activity, an initiative
 * area, a focus area, a goal) is never deleted silently: the import is
 * refused and names it, unless allow_remove is set, in which case it is
 * marked removed: kept in the database with all its history, shown by
 * `show`, no longer listed, rolled up or reported.
 */
#ifndef AP_IMPORT_H
#define AP_IMPORT_H

#include <stdbool.h>

#include "actionplan/planfile.h"
#include "actionplan/store.h"

typedef struct ap_import_opts {
    bool allow_remove; /* --remove: mark what the file lacks as removed */
    bool dry_run;      /* --dry-run: say what would change, change nothing */
    ap_date effective; /* --effective: the date the changes take effect
                        * (AP_DATE_NONE: today); a new plan applies from the
                        * beginning */
} ap_import_opts;

typedef struct ap_import_result {
    bool created;     /* a new plan */
    int changed;      /* fields changed on existing entities */
    int added;        /* entities new to the plan */
    int removed;      /* entities marked removed */
    ap_buf report;    /* one line per change, in the current language */
} ap_import_result;

/* Import def (parsed from source_file) in one transaction. */
ap_rc ap_import_plan(ap_store *s, const ap_plan_def *def, const char *source_file,
                     const ap_import_opts *opts, ap_import_result *res, ap_error *err);

void ap_import_result_free(ap_import_result *res);

#endif
