/* cmd_list.c - `actionplan list`: the tree with effective and rolled-up
 * colours, as text for people or JSON for scripts (the README, "Commands"). */
#include "actionplan/json.h"
#include "actionplan/text.h"
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
        ap_buf out = {0};
        ap_text_plan_tree(&out, &(ap_text_style){ctx->color, ctx->width}, snap, focus);
        ap_write_escaped(stdout, ap_buf_str(&out), ctx->color); /* stored text may hold escapes */
        ap_buf_free(&out);
    }
    ap_snapshot_free(snap);
    return rc;
}
