/*
 * csvimport.h - bulk imports from CSV (README, "Commands"): status updates
 * (with optional state changes, costs and decisions) and measurements.
 *
 * All files of one call are imported in one transaction: all or nothing.
 * Every error names file:line:column and what was expected. Importing the
 * same file twice records nothing new. Rows are recorded in date order
 * (stable: rows of the same date keep the file's order, which is the order
 * "recorded last" refers to), so a file need not be sorted.
 */
#ifndef AP_CSVIMPORT_H
#define AP_CSVIMPORT_H

#include "actionplan/store.h"

typedef struct ap_bulk_result {
    int rows;          /* data rows read (blank rows not counted) */
    int updates;       /* status updates recorded */
    int states;        /* state changes recorded */
    int decisions;     /* decisions recorded */
    int measurements;  /* measurements recorded */
    int assessments;   /* assessments recorded */
    int skipped;       /* entries already recorded (or states already current) */
} ap_bulk_result;

ap_rc ap_updates_import_csv(ap_store *s, int64_t plan_id, char *const *files, int nfiles,
                            ap_bulk_result *res, ap_error *err);

ap_rc ap_measures_import_csv(ap_store *s, int64_t plan_id, char *const *files, int nfiles,
                             ap_bulk_result *res, ap_error *err);

/* Header focus,date,period,text,by: focus is a focus area's code or "plan",
 * date when the assessment was written, period a year or a pack's date. */
ap_rc ap_assessments_import_csv(ap_store *s, int64_t plan_id, char *const *files, int nfiles,
                                ap_bulk_result *res, ap_error *err);

#endif
