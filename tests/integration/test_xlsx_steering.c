/* Tests of the steering pack's workbook (xlsx_steering.c, xlsx_common.c).
 *
 * A database is built in a temporary folder through the library (the demo
 * plan, its updates and measurements, "today" fixed at 2018-01-31), the
 * pack is written, and tests/py/check_steering_xlsx.py reads it back with
 * openpyxl and compares it with the plan's `list --json` as of the same
 * date (and the change sheet with the demo CSV itself). Also: the English
 * pack, the change column against a previous pack, a generated plan of
 * 2,000 activities (timed), and the failures - a missing folder, invalid
 * UTF-8, a bad sheet name, a Swedish numeric locale - each leaving no file
 * behind and an existing file untouched.
 *
 * The files are removed when every check passes, unless AP_KEEP is set in
 * the environment (to look at them); they are kept, and named, on failure. */
#include "actionplan/config.h"
#include "actionplan/csvimport.h"
#include "actionplan/i18n.h"
#include "actionplan/import.h"
#include "actionplan/json.h"
#include "render.h"
#include "actionplan/report.h"
#include "xlsx_common.h"
#include "xlsx_reader.h"
#include "fixture.h"
#include "test.h"

#include <dirent.h>
#include <locale.h>
#include <malloc.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#define SRC AP_TEST_DATA "/../.."
#define PYTHON "/usr/bin/python3"
#define CHECKER SRC "/tests/py/check_steering_xlsx.py"
#define DEMO_PLAN SRC "/plans/sodertalje-2016.ini"
#define DEMO_UPDATES SRC "/plans/sodertalje-2016-updates.csv"
#define DEMO_MEASURES SRC "/plans/sodertalje-2016-measures.csv"

static char tmp[256]; /* the test's folder */
static ap_config cfg;

/* =========================================================================
 * Helpers
 * ========================================================================= */

static const char *in_tmp(const char *name)
{
    static char paths[8][512];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, 512, "%s/%s", tmp, name);
    return p;
}

static ap_date date(const char *s)
{
    ap_date d = AP_DATE_NONE;
    ap_date_parse(s, &d);
    return d;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Files in the test folder whose name ends in ".tmp": none may survive. */
static int temp_files_left(void)
{
    int n = 0;
    DIR *d = opendir(tmp);
    for (struct dirent *e; d && (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        n += len > 4 && strcmp(e->d_name + len - 4, ".tmp") == 0;
    }
    if (d)
        closedir(d);
    return n;
}

static char *slurp(const char *path, size_t *len)
{
    char *data = NULL;
    ap_error err;
    if (ap_read_file(path, &data, len, &err) != AP_OK)
        return NULL;
    return data;
}

/* A new database in the test folder with a plan file and its CSVs. */
static ap_store *make_store(const char *db, const char *plan, const char *updates,
                            const char *measures, int64_t *plan_id)
{
    ap_store *s = fx_store(in_tmp(db), plan, updates, measures, plan_id);
    CHECK(s != NULL);
    return s;
}

/* `list --json` of the pack's snapshot, for the checker. */
static void write_list_json(const ap_snapshot *snap, const char *path)
{
    ap_buf b = {0};
    ap_json j;
    ap_json_init(&j, &b, true);
    ap_json_plan(&j, snap, NULL, true);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fwrite(b.p, 1, b.len, f);
        fclose(f);
    }
    ap_buf_free(&b);
}

/* Build the pack as of as_of and write its workbook and list JSON. */
static bool write_pack(ap_store *s, int64_t plan_id, const char *as_of, const char *xlsx,
                       const char *json)
{
    ap_steering *st = NULL;
    ap_error err;
    ap_rc rc = ap_steering_build(s, plan_id, &cfg, date(as_of), AP_DATE_NONE, &st, &err);
    if (rc == AP_OK)
        rc = ap_xlsx_steering_write(st, in_tmp(xlsx), &err);
    if (rc != AP_OK)
        fprintf(stderr, "write_pack %s: %s\n", as_of, err.msg);
    if (rc == AP_OK && json)
        write_list_json(st->snap, in_tmp(json));
    ap_steering_free(st);
    return rc == AP_OK;
}

/* Run the checker; true when it passes. */
static bool checker(const char *xlsx, const char *args)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "%s %s %s %s", PYTHON, CHECKER, in_tmp(xlsx), args);
    int rc = system(cmd);
    if (rc != 0)
        fprintf(stderr, "checker failed (%d): %s\n", rc, cmd);
    return rc == 0;
}

