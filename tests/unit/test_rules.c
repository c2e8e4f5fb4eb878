/* Unit tests for the status rules (docs/rules.md) and the goal rule:
 * every rule, every setting, exact thresholds and ties. No database. */
#include "actionplan/i18n.h"
#include "actionplan/rules.h"
#include "test.h"

static ap_date D(const char *s)
{
    ap_date d = AP_DATE_NONE;
    ap_date_parse(s, &d);
    return d;
}

static ap_rules_config defaults(void)
{
    ap_rules_config c;
    ap_rules_config_defaults(&c);
    return c;
}

/* An activity starting on `start` (NULL: no start date) as of as_of. */
static ap_activity_eval eval_started(ap_state state, ap_color color, const char *last,
                                     const char *start, const char *due, const char *as_of,
                                     const ap_rules_config *cfg)
{
    ap_activity_facts f = {.state = state,
                           .color = color,
                           .last_update = last ? D(last) : AP_DATE_NONE,
                           .due = due ? D(due) : AP_DATE_NONE,
                           .start = start ? D(start) : AP_DATE_NONE};
    return ap_rules_activity(&f, D(as_of), cfg);
}

static ap_activity_eval eval(ap_state state, ap_color color, const char *last, const char *due,
                             const char *as_of, const ap_rules_config *cfg)
{
    return eval_started(state, color, last, NULL, due, as_of, cfg);
}

TEST(rule1_not_active_states_are_excluded_and_never_flagged)
{
    ap_rules_config c = defaults();
    ap_state states[] = {AP_STATE_PROPOSED, AP_STATE_PAUSED, AP_STATE_CANCELLED};
    for (int i = 0; i < 3; i++) {
        ap_activity_eval e = eval(states[i], AP_COLOR_RED, "2016-01-01", "2016-02-01",
                                  "2017-01-01", &c);
        CHECK_INT(e.status, AP_ST_EXCLUDED);
        CHECK_INT(e.rule, AP_RULE_NOT_ACTIVE);
        CHECK(!e.overdue);
        CHECK(!e.stale);
    }
}

TEST(rule1_not_started_without_a_report_is_excluded)
{
    ap_rules_config c = defaults();
    ap_state states[] = {AP_STATE_DECIDED, AP_STATE_ONGOING};
    for (int i = 0; i < 2; i++) {
        /* starts the day after D, no report yet: not started */
        ap_activity_eval e = eval_started(states[i], AP_COLOR_NONE, NULL, "2017-01-02",
                                          "2017-06-30", "2017-01-01", &c);
        CHECK_INT(e.status, AP_ST_EXCLUDED);
        CHECK_INT(e.base, AP_ST_EXCLUDED);
        CHECK_INT(e.rule, AP_RULE_NOT_STARTED);
        CHECK(!e.overdue);
        CHECK(!e.stale);
        /* starting on D itself it has started: unreported */
        e = eval_started(states[i], AP_COLOR_NONE, NULL, "2017-01-01", "2017-06-30", "2017-01-01",
                         &c);
        CHECK_INT(e.status, AP_ST_UNREPORTED);
        CHECK_INT(e.rule, AP_RULE_UNREPORTED);
    }
    /* a report before the start date counts: the work has begun */
    ap_activity_eval e = eval_started(AP_STATE_ONGOING, AP_COLOR_YELLOW, "2016-12-01",
                                      "2017-01-02", NULL, "2017-01-01", &c);
    CHECK_INT(e.status, AP_ST_YELLOW);
    CHECK_INT(e.rule, AP_RULE_LAST_UPDATE);
    /* completed stays completed, whatever the start date */
    e = eval_started(AP_STATE_COMPLETED, AP_COLOR_NONE, NULL, "2017-01-02", NULL, "2017-01-01",
                     &c);
    CHECK_INT(e.status, AP_ST_COMPLETED);
    /* not started is counted as excluded, never rolled up */
    ap_rollup r;
    ap_rollup_init(&r);
    e = eval_started(AP_STATE_DECIDED, AP_COLOR_NONE, NULL, "2017-03-01", NULL, "2017-01-01", &c);
    ap_rollup_add(&r, &e, 1);
    ap_rollup_finish(&r, &c);
    CHECK_INT(r.counts.excluded, 1);
    CHECK_INT(r.counts.unreported, 0);
    CHECK_INT(r.rolled, 0);
}

TEST(rule2_completed_rolls_up_as_green_and_is_never_overdue)
{
    ap_rules_config c = defaults();
    ap_activity_eval e =
        eval(AP_STATE_COMPLETED, AP_COLOR_RED, "2016-01-01", "2016-02-01", "2017-01-01", &c);
    CHECK_INT(e.status, AP_ST_COMPLETED);
    CHECK(!e.overdue);
    CHECK(!e.stale);
    CHECK_INT(ap_rules_score(AP_ST_COMPLETED), 100);
}

