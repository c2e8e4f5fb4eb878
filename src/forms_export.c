/*
 * forms_export.c - writing the update forms; see forms.h.
 *
 * One workbook per scope (a focus area or an owner): instructions with the
 * two signing cells, the activities with locked and open columns, and a
 * hidden sheet that identifies the form. The database remembers each form
 * (ap_store_form_add) so that the import can check what comes back.
 */
#include "actionplan/forms.h"
#include "actionplan/model.h"
#include "actionplan/i18n.h"
#include "actionplan/snapshot.h"
#include "xlsx_common.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *ap_form_column_label(ap_form_col col)
{
    switch (col) {
    case AP_FC_CODE:
        return TR("Kod", "Code");
    case AP_FC_TITLE:
        return AP_WORD(ACTIVITY);
    case AP_FC_OWNER:
        return AP_WORD(OWNER);
    case AP_FC_RESPONSIBLE:
        return AP_WORD(RESPONSIBLE);
    case AP_FC_DUE:
        return AP_WORD(DUE);
    case AP_FC_NOW:
        return TR("Status nu", "Status now");
    case AP_FC_LAST_DATE:
        return TR("Senaste rapport", "Last report");
    case AP_FC_LAST_PROGRESS:
        return TR(AP_SV_PROGRESS " nu (%)", AP_EN_PROGRESS " now (%)");
    case AP_FC_LAST_COMMENT:
        return TR("Senaste kommentar", "Last comment");
    case AP_FC_STATUS:
        return TR("Ny status", "New status");
    case AP_FC_PROGRESS:
        return TR(AP_SV_PROGRESS " (%)", AP_EN_PROGRESS " (%)");
    case AP_FC_COMMENT:
        return TR("Kommentar", "Comment");
    case AP_FC_CAUSE:
        return TR("Orsak till avvikelse", "Cause of the deviation");
    case AP_FC_ACTION:
        return TR("Rekommenderad åtgärd", "Recommended action");
    case AP_FC_DATE:
        return TR("Datum", "Date");
    case AP_FC_STATE:
        return TR("Nytt läge", "New state");
    case AP_FC_COST:
        return TR(AP_SV_COST " (kr)", AP_EN_COST " (SEK)");
    default:
        return "?";
    }
}

/* =========================================================================
 * Scopes: which activities go on which form
 * ========================================================================= */

/* One form to write: a focus area or an owner with its active activities
 * in plan order. Arrays live in the scopes' arena. */
typedef struct form_scope {
    bool per_owner;
    const char *value;     /* focus code or owner name */
    const ap_focus *focus; /* focus forms only */
    const char *signer;    /* who signs by default */
    const ap_activity **acts;
    size_t n;
} form_scope;

typedef struct scope_list {
    form_scope *items;
    size_t n, cap;
    ap_arena arena;
} scope_list;

/* A form asks for news on what is not closed: decided or ongoing ones
 * report, and a proposed or paused one may move on (Beslutad, Pågående)
 * in the state column. */
static bool on_form(const ap_activity *a)
{
    return !a->removed && a->state != AP_STATE_COMPLETED && a->state != AP_STATE_CANCELLED;
}

static form_scope *scope_add(scope_list *l, bool per_owner, const char *value)
{
    ap_grow(&l->items, &l->cap, l->n + 1, sizeof *l->items);
    form_scope *sc = &l->items[l->n++];
    memset(sc, 0, sizeof *sc);
    sc->per_owner = per_owner;
    sc->value = value;
    return sc;
}

/* The activities of the snapshot that pass keep (plan order), into sc. */
static void scope_fill(scope_list *l, form_scope *sc, const ap_snapshot *snap,
                       bool (*keep)(const ap_activity *, const form_scope *))
{
    sc->acts = ap_arena_alloc(&l->arena, (snap->n_activities + 1) * sizeof *sc->acts);
    for (size_t i = 0; i < snap->n_activities; i++)
        if (on_form(&snap->activities[i]) && keep(&snap->activities[i], sc))
            sc->acts[sc->n++] = &snap->activities[i];
}

static bool in_focus(const ap_activity *a, const form_scope *sc)
{
    return a->focus == sc->focus;
}

static bool of_owner(const ap_activity *a, const form_scope *sc)
{
    return ap_casecmp_utf8(a->owner, sc->value) == 0;
}

/* "1, 2, 3" or "Kontor A, Kontor B": the choices for a message. */
static void list_choices(ap_buf *b, const char *const *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ap_buf_printf(b, "%s%s", i ? ", " : "", items[i]);
}

static ap_rc focus_scopes(const ap_snapshot *snap, const char *only, scope_list *l, ap_error *err)
{
    for (size_t f = 0; f < snap->n_focus; f++) {
        const ap_focus *fa = &snap->focus[f];
        if (only && strcmp(only, fa->code) != 0)
            continue;
        form_scope *sc = scope_add(l, false, fa->code);
        sc->focus = fa;
        sc->signer = fa->lead;
        scope_fill(l, sc, snap, in_focus);
    }
    if (!only || l->n)
        return AP_OK;
    const char **codes = ap_arena_alloc(&l->arena, (snap->n_focus + 1) * sizeof *codes);
    for (size_t f = 0; f < snap->n_focus; f++)
        codes[f] = snap->focus[f].code;
    ap_buf b = {0};
    list_choices(&b, codes, snap->n_focus);
    ap_rc rc = ap_error_set(err, AP_E_NOTFOUND,
                            TR("det finns inget fokusområde '%s' i planen (finns: %s)",
                               "there is no focus area '%s' in the plan (there are: %s)"),
                            only, ap_buf_str(&b));
    ap_buf_free(&b);
    return rc;
}

