/*
 * report.c - the data of the steering pack and the annual report, built
 * once from the snapshot, and the words both renderers share. See report.h;
 * writing and registering the files is report_job.c's.
 */
#include "actionplan/report.h"
#include "actionplan/model.h"
#include "actionplan/i18n.h"
#include "lang_thread.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* =========================================================================
 * Lists
 * ========================================================================= */

typedef bool (*pick_fn)(const ap_activity *a, const void *user);

/* Pointers to the activities that pass pick, in plan order, in the arena. */
static ap_activity **pick(ap_snapshot *snap, pick_fn fn, const void *user, size_t *n)
{
    ap_activity **out = ap_arena_alloc(&snap->arena, (snap->n_activities + 1) * sizeof *out);
    *n = 0;
    for (size_t i = 0; i < snap->n_activities; i++)
        if (!snap->activities[i].removed && fn(&snap->activities[i], user))
            out[(*n)++] = &snap->activities[i];
    return out;
}

static bool is_active(const ap_activity *a, const void *u)
{
    (void)u;
    return a->eval.status != AP_ST_EXCLUDED;
}

static bool is_deviation(const ap_activity *a, const void *u)
{
    (void)u;
    return a->eval.status == AP_ST_YELLOW || a->eval.status == AP_ST_RED;
}

static bool is_proposal(const ap_activity *a, const void *u)
{
    (void)u;
    return a->state == AP_STATE_PROPOSED;
}

ap_chase_reason ap_chase_reason_of(const ap_activity *a)
{
    /* Not started, not active and completed activities are never flagged
     * and never unreported by rule: only active ones come through. */
    if (a->eval.rule == AP_RULE_UNREPORTED)
        return AP_CHASE_NEVER_REPORTED;
    /* Overdue turns a colour red, but a report dated after the due date
     * shows that the owner has answered for the delay. */
    if (a->eval.overdue && (!a->has_update || a->last.date < a->eval.overdue_since))
        return AP_CHASE_OVERDUE;
    if (a->eval.stale)
        return AP_CHASE_STALE;
    return AP_CHASE_NONE;
}

const char *ap_chase_reason_text(const ap_activity *a, char *buf, size_t size)
{
    char d[11];
    switch (ap_chase_reason_of(a)) {
    case AP_CHASE_NEVER_REPORTED:
        snprintf(buf, size, "%s", TR("Aldrig rapporterad", "Never reported"));
        break;
    case AP_CHASE_OVERDUE:
        snprintf(buf, size, TR("Ingen rapport sedan slutdatum %s", "No report since the due date %s"),
                 ap_date_format(a->due, d));
        break;
    default:
        snprintf(buf, size, TR("Ingen rapport på %d %s", "No report for %d %s"),
                 a->eval.days_since_update,
                 ap_plural(a->eval.days_since_update, "dag", "dagar", "day", "days"));
        break;
    }
    return buf;
}

static bool is_chase(const ap_activity *a, const void *u)
{
    (void)u;
    return ap_chase_reason_of(a) != AP_CHASE_NONE;
}

/* Red before yellow; plan order within (the array is in plan order, and
 * activities are stored in plan order, so the address is the plan order). */
static int cmp_deviation(const void *x, const void *y)
{
    const ap_activity *a = *(ap_activity *const *)x, *b = *(ap_activity *const *)y;
    int ra = a->eval.status == AP_ST_RED ? 0 : 1, rb = b->eval.status == AP_ST_RED ? 0 : 1;
    if (ra != rb)
        return ra - rb;
    return (a > b) - (a < b);
}

static int cmp_owner(const void *x, const void *y)
{
    const ap_activity *a = *(ap_activity *const *)x, *b = *(ap_activity *const *)y;
    int r = ap_collate_sv(a->owner ? a->owner : "", b->owner ? b->owner : "");
    if (r)
        return r;
    return (a > b) - (a < b);
}

static void pdf_list_init(ap_pdf_list *l, const ap_snapshot *snap, ap_activity *const *list,
                          size_t n, const ap_config *cfg);
static void pdf_list_free(ap_pdf_list *l);

