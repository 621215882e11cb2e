/*
 * cmd_data.c - `data`: the training set. Built-in truth tables, CSV
 * files, samples typed one by one, generated 2-D sets, a train/test
 * split, and the table that shows them.
 *
 *   data and          data load points.csv     data add 1 0 -> 1
 *   data blobs 50     data split 0.8           data remove 3   data clear
 */
#include "cmd.h"
#include "suggest.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "curves.h"
#include "files.h"
#include "../engine/mem.h"  /* nn_malloc: allocations a test can fail */

/* Rows shown in full before the middle of a long table is elided. */
#define DATA_SHOW_ROWS 20

/* ============================ the table ============================ */

static void print_rows(sess *s, const nn_data *d, const char *title)
{
    out *o = s->o;
    char num[32];
    out_printf(o, "%s: %zu sample%s, %zu feature%s, ", title, d->rows,
               d->rows == 1 ? "" : "s", d->cols, d->cols == 1 ? "" : "s");
    if (d->regression)
        out_printf(o, "real labels (a curve to fit)\n");
    else if (d->classes) {  // named: as the labels read in the table
        out_printf(o, "%zu class%s:", d->classes,
                   d->classes == 1 ? "" : "es");
        for (size_t k = 0; k < d->classes; k++) {
            const char *name = nn_data_class_name(d, k);
            out_printf(o, " %zu = ", k);
            out_escaped(o, OUT_OUT, name, strlen(name));
            out_printf(o, "%s", k + 1 < d->classes ? "," : "\n");
        }
    } else {
        out_printf(o, "labels 0 or 1\n");
    }
    int fit = (out_width(o) - 15) / 9;  // "#####" + " x..." + "  ..." + " |  y"
    size_t cap = fit < 1 ? 1 : fit > 8 ? 8 : (size_t)fit;
    size_t shown_cols = d->cols > cap ? cap : d->cols;
    out_printf(o, "%5s", "#");
    for (size_t j = 0; j < shown_cols; j++) {
        char head[16];
        snprintf(head, sizeof head, "x%zu", j + 1);
        out_printf(o, " %8s", head);
    }
    out_printf(o, "%s %s  y\n", d->cols > shown_cols ? "  ..." : "",
               out_glyph(o, "│", "|"));
    for (size_t i = 0; i < d->rows; i++) {
        if (d->rows > DATA_SHOW_ROWS && i == 10) {
            out_printf(o, "%5s  (%zu more)\n", "...", d->rows - 15);
            i = d->rows - 5;
        }
        out_printf(o, "%5zu", i + 1);
        for (size_t j = 0; j < shown_cols; j++)
            out_printf(o, " %8s", sess_num_col(s, d->x[i * d->cols + j],
                                               num));
        out_printf(o, "%s %s  %s\n", d->cols > shown_cols ? "  ..." : "",
                   out_glyph(o, "│", "|"), sess_num(s, d->y[i], num));
    }
}

/* ============================ installing a set ============================ */

/* A label typed for the current set: 0 or 1, a class number of a set
 * with named classes, or any number of a regression set. */
static int check_label(sess *s, const token *t, double y)
{
    const nn_data *d = s->tr.data;
    if (d && d->regression)
        return 0;  // a finite number: the reader took care of that
    if (d && d->classes) {
        if (y >= 0 && y < (double)d->classes && y == floor(y))
            return 0;
        return sess_fail(s, t->col, t->len, "the label must be a class "
                         "number from 0 to %zu", d->classes - 1);
    }
    if (y == 0 || y == 1)
        return 0;
    return sess_fail(s, t->col, t->len, "the label must be 0 or 1");
}

/* Makes d (owned) the training set; the neuron gets one input per
 * feature (weights and bias 0 when its size changes). CMD_ERR, d freed
 * and nothing changed, on out of memory. */
