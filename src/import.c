/*
 * import.c - plan file into the database; see import.h.
 *
 * The stored plan is read back as a plan definition and compared with the
 * file field by field: every entity is flattened into (field, text) pairs so
 * that one comparison serves goals, focus areas, initiative areas and
 * activities alike.
 */
#include "actionplan/import.h"
#include "actionplan/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_FIELDS = 16 };

/* An entity flattened for comparison. */
typedef struct flat {
    const char *entity; /* "plan", "goal", "focus", "initiative", "activity" */
    const char *code;
    int n;
    const char *names[MAX_FIELDS];
    char *values[MAX_FIELDS];
} flat;

typedef struct differ {
    ap_store *s;
    int64_t plan_id;
    const char *source;
    const ap_import_opts *opts;
    ap_date effective; /* when the changes take effect */
    ap_import_result *res;
    ap_arena scratch;
    ap_error *err;
} differ;

static void put(differ *d, flat *f, const char *name, const char *value)
{
    f->names[f->n] = name;
    f->values[f->n] = value ? ap_arena_strdup(&d->scratch, value) : NULL;
    f->n++;
}

static void put_date(differ *d, flat *f, const char *name, ap_date v)
{
    char buf[11];
    put(d, f, name, v == AP_DATE_NONE ? NULL : ap_date_format(v, buf));
}

static void put_num(differ *d, flat *f, const char *name, double v)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.15g", v);
    put(d, f, name, buf);
}

static void put_list(differ *d, flat *f, const char *name, const char **items, size_t n,
                     const char *sep)
{
    ap_buf b = {0};
    for (size_t i = 0; i < n; i++)
        ap_buf_printf(&b, "%s%s", i ? sep : "", items[i]);
    put(d, f, name, b.len ? ap_buf_str(&b) : NULL);
    ap_buf_free(&b);
}

static flat flat_goal(differ *d, const ap_def_goal *g)
{
    flat f = {.entity = "goal", .code = g->code};
    put(d, &f, "title", g->title);
    put(d, &f, "kind", ap_goal_kind_name(g->kind));
    put(d, &f, "indicator", g->indicator);
    put(d, &f, "unit", g->unit);
    put_num(d, &f, "baseline", g->baseline);
    put_date(d, &f, "baseline_date", g->baseline_date);
    put_num(d, &f, "target", g->target);
    put_date(d, &f, "target_date", g->target_date);
    return f;
}

static flat flat_focus(differ *d, const ap_def_focus *x)
{
    flat f = {.entity = "focus", .code = x->code};
    put(d, &f, "title", x->title);
    put(d, &f, "lead", x->lead);
    return f;
}

static flat flat_initiative(differ *d, const ap_def_initiative *x)
{
    flat f = {.entity = "initiative", .code = x->code};
    put(d, &f, "title", x->title);
    put(d, &f, "approach", x->approach);
    return f;
}

static flat flat_activity(differ *d, const ap_def_activity *a)
{
    flat f = {.entity = "activity", .code = a->code};
    char num[32];
    put(d, &f, "title", a->title);
    put(d, &f, "owner", a->owner);
    put(d, &f, "responsible", a->responsible);
    put_list(d, &f, "participant", a->participants, a->n_participants, "; ");
    put_date(d, &f, "start", a->start);
    put_date(d, &f, "due", a->due);
    put_list(d, &f, "goals", a->goals, a->n_goals, ", ");
    snprintf(num, sizeof num, "%lld", a->budget);
    put(d, &f, "budget", a->budget < 0 ? NULL : num);
    snprintf(num, sizeof num, "%d", a->weight);
    put(d, &f, "weight", num);
    put(d, &f, "state", ap_state_name(a->state));
    ap_buf sdg = {0};
    for (size_t i = 0; i < a->n_sdgs; i++)
        ap_buf_printf(&sdg, "%s%d", i ? ", " : "", a->sdgs[i]);
    put(d, &f, "sdg", sdg.len ? ap_buf_str(&sdg) : NULL);
    ap_buf_free(&sdg);
    return f;
}

static flat flat_plan(differ *d, const ap_plan_def *p)
{
    flat f = {.entity = "plan", .code = p->id};
    put(d, &f, "title", p->title);
    put(d, &f, "organisation", p->organisation);
    put(d, &f, "period", p->period);
    put_date(d, &f, "adopted", p->adopted);
    put(d, &f, "process_lead", p->process_lead);
    put(d, &f, "description", p->description);
    put(d, &f, "public", p->is_public ? "yes" : "no");
    return f;
}

