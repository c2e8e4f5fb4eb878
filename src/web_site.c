/* web_site.c - `actionplan report site`: the public pages written as a
 * static site, entered at DIR/index.html, by the server's own page
 * functions (web_pages.c) with the context in site mode (web_html.c: links
 * relative to each page's file, no date form), plus every registered annual
 * report as an HTML page (web_annual.c) and the accessibility statement.
 *
 * Every page is made from the database as of the last recording when the
 * run began (web_ctx.upto), so that the pages agree while others write.
 * Atomic as a whole: the site is written into a temporary folder next to
 * DIR, synced, and then put in DIR's place by one rename (an exchange with
 * the old site when there is one, which is then removed). A failure leaves
 * DIR as it was. See web.h.
 *
 * A run killed mid-way (SIGKILL, power loss) leaves its temporary folder
 * behind; the next run removes such leftovers (remove_leftovers), but only
 * folders that are unmistakably a run's of this command whose writer is
 * gone: named DIR.tmp-XXXXXX and holding the writer mark (TMP_MARK), which
 * a run writes into its temporary folder before anything else, naming the
 * writer by host, boot, pid and the pid's start time. */
#define _GNU_SOURCE /* renameat2 */
#include "web_internal.h"

#include "actionplan/i18n.h"
#include "actionplan/report_job.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The file in a folder that says "a site report site wrote": only such a
 * folder (or an empty one) is replaced. */
#define MARK ".actionplan-site"
/* The writer mark: the first file of a run's temporary folder, naming the
 * run's process ("actionplan report site", then "host H", "boot B", "pid P",
 * "start T": the host name, the kernel's boot id, the pid and its start time
 * in clock ticks after boot, /proc/P/stat's 22nd field). While the folder
 * has the name DIR.tmp-XXXXXX it holds a writer mark; the finished site
 * does not keep it. */
#define TMP_MARK ".actionplan-site-tmp"

typedef struct site {
    ap_store *s;
    const ap_config *cfg;
    ap_date as_of;
    ap_date today;
    int64_t upto;          /* the recording every page is made as of */
    ap_snapshot *snap;     /* the plan's, with history, shared by its pages (web_ctx.snap) */
    const char *tmp;       /* the temporary folder being written */
    ap_site_stats *stats;
    ap_error *err;
} site;

/* ---- writing pages -------------------------------------------------------- */

/* Write text into the site's file of path (web_file_of), making its folder. */
static ap_rc write_file(site *st, const char *path, const ap_buf *text)
{
    char rel[512], full[4096];
    if (!web_file_of(path, rel, sizeof rel))
        return ap_error_set(st->err, AP_E_INTERNAL, "%s: %s", path,
                            TR("för lång sökväg", "path too long"));
    ap_path_join(full, sizeof full, st->tmp, rel);
    char *slash = strrchr(full, '/');
    *slash = '\0';
    ap_rc rc = ap_mkdir_p(full, st->err);
    *slash = '/';
    if (rc != AP_OK)
        return rc;
    FILE *f = fopen(full, "wb");
    if (!f)
        return ap_error_set(st->err, AP_E_IO, "%s: %s", full, ap_errno_text(errno));
    bool ok = fwrite(text->p ? text->p : "", 1, text->len, f) == text->len;
    ok = fclose(f) == 0 && ok;
    if (!ok)
        return ap_error_set(st->err, AP_E_IO, "%s: %s", full, ap_errno_text(errno));
    st->stats->files++;
    st->stats->bytes += (long long)text->len;
    return AP_OK;
}

typedef void (*page_fn)(web_ctx *c, const char *code);

/* One page: rendered by a page function of the server into a buffer, with
 * the context in site mode, then written to its file. A page that does not
 * come out as 200 fails the site. */
static ap_rc page(site *st, const char *key, int64_t plan_id, const char *path, page_fn fn,
                  const char *code, const ap_annual *an)
{
    ap_web_response res = {.status = 200};
    web_ctx c = {.s = st->s, .cfg = st->cfg, .path = path, .as_of = st->as_of,
                 .today = st->today, .key = key, .plan_id = plan_id, .res = &res, .site = true,
                 .upto = st->upto, .snap = st->snap};
    if (an)
        web_page_annual(&c, an);
    else
        fn(&c, code);
    ap_rc rc = AP_OK;
    if (res.status != 200)
        rc = ap_error_set(st->err, AP_E_INTERNAL,
                          TR("sidan %s kunde inte göras (%d)", "the page %s could not be made (%d)"),
                          path, res.status);
    else
        rc = write_file(st, path, &res.body);
    ap_web_response_free(&res);
    return rc;
}

