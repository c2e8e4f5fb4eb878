/*
 * xlsx_steering.c - the steering-group pack as an Excel workbook
 * (docs/reports.md).
 *
 * Sheets, in this order (English names when report.language = en):
 *   Översikt                 the plan and each focus area: rolled-up status,
 *                            counts, change since the previous pack, budget
 *                            and spent; a stacked column chart per focus area
 *   Aktiviteter              every activity that is not excluded
 *   Avvikelser               yellow and red: why, cause, recommended action,
 *                            last decision, and an empty column for the
 *                            meeting's decision
 *   Förändringar             status and state changes and decisions in
 *                            (since, as-of]
 *   Förslag och uppföljning  proposals awaiting a decision, then unreported
 *                            and stale activities (who to chase)
 *   Mål                      goals and indicators, when the plan has goals
 *
 * Everything shown comes from the ap_steering lists, so the workbook and
 * the PDF cannot disagree. Every status cell carries its word as well as
 * its tint.
 */
#include "actionplan/explain.h"
#include "actionplan/model.h"
#include "actionplan/i18n.h"
#include "render.h"
#include "actionplan/report.h"
#include "xlsx_report.h"

#include <stdio.h>
#include <string.h>

/* What every sheet of one pack needs. */
typedef struct steer {
    ap_xlw_report rep; /* the workbook, its page header and footer */
    const ap_steering *st;
    const ap_snapshot *snap;
    char as_of[11], since[11], made_on[11];
} steer;

/* =========================================================================
 * Shared pieces
 * ========================================================================= */

/* The activity's flags in words: "försenad, inaktuell, orsak saknas". */
static const char *flags_text(const ap_activity *a, char *buf, size_t n)
{
    const char *words[3];
    int k = 0;
    if (a->eval.overdue)
        words[k++] = TR("försenad", "overdue");
    if (a->eval.stale)
        words[k++] = TR("inaktuell", "stale");
    if (ap_activity_cause_missing(a))
        words[k++] = TR("orsak saknas", "cause missing");
    buf[0] = '\0';
    for (int i = 0; i < k; i++)
        snprintf(buf + strlen(buf), n - strlen(buf), "%s%s", i ? ", " : "", words[i]);
    return buf;
}

/* =========================================================================
 * Översikt
 * ========================================================================= */

enum {
    OV_CODE,
    OV_TITLE,
    OV_STATUS,
    OV_CHANGE,
    OV_COUNTS,
    OV_BUDGET = OV_COUNTS + 8,
    OV_SPENT,
    OV_ASSESSMENT,
    OV_NCOLS
};
#define OV_HEADER_ROW 7

/* "Grön → Gul" (before → now), "oförändrad", "ny", "första rapporten". */
static const char *change_text(const steer *s, const char *code, ap_status now, char *buf, size_t n)
{
    if (!s->st->prev)
        return TR("första rapporten", "first report");
    ap_status was = ap_steering_prev_status(s->st, code);
    if (was == AP_ST_COUNT)
        return TR("ny", "new");
    if (was == now)
        return TR("oförändrad", "unchanged");
    snprintf(buf, n, "%s → %s", ap_status_label(was), ap_status_label(now));
    return buf;
}

/* Where the window of changes starts, and why that date. */
static void since_line(const steer *s, char *buf, size_t n)
{
    char d[11];
    const char *why = "";
    if (s->st->since_is_previous && s->st->prev)
        why = TR(" (förra styrgruppsrapporten)", " (the previous steering pack)");
    else if (!s->st->prev)
        why = TR(" (ingen tidigare styrgruppsrapport)", " (no earlier steering pack)");
    snprintf(buf, n, TR("Förändringar efter %s%s", "Changes after %s%s"), s->since, why);
    if (s->st->prev && !s->st->since_is_previous)
        snprintf(buf + strlen(buf), n - strlen(buf),
                 TR("; förra styrgruppsrapporten: %s", "; previous steering pack: %s"),
                 ap_date_format(s->st->prev->as_of, d));
}

