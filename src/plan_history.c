/*
 * plan_history.c - the plan as it was on the snapshot's date: each changed
 * attribute of the plan file takes the value in force then; see snapshot.h.
 *
 * The store keeps the plan as the last import left it, and every change an
 * import made in the plan's change log (field, old and new value, the date
 * it takes effect, the recording). The value of a field as of D is the new
 * value of its last change in force by D (effective on or before D, and
 * recorded by the snapshot's recording, snap->upto), or the old value of
 * its first change when none was in force yet. A field whose log does not end in the stored
 * value (changes made before the log existed) is left as stored.
 *
 * Presence is a field too: "present" says whether the entity was in the
 * plan at all; what was not, is dropped from the snapshot (or, for `show`,
 * kept and marked removed).
 *
 * It reads the log through the store (store_rows.h) and knows the snapshot
 * only by its types: snapshot.c calls it, never the other way.
 */
#include "plan_history.h"
#include "store_rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct lookup {
    ap_snapshot *snap;
    ap_strmap activities, initiatives, focus, goals; /* by code */
    bool history; /* collect each activity's plan changes */
} lookup;

/* ---- fields as text, the way import.c writes them into the log --------- */

static const char *date_text(ap_date d, char *buf)
{
    return d == AP_DATE_NONE ? NULL : ap_date_format(d, buf);
}

static const char *list_text(const char *const *items, size_t n, const char *sep, ap_buf *b)
{
    for (size_t i = 0; i < n; i++)
        ap_buf_printf(b, "%s%s", i ? sep : "", items[i]);
    return b->len ? ap_buf_str(b) : NULL;
}

/* The activity's field as text; *known false for a field not kept here. */
static const char *activity_get(const ap_activity *a, const char *f, ap_buf *b, bool *known)
{
    char tmp[32];
    *known = true;
    if (strcmp(f, "title") == 0)
        return a->title;
    if (strcmp(f, "owner") == 0)
        return a->owner;
    if (strcmp(f, "responsible") == 0)
        return a->responsible;
    if (strcmp(f, "participant") == 0)
        return list_text(a->participants, a->n_participants, "; ", b);
    if (strcmp(f, "goals") == 0)
        return list_text(a->goal_codes, a->n_goals, ", ", b);
    if (strcmp(f, "start") == 0 || strcmp(f, "due") == 0) {
        const char *t = date_text(f[0] == 's' ? a->start : a->due, tmp);
        if (t)
            ap_buf_puts(b, t);
        return t ? ap_buf_str(b) : NULL;
    }
    if (strcmp(f, "budget") == 0) {
        if (a->budget < 0)
            return NULL;
        ap_buf_printf(b, "%lld", a->budget);
        return ap_buf_str(b);
    }
    if (strcmp(f, "weight") == 0) {
        ap_buf_printf(b, "%d", a->weight);
        return ap_buf_str(b);
    }
    if (strcmp(f, "sdg") == 0) {
        for (size_t i = 0; i < a->n_sdgs; i++)
            ap_buf_printf(b, "%s%d", i ? ", " : "", a->sdgs[i]);
        return b->len ? ap_buf_str(b) : NULL;
    }
    if (strcmp(f, "present") == 0)
        return a->removed ? "no" : "yes";
    *known = false; /* state: a life-cycle entry of its own */
    return NULL;
}

/* Split text at sep into a list in the arena. */
static size_t split(ap_arena *ar, const char *text, const char *sep, const char ***out)
{
    size_t n = 0, cap = 1;
    for (const char *p = text; p && (p = strstr(p, sep)); p += strlen(sep))
        cap++;
    *out = ap_arena_alloc(ar, (cap + 1) * sizeof **out);
    for (const char *p = text; p && *p;) {
        const char *end = strstr(p, sep);
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char *item = ap_arena_alloc(ar, len + 1);
        memcpy(item, p, len);
        (*out)[n++] = item;
        p = end ? end + strlen(sep) : p + len;
    }
    return n;
}

