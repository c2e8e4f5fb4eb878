/*
 * xlsx_opc.c - the Open Packaging Conventions under the xlsx reader
 * (xlsx_reader.h): content types, relationships and part names, and the
 * workbook part (its sheets and date system).
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
 * OPC: relationships, part names, content types
 * ========================================================================= */

void xr_rels_free(rel_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].id);
        free(l->items[i].type);
        free(l->items[i].target);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

static void rels_start(xml_ctx *x, const char *name, const char **atts)
{
    rel_list *l = x->user;
    if (x->depth != 2 || strcmp(name, "Relationship") != 0)
        return;
    const char *id = xr_attr(atts, "Id"), *type = xr_attr(atts, "Type"),
               *target = xr_attr(atts, "Target");
    const char *mode = xr_attr(atts, "TargetMode");
    if (!id || !type || !target) {
        xr_xml_fail(x, "%s",
                    TR("<Relationship> saknar Id, Type eller Target",
                       "<Relationship> lacks Id, Type or Target"));
        return;
    }
    if (mode && !strcmp(mode, "External"))
        return;
    if (l->n >= MAX_RELS) {
        xr_xml_fail(x, TR("fler än %d relationer", "more than %d relationships"), MAX_RELS);
        return;
    }
    const char *slash = strrchr(type, '/');
    ap_grow(&l->items, &l->cap, l->n + 1, sizeof *l->items);
    l->items[l->n++] =
        (rel){ap_xstrdup(id), ap_xstrdup(slash ? slash + 1 : type), ap_xstrdup(target)};
}

static int rel_cmp(const void *a, const void *b)
{
    return strcmp(((const rel *)a)->id, ((const rel *)b)->id);
}

/* Read a .rels part into l, sorted by id. */
ap_rc xr_rels_read(ap_xlsx_book *b, const char *part, rel_list *l, ap_error *err)
{
    xml_ctx x = {.book = b,
                 .where = b->path,
                 .part = part,
                 .roots = "Relationships",
                 .start = rels_start,
                 .user = l,
                 .err = err};
    ap_rc rc = xr_xml_read_part(&x);
    if (rc == AP_OK && l->n > 1)
        qsort(l->items, l->n, sizeof *l->items, rel_cmp);
    return rc;
}

static const rel *rels_by_id(const rel_list *l, const char *id)
{
    rel key = {.id = (char *)id};
    return l->n ? bsearch(&key, l->items, l->n, sizeof *l->items, rel_cmp) : NULL;
}

static const rel *rels_by_type(const rel_list *l, const char *type)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->items[i].type, type))
            return &l->items[i];
    return NULL;
}

/* The part a relationship target names: relative targets from the folder of
 * the source part ("xl/" for xl/workbook.xml), absolute ones ("/xl/...")
 * from the package root, with "." and ".." resolved. NULL when the target
 * is empty or climbs out of the package. The caller frees the result. */
