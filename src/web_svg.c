/* web_svg.c - charts for the web pages as inline SVG drawn on the server
 * (no JavaScript): a goal's trend chart as the PDF draws it (pdf_common.c,
 * from the same goal data: report.h, ap_goal_decimals and ap_goal_yes_no),
 * with its title and description for screen readers and the values as a
 * table beside it; see web_internal.h. Colours and lines are presentation
 * attributes, never style="": the pages' Content-Security-Policy allows no
 * inline style. */
#include "web_internal.h"

#include "actionplan/i18n.h"


#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The drawing area inside the viewBox (0 0 W H). */
enum { W = 520, H = 260 };
static const double X0 = 72, X1 = 500, Y0 = 18, Y1 = 206;

#define INK "#1a1a1a"
#define LINE "#0b4f9c"
#define GRID "#d5dbe1"

const char *web_goal_value(char *buf, size_t size, const ap_goal *g, double v)
{
    if (ap_goal_yes_no(g))
        snprintf(buf, size, "%s", v >= 0.5 ? TR("Ja", "Yes") : TR("Nej", "No"));
    else
        ap_format_number(buf, size, v, ap_goal_decimals(g));
    return buf;
}

/* A "nice" step (1, 2, 2.5 or 5 times a power of ten) near span/parts. */
static double nice_step(double span, int parts)
{
    double raw = span / parts;
    if (!(raw > 0) || !isfinite(raw))
        return 1;
    double mag = pow(10, floor(log10(raw))), norm = raw / mag;
    return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * mag;
}

typedef struct scale {
    double xmin, xmax, ymin, ymax;
} scale;

static double sx(const scale *s, double x)
{
    return X0 + (x - s->xmin) / (s->xmax - s->xmin) * (X1 - X0);
}

static double sy(const scale *s, double y)
{
    return Y1 - (y - s->ymin) / (s->ymax - s->ymin) * (Y1 - Y0);
}

static void text_at(ap_buf *b, double x, double y, const char *anchor, bool bold,
                    const char *text)
{
    ap_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"" INK
                     "\" text-anchor=\"%s\"%s>",
                  x, y, anchor, bold ? " font-weight=\"bold\"" : "");
    ap_html_escape(b, text);
    ap_buf_puts(b, "</text>\n");
}

/* The description: every value in words, in date order. */
static void describe(ap_buf *b, const ap_goal *g)
{
    char num[64], day[11];
    if (g->baseline_date != AP_DATE_NONE)
        ap_buf_printf(b, TR("Utgångsvärde %s (%s). ", "Baseline %s (%s). "),
                      web_goal_value(num, sizeof num, g, g->baseline),
                      ap_date_format(g->baseline_date, day));
    if (g->n_measurements == 0)
        ap_buf_puts(b, TR("Inga mätvärden än. ", "No measurements yet. "));
    else
        ap_buf_puts(b, TR("Mätvärden: ", "Measurements: "));
    for (size_t i = 0; i < g->n_measurements; i++)
        ap_buf_printf(b, "%s %s%s", ap_date_format(g->measurements[i].date, day),
                      web_goal_value(num, sizeof num, g, g->measurements[i].value),
                      i + 1 < g->n_measurements ? "; " : ". ");
    ap_buf_printf(b, TR("Mål %s", "Target %s"), web_goal_value(num, sizeof num, g, g->target));
    if (g->target_date != AP_DATE_NONE)
        ap_buf_printf(b, TR(" senast %s", " by %s"), ap_date_format(g->target_date, day));
    ap_buf_puts(b, TR(". Värdena står också i tabellen under diagrammet.",
                      ". The values are also in the table below the chart."));
}

/* The range of both axes: the baseline, every measurement, the target and
 * its date, with room above and below. False when there is nothing to draw. */