static void overview_title_block(steer *s, lxw_worksheet *ws)
{
    const ap_snapshot *snap = s->snap;
    char line[512];
    ap_buf org = {0};
    ap_xlw_title(&s->rep.x, ws, 0, snap->title);
    ap_buf_printf(&org, "%s%s%s%s", snap->organisation ? snap->organisation : "",
                  snap->organisation && snap->period ? " · " : "",
                  snap->period ? TR("handlingsplan ", "action plan ") : "",
                  snap->period ? snap->period : "");
    ap_xlw_text(&s->rep.x, ws, 1, 0, ap_buf_str(&org), s->rep.x.fmt.note);
    ap_buf_free(&org);
    ap_xlw_text(&s->rep.x, ws, 2, 0, TR("Styrgruppsrapport", "Steering-group pack"),
                 s->rep.x.fmt.subtitle);
    snprintf(line, sizeof line, TR("Läget per %s", "Status as of %s"), s->as_of);
    ap_xlw_text(&s->rep.x, ws, 3, 0, line, NULL);
    since_line(s, line, sizeof line);
    ap_xlw_text(&s->rep.x, ws, 4, 0, line, NULL);
    snprintf(line, sizeof line, TR("Framtagen %s", "Made on %s"), s->made_on);
    ap_xlw_text(&s->rep.x, ws, 5, 0, line, NULL);
}

/* A row of the overview: status, change, counts, cost and the latest
 * assessment, as the PDF's overview shows them. */
static void overview_row(steer *s, ap_xlw_table *t, const char *code, const char *label,
                         const char *title, const ap_rollup *r, long long budget, long long spent,
                         const ap_assessment *as)
{
    char buf[128];
    const ap_counts *c = &r->counts;
    const int counts[8] = {c->green,      c->yellow,   c->red,     c->completed,
                           c->unreported, c->excluded, c->overdue, c->stale};
    ap_xlw_table_row(t);
    ap_xlw_cell_text_fmt(t, label, code ? NULL : s->rep.x.fmt.bold, code == NULL);
    ap_xlw_cell_text_fmt(t, title, code ? NULL : s->rep.x.fmt.bold, code == NULL);
    ap_xlw_cell_status(t, r->status);
    ap_xlw_cell_text(t, change_text(s, code, r->status, buf, sizeof buf));
    for (int i = 0; i < 8; i++)
        ap_xlw_cell_number(t, counts[i]);
    ap_xlw_cell_number(t, (double)(budget > 0 ? budget : 0));
    ap_xlw_cell_number(t, (double)(spent > 0 ? spent : 0));
    ap_buf text = {0};
    ap_xlw_cell_text(t, ap_assessment_text(as, &text));
    ap_buf_free(&text);
}

static const ap_xlw_column overview_cols_sv[OV_NCOLS] = {
    {"Nr", AP_XCOL_TEXT, 4, 12},
    {"Fokusområde", AP_XCOL_TEXT, 30, 46},
    {"Status", AP_XCOL_STATUS, 0, 0},
    {"Jämfört med förra rapporten (då → nu)", AP_XCOL_TEXT, 14, 18},
    {"Grön", AP_XCOL_INTEGER, 6, 9},
    {"Gul", AP_XCOL_INTEGER, 6, 9},
    {"Röd", AP_XCOL_INTEGER, 6, 9},
    {"Genomförd", AP_XCOL_INTEGER, 6, 11},
    {"Ej rapporterad", AP_XCOL_INTEGER, 6, 11},
    {"Ej aktiv", AP_XCOL_INTEGER, 6, 9},
    {"Försenad", AP_XCOL_INTEGER, 6, 10},
    {"Inaktuell", AP_XCOL_INTEGER, 6, 10},
    {AP_SV_BUDGET " (kr)", AP_XCOL_MONEY, 0, 0},
    {AP_SV_SPENT " (kr)", AP_XCOL_MONEY, 0, 0},
    {"Bedömning", AP_XCOL_TEXT, 30, 70},
};
static const ap_xlw_column overview_cols_en[OV_NCOLS] = {
    {"No.", AP_XCOL_TEXT, 4, 12},
    {"Focus area", AP_XCOL_TEXT, 30, 46},
    {"Status", AP_XCOL_STATUS, 0, 0},
    {"Against the previous pack (then → now)", AP_XCOL_TEXT, 14, 18},
    {"Green", AP_XCOL_INTEGER, 6, 9},
    {"Yellow", AP_XCOL_INTEGER, 6, 9},
    {"Red", AP_XCOL_INTEGER, 6, 9},
    {"Completed", AP_XCOL_INTEGER, 6, 11},
    {"Unreported", AP_XCOL_INTEGER, 6, 11},
    {"Not active", AP_XCOL_INTEGER, 6, 9},
    {"Overdue", AP_XCOL_INTEGER, 6, 10},
    {"Stale", AP_XCOL_INTEGER, 6, 10},
    {AP_EN_BUDGET " (SEK)", AP_XCOL_MONEY, 0, 0},
    {AP_EN_SPENT " (SEK)", AP_XCOL_MONEY, 0, 0},
    {"Assessment", AP_XCOL_TEXT, 30, 70},
};

