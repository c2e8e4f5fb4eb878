/*
 * forms_export.c - writing the update forms with libxlsxwriter; see forms.h.
 *
 * One workbook per scope (a focus area or an owner): instructions with the
 * two signing cells, the activities with locked and open columns, and a
 * hidden sheet that identifies the form. The database remembers each form
 * (ap_store_form_add) so that the import can check what comes back.
 */
#include "actionplan/forms.h"
#include "actionplan/model.h"
#include "actionplan/i18n.h"
#include "actionplan/status_style.h"
#include "actionplan/snapshot.h"
#include "xlsx_common.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

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
 * The writer: formats and checked writes
 * ========================================================================= */

typedef struct form_writer {
    lxw_workbook *wb;
    lxw_error err; /* the first write that failed */
    const ap_snapshot *snap;
    const form_scope *scope;
    const char *key; /* the form's id */
    const char *made_at;
    lxw_format *title, *subtitle, *label, *note, *group_locked, *group_open;
    lxw_format *head_locked, *head_open, *locked, *locked_date, *locked_num;
    lxw_format *open_text, *open_status, *open_num, *open_date, *open_sign, *open_sign_date;
    lxw_format *open_assessment;
    lxw_format *status[AP_ST_COUNT];
} form_writer;

static lxw_format *new_format(form_writer *w, bool open, bool wrap)
{
    lxw_format *f = workbook_add_format(w->wb);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_border_color(f, 0xBFBFBF);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (wrap)
        format_set_text_wrap(f);
    if (open)
        format_set_unlocked(f);
    else
        format_set_bg_color(f, 0xF2F2F2);
    return f;
}

static lxw_format *heading_format(form_writer *w, unsigned fill, bool wrap)
{
    lxw_format *f = workbook_add_format(w->wb);
    format_set_bold(f);
    format_set_bg_color(f, fill);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_border_color(f, 0x7F7F7F);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (wrap)
        format_set_text_wrap(f);
    return f;
}

/* Locked cells are grey, open cells white with a border; status cells
 * carry the colour of their status and its word. */
static void make_formats(form_writer *w)
{
    w->title = workbook_add_format(w->wb);
    format_set_bold(w->title);
    format_set_font_size(w->title, 14);
    w->subtitle = workbook_add_format(w->wb);
    format_set_font_color(w->subtitle, 0x595959);
    w->label = workbook_add_format(w->wb);
    format_set_bold(w->label);
    format_set_align(w->label, LXW_ALIGN_VERTICAL_TOP);
    w->note = workbook_add_format(w->wb);
    format_set_text_wrap(w->note);
    format_set_align(w->note, LXW_ALIGN_VERTICAL_TOP);
    w->group_locked = heading_format(w, 0xD9D9D9, false);
    w->group_open = heading_format(w, 0xFFE699, false);
    w->head_locked = heading_format(w, 0xD9D9D9, true);
    w->head_open = heading_format(w, 0xFFE699, true);
    w->locked = new_format(w, false, true);
    w->locked_date = new_format(w, false, false);
    format_set_num_format(w->locked_date, "yyyy-mm-dd");
    w->locked_num = new_format(w, false, false);
    format_set_num_format(w->locked_num, "0");
    w->open_text = new_format(w, true, true);
    w->open_status = new_format(w, true, false);
    w->open_num = new_format(w, true, false);
    format_set_num_format(w->open_num, "0");
    w->open_date = new_format(w, true, false);
    format_set_num_format(w->open_date, "yyyy-mm-dd");
    w->open_sign = new_format(w, true, false);
    format_set_bg_color(w->open_sign, 0xFFF2CC);
    w->open_sign_date = new_format(w, true, false);
    format_set_bg_color(w->open_sign_date, 0xFFF2CC);
    format_set_num_format(w->open_sign_date, "yyyy-mm-dd");
    format_set_align(w->open_sign_date, LXW_ALIGN_LEFT);
    w->open_assessment = new_format(w, true, true);
    format_set_bg_color(w->open_assessment, 0xFFF2CC);
    for (int s = 0; s < AP_ST_COUNT; s++) {
        const ap_status_style *st = ap_status_style_of((ap_status)s);
        w->status[s] = new_format(w, false, true);
        format_set_bg_color(w->status[s], st->tint);
        format_set_font_color(w->status[s], st->text);
    }
}