static int install(sess *s, nn_data *d, const char *source, int separable)
{
    trainer *t = &s->tr;
    nn_neuron *nr = NULL;
    if (s->nr->n != d->cols || !(s->have_inputs || s->have_weights)) {
        if (!(nr = nn_neuron_new(d->cols, s->nr->act))) {
            nn_data_free(d);
            return sess_fail(s, SIZE_MAX, 0, "out of memory");
        }
    }
    nn_data_free(t->data);
    nn_data_free(t->test);
    t->data = d;
    t->test = NULL;
    s->nw.on_images = 0;  // one data set: the network learns this one
    snprintf(t->source, sizeof t->source, "%s", source);
    t->separable = separable;
    train_restart(t);
    if (nr) {
        nr->param = s->nr->param;
        nn_neuron_free(s->nr);
        s->nr = nr;
        s->have_inputs = 0;
        s->have_weights = 1;
        out_printf(s->o, "the neuron now has %zu input%s; its weights "
                   "and bias start at 0\n", d->cols, d->cols == 1 ? "" : "s");
    }
    return CMD_OK;
}

static int data_gate(sess *s, const nn_gate_info *g)
{
    nn_data *d;
    nn_status st = nn_data_gate(g->name, strlen(g->name), &d);
    if (st != NN_OK)
        return sess_fail(s, SIZE_MAX, 0, "%s", nn_strerror(st));
    if (install(s, d, g->name, g->separable) != CMD_OK)
        return CMD_ERR;
    print_rows(s, d, g->name);
    return CMD_OK;
}

/* Reads a whole number from lo to hi for `what`. */
static int read_count(sess *s, lexer *lx, const char *what, double lo,
                      double hi, size_t *n)
{
    token t;
    lex_error err;
    double v;
    lex_peek(lx, &t, &err);
    if (cmd_read_number(s, lx, what, &v) != 0)
        return CMD_ERR;
    if (!(v >= lo && v <= hi && v == floor(v)))
        return sess_fail(s, t.col, t.len, "%s must be a whole number from "
                         "%g to %g", what, lo, hi);
    *n = (size_t)v;
    return 0;
}

/* A generated set: its row, the generator, what is known of it. */
typedef struct data_gen {
    cmd_word word;
    nn_status (*make)(size_t n, nn_rng *r, nn_data **out);
    int separable;       /* 1, 0, or -1 unknown */
} data_gen;

static const data_gen gens[] = {
    { { "blobs", "blobs N", "2-D points a straight line separates", 0,
        "data blobs 100" },
      nn_data_blobs, 1 },
    { { "moons", "moons N", "two interleaving half circles: no straight "
        "line separates them", 0, "data moons 200" }, nn_data_moons, 0 },
    { { "circle", "circle N", "a disc inside a ring: no straight line "
        "separates them", 0, "data circle 200" }, nn_data_circle, 0 },
    { { "spiral", "spiral N", "two interleaved spirals, for a network", 0,
        "data spiral 200" },
      nn_data_spiral, 0 },
};

#define GEN_COUNT (sizeof gens / sizeof gens[0])

static int data_generated(sess *s, lexer *lx, const data_gen *g)
{
    size_t n = 100;
    token t;
    lex_error err;
    if (lex_peek(lx, &t, &err) == 0 && t.kind != TOK_END
        && read_count(s, lx, "the number of samples", 2, 100000, &n) != 0)
        return CMD_ERR;
    if (cmd_read_end(s, lx) != 0)
        return CMD_ERR;
    nn_data *d = NULL;
    nn_rng drawn_from = s->rng;  // put back if the set cannot be made
    nn_status st = g->make(n, &s->rng, &d);
    char name[32];
    snprintf(name, sizeof name, "%s %zu", g->word.name, n);
    if (st != NN_OK || install(s, d, name, g->separable) != CMD_OK) {
        s->rng = drawn_from;
        return st != NN_OK ? sess_fail(s, SIZE_MAX, 0, "%s", nn_strerror(st))
                           : CMD_ERR;
    }
    print_rows(s, d, name);
    return CMD_OK;
}

