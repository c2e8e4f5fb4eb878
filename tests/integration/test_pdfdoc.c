/*
 * Unit tests for pdfdoc.c. Every document is checked with independent
 * readers: qpdf (structure, outlines as JSON), pdftotext (the text a reader
 * gets), pdfinfo (metadata, page count, page size). poppler's warning
 * "Invalid 'begincidrange' operator" about libharu's CMaps goes to stderr,
 * which is discarded; the extracted text is what is checked.
 */
#include "actionplan/i18n.h"
#include "pdf_common.h"
#include "pdfdoc.h"
#include "pdfdoc_page.h"
#include "actionplan/util.h"
#include "test.h"

#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hpdf_pages.h>

static char tmpdir[64];

/* Like CHECK_CONTAINS, but a whole document's text is not printed. */
#define CHECK_HAS(text, needle)                                                                    \
    do {                                                                                           \
        test_checks++;                                                                             \
        if (!strstr((text), (needle))) {                                                           \
            test_failures++;                                                                       \
            fprintf(stderr, "%s:%d: [%s] the text lacks \"%s\"\n", __FILE__, __LINE__,             \
                    test_current, (needle));                                                       \
        }                                                                                          \
    } while (0)

/* ---------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------- */

static const char *path_in_tmp(const char *name)
{
    static char buf[8][256];
    static int next;
    char *p = buf[next++ % 8];
    snprintf(p, 256, "%s/%s", tmpdir, name);
    return p;
}

/* Run a shell command; its standard output goes into out (may be NULL).
 * Returns the exit status, or -1. */