/* =========================================================================
 * The demo plan
 * ========================================================================= */

static ap_store *demo;
static int64_t demo_id;

TEST(demo_pack_as_of_2017_12_15)
{
    char args[2048];
    CHECK(write_pack(demo, demo_id, "2017-12-15", "demo.xlsx", "demo.json"));
    snprintf(args, sizeof args, "--list %s --since 2017-09-15 --updates %s --plan %s --soffice",
             in_tmp("demo.json"), DEMO_UPDATES, DEMO_PLAN);
    CHECK(checker("demo.xlsx", args));
    CHECK_INT(temp_files_left(), 0);
}

/* As of 2017-06-15, 1.4.1 is yellow without a cause in its spell; 3.2.2's
 * April report gave none either, but its September report of the same
 * yellow spell did: that cause is shown, dated. */
TEST(demo_pack_cause_missing)
{
    char args[2048];
    CHECK(write_pack(demo, demo_id, "2017-06-15", "june.xlsx", "june.json"));
    snprintf(args, sizeof args,
             "--list %s --since 2017-03-16 --updates %s --plan %s --cause-missing 1.4.1",
             in_tmp("june.json"), DEMO_UPDATES, DEMO_PLAN);
    CHECK(checker("june.xlsx", args));
}

TEST(demo_pack_in_english)
{
    char args[2048];
    ap_set_language(AP_LANG_EN);
    CHECK(write_pack(demo, demo_id, "2017-12-15", "english.xlsx", "english.json"));
    ap_set_language(AP_LANG_SV);
    snprintf(args, sizeof args, "--lang en --list %s --since 2017-09-15 --updates %s --plan %s",
             in_tmp("english.json"), DEMO_UPDATES, DEMO_PLAN);
    CHECK(checker("english.xlsx", args));
}

/* With a pack recorded as of 2017-06-15 (june.xlsx above), the overview
 * compares with it - focus area 3 went from yellow to green - and the
 * change window starts there. Runs last on the demo database. */
TEST(demo_pack_against_previous)
{
    char args[2048];
    ap_error err;
    ap_steering *st = NULL;
    ap_report_rec june = {.plan_id = demo_id, .kind = "steering", .as_of = date("2017-06-15"),
                          .since = date("2017-03-16"), .files = "june.xlsx"};
    int64_t june_id = 0;
    CHECK(ap_store_begin(demo, &err) == AP_OK);
    CHECK(ap_store_report_add(demo, &june, &june_id, &err) == AP_OK);
    CHECK(ap_store_commit(demo, &err) == AP_OK);
    CHECK(ap_steering_build(demo, demo_id, &cfg, date("2017-12-15"), AP_DATE_NONE, &st, &err) ==
          AP_OK);
    if (!st)
        return;
    CHECK(st->since_is_previous && st->since == date("2017-06-15"));
    CHECK_INT(ap_steering_prev_status(st, "3"), AP_ST_YELLOW);
    CHECK_INT(ap_snapshot_focus(st->snap, "3")->rollup.status, AP_ST_GREEN);
    CHECK(ap_xlsx_steering_write(st, in_tmp("second.xlsx"), &err) == AP_OK);
    write_list_json(st->snap, in_tmp("second.json"));
    ap_steering_free(st);
    snprintf(args, sizeof args, "--list %s --prev %s --since 2017-06-15 --updates %s --plan %s",
             in_tmp("second.json"), in_tmp("june.json"), DEMO_UPDATES, DEMO_PLAN);
    CHECK(checker("second.xlsx", args));
}

/* =========================================================================
 * Failures leave nothing behind
 * ========================================================================= */

TEST(missing_folder_is_an_error)
{
    ap_steering *st = NULL;
    ap_error err;
    CHECK(ap_steering_build(demo, demo_id, &cfg, date("2017-12-15"), AP_DATE_NONE, &st, &err) ==
          AP_OK);
    ap_rc rc = ap_xlsx_steering_write(st, in_tmp("no/such/folder/x.xlsx"), &err);
    CHECK_INT(rc, AP_E_IO);
    CHECK_CONTAINS(err.msg, "no/such/folder");
    ap_steering_free(st);
}

