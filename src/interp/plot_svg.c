/*
 * plot_svg.c - a plot written as a standalone SVG document, for slides.
 *
 * The document is plain SVG 1.1 that any browser shows: a white
 * background, the title, the drawing area with light grid lines at the
 * ticks, a dashed zero line, the axes with tick labels (sans-serif), the
 * series as polylines, scatter points as class shapes (circle, cross,
 * triangle, square, ...), marked points as black diamonds with a label,
 * regions as rows of light rectangles, and a legend below. Bar charts are
 * horizontal bars with their labels and values; images a grid of grey (or
 * blue and red, when signed) squares.
 *
 * Every number is written with %.2f (-0.00 as 0.00), so the same plot
 * gives the same bytes on every run and machine. Every text is
 * XML-escaped (& < > " '), and any byte that is not valid UTF-8, any
 * control character and U+FFFE/U+FFFF become U+FFFD, so the document is
 * always well-formed. Segments are clipped to the drawing area before
 * they are written, so far-away values cost nothing and draw nothing.
 */
#include "plot_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHAR_W 7.0      /* width of a character at font-size 12, roughly */
#define ROW_H 18.0      /* a legend row */
#define REGION_PX 4     /* side of a region square */

#define NCOLORS 10
static const char *const color[NCOLORS] = {  // the terminal's six first
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#17becf", "#bcbd22",
    "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f"
};
static const char *const light[NCOLORS] = {
    "#d4e4f4", "#f8d4d4", "#d4f0d0", "#e4dcf0", "#d0f0f4", "#f0f0cc",
    "#ffe4cc", "#e8d8d4", "#f8dcf0", "#e4e4e4"
};

/* The drawing area in pixels and the data window it shows. */
typedef struct frame {
    double x0, y0, x1, y1;
    double xlo, xhi, ylo, yhi;
} frame;

/* ============================ writing ============================ */

/* A coordinate or size: %.2f, held to +-1e7 so it stays short, -0.00 as
 * 0.00. buf has 32 bytes. */
static const char *num(double v, char *buf)
{
    v = v < -1e7 ? -1e7 : v > 1e7 ? 1e7 : v;
    snprintf(buf, 32, "%.2f", v);
    if (strcmp(buf, "-0.00") == 0)
        strcpy(buf, "0.00");
    return buf;
}

/* Appends s XML-escaped, with U+FFFD for what XML cannot hold. */
static void put_text(plot_buf *b, const char *s)
{
    size_t len = strlen(s), i = 0;
    while (i < len) {
        unsigned cp = 0;
        size_t n = out_utf8_decode(s + i, len - i, &cp);
        if (n == 0 || cp < 0x20 || (cp >= 0x7f && cp < 0xa0)
            || cp == 0xfffe || cp == 0xffff) {
            plot_buf_puts(b, "\xef\xbf\xbd");   // U+FFFD
            i += n ? n : 1;
            continue;
        }
        switch (cp) {
        case '&': plot_buf_puts(b, "&amp;"); break;
        case '<': plot_buf_puts(b, "&lt;"); break;
        case '>': plot_buf_puts(b, "&gt;"); break;
        case '"': plot_buf_puts(b, "&quot;"); break;
        case '\'': plot_buf_puts(b, "&apos;"); break;
        default: plot_buf_add(b, s + i, n);
        }
        i += n;
    }
}

/* Characters in s (code points; bytes that are not UTF-8 count one). */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

/* <text> at (x, y): anchor start, middle or end; extra attributes. */
static void text_at(plot_buf *b, double x, double y, const char *anchor,
                    const char *extra, const char *s)
{
    char bx[32], by[32];
    plot_buf_printf(b, "<text x=\"%s\" y=\"%s\" text-anchor=\"%s\"%s>",
                    num(x, bx), num(y, by), anchor, extra);
    put_text(b, s);
    plot_buf_puts(b, "</text>\n");
}

static void line_at(plot_buf *b, double x0, double y0, double x1,
                    double y1, const char *style)
{
    char a[32], c[32], d[32], e[32];
    plot_buf_printf(b, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" %s/>\n",
                    num(x0, a), num(y0, c), num(x1, d), num(y1, e), style);
}