static char *part_resolve(const char *source, const char *target)
{
    ap_buf in = {0};
    const char *slash = strrchr(source, '/');
    ap_buf_append(&in, source, target[0] != '/' && slash ? (size_t)(slash - source) + 1 : 0);
    ap_buf_puts(&in, target);
    char *out = ap_xmalloc(in.len + 1);
    size_t n = 0;
    bool ok = true;
    for (const char *p = in.p; *p && ok;) {
        size_t len = strcspn(p, "/");
        if (len == 2 && p[0] == '.' && p[1] == '.') {
            ok = n > 0;
            while (n > 0 && out[n - 1] != '/')
                n--;
            n -= n > 0; /* the slash before the dropped segment */
        } else if (len > 0 && !(len == 1 && p[0] == '.')) {
            if (n)
                out[n++] = '/';
            memcpy(out + n, p, len);
            n += len;
        }
        p += len + (p[len] == '/');
    }
    out[n] = '\0';
    ap_buf_free(&in);
    if (!ok || n == 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels". Caller frees. */
char *xr_rels_part_of(const char *part)
{
    ap_buf b = {0};
    const char *slash = strrchr(part, '/');
    size_t dir = slash ? (size_t)(slash - part) + 1 : 0;
    ap_buf_append(&b, part, dir);
    ap_buf_printf(&b, "_rels/%s.rels", part + dir);
    return ap_buf_steal(&b);
}

/* What [Content_Types].xml says about one part. */
typedef struct ctypes {
    const char *part;
    char *override; /* <Override PartName="/part"> */
    char *deflt;    /* <Default Extension="ext"> for the part's extension */
} ctypes;

static void ctypes_start(xml_ctx *x, const char *name, const char **atts)
{
    ctypes *c = x->user;
    const char *type = xr_attr(atts, "ContentType");
    if (x->depth != 2 || !type)
        return;
    if (!strcmp(name, "Override")) {
        const char *pn = xr_attr(atts, "PartName");
        if (pn && !strcasecmp(pn + (pn[0] == '/'), c->part)) {
            free(c->override);
            c->override = ap_xstrdup(type);
        }
    } else if (!strcmp(name, "Default")) {
        const char *ext = xr_attr(atts, "Extension"), *dot = strrchr(c->part, '.');
        if (ext && dot && !strcasecmp(ext, dot + 1)) {
            free(c->deflt);
            c->deflt = ap_xstrdup(type);
        }
    }
}

/* Refuse a main part that is not a spreadsheet, naming what it is. */
static ap_rc check_main_type(const ap_xlsx_book *b, const char *type, ap_error *err)
{
    char shown[256];
    static const char *const ok[] = {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        "application/vnd.ms-excel.template.macroEnabled.main+xml",
    };
    if (!type)
        return xr_not_xlsx(err, b->path,
                           TR("[Content_Types].xml anger ingen typ för '%s'",
                              "[Content_Types].xml declares no type for '%s'"),
                           b->wb_part);
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (!strcasecmp(type, ok[i]))
            return AP_OK;
    if (strstr(type, "sheet.binary"))
        return xr_not_xlsx(err, b->path, "%s",
                           TR("en binär arbetsbok (.xlsb): spara den som .xlsx",
                              "a binary workbook (.xlsb): save it as .xlsx"));
    if (strstr(type, "wordprocessingml"))
        return xr_not_xlsx(err, b->path, "%s", TR("ett Word-dokument", "a Word document"));
    if (strstr(type, "presentationml"))
        return xr_not_xlsx(err, b->path, "%s",
                           TR("en PowerPoint-presentation", "a PowerPoint presentation"));
    return xr_not_xlsx(err, b->path,
                       TR("huvuddelen '%s' har typen '%s'", "the main part '%s' has the type '%s'"),
                       b->wb_part, xr_msg_text(type, shown));
}

static ap_rc read_content_types(ap_xlsx_book *b, ap_error *err)
{
    ctypes c = {.part = b->wb_part};
    xml_ctx x = {.book = b,
                 .where = b->path,
                 .part = "[Content_Types].xml",
                 .roots = "Types",
                 .start = ctypes_start,
                 .user = &c,
                 .err = err};
    ap_rc rc = xr_xml_read_part(&x);
    if (rc == AP_OK)
        rc = check_main_type(b, c.override ? c.override : c.deflt, err);
    free(c.override);
    free(c.deflt);
    return rc;
}

/* Find the workbook part through _rels/.rels (xl/workbook.xml when the
 * package has no .rels) and check that it is a spreadsheet. */
ap_rc xr_find_workbook(ap_xlsx_book *b, ap_error *err)
{
    rel_list root = {0};
    ap_rc rc = AP_OK;
    if (!xr_has_part(b, "[Content_Types].xml")) {
        if (xr_has_part(b, "mimetype") && xr_has_part(b, "content.xml"))
            return xr_not_xlsx(err, b->path, "%s",
                               TR("ett OpenDocument-kalkylblad (.ods): spara det som .xlsx",
                                  "an OpenDocument spreadsheet (.ods): save it as .xlsx"));
        return xr_not_xlsx(err, b->path, TR("delen '%s' saknas", "missing part '%s'"),
                           "[Content_Types].xml");
    }
    if (xr_has_part(b, "_rels/.rels"))
        rc = xr_rels_read(b, "_rels/.rels", &root, err);
    if (rc == AP_OK) {
        const rel *r = rels_by_type(&root, "officeDocument");
        b->wb_part = r ? part_resolve("", r->target) : ap_xstrdup("xl/workbook.xml");
        if (!b->wb_part)
            rc = xr_not_xlsx(
                err, b->path, "%s",
                TR("_rels/.rels pekar utanför paketet", "_rels/.rels points outside the package"));
        else if (!xr_has_part(b, b->wb_part))
            rc =
                xr_not_xlsx(err, b->path, TR("delen '%s' saknas", "missing part '%s'"), b->wb_part);
    }
    xr_rels_free(&root);
    return rc == AP_OK ? read_content_types(b, err) : rc;
}

/* Read the optional part that the workbook's relationship of this type
 * names, with these callbacks. */
ap_rc xr_read_related(ap_xlsx_book *b, const rel_list *rels, const char *type, const char *root,
                      xml_start_fn start, xml_end_fn end, void *user, ap_error *err)
{
    const rel *r = rels_by_type(rels, type);
    if (!r)
        return AP_OK;
    char *part = part_resolve(b->wb_part, r->target);
    if (!part)
        return xr_fail_at(err, b->path,
                          TR("relationen '%s' pekar utanför paketet",
                             "relationship '%s' points outside the package"),
                          type);
    xml_ctx x = {.book = b,
                 .where = b->path,
                 .part = part,
                 .roots = root,
                 .start = start,
                 .end = end,
                 .user = user,
                 .err = err};
    ap_rc rc = xr_xml_read_part(&x);
    free(part);
    return rc;
}

/* =========================================================================
 * The workbook: sheets and the date system
 * ========================================================================= */

static bool parse_state(const char *s, ap_xlsx_visibility *out)
{
    if (!s || !strcmp(s, "visible"))
        *out = AP_XLSX_VISIBLE;
    else if (!strcmp(s, "hidden"))
        *out = AP_XLSX_HIDDEN;
    else if (!strcmp(s, "veryHidden"))
        *out = AP_XLSX_VERY_HIDDEN;
    else
        return false;
    return true;
}

static void wb_sheet(xml_ctx *x, ap_xlsx_book *b, const char **atts)
{
    char shown[256], shown2[256];
    const char *name = xr_attr(atts, "name"), *rid = xr_attr_rel(atts, "id");
    ap_xlsx_visibility state;
    if (!name || !*name) {
        xr_xml_fail(x, "%s", TR("ett blad utan namn", "a sheet without a name"));
        return;
    }
    if (!rid) {
        xr_xml_fail(x, TR("bladet '%s' saknar r:id", "sheet '%s' has no r:id"),
                    xr_msg_text(name, shown));
        return;
    }
    if (!parse_state(xr_attr(atts, "state"), &state)) {
        xr_xml_fail(
            x, TR("bladet '%s' har okänt tillstånd '%s'", "sheet '%s' has an unknown state '%s'"),
            xr_msg_text(name, shown), xr_msg_text(xr_attr(atts, "state"), shown2));
        return;
    }
    if (b->nsheets >= MAX_SHEETS) {
        xr_xml_fail(x, TR("fler än %d blad", "more than %d sheets"), MAX_SHEETS);
        return;
    }
    for (size_t i = 0; i < b->nsheets; i++)
        if (!ap_casecmp_utf8(b->sheets[i].name, name)) {
            xr_xml_fail(x, TR("två blad heter '%s'", "two sheets are called '%s'"),
                        xr_msg_text(name, shown));
            return;
        }
    ap_grow(&b->sheets, &b->cap_sheets, b->nsheets + 1, sizeof *b->sheets);
    b->sheets[b->nsheets++] = (sheet_info){ap_xstrdup(name), ap_xstrdup(rid), NULL, state};
}

void xr_wb_start(xml_ctx *x, const char *name, const char **atts)
{
    ap_xlsx_book *b = x->user;
    if (x->depth == 2 && !strcmp(name, "workbookPr")) {
        const char *v = xr_attr(atts, "date1904");
        if (v && !xr_parse_bool(v, &b->date1904))
            xr_xml_fail(x, TR("ogiltigt date1904 '%s'", "invalid date1904 '%s'"), v);
    } else if (x->depth == 2 && !strcmp(name, "sheets")) {
        x->tag[2] = TAG_SHEETS;
    } else if (x->depth == 3 && x->tag[2] == TAG_SHEETS && !strcmp(name, "sheet")) {
        wb_sheet(x, b, atts);
    }
}

/* Give every sheet its part through the workbook's relationships. */
ap_rc xr_resolve_sheets(ap_xlsx_book *b, const rel_list *rels, ap_error *err)
{
    char shown[256], shown2[256];
    for (size_t i = 0; i < b->nsheets; i++) {
        sheet_info *s = &b->sheets[i];
        const rel *r = rels_by_id(rels, s->rid);
        if (r)
            s->part = part_resolve(b->wb_part, r->target);
        if (!r || !s->part)
            return xr_fail_at(
                err, b->path,
                TR("bladet '%s' saknar sin del ('%s')", "sheet '%s' has no part ('%s')"),
                xr_msg_text(s->name, shown), xr_msg_text(r ? r->target : s->rid, shown2));
        free(s->rid);
        s->rid = NULL;
    }
    return AP_OK;
}

/* The book's memory, once its last holder (the book or a sheet) lets go. */
void xr_book_release(ap_xlsx_book *b)
{
    if (--b->refs > 0)
        return;
    for (size_t i = 0; i < b->nsheets; i++) {
        free(b->sheets[i].name);
        free(b->sheets[i].rid);
        free(b->sheets[i].part);
    }
    free(b->sheets);
    ap_buf_free(&b->sst_text);
    free(b->sst_off);
    free(b->xf_date);
    free(b->xf_percent);
    free(b->wb_part);
    free(b->path);
    free(b);
}
