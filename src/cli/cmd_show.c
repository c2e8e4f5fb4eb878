/* cmd_show.c - `actionplan show CODE`: one activity with its whole history. */
#include "actionplan/explain.h"
#include "actionplan/model.h"
#include "actionplan/json.h"
#include "actionplan/report.h"
#include "cli.h"

#include <stdlib.h>
#include <string.h>

const ap_cmd_spec cmd_show_spec = {
    .name = "show",
    .args = "CODE",
    .min_args = 1,
    .max_args = 1,
    .summary_sv = "en aktivitet med hela sin historik (rapporter, lägesändringar, beslut)",
    .summary_en = "one activity with its whole history (reports, state changes, decisions)",
    .opts = (const ap_opt[]){
        {"as-of", OPT_DATE, "D", "läget och historiken per detta datum (standard: i dag)",
         "the picture and history as of this date (default: today)", false},
        {"as-recorded", OPT_TEXT, "T",
         "som databasen visste det vid tidpunkten T (t.ex. 2026-12-02T14:05)",
         "as the database knew it at time T (e.g. 2026-12-02T14:05)", false},
        {"json", OPT_FLAG, NULL, "skriv JSON", "write JSON", false},
        {NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

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

static void print_header(ap_buf *b, const ap_ctx *ctx, const ap_snapshot *snap,
                         const ap_activity *a)
{
    char d1[11], d2[11], num[64];
    ap_buf t = {0};
    ap_buf_printf(&t, "%s  %s", a->code, a->title);
    ap_term_style(b, ctx, "bold", ap_buf_str(&t));
    ap_buf_putc(b, '\n');
    ap_buf_reset(&t);
    ap_buf_printf(&t, "%s %s › %s %s", AP_WORD(FOCUS), a->focus->code,
                  TR("insatsområde", "initiative area"), a->initiative->code);
    ap_term_style(b, ctx, "dim", ap_buf_str(&t));
    ap_buf_puts(b, "\n\n");
    ap_buf_puts(b, "  ");
    ap_buf_pad(b, "Status", 17);
    ap_term_status(b, ctx, a->eval.status, 0);
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

static void print_entry(ap_buf *b, const ap_ctx *ctx, const entry *e)
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
        ap_term_status(b, ctx, ap_status_from_color(u->color), 0);
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

static void print_history(ap_buf *b, const ap_ctx *ctx, const ap_activity *a)
{
    size_t n = a->n_updates + a->n_states + a->n_decisions + a->n_plan_edits;
    entry *list = ap_xcalloc(n + 1, sizeof *list);
    size_t k = 0;
    for (size_t i = 0; i < a->n_states; i++)
        list[k++] = (entry){a->states[i].date, a->states[i].recorded_at, 0, &a->states[i]};
    for (size_t i = 0; i < a->n_updates; i++)
        list[k++] = (entry){a->updates[i].date, a->updates[i].recorded_at, 1, &a->updates[i]};
    for (size_t i = 0; i < a->n_decisions; i++)
        list[k++] = (entry){a->decisions[i].date, a->decisions[i].recorded_at, 2, &a->decisions[i]};
    for (size_t i = 0; i < a->n_plan_edits; i++)
        list[k++] = (entry){a->plan_edits[i].date, a->plan_edits[i].recorded_at, 3,
                            &a->plan_edits[i]};
    qsort(list, n, sizeof *list, cmp_entry);
    ap_buf_printf(b, TR("\nHistorik (%zu %s)\n", "\nHistory (%zu %s)\n"), n,
                  ap_plural((long long)n, "post", "poster", "entry", "entries"));
    if (n == 0)
        ap_buf_puts(b, TR("  Inget rapporterat ännu.\n", "  Nothing reported yet.\n"));
    for (size_t i = 0; i < n; i++)
        print_entry(b, ctx, &list[i]);
    free(list);
}

ap_rc cmd_show(ap_ctx *ctx, const ap_args *args)
{
    const char *code = args->pos[0];
    ap_activity_ref ref;
    ap_rc rc = ap_store_activity_ref(ctx->store, ctx->plan_id, code, &ref, &ctx->err);
    if (rc != AP_OK)
        return rc;
    ap_snapshot_opts opts = {.as_of = ap_ctx_date(args, "as-of"),
                             .since = AP_DATE_NONE,
                             .history = true,
                             .only_activity = ref.id,
                             .include_removed = true};
    ap_snapshot *snap = NULL;
    if ((rc = ap_ctx_snapshot(ctx, args, &opts, &snap)) != AP_OK)
        return rc;
    const ap_activity *a = ap_snapshot_activity(snap, code);
    ap_buf out = {0};
    if (!a) {
        rc = ap_error_set(&ctx->err, AP_E_NOTFOUND,
                          TR("aktiviteten '%s' hör till ett borttaget insatsområde",
                             "the activity '%s' belongs to a removed initiative area"),
                          code);
    } else if (ap_args_has(args, "json")) {
        ap_json j;
        ap_json_init(&j, &out, true);
        ap_json_activity_full(&j, snap, a, true);
        ap_buf_putc(&out, '\n');
    } else {
        print_header(&out, ctx, snap, a);
        print_history(&out, ctx, a);
    }
    ap_write_escaped(stdout, ap_buf_str(&out), ctx->color); /* stored text may hold escapes */
    ap_buf_free(&out);
    ap_snapshot_free(snap);
    return rc;
}
