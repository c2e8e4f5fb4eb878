/* web_annual.c - the annual report (ap_annual, report.h) drawn as an
 * accessible HTML page for the static site (web_site.c): the PDF's sections
 * (pdf_annual.c, docs/reports.md) in the same order, as headings h1 → h2 →
 * h3 → h4 without jumps, tables with captions and header cells, status
 * words beside the colours, and every chart with its values in a table
 * (web_svg.c). The PDF is the printed version; this is the accessible one.
 * See web_internal.h. */
#include "web_internal.h"

#include "actionplan/i18n.h"
#include "actionplan/model.h"


#include <stdio.h>
#include <string.h>

static void para(ap_buf *b, const char *text)
{
    ap_buf_puts(b, "<p>");
    ap_html_escape(b, text);
    ap_buf_puts(b, "</p>\n");
}

static void td(ap_buf *b, const char *text)
{
    ap_buf_puts(b, "<td>");
    web_text(b, text);
    ap_buf_puts(b, "</td>");
}

static void td_num(ap_buf *b, long long n)
{
    ap_buf_printf(b, "<td class=\"num\">%lld</td>", n);
}

/* An activity's status as the PDF's status cell: not-active ones say their
 * state, or that they have not started, beside the mark. */
static void activity_status(ap_buf *b, const ap_activity *a)
{
    web_status(b, a->eval.status);
    if (a->eval.rule == AP_RULE_NOT_STARTED)
        ap_buf_printf(b, " %s", TR("Ej startad", "Not started"));
    else if (a->eval.status == AP_ST_EXCLUDED)
        ap_buf_printf(b, " %s", ap_state_label(a->state));
}

static void code_title_cells(ap_buf *b, const ap_activity *a)
{
    ap_buf_puts(b, "<tr><th scope=\"row\">");
    ap_html_escape(b, a->code);
    ap_buf_puts(b, "</th>");
    td(b, a->title);
}

/* ---- the cover and the summary -------------------------------------------- */

static void cover(ap_buf *b, const ap_annual *an)
{
    const ap_snapshot *snap = an->snap;
    char day[11], made[11], adopted[11], line[320];
    snprintf(line, sizeof line, TR("Årsrapport %d till %s", "Annual report %d to %s"), an->year,
             ap_config_recipient(an->cfg));
    web_h(b, 1, line);
    snprintf(line, sizeof line,
             TR("%sUppföljning av handlingsplanen %s, läget den %s.",
                "%sFollow-up of the action plan %s, the situation on %s."),
             ap_annual_preliminary(an) ? TR("Preliminär. ", "Preliminary. ") : "", snap->title,
             ap_date_format(snap->as_of, day));
    para(b, line);
    ap_buf_puts(b, "<dl class=\"facts\">\n");
    web_fact(b, TR("Strategiperiod", "Strategy period"), snap->period);
    web_fact(b, TR("Läge per", "Status as of"), day);
    web_fact(b, TR("Handlingsplanen antagen", "Action plan adopted"),
         snap->adopted == AP_DATE_NONE ? NULL : ap_date_format(snap->adopted, adopted));
    web_fact(b, TR("Processledare", "Process lead"), snap->process_lead);
    web_fact(b, TR("Framtagen", "Made on"), ap_date_format(an->made_on, made));
    ap_buf_printf(b, "<dt>%s</dt><dd>", TR("Planens samlade status", "The plan's rolled-up status"));
    web_status(b, snap->rollup.status);
    ap_buf_puts(b, "</dd>\n</dl>\n");
    if (snap->description)
        para(b, snap->description);
}

