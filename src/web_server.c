/* web_server.c - ap_web_answer behind libmicrohttpd: worker threads with a
 * read connection each, the page cache (web_cache.c) that each worker tells
 * of the commits its watch connection sees, the access log, and a graceful
 * stop; see web.h.
 *
 * A report to download is made by the maker (web_downloads.c), a thread of
 * its own, never by a worker: the request that hands it a report (a "busy,
 * making" 503) and those that find a report being made (a "busy" 503) are
 * parked: their connections are suspended (no thread waits) and a waker
 * thread resumes the parked ones when the maker has made a report, or
 * every WAKE_MS, so that each asks again (with the make it waited for:
 * when that failed, it gets the error page). The one that asked for the
 * report waits until it is made; of the others at most WAITERS are parked
 * at once, each for at most WAIT_S; one more, or one that has waited
 * WAIT_S, gets the 503 with Retry-After. Reports are still made one at a
 * time, so a crowd cannot make the server build them in parallel. On a
 * stop the parked get their 503 at once and the server waits for the make
 * in progress (it cannot be broken off safely: the report code has no
 * point to stop at, and a thread killed in it would leave its temporary
 * folder and its locks behind); no make begins after the stop signal. */
#include "web_internal.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { WORKERS = 2, MAX_CONNECTIONS = 1000, CONNECTION_TIMEOUT_S = 15, STOP_WAIT_S = 30 };
/* Parked downloads: how many at most wait for another's report, how long
 * each, how often they ask again; and the places for all that are parked:
 * the waiters and those that asked for the report being made (one, or two
 * for a moment: the one of the make just ended may not be resumed yet). */
enum { WAITERS = 4, WAIT_S = 20, WAKE_MS = 50, PARKED = WAITERS + 2 };

/* The store is not thread-safe: each worker thread opens its own
 * connection on its first request, read-only. The server keeps them all
 * to close them when it stops. */
typedef struct server {
    const char *db_path;
    const ap_config *cfg;
    pthread_mutex_t lock;
    ap_store *stores[WORKERS + 1];
    ap_store_watch *watches[WORKERS + 1];
    int n_stores;
    ap_web_cache *cache;      /* NULL: none (--cache-mb 0) */
    unsigned generation;      /* tells a thread's store of an earlier server from its own */
    atomic_int connections;   /* open now */
    atomic_bool stopping;     /* responses then say Connection: close */
    /* parked downloads, under park_lock: the suspended connections; and how
     * many requests are waiting in all (parked, or resumed and asking again) */
    pthread_mutex_t park_lock;
    pthread_cond_t park_wake;
    struct MHD_Connection *parked[PARKED];
    int n_parked;
    atomic_int waiters;
    bool waker_stop;
    pthread_t waker;
} server;

static _Thread_local ap_store *thread_store;
static _Thread_local ap_store_watch *thread_watch; /* NULL: this worker answers uncached */
static _Thread_local int64_t thread_data_version;
static _Thread_local unsigned thread_generation;
static unsigned generations;

/* The calling thread's read connection, opened on first use; NULL when the
 * database cannot be opened (the error goes to the log). */
static ap_store *worker_store(server *sv)
{
    if (thread_store && thread_generation == sv->generation)
        return thread_store;
    ap_error err;
    ap_error_clear(&err);
    ap_store *s = NULL;
    ap_store_watch *w = NULL;
    pthread_mutex_lock(&sv->lock);
    if (sv->n_stores < WORKERS + 1 && ap_store_open_readonly(sv->db_path, &s, &err) == AP_OK) {
        /* the watch's first look; a failing watch leaves the worker uncached */
        ap_error werr;
        ap_error_clear(&werr);
        if (sv->cache && (ap_store_watch_open(sv->db_path, &w, &werr) != AP_OK ||
                          ap_store_watch_version(w, &thread_data_version, &werr) != AP_OK)) {
            fprintf(stderr, "actionplan serve: %s\n", werr.msg);
            ap_store_watch_close(w);
            w = NULL;
        }
        sv->watches[sv->n_stores] = w;
        sv->stores[sv->n_stores++] = s;
    } else {
        s = NULL;
    }
    pthread_mutex_unlock(&sv->lock);
    if (!s) {
        fprintf(stderr, "actionplan serve: %s\n", err.msg[0] ? err.msg : "no connection");
        return NULL;
    }
    thread_store = s;
    thread_watch = w;
    thread_generation = sv->generation;
    /* A commit may have come between what the other workers kept and this
     * watch's first look, which it cannot see as a change: start afresh. */
    if (sv->cache)
        ap_web_cache_changed(sv->cache);
    return s;
}

