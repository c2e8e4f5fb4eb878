/* record.c - checking and appending history entries; see record.h. */
#include "actionplan/record.h"
#include "actionplan/i18n.h"
#include "actionplan/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ap_recorder_init(ap_recorder *r, ap_store *s, int64_t plan_id)
{
    memset(r, 0, sizeof *r);
    r->store = s;
    r->plan_id = plan_id;
    r->today = ap_date_today();
}

/* What the recorder remembers of an activity during one import. */
struct ap_cached_ref {
    ap_activity_ref ref;   /* first: lookup hands out &cached->ref */
    ap_date newest;        /* the newest update date stored or recorded so far */
    /* Its state changes in the order the store gives them (date, then
     * recording order), read at the first check that needs them and kept
     * up to date with each change recorded through the recorder, so that a
     * row sees the changes of the rows before it without a query per row. */
    bool states_loaded;
    ap_state_entry *states; /* heap */
    size_t n_states, cap_states;
    struct ap_cached_ref *next; /* every cached activity, to free their states */
};
typedef struct ap_cached_ref cached_ref;

void ap_recorder_free(ap_recorder *r)
{
    for (cached_ref *c = r->cached; c; c = c->next)
        free(c->states);
    ap_strmap_free(&r->refs);
    ap_arena_free(&r->arena);
}

/* Forget the cached states (read again when next needed): after a failed
 * entry, whose recorded part the caller may undo (forms undo a refused row
 * to a mark). */
static void states_forget(cached_ref *c)
{
    free(c->states);
    c->states = NULL;
    c->n_states = c->cap_states = 0;
    c->states_loaded = false;
}

/* The activity's state changes, read from the store the first time. */
static ap_rc states_of(ap_recorder *r, cached_ref *c, ap_error *err)
{
    if (c->states_loaded)
        return AP_OK;
    ap_rc rc = ap_store_state_changes(r->store, c->ref.id, &c->states, &c->n_states, err);
    c->cap_states = c->n_states;
    c->states_loaded = rc == AP_OK;
    if (rc != AP_OK)
        states_forget(c);
    return rc;
}

/* The index of the first change dated after date: a change recorded now
 * goes there (after every change of its date, as its id is the newest). */
static size_t states_after(const cached_ref *c, ap_date date)
{
    size_t at = 0;
    while (at < c->n_states && c->states[at].date <= date)
        at++;
    return at;
}

/* Keep a change just recorded in the activity's cached states. */
static void states_add(cached_ref *c, ap_date date, ap_state state)
{
    if (!c->states_loaded)
        return; /* read whole, with this change, when first needed */
    size_t at = states_after(c, date);
    ap_grow(&c->states, &c->cap_states, c->n_states + 1, sizeof *c->states);
    memmove(&c->states[at + 1], &c->states[at], (c->n_states - at) * sizeof *c->states);
    c->states[at] = (ap_state_entry){.date = date, .state = state};
    c->n_states++;
}

static ap_rc lookup(ap_recorder *r, const char *code, ap_activity_ref **out, ap_error *err)
{
    cached_ref *c = ap_strmap_get(&r->refs, code);
    if (!c) {
        cached_ref tmp;
        ap_rc rc = ap_store_activity_ref(r->store, r->plan_id, code, &tmp.ref, err);
        if (rc == AP_OK)
            rc = ap_store_last_update_date(r->store, tmp.ref.id, &tmp.newest, err);
        if (rc != AP_OK)
            return rc;
        c = ap_arena_alloc(&r->arena, sizeof *c);
        c->ref = tmp.ref;
        c->newest = tmp.newest;
        c->next = r->cached;
        r->cached = c;
        ap_strmap_put(&r->refs, code, c);
    }
    ap_activity_ref *ref = &c->ref;
    if (ref->removed)
        return ap_error_set(err, AP_E_INPUT,
                            TR("aktiviteten '%s' är borttagen ur planfilen; inget kan "
                               "rapporteras på den",
                               "the activity '%s' was removed from the plan file; nothing can "
                               "be reported on it"),
                            code);
    *out = ref;
    return AP_OK;
}

