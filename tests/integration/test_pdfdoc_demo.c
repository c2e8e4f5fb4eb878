/*
 * A demonstration of the PDF engine, written to pdfdoc-demo.pdf in the
 * working directory (build/ under ctest) so that people can look at it:
 * a cover, a table of contents, headings, a paragraph, a stacked bar chart,
 * three trend charts and a long table with marks in three colours, then a
 * landscape page. The test also checks the result with qpdf and pdftotext.
 */
#include "pdfdoc.h"
#include "actionplan/util.h"
#include "test.h"

#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#define GREEN 0x2E9E4Fu
#define YELLOW 0xF2C230u
#define RED 0xD0392Bu
#define GREY 0xA0A7AFu

static const char *const FOCUS[] = {
    "Ett företagsklimat som främjar utveckling, innovation och entreprenörskap",
    "Kompetensförsörjning och matchning på arbetsmarknaden",
    "Södertälje som attraktiv plats att besöka, bo och verka i",
    "Infrastruktur och samhällsplanering",
};

static void cover(ap_pdf *doc)
{
    ap_pdf_geometry g;
    ap_pdf_geometry_get(doc, &g);
    ap_pdf_rect(doc, 0, 0, g.page_width, 230, 0x1F3A5F, AP_PDF_NONE, 0);
    ap_pdf_style small = {11, 0, 0xFFFFFF, 0, 0, 0};
    ap_pdf_style big = {28, AP_PDF_BOLD, 0xFFFFFF, 0, 34, 0};
    ap_pdf_text_at(doc, g.left, 90, 0, "SÖDERTÄLJE KOMMUN", &small, NULL);
    double h;
    ap_pdf_text_at(doc, g.left, 115, g.text_width, "Utvecklingskraft i Södertälje", &big, &h);
    ap_pdf_text_at(doc, g.left, 115 + h + 6, g.text_width,
                   "Uppföljning av handlingsplanen 2016–2022",
                   &(ap_pdf_style){14, 0, 0xDDE5EE, 0, 0, 0}, NULL);
    ap_pdf_style label = {9, AP_PDF_BOLD, 0x5A6470, 0, 0, 0};
    ap_pdf_style value = {12, 0, 0, 0, 0, 0};
    const char *rows[][2] = {{"Rapport", "Underlag till styrgruppen"},
                             {"Läge per", "2018-06-30"},
                             {"Utskriven", "2018-07-02"},
                             {"Processledare", "Processledare, Destination Södertälje"}};
    double y = 300;
    for (int i = 0; i < 4; i++) {
        ap_pdf_text_at(doc, g.left, y, 0, rows[i][0], &label, NULL);
        ap_pdf_text_at(doc, g.left, y + 13, g.text_width, rows[i][1], &value, NULL);
        y += 44;
    }
    ap_pdf_text_at(doc, g.left, g.page_height - 120, g.text_width,
                   "Färgerna i rapporten står alltid tillsammans med ord: Grön = enligt plan, "
                   "Gul = avvikelse, Röd = betydande avvikelse.",
                   &(ap_pdf_style){9, AP_PDF_ITALIC, 0x5A6470, 0, 0, 0}, NULL);
}

static void bar_chart(ap_pdf *doc)
{
    static const char *const series[] = {"Grön", "Gul", "Röd", "Ej rapporterad"};
    static const uint32_t colors[] = {GREEN, YELLOW, RED, GREY};
    static const double values[] = {9, 3, 1, 2, 5, 4, 2, 0, 12, 1, 0, 1, 3, 2, 3, 4};
    ap_pdf_bar_chart c = {"Aktiviteternas status per fokusområde",
                          FOCUS,
                          4,
                          series,
                          colors,
                          4,
                          values,
                          0,
                          "Antal aktiviteter",
                          "Inga aktiviteter",
                          0};
    ap_pdf_bar_chart_add(doc, &c);
}