static void keep_error(form_writer *w, lxw_error e)
{
    if (e != LXW_NO_ERROR && w->err == LXW_NO_ERROR)
        w->err = e;
}

/* Text, or a blank cell with the format when text is NULL or empty. */
static void put_text(form_writer *w, lxw_worksheet *ws, uint32_t r, uint16_t c, const char *t,
                     lxw_format *f)
{
    keep_error(w, t && *t ? worksheet_write_string(ws, r, c, t, f)
                          : worksheet_write_blank(ws, r, c, f));
}

/* A real date cell, or a blank one for AP_DATE_NONE. */
static void put_date(form_writer *w, lxw_worksheet *ws, uint32_t r, uint16_t c, ap_date d,
                     lxw_format *f)
{
    if (d == AP_DATE_NONE) {
        keep_error(w, worksheet_write_blank(ws, r, c, f));
        return;
    }
    int y, m, day;
    ap_date_to_ymd(d, &y, &m, &day);
    lxw_datetime dt = {y, m, day, 0, 0, 0};
    keep_error(w, worksheet_write_datetime(ws, r, c, &dt, f));
}

/* A whole number, or a blank cell when n < 0. */
static void put_int(form_writer *w, lxw_worksheet *ws, uint32_t r, uint16_t c, long long n,
                    lxw_format *f)
{
    keep_error(w, n >= 0 ? worksheet_write_number(ws, r, c, (double)n, f)
                         : worksheet_write_blank(ws, r, c, f));
}

/* Lines a text takes in a wrapped column of width characters (each
 * paragraph at least one line). */
static int wrapped_lines(const char *text, double width)
{
    int lines = 0;
    size_t chars = 0, per_line = width > 4 ? (size_t)(width - 2) : 2;
    for (const char *p = text ? text : ""; *p || chars || !lines;) {
        uint32_t c = *p ? ap_utf8_next(&p) : '\n';
        if (c == '\n') {
            lines += (int)((chars + per_line - 1) / per_line) + (chars == 0);
            chars = 0;
            if (!*p)
                break;
        } else {
            chars++;
        }
    }
    return lines;
}

/* Row heights are not fitted on opening (neither Excel nor LibreOffice
 * fits wrapped text in a file's rows): give row r room for lines lines. */
static void fit_row(form_writer *w, lxw_worksheet *ws, uint32_t r, int lines)
{
    keep_error(w, worksheet_set_row(ws, r, 15.0 * (lines < 1 ? 1 : lines), NULL));
}

/* Protected without a password: locked cells cannot be changed by
 * mistake; columns and rows may still be resized. */
static void protect(lxw_worksheet *ws)
{
    lxw_protection p = {0};
    p.format_columns = 1;
    p.format_rows = 1;
    worksheet_protect(ws, NULL, &p);
}

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

/* Label in A, value in B (locked). */
static void info_line(form_writer *w, lxw_worksheet *ws, uint32_t r, const char *label,
                      const char *value)
{
    put_text(w, ws, r, 0, label, w->label);
    put_text(w, ws, r, 1, value, w->note);
}

