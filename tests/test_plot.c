/*
 * test_plot.c - the plot module: golden text plots (ASCII and Unicode),
 * that every plot fits the width, colour only when asked, lines without
 * gaps and broken at non-finite values, ranges and ticks, bars, images,
 * limits, and SVG that is well-formed and the same on every run.
 *
 * The SVG check is a small tag-balance and escaping checker,
 * tests/svg/svgcheck.h (cmocka cannot run a real XML parser): every tag
 * closed in order, attribute values quoted, '&' only in entities, no '<'
 * in text, valid UTF-8 and no control characters.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interp/plot.h"
#include "interp/plot_impl.h" /* plot_view_of, plot_ticks_make, plot_clip */
#include "svg/svgcheck.h"     /* svg_well_formed */

/* ============================ helpers ============================ */

/* A memory sink of the given width, ascii and colour settings. */
static out *sink(int width, int ascii, int color)
{
    out *o = out_new_memory();
    assert_non_null(o);
    out_set_width(o, width);
    out_set_ascii(o, ascii);
    out_set_color(o, color);
    return o;
}

/* Renders p as text into a fresh sink; returns a copy of the text, which
 * the caller frees. */
static char *render(const plot *p, int width, int ascii, int color,
                    int height)
{
    out *o = sink(width, ascii, color);
    plot_render_text(p, o, height);
    char *text = strdup(out_text(o, OUT_OUT));
    assert_non_null(text);
    assert_string_equal(out_text(o, OUT_ERR), "");
    out_free(o);
    return text;
}

/* Columns the widest line of text takes on a terminal: escape sequences
 * ESC [ ... m take none, every UTF-8 character one. */
static int widest_line(const char *text)
{
    int widest = 0, col = 0;
    for (const char *s = text; *s; s++) {
        if (*s == '\033') {
            while (*s && *s != 'm')
                s++;
            if (!*s)
                break;
            continue;
        }
        if (*s == '\n') {
            col = 0;
            continue;
        }
        if (((unsigned char)*s & 0xc0) != 0x80)
            col++;
        widest = col > widest ? col : widest;
    }
    return widest;
}

/* Line i (0-based) of text, without its newline, in buf. */
static const char *line_of(const char *text, int i, char *buf, size_t size)
{
    for (; i > 0 && text; i--) {
        text = strchr(text, '\n');
        text = text ? text + 1 : NULL;
    }
    assert_non_null(text);
    size_t n = strcspn(text, "\n");
    assert_true(n < size);
    memcpy(buf, text, n);
    buf[n] = '\0';
    return buf;
}

static size_t count_of(const char *text, const char *what)
{
    size_t n = 0;
    for (const char *s = strstr(text, what); s; s = strstr(s + 1, what))
        n++;
    return n;
}

/* sigmoid and relu sampled on [-6, 6], the picture of issue 3. */
static plot *activations_plot(void)
{
    enum { N = 241 };
    double x[N], s[N], r[N];
    for (int i = 0; i < N; i++) {
        x[i] = -6 + 12.0 * i / (N - 1);
        s[i] = 1 / (1 + exp(-x[i]));
        r[i] = x[i] > 0 ? x[i] : 0;
    }
    plot *p = plot_new();
    assert_non_null(p);
    plot_xrange(p, -6, 6);
    assert_int_equal(plot_line(p, "sigmoid", x, s, N), 0);
    assert_int_equal(plot_line(p, "relu", x, r, N), 0);
    return p;
}

/* y = x and y = 2 on the window [0, 4] x [0, 4]. */
static plot *small_plot(void)
{
    static const double x[] = { 0, 4 }, y[] = { 0, 4 }, two[] = { 2, 2 };
    plot *p = plot_new();
    assert_non_null(p);
    assert_int_equal(plot_title(p, "y = x"), 0);
    plot_xrange(p, 0, 4);
    plot_yrange(p, 0, 4);
    assert_int_equal(plot_line(p, "x", x, y, 2), 0);
    assert_int_equal(plot_line(p, "two", x, two, 2), 0);
    return p;
}

/* ============================ golden text ============================ */

/*
 * Width 30, 6 rows. y ticks 0, 2, 4 (step 2 gives 3, nearest the 3 a
 * 6-row plot asks for), so the label column is 1 wide and the area
 * 30 - 1 - 2 = 27 cells, 54 x 24 dots: dot_x(x) = x/4 * 53,
 * dot_y(y) = (4 - y)/4 * 23. y = x runs from dot (0, 23) to (53, 0); a
 * row of 4 dots is 53/23*4 = 9.2 dots = 4.6 cells wide, e.g. row 5
 * (dots 20..23) holds px 0..8 = cells 0..4 (py(8) = 19.53 rounds to 20).
 * y = 2 is dot 11.5, rounded to 12: row 3, drawn later, so it wins there.
 * x ticks 0, 2, 4 at cells 0, round(26.5)/2 = 13 and 26.
 */
