/*
 * cmd_fire.c - `fire` writes the neuron's arithmetic out with the actual
 * numbers, and `show` draws the neuron with them.
 *
 *   z = 0.5·1 + (-0.2)·0 + 0.8·1 + (-0.3) = 1
 *   a = sigmoid(1) = 0.7311
 *
 * The sum is printed in the order nn_neuron_sum adds it, so the printed
 * arithmetic is the computed one.
 */
#include "cmd.h"
#include "plot_impl.h"  /* plot_buf: show > FILE.svg */
#include "../engine/mem.h"  /* nn_malloc: allocations a test can fail */

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Products written out in full before the middle ones are elided. */
#define FIRE_MAX_TERMS 10

/* The sum written out: at most FIRE_MAX_TERMS products of two operands
 * (under 100 bytes each) and the indent, so a fixed buffer holds it and
 * printing a sum never runs out of memory. */
typedef struct line_buf {
    char data[FIRE_MAX_TERMS * 100 + 400];
    size_t len;
} line_buf;

static void lb_add(line_buf *b, const char *s)
{
    size_t n = strlen(s);
    if (n >= sizeof b->data - b->len)  // cannot happen: see the sizes
        n = sizeof b->data - b->len - 1;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

/* A number as an operand: negative ones in parentheses, "(-0.2)". */
static const char *operand(const sess *s, double v, char *buf)
{
    char num[32];
    sess_num(s, v, num);
    if (num[0] == '-')
        snprintf(buf, 40, "(%s)", num);
    else
        snprintf(buf, 40, "%s", num);
    return buf;
}

/* The value a printed number reads back as. */
static double as_printed(const sess *s, double v)
{
    char buf[32];
    return strtod(sess_num(s, v, buf), NULL);
}

/* Checks the neuron can fire; records what is missing. */
static int ready(sess *s)
{
    if (!s->have_inputs)
        return sess_fail(s, SIZE_MAX, 0, "no inputs yet: set them first "
                         "(inputs 1 0 1)");
    if (!s->have_weights)
        return sess_fail(s, SIZE_MAX, 0, "no weights yet: set them "
                         "(weights 0.5 -0.2 0.8) or choose them (init "
                         "random -1 1)");
    return 0;
}

/* Writes "f(z) = a" with the activation's parameter when it has one. */
static void print_activation(sess *s, double z, double a)
{
    const nn_neuron *nr = s->nr;
    char zb[32], ab[32], pb[32];
    out_printf(s->o, "a = %s(%s) = %s", nr->act->name, sess_num(s, z, zb),
               sess_num(s, a, ab));
    if (nr->act->param_name)
        out_printf(s->o, "   (%s %s)", nr->act->param_name,
                   sess_num(s, nr->param, pb));
    out_printf(s->o, "\n");
}

/* fire's one option: a word of two dashes. */
static const cmd_word fire_words[] = {
    { "--plot", "--plot", "the activation's curve too, with z marked", 0,
      "inputs 1 0; weights 0.5 -1; fire --plot" },
};

const cmd_word *cmd_fire_word(size_t i)
{
    return CMD_ROW_AT(fire_words, i);
}

int cmd_print_sum(sess *s, const char *indent, const double *w,
                  const double *x, size_t n, double b, double z)
{
    const char *dot = out_glyph(s->o, "·", "*");
    /* z = w1·x1 + ... + b, eliding the middle of a long sum; `shown`
     * redoes the sum from the printed numbers to catch rounding. */
    line_buf line = { .len = 0 };
    char wb[40], xb[40], tb[100];
    double shown = 0;
    int elided = n > FIRE_MAX_TERMS;
    lb_add(&line, indent);
    lb_add(&line, "z = ");
    for (size_t i = 0; i < n; i++) {
        shown += as_printed(s, w[i]) * as_printed(s, x[i]);
        if (elided && i >= FIRE_MAX_TERMS - 3 && i < n - 2) {
            if (i == FIRE_MAX_TERMS - 3)
                lb_add(&line, "... + ");
            continue;
        }
        snprintf(tb, sizeof tb, "%s%s%s + ", operand(s, w[i], wb), dot,
                 operand(s, x[i], xb));
        lb_add(&line, tb);
    }
    shown += as_printed(s, b);
    char zb[32], sb[32];
    snprintf(tb, sizeof tb, "%s = %s", operand(s, b, wb),
             sess_num(s, z, zb));
    lb_add(&line, tb);
    out_wrap(s->o, OUT_OUT, line.data, strlen(indent) + 4);
    if (elided)
        out_printf(s->o, "%s    (%zu products; %zu in the middle not "
                   "shown)\n", indent, n, n - FIRE_MAX_TERMS + 1);
    if (isnan(z) || isinf(z)) {
        int overflow = 0;
        for (size_t i = 0; i < n; i++)
            overflow |= isinf(w[i] * x[i]) && isfinite(w[i]) && isfinite(x[i]);
        if (isnan(z))
            out_printf(s->o, "%s    (z is nan: %s, and inf - inf has no "
                       "value)\n", indent, overflow ? "products overflow to "
                       "inf or -inf" : "infinities of both signs meet");
        else if (overflow || isfinite(b))
            out_printf(s->o, "%s    (z is beyond the largest double, "
                       "1.8e308)\n", indent);
    } else if (strcmp(sess_num(s, shown, sb), zb) != 0)
        out_printf(s->o, "%s    (the numbers are shown rounded; `digits 17` "
                   "shows them in full)\n", indent);
    return CMD_OK;
}

int cmd_print_fire(sess *s, double *z)
{
    const nn_neuron *nr = s->nr;
    double a;
    nn_neuron_fire(nr, z, &a);
    if (cmd_print_sum(s, "", nr->w, nr->x, nr->n, nr->b, *z) != 0)
        return CMD_ERR;
    print_activation(s, *z, a);
    return CMD_OK;
}

int cmd_fire(sess *s, const cmd_args *args)
{
    lexer lx;
    token t;
    lex_error err;
    int with_plot = 0;
    cmd_lex(&lx, args);
    if (cmd_svg_target(s, &lx) != 0)  // fire --plot > z.svg
        return CMD_ERR;
    if (lex_peek(&lx, &t, &err) == 0 && tok_is(&t, '-')) {  // --plot
        lex_next(&lx, &t, &err);
        if (lex_next(&lx, &t, &err) != 0 || !tok_is(&t, '-')
            || lex_next(&lx, &t, &err) != 0
            || !tok_is_word(&t, fire_words[0].name + 2))
            return sess_fail(s, args->col, args->len, "expected %s or "
                             "nothing", fire_words[0].name);
        with_plot = 1;
    }
    if (cmd_read_end(s, &lx) != 0)
        return CMD_ERR;
    if (ready(s) != 0)
        return CMD_ERR;
    const nn_neuron *nr = s->nr;
    double z;
    if (cmd_print_fire(s, &z) != 0)
        return CMD_ERR;
    if (with_plot)
        return cmd_plot_activation(s, nr->act, nr->param, 1, z, 12);
    return CMD_OK;
}

/* ============================ show ============================ */

/* Display columns of a UTF-8 string. */
static size_t width_of(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

static void pad(out *o, size_t n)
{
    while (n--)
        out_write(o, OUT_OUT, " ", 1);
}

/* Rows drawn before a long list of inputs is elided. */
#define SHOW_MAX_ROWS 9

static int show_weights(sess *s, lexer *lx)
{
    return cmd_svg_target(s, lx) != 0 || cmd_read_end(s, lx) != 0 ? CMD_ERR
           : cmd_show_weights(s);
}

static int show_network(sess *s, lexer *lx)
{
    char path[4096];
    if (cmd_read_svg_target(s, lx, path, sizeof path) != 0
        || cmd_read_end(s, lx) != 0)
        return CMD_ERR;
    return path[0] ? net_show_svg(s, path) : net_show(s);
}

/* What show draws besides the neuron and a definition: a row each. */
static const struct show_row {
    cmd_word word;
    int (*fn)(sess *s, lexer *lx);
} show_rows[] = {
    { { "weights", "weights [> FILE.svg]", "the neuron's weights as a "
        "picture (an image template's shape)", 0, "inputs 1 0 1 1; weights 1 2 3 4; show weights" },
      show_weights },
    { { "unit", "unit K [> FILE.svg]", "a network's first-layer unit K's "
        "incoming weights as a picture", 0, "network 2 3 tanh 1; show unit 1" },
      net_show_unit },
    { { "biology", "biology [> FILE.svg]", "the biological neuron beside "
        "the artificial one, each part named in both", 0, "show biology" },
      cmd_show_biology },
    { { "network", "network [> FILE.svg]", "a network's weights and biases, "
        "a table a layer (a large one as boxes); > FILE.svg draws it", 0,
        "network 2 3 tanh 1; show network" }, show_network },
};

const cmd_word *cmd_show_word(size_t i)
{
    return i < sizeof show_rows / sizeof show_rows[0] ? &show_rows[i].word
                                                      : NULL;
}

/* show > FILE.svg (path NULL: to the front end's svg_picture hook, as
 * `show` is in a notebook): the neuron as the slide draws it, every number on
 * it: each input and its weight on the edge (blue positive, red
 * negative), the sum with the bias, z, the activation and a. At most
 * SHOW_MAX_ROWS inputs are drawn; a longer neuron's middle is elided as
 * the terminal picture elides it. */
static void neuron_svg(sess *s, plot_buf *bp, const int W, const int H);

static int show_svg(sess *s, const char *path)
{
    const int W = 720, H = 450;
    plot_buf b = { NULL, 0, 0, 0 };
    neuron_svg(s, &b, W, H);
    int rc = b.oom ? sess_fail(s, SIZE_MAX, 0, "out of memory")
             : path ? cmd_write_svg(s, path, b.data, b.len, W, H) : 0;
    if (rc == 0 && !path)
        s->svg_picture(s->front_ctx, b.data, b.len);
    free(b.data);
    return rc;
}

/* The picture of show_svg, as SVG text into b. */
static void neuron_svg(sess *s, plot_buf *bp, const int W, const int H)
{
    const nn_neuron *nr = s->nr;
    int sized = s->have_inputs || s->have_weights;
    size_t n = sized ? nr->n : 1;
    size_t rows = n > SHOW_MAX_ROWS ? SHOW_MAX_ROWS : n;
    double z = 0, a = 0;
    int fired = ready(s) == 0;
    s->err[0] = '\0';
    if (fired)
        nn_neuron_fire(nr, &z, &a);
    double gap = rows > 1 ? (H - 160.0) / (double)(rows - 1) : 0;
    gap = gap > 70 ? 70 : gap;
    double mid = 75 + (H - 160.0) / 2, sx = 360;
    char v[32], u[32];
    plot_svg_diagram_begin(bp, W, H);
    plot_buf_printf(bp, "<text x=\"%d\" y=\"28\" font-size=\"16\" "
                    "text-anchor=\"middle\">a neuron: z = w1 x1 + ... + w%zu "
                    "x%zu + b, a = %s(z)</text>\n", W / 2, n, n,
                    nr->act->name);
    for (size_t r = 0; r < rows; r++) {
        size_t i = n > SHOW_MAX_ROWS && r >= 6 ? n - (rows - r) : r;
        double y = mid + ((double)r - (double)(rows - 1) / 2) * gap;
        if (n > SHOW_MAX_ROWS && r == 6) {
            plot_buf_printf(bp, "<text x=\"90\" y=\"%.1f\" font-size=\"13\" "
                            "text-anchor=\"middle\">(%zu more)</text>\n",
                            y + 4, n - SHOW_MAX_ROWS + 1);
            continue;
        }
        double w = s->have_weights ? nr->w[i] : 0;
        const char *colour = w < 0 ? "#b2182b" : "#2166ac";
        plot_buf_printf(bp, "<line x1=\"130\" y1=\"%.1f\" x2=\"%.1f\" y2="
                        "\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>\n"
                        "<text x=\"90\" y=\"%.1f\" font-size=\"13\" "
                        "text-anchor=\"middle\">x%zu = %s</text>\n<text x="
                        "\"210\" y=\"%.1f\" font-size=\"12\" text-anchor="
                        "\"middle\" fill=\"%s\" stroke=\"white\" stroke-width"
                        "=\"3\" paint-order=\"stroke\">w%zu = %s</text>\n",
                        y, sx - 30, mid, colour, y + 4, i + 1,
                        s->have_inputs ? sess_num(s, nr->x[i], v) : "?",
                        y + (mid - y) * 0.3 - 9, colour, i + 1,
                        s->have_weights ? sess_num(s, w, u) : "?");
    }
    plot_buf_printf(bp, "<circle cx=\"%.0f\" cy=\"%.1f\" r=\"30\" fill="
                    "\"#f2f2f2\" stroke=\"#333\"/>\n<text x=\"%.0f\" y=\"%.1f\" "
                    "font-size=\"22\" text-anchor=\"middle\">\xce\xa3</text>\n"
                    "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" "
                    "stroke=\"#333\" marker-end=\"url(#arrow)\"/>\n<text x="
                    "\"%.0f\" y=\"%.1f\" font-size=\"12\" text-anchor="
                    "\"middle\">b = %s</text>\n", sx, mid, sx, mid + 8, sx,
                    mid - 80, sx, mid - 32, sx, mid - 86,
                    s->have_weights ? sess_num(s, nr->b, v) : "?");
    plot_buf_printf(bp, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"470\" y2=\"%.1f\" "
                    "stroke=\"#333\" marker-end=\"url(#arrow)\"/>\n<text x="
                    "\"430\" y=\"%.1f\" font-size=\"13\" text-anchor="
                    "\"middle\">z = %s</text>\n<rect x=\"472\" y=\"%.1f\" "
                    "width=\"96\" height=\"36\" rx=\"6\" fill=\"#f2f2f2\" "
                    "stroke=\"#333\"/>\n<text x=\"520\" y=\"%.1f\" font-size="
                    "\"13\" text-anchor=\"middle\">%s</text>\n<line x1=\"568\" "
                    "y1=\"%.1f\" x2=\"596\" y2=\"%.1f\" stroke=\"#333\" "
                    "marker-end=\"url(#arrow)\"/>\n<text x=\"600\" y=\"%.1f\" "
                    "font-size=\"13\">a = %s</text>\n", sx + 30, mid, mid,
                    mid - 8, fired ? sess_num(s, z, v) : "?", mid - 18,
                    mid + 5, nr->act->name, mid, mid, mid + 5,
                    fired ? sess_num(s, a, u) : "?");
    plot_buf_printf(bp, "<text x=\"20\" y=\"%d\" font-size=\"11\" fill="
                    "\"#555\">blue: a positive weight, red: a negative one; "
                    "? : not set yet</text>\n</svg>\n", H - 14);
}

int cmd_show(sess *s, const cmd_args *args)
{
    if (args->len > 0) {
        lexer lx;
        token t;
        lex_error err;
        cmd_lex(&lx, args);
        const cmd_word *w;
        for (size_t i = 0; (w = cmd_show_word(i)); i++)
            if (lex_peek(&lx, &t, &err) == 0 && tok_is_word(&t, w->name)) {
                lex_next(&lx, &t, &err);
                return show_rows[i].fn(s, &lx);
            }
        if (lex_peek(&lx, &t, &err) == 0 && tok_is(&t, '>')) {
            char path[4096];  // show > FILE.svg: the neuron as a picture
            if (cmd_read_svg_target(s, &lx, path, sizeof path) != 0)
                return CMD_ERR;
            return show_svg(s, path);
        }
        return cmd_show_def(s, &lx);  // show NAME: a definition
    }
    if (s->svg_picture)  // a notebook: the neuron as the slide draws it
        return show_svg(s, NULL);
    out *o = s->o;
    const nn_neuron *nr = s->nr;
    int sized = s->have_inputs || s->have_weights;
    size_t n = sized ? nr->n : 1;
    /* which inputs get a row: all, or the first 6 and the last 2 */
    size_t rows = n > SHOW_MAX_ROWS ? SHOW_MAX_ROWS : n;
    char left[SHOW_MAX_ROWS][64], mid[SHOW_MAX_ROWS][64];
    size_t wl = 0, wm = 0;
    for (size_t r = 0; r < rows; r++) {
        size_t i = n > SHOW_MAX_ROWS && r >= 6 ? n - (rows - r) : r;
        char v[32];
        if (n > SHOW_MAX_ROWS && r == 6) {
            snprintf(left[r], 64, "%s", out_glyph(o, "⋮", ":"));
            snprintf(mid[r], 64, "%zu more", n - SHOW_MAX_ROWS + 1);
        } else {
            snprintf(left[r], 64, "x%zu = %s", i + 1,
                     s->have_inputs ? sess_num(s, nr->x[i], v) : "?");
            snprintf(mid[r], 64, "w%zu = %s", i + 1,
                     s->have_weights ? sess_num(s, nr->w[i], v) : "?");
        }
        wl = width_of(left[r]) > wl ? width_of(left[r]) : wl;
        wm = width_of(mid[r]) > wm ? width_of(mid[r]) : wm;
    }
    double z = 0, a = 0;
    int fired = ready(s) == 0;
    s->err[0] = '\0';
    if (fired)
        nn_neuron_fire(nr, &z, &a);
    char zb[32], ab[32], bb[32], pb[32];
    const char *dash = out_glyph(o, "─", "-");
    const char *arrow = out_glyph(o, "─▶", "->");
    size_t sum_row = rows / 2;
    /* "─▶ z = 1 ─▶ sigmoid ─▶ a = 0.7311" after the sum, or on a line of
     * its own when the row would pass the width */
    char tail[300], act[96] = "";
    if (nr->act->param_name)
        snprintf(act, sizeof act, "(%s %s)", nr->act->param_name,
                 sess_num(s, nr->param, pb));
    snprintf(tail, sizeof tail, "z = %s %s %s%s %s a = %s",
             fired ? sess_num(s, z, zb) : "?", arrow, nr->act->name, act,
             arrow, fired ? sess_num(s, a, ab) : "?");
    size_t row_width = 2 + wl + 1 + 2 + 1 + wm + 1 + 2 + 1
                       + width_of(arrow) + 1
                       + width_of(out_glyph(o, "Σ + b", "sum + b"));
    int tail_below = row_width + 1 + width_of(arrow) + 1 + width_of(tail)
                     > (size_t)out_width(o);
    if (!tail_below) {
        char joined[sizeof tail + 16];
        snprintf(joined, sizeof joined, "%s %s", arrow, tail);
        memcpy(tail, joined, sizeof tail - 1);
        tail[sizeof tail - 1] = '\0';
    }
    for (size_t r = 0; r < rows; r++) {
        const char *join = rows == 1 ? out_glyph(o, "─", "-")
            : r == sum_row ? (r == 0 ? out_glyph(o, "┬", "+")
                              : r == rows - 1 ? out_glyph(o, "┴", "+")
                                              : out_glyph(o, "┼", "+"))
            : r == 0 ? out_glyph(o, "┐", "+")
            : r == rows - 1 ? out_glyph(o, "┘", "+")
                            : out_glyph(o, "┤", "|");
        out_printf(o, "  %s", left[r]);
        pad(o, wl - width_of(left[r]) + 1);
        out_printf(o, "%s%s(%s)%s%s", dash, dash, mid[r], dash, dash);
        for (size_t k = width_of(mid[r]); k < wm; k++)
            out_printf(o, "%s", dash);
        out_printf(o, "%s", join);
        if (r == sum_row) {
            out_printf(o, "%s %s", arrow, out_glyph(o, "Σ + b", "sum + b"));
            if (!tail_below)
                out_printf(o, " %s", tail);
        }
        out_printf(o, "\n");
    }
    /* the bias under the sum, and the rest of the chain when the sum's
     * row had no room for it */
    size_t under = 2 + wl + 1 + 2 + 1 + wm + 1 + 2 + 1 + width_of(arrow) + 1;
    pad(o, under);
    out_printf(o, "b = %s\n", sess_num(s, nr->b, bb));
    if (tail_below) {
        pad(o, under);
        out_printf(o, "%s\n", tail);
    }
    return CMD_OK;
}
