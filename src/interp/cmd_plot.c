/*
 * cmd_plot.c - pictures: curves (`plot`), the training history (`plot
 * loss`), the decision line over 2-D data (`boundary`), and where z falls
 * on the activation (`fire --plot`). Each is drawn in the terminal, or
 * written as an SVG file for slides when the command ends in `> FILE.svg`.
 */
#include "cmd.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../engine/relusum.h"
#include "curves.h"
#include "files.h"
#include "plot.h"
#include "record.h"
#include "../engine/mem.h"  /* nn_malloc: allocations a test can fail */

/* Samples along x for a curve, and the SVG size. */
#define PLOT_SAMPLES 601
#define SVG_WIDTH 720
#define SVG_HEIGHT 450

/* ============================ output ============================ */

/* Reads an optional `> FILE` at the end of a command into path (empty
 * when absent). Leaves the lexer before it. 0 or CMD_ERR. */
int cmd_read_svg_target(sess *s, lexer *lx, char *path, size_t cap)
{
    token t;
    lex_error err;
    path[0] = '\0';
    lexer look = *lx;
    while (lex_next(&look, &t, &err) == 0 && t.kind != TOK_END) {
        if (!tok_is(&t, '>'))
            continue;
        size_t len, col;
        const char *rest = lex_rest(&look, &len, &col);
        if (len == 0)
            return sess_fail(s, t.col, 1, "give a file name after '>': "
                             "> plot.svg");
        if (len >= cap)
            return sess_fail(s, col, len, "file name too long");
        memcpy(path, rest, len);
        path[len] = '\0';
        lx->len = t.col - lx->col0;  // the command ends before '>'
        return 0;
    }
    return 0;
}

int cmd_strip_flag(lexer *lx, const char *flag)
{
    token t[3];
    lex_error err;
    lexer look = *lx;
    size_t seen = 0;
    for (;;) {
        token tok;
        if (lex_next(&look, &tok, &err) != 0 || tok.kind == TOK_END)
            break;
        t[0] = t[1];
        t[1] = t[2];
        t[2] = tok;
        seen++;
    }
    if (seen < 3 || !tok_is(&t[0], '-') || !tok_is(&t[1], '-')
        || t[1].space_before || t[2].space_before || !tok_is_word(&t[2], flag))
        return 0;
    lx->len = t[0].col - lx->col0;
    return 1;
}

/* Rows of a plot in the terminal: the caller's height (0: plot_text.c's
 * default, width/4 in [8, 24]), half again for each step of `spacing`,
 * so the back of the room can read it. */
static int plot_rows(const sess *s, int height)
{
    if (s->spacing <= 0)
        return height;
    int h = height > 0 ? height : out_width(s->o) / 4;
    h = height > 0 ? h : h < 8 ? 8 : h > 24 ? 24 : h;
    h += h * s->spacing / 2;
    return h > 120 ? 120 : h;
}

int cmd_draw(sess *s, const plot *p, int rows)
{
    if (s->svg_to[0]) {  // `> FILE.svg`: the n-th picture to FILE-n.svg
        char path[4200];
        size_t n = strlen(s->svg_to);
        int dot = n >= 4 && strcmp(s->svg_to + n - 4, ".svg") == 0;
        if (s->svg_count == 0)
            snprintf(path, sizeof path, "%s", s->svg_to);
        else
            snprintf(path, sizeof path, "%.*s-%d%s",
                     (int)(dot ? n - 4 : n), s->svg_to, s->svg_count + 1,
                     dot ? ".svg" : "");
        s->svg_count++;
        return cmd_show_plot(s, p, path, 0);
    }
    if (s->picture)
        s->picture(s->front_ctx, p);
    else
        plot_render_text(p, s->o, rows);
    return 0;
}

/* Columns a line of drawn text takes: its characters, colour escapes
 * (ESC [ ... m) left out. */
