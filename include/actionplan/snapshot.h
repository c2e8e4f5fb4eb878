/*
 * snapshot.h - one read-only tree of a plan as of a date.
 *
 * The snapshot is the single structure every view renders from: the
 * terminal list, the JSON, `show`, `explain`, the steering pack, the annual
 * report and the forms. It is loaded once (ap_snapshot_load), evaluated with
 * the rules module, and then only read. Everything in it is owned by the
 * snapshot's arena and freed by ap_snapshot_free.
 */
#ifndef AP_SNAPSHOT_H
#define AP_SNAPSHOT_H

#include <stdbool.h>
#include <stdint.h>

#include "actionplan/config.h"
#include "actionplan/planfile.h"
#include "actionplan/rules.h"
#include "actionplan/store.h"
#include "actionplan/util.h"

struct ap_focus;
struct ap_initiative;
struct ap_change;

/* An activity's full history <= as_of, in date and recording order. */
typedef struct ap_activity_history {
    ap_update *updates;
    size_t n_updates;
    ap_state_change *states;
    size_t n_states;
    ap_decision *decisions;
    size_t n_decisions;
    /* Its changes in the plan file in force by as_of (kind AP_CHANGE_PLAN),
     * in recorded order */
    struct ap_change *plan_edits;
    size_t n_plan_edits;
} ap_activity_history;

typedef struct ap_activity {
    /* From the plan file */
    int64_t id;
    const char *code, *title, *owner, *responsible;
    const char **participants;
    size_t n_participants;
    ap_date start, due;             /* AP_DATE_NONE when not given */
    long long budget;               /* SEK, -1 when not given */
    int weight;
    ap_state plan_state;            /* the state before any recorded change */
    const char **goal_codes;
    size_t n_goals;
    uint8_t sdgs[AP_SDG_MAX];       /* 1-17, in the plan file's order */
    uint8_t n_sdgs;
    bool removed;                   /* not in the plan as of the date: removed from the plan
                                     * file, or added after it (kept with history) */
    /* As of the snapshot's date (the flags here, packed with the above) */
    bool has_update;
    bool has_decision;
    struct ap_initiative *initiative;
    struct ap_focus *focus;

    ap_state state;
    ap_date state_since;            /* date of the last state change, AP_DATE_NONE if none */
    ap_update last;                 /* the last update (valid when has_update) */
    ap_decision last_decision;      /* the last decision (valid when has_decision) */
    /* For a yellow or red last report: the cause and recommended action of
     * the latest report of the current deviation spell (the run of yellow
     * and red reports up to the last) that gives them, with that report's
     * date; NULL when no report of the spell does. */
    const char *cause, *action;
    ap_date cause_date, action_date;
    ap_date completed_on;           /* when state is completed */
    long long spent;                /* sum of reported costs */
    ap_activity_eval eval;          /* status, flags, and the rule that fired */

    /* Never NULL; empty unless loaded with opts.history (kept apart: most
     * snapshots are loaded without it) */
    ap_activity_history *history;
} ap_activity;

typedef struct ap_initiative {
    const char *code, *title, *approach;
    bool removed;                   /* not in the plan as of the date (only while loading) */
    struct ap_focus *focus;
    ap_activity **activities;
    size_t n_activities;
    ap_rollup rollup;
    long long budget, spent;        /* sums over the activities */
} ap_initiative;

typedef struct ap_focus {
    const char *code, *title, *lead;
    bool removed;                   /* not in the plan as of the date (only while loading) */
    ap_initiative **initiatives;
    size_t n_initiatives;
    ap_rollup rollup;
    long long budget, spent;
} ap_focus;

typedef struct ap_goal {
    int64_t id;
    bool removed;                   /* not in the plan as of the date (only while loading) */
    const char *code, *title, *indicator, *unit;
    ap_goal_kind kind;
    double baseline, target;
    ap_date baseline_date, target_date;
    ap_measurement *measurements;   /* dated <= as_of, in date order */
    size_t n_measurements;
    int n_activities;               /* activities linked to it */
    ap_goal_eval eval;
} ap_goal;

/* A change within (since, as_of]: a reported colour that differs from the
 * one before, a state change, a decision, or a change of an activity in the
 * plan file taking effect then; and, late ("efterregistrerad"), every entry
 * recorded after the previous pack although dated on or before `since`. */
