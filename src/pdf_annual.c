/*
 * pdf_annual.c - the annual report to the municipal council as a PDF
 * (docs/reports.md), A4 portrait.
 *
 * A public document read on paper and on the municipality's website:
 * cover, contents, a one-page summary a councillor reads first, then per
 * focus area its initiative areas and the year's activities, what was
 * completed, goals and indicators, cost against budget, the activities per
 * UN Sustainable Development Goal, and an appendix with every activity the
 * report covers. Everything comes from the ap_annual built in report.c.
 */
#include "actionplan/i18n.h"
#include "actionplan/model.h"
#include "actionplan/report.h"
#include "pdf_common.h"
#include "render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EN_DASH "\xE2\x80\x93"
#define MAX_SUMMARY_DEVIATIONS 8

/* "31 december 2016" of the report's as-of date. */
static const char *as_of_long(const ap_annual *an, char *buf, size_t size)
{
    return ap_date_long_text(an->snap->as_of, buf, size);
}

/* The status cell of an activity: not-active ones say their state
 * ("Pausad", "Avbruten"), or that they have not started, beside the dash. */
static ap_pdf_cell activity_status_cell(const ap_activity *a)
{
    if (a->eval.rule == AP_RULE_NOT_STARTED)
        return ap_pdfr_status_cell(a->eval.status, TR("Ej startad", "Not started"));
    if (a->eval.status == AP_ST_EXCLUDED)
        return ap_pdfr_status_cell(a->eval.status, ap_state_label(a->state));
    return ap_pdfr_status_cell(a->eval.status, NULL);
}

/* =========================================================================
 * Cover
 * ========================================================================= */

static void cover(ap_pdf *doc, const ap_annual *an)
{
    const ap_snapshot *snap = an->snap;
    char kind[320], lead[200], day[64], made[11], adopted[11], caption[160];
    snprintf(kind, sizeof kind, TR("Årsrapport %d till %s", "Annual report %d to %s"), an->year,
             ap_config_recipient(an->cfg));
    as_of_long(an, day, sizeof day);
    snprintf(lead, sizeof lead,
             TR("%sUppföljning av handlingsplanen \xC2\xB7 läget den %s",
                "%sFollow-up of the action plan \xC2\xB7 the situation on %s"),
             ap_annual_preliminary(an) ? TR("Preliminär \xC2\xB7 ", "Preliminary \xC2\xB7 ") : "",
             day);
    snprintf(caption, sizeof caption,
             TR("Planens samlade status den %s", "The plan's rolled-up status on %s"), day);
    char made_on[11], period[64];
    const ap_pdfr_cover_row rows[] = {
        {TR("Strategiperiod", "Strategy period"),
         ap_pdfr_period(period, sizeof period, snap->period)},
        {TR("Läge per", "Status as of"), ap_date_format(snap->as_of, made)},
        {TR("Handlingsplanen antagen", "Action plan adopted"),
         ap_pdfr_date(snap->adopted, adopted)},
        {TR("Processledare", "Process lead"), snap->process_lead ? snap->process_lead : EN_DASH},
        {TR("Framtagen", "Made on"), ap_date_format(an->made_on, made_on)}};
    ap_pdfr_cover c = {snap,
                       kind,
                       lead,
                       rows,
                       sizeof rows / sizeof *rows,
                       snap->rollup.status,
                       caption,
                       snap->description};
    ap_pdfr_cover_draw(doc, &c);
}

/* =========================================================================
 * The one-page summary
 * ========================================================================= */

/* The first paragraph: what the plan had, what was completed, what
 * deviated (the figures of the tables beside it), how the goals stand and
 * what it cost; the words are report.c's, the HTML page's too. */
static void summary_lead(ap_pdf *doc, const ap_annual *an)
{
    ap_buf text = {0};
    ap_annual_summary_lead(an, &text);
    ap_pdf_paragraph(doc, ap_buf_str(&text), NULL);
    ap_buf_free(&text);
}

/* Two rows: how many activities entered each state during the year, and
 * how many were in it at the year's end. */
