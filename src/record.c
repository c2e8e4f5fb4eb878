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

void ap_recorder_free(ap_recorder *r)
{
    ap_strmap_free(&r->refs);
    ap_arena_free(&r->arena);
}

/* What the recorder remembers of an activity during one import. */
typedef struct cached_ref {
    ap_activity_ref ref;   /* first: lookup hands out &cached->ref */
    ap_date newest;        /* the newest update date stored or recorded so far */
} cached_ref;

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
        *c = tmp;
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
    ap_state_entry *chain = NULL;
    size_t n = 0;
    ap_rc rc = ap_store_state_changes(r->store, ref->id, &chain, &n, err);
    if (rc != AP_OK)
        return rc;
    /* The new change goes after every change dated on or before its date. */
    size_t at = 0;
    while (at < n && chain[at].date <= date)
        at++;
    ap_state from = at ? chain[at - 1].state : ref->plan_state;
    *same = from == to;
    char allowed[160], d[11];
    if (*same) {
        free(chain);
        return AP_OK;
    }
    if (!ap_rules_transition_allowed(from, to)) {
        rc = ap_error_set(err, AP_E_INPUT,
                          TR("aktivitet %s kan inte gå från %s till %s den %s (från %s går: %s)",
                             "activity %s cannot go from %s to %s on %s (from %s it can go to: %s)"),
                          code, ap_state_name(from), ap_state_name(to), ap_date_format(date, d),
                          ap_state_name(from),
                          ap_rules_transitions_from(from, allowed, sizeof allowed));
    } else if (at < n && !ap_rules_transition_allowed(to, chain[at].state)) {
        char d2[11];
        rc = ap_error_set(err, AP_E_INPUT,
                          TR("aktivitet %s blir %s den %s; då kan inte ändringen till %s den %s, "
                             "som redan är registrerad, följa",
                             "activity %s would be %s on %s; then the change to %s on %s, "
                             "which is already recorded, cannot follow"),
                          code, ap_state_name(to), ap_date_format(date, d),
                          ap_state_name(chain[at].state), ap_date_format(chain[at].date, d2));
    }
    free(chain);
    return rc;
}

/* Fail with the name of the field at fault. */
static ap_rc fail(ap_record_outcome *out, const char *field, ap_rc rc)
{
    out->bad_field = field;
    return rc;
}

ap_rc ap_record_entry(ap_recorder *r, const ap_entry *e, ap_record_mode mode,
                      ap_record_outcome *out, ap_error *err)
{
    memset(out, 0, sizeof *out);
    ap_activity_ref *ref = NULL;
    ap_rc rc = lookup(r, e->code, &ref, err);
    if (rc != AP_OK)
        return fail(out, "code", rc);
    if ((rc = check_date(r, e->date, err)) != AP_OK)
        return fail(out, "date", rc);
    bool exists = false, same = false;
    if (e->has_state) {
        if ((rc = check_state(r, ref, e->code, e->date, e->state, &same, err)) != AP_OK)
            return fail(out, "state", rc);
        if (same && mode == AP_RECORD_APPEND) {
            char d[11];
            return fail(out, "state",
                        ap_error_set(err, AP_E_INPUT,
                                     TR("aktivitet %s är redan %s den %s",
                                        "activity %s is already %s on %s"),
                                     e->code, ap_state_name(e->state), ap_date_format(e->date, d)));
        }
        if (same)
            out->state_skipped = true;
        else if ((rc = ap_store_insert_state(r->store, ref->id, e->date, e->state, e->by, e->note,
                                             e->origin, err)) != AP_OK)
            return rc;
        else
            out->state_recorded = true;
    }
    if (e->has_update) {
        ap_update_rec u = e->update;
        u.date = e->date;
        u.by = e->by;
        u.origin = e->origin;
        /* An identical update has the same date: none can exist when the
         * date is after every update of the activity so far. */
        cached_ref *c = (cached_ref *)ref;
        bool may_exist = c->newest != AP_DATE_NONE && u.date <= c->newest;
        if (mode == AP_RECORD_IMPORT && may_exist &&
            (rc = ap_store_update_exists(r->store, ref->id, &u, &exists, err)) != AP_OK)
            return rc;
        if (exists)
            out->update_skipped = true;
        else if ((rc = ap_store_insert_update(r->store, ref->id, &u, err)) != AP_OK)
            return rc;
        else
            out->update_recorded = true;
        if (c->newest == AP_DATE_NONE || u.date > c->newest)
            c->newest = u.date;
    }
    if (e->decision) {
        exists = false;
        if (mode == AP_RECORD_IMPORT &&
            (rc = ap_store_decision_exists(r->store, ref->id, e->date, e->decision, &exists,
                                           err)) != AP_OK)
            return rc;
        if (exists)
            out->decision_skipped = true;
        else if ((rc = ap_store_insert_decision(r->store, ref->id, e->date, e->decision, e->by,
                                                e->origin, err)) != AP_OK)
            return rc;
        else
            out->decision_recorded = true;
    }
    return AP_OK;
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
