/*
 * xlsx_annual.c - the annual council report as an Excel workbook
 * (docs/reports.md): the same data as the PDF, as tables.
 *
 * Sheets (English names when report.language = en):
 *   Sammanfattning   the plan and each focus area on 31 December: status,
 *                    counts, budget and spent; the life cycle of the year
 *   Aktiviteter      every activity the report covers, with its year-end
 *                    status, the year's last comment, cause and decision
 *   Genomförda       completed during the year, with the date
 *   Avvikelser       yellow and red on 31 December
 *   Mål              goals and indicators against their targets
 *   Globala mål      activities per UN Sustainable Development Goal
 *
 * Everything comes from the ap_annual lists (report.c), as the PDF does.
 */
#include "actionplan/explain.h"
#include "actionplan/model.h"
#include "actionplan/i18n.h"
#include "render.h"
#include "actionplan/report.h"
#include "xlsx_report.h"

#include <stdio.h>
#include <string.h>

typedef struct annual {
    ap_xlw_report rep;
    const ap_annual *an;
    const ap_snapshot *snap;
    char as_of[11];
} annual;

/* =========================================================================
 * Sammanfattning
 * ========================================================================= */

static const ap_xlw_column summary_cols_sv[] = {
    {"Kod", AP_XCOL_TEXT, 6, 8},           {"Fokusområde", AP_XCOL_TEXT, 26, 44},
    {"Status", AP_XCOL_STATUS, 0, 0},      {"Grön", AP_XCOL_INTEGER, 6, 8},
    {"Gul", AP_XCOL_INTEGER, 6, 8},        {"Röd", AP_XCOL_INTEGER, 6, 8},
    {"Genomförd", AP_XCOL_INTEGER, 8, 10}, {"Ej rapporterad", AP_XCOL_INTEGER, 8, 11},
    {"Ej aktiv", AP_XCOL_INTEGER, 7, 9},   {"Försenad", AP_XCOL_INTEGER, 7, 9},
    {"Inaktuell", AP_XCOL_INTEGER, 7, 9},  {AP_SV_BUDGET " (kr)", AP_XCOL_MONEY, 0, 0},
    {AP_SV_SPENT " (kr)", AP_XCOL_MONEY, 0, 0}, {"Andel av budget", AP_XCOL_PERCENT, 0, 0},
    {"Bedömning", AP_XCOL_TEXT, 30, 70},
};
static const ap_xlw_column summary_cols_en[] = {
    {"Code", AP_XCOL_TEXT, 6, 8},          {"Focus area", AP_XCOL_TEXT, 26, 44},
    {"Status", AP_XCOL_STATUS, 0, 0},      {"Green", AP_XCOL_INTEGER, 6, 8},
    {"Yellow", AP_XCOL_INTEGER, 6, 8},     {"Red", AP_XCOL_INTEGER, 6, 8},
    {"Completed", AP_XCOL_INTEGER, 8, 10}, {"Unreported", AP_XCOL_INTEGER, 8, 11},
    {"Not active", AP_XCOL_INTEGER, 7, 9}, {"Overdue", AP_XCOL_INTEGER, 7, 9},
    {"Stale", AP_XCOL_INTEGER, 7, 9},      {AP_EN_BUDGET " (SEK)", AP_XCOL_MONEY, 0, 0},
    {AP_EN_SPENT " (SEK)", AP_XCOL_MONEY, 0, 0},  {"Share of budget", AP_XCOL_PERCENT, 0, 0},
    {"Assessment", AP_XCOL_TEXT, 30, 70},
};
#define N_SUMMARY_COLS ((int)(sizeof summary_cols_sv / sizeof *summary_cols_sv))

/* A row of the summary: status, counts, cost and the year's assessment,
 * the PDF's figures and words. */