static int run(ap_buf *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int run(ap_buf *out, const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    char chunk[8192];
    size_t n;
    if (out)
        ap_buf_reset(out);
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        if (out)
            ap_buf_append(out, chunk, n);
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static bool qpdf_ok(const char *pdf)
{
    return run(NULL, "qpdf --check '%s' >/dev/null 2>&1", pdf) == 0;
}

/* The text pdftotext -layout extracts from pages [first, last] (0 = all). */
static void pdf_text(ap_buf *out, const char *pdf, int first, int last)
{
    if (first > 0)
        run(out, "pdftotext -layout -f %d -l %d '%s' - 2>/dev/null", first, last, pdf);
    else
        run(out, "pdftotext -layout '%s' - 2>/dev/null", pdf);
    ap_buf_append(out, "", 0);
}

static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    size_t len = strlen(needle);
    for (const char *p = strstr(hay, needle); p; p = strstr(p + len, needle))
        n++;
    return n;
}

static int pdf_pages(const char *pdf)
{
    ap_buf out = {0};
    run(&out, "pdfinfo '%s' 2>/dev/null", pdf);
    const char *p = strstr(ap_buf_str(&out), "Pages:");
    int n = p ? atoi(p + 6) : -1;
    ap_buf_free(&out);
    return n;
}

/* Text without any whitespace: a word broken over lines and pages joins up. */
static void squeeze(ap_buf *b)
{
    size_t j = 0;
    for (size_t i = 0; i < b->len; i++)
        if (b->p[i] != ' ' && b->p[i] != '\n' && b->p[i] != '\f' && b->p[i] != '\r')
            b->p[j++] = b->p[i];
    b->len = j;
    if (b->p)
        b->p[j] = '\0';
}

static void remove_all(ap_buf *b, const char *needle)
{
    size_t len = strlen(needle);
    char *p;
    while (b->p && (p = strstr(b->p, needle)) != NULL) {
        memmove(p, p + len, strlen(p + len) + 1);
        b->len -= len;
    }
}

static ap_pdf *open_doc(const ap_pdf_opts *o)
{
    ap_pdf *doc = NULL;
    ap_error err = {0};
    ap_rc rc = ap_pdf_new(&doc, o, &err);
    if (rc != AP_OK)
        fprintf(stderr, "ap_pdf_new: %s\n", err.msg);
    CHECK_INT(rc, AP_OK);
    return doc;
}

static bool save_doc(ap_pdf *doc, const char *path)
{
    ap_error err = {0};
    ap_rc rc = ap_pdf_save(doc, path, &err);
    if (rc != AP_OK)
        fprintf(stderr, "ap_pdf_save: %s\n", err.msg);
    CHECK_INT(rc, AP_OK);
    return rc == AP_OK;
}

static const ap_pdf_opts NUMBERED = {.title = "Testrapport",
                                     .lang = "sv-SE",
                                     .footer = "Södertälje kommun",
                                     .page_format = "Sida %d av %d"};

/* ---------------------------------------------------------------------------
 * Memory: a finished page is compressed at once
 * ------------------------------------------------------------------------- */

/* The bytes libharu holds for the pages' content streams now. */
static size_t held_page_bytes(const ap_pdf *doc)
{
    size_t n = 0;
    for (size_t i = 0; i < doc->npages; i++)
        n += ((HPDF_PageAttr)doc->pages[i].page->attr)->stream->size;
    return n;
}

/* A table of 1,200 rows under a contents page: some 30 pages. */
static void draw_long_table(ap_pdf *doc)
{
    ap_pdf_toc_reserve(doc, "Innehåll", 1);
    ap_pdf_heading(doc, 1, "Alla aktiviteter");
    ap_pdf_column cols[] = {{"Kod", 60, 0, AP_PDF_LEFT}, {"Aktivitet", 0, 0, AP_PDF_LEFT}};
    ap_pdf_table_begin(doc, cols, 2, &(ap_pdf_table_opts){.zebra = true});
    for (int i = 1; i <= 1200; i++) {
        char code[16], title[128];
        snprintf(code, sizeof code, "k%04d", i);
        snprintf(title, sizeof title, "Åtgärd %d: öka tillgängligheten för äldre i Ronna", i);
        ap_pdf_table_row(doc, (ap_pdf_cell[]){{code, 0, 0}, {title, 0, 0}}, 2, NULL);
    }
    ap_pdf_table_end(doc);
}

TEST(finished_pages_are_compressed_at_once)
{
    ap_pdf *doc = open_doc(&NUMBERED);
    if (!doc)
        return;
    draw_long_table(doc);
    CHECK(doc->npages >= 20);
    size_t sealed = 0;
    for (size_t i = 0; i + 1 < doc->npages; i++)
        sealed += doc->pages[i].sealed;
    CHECK_INT(sealed, doc->npages - 1); /* all but the page being drawn */
    size_t held = held_page_bytes(doc);
    const char *pdf = path_in_tmp("sealed.pdf");
    if (save_doc(doc, pdf)) {
        CHECK(qpdf_ok(pdf));
        ap_buf out = {0};
        CHECK_INT(run(&out, "/usr/bin/python3 '%s/../py/pdf_streams.py' '%s'", AP_TEST_DATA, pdf), 0);
        unsigned long pages = 0, streams = 0, unfiltered = 0, decoded = 0;
        CHECK_INT(sscanf(ap_buf_str(&out), "pages=%lu streams=%lu unfiltered=%lu decoded=%lu", &pages,
                         &streams, &unfiltered, &decoded),
                  4);
        CHECK_INT(pages, doc->npages);
        CHECK_INT(unfiltered, 0); /* every content stream says how it is compressed */
        /* what was held is the compressed text: the pages' content decoded
         * by qpdf is several times larger */
        if (held * 3 >= decoded)
            fprintf(stderr, "held %zu bytes for %lu bytes of page content\n", held, decoded);
        CHECK(held * 3 < decoded);
        ap_buf t = {0};
        pdf_text(&t, pdf, 0, 0);
        const char *s = ap_buf_str(&t);
        CHECK_HAS(s, "k0001");
        CHECK_HAS(s, "k1200");
        CHECK_INT(count_of(s, "Åtgärd "), 1200);
        /* drawn on sealed pages afterwards: the contents and running heads */
        CHECK_INT(count_of(s, "Södertälje kommun"), (int)pages);
        char last[32];
        snprintf(last, sizeof last, "Sida %lu av %lu", pages, pages);
        CHECK_HAS(s, last);
        CHECK_HAS(s, "Innehåll");
        ap_buf_free(&t);
        ap_buf_free(&out);
    }
    ap_pdf_free(doc);
    /* without the worker thread (its fallback) the file is the same */
    ap_pdf *alone = open_doc(&NUMBERED);
    if (!alone)
        return;
    pd_sealer_free(alone->sealer);
    alone->sealer = pd_sealer_new(false);
    draw_long_table(alone);
    size_t in = 0, out_bytes = 0;
    pd_sealer_counts(alone->sealer, &in, &out_bytes);
    CHECK(in > 0 && out_bytes > 0 && out_bytes * 3 < in);
    const char *pdf2 = path_in_tmp("sealed-unthreaded.pdf");
    if (save_doc(alone, pdf2))
        CHECK_INT(run(NULL, "cmp -s '%s' '%s'", pdf, pdf2), 0);
    ap_pdf_free(alone);
}

/* ---------------------------------------------------------------------------
 * Documents and text
 * ------------------------------------------------------------------------- */

TEST(swedish_text_metadata_and_numbers)
{
    ap_pdf_opts o = NUMBERED;
    o.title = "Utvecklingskraft i Södertälje – åäö";
    o.author = "Processledaren";
    ap_pdf *doc = open_doc(&o);
    if (!doc)
        return;
    ap_pdf_heading(doc, 1, "Första rubriken");
    ap_pdf_paragraph(doc, "Södertälje åäö ÅÄÖ och « citat » – tankstreck.", NULL);
    ap_pdf_heading(doc, 2, "Andra nivån");
    ap_pdf_paragraph(doc, "Rad ett\nRad två\n\nRad fyra efter en tom rad.", NULL);
    ap_pdf_page_break(doc);
    ap_pdf_heading(doc, 3, "Tredje nivån");
    const char *pdf = path_in_tmp("svenska.pdf");
    if (!save_doc(doc, pdf))
        goto out;
    CHECK(qpdf_ok(pdf));
    ap_buf t = {0};
    pdf_text(&t, pdf, 0, 0);
    CHECK_HAS(ap_buf_str(&t), "Första rubriken");
    CHECK_HAS(ap_buf_str(&t), "Andra nivån");
    CHECK_HAS(ap_buf_str(&t), "Tredje nivån");
    CHECK_HAS(ap_buf_str(&t), "Södertälje åäö ÅÄÖ och « citat » – tankstreck.");
    CHECK_HAS(ap_buf_str(&t), "Rad två");
    CHECK_HAS(ap_buf_str(&t), "Sida 1 av 2");
    CHECK_HAS(ap_buf_str(&t), "Sida 2 av 2");
    CHECK_HAS(ap_buf_str(&t), "Södertälje kommun");
    run(&t, "pdfinfo '%s' 2>/dev/null", pdf);
    CHECK_HAS(ap_buf_str(&t), "Utvecklingskraft i Södertälje – åäö");
    CHECK_HAS(ap_buf_str(&t), "Processledaren");
    CHECK_HAS(ap_buf_str(&t), "Pages:           2");
    CHECK_HAS(ap_buf_str(&t), "595.276 x 841.89 pts (A4)");
    CHECK_HAS(ap_buf_str(&t), "PDF version:     1.4");
    /* fonts embedded, /Lang in the catalog */
    run(&t, "pdffonts '%s' 2>/dev/null", pdf);
    CHECK_HAS(ap_buf_str(&t), "DejaVuSans");
    CHECK(!strstr(ap_buf_str(&t), " no  ")); /* every font: emb = yes */
    run(&t, "qpdf --qdf --object-streams=disable '%s' - 2>/dev/null", pdf);
    CHECK_HAS(ap_buf_str(&t), "/Lang (sv-SE)");
    CHECK_HAS(ap_buf_str(&t), "/DisplayDocTitle true");
    ap_buf_free(&t);
out:
    ap_pdf_free(doc);
}

TEST(outline_has_every_heading_nested)
{
    ap_pdf *doc = open_doc(&NUMBERED);
    if (!doc)
        return;
    ap_pdf_heading(doc, 2, "Nivå två utan förälder");
    ap_pdf_heading(doc, 1, "Kapitel A");
    ap_pdf_heading(doc, 2, "Avsnitt A.1");
    ap_pdf_heading(doc, 3, "Underavsnitt A.1.1");
    ap_pdf_page_break(doc);
    ap_pdf_heading(doc, 1, "Kapitel B");
    ap_pdf_heading(doc, 9, "Nivå nio blir tre");
    const char *pdf = path_in_tmp("outline.pdf");
    if (!save_doc(doc, pdf))
        goto out;
    ap_buf t = {0};
    run(&t,
        "qpdf --json --json-key=outlines '%s' | /usr/bin/python3 -c '"
        "import json,sys\n"
        "def walk(items, depth):\n"
        "    for o in items:\n"
        "        print(depth, o[\"destpageposfrom1\"], o[\"title\"])\n"
        "        walk(o[\"kids\"], depth + 1)\n"
        "walk(json.load(sys.stdin)[\"outlines\"], 1)'",
        pdf);
    CHECK_STR(ap_buf_str(&t), "1 1 Nivå två utan förälder\n"
                              "1 1 Kapitel A\n"
                              "2 1 Avsnitt A.1\n"
                              "3 1 Underavsnitt A.1.1\n"
                              "1 2 Kapitel B\n"
                              "2 2 Nivå nio blir tre\n");
    ap_buf_free(&t);
out:
    ap_pdf_free(doc);
}

TEST(geometry_and_cursor)
{
    ap_pdf *doc = open_doc(NULL);
    if (!doc)
        return;
    ap_pdf_geometry g;
    ap_pdf_geometry_get(doc, &g);
    CHECK(g.page_width > 595 && g.page_width < 596);
    CHECK(g.page_height > 841 && g.page_height < 842);
    CHECK(fabs(g.text_width - (g.page_width - g.left - g.right)) < 1e-9);
    CHECK(fabs(ap_pdf_text_width(doc) - g.text_width) < 1e-9);
    CHECK_INT(g.page, 1);
    CHECK_INT(g.page_count, 1);
    double y0 = ap_pdf_y(doc), room0 = ap_pdf_remaining(doc);
    CHECK(fabs(y0 - g.top) < 1e-9);
    ap_pdf_paragraph(doc, "En rad.", NULL);
    CHECK(ap_pdf_y(doc) > y0);
    CHECK(ap_pdf_remaining(doc) < room0);
    /* measure agrees with what text_at uses, and wrapping makes it taller */
    ap_pdf_style st = {10, 0, 0, 0, 0, 0};
    double one = ap_pdf_measure(doc, "ord", &st, 200);
    double many =
        ap_pdf_measure(doc, "ord ord ord ord ord ord ord ord ord ord ord ord ord", &st, 60);
    CHECK(fabs(one - 12.5) < 1e-9);
    CHECK(many > 3 * one);
    double h = 0;
    ap_pdf_text_at(doc, 100, 300, 60, "ord ord ord ord ord ord ord ord ord ord ord ord ord", &st,
                   &h);
    CHECK(fabs(h - many) < 1e-9);
    CHECK(ap_pdf_string_width(doc, "ord ord", &st) > ap_pdf_string_width(doc, "ord", &st));
    CHECK(ap_pdf_string_width(doc, "", &st) == 0);
    /* keep: a new page only when the room is not there */
    ap_pdf_keep(doc, 10);
    CHECK_INT((ap_pdf_geometry_get(doc, &g), g.page), 1);
    ap_pdf_keep(doc, 2000);
    CHECK_INT((ap_pdf_geometry_get(doc, &g), g.page), 2);
    /* a page break on an empty page adds nothing */
    ap_pdf_page_break(doc);
    CHECK_INT((ap_pdf_geometry_get(doc, &g), g.page_count), 2);
    double top;
    ap_pdf_block(doc, 100, &top);
    CHECK(fabs(top - g.top) < 1e-9);
    CHECK(fabs(ap_pdf_y(doc) - (g.top + 100)) < 1e-9);
    ap_pdf_move_to(doc, -50);
    CHECK(fabs(ap_pdf_y(doc) - g.top) < 1e-9);
    CHECK_INT(ap_pdf_status(doc), AP_OK);
    CHECK_STR(ap_pdf_error(doc), "");
    ap_pdf_free(doc);
}

TEST(orientation_per_page)
{
    ap_pdf_opts o = NUMBERED;
    o.orientation = AP_PDF_LANDSCAPE;
    ap_pdf *doc = open_doc(&o);
    if (!doc)
        return;
    ap_pdf_paragraph(doc, "Liggande sida ett", NULL);
    ap_pdf_set_orientation(doc, AP_PDF_PORTRAIT);
    ap_pdf_page_break(doc);
    ap_pdf_paragraph(doc, "Stående sida två", NULL);
    CHECK(ap_pdf_text_width(doc) < 500);
    ap_pdf_page_break(doc);
    ap_pdf_set_orientation(doc, AP_PDF_LANDSCAPE); /* the empty page turns at once */
    CHECK(ap_pdf_text_width(doc) > 700);
    ap_pdf_paragraph(doc, "Liggande sida tre", NULL);
    const char *pdf = path_in_tmp("orientation.pdf");
    if (save_doc(doc, pdf)) {
        ap_buf t = {0};
        run(&t, "pdfinfo -f 1 -l 3 '%s' 2>/dev/null", pdf);
        CHECK_HAS(ap_buf_str(&t), "Page    1 size:  841.89 x 595.276 pts (A4)");
        CHECK_HAS(ap_buf_str(&t), "Page    2 size:  595.276 x 841.89 pts (A4)");
        CHECK_HAS(ap_buf_str(&t), "Page    3 size:  841.89 x 595.276 pts (A4)");
        pdf_text(&t, pdf, 0, 0);
        CHECK_HAS(ap_buf_str(&t), "Sida 3 av 3");
        ap_buf_free(&t);
    }
    ap_pdf_free(doc);
}

TEST(page_number_format)
{
    ap_pdf_opts o = {
        .page_format = "%d/%d (100 %%)", .header = "Löpande sidhuvud", .plain_first_page = true};
    ap_pdf *doc = open_doc(&o);
    if (!doc)
        return;
    ap_pdf_text_at(doc, 100, 100, 0, "Omslag", NULL, NULL);
    ap_pdf_page_break(doc);
    ap_pdf_paragraph(doc, "Innehåll", NULL);
    const char *pdf = path_in_tmp("format.pdf");
    if (save_doc(doc, pdf)) {
        ap_buf t = {0};
        pdf_text(&t, pdf, 0, 0);
        CHECK_HAS(ap_buf_str(&t), "2/2 (100 %)");
        CHECK(!strstr(ap_buf_str(&t), "1/2")); /* the cover stays plain */
        CHECK_INT(count_of(ap_buf_str(&t), "Löpande sidhuvud"), 1);
        ap_buf_free(&t);
    }
    ap_pdf_free(doc);
}

/* ---------------------------------------------------------------------------
 * Long and hostile text
 * ------------------------------------------------------------------------- */

TEST(word_of_5000_characters_survives)
{
    ap_pdf *doc = open_doc(NULL); /* no footer: nothing interleaves */
    if (!doc)
        return;
    ap_buf word = {0};
    for (int i = 0; i < 500; i++)
        ap_buf_puts(&word, "Abcdefghij");
    ap_buf para = {0};
    ap_buf_printf(&para, "Före %s efter", ap_buf_str(&word));
    ap_pdf_paragraph(doc, ap_buf_str(&para), NULL);
    /* the same word in a narrow table cell, a row taller than a page */
    ap_pdf_column cols[] = {{"@@", 0.3, 0, 0}, {"##", 0, 0, 0}};
    ap_pdf_table_begin(doc, cols, 2, NULL);
    ap_pdf_cell cells[] = {{ap_buf_str(&word), 0, 0}, {"kort", 0, 0}};
    ap_pdf_table_row(doc, cells, 2, NULL);
    ap_pdf_table_end(doc);
    const char *pdf = path_in_tmp("longword.pdf");
    if (save_doc(doc, pdf)) {
        CHECK(qpdf_ok(pdf));
        ap_buf t = {0};
        pdf_text(&t, pdf, 0, 0);
        CHECK_HAS(ap_buf_str(&t), "Före\nAbcdefghij"); /* the word gets a line of its own */
        CHECK_HAS(ap_buf_str(&t), "Abcdefghij efter");
        int pages = pdf_pages(pdf);
        CHECK(pages >= 3);
        /* the header is repeated on every page the split row reaches */
        CHECK(count_of(ap_buf_str(&t), "@@") >= pages - 1);
        remove_all(&t, "@@");
        remove_all(&t, "##");
        remove_all(&t, "kort");
        squeeze(&t);
        CHECK_INT(count_of(ap_buf_str(&t), "Abcdefghij"), 1000);
        ap_buf_free(&t);
    }
    ap_buf_free(&word);
    ap_buf_free(&para);
    ap_pdf_free(doc);
}

TEST(row_taller_than_a_page_is_split)
{
    ap_pdf *doc = open_doc(&NUMBERED);
    if (!doc)
        return;
    ap_pdf_paragraph(doc, "Tabellen nedan har en rad som är högre än en sida.", NULL);
    ap_pdf_column cols[] = {{"Kodkolumn", 60, 0, 0}, {"Beskrivningskolumn", 0, 0, 0}};
    ap_pdf_table_begin(doc, cols, 2, NULL);
    ap_pdf_cell first[] = {{"1.1", 0, 0}, {"En vanlig rad", 0, 0}};
    ap_pdf_table_row(doc, first, 2, NULL);
    ap_buf tall = {0};
    for (int i = 1; i <= 400; i++)
        ap_buf_printf(&tall, "ord%03d%s", i, i % 5 ? " " : "\n");
    ap_pdf_cell big[] = {{"1.2", AP_PDF_MARK_CIRCLE, 0xD0392B}, {ap_buf_str(&tall), 0, 0}};
    ap_pdf_table_row(doc, big, 2, NULL);
    ap_pdf_cell last[] = {{"1.3", 0, 0}, {"Raden efter", 0, 0}};
    ap_pdf_table_row(doc, last, 2, NULL);
    ap_pdf_table_end(doc);
    const char *pdf = path_in_tmp("tallrow.pdf");
    if (save_doc(doc, pdf)) {
        CHECK(qpdf_ok(pdf));
        int pages = pdf_pages(pdf);
        CHECK(pages >= 2);
        ap_buf t = {0};
        pdf_text(&t, pdf, 0, 0);
        int missing = 0;
        for (int i = 1; i <= 400; i++) {
            char w[16];
            snprintf(w, sizeof w, "ord%03d", i);
            missing += count_of(ap_buf_str(&t), w) != 1;
        }
        CHECK_INT(missing, 0);
        CHECK_INT(count_of(ap_buf_str(&t), "Beskrivningskolumn"), pages);
        CHECK_HAS(ap_buf_str(&t), "Raden efter");
        ap_buf_free(&t);
    }
    ap_buf_free(&tall);
    ap_pdf_free(doc);
}

TEST(hostile_strings_never_crash)
{
    ap_pdf *doc = open_doc(&NUMBERED);
    if (!doc)
        return;
    const char *nasty[] = {"",
                           "     ",
                           "\n\n\n\n\n\n\n\n\n\n",
                           "a\r\nb\rc\td\x01"
                           "e\x7f",
                           "trasig \xff\xfe UTF-8 \xc3 och \xe2\x82",
                           "emoji \xf0\x9f\x98\x80 och \xed\xa0\x80 surrogat",
                           "saknas i typsnittet: \xe4\xb8\xad\xe6\x96\x87",
                           "- / -- // -/-/-/-/-/-/-/-/-/-/-/-/-/-/-/-/-/-/-/-/-/-/-/-/-/-/",
                           NULL};
    for (int i = 0; i < 9; i++) {
        ap_pdf_heading(doc, 1 + i % 3, nasty[i]);
        ap_pdf_paragraph(doc, nasty[i], &(ap_pdf_style){.align = (ap_pdf_align)(i % 3)});
        ap_pdf_text_at(doc, 50, 50, i % 2 ? 0 : 30, nasty[i], NULL, NULL);
    }
    ap_pdf_paragraph(doc, "x", &(ap_pdf_style){.size = 500}); /* taller than the page */
    ap_pdf_paragraph(doc, "tiny", &(ap_pdf_style){.size = 0.5});
    ap_pdf_column cols[] = {{NULL, 0, 0, 0},
                            {"Mycket smal", 2, 0, 0},
                            {"", 0.5, 900, 0},
                            {"trasig \xff rubrik \xf0\x9f\x98\x80 med fler ord", NAN, NAN, 0}};
    ap_pdf_table_begin(doc, cols, 4, &(ap_pdf_table_opts){.zebra = true, .font_size = NAN});
    for (int i = 0; i < 9; i++) {
        ap_pdf_cell cells[] = {{nasty[i], AP_PDF_MARK_DIAMOND, 0xFFFF00},
                               {nasty[8 - i], 0, 0},
                               {nasty[(i + 4) % 9], AP_PDF_MARK_TRIANGLE, 0}};
        ap_pdf_table_row(doc, cells, 3, &(ap_pdf_row_style){.flags = (unsigned)i % 8});
    }
    ap_pdf_table_group(doc, NULL);
    ap_pdf_table_row(doc, NULL, 0, NULL);
    ap_pdf_table_end(doc);
    ap_pdf_table_begin(doc, cols, 4, NULL); /* a table without rows */
    ap_pdf_rect(doc, 10, 10, 5, 5, AP_PDF_NONE, AP_PDF_NONE, 0);
    ap_pdf_mark(doc, 10, 10, 0, AP_PDF_MARK_CIRCLE, 0);
    /* numbers that are not numbers draw nothing */
    ap_pdf_text_at(doc, NAN, INFINITY, NAN, "ingenstans", NULL, NULL);
    ap_pdf_rect(doc, NAN, 10, INFINITY, 5, 0xFF0000, 0, NAN);
    ap_pdf_line(doc, 0, NAN, 10, 10, 0, INFINITY);
    ap_pdf_mark(doc, INFINITY, 0, 5, AP_PDF_MARK_SQUARE, 0);
    ap_pdf_space(doc, NAN);
    ap_pdf_keep(doc, INFINITY);
    ap_pdf_move_to(doc, NAN);
    ap_pdf_trend_chart_at(doc, NAN, 0, &(ap_pdf_trend_chart){.title = "x"});
    ap_pdf_paragraph(doc, "storlekar", &(ap_pdf_style){.size = NAN, .leading = INFINITY});
    CHECK_INT(ap_pdf_status(doc), AP_OK);
    const char *pdf = path_in_tmp("hostile.pdf");
    if (save_doc(doc, pdf)) {
        CHECK(qpdf_ok(pdf));
        ap_buf t = {0};
        pdf_text(&t, pdf, 0, 0);
        CHECK_HAS(ap_buf_str(&t), "tiny");
        CHECK_HAS(ap_buf_str(&t), "saknas i typsnittet");
        CHECK_HAS(ap_buf_str(&t), "storlekar");
        CHECK(!strstr(ap_buf_str(&t), "ingenstans"));
        CHECK_HAS(ap_buf_str(&t), "emoji");
        ap_buf_free(&t);
    }
    ap_pdf_free(doc);
}

/* ---------------------------------------------------------------------------
 * Tables
 * ------------------------------------------------------------------------- */

TEST(table_of_300_rows_repeats_its_header)
{
    ap_pdf *doc = open_doc(&NUMBERED);
    if (!doc)
        return;
    ap_pdf_heading(doc, 1, "Alla aktiviteter");
    ap_pdf_column cols[] = {{"Kodrubrik", 60, 0, AP_PDF_LEFT},
                            {"Aktivitetsrubrik", 0, 0, AP_PDF_LEFT},
                            {"Statusrubrik", 70, 0, AP_PDF_LEFT},
                            {"Procentrubrik", 0.12, 80, AP_PDF_RIGHT}};
    ap_pdf_table_begin(doc, cols, 4, &(ap_pdf_table_opts){.zebra = true});
    ap_pdf_geometry g;
    ap_pdf_geometry_get(doc, &g);
    int first_page = g.page;
    static const char *const words[] = {"Grön", "Gul", "Röd"};
    static const uint32_t colors[] = {0x2E9E4F, 0xF2C230, 0xD0392B};
    static const ap_pdf_shape shapes[] = {AP_PDF_MARK_CIRCLE, AP_PDF_MARK_TRIANGLE,
                                          AP_PDF_MARK_SQUARE};
    for (int i = 1; i <= 300; i++) {
        char code[16], title[96], pct[8];
        snprintf(code, sizeof code, "r%03d", i);
        snprintf(title, sizeof title, "Aktivitet nummer %d%s", i,
                 i % 7 ? "" : " med en längre titel som behöver brytas över flera rader");
        if (i == 300)
            snprintf(title, sizeof title, "Sistaradensord");
        snprintf(pct, sizeof pct, "%d %%", i % 101);
        if (i % 50 == 1) {
            char group[32];
            snprintf(group, sizeof group, "Gruppen %d", i / 50 + 1);
            ap_pdf_table_group(doc, group);
        }
        ap_pdf_cell cells[] = {
            {code, 0, 0}, {title, 0, 0}, {words[i % 3], shapes[i % 3], colors[i % 3]}, {pct, 0, 0}};
        ap_pdf_table_row(doc, cells, 4, NULL);
    }
    ap_pdf_table_end(doc);
    ap_pdf_geometry_get(doc, &g);
    int table_pages = g.page - first_page + 1;
    CHECK(table_pages >= 5);
    const char *pdf = path_in_tmp("table300.pdf");
    if (save_doc(doc, pdf)) {
        CHECK(qpdf_ok(pdf));
        CHECK_INT(pdf_pages(pdf), g.page_count);
        ap_buf t = {0};
        pdf_text(&t, pdf, 0, 0);
        const char *s = ap_buf_str(&t);
        CHECK_HAS(s, "Sistaradensord");
        CHECK_INT(count_of(s, "Kodrubrik"), table_pages);
        CHECK_INT(count_of(s, "Procentrubrik"), table_pages);
        int missing = 0;
        for (int i = 1; i <= 300; i++) {
            char code[16];
            snprintf(code, sizeof code, "r%03d", i);
            missing += count_of(s, code) != 1;
        }
        CHECK_INT(missing, 0);
        CHECK_INT(count_of(s, "Gruppen "), 6);
        CHECK_INT(count_of(s, "Röd"), 100);
        char last[32];
        snprintf(last, sizeof last, "Sida %d av %d", g.page_count, g.page_count);
        CHECK_HAS(s, last);
        CHECK_HAS(s, "Sida 1 av ");
        ap_buf_free(&t);
    }
    ap_pdf_free(doc);
}

/* A document whose flow is pushed down by a block, so that what follows
 * starts with `room` points left on page 1: a forced page break. */
static ap_pdf *doc_with_room(double room)
{
    ap_pdf *doc = open_doc(&NUMBERED);
    if (doc) {
        ap_pdf_paragraph(doc, "Inledning", NULL);
        ap_pdf_block(doc, ap_pdf_remaining(doc) - room, NULL);
    }
    return doc;
}

/* On every page: when it has needle, at least min of words[0..n) too. */
static int pages_short_of(const char *pdf, const char *needle, const char *const *words,
                          size_t n, int min)
{
    int bad = 0, pages = pdf_pages(pdf);
    ap_buf t = {0};
    for (int p = 1; p <= pages; p++) {
        pdf_text(&t, pdf, p, p);
        int found = 0;
        for (size_t i = 0; i < n; i++)
            found += strstr(ap_buf_str(&t), words[i]) != NULL;
        if (strstr(ap_buf_str(&t), needle) && found < min) {
            fprintf(stderr, "%s page %d: '%s' with %d rows\n", pdf, p, needle, found);
            bad++;
        }
    }
    ap_buf_free(&t);
    return bad;
}

/* Issue 19: the cost table's total ("Hela planen") is kept with at least
 * two rows of its table, and its header never ends a page alone, wherever
 * the page breaks. */
TEST(total_row_kept_with_two_rows)
{
    static const char *const names[] = {"Alfa", "Beta", "Gamma", "Delta", "Epsilon"};
    ap_focus focus[5] = {{0}};
    char titles[5][96];
    for (int i = 0; i < 5; i++) {
        snprintf(titles[i], sizeof titles[i], "Fokusområdet %s med en titel som tar två rader "
                 "i tabellen när den är lång nog", names[i]);
        focus[i] = (ap_focus){.code = names[i], .title = titles[i], .budget = 1000000 * (i + 1),
                              .spent = 250000 * (i + 1)};
    }
    ap_snapshot snap = {.focus = focus, .n_focus = 5, .budget = 15000000, .spent = 3750000};
    ap_date_parse("2017-12-31", &snap.as_of);
    int bad_total = 0, bad_head = 0;
    for (double room = 12; room <= 150; room += 6) {
        ap_pdf *doc = doc_with_room(room);
        if (!doc)
            return;
        ap_pdfr_costs(doc, &snap);
        char name[32];
        snprintf(name, sizeof name, "costs-%03.0f.pdf", room);
        const char *pdf = path_in_tmp(name);
        if (save_doc(doc, pdf)) {
            bad_total += pages_short_of(pdf, "Hela planen", names, 5, 2);
            bad_head += pages_short_of(pdf, "Andel av", names, 5, 1);
        }
        ap_pdf_free(doc);
    }
    CHECK_INT(bad_total, 0);
    CHECK_INT(bad_head, 0);
}

/* A table that starts with a group row and a tall first row: the header,
 * the group and that row go to the next page together, never the header
 * and the group alone. */
TEST(table_start_keeps_a_body_row)
{
    static const char *const body[] = {"Radett"};
    int bad = 0;
    for (double room = 20; room <= 110; room += 5) {
        ap_pdf *doc = doc_with_room(room);
        if (!doc)
            return;
        ap_pdf_column cols[] = {{"Kodrubrik", 60, 0, AP_PDF_LEFT}, {"Text", 0, 0, AP_PDF_LEFT}};
        ap_pdf_table_begin(doc, cols, 2, NULL);
        ap_pdf_cell cells[] = {{"Radett", 0, 0}, {"Första raden\nandra raden\ntredje raden", 0, 0}};
        ap_pdfr_table_group(doc, "Gruppen", ap_pdf_table_row_height(doc, cells, 2, NULL));
        ap_pdf_table_row(doc, cells, 2, NULL);
        ap_pdf_table_end(doc);
        char name[32];
        snprintf(name, sizeof name, "start-%03.0f.pdf", room);
        const char *pdf = path_in_tmp(name);
        if (save_doc(doc, pdf))
            bad += pages_short_of(pdf, "Kodrubrik", body, 1, 1);
        ap_pdf_free(doc);
    }
    CHECK_INT(bad, 0);
}

/* Whether any of 200 points sampled along each segment lies in box b grown
 * by gap: a check that shares no code with the engine's clipping. */
static bool sampled_hit(const ap_pdf_box *b, double gap, const double *xs, const double *ys,
                        size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        for (int k = 0; k <= 200; k++) {
            double x = xs[i] + (xs[i + 1] - xs[i]) * k / 200.0;
            double y = ys[i] + (ys[i + 1] - ys[i]) * k / 200.0;
            if (x >= b->x - gap && x <= b->x + b->w + gap && y >= b->y - gap &&
                y <= b->y + b->h + gap)
                return true;
        }
    return false;
}

/* Issue 19: a chart's value label never touches the line or another label. */
TEST(chart_label_clear_of_segments)
{
    ap_pdf_box box = {10, 10, 20, 8};
    CHECK(ap_pdf_box_hits_segment(&box, 0, 0, 14, 40, 14));  /* straight through */
    CHECK(ap_pdf_box_hits_segment(&box, 0, 0, 0, 40, 30));   /* diagonally through */
    CHECK(!ap_pdf_box_hits_segment(&box, 0, 0, 0, 40, 5));   /* above it */
    CHECK(!ap_pdf_box_hits_segment(&box, 0.5, 31, 0, 31, 30)); /* 1 pt to the right */
    CHECK(ap_pdf_box_hits_segment(&box, 1.5, 31, 0, 31, 30)); /* ... within the gap */
    CHECK(ap_pdf_box_hits_segment(&box, 0, 15, 12, 15, 12));  /* a point inside */

    /* The demo's K1 case: a line rising to its last point, the target's
     * label and dashed line just above it. */
    ap_pdf_box area = {100, 100, 140, 80};
    double xs[] = {100, 150, 200, 240}, ys[] = {170, 150, 130, 122};
    ap_pdf_box taken[] = {{103, 112, 40, 8}, {100, 120, 140, 0}}, b;
    CHECK(ap_pdf_place_label(240, 122, 30, 8.4, &area, xs, ys, 4, taken, 2, 1, &b));
    CHECK(!sampled_hit(&b, 0.9, xs, ys, 4));
    CHECK(b.x >= area.x && b.x + b.w <= area.x + area.w + 0.01);

    /* Random lines: whenever a place is found, it is clear of every segment
     * and of the other label, and inside the plot. */
    unsigned seed = 19;
    int found = 0, bad = 0;
    for (int t = 0; t < 300; t++) {
        double px[8], py[8];
        size_t n = 2 + (size_t)(t % 6);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            px[i] = area.x + area.w * (double)i / (double)(n - 1);
            py[i] = area.y + 5 + (double)((seed >> 8) % 70);
        }
        ap_pdf_box other = {area.x + 3, py[0] < 140 ? 165 : 105, 35, 8};
        if (!ap_pdf_place_label(px[n - 1], py[n - 1], 28, 8.4, &area, px, py, n, &other, 1, 1,
                                &b))
            continue;
        found++;
        bad += sampled_hit(&b, 0.9, px, py, n) || b.y < area.y || b.y + b.h > area.y + area.h ||
               (b.x < other.x + other.w && other.x < b.x + b.w && b.y < other.y + other.h &&
                other.y < b.y + b.h);
    }
    CHECK(found > 250);
    CHECK_INT(bad, 0);
}