/* =========================================================================
 * The steering pack
 * ========================================================================= */

/* The recording a new report reads up to: the latest now. Loading both
 * snapshots of a pack with this bound keeps them one picture even while
 * others write. */
static ap_rc resolve_time(ap_store *s, const ap_report_time *t, ap_report_time *out,
                          ap_error *err)
{
    *out = t ? *t : (ap_report_time){0, AP_DATE_NONE};
    if (out->made_on == AP_DATE_NONE)
        out->made_on = ap_date_today();
    return out->upto > 0 ? AP_OK : ap_store_recording_upto(s, NULL, &out->upto, err);
}

/* The assessments a report shows: each focus area's and the plan's, for
 * the year (year > 0) or for a pack as of as_of. */
static ap_rc load_assessments(ap_store *s, const ap_snapshot *snap, int year, ap_date as_of,
                              int64_t upto, ap_arena *arena, ap_assessment **focus,
                              ap_assessment *plan, ap_error *err)
{
    *focus = ap_arena_alloc(arena, (snap->n_focus + 1) * sizeof **focus);
    ap_rc rc = AP_OK;
    for (size_t f = 0; rc == AP_OK && f < snap->n_focus; f++)
        rc = ap_store_assessment_find(s, snap->plan_id, snap->focus[f].code, year, as_of, upto,
                                      arena, &(*focus)[f], err);
    if (rc == AP_OK)
        rc = ap_store_assessment_find(s, snap->plan_id, "plan", year, as_of, upto, arena, plan,
                                      err);
    return rc;
}

ap_rc ap_steering_build(ap_store *s, int64_t plan_id, const ap_config *cfg, ap_date as_of,
                        ap_date since, ap_steering **out, ap_error *err)
{
    return ap_steering_build_at(s, plan_id, cfg, as_of, since, NULL, out, err);
}

/* The previous pack's snapshot, loaded on a thread of its own through a
 * connection of its own while the caller loads the current one. Both read
 * only the recordings up to the same upto, so they see what one connection
 * would have seen: the database as it was at that recording. */
typedef struct prev_load {
    const char *path;
    int64_t plan_id;
    ap_snapshot_opts opts;
    const ap_rules_config *rules;
    ap_lang_thread thread;
    ap_snapshot *snap;
    ap_error err;
    ap_rc rc;
} prev_load;

static void prev_run(void *arg)
{
    prev_load *p = arg;
    ap_store *s = NULL;
    p->rc = ap_store_open_readonly(p->path, &s, &p->err);
    if (p->rc == AP_OK)
        p->rc = ap_snapshot_load(s, p->plan_id, &p->opts, p->rules, &p->snap, &p->err);
    ap_store_close(s);
}

static void prev_start(prev_load *p)
{
    p->rc = AP_E_INTERNAL;
    if (p->path && *p->path)
        ap_lang_thread_start(&p->thread, prev_run, p);
}

/* The thread's snapshot; when it could not be made there (no thread, the
 * file not to be opened a second time), made here on s, as before. */
static ap_rc prev_finish(prev_load *p, ap_store *s, bool wanted, ap_snapshot **out, ap_error *err)
{
    *out = NULL;
    ap_lang_thread_join(&p->thread);
    if (!wanted) {
        ap_snapshot_free(p->snap);
        return AP_OK;
    }
    if (p->rc == AP_OK) {
        *out = p->snap;
        return AP_OK;
    }
    ap_snapshot_free(p->snap);
    return ap_snapshot_load(s, p->plan_id, &p->opts, p->rules, out, err);
}