TEST(rule3_last_colour_or_unreported)
{
    ap_rules_config c = defaults();
    CHECK_INT(eval(AP_STATE_ONGOING, AP_COLOR_YELLOW, "2016-05-01", NULL, "2016-06-01", &c).status,
              AP_ST_YELLOW);
    CHECK_INT(eval(AP_STATE_DECIDED, AP_COLOR_GREEN, "2016-05-01", NULL, "2016-06-01", &c).status,
              AP_ST_GREEN);
    ap_activity_eval e = eval(AP_STATE_DECIDED, AP_COLOR_NONE, NULL, NULL, "2016-06-01", &c);
    CHECK_INT(e.status, AP_ST_UNREPORTED);
    CHECK_INT(e.rule, AP_RULE_UNREPORTED);
    CHECK_INT(e.days_since_update, -1);
}

TEST(ties_on_the_same_date_go_to_the_one_recorded_last)
{
    CHECK(ap_rules_supersedes(D("2016-05-02"), 1, D("2016-05-01"), 9));
    CHECK(ap_rules_supersedes(D("2016-05-01"), 10, D("2016-05-01"), 9));
    CHECK(!ap_rules_supersedes(D("2016-05-01"), 8, D("2016-05-01"), 9));
    CHECK(!ap_rules_supersedes(D("2016-04-30"), 99, D("2016-05-01"), 1));
}

TEST(rule4_overdue_red_is_the_default_and_applies_to_unreported)
{
    ap_rules_config c = defaults();
    /* due the day before as-of: overdue; due on the as-of date: not yet */
    ap_activity_eval e = eval(AP_STATE_ONGOING, AP_COLOR_GREEN, "2016-12-01", "2016-12-30",
                              "2016-12-31", &c);
    CHECK(e.overdue);
    CHECK_INT(e.status, AP_ST_RED);
    CHECK_INT(e.base, AP_ST_GREEN);
    CHECK(e.overdue_recoloured);
    CHECK_INT(e.overdue_since, D("2016-12-31"));
    e = eval(AP_STATE_ONGOING, AP_COLOR_GREEN, "2016-12-01", "2016-12-31", "2016-12-31", &c);
    CHECK(!e.overdue);
    CHECK_INT(e.status, AP_ST_GREEN);
    e = eval(AP_STATE_DECIDED, AP_COLOR_NONE, NULL, "2016-06-30", "2016-07-01", &c);
    CHECK(e.overdue);
    CHECK_INT(e.status, AP_ST_RED);
}

TEST(rule4_overdue_yellow_makes_at_least_yellow)
{
    ap_rules_config c = defaults();
    c.overdue = AP_OVERDUE_YELLOW;
    CHECK_INT(eval(AP_STATE_ONGOING, AP_COLOR_GREEN, "2016-12-01", "2016-12-01", "2016-12-02", &c)
                  .status,
              AP_ST_YELLOW);
    CHECK_INT(eval(AP_STATE_DECIDED, AP_COLOR_NONE, NULL, "2016-12-01", "2016-12-02", &c).status,
              AP_ST_YELLOW);
    ap_activity_eval e =
        eval(AP_STATE_ONGOING, AP_COLOR_RED, "2016-12-01", "2016-12-01", "2016-12-02", &c);
    CHECK_INT(e.status, AP_ST_RED);
    CHECK(e.overdue);
    CHECK(!e.overdue_recoloured);
}

TEST(rule4_overdue_off_only_flags)
{
    ap_rules_config c = defaults();
    c.overdue = AP_OVERDUE_OFF;
    ap_activity_eval e =
        eval(AP_STATE_ONGOING, AP_COLOR_GREEN, "2016-12-01", "2016-12-01", "2016-12-02", &c);
    CHECK(e.overdue);
    CHECK_INT(e.status, AP_ST_GREEN);
    e = eval(AP_STATE_DECIDED, AP_COLOR_NONE, NULL, "2016-12-01", "2016-12-02", &c);
    CHECK(e.overdue);
    CHECK_INT(e.status, AP_ST_UNREPORTED);
}