TEST(table_misuse_is_an_error)
{
    ap_pdf *doc = open_doc(NULL);
    if (!doc)
        return;
    ap_pdf_cell c = {"x", 0, 0};
    CHECK_INT(ap_pdf_table_row(doc, &c, 1, NULL), AP_E_INTERNAL);
    CHECK_CONTAINS(ap_pdf_error(doc), "ap_pdf_table_begin");
    /* sticky: later calls fail the same way, and nothing is saved */
    CHECK_INT(ap_pdf_paragraph(doc, "efteråt", NULL), AP_E_INTERNAL);
    ap_error err = {0};
    const char *pdf = path_in_tmp("misuse.pdf");
    CHECK_INT(ap_pdf_save(doc, pdf, &err), AP_E_INTERNAL);
    CHECK_CONTAINS(err.msg, "misuse.pdf");
    CHECK(access(pdf, F_OK) != 0);
    ap_pdf_free(doc);

    doc = open_doc(NULL);
    ap_pdf_column cols[] = {{"a", 0, 0, 0}};
    ap_pdf_table_begin(doc, cols, 1, NULL);
    ap_pdf_cell two[] = {{"a", 0, 0}, {"b", 0, 0}};
    CHECK_INT(ap_pdf_table_row(doc, two, 2, NULL), AP_E_INTERNAL);
    ap_pdf_free(doc);
    doc = open_doc(NULL);
    CHECK_INT(ap_pdf_table_begin(doc, cols, 0, NULL), AP_E_INTERNAL);
    ap_pdf_free(doc);
}

