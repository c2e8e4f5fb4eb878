/* rules.c - the status rules as pure functions; see rules.h and docs/rules.md. */
#include "actionplan/rules.h"
#include "actionplan/i18n.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* =========================================================================
 * Life cycle
 * ========================================================================= */

/* allowed[from] is a bit set of the states `from` may go to. */
#define BIT(s) (1u << (s))
static const unsigned allowed[AP_STATE_COUNT] = {
    [AP_STATE_PROPOSED] = BIT(AP_STATE_DECIDED) | BIT(AP_STATE_CANCELLED),
    [AP_STATE_DECIDED] = BIT(AP_STATE_ONGOING) | BIT(AP_STATE_COMPLETED) | BIT(AP_STATE_PAUSED) |
                         BIT(AP_STATE_CANCELLED),
    [AP_STATE_ONGOING] = BIT(AP_STATE_COMPLETED) | BIT(AP_STATE_PAUSED) | BIT(AP_STATE_CANCELLED),
    [AP_STATE_PAUSED] = BIT(AP_STATE_ONGOING) | BIT(AP_STATE_COMPLETED) | BIT(AP_STATE_CANCELLED),
    [AP_STATE_COMPLETED] = BIT(AP_STATE_ONGOING),
    [AP_STATE_CANCELLED] = BIT(AP_STATE_PROPOSED),
};

bool ap_rules_transition_allowed(ap_state from, ap_state to)
{
    if ((unsigned)from >= AP_STATE_COUNT || (unsigned)to >= AP_STATE_COUNT)
        return false;
    return (allowed[from] & BIT(to)) != 0;
}

const char *ap_rules_transitions_from(ap_state from, char *buf, size_t bufsz)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int s = 0; s < AP_STATE_COUNT; s++) {
        if (!ap_rules_transition_allowed(from, (ap_state)s))
            continue;
        int n = snprintf(buf + len, bufsz - len, "%s%s", len ? ", " : "", ap_state_word(s));
        if (n < 0 || (size_t)n >= bufsz - len)
            break;
        len += (size_t)n;
    }
    return buf;
}

bool ap_rules_state_chain_ok(ap_state initial, const ap_state *changes, size_t n, size_t *bad)
{
    ap_state cur = initial;
    for (size_t i = 0; i < n; i++) {
        if (!ap_rules_transition_allowed(cur, changes[i])) {
            if (bad)
                *bad = i;
            return false;
        }
        cur = changes[i];
    }
    return true;
}

bool ap_rules_supersedes(ap_date date_a, int64_t seq_a, ap_date date_b, int64_t seq_b)
{
    return date_a > date_b || (date_a == date_b && seq_a > seq_b);
}

/* =========================================================================
 * One activity
 * ========================================================================= */

/* Severity order for "at least yellow": green/unreported < yellow < red. */
static ap_status at_least(ap_status s, ap_status floor)
{
    if (floor == AP_ST_RED)
        return AP_ST_RED;
    if (floor == AP_ST_YELLOW && s != AP_ST_RED)
        return AP_ST_YELLOW;
    return s;
}