static bool fit(const ap_goal *g, scale *s)
{
    bool base = g->baseline_date != AP_DATE_NONE;
    if (g->n_measurements == 0 && !base)
        return false;
    double ylo = g->target, yhi = g->target;
    double xlo = INFINITY, xhi = -INFINITY;
    if (base) {
        ylo = fmin(ylo, g->baseline), yhi = fmax(yhi, g->baseline);
        xlo = xhi = (double)g->baseline_date;
    }
    for (size_t i = 0; i < g->n_measurements; i++) {
        ylo = fmin(ylo, g->measurements[i].value), yhi = fmax(yhi, g->measurements[i].value);
        xlo = fmin(xlo, (double)g->measurements[i].date);
        xhi = fmax(xhi, (double)g->measurements[i].date);
    }
    if (g->target_date != AP_DATE_NONE)
        xhi = fmax(xhi, (double)g->target_date);
    if (yhi - ylo < 1e-9)
        ylo -= 1, yhi += 1;
    double step = nice_step(yhi - ylo, 4);
    s->ymin = floor(ylo / step) * step;
    s->ymax = ceil(yhi / step) * step;
    if (s->ymax - s->ymin < step)
        s->ymax = s->ymin + step;
    if (xhi - xlo < 1)
        xlo -= 30, xhi += 30;
    s->xmin = xlo;
    s->xmax = xhi;
    return true;
}

static void y_axis(ap_buf *b, const ap_goal *g, const scale *s)
{
    double step = nice_step(s->ymax - s->ymin, 4);
    int dec = ap_goal_decimals(g);
    if (step < 1 && dec == 0)
        dec = 1;
    char num[64];
    for (double v = s->ymin; v <= s->ymax + step / 1e6; v += step) {
        double y = sy(s, v);
        ap_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" GRID
                         "\" stroke-width=\"1\"/>\n",
                      X0, y, X1, y);
        text_at(b, X0 - 6, y + 4, "end", false, ap_format_number(num, sizeof num, v, dec));
    }
}

/* A tick at the baseline, every measurement and the target date, with the
 * date under it when it fits beside the one before. */
static void x_axis(ap_buf *b, const ap_goal *g, const scale *s)
{
    size_t n = g->n_measurements + 2, k = 0;
    double *xs = ap_xcalloc(n, sizeof *xs);
    if (g->baseline_date != AP_DATE_NONE)
        xs[k++] = (double)g->baseline_date;
    for (size_t i = 0; i < g->n_measurements; i++)
        xs[k++] = (double)g->measurements[i].date;
    if (g->target_date != AP_DATE_NONE)
        xs[k++] = (double)g->target_date;
    ap_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555\"/>\n",
                  X0, Y1, X1, Y1);
    double right = -1e9; /* where the last date label ends */
    const double lw = 70;  /* a date's width at font-size 12 */
    for (size_t i = 0; i < k; i++) {
        double x = sx(s, xs[i]);
        char day[11];
        ap_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555\"/>\n",
                      x, Y1, x, Y1 + 5);
        const char *anchor = x > X1 - lw / 2 ? "end" : x < X0 + lw / 2 ? "start" : "middle";
        double left = anchor[0] == 'e' ? x - lw : anchor[0] == 's' ? x : x - lw / 2;
        if (left >= right + 8) {
            text_at(b, x, Y1 + 20, anchor, false, ap_date_format((ap_date)xs[i], day));
            right = left + lw;
        }
    }
    free(xs);
}