static size_t text_cols(const char *line, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (line[i] == '\x1b') {
            while (i < len && line[i] != 'm')
                i++;
            continue;
        }
        n += ((unsigned char)line[i] & 0xc0) != 0x80;
    }
    return n;
}

/* The next line of text at *at (without its newline): its start, with
 * its length in *len; NULL at the end. */
static const char *next_line(const char **at, size_t *len)
{
    const char *start = *at;
    if (!*start)
        return NULL;
    const char *nl = strchr(start, '\n');
    *len = nl ? (size_t)(nl - start) : strlen(start);
    *at = nl ? nl + 1 : start + *len;
    return start;
}

int cmd_draw_beside(sess *s, const plot *left, const plot *right)
{
    int rows = out_height(s->o);
    if (s->svg_to[0] || s->picture || rows == 0)
        return cmd_draw(s, left, 0) != 0 ? CMD_ERR : cmd_draw(s, right, 0);
    out *l = out_new_memory(), *r = out_new_memory();
    if (!l || !r) {
        out_free(l);
        out_free(r);
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    }
    out_set_color(l, out_color_on(s->o));
    out_set_ascii(l, out_ascii(s->o));
    out_set_width(l, out_width(s->o));
    out_set_height(l, rows);
    plot_render_text(left, l, 0);
    const char *at = out_text(l, OUT_OUT), *line;
    size_t len, wide = 0;
    while ((line = next_line(&at, &len)))
        wide = text_cols(line, len) > wide ? text_cols(line, len) : wide;
    out_set_color(r, out_color_on(s->o));
    out_set_ascii(r, out_ascii(s->o));
    out_set_width(r, out_width(s->o));
    out_set_height(r, rows);
    plot_render_text(right, r, 0);
    const char *lt = out_text(l, OUT_OUT), *rt = out_text(r, OUT_OUT);
    size_t ln = 0, rn = 0;
    for (at = lt; next_line(&at, &len);)
        ln++;
    for (at = rt; next_line(&at, &len);)
        rn++;
    if (ln + rn + 3 <= (size_t)rows
        || wide + 3 + 20 > (size_t)out_width(s->o)) {
        out_free(l);  // one under the other fits (or no room beside)
        out_free(r);
        return cmd_draw(s, left, 0) != 0 ? CMD_ERR : cmd_draw(s, right, 0);
    }
    out_clear(r);
    out_set_width(r, out_width(s->o) - (int)wide - 3);
    plot_render_text(right, r, 0);
    rt = out_text(r, OUT_OUT);
    rn = 0;
    for (at = rt; next_line(&at, &len);)
        rn++;
    // the right-hand picture centred against the left one
    size_t skip = ln > rn ? (ln - rn) / 2 : 0;
    const char *la = lt, *ra = rt;
    for (size_t i = 0; i < (ln > rn ? ln : rn); i++) {
        size_t l1 = 0, r1 = 0;
        const char *a = next_line(&la, &l1);
        const char *b = i >= skip ? next_line(&ra, &r1) : NULL;
        size_t used = a ? text_cols(a, l1) : 0;
        if (a)
            out_write(s->o, OUT_OUT, a, l1);
        if (b) {
            for (size_t k = used; k < wide + 3; k++)
                out_write(s->o, OUT_OUT, " ", 1);
            out_write(s->o, OUT_OUT, b, r1);
        }
        out_write(s->o, OUT_OUT, "\n", 1);
    }
    out_free(l);
    out_free(r);
    return 0;
}

int cmd_svg_target(sess *s, lexer *lx)
{
    s->svg_count = 0;
    return cmd_read_svg_target(s, lx, s->svg_to, sizeof s->svg_to);
}