/* The two open cells that sign the reports, with prompts. */
static void write_signing(form_writer *w, lxw_worksheet *ws)
{
    put_text(w, ws, AP_FORM_SIGNER_ROW, 0, TR("Rapporterat av", "Reported by"), w->label);
    put_text(w, ws, AP_FORM_SIGNER_ROW, AP_FORM_SIGN_COL, w->scope->signer, w->open_sign);
    put_text(w, ws, AP_FORM_DATE_ROW, 0, TR("Rapportdatum", "Report date"), w->label);
    put_date(w, ws, AP_FORM_DATE_ROW, AP_FORM_SIGN_COL, w->snap->as_of, w->open_sign_date);
    lxw_data_validation who = {0};
    who.validate = LXW_VALIDATION_TYPE_ANY;
    who.input_title = (char *)TR("Rapporterat av", "Reported by");
    who.input_message = (char *)TR("Skriv ditt namn.", "Write your name.");
    keep_error(w, worksheet_data_validation_cell(ws, AP_FORM_SIGNER_ROW, AP_FORM_SIGN_COL, &who));
    lxw_data_validation day = {0};
    day.validate = LXW_VALIDATION_TYPE_DATE;
    day.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
    day.minimum_datetime = (lxw_datetime){2000, 1, 1, 0, 0, 0};
    day.maximum_datetime = (lxw_datetime){2099, 12, 31, 0, 0, 0};
    day.input_title = (char *)TR("Rapportdatum", "Report date");
    day.input_message = (char *)TR("Dagen rapporterna gäller, ÅÅÅÅ-MM-DD.",
                                   "The day the reports concern, YYYY-MM-DD.");
    day.error_message = (char *)TR("Skriv ett datum, ÅÅÅÅ-MM-DD.", "Write a date, YYYY-MM-DD.");
    keep_error(w, worksheet_data_validation_cell(ws, AP_FORM_DATE_ROW, AP_FORM_SIGN_COL, &day));
}

/* A focus area's form: the open cell for the focus area's assessment of
 * the form's period (its as-of date), read back as an assessment. */
static void write_assessment(form_writer *w, lxw_worksheet *ws)
{
    const uint32_t r = AP_FORM_ASSESSMENT_ROW;
    put_text(w, ws, r, 0, TR("Bedömning", "Assessment"), w->label);
    put_text(w, ws, r, AP_FORM_SIGN_COL, NULL, w->open_assessment);
    fit_row(w, ws, r, 5);
    lxw_data_validation v = {0};
    v.validate = LXW_VALIDATION_TYPE_ANY;
    v.input_title = (char *)TR("Bedömning", "Assessment");
    v.input_message = (char *)TR("Fokusområdets läge i några meningar: vad som går bra, vad som "
                                 "avviker och vad som behövs. Styrgruppen och årsrapporten "
                                 "visar den. Frivilligt.",
                                 "The focus area's situation in a few sentences: what goes well, "
                                 "what deviates and what is needed. The steering group and the "
                                 "annual report show it. Optional.");
    keep_error(w, worksheet_data_validation_cell(ws, r, AP_FORM_SIGN_COL, &v));
}

/* What each colour means, each with its fill and word. */
static void write_legend(form_writer *w, lxw_worksheet *ws, uint32_t r)
{
    static const ap_status kinds[] = {AP_ST_GREEN, AP_ST_YELLOW, AP_ST_RED};
    const char *meaning[] = {TR("enligt plan", "on plan"),
                             TR("avvikelse från planen", "a deviation from the plan"),
                             TR("betydande avvikelse", "a considerable deviation")};
    put_text(w, ws, r++, 0, TR("Färgerna", "The colours"), w->label);
    for (int i = 0; i < 3; i++, r++) {
        put_text(w, ws, r, 0, ap_status_label(kinds[i]), w->status[kinds[i]]);
        put_text(w, ws, r, 1, meaning[i], w->note);
    }
}