static int cmp_owner(const void *x, const void *y)
{
    return ap_collate_sv(*(const char *const *)x, *(const char *const *)y);
}

/* Every owner of an activity of the plan (each once, Swedish order); with
 * active_only, owners of activities on a form. */
static const char **owners_of(const ap_snapshot *snap, bool active_only, ap_arena *a, size_t *n)
{
    const char **out = ap_arena_alloc(a, (snap->n_activities + 1) * sizeof *out);
    ap_strmap seen = {0};
    *n = 0;
    for (size_t i = 0; i < snap->n_activities; i++) {
        const ap_activity *act = &snap->activities[i];
        if ((active_only && !on_form(act)) || act->removed || ap_strmap_get(&seen, act->owner))
            continue;
        ap_strmap_put(&seen, act->owner, (void *)act);
        out[(*n)++] = act->owner;
    }
    ap_strmap_free(&seen);
    qsort(out, *n, sizeof *out, cmp_owner);
    return out;
}

static ap_rc owner_scopes(const ap_snapshot *snap, const char *only, scope_list *l, ap_error *err)
{
    size_t n = 0;
    const char **owners = owners_of(snap, only == NULL, &l->arena, &n);
    for (size_t i = 0; i < n; i++) {
        if (only && ap_casecmp_utf8(only, owners[i]) != 0)
            continue;
        form_scope *sc = scope_add(l, true, owners[i]);
        sc->signer = owners[i];
        scope_fill(l, sc, snap, of_owner);
    }
    if (!only || l->n)
        return AP_OK;
    ap_buf b = {0};
    list_choices(&b, owners, n);
    ap_rc rc = ap_error_set(err, AP_E_NOTFOUND,
                            TR("ingen aktivitet har ansvarig enhet '%s' (finns: %s)",
                               "no activity has the owner '%s' (there are: %s)"),
                            only, ap_buf_str(&b));
    ap_buf_free(&b);
    return rc;
}

/* =========================================================================
 * Drawing a form: three sheets on the workbook helpers of xlsx_common.h
 * ========================================================================= */

typedef struct form_writer {
    ap_xlw x;
    const ap_snapshot *snap;
    const form_scope *scope; /* the activities chosen for the form */
    const char *key;         /* the form's id */
    const char *made_at;
} form_writer;

/* The sheets' columns for text, in Excel column units. */
#define INFO_LABEL_WIDTH 22
#define INFO_TEXT_WIDTH 95

/* =========================================================================
 * Sheet 1: instructions and the signing cells
 * ========================================================================= */

/* "Fokusområde 1: Ett företagsklimat …" or "Ansvarig enhet: Campus Telge". */
static void scope_title(ap_buf *b, const form_scope *sc)
{
    if (sc->per_owner)
        ap_buf_printf(b, TR(AP_SV_OWNER ": %s", AP_EN_OWNER ": %s"), sc->value);
    else
        ap_buf_printf(b, TR("Fokusområde %s: %s", "Focus area %s: %s"), sc->focus->code,
                      sc->focus->title);
}

static const char *instruction(int i)
{
    static const char *const sv[] = {
        "Bladet 'Aktiviteter' har en rad per aktivitet. De grå kolumnerna visar aktiviteten och "
        "det som senast rapporterades; de är låsta. Fyll i de vita kolumnerna.",
        "Ny status: välj Grön, Gul eller Röd i listan. Grön = enligt plan. Gul = avvikelse från "
        "planen. Röd = betydande avvikelse.",
        "Vid Gul eller Röd: skriv orsaken till avvikelsen och den åtgärd du rekommenderar. Det är "
        "vad styrgruppen behöver för att kunna besluta.",
        "Framsteg: hur stor del av aktiviteten som är gjord, ett heltal 0–100 (procent). "
        "Frivilligt.",
        "Kommentar: vad som har hänt sedan förra rapporten. Frivilligt.",
        "Datum: lämna tomt för att använda rapportdatumet ovan, eller skriv ett annat datum "
        "(ÅÅÅÅ-MM-DD) när raden gäller en annan dag.",
        "Nytt läge: välj Genomförd när aktiviteten är klar, Pausad eller Avbruten när den "
        "stoppas, Pågående när den tas upp igen, och Beslutad när ett förslag är beslutat. En "
        "rad får ha ett nytt läge utan status.",
        "Kostnad (kr): vad aktiviteten har kostat sedan förra rapporten, i hela kronor. "
        "Frivilligt.",
        "Har inget hänt med en aktivitet lämnar du raden tom: en tom rad betyder \"inget nytt\". "
        "En rad med kommentar, framsteg eller datum men utan status kan inte läsas in.",
        "Skriv ditt namn vid 'Rapporterat av'. Rapporterna registreras med det namnet och "
        "rapportdatumet.",
        "Ändra inte bladens namn eller koderna och lägg inte till rader. Spara som "
        "Excel-arbetsbok (.xlsx) och skicka filen till processledaren.",
        "Bladen är skyddade utan lösenord, bara för att de låsta cellerna inte ska ändras av "
        "misstag.",
    };
    static const char *const en[] = {
        "The sheet 'Activities' has one row per activity. The grey columns show the activity and "
        "what was last reported; they are locked. Fill in the white columns.",
        "New status: choose Green, Yellow or Red in the list. Green = on plan. Yellow = a "
        "deviation from the plan. Red = a considerable deviation.",
        "For Yellow or Red: write the cause of the deviation and the action you recommend. That "
        "is what the steering group needs to decide.",
        "Progress: how much of the activity is done, a whole number 0–100 (per cent). Optional.",
        "Comment: what has happened since the last report. Optional.",
        "Date: leave it empty to use the report date above, or write another date (YYYY-MM-DD) "
        "when the row concerns another day.",
        "New state: choose Completed when the activity is done, Paused or Cancelled when it "
        "stops, Ongoing when it is taken up again, and Decided when a proposal is decided. A row "
        "may have a new state without a status.",
        "Cost (SEK): what the activity has cost since the last report, in whole kronor. "
        "Optional.",
        "If nothing has happened to an activity, leave its row empty: an empty row means \"no "
        "news\". A row with a comment, progress or date but no status cannot be read.",
        "Write your name at 'Reported by'. The reports are recorded with that name and the "
        "report date.",
        "Do not rename the sheets, change the codes or add rows. Save as an Excel workbook "
        "(.xlsx) and send the file to the process lead.",
        "The sheets are protected without a password, only so that locked cells are not changed "
        "by mistake.",
    };
    enum { N = sizeof sv / sizeof sv[0] };
    _Static_assert(sizeof en / sizeof en[0] == N, "one translation per instruction");
    return i < N ? TR(sv[i], en[i]) : NULL;
}

