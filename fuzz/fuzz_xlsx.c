/*
 * fuzz_xlsx.c - the xlsx reader (xlsx_reader.h) that `forms import` reads
 * the focus-area leads' workbooks with: open, every sheet, every cell.
 *
 * Checks beyond memory safety: a refused file gets a message naming it; in
 * an accepted workbook every sheet has a name, every text is valid UTF-8,
 * every stored cell lies inside the sheet's dimensions and is found again
 * at its place, and every cell name parses back to the same position.
 */
#include "fuzz_common.h"

#include "actionplan/util.h"
#include "xlsx_reader.h"

#include <unistd.h>

static char dir[256], path[300];

static void cleanup(void)
{
    unlink(path);
    rmdir(dir);
}

static void setup(void)
{
    fuzz_setup_once();
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/ap-fuzz-xlsx.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(2);
    }
    snprintf(path, sizeof path, "%s/form.xlsx", dir);
    atexit(cleanup);
}

static void check_sheet(const ap_xlsx_sheet *sheet)
{
    uint32_t rows = ap_xlsx_sheet_rows(sheet), cols = ap_xlsx_sheet_cols(sheet);
    for (size_t i = 0; i < ap_xlsx_sheet_ncells(sheet); i++) {
        ap_xlsx_value v = ap_xlsx_sheet_cell_at(sheet, i);
        if (!v.text || !ap_utf8_valid(v.text, strlen(v.text), NULL))
            fuzz_fail("cell text is not UTF-8", NULL);
        if (v.row >= rows || v.col >= cols)
            fuzz_fail("cell outside the sheet's dimensions", v.text);
        ap_xlsx_value again = ap_xlsx_cell(sheet, v.row, v.col);
        if (again.type != v.type || strcmp(again.text, v.text) != 0)
            fuzz_fail("cell not found again at its place", v.text);
        char name[AP_XLSX_CELL_NAME_SIZE];
        uint32_t r, c;
        if (!ap_xlsx_parse_cell_name(ap_xlsx_cell_name(v.row, v.col, name), &r, &c) ||
            r != v.row || c != v.col)
            fuzz_fail("cell name does not parse back", name);
        ap_date d;
        (void)ap_xlsx_value_date(sheet, &v, &d);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        setup();
        ready = 1;
    }
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
        perror(path);
        exit(2);
    }
    ap_error err;
    ap_error_clear(&err);
    ap_xlsx_book *book = NULL;
    ap_rc rc = ap_xlsx_open(path, &book, &err);
    fuzz_check_error(rc, &err, path);
    for (size_t i = 0; rc == AP_OK && i < ap_xlsx_sheet_count(book); i++) {
        const char *name = ap_xlsx_sheet_name(book, i);
        if (!name || !*name)
            fuzz_fail("sheet without a name", NULL);
        if (ap_xlsx_sheet_index(book, name) != (long)i)
            fuzz_fail("sheet name not found again", name);
        ap_xlsx_sheet *sheet = NULL;
        ap_error_clear(&err);
        ap_rc src = ap_xlsx_load_sheet(book, i, &sheet, &err);
        fuzz_check_error(src, &err, path);
        if (src == AP_OK)
            check_sheet(sheet);
        ap_xlsx_sheet_free(sheet);
    }
    ap_xlsx_free(book);
    return 0;
}