/* ---------------------------------------------------------------------------
 * Charts
 * ------------------------------------------------------------------------- */

TEST(charts_empty_and_many)
{
    ap_pdf *doc = open_doc(&NUMBERED);
    if (!doc)
        return;
    static const char *const series[] = {"Grönt", "Gult", "Rött"};
    static const uint32_t colors[] = {0x2E9E4F, 0xF2C230, 0xD0392B};
    ap_pdf_bar_chart empty = {.title = "Tomt diagram",
                              .series = series,
                              .colors = colors,
                              .nseries = 3,
                              .empty_text = "Inga data att visa"};
    ap_pdf_bar_chart_add(doc, &empty);
    enum { NCAT = 70 };
    const char *cats[NCAT];
    char names[NCAT][48];
    double values[NCAT * 3];
    for (int i = 0; i < NCAT; i++) {
        snprintf(names[i], sizeof names[i], "Kategori %d med ett ganska långt namn", i + 1);
        cats[i] = names[i];
        values[i * 3] = i % 9;
        values[i * 3 + 1] = i % 4;
        values[i * 3 + 2] = i == 5 ? NAN : i % 3 - 1; /* NaN and -1 count as 0 */
    }
    ap_pdf_bar_chart many = {.title = "Stort diagram",
                             .categories = cats,
                             .ncategories = NCAT,
                             .series = series,
                             .colors = colors,
                             .nseries = 3,
                             .values = values,
                             .axis_label = "Antal",
                             .empty_text = "Inga data"};
    ap_pdf_bar_chart_add(doc, &many);
    ap_pdf_trend_chart none = {.title = "Tom indikator", .empty_text = "Inga mätvärden"};
    double y = 0;
    ap_pdf_block(doc, 110, &y);
    ap_pdf_trend_chart_at(doc, 60, y, &none);
    enum { NPTS = 1000 };
    double xs[NPTS], ys[NPTS];
    for (int i = 0; i < NPTS; i++) {
        xs[i] = 16000 + (NPTS - i) * 3; /* out of order on purpose */
        ys[i] = 100 + 50 * sin(i / 30.0);
    }
    ap_pdf_trend_chart lots = {.title = "Tusen punkter",
                               .x = xs,
                               .y = ys,
                               .n = NPTS,
                               .has_target = true,
                               .target = 180,
                               .target_label = "Mål 180",
                               .has_baseline = true,
                               .baseline_x = 15900,
                               .baseline_y = 90,
                               .baseline_label = "Utgångsvärde",
                               .empty_text = "-"};
    ap_pdf_trend_chart_at(doc, 240, y, &lots);
    double one_x = 17000, one_y = 5;
    ap_pdf_trend_chart single = {
        .title = "En punkt", .x = &one_x, .y = &one_y, .n = 1, .width = 30, .height = 20};
    ap_pdf_trend_chart_at(doc, 420, y, &single); /* too small to plot: frame and title */
    const char *pdf = path_in_tmp("charts.pdf");
    if (save_doc(doc, pdf)) {
        CHECK(qpdf_ok(pdf));
        ap_buf t = {0};
        pdf_text(&t, pdf, 0, 0);
        const char *s = ap_buf_str(&t);
        CHECK_HAS(s, "Inga data att visa");
        CHECK_HAS(s, "Inga mätvärden");
        CHECK_HAS(s, "Kategori 1 med");
        CHECK_HAS(s, "Kategori 70 med");
        CHECK(count_of(s, "Grönt") >= 2); /* the legend is repeated on the next page */
        CHECK_HAS(s, "Mål 180");
        CHECK_HAS(s, "Utgångsvärde");
        CHECK_HAS(s, "2013-07-14"); /* the earliest date: the baseline's */
        CHECK_HAS(s, "2022-01-08"); /* the latest: the first point given */
        CHECK(pdf_pages(pdf) >= 3);
        ap_buf_free(&t);
    }
    ap_pdf_free(doc);
}

