/* cmd_log.c - `actionplan log [CODE] [--since D] [--json]`: everything
 * recorded, in the order the database received it. */
#include "actionplan/json.h"
#include "actionplan/text.h"
#include "cli.h"

#include <stdio.h>
#include <string.h>

const ap_cmd_spec cmd_log_spec = {
    .name = "log",
    .args = "[CODE]",
    .min_args = 0,
    .max_args = 1,
    .summary_sv = "allt som registrerats, i den ordning databasen tog emot det",
    .summary_en = "everything recorded, in the order the database received it",
    .details_sv = "Rapporter, lägesändringar, beslut, mätvärden och ändringar i planfilen, med\n"
                  "vem, vad, vilket datum det gäller och vägen in (cli, csv, blankett, planfil).\n"
                  "CODE begränsar till en aktivitet eller ett mål; --since till det som\n"
                  "registrerats från och med den dagen.",
    .details_en = "Reports, state changes, decisions, measurements and plan file changes, with\n"
                  "who, what, the date it applies to and the channel (cli, csv, form, plan\n"
                  "file). CODE limits it to one activity or goal; --since to what was recorded\n"
                  "from that day on.",
    .opts = (const ap_opt[]){
        {"since", OPT_DATE, "D", "det som registrerats från och med D",
         "what was recorded from D on", false},
        {"json", OPT_FLAG, NULL, "skriv JSON", "write JSON", false},
        {NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

static void print_json(const ap_log_entry *list, size_t n)
{
    char buf[600];
    ap_json j;
    ap_json_init_file(&j, stdout, false);
    ap_json_begin_object(&j);
    ap_json_key(&j, "entries");
    ap_json_begin_array(&j);
    for (size_t i = 0; i < n; i++) {
        const ap_log_entry *e = &list[i];
        ap_json_begin_object(&j);
        ap_json_kv_int(&j, "seq", e->seq);
        ap_json_kv_string(&j, "recorded_at", e->recorded_at);
        ap_json_kv_string(&j, "kind", e->kind);
        ap_json_kv_string(&j, "code", e->code);
        ap_json_kv_date(&j, "effective", e->effective);
        ap_json_kv_string(&j, "what", ap_log_what(e, buf, sizeof buf));
        ap_json_kv_string(&j, "value", e->value);
        ap_json_kv_string(&j, "text", e->text);
        ap_json_kv_string(&j, "old", e->old_value);
        ap_json_kv_string(&j, "new", e->new_value);
        ap_json_kv_string(&j, "by", e->by);
        ap_json_kv_string(&j, "channel", ap_log_channel(e));
        ap_json_kv_string(&j, "origin", e->origin);
        ap_json_end_object(&j);
    }
    ap_json_end_array(&j);
    ap_json_end_object(&j);
    ap_json_finish(&j);
    putchar('\n');
}

ap_rc cmd_log(ap_ctx *ctx, const ap_args *args)
{
    const char *code = args->npos ? args->pos[0] : NULL;
    ap_date since = ap_args_date(args, "since");
    char utc[32] = "";
    if (since != AP_DATE_NONE)
        snprintf(utc, sizeof utc, "%sT00:00:00.000Z", ap_date_format(since, (char[11]){0}));
    ap_arena arena = {0};
    ap_log_entry *list = NULL;
    size_t n = 0;
    ap_rc rc = ap_store_log(ctx->store, ctx->plan_id, code, utc[0] ? utc : NULL, &arena, &list,
                            &n, &ctx->err);
    if (rc == AP_OK && ap_args_has(args, "json"))
        print_json(list, n);
    else if (rc == AP_OK) {
        ap_buf out = {0};
        ap_text_log(&out, list, n);
        ap_write_escaped(stdout, ap_buf_str(&out), false); /* stored text may hold escapes */
        ap_buf_free(&out);
    }
    ap_arena_free(&arena);
    return rc;
}