static void states_table(ap_pdf *doc, const ap_annual *an)
{
    ap_pdf_column cols[AP_STATE_COUNT + 1] = {{"", 0.19, 0, 0}};
    for (int k = 0; k < AP_STATE_COUNT; k++)
        cols[k + 1] = (ap_pdf_column){ap_state_plural_label(k), 0,
                                      ap_pdfr_header_width(doc, ap_state_plural_label(k), 40),
                                      AP_PDF_RIGHT};
    ap_pdf_table_begin(doc, cols, AP_STATE_COUNT + 1, NULL);
    char label[2][96], num[2][AP_STATE_COUNT][16], day[64];
    snprintf(label[0], sizeof label[0], TR("Nya i läget under %d", "Entered during %d"), an->year);
    snprintf(label[1], sizeof label[1], TR("Den %s", "On %s"), as_of_long(an, day, sizeof day));
    for (int r = 0; r < 2; r++) {
        ap_pdf_cell cells[AP_STATE_COUNT + 1] = {{label[r], 0, 0}};
        for (int k = 0; k < AP_STATE_COUNT; k++) {
            snprintf(num[r][k], sizeof num[r][k], "%d",
                     r == 0 ? an->entered[k] : an->at_year_end[k]);
            cells[k + 1] = (ap_pdf_cell){num[r][k], 0, 0};
        }
        ap_pdf_table_row(doc, cells, AP_STATE_COUNT + 1, NULL);
    }
    ap_pdf_table_end(doc);
}

/* The cause of a yellow or red activity, or "Orsak saknas". */
static const char *cause_text(const ap_activity *a, ap_buf *b)
{
    const char *c = ap_deviation_text(a, false, b);
    return c ? c : TR("Orsak saknas", "Cause missing");
}

/* How many deviation rows the summary shows: as many as fit on its page,
 * at least 3 and at most MAX_SUMMARY_DEVIATIONS, so that the summary stays
 * one page. The widths are those of summary_deviations' columns. */
static size_t deviations_fitting(ap_pdf *doc, const ap_annual *an)
{
    ap_pdf_style st = {8.5, 0, 0, 0, 10.2, 0};
    double tw = ap_pdf_text_width(doc), wa = 0.42 * tw - 6, wc = tw - 62 - 0.42 * tw - 6;
    double room = ap_pdf_remaining(doc) - 20 - 26; /* the header row, the note */
    ap_buf name = {0}, cause = {0};
    size_t n = 0;
    for (; n < an->n_deviations && n < MAX_SUMMARY_DEVIATIONS; n++) {
        const ap_activity *a = an->deviations[n];
        double h = fmax(ap_pdf_measure(doc, ap_pdfr_code_title(&name, a->code, a->title), &st, wa),
                        ap_pdf_measure(doc, cause_text(a, &cause), &st, wc)) +
                   6;
        if (h > room && n >= 3)
            break;
        room -= h;
    }
    ap_buf_free(&name);
    ap_buf_free(&cause);
    return n;
}

static void summary_deviations(ap_pdf *doc, const ap_annual *an)
{
    char text[256];
    if (an->n_deviations == 0) {
        ap_pdf_paragraph(doc,
                         TR("Inga aktiviteter avvek vid årets slut.",
                            "No activity deviated at the end of the year."),
                         NULL);
        return;
    }
    const ap_pdf_column cols[3] = {{TR("Status", "Status"), 62, 62, 0},
                                   {AP_WORD(ACTIVITY), 0.42, 0, 0},
                                   {TR("Orsak", "Cause"), 0, 0, 0}};
    ap_pdf_table_begin(doc, cols, 3, NULL);
    ap_buf name = {0}, cause = {0};
    size_t n = deviations_fitting(doc, an);
    for (size_t i = 0; i < n; i++) {
        const ap_activity *a = an->deviations[i];
        ap_pdf_cell cells[3] = {ap_pdfr_status_cell(a->eval.status, NULL),
                                {ap_pdfr_code_title(&name, a->code, a->title), 0, 0},
                                {cause_text(a, &cause), 0, 0}};
        char key[128];
        ap_pdf_table_link(doc, 1, ap_pdfr_activity_key(key, sizeof key, a)); /* the appendix */
        ap_pdf_table_row(doc, cells, 3, NULL);
    }
    ap_pdf_table_end(doc);
    ap_buf_free(&name);
    ap_buf_free(&cause);
    if (an->n_deviations > n) {
        snprintf(text, sizeof text,
                 TR("De röda först. Ytterligare %zu avvikelser redovisas under respektive "
                    "fokusområde.",
                    "Red first. %zu more deviations are described under their focus areas."),
                 an->n_deviations - n);
        ap_pdfr_note(doc, text);
    }
}