TEST(rule5_stale_after_exactly_stale_days)
{
    ap_rules_config c = defaults(); /* 90 days, flag */
    /* 2016-01-01 + 90 days = 2016-03-31: not stale; 2016-04-01: stale */
    ap_activity_eval e = eval(AP_STATE_ONGOING, AP_COLOR_GREEN, "2016-01-01", NULL, "2016-03-31", &c);
    CHECK(!e.stale);
    CHECK_INT(e.days_since_update, 90);
    e = eval(AP_STATE_ONGOING, AP_COLOR_GREEN, "2016-01-01", NULL, "2016-04-01", &c);
    CHECK(e.stale);
    CHECK_INT(e.status, AP_ST_GREEN); /* flag: colour unchanged */
    CHECK_INT(e.stale_since, D("2016-04-01"));
    c.stale_days = 30;
    CHECK(eval(AP_STATE_ONGOING, AP_COLOR_GREEN, "2016-01-01", NULL, "2016-02-01", &c).stale);
    CHECK(!eval(AP_STATE_ONGOING, AP_COLOR_GREEN, "2016-01-01", NULL, "2016-01-31", &c).stale);
}

TEST(rule5_stale_yellow_turns_only_green_yellow)
{
    ap_rules_config c = defaults();
    c.stale = AP_STALE_YELLOW;
    ap_activity_eval e = eval(AP_STATE_ONGOING, AP_COLOR_GREEN, "2016-01-01", NULL, "2016-06-01", &c);
    CHECK_INT(e.status, AP_ST_YELLOW);
    CHECK(e.stale_recoloured);
    CHECK_INT(eval(AP_STATE_ONGOING, AP_COLOR_RED, "2016-01-01", NULL, "2016-06-01", &c).status,
              AP_ST_RED);
    CHECK_INT(eval(AP_STATE_ONGOING, AP_COLOR_YELLOW, "2016-01-01", NULL, "2016-06-01", &c).status,
              AP_ST_YELLOW);
    /* stale and overdue together: overdue's red wins */
    e = eval(AP_STATE_ONGOING, AP_COLOR_GREEN, "2016-01-01", "2016-05-01", "2016-06-01", &c);
    CHECK_INT(e.status, AP_ST_RED);
    CHECK(e.stale && e.overdue);
    /* unreported is never stale */
    CHECK(!eval(AP_STATE_ONGOING, AP_COLOR_NONE, NULL, NULL, "2019-06-01", &c).stale);
}

static ap_rollup roll(const ap_status *st, const int *w, int n, const ap_rules_config *c)
{
    ap_rollup r;
    ap_rollup_init(&r);
    for (int i = 0; i < n; i++) {
        ap_activity_eval e;
        memset(&e, 0, sizeof e);
        e.status = st[i];
        ap_rollup_add(&r, &e, w ? w[i] : 1);
    }
    ap_rollup_finish(&r, c);
    return r;
}

TEST(rollup_average_exact_thresholds)
{
    ap_rules_config c = defaults();
    /* 3 green + 2 yellow = 400/5 = 80 exactly: green */
    ap_status a[] = {AP_ST_GREEN, AP_ST_GREEN, AP_ST_GREEN, AP_ST_YELLOW, AP_ST_YELLOW};
    CHECK_INT(roll(a, NULL, 5, &c).status, AP_ST_GREEN);
    /* 2 green + 2 yellow = 75: yellow */
    CHECK_INT(roll(a + 1, NULL, 4, &c).status, AP_ST_YELLOW);
    /* 1 green + 1 red = 50 exactly: yellow */
    ap_status b[] = {AP_ST_GREEN, AP_ST_RED};
    CHECK_INT(roll(b, NULL, 2, &c).status, AP_ST_YELLOW);
    /* 1 green + 2 red = 33: red */
    ap_status d[] = {AP_ST_GREEN, AP_ST_RED, AP_ST_RED};
    CHECK_INT(roll(d, NULL, 3, &c).status, AP_ST_RED);
    /* thresholds moved: 80 is no longer enough at 81 */
    c.green_min = 81;
    CHECK_INT(roll(a, NULL, 5, &c).status, AP_ST_YELLOW);
    c.green_min = 100;
    ap_status all_green[] = {AP_ST_GREEN, AP_ST_COMPLETED};
    CHECK_INT(roll(all_green, NULL, 2, &c).status, AP_ST_GREEN);
}

/* The roll-up records the rule that decided it and the settings it was held
 * against, for explain to read instead of working the rules out again. */