/* The count headings of the five colours the chart shows, tinted like the
 * chart's bars (the heading is the word). */
static void overview_tint_headings(steer *s, ap_xlw_table *t)
{
    for (int i = 0; i < 5; i++)
        ap_xlw_table_heading_format(t, OV_COUNTS + i, s->rep.x.fmt.status[i]);
}

/* One stacked series: the counts of one status over the focus areas. */
static void chart_series(steer *s, lxw_chart *chart, const char *sheet, lxw_row_t first,
                         lxw_row_t last, ap_status st)
{
    lxw_chart_series *ser = chart_add_series(chart, NULL, NULL);
    if (!ser) {
        ap_xlw_check(&s->rep.x, LXW_ERROR_MEMORY_MALLOC_FAILED, TR("diagrammet", "the chart"));
        return;
    }
    chart_series_set_categories(ser, sheet, first, OV_CODE, last, OV_CODE);
    chart_series_set_values(ser, sheet, first, (lxw_col_t)(OV_COUNTS + st), last,
                            (lxw_col_t)(OV_COUNTS + st));
    chart_series_set_name(ser, ap_status_label(st));
    lxw_chart_fill fill = {.color = ap_status_style_of(st)->fill};
    lxw_chart_line line = {.color = LXW_COLOR_WHITE, .width = 0.75};
    chart_series_set_fill(ser, &fill);
    chart_series_set_line(ser, &line);
}

/* Stacked columns of green, yellow, red, completed and unreported per focus
 * area, below the table; the legend names each colour. */
static void overview_chart(steer *s, lxw_worksheet *ws, const char *sheet, lxw_row_t first,
                           lxw_row_t last, double width_px)
{
    static const ap_status shown[] = {AP_ST_GREEN, AP_ST_YELLOW, AP_ST_RED, AP_ST_COMPLETED,
                                      AP_ST_UNREPORTED};
    lxw_chart *chart = ws ? workbook_add_chart(s->rep.x.wb, LXW_CHART_COLUMN_STACKED) : NULL;
    if (!chart)
        return;
    for (size_t i = 0; i < sizeof shown / sizeof *shown; i++)
        chart_series(s, chart, sheet, first, last, shown[i]);
    chart_title_set_name(chart, TR("Aktiviteter per fokusområde och status",
                                   "Activities per focus area and status"));
    chart_axis_set_name(chart->x_axis, AP_WORD(FOCUS));
    chart_axis_set_name(chart->y_axis, TR("Antal aktiviteter", "Number of activities"));
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    chart_set_series_gap(chart, 60);
    lxw_chart_font title_font = {.size = 12, .bold = LXW_EXPLICIT_FALSE};
    chart_title_set_name_font(chart, &title_font);
    /* As wide as the table above it (a chart is 480 x 288 pixels at scale 1). */
    lxw_chart_options opt = {
        .x_offset = 0, .y_offset = 8, .x_scale = width_px / 480.0, .y_scale = 1.25};
    ap_xlw_check(&s->rep.x, worksheet_insert_chart_opt(ws, last + 2, 0, chart, &opt),
                  TR("diagrammet", "the chart"));
}

static void sheet_overview(steer *s)
{
    const ap_snapshot *snap = s->snap;
    const char *name = TR("Översikt", "Overview");
    const ap_xlw_column *cols = TR(overview_cols_sv, overview_cols_en);
    lxw_worksheet *ws = ap_xlw_report_sheet(&s->rep, name, OV_HEADER_ROW, true);
    ap_xlw_table t;
    overview_title_block(s, ws);
    ap_xlw_table_begin(&t, &s->rep.x, ws, OV_HEADER_ROW, cols, OV_NCOLS);
    overview_tint_headings(s, &t);
    while (ap_xlw_table_pass(&t)) {
        overview_row(s, &t, NULL, TR("Hela planen", "Whole plan"), snap->title, &snap->rollup,
                     snap->budget, snap->spent, &s->st->plan_assessment);
        for (size_t i = 0; i < snap->n_focus; i++) {
            const ap_focus *f = &snap->focus[i];
            overview_row(s, &t, f->code, f->code, f->title, &f->rollup, f->budget, f->spent,
                         &s->st->assessments[i]);
        }
    }
    lxw_row_t last = ap_xlw_table_last_row(&t);
    t.autofilter = false; /* sorting would move the plan's own row */
    ap_xlw_table_end(&t);
    if (snap->n_focus > 0)
        overview_chart(s, ws, name, OV_HEADER_ROW + 2, last, t.width_px);
}

