/*
 * store_plan.c - the plan's structure: finding a plan, writing a plan
 * definition, marking removals, the plan's change log, and the one reader
 * of the structure (store_rows.h) that the snapshot and the import share.
 */
#include "store_internal.h"
#include "store_rows.h"
#include "actionplan/i18n.h"
#include "actionplan/limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* =========================================================================
 * Plans
 * ========================================================================= */

ap_rc ap_store_plan_resolve(ap_store *s, const char *key, int64_t *plan_id, ap_error *err)
{
    static const char *const by_key = "SELECT id FROM plan WHERE key = ?1";
    static const char *const all = "SELECT id, key FROM plan ORDER BY key";
    sqlite3_stmt *st = stmt(s, key ? by_key : all, err);
    if (!st)
        return AP_E_DB;
    if (key) {
        bind_text(s, st, 1, key);
        int rc = step(s, st);
        if (rc == SQLITE_ROW) {
            *plan_id = sqlite3_column_int64(st, 0);
            sqlite3_reset(st);
            return AP_OK;
        }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
            return db_error(s, err);
        return ap_error_set(err, AP_E_NOTFOUND,
                            TR("det finns ingen plan '%s' i databasen '%s'",
                               "there is no plan '%s' in the database '%s'"),
                            key, s->path);
    }
    ap_buf keys = {0};
    int n = 0, rc;
    while ((rc = step(s, st)) == SQLITE_ROW) {
        if (n++ == 0)
            *plan_id = sqlite3_column_int64(st, 0);
        ap_buf_printf(&keys, "%s%s", keys.len ? ", " : "", sqlite3_column_text(st, 1));
    }
    sqlite3_reset(st);
    ap_rc out = AP_OK;
    if (rc != SQLITE_DONE)
        out = db_error(s, err);
    else if (n == 0)
        out = ap_error_set(err, AP_E_NOTFOUND,
                           TR("databasen '%s' har ingen plan ännu: kör 'actionplan import "
                              "plans/PLAN.ini'",
                              "the database '%s' holds no plan yet: run 'actionplan import "
                              "plans/PLAN.ini'"),
                           s->path);
    else if (n > 1)
        out = ap_error_set(err, AP_E_USAGE,
                           TR("databasen har flera planer (%s): välj en med --plan",
                              "the database holds several plans (%s): choose one with --plan"),
                           ap_buf_str(&keys));
    ap_buf_free(&keys);
    return out;
}

const char *ap_store_plan_key(ap_store *s, int64_t plan_id)
{
    static const char *const sql = "SELECT key FROM plan WHERE id = ?1";
    sqlite3_stmt *st = stmt(s, sql, NULL);
    if (!st)
        return NULL;
    bind_int64(s, st, 1, plan_id);
    const char *out = NULL;
    if (step(s, st) == SQLITE_ROW) {
        snprintf(s->key_buf, sizeof s->key_buf, "%s", sqlite3_column_text(st, 0));
        out = s->key_buf;
    }
    sqlite3_reset(st);
    return out;
}

bool ap_store_plan_period(ap_store *s, int64_t plan_id, char *out, size_t outsz)
{
    static const char *const sql = "SELECT period FROM plan WHERE id = ?1";
    sqlite3_stmt *st = stmt(s, sql, NULL);
    if (!st || !outsz)
        return false;
    bind_int64(s, st, 1, plan_id);
    bool found = false;
    if (step(s, st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        snprintf(out, outsz, "%s", (const char *)sqlite3_column_text(st, 0));
        found = true;
    }
    sqlite3_reset(st);
    return found;
}

/* ---- public plans (`serve`) ------------------------------------------------ */

ap_rc ap_store_public_plans(ap_store *s, ap_arena *a, ap_public_plan **out, size_t *n,
                            ap_error *err)
{
    static const char *const sql =
        "SELECT id, key, title, period FROM plan WHERE public <> 0 ORDER BY key";
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st)
        return AP_E_DB;
    size_t cap = 0;
    ap_public_plan *list = NULL;
    int rc;
    while ((rc = step(s, st)) == SQLITE_ROW) {
        ap_grow(&list, &cap, *n + 1, sizeof *list);
        ap_public_plan *p = &list[(*n)++];
        p->id = sqlite3_column_int64(st, 0);
        p->key = col_text(st, 1, a);
        p->title = col_text(st, 2, a);
        p->period = col_text(st, 3, a);
    }
    *out = arena_move(a, list, *n, sizeof *list);
    return finish_rows(s, st, rc, err);
}

ap_rc ap_store_public_plan_id(ap_store *s, const char *key, int64_t *plan_id, ap_error *err)
{
    static const char *const sql = "SELECT id FROM plan WHERE key = ?1 AND public <> 0";
    *plan_id = 0;
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st)
        return AP_E_DB;
    bind_text(s, st, 1, key);
    int rc = step(s, st);
    if (rc == SQLITE_ROW)
        *plan_id = sqlite3_column_int64(st, 0);
    return finish_rows(s, st, rc, err);
}

/* ---- the one reader of the structure (store_rows.h) ---------------------- */

