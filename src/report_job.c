/*
 * report_job.c - a report made into files: build its data (report.c),
 * render the workbook and the PDF (the renderers), place both files
 * together and register the report (report_register.c), or make a
 * registered one again. See report_job.h.
 */
#include "actionplan/report_job.h"
#include "lang_thread.h"
#include "render.h"
#include "actionplan/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
typedef ap_rc (*render_fn)(const void *data, const char *path, ap_error *err);

typedef struct xlsx_job {
    render_fn render;
    const void *data;
    const char *path;
    ap_error err;
    ap_rc rc;
} xlsx_job;

static void xlsx_run(void *arg)
{
    xlsx_job *job = arg;
    ap_error_clear(&job->err);
    job->rc = job->render(job->data, job->path, &job->err);
}

/* The workbook on a thread of its own while this one runs between (when
 * given; it may only read the data as well) and then writes the PDF. */
static ap_rc write_both(render_fn xlsx_render, render_fn pdf_render, const void *data,
                        const char *xlsx, const char *pdf, void (*between)(void *),
                        void *between_arg, ap_error *err)
{
    xlsx_job job = {.render = xlsx_render, .data = data, .path = xlsx};
    ap_lang_thread thread;
    if (!ap_lang_thread_start(&thread, xlsx_run, &job))
        xlsx_run(&job);
    if (between)
        between(between_arg);
    ap_rc rc = pdf_render(data, pdf, err);
    ap_lang_thread_join(&thread);
    if (job.rc != AP_OK && rc == AP_OK) {
        *err = job.err;
        return job.rc;
    }
    return rc;
}

static ap_rc steering_xlsx(const void *data, const char *path, ap_error *err)
{
    return ap_xlsx_steering_write(data, path, err);
}

static ap_rc steering_pdf(const void *data, const char *path, ap_error *err)
{
    return ap_pdf_steering_write(data, path, err);
}

static ap_rc annual_xlsx(const void *data, const char *path, ap_error *err)
{
    return ap_xlsx_annual_write(data, path, err);
}

static ap_rc annual_pdf(const void *data, const char *path, ap_error *err)
{
    return ap_pdf_annual_write(data, path, err);
}

/* While the pack's workbook is written: its digest (of the whole previous
 * snapshot), and then that snapshot let go. */
typedef struct digest_job {
    ap_steering *st;
    char *digest;
} digest_job;

static void take_digest(void *arg)
{
    digest_job *d = arg;
    ap_steering_digest(d->st, d->digest);
    ap_steering_drop_full_prev(d->st);
    ap_memory_release(); /* it was made on another thread, in that thread's heap */
}

/* Register a report just written: its files, the recording it was made
 * from, its settings and digest. */
static ap_rc register_report(ap_store *s, int64_t plan_id, const char *kind, ap_date as_of,
                             ap_date since, int64_t upto, ap_date made_on, const ap_config *cfg,
                             const char *digest, char paths[2][4096], int64_t *id, ap_error *err)
{
    char files[8300], settings[512];
    snprintf(files, sizeof files, "%s\n%s", paths[0], paths[1]);
    ap_report_settings_format(cfg, settings, sizeof settings);
    ap_report_rec r = {.plan_id = plan_id, .kind = kind, .as_of = as_of, .since = since,
                       .upto = upto, .settings = settings, .digest = digest,
                       .made_on = made_on, .files = files};
    int64_t got = 0;
    ap_rc rc = ap_store_begin(s, err);
    if (rc == AP_OK)
        rc = ap_store_report_add(s, &r, &got, err);
    if (rc == AP_OK)
        rc = ap_store_commit(s, err);
    else
        ap_store_rollback(s);
    if (id)
        *id = got;
    return rc;
}

/* The renderers write under the temporary names; a message of theirs
 * names the file the user asked for. */
static void name_final(ap_error *err, const ap_atomic *a)
{
    char *at = strstr(err->msg, a->tmp_path);
    if (!at)
        return;
    char tail[sizeof err->msg];
    snprintf(tail, sizeof tail, "%s", at + strlen(a->tmp_path));
    snprintf(at, sizeof err->msg - (size_t)(at - err->msg), "%s%s", a->final_path, tail);
}

