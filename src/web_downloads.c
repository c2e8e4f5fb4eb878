/*
 * web_downloads.c - a registered report's files for a visitor: made again
 * from the register (ap_report_again_public: its as-of date, recording and
 * settings, the digest checked), never registered, nothing written to the
 * database; people's names left out unless [public] show_people = yes.
 * Making a report takes a while: the files made are kept in memory (a few,
 * the least recently asked for go first), keyed by the report and the
 * people setting. See web_internal.h.
 *
 * One report is made at a time. In `serve` it is made by the maker, a
 * thread of its own (web_maker_start) with its own read connection, in the
 * language of the request that asked for it, so that no worker thread of
 * the server is held while it is made (about a second for 10,000
 * activities, ten for 100,000): the request that asks for a report that is
 * not kept hands it to the maker and is answered "busy, making" (503,
 * res->making), and one that finds a report being made is answered "busy";
 * the server parks both without a thread and asks again when the maker has
 * made it (web_server.c). Asked again, a request gets the file kept, or the
 * error page when the make it waited for (ap_web_request.waited) failed,
 * or is busy again, or starts the next make. One maker thread rather than
 * a thread per make: one read connection opened once, one make at a time
 * by construction, and a stop that has one thread to wait for. Outside
 * `serve` (no maker) the calling thread makes the report itself.
 */
#include "web_internal.h"

#include "actionplan/report_job.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { KEPT = 16 };
#define KEPT_BYTES ((size_t)96 << 20)

static const char *const XLSX_TYPE =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
static const char *const PDF_TYPE = "application/pdf";

typedef struct made {
    int64_t id;
    char digest[65]; /* the register's: a database put back from a backup may
                      * number another report id */
    bool hide_people;
    char *file[2]; /* the workbook, the PDF */
    size_t len[2];
    unsigned long long used; /* when last asked for (a counter) */
} made;

/* The files kept, and the maker's state, under lock (held only to look up,
 * copy or hand over, never while a report is made). */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static made kept[KEPT];
static unsigned long long clock_of_use;

/* The makes that failed last, so that the requests that waited for one get
 * its error page rather than making it again at once. */
enum { FAILED = 8 };

typedef struct job {
    unsigned long long number; /* makes are numbered from 1, in the order begun */
    int64_t id;
    char digest[65];
    bool hide_people;
    ap_lang lang; /* the request's */
} job;

static struct {
    bool started;  /* the maker thread runs (web_maker_start) */
    bool stopping; /* web_maker_stop: no make begins (until the next start) */
    pthread_t thread;
    const char *db_path;
    const ap_config *cfg;
    void (*made)(void *);
    void *made_arg;
    bool busy;                /* a report is being made (or handed to the maker) */
    bool queued;              /* handed to the maker, not yet begun */
    job now;                  /* while busy: the make */
    unsigned long long makes; /* how many were begun */
    job failed[FAILED];       /* a ring: the last makes that failed */
    int next_failed;
} mk;
static pthread_cond_t work = PTHREAD_COND_INITIALIZER; /* a make queued, or stop */

bool web_report_file_name(const ap_report_rec *r, const char *ext, char *out, size_t size)
{
    if (!r->digest || r->upto <= 0 || !r->files)
        return false;
    size_t ext_len = strlen(ext);
    for (const char *line = r->files; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > ext_len + 1 && line[len - ext_len - 1] == '.' &&
            memcmp(line + len - ext_len, ext, ext_len) == 0) {
            const char *base = line;
            for (const char *p = line; p < line + len; p++)
                if (*p == '/')
                    base = p + 1;
            size_t n = (size_t)(line + len - base);
            if (n == 0 || n >= size)
                return false;
            memcpy(out, base, n);
            out[n] = '\0';
            return true;
        }
        if (!end)
            break;
        line = end + 1;
    }
    return false;
}

/* ---- the files kept (under lock) ------------------------------------------ */

static void forget(made *m)
{
    free(m->file[0]);
    free(m->file[1]);
    memset(m, 0, sizeof *m);
}

static made *find(int64_t id, const char *digest, bool hide_people)
{
    for (int i = 0; i < KEPT; i++)
        if (kept[i].id == id && kept[i].hide_people == hide_people && kept[i].file[0] &&
            strcmp(kept[i].digest, digest) == 0) {
            kept[i].used = ++clock_of_use;
            return &kept[i];
        }
    return NULL;
}

/* Keep m's files, making room: the least recently used go until the new
 * ones fit. */
static made *keep(const made *m)
{
    size_t total = m->len[0] + m->len[1];
    for (;;) {
        size_t bytes = 0;
        made *free_slot = NULL, *oldest = NULL;
        for (int i = 0; i < KEPT; i++) {
            if (!kept[i].file[0]) {
                free_slot = free_slot ? free_slot : &kept[i];
                continue;
            }
            bytes += kept[i].len[0] + kept[i].len[1];
            if (!oldest || kept[i].used < oldest->used)
                oldest = &kept[i];
        }
        if (free_slot && (bytes + total <= KEPT_BYTES || !oldest)) {
            *free_slot = *m;
            free_slot->used = ++clock_of_use;
            return free_slot;
        }
        forget(oldest);
    }
}

