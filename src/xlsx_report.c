/* xlsx_report.c - pieces shared by the report workbooks; see xlsx_report.h. */
#include "xlsx_report.h"
#include "actionplan/i18n.h"

#include <stdio.h>
#include <string.h>

lxw_worksheet *ap_xlw_report_sheet(ap_xlw_report *s, const char *name, int header_row,
                                   bool one_page)
{
    lxw_worksheet *ws = ap_xlw_sheet(&s->x, name);
    ap_xlw_page page = {.left = s->snap->title,
                         .right = s->page_right,
                         .footer = s->page_footer,
                         .repeat_first = header_row,
                         .repeat_last = header_row,
                         .one_page = one_page};
    ap_xlw_page_setup(&s->x, ws, &page);
    return ws;
}

/* A list sheet's first two lines: its title and a note saying what it holds. */
void ap_xlw_report_heading(ap_xlw_report *s, lxw_worksheet *ws, const char *title,
                           const char *note)
{
    ap_xlw_title(&s->x, ws, 0, title);
    ap_xlw_text(&s->x, ws, 1, 0, note, s->x.fmt.note);
}

/* Lines a node's title may take in a list: it repeats on every row of its
 * activities, and a whole initiative area's title (often 150 characters)
 * would make each of those rows as tall as a paragraph. */
#define CODE_TITLE_LINES 3

/* Cut b after its last whole word, strip trailing punctuation and add "…",
 * so that it wraps to at most max lines in a column width units wide; the
 * first word (the code) always stays. */
static void shorten_to_lines(ap_buf *b, double width, int max)
{
    size_t first = strcspn(b->p, " ");
    size_t keep = b->len;
    while (ap_xlw_text_lines(ap_buf_str(b), width, false) > max && keep > first) {
        while (keep > first && b->p[keep - 1] != ' ')
            keep--;
        while (keep > first && strchr(" ,;:.-", b->p[keep - 1]))
            keep--;
        b->len = keep;
        b->p[keep] = '\0';
        ap_buf_puts(b, "\xE2\x80\xA6"); /* … */
    }
}

/* The next cell: "1.2 erbjuder mötesplatser …", a node's code and title,
 * shortened at a word to CODE_TITLE_LINES lines of the column's widest
 * width, so that the whole cell shows on screen and in print. */
void ap_xlw_cell_code_title(ap_xlw_table *t, const char *code, const char *title)
{
    ap_buf b = {0};
    ap_buf_printf(&b, "%s %s", code ? code : "", title ? title : "");
    double width = t->col < t->ncols ? t->cols[t->col].max_width : 0;
    if (width > 0)
        shorten_to_lines(&b, width, CODE_TITLE_LINES);
    ap_xlw_cell_text(t, ap_buf_str(&b));
    ap_buf_free(&b);
}

/* =========================================================================
 * Mål
 * ========================================================================= */

static const ap_xlw_column goal_cols_sv[] = {
    {"Kod", AP_XCOL_TEXT, 4, 6},          {"Mål", AP_XCOL_TEXT, 18, 30},
    {"Slag", AP_XCOL_TEXT, 10, 14},       {"Indikator", AP_XCOL_TEXT, 20, 36},
    {"Enhet", AP_XCOL_TEXT, 6, 12},       {"Utgångsvärde", AP_XCOL_DECIMAL, 0, 0},
    {"Utgångsdatum", AP_XCOL_DATE, 0, 0}, {"Målvärde", AP_XCOL_DECIMAL, 0, 0},
    {"Måldatum", AP_XCOL_DATE, 0, 0},     {"Senaste värde", AP_XCOL_DECIMAL, 0, 0},
    {"Mätdatum", AP_XCOL_DATE, 0, 0},     {"Framsteg", AP_XCOL_PERCENT, 0, 0},
    {"Status", AP_XCOL_STATUS, 0, 0},     {"Kopplade aktiviteter", AP_XCOL_INTEGER, 9, 11},
};
static const ap_xlw_column goal_cols_en[] = {
    {"Code", AP_XCOL_TEXT, 4, 6},          {"Goal", AP_XCOL_TEXT, 18, 30},
    {"Kind", AP_XCOL_TEXT, 10, 14},        {"Indicator", AP_XCOL_TEXT, 20, 36},
    {"Unit", AP_XCOL_TEXT, 6, 12},         {"Baseline", AP_XCOL_DECIMAL, 0, 0},
    {"Baseline date", AP_XCOL_DATE, 0, 0}, {"Target", AP_XCOL_DECIMAL, 0, 0},
    {"Target date", AP_XCOL_DATE, 0, 0},   {"Latest value", AP_XCOL_DECIMAL, 0, 0},
    {"Measured on", AP_XCOL_DATE, 0, 0},   {"Progress", AP_XCOL_PERCENT, 0, 0},
    {"Status", AP_XCOL_STATUS, 0, 0},      {"Linked activities", AP_XCOL_INTEGER, 9, 11},
};
#define N_GOAL_COLS ((int)(sizeof goal_cols_sv / sizeof *goal_cols_sv))

static void goal_row(ap_xlw_table *t, const ap_goal *g)
{
    const ap_measurement *m = ap_goal_latest(g);
    ap_xlw_table_row(t);
    ap_xlw_cell_text(t, g->code);
    ap_xlw_cell_text(t, g->title);
    ap_xlw_cell_text(t, ap_goal_kind_label(g->kind));
    ap_xlw_cell_text(t, g->indicator);
    ap_xlw_cell_text(t, g->unit);
    ap_xlw_cell_number(t, g->baseline);
    ap_xlw_cell_date(t, g->baseline_date);
    ap_xlw_cell_number(t, g->target);
    ap_xlw_cell_date(t, g->target_date);
    if (m) {
        ap_xlw_cell_number(t, m->value);
        ap_xlw_cell_date(t, m->date);
        ap_xlw_cell_number(t, g->eval.progress);
    } else {
        ap_xlw_cell_blank(t);
        ap_xlw_cell_blank(t);
        ap_xlw_cell_blank(t);
    }
    ap_xlw_cell_status(t, g->eval.status);
    ap_xlw_cell_number(t, g->n_activities);
}

void ap_xlw_report_goals(ap_xlw_report *s, const char *as_of_text)
{
    const ap_snapshot *snap = s->snap;
    lxw_worksheet *ws = ap_xlw_report_sheet(s, TR("Mål", "Goals"), AP_XLW_LIST_HEADER_ROW, false);
    char title[128];
    snprintf(title, sizeof title, TR("Mål och indikatorer per %s", "Goals and indicators as of %s"),
             as_of_text);
    ap_xlw_report_heading(s, ws, title,
                  TR("Framsteg är andelen av vägen från utgångsvärdet till målvärdet; status "
                     "jämför den med hur stor del av målperioden som har gått.",
                     "Progress is the share of the way from the baseline to the target; the "
                     "status compares it with the share of the goal period that has passed."));
    ap_xlw_table t;
    ap_xlw_table_begin(&t, &s->x, ws, AP_XLW_LIST_HEADER_ROW, TR(goal_cols_sv, goal_cols_en),
                        N_GOAL_COLS);
    while (ap_xlw_table_pass(&t))
        for (size_t i = 0; i < snap->n_goals; i++)
            goal_row(&t, &snap->goals[i]);
    ap_xlw_table_end(&t);
}

