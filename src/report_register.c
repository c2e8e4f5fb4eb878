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
#include <stdlib.h>
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

/* The serialized data goes through SHA-256 a piece at a time, through a
 * buffer of DIGEST_BUF bytes: a report of 100,000 activities and a year of
 * changes never holds its whole form. The form is a contract (a report
 * registered by an earlier version, made again, must digest the same), so
 * its pieces are written here by hand, byte for byte what the printf
 * formats "%s", "%d", "%lld" and "%zu" wrote before, which cost more than
 * the hash itself; only doubles still go through snprintf's "%.17g". */
enum { DIGEST_BUF = 1 << 14, NUM_MAX = 24 };

typedef struct digest {
    ap_sha256 sha;
    size_t n; /* bytes in buf not yet hashed */
    char buf[DIGEST_BUF];
} digest;

/* Room for n more bytes in the buffer (n at most DIGEST_BUF). */
static char *room(digest *d, size_t n)
{
    if (n > DIGEST_BUF - d->n) {
        ap_sha256_update(&d->sha, d->buf, d->n);
        d->n = 0;
    }
    return d->buf + d->n;
}

static void put(digest *d, const char *s, size_t n)
{
    if (n > DIGEST_BUF - d->n) {
        ap_sha256_update(&d->sha, d->buf, d->n);
        d->n = 0;
        if (n > DIGEST_BUF) { /* a long text goes to the hash as it is */
            ap_sha256_update(&d->sha, s, n);
            return;
        }
    }
    memcpy(d->buf + d->n, s, n);
    d->n += n;
}

static void put_str(digest *d, const char *s)
{
    put(d, s, strlen(s));
}

/* v in decimal at out, as "%lld" writes it; returns its length. */
static size_t format_ll(char *out, long long v)
{
    char tmp[NUM_MAX];
    size_t n = 0, k = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        out[k++] = '-';
    while (n)
        out[k++] = tmp[--n];
    return k;
}

/* lead (a field's name and '=', or a separator) and v in decimal. */
static void put_num(digest *d, const char *lead, long long v)
{
    size_t n = strlen(lead);
    char *p = room(d, n + NUM_MAX);
    memcpy(p, lead, n);
    d->n += n + format_ll(p + n, v);
}

/* lead and v as "%.17g" writes it. */
static void put_double(digest *d, const char *lead, double v)
{
    char s[NUM_MAX + 8];
    put_str(d, lead);
    int n = snprintf(s, sizeof s, "%.17g", v);
    put(d, s, n > 0 ? (size_t)n : 0);
}

static void put_text(digest *d, const char *name, const char *v)
{
    /* "name:length:text\n", length-prefixed: no text can imitate a field
     * boundary */
    size_t n = v ? strlen(v) : 0;
    put_str(d, name);
    put_num(d, ":", (long long)n);
    put(d, ":", 1);
    put(d, v ? v : "", n);
    put(d, "\n", 1);
}

static void put_date(digest *d, const char *name, ap_date day)
{
    char s[11];
    put_str(d, name);
    put(d, "=", 1);
    if (day == AP_DATE_NONE)
        put(d, "-", 1);
    else
        put_str(d, ap_date_format(day, s));
    put(d, "\n", 1);
}

static void put_rollup(digest *d, const ap_rollup *r)
{
    const ap_counts *c = &r->counts;
    put_num(d, "rollup=", (int)r->status);
    const long long v[10] = {c->green,    c->yellow,  c->red,   c->completed, c->unreported,
                             c->excluded, c->overdue, c->stale, r->score_sum, r->weight_sum};
    for (size_t i = 0; i < 10; i++)
        put_num(d, " ", v[i]);
    put(d, "\n", 1);
}

