/* explain.c - plain-words explanations of colours; see explain.h. */
#include "actionplan/explain.h"
#include "actionplan/i18n.h"

#include <stdlib.h>
#include <string.h>

/* What [rules] overdue says, in words, with the setting for whoever edits
 * config.ini. */
static const char *overdue_setting(ap_overdue_mode m)
{
    return m == AP_OVERDUE_RED
               ? TR("en försenad aktivitet blir röd (rules.overdue = red)",
                    "an overdue activity turns red (rules.overdue = red)")
           : m == AP_OVERDUE_YELLOW
               ? TR("en försenad aktivitet blir minst gul (rules.overdue = yellow)",
                    "an overdue activity becomes at least yellow (rules.overdue = yellow)")
               : TR("en försenad aktivitet flaggas bara (rules.overdue = off)",
                    "an overdue activity is only flagged (rules.overdue = off)");
}

static void explain_state_rule(const ap_activity *a, ap_buf *b)
{
    char d[11];
    const char *since = a->state_since != AP_DATE_NONE ? ap_date_format(a->state_since, d) : NULL;
    if (a->eval.rule == AP_RULE_NOT_ACTIVE) {
        if (since)
            ap_buf_printf(b, TR("– Aktiviteten har läget %s sedan %s (regel 1): den listas men "
                                "vägs inte in i någon sammanvägning.\n",
                                "– The activity has the state %s since %s (rule 1): it is listed "
                                "but not rolled up anywhere.\n"),
                          ap_state_label(a->state), since);
        else
            ap_buf_printf(b, TR("– Aktiviteten har läget %s enligt planfilen (regel 1): den "
                                "listas men vägs inte in i någon sammanvägning.\n",
                                "– The activity has the state %s in the plan file (rule 1): it is "
                                "listed but not rolled up anywhere.\n"),
                          ap_state_label(a->state));
    } else {
        ap_buf_printf(b, TR("– Aktiviteten är genomförd%s%s (regel 2): den räknas som grön i "
                            "sammanvägningen och flaggas aldrig som försenad eller inaktuell.\n",
                            "– The activity is completed%s%s (rule 2): it rolls up as green and "
                            "is never flagged overdue or stale.\n"),
                      since ? TR(" sedan ", " since ") : "", since ? since : "");
    }
}

static void explain_report_rule(const ap_activity *a, ap_buf *b)
{
    char d[11];
    if (!a->has_update) {
        ap_buf_puts(b, TR("– Ingen statusrapport ännu (regel 3): ej rapporterad. Den räknas men "
                          "vägs inte in.\n",
                          "– No status report yet (rule 3): unreported. It is counted but not "
                          "rolled up.\n"));
        return;
    }
    const ap_update *u = &a->last;
    ap_buf_printf(b, TR("– Senaste rapporten (regel 3) är från %s", "– The last report (rule 3) is of %s"),
                  ap_date_format(u->date, d));
    if (u->by)
        ap_buf_printf(b, TR(" av %s", " by %s"), u->by);
    ap_buf_printf(b, ": %s", ap_color_label(u->color));
    if (u->progress >= 0)
        ap_buf_printf(b, TR(", %d %% klart", ", %d %% done"), u->progress);
    ap_buf_puts(b, ".\n");
    if (u->comment) {
        ap_buf_puts(b, TR("    Kommentar: ", "    Comment: "));
        ap_buf_indented(b, u->comment, 6);
        ap_buf_putc(b, '\n');
    }
    if (u->cause)
        ap_buf_printf(b, TR("    Orsak: %s\n", "    Cause: %s\n"), u->cause);
    else if (u->color != AP_COLOR_GREEN)
        ap_buf_puts(b, TR("    Orsak saknas i rapporten.\n", "    The report gives no cause.\n"));
    if (u->action)
        ap_buf_printf(b, TR("    Rekommenderad åtgärd: %s\n", "    Recommended action: %s\n"),
                      u->action);
}

