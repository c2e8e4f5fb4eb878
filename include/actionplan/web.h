/*
 * web.h - the plan in the browser: the public pages and the JSON API that
 * `actionplan serve` answers with (README, "actionplan serve").
 *
 * Answering a request is a plain function of the database, the settings
 * and the request (ap_web_answer): no HTTP library is involved, so the
 * same pages can be written to files (a static site) and tested without a
 * socket. ap_web_serve puts it behind libmicrohttpd. Nothing here writes
 * to the database.
 */
#ifndef AP_WEB_H
#define AP_WEB_H

#include <stdbool.h>

#include "actionplan/config.h"
#include "actionplan/error.h"
#include "actionplan/store.h"
#include "actionplan/util.h"

typedef struct ap_web_request {
    const char *method;          /* "GET", "HEAD", ... */
    const char *path;            /* decoded, without the query: "/plans/x/focus/1" */
    const char *as_of;           /* the query's as_of, NULL when not given */
    const char *accept_language; /* the header, NULL when not given */
    unsigned long long waited;   /* 0, or the request asks again after waiting for a
                                  * report to be made: the response's make it was
                                  * parked with (ap_web_serve) */
} ap_web_request;

typedef struct ap_web_response {
    int status;                  /* 200, 400, 404, 405, 500, 503 */
    const char *content_type;    /* a static string */
    ap_buf body;
    char filename[200];          /* not empty: a download, sent as an attachment of this
                                  * name (Content-Disposition), never kept in a page cache */
    bool busy;                   /* 503 only because a report is being made: the same
                                  * request may be answered once that is done (the
                                  * server parks it, ap_web_serve) */
    unsigned long long make;     /* busy: the number of that make, to be given back
                                  * as the request's waited when it asks again */
    bool making;                 /* busy: this request handed its report to the maker
                                  * (web_downloads.c): it waits for it, not among
                                  * the waiters for another's */
} ap_web_response;

/* The headers every response carries, whatever its status: the
 * Content-Security-Policy and its companions. Pairs of name and value,
 * ending with {NULL, NULL}. */
extern const char *const ap_web_headers[][2];

/* Answer one request from s, a connection the calling thread alone uses.
 * Sets the calling thread's language (i18n.h) to the one the page is in.
 * Free the response with ap_web_response_free. */
void ap_web_answer(ap_store *s, const ap_config *cfg, const ap_web_request *req,
                   ap_web_response *out);
void ap_web_response_free(ap_web_response *r);

/* The page cache of `serve`: whole answers (pages, API, stylesheet) kept
 * until the database changes, keyed by the path, the as_of asked for, the
 * language and today's date (today is the default as_of, so the key
 * changes at midnight). Thread-safe; bounded by max_bytes (the least
 * recently used go first). Downloads and answers other than 200 are not
 * kept. */
typedef struct ap_web_cache ap_web_cache;
ap_web_cache *ap_web_cache_new(size_t max_bytes);
void ap_web_cache_free(ap_web_cache *cache);
/* Something was committed to the database: nothing kept so far is served
 * again. Any thread may call it, at any time. */
void ap_web_cache_changed(ap_web_cache *cache);
/* As ap_web_answer, from the cache when an answer to the same key was kept
 * since the last change, else answered and kept. The caller must have told
 * the cache of every change committed before this request came (with
 * ap_web_cache_changed, after checking ap_store_watch_version). */
void ap_web_answer_cached(ap_web_cache *cache, ap_store *s, const ap_config *cfg,
                          const ap_web_request *req, ap_web_response *out);
/* What the cache holds now: answers, bytes, and how many requests it
 * answered or missed since it was made. */
typedef struct ap_web_cache_stats {
    size_t entries, bytes;
    unsigned long long hits, misses;
} ap_web_cache_stats;
ap_web_cache_stats ap_web_cache_stats_of(ap_web_cache *cache);

/* Text escaped for HTML element content and quoted attribute values
 * (& < > " '), appended to b: the one escaping function of every page. */
void ap_html_escape(ap_buf *b, const char *text);

/* Serve db_path's public plans on listen ("127.0.0.1:8080") until SIGTERM
 * or SIGINT: a pool of two worker threads, each with its own read
 * connection and a watch of PRAGMA data_version (store.h) that keeps the
 * page cache true to the database, an access log line per request on
 * stderr; cache_bytes bounds the page cache (0: none). A report to
 * download that is not kept is made by a thread of its own (the maker,
 * with its own read connection), one at a time, while its request waits
 * parked, without a worker; a download that finds another report being
 * made waits parked too (at most 4 at once, 20 s each; else 503 with
 * Retry-After). On a stop signal no new connection is accepted, the
 * parked requests get 503 at once, the requests in flight are answered and
 * the report being made is finished (no one is sent it) before it returns
 * AP_OK. */
ap_rc ap_web_serve(const char *db_path, const ap_config *cfg, const char *listen,
                   size_t cache_bytes, ap_error *err);

/* What `report site` wrote. */
typedef struct ap_site_stats {
    int plans;       /* public plans */
    int files;       /* pages and the stylesheet */
    int annual;      /* annual reports as pages */
    long long bytes;
    int leftovers;   /* temporary folders of killed runs removed (DIR.tmp-XXXXXX holding
                      * the writer mark of a process that is gone) */
} ap_site_stats;

/* Write every public plan's pages as a static site into dir (entered at
 * dir/index.html, relative links only, the stylesheet as a file, nothing
 * from outside dir): the pages of the server as of as_of, every registered
 * annual report as a page, and the accessibility statement, which needs
 * [public] contact (an error naming it when not set). All or nothing: dir
 * is replaced in one rename, and only when it is new, empty or a site
 * written before. Temporary folders beside dir that a killed run left
 * (dir.tmp-XXXXXX with the writer mark of a process that is gone) are
 * removed first; nothing else is. */
ap_rc ap_web_site_write(ap_store *s, const ap_config *cfg, ap_date as_of, const char *dir,
                        ap_site_stats *stats, ap_error *err);

#endif