static ap_rc check_date(const ap_recorder *r, ap_date date, ap_error *err)
{
    return ap_date_check_not_future(date, r->today, TR("datumet", "the date"), err);
}

/* Check a state change against the activity's whole life cycle: the state
 * it leaves (as of its date) and the change that follows it, if any.
 * *same is set when the activity already is in that state on that date. */
static ap_rc check_state(ap_recorder *r, const ap_activity_ref *ref, const char *code,
                         ap_date date, ap_state to, bool *same, ap_error *err)
{
    cached_ref *c = (cached_ref *)ref;
    ap_rc rc = states_of(r, c, err);
    if (rc != AP_OK)
        return rc;
    const ap_state_entry *chain = c->states;
    size_t n = c->n_states, at = states_after(c, date);
    ap_state from = at ? chain[at - 1].state : ref->plan_state;
    *same = from == to;
    char allowed[160], d[11];
    if (*same)
        return AP_OK;
    if (!ap_rules_transition_allowed(from, to)) {
        rc = ap_error_set(err, AP_E_INPUT,
                          TR("aktivitet %s kan inte gå från %s till %s den %s (från %s går: %s)",
                             "activity %s cannot go from %s to %s on %s (from %s it can go to: %s)"),
                          code, ap_state_word(from), ap_state_word(to), ap_date_format(date, d),
                          ap_state_word(from),
                          ap_rules_transitions_from(from, allowed, sizeof allowed));
    } else if (at < n && !ap_rules_transition_allowed(to, chain[at].state)) {
        char d2[11];
        rc = ap_error_set(err, AP_E_INPUT,
                          TR("aktivitet %s blir %s den %s; då kan inte ändringen till %s den %s, "
                             "som redan är registrerad, följa",
                             "activity %s would be %s on %s; then the change to %s on %s, "
                             "which is already recorded, cannot follow"),
                          code, ap_state_word(to), ap_date_format(date, d),
                          ap_state_word(chain[at].state), ap_date_format(chain[at].date, d2));
    }
    return rc;
}

/* Fail with the name of the field at fault. */
static ap_rc fail(ap_record_outcome *out, const char *field, ap_rc rc)
{
    out->bad_field = field;
    return rc;
}

/* A completed activity takes no report until it is reopened
 * (docs/rules.md, "Life cycle"): refuse a report dated when the state is completed, and say
 * how to reopen it, with the report's date when that is not today. */
static ap_rc check_open(ap_recorder *r, const ap_activity_ref *ref, const ap_entry *e,
                        ap_error *err)
{
    cached_ref *c = (cached_ref *)ref;
    ap_rc rc = states_of(r, c, err);
    if (rc != AP_OK)
        return rc;
    size_t at = states_after(c, e->date);
    ap_state state = at ? c->states[at - 1].state : ref->plan_state;
    ap_date since = at ? c->states[at - 1].date : AP_DATE_NONE;
    if (state != AP_STATE_COMPLETED)
        return AP_OK;
    char d[11], s[11], when[32] = "";
    if (e->date != r->today)
        snprintf(when, sizeof when, " --date %s", ap_date_format(e->date, d));
    if (since == AP_DATE_NONE)
        return ap_error_set(err, AP_E_INPUT,
                            TR("aktiviteten %s är genomförd enligt planfilen: öppna den igen med "
                               "'actionplan state %s pågående%s' innan du rapporterar",
                               "activity %s is completed in the plan file: reopen it with "
                               "'actionplan state %s ongoing%s' before reporting"),
                            e->code, e->code, when);
    return ap_error_set(err, AP_E_INPUT,
                        TR("aktiviteten %s är genomförd sedan %s: öppna den igen med "
                           "'actionplan state %s pågående%s' innan du rapporterar",
                           "activity %s has been completed since %s: reopen it with "
                           "'actionplan state %s ongoing%s' before reporting"),
                        e->code, ap_date_format(since, s), e->code, when);
}

