/*
 * test_live.c - the live view's pure parts: a frame composed for a
 * width x height never has more lines than the height nor a line wider
 * than the width (Unicode, ASCII, colour; wide, narrow, short and tiny
 * terminals; one to four plots), the columns a line takes, and the
 * frame-rate throttle, driven by a clock the test sets.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interp/live.h"
#include "interp/plot.h"

/* A line plot of a curve, a scatter with regions, and a bar chart: the
 * kinds a watched run shows. */
static int half_plane(void *ctx, double x, double y)
{
    (void)ctx;
    return x + y > 0;
}

static plot *curve_plot(void)
{
    double x[50], y[50];
    for (int i = 0; i < 50; i++) {
        x[i] = i + 1;
        y[i] = 1.0 / (i + 1);
    }
    plot *p = plot_new();
    assert_non_null(p);
    assert_int_equal(plot_title(p, "loss after each epoch"), 0);
    assert_int_equal(plot_labels(p, "epoch", "loss"), 0);
    assert_int_equal(plot_line(p, "loss", x, y, 50), 0);
    return p;
}

static plot *scatter_plot(void)
{
    double x0[] = { 0, 0, 1 }, y0[] = { 0, 1, 0 }, x1[] = { 1 }, y1[] = { 1 };
    double lx[] = { -0.5, 1.5 }, ly[] = { 1.5, -0.5 };
    plot *p = plot_new();
    assert_non_null(p);
    plot_xrange(p, -0.5, 1.5);
    plot_yrange(p, -0.5, 1.5);
    plot_regions(p, half_plane, NULL);
    assert_int_equal(plot_title(p, "the decision line w1*x1 + w2*x2 + b = 0"),
                     0);
    assert_int_equal(plot_labels(p, "x1", "x2"), 0);
    assert_int_equal(plot_line(p, "the neuron's line", lx, ly, 2), 0);
    assert_int_equal(plot_points(p, "y = 0", x0, y0, 3, 0), 0);
    assert_int_equal(plot_points(p, "y = 1", x1, y1, 1, 1), 0);
    return p;
}

static plot *bar_plot(void)
{
    const char *labels[] = { "w1", "w2", "b" };
    double v[] = { 0.2, 0.1, -0.2 };
    plot *p = plot_new();
    assert_non_null(p);
    assert_int_equal(plot_title(p, "weights and bias"), 0);
    assert_int_equal(plot_bars(p, labels, v, 3), 0);
    return p;
}

/* Composes f at width x height through a sink of these settings and
 * checks the frame fits: lines <= height, each <= width columns. Returns
 * the number of lines. */
static int check_fits(const live_frame *f, int width, int height, int ascii,
                      int color)
{
    out *o = out_new_memory();
    assert_non_null(o);
    out_set_ascii(o, ascii);
    out_set_color(o, color);
    live *v = live_new(o);
    assert_non_null(v);
    char *text;
    size_t len;
    int rows;
    for (int frame = 0; frame < 2; frame++) {  // the second uses what the
        assert_int_equal(live_compose(v, f, width, height, &text, &len,
                                      &rows), 0);  // first measured
        assert_true(rows <= height);
        int lines = 0;
        for (const char *s = text;;) {
            const char *nl = strchr(s, '\n');
            size_t n = nl ? (size_t)(nl - s) : strlen(s);
            int cols = live_columns(s, n);
            if (cols > width)
                print_error("%dx%d: line %d is %d columns: %.*s\n", width,
                            height, lines + 1, cols, (int)n, s);
            assert_true(cols <= width);
            lines++;
            if (!nl)
                break;
            s = nl + 1;
        }
        assert_int_equal(lines, rows > 0 ? rows : 1);
        assert_int_equal(strlen(text), len);
        free(text);
    }
    live_free(v);
    out_free(o);
    return rows;
}

/* ============================ tests ============================ */

static void test_live_frame_fits_every_size(void **state)
{
    (void)state;
    plot *a = scatter_plot(), *b = curve_plot(), *c = bar_plot();
    live_frame f = { { "epoch 12 of 50   loss 0.1234   accuracy 0.75   rate "
                       "0.1   (Ctrl-C stops, keeping what was learned)" }, 1,
                     { a, c, b }, 3 };
    static const int sizes[][2] = {
        { 79, 23 }, { 119, 39 }, { 199, 59 }, { 39, 23 }, { 79, 10 },
        { 20, 5 }, { 10, 3 }, { 1, 1 }, { 300, 100 }, { 60, 40 },
    };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        for (int style = 0; style < 3; style++)
            check_fits(&f, sizes[i][0], sizes[i][1], style == 1, style == 2);
    f.nplots = 1;  // one plot alone
    check_fits(&f, 79, 23, 0, 0);
    plot_free(a);
    plot_free(b);
    plot_free(c);
}