static void put_activity(digest *d, const ap_activity *a)
{
    put_text(d, "activity", a->code);
    put_text(d, "title", a->title);
    put_text(d, "owner", a->owner);
    put_text(d, "responsible", a->responsible);
    for (size_t i = 0; i < a->n_participants; i++)
        put_text(d, "participant", a->participants[i]);
    for (size_t i = 0; i < a->n_goals; i++)
        put_text(d, "goal", a->goal_codes[i]);
    for (size_t i = 0; i < a->n_sdgs; i++) {
        put_num(d, "sdg=", a->sdgs[i]);
        put(d, "\n", 1);
    }
    put_date(d, "start", a->start);
    put_date(d, "due", a->due);
    put_num(d, "budget=", a->budget);
    put_num(d, " weight=", a->weight);
    put_num(d, " removed=", (int)a->removed);
    put_num(d, " state=", (int)a->state);
    put_num(d, " spent=", a->spent);
    put(d, "\n", 1);
    put_date(d, "state_since", a->state_since);
    put_date(d, "completed_on", a->completed_on);
    const ap_activity_eval *e = &a->eval;
    put_num(d, "eval=", (int)e->status);
    put_num(d, " ", (int)e->base);
    put_num(d, " ", (int)e->rule);
    put_num(d, " ", (int)e->overdue);
    put_num(d, " ", (int)e->stale);
    put_num(d, " ", e->days_since_update);
    put(d, "\n", 1);
    if (a->has_update) {
        const ap_update *u = &a->last;
        put_date(d, "update", u->date);
        put_num(d, "color=", (int)u->color);
        put_num(d, " progress=", u->progress);
        put_num(d, " cost=", u->cost);
        put(d, "\n", 1);
        put_text(d, "comment", u->comment);
        put_text(d, "cause", u->cause);
        put_text(d, "action", u->action);
        put_text(d, "by", u->by);
    }
    put_text(d, "spell_cause", a->cause);
    put_date(d, "cause_date", a->cause_date);
    put_text(d, "spell_action", a->action);
    put_date(d, "action_date", a->action_date);
    if (a->has_decision) {
        put_date(d, "decision", a->last_decision.date);
        put_text(d, "text", a->last_decision.text);
    }
}

static void put_goal(digest *d, const ap_goal *g)
{
    put_text(d, "goal", g->code);
    put_text(d, "title", g->title);
    put_text(d, "indicator", g->indicator);
    put_text(d, "unit", g->unit);
    put_num(d, "kind=", (int)g->kind);
    put_double(d, " baseline=", g->baseline);
    put_double(d, " target=", g->target);
    put_num(d, " status=", (int)g->eval.status);
    put(d, "\n", 1);
    put_date(d, "baseline_date", g->baseline_date);
    put_date(d, "target_date", g->target_date);
    for (size_t i = 0; i < g->n_measurements; i++) {
        const ap_measurement *m = &g->measurements[i];
        put_date(d, "measured", m->date);
        put_double(d, "value=", m->value);
        put(d, "\n", 1);
        put_text(d, "source", m->source);
    }
}

static void put_snapshot(digest *d, const ap_snapshot *snap)
{
    put_text(d, "plan", snap->key);
    put_text(d, "title", snap->title);
    put_text(d, "organisation", snap->organisation);
    put_text(d, "process_lead", snap->process_lead);
    put_date(d, "as_of", snap->as_of);
    put_date(d, "since", snap->since);
    put_rollup(d, &snap->rollup);
    put_num(d, "budget=", snap->budget);
    put_num(d, " spent=", snap->spent);
    put(d, "\n", 1);
    for (size_t i = 0; i < snap->n_focus; i++) {
        const ap_focus *f = &snap->focus[i];
        put_text(d, "focus", f->code);
        put_text(d, "title", f->title);
        put_text(d, "lead", f->lead);
        put_rollup(d, &f->rollup);
        for (size_t j = 0; j < f->n_initiatives; j++) {
            const ap_initiative *in = f->initiatives[j];
            put_text(d, "initiative", in->code);
            put_text(d, "title", in->title);
            put_text(d, "approach", in->approach);
            put_rollup(d, &in->rollup);
            for (size_t k = 0; k < in->n_activities; k++)
                put_activity(d, in->activities[k]);
        }
    }
    for (size_t i = 0; i < snap->n_changes; i++) {
        const ap_change *c = &snap->changes[i];
        put_date(d, "change", c->date);
        put_num(d, "kind=", (int)c->kind);
        put_num(d, " from=", c->from);
        put_num(d, " to=", c->to);
        put_num(d, " late=", (int)c->late);
        put(d, "\n", 1);
        put_text(d, "activity", c->code);
        put_text(d, "title", c->title);
        put_text(d, "by", c->by);
        put_text(d, "text", c->text);
        put_text(d, "field", c->field);
        put_text(d, "old", c->old_value);
        put_text(d, "new", c->new_value);
    }
    for (size_t i = 0; i < snap->n_goals; i++)
        put_goal(d, &snap->goals[i]);
}