ap_rc ap_steering_build_at(ap_store *s, int64_t plan_id, const ap_config *cfg, ap_date as_of,
                           ap_date since, const ap_report_time *t, ap_steering **out,
                           ap_error *err)
{
    *out = NULL;
    ap_date prev_as_of = AP_DATE_NONE;
    int64_t prev_upto = 0;
    ap_report_time when;
    ap_rc rc = resolve_time(s, t, &when, err);
    if (rc == AP_OK)
        rc = ap_store_report_run_previous(s, plan_id, "steering", as_of, when.upto, &prev_as_of,
                                          &prev_upto, err);
    if (rc != AP_OK)
        return rc;
    ap_steering *st = ap_xcalloc(1, sizeof *st);
    st->cfg = cfg;
    st->made_on = when.made_on;
    st->upto = when.upto;
    /* A since given as the previous pack's date (a pack made again from the
     * register) says so as the pack did when it was made. */
    st->since_is_previous = prev_as_of != AP_DATE_NONE && (since == AP_DATE_NONE ||
                                                           since == prev_as_of);
    /* No previous pack: a quarter back, the usual steering-group interval. */
    st->since = since != AP_DATE_NONE ? since : prev_as_of != AP_DATE_NONE ? prev_as_of
                                                                            : as_of - 91;
    /* Nothing falls through: what was recorded after the previous pack,
     * though dated before the window, is listed too (late). */
    ap_snapshot_opts opts = {.as_of = as_of, .since = st->since, .upto = st->upto,
                             .late_after = prev_upto};
    prev_load prev = {.path = ap_store_path(s), .plan_id = plan_id,
                      .opts = {.as_of = prev_as_of, .since = AP_DATE_NONE, .upto = st->upto},
                      .rules = &cfg->rules};
    if (prev_as_of != AP_DATE_NONE)
        prev_start(&prev);
    rc = ap_snapshot_load(s, plan_id, &opts, &cfg->rules, &st->snap, err);
    if (rc == AP_OK)
        rc = load_assessments(s, st->snap, 0, as_of, st->upto, &st->arena, &st->assessments,
                              &st->plan_assessment, err);
    if (prev_as_of != AP_DATE_NONE) {
        ap_rc prc = prev_finish(&prev, s, rc == AP_OK, &st->prev, err);
        rc = rc == AP_OK ? prc : rc;
    }
    if (rc != AP_OK) {
        ap_steering_free(st);
        return rc;
    }
    ap_snapshot *snap = st->snap;
    st->active = pick(snap, is_active, NULL, &st->n_active);
    st->deviations = pick(snap, is_deviation, NULL, &st->n_deviations);
    qsort(st->deviations, st->n_deviations, sizeof *st->deviations, cmp_deviation);
    st->proposals = pick(snap, is_proposal, NULL, &st->n_proposals);
    st->chase = pick(snap, is_chase, NULL, &st->n_chase);
    qsort(st->chase, st->n_chase, sizeof *st->chase, cmp_owner);
    pdf_list_init(&st->pdf, snap, st->active, st->n_active, cfg);
    *out = st;
    return AP_OK;
}

void ap_steering_free(ap_steering *st)
{
    if (!st)
        return;
    pdf_list_free(&st->pdf);
    ap_snapshot_free(st->snap);
    ap_snapshot_free(st->prev);
    ap_snapshot_free(st->prev_full);
    ap_arena_free(&st->arena);
    free(st);
}

ap_status ap_steering_prev_status(const ap_steering *st, const char *focus_code)
{
    if (!st->prev)
        return AP_ST_COUNT;
    if (!focus_code)
        return st->prev->rollup.status;
    const ap_focus *f = ap_snapshot_focus(st->prev, focus_code);
    if (f)
        return f->rollup.status;
    const ap_initiative *in = ap_snapshot_initiative(st->prev, focus_code);
    return in ? in->rollup.status : AP_ST_COUNT;
}

/* A snapshot of only the plan, focus areas and initiative areas with their
 * roll-ups, from src. */