/* Label in A, value in B (locked), the row as tall as the value. */
static void info_line(form_writer *w, lxw_worksheet *ws, lxw_row_t r, const char *label,
                      const char *value)
{
    int lines = ap_xlw_text_lines(value, INFO_TEXT_WIDTH, false);
    if (lines > 1)
        ap_xlw_row_lines(&w->x, ws, r, lines);
    ap_xlw_text(&w->x, ws, r, 0, label, w->x.fmt.strong);
    ap_xlw_text(&w->x, ws, r, 1, value, w->x.fmt.para);
}

static ap_xlw_range cell_at(lxw_row_t r, lxw_col_t c)
{
    return (ap_xlw_range){.r1 = r, .r2 = r, .c1 = c, .c2 = c};
}

/* The two open cells that sign the reports, with prompts. */
static void write_signing(form_writer *w, lxw_worksheet *ws)
{
    ap_xlw *x = &w->x;
    const char *who = TR("Rapporterat av", "Reported by"), *day = TR("Rapportdatum", "Report date");
    ap_xlw_text(x, ws, AP_FORM_SIGNER_ROW, 0, who, x->fmt.strong);
    ap_xlw_text(x, ws, AP_FORM_SIGNER_ROW, AP_FORM_SIGN_COL, w->scope->signer, x->fmt.input);
    ap_xlw_text(x, ws, AP_FORM_DATE_ROW, 0, day, x->fmt.strong);
    ap_xlw_date(x, ws, AP_FORM_DATE_ROW, AP_FORM_SIGN_COL, w->snap->as_of, x->fmt.input_date);
    ap_xlw_prompt(x, ws, cell_at(AP_FORM_SIGNER_ROW, AP_FORM_SIGN_COL), who,
                  TR("Skriv ditt namn.", "Write your name."));
    ap_xlw_allow_date(x, ws, cell_at(AP_FORM_DATE_ROW, AP_FORM_SIGN_COL), day,
                      TR("Dagen rapporterna gäller, ÅÅÅÅ-MM-DD.",
                         "The day the reports concern, YYYY-MM-DD."),
                      TR("Skriv ett datum, ÅÅÅÅ-MM-DD.", "Write a date, YYYY-MM-DD."));
}

/* A focus area's form: the open cell for the focus area's assessment of
 * the form's period (its as-of date), read back as an assessment. */
static void write_assessment(form_writer *w, lxw_worksheet *ws)
{
    const lxw_row_t r = AP_FORM_ASSESSMENT_ROW;
    const char *label = TR("Bedömning", "Assessment");
    ap_xlw_row_lines(&w->x, ws, r, 5);
    ap_xlw_text(&w->x, ws, r, 0, label, w->x.fmt.strong);
    ap_xlw_text(&w->x, ws, r, AP_FORM_SIGN_COL, NULL, w->x.fmt.input);
    ap_xlw_prompt(&w->x, ws, cell_at(r, AP_FORM_SIGN_COL), label,
                  TR("Fokusområdets läge i några meningar: vad som går bra, vad som "
                     "avviker och vad som behövs. Styrgruppen och årsrapporten "
                     "visar den. Frivilligt.",
                     "The focus area's situation in a few sentences: what goes well, "
                     "what deviates and what is needed. The steering group and the "
                     "annual report show it. Optional."));
}