static int data_load(sess *s, const cmd_args *a, lexer *lx)
{
    size_t len, col;
    const char *path = lex_rest(lx, &len, &col);
    char name[4096];
    if (len == 0)
        return sess_fail(s, SIZE_MAX, 0, "give a file: data load "
                         "points.csv");
    if (len >= sizeof name)
        return sess_fail(s, col, len, "file name too long");
    memcpy(name, path, len);
    name[len] = '\0';
    (void)a;
    char *buf;
    size_t n;
    char why[200];
    char near[4096];
    sess_find_file(s, name, near, sizeof near);
    if (files_read(near, FILES_MAX_DATA, &buf, &n, why, sizeof why) != 0)
        return sess_fail(s, col, len, "%s", why);
    nn_data *d = NULL;
    nn_errinfo info = { 0 };
    nn_status st = nn_data_parse_csv(buf, n, &d, &info);
    free(buf);
    if (st != NN_OK) {
        char shown[80];
        files_shown_name(name, shown, sizeof shown);
        if (info.line > 0)
            return sess_fail(s, SIZE_MAX, 0, "%s:%ld:%ld: %s", shown,
                             info.line, info.column,
                             info.msg[0] ? info.msg : nn_strerror(st));
        return sess_fail(s, SIZE_MAX, 0, "%s: %s", shown,
                         info.msg[0] ? info.msg : nn_strerror(st));
    }
    char shown[TRAIN_SOURCE_MAX];
    files_shown_name(name, shown, sizeof shown);
    if (install(s, d, shown, -1) != CMD_OK)
        return CMD_ERR;
    print_rows(s, d, shown);
    return CMD_OK;
}

/* Most numbers `data add` takes typed out. */
#define ADD_MAX_TYPED 1024

/* Reads the features of `data add`: numbers up to '->', or `image NAME`.
 * *v is malloc'ed. 0 or CMD_ERR. */
static int add_features(sess *s, lexer *lx, double **v, size_t *n)
{
    token t;
    lex_error err;
    *n = 0;
    if (lex_peek(lx, &t, &err) == 0 && tok_is_word(&t, "image")) {
        lex_next(lx, &t, &err);
        if (lex_next(lx, &t, &err) != 0)
            return sess_fail_lex(s, &err);
        const image *im = t.kind == TOK_NAME
                          ? images_find(&s->images, t.start, t.len) : NULL;
        if (!im)
            return sess_fail(s, t.col, t.len, "no image named '%.*s'; "
                             "`images` lists them",
                             t.len > 40 ? 40 : (int)t.len, t.start);
        *n = im->rows * im->cols;
        if (!(*v = nn_malloc(*n * sizeof **v)))
            return sess_fail(s, SIZE_MAX, 0, "out of memory");
        memcpy(*v, im->px, *n * sizeof **v);
        return 0;
    }
    if (!(*v = nn_malloc(ADD_MAX_TYPED * sizeof **v)))
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    for (;;) {
        if (lex_peek(lx, &t, &err) != 0)
            return sess_fail_lex(s, &err);
        if (tok_is(&t, TOK_ARROW) || t.kind == TOK_END)
            return 0;
        if (tok_is(&t, ',') || tok_is(&t, '[') || tok_is(&t, ']')) {
            lex_next(lx, &t, &err);  // brackets are optional, as in inputs
            continue;
        }
        if (*n == ADD_MAX_TYPED)
            return sess_fail(s, t.col, t.len, "too many features to type "
                             "(at most %d)", ADD_MAX_TYPED);
        if (cmd_read_number(s, lx, "a feature value", &(*v)[*n]) != 0)
            return CMD_ERR;
        (*n)++;
    }
}

static int data_add_test(sess *s, lexer *lx);

