/*
 * pdf_steering.c - the steering-group pack as a PDF (docs/reports.md): what
 * the process lead hands to the steering group before each meeting.
 *
 * Order of the pack: cover, contents, where the plan stands - a one-page
 * overview and the goals with their indicators - in portrait; then in
 * landscape, for the wide tables, what the group must act on first -
 * deviations, proposals - followed by what changed, whom to chase, and
 * every active activity per focus area for reference. Everything comes from the
 * ap_steering built once in report.c; nothing here re-derives a list.
 */
#include "actionplan/explain.h"
#include "actionplan/i18n.h"
#include "actionplan/model.h"
#include "actionplan/report.h"
#include "pdf_common.h"
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EN_DASH "\xE2\x80\x93"
#define ARROW_RIGHT "\xE2\x86\x92"

/* =========================================================================
 * Cover and overview
 * ========================================================================= */

static void cover(ap_pdf *doc, const ap_steering *st)
{
    const ap_snapshot *snap = st->snap;
    char as_of[11], since[11], made[11], lead[128], sincev[128], caption[128], period[64];
    ap_date_format(snap->as_of, as_of);
    ap_date_format(st->since, since);
    ap_date_format(st->made_on, made);
    snprintf(
        lead, sizeof lead,
        TR("Läget per %s \xC2\xB7 ändringar sedan %s", "Status as of %s \xC2\xB7 changes since %s"),
        as_of, since);
    snprintf(sincev, sizeof sincev, "%s%s", since,
             st->since_is_previous
                 ? TR(" (förra styrgruppsrapporten)", " (the previous steering pack)")
                 : "");
    snprintf(caption, sizeof caption,
             TR("Planens samlade status per %s", "The plan's rolled-up status as of %s"), as_of);
    const ap_pdfr_cover_row rows[] = {
        {TR("Läge per", "Status as of"), as_of},
        {TR("Ändringar sedan", "Changes since"), sincev},
        {TR("Processledare", "Process lead"), snap->process_lead ? snap->process_lead : EN_DASH},
        {TR("Framtagen", "Made on"), made},
        {TR("Strategiperiod", "Strategy period"),
         ap_pdfr_period(period, sizeof period, snap->period)}};
    ap_pdfr_cover c = {snap,
                       TR("Styrgruppsrapport", "Steering group report"),
                       lead,
                       rows,
                       sizeof rows / sizeof *rows,
                       snap->rollup.status,
                       caption,
                       NULL};
    ap_pdfr_cover_draw(doc, &c);
}

/* "Förra rapporten (2017-09-15): Grön. 46 gröna, 5 gula …" */
static void overview_banner(ap_pdf *doc, const ap_steering *st)
{
    const ap_snapshot *snap = st->snap;
    char d[11], caption[128];
    ap_buf detail = {0};
    snprintf(caption, sizeof caption,
             TR("Planens samlade status per %s", "The plan's rolled-up status as of %s"),
             ap_date_format(snap->as_of, d));
    if (st->prev)
        ap_buf_printf(&detail, TR("Förra rapporten (%s): %s. ", "Previous pack (%s): %s. "),
                      ap_date_format(st->prev->as_of, d),
                      ap_status_label(ap_steering_prev_status(st, NULL)));
    ap_buf_puts(&detail, TR("Aktiviteterna: ", "Activities: "));
    ap_counts_words(&detail, &snap->rollup.counts);
    ap_buf_putc(&detail, '.');
    ap_pdfr_status_banner(doc, snap->rollup.status, caption, ap_buf_str(&detail));
    ap_buf_free(&detail);
}

static void overview_tiles(ap_pdf *doc, const ap_steering *st)
{
    char v[5][16], since[11], changes[96], followed[128];
    snprintf(v[0], sizeof v[0], "%zu", st->n_active);
    /* Not "active": the followed-up activities include the completed ones. */
    int done = st->snap->rollup.counts.completed;
    snprintf(followed, sizeof followed,
             TR("aktiviteter som följs upp, varav %d %s", "activities followed up, %d of them %s"),
             done, ap_plural(done, "genomförd", "genomförda", "completed", "completed"));
    snprintf(v[1], sizeof v[1], "%zu", st->n_deviations);
    snprintf(v[2], sizeof v[2], "%zu", st->n_proposals);
    snprintf(v[3], sizeof v[3], "%zu", st->snap->n_changes);
    snprintf(v[4], sizeof v[4], "%zu", st->n_chase);
    snprintf(changes, sizeof changes, TR("ändringar sedan %s", "changes since %s"),
             ap_date_format(st->since, since));
    const ap_pdfr_tile tiles[5] = {
        {v[0], followed},
        {v[1], TR("avvikelser (gula och röda)", "deviations (yellow and red)")},
        {v[2], TR("förslag som väntar på beslut", "proposals awaiting a decision")},
        {v[3], changes},
        {v[4], TR("att påminna: ej rapporterade, försenade eller inaktuella",
                  "to chase: unreported, overdue or stale")}};
    ap_pdfr_tiles(doc, tiles, 5);
}