static void test_live_frame_uses_the_room(void **state)
{
    (void)state;
    plot *a = scatter_plot(), *b = curve_plot();
    live_frame f = { { "status" }, 1, { a, b }, 2 };
    /* 80 x 24 has room for the two side by side: the frame fills most
       of the rows, and at 120 x 40 it grows with the terminal */
    int small = check_fits(&f, 79, 23, 0, 0);
    int big = check_fits(&f, 119, 39, 0, 0);
    assert_true(small >= 18);
    assert_true(big > small);
    /* the status line comes first */
    out *o = out_new_memory();
    live *v = live_new(o);
    char *text;
    size_t len;
    int rows;
    assert_int_equal(live_compose(v, &f, 79, 23, &text, &len, &rows), 0);
    assert_memory_equal(text, "status\n", 7);
    /* side by side: both titles on one of the first lines */
    assert_non_null(strstr(text, "the decision line"));
    const char *line = strstr(text, "the decision line");
    const char *eol = strchr(line, '\n');
    const char *loss = strstr(text, "loss after each epoch");
    assert_non_null(loss);
    assert_true(loss < eol);
    free(text);
    live_free(v);
    out_free(o);
    plot_free(a);
    plot_free(b);
}

static void test_live_columns_skip_escapes(void **state)
{
    (void)state;
    const char *s = "\033[31m\xe2\xa0\x81x\033[0m\033[48;5;153m \033[0m";
    assert_int_equal(live_columns(s, strlen(s)), 3);  // braille, x, space
    assert_int_equal(live_columns("", 0), 0);
    assert_int_equal(live_columns("abc", 2), 2);
}

static void test_live_throttle_limits_the_rate(void **state)
{
    (void)state;
    live_throttle t = { 0.05, 0, 0 };
    assert_int_equal(live_throttle_due(&t, 10.0), 1);    // the first frame
    assert_int_equal(live_throttle_due(&t, 10.01), 0);   // 10 ms later
    assert_int_equal(live_throttle_due(&t, 10.049), 0);
    assert_int_equal(live_throttle_due(&t, 10.05), 1);   // 50 ms: due
    assert_int_equal(live_throttle_due(&t, 10.06), 0);
    assert_int_equal(live_throttle_due(&t, 11.0), 1);
    /* a clock that went back (another origin) draws rather than stall */
    assert_int_equal(live_throttle_due(&t, 5.0), 1);
    /* 1000 calls over one simulated second: 20 frames, as promised */
    live_throttle u = { 0.05, 0, 0 };
    int frames = 0;
    for (int i = 0; i < 1000; i++)
        frames += live_throttle_due(&u, i * 0.001);
    assert_int_equal(frames, 20);
}

static void test_live_print_off_a_terminal(void **state)
{
    (void)state;
    out *o = out_new_memory();
    live *v = live_new(o);
    assert_int_equal(live_on_terminal(v), 0);
    plot *a = curve_plot();
    live_frame f = { { "done" }, 1, { a }, 1 };
    assert_int_equal(live_print(v, &f, 80, 24), 0);
    const char *text = out_text(o, OUT_OUT);
    assert_memory_equal(text, "done\n", 5);
    assert_non_null(strstr(text, "loss after each epoch"));
    assert_int_equal(text[strlen(text) - 1], '\n');
    assert_null(strchr(text, '\033'));  // no escape codes in a script
    /* live_draw does nothing where there is no terminal */
    out_clear(o);
    assert_int_equal(live_draw(v, &f), 0);
    assert_string_equal(out_text(o, OUT_OUT), "");
    live_end(v);
    assert_string_equal(out_text(o, OUT_OUT), "");
    plot_free(a);
    live_free(v);
    out_free(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_live_frame_fits_every_size),
        cmocka_unit_test(test_live_frame_uses_the_room),
        cmocka_unit_test(test_live_columns_skip_escapes),
        cmocka_unit_test(test_live_throttle_limits_the_rate),
        cmocka_unit_test(test_live_print_off_a_terminal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