static void rect_at(plot_buf *b, double x, double y, double w, double h,
                    const char *fill)
{
    char a[32], c[32], d[32], e[32];
    plot_buf_printf(b, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" "
                    "fill=\"%s\"/>\n", num(x, a), num(y, c), num(w, d),
                    num(h, e), fill);
}

/* ============================ series on axes ============================ */

static double fx(const frame *f, double x)
{
    double v = f->x0 + (x - f->xlo) / (f->xhi - f->xlo) * (f->x1 - f->x0);
    return v < -1e7 ? -1e7 : v > 1e7 ? 1e7 : v;
}

static double fy(const frame *f, double y)
{
    double v = f->y1 - (y - f->ylo) / (f->yhi - f->ylo) * (f->y1 - f->y0);
    return v < -1e7 ? -1e7 : v > 1e7 ? 1e7 : v;
}

static int inside(const frame *f, double x, double y)
{
    return isfinite(x) && isfinite(y) && fx(f, x) >= f->x0 - 0.5
           && fx(f, x) <= f->x1 + 0.5 && fy(f, y) >= f->y0 - 0.5
           && fy(f, y) <= f->y1 + 0.5;
}

/* Rows of REGION_PX squares, runs of one class as one rectangle. */
static void draw_regions(const plot *p, const frame *f, plot_buf *b)
{
    int cols = (int)ceil((f->x1 - f->x0) / REGION_PX);
    int rows = (int)ceil((f->y1 - f->y0) / REGION_PX);
    double cw = (f->x1 - f->x0) / cols, ch = (f->y1 - f->y0) / rows;
    for (int r = 0; r < rows; r++) {
        double y = f->yhi - (r + 0.5) / rows * (f->yhi - f->ylo);
        int start = 0, run = -1;
        for (int q = 0; q <= cols; q++) {
            double x = f->xlo + (q + 0.5) / cols * (f->xhi - f->xlo);
            int cls = q < cols ? p->classify(p->classify_ctx, x, y) : -2;
            cls = cls < -1 ? -2 : cls;
            if (q > 0 && cls == run)
                continue;
            if (q > 0 && run >= 0)
                rect_at(b, f->x0 + start * cw, f->y0 + r * ch,
                        (q - start) * cw, ch, light[run % NCOLORS]);
            start = q;
            run = cls;
        }
    }
}

/* Grid lines, the zero line, the axes, ticks and their labels. */
static void draw_axes(const plot *p, const frame *f, const plot_ticks *xt,
                      const plot_ticks *yt, plot_buf *b)
{
    const char *grid = "stroke=\"#e4e4e4\" stroke-width=\"1\"";
    const char *axis = "stroke=\"#000000\" stroke-width=\"1\"";
    for (int i = 0; i < xt->n; i++) {
        double x = fx(f, xt->v[i]);
        line_at(b, x, f->y0, x, f->y1, grid);
        line_at(b, x, f->y1, x, f->y1 + 5, axis);
        text_at(b, x, f->y1 + 18, "middle", "", xt->label[i]);
    }
    for (int i = 0; i < yt->n; i++) {
        double y = fy(f, yt->v[i]);
        line_at(b, f->x0, y, f->x1, y, grid);
        line_at(b, f->x0 - 5, y, f->x0, y, axis);
        text_at(b, f->x0 - 8, y + 4, "end", "", yt->label[i]);
    }
    if (f->ylo < 0 && f->yhi > 0)
        line_at(b, f->x0, fy(f, 0), f->x1, fy(f, 0), "stroke=\"#808080\" "
                "stroke-width=\"1\" stroke-dasharray=\"4 3\"");
    line_at(b, f->x0, f->y1, f->x1, f->y1, axis);
    line_at(b, f->x0, f->y0, f->x0, f->y1, axis);
    if (p->xlabel)
        text_at(b, (f->x0 + f->x1) / 2, f->y1 + 36, "middle", "", p->xlabel);
    if (p->ylabel) {
        char tx[32], ty[32], extra[128];
        double x = 16, y = (f->y0 + f->y1) / 2;
        snprintf(extra, sizeof extra, " transform=\"rotate(-90 %s %s)\"",
                 num(x, tx), num(y, ty));
        text_at(b, x, y, "middle", extra, p->ylabel);
    }
}

/* A polyline being written: points closer than a quarter pixel to the
 * last one written are held back (the last of them is written at the
 * end), so a million samples do not make a million points. */