/* What each colour means, each with its fill and word. */
static void write_legend(form_writer *w, lxw_worksheet *ws, lxw_row_t r)
{
    static const ap_status kinds[] = {AP_ST_GREEN, AP_ST_YELLOW, AP_ST_RED};
    const char *meaning[] = {TR("enligt plan", "on plan"),
                             TR("avvikelse från planen", "a deviation from the plan"),
                             TR("betydande avvikelse", "a considerable deviation")};
    ap_xlw_text(&w->x, ws, r++, 0, TR("Färgerna", "The colours"), w->x.fmt.strong);
    for (int i = 0; i < 3; i++, r++) {
        ap_xlw_status(&w->x, ws, r, 0, kinds[i]);
        ap_xlw_text(&w->x, ws, r, 1, meaning[i], w->x.fmt.para);
    }
}

/* The page header and footer of a form's sheets: the plan, the scope and
 * the form's id. */
static void form_page(form_writer *w, lxw_worksheet *ws, bool portrait, int repeat_row)
{
    ap_buf scope = {0}, id = {0};
    scope_title(&scope, w->scope);
    ap_buf_printf(&id, TR("Blankett %s", "Form %s"), w->key);
    ap_xlw_page page = {.left = w->snap->title,
                        .right = ap_buf_str(&scope),
                        .footer = ap_buf_str(&id),
                        .repeat_first = repeat_row,
                        .repeat_last = repeat_row,
                        .portrait = portrait};
    ap_xlw_page_setup(&w->x, ws, &page);
    ap_buf_free(&scope);
    ap_buf_free(&id);
}

static void write_info(form_writer *w, lxw_worksheet *ws)
{
    const ap_snapshot *snap = w->snap;
    ap_xlw *x = &w->x;
    char d[11], n[32];
    ap_buf b = {0};
    ap_xlw_column_width(x, ws, 0, INFO_LABEL_WIDTH);
    ap_xlw_column_width(x, ws, 1, INFO_TEXT_WIDTH);
    ap_xlw_text(x, ws, 0, 0,
                TR("Uppföljning av handlingsplanen – blankett",
                   "Follow-up of the action plan – form"),
                x->fmt.title);
    ap_buf_printf(&b, "%s%s%s", snap->title, snap->organisation ? " – " : "",
                  snap->organisation ? snap->organisation : "");
    ap_xlw_text(x, ws, 1, 0, ap_buf_str(&b), x->fmt.note);
    ap_buf_reset(&b);
    scope_title(&b, w->scope);
    info_line(w, ws, 3, TR("Blanketten gäller", "The form covers"), ap_buf_str(&b));
    info_line(w, ws, 4, TR("Läget per", "Picture as of"), ap_date_format(snap->as_of, d));
    info_line(w, ws, 5, TR("Skapad (UTC)", "Made (UTC)"), w->made_at);
    info_line(w, ws, 6, TR("Blankett-id", "Form id"), w->key);
    snprintf(n, sizeof n, "%zu", w->scope->n);
    info_line(w, ws, 7, TR("Antal aktiviteter", "Activities"), n);
    write_signing(w, ws);
    if (!w->scope->per_owner)
        write_assessment(w, ws);
    lxw_row_t r = (w->scope->per_owner ? AP_FORM_DATE_ROW : AP_FORM_ASSESSMENT_ROW) + 2;
    ap_xlw_text(x, ws, r++, 0, TR("Så fyller du i blanketten", "How to fill in the form"),
                x->fmt.strong);
    for (int i = 0; instruction(i); i++, r++) {
        snprintf(n, sizeof n, "%d.", i + 1);
        info_line(w, ws, r, n, instruction(i));
    }
    write_legend(w, ws, r + 1);
    form_page(w, ws, true, -1);
    ap_xlw_protect(x, ws);
    ap_buf_free(&b);
}

/* =========================================================================
 * Sheet 2: the activities
 * ========================================================================= */

/* Per column: what it holds and its width; from AP_FC_STATUS on, the
 * columns the lead fills in. */
static const struct {
    ap_xlw_kind kind;
    double width;
} form_columns[AP_FC_COUNT] = {
    [AP_FC_CODE] = {AP_XCOL_TEXT, 8},           [AP_FC_TITLE] = {AP_XCOL_TEXT, 38},
    [AP_FC_OWNER] = {AP_XCOL_TEXT, 22},         [AP_FC_RESPONSIBLE] = {AP_XCOL_TEXT, 22},
    [AP_FC_DUE] = {AP_XCOL_DATE, 11},           [AP_FC_NOW] = {AP_XCOL_STATUS, 16},
    [AP_FC_LAST_DATE] = {AP_XCOL_DATE, 11},     [AP_FC_LAST_PROGRESS] = {AP_XCOL_INTEGER, 10},
    [AP_FC_LAST_COMMENT] = {AP_XCOL_TEXT, 40},  [AP_FC_STATUS] = {AP_XCOL_TEXT, 12},
    [AP_FC_PROGRESS] = {AP_XCOL_INTEGER, 11},   [AP_FC_COMMENT] = {AP_XCOL_TEXT, 40},
    [AP_FC_CAUSE] = {AP_XCOL_TEXT, 32},         [AP_FC_ACTION] = {AP_XCOL_TEXT, 32},
    [AP_FC_DATE] = {AP_XCOL_DATE, 12},          [AP_FC_STATE] = {AP_XCOL_TEXT, 14},
    [AP_FC_COST] = {AP_XCOL_INTEGER, 12},
};