static void trend_charts(ap_pdf *doc)
{
    double x1[] = {16800, 17165, 17530, 17895}, y1[] = {41300, 41900, 42650, 43100};
    double x2[] = {16800, 17165, 17530, 17895}, y2[] = {62, 60, 57, 58.5};
    ap_pdf_trend_chart a = {"M1 Förvärvsarbetande i kommunen (personer)",
                            x1,
                            y1,
                            4,
                            true,
                            44000,
                            "Mål 44 000",
                            true,
                            16800,
                            41000,
                            "Utgångsvärde",
                            0,
                            "Inga mätvärden",
                            0,
                            0,
                            0,
                            false,
                            0};
    ap_pdf_trend_chart b = {"M2 Nöjd kund-index företagsklimat",
                            x2,
                            y2,
                            4,
                            true,
                            70,
                            "Mål 70",
                            true,
                            16435,
                            61,
                            "Utgångsvärde",
                            1,
                            "Inga mätvärden",
                            0,
                            0,
                            0,
                            false,
                            0};
    ap_pdf_trend_chart c = {"M3 Antal nystartade företag per 1 000 invånare",
                            NULL,
                            NULL,
                            0,
                            true,
                            5,
                            "Mål 5",
                            false,
                            0,
                            0,
                            NULL,
                            1,
                            "Inga mätvärden ännu",
                            0,
                            0,
                            0,
                            false,
                            0};
    double w = (ap_pdf_text_width(doc) - 2 * 12) / 3, y = 0;
    a.width = b.width = c.width = w;
    a.height = b.height = c.height = 120;
    ap_pdf_block(doc, 120, &y);
    ap_pdf_geometry g;
    ap_pdf_geometry_get(doc, &g);
    ap_pdf_trend_chart_at(doc, g.left, y, &a);
    ap_pdf_trend_chart_at(doc, g.left + w + 12, y, &b);
    ap_pdf_trend_chart_at(doc, g.left + 2 * (w + 12), y, &c);
    ap_pdf_space(doc, 14);
}

static void activity_table(ap_pdf *doc)
{
    static const ap_pdf_column cols[] = {
        {"Kod", 34, 0, AP_PDF_LEFT},       {"Aktivitet", 0, 0, AP_PDF_LEFT},
        {"Ansvarig", 0.2, 0, AP_PDF_LEFT}, {"Klart", 60, 0, AP_PDF_LEFT},
        {"Status", 58, 0, AP_PDF_LEFT},    {"Klart %", 44, 0, AP_PDF_RIGHT}};
    static const char *const titles[] = {
        "Företagsbesök politiker", "Näringslivsdag med lokala företag och skolor",
        "Utveckla etableringsservice för nya företag i kommunen",
        "Lotsfunktion för företag i kontakt med kommunens förvaltningar och bolag", "Frukostmöten"};
    ap_pdf_table_opts o = {0, 0, true, 0};
    ap_pdf_table_begin(doc, cols, 6, &o);
    char code[16], pct[8];
    for (int f = 0; f < 4; f++) {
        char group[200];
        snprintf(group, sizeof group, "Fokusområde %d: %s", f + 1, FOCUS[f]);
        ap_pdf_table_group(doc, group);
        for (int i = 0; i < 18; i++) {
            int k = (f * 18 + i) % 7;
            snprintf(code, sizeof code, "%d.%d.%d", f + 1, i / 6 + 1, i % 6 + 1);
            snprintf(pct, sizeof pct, "%d", (k * 15) % 101);
            ap_pdf_cell cells[6] = {
                {code, 0, 0},
                {titles[(f + i) % 5], 0, 0},
                {i % 3 ? "Kommunstyrelsens kontor" : "Destination Södertälje", 0, 0},
                {"2018-12-31", 0, 0},
                {k < 4   ? "Grön"
                 : k < 6 ? "Gul"
                         : "Röd",
                 k < 4   ? AP_PDF_MARK_CIRCLE
                 : k < 6 ? AP_PDF_MARK_TRIANGLE
                         : AP_PDF_MARK_SQUARE,
                 k < 4   ? GREEN
                 : k < 6 ? YELLOW
                         : RED},
                {pct, 0, 0}};
            ap_pdf_table_row(doc, cells, 6, NULL);
        }
    }
    ap_pdf_table_end(doc);
}

