/*
 * Column balancing of the reports' long tables (pdf_common.c: ap_pdfr_fit,
 * ap_pdfr_widths): a table longer than the sample is balanced on evenly
 * spaced rows, so a few rows repeated thousands of times get the widths of
 * those rows, at every length around the points where the sample thins
 * out; and the widths are the same whether the words are measured afresh
 * or taken from the document's cache that ap_pdfr_write keeps.
 */
#include "actionplan/i18n.h"
#include "actionplan/util.h"
#include "pdf_common.h"
#include "pdfdoc.h"
#include "test.h"

#include <stdlib.h>
#include <unistd.h>

enum { NCOLS = 5, NROWS = 7 };

/* Seven rows of what the long lists hold: titles, owners, Swedish
 * compounds, a status with its mark, empty and missing cells, a hard line
 * break, long compounds. */
static const char *const TEXT[NROWS][NCOLS] = {
    {"1.1.1 Företagsbesök hos politiker och tjänstemän", "Näringslivskontoret", "Grön", NULL,
     "Besöken är genomförda enligt plan; återkoppling till styrgruppen i december."},
    {"1.1.2 Digital samhällsbyggnadsprocess", "Samhällsbyggnadskontoret", "Gul",
     "Resursbrist under hösten", "Omprioritera inom förvaltningen"},
    {"2.3.4 Kompetensförsörjning i äldreomsorgen med fokus på språkstöd",
     "Vård- och omsorgsförvaltningen", "Röd", "Upphandlingen överklagades",
     "Ny upphandling\nBeslut i nämnden i mars"},
    {"3.1.1 Kort", "Kultur/fritid", "Ej rapporterad", "", ""},
    {"4.2.1 Nattvandring", "Socialkontoret", "Grön", NULL,
     "Samhällsbyggnadsförvaltningens arbetsmiljöombudsverksamhet följs upp"},
    {"5.5.5 Klimatanpassning av dagvattensystemet i centrala Södertälje", "Telge Nät", "Gul",
     "Väntar på länsstyrelsen", "Påminnelse skickad"},
    {"6.1.2 Kulturskolan", NULL, NULL, NULL, NULL},
};

static char tmpdir[64];

/* The columns balanced over n rows, the seven again and again (the last
 * of them given with only its first cell), the first swapped of them with
 * cause and comment swapped; widths into out. */
static void balance_mixed(ap_pdf *doc, size_t swapped, size_t n, double out[NCOLS])
{
    ap_pdf_column cols[NCOLS] = {{"Aktivitet", 0.34, 0, 0},
                                 {"Ansvarig enhet", 0, 0, 0},
                                 {"Status", 0, 0, 0},
                                 {"Orsak", 0, 0, 0},
                                 {"Kommentar", 0, 0, 0}};
    for (size_t r = 0; r < NROWS; r++) /* no word broken, in either arrangement */
        for (size_t c = 0; c < NCOLS; c++)
            ap_pdfr_fit_text(doc, &cols[c], TEXT[r][c < 3 ? c : 3]),
                ap_pdfr_fit_text(doc, &cols[c], TEXT[r][c < 3 ? c : 4]);
    ap_pdf_table_opts opts = {.font_size = 8, .padding = 2};
    ap_pdfr_widths *w = ap_pdfr_widths_new(NCOLS, &opts);
    for (size_t r = 0; r < n; r++) {
        const char *const *t = TEXT[r % NROWS];
        ap_pdf_cell cells[NCOLS];
        for (size_t c = 0; c < NCOLS; c++) {
            size_t from = c >= 3 && r < swapped ? 7 - c : c;
            cells[c] = (ap_pdf_cell){t[from], AP_PDF_MARK_NONE, 0};
            ap_pdfr_fit_text(doc, &cols[c], cells[c].text);
        }
        cells[2].mark = t[2] ? AP_PDF_MARK_CIRCLE : AP_PDF_MARK_NONE;
        ap_pdfr_widths_add(doc, w, cells, r % NROWS == NROWS - 1 ? 1 : NCOLS);
    }
    ap_pdfr_widths_apply(doc, w, cols);
    for (size_t c = 0; c < NCOLS; c++)
        out[c] = cols[c].width;
}

static void balance_rows(ap_pdf *doc, size_t n, double out[NCOLS])
{
    balance_mixed(doc, 0, n, out);
}

/* The seven rows repeated reps times. */
static void balance(ap_pdf *doc, size_t reps, double out[NCOLS])
{
    balance_rows(doc, reps * NROWS, out);
}

static bool same(const double a[NCOLS], const double b[NCOLS])
{
    for (size_t c = 0; c < NCOLS; c++)
        if (a[c] != b[c])
            return false;
    return true;
}