/* Draws p in the terminal, or writes it as SVG to path. 0 or CMD_ERR. */
int cmd_show_plot(sess *s, const plot *p, const char *path, int height)
{
    if (!path || !path[0]) {
        record_plot_begin(s);
        if (cmd_draw(s, p, plot_rows(s, height)) != 0)
            return CMD_ERR;
        record_plot(s, p, SVG_WIDTH, SVG_HEIGHT);  // a handout's picture
        return 0;
    }
    char *svg;
    size_t len;
    if (plot_render_svg(p, SVG_WIDTH, SVG_HEIGHT, &svg, &len) != 0)
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    int rc = cmd_write_svg(s, path, svg, len, SVG_WIDTH, SVG_HEIGHT);
    free(svg);
    if (rc == 0)
        record_plot(s, p, SVG_WIDTH, SVG_HEIGHT);
    return rc;
}

int cmd_confusion_svg(sess *s, const char *const *names, const size_t *conf,
                      size_t n, const char *title)
{
    if (!s->svg_to[0])
        return 0;
    char *svg;
    size_t len;
    int w, h;
    if (plot_confusion_svg(title, names, conf, n, &svg, &len, &w, &h) != 0)
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    s->svg_count++;
    int rc = cmd_write_svg(s, s->svg_to, svg, len, w, h);
    free(svg);
    return rc;
}

int cmd_write_svg(sess *s, const char *path, const char *svg, size_t len,
                  int width, int height)
{
    char target[4096], why[300];
    files_rule rule;
    if (cmd_write_target(s, path, target, sizeof target, &rule) != 0)
        return CMD_ERR;
    path = target;
    if (sess_write_file(s, &rule, path, svg, len, why, sizeof why) != 0)
        return sess_fail(s, SIZE_MAX, 0, "%s", why);
    char shown[120];
    files_shown_name(path, shown, sizeof shown);
    size_t n = strlen(path);
    out_printf(s->o, "wrote %s (SVG, %dx%d)%s\n", shown, width, height,
               n < 4 || strcmp(path + n - 4, ".svg") != 0
               ? "; note: the file is SVG whatever its name says" : "");
    return 0;
}

/* ============================ curves ============================ */

/* 0 when [from, to] can be drawn: its width must be a finite double (the
 * plot places x at (x - from) / (to - from)); else CMD_ERR, said so. */
static int drawable(sess *s, double from, double to)
{
    char b1[32], b2[32];
    if (isfinite(to - from))
        return 0;
    return sess_fail(s, SIZE_MAX, 0, "the range is too wide to draw: from "
                     "%s to %s is more than 1.8e308 across",
                     sess_num(s, from, b1), sess_num(s, to, b2));
}

/* Adds curve c sampled on [from, to] to p. 0 or CMD_ERR. */
static int add_curve(sess *s, plot *p, const curve *c, double from,
                     double to)
{
    double *x = nn_malloc(PLOT_SAMPLES * sizeof *x);
    double *y = nn_malloc(PLOT_SAMPLES * sizeof *y);
    int rc = x && y ? 0 : sess_fail(s, SIZE_MAX, 0, "out of memory");
    for (size_t i = 0; rc == 0 && i < PLOT_SAMPLES; i++) {
        x[i] = curves_x(from, to, i, PLOT_SAMPLES);
        rc = sess_interrupted(s) ? sess_fail(s, SIZE_MAX, 0, "interrupted")
             : curves_eval(s, c, x[i], &y[i]);
    }
    if (rc == 0 && plot_line(p, c->label, x, y, PLOT_SAMPLES) != 0)
        rc = sess_fail(s, SIZE_MAX, 0, "%s", plot_full(p)
                       ? "too many curves for one plot" : "out of memory");
    free(x);
    free(y);
    return rc;
}

