/*
 * pdfdoc.c - the top layer of the document-layout engine (see pdfdoc.h):
 * the document itself. New (libharu's set-up, metadata, the first page),
 * save (the contents, links, running headers and page numbers, then the
 * file) and free; it is the one file that calls every layer below.
 *
 * libharu draws; these files decide where. Text is cleaned, broken into lines
 * with the font's own widths (libharu's TextRect prints nothing for a word
 * wider than its box, so it is not used), and placed one line at a time with
 * TextOut. Page numbers, running headers and the table of contents are drawn
 * at save time, when the page count is known: libharu keeps every page's
 * content stream open until it writes the file, so earlier pages can still
 * be drawn on.
 *
 * The layers below, each calling only those under it: pdfdoc_toc.c
 * (headings, outlines, contents), pdfdoc_table.c (tables) and
 * pdfdoc_chart.c (charts), pdfdoc_text.c (text and flow), pdfdoc_page.c
 * (pages, fonts, drawing); each has its header but the charts, which only
 * add to pdfdoc.h.
 */
#include "pdfdoc_table.h"
#include "pdfdoc_toc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "actionplan/i18n.h"

/* =========================================================================
 * libharu's errors
 * ========================================================================= */

static const char *hpdf_error_name(HPDF_STATUS code)
{
    switch (code) {
    case HPDF_FAILD_TO_ALLOC_MEM:
        return "out of memory";
    case HPDF_FILE_IO_ERROR:
        return "file write error";
    case HPDF_FILE_OPEN_ERROR:
        return "cannot open file";
    case HPDF_INVALID_DOCUMENT:
        return "invalid document";
    case HPDF_INVALID_FONTDEF_DATA:
        return "invalid font data";
    case HPDF_INVALID_PAGE:
        return "invalid page";
    case HPDF_PAGE_INVALID_FONT:
        return "invalid font";
    case HPDF_PAGE_INVALID_GMODE:
        return "drawing call out of order";
    case HPDF_TTF_CANNOT_EMBEDDING_FONT:
        return "font may not be embedded";
    case HPDF_TTF_INVALID_FOMAT:
        return "invalid TrueType font";
    case HPDF_TTF_MISSING_TABLE:
        return "incomplete TrueType font";
    case HPDF_INVALID_PARAMETER:
        return "invalid parameter";
    default:
        return "see libharu's hpdf_error.h";
    }
}

/* libharu calls this on every error; the first one is kept. */
static void on_hpdf_error(HPDF_STATUS code, HPDF_STATUS detail, void *user)
{
    ap_pdf *doc = user;
    if (doc->rc != AP_OK)
        return;
    doc->rc = code == HPDF_FAILD_TO_ALLOC_MEM                                ? AP_E_NOMEM
              : (code == HPDF_FILE_IO_ERROR || code == HPDF_FILE_OPEN_ERROR) ? AP_E_IO
                                                                             : AP_E_INTERNAL;
    snprintf(doc->msg, sizeof doc->msg,
             TR("PDF-biblioteket libharu rapporterade fel 0x%04X (%s, detalj %u)",
                "the PDF library libharu reported error 0x%04X (%s, detail %u)"),
             (unsigned)code, hpdf_error_name(code), (unsigned)detail);
}

/* =========================================================================
 * Finishing: the contents, links, running header and footer
 * ========================================================================= */

/* The page-number text: fmt with its first %d the page, the second the
 * count, %% a percent sign; anything else is copied as it is. */
static void page_text(ap_buf *out, const char *fmt, size_t page, size_t count)
{
    int used = 0;
    ap_buf_reset(out);
    ap_buf_append(out, "", 0);
    for (const char *p = fmt; *p; p++) {
        if (p[0] == '%' && p[1] == 'd' && used < 2) {
            ap_buf_printf(out, "%zu", used++ == 0 ? page : count);
            p++;
        } else if (p[0] == '%' && p[1] == '%') {
            ap_buf_putc(out, '%');
            p++;
        } else {
            ap_buf_putc(out, *p);
        }
    }
}