static const char *entity_label(const char *entity)
{
    if (strcmp(entity, "goal") == 0)
        return TR("mål", "goal");
    if (strcmp(entity, "focus") == 0)
        return TR("fokusområde", "focus area");
    if (strcmp(entity, "initiative") == 0)
        return TR("insatsområde", "initiative area");
    if (strcmp(entity, "activity") == 0)
        return TR("aktivitet", "activity");
    return TR("plan", "plan");
}

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Compare old and new, log and report every changed field. */
static ap_rc compare(differ *d, const flat *old, const flat *now)
{
    for (int i = 0; i < now->n; i++) {
        if (same(old->values[i], now->values[i]))
            continue;
        d->res->changed++;
        ap_buf_printf(&d->res->report, "  %s %s: %s '%s' → '%s'\n", entity_label(now->entity),
                      now->code, now->names[i], old->values[i] ? old->values[i] : "",
                      now->values[i] ? now->values[i] : "");
        if (d->opts->dry_run)
            continue;
        ap_rc rc = ap_store_log_change(d->s, d->plan_id, d->source, d->effective, now->entity,
                                       now->code, now->names[i], old->values[i],
                                       now->values[i], d->err);
        if (rc != AP_OK)
            return rc;
    }
    return AP_OK;
}

/* Something new in the plan: from the effective date on (before it, reports
 * do not show it). */
static ap_rc note_added(differ *d, const char *entity, const char *code)
{
    d->res->added++;
    ap_buf_printf(&d->res->report, TR("  ny: %s %s\n", "  new: %s %s\n"), entity_label(entity),
                  code);
    if (d->opts->dry_run)
        return AP_OK;
    return ap_store_log_change(d->s, d->plan_id, d->source, d->effective, entity, code,
                               "present", NULL, "yes", d->err);
}

/* A state written in the plan file that differs from the file's previous
 * one is a life-cycle change on the effective date, signed by the plan
 * file - unless the activity is in that state already then (a "Genomförd"
 * sent by form is never undone by re-importing the file). */
static ap_rc file_state_changed(differ *d, const ap_def_activity *a)
{
    if (d->opts->dry_run)
        return AP_OK;
    ap_activity_ref ref;
    ap_state_entry *list = NULL;
    size_t n = 0;
    ap_rc rc = ap_store_activity_ref(d->s, d->plan_id, a->code, &ref, d->err);
    if (rc == AP_OK)
        rc = ap_store_state_changes(d->s, ref.id, &list, &n, d->err);
    ap_state then = ref.plan_state;
    for (size_t i = 0; rc == AP_OK && i < n && list[i].date <= d->effective; i++)
        then = list[i].state;
    free(list);
    if (rc != AP_OK || then == a->state)
        return rc;
    return ap_store_insert_state(d->s, ref.id, d->effective, a->state,
                                 TR("planfilen", "the plan file"), NULL, "plan file", d->err);
}

/* The order of the entities of a kind: a file that only reorders them
 * still changes the plan (lists and reports follow the file's order).
 * Additions and removals are reported on their own; only a different order
 * of the codes both have counts here. */
static ap_rc compare_order(differ *d, const char *entity, const char *const *old_codes,
                           size_t nold, const char *const *new_codes, size_t nnew)
{
    ap_strmap in_old = {0}, in_new = {0};
    for (size_t i = 0; i < nold; i++)
        ap_strmap_put(&in_old, old_codes[i], (void *)old_codes[i]);
    for (size_t i = 0; i < nnew; i++)
        ap_strmap_put(&in_new, new_codes[i], (void *)new_codes[i]);
    size_t i = 0, j = 0;
    bool same = true;
    while (same) {
        while (i < nold && !ap_strmap_get(&in_new, old_codes[i]))
            i++;
        while (j < nnew && !ap_strmap_get(&in_old, new_codes[j]))
            j++;
        if (i >= nold || j >= nnew)
            break;
        same = strcmp(old_codes[i++], new_codes[j++]) == 0;
    }
    ap_strmap_free(&in_old);
    ap_strmap_free(&in_new);
    if (same)
        return AP_OK;
    d->res->changed++;
    ap_buf_printf(&d->res->report, TR("  ny ordning: %s\n", "  new order: %s\n"),
                  entity_label(entity));
    if (d->opts->dry_run)
        return AP_OK;
    return ap_store_log_change(d->s, d->plan_id, d->source, d->effective, entity, "*", "order",
                               NULL, NULL, d->err);
}

#define CODES(arr, n, field)                                                                      \
    const char **arr##_codes = ap_arena_alloc(&d->scratch, ((n) + 1) * sizeof(char *));          \
    for (size_t i_ = 0; i_ < (n); i_++)                                                           \
        arr##_codes[i_] = (field);