static void print(const char *what, const double w[NCOLS])
{
    fprintf(stderr, "  %s:", what);
    for (size_t c = 0; c < NCOLS; c++)
        fprintf(stderr, " %.3f", w[c]);
    fprintf(stderr, "\n");
}

static ap_snapshot SNAP = {.title = "Provplanen", .organisation = "Södertälje kommun"};
static const ap_pdfr_meta META = {.snap = &SNAP,
                                  .kind = "Styrgruppsrapport",
                                  .when = "",
                                  .subject = "test",
                                  .orientation = AP_PDF_LANDSCAPE};

static ap_pdf *open_doc(void)
{
    ap_pdf *doc = NULL;
    ap_error err = {0};
    ap_rc rc = ap_pdfr_open(&doc, &META, &err);
    if (rc != AP_OK)
        fprintf(stderr, "ap_pdfr_open: %s\n", err.msg);
    CHECK_INT(rc, AP_OK);
    return doc;
}

TEST(long_tables_balance_as_their_rows)
{
    ap_pdf *doc = open_doc();
    if (!doc)
        return;
    double few[NCOLS], many[NCOLS];
    balance(doc, 1, few);
    double sum = 0;
    for (size_t c = 0; c < NCOLS; c++)
        sum += few[c];
    CHECK(sum > 0.99 * ap_pdf_text_width(doc) && sum < 1.01 * ap_pdf_text_width(doc));
    /* measured whole (up to 1,500 rows), then every 2nd, 4th, 8th, 16th
     * row: 1,400, 1,512, 2,100, 3,024, 7,000 and 14,000 rows, each sample
     * holding the seven rows alike */
    static const size_t REPS[] = {200, 216, 300, 432, 1000, 2000};
    for (size_t i = 0; i < sizeof REPS / sizeof *REPS; i++) {
        balance(doc, REPS[i], many);
        CHECK(same(few, many));
        if (!same(few, many)) {
            fprintf(stderr, "  %zu rows:\n", REPS[i] * NROWS);
            print("7 rows", few);
            print("repeated", many);
        }
    }
    /* the sample spans the table: 1,512 rows with the comments in the cause
     * column and then 4,536 as they are are balanced as 189 and 567 of them
     * (every 8th row), not as the rows first measured */
    double sampled[NCOLS], whole[NCOLS], first[NCOLS];
    balance_mixed(doc, 216 * NROWS, 864 * NROWS, sampled);
    balance_mixed(doc, 27 * NROWS, 108 * NROWS, whole);
    balance_mixed(doc, 216 * NROWS, 216 * NROWS, first);
    CHECK(same(sampled, whole));
    CHECK(!same(sampled, first));
    if (!same(sampled, whole)) {
        print("sampled", sampled);
        print("whole", whole);
    }
    /* around the points where the sample thins out: the widths still fill
     * the text width */
    static const size_t ROWS[] = {1499, 1500, 1501, 2999, 3000, 3001, 6001};
    for (size_t i = 0; i < sizeof ROWS / sizeof *ROWS; i++) {
        balance_rows(doc, ROWS[i], many);
        double total = 0;
        for (size_t c = 0; c < NCOLS; c++)
            total += many[c];
        CHECK(total > 0.99 * ap_pdf_text_width(doc) && total < 1.01 * ap_pdf_text_width(doc));
    }
    CHECK_INT(ap_pdf_status(doc), AP_OK);
    ap_pdf_free(doc);
}

/* What the build callback saw: the widths inside ap_pdfr_write. */
typedef struct cached {
    double widths[NCOLS];
    double long_widths[NCOLS];
} cached;

static void build(ap_pdf *doc, const void *data)
{
    cached *c = (cached *)data;
    balance(doc, 1, c->widths);
    balance(doc, 1000, c->long_widths);
    ap_pdf_paragraph(doc, "Tabellbredder", NULL);
}

TEST(cached_word_widths_are_the_measured_ones)
{
    ap_pdf *doc = open_doc();
    if (!doc)
        return;
    double fresh[NCOLS], fresh_long[NCOLS];
    balance(doc, 1, fresh);
    balance(doc, 1000, fresh_long);
    ap_pdf_free(doc);
    cached c = {{0}, {0}};
    char path[128];
    snprintf(path, sizeof path, "%s/widths.pdf", tmpdir);
    ap_error err = {0};
    CHECK_INT(ap_pdfr_write(&META, build, &c, path, &err), AP_OK);
    CHECK(same(fresh, c.widths));
    CHECK(same(fresh_long, c.long_widths));
    if (!same(fresh, c.widths)) {
        print("measured", fresh);
        print("cached", c.widths);
    }
    unlink(path);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/ap-widths-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(long_tables_balance_as_their_rows);
    RUN(cached_word_widths_are_the_measured_ones);
    rmdir(tmpdir);
    return test_summary();
}