static ap_rc read_plan_row(ap_store *s, int64_t plan_id, ap_arena *a, ap_plan_row *p,
                           ap_error *err)
{
    static const char *const sql =
        "SELECT key, title, organisation, period, adopted, process_lead, description, public "
        "FROM plan WHERE id = ?1";
    sqlite3_stmt *st = stmt_plan(s, sql, plan_id, err);
    if (!st)
        return AP_E_DB;
    int rc = step(s, st);
    row_reader r = reader(s, st, "plan", plan_id, err);
    if (rc == SQLITE_ROW) {
        p->id = plan_id;
        p->key = rd_text(&r, 0, "key", a);
        p->title = rd_text(&r, 1, "title", a);
        p->organisation = col_text(st, 2, a);
        p->period = col_text(st, 3, a);
        p->adopted = rd_date(&r, 4, "adopted", true);
        p->process_lead = col_text(st, 5, a);
        p->description = col_text(st, 6, a);
        p->is_public = sqlite3_column_int(st, 7) != 0;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return r.rc;
    return rc == SQLITE_DONE ? ap_error_set(err, AP_E_NOTFOUND, "plan %lld", (long long)plan_id)
                             : db_error(s, err);
}

static ap_rc read_goal_rows(ap_store *s, int64_t plan_id, ap_arena *a, ap_plan_rows *out,
                            ap_error *err)
{
    static const char *const sql =
        "SELECT id, code, title, kind, indicator, unit, baseline, baseline_date, target, "
        "target_date, removed_at IS NOT NULL, position FROM goal WHERE plan_id = ?1 "
        "ORDER BY position";
    sqlite3_stmt *st = stmt_plan(s, sql, plan_id, err);
    if (!st)
        return AP_E_DB;
    size_t cap = 0;
    int rc = SQLITE_DONE;
    row_reader r = reader(s, st, "goal", 0, err);
    while (r.rc == AP_OK && (rc = step(s, st)) == SQLITE_ROW) {
        ap_grow(&out->goals, &cap, out->n_goals + 1, sizeof *out->goals);
        ap_goal_row *g = &out->goals[out->n_goals++];
        g->id = r.row = sqlite3_column_int64(st, 0);
        g->code = rd_code(&r, 1, "code", -1, a);
        g->title = rd_text(&r, 2, "title", a);
        g->kind = rd_goal_kind(&r, 3, "kind");
        g->indicator = col_text(st, 4, a);
        g->unit = col_text(st, 5, a);
        g->baseline = rd_number(&r, 6, "baseline");
        g->baseline_date = rd_date(&r, 7, "baseline_date", false);
        g->target = rd_number(&r, 8, "target");
        g->target_date = rd_date(&r, 9, "target_date", false);
        g->removed = sqlite3_column_int(st, 10) != 0;
        g->position = sqlite3_column_int64(st, 11);
    }
    sqlite3_reset(st);
    return r.rc != AP_OK ? r.rc : finish_rows(s, st, rc, err);
}

static ap_rc read_focus_rows(ap_store *s, int64_t plan_id, ap_arena *a, ap_plan_rows *out,
                             ap_error *err)
{
    static const char *const sql =
        "SELECT id, code, title, lead, removed_at IS NOT NULL, position FROM focus_area "
        "WHERE plan_id = ?1 ORDER BY position";
    sqlite3_stmt *st = stmt_plan(s, sql, plan_id, err);
    if (!st)
        return AP_E_DB;
    size_t cap = 0;
    int rc = SQLITE_DONE;
    row_reader r = reader(s, st, "focus_area", 0, err);
    while (r.rc == AP_OK && (rc = step(s, st)) == SQLITE_ROW) {
        ap_grow(&out->focus, &cap, out->n_focus + 1, sizeof *out->focus);
        ap_focus_row *f = &out->focus[out->n_focus++];
        f->id = r.row = sqlite3_column_int64(st, 0);
        f->code = rd_code(&r, 1, "code", 1, a);
        f->title = rd_text(&r, 2, "title", a);
        f->lead = col_text(st, 3, a);
        f->removed = sqlite3_column_int(st, 4) != 0;
        f->position = sqlite3_column_int64(st, 5);
    }
    sqlite3_reset(st);
    return r.rc != AP_OK ? r.rc : finish_rows(s, st, rc, err);
}

static ap_rc read_initiative_rows(ap_store *s, int64_t plan_id, ap_arena *a, ap_plan_rows *out,
                                  ap_error *err)
{
    /* the join keeps to the plan's own focus areas: one of another plan is
     * refused (below), not followed */
    static const char *const sql =
        "SELECT i.id, i.code, i.title, i.approach, i.removed_at IS NOT NULL, i.position, "
        "f.id, i.focus_id FROM initiative i LEFT JOIN focus_area f ON f.id = i.focus_id "
        "AND f.plan_id = i.plan_id WHERE i.plan_id = ?1 ORDER BY f.position, i.position";
    sqlite3_stmt *st = stmt_plan(s, sql, plan_id, err);
    if (!st)
        return AP_E_DB;
    size_t cap = 0;
    int rc = SQLITE_DONE;
    row_reader r = reader(s, st, "initiative", 0, err);
    while (r.rc == AP_OK && (rc = step(s, st)) == SQLITE_ROW) {
        ap_grow(&out->initiatives, &cap, out->n_initiatives + 1, sizeof *out->initiatives);
        ap_initiative_row *in = &out->initiatives[out->n_initiatives++];
        in->id = r.row = sqlite3_column_int64(st, 0);
        in->code = rd_code(&r, 1, "code", 2, a);
        in->title = rd_text(&r, 2, "title", a);
        in->approach = col_text(st, 3, a);
        in->removed = sqlite3_column_int(st, 4) != 0;
        in->position = sqlite3_column_int64(st, 5);
        in->focus_id = sqlite3_column_int64(st, 6);
        if (sqlite3_column_type(st, 6) == SQLITE_NULL) /* a focus area of another plan */
            refuse(&r, 7, "focus_id");
    }
    sqlite3_reset(st);
    return r.rc != AP_OK ? r.rc : finish_rows(s, st, rc, err);
}

/* A name that repeats over the plan (an owner, a person): kept once in
 * names when the caller gives a table, else copied to the arena. */
static const char *name_text(row_reader *r, int i, const char *column, bool required,
                             ap_arena *a, ap_intern *names)
{
    if (!names)
        return required ? rd_text(r, i, column, a) : col_text(r->st, i, a);
    const char *t = (const char *)sqlite3_column_text(r->st, i);
    if (!t || !*t) {
        if (required)
            refuse(r, i, column);
        return NULL;
    }
    return ap_intern_mem(names, t, (size_t)sqlite3_column_bytes(r->st, i));
}

static ap_rc read_activity_rows(ap_store *s, int64_t plan_id, ap_arena *a, ap_intern *names,
                                ap_plan_rows *out, ap_error *err)
{
    /* An activity under an initiative area of another plan is not the
     * plan's: the join leaves it out. */
    static const char *const sql =
        "SELECT a.id, a.code, a.title, a.owner, a.responsible, a.start, a.due, a.budget, "
        "a.weight, a.initial_state, a.removed_at IS NOT NULL, a.position, i.id, "
        "(SELECT c.new_value FROM plan_change c WHERE c.plan_id = a.plan_id "
        "  AND c.entity = 'activity' AND c.code = a.code AND c.field = 'state' "
        "  ORDER BY c.id DESC LIMIT 1) FROM activity a "
        "JOIN initiative i ON i.id = a.initiative_id AND i.plan_id = a.plan_id "
        "JOIN focus_area f ON f.id = i.focus_id "
        "WHERE a.plan_id = ?1 ORDER BY f.position, i.position, a.position";
    sqlite3_stmt *st = stmt_plan(s, sql, plan_id, err);
    if (!st)
        return AP_E_DB;
    size_t cap = 0;
    int rc = SQLITE_DONE;
    row_reader r = reader(s, st, "activity", 0, err);
    while (r.rc == AP_OK && (rc = step(s, st)) == SQLITE_ROW) {
        ap_grow(&out->activities, &cap, out->n_activities + 1, sizeof *out->activities);
        ap_activity_row *act = &out->activities[out->n_activities++];
        act->id = r.row = sqlite3_column_int64(st, 0);
        act->code = rd_code(&r, 1, "code", 3, a);
        act->title = rd_text(&r, 2, "title", a);
        act->owner = name_text(&r, 3, "owner", true, a, names);
        act->responsible = name_text(&r, 4, "responsible", false, a, names);
        act->start = rd_date(&r, 5, "start", true);
        act->due = rd_date(&r, 6, "due", true);
        act->budget = rd_int(&r, 7, "budget", 0, AP_AMOUNT_MAX, true);
        act->weight = (int)rd_int(&r, 8, "weight", 1, AP_WEIGHT_MAX, false);
        act->initial_state = rd_state(&r, 9, "initial_state");
        act->removed = sqlite3_column_int(st, 10) != 0;
        act->position = sqlite3_column_int64(st, 11);
        act->initiative_id = sqlite3_column_int64(st, 12);
        act->file_state = act->initial_state;
        const char *logged = (const char *)sqlite3_column_text(st, 13);
        if (logged)
            ap_state_parse(logged, &act->file_state);
    }
    sqlite3_reset(st);
    return r.rc != AP_OK ? r.rc : finish_rows(s, st, rc, err);
}

/* Participants, goal links and SDG tags of every activity, one pass each. */
static ap_rc read_list_rows(ap_store *s, int64_t plan_id, ap_arena *a, ap_intern *names,
                            ap_plan_rows *out, ap_error *err)
{
    static const char *const parts =
        "SELECT p.activity_id, p.rowid, p.name FROM activity_participant p "
        "JOIN activity a ON a.id = p.activity_id WHERE a.plan_id = ?1 "
        "ORDER BY p.activity_id, p.position";
    static const char *const goals =
        "SELECT ag.activity_id, ag.rowid, g.code FROM activity_goal ag "
        "JOIN goal g ON g.id = ag.goal_id "
        "JOIN activity a ON a.id = ag.activity_id WHERE a.plan_id = ?1 "
        "ORDER BY ag.activity_id, ag.position";
    static const char *const sdgs =
        "SELECT x.activity_id, x.rowid, x.sdg FROM activity_sdg x "
        "JOIN activity a ON a.id = x.activity_id "
        "WHERE a.plan_id = ?1 ORDER BY x.activity_id, x.rowid";
    static const char *const sqls[] = {parts, goals, sdgs};
    static const char *const tables[] = {"activity_participant", "activity_goal", "activity_sdg"};
    size_t cap = 0;
    for (int q = AP_LIST_PARTICIPANT; q <= AP_LIST_SDG; q++) {
        sqlite3_stmt *st = stmt_plan(s, sqls[q], plan_id, err);
        if (!st)
            return AP_E_DB;
        row_reader r = reader(s, st, tables[q], 0, err);
        int rc = SQLITE_DONE;
        while (r.rc == AP_OK && (rc = step(s, st)) == SQLITE_ROW) {
            ap_grow(&out->lists, &cap, out->n_lists + 1, sizeof *out->lists);
            ap_list_row *l = &out->lists[out->n_lists++];
            l->activity_id = sqlite3_column_int64(st, 0);
            l->kind = (ap_list_kind)q;
            r.row = sqlite3_column_int64(st, 1);
            l->text = q == AP_LIST_PARTICIPANT ? name_text(&r, 2, "name", true, a, names)
                      : q == AP_LIST_GOAL      ? rd_code(&r, 2, "goal_id", -1, a)
                                               : NULL;
            l->sdg = q == AP_LIST_SDG ? (int)rd_int(&r, 2, "sdg", 1, AP_SDG_MAX, false) : 0;
        }
        sqlite3_reset(st);
        ap_rc out_rc = r.rc != AP_OK ? r.rc : finish_rows(s, st, rc, err);
        if (out_rc != AP_OK)
            return out_rc;
    }
    return AP_OK;
}

ap_rc ap_store_read_plan(ap_store *s, int64_t plan_id, ap_arena *a, ap_intern *names,
                         ap_plan_rows *out, ap_error *err)
{
    memset(out, 0, sizeof *out);
    ap_rc rc = read_plan_row(s, plan_id, a, &out->plan, err);
    if (rc == AP_OK)
        rc = read_goal_rows(s, plan_id, a, out, err);
    if (rc == AP_OK)
        rc = read_focus_rows(s, plan_id, a, out, err);
    if (rc == AP_OK)
        rc = read_initiative_rows(s, plan_id, a, out, err);
    if (rc == AP_OK)
        rc = read_activity_rows(s, plan_id, a, names, out, err);
    if (rc == AP_OK)
        rc = read_list_rows(s, plan_id, a, names, out, err);
    if (rc != AP_OK)
        ap_plan_rows_free(out);
    return rc;
}

void ap_plan_rows_free(ap_plan_rows *rows)
{
    free(rows->goals);
    free(rows->focus);
    free(rows->initiatives);
    free(rows->activities);
    free(rows->lists);
    memset(rows, 0, sizeof *rows);
}

/* ---- the stored plan as a definition (the import's diff) ---------------- */

static ap_rc plan_by_key(ap_store *s, const char *key, int64_t *plan_id, ap_error *err)
{
    static const char *const sql = "SELECT id FROM plan WHERE key = ?1";
    *plan_id = 0;
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st)
        return AP_E_DB;
    bind_text(s, st, 1, key);
    int rc = step(s, st);
    if (rc == SQLITE_ROW)
        *plan_id = sqlite3_column_int64(st, 0);
    return finish_rows(s, st, rc, err);
}