static void summary_row(ap_xlw_table *t, const char *code, const char *title, const ap_rollup *r,
                        long long budget, long long spent, const ap_assessment *as)
{
    const ap_counts *c = &r->counts;
    const int counts[8] = {c->green,      c->yellow,   c->red,     c->completed,
                           c->unreported, c->excluded, c->overdue, c->stale};
    ap_xlw_table_row(t);
    ap_xlw_cell_text(t, code);
    ap_xlw_cell_text(t, title);
    ap_xlw_cell_status(t, r->status);
    for (int i = 0; i < 8; i++)
        ap_xlw_cell_number(t, counts[i]);
    ap_xlw_cell_number(t, (double)budget);
    ap_xlw_cell_number(t, (double)spent);
    if (budget > 0)
        ap_xlw_cell_number(t, (double)spent / (double)budget);
    else
        ap_xlw_cell_blank(t);
    ap_buf text = {0};
    ap_xlw_cell_text(t, ap_assessment_text(as, &text));
    ap_buf_free(&text);
}

/* The year's life cycle: decided, ongoing, completed, paused, cancelled.
 * Written cell by cell under the status table, in its columns, so that it
 * does not change the widths the table chose. */
static void summary_cycle(annual *a, lxw_worksheet *ws, lxw_row_t row)
{
    static const ap_state order[] = {AP_STATE_DECIDED, AP_STATE_ONGOING, AP_STATE_COMPLETED,
                                     AP_STATE_PAUSED, AP_STATE_CANCELLED};
    ap_xlw *x = &a->rep.x;
    ap_xlw_text(x, ws, row, 0,
                TR("Aktiviteternas läge: hur många som gick in i varje läge under året, och hur "
                   "många som var i det den 31 december",
                   "The activities' states: how many entered each state during the year, and "
                   "how many were in it on 31 December"),
                x->fmt.subtitle);
    ap_xlw_text(x, ws, row + 1, 1, AP_WORD(STATE), x->fmt.header);
    ap_xlw_text(x, ws, row + 1, 2, TR("Under året", "During the year"), x->fmt.header);
    ap_xlw_text(x, ws, row + 1, 3, "31/12", x->fmt.header);
    for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
        lxw_row_t r = row + 2 + (lxw_row_t)i;
        ap_xlw_text(x, ws, r, 1, ap_state_label(order[i]), x->fmt.text);
        ap_xlw_number(x, ws, r, 2, a->an->entered[order[i]], x->fmt.integer);
        ap_xlw_number(x, ws, r, 3, a->an->at_year_end[order[i]], x->fmt.integer);
    }
}

static void sheet_summary(annual *a)
{
    const ap_snapshot *snap = a->snap;
    lxw_worksheet *ws = ap_xlw_report_sheet(&a->rep, TR("Sammanfattning", "Summary"), 5, false);
    char line[512];
    snprintf(line, sizeof line, TR("Årsrapport %d till %s", "Annual report %d to %s"), a->an->year,
             ap_config_recipient(a->an->cfg));
    ap_xlw_text(&a->rep.x, ws, 0, 0, line, a->rep.x.fmt.title);
    snprintf(line, sizeof line, "%s%s%s", snap->title ? snap->title : "",
             snap->organisation ? " – " : "", snap->organisation ? snap->organisation : "");
    ap_xlw_text(&a->rep.x, ws, 1, 0, line, a->rep.x.fmt.subtitle);
    ap_buf note = {0};
    ap_buf_printf(&note, TR("Läget per %s. Strategiperiod %s. ", "Status as of %s. Strategy period %s. "),
                  a->as_of, snap->period ? snap->period : "–");
    ap_annual_summary_text(a->an, a->as_of, &note); /* the PDF's words and figures */
    ap_xlw_text(&a->rep.x, ws, 2, 0, ap_buf_str(&note), a->rep.x.fmt.note);
    if (ap_annual_preliminary(a->an))
        ap_xlw_text(&a->rep.x, ws, 3, 0, ap_annual_preliminary_note(a->an, a->as_of, &note),
                    a->rep.x.fmt.subtitle);
    ap_buf_free(&note);
    ap_xlw_text(&a->rep.x, ws, 4, 0, TR("Status per fokusområde", "Status per focus area"),
                a->rep.x.fmt.subtitle);
    ap_xlw_table t;
    ap_xlw_table_begin(&t, &a->rep.x, ws, 5, TR(summary_cols_sv, summary_cols_en), N_SUMMARY_COLS);
    while (ap_xlw_table_pass(&t)) {
        summary_row(&t, "", TR("Hela planen", "Whole plan"), &snap->rollup, snap->budget,
                    snap->spent, &a->an->plan_assessment);
        for (size_t i = 0; i < snap->n_focus; i++) {
            const ap_focus *f = &snap->focus[i];
            summary_row(&t, f->code, f->title, &f->rollup, f->budget, f->spent,
                        &a->an->assessments[i]);
        }
    }
    lxw_row_t last = ap_xlw_table_last_row(&t);
    t.autofilter = false;
    ap_xlw_table_end(&t);
    summary_cycle(a, ws, last + 2);
}