ap_activity_eval ap_rules_activity(const ap_activity_facts *f, ap_date as_of,
                                   const ap_rules_config *cfg)
{
    ap_activity_eval e;
    memset(&e, 0, sizeof e);
    e.overdue_since = e.stale_since = AP_DATE_NONE;
    e.days_since_update = f->last_update == AP_DATE_NONE ? -1 : (int)(as_of - f->last_update);

    /* Rules 1-3 */
    switch (f->state) {
    case AP_STATE_PROPOSED:
    case AP_STATE_PAUSED:
    case AP_STATE_CANCELLED:
        e.rule = AP_RULE_NOT_ACTIVE;
        e.base = e.status = AP_ST_EXCLUDED;
        return e;
    case AP_STATE_COMPLETED:
        e.rule = AP_RULE_COMPLETED;
        e.base = e.status = AP_ST_COMPLETED;
        return e;
    default:
        break;
    }
    /* Rule 1 also: not started. Nobody is asked about work that has not
     * begun; a report before the start date shows that it has. */
    if (f->color == AP_COLOR_NONE && f->start != AP_DATE_NONE && f->start > as_of) {
        e.rule = AP_RULE_NOT_STARTED;
        e.base = e.status = AP_ST_EXCLUDED;
        return e;
    }
    if (f->color == AP_COLOR_NONE) {
        e.rule = AP_RULE_UNREPORTED;
        e.base = AP_ST_UNREPORTED;
    } else {
        e.rule = AP_RULE_LAST_UPDATE;
        e.base = ap_status_from_color(f->color);
    }
    e.status = e.base;

    /* Rule 5: stale - more than stale_days days since the last update */
    if (f->last_update != AP_DATE_NONE && as_of - f->last_update > cfg->stale_days) {
        e.stale = true;
        e.stale_since = f->last_update + cfg->stale_days + 1;
        if (cfg->stale == AP_STALE_YELLOW && e.status == AP_ST_GREEN) {
            e.status = AP_ST_YELLOW;
            e.stale_recoloured = true;
        }
    }

    /* Rule 4: overdue - due date passed, not completed (applies to unreported too) */
    if (f->due != AP_DATE_NONE && f->due < as_of) {
        e.overdue = true;
        e.overdue_since = f->due + 1;
        ap_status before = e.status;
        if (cfg->overdue == AP_OVERDUE_RED)
            e.status = at_least(e.status, AP_ST_RED);
        else if (cfg->overdue == AP_OVERDUE_YELLOW)
            e.status = at_least(e.status, AP_ST_YELLOW);
        e.overdue_recoloured = e.status != before;
    }
    return e;
}

/* =========================================================================
 * Roll-up
 * ========================================================================= */

int ap_rules_score(ap_status s)
{
    switch (s) {
    case AP_ST_GREEN:
    case AP_ST_COMPLETED:
        return AP_RULES_SCORE_MAX;
    case AP_ST_YELLOW:
        return AP_RULES_SCORE_MAX / 2;
    case AP_ST_RED:
        return 0;
    default:
        return -1;
    }
}

int ap_counts_total(const ap_counts *c)
{
    return c->green + c->yellow + c->red + c->completed + c->unreported + c->excluded;
}

void ap_rollup_init(ap_rollup *r)
{
    memset(r, 0, sizeof *r);
    r->status = AP_ST_NONE;
}

void ap_rollup_add(ap_rollup *r, const ap_activity_eval *e, int weight)
{
    ap_counts *c = &r->counts;
    switch (e->status) {
    case AP_ST_GREEN: c->green++; break;
    case AP_ST_YELLOW: c->yellow++; break;
    case AP_ST_RED: c->red++; break;
    case AP_ST_COMPLETED: c->completed++; break;
    case AP_ST_UNREPORTED: c->unreported++; break;
    case AP_ST_EXCLUDED: c->excluded++; break;
    default: break;
    }
    c->overdue += e->overdue;
    c->stale += e->stale;
    int score = ap_rules_score(e->status);
    if (score < 0)
        return;
    if (weight < 1)
        weight = 1;
    r->score_sum += (long long)weight * score;
    r->weight_sum += weight;
    r->rolled++;
}