/* Each ReLU unit's share c*relu(w*x + b) of a ReLU-sum curve. */
static int add_units(sess *s, plot *p, const curve *c, double from,
                     double to)
{
    nn_relusum z = { 0 };
    if (curves_relusum(s, c, &z) != 0)
        return CMD_ERR;
    double x[PLOT_SAMPLES], y[PLOT_SAMPLES];
    int rc = 0;
    for (size_t k = 0; k < z.n && rc == 0; k++) {
        const nn_relu_unit *u = &z.unit[k];
        for (size_t i = 0; i < PLOT_SAMPLES; i++) {
            x[i] = curves_x(from, to, i, PLOT_SAMPLES);
            double v = u->w * x[i] + u->b;
            y[i] = u->c * (v > 0 ? v : 0);
        }
        char label[80];
        const char *name = defs_name(s->defs, u->origin);
        if (name)
            snprintf(label, sizeof label, "%s%s", u->c < 0 ? "-" : "", name);
        else
            snprintf(label, sizeof label, "unit %zu", k + 1);
        if (plot_line(p, label, x, y, PLOT_SAMPLES) != 0)
            rc = !plot_full(p) ? sess_fail(s, SIZE_MAX, 0, "out of memory")
               : sess_fail(s, SIZE_MAX, 0, "too many units to show (at most "
                           "%d curves in a plot)", PLOT_MAX_SERIES);
    }
    nn_relusum_free(&z);
    return rc;
}

int curves_plot(sess *s, const curve *items, size_t n, double from,
                double to, const char *path)
{
    if (drawable(s, from, to) != 0)
        return CMD_ERR;
    plot *p = plot_new();
    int rc = p ? 0 : sess_fail(s, SIZE_MAX, 0, "out of memory");
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = add_curve(s, p, &items[i], from, to);
    if (rc == 0) {
        plot_xrange(p, from, to);
        rc = cmd_show_plot(s, p, path, 0);
    }
    plot_free(p);
    return rc;
}

/* Epochs of a run thin() looks at, at most: a watched run redraws its
 * loss 20 times a second, and looking at all of a million epochs each
 * time would cost more than a frame should. */
#define THIN_LOOKS 16

/* Thins hist[0..n) to at most `most` points (x the epoch, 1-based) into
 * x and y: each of most/2 runs of epochs keeps its lowest and its highest
 * point (of THIN_LOOKS spread over the run), in order, so the line keeps
 * its envelope. Returns the points kept. */
static size_t thin(const double *hist, size_t n, size_t most, double *x,
                   double *y)
{
    size_t runs = most / 2, kept = 0;
    for (size_t r = 0; r < runs; r++) {
        size_t from = n * r / runs, to = n * (r + 1) / runs;
        if (from == to)
            continue;
        size_t lo = from, hi = from;
        size_t step = (to - from + THIN_LOOKS - 1) / THIN_LOOKS;
        for (size_t i = from; i < to; i += step) {
            lo = hist[i] < hist[lo] ? i : lo;
            hi = hist[i] > hist[hi] ? i : hi;
        }
        size_t first = lo < hi ? lo : hi, second = lo < hi ? hi : lo;
        x[kept] = (double)(first + 1);
        y[kept++] = hist[first];
        if (second != first) {
            x[kept] = (double)(second + 1);
            y[kept++] = hist[second];
        }
    }
    return kept;
}