static void summary(ap_pdf *doc, const ap_annual *an)
{
    char day[64], caption[160];
    ap_buf detail = {0};
    ap_pdf_heading(doc, 1, TR("Sammanfattning", "Summary"));
    snprintf(caption, sizeof caption,
             TR("Planens samlade status den %s", "The plan's rolled-up status on %s"),
             as_of_long(an, day, sizeof day));
    ap_counts_words(&detail, &an->snap->rollup.counts);
    ap_buf_putc(&detail, '.');
    ap_pdfr_status_banner(doc, an->snap->rollup.status, caption, ap_buf_str(&detail));
    if (ap_annual_preliminary(an)) {
        ap_pdf_style bold = {0, AP_PDF_BOLD, 0, AP_PDF_LEFT, 0, 0};
        ap_pdf_paragraph(doc, ap_annual_preliminary_note(an, day, &detail), &bold);
    }
    ap_buf_free(&detail);
    ap_pdfr_assessment(doc, &an->plan_assessment);
    summary_lead(doc, an);
    ap_pdf_heading(doc, 3, TR("Status per fokusområde", "Status per focus area"));
    ap_pdfr_counts_table(doc, an->snap, NULL, NULL);
    ap_pdf_heading(doc, 3, TR("Aktiviteternas läge", "The activities' states"));
    states_table(doc, an);
    ap_pdf_heading(doc, 3, TR("De största avvikelserna", "The main deviations"));
    summary_deviations(doc, an);
}

/* =========================================================================
 * Per focus area
 * ========================================================================= */

/* The year's last comment with its date, or a word on why there is none. */
static const char *year_comment(ap_buf *b, const ap_annual *an, const ap_activity *a)
{
    char d[11];
    ap_buf_reset(b);
    if (a->has_update && ap_date_year(a->last.date) == an->year && a->last.comment)
        ap_buf_printf(b, TR("Kommentar %s: %s", "Comment %s: %s"), ap_date_format(a->last.date, d),
                      a->last.comment);
    else if (a->has_update && ap_date_year(a->last.date) == an->year)
        ap_buf_printf(b, TR("Rapport %s, utan kommentar.", "Report on %s, without a comment."),
                      ap_date_format(a->last.date, d));
    else if (a->has_update)
        ap_buf_printf(b,
                      TR("Ingen rapport under %d (senast %s).", "No report during %d (last %s)."),
                      an->year, ap_date_format(a->last.date, d));
    else
        ap_buf_puts(b, TR("Ingen rapport ännu.", "No report yet."));
    return ap_buf_str(b);
}

/* For a yellow or red activity, a row under it: cause, recommended action
 * and the steering group's last decision, on the status's tint. */
static void deviation_detail(ap_pdf *doc, const ap_activity *a)
{
    char d[11];
    ap_buf b = {0}, text = {0};
    ap_buf_printf(&b, "%s: %s", TR("Orsak", "Cause"), cause_text(a, &text));
    if (ap_deviation_text(a, true, &text))
        ap_buf_printf(&b, "\n%s: %s", TR("Åtgärd", "Action"), ap_buf_str(&text));
    if (a->has_decision)
        ap_buf_printf(&b, "\n%s %s: %s", TR("Styrgruppens beslut", "Steering group decision"),
                      ap_date_format(a->last_decision.date, d),
                      a->last_decision.text ? a->last_decision.text : "");
    ap_pdf_table_row(
        doc, &(ap_pdf_cell){ap_buf_str(&b), 0, 0}, 1,
        &(ap_pdf_row_style){AP_PDF_ROW_SPAN, ap_status_style_of(a->eval.status)->tint});
    ap_buf_free(&b);
    ap_buf_free(&text);
}