static void put_list(digest *d, const char *name, ap_activity *const *list, size_t n)
{
    put_str(d, name);
    put_num(d, "=", (long long)n);
    put(d, "\n", 1);
    for (size_t i = 0; i < n; i++)
        put_text(d, name, list[i]->code);
}

/* Only the assessments there are: a report without any keeps the digest
 * it had before assessments existed. */
static void put_assessments(digest *d, const ap_snapshot *snap, const ap_assessment *focus,
                            const ap_assessment *plan)
{
    for (size_t f = 0; f <= snap->n_focus; f++) {
        const ap_assessment *a = f < snap->n_focus ? &focus[f] : plan;
        if (!a->given)
            continue;
        put_text(d, "assessment", f < snap->n_focus ? snap->focus[f].code : "plan");
        put_text(d, "period", a->period);
        put_date(d, "date", a->date);
        put_text(d, "text", a->text);
        put_text(d, "by", a->by);
    }
}

/* The digest's state is a few kilobytes: on the heap, not on a web
 * worker's stack. */
static digest *start(void)
{
    digest *d = ap_xmalloc(sizeof *d);
    d->n = 0;
    ap_sha256_init(&d->sha);
    return d;
}

static void finish(digest *d, char out[65])
{
    ap_sha256_update(&d->sha, d->buf, d->n);
    ap_sha256_final(&d->sha, out);
    free(d);
}

void ap_steering_digest(const ap_steering *st, char out[65])
{
    digest *d = start();
    put_str(d, "steering 1\n");
    put_date(d, "made_on", st->made_on);
    put_snapshot(d, st->snap);
    /* the whole previous snapshot, also while the renderers see its outline */
    const ap_snapshot *prev = st->prev_full ? st->prev_full : st->prev;
    if (prev)
        put_snapshot(d, prev);
    put_list(d, "active", st->active, st->n_active);
    put_list(d, "deviations", st->deviations, st->n_deviations);
    put_list(d, "proposals", st->proposals, st->n_proposals);
    put_list(d, "chase", st->chase, st->n_chase);
    put_assessments(d, st->snap, st->assessments, &st->plan_assessment);
    finish(d, out);
}

void ap_annual_digest(const ap_annual *an, char out[65])
{
    digest *d = start();
    put_num(d, "annual 1\nyear=", an->year);
    put(d, "\n", 1);
    put_date(d, "made_on", an->made_on);
    put_snapshot(d, an->snap);
    put_list(d, "covered", an->covered, an->n_covered);
    put_list(d, "completed", an->completed, an->n_completed);
    put_list(d, "deviations", an->deviations, an->n_deviations);
    for (int i = 0; i < AP_STATE_COUNT; i++) {
        put_num(d, "state ", i);
        put_num(d, ": ", an->entered[i]);
        put_num(d, " ", an->at_year_end[i]);
        put(d, "\n", 1);
    }
    for (int i = 1; i <= AP_SDG_MAX; i++) {
        put_num(d, "sdg ", i);
        put_num(d, ": ", an->sdg_activities[i]);
        put(d, "\n", 1);
    }
    put_assessments(d, an->snap, an->assessments, &an->plan_assessment);
    finish(d, out);
}