/* Rows in the plan file's order (position; ties by id). */
static int cmp_position(int64_t pa, int64_t ia, int64_t pb, int64_t ib)
{
    if (pa != pb)
        return pa < pb ? -1 : 1;
    return (ia > ib) - (ia < ib);
}

static int cmp_initiative(const void *x, const void *y)
{
    const ap_initiative_row *a = *(const ap_initiative_row *const *)x;
    const ap_initiative_row *b = *(const ap_initiative_row *const *)y;
    return cmp_position(a->position, a->id, b->position, b->id);
}

static int cmp_activity(const void *x, const void *y)
{
    const ap_activity_row *a = *(const ap_activity_row *const *)x;
    const ap_activity_row *b = *(const ap_activity_row *const *)y;
    return cmp_position(a->position, a->id, b->position, b->id);
}

/* An activity of the definition by database id. */
typedef struct def_ref {
    int64_t id;
    ap_def_activity *act;
} def_ref;

static int cmp_def_ref(const void *x, const void *y)
{
    const def_ref *a = x, *b = y;
    return (a->id > b->id) - (a->id < b->id);
}

static const char *focus_code(const ap_plan_rows *r, int64_t id)
{
    for (size_t i = 0; i < r->n_focus; i++)
        if (r->focus[i].id == id)
            return r->focus[i].code;
    return NULL;
}

