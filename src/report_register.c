/*
 * report_register.c - what makes a registered report reproducible: the
 * settings that shaped it, written down and read back, and the digest of
 * its data; see report.h.
 *
 * The digest covers what a report shows - every activity, node, number,
 * change and entry text, the goals and their measurements - serialized in
 * one fixed form, and not its wording: labels, translations and layout may
 * improve in a later version and the same data still has the same digest.
 */
#include "actionplan/report.h"
#include "sha256.h"

#include <stdio.h>
#include <string.h>

/* =========================================================================
 * Settings
 * ========================================================================= */

void ap_report_settings_format(const ap_config *cfg, char *out, size_t size)
{
    const ap_rules_config *r = &cfg->rules;
    snprintf(out, size,
             "overdue=%d stale_days=%d stale=%d method=%d green_min=%d yellow_min=%d "
             "goal_green_min=%d goal_yellow_min=%d language=%d recipient=%s",
             (int)r->overdue, r->stale_days, (int)r->stale, (int)r->method, r->green_min,
             r->yellow_min, r->goal_green_min, r->goal_yellow_min, (int)cfg->language,
             cfg->recipient);
}

bool ap_report_settings_apply(const char *text, ap_config *cfg)
{
    int overdue, stale, method, language, end = 0;
    ap_rules_config r = cfg->rules;
    if (!text || sscanf(text,
                        "overdue=%d stale_days=%d stale=%d method=%d green_min=%d yellow_min=%d "
                        "goal_green_min=%d goal_yellow_min=%d language=%d%n",
                        &overdue, &r.stale_days, &stale, &method, &r.green_min, &r.yellow_min,
                        &r.goal_green_min, &r.goal_yellow_min, &language, &end) != 9)
        return false;
    /* the rest of the line (a name may hold spaces); reports registered
     * before there was a recipient were made for the default */
    const char *recipient = strncmp(text + end, " recipient=", 11) == 0 ? text + end + 11 : "";
    snprintf(cfg->recipient, sizeof cfg->recipient, "%s", recipient);
    if (overdue < 0 || overdue > AP_OVERDUE_OFF || stale < 0 || stale > AP_STALE_YELLOW ||
        method < 0 || method > AP_ROLLUP_WORST || language < 0 || language > AP_LANG_EN)
        return false;
    r.overdue = (ap_overdue_mode)overdue;
    r.stale = (ap_stale_mode)stale;
    r.method = (ap_rollup_method)method;
    cfg->rules = r;
    cfg->language = (ap_lang)language;
    return true;
}

/* =========================================================================
 * The data, in one fixed form
 * ========================================================================= */

/* The serialized data goes through SHA-256 a piece at a time: the buffer
 * is fed to the hash whenever it has grown past a limit, so a report of
 * 100,000 activities and a year of changes never holds its whole form. */
typedef struct digest {
    ap_buf b;
    ap_sha256 sha;
} digest;

enum { DIGEST_SPILL = 1 << 16 };

static void spill(digest *d)
{
    if (d->b.len < DIGEST_SPILL)
        return;
    ap_sha256_update(&d->sha, ap_buf_str(&d->b), d->b.len);
    ap_buf_reset(&d->b);
}

static void put_text(ap_buf *b, const char *name, const char *v)
{
    /* length-prefixed: no text can imitate a field boundary */
    ap_buf_printf(b, "%s:%zu:%s\n", name, v ? strlen(v) : (size_t)0, v ? v : "");
}

static void put_date(ap_buf *b, const char *name, ap_date d)
{
    char s[11];
    ap_buf_printf(b, "%s=%s\n", name, d == AP_DATE_NONE ? "-" : ap_date_format(d, s));
}

static void put_rollup(ap_buf *b, const ap_rollup *r)
{
    const ap_counts *c = &r->counts;
    ap_buf_printf(b, "rollup=%d %d %d %d %d %d %d %d %d %lld %lld\n", (int)r->status, c->green,
                  c->yellow, c->red, c->completed, c->unreported, c->excluded, c->overdue,
                  c->stale, r->score_sum, r->weight_sum);
}

