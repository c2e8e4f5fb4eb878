/* web_goals.c - the goals of a plan: the goals page and the goals section
 * that the annual report's page also shows (baseline, latest value, target,
 * status with its word, the linked activities, and the trend chart as inline
 * SVG with its values as a table); see web_internal.h. */
#include "web_internal.h"

#include "actionplan/i18n.h"
#include "actionplan/model.h"
#include "actionplan/report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- goals and indicators -------------------------------------- */

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
            web_path(c, p, sizeof p, "activities", a->code);
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
    web_th_cols(b, cols, 7);
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
    ap_snapshot *snap = web_snapshot_of(c, NULL);
    if (!snap)
        return;
    ap_buf *b = &c->res->body;
    const char *title = TR("Mål och indikatorer", "Goals and indicators");
    web_crumbs_plan(c, snap, title, title);
    web_h(b, 1, title);
    web_as_of_line(b, snap->as_of);
    if (snap->n_goals == 0) {
        ap_buf_printf(b, "<p>%s</p>\n", TR("Planen har inga mätbara mål.",
                                           "The plan has no measurable goals."));
        web_page_end(c, true);
        web_snapshot_done(c, snap);
        return;
    }
    web_goals_section(c, snap, 2, true);
    web_page_end(c, true);
    web_snapshot_done(c, snap);
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
    web_h(b, level, TR("Alla mål", "Every goal"));
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