/* Answer req: from the page cache when this worker's watch says nothing was
 * committed that the cache was not told of. */
static void answer(server *sv, ap_store *s, const ap_web_request *req, ap_web_response *res)
{
    int64_t version = 0;
    ap_error err;
    ap_error_clear(&err);
    if (!thread_watch || ap_store_watch_version(thread_watch, &version, &err) != AP_OK) {
        ap_web_answer(s, sv->cfg, req, res);
        return;
    }
    if (version != thread_data_version) {
        thread_data_version = version;
        ap_web_cache_changed(sv->cache);
    }
    ap_web_answer_cached(sv->cache, s, sv->cfg, req, res);
}

/* ---- one request ------------------------------------------------------------ */

/* What the access log needs of a request, kept from its start to its end. */
typedef struct request_log {
    struct timespec start;
    char method[16];
    char path[512];
    int status;
    size_t bytes;
    bool waiting;             /* one of the server's waiters (parked) */
    struct timespec waited;   /* when it was first parked */
    unsigned long long make;  /* parked: the make it waits for (ap_web_response.make) */
    unsigned long long own;   /* the make it handed the maker, or 0 */
} request_log;

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* A visitor's path in the log: bytes outside printable ASCII as \xNN, so
 * that a request cannot write escape sequences or lines of its own. */
static void log_safe(char *out, size_t size, const char *in)
{
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p && o + 5 < size; p++) {
        if (*p < 0x21 || *p > 0x7e || *p == '\\')
            o += (size_t)snprintf(out + o, size - o, "\\x%02x", *p);
        else
            out[o++] = (char)*p;
    }
    out[o] = '\0';
}

static void log_request(const request_log *r)
{
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S%z", &tm);
    fprintf(stderr, "%s %s %s %d %zu %.1fms\n", when, r->method, r->path, r->status, r->bytes,
            ms_since(&r->start));
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)conn, (void)toe;
    request_log *r = *req_cls;
    if (!r)
        return;
    if (r->waiting) /* gone while waiting */
        atomic_fetch_sub(&((server *)cls)->waiters, 1);
    log_request(r);
    free(r);
    *req_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_ctx,
                          enum MHD_ConnectionNotificationCode toe)
{
    (void)conn, (void)socket_ctx;
    server *sv = cls;
    atomic_fetch_add(&sv->connections, toe == MHD_CONNECTION_NOTIFY_STARTED ? 1 : -1);
}

static struct MHD_Response *make_response(server *sv, ap_web_response *res)
{
    size_t len = res->body.len;
    char *body = ap_buf_steal(&res->body);
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, body ? body : "", body ? MHD_RESPMEM_MUST_FREE
                                                                   : MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, res->content_type);
    for (int i = 0; ap_web_headers[i][0]; i++)
        MHD_add_response_header(r, ap_web_headers[i][0], ap_web_headers[i][1]);
    if (res->filename[0]) {
        /* the name is the register's (ap_safe_filename); quoted, nothing else passes */
        char value[sizeof res->filename + 32];
        size_t o = (size_t)snprintf(value, sizeof value, "attachment; filename=\"");
        for (const char *p = res->filename; *p && o + 3 < sizeof value; p++)
            value[o++] = (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\') ? *p : '_';
        value[o++] = '"';
        value[o] = '\0';
        MHD_add_response_header(r, "Content-Disposition", value);
    }
    if (res->status == 503)
        MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "5");
    if (res->status == 405)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    if (atomic_load(&sv->stopping))
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    return r;
}

/* ---- parked downloads ------------------------------------------------------- */

/* A request that waited is answered, or waits for its own report now: its
 * place among the waiters is free. */
static void unpark(server *sv, request_log *log)
{
    if (log->waiting) {
        log->waiting = false;
        atomic_fetch_sub(&sv->waiters, 1);
    }
}

/* Park conn, whose download is busy: true when it was suspended; false when
 * it is to have its 503 now (the server stopping; or, for one waiting for
 * another's report, no place among the WAITERS or its WAIT_S over). own:
 * it waits for the report it asked for, which has no limit of its own (the
 * make ends). Called from the access handler, the only place
 * MHD_suspend_connection may be called. */