/* data add X1 X2 ... -> Y, or data add image NAME -> Y */
static int data_add(sess *s, lexer *lx)
{
    double *v = NULL, y;
    size_t n;
    token t;
    lex_error err;
    if (lex_peek(lx, &t, &err) == 0 && tok_is_word(&t, "test")) {
        lex_next(lx, &t, &err);
        return data_add_test(s, lx);
    }
    int rc = add_features(s, lx, &v, &n);
    if (rc == 0 && lex_next(lx, &t, &err) != 0)
        rc = sess_fail_lex(s, &err);
    if (rc == 0 && !tok_is(&t, TOK_ARROW)) {
        lex_expected(&err, &t, "'-> LABEL' after the features");
        rc = sess_fail_lex(s, &err);
    }
    if (rc == 0) {
        lex_peek(lx, &t, &err);
        rc = cmd_read_number(s, lx, "the label, 0 or 1", &y);
    }
    if (rc == 0)
        rc = cmd_read_end(s, lx);
    if (rc == 0 && n == 0)
        rc = sess_fail(s, SIZE_MAX, 0, "give the features before '->': "
                       "data add 1 0 -> 1");
    if (rc == 0)
        rc = check_label(s, &t, y);
    nn_data *d = NULL;
    if (rc == 0) {
        d = s->tr.data ? nn_data_copy(s->tr.data) : nn_data_new(n);
        if (!d)
            rc = sess_fail(s, SIZE_MAX, 0, "out of memory");
    }
    if (rc == 0 && d->cols != n)
        rc = sess_fail(s, SIZE_MAX, 0, "expected %zu feature%s (as the data "
                       "set has), got %zu", d->cols, d->cols == 1 ? "" : "s",
                       n);
    nn_status st = rc == 0 ? nn_data_add(d, v, y) : NN_OK;
    if (st != NN_OK)
        rc = sess_fail(s, SIZE_MAX, 0, "%s", st == NN_ERANGE
                       ? "the data set is full" : nn_strerror(st));
    free(v);
    if (rc != 0) {
        nn_data_free(d);
        return CMD_ERR;
    }
    if (s->tr.data) {  // same shape: keep the source and the progress
        nn_data_free(s->tr.data);
        s->tr.data = d;
        d->has_truth = 0;  // the true separator may no longer hold
        if (s->tr.separable == 1)
            s->tr.separable = -1;
    } else if (install(s, d, "typed", -1) != CMD_OK) {
        return CMD_ERR;
    }
    out_printf(s->o, "%zu sample%s\n", d->rows, d->rows == 1 ? "" : "s");
    return CMD_OK;
}

/* data add test X1 X2 ... -> Y: a sample for the test set (what `data
 * split` keeps aside for evaluate); `save` writes a split this way. */
static int data_add_test(sess *s, lexer *lx)
{
    double *v = NULL, y = 0;
    size_t n = 0;
    token t;
    lex_error err;
    const nn_data *train = s->tr.data;
    int rc = add_features(s, lx, &v, &n);
    if (rc == 0 && (lex_next(lx, &t, &err) != 0 || !tok_is(&t, TOK_ARROW))) {
        lex_expected(&err, &t, "'-> LABEL' after the features");
        rc = sess_fail_lex(s, &err);
    }
    if (rc == 0) {
        lex_peek(lx, &t, &err);
        rc = cmd_read_number(s, lx, "the label, 0 or 1", &y);
    }
    if (rc == 0)
        rc = cmd_read_end(s, lx);
    if (rc == 0)
        rc = check_label(s, &t, y);
    if (rc == 0 && (!train || train->cols != n))
        rc = !train ? sess_fail(s, SIZE_MAX, 0, "there is no training set "
                                "yet: add training samples first")
           : sess_fail(s, SIZE_MAX, 0, "expected %zu feature%s (as the data "
                       "set has), got %zu", train->cols,
                       train->cols == 1 ? "" : "s", n);
    nn_data *d = NULL;
    if (rc == 0 && !(d = s->tr.test ? nn_data_copy(s->tr.test)
                                    : nn_data_new_like(train)))
        rc = sess_fail(s, SIZE_MAX, 0, "out of memory");
    if (rc == 0 && nn_data_add(d, v, y) != NN_OK)
        rc = sess_fail(s, SIZE_MAX, 0, "the test set is full");
    free(v);
    if (rc != 0) {
        nn_data_free(d);
        return CMD_ERR;
    }
    nn_data_free(s->tr.test);
    s->tr.test = d;
    out_printf(s->o, "%zu test sample%s\n", d->rows, d->rows == 1 ? "" : "s");
    return CMD_OK;
}

