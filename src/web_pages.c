/* web_pages.c - the public pages, rendered from the snapshot with the
 * library's own words (explain.c, report.c); see web_internal.h. */
#include "web_internal.h"

#include "actionplan/explain.h"
#include "actionplan/i18n.h"
#include "actionplan/model.h"
#include "actionplan/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- pieces --------------------------------------------------------------- */

static void path_of(const web_ctx *c, char *out, size_t size, const char *what,
                    const char *code)
{
    if (code)
        snprintf(out, size, "/plans/%s/%s/%s", c->key, what, code);
    else if (what)
        snprintf(out, size, "/plans/%s/%s", c->key, what);
    else
        snprintf(out, size, "/plans/%s", c->key);
}

static void h(ap_buf *b, int level, const char *text)
{
    ap_buf_printf(b, "<h%d>", level);
    ap_html_escape(b, text);
    ap_buf_printf(b, "</h%d>\n", level);
}

/* "Läget per 2017-12-15" under every heading of a plan's page. */
static void as_of_line(ap_buf *b, ap_date as_of)
{
    ap_buf_printf(b, "<p>%s ", TR("Läget per", "As of"));
    web_date(b, as_of);
    ap_buf_puts(b, "</p>\n");
}

static void flags(ap_buf *b, const ap_activity *a)
{
    if (a->eval.overdue)
        ap_buf_printf(b, " <span class=\"flag\">%s</span>", TR("försenad", "overdue"));
    if (a->eval.stale)
        ap_buf_printf(b, " <span class=\"flag\">%s</span>", TR("inaktuell", "stale"));
    if (ap_activity_cause_missing(a))
        ap_buf_printf(b, " <span class=\"flag\">%s</span>", TR("orsak saknas", "cause missing"));
}

static void th_cols(ap_buf *b, const char *const *cols, int n)
{
    ap_buf_puts(b, "<thead><tr>");
    for (int i = 0; i < n; i++)
        ap_buf_printf(b, "<th scope=\"col\">%s</th>", cols[i]);
    ap_buf_puts(b, "</tr></thead>\n<tbody>\n");
}

static void activity_link_cell(web_ctx *c, const ap_activity *a)
{
    char p[256];
    path_of(c, p, sizeof p, "activities", a->code);
    ap_buf_puts(&c->res->body, "<th scope=\"row\">");
    web_link(c, p, a->code);
    ap_buf_puts(&c->res->body, "</th>");
}

/* A table of activities: code, title, owner, status, due. */
static void activity_table(web_ctx *c, ap_activity *const *list, size_t n, const char *caption,
                           bool caption_shown)
{
    ap_buf *b = &c->res->body;
    const char *cols[] = {TR("Kod", "Code"), AP_WORD(ACTIVITY),
                          AP_WORD(OWNER), TR("Status", "Status"),
                          AP_WORD(DUE)};
    web_table_begin(b, caption, caption_shown);
    th_cols(b, cols, 5);
    for (size_t i = 0; i < n; i++) {
        const ap_activity *a = list[i];
        ap_buf_puts(b, "<tr>");
        activity_link_cell(c, a);
        ap_buf_puts(b, "<td>");
        ap_html_escape(b, a->title);
        ap_buf_puts(b, "</td><td>");
        web_text(b, a->owner);
        ap_buf_puts(b, "</td><td>");
        web_status(b, a->eval.status);
        flags(b, a);
        ap_buf_puts(b, "</td><td>");
        web_date(b, a->due);
        ap_buf_puts(b, "</td></tr>\n");
    }
    web_table_end(b);
}

/* The page's snapshot: the one the caller loaded for many pages (c->snap:
 * the static site's, with every activity's history), or its own. */
static ap_snapshot *snapshot_of(web_ctx *c, const char *only_code)
{
    return c->snap ? c->snap : web_snapshot(c, only_code);
}

static void snapshot_done(const web_ctx *c, ap_snapshot *snap)
{
    if (snap != c->snap)
        ap_snapshot_free(snap);
}

static void crumbs_plan(web_ctx *c, const ap_snapshot *snap, const char *here, const char *title)
{
    char p[160];
    path_of(c, p, sizeof p, NULL, NULL);
    const char *crumbs[] = {"/", TR("Planer", "Plans"), p, snap->title, NULL, here};
    web_page_begin(c, title, crumbs, here ? 3 : 2);
}

/* ---- the start page ------------------------------------------------------- */