/* =========================================================================
 * Aktiviteter, Genomförda, Avvikelser
 * ========================================================================= */

static const ap_xlw_column activity_cols_sv[] = {
    {"Kod", AP_XCOL_TEXT, 5, 7},          {"Fokusområde", AP_XCOL_TEXT, 12, 20},
    {"Insatsområde", AP_XCOL_TEXT, 12, 22}, {"Aktivitet", AP_XCOL_TEXT, 18, 28},
    {AP_SV_OWNER, AP_XCOL_TEXT, 10, 16},      {AP_SV_DUE, AP_XCOL_DATE, 0, 0},
    {"Läge 31/12", AP_XCOL_TEXT, 8, 11},  {"Status 31/12", AP_XCOL_STATUS, 0, 0},
    {AP_SV_PROGRESS, AP_XCOL_PERCENT, 0, 0},  {"Senaste rapport", AP_XCOL_DATE, 0, 0},
    {"Årets sista kommentar", AP_XCOL_TEXT, 20, 32}, {"Orsak", AP_XCOL_TEXT, 14, 24},
    {"Åtgärd", AP_XCOL_TEXT, 14, 24},     {"Senaste beslut", AP_XCOL_TEXT, 14, 24},
    {"Genomförd", AP_XCOL_DATE, 0, 0},
};
static const ap_xlw_column activity_cols_en[] = {
    {"Code", AP_XCOL_TEXT, 5, 7},          {"Focus area", AP_XCOL_TEXT, 12, 20},
    {"Initiative area", AP_XCOL_TEXT, 12, 22}, {"Activity", AP_XCOL_TEXT, 18, 28},
    {AP_EN_OWNER, AP_XCOL_TEXT, 10, 16},       {AP_EN_DUE, AP_XCOL_DATE, 0, 0},
    {"State 31/12", AP_XCOL_TEXT, 8, 11},  {"Status 31/12", AP_XCOL_STATUS, 0, 0},
    {AP_EN_PROGRESS, AP_XCOL_PERCENT, 0, 0},   {"Last report", AP_XCOL_DATE, 0, 0},
    {"The year's last comment", AP_XCOL_TEXT, 20, 32}, {"Cause", AP_XCOL_TEXT, 14, 24},
    {"Action", AP_XCOL_TEXT, 14, 24},      {"Latest decision", AP_XCOL_TEXT, 14, 24},
    {"Completed", AP_XCOL_DATE, 0, 0},
};
#define N_ACTIVITY_COLS ((int)(sizeof activity_cols_sv / sizeof *activity_cols_sv))

