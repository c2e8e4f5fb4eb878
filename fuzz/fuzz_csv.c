/*
 * fuzz_csv.c - the CSV reader (ap_csv_parse) and every accessor a caller
 * uses on what it returns.
 *
 * Checks beyond memory safety: a refused file gets a message naming it; in
 * an accepted file every field is valid UTF-8 without NUL, every position
 * lies inside the file, records never hold more fields than the header has
 * columns, and each header name is found again by ap_csv_column.
 */
#include "fuzz_common.h"

#include "csv.h"
#include "actionplan/util.h"

static void check_csv(const ap_csv *csv, size_t size)
{
    int ncols = ap_csv_ncolumns(csv);
    char sep = ap_csv_separator(csv);
    if (sep != ',' && sep != ';' && sep != '\t')
        fuzz_fail("separator", NULL);
    if (ncols < 0 || (ncols == 0 && ap_csv_nrecords(csv) != 0))
        fuzz_fail("records without a header", NULL);
    for (int k = 0; k < ncols; k++) {
        const char *name = ap_csv_column_name(csv, k);
        if (!name || !*name)
            fuzz_fail("empty column name accepted", NULL);
        if (ap_csv_column(csv, name) != k)
            fuzz_fail("column name not found again (or found twice)", name);
        if (!ap_csv_field(csv, AP_CSV_HEADER, k))
            fuzz_fail("header field", name);
    }
    if (ap_csv_column_name(csv, ncols) != NULL || ap_csv_column_name(csv, -1) != NULL)
        fuzz_fail("column name out of range", NULL);
    size_t nrec = ap_csv_nrecords(csv);
    unsigned prev_line = 0;
    for (size_t r = 0; r < nrec; r++) {
        int nf = ap_csv_record_nfields(csv, r);
        if (nf < 1 || nf > ncols)
            fuzz_fail("record width", NULL);
        unsigned line = ap_csv_record_line(csv, r);
        if (line <= prev_line || line > size + 2)
            fuzz_fail("record lines not increasing", NULL);
        prev_line = line;
        (void)ap_csv_record_blank(csv, r);
        for (int k = -1; k <= ncols; k++) {
            const char *f = ap_csv_field(csv, r, k);
            if ((k < 0 || k >= ncols) != (f == NULL))
                fuzz_fail("field out of range", NULL);
            if (f && !ap_utf8_valid(f, strlen(f), NULL))
                fuzz_fail("field is not valid UTF-8", f);
            unsigned fl, fc;
            ap_csv_field_pos(csv, r, k, &fl, &fc);
            if (k < ncols && (fl < line || fc < 1 || fl > size + 2 || fc > size + 2))
                fuzz_fail("field position outside the file", NULL);
        }
        ap_error err;
        ap_rc rc = ap_csv_error_at(&err, csv, r, ncols - 1, "%s", "probe");
        if (rc != AP_E_INPUT || strncmp(err.msg, ap_csv_filename(csv), 8) != 0)
            fuzz_fail("error position message", err.msg);
    }
    if (ap_csv_field(csv, nrec, 0) != NULL)
        fuzz_fail("record out of range", NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup_once();
    ap_set_language(size % 2 ? AP_LANG_EN : AP_LANG_SV);
    ap_csv *csv = NULL;
    ap_error err;
    ap_error_clear(&err);
    ap_rc rc = ap_csv_parse((const char *)data, size, "fuzz.csv", &csv, &err);
    fuzz_check_error(rc, &err, "fuzz.csv");
    if (rc == AP_OK) {
        if (!csv)
            fuzz_fail("success without a result", NULL);
        check_csv(csv, size);
    } else if (csv) {
        fuzz_fail("failure with a result", err.msg);
    }
    ap_csv_free(csv);
    return 0;
}