typedef struct polyline {
    int open, held;
    double lx, ly;      /* the last point written */
    double hx, hy;      /* the point held back */
    double ex, ey;      /* the last end added, before clipping moved it */
} polyline;

static void poly_point(plot_buf *b, double x, double y)
{
    char bx[32], by[32];
    plot_buf_printf(b, " %s,%s", num(x, bx), num(y, by));
}

static void poly_open(polyline *pl, plot_buf *b, const char *stroke,
                      double x, double y)
{
    char bx[32], by[32];
    plot_buf_printf(b, "<polyline fill=\"none\" stroke=\"%s\" "
                    "stroke-width=\"2\" stroke-linejoin=\"round\" "
                    "points=\"%s,%s", stroke, num(x, bx), num(y, by));
    *pl = (polyline){ 1, 0, x, y, 0, 0, 0, 0 };
}

static void poly_to(polyline *pl, plot_buf *b, double x, double y)
{
    if (fabs(x - pl->lx) < 0.25 && fabs(y - pl->ly) < 0.25) {
        pl->held = 1;
        pl->hx = x;
        pl->hy = y;
        return;
    }
    poly_point(b, x, y);
    pl->held = 0;
    pl->lx = x;
    pl->ly = y;
}

static void poly_close(polyline *pl, plot_buf *b)
{
    if (!pl->open)
        return;
    if (pl->held)
        poly_point(b, pl->hx, pl->hy);
    plot_buf_puts(b, "\"/>\n");
    pl->open = 0;
}

/* A line series: its finite runs as polylines, each segment clipped to
 * the area (a clipped segment starts a new polyline); a lone finite point
 * as a dot. */
static void draw_line(const frame *f, const plot_series *s,
                      const char *stroke, plot_buf *b)
{
    char bx[32], by[32];
    polyline pl = { 0, 0, 0, 0, 0, 0, 0, 0 };
    double w = f->x1 - f->x0, h = f->y1 - f->y0;
    for (size_t i = 0; i < s->n; i++) {
        int here = isfinite(s->x[i]) && isfinite(s->y[i]);
        int next = i + 1 < s->n && isfinite(s->x[i + 1])
                   && isfinite(s->y[i + 1]);
        int prev = i > 0 && isfinite(s->x[i - 1]) && isfinite(s->y[i - 1]);
        if (here && !next && !prev && inside(f, s->x[i], s->y[i]))
            plot_buf_printf(b, "<circle cx=\"%s\" cy=\"%s\" r=\"2\" "
                            "fill=\"%s\"/>\n", num(fx(f, s->x[i]), bx),
                            num(fy(f, s->y[i]), by), stroke);
        if (!here || !next) {
            poly_close(&pl, b);
            continue;
        }
        double ax = fx(f, s->x[i]) - f->x0, ay = fy(f, s->y[i]) - f->y0;
        double cx = fx(f, s->x[i + 1]) - f->x0;
        double cy = fy(f, s->y[i + 1]) - f->y0;
        if (!plot_clip(&ax, &ay, &cx, &cy, w, h)) {
            poly_close(&pl, b);
            continue;
        }
        if (!pl.open || ax != pl.ex || ay != pl.ey) {
            poly_close(&pl, b);
            poly_open(&pl, b, stroke, ax + f->x0, ay + f->y0);
        }
        poly_to(&pl, b, cx + f->x0, cy + f->y0);
        pl.ex = cx;
        pl.ey = cy;
    }
    poly_close(&pl, b);
}

/* A closed path through the k points (x[i], y[i]). */
static void polygon(plot_buf *b, const double *x, const double *y, int k,
                    const char *style)
{
    char bx[32], by[32];
    for (int i = 0; i < k; i++)
        plot_buf_printf(b, "%s%s %s", i ? "L" : "<path d=\"M",
                        num(x[i], bx), num(y[i], by));
    plot_buf_printf(b, "Z\" %s/>\n", style);
}

/* The shape of class cls at (x, y): circle, cross, triangle, square,
 * diamond, then again, in the class's colour. */