/* A report's files did not all get written: say that none was. */
static ap_rc nothing_written(ap_rc rc, ap_error *err)
{
    ap_error_suffix(err, TR("; rapporten skrevs inte (inga filer ändrades)",
                            "; the report was not written (no file was changed)"));
    return rc;
}

/* Begin a report's two files under temporary names (paths: the finals). */
static ap_rc begin_files(ap_atomic_group *g, char paths[2][4096], ap_error *err)
{
    const char *finals[2] = {paths[0], paths[1]};
    return ap_atomic_group_begin(g, finals, 2, err);
}

/* After the renderers ran (rc): the files into place together, or none. */
static ap_rc place_files(ap_atomic_group *g, ap_rc rc, ap_error *err)
{
    if (rc != AP_OK) {
        name_final(err, &g->files[0]);
        name_final(err, &g->files[1]);
        ap_atomic_group_undo(g);
        return nothing_written(rc, err);
    }
    rc = ap_atomic_group_place(g, err);
    return rc == AP_OK ? AP_OK : nothing_written(rc, err);
}

/* The files are in place: register the run, or take the files back. */
static ap_rc register_or_undo(ap_atomic_group *g, ap_rc rc, ap_error *err)
{
    if (rc == AP_OK) {
        ap_atomic_group_keep(g);
        return AP_OK;
    }
    ap_atomic_group_undo(g);
    ap_error_suffix(err, TR("; rapporten registrerades inte, och dess filer togs bort (filer "
                            "med samma namn från förut är kvar)",
                            "; the report was not registered, and its files were removed (files "
                            "of the same names from before are kept)"));
    return rc;
}

/* Who wrote each assessment, left out. */
static void hide_assessments(ap_assessment *list, size_t n, ap_assessment *plan)
{
    for (size_t i = 0; i < n; i++)
        list[i].by = NULL;
    plan->by = NULL;
}

void ap_steering_hide_people(ap_steering *st)
{
    ap_snapshot_hide_people(st->snap);
    if (st->prev)
        ap_snapshot_hide_people(st->prev);
    if (st->assessments)
        hide_assessments(st->assessments, st->snap->n_focus, &st->plan_assessment);
}

void ap_annual_hide_people(ap_annual *an)
{
    ap_snapshot_hide_people(an->snap);
    if (an->assessments)
        hide_assessments(an->assessments, an->snap->n_focus, &an->plan_assessment);
}

/* Write the pack's two files, placed in g; digest receives its data's
 * digest. */
static ap_rc steering_files(ap_store *s, int64_t plan_id, const ap_config *cfg, ap_date as_of,
                            ap_date since, const ap_report_time *t, const char *out_dir,
                            char paths[2][4096], ap_steering **out, char digest[65],
                            bool hide_people, ap_atomic_group *g, ap_error *err)
{
    *out = NULL;
    ap_rc rc = ap_mkdir_p(out_dir, err);
    ap_steering *st = NULL;
    if (rc != AP_OK || (rc = ap_steering_build_at(s, plan_id, cfg, as_of, since, t, &st, err)) !=
                           AP_OK)
        return rc;
    char d[11];
    ap_date_format(as_of, d);
    report_path(paths[0], 4096, out_dir, "styrgrupp", st->snap->key, d, "xlsx");
    report_path(paths[1], 4096, out_dir, "styrgrupp", st->snap->key, d, "pdf");
    /* The renderers see the previous pack's outline; the digest, taken of
     * the data before any name is hidden, the whole snapshot. Without
     * hiding, the digest is taken while the workbook is being written. */
    bool digest_now = hide_people;
    if (digest_now) {
        ap_steering_digest(st, digest);
        ap_steering_hide_people(st);
    }
    ap_steering_outline_prev(st);
    if (digest_now)
        ap_steering_drop_full_prev(st);
    rc = begin_files(g, paths, err);
    if (rc == AP_OK)
        rc = place_files(g,
                         write_both(steering_xlsx, steering_pdf, st, g->files[0].tmp_path,
                                    g->files[1].tmp_path, digest_now ? NULL : take_digest,
                                    &(digest_job){st, digest}, err),
                         err);
    if (rc != AP_OK) {
        ap_steering_free(st);
        return rc;
    }
    *out = st;
    return AP_OK;
}

