/* cmd_decide.c - `actionplan decide CODE --decision T`: a steering-group decision. */
#include "cli.h"

#include <string.h>

const ap_cmd_spec cmd_decide_spec = {
    .name = "decide",
    .args = "CODE",
    .min_args = 1,
    .max_args = 1,
    .summary_sv = "registrera styrgruppens beslut om en aktivitet (avvikelse eller förslag)",
    .summary_en = "record the steering group's decision on an activity (deviation or proposal)",
    .details_sv = "Ett beslut att starta en föreslagen aktivitet registreras också med\n"
                  "'actionplan state CODE decided'.",
    .details_en = "A decision to start a proposed activity is also recorded with\n"
                  "'actionplan state CODE decided'.",
    .opts = (const ap_opt[]){
        {"decision", OPT_TEXT, "T", "beslutet", "the decision", false},
        {"date", OPT_DATE, "D", "beslutets datum (standard: i dag)",
         "the decision's date (default: today)", false},
        {"by", OPT_TEXT, "WHO", "vem som beslutade (standard: Styrgruppen)",
         "who decided (default: Styrgruppen)", false},
        {NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

ap_rc cmd_decide(ap_ctx *ctx, const ap_args *args)
{
    const char *decision = ap_args_text(args, "decision");
    if (ap_blank(decision))
        return ap_error_set(&ctx->err, AP_E_USAGE,
                            TR("--decision saknas", "--decision is missing"));
    if (!ap_utf8_valid(decision, strlen(decision), NULL))
        return ap_error_set(&ctx->err, AP_E_INPUT,
                            TR("--decision är inte giltig UTF-8", "--decision is not valid UTF-8"));
    const char *by = ap_args_text(args, "by");
    ap_entry e = {.code = args->pos[0], .date = ap_ctx_date(args, "date"), .decision = decision,
                  .by = by ? by : "Styrgruppen", .origin = "cli"};
    ap_record_outcome out;
    ap_rc rc = ap_ctx_record(ctx, &e, &out);
    if (rc != AP_OK)
        return rc;
    char d[11];
    printf(TR("Registrerade beslutet om %s den %s.\n", "Recorded the decision on %s on %s.\n"),
           e.code, ap_date_format(e.date, d));
    return AP_OK;
}