/* "Röd (försenad, inaktuell)": the status in words, flags included. */
static void status_words(ap_buf *b, const ap_activity *a)
{
    ap_buf_puts(b, ap_status_label(a->eval.status));
    if (a->eval.overdue || a->eval.stale)
        ap_buf_printf(b, " (%s%s%s)", a->eval.overdue ? TR("försenad", "overdue") : "",
                      a->eval.overdue && a->eval.stale ? ", " : "",
                      a->eval.stale ? TR("inaktuell", "stale") : "");
}

/* The last comment, cause and action, one per line. */
static void last_words(ap_buf *b, const ap_activity *a)
{
    if (!a->has_update)
        return;
    const ap_update *u = &a->last;
    if (u->comment)
        ap_buf_puts(b, u->comment);
    if (u->cause)
        ap_buf_printf(b, TR("%sOrsak: %s", "%sCause: %s"), b->len ? "\n" : "", u->cause);
    else if (ap_activity_cause_missing(a))
        ap_buf_printf(b, "%s%s", b->len ? "\n" : "", TR("Orsak saknas", "Cause missing"));
    if (u->action)
        ap_buf_printf(b, TR("%sÅtgärd: %s", "%sAction: %s"), b->len ? "\n" : "", u->action);
}

/* One activity: locked facts, then blank open cells, in column order. */
static void write_row(form_writer *w, ap_xlw_table *t, const ap_activity *a, ap_buf *b)
{
    const ap_xlw_formats *f = &w->x.fmt;
    ap_xlw_table_row(t);
    ap_xlw_cell_text_fmt(t, a->code, f->fixed, false);
    ap_xlw_cell_text_fmt(t, a->title, f->fixed, false);
    ap_xlw_cell_text_fmt(t, a->owner, f->fixed, false);
    ap_xlw_cell_text_fmt(t, a->responsible, f->fixed, false);
    ap_xlw_cell_date_fmt(t, a->due, f->fixed_date);
    ap_buf_reset(b);
    status_words(b, a);
    ap_xlw_cell_text_fmt(t, ap_buf_str(b), f->status[a->eval.status], true);
    ap_xlw_cell_date_fmt(t, a->has_update ? a->last.date : AP_DATE_NONE, f->fixed_date);
    if (a->has_update && a->last.progress >= 0)
        ap_xlw_cell_number_fmt(t, a->last.progress, f->fixed_integer);
    else
        ap_xlw_cell_blank_fmt(t, f->fixed_integer);
    ap_buf_reset(b);
    last_words(b, a);
    ap_xlw_cell_text_fmt(t, ap_buf_str(b), f->fixed, false);
    ap_xlw_cell_blank_fmt(t, f->open_line);    /* Ny status */
    ap_xlw_cell_blank_fmt(t, f->open_integer); /* Framsteg */
    ap_xlw_cell_blank_fmt(t, f->open);         /* Kommentar */
    ap_xlw_cell_blank_fmt(t, f->open);         /* Orsak */
    ap_xlw_cell_blank_fmt(t, f->open);         /* Åtgärd */
    ap_xlw_cell_blank_fmt(t, f->open_date);    /* Datum */
    ap_xlw_cell_blank_fmt(t, f->open_line);    /* Nytt läge */
    ap_xlw_cell_blank_fmt(t, f->open_integer); /* Kostnad */
}

/* A column of the open rows, for a validation. */
static ap_xlw_range open_column(ap_form_col c, lxw_row_t last)
{
    return (ap_xlw_range){.r1 = AP_FORM_FIRST_ROW, .r2 = last, .c1 = c, .c2 = c};
}

/* Drop-downs Grön/Gul/Röd and the states a lead may move to (short
 * inline lists), whole numbers 0-100 and kronor, dates. */
static void write_validations(form_writer *w, lxw_worksheet *ws, lxw_row_t last)
{
    ap_xlw *x = &w->x;
    const char *colours[] = {ap_color_label(AP_COLOR_GREEN), ap_color_label(AP_COLOR_YELLOW),
                             ap_color_label(AP_COLOR_RED), NULL};
    const char *states[] = {ap_state_label(AP_STATE_COMPLETED), ap_state_label(AP_STATE_PAUSED),
                            ap_state_label(AP_STATE_CANCELLED), ap_state_label(AP_STATE_ONGOING),
                            ap_state_label(AP_STATE_DECIDED), NULL};
    ap_xlw_allow_list(x, ws, open_column(AP_FC_STATUS, last), colours,
                      ap_form_column_label(AP_FC_STATUS),
                      TR("Välj Grön, Gul eller Röd.", "Choose Green, Yellow or Red."),
                      TR("Välj Grön, Gul eller Röd i listan.",
                         "Choose Green, Yellow or Red in the list."));
    ap_xlw_allow_integer(x, ws, open_column(AP_FC_PROGRESS, last), 0, 100,
                         ap_form_column_label(AP_FC_PROGRESS),
                         TR("Ett heltal 0–100, utan %-tecken.",
                            "A whole number 0–100, without a % sign."),
                         TR("Skriv ett heltal 0–100.", "Write a whole number 0–100."));
    ap_xlw_allow_date(x, ws, open_column(AP_FC_DATE, last), ap_form_column_label(AP_FC_DATE),
                      TR("Tomt = rapportdatumet. Annars ÅÅÅÅ-MM-DD.",
                         "Empty = the report date. Else YYYY-MM-DD."),
                      TR("Skriv ett datum, ÅÅÅÅ-MM-DD.", "Write a date, YYYY-MM-DD."));
    ap_xlw_allow_list(x, ws, open_column(AP_FC_STATE, last), states,
                      ap_form_column_label(AP_FC_STATE),
                      TR("Tomt = samma läge. Beslutad gäller ett förslag.",
                         "Empty = the same state. Decided is for a proposal."),
                      NULL);
    ap_xlw_allow_integer(x, ws, open_column(AP_FC_COST, last), 0, -1,
                         ap_form_column_label(AP_FC_COST),
                         TR("Kronor sedan förra rapporten.", "SEK since the last report."),
                         TR("Skriv hela kronor.", "Write whole SEK."));
}