static void explain_flags(const ap_snapshot *snap, const ap_activity *a, ap_buf *b)
{
    char d[11], d2[11];
    const ap_activity_eval *e = &a->eval;
    if (e->stale) {
        ap_buf_printf(b, TR("– Inaktuell sedan %s (regel 5): senaste rapporten är %d %s gammal, "
                            "mer än %d %s, gränsen för inaktuell (rules.stale_days). ",
                            "– Stale since %s (rule 5): the last report is %d %s old, more "
                            "than %d %s, the limit for stale (rules.stale_days). "),
                      ap_date_format(e->stale_since, d), e->days_since_update,
                      ap_plural(e->days_since_update, "dag", "dagar", "day", "days"),
                      snap->rules.stale_days,
                      ap_plural(snap->rules.stale_days, "dag", "dagar", "day", "days"));
        if (e->stale_recoloured)
            ap_buf_puts(b, TR("Eftersom inaktuella gröna aktiviteter räknas som gula "
                              "(rules.stale = yellow) blir grönt gult.\n",
                              "Since stale green activities count as yellow (rules.stale = "
                              "yellow), green becomes yellow.\n"));
        else if (snap->rules.stale == AP_STALE_YELLOW)
            ap_buf_puts(b, TR("Inaktuella gröna räknas som gula (rules.stale = yellow), men "
                              "det ändrar bara grönt; färgen står kvar.\n",
                              "Stale green counts as yellow (rules.stale = yellow), which "
                              "changes green only; the colour stays.\n"));
        else
            ap_buf_puts(b, TR("Inaktuell flaggas bara och färgen står kvar (rules.stale = "
                              "flag).\n",
                              "Stale is only flagged and the colour stays (rules.stale = "
                              "flag).\n"));
    }
    if (e->overdue) {
        ap_buf_printf(b, TR("– Försenad sedan %s (regel 4): slutdatum %s har passerat och "
                            "aktiviteten är inte genomförd. Eftersom %s ",
                            "– Overdue since %s (rule 4): the due date %s has passed and the "
                            "activity is not completed. Since %s, "),
                      ap_date_format(e->overdue_since, d), ap_date_format(a->due, d2),
                      overdue_setting(snap->rules.overdue));
        if (e->overdue_recoloured)
            ap_buf_printf(b, TR("blir den %s.\n", "it becomes %s.\n"), ap_status_label(e->status));
        else if (snap->rules.overdue == AP_OVERDUE_OFF)
            ap_buf_puts(b, TR("ändras inte färgen.\n", "the colour is unchanged.\n"));
        else
            ap_buf_printf(b, TR("blir den minst så, och den är redan %s.\n",
                                "it would be at least that, and it already is %s.\n"),
                          ap_status_label(e->status));
    }
}

static void explain_activity(const ap_snapshot *snap, const ap_activity *a, ap_buf *b)
{
    char d[11];
    ap_buf_printf(b, TR("Aktivitet %s %s\n", "Activity %s %s\n"), a->code, a->title);
    ap_buf_printf(b, TR("Status per %s: %s\n\n", "Status as of %s: %s\n\n"),
                  ap_date_format(snap->as_of, d), ap_status_label(a->eval.status));
    if (a->eval.rule == AP_RULE_NOT_STARTED)
        ap_buf_printf(b, TR("– Aktiviteten startar %s och har ingen rapport ännu (regel 1): den "
                            "listas men vägs inte in och ingen påminns om den.\n",
                            "– The activity starts on %s and has no report yet (rule 1): it is "
                            "listed but not rolled up, and nobody is chased for it.\n"),
                      ap_date_format(a->start, d));
    else if (a->eval.rule == AP_RULE_NOT_ACTIVE || a->eval.rule == AP_RULE_COMPLETED)
        explain_state_rule(a, b);
    else
        explain_report_rule(a, b);
    explain_flags(snap, a, b);
    if (a->has_decision)
        ap_buf_printf(b, TR("– Senaste beslut i styrgruppen (%s): %s\n",
                            "– Latest steering-group decision (%s): %s\n"),
                      ap_date_format(a->last_decision.date, d), a->last_decision.text);
    if (a->removed)
        ap_buf_puts(b, TR("– Aktiviteten är borttagen ur planfilen och vägs inte in.\n",
                          "– The activity was removed from the plan file and is not rolled up.\n"));
    ap_buf_printf(b, TR("\nAlltså: %s.\n", "\nHence: %s.\n"), ap_status_label(a->eval.status));
}

void ap_explain_activity_short(const ap_snapshot *snap, const ap_activity *a, ap_buf *out)
{
    char d[11];
    (void)snap;
    size_t start = out->len;
    if (a->eval.overdue)
        ap_buf_printf(out, TR("försenad sedan %s", "overdue since %s"),
                      ap_date_format(a->eval.overdue_since, d));
    if (a->eval.stale)
        ap_buf_printf(out, TR("%singen rapport på %d %s", "%sno report for %d %s"),
                      out->len > start ? "; " : "", a->eval.days_since_update,
                      ap_plural(a->eval.days_since_update, "dag", "dagar", "day", "days"));
    if (a->has_update && a->last.color != AP_COLOR_GREEN)
        ap_buf_printf(out, TR("%srapporterad %s %s", "%sreported %s on %s"),
                      out->len > start ? "; " : "", ap_color_label(a->last.color),
                      ap_date_format(a->last.date, d));
    if (ap_activity_cause_missing(a))
        ap_buf_printf(out, "%s%s", out->len > start ? "; " : "", TR("orsak saknas", "cause missing"));
}