/* Invalid UTF-8 would corrupt the workbook: refused, the old file stays. */
TEST(invalid_utf8_keeps_the_old_file)
{
    ap_steering *st = NULL;
    ap_error err;
    size_t before_len = 0, after_len = 0;
    char *before = slurp(in_tmp("demo.xlsx"), &before_len);
    CHECK(before != NULL);
    CHECK(ap_steering_build(demo, demo_id, &cfg, date("2017-12-15"), AP_DATE_NONE, &st, &err) ==
          AP_OK);
    st->snap->activities[0].title = "Trasig \xff titel";
    ap_rc rc = ap_xlsx_steering_write(st, in_tmp("demo.xlsx"), &err);
    CHECK_INT(rc, AP_E_INPUT);
    CHECK_CONTAINS(err.msg, "UTF-8");
    CHECK_CONTAINS(err.msg, "demo.xlsx");
    char *after = slurp(in_tmp("demo.xlsx"), &after_len);
    CHECK(after && before && after_len == before_len && memcmp(after, before, after_len) == 0);
    CHECK_INT(temp_files_left(), 0);
    free(before);
    free(after);
    ap_steering_free(st);
}

/* The plan's title also goes into the document properties. */
TEST(invalid_utf8_in_the_plan_title)
{
    ap_steering *st = NULL;
    ap_error err;
    CHECK(ap_steering_build(demo, demo_id, &cfg, date("2017-12-15"), AP_DATE_NONE, &st, &err) ==
          AP_OK);
    st->snap->title = "Utvecklingskraft i S\xc3";
    CHECK_INT(ap_xlsx_steering_write(st, in_tmp("title.xlsx"), &err), AP_E_INPUT);
    CHECK_CONTAINS(err.msg, "UTF-8");
    CHECK(!exists(in_tmp("title.xlsx")));
    CHECK_INT(temp_files_left(), 0);
    ap_steering_free(st);
}

TEST(bad_sheet_name_is_an_error)
{
    ap_xlw x;
    ap_error err;
    ap_xlw_doc doc = {.created = AP_DATE_NONE};
    CHECK(ap_xlw_open(&x, in_tmp("bad.xlsx"), &doc, &err) == AP_OK);
    CHECK(ap_xlw_sheet(&x, "Förslag/uppföljning") == NULL);
    CHECK(ap_xlw_sheet(&x, "Ett bladnamn som är längre än trettioen tecken") == NULL);
    CHECK_INT(ap_xlw_close(&x, &err), AP_E_INTERNAL);
    CHECK_CONTAINS(err.msg, "Förslag/uppföljning");
    CHECK(!exists(in_tmp("bad.xlsx")));
    CHECK_INT(temp_files_left(), 0);
}

/* Under a decimal comma libxlsxwriter writes a corrupt workbook: refused.
 * Where the system has no Swedish locale, one is compiled into the test's
 * folder (localedef, Debian's locales) and found through LOCPATH. */
TEST(swedish_numeric_locale_is_refused)
{
    ap_xlw x;
    ap_error err;
    ap_xlw_doc doc = {.created = AP_DATE_NONE};
    if (!setlocale(LC_NUMERIC, "sv_SE.UTF-8")) {
        char cmd[1024];
        snprintf(cmd, sizeof cmd, "localedef -i sv_SE -f UTF-8 '%s/sv_SE.UTF-8' 2>/dev/null", tmp);
        int rc = system(cmd);
        setenv("LOCPATH", tmp, 1);
        REQUIRE(rc == 0 && setlocale(LC_NUMERIC, "sv_SE.UTF-8"));
    }
    CHECK_INT(ap_xlw_open(&x, in_tmp("comma.xlsx"), &doc, &err), AP_E_INTERNAL);
    CHECK_CONTAINS(err.msg, "LC_NUMERIC");
    CHECK(!exists(in_tmp("comma.xlsx")));
    setlocale(LC_NUMERIC, "C");
}

/* =========================================================================
 * Measuring text
 * ========================================================================= */

TEST(text_measures)
{
    CHECK_INT(ap_xlw_text_lines("Grön", 10, false), 1);
    CHECK_INT(ap_xlw_text_lines("", 10, false), 1);
    CHECK_INT(ap_xlw_text_lines("en\ntvå\ntre", 40, false), 3);
    /* 40 words of 8 letters in a 20-unit column: many lines, not one. */
    char long_text[512] = "";
    for (int i = 0; i < 40; i++)
        strcat(long_text, "ärendena ");
    int lines = ap_xlw_text_lines(long_text, 20, false);
    CHECK(lines >= 14 && lines <= 24);
    CHECK(ap_xlw_text_lines(long_text, 20, true) >= lines);
    /* Wider letters measure wider; a word longer than the column breaks. */
    CHECK(ap_xlw_text_width("MMMM", false) > ap_xlw_text_width("iiii", false));
    CHECK(ap_xlw_text_width("Grön", true) > ap_xlw_text_width("Grön", false));
    CHECK(ap_xlw_text_lines("Näringslivsutvecklare", 8, false) >= 2);
    CHECK(ap_xlw_row_height(1) >= 15);
    CHECK(ap_xlw_row_height(3) > ap_xlw_row_height(2));
}

