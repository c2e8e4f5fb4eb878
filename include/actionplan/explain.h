/*
 * explain.h - why an activity or a node has its colour, in plain words.
 *
 * For an activity: the rule that set its colour (its state, its last
 * update, overdue since, stale since) and the settings involved. For an
 * initiative area, a focus area or the plan: the counts, the score against
 * the thresholds, and the activities that pulled it down. Rendered from the
 * snapshot and the rules module's evaluation - never a second
 * implementation of the rules.
 */
#ifndef AP_EXPLAIN_H
#define AP_EXPLAIN_H

#include "actionplan/snapshot.h"

/* code: an activity ("1.2.3"), an initiative area ("1.2"), a focus area
 * ("1") or the whole plan ("plan"). Appends the explanation to out. */
ap_rc ap_explain(const ap_snapshot *snap, const char *code, ap_buf *out, ap_error *err);

/* One short sentence on why an activity is yellow or red (or flagged), for
 * the reports' deviation lists: "försenad sedan 2017-01-01", "senaste
 * rapporten: Röd", ... Appends to out. */
void ap_explain_activity_short(const ap_snapshot *snap, const ap_activity *a, ap_buf *out);

#endif
