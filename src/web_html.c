/* web_html.c - the pages' frame: escaping, layout, links that keep the
 * page's date, status marks, the stylesheet; see web_internal.h. */
#include "web_internal.h"

#include "actionplan/i18n.h"
#include "actionplan/model.h"
#include "actionplan/status_style.h"

#include <stdio.h>
#include <string.h>

void ap_html_escape(ap_buf *b, const char *text)
{
    if (!text)
        return;
    for (const char *p = text; *p; p++) {
        switch (*p) {
        case '&': ap_buf_puts(b, "&amp;"); break;
        case '<': ap_buf_puts(b, "&lt;"); break;
        case '>': ap_buf_puts(b, "&gt;"); break;
        case '"': ap_buf_puts(b, "&quot;"); break;
        case '\'': ap_buf_puts(b, "&#39;"); break;
        default: ap_buf_putc(b, *p); break;
        }
    }
}

void web_text(ap_buf *b, const char *text)
{
    ap_html_escape(b, text && *text ? text : "–");
}

void web_date(ap_buf *b, ap_date d)
{
    char buf[11];
    ap_buf_puts(b, d == AP_DATE_NONE ? "–" : ap_date_format(d, buf));
}

/* ---- links ---------------------------------------------------------------- */

bool web_file_of(const char *path, char *out, size_t size)
{
    int n;
    if (strcmp(path, "/") == 0)
        n = snprintf(out, size, "index.html");
    else if (strncmp(path, "/assets/", 8) == 0)
        n = snprintf(out, size, "%s", path + 1);
    else if (strncmp(path, "/plans/", 7) == 0 && !strchr(path + 7, '/'))
        n = snprintf(out, size, "%s/index.html", path + 1); /* the plan's folder */
    else
        n = snprintf(out, size, "%s.html", path + 1);
    return path[0] == '/' && n > 0 && (size_t)n < size;
}

/* The file of path relative to the folder of the current page's file:
 * "../activities/1.1.1.html" from plans/K/focus/1.html. */
static void relative_href(const web_ctx *c, ap_buf *b, const char *path)
{
    char from[512], to[512];
    if (!web_file_of(c->path, from, sizeof from) || !web_file_of(path, to, sizeof to)) {
        ap_html_escape(b, path);
        return;
    }
    /* the folders both files share */
    size_t common = 0;
    for (size_t i = 0; from[i] && from[i] == to[i]; i++)
        if (from[i] == '/')
            common = i + 1;
    for (const char *p = from + common; *p; p++)
        if (*p == '/')
            ap_buf_puts(b, "../");
    ap_html_escape(b, to + common);
}

void web_href(const web_ctx *c, ap_buf *b, const char *path)
{
    char d[11];
    ap_buf_puts(b, "href=\"");
    if (c->site) {
        relative_href(c, b, path);
    } else {
        ap_html_escape(b, path);
        if (c->as_of_given)
            ap_buf_printf(b, "?as_of=%s", ap_date_format(c->as_of, d));
    }
    ap_buf_putc(b, '"');
}

void web_link(const web_ctx *c, const char *path, const char *text)
{
    ap_buf *b = &c->res->body;
    ap_buf_puts(b, "<a ");
    web_href(c, b, path);
    ap_buf_putc(b, '>');
    ap_html_escape(b, text);
    ap_buf_puts(b, "</a>");
}

/* ---- marks ---------------------------------------------------------------- */

void web_status(ap_buf *b, ap_status s)
{
    ap_buf_printf(b, "<span class=\"st st-%s\"><span class=\"mark\" aria-hidden=\"true\">%s</span> ",
                  ap_status_name(s), ap_shape_glyph(ap_status_style_of(s)->shape));
    ap_html_escape(b, ap_status_label(s));
    ap_buf_puts(b, "</span>");
}

void web_table_begin(ap_buf *b, const char *caption, bool caption_shown)
{
    ap_buf_puts(b, "<div class=\"wide\" role=\"region\" tabindex=\"0\" aria-label=\"");
    ap_html_escape(b, caption);
    ap_buf_printf(b, "\">\n<table>\n<caption%s>", caption_shown ? "" : " class=\"vh\"");
    ap_html_escape(b, caption);
    ap_buf_puts(b, "</caption>\n");
}

void web_table_end(ap_buf *b)
{
    ap_buf_puts(b, "</tbody>\n</table>\n</div>\n");
}

void web_table_none(ap_buf *b, const char *caption)
{
    ap_buf_puts(b, "<p class=\"none\"><strong>");
    ap_html_escape(b, caption);
    ap_buf_printf(b, ":</strong> %s</p>\n", TR("inga.", "none."));
}