static ap_rc diff_order(differ *d, const ap_plan_def *old, const ap_plan_def *now)
{
    CODES(og, old->n_goals, old->goals[i_].code)
    CODES(ng, now->n_goals, now->goals[i_].code)
    CODES(of, old->n_focus, old->focus[i_].code)
    CODES(nf, now->n_focus, now->focus[i_].code)
    CODES(oi, old->n_initiatives, old->initiatives[i_].code)
    CODES(ni, now->n_initiatives, now->initiatives[i_].code)
    CODES(oa, old->n_activities, old->activities[i_].code)
    CODES(na, now->n_activities, now->activities[i_].code)
    ap_rc rc = compare_order(d, "goal", og_codes, old->n_goals, ng_codes, now->n_goals);
    if (rc == AP_OK)
        rc = compare_order(d, "focus", of_codes, old->n_focus, nf_codes, now->n_focus);
    if (rc == AP_OK)
        rc = compare_order(d, "initiative", oi_codes, old->n_initiatives, ni_codes,
                           now->n_initiatives);
    if (rc == AP_OK)
        rc = compare_order(d, "activity", oa_codes, old->n_activities, na_codes,
                           now->n_activities);
    return rc;
}

/* Compare every entity of the file with the stored one of the same code. */
static ap_rc diff_all(differ *d, const ap_plan_def *old, const ap_plan_def *now)
{
    flat a = flat_plan(d, old), b = flat_plan(d, now);
    ap_rc rc = compare(d, &a, &b);
    for (size_t i = 0; rc == AP_OK && i < now->n_goals; i++) {
        const ap_def_goal *o = ap_plan_def_goal(old, now->goals[i].code);
        if (!o) {
            rc = note_added(d, "goal", now->goals[i].code);
            continue;
        }
        a = flat_goal(d, o);
        b = flat_goal(d, &now->goals[i]);
        rc = compare(d, &a, &b);
    }
    for (size_t i = 0; rc == AP_OK && i < now->n_focus; i++) {
        const ap_def_focus *o = NULL;
        for (size_t j = 0; j < old->n_focus && !o; j++)
            if (strcmp(old->focus[j].code, now->focus[i].code) == 0)
                o = &old->focus[j];
        if (!o) {
            rc = note_added(d, "focus", now->focus[i].code);
            continue;
        }
        a = flat_focus(d, o);
        b = flat_focus(d, &now->focus[i]);
        rc = compare(d, &a, &b);
    }
    for (size_t i = 0; rc == AP_OK && i < now->n_initiatives; i++) {
        const ap_def_initiative *o = NULL;
        for (size_t j = 0; j < old->n_initiatives && !o; j++)
            if (strcmp(old->initiatives[j].code, now->initiatives[i].code) == 0)
                o = &old->initiatives[j];
        if (!o) {
            rc = note_added(d, "initiative", now->initiatives[i].code);
            continue;
        }
        a = flat_initiative(d, o);
        b = flat_initiative(d, &now->initiatives[i]);
        rc = compare(d, &a, &b);
    }
    ap_strmap old_acts = {0};
    for (size_t j = 0; j < old->n_activities; j++)
        ap_strmap_put(&old_acts, old->activities[j].code, (void *)&old->activities[j]);
    for (size_t i = 0; rc == AP_OK && i < now->n_activities; i++) {
        const ap_def_activity *o = ap_strmap_get(&old_acts, now->activities[i].code);
        if (!o) {
            rc = note_added(d, "activity", now->activities[i].code);
            continue;
        }
        a = flat_activity(d, o);
        b = flat_activity(d, &now->activities[i]);
        rc = compare(d, &a, &b);
        if (rc == AP_OK && o->state != now->activities[i].state)
            rc = file_state_changed(d, &now->activities[i]);
    }
    ap_strmap_free(&old_acts);
    if (rc == AP_OK)
        rc = diff_order(d, old, now);
    return rc;
}

/* ---- what the file no longer has ---------------------------------------- */

typedef struct missing {
    const char *entity;
    const char *code;
} missing;

typedef struct missing_list {
    missing *items;
    size_t n, cap;
} missing_list;

static void add_missing(missing_list *l, const char *entity, const char *code)
{
    ap_grow(&l->items, &l->cap, l->n + 1, sizeof *l->items);
    l->items[l->n++] = (missing){entity, code};
}

