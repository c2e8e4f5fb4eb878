/*
 * record.h - recording history: status updates, state changes, decisions
 * and measurements, checked the same way whether they come from the command
 * line, a CSV file or an Excel form.
 *
 * The checks here are the meaning of an entry: the code exists and is in
 * the plan, the date is not in the future, the life-cycle change is allowed
 * where it falls in the activity's history (before and after), and a status
 * report does not fall on a day the activity is completed. Syntax
 * (is this a date, a colour, a number 0-100) is the caller's, who knows the
 * file, line and column to name.
 */
#ifndef AP_RECORD_H
#define AP_RECORD_H

#include <stdbool.h>

#include "actionplan/store.h"

/* One entry: a status update, a state change and/or a decision on one
 * activity on one date (a CSV row may carry all three). */
typedef struct ap_entry {
    const char *code;
    ap_date date;
    bool has_update;
    ap_update_rec update;  /* date and origin are taken from the entry */
    bool has_state;
    ap_state state;
    const char *note;      /* with a state change */
    const char *decision;  /* NULL when none */
    const char *by;
    const char *origin;
} ap_entry;

typedef enum {
    AP_RECORD_APPEND,  /* record what is asked (the command line) */
    AP_RECORD_IMPORT   /* skip what is already recorded, and a state equal to
                          the current one (CSV and forms: importing twice
                          records nothing new) */
} ap_record_mode;

typedef struct ap_record_outcome {
    bool update_recorded, update_skipped;
    bool state_recorded, state_skipped;
    bool decision_recorded, decision_skipped;
    const char *bad_field; /* on failure: "code", "date", "state", "status" (for messages) */
} ap_record_outcome;

/* Caches activity lookups and each activity's state changes across many
 * entries (an import of a million rows). Everything recorded through the
 * recorder is in its cache; the store may be undone to a mark only after
 * a failed ap_record_entry (which forgets the activity's cached states). */
typedef struct ap_recorder {
    ap_store *store;
    int64_t plan_id;
    ap_date today;
    ap_strmap refs; /* code -> struct ap_cached_ref* */
    struct ap_cached_ref *cached; /* every entry of refs, in a list */
    ap_arena arena;
} ap_recorder;

void ap_recorder_init(ap_recorder *r, ap_store *s, int64_t plan_id);
void ap_recorder_free(ap_recorder *r);

/* Check and append one entry (inside the caller's transaction). A state
 * change to ongoing (a reopening) is recorded before the entry's report,
 * any other state change after it. On failure the caller rolls back, so
 * nothing of the entry stays; out->bad_field names the field ("code",
 * "date", "state", "status"). */
ap_rc ap_record_entry(ap_recorder *r, const ap_entry *e, ap_record_mode mode,
                      ap_record_outcome *out, ap_error *err);

/* Check and append one measurement of a goal's indicator. *recorded is false
 * when mode is AP_RECORD_IMPORT and the same measurement exists. */
ap_rc ap_record_measurement(ap_recorder *r, const char *goal, ap_date date, double value,
                            const char *source, const char *by, const char *origin,
                            ap_record_mode mode, bool *recorded, const char **bad_field,
                            ap_error *err);

/* Parse an assessment's period: a year "2017" or a date "2017-12-15".
 * Writes the canonical text into out (11 bytes). */
bool ap_assessment_period_parse(const char *text, char out[11]);

/* Check and append a written assessment (a->period already parsed): the
 * scope is "plan" or a focus area of the plan, the date is not in the
 * future, the text is not empty. *recorded is false when mode is
 * AP_RECORD_IMPORT and the same assessment exists. *bad_field: "scope",
 * "date" or "text". */
ap_rc ap_record_assessment(ap_recorder *r, const ap_assessment *a, ap_record_mode mode,
                           bool *recorded, const char **bad_field, ap_error *err);

#endif