/* Status and the eight counts per focus area, and the whole plan's. */
static void counts_table(ap_buf *b, const ap_snapshot *snap)
{
    const char *cols[] = {AP_WORD(FOCUS),
                          TR("Status", "Status"),
                          TR("Gröna", "Green"),
                          TR("Gula", "Yellow"),
                          TR("Röda", "Red"),
                          TR("Genomförda", "Completed"),
                          TR("Ej rapporterade", "Unreported"),
                          TR("Ej aktiva", "Not active"),
                          TR("Försenade", "Overdue"),
                          TR("Inaktuella", "Stale")};
    web_table_begin(b, TR("Status och antal aktiviteter per fokusområde",
                          "Status and activities per focus area"), false);
    web_th_cols(b, cols, 10);
    for (size_t i = 0; i <= snap->n_focus; i++) {
        const ap_rollup *r = i < snap->n_focus ? &snap->focus[i].rollup : &snap->rollup;
        ap_buf_puts(b, "<tr><th scope=\"row\" class=\"name\">");
        if (i < snap->n_focus) {
            ap_html_escape(b, snap->focus[i].code);
            ap_buf_puts(b, " ");
            ap_html_escape(b, snap->focus[i].title);
        } else {
            ap_html_escape(b, TR("Hela planen", "The whole plan"));
        }
        ap_buf_puts(b, "</th><td>");
        web_status(b, r->status);
        ap_buf_puts(b, "</td>");
        const ap_counts *k = &r->counts;
        const int n[] = {k->green,      k->yellow,   k->red,     k->completed,
                         k->unreported, k->excluded, k->overdue, k->stale};
        for (int j = 0; j < 8; j++)
            td_num(b, n[j]);
        ap_buf_puts(b, "</tr>\n");
    }
    web_table_end(b);
}

static void states_table(ap_buf *b, const ap_annual *an)
{
    char label[96], day[11];
    web_table_begin(b, TR("Aktiviteternas läge", "The activities' states"), false);
    ap_buf_printf(b, "<thead><tr><td></td>");
    for (int k = 0; k < AP_STATE_COUNT; k++)
        ap_buf_printf(b, "<th scope=\"col\">%s</th>", ap_state_plural_label(k));
    ap_buf_puts(b, "</tr></thead>\n<tbody>\n");
    for (int r = 0; r < 2; r++) {
        if (r == 0)
            snprintf(label, sizeof label, TR("Nya i läget under %d", "Entered during %d"), an->year);
        else
            snprintf(label, sizeof label, TR("Den %s", "On %s"),
                     ap_date_format(an->snap->as_of, day));
        ap_buf_printf(b, "<tr><th scope=\"row\">%s</th>", label);
        for (int k = 0; k < AP_STATE_COUNT; k++)
            td_num(b, r == 0 ? an->entered[k] : an->at_year_end[k]);
        ap_buf_puts(b, "</tr>\n");
    }
    web_table_end(b);
}

static void deviations_table(ap_buf *b, const ap_annual *an)
{
    if (an->n_deviations == 0) {
        para(b, TR("Inga aktiviteter avvek vid årets slut.",
                   "No activity deviated at the end of the year."));
        return;
    }
    const char *cols[] = {TR("Kod", "Code"), AP_WORD(ACTIVITY), TR("Status", "Status"),
                          TR("Orsak", "Cause")};
    web_table_begin(b, TR("Gula och röda aktiviteter, röda först",
                          "Yellow and red activities, red first"), true);
    web_th_cols(b, cols, 4);
    ap_buf tmp = {0};
    for (size_t i = 0; i < an->n_deviations; i++) {
        const ap_activity *a = an->deviations[i];
        code_title_cells(b, a);
        ap_buf_puts(b, "<td>");
        web_status(b, a->eval.status);
        ap_buf_puts(b, "</td>");
        const char *cause = ap_deviation_text(a, false, &tmp);
        td(b, cause ? cause : TR("Orsak saknas", "Cause missing"));
        ap_buf_puts(b, "</tr>\n");
    }
    ap_buf_free(&tmp);
    web_table_end(b);
}

static void summary(ap_buf *b, const ap_annual *an)
{
    char day[11];
    ap_buf text = {0};
    web_h(b, 2, TR("Sammanfattning", "Summary"));
    ap_date_format(an->snap->as_of, day);
    if (ap_annual_preliminary(an))
        ap_buf_printf(b, "<p><strong>%s</strong></p>\n",
                      ap_annual_preliminary_note(an, day, &text));
    para(b, ap_assessment_text(&an->plan_assessment, &text));
    ap_buf_reset(&text);
    ap_annual_summary_lead(an, &text); /* the PDF's words, date and figures */
    para(b, ap_buf_str(&text));
    ap_buf_free(&text);
    web_h(b, 3, TR("Status per fokusområde", "Status per focus area"));
    counts_table(b, an->snap);
    web_h(b, 3, TR("Aktiviteternas läge", "The activities' states"));
    states_table(b, an);
    web_h(b, 3, TR("De största avvikelserna", "The main deviations"));
    deviations_table(b, an);
}