/* =========================================================================
 * Aktiviteter
 * ========================================================================= */

static const ap_xlw_column activity_cols_sv[] = {
    {"Kod", AP_XCOL_TEXT, 5, 7},
    {"Fokusområde", AP_XCOL_TEXT, 12, 20},
    {"Insatsområde", AP_XCOL_TEXT, 12, 22},
    {"Aktivitet", AP_XCOL_TEXT, 18, 28},
    {AP_SV_OWNER, AP_XCOL_TEXT, 10, 16},
    {AP_SV_RESPONSIBLE, AP_XCOL_TEXT, 10, 15},
    {AP_SV_START, AP_XCOL_DATE, 0, 0},
    {AP_SV_DUE, AP_XCOL_DATE, 0, 0},
    {"Läge", AP_XCOL_TEXT, 8, 11},
    {"Status", AP_XCOL_STATUS, 0, 0},
    {AP_SV_PROGRESS, AP_XCOL_PERCENT, 0, 0},
    {"Senaste rapport", AP_XCOL_DATE, 0, 0},
    {"Kommentar", AP_XCOL_TEXT, 20, 32},
    {"Flaggor", AP_XCOL_TEXT, 8, 11},
};
static const ap_xlw_column activity_cols_en[] = {
    {"Code", AP_XCOL_TEXT, 5, 7},
    {"Focus area", AP_XCOL_TEXT, 12, 20},
    {"Initiative area", AP_XCOL_TEXT, 12, 22},
    {"Activity", AP_XCOL_TEXT, 18, 28},
    {AP_EN_OWNER, AP_XCOL_TEXT, 10, 16},
    {AP_EN_RESPONSIBLE, AP_XCOL_TEXT, 10, 15},
    {AP_EN_START, AP_XCOL_DATE, 0, 0},
    {AP_EN_DUE, AP_XCOL_DATE, 0, 0},
    {"State", AP_XCOL_TEXT, 8, 11},
    {"Status", AP_XCOL_STATUS, 0, 0},
    {AP_EN_PROGRESS, AP_XCOL_PERCENT, 0, 0},
    {"Last report", AP_XCOL_DATE, 0, 0},
    {"Comment", AP_XCOL_TEXT, 20, 32},
    {"Flags", AP_XCOL_TEXT, 8, 11},
};
#define N_ACTIVITY_COLS ((int)(sizeof activity_cols_sv / sizeof *activity_cols_sv))

static void activity_row(ap_xlw_table *t, const ap_activity *a)
{
    char flags[128];
    ap_xlw_table_row(t);
    ap_xlw_cell_text(t, a->code);
    ap_xlw_cell_code_title(t, a->focus ? a->focus->code : NULL, a->focus ? a->focus->title : NULL);
    ap_xlw_cell_code_title(t, a->initiative ? a->initiative->code : NULL,
                    a->initiative ? a->initiative->title : NULL);
    ap_xlw_cell_text(t, a->title);
    ap_xlw_cell_text(t, a->owner);
    ap_xlw_cell_text(t, a->responsible);
    ap_xlw_cell_date(t, a->start);
    ap_xlw_cell_date(t, a->due);
    ap_xlw_cell_text(t, ap_state_label(a->state));
    ap_xlw_cell_status(t, a->eval.status);
    if (a->has_update && a->last.progress >= 0)
        ap_xlw_cell_number(t, a->last.progress / 100.0);
    else
        ap_xlw_cell_blank(t);
    ap_xlw_cell_date(t, a->has_update ? a->last.date : AP_DATE_NONE);
    ap_xlw_cell_text(t, a->has_update ? a->last.comment : NULL);
    ap_xlw_cell_text_fmt(t, flags_text(a, flags, sizeof flags), NULL, false);
}

/* The status rule in one sentence, as configured: the reader of the
 * workbook has no access to the rules' documentation. */
