/*
 * web_internal.h - what the web's source files share: the page being
 * answered, links that keep its date, the layout and the marks.
 * web.c routes a request, web_pages.c renders the pages, web_html.c holds
 * the layout, the stylesheet and the escaping; web_server.c is HTTP.
 */
#ifndef AP_WEB_INTERNAL_H
#define AP_WEB_INTERNAL_H

#include <stdbool.h>

#include "actionplan/config.h"
#include "actionplan/report.h"
#include "actionplan/i18n.h"
#include "actionplan/snapshot.h"
#include "actionplan/store.h"
#include "actionplan/util.h"
#include "actionplan/web.h"

/* One request being answered. */
typedef struct web_ctx {
    ap_store *s;
    const ap_config *cfg;
    const char *path;     /* the request's */
    ap_date as_of;        /* the query's date, or today */
    ap_date today;        /* the request's today: read once per request, the page
                           * cache's key has the same (web_answer_on) */
    bool as_of_given;     /* links carry ?as_of= only when the visitor chose one */
    const char *key;      /* the plan's key (a public plan), or NULL */
    int64_t plan_id;
    ap_web_response *res;
    /* Site mode (report site, web_site.c): every page is a file under one
     * folder, links are relative to the current page's file (c->path's,
     * web_file_of), no query, no date form. */
    bool site;
    int64_t upto;         /* > 0: every snapshot as recorded up to this recording (the
                           * site's pages all show one state of the database) */
    unsigned long long waited; /* the request's (ap_web_request): a download asked again */
    ap_snapshot *snap;    /* when not NULL: the snapshot of c's plan as web_snapshot would
                           * load it, with every activity's history, for the pages of the
                           * plan, the goals, a focus area, an initiative area and an
                           * activity (the site loads it once for all of them) */
} web_ctx;

/* ---- web.c --------------------------------------------------------------- */

/* ap_web_answer with today given: the page cache reads today once and
 * answers and keys with the same date, whatever the clock does meanwhile. */
void web_answer_on(ap_store *s, const ap_config *cfg, const ap_web_request *req, ap_date today,
                   ap_web_response *out);

/* The language of the answer: English when the visitor's first choice
 * (Accept-Language) is English, Swedish when it is Swedish, else the
 * configured language. */
ap_lang web_language_of(const ap_config *cfg, const char *accept);

/* ---- web_html.c ---------------------------------------------------------- */

/* The stylesheet served as /assets/style.css (the status colours come from
 * ap_status_style_of, as in the reports). */
void web_stylesheet(ap_buf *b);

/* The page from <!DOCTYPE> to the opening of <main>, with its title, the
 * skip link and the breadcrumb trail (crumbs: pairs of href and text,
 * href NULL for the current page); and its end, with a form to see the
 * page as of another date when with_date_form (not on a 404: its body must not
 * depend on the path asked for). */
void web_page_begin(const web_ctx *c, const char *title, const char *const *crumbs, int n);
void web_page_end(const web_ctx *c, bool with_date_form);

/* href="..." for a path of this site, with the page's ?as_of= when given;
 * in site mode the file of the path relative to the current page's folder. */
void web_href(const web_ctx *c, ap_buf *b, const char *path);
/* The file a path of the site is written to in site mode, relative to the
 * site's folder: "/" index.html, "/plans/K" plans/K/index.html,
 * "/plans/K/focus/1" plans/K/focus/1.html, "/assets/style.css" as it is.
 * False when it does not fit. */
bool web_file_of(const char *path, char *out, size_t size);
/* <a href="path">text</a>, as web_href. */
void web_link(const web_ctx *c, const char *path, const char *text);

/* A status as a mark: a shape and the word beside the colour, so that the
 * colour is never the only signal. */