/* One activity as a record: its row of facts, the year's comment across
 * the table, and for a deviation its cause and action. Every other record
 * is shaded so that its rows read as one. */
/* The row of facts of a record; due receives the date's text. */
static void record_cells(const ap_activity *a, char due[11], ap_pdf_cell cells[5])
{
    const ap_pdf_cell v[5] = {{a->code, 0, 0},
                              {a->title, 0, 0},
                              {a->owner ? a->owner : EN_DASH, 0, 0},
                              {ap_pdfr_date(a->due, due), 0, 0},
                              activity_status_cell(a)};
    memcpy(cells, v, sizeof v);
}

static void activity_record(ap_pdf *doc, const ap_annual *an, const ap_activity *a, bool shade)
{
    char due[11];
    ap_buf comment = {0};
    bool deviates = a->eval.status == AP_ST_YELLOW || a->eval.status == AP_ST_RED;
    uint32_t fill = shade ? 0xF5F7F9 : 0xFFFFFF;
    ap_pdf_cell cells[5];
    record_cells(a, due, cells);
    ap_pdf_table_row(doc, cells, 5, &(ap_pdf_row_style){AP_PDF_ROW_KEEP_NEXT, fill});
    ap_pdf_table_row(
        doc, &(ap_pdf_cell){year_comment(&comment, an, a), 0, 0}, 1,
        &(ap_pdf_row_style){AP_PDF_ROW_SPAN | (deviates ? AP_PDF_ROW_KEEP_NEXT : 0), fill});
    if (deviates)
        deviation_detail(doc, a);
    ap_buf_free(&comment);
}

/* What the pages of the focus areas share: the report, and the columns of
 * the activity records, fitted once to every covered activity so that the
 * tables of all focus areas line up. */
typedef struct records {
    const ap_annual *an;
    ap_pdf_column cols[5];
    ap_pdf_table_opts opts;
} records;

static void records_init(ap_pdf *doc, const ap_annual *an, records *r)
{
    r->an = an;
    r->cols[0] = (ap_pdf_column){TR("Kod", "Code"), 34, 34, 0};
    r->cols[1] = (ap_pdf_column){AP_WORD(ACTIVITY), 0, 0, 0};
    r->cols[2] = (ap_pdf_column){AP_WORD(OWNER), 0.22, 0, 0};
    r->cols[3] = (ap_pdf_column){AP_WORD(DUE), 58, 58, 0};
    r->cols[4] = (ap_pdf_column){TR("Status", "Status"), 80, 80, 0};
    ap_pdfr_fit(doc, &r->cols[0], an->covered, an->n_covered, AP_PDFR_CODE);
    ap_pdfr_fit(doc, &r->cols[1], an->covered, an->n_covered, AP_PDFR_TITLE);
    ap_pdfr_fit(doc, &r->cols[2], an->covered, an->n_covered, AP_PDFR_OWNER);
    r->opts = ap_pdfr_list_opts(&an->pdf, false);
    ap_pdfr_widths *w = ap_pdfr_widths_new(5, &r->opts);
    char due[11];
    ap_pdf_cell cells[5];
    for (size_t i = 0; i < an->n_covered; i++)
        if (ap_pdf_list_shows(an->snap, &an->pdf, an->covered[i])) {
            record_cells(an->covered[i], due, cells);
            ap_pdfr_widths_add(doc, w, cells, 5);
        }
    ap_pdfr_widths_apply(doc, w, r->cols);
}

