/* cmd_assess.c - `actionplan assess FOCUS|plan --period P --text T`: a
 * written assessment of a focus area or of the whole plan. */
#include "actionplan/csvimport.h"
#include "cli.h"

#include <string.h>

const ap_cmd_spec cmd_assess_spec = {
    .name = "assess",
    .args = "FOCUS|plan",
    .min_args = 1,
    .max_args = 1,
    .summary_sv = "skriv en bedömning av ett fokusområde eller hela planen för en period",
    .summary_en = "write an assessment of a focus area or of the whole plan for a period",
    .details_sv = "Perioden är ett år (ÅÅÅÅ, för årsrapporten) eller datumet för den\n"
                  "styrgruppsrapport bedömningen skrivs till (ÅÅÅÅ-MM-DD). Årsrapporten visar\n"
                  "årets bedömning, styrgruppsrapporten den senaste för sitt datum eller tidigare.",
    .details_en = "The period is a year (YYYY, for the annual report) or the date of the\n"
                  "steering pack the assessment is written for (YYYY-MM-DD). The annual report\n"
                  "shows the year's assessment, the pack the latest for its date or earlier.",
    .opts = (const ap_opt[]){
        {"period", OPT_TEXT, "P", "perioden: ÅÅÅÅ eller ÅÅÅÅ-MM-DD",
         "the period: YYYY or YYYY-MM-DD", false},
        {"text", OPT_TEXT, "T", "bedömningen", "the assessment", false},
        {"date", OPT_DATE, "D", "när den skrevs (standard: i dag)",
         "when it was written (default: today)", false},
        {"by", OPT_TEXT, "WHO", "vem som skrev den (standard: inloggad användare)",
         "who wrote it (default: the login name)", false},
        {NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

ap_rc cmd_assess(ap_ctx *ctx, const ap_args *args)
{
    const char *period = ap_args_text(args, "period"), *text = ap_args_text(args, "text");
    char canonical[11];
    if (!period || !text)
        return ap_error_set(&ctx->err, AP_E_USAGE,
                            TR("%s saknas", "%s is missing"), period ? "--text" : "--period");
    if (!ap_assessment_period_parse(period, canonical))
        return ap_error_set(&ctx->err, AP_E_INPUT,
                            TR("ogiltig period '%s' (väntade ett år ÅÅÅÅ eller ett datum "
                               "ÅÅÅÅ-MM-DD)",
                               "invalid period '%s' (expected a year YYYY or a date YYYY-MM-DD)"),
                            period);
    if (!ap_utf8_valid(text, strlen(text), NULL))
        return ap_error_set(&ctx->err, AP_E_INPUT,
                            TR("--text är inte giltig UTF-8", "--text is not valid UTF-8"));
    ap_assessment a = {.scope = args->pos[0], .period = canonical,
                       .date = ap_ctx_date(args, "date"), .text = text,
                       .by = ap_ctx_signer(args), .origin = "cli"};
    ap_rc rc = ap_store_begin(ctx->store, &ctx->err);
    if (rc != AP_OK)
        return rc;
    ap_recorder r;
    ap_recorder_init(&r, ctx->store, ctx->plan_id);
    bool recorded;
    const char *bad;
    rc = ap_record_assessment(&r, &a, AP_RECORD_APPEND, &recorded, &bad, &ctx->err);
    ap_recorder_free(&r);
    if (rc == AP_OK)
        rc = ap_store_commit(ctx->store, &ctx->err);
    else
        ap_store_rollback(ctx->store);
    if (rc != AP_OK)
        return rc;
    char d[11];
    if (strcmp(a.scope, "plan") == 0)
        printf(TR("Registrerade bedömningen av hela planen för %s, skriven %s.\n",
                  "Recorded the assessment of the whole plan for %s, written %s.\n"),
               canonical, ap_date_format(a.date, d));
    else
        printf(TR("Registrerade bedömningen av fokusområde %s för %s, skriven %s.\n",
                  "Recorded the assessment of focus area %s for %s, written %s.\n"),
               a.scope, canonical, ap_date_format(a.date, d));
    return AP_OK;
}

const ap_cmd_spec cmd_assessments_import_spec = {
    .name = "assessments import",
    .args = "FILE.csv...",
    .min_args = 1,
    .max_args = -1,
    .summary_sv = "läs in bedömningar från CSV (allt eller inget)",
    .summary_en = "import assessments from CSV (all or nothing)",
    .details_sv = "Rubrikrad: fokusområde,datum,period,bedömning,av (eller focus,date,period,\n"
                  "text,by). fokusområde är ett fokusområdes nummer eller 'plan'. Samma fil två gånger\n"
                  "registrerar inget nytt.",
    .details_en = "Header: focus,date,period,text,by (or fokusområde,datum,period,bedömning,av).\n"
                  "focus is a focus area's number or 'plan'.\n"
                  "The same file twice records nothing new.",
    .opts = (const ap_opt[]){{NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

ap_rc cmd_assessments_import(ap_ctx *ctx, const ap_args *args)
{
    ap_bulk_result res;
    ap_rc rc = ap_assessments_import_csv(ctx->store, ctx->plan_id, args->pos, args->npos, &res,
                                         &ctx->err);
    if (rc != AP_OK)
        return rc;
    printf(TR("Läste %d %s: registrerade %d %s; %d fanns redan.\n",
              "Read %d %s: recorded %d %s; %d were already recorded.\n"),
           res.rows, ap_plural(res.rows, "rad", "rader", "row", "rows"), res.assessments,
           ap_plural(res.assessments, "bedömning", "bedömningar", "assessment", "assessments"),
           res.skipped);
    return AP_OK;
}
