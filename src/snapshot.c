/*
 * snapshot.c - load a plan as of a date and evaluate it; see snapshot.h.
 *
 * Loading streams the history tables in (activity, date, recording) order
 * with only ids, dates, colours and costs, keeps per activity what the rules
 * need (the entry that supersedes all others, the state as of the date),
 * and then fetches the full rows only for what is shown: the last update,
 * the last decision, changes in the window and, on request, full history.
 * Memory stays proportional to the plan, not to its history.
 */
#include "actionplan/snapshot.h"
#include "plan_history.h"
#include "store_rows.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* =========================================================================
 * Index by id
 * ========================================================================= */

static int cmp_by_id(const void *a, const void *b)
{
    const ap_activity *x = *(ap_activity *const *)a, *y = *(ap_activity *const *)b;
    return (x->id > y->id) - (x->id < y->id);
}

/* The id index, built once the activities are read and again once
 * plan_history.c has dropped what was not in the plan. */
static void build_index(ap_snapshot *snap)
{
    snap->by_id = ap_arena_alloc(&snap->arena, (snap->n_activities + 1) * sizeof *snap->by_id);
    for (size_t i = 0; i < snap->n_activities; i++)
        snap->by_id[i] = &snap->activities[i];
    qsort(snap->by_id, snap->n_activities, sizeof *snap->by_id, cmp_by_id);
}