/* ---- the focus areas ------------------------------------------------------ */

/* The year's last report: its date and comment, or why there is none. */
static void year_comment(ap_buf *b, const ap_annual *an, const ap_activity *a)
{
    char d[11];
    if (a->has_update && ap_date_year(a->last.date) == an->year) {
        ap_buf_printf(b, "%s: ", ap_date_format(a->last.date, d));
        web_text(b, a->last.comment ? a->last.comment : TR("utan kommentar", "without a comment"));
    } else if (a->has_update) {
        ap_buf_printf(b, TR("Ingen rapport under %d (senast %s).", "No report during %d (last %s)."),
                      an->year, ap_date_format(a->last.date, d));
    } else {
        ap_buf_puts(b, TR("Ingen rapport ännu.", "No report yet."));
    }
}

/* Cause, action and the steering group's decision of a deviation. */
static void deviation_detail(ap_buf *b, const ap_activity *a)
{
    char d[11];
    ap_buf tmp = {0};
    if (a->eval.status != AP_ST_YELLOW && a->eval.status != AP_ST_RED) {
        ap_buf_puts(b, "–");
        return;
    }
    const char *cause = ap_deviation_text(a, false, &tmp);
    ap_buf_printf(b, "%s: ", TR("Orsak", "Cause"));
    web_text(b, cause ? cause : TR("Orsak saknas", "Cause missing"));
    if (ap_deviation_text(a, true, &tmp)) {
        ap_buf_printf(b, "\n%s: ", TR("Åtgärd", "Action"));
        web_text(b, ap_buf_str(&tmp));
    }
    if (a->has_decision) {
        ap_buf_printf(b, "\n%s %s: ", TR("Styrgruppens beslut", "Steering group decision"),
                      ap_date_format(a->last_decision.date, d));
        web_text(b, a->last_decision.text);
    }
    ap_buf_free(&tmp);
}

static void initiative_section(ap_buf *b, const ap_annual *an, const ap_initiative *in)
{
    ap_buf head = {0}, title = {0};
    ap_buf_printf(&head, "%s %s", in->code, ap_capitalised(&title, in->title));
    ap_buf_free(&title);
    web_h(b, 4, ap_buf_str(&head));
    if (in->approach) /* as the PDF: the plan's own words ("Genom att …") */
        para(b, in->approach);
    const char *cols[] = {TR("Kod", "Code"),      AP_WORD(ACTIVITY),
                          AP_WORD(OWNER),         AP_WORD(DUE),
                          TR("Status", "Status"), TR("Årets senaste rapport", "The year's last report"),
                          TR("Avvikelse", "Deviation")};
    size_t shown = 0;
    for (size_t i = 0; i < in->n_activities; i++) {
        const ap_activity *a = in->activities[i];
        if (!ap_annual_covers(an, a) || !ap_pdf_list_shows(an->snap, &an->pdf, a))
            continue;
        if (shown++ == 0) {
            web_table_begin(b, ap_buf_str(&head), false);
            web_th_cols(b, cols, 7);
        }
        code_title_cells(b, a);
        td(b, a->owner);
        ap_buf_puts(b, "<td>");
        web_date(b, a->due);
        ap_buf_puts(b, "</td><td>");
        activity_status(b, a);
        ap_buf_puts(b, "</td><td>");
        year_comment(b, an, a);
        ap_buf_puts(b, "</td><td>");
        deviation_detail(b, a);
        ap_buf_puts(b, "</td></tr>\n");
    }
    if (shown)
        web_table_end(b);
    else if (an->pdf.attention_only)
        para(b, TR("Ingen aktivitet här behöver uppmärksamhet.", "No activity here needs attention."));
    else
        para(b, TR("Inga aktiviteter under året.", "No activities during the year."));
    ap_buf_free(&head);
}