void web_kronor(char *out, size_t size, long long amount)
{
    char digits[32];
    unsigned long long mag = amount < 0 ? 0ULL - (unsigned long long)amount
                                        : (unsigned long long)amount;
    int n = snprintf(digits, sizeof digits, "%llu", mag);
    size_t k = 0;
    if (amount < 0 && k + 1 < size)
        out[k++] = '-';
    for (int i = 0; i < n && k + 3 < size; i++) {
        if (i > 0 && (n - i) % 3 == 0) {
            /* a no-break space (U+00A0): the number never wraps */
            out[k++] = '\xC2';
            out[k++] = '\xA0';
        }
        out[k++] = digits[i];
    }
    snprintf(out + k, size - k, "\xC2\xA0kr");
}

void web_counts_table(ap_buf *b, const ap_counts *k, const char *caption)
{
    const struct {
        const char *sv, *en;
        int n;
    } rows[] = {{"Gröna", "Green", k->green},
                {"Gula", "Yellow", k->yellow},
                {"Röda", "Red", k->red},
                {"Genomförda", "Completed", k->completed},
                {"Ej rapporterade", "Unreported", k->unreported},
                {"Ej aktiva", "Not active", k->excluded},
                {"Försenade", "Overdue", k->overdue},
                {"Inaktuella", "Stale", k->stale}};
    ap_buf_puts(b, "<table class=\"counts\">\n<caption>");
    ap_html_escape(b, caption);
    ap_buf_printf(b, "</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                     "</tr></thead>\n<tbody>\n",
                  TR("Status", "Status"), TR("Antal aktiviteter", "Activities"));
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        ap_buf_printf(b, "<tr><th scope=\"row\">%s</th><td class=\"num\">%d</td></tr>\n",
                      TR(rows[i].sv, rows[i].en), rows[i].n);
    ap_buf_puts(b, "</tbody>\n</table>\n");
}

/* ---- layout --------------------------------------------------------------- */

void web_page_begin(const web_ctx *c, const char *title, const char *const *crumbs, int n)
{
    ap_buf *b = &c->res->body;
    ap_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<title>",
                  ap_lang_code(ap_language()));
    ap_html_escape(b, title);
    ap_buf_puts(b, " – actionplan</title>\n<link rel=\"stylesheet\" ");
    if (c->site)
        web_href(c, b, "/assets/style.css");
    else
        ap_buf_puts(b, "href=\"/assets/style.css\"");
    ap_buf_puts(b, ">\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">");
    ap_buf_puts(b, TR("Till innehållet", "Skip to content"));
    ap_buf_printf(b, "</a>\n<header>\n<nav aria-label=\"%s\">\n<ol class=\"crumbs\">\n",
                  TR("Här är du", "You are here"));
    for (int i = 0; i < n; i++) {
        ap_buf_puts(b, "<li>");
        if (crumbs[2 * i]) {
            web_link(c, crumbs[2 * i], crumbs[2 * i + 1]);
        } else {
            ap_buf_puts(b, "<span aria-current=\"page\">");
            ap_html_escape(b, crumbs[2 * i + 1]);
            ap_buf_puts(b, "</span>");
        }
        ap_buf_puts(b, "</li>\n");
    }
    ap_buf_puts(b, "</ol>\n</nav>\n</header>\n<main id=\"main\">\n");
}

/* A form that shows the same page as of another date: a plain GET, so it
 * works without JavaScript. */
static void date_form(const web_ctx *c)
{
    ap_buf *b = &c->res->body;
    char d[11];
    ap_buf_puts(b, "<form class=\"as-of\" method=\"get\" action=\"");
    ap_html_escape(b, c->path);
    ap_buf_printf(b, "\">\n<label for=\"as_of\">%s</label>\n"
                     "<input type=\"date\" id=\"as_of\" name=\"as_of\" value=\"%s\" required>\n"
                     "<button type=\"submit\">%s</button>\n</form>\n",
                  TR("Visa läget per", "Show the picture as of"), ap_date_format(c->as_of, d),
                  TR("Visa", "Show"));
}

void web_page_end(const web_ctx *c, bool with_date_form)
{
    ap_buf *b = &c->res->body;
    ap_buf_puts(b, "</main>\n<footer>\n");
    if (with_date_form && !c->site) /* a static site has no server to ask */
        date_form(c);
    ap_buf_printf(b, "<p>%s", TR("Uppföljning av handlingsplanen med actionplan.",
                                 "Follow-up of the action plan with actionplan."));
    if (c->site || c->cfg->contact[0]) {
        ap_buf_puts(b, " ");
        web_link(c, "/tillganglighet", TR("Tillgänglighetsredogörelse", "Accessibility statement"));
    }
    ap_buf_puts(b, "</p>\n</footer>\n</body>\n</html>\n");
}

/* ---- the stylesheet ------------------------------------------------------- */