/* =========================================================================
 * A plan of 2,000 activities
 * ========================================================================= */

#define BIG_FOCUS 10
#define BIG_INITIATIVES 10
#define BIG_ACTIVITIES 20 /* per initiative area: 2,000 in all */

static void big_plan_file(const char *path)
{
    FILE *f = fopen(path, "w");
    fprintf(f, "[strategy]\nid = stor-plan\ntitle = En stor plan för Ödeshög & Åre\n"
               "organisation = Region Östergötland\nperiod = 2017-2020\n");
    fprintf(f, "[goal M1]\ntitle = Fler jobb\nkind = effect\nbaseline = 100\n"
               "baseline_date = 2016-12-31\ntarget = 200\ntarget_date = 2020-12-31\n");
    for (int fo = 1; fo <= BIG_FOCUS; fo++) {
        fprintf(f, "[focus %d]\ntitle = Fokusområde %d: örat mot marken i näringslivet\n", fo, fo);
        for (int in = 1; in <= BIG_INITIATIVES; in++) {
            fprintf(f,
                    "[initiative %d.%d]\ntitle = där kommunen samverkar med aktörer i "
                    "regionen för ökad kunskap (%d.%d)\n",
                    fo, in, fo, in);
            for (int a = 1; a <= BIG_ACTIVITIES; a++) {
                int n = (fo * 31 + in * 7 + a) % 10;
                fprintf(f,
                        "[activity %d.%d.%d]\ntitle = Åtgärd %d.%d.%d: utveckla "
                        "ärendehanteringen och följa upp företagens synpunkter\n"
                        "owner = Förvaltning %c\nresponsible = Handläggare %d\n"
                        "start = 2017-01-01\ndue = %s\nbudget = %d\ngoals = M1\n%s",
                        fo, in, a, fo, in, a, 'A' + n, a, n == 3 ? "2017-06-30" : "2019-12-31",
                        10000 * (n + 1), n == 7 ? "state = proposed\n" : "");
            }
        }
    }
    fclose(f);
}

/* Two or three reports per activity, some yellow or red without a cause,
 * a tenth never reported. */
static void big_updates_file(const char *path)
{
    static const char *colors[] = {"grön", "gul", "röd", "Grön", "grön"};
    FILE *f = fopen(path, "w");
    fprintf(f, "code,date,status,progress,comment,cause,action,by\n");
    for (int fo = 1; fo <= BIG_FOCUS; fo++)
        for (int in = 1; in <= BIG_INITIATIVES; in++)
            for (int a = 1; a <= BIG_ACTIVITIES; a++) {
                int n = (fo * 31 + in * 7 + a) % 10;
                if (n == 7 || n == 9)
                    continue;
                for (int k = 0; k < 2 + n % 2; k++) {
                    const char *c = colors[(n + k) % 5];
                    fprintf(f,
                            "%d.%d.%d,2017-%02d-15,%s,%d,\"Rapport %d: arbetet går vidare, "
                            "\"\"enligt plan\"\" med små förseningar i höstas\",%s,%s,Åsa Öberg\n",
                            fo, in, a, 3 + 4 * k, c, 20 * (k + 1), k,
                            n % 4 == 1 ? "" : "Resursbrist på förvaltningen",
                            "Omprioritera i styrgruppen");
                }
            }
    fclose(f);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (t1.tv_nsec - t0->tv_nsec) / 1e9;
}

