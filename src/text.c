/*
 * text.c - the plain-text views for a terminal or a file: the plan's tree
 * (list), one activity with its history (show), and the log of recordings
 * (log), beside explain's words (explain.c); see text.h. Front ends print
 * what these write; they hold no wording of their own.
 */
#include "actionplan/text.h"
#include "actionplan/explain.h"
#include "actionplan/i18n.h"
#include "actionplan/report.h"
#include "actionplan/status_style.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- statuses and styles ------------------------------------------------- */

static const char *status_ansi(ap_status s)
{
    switch (s) {
    case AP_ST_GREEN:
    case AP_ST_COMPLETED:
        return "\033[32m";
    case AP_ST_YELLOW:
        return "\033[33m";
    case AP_ST_RED:
        return "\033[31m";
    default:
        return "\033[2m";
    }
}

void ap_text_status(ap_buf *b, const ap_text_style *ts, ap_status s, int pad)
{
    const char *word = ap_status_label(s);
    int width = (int)ap_utf8_len(word) + 2;
    if (ts->color)
        ap_buf_printf(b, "%s%s %s\033[0m", status_ansi(s), ap_shape_glyph(ap_status_style_of(s)->shape), word);
    else
        ap_buf_printf(b, "%s %s", ap_shape_glyph(ap_status_style_of(s)->shape), word);
    for (; width < pad; width++)
        ap_buf_putc(b, ' ');
}

void ap_text_styled(ap_buf *b, const ap_text_style *ts, const char *style, const char *text)
{
    static const struct {
        const char *name, *code;
    } styles[] = {{"bold", "\033[1m"}, {"dim", "\033[2m"}, {"red", "\033[31m"}};
    const char *code = NULL;
    for (size_t i = 0; i < sizeof styles / sizeof styles[0]; i++)
        if (strcmp(styles[i].name, style) == 0)
            code = styles[i].code;
    if (ts->color && code)
        ap_buf_printf(b, "%s%s\033[0m", code, text);
    else
        ap_buf_puts(b, text);
}


/* ---- list: the plan's tree ------------------------------------------------- */

/* "46 gröna, 5 gula, 1 röd, ..." - every count, in words. */
static void counts_line(ap_buf *b, const ap_counts *c)
{
    ap_counts_words(b, c);
}

/* Append text, cut with "…" to fit `room` columns when room > 0. */
static void fit(ap_buf *b, const char *text, int room)
{
    size_t n = ap_utf8_len(text);
    if (room <= 0 || (int)n <= room) {
        ap_buf_puts(b, text);
        return;
    }
    size_t bytes = ap_utf8_prefix(text, (size_t)(room > 1 ? room - 1 : 0));
    ap_buf_append(b, text, bytes);
    ap_buf_puts(b, "…");
}

static void activity_line(ap_buf *b, const ap_text_style *ts, const ap_activity *a)
{
    char due[11];
    ap_buf_printf(b, "      %-9s ", a->code);
    ap_text_status(b, ts, a->eval.status, 17);
    ap_buf tail = {0};
    ap_buf_printf(&tail, "  %s", a->owner);
    if (a->due != AP_DATE_NONE)
        ap_buf_printf(&tail, TR(", t.o.m. %s", ", due %s"), ap_date_format(a->due, due));
    if (a->eval.overdue)
        ap_buf_printf(&tail, " [%s]", TR("försenad", "overdue"));
    if (a->eval.stale)
        ap_buf_printf(&tail, " [%s]", TR("inaktuell", "stale"));
    if (ap_activity_cause_missing(a))
        ap_buf_printf(&tail, " [%s]", TR("orsak saknas", "cause missing"));
    int used = 6 + 10 + 17;
    int room = ts->width ? ts->width - used - (int)ap_utf8_len(ap_buf_str(&tail)) : 0;
    fit(b, a->title, ts->width ? (room < 20 ? 20 : room) : 0);
    ap_text_styled(b, ts, "dim", ap_buf_str(&tail));
    ap_buf_putc(b, '\n');
    ap_buf_free(&tail);
}

static void node_line(ap_buf *b, const ap_text_style *ts, int indent, const char *code,
                      const ap_rollup *r, const char *title, bool bold)
{
    ap_buf_printf(b, "%*s%-*s ", indent, "", 15 - indent, code);
    ap_text_status(b, ts, r->status, 17);
    int room = ts->width ? ts->width - 15 - 1 - 17 : 0;
    ap_buf t = {0};
    fit(&t, title, room);
    ap_text_styled(b, ts, bold ? "bold" : "", ap_buf_str(&t));
    ap_buf_free(&t);
    ap_buf_putc(b, '\n');
}

