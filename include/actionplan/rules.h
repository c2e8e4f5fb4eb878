/*
 * rules.h - the status rules of docs/rules.md, and the goal rule, as
 * pure functions: no database, no files, no clock. Every report, the JSON
 * and `explain` take their colours from here, so the rules live in exactly
 * one place and are unit-tested on their own (tests/unit/test_rules.c).
 * docs/rules.md states them in words.
 */
#ifndef AP_RULES_H
#define AP_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "actionplan/config.h"
#include "actionplan/model.h"
#include "actionplan/util.h"

/* ---------------------------------------------------------------------------
 * Life cycle
 * ------------------------------------------------------------------------- */

/* Whether an activity may go from one state to another:
 *   proposed  -> decided, cancelled
 *   decided   -> ongoing, completed, paused, cancelled
 *   ongoing   -> completed, paused, cancelled
 *   paused    -> ongoing, completed, cancelled
 *   completed -> ongoing            (reopened)
 *   cancelled -> proposed           (proposed again)
 * A state never goes to itself. */
bool ap_rules_transition_allowed(ap_state from, ap_state to);

/* The states reachable from `from`, as "a, b, c" in the current language. */
const char *ap_rules_transitions_from(ap_state from, char *buf, size_t bufsz);

/* Check a whole chain of changes, in order, starting from the plan file's
 * state. On failure returns false and sets *bad to the index of the first
 * change that is not allowed. */
bool ap_rules_state_chain_ok(ap_state initial, const ap_state *changes, size_t n, size_t *bad);

/* Ordering of dated entries (updates, state changes): entry a supersedes b
 * when it is dated later, or on the same date when it was recorded later
 * (seq is the recording order). */
bool ap_rules_supersedes(ap_date date_a, int64_t seq_a, ap_date date_b, int64_t seq_b);

/* ---------------------------------------------------------------------------
 * One activity as of a date
 * ------------------------------------------------------------------------- */

/* What the rules need to know about an activity as of D. */
typedef struct ap_activity_facts {
    ap_state state;       /* the state as of D */
    ap_color color;       /* the last update dated <= D; AP_COLOR_NONE when none */
    ap_date last_update;  /* its date; AP_DATE_NONE when none */
    ap_date due;          /* AP_DATE_NONE when the activity has no due date */
    ap_date start;        /* AP_DATE_NONE when the activity has no start date */
} ap_activity_facts;

/* Which rule gave the status before overdue and stale had their say. */
typedef enum {
    AP_RULE_NOT_ACTIVE,  /* rule 1: proposed, paused or cancelled -> excluded */
    AP_RULE_NOT_STARTED, /* rule 1: starts after D and no report yet -> excluded */
    AP_RULE_COMPLETED,   /* rule 2: completed */
    AP_RULE_LAST_UPDATE, /* rule 3: the colour of the last update */
    AP_RULE_UNREPORTED   /* rule 3: no update yet */
} ap_base_rule;

typedef struct ap_activity_eval {
    ap_status status;        /* the effective status */
    ap_status base;          /* before rules 4 and 5 */
    ap_base_rule rule;
    bool overdue;            /* rule 4's flag */
    bool stale;              /* rule 5's flag */
    bool overdue_recoloured; /* rule 4 changed the colour */
    bool stale_recoloured;   /* rule 5 changed the colour */
    ap_date overdue_since;   /* the first day it was overdue (due + 1) */
    ap_date stale_since;     /* the first day it was stale */
    int days_since_update;   /* -1 when never reported */
} ap_activity_eval;

/* The effective status of an activity as of D (docs/rules.md, rules 1-5:
 * an activity that starts after D and has no report dated
 * <= D is not started and excluded, like rule 1's states).
 * Rules 4 and 5 apply only to active activities (decided, ongoing): an
 * excluded or completed activity is never flagged. overdue = yellow and
 * stale = yellow make a status at least yellow; they never lighten a red. */
ap_activity_eval ap_rules_activity(const ap_activity_facts *f, ap_date as_of,
                                   const ap_rules_config *cfg);

/* ---------------------------------------------------------------------------
 * Roll-up of a node (initiative area, focus area, plan)
 * ------------------------------------------------------------------------- */