static void overview(ap_pdf *doc, const ap_steering *st)
{
    const ap_snapshot *snap = st->snap;
    ap_pdf_heading(doc, 1, TR("Översikt", "Overview"));
    overview_banner(doc, st);
    overview_tiles(doc, st);
    ap_pdf_heading(doc, 3, TR("Status per fokusområde", "Status per focus area"));
    ap_status *prev = NULL;
    char note[256], d[11];
    bool changed = false;
    if (st->prev) {
        prev = ap_xcalloc(snap->n_focus + 1, sizeof *prev);
        prev[0] = ap_steering_prev_status(st, NULL);
        changed = prev[0] != snap->rollup.status;
        for (size_t i = 0; i < snap->n_focus; i++) {
            prev[i + 1] = ap_steering_prev_status(st, snap->focus[i].code);
            changed |= prev[i + 1] != snap->focus[i].rollup.status;
        }
        snprintf(note, sizeof note,
                 TR("En ändrad status står som Förra " ARROW_RIGHT " Ny, jämfört med förra "
                    "rapporten (%s).",
                    "A changed status reads Previous " ARROW_RIGHT " New, compared with the "
                    "previous pack (%s)."),
                 ap_date_format(st->prev->as_of, d));
    }
    ap_pdfr_counts_table(doc, snap, prev, changed ? note : NULL);
    free(prev);
    ap_pdf_heading(doc, 3, TR("Bedömningar", "Assessments"));
    ap_pdfr_assessments_table(doc, snap, st->assessments, &st->plan_assessment);
    ap_pdfr_status_chart(
        doc, snap,
        TR("Aktiviteternas status per fokusområde", "Activities by status and focus area"));
}

/* =========================================================================
 * Deviations: what the steering group must decide
 * ========================================================================= */

/* "1.1.2 Företagsbesök tjänstemän\nDestination Södertälje" */
static const char *activity_owner(ap_buf *b, const ap_activity *a)
{
    ap_pdfr_code_title(b, a->code, a->title);
    if (a->owner)
        ap_buf_printf(b, "\n%s", a->owner);
    return ap_buf_str(b);
}

/* The latest comment, when there is one, and the last decision:
 * "Kommentar 2017-12-01: Enkäten har gått ut.\nBeslut 2017-09-20: Styrgruppen
 * godkänner …", or "Inget beslut ännu". */
static const char *comment_decision_text(ap_buf *b, const ap_activity *a)
{
    char d[11];
    ap_buf_reset(b);
    if (a->has_update && a->last.comment)
        ap_buf_printf(b, TR("Kommentar %s: %s\n", "Comment %s: %s\n"),
                      ap_date_format(a->last.date, d), a->last.comment);
    if (a->has_decision)
        ap_buf_printf(b, TR("Beslut %s: %s", "Decision %s: %s"),
                      ap_date_format(a->last_decision.date, d),
                      a->last_decision.text ? a->last_decision.text : "");
    else
        ap_buf_puts(b, TR("Inget beslut ännu", "No decision yet"));
    return ap_buf_str(b);
}

/* The texts of a deviation's row, kept while the row is drawn. */
typedef struct deviation_text {
    ap_buf act, status, dec, cause, action;
} deviation_text;

static void deviation_text_free(deviation_text *t)
{
    ap_buf_free(&t->act);
    ap_buf_free(&t->status);
    ap_buf_free(&t->dec);
    ap_buf_free(&t->cause);
    ap_buf_free(&t->action);
}

/* Activity and owner; the status with why under it ("Röd\nförsenad sedan
 * 2025-11-20"); cause or "Orsak saknas"; recommended action; last decision. */
static void deviation_cells(const ap_steering *st, const ap_activity *a, deviation_text *t,
                            ap_pdf_cell cells[5])
{
    ap_buf why = {0};
    ap_explain_activity_short(st->snap, a, &why);
    ap_buf_reset(&t->status);
    ap_buf_printf(&t->status, "%s\n%s", ap_status_label(a->eval.status), ap_buf_str(&why));
    ap_buf_free(&why);
    const char *c = ap_deviation_text(a, false, &t->cause);
    const char *r = ap_deviation_text(a, true, &t->action);
    cells[0] = (ap_pdf_cell){activity_owner(&t->act, a), 0, 0};
    cells[1] = ap_pdfr_status_cell(a->eval.status, ap_buf_str(&t->status));
    cells[2] = (ap_pdf_cell){c ? c : TR("Orsak saknas", "Cause missing"), 0, 0};
    cells[3] = (ap_pdf_cell){r ? r : EN_DASH, 0, 0};
    cells[4] = (ap_pdf_cell){comment_decision_text(&t->dec, a), 0, 0};
}