void web_status(ap_buf *b, ap_status s);
/* A table of rows: its wrapper (a labelled region that scrolls sideways on
 * its own, not the page, on a narrow screen, and takes the keyboard focus to
 * do so) and its caption, shown, or there for screen readers only when a
 * heading just above says the same; and its end (</tbody>, </table>, the
 * wrapper). */
void web_table_begin(ap_buf *b, const char *caption, bool caption_shown);
void web_table_end(ap_buf *b);
/* "<p>What: none.</p>" instead of a table without rows. */
void web_table_none(ap_buf *b, const char *caption);
/* An amount of kronor as Swedes write it: "1 800 000 kr". */
void web_kronor(char *out, size_t size, long long amount);

/* The path of a plan's page: "/plans/KEY", "/plans/KEY/what",
 * "/plans/KEY/what/code". */
void web_path(const web_ctx *c, char *out, size_t size, const char *what, const char *code);
/* "Läget per 2017-12-15" under every heading of a plan's page. */
void web_as_of_line(ap_buf *b, ap_date as_of);
/* One term of a description list: <dt>label</dt><dd>value or –</dd>. */
void web_fact(ap_buf *b, const char *label, const char *value);
/* <hN>text</hN>, escaped. */
void web_h(ap_buf *b, int level, const char *text);
/* A table's head row of n column headers (scope="col", escaped), and the
 * opening of its body. */
void web_th_cols(ap_buf *b, const char *const *cols, int n);

/* The eight counts as a table (caption given). */
void web_counts_table(ap_buf *b, const ap_counts *counts, const char *caption);
/* A date, or an en dash when there is none. */
void web_date(ap_buf *b, ap_date d);
/* Text escaped, or an en dash when NULL. */
void web_text(ap_buf *b, const char *text);

/* ---- web_pages.c: each fills c->res with 200 and the page, or an error --- */

void web_page_index(web_ctx *c);
void web_page_plan(web_ctx *c);
void web_page_focus(web_ctx *c, const char *code);
void web_page_initiative(web_ctx *c, const char *code);
void web_page_activity(web_ctx *c, const char *code);
void web_page_deviations(web_ctx *c);
void web_page_chase(web_ctx *c);
/* The plan's registered reports, each with links to its files. */
void web_page_reports(web_ctx *c);

/* ---- web_downloads.c: a registered report's files, made again ------------ */

/* The name a registered report's file of this extension ("xlsx", "pdf")
 * has, as its register row lists it (without the folder); false when the
 * report cannot be made again (made before the register had digests). */
bool web_report_file_name(const ap_report_rec *r, const char *ext, char *out, size_t size);
/* Answer /plans/KEY/reports/ID/NAME: the file made again by
 * ap_report_again_public (people hidden unless [public] show_people),
 * from a bounded cache of those made before. 404 unless ID is a report of
 * c's plan and NAME its file's name. One report is made at a time: while
 * the maker runs, a file not kept is 503 busy (c->res->busy, make,
 * making) until the maker has made it; else it is made on the calling
 * thread. 500 when the make the request waited for (c->waited) failed. */
void web_download(web_ctx *c, const char *id, const char *name);
/* The maker of `serve`: a thread that makes the reports asked for, with its
 * own read connection to db_path (opened on its first make) and cfg, and
 * calls on_made(arg) after each make (so that the server wakes the requests
 * parked for it). */
ap_rc web_maker_start(const char *db_path, const ap_config *cfg, void (*on_made)(void *),
                      void *arg, ap_error *err);
/* No make begins from now on (until the next web_maker_start: a download
 * not kept is 503 busy); waits for the make in progress, whose files are
 * kept, then ends the thread and closes its connection. */
void web_maker_stop(void);

/* ---- web_svg_packs.c: the plan's colours over its steering packs --------- */

/* A heading, an SVG stacked bar chart of the activities' colours (green,
 * yellow, red, other) as each registered steering pack of the plan up to
 * the page's date saw them (its as-of date and its recording), and the same
 * numbers in a table; nothing when the plan has no such pack. */
void web_packs_chart(web_ctx *c);