static const char *initiative_code(const ap_plan_rows *r, int64_t id)
{
    for (size_t i = 0; i < r->n_initiatives; i++)
        if (r->initiatives[i].id == id)
            return r->initiatives[i].code;
    return NULL;
}

/* The lists of the definition's activities: each run of list rows (one
 * kind, one activity) becomes one list. */
static void def_lists(ap_plan_def *d, const ap_plan_rows *r, def_ref *refs, size_t n_refs)
{
    for (size_t i = 0, j; i < r->n_lists; i = j) {
        const ap_list_row *l = &r->lists[i];
        for (j = i + 1; j < r->n_lists && r->lists[j].kind == l->kind &&
                        r->lists[j].activity_id == l->activity_id;
             j++)
            ;
        def_ref key = {.id = l->activity_id};
        def_ref *ref = n_refs ? bsearch(&key, refs, n_refs, sizeof *refs, cmp_def_ref) : NULL;
        if (!ref)
            continue; /* removed from the plan file */
        ap_def_activity *a = ref->act;
        if (l->kind == AP_LIST_SDG) {
            for (size_t k = i; k < j && a->n_sdgs < AP_SDG_MAX; k++)
                a->sdgs[a->n_sdgs++] = r->lists[k].sdg;
            continue;
        }
        const char **items = ap_arena_alloc(&d->arena, (j - i + 1) * sizeof *items);
        for (size_t k = i; k < j; k++)
            items[k - i] = r->lists[k].text;
        if (l->kind == AP_LIST_PARTICIPANT) {
            a->participants = items;
            a->n_participants = j - i;
        } else {
            a->goals = items;
            a->n_goals = j - i;
        }
    }
}

