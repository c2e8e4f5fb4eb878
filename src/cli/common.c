/* common.c - what several commands share: dates, snapshots, terminal marks. */
#include "actionplan/planfile.h"
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

ap_date ap_ctx_date(const ap_args *a, const char *name)
{
    ap_date d = ap_args_date(a, name);
    return d == AP_DATE_NONE ? ap_date_today() : d;
}

/* "2026-12-02T14:05", "2026-12-02 14:05:09.5", "2026-12-02T13:05Z",
 * "…+01:00": local time unless a zone is given. false when not such a time. */
static bool parse_recorded(const char *text, char utc[32])
{
    struct tm tm = {0};
    int y, mo, d, h, mi, n = 0;
    double sec = 0;
    if (sscanf(text, "%4d-%2d-%2d%*[T ]%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5 || n == 0)
        return false;
    const char *p = text + n;
    if (*p == ':') {
        char *end;
        sec = strtod(p + 1, &end);
        if (end == p + 1 || sec < 0 || sec >= 61)
            return false;
        p = end;
    }
    bool zoned = *p != '\0';
    int off = 0;
    if (*p == 'Z' && p[1] == '\0') {
        off = 0;
    } else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
        int oh, om;
        if (sscanf(p + 1, "%2d:%2d", &oh, &om) != 2 || oh > 14 || om > 59)
            return false;
        off = (*p == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    } else if (zoned) {
        return false;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59)
        return false;
    tm.tm_year = y - 1900, tm.tm_mon = mo - 1, tm.tm_mday = d, tm.tm_hour = h, tm.tm_min = mi;
    tm.tm_sec = (int)sec;
    tm.tm_isdst = -1;
    time_t t = zoned ? timegm(&tm) - off : mktime(&tm);
    struct tm g;
    if (t == (time_t)-1 || !gmtime_r(&t, &g))
        return false;
    unsigned ms = (unsigned)((sec - (int)sec) * 1000 + 0.5) % 1000u;
    size_t n0 = strftime(utc, 32, "%Y-%m-%dT%H:%M:%S", &g);
    snprintf(utc + n0, 32 - n0, ".%03uZ", ms);
    return true;
}

ap_rc ap_ctx_upto(ap_ctx *ctx, const ap_args *a, int64_t *upto)
{
    *upto = 0;
    const char *text = ap_args_text(a, "as-recorded");
    if (!text)
        return AP_OK;
    char utc[32];
    if (!parse_recorded(text, utc))
        return ap_error_set(&ctx->err, AP_E_USAGE,
                            TR("--as-recorded '%s': väntade en tidpunkt som 2026-12-02T14:05 "
                               "(lokal tid) eller 2026-12-02T13:05Z",
                               "--as-recorded '%s': expected a time such as 2026-12-02T14:05 "
                               "(local time) or 2026-12-02T13:05Z"),
                            text);
    ap_rc rc = ap_store_recording_upto(ctx->store, utc, upto, &ctx->err);
    if (rc == AP_OK && *upto == 0)
        rc = ap_error_set(&ctx->err, AP_E_INPUT,
                          TR("--as-recorded %s: databasen hade inget registrerat då",
                             "--as-recorded %s: the database held nothing recorded then"),
                          text);
    return rc;
}

ap_rc ap_ctx_snapshot(ap_ctx *ctx, const ap_args *args, const ap_snapshot_opts *opts,
                      ap_snapshot **out)
{
    ap_snapshot_opts o = *opts;
    ap_rc rc = ap_ctx_upto(ctx, args, &o.upto);
    if (rc != AP_OK)
        return rc;
    return ap_snapshot_load(ctx->store, ctx->plan_id, &o, &ctx->cfg.rules, out, &ctx->err);
}

void ap_warn_outside_period(const char *period, ap_date as_of)
{
    int y1, y2;
    char d[11];
    if (!period || sscanf(period, "%4d-%4d", &y1, &y2) != 2 || as_of == AP_DATE_NONE)
        return;
    int y = ap_date_year(as_of);
    if (y >= y1 && y <= y2)
        return;
    fprintf(stderr,
            TR("actionplan: varning: %s ligger utanför planens period %d–%d\n",
               "actionplan: warning: %s is outside the plan's period %d–%d\n"),
            ap_date_format(as_of, d), y1, y2);
}

void ap_ctx_warn_outside_period(ap_ctx *ctx, ap_date as_of)
{
    /* a warning only: a plan that cannot be read is told by the command */
    char period[64];
    if (ap_store_plan_period(ctx->store, ctx->plan_id, period, sizeof period))
        ap_warn_outside_period(period, as_of);
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
