/*
 * plot_chart.c - bar charts and images as text.
 *
 * A bar chart is one row a bar: the label, the bar, the value with 4
 * decimals. Bars grow right of the axis in blue, in whole blocks and the
 * eighths ▏▎▍▌▋▊▉ (or '#'); when some values are negative the axis moves
 * right and negative bars grow left of it in red, in whole and half (▐)
 * cells. The scale is the caller's y range, else the largest value.
 *
 * An image is one pixel a cell, two side by side when twice the columns
 * fit (terminal cells are about twice as tall as wide, so the pixels come
 * out square); an image wider than the sink is averaged over k x k blocks.
 * Ramps for 0..1: " ░▒▓█" / " .:-=+*#%@". Signed images, scaled by the
 * largest |value|: positives " ░▒▓█" and negatives " ·-=≡" (ASCII " .+*#"
 * and " ,-=%"); with colour both in blocks, blue and red; a line below
 * says which is which. A non-finite pixel shows '?'.
 */
#include "plot_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int clamp_int(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* ============================ bars ============================ */

/* A bar of v / scale of w cells growing right: whole blocks and an
 * eighth, or '#'. */
static void bar_right(plot_buf *b, const out *o, double v, double scale,
                      int w)
{
    static const char *const eighth[8] = {
        "", "▏", "▎", "▍", "▌", "▋", "▊", "▉"
    };
    int ascii = out_ascii(o), units = ascii ? 1 : 8, used = 0;
    long n = isfinite(v) && v > 0 ? lround(fmin(v / scale, 1) * w * units)
                                  : 0;
    plot_buf_puts(b, n ? out_on(o, OUT_BLUE) : "");
    for (; used < n / units; used++)
        plot_buf_puts(b, out_glyph(o, "█", "#"));
    if (n % units) {
        plot_buf_puts(b, eighth[n % units]);
        used++;
    }
    plot_buf_puts(b, n ? out_off(o) : "");
    plot_pad(b, w - used);
}

/* A bar of -v / scale of w cells growing left: whole and half cells. */
static void bar_left(plot_buf *b, const out *o, double v, double scale,
                     int w)
{
    int units = out_ascii(o) ? 1 : 2;
    long n = isfinite(v) && v < 0 ? lround(fmin(-v / scale, 1) * w * units)
                                  : 0;
    int cells = (int)(n / units + n % units);
    plot_pad(b, w - cells);
    plot_buf_puts(b, n ? out_on(o, OUT_RED) : "");
    if (n % units)
        plot_buf_puts(b, "▐");
    for (long i = 0; i < n / units; i++)
        plot_buf_puts(b, out_glyph(o, "█", "#"));
    plot_buf_puts(b, n ? out_off(o) : "");
}

/* label │bar  value, one row a bar; the axis splits off a left part for
 * negative bars when there are any. */
void plot_text_bars(const plot *p, out *o)
{
    plot_buf b = { 0 };
    int total = out_width(o), lw = 1, vw = 1;
    char val[32];
    double pos, neg;
    plot_emit_title(p, o, total, &b);
    if (p->nbars == 0)
        out_printf(o, "(nothing to plot)\n");
    for (size_t i = 0; i < p->nbars; i++) {
        plot_fmt_value(p->bar_values[i], val);
        vw = clamp_int((int)strlen(val), vw, 31);
        lw = clamp_int(plot_label_width(p->bar_labels[i]), lw, total / 3);
    }
    plot_bar_scale(p, &pos, &neg);
    int area = total - lw - vw - 3;
    if (area < 4) {             // narrow: the labels give way
        lw = clamp_int(lw - (4 - area), 1, lw);
        area = clamp_int(total - lw - vw - 3, 1, total);
    }
    int wn = neg > 0 ? (int)lround(area * neg / (neg + pos)) : 0;
    for (size_t i = 0; i < p->nbars; i++) {
        double v = p->bar_values[i];
        plot_pad(&b, lw - clamp_int(plot_label_width(p->bar_labels[i]), 0, lw));
        plot_label_put(&b, p->bar_labels[i], out_ascii(o), lw);
        plot_buf_add(&b, " ", 1);
        bar_left(&b, o, v, neg, wn);
        plot_buf_puts(&b, out_glyph(o, "│", "|"));
        bar_right(&b, o, v, pos, area - wn);
        plot_fmt_value(v, val);
        plot_pad(&b, vw + 1 - (int)strlen(val));
        plot_buf_puts(&b, val);
        plot_flush_line(&b, o);
    }
    free(b.data);
}

/* ============================ images ============================ */

/* The glyph and colour of value v: unsigned 0..1, or signed over
 * [-scale, scale]. */
static const char *pixel_glyph(const plot *p, const out *o, double v,
                               double scale, out_color *color)
{
    static const char *const uni[5] = { " ", "░", "▒", "▓", "█" };
    static const char *const uni_neg[5] = { " ", "·", "-", "=", "≡" };
    static const char *const grey = " .:-=+*#%@", *const pos = " .+*#",
                             *const neg = " ,-=%";
    static char one[2];
    int ascii = out_ascii(o);
    *color = OUT_PLAIN;
    if (!p->signed_scale) {
        double t = v < 0 ? 0 : v > 1 ? 1 : v;
        if (!ascii)
            return uni[lround(t * 4)];
        one[0] = grey[lround(t * 9)];
        return one;
    }
    long level = lround(fmin(fabs(v) / scale, 1) * 4);
    *color = v < 0 ? OUT_RED : OUT_BLUE;
    if (ascii) {
        one[0] = (v < 0 ? neg : pos)[level];
        return one;
    }
    return v < 0 && !out_color_on(o) ? uni_neg[level] : uni[level];
}

