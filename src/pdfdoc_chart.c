/*
 * pdfdoc_chart.c - charts in the layout engine, a layer on the text
 * (pdfdoc_text.c) beside the tables: nice scales, the stacked bar chart and
 * the trend chart with its labels. It adds only to pdfdoc.h, so it has no
 * header of its own.
 */
#include "pdfdoc_text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actionplan/i18n.h"

/* =========================================================================
 * Numbers and scales
 * ========================================================================= */

/* A "nice" step (1, 2, 2.5 or 5 times a power of ten) near span/parts;
 * with integers only, never below 1 nor 2.5. */
static double nice_step(double span, int parts, bool integers)
{
    double raw = span / parts;
    if (!(raw > 0) || !isfinite(raw))
        return 1;
    double mag = pow(10, floor(log10(raw))), norm = raw / mag;
    double f = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
    if (integers && f == 2.5)
        f = 5;
    double step = f * mag;
    return integers && step < 1 ? 1 : step;
}

/* Decimals that show a step exactly, at least min. */
static int step_decimals(double step, int min)
{
    int d = 0;
    while (d < 6 && fabs(step * pow(10, d) - round(step * pow(10, d))) > 1e-6)
        d++;
    return d > min ? d : min;
}

/* An empty frame with the caller's "no data" text in the middle. */
static void empty_frame(ap_pdf *doc, double x, double y, double w, double h, const char *text)
{
    ap_pdf_rect(doc, x, y, w, h, AP_PDF_NONE, C_RULE_LIGHT, 0.6);
    look lk = pd_look_make(AP_PDF_ITALIC, CHART_SIZE, C_MUTED, AP_PDF_CENTER);
    ap_buf b = {0};
    lines l = {0};
    const char *s;
    pd_label_lines(doc, &lk, text, w - 12, 3, &b, &s, &l);
    double th = (double)l.n * lk.leading;
    pd_draw_lines(doc, &lk, s, &l, 0, l.n, x + 6, w - 12, y + (h - th) / 2);
    pd_lines_free(&l);
    ap_buf_free(&b);
}

/* =========================================================================
 * Stacked bar chart
 * ========================================================================= */

typedef struct bar_geom {
    double x, w;            /* the whole chart */
    double label_w;         /* category labels */
    double bx, bw;          /* the bar area */
    double pitch, bar_h;    /* row height, bar thickness */
    double axis_h;          /* axis, tick labels and axis label */
    double top_value, step; /* scale */
    int tick_decimals;
    look lab; /* labels */
} bar_geom;

static double bar_value(const ap_pdf_bar_chart *c, size_t cat, size_t ser)
{
    double v = c->values[cat * c->nseries + ser];
    return v > 0 ? fmin(v, 1e15) : 0; /* NaN and negatives count as 0 */
}

static double bar_total(const ap_pdf_bar_chart *c, size_t cat)
{
    double t = 0;
    for (size_t s = 0; s < c->nseries; s++)
        t += bar_value(c, cat, s);
    return t;
}

/* The legend: a square and a word per series, wrapping onto more rows. */
static void bar_legend(ap_pdf *doc, const ap_pdf_bar_chart *c, const bar_geom *g)
{
    look lk = pd_look_make(AP_PDF_REGULAR, CHART_SIZE, C_TEXT, AP_PDF_LEFT);
    double x = g->x, sq = 0.85 * lk.size;
    pd_need(doc, lk.leading + 6);
    for (size_t s = 0; s < c->nseries; s++) {
        const char *word = c->series && c->series[s] ? c->series[s] : "";
        double tw = ap_pdf_string_width(doc, word, &(ap_pdf_style){CHART_SIZE, 0, 0, 0, 0, 0});
        tw = tw < g->w - sq - 4 ? tw : g->w - sq - 4;
        if (x > g->x && x + sq + 4 + tw > g->x + g->w) {
            x = g->x;
            doc->y += lk.leading + 2;
        }
        double base = pd_baseline(&lk, doc->y);
        pd_draw_mark(doc, x, base - 0.36 * lk.size - sq / 2, sq, AP_PDF_MARK_SQUARE,
                     c->colors ? c->colors[s] & 0xFFFFFF : C_ACCENT);
        pd_label_at(doc, &lk, word, x + sq + 4, doc->y, tw + 1);
        x += sq + 4 + tw + 14;
    }
    doc->y += lk.leading + 6;
}