TEST(rollup_records_its_reason)
{
    ap_rules_config c = defaults();
    ap_status a[] = {AP_ST_GREEN, AP_ST_GREEN, AP_ST_GREEN, AP_ST_YELLOW, AP_ST_YELLOW};
    ap_rollup r = roll(a, NULL, 5, &c);
    CHECK_INT(r.reason, AP_ROLLUP_BY_AVG_GREEN);
    CHECK_INT(r.method, AP_ROLLUP_AVERAGE);
    CHECK_INT(r.green_min, c.green_min);
    CHECK_INT(r.yellow_min, c.yellow_min);
    CHECK_INT(roll(a + 1, NULL, 4, &c).reason, AP_ROLLUP_BY_AVG_YELLOW);
    ap_status d[] = {AP_ST_GREEN, AP_ST_RED, AP_ST_RED};
    CHECK_INT(roll(d, NULL, 3, &c).reason, AP_ROLLUP_BY_AVG_RED);
    ap_status none[] = {AP_ST_UNREPORTED};
    CHECK_INT(roll(none, NULL, 1, &c).reason, AP_ROLLUP_BY_NOTHING);
    c.method = AP_ROLLUP_WORST;
    r = roll(a, NULL, 5, &c);
    CHECK_INT(r.reason, AP_ROLLUP_BY_ANY_YELLOW);
    CHECK_INT(r.status, AP_ST_YELLOW);
    CHECK_INT(r.method, AP_ROLLUP_WORST);
    CHECK_INT(roll(d, NULL, 3, &c).reason, AP_ROLLUP_BY_ANY_RED);
    ap_status g[] = {AP_ST_GREEN, AP_ST_COMPLETED};
    CHECK_INT(roll(g, NULL, 2, &c).reason, AP_ROLLUP_BY_ALL_GREEN);
    /* the scores the average counts with, and its top */
    CHECK_INT(ap_rules_score(AP_ST_GREEN), AP_RULES_SCORE_MAX);
    CHECK_INT(ap_rules_score(AP_ST_COMPLETED), 100);
    CHECK_INT(ap_rules_score(AP_ST_YELLOW), 50);
    CHECK_INT(ap_rules_score(AP_ST_RED), 0);
    CHECK_INT(ap_rules_score(AP_ST_UNREPORTED), -1);
}

TEST(rollup_average_is_weighted)
{
    ap_rules_config c = defaults();
    ap_status s[] = {AP_ST_GREEN, AP_ST_RED};
    int w1[] = {4, 1}; /* 400/5 = 80: green */
    ap_rollup r = roll(s, w1, 2, &c);
    CHECK_INT(r.status, AP_ST_GREEN);
    CHECK_INT(r.score_sum, 400);
    CHECK_INT(r.weight_sum, 5);
    int w2[] = {1, 4}; /* 100/5 = 20: red */
    CHECK_INT(roll(s, w2, 2, &c).status, AP_ST_RED);
    int w3[] = {3, 2}; /* 300/5 = 60: yellow */
    CHECK_INT(roll(s, w3, 2, &c).status, AP_ST_YELLOW);
}

TEST(rollup_counts_but_does_not_roll_unreported_and_excluded)
{
    ap_rules_config c = defaults();
    ap_status s[] = {AP_ST_GREEN, AP_ST_UNREPORTED, AP_ST_EXCLUDED, AP_ST_UNREPORTED};
    ap_rollup r = roll(s, NULL, 4, &c);
    CHECK_INT(r.status, AP_ST_GREEN);
    CHECK_INT(r.counts.green, 1);
    CHECK_INT(r.counts.unreported, 2);
    CHECK_INT(r.counts.excluded, 1);
    CHECK_INT(r.rolled, 1);
    ap_status none[] = {AP_ST_UNREPORTED, AP_ST_EXCLUDED};
    CHECK_INT(roll(none, NULL, 2, &c).status, AP_ST_NONE);
    CHECK_INT(roll(none, NULL, 0, &c).status, AP_ST_NONE);
}

TEST(rollup_counts_flags)
{
    ap_rules_config c = defaults();
    ap_rollup r;
    ap_rollup_init(&r);
    ap_activity_eval e =
        eval(AP_STATE_ONGOING, AP_COLOR_GREEN, "2016-01-01", "2016-02-01", "2016-06-01", &c);
    ap_rollup_add(&r, &e, 1);
    ap_rollup_finish(&r, &c);
    CHECK_INT(r.counts.overdue, 1);
    CHECK_INT(r.counts.stale, 1);
    CHECK_INT(r.counts.red, 1);
    CHECK_INT(r.counts.green, 0);
    CHECK_INT(r.status, AP_ST_RED);
}

TEST(rollup_worst)
{
    ap_rules_config c = defaults();
    c.method = AP_ROLLUP_WORST;
    ap_status s[] = {AP_ST_GREEN, AP_ST_GREEN, AP_ST_GREEN, AP_ST_GREEN, AP_ST_YELLOW};
    CHECK_INT(roll(s, NULL, 5, &c).status, AP_ST_YELLOW);
    ap_status r[] = {AP_ST_COMPLETED, AP_ST_RED, AP_ST_YELLOW};
    CHECK_INT(roll(r, NULL, 3, &c).status, AP_ST_RED);
    ap_status g[] = {AP_ST_COMPLETED, AP_ST_GREEN, AP_ST_UNREPORTED};
    CHECK_INT(roll(g, NULL, 3, &c).status, AP_ST_GREEN);
}