static void activity_row(annual *a, ap_xlw_table *t, const ap_activity *act)
{
    const ap_update *u = act->has_update ? &act->last : NULL;
    ap_xlw_table_row(t);
    ap_xlw_cell_text(t, act->code);
    ap_xlw_cell_code_title(t, act->focus->code, act->focus->title);
    ap_xlw_cell_code_title(t, act->initiative->code, act->initiative->title);
    ap_xlw_cell_text(t, act->title);
    ap_xlw_cell_text(t, act->owner);
    ap_xlw_cell_date(t, act->due);
    ap_xlw_cell_text(t, ap_state_label(act->state));
    ap_xlw_cell_status(t, act->eval.status);
    if (u && u->progress >= 0)
        ap_xlw_cell_number(t, u->progress / 100.0);
    else
        ap_xlw_cell_blank(t);
    ap_xlw_cell_date(t, u ? u->date : AP_DATE_NONE);
    ap_xlw_cell_text(t, u ? u->comment : NULL);
    if (ap_activity_cause_missing(act))
        ap_xlw_cell_text_fmt(t, TR("orsak saknas", "cause missing"), a->rep.x.fmt.warn, false);
    else
        ap_xlw_cell_text(t, u && u->color != AP_COLOR_GREEN ? u->cause : NULL);
    ap_xlw_cell_text(t, u && u->color != AP_COLOR_GREEN ? u->action : NULL);
    ap_xlw_cell_text(t, act->has_decision ? act->last_decision.text : NULL);
    ap_xlw_cell_date(t, act->completed_on);
}

static void activity_sheet(annual *a, const char *name, const char *title, const char *note,
                           ap_activity *const *list, size_t n)
{
    lxw_worksheet *ws = ap_xlw_report_sheet(&a->rep, name, AP_XLW_LIST_HEADER_ROW, false);
    ap_xlw_report_heading(&a->rep, ws, title, note);
    ap_xlw_table t;
    ap_xlw_table_begin(&t, &a->rep.x, ws, AP_XLW_LIST_HEADER_ROW,
                       TR(activity_cols_sv, activity_cols_en), N_ACTIVITY_COLS);
    while (ap_xlw_table_pass(&t))
        for (size_t i = 0; i < n; i++)
            activity_row(a, &t, list[i]);
    ap_xlw_table_end(&t);
}

static void sheet_lists(annual *a)
{
    const ap_annual *an = a->an;
    char title[160], note[320];
    snprintf(title, sizeof title, TR("Aktiviteter %d", "Activities %d"), an->year);
    snprintf(note, sizeof note,
             TR("Aktiviteter som var beslutade, pågående eller pausade den 31 december, eller "
                "som genomfördes eller avbröts under året: %zu. Status per %s.",
                "Activities that were decided, ongoing or paused on 31 December, or that were "
                "completed or cancelled during the year: %zu. Status as of %s."),
             an->n_covered, a->as_of);
    activity_sheet(a, TR("Aktiviteter", "Activities"), title, note, an->covered, an->n_covered);
    snprintf(title, sizeof title, TR("Genomförda under %d", "Completed in %d"), an->year);
    snprintf(note, sizeof note,
             TR("%zu %s under året, i datumordning.", "%zu %s during the year, by date."),
             an->n_completed,
             ap_plural((long long)an->n_completed, "aktivitet genomförd", "aktiviteter genomförda",
                       "activity completed", "activities completed"));
    activity_sheet(a, TR("Genomförda", "Completed"), title, note, an->completed, an->n_completed);
    snprintf(title, sizeof title, TR("Avvikelser den 31 december %d", "Deviations on 31 December %d"),
             an->year);
    snprintf(note, sizeof note,
             TR("%zu %s, röda först.", "%zu %s, red first."), an->n_deviations,
             ap_plural((long long)an->n_deviations, "aktivitet som var gul eller röd",
                       "aktiviteter som var gula eller röda", "activity that was yellow or red",
                       "activities that were yellow or red"));
    activity_sheet(a, TR("Avvikelser", "Deviations"), title, note, an->deviations,
                   an->n_deviations);
}

/* =========================================================================
 * Globala mål
 * ========================================================================= */