static void bar_scale(const ap_pdf_bar_chart *c, bar_geom *g)
{
    double max = 0;
    for (size_t i = 0; i < c->ncategories; i++)
        max = bar_total(c, i) > max ? bar_total(c, i) : max;
    bool integers = c->decimals <= 0;
    g->step = nice_step(max > 0 ? max : 1, 5, integers);
    g->top_value = ceil((max > 0 ? max : 1) / g->step - 1e-9) * g->step;
    g->tick_decimals = integers ? 0 : step_decimals(g->step, 0);
}

static void bar_geometry(ap_pdf *doc, const ap_pdf_bar_chart *c, bar_geom *g, size_t *max_lines)
{
    g->w = measure_or(c->width, pd_text_w(doc), pd_text_w(doc));
    g->x = doc->ml;
    g->lab = pd_look_make(AP_PDF_REGULAR, CHART_SIZE, C_TEXT, AP_PDF_LEFT);
    g->label_w = 0.3 * g->w < 170 ? 0.3 * g->w : 170;
    bar_scale(c, g);
    char buf[64];
    ap_format_number(buf, sizeof buf, g->top_value, c->decimals);
    double total_w = ap_pdf_string_width(doc, buf, &(ap_pdf_style){CHART_SIZE, 0, 0, 0, 0, 0});
    g->bx = g->x + g->label_w + 8;
    g->bw = g->w - g->label_w - 8 - total_w - 8;
    if (g->bw < 20)
        g->bw = 20;
    ap_buf b = {0};
    lines l = {0};
    const char *s;
    *max_lines = 1;
    for (size_t i = 0; i < c->ncategories; i++) {
        pd_label_lines(doc, &g->lab, c->categories ? c->categories[i] : "", g->label_w, 3, &b, &s,
                       &l);
        *max_lines = l.n > *max_lines ? l.n : *max_lines;
    }
    pd_lines_free(&l);
    ap_buf_free(&b);
    g->bar_h = 14;
    g->pitch = (double)*max_lines * g->lab.leading + 6;
    g->pitch = g->pitch > g->bar_h + 8 ? g->pitch : g->bar_h + 8;
    g->axis_h = 4 + g->lab.leading + (c->axis_label ? g->lab.leading + 2 : 0);
}

static void bar_segment_label(ap_pdf *doc, const ap_pdf_bar_chart *c, const bar_geom *g, double v,
                              double x, double w, double y, uint32_t color)
{
    char buf[64];
    ap_format_number(buf, sizeof buf, v, c->decimals);
    look lk = pd_look_make(AP_PDF_BOLD, 7.5, pd_lightness(color) < 140 ? 0xFFFFFFu : C_TEXT,
                           AP_PDF_CENTER);
    double tw = ap_pdf_string_width(doc, buf, &(ap_pdf_style){7.5, AP_PDF_BOLD, 0, 0, 0, 0});
    if (tw + 4 > w)
        return;
    lines l = {0};
    pd_layout(doc, &lk, buf, INFINITY, &l);
    pd_draw_lines(doc, &lk, buf, &l, 0, l.n, x, w, y + (g->bar_h - lk.leading) / 2);
    pd_lines_free(&l);
}