static void activity_set(ap_snapshot *snap, ap_activity *a, const char *f, const char *v)
{
    ap_arena *ar = &snap->arena;
    const char *copy = v ? ap_arena_strdup(ar, v) : NULL;
    long long num = 0;
    if (strcmp(f, "title") == 0)
        a->title = copy ? copy : "";
    else if (strcmp(f, "owner") == 0)
        a->owner = copy ? copy : "";
    else if (strcmp(f, "responsible") == 0)
        a->responsible = copy;
    else if (strcmp(f, "participant") == 0)
        a->n_participants = split(ar, v, "; ", &a->participants);
    else if (strcmp(f, "goals") == 0)
        a->n_goals = split(ar, v, ", ", &a->goal_codes);
    else if (strcmp(f, "start") == 0 && !(v && ap_date_parse(v, &a->start)))
        a->start = AP_DATE_NONE;
    else if (strcmp(f, "due") == 0 && !(v && ap_date_parse(v, &a->due)))
        a->due = AP_DATE_NONE;
    else if (strcmp(f, "budget") == 0)
        a->budget = v && ap_parse_int(v, 0, INT64_MAX / 4, &num) ? num : -1;
    else if (strcmp(f, "weight") == 0 && v && ap_parse_int(v, 1, 1000000, &num))
        a->weight = (int)num;
    else if (strcmp(f, "sdg") == 0) {
        const char **items;
        size_t k = split(ar, v, ", ", &items);
        a->n_sdgs = 0;
        for (size_t i = 0; i < k && a->n_sdgs < AP_SDG_MAX; i++)
            if (ap_parse_int(items[i], 1, 17, &num))
                a->sdgs[a->n_sdgs++] = (int)num;
    } else if (strcmp(f, "present") == 0)
        a->removed = !(v && strcmp(v, "yes") == 0);
}

/* A goal's field as text (the way import.c logs it); *known false for
 * none. */
static const char *goal_get(const ap_goal *g, const char *f, ap_buf *b, bool *known)
{
    char tmp[11];
    *known = true;
    if (strcmp(f, "title") == 0)
        return g->title;
    if (strcmp(f, "indicator") == 0)
        return g->indicator;
    if (strcmp(f, "unit") == 0)
        return g->unit;
    if (strcmp(f, "kind") == 0)
        return ap_goal_kind_name(g->kind);
    if (strcmp(f, "baseline") == 0 || strcmp(f, "target") == 0) {
        ap_buf_printf(b, "%.15g", f[0] == 'b' ? g->baseline : g->target);
        return ap_buf_str(b);
    }
    if (strcmp(f, "baseline_date") == 0 || strcmp(f, "target_date") == 0) {
        const char *t = date_text(f[0] == 'b' ? g->baseline_date : g->target_date, tmp);
        if (t)
            ap_buf_puts(b, t);
        return t ? ap_buf_str(b) : NULL;
    }
    if (strcmp(f, "present") == 0)
        return g->removed ? "no" : "yes";
    *known = false;
    return NULL;
}

static void goal_set(ap_snapshot *snap, ap_goal *g, const char *f, const char *v)
{
    const char *copy = v ? ap_arena_strdup(&snap->arena, v) : NULL;
    if (strcmp(f, "title") == 0)
        g->title = copy ? copy : "";
    else if (strcmp(f, "indicator") == 0)
        g->indicator = copy;
    else if (strcmp(f, "unit") == 0)
        g->unit = copy;
    else if (strcmp(f, "kind") == 0 && v)
        ap_goal_kind_parse(v, &g->kind);
    else if (strcmp(f, "baseline") == 0 && v)
        g->baseline = strtod(v, NULL);
    else if (strcmp(f, "target") == 0 && v)
        g->target = strtod(v, NULL);
    else if (strcmp(f, "baseline_date") == 0 && !(v && ap_date_parse(v, &g->baseline_date)))
        g->baseline_date = AP_DATE_NONE;
    else if (strcmp(f, "target_date") == 0 && !(v && ap_date_parse(v, &g->target_date)))
        g->target_date = AP_DATE_NONE;
    else if (strcmp(f, "present") == 0)
        g->removed = !(v && strcmp(v, "yes") == 0);
}

/* Focus areas, initiative areas and the plan: text fields and presence. */
static const char **text_field(void *node, const char *entity, const char *f)
{
    if (strcmp(entity, "focus") == 0) {
        ap_focus *x = node;
        return strcmp(f, "title") == 0 ? &x->title : strcmp(f, "lead") == 0 ? &x->lead : NULL;
    }
    if (strcmp(entity, "initiative") == 0) {
        ap_initiative *x = node;
        return strcmp(f, "title") == 0      ? &x->title
               : strcmp(f, "approach") == 0 ? &x->approach
                                            : NULL;
    }
    ap_snapshot *p = node;
    return strcmp(f, "title") == 0          ? &p->title
           : strcmp(f, "organisation") == 0 ? &p->organisation
           : strcmp(f, "period") == 0       ? &p->period
           : strcmp(f, "process_lead") == 0 ? &p->process_lead
           : strcmp(f, "description") == 0  ? &p->description
                                            : NULL;
}

static bool *removed_flag(void *node, const char *entity)
{
    if (strcmp(entity, "focus") == 0)
        return &((ap_focus *)node)->removed;
    if (strcmp(entity, "initiative") == 0)
        return &((ap_initiative *)node)->removed;
    return NULL;
}

/* ---- one field's history ------------------------------------------------- */

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The value in force on the snapshot's date; NULL in *value for "not set".
 * false when the log does not end in the stored value. */