static void deviation_row(ap_pdf *doc, const ap_steering *st, const ap_activity *a)
{
    deviation_text t = {0};
    ap_pdf_cell cells[5];
    deviation_cells(st, a, &t, cells);
    char key[128];
    ap_pdf_table_link(doc, 0, ap_pdfr_activity_key(key, sizeof key, a)); /* to its row */
    ap_pdf_table_row(doc, cells, 5, NULL);
    deviation_text_free(&t);
}

/* "6 aktiviteter avviker per 2017-12-15: 1 röd och 5 gula, …" */
static void deviations_intro(ap_pdf *doc, const ap_steering *st)
{
    char d[11], text[512];
    size_t n = st->n_deviations, red = 0;
    for (size_t i = 0; i < n; i++)
        red += st->deviations[i]->eval.status == AP_ST_RED;
    size_t yellow = n - red;
    ap_date_format(st->snap->as_of, d);
    if (n == 0)
        snprintf(text, sizeof text,
                 TR("Inga aktiviteter avviker per %s.", "No activity deviates as of %s."), d);
    else
        snprintf(text, sizeof text,
                 TR("%zu %s avviker per %s: %zu %s och %zu %s, de röda först. För varje "
                    "avvikelse anges varför den är gul eller röd, orsaken och den åtgärd som "
                    "processledaren och fokusområdesansvarig rekommenderar. Styrgruppen "
                    "beslutar om åtgärderna.",
                    "%zu %s deviate as of %s: %zu %s and %zu %s, red first. For each deviation: "
                    "why it is yellow or red, its cause, and the action the process lead and "
                    "the focus-area lead recommend. The steering group decides on the actions."),
                 n, ap_plural((long long)n, "aktivitet", "aktiviteter", "activity", "activities"),
                 d, red, ap_plural((long long)red, "röd", "röda", "red", "red"), yellow,
                 ap_plural((long long)yellow, "gul", "gula", "yellow", "yellow"));
    ap_pdf_paragraph(doc, text, NULL);
}

static void deviations(ap_pdf *doc, const ap_steering *st)
{
    ap_pdf_heading(doc, 1, TR("Avvikelser att besluta om", "Deviations to decide on"));
    deviations_intro(doc, st);
    if (st->n_deviations == 0)
        return;
    ap_pdf_column cols[5] = {
        {TR("Aktivitet och ansvarig enhet", "Activity and owner"), 0.22, 0, 0},
        {TR("Status och varför", "Status and why"), 0.15, 0, 0},
        {TR("Orsak", "Cause"), 0.2, 0, 0},
        {TR("Rekommenderad åtgärd", "Recommended action"), 0.2, 0, 0},
        {TR("Senaste kommentar och beslut", "Latest comment and decision"), 0, 0, 0}};
    ap_pdfr_fit(doc, &cols[0], st->deviations, st->n_deviations, AP_PDFR_TITLE);
    ap_pdfr_fit(doc, &cols[0], st->deviations, st->n_deviations, AP_PDFR_OWNER);
    ap_pdfr_fit(doc, &cols[2], st->deviations, st->n_deviations, AP_PDFR_CAUSE);
    ap_pdfr_fit_phrase(doc, &cols[2], TR("Orsak saknas", "Cause missing"));
    ap_pdfr_fit(doc, &cols[3], st->deviations, st->n_deviations, AP_PDFR_ACTION);
    ap_pdfr_fit(doc, &cols[4], st->deviations, st->n_deviations, AP_PDFR_DECISION);
    ap_pdfr_fit(doc, &cols[4], st->deviations, st->n_deviations, AP_PDFR_COMMENT);
    ap_pdf_table_opts opts = ap_pdfr_list_opts(&st->pdf, false);
    ap_pdfr_widths *w = ap_pdfr_widths_new(5, &opts);
    for (size_t i = 0; i < st->n_deviations; i++) {
        deviation_text t = {0};
        ap_pdf_cell cells[5];
        deviation_cells(st, st->deviations[i], &t, cells);
        ap_pdfr_fit_text(doc, &cols[1], cells[1].text);
        ap_pdfr_widths_add(doc, w, cells, 5);
        deviation_text_free(&t);
    }
    ap_pdfr_widths_apply(doc, w, cols);
    ap_pdf_table_begin(doc, cols, 5, &opts);
    for (size_t i = 0; i < st->n_deviations; i++)
        deviation_row(doc, st, st->deviations[i]);
    ap_pdf_table_end(doc);
}

/* =========================================================================
 * Proposals awaiting a decision
 * ========================================================================= */

/* "2018-01-01 – 2018-12-31" */
static const char *period_text(char *buf, size_t size, const ap_activity *a)
{
    char s[11], e[11];
    snprintf(buf, size, "%s " EN_DASH " %s", ap_pdfr_date(a->start, s), ap_pdfr_date(a->due, e));
    return buf;
}