void ap_text_plan_tree(ap_buf *out, const ap_text_style *ts, const ap_snapshot *snap,
                       const char *focus)
{
    ap_buf b = {0};
    char d[11];
    ap_buf tmp = {0};
    ap_buf_printf(&tmp, TR("%s – läget per %s", "%s – as of %s"), snap->title,
                  ap_date_format(snap->as_of, d));
    ap_text_styled(&b, ts, "bold", ap_buf_str(&tmp));
    ap_buf_puts(&b, "\n");
    ap_buf_printf(&b, "%-15s ", TR("Hela planen", "Whole plan"));
    ap_text_status(&b, ts, snap->rollup.status, 17);
    ap_buf_reset(&tmp);
    counts_line(&tmp, &snap->rollup.counts);
    ap_text_styled(&b, ts, "dim", ap_buf_str(&tmp));
    ap_buf_puts(&b, "\n");
    for (size_t f = 0; f < snap->n_focus; f++) {
        const ap_focus *fa = &snap->focus[f];
        if (focus && strcmp(focus, fa->code) != 0)
            continue;
        ap_buf_putc(&b, '\n');
        node_line(&b, ts, 0, fa->code, &fa->rollup, fa->title, true);
        ap_buf_reset(&tmp);
        ap_buf_printf(&tmp, "%16s", "");
        counts_line(&tmp, &fa->rollup.counts);
        ap_text_styled(&b, ts, "dim", ap_buf_str(&tmp));
        ap_buf_putc(&b, '\n');
        for (size_t i = 0; i < fa->n_initiatives; i++) {
            const ap_initiative *in = fa->initiatives[i];
            node_line(&b, ts, 3, in->code, &in->rollup, in->title, false);
            for (size_t k = 0; k < in->n_activities; k++)
                if (!in->activities[k]->removed)
                    activity_line(&b, ts, in->activities[k]);
        }
    }
    ap_buf_append(out, b.p, b.len);
    ap_buf_free(&b);
    ap_buf_free(&tmp);
}


/* ---- show: one activity and its history ------------------------------------ */

/* One history entry of any kind, for the merged, dated list. */
typedef struct entry {
    ap_date date;
    const char *recorded_at;
    int kind; /* 0 state, 1 update, 2 decision, 3 plan change */
    const void *item;
} entry;

static int cmp_entry(const void *x, const void *y)
{
    const entry *a = x, *b = y;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    int r = strcmp(a->recorded_at ? a->recorded_at : "", b->recorded_at ? b->recorded_at : "");
    if (r)
        return r;
    return a->kind - b->kind;
}

static void print_field(ap_buf *b, const char *label, const char *value)
{
    if (value && *value) {
        ap_buf_puts(b, "  ");
        ap_buf_pad(b, label, 17);
        ap_buf_indented(b, value, 19);
        ap_buf_putc(b, '\n');
    }
}

static void activity_header(ap_buf *b, const ap_text_style *ts, const ap_snapshot *snap,
                         const ap_activity *a)
{
    char d1[11], d2[11], num[64];
    ap_buf t = {0};
    ap_buf_printf(&t, "%s  %s", a->code, a->title);
    ap_text_styled(b, ts, "bold", ap_buf_str(&t));
    ap_buf_putc(b, '\n');
    ap_buf_reset(&t);
    ap_buf_printf(&t, "%s %s › %s %s", AP_WORD(FOCUS), a->focus->code,
                  TR("insatsområde", "initiative area"), a->initiative->code);
    ap_text_styled(b, ts, "dim", ap_buf_str(&t));
    ap_buf_puts(b, "\n\n");
    ap_buf_puts(b, "  ");
    ap_buf_pad(b, "Status", 17);
    ap_text_status(b, ts, a->eval.status, 0);
    ap_buf reason = {0};
    ap_explain_activity_short(snap, a, &reason);
    if (reason.len)
        ap_buf_printf(b, "  (%s)", ap_buf_str(&reason));
    ap_buf_printf(b, TR("  per %s\n", "  as of %s\n"), ap_date_format(snap->as_of, d1));
    ap_buf_reset(&t);
    ap_buf_puts(&t, ap_state_label(a->state));
    if (a->state_since != AP_DATE_NONE)
        ap_buf_printf(&t, TR(" sedan %s", " since %s"), ap_date_format(a->state_since, d1));
    print_field(b, AP_WORD(STATE), ap_buf_str(&t));
    print_field(b, AP_WORD(OWNER), a->owner);
    print_field(b, AP_WORD(RESPONSIBLE), a->responsible);
    ap_buf_reset(&t);
    for (size_t i = 0; i < a->n_participants; i++)
        ap_buf_printf(&t, "%s%s", i ? ", " : "", a->participants[i]);
    print_field(b, AP_WORD(PARTICIPANTS), ap_buf_str(&t));
    ap_buf_reset(&t);
    if (a->start != AP_DATE_NONE || a->due != AP_DATE_NONE)
        ap_buf_printf(&t, "%s – %s", ap_date_format(a->start, d1), ap_date_format(a->due, d2));
    print_field(b, TR("Tid", "Period"), ap_buf_str(&t));
    ap_buf_reset(&t);
    for (size_t i = 0; i < a->n_goals; i++)
        ap_buf_printf(&t, "%s%s", i ? ", " : "", a->goal_codes[i]);
    print_field(b, TR("Mål", "Goals"), ap_buf_str(&t));
    ap_buf_reset(&t);
    for (size_t i = 0; i < a->n_sdgs; i++)
        ap_buf_printf(&t, "%s%d", i ? ", " : "", a->sdgs[i]);
    print_field(b, TR("Globala mål", "SDGs"), ap_buf_str(&t));
    if (a->budget >= 0 || a->spent > 0) {
        char b1[32], b2[32];
        snprintf(num, sizeof num, TR("%s kr budget, %s kr förbrukat", "SEK %s budget, SEK %s spent"),
                 ap_format_grouped(a->budget < 0 ? 0 : a->budget, " ", b1, sizeof b1),
                 ap_format_grouped(a->spent, " ", b2, sizeof b2));
        print_field(b, AP_WORD(COST), num);
    }
    if (a->weight != 1) {
        snprintf(num, sizeof num, "%d", a->weight);
        print_field(b, TR("Vikt", "Weight"), num);
    }
    if (a->removed)
        print_field(b, TR("Obs", "Note"), TR("borttagen ur planfilen", "removed from the plan file"));
    ap_buf_free(&t);
    ap_buf_free(&reason);
}