typedef enum { AP_CHANGE_STATUS, AP_CHANGE_STATE, AP_CHANGE_DECISION,
               AP_CHANGE_PLAN } ap_change_kind;
typedef struct ap_change {
    ap_activity *activity;          /* NULL for an activity no longer in the plan */
    const char *code, *title;       /* the activity's */
    ap_change_kind kind;
    ap_date date;                   /* effective */
    int64_t seq;
    int16_t from, to;               /* ap_color or ap_state (from -1: not known, late);
                                     * unused for decisions and plan changes */
    bool late;                      /* recorded after the previous pack, dated before `since` */
    const char *by;
    const char *text;               /* the update's comment, the note, the decision */
    const char *recorded_at;        /* when the database received it (UTC) */
    const char *field;              /* plan changes: "due", "title", "present", ... */
    const char *old_value, *new_value;
} ap_change;

typedef struct ap_snapshot_opts {
    ap_date as_of;
    ap_date since;        /* AP_DATE_NONE: no change list */
    bool history;         /* load every entry <= as_of (show, explain, forms) */
    int64_t only_activity;/* > 0: history for this activity only */
    bool include_removed; /* activities removed from the plan file too */
    int64_t upto;         /* > 0: as recorded up to this recording (--as-recorded) */
    int64_t late_after;   /* > 0: the change list also has every entry recorded after this
                           * recording (the previous pack's) but dated on or before since */
} ap_snapshot_opts;

typedef struct ap_snapshot {
    ap_arena arena;
    /* The plan */
    int64_t plan_id;
    const char *key, *title, *organisation, *period, *process_lead, *description;
    ap_date adopted;
    /* When and how */
    ap_date as_of;
    int64_t upto;                   /* as recorded up to this recording (0: all) */
    int64_t late_after;             /* see ap_snapshot_opts */
    ap_date since;
    ap_rules_config rules;
    /* The tree, in plan order */
    ap_focus *focus;
    size_t n_focus;
    ap_initiative *initiatives;
    size_t n_initiatives;
    ap_activity *activities;
    size_t n_activities;
    ap_goal *goals;
    size_t n_goals;
    ap_rollup rollup;               /* the whole plan */
    long long budget, spent;
    /* Changes within (since, as_of], in date order; they and their texts
     * are in an arena of their own (ap_snapshot_drop_changes) */
    ap_change *changes;
    size_t n_changes;
    ap_arena changes_arena;
    /* The plan file's changes for the list, while loading (plan_history.c) */
    ap_change *plan_changes;
    size_t n_plan_changes, cap_plan_changes;
    /* The activities sorted by database id (snapshot.c finds them by id) */
    ap_activity **by_id;
} ap_snapshot;

/* Load and evaluate the plan as of opts->as_of. *out is owned by the caller
 * (ap_snapshot_free). */
ap_rc ap_snapshot_load(ap_store *s, int64_t plan_id, const ap_snapshot_opts *opts,
                       const ap_rules_config *rules, ap_snapshot **out, ap_error *err);
void ap_snapshot_free(ap_snapshot *snap);

/* Let go of the change list (n_changes becomes 0): for a report that has
 * taken what it needs of it - the annual report, once its counts and
 * digest are made - and renders a year of changes no more. */
void ap_snapshot_drop_changes(ap_snapshot *snap);

/* Lookups by code; NULL when absent. */
ap_activity *ap_snapshot_activity(const ap_snapshot *snap, const char *code);
ap_initiative *ap_snapshot_initiative(const ap_snapshot *snap, const char *code);
ap_focus *ap_snapshot_focus(const ap_snapshot *snap, const char *code);
ap_goal *ap_snapshot_goal(const ap_snapshot *snap, const char *code);

/* Whether a plan-file field holds people's names ("responsible",
 * "participant", "lead"): left out where [public] show_people = no. */
bool ap_plan_field_names_people(const char *field);

/* Take people's names out of a loaded snapshot: the process lead, focus
 * leads, responsible persons, participants, who signed each entry, and the
 * plan changes of such fields. Whatever is rendered from it afterwards (a
 * public page, an explanation) cannot show them. */
void ap_snapshot_hide_people(ap_snapshot *snap);

/* The latest measurement of a goal, or NULL. */
const ap_measurement *ap_goal_latest(const ap_goal *g);

/* A yellow or red activity for whose deviation no report of its spell gives a cause
 * ("orsak saknas"). */
bool ap_activity_cause_missing(const ap_activity *a);

#endif