TEST(big_plan_of_2000_activities)
{
    int64_t id = 0;
    ap_steering *st = NULL;
    ap_error err;
    struct timespec t0;
    big_plan_file(in_tmp("big.ini"));
    big_updates_file(in_tmp("big-updates.csv"));
    ap_store *s = make_store("big.db", in_tmp("big.ini"), in_tmp("big-updates.csv"), NULL, &id);
    if (!s)
        return;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK(ap_steering_build(s, id, &cfg, date("2018-01-31"), AP_DATE_NONE, &st, &err) == AP_OK);
    double built = seconds_since(&t0);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK(st && ap_xlsx_steering_write(st, in_tmp("big.xlsx"), &err) == AP_OK);
    double written = seconds_since(&t0);
    if (st) {
        CHECK_INT(st->snap->n_activities, 2000);
        CHECK(st->n_active > 1500 && st->n_deviations > 200 && st->n_chase > 100);
        write_list_json(st->snap, in_tmp("big.json"));
    }
    fprintf(stderr, "2,000 activities: pack built in %.2f s, workbook written in %.2f s\n", built,
            written);
    CHECK(written < 10.0); /* about 0.3 s in a debug build; generous for sanitizers */
    char args[1024];
    snprintf(args, sizeof args, "--list %s", in_tmp("big.json"));
    CHECK(checker("big.xlsx", args));
    ap_steering_free(st);
    ap_store_close(s);
}

/* =========================================================================
 * Tables in constant memory
 * ========================================================================= */

/* Kilobytes of the process's peak resident memory since the last reset. */
static long peak_kb(void)
{
    char line[256];
    long kb = -1;
    FILE *f = fopen("/proc/self/status", "r");
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0)
            kb = atol(line + 6);
    if (f)
        fclose(f);
    return kb;
}

/* Start measuring the peak from the memory in use now (freed memory
 * given back first, so that a table cannot hide in what earlier tests
 * left in the heap). */
static bool reset_peak(void)
{
    malloc_trim(0);
    FILE *f = fopen("/proc/self/clear_refs", "w");
    bool ok = f && fputs("5", f) >= 0;
    if (f)
        ok = fclose(f) == 0 && ok;
    return ok;
}

#define STREAM_ROWS 40000

static const ap_xlw_column stream_cols[] = {
    {"Kod", AP_XCOL_TEXT, 5, 8},
    {"Aktivitet", AP_XCOL_TEXT, 20, 30},
    {"Slutdatum", AP_XCOL_DATE, 0, 0},
    {"Status", AP_XCOL_STATUS, 0, 0},
};

/* A workbook of one table of STREAM_ROWS rows, every text its own; the
 * growth of the peak memory while it is written, in kilobytes. */
static long write_stream_table(const char *path, bool in_memory)
{
    ap_xlw x;
    ap_error err;
    ap_xlw_doc doc = {.created = date("2018-01-31"), .in_memory = in_memory};
    char code[32], title[256];
    long before = -1;
    if (!reset_peak() || (before = peak_kb()) < 0)
        return -1;
    CHECK(ap_xlw_open(&x, path, &doc, &err) == AP_OK);
    lxw_worksheet *ws = ap_xlw_sheet(&x, "Aktiviteter");
    ap_xlw_table t;
    ap_xlw_table_begin(&t, &x, ws, 0, stream_cols, 4);
    while (ap_xlw_table_pass(&t))
        for (int i = 0; i < STREAM_ROWS; i++) {
            snprintf(code, sizeof code, "%d.%d", i / 100 + 1, i % 100 + 1);
            snprintf(title, sizeof title,
                     "Aktivitet nummer %d som handlar om något %s", i,
                     i % 1000 == 0 ? "med en titel lång nog att brytas på flera rader i "
                                     "kolumnen, så att raden blir högre än de andra"
                                   : "kort");
            ap_xlw_table_row(&t);
            ap_xlw_cell_text(&t, code);
            ap_xlw_cell_text(&t, title);
            ap_xlw_cell_date(&t, date("2018-12-31") + i % 365);
            ap_xlw_cell_status(&t, (ap_status)(i % 3));
        }
    ap_xlw_table_end(&t);
    CHECK_INT(ap_xlw_close(&x, &err), AP_OK);
    return peak_kb() - before;
}

/* The report tables write row after row in libxlsxwriter's constant-memory
 * mode: the memory a table costs does not grow with its rows (issue 18),
 * and what is written is the same table. */
