/* cmd_measure.c - `actionplan measure GOAL --value V`: an indicator measurement. */
#include "actionplan/record.h"
#include "cli.h"

#include <string.h>

const ap_cmd_spec cmd_measure_spec = {
    .name = "measure",
    .args = "GOAL",
    .min_args = 1,
    .max_args = 1,
    .summary_sv = "registrera ett mätvärde för ett måls indikator",
    .summary_en = "record a measurement of a goal's indicator",
    .opts = (const ap_opt[]){
        {"value", OPT_TEXT, "V", "mätvärdet (decimaltal med punkt eller komma)",
         "the value (decimal with point or comma)", false},
        {"date", OPT_DATE, "D", "mätningens datum (standard: i dag)",
         "the measurement's date (default: today)", false},
        {"source", OPT_TEXT, "T", "källa, t.ex. SCB", "source, e.g. SCB", false},
        {"by", OPT_TEXT, "WHO", "vem som registrerar (standard: inloggad användare)",
         "who records it (default: the login name)", false},
        {NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

ap_rc cmd_measure(ap_ctx *ctx, const ap_args *args)
{
    const char *text = ap_args_text(args, "value");
    double value;
    if (!text)
        return ap_error_set(&ctx->err, AP_E_USAGE, TR("--value saknas", "--value is missing"));
    char hint[200];
    if (ap_number_ambiguous(text, hint, sizeof hint))
        return ap_error_set(&ctx->err, AP_E_INPUT,
                            TR("tvetydigt mätvärde '%s': %s", "ambiguous value '%s': %s"), text,
                            hint);
    if (!ap_parse_number(text, &value))
        return ap_error_set(&ctx->err, AP_E_INPUT,
                            TR("ogiltigt mätvärde '%s' (väntade ett tal)",
                               "invalid value '%s' (expected a number)"),
                            text);
    const char *source = ap_args_text(args, "source");
    if (source && !ap_utf8_valid(source, strlen(source), NULL))
        return ap_error_set(&ctx->err, AP_E_INPUT,
                            TR("--source är inte giltig UTF-8", "--source is not valid UTF-8"));
    ap_date date = ap_ctx_date(args, "date");
    ap_rc rc = ap_store_begin(ctx->store, &ctx->err);
    if (rc != AP_OK)
        return rc;
    ap_recorder r;
    ap_recorder_init(&r, ctx->store, ctx->plan_id);
    bool recorded;
    const char *bad;
    rc = ap_record_measurement(&r, args->pos[0], date, value, source, ap_ctx_signer(args), "cli",
                               AP_RECORD_APPEND, &recorded, &bad, &ctx->err);
    ap_recorder_free(&r);
    if (rc == AP_OK)
        rc = ap_store_commit(ctx->store, &ctx->err);
    else
        ap_store_rollback(ctx->store);
    if (rc == AP_OK) {
        char d[11];
        printf(TR("Registrerade %s = %s den %s.\n", "Recorded %s = %s on %s.\n"), args->pos[0],
               text, ap_date_format(date, d));
    }
    return rc;
}