static bool park(server *sv, struct MHD_Connection *conn, request_log *log, bool own)
{
    bool parked = false;
    pthread_mutex_lock(&sv->park_lock);
    if (!atomic_load(&sv->stopping) && sv->n_parked < PARKED) {
        if (own) {
            unpark(sv, log);
        } else if (!log->waiting) { /* a place among the waiters, if one is free */
            int n = atomic_load(&sv->waiters);
            while (n < WAITERS && !atomic_compare_exchange_weak(&sv->waiters, &n, n + 1))
                ;
            if (n < WAITERS) {
                log->waiting = true;
                clock_gettime(CLOCK_MONOTONIC, &log->waited);
            }
        }
        if (own || (log->waiting && ms_since(&log->waited) < WAIT_S * 1e3)) {
            MHD_suspend_connection(conn);
            sv->parked[sv->n_parked++] = conn;
            parked = true;
            /* the first parked: the waker, idle, starts asking every WAKE_MS (a
             * report made before this one was parked woke no one) */
            if (sv->n_parked == 1)
                pthread_cond_signal(&sv->park_wake);
        }
    }
    pthread_mutex_unlock(&sv->park_lock);
    return parked;
}

/* The waker: while requests are parked, resume them all when woken (a
 * report was made, the server stops) or every WAKE_MS; each asks again and
 * is answered or parked again. */
static void *waker(void *arg)
{
    server *sv = arg;
    pthread_mutex_lock(&sv->park_lock);
    for (;;) {
        if (sv->n_parked == 0) {
            if (sv->waker_stop)
                break;
            pthread_cond_wait(&sv->park_wake, &sv->park_lock);
            continue;
        }
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += WAKE_MS * 1000L * 1000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&sv->park_wake, &sv->park_lock, &until);
        for (int i = 0; i < sv->n_parked; i++)
            MHD_resume_connection(sv->parked[i]);
        sv->n_parked = 0;
    }
    pthread_mutex_unlock(&sv->park_lock);
    return NULL;
}

static void wake_parked(server *sv)
{
    pthread_mutex_lock(&sv->park_lock);
    pthread_cond_signal(&sv->park_wake);
    pthread_mutex_unlock(&sv->park_lock);
}

/* The maker made a report (or failed to): the parked ask again now. */
static void on_made(void *arg)
{
    wake_parked(arg);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **req_cls)
{
    (void)version, (void)upload_data;
    server *sv = cls;
    if (!*req_cls) {
        /* first call: the headers are in; keep what the log needs */
        request_log *r = ap_xcalloc(1, sizeof *r);
        clock_gettime(CLOCK_MONOTONIC, &r->start);
        log_safe(r->method, sizeof r->method, method);
        log_safe(r->path, sizeof r->path, url);
        *req_cls = r;
        return MHD_YES;
    }
    /* a body is not read: nothing here takes one */
    *upload_data_size = 0;
    request_log *log = *req_cls;
    ap_web_request req = {
        .method = method,
        .path = url,
        .as_of = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "as_of"),
        .accept_language =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE),
        .waited = log->make};
    ap_web_response res;
    ap_store *s = worker_store(sv);
    if (s) {
        answer(sv, s, &req, &res);
    } else {
        memset(&res, 0, sizeof res);
        res.status = 503;
        res.content_type = "text/plain; charset=utf-8";
        ap_buf_puts(&res.body, "503\n");
    }
    if (res.busy) {
        log->make = res.make;
        if (res.making)
            log->own = res.make;
        if (park(sv, conn, log, log->own && log->own == res.make)) {
            ap_web_response_free(&res);
            return MHD_YES; /* asked again when resumed */
        }
    }
    unpark(sv, log);
    log->status = res.status;
    log->bytes = res.body.len;
    struct MHD_Response *r = make_response(sv, &res);
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)res.status, r);
    MHD_destroy_response(r);
    ap_web_response_free(&res);
    return ok;
}

/* ---- the daemon ------------------------------------------------------------- */

static ap_rc listen_address(const char *listen, struct sockaddr_in *sa, ap_error *err)
{
    char host[64];
    int port;
    if (!ap_listen_parse(listen, host, sizeof host, &port))
        return ap_error_set(err, AP_E_USAGE,
                            TR("ogiltig adress '%s' (väntade ADRESS:PORT, t.ex. 127.0.0.1:8080)",
                               "invalid address '%s' (expected ADDRESS:PORT, e.g. "
                               "127.0.0.1:8080)"),
                            listen);
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    inet_pton(AF_INET, host, &sa->sin_addr);
    return AP_OK;
}