/* Adapters: the page functions without a code. */
static void p_index(web_ctx *c, const char *code) { (void)code; web_page_index(c); }
static void p_statement(web_ctx *c, const char *code) { (void)code; web_page_statement(c); }
static void p_plan(web_ctx *c, const char *code) { (void)code; web_page_plan(c); }
static void p_deviations(web_ctx *c, const char *code) { (void)code; web_page_deviations(c); }
static void p_chase(web_ctx *c, const char *code) { (void)code; web_page_chase(c); }
static void p_goals(web_ctx *c, const char *code) { (void)code; web_page_goals(c); }

/* Every registered annual report of the plan, made again from the register
 * (report_job.c, as `report annual --again`) and drawn as a page in its own
 * language; the site's language is set back after each. */
static ap_rc annual_pages(site *st, const char *key, int64_t plan_id)
{
    ap_arena arena = {0};
    ap_report_rec *list = NULL;
    size_t n = 0;
    ap_rc rc = ap_store_report_list(st->s, plan_id, &arena, &list, &n, st->err);
    for (size_t i = 0; rc == AP_OK && i < n; i++) {
        if (!web_annual_in_site(&list[i]))
            continue;
        ap_arena one = {0};
        ap_report_rec r;
        ap_config again;
        ap_annual *an = NULL;
        rc = ap_report_annual_again_data(st->s, list[i].id, st->cfg, &again, &one, &r, &an,
                                         st->err);
        if (rc == AP_OK) {
            if (!st->cfg->show_people) /* as on every public page */
                ap_annual_hide_people(an);
            char p[256];
            web_ctx c = {.key = key};
            web_annual_path(&c, p, sizeof p, an->year, list[i].id);
            rc = page(st, key, plan_id, p, NULL, NULL, an);
            st->stats->annual++;
        }
        ap_set_language(st->cfg->language);
        ap_annual_free(an);
        ap_arena_free(&one);
    }
    ap_arena_free(&arena);
    return rc;
}

/* A plan's pages: the plan, its lists, every focus area, initiative area
 * and activity in the plan on the site's date, and its annual reports. */
static ap_rc plan_pages(site *st, const char *key, int64_t plan_id)
{
    if (strcmp(key, ".") == 0 || strcmp(key, "..") == 0)
        return ap_error_set(st->err, AP_E_INPUT,
                            TR("planen '%s' kan inte bli en mapp", "the plan '%s' cannot be a folder"),
                            key);
    /* one snapshot with every activity's history for the pages that take
     * the plan as it stands (web_snapshot's, people hidden as there) */
    ap_snapshot *snap = NULL;
    ap_snapshot_opts opts = {.as_of = st->as_of, .since = AP_DATE_NONE, .history = true,
                             .upto = st->upto};
    ap_rc rc = ap_snapshot_load(st->s, plan_id, &opts, &st->cfg->rules, &snap, st->err);
    if (rc != AP_OK)
        return rc;
    if (!st->cfg->show_people)
        ap_snapshot_hide_people(snap);
    st->snap = snap;
    char p[512];
    snprintf(p, sizeof p, "/plans/%s", key);
    rc = page(st, key, plan_id, p, p_plan, NULL, NULL);
    snprintf(p, sizeof p, "/plans/%s/goals", key);
    if (rc == AP_OK)
        rc = page(st, key, plan_id, p, p_goals, NULL, NULL);
    /* the steering pack's lists build their own (ap_steering_build) */
    st->snap = NULL;
    const struct {
        const char *what;
        page_fn fn;
    } lists[] = {{"deviations", p_deviations}, {"chase", p_chase}};
    for (size_t i = 0; rc == AP_OK && i < sizeof lists / sizeof *lists; i++) {
        snprintf(p, sizeof p, "/plans/%s/%s", key, lists[i].what);
        rc = page(st, key, plan_id, p, lists[i].fn, NULL, NULL);
    }
    st->snap = snap;
    for (size_t i = 0; rc == AP_OK && i < snap->n_focus; i++) {
        snprintf(p, sizeof p, "/plans/%s/focus/%s", key, snap->focus[i].code);
        rc = page(st, key, plan_id, p, web_page_focus, snap->focus[i].code, NULL);
    }
    for (size_t i = 0; rc == AP_OK && i < snap->n_initiatives; i++) {
        snprintf(p, sizeof p, "/plans/%s/initiatives/%s", key, snap->initiatives[i].code);
        rc = page(st, key, plan_id, p, web_page_initiative, snap->initiatives[i].code, NULL);
    }
    for (size_t i = 0; rc == AP_OK && i < snap->n_activities; i++) {
        const ap_activity *a = &snap->activities[i];
        if (a->removed)
            continue;
        snprintf(p, sizeof p, "/plans/%s/activities/%s", key, a->code);
        rc = page(st, key, plan_id, p, web_page_activity, a->code, NULL);
    }
    st->snap = NULL;
    ap_snapshot_free(snap);
    if (rc == AP_OK)
        rc = annual_pages(st, key, plan_id);
    st->stats->plans++;
    return rc;
}