static ap_snapshot *snapshot_outline(const ap_snapshot *src)
{
    ap_snapshot *o = ap_xcalloc(1, sizeof *o);
    ap_arena *a = &o->arena;
    o->plan_id = src->plan_id;
    o->key = ap_arena_strdup(a, src->key);
    o->title = ap_arena_strdup(a, src->title);
    o->adopted = src->adopted;
    o->as_of = src->as_of;
    o->upto = src->upto;
    o->late_after = src->late_after;
    o->since = src->since;
    o->rules = src->rules;
    o->rollup = src->rollup;
    o->budget = src->budget;
    o->spent = src->spent;
    o->focus = ap_arena_alloc(a, (src->n_focus + 1) * sizeof *o->focus);
    for (size_t i = 0; i < src->n_focus; i++) {
        const ap_focus *f = &src->focus[i];
        o->focus[o->n_focus++] = (ap_focus){.code = ap_arena_strdup(a, f->code),
                                            .title = ap_arena_strdup(a, f->title),
                                            .rollup = f->rollup,
                                            .budget = f->budget,
                                            .spent = f->spent};
    }
    o->initiatives = ap_arena_alloc(a, (src->n_initiatives + 1) * sizeof *o->initiatives);
    for (size_t i = 0; i < src->n_initiatives; i++) {
        const ap_initiative *in = &src->initiatives[i];
        o->initiatives[o->n_initiatives++] =
            (ap_initiative){.code = ap_arena_strdup(a, in->code),
                            .title = ap_arena_strdup(a, in->title),
                            .focus = in->focus ? &o->focus[in->focus - src->focus] : NULL,
                            .rollup = in->rollup,
                            .budget = in->budget,
                            .spent = in->spent};
    }
    o->activities = ap_arena_alloc(a, sizeof *o->activities);
    o->by_id = ap_arena_alloc(a, sizeof *o->by_id);
    o->changes = ap_arena_alloc(a, sizeof *o->changes);
    o->goals = ap_arena_alloc(a, sizeof *o->goals);
    return o;
}

void ap_steering_outline_prev(ap_steering *st)
{
    if (!st->prev || st->prev_full)
        return;
    st->prev_full = st->prev;
    st->prev = snapshot_outline(st->prev_full);
}

void ap_steering_drop_full_prev(ap_steering *st)
{
    ap_snapshot_free(st->prev_full);
    st->prev_full = NULL;
}

/* =========================================================================
 * The PDFs of large plans: only what needs attention
 * ========================================================================= */

bool ap_needs_attention(const ap_snapshot *snap, const ap_pdf_list *list, const ap_activity *a)
{
    const ap_activity_eval *e = &a->eval;
    return e->status == AP_ST_YELLOW || e->status == AP_ST_RED ||
           e->status == AP_ST_UNREPORTED || e->overdue || e->stale ||
           (list && list->late && list->late[a - snap->activities]);
}

bool ap_pdf_list_shows(const ap_snapshot *snap, const ap_pdf_list *list, const ap_activity *a)
{
    return !list->attention_only || ap_needs_attention(snap, list, a);
}

bool ap_pdf_list_shows_change(const ap_pdf_list *list, const ap_change *c)
{
    return !list->attention_only || c->kind != AP_CHANGE_STATUS || c->late || c->from != c->to;
}

/* Decide for the n listed activities (in list) whether the PDF shows them
 * all, and count per focus area what it leaves out. */
static void pdf_list_init(ap_pdf_list *l, const ap_snapshot *snap, ap_activity *const *list,
                          size_t n, const ap_config *cfg)
{
    *l = (ap_pdf_list){0};
    if (cfg->pdf_list_max <= 0 || n <= (size_t)cfg->pdf_list_max)
        return;
    l->attention_only = true;
    l->late = ap_xcalloc(snap->n_activities + 1, sizeof *l->late);
    for (size_t i = 0; i < snap->n_changes; i++)
        if (snap->changes[i].late && snap->changes[i].activity)
            l->late[snap->changes[i].activity - snap->activities] = true;
    l->omitted = ap_xcalloc(snap->n_focus + 1, sizeof *l->omitted);
    for (size_t i = 0; i < n; i++)
        if (!ap_needs_attention(snap, l, list[i]))
            l->omitted[list[i]->focus - snap->focus]++;
}

static void pdf_list_free(ap_pdf_list *l)
{
    free(l->late);
    free(l->omitted);
}

/* =========================================================================
 * Changes in words
 * ========================================================================= */

#define ARROW " \xE2\x86\x92 "

const char *ap_change_kind_label(const ap_change *c)
{
    switch (c->kind) {
    case AP_CHANGE_STATUS: return TR("Status", "Status");
    case AP_CHANGE_STATE: return AP_WORD(STATE);
    case AP_CHANGE_PLAN: return TR("Plan", "Plan");
    default: return TR("Beslut", "Decision");
    }
}