/* One category: its label, its segments, its total. */
static void bar_row(ap_pdf *doc, const ap_pdf_bar_chart *c, const bar_geom *g, size_t cat,
                    double top)
{
    ap_buf b = {0};
    lines l = {0};
    const char *s;
    pd_label_lines(doc, &g->lab, c->categories ? c->categories[cat] : "", g->label_w, 3, &b, &s,
                   &l);
    double lh = (double)l.n * g->lab.leading;
    pd_draw_lines(doc, &g->lab, s, &l, 0, l.n, g->x, g->label_w, top + (g->pitch - lh) / 2);
    double by = top + (g->pitch - g->bar_h) / 2, x = g->bx;
    for (size_t i = 0; i < c->nseries; i++) {
        double v = bar_value(c, cat, i), w = v / g->top_value * g->bw;
        uint32_t col = c->colors ? c->colors[i] & 0xFFFFFF : C_ACCENT;
        if (w <= 0)
            continue;
        pd_fill_rect(doc, x, by, w, g->bar_h, col);
        bar_segment_label(doc, c, g, v, x, w, by, col);
        x += w;
    }
    char buf[64];
    ap_format_number(buf, sizeof buf, bar_total(c, cat), c->decimals);
    look tl = pd_look_make(AP_PDF_REGULAR, CHART_SIZE, C_MUTED, AP_PDF_LEFT);
    pd_layout(doc, &tl, buf, INFINITY, &l);
    pd_draw_lines(doc, &tl, buf, &l, 0, l.n, x + 4, 60, by + (g->bar_h - tl.leading) / 2);
    pd_lines_free(&l);
    ap_buf_free(&b);
}

/* Grid lines behind rows [first, first+k), then the rows, then the axis. */
static void bar_part(ap_pdf *doc, const ap_pdf_bar_chart *c, const bar_geom *g, size_t first,
                     size_t k)
{
    double top = doc->y, bottom = top + (double)k * g->pitch;
    look tick = pd_look_make(AP_PDF_REGULAR, 7.5, C_MUTED, AP_PDF_CENTER);
    for (double v = 0; v <= g->top_value + 1e-9; v += g->step) {
        double x = g->bx + v / g->top_value * g->bw;
        pd_stroke_line(doc, x, top, x, bottom + 3, C_RULE_LIGHT, 0.4);
        char buf[64];
        ap_format_number(buf, sizeof buf, v, g->tick_decimals);
        lines l = {0};
        pd_layout(doc, &tick, buf, INFINITY, &l);
        pd_draw_lines(doc, &tick, buf, &l, 0, l.n, x - 30, 60, bottom + 4);
        pd_lines_free(&l);
    }
    for (size_t i = 0; i < k; i++)
        bar_row(doc, c, g, first + i, top + (double)i * g->pitch);
    pd_stroke_line(doc, g->bx, bottom, g->bx + g->bw, bottom, C_RULE, 0.6);
    pd_stroke_line(doc, g->bx, top, g->bx, bottom, C_RULE, 0.6);
    if (c->axis_label) {
        look al = pd_look_make(AP_PDF_REGULAR, CHART_SIZE, C_MUTED, AP_PDF_CENTER);
        pd_label_at(doc, &al, c->axis_label, g->bx, bottom + 4 + tick.leading + 2, g->bw);
    }
    doc->y = bottom + g->axis_h;
}

static void bar_title(ap_pdf *doc, const char *title)
{
    if (!title || !*title)
        return;
    ap_pdf_style st = {10, AP_PDF_BOLD, 0, AP_PDF_LEFT, 0, 4};
    pd_need(doc, ap_pdf_measure(doc, title, &st, pd_text_w(doc)) + 80);
    ap_pdf_paragraph(doc, title, &st);
}

ap_rc ap_pdf_bar_chart_add(ap_pdf *doc, const ap_pdf_bar_chart *c)
{
    GUARD(doc);
    pd_close_block(doc);
    if (!c)
        return pd_fail(doc, AP_E_INTERNAL, "pdf: no chart");
    bar_title(doc, c->title);
    if (c->ncategories == 0 || c->nseries == 0 || !c->values) {
        double w = measure_or(c->width, pd_text_w(doc), pd_text_w(doc)), y = doc->y;
        ap_pdf_block(doc, 60, &y);
        empty_frame(doc, doc->ml, y, w, 60, c->empty_text);
        ap_pdf_space(doc, 10);
        return doc->rc;
    }
    bar_geom g;
    size_t max_lines;
    bar_geometry(doc, c, &g, &max_lines);
    size_t i = 0;
    pd_need(doc, 2 * g.pitch + g.axis_h + 20);
    while (i < c->ncategories && doc->rc == AP_OK) {
        bar_legend(doc, c, &g);
        double room = pd_bottom_y(doc) - doc->y - g.axis_h;
        size_t fit = room > 0 ? (size_t)(room / g.pitch) : 0;
        if (fit == 0 && !pd_at_top(doc) && doc->y > doc->mt + 40) {
            pd_add_page(doc);
            continue;
        }
        fit = fit ? fit : 1;
        size_t k = fit < c->ncategories - i ? fit : c->ncategories - i;
        bar_part(doc, c, &g, i, k);
        i += k;
        if (i < c->ncategories)
            pd_add_page(doc);
    }
    ap_pdf_space(doc, 12);
    return doc->rc;
}