/* ---------------------------------------------------------------------------
 * Table of contents
 * ------------------------------------------------------------------------- */

/* Check every line of the contents (pages first..last) that names one of
 * heads: its page number must be a page whose text holds that heading. */
static void check_toc(const char *pdf, int first, int last, const char *const *heads, int n)
{
    ap_buf toc = {0}, page = {0};
    pdf_text(&toc, pdf, first, last);
    for (int i = 0; i < n; i++) {
        const char *at = strstr(ap_buf_str(&toc), heads[i]);
        CHECK(at != NULL);
        if (!at) {
            fprintf(stderr, "  '%s' is not in the contents\n", heads[i]);
            continue;
        }
        const char *eol = strchr(at, '\n');
        const char *num = eol ? eol : at + strlen(at);
        while (num > at && num[-1] >= '0' && num[-1] <= '9')
            num--;
        int p = atoi(num);
        CHECK(p > last);
        pdf_text(&page, pdf, p, p);
        if (!strstr(ap_buf_str(&page), heads[i])) {
            fprintf(stderr, "  '%s' is listed on page %d but is not there\n", heads[i], p);
            CHECK(0);
        }
        CHECK(strstr(at, ". . . .") != NULL && strstr(at, ". . . .") < num); /* dot leaders */
    }
    ap_buf_free(&toc);
    ap_buf_free(&page);
}

