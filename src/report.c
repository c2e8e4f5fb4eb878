/*
 * report.c - the data of the steering pack and the annual report, built
 * once from the snapshot; the styles of statuses; the report jobs.
 * See report.h.
 */
#include "actionplan/report.h"
#include "actionplan/i18n.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* =========================================================================
 * Styles: colour, tint, text colour and shape per status
 * ========================================================================= */

const ap_status_style *ap_status_style_of(ap_status s)
{
    /* Colours chosen to stay apart for the common colour-vision deficiencies
     * and in greyscale (with the shapes), and dark enough for white text. */
    static const ap_status_style styles[AP_ST_COUNT] = {
        [AP_ST_GREEN] = {0x2E7D32, 0xC8E6C9, 0x1B5E20, AP_SHAPE_CIRCLE},
        [AP_ST_YELLOW] = {0xF2B705, 0xFFF0B3, 0x6B4E00, AP_SHAPE_TRIANGLE},
        [AP_ST_RED] = {0xC62828, 0xF8C9C9, 0x8E0000, AP_SHAPE_SQUARE},
        [AP_ST_COMPLETED] = {0x1565C0, 0xCFE2F8, 0x0D3C78, AP_SHAPE_DIAMOND},
        [AP_ST_UNREPORTED] = {0x9E9E9E, 0xEEEEEE, 0x424242, AP_SHAPE_RING},
        [AP_ST_EXCLUDED] = {0xBDBDBD, 0xF5F5F5, 0x616161, AP_SHAPE_DASH},
        [AP_ST_NONE] = {0xBDBDBD, 0xF5F5F5, 0x616161, AP_SHAPE_DASH},
        [AP_ST_UNMEASURED] = {0x9E9E9E, 0xEEEEEE, 0x424242, AP_SHAPE_RING},
    };
    return &styles[(unsigned)s < AP_ST_COUNT ? s : AP_ST_NONE];
}

/* =========================================================================
 * Lists
 * ========================================================================= */

typedef bool (*pick_fn)(const ap_activity *a, const void *user);

/* Pointers to the activities that pass pick, in plan order, in the arena. */
static ap_activity **pick(ap_snapshot *snap, pick_fn fn, const void *user, size_t *n)
{
    ap_activity **out = ap_arena_alloc(&snap->arena, (snap->n_activities + 1) * sizeof *out);
    *n = 0;
    for (size_t i = 0; i < snap->n_activities; i++)
        if (!snap->activities[i].removed && fn(&snap->activities[i], user))
            out[(*n)++] = &snap->activities[i];
    return out;
}

static bool is_active(const ap_activity *a, const void *u)
{
    (void)u;
    return a->eval.status != AP_ST_EXCLUDED;
}

static bool is_deviation(const ap_activity *a, const void *u)
{
    (void)u;
    return a->eval.status == AP_ST_YELLOW || a->eval.status == AP_ST_RED;
}

static bool is_proposal(const ap_activity *a, const void *u)
{
    (void)u;
    return a->state == AP_STATE_PROPOSED;
}

static bool is_chase(const ap_activity *a, const void *u)
{
    (void)u;
    return a->eval.status == AP_ST_UNREPORTED || a->eval.stale;
}

/* Red before yellow; plan order within (the array is in plan order, and
 * activities are stored in plan order, so the address is the plan order). */
static int cmp_deviation(const void *x, const void *y)
{
    const ap_activity *a = *(ap_activity *const *)x, *b = *(ap_activity *const *)y;
    int ra = a->eval.status == AP_ST_RED ? 0 : 1, rb = b->eval.status == AP_ST_RED ? 0 : 1;
    if (ra != rb)
        return ra - rb;
    return (a > b) - (a < b);
}

static int cmp_owner(const void *x, const void *y)
{
    const ap_activity *a = *(ap_activity *const *)x, *b = *(ap_activity *const *)y;
    int r = ap_collate_sv(a->owner ? a->owner : "", b->owner ? b->owner : "");
    if (r)
        return r;
    return (a > b) - (a < b);
}

/* =========================================================================
 * The steering pack
 * ========================================================================= */