/* =========================================================================
 * Trend chart
 * ========================================================================= */

typedef struct point {
    double x, y;
} point;

/* Liang-Barsky: whether the segment meets the box grown by gap. */
bool ap_pdf_box_hits_segment(const ap_pdf_box *b, double gap, double x1, double y1, double x2,
                             double y2)
{
    double lo[2] = {b->x - gap, b->y - gap}, hi[2] = {b->x + b->w + gap, b->y + b->h + gap};
    double p0[2] = {x1, y1}, d[2] = {x2 - x1, y2 - y1}, t0 = 0, t1 = 1;
    for (int k = 0; k < 2; k++) {
        if (fabs(d[k]) < 1e-12) {
            if (p0[k] < lo[k] || p0[k] > hi[k])
                return false;
            continue;
        }
        double a = (lo[k] - p0[k]) / d[k], c = (hi[k] - p0[k]) / d[k];
        t0 = fmax(t0, fmin(a, c));
        t1 = fmin(t1, fmax(a, c));
        if (t0 > t1)
            return false;
    }
    return true;
}

static bool boxes_meet(const ap_pdf_box *a, const ap_pdf_box *b, double gap)
{
    return a->x < b->x + b->w + gap && b->x < a->x + a->w + gap && a->y < b->y + b->h + gap &&
           b->y < a->y + a->h + gap;
}

static bool box_clear(const ap_pdf_box *b, const double *xs, const double *ys, size_t n,
                      const ap_pdf_box *taken, size_t ntaken, double gap)
{
    for (size_t i = 0; i < n; i++) /* one point alone is a segment of length 0 */
        if (ap_pdf_box_hits_segment(b, gap, xs[i], ys[i], xs[i + (i + 1 < n)], ys[i + (i + 1 < n)]))
            return false;
    for (size_t i = 0; i < ntaken; i++)
        if (boxes_meet(b, &taken[i], gap))
            return false;
    return true;
}

bool ap_pdf_place_label(double px, double py, double w, double h, const ap_pdf_box *area,
                        const double *xs, const double *ys, size_t n, const ap_pdf_box *taken,
                        size_t ntaken, double gap, ap_pdf_box *out)
{
    /* Left of the point first (labels mark the latest value, at the right
     * end), then right, above before below, then further away. */
    const double dx[] = {-w, -w, 0, 0, -w - 3, 3, -w / 2, -w / 2};
    const double dy[] = {-h - 3, 3, -h - 3, 3, -h / 2, -h / 2, -h - 3, 3};
    bool first = true;
    for (int ring = 0; ring < 4; ring++) {
        for (size_t k = 0; k < sizeof dx / sizeof *dx; k++) {
            double lift = ring * h * (dy[k] < -h / 2 ? -0.75 : dy[k] > 0 ? 0.75 : 0);
            ap_pdf_box b = {px + dx[k], py + dy[k] + lift, w, h};
            b.x = fmax(area->x, fmin(b.x, area->x + area->w - w));
            if (b.y < area->y || b.y + b.h > area->y + area->h)
                continue;
            if (first)
                *out = b;
            first = false;
            if (box_clear(&b, xs, ys, n, taken, ntaken, gap)) {
                *out = b;
                return true;
            }
        }
    }
    if (first)
        *out = (ap_pdf_box){px - w, py - h - 3, w, h};
    return false;
}