ap_rc ap_report_steering(ap_store *s, int64_t plan_id, const ap_config *cfg, ap_date as_of,
                         ap_date since, const ap_report_time *t, const char *out_dir,
                         char paths[2][4096], int64_t *id, ap_error *err)
{
    ap_steering *st = NULL;
    ap_atomic_group g;
    char digest[65];
    /* The pack is registered: a pack of a day to come would be a false record. */
    ap_rc rc = ap_date_check_not_future(as_of, ap_date_today(), "--as-of", err);
    if (rc == AP_OK)
        rc = steering_files(s, plan_id, cfg, as_of, since, t, out_dir, paths, &st, digest, false,
                            &g, err);
    if (rc == AP_OK)
        rc = register_or_undo(&g,
                              register_report(s, plan_id, "steering", as_of, st->since, st->upto,
                                              st->made_on, cfg, digest, paths, id, err),
                              err);
    ap_steering_free(st);
    return rc;
}

static ap_rc annual_files(ap_store *s, int64_t plan_id, const ap_config *cfg, int year,
                          const ap_report_time *t, const char *out_dir, char paths[2][4096],
                          ap_annual **out, char digest[65], bool hide_people, ap_atomic_group *g,
                          ap_error *err)
{
    *out = NULL;
    ap_rc rc = ap_mkdir_p(out_dir, err);
    ap_annual *an = NULL;
    if (rc != AP_OK || (rc = ap_annual_build_at(s, plan_id, cfg, year, t, &an, err)) != AP_OK)
        return rc;
    char y[16];
    snprintf(y, sizeof y, "%d", year);
    report_path(paths[0], 4096, out_dir, "arsrapport", an->snap->key, y, "pdf");
    report_path(paths[1], 4096, out_dir, "arsrapport", an->snap->key, y, "xlsx");
    ap_annual_digest(an, digest);
    if (hide_people)
        ap_annual_hide_people(an);
    /* The report shows no change list (its counts are made): a year of a
     * large plan's changes need not stay in memory beside the PDF's pages. */
    ap_snapshot_drop_changes(an->snap);
    rc = begin_files(g, paths, err);
    if (rc == AP_OK)
        rc = place_files(g,
                         write_both(annual_xlsx, annual_pdf, an, g->files[1].tmp_path,
                                    g->files[0].tmp_path, NULL, NULL, err),
                         err);
    if (rc != AP_OK) {
        ap_annual_free(an);
        return rc;
    }
    *out = an;
    return AP_OK;
}

ap_rc ap_report_annual(ap_store *s, int64_t plan_id, const ap_config *cfg, int year,
                       const ap_report_time *t, const char *out_dir, char paths[2][4096],
                       int64_t *id, ap_error *err)
{
    ap_annual *an = NULL;
    ap_atomic_group g;
    char digest[65];
    ap_rc rc = annual_files(s, plan_id, cfg, year, t, out_dir, paths, &an, digest, false, &g,
                            err);
    if (rc == AP_OK)
        rc = register_or_undo(&g,
                              register_report(s, plan_id, "annual", an->snap->as_of,
                                              AP_DATE_NONE, an->upto, an->made_on, cfg, digest,
                                              paths, id, err),
                              err);
    ap_annual_free(an);
    return rc;
}

/* What making registered report id again starts with: its row (kind must
 * match), its settings over cfg into *again, its recording and date into
 * *t; the language set to its. */