TEST(transitions)
{
    CHECK(ap_rules_transition_allowed(AP_STATE_PROPOSED, AP_STATE_DECIDED));
    CHECK(ap_rules_transition_allowed(AP_STATE_DECIDED, AP_STATE_ONGOING));
    CHECK(ap_rules_transition_allowed(AP_STATE_ONGOING, AP_STATE_COMPLETED));
    CHECK(ap_rules_transition_allowed(AP_STATE_PAUSED, AP_STATE_ONGOING));
    CHECK(ap_rules_transition_allowed(AP_STATE_COMPLETED, AP_STATE_ONGOING));
    CHECK(!ap_rules_transition_allowed(AP_STATE_COMPLETED, AP_STATE_PROPOSED));
    CHECK(!ap_rules_transition_allowed(AP_STATE_ONGOING, AP_STATE_ONGOING));
    CHECK(!ap_rules_transition_allowed(AP_STATE_PROPOSED, AP_STATE_ONGOING));
    CHECK(!ap_rules_transition_allowed(AP_STATE_CANCELLED, AP_STATE_ONGOING));
    ap_state chain[] = {AP_STATE_ONGOING, AP_STATE_PAUSED, AP_STATE_ONGOING, AP_STATE_COMPLETED};
    size_t bad = 99;
    CHECK(ap_rules_state_chain_ok(AP_STATE_DECIDED, chain, 4, &bad));
    ap_state broken[] = {AP_STATE_ONGOING, AP_STATE_COMPLETED, AP_STATE_PROPOSED};
    CHECK(!ap_rules_state_chain_ok(AP_STATE_DECIDED, broken, 3, &bad));
    CHECK_INT(bad, 2);
    char buf[128];
    CHECK_STR(ap_rules_transitions_from(AP_STATE_PROPOSED, buf, sizeof buf), "beslutad, avbruten");
    ap_set_language(AP_LANG_EN);
    CHECK_STR(ap_rules_transitions_from(AP_STATE_PROPOSED, buf, sizeof buf), "decided, cancelled");
    ap_set_language(AP_LANG_SV);
}

static ap_goal_eval goal(ap_goal_kind k, double base, double target, double latest,
                         const char *latest_date, const char *as_of, const ap_rules_config *c)
{
    ap_goal_facts f = {k, base, target, D("2016-01-01"), D("2020-01-01"), latest_date != NULL,
                       latest, latest_date ? D(latest_date) : AP_DATE_NONE};
    return ap_rules_goal(&f, D(as_of), c);
}

TEST(goal_higher_is_better)
{
    ap_rules_config c = defaults(); /* green >= 90 % of pace, yellow >= 60 % */
    /* 2016-01-01..2020-01-01 is 1461 days; 2018-01-01 is 731 days in: just over half */
    ap_goal_eval e = goal(AP_GOAL_EFFECT, 100, 200, 150, "2018-01-01", "2018-02-01", &c);
    CHECK_INT(e.status, AP_ST_GREEN);
    CHECK(!e.lower_is_better);
    CHECK(e.progress > 0.49 && e.progress < 0.51);
    CHECK_INT(goal(AP_GOAL_EFFECT, 100, 200, 135, "2018-01-01", "2018-02-01", &c).status,
              AP_ST_YELLOW);
    CHECK_INT(goal(AP_GOAL_EFFECT, 100, 200, 120, "2018-01-01", "2018-02-01", &c).status,
              AP_ST_RED);
    CHECK_INT(goal(AP_GOAL_EFFECT, 100, 200, 90, "2018-01-01", "2018-02-01", &c).status,
              AP_ST_RED);
    CHECK_INT(goal(AP_GOAL_EFFECT, 100, 200, 200, "2016-06-01", "2016-07-01", &c).status,
              AP_ST_GREEN);
}

TEST(goal_lower_is_better)
{
    ap_rules_config c = defaults();
    /* handling time 40 days -> 20 days */
    ap_goal_eval e = goal(AP_GOAL_PROCESS, 40, 20, 30, "2018-01-01", "2018-02-01", &c);
    CHECK(e.lower_is_better);
    CHECK_INT(e.status, AP_ST_GREEN);
    CHECK_INT(goal(AP_GOAL_PROCESS, 40, 20, 36, "2018-01-01", "2018-02-01", &c).status, AP_ST_RED);
    CHECK_INT(goal(AP_GOAL_PROCESS, 40, 20, 45, "2017-01-01", "2018-02-01", &c).status, AP_ST_RED);
    CHECK_INT(goal(AP_GOAL_PROCESS, 40, 20, 19, "2017-01-01", "2018-02-01", &c).rule,
              AP_GOAL_RULE_REACHED);
}

