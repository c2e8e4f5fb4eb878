/*
 * report_job.h - the whole job of a report: its data built (report.h),
 * rendered by the renderers (one file each), both files placed together
 * and the report registered - or a registered report made again. What a
 * command or a web download calls.
 */
#ifndef AP_REPORT_JOB_H
#define AP_REPORT_JOB_H

#include "actionplan/report.h"
#include "actionplan/report.h"

/* Build, write both files into out_dir (styrgrupp-<plan>-<as-of>.xlsx/.pdf),
 * and register the report (report_register.c). paths receive the two file
 * names, *id (when not NULL) the report's number in the register. */
ap_rc ap_report_steering(ap_store *s, int64_t plan_id, const ap_config *cfg, ap_date as_of,
                         ap_date since, const ap_report_time *t, const char *out_dir,
                         char paths[2][4096], int64_t *id, ap_error *err);
/* arsrapport-<plan>-<year>.pdf/.xlsx */
ap_rc ap_report_annual(ap_store *s, int64_t plan_id, const ap_config *cfg, int year,
                       const ap_report_time *t, const char *out_dir, char paths[2][4096],
                       int64_t *id, ap_error *err);

/* Make registered report id (of kind "steering" or "annual": another kind
 * is a usage error) again into out_dir: from the entries recorded
 * up to its recording, with its settings (over cfg) and its date. Registers
 * nothing. AP_OK when its data has the registered digest; an error naming
 * both digests when not (the files are written all the same, to compare).
 * *r receives the register's row (strings in arena). */
ap_rc ap_report_again(ap_store *s, int64_t id, const char *kind, const ap_config *cfg,
                      const char *out_dir, char paths[2][4096], ap_arena *arena,
                      ap_report_rec *r, ap_error *err);
/* The same for a visitor of `serve`: kind NULL takes whichever kind id is,
 * and hide_people ([public] show_people = no) takes people's names out of
 * the data after its digest was checked, so that neither file has them. */
ap_rc ap_report_again_public(ap_store *s, int64_t id, const char *kind, const ap_config *cfg,
                             bool hide_people, const char *out_dir, char paths[2][4096],
                             ap_arena *arena, ap_report_rec *r, ap_error *err);

/* The data of registered annual report id made again as ap_report_again
 * makes it (its recording, its settings over cfg, its date, its language
 * set), without writing files: for other renderings of the same report
 * (the static site's HTML). *again receives its settings ((*out)->cfg
 * points to it); AP_OK only when the data has the registered digest. */
ap_rc ap_report_annual_again_data(ap_store *s, int64_t id, const ap_config *cfg,
                                  ap_config *again, ap_arena *arena, ap_report_rec *r,
                                  ap_annual **out, ap_error *err);

/* People's names out of a report's data (the snapshots' and who wrote each
 * assessment), for a public copy: after its digest was taken. */
void ap_steering_hide_people(ap_steering *st);
void ap_annual_hide_people(ap_annual *an);

#endif