static void test_plot_text_golden_ascii(void **state)
{
    (void)state;
    plot *p = small_plot();
    char *text = render(p, 30, 1, 0, 6);
    assert_string_equal(text,
        "            y = x\n"
        "4 +                      *****\n"
        "  |                  *****\n"
        "  |             *****\n"
        "2 +###########################\n"
        "  |    *****\n"
        "0 +*****\n"
        "  ++------------+------------+\n"
        "   0            2            4\n"
        "   ** x   ## two\n");
    free(text);
    plot_free(p);
}

/*
 * The same in Unicode without colour: y = x in braille, y = 2 in '•'.
 * Braille bits: left column dots 0x01 0x02 0x04 0x40 top to bottom, right
 * column 0x08 0x10 0x20 0x80. Row 5, cell 0 holds px 0 (py 23: 0x40) and
 * px 1 (py 22.57 -> 23: 0x80) = U+28C0 '⣀'; cell 1 px 2 (py 22.13 -> 22:
 * 0x04) and px 3 (py 21.70 -> 22: 0x20) = U+2824 '⠤'; cell 4 only px 8
 * (py 20: 0x01) = '⠁', while px 9 (py 19) is row 4's first dot, 0x80 '⢀'.
 */
static void test_plot_text_golden_unicode(void **state)
{
    (void)state;
    plot *p = small_plot();
    char *text = render(p, 30, 0, 0, 6);
    assert_string_equal(text,
        "            y = x\n"
        "4 ┤                      ⢀⣀⠤⠒⠉\n"
        "  │                  ⣀⡠⠔⠊⠁\n"
        "  │             ⢀⡠⠤⠒⠉\n"
        "2 ┤•••••••••••••••••••••••••••\n"
        "  │    ⢀⡠⠔⠊⠉\n"
        "0 ┤⣀⠤⠒⠉⠁\n"
        "  └┬────────────┬────────────┬\n"
        "   0            2            4\n"
        "   ⠒⠒ x   •• two\n");
    free(text);
    plot_free(p);
}

/* ============================ layout ============================ */

static void test_plot_text_fits_width(void **state)
{
    (void)state;
    static const int widths[] = { 20, 40, 72, 80, 200 };
    plot *p = activations_plot();
    assert_int_equal(plot_title(p, "a title far longer than the narrowest "
                                   "of the widths this test tries"), 0);
    assert_int_equal(plot_labels(p, "the input z, a long axis label",
                                 "the output a = f(z)"), 0);
    assert_int_equal(plot_mark(p, 5.5, 5.5, "a mark near the corner"), 0);
    for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
        for (int mode = 0; mode < 4; mode++) {
            char *text = render(p, widths[i], mode & 1, mode >> 1, 0);
            assert_in_range(widest_line(text), 1, widths[i]);
            free(text);
        }
    }
    plot_free(p);
}

/* Bars with long labels and wide values, and a wide image, fit too. */
static void test_plot_text_bars_and_images_fit_width(void **state)
{
    (void)state;
    static const int widths[] = { 20, 40, 72, 80, 200 };
    const char *labels[] = { "a very long label for a bar", "b", "c" };
    double values[] = { 123456789.5, -0.25, NAN };
    double pixels[3 * 300];
    for (int i = 0; i < 3 * 300; i++)
        pixels[i] = (i % 7) / 3.0 - 1;
    plot *bars = plot_new(), *image = plot_new();
    assert_int_equal(plot_bars(bars, labels, values, 3), 0);
    assert_int_equal(plot_image(image, pixels, 3, 300, 1), 0);
    for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
        for (int mode = 0; mode < 4; mode++) {
            char *text = render(bars, widths[i], mode & 1, mode >> 1, 0);
            assert_in_range(widest_line(text), 1, widths[i]);
            free(text);
            text = render(image, widths[i], mode & 1, mode >> 1, 0);
            assert_in_range(widest_line(text), 1, widths[i]);
            free(text);
        }
    }
    plot_free(bars);
    plot_free(image);
}

/* Default height: width/4 rows clamped to [8, 24]; else the caller's. */
static void test_plot_text_height(void **state)
{
    (void)state;
    plot *p = small_plot();  // title + rows + axis + labels + legend
    char *text = render(p, 72, 1, 0, 0);
    assert_int_equal(count_of(text, "\n"), 1 + 18 + 3);
    free(text);
    text = render(p, 20, 1, 0, 0);
    assert_int_equal(count_of(text, "\n"), 1 + 8 + 3);
    free(text);
    text = render(p, 200, 1, 0, 0);
    assert_int_equal(count_of(text, "\n"), 1 + 24 + 3);
    free(text);
    text = render(p, 72, 1, 0, 11);
    assert_int_equal(count_of(text, "\n"), 1 + 11 + 3);
    free(text);
    plot_free(p);
}

static int region_of(void *ctx, double x, double y)
{
    (void)ctx;
    return x + y > 1 ? 1 : 0;
}