/* The definition of what is in the plan now (nothing marked removed). */
static void def_from_rows(ap_plan_def *d, const ap_plan_rows *r)
{
    ap_arena *ar = &d->arena;
    d->id = r->plan.key;
    d->title = r->plan.title;
    d->organisation = r->plan.organisation;
    d->period = r->plan.period;
    d->adopted = r->plan.adopted;
    d->process_lead = r->plan.process_lead;
    d->description = r->plan.description;
    d->is_public = r->plan.is_public;
    d->goals = ap_arena_alloc(ar, (r->n_goals + 1) * sizeof *d->goals);
    for (size_t i = 0; i < r->n_goals; i++) {
        const ap_goal_row *g = &r->goals[i];
        if (!g->removed)
            d->goals[d->n_goals++] = (ap_def_goal){.code = g->code,
                                                   .title = g->title,
                                                   .kind = g->kind,
                                                   .indicator = g->indicator,
                                                   .unit = g->unit,
                                                   .baseline = g->baseline,
                                                   .baseline_date = g->baseline_date,
                                                   .target = g->target,
                                                   .target_date = g->target_date};
    }
    d->focus = ap_arena_alloc(ar, (r->n_focus + 1) * sizeof *d->focus);
    for (size_t i = 0; i < r->n_focus; i++)
        if (!r->focus[i].removed)
            d->focus[d->n_focus++] = (ap_def_focus){
                .code = r->focus[i].code, .title = r->focus[i].title, .lead = r->focus[i].lead};
    /* the file's own order of initiative areas and activities: by position */
    const ap_initiative_row **ins = ap_xcalloc(r->n_initiatives + 1, sizeof *ins);
    size_t ni = 0;
    for (size_t i = 0; i < r->n_initiatives; i++)
        if (!r->initiatives[i].removed)
            ins[ni++] = &r->initiatives[i];
    qsort(ins, ni, sizeof *ins, cmp_initiative);
    d->initiatives = ap_arena_alloc(ar, (ni + 1) * sizeof *d->initiatives);
    for (size_t i = 0; i < ni; i++)
        d->initiatives[d->n_initiatives++] =
            (ap_def_initiative){.code = ins[i]->code,
                                .focus_code = focus_code(r, ins[i]->focus_id),
                                .title = ins[i]->title,
                                .approach = ins[i]->approach};
    free(ins);
    const ap_activity_row **acts = ap_xcalloc(r->n_activities + 1, sizeof *acts);
    size_t na = 0;
    for (size_t i = 0; i < r->n_activities; i++)
        if (!r->activities[i].removed)
            acts[na++] = &r->activities[i];
    qsort(acts, na, sizeof *acts, cmp_activity);
    d->activities = ap_arena_alloc(ar, (na + 1) * sizeof *d->activities);
    def_ref *refs = ap_xcalloc(na + 1, sizeof *refs);
    int64_t last_id = 0;
    const char *last_code = NULL;
    for (size_t i = 0; i < na; i++) {
        const ap_activity_row *x = acts[i];
        ap_def_activity *a = &d->activities[d->n_activities++];
        if (!last_code || x->initiative_id != last_id) /* they come grouped */
            last_code = initiative_code(r, last_id = x->initiative_id);
        *a = (ap_def_activity){.code = x->code,
                               .initiative_code = last_code,
                               .title = x->title,
                               .owner = x->owner,
                               .responsible = x->responsible,
                               .start = x->start,
                               .due = x->due,
                               .budget = x->budget,
                               .weight = x->weight,
                               .state = x->file_state};
        refs[i] = (def_ref){x->id, a};
    }
    free(acts);
    qsort(refs, na, sizeof *refs, cmp_def_ref);
    def_lists(d, r, refs, na);
    free(refs);
}