/* ---- web_goals.c: the goals page and section ------------------------------- */

/* /plans/KEY/goals: every goal with its values, status, linked activities
 * and trend chart (web_svg.c) with the values as a table. */
void web_page_goals(web_ctx *c);
/* The goals of snap after a heading of level - 1: the note, the overview
 * table (activities as links when links) and each goal's heading (level),
 * status, chart and values; the goals page's and the annual report's. */
void web_goals_section(web_ctx *c, const ap_snapshot *snap, int level, bool links);

/* ---- web_pages.c: the accessibility statement ------------------------------ */

/* /tillganglighet: the accessibility statement (DOS-lagen) built from
 * [public] contact; 404 on the server when the contact is not set. */
void web_page_statement(web_ctx *c);

/* ---- web_svg.c: charts as inline SVG, drawn on the server ------------------ */

/* A goal's trend chart, as the PDF's (pdf_common.c): the measurements as a
 * line, the baseline as a diamond, the target as a dashed line, the time
 * axis to the target date. role="img" with <title> and <desc> (id makes
 * their ids unique on the page). Nothing for a yes/no goal (ap_goal_yes_no):
 * its values table says it all. */
void web_svg_goal_trend(ap_buf *b, const ap_goal *g, const char *id);
/* The goal's values as a table (the chart's text alternative): the
 * baseline, every measurement with its source, the target. */
void web_goal_values_table(ap_buf *b, const ap_goal *g);
/* A goal's figure as the reports write it ("41 850", "12,5"; "Ja"/"Nej"
 * for a yes/no goal). */
const char *web_goal_value(char *buf, size_t size, const ap_goal *g, double v);

/* ---- web_annual.c: the annual reports as HTML pages (report site) ---------- */

/* In site mode, the plan page's list of the registered annual reports as
 * HTML pages (a heading and links); nothing on the server. */
void web_annual_links(web_ctx *c);
/* Whether a registered report goes into the site: an annual report that can
 * be made again exactly (registered with its recording and digest). */
bool web_annual_in_site(const ap_report_rec *r);
/* The site's path of annual report id of year ("/plans/K/annual-2016-3"). */
void web_annual_path(const web_ctx *c, char *out, size_t size, int year, int64_t id);
/* Annual report an drawn as an HTML page into c->res (the PDF's sections). */
void web_page_annual(web_ctx *c, const ap_annual *an);

/* ---- web_answer.c ----------------------------------------------------------- */

/* Is this a path of the JSON API (answers in JSON, errors too)? */
bool web_is_api(const char *path);
/* A short page (or JSON object for the API) saying what went wrong. */
void web_message(web_ctx *c, int status, const char *title, const char *text);

/* The answers that are not a page: 404 (one body for every thing that is
 * not there or not public), 500 (no detail: the log has it). */
void web_not_found(web_ctx *c);
void web_failed(web_ctx *c, const ap_error *err);
/* 503: a report is being made for another request (res->busy: the server
 * may park the request and ask again, web_server.c); the server adds
 * Retry-After. */
void web_busy(web_ctx *c);

/* The snapshot of c's plan as of c->as_of, people hidden unless the
 * settings show them; NULL after answering 500 (or 404 for an activity code
 * the plan does not have, when only_code is given). */
ap_snapshot *web_snapshot(web_ctx *c, const char *only_code);
/* The snapshot a page draws from: the static site's shared one (c->snap,
 * with every activity's history) or the request's own (web_snapshot);
 * web_snapshot_done frees it when it is the request's own. */
ap_snapshot *web_snapshot_of(web_ctx *c, const char *only_code);
void web_snapshot_done(const web_ctx *c, ap_snapshot *snap);
/* The page's start with the trail Plans › the plan › here (here NULL on
 * the plan's own page). */
void web_crumbs_plan(web_ctx *c, const ap_snapshot *snap, const char *here, const char *title);

#endif