/* ---- nodes ------------------------------------------------------------------ */

static int by_severity(const void *x, const void *y)
{
    const ap_activity *a = *(ap_activity *const *)x, *b = *(ap_activity *const *)y;
    int sa = ap_rules_score(a->eval.status), sb = ap_rules_score(b->eval.status);
    if (sa != sb)
        return sa - sb;
    return (a > b) - (a < b);
}

/* The weighted average in tenths of a point, rounded half up (84.375 is
 * 84.4) - except that a score just under a threshold is never shown as
 * the threshold itself (79.96 is 79.9, not 80.0, since it is not green).
 * The thresholds are the ones the roll-up was held against. */
static long long score_tenths(const ap_rollup *r)
{
    long long tenths = (r->score_sum * 20 + r->weight_sum) / (2 * r->weight_sum);
    const int limits[2] = {r->green_min, r->yellow_min};
    for (int i = 0; i < 2; i++)
        if (r->score_sum < (long long)limits[i] * r->weight_sum && tenths >= limits[i] * 10LL)
            tenths = limits[i] * 10LL - 1;
    return tenths;
}

/* The average method in plain words: what a score and a weight are (the
 * scores are the rules' own, ap_rules_score), the sum, and the thresholds
 * the roll-up recorded, each setting named after what it means. */
static void explain_average(const ap_rollup *r, ap_buf *b)
{
    long long tenths = score_tenths(r);
    ap_buf_printf(b,
                  TR("– Sammanvägning med viktat medelvärde (rollup.method = average): varje "
                     "aktivitet ger poäng efter sin status: grön och genomförd %d, gul %d, röd %d; "
                     "dess vikt (weight i planfilen, annars 1) säger hur mycket den väger. Poäng "
                     "gånger vikt, summerat, delat med vikternas summa: %lld / %lld = %lld,%lld "
                     "poäng av %d, över %d %s.\n",
                     "– Rolled up by weighted average (rollup.method = average): each activity "
                     "scores points by its status: green and completed %d, yellow %d, red %d; "
                     "its weight (weight in the plan file, else 1) says how much it counts. "
                     "Points times weight, summed, divided by the sum of the weights: %lld / "
                     "%lld = %lld.%lld points out of %d, over %d %s.\n"),
                  ap_rules_score(AP_ST_GREEN), ap_rules_score(AP_ST_YELLOW),
                  ap_rules_score(AP_ST_RED), r->score_sum, r->weight_sum, tenths / 10,
                  tenths % 10, AP_RULES_SCORE_MAX, r->rolled,
                  ap_plural(r->rolled, "aktivitet", "aktiviteter", "activity", "activities"));
    const char *verdict = r->reason == AP_ROLLUP_BY_AVG_GREEN
                              ? TR("når gränsen för grön", "reaches the mark for green")
                          : r->reason == AP_ROLLUP_BY_AVG_YELLOW
                              ? TR("är under gränsen för grön men når den för gul",
                                   "is under the mark for green but reaches the one for yellow")
                              : TR("är under gränsen för gul", "is under the mark for yellow");
    ap_buf_printf(b,
                  TR("  Grön kräver minst %d poäng (rollup.green_min), gul minst %d "
                     "(rollup.yellow_min): %lld,%lld %s → %s.\n",
                     "  Green needs at least %d points (rollup.green_min), yellow at least %d "
                     "(rollup.yellow_min): %lld.%lld %s → %s.\n"),
                  r->green_min, r->yellow_min, tenths / 10, tenths % 10, verdict,
                  ap_status_label(r->status));
}

/* The rule of the worst, as the roll-up recorded it. */
static const char *worst_words(ap_rollup_reason reason)
{
    switch (reason) {
    case AP_ROLLUP_BY_ANY_RED: return TR("minst en röd ger röd", "any red gives red");
    case AP_ROLLUP_BY_ANY_YELLOW:
        return TR("ingen röd men minst en gul ger gul", "no red but a yellow gives yellow");
    default: return TR("bara gröna och genomförda ger grön", "only green and completed gives green");
    }
}