/* File k of report id, when kept, appended to body (under lock). */
static bool copy_kept(int64_t id, const char *digest, bool hide_people, int k, ap_buf *body)
{
    made *m = find(id, digest, hide_people);
    if (m)
        ap_buf_append(body, m->file[k], m->len[k]);
    return m != NULL;
}

static bool same_report(const job *j, int64_t id, const char *digest, bool hide_people)
{
    return j->id == id && j->hide_people == hide_people && strcmp(j->digest, digest) == 0;
}

/* Did a make of this report fail that began after the request was first
 * parked (waited: the number of the make it was told to wait for)? */
static bool failed_since(unsigned long long waited, int64_t id, const char *digest,
                         bool hide_people)
{
    for (int i = 0; waited && i < FAILED; i++)
        if (mk.failed[i].number >= waited && same_report(&mk.failed[i], id, digest, hide_people))
            return true;
    return false;
}

/* ---- making ----------------------------------------------------------------- */

/* Empty and remove the folder a report was made in. */
static void remove_folder(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char path[4096];
            ap_path_join(path, sizeof path, dir, e->d_name);
            unlink(path);
        }
        closedir(d);
    }
    rmdir(dir);
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && strcmp(s + n - t, tail) == 0;
}

/* Make report id again from s into a folder of its own under the system's
 * temporary folder, read both files into m and remove them (the folder too,
 * whatever happened). */