static void draw_shape(plot_buf *b, int cls, double x, double y)
{
    char bx[32], by[32], style[96];
    snprintf(style, sizeof style, "fill=\"none\" stroke=\"%s\" "
             "stroke-width=\"2\"", color[cls % NCOLORS]);
    if (cls % 5 == 0) {
        plot_buf_printf(b, "<circle cx=\"%s\" cy=\"%s\" r=\"4.50\" %s/>\n",
                        num(x, bx), num(y, by), style);
    } else if (cls % 5 == 1) {
        char a[32], c[32], d[32], e[32];
        plot_buf_printf(b, "<path d=\"M%s %sL%s %sM%s %sL%s %s\" %s/>\n",
                        num(x - 4, a), num(y - 4, c), num(x + 4, d),
                        num(y + 4, e), a, e, d, c, style);
    } else if (cls % 5 == 2) {
        double px[3] = { x, x + 5, x - 5 }, py[3] = { y - 5, y + 4, y + 4 };
        polygon(b, px, py, 3, style);
    } else if (cls % 5 == 3) {
        double px[4] = { x - 4, x + 4, x + 4, x - 4 };
        double py[4] = { y - 4, y - 4, y + 4, y + 4 };
        polygon(b, px, py, 4, style);
    } else {
        double px[4] = { x, x + 5, x, x - 5 }, py[4] = { y - 5, y, y + 5, y };
        polygon(b, px, py, 4, style);
    }
}

static void draw_mark(const frame *f, const plot_marker *m, plot_buf *b)
{
    if (!inside(f, m->x, m->y))
        return;
    double x = fx(f, m->x), y = fy(f, m->y);
    double px[4] = { x, x + 6, x, x - 6 }, py[4] = { y - 6, y, y + 6, y };
    polygon(b, px, py, 4, "fill=\"#000000\"");
    int left = x + 10 + CHAR_W * (double)chars(m->label) > f->x1;
    text_at(b, left ? x - 10 : x + 10, y - 8, left ? "end" : "start",
            " font-weight=\"bold\"", m->label);
}

/* The legend from x = 10 on, wrapped before x1, first row's baseline at
 * y; returns the rows. With draw 0 it only counts them. */
static int legend(const plot *p, plot_buf *b, double x1, double y, int draw)
{
    plot_buf text = { 0 };
    int rows = p->nseries ? 1 : 0, lines = 0;
    double x = 10;
    for (size_t i = 0; i < p->nseries; i++) {
        const plot_series *s = &p->series[i];
        int c = s->cls < 0 ? lines++ : s->cls;
        text.len = 0;
        if (s->label[0])
            plot_buf_puts(&text, s->label);
        else if (s->cls < 0)
            plot_buf_printf(&text, "series %d", lines);
        else
            plot_buf_printf(&text, "class %d", s->cls);
        if (!plot_series_finite(s))
            plot_buf_puts(&text, " (no finite values)");
        if (text.oom)
            break;
        double w = 26 + CHAR_W * (double)chars(text.data) + 16;
        if (x > 10 && x + w > x1) {
            rows++;
            x = 10;
            y += ROW_H;
        }
        if (draw && s->cls < 0) {
            char style[64];
            snprintf(style, sizeof style, "stroke=\"%s\" stroke-width=\"2\"",
                     color[c % NCOLORS]);
            line_at(b, x, y - 4, x + 20, y - 4, style);
        } else if (draw) {
            draw_shape(b, c, x + 10, y - 4);
        }
        if (draw)
            text_at(b, x + 26, y, "start", "", text.data);
        x += w;
    }
    free(text.data);
    return rows;
}