void web_page_index(web_ctx *c)
{
    ap_arena arena = {0};
    ap_public_plan *plans = NULL;
    size_t n = 0;
    ap_error err;
    ap_error_clear(&err);
    if (ap_store_public_plans(c->s, &arena, &plans, &n, &err) != AP_OK) {
        web_failed(c, &err);
        ap_arena_free(&arena);
        return;
    }
    ap_buf *b = &c->res->body;
    const char *crumbs[] = {NULL, TR("Planer", "Plans")};
    web_page_begin(c, TR("Planer", "Plans"), crumbs, 1);
    h(b, 1, TR("Publicerade handlingsplaner", "Published action plans"));
    if (n == 0)
        ap_buf_printf(b, "<p>%s</p>\n", TR("Inga planer är publicerade.", "No plans are published."));
    else
        ap_buf_puts(b, "<ul class=\"plans\">\n");
    for (size_t i = 0; i < n; i++) {
        char p[160];
        snprintf(p, sizeof p, "/plans/%s", plans[i].key);
        ap_buf_puts(b, "<li>");
        web_link(c, p, plans[i].title);
        if (plans[i].period) {
            ap_buf_puts(b, " (");
            ap_html_escape(b, plans[i].period);
            ap_buf_puts(b, ")");
        }
        ap_buf_puts(b, "</li>\n");
    }
    if (n)
        ap_buf_puts(b, "</ul>\n");
    web_page_end(c, true);
    ap_arena_free(&arena);
}

/* ---- a plan --------------------------------------------------------------- */

static void focus_table(web_ctx *c, const ap_snapshot *snap)
{
    ap_buf *b = &c->res->body;
    const char *cols[] = {TR("Kod", "Code"), AP_WORD(FOCUS),
                          TR("Status", "Status"), TR("Aktiviteter", "Activities")};
    web_table_begin(b, TR("Fokusområden", "Focus areas"), false);
    th_cols(b, cols, 4);
    for (size_t f = 0; f < snap->n_focus; f++) {
        const ap_focus *fa = &snap->focus[f];
        char p[160];
        path_of(c, p, sizeof p, "focus", fa->code);
        ap_buf_puts(b, "<tr><th scope=\"row\">");
        ap_html_escape(b, fa->code);
        ap_buf_puts(b, "</th><td>");
        web_link(c, p, fa->title);
        ap_buf_puts(b, "</td><td>");
        web_status(b, fa->rollup.status);
        ap_buf_puts(b, "</td><td>");
        ap_counts_words(b, &fa->rollup.counts);
        ap_buf_puts(b, "</td></tr>\n");
    }
    web_table_end(b);
}

void web_page_plan(web_ctx *c)
{
    ap_snapshot *snap = snapshot_of(c, NULL);
    if (!snap)
        return;
    ap_buf *b = &c->res->body;
    crumbs_plan(c, snap, NULL, snap->title);
    h(b, 1, snap->title);
    as_of_line(b, snap->as_of);
    ap_buf_printf(b, "<dl class=\"facts\">\n<dt>%s</dt><dd>", TR("Period", "Period"));
    web_text(b, snap->period);
    ap_buf_printf(b, "</dd>\n<dt>%s</dt><dd>", TR("Organisation", "Organisation"));
    web_text(b, snap->organisation);
    ap_buf_printf(b, "</dd>\n<dt>%s</dt><dd>", TR("Hela planens status", "The whole plan's status"));
    web_status(b, snap->rollup.status);
    ap_buf_puts(b, "</dd>\n</dl>\n");
    h(b, 2, TR("Fokusområden", "Focus areas"));
    focus_table(c, snap);
    h(b, 2, TR("Antal aktiviteter", "Activities by status"));
    web_counts_table(b, &snap->rollup.counts, TR("Hela planen", "The whole plan"));
    h(b, 2, TR("Mer", "More"));
    char p[160];
    ap_buf_puts(b, "<ul>\n<li>");
    path_of(c, p, sizeof p, "deviations", NULL);
    web_link(c, p, TR("Avvikelser", "Deviations"));
    ap_buf_puts(b, "</li>\n<li>");
    path_of(c, p, sizeof p, "chase", NULL);
    web_link(c, p, TR("Att påminna", "To chase"));
    ap_buf_puts(b, "</li>\n<li>");
    path_of(c, p, sizeof p, "goals", NULL);
    web_link(c, p, TR("Mål och indikatorer", "Goals and indicators"));
    if (!c->site) { /* a static site has no API */
        ap_buf_puts(b, "</li>\n<li>");
        snprintf(p, sizeof p, "/api/v1/plans/%s", c->key);
        web_link(c, p, TR("Planen som JSON", "The plan as JSON"));
    }
    ap_buf_puts(b, "</li>\n</ul>\n");
    web_site_annual_links(c);
    web_page_end(c, true);
    snapshot_done(c, snap);
}

/* ---- a focus area, an initiative area ------------------------------------- */