/* Title, subtitle and the two column groups above the table. */
static void write_rows_head(form_writer *w, lxw_worksheet *ws)
{
    ap_xlw *x = &w->x;
    ap_buf b = {0};
    char d[11];
    scope_title(&b, w->scope);
    ap_xlw_text(x, ws, 0, 0, ap_buf_str(&b), x->fmt.title);
    ap_buf_reset(&b);
    ap_buf_printf(&b,
                  TR("%s · läget per %s · blankett %s · fyll i de vita kolumnerna",
                     "%s · as of %s · form %s · fill in the white columns"),
                  w->snap->title, ap_date_format(w->snap->as_of, d), w->key);
    ap_xlw_text(x, ws, 1, 0, ap_buf_str(&b), x->fmt.note);
    ap_xlw_merged(x, ws, 2, AP_FC_CODE, AP_FC_LAST_COMMENT,
                  TR("Aktiviteten och det senast rapporterade (låst)",
                     "The activity and what was last reported (locked)"),
                  x->fmt.header);
    ap_xlw_merged(x, ws, 2, AP_FC_STATUS, AP_FC_COUNT - 1,
                  TR("Din rapport (fyll i)", "Your report (fill in)"), x->fmt.header_open);
    ap_buf_free(&b);
}

static void write_rows(form_writer *w, lxw_worksheet *ws)
{
    ap_xlw_column cols[AP_FC_COUNT];
    for (int c = 0; c < AP_FC_COUNT; c++)
        cols[c] = (ap_xlw_column){ap_form_column_label((ap_form_col)c), form_columns[c].kind,
                                  form_columns[c].width, form_columns[c].width};
    write_rows_head(w, ws);
    ap_xlw_table t;
    ap_buf b = {0};
    ap_xlw_table_begin(&t, &w->x, ws, AP_FORM_HEAD_ROW, cols, AP_FC_COUNT);
    for (int c = AP_FC_STATUS; c < AP_FC_COUNT; c++)
        ap_xlw_table_heading_format(&t, c, w->x.fmt.header_open);
    t.min_lines = 2; /* room to write */
    t.autofilter = false;
    t.freeze_cols = AP_FC_TITLE + 1;
    while (ap_xlw_table_pass(&t))
        for (size_t i = 0; i < w->scope->n; i++)
            write_row(w, &t, w->scope->acts[i], &b);
    lxw_row_t last = ap_xlw_table_last_row(&t);
    ap_xlw_table_end(&t);
    ap_buf_free(&b);
    if (w->scope->n > 0)
        write_validations(w, ws, last);
    form_page(w, ws, false, AP_FORM_HEAD_ROW);
    ap_xlw_protect(&w->x, ws);
}

/* =========================================================================
 * Sheet 3 (hidden): what form this is
 * ========================================================================= */

static void id_line(form_writer *w, lxw_worksheet *ws, lxw_row_t r, const char *key,
                    const char *value)
{
    ap_xlw_text(&w->x, ws, r, 0, key, NULL);
    ap_xlw_text(&w->x, ws, r, 1, value, NULL);
}

/* Key-value lines in A and B, then one line per activity: "activity",
 * code, 1-based row. Text only, so that no program reformats a value. */
static void write_id(form_writer *w, lxw_worksheet *ws)
{
    char v[32], d[11];
    snprintf(v, sizeof v, "%d", AP_FORM_VERSION);
    id_line(w, ws, 0, AP_FORM_MARKER, v);
    ap_xlw_text(&w->x, ws, 0, 3,
                TR("Ändra inte: bladet talar om vilken blankett detta är.",
                   "Do not change: this sheet tells which form this is."),
                NULL);
    id_line(w, ws, 1, "plan", w->snap->key);
    id_line(w, ws, 2, "form", w->key);
    id_line(w, ws, 3, "scope", w->scope->per_owner ? "owner" : "focus");
    id_line(w, ws, 4, "scope_value", w->scope->value);
    id_line(w, ws, 5, "as_of", ap_date_format(w->snap->as_of, d));
    id_line(w, ws, 6, "made_at", w->made_at);
    snprintf(v, sizeof v, "%d", AP_FORM_FIRST_ROW + 1);
    id_line(w, ws, 7, "first_row", v);
    for (size_t i = 0; i < w->scope->n; i++) {
        lxw_row_t r = 8 + (lxw_row_t)i;
        id_line(w, ws, r, "activity", w->scope->acts[i]->code);
        snprintf(v, sizeof v, "%zu", AP_FORM_FIRST_ROW + 1 + i);
        ap_xlw_text(&w->x, ws, r, 2, v, NULL);
    }
    ap_xlw_hide(ws);
    ap_xlw_protect(&w->x, ws);
}

/* =========================================================================
 * One workbook
 * ========================================================================= */

