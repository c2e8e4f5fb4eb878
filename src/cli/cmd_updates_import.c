/* cmd_updates_import.c - `actionplan updates import FILE.csv...`. */
#include "actionplan/csvimport.h"
#include "cli.h"

const ap_cmd_spec cmd_updates_import_spec = {
    .name = "updates import",
    .args = "FILE.csv...",
    .min_args = 1,
    .max_args = -1,
    .summary_sv = "läs in statusrapporter från CSV (allt eller inget)",
    .summary_en = "import status updates from CSV (all or nothing)",
    .details_sv = "Rubrikrad: kod,datum,status,framsteg,kommentar,orsak,åtgärd,av och valfritt\n"
                  "läge, kostnad och beslut (eller på engelska: code,date,status,progress,comment,\n"
                  "cause,action,by,state,cost,decision). Avgränsare ',' eller ';', UTF-8 (med\n"
                  "eller utan BOM).\n"
                  "Samma fil två gånger registrerar inget nytt.",
    .details_en = "Header: code,date,status,progress,comment,cause,action,by and optionally\n"
                  "state, cost and decision (or in Swedish: kod,datum,status,framsteg,kommentar,\n"
                  "orsak,åtgärd,av,läge,kostnad,beslut). Separator ',' or ';', UTF-8 (with or\n"
                  "without BOM).\n"
                  "The same file twice records nothing new.",
    .opts = (const ap_opt[]){{NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

ap_rc cmd_updates_import(ap_ctx *ctx, const ap_args *args)
{
    ap_bulk_result res;
    ap_rc rc = ap_updates_import_csv(ctx->store, ctx->plan_id, args->pos, args->npos, &res,
                                     &ctx->err);
    if (rc != AP_OK)
        return rc;
    printf(TR("Läste %d %s: registrerade %d %s, %d %s och %d %s; %d fanns redan.\n",
              "Read %d %s: recorded %d %s, %d %s and %d %s; %d were already recorded.\n"),
           res.rows, ap_plural(res.rows, "rad", "rader", "row", "rows"), res.updates,
           ap_plural(res.updates, "rapport", "rapporter", "report", "reports"), res.states,
           ap_plural(res.states, "lägesändring", "lägesändringar", "state change", "state changes"),
           res.decisions, ap_plural(res.decisions, "beslut", "beslut", "decision", "decisions"),
           res.skipped);
    return AP_OK;
}
