/*
 * The two PDF reports through the library, on plans the test writes: the
 * empty cases (no goals, no history: every section has its "nothing here"
 * text) and a generated plan of 2,000 activities, checked by
 * tests/py/pdfcheck.py with independent readers (qpdf, pdftotext, pdfinfo)
 * against what the real command line says. "Today" is fixed at 2018-01-31.
 * The demo plan's reports are checked through the command line by
 * tests/py/test_steering_pdf.py and test_annual_pdf.py.
 */
#include "actionplan/csvimport.h"
#include "actionplan/i18n.h"
#include "actionplan/import.h"
#include "pdf_common.h"
#include "actionplan/planfile.h"
#include "render.h"
#include "actionplan/report.h"
#include "actionplan/store.h"
#include "fixture.h"
#include "test.h"

#include <libgen.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char tmpdir[64];
static char src_root[4096]; /* the source tree */
static char bin_dir[4096];  /* the build folder: this test and actionplan */

/* ---------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------- */

static const char *tmp_path(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", tmpdir, name);
    return buf;
}

/* Print err when rc failed, and count the check. */
static bool ok(ap_rc rc, const ap_error *err, const char *what)
{
    CHECK_INT(rc, AP_OK);
    if (rc != AP_OK)
        fprintf(stderr, "  %s: %s\n", what, err->msg);
    return rc == AP_OK;
}

/* Run the Python checker: pdfcheck.py KIND PDF DB ARGS... Exit 0 = pass. */
static void pdfcheck(const char *kind, const char *pdf, const char *db, const char *args)
{
    char cmd[16384];
    snprintf(cmd, sizeof cmd,
             "ACTIONPLAN_TODAY=2018-01-31 /usr/bin/python3 '%s/tests/py/pdfcheck.py' %s '%s' "
             "--db '%s' --bin '%s/actionplan' %s",
             src_root, kind, pdf, db, bin_dir, args);
    int rc = system(cmd);
    CHECK_INT(rc, 0);
    if (rc != 0)
        fprintf(stderr, "  failed: %s\n", cmd);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

/* Build and write the steering pack as of as_of. */
static bool write_steering(ap_store *s, int64_t plan, const char *as_of, const char *path)
{
    ap_config cfg;
    ap_config_defaults(&cfg);
    ap_error err = {0};
    ap_date d;
    ap_date_parse(as_of, &d);
    ap_steering *st = NULL;
    bool good = ok(ap_steering_build(s, plan, &cfg, d, AP_DATE_NONE, &st, &err), &err, "build") &&
                ok(ap_pdf_steering_write(st, path, &err), &err, "steering pdf");
    ap_steering_free(st);
    return good;
}

static bool write_annual(ap_store *s, int64_t plan, int year, const char *path)
{
    ap_config cfg;
    ap_config_defaults(&cfg);
    ap_error err = {0};
    ap_annual *an = NULL;
    bool good = ok(ap_annual_build(s, plan, &cfg, year, &an, &err), &err, "build") &&
                ok(ap_pdf_annual_write(an, path, &err), &err, "annual pdf");
    ap_annual_free(an);
    return good;
}

/* ---------------------------------------------------------------------------
 * Plans written by the test
 * ------------------------------------------------------------------------- */

static bool write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    fputs(text, f);
    return fclose(f) == 0;
}

/* A plan with no goals and no history at all: every section has its
 * "nothing here" text, and both reports are still whole documents. */