/* "M1, M2", or "–" */
static const char *goal_codes(ap_buf *b, const ap_activity *a)
{
    ap_buf_reset(b);
    for (size_t i = 0; i < a->n_goals; i++)
        ap_buf_printf(b, "%s%s", i ? ", " : "", a->goal_codes[i]);
    return b->len ? ap_buf_str(b) : EN_DASH;
}

/* The texts of a proposal's row, kept while the row is drawn. */
typedef struct proposal_text {
    char since[11], period[64], budget[64];
    ap_buf goals, who;
} proposal_text;

static void proposal_cells(const ap_activity *a, proposal_text *t, ap_pdf_cell cells[8])
{
    ap_buf_reset(&t->who);
    ap_buf_printf(&t->who, "%s%s%s", a->owner ? a->owner : "", a->responsible ? "\n" : "",
                  a->responsible ? a->responsible : "");
    const ap_pdf_cell c[8] = {{a->code, 0, 0},
                              {a->title, 0, 0},
                              {ap_buf_str(&t->who), 0, 0},
                              {ap_pdfr_date(a->state_since, t->since), 0, 0},
                              {period_text(t->period, sizeof t->period, a), 0, 0},
                              {ap_sek_text(a->budget, t->budget, sizeof t->budget), 0, 0},
                              {goal_codes(&t->goals, a), 0, 0},
                              {a->has_update && a->last.comment ? a->last.comment : "", 0, 0}};
    memcpy(cells, c, sizeof c);
}

static void proposals(ap_pdf *doc, const ap_steering *st)
{
    ap_pdf_heading(doc, 1, TR("Förslag som väntar på beslut", "Proposals awaiting a decision"));
    if (st->n_proposals == 0) {
        ap_pdf_paragraph(doc,
                         TR("Inga föreslagna aktiviteter väntar på beslut.",
                            "No proposed activity awaits a decision."),
                         NULL);
        return;
    }
    ap_pdf_paragraph(doc,
                     TR("Nya aktiviteter som fokusområdesgrupperna föreslår. Styrgruppen "
                        "beslutar om de ska genomföras.",
                        "New activities proposed by the focus-area groups. The steering "
                        "group decides whether they go ahead."),
                     NULL);
    ap_pdf_column cols[8] = {
        {TR("Kod", "Code"), 38, 38, 0},      {AP_WORD(ACTIVITY), 0.2, 0, 0},
        {AP_WORD(OWNER), 0.15, 0, 0},        {TR("Föreslagen", "Proposed"), 60, 60, 0},
        {TR("Period", "Period"), 0.1, 0, 0}, {AP_WORD(BUDGET), 0.1, 0, AP_PDF_RIGHT},
        {TR("Mål", "Goals"), 52, 52, 0},     {TR("Kommentar", "Comment"), 0, 0, 0}};
    ap_pdfr_fit(doc, &cols[0], st->proposals, st->n_proposals, AP_PDFR_CODE);
    ap_pdfr_fit(doc, &cols[1], st->proposals, st->n_proposals, AP_PDFR_TITLE);
    ap_pdfr_fit(doc, &cols[2], st->proposals, st->n_proposals, AP_PDFR_OWNER);
    ap_pdfr_fit(doc, &cols[2], st->proposals, st->n_proposals, AP_PDFR_RESPONSIBLE);
    ap_pdfr_fit(doc, &cols[7], st->proposals, st->n_proposals, AP_PDFR_COMMENT);
    proposal_text t = {0};
    ap_pdf_cell cells[8];
    ap_pdf_table_opts opts = ap_pdfr_list_opts(&st->pdf, false);
    ap_pdfr_widths *w = ap_pdfr_widths_new(8, &opts);
    for (size_t i = 0; i < st->n_proposals; i++) {
        proposal_cells(st->proposals[i], &t, cells);
        ap_pdfr_widths_add(doc, w, cells, 8);
    }
    ap_pdfr_widths_apply(doc, w, cols);
    ap_pdf_table_begin(doc, cols, 8, &opts);
    for (size_t i = 0; i < st->n_proposals; i++) {
        proposal_cells(st->proposals[i], &t, cells);
        ap_pdf_table_row(doc, cells, 8, NULL);
    }
    ap_pdf_table_end(doc);
    ap_buf_free(&t.goals);
    ap_buf_free(&t.who);
}

/* =========================================================================
 * Changes since the previous pack
 * ========================================================================= */

/* The change cell: its kind and, when it has them, from → to ("Status: Gul
 * → Grön", "Läge: Pågående → Pausad", "Beslut"); a status change carries
 * the mark of its new colour. */