static void focus_areas(ap_buf *b, const ap_annual *an)
{
    char text[512], day[11];
    ap_buf tmp = {0};
    web_h(b, 2, TR("Fokusområdena", "The focus areas"));
    snprintf(text, sizeof text,
             TR("Varje fokusområde med sina insatsområden och de aktiviteter som pågick, "
                "beslutades eller avslutades under %d, med status den %s. För gula och röda "
                "aktiviteter står orsaken och åtgärden.",
                "Each focus area with its initiative areas and the activities that were ongoing, "
                "decided or ended during %d, with their status on %s. For yellow and red "
                "activities: the cause and the action."),
             an->year, ap_date_format(an->snap->as_of, day));
    para(b, text);
    for (size_t i = 0; i < an->snap->n_focus; i++) {
        const ap_focus *f = &an->snap->focus[i];
        ap_buf_reset(&tmp);
        ap_buf_printf(&tmp, TR("Fokusområde %s: %s", "Focus area %s: %s"), f->code, f->title);
        web_h(b, 3, ap_buf_str(&tmp));
        ap_buf_printf(b, "<p>%s: ", TR("Status", "Status"));
        web_status(b, f->rollup.status);
        ap_buf_puts(b, "</p>\n");
        para(b, ap_assessment_text(&an->assessments[i], &tmp));
        if (an->pdf.attention_only && an->pdf.omitted[i]) {
            snprintf(text, sizeof text,
                     TR("%zu aktiviteter utan avvikelser visas inte här (se arbetsboken).",
                        "%zu activities without deviations are not shown here (see the workbook)."),
                     an->pdf.omitted[i]);
            para(b, text);
        }
        for (size_t k = 0; k < f->n_initiatives; k++)
            initiative_section(b, an, f->initiatives[k]);
    }
    ap_buf_free(&tmp);
}

/* ---- completed, goals, costs, the global goals, the appendix ------------- */

static void completed(ap_buf *b, const ap_annual *an)
{
    char head[128], text[256];
    snprintf(head, sizeof head, TR("Genomfört under %d", "Completed during %d"), an->year);
    web_h(b, 2, head);
    if (an->n_completed == 0) {
        snprintf(text, sizeof text,
                 TR("Ingen aktivitet genomfördes under %d.", "No activity was completed during %d."),
                 an->year);
        para(b, text);
        return;
    }
    const char *cols[] = {TR("Kod", "Code"), AP_WORD(ACTIVITY), AP_WORD(OWNER),
                          TR("Genomförd", "Completed"), TR("Kommentar", "Comment")};
    web_table_begin(b, head, false);
    web_th_cols(b, cols, 5);
    for (size_t i = 0; i < an->n_completed; i++) {
        const ap_activity *a = an->completed[i];
        code_title_cells(b, a);
        td(b, a->owner);
        ap_buf_puts(b, "<td>");
        web_date(b, a->completed_on);
        ap_buf_puts(b, "</td>");
        td(b, a->has_update ? a->last.comment : NULL);
        ap_buf_puts(b, "</tr>\n");
    }
    web_table_end(b);
}

static void costs(ap_buf *b, const ap_annual *an)
{
    const ap_snapshot *snap = an->snap;
    char day[11], text[256], k1[48], k2[48];
    web_h(b, 2, TR("Kostnad mot budget", "Cost against budget"));
    snprintf(text, sizeof text,
             TR("Budget för hela planperioden och de kostnader som aktiviteterna har rapporterat "
                "till och med den %s.",
                "The budget for the whole plan period and the costs the activities have reported "
                "up to %s."),
             ap_date_format(snap->as_of, day));
    para(b, text);
    const char *cols[] = {AP_WORD(FOCUS), AP_WORD(BUDGET), TR("Kostnad", "Cost"),
                          TR("Andel", "Share")};
    web_table_begin(b, TR("Kostnad mot budget per fokusområde", "Cost against budget per focus area"),
                    false);
    web_th_cols(b, cols, 4);
    for (size_t i = 0; i <= snap->n_focus; i++) {
        bool all = i == snap->n_focus;
        long long budget = all ? snap->budget : snap->focus[i].budget;
        long long spent = all ? snap->spent : snap->focus[i].spent;
        ap_buf_puts(b, "<tr><th scope=\"row\" class=\"name\">");
        if (all) {
            ap_html_escape(b, TR("Hela planen", "The whole plan"));
        } else {
            ap_html_escape(b, snap->focus[i].code);
            ap_buf_puts(b, " ");
            ap_html_escape(b, snap->focus[i].title);
        }
        web_kronor(k1, sizeof k1, budget > 0 ? budget : 0);
        web_kronor(k2, sizeof k2, spent);
        ap_buf_printf(b, "</th><td class=\"num\">%s</td><td class=\"num\">%s</td>", k1, k2);
        if (budget > 0)
            ap_buf_printf(b, "<td class=\"num\">%.0f\xC2\xA0%%</td></tr>\n",
                          100.0 * (double)spent / (double)budget);
        else
            ap_buf_puts(b, "<td class=\"num\">–</td></tr>\n");
    }
    web_table_end(b);
}