static void find_missing(const ap_plan_def *old, const ap_plan_def *now, missing_list *out)
{
    for (size_t i = 0; i < old->n_goals; i++)
        if (!ap_plan_def_goal(now, old->goals[i].code))
            add_missing(out, "goal", old->goals[i].code);
    for (size_t i = 0; i < old->n_focus; i++) {
        bool found = false;
        for (size_t j = 0; j < now->n_focus && !found; j++)
            found = strcmp(now->focus[j].code, old->focus[i].code) == 0;
        if (!found)
            add_missing(out, "focus", old->focus[i].code);
    }
    for (size_t i = 0; i < old->n_initiatives; i++) {
        bool found = false;
        for (size_t j = 0; j < now->n_initiatives && !found; j++)
            found = strcmp(now->initiatives[j].code, old->initiatives[i].code) == 0;
        if (!found)
            add_missing(out, "initiative", old->initiatives[i].code);
    }
    ap_strmap now_acts = {0};
    for (size_t j = 0; j < now->n_activities; j++)
        ap_strmap_put(&now_acts, now->activities[j].code, (void *)&now->activities[j]);
    for (size_t i = 0; i < old->n_activities; i++)
        if (!ap_strmap_get(&now_acts, old->activities[i].code))
            add_missing(out, "activity", old->activities[i].code);
    ap_strmap_free(&now_acts);
}

static ap_rc handle_missing(differ *d, const ap_plan_def *old, const ap_plan_def *now)
{
    missing_list ml = {0};
    find_missing(old, now, &ml);
    const missing *list = ml.items;
    size_t n = ml.n;
    ap_rc rc = AP_OK;
    if (n > 0 && !d->opts->allow_remove) {
        ap_buf names = {0};
        for (size_t i = 0; i < n && i < 8; i++)
            ap_buf_printf(&names, "%s%s %s", i ? ", " : "", entity_label(list[i].entity),
                          list[i].code);
        if (n > 8)
            ap_buf_printf(&names, TR(" och %zu till", " and %zu more"), n - 8);
        rc = ap_error_set(d->err, AP_E_INPUT,
                          TR("%s: filen saknar %s, som finns i databasen; inget importerades. "
                             "Avsluta en aktivitet med 'state = cancelled' i filen, eller kör "
                             "importen med --remove för att markera dem som borttagna (deras "
                             "historik behålls)",
                             "%s: the file lacks %s, which the database holds; nothing was "
                             "imported. End an activity with 'state = cancelled' in the file, or "
                             "import with --remove to mark them removed (their history is kept)"),
                          d->source, ap_buf_str(&names));
        ap_buf_free(&names);
    }
    for (size_t i = 0; rc == AP_OK && i < n; i++) {
        d->res->removed++;
        ap_buf_printf(&d->res->report, TR("  borttagen: %s %s (historiken behålls)\n",
                                          "  removed: %s %s (history kept)\n"),
                      entity_label(list[i].entity), list[i].code);
        if (d->opts->dry_run)
            continue;
        rc = ap_store_mark_removed(d->s, d->plan_id, list[i].entity, list[i].code, d->err);
        if (rc == AP_OK)
            rc = ap_store_log_change(d->s, d->plan_id, d->source, d->effective, list[i].entity,
                                     list[i].code, "present", "yes", "no", d->err);
    }
    free(ml.items);
    return rc;
}

ap_rc ap_import_plan(ap_store *s, const ap_plan_def *def, const char *source_file,
                     const ap_import_opts *opts, ap_import_result *res, ap_error *err)
{
    memset(res, 0, sizeof *res);
    ap_rc rc = ap_store_begin(s, err);
    if (rc != AP_OK)
        return rc;
    ap_plan_def *old = NULL;
    differ d = {.s = s,
                .source = source_file,
                .opts = opts,
                .effective = opts->effective != AP_DATE_NONE ? opts->effective : ap_date_today(),
                .res = res,
                .err = err};
    rc = ap_store_load_def(s, def->id, &old, err);
    if (rc == AP_OK && !old) {
        res->created = true;
        res->added = (int)(def->n_goals + def->n_focus + def->n_initiatives + def->n_activities);
    }
    if (rc == AP_OK && old && (rc = ap_store_plan_resolve(s, def->id, &d.plan_id, err)) == AP_OK)
        rc = diff_all(&d, old, def);
    if (rc == AP_OK && old)
        rc = handle_missing(&d, old, def);
    /* Nothing changed: write nothing (not even a timestamp), so that
     * importing the same file twice leaves the database as it was. */
    bool unchanged = old && res->changed + res->added + res->removed == 0;
    if (rc == AP_OK && !opts->dry_run && !unchanged)
        rc = ap_store_save_def(s, def, source_file, &d.plan_id, err);
    ap_plan_def_free(old);
    ap_arena_free(&d.scratch);
    if (rc == AP_OK && !opts->dry_run)
        return ap_store_commit(s, err);
    ap_store_rollback(s);
    return rc;
}

void ap_import_result_free(ap_import_result *res)
{
    ap_buf_free(&res->report);
}