static ap_pdf_cell change_cell(char *buf, size_t size, const ap_change *c)
{
    char fromto[600];
    ap_change_fromto(c, fromto, sizeof fromto);
    if (strcmp(fromto, EN_DASH) == 0)
        snprintf(buf, size, "%s", ap_change_kind_label(c));
    else
        snprintf(buf, size, "%s: %s", ap_change_kind_label(c), fromto);
    if (c->kind == AP_CHANGE_STATUS)
        return ap_pdfr_status_cell(ap_status_from_color((ap_color)c->to), buf);
    return (ap_pdf_cell){buf, 0, 0};
}

/* The texts of a change's row, kept while the row is drawn. */
typedef struct change_text {
    char fromto[700];
    ap_buf act, note;
} change_text;

/* A change's row; its date is the group row above it. */
static void change_cells(const ap_change *c, change_text *t, ap_pdf_cell cells[4])
{
    const ap_pdf_cell v[4] = {{ap_pdfr_code_title(&t->act, c->code, c->title), 0, 0},
                              change_cell(t->fromto, sizeof t->fromto, c),
                              {c->by ? c->by : EN_DASH, 0, 0},
                              {ap_change_note(c, &t->note), 0, 0}};
    memcpy(cells, v, sizeof v);
}

static void changes(ap_pdf *doc, const ap_steering *st)
{
    const ap_snapshot *snap = st->snap;
    char since[11], as_of[11], head[128], text[256];
    ap_date_format(st->since, since);
    ap_date_format(snap->as_of, as_of);
    snprintf(head, sizeof head, TR("Ändringar sedan %s", "Changes since %s"), since);
    ap_pdf_heading(doc, 1, head);
    if (snap->n_changes == 0) {
        snprintf(text, sizeof text,
                 TR("Inga ändringar mellan %s och %s.", "No changes between %s and %s."), since,
                 as_of);
        ap_pdf_paragraph(doc, text, NULL);
        return;
    }
    snprintf(text, sizeof text,
             TR("Rapporter, ändrat läge, styrgruppens beslut och ändringar i planen efter %s "
                "till och med %s, i datumordning. Det som kommit in efter förra rapporten men "
                "gäller ett tidigare datum står med, märkt efterregistrerat.",
                "Status reports, changed states, steering-group decisions and changes of the "
                "plan after %s up to %s, by date. What came in after the previous pack but "
                "applies to an earlier date is listed too, marked as recorded late."),
             since, as_of);
    ap_pdf_paragraph(doc, text, NULL);
    size_t kept = 0;
    for (size_t i = 0; i < snap->n_changes; i++)
        kept += !ap_pdf_list_shows_change(&st->pdf, &snap->changes[i]);
    if (kept) {
        snprintf(text, sizeof text,
                 TR("Planen är stor: %zu %s som inte ändrade färg står bara i arbetsboken.",
                    "The plan is large: %zu %s that kept their colour are only in the "
                    "workbook."),
                 kept, ap_plural((long long)kept, "rapport", "rapporter", "report", "reports"));
        ap_pdfr_note(doc, text);
    }
    ap_pdf_column cols[4] = {
        {AP_WORD(ACTIVITY), 0.34, 0, 0},
        {TR("Ändring: från " ARROW_RIGHT " till", "Change: from " ARROW_RIGHT " to"), 0.2, 0, 0},
        {TR("Av", "By"), 0.13, 0, 0},
        {TR("Kommentar eller beslut", "Comment or decision"), 0, 0, 0}};
    change_text t = {0};
    ap_pdf_cell cells[4];
    ap_pdf_table_opts opts = ap_pdfr_list_opts(&st->pdf, true);
    ap_pdfr_widths *w = ap_pdfr_widths_new(4, &opts);
    for (size_t i = 0; i < snap->n_changes; i++) {
        ap_pdfr_fit_text(doc, &cols[0], snap->changes[i].title);
        ap_pdfr_fit_text(doc, &cols[2], snap->changes[i].by);
        ap_pdfr_fit_text(doc, &cols[3], ap_change_note(&snap->changes[i], &t.note));
        if (ap_pdf_list_shows_change(&st->pdf, &snap->changes[i])) {
            change_cells(&snap->changes[i], &t, cells);
            ap_pdfr_fit_text(doc, &cols[1], cells[1].text);
            ap_pdfr_widths_add(doc, w, cells, 4);
        }
    }
    ap_pdfr_widths_apply(doc, w, cols);
    ap_pdf_table_begin(doc, cols, 4, &opts);
    ap_date day = AP_DATE_NONE;
    for (size_t i = 0; i < snap->n_changes; i++) {
        const ap_change *c = &snap->changes[i];
        if (!ap_pdf_list_shows_change(&st->pdf, c))
            continue;
        if (c->date != day) { /* a group row per day: "17 oktober 2025" */
            day = c->date;
            char d[64];
            ap_pdfr_table_group(doc, ap_date_long_text(day, d, sizeof d), 16);
        }
        change_cells(c, &t, cells);
        ap_pdf_table_row(doc, cells, 4, NULL);
    }
    ap_pdf_table_end(doc);
    ap_buf_free(&t.act);
    ap_buf_free(&t.note);
}