/* Escape sequences appear exactly when the sink's colour is on. */
static void test_plot_text_color_only_when_on(void **state)
{
    (void)state;
    static const double px[] = { 0, 1 }, py[] = { 0, 1 };
    const char *labels[] = { "yes", "no" };
    double values[] = { 0.75, -0.25 }, pixels[] = { -1, 0, 0.5, 1 };
    plot *p[4] = { activations_plot(), plot_new(), plot_new(), plot_new() };
    assert_int_equal(plot_points(p[1], "zero", px, py, 1, 0), 0);
    assert_int_equal(plot_points(p[1], "one", px + 1, py + 1, 1, 1), 0);
    plot_regions(p[1], region_of, NULL);
    assert_int_equal(plot_bars(p[2], labels, values, 2), 0);
    assert_int_equal(plot_image(p[3], pixels, 2, 2, 1), 0);
    for (int i = 0; i < 4; i++) {
        for (int ascii = 0; ascii < 2; ascii++) {
            char *text = render(p[i], 72, ascii, 0, 0);
            assert_null(strchr(text, '\033'));
            free(text);
            text = render(p[i], 72, ascii, 1, 0);
            assert_non_null(strchr(text, '\033'));
            assert_int_equal(count_of(text, "\033[0m") > 0, 1);
            free(text);
        }
        plot_free(p[i]);
    }
}

/* Each series its own colour: blue first, red second. */
static void test_plot_text_series_colors(void **state)
{
    (void)state;
    plot *p = activations_plot();
    char *text = render(p, 72, 0, 1, 0);
    assert_non_null(strstr(text, "\033[34m━━\033[0m sigmoid"));
    assert_non_null(strstr(text, "\033[31m━━\033[0m relu"));
    assert_non_null(strstr(text, "\033[2m┄"));  // the dim zero line
    free(text);
    plot_free(p);
}

/* ============================ lines ============================ */

/* The cell column of data x on a plot whose area starts at column
 * start and has w cells on [lo, hi]: round(dot_x)/2. */
static int cell_col(double x, double lo, double hi, int w)
{
    return (int)lround((x - lo) / (hi - lo) * (2 * w - 1)) / 2;
}

/*
 * A step from 0 to 10 at x = 1 (x runs 0, 1, 1, 2): the vertical part is
 * one segment between two points in the same column, 10 rows high. Every
 * row must have ink in that column: no gap. Window [0, 2] x [0, 10],
 * height 10, width 40: labels "0" "5" "10" (step 5), label column 2,
 * area 40 - 2 - 2 - 0 = 36 cells; x = 1 is dot round(35.5) = 36, cell 18.
 */
static void test_plot_text_vertical_jump_has_no_gap(void **state)
{
    (void)state;
    static const double x[] = { 0, 1, 1, 2 }, y[] = { 0, 0, 10, 10 };
    plot *p = plot_new();
    plot_xrange(p, 0, 2);
    plot_yrange(p, 0, 10);
    assert_int_equal(plot_line(p, "step", x, y, 4), 0);
    for (int ascii = 0; ascii < 2; ascii++) {
        char *text = render(p, 40, ascii, 0, 10), line[512];
        int col = 4 + cell_col(1, 0, 2, 36);  // "10 |" before the area
        assert_int_equal(col, 4 + 18);
        for (int r = 0; r < 10; r++) {
            line_of(text, r, line, sizeof line);
            /* column col as a character: count code points */
            const char *s = line;
            for (int c = 0; c < col && *s; s++)
                if (((unsigned char)s[1] & 0xc0) != 0x80)
                    c++;
            assert_true(*s != '\0' && *s != ' ');
        }
        free(text);
    }
    plot_free(p);
}

/*
 * y = 1 with a NaN at x = 2 and an infinity at x = 5 on [0, 6] x [0, 2]:
 * no ink strictly between x = 1 and x = 3, nor between 4 and 6, where
 * the point at 6, alone between non-finite values, is one dot; and
 * nothing drawn toward infinity at the top. ASCII, width 40, height 8:
 * ticks 0, 1, 2 (step 1 gives the 3 that 8 rows ask for).
 */
static void test_plot_text_nonfinite_breaks_line(void **state)
{
    (void)state;
    static const double x[] = { 0, 1, 2, 3, 4, 5, 6 };
    double y[] = { 1, 1, NAN, 1, 1, INFINITY, 1 };
    plot *p = plot_new();
    plot_xrange(p, 0, 6);
    plot_yrange(p, 0, 2);
    assert_int_equal(plot_line(p, "gappy", x, y, 7), 0);
    char *text = render(p, 40, 1, 0, 8), line[512];
    /* ticks 0, 1, 2: label column 1, area 40 - 1 - 2 - 0 = 37 cells */
    int row = (int)lround((2 - 1) / 2.0 * 31) / 4;  // dot 15.5 -> 16: row 4
    assert_int_equal(row, 4);
    line_of(text, row, line, sizeof line);
    const char *area = line + 3;    // "1 +" before the area
    int c1 = cell_col(1, 0, 6, 37), c3 = cell_col(3, 0, 6, 37);
    int c4 = cell_col(4, 0, 6, 37), c6 = cell_col(6, 0, 6, 37);
    assert_int_equal(area[c1], '*');
    assert_int_equal(area[c3], '*');
    assert_int_equal(area[c4], '*');
    assert_int_equal(area[c6], '*');  // a lone finite point: one dot
    for (int c = c1 + 1; c < c3; c++)
        assert_int_equal(area[c], ' ');
    for (int c = c4 + 1; c < c6; c++)
        assert_int_equal(area[c], ' ');
    line_of(text, 0, line, sizeof line);
    assert_null(strchr(line, '*'));   // nothing drawn toward infinity
    free(text);
    plot_free(p);
}

