/* cmd_state.c - `actionplan state CODE STATE`: a life-cycle change. */
#include "actionplan/rules.h"
#include "cli.h"

const ap_cmd_spec cmd_state_spec = {
    .name = "state",
    .args = "CODE STATE",
    .min_args = 2,
    .max_args = 2,
    .summary_sv = "ändra en aktivitets läge (föreslagen, beslutad, pågående, genomförd, pausad, "
                  "avbruten)",
    .summary_en = "change an activity's state (proposed, decided, ongoing, completed, paused, "
                  "cancelled)",
    .details_sv = "Tillåtna ändringar: proposed → decided, cancelled; decided → ongoing, completed,\n"
                  "paused, cancelled; ongoing → completed, paused, cancelled; paused → ongoing,\n"
                  "completed, cancelled; completed → ongoing; cancelled → proposed.",
    .details_en = "Allowed changes: proposed → decided, cancelled; decided → ongoing, completed,\n"
                  "paused, cancelled; ongoing → completed, paused, cancelled; paused → ongoing,\n"
                  "completed, cancelled; completed → ongoing; cancelled → proposed.",
    .opts = (const ap_opt[]){
        {"date", OPT_DATE, "D", "ändringens datum (standard: i dag)",
         "the change's date (default: today)", false},
        {"by", OPT_TEXT, "WHO", "vem som ändrar (standard: inloggad användare)",
         "who changes it (default: the login name)", false},
        {"note", OPT_TEXT, "T", "anteckning", "note", false},
        {NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

ap_rc cmd_state(ap_ctx *ctx, const ap_args *args)
{
    ap_entry e = {.code = args->pos[0], .date = ap_ctx_date(args, "date"), .has_state = true,
                  .note = ap_args_text(args, "note"), .by = ap_ctx_signer(args), .origin = "cli"};
    if (!ap_state_parse(args->pos[1], &e.state))
        return ap_error_set(&ctx->err, AP_E_INPUT,
                            TR("okänt läge '%s' (väntade %s)", "unknown state '%s' (expected %s)"),
                            args->pos[1], ap_state_choices());
    ap_record_outcome out;
    ap_rc rc = ap_ctx_record(ctx, &e, &out);
    if (rc != AP_OK)
        return rc;
    char d[11];
    printf(TR("Registrerade att %s är %s från och med %s.\n",
              "Recorded that %s is %s from %s.\n"),
           e.code, ap_state_label(e.state), ap_date_format(e.date, d));
    return AP_OK;
}