ap_rc ap_steering_build(ap_store *s, int64_t plan_id, const ap_config *cfg, ap_date as_of,
                        ap_date since, ap_steering **out, ap_error *err)
{
    *out = NULL;
    ap_date prev_as_of = AP_DATE_NONE;
    ap_rc rc = ap_store_report_run_previous(s, plan_id, "steering", as_of, &prev_as_of, err);
    if (rc != AP_OK)
        return rc;
    ap_steering *st = ap_xcalloc(1, sizeof *st);
    st->cfg = cfg;
    st->made_on = ap_date_today();
    st->since_is_previous = since == AP_DATE_NONE && prev_as_of != AP_DATE_NONE;
    /* No previous pack: a quarter back, the usual steering-group interval. */
    st->since = since != AP_DATE_NONE ? since : prev_as_of != AP_DATE_NONE ? prev_as_of
                                                                            : as_of - 91;
    ap_snapshot_opts opts = {.as_of = as_of, .since = st->since};
    rc = ap_snapshot_load(s, plan_id, &opts, &cfg->rules, &st->snap, err);
    if (rc == AP_OK && prev_as_of != AP_DATE_NONE) {
        ap_snapshot_opts popts = {.as_of = prev_as_of, .since = AP_DATE_NONE};
        rc = ap_snapshot_load(s, plan_id, &popts, &cfg->rules, &st->prev, err);
    }
    if (rc != AP_OK) {
        ap_steering_free(st);
        return rc;
    }
    ap_snapshot *snap = st->snap;
    st->active = pick(snap, is_active, NULL, &st->n_active);
    st->deviations = pick(snap, is_deviation, NULL, &st->n_deviations);
    qsort(st->deviations, st->n_deviations, sizeof *st->deviations, cmp_deviation);
    st->proposals = pick(snap, is_proposal, NULL, &st->n_proposals);
    st->chase = pick(snap, is_chase, NULL, &st->n_chase);
    qsort(st->chase, st->n_chase, sizeof *st->chase, cmp_owner);
    *out = st;
    return AP_OK;
}

void ap_steering_free(ap_steering *st)
{
    if (!st)
        return;
    ap_snapshot_free(st->snap);
    ap_snapshot_free(st->prev);
    free(st);
}

ap_status ap_steering_prev_status(const ap_steering *st, const char *focus_code)
{
    if (!st->prev)
        return AP_ST_COUNT;
    if (!focus_code)
        return st->prev->rollup.status;
    const ap_focus *f = ap_snapshot_focus(st->prev, focus_code);
    if (f)
        return f->rollup.status;
    const ap_initiative *in = ap_snapshot_initiative(st->prev, focus_code);
    return in ? in->rollup.status : AP_ST_COUNT;
}

/* =========================================================================
 * The annual report
 * ========================================================================= */

/* Decided, ongoing or paused on 31 December, or completed or cancelled
 * during the year. */
static bool covers_in_year(const ap_activity *a, int year)
{
    switch (a->state) {
    case AP_STATE_DECIDED:
    case AP_STATE_ONGOING:
    case AP_STATE_PAUSED:
        return true;
    case AP_STATE_COMPLETED:
    case AP_STATE_CANCELLED:
        return ap_date_year(a->state_since) == year;
    default:
        return false;
    }
}

static bool is_covered(const ap_activity *a, const void *u)
{
    return covers_in_year(a, *(const int *)u);
}

bool ap_annual_covers(const ap_annual *an, const ap_activity *a)
{
    return !a->removed && covers_in_year(a, an->year);
}

static bool is_completed_in(const ap_activity *a, const void *u)
{
    return a->state == AP_STATE_COMPLETED && ap_date_year(a->completed_on) == *(const int *)u;
}

static int cmp_completed(const void *x, const void *y)
{
    const ap_activity *a = *(ap_activity *const *)x, *b = *(ap_activity *const *)y;
    if (a->completed_on != b->completed_on)
        return a->completed_on < b->completed_on ? -1 : 1;
    return (a > b) - (a < b);
}

ap_rc ap_annual_build(ap_store *s, int64_t plan_id, const ap_config *cfg, int year,
                      ap_annual **out, ap_error *err)
{
    *out = NULL;
    ap_date today = ap_date_today();
    ap_date end = ap_date_year_end(year);
    if (year < 1900 || year > 9999)
        return ap_error_set(err, AP_E_INPUT, TR("ogiltigt år %d", "invalid year %d"), year);
    if (ap_date_year_end(year - 1) >= today)
        return ap_error_set(err, AP_E_INPUT,
                            TR("året %d har inte börjat ännu", "the year %d has not begun yet"),
                            year);
    ap_annual *an = ap_xcalloc(1, sizeof *an);
    an->year = year;
    an->cfg = cfg;
    an->made_on = today;
    /* A report made during the year shows the picture of today. */
    ap_snapshot_opts opts = {.as_of = end < today ? end : today,
                             .since = ap_date_year_end(year - 1)};
    ap_rc rc = ap_snapshot_load(s, plan_id, &opts, &cfg->rules, &an->snap, err);
    if (rc != AP_OK) {
        ap_annual_free(an);
        return rc;
    }
    ap_snapshot *snap = an->snap;
    an->covered = pick(snap, is_covered, &year, &an->n_covered);
    an->completed = pick(snap, is_completed_in, &year, &an->n_completed);
    qsort(an->completed, an->n_completed, sizeof *an->completed, cmp_completed);
    an->deviations = pick(snap, is_deviation, NULL, &an->n_deviations);
    qsort(an->deviations, an->n_deviations, sizeof *an->deviations, cmp_deviation);
    /* Count activities (not changes) that entered each state during the
     * year: one bit per state per activity, in one pass over the changes. */
    unsigned *entered = ap_xcalloc(snap->n_activities + 1, sizeof *entered);
    for (size_t c = 0; c < snap->n_changes; c++) {
        const ap_change *ch = &snap->changes[c];
        if (ch->kind == AP_CHANGE_STATE && !ch->activity->removed)
            entered[ch->activity - snap->activities] |= 1u << ch->to;
    }
    for (size_t i = 0; i < snap->n_activities; i++)
        for (int k = 0; k < AP_STATE_COUNT; k++)
            an->entered[k] += (entered[i] >> k) & 1u;
    free(entered);
    for (size_t i = 0; i < snap->n_activities; i++)
        if (!snap->activities[i].removed)
            an->at_year_end[snap->activities[i].state]++;
    for (size_t i = 0; i < an->n_covered; i++)
        for (size_t k = 0; k < an->covered[i]->n_sdgs; k++)
            an->sdg_activities[an->covered[i]->sdgs[k]]++;
    *out = an;
    return AP_OK;
}