static void svg_xy(const plot *p, double width, double height, plot_buf *b)
{
    plot_view v;
    plot_ticks xt, yt;
    plot_view_of(p, &v);
    frame f = { 0, p->title ? 40 : 16, 0, 0, v.xlo, v.xhi, v.ylo, v.yhi };
    int rows = legend(p, b, width - 10, 0, 0);
    double below = 30 + (p->xlabel ? 18 : 0);
    f.y1 = fmax(height - below - rows * ROW_H - 6, f.y0 + 40);
    plot_ticks_make(v.ylo, v.yhi, (int)fmin(fmax((f.y1 - f.y0) / 50, 3), 8),
                    3, 10, &yt);
    size_t longest = 1;
    for (int i = 0; i < yt.n; i++)
        longest = strlen(yt.label[i]) > longest ? strlen(yt.label[i])
                                                : longest;
    f.x0 = 10 + (p->ylabel ? 22 : 0) + CHAR_W * (double)longest + 10;
    f.x1 = fmax(width - 24, f.x0 + 40);
    plot_ticks_make(v.xlo, v.xhi, (int)fmin(fmax((f.x1 - f.x0) / 80, 2), 10),
                    2, 12, &xt);
    if (p->integer_x)
        plot_ticks_whole(&xt);
    if (p->classify) {
        plot_buf_puts(b, "<g shape-rendering=\"crispEdges\">\n");
        draw_regions(p, &f, b);    // crisp: no seams between the rows
        plot_buf_puts(b, "</g>\n");
    }
    draw_axes(p, &f, &xt, &yt, b);
    int lines = 0;
    for (size_t i = 0; i < p->nseries; i++)
        if (p->series[i].cls < 0)
            draw_line(&f, &p->series[i], color[lines++ % NCOLORS], b);
    for (size_t i = 0; i < p->nseries; i++) {
        const plot_series *s = &p->series[i];
        for (size_t j = 0; s->cls >= 0 && j < s->n; j++)
            if (inside(&f, s->x[j], s->y[j]))
                draw_shape(b, s->cls, fx(&f, s->x[j]), fy(&f, s->y[j]));
    }
    for (size_t i = 0; i < p->nmarks; i++)
        draw_mark(&f, &p->marks[i], b);
    if (!v.has_data)
        text_at(b, (f.x0 + f.x1) / 2, (f.y0 + f.y1) / 2, "middle",
                " fill=\"#808080\"", "(nothing to plot)");
    legend(p, b, width - 10, f.y1 + below + 12, 1);
}

/* ============================ bars and images ============================ */

static void svg_bars(const plot *p, double width, double height,
                     plot_buf *b)
{
    char val[32], bx[32], extra[64];
    double top = p->title ? 40 : 12, lw = 0, vw = 0, pos, neg;
    size_t n = p->nbars;
    if (n == 0) {
        text_at(b, width / 2, height / 2, "middle", " fill=\"#808080\"",
                "(nothing to plot)");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        plot_fmt_value(p->bar_values[i], val);
        lw = fmax(lw, CHAR_W * (double)chars(p->bar_labels[i]));
        vw = fmax(vw, CHAR_W * (double)strlen(val));
    }
    lw = fmin(lw, width / 3);
    plot_bar_scale(p, &pos, &neg);
    double x0 = 10 + lw + 8, x1 = fmax(width - 10 - vw - 8, x0 + 20);
    double axis = x0 + (x1 - x0) * neg / (neg + pos);
    double slot = (height - top - 12) / (double)n;
    double font = fmin(12, slot * 0.8);
    snprintf(extra, sizeof extra, " font-size=\"%s\"", num(font, bx));
    for (size_t i = 0; i < n; i++) {
        double v = p->bar_values[i], y = top + slot * (double)i;
        double t = isfinite(v) ? fmin(fabs(v) / (v < 0 ? neg : pos), 1) : 0;
        double len = t * (v < 0 ? axis - x0 : x1 - axis);
        if (len > 0)
            rect_at(b, v < 0 ? axis - len : axis, y + slot * 0.15, len,
                    slot * 0.7, v < 0 ? color[1] : color[0]);
        text_at(b, x0 - 8, y + slot / 2 + font / 3, "end", extra,
                p->bar_labels[i]);
        plot_fmt_value(v, val);     // after a bar; right of the axis if < 0
        text_at(b, axis + (v < 0 ? 0 : len) + 6, y + slot / 2 + font / 3,
                "start", extra, val);
    }
    line_at(b, axis, top, axis, top + slot * (double)n,
            "stroke=\"#000000\" stroke-width=\"1\"");
}

/* The fill of pixel value v: grey from white (0) to black (1), or white
 * to blue / red by |v| / scale when signed; magenta when not finite. */