static ap_rc again_prepare(ap_store *s, int64_t id, const char *kind, const ap_config *cfg,
                           ap_arena *arena, ap_report_rec *r, ap_config *again,
                           ap_report_time *t, ap_error *err)
{
    bool found = false;
    ap_rc rc = ap_store_report_get(s, id, arena, r, &found, err);
    if (rc != AP_OK)
        return rc;
    if (!found)
        return ap_error_set(err, AP_E_NOTFOUND,
                            TR("det finns ingen rapport %lld i registret (se 'actionplan report "
                               "list')",
                               "there is no report %lld in the register (see 'actionplan report "
                               "list')"),
                            (long long)id);
    if (kind && strcmp(r->kind, kind) != 0)
        return ap_error_set(err, AP_E_USAGE,
                            TR("rapport %lld är ingen %s: använd 'report %s --again %lld'",
                               "report %lld is not a %s report: use 'report %s --again %lld'"),
                            (long long)id, kind, r->kind, (long long)id);
    if (!r->digest || r->upto <= 0)
        return ap_error_set(err, AP_E_INPUT,
                            TR("rapport %lld gjordes före registret (schema 3) och kan inte göras "
                               "om exakt",
                               "report %lld was made before the register (schema 3) and cannot be "
                               "made again exactly"),
                            (long long)id);
    *again = *cfg;
    if (!ap_report_settings_apply(r->settings, again))
        return ap_error_set(err, AP_E_DB,
                            TR("rapport %lld: inställningarna i registret går inte att läsa",
                               "report %lld: the register's settings cannot be read"),
                            (long long)id);
    ap_set_language(again->language);
    *t = (ap_report_time){r->upto, r->made_on};
    return AP_OK;
}

/* A report made again must have the data it had: its digest. */
static ap_rc same_digest(int64_t id, const char *digest, const ap_report_rec *r, ap_error *err)
{
    if (strcmp(digest, r->digest) == 0)
        return AP_OK;
    return ap_error_set(err, AP_E_INTERNAL,
                        TR("rapport %lld blev inte densamma: dess data har sammanfattningen %s, "
                           "registret säger %s",
                           "report %lld did not come out the same: its data digests to %s, the "
                           "register says %s"),
                        (long long)id, digest, r->digest);
}

ap_rc ap_report_again_public(ap_store *s, int64_t id, const char *kind, const ap_config *cfg,
                             bool hide_people, const char *out_dir, char paths[2][4096],
                             ap_arena *arena, ap_report_rec *r, ap_error *err)
{
    ap_config again;
    ap_report_time t;
    ap_rc rc = again_prepare(s, id, kind, cfg, arena, r, &again, &t, err);
    if (rc != AP_OK)
        return rc;
    ap_atomic_group g;
    char digest[65];
    if (strcmp(r->kind, "steering") == 0) {
        ap_steering *st = NULL;
        rc = steering_files(s, r->plan_id, &again, r->as_of, r->since, &t, out_dir, paths, &st,
                            digest, hide_people, &g, err);
        ap_steering_free(st);
    } else {
        ap_annual *an = NULL;
        rc = annual_files(s, r->plan_id, &again, ap_date_year(r->as_of), &t, out_dir, paths, &an,
                          digest, hide_people, &g, err);
        ap_annual_free(an);
    }
    if (rc == AP_OK) /* a report made again is not registered again */
        ap_atomic_group_keep(&g);
    if (rc == AP_OK)
        rc = same_digest(id, digest, r, err);
    return rc;
}

ap_rc ap_report_again(ap_store *s, int64_t id, const char *kind, const ap_config *cfg,
                      const char *out_dir, char paths[2][4096], ap_arena *arena,
                      ap_report_rec *r, ap_error *err)
{
    return ap_report_again_public(s, id, kind, cfg, false, out_dir, paths, arena, r, err);
}

ap_rc ap_report_annual_again_data(ap_store *s, int64_t id, const ap_config *cfg,
                                  ap_config *again, ap_arena *arena, ap_report_rec *r,
                                  ap_annual **out, ap_error *err)
{
    *out = NULL;
    ap_report_time t;
    ap_rc rc = again_prepare(s, id, "annual", cfg, arena, r, again, &t, err);
    ap_annual *an = NULL;
    if (rc == AP_OK)
        rc = ap_annual_build_at(s, r->plan_id, again, ap_date_year(r->as_of), &t, &an, err);
    if (rc == AP_OK) {
        char digest[65];
        ap_annual_digest(an, digest);
        rc = same_digest(id, digest, r, err);
    }
    if (rc != AP_OK) {
        ap_annual_free(an);
        return rc;
    }
    *out = an;
    return AP_OK;
}