ap_rc ap_store_load_def(ap_store *s, const char *key, ap_plan_def **out, ap_error *err)
{
    *out = NULL;
    int64_t plan_id = 0;
    ap_rc rc = plan_by_key(s, key, &plan_id, err);
    if (rc != AP_OK || plan_id == 0)
        return rc;
    ap_plan_def *d = ap_xcalloc(1, sizeof *d);
    d->filename = ap_arena_strdup(&d->arena, s->path);
    ap_plan_rows rows;
    rc = ap_store_read_plan(s, plan_id, &d->arena, NULL, &rows, err);
    if (rc != AP_OK) {
        ap_plan_def_free(d);
        return rc;
    }
    def_from_rows(d, &rows);
    ap_plan_rows_free(&rows);
    *out = d;
    return AP_OK;
}

/* ---- writing a definition ------------------------------------------------ */

static ap_rc save_plan_row(ap_store *s, const ap_plan_def *d, const char *source, int64_t *id,
                           ap_error *err)
{
    static const char *const sql =
        "INSERT INTO plan (key, title, organisation, period, adopted, process_lead, "
        "description, source_file, rec, public) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
        "ON CONFLICT (key) DO UPDATE SET title = excluded.title, "
        "organisation = excluded.organisation, period = excluded.period, "
        "adopted = excluded.adopted, process_lead = excluded.process_lead, "
        "description = excluded.description, source_file = excluded.source_file, "
        "public = excluded.public, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') RETURNING id";
    sqlite3_stmt *st = stmt(s, sql, err);
    if (!st)
        return AP_E_DB;
    bind_text(s, st, 1, d->id);
    bind_text(s, st, 2, d->title);
    bind_text(s, st, 3, d->organisation);
    bind_text(s, st, 4, d->period);
    bind_date(s, st, 5, d->adopted);
    bind_text(s, st, 6, d->process_lead);
    bind_text(s, st, 7, d->description);
    bind_text(s, st, 8, source);
    if (!bind_rec(s, st, 9, err))
        return AP_E_DB;
    bind_int(s, st, 10, d->is_public);
    return step_returning(s, st, "plan", id, err);
}

static ap_rc save_goals(ap_store *s, int64_t plan_id, const ap_plan_def *d, ap_error *err)
{
    static const char *const sql =
        "INSERT INTO goal (plan_id, code, position, title, kind, indicator, unit, baseline, "
        "baseline_date, target, target_date) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11) "
        "ON CONFLICT (plan_id, code) DO UPDATE SET position = excluded.position, "
        "title = excluded.title, kind = excluded.kind, indicator = excluded.indicator, "
        "unit = excluded.unit, baseline = excluded.baseline, "
        "baseline_date = excluded.baseline_date, target = excluded.target, "
        "target_date = excluded.target_date, removed_at = NULL RETURNING id";
    for (size_t i = 0; i < d->n_goals; i++) {
        const ap_def_goal *g = &d->goals[i];
        sqlite3_stmt *st = stmt(s, sql, err);
        if (!st)
            return AP_E_DB;
        bind_int64(s, st, 1, plan_id);
        bind_text(s, st, 2, g->code);
        bind_int64(s, st, 3, (int64_t)i);
        bind_text(s, st, 4, g->title);
        bind_text(s, st, 5, ap_goal_kind_name(g->kind));
        bind_text(s, st, 6, g->indicator);
        bind_text(s, st, 7, g->unit);
        bind_double(s, st, 8, g->baseline);
        bind_date(s, st, 9, g->baseline_date);
        bind_double(s, st, 10, g->target);
        bind_date(s, st, 11, g->target_date);
        ap_rc rc = step_returning(s, st, "goal", NULL, err);
        if (rc != AP_OK)
            return rc;
    }
    return AP_OK;
}

static ap_rc save_focus_and_initiatives(ap_store *s, int64_t plan_id, const ap_plan_def *d,
                                        ap_error *err)
{
    static const char *const fsql =
        "INSERT INTO focus_area (plan_id, code, position, title, lead) VALUES (?1,?2,?3,?4,?5) "
        "ON CONFLICT (plan_id, code) DO UPDATE SET position = excluded.position, "
        "title = excluded.title, lead = excluded.lead, removed_at = NULL RETURNING id";
    static const char *const isql =
        "INSERT INTO initiative (plan_id, focus_id, code, position, title, approach) "
        "VALUES (?1, (SELECT id FROM focus_area WHERE plan_id = ?1 AND code = ?2), ?3, ?4, ?5, ?6) "
        "ON CONFLICT (plan_id, code) DO UPDATE SET focus_id = excluded.focus_id, "
        "position = excluded.position, title = excluded.title, approach = excluded.approach, "
        "removed_at = NULL RETURNING id";
    for (size_t i = 0; i < d->n_focus; i++) {
        sqlite3_stmt *st = stmt(s, fsql, err);
        if (!st)
            return AP_E_DB;
        bind_int64(s, st, 1, plan_id);
        bind_text(s, st, 2, d->focus[i].code);
        bind_int64(s, st, 3, (int64_t)i);
        bind_text(s, st, 4, d->focus[i].title);
        bind_text(s, st, 5, d->focus[i].lead);
        ap_rc rc = step_returning(s, st, "focus_area", NULL, err);
        if (rc != AP_OK)
            return rc;
    }
    for (size_t i = 0; i < d->n_initiatives; i++) {
        const ap_def_initiative *in = &d->initiatives[i];
        sqlite3_stmt *st = stmt(s, isql, err);
        if (!st)
            return AP_E_DB;
        bind_int64(s, st, 1, plan_id);
        bind_text(s, st, 2, in->focus_code);
        bind_text(s, st, 3, in->code);
        bind_int64(s, st, 4, (int64_t)i);
        bind_text(s, st, 5, in->title);
        bind_text(s, st, 6, in->approach);
        ap_rc rc = step_returning(s, st, "initiative", NULL, err);
        if (rc != AP_OK)
            return rc;
    }
    return AP_OK;
}