void ap_rollup_finish(ap_rollup *r, const ap_rules_config *cfg)
{
    r->method = cfg->method;
    r->green_min = cfg->green_min;
    r->yellow_min = cfg->yellow_min;
    if (r->rolled == 0) {
        r->status = AP_ST_NONE;
        r->reason = AP_ROLLUP_BY_NOTHING;
        return;
    }
    if (cfg->method == AP_ROLLUP_WORST) {
        r->reason = r->counts.red      ? AP_ROLLUP_BY_ANY_RED
                    : r->counts.yellow ? AP_ROLLUP_BY_ANY_YELLOW
                                       : AP_ROLLUP_BY_ALL_GREEN;
    } else {
        /* Integer comparison: mean >= min  <=>  sum >= min * weights */
        r->reason = r->score_sum >= (long long)cfg->green_min * r->weight_sum
                        ? AP_ROLLUP_BY_AVG_GREEN
                    : r->score_sum >= (long long)cfg->yellow_min * r->weight_sum
                        ? AP_ROLLUP_BY_AVG_YELLOW
                        : AP_ROLLUP_BY_AVG_RED;
    }
    switch (r->reason) {
    case AP_ROLLUP_BY_ANY_RED:
    case AP_ROLLUP_BY_AVG_RED: r->status = AP_ST_RED; break;
    case AP_ROLLUP_BY_ANY_YELLOW:
    case AP_ROLLUP_BY_AVG_YELLOW: r->status = AP_ST_YELLOW; break;
    default: r->status = AP_ST_GREEN; break;
    }
}

/* =========================================================================
 * Goals
 * ========================================================================= */

ap_goal_eval ap_rules_goal(const ap_goal_facts *f, ap_date as_of, const ap_rules_config *cfg)
{
    ap_goal_eval e;
    memset(&e, 0, sizeof e);
    e.lower_is_better = f->target < f->baseline;
    if (!f->measured) {
        e.status = AP_ST_UNMEASURED;
        e.rule = AP_GOAL_RULE_UNMEASURED;
        return e;
    }
    /* Work in the direction of improvement so that span > 0. */
    double sign = e.lower_is_better ? -1.0 : 1.0;
    double gain = (f->latest - f->baseline) * sign;
    double span = (f->target - f->baseline) * sign;
    double period = (double)(f->target_date - f->baseline_date);
    double elapsed = (double)(f->latest_date - f->baseline_date);
    if (elapsed < 0)
        elapsed = 0;
    if (elapsed > period)
        elapsed = period;
    e.progress = span > 0 ? gain / span : 0;
    e.expected = period > 0 ? elapsed / period : 1;

    if (gain >= span) {
        e.status = AP_ST_GREEN;
        e.rule = AP_GOAL_RULE_REACHED;
        return e;
    }
    if (f->kind == AP_GOAL_RESULT) {
        bool late = as_of > f->target_date;
        e.status = late ? AP_ST_RED : AP_ST_YELLOW;
        e.rule = late ? AP_GOAL_RULE_MISSED : AP_GOAL_RULE_NOT_YET;
        return e;
    }
    /* 100 * gain/span >= min * elapsed/period, multiplied out (span, period > 0) */
    e.rule = AP_GOAL_RULE_PACE;
    double lhs = 100.0 * gain * period;
    if (lhs >= (double)cfg->goal_green_min * elapsed * span)
        e.status = AP_ST_GREEN;
    else if (lhs >= (double)cfg->goal_yellow_min * elapsed * span)
        e.status = AP_ST_YELLOW;
    else
        e.status = AP_ST_RED;
    return e;
}

/* "46 gröna, 5 gula, 1 röd, …; 1 försenad, 7 inaktuella": every count, in words. */
void ap_counts_words(ap_buf *b, const ap_counts *c)
{
    /* count, Swedish singular, Swedish plural, English */
    const struct {
        int n;
        const char *sv1, *svn, *en;
    } parts[] = {
        {c->green, "grön", "gröna", "green"},
        {c->yellow, "gul", "gula", "yellow"},
        {c->red, "röd", "röda", "red"},
        {c->completed, "genomförd", "genomförda", "completed"},
        {c->unreported, "ej rapporterad", "ej rapporterade", "unreported"},
        {c->excluded, "ej aktiv", "ej aktiva", "not active"},
        {c->overdue, "försenad", "försenade", "overdue"},
        {c->stale, "inaktuell", "inaktuella", "stale"},
    };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        ap_buf_printf(b, "%s%d %s", i == 0 ? "" : i == 6 ? "; " : ", ", parts[i].n,
                      ap_plural(parts[i].n, parts[i].sv1, parts[i].svn, parts[i].en, parts[i].en));
}