static const char *status_rule(const ap_rules_config *r, char *buf, size_t n)
{
    const char *overdue = r->overdue == AP_OVERDUE_RED
                              ? TR("blir den röd och försenad", "it turns red and overdue")
                          : r->overdue == AP_OVERDUE_YELLOW
                              ? TR("blir den minst gul och försenad",
                                   "it turns at least yellow and overdue")
                              : TR("flaggas den försenad", "it is flagged overdue");
    const char *stale = r->stale == AP_STALE_YELLOW
                            ? TR("en grön rapport äldre än %d dagar blir gul och inaktuell",
                                 "a green report older than %d days turns yellow and stale")
                            : TR("en rapport äldre än %d dagar flaggas inaktuell",
                                 "a report older than %d days is flagged stale");
    char tail[160];
    snprintf(tail, sizeof tail, stale, r->stale_days);
    snprintf(buf, n,
             TR("Status är den senast rapporterade färgen; efter slutdatum %s, och %s.",
                "Status is the last reported colour; after the due date %s, and %s."),
             overdue, tail);
    return buf;
}

static void sheet_activities(steer *s)
{
    const ap_steering *st = s->st;
    lxw_worksheet *ws = ap_xlw_report_sheet(&s->rep, TR("Aktiviteter", "Activities"), AP_XLW_LIST_HEADER_ROW, false);
    char title[128], note[512], rule[256];
    snprintf(title, sizeof title, TR("Aktiviteter per %s", "Activities as of %s"), s->as_of);
    snprintf(note, sizeof note,
             TR("Aktiviteter som inte är föreslagna, pausade eller avbrutna, i planens ordning: "
                "%zu. %s",
                "Activities that are not proposed, paused or cancelled, in plan order: %zu. %s"),
             st->n_active, status_rule(&s->snap->rules, rule, sizeof rule));
    ap_xlw_report_heading(&s->rep, ws, title, note);
    ap_xlw_table t;
    ap_xlw_table_begin(&t, &s->rep.x, ws, AP_XLW_LIST_HEADER_ROW, TR(activity_cols_sv, activity_cols_en),
                        N_ACTIVITY_COLS);
    while (ap_xlw_table_pass(&t))
        for (size_t i = 0; i < st->n_active; i++)
            activity_row(&t, st->active[i]);
    ap_xlw_table_end(&t);
}

/* =========================================================================
 * Avvikelser
 * ========================================================================= */

static const ap_xlw_column deviation_cols_sv[] = {
    {"Kod", AP_XCOL_TEXT, 5, 7},
    {"Aktivitet", AP_XCOL_TEXT, 16, 24},
    {AP_SV_OWNER, AP_XCOL_TEXT, 10, 16},
    {"Status", AP_XCOL_STATUS, 0, 0},
    {"Sedan när / varför", AP_XCOL_TEXT, 16, 22},
    {"Orsak", AP_XCOL_TEXT, 16, 26},
    {"Rekommenderad åtgärd", AP_XCOL_TEXT, 16, 26},
    {"Senaste beslut, datum", AP_XCOL_DATE, 0, 0},
    {"Senaste beslut", AP_XCOL_TEXT, 14, 26},
    {"Beslut (styrgruppens anteckningar)", AP_XCOL_TEXT, 28, 28},
};
static const ap_xlw_column deviation_cols_en[] = {
    {"Code", AP_XCOL_TEXT, 5, 7},
    {"Activity", AP_XCOL_TEXT, 16, 24},
    {AP_EN_OWNER, AP_XCOL_TEXT, 10, 16},
    {"Status", AP_XCOL_STATUS, 0, 0},
    {"Since when / why", AP_XCOL_TEXT, 16, 22},
    {"Cause", AP_XCOL_TEXT, 16, 26},
    {"Recommended action", AP_XCOL_TEXT, 16, 26},
    {"Last decision, date", AP_XCOL_DATE, 0, 0},
    {"Last decision", AP_XCOL_TEXT, 14, 26},
    {"Decision (the steering group's notes)", AP_XCOL_TEXT, 28, 28},
};
#define N_DEVIATION_COLS ((int)(sizeof deviation_cols_sv / sizeof *deviation_cols_sv))