void web_page_focus(web_ctx *c, const char *code)
{
    ap_snapshot *snap = snapshot_of(c, NULL);
    if (!snap)
        return;
    const ap_focus *fa = ap_snapshot_focus(snap, code);
    if (!fa) {
        web_not_found(c);
        snapshot_done(c, snap);
        return;
    }
    ap_buf *b = &c->res->body;
    ap_buf title = {0};
    ap_buf_printf(&title, TR("Fokusområde %s: %s", "Focus area %s: %s"), fa->code, fa->title);
    crumbs_plan(c, snap, ap_buf_str(&title), ap_buf_str(&title));
    h(b, 1, ap_buf_str(&title));
    as_of_line(b, snap->as_of);
    ap_buf_printf(b, "<dl class=\"facts\">\n<dt>%s</dt><dd>", TR("Status", "Status"));
    web_status(b, fa->rollup.status);
    if (fa->lead) {
        ap_buf_printf(b, "</dd>\n<dt>%s</dt><dd>", AP_WORD(LEAD));
        ap_html_escape(b, fa->lead);
    }
    ap_buf_puts(b, "</dd>\n</dl>\n");
    h(b, 2, TR("Insatsområden", "Initiative areas"));
    const char *cols[] = {TR("Kod", "Code"), AP_WORD(INITIATIVE),
                          TR("Status", "Status")};
    web_table_begin(b, TR("Insatsområden", "Initiative areas"), false);
    th_cols(b, cols, 3);
    for (size_t i = 0; i < fa->n_initiatives; i++) {
        const ap_initiative *in = fa->initiatives[i];
        char p[160];
        path_of(c, p, sizeof p, "initiatives", in->code);
        ap_buf_puts(b, "<tr><th scope=\"row\">");
        ap_html_escape(b, in->code);
        ap_buf_puts(b, "</th><td>");
        web_link(c, p, in->title);
        ap_buf_puts(b, "</td><td>");
        web_status(b, in->rollup.status);
        ap_buf_puts(b, "</td></tr>\n");
    }
    web_table_end(b);
    h(b, 2, TR("Antal aktiviteter", "Activities by status"));
    web_counts_table(b, &fa->rollup.counts, ap_buf_str(&title));
    web_page_end(c, true);
    ap_buf_free(&title);
    snapshot_done(c, snap);
}

void web_page_initiative(web_ctx *c, const char *code)
{
    ap_snapshot *snap = snapshot_of(c, NULL);
    if (!snap)
        return;
    const ap_initiative *in = ap_snapshot_initiative(snap, code);
    if (!in) {
        web_not_found(c);
        snapshot_done(c, snap);
        return;
    }
    ap_buf *b = &c->res->body;
    ap_buf title = {0};
    ap_buf_printf(&title, TR("Insatsområde %s: %s", "Initiative area %s: %s"), in->code,
                  in->title);
    crumbs_plan(c, snap, ap_buf_str(&title), ap_buf_str(&title));
    h(b, 1, ap_buf_str(&title));
    as_of_line(b, snap->as_of);
    char p[160];
    path_of(c, p, sizeof p, "focus", in->focus->code);
    ap_buf_printf(b, "<dl class=\"facts\">\n<dt>%s</dt><dd>", AP_WORD(FOCUS));
    web_link(c, p, in->focus->title);
    ap_buf_printf(b, "</dd>\n<dt>%s</dt><dd>", TR("Status", "Status"));
    web_status(b, in->rollup.status);
    if (in->approach) {
        ap_buf_printf(b, "</dd>\n<dt>%s</dt><dd>", TR("Genom att", "By"));
        ap_html_escape(b, in->approach);
    }
    ap_buf_puts(b, "</dd>\n</dl>\n");
    h(b, 2, TR("Aktiviteter", "Activities"));
    ap_activity **list = ap_xcalloc(in->n_activities + 1, sizeof *list);
    size_t n = 0;
    for (size_t k = 0; k < in->n_activities; k++)
        if (!in->activities[k]->removed)
            list[n++] = in->activities[k];
    activity_table(c, list, n, ap_buf_str(&title), false);
    free(list);
    web_page_end(c, true);
    ap_buf_free(&title);
    snapshot_done(c, snap);
}

/* ---- an activity ---------------------------------------------------------- */

static void fact(ap_buf *b, const char *label, const char *value)
{
    ap_buf_puts(b, "<dt>");
    ap_html_escape(b, label);
    ap_buf_puts(b, "</dt><dd>");
    web_text(b, value);
    ap_buf_puts(b, "</dd>\n");
}