static int data_remove(sess *s, lexer *lx)
{
    size_t i;
    trainer *t = &s->tr;
    if (!t->data || t->data->rows == 0)
        return sess_fail(s, SIZE_MAX, 0, "there is no data to remove from");
    if (read_count(s, lx, "the sample number", 1, (double)t->data->rows,
                   &i) != 0 || cmd_read_end(s, lx) != 0)
        return CMD_ERR;
    nn_data *d = nn_data_copy(t->data);
    if (!d || nn_data_remove(d, i - 1) != NN_OK) {
        nn_data_free(d);
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    }
    nn_data_free(t->data);
    t->data = d;
    if (t->separable == 0)
        t->separable = -1;
    if (t->next >= d->rows)
        t->next = 0;
    out_printf(s->o, "%zu sample%s left\n", d->rows, d->rows == 1 ? "" : "s");
    return CMD_OK;
}

static int data_split(sess *s, lexer *lx)
{
    token t;
    lex_error err;
    double frac;
    trainer *tr = &s->tr;
    lex_peek(lx, &t, &err);
    if (cmd_read_number(s, lx, "the training fraction, such as 0.8",
                        &frac) != 0 || cmd_read_end(s, lx) != 0)
        return CMD_ERR;
    if (!(frac > 0 && frac < 1))
        return sess_fail(s, t.col, t.len, "the training fraction must be "
                         "between 0 and 1, such as 0.8");
    if (!tr->data)
        return sess_fail(s, SIZE_MAX, 0, "there is no data to split yet");
    nn_data *train = NULL, *test = NULL;
    nn_rng rng = s->rng;
    nn_data *all = nn_data_copy(tr->data);
    for (size_t i = 0; all && tr->test && i < tr->test->rows; i++)
        if (nn_data_add(all, tr->test->x + i * tr->test->cols,
                        tr->test->y[i]) != NN_OK) {
            nn_data_free(all);
            all = NULL;
        }
    if (!all)
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    nn_status st = nn_data_split(all, frac, &rng, &train, &test);
    nn_data_free(all);
    if (st != NN_OK)
        return sess_fail(s, t.col, t.len, "%s", st == NN_ERANGE
                         ? "both parts need at least one sample"
                         : nn_strerror(st));
    s->rng = rng;
    nn_data_free(tr->data);
    nn_data_free(tr->test);
    tr->data = train;
    tr->test = test;
    train_restart(tr);
    out_printf(s->o, "%zu sample%s to train on, %zu to test with\n",
               train->rows, train->rows == 1 ? "" : "s", test->rows);
    return CMD_OK;
}

/* ============================ sub-commands ============================ */

static int sub_mnist(sess *s, const cmd_args *a, lexer *lx)
{
    (void)a;
    size_t len, col;
    const char *dir = lex_rest(lx, &len, &col);
    return net_data_mnist(s, dir, len);
}

static int sub_idx(sess *s, const cmd_args *a, lexer *lx)
{
    (void)a;
    return net_data_idx(s, lx);
}

static int sub_add(sess *s, const cmd_args *a, lexer *lx)
{
    (void)a;
    return data_add(s, lx);
}

static int sub_remove(sess *s, const cmd_args *a, lexer *lx)
{
    (void)a;
    return data_remove(s, lx);
}

static int sub_split(sess *s, const cmd_args *a, lexer *lx)
{
    (void)a;
    return data_split(s, lx);
}

static int sub_clear(sess *s, const cmd_args *a, lexer *lx)
{
    (void)a;
    if (cmd_read_end(s, lx) != 0)
        return CMD_ERR;
    nn_data_free(s->tr.data);
    nn_data_free(s->tr.test);
    s->tr.data = s->tr.test = NULL;
    train_restart(&s->tr);
    return CMD_OK;
}

