/*
 * xlsx_book.c - read the cell values of .xlsx workbooks; see xlsx_reader.h.
 *
 * The reader in four files behind xlsx_reader_internal.h, bottom up:
 *   xlsx_zip.c     messages, the part reader (a zip entry through expat,
 *                  within the caps), checking and opening the zip
 *   xlsx_opc.c     content types, relationships, part names, the workbook
 *   xlsx_cells.c   shared strings, styles, worksheets and cell values
 *   xlsx_book.c  opening and releasing a book, its sheet list
 */
#include "xlsx_reader_internal.h"

#include "actionplan/i18n.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* =========================================================================
 * Opening a book
 * ========================================================================= */

/* The workbook part, its relationships, shared strings and styles. */
static ap_rc read_workbook(ap_xlsx_book *b, ap_error *err)
{
    rel_list rels = {0};
    char *rels_part = xr_rels_part_of(b->wb_part);
    xml_ctx x = {.book = b,
                 .where = b->path,
                 .part = b->wb_part,
                 .roots = "workbook",
                 .start = xr_wb_start,
                 .user = b,
                 .err = err};
    ap_rc rc = AP_OK;
    if (!xr_has_part(b, rels_part))
        rc = xr_not_xlsx(err, b->path, TR("delen '%s' saknas", "missing part '%s'"), rels_part);
    if (rc == AP_OK)
        rc = xr_rels_read(b, rels_part, &rels, err);
    if (rc == AP_OK)
        rc = xr_xml_read_part(&x);
    if (rc == AP_OK && b->nsheets == 0)
        rc = xr_fail_at(err, b->path, "%s",
                        TR("arbetsboken har inga blad", "the workbook has no sheets"));
    if (rc == AP_OK)
        rc = xr_resolve_sheets(b, &rels, err);
    if (rc == AP_OK)
        rc = xr_read_related(b, &rels, "sharedStrings", "sst", xr_sst_start, xr_sst_end, NULL, err);
    if (rc == AP_OK)
        rc = xr_read_styles(b, &rels, err);
    xr_rels_free(&rels);
    free(rels_part);
    return rc;
}

static ap_xlsx_options options_or_defaults(const ap_xlsx_options *opt)
{
    ap_xlsx_options o = opt ? *opt : (ap_xlsx_options){0};
    if (!o.max_part_bytes)
        o.max_part_bytes = DEFAULT_MAX_PART;
    if (o.max_part_bytes > HARD_MAX_PART)
        o.max_part_bytes = HARD_MAX_PART;
    if (!o.max_total_bytes)
        o.max_total_bytes = DEFAULT_MAX_TOTAL;
    if (!o.max_cells)
        o.max_cells = DEFAULT_MAX_CELLS;
    return o;
}

ap_rc ap_xlsx_open_opt(const char *path, const ap_xlsx_options *opt, ap_xlsx_book **out,
                       ap_error *err)
{
    bool zip_magic = false;
    ap_xlsx_options o = options_or_defaults(opt);
    *out = NULL;
    if (!path)
        return ap_error_set(err, AP_E_INTERNAL, "%s", TR("inget filnamn", "no file name"));
    ap_rc rc = xr_sniff_file(path, o.max_total_bytes, &zip_magic, err);
    if (rc != AP_OK)
        return rc;
    ap_xlsx_book *b = ap_xcalloc(1, sizeof *b);
    b->path = ap_xstrdup(path);
    b->opt = o;
    b->refs = 1;
    if ((rc = xr_open_zip(b, zip_magic, err)) == AP_OK && (rc = xr_find_workbook(b, err)) == AP_OK)
        rc = read_workbook(b, err);
    if (rc != AP_OK) {
        ap_xlsx_free(b);
        return rc;
    }
    *out = b;
    return AP_OK;
}

ap_rc ap_xlsx_open(const char *path, ap_xlsx_book **book, ap_error *err)
{
    return ap_xlsx_open_opt(path, NULL, book, err);
}

void ap_xlsx_free(ap_xlsx_book *book)
{
    if (!book)
        return;
    if (book->zip) {
        zip_discard(book->zip);
        book->zip = NULL;
    }
    xr_book_release(book);
}

bool ap_xlsx_date1904(const ap_xlsx_book *book)
{
    return book && book->date1904;
}

size_t ap_xlsx_sheet_count(const ap_xlsx_book *book)
{
    return book ? book->nsheets : 0;
}

const char *ap_xlsx_sheet_name(const ap_xlsx_book *book, size_t i)
{
    return book && i < book->nsheets ? book->sheets[i].name : NULL;
}

ap_xlsx_visibility ap_xlsx_sheet_hidden(const ap_xlsx_book *book, size_t i)
{
    return book && i < book->nsheets ? book->sheets[i].state : AP_XLSX_VISIBLE;
}

long ap_xlsx_sheet_index(const ap_xlsx_book *book, const char *name)
{
    if (!book || !name)
        return -1;
    for (size_t i = 0; i < book->nsheets; i++)
        if (!ap_casecmp_utf8(book->sheets[i].name, name))
            return (long)i;
    return -1;
}