/* Replace the participants, goal links and SDG tags of one activity. */
static ap_rc save_activity_lists(ap_store *s, int64_t plan_id, int64_t aid,
                                 const ap_def_activity *a, ap_error *err)
{
    static const char *const del_p = "DELETE FROM activity_participant WHERE activity_id = ?1";
    static const char *const del_g = "DELETE FROM activity_goal WHERE activity_id = ?1";
    static const char *const del_s = "DELETE FROM activity_sdg WHERE activity_id = ?1";
    static const char *const ins_p =
        "INSERT INTO activity_participant (activity_id, position, name) VALUES (?1, ?2, ?3)";
    static const char *const ins_g =
        "INSERT INTO activity_goal (activity_id, goal_id, position) "
        "VALUES (?1, (SELECT id FROM goal WHERE plan_id = ?3 AND code = ?2), ?4)";
    static const char *const ins_s = "INSERT INTO activity_sdg (activity_id, sdg) VALUES (?1, ?2)";
    const char *dels[] = {del_p, del_g, del_s};
    for (int i = 0; i < 3; i++) {
        sqlite3_stmt *st = stmt(s, dels[i], err);
        if (!st)
            return AP_E_DB;
        bind_int64(s, st, 1, aid);
        ap_rc rc = exec_stmt(s, st, err);
        if (rc != AP_OK)
            return rc;
    }
    for (size_t i = 0; i < a->n_participants; i++) {
        sqlite3_stmt *st = stmt(s, ins_p, err);
        if (!st)
            return AP_E_DB;
        bind_int64(s, st, 1, aid);
        bind_int64(s, st, 2, (int64_t)i);
        bind_text(s, st, 3, a->participants[i]);
        ap_rc rc = exec_insert(s, st, "activity_participant", err);
        if (rc != AP_OK)
            return rc;
    }
    for (size_t i = 0; i < a->n_goals; i++) {
        sqlite3_stmt *st = stmt(s, ins_g, err);
        if (!st)
            return AP_E_DB;
        bind_int64(s, st, 1, aid);
        bind_text(s, st, 2, a->goals[i]);
        bind_int64(s, st, 3, plan_id);
        bind_int64(s, st, 4, (int64_t)i);
        ap_rc rc = exec_insert(s, st, "activity_goal", err);
        if (rc != AP_OK)
            return rc;
    }
    for (size_t i = 0; i < a->n_sdgs; i++) {
        sqlite3_stmt *st = stmt(s, ins_s, err);
        if (!st)
            return AP_E_DB;
        bind_int64(s, st, 1, aid);
        bind_int(s, st, 2, a->sdgs[i]);
        ap_rc rc = exec_insert(s, st, "activity_sdg", err);
        if (rc != AP_OK)
            return rc;
    }
    return AP_OK;
}

static ap_rc save_activities(ap_store *s, int64_t plan_id, const ap_plan_def *d, ap_error *err)
{
    static const char *const sql =
        "INSERT INTO activity (plan_id, initiative_id, code, position, title, owner, "
        "responsible, start, due, budget, weight, initial_state) VALUES (?1, "
        "(SELECT id FROM initiative WHERE plan_id = ?1 AND code = ?2), "
        "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
        "ON CONFLICT (plan_id, code) DO UPDATE SET initiative_id = excluded.initiative_id, "
        "position = excluded.position, title = excluded.title, owner = excluded.owner, "
        "responsible = excluded.responsible, start = excluded.start, due = excluded.due, "
        "budget = excluded.budget, weight = excluded.weight, "
        "removed_at = NULL RETURNING id";
    for (size_t i = 0; i < d->n_activities; i++) {
        const ap_def_activity *a = &d->activities[i];
        sqlite3_stmt *st = stmt(s, sql, err);
        if (!st)
            return AP_E_DB;
        bind_int64(s, st, 1, plan_id);
        bind_text(s, st, 2, a->initiative_code);
        bind_text(s, st, 3, a->code);
        bind_int64(s, st, 4, (int64_t)i);
        bind_text(s, st, 5, a->title);
        bind_text(s, st, 6, a->owner);
        bind_text(s, st, 7, a->responsible);
        bind_date(s, st, 8, a->start);
        bind_date(s, st, 9, a->due);
        bind_opt_int(s, st, 10, a->budget);
        bind_int(s, st, 11, a->weight);
        bind_text(s, st, 12, ap_state_name(a->state));
        int64_t aid = 0;
        ap_rc rc = step_returning(s, st, "activity", &aid, err);
        if (rc == AP_OK)
            rc = save_activity_lists(s, plan_id, aid, a, err);
        if (rc != AP_OK)
            return rc;
    }
    return AP_OK;
}