static ap_rc make(ap_store *s, const ap_config *cfg, int64_t id, bool hide_people, made *m,
                  ap_error *err)
{
    memset(m, 0, sizeof *m);
    const char *tmp = getenv("TMPDIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/actionplan-serve-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return ap_error_set(err, AP_E_IO, "mkdtemp %s: %s", dir, ap_errno_text(errno));
    ap_lang lang = ap_language(); /* the report is made in its own language */
    ap_arena arena = {0};
    ap_report_rec r;
    char paths[2][4096] = {{0}, {0}};
    ap_rc rc = ap_report_again_public(s, id, NULL, cfg, hide_people, dir, paths, &arena, &r, err);
    ap_set_language(lang);
    m->id = id;
    if (rc == AP_OK)
        snprintf(m->digest, sizeof m->digest, "%s", r.digest);
    m->hide_people = hide_people;
    for (int i = 0; i < 2 && rc == AP_OK; i++) {
        int k = ends_with(paths[i], ".xlsx") ? 0 : 1;
        rc = ap_read_file(paths[i], &m->file[k], &m->len[k], err);
    }
    if (rc == AP_OK && (!m->file[0] || !m->file[1]))
        rc = ap_error_set(err, AP_E_INTERNAL, "report %lld: not one workbook and one PDF",
                          (long long)id);
    if (rc != AP_OK)
        forget(m);
    remove_folder(dir);
    ap_arena_free(&arena);
    return rc;
}

/* Make j with s (NULL: the maker could not open its connection, err says
 * why): its files kept, or its failure logged (a digest that does not hold
 * too: ap_report_again_public refuses it) and remembered; the next make may
 * begin. */
static void make_job(ap_store *s, const ap_config *cfg, const job *j, ap_error *err)
{
    made fresh;
    ap_rc rc = s ? make(s, cfg, j->id, j->hide_people, &fresh, err) : AP_E_IO;
    if (rc != AP_OK)
        fprintf(stderr, "actionplan serve: %s %lld: %s\n", TR("rapport", "report"),
                (long long)j->id, err->msg);
    pthread_mutex_lock(&lock);
    if (rc == AP_OK) {
        keep(&fresh);
    } else {
        mk.failed[mk.next_failed] = *j;
        mk.next_failed = (mk.next_failed + 1) % FAILED;
    }
    mk.busy = false;
    pthread_mutex_unlock(&lock);
}

/* ---- the maker -------------------------------------------------------------- */

/* The maker: makes what is queued, one at a time, with a read connection of
 * its own (opened on its first make, again after a failed opening), in the
 * language of the request that asked; then wakes the parked requests. */
static void *maker_main(void *arg)
{
    (void)arg;
    ap_store *s = NULL;
    pthread_mutex_lock(&lock);
    for (;;) {
        while (!mk.stopping && !mk.queued)
            pthread_cond_wait(&work, &lock);
        if (mk.stopping) {
            if (mk.queued) /* not begun: dropped (its requests get 503 at the stop) */
                mk.queued = mk.busy = false;
            break;
        }
        job j = mk.now;
        mk.queued = false;
        pthread_mutex_unlock(&lock);
        ap_set_language(j.lang);
        ap_error err;
        ap_error_clear(&err);
        if (!s && ap_store_open_readonly(mk.db_path, &s, &err) != AP_OK)
            s = NULL;
        make_job(s, mk.cfg, &j, &err);
        if (mk.made)
            mk.made(mk.made_arg);
        pthread_mutex_lock(&lock);
    }
    pthread_mutex_unlock(&lock);
    ap_store_close(s);
    return NULL;
}

ap_rc web_maker_start(const char *db_path, const ap_config *cfg, void (*on_made)(void *), void *arg,
                      ap_error *err)
{
    pthread_mutex_lock(&lock);
    mk.db_path = db_path;
    mk.cfg = cfg;
    mk.made = on_made;
    mk.made_arg = arg;
    mk.stopping = false;
    mk.busy = mk.queued = false;
    int e = pthread_create(&mk.thread, NULL, maker_main, NULL);
    mk.started = e == 0;
    pthread_mutex_unlock(&lock);
    return e == 0 ? AP_OK
                  : ap_error_set(err, AP_E_INTERNAL, "pthread_create: %s", ap_errno_text(e));
}

void web_maker_stop(void)
{
    pthread_mutex_lock(&lock);
    if (!mk.started) {
        pthread_mutex_unlock(&lock);
        return;
    }
    mk.stopping = true;
    if (mk.busy && !mk.queued)
        fprintf(stderr,
                TR("actionplan serve: väntar på rapport %lld, som görs\n",
                   "actionplan serve: waiting for report %lld, being made\n"),
                (long long)mk.now.id);
    pthread_cond_signal(&work);
    pthread_mutex_unlock(&lock);
    pthread_join(mk.thread, NULL);
    pthread_mutex_lock(&lock);
    mk.started = false;
    pthread_mutex_unlock(&lock);
}

/* ---- a download --------------------------------------------------------------- */

/* 503 because a report is being made: c's own (which this request may have
 * just handed to the maker) or another. */
static void busy(web_ctx *c, bool own, unsigned long long make_no, bool making)
{
    if (own)
        web_message(c, 503, TR("Försök igen strax", "Please try again shortly"),
                    TR("Rapporten görs just nu. Försök igen om en liten stund.",
                       "The report is being made just now. Please try again in a moment."));
    else
        web_busy(c);
    c->res->busy = true;
    c->res->make = make_no;
    c->res->making = making;
}

void web_download(web_ctx *c, const char *id_text, const char *name)
{
    char *end = NULL;
    errno = 0;
    long long id = strtoll(id_text, &end, 10);
    if (id_text[0] < '1' || id_text[0] > '9' || *end || errno || id <= 0) {
        web_not_found(c);
        return;
    }
    bool xlsx = ends_with(name, ".xlsx");
    if (!xlsx && !ends_with(name, ".pdf")) {
        web_not_found(c);
        return;
    }
    /* the report: of this plan, made again-able, the name its own */
    ap_arena arena = {0};
    ap_report_rec r;
    bool found = false;
    char expected[200];
    ap_error err;
    ap_error_clear(&err);
    if (ap_store_report_get(c->s, id, &arena, &r, &found, &err) != AP_OK) {
        web_failed(c, &err);
        ap_arena_free(&arena);
        return;
    }
    if (!found || r.plan_id != c->plan_id ||
        !web_report_file_name(&r, xlsx ? "xlsx" : "pdf", expected, sizeof expected) ||
        strcmp(expected, name) != 0) {
        web_not_found(c);
        ap_arena_free(&arena);
        return;
    }
    job j = {.id = id, .hide_people = !c->cfg->show_people, .lang = ap_language()};
    snprintf(j.digest, sizeof j.digest, "%s", r.digest);
    ap_arena_free(&arena);
    int k = xlsx ? 0 : 1;
    pthread_mutex_lock(&lock);
    bool kept_now = copy_kept(id, j.digest, j.hide_people, k, &c->res->body);
    bool failed = !kept_now && failed_since(c->waited, id, j.digest, j.hide_people);
    if (!kept_now && !failed) {
        if (mk.busy || mk.stopping) {
            bool own = mk.busy && same_report(&mk.now, id, j.digest, j.hide_people);
            busy(c, own, mk.busy ? mk.now.number : 0, false);
            pthread_mutex_unlock(&lock);
            return;
        }
        j.number = ++mk.makes;
        mk.now = j;
        mk.busy = true;
        if (mk.started) { /* the maker makes it; this request waits parked */
            mk.queued = true;
            pthread_cond_signal(&work);
            busy(c, true, j.number, true);
            pthread_mutex_unlock(&lock);
            return;
        }
        /* no maker (not `serve`): made here */
        pthread_mutex_unlock(&lock);
        make_job(c->s, c->cfg, &j, &err);
        pthread_mutex_lock(&lock);
        kept_now = copy_kept(id, j.digest, j.hide_people, k, &c->res->body);
        failed = !kept_now; /* (or made and already gone: too rare to make again) */
    }
    pthread_mutex_unlock(&lock);
    if (failed) {
        web_failed(c, &err);
        return;
    }
    c->res->content_type = xlsx ? XLSX_TYPE : PDF_TYPE;
    snprintf(c->res->filename, sizeof c->res->filename, "%s", name);
}