static ap_rc all_pages(site *st)
{
    ap_arena arena = {0};
    ap_public_plan *plans = NULL;
    size_t n = 0;
    ap_rc rc = page(st, NULL, 0, "/", p_index, NULL, NULL);
    if (rc == AP_OK)
        rc = page(st, NULL, 0, "/tillganglighet", p_statement, NULL, NULL);
    if (rc == AP_OK) {
        ap_buf css = {0};
        web_stylesheet(&css);
        rc = write_file(st, "/assets/style.css", &css);
        ap_buf_free(&css);
    }
    if (rc == AP_OK)
        rc = ap_store_public_plans(st->s, &arena, &plans, &n, st->err);
    for (size_t i = 0; rc == AP_OK && i < n; i++)
        rc = plan_pages(st, plans[i].key, plans[i].id);
    if (rc == AP_OK) {
        char mark[4200];
        ap_path_join(mark, sizeof mark, st->tmp, MARK);
        FILE *f = fopen(mark, "w");
        if (!f || fputs("actionplan report site\n", f) < 0 || fclose(f) != 0)
            rc = ap_error_set(st->err, AP_E_IO, "%s: %s", mark, ap_errno_text(errno));
    }
    ap_arena_free(&arena);
    return rc;
}

/* ---- the folder ----------------------------------------------------------- */

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static void remove_tree(const char *path)
{
    nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- the writer mark and leftovers of killed runs --------------------------- */

/* Who a process is, as far as can be told after a crash: the host, the
 * kernel's boot, the pid and its start time. */
typedef struct writer {
    char host[256];
    char boot[64];
    long pid;
    unsigned long long start;
} writer;

/* The first line of a small file, without its newline; false when unreadable. */
static bool first_line(const char *path, char *out, size_t size)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    bool ok = fgets(out, (int)size, f) != NULL;
    fclose(f);
    if (ok)
        out[strcspn(out, "\n")] = '\0';
    return ok && out[0];
}

/* The start time of process pid (clock ticks after boot); false when there
 * is no such process (or /proc cannot tell). *gone says which: true only
 * when /proc is there and the process is not. */
static bool start_of(long pid, unsigned long long *start, bool *gone)
{
    char path[64], line[1024];
    *gone = false;
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) {
        *gone = errno == ENOENT && access("/proc/self/stat", R_OK) == 0;
        return false;
    }
    bool ok = fgets(line, sizeof line, f) != NULL;
    fclose(f);
    /* after the command's name in parentheses (which may hold anything):
     * state is field 3, the start time field 22 */
    char *p = ok ? strrchr(line, ')') : NULL;
    if (!p)
        return false;
    p++;
    for (int field = 3; field < 22 && p; field++)
        p = strchr(p + 1, ' ');
    return p && sscanf(p, " %llu", start) == 1;
}

static bool this_writer(writer *w)
{
    memset(w, 0, sizeof *w);
    bool gone;
    w->pid = (long)getpid();
    return gethostname(w->host, sizeof w->host - 1) == 0 &&
           first_line("/proc/sys/kernel/random/boot_id", w->boot, sizeof w->boot) &&
           start_of(w->pid, &w->start, &gone);
}

/* The writer mark of this run into folder (written to a temporary name and
 * renamed, so that a mark is never seen half written). */
static ap_rc write_writer_mark(const char *folder, const writer *w, ap_error *err)
{
    char mark[4200], part[4300];
    ap_path_join(mark, sizeof mark, folder, TMP_MARK);
    snprintf(part, sizeof part, "%s.part", mark);
    FILE *f = fopen(part, "w");
    bool ok = f && fprintf(f, "actionplan report site\nhost %s\nboot %s\npid %ld\nstart %llu\n",
                           w->host, w->boot, w->pid, w->start) > 0;
    ok = f && fclose(f) == 0 && ok;
    if (!ok || rename(part, mark) != 0) {
        int e = errno;
        unlink(part);
        return ap_error_set(err, AP_E_IO, "%s: %s", mark, ap_errno_text(e));
    }
    return AP_OK;
}