static void landscape_page(ap_pdf *doc)
{
    ap_pdf_set_orientation(doc, AP_PDF_LANDSCAPE);
    ap_pdf_page_break(doc);
    ap_pdf_heading(doc, 1, "3 Avvikelser");
    ap_pdf_heading(doc, 2, "3.1 Avvikelser som styrgruppen behöver besluta om");
    static const ap_pdf_column cols[] = {{"Kod", 40, 0, 0},
                                         {"Aktivitet", 0.22, 0, 0},
                                         {"Status", 60, 0, 0},
                                         {"Orsak", 0, 0, 0},
                                         {"Rekommenderad åtgärd", 0, 0, 0}};
    ap_pdf_table_begin(doc, cols, 5, NULL);
    ap_pdf_cell row[5] = {{"1.1.3", 0, 0},
                          {"Utveckla etableringsservice för nya företag", 0, 0},
                          {"Röd", AP_PDF_MARK_SQUARE, RED},
                          {"Rekryteringen av etableringslots har dragit ut på tiden och "
                           "budgeten för 2018 är inte beslutad.",
                           0, 0},
                          {"Styrgruppen föreslås besluta att tjänsten finansieras inom "
                           "ramen för Kommunstyrelsens kontor till och med 2019.",
                           0, 0}};
    ap_pdf_table_row(doc, row, 5, NULL);
    row[0].text = "2.3.1";
    row[2] = (ap_pdf_cell){"Gul", AP_PDF_MARK_TRIANGLE, YELLOW};
    ap_pdf_table_row(doc, row, 5, NULL);
    ap_pdf_table_end(doc);
    ap_pdf_set_orientation(doc, AP_PDF_PORTRAIT);
    ap_pdf_page_break(doc);
}

static void build(ap_pdf *doc)
{
    cover(doc);
    ap_pdf_page_break(doc);
    ap_pdf_toc_reserve(doc, "Innehåll", 1);
    ap_pdf_heading(doc, 1, "1 Sammanfattning");
    ap_pdf_paragraph(doc,
                     "Handlingsplanen för Utvecklingskraft i Södertälje följs upp två gånger "
                     "per år. Av planens 72 aktiviteter är 36 gröna, 12 gula och 8 röda; 16 har "
                     "ännu inte rapporterats. Avvikelserna gäller främst kompetensförsörjningen, "
                     "där två aktiviteter saknar finansiering efter 2018.\n"
                     "Styrgruppen behöver i dag besluta om två avvikelser (avsnitt 3).",
                     NULL);
    ap_pdf_heading(doc, 2, "1.1 Status per fokusområde");
    bar_chart(doc);
    ap_pdf_heading(doc, 2, "1.2 Mål och indikatorer");
    trend_charts(doc);
    ap_pdf_heading(doc, 1, "2 Alla aktiviteter");
    ap_pdf_paragraph(doc, "Aktiviteterna ordnade per fokusområde. Status gäller per 2018-06-30.",
                     &(ap_pdf_style){9, AP_PDF_ITALIC, 0x5A6470, 0, 0, 0});
    activity_table(doc);
    landscape_page(doc);
    ap_pdf_heading(doc, 1, "4 Ordlista");
    ap_pdf_paragraph(doc,
                     "Grön – aktiviteten genomförs enligt plan.\nGul – en avvikelse som "
                     "fokusområdesansvarig hanterar.\nRöd – en betydande avvikelse som "
                     "styrgruppen behöver känna till eller besluta om.",
                     NULL);
}