typedef struct trend_geom {
    double px, py, pw, ph; /* the plot area */
    double x0, x1, y0, y1; /* data ranges shown */
    int decimals;          /* of the y labels */
    ap_pdf_box target_box; /* the target's label and line, kept clear by the value label */
    ap_pdf_box target_line;
    bool has_target_box;
} trend_geom;

static int point_cmp(const void *a, const void *b)
{
    double d = ((const point *)a)->x - ((const point *)b)->x;
    return d < 0 ? -1 : d > 0;
}

static bool has_target(const ap_pdf_trend_chart *c)
{
    return c->has_target && fabs(c->target) < 1e15;
}

static bool has_baseline(const ap_pdf_trend_chart *c)
{
    return c->has_baseline && fabs(c->baseline_x) < 1e8 && fabs(c->baseline_y) < 1e15;
}

/* The usable points, sorted by date; caller frees. */
static point *trend_points(const ap_pdf_trend_chart *c, size_t *n)
{
    point *p = ap_xmalloc((c->n ? c->n : 1) * sizeof *p);
    *n = 0;
    for (size_t i = 0; c->x && c->y && i < c->n; i++)
        if (fabs(c->x[i]) < 1e8 && fabs(c->y[i]) < 1e15) /* also drops NaN */
            p[(*n)++] = (point){c->x[i], c->y[i]};
    qsort(p, *n, sizeof *p, point_cmp);
    return p;
}

/* Ranges covering the points, the target and the baseline, on nice steps. */
static void trend_ranges(const ap_pdf_trend_chart *c, const point *p, size_t n, trend_geom *g)
{
    double lo = p[0].y, hi = p[0].y, x0 = p[0].x, x1 = p[n - 1].x;
    for (size_t i = 1; i < n; i++) {
        lo = p[i].y < lo ? p[i].y : lo;
        hi = p[i].y > hi ? p[i].y : hi;
    }
    if (has_target(c)) {
        lo = c->target < lo ? c->target : lo;
        hi = c->target > hi ? c->target : hi;
    }
    if (has_baseline(c)) {
        lo = c->baseline_y < lo ? c->baseline_y : lo;
        hi = c->baseline_y > hi ? c->baseline_y : hi;
        x0 = c->baseline_x < x0 ? c->baseline_x : x0;
        x1 = c->baseline_x > x1 ? c->baseline_x : x1;
    }
    if (c->has_target_date && fabs(c->target_x) < 1e8) {
        x0 = c->target_x < x0 ? c->target_x : x0;
        x1 = c->target_x > x1 ? c->target_x : x1;
    }
    if (hi - lo < 1e-9 * (fabs(hi) + 1)) {
        double pad = fabs(hi) * 0.1 > 0 ? fabs(hi) * 0.1 : 1;
        lo -= pad;
        hi += pad;
    }
    double margin = (hi - lo) * 0.04; /* nothing sits on the frame */
    lo -= margin;
    hi += margin;
    double step = nice_step(hi - lo, 4, false);
    g->y0 = floor(lo / step) * step;
    g->y1 = ceil(hi / step) * step;
    g->decimals = step_decimals(step, c->decimals > 0 ? c->decimals : 0);
    if (x1 - x0 < 1) {
        x0 -= 15;
        x1 += 15;
    }
    g->x0 = x0;
    g->x1 = x1;
}

static double tx(const trend_geom *g, double x)
{
    return g->px + (x - g->x0) / (g->x1 - g->x0) * g->pw;
}

static double ty(const trend_geom *g, double y)
{
    return g->py + g->ph - (y - g->y0) / (g->y1 - g->y0) * g->ph;
}

/* Text of one line at (x, top), aligned in [x, x+w]. */
static void small_text(ap_pdf *doc, const char *text, double size, unsigned face, uint32_t color,
                       ap_pdf_align align, double x, double top, double w)
{
    look lk = pd_look_make(face, size, color, align);
    pd_label_at(doc, &lk, text, x, top, w);
}