void web_svg_goal_trend(ap_buf *b, const ap_goal *g, const char *id)
{
    if (ap_goal_yes_no(g))
        return;
    scale s;
    char num[64], label[96];
    ap_buf_printf(b, "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 %d %d\" "
                     "aria-labelledby=\"%s-t %s-d\" xmlns=\"http://www.w3.org/2000/svg\">\n"
                     "<title id=\"%s-t\">",
                  W, H, id, id, id);
    ap_buf_printf(b, TR("Trenddiagram för %s ", "Trend chart of %s "), g->code);
    ap_html_escape(b, g->title);
    if (g->unit) {
        ap_buf_puts(b, " (");
        ap_html_escape(b, g->unit);
        ap_buf_puts(b, ")");
    }
    ap_buf_printf(b, "</title>\n<desc id=\"%s-d\">", id);
    ap_buf d = {0};
    describe(&d, g);
    ap_html_escape(b, ap_buf_str(&d));
    ap_buf_free(&d);
    ap_buf_puts(b, "</desc>\n");
    if (!fit(g, &s)) {
        text_at(b, W / 2.0, H / 2.0, "middle", false, TR("Inga mätvärden än", "No measurements yet"));
        ap_buf_puts(b, "</svg>\n");
        return;
    }
    y_axis(b, g, &s);
    x_axis(b, g, &s);
    /* the target: a dashed line across, labelled at its right end */
    double ty = sy(&s, g->target);
    ap_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" INK
                     "\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n",
                  X0, ty, X1, ty);
    snprintf(label, sizeof label, TR("Mål %s", "Target %s"),
             web_goal_value(num, sizeof num, g, g->target));
    bool target_low = ty > Y0 + 16;
    text_at(b, X1, target_low ? ty - 6 : ty + 15, "end", true, label);
    /* the baseline: a diamond */
    if (g->baseline_date != AP_DATE_NONE) {
        double x = sx(&s, (double)g->baseline_date), y = sy(&s, g->baseline);
        ap_buf_printf(b, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"#555\"/>\n",
                      x, y - 6, x + 6, y, x, y + 6, x - 6, y);
    }
    /* the measurements: a line with a dot at each, the last one labelled */
    if (g->n_measurements) {
        ap_buf_puts(b, "<polyline fill=\"none\" stroke=\"" LINE "\" stroke-width=\"2.5\" points=\"");
        for (size_t i = 0; i < g->n_measurements; i++)
            ap_buf_printf(b, "%s%.1f,%.1f", i ? " " : "",
                          sx(&s, (double)g->measurements[i].date),
                          sy(&s, g->measurements[i].value));
        ap_buf_puts(b, "\"/>\n");
        for (size_t i = 0; i < g->n_measurements; i++)
            ap_buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"" LINE "\"/>\n",
                          sx(&s, (double)g->measurements[i].date),
                          sy(&s, g->measurements[i].value));
        const ap_measurement *m = &g->measurements[g->n_measurements - 1];
        double x = sx(&s, (double)m->date), y = sy(&s, m->value);
        /* beside the point, away from the target's line */
        double ly = fabs(y - 14 - ty) < 14 ? y + 20 : y - 10;
        if (ly < Y0 + 4)
            ly = y + 20;
        text_at(b, x > X1 - 60 ? x - 4 : x + 4, ly, x > X1 - 60 ? "end" : "start", true,
                web_goal_value(num, sizeof num, g, m->value));
    }
    ap_buf_puts(b, "</svg>\n");
}

void web_goal_values_table(ap_buf *b, const ap_goal *g)
{
    char num[64], caption[256];
    snprintf(caption, sizeof caption, TR("Värden för %s", "Values of %s"), g->code);
    web_table_begin(b, caption, true);
    ap_buf_printf(b, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                     "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
                  TR("Datum", "Date"), TR("Vad", "What"), TR("Värde", "Value"),
                  TR("Källa", "Source"));
    ap_buf_puts(b, "<tr><th scope=\"row\">");
    web_date(b, g->baseline_date);
    ap_buf_printf(b, "</th><td>%s</td><td class=\"num\">%s</td><td>–</td></tr>\n",
                  TR("Utgångsvärde", "Baseline"), web_goal_value(num, sizeof num, g, g->baseline));
    for (size_t i = 0; i < g->n_measurements; i++) {
        const ap_measurement *m = &g->measurements[i];
        ap_buf_puts(b, "<tr><th scope=\"row\">");
        web_date(b, m->date);
        ap_buf_printf(b, "</th><td>%s</td><td class=\"num\">%s</td><td>",
                      TR("Mätvärde", "Measurement"), web_goal_value(num, sizeof num, g, m->value));
        web_text(b, m->source);
        ap_buf_puts(b, "</td></tr>\n");
    }
    ap_buf_puts(b, "<tr><th scope=\"row\">");
    web_date(b, g->target_date);
    ap_buf_printf(b, "</th><td>%s</td><td class=\"num\">%s</td><td>–</td></tr>\n",
                  TR("Målvärde", "Target"), web_goal_value(num, sizeof num, g, g->target));
    web_table_end(b);
}
