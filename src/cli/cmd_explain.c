/* cmd_explain.c - `actionplan explain CODE`: why it has its colour. */
#include "actionplan/explain.h"
#include "cli.h"

const ap_cmd_spec cmd_explain_spec = {
    .name = "explain",
    .args = "CODE",
    .min_args = 1,
    .max_args = 1,
    .summary_sv = "förklara varför en aktivitet, ett område eller planen har sin färg",
    .summary_en = "explain why an activity, an area or the plan has its colour",
    .details_sv = "CODE är en aktivitet (1.2.3), ett insatsområde (1.2), ett fokusområde (1)\n"
                  "eller 'plan' för hela planen.",
    .details_en = "CODE is an activity (1.2.3), an initiative area (1.2), a focus area (1)\n"
                  "or 'plan' for the whole plan.",
    .opts = (const ap_opt[]){
        {"as-of", OPT_DATE, "D", "per detta datum (standard: i dag)",
         "as of this date (default: today)", false},
        {"as-recorded", OPT_TEXT, "T",
         "som databasen visste det vid tidpunkten T (t.ex. 2026-12-02T14:05)",
         "as the database knew it at time T (e.g. 2026-12-02T14:05)", false},
        {NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

ap_rc cmd_explain(ap_ctx *ctx, const ap_args *args)
{
    ap_snapshot_opts opts = {.as_of = ap_ctx_date(args, "as-of"), .since = AP_DATE_NONE};
    ap_snapshot *snap = NULL;
    ap_rc rc = ap_ctx_snapshot(ctx, args, &opts, &snap);
    if (rc != AP_OK)
        return rc;
    ap_buf out = {0};
    rc = ap_explain(snap, args->pos[0], &out, &ctx->err);
    if (rc == AP_OK)
        ap_write_escaped(stdout, ap_buf_str(&out), ctx->color); /* stored text may hold escapes */
    ap_buf_free(&out);
    ap_snapshot_free(snap);
    return rc;
}