static void initiative_table(ap_pdf *doc, const records *r, const ap_initiative *in)
{
    size_t shown = 0;
    for (size_t i = 0; i < in->n_activities; i++) {
        const ap_activity *a = in->activities[i];
        if (!ap_annual_covers(r->an, a) || !ap_pdf_list_shows(r->an->snap, &r->an->pdf, a))
            continue;
        if (shown == 0)
            ap_pdf_table_begin(doc, r->cols, 5, &r->opts);
        activity_record(doc, r->an, a, shown++ % 2 == 1);
    }
    if (shown)
        ap_pdf_table_end(doc);
    else if (r->an->pdf.attention_only)
        ap_pdfr_note(doc, TR("Ingen aktivitet här behöver uppmärksamhet.",
                             "No activity here needs attention."));
    else
        ap_pdfr_note(doc, TR("Inga aktiviteter under året.", "No activities during the year."));
}

static void initiative_section(ap_pdf *doc, const records *r, const ap_initiative *in)
{
    ap_buf title = {0}, head = {0};
    ap_pdf_style heading = {10.5, AP_PDF_BOLD, 0, 0, 0, 0};
    ap_pdf_style approach = {9, AP_PDF_ITALIC, 0x3A4450, 0, 0, 0};
    double tw = ap_pdf_text_width(doc);
    ap_capitalised(&title, in->title);
    ap_pdfr_code_title(&head, in->code, ap_buf_str(&title));
    /* Keep the heading, the approach and the first record together. */
    double h = 24 + ap_pdf_measure(doc, ap_buf_str(&head), &heading, tw) + 90;
    if (in->approach)
        h += ap_pdf_measure(doc, in->approach, &approach, tw) + 6;
    ap_pdf_keep(doc, h);
    ap_pdf_heading(doc, 3, ap_buf_str(&head));
    if (in->approach)
        ap_pdf_paragraph(doc, in->approach, &approach);
    initiative_table(doc, r, in);
    ap_buf_free(&title);
    ap_buf_free(&head);
}

static void focus_section(ap_pdf *doc, const records *r, const ap_focus *f)
{
    ap_pdfr_focus_heading(doc, f);
    ap_pdfr_assessment(doc, &r->an->assessments[f - r->an->snap->focus]);
    ap_pdfr_omitted_note(doc, &r->an->pdf, (size_t)(f - r->an->snap->focus));
    for (size_t i = 0; i < f->n_initiatives; i++)
        initiative_section(doc, r, f->initiatives[i]);
}

static void focus_areas(ap_pdf *doc, const ap_annual *an)
{
    char text[512], day[64];
    records r;
    records_init(doc, an, &r);
    for (size_t i = 0; i < an->snap->n_focus; i++) {
        ap_pdf_page_break(doc);
        if (i == 0) {
            ap_pdf_heading(doc, 1, TR("Fokusområdena", "The focus areas"));
            snprintf(text, sizeof text,
                     TR("Varje fokusområde med sina insatsområden och de aktiviteter som "
                        "pågick, beslutades eller avslutades under %d, med status den %s. Under "
                        "gula och röda aktiviteter står orsaken och åtgärden.",
                        "Each focus area with its initiative areas and the activities that were "
                        "ongoing, decided or ended during %d, with their status on %s. Under "
                        "yellow and red activities: the cause and the action."),
                     an->year, as_of_long(an, day, sizeof day));
            ap_pdf_paragraph(doc, text, NULL);
            if (an->pdf.attention_only)
                ap_pdfr_attention_note(doc, an->n_covered, an->cfg->pdf_list_max);
        }
        focus_section(doc, &r, &an->snap->focus[i]);
    }
}

/* =========================================================================
 * Completed during the year
 * ========================================================================= */

/* An activity completed during the year; day receives the date's text. */
static void completed_cells(const ap_activity *a, char day[11], ap_pdf_cell cells[5])
{
    const ap_pdf_cell v[5] = {{a->code, 0, 0},
                              {a->title, 0, 0},
                              {a->owner ? a->owner : EN_DASH, 0, 0},
                              {ap_pdfr_date(a->completed_on, day), 0, 0},
                              {a->has_update && a->last.comment ? a->last.comment : "", 0, 0}};
    memcpy(cells, v, sizeof v);
}