/* Draw the form into the temporary file beside path (w->x.out), for the
 * caller to commit once the form is on record. */
static ap_rc draw_form(form_writer *w, const char *path, ap_error *err)
{
    ap_buf title = {0};
    scope_title(&title, w->scope);
    ap_xlw_doc doc = {.title = ap_buf_str(&title),
                      .subject = TR("Uppdateringsblankett", "Update form"),
                      .author = "actionplan",
                      .company = w->snap->organisation,
                      .created = AP_DATE_NONE,
                      .in_memory = true}; /* merged headings, the id's note in D1 */
    ap_rc rc = ap_xlw_open(&w->x, path, &doc, err);
    ap_buf_free(&title);
    if (rc != AP_OK)
        return rc;
    lxw_worksheet *info = ap_xlw_sheet(&w->x, TR(AP_FORM_SHEET_INFO_SV, AP_FORM_SHEET_INFO_EN));
    lxw_worksheet *rows = ap_xlw_sheet(&w->x, TR(AP_FORM_SHEET_ROWS_SV, AP_FORM_SHEET_ROWS_EN));
    lxw_worksheet *id = ap_xlw_sheet(&w->x, TR(AP_FORM_SHEET_ID_SV, AP_FORM_SHEET_ID_EN));
    if (info && rows && id) {
        write_info(w, info);
        write_rows(w, rows);
        write_id(w, id);
    }
    return ap_xlw_write(&w->x, err);
}

/* =========================================================================
 * Names, keys and the whole job
 * ========================================================================= */

/* A letter of an owner's name in a file name: a-z and 0-9, Swedish and
 * other Latin letters without their marks; 0 for anything else. */
static char slug_char(uint32_t c)
{
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        return (char)c;
    if (c >= 'A' && c <= 'Z')
        return (char)(c - 'A' + 'a');
    if (c == 0xFF)
        return 'y';
    if (c >= 0xC0 && c <= 0xFE && c != 0xD7 && c != 0xF7) {
        /* U+00C0..U+00DF; lower case (U+00E0..) sits 32 places up */
        static const char latin1[] = "aaaaaaaceeeeiiiidnooooo ouuuuyts";
        return latin1[c & 0x1F];
    }
    return 0;
}

/* "Destination Södertälje" -> "destination-sodertalje" (at most 60 bytes). */
static void owner_slug(char *out, size_t outsz, const char *owner)
{
    size_t j = 0, cap = outsz < 61 ? outsz - 1 : 60;
    bool dash = false;
    for (const char *p = owner; *p && j < cap;) {
        char ch = slug_char(ap_utf8_next(&p));
        if (!ch) {
            dash = j > 0;
            continue;
        }
        if (dash && j + 1 < cap)
            out[j++] = '-';
        dash = false;
        out[j++] = ch;
    }
    out[j] = '\0';
    if (j == 0)
        snprintf(out, outsz, "agare");
}

/* blankett-<plan>-fokus-<N>-<as-of>.xlsx or blankett-<plan>-<owner>-<as-of>.xlsx;
 * a name already used by this run gets "-2", "-3", ... */
static void form_path(char *out, size_t outsz, const char *dir, const ap_snapshot *snap,
                      const form_scope *sc, const ap_form_file *done, size_t ndone)
{
    char plan[256], part[128], d[11], name[512];
    ap_safe_filename(plan, sizeof plan, snap->key);
    if (sc->per_owner)
        owner_slug(part, sizeof part, sc->value);
    else
        ap_safe_filename(part, sizeof part, sc->value);
    ap_date_format(snap->as_of, d);
    for (int k = 1;; k++) {
        char suffix[16] = "";
        if (k > 1)
            snprintf(suffix, sizeof suffix, "-%d", k);
        snprintf(name, sizeof name, "blankett-%s-%s%s%s-%s.xlsx", plan,
                 sc->per_owner ? "" : "fokus-", part, suffix, d);
        ap_path_join(out, outsz, dir, name);
        bool taken = false;
        for (size_t i = 0; i < ndone && !taken; i++)
            taken = strcmp(done[i].path, out) == 0;
        if (!taken)
            return;
    }
}

/* 64 random bits in hex: unique among forms, also across databases. */
static void new_form_key(char out[AP_FORM_KEY_SIZE])
{
    static unsigned counter;
    unsigned char b[8];
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    ssize_t got = fd >= 0 ? read(fd, b, sizeof b) : -1;
    if (fd >= 0)
        close(fd);
    if (got != (ssize_t)sizeof b) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t x = ((uint64_t)ts.tv_sec << 32) ^ (uint64_t)ts.tv_nsec ^
                     ((uint64_t)getpid() << 16) ^ counter++;
        for (int i = 0; i < 8; i++, x >>= 8)
            b[i] = (unsigned char)x;
    }
    for (int i = 0; i < 8; i++)
        snprintf(out + 2 * i, 3, "%02x", b[i]);
}