TEST(toc_lists_headings_with_page_numbers)
{
    ap_pdf_opts o = NUMBERED;
    o.plain_first_page = true;
    ap_pdf *doc = open_doc(&o);
    if (!doc)
        return;
    ap_pdf_text_at(doc, 60, 200, 300, "Omslaget", &(ap_pdf_style){.size = 30}, NULL);
    ap_pdf_page_break(doc);
    ap_pdf_toc_reserve(doc, "Innehållsförteckning", 1);
    const char *heads[] = {"Kapitel ett", "Avsnitt ett a", "Avsnitt ett b", "Kapitel två",
                           "Avsnitt två a"};
    ap_pdf_heading(doc, 1, heads[0]);
    ap_pdf_heading(doc, 2, heads[1]);
    for (int i = 0; i < 120; i++)
        ap_pdf_paragraph(doc, "Brödtext som fyller sidorna så att rubrikerna hamnar längre fram.",
                         NULL);
    ap_pdf_heading(doc, 2, heads[2]);
    ap_pdf_heading(doc, 3, "Nivå tre syns inte i innehållet");
    ap_pdf_heading(doc, 1, heads[3]);
    ap_pdf_page_break(doc);
    ap_pdf_paragraph(doc, "Text.", NULL);
    ap_pdf_heading(doc, 2, heads[4]);
    const char *pdf = path_in_tmp("toc.pdf");
    if (save_doc(doc, pdf)) {
        CHECK(qpdf_ok(pdf));
        ap_buf t = {0};
        pdf_text(&t, pdf, 2, 2);
        CHECK_HAS(ap_buf_str(&t), "Innehållsförteckning");
        CHECK(!strstr(ap_buf_str(&t), "Nivå tre"));
        CHECK_HAS(ap_buf_str(&t), "Kapitel ett");
        ap_buf_free(&t);
        check_toc(pdf, 2, 2, heads, 5);
    }
    ap_pdf_free(doc);
}

