/* cmd_show.c - `actionplan show CODE`: one activity with its whole history. */
#include "actionplan/json.h"
#include "actionplan/text.h"
#include "cli.h"

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
        ap_text_activity(&out, &(ap_text_style){ctx->color, ctx->width}, snap, a);
    }
    ap_write_escaped(stdout, ap_buf_str(&out), ctx->color); /* stored text may hold escapes */
    ap_buf_free(&out);
    ap_snapshot_free(snap);
    return rc;
}
