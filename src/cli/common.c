/* common.c - what several commands share: dates, snapshots, terminal marks. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

ap_date ap_ctx_date(const ap_args *a, const char *name)
{
    ap_date d = ap_args_date(a, name);
    return d == AP_DATE_NONE ? ap_date_today() : d;
}

ap_rc ap_ctx_snapshot(ap_ctx *ctx, const ap_snapshot_opts *opts, ap_snapshot **out)
{
    return ap_snapshot_load(ctx->store, ctx->plan_id, opts, &ctx->cfg.rules, out, &ctx->err);
}

static const char *status_ansi(ap_status s)
{
    switch (s) {
    case AP_ST_GREEN:
    case AP_ST_COMPLETED:
        return "\033[32m";
    case AP_ST_YELLOW:
        return "\033[33m";
    case AP_ST_RED:
        return "\033[31m";
    default:
        return "\033[2m";
    }
}

/* A mark per status, distinct in shape as well as colour. */
static const char *status_mark(ap_status s)
{
    switch (s) {
    case AP_ST_GREEN: return "●";
    case AP_ST_YELLOW: return "▲";
    case AP_ST_RED: return "■";
    case AP_ST_COMPLETED: return "✓";
    case AP_ST_UNREPORTED: return "?";
    case AP_ST_EXCLUDED: return "–";
    default: return "·";
    }
}

void ap_term_status(ap_buf *b, const ap_ctx *ctx, ap_status s, int pad)
{
    const char *word = ap_status_label(s);
    int width = (int)ap_utf8_len(word) + 2;
    if (ctx->color)
        ap_buf_printf(b, "%s%s %s\033[0m", status_ansi(s), status_mark(s), word);
    else
        ap_buf_printf(b, "%s %s", status_mark(s), word);
    for (; width < pad; width++)
        ap_buf_putc(b, ' ');
}

void ap_term_style(ap_buf *b, const ap_ctx *ctx, const char *style, const char *text)
{
    static const struct {
        const char *name, *code;
    } styles[] = {{"bold", "\033[1m"}, {"dim", "\033[2m"}, {"red", "\033[31m"}};
    const char *code = NULL;
    for (size_t i = 0; i < sizeof styles / sizeof styles[0]; i++)
        if (strcmp(styles[i].name, style) == 0)
            code = styles[i].code;
    if (ctx->color && code)
        ap_buf_printf(b, "%s%s\033[0m", code, text);
    else
        ap_buf_puts(b, text);
}

const char *ap_ctx_signer(const ap_args *a)
{
    const char *by = ap_args_text(a, "by");
    if (by && *by)
        return by;
    by = getenv("USER");
    return by && *by ? by : NULL;
}

ap_rc ap_ctx_record(ap_ctx *ctx, const ap_entry *e, ap_record_outcome *out)
{
    ap_rc rc = ap_store_begin(ctx->store, &ctx->err);
    if (rc != AP_OK)
        return rc;
    ap_recorder r;
    ap_recorder_init(&r, ctx->store, ctx->plan_id);
    rc = ap_record_entry(&r, e, AP_RECORD_APPEND, out, &ctx->err);
    ap_recorder_free(&r);
    if (rc == AP_OK)
        return ap_store_commit(ctx->store, &ctx->err);
    ap_store_rollback(ctx->store);
    return rc;
}
