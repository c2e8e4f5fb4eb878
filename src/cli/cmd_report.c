/* cmd_report.c - `actionplan report steering` and `actionplan report annual`. */
#include "actionplan/report.h"
#include "cli.h"

#include <string.h>

const ap_cmd_spec cmd_report_steering_spec = {
    .name = "report steering",
    .max_args = 0,
    .summary_sv = "styrgruppsrapporten: Excel och PDF",
    .summary_en = "the steering-group pack: Excel and PDF",
    .details_sv = "Skriver styrgrupp-<plan>-<datum>.xlsx och .pdf. Ändringar visas sedan --since,\n"
                  "som annars är datumet för förra styrgruppsrapporten (eller tre månader).",
    .details_en = "Writes styrgrupp-<plan>-<date>.xlsx and .pdf. Changes are shown since --since,\n"
                  "by default the date of the previous steering pack (or three months).",
    .opts = (const ap_opt[]){
        {"as-of", OPT_DATE, "D", "läget per detta datum (standard: i dag)",
         "the picture as of this date (default: today)", false},
        {"since", OPT_DATE, "D", "visa ändringar efter detta datum",
         "show changes after this date", false},
        {"out", OPT_TEXT, "DIR", "katalog för filerna (standard: [report] output_dir)",
         "folder for the files (default: [report] output_dir)", false},
        {NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

const ap_cmd_spec cmd_report_annual_spec = {
    .name = "report annual",
    .max_args = 0,
    .summary_sv = "årsrapporten till kommunstyrelsen: PDF och Excel",
    .summary_en = "the annual report to the council: PDF and Excel",
    .details_sv = "Skriver arsrapport-<plan>-<år>.pdf och .xlsx med läget den 31 december.",
    .details_en = "Writes arsrapport-<plan>-<year>.pdf and .xlsx with the picture of 31 December.",
    .opts = (const ap_opt[]){
        {"year", OPT_INT, "Y", "året (obligatoriskt)", "the year (required)", false},
        {"out", OPT_TEXT, "DIR", "katalog för filerna (standard: [report] output_dir)",
         "folder for the files (default: [report] output_dir)", false},
        {NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

static const char *out_dir(const ap_ctx *ctx, const ap_args *args)
{
    const char *d = ap_args_text(args, "out");
    return d && *d ? d : ctx->cfg.output_dir;
}

ap_rc cmd_report_steering(ap_ctx *ctx, const ap_args *args)
{
    ap_date as_of = ap_ctx_date(args, "as-of");
    ap_date since = ap_args_date(args, "since");
    if (since != AP_DATE_NONE && since >= as_of) {
        char d1[11], d2[11];
        return ap_error_set(&ctx->err, AP_E_INPUT,
                            TR("--since %s ligger inte före --as-of %s",
                               "--since %s is not before --as-of %s"),
                            ap_date_format(since, d1), ap_date_format(as_of, d2));
    }
    char paths[2][4096];
    ap_rc rc = ap_report_steering(ctx->store, ctx->plan_id, &ctx->cfg, as_of, since,
                                  out_dir(ctx, args), paths, &ctx->err);
    if (rc == AP_OK)
        printf(TR("Skrev %s\nSkrev %s\n", "Wrote %s\nWrote %s\n"), paths[0], paths[1]);
    return rc;
}

ap_rc cmd_report_annual(ap_ctx *ctx, const ap_args *args)
{
    if (!ap_args_has(args, "year"))
        return ap_error_set(&ctx->err, AP_E_USAGE,
                            TR("--year saknas (t.ex. --year 2016)", "--year is missing (e.g. --year 2016)"));
    long long year = ap_args_int(args, "year", 0);
    if (year < 1900 || year > 9999)
        return ap_error_set(&ctx->err, AP_E_INPUT,
                            TR("ogiltigt år %lld (väntade t.ex. 2016)",
                               "invalid year %lld (expected e.g. 2016)"),
                            year);
    char paths[2][4096];
    ap_rc rc = ap_report_annual(ctx->store, ctx->plan_id, &ctx->cfg, (int)year,
                                out_dir(ctx, args), paths, &ctx->err);
    if (rc == AP_OK)
        printf(TR("Skrev %s\nSkrev %s\n", "Wrote %s\nWrote %s\n"), paths[0], paths[1]);
    return rc;
}