/* An activity by database id in O(log n); NULL when absent. */
static ap_activity *activity_by_id(const ap_snapshot *snap, int64_t id)
{
    size_t lo = 0, hi = snap->n_activities;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int64_t mid_id = snap->by_id[mid]->id;
        if (mid_id == id)
            return snap->by_id[mid];
        if (mid_id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* =========================================================================
 * The tree, from the store's rows: the one place where rows become the
 * snapshot's structures
 * ========================================================================= */

static void tree_plan(ap_snapshot *snap, const ap_plan_row *p)
{
    snap->plan_id = p->id;
    snap->key = p->key;
    snap->title = p->title;
    snap->organisation = p->organisation;
    snap->period = p->period;
    snap->adopted = p->adopted;
    snap->process_lead = p->process_lead;
    snap->description = p->description;
}

static void tree_goals(ap_snapshot *snap, const ap_plan_rows *r)
{
    snap->goals = ap_arena_alloc(&snap->arena, (r->n_goals + 1) * sizeof *snap->goals);
    for (size_t i = 0; i < r->n_goals; i++) {
        const ap_goal_row *x = &r->goals[i];
        snap->goals[snap->n_goals++] = (ap_goal){.id = x->id,
                                                 .removed = x->removed,
                                                 .code = x->code,
                                                 .title = x->title,
                                                 .indicator = x->indicator,
                                                 .unit = x->unit,
                                                 .kind = x->kind,
                                                 .baseline = x->baseline,
                                                 .target = x->target,
                                                 .baseline_date = x->baseline_date,
                                                 .target_date = x->target_date};
    }
}

/* Focus areas and initiative areas, each initiative area linked to its
 * focus area (rows and structures share their index). */
static void tree_areas(ap_snapshot *snap, const ap_plan_rows *r)
{
    ap_arena *a = &snap->arena;
    snap->focus = ap_arena_alloc(a, (r->n_focus + 1) * sizeof *snap->focus);
    for (size_t i = 0; i < r->n_focus; i++) {
        const ap_focus_row *x = &r->focus[i];
        snap->focus[snap->n_focus++] =
            (ap_focus){.code = x->code, .title = x->title, .lead = x->lead, .removed = x->removed};
    }
    snap->initiatives = ap_arena_alloc(a, (r->n_initiatives + 1) * sizeof *snap->initiatives);
    for (size_t i = 0; i < r->n_initiatives; i++) {
        const ap_initiative_row *x = &r->initiatives[i];
        ap_initiative *in = &snap->initiatives[snap->n_initiatives++];
        *in = (ap_initiative){
            .code = x->code, .title = x->title, .approach = x->approach, .removed = x->removed};
        for (size_t f = 0; f < r->n_focus && !in->focus; f++)
            if (r->focus[f].id == x->focus_id)
                in->focus = &snap->focus[f];
    }
}

static void tree_activities(ap_snapshot *snap, const ap_plan_rows *r)
{
    ap_arena *a = &snap->arena;
    snap->activities = ap_arena_alloc(a, (r->n_activities + 1) * sizeof *snap->activities);
    ap_initiative *in = NULL;
    int64_t in_id = 0;
    const char **none = ap_arena_alloc(a, sizeof *none); /* every empty list, shared */
    for (size_t i = 0; i < r->n_activities; i++) {
        const ap_activity_row *x = &r->activities[i];
        if (!in || x->initiative_id != in_id) { /* rows come grouped by initiative area */
            in = NULL;
            in_id = x->initiative_id;
            for (size_t k = 0; k < r->n_initiatives && !in; k++)
                if (r->initiatives[k].id == in_id)
                    in = &snap->initiatives[k];
        }
        if (!in || !in->focus)
            continue;
        ap_activity *act = &snap->activities[snap->n_activities++];
        *act = (ap_activity){.id = x->id,
                             .code = x->code,
                             .title = x->title,
                             .owner = x->owner,
                             .responsible = x->responsible,
                             .participants = none,
                             .start = x->start,
                             .due = x->due,
                             .budget = x->budget,
                             .weight = x->weight,
                             .plan_state = x->initial_state,
                             .goal_codes = none,
                             .removed = x->removed,
                             .initiative = in,
                             .focus = in->focus};
    }
}

/* Participants, goal codes and SDGs: each run of list rows (one kind, one
 * activity) becomes one list. */
static void tree_lists(ap_snapshot *snap, const ap_plan_rows *r)
{
    for (size_t i = 0, j; i < r->n_lists; i = j) {
        const ap_list_row *l = &r->lists[i];
        for (j = i + 1; j < r->n_lists && r->lists[j].kind == l->kind &&
                        r->lists[j].activity_id == l->activity_id;
             j++)
            ;
        ap_activity *act = activity_by_id(snap, l->activity_id);
        if (!act)
            continue;
        if (l->kind == AP_LIST_SDG) {
            for (size_t k = i; k < j && act->n_sdgs < AP_SDG_MAX; k++)
                act->sdgs[act->n_sdgs++] = r->lists[k].sdg;
            continue;
        }
        const char **items = ap_arena_alloc(&snap->arena, (j - i + 1) * sizeof *items);
        for (size_t k = i; k < j; k++)
            items[k - i] = r->lists[k].text;
        if (l->kind == AP_LIST_PARTICIPANT) {
            act->participants = items;
            act->n_participants = j - i;
        } else {
            act->goal_codes = items;
            act->n_goals = j - i;
        }
    }
}

/* The plan's structure as stored (removed entities too: plan_history.c
 * says what was in the plan on the date). */
static ap_rc read_tree(ap_store *s, int64_t plan_id, ap_snapshot *snap, ap_intern *names,
                       ap_error *err)
{
    ap_plan_rows rows;
    ap_rc rc = ap_store_read_plan(s, plan_id, &snap->arena, names, &rows, err);
    if (rc != AP_OK)
        return rc;
    tree_plan(snap, &rows.plan);
    tree_goals(snap, &rows);
    tree_areas(snap, &rows);
    tree_activities(snap, &rows);
    build_index(snap);
    tree_lists(snap, &rows);
    ap_plan_rows_free(&rows);
    return AP_OK;
}

static ap_rc read_measurements(ap_store *s, ap_snapshot *snap, ap_error *err)
{
    ap_rc rc = AP_OK;
    for (size_t i = 0; rc == AP_OK && i < snap->n_goals; i++) {
        ap_goal *g = &snap->goals[i];
        rc = ap_store_read_measurements(s, g->id, snap->as_of, &snap->arena, &g->measurements,
                                        &g->n_measurements, err);
    }
    return rc;
}

/* =========================================================================
 * The scan: streams of light history rows
 * ========================================================================= */

/* An entry to fetch in full once the streams are read. */
/* 24 bytes: a year of a large plan's window has over a million of them. */
typedef struct pending {
    ap_activity *act;
    int64_t id;
    ap_date date;
    int8_t kind;     /* ap_history_kind */
    int8_t from, to; /* ap_color or ap_state; from -1: not known */
    bool late;
} pending;

typedef struct pending_list {
    pending *items;
    size_t n, cap;
} pending_list;

/* Per-activity scan state, indexed like snap->activities. */
typedef struct scan_slot {
    int64_t last_id; /* the entry that supersedes the others so far */
    ap_date last_date;
    int last_value;
    int n;           /* entries seen */
} scan_slot;

/* What a streamed row is for:
 *   SEED     the latest entry as of the window's start (or as of the date)
 *   WINDOW   an entry in (since, as_of]: it supersedes the one before, and
 *            a change is noted
 *   LATE     an entry dated on or before since but recorded after the
 *            previous pack: noted as a late change (the seed has it already)
 *   HISTORY  every entry, for `show` */
typedef enum { PHASE_SEED, PHASE_WINDOW, PHASE_LATE, PHASE_HISTORY } scan_phase;

typedef struct scan {
    ap_snapshot *snap;
    const ap_snapshot_opts *opts;
    ap_history_kind kind;   /* the stream being read */
    scan_phase phase;
    scan_slot *slots;       /* the picture as of the date */
    scan_slot *hslots;      /* the replay of the whole history (show) */
    pending_list window;    /* changes in (since, as_of] */
    pending_list history;   /* every entry, with opts.history */
    ap_intern names;        /* who signed, where from, when recorded; owners, people */
} scan;

static void pending_add(pending_list *l, ap_history_kind kind, ap_activity *act,
                        const ap_history_row *row, int from, bool late)
{
    ap_grow(&l->items, &l->cap, l->n + 1, sizeof *l->items);
    l->items[l->n++] =
        (pending){act, row->id, row->date, (int8_t)kind, (int8_t)from, (int8_t)row->value, late};
}

/* Let row supersede what the slot holds when it is later (rules.h). */
static void supersede(scan_slot *slot, const ap_history_row *row)
{
    if (slot->n++ == 0 ||
        ap_rules_supersedes(row->date, row->id, slot->last_date, slot->last_id)) {
        slot->last_id = row->id;
        slot->last_date = row->date;
        slot->last_value = row->value;
    }
}

/* One row of any stream, used as its phase says. */
static ap_rc on_row(void *user, const ap_history_row *row, ap_error *err)
{
    scan *sc = user;
    (void)err;
    ap_activity *a = activity_by_id(sc->snap, row->activity_id);
    if (!a)
        return AP_OK;
    if (sc->phase == PHASE_LATE) {
        pending_add(&sc->window, sc->kind, a, row, -1, true);
        return AP_OK;
    }
    size_t i = (size_t)(a - sc->snap->activities);
    scan_slot *slot = sc->phase == PHASE_HISTORY ? &sc->hslots[i] : &sc->slots[i];
    int before = slot->n                        ? slot->last_value
                 : sc->kind == AP_HIST_STATES ? (int)a->plan_state
                                              : (int)AP_COLOR_NONE;
    supersede(slot, row);
    /* Every entry in the window is news for the next pack, a report that
     * keeps its colour too ("Grön → Grön"): each entry made after a pack
     * is listed in exactly one later pack (docs/rules.md, "Time"). */
    if (sc->phase == PHASE_WINDOW)
        pending_add(&sc->window, sc->kind, a, row, before, false);
    if (sc->phase == PHASE_HISTORY)
        pending_add(&sc->history, sc->kind, a, row, before, false);
    return AP_OK;
}

static ap_rc on_spent(void *user, const ap_history_row *row, ap_error *err)
{
    scan *sc = user;
    (void)err;
    ap_activity *a = activity_by_id(sc->snap, row->activity_id);
    if (a)
        a->spent = row->cost > 0 ? row->cost : 0;
    return AP_OK;
}

/* Read one kind of history: the latest entry per activity as of the
 * window's start by index seeks, then the window's entries, then (for
 * `show`) the whole history. */
static ap_rc run_stream(ap_store *s, scan *sc, ap_history_kind kind, ap_error *err)
{
    ap_snapshot *snap = sc->snap;
    int64_t only = sc->opts->only_activity;
    bool window = snap->since != AP_DATE_NONE && snap->since < snap->as_of;
    sc->kind = kind;
    memset(sc->slots, 0, (snap->n_activities + 1) * sizeof *sc->slots);
    sc->phase = PHASE_SEED;
    ap_rc rc = ap_store_scan_latest(s, kind, snap->plan_id, only,
                                    window ? snap->since : snap->as_of, on_row, sc, err);
    if (rc == AP_OK && window) {
        sc->phase = PHASE_WINDOW;
        rc = ap_store_scan_history(s, kind, snap->plan_id, only, snap->since, snap->as_of, 0,
                                   on_row, sc, err);
    }
    if (rc == AP_OK && window && snap->late_after > 0) {
        sc->phase = PHASE_LATE;
        rc = ap_store_scan_history(s, kind, snap->plan_id, only, AP_DATE_NONE, snap->since,
                                   snap->late_after, on_row, sc, err);
    }
    if (rc == AP_OK && sc->opts->history) {
        memset(sc->hslots, 0, (snap->n_activities + 1) * sizeof *sc->hslots);
        sc->phase = PHASE_HISTORY;
        rc = ap_store_scan_history(s, kind, snap->plan_id, only, AP_DATE_NONE, snap->as_of, 0,
                                   on_row, sc, err);
    }
    return rc;
}

/* =========================================================================
 * The passes
 * ========================================================================= */

static ap_rc pass_states(ap_store *s, scan *sc, ap_error *err)
{
    ap_rc rc = run_stream(s, sc, AP_HIST_STATES, err);
    for (size_t i = 0; rc == AP_OK && i < sc->snap->n_activities; i++) {
        ap_activity *a = &sc->snap->activities[i];
        const scan_slot *slot = &sc->slots[i];
        a->state = slot->n ? (ap_state)slot->last_value : a->plan_state;
        a->state_since = slot->n ? slot->last_date : AP_DATE_NONE;
        a->completed_on = a->state == AP_STATE_COMPLETED ? a->state_since : AP_DATE_NONE;
    }
    return rc;
}

static ap_rc pass_updates(ap_store *s, scan *sc, ap_error *err)
{
    ap_snapshot *snap = sc->snap;
    ap_rc rc = run_stream(s, sc, AP_HIST_UPDATES, err);
    if (rc == AP_OK)
        rc = ap_store_scan_spent(s, snap->plan_id, sc->opts->only_activity, snap->as_of,
                                 on_spent, sc, err);
    for (size_t i = 0; rc == AP_OK && i < snap->n_activities; i++) {
        ap_activity *a = &snap->activities[i];
        a->has_update = sc->slots[i].n > 0;
        if (a->has_update)
            rc = ap_store_get_update_in(s, sc->slots[i].last_id, &snap->arena, &sc->names,
                                        &a->last, err);
    }
    return rc;
}

/* One of the spell's texts: the last report's when it gives one, else the
 * latest report of the spell that does (rule: docs/rules.md). */
static ap_rc spell_text(ap_store *s, scan *sc, ap_activity *a, bool action,
                        const char **text, ap_date *date, ap_error *err)
{
    const char *own = action ? a->last.action : a->last.cause;
    *text = NULL;
    *date = AP_DATE_NONE;
    if (!ap_blank(own)) {
        *text = own;
        *date = a->last.date;
        return AP_OK;
    }
    int64_t id = 0;
    ap_rc rc = ap_store_spell_source(s, a->id, sc->snap->as_of, action, &id, err);
    if (rc != AP_OK || id == 0)
        return rc;
    ap_update u;
    rc = ap_store_get_update_in(s, id, &sc->snap->arena, &sc->names, &u, err);
    if (rc == AP_OK) {
        *text = action ? u.action : u.cause;
        *date = u.date;
    }
    return rc;
}

/* The cause and action of every deviating activity's spell. */
static ap_rc pass_spells(ap_store *s, scan *sc, ap_error *err)
{
    ap_snapshot *snap = sc->snap;
    ap_rc rc = AP_OK;
    for (size_t i = 0; rc == AP_OK && i < snap->n_activities; i++) {
        ap_activity *a = &snap->activities[i];
        if (!a->has_update || (a->last.color != AP_COLOR_YELLOW && a->last.color != AP_COLOR_RED))
            continue;
        rc = spell_text(s, sc, a, false, &a->cause, &a->cause_date, err);
        if (rc == AP_OK)
            rc = spell_text(s, sc, a, true, &a->action, &a->action_date, err);
    }
    return rc;
}

static ap_rc pass_decisions(ap_store *s, scan *sc, ap_error *err)
{
    ap_snapshot *snap = sc->snap;
    ap_rc rc = run_stream(s, sc, AP_HIST_DECISIONS, err);
    for (size_t i = 0; rc == AP_OK && i < snap->n_activities; i++) {
        ap_activity *a = &snap->activities[i];
        a->has_decision = sc->slots[i].n > 0;
        if (a->has_decision)
            rc = ap_store_get_decision_in(s, sc->slots[i].last_id, &snap->arena, &sc->names,
                                          &a->last_decision, err);
    }
    return rc;
}

/* The change list: full rows for the window's entries, in date order. */
static int cmp_change(const void *x, const void *y)
{
    const ap_change *a = x, *b = y;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    if (a->activity && b->activity && a->activity != b->activity)
        return a->activity < b->activity ? -1 : 1; /* plan order */
    int code = strcmp(a->code, b->code);
    if (code != 0)
        return code < 0 ? -1 : 1;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

/* Put the change list in order (cmp_change) through an index: sorting the
 * array itself would have qsort take a copy of it (a year of a large plan's
 * changes is over 100 MB), the index is a twentieth of that. */
static _Thread_local const ap_change *sort_base; /* qsort has no user pointer */

static int cmp_change_at(const void *x, const void *y)
{
    return cmp_change(&sort_base[*(const uint32_t *)x], &sort_base[*(const uint32_t *)y]);
}

static void sort_changes(ap_change *c, size_t n)
{
    if (n < 2)
        return;
    if (n > UINT32_MAX) {
        qsort(c, n, sizeof *c, cmp_change);
        return;
    }
    uint32_t *order = ap_xmalloc(n * sizeof *order);
    for (size_t i = 0; i < n; i++)
        order[i] = (uint32_t)i;
    sort_base = c;
    qsort(order, n, sizeof *order, cmp_change_at);
    sort_base = NULL;
    /* c[i] = old c[order[i]], cycle by cycle, in place */
    for (size_t i = 0; i < n; i++) {
        if (order[i] == i)
            continue;
        ap_change held = c[i];
        size_t j = i;
        while (order[j] != i) {
            size_t k = order[j];
            c[j] = c[k];
            order[j] = (uint32_t)j;
            j = k;
        }
        c[j] = held;
        order[j] = (uint32_t)j;
    }
    free(order);
}

static ap_rc build_changes(ap_store *s, scan *sc, ap_error *err)
{
    ap_snapshot *snap = sc->snap;
    ap_arena *ar = &snap->changes_arena;
    pending_list *w = &sc->window;
    if (w->cap > w->n + 1) { /* what its doubling left unused, before the list is made */
        w->items = ap_xrealloc(w->items, (w->n + 1) * sizeof *w->items);
        w->cap = w->n + 1;
    }
    size_t n = w->n + snap->n_plan_changes;
    snap->changes = ap_arena_alloc(ar, (n + 1) * sizeof *snap->changes);
    for (size_t i = 0; i < snap->n_plan_changes; i++) {
        ap_change *c = &snap->changes[snap->n_changes++];
        *c = snap->plan_changes[i];
        c->activity = ap_snapshot_activity(snap, c->code); /* NULL once removed */
        if (c->activity)
            c->title = c->activity->title; /* as of the date */
    }
    free(snap->plan_changes);
    snap->plan_changes = NULL;
    snap->n_plan_changes = snap->cap_plan_changes = 0;
    /* From the last entry back, handing the pending list's memory back as
     * the texts come in (the sort below puts the list in order). */
    while (w->n > 0) {
        const pending *p = &w->items[--w->n];
        ap_change *c = &snap->changes[snap->n_changes++];
        c->activity = p->act;
        c->code = p->act->code;
        c->title = p->act->title;
        c->date = p->date;
        c->seq = p->id;
        c->from = p->from;
        c->to = p->to;
        c->late = p->late;
        static const ap_change_kind kinds[] = {[AP_HIST_UPDATES] = AP_CHANGE_STATUS,
                                               [AP_HIST_STATES] = AP_CHANGE_STATE,
                                               [AP_HIST_DECISIONS] = AP_CHANGE_DECISION};
        c->kind = kinds[p->kind];
        ap_entry_note note;
        ap_rc rc = ap_store_get_entry_note(s, (ap_history_kind)p->kind, p->id, ar, &sc->names,
                                           &note, err);
        if (rc != AP_OK)
            return rc;
        c->by = note.by;
        c->text = note.text;
        c->recorded_at = note.recorded_at;
        if (w->n > 0 && w->n % 65536 == 0) {
            w->items = ap_xrealloc(w->items, w->n * sizeof *w->items);
            w->cap = w->n;
        }
    }
    free(w->items);
    *w = (pending_list){0};
    sort_changes(snap->changes, snap->n_changes);
    return AP_OK;
}

/* Every activity's history: its own with opts.history, else one shared
 * empty one (never NULL, so that readers need not ask). */
static void attach_history(ap_snapshot *snap, bool history)
{
    ap_activity_history *h =
        ap_arena_alloc(&snap->arena, (history ? snap->n_activities + 1 : 1) * sizeof *h);
    for (size_t i = 0; i < snap->n_activities; i++)
        snap->activities[i].history = history ? &h[i] : h;
}

/* Full history per activity, in date and recording order. */
static ap_rc build_history(ap_store *s, scan *sc, ap_error *err)
{
    ap_snapshot *snap = sc->snap;
    ap_arena *ar = &snap->arena;
    if (!sc->opts->history)
        return AP_OK;
    for (size_t i = 0; i < sc->history.n; i++) {
        ap_activity_history *h = sc->history.items[i].act->history;
        switch (sc->history.items[i].kind) {
        case AP_HIST_UPDATES: h->n_updates++; break;
        case AP_HIST_STATES: h->n_states++; break;
        case AP_HIST_DECISIONS: h->n_decisions++; break;
        }
    }
    for (size_t i = 0; i < snap->n_activities; i++) {
        ap_activity_history *h = snap->activities[i].history;
        h->updates = ap_arena_alloc(ar, (h->n_updates + 1) * sizeof *h->updates);
        h->states = ap_arena_alloc(ar, (h->n_states + 1) * sizeof *h->states);
        h->decisions = ap_arena_alloc(ar, (h->n_decisions + 1) * sizeof *h->decisions);
        h->n_updates = h->n_states = h->n_decisions = 0;
    }
    /* Streams come in (activity, date, recording) order, so appending keeps it. */
    for (size_t i = 0; i < sc->history.n; i++) {
        const pending *p = &sc->history.items[i];
        ap_activity_history *h = p->act->history;
        ap_rc rc = AP_OK;
        if (p->kind == AP_HIST_UPDATES) {
            rc = ap_store_get_update_in(s, p->id, ar, &sc->names, &h->updates[h->n_updates++],
                                        err);
        } else if (p->kind == AP_HIST_STATES) {
            ap_state_change *c = &h->states[h->n_states++];
            rc = ap_store_get_state_change_in(s, p->id, ar, &sc->names, c, err);
            c->from = (ap_state)p->from;
        } else {
            rc = ap_store_get_decision_in(s, p->id, ar, &sc->names,
                                          &h->decisions[h->n_decisions++], err);
        }
        if (rc != AP_OK)
            return rc;
    }
    return AP_OK;
}

/* =========================================================================
 * Evaluation: the rules, the roll-ups, the goals
 * ========================================================================= */

static void link_tree(ap_snapshot *snap)
{
    ap_arena *ar = &snap->arena;
    for (size_t i = 0; i < snap->n_initiatives; i++)
        if (snap->initiatives[i].focus)
            snap->initiatives[i].focus->n_initiatives++;
    for (size_t i = 0; i < snap->n_activities; i++)
        snap->activities[i].initiative->n_activities++;
    for (size_t i = 0; i < snap->n_focus; i++) {
        ap_focus *f = &snap->focus[i];
        f->initiatives = ap_arena_alloc(ar, (f->n_initiatives + 1) * sizeof *f->initiatives);
        f->n_initiatives = 0;
    }
    for (size_t i = 0; i < snap->n_initiatives; i++) {
        ap_initiative *in = &snap->initiatives[i];
        in->activities = ap_arena_alloc(ar, (in->n_activities + 1) * sizeof *in->activities);
        in->n_activities = 0;
        if (in->focus)
            in->focus->initiatives[in->focus->n_initiatives++] = in;
    }
    for (size_t i = 0; i < snap->n_activities; i++) {
        ap_activity *a = &snap->activities[i];
        a->initiative->activities[a->initiative->n_activities++] = a;
    }
}

/* Sum kronor. The loader caps each amount (limits.h), so a real plan never
 * comes near the limit; a sum that would pass it stays at LLONG_MAX
 * rather than wrap. */
static void add_sek(long long *sum, long long v)
{
    if (__builtin_add_overflow(*sum, v, sum))
        *sum = LLONG_MAX;
}

static void evaluate(ap_snapshot *snap)
{
    const ap_rules_config *cfg = &snap->rules;
    ap_rollup_init(&snap->rollup);
    for (size_t i = 0; i < snap->n_focus; i++)
        ap_rollup_init(&snap->focus[i].rollup);
    for (size_t i = 0; i < snap->n_initiatives; i++)
        ap_rollup_init(&snap->initiatives[i].rollup);
    for (size_t i = 0; i < snap->n_activities; i++) {
        ap_activity *a = &snap->activities[i];
        ap_activity_facts f = {.state = a->state,
                               .color = a->has_update ? a->last.color : AP_COLOR_NONE,
                               .last_update = a->has_update ? a->last.date : AP_DATE_NONE,
                               .due = a->due,
                               .start = a->start};
        a->eval = ap_rules_activity(&f, snap->as_of, cfg);
        if (a->removed)
            continue; /* shown by `show`, never rolled up */
        ap_rollup *nodes[] = {&a->initiative->rollup, &a->focus->rollup, &snap->rollup};
        long long *budgets[] = {&a->initiative->budget, &a->focus->budget, &snap->budget};
        long long *spents[] = {&a->initiative->spent, &a->focus->spent, &snap->spent};
        for (int k = 0; k < 3; k++) {
            ap_rollup_add(nodes[k], &a->eval, a->weight);
            if (a->budget > 0)
                add_sek(budgets[k], a->budget);
            add_sek(spents[k], a->spent);
        }
    }
    ap_rollup_finish(&snap->rollup, cfg);
    for (size_t i = 0; i < snap->n_focus; i++)
        ap_rollup_finish(&snap->focus[i].rollup, cfg);
    for (size_t i = 0; i < snap->n_initiatives; i++)
        ap_rollup_finish(&snap->initiatives[i].rollup, cfg);
}

static void evaluate_goals(ap_snapshot *snap)
{
    for (size_t i = 0; i < snap->n_activities; i++) {
        const ap_activity *a = &snap->activities[i];
        for (size_t g = 0; g < a->n_goals && !a->removed; g++) {
            ap_goal *goal = ap_snapshot_goal(snap, a->goal_codes[g]);
            if (goal)
                goal->n_activities++;
        }
    }
    for (size_t i = 0; i < snap->n_goals; i++) {
        ap_goal *g = &snap->goals[i];
        const ap_measurement *m = ap_goal_latest(g);
        ap_goal_facts f = {g->kind,          g->baseline,     g->target,
                           g->baseline_date, g->target_date,  m != NULL,
                           m ? m->value : 0, m ? m->date : AP_DATE_NONE};
        g->eval = ap_rules_goal(&f, snap->as_of, &snap->rules);
    }
}

/* =========================================================================
 * Entry points
 * ========================================================================= */

ap_rc ap_snapshot_load(ap_store *s, int64_t plan_id, const ap_snapshot_opts *opts,
                       const ap_rules_config *rules, ap_snapshot **out, ap_error *err)
{
    *out = NULL;
    ap_snapshot *snap = ap_xcalloc(1, sizeof *snap);
    snap->as_of = opts->as_of;
    snap->upto = opts->upto;
    snap->late_after = opts->late_after;
    snap->since = opts->since;
    snap->rules = *rules;
    ap_rc rc = ap_store_begin_read_upto(s, opts->upto, err);
    if (rc != AP_OK) {
        ap_snapshot_free(snap);
        return rc;
    }
    scan sc = {.snap = snap, .opts = opts, .names = {.arena = &snap->arena}};
    rc = read_tree(s, plan_id, snap, &sc.names, err);
    if (rc == AP_OK)
        attach_history(snap, opts->history);
    if (rc == AP_OK)
        rc = ap_snapshot_plan_as_of(s, snap, opts->include_removed, opts->history, err);
    if (rc == AP_OK) {
        build_index(snap);
        link_tree(snap);
        sc.slots = ap_xcalloc(snap->n_activities + 1, sizeof *sc.slots);
        sc.hslots = opts->history ? ap_xcalloc(snap->n_activities + 1, sizeof *sc.hslots) : NULL;
        rc = pass_states(s, &sc, err);
    }
    if (rc == AP_OK)
        rc = pass_updates(s, &sc, err);
    if (rc == AP_OK)
        rc = pass_spells(s, &sc, err);
    if (rc == AP_OK)
        rc = pass_decisions(s, &sc, err);
    if (rc == AP_OK)
        rc = build_changes(s, &sc, err);
    if (rc == AP_OK)
        rc = build_history(s, &sc, err);
    if (rc == AP_OK)
        rc = read_measurements(s, snap, err);
    if (rc == AP_OK)
        rc = ap_store_commit(s, err);
    else
        ap_store_rollback(s);
    free(sc.slots);
    free(sc.hslots);
    free(sc.window.items);
    free(sc.history.items);
    ap_intern_free(&sc.names);
    free(snap->plan_changes);
    snap->plan_changes = NULL;
    if (rc != AP_OK) {
        ap_snapshot_free(snap);
        return rc;
    }
    evaluate(snap);
    evaluate_goals(snap);
    *out = snap;
    return AP_OK;
}

void ap_snapshot_free(ap_snapshot *snap)
{
    if (!snap)
        return;
    ap_arena_free(&snap->changes_arena);
    ap_arena_free(&snap->arena);
    free(snap);
}

void ap_snapshot_drop_changes(ap_snapshot *snap)
{
    ap_arena_free(&snap->changes_arena);
    snap->changes = NULL;
    snap->n_changes = 0;
}

ap_activity *ap_snapshot_activity(const ap_snapshot *snap, const char *code)
{
    for (size_t i = 0; i < snap->n_activities; i++)
        if (strcmp(snap->activities[i].code, code) == 0)
            return &snap->activities[i];
    return NULL;
}

ap_initiative *ap_snapshot_initiative(const ap_snapshot *snap, const char *code)
{
    for (size_t i = 0; code && i < snap->n_initiatives; i++)
        if (strcmp(snap->initiatives[i].code, code) == 0)
            return &snap->initiatives[i];
    return NULL;
}

ap_focus *ap_snapshot_focus(const ap_snapshot *snap, const char *code)
{
    for (size_t i = 0; code && i < snap->n_focus; i++)
        if (strcmp(snap->focus[i].code, code) == 0)
            return &snap->focus[i];
    return NULL;
}

ap_goal *ap_snapshot_goal(const ap_snapshot *snap, const char *code)
{
    for (size_t i = 0; code && i < snap->n_goals; i++)
        if (strcmp(snap->goals[i].code, code) == 0)
            return &snap->goals[i];
    return NULL;
}

bool ap_plan_field_names_people(const char *field)
{
    return field && (strcmp(field, "responsible") == 0 || strcmp(field, "participant") == 0 ||
                     strcmp(field, "lead") == 0);
}

static void hide_signers(ap_activity *a)
{
    a->responsible = NULL;
    a->n_participants = 0;
    a->last.by = NULL;
    a->last_decision.by = NULL;
    ap_activity_history *h = a->history;
    for (size_t i = 0; i < h->n_updates; i++)
        h->updates[i].by = NULL;
    for (size_t i = 0; i < h->n_states; i++)
        h->states[i].by = NULL;
    for (size_t i = 0; i < h->n_decisions; i++)
        h->decisions[i].by = NULL;
    size_t kept = 0;
    for (size_t i = 0; i < h->n_plan_edits; i++)
        if (!ap_plan_field_names_people(h->plan_edits[i].field))
            h->plan_edits[kept++] = h->plan_edits[i];
    h->n_plan_edits = kept;
}

void ap_snapshot_hide_people(ap_snapshot *snap)
{
    snap->process_lead = NULL;
    for (size_t f = 0; f < snap->n_focus; f++)
        snap->focus[f].lead = NULL;
    for (size_t i = 0; i < snap->n_activities; i++)
        hide_signers(&snap->activities[i]);
    size_t kept = 0;
    for (size_t i = 0; i < snap->n_changes; i++) {
        ap_change *c = &snap->changes[i];
        if (c->kind == AP_CHANGE_PLAN && ap_plan_field_names_people(c->field))
            continue;
        if (c->kind != AP_CHANGE_PLAN)
            c->by = NULL; /* a plan change's `by` is its plan file */
        snap->changes[kept++] = *c;
    }
    snap->n_changes = kept;
}

const ap_measurement *ap_goal_latest(const ap_goal *g)
{
    return g->n_measurements ? &g->measurements[g->n_measurements - 1] : NULL;
}

bool ap_activity_cause_missing(const ap_activity *a)
{
    return a->has_update && (a->last.color == AP_COLOR_YELLOW || a->last.color == AP_COLOR_RED) &&
           ap_blank(a->cause);
}