static void utc_now(char out[21])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Remember the form in the database (its own transaction). */
static ap_rc remember(ap_store *s, const ap_snapshot *snap, const form_scope *sc,
                      const ap_form_file *f, const char *made_at, int64_t watermark, ap_error *err)
{
    const char **codes = ap_xcalloc(sc->n + 1, sizeof *codes);
    for (size_t i = 0; i < sc->n; i++)
        codes[i] = sc->acts[i]->code;
    ap_form_rec rec = {.plan_id = snap->plan_id,
                       .form_key = f->form_key,
                       .scope = sc->per_owner ? "owner" : "focus",
                       .scope_value = sc->value,
                       .as_of = snap->as_of,
                       .signer = sc->signer,
                       .watermark = watermark,
                       .file = f->path,
                       .made_at = made_at,
                       .codes = codes,
                       .n_codes = sc->n};
    ap_rc rc = ap_store_begin(s, err);
    if (rc == AP_OK)
        rc = ap_store_form_add(s, &rec, err);
    if (rc == AP_OK)
        rc = ap_store_commit(s, err);
    else
        ap_store_rollback(s);
    free(codes);
    return rc;
}

/* Write one form: the workbook beside its final name, then the record,
 * then the rename - a reader never sees half a file, and a file on disk
 * always has its record. */
static ap_rc export_one(ap_store *s, const ap_snapshot *snap, const form_scope *sc, ap_form_file *f,
                        int64_t watermark, ap_error *err)
{
    char made_at[21];
    utc_now(made_at);
    new_form_key(f->form_key);
    form_writer w = {.snap = snap, .scope = sc, .key = f->form_key, .made_at = made_at};
    ap_rc rc = draw_form(&w, f->path, err);
    if (rc != AP_OK)
        return rc; /* nothing left behind */
    rc = remember(s, snap, sc, f, made_at, watermark, err);
    if (rc != AP_OK) {
        ap_atomic_abort(&w.x.out);
        return rc;
    }
    return ap_atomic_commit(&w.x.out, err);
}

static ap_rc check_opts(const ap_forms_export_opts *o, ap_error *err)
{
    ap_rc rc = ap_date_check_not_future(o->as_of, ap_date_today(), "--as-of", err);
    if (rc != AP_OK)
        return rc;
    if ((o->focus != NULL) + (o->owner != NULL) + o->per_owner > 1)
        return ap_error_set(err, AP_E_USAGE,
                            TR("välj högst en av --focus, --owner och --per-owner",
                               "choose at most one of --focus, --owner and --per-owner"));
    return AP_OK;
}

/* A scope asked for by name must have something to ask about. */
static ap_rc check_named_scope(const ap_forms_export_opts *o, const scope_list *l, ap_error *err)
{
    char d[11];
    if ((!o->focus && !o->owner) || l->n != 1 || l->items[0].n > 0)
        return AP_OK;
    return ap_error_set(err, AP_E_INPUT,
                        o->focus ? TR("fokusområde %s har inga aktiva aktiviteter per %s; ingen "
                                      "blankett skrevs",
                                      "focus area %s has no active activities as of %s; no form "
                                      "was written")
                                 : TR("%s har inga aktiva aktiviteter per %s; ingen blankett "
                                      "skrevs",
                                      "%s has no active activities as of %s; no form was written"),
                        l->items[0].value, ap_date_format(o->as_of, d));
}

/* Write every form of the list; scopes without activities are listed with
 * an empty path. */
static ap_rc export_all(ap_store *s, const ap_snapshot *snap, const scope_list *l, const char *dir,
                        int64_t watermark, ap_form_file *files, ap_error *err)
{
    ap_rc rc = AP_OK;
    for (size_t i = 0; rc == AP_OK && i < l->n; i++) {
        const form_scope *sc = &l->items[i];
        ap_form_file *f = &files[i];
        f->per_owner = sc->per_owner;
        f->n_activities = sc->n;
        snprintf(f->scope_value, sizeof f->scope_value, "%s", sc->value);
        if (sc->n == 0)
            continue;
        form_path(f->path, sizeof f->path, dir, snap, sc, files, i);
        rc = export_one(s, snap, sc, f, watermark, err);
        f->written = rc == AP_OK;
    }
    return rc;
}

ap_rc ap_forms_export(ap_store *s, int64_t plan_id, const ap_config *cfg,
                      const ap_forms_export_opts *opts, ap_form_file **files, size_t *n,
                      ap_error *err)
{
    *files = NULL;
    *n = 0;
    int64_t watermark = 0;
    ap_snapshot *snap = NULL;
    scope_list l = {0};
    /* The watermark is read before the snapshot: an update that slips in
     * between is shown on the form and counted as unseen - a false alarm
     * on import at worst, never a missed one. */
    ap_rc rc = check_opts(opts, err);
    if (rc == AP_OK)
        rc = ap_mkdir_p(opts->out_dir, err);
    if (rc == AP_OK)
        rc = ap_store_form_watermark(s, &watermark, err);
    ap_snapshot_opts so = {.as_of = opts->as_of, .since = AP_DATE_NONE};
    if (rc == AP_OK)
        rc = ap_snapshot_load(s, plan_id, &so, &cfg->rules, &snap, err);
    if (rc == AP_OK)
        rc = opts->owner || opts->per_owner ? owner_scopes(snap, opts->owner, &l, err)
                                            : focus_scopes(snap, opts->focus, &l, err);
    if (rc == AP_OK)
        rc = check_named_scope(opts, &l, err);
    if (rc == AP_OK) {
        *files = ap_xcalloc(l.n + 1, sizeof **files);
        *n = l.n;
        rc = export_all(s, snap, &l, opts->out_dir, watermark, *files, err);
    }
    free(l.items);
    ap_arena_free(&l.arena);
    ap_snapshot_free(snap);
    return rc;
}
