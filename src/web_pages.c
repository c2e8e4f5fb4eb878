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

static void flags(ap_buf *b, const ap_activity *a)
{
    if (a->eval.overdue)
        ap_buf_printf(b, " <span class=\"flag\">%s</span>", TR("försenad", "overdue"));
    if (a->eval.stale)
        ap_buf_printf(b, " <span class=\"flag\">%s</span>", TR("inaktuell", "stale"));
    if (ap_activity_cause_missing(a))
        ap_buf_printf(b, " <span class=\"flag\">%s</span>", TR("orsak saknas", "cause missing"));
}

static void activity_link_cell(web_ctx *c, const ap_activity *a)
{
    char p[256];
    web_path(c, p, sizeof p, "activities", a->code);
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
    web_th_cols(b, cols, 5);
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
    web_h(b, 1, TR("Publicerade handlingsplaner", "Published action plans"));
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
    web_th_cols(b, cols, 4);
    for (size_t f = 0; f < snap->n_focus; f++) {
        const ap_focus *fa = &snap->focus[f];
        char p[160];
        web_path(c, p, sizeof p, "focus", fa->code);
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
    ap_snapshot *snap = web_snapshot_of(c, NULL);
    if (!snap)
        return;
    ap_buf *b = &c->res->body;
    web_crumbs_plan(c, snap, NULL, snap->title);
    web_h(b, 1, snap->title);
    web_as_of_line(b, snap->as_of);
    ap_buf_printf(b, "<dl class=\"facts\">\n<dt>%s</dt><dd>", TR("Period", "Period"));
    web_text(b, snap->period);
    ap_buf_printf(b, "</dd>\n<dt>%s</dt><dd>", TR("Organisation", "Organisation"));
    web_text(b, snap->organisation);
    ap_buf_printf(b, "</dd>\n<dt>%s</dt><dd>", TR("Hela planens status", "The whole plan's status"));
    web_status(b, snap->rollup.status);
    ap_buf_puts(b, "</dd>\n</dl>\n");
    web_h(b, 2, TR("Fokusområden", "Focus areas"));
    focus_table(c, snap);
    web_h(b, 2, TR("Antal aktiviteter", "Activities by status"));
    web_counts_table(b, &snap->rollup.counts, TR("Hela planen", "The whole plan"));
    web_packs_chart(c);
    web_h(b, 2, TR("Mer", "More"));
    char p[160];
    ap_buf_puts(b, "<ul>\n<li>");
    web_path(c, p, sizeof p, "deviations", NULL);
    web_link(c, p, TR("Avvikelser", "Deviations"));
    ap_buf_puts(b, "</li>\n<li>");
    web_path(c, p, sizeof p, "chase", NULL);
    web_link(c, p, TR("Att påminna", "To chase"));
    ap_buf_puts(b, "</li>\n<li>");
    web_path(c, p, sizeof p, "goals", NULL);
    web_link(c, p, TR("Mål och indikatorer", "Goals and indicators"));
    if (!c->site) { /* a static site has no downloads and no API */
        ap_buf_puts(b, "</li>\n<li>");
        web_path(c, p, sizeof p, "reports", NULL);
        web_link(c, p, TR("Rapporter att ladda ner", "Reports to download"));
        ap_buf_puts(b, "</li>\n<li>");
        snprintf(p, sizeof p, "/api/v1/plans/%s", c->key);
        web_link(c, p, TR("Planen som JSON", "The plan as JSON"));
    }
    ap_buf_puts(b, "</li>\n</ul>\n");
    web_annual_links(c);
    web_page_end(c, true);
    web_snapshot_done(c, snap);
}

/* ---- a focus area, an initiative area ------------------------------------- */

void web_page_focus(web_ctx *c, const char *code)
{
    ap_snapshot *snap = web_snapshot_of(c, NULL);
    if (!snap)
        return;
    const ap_focus *fa = ap_snapshot_focus(snap, code);
    if (!fa) {
        web_not_found(c);
        web_snapshot_done(c, snap);
        return;
    }
    ap_buf *b = &c->res->body;
    ap_buf title = {0};
    ap_buf_printf(&title, TR("Fokusområde %s: %s", "Focus area %s: %s"), fa->code, fa->title);
    web_crumbs_plan(c, snap, ap_buf_str(&title), ap_buf_str(&title));
    web_h(b, 1, ap_buf_str(&title));
    web_as_of_line(b, snap->as_of);
    ap_buf_printf(b, "<dl class=\"facts\">\n<dt>%s</dt><dd>", TR("Status", "Status"));
    web_status(b, fa->rollup.status);
    if (fa->lead) {
        ap_buf_printf(b, "</dd>\n<dt>%s</dt><dd>", AP_WORD(LEAD));
        ap_html_escape(b, fa->lead);
    }
    ap_buf_puts(b, "</dd>\n</dl>\n");
    web_h(b, 2, TR("Insatsområden", "Initiative areas"));
    const char *cols[] = {TR("Kod", "Code"), AP_WORD(INITIATIVE),
                          TR("Status", "Status")};
    web_table_begin(b, TR("Insatsområden", "Initiative areas"), false);
    web_th_cols(b, cols, 3);
    for (size_t i = 0; i < fa->n_initiatives; i++) {
        const ap_initiative *in = fa->initiatives[i];
        char p[160];
        web_path(c, p, sizeof p, "initiatives", in->code);
        ap_buf_puts(b, "<tr><th scope=\"row\">");
        ap_html_escape(b, in->code);
        ap_buf_puts(b, "</th><td>");
        web_link(c, p, in->title);
        ap_buf_puts(b, "</td><td>");
        web_status(b, in->rollup.status);
        ap_buf_puts(b, "</td></tr>\n");
    }
    web_table_end(b);
    web_h(b, 2, TR("Antal aktiviteter", "Activities by status"));
    web_counts_table(b, &fa->rollup.counts, ap_buf_str(&title));
    web_page_end(c, true);
    ap_buf_free(&title);
    web_snapshot_done(c, snap);
}

void web_page_initiative(web_ctx *c, const char *code)
{
    ap_snapshot *snap = web_snapshot_of(c, NULL);
    if (!snap)
        return;
    const ap_initiative *in = ap_snapshot_initiative(snap, code);
    if (!in) {
        web_not_found(c);
        web_snapshot_done(c, snap);
        return;
    }
    ap_buf *b = &c->res->body;
    ap_buf title = {0};
    ap_buf_printf(&title, TR("Insatsområde %s: %s", "Initiative area %s: %s"), in->code,
                  in->title);
    web_crumbs_plan(c, snap, ap_buf_str(&title), ap_buf_str(&title));
    web_h(b, 1, ap_buf_str(&title));
    web_as_of_line(b, snap->as_of);
    char p[160];
    web_path(c, p, sizeof p, "focus", in->focus->code);
    ap_buf_printf(b, "<dl class=\"facts\">\n<dt>%s</dt><dd>", AP_WORD(FOCUS));
    web_link(c, p, in->focus->title);
    ap_buf_printf(b, "</dd>\n<dt>%s</dt><dd>", TR("Status", "Status"));
    web_status(b, in->rollup.status);
    if (in->approach) {
        ap_buf_printf(b, "</dd>\n<dt>%s</dt><dd>", TR("Genom att", "By"));
        ap_html_escape(b, in->approach);
    }
    ap_buf_puts(b, "</dd>\n</dl>\n");
    web_h(b, 2, TR("Aktiviteter", "Activities"));
    ap_activity **list = ap_xcalloc(in->n_activities + 1, sizeof *list);
    size_t n = 0;
    for (size_t k = 0; k < in->n_activities; k++)
        if (!in->activities[k]->removed)
            list[n++] = in->activities[k];
    activity_table(c, list, n, ap_buf_str(&title), false);
    free(list);
    web_page_end(c, true);
    ap_buf_free(&title);
    web_snapshot_done(c, snap);
}

/* ---- an activity ---------------------------------------------------------- */

static void activity_facts(web_ctx *c, const ap_activity *a)
{
    ap_buf *b = &c->res->body;
    char d1[11], d2[11], num[32];
    char p[160];
    ap_buf_puts(b, "<dl class=\"facts\">\n");
    ap_buf_printf(b, "<dt>%s</dt><dd>", AP_WORD(INITIATIVE));
    web_path(c, p, sizeof p, "initiatives", a->initiative->code);
    web_link(c, p, a->initiative->title);
    ap_buf_printf(b, "</dd>\n<dt>%s</dt><dd>", TR("Status", "Status"));
    web_status(b, a->eval.status);
    flags(b, a);
    ap_buf_puts(b, "</dd>\n");
    web_fact(b, AP_WORD(STATE), ap_state_label(a->state));
    web_fact(b, AP_WORD(OWNER), a->owner);
    if (c->cfg->show_people) {
        ap_buf names = {0};
        for (size_t i = 0; i < a->n_participants; i++)
            ap_buf_printf(&names, "%s%s", i ? ", " : "", a->participants[i]);
        web_fact(b, AP_WORD(RESPONSIBLE), a->responsible);
        web_fact(b, AP_WORD(PARTICIPANTS), names.len ? ap_buf_str(&names) : NULL);
        ap_buf_free(&names);
    }
    web_fact(b, AP_WORD(START), a->start == AP_DATE_NONE ? NULL : ap_date_format(a->start, d1));
    web_fact(b, AP_WORD(DUE), a->due == AP_DATE_NONE ? NULL : ap_date_format(a->due, d2));
    web_kronor(num, sizeof num, a->budget);
    web_fact(b, AP_WORD(BUDGET), a->budget < 0 ? NULL : num);
    web_kronor(num, sizeof num, a->spent);
    web_fact(b, AP_WORD(SPENT), num);
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
    web_th_cols(b, cols, people ? 7 : 6);
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
    web_th_cols(b, cols, 4);
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
    web_th_cols(b, cols, 2);
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
    web_th_cols(b, cols, 4);
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
    ap_snapshot *snap = web_snapshot_of(c, code);
    if (!snap)
        return;
    const ap_activity *a = ap_snapshot_activity(snap, code);
    if (!a || a->removed) {
        web_not_found(c);
        web_snapshot_done(c, snap);
        return;
    }
    ap_buf *b = &c->res->body;
    ap_buf title = {0};
    ap_buf_printf(&title, TR("Aktivitet %s: %s", "Activity %s: %s"), a->code, a->title);
    web_crumbs_plan(c, snap, ap_buf_str(&title), ap_buf_str(&title));
    web_h(b, 1, ap_buf_str(&title));
    web_as_of_line(b, snap->as_of);
    activity_facts(c, a);
    web_h(b, 2, TR("Varför den har sin status", "Why it has its status"));
    ap_buf why = {0};
    ap_error err;
    ap_error_clear(&err);
    if (ap_explain(snap, a->code, &why, &err) == AP_OK) {
        ap_buf_puts(b, "<p class=\"explain\">");
        ap_html_escape(b, ap_buf_str(&why));
        ap_buf_puts(b, "</p>\n");
    }
    web_h(b, 2, TR("Historik", "History"));
    updates_table(b, a, c->cfg->show_people);
    states_table(b, a);
    decisions_table(b, a);
    plan_edits_table(b, a);
    web_page_end(c, true);
    ap_buf_free(&why);
    ap_buf_free(&title);
    web_snapshot_done(c, snap);
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
    web_crumbs_plan(c, st->snap, title, title);
    web_h(b, 1, title);
    web_as_of_line(b, st->snap->as_of);
    const char *cols[] = {TR("Kod", "Code"), AP_WORD(ACTIVITY), TR("Status", "Status"),
                          TR("Orsak", "Cause"), TR("Rekommenderad åtgärd", "Recommended action"),
                          TR("Senaste beslut", "Last decision")};
    if (st->n_deviations == 0) {
        ap_buf_printf(b, "<p>%s</p>\n", TR("Inga avvikelser.", "No deviations."));
    } else {
        web_table_begin(b, TR("Gula och röda aktiviteter, röda först",
                              "Yellow and red activities, red first"), true);
        web_th_cols(b, cols, 6);
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
    web_crumbs_plan(c, st->snap, title, title);
    web_h(b, 1, title);
    web_as_of_line(b, st->snap->as_of);
    const char *cols[] = {TR("Kod", "Code"), AP_WORD(ACTIVITY),
                          AP_WORD(OWNER), TR("Senaste rapport", "Last report"),
                          TR("Varför", "Why")};
    if (st->n_chase) {
        web_table_begin(b, TR("Aktiviteter som saknar en aktuell rapport, per ansvarig enhet",
                              "Activities without a current report, by owner"), true);
        web_th_cols(b, cols, 5);
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
    web_h(b, 1, title);
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
    web_h(b, 2, TR("Hur tillgänglig är webbplatsen?", "How accessible is the website?"));
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
    web_h(b, 2, TR("Innehåll som inte är tillgängligt", "Content that is not accessible"));
    ap_buf_printf(b, "<p>%s</p>\n",
                  TR("Årsrapporterna och styrgruppsrapporterna i PDF-format är inte "
                     "tillgänglighetsanpassade. Årsrapporterna finns därför också som "
                     "tillgängliga webbsidor på den här webbplatsen, under varje plan "
                     "(Årsrapporter): de har samma innehåll som PDF-filerna.",
                     "The annual reports and steering-group packs in PDF are not accessible. The "
                     "annual reports are therefore also published as accessible web pages on "
                     "this website, under each plan (Annual reports), with the same content as "
                     "the PDF files."));
    web_h(b, 2, TR("Rapportera brister", "Report shortcomings"));
    ap_buf_printf(b, "<p>%s ", TR("Om du upptäcker problem som inte beskrivs här, eller om du "
                                  "behöver innehåll i ett annat format, kontakta oss:",
                                  "If you find problems not described here, or need content "
                                  "in another format, contact us:"));
    contact_link(b, contact);
    ap_buf_puts(b, "</p>\n");
    web_h(b, 2, TR("Tillsyn", "Enforcement"));
    ap_buf_printf(b, "<p>%s <a href=\"https://www.digg.se/tdosanmalan\">digg.se/tdosanmalan</a>"
                     "</p>\n",
                  TR("Myndigheten för digital förvaltning (DIGG) har ansvaret för tillsyn över "
                     "lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd "
                     "med hur vi hanterar dina synpunkter kan du kontakta DIGG och påtala det:",
                     "The Agency for Digital Government (Myndigheten för digital förvaltning, "
                     "DIGG) supervises the Act on accessibility to digital public services. If "
                     "you are not satisfied with how we handle your comments, you can contact "
                     "DIGG and report it:"));
    web_h(b, 2, TR("Hur vi testat webbplatsen", "How we tested the website"));
    ap_buf_printf(b, "<p>%s ", TR("Redogörelsen gäller webbplatsen som den gjordes den",
                                  "This statement applies to the website as made on"));
    web_date(b, c->today);
    ap_buf_printf(b, ". %s</p>\n",
                  TR("Varje slags sida (planer, fokusområden, insatsområden, aktiviteter, "
                     "avvikelser, mål, årsrapporter och den här sidan) testas automatiskt med "
                     "axe-core i en webbläsare varje gång programmet byggs.",
                     "Every kind of page (plans, focus areas, initiative areas, activities, "
                     "deviations, goals, annual reports and this page) is tested automatically "
                     "with axe-core in a browser each time the program is built."));
    web_page_end(c, false);
}

/* ---- the registered reports ------------------------------------------------ */

static void report_file_link(web_ctx *c, const ap_report_rec *r, const char *ext)
{
    char name[200], p[512];
    if (!web_report_file_name(r, ext, name, sizeof name)) {
        ap_buf_puts(&c->res->body, "–");
        return;
    }
    snprintf(p, sizeof p, "/plans/%s/reports/%lld/%s", c->key, (long long)r->id, name);
    web_link(c, p, name);
}

void web_page_reports(web_ctx *c)
{
    ap_snapshot *snap = web_snapshot(c, NULL);
    if (!snap)
        return;
    ap_arena arena = {0};
    ap_report_rec *list = NULL;
    size_t n = 0;
    ap_error err;
    ap_error_clear(&err);
    if (ap_store_report_list(c->s, c->plan_id, &arena, &list, &n, &err) != AP_OK) {
        web_failed(c, &err);
        ap_arena_free(&arena);
        ap_snapshot_free(snap);
        return;
    }
    ap_buf *b = &c->res->body;
    const char *title = TR("Rapporter", "Reports");
    web_crumbs_plan(c, snap, title, title);
    web_h(b, 1, title);
    ap_buf_printf(b, "<p>%s</p>\n",
                  TR("Styrgruppsunderlag och årsrapporter som har lämnats ut. Filerna görs om ur "
                     "registret precis som de lämnades ut: samma datum, samma underlag och samma "
                     "inställningar.",
                     "Steering-group packs and annual reports that were handed out. The files are "
                     "made again from the register exactly as they were handed out: the same "
                     "date, the same data and the same settings."));
    if (!c->cfg->show_people)
        ap_buf_printf(b, "<p>%s</p>\n",
                      TR("Personers namn är borttagna ur filerna, som på de andra sidorna.",
                         "People's names are left out of the files, as on the other pages."));
    if (n == 0) {
        ap_buf_printf(b, "<p>%s</p>\n",
                      TR("Inga rapporter är registrerade.", "No reports are registered."));
    } else {
        const char *cols[] = {TR("Nr", "No."), TR("Slag", "Kind"), TR("Läget per", "As of"),
                              TR("Gjord", "Made on"), TR("Arbetsbok", "Workbook"), "PDF"};
        web_table_begin(b, TR("Registrerade rapporter, i den ordning de gjordes",
                              "Registered reports, in the order they were made"), true);
        web_th_cols(b, cols, 6);
        for (size_t i = 0; i < n; i++) {
            const ap_report_rec *r = &list[i];
            ap_buf_printf(b, "<tr><th scope=\"row\">%lld</th><td>", (long long)r->id);
            web_text(b, strcmp(r->kind, "steering") == 0
                            ? TR("Styrgruppsunderlag", "Steering-group pack")
                            : TR("Årsrapport", "Annual report"));
            ap_buf_puts(b, "</td><td>");
            web_date(b, r->as_of);
            ap_buf_puts(b, "</td><td>");
            web_date(b, r->made_on);
            ap_buf_puts(b, "</td><td>");
            report_file_link(c, r, "xlsx");
            ap_buf_puts(b, "</td><td>");
            report_file_link(c, r, "pdf");
            ap_buf_puts(b, "</td></tr>\n");
        }
        web_table_end(b);
    }
    web_page_end(c, true);
    ap_arena_free(&arena);
    ap_snapshot_free(snap);
}