TEST(goal_exact_threshold)
{
    ap_rules_config c = defaults();
    c.goal_green_min = 100;
    c.goal_yellow_min = 50;
    /* exactly half the period (2016-01-01..2020-01-01 midpoint is day 730.5;
     * use a period of 10 days instead) */
    ap_goal_facts f = {AP_GOAL_EFFECT, 0, 10, D("2016-01-01"), D("2016-01-11"), true, 5,
                       D("2016-01-06")};
    CHECK_INT(ap_rules_goal(&f, D("2016-01-07"), &c).status, AP_ST_GREEN); /* 50 % at 50 % */
    f.latest = 4.999;
    CHECK_INT(ap_rules_goal(&f, D("2016-01-07"), &c).status, AP_ST_YELLOW);
    f.latest = 2.5; /* 25 % progress = 50 % of pace: yellow exactly */
    CHECK_INT(ap_rules_goal(&f, D("2016-01-07"), &c).status, AP_ST_YELLOW);
    f.latest = 2.4;
    CHECK_INT(ap_rules_goal(&f, D("2016-01-07"), &c).status, AP_ST_RED);
}

TEST(goal_measured_after_the_target_date)
{
    ap_rules_config c = defaults();
    /* elapsed is clamped to the whole period: 95 % of the way is green, 70 % yellow */
    CHECK_INT(goal(AP_GOAL_EFFECT, 0, 100, 95, "2021-06-01", "2021-07-01", &c).status, AP_ST_GREEN);
    CHECK_INT(goal(AP_GOAL_EFFECT, 0, 100, 70, "2021-06-01", "2021-07-01", &c).status,
              AP_ST_YELLOW);
    ap_goal_eval e = goal(AP_GOAL_EFFECT, 0, 100, 30, "2021-06-01", "2021-07-01", &c);
    CHECK_INT(e.status, AP_ST_RED);
    CHECK(e.expected == 1.0);
}

TEST(goal_result_and_unmeasured)
{
    ap_rules_config c = defaults();
    CHECK_INT(goal(AP_GOAL_RESULT, 0, 1, 1, "2017-01-01", "2017-02-01", &c).status, AP_ST_GREEN);
    ap_goal_eval e = goal(AP_GOAL_RESULT, 0, 1, 0, "2017-01-01", "2017-02-01", &c);
    CHECK_INT(e.status, AP_ST_YELLOW);
    CHECK_INT(e.rule, AP_GOAL_RULE_NOT_YET);
    e = goal(AP_GOAL_RESULT, 0, 1, 0, "2017-01-01", "2020-01-02", &c);
    CHECK_INT(e.status, AP_ST_RED);
    CHECK_INT(e.rule, AP_GOAL_RULE_MISSED);
    e = goal(AP_GOAL_EFFECT, 0, 1, 0, NULL, "2017-02-01", &c);
    CHECK_INT(e.status, AP_ST_UNMEASURED);
}

/* No state is reachable from, or leads to, something that is not a state. */
TEST(transitions_outside_the_states_are_refused) {
  for (int s = 0; s < AP_STATE_COUNT; s++) {
    CHECK(!ap_rules_transition_allowed((ap_state)s, AP_STATE_COUNT));
    CHECK(!ap_rules_transition_allowed(AP_STATE_COUNT, (ap_state)s));
    CHECK(!ap_rules_transition_allowed((ap_state)-1, (ap_state)s));
    CHECK(!ap_rules_transition_allowed((ap_state)s, (ap_state)-1));
  }
  char buf[64];
  memset(buf, 'x', sizeof buf);
  CHECK_STR(ap_rules_transitions_from(AP_STATE_COUNT, buf, sizeof buf), "");
  /* every row of the life-cycle table of docs/rules.md, in the state order */
  CHECK_STR(ap_rules_transitions_from(AP_STATE_DECIDED, buf, sizeof buf),
            "pågående, genomförd, pausad, avbruten");
  CHECK_STR(ap_rules_transitions_from(AP_STATE_ONGOING, buf, sizeof buf),
            "genomförd, pausad, avbruten");
  CHECK_STR(ap_rules_transitions_from(AP_STATE_PAUSED, buf, sizeof buf),
            "pågående, genomförd, avbruten");
  CHECK_STR(ap_rules_transitions_from(AP_STATE_COMPLETED, buf, sizeof buf),
            "pågående");
  CHECK_STR(ap_rules_transitions_from(AP_STATE_CANCELLED, buf, sizeof buf),
            "föreslagen");
}