/* A series with no finite value is skipped, and the legend says so. */
static void test_plot_text_no_finite_values(void **state)
{
    (void)state;
    static const double x[] = { 0, 1, 2 }, ok[] = { 0, 1, 2 };
    double bad[] = { NAN, INFINITY, -INFINITY };
    plot *p = plot_new();
    assert_int_equal(plot_line(p, "fine", x, ok, 3), 0);
    assert_int_equal(plot_line(p, "broken", x, bad, 3), 0);
    char *text = render(p, 72, 1, 0, 0);
    assert_non_null(strstr(text, "## broken (no finite values)"));
    /* no '#' drawn: only the legend's "##" */
    assert_int_equal(count_of(text, "#"), 2);
    free(text);
    plot_free(p);
}

/* Huge values inside a fixed window neither hang nor draw outside. */
static void test_plot_text_huge_values(void **state)
{
    (void)state;
    static const double x[] = { 0, 1, 2 }, y[] = { 0, 1e300, -1e308 };
    plot *p = plot_new();
    plot_yrange(p, -1, 1);
    assert_int_equal(plot_line(p, "wild", x, y, 3), 0);
    char *text = render(p, 80, 1, 0, 0);
    assert_in_range(widest_line(text), 1, 80);
    free(text);
    plot_free(p);
    p = plot_new();     // and the auto range of such data stays finite
    assert_int_equal(plot_line(p, "wild", x, y, 3), 0);
    plot_view v;
    plot_view_of(p, &v);
    assert_true(isfinite(v.yhi - v.ylo));
    text = render(p, 80, 0, 0, 0);
    assert_in_range(widest_line(text), 1, 80);
    free(text);
    plot_free(p);
}

/* ============================ ranges and ticks ============================ */

static void test_plot_view_pads_and_widens(void **state)
{
    (void)state;
    static const double x[] = { 0, 10 }, y[] = { 2, 4 }, flat[] = { 3, 3 };
    static const double big[] = { 1000, 1000 };
    plot_view v;
    plot *p = plot_new();
    assert_int_equal(plot_line(p, "", x, y, 2), 0);
    plot_view_of(p, &v);
    assert_close(v.xlo, 0, 0);      // lines: x not padded
    assert_close(v.xhi, 10, 0);
    assert_close(v.ylo, 2 - 0.1, 1e-15);  // 5% of the span 2; 1 ulp
    assert_close(v.yhi, 4 + 0.1, 1e-15);
    plot_free(p);
    p = plot_new();     // all equal: widened by max(1, |v|/10)
    assert_int_equal(plot_line(p, "", x, flat, 2), 0);
    plot_view_of(p, &v);
    assert_close(v.ylo, 2, 0);
    assert_close(v.yhi, 4, 0);
    plot_free(p);
    p = plot_new();
    assert_int_equal(plot_line(p, "", x, big, 2), 0);
    plot_view_of(p, &v);
    assert_close(v.ylo, 900, 0);
    assert_close(v.yhi, 1100, 0);
    char *text = render(p, 72, 1, 0, 0);
    assert_non_null(strstr(text, "1000 +"));
    free(text);
    plot_free(p);
    p = plot_new();     // points only: x padded as well
    assert_int_equal(plot_points(p, "", x, y, 2, 0), 0);
    plot_view_of(p, &v);
    assert_close(v.xlo, -0.5, 1e-15);
    assert_close(v.xhi, 10.5, 1e-15);
    plot_free(p);
}

static void test_plot_ticks_are_nice(void **state)
{
    (void)state;
    plot_ticks t;
    plot_ticks_make(-0.3, 6.3, 4, 3, 5, &t);    // the relu plot's y axis
    assert_int_equal(t.n, 4);
    assert_string_equal(t.label[0], "0");
    assert_string_equal(t.label[3], "6");
    plot_ticks_make(-1, 1, 5, 3, 5, &t);        // step 0.5, -0 as 0
    assert_int_equal(t.n, 5);
    assert_string_equal(t.label[0], "-1.0");
    assert_string_equal(t.label[2], "0.0");
    assert_string_equal(t.label[4], "1.0");
    plot_ticks_make(-0.105, 1.105, 4, 3, 5, &t);  // sigmoid: 0, 0.5, 1
    assert_int_equal(t.n, 3);
    assert_string_equal(t.label[1], "0.5");
    plot_ticks_make(0, 3e-5, 4, 3, 5, &t);     // 1e-5 steps: %g form
    assert_int_equal(t.n, 4);
    assert_string_equal(t.label[1], "1e-05");
    plot_ticks_make(-6, 6, 6, 2, 12, &t);      // the x axis at width 72
    assert_int_equal(t.n, 7);
    assert_string_equal(t.label[0], "-6");
    assert_close(t.v[3], 0, 0);
}