/* =========================================================================
 * Whom to chase: unreported, overdue and stale activities by owner
 * ========================================================================= */

/* The texts of a row to chase, kept while the row is drawn. */
typedef struct chase_text {
    char last[11], why[96];
} chase_text;

static void chase_cells(const ap_activity *a, chase_text *t, ap_pdf_cell cells[6])
{
    const ap_pdf_cell v[6] = {
        {a->code, 0, 0},
        {a->title, 0, 0},
        {a->responsible ? a->responsible : EN_DASH, 0, 0},
        ap_pdfr_status_cell(a->eval.status, NULL),
        {a->has_update ? ap_date_format(a->last.date, t->last) : EN_DASH, 0, 0},
        {ap_chase_reason_text(a, t->why, sizeof t->why), 0, 0}};
    memcpy(cells, v, sizeof v);
}

/* A group row per owner: "Destination Södertälje (3)". */
static void chase_group(ap_pdf *doc, const ap_steering *st, size_t i)
{
    const char *owner = st->chase[i]->owner ? st->chase[i]->owner : EN_DASH;
    size_t n = 0;
    while (i + n < st->n_chase &&
           ap_collate_sv(st->chase[i + n]->owner ? st->chase[i + n]->owner : EN_DASH, owner) == 0)
        n++;
    char head[512];
    snprintf(head, sizeof head, "%s (%zu)", owner, n);
    ap_pdfr_table_group(doc, head, 28);
}

static void chase(ap_pdf *doc, const ap_steering *st)
{
    char text[512];
    ap_pdf_heading(doc, 1, TR("Att påminna", "To chase"));
    if (st->n_chase == 0) {
        ap_pdf_paragraph(doc,
                         TR("Alla aktiva aktiviteter har rapporterats nyligen.",
                            "Every active activity has been reported recently."),
                         NULL);
        return;
    }
    snprintf(text, sizeof text,
             TR("Aktiviteter som aldrig har rapporterats, som är försenade utan rapport sedan "
                "slutdatumet eller vars senaste rapport är äldre än %d dagar, per ansvarig enhet.",
                "Activities never reported, overdue without a report since the due date, or "
                "whose last report is older than %d days, by owner."),
             st->snap->rules.stale_days);
    ap_pdf_paragraph(doc, text, NULL);
    ap_pdf_column cols[6] = {{TR("Kod", "Code"), 38, 38, 0},
                             {AP_WORD(ACTIVITY), 0.34, 0, 0},
                             {AP_WORD(RESPONSIBLE), 0.18, 0, 0},
                             {TR("Status", "Status"), 86, 86, 0},
                             {TR("Senaste rapport", "Last report"), 70, 70, 0},
                             {TR("Skäl", "Reason"), 0, 0, 0}};
    ap_pdfr_fit(doc, &cols[0], st->chase, st->n_chase, AP_PDFR_CODE);
    ap_pdfr_fit(doc, &cols[1], st->chase, st->n_chase, AP_PDFR_TITLE);
    ap_pdfr_fit(doc, &cols[2], st->chase, st->n_chase, AP_PDFR_RESPONSIBLE);
    chase_text t;
    ap_pdf_cell cells[6];
    ap_pdf_table_opts opts = ap_pdfr_list_opts(&st->pdf, false);
    ap_pdfr_widths *w = ap_pdfr_widths_new(6, &opts);
    for (size_t i = 0; i < st->n_chase; i++) {
        chase_cells(st->chase[i], &t, cells);
        ap_pdfr_widths_add(doc, w, cells, 6);
    }
    ap_pdfr_widths_apply(doc, w, cols);
    ap_pdf_table_begin(doc, cols, 6, &opts);
    for (size_t i = 0; i < st->n_chase; i++) {
        if (i == 0 ||
            ap_collate_sv(st->chase[i]->owner ? st->chase[i]->owner : EN_DASH,
                          st->chase[i - 1]->owner ? st->chase[i - 1]->owner : EN_DASH) != 0)
            chase_group(doc, st, i);
        chase_cells(st->chase[i], &t, cells);
        ap_pdf_table_row(doc, cells, 6, NULL);
    }
    ap_pdf_table_end(doc);
}

/* =========================================================================
 * Goals and indicators
 * ========================================================================= */

static void goals(ap_pdf *doc, const ap_steering *st)
{
    const ap_snapshot *snap = st->snap;
    if (snap->n_goals == 0)
        return;
    char d[11], text[256];
    ap_pdf_page_break(doc);
    ap_pdf_heading(doc, 1, TR("Mål och indikatorer", "Goals and indicators"));
    snprintf(text, sizeof text,
             TR("Planens mätbara mål med det senaste mätvärdet till och med %s.",
                "The plan's measurable goals with the latest measurement up to %s."),
             ap_date_format(snap->as_of, d));
    ap_pdf_paragraph(doc, text, NULL);
    ap_pdfr_goals(doc, snap);
}