static void put_activity(ap_buf *b, const ap_activity *a)
{
    put_text(b, "activity", a->code);
    put_text(b, "title", a->title);
    put_text(b, "owner", a->owner);
    put_text(b, "responsible", a->responsible);
    for (size_t i = 0; i < a->n_participants; i++)
        put_text(b, "participant", a->participants[i]);
    for (size_t i = 0; i < a->n_goals; i++)
        put_text(b, "goal", a->goal_codes[i]);
    for (size_t i = 0; i < a->n_sdgs; i++)
        ap_buf_printf(b, "sdg=%d\n", a->sdgs[i]);
    put_date(b, "start", a->start);
    put_date(b, "due", a->due);
    ap_buf_printf(b, "budget=%lld weight=%d removed=%d state=%d spent=%lld\n", a->budget,
                  a->weight, (int)a->removed, (int)a->state, a->spent);
    put_date(b, "state_since", a->state_since);
    put_date(b, "completed_on", a->completed_on);
    const ap_activity_eval *e = &a->eval;
    ap_buf_printf(b, "eval=%d %d %d %d %d %d\n", (int)e->status, (int)e->base, (int)e->rule,
                  (int)e->overdue, (int)e->stale, e->days_since_update);
    if (a->has_update) {
        const ap_update *u = &a->last;
        put_date(b, "update", u->date);
        ap_buf_printf(b, "color=%d progress=%d cost=%lld\n", (int)u->color, u->progress, u->cost);
        put_text(b, "comment", u->comment);
        put_text(b, "cause", u->cause);
        put_text(b, "action", u->action);
        put_text(b, "by", u->by);
    }
    put_text(b, "spell_cause", a->cause);
    put_date(b, "cause_date", a->cause_date);
    put_text(b, "spell_action", a->action);
    put_date(b, "action_date", a->action_date);
    if (a->has_decision) {
        put_date(b, "decision", a->last_decision.date);
        put_text(b, "text", a->last_decision.text);
    }
}

static void put_goal(ap_buf *b, const ap_goal *g)
{
    put_text(b, "goal", g->code);
    put_text(b, "title", g->title);
    put_text(b, "indicator", g->indicator);
    put_text(b, "unit", g->unit);
    ap_buf_printf(b, "kind=%d baseline=%.17g target=%.17g status=%d\n", (int)g->kind,
                  g->baseline, g->target, (int)g->eval.status);
    put_date(b, "baseline_date", g->baseline_date);
    put_date(b, "target_date", g->target_date);
    for (size_t i = 0; i < g->n_measurements; i++) {
        const ap_measurement *m = &g->measurements[i];
        put_date(b, "measured", m->date);
        ap_buf_printf(b, "value=%.17g\n", m->value);
        put_text(b, "source", m->source);
    }
}

static void put_snapshot(digest *d, const ap_snapshot *snap)
{
    ap_buf *b = &d->b;
    put_text(b, "plan", snap->key);
    put_text(b, "title", snap->title);
    put_text(b, "organisation", snap->organisation);
    put_text(b, "process_lead", snap->process_lead);
    put_date(b, "as_of", snap->as_of);
    put_date(b, "since", snap->since);
    put_rollup(b, &snap->rollup);
    ap_buf_printf(b, "budget=%lld spent=%lld\n", snap->budget, snap->spent);
    for (size_t i = 0; i < snap->n_focus; i++) {
        const ap_focus *f = &snap->focus[i];
        put_text(b, "focus", f->code);
        put_text(b, "title", f->title);
        put_text(b, "lead", f->lead);
        put_rollup(b, &f->rollup);
        for (size_t j = 0; j < f->n_initiatives; j++) {
            const ap_initiative *in = f->initiatives[j];
            put_text(b, "initiative", in->code);
            put_text(b, "title", in->title);
            put_text(b, "approach", in->approach);
            put_rollup(b, &in->rollup);
            for (size_t k = 0; k < in->n_activities; k++) {
                put_activity(b, in->activities[k]);
                spill(d);
            }
        }
    }
    for (size_t i = 0; i < snap->n_changes; i++) {
        const ap_change *c = &snap->changes[i];
        put_date(b, "change", c->date);
        ap_buf_printf(b, "kind=%d from=%d to=%d late=%d\n", (int)c->kind, c->from, c->to,
                      (int)c->late);
        put_text(b, "activity", c->code);
        put_text(b, "title", c->title);
        put_text(b, "by", c->by);
        put_text(b, "text", c->text);
        put_text(b, "field", c->field);
        put_text(b, "old", c->old_value);
        put_text(b, "new", c->new_value);
        spill(d);
    }
    for (size_t i = 0; i < snap->n_goals; i++)
        put_goal(b, &snap->goals[i]);
}