/* data fn EXPR from A to B N [noise S]: N points of the curve y =
 * EXPR(x), x evenly from A to B, y plus Gaussian noise of std S from the
 * seeded generator: a regression set (real labels) for a network to fit. */
static int sub_fn(sess *s, const cmd_args *a, lexer *lx)
{
    (void)a;
    curve_set cs;
    token t;
    lex_error err;
    size_t n = 0;
    double noise = 0;
    if (curves_read(s, lx, &cs, NULL) != 0)
        return CMD_ERR;
    int rc = 0;
    if (cs.n != 1 || !cs.has_range || cs.has_step)
        rc = sess_fail(s, SIZE_MAX, 0, "expected one curve, its range and "
                       "the number of points: data fn x^2 from -1 to 1 50");
    if (rc == 0)
        rc = read_count(s, lx, "the number of points", 2, 100000, &n);
    if (rc == 0 && lex_peek(lx, &t, &err) == 0 && tok_is_word(&t, "noise")) {
        lex_next(lx, &t, &err);
        lex_peek(lx, &t, &err);
        rc = cmd_read_number(s, lx, "the noise's standard deviation",
                             &noise);
        if (rc == 0 && !(noise >= 0 && noise <= 1e6))
            rc = sess_fail(s, t.col, t.len, "the noise is a standard "
                           "deviation from 0 to 1e6");
    }
    if (rc == 0)
        rc = cmd_read_end(s, lx);
    nn_data *d = rc == 0 ? nn_data_new(1) : NULL;
    if (rc == 0 && !d)
        rc = sess_fail(s, SIZE_MAX, 0, "out of memory");
    nn_rng drawn_from = s->rng;  // put back if the set cannot be made
    if (d)
        d->regression = 1;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        double x = curves_x(cs.from, cs.to, i, n), y;
        if (curves_eval(s, &cs.item[0], x, &y) != 0) {
            rc = CMD_ERR;
            break;
        }
        if (noise > 0)
            y += nn_rng_normal(&s->rng, 0.0, noise);
        nn_status st = nn_data_add(d, &x, y);
        if (st != NN_OK)
            rc = sess_fail(s, SIZE_MAX, 0, st == NN_ERANGE ? "the curve has "
                           "no finite value at x = %g" : "out of memory", x);
    }
    char name[TRAIN_SOURCE_MAX];
    snprintf(name, sizeof name, "fn %s", cs.item[0].label);
    curves_free(&cs);
    if (rc != 0 || install(s, d, name, -1) != CMD_OK) {
        if (rc != 0)
            nn_data_free(d);
        s->rng = drawn_from;
        return CMD_ERR;
    }
    print_rows(s, s->tr.data, name);
    return CMD_OK;
}

/* data empty N [real | classes NAME...]: an empty set of N features to
 * fill with data add, its labels 0 or 1, real numbers, or the classes
 * named (numbered in the order given). What save writes for a set of
 * real labels or named classes. */