/* plot_clip: Liang-Barsky against [0, 10] x [0, 10]. */
static void test_plot_clip(void **state)
{
    (void)state;
    double x0 = -5, y0 = 5, x1 = 15, y1 = 5;   // through: cut at both ends
    assert_int_equal(plot_clip(&x0, &y0, &x1, &y1, 10, 10), 1);
    assert_close(x0, 0, 0);
    assert_close(x1, 10, 0);
    x0 = 1, y0 = 1, x1 = 2, y1 = 3;            // inside: exactly kept
    assert_int_equal(plot_clip(&x0, &y0, &x1, &y1, 10, 10), 1);
    assert_close(x1, 2, 0);
    assert_close(y1, 3, 0);
    x0 = -5, y0 = -5, x1 = -1, y1 = 20;        // outside
    assert_int_equal(plot_clip(&x0, &y0, &x1, &y1, 10, 10), 0);
    x0 = 5, y0 = 5, x1 = 5, y1 = 1e9;          // far away: cut at 10
    assert_int_equal(plot_clip(&x0, &y0, &x1, &y1, 10, 10), 1);
    assert_close(y1, 10, 1e-6);  // t1 = 5/(1e9-5); rounding of t*dy
}

/* ======================== marks, points, regions ======================== */

static void test_plot_text_mark_and_points(void **state)
{
    (void)state;
    static const double x[] = { 0, 1 }, y[] = { 0, 1 };
    plot *p = plot_new();
    assert_int_equal(plot_points(p, "no", x, y, 1, 0), 0);
    assert_int_equal(plot_points(p, "yes", x + 1, y + 1, 1, 1), 0);
    assert_int_equal(plot_mark(p, 0.5, 0.5, "z = 0.5"), 0);
    plot_regions(p, region_of, NULL);
    char *text = render(p, 72, 1, 0, 0);
    assert_int_equal(count_of(text, "@"), 1);
    assert_int_equal(count_of(text, "z = 0.5"), 1);
    assert_non_null(strstr(text, "o no   x yes"));
    assert_true(count_of(text, ".") > 100);     // class 1's region
    free(text);
    text = render(p, 72, 0, 0, 0);
    assert_int_equal(count_of(text, "◆"), 1);
    assert_non_null(strstr(text, "○ no   × yes"));
    assert_true(count_of(text, "·") > 100);
    free(text);
    text = render(p, 72, 0, 1, 0);              // light backgrounds
    assert_non_null(strstr(text, "\033[48;5;153m"));
    assert_non_null(strstr(text, "\033[48;5;224m"));
    free(text);
    plot_free(p);
}

/* Labels cannot drive the terminal: controls and bad bytes become '?'. */
static void test_plot_text_labels_sanitized(void **state)
{
    (void)state;
    static const double x[] = { 0, 1 }, y[] = { 0, 1 };
    plot *p = plot_new();
    assert_int_equal(plot_title(p, "evil\033[2J\x01\xff"), 0);
    assert_int_equal(plot_line(p, "caf\xc3\xa9", x, y, 2), 0);
    char *text = render(p, 72, 0, 0, 0);
    assert_null(strchr(text, '\033'));
    assert_non_null(strstr(text, "evil?[2J??"));
    assert_non_null(strstr(text, "café"));
    free(text);
    text = render(p, 72, 1, 0, 0);             // ASCII: no UTF-8 at all
    assert_non_null(strstr(text, "caf?"));
    for (const char *s = text; *s; s++)
        assert_true((unsigned char)*s < 0x80);
    free(text);
    plot_free(p);
}

/* ============================ bars and images ============================ */

/* Width 40: label column 5 ("three"), values as the session prints them
 * (issue 13: "0.5", not "0.5000"; the widest, "0.0625", is 6), so the bar
 * area is 40 - 5 - 6 - 3 = 26 cells: 1.0 fills 26, 0.5 fills 13. */
