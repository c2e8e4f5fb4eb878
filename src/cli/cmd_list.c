/* cmd_list.c - `actionplan list`: the tree with effective and rolled-up
 * colours, as text for people or JSON for scripts (the README, "Commands"). */
#include "actionplan/json.h"
#include "cli.h"

#include <string.h>

const ap_cmd_spec cmd_list_spec = {
    .name = "list",
    .max_args = 0,
    .summary_sv = "planens träd med status per aktivitet och sammanvägd status per nivå",
    .summary_en = "the plan's tree with each activity's status and each node's roll-up",
    .opts = (const ap_opt[]){
        {"as-of", OPT_DATE, "D", "läget per detta datum (standard: i dag)",
         "the picture as of this date (default: today)", false},
        {"as-recorded", OPT_TEXT, "T",
         "som databasen visste det vid tidpunkten T (t.ex. 2026-12-02T14:05)",
         "as the database knew it at time T (e.g. 2026-12-02T14:05)", false},
        {"focus", OPT_TEXT, "N", "bara fokusområde N", "only focus area N", false},
        {"json", OPT_FLAG, NULL, "skriv JSON (README beskriver nycklarna)",
         "write JSON (the README says its keys)", false},
        {NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

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

static void activity_line(ap_buf *b, const ap_ctx *ctx, const ap_activity *a)
{
    char due[11];
    ap_buf_printf(b, "      %-9s ", a->code);
    ap_term_status(b, ctx, a->eval.status, 17);
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
    int room = ctx->width ? ctx->width - used - (int)ap_utf8_len(ap_buf_str(&tail)) : 0;
    fit(b, a->title, ctx->width ? (room < 20 ? 20 : room) : 0);
    ap_term_style(b, ctx, "dim", ap_buf_str(&tail));
    ap_buf_putc(b, '\n');
    ap_buf_free(&tail);
}

static void node_line(ap_buf *b, const ap_ctx *ctx, int indent, const char *code,
                      const ap_rollup *r, const char *title, bool bold)
{
    ap_buf_printf(b, "%*s%-*s ", indent, "", 15 - indent, code);
    ap_term_status(b, ctx, r->status, 17);
    int room = ctx->width ? ctx->width - 15 - 1 - 17 : 0;
    ap_buf t = {0};
    fit(&t, title, room);
    ap_term_style(b, ctx, bold ? "bold" : "", ap_buf_str(&t));
    ap_buf_free(&t);
    ap_buf_putc(b, '\n');
}

static void print_tree(const ap_ctx *ctx, const ap_snapshot *snap, const char *focus)
{
    ap_buf b = {0};
    char d[11];
    ap_buf tmp = {0};
    ap_buf_printf(&tmp, TR("%s – läget per %s", "%s – as of %s"), snap->title,
                  ap_date_format(snap->as_of, d));
    ap_term_style(&b, ctx, "bold", ap_buf_str(&tmp));
    ap_buf_puts(&b, "\n");
    ap_buf_printf(&b, "%-15s ", TR("Hela planen", "Whole plan"));
    ap_term_status(&b, ctx, snap->rollup.status, 17);
    ap_buf_reset(&tmp);
    counts_line(&tmp, &snap->rollup.counts);
    ap_term_style(&b, ctx, "dim", ap_buf_str(&tmp));
    ap_buf_puts(&b, "\n");
    for (size_t f = 0; f < snap->n_focus; f++) {
        const ap_focus *fa = &snap->focus[f];
        if (focus && strcmp(focus, fa->code) != 0)
            continue;
        ap_buf_putc(&b, '\n');
        node_line(&b, ctx, 0, fa->code, &fa->rollup, fa->title, true);
        ap_buf_reset(&tmp);
        ap_buf_printf(&tmp, "%16s", "");
        counts_line(&tmp, &fa->rollup.counts);
        ap_term_style(&b, ctx, "dim", ap_buf_str(&tmp));
        ap_buf_putc(&b, '\n');
        for (size_t i = 0; i < fa->n_initiatives; i++) {
            const ap_initiative *in = fa->initiatives[i];
            node_line(&b, ctx, 3, in->code, &in->rollup, in->title, false);
            for (size_t k = 0; k < in->n_activities; k++)
                if (!in->activities[k]->removed)
                    activity_line(&b, ctx, in->activities[k]);
        }
    }
    ap_write_escaped(stdout, ap_buf_str(&b), ctx->color); /* stored text may hold escapes */
    ap_buf_free(&b);
    ap_buf_free(&tmp);
}

ap_rc cmd_list(ap_ctx *ctx, const ap_args *args)
{
    const char *focus = ap_args_text(args, "focus");
    ap_snapshot_opts opts = {.as_of = ap_ctx_date(args, "as-of"), .since = AP_DATE_NONE};
    ap_snapshot *snap = NULL;
    ap_rc rc = ap_ctx_snapshot(ctx, args, &opts, &snap);
    if (rc != AP_OK)
        return rc;
    ap_warn_outside_period(snap->period, snap->as_of);
    if (focus && !ap_snapshot_focus(snap, focus)) {
        ap_buf codes = {0};
        for (size_t i = 0; i < snap->n_focus; i++)
            ap_buf_printf(&codes, "%s%s", i ? ", " : "", snap->focus[i].code);
        rc = ap_error_set(&ctx->err, AP_E_NOTFOUND,
                          TR("det finns inget fokusområde '%s' (planen har %s)",
                             "there is no focus area '%s' (the plan has %s)"),
                          focus, ap_buf_str(&codes));
        ap_buf_free(&codes);
    } else if (ap_args_has(args, "json")) {
        ap_json j;
        ap_json_init_file(&j, stdout, true);
        ap_json_plan(&j, snap, focus, true);
        ap_buf_putc(j.out, '\n');
        /* a failed write is told by main, as for every command */
        (void)ap_json_finish(&j);
    } else {
        print_tree(ctx, snap, focus);
    }
    ap_snapshot_free(snap);
    return rc;
}