static int sub_empty(sess *s, const cmd_args *a, lexer *lx)
{
    (void)a;
    token t;
    lex_error err;
    size_t n;
    if (read_count(s, lx, "the number of features", 1, NN_DATA_MAX_COLS,
                   &n) != 0)
        return CMD_ERR;
    nn_data *d = nn_data_new(n);
    if (!d)
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    int rc = 0;
    if (lex_next(lx, &t, &err) != 0)
        rc = sess_fail_lex(s, &err);
    else if (tok_is_word(&t, "real"))
        d->regression = 1;
    else if (tok_is_word(&t, "classes")) {
        size_t cap = 0;
        while (rc == 0 && lex_next(lx, &t, &err) == 0
               && t.kind != TOK_END) {
            if (t.kind != TOK_NAME) {
                lex_expected(&err, &t, "a class name");
                rc = sess_fail_lex(s, &err);
                break;
            }
            if (d->classes == NN_DATA_MAX_CLASSES)
                rc = sess_fail(s, t.col, t.len, "too many classes (at most "
                               "%d)", NN_DATA_MAX_CLASSES);
            if (rc == 0 && d->names_len + t.len + 1 > cap) {
                cap = 2 * (d->names_len + t.len + 1);
                char *grown = nn_realloc(d->names, cap);
                if (!grown)
                    rc = sess_fail(s, SIZE_MAX, 0, "out of memory");
                else
                    d->names = grown;
            }
            if (rc == 0) {
                memcpy(d->names + d->names_len, t.start, t.len);
                d->names[d->names_len + t.len] = '\0';
                d->names_len += t.len + 1;
                d->classes++;
            }
        }
        if (rc == 0 && d->classes < 2)
            rc = sess_fail(s, SIZE_MAX, 0, "name at least 2 classes: data "
                           "empty 4 classes setosa versicolor virginica");
    } else if (t.kind != TOK_END) {
        lex_expected(&err, &t, "real, classes or the end of the line");
        rc = sess_fail_lex(s, &err);
    }
    if (rc == 0 && d->regression)
        rc = cmd_read_end(s, lx);
    if (rc != 0) {
        nn_data_free(d);
        return CMD_ERR;
    }
    if (install(s, d, "typed", -1) != CMD_OK)
        return CMD_ERR;
    print_rows(s, d, "typed");
    return CMD_OK;
}

/* What `data` does besides loading a named set: one row each. */
typedef struct data_sub {
    cmd_word word;
    int (*fn)(sess *s, const cmd_args *a, lexer *lx);
} data_sub;

static const data_sub subs[] = {
    { { "load", "load FILE", "a CSV file: features..., label (0/1); a "
        "header row, CRLF, blank lines are fine", 1,
        "data load examples/points.csv" }, data_load },
    { { "add", "add X... -> Y", "one sample: features, then the label "
        "(add test ... for the test set, add image NAME -> Y for an "
        "image's pixels)", 0, "data empty 2; data add 0.5 1 -> 1" },
      sub_add },
    { { "remove", "remove N", "take out sample N", 0, "data and; data "
        "remove 1" }, sub_remove },
    { { "clear", "clear", "take out every sample", 0, "data and; data "
        "clear" }, sub_clear },
    { { "split", "split F", "shuffle; keep the fraction F to train, the "
        "rest to test", 0, "data moons 200; data split 0.8" }, sub_split },
    { { "mnist", "mnist [DIR]", "digits for a network: the bundled 8,000 + "
        "2,000, or DIR's train-* and t10k-* IDX files (gzip or not, at most "
        "256 MiB of pixels a file)", 1, "data mnist" }, sub_mnist },
    { { "idx", "idx IMAGES LABELS", "one pair of IDX files (at most 256 "
        "MiB of pixels in a file)", 2, "data idx "
        "lessons/data/mnist/t10k-images-idx3-ubyte.gz "
        "lessons/data/mnist/t10k-labels-idx1-ubyte.gz" }, sub_idx },
    { { "empty", "empty N [real | classes NAME...]", "an empty set of N "
        "features to fill with data add: labels 0 or 1, real numbers, or "
        "the classes named", 0, "data empty 4 classes setosa virginica" },
      sub_empty },
    { { "fn", "fn EXPR from A to B N [noise S]", "N points of a curve, y = "
        "EXPR at x from A to B (plus noise of std S): real labels, for a "
        "network to fit", 0, "data fn x^2 from -1 to 1 50" }, sub_fn },
};

#define SUB_COUNT (sizeof subs / sizeof subs[0])

/* Room for the engine's truth tables among the rows. */
#define GATE_ROWS 16

static size_t gate_count(void)
{
    size_t n = 0;
    while (n < GATE_ROWS && nn_data_gate_at(n))
        n++;
    return n;
}