static void test_plot_text_bars(void **state)
{
    (void)state;
    const char *labels[] = { "one", "half", "three" };
    double values[] = { 1, 0.5, 0.0625 };
    plot *p = plot_new();
    assert_int_equal(plot_bars(p, labels, values, 3), 0);
    char *text = render(p, 40, 1, 0, 0);
    assert_string_equal(text,
        "  one |##########################      1\n"
        " half |#############                 0.5\n"
        "three |##                         0.0625\n");
    free(text);
    text = render(p, 40, 0, 0, 0);  // 0.0625 * 26 * 8 = 13 eighths: 1 + 5/8
    assert_non_null(strstr(text, "three │█▋ "));
    free(text);
    double signs[] = { -1, 0.5, 0 };  // a left part for the negative bar
    assert_int_equal(plot_bars(p, labels, signs, 3), 0);
    text = render(p, 40, 1, 0, 0);
    /* values "-1", "0.5", "0": 3 wide; area 40 - 5 - 3 - 3 = 29; negative
     * part round(29 * 1/1.5) = 19, positive 10; then a space and the
     * values right-aligned in 3 */
    assert_string_equal(text,
        "  one ###################|            -1\n"
        " half                    |########## 0.5\n"
        "three                    |             0\n");
    free(text);
    double probs[] = { 0.5, 0.25, 1.5 };   // scale 0..1: half, a quarter
    assert_int_equal(plot_bars(p, labels, probs, 3), 0);
    plot_yrange(p, 0, 1);
    text = render(p, 40, 1, 0, 0);
    /* values 4 wide ("0.25"), area 40 - 5 - 4 - 3 = 28: 14, 7, and 1.5
     * held at 28 */
    assert_string_equal(text,
        "  one |##############                0.5\n"
        " half |#######                      0.25\n"
        "three |############################  1.5\n");
    free(text);
    double tiny[] = { 4.74e-5, -4.74e-5, 0.09 };  // not 0, but rounds to it
    assert_int_equal(plot_bars(p, labels, tiny, 3), 0);
    text = render(p, 60, 1, 0, 0);
    assert_non_null(strstr(text, " 0.0000\n"));
    assert_non_null(strstr(text, " -0.0000\n"));
    assert_non_null(strstr(text, " 0.09\n"));
    free(text);
    static const double x[] = { 0, 1 };  // a series: series plot again
    assert_int_equal(plot_line(p, "line", x, x, 2), 0);
    text = render(p, 40, 1, 0, 0);
    assert_non_null(strstr(text, "** line"));
    assert_null(strstr(text, "0.5000"));
    free(text);
    plot_free(p);
}

/* 2 x 3 pixels at width 72: two cells a pixel (square pixels). */
static void test_plot_text_images(void **state)
{
    (void)state;
    double pixels[] = { 0, 0.5, 1, 1, 0.25, NAN };
    plot *p = plot_new();
    assert_int_equal(plot_title(p, "img"), 0);
    assert_int_equal(plot_image(p, pixels, 2, 3, 0), 0);
    char *text = render(p, 72, 1, 0, 0);
    /* ramp " .:-=+*#%@": 0.5*9 = 4.5 -> 5 '+', 0.25*9 = 2.25 -> 2 ':';
     * the title centred over the image's 6 columns: (6 - 3)/2 = 1 */
    assert_string_equal(text,
        " img\n"
        "  ++@@\n"
        "@@::??\n");
    free(text);
    text = render(p, 72, 0, 0, 0);  // " ░▒▓█": 0.5*4 = 2 '▒', 1 '░'
    assert_non_null(strstr(text, "  ▒▒██\n██░░??\n"));
    free(text);
    double signs[] = { -1, -0.5, 0, 0.5, 1, 0.25 };
    assert_int_equal(plot_image(p, signs, 2, 3, 1), 0);
    text = render(p, 72, 1, 0, 0);  // " .+*#" and " ,-=%" by |v| * 4
    assert_non_null(strstr(text, "%%--  \n++##..\n"));
    assert_non_null(strstr(text, "positive"));
    free(text);
    plot_free(p);
}

/* On a terminal of known height, a plot leaves room for the command
 * above it, its own lines and the prompt; a digit too tall for a row a
 * pixel takes two pixel rows a line, its edges as half blocks. */
static void test_plot_text_fits_height(void **state)
{
    (void)state;
    plot *p = small_plot();  // title + rows + axis + labels + legend
    out *o = sink(80, 0, 0);
    out_set_height(o, 24);
    plot_render_text(p, o, 0);
    // 24 rows: the command, the plot (its title and 3 more), a line after
    // it and the prompt: 24 - 6 - 1 = 17 rows of area
    assert_int_equal(count_of(out_text(o, OUT_OUT), "\n"), 1 + 17 + 3);
    out_clear(o);
    plot_render_text(p, o, 40);  // the caller's height is kept within too
    assert_int_equal(count_of(out_text(o, OUT_OUT), "\n"), 1 + 17 + 3);
    out_clear(o);
    out_set_height(o, 8);  // the smallest: 4 rows of area
    plot_render_text(p, o, 0);
    assert_int_equal(count_of(out_text(o, OUT_OUT), "\n"), 1 + 4 + 3);
    out_set_height(o, 0);  // not a terminal: the width's default
    out_clear(o);
    plot_render_text(p, o, 0);
    assert_int_equal(count_of(out_text(o, OUT_OUT), "\n"), 1 + 20 + 3);

    double px[28 * 28] = { 0 };
    for (int r = 4; r < 24; r++)  // a bar three pixels wide, from row 4
        for (int c = 12; c < 15; c++)
            px[r * 28 + c] = 1;
    plot_free(p);
    p = plot_new();
    assert_int_equal(plot_image(p, px, 28, 28, 0), 0);
    out_clear(o);
    plot_render_text(p, o, 0);  // no height: a row a pixel
    assert_int_equal(count_of(out_text(o, OUT_OUT), "\n"), 28);
    out_set_height(o, 24);
    out_clear(o);
    plot_render_text(p, o, 0);
    const char *text = out_text(o, OUT_OUT);
    assert_int_equal(count_of(text, "\n"), 14);
    // one column a pixel: the bar's rows 4-23 are lines 2-11 in full
    // blocks, three wide, at columns 12-14
    assert_int_equal(widest_line(text), 28);
    assert_int_equal(count_of(text, "\xe2\x96\x88\xe2\x96\x88"
                                    "\xe2\x96\x88"), 10);
    px[3 * 28 + 13] = 1;  // row 3 inked, row 2 blank: a lower half block
    assert_int_equal(plot_image(p, px, 28, 28, 0), 0);
    out_clear(o);
    plot_render_text(p, o, 0);
    assert_non_null(strstr(out_text(o, OUT_OUT), "\xe2\x96\x84"));  // ▄
    out_free(o);
    plot_free(p);
}