static void write_info(form_writer *w, lxw_worksheet *ws)
{
    const ap_snapshot *snap = w->snap;
    char d[11], n[32];
    ap_buf b = {0};
    worksheet_set_column(ws, 0, 0, 22, NULL);
    worksheet_set_column(ws, 1, 1, 95, NULL);
    put_text(w, ws, 0, 0,
             TR("Uppföljning av handlingsplanen – blankett", "Follow-up of the action plan – form"),
             w->title);
    ap_buf_printf(&b, "%s%s%s", snap->title, snap->organisation ? " – " : "",
                  snap->organisation ? snap->organisation : "");
    put_text(w, ws, 1, 0, ap_buf_str(&b), w->subtitle);
    ap_buf_reset(&b);
    scope_title(&b, w->scope);
    info_line(w, ws, 3, TR("Blanketten gäller", "The form covers"), ap_buf_str(&b));
    fit_row(w, ws, 3, wrapped_lines(ap_buf_str(&b), 95));
    info_line(w, ws, 4, TR("Läget per", "Picture as of"), ap_date_format(snap->as_of, d));
    info_line(w, ws, 5, TR("Skapad (UTC)", "Made (UTC)"), w->made_at);
    info_line(w, ws, 6, TR("Blankett-id", "Form id"), w->key);
    snprintf(n, sizeof n, "%zu", w->scope->n);
    info_line(w, ws, 7, TR("Antal aktiviteter", "Activities"), n);
    write_signing(w, ws);
    if (!w->scope->per_owner)
        write_assessment(w, ws);
    uint32_t r = (w->scope->per_owner ? AP_FORM_DATE_ROW : AP_FORM_ASSESSMENT_ROW) + 2;
    put_text(w, ws, r++, 0, TR("Så fyller du i blanketten", "How to fill in the form"), w->label);
    for (int i = 0; instruction(i); i++, r++) {
        snprintf(n, sizeof n, "%d.", i + 1);
        put_text(w, ws, r, 0, n, w->note);
        put_text(w, ws, r, 1, instruction(i), w->note);
        fit_row(w, ws, r, wrapped_lines(instruction(i), 95));
    }
    write_legend(w, ws, r + 1);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    protect(ws);
    ap_buf_free(&b);
}

/* =========================================================================
 * Sheet 2: the activities
 * ========================================================================= */

static const double column_widths[AP_FC_COUNT] = {8,  38, 22, 22, 11, 16, 11, 10, 40,
                                                  12, 11, 40, 32, 32, 12, 14, 12};

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

/* Wrapped text in column c of row r; *lines grows to what it needs. */
static void put_wrapped(form_writer *w, lxw_worksheet *ws, uint32_t r, ap_form_col c,
                        const char *text, lxw_format *f, int *lines)
{
    put_text(w, ws, r, (uint16_t)c, text, f);
    int n = wrapped_lines(text, column_widths[c]);
    if (n > *lines)
        *lines = n;
}

/* One activity: locked facts, then blank open cells; at least two lines
 * high, so there is room to write. */
static void write_row(form_writer *w, lxw_worksheet *ws, uint32_t r, const ap_activity *a)
{
    ap_buf b = {0};
    int lines = 2;
    put_text(w, ws, r, AP_FC_CODE, a->code, w->locked);
    put_wrapped(w, ws, r, AP_FC_TITLE, a->title, w->locked, &lines);
    put_wrapped(w, ws, r, AP_FC_OWNER, a->owner, w->locked, &lines);
    put_wrapped(w, ws, r, AP_FC_RESPONSIBLE, a->responsible, w->locked, &lines);
    put_date(w, ws, r, AP_FC_DUE, a->due, w->locked_date);
    status_words(&b, a);
    put_wrapped(w, ws, r, AP_FC_NOW, ap_buf_str(&b), w->status[a->eval.status], &lines);
    put_date(w, ws, r, AP_FC_LAST_DATE, a->has_update ? a->last.date : AP_DATE_NONE,
             w->locked_date);
    put_int(w, ws, r, AP_FC_LAST_PROGRESS, a->has_update ? a->last.progress : -1, w->locked_num);
    ap_buf_reset(&b);
    last_words(&b, a);
    put_wrapped(w, ws, r, AP_FC_LAST_COMMENT, ap_buf_str(&b), w->locked, &lines);
    put_text(w, ws, r, AP_FC_STATUS, NULL, w->open_status);
    put_text(w, ws, r, AP_FC_PROGRESS, NULL, w->open_num);
    put_text(w, ws, r, AP_FC_COMMENT, NULL, w->open_text);
    put_text(w, ws, r, AP_FC_CAUSE, NULL, w->open_text);
    put_text(w, ws, r, AP_FC_ACTION, NULL, w->open_text);
    put_text(w, ws, r, AP_FC_DATE, NULL, w->open_date);
    put_text(w, ws, r, AP_FC_STATE, NULL, w->open_status);
    put_text(w, ws, r, AP_FC_COST, NULL, w->open_num);
    fit_row(w, ws, r, lines);
    ap_buf_free(&b);
}