static void deviation_row(steer *s, ap_xlw_table *t, const ap_activity *a, ap_buf *why)
{
    ap_buf_reset(why);
    ap_explain_activity_short(s->snap, a, why);
    ap_xlw_table_row(t);
    ap_xlw_cell_text(t, a->code);
    ap_xlw_cell_text(t, a->title);
    ap_xlw_cell_text(t, a->owner);
    ap_xlw_cell_status(t, a->eval.status);
    ap_xlw_cell_text(t, ap_buf_str(why));
    ap_buf text = {0};
    if (ap_activity_cause_missing(a))
        ap_xlw_cell_text_fmt(t, TR("orsak saknas", "cause missing"), s->rep.x.fmt.warn, false);
    else
        ap_xlw_cell_text(t, ap_deviation_text(a, false, &text));
    ap_xlw_cell_text(t, ap_deviation_text(a, true, &text));
    ap_buf_free(&text);
    ap_xlw_cell_date(t, a->has_decision ? a->last_decision.date : AP_DATE_NONE);
    ap_xlw_cell_text(t, a->has_decision ? a->last_decision.text : NULL);
    ap_xlw_cell_text_fmt(t, NULL, s->rep.x.fmt.input, false);
}

static void sheet_deviations(steer *s)
{
    const ap_steering *st = s->st;
    lxw_worksheet *ws = ap_xlw_report_sheet(&s->rep, TR("Avvikelser", "Deviations"), AP_XLW_LIST_HEADER_ROW, false);
    char title[128], note[256];
    snprintf(title, sizeof title,
             TR("Avvikelser per %s – underlag för beslut", "Deviations as of %s – for decision"),
             s->as_of);
    if (st->n_deviations)
        snprintf(note, sizeof note,
                 TR("%zu %s, röda först. Styrgruppens beslut skrivs i sista kolumnen.",
                    "%zu %s, red first. The steering group's decision goes in the last column."),
                 st->n_deviations,
                 ap_plural((long long)st->n_deviations, "gul eller röd aktivitet",
                           "gula och röda aktiviteter", "yellow or red activity",
                           "yellow and red activities"));
    else
        snprintf(
            note, sizeof note,
            TR("Inga gula eller röda aktiviteter per %s.", "No yellow or red activities as of %s."),
            s->as_of);
    ap_xlw_report_heading(&s->rep, ws, title, note);
    ap_xlw_table t;
    ap_buf why = {0};
    ap_xlw_table_begin(&t, &s->rep.x, ws, AP_XLW_LIST_HEADER_ROW, TR(deviation_cols_sv, deviation_cols_en),
                        N_DEVIATION_COLS);
    t.min_lines = 3; /* room for a handwritten decision on paper */
    while (ap_xlw_table_pass(&t))
        for (size_t i = 0; i < st->n_deviations; i++)
            deviation_row(s, &t, st->deviations[i], &why);
    ap_xlw_table_end(&t);
    ap_buf_free(&why);
}

/* =========================================================================
 * Förändringar
 * ========================================================================= */

static const ap_xlw_column change_cols_sv[] = {
    {"Datum", AP_XCOL_DATE, 0, 0},
    {"Kod", AP_XCOL_TEXT, 5, 8},
    {"Aktivitet", AP_XCOL_TEXT, 18, 34},
    {"Slag", AP_XCOL_TEXT, 7, 10},
    {"Från → till", AP_XCOL_TEXT, 14, 26},
    {"Av", AP_XCOL_TEXT, 10, 22},
    {"Kommentar / anteckning", AP_XCOL_TEXT, 30, 60},
};
static const ap_xlw_column change_cols_en[] = {
    {"Date", AP_XCOL_DATE, 0, 0},
    {"Code", AP_XCOL_TEXT, 5, 8},
    {"Activity", AP_XCOL_TEXT, 18, 34},
    {"Kind", AP_XCOL_TEXT, 7, 10},
    {"From → to", AP_XCOL_TEXT, 14, 26},
    {"By", AP_XCOL_TEXT, 10, 22},
    {"Comment / note", AP_XCOL_TEXT, 30, 60},
};
#define N_CHANGE_COLS ((int)(sizeof change_cols_sv / sizeof *change_cols_sv))

/* The kind and "from → to" of a change; a new colour gets its tint. */
static void change_cells(steer *s, ap_xlw_table *t, const ap_change *c)
{
    char buf[600];
    ap_xlw_cell_text(t, ap_change_kind_label(c));
    if (c->kind == AP_CHANGE_STATUS)
        ap_xlw_cell_text_fmt(t, ap_change_fromto(c, buf, sizeof buf),
                             s->rep.x.fmt.status[ap_status_from_color((ap_color)c->to)], true);
    else if (c->kind == AP_CHANGE_DECISION)
        ap_xlw_cell_blank(t);
    else
        ap_xlw_cell_text(t, ap_change_fromto(c, buf, sizeof buf));
}