/* ============================ empty and limits ============================ */

static void test_plot_empty(void **state)
{
    (void)state;
    plot *p = plot_new();
    char *text = render(p, 40, 1, 0, 0);
    assert_non_null(strstr(text, "(nothing to plot)"));
    assert_non_null(strstr(text, "+-----"));   // the axes are still drawn
    free(text);
    assert_int_equal(plot_line(p, "none", NULL, NULL, 0), 0);
    text = render(p, 40, 1, 0, 0);
    assert_non_null(strstr(text, "(nothing to plot)"));
    assert_non_null(strstr(text, "none (no finite values)"));
    free(text);
    assert_int_equal(plot_bars(p, NULL, NULL, 0), 0);
    text = render(p, 40, 1, 0, 0);
    assert_string_equal(text, "(nothing to plot)\n");
    free(text);
    assert_int_equal(plot_image(p, NULL, 0, 0, 0), 0);
    text = render(p, 40, 1, 0, 0);
    assert_string_equal(text, "(nothing to plot)\n");
    free(text);
    plot_free(p);
    plot_free(NULL);
}

static void test_plot_limits(void **state)
{
    (void)state;
    static const double x[] = { 0 }, y[] = { 0 };
    plot *p = plot_new();
    for (int i = 0; i < PLOT_MAX_SERIES; i++)
        assert_int_equal(plot_line(p, "s", x, y, 1), 0);
    assert_int_equal(plot_line(p, "one too many", x, y, 1), -1);
    assert_int_equal(plot_points(p, "one too many", x, y, 1, 0), -1);
    plot_free(p);
    p = plot_new();     // refused before the arrays are read
    assert_int_equal(plot_line(p, "big", x, y, PLOT_MAX_POINTS + 1), -1);
    assert_int_equal(plot_points(p, "bad class", x, y, 1, -1), -1);
    assert_int_equal(plot_bars(p, NULL, x, PLOT_MAX_POINTS + 1), -1);
    assert_int_equal(plot_image(p, x, (size_t)-1 / 2, 4, 0), -1);
    assert_int_equal(plot_image(p, x, 1001, 1000, 0), -1);
    for (int i = 0; i < PLOT_MAX_MARKS; i++)
        assert_int_equal(plot_mark(p, 0, 0, ""), 0);
    assert_int_equal(plot_mark(p, 0, 0, "one too many"), -1);
    plot_xrange(p, 1, 1);       // ignored: lo < hi is required
    plot_xrange(p, 0, INFINITY);
    plot_view v;
    plot_view_of(p, &v);
    assert_true(v.xlo < v.xhi);
    plot_free(p);
}

/* ============================ SVG ============================ */

/* The checker itself rejects what it should. */
static void test_plot_svg_checker(void **state)
{
    (void)state;
    const char *head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    char doc[256];
    snprintf(doc, sizeof doc, "%s<svg a=\"1\"><g><text>a &amp; b</text>"
             "</g></svg>\n", head);
    assert_true(svg_well_formed(doc));
    snprintf(doc, sizeof doc, "%s<svg><g></svg></g>\n", head);
    assert_false(svg_well_formed(doc));
    snprintf(doc, sizeof doc, "%s<svg><text>a & b</text></svg>\n", head);
    assert_false(svg_well_formed(doc));
    snprintf(doc, sizeof doc, "%s<svg><text a=\"<\">x</text></svg>\n",
             head);
    assert_false(svg_well_formed(doc));
    snprintf(doc, sizeof doc, "%s<svg><text>\xff</text></svg>\n", head);
    assert_false(svg_well_formed(doc));
    snprintf(doc, sizeof doc, "%s<svg><text>\x01</text></svg>\n", head);
    assert_false(svg_well_formed(doc));
}

static char *render_svg(const plot *p)
{
    char *svg = NULL;
    size_t len = 0;
    assert_int_equal(plot_render_svg(p, 640, 400, &svg, &len), 0);
    assert_non_null(svg);
    assert_int_equal(strlen(svg), len);
    return svg;
}