int cmd_history_plot(sess *s, int loss, size_t most, plot **picture)
{
    trainer *t = &s->tr;
    const double *hist = loss ? t->hist_loss : t->hist_errors;
    size_t n = t->hist_n;
    *picture = NULL;
    if (s->nw.net && !loss)
        return sess_fail(s, SIZE_MAX, 0, "a network's history is its loss: "
                         "plot loss");
    if (s->nw.net) {  // the model is the network: its epochs
        hist = s->nw.hist;
        n = s->nw.hist_n;
    }
    if (n == 0)
        return sess_fail(s, SIZE_MAX, 0, "no epochs trained yet: train a "
                         "few first (train 20)");
    int thinned = most >= 2 && n > most;
    size_t m = thinned ? most : n;
    double *x = nn_malloc(m * sizeof *x);
    double *y = thinned ? nn_malloc(m * sizeof *y) : NULL;
    plot *p = plot_new();
    int rc = x && p && (y || !thinned) ? 0
             : sess_fail(s, SIZE_MAX, 0, "out of memory");
    if (rc == 0 && thinned)
        m = thin(hist, n, most, x, y);
    for (size_t i = 0; rc == 0 && !thinned && i < n; i++)
        x[i] = (double)(i + 1);
    if (rc == 0) {
        plot_integer_x(p);
        if (n == 1)
            plot_xrange(p, 0.5, 1.5);
        if (plot_title(p, loss ? "loss after each epoch"
                               : "mistakes in each epoch") != 0
            || plot_labels(p, "epoch", loss ? "loss" : "mistakes") != 0
            || plot_line(p, loss ? "loss" : "mistakes", x,
                         thinned ? y : hist, m) != 0)
            rc = sess_fail(s, SIZE_MAX, 0, "out of memory");
    }
    free(x);
    free(y);
    if (rc != 0) {
        plot_free(p);
        return CMD_ERR;
    }
    *picture = p;
    return 0;
}

/* plot loss | plot errors: the history of the epochs trained. */
static int plot_history(sess *s, int loss, const char *path)
{
    plot *p;
    if (cmd_history_plot(s, loss, 0, &p) != 0)
        return CMD_ERR;
    int rc = cmd_show_plot(s, p, path, 0);
    plot_free(p);
    return rc;
}

/* What plot draws besides curves: the training's history. */
static const struct plot_row {
    cmd_word word;
    int loss;  /* 1: the loss after each epoch; 0: the mistakes in each */
} plot_words[] = {
    { { "loss", "loss", "the loss after each epoch of training", 0,
        "data and; train 20; plot loss" }, 1 },
    { { "errors", "errors", "the perceptron's mistakes in each epoch", 0,
        "data and; train 10; plot errors" }, 0 },
};

const cmd_word *cmd_plot_word(size_t i)
{
    return i < sizeof plot_words / sizeof plot_words[0] ? &plot_words[i].word
                                                        : NULL;
}

int cmd_plot(sess *s, const cmd_args *a)
{
    lexer lx;
    token t, t2;
    lex_error err;
    char path[4096];
    cmd_lex(&lx, a);
    if (cmd_read_svg_target(s, &lx, path, sizeof path) != 0)
        return CMD_ERR;
    lexer look = lx;  // a row alone, or curves (`loss` may be a name)
    int row = lex_next(&look, &t, &err) == 0
              ? cmd_row_of(cmd_plot_word, &t) : -1;
    if (row >= 0 && lex_next(&look, &t2, &err) == 0 && t2.kind == TOK_END)
        return plot_history(s, plot_words[row].loss, path);
    curve_set cs;
    int dashed = cmd_strip_flag(&lx, "units");
    if (curves_read(s, &lx, &cs, "units") != 0)
        return CMD_ERR;
    int units = dashed || (lex_peek(&lx, &t, &err) == 0
                           && tok_is_word(&t, "units"));
    if (units && !dashed)
        lex_next(&lx, &t, &err);
    int rc = cmd_read_end(s, &lx);
    if (rc == 0 && units && cs.n != 1)
        rc = sess_fail(s, SIZE_MAX, 0, "`units` shows the units of one "
                       "curve; give only one");
    double from = cs.has_range ? cs.from : -6, to = cs.has_range ? cs.to : 6;
    if (rc == 0)
        rc = drawable(s, from, to);
    plot *p = rc == 0 ? plot_new() : NULL;
    if (rc == 0 && !p)
        rc = sess_fail(s, SIZE_MAX, 0, "out of memory");
    for (size_t i = 0; rc == 0 && i < cs.n; i++) {
        if (sess_interrupted(s))
            rc = sess_fail(s, SIZE_MAX, 0, "interrupted");
        else
            rc = add_curve(s, p, &cs.item[i], from, to);
    }
    if (rc == 0 && units)
        rc = add_units(s, p, &cs.item[0], from, to);
    if (rc == 0) {
        plot_xrange(p, from, to);
        rc = cmd_show_plot(s, p, path, 0);
    }
    plot_free(p);
    curves_free(&cs);
    return rc;
}