static void sheet_changes(steer *s)
{
    const ap_snapshot *snap = s->snap;
    lxw_worksheet *ws = ap_xlw_report_sheet(&s->rep, TR("Förändringar", "Changes"), AP_XLW_LIST_HEADER_ROW, false);
    char title[160], note[256];
    snprintf(title, sizeof title,
             TR("Förändringar efter %s till och med %s", "Changes after %s up to and including %s"),
             s->since, s->as_of);
    snprintf(note, sizeof note,
             TR("Rapporter, lägesändringar, beslut och ändringar i planen, i datumordning: "
                "%zu. Efterregistrerade märks så.",
                "Status reports, state changes, decisions and changes of the plan, in date "
                "order: %zu. Entries recorded late are marked."),
             snap->n_changes);
    ap_xlw_report_heading(&s->rep, ws, title, note);
    ap_xlw_table t;
    ap_xlw_table_begin(&t, &s->rep.x, ws, AP_XLW_LIST_HEADER_ROW, TR(change_cols_sv, change_cols_en),
                        N_CHANGE_COLS);
    ap_buf cnote = {0};
    while (ap_xlw_table_pass(&t))
        for (size_t i = 0; i < snap->n_changes; i++) {
            const ap_change *c = &snap->changes[i];
            ap_xlw_table_row(&t);
            ap_xlw_cell_date(&t, c->date);
            ap_xlw_cell_text(&t, c->code);
            ap_xlw_cell_text(&t, c->title);
            change_cells(s, &t, c);
            ap_xlw_cell_text(&t, c->by);
            ap_xlw_cell_text(&t, ap_change_note(c, &cnote));
        }
    ap_buf_free(&cnote);
    ap_xlw_table_end(&t);
}

/* =========================================================================
 * Förslag och uppföljning
 * ========================================================================= */

static const ap_xlw_column followup_cols_sv[] = {
    {"Vad", AP_XCOL_TEXT, 10, 20},
    {AP_SV_OWNER, AP_XCOL_TEXT, 12, 24},
    {AP_SV_RESPONSIBLE, AP_XCOL_TEXT, 10, 22},
    {"Kod", AP_XCOL_TEXT, 5, 8},
    {"Aktivitet", AP_XCOL_TEXT, 20, 40},
    {"Status", AP_XCOL_STATUS, 0, 0},
    {"Föreslagen sedan", AP_XCOL_DATE, 0, 0},
    {"Senaste rapport", AP_XCOL_DATE, 0, 0},
    {"Dagar sedan rapport", AP_XCOL_INTEGER, 8, 10},
};
static const ap_xlw_column followup_cols_en[] = {
    {"What", AP_XCOL_TEXT, 10, 20},
    {AP_EN_OWNER, AP_XCOL_TEXT, 12, 24},
    {AP_EN_RESPONSIBLE, AP_XCOL_TEXT, 10, 22},
    {"Code", AP_XCOL_TEXT, 5, 8},
    {"Activity", AP_XCOL_TEXT, 20, 40},
    {"Status", AP_XCOL_STATUS, 0, 0},
    {"Proposed since", AP_XCOL_DATE, 0, 0},
    {"Last report", AP_XCOL_DATE, 0, 0},
    {"Days since report", AP_XCOL_INTEGER, 8, 10},
};
#define N_FOLLOWUP_COLS ((int)(sizeof followup_cols_sv / sizeof *followup_cols_sv))

/* One row: what to do about the activity, who, and since when. */
static void followup_row(ap_xlw_table *t, const ap_activity *a, const char *what, bool proposal)
{
    ap_xlw_table_row(t);
    ap_xlw_cell_text(t, what);
    ap_xlw_cell_text(t, a->owner);
    ap_xlw_cell_text(t, a->responsible);
    ap_xlw_cell_text(t, a->code);
    ap_xlw_cell_text(t, a->title);
    ap_xlw_cell_status(t, a->eval.status);
    ap_xlw_cell_date(t, proposal ? a->state_since : AP_DATE_NONE);
    ap_xlw_cell_date(t, a->has_update ? a->last.date : AP_DATE_NONE);
    if (!proposal && a->eval.days_since_update >= 0)
        ap_xlw_cell_number(t, a->eval.days_since_update);
    else
        ap_xlw_cell_blank(t);
}

