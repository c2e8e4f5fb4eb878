/*
 * plan_history.h - part of loading a snapshot (snapshot.c): the plan as it
 * was on the snapshot's date, from the plan's change log.
 */
#ifndef AP_PLAN_HISTORY_H
#define AP_PLAN_HISTORY_H

#include "actionplan/snapshot.h"

/* Give every attribute of the plan file its value in force on
 * snap->as_of, within the store's read view, and drop what was not in the
 * plan then (activities are kept, marked removed, when keep_removed). With
 * history, each activity's own plan changes in force by then go to its
 * plan_edits. The caller rebuilds its id index afterwards. */
ap_rc ap_snapshot_plan_as_of(ap_store *s, ap_snapshot *snap, bool keep_removed, bool history,
                             ap_error *err);

#endif