/* ============================ boundary ============================ */

/* Classes boundary draws, each its own glyph and colour. */
#define BOUNDARY_CLASSES 6

/* The class the neuron gives the point (x1, x2): regions of boundary. */
static int classify(void *ctx, double x1, double x2)
{
    const sess *s = ctx;
    const nn_neuron *nr = s->nr;
    double z = nr->w[0] * x1 + nr->w[1] * x2 + nr->b;
    return nn_learn_class(&s->tr.cfg, nr, z, nr->act->f(z, nr->param));
}

/* The class the network gives the point (x1, x2). */
static int net_classify(void *ctx, double x1, double x2)
{
    return net_class_at(ctx, x1, x2);
}

/* Adds the line w1*x1 + w2*x2 + b = 0 across [lo, hi] x [ylo, yhi]. */
static int add_line(plot *p, const char *label, double w1, double w2,
                    double b, double lo, double hi, double ylo, double yhi)
{
    double x[2], y[2];
    if (w2 != 0) {
        x[0] = lo;
        x[1] = hi;
        y[0] = -(w1 * lo + b) / w2;
        y[1] = -(w1 * hi + b) / w2;
    } else if (w1 != 0) {
        x[0] = x[1] = -b / w1;
        y[0] = ylo;
        y[1] = yhi;
    } else {
        return 0;  // no line: every point is on one side
    }
    return plot_line(p, label, x, y, 2);
}

/* Range of feature j of d, padded by 10% (at least 0.5 each side). */
static void feature_range(const nn_data *d, size_t j, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t i = 0; i < d->rows; i++) {
        double v = d->x[i * d->cols + j];
        *lo = v < *lo ? v : *lo;
        *hi = v > *hi ? v : *hi;
    }
    double pad = (*hi - *lo) * 0.1;
    pad = pad < 0.5 ? 0.5 : pad;
    *lo -= pad;
    *hi += pad;
}

/* Checks boundary can draw the session's model on its data: 0 with the
 * number of classes in *classes, or CMD_ERR. */
static int boundary_ready(sess *s, size_t *classes)
{
    const nn_data *d = s->tr.data;
    if (!d || d->rows == 0)
        return sess_fail(s, SIZE_MAX, 0, "no data yet: try `data and` or "
                         "`data blobs 50`");
    if (d->cols != 2)
        return sess_fail(s, SIZE_MAX, 0, "boundary draws 2-feature data; "
                         "this data set has %zu", d->cols);
    const nn_net *net = s->nw.net;
    if (net && nn_net_inputs(net) != 2)
        return sess_fail(s, SIZE_MAX, 0, "the network has %zu input%s; "
                         "boundary draws a network of 2",
                         nn_net_inputs(net),
                         nn_net_inputs(net) == 1 ? "" : "s");
    if (!net && (s->nr->n != 2 || !s->have_weights))
        return sess_fail(s, SIZE_MAX, 0, "the neuron needs 2 weights for "
                         "this data (load the data again)");
    *classes = d->classes > 2 ? d->classes : 2;
    if (*classes > BOUNDARY_CLASSES)
        return sess_fail(s, SIZE_MAX, 0, "boundary draws up to %d classes; "
                         "this data set has %zu", BOUNDARY_CLASSES, *classes);
    if (*classes > 2 && !net)
        return sess_fail(s, SIZE_MAX, 0, "one neuron separates two classes; "
                         "this data set has %zu: train a network", *classes);
    return 0;
}

/* The points of each class: x[c][0..n[c]), y[c][0..n[c]) (malloc'ed; the
 * caller frees every x[c] and y[c]). 0 or CMD_ERR. */