/* "2 förslag väntar på beslut. 9 aktiviteter …", or "Inga …" for none. */
static void followup_note(const steer *s, char *buf, size_t n)
{
    const ap_steering *st = s->st;
    if (st->n_proposals)
        snprintf(buf, n, TR("%zu %s på beslut. ", "%zu %s a decision. "), st->n_proposals,
                 ap_plural((long long)st->n_proposals, "förslag väntar", "förslag väntar",
                           "proposal awaits", "proposals await"));
    else
        snprintf(buf, n, "%s",
                 TR("Inga förslag väntar på beslut. ", "No proposals await a decision. "));
    size_t k = strlen(buf);
    if (st->n_chase)
        snprintf(buf + k, n - k,
                 TR("%zu aktiviteter är inte rapporterade, försenade utan rapport sedan "
                    "slutdatumet eller har inte rapporterats på mer än %d dagar: att påminna, "
                    "per ansvarig enhet.",
                    "%zu activities are unreported, overdue without a report since the due "
                    "date, or have had no report for more than %d days: to chase, by owner."),
                 st->n_chase, s->snap->rules.stale_days);
    else
        snprintf(buf + k, n - k, "%s",
                 TR("Alla aktiva aktiviteter är rapporterade och aktuella.",
                    "Every active activity is reported and current."));
}

static void sheet_followup(steer *s)
{
    const ap_steering *st = s->st;
    lxw_worksheet *ws = ap_xlw_report_sheet(&s->rep, TR("Förslag och uppföljning", "Proposals and follow-up"),
                                  AP_XLW_LIST_HEADER_ROW, false);
    char title[128], note[384];
    snprintf(title, sizeof title,
             TR("Förslag och uppföljning per %s", "Proposals and follow-up as of %s"), s->as_of);
    followup_note(s, note, sizeof note);
    ap_xlw_report_heading(&s->rep, ws, title, note);
    ap_xlw_table t;
    ap_xlw_table_begin(&t, &s->rep.x, ws, AP_XLW_LIST_HEADER_ROW, TR(followup_cols_sv, followup_cols_en),
                        N_FOLLOWUP_COLS);
    while (ap_xlw_table_pass(&t)) {
        for (size_t i = 0; i < st->n_proposals; i++)
            followup_row(&t, st->proposals[i], TR("Förslag att besluta", "Proposal to decide"),
                         true);
        for (size_t i = 0; i < st->n_chase; i++) {
            const ap_activity *a = st->chase[i];
            ap_chase_reason why = ap_chase_reason_of(a);
            followup_row(&t, a,
                         why == AP_CHASE_NEVER_REPORTED ? TR("Ej rapporterad", "Unreported")
                         : why == AP_CHASE_OVERDUE      ? TR("Försenad", "Overdue")
                                                        : TR("Inaktuell", "Stale"),
                         false);
        }
    }
    ap_xlw_table_end(&t);
}

/* =========================================================================
 * The workbook
 * ========================================================================= */

static void steer_init(steer *s, const ap_steering *st)
{
    memset(s, 0, sizeof *s);
    s->st = st;
    s->snap = st->snap;
    s->rep.snap = st->snap;
    ap_date_format(st->snap->as_of, s->as_of);
    ap_date_format(st->since, s->since);
    ap_date_format(st->made_on, s->made_on);
    snprintf(s->rep.page_right, sizeof s->rep.page_right,
             TR("Styrgruppsrapport per %s", "Steering-group pack as of %s"), s->as_of);
    snprintf(s->rep.page_footer, sizeof s->rep.page_footer, TR("Framtagen %s", "Made on %s"), s->made_on);
}

ap_rc ap_xlsx_steering_write(const ap_steering *st, const char *path, ap_error *err)
{
    steer s;
    ap_buf doc_title = {0};
    steer_init(&s, st);
    ap_buf_printf(&doc_title, TR("Styrgruppsrapport %s – %s", "Steering-group pack %s – %s"),
                  s.as_of, st->snap->title ? st->snap->title : "");
    ap_xlw_doc doc = {.title = ap_buf_str(&doc_title),
                       .subject = s.rep.page_right,
                       .author = st->snap->process_lead,
                       .company = st->snap->organisation,
                       .created = st->made_on};
    ap_rc rc = ap_xlw_open(&s.rep.x, path, &doc, err);
    ap_buf_free(&doc_title);
    if (rc != AP_OK)
        return rc;
    sheet_overview(&s);
    sheet_activities(&s);
    sheet_deviations(&s);
    sheet_changes(&s);
    sheet_followup(&s);
    if (st->snap->n_goals > 0)
        ap_xlw_report_goals(&s.rep, s.as_of);
    return ap_xlw_close(&s.rep.x, err);
}