static const char *plan_field_label(const char *field)
{
    static const struct { const char *field, *sv, *en; } labels[] = {
        {"title", "Titel", "Title"},
        {"owner", AP_SV_OWNER, AP_EN_OWNER},
        {"responsible", AP_SV_RESPONSIBLE, AP_EN_RESPONSIBLE},
        {"participant", AP_SV_PARTICIPANTS, AP_EN_PARTICIPANTS},
        {"start", AP_SV_START, AP_EN_START},
        {"due", AP_SV_DUE, AP_EN_DUE},
        {"budget", AP_SV_BUDGET, AP_EN_BUDGET},
        {"weight", "Vikt", "Weight"},
        {"state", AP_SV_STATE, AP_EN_STATE},
        {"goals", "Mål", "Goals"},             {"sdg", "Globala mål", "SDGs"},
    };
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
        if (strcmp(labels[i].field, field) == 0)
            return TR(labels[i].sv, labels[i].en);
    return field;
}

const char *ap_change_fromto(const ap_change *c, char *buf, size_t size)
{
    const char *from = NULL, *to = NULL;
    switch (c->kind) {
    case AP_CHANGE_STATUS:
        from = c->from >= 0 ? ap_color_label((ap_color)c->from) : NULL;
        to = ap_color_label((ap_color)c->to);
        break;
    case AP_CHANGE_STATE:
        from = c->from >= 0 ? ap_state_label((ap_state)c->from) : NULL;
        to = ap_state_label((ap_state)c->to);
        break;
    case AP_CHANGE_PLAN:
        if (strcmp(c->field, "present") == 0) {
            snprintf(buf, size, "%s", c->new_value && strcmp(c->new_value, "yes") == 0
                                          ? TR("Ny i planen", "New in the plan")
                                          : TR("Borttagen ur planen", "Removed from the plan"));
            return buf;
        }
        from = c->old_value;
        to = c->new_value;
        ap_state old_state, new_state; /* a state in the plan file: its label */
        if (strcmp(c->field, "state") == 0 && from && ap_state_parse(from, &old_state))
            from = ap_state_label(old_state);
        if (strcmp(c->field, "state") == 0 && to && ap_state_parse(to, &new_state))
            to = ap_state_label(new_state);
        snprintf(buf, size, "%s %s" ARROW "%s", plan_field_label(c->field),
                 from ? from : TR("(inget)", "(none)"), to ? to : TR("(inget)", "(none)"));
        return buf;
    default:
        snprintf(buf, size, "\xE2\x80\x93");
        return buf;
    }
    if (from)
        snprintf(buf, size, "%s" ARROW "%s", from, to);
    else
        snprintf(buf, size, "%s", to);
    return buf;
}

const char *ap_change_note(const ap_change *c, ap_buf *buf)
{
    ap_buf_reset(buf);
    if (c->late) {
        char rec[11] = "";
        if (c->recorded_at)
            snprintf(rec, sizeof rec, "%.10s", c->recorded_at);
        ap_buf_printf(buf, TR("Efterregistrerad %s", "Recorded late, %s"), rec);
        if (c->text && *c->text)
            ap_buf_puts(buf, ": ");
    }
    if (c->text)
        ap_buf_puts(buf, c->text);
    return ap_buf_str(buf);
}

/* =========================================================================
 * The annual report
 * ========================================================================= */

/* Decided, ongoing or paused on 31 December, or completed or cancelled
 * during the year. */
static bool covers_in_year(const ap_activity *a, int year)
{
    switch (a->state) {
    case AP_STATE_DECIDED:
    case AP_STATE_ONGOING:
    case AP_STATE_PAUSED:
        return true;
    case AP_STATE_COMPLETED:
    case AP_STATE_CANCELLED:
        return ap_date_year(a->state_since) == year;
    default:
        return false;
    }
}

static bool is_covered(const ap_activity *a, const void *u)
{
    return covers_in_year(a, *(const int *)u);
}