static void running_heads(ap_pdf *doc, size_t idx)
{
    pd_select_page(doc, idx);
    look lk = pd_look_make(AP_PDF_REGULAR, 7.5, C_MUTED, AP_PDF_LEFT);
    double tw = pd_text_w(doc), numw = 0;
    if (doc->header) {
        pd_label_at(doc, &lk, doc->header, doc->ml, doc->mt - 30, tw);
        pd_stroke_line(doc, doc->ml, doc->mt - 16, doc->ml + tw, doc->mt - 16, C_RULE_LIGHT, 0.5);
    }
    if (!doc->footer && !doc->page_format)
        return;
    double top = doc->ph - doc->mb + 24;
    pd_stroke_line(doc, doc->ml, top - 6, doc->ml + tw, top - 6, C_RULE_LIGHT, 0.5);
    if (doc->page_format) {
        ap_buf num = {0};
        page_text(&num, doc->page_format, idx + 1, doc->npages);
        lk.align = AP_PDF_RIGHT;
        numw = ap_pdf_string_width(doc, ap_buf_str(&num), &(ap_pdf_style){7.5, 0, 0, 0, 0, 0});
        pd_label_at(doc, &lk, ap_buf_str(&num), doc->ml, top, tw);
        ap_buf_free(&num);
        lk.align = AP_PDF_LEFT;
    }
    if (doc->footer)
        pd_label_at(doc, &lk, doc->footer, doc->ml, top, tw - numw - 16);
}