static void completed(ap_pdf *doc, const ap_annual *an)
{
    char head[128], text[256], day[11];
    snprintf(head, sizeof head, TR("Genomfört under %d", "Completed during %d"), an->year);
    ap_pdf_heading(doc, 1, head);
    if (an->n_completed == 0) {
        snprintf(
            text, sizeof text,
            TR("Ingen aktivitet genomfördes under %d.", "No activity was completed during %d."),
            an->year);
        ap_pdf_paragraph(doc, text, NULL);
        return;
    }
    snprintf(text, sizeof text,
             TR("%zu aktiviteter genomfördes under %d, i datumordning.",
                "%zu activities were completed during %d, by date."),
             an->n_completed, an->year);
    ap_pdf_paragraph(doc, text, NULL);
    ap_pdf_column cols[5] = {{TR("Kod", "Code"), 34, 34, 0},
                             {AP_WORD(ACTIVITY), 0.3, 0, 0},
                             {AP_WORD(OWNER), 0.18, 0, 0},
                             {TR("Genomförd", "Completed"), 64, 64, 0},
                             {TR("Kommentar", "Comment"), 0, 0, 0}};
    ap_pdfr_fit(doc, &cols[0], an->completed, an->n_completed, AP_PDFR_CODE);
    ap_pdfr_fit(doc, &cols[1], an->completed, an->n_completed, AP_PDFR_TITLE);
    ap_pdfr_fit(doc, &cols[2], an->completed, an->n_completed, AP_PDFR_OWNER);
    ap_pdfr_fit(doc, &cols[4], an->completed, an->n_completed, AP_PDFR_COMMENT);
    ap_pdf_table_opts opts = ap_pdfr_list_opts(&an->pdf, true);
    ap_pdf_cell cells[5];
    ap_pdfr_widths *w = ap_pdfr_widths_new(5, &opts);
    for (size_t i = 0; i < an->n_completed; i++) {
        completed_cells(an->completed[i], day, cells);
        ap_pdfr_widths_add(doc, w, cells, 5);
    }
    ap_pdfr_widths_apply(doc, w, cols);
    ap_pdf_table_begin(doc, cols, 5, &opts);
    for (size_t i = 0; i < an->n_completed; i++) {
        completed_cells(an->completed[i], day, cells);
        ap_pdf_table_row(doc, cells, 5, NULL);
    }
    ap_pdf_table_end(doc);
}

/* =========================================================================
 * Goals, costs, sustainable development goals
 * ========================================================================= */

static void goals(ap_pdf *doc, const ap_annual *an)
{
    char text[256], day[64];
    if (an->snap->n_goals == 0)
        return;
    ap_pdf_page_break(doc); /* the table and its charts on a page of their own */
    ap_pdf_heading(doc, 1, TR("Mål och indikatorer", "Goals and indicators"));
    snprintf(text, sizeof text,
             TR("Planens mätbara mål mot sina målvärden, med det senaste mätvärdet till och med "
                "den %s.",
                "The plan's measurable goals against their targets, with the latest measurement "
                "up to %s."),
             as_of_long(an, day, sizeof day));
    ap_pdf_paragraph(doc, text, NULL);
    ap_pdfr_goals(doc, an->snap);
}

static void costs(ap_pdf *doc, const ap_annual *an)
{
    char text[256], day[64];
    ap_pdf_heading(doc, 1, TR("Kostnad mot budget", "Cost against budget"));
    snprintf(text, sizeof text,
             TR("Budget för hela planperioden och de kostnader som aktiviteterna har rapporterat "
                "till och med den %s.",
                "The budget for the whole plan period and the costs the activities have "
                "reported up to %s."),
             as_of_long(an, day, sizeof day));
    ap_pdf_paragraph(doc, text, NULL);
    ap_pdfr_costs(doc, an->snap);
}

/* One line naming the goals that none of the year's activities contributes
 * to: "Inga av årets aktiviteter bidrar till mål 1, 2, 5 och 14." */
