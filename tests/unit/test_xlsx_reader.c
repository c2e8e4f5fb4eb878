/*
 * Unit tests for xlsx_book.c.
 *
 * Workbooks come from three places: libxlsxwriter (what the tool itself
 * writes), hand-made parts zipped with libzip (every corner of the format and
 * every kind of damage), and, through tests/py/test_xlsx_reader_peers.py,
 * openpyxl and LibreOffice. For that script this binary has a second mode:
 *
 *   test_xlsx_reader --dump FILE.xlsx   prints the reader's view as JSON
 *                                       (exit 1 and the message on error)
 */
#include "actionplan/i18n.h"
#include "xlsx_reader.h"
#include "test.h"

#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

/* =========================================================================
 * Scratch files
 * ========================================================================= */

static char tmp_dir[256];

static const char *tmp_file(char buf[512], const char *name)
{
    snprintf(buf, 512, "%s/%s", tmp_dir, name);
    return buf;
}

static void tmp_cleanup(void)
{
    DIR *d = opendir(tmp_dir);
    struct dirent *e;
    char path[512];
    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(path, sizeof path, "%s/%s", tmp_dir, e->d_name);
            if (remove(path) != 0)
                rmdir(path);
        }
    }
    if (d)
        closedir(d);
    rmdir(tmp_dir);
}

static void write_bytes(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(2);
    }
    fclose(f);
}

static unsigned char *read_bytes(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *p = malloc(*len ? *len : 1);
    if (!p || fread(p, 1, *len, f) != *len)
        exit(2);
    fclose(f);
    return p;
}

/* A deterministic PRNG (xorshift64) so that every run flips the same bytes. */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* =========================================================================
 * Hand-made packages
 * ========================================================================= */

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG "http://schemas.openxmlformats.org/package/2006/relationships"
#define REL NS_R "/"
#define CT_MAIN "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
#define SHEET(rows) "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>" rows "</sheetData></worksheet>"
#define SST(items) "<sst xmlns=\"" NS_MAIN "\">" items "</sst>"

typedef struct part {
    const char *name;
    const char *data;
    size_t len; /* 0: strlen(data) */
} part;

static void write_zip(const char *path, const part *parts, size_t n)
{
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!z)
        exit(2);
    for (size_t i = 0; i < n; i++) {
        size_t len = parts[i].len ? parts[i].len : strlen(parts[i].data);
        zip_source_t *s = zip_source_buffer(z, parts[i].data, len, 0);
        if (!s || zip_file_add(z, parts[i].name, s, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) < 0)
            exit(2);
    }
    if (zip_close(z) != 0) {
        fprintf(stderr, "zip_close: %s\n", zip_strerror(z));
        exit(2);
    }
}

/* A package's parts; NULL takes the default, OMIT leaves the part out. */
typedef struct pkg {
    const char *content_types, *root_rels, *workbook, *workbook_rels;
    const char *sheet1, *sheet2, *sst, *styles;
} pkg;
static const char OMIT[] = "omit";

static const char *DEFAULT_CT =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package."
    "relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/xl/workbook.xml\" ContentType=\"" CT_MAIN "\"/></Types>";
static const char *DEFAULT_ROOT_RELS =
    "<Relationships xmlns=\"" NS_PKG "\"><Relationship Id=\"rId1\" Type=\"" REL
    "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
static const char *WB_ONE =
    "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\"><sheets>"
    "<sheet name=\"Blad1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char *WB_TWO =
    "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\"><sheets>"
    "<sheet name=\"Blad1\" sheetId=\"1\" r:id=\"rId1\"/>"
    "<sheet name=\"Blad2\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>";

static char *default_workbook_rels(const pkg *p)
{
    ap_buf b = {0};
    ap_buf_puts(&b, "<Relationships xmlns=\"" NS_PKG "\">"
                    "<Relationship Id=\"rId1\" Type=\"" REL "worksheet\" "
                    "Target=\"worksheets/sheet1.xml\"/>");
    if (p->sheet2)
        ap_buf_puts(&b, "<Relationship Id=\"rId2\" Type=\"" REL "worksheet\" "
                        "Target=\"worksheets/sheet2.xml\"/>");
    if (p->sst)
        ap_buf_puts(&b, "<Relationship Id=\"rId3\" Type=\"" REL "sharedStrings\" "
                        "Target=\"sharedStrings.xml\"/>");
    if (p->styles)
        ap_buf_puts(&b, "<Relationship Id=\"rId4\" Type=\"" REL "styles\" Target=\"styles.xml\"/>");
    ap_buf_puts(&b, "</Relationships>");
    return ap_buf_steal(&b);
}

static void write_pkg(const char *path, const pkg *p)
{
    char *wb_rels = default_workbook_rels(p);
    const part all[] = {
        {"[Content_Types].xml", p->content_types ? p->content_types : DEFAULT_CT, 0},
        {"_rels/.rels", p->root_rels ? p->root_rels : DEFAULT_ROOT_RELS, 0},
        {"xl/workbook.xml",
         p->workbook ? p->workbook
         : p->sheet2 ? WB_TWO
                     : WB_ONE,
         0},
        {"xl/_rels/workbook.xml.rels", p->workbook_rels ? p->workbook_rels : wb_rels, 0},
        {"xl/worksheets/sheet1.xml", p->sheet1 ? p->sheet1 : SHEET(""), 0},
        {"xl/worksheets/sheet2.xml", p->sheet2 ? p->sheet2 : OMIT, 0},
        {"xl/sharedStrings.xml", p->sst ? p->sst : OMIT, 0},
        {"xl/styles.xml", p->styles ? p->styles : OMIT, 0},
    };
    part keep[8];
    size_t n = 0;
    for (size_t i = 0; i < 8; i++)
        if (all[i].data != OMIT)
            keep[n++] = all[i];
    write_zip(path, keep, n);
    free(wb_rels);
}

/* =========================================================================
 * Reading helpers
 * ========================================================================= */

/* Open, load every sheet, touch every cell and check what a caller relies
 * on: valid UTF-8 everywhere, positions within the sheet. */
static ap_rc read_all(const char *path, const ap_xlsx_options *opt, ap_error *err)
{
    ap_xlsx_book *book;
    ap_rc rc = ap_xlsx_open_opt(path, opt, &book, err);
    for (size_t i = 0; rc == AP_OK && i < ap_xlsx_sheet_count(book); i++) {
        const char *name = ap_xlsx_sheet_name(book, i);
        CHECK(name && *name && ap_utf8_valid(name, strlen(name), NULL));
        ap_xlsx_sheet *sheet;
        rc = ap_xlsx_load_sheet(book, i, &sheet, err);
        if (rc != AP_OK)
            break;
        for (size_t k = 0; k < ap_xlsx_sheet_ncells(sheet); k++) {
            ap_xlsx_value v = ap_xlsx_sheet_cell_at(sheet, k);
            CHECK(v.text && ap_utf8_valid(v.text, strlen(v.text), NULL));
            CHECK(v.row < ap_xlsx_sheet_rows(sheet) && v.col < ap_xlsx_sheet_cols(sheet));
            CHECK(v.row < AP_XLSX_MAX_ROWS && v.col < AP_XLSX_MAX_COLS);
        }
        ap_xlsx_sheet_free(sheet);
    }
    ap_xlsx_free(book);
    return rc;
}

/* An error message is one line that starts with the file. */
static void check_message(const char *path, const ap_error *err)
{
    CHECK(strncmp(err->msg, path, strlen(path)) == 0);
    CHECK(strchr(err->msg, '\n') == NULL);
}

/* read_all must fail with a message containing needle. */
static void expect_error(const char *path, const char *needle)
{
    ap_error err = {0};
    ap_rc rc = read_all(path, NULL, &err);
    CHECK(rc != AP_OK);
    CHECK_CONTAINS(err.msg, needle);
    check_message(path, &err);
}