static void activity_facts(web_ctx *c, const ap_activity *a)
{
    ap_buf *b = &c->res->body;
    char d1[11], d2[11], num[32];
    char p[160];
    ap_buf_puts(b, "<dl class=\"facts\">\n");
    ap_buf_printf(b, "<dt>%s</dt><dd>", AP_WORD(INITIATIVE));
    path_of(c, p, sizeof p, "initiatives", a->initiative->code);
    web_link(c, p, a->initiative->title);
    ap_buf_printf(b, "</dd>\n<dt>%s</dt><dd>", TR("Status", "Status"));
    web_status(b, a->eval.status);
    flags(b, a);
    ap_buf_puts(b, "</dd>\n");
    fact(b, AP_WORD(STATE), ap_state_label(a->state));
    fact(b, AP_WORD(OWNER), a->owner);
    if (c->cfg->show_people) {
        ap_buf names = {0};
        for (size_t i = 0; i < a->n_participants; i++)
            ap_buf_printf(&names, "%s%s", i ? ", " : "", a->participants[i]);
        fact(b, AP_WORD(RESPONSIBLE), a->responsible);
        fact(b, AP_WORD(PARTICIPANTS), names.len ? ap_buf_str(&names) : NULL);
        ap_buf_free(&names);
    }
    fact(b, AP_WORD(START), a->start == AP_DATE_NONE ? NULL : ap_date_format(a->start, d1));
    fact(b, AP_WORD(DUE), a->due == AP_DATE_NONE ? NULL : ap_date_format(a->due, d2));
    web_kronor(num, sizeof num, a->budget);
    fact(b, AP_WORD(BUDGET), a->budget < 0 ? NULL : num);
    web_kronor(num, sizeof num, a->spent);
    fact(b, AP_WORD(SPENT), num);
    ap_buf_puts(b, "</dl>\n");
}

static void updates_table(ap_buf *b, const ap_activity *a, bool people)
{
    const char *cols[] = {TR("Datum", "Date"), TR("Status", "Status"), AP_WORD(PROGRESS),
                          TR("Kommentar", "Comment"), TR("Orsak", "Cause"),
                          TR("Rekommenderad åtgärd", "Recommended action"), TR("Av", "By")};
    if (a->history->n_updates == 0) {
        web_table_none(b, TR("Statusrapporter", "Status reports"));
        return;
    }
    web_table_begin(b, TR("Statusrapporter", "Status reports"), true);
    th_cols(b, cols, people ? 7 : 6);
    for (size_t i = 0; i < a->history->n_updates; i++) {
        const ap_update *u = &a->history->updates[i];
        ap_buf_puts(b, "<tr><th scope=\"row\">");
        web_date(b, u->date);
        ap_buf_puts(b, "</th><td>");
        web_status(b, ap_status_from_color(u->color));
        ap_buf_puts(b, "</td><td class=\"num\">");
        if (u->progress >= 0)
            ap_buf_printf(b, "%d %%", u->progress);
        else
            ap_buf_puts(b, "–");
        const char *texts[] = {u->comment, u->cause, u->action, u->by};
        for (int k = 0; k < (people ? 4 : 3); k++) {
            ap_buf_puts(b, "</td><td>");
            web_text(b, texts[k]);
        }
        ap_buf_puts(b, "</td></tr>\n");
    }
    web_table_end(b);
}

static void states_table(ap_buf *b, const ap_activity *a)
{
    const char *cols[] = {TR("Datum", "Date"), TR("Från", "From"), TR("Till", "To"),
                          TR("Anteckning", "Note")};
    if (a->history->n_states == 0) {
        web_table_none(b, TR("Lägesändringar", "State changes"));
        return;
    }
    web_table_begin(b, TR("Lägesändringar", "State changes"), true);
    th_cols(b, cols, 4);
    for (size_t i = 0; i < a->history->n_states; i++) {
        const ap_state_change *s = &a->history->states[i];
        ap_buf_puts(b, "<tr><th scope=\"row\">");
        web_date(b, s->date);
        ap_buf_puts(b, "</th><td>");
        web_text(b, ap_state_label(s->from));
        ap_buf_puts(b, "</td><td>");
        web_text(b, ap_state_label(s->to));
        ap_buf_puts(b, "</td><td>");
        web_text(b, s->note);
        ap_buf_puts(b, "</td></tr>\n");
    }
    web_table_end(b);
}

static void decisions_table(ap_buf *b, const ap_activity *a)
{
    const char *cols[] = {TR("Datum", "Date"), TR("Beslut", "Decision")};
    if (a->history->n_decisions == 0) {
        web_table_none(b, TR("Styrgruppens beslut", "The steering group's decisions"));
        return;
    }
    web_table_begin(b, TR("Styrgruppens beslut", "The steering group's decisions"), true);
    th_cols(b, cols, 2);
    for (size_t i = 0; i < a->history->n_decisions; i++) {
        ap_buf_puts(b, "<tr><th scope=\"row\">");
        web_date(b, a->history->decisions[i].date);
        ap_buf_puts(b, "</th><td>");
        web_text(b, a->history->decisions[i].text);
        ap_buf_puts(b, "</td></tr>\n");
    }
    web_table_end(b);
}