/* The axes and their end labels; the plot area is fixed here. */
static void trend_axes(ap_pdf *doc, trend_geom *g, double x, double top, double w, double bottom)
{
    char lo[64], hi[64];
    ap_format_number(lo, sizeof lo, g->y0, g->decimals);
    ap_format_number(hi, sizeof hi, g->y1, g->decimals);
    ap_pdf_style st = {6.5, 0, 0, 0, 0, 0};
    double lw = fmax(ap_pdf_string_width(doc, lo, &st), ap_pdf_string_width(doc, hi, &st));
    double lab_h = 6.5 * 1.2;
    g->px = x + lw + 4;
    g->pw = x + w - g->px - 2;
    g->py = top + lab_h / 2;
    g->ph = bottom - lab_h - 3 - g->py;
    if (g->pw < 10 || g->ph < 10)
        return;
    pd_stroke_line(doc, g->px, g->py, g->px + g->pw, g->py, C_RULE_LIGHT, 0.4);
    pd_stroke_line(doc, g->px, g->py, g->px, g->py + g->ph, C_RULE, 0.5);
    pd_stroke_line(doc, g->px, g->py + g->ph, g->px + g->pw, g->py + g->ph, C_RULE, 0.5);
    small_text(doc, hi, 6.5, 0, C_MUTED, AP_PDF_RIGHT, x, g->py - lab_h / 2, lw);
    small_text(doc, lo, 6.5, 0, C_MUTED, AP_PDF_RIGHT, x, g->py + g->ph - lab_h / 2, lw);
}

/* A tick on the time axis at each date that matters - the baseline, the
 * target date, the last and first measurement, then the others - and its
 * date under it when it fits beside those already labelled. */
static void trend_dates(ap_pdf *doc, const ap_pdf_trend_chart *c, const trend_geom *g,
                        const point *p, size_t n)
{
    double *when = ap_xmalloc((n + 2) * sizeof *when);
    size_t k = 0;
    if (has_baseline(c))
        when[k++] = c->baseline_x;
    if (c->has_target_date && fabs(c->target_x) < 1e8)
        when[k++] = c->target_x;
    when[k++] = p[n - 1].x;
    for (size_t i = 0; i + 1 < n; i++)
        when[k++] = p[i].x;
    ap_pdf_box *used = ap_xmalloc(k * sizeof *used);
    size_t nused = 0;
    ap_pdf_style st = {6.5, 0, 0, 0, 0, 0};
    for (size_t i = 0; i < k; i++) {
        char d[11];
        double x = tx(g, when[i]), base = g->py + g->ph;
        pd_stroke_line(doc, x, base, x, base + 2, C_RULE, 0.5);
        ap_date_format((ap_date)lround(when[i]), d);
        double w = ap_pdf_string_width(doc, d, &st);
        ap_pdf_box b = {fmax(g->px - 4, fmin(x - w / 2, g->px + g->pw + 2 - w)), base + 2, w,
                        6.5 * 1.2};
        bool clear = true;
        for (size_t j = 0; j < nused && clear; j++)
            clear = !boxes_meet(&b, &used[j], 3);
        if (!clear)
            continue;
        used[nused++] = b;
        small_text(doc, d, 6.5, 0, C_MUTED, AP_PDF_LEFT, b.x, b.y, w + 1);
    }
    free(used);
    free(when);
}

/* The dashed target line and its label, placed clear of the values'
 * line (pts_x/pts_y: its points on the page). */