static void expect_pkg_error(const pkg *p, const char *needle)
{
    char path[512];
    write_pkg(tmp_file(path, "bad.xlsx"), p);
    expect_error(path, needle);
}

/* Open a hand-made package and load its first sheet; NULL on failure. */
static ap_xlsx_sheet *load_pkg(const pkg *p, ap_xlsx_book **book)
{
    char path[512];
    ap_error err = {0};
    ap_xlsx_sheet *sheet = NULL;
    write_pkg(tmp_file(path, "good.xlsx"), p);
    if (ap_xlsx_open(path, book, &err) != AP_OK || ap_xlsx_load_sheet(*book, 0, &sheet, &err)) {
        fprintf(stderr, "[%s] unexpected error: %s\n", test_current, err.msg);
        test_failures++;
    }
    return sheet;
}

static ap_date ymd(int y, int m, int d)
{
    return ap_date_from_ymd(y, m, d);
}

/* =========================================================================
 * libxlsxwriter round trip
 * ========================================================================= */

static void lxw_date(lxw_worksheet *ws, int row, int col, int y, int m, int d, int hh, int mm,
                     lxw_format *fmt)
{
    lxw_datetime dt = {y, m, d, hh, mm, 0};
    worksheet_write_datetime(ws, (lxw_row_t)row, (lxw_col_t)col, &dt, fmt);
}

static void write_form(const char *path)
{
    lxw_workbook *wb = workbook_new(path);
    lxw_format *iso = workbook_add_format(wb), *builtin14 = workbook_add_format(wb);
    lxw_format *hhmm = workbook_add_format(wb), *pct = workbook_add_format(wb);
    lxw_format *kr = workbook_add_format(wb), *dagar = workbook_add_format(wb);
    lxw_format *bold = workbook_add_format(wb), *stamp = workbook_add_format(wb);
    format_set_num_format(iso, "yyyy-mm-dd");
    format_set_num_format_index(builtin14, 14);
    format_set_num_format(hhmm, "hh:mm");
    format_set_num_format(pct, "0%");
    format_set_num_format(kr, "#,##0.00 \"kr\"");
    format_set_num_format(dagar, "0 \"dagar\"");
    format_set_num_format(stamp, "yyyy-mm-dd hh:mm");
    format_set_bold(bold);

    lxw_worksheet *ws = workbook_add_worksheet(wb, "Aktiviteter");
    const char *head[] = {"Kod", "Titel", "Status", "Datum", "Klar", "Summa", "Andel", "Text"};
    for (int c = 0; c < 8; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], bold);
    worksheet_write_string(ws, 1, 0, "1.1.1", NULL);
    worksheet_write_string(ws, 1, 1, "Företagsbesök på Åsö – «ärende»", NULL);
    worksheet_write_string(ws, 1, 2, "grön", NULL);
    lxw_date(ws, 1, 3, 2016, 3, 10, 0, 0, iso);
    worksheet_write_boolean(ws, 1, 4, 1, NULL);
    worksheet_write_formula_num(ws, 1, 5, "=1+2", NULL, 3);
    worksheet_write_number(ws, 1, 6, 0.25, pct);
    worksheet_write_formula_str(ws, 1, 7, "=A2&\"x\"", NULL, "1.1.1x");
    worksheet_write_string(ws, 2, 0, "1.1.2", NULL);
    worksheet_write_string(ws, 2, 1, "  mellanslag  ", NULL);
    worksheet_write_string(ws, 2, 2, "röd", NULL);
    lxw_date(ws, 2, 3, 2016, 12, 31, 0, 0, builtin14);
    worksheet_write_boolean(ws, 2, 4, 0, NULL);
    worksheet_write_number(ws, 2, 5, -1234.5678, kr);
    worksheet_write_number(ws, 2, 6, 1e-7, NULL);
    worksheet_write_string(ws, 2, 7, "rad1\nrad2\ttab", NULL);
    worksheet_write_string(ws, 3, 0, "ctl\x01x", NULL);
    lxw_date(ws, 3, 3, 1899, 12, 31, 12, 30, hhmm);
    worksheet_write_number(ws, 3, 5, 7, dagar);
    worksheet_write_string(ws, 4, 0, "_x0041_", NULL);
    lxw_date(ws, 4, 3, 2016, 3, 10, 14, 0, stamp);
    lxw_rich_string_tuple f1 = {bold, "fet"}, f2 = {NULL, " och vanlig"};
    lxw_rich_string_tuple *rich[] = {&f1, &f2, NULL};
    worksheet_write_rich_string(ws, 5, 0, rich, NULL);
    worksheet_write_blank(ws, 7, 1, iso);
    worksheet_write_string(ws, 7, 2, "grön", NULL);
    worksheet_write_string(ws, 999, 26, "långt bort", NULL);

    lxw_worksheet *hidden = workbook_add_worksheet(wb, "Dold");
    worksheet_write_string(hidden, 0, 0, "hemlig", NULL);
    worksheet_hide(hidden);
    worksheet_write_number(workbook_add_worksheet(wb, "Åäö & Co"), 0, 0, 1, NULL);
    workbook_add_worksheet(wb, "Tom");
    if (workbook_close(wb) != LXW_NO_ERROR)
        exit(2);
}

static void check_value(ap_xlsx_value v, ap_xlsx_type type, const char *text)
{
    CHECK_INT(v.type, type);
    CHECK_STR(v.text, text);
}

static void check_form_sheet(const ap_xlsx_sheet *s)
{
    ap_date d;
    CHECK_INT(ap_xlsx_sheet_rows(s), 1000);
    CHECK_INT(ap_xlsx_sheet_cols(s), 27);
    check_value(ap_xlsx_cell(s, 0, 0), AP_XLSX_STRING, "Kod");
    check_value(ap_xlsx_cell(s, 1, 0), AP_XLSX_STRING, "1.1.1");
    check_value(ap_xlsx_cell(s, 1, 1), AP_XLSX_STRING, "Företagsbesök på Åsö – «ärende»");
    check_value(ap_xlsx_cell(s, 1, 2), AP_XLSX_STRING, "grön");
    ap_xlsx_value v = ap_xlsx_cell(s, 1, 3);
    CHECK_INT(v.type, AP_XLSX_DATE);
    CHECK(v.date_style);
    CHECK(ap_xlsx_value_date(s, &v, &d) && d == ymd(2016, 3, 10));
    v = ap_xlsx_cell(s, 1, 4);
    check_value(v, AP_XLSX_BOOL, "TRUE");
    CHECK(v.number == 1);
    v = ap_xlsx_cell(s, 1, 5);
    check_value(v, AP_XLSX_NUMBER, "3");
    CHECK(v.formula && v.number == 3);
    v = ap_xlsx_cell(s, 1, 6);
    CHECK(v.type == AP_XLSX_NUMBER && v.number == 0.25 && !v.date_style);
    v = ap_xlsx_cell(s, 1, 7);
    check_value(v, AP_XLSX_STRING, "1.1.1x");
    CHECK(v.formula);
    check_value(ap_xlsx_cell(s, 2, 1), AP_XLSX_STRING, "  mellanslag  ");
    v = ap_xlsx_cell(s, 2, 3);
    CHECK(v.type == AP_XLSX_DATE && ap_xlsx_value_date(s, &v, &d) && d == ymd(2016, 12, 31));
    check_value(ap_xlsx_cell(s, 2, 4), AP_XLSX_BOOL, "FALSE");
    CHECK(ap_xlsx_cell(s, 2, 5).number == -1234.5678);
    CHECK_INT(ap_xlsx_cell(s, 2, 5).type, AP_XLSX_NUMBER); /* "kr" is no date */
    CHECK(ap_xlsx_cell(s, 2, 6).number == 1e-7);
    check_value(ap_xlsx_cell(s, 2, 7), AP_XLSX_STRING, "rad1\nrad2\ttab");
    check_value(ap_xlsx_cell(s, 3, 0), AP_XLSX_STRING, "ctl\x01x"); /* written as _x0001_ */
    v = ap_xlsx_cell(s, 3, 3);
    CHECK(v.type == AP_XLSX_DATE && v.number == 0.5208333333333334); /* a time: 12:30 */
    CHECK(!ap_xlsx_value_date(s, &v, &d));                           /* no day */
    CHECK_INT(ap_xlsx_cell(s, 3, 5).type, AP_XLSX_NUMBER);           /* "dagar" is quoted */
    /* libxlsxwriter 1.1.4 writes the literal text "_x0041_" unescaped, so
     * Excel (and this reader) show it as "A". */
    check_value(ap_xlsx_cell(s, 4, 0), AP_XLSX_STRING, "A");
    v = ap_xlsx_cell(s, 4, 3);
    CHECK(v.type == AP_XLSX_DATE && ap_xlsx_value_date(s, &v, &d) && d == ymd(2016, 3, 10));
    check_value(ap_xlsx_cell(s, 5, 0), AP_XLSX_STRING, "fet och vanlig");
    v = ap_xlsx_cell(s, 7, 1); /* a formatted blank holds nothing */
    CHECK(v.type == AP_XLSX_EMPTY && !strcmp(v.text, "") && v.row == 7 && v.col == 1);
    check_value(ap_xlsx_cell(s, 7, 2), AP_XLSX_STRING, "grön");
    check_value(ap_xlsx_cell(s, 999, 26), AP_XLSX_STRING, "långt bort");
    check_value(ap_xlsx_cell(s, 500, 3), AP_XLSX_EMPTY, "");
    check_value(ap_xlsx_cell(s, 999, 27), AP_XLSX_EMPTY, "");
    check_value(ap_xlsx_cell(s, 5000000, 99999), AP_XLSX_EMPTY, "");
}

