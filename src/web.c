/* web.c - one request answered: the URL space, the query, the language,
 * the JSON API and the error answers; see web.h. */
#include "web_internal.h"

#include "actionplan/i18n.h"
#include "actionplan/json.h"

#include <string.h>
#include <strings.h>

const char *const ap_web_headers[][2] = {
    {"Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; "
                                "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "same-origin"},
    {NULL, NULL}};

static const char *const HTML = "text/html; charset=utf-8";
static const char *const JSON = "application/json";

void ap_web_response_free(ap_web_response *r)
{
    ap_buf_free(&r->body);
}

/* ---- error answers (the others are in web_answer.c) ------------------------ */

static void bad_request(web_ctx *c, const char *text)
{
    web_message(c, 400, TR("Felaktig fråga", "Bad request"), text);
}

/* ---- the API -------------------------------------------------------------- */

static void api_plan(web_ctx *c)
{
    ap_snapshot *snap = web_snapshot(c, NULL);
    if (!snap)
        return;
    ap_json j;
    ap_json_init(&j, &c->res->body, true);
    ap_json_plan(&j, snap, NULL, c->cfg->show_people);
    ap_buf_putc(&c->res->body, '\n');
    c->res->content_type = JSON;
    ap_snapshot_free(snap);
}

static void api_activity(web_ctx *c, const char *code)
{
    ap_snapshot *snap = web_snapshot(c, code);
    if (!snap)
        return;
    const ap_activity *a = ap_snapshot_activity(snap, code);
    if (!a || a->removed) {
        web_not_found(c);
    } else {
        ap_json j;
        ap_json_init(&j, &c->res->body, true);
        ap_json_activity_full(&j, snap, a, c->cfg->show_people);
        ap_buf_putc(&c->res->body, '\n');
        c->res->content_type = JSON;
    }
    ap_snapshot_free(snap);
}

/* ---- routing -------------------------------------------------------------- */

/* The path's segments after prefix, split at '/': at most max, none empty.
 * Returns how many, or -1 when the path does not fit. */
static int segments(const char *path, const char *prefix, char segs[][128], int max)
{
    size_t n = strlen(prefix);
    if (strncmp(path, prefix, n) != 0)
        return -1;
    const char *p = path + n;
    int k = 0;
    while (*p) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (len == 0 || len >= 128 || k == max)
            return -1;
        memcpy(segs[k], p, len);
        segs[k][len] = '\0';
        k++;
        p += len;
        if (*p == '/' && !*++p)
            return -1; /* a trailing slash names no page */
    }
    return k;
}

/* Resolve the plan of segs[0]; false after answering 404 (or 500). */
static bool public_plan(web_ctx *c, const char *key)
{
    ap_error err;
    ap_error_clear(&err);
    if (ap_store_public_plan_id(c->s, key, &c->plan_id, &err) != AP_OK) {
        web_failed(c, &err);
        return false;
    }
    if (c->plan_id == 0) {
        web_not_found(c);
        return false;
    }
    c->key = key;
    return true;
}

static void route_plan(web_ctx *c, char segs[][128], int n)
{
    if (n < 1) {
        web_not_found(c);
        return;
    }
    if (!public_plan(c, segs[0]))
        return;
    if (n == 1)
        web_page_plan(c);
    else if (n == 2 && strcmp(segs[1], "deviations") == 0)
        web_page_deviations(c);
    else if (n == 2 && strcmp(segs[1], "chase") == 0)
        web_page_chase(c);
    else if (n == 2 && strcmp(segs[1], "goals") == 0)
        web_page_goals(c);
    else if (n == 3 && strcmp(segs[1], "focus") == 0 && ap_code_valid(segs[2], 1))
        web_page_focus(c, segs[2]);
    else if (n == 3 && strcmp(segs[1], "initiatives") == 0 && ap_code_valid(segs[2], 2))
        web_page_initiative(c, segs[2]);
    else if (n == 3 && strcmp(segs[1], "activities") == 0 && ap_code_valid(segs[2], 3))
        web_page_activity(c, segs[2]);
    /* the registered reports: their list, and each one's files made again */
    else if (n == 2 && strcmp(segs[1], "reports") == 0)
        web_page_reports(c);
    else if (n == 4 && strcmp(segs[1], "reports") == 0)
        web_download(c, segs[2], segs[3]);
    else
        web_not_found(c);
}

