/* cmd_update.c - `actionplan update CODE --status S ...`: a status update. */
#include "cli.h"

#include <string.h>

const ap_cmd_spec cmd_update_spec = {
    .name = "update",
    .args = "CODE",
    .min_args = 1,
    .max_args = 1,
    .summary_sv = "rapportera status för en aktivitet (grön, gul eller röd)",
    .summary_en = "report an activity's status (green, yellow or red)",
    .details_sv = "Rapporten läggs till i historiken; inget skrivs över. En gul eller röd rapport\n"
                  "utan --cause tas emot men visas som \"orsak saknas\" i rapporterna.",
    .details_en = "The report is appended to the history; nothing is overwritten. A yellow or red\n"
                  "report without --cause is accepted but shown as \"cause missing\" in reports.",
    .opts = (const ap_opt[]){
        {"status", OPT_TEXT, "S", "grön, gul, röd (eller green, yellow, red)",
         "green, yellow, red (or grön, gul, röd)", false},
        {"date", OPT_DATE, "D", "rapportens datum (standard: i dag)",
         "the report's date (default: today)", false},
        {"by", OPT_TEXT, "WHO", "vem som rapporterar (standard: inloggad användare)",
         "who reports (default: the login name)", false},
        {"progress", OPT_TEXT, "P", "hur långt arbetet har kommit, 0-100 (60, 60% eller 60 %)",
         "how far the work has come, 0-100 (60, 60% or 60 %)", false},
        {"comment", OPT_TEXT, "T", "kommentar", "comment", false},
        {"cause", OPT_TEXT, "T", "orsak till avvikelsen (gul/röd)",
         "cause of the deviation (yellow/red)", false},
        {"action", OPT_TEXT, "T", "rekommenderad åtgärd", "recommended action", false},
        {"cost", OPT_INT, "SEK", "kostnad sedan förra rapporten, hela kronor",
         "cost since the previous report, whole SEK", false},
        {NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

/* Check an optional text option: valid UTF-8 (the shell may pass anything). */
static ap_rc check_text(ap_ctx *ctx, const ap_args *args, const char *name)
{
    const char *t = ap_args_text(args, name);
    if (t && !ap_utf8_valid(t, strlen(t), NULL))
        return ap_error_set(&ctx->err, AP_E_INPUT,
                            TR("--%s är inte giltig UTF-8", "--%s is not valid UTF-8"), name);
    return AP_OK;
}

ap_rc cmd_update(ap_ctx *ctx, const ap_args *args)
{
    const char *status = ap_args_text(args, "status");
    ap_entry e = {.code = args->pos[0], .date = ap_ctx_date(args, "date"), .has_update = true,
                  .by = ap_ctx_signer(args), .origin = "cli"};
    if (!status)
        return ap_error_set(&ctx->err, AP_E_USAGE,
                            TR("--status saknas (grön, gul eller röd)",
                               "--status is missing (green, yellow or red)"));
    if (!ap_color_parse(status, &e.update.color))
        return ap_error_set(&ctx->err, AP_E_INPUT,
                            TR("ogiltig status '%s' (väntade grön, gul eller röd)",
                               "invalid status '%s' (expected green, yellow or red)"),
                            status);
    /* the same words as CSV and forms: "60", "60%", "60 %" */
    const char *progress_text = ap_args_text(args, "progress");
    long long progress = -1;
    if (progress_text && !ap_parse_amount(progress_text, 100, &progress))
        return ap_error_set(&ctx->err, AP_E_INPUT,
                            TR("ogiltig --progress '%s' (väntade 0-100, t.ex. 60 eller 60 %%)",
                               "invalid --progress '%s' (expected 0-100, e.g. 60 or 60 %%)"),
                            progress_text);
    long long cost = ap_args_int(args, "cost", -1);
    if (ap_args_has(args, "cost") && cost < 0)
        return ap_error_set(&ctx->err, AP_E_INPUT,
                            TR("ogiltig --cost %lld (väntade hela kronor, 0 eller mer)",
                               "invalid --cost %lld (expected whole SEK, 0 or more)"),
                            cost);
    const char *texts[] = {"comment", "cause", "action", "by"};
    for (int i = 0; i < 4; i++) {
        ap_rc rc = check_text(ctx, args, texts[i]);
        if (rc != AP_OK)
            return rc;
    }
    e.update.progress = (int)progress;
    e.update.cost = cost;
    e.update.comment = ap_args_text(args, "comment");
    e.update.cause = ap_args_text(args, "cause");
    e.update.action = ap_args_text(args, "action");
    ap_record_outcome out;
    ap_rc rc = ap_ctx_record(ctx, &e, &out);
    if (rc != AP_OK)
        return rc;
    char d[11];
    printf(TR("Registrerade %s för %s den %s.\n", "Recorded %s for %s on %s.\n"),
           ap_color_label(e.update.color), e.code, ap_date_format(e.date, d));
    if (e.update.color != AP_COLOR_GREEN && ap_blank(e.update.cause))
        printf(TR("Obs: ingen orsak angiven (--cause); rapporterna visar \"orsak saknas\".\n",
                  "Note: no cause given (--cause); the reports show \"cause missing\".\n"));
    return AP_OK;
}
