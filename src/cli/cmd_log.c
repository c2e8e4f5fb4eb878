/* cmd_log.c - `actionplan log [CODE] [--since D] [--json]`: everything
 * recorded, in the order the database received it. */
#include "actionplan/json.h"
#include "actionplan/report.h"
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

/* The way an entry came in, from its origin. */
static const char *channel(const ap_log_entry *e)
{
    const char *o = e->origin ? e->origin : "";
    if (strcmp(e->kind, "plan") == 0 || strcmp(o, "plan file") == 0)
        return "plan file";
    if (strncmp(o, "form", 4) == 0)
        return "form";
    if (strstr(o, ".csv") || strstr(o, ".CSV"))
        return "csv";
    if (strcmp(o, "web") == 0)
        return "web";
    return "cli";
}

static const char *channel_word(const char *ch)
{
    return strcmp(ch, "plan file") == 0 ? TR("planfil", "plan file")
           : strcmp(ch, "form") == 0    ? TR("blankett", "form")
                                        : ch;
}

/* What the entry says, in words: "Gul", "Pågående", the decision, a plan
 * change "Slutdatum 2026-09-30 → 2027-06-30". */
static const char *what(const ap_log_entry *e, char *buf, size_t size)
{
    if (strcmp(e->kind, "status") == 0) {
        ap_color c = AP_COLOR_NONE;
        ap_color_parse(e->value, &c);
        return ap_color_label(c);
    }
    if (strcmp(e->kind, "state") == 0) {
        ap_state s = AP_STATE_DECIDED;
        ap_state_parse(e->value, &s);
        return ap_state_label(s);
    }
    if (strcmp(e->kind, "plan") == 0) {
        ap_change c = {.kind = AP_CHANGE_PLAN,
                       .field = e->text,
                       .old_value = e->old_value,
                       .new_value = e->new_value};
        return ap_change_fromto(&c, buf, size);
    }
    return e->value ? e->value : "";
}

static const char *kind_word(const char *kind)
{
    static const struct { const char *kind, *sv, *en; } words[] = {
        {"status", "rapport", "report"},     {"state", "läge", "state"},
        {"decision", "beslut", "decision"},  {"measurement", "mätvärde", "measurement"},
        {"plan", "plan", "plan"},
    };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcmp(words[i].kind, kind) == 0)
            return TR(words[i].sv, words[i].en);
    return kind;
}

static void print_text(const ap_log_entry *list, size_t n)
{
    char d[11], buf[600];
    if (n == 0)
        printf(TR("Inget registrerat.\n", "Nothing recorded.\n"));
    for (size_t i = 0; i < n; i++) {
        const ap_log_entry *e = &list[i];
        ap_buf line = {0};
        ap_buf_printf(&line, "%.19s  %-8s  %-10s  %s", e->recorded_at ? e->recorded_at : "",
                      e->code, kind_word(e->kind), what(e, buf, sizeof buf));
        if (e->effective != AP_DATE_NONE)
            ap_buf_printf(&line, TR(", gäller %s", ", applies %s"), ap_date_format(e->effective, d));
        if (e->text && strcmp(e->kind, "plan") != 0)
            ap_buf_printf(&line, ": %s", e->text);
        if (e->by)
            ap_buf_printf(&line, TR(" (av %s)", " (by %s)"), e->by);
        ap_buf_printf(&line, "  [%s]\n", channel_word(channel(e)));
        ap_write_escaped(stdout, ap_buf_str(&line), false);
        ap_buf_free(&line);
    }
}

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
        ap_json_kv_string(&j, "what", what(e, buf, sizeof buf));
        ap_json_kv_string(&j, "value", e->value);
        ap_json_kv_string(&j, "text", e->text);
        ap_json_kv_string(&j, "old", e->old_value);
        ap_json_kv_string(&j, "new", e->new_value);
        ap_json_kv_string(&j, "by", e->by);
        ap_json_kv_string(&j, "channel", channel(e));
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
    else if (rc == AP_OK)
        print_text(list, n);
    ap_arena_free(&arena);
    return rc;
}