static int class_points(sess *s, size_t classes, double **x, double **y,
                        size_t *n)
{
    const nn_data *d = s->tr.data;
    for (size_t c = 0; c < classes; c++) {
        x[c] = nn_malloc(d->rows * sizeof(double));
        y[c] = nn_malloc(d->rows * sizeof(double));
        if (!x[c] || !y[c])
            return sess_fail(s, SIZE_MAX, 0, "out of memory");
    }
    for (size_t i = 0; i < d->rows; i++) {
        size_t c = d->classes > 2 ? (size_t)d->y[i] : d->y[i] != 0;
        x[c][n[c]] = d->x[i * 2];
        y[c][n[c]++] = d->x[i * 2 + 1];
    }
    return 0;
}

/* The lines of the network's first units boundary draws: a few at most,
 * and only when a layer follows them. */
static size_t unit_lines(const nn_net *net)
{
    size_t units = nn_net_layer(net, 0).units;
    return units <= NET_BOUNDARY_LINES && nn_net_layers(net) > 1 ? units : 0;
}

/* The network's regions, its first units' lines and the points. */
static int net_boundary(sess *s, plot *p, const double *range, size_t classes,
                        double *const *x, double *const *y, const size_t *n)
{
    const nn_net *net = s->nw.net;
    const nn_data *d = s->tr.data;
    plot_regions(p, net_classify, s);
    if (plot_title(p, "the network's decision regions") != 0)
        return -1;
    const float *w = nn_net_weights(net, 0), *b = nn_net_biases(net, 0);
    for (size_t j = 0; j < unit_lines(net); j++) {
        char label[48];
        snprintf(label, sizeof label, "unit %zu of layer 1", j + 1);
        if (add_line(p, label, w[2 * j], w[2 * j + 1], b[j], range[0],
                     range[1], range[2], range[3]) != 0)
            return -1;
    }
    for (size_t c = 0; c < classes; c++) {
        char label[80];
        const char *name = nn_data_class_name(d, c);
        if (name)
            snprintf(label, sizeof label, "%s", name);
        else
            snprintf(label, sizeof label, "y = %zu", c);
        if (plot_points(p, label, x[c], y[c], n[c], (int)c) != 0)
            return -1;
    }
    return 0;
}

/* The neuron's regions and line, a true separator, the points. */
static int neuron_boundary(sess *s, plot *p, const double *range,
                           double *const *x, double *const *y,
                           const size_t *n)
{
    const nn_neuron *nr = s->nr;
    const nn_data *d = s->tr.data;
    plot_regions(p, classify, s);
    if (plot_title(p, "the decision line w1*x1 + w2*x2 + b = 0") != 0
        || add_line(p, "the neuron's line", nr->w[0], nr->w[1], nr->b,
                    range[0], range[1], range[2], range[3]) != 0
        || (d->has_truth && add_line(p, "a true separator", d->truth[0],
                                     d->truth[1], d->truth[2], range[0],
                                     range[1], range[2], range[3]) != 0)
        || plot_points(p, "y = 0", x[0], y[0], n[0], 0) != 0
        || plot_points(p, "y = 1", x[1], y[1], n[1], 1) != 0)
        return -1;
    return 0;
}

int cmd_boundary_plot(sess *s, plot **picture)
{
    size_t classes = 0;
    *picture = NULL;
    if (boundary_ready(s, &classes) != 0)
        return CMD_ERR;
    double range[4];  // x1 from, to; x2 from, to
    feature_range(s->tr.data, 0, &range[0], &range[1]);
    feature_range(s->tr.data, 1, &range[2], &range[3]);
    plot *p = plot_new();
    double *x[BOUNDARY_CLASSES] = { NULL }, *y[BOUNDARY_CLASSES] = { NULL };
    size_t n[BOUNDARY_CLASSES] = { 0 };
    int rc = p ? class_points(s, classes, x, y, n) : sess_fail(s, SIZE_MAX, 0,
                                                       "out of memory");
    if (rc == 0) {
        plot_xrange(p, range[0], range[1]);
        plot_yrange(p, range[2], range[3]);
        if (plot_labels(p, "x1", "x2") != 0
            || (s->nw.net ? net_boundary(s, p, range, classes, x, y, n)
                          : neuron_boundary(s, p, range, x, y, n)) != 0)
            rc = sess_fail(s, SIZE_MAX, 0, "out of memory");
    }
    for (size_t c = 0; c < BOUNDARY_CLASSES; c++) {
        free(x[c]);
        free(y[c]);
    }
    if (rc != 0) {
        plot_free(p);
        return CMD_ERR;
    }
    *picture = p;
    return 0;
}