static const ap_xlw_column sdg_cols_sv[] = {
    {"Mål", AP_XCOL_INTEGER, 5, 6},
    {"FN:s globala mål (Agenda 2030)", AP_XCOL_TEXT, 30, 44},
    {"Aktiviteter", AP_XCOL_INTEGER, 9, 11},
    {"Koder", AP_XCOL_TEXT, 20, 60},
};
static const ap_xlw_column sdg_cols_en[] = {
    {"Goal", AP_XCOL_INTEGER, 5, 6},
    {"UN Sustainable Development Goal (Agenda 2030)", AP_XCOL_TEXT, 30, 44},
    {"Activities", AP_XCOL_INTEGER, 9, 11},
    {"Codes", AP_XCOL_TEXT, 20, 60},
};

static void sheet_sdg(annual *a)
{
    const ap_annual *an = a->an;
    lxw_worksheet *ws = ap_xlw_report_sheet(&a->rep, TR("Globala mål", "SDGs"),
                                            AP_XLW_LIST_HEADER_ROW, false);
    char title[128];
    snprintf(title, sizeof title, TR("Aktiviteter per globalt mål %d", "Activities per SDG %d"),
             an->year);
    ap_xlw_report_heading(&a->rep, ws, title,
                          TR("Hur många av årets aktiviteter som bidrar till vart och ett av "
                             "FN:s 17 globala mål för hållbar utveckling.",
                             "How many of the year's activities contribute to each of the UN's "
                             "17 Sustainable Development Goals."));
    ap_xlw_table t;
    ap_xlw_table_begin(&t, &a->rep.x, ws, AP_XLW_LIST_HEADER_ROW, TR(sdg_cols_sv, sdg_cols_en), 4);
    ap_buf codes = {0};
    while (ap_xlw_table_pass(&t))
        for (int g = 1; g <= AP_SDG_MAX; g++) {
            ap_buf_reset(&codes);
            for (size_t i = 0; i < an->n_covered; i++)
                for (size_t k = 0; k < an->covered[i]->n_sdgs; k++)
                    if (an->covered[i]->sdgs[k] == g)
                        ap_buf_printf(&codes, "%s%s", codes.len ? ", " : "",
                                      an->covered[i]->code);
            ap_xlw_table_row(&t);
            ap_xlw_cell_number(&t, g);
            ap_xlw_cell_text(&t, ap_sdg_name(g));
            ap_xlw_cell_number(&t, an->sdg_activities[g]);
            ap_xlw_cell_text(&t, ap_buf_str(&codes));
        }
    ap_buf_free(&codes);
    ap_xlw_table_end(&t);
}

/* =========================================================================
 * The workbook
 * ========================================================================= */

ap_rc ap_xlsx_annual_write(const ap_annual *an, const char *path, ap_error *err)
{
    annual a;
    memset(&a, 0, sizeof a);
    a.an = an;
    a.snap = an->snap;
    a.rep.snap = an->snap;
    ap_date_format(an->snap->as_of, a.as_of);
    char made[11];
    snprintf(a.rep.page_right, sizeof a.rep.page_right, TR("Årsrapport %d till %s", "Annual report %d to %s"),
             an->year, ap_config_recipient(an->cfg));
    snprintf(a.rep.page_footer, sizeof a.rep.page_footer, TR("Framtagen %s", "Made on %s"),
             ap_date_format(an->made_on, made));
    char title[512];
    snprintf(title, sizeof title, TR("Årsrapport %d – %s", "Annual report %d – %s"), an->year,
             an->snap->title ? an->snap->title : "");
    ap_xlw_doc doc = {.title = title,
                      .subject = a.rep.page_right,
                      .author = an->snap->process_lead,
                      .company = an->snap->organisation,
                      .created = an->made_on};
    ap_rc rc = ap_xlw_open(&a.rep.x, path, &doc, err);
    if (rc != AP_OK)
        return rc;
    sheet_summary(&a);
    sheet_lists(&a);
    if (an->snap->n_goals > 0)
        ap_xlw_report_goals(&a.rep, a.as_of);
    sheet_sdg(&a);
    return ap_xlw_close(&a.rep.x, err);
}