/* =========================================================================
 * Every active activity, per focus area
 * ========================================================================= */

/* "60 %", or "–" when the last update gave no progress. */
static const char *progress_text(char *buf, size_t size, const ap_activity *a)
{
    if (a->has_update && a->last.progress >= 0)
        snprintf(buf, size, "%d\xC2\xA0%%", a->last.progress);
    else
        snprintf(buf, size, "%s", EN_DASH);
    return buf;
}

/* "2017-11-22 · Anders Berg · 60 %" and the comment under it, or "–". */
static const char *last_report(ap_buf *b, const ap_activity *a)
{
    char d[11], pct[16];
    ap_buf_reset(b);
    if (!a->has_update)
        return EN_DASH;
    ap_buf_puts(b, ap_date_format(a->last.date, d));
    if (a->last.by)
        ap_buf_printf(b, " \xC2\xB7 %s", a->last.by);
    if (a->last.progress >= 0)
        ap_buf_printf(b, " \xC2\xB7 %s", progress_text(pct, sizeof pct, a));
    if (a->last.comment)
        ap_buf_printf(b, "\n%s", a->last.comment);
    return ap_buf_str(b);
}

/* The status word with the flags under it: "Gul\nförsenad, inaktuell". */
static const char *status_with_flags(ap_buf *b, const ap_activity *a)
{
    ap_buf_reset(b);
    ap_buf_puts(b, ap_status_label(a->eval.status));
    ap_buf flags = {0};
    if (*ap_pdfr_flags(a, &flags))
        ap_buf_printf(b, "\n%s", ap_buf_str(&flags));
    ap_buf_free(&flags);
    return ap_buf_str(b);
}

/* The texts of an activity's row, kept while the row is drawn. */
typedef struct activity_text {
    char due[11];
    ap_buf act, rep, status;
} activity_text;

static void activity_text_free(activity_text *t)
{
    ap_buf_free(&t->act);
    ap_buf_free(&t->rep);
    ap_buf_free(&t->status);
}

/* "1.2.3 Title", owner, due, status with flags, last report with progress
 * and comment. */
static void activity_cells(const ap_activity *a, activity_text *t, ap_pdf_cell cells[5])
{
    const ap_pdf_cell v[5] = {{ap_pdfr_code_title(&t->act, a->code, a->title), 0, 0},
                              {a->owner ? a->owner : EN_DASH, 0, 0},
                              {ap_pdfr_date(a->due, t->due), 0, 0},
                              ap_pdfr_status_cell(a->eval.status, status_with_flags(&t->status, a)),
                              {last_report(&t->rep, a), 0, 0}};
    memcpy(cells, v, sizeof v);
}

static void activity_row(ap_pdf *doc, const ap_activity *a)
{
    activity_text t = {0};
    ap_pdf_cell cells[5];
    activity_cells(a, &t, cells);
    char key[128];
    ap_pdf_table_anchor(doc, ap_pdfr_activity_key(key, sizeof key, a));
    ap_pdf_table_row(doc, cells, 5, NULL);
    activity_text_free(&t);
}

/* The columns of the activity tables, fitted once to every active activity
 * so that all focus areas' tables line up. */
static void focus_table_columns(ap_pdf *doc, const ap_steering *st, ap_pdf_column cols[5])
{
    const ap_pdf_column init[5] = {
        {AP_WORD(ACTIVITY), 0.3, 0, 0},
        {AP_WORD(OWNER), 0.14, 0, 0},
        {AP_WORD(DUE), 58, 58, 0},
        {TR("Status och flaggor", "Status and flags"), 80, 80, 0},
        {TR("Senaste rapport, framsteg och kommentar", "Last report, progress and comment"), 0, 0,
         0}};
    memcpy(cols, init, sizeof init);
    ap_pdfr_fit(doc, &cols[0], st->active, st->n_active, AP_PDFR_CODE);
    ap_pdfr_fit(doc, &cols[0], st->active, st->n_active, AP_PDFR_TITLE);
    ap_pdfr_fit(doc, &cols[1], st->active, st->n_active, AP_PDFR_OWNER);
    ap_pdfr_fit(doc, &cols[4], st->active, st->n_active, AP_PDFR_BY);
    ap_pdfr_fit(doc, &cols[4], st->active, st->n_active, AP_PDFR_COMMENT);
    activity_text t = {0};
    ap_pdf_cell cells[5];
    ap_pdf_table_opts opts = ap_pdfr_list_opts(&st->pdf, false);
    ap_pdfr_widths *w = ap_pdfr_widths_new(5, &opts);
    for (size_t i = 0; i < st->n_active; i++)
        if (ap_pdf_list_shows(st->snap, &st->pdf, st->active[i])) {
            activity_cells(st->active[i], &t, cells);
            ap_pdfr_widths_add(doc, w, cells, 5);
        }
    ap_pdfr_widths_apply(doc, w, cols);
    activity_text_free(&t);
}