static void sdgs_without(ap_pdf *doc, const ap_annual *an)
{
    int none[AP_SDG_MAX], k = 0;
    for (int n = 1; n <= 17; n++)
        if (an->sdg_activities[n] == 0)
            none[k++] = n;
    ap_buf b = {0};
    if (k == 0)
        ap_buf_puts(&b, TR("Årets aktiviteter bidrar till alla 17 mål.",
                           "The year's activities contribute to all 17 goals."));
    else if (k == 17)
        ap_buf_puts(&b, TR("Ingen av årets aktiviteter är kopplad till något av de globala målen.",
                           "None of the year's activities is linked to any of the goals."));
    else {
        ap_buf_puts(&b, TR("Inga av årets aktiviteter bidrar till mål ",
                           "None of the year's activities contributes to goal "));
        for (int i = 0; i < k; i++)
            ap_buf_printf(&b, "%s%d",
                          i == 0       ? ""
                          : i == k - 1 ? TR(" och ", " or ")
                                       : ", ",
                          none[i]);
        ap_buf_puts(&b, ".");
    }
    ap_pdf_paragraph(doc, ap_buf_str(&b), NULL);
    ap_buf_free(&b);
}

/* The goals the year's activities contribute to, each number with the UN's
 * colour of its goal as a square beside it (the number and the name carry
 * the meaning; the colour is what readers know the goals by). */
static void sdgs(ap_pdf *doc, const ap_annual *an)
{
    char nums[17][8], counts[17][8];
    int used = 0;
    for (int n = 1; n <= 17; n++)
        used += an->sdg_activities[n] > 0;
    ap_pdf_keep(doc, 120 + (used + 1) * 16.2); /* heading, text and table on one page */
    ap_pdf_heading(doc, 1,
                   TR("Globala målen för hållbar utveckling", "The Sustainable Development Goals"));
    ap_pdf_paragraph(doc,
                     TR("De av FN:s 17 globala mål (Agenda 2030) som årets aktiviteter bidrar "
                        "till, med hur många aktiviteter som bidrar till vart och ett. En "
                        "aktivitet kan bidra till flera mål.",
                        "The UN's Sustainable Development Goals (Agenda 2030) that the year's "
                        "activities contribute to, with how many activities contribute to each. "
                        "An activity may contribute to several goals."),
                     NULL);
    if (used > 0) {
        const ap_pdf_column cols[3] = {{AP_WORD(GOAL), 46, 46, AP_PDF_LEFT},
                                       {TR("Globalt mål", "Sustainable Development Goal"), 0, 0, 0},
                                       {TR("Aktiviteter", "Activities"), 80, 80, AP_PDF_RIGHT}};
        ap_pdf_table_begin(doc, cols, 3, &(ap_pdf_table_opts){.zebra = true});
        for (int n = 1; n <= 17; n++) {
            if (an->sdg_activities[n] == 0)
                continue;
            snprintf(nums[n - 1], sizeof nums[n - 1], "%d", n);
            snprintf(counts[n - 1], sizeof counts[n - 1], "%d", an->sdg_activities[n]);
            ap_pdf_cell cells[3] = {{nums[n - 1], AP_PDF_MARK_SQUARE, ap_sdg_color(n)},
                                    {ap_sdg_name(n), 0, 0},
                                    {counts[n - 1], 0, 0}};
            ap_pdf_table_row(doc, cells, 3, NULL);
        }
        ap_pdf_table_end(doc);
    }
    sdgs_without(doc, an);
}

/* =========================================================================
 * Appendix: every covered activity
 * ========================================================================= */

/* An activity's row in the appendix: "1.2.3 Title", owner, state, status,
 * due; act and due receive the texts. */
static void appendix_cells(const ap_activity *a, ap_buf *act, char due[11], ap_pdf_cell cells[5])
{
    const ap_pdf_cell v[5] = {{ap_pdfr_code_title(act, a->code, a->title), 0, 0},
                              {a->owner ? a->owner : EN_DASH, 0, 0},
                              {ap_state_label(a->state), 0, 0},
                              activity_status_cell(a),
                              {ap_pdfr_date(a->due, due), 0, 0}};
    memcpy(cells, v, sizeof v);
}

static void appendix_row(ap_pdf *doc, const ap_activity *a)
{
    char due[11];
    ap_buf act = {0};
    ap_pdf_cell cells[5];
    appendix_cells(a, &act, due, cells);
    char key[128];
    ap_pdf_table_anchor(doc, ap_pdfr_activity_key(key, sizeof key, a));
    ap_pdf_table_row(doc, cells, 5, NULL);
    ap_buf_free(&act);
}