static void pixel_fill(const plot *p, double v, int ok, double scale,
                       char fill[8])
{
    static const int blue[3] = { 31, 119, 180 }, red[3] = { 214, 39, 40 };
    if (!ok) {
        strcpy(fill, "#ff00ff");
        return;
    }
    if (!p->signed_scale) {
        int g = (int)lround(255 * (1 - (v < 0 ? 0 : v > 1 ? 1 : v)));
        snprintf(fill, 8, "#%02x%02x%02x", g, g, g);
        return;
    }
    double t = fmin(fabs(v) / scale, 1);
    const int *c = v < 0 ? red : blue;
    int rgb[3];
    for (int i = 0; i < 3; i++)
        rgb[i] = (int)lround(255 + (c[i] - 255) * t);
    snprintf(fill, 8, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

/* Output row r of the image (k x k blocks, oc of them, side s from
 * (x0, y)): runs of one fill as one rectangle. */
static void image_row(const plot *p, plot_buf *b, size_t r, size_t k,
                      size_t oc, double x0, double y, double s, double scale)
{
    char run[8] = "", fill[8];
    size_t start = 0;
    for (size_t q = 0; q <= oc; q++) {
        int ok = 0;
        double v = q < oc ? plot_block_mean(p, r * k, q * k, k, &ok) : 0;
        if (q < oc)
            pixel_fill(p, v, ok, scale, fill);
        else
            strcpy(fill, "end");
        if (q > 0 && strcmp(fill, run) == 0)
            continue;
        if (q > 0)
            rect_at(b, x0 + s * (double)start, y, s * (double)(q - start), s,
                    run);
        start = q;
        strcpy(run, fill);
    }
}

/* Square pixels as large as fit, k x k blocks averaged when a pixel
 * would be smaller than 2 x 2. */
static void svg_image(const plot *p, double width, double height,
                      plot_buf *b)
{
    double top = p->title ? 40 : 12, bottom = p->signed_scale ? 30 : 12;
    double aw = width - 20, ah = fmax(height - top - bottom, 20);
    if (p->rows == 0) {
        text_at(b, width / 2, height / 2, "middle", " fill=\"#808080\"",
                "(nothing to plot)");
        return;
    }
    size_t k = (size_t)fmax(1, fmax(ceil((double)p->cols * 2 / aw),
                                    ceil((double)p->rows * 2 / ah)));
    size_t oc = (p->cols + k - 1) / k, orows = (p->rows + k - 1) / k;
    double s = fmin(aw / (double)oc, ah / (double)orows);
    double x0 = (width - s * (double)oc) / 2, scale = 0;
    for (size_t i = 0; i < p->rows * p->cols; i++)
        if (isfinite(p->pixels[i]))
            scale = fmax(scale, fabs(p->pixels[i]));
    scale = scale > 0 ? scale : 1;
    plot_buf_puts(b, "<g shape-rendering=\"crispEdges\">\n");
    for (size_t r = 0; r < orows; r++)
        image_row(p, b, r, k, oc, x0, top + s * (double)r, s, scale);
    plot_buf_puts(b, "</g>\n");
    char a[32], c[32], d[32], e[32], val[32];
    plot_buf_printf(b, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" "
                    "fill=\"none\" stroke=\"#808080\"/>\n", num(x0, a),
                    num(top, c), num(s * (double)oc, d),
                    num(s * (double)orows, e));
    if (p->signed_scale) {
        plot_fmt_value(scale, val);
        plot_buf_printf(b, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\">"
                        "blue positive, red negative, |value| up to %s"
                        "</text>\n", num(width / 2, a),
                        num(top + s * (double)orows + 20, c), val);
    }
}

/* ============================ entry ============================ */

/* The document's start: its root, width x height pixels, on white. */
static void svg_begin(plot_buf *b, int width, int height)
{
    plot_buf_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                    "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                    "font-family=\"sans-serif\" font-size=\"12\">\n",
                    width, height, width, height);
    rect_at(b, 0, 0, width, height, "#ffffff");
}

int plot_render_svg(const plot *p, int width, int height, char **svg,
                    size_t *len)
{
    plot_buf b = { 0 };
    int iw = width < 160 ? 160 : width > 4000 ? 4000 : width;
    int ih = height < 120 ? 120 : height > 4000 ? 4000 : height;
    double dw = iw, dh = ih;
    svg_begin(&b, iw, ih);
    if (p->title)
        text_at(&b, dw / 2, 26, "middle", " font-size=\"16\"", p->title);
    if (p->kind == PLOT_BARS)
        svg_bars(p, dw, dh, &b);
    else if (p->kind == PLOT_IMAGE)
        svg_image(p, dw, dh, &b);
    else
        svg_xy(p, dw, dh, &b);
    plot_buf_puts(&b, "</svg>\n");
    if (b.oom) {
        free(b.data);
        *svg = NULL;
        *len = 0;
        return -1;
    }
    *svg = b.data;
    *len = b.len;
    return 0;
}

/* ============================ diagrams ============================ */

void plot_svg_diagram_begin(plot_buf *b, int width, int height)
{
    plot_buf_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "
                    "xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                    "height=\"%d\" viewBox=\"0 0 %d %d\" font-family="
                    "\"sans-serif\">\n<defs><marker id=\"arrow\" viewBox="
                    "\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" "
                    "markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L10,5 "
                    "L0,10 z\" fill=\"#333\"/></marker></defs>\n<rect width="
                    "\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
                    width, height, width, height);
}