/* The state list (the words of the life cycle a lead may move to) and
 * whole kronor for the cost. */
static void write_state_validations(form_writer *w, lxw_worksheet *ws, uint32_t first,
                                    uint32_t last)
{
    const char *states[] = {ap_state_label(AP_STATE_COMPLETED), ap_state_label(AP_STATE_PAUSED),
                            ap_state_label(AP_STATE_CANCELLED), ap_state_label(AP_STATE_ONGOING),
                            ap_state_label(AP_STATE_DECIDED), NULL};
    lxw_data_validation st = {0};
    st.validate = LXW_VALIDATION_TYPE_LIST;
    st.value_list = (char **)states;
    st.input_title = (char *)ap_form_column_label(AP_FC_STATE);
    st.input_message = (char *)TR("Tomt = samma läge. Beslutad gäller ett förslag.",
                                  "Empty = the same state. Decided is for a proposal.");
    keep_error(w, worksheet_data_validation_range(ws, first, AP_FC_STATE, last, AP_FC_STATE, &st));
    lxw_data_validation co = {0};
    co.validate = LXW_VALIDATION_TYPE_INTEGER;
    co.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
    co.minimum_number = 0;
    co.input_title = (char *)ap_form_column_label(AP_FC_COST);
    co.input_message = (char *)TR("Kronor sedan förra rapporten.", "SEK since the last report.");
    co.error_message = (char *)TR("Skriv hela kronor.", "Write whole SEK.");
    keep_error(w, worksheet_data_validation_range(ws, first, AP_FC_COST, last, AP_FC_COST, &co));
}

/* Drop-down Grön/Gul/Röd (a short inline list: libxlsxwriter 1.1.4
 * overflows on lists over 255 bytes), whole numbers 0-100, dates. */
static void write_validations(form_writer *w, lxw_worksheet *ws, uint32_t first, uint32_t last)
{
    const char *colours[] = {ap_color_label(AP_COLOR_GREEN), ap_color_label(AP_COLOR_YELLOW),
                             ap_color_label(AP_COLOR_RED), NULL};
    lxw_data_validation st = {0};
    st.validate = LXW_VALIDATION_TYPE_LIST;
    st.value_list = (char **)colours;
    st.input_title = (char *)ap_form_column_label(AP_FC_STATUS);
    st.input_message = (char *)TR("Välj Grön, Gul eller Röd.", "Choose Green, Yellow or Red.");
    st.error_message = (char *)TR("Välj Grön, Gul eller Röd i listan.",
                                  "Choose Green, Yellow or Red in the list.");
    keep_error(w,
               worksheet_data_validation_range(ws, first, AP_FC_STATUS, last, AP_FC_STATUS, &st));
    lxw_data_validation pr = {0};
    pr.validate = LXW_VALIDATION_TYPE_INTEGER;
    pr.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
    pr.minimum_number = 0;
    pr.maximum_number = 100;
    pr.input_title = (char *)ap_form_column_label(AP_FC_PROGRESS);
    pr.input_message =
        (char *)TR("Ett heltal 0–100, utan %-tecken.", "A whole number 0–100, without a % sign.");
    pr.error_message = (char *)TR("Skriv ett heltal 0–100.", "Write a whole number 0–100.");
    keep_error(
        w, worksheet_data_validation_range(ws, first, AP_FC_PROGRESS, last, AP_FC_PROGRESS, &pr));
    lxw_data_validation dt = {0};
    dt.validate = LXW_VALIDATION_TYPE_DATE;
    dt.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
    dt.minimum_datetime = (lxw_datetime){2000, 1, 1, 0, 0, 0};
    dt.maximum_datetime = (lxw_datetime){2099, 12, 31, 0, 0, 0};
    dt.input_title = (char *)ap_form_column_label(AP_FC_DATE);
    dt.input_message = (char *)TR("Tomt = rapportdatumet. Annars ÅÅÅÅ-MM-DD.",
                                  "Empty = the report date. Else YYYY-MM-DD.");
    dt.error_message = (char *)TR("Skriv ett datum, ÅÅÅÅ-MM-DD.", "Write a date, YYYY-MM-DD.");
    keep_error(w, worksheet_data_validation_range(ws, first, AP_FC_DATE, last, AP_FC_DATE, &dt));
    write_state_validations(w, ws, first, last);
}