typedef struct ap_counts {
    int green, yellow, red, completed, unreported, excluded, overdue, stale;
} ap_counts;

/* Every count in words, appended to b: "46 gröna, 5 gula, 1 röd, 5 genomförda,
 * 2 ej rapporterade, 0 ej aktiva; 1 försenad, 7 inaktuella". */
void ap_counts_words(ap_buf *b, const ap_counts *c);

/* Why a roll-up came out as it did: the rule that decided it, recorded by
 * ap_rollup_finish so that an explanation reads it instead of working the
 * rules out again. */
typedef enum {
    AP_ROLLUP_BY_NOTHING,    /* nothing to roll up: status none */
    AP_ROLLUP_BY_ANY_RED,    /* worst: at least one red */
    AP_ROLLUP_BY_ANY_YELLOW, /* worst: no red, at least one yellow */
    AP_ROLLUP_BY_ALL_GREEN,  /* worst: only green and completed */
    AP_ROLLUP_BY_AVG_GREEN,  /* average: at least green_min */
    AP_ROLLUP_BY_AVG_YELLOW, /* average: under green_min, at least yellow_min */
    AP_ROLLUP_BY_AVG_RED     /* average: under yellow_min */
} ap_rollup_reason;

typedef struct ap_rollup {
    ap_status status;      /* green, yellow, red, or none */
    ap_rollup_reason reason;        /* the rule that gave status (ap_rollup_finish) */
    ap_rollup_method method;        /* the method of the settings it was finished with */
    int green_min, yellow_min;      /* the thresholds it was held against (average) */
    ap_counts counts;      /* over all descendant activities */
    long long score_sum;   /* sum of weight * score over the rolled-up ones */
    long long weight_sum;  /* sum of their weights */
    int rolled;            /* how many activities were rolled up */
} ap_rollup;

/* How many activities the counts cover: green + yellow + red + completed +
 * unreported + excluded (overdue and stale are flags on those). */
int ap_counts_total(const ap_counts *c);

/* Score of a status in the average: green = completed = 100, yellow = 50,
 * red = 0; -1 for statuses that are counted but not rolled up. */
int ap_rules_score(ap_status s);
/* The score out of which the average is counted (green's: 100). */
#define AP_RULES_SCORE_MAX 100

/* Start empty, add each descendant activity, then finish. */
void ap_rollup_init(ap_rollup *r);
void ap_rollup_add(ap_rollup *r, const ap_activity_eval *e, int weight);
void ap_rollup_finish(ap_rollup *r, const ap_rules_config *cfg);

/* ---------------------------------------------------------------------------
 * Goals
 * ------------------------------------------------------------------------- */

typedef struct ap_goal_facts {
    ap_goal_kind kind;
    double baseline, target;
    ap_date baseline_date, target_date;
    bool measured;        /* a measurement dated <= D exists */
    double latest;        /* the last one */
    ap_date latest_date;
} ap_goal_facts;

typedef enum {
    AP_GOAL_RULE_UNMEASURED,
    AP_GOAL_RULE_REACHED,      /* the target is reached */
    AP_GOAL_RULE_PACE,         /* progress compared with the time passed */
    AP_GOAL_RULE_NOT_YET,      /* result goal, not reached, time remains */
    AP_GOAL_RULE_MISSED        /* result goal, not reached after the target date */
} ap_goal_rule;

typedef struct ap_goal_eval {
    ap_status status;      /* green, yellow, red or unmeasured */
    ap_goal_rule rule;
    double progress;       /* share of the way from baseline to target (1 = reached) */
    double expected;       /* share of the goal period passed at the measurement */
    bool lower_is_better;  /* target below baseline */
} ap_goal_eval;

/* The goal rule (docs/rules.md): progress p = (latest - baseline) /
 * (target - baseline), either direction; expected e = share of the period
 * baseline_date..target_date passed at the latest measurement, clamped to
 * 0..1. Reached (p >= 1) is green. A result goal not reached is yellow
 * until its target date, red after. Otherwise green when
 * 100 p >= goals.green_min * e, yellow when 100 p >= goals.yellow_min * e,
 * else red; compared without division so thresholds are exact. */
ap_goal_eval ap_rules_goal(const ap_goal_facts *f, ap_date as_of, const ap_rules_config *cfg);

#endif