TEST(toc_longer_than_reserved_gets_more_pages)
{
    ap_pdf *doc = open_doc(&NUMBERED);
    if (!doc)
        return;
    ap_pdf_toc_reserve(doc, "Innehåll", 1);
    char names[150][32];
    const char *heads[150];
    for (int i = 0; i < 150; i++) {
        snprintf(names[i], sizeof names[i], "Rubrik nummer %03d", i + 1);
        heads[i] = names[i];
        ap_pdf_heading(doc, i % 3 ? 2 : 1, names[i]);
        ap_pdf_paragraph(doc, "Lite text under rubriken.", NULL);
    }
    ap_pdf_geometry g;
    ap_pdf_geometry_get(doc, &g);
    const char *pdf = path_in_tmp("toc-long.pdf");
    if (save_doc(doc, pdf)) {
        CHECK(qpdf_ok(pdf));
        int pages = pdf_pages(pdf);
        int extra = pages - g.page_count;
        CHECK(extra >= 2); /* 150 entries take three pages or more */
        ap_buf t = {0};
        pdf_text(&t, pdf, 0, 0);
        char want[32];
        snprintf(want, sizeof want, "Sida %d av %d", pages, pages);
        CHECK_HAS(ap_buf_str(&t), want);
        ap_buf_free(&t);
        check_toc(pdf, 1, 1 + extra, heads, 150);
    }
    ap_pdf_free(doc);
}