int cmd_boundary(sess *s, const cmd_args *a)
{
    lexer lx;
    char path[4096];
    cmd_lex(&lx, a);
    if (cmd_read_svg_target(s, &lx, path, sizeof path) != 0
        || cmd_read_end(s, &lx) != 0)
        return CMD_ERR;
    plot *p;
    if (cmd_boundary_plot(s, &p) != 0)
        return CMD_ERR;
    int rc = cmd_show_plot(s, p, path, 0);
    plot_free(p);
    char b1[32], b2[32], b3[32];
    const nn_net *net = s->nw.net;
    if (rc == 0 && net) {
        const float *w = nn_net_weights(net, 0), *b = nn_net_biases(net, 0);
        for (size_t j = 0; j < unit_lines(net); j++)
            out_printf(s->o, "unit %zu of layer 1: %s*x1 + %s*x2 + %s = 0\n",
                       j + 1, cmd_paren(s, w[2 * j], b1),
                       cmd_paren(s, w[2 * j + 1], b2), cmd_paren(s, b[j], b3));
        return rc;
    }
    const nn_neuron *nr = s->nr;
    if (rc == 0)
        out_printf(s->o, "line: %s*x1 + %s*x2 + %s = 0%s\n",
                   cmd_paren(s, nr->w[0], b1), cmd_paren(s, nr->w[1], b2),
                   cmd_paren(s, nr->b, b3), nr->w[0] == 0 && nr->w[1] == 0
                   ? " (no line: both weights are 0)" : "");
    return rc;
}

/* ============================ an activation's curve ============================ */

int cmd_activation_plot(sess *s, const nn_act *act, double param,
                        int has_mark, double z, plot **picture)
{
    double lo = -4, hi = 4;
    *picture = NULL;
    if (has_mark) {
        lo = z - 1 < -6 ? z - 1 : -6;
        hi = z + 1 > 6 ? z + 1 : 6;
        if (!(hi - lo < 1e6)) {  // a z far out: a window around it
            lo = z - 6;
            hi = z + 6;
        }
    }
    double x[PLOT_SAMPLES], y[PLOT_SAMPLES];
    for (size_t i = 0; i < PLOT_SAMPLES; i++) {
        x[i] = curves_x(lo, hi, i, PLOT_SAMPLES);
        y[i] = act->f(x[i], param);
    }
    plot *p = plot_new();
    if (!p || plot_line(p, act->name, x, y, PLOT_SAMPLES) != 0) {
        plot_free(p);
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    }
    plot_xrange(p, lo, hi);
    if (has_mark && isfinite(z)) {
        char label[80], b1[32], b2[32];
        double a = act->f(z, param);
        snprintf(label, sizeof label, "z = %s, a = %s", sess_num(s, z, b1),
                 sess_num(s, a, b2));
        plot_mark(p, z, a, label);
    }
    *picture = p;
    return 0;
}

int cmd_plot_activation(sess *s, const nn_act *act, double param,
                        int has_mark, double z, int height)
{
    plot *p;
    if (cmd_activation_plot(s, act, param, has_mark, z, &p) != 0)
        return CMD_ERR;
    cmd_show_plot(s, p, NULL, height);  // in the terminal (and a handout)
    plot_free(p);
    return 0;
}
