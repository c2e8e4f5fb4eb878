/*
 * web_svg_packs.c - the plan page's chart of the plan's colours over its
 * registered steering packs: for each pack (by as-of date) how many
 * activities were green, yellow, red and other as that pack saw them (its
 * as-of date, its recording, its settings), as an SVG stacked bar chart
 * drawn on the server, without script, and the same numbers in a table.
 * Colour is never the only signal: each colour has its pattern, the legend
 * names them, every bar has a title, and the table under it has the numbers.
 *
 * A registered pack never changes (the register and the entries it was made
 * from are append-only), so its counts are worked out once per process and
 * kept (bounded); the page cache keeps the page itself.
 */
#include "web_internal.h"

#include "actionplan/report.h"
#include "actionplan/status_style.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { GREEN, YELLOW, RED, OTHER, N_COLOURS };
enum { KEPT = 1024 };

typedef struct pack {
    int64_t id, plan_id, upto;
    ap_date as_of;
    int n[N_COLOURS];
} pack;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pack kept[KEPT];
static size_t n_kept;

static bool kept_counts(pack *p)
{
    bool found = false;
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < n_kept && !found; i++)
        if (kept[i].id == p->id && kept[i].plan_id == p->plan_id && kept[i].upto == p->upto) {
            memcpy(p->n, kept[i].n, sizeof p->n);
            found = true;
        }
    pthread_mutex_unlock(&lock);
    return found;
}

static void keep_counts(const pack *p)
{
    pthread_mutex_lock(&lock);
    if (n_kept == KEPT)
        n_kept = 0; /* full: start over (a plan has far fewer packs) */
    kept[n_kept++] = *p;
    pthread_mutex_unlock(&lock);
}

/* The counts of pack r as it saw the plan: as of its date, as recorded up
 * to its recording, with its rules. */
static ap_rc pack_counts(web_ctx *c, const ap_report_rec *r, pack *p, ap_error *err)
{
    *p = (pack){.id = r->id, .plan_id = r->plan_id, .upto = r->upto, .as_of = r->as_of};
    if (kept_counts(p))
        return AP_OK;
    ap_config cfg = *c->cfg;
    if (r->settings && !ap_report_settings_apply(r->settings, &cfg))
        cfg = *c->cfg;
    ap_snapshot_opts opts = {.as_of = r->as_of, .since = AP_DATE_NONE, .upto = r->upto};
    ap_snapshot *snap = NULL;
    ap_rc rc = ap_snapshot_load(c->s, r->plan_id, &opts, &cfg.rules, &snap, err);
    if (rc != AP_OK)
        return rc;
    const ap_counts *k = &snap->rollup.counts;
    p->n[GREEN] = k->green;
    p->n[YELLOW] = k->yellow;
    p->n[RED] = k->red;
    p->n[OTHER] = k->completed + k->unreported + k->excluded;
    ap_snapshot_free(snap);
    keep_counts(p);
    return AP_OK;
}

/* ---- drawing ------------------------------------------------------------- */

static const char *colour_word(int k)
{
    switch (k) {
    case GREEN: return TR("Gröna", "Green");
    case YELLOW: return TR("Gula", "Yellow");
    case RED: return TR("Röda", "Red");
    default: return TR("Övriga", "Other");
    }
}

static unsigned colour_fill(int k)
{
    static const ap_status of[N_COLOURS] = {AP_ST_GREEN, AP_ST_YELLOW, AP_ST_RED,
                                            AP_ST_EXCLUDED};
    return ap_status_style_of(of[k])->fill;
}

/* Each colour's pattern: green plain, yellow striped, red cross-hatched,
 * other dotted, so that the bars read without colour too. */
static void patterns(ap_buf *b)
{
    static const char *const marks[N_COLOURS] = {
        "",
        "<path d=\"M0 8L8 0\" stroke=\"#000\" stroke-width=\"1.2\"/>",
        "<path d=\"M0 0L8 8M0 8L8 0\" stroke=\"#fff\" stroke-width=\"1.2\"/>",
        "<circle cx=\"4\" cy=\"4\" r=\"1.3\" fill=\"#000\"/>"};
    ap_buf_puts(b, "<defs>");
    for (int k = 0; k < N_COLOURS; k++)
        ap_buf_printf(b,
                      "<pattern id=\"pk-%d\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">"
                      "<rect width=\"8\" height=\"8\" fill=\"#%06X\"/>%s</pattern>",
                      k, colour_fill(k), marks[k]);
    ap_buf_puts(b, "</defs>\n");
}

enum { LEFT = 44, TOP = 40, PLOT_H = 200, BAR_W = 34, GAP = 16, BOTTOM = 70, RIGHT = 12 };