static void plan_edits_table(ap_buf *b, const ap_activity *a)
{
    const char *cols[] = {TR("Gäller från", "Effective"), TR("Uppgift", "Field"),
                          TR("Före", "Before"), TR("Efter", "After")};
    if (a->history->n_plan_edits == 0) {
        web_table_none(b, TR("Ändringar i planen", "Changes in the plan"));
        return;
    }
    web_table_begin(b, TR("Ändringar i planen", "Changes in the plan"), true);
    th_cols(b, cols, 4);
    for (size_t i = 0; i < a->history->n_plan_edits; i++) {
        const ap_change *e = &a->history->plan_edits[i];
        ap_buf_puts(b, "<tr><th scope=\"row\">");
        web_date(b, e->date);
        ap_buf_puts(b, "</th><td>");
        web_text(b, e->field);
        ap_buf_puts(b, "</td><td>");
        web_text(b, e->old_value);
        ap_buf_puts(b, "</td><td>");
        web_text(b, e->new_value);
        ap_buf_puts(b, "</td></tr>\n");
    }
    web_table_end(b);
}

void web_page_activity(web_ctx *c, const char *code)
{
    ap_snapshot *snap = snapshot_of(c, code);
    if (!snap)
        return;
    const ap_activity *a = ap_snapshot_activity(snap, code);
    if (!a || a->removed) {
        web_not_found(c);
        snapshot_done(c, snap);
        return;
    }
    ap_buf *b = &c->res->body;
    ap_buf title = {0};
    ap_buf_printf(&title, TR("Aktivitet %s: %s", "Activity %s: %s"), a->code, a->title);
    crumbs_plan(c, snap, ap_buf_str(&title), ap_buf_str(&title));
    h(b, 1, ap_buf_str(&title));
    as_of_line(b, snap->as_of);
    activity_facts(c, a);
    h(b, 2, TR("Varför den har sin status", "Why it has its status"));
    ap_buf why = {0};
    ap_error err;
    ap_error_clear(&err);
    if (ap_explain(snap, a->code, &why, &err) == AP_OK) {
        ap_buf_puts(b, "<p class=\"explain\">");
        ap_html_escape(b, ap_buf_str(&why));
        ap_buf_puts(b, "</p>\n");
    }
    h(b, 2, TR("Historik", "History"));
    updates_table(b, a, c->cfg->show_people);
    states_table(b, a);
    decisions_table(b, a);
    plan_edits_table(b, a);
    web_page_end(c, true);
    ap_buf_free(&why);
    ap_buf_free(&title);
    snapshot_done(c, snap);
}

/* ---- deviations and whom to chase: the steering pack's lists -------------- */

/* The pack's lists as of the page's date, people hidden as on every page. */
static ap_steering *steering(web_ctx *c)
{
    ap_steering *st = NULL;
    ap_error err;
    ap_error_clear(&err);
    ap_report_time t = {c->upto, AP_DATE_NONE};
    if (ap_steering_build_at(c->s, c->plan_id, c->cfg, c->as_of, AP_DATE_NONE,
                             c->upto > 0 ? &t : NULL, &st, &err) != AP_OK) {
        web_failed(c, &err);
        return NULL;
    }
    if (!c->cfg->show_people)
        ap_snapshot_hide_people(st->snap);
    return st;
}

static void deviation_row(web_ctx *c, const ap_activity *a, ap_buf *tmp)
{
    ap_buf *b = &c->res->body;
    char d[11];
    ap_buf_puts(b, "<tr>");
    activity_link_cell(c, a);
    ap_buf_puts(b, "<td>");
    ap_html_escape(b, a->title);
    ap_buf_puts(b, "</td><td>");
    web_status(b, a->eval.status);
    flags(b, a);
    ap_buf_puts(b, "</td><td>");
    const char *cause = ap_deviation_text(a, false, tmp);
    web_text(b, cause ? cause : TR("orsak saknas", "cause missing"));
    ap_buf_puts(b, "</td><td>");
    web_text(b, ap_deviation_text(a, true, tmp));
    ap_buf_puts(b, "</td><td>");
    if (a->has_decision) {
        ap_buf_printf(b, "%s: ", ap_date_format(a->last_decision.date, d));
        ap_html_escape(b, a->last_decision.text);
    } else {
        ap_buf_puts(b, "–");
    }
    ap_buf_puts(b, "</td></tr>\n");
}

