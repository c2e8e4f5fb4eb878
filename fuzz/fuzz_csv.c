/*
 * fuzz_csv.c - the CSV reader (ap_csv_parse) and every accessor a caller
 * uses on what it returns; and the streaming reader (ap_csv_open, _next,
 * _read_at) against it.
 *
 * Checks beyond memory safety: a refused file gets a message naming it; in
 * an accepted file every field is valid UTF-8 without NUL, every position
 * lies inside the file, records never hold more fields than the header has
 * columns, and each header name is found again by ap_csv_column. The same
 * bytes read from a file through a window of 1 to 8 bytes (so that records
 * and characters are cut everywhere) give the same verdict and message,
 * the same records and positions, and the same again when each record is
 * read by its offset.
 */
#include "fuzz_common.h"

#include "csv.h"
#include "actionplan/util.h"

#include <unistd.h>

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

static const char *unlink_path;

static void unlink_at_exit(void)
{
    unlink(unlink_path);
}

static void atexit_unlink(const char *path)
{
    unlink_path = path;
    atexit(unlink_at_exit);
}

/* Record rec of csv as text: line, fields, positions. */
static void record_text(const ap_csv *csv, size_t rec, ap_buf *out)
{
    ap_buf_printf(out, "%u %d|", ap_csv_record_line(csv, rec), ap_csv_record_nfields(csv, rec));
    for (int k = -1; k < ap_csv_ncolumns(csv); k++) {
        unsigned line, col;
        ap_csv_field_pos(csv, rec, k, &line, &col);
        const char *f = ap_csv_field(csv, rec, k);
        ap_buf_printf(out, "%u:%u=%s|", line, col, f ? f : "-");
    }
}

static void check_stream(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/fuzz_csv.%ld.csv", (long)getpid());
        atexit_unlink(path);
    }
    FILE *fp = fopen(path, "wb");
    if (!fp || fwrite(data, 1, size, fp) != size || fclose(fp) != 0)
        fuzz_fail("writing the temporary file", path);
    ap_csv *whole = NULL, *st = NULL;
    ap_error err, werr;
    ap_error_clear(&err);
    ap_error_clear(&werr);
    ap_rc wrc = ap_csv_parse((const char *)data, size, path, &whole, &werr);
    ap_rc rc = ap_csv_open_window(path, 1 + size % 8, &st, &err);
    size_t n = 0;
    uint64_t offs[64];
    unsigned lines[64];
    ap_buf a = {0}, b = {0};
    bool more = rc == AP_OK;
    while (more && (rc = ap_csv_next(st, &more, &err)) == AP_OK && more) {
        if (!whole) { /* the records before the first error come */
            n++;
            continue;
        }
        if (n >= ap_csv_nrecords(whole))
            fuzz_fail("streaming found more records", NULL);
        ap_buf_reset(&a);
        ap_buf_reset(&b);
        record_text(st, 0, &a);
        record_text(whole, n, &b);
        if (strcmp(ap_buf_str(&a), ap_buf_str(&b)) != 0)
            fuzz_fail("streamed record differs", ap_buf_str(&a));
        if (n < 64) {
            offs[n] = ap_csv_record_offset(st);
            lines[n] = ap_csv_record_line(st, 0);
        }
        n++;
    }
    if (rc != wrc || (rc != AP_OK && strcmp(err.msg, werr.msg) != 0))
        fuzz_fail("streaming verdict differs", rc != AP_OK ? err.msg : werr.msg);
    if (rc == AP_OK && n != ap_csv_nrecords(whole))
        fuzz_fail("streaming found fewer records", NULL);
    for (size_t r = n < 64 ? n : 64; rc == AP_OK && r-- > 0;) {
        if (ap_csv_read_at(st, offs[r], lines[r], &err) != AP_OK)
            fuzz_fail("reading a record again", err.msg);
        ap_buf_reset(&a);
        ap_buf_reset(&b);
        record_text(st, 0, &a);
        record_text(whole, r, &b);
        if (strcmp(ap_buf_str(&a), ap_buf_str(&b)) != 0)
            fuzz_fail("record read again differs", ap_buf_str(&a));
    }
    ap_buf_free(&a);
    ap_buf_free(&b);
    ap_csv_free(st);
    ap_csv_free(whole);
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
    check_stream(data, size);
    ap_csv_free(csv);
    return 0;
}