static void svg(ap_buf *b, const pack *packs, size_t n)
{
    int max = 1;
    for (size_t i = 0; i < n; i++) {
        int t = packs[i].n[GREEN] + packs[i].n[YELLOW] + packs[i].n[RED] + packs[i].n[OTHER];
        max = t > max ? t : max;
    }
    int w = LEFT + (int)n * (BAR_W + GAP) + RIGHT, h = TOP + PLOT_H + BOTTOM;
    if (w < 360)
        w = 360;
    ap_buf_printf(b,
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                  "aria-labelledby=\"packs-title packs-desc\" width=\"%d\" height=\"%d\" "
                  "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">\n",
                  w, h, w, h);
    ap_buf_printf(b, "<title id=\"packs-title\">%s</title>\n",
                  TR("Aktiviteternas färger i varje styrgruppsunderlag",
                     "The activities' colours in each steering-group pack"));
    ap_buf_printf(b, "<desc id=\"packs-desc\">%s</desc>\n",
                  TR("Staplat stapeldiagram: antal gröna, gula, röda och övriga aktiviteter per "
                     "underlag. Siffrorna finns i tabellen under diagrammet.",
                     "Stacked bar chart: the number of green, yellow, red and other activities "
                     "per pack. The numbers are in the table below the chart."));
    patterns(b);
    /* the legend */
    for (int k = 0; k < N_COLOURS; k++) {
        int x = LEFT + k * 84;
        ap_buf_printf(b,
                      "<rect x=\"%d\" y=\"8\" width=\"14\" height=\"14\" fill=\"url(#pk-%d)\" "
                      "stroke=\"#333\"/><text x=\"%d\" y=\"19\">%s</text>\n",
                      x, k, x + 19, colour_word(k));
    }
    /* the axis: zero and the largest total */
    ap_buf_printf(b,
                  "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>"
                  "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>"
                  "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d</text>\n",
                  LEFT - 4, TOP + PLOT_H, w - RIGHT, TOP + PLOT_H, LEFT - 8, TOP + PLOT_H + 4,
                  LEFT - 8, TOP + 4, max);
    for (size_t i = 0; i < n; i++) {
        const pack *p = &packs[i];
        char d[11];
        ap_date_format(p->as_of, d);
        int x = LEFT + (int)i * (BAR_W + GAP) + GAP / 2;
        double y = TOP + PLOT_H;
        for (int k = 0; k < N_COLOURS; k++) {
            if (p->n[k] == 0)
                continue;
            double hk = (double)PLOT_H * p->n[k] / max;
            y -= hk;
            ap_buf_printf(b,
                          "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" "
                          "fill=\"url(#pk-%d)\" stroke=\"#333\" stroke-width=\"0.5\">"
                          "<title>%s: %d %s</title></rect>\n",
                          x, y, BAR_W, hk, k, d, p->n[k], colour_word(k));
        }
        ap_buf_printf(b,
                      "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
                      "transform=\"rotate(-45 %d %d)\">%s</text>\n",
                      x + BAR_W / 2 + 4, TOP + PLOT_H + 14, x + BAR_W / 2 + 4, TOP + PLOT_H + 14,
                      d);
    }
    ap_buf_puts(b, "</svg>\n");
}

static void table(web_ctx *c, const pack *packs, size_t n)
{
    ap_buf *b = &c->res->body;
    web_table_begin(b, TR("Aktiviteter per färg i varje styrgruppsunderlag",
                          "Activities by colour in each steering-group pack"), true);
    ap_buf_printf(b, "<thead><tr><th scope=\"col\">%s</th>", TR("Läget per", "As of"));
    for (int k = 0; k < N_COLOURS; k++)
        ap_buf_printf(b, "<th scope=\"col\">%s</th>", colour_word(k));
    ap_buf_puts(b, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        ap_buf_puts(b, "<tr><th scope=\"row\">");
        web_date(b, packs[i].as_of);
        ap_buf_puts(b, "</th>");
        for (int k = 0; k < N_COLOURS; k++)
            ap_buf_printf(b, "<td class=\"num\">%d</td>", packs[i].n[k]);
        ap_buf_puts(b, "</tr>\n");
    }
    web_table_end(b);
}

void web_packs_chart(web_ctx *c)
{
    ap_arena arena = {0};
    ap_report_rec *list = NULL;
    size_t n = 0;
    ap_error err;
    ap_error_clear(&err);
    if (ap_store_report_list(c->s, c->plan_id, &arena, &list, &n, &err) != AP_OK) {
        fprintf(stderr, "actionplan serve: %s\n", err.msg);
        ap_arena_free(&arena);
        return;
    }
    pack *packs = ap_xcalloc(n + 1, sizeof *packs);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const ap_report_rec *r = &list[i];
        if (strcmp(r->kind, "steering") != 0 || r->upto <= 0 || r->as_of > c->as_of)
            continue;
        if (pack_counts(c, r, &packs[k], &err) != AP_OK) {
            fprintf(stderr, "actionplan serve: %s\n", err.msg);
            continue;
        }
        /* by as-of date, in the order made for one date */
        size_t at = k++;
        while (at > 0 && packs[at - 1].as_of > packs[at].as_of) {
            pack t = packs[at - 1];
            packs[at - 1] = packs[at];
            packs[at] = t;
            at--;
        }
    }
    if (k > 0) {
        ap_buf *b = &c->res->body;
        ap_buf_printf(b, "<h2>%s</h2>\n",
                      TR("Färgerna i styrgruppsunderlagen", "The colours in the steering-group packs"));
        ap_buf_printf(b, "<p>%s</p>\n",
                      TR("Hur många aktiviteter som var gröna, gula, röda eller annat (genomförda, "
                         "ej rapporterade, ej aktiva) i varje registrerat styrgruppsunderlag, så "
                         "som underlaget såg planen.",
                         "How many activities were green, yellow, red or other (completed, "
                         "unreported, not active) in each registered steering-group pack, as "
                         "that pack saw the plan."));
        /* a wide chart scrolls on its own, as a wide table does */
        ap_buf_printf(b, "<div class=\"wide\" role=\"region\" tabindex=\"0\" aria-label=\"%s\">\n",
                      TR("Diagram: färgerna i styrgruppsunderlagen",
                         "Chart: the colours in the steering-group packs"));
        svg(b, packs, k);
        ap_buf_puts(b, "</div>\n");
        table(c, packs, k);
    }
    free(packs);
    ap_arena_free(&arena);
}