TEST(reads_libxlsxwriter_workbook)
{
    char path[512], name[AP_XLSX_CELL_NAME_SIZE];
    ap_error err = {0};
    ap_xlsx_book *book;
    ap_xlsx_sheet *sheet, *empty;
    write_form(tmp_file(path, "form.xlsx"));
    CHECK_INT(ap_xlsx_open(path, &book, &err), AP_OK);
    CHECK_INT(ap_xlsx_sheet_count(book), 4);
    CHECK_STR(ap_xlsx_sheet_name(book, 0), "Aktiviteter");
    CHECK_STR(ap_xlsx_sheet_name(book, 2), "Åäö & Co");
    CHECK(ap_xlsx_sheet_name(book, 4) == NULL);
    CHECK_INT(ap_xlsx_sheet_hidden(book, 0), AP_XLSX_VISIBLE);
    CHECK_INT(ap_xlsx_sheet_hidden(book, 1), AP_XLSX_HIDDEN);
    CHECK_INT(ap_xlsx_sheet_index(book, "aktiviteter"), 0);
    CHECK_INT(ap_xlsx_sheet_index(book, "ÅÄÖ & CO"), 2);
    CHECK_INT(ap_xlsx_sheet_index(book, "Saknas"), -1);
    CHECK(!ap_xlsx_date1904(book));
    CHECK_INT(ap_xlsx_load_sheet(book, 0, &sheet, &err), AP_OK);
    check_form_sheet(sheet);
    /* Row-major order; the last cell is AA1000. */
    size_t n = ap_xlsx_sheet_ncells(sheet);
    CHECK_INT(n, 32);
    for (size_t i = 1; i < n; i++) {
        ap_xlsx_value a = ap_xlsx_sheet_cell_at(sheet, i - 1), b = ap_xlsx_sheet_cell_at(sheet, i);
        CHECK(a.row < b.row || (a.row == b.row && a.col < b.col));
    }
    ap_xlsx_value last = ap_xlsx_sheet_cell_at(sheet, n - 1);
    CHECK_STR(ap_xlsx_cell_name(last.row, last.col, name), "AA1000");
    CHECK_INT(ap_xlsx_load_sheet(book, 3, &empty, &err), AP_OK);
    CHECK_INT(ap_xlsx_sheet_rows(empty) + ap_xlsx_sheet_cols(empty) + ap_xlsx_sheet_ncells(empty),
              0);
    ap_xlsx_sheet_free(empty);
    CHECK_INT(ap_xlsx_load_sheet(book, 4, &empty, &err), AP_E_NOTFOUND);
    CHECK(empty == NULL);
    /* The book may go first: the sheet keeps its strings alive. */
    ap_xlsx_free(book);
    check_value(ap_xlsx_cell(sheet, 1, 2), AP_XLSX_STRING, "grön");
    ap_xlsx_sheet_free(sheet);
}

/* =========================================================================
 * Hand-made parts: the corners of the format
 * ========================================================================= */

TEST(reads_inline_rich_and_escaped_strings)
{
    ap_xlsx_book *book;
    pkg p = {
        .sst = SST("<si><t>enkel</t></si>"
                   "<si><r><rPr><b/></rPr><t>fet</t></r><r><t xml:space=\"preserve\"> text</t></r>"
                   "<rPh sb=\"0\" eb=\"1\"><t>FONETISK</t></rPh><phoneticPr fontId=\"1\"/></si>"
                   "<si><t>a_x005F_x0041_b_x0041_c_x000D_d_xD83D__xDE00_e_x0000_f_xZZZZ_</t></si>"
                   "<si><t>  utan preserve  </t></si><si><t/></si>"
                   "<si><t>rad1\r\nrad2</t></si>"),
        .sheet1 =
            SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
                  "<c r=\"C1\" t=\"s\"><v> 2 </v></c><c r=\"D1\" t=\"s\"><v>3</v></c>"
                  "<c r=\"E1\" t=\"s\"><v>4</v></c><c r=\"F1\" t=\"s\"><v>5</v></c></row>"
                  "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>inline åäö</t></is></c>"
                  "<c r=\"B2\" t=\"inlineStr\"><is><r><t>in</t></r><r><t>_x0041_</t></r>"
                  "<rPh><t>X</t></rPh></is></c>"
                  "<c r=\"C2\" t=\"str\"><f>A2&amp;\"!\"</f><v>inline åäö!</v></c>"
                  "<c r=\"D2\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"
                  "<c r=\"E2\" t=\"b\"><v>true</v></c><c r=\"F2\"><f>SUM(A9:A10)</f></c>"
                  "<c r=\"G2\" t=\"inlineStr\"/></row>"),
    };
    ap_xlsx_sheet *s = load_pkg(&p, &book);
    if (!s)
        return;
    check_value(ap_xlsx_cell(s, 0, 0), AP_XLSX_STRING, "enkel");
    check_value(ap_xlsx_cell(s, 0, 1), AP_XLSX_STRING, "fet text"); /* not FONETISK */
    check_value(ap_xlsx_cell(s, 0, 2), AP_XLSX_STRING,
                "a_x0041_bAc\rd\xF0\x9F\x98\x80"
                "e\xEF\xBF\xBD"
                "f_xZZZZ_");
    check_value(ap_xlsx_cell(s, 0, 3), AP_XLSX_STRING, "  utan preserve  ");
    check_value(ap_xlsx_cell(s, 0, 4), AP_XLSX_STRING, "");
    check_value(ap_xlsx_cell(s, 0, 5), AP_XLSX_STRING, "rad1\nrad2"); /* XML end-of-line */
    check_value(ap_xlsx_cell(s, 1, 0), AP_XLSX_STRING, "inline åäö");
    check_value(ap_xlsx_cell(s, 1, 1), AP_XLSX_STRING, "inA");
    check_value(ap_xlsx_cell(s, 1, 2), AP_XLSX_STRING, "inline åäö!");
    check_value(ap_xlsx_cell(s, 1, 3), AP_XLSX_ERROR, "#DIV/0!");
    check_value(ap_xlsx_cell(s, 1, 4), AP_XLSX_BOOL, "TRUE");
    ap_xlsx_value v = ap_xlsx_cell(s, 1, 5); /* a formula never calculated */
    CHECK(v.type == AP_XLSX_EMPTY && v.formula);
    CHECK_INT(ap_xlsx_cell(s, 1, 6).type, AP_XLSX_EMPTY);
    CHECK_INT(ap_xlsx_sheet_ncells(s), 12);
    ap_xlsx_sheet_free(s);
    ap_xlsx_free(book);
}

