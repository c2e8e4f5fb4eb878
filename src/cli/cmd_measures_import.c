/* cmd_measures_import.c - `actionplan measures import FILE.csv...`. */
#include "actionplan/csvimport.h"
#include "cli.h"

const ap_cmd_spec cmd_measures_import_spec = {
    .name = "measures import",
    .args = "FILE.csv...",
    .min_args = 1,
    .max_args = -1,
    .summary_sv = "läs in mätvärden för målens indikatorer från CSV (allt eller inget)",
    .summary_en = "import measurements of the goals' indicators from CSV (all or nothing)",
    .details_sv = "Rubrikrad: mål,datum,värde,källa,av (eller goal,date,value,source,by).\n"
                  "Samma fil två gånger registrerar inget nytt.",
    .details_en = "Header: goal,date,value,source,by (or mål,datum,värde,källa,av).\n"
                  "The same file twice records nothing new.",
    .opts = (const ap_opt[]){{NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

ap_rc cmd_measures_import(ap_ctx *ctx, const ap_args *args)
{
    ap_bulk_result res;
    ap_rc rc = ap_measures_import_csv(ctx->store, ctx->plan_id, args->pos, args->npos, &res,
                                      &ctx->err);
    if (rc != AP_OK)
        return rc;
    printf(TR("Läste %d %s: registrerade %d %s; %d fanns redan.\n",
              "Read %d %s: recorded %d %s; %d were already recorded.\n"),
           res.rows, ap_plural(res.rows, "rad", "rader", "row", "rows"), res.measurements,
           ap_plural(res.measurements, "mätvärde", "mätvärden", "measurement", "measurements"),
           res.skipped);
    return AP_OK;
}