static bool value_then(const ap_snapshot *snap, const ap_plan_edit *e, size_t n,
                       const char *stored, const char **value)
{
    if (!same(e[n - 1].new_value, stored))
        return false;
    *value = e[0].old_value;
    for (size_t i = 0; i < n; i++)
        if ((snap->upto <= 0 || e[i].rec <= snap->upto) &&
            (e[i].effective == AP_DATE_NONE || e[i].effective <= snap->as_of))
            *value = e[i].new_value;
    return true;
}

static void *find_node(lookup *lk, const char *entity, const char *code)
{
    if (strcmp(entity, "activity") == 0)
        return ap_strmap_get(&lk->activities, code);
    if (strcmp(entity, "initiative") == 0)
        return ap_strmap_get(&lk->initiatives, code);
    if (strcmp(entity, "focus") == 0)
        return ap_strmap_get(&lk->focus, code);
    if (strcmp(entity, "plan") == 0)
        return lk->snap;
    if (strcmp(entity, "goal") == 0)
        return ap_strmap_get(&lk->goals, code);
    return NULL;
}

/* Whether a plan change belongs in the change list: in force within
 * (since, as_of], or recorded after the previous pack though in force
 * earlier (late). Changes from the beginning (the first import) are not
 * news. */
static bool listed(const ap_snapshot *snap, const ap_plan_edit *e, bool *late)
{
    bool seen = snap->upto <= 0 || e->rec <= snap->upto;
    *late = false;
    if (!seen || e->effective == AP_DATE_NONE || snap->since == AP_DATE_NONE ||
        snap->since >= snap->as_of || strcmp(e->field, "state") == 0)
        return false;
    if (e->effective > snap->since && e->effective <= snap->as_of)
        return true;
    *late = snap->late_after > 0 && e->rec > snap->late_after && e->effective <= snap->since;
    return *late;
}

/* A plan change as an entry of the change list. */
static ap_change as_change(ap_snapshot *snap, const ap_activity *a, const ap_plan_edit *e,
                           bool late)
{
    ap_arena *ar = &snap->arena;
    return (ap_change){.code = a->code,
                       .title = a->title,
                       .kind = AP_CHANGE_PLAN,
                       .date = e->effective,
                       .seq = e->rec,
                       .by = ap_arena_strdup(ar, e->source ? e->source : ""),
                       .late = late,
                       .recorded_at = ap_arena_strdup(ar, e->recorded_at ? e->recorded_at : ""),
                       .field = ap_arena_strdup(ar, e->field),
                       .old_value = e->old_value ? ap_arena_strdup(ar, e->old_value) : NULL,
                       .new_value = e->new_value ? ap_arena_strdup(ar, e->new_value) : NULL};
}

/* The activity's own plan changes in force by the date (for `show`). */
static void note_history(ap_snapshot *snap, ap_activity *a, const ap_plan_edit *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (e[i].effective == AP_DATE_NONE || e[i].effective > snap->as_of ||
            (snap->upto > 0 && e[i].rec > snap->upto) || strcmp(e[i].field, "state") == 0)
            continue;
        ap_activity_history *h = a->history;
        ap_change *list = ap_arena_alloc(&snap->arena, (h->n_plan_edits + 1) * sizeof *list);
        if (h->n_plan_edits)
            memcpy(list, h->plan_edits, h->n_plan_edits * sizeof *list);
        list[h->n_plan_edits++] = as_change(snap, a, &e[i], false);
        h->plan_edits = list;
    }
}

static void note_changes(ap_snapshot *snap, const ap_activity *a, const ap_plan_edit *e,
                         size_t n)
{
    for (size_t i = 0; i < n; i++) {
        bool late;
        if (!listed(snap, &e[i], &late))
            continue;
        ap_grow(&snap->plan_changes, &snap->cap_plan_changes, snap->n_plan_changes + 1,
                sizeof *snap->plan_changes);
        snap->plan_changes[snap->n_plan_changes++] = as_change(snap, a, &e[i], late);
    }
}

static void apply_field(lookup *lk, const ap_plan_edit *e, size_t n)
{
    void *node = find_node(lk, e[0].entity, e[0].code);
    if (!node)
        return;
    const char *field = e[0].field;
    const char *value, *stored;
    ap_buf b = {0};
    if (strcmp(e[0].entity, "activity") == 0) {
        bool known;
        note_changes(lk->snap, node, e, n);
        if (lk->history)
            note_history(lk->snap, node, e, n);
        stored = activity_get(node, field, &b, &known);
        if (known && value_then(lk->snap, e, n, stored, &value) && !same(value, stored))
            activity_set(lk->snap, node, field, value);
    } else if (strcmp(e[0].entity, "goal") == 0) {
        bool known;
        stored = goal_get(node, field, &b, &known);
        if (known && value_then(lk->snap, e, n, stored, &value) && !same(value, stored))
            goal_set(lk->snap, node, field, value);
    } else if (strcmp(field, "present") == 0) {
        bool *removed = removed_flag(node, e[0].entity);
        if (removed && value_then(lk->snap, e, n, *removed ? "no" : "yes", &value))
            *removed = !same(value, "yes");
    } else {
        const char **slot = text_field(node, e[0].entity, field);
        if (slot && value_then(lk->snap, e, n, *slot, &value) && !same(value, *slot))
            *slot = value ? ap_arena_strdup(&lk->snap->arena, value) : NULL;
    }
    ap_buf_free(&b);
}