/* A buffer too small for the list gets the start of it, terminated, and
 * nothing is written past its end. */
TEST(transitions_from_never_writes_past_the_buffer) {
  const char *full = "pågående, genomförd, pausad, avbruten";
  for (size_t size = 1; size <= strlen(full) + 1; size++) {
    char area[64];
    memset(area, 'x', sizeof area);
    const char *got = ap_rules_transitions_from(AP_STATE_DECIDED, area, size);
    CHECK(strlen(got) < size);
    CHECK(strncmp(got, full, strlen(got)) == 0);
    size_t untouched = 0;
    for (size_t i = size; i < sizeof area; i++)
      untouched += area[i] == 'x';
    CHECK_INT(untouched, sizeof area - size);
  }
}

TEST(state_chain_without_a_place_for_the_bad_index) {
  ap_state broken[] = {AP_STATE_ONGOING, AP_STATE_PROPOSED};
  CHECK(!ap_rules_state_chain_ok(AP_STATE_DECIDED, broken, 2, NULL));
  CHECK(ap_rules_state_chain_ok(AP_STATE_DECIDED, broken, 1, NULL));
  CHECK(ap_rules_state_chain_ok(AP_STATE_DECIDED, broken, 0, NULL));
}

/* The total counts activities: the six statuses, not the two flags. */
TEST(counts_total_is_the_six_statuses) {
  ap_counts c = {.green = 1,
                 .yellow = 2,
                 .red = 4,
                 .completed = 8,
                 .unreported = 16,
                 .excluded = 32,
                 .overdue = 64,
                 .stale = 128};
  CHECK_INT(ap_counts_total(&c), 63);
}

/* rules.h's example, word for word, and one and many in both languages. */
TEST(counts_in_words) {
  ap_counts c = {.green = 46,
                 .yellow = 5,
                 .red = 1,
                 .completed = 5,
                 .unreported = 2,
                 .excluded = 0,
                 .overdue = 1,
                 .stale = 7};
  ap_buf b = {0};
  ap_counts_words(&b, &c);
  CHECK_STR(ap_buf_str(&b),
            "46 gröna, 5 gula, 1 röd, 5 genomförda, 2 ej rapporterade, "
            "0 ej aktiva; 1 försenad, 7 inaktuella");
  ap_counts one = {1, 1, 1, 1, 1, 1, 1, 1};
  ap_buf_reset(&b);
  ap_counts_words(&b, &one);
  CHECK_STR(ap_buf_str(&b),
            "1 grön, 1 gul, 1 röd, 1 genomförd, 1 ej rapporterad, "
            "1 ej aktiv; 1 försenad, 1 inaktuell");
  ap_set_language(AP_LANG_EN);
  ap_buf_reset(&b);
  ap_counts_words(&b, &c);
  CHECK_STR(ap_buf_str(&b),
            "46 green, 5 yellow, 1 red, 5 completed, 2 unreported, "
            "0 not active; 1 overdue, 7 stale");
  ap_set_language(AP_LANG_SV);
  ap_buf_free(&b);
}

/* A result goal on its target date is not yet late: yellow until the
 * target date, red after; reached is progress 1. */
TEST(goal_result_on_its_target_date) {
  ap_rules_config c = defaults();
  ap_goal_eval e =
      goal(AP_GOAL_RESULT, 0, 1, 0, "2019-12-01", "2020-01-01", &c);
  CHECK_INT(e.status, AP_ST_YELLOW);
  CHECK_INT(e.rule, AP_GOAL_RULE_NOT_YET);
  CHECK(e.progress == 0.0);
  e = goal(AP_GOAL_RESULT, 0, 1, 1, "2019-12-01", "2020-01-02", &c);
  CHECK_INT(e.status, AP_ST_GREEN);
  CHECK_INT(e.rule, AP_GOAL_RULE_REACHED);
  CHECK(e.progress == 1.0);
}

/* e is the share of the period passed on the measurement's date, between
 * 0 and 1: a figure from before the baseline date expects nothing yet, so
 * progress at or above 0 is green, below it red. */