/* Title, subtitle, the two column groups and the headings. */
static void write_rows_head(form_writer *w, lxw_worksheet *ws)
{
    ap_buf b = {0};
    char d[11];
    scope_title(&b, w->scope);
    put_text(w, ws, 0, 0, ap_buf_str(&b), w->title);
    ap_buf_reset(&b);
    ap_buf_printf(&b,
                  TR("%s · läget per %s · blankett %s · fyll i de vita kolumnerna",
                     "%s · as of %s · form %s · fill in the white columns"),
                  w->snap->title, ap_date_format(w->snap->as_of, d), w->key);
    put_text(w, ws, 1, 0, ap_buf_str(&b), w->subtitle);
    keep_error(w, worksheet_merge_range(ws, 2, AP_FC_CODE, 2, AP_FC_LAST_COMMENT,
                                        TR("Aktiviteten och det senast rapporterade (låst)",
                                           "The activity and what was last reported (locked)"),
                                        w->group_locked));
    keep_error(w, worksheet_merge_range(ws, 2, AP_FC_STATUS, 2, AP_FC_COUNT - 1,
                                        TR("Din rapport (fyll i)", "Your report (fill in)"),
                                        w->group_open));
    for (int c = 0; c < AP_FC_COUNT; c++) {
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, column_widths[c], NULL);
        put_text(w, ws, AP_FORM_HEAD_ROW, (uint16_t)c, ap_form_column_label((ap_form_col)c),
                 c >= AP_FC_STATUS ? w->head_open : w->head_locked);
    }
    fit_row(w, ws, AP_FORM_HEAD_ROW, 2);
    ap_buf_free(&b);
}

static void write_rows(form_writer *w, lxw_worksheet *ws)
{
    write_rows_head(w, ws);
    uint32_t r = AP_FORM_FIRST_ROW;
    for (size_t i = 0; i < w->scope->n; i++)
        write_row(w, ws, r++, w->scope->acts[i]);
    write_validations(w, ws, AP_FORM_FIRST_ROW, r - 1);
    worksheet_freeze_panes(ws, AP_FORM_FIRST_ROW, AP_FC_TITLE + 1);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    keep_error(w, worksheet_repeat_rows(ws, AP_FORM_HEAD_ROW, AP_FORM_HEAD_ROW));
    protect(ws);
}

/* =========================================================================
 * Sheet 3 (hidden): what form this is
 * ========================================================================= */

static void id_line(form_writer *w, lxw_worksheet *ws, uint32_t r, const char *key,
                    const char *value)
{
    put_text(w, ws, r, 0, key, NULL);
    put_text(w, ws, r, 1, value, NULL);
}

/* Key-value lines in A and B, then one line per activity: "activity",
 * code, 1-based row. Text only, so that no program reformats a value. */