void web_page_deviations(web_ctx *c)
{
    ap_steering *st = steering(c);
    if (!st)
        return;
    ap_buf *b = &c->res->body;
    const char *title = TR("Avvikelser", "Deviations");
    crumbs_plan(c, st->snap, title, title);
    h(b, 1, title);
    as_of_line(b, st->snap->as_of);
    const char *cols[] = {TR("Kod", "Code"), AP_WORD(ACTIVITY), TR("Status", "Status"),
                          TR("Orsak", "Cause"), TR("Rekommenderad åtgärd", "Recommended action"),
                          TR("Senaste beslut", "Last decision")};
    if (st->n_deviations == 0) {
        ap_buf_printf(b, "<p>%s</p>\n", TR("Inga avvikelser.", "No deviations."));
    } else {
        web_table_begin(b, TR("Gula och röda aktiviteter, röda först",
                              "Yellow and red activities, red first"), true);
        th_cols(b, cols, 6);
        ap_buf tmp = {0};
        for (size_t i = 0; i < st->n_deviations; i++)
            deviation_row(c, st->deviations[i], &tmp);
        ap_buf_free(&tmp);
        web_table_end(b);
    }
    web_page_end(c, true);
    ap_steering_free(st);
}

void web_page_chase(web_ctx *c)
{
    ap_steering *st = steering(c);
    if (!st)
        return;
    ap_buf *b = &c->res->body;
    const char *title = TR("Att påminna", "To chase");
    crumbs_plan(c, st->snap, title, title);
    h(b, 1, title);
    as_of_line(b, st->snap->as_of);
    const char *cols[] = {TR("Kod", "Code"), AP_WORD(ACTIVITY),
                          AP_WORD(OWNER), TR("Senaste rapport", "Last report"),
                          TR("Varför", "Why")};
    if (st->n_chase) {
        web_table_begin(b, TR("Aktiviteter som saknar en aktuell rapport, per ansvarig enhet",
                              "Activities without a current report, by owner"), true);
        th_cols(b, cols, 5);
    }
    for (size_t i = 0; i < st->n_chase; i++) {
        const ap_activity *a = st->chase[i];
        char why[128];
        ap_buf_puts(b, "<tr>");
        activity_link_cell(c, a);
        ap_buf_puts(b, "<td>");
        ap_html_escape(b, a->title);
        ap_buf_puts(b, "</td><td>");
        web_text(b, a->owner);
        ap_buf_puts(b, "</td><td>");
        web_date(b, a->has_update ? a->last.date : AP_DATE_NONE);
        ap_buf_puts(b, "</td><td>");
        ap_html_escape(b, ap_chase_reason_text(a, why, sizeof why));
        ap_buf_puts(b, "</td></tr>\n");
    }
    if (st->n_chase)
        web_table_end(b);
    else
        ap_buf_printf(b, "<p>%s</p>\n", TR("Ingen att påminna.", "Nobody to chase."));
    web_page_end(c, true);
    ap_steering_free(st);
}

/* ---- goals and indicators (issue 17) -------------------------------------- */

/* "Grön ● 28 % av vägen": the status and how far the goal has come. */
static void goal_status(ap_buf *b, const ap_goal *g)
{
    web_status(b, g->eval.status);
    if (g->eval.status != AP_ST_UNMEASURED && isfinite(g->eval.progress))
        ap_buf_printf(b, TR(" %.0f\xC2\xA0%% av vägen", " %.0f%% of the way"),
                      100 * g->eval.progress);
}

/* A value with its date under it, or an en dash. */
static void goal_value_cell(ap_buf *b, const ap_goal *g, bool has, double v, ap_date d)
{
    char num[64];
    ap_buf_puts(b, "<td class=\"num\">");
    if (has) {
        ap_buf_puts(b, web_goal_value(num, sizeof num, g, v));
        if (d != AP_DATE_NONE) {
            ap_buf_puts(b, "<br><span class=\"when\">");
            web_date(b, d);
            ap_buf_puts(b, "</span>");
        }
    } else {
        ap_buf_puts(b, "–");
    }
    ap_buf_puts(b, "</td>");
}

/* The activities linked to goal g, as links (or codes); an en dash when none. */
static void goal_activities(web_ctx *c, const ap_snapshot *snap, const ap_goal *g, bool links)
{
    ap_buf *b = &c->res->body;
    int n = 0;
    for (size_t i = 0; i < snap->n_activities; i++) {
        const ap_activity *a = &snap->activities[i];
        if (a->removed)
            continue;
        for (size_t k = 0; k < a->n_goals; k++) {
            if (strcmp(a->goal_codes[k], g->code) != 0)
                continue;
            char p[256];
            path_of(c, p, sizeof p, "activities", a->code);
            if (n++)
                ap_buf_puts(b, ", ");
            if (links)
                web_link(c, p, a->code);
            else
                ap_html_escape(b, a->code);
            break;
        }
    }
    if (n == 0)
        ap_buf_puts(b, "–");
}