TEST(goal_measured_before_the_baseline_date) {
  ap_rules_config c = defaults();
  ap_goal_eval e =
      goal(AP_GOAL_EFFECT, 100, 200, 100, "2015-12-01", "2016-02-01", &c);
  CHECK(e.expected == 0.0);
  CHECK_INT(e.status, AP_ST_GREEN);
  e = goal(AP_GOAL_EFFECT, 100, 200, 99.9, "2015-12-22", "2016-02-01", &c);
  CHECK(e.expected == 0.0);
  CHECK_INT(e.status, AP_ST_RED);
  /* a period of one day, measured on its first day: nothing passed yet */
  ap_goal_facts f = {AP_GOAL_EFFECT,  0,    10, D("2016-01-01"),
                     D("2016-01-02"), true, 0,  D("2016-01-01")};
  e = ap_rules_goal(&f, D("2016-01-01"), &c);
  CHECK(e.expected == 0.0);
  f.latest_date = D("2016-01-02");
  f.latest = 9;
  e = ap_rules_goal(&f, D("2016-01-02"), &c);
  CHECK(e.expected == 1.0);
  CHECK_INT(e.status,
            AP_ST_GREEN); /* 90 % of the way when all the time has passed */
}

/* An entry does not supersede itself: only a later date, or on the same
 * date a later recording, does. */
TEST(an_entry_does_not_supersede_itself) {
  CHECK(!ap_rules_supersedes(D("2016-05-01"), 9, D("2016-05-01"), 9));
}

/* No measurement: unmeasured, and no progress or pace to show. */
TEST(goal_unmeasured_shows_nothing) {
  ap_rules_config c = defaults();
  ap_goal_eval e = goal(AP_GOAL_EFFECT, 40, 20, 0, NULL, "2017-02-01", &c);
  CHECK_INT(e.status, AP_ST_UNMEASURED);
  CHECK_INT(e.rule, AP_GOAL_RULE_UNMEASURED);
  CHECK(e.progress == 0.0);
  CHECK(e.expected == 0.0);
  CHECK(e.lower_is_better);
}

/* The first change of a chain is checked against the initial state too. */
TEST(state_chain_bad_at_its_first_change) {
  ap_state chain[] = {AP_STATE_PROPOSED, AP_STATE_DECIDED};
  size_t bad = 99;
  CHECK(!ap_rules_state_chain_ok(AP_STATE_DECIDED, chain, 2, &bad));
  CHECK_INT(bad, 0);
  CHECK(ap_rules_state_chain_ok(AP_STATE_CANCELLED, chain, 2, &bad));
}

/* Lower is better only when the target is below the baseline (rules.h). */
TEST(goal_lower_is_better_only_below_the_baseline) {
  ap_rules_config c = defaults();
  CHECK(!goal(AP_GOAL_EFFECT, 40, 40, 40, "2017-01-01", "2017-02-01", &c)
             .lower_is_better);
  CHECK(!goal(AP_GOAL_EFFECT, 40, 41, 40, "2017-01-01", "2017-02-01", &c)
             .lower_is_better);
  CHECK(goal(AP_GOAL_EFFECT, 40, 39, 40, "2017-01-01", "2017-02-01", &c)
            .lower_is_better);
}

int main(void)
{
    RUN(rule1_not_active_states_are_excluded_and_never_flagged);
    RUN(rule1_not_started_without_a_report_is_excluded);
    RUN(rule2_completed_rolls_up_as_green_and_is_never_overdue);
    RUN(rule3_last_colour_or_unreported);
    RUN(ties_on_the_same_date_go_to_the_one_recorded_last);
    RUN(rule4_overdue_red_is_the_default_and_applies_to_unreported);
    RUN(rule4_overdue_yellow_makes_at_least_yellow);
    RUN(rule4_overdue_off_only_flags);
    RUN(rule5_stale_after_exactly_stale_days);
    RUN(rule5_stale_yellow_turns_only_green_yellow);
    RUN(rollup_average_exact_thresholds);
    RUN(rollup_records_its_reason);
    RUN(rollup_average_is_weighted);
    RUN(rollup_counts_but_does_not_roll_unreported_and_excluded);
    RUN(rollup_counts_flags);
    RUN(rollup_worst);
    RUN(transitions);
    RUN(goal_higher_is_better);
    RUN(goal_lower_is_better);
    RUN(goal_exact_threshold);
    RUN(goal_measured_after_the_target_date);
    RUN(goal_result_and_unmeasured);
    RUN(transitions_outside_the_states_are_refused);
    RUN(transitions_from_never_writes_past_the_buffer);
    RUN(state_chain_without_a_place_for_the_bad_index);
    RUN(counts_total_is_the_six_statuses);
    RUN(counts_in_words);
    RUN(goal_result_on_its_target_date);
    RUN(goal_measured_before_the_baseline_date);
    RUN(an_entry_does_not_supersede_itself);
    RUN(goal_unmeasured_shows_nothing);
    RUN(state_chain_bad_at_its_first_change);
    RUN(goal_lower_is_better_only_below_the_baseline);
    return test_summary();
}