TEST(empty_plan)
{
    char ini[128], db[128], pdf[128];
    int64_t plan;
    tmp_path(ini, sizeof ini, "empty.ini");
    CHECK(write_text(ini, "[strategy]\nid = tom\ntitle = En tom plan\n"
                          "[focus 1]\ntitle = Ett område\n"
                          "[initiative 1.1]\ntitle = där kommunen gör något\n"
                          "[activity 1.1.1]\ntitle = Något\nowner = Kontoret\n"));
    ap_store *s = fx_store(tmp_path(db, sizeof db, "empty.db"), ini, NULL, NULL, &plan);
    REQUIRE(s);
    if (write_steering(s, plan, "2017-12-15", tmp_path(pdf, sizeof pdf, "empty-steering.pdf"))) {
        char cmd[512];
        snprintf(cmd, sizeof cmd,
                 "qpdf --check '%s' >/dev/null && pdftotext -layout '%s' - 2>/dev/null | "
                 "grep -q 'Inga aktiviteter avviker per 2017-12-15'",
                 pdf, pdf);
        CHECK_INT(system(cmd), 0);
    }
    if (write_annual(s, plan, 2017, tmp_path(pdf, sizeof pdf, "empty-annual.pdf"))) {
        char cmd[512];
        snprintf(cmd, sizeof cmd,
                 "qpdf --check '%s' >/dev/null && pdftotext -layout '%s' - 2>/dev/null | "
                 "grep -q 'Ingen aktivitet genomfördes under 2017'",
                 pdf, pdf);
        CHECK_INT(system(cmd), 0);
    }
    ap_store_close(s);
}

/* A plan of 8 focus areas x 10 initiative areas x 25 activities, three
 * goals, and a CSV with a report for most activities: green, yellow and
 * red with and without causes, some never reported, some overdue. */
static bool write_big_plan(const char *ini, const char *csv, const char *measures)
{
    ap_buf p = {0}, u = {0};
    ap_buf_puts(&p, "[strategy]\nid = stor\ntitle = Stora planen\norganisation = Storstads kommun\n"
                    "period = 2016-2022\nprocess_lead = Processledare, Storstad\n");
    for (int g = 1; g <= 3; g++)
        ap_buf_printf(&p,
                      "[goal M%d]\ntitle = Mål %d\nkind = effect\nindicator = Indikator %d\n"
                      "unit = st\nbaseline = 100\nbaseline_date = 2015-12-31\n"
                      "target = %d\ntarget_date = 2022-12-31\n",
                      g, g, g, 100 + 50 * g);
    ap_buf_puts(&u, "code,date,status,progress,comment,cause,action,by\n");
    for (int f = 1; f <= 8; f++) {
        ap_buf_printf(&p,
                      "[focus %d]\ntitle = Fokusområde nummer %d med en lång titel om "
                      "näringslivets utveckling\nlead = Ledare %d\n",
                      f, f, f);
        for (int i = 1; i <= 10; i++) {
            ap_buf_printf(&p,
                          "[initiative %d.%d]\ntitle = där kommunen arbetar med insats %d\n"
                          "approach = Genom att samverka med företagen i område %d.\n",
                          f, i, i, i);
            for (int a = 1; a <= 25; a++) {
                int k = (f * 31 + i * 7 + a) % 20;
                ap_buf_printf(&p,
                              "[activity %d.%d.%d]\ntitle = Aktivitet %d.%d.%d för "
                              "företagsklimatet\nowner = Kontor %d\nresponsible = Handläggare %d\n"
                              "due = %s\ngoals = M%d\nbudget = %d\nsdg = %d\n",
                              f, i, a, f, i, a, (a % 7) + 1, a % 5,
                              k == 0 ? "2017-06-30" : "2020-12-31", a % 3 + 1, 10000 * a,
                              a % 17 + 1);
                if (k == 1)
                    continue; /* never reported */
                const char *colour = k < 14 ? "Grön" : k < 18 ? "Gul" : "Röd";
                ap_buf_printf(&u,
                              "%d.%d.%d,2017-%02d-15,%s,%d,Läget i aktiviteten %d.%d.%d,%s,%s,"
                              "Rapportör %d\n",
                              f, i, a, k % 12 + 1, colour, k * 5, f, i, a,
                              k >= 14 && k % 3 ? "Resurserna räcker inte" : "",
                              k >= 14 ? "Prioritera om i budgeten" : "", a % 4);
            }
        }
    }
    bool ok = write_text(ini, ap_buf_str(&p)) && write_text(csv, ap_buf_str(&u)) &&
              write_text(measures,
                         "goal,date,value,source,by\nM1,2016-12-31,110,SCB,Analytiker\n"
                         "M1,2017-06-30,118,SCB,Analytiker\nM2,2016-12-31,104,SCB,Analytiker\n");
    ap_buf_free(&p);
    ap_buf_free(&u);
    return ok;
}