static void route_api(web_ctx *c, char segs[][128], int n)
{
    if (n < 1) {
        web_not_found(c);
        return;
    }
    if (!public_plan(c, segs[0]))
        return;
    if (n == 1)
        api_plan(c);
    else if (n == 3 && strcmp(segs[1], "activities") == 0 && ap_code_valid(segs[2], 3))
        api_activity(c, segs[2]);
    else
        web_not_found(c);
}

static void route(web_ctx *c, const char *path)
{
    char segs[4][128];
    int n;
    if (strcmp(path, "/") == 0) {
        web_page_index(c);
    } else if (strcmp(path, "/tillganglighet") == 0) { /* the accessibility statement */
        web_page_statement(c);
    } else if (strcmp(path, "/assets/style.css") == 0) {
        web_stylesheet(&c->res->body);
        c->res->content_type = "text/css; charset=utf-8";
    } else if ((n = segments(path, "/plans/", segs, 4)) >= 0) {
        route_plan(c, segs, n);
    } else if ((n = segments(path, "/api/v1/plans/", segs, 4)) >= 0) {
        route_api(c, segs, n);
    } else {
        web_not_found(c);
    }
}

/* ---- the request ---------------------------------------------------------- */

ap_lang web_language_of(const ap_config *cfg, const char *accept)
{
    if (accept) {
        while (*accept == ' ')
            accept++;
        if (strncasecmp(accept, "en", 2) == 0)
            return AP_LANG_EN;
        if (strncasecmp(accept, "sv", 2) == 0)
            return AP_LANG_SV;
    }
    return cfg->language;
}

/* The query's date: a real day, not in the future. False after 400. */
static bool read_as_of(web_ctx *c, const char *text)
{
    c->as_of = c->today;
    if (!text)
        return true;
    ap_date d;
    if (!ap_date_parse(text, &d)) {
        ap_buf msg = {0};
        ap_buf_printf(&msg, TR("as_of ska vara ett datum ÅÅÅÅ-MM-DD, inte '%s'.",
                               "as_of must be a date YYYY-MM-DD, not '%s'."),
                      text);
        bad_request(c, ap_buf_str(&msg));
        ap_buf_free(&msg);
        return false;
    }
    if (d > c->as_of) {
        bad_request(c, TR("as_of är ett datum i framtiden; läget kan bara visas per i dag eller "
                          "tidigare.",
                          "as_of is a date in the future; the picture can only be shown as of "
                          "today or earlier."));
        return false;
    }
    c->as_of = d;
    c->as_of_given = true;
    return true;
}

void ap_web_answer(ap_store *s, const ap_config *cfg, const ap_web_request *req,
                   ap_web_response *out)
{
    web_answer_on(s, cfg, req, ap_date_today(), out);
}

void web_answer_on(ap_store *s, const ap_config *cfg, const ap_web_request *req, ap_date today,
                   ap_web_response *out)
{
    memset(out, 0, sizeof *out);
    out->status = 200;
    out->content_type = HTML;
    ap_set_language(web_language_of(cfg, req->accept_language));
    web_ctx c = {.s = s, .cfg = cfg, .path = req->path, .today = today, .res = out,
                 .waited = req->waited};
    if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
        web_message(&c, 405, TR("Metoden stöds inte", "Method not allowed"),
                TR("Här kan man bara läsa (GET och HEAD).", "This site is read-only (GET and HEAD)."));
        return;
    }
    if (!read_as_of(&c, req->as_of))
        return;
    route(&c, req->path);
}
