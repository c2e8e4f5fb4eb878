/*
 * store_rows.h - the store's row-reading protocol: what the snapshot
 * (snapshot.c, plan_history.c), the import and the forms read, as plain
 * rows. The store knows nothing of the snapshot: it hands out rows, and
 * the snapshot builds, links and indexes its own tree from them.
 *
 * Together with include/actionplan/store.h this is the whole interface of
 * a store (docs/architecture.md): a second store (PostgreSQL) implements
 * both and touches nothing else. No front end calls these.
 *
 * Every value read here has been checked against what the schema promises
 * (a code of the right shape, a date, an amount within limits.h): a
 * database changed behind the schema's back is refused naming table, row
 * and column, never handed on.
 */
#ifndef AP_STORE_ROWS_H
#define AP_STORE_ROWS_H

#include <stdbool.h>
#include <stdint.h>

#include "actionplan/store.h"

/* ---------------------------------------------------------------------------
 * The plan's structure: one reader, for the snapshot and the import's diff
 * ------------------------------------------------------------------------- */

typedef struct ap_plan_row {
    int64_t id;
    const char *key, *title, *organisation, *period, *process_lead, *description;
    ap_date adopted;
    bool is_public;
} ap_plan_row;

/* Every entity comes, removed ones too (removed: marked removed from the
 * plan file; kept with its history). position is its place in the plan
 * file that last had it. */
typedef struct ap_goal_row {
    int64_t id, position;
    const char *code, *title, *indicator, *unit;
    ap_goal_kind kind;
    double baseline, target;
    ap_date baseline_date, target_date;
    bool removed;
} ap_goal_row;

typedef struct ap_focus_row {
    int64_t id, position;
    const char *code, *title, *lead;
    bool removed;
} ap_focus_row;

typedef struct ap_initiative_row {
    int64_t id, position;
    int64_t focus_id;          /* always one of the rows' focus areas */
    const char *code, *title, *approach;
    bool removed;
} ap_initiative_row;

typedef struct ap_activity_row {
    int64_t id, position;
    int64_t initiative_id;     /* one of the rows' initiative areas */
    const char *code, *title, *owner, *responsible;
    ap_date start, due;        /* AP_DATE_NONE when not given */
    long long budget;          /* -1 when not given */
    int weight;
    ap_state initial_state;    /* the state before any recorded change */
    ap_state file_state;       /* the state the plan file gives now: its last logged
                                * change of "state", else initial_state */
    bool removed;
} ap_activity_row;

/* An item of an activity's lists: a participant, a linked goal's code or
 * an SDG number. */
typedef enum { AP_LIST_PARTICIPANT, AP_LIST_GOAL, AP_LIST_SDG } ap_list_kind;
typedef struct ap_list_row {
    int64_t activity_id;
    ap_list_kind kind;
    const char *text;          /* participant, goal code; NULL for an SDG */
    int sdg;
} ap_list_row;

typedef struct ap_plan_rows {
    ap_plan_row plan;
    ap_goal_row *goals;               /* by position */
    size_t n_goals;
    ap_focus_row *focus;              /* by position */
    size_t n_focus;
    ap_initiative_row *initiatives;   /* in plan order: focus area's position, then own */
    size_t n_initiatives;
    ap_activity_row *activities;      /* in plan order: focus area, initiative area, own */
    size_t n_activities;
    ap_list_row *lists;               /* participants, goal links, SDGs: each kind by
                                       * activity id, then in the plan file's order */
    size_t n_lists;
} ap_plan_rows;

/* Read the plan with this id: its row, and every goal, focus area,
 * initiative area and activity with their lists. Strings go to the arena
 * a, the arrays to the heap (ap_plan_rows_free). With names (its arena a),
 * the names that repeat - owners, responsible persons, participants - are
 * kept once each. */
ap_rc ap_store_read_plan(ap_store *s, int64_t plan_id, ap_arena *a, ap_intern *names,
                         ap_plan_rows *out, ap_error *err);
void ap_plan_rows_free(ap_plan_rows *rows);

/* ---------------------------------------------------------------------------
 * The plan's change log
 * ------------------------------------------------------------------------- */

/* One change of the plan file, as a re-import logged it: field of the
 * entity ("plan", "goal", "focus", "initiative", "activity") with that code
 * went from old_value to new_value (NULL: not set), taking effect on
 * `effective` (AP_DATE_NONE: from the beginning), in recording rec. The
 * field "present" says whether the entity is in the plan at all ("yes",
 * "no"; the store reads removals logged before schema 3 in this form). */
typedef struct ap_plan_edit {
    const char *entity, *code, *field;
    const char *old_value, *new_value;
    ap_date effective;
    int64_t rec;
    const char *recorded_at;
    const char *source;      /* the plan file */
} ap_plan_edit;