/* Every kind of plot, with hostile labels, gives a well-formed document;
 * each twice gives the same bytes. */
static void test_plot_svg_well_formed(void **state)
{
    (void)state;
    static const double x[] = { 0, 1 }, y[] = { 0, 1 };
    const char *nasty = "a & b <c> \"d\" 'e' \x01\x1b[0m \xff\xfe caf\xc3\xa9";
    const char *labels[] = { nasty, "two" };
    double values[] = { 0.25, -1 }, pixels[] = { 0, 0.5, NAN, -1 };
    plot *p[5] = { activations_plot(), plot_new(), plot_new(), plot_new(),
                   plot_new() };
    assert_int_equal(plot_title(p[0], nasty), 0);
    assert_int_equal(plot_labels(p[0], nasty, nasty), 0);
    assert_int_equal(plot_mark(p[0], 1, 0.73, nasty), 0);
    assert_int_equal(plot_points(p[1], nasty, x, y, 1, 0), 0);
    assert_int_equal(plot_points(p[1], "one", x + 1, y + 1, 1, 1), 0);
    plot_regions(p[1], region_of, NULL);
    assert_int_equal(plot_bars(p[2], labels, values, 2), 0);
    assert_int_equal(plot_image(p[3], pixels, 2, 2, 1), 0);
    for (int i = 0; i < 5; i++) {
        char *svg = render_svg(p[i]), *again = render_svg(p[i]);
        assert_true(svg_well_formed(svg));
        assert_string_equal(svg, again);
        assert_non_null(strstr(svg, "<svg xmlns=\"http://www.w3.org/2000/"
                                    "svg\" width=\"640\" height=\"400\" "
                                    "viewBox=\"0 0 640 400\""));
        assert_non_null(strstr(svg, "fill=\"#ffffff\""));
        assert_null(strstr(svg, "nan"));
        assert_null(strstr(svg, "inf"));
        assert_null(strstr(svg, "-0.00"));
        if (i == 0) {
            assert_non_null(strstr(svg, "a &amp; b &lt;c&gt; &quot;d&quot; "
                                        "&apos;e&apos; \xef\xbf\xbd"));
            assert_non_null(strstr(svg, "caf\xc3\xa9"));
        }
        free(svg);
        free(again);
        plot_free(p[i]);
    }
}

/* A NaN in the middle of a series splits it into two polylines; the
 * class shapes, the mark and the bars are there. */
static void test_plot_svg_parts(void **state)
{
    (void)state;
    static const double x[] = { 0, 1, 2, 3, 4 };
    double y[] = { 0, 1, NAN, 3, 4 };
    plot *p = plot_new();
    assert_int_equal(plot_line(p, "broken", x, y, 5), 0);
    assert_int_equal(plot_points(p, "zeros", x, x, 2, 0), 0);
    assert_int_equal(plot_points(p, "ones", x + 3, x + 3, 2, 1), 0);
    assert_int_equal(plot_mark(p, 2, 2, "here"), 0);
    char *svg = render_svg(p);
    assert_int_equal(count_of(svg, "<polyline"), 2);
    assert_int_equal(count_of(svg, "<circle"), 2 + 1);  // + the legend's
    assert_non_null(strstr(svg, ">here</text>"));
    assert_non_null(strstr(svg, "fill=\"#000000\""));   // the diamond
    free(svg);
    plot_free(p);
    p = plot_new();
    svg = render_svg(p);
    assert_non_null(strstr(svg, "(nothing to plot)"));
    assert_true(svg_well_formed(svg));
    free(svg);
    plot_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plot_text_golden_ascii),
        cmocka_unit_test(test_plot_text_golden_unicode),
        cmocka_unit_test(test_plot_text_fits_width),
        cmocka_unit_test(test_plot_text_bars_and_images_fit_width),
        cmocka_unit_test(test_plot_text_height),
        cmocka_unit_test(test_plot_text_color_only_when_on),
        cmocka_unit_test(test_plot_text_series_colors),
        cmocka_unit_test(test_plot_text_vertical_jump_has_no_gap),
        cmocka_unit_test(test_plot_text_nonfinite_breaks_line),
        cmocka_unit_test(test_plot_text_no_finite_values),
        cmocka_unit_test(test_plot_text_huge_values),
        cmocka_unit_test(test_plot_view_pads_and_widens),
        cmocka_unit_test(test_plot_ticks_are_nice),
        cmocka_unit_test(test_plot_clip),
        cmocka_unit_test(test_plot_text_mark_and_points),
        cmocka_unit_test(test_plot_text_labels_sanitized),
        cmocka_unit_test(test_plot_text_bars),
        cmocka_unit_test(test_plot_text_images),
        cmocka_unit_test(test_plot_text_fits_height),
        cmocka_unit_test(test_plot_empty),
        cmocka_unit_test(test_plot_limits),
        cmocka_unit_test(test_plot_svg_checker),
        cmocka_unit_test(test_plot_svg_well_formed),
        cmocka_unit_test(test_plot_svg_parts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