static void print_entry(ap_buf *b, const ap_text_style *ts, const entry *e)
{
    char d[11];
    ap_buf_printf(b, "  %s  ", ap_date_format(e->date, d));
    if (e->kind == 0) {
        const ap_state_change *c = e->item;
        ap_buf_pad(b, AP_WORD(STATE), 9);
        ap_buf_printf(b, "%s → %s", ap_state_label(c->from), ap_state_label(c->to));
        if (c->note)
            ap_buf_printf(b, ": %s", c->note);
        if (c->by)
            ap_buf_printf(b, TR(" (%s)", " (%s)"), c->by);
    } else if (e->kind == 1) {
        const ap_update *u = e->item;
        ap_buf_pad(b, TR("Rapport", "Report"), 9);
        ap_text_status(b, ts, ap_status_from_color(u->color), 0);
        if (u->progress >= 0)
            ap_buf_printf(b, " %d %%", u->progress);
        if (u->by)
            ap_buf_printf(b, " (%s)", u->by);
        if (u->comment) {
            ap_buf_printf(b, "\n%23s", "");
            ap_buf_indented(b, u->comment, 23);
        }
        if (u->cause)
            ap_buf_printf(b, TR("\n%23sOrsak: %s", "\n%23sCause: %s"), "", u->cause);
        else if (u->color != AP_COLOR_GREEN)
            ap_buf_printf(b, TR("\n%23sOrsak saknas", "\n%23sCause missing"), "");
        if (u->action)
            ap_buf_printf(b, TR("\n%23sÅtgärd: %s", "\n%23sAction: %s"), "", u->action);
        char amount[32];
        if (u->cost >= 0)
            ap_buf_printf(b, TR("\n%23sKostnad: %s kr", "\n%23sCost: SEK %s"), "",
                          ap_format_grouped(u->cost, " ", amount, sizeof amount));
    } else if (e->kind == 2) {
        const ap_decision *dc = e->item;
        ap_buf_pad(b, TR("Beslut", "Decision"), 9);
        ap_buf_indented(b, dc->text, 23);
        if (dc->by)
            ap_buf_printf(b, " (%s)", dc->by);
    } else {
        const ap_change *c = e->item;
        char words[600];
        ap_buf_pad(b, TR("Plan", "Plan"), 9);
        ap_buf_indented(b, ap_change_fromto(c, words, sizeof words), 23);
        ap_buf_printf(b, TR(" (%s, registrerad %.10s)", " (%s, recorded %.10s)"),
                      c->by && *c->by ? c->by : TR("planfilen", "the plan file"),
                      c->recorded_at ? c->recorded_at : "");
    }
    ap_buf_putc(b, '\n');
}