TEST(reads_positional_and_unordered_cells)
{
    ap_xlsx_book *book;
    pkg p = {.sheet1 =
                 SHEET("<row><c><v>1</v></c><c><v>2</v></c><c r=\"E1\"><v>5</v></c>"
                       "<c><v>6</v></c></row><row><c><v>7</v></c></row>"
                       "<row r=\"10\"><c r=\"B10\"><v>10</v></c><c><v>11</v></c></row>"
                       "<row r=\"4\"><c r=\"A4\"><v>4</v></c></row><row><c><v>5.5</v></c></row>"
                       "<row r=\"1048576\"><c r=\"XFD1048576\"><v>-1.5E+3</v></c></row>")};
    ap_xlsx_sheet *s = load_pkg(&p, &book);
    if (!s)
        return;
    CHECK(ap_xlsx_cell(s, 0, 0).number == 1);
    CHECK(ap_xlsx_cell(s, 0, 1).number == 2);
    CHECK(ap_xlsx_cell(s, 0, 4).number == 5);
    CHECK(ap_xlsx_cell(s, 0, 5).number == 6);
    CHECK(ap_xlsx_cell(s, 1, 0).number == 7);
    CHECK(ap_xlsx_cell(s, 9, 1).number == 10);
    CHECK(ap_xlsx_cell(s, 9, 2).number == 11);
    CHECK(ap_xlsx_cell(s, 3, 0).number == 4);
    CHECK(ap_xlsx_cell(s, 4, 0).number == 5.5);
    ap_xlsx_value v = ap_xlsx_cell(s, 1048575, 16383);
    CHECK(v.number == -1500 && !strcmp(v.text, "-1.5E+3"));
    CHECK_INT(ap_xlsx_sheet_rows(s), AP_XLSX_MAX_ROWS);
    CHECK_INT(ap_xlsx_sheet_cols(s), AP_XLSX_MAX_COLS);
    CHECK_INT(ap_xlsx_sheet_ncells(s), 10);
    ap_xlsx_value first = ap_xlsx_sheet_cell_at(s, 0), third = ap_xlsx_sheet_cell_at(s, 2);
    CHECK(first.row == 0 && first.col == 0 && third.col == 4);
    ap_xlsx_sheet_free(s);
    ap_xlsx_free(book);
}

#define STYLES                                                                                     \
    "<styleSheet xmlns=\"" NS_MAIN "\"><numFmts count=\"3\">"                                      \
    "<numFmt numFmtId=\"164\" formatCode=\"[$-41D]d/m/yyyy;@\"/>"                                  \
    "<numFmt numFmtId=\"165\" formatCode=\"#,##0\\ &quot;kr&quot;;[Red]\\-#,##0\"/>"               \
    "<numFmt numFmtId=\"14\" formatCode=\"0.00\"/><numFmt numFmtId=\"166\" formatCode=\"[h]\"/>"   \
    "<numFmt numFmtId=\"167\" formatCode=\"h:ss\"/>"                                               \
    "</numFmts><cellStyleXfs><xf numFmtId=\"164\"/></cellStyleXfs><cellXfs>"                       \
    "<xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"14\"/>"        \
    "<xf numFmtId=\"22\"/><xf numFmtId=\"166\"/><xf/><xf numFmtId=\"167\"/></cellXfs>"             \
    "<dxfs><dxf><numFmt numFmtId=\"167\" formatCode=\"yyyy\"/></dxf></dxfs></styleSheet>"

TEST(reads_styles_dates_and_1904)
{
    ap_xlsx_book *book;
    ap_date d;
    pkg p = {.styles = STYLES,
             .sheet1 =
                 SHEET("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>42439</v></c>"
                       "<c r=\"B1\" s=\"2\"><v>42439</v></c><c r=\"C1\" s=\"3\"><v>42439</v></c>"
                       "<c r=\"D1\" s=\"4\"><v>42439.5</v></c><c r=\"E1\" s=\"5\"><v>1</v></c>"
                       "<c r=\"F1\" s=\"6\"><v>2</v></c><c r=\"G1\" s=\"99\"><v>3</v></c>"
                       "<c r=\"H1\" t=\"d\"><v>2016-03-10T12:00:00</v></c>"
                       "<c r=\"I1\" t=\"d\" s=\"1\"><v>2016-03-10</v></c>"
                       "<c r=\"J1\"><v>60</v></c><c r=\"K1\"><v>61</v></c>"
                       "<c r=\"L1\"><v>1</v></c><c r=\"M1\"><v>0</v></c>"
                       "<c r=\"O1\" s=\"7\"><v>0.5</v></c></row>")};
    ap_xlsx_sheet *s = load_pkg(&p, &book);
    if (!s)
        return;
    ap_xlsx_value v = ap_xlsx_cell(s, 0, 0);
    CHECK(v.type == AP_XLSX_DATE && v.date_style && ap_xlsx_value_date(s, &v, &d) &&
          d == ymd(2016, 3, 10));
    CHECK_INT(ap_xlsx_cell(s, 0, 1).type, AP_XLSX_NUMBER); /* "kr", [Red], \- */
    CHECK_INT(ap_xlsx_cell(s, 0, 2).type, AP_XLSX_NUMBER); /* id 14 redefined as 0.00 */
    CHECK_INT(ap_xlsx_cell(s, 0, 3).type, AP_XLSX_DATE);   /* built-in 22 */
    CHECK_INT(ap_xlsx_cell(s, 0, 4).type, AP_XLSX_DATE);   /* [h] elapsed time */
    CHECK_INT(ap_xlsx_cell(s, 0, 5).type, AP_XLSX_NUMBER); /* <xf/>: General */
    CHECK_INT(ap_xlsx_cell(s, 0, 6).type, AP_XLSX_NUMBER); /* style beyond cellXfs */
    v = ap_xlsx_cell(s, 0, 7);
    CHECK(v.type == AP_XLSX_DATE && v.number == 42439.5 && !strcmp(v.text, "2016-03-10T12:00:00"));
    v = ap_xlsx_cell(s, 0, 8);
    CHECK(v.type == AP_XLSX_DATE && v.number == 42439);
    v = ap_xlsx_cell(s, 0, 9);
    CHECK(!ap_xlsx_value_date(s, &v, &d)); /* the phantom 1900-02-29 */
    v = ap_xlsx_cell(s, 0, 10);
    CHECK(ap_xlsx_value_date(s, &v, &d) && d == ymd(1900, 3, 1));
    v = ap_xlsx_cell(s, 0, 11);
    CHECK(ap_xlsx_value_date(s, &v, &d) && d == ymd(1900, 1, 1));
    v = ap_xlsx_cell(s, 0, 12);
    CHECK(!ap_xlsx_value_date(s, &v, &d));
    v = ap_xlsx_cell(s, 0, 13);
    CHECK(!ap_xlsx_value_date(s, &v, &d));                /* empty */
    CHECK_INT(ap_xlsx_cell(s, 0, 14).type, AP_XLSX_DATE); /* h:ss, a time */
    ap_xlsx_sheet_free(s);
    ap_xlsx_free(book);

    p.workbook = "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\"><workbookPr date1904=\"1\"/>"
                 "<sheets><sheet name=\"Mac\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    p.sheet1 = SHEET("<row><c s=\"1\"><v>0</v></c><c s=\"1\"><v>40977</v></c>"
                     "<c t=\"d\"><v>2016-03-10</v></c></row>");
    s = load_pkg(&p, &book);
    if (!s)
        return;
    CHECK(ap_xlsx_date1904(book));
    v = ap_xlsx_cell(s, 0, 0);
    CHECK(ap_xlsx_value_date(s, &v, &d) && d == ymd(1904, 1, 1));
    v = ap_xlsx_cell(s, 0, 1);
    CHECK(ap_xlsx_value_date(s, &v, &d) && d == ymd(2016, 3, 10));
    v = ap_xlsx_cell(s, 0, 2);
    CHECK(v.number == 40977);
    ap_xlsx_sheet_free(s);
    ap_xlsx_free(book);
}