int cmd_data(sess *s, const cmd_args *a)
{
    lexer lx;
    token t;
    lex_error err;
    cmd_lex(&lx, a);
    if (lex_next(&lx, &t, &err) != 0)
        return sess_fail_lex(s, &err);
    if (t.kind == TOK_END) {
        const nn_images *im = s->nw.train;
        if (im)
            out_printf(s->o, "%s: %zu training and %zu test images of "
                       "%zux%zu, labels 0-9\n", s->nw.source, im->count,
                       s->nw.test ? s->nw.test->count : 0, im->rows,
                       im->cols);
        if (!s->tr.data && im)
            return CMD_OK;
        if (!s->tr.data)
            return sess_fail(s, SIZE_MAX, 0, "no data yet: try `data and` "
                             "or `data load points.csv`");
        print_rows(s, s->tr.data, s->tr.source);
        if (s->tr.test)
            print_rows(s, s->tr.test, "test set");
        return CMD_OK;
    }
    if (t.kind != TOK_NAME) {  // "a data set name or one of load, add, ..."
        char names[300];
        size_t used = (size_t)snprintf(names, sizeof names, "a data set name "
                                       "or one of");
        for (size_t i = 0; i < SUB_COUNT && used < sizeof names; i++)
            used += (size_t)snprintf(names + used, sizeof names - used, "%s %s",
                                     i ? "," : "", subs[i].word.name);
        lex_expected(&err, &t, names);
        return sess_fail_lex(s, &err);
    }
    for (size_t i = 0; i < SUB_COUNT; i++)
        if (tok_is_word(&t, subs[i].word.name))
            return subs[i].fn(s, a, &lx);
    for (size_t i = 0; i < GEN_COUNT; i++)
        if (tok_is_word(&t, gens[i].word.name))
            return data_generated(s, &lx, &gens[i]);
    const nn_gate_info *g;
    for (size_t i = 0; (g = nn_data_gate_at(i)); i++)
        if (tok_is_word(&t, g->name))
            return cmd_read_end(s, &lx) != 0 ? CMD_ERR : data_gate(s, g);
    /* not a name of the table: say which are, and the nearest; with
       words after it, the name was meant as a sub-command */
    token nx;
    int more = lex_peek(&lx, &nx, &err) == 0 && nx.kind != TOK_END;
    suggest sg;
    suggest_init(&sg, t.start, t.len);
    char names[400];
    size_t used = 0;
    const cmd_word *w;
    for (size_t i = 0; (w = cmd_data_word(i)); i++) {
        if (!more || i >= gate_count())
            suggest_offer(&sg, w->name);
        int n = snprintf(names + used, sizeof names - used, "%s%s",
                         i ? ", " : "", w->name);
        used += n > 0 && (size_t)n < sizeof names - used ? (size_t)n : 0;
    }
    const char *best = suggest_result(&sg);
    return sess_fail(s, t.col, t.len, "unknown data set '%.*s'; expected one "
                     "of %s%s%s%s", t.len > 40 ? 40 : (int)t.len, t.start,
                     names, best ? "; did you mean '" : "", best ? best : "",
                     best ? "'?" : "");
}

/* ============================ the rows ============================ */

const cmd_word *cmd_data_word(size_t i)
{
    static cmd_word gate_rows[GATE_ROWS];  // the engine's truth tables
    static char example[GATE_ROWS][24];
    size_t gates = gate_count();
    if (i < gates) {
        const nn_gate_info *g = nn_data_gate_at(i);
        snprintf(example[i], sizeof example[i], "data %s", g->name);
        gate_rows[i] = (cmd_word){ g->name, g->name, g->inputs == 1
                                   ? "the truth table of not (1 input)"
                                   : g->separable ? "a truth table (2 inputs)"
                                   : "a truth table no straight line "
                                   "separates", 0, example[i] };
        return &gate_rows[i];
    }
    i -= gates;
    if (i < GEN_COUNT)
        return &gens[i].word;
    i -= GEN_COUNT;
    return i < SUB_COUNT ? &subs[i].word : NULL;
}