bool ap_annual_covers(const ap_annual *an, const ap_activity *a)
{
    return !a->removed && covers_in_year(a, an->year);
}

static bool is_completed_in(const ap_activity *a, const void *u)
{
    return a->state == AP_STATE_COMPLETED && ap_date_year(a->completed_on) == *(const int *)u;
}

static int cmp_completed(const void *x, const void *y)
{
    const ap_activity *a = *(ap_activity *const *)x, *b = *(ap_activity *const *)y;
    if (a->completed_on != b->completed_on)
        return a->completed_on < b->completed_on ? -1 : 1;
    return (a > b) - (a < b);
}

ap_rc ap_annual_build(ap_store *s, int64_t plan_id, const ap_config *cfg, int year,
                      ap_annual **out, ap_error *err)
{
    return ap_annual_build_at(s, plan_id, cfg, year, NULL, out, err);
}

ap_rc ap_annual_build_at(ap_store *s, int64_t plan_id, const ap_config *cfg, int year,
                         const ap_report_time *t, ap_annual **out, ap_error *err)
{
    *out = NULL;
    ap_report_time when;
    ap_rc rc = resolve_time(s, t, &when, err);
    if (rc != AP_OK)
        return rc;
    ap_date today = when.made_on;
    ap_date end = ap_date_year_end(year);
    if (year < 1900 || year > 9999)
        return ap_error_set(err, AP_E_INPUT, TR("ogiltigt år %d", "invalid year %d"), year);
    if (ap_date_year_end(year - 1) >= today)
        return ap_error_set(err, AP_E_INPUT,
                            TR("året %d har inte börjat ännu", "the year %d has not begun yet"),
                            year);
    ap_annual *an = ap_xcalloc(1, sizeof *an);
    an->year = year;
    an->cfg = cfg;
    an->made_on = today;
    an->upto = when.upto;
    /* A report made during the year shows the picture of the day it was made. */
    ap_snapshot_opts opts = {.as_of = end < today ? end : today,
                             .since = ap_date_year_end(year - 1), .upto = when.upto};
    rc = ap_snapshot_load(s, plan_id, &opts, &cfg->rules, &an->snap, err);
    if (rc == AP_OK)
        rc = load_assessments(s, an->snap, year, AP_DATE_NONE, an->upto, &an->arena,
                              &an->assessments, &an->plan_assessment, err);
    if (rc != AP_OK) {
        ap_annual_free(an);
        return rc;
    }
    ap_snapshot *snap = an->snap;
    an->covered = pick(snap, is_covered, &year, &an->n_covered);
    an->completed = pick(snap, is_completed_in, &year, &an->n_completed);
    qsort(an->completed, an->n_completed, sizeof *an->completed, cmp_completed);
    an->deviations = pick(snap, is_deviation, NULL, &an->n_deviations);
    qsort(an->deviations, an->n_deviations, sizeof *an->deviations, cmp_deviation);
    /* Count activities (not changes) that entered each state during the
     * year: one bit per state per activity, in one pass over the changes. */
    unsigned *entered = ap_xcalloc(snap->n_activities + 1, sizeof *entered);
    for (size_t c = 0; c < snap->n_changes; c++) {
        const ap_change *ch = &snap->changes[c];
        if (ch->kind == AP_CHANGE_STATE && ch->activity && !ch->activity->removed)
            entered[ch->activity - snap->activities] |= 1u << ch->to;
    }
    for (size_t i = 0; i < snap->n_activities; i++)
        for (int k = 0; k < AP_STATE_COUNT; k++)
            an->entered[k] += (entered[i] >> k) & 1u;
    free(entered);
    for (size_t i = 0; i < snap->n_activities; i++)
        if (!snap->activities[i].removed)
            an->at_year_end[snap->activities[i].state]++;
    for (size_t i = 0; i < an->n_covered; i++)
        for (size_t k = 0; k < an->covered[i]->n_sdgs; k++) {
            int sdg = an->covered[i]->sdgs[k];
            if (sdg >= 1 && sdg <= AP_SDG_MAX) /* the loader refuses others */
                an->sdg_activities[sdg]++;
        }
    pdf_list_init(&an->pdf, snap, an->covered, an->n_covered, cfg);
    *out = an;
    return AP_OK;
}