static void sdgs(ap_buf *b, const ap_annual *an)
{
    web_h(b, 2, TR("Globala målen för hållbar utveckling", "The Sustainable Development Goals"));
    para(b, TR("De av FN:s 17 globala mål (Agenda 2030) som årets aktiviteter bidrar till, med hur "
               "många aktiviteter som bidrar till vart och ett. En aktivitet kan bidra till flera "
               "mål.",
               "The UN's Sustainable Development Goals (Agenda 2030) that the year's activities "
               "contribute to, with how many activities contribute to each. An activity may "
               "contribute to several goals."));
    int used = 0;
    ap_buf none = {0};
    for (int n = 1; n <= 17; n++)
        if (an->sdg_activities[n] > 0)
            used++;
    if (used) {
        const char *cols[] = {AP_WORD(GOAL), TR("Globalt mål", "Sustainable Development Goal"),
                              TR("Aktiviteter", "Activities")};
        web_table_begin(b, TR("Globala mål och årets aktiviteter",
                              "Sustainable Development Goals and the year's activities"), false);
        web_th_cols(b, cols, 3);
    }
    for (int n = 1; n <= 17; n++) {
        if (an->sdg_activities[n] == 0) {
            ap_buf_printf(&none, "%s%d", none.len ? ", " : "", n);
            continue;
        }
        /* the UN's colour of the goal as a square beside its number */
        ap_buf_printf(b, "<tr><th scope=\"row\"><svg class=\"sdg\" width=\"12\" height=\"12\" "
                         "aria-hidden=\"true\" focusable=\"false\"><rect width=\"12\" height=\"12\" "
                         "fill=\"#%06X\"/></svg> %d</th>",
                      (unsigned)ap_sdg_color(n), n);
        td(b, ap_sdg_name(n));
        td_num(b, an->sdg_activities[n]);
        ap_buf_puts(b, "</tr>\n");
    }
    if (used)
        web_table_end(b);
    if (used == 17)
        para(b, TR("Årets aktiviteter bidrar till alla 17 mål.",
                   "The year's activities contribute to all 17 goals."));
    else if (used == 0)
        para(b, TR("Ingen av årets aktiviteter är kopplad till något av de globala målen.",
                   "None of the year's activities is linked to any of the goals."));
    else {
        ap_buf text = {0};
        ap_buf_printf(&text, TR("Inga av årets aktiviteter bidrar till mål %s.",
                                "None of the year's activities contributes to goal %s."),
                      ap_buf_str(&none));
        para(b, ap_buf_str(&text));
        ap_buf_free(&text);
    }
    ap_buf_free(&none);
}

static void appendix(ap_buf *b, const ap_annual *an)
{
    char head[128];
    if (an->pdf.attention_only)
        snprintf(head, sizeof head, TR("Bilaga: aktiviteter som behöver uppmärksamhet %d",
                                       "Appendix: activities that need attention %d"), an->year);
    else
        snprintf(head, sizeof head, TR("Bilaga: alla aktiviteter %d", "Appendix: every activity %d"),
                 an->year);
    web_h(b, 2, head);
    const char *cols[] = {TR("Kod", "Code"), AP_WORD(ACTIVITY), AP_WORD(OWNER),
                          AP_WORD(STATE),    TR("Status", "Status"), AP_WORD(DUE)};
    ap_buf caption = {0};
    const ap_focus *last = NULL;
    for (size_t i = 0; i < an->n_covered; i++) {
        const ap_activity *a = an->covered[i];
        if (!ap_pdf_list_shows(an->snap, &an->pdf, a))
            continue;
        if (a->focus != last) {
            if (last)
                web_table_end(b);
            ap_buf_reset(&caption);
            ap_buf_printf(&caption, TR("Fokusområde %s: %s", "Focus area %s: %s"), a->focus->code,
                          a->focus->title);
            web_h(b, 3, ap_buf_str(&caption));
            web_table_begin(b, ap_buf_str(&caption), false);
            web_th_cols(b, cols, 6);
            last = a->focus;
        }
        code_title_cells(b, a);
        td(b, a->owner);
        td(b, ap_state_label(a->state));
        ap_buf_puts(b, "<td>");
        activity_status(b, a);
        ap_buf_puts(b, "</td><td>");
        web_date(b, a->due);
        ap_buf_puts(b, "</td></tr>\n");
    }
    if (last)
        web_table_end(b);
    else
        para(b, TR("Inga aktiviteter under året.", "No activities during the year."));
    ap_buf_free(&caption);
}