TEST(demo_document)
{
    ap_pdf_opts o = {.title = "Utvecklingskraft i Södertälje – styrgruppsunderlag 2018-06-30",
                     .author = "Processledare, Destination Södertälje",
                     .subject = "Uppföljning av handlingsplanen",
                     .creator = "actionplan",
                     .lang = "sv-SE",
                     .header = "Utvecklingskraft i Södertälje · Styrgruppsunderlag",
                     .footer = "Södertälje kommun · Läge per 2018-06-30",
                     .page_format = "Sida %d av %d",
                     .plain_first_page = true};
    ap_pdf *doc = NULL;
    ap_error err = {0};
    CHECK_INT(ap_pdf_new(&doc, &o, &err), AP_OK);
    if (!doc)
        return;
    build(doc);
    CHECK_INT(ap_pdf_save(doc, "pdfdoc-demo.pdf", &err), AP_OK);
    if (err.code)
        fprintf(stderr, "%s\n", err.msg);
    ap_pdf_free(doc);
    CHECK(system("qpdf --check pdfdoc-demo.pdf >/dev/null") == 0);
    FILE *p = popen("pdftotext -layout pdfdoc-demo.pdf - 2>/dev/null", "r");
    ap_buf text = {0};
    char chunk[4096];
    size_t n;
    while (p && (n = fread(chunk, 1, sizeof chunk, p)) > 0)
        ap_buf_append(&text, chunk, n);
    if (p)
        pclose(p);
    CHECK_CONTAINS(ap_buf_str(&text), "Utvecklingskraft i Södertälje");
    CHECK_CONTAINS(ap_buf_str(&text), "Rekommenderad åtgärd");
    CHECK_CONTAINS(ap_buf_str(&text), "Inga mätvärden ännu");
    ap_buf_free(&text);
}

/* Only with AP_PDF_BENCH set: a table of 2,000 A4 pages with marks, timed
 * from ap_pdf_new to the file on disk (pdfdoc-bench.pdf). */
TEST(bench_2000_pages)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ap_pdf_opts o = {.title = "Benchmark",
                     .lang = "sv-SE",
                     .footer = "Benchmark",
                     .page_format = "Sida %d av %d"};
    ap_pdf *doc = NULL;
    ap_error err = {0};
    CHECK_INT(ap_pdf_new(&doc, &o, &err), AP_OK);
    if (!doc)
        return;
    static const ap_pdf_column cols[] = {{"Kod", 40, 0, 0},       {"Aktivitet", 0, 0, 0},
                                         {"Ansvarig", 0.2, 0, 0}, {"Klart", 58, 0, 0},
                                         {"Status", 58, 0, 0},    {"Klart %", 44, 0, AP_PDF_RIGHT}};
    ap_pdf_table_begin(doc, cols, 6, &(ap_pdf_table_opts){.zebra = true});
    ap_pdf_geometry g;
    long rows = 0;
    char code[32];
    do {
        snprintf(code, sizeof code, "%ld.%ld.%ld", rows / 1000 + 1, rows / 10 % 100 + 1,
                 rows % 10 + 1);
        int k = (int)(rows % 7);
        ap_pdf_cell cells[6] = {{code, 0, 0},
                                {rows % 3
                                     ? "Företagsbesök politiker"
                                     : "Utveckla etableringsservice för nya företag i kommunen",
                                 0, 0},
                                {"Kommunstyrelsens kontor", 0, 0},
                                {"2018-12-31", 0, 0},
                                {k < 4   ? "Grön"
                                 : k < 6 ? "Gul"
                                         : "Röd",
                                 k < 4   ? AP_PDF_MARK_CIRCLE
                                 : k < 6 ? AP_PDF_MARK_TRIANGLE
                                         : AP_PDF_MARK_SQUARE,
                                 k < 4   ? GREEN
                                 : k < 6 ? YELLOW
                                         : RED},
                                {"50", 0, 0}};
        ap_pdf_table_row(doc, cells, 6, NULL);
        rows++;
        ap_pdf_geometry_get(doc, &g);
    } while (g.page_count < 2000 || ap_pdf_remaining(doc) > 40);
    CHECK_INT(ap_pdf_save(doc, "pdfdoc-bench.pdf", &err), AP_OK);
    ap_pdf_free(doc);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    struct stat st;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    CHECK(stat("pdfdoc-bench.pdf", &st) == 0);
    fprintf(stderr, "bench: %d pages, %ld rows, %.2f s, %.1f MB file, %.0f MB peak RSS\n",
            g.page_count, rows, (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
            st.st_size / 1e6, ru.ru_maxrss / 1024.0);
}

int main(void)
{
    test_need("qpdf pdftotext");
    RUN(demo_document);
    if (getenv("AP_PDF_BENCH"))
        RUN(bench_2000_pages);
    return test_summary();
}