/* Strict OOXML namespaces, prefixes, absolute and ../ targets, a Latin-1
 * part, states and odd but valid part names. */
TEST(reads_unusual_packaging)
{
    ap_xlsx_book *book;
    pkg p = {
        .root_rels = "<Relationships xmlns=\"" NS_PKG "\"><Relationship Id=\"a\" Type=\"http://"
                     "purl.oclc.org/ooxml/officeDocument/relationships/officeDocument\" "
                     "Target=\"/xl/./workbook.xml\"/></Relationships>",
        .workbook = "<x:workbook xmlns:x=\"http://purl.oclc.org/ooxml/spreadsheetml/main\" "
                    "xmlns:rel=\"http://purl.oclc.org/ooxml/officeDocument/relationships\">"
                    "<x:sheets><x:sheet name=\"Ett\" sheetId=\"1\" rel:id=\"s1\"/>"
                    "<x:sheet name=\"Två\" sheetId=\"2\" state=\"veryHidden\" rel:id=\"s2\"/>"
                    "</x:sheets></x:workbook>",
        .workbook_rels = "<Relationships xmlns=\"" NS_PKG "\">"
                         "<Relationship Id=\"s2\" Type=\"" REL "worksheet\" "
                         "Target=\"../xl/worksheets/sheet2.xml\"/>"
                         "<Relationship Id=\"s1\" Type=\"" REL "worksheet\" "
                         "Target=\"/xl/worksheets/sheet1.xml\"/>"
                         "<Relationship Id=\"x\" Type=\"" REL "hyperlink\" "
                         "Target=\"http://example.com/\" TargetMode=\"External\"/>"
                         "</Relationships>",
        .sheet1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
                  "<x:worksheet xmlns:x=\"http://purl.oclc.org/ooxml/spreadsheetml/main\">"
                  "<x:sheetData><x:row><x:c t=\"inlineStr\"><x:is><x:t>\xE5\xE4\xF6</x:t></x:is>"
                  "</x:c></x:row></x:sheetData></x:worksheet>",
        .sheet2 = SHEET("<row><c><v>2</v></c></row>"),
    };
    ap_xlsx_sheet *s = load_pkg(&p, &book);
    if (!s)
        return;
    CHECK_INT(ap_xlsx_sheet_hidden(book, 1), AP_XLSX_VERY_HIDDEN);
    check_value(ap_xlsx_cell(s, 0, 0), AP_XLSX_STRING, "åäö");
    ap_xlsx_sheet *s2;
    ap_error err = {0};
    CHECK_INT(ap_xlsx_load_sheet(book, 1, &s2, &err), AP_OK);
    CHECK(s2 && ap_xlsx_cell(s2, 0, 0).number == 2);
    ap_xlsx_sheet_free(s2);
    ap_xlsx_sheet_free(s);
    ap_xlsx_free(book);
}