/* ---- dropping what was not in the plan --------------------------------- */

static void compact(ap_snapshot *snap, bool keep_removed)
{
    ap_arena *ar = &snap->arena;
    size_t ng = 0;
    for (size_t i = 0; i < snap->n_goals; i++)
        if (!snap->goals[i].removed)
            snap->goals[ng++] = snap->goals[i];
    snap->n_goals = ng;
    ap_focus **fmap = ap_xcalloc(snap->n_focus + 1, sizeof *fmap);
    ap_focus *focus = ap_arena_alloc(ar, (snap->n_focus + 1) * sizeof *focus);
    size_t nf = 0;
    for (size_t i = 0; i < snap->n_focus; i++)
        if (!snap->focus[i].removed) {
            focus[nf] = snap->focus[i];
            fmap[i] = &focus[nf++];
        }
    ap_initiative **imap = ap_xcalloc(snap->n_initiatives + 1, sizeof *imap);
    ap_initiative *inits = ap_arena_alloc(ar, (snap->n_initiatives + 1) * sizeof *inits);
    size_t ni = 0;
    for (size_t i = 0; i < snap->n_initiatives; i++) {
        ap_initiative *in = &snap->initiatives[i];
        ap_focus *f = in->focus ? fmap[in->focus - snap->focus] : NULL;
        if (in->removed || !f)
            continue;
        inits[ni] = *in;
        inits[ni].focus = f;
        imap[i] = &inits[ni++];
    }
    size_t na = 0;
    for (size_t i = 0; i < snap->n_activities; i++) {
        ap_activity a = snap->activities[i];
        ap_initiative *in = imap[a.initiative - snap->initiatives];
        if (!in || (a.removed && !keep_removed))
            continue;
        a.initiative = in;
        a.focus = in->focus;
        snap->activities[na++] = a;
    }
    snap->focus = focus;
    snap->n_focus = nf;
    snap->initiatives = inits;
    snap->n_initiatives = ni;
    snap->n_activities = na;
    free(fmap);
    free(imap);
}

static int by_recording(const void *x, const void *y)
{
    const ap_change *a = x, *b = y;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

ap_rc ap_snapshot_plan_as_of(ap_store *s, ap_snapshot *snap, bool keep_removed, bool history,
                             ap_error *err)
{
    ap_arena tmp = {0};
    ap_plan_edit *e = NULL;
    size_t n = 0;
    ap_rc rc = ap_store_plan_edits(s, snap->plan_id, NULL, &tmp, &e, &n, err);
    if (rc == AP_OK && n > 0) {
        lookup lk = {.snap = snap, .history = history};
        for (size_t i = 0; i < snap->n_activities; i++)
            ap_strmap_put(&lk.activities, snap->activities[i].code, &snap->activities[i]);
        for (size_t i = 0; i < snap->n_initiatives; i++)
            ap_strmap_put(&lk.initiatives, snap->initiatives[i].code, &snap->initiatives[i]);
        for (size_t i = 0; i < snap->n_focus; i++)
            ap_strmap_put(&lk.focus, snap->focus[i].code, &snap->focus[i]);
        for (size_t i = 0; i < snap->n_goals; i++)
            ap_strmap_put(&lk.goals, snap->goals[i].code, &snap->goals[i]);
        for (size_t i = 0, j; i < n; i = j) {
            for (j = i + 1; j < n && strcmp(e[j].entity, e[i].entity) == 0 &&
                            strcmp(e[j].code, e[i].code) == 0 &&
                            strcmp(e[j].field, e[i].field) == 0;
                 j++)
                ;
            apply_field(&lk, &e[i], j - i);
        }
        ap_strmap_free(&lk.activities);
        ap_strmap_free(&lk.initiatives);
        ap_strmap_free(&lk.focus);
        ap_strmap_free(&lk.goals);
        /* qsort must not be given NULL, even for no edits */
        for (size_t i = 0; history && i < snap->n_activities; i++) {
            ap_activity_history *h = snap->activities[i].history;
            if (h->n_plan_edits > 1)
                qsort(h->plan_edits, h->n_plan_edits, sizeof(ap_change), by_recording);
        }
    }
    ap_arena_free(&tmp);
    if (rc == AP_OK)
        compact(snap, keep_removed);
    return rc;
}