/* The active activities of one initiative area under its group row (only
 * those that need attention in the PDF of a large plan). */
static void initiative_rows(ap_pdf *doc, const ap_steering *st, const ap_initiative *in)
{
    size_t shown = 0;
    for (size_t i = 0; i < in->n_activities; i++) {
        const ap_activity *a = in->activities[i];
        if (!a->removed && a->eval.status != AP_ST_EXCLUDED && /* as st->active */
            ap_pdf_list_shows(st->snap, &st->pdf, a)) {
            if (shown++ == 0) {
                ap_buf title = {0}, head = {0};
                ap_capitalised(&title, in->title);
                ap_pdfr_table_group(doc, ap_pdfr_code_title(&head, in->code, ap_buf_str(&title)),
                                    48);
                ap_buf_free(&title);
                ap_buf_free(&head);
            }
            activity_row(doc, a);
        }
    }
    if (shown == 0 && !st->pdf.attention_only) {
        ap_buf title = {0}, head = {0};
        ap_capitalised(&title, in->title);
        ap_pdfr_table_group(doc, ap_pdfr_code_title(&head, in->code, ap_buf_str(&title)), 48);
        ap_pdf_table_row(
            doc, &(ap_pdf_cell){TR("Inga aktiva aktiviteter.", "No active activities."), 0, 0}, 1,
            &(ap_pdf_row_style){AP_PDF_ROW_SPAN, 0});
        ap_buf_free(&title);
        ap_buf_free(&head);
    }
}

static void focus_section(ap_pdf *doc, const ap_steering *st, const ap_focus *f,
                          const ap_pdf_column cols[5], bool first)
{
    if (!first)
        ap_pdf_page_break(doc);
    ap_pdfr_focus_heading(doc, f);
    ap_pdfr_omitted_note(doc, &st->pdf, (size_t)(f - st->snap->focus));
    ap_pdf_table_opts opts = ap_pdfr_list_opts(&st->pdf, false);
    ap_pdf_table_begin(doc, cols, 5, &opts);
    for (size_t i = 0; i < f->n_initiatives; i++)
        initiative_rows(doc, st, f->initiatives[i]);
    ap_pdf_table_end(doc);
}

static void focus_areas(ap_pdf *doc, const ap_steering *st)
{
    ap_pdf_page_break(doc);
    ap_pdf_heading(doc, 1, TR("Aktiviteter per fokusområde", "Activities per focus area"));
    ap_pdfr_note(
        doc, TR("Alla aktiviteter som inte är föreslagna, pausade eller avbrutna. "
                "Flaggor under statusen: försenad = slutdatum passerat; inaktuell = "
                "ingen rapport på länge; orsak saknas = gul eller röd utan angiven orsak.",
                "Every activity that is not proposed, paused or cancelled. Flags under the status: "
                "overdue = past its due date; stale = no report for a long time; "
                "cause missing = yellow or red without a cause."));
    if (st->pdf.attention_only)
        ap_pdfr_attention_note(doc, st->n_active, st->cfg->pdf_list_max);
    ap_pdf_column cols[5];
    focus_table_columns(doc, st, cols);
    for (size_t i = 0; i < st->snap->n_focus; i++)
        focus_section(doc, st, &st->snap->focus[i], cols, i == 0);
}

/* =========================================================================
 * The document
 * ========================================================================= */

static void build(ap_pdf *doc, const void *data)
{
    const ap_steering *st = data;
    cover(doc, st);
    ap_pdf_toc_reserve(doc, TR("Innehåll", "Contents"), 1);
    overview(doc, st); /* where the plan stands, in portrait */
    goals(doc, st);
    ap_pdf_set_orientation(doc, AP_PDF_LANDSCAPE);
    ap_pdf_page_break(doc);
    deviations(doc, st); /* what to decide, then the material, in landscape */
    proposals(doc, st);
    changes(doc, st);
    chase(doc, st);
    focus_areas(doc, st);
}

ap_rc ap_pdf_steering_write(const ap_steering *st, const char *path, ap_error *err)
{
    char d[11], when[64];
    snprintf(when, sizeof when, TR("per %s", "as of %s"), ap_date_format(st->snap->as_of, d));
    ap_pdfr_meta meta = {st->snap, TR("Styrgruppsrapport", "Steering group report"), when,
                         TR("Uppföljning av handlingsplanen inför styrgruppens möte",
                            "Follow-up of the action plan for the steering group"),
                         AP_PDF_PORTRAIT};
    return ap_pdfr_write(&meta, build, st, path, err);
}