/* Whether the writer mark in folder names a run that is no longer running:
 * written on this host, and either in an earlier boot, or by a pid that is
 * gone or now another process (another start time). Anything unclear (no
 * mark, a mark of another host, /proc unable to tell) is "running". */
static bool writer_gone(const char *folder, const writer *me)
{
    char mark[4200];
    ap_path_join(mark, sizeof mark, folder, TMP_MARK);
    struct stat sb;
    if (lstat(mark, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > 4096)
        return false;
    FILE *f = fopen(mark, "r");
    if (!f)
        return false;
    char line[512];
    writer w = {0};
    int fields = 0;
    bool ours = fgets(line, sizeof line, f) && strcmp(line, "actionplan report site\n") == 0;
    while (ours && fgets(line, sizeof line, f)) {
        char *nl = strchr(line, '\n');
        if (!nl)
            break;
        *nl = '\0';
        char *end = NULL;
        if (strncmp(line, "host ", 5) == 0 && strlen(line + 5) < sizeof w.host)
            fields |= 1, snprintf(w.host, sizeof w.host, "%s", line + 5);
        else if (strncmp(line, "boot ", 5) == 0 && strlen(line + 5) < sizeof w.boot)
            fields |= 2, snprintf(w.boot, sizeof w.boot, "%s", line + 5);
        else if (strncmp(line, "pid ", 4) == 0 && (w.pid = strtol(line + 4, &end, 10)) > 0 && !*end)
            fields |= 4;
        else if (strncmp(line, "start ", 6) == 0 &&
                 ((w.start = strtoull(line + 6, &end, 10)), end != line + 6 && !*end))
            fields |= 8;
    }
    fclose(f);
    if (!ours || fields != 15 || strcmp(w.host, me->host) != 0)
        return false;
    if (strcmp(w.boot, me->boot) != 0)
        return true; /* the machine was started again since: every process of then is gone */
    unsigned long long start;
    bool gone;
    if (start_of(w.pid, &start, &gone))
        return start != w.start;
    return gone;
}

/* Is name base.tmp-XXXXXX, as mkdtemp makes it from "DIR.tmp-XXXXXX"? */
static bool leftover_name(const char *name, const char *base)
{
    size_t n = strlen(base);
    if (strncmp(name, base, n) != 0 || strncmp(name + n, ".tmp-", 5) != 0)
        return false;
    const char *x = name + n + 5;
    if (strlen(x) != 6)
        return false;
    for (; *x; x++)
        if (!((*x >= 'a' && *x <= 'z') || (*x >= 'A' && *x <= 'Z') || (*x >= '0' && *x <= '9')))
            return false;
    return true;
}

/* Remove the temporary folders beside dir that killed runs left: named
 * dir.tmp-XXXXXX, a folder (not a link), holding a writer mark whose
 * writer is gone (writer_gone). Nothing else is touched; what cannot be
 * read is left. Returns how many were removed. */
static int remove_leftovers(const char *dir, const writer *me)
{
    char parent[4096], base[4096];
    snprintf(parent, sizeof parent, "%s", dir);
    char *slash = strrchr(parent, '/');
    if (slash) {
        snprintf(base, sizeof base, "%s", slash + 1);
        if (slash == parent)
            slash[1] = '\0';
        else
            *slash = '\0';
    } else {
        snprintf(base, sizeof base, "%s", dir);
        snprintf(parent, sizeof parent, ".");
    }
    DIR *d = opendir(parent);
    if (!d)
        return 0;
    int removed = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!leftover_name(e->d_name, base))
            continue;
        char path[8300];
        snprintf(path, sizeof path, "%s/%s", parent, e->d_name);
        struct stat sb;
        if (lstat(path, &sb) != 0 || !S_ISDIR(sb.st_mode) || !writer_gone(path, me))
            continue;
        remove_tree(path);
        removed += access(path, F_OK) != 0;
    }
    closedir(d);
    return removed;
}

static bool empty_folder(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    struct dirent *e;
    bool empty = true;
    while (empty && (e = readdir(d)))
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    closedir(d);
    return empty;
}

/* DIR may be replaced: it does not exist, or is an empty folder, or a
 * folder report site wrote (it holds MARK). *exists tells which. */