static void goals_overview(web_ctx *c, const ap_snapshot *snap, bool links)
{
    ap_buf *b = &c->res->body;
    const char *cols[] = {TR("Kod", "Code"), TR("Mål och indikator", "Goal and indicator"),
                          TR("Utgångsvärde", "Baseline"), TR("Senaste", "Latest"),
                          TR("Målvärde", "Target"), TR("Status", "Status"),
                          TR("Aktiviteter", "Activities")};
    web_table_begin(b, TR("Målen mot sina målvärden", "The goals against their targets"), false);
    th_cols(b, cols, 7);
    for (size_t i = 0; i < snap->n_goals; i++) {
        const ap_goal *g = &snap->goals[i];
        const ap_measurement *m = ap_goal_latest(g);
        ap_buf_puts(b, "<tr><th scope=\"row\">");
        ap_buf_printf(b, "<a href=\"#goal-%zu\">", i + 1);
        ap_html_escape(b, g->code);
        ap_buf_puts(b, "</a></th><td>");
        ap_html_escape(b, g->title);
        ap_buf_puts(b, "<br>");
        ap_html_escape(b, ap_goal_kind_label(g->kind));
        if (g->indicator) {
            ap_buf_puts(b, ": ");
            ap_html_escape(b, g->indicator);
        }
        if (g->unit) {
            ap_buf_puts(b, " (");
            ap_html_escape(b, g->unit);
            ap_buf_puts(b, ")");
        }
        ap_buf_puts(b, "</td>");
        goal_value_cell(b, g, true, g->baseline, g->baseline_date);
        goal_value_cell(b, g, m != NULL, m ? m->value : 0, m ? m->date : AP_DATE_NONE);
        goal_value_cell(b, g, true, g->target, g->target_date);
        ap_buf_puts(b, "<td>");
        goal_status(b, g);
        ap_buf_puts(b, "</td><td>");
        goal_activities(c, snap, g, links);
        ap_buf_puts(b, "</td></tr>\n");
    }
    web_table_end(b);
}

void web_page_goals(web_ctx *c)
{
    ap_snapshot *snap = snapshot_of(c, NULL);
    if (!snap)
        return;
    ap_buf *b = &c->res->body;
    const char *title = TR("Mål och indikatorer", "Goals and indicators");
    crumbs_plan(c, snap, title, title);
    h(b, 1, title);
    as_of_line(b, snap->as_of);
    if (snap->n_goals == 0) {
        ap_buf_printf(b, "<p>%s</p>\n", TR("Planen har inga mätbara mål.",
                                           "The plan has no measurable goals."));
        web_page_end(c, true);
        snapshot_done(c, snap);
        return;
    }
    web_goals_section(c, snap, 2, true);
    web_page_end(c, true);
    snapshot_done(c, snap);
}

void web_goals_section(web_ctx *c, const ap_snapshot *snap, int level, bool links)
{
    ap_buf *b = &c->res->body;
    ap_buf_printf(b, "<p>%s</p>\n",
                  TR("Andel av vägen: hur stor del av sträckan från utgångsvärdet till målvärdet "
                     "som är nådd. Diagrammen visar mätvärdena (linjen), utgångsvärdet (romben) "
                     "och målvärdet (den streckade linjen); under varje diagram står värdena i en "
                     "tabell.",
                     "Share of the way: how much of the distance from the baseline to the target "
                     "has been covered. The charts show the measurements (the line), the baseline "
                     "(the diamond) and the target (the dashed line); under each chart its values "
                     "are in a table."));
    h(b, level, TR("Alla mål", "Every goal"));
    goals_overview(c, snap, links);
    for (size_t i = 0; i < snap->n_goals; i++) {
        const ap_goal *g = &snap->goals[i];
        char id[32];
        snprintf(id, sizeof id, "goal-%zu", i + 1);
        ap_buf_printf(b, "<section aria-labelledby=\"%s\">\n<h%d id=\"%s\">", id, level, id);
        ap_html_escape(b, g->code);
        ap_buf_puts(b, " ");
        ap_html_escape(b, g->title);
        ap_buf_printf(b, "</h%d>\n<p>", level);
        goal_status(b, g);
        ap_buf_puts(b, "</p>\n");
        snprintf(id, sizeof id, "chart-%zu", i + 1);
        web_svg_goal_trend(b, g, id);
        web_goal_values_table(b, g);
        ap_buf_puts(b, "</section>\n");
    }
}

/* ---- the accessibility statement (DOS-lagen) ------------------------------ */

static void contact_link(ap_buf *b, const char *contact)
{
    bool web = strncmp(contact, "http://", 7) == 0 || strncmp(contact, "https://", 8) == 0 ||
               strncmp(contact, "mailto:", 7) == 0;
    ap_buf_printf(b, "<a href=\"%s", web ? "" : "mailto:");
    ap_html_escape(b, contact);
    ap_buf_puts(b, "\">");
    ap_html_escape(b, contact);
    ap_buf_puts(b, "</a>");
}

