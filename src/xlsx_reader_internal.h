/*
 * xlsx_reader_internal.h - what the files of the xlsx reader share (private
 * to xlsx_zip.c, xlsx_opc.c, xlsx_cells.c and xlsx_book.c; the API is
 * xlsx_reader.h): limits, the book and sheet structures, the part reader's
 * context, and the functions one file offers the others (prefix xr_).
 */
#ifndef AP_XLSX_READER_INTERNAL_H
#define AP_XLSX_READER_INTERNAL_H

#include "xlsx_reader.h"

#include <expat.h>
#include <zip.h>

/* =========================================================================
 * Limits and types
 * ========================================================================= */

#define MIB ((size_t)1 << 20)
#define DEFAULT_MAX_PART (64 * MIB)
#define DEFAULT_MAX_TOTAL (256 * MIB)
#define DEFAULT_MAX_CELLS ((size_t)4000000)
#define HARD_MAX_PART (1024 * MIB) /* keeps text offsets within 32 bits */
#define MAX_DEPTH 64               /* real parts nest about 8 deep */
#define MAX_SHEETS 10000           /* LibreOffice's limit */
#define MAX_RELS 100000
#define READ_CHUNK 65536
#define NS_SEP '\x1f' /* expat joins namespace URI and local name with this */

/* What a start callback made of an open element (xml_ctx.tag). */
enum {
    TAG_OTHER = 0,
    TAG_SHEETS,
    TAG_SI,
    TAG_IS,
    TAG_R,
    TAG_T,
    TAG_NUMFMTS,
    TAG_CELLXFS,
    TAG_SHEETDATA,
    TAG_ROW,
    TAG_C,
    TAG_V,
};

typedef struct sheet_info {
    char *name;
    char *rid;  /* relationship id in the workbook's .rels */
    char *part; /* zip entry, e.g. "xl/worksheets/sheet1.xml" */
    ap_xlsx_visibility state;
} sheet_info;

struct ap_xlsx_book {
    char *path;
    zip_t *zip; /* NULL once the caller has freed the book */
    ap_xlsx_options opt;
    size_t total_read; /* uncompressed bytes read so far, all parts */
    int refs;          /* the caller's hold + one per live sheet */
    bool date1904;
    char *wb_part; /* e.g. "xl/workbook.xml" */
    sheet_info *sheets;
    size_t nsheets, cap_sheets;
    ap_buf sst_text;   /* shared strings, each NUL-terminated */
    uint32_t *sst_off; /* where string i starts in sst_text (< HARD_MAX_PART) */
    size_t nsst, cap_sst;
    bool *xf_date;    /* per cellXfs entry: a date/time number format */
    bool *xf_percent; /* per cellXfs entry: a per-cent number format */
    size_t nxf;
};

/* One stored cell: 24 bytes. */
typedef struct cell_rec {
    double num;
    uint32_t row;
    uint32_t text; /* offset in the sheet's text, or shared string index */
    uint16_t col;
    uint8_t type;  /* ap_xlsx_type */
    uint8_t flags; /* CF_* */
} cell_rec;

enum { CF_SHARED = 1, CF_DATE_STYLE = 2, CF_FORMULA = 4, CF_PERCENT_STYLE = 8 };

struct ap_xlsx_sheet {
    ap_xlsx_book *book; /* holds a reference: shared strings, date system */
    cell_rec *cells;    /* sorted by row, then column */
    size_t ncells, cap;
    ap_buf text; /* inline strings, numbers and errors as written */
    uint32_t rows, cols;
};

typedef struct xml_ctx xml_ctx;
typedef void (*xml_start_fn)(xml_ctx *x, const char *name, const char **atts);
typedef void (*xml_end_fn)(xml_ctx *x);

struct xml_ctx {
    XML_Parser parser;
    ap_xlsx_book *book;
    const char *where;  /* message prefix: "form.xlsx" or "form.xlsx: sheet 'X'" */
    const char *part;   /* the zip entry */
    const char *roots;  /* accepted root elements, '|'-separated */
    xml_start_fn start; /* every element, with its local name */
    xml_end_fn end;     /* every end tag; x->tag[x->depth] says what closes */
    void *user;
    int depth;                  /* of the current element; the root is 1 */
    uint8_t tag[MAX_DEPTH + 1]; /* TAG_* per open element, set by start */
    bool collect;               /* character data goes into text */
    ap_buf text;
    bool failed; /* err is set; ignore the callbacks expat still makes */
    ap_error *err;
};

/* OPC relationships (xlsx_opc.c). */
typedef struct rel {
    char *id;
    char *type; /* the last segment of the Type URI: "worksheet", "styles" */
    char *target;
} rel;

typedef struct rel_list {
    rel *items;
    size_t n, cap;
} rel_list;

/* Messages and the part reader (xlsx_zip.c) */
const char *xr_msg_text(const char *s, char out[256]);
ap_rc xr_fail_at(ap_error *err, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
ap_rc xr_not_xlsx(ap_error *err, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void xr_xml_fail(xml_ctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *xr_attr(const char **atts, const char *name);
const char *xr_attr_rel(const char **atts, const char *local);
bool xr_has_part(const ap_xlsx_book *b, const char *part);
ap_rc xr_xml_read_part(xml_ctx *x);
void xr_rich_text_start(xml_ctx *x, const char *name);
ap_rc xr_sniff_file(const char *path, size_t max_size, bool *zip_magic, ap_error *err);
ap_rc xr_open_zip(ap_xlsx_book *b, bool zip_magic, ap_error *err);

/* OPC and the workbook part (xlsx_opc.c) */
void xr_rels_free(rel_list *l);
ap_rc xr_rels_read(ap_xlsx_book *b, const char *part, rel_list *l, ap_error *err);
char *xr_rels_part_of(const char *part);
ap_rc xr_find_workbook(ap_xlsx_book *b, ap_error *err);
ap_rc xr_read_related(ap_xlsx_book *b, const rel_list *rels, const char *type, const char *root,
                      xml_start_fn start, xml_end_fn end, void *user, ap_error *err);
void xr_wb_start(xml_ctx *x, const char *name, const char **atts);
ap_rc xr_resolve_sheets(ap_xlsx_book *b, const rel_list *rels, ap_error *err);

/* Parsers, shared strings and styles (xlsx_cells.c) */
bool xr_parse_bool(const char *s, bool *out);
void xr_sst_start(xml_ctx *x, const char *name, const char **atts);
void xr_sst_end(xml_ctx *x);
ap_rc xr_read_styles(ap_xlsx_book *b, const rel_list *rels, ap_error *err);

/* The book's memory, once its last holder (the book or a sheet) lets go (xlsx_opc.c) */
void xr_book_release(ap_xlsx_book *b);

#endif