static const char base_css[] =
    "*{box-sizing:border-box}\n"
    "body{font-family:system-ui,\"DejaVu Sans\",sans-serif;line-height:1.5;color:#1a1a1a;"
    "background:#fff;margin:0 auto;max-width:72rem;padding:0 1rem}\n"
    "a{color:#0b4f9c}\na:focus,button:focus,input:focus{outline:3px solid #f2b705;"
    "outline-offset:2px}\n"
    ".skip{position:absolute;left:-999px}\n.skip:focus{left:1rem;top:1rem;background:#fff;"
    "padding:.5rem}\n"
    ".crumbs{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}\n"
    ".crumbs li+li::before{content:\"›\";margin-right:.5rem;color:#555}\n"
    "table{border-collapse:collapse;margin:1rem 0;width:100%}\n"
    "caption{text-align:left;font-weight:bold;padding:.25rem 0}\n"
    "th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}\n"
    "thead th{background:#eee}\n.num{text-align:right}\ntable.counts{width:auto}\n"
    ".st{display:inline-block;padding:0 .4rem;border-radius:.2rem;white-space:nowrap}\n"
    ".mark{font-size:.9em}\n.flag{display:inline-block;border:1px solid #555;"
    "border-radius:.2rem;padding:0 .3rem;margin-left:.3rem;font-size:.85em}\n"
    "dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}\n"
    "dl.facts dt{font-weight:bold}\ndl.facts dd{margin:0}\n"
    ".explain{white-space:pre-wrap;background:#f6f6f6;padding:.75rem;border-left:4px solid #888}\n"
    "footer{margin-top:2rem;border-top:1px solid #bbb;padding-top:.5rem}\n"
    "form.as-of{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}\n"
    /* a wide table scrolls on its own on a narrow screen, not the page */
    ".wide{overflow-x:auto;margin:1rem 0}\n.wide:focus{outline:3px solid #f2b705;"
    "outline-offset:2px}\n.wide table{margin:0}\n"
    /* for screen readers only: a caption that repeats the heading above */
    ".vh{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;"
    "clip:rect(0 0 0 0);white-space:nowrap;border:0}\n"
    /* codes and dates in the first column do not break, a focus area's name
     * does (else it widens its table past the page); texts keep their lines */
    "tbody th{white-space:nowrap}\ntbody th.name{white-space:normal;min-width:10rem}\n"
    "td{white-space:pre-line;overflow-wrap:break-word}\n"
    "h1{overflow-wrap:anywhere;hyphens:auto}\n"
    /* the goals' trend charts (web_svg.c) and the dates under values */
    "svg.chart{display:block;width:100%;max-width:40rem;height:auto;margin:1rem 0}\n"
    ".when{white-space:nowrap;font-size:.9em;color:#444}\nsvg.sdg{vertical-align:-1px}\n";

void web_stylesheet(ap_buf *b)
{
    ap_buf_puts(b, base_css);
    /* one rule per status, from the reports' colours: the tint behind the
     * word, the strong colour for the mark */
    for (int s = 0; s < AP_ST_COUNT; s++) {
        const ap_status_style *st = ap_status_style_of((ap_status)s);
        ap_buf_printf(b, ".st-%s{background:#%06X;color:#%06X}.st-%s .mark{color:#%06X}\n",
                      ap_status_name((ap_status)s), st->tint, st->text,
                      ap_status_name((ap_status)s), st->fill);
    }
}

void web_path(const web_ctx *c, char *out, size_t size, const char *what, const char *code)
{
    if (code)
        snprintf(out, size, "/plans/%s/%s/%s", c->key, what, code);
    else if (what)
        snprintf(out, size, "/plans/%s/%s", c->key, what);
    else
        snprintf(out, size, "/plans/%s", c->key);
}

void web_h(ap_buf *b, int level, const char *text)
{
    ap_buf_printf(b, "<h%d>", level);
    ap_html_escape(b, text);
    ap_buf_printf(b, "</h%d>\n", level);
}

void web_th_cols(ap_buf *b, const char *const *cols, int n)
{
    ap_buf_puts(b, "<thead><tr>");
    for (int i = 0; i < n; i++) {
        ap_buf_puts(b, "<th scope=\"col\">");
        ap_html_escape(b, cols[i]);
        ap_buf_puts(b, "</th>");
    }
    ap_buf_puts(b, "</tr></thead>\n<tbody>\n");
}

void web_as_of_line(ap_buf *b, ap_date as_of)
{
    ap_buf_printf(b, "<p>%s ", TR("Läget per", "As of"));
    web_date(b, as_of);
    ap_buf_puts(b, "</p>\n");
}

void web_fact(ap_buf *b, const char *label, const char *value)
{
    ap_buf_puts(b, "<dt>");
    ap_html_escape(b, label);
    ap_buf_puts(b, "</dt><dd>");
    web_text(b, value);
    ap_buf_puts(b, "</dd>\n");
}
