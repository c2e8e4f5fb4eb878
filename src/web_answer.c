/* web_answer.c - the answers that are not a page (404, 500, and the short
 * message page or JSON object behind 400), and the snapshot a request's page
 * is drawn from; see web_internal.h. */
#include "web_internal.h"

#include "actionplan/i18n.h"
#include "actionplan/json.h"

#include <string.h>

static const char *const HTML = "text/html; charset=utf-8";
static const char *const JSON = "application/json";

/* ---- error answers -------------------------------------------------------- */

bool web_is_api(const char *path)
{
    return strncmp(path, "/api/", 5) == 0;
}

/* A short page (or JSON object for the API) saying what went wrong. */
void web_message(web_ctx *c, int status, const char *title, const char *text)
{
    ap_buf_reset(&c->res->body);
    c->res->status = status;
    if (web_is_api(c->path)) {
        c->res->content_type = JSON;
        ap_json j;
        ap_json_init(&j, &c->res->body, false);
        ap_json_begin_object(&j);
        ap_json_kv_int(&j, "status", status);
        ap_json_kv_string(&j, "error", text);
        ap_json_end_object(&j);
        ap_buf_putc(&c->res->body, '\n');
        return;
    }
    c->res->content_type = HTML;
    const char *crumbs[] = {"/", TR("Planer", "Plans"), NULL, title};
    web_page_begin(c, title, crumbs, 2);
    ap_buf_puts(&c->res->body, "<h1>");
    ap_html_escape(&c->res->body, title);
    ap_buf_puts(&c->res->body, "</h1>\n<p>");
    ap_html_escape(&c->res->body, text);
    ap_buf_puts(&c->res->body, "</p>\n");
    web_page_end(c, status == 400);
}

void web_not_found(web_ctx *c)
{
    /* The same words whatever is missing: a private plan must not be told
     * apart from one that does not exist. */
    web_message(c, 404, TR("Sidan finns inte", "Page not found"),
            TR("Det finns ingen sådan sida här. Publicerade planer listas på startsidan.",
               "There is no such page here. Published plans are listed on the start page."));
}

void web_busy(web_ctx *c)
{
    web_message(c, 503, TR("Försök igen strax", "Please try again shortly"),
            TR("En annan rapport görs just nu. Försök igen om en liten stund.",
               "Another report is being made just now. Please try again in a moment."));
    c->res->busy = true;
}

void web_failed(web_ctx *c, const ap_error *err)
{
    (void)err; /* the log has the detail; a visitor gets no SQL */
    web_message(c, 500, TR("Något gick fel", "Something went wrong"),
            TR("Sidan kunde inte visas. Försök igen om en stund.",
               "The page could not be shown. Please try again later."));
}


/* ---- the snapshot --------------------------------------------------------- */

ap_snapshot *web_snapshot(web_ctx *c, const char *only_code)
{
    ap_error err;
    ap_error_clear(&err);
    ap_snapshot_opts opts = {.as_of = c->as_of, .since = AP_DATE_NONE, .upto = c->upto};
    if (only_code) {
        ap_activity_ref ref;
        ap_rc rc = ap_store_activity_ref(c->s, c->plan_id, only_code, &ref, &err);
        if (rc == AP_E_NOTFOUND || (rc == AP_OK && ref.removed)) {
            web_not_found(c);
            return NULL;
        }
        if (rc != AP_OK) {
            web_failed(c, &err);
            return NULL;
        }
        opts.history = true;
        opts.only_activity = ref.id;
    }
    ap_snapshot *snap = NULL;
    if (ap_snapshot_load(c->s, c->plan_id, &opts, &c->cfg->rules, &snap, &err) != AP_OK) {
        web_failed(c, &err);
        return NULL;
    }
    if (!c->cfg->show_people)
        ap_snapshot_hide_people(snap);
    return snap;
}

ap_snapshot *web_snapshot_of(web_ctx *c, const char *only_code)
{
    return c->snap ? c->snap : web_snapshot(c, only_code);
}

void web_snapshot_done(const web_ctx *c, ap_snapshot *snap)
{
    if (snap != c->snap)
        ap_snapshot_free(snap);
}

void web_crumbs_plan(web_ctx *c, const ap_snapshot *snap, const char *here, const char *title)
{
    char p[160];
    web_path(c, p, sizeof p, NULL, NULL);
    const char *crumbs[] = {"/", TR("Planer", "Plans"), p, snap->title, NULL, here};
    web_page_begin(c, title, crumbs, here ? 3 : 2);
}