static void appendix(ap_pdf *doc, const ap_annual *an)
{
    char head[128];
    ap_pdf_page_break(doc);
    if (an->pdf.attention_only)
        snprintf(head, sizeof head,
                 TR("Bilaga: aktiviteter som behöver uppmärksamhet %d",
                    "Appendix: activities that need attention %d"),
                 an->year);
    else
        snprintf(head, sizeof head,
                 TR("Bilaga: alla aktiviteter %d", "Appendix: every activity %d"), an->year);
    ap_pdf_heading(doc, 1, head);
    if (an->pdf.attention_only)
        ap_pdfr_attention_note(doc, an->n_covered, an->cfg->pdf_list_max);
    ap_pdf_column cols[5] = {{AP_WORD(ACTIVITY), 0, 0, 0},
                             {AP_WORD(OWNER), 0.2, 0, 0},
                             {AP_WORD(STATE), 56, 56, 0},
                             {TR("Status", "Status"), 70, 70, 0},
                             {AP_WORD(DUE), 56, 56, 0}};
    ap_pdfr_fit(doc, &cols[0], an->covered, an->n_covered, AP_PDFR_CODE);
    ap_pdfr_fit(doc, &cols[0], an->covered, an->n_covered, AP_PDFR_TITLE);
    ap_pdfr_fit(doc, &cols[1], an->covered, an->n_covered, AP_PDFR_OWNER);
    ap_pdf_table_opts opts = ap_pdfr_list_opts(&an->pdf, true);
    char due[11];
    ap_buf act = {0};
    ap_pdf_cell cells[5];
    ap_pdfr_widths *w = ap_pdfr_widths_new(5, &opts);
    for (size_t i = 0; i < an->n_covered; i++)
        if (ap_pdf_list_shows(an->snap, &an->pdf, an->covered[i])) {
            appendix_cells(an->covered[i], &act, due, cells);
            ap_pdfr_widths_add(doc, w, cells, 5);
        }
    ap_buf_free(&act);
    ap_pdfr_widths_apply(doc, w, cols);
    ap_pdf_table_begin(doc, cols, 5, &opts);
    ap_buf group = {0};
    const ap_focus *last = NULL;
    for (size_t i = 0; i < an->n_covered; i++) {
        const ap_activity *a = an->covered[i];
        if (!ap_pdf_list_shows(an->snap, &an->pdf, a))
            continue;
        if (a->focus != last) {
            ap_buf_reset(&group);
            ap_buf_printf(&group, TR("Fokusområde %s: %s", "Focus area %s: %s"), a->focus->code,
                          a->focus->title);
            ap_pdfr_table_group(doc, ap_buf_str(&group), 28);
            last = a->focus;
        }
        appendix_row(doc, a);
    }
    ap_pdf_table_end(doc);
    ap_buf_free(&group);
}

/* =========================================================================
 * The document
 * ========================================================================= */

static void build(ap_pdf *doc, const void *data)
{
    const ap_annual *an = data;
    cover(doc, an);
    ap_pdf_toc_reserve(doc, TR("Innehåll", "Contents"), 1);
    summary(doc, an);
    focus_areas(doc, an);
    completed(doc, an);
    goals(doc, an);
    costs(doc, an);
    sdgs(doc, an);
    appendix(doc, an);
}

ap_rc ap_pdf_annual_write(const ap_annual *an, const char *path, ap_error *err)
{
    char kind[64], to[300];
    snprintf(kind, sizeof kind, TR("Årsrapport %d", "Annual report %d"), an->year);
    snprintf(to, sizeof to, TR("till %s", "to %s"), ap_config_recipient(an->cfg));
    ap_pdfr_meta meta = {an->snap, kind, to,
                         TR("Handlingsplanens status och resultat under året",
                            "The action plan's status and results during the year"),
                         AP_PDF_PORTRAIT};
    return ap_pdfr_write(&meta, build, an, path, err);
}