static void write_id(form_writer *w, lxw_worksheet *ws)
{
    char v[32], d[11];
    snprintf(v, sizeof v, "%d", AP_FORM_VERSION);
    id_line(w, ws, 0, AP_FORM_MARKER, v);
    id_line(w, ws, 1, "plan", w->snap->key);
    id_line(w, ws, 2, "form", w->key);
    id_line(w, ws, 3, "scope", w->scope->per_owner ? "owner" : "focus");
    id_line(w, ws, 4, "scope_value", w->scope->value);
    id_line(w, ws, 5, "as_of", ap_date_format(w->snap->as_of, d));
    id_line(w, ws, 6, "made_at", w->made_at);
    snprintf(v, sizeof v, "%d", AP_FORM_FIRST_ROW + 1);
    id_line(w, ws, 7, "first_row", v);
    for (size_t i = 0; i < w->scope->n; i++) {
        uint32_t r = 8 + (uint32_t)i;
        id_line(w, ws, r, "activity", w->scope->acts[i]->code);
        snprintf(v, sizeof v, "%zu", AP_FORM_FIRST_ROW + 1 + i);
        put_text(w, ws, r, 2, v, NULL);
    }
    put_text(w, ws, 0, 3,
             TR("Ändra inte: bladet talar om vilken blankett detta är.",
                "Do not change: this sheet tells which form this is."),
             NULL);
    worksheet_hide(ws);
    protect(ws);
}

/* =========================================================================
 * One workbook
 * ========================================================================= */

/* Write the workbook into at's temporary file; messages name the form's
 * real file, which is what the user asked for. */
static ap_rc write_workbook(form_writer *w, const ap_atomic *at, ap_error *err)
{
    const char *path = at->final_path;
    lxw_workbook_options wo = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    w->wb = workbook_new_opt(at->tmp_path, &wo);
    if (!w->wb)
        return ap_error_set(err, AP_E_IO, TR("kan inte skapa '%s'", "unable to create '%s'"), path);
    make_formats(w);
    ap_buf title = {0};
    scope_title(&title, w->scope);
    lxw_doc_properties props = {.title = (char *)ap_buf_str(&title),
                                .subject = (char *)TR("Uppdateringsblankett", "Update form"),
                                .author = "actionplan",
                                .company = (char *)w->snap->organisation};
    keep_error(w, workbook_set_properties(w->wb, &props));
    lxw_worksheet *info =
        workbook_add_worksheet(w->wb, TR(AP_FORM_SHEET_INFO_SV, AP_FORM_SHEET_INFO_EN));
    lxw_worksheet *rows =
        workbook_add_worksheet(w->wb, TR(AP_FORM_SHEET_ROWS_SV, AP_FORM_SHEET_ROWS_EN));
    lxw_worksheet *id = workbook_add_worksheet(w->wb, TR(AP_FORM_SHEET_ID_SV, AP_FORM_SHEET_ID_EN));
    if (info && rows && id) {
        write_info(w, info);
        write_rows(w, rows);
        write_id(w, id);
    }
    int errnum = 0;
    lxw_error closed = ap_xlw_close_quietly(w->wb, &errnum);
    ap_buf_free(&title);
    const char *full =
        closed != LXW_NO_ERROR ? ap_disk_full_reason(at->tmp_path, errnum) : NULL;
    if (!info || !rows || !id || w->err != LXW_NO_ERROR || closed != LXW_NO_ERROR)
        return ap_error_set(err, AP_E_IO,
                            TR("kan inte skriva '%s': %s", "unable to write '%s': %s"), path,
                            full ? full
                                 : lxw_strerror(closed != LXW_NO_ERROR ? closed : w->err));
    return AP_OK;
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
    ap_atomic at;
    ap_rc rc = ap_atomic_begin(&at, f->path, err);
    if (rc != AP_OK)
        return rc;
    rc = write_workbook(&w, &at, err);
    if (rc == AP_OK)
        rc = remember(s, snap, sc, f, made_at, watermark, err);
    if (rc != AP_OK) {
        ap_atomic_abort(&at);
        return rc;
    }
    return ap_atomic_commit(&at, err);
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