TEST(names_cells)
{
    char buf[AP_XLSX_CELL_NAME_SIZE];
    uint32_t r, c;
    CHECK_STR(ap_xlsx_cell_name(6, 2, buf), "C7");
    CHECK_STR(ap_xlsx_cell_name(0, 0, buf), "A1");
    CHECK_STR(ap_xlsx_cell_name(999, 26, buf), "AA1000");
    CHECK_STR(ap_xlsx_cell_name(0, 701, buf), "ZZ1");
    CHECK_STR(ap_xlsx_cell_name(0, 702, buf), "AAA1");
    CHECK_STR(ap_xlsx_cell_name(1048575, 16383, buf), "XFD1048576");
    CHECK_STR(ap_xlsx_cell_name(UINT32_MAX, UINT32_MAX, buf), "MWLQKWV4294967296");
    CHECK(ap_xlsx_parse_cell_name("C7", &r, &c) && r == 6 && c == 2);
    CHECK(ap_xlsx_parse_cell_name("aa1000", &r, &c) && r == 999 && c == 26);
    CHECK(ap_xlsx_parse_cell_name("XFD1048576", &r, &c) && r == 1048575 && c == 16383);
    const char *bad[] = {"",
                         "A",
                         "1",
                         "A0",
                         "A01",
                         "XFE1",
                         "A1048577",
                         "AAAA1",
                         "A1B",
                         "$A$1",
                         "A-1",
                         "A 1",
                         "A99999999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(!ap_xlsx_parse_cell_name(bad[i], &r, &c));
    CHECK(!ap_xlsx_parse_cell_name(NULL, &r, &c));
    CHECK_STR(ap_xlsx_type_name(AP_XLSX_DATE), "date");
}

/* =========================================================================
 * Refusals: every class of bad input gives one clear line
 * ========================================================================= */

TEST(refuses_files_that_are_no_workbook)
{
    char path[512];
    ap_error err = {0};
    ap_xlsx_book *book = (ap_xlsx_book *)&err; /* must come back NULL */
    write_bytes(tmp_file(path, "empty.xlsx"), "", 0);
    expect_error(path, "not an Excel workbook (.xlsx): the file is empty");
    const char *csv = "Kod;Status\n1.1.1;grön\n";
    write_bytes(tmp_file(path, "text.xlsx"), csv, strlen(csv));
    expect_error(path, "text.xlsx: not an Excel workbook (.xlsx): not a zip archive");
    write_bytes(tmp_file(path, "old.xls"), "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 and more", 17);
    expect_error(path, "an old Excel file (.xls) or a password-protected workbook");
    CHECK_INT(ap_xlsx_open(tmp_file(path, "missing.xlsx"), &book, &err), AP_E_IO);
    CHECK(book == NULL);
    CHECK_CONTAINS(err.msg, "unable to open");
    CHECK_INT(ap_xlsx_open(tmp_dir, &book, &err), AP_E_IO);
    CHECK_CONTAINS(err.msg, "is a directory");
    const part ods[] = {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet", 0},
                        {"content.xml", "<office:document-content/>", 0}};
    write_zip(tmp_file(path, "calc.xlsx"), ods, 2);
    expect_error(path, "an OpenDocument spreadsheet (.ods)");
    const part junk[] = {{"readme.txt", "hej", 0}};
    write_zip(tmp_file(path, "junk.xlsx"), junk, 1);
    expect_error(path, "missing part '[Content_Types].xml'");
    /* Swedish is the default language of every message. */
    ap_set_language(AP_LANG_SV);
    expect_error(path,
                 "junk.xlsx: inte en Excel-arbetsbok (.xlsx): delen '[Content_Types].xml' saknas");
    ap_set_language(AP_LANG_EN);
}

TEST(refuses_broken_packages)
{
    char path[512];
    const part no_wb[] = {{"[Content_Types].xml", DEFAULT_CT, 0},
                          {"_rels/.rels", DEFAULT_ROOT_RELS, 0}};
    write_zip(tmp_file(path, "nowb.xlsx"), no_wb, 2);
    expect_error(path, "nowb.xlsx: not an Excel workbook (.xlsx): missing part 'xl/workbook.xml'");
    expect_pkg_error(&(pkg){.workbook_rels = OMIT}, "missing part 'xl/_rels/workbook.xml.rels'");
    expect_pkg_error(&(pkg){.workbook = "<workbook xmlns=\"" NS_MAIN "\"><sheets/></workbook>"},
                     "the workbook has no sheets");
    expect_pkg_error(&(pkg){.workbook_rels = "<Relationships xmlns=\"" NS_PKG "\"/>"},
                     "sheet 'Blad1' has no part ('rId1')");
    expect_pkg_error(&(pkg){.workbook_rels = "<Relationships xmlns=\"" NS_PKG "\"><Relationship "
                                             "Id=\"rId1\" Type=\"" REL "worksheet\" "
                                             "Target=\"../../etc/passwd\"/></Relationships>"},
                     "has no part ('../../etc/passwd')");
    expect_pkg_error(&(pkg){.workbook_rels = "<Relationships xmlns=\"" NS_PKG "\"><Relationship "
                                             "Id=\"rId1\" Type=\"" REL "worksheet\" Target=\"x."
                                             "xml\" TargetMode=\"External\"/></Relationships>"},
                     "sheet 'Blad1' has no part ('rId1')");
    expect_pkg_error(&(pkg){.sheet1 = OMIT}, "bad.xlsx: sheet 'Blad1': xl/worksheets/sheet1.xml: "
                                             "the part is missing");
    expect_pkg_error(&(pkg){.content_types =
                                "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                                "content-types\"><Override PartName=\"/xl/workbook.xml\" "
                                "ContentType=\"application/vnd.openxmlformats-officedocument."
                                "wordprocessingml.document.main+xml\"/></Types>"},
                     "not an Excel workbook (.xlsx): a Word document");
    expect_pkg_error(&(pkg){.content_types = "<Types xmlns=\"http://schemas.openxmlformats.org/"
                                             "package/2006/content-types\"/>"},
                     "[Content_Types].xml declares no type for 'xl/workbook.xml'");
    expect_pkg_error(&(pkg){.workbook_rels = "<Relationships xmlns=\"" NS_PKG "\"><Relationship "
                                             "Id=\"rId1\" Type=\"" REL "worksheet\" "
                                             "Target=\"worksheets/sheet1.xml\"/><Relationship "
                                             "Id=\"rId3\" Type=\"" REL "sharedStrings\" "
                                             "Target=\"sharedStrings.xml\"/></Relationships>"},
                     "xl/sharedStrings.xml: the part is missing");
}

TEST(refuses_malformed_xml)
{
    expect_pkg_error(&(pkg){.workbook = "<workbook xmlns=\"" NS_MAIN "\"><sheets>"},
                     "bad.xlsx: xl/workbook.xml:1:");
    expect_pkg_error(&(pkg){.workbook = "<workbook xmlns=\"" NS_MAIN "\"><sheets>"},
                     "invalid XML: no element found");
    expect_pkg_error(&(pkg){.workbook = "<foo/>"}, "expected <workbook>, found <foo>");
    expect_pkg_error(&(pkg){.workbook = "<workbook xmlns:r=\"x\"><sheets><sheet name=\"a\" "
                                        "r:id=\"rId1\"/></sheets></workbook>"},
                     "sheet 'a' has no r:id"); /* r: in a foreign namespace */
    expect_pkg_error(&(pkg){.sheet1 = SHEET("<row><c><v>1</v></row>")}, "mismatched tag");
    expect_pkg_error(&(pkg){.sheet1 = SHEET("<row><c><v>\xC3\x28</v></c></row>")},
                     "invalid XML: not well-formed (invalid token)");
    expect_pkg_error(&(pkg){.sheet1 = SHEET("<row><c><v>&nbsp;</v></c></row>")},
                     "undefined entity");
    expect_pkg_error(&(pkg){.sst = ""}, "xl/sharedStrings.xml:1:1: invalid XML: no element found");
    expect_pkg_error(&(pkg){.styles = "<styleSheet><numFmts><numFmt numFmtId=\"x\" "
                                      "formatCode=\"d\"/></numFmts></styleSheet>"},
                     "xl/styles.xml:1:");
    expect_pkg_error(&(pkg){.sheet1 = "<sst/>"}, "expected <worksheet|chartsheet");
    expect_pkg_error(&(pkg){.root_rels = "<Relationships><Relationship Id=\"a\"/></Relationships>"},
                     "<Relationship> lacks Id, Type or Target");
}

TEST(refuses_xml_bombs_and_deep_nesting)
{
    expect_pkg_error(
        &(pkg){.sst = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                      "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                      "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
                      "<sst xmlns=\"" NS_MAIN "\"><si><t>&lol3;</t></si></sst>"},
        "xl/sharedStrings.xml:1:");
    expect_pkg_error(&(pkg){.sst = "<!DOCTYPE sst [<!ENTITY a \"b\">]><sst/>"},
                     "a DOCTYPE is not allowed in a workbook");
    expect_pkg_error(&(pkg){.sheet1 = "<!DOCTYPE w [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                                      "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&x;"
                                      "</t></is></c></row></sheetData></worksheet>"},
                     "a DOCTYPE is not allowed");
    ap_buf deep = {0};
    ap_buf_puts(&deep, "<worksheet><sheetData>");
    for (int i = 0; i < 100000; i++)
        ap_buf_puts(&deep, "<a>");
    ap_buf_puts(&deep, "</sheetData></worksheet>");
    expect_pkg_error(&(pkg){.sheet1 = deep.p}, "the XML is nested deeper than 64 levels");
    ap_buf_free(&deep);
}

TEST(refuses_absurd_references_and_wrong_types)
{
    struct {
        const char *rows, *needle;
    } cases[] = {
        {"<row><c r=\"XFE1\"><v>1</v></c></row>", "invalid cell reference 'XFE1'"},
        {"<row><c r=\"A1048577\"><v>1</v></c></row>", "invalid cell reference 'A1048577'"},
        {"<row><c r=\"A0\"><v>1</v></c></row>", "invalid cell reference 'A0'"},
        {"<row><c r=\"A99999999999999999999999\"/></row>", "invalid cell reference"},
        {"<row r=\"1048577\"/>", "invalid row number '1048577' (rows go from 1 to 1048576)"},
        {"<row r=\"0\"/>", "invalid row number '0'"},
        {"<row r=\"1048576\"/><row/>", "more than 1048576 rows"},
        {"<row><c r=\"XFD1\"/><c/></row>", "row 1 has more than 16384 columns"},
        {"<row><c t=\"s\"><v>5</v></c></row>", "cell A1: shared string '5' does not exist"},
        {"<row><c t=\"s\"><v>-1</v></c></row>", "shared string '-1' does not exist"},
        {"<row><c><v>abc</v></c></row>", "cell A1: 'abc' is not a number"},
        {"<row><c><v>1e999</v></c></row>", "'1e999' is not a number"},
        {"<row><c><v>nan</v></c></row>", "'nan' is not a number"},
        {"<row><c><v>0x10</v></c></row>", "'0x10' is not a number"},
        {"<row><c t=\"b\"><v>2</v></c></row>", "'2' is not a boolean"},
        {"<row><c t=\"d\"><v>2016-02-30</v></c></row>", "'2016-02-30' is not a date"},
        {"<row><c t=\"d\"><v>2016-01-01T25:00</v></c></row>", "is not a date"},
        {"<row><c t=\"zz\"><v>1</v></c></row>", "unknown cell type t=\"zz\""},
        {"<row><c s=\"x\"><v>1</v></c></row>", "invalid style s=\"x\""},
        {"<row><c r=\"B2\"><v>1</v></c><c r=\"B2\"><v>2</v></c></row>", "cell B2 appears twice"},
        {"<row r=\"3\"><c><v>1</v></c></row><row r=\"3\"><c><v>2</v></c></row>",
         "cell A3 appears twice"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char xml[512];
        snprintf(xml, sizeof xml, SHEET("%s"), cases[i].rows);
        expect_pkg_error(&(pkg){.sheet1 = xml}, cases[i].needle);
    }
    expect_pkg_error(&(pkg){.workbook = "<workbook xmlns:r=\"" NS_R "\"><sheets>"
                                        "<sheet name=\"Ö\" r:id=\"rId1\"/><sheet name=\"ö\" "
                                        "r:id=\"rId1\"/></sheets></workbook>"},
                     "two sheets are called 'ö'");
    expect_pkg_error(&(pkg){.workbook = "<workbook xmlns:r=\"" NS_R "\"><sheets><sheet "
                                        "name=\"A\" state=\"gone\" r:id=\"rId1\"/></sheets>"
                                        "</workbook>"},
                     "sheet 'A' has an unknown state 'gone'");
    expect_pkg_error(&(pkg){.workbook = "<workbook xmlns:r=\"" NS_R "\"><workbookPr "
                                        "date1904=\"maybe\"/></workbook>"},
                     "invalid date1904 'maybe'");
}

TEST(caps_cells_and_bytes)
{
    char path[512];
    ap_error err = {0};
    ap_buf rows = {0};
    ap_buf_puts(&rows, SHEET(""));
    rows.len -= strlen("</sheetData></worksheet>");
    for (int i = 0; i < 5000; i++)
        ap_buf_printf(&rows,
                      "<row><c><v>%d</v></c><c t=\"inlineStr\"><is><t>rad %d</t></is></c>"
                      "</row>",
                      i, i);
    ap_buf_puts(&rows, "</sheetData></worksheet>");
    write_pkg(tmp_file(path, "cap.xlsx"), &(pkg){.sheet1 = rows.p, .sheet2 = rows.p});
    CHECK_INT(read_all(path, NULL, &err), AP_OK);
    ap_xlsx_options tiny = {.max_total_bytes = 1000};
    CHECK_INT(read_all(path, &tiny, &err), AP_E_INPUT);
    CHECK_CONTAINS(err.msg, "cap.xlsx: the file is larger than 1000 bytes");
    ap_xlsx_options few = {.max_cells = 10};
    CHECK_INT(read_all(path, &few, &err), AP_E_INPUT);
    CHECK_CONTAINS(err.msg, "the sheet has more than 10 cells");
    /* Each sheet is about 290 KB: a 100,000-byte part cap refuses the
     * sheet, a 400,000-byte total cap the second sheet. */
    ap_xlsx_options one_part = {.max_part_bytes = 100000};
    CHECK_INT(read_all(path, &one_part, &err), AP_E_INPUT);
    CHECK_CONTAINS(err.msg, "xl/worksheets/sheet1.xml: the part is larger than 100000 bytes");
    ap_xlsx_options total = {.max_total_bytes = 400000};
    CHECK_INT(read_all(path, &total, &err), AP_E_INPUT);
    CHECK_CONTAINS(err.msg, "sheet 'Blad2': xl/worksheets/sheet2.xml: the workbook is larger "
                            "than 400000 bytes uncompressed");
    ap_buf_free(&rows);
}

/* Set the uncompressed size that the local and central headers of entry
 * name declare (a zip bomb that lies about itself). */
static void patch_declared_size(unsigned char *z, size_t len, const char *name, uint32_t size)
{
    size_t nlen = strlen(name);
    for (size_t i = 0; i + 46 + nlen <= len; i++) {
        if (memcmp(z + i, "PK\001\002", 4) || z[i + 28] != (nlen & 0xFF) ||
            memcmp(z + i + 46, name, nlen))
            continue;
        uint32_t local = (uint32_t)z[i + 42] | (uint32_t)z[i + 43] << 8 |
                         (uint32_t)z[i + 44] << 16 | (uint32_t)z[i + 45] << 24;
        for (int k = 0; k < 4; k++) {
            z[i + 24 + k] = (unsigned char)(size >> (8 * k));
            z[local + 22 + k] = (unsigned char)(size >> (8 * k));
        }
    }
}

TEST(refuses_zip_bombs)
{
    char path[512];
    ap_error err = {0};
    size_t big = 70 * ((size_t)1 << 20);
    char *bomb = malloc(big + 64);
    if (!bomb)
        return;
    int head = sprintf(bomb, "<worksheet><sheetData>");
    memset(bomb + head, ' ', big - (size_t)head);
    strcpy(bomb + big - 24, "</sheetData></worksheet>");
    const part parts[] = {{"[Content_Types].xml", DEFAULT_CT, 0},
                          {"_rels/.rels", DEFAULT_ROOT_RELS, 0},
                          {"xl/workbook.xml", WB_ONE, 0},
                          {"xl/_rels/workbook.xml.rels",
                           "<Relationships xmlns=\"" NS_PKG "\">"
                           "<Relationship Id=\"rId1\" Type=\"" REL "worksheet\" "
                           "Target=\"worksheets/sheet1.xml\"/></Relationships>",
                           0},
                          {"xl/worksheets/sheet1.xml", bomb, big}};
    write_zip(tmp_file(path, "bomb.xlsx"), parts, 5);
    free(bomb);
    size_t len;
    unsigned char *z = read_bytes(path, &len);
    fprintf(stderr, "zip bomb: %zu bytes inflate to %zu\n", len, big);
    CHECK(len < 200000);
    expect_error(path, "xl/worksheets/sheet1.xml: the part is larger than 64 MiB uncompressed");
    /* The same bomb claiming to be 1000 bytes: refused while inflating. */
    patch_declared_size(z, len, "xl/worksheets/sheet1.xml", 1000);
    write_bytes(tmp_file(path, "liar.xlsx"), z, len);
    clock_t t0 = clock();
    CHECK_INT(read_all(path, NULL, &err), AP_E_INPUT);
    CHECK(strstr(err.msg, "larger than 64 MiB") || strstr(err.msg, "damaged"));
    fprintf(stderr, "lying zip bomb: %s (%.2f s)\n", err.msg,
            (double)(clock() - t0) / CLOCKS_PER_SEC);
    free(z);
}

/* =========================================================================
 * Damage: truncation and byte flips
 * ========================================================================= */

TEST(survives_truncation)
{
    char src[512], path[512];
    size_t len, refused = 0;
    unsigned char *z = read_bytes(tmp_file(src, "form.xlsx"), &len);
    tmp_file(path, "cut.xlsx");
    for (size_t cut = 0; cut < len; cut += 97) {
        ap_error err = {0};
        write_bytes(path, z, cut);
        if (read_all(path, NULL, &err) != AP_OK) {
            refused++;
            check_message(path, &err);
        }
    }
    CHECK_INT(refused, (len + 96) / 97); /* every cut copy is refused */
    free(z);
}

TEST(survives_byte_flips_in_the_container)
{
    char src[512], path[512];
    size_t len, refused = 0, runs = 1500;
    unsigned char *z = read_bytes(tmp_file(src, "form.xlsx"), &len);
    unsigned char *copy = malloc(len);
    tmp_file(path, "flip.xlsx");
    for (size_t i = 0; i < runs; i++) {
        ap_error err = {0};
        memcpy(copy, z, len);
        for (uint64_t k = 1 + rng() % 3; k > 0; k--)
            copy[rng() % len] ^= (unsigned char)(1 + rng() % 255);
        write_bytes(path, copy, len);
        if (read_all(path, NULL, &err) != AP_OK) {
            refused++;
            check_message(path, &err);
        }
    }
    fprintf(stderr, "container flips: %zu of %zu refused, the rest read sanely\n", refused, runs);
    CHECK(refused > runs / 4);
    free(copy);
    free(z);
}

/* Flip bytes in the XML itself and zip it again, so that the damage gets
 * past the zip CRC and reaches expat and the parsers. */
TEST(survives_byte_flips_in_the_xml)
{
    enum { MAX_PARTS = 32 };
    static const unsigned char nasty[] = {'<', '>',  '"',  '&',  '/',  '0', '9', 'A', 'Z',
                                          ' ', 0x00, 0x80, 0xC3, 0xFF, '_', 'x', 't', 's'};
    char src[512], path[512];
    part parts[MAX_PARTS];
    char *orig[MAX_PARTS], *names[MAX_PARTS];
    size_t lens[MAX_PARTS], n = 0, refused = 0, runs = 1200;
    zip_t *z = zip_open(tmp_file(src, "form.xlsx"), ZIP_RDONLY, NULL);
    for (zip_int64_t i = 0; z && i < zip_get_num_entries(z, 0) && n < MAX_PARTS; i++, n++) {
        zip_stat_t st;
        zip_stat_index(z, (zip_uint64_t)i, 0, &st);
        zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)i, 0);
        names[n] = ap_xstrdup(st.name);
        orig[n] = ap_xmalloc(st.size + 1);
        lens[n] = (size_t)zip_fread(f, orig[n], st.size);
        zip_fclose(f);
    }
    zip_discard(z);
    CHECK(n >= 10);
    tmp_file(path, "xmlflip.xlsx");
    for (size_t run = 0; run < runs && n > 0; run++) {
        size_t victim = rng() % n;
        char *copy = ap_xmalloc(lens[victim]);
        memcpy(copy, orig[victim], lens[victim]);
        for (uint64_t k = 1 + rng() % 4; k > 0; k--)
            copy[rng() % lens[victim]] = (char)nasty[rng() % sizeof nasty];
        for (size_t i = 0; i < n; i++)
            parts[i] = (part){names[i], i == victim ? copy : orig[i], lens[i]};
        write_zip(path, parts, n);
        ap_error err = {0};
        if (read_all(path, NULL, &err) != AP_OK) {
            refused++;
            check_message(path, &err);
            if (getenv("AP_DEBUG_FLIPS"))
                fprintf(stderr, "%s\n", err.msg);
        }
        free(copy);
    }
    fprintf(stderr, "XML flips: %zu of %zu refused, the rest read sanely\n", refused, runs);
    CHECK(refused > runs / 4 && refused < runs);
    for (size_t i = 0; i < n; i++) {
        free(names[i]);
        free(orig[i]);
    }
}

