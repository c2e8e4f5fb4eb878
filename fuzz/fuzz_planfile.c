/*
 * fuzz_planfile.c - the plan-file loader (ap_plan_parse: the inih wrapper,
 * collection of sections and keys, conversion, structure checks).
 *
 * Beyond memory safety it checks the loader's promises: a refused file
 * gets a message naming the file; an accepted plan is whole (every
 * activity under an initiative area in the file, every initiative area
 * under a focus area, every text valid UTF-8, every code valid) and its
 * lookups find what it holds.
 */
#include "fuzz_common.h"

#include "actionplan/planfile.h"
#include "actionplan/util.h"

static void check_text(const char *what, const char *s, bool required)
{
    if (!s) {
        if (required)
            fuzz_fail("required text missing", what);
        return;
    }
    if (!ap_utf8_valid(s, strlen(s), NULL))
        fuzz_fail("invalid UTF-8 in an accepted plan", what);
    if (required && ap_blank(s))
        fuzz_fail("blank required text", what);
}

static void check_plan(const ap_plan_def *d)
{
    check_text("id", d->id, true);
    check_text("title", d->title, true);
    check_text("organisation", d->organisation, false);
    check_text("period", d->period, false);
    check_text("process_lead", d->process_lead, false);
    check_text("description", d->description, false);
    for (size_t i = 0; i < d->n_goals; i++) {
        const ap_def_goal *g = &d->goals[i];
        if (!ap_goal_code_valid(g->code) || ap_plan_def_goal(d, g->code) == NULL)
            fuzz_fail("goal code", g->code);
        check_text("goal title", g->title, true);
        if (g->target == g->baseline || g->target_date <= g->baseline_date)
            fuzz_fail("goal accepted with target equal to baseline or dates in wrong order",
                      g->code);
    }
    for (size_t i = 0; i < d->n_focus; i++) {
        if (!ap_code_valid(d->focus[i].code, 1))
            fuzz_fail("focus code", d->focus[i].code);
        check_text("focus title", d->focus[i].title, true);
    }
    for (size_t i = 0; i < d->n_initiatives; i++) {
        const ap_def_initiative *in = &d->initiatives[i];
        if (!ap_code_valid(in->code, 2))
            fuzz_fail("initiative code", in->code);
        check_text("initiative title", in->title, true);
        bool parent = false;
        for (size_t f = 0; f < d->n_focus; f++)
            parent |= strcmp(d->focus[f].code, in->focus_code) == 0;
        if (!parent)
            fuzz_fail("initiative without its focus area", in->code);
    }
    for (size_t i = 0; i < d->n_activities; i++) {
        const ap_def_activity *a = &d->activities[i];
        if (!ap_code_valid(a->code, 3) || ap_plan_def_activity(d, a->code) != a)
            fuzz_fail("activity code", a->code);
        check_text("activity title", a->title, true);
        check_text("activity owner", a->owner, true);
        check_text("activity responsible", a->responsible, false);
        for (size_t p = 0; p < a->n_participants; p++)
            check_text("participant", a->participants[p], true);
        for (size_t g = 0; g < a->n_goals; g++)
            if (!ap_plan_def_goal(d, a->goals[g]))
                fuzz_fail("activity linked to a missing goal", a->goals[g]);
        if (a->weight < 1 || a->weight > 1000 || a->n_sdgs > AP_SDG_MAX)
            fuzz_fail("weight or SDG count out of range", a->code);
        if (a->start != AP_DATE_NONE && a->due != AP_DATE_NONE && a->due < a->start)
            fuzz_fail("due before start accepted", a->code);
        bool parent = false;
        for (size_t n = 0; n < d->n_initiatives; n++)
            parent |= strcmp(d->initiatives[n].code, a->initiative_code) == 0;
        if (!parent)
            fuzz_fail("activity without its initiative area", a->code);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup_once();
    ap_set_language(size % 2 ? AP_LANG_EN : AP_LANG_SV);
    ap_plan_def *def = NULL;
    ap_error err;
    ap_error_clear(&err);
    ap_rc rc = ap_plan_parse((const char *)data, size, "fuzz.ini", &def, &err);
    fuzz_check_error(rc, &err, "fuzz.ini");
    if (rc == AP_OK) {
        if (!def)
            fuzz_fail("success without a plan", NULL);
        check_plan(def);
    } else if (def) {
        fuzz_fail("failure with a plan", err.msg);
    }
    ap_plan_def_free(def);
    return 0;
}