const char *ap_assessment_text(const ap_assessment *a, ap_buf *b)
{
    char d[11];
    ap_buf_reset(b);
    if (!a->given) {
        ap_buf_puts(b, TR("Bedömning saknas.", "Assessment missing."));
        return ap_buf_str(b);
    }
    ap_buf_printf(b, "%s – %s%s%s (%s)", a->text, a->by ? a->by : "", a->by ? ", " : "",
                  ap_date_format(a->date, d), a->period);
    return ap_buf_str(b);
}

const char *ap_deviation_text(const ap_activity *a, bool action, ap_buf *b)
{
    const char *text = action ? a->action : a->cause;
    ap_date date = action ? a->action_date : a->cause_date;
    ap_buf_reset(b);
    if (!text)
        return NULL;
    ap_buf_puts(b, text);
    if (a->has_update && date != a->last.date) {
        char d[11];
        ap_buf_printf(b, TR(" (rapporterad %s)", " (reported %s)"), ap_date_format(date, d));
    }
    return ap_buf_str(b);
}

const char *ap_plan_name(ap_buf *b, const char *title)
{
    ap_buf_reset(b);
    const char *t = title && *title ? title : "";
    bool says_plan = false;
    for (const char *p = t; *p && !says_plan; p++)
        says_plan = strncasecmp(p, "plan", 4) == 0;
    if (says_plan)
        ap_buf_puts(b, t);
    else
        ap_buf_printf(b, TR("Handlingsplanen för %s", "The action plan for %s"), t);
    return ap_buf_str(b);
}

void ap_annual_summary_text(const ap_annual *an, const char *on, ap_buf *out)
{
    const ap_snapshot *snap = an->snap;
    const ap_counts *c = &snap->rollup.counts;
    int total = ap_counts_total(c), done = an->entered[AP_STATE_COMPLETED];
    int deviating = c->red + c->yellow;
    ap_buf name = {0};
    ap_buf_printf(out,
                  TR("%s hade %d %s i %zu %s den %s. Under %d genomfördes "
                     "%d %s. %s avvek %d %s från planen (%d %s, %d %s) och %d hade "
                     "ännu inte rapporterats.",
                     "%s had %d %s in %zu %s on %s. During %d, %d %s "
                     "completed. %s %d %s from the plan (%d %s, %d %s) and "
                     "%d had not been reported yet."),
                  ap_plan_name(&name, snap->title), total, ap_plural(total, "aktivitet", "aktiviteter", "activity",
                                                "activities"),
                  snap->n_focus,
                  ap_plural((long long)snap->n_focus, "fokusområde", "fokusområden", "focus area",
                            "focus areas"),
                  on, an->year, done,
                  ap_plural(done, "aktivitet", "aktiviteter", "activity was", "activities were"),
                  /* a year not yet over has no end to speak of */
                  ap_annual_preliminary(an) ? TR("Samma dag", "On that day")
                                            : TR("Vid årets slut", "At the end of the year"),
                  deviating,
                  ap_plural(deviating, "aktivitet", "aktiviteter", "activity deviated",
                            "activities deviated"),
                  c->red, ap_plural(c->red, "röd", "röda", "red", "red"), c->yellow,
                  ap_plural(c->yellow, "gul", "gula", "yellow", "yellow"), c->unreported);
    ap_buf_free(&name);
}

const char *ap_date_long_text(ap_date d, char *buf, size_t size)
{
    static const char *const sv[12] = {"januari",   "februari", "mars",     "april",
                                       "maj",       "juni",     "juli",     "augusti",
                                       "september", "oktober",  "november", "december"};
    static const char *const en[12] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};
    int y, m, dd;
    if (d == AP_DATE_NONE) {
        snprintf(buf, size, "%s", "\xE2\x80\x93"); /* an en dash */
        return buf;
    }
    ap_date_to_ymd(d, &y, &m, &dd);
    snprintf(buf, size, "%d %s %d", dd, TR(sv[m - 1], en[m - 1]), y);
    return buf;
}