/* ---------------------------------------------------------------------------
 * Saving and fonts
 * ------------------------------------------------------------------------- */

static int files_in(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    if (d)
        closedir(d);
    return n;
}

TEST(failed_save_leaves_nothing)
{
    ap_pdf *doc = open_doc(&NUMBERED);
    if (!doc)
        return;
    ap_pdf_paragraph(doc, "Sparas inte.", NULL);
    ap_error err = {0};
    CHECK_INT(ap_pdf_save(doc, "/nonexistent-ap-dir/sub/rapport.pdf", &err), AP_E_IO);
    CHECK_CONTAINS(err.msg, "/nonexistent-ap-dir/sub");
    CHECK(access("/nonexistent-ap-dir", F_OK) != 0);
    /* the document is still good: saving elsewhere works, twice */
    CHECK(save_doc(doc, path_in_tmp("retry.pdf")));
    CHECK(qpdf_ok(path_in_tmp("retry.pdf")));
    CHECK(save_doc(doc, path_in_tmp("again.pdf")));
    CHECK(qpdf_ok(path_in_tmp("again.pdf")));
    CHECK(run(NULL, "cmp -s '%s' '%s'", path_in_tmp("retry.pdf"), path_in_tmp("again.pdf")) == 0);
    /* but it is complete: nothing more can be added */
    CHECK_INT(ap_pdf_paragraph(doc, "För sent.", NULL), AP_E_INTERNAL);
    ap_pdf_free(doc);

    /* libharu fails while writing (file size limit): the temporary file goes */
    char dir[128];
    snprintf(dir, sizeof dir, "%s/full", tmpdir);
    CHECK(ap_mkdir_p(dir, &err) == AP_OK);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = {4096, 4096};
        setrlimit(RLIMIT_FSIZE, &rl);
        ap_pdf *d = NULL;
        ap_error e = {0};
        if (ap_pdf_new(&d, &NUMBERED, &e) != AP_OK)
            _exit(3);
        ap_pdf_paragraph(d, "För stor för gränsen.", NULL);
        char path[256];
        snprintf(path, sizeof path, "%s/rapport.pdf", dir);
        ap_rc rc = ap_pdf_save(d, path, &e);
        fprintf(stderr, "  expected failure: %s\n", e.msg);
        ap_pdf_free(d);
        _exit(rc == AP_E_IO && strstr(e.msg, "rapport.pdf") ? 0 : 4);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    CHECK_INT(files_in(dir), 0);
}

TEST(fonts_from_the_environment)
{
    ap_pdf *doc = NULL;
    ap_error err = {0};
    setenv("ACTIONPLAN_FONT_DIR", "/nonexistent-fonts", 1);
    CHECK_INT(ap_pdf_new(&doc, NULL, &err), AP_E_IO);
    CHECK(doc == NULL);
    CHECK_CONTAINS(err.msg, "/nonexistent-fonts/DejaVuSans.ttf");
    CHECK_CONTAINS(err.msg, "ACTIONPLAN_FONT_DIR");
    /* an explicit font_dir wins over the environment */
    ap_pdf_opts o = {.font_dir = AP_FONT_DIR};
    CHECK_INT(ap_pdf_new(&doc, &o, &err), AP_OK);
    ap_pdf_free(doc);
    doc = NULL;
    setenv("ACTIONPLAN_FONT_DIR", AP_FONT_DIR, 1);
    CHECK_INT(ap_pdf_new(&doc, NULL, &err), AP_OK);
    ap_pdf_free(doc);
    unsetenv("ACTIONPLAN_FONT_DIR");
}

TEST(numbers_for_people)
{
    char b[64];
    ap_set_language(AP_LANG_SV);
    CHECK_STR(ap_format_number(b, sizeof b, 44000, 0), "44\xC2\xA0"
                                                           "000");
    CHECK_STR(ap_format_number(b, sizeof b, -1234567.891, 2), "-1\xC2\xA0"
                                                                  "234\xC2\xA0"
                                                                  "567,89");
    CHECK_STR(ap_format_number(b, sizeof b, 3.5, 1), "3,5");
    CHECK_STR(ap_format_number(b, sizeof b, -0.001, 1), "0,0");
    CHECK_STR(ap_format_number(b, sizeof b, NAN, 1), "\xE2\x80\x93");
    ap_set_language(AP_LANG_EN);
    CHECK_STR(ap_format_number(b, sizeof b, 44000.25, 1), "44,000.2");
    CHECK_STR(ap_format_number(b, sizeof b, 999, 0), "999");
    ap_set_language(AP_LANG_SV);
    char small[4];
    CHECK_STR(ap_format_number(small, sizeof small, 123456, 0), "123");
}

int main(void)
{
    test_need("qpdf pdftotext pdfinfo pdffonts /usr/bin/python3");
    snprintf(tmpdir, sizeof tmpdir, "/tmp/ap-pdfdoc-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(swedish_text_metadata_and_numbers);
    RUN(outline_has_every_heading_nested);
    RUN(geometry_and_cursor);
    RUN(orientation_per_page);
    RUN(page_number_format);
    RUN(word_of_5000_characters_survives);
    RUN(row_taller_than_a_page_is_split);
    RUN(hostile_strings_never_crash);
    RUN(table_of_300_rows_repeats_its_header);
    RUN(chart_label_clear_of_segments);
    RUN(total_row_kept_with_two_rows);
    RUN(table_start_keeps_a_body_row);
    RUN(table_misuse_is_an_error);
    RUN(charts_empty_and_many);
    RUN(toc_lists_headings_with_page_numbers);
    RUN(toc_longer_than_reserved_gets_more_pages);
    RUN(failed_save_leaves_nothing);
    RUN(fonts_from_the_environment);
    RUN(numbers_for_people);
    RUN(finished_pages_are_compressed_at_once);
    int rc = test_summary();
    if (rc == 0 && !getenv("AP_TEST_KEEP")) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", tmpdir);
    } else {
        fprintf(stderr, "the documents are kept in %s\n", tmpdir);
    }
    return rc;
}