/* Lines under a signed image saying what the two ramps mean, its three
 * parts wrapped (and cut) to the width. */
static void image_legend(out *o, double scale, plot_buf *b)
{
    char val[32], part[3][64];
    int total = out_width(o), ascii = out_ascii(o), col = 0;
    plot_fmt_value(scale, val);
    snprintf(part[0], 64, "%s positive", ascii ? ".+*#" : "░▒▓█");
    snprintf(part[1], 64, "%s negative",
             ascii ? ",-=%" : out_color_on(o) ? "░▒▓█" : "·-=≡");
    snprintf(part[2], 64, "(|value| up to %s)", val);
    for (int i = 0; i < 3; i++) {
        int w = plot_label_width(part[i]);
        if (col > 0 && col + 3 + w > total) {
            plot_flush_line(b, o);
            col = 0;
        }
        plot_pad(b, col > 0 ? 3 : 0);
        col += col > 0 ? 3 : 0;
        if (i < 2) {    // the ramp in its colour, then the word
            plot_buf_puts(b, out_on(o, i == 0 ? OUT_BLUE : OUT_RED));
            plot_buf_add(b, part[i], strcspn(part[i], " "));
            plot_buf_puts(b, out_off(o));
            plot_buf_puts(b, part[i] + strcspn(part[i], " "));
            col += w;
        } else {
            col += plot_label_put(b, part[i], ascii, total - col);
        }
    }
    plot_flush_line(b, o);
}

/* The glyph of a cell holding two pixels, top over bottom, in half-block
 * mode: the shade of both when they agree; a half block when one is
 * blank and the other clearly inked (an edge: the stroke's shape stays
 * sharp); else the shade of their mean. ASCII has no half blocks: the
 * mean. */
static const char *pair_glyph(const plot *p, const out *o, double top,
                              double bottom, double scale, out_color *color)
{
    double mean = (top + bottom) / 2;
    if (out_ascii(o))
        return pixel_glyph(p, o, mean, scale, color);
    double a = p->signed_scale ? fabs(top) / scale : top;
    double c = p->signed_scale ? fabs(bottom) / scale : bottom;
    long lt = lround(fmin(fmax(a, 0), 1) * 4);
    long lb = lround(fmin(fmax(c, 0), 1) * 4);
    if (lt == 0 && lb >= 3) {
        pixel_glyph(p, o, bottom, scale, color);  // its colour
        return "\xe2\x96\x84";  // ▄
    }
    if (lb == 0 && lt >= 3) {
        pixel_glyph(p, o, top, scale, color);
        return "\xe2\x96\x80";  // ▀
    }
    return pixel_glyph(p, o, mean, scale, color);
}

/* One cell a pixel (two when twice the columns fit: square pixels); an
 * image wider than the sink is averaged over k x k blocks. On a terminal
 * too short for a row a pixel, a cell holds two rows (half blocks), so a
 * 28x28 digit takes 14 lines. */
void plot_text_image(const plot *p, out *o)
{
    plot_buf b = { 0 };
    size_t total = (size_t)out_width(o);
    size_t k = p->cols > total ? (p->cols + total - 1) / total : 1;
    size_t room = (size_t)out_height(o);
    int halves = k == 1 && room > 0 && p->rows + 4 > room;
    int twice = !halves && k == 1 && 2 * p->cols <= total;
    double scale = 0;
    size_t span = (p->cols + k - 1) / k * (twice ? 2 : 1);
    size_t title = p->title ? (size_t)plot_label_width(p->title) : 0;
    span = span > title ? span : title;     // centred over the image
    plot_emit_title(p, o, (int)(span < total ? span : total), &b);
    if (p->rows == 0)
        out_printf(o, "(nothing to plot)\n");
    for (size_t i = 0; i < p->rows * p->cols; i++)
        if (isfinite(p->pixels[i]))
            scale = fmax(scale, fabs(p->pixels[i]));
    scale = scale > 0 ? scale : 1;
    for (size_t r = 0; r < p->rows; r += halves ? 2 : k) {
        int cur = OUT_PLAIN;
        for (size_t q = 0; q < p->cols; q += k) {
            int ok, ok2 = 1;
            out_color color = OUT_PLAIN;
            double v = plot_block_mean(p, r, q, k, &ok), w = 0;
            if (halves && r + 1 < p->rows)
                w = plot_block_mean(p, r + 1, q, 1, &ok2);
            const char *g = !ok || !ok2 ? "?"
                            : halves ? pair_glyph(p, o, v, w, scale, &color)
                            : pixel_glyph(p, o, v, scale, &color);
            if ((int)color != cur) {
                plot_buf_puts(&b, cur != OUT_PLAIN ? out_off(o) : "");
                plot_buf_puts(&b, out_on(o, color));
                cur = (int)color;
            }
            for (int t = 0; t <= twice; t++)
                plot_buf_puts(&b, g);
        }
        plot_buf_puts(&b, cur != OUT_PLAIN ? out_off(o) : "");
        plot_flush_line(&b, o);
    }
    if (p->signed_scale && p->rows > 0)
        image_legend(o, scale, &b);
    free(b.data);
}
