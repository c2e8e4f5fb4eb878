/*
 * web_downloads.c - a registered report's files for a visitor: made again
 * from the register (ap_report_again_public: its as-of date, recording and
 * settings, the digest checked), never registered, nothing written to the
 * database; people's names left out unless [public] show_people = yes.
 * Making a report takes a while: the files made are kept in memory (a few,
 * the least recently asked for go first), keyed by the report and the
 * people setting. See web_internal.h.
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

/* The files kept, under kept_lock (held only to look up or copy). One
 * report is made at a time, under making: while it is, a request for
 * another file that is not kept is answered 503 "busy" at once rather than
 * a worker thread waiting, so that downloads can never hold up every worker
 * (the pages go on being answered). The server parks such a request
 * without a thread and asks again when the report is made (web_server.c:
 * a few at a time, for a bounded while), so that two downloads clicked one
 * after the other both come. */
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t making = PTHREAD_MUTEX_INITIALIZER;
static made kept[KEPT];
static unsigned long long clock_of_use;

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

/* File k of report id, when kept, appended to body. */
static bool copy_kept(int64_t id, const char *digest, bool hide_people, int k, ap_buf *body)
{
    pthread_mutex_lock(&kept_lock);
    made *m = find(id, digest, hide_people);
    if (m)
        ap_buf_append(body, m->file[k], m->len[k]);
    pthread_mutex_unlock(&kept_lock);
    return m != NULL;
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

/* Make report id again into a folder of its own under the system's
 * temporary folder, read both files into m and remove them. */
static ap_rc make(web_ctx *c, int64_t id, bool hide_people, made *m, ap_error *err)
{
    const char *tmp = getenv("TMPDIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/actionplan-serve-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return ap_error_set(err, AP_E_IO, "mkdtemp %s: %s", dir, ap_errno_text(errno));
    ap_lang lang = ap_language(); /* the report is made in its own language */
    ap_arena arena = {0};
    ap_report_rec r;
    char paths[2][4096] = {{0}, {0}};
    ap_rc rc = ap_report_again_public(c->s, id, NULL, c->cfg, hide_people, dir, paths, &arena, &r,
                                      err);
    ap_set_language(lang);
    memset(m, 0, sizeof *m);
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
    char digest[65];
    snprintf(digest, sizeof digest, "%s", r.digest);
    ap_arena_free(&arena);
    bool hide = !c->cfg->show_people;
    int k = xlsx ? 0 : 1;
    if (!copy_kept(id, digest, hide, k, &c->res->body)) {
        if (pthread_mutex_trylock(&making) != 0) {
            web_busy(c);
            return;
        }
        /* made by the request before, while this one looked? */
        if (!copy_kept(id, digest, hide, k, &c->res->body)) {
            made fresh;
            if (make(c, id, hide, &fresh, &err) == AP_OK) {
                pthread_mutex_lock(&kept_lock);
                made *m = keep(&fresh);
                ap_buf_append(&c->res->body, m->file[k], m->len[k]);
                pthread_mutex_unlock(&kept_lock);
            } else {
                fprintf(stderr, "actionplan serve: %s %lld: %s\n", TR("rapport", "report"), id,
                        err.msg);
                pthread_mutex_unlock(&making);
                web_failed(c, &err);
                return;
            }
        }
        pthread_mutex_unlock(&making);
    }
    c->res->content_type = xlsx ? XLSX_TYPE : PDF_TYPE;
    snprintf(c->res->filename, sizeof c->res->filename, "%s", name);
}