TEST(table_rows_in_constant_memory)
{
    long streamed = write_stream_table(in_tmp("stream.xlsx"), false);
    long kept = write_stream_table(in_tmp("kept.xlsx"), true);
    ap_xlsx_book *book[2] = {NULL, NULL};
    ap_xlsx_sheet *sheet[2] = {NULL, NULL};
    ap_error err;
    const char *files[2] = {in_tmp("stream.xlsx"), in_tmp("kept.xlsx")};
    for (int i = 0; i < 2; i++) {
        REQUIRE(ap_xlsx_open(files[i], &book[i], &err) == AP_OK);
        REQUIRE(ap_xlsx_load_sheet(book[i], 0, &sheet[i], &err) == AP_OK);
    }
    CHECK_INT(ap_xlsx_sheet_rows(sheet[0]), STREAM_ROWS + 1);
    CHECK_INT(ap_xlsx_sheet_ncells(sheet[0]), ap_xlsx_sheet_ncells(sheet[1]));
    for (size_t i = 0; i < ap_xlsx_sheet_ncells(sheet[0]); i += 997) {
        ap_xlsx_value a = ap_xlsx_sheet_cell_at(sheet[0], i), b = ap_xlsx_sheet_cell_at(sheet[1], i);
        CHECK(a.row == b.row && a.col == b.col && a.type == b.type);
        CHECK_STR(a.text, b.text);
    }
    ap_xlsx_value last = ap_xlsx_cell(sheet[0], STREAM_ROWS, 1);
    CHECK_CONTAINS(last.text, "Aktivitet nummer 39999");
    for (int i = 0; i < 2; i++) {
        ap_xlsx_sheet_free(sheet[i]);
        ap_xlsx_free(book[i]);
    }
#if defined(__SANITIZE_ADDRESS__)
    (void)streamed;
    (void)kept; /* the sanitizer's allocator keeps freed memory: no measure */
#else
    if (streamed >= 0 && kept >= 0) {
        /* 160,000 cells kept cost tens of megabytes; streamed, a row. */
        fprintf(stderr, "table of %d rows: peak +%ld kB streamed, +%ld kB kept in memory\n",
                STREAM_ROWS, streamed, kept);
        CHECK(streamed < 8 * 1024);
        CHECK(kept > 3 * streamed);
    }
#endif
}

/* Cells written outside ap_xlw_table_pass are a programming error the
 * workbook reports, not a table that silently comes out empty. */
TEST(table_row_outside_a_pass_is_an_error)
{
    ap_xlw x;
    ap_error err;
    ap_xlw_doc doc = {.created = AP_DATE_NONE};
    CHECK(ap_xlw_open(&x, in_tmp("nopass.xlsx"), &doc, &err) == AP_OK);
    ap_xlw_table t;
    ap_xlw_table_begin(&t, &x, ap_xlw_sheet(&x, "Blad"), 0, stream_cols, 4);
    ap_xlw_table_row(&t);
    ap_xlw_cell_text(&t, "1.1");
    ap_xlw_table_end(&t);
    CHECK_INT(ap_xlw_close(&x, &err), AP_E_INTERNAL);
    CHECK_CONTAINS(err.msg, "ap_xlw_table_pass");
    CHECK(!exists(in_tmp("nopass.xlsx")));
    CHECK_INT(temp_files_left(), 0);
}

/* =========================================================================
 * main
 * ========================================================================= */

int main(void)
{
    test_need("/usr/bin/python3 localedef");
    snprintf(tmp, sizeof tmp, "/tmp/ap-xlsx-steering-XXXXXX");
    if (!mkdtemp(tmp)) {
        perror("mkdtemp");
        return 1;
    }
    setenv("ACTIONPLAN_TODAY", "2018-01-31", 1);
    ap_config_defaults(&cfg);
    RUN(text_measures);
    demo = make_store("demo.db", DEMO_PLAN, DEMO_UPDATES, DEMO_MEASURES, &demo_id);
    if (demo) {
        RUN(demo_pack_as_of_2017_12_15);
        RUN(demo_pack_cause_missing);
        RUN(demo_pack_in_english);
        RUN(missing_folder_is_an_error);
        RUN(invalid_utf8_keeps_the_old_file);
        RUN(invalid_utf8_in_the_plan_title);
        RUN(demo_pack_against_previous);
        ap_store_close(demo);
    }
    RUN(bad_sheet_name_is_an_error);
    RUN(swedish_numeric_locale_is_refused);
    RUN(big_plan_of_2000_activities);
    RUN(table_rows_in_constant_memory);
    RUN(table_row_outside_a_pass_is_an_error);
    int rc = test_summary();
    if (rc == 0 && !getenv("AP_KEEP")) {
        char cmd[512];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", tmp);
    } else {
        fprintf(stderr, "the files are in %s\n", tmp);
    }
    return rc;
}