void web_page_annual(web_ctx *c, const ap_annual *an)
{
    ap_buf *b = &c->res->body;
    char title[160], p[160], day[11];
    snprintf(title, sizeof title, TR("Årsrapport %d", "Annual report %d"), an->year);
    snprintf(p, sizeof p, "/plans/%s", c->key);
    const char *crumbs[] = {"/", TR("Planer", "Plans"), p, an->snap->title, NULL, title};
    web_page_begin(c, title, crumbs, 3);
    cover(b, an);
    summary(b, an);
    focus_areas(b, an);
    completed(b, an);
    if (an->snap->n_goals) {
        char text[256];
        web_h(b, 2, TR("Mål och indikatorer", "Goals and indicators"));
        snprintf(text, sizeof text,
                 TR("Planens mätbara mål mot sina målvärden, med det senaste mätvärdet till och "
                    "med den %s.",
                    "The plan's measurable goals against their targets, with the latest "
                    "measurement up to %s."),
                 ap_date_format(an->snap->as_of, day));
        para(b, text);
        web_goals_section(c, an->snap, 3, false);
    }
    costs(b, an);
    sdgs(b, an);
    appendix(b, an);
    web_page_end(c, false);
}

/* ---- the annual reports in the site --------------------------------------- */

/* Whether a registered report goes into the site: an annual report that can
 * be made again exactly (registered with its recording and digest). */
bool web_annual_in_site(const ap_report_rec *r)
{
    return strcmp(r->kind, "annual") == 0 && r->digest && r->upto > 0;
}

void web_annual_path(const web_ctx *c, char *out, size_t size, int year, int64_t id)
{
    snprintf(out, size, "/plans/%s/annual-%d-%lld", c->key, year, (long long)id);
}

void web_annual_links(web_ctx *c)
{
    if (!c->site)
        return;
    ap_arena arena = {0};
    ap_report_rec *list = NULL;
    size_t n = 0, shown = 0;
    ap_error err;
    ap_error_clear(&err);
    ap_buf *b = &c->res->body;
    if (ap_store_report_list(c->s, c->plan_id, &arena, &list, &n, &err) != AP_OK) {
        web_failed(c, &err);
        ap_arena_free(&arena);
        return;
    }
    ap_buf_printf(b, "<h2>%s</h2>\n", TR("Årsrapporter", "Annual reports"));
    for (size_t i = 0; i < n; i++) {
        if (!web_annual_in_site(&list[i]))
            continue;
        char p[256], text[160], made[11];
        int year = ap_date_year(list[i].as_of);
        web_annual_path(c, p, sizeof p, year, list[i].id);
        snprintf(text, sizeof text, TR("Årsrapport %d (rapport %lld, framtagen %s)",
                                       "Annual report %d (report %lld, made on %s)"),
                 year, (long long)list[i].id, ap_date_format(list[i].made_on, made));
        ap_buf_puts(b, shown++ ? "<li>" : "<ul>\n<li>");
        web_link(c, p, text);
        ap_buf_puts(b, "</li>\n");
    }
    if (shown)
        ap_buf_puts(b, "</ul>\n");
    else
        ap_buf_printf(b, "<p>%s</p>\n", TR("Inga årsrapporter är gjorda ännu.",
                                          "No annual report has been made yet."));
    ap_arena_free(&arena);
}