void ap_annual_free(ap_annual *an)
{
    if (!an)
        return;
    ap_snapshot_free(an->snap);
    free(an);
}

/* =========================================================================
 * The jobs
 * ========================================================================= */

static void report_path(char *out, size_t outsz, const char *dir, const char *stem,
                        const char *plan, const char *tail, const char *ext)
{
    char safe[256], name[512];
    ap_safe_filename(safe, sizeof safe, plan);
    snprintf(name, sizeof name, "%s-%s-%s.%s", stem, safe, tail, ext);
    ap_path_join(out, outsz, dir, name);
}

/* The workbook and the PDF are independent renderings of the same
 * read-only data: write them on two threads (two cores halve the wait). */
typedef struct xlsx_job {
    const ap_steering *st;
    const char *path;
    ap_error err;
    ap_rc rc;
} xlsx_job;

static void *xlsx_thread(void *arg)
{
    xlsx_job *job = arg;
    ap_error_clear(&job->err);
    job->rc = ap_xlsx_steering_write(job->st, job->path, &job->err);
    return NULL;
}

static ap_rc write_both(const ap_steering *st, const char *xlsx, const char *pdf, ap_error *err)
{
    xlsx_job job = {.st = st, .path = xlsx};
    pthread_t thread;
    bool threaded = pthread_create(&thread, NULL, xlsx_thread, &job) == 0;
    if (!threaded)
        xlsx_thread(&job);
    ap_rc rc = ap_pdf_steering_write(st, pdf, err);
    if (threaded)
        pthread_join(thread, NULL);
    if (job.rc != AP_OK && rc == AP_OK) {
        *err = job.err;
        return job.rc;
    }
    return rc;
}

ap_rc ap_report_steering(ap_store *s, int64_t plan_id, const ap_config *cfg, ap_date as_of,
                         ap_date since, const char *out_dir, char paths[2][4096], ap_error *err)
{
    /* The pack is registered: a pack of a day to come would be a false record. */
    ap_rc rc = ap_date_check_not_future(as_of, ap_date_today(), "--as-of", err);
    if (rc == AP_OK)
        rc = ap_mkdir_p(out_dir, err);
    if (rc != AP_OK)
        return rc;
    ap_steering *st = NULL;
    if ((rc = ap_steering_build(s, plan_id, cfg, as_of, since, &st, err)) != AP_OK)
        return rc;
    char d[11];
    ap_date_format(as_of, d);
    report_path(paths[0], 4096, out_dir, "styrgrupp", st->snap->key, d, "xlsx");
    report_path(paths[1], 4096, out_dir, "styrgrupp", st->snap->key, d, "pdf");
    rc = write_both(st, paths[0], paths[1], err);
    if (rc == AP_OK) {
        char files[8300];
        snprintf(files, sizeof files, "%s\n%s", paths[0], paths[1]);
        rc = ap_store_report_run_add(s, plan_id, "steering", as_of, st->since, files, err);
    }
    ap_steering_free(st);
    return rc;
}

ap_rc ap_report_annual(ap_store *s, int64_t plan_id, const ap_config *cfg, int year,
                       const char *out_dir, char paths[2][4096], ap_error *err)
{
    ap_rc rc = ap_mkdir_p(out_dir, err);
    if (rc != AP_OK)
        return rc;
    ap_annual *an = NULL;
    if ((rc = ap_annual_build(s, plan_id, cfg, year, &an, err)) != AP_OK)
        return rc;
    char y[16];
    snprintf(y, sizeof y, "%d", year);
    report_path(paths[0], 4096, out_dir, "arsrapport", an->snap->key, y,
                "pdf");
    report_path(paths[1], 4096, out_dir, "arsrapport", an->snap->key, y,
                "xlsx");
    rc = ap_pdf_annual_write(an, paths[0], err);
    if (rc == AP_OK)
        rc = ap_xlsx_annual_write(an, paths[1], err);
    if (rc == AP_OK) {
        char files[8300];
        snprintf(files, sizeof files, "%s\n%s", paths[0], paths[1]);
        rc = ap_store_report_run_add(s, plan_id, "annual", an->snap->as_of, an->snap->since,
                                     files, err);
    }
    ap_annual_free(an);
    return rc;
}