/* Record the entry's state change, already checked (*same: nothing to do). */
static ap_rc record_state(ap_recorder *r, const ap_activity_ref *ref, const ap_entry *e,
                          bool same, ap_record_outcome *out, ap_error *err)
{
    if (same) {
        out->state_skipped = true;
        return AP_OK;
    }
    ap_rc rc = ap_store_insert_state(r->store, ref->id, e->date, e->state, e->by, e->note,
                                     e->origin, err);
    out->state_recorded = rc == AP_OK;
    if (rc == AP_OK)
        states_add((cached_ref *)ref, e->date, e->state);
    return rc;
}

/* Record the entry's status update unless the same one is already there
 * (import mode). check: refuse it when the activity is completed. */
static ap_rc record_update(ap_recorder *r, ap_activity_ref *ref, const ap_entry *e,
                           ap_record_mode mode, bool check, ap_record_outcome *out,
                           ap_error *err)
{
    ap_update_rec u = e->update;
    u.date = e->date;
    u.by = e->by;
    u.origin = e->origin;
    /* An identical update has the same date: none can exist when the
     * date is after every update of the activity so far. */
    cached_ref *c = (cached_ref *)ref;
    bool may_exist = c->newest != AP_DATE_NONE && u.date <= c->newest, exists = false;
    ap_rc rc = AP_OK;
    if (mode == AP_RECORD_IMPORT && may_exist &&
        (rc = ap_store_update_exists(r->store, ref->id, &u, &exists, err)) != AP_OK)
        return rc;
    if (exists) {
        out->update_skipped = true; /* importing twice records nothing, refuses nothing */
        return AP_OK;
    }
    if (check && (rc = check_open(r, ref, e, err)) != AP_OK)
        return fail(out, "status", rc);
    if ((rc = ap_store_insert_update(r->store, ref->id, &u, err)) != AP_OK)
        return rc;
    out->update_recorded = true;
    if (c->newest == AP_DATE_NONE || u.date > c->newest)
        c->newest = u.date;
    return AP_OK;
}

static ap_rc record_decision(ap_recorder *r, const ap_activity_ref *ref, const ap_entry *e,
                             ap_record_mode mode, ap_record_outcome *out, ap_error *err)
{
    bool exists = false;
    ap_rc rc = AP_OK;
    if (mode == AP_RECORD_IMPORT &&
        (rc = ap_store_decision_exists(r->store, ref->id, e->date, e->decision, &exists, err)) !=
            AP_OK)
        return rc;
    if (exists) {
        out->decision_skipped = true;
        return AP_OK;
    }
    rc = ap_store_insert_decision(r->store, ref->id, e->date, e->decision, e->by, e->origin, err);
    out->decision_recorded = rc == AP_OK;
    return rc;
}

static ap_rc record_entry(ap_recorder *r, ap_activity_ref *ref, const ap_entry *e,
                          ap_record_mode mode, ap_record_outcome *out, ap_error *err)
{
    ap_rc rc;
    if ((rc = check_date(r, e->date, err)) != AP_OK)
        return fail(out, "date", rc);
    bool same = false;
    if (e->has_state) {
        if ((rc = check_state(r, ref, e->code, e->date, e->state, &same, err)) != AP_OK)
            return fail(out, "state", rc);
        if (same && mode == AP_RECORD_APPEND) {
            char d[11];
            return fail(out, "state",
                        ap_error_set(err, AP_E_INPUT,
                                     TR("aktivitet %s är redan %s den %s",
                                        "activity %s is already %s on %s"),
                                     e->code, ap_state_word(e->state), ap_date_format(e->date, d)));
        }
    }
    /* In one row a reopening applies before the row's report, and
     * completed, paused or cancelled after it: a CSV row may close an
     * activity with its last report, or reopen it with a new one. */
    bool reopens = e->has_state && e->state == AP_STATE_ONGOING;
    if (reopens && (rc = record_state(r, ref, e, same, out, err)) != AP_OK)
        return rc;
    if (e->has_update && (rc = record_update(r, ref, e, mode, !reopens, out, err)) != AP_OK)
        return rc;
    if (e->has_state && !reopens && (rc = record_state(r, ref, e, same, out, err)) != AP_OK)
        return rc;
    if (e->decision && (rc = record_decision(r, ref, e, mode, out, err)) != AP_OK)
        return rc;
    return AP_OK;
}