static void put_list(digest *d, const char *name, ap_activity *const *list, size_t n)
{
    ap_buf_printf(&d->b, "%s=%zu\n", name, n);
    for (size_t i = 0; i < n; i++) {
        put_text(&d->b, name, list[i]->code);
        spill(d);
    }
}

/* Only the assessments there are: a report without any keeps the digest
 * it had before assessments existed. */
static void put_assessments(ap_buf *b, const ap_snapshot *snap, const ap_assessment *focus,
                            const ap_assessment *plan)
{
    for (size_t f = 0; f <= snap->n_focus; f++) {
        const ap_assessment *a = f < snap->n_focus ? &focus[f] : plan;
        if (!a->given)
            continue;
        put_text(b, "assessment", f < snap->n_focus ? snap->focus[f].code : "plan");
        put_text(b, "period", a->period);
        put_date(b, "date", a->date);
        put_text(b, "text", a->text);
        put_text(b, "by", a->by);
    }
}

static void start(digest *d)
{
    d->b = (ap_buf){0};
    ap_sha256_init(&d->sha);
}

static void finish(digest *d, char out[65])
{
    ap_sha256_update(&d->sha, ap_buf_str(&d->b), d->b.len);
    ap_sha256_final(&d->sha, out);
    ap_buf_free(&d->b);
}

void ap_steering_digest(const ap_steering *st, char out[65])
{
    digest d;
    start(&d);
    ap_buf *b = &d.b;
    ap_buf_puts(b, "steering 1\n");
    put_date(b, "made_on", st->made_on);
    put_snapshot(&d, st->snap);
    /* the whole previous snapshot, also while the renderers see its outline */
    const ap_snapshot *prev = st->prev_full ? st->prev_full : st->prev;
    if (prev)
        put_snapshot(&d, prev);
    put_list(&d, "active", st->active, st->n_active);
    put_list(&d, "deviations", st->deviations, st->n_deviations);
    put_list(&d, "proposals", st->proposals, st->n_proposals);
    put_list(&d, "chase", st->chase, st->n_chase);
    put_assessments(b, st->snap, st->assessments, &st->plan_assessment);
    finish(&d, out);
}

void ap_annual_digest(const ap_annual *an, char out[65])
{
    digest d;
    start(&d);
    ap_buf *b = &d.b;
    ap_buf_printf(b, "annual 1\nyear=%d\n", an->year);
    put_date(b, "made_on", an->made_on);
    put_snapshot(&d, an->snap);
    put_list(&d, "covered", an->covered, an->n_covered);
    put_list(&d, "completed", an->completed, an->n_completed);
    put_list(&d, "deviations", an->deviations, an->n_deviations);
    for (int i = 0; i < AP_STATE_COUNT; i++)
        ap_buf_printf(b, "state %d: %d %d\n", i, an->entered[i], an->at_year_end[i]);
    for (int i = 1; i <= AP_SDG_MAX; i++)
        ap_buf_printf(b, "sdg %d: %d\n", i, an->sdg_activities[i]);
    put_assessments(b, an->snap, an->assessments, &an->plan_assessment);
    finish(&d, out);
}