static void trend_target(ap_pdf *doc, const ap_pdf_trend_chart *c, trend_geom *g,
                         const double *pts_x, const double *pts_y, size_t pts_n)
{
    if (!has_target(c))
        return;
    static const HPDF_UINT16 dash[] = {3, 2};
    double y = ty(g, c->target);
    HPDF_Page_SetDash(doc->page, dash, 2, 0);
    pd_stroke_line(doc, g->px, y, g->px + g->pw, y, 0x333333u, 0.8);
    HPDF_Page_SetDash(doc->page, NULL, 0, 0);
    char num[64];
    const char *label = c->target_label;
    if (!label)
        label = ap_format_number(num, sizeof num, c->target, c->decimals);
    double lh = 6.5 * 1.2, top = y - lh - 0.5 < g->py ? y + 1 : y - lh - 0.5;
    double w =
        fmin(ap_pdf_string_width(doc, label, &(ap_pdf_style){6.5, 0, 0, 0, 0, 0}), g->pw - 6);
    ap_pdf_box area = {g->px + 1, g->py, g->pw - 2, g->ph}, b = {g->px + 3, top, w, lh};
    if (pts_n > 0)
        ap_pdf_place_label(g->px + 3 + w, y, w, lh, &area, pts_x, pts_y, pts_n, NULL, 0, 1, &b);
    small_text(doc, label, 6.5, 0, 0x333333u, AP_PDF_LEFT, b.x, b.y, w + 1);
    g->target_box = b;
    g->target_line = (ap_pdf_box){g->px, y, g->pw, 0};
    g->has_target_box = true;
}

/* A hollow diamond of radius r centred on (x, y). */
static void hollow_diamond(ap_pdf *doc, double x, double y, double r)
{
    HPDF_Page pg = doc->page;
    pd_set_stroke(doc, C_MUTED, 0.8);
    pd_set_fill(doc, 0xFFFFFFu);
    HPDF_Page_MoveTo(pg, (HPDF_REAL)x, (HPDF_REAL)(doc->ph - y + r));
    HPDF_Page_LineTo(pg, (HPDF_REAL)(x + r), (HPDF_REAL)(doc->ph - y));
    HPDF_Page_LineTo(pg, (HPDF_REAL)x, (HPDF_REAL)(doc->ph - y - r));
    HPDF_Page_LineTo(pg, (HPDF_REAL)(x - r), (HPDF_REAL)(doc->ph - y));
    HPDF_Page_ClosePath(pg);
    HPDF_Page_FillStroke(pg);
}

/* The baseline in the plot; its label goes in a legend line under the plot
 * (legend_top), where it cannot collide with the values. */
static void trend_baseline(ap_pdf *doc, const ap_pdf_trend_chart *c, const trend_geom *g, double x,
                           double legend_top, double w)
{
    if (!has_baseline(c))
        return;
    hollow_diamond(doc, tx(g, c->baseline_x), ty(g, c->baseline_y), 3);
    if (!c->baseline_label || !*c->baseline_label)
        return;
    double lh = 6.5 * 1.2;
    hollow_diamond(doc, x + 3, legend_top + lh / 2, 2.6);
    small_text(doc, c->baseline_label, 6.5, AP_PDF_ITALIC, C_MUTED, AP_PDF_LEFT, x + 9, legend_top,
               w - 9);
}

/* The points of the values' line on the page; caller frees both. */
static void trend_page_points(const trend_geom *g, const point *p, size_t n, double **xs,
                              double **ys)
{
    *xs = ap_xmalloc((n ? n : 1) * sizeof **xs);
    *ys = ap_xmalloc((n ? n : 1) * sizeof **ys);
    for (size_t i = 0; i < n; i++) {
        (*xs)[i] = tx(g, p[i].x);
        (*ys)[i] = ty(g, p[i].y);
    }
}

/* The last value, beside its point where it touches neither the line nor
 * the target's line and label (ap_pdf_place_label). */
static void trend_value_label(ap_pdf *doc, const ap_pdf_trend_chart *c, const trend_geom *g,
                              const point *p, size_t n, uint32_t col)
{
    char num[64];
    ap_format_number(num, sizeof num, p[n - 1].y, c->decimals);
    double *xs, *ys, lh = 7 * 1.2;
    trend_page_points(g, p, n, &xs, &ys);
    double w = ap_pdf_string_width(doc, num, &(ap_pdf_style){7, AP_PDF_BOLD, 0, 0, 0, 0});
    ap_pdf_box area = {g->px + 1, g->py - lh / 2, g->pw - 1, g->ph + lh / 2}, b;
    ap_pdf_box taken[2] = {g->target_box, g->target_line};
    ap_pdf_place_label(xs[n - 1], ys[n - 1], w, lh, &area, xs, ys, n, taken,
                       g->has_target_box ? 2 : 0, 1, &b);
    small_text(doc, num, 7, AP_PDF_BOLD, col, AP_PDF_LEFT, b.x, b.y, w + 1);
    free(xs);
    free(ys);
}