static void explain_node(const ap_snapshot *snap, const char *label, const ap_rollup *r,
                         ap_activity **acts, size_t n, ap_buf *b)
{
    char d[11];
    const ap_counts *c = &r->counts;
    ap_buf_printf(b, "%s\n", label);
    ap_buf_printf(b, TR("Sammanvägd status per %s: %s\n\n", "Rolled-up status as of %s: %s\n\n"),
                  ap_date_format(snap->as_of, d), ap_status_label(r->status));
    int total = ap_counts_total(c);
    ap_buf_printf(b, "– %d %s: ", total,
                  ap_plural(total, "aktivitet", "aktiviteter", "activity", "activities"));
    ap_counts_words(b, c);
    ap_buf_puts(b, ".\n");
    if (r->reason == AP_ROLLUP_BY_NOTHING)
        ap_buf_puts(b, TR("– Inget att väga samman: ingen aktivitet är grön, gul, röd eller "
                          "genomförd.\n",
                          "– Nothing to roll up: no activity is green, yellow, red or "
                          "completed.\n"));
    else if (r->method == AP_ROLLUP_WORST)
        ap_buf_printf(b, TR("– Sammanvägning efter den sämsta (rollup.method = worst): %s.\n",
                            "– Rolled up by the worst (rollup.method = worst): %s.\n"),
                      worst_words(r->reason));
    else
        explain_average(r, b);
    /* The activities that pull it down, worst first */
    ap_activity **down = ap_xcalloc(n + 1, sizeof *down);
    size_t nd = 0;
    for (size_t i = 0; i < n; i++)
        if (acts[i]->eval.status == AP_ST_RED || acts[i]->eval.status == AP_ST_YELLOW)
            down[nd++] = acts[i];
    qsort(down, nd, sizeof *down, by_severity);
    if (nd)
        ap_buf_puts(b, TR("\nDrar ned:\n", "\nPulling it down:\n"));
    for (size_t i = 0; i < nd; i++) {
        ap_buf_puts(b, "  ");
        ap_buf_pad(b, down[i]->code, 9);
        ap_buf_pad(b, ap_status_label(down[i]->eval.status), 5);
        ap_buf_printf(b, " %s", down[i]->title);
        ap_buf reason = {0};
        ap_explain_activity_short(snap, down[i], &reason);
        if (reason.len)
            ap_buf_printf(b, " (%s)", ap_buf_str(&reason));
        ap_buf_free(&reason);
        ap_buf_putc(b, '\n');
    }
    free(down);
    if (c->unreported) {
        ap_buf_puts(b, TR("\nEj rapporterade (räknas, vägs inte in):",
                          "\nUnreported (counted, not rolled up):"));
        for (size_t i = 0; i < n; i++)
            if (acts[i]->eval.status == AP_ST_UNREPORTED)
                ap_buf_printf(b, " %s", acts[i]->code);
        ap_buf_putc(b, '\n');
    }
}

ap_rc ap_explain(const ap_snapshot *snap, const char *code, ap_buf *out, ap_error *err)
{
    const ap_activity *a = ap_snapshot_activity(snap, code);
    if (a) {
        explain_activity(snap, a, out);
        return AP_OK;
    }
    ap_buf label = {0};
    ap_activity **acts = ap_xcalloc(snap->n_activities + 1, sizeof *acts);
    size_t n = 0;
    const ap_rollup *r = NULL;
    const ap_initiative *in = ap_snapshot_initiative(snap, code);
    const ap_focus *fa = ap_snapshot_focus(snap, code);
    bool whole = strcmp(code, "plan") == 0 || strcmp(code, "planen") == 0;
    for (size_t i = 0; i < snap->n_activities; i++) {
        ap_activity *x = &snap->activities[i];
        if (!x->removed && (whole || (in && x->initiative == in) || (fa && x->focus == fa)))
            acts[n++] = x;
    }
    if (in) {
        r = &in->rollup;
        ap_buf_printf(&label, TR("Insatsområde %s %s", "Initiative area %s %s"), in->code, in->title);
    } else if (fa) {
        r = &fa->rollup;
        ap_buf_printf(&label, TR("Fokusområde %s %s", "Focus area %s %s"), fa->code, fa->title);
    } else if (whole) {
        r = &snap->rollup;
        ap_buf_printf(&label, TR("Planen %s", "The plan %s"), snap->title);
    }
    ap_rc rc = AP_OK;
    if (r)
        explain_node(snap, ap_buf_str(&label), r, acts, n, out);
    else
        rc = ap_error_set(err, AP_E_NOTFOUND,
                          TR("'%s' är ingen aktivitet, inget insatsområde eller fokusområde i "
                             "planen (eller skriv 'plan' för hela planen)",
                             "'%s' is no activity, initiative area or focus area of the plan "
                             "(or write 'plan' for the whole plan)"),
                          code);
    free(acts);
    ap_buf_free(&label);
    return rc;
}