/* ========================== a confusion matrix ========================== */

int plot_confusion_svg(const char *title, const char *const *names,
                       const size_t *conf, size_t n, char **svg, size_t *len,
                       int *width, int *height)
{
    plot_buf b = { 0 };
    // a cell a pair of classes, large enough for its count; the names to
    // the left (true classes) and above (answers)
    double cell = n <= 4 ? 80 : n <= 10 ? 48 : n <= 20 ? 30 : 18;
    double left = 130, top = 110;
    int w = (int)(left + cell * (double)n + 40);
    int h = (int)(top + cell * (double)n + 50);
    w = w < 480 ? 480 : w;  // the title and the key fit
    svg_begin(&b, w, h);
    text_at(&b, w / 2.0, 26, "middle", " font-size=\"16\"", title);
    text_at(&b, left + cell * (double)n / 2, top - 44, "middle",
            " font-size=\"13\" fill=\"#555\"", "the answer");
    char at[128];
    snprintf(at, sizeof at, " font-size=\"13\" fill=\"#555\" transform="
             "\"rotate(-90 %d %.1f)\"", 18, top + cell * (double)n / 2);
    text_at(&b, 18, top + cell * (double)n / 2, "middle", at, "the true class");
    double font = cell >= 48 ? 14 : cell >= 30 ? 11 : 8;
    char fs[48];
    snprintf(fs, sizeof fs, " font-size=\"%.0f\"", font);
    for (size_t k = 0; k < n; k++) {
        text_at(&b, left + cell * ((double)k + 0.5), top - 8, "middle", fs,
                names[k]);
        text_at(&b, left - 8, top + cell * ((double)k + 0.5) + font / 3,
                "end", fs, names[k]);
    }
    for (size_t t = 0; t < n; t++) {
        size_t row = 0;
        for (size_t k = 0; k < n; k++)
            row += conf[t * n + k];
        for (size_t k = 0; k < n; k++) {
            size_t c = conf[t * n + k];
            // shaded by the share of the true class: right answers green,
            // wrong ones red; white when none
            double share = row ? (double)c / (double)row : 0;
            int fade = (int)lround(255 - 200 * share);
            char fill[32];
            if (t == k)
                snprintf(fill, sizeof fill, "#%02x%02x%02x", fade,
                         (int)lround(255 - 70 * share), fade);
            else
                snprintf(fill, sizeof fill, "#ff%02x%02x", fade, fade);
            double x = left + cell * (double)k, y = top + cell * (double)t;
            rect_at(&b, x, y, cell, cell, c ? fill : "#ffffff");
            char count[32];
            snprintf(count, sizeof count, "%zu", c);
            text_at(&b, x + cell / 2, y + cell / 2 + font / 3, "middle", fs,
                    count);
        }
    }
    for (size_t k = 0; k <= n; k++) {  // the grid
        double off = cell * (double)k;
        line_at(&b, left + off, top, left + off, top + cell * (double)n,
                "stroke=\"#999\"");
        line_at(&b, left, top + off, left + cell * (double)n, top + off,
                "stroke=\"#999\"");
    }
    text_at(&b, 20, h - 18, "start", " font-size=\"11\" fill=\"#555\"",
            "shade: the share of the row (green right, red wrong)");
    plot_buf_puts(&b, "</svg>\n");
    if (b.oom) {
        free(b.data);
        *svg = NULL;
        return -1;
    }
    *svg = b.data;
    *len = b.len;
    *width = w;
    *height = h;
    return 0;
}