/* =========================================================================
 * Speed
 * ========================================================================= */

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

TEST(reads_ten_thousand_rows_quickly)
{
    char path[512], text[64];
    lxw_workbook *wb = workbook_new(tmp_file(path, "big.xlsx"));
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Aktiviteter");
    lxw_format *iso = workbook_add_format(wb);
    format_set_num_format(iso, "yyyy-mm-dd");
    static const char *status[] = {"grön", "gul", "röd"};
    for (int r = 0; r < 10000; r++) {
        lxw_datetime dt = {2016 + r % 7, 1 + r % 12, 1 + r % 28, 0, 0, 0};
        snprintf(text, sizeof text, "%d.%d.%d", 1 + r / 1000, 1 + r / 100 % 10, 1 + r % 100);
        worksheet_write_string(ws, (lxw_row_t)r, 0, text, NULL);
        snprintf(text, sizeof text, "Aktivitet nummer %d i Södertälje", r);
        worksheet_write_string(ws, (lxw_row_t)r, 1, text, NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 2, status[r % 3], NULL);
        worksheet_write_datetime(ws, (lxw_row_t)r, 3, &dt, iso);
        for (lxw_col_t c = 4; c < 10; c++)
            worksheet_write_number(ws, (lxw_row_t)r, c, r * 0.5 + c, NULL);
    }
    workbook_close(wb);

    struct timespec t0;
    ap_error err = {0};
    ap_xlsx_book *book;
    ap_xlsx_sheet *sheet = NULL;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK_INT(ap_xlsx_open(path, &book, &err), AP_OK);
    CHECK_INT(ap_xlsx_load_sheet(book, 0, &sheet, &err), AP_OK);
    double load = seconds_since(&t0);
    size_t green = 0;
    for (uint32_t r = 0; r < ap_xlsx_sheet_rows(sheet); r++)
        for (uint32_t c = 0; c < ap_xlsx_sheet_cols(sheet); c++)
            green += !strcmp(ap_xlsx_cell(sheet, r, c).text, "grön");
    double all = seconds_since(&t0);
    CHECK_INT(ap_xlsx_sheet_ncells(sheet), 100000);
    CHECK_INT(green, 3334);
    CHECK_STR(ap_xlsx_cell(sheet, 9999, 1).text, "Aktivitet nummer 9999 i Södertälje");
    fprintf(stderr, "10,000 rows x 10 columns: open + load %.3f s, + 100,000 lookups %.3f s\n",
            load, all);
    CHECK(all < 10.0);
    ap_xlsx_sheet_free(sheet);
    ap_xlsx_free(book);
}