/* The values: a line, points when there are few, the last value labelled. */
static void trend_line(ap_pdf *doc, const ap_pdf_trend_chart *c, const trend_geom *g,
                       const point *p, size_t n)
{
    uint32_t col = c->color ? c->color & 0xFFFFFF : doc->accent;
    HPDF_Page pg = doc->page;
    pd_set_stroke(doc, col, 1.3);
    HPDF_Page_SetLineJoin(pg, HPDF_ROUND_JOIN);
    for (size_t i = 0; i < n; i++) {
        HPDF_REAL x = (HPDF_REAL)tx(g, p[i].x), y = (HPDF_REAL)(doc->ph - ty(g, p[i].y));
        if (i == 0)
            HPDF_Page_MoveTo(pg, x, y);
        else
            HPDF_Page_LineTo(pg, x, y);
    }
    if (n > 1)
        HPDF_Page_Stroke(pg);
    else
        HPDF_Page_EndPath(pg);
    HPDF_Page_SetLineJoin(pg, HPDF_MITER_JOIN);
    pd_set_fill(doc, col);
    for (size_t i = 0; i < n && (n <= 40 || i == n - 1); i++) {
        HPDF_Page_Circle(pg, (HPDF_REAL)tx(g, p[i].x), (HPDF_REAL)(doc->ph - ty(g, p[i].y)), 1.8f);
        HPDF_Page_Fill(pg);
    }
    trend_value_label(doc, c, g, p, n, col);
}

ap_rc ap_pdf_trend_chart_at(ap_pdf *doc, double x, double y, const ap_pdf_trend_chart *c)
{
    GUARD(doc);
    if (!c)
        return pd_fail(doc, AP_E_INTERNAL, "pdf: no chart");
    if (!pd_finite4(x, y, 0, 0))
        return doc->rc;
    double w = measure_or(c->width, 160, 2000), h = measure_or(c->height, 110, 2000), pad = 6;
    ap_pdf_rect(doc, x, y, w, h, AP_PDF_NONE, C_RULE_LIGHT, 0.6);
    look tl = pd_look_make(AP_PDF_BOLD, CHART_SIZE, C_TEXT, AP_PDF_LEFT);
    ap_buf b = {0};
    lines l = {0};
    const char *s;
    pd_label_lines(doc, &tl, c->title, w - 2 * pad, 2, &b, &s, &l);
    pd_draw_lines(doc, &tl, s, &l, 0, l.n, x + pad, w - 2 * pad, y + pad - 1);
    double top = y + pad + (double)l.n * tl.leading + 4;
    pd_lines_free(&l);
    ap_buf_free(&b);
    size_t n;
    point *p = trend_points(c, &n);
    if (n == 0) {
        small_text(doc, c->empty_text, CHART_SIZE, AP_PDF_ITALIC, C_MUTED, AP_PDF_CENTER, x + pad,
                   top + (y + h - top - tl.leading) / 2, w - 2 * pad);
    } else {
        trend_geom g = {0};
        bool legend = has_baseline(c) && c->baseline_label && *c->baseline_label;
        double bottom = y + h - pad + 2 - (legend ? 6.5 * 1.2 + 2 : 0);
        trend_ranges(c, p, n, &g);
        trend_axes(doc, &g, x + pad, top, w - 2 * pad, bottom);
        if (g.pw >= 10 && g.ph >= 10) {
            double *xs, *ys;
            trend_page_points(&g, p, n, &xs, &ys);
            trend_dates(doc, c, &g, p, n);
            trend_target(doc, c, &g, xs, ys, n);
            free(xs);
            free(ys);
            trend_baseline(doc, c, &g, x + pad, bottom + 1, w - 2 * pad);
            trend_line(doc, c, &g, p, n);
        }
    }
    free(p);
    doc->used = true;
    return doc->rc;
}