static ap_rc check_target(const char *dir, bool *exists, ap_error *err)
{
    struct stat sb;
    *exists = false;
    if (stat(dir, &sb) != 0) {
        if (errno == ENOENT)
            return AP_OK;
        return ap_error_set(err, AP_E_IO, "%s: %s", dir, ap_errno_text(errno));
    }
    if (!S_ISDIR(sb.st_mode))
        return ap_error_set(err, AP_E_INPUT,
                            TR("%s finns och är ingen mapp", "%s exists and is not a folder"), dir);
    *exists = true;
    char mark[4096];
    ap_path_join(mark, sizeof mark, dir, MARK);
    if (access(mark, F_OK) == 0)
        return AP_OK;
    if (empty_folder(dir)) /* exchanged like an old site */
        return AP_OK;
    return ap_error_set(err, AP_E_INPUT,
                        TR("%s är en mapp med annat innehåll än en webbplats från 'report site'; "
                           "välj en ny eller tom mapp",
                           "%s is a folder holding something other than a site of 'report site'; "
                           "choose a new or empty folder"),
                        dir);
}

/* The written site to disk before it takes DIR's place. */
static ap_rc sync_tree(const char *path, ap_error *err)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    if (fd < 0 || syncfs(fd) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return ap_error_set(err, AP_E_IO, "%s: %s", path, ap_errno_text(e));
    }
    close(fd);
    return AP_OK;
}

/* The new site into DIR's place: one rename, or an exchange with the old
 * site, which is then removed (it is at tmp after the exchange). The old
 * site gets this run's writer mark before the exchange, so that whatever
 * has the temporary name holds a mark at every instant (a kill before the
 * old site is removed leaves a leftover the next run can tell); the new
 * site's mark goes once it is in place. */
static ap_rc swap_in(const char *tmp, const char *dir, bool exists, const writer *me,
                     ap_error *err)
{
    char mark[4200];
    ap_path_join(mark, sizeof mark, dir, TMP_MARK);
    if (!exists) {
        if (rename(tmp, dir) != 0)
            return ap_error_set(err, AP_E_IO, "%s: %s", dir, ap_errno_text(errno));
        unlink(mark);
        return AP_OK;
    }
    ap_rc rc = write_writer_mark(dir, me, err);
    if (rc != AP_OK)
        return rc;
    if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_EXCHANGE) != 0) {
        int e = errno;
        unlink(mark);
        return ap_error_set(err, AP_E_IO, "%s: %s", dir, ap_errno_text(e));
    }
    unlink(mark);
    remove_tree(tmp);
    return AP_OK;
}

ap_rc ap_web_site_write(ap_store *s, const ap_config *cfg, ap_date as_of, const char *dir_in,
                        ap_site_stats *stats, ap_error *err)
{
    memset(stats, 0, sizeof *stats);
    if (!cfg->contact[0])
        return ap_error_set(err, AP_E_INPUT,
                            TR("[public] contact saknas i %s: en webbplats måste ha en "
                               "tillgänglighetsredogörelse med en kontakt för att rapportera "
                               "brister (t.ex. contact = tillganglighet@kommun.se); inget skrevs",
                               "[public] contact is missing in %s: a website must have an "
                               "accessibility statement with a contact for reporting problems "
                               "(e.g. contact = tillganglighet@kommun.se); nothing was written"),
                            cfg->source[0] ? cfg->source : "config.ini");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", dir_in);
    for (size_t n = strlen(dir); n > 1 && dir[n - 1] == '/'; n--)
        dir[n - 1] = '\0';
    writer me;
    if (!this_writer(&me))
        return ap_error_set(err, AP_E_IO,
                            TR("kan inte läsa vilken process som skriver (/proc): %s",
                               "unable to tell which process writes (/proc): %s"),
                            ap_errno_text(errno));
    stats->leftovers = remove_leftovers(dir, &me);
    bool exists;
    ap_rc rc = check_target(dir, &exists, err);
    if (rc != AP_OK)
        return rc;
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", dir);
    if (!mkdtemp(tmp))
        return ap_error_set(err, AP_E_IO, "%s: %s", tmp, ap_errno_text(errno));
    chmod(tmp, 0755);
    rc = write_writer_mark(tmp, &me, err);
    if (rc != AP_OK) {
        remove_tree(tmp);
        return rc;
    }
    ap_set_language(cfg->language);
    site st = {.s = s, .cfg = cfg, .as_of = as_of, .today = ap_date_today(), .tmp = tmp,
               .stats = stats, .err = err};
    /* one state of the database for every page, whatever is written meanwhile */
    rc = ap_store_recording_upto(s, NULL, &st.upto, err);
    if (rc == AP_OK)
        rc = all_pages(&st);
    if (rc == AP_OK)
        rc = sync_tree(tmp, err);
    if (rc == AP_OK)
        rc = swap_in(tmp, dir, exists, &me, err);
    if (rc != AP_OK) {
        remove_tree(tmp);
        char tail[4200];
        snprintf(tail, sizeof tail, TR("; %s ändrades inte", "; %s was not changed"), dir);
        ap_error_suffix(err, tail);
    }
    return rc;
}