TEST(big_plan)
{
    char ini[128], csv[128], mea[128], db[128], pdf[128];
    int64_t plan;
    ap_set_language(AP_LANG_SV);
    REQUIRE(write_big_plan(tmp_path(ini, sizeof ini, "big.ini"),
                           tmp_path(csv, sizeof csv, "big.csv"),
                           tmp_path(mea, sizeof mea, "big-measures.csv")));
    ap_store *s = fx_store(tmp_path(db, sizeof db, "big.db"), ini, csv, mea, &plan);
    REQUIRE(s);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (write_steering(s, plan, "2017-12-15", tmp_path(pdf, sizeof pdf, "big.pdf"))) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        fprintf(stderr, "2,000 activities: steering pack %.2f s, %ld bytes, peak RSS %.0f MB\n",
                seconds_since(&t0), file_size(pdf), ru.ru_maxrss / 1024.0);
        pdfcheck("big", pdf, db, "--as-of 2017-12-15");
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (write_annual(s, plan, 2017, tmp_path(pdf, sizeof pdf, "big-annual.pdf"))) {
        fprintf(stderr, "2,000 activities: annual report %.2f s, %ld bytes\n", seconds_since(&t0),
                file_size(pdf));
        char cmd[256];
        snprintf(cmd, sizeof cmd, "qpdf --check '%s' >/dev/null", pdf);
        CHECK_INT(system(cmd), 0);
    }
    ap_store_close(s);
}

/* ---------------------------------------------------------------------------
 * Main
 * ------------------------------------------------------------------------- */

/* The plan as a sentence's subject says "plan" once: a title that already
 * names a plan is used as it is (issue 19: "Handlingsplanen för Kultur- och
 * fritidsplan …"). */
TEST(plan_name)
{
    ap_buf b = {0};
    CHECK_STR(ap_plan_name(&b, "Utvecklingskraft i Södertälje"),
              "Handlingsplanen för Utvecklingskraft i Södertälje");
    CHECK_STR(ap_plan_name(&b, "Kultur- och fritidsplan 2020–2024"),
              "Kultur- och fritidsplan 2020–2024");
    CHECK_STR(ap_plan_name(&b, "Handlingsplan för näringslivet"),
              "Handlingsplan för näringslivet");
    CHECK_STR(ap_plan_name(&b, "PLANEN för Östra"), "PLANEN för Östra");
    ap_set_language(AP_LANG_EN);
    CHECK_STR(ap_plan_name(&b, "Growth"), "The action plan for Growth");
    CHECK_STR(ap_plan_name(&b, "Culture plan"), "Culture plan");
    ap_set_language(AP_LANG_SV);
    ap_buf_free(&b);
}

/* The source tree from AP_TEST_DATA (<src>/tests/data), the build folder
 * from this program's own path. */
static void find_paths(void)
{
    snprintf(src_root, sizeof src_root, "%s/../..", AP_TEST_DATA);
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    self[n > 0 ? n : 0] = '\0';
    snprintf(bin_dir, sizeof bin_dir, "%s", n > 0 ? dirname(self) : ".");
}

int main(void)
{
    test_need("qpdf pdftotext pdfinfo /usr/bin/python3");
    setenv("ACTIONPLAN_TODAY", "2018-01-31", 1);
    snprintf(tmpdir, sizeof tmpdir, "/tmp/ap-pdfreports.XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    find_paths();
    RUN(plan_name);
    RUN(empty_plan);
    RUN(big_plan);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (!getenv("AP_KEEP_TMP") && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return test_summary();
}