static struct MHD_Daemon *start(server *sv, const struct sockaddr_in *sa)
{
    return MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME,
        ntohs(sa->sin_port), NULL, NULL, on_request, sv,
        MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)WORKERS,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONNECTION_TIMEOUT_S,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, sv,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, sv,
        MHD_OPTION_END);
}

/* Stop taking connections, let those open finish (their responses close
 * them), then stop: a request in flight when the signal came is answered. */
static void stop_gracefully(server *sv, struct MHD_Daemon *d)
{
    atomic_store(&sv->stopping, true);
    wake_parked(sv); /* the parked get their 503 now */
    MHD_socket fd = MHD_quiesce_daemon(d);
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
    web_maker_stop(); /* no make begins; the one in progress ends (the workers answer meanwhile) */
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (atomic_load(&sv->connections) > 0 && ms_since(&t0) < STOP_WAIT_S * 1e3) {
        struct timespec pause = {0, 20 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    /* no connection may be suspended when the daemon stops: the waker
     * resumes the last parked ones (none is parked again) and ends */
    pthread_mutex_lock(&sv->park_lock);
    sv->waker_stop = true;
    pthread_cond_signal(&sv->park_wake);
    pthread_mutex_unlock(&sv->park_lock);
    pthread_join(sv->waker, NULL);
    MHD_stop_daemon(d);
}

ap_rc ap_web_serve(const char *db_path, const ap_config *cfg, const char *listen,
                   size_t cache_bytes, ap_error *err)
{
    struct sockaddr_in sa;
    ap_rc rc = listen_address(listen, &sa, err);
    if (rc != AP_OK)
        return rc;
    /* The stop signals are taken by sigwait below: blocked before the
     * daemon's threads start, so they inherit the mask and none of them is
     * interrupted by a handler. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    server sv = {.db_path = db_path, .cfg = cfg, .generation = ++generations,
                 .cache = cache_bytes ? ap_web_cache_new(cache_bytes) : NULL};
    pthread_mutex_init(&sv.lock, NULL);
    pthread_mutex_init(&sv.park_lock, NULL);
    pthread_cond_init(&sv.park_wake, NULL);
    struct MHD_Daemon *d = NULL;
    ap_error merr;
    ap_error_clear(&merr);
    if (pthread_create(&sv.waker, NULL, waker, &sv) == 0) {
        if (web_maker_start(db_path, cfg, on_made, &sv, &merr) == AP_OK) {
            d = start(&sv, &sa);
            if (!d)
                web_maker_stop();
        } else {
            fprintf(stderr, "actionplan serve: %s\n", merr.msg);
        }
        if (!d) {
            pthread_mutex_lock(&sv.park_lock);
            sv.waker_stop = true;
            pthread_cond_signal(&sv.park_wake);
            pthread_mutex_unlock(&sv.park_lock);
            pthread_join(sv.waker, NULL);
        }
    }
    if (!d) {
        ap_web_cache_free(sv.cache);
        pthread_cond_destroy(&sv.park_wake);
        pthread_mutex_destroy(&sv.park_lock);
        pthread_mutex_destroy(&sv.lock);
        return ap_error_set(err, AP_E_IO,
                            TR("kan inte lyssna på %s (är porten upptagen?)",
                               "unable to listen on %s (is the port in use?)"),
                            listen);
    }
    fprintf(stderr, TR("actionplan serve: lyssnar på http://%s/ (stoppa med Ctrl-C)\n",
                       "actionplan serve: listening on http://%s/ (stop with Ctrl-C)\n"),
            listen);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, TR("actionplan serve: stoppar (%s)\n", "actionplan serve: stopping (%s)\n"),
            sig == SIGTERM ? "SIGTERM" : "SIGINT");
    stop_gracefully(&sv, d);
    ap_web_cache_stats st = {0};
    if (sv.cache)
        st = ap_web_cache_stats_of(sv.cache);
    fprintf(stderr,
            TR("actionplan serve: sidcachen svarade på %llu av %llu förfrågningar (%zu sidor, "
               "%zu byte)\n",
               "actionplan serve: the page cache answered %llu of %llu requests (%zu pages, "
               "%zu bytes)\n"),
            st.hits, st.hits + st.misses, st.entries, st.bytes);
    for (int i = 0; i < sv.n_stores; i++) {
        ap_store_close(sv.stores[i]);
        ap_store_watch_close(sv.watches[i]);
    }
    ap_web_cache_free(sv.cache);
    pthread_cond_destroy(&sv.park_wake);
    pthread_mutex_destroy(&sv.park_lock);
    pthread_mutex_destroy(&sv.lock);
    pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
    return AP_OK;
}