/* =========================================================================
 * --dump: the reader's view as JSON, for the peer tests in Python
 * ========================================================================= */

static void json_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static void dump_cell(const ap_xlsx_sheet *sheet, ap_xlsx_value v)
{
    static const char *types[] = {"empty", "string", "number", "bool", "error", "date"};
    char name[AP_XLSX_CELL_NAME_SIZE], day[11];
    ap_date d;
    printf("{\"ref\":\"%s\",\"type\":\"%s\",\"text\":", ap_xlsx_cell_name(v.row, v.col, name),
           types[v.type]);
    json_string(v.text);
    printf(",\"number\":%.17g,\"date_style\":%s,\"formula\":%s,\"date\":", v.number,
           v.date_style ? "true" : "false", v.formula ? "true" : "false");
    if (ap_xlsx_value_date(sheet, &v, &d))
        printf("\"%s\"}", ap_date_format(d, day));
    else
        printf("null}");
}

static int dump(const char *path)
{
    static const char *states[] = {"visible", "hidden", "veryHidden"};
    ap_error err = {0};
    ap_xlsx_book *book;
    if (ap_xlsx_open(path, &book, &err) != AP_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    printf("{\"date1904\":%s,\"sheets\":[", ap_xlsx_date1904(book) ? "true" : "false");
    for (size_t i = 0; i < ap_xlsx_sheet_count(book); i++) {
        ap_xlsx_sheet *sheet;
        if (ap_xlsx_load_sheet(book, i, &sheet, &err) != AP_OK) {
            fprintf(stderr, "%s\n", err.msg);
            ap_xlsx_free(book);
            return 1;
        }
        printf("%s{\"name\":", i ? "," : "");
        json_string(ap_xlsx_sheet_name(book, i));
        printf(",\"state\":\"%s\",\"rows\":%u,\"cols\":%u,\"cells\":[",
               states[ap_xlsx_sheet_hidden(book, i)], ap_xlsx_sheet_rows(sheet),
               ap_xlsx_sheet_cols(sheet));
        for (size_t k = 0; k < ap_xlsx_sheet_ncells(sheet); k++) {
            printf("%s", k ? "," : "");
            dump_cell(sheet, ap_xlsx_sheet_cell_at(sheet, k));
        }
        printf("]}");
        ap_xlsx_sheet_free(sheet);
    }
    printf("]}\n");
    ap_xlsx_free(book);
    return 0;
}

int main(int argc, char **argv)
{
    ap_set_language(AP_LANG_EN);
    if (argc == 3 && !strcmp(argv[1], "--dump"))
        return dump(argv[2]);
    snprintf(tmp_dir, sizeof tmp_dir, "%s/ap-xlsx-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmp_dir))
        return 2;
    RUN(reads_libxlsxwriter_workbook);
    RUN(reads_inline_rich_and_escaped_strings);
    RUN(reads_positional_and_unordered_cells);
    RUN(reads_styles_dates_and_1904);
    RUN(reads_unusual_packaging);
    RUN(names_cells);
    RUN(refuses_files_that_are_no_workbook);
    RUN(refuses_broken_packages);
    RUN(refuses_malformed_xml);
    RUN(refuses_xml_bombs_and_deep_nesting);
    RUN(refuses_absurd_references_and_wrong_types);
    RUN(caps_cells_and_bytes);
    RUN(refuses_zip_bombs);
    RUN(survives_truncation);
    RUN(survives_byte_flips_in_the_container);
    RUN(survives_byte_flips_in_the_xml);
    RUN(reads_ten_thousand_rows_quickly);
    tmp_cleanup();
    return test_summary();
}