static void activity_history(ap_buf *b, const ap_text_style *ts, const ap_activity *a)
{
    const ap_activity_history *h = a->history;
    size_t n = h->n_updates + h->n_states + h->n_decisions + h->n_plan_edits;
    entry *list = ap_xcalloc(n + 1, sizeof *list);
    size_t k = 0;
    for (size_t i = 0; i < h->n_states; i++)
        list[k++] = (entry){h->states[i].date, h->states[i].recorded_at, 0, &h->states[i]};
    for (size_t i = 0; i < h->n_updates; i++)
        list[k++] = (entry){h->updates[i].date, h->updates[i].recorded_at, 1, &h->updates[i]};
    for (size_t i = 0; i < h->n_decisions; i++)
        list[k++] = (entry){h->decisions[i].date, h->decisions[i].recorded_at, 2, &h->decisions[i]};
    for (size_t i = 0; i < h->n_plan_edits; i++)
        list[k++] = (entry){h->plan_edits[i].date, h->plan_edits[i].recorded_at, 3,
                            &h->plan_edits[i]};
    qsort(list, n, sizeof *list, cmp_entry);
    ap_buf_printf(b, TR("\nHistorik (%zu %s)\n", "\nHistory (%zu %s)\n"), n,
                  ap_plural((long long)n, "post", "poster", "entry", "entries"));
    if (n == 0)
        ap_buf_puts(b, TR("  Inget rapporterat ännu.\n", "  Nothing reported yet.\n"));
    for (size_t i = 0; i < n; i++)
        print_entry(b, ts, &list[i]);
    free(list);
}


void ap_text_activity(ap_buf *out, const ap_text_style *ts, const ap_snapshot *snap,
                      const ap_activity *a)
{
    activity_header(out, ts, snap, a);
    activity_history(out, ts, a);
}

/* ---- log: everything recorded, in the order received ----------------------- */

/* The way an entry came in, from its origin. */
const char *ap_log_channel(const ap_log_entry *e)
{
    const char *o = e->origin ? e->origin : "";
    if (strcmp(e->kind, "plan") == 0 || strcmp(o, "plan file") == 0)
        return "plan file";
    if (strncmp(o, "form", 4) == 0)
        return "form";
    if (strstr(o, ".csv") || strstr(o, ".CSV"))
        return "csv";
    if (strcmp(o, "web") == 0)
        return "web";
    return "cli";
}

static const char *channel_word(const char *ch)
{
    return strcmp(ch, "plan file") == 0 ? TR("planfil", "plan file")
           : strcmp(ch, "form") == 0    ? TR("blankett", "form")
                                        : ch;
}

/* What the entry says, in words: "Gul", "Pågående", the decision, a plan
 * change "Slutdatum 2026-09-30 → 2027-06-30". */
const char *ap_log_what(const ap_log_entry *e, char *buf, size_t size)
{
    if (strcmp(e->kind, "status") == 0) {
        ap_color c = AP_COLOR_NONE;
        ap_color_parse(e->value, &c);
        return ap_color_label(c);
    }
    if (strcmp(e->kind, "state") == 0) {
        ap_state s = AP_STATE_DECIDED;
        ap_state_parse(e->value, &s);
        return ap_state_label(s);
    }
    if (strcmp(e->kind, "plan") == 0) {
        ap_change c = {.kind = AP_CHANGE_PLAN,
                       .field = e->text,
                       .old_value = e->old_value,
                       .new_value = e->new_value};
        return ap_change_fromto(&c, buf, size);
    }
    return e->value ? e->value : "";
}

static const char *kind_word(const char *kind)
{
    static const struct { const char *kind, *sv, *en; } words[] = {
        {"status", "rapport", "report"},     {"state", "läge", "state"},
        {"decision", "beslut", "decision"},  {"measurement", "mätvärde", "measurement"},
        {"plan", "plan", "plan"},
    };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcmp(words[i].kind, kind) == 0)
            return TR(words[i].sv, words[i].en);
    return kind;
}

void ap_text_log(ap_buf *out, const ap_log_entry *list, size_t n)
{
    char d[11], buf[600];
    if (n == 0)
        ap_buf_puts(out, TR("Inget registrerat.\n", "Nothing recorded.\n"));
    for (size_t i = 0; i < n; i++) {
        const ap_log_entry *e = &list[i];
        ap_buf_printf(out, "%.19s  %-8s  %-10s  %s", e->recorded_at ? e->recorded_at : "",
                      e->code, kind_word(e->kind), ap_log_what(e, buf, sizeof buf));
        if (e->effective != AP_DATE_NONE)
            ap_buf_printf(out, TR(", gäller %s", ", applies %s"), ap_date_format(e->effective, d));
        if (e->text && strcmp(e->kind, "plan") != 0)
            ap_buf_printf(out, ": %s", e->text);
        if (e->by)
            ap_buf_printf(out, TR(" (av %s)", " (by %s)"), e->by);
        ap_buf_printf(out, "  [%s]\n", channel_word(ap_log_channel(e)));
    }
}