/* Contents, running heads, page numbers: once, before the first save. */
static void finish(ap_pdf *doc)
{
    if (doc->finished || doc->rc != AP_OK)
        return;
    pd_close_block(doc);
    if (doc->has_toc)
        pd_toc_fill(doc);
    pd_resolve_links(doc);
    if (doc->nheads || doc->has_toc)
        HPDF_SetPageMode(doc->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
    for (size_t i = 0; i < doc->npages && doc->rc == AP_OK; i++) {
        if (i > 0 || !doc->plain_first)
            running_heads(doc, i);
        pd_seal_page(doc, i);
    }
    pd_settle_pages(doc);
    doc->finished = true;
}

/* =========================================================================
 * The document
 * ========================================================================= */

static void set_info(ap_pdf *doc, HPDF_InfoType type, const char *value)
{
    if (value && *value)
        HPDF_SetInfoAttr(doc->pdf, type, pd_clean_text(&doc->clean, value));
}

/* Declare PDF 1.4 in the header: the version of /Lang and DisplayDocTitle. */
static void need_pdf14(ap_pdf *doc)
{
    if (doc->pdf->pdf_version < HPDF_VER_14)
        doc->pdf->pdf_version = HPDF_VER_14;
}

/* /Lang: libharu 2.3.0 has no call for it, but its public hpdf_doc.h exposes
 * the catalog dictionary, and HPDF_Dict_Add puts a string into it. /Lang
 * came with PDF 1.4, so the header says 1.4. */
static void set_lang(ap_pdf *doc, const char *lang)
{
    if (!lang || !*lang)
        return;
    ap_buf_reset(&doc->scratch);
    for (const char *p = lang; *p; p++)
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-')
            ap_buf_putc(&doc->scratch, *p);
    if (!doc->scratch.len)
        return;
    HPDF_String s = HPDF_String_New(doc->pdf->mmgr, doc->scratch.p, NULL);
    if (s)
        HPDF_Dict_Add(doc->pdf->catalog, "Lang", s);
    need_pdf14(doc);
}

/* Ask readers to show the title rather than the file name in the window
 * (/ViewerPreferences << /DisplayDocTitle true >>, also PDF 1.4), which
 * libharu 2.3.0's HPDF_SetViewerPreference cannot express. */
static void show_title(ap_pdf *doc)
{
    HPDF_Dict prefs = HPDF_Dict_New(doc->pdf->mmgr);
    if (!prefs)
        return;
    HPDF_Dict_AddBoolean(prefs, "DisplayDocTitle", HPDF_TRUE);
    HPDF_Dict_Add(doc->pdf->catalog, "ViewerPreferences", prefs);
    need_pdf14(doc);
}

static void copy_opts(ap_pdf *doc, const ap_pdf_opts *o)
{
    const char *env = getenv("ACTIONPLAN_FONT_DIR");
    const char *dir = o->font_dir && *o->font_dir ? o->font_dir : env && *env ? env : AP_FONT_DIR;
    snprintf(doc->font_dir, sizeof doc->font_dir, "%s", dir);
    doc->header = o->header && *o->header ? ap_xstrdup(o->header) : NULL;
    doc->footer = o->footer && *o->footer ? ap_xstrdup(o->footer) : NULL;
    doc->page_format = o->page_format && *o->page_format ? ap_xstrdup(o->page_format) : NULL;
    doc->plain_first = o->plain_first_page;
    doc->h1_new_page = o->h1_new_page;
    doc->body = measure_or(o->body_size, DEF_BODY, 200);
    doc->mt = measure_or(o->margin_top, DEF_MARGIN_TB, 250);
    doc->mb = measure_or(o->margin_bottom, DEF_MARGIN_TB, 250);
    doc->ml = measure_or(o->margin_left, DEF_MARGIN_LR, 250);
    doc->mr = measure_or(o->margin_right, DEF_MARGIN_LR, 250);
    doc->accent = o->accent ? o->accent & 0xFFFFFF : C_ACCENT;
    doc->orient = o->orientation == AP_PDF_LANDSCAPE ? AP_PDF_LANDSCAPE : AP_PDF_PORTRAIT;
}

/* libharu set-up: UTF-8, compression, metadata, the regular font, page 1. */
static void open_pdf(ap_pdf *doc, const ap_pdf_opts *o)
{
    HPDF_SetCompressionMode(doc->pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(doc->pdf);
    HPDF_SetCurrentEncoder(doc->pdf, "UTF-8");
    doc->utf8 = HPDF_GetEncoder(doc->pdf, "UTF-8");
    set_info(doc, HPDF_INFO_TITLE, o->title);
    set_info(doc, HPDF_INFO_AUTHOR, o->author);
    set_info(doc, HPDF_INFO_SUBJECT, o->subject);
    set_info(doc, HPDF_INFO_CREATOR, o->creator);
    set_lang(doc, o->lang);
    if (o->title && *o->title)
        show_title(doc);
    pd_face_font(doc, AP_PDF_REGULAR);
    pd_add_page(doc);
}

ap_rc ap_pdf_new(ap_pdf **out, const ap_pdf_opts *opts, ap_error *err)
{
    static const ap_pdf_opts none = {0};
    const ap_pdf_opts *o = opts ? opts : &none;
    *out = NULL;
    ap_pdf *doc = ap_xcalloc(1, sizeof *doc);
    copy_opts(doc, o);
    doc->pdf = HPDF_New(on_hpdf_error, doc);
    if (!doc->pdf) {
        ap_pdf_free(doc);
        return ap_error_set(err, AP_E_NOMEM,
                            TR("kan inte starta PDF-biblioteket libharu",
                               "unable to start the PDF library libharu"));
    }
    open_pdf(doc, o);
    if (doc->rc != AP_OK) {
        ap_rc rc = ap_error_set(err, doc->rc, "%s", doc->msg);
        ap_pdf_free(doc);
        return rc;
    }
    *out = doc;
    return AP_OK;
}

void ap_pdf_free(ap_pdf *doc)
{
    if (!doc)
        return;
    pd_table_free(doc->table);
    if (doc->pdf)
        HPDF_Free(doc->pdf);
    for (int i = 0; i < 4; i++)
        free(doc->wcache[i]);
    for (size_t i = 0; i < doc->nheads; i++)
        free(doc->heads[i].text);
    free(doc->heads);
    for (size_t i = 0; i < doc->nanchors; i++)
        free(doc->anchors[i].key);
    free(doc->anchors);
    for (size_t i = 0; i < doc->nlinks; i++)
        free(doc->links[i].key);
    free(doc->links);
    free(doc->pages);
    free(doc->header);
    free(doc->footer);
    free(doc->page_format);
    free(doc->toc_title);
    ap_buf_free(&doc->clean);
    ap_buf_free(&doc->scratch);
    pd_lines_free(&doc->lay);
    pd_seal_free(doc);
    free(doc);
}

ap_rc ap_pdf_save(ap_pdf *doc, const char *path, ap_error *err)
{
    if (!doc || !path || !*path)
        return ap_error_set(err, AP_E_INTERNAL, "pdf: save without a document or path");
    finish(doc);
    if (doc->rc != AP_OK)
        return ap_error_set(err, doc->rc,
                            TR("kan inte skapa '%s': %s", "unable to create '%s': %s"), path,
                            doc->msg);
    ap_atomic a;
    ap_rc rc = ap_atomic_begin(&a, path, err);
    if (rc != AP_OK)
        return rc;
    errno = 0;
    HPDF_STATUS st = HPDF_SaveToFile(doc->pdf, a.tmp_path);
    if (st != HPDF_OK || doc->rc != AP_OK) {
        /* libharu's "0x1016 file write error" says nothing a user can act on */
        const char *full = ap_disk_full_reason(a.tmp_path, errno);
        ap_atomic_abort(&a);
        rc = ap_error_set(err, doc->rc != AP_OK ? doc->rc : AP_E_IO,
                          TR("kan inte skriva '%s': %s", "unable to write '%s': %s"), path,
                          full               ? full
                          : doc->rc != AP_OK ? doc->msg
                                             : "libharu");
        return rc;
    }
    return ap_atomic_commit(&a, err);
}