ap_rc ap_store_save_def(ap_store *s, const ap_plan_def *def, const char *source_file,
                        int64_t *plan_id, ap_error *err)
{
    ap_rc rc = save_plan_row(s, def, source_file, plan_id, err);
    if (rc == AP_OK)
        rc = save_goals(s, *plan_id, def, err);
    if (rc == AP_OK)
        rc = save_focus_and_initiatives(s, *plan_id, def, err);
    if (rc == AP_OK)
        rc = save_activities(s, *plan_id, def, err);
    return rc;
}

ap_rc ap_store_mark_removed(ap_store *s, int64_t plan_id, const char *entity, const char *code,
                            ap_error *err)
{
    static const char *const sqls[] = {
        "UPDATE goal SET removed_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') "
        "WHERE plan_id = ?1 AND code = ?2",
        "UPDATE focus_area SET removed_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') "
        "WHERE plan_id = ?1 AND code = ?2",
        "UPDATE initiative SET removed_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') "
        "WHERE plan_id = ?1 AND code = ?2",
        "UPDATE activity SET removed_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') "
        "WHERE plan_id = ?1 AND code = ?2",
    };
    static const char *const names[] = {"goal", "focus", "initiative", "activity"};
    for (int i = 0; i < 4; i++) {
        if (strcmp(entity, names[i]) != 0)
            continue;
        sqlite3_stmt *st = stmt(s, sqls[i], err);
        if (!st)
            return AP_E_DB;
        bind_int64(s, st, 1, plan_id);
        bind_text(s, st, 2, code);
        return exec_stmt(s, st, err);
    }
    return ap_error_set(err, AP_E_INTERNAL, "unknown entity '%s'", entity);
}

ap_rc ap_store_log_change(ap_store *s, int64_t plan_id, const char *source_file,
                          ap_date effective, const char *entity, const char *code,
                          const char *field, const char *old_value, const char *new_value,
                          ap_error *err)
{
    static const char *const sql =
        "INSERT INTO plan_change (plan_id, source_file, entity, code, field, old_value, "
        "new_value, effective, rec, recorded_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce(?8, ''), ?9, ?10)";
    sqlite3_stmt *st = stmt_plan(s, sql, plan_id, err);
    if (!st || !bind_rec_at(s, st, 9, err))
        return AP_E_DB;
    bind_date(s, st, 8, effective);
    bind_text(s, st, 2, source_file);
    bind_text(s, st, 3, entity);
    bind_text(s, st, 4, code);
    bind_text(s, st, 5, field);
    bind_text(s, st, 6, old_value);
    bind_text(s, st, 7, new_value);
    return exec_insert(s, st, "plan_change", err);
}

ap_rc ap_store_plan_edits(ap_store *s, int64_t plan_id, const char *code, ap_arena *a,
                          ap_plan_edit **out, size_t *n, ap_error *err)
{
    /* ordered by what they change, then as recorded: the history of each
     * field in one run */
    static const char *const sql =
        "SELECT c.entity, c.code, " PRESENT_FIELD("c") ", " PRESENT_OLD("c") ", "
        PRESENT_NEW("c") ", c.effective, coalesce(c.rec, 0), "
        "coalesce(g.recorded_at, c.recorded_at), c.source_file "
        "FROM plan_change c LEFT JOIN recording g ON g.seq = c.rec "
        "WHERE c.plan_id = ?1 AND (?2 IS NULL OR c.code = ?2) AND c.code <> '*' "
        "ORDER BY 1, 2, 3, c.rec, c.id";
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = stmt_plan(s, sql, plan_id, err);
    if (!st)
        return AP_E_DB;
    if (code)
        bind_text(s, st, 2, code);
    size_t cap = 0;
    ap_plan_edit *list = NULL;
    int rc;
    while ((rc = step(s, st)) == SQLITE_ROW) {
        ap_grow(&list, &cap, *n + 1, sizeof *list);
        ap_plan_edit *e = &list[(*n)++];
        e->entity = col_text(st, 0, a);
        e->code = col_text(st, 1, a);
        e->field = col_text(st, 2, a);
        e->old_value = col_text(st, 3, a);
        e->new_value = col_text(st, 4, a);
        const char *eff = (const char *)sqlite3_column_text(st, 5);
        e->effective = AP_DATE_NONE;
        if (eff && *eff)
            ap_date_parse(eff, &e->effective);
        e->rec = sqlite3_column_int64(st, 6);
        e->recorded_at = col_text(st, 7, a);
        e->source = col_text(st, 8, a);
    }
    *out = arena_move(a, list, *n, sizeof *list);
    return finish_rows(s, st, rc, err);
}