/* The plan's changes (of one entity code, or all when code is NULL), by
 * entity, code, field and then in recorded order: all of them, whatever
 * the read view (a field's log is checked against the stored value, which
 * is the last import's). Strings and the array go to the arena. */
ap_rc ap_store_plan_edits(ap_store *s, int64_t plan_id, const char *code, ap_arena *a,
                          ap_plan_edit **out, size_t *n, ap_error *err);

/* ---------------------------------------------------------------------------
 * History: streams of light rows, then full rows by id
 * ------------------------------------------------------------------------- */

/* One light history row, streamed in order of activity, date, recording. */
typedef struct ap_history_row {
    int64_t activity_id;
    int64_t id;
    ap_date date;
    int value;        /* updates: ap_color; states: ap_state; decisions: 0 */
    long long cost;   /* updates: cost or -1 */
} ap_history_row;
typedef enum { AP_HIST_UPDATES, AP_HIST_STATES, AP_HIST_DECISIONS } ap_history_kind;
typedef ap_rc (*ap_history_cb)(void *user, const ap_history_row *row, ap_error *err);

/* Stream every row of a kind dated after `after` (AP_DATE_NONE: from the
 * beginning) and on or before as_of, recorded after recording rec_after
 * (0: any), for the plan's activities (or only activity_id when it is > 0),
 * in order of activity, date, recording. */
ap_rc ap_store_scan_history(ap_store *s, ap_history_kind kind, int64_t plan_id,
                            int64_t activity_id, ap_date after, ap_date as_of, int64_t rec_after,
                            ap_history_cb cb, void *user, ap_error *err);

/* Stream, per activity, the one row of a kind that supersedes all others
 * dated on or before as_of (ap_rules_supersedes): an index seek each, so
 * the cost follows the plan's size, not its years of history. */
ap_rc ap_store_scan_latest(ap_store *s, ap_history_kind kind, int64_t plan_id,
                           int64_t activity_id, ap_date as_of, ap_history_cb cb, void *user,
                           ap_error *err);

/* The latest status update of an activity dated on or before as_of (within
 * the read view) that gives a cause (want_action false) or a recommended
 * action (true) and has no green report after it by as_of: where the
 * current deviation spell said why. *id is 0 when there is none. */
ap_rc ap_store_spell_source(ap_store *s, int64_t activity_id, ap_date as_of, bool want_action,
                            int64_t *id, ap_error *err);

/* Stream, per activity with reported costs, the sum of its costs dated on
 * or before as_of (in row.cost). */
ap_rc ap_store_scan_spent(ap_store *s, int64_t plan_id, int64_t activity_id, ap_date as_of,
                          ap_history_cb cb, void *user, ap_error *err);

/* Full rows by id; strings go to the arena. The _in forms keep the texts
 * that repeat from entry to entry (by, origin, recorded_at) once each in
 * names (NULL: copied like the others). */
ap_rc ap_store_get_update(ap_store *s, int64_t id, ap_arena *arena, ap_update *out,
                          ap_error *err);
ap_rc ap_store_get_state_change(ap_store *s, int64_t id, ap_arena *arena, ap_state_change *out,
                                ap_error *err);
ap_rc ap_store_get_decision(ap_store *s, int64_t id, ap_arena *arena, ap_decision *out,
                            ap_error *err);
ap_rc ap_store_get_update_in(ap_store *s, int64_t id, ap_arena *arena, ap_intern *names,
                             ap_update *out, ap_error *err);
ap_rc ap_store_get_state_change_in(ap_store *s, int64_t id, ap_arena *arena, ap_intern *names,
                                   ap_state_change *out, ap_error *err);
ap_rc ap_store_get_decision_in(ap_store *s, int64_t id, ap_arena *arena, ap_intern *names,
                               ap_decision *out, ap_error *err);

/* What a change list shows of an entry, and no more: its text (an update's
 * comment, a state change's note, a decision), who signed it and when it
 * was recorded (both interned in names). */
typedef struct ap_entry_note {
    const char *text, *by, *recorded_at;
} ap_entry_note;
ap_rc ap_store_get_entry_note(ap_store *s, ap_history_kind kind, int64_t id, ap_arena *arena,
                              ap_intern *names, ap_entry_note *out, ap_error *err);

/* Every measurement of a goal dated <= as_of (within the read view), in
 * date order; strings and the array go to the arena. */
ap_rc ap_store_read_measurements(ap_store *s, int64_t goal_id, ap_date as_of, ap_arena *a,
                                 ap_measurement **out, size_t *n, ap_error *err);

#endif