const char *ap_sek_text(long long v, char *buf, size_t size)
{
    char num[64];
    if (v < 0)
        snprintf(buf, size, "%s", "\xE2\x80\x93");
    else
        snprintf(buf, size, TR("%s\xC2\xA0kr", "SEK\xC2\xA0%s"),
                 ap_format_number(num, sizeof num, (double)v, 0));
    return buf;
}

void ap_annual_goals_cost_text(const ap_annual *an, const char *on, ap_buf *out)
{
    const ap_snapshot *snap = an->snap;
    char b[64], s[64];
    if (snap->n_goals) {
        int n[AP_ST_COUNT] = {0};
        for (size_t i = 0; i < snap->n_goals; i++)
            n[snap->goals[i].eval.status]++;
        ap_buf_printf(out,
                      TR("Planens %zu mål den %s \xE2\x80\x93 ",
                         "The plan's %zu goals on %s \xE2\x80\x93 "),
                      snap->n_goals, on);
        const ap_status order[] = {AP_ST_GREEN, AP_ST_YELLOW, AP_ST_RED, AP_ST_UNMEASURED};
        for (size_t k = 0; k < 4; k++)
            ap_buf_printf(out, "%s%s: %d", k ? ", " : "", ap_status_label(order[k]), n[order[k]]);
        ap_buf_puts(out, ". ");
    }
    if (snap->budget > 0)
        ap_buf_printf(out,
                      TR("Av planens budget på %s hade %s (%.0f\xC2\xA0%%) rapporterats som "
                         "kostnad till och med den %s.",
                         "Of the plan's budget of %s, %s (%.0f%%) had been reported as cost "
                         "up to %s."),
                      ap_sek_text(snap->budget, b, sizeof b), ap_sek_text(snap->spent, s, sizeof s),
                      100.0 * (double)snap->spent / (double)snap->budget, on);
}

void ap_annual_summary_lead(const ap_annual *an, ap_buf *out)
{
    char on[64];
    ap_date_long_text(an->snap->as_of, on, sizeof on);
    ap_annual_summary_text(an, on, out);
    ap_buf_putc(out, ' ');
    ap_annual_goals_cost_text(an, on, out);
}

bool ap_annual_preliminary(const ap_annual *an)
{
    return an->made_on <= ap_date_year_end(an->year);
}

const char *ap_annual_preliminary_note(const ap_annual *an, const char *on, ap_buf *b)
{
    ap_buf_reset(b);
    ap_buf_printf(b,
                  TR("Preliminär: året %d är inte slut. Rapporten visar läget den %s, då den "
                     "gjordes; den slutliga årsrapporten görs när året är slut.",
                     "Preliminary: the year %d has not ended. The report shows the situation on "
                     "%s, when it was made; the final annual report is made when the year is "
                     "over."),
                  an->year, on);
    return ap_buf_str(b);
}

void ap_annual_free(ap_annual *an)
{
    if (!an)
        return;
    pdf_list_free(&an->pdf);
    ap_snapshot_free(an->snap);
    ap_arena_free(&an->arena);
    free(an);
}

/* =========================================================================
 * Goals as charted (pdf_common.c, web_svg.c)
 * ========================================================================= */

int ap_goal_decimals(const ap_goal *g)
{
    bool whole = g->baseline == floor(g->baseline) && g->target == floor(g->target);
    for (size_t i = 0; i < g->n_measurements && whole; i++)
        whole = g->measurements[i].value == floor(g->measurements[i].value);
    return whole ? 0 : 1;
}

bool ap_goal_yes_no(const ap_goal *g)
{
    if (g->unit && (strcasecmp(g->unit, "ja/nej") == 0 || strcasecmp(g->unit, "yes/no") == 0))
        return true;
    if (!((g->baseline == 0 && g->target == 1) || (g->baseline == 1 && g->target == 0)))
        return false;
    for (size_t i = 0; i < g->n_measurements; i++)
        if (g->measurements[i].value != 0 && g->measurements[i].value != 1)
            return false;
    return true;
}