ap_rc ap_record_entry(ap_recorder *r, const ap_entry *e, ap_record_mode mode,
                      ap_record_outcome *out, ap_error *err)
{
    memset(out, 0, sizeof *out);
    ap_activity_ref *ref = NULL;
    ap_rc rc = lookup(r, e->code, &ref, err);
    if (rc != AP_OK)
        return fail(out, "code", rc);
    rc = record_entry(r, ref, e, mode, out, err);
    if (rc != AP_OK)
        states_forget((cached_ref *)ref);
    return rc;
}

ap_rc ap_record_measurement(ap_recorder *r, const char *goal, ap_date date, double value,
                            const char *source, const char *by, const char *origin,
                            ap_record_mode mode, bool *recorded, const char **bad_field,
                            ap_error *err)
{
    *recorded = false;
    *bad_field = NULL;
    int64_t goal_id = 0;
    ap_rc rc = ap_store_goal_id(r->store, r->plan_id, goal, &goal_id, err);
    if (rc != AP_OK) {
        *bad_field = "goal";
        return rc;
    }
    if ((rc = check_date(r, date, err)) != AP_OK) {
        *bad_field = "date";
        return rc;
    }
    bool exists = false;
    if (mode == AP_RECORD_IMPORT &&
        (rc = ap_store_measurement_exists(r->store, goal_id, date, value, source, by, &exists,
                                          err)) != AP_OK)
        return rc;
    if (exists)
        return AP_OK;
    rc = ap_store_insert_measurement(r->store, goal_id, date, value, source, by, origin, err);
    *recorded = rc == AP_OK;
    return rc;
}

bool ap_assessment_period_parse(const char *text, char out[11])
{
    long long year;
    ap_date d;
    if (text && strlen(text) == 4 && ap_parse_int(text, 1900, 9999, &year)) {
        snprintf(out, 11, "%04lld", year);
        return true;
    }
    if (text && ap_date_parse(text, &d)) {
        ap_date_format(d, out);
        return true;
    }
    return false;
}

ap_rc ap_record_assessment(ap_recorder *r, const ap_assessment *a, ap_record_mode mode,
                           bool *recorded, const char **bad_field, ap_error *err)
{
    *recorded = false;
    *bad_field = NULL;
    bool ok = false;
    ap_rc rc = ap_store_assessment_scope_ok(r->store, r->plan_id, a->scope, &ok, err);
    if (rc != AP_OK)
        return rc;
    if (!ok) {
        *bad_field = "scope";
        return ap_error_set(err, AP_E_NOTFOUND,
                            TR("det finns inget fokusområde '%s' i planen (skriv ett "
                               "fokusområdes nummer eller 'plan' för hela planen)",
                               "there is no focus area '%s' in the plan (write a focus area's "
                               "number or 'plan' for the whole plan)"),
                            a->scope);
    }
    if ((rc = check_date(r, a->date, err)) != AP_OK) {
        *bad_field = "date";
        return rc;
    }
    if (ap_blank(a->text)) {
        *bad_field = "text";
        return ap_error_set(err, AP_E_INPUT,
                            TR("bedömningen är tom", "the assessment is empty"));
    }
    bool exists = false;
    if (mode == AP_RECORD_IMPORT &&
        (rc = ap_store_assessment_exists(r->store, r->plan_id, a, &exists, err)) != AP_OK)
        return rc;
    if (exists)
        return AP_OK;
    rc = ap_store_insert_assessment(r->store, r->plan_id, a, err);
    *recorded = rc == AP_OK;
    return rc;
}