void web_page_statement(web_ctx *c)
{
    const char *contact = c->cfg->contact;
    if (!contact[0]) { /* report site refuses to run without it */
        web_not_found(c);
        return;
    }
    ap_buf *b = &c->res->body;
    const char *title = TR("Tillgänglighetsredogörelse", "Accessibility statement");
    const char *crumbs[] = {"/", TR("Planer", "Plans"), NULL, title};
    web_page_begin(c, title, crumbs, 2);
    h(b, 1, title);
    ap_buf_printf(b, "<p>%s</p>\n",
                  TR("Den här webbplatsen visar hur kommunens handlingsplaner följs upp. Vi vill "
                     "att så många som möjligt ska kunna använda den. Här beskriver vi hur "
                     "webbplatsen uppfyller lagen (2018:1937) om tillgänglighet till digital "
                     "offentlig service, kända tillgänglighetsproblem och hur du kan rapportera "
                     "brister till oss så att vi kan åtgärda dem.",
                     "This website shows how the municipality follows up its action plans. We "
                     "want as many people as possible to be able to use it. This statement "
                     "describes how the website complies with the Swedish Act (2018:1937) on "
                     "accessibility to digital public services, known accessibility problems, "
                     "and how you can report shortcomings to us so that we can fix them."));
    h(b, 2, TR("Hur tillgänglig är webbplatsen?", "How accessible is the website?"));
    ap_buf_printf(b, "<p>%s</p>\n",
                  TR("Webbplatsen är förenlig med WCAG 2.1 på nivå AA. Varje slags sida granskas "
                     "automatiskt med verktyget axe-core mot WCAG 2.1 nivå A och AA utan brister, "
                     "och sidorna går att använda med enbart tangentbord. Alla diagram har en "
                     "textbeskrivning och sina värden i en tabell, och varje status visas med "
                     "ord och form, inte bara med färg.",
                     "The website complies with WCAG 2.1 at level AA. Every kind of page is "
                     "checked automatically with the axe-core tool against WCAG 2.1 levels A and "
                     "AA without findings, and the pages can be used with a keyboard alone. Every "
                     "chart has a text description and its values in a table, and every status "
                     "is shown with a word and a shape, not by colour alone."));
    h(b, 2, TR("Innehåll som inte är tillgängligt", "Content that is not accessible"));
    ap_buf_printf(b, "<p>%s</p>\n",
                  TR("Årsrapporterna och styrgruppsrapporterna i PDF-format är inte "
                     "tillgänglighetsanpassade. Årsrapporterna finns därför också som "
                     "tillgängliga webbsidor på den här webbplatsen, under varje plan "
                     "(Årsrapporter): de har samma innehåll som PDF-filerna.",
                     "The annual reports and steering-group packs in PDF are not accessible. The "
                     "annual reports are therefore also published as accessible web pages on "
                     "this website, under each plan (Annual reports), with the same content as "
                     "the PDF files."));
    h(b, 2, TR("Rapportera brister", "Report shortcomings"));
    ap_buf_printf(b, "<p>%s ", TR("Om du upptäcker problem som inte beskrivs här, eller om du "
                                  "behöver innehåll i ett annat format, kontakta oss:",
                                  "If you find problems not described here, or need content "
                                  "in another format, contact us:"));
    contact_link(b, contact);
    ap_buf_puts(b, "</p>\n");
    h(b, 2, TR("Tillsyn", "Enforcement"));
    ap_buf_printf(b, "<p>%s <a href=\"https://www.digg.se/tdosanmalan\">digg.se/tdosanmalan</a>"
                     "</p>\n",
                  TR("Myndigheten för digital förvaltning (DIGG) har ansvaret för tillsyn över "
                     "lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd "
                     "med hur vi hanterar dina synpunkter kan du kontakta DIGG och påtala det:",
                     "The Agency for Digital Government (Myndigheten för digital förvaltning, "
                     "DIGG) supervises the Act on accessibility to digital public services. If "
                     "you are not satisfied with how we handle your comments, you can contact "
                     "DIGG and report it:"));
    h(b, 2, TR("Hur vi testat webbplatsen", "How we tested the website"));
    ap_buf_printf(b, "<p>%s ", TR("Redogörelsen gäller webbplatsen som den gjordes den",
                                  "This statement applies to the website as made on"));
    web_date(b, ap_date_today());
    ap_buf_printf(b, ". %s</p>\n",
                  TR("Varje slags sida (planer, fokusområden, insatsområden, aktiviteter, "
                     "avvikelser, mål, årsrapporter och den här sidan) testas automatiskt med "
                     "axe-core i en webbläsare varje gång programmet byggs.",
                     "Every kind of page (plans, focus areas, initiative areas, activities, "
                     "deviations, goals, annual reports and this page) is tested automatically "
                     "with axe-core in a browser each time the program is built."));
    web_page_end(c, false);
}
