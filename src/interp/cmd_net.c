/*
 * cmd_net.c - a small network that reads handwritten digits.
 *
 *   network 784 50 relu 20 relu 10 softmax        summary
 *   train 10 epochs [batch 32 rate 0.001 optimizer adam]
 *   evaluate    predict sample 200    predict image NAME
 *   mistakes    show unit 3           save network F    load network F
 *
 * The engine (net.h) does the arithmetic; this file turns the digits
 * into batches of floats in [0, 1], reports each epoch, and draws digits,
 * probabilities and weights through the plotting module.
 */
#include "cmd.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "files.h"
#include "plot.h"
#include "plot_impl.h"  /* plot_buf: the diagram's text */
#include "watch.h"      /* train --watch: progress for the view */
#include "../engine/mem.h"  /* nn_malloc: allocations a test can fail */

/* Images run through the network at once by evaluate. */
#define EVAL_CHUNK 256

/* Networks up to this many parameters show every unit's sum in `predict
 * X...` and `step`, as `fire` shows the neuron's. */
#define NET_SHOW_PARAMS 64

/* ============================ the network ============================ */

/* Reads "784 50 relu 20 relu 10 softmax": the inputs, then each layer's
 * size and optional activation (hidden relu, output softmax by default).
 * 0 or CMD_ERR. */
static int read_layers(sess *s, lexer *lx, size_t *inputs,
                       nn_layer_spec *layers, size_t *n)
{
    token t;
    lex_error err;
    double v;
    size_t count = 0;
    int first = 1, given = 0;  // given: the last layer named its activation
    for (;;) {
        if (lex_peek(lx, &t, &err) != 0)
            return sess_fail_lex(s, &err);
        if (t.kind == TOK_END)
            break;
        if (t.kind == TOK_NAME) {
            lex_next(lx, &t, &err);
            if (count == 0 || given)
                return sess_fail(s, t.col, t.len, "an activation follows a "
                                 "layer's size: network 784 50 relu 10 "
                                 "softmax");
            nn_layer_spec *l = &layers[count - 1];
            given = 1;
            if (tok_is_word(&t, "softmax")) {
                token after;
                if (lex_peek(lx, &after, &err) == 0 && after.kind != TOK_END)
                    return sess_fail(s, t.col, t.len, "softmax can only be "
                                     "the last layer");
                l->act = NULL;
                continue;
            }
            const nn_act *act = cmd_find_act(s, &t);
            if (!act)
                return CMD_ERR;
            l->act = act;
            l->param = act->param_default;
            continue;
        }
        if (cmd_read_number(s, lx, "a layer size", &v) != 0)
            return CMD_ERR;
        if (!(v >= 1 && v <= NN_NET_MAX_UNITS && v == floor(v))) {
            char b1[32];
            return sess_fail(s, t.col, t.len, "a layer has from 1 to %d "
                             "units, got %s", NN_NET_MAX_UNITS,
                             sess_num(s, v, b1));
        }
        if (first) {
            *inputs = (size_t)v;
            first = 0;
            continue;
        }
        if (count == NN_NET_MAX_LAYERS)
            return sess_fail(s, t.col, t.len, "at most %d layers",
                             NN_NET_MAX_LAYERS);
        layers[count++] = (nn_layer_spec){ (size_t)v, nn_act_find("relu", 4),
                                           0 };
        given = 0;
    }
    if (count == 0)
        return sess_fail(s, SIZE_MAX, 0, "give the inputs and at least one "
                         "layer: network 784 50 relu 10 softmax");
    if (!given)  // the output: softmax, or sigmoid for a single unit
        layers[count - 1].act = layers[count - 1].units == 1
                                ? nn_act_find("sigmoid", 7) : NULL;
    *n = count;
    return 0;
}

/* "1,234,567" */
static const char *grouped(size_t v, char *buf, size_t cap)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%zu", v);
    size_t used = 0;
    for (int i = 0; i < n && used + 2 < cap; i++) {
        buf[used++] = digits[i];
        if ((n - i - 1) % 3 == 0 && i + 1 < n)
            buf[used++] = ',';
    }
    buf[used] = '\0';
    return buf;
}

static const char *layer_act(const nn_layer_spec *l)
{
    return l->act ? l->act->name : "softmax";
}

/* Keras's model.summary(): layers, output shapes, parameters. */
static void print_summary(sess *s, const nn_net *net)
{
    char b1[32], shape[32], name[48];
    size_t in = nn_net_inputs(net);
    out_printf(s->o, "%-24s %-14s %12s\n", "Layer (activation)",
               "Output shape", "Param #");
    snprintf(shape, sizeof shape, "(None, %zu)", in);
    out_printf(s->o, "%-24s %-14s %12s\n", "input", shape, "0");
    for (size_t l = 0; l < nn_net_layers(net); l++) {
        nn_layer_spec sp = nn_net_layer(net, l);
        snprintf(name, sizeof name, "dense_%zu (%s)", l + 1, layer_act(&sp));
        snprintf(shape, sizeof shape, "(None, %zu)", sp.units);
        out_printf(s->o, "%-24s %-14s %12s\n", name, shape,
                   grouped(sp.units * in + sp.units, b1, sizeof b1));
        in = sp.units;
    }
    out_printf(s->o, "Total params: %s\n",
               grouped(nn_net_params(net), b1, sizeof b1));
}

/* What the network will learn with: the session's one set of settings. */
static void print_settings(sess *s)
{
    const nn_learn *l = &s->tr.cfg;
    char b1[32], batch[32];
    if (l->batch)
        snprintf(batch, sizeof batch, "%zu", l->batch);
    else
        snprintf(batch, sizeof batch, "full");
    out_printf(s->o, "it learns by gradient descent with the session's "
               "settings: loss %s, optimizer %s, rate %s, batch %s\n",
               nn_loss_at(l->loss)->name, nn_opt_at(l->opt)->name,
               sess_num(s, l->rate, b1), batch);
}

/* network's one word besides the sizes. */
static const cmd_word network_words[] = {
    { "off", "off", "back to the single neuron", 0, "network off" },
};

const cmd_word *cmd_network_word(size_t i)
{
    return CMD_ROW_AT(network_words, i);
}

int cmd_network(sess *s, const cmd_args *a)
{
    lexer lx;
    nn_layer_spec layers[NN_NET_MAX_LAYERS];
    size_t inputs = 0, n = 0, count;
    char b1[32], b2[32];
    cmd_lex(&lx, a);
    if (a->len == 0) {
        if (!s->nw.net)
            return sess_fail(s, SIZE_MAX, 0, "no network yet: network 784 50 "
                             "relu 20 relu 10 softmax");
        print_summary(s, s->nw.net);
        return CMD_OK;
    }
    token w;
    lex_error err;
    if (lex_peek(&lx, &w, &err) == 0 && cmd_row_of(cmd_network_word, &w) == 0) {
        lex_next(&lx, &w, &err);
        if (cmd_read_end(s, &lx) != 0)
            return CMD_ERR;
        nn_net_free(s->nw.net);  // train, evaluate... act on the neuron
        s->nw.net = NULL;
        s->nw.epochs = 0;
        out_printf(s->o, "no network: the commands act on the single neuron "
                   "again\n");
        return CMD_OK;
    }
    if (read_layers(s, &lx, &inputs, layers, &n) != 0)
        return CMD_ERR;
    nn_status st = nn_net_count(inputs, layers, n, &count);
    if (st != NN_OK)
        return sess_fail(s, SIZE_MAX, 0, "network too large: %s parameters "
                         "(at most %s)", count == SIZE_MAX ? "too many"
                         : grouped(count, b1, sizeof b1),
                         grouped(NN_NET_MAX_PARAMS, b2, sizeof b2));
    nn_net *net = nn_net_new(inputs, layers, n, &st);
    if (!net)
        return sess_fail(s, SIZE_MAX, 0, "%s", nn_strerror(st));
    /* the printed seed alone gives these weights, and the shuffles of the
       training that follows: the generator goes on from the last weight */
    nn_rng from_seed;
    nn_rng_seed(&from_seed, s->seed);
    nn_net_init(net, &from_seed);
    s->rng = from_seed;
    nn_net_free(s->nw.net);
    s->nw.net = net;
    s->nw.epochs = 0;
    s->nw.hist_n = 0;  // a new network: a new loss history
    out_printf(s->o, "network: %zu input%s", inputs, inputs == 1 ? "" : "s");
    for (size_t l = 0; l < n; l++)
        out_printf(s->o, " %s %zu %s", out_glyph(s->o, "→", "->"),
                   layers[l].units, layer_act(&layers[l]));
    out_printf(s->o, "; %s parameters, initial weights from seed %llu\n",
               grouped(count, b1, sizeof b1), (unsigned long long)s->seed);
    print_settings(s);
    return CMD_OK;
}

int cmd_summary(sess *s, const cmd_args *a)
{
    (void)a;
    if (!s->nw.net)
        return sess_fail(s, SIZE_MAX, 0, "no network yet: network 784 50 "
                         "relu 20 relu 10 softmax");
    print_summary(s, s->nw.net);
    return CMD_OK;
}

/* ============================ training ============================ */

/* What the network learns from: the images, or the table data set,
 * whichever was loaded last (one data set a session). A table's labels
 * are 0 and 1: one sigmoid output unit, or a softmax of two. */
typedef struct net_src {
    const nn_images *im;     /* images, or NULL */
    const nn_data *d;        /* a table, or NULL */
} net_src;

static size_t src_count(const net_src *src)
{
    return src->im ? src->im->count : src->d ? src->d->rows : 0;
}

/* Copies samples idx[0..n) of src as floats into x (n rows of the
 * network's inputs: pixels in [0, 1], or the table's features), and
 * their labels into y unless it is NULL. */
static void src_rows(const net_src *src, const size_t *idx, size_t n,
                     float *x, uint8_t *y)
{
    if (src->im) {
        const nn_images *im = src->im;
        size_t p = im->rows * im->cols;
        nn_net_pixel_rows(im->pixels, p, idx, n, x);
        for (size_t i = 0; y && i < n; i++)
            y[i] = im->labels[idx[i]];
        return;
    }
    const nn_data *d = src->d;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < d->cols; j++)
            x[i * d->cols + j] = (float)d->x[idx[i] * d->cols + j];
        if (y)  // named classes are 0 .. K-1; else 0 and 1
            y[i] = d->classes ? (uint8_t)d->y[idx[i]] : d->y[idx[i]] != 0;
    }
}

/* 1 when src is a regression set (real labels: a curve to fit). */
static int src_real(const net_src *src)
{
    return src->d && src->d->regression;
}

/* The real targets of samples idx[0..n) of a regression table. */
static void src_targets(const net_src *src, const size_t *idx, size_t n,
                        float *t)
{
    for (size_t i = 0; i < n; i++)
        t[i] = (float)src->d->y[idx[i]];
}

/* The network that would fit the table data: "network 2 4 tanh 1
 * sigmoid" for 2 features. */
static const char *fitting_net(const sess *s, char *buf, size_t cap)
{
    if (s->nw.on_images || !s->tr.data)
        snprintf(buf, cap, "network 784 50 relu 20 relu 10 softmax");
    else if (s->tr.data->regression)
        snprintf(buf, cap, "network %zu 6 relu 1 linear", s->tr.data->cols);
    else if (s->tr.data->classes > 2)
        snprintf(buf, cap, "network %zu 8 tanh %zu softmax",
                 s->tr.data->cols, s->tr.data->classes);
    else
        snprintf(buf, cap, "network %zu 4 tanh 1 sigmoid", s->tr.data->cols);
    return buf;
}

/* The data the network trains on now (test NULL-filled when there is
 * no test set), checked against its shape. 0 or CMD_ERR. */
static int net_data(sess *s, net_src *train, net_src *test)
{
    struct net_state *nw = &s->nw;
    char hint[64];
    memset(train, 0, sizeof *train);
    memset(test, 0, sizeof *test);
    if (!nw->net)
        return sess_fail(s, SIZE_MAX, 0, "no network yet: %s",
                         fitting_net(s, hint, sizeof hint));
    size_t inputs = nn_net_inputs(nw->net);
    nn_layer_spec last = nn_net_layer(nw->net, nn_net_layers(nw->net) - 1);
    if (nw->on_images && nw->train) {
        train->im = nw->train;
        test->im = nw->test;
        size_t pixels = nw->train->rows * nw->train->cols;
        if (pixels != inputs)
            return sess_fail(s, SIZE_MAX, 0, "the images have %zu pixels but "
                             "the network has %zu input%s", pixels, inputs,
                             inputs == 1 ? "" : "s");
        if (last.units < 10)
            return sess_fail(s, SIZE_MAX, 0, "the last layer needs 10 units, "
                             "one per digit, not %zu", last.units);
        return 0;
    }
    if (!s->tr.data || s->tr.data->rows == 0)
        return sess_fail(s, SIZE_MAX, 0, "no data yet: data xor, data moons "
                         "200, data load FILE.csv or data mnist");
    train->d = s->tr.data;
    test->d = s->tr.test;
    size_t cols = s->tr.data->cols;
    if (cols != inputs)
        return sess_fail(s, SIZE_MAX, 0, "the data has %zu feature%s but the "
                         "network has %zu input%s: %s", cols,
                         cols == 1 ? "" : "s", inputs, inputs == 1 ? "" : "s",
                         fitting_net(s, hint, sizeof hint));
    if (s->tr.data->regression) {
        if (last.units != 1 || !last.act)
            return sess_fail(s, SIZE_MAX, 0, "a curve's real labels need one "
                             "output unit (linear), not %zu %s: %s",
                             last.units, layer_act(&last),
                             fitting_net(s, hint, sizeof hint));
        if (!nn_loss_at(s->tr.cfg.loss)->squared)
            return sess_fail(s, SIZE_MAX, 0, "fitting a curve's real labels "
                             "takes loss mse, not %s: loss mse",
                             nn_loss_at(s->tr.cfg.loss)->name);
        return 0;
    }
    size_t classes = s->tr.data->classes;
    if (classes > 2) {
        if (last.act || last.units != classes)
            return sess_fail(s, SIZE_MAX, 0, "%zu classes need a softmax "
                             "output of %zu units, not %zu %s: %s", classes,
                             classes, last.units, layer_act(&last),
                             fitting_net(s, hint, sizeof hint));
        return 0;
    }
    if (last.act ? last.units != 1 : last.units != 2)
        return sess_fail(s, SIZE_MAX, 0, "labels 0 and 1 need one output unit "
                         "(or a softmax of 2), not %zu %s: %s", last.units,
                         layer_act(&last), fitting_net(s, hint, sizeof hint));
    return 0;
}

/* Room to run the network on EVAL_CHUNK samples at a time. */
typedef struct eval_room {
    float *x, *y;
} eval_room;

/* 0, or -1 on out of memory (nothing to free). */
static int eval_open(const sess *s, eval_room *r)
{
    const nn_net *net = s->nw.net;
    size_t p = nn_net_inputs(net);
    size_t outs = nn_net_layer(net, nn_net_layers(net) - 1).units;
    r->x = nn_malloc(EVAL_CHUNK * p * sizeof *r->x);
    r->y = nn_malloc(EVAL_CHUNK * outs * sizeof *r->y);
    if (r->x && r->y)
        return 0;
    free(r->x);
    free(r->y);
    return -1;
}

static void eval_close(eval_room *r)
{
    free(r->x);
    free(r->y);
}

/* The class the network gives one output row: the largest output, or
 * with one unit 1 when it is above the middle of its range (0.5 for
 * sigmoid, 0 for tanh), as nn_net_backprop counts. */
static size_t class_of(const nn_layer_spec *last, const float *y)
{
    if (last->units == 1 && last->act)
        return y[0] > 0.5f;
    size_t best = 0;
    for (size_t k = 1; k < last->units; k++)
        if (y[k] > y[best])
            best = k;
    return best;
}

/* Runs the network on every sample of src, in room r: accuracy, and the
 * confusion counts conf[true * classes + predicted] when conf is not
 * NULL. Allocates nothing, so training can measure after every epoch
 * without a failure to undo. */
static double accuracy_on(sess *s, const net_src *src, size_t classes,
                          size_t *conf, const eval_room *r)
{
    nn_net *net = s->nw.net;
    nn_layer_spec last = nn_net_layer(net, nn_net_layers(net) - 1);
    size_t count = src_count(src), right = 0;
    size_t idx[EVAL_CHUNK];
    uint8_t truth[EVAL_CHUNK];
    for (size_t at = 0; at < count; at += EVAL_CHUNK) {
        size_t n = count - at < EVAL_CHUNK ? count - at : EVAL_CHUNK;
        for (size_t i = 0; i < n; i++)
            idx[i] = at + i;
        src_rows(src, idx, n, r->x, truth);
        nn_net_forward(net, r->x, n, r->y);
        for (size_t i = 0; i < n; i++) {
            size_t got = class_of(&last, r->y + i * last.units);
            right += got == truth[i];
            if (conf && truth[i] < classes && got < classes)
                conf[truth[i] * classes + got]++;
        }
    }
    return count ? (double)right / (double)count : 0;
}

/* The loss (mean) and accuracy of the network on every sample of src,
 * as it is now: what a table's training rows show after each epoch, so
 * that loss, accuracy and mistakes are measured at one point. Uses the
 * gradient buffers (nn_net_backprop), not the weights. */
static void measure(sess *s, const net_src *src, nn_net_loss loss,
                    const eval_room *r, double *mean, size_t *correct)
{
    size_t count = src_count(src), right = 0;
    size_t idx[EVAL_CHUNK];
    uint8_t truth[EVAL_CHUNK];
    float real[EVAL_CHUNK];
    double sum = 0;
    for (size_t at = 0; at < count; at += EVAL_CHUNK) {
        size_t n = count - at < EVAL_CHUNK ? count - at : EVAL_CHUNK;
        for (size_t i = 0; i < n; i++)
            idx[i] = at + i;
        src_rows(src, idx, n, r->x, truth);
        if (src_real(src)) {
            src_targets(src, idx, n, real);
            nn_net_backprop_real(s->nw.net, r->x, real, n, &sum);
        } else {
            nn_net_backprop(s->nw.net, loss, r->x, truth, n, &sum, &right);
        }
    }
    *mean = count ? sum / (double)count : 0;
    *correct = right;
}


/* The engine's settings from the session's (one set for the neuron and
 * the network): the optimizer and its constants, the rate, and the loss
 * the engine computes for the chosen one: cross-entropy (ce or bce) is
 * ce on a softmax output and bce, from the logit, on one sigmoid unit.
 * 0 with *cfg set, or CMD_ERR. */
int net_config(sess *s, nn_net_cfg *cfg)
{
    const nn_learn *l = &s->tr.cfg;
    nn_layer_spec last = nn_net_layer(s->nw.net, nn_net_layers(s->nw.net)
                                      - 1);
    *cfg = nn_net_defaults();
    const nn_opt_info *opt = nn_opt_at(l->opt);
    if (opt->net < 0)
        return sess_fail(s, SIZE_MAX, 0, "a network cannot learn with %s "
                         "yet; choose another optimizer", opt->name);
    cfg->opt = (nn_net_opt)opt->net;
    cfg->rate = (float)l->rate;
    cfg->momentum = (float)l->momentum;
    cfg->beta1 = (float)l->beta1;
    cfg->beta2 = (float)l->beta2;
    cfg->eps = (float)l->eps;
    const nn_loss_info *row = nn_loss_at(l->loss);
    if (row->logit)
        return sess_fail(s, SIZE_MAX, 0, "a network learns with mse, bce "
                         "(one sigmoid output) or ce (softmax); it computes "
                         "both from the logit already");
    else if (row->squared)
        cfg->loss = NN_NET_MSE;
    else if (!row->cross_entropy)
        return sess_fail(s, SIZE_MAX, 0, "a network learns with mse, bce or "
                         "ce, not %s yet", row->name);
    else if (!last.act)
        cfg->loss = NN_NET_CE;
    else if (last.units == 1 && last.act->logistic)
        cfg->loss = NN_NET_BCE;
    else
        return sess_fail(s, SIZE_MAX, 0, "cross-entropy needs a softmax "
                         "output layer or one sigmoid unit (or choose: loss "
                         "mse)");
    return 0;
}

static const char *loss_name(nn_net_loss loss)
{
    return loss == NN_NET_MSE ? "mse" : loss == NN_NET_BCE ? "bce" : "ce";
}

/* A row of the training table is printed for epochs 1-10, the last 5,
 * and every one of a short run; the rest show as a progress bar. */
static int row_shown(size_t done, size_t epochs)
{
    return epochs <= 20 || done <= 10 || done + 5 > epochs;
}

int net_train(sess *s, double epochs)
{
    struct net_state *nw = &s->nw;
    net_src src, test;
    nn_net_cfg cfg;
    if (net_data(s, &src, &test) != 0 || net_config(s, &cfg) != 0)
        return CMD_ERR;
    /* all the memory first: once training starts nothing can fail for
       want of it, and a refusal here changes nothing */
    size_t count = src_count(&src), p = nn_net_inputs(nw->net);
    size_t b = s->tr.cfg.batch ? s->tr.cfg.batch : count;  // 0: full
    int capped = b > NN_NET_MAX_BATCH && count > NN_NET_MAX_BATCH;
    b = b < count ? b : count;
    b = b < NN_NET_MAX_BATCH ? b : NN_NET_MAX_BATCH;
    size_t *order = nn_malloc(count * sizeof *order);
    float *x = nn_malloc(b * p * sizeof *x);
    uint8_t *y = nn_malloc(b);
    float *real = nn_malloc(b * sizeof *real);
    if (nw->hist_n + (size_t)epochs > nw->hist_cap) {  // room for the loss
        double *h = nn_realloc(nw->hist, (nw->hist_n + (size_t)epochs)
                               * sizeof *h);
        if (h) {
            nw->hist = h;
            nw->hist_cap = nw->hist_n + (size_t)epochs;
        } else {
            free(order);  // all freed below: nothing trained
            order = NULL;
        }
    }
    eval_room room = { NULL, NULL };
    int rc = 0, fit = src_real(&src);
    if (!order || !x || !y || !real || eval_open(s, &room) != 0) {
        free(order);
        free(x);
        free(y);
        free(real);
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    }
    for (size_t i = 0; i < count; i++)
        order[i] = i;
    const char *what = src.im ? "image" : "sample";
    char b1[32], b2[32], b3[32];
    if (src.im)
        out_printf(s->o, "training on %zu images: %s, rate %s, batch %zu%s, "
                   "loss %s\n", count, nn_opt_at(s->tr.cfg.opt)->name,
                   sess_num(s, cfg.rate, b1), b, capped
                   ? " (the most a network takes)" : "", loss_name(cfg.loss));
    else
        out_printf(s->o, "training on the %zu sample%s of %s: %s, rate %s, "
                   "batch %zu%s, loss %s\n", count, count == 1 ? "" : "s",
                   s->tr.source, nn_opt_at(s->tr.cfg.opt)->name,
                   sess_num(s, cfg.rate, b1), b, capped
                   ? " (the most a network takes)" : "", loss_name(cfg.loss));
    size_t total = (size_t)epochs;
    int bar = 0;  // a progress line is on screen
    for (size_t e = 0; e < total && rc == 0; e++) {
        struct timespec start, end;
        clock_gettime(CLOCK_MONOTONIC, &start);
        for (size_t i = count; i > 1; i--) {  // Fisher-Yates shuffle
            size_t j = (size_t)nn_rng_below(&s->rng, i);
            size_t t = order[i - 1];
            order[i - 1] = order[j];
            order[j] = t;
        }
        double loss = 0;
        size_t right = 0, seen = 0;
        for (size_t at = 0; at < count && rc == 0; at += b) {
            if (sess_interrupted(s)) {
                rc = sess_fail(s, SIZE_MAX, 0, "interrupted at epoch %zu, "
                               "%s %zu; the weights from the last complete "
                               "batch are kept", nw->epochs + 1, what, at);
                break;
            }
            size_t n = count - at < b ? count - at : b;
            src_rows(&src, order + at, n, x, y);
            if (fit)
                src_targets(&src, order + at, n, real);
            nn_status st = fit ? nn_net_train_real(nw->net, &cfg, x, real, n,
                                                   &loss)
                               : nn_net_train_batch(nw->net, &cfg, x, y, n,
                                                    &loss, &right);
            if (st == NN_ERANGE)
                rc = sess_fail(s, SIZE_MAX, 0, "weights became inf or nan at "
                               "epoch %zu, %s %zu (is the rate too large?); "
                               "the weights before that batch are kept",
                               nw->epochs + 1, what, at);
            else if (st != NN_OK)
                rc = sess_fail(s, SIZE_MAX, 0, "%s", nn_strerror(st));
            seen += n;
            if (rc == 0)
                watch_batch(s, seen, count, loss / (double)seen,
                            fit ? 0 : (double)right / (double)seen);
            if (rc == 0 && s->progress && src.im && (at / b) % 20 == 0
                && !watch_drawing(s)) {
                sess_progress(s, "  epoch %zu: %zu/%zu, loss %s, accuracy "
                              "%s", nw->epochs + 1, seen, count,
                              sess_num(s, loss / (double)seen, b1),
                              sess_num(s, (double)right / (double)seen, b2));
                bar = 1;
            }
        }
        if (bar && (rc != 0 || row_shown(e + 1, total))) {
            sess_progress_end(s);
            bar = 0;
        }
        if (rc != 0)
            break;
        nw->epochs++;
        double mean = loss / (double)seen;
        if (!src.im)  // a table: measured after the epoch, all at once
            measure(s, &src, cfg.loss, &room, &mean, &right);
        double acc = (double)right / (double)seen;
        double tacc = src_count(&test) && !fit
                      ? accuracy_on(s, &test, 0, NULL, &room) : -1;
        s->have_training = 1;
        s->epochs = (double)nw->epochs;
        s->loss = mean;
        nw->hist[nw->hist_n++] = mean;  // room was made before
        if (!fit) {  // a curve has no accuracy: its loss says how close
            s->accuracy = tacc >= 0 ? tacc : acc;
            s->errors = (double)(seen - right);
        }
        watch_epoch(s);
        if (watch_active(s))  // the view shows the rows
            continue;
        if (!row_shown(e + 1, total)) {
            if (e + 1 == 11)
                out_printf(s->o, "%6s\n", "...");
            else if (s->progress && (e + 1) % 10 == 0)
                bar = cmd_progress_bar(s, e + 1, total);
            continue;
        }
        if (fit)  // a curve: how far it is, not how often right
            out_printf(s->o, "epoch %zu: loss %s", nw->epochs,
                       sess_num(s, s->loss, b1));
        else
            out_printf(s->o, "epoch %zu: loss %s, accuracy %s", nw->epochs,
                       sess_num(s, s->loss, b1), sess_num(s, acc, b2));
        if (tacc >= 0)
            out_printf(s->o, ", test accuracy %s", sess_num(s, tacc, b3));
        clock_gettime(CLOCK_MONOTONIC, &end);
        if (s->progress && src.im)  // seconds only on a terminal: scripts diff
            out_printf(s->o, " (%.2f s)", (double)(end.tv_sec - start.tv_sec)
                       + (double)(end.tv_nsec - start.tv_nsec) / 1e9);
        out_printf(s->o, "\n");
    }
    free(order);
    free(x);
    free(y);
    free(real);
    eval_close(&room);
    return rc;
}

/* ============================ show network ============================ */

/* Layers drawn as weight tables when no layer is wider than this (units
 * and inputs); else as boxes. */
#define NET_TABLE_MAX 8

int net_show(sess *s)
{
    const nn_net *net = s->nw.net;
    char b1[32], b2[32], hint[64];
    if (!net)
        return sess_fail(s, SIZE_MAX, 0, "no network yet: %s",
                         fitting_net(s, hint, sizeof hint));
    size_t layers = nn_net_layers(net), in = nn_net_inputs(net);
    int table = in <= NET_TABLE_MAX;
    for (size_t l = 0; l < layers; l++)
        table &= nn_net_layer(net, l).units <= NET_TABLE_MAX;
    const char *arrow = out_glyph(s->o, "→", "->");
    const char *bar = out_glyph(s->o, "│", "|");
    if (!table) {  // boxes: [784 inputs] -> [50 relu: 39,250] -> ...
        out_printf(s->o, "[%zu input%s]", in, in == 1 ? "" : "s");
        for (size_t l = 0; l < layers; l++) {
            nn_layer_spec sp = nn_net_layer(net, l);
            out_printf(s->o, " %s [%zu %s: %s weights and biases]", arrow,
                       sp.units, layer_act(&sp),
                       grouped(sp.units * in + sp.units, b1, sizeof b1));
            in = sp.units;
        }
        out_printf(s->o, "\n%s parameters; `show unit K` draws a first-layer "
                   "unit's weights\n",
                   grouped(nn_net_params(net), b2, sizeof b2));
        return s->svg_picture ? net_show_svg(s, NULL) : CMD_OK;
    }
    /* a table a layer: row j is unit j's weights from each input, then
       its bias; inputs are x1.. for the first layer, else a1.. of the
       layer before */
    for (size_t l = 0; l < layers; l++) {
        nn_layer_spec sp = nn_net_layer(net, l);
        const float *w = nn_net_weights(net, l), *b = nn_net_biases(net, l);
        out_printf(s->o, "layer %zu: %zu %s unit%s, from %s\n", l + 1,
                   sp.units, layer_act(&sp), sp.units == 1 ? "" : "s",
                   l == 0 ? "the inputs" : "the layer before");
        int wide = 9;  // a column as wide as its widest number
        for (size_t k = 0; k < sp.units * in + sp.units; k++) {
            int n = (int)strlen(sess_num(s, k < sp.units * in ? w[k]
                                         : b[k - sp.units * in], b1));
            wide = n > wide ? n : wide;
        }
        out_printf(s->o, "%8s", "");
        for (size_t i = 0; i < in; i++) {
            char head[24];
            snprintf(head, sizeof head, "%s%zu", l == 0 ? "x" : "a", i + 1);
            out_printf(s->o, " %*s", wide, head);
        }
        out_printf(s->o, " %s %*s\n", bar, wide, "b");
        for (size_t j = 0; j < sp.units; j++) {
            char name[32];
            snprintf(name, sizeof name, "unit %zu", j + 1);
            out_printf(s->o, "%8s", name);
            for (size_t i = 0; i < in; i++)
                out_printf(s->o, " %*s", wide,
                           sess_num_col(s, w[j * in + i], b1));
            out_printf(s->o, " %s %*s\n", bar, wide, sess_num_col(s, b[j], b2));
        }
        in = sp.units;
    }
    return s->svg_picture ? net_show_svg(s, NULL) : CMD_OK;
}

/* ---- show network > FILE.svg ---- */

#define DIAGRAM_W 720
#define DIAGRAM_H 450
#define DIAGRAM_R 20          /* a unit's radius */
#define DIAGRAM_LABELS 8      /* a layer's edges labelled with their
                                 weight, at most (2-4-1 has 8 and 4) */

/* The y of node i of n in a column, centred, at most 70 apart. */
static double node_y(size_t i, size_t n)
{
    double room = DIAGRAM_H - 150.0;  /* the title above, the key below */
    double gap = n > 1 ? room / (double)(n - 1) : 0;
    gap = gap > 80 ? 80 : gap;
    return 85 + room / 2 + ((double)i - (double)(n - 1) / 2) * gap;
}

/* A small network unit by unit: the inputs, then each layer's units with
 * their biases; an edge a weight, blue when positive and red when
 * negative, as wide as its size (and labelled while a layer has at most
 * DIAGRAM_LABELS of them; `show network` prints every number). */
static void diagram_units(sess *s, plot_buf *b, const nn_net *net)
{
    size_t layers = nn_net_layers(net), in = nn_net_inputs(net);
    double dx = (DIAGRAM_W - 120.0) / (double)layers;
    float wmax = 0;
    for (size_t l = 0; l < layers; l++) {
        nn_layer_spec sp = nn_net_layer(net, l);
        size_t from = l ? nn_net_layer(net, l - 1).units : in;
        for (size_t i = 0; i < sp.units * from; i++)
            wmax = fabsf(nn_net_weights(net, l)[i]) > wmax
                   ? fabsf(nn_net_weights(net, l)[i]) : wmax;
    }
    char n1[32];
    for (size_t l = 0; l < layers; l++) {  // edges under the nodes
        nn_layer_spec sp = nn_net_layer(net, l);
        size_t from = l ? nn_net_layer(net, l - 1).units : in;
        const float *w = nn_net_weights(net, l);
        double x0 = 60 + dx * (double)l, x1 = x0 + dx;
        for (size_t j = 0; j < sp.units; j++)
            for (size_t i = 0; i < from; i++) {
                float v = w[j * from + i];
                double y0 = node_y(i, from), y1 = node_y(j, sp.units);
                double width = 0.75 + 3.5 * (wmax > 0 ? fabsf(v) / wmax : 0);
                plot_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                                "y2=\"%.1f\" stroke=\"%s\" stroke-width="
                                "\"%.2f\"/>\n", x0 + DIAGRAM_R, y0,
                                x1 - DIAGRAM_R, y1, v < 0 ? "#b2182b"
                                : "#2166ac", width);
                if (sp.units * from > DIAGRAM_LABELS)
                    continue;
                double t = 0.3;  // near the source: edges fan apart there
                plot_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size="
                                "\"11\" text-anchor=\"middle\" fill=\"%s\" "
                                "stroke=\"white\" stroke-width=\"3\" "
                                "paint-order=\"stroke\">%s</text>\n",
                                x0 + DIAGRAM_R + t * (x1 - x0 - 2 * DIAGRAM_R),
                                y0 + t * (y1 - y0) - 3, v < 0 ? "#b2182b"
                                : "#2166ac", sess_num(s, v, n1));
            }
    }
    plot_buf_printf(b, "<text x=\"60\" y=\"62\" font-size=\"12\" text-anchor"
                    "=\"middle\" fill=\"#555\">inputs</text>\n");
    for (size_t i = 0; i < in; i++)
        plot_buf_printf(b, "<circle cx=\"60\" cy=\"%.1f\" r=\"%d\" fill="
                        "\"white\" stroke=\"#333\"/>\n<text x=\"60\" y="
                        "\"%.1f\" font-size=\"13\" text-anchor=\"middle\">"
                        "x%zu</text>\n", node_y(i, in), DIAGRAM_R,
                        node_y(i, in) + 4, i + 1);
    for (size_t l = 0; l < layers; l++) {
        nn_layer_spec sp = nn_net_layer(net, l);
        double x = 60 + dx * (double)(l + 1);
        plot_buf_printf(b, "<text x=\"%.1f\" y=\"62\" font-size=\"12\" "
                        "text-anchor=\"middle\" fill=\"#555\">layer %zu: "
                        "%s</text>\n", x, l + 1, layer_act(&sp));
        /* the unit, its bias below, or beside it when the units crowd */
        int beside = sp.units > 1
                     && node_y(1, sp.units) - node_y(0, sp.units)
                        < 2 * DIAGRAM_R + 18;
        for (size_t j = 0; j < sp.units; j++) {
            double y = node_y(j, sp.units);
            plot_buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" "
                            "fill=\"#f2f2f2\" stroke=\"#333\"/>\n<text x="
                            "\"%.1f\" y=\"%.1f\" font-size=\"13\" text-anchor"
                            "=\"middle\">%zu</text>\n<text x=\"%.1f\" y="
                            "\"%.1f\" font-size=\"11\" text-anchor=\"%s\" "
                            "stroke=\"white\" stroke-width=\"3\" paint-order="
                            "\"stroke\">b = %s</text>\n", x, y, DIAGRAM_R, x,
                            y + 4, j + 1, beside ? x + DIAGRAM_R + 4 : x,
                            beside ? y + 4 : y + DIAGRAM_R + 13,
                            beside ? "start" : "middle",
                            sess_num(s, nn_net_biases(net, l)[j], n1));
        }
    }
    plot_buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill="
                    "\"#555\">blue: a positive weight, red: a negative one; "
                    "the wider, the larger; b: a unit's bias.</text>\n",
                    20, DIAGRAM_H - 14);
}

/* A large network as a box a layer: its size, activation and
 * parameters. */
static void diagram_boxes(plot_buf *b, const nn_net *net)
{
    size_t layers = nn_net_layers(net), in = nn_net_inputs(net);
    double dx = (DIAGRAM_W - 40.0) / (double)(layers + 1), bw = dx - 30;
    char b1[32];
    for (size_t c = 0; c <= layers; c++) {
        double x = 20 + dx * (double)c;
        char what[64], count[64];
        if (c == 0) {
            snprintf(what, sizeof what, "%zu inputs", in);
            count[0] = '\0';
        } else {
            nn_layer_spec sp = nn_net_layer(net, c - 1);
            size_t from = c == 1 ? in : nn_net_layer(net, c - 2).units;
            snprintf(what, sizeof what, "%zu %s", sp.units, layer_act(&sp));
            snprintf(count, sizeof count, "%s parameters",
                     grouped(sp.units * from + sp.units, b1, sizeof b1));
        }
        plot_buf_printf(b, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height="
                        "\"80\" rx=\"8\" fill=\"%s\" stroke=\"#333\"/>\n"
                        "<text x=\"%.1f\" y=\"%d\" font-size=\"14\" text-anchor"
                        "=\"middle\">%s</text>\n<text x=\"%.1f\" y=\"%d\" "
                        "font-size=\"11\" text-anchor=\"middle\" fill="
                        "\"#555\">%s</text>\n", x, DIAGRAM_H / 2 - 40, bw,
                        c == 0 ? "white" : "#f2f2f2", x + bw / 2,
                        DIAGRAM_H / 2 - 4, what, x + bw / 2,
                        DIAGRAM_H / 2 + 16, count);
        if (c > 0)
            plot_buf_printf(b, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2="
                            "\"%d\" stroke=\"#333\" stroke-width=\"2\" "
                            "marker-end=\"url(#arrow)\"/>\n", x - 30 + 2,
                            DIAGRAM_H / 2, x - 4, DIAGRAM_H / 2);
    }
}

int net_show_svg(sess *s, const char *path)
{
    const nn_net *net = s->nw.net;
    char hint[64], b1[32];
    if (!net)
        return sess_fail(s, SIZE_MAX, 0, "no network yet: %s",
                         fitting_net(s, hint, sizeof hint));
    size_t layers = nn_net_layers(net);
    int units = nn_net_inputs(net) <= NET_TABLE_MAX;
    for (size_t l = 0; l < layers; l++)
        units &= nn_net_layer(net, l).units <= NET_TABLE_MAX;
    plot_buf b = { NULL, 0, 0, 0 };
    plot_svg_diagram_begin(&b, DIAGRAM_W, DIAGRAM_H);
    plot_buf_printf(&b, "<text x=\"%d\" y=\"28\" font-size=\"16\" "
                    "text-anchor=\"middle\">network: %zu inputs",
                    DIAGRAM_W / 2, nn_net_inputs(net));
    for (size_t l = 0; l < layers; l++) {
        nn_layer_spec sp = nn_net_layer(net, l);
        plot_buf_printf(&b, " \xe2\x86\x92 %zu %s", sp.units, layer_act(&sp));
    }
    plot_buf_printf(&b, "; %s parameters</text>\n",
                    grouped(nn_net_params(net), b1, sizeof b1));
    if (units)
        diagram_units(s, &b, net);
    else
        diagram_boxes(&b, net);
    plot_buf_puts(&b, "</svg>\n");
    int rc = b.oom ? sess_fail(s, SIZE_MAX, 0, "out of memory")
             : path ? cmd_write_svg(s, path, b.data, b.len, DIAGRAM_W,
                                    DIAGRAM_H) : 0;
    if (rc == 0 && !path)  // a notebook: beside the tables
        s->svg_picture(s->front_ctx, b.data, b.len);
    free(b.data);
    return rc;
}

/* ============================ one step ============================ */

/* The loss of one sample as `step` writes it, before its value. */
static const char *loss_formula(nn_net_loss loss)
{
    return loss == NN_NET_BCE ? "bce = -(y ln a + (1 - y) ln(1 - a))"
           : loss == NN_NET_CE ? "ce = -ln a_y" : "mse = sum (a - y)^2 / n";
}

/* step's forward pass: each unit's sum and activation, from the
 * network's weights before the update (old) and the trace's numbers. */
static int print_forward(sess *s, const nn_net *old, const float *x,
                         const float *z, const float *a, double *wbuf,
                         double *abuf)
{
    char b1[32], b2[32];
    size_t in = nn_net_inputs(old), off = 0;
    for (size_t i = 0; i < in; i++)
        abuf[i] = x[i];
    for (size_t l = 0; l < nn_net_layers(old); l++) {
        nn_layer_spec sp = nn_net_layer(old, l);
        const float *W = nn_net_weights(old, l), *B = nn_net_biases(old, l);
        out_printf(s->o, "  layer %zu (%s):\n", l + 1, layer_act(&sp));
        for (size_t j = 0; j < sp.units; j++) {
            for (size_t i = 0; i < in; i++)
                wbuf[i] = W[j * in + i];
            out_printf(s->o, "    unit %zu:\n", j + 1);
            if (cmd_print_sum(s, "      ", wbuf, abuf, in, B[j],
                              z[off + j]) != 0)
                return CMD_ERR;
            if (sp.act)
                out_printf(s->o, "      a = %s(%s) = %s\n", sp.act->name,
                           sess_num(s, z[off + j], b1),
                           sess_num(s, a[off + j], b2));
            else
                out_printf(s->o, "      a = softmax(z)%zu = %s\n", j + 1,
                           sess_num(s, a[off + j], b2));
        }
        for (size_t j = 0; j < sp.units; j++)
            abuf[j] = a[off + j];
        off += sp.units;
        in = sp.units;
    }
    return 0;
}

const char *cmd_paren(const sess *s, double v, char *buf)
{
    char num[32];
    sess_num(s, v, num);
    snprintf(buf, 32, num[0] == '-' ? "(%s)" : "%s", num);
    return buf;
}

/* step's backward pass: each unit's delta by the chain rule. */
static void print_backward(sess *s, const nn_net *old, nn_net_loss loss,
                           uint8_t label, const float *target,
                           const float *z, const float *a, const float *g,
                           const float *d)
{
    char b1[32], b2[32], b3[32], b4[32], b5[32];
    const char *delta = out_glyph(s->o, "δ", "delta");
    const char *dot = out_glyph(s->o, "·", "*");
    size_t layers = nn_net_layers(old), off = 0;
    size_t offs[NN_NET_MAX_LAYERS];
    for (size_t l = 0; l < layers; l++) {
        offs[l] = off;
        off += nn_net_layer(old, l).units;
    }
    for (size_t l = layers; l-- > 0;) {
        nn_layer_spec sp = nn_net_layer(old, l);
        size_t o = offs[l];
        out_printf(s->o, "  layer %zu:\n", l + 1);
        for (size_t j = 0; j < sp.units; j++) {
            double t = l + 1 < layers ? 0  // an output unit's target only
                       : target ? target[j] : sp.units == 1
                       ? label : (double)(j == label);
            out_printf(s->o, "    unit %zu: %s = ", j + 1, delta);
            if (l + 1 == layers && loss != NN_NET_MSE) {
                out_printf(s->o, "a - y = %s - %s = %s\n",
                           sess_num(s, a[o + j], b1), sess_num(s, t, b2),
                           sess_num(s, d[o + j], b3));
                continue;
            }
            double fp = sp.act ? sp.act->df(z[o + j], sp.param) : 0;
            char n[24] = "";
            if (sp.units > 1)
                snprintf(n, sizeof n, "/%zu", sp.units);
            if (l + 1 == layers && !sp.act) {  // mse through softmax
                double pg = 0;  // sum_k a_k dL/da_k
                for (size_t k = 0; k < sp.units; k++)
                    pg += (double)a[o + k] * g[o + k];
                out_printf(s->o, "a %s (dL/da - sum a%sdL/da) with dL/da = "
                           "2(a - y)%s = 2(%s - %s)%s = %s: %s %s (%s - %s) "
                           "= %s\n", dot, dot, n, sess_num(s, a[o + j], b1),
                           cmd_paren(s, t, b2), n, sess_num(s, g[o + j], b3),
                           sess_num(s, a[o + j], b1), dot,
                           sess_num(s, g[o + j], b3), cmd_paren(s, pg, b4),
                           sess_num(s, d[o + j], b5));
                continue;
            }
            if (l + 1 == layers) {  // mse: dL/da is 2(a - y)/n
                out_printf(s->o, "dL/da %s %s'(%s) = 2(a - y)%s %s %s'(z) = "
                           "2(%s - %s)%s %s %s = %s\n", dot,
                           sp.act ? sp.act->name : "f",
                           sess_num(s, z[o + j], b4), n, dot,
                           sp.act ? sp.act->name : "f",
                           sess_num(s, a[o + j], b1), cmd_paren(s, t, b2), n,
                           dot, cmd_paren(s, fp, b3),
                           sess_num(s, d[o + j], b5));
                continue;
            }
            /* a hidden unit: f'(z) times the deltas it feeds, weighted */
            nn_layer_spec up = nn_net_layer(old, l + 1);
            const float *W = nn_net_weights(old, l + 1);
            out_printf(s->o, "%s'(%s) %s (", sp.act ? sp.act->name : "f",
                       sess_num(s, z[o + j], b1), dot);
            for (size_t k = 0; k < up.units; k++)
                out_printf(s->o, "%s%s%s%s", k ? " + " : "",
                           cmd_paren(s, W[k * sp.units + j], b1), dot,
                           cmd_paren(s, d[offs[l + 1] + k], b2));
            out_printf(s->o, ") = %s %s %s = %s\n", sess_num(s, fp, b3), dot,
                       cmd_paren(s, g[o + j], b4), sess_num(s, d[o + j], b1));
        }
    }
}

/* step's update: each weight and bias, old and new. */
static void print_update(sess *s, const nn_net *old, const nn_net *net,
                         const float *x, const float *a, const float *d,
                         const nn_net_cfg *cfg)
{
    char b1[32], b2[32], b3[32], b4[32], b5[32];
    const char *dot = out_glyph(s->o, "·", "*");
    const char *delta = out_glyph(s->o, "δ", "delta");
    int sgd = cfg->opt == NN_NET_SGD;
    size_t in = nn_net_inputs(old), off = 0, aoff = 0;
    if (sgd)
        out_printf(s->o, "update: w = w - rate %s %s %s a_in, b = b - rate "
                   "%s %s (rate %s)\n", dot, delta, dot, dot, delta,
                   sess_num(s, cfg->rate, b1));
    else
        out_printf(s->o, "update by %s (rate %s): old -> new\n",
                   nn_opt_at(s->tr.cfg.opt)->name, sess_num(s, cfg->rate, b1));
    for (size_t l = 0; l < nn_net_layers(old); l++) {
        nn_layer_spec sp = nn_net_layer(old, l);
        const float *W0 = nn_net_weights(old, l), *W1 = nn_net_weights(net, l);
        const float *B0 = nn_net_biases(old, l), *B1 = nn_net_biases(net, l);
        for (size_t j = 0; j < sp.units; j++) {
            out_printf(s->o, "  layer %zu unit %zu:\n", l + 1, j + 1);
            for (size_t i = 0; i <= in; i++) {
                double w0 = i < in ? W0[j * in + i] : B0[j];
                double w1 = i < in ? W1[j * in + i] : B1[j];
                double ain = i == in ? 1 : l == 0 ? x[i] : a[aoff + i];
                char name[24];
                if (i < in)
                    snprintf(name, sizeof name, "w%zu", i + 1);
                else
                    snprintf(name, sizeof name, "b");
                if (!sgd)
                    out_printf(s->o, "    %s: %s -> %s\n", name,
                               sess_num(s, w0, b1), sess_num(s, w1, b2));
                else if (i < in)
                    out_printf(s->o, "    %s = %s - %s%s%s%s%s = %s\n",
                               name, sess_num(s, w0, b1),
                               sess_num(s, cfg->rate, b2), dot,
                               cmd_paren(s, d[off + j], b3), dot,
                               cmd_paren(s, ain, b4), sess_num(s, w1, b5));
                else
                    out_printf(s->o, "    %s = %s - %s%s%s = %s\n", name,
                               sess_num(s, w0, b1),
                               sess_num(s, cfg->rate, b2), dot,
                               cmd_paren(s, d[off + j], b3),
                               sess_num(s, w1, b4));
            }
        }
        if (l > 0)
            aoff += in;
        off += sp.units;
        in = sp.units;
    }
}

/* A larger network's step: per layer, the size of the gradient and of
 * the change the update made. */
static void print_step_summary(sess *s, const nn_net *old, const nn_net *net)
{
    char b1[32], b2[32];
    for (size_t l = 0; l < nn_net_layers(net); l++) {
        nn_layer_spec sp = nn_net_layer(net, l);
        size_t nw = sp.units * (l ? nn_net_layer(net, l - 1).units
                                  : nn_net_inputs(net));
        const float *gw = nn_net_grad_weights(net, l);
        const float *gb = nn_net_grad_biases(net, l);
        const float *w0 = nn_net_weights(old, l), *w1 = nn_net_weights(net, l);
        const float *c0 = nn_net_biases(old, l), *c1 = nn_net_biases(net, l);
        double gn = 0, un = 0;
        for (size_t i = 0; i < nw; i++) {
            gn += (double)gw[i] * gw[i];
            un += ((double)w1[i] - w0[i]) * ((double)w1[i] - w0[i]);
        }
        for (size_t j = 0; j < sp.units; j++) {
            gn += (double)gb[j] * gb[j];
            un += ((double)c1[j] - c0[j]) * ((double)c1[j] - c0[j]);
        }
        out_printf(s->o, "  layer %zu (%zu %s): gradient norm %s, update "
                   "norm %s\n", l + 1, sp.units, layer_act(&sp),
                   sess_num(s, sqrt(gn), b1), sess_num(s, sqrt(un), b2));
    }
}

int net_step(sess *s)
{
    net_src src, test;
    nn_net_cfg cfg;
    if (net_data(s, &src, &test) != 0 || net_config(s, &cfg) != 0)
        return CMD_ERR;
    nn_net *net = s->nw.net;
    int fit = src_real(&src);  // a curve: a real target, loss mse
    size_t count = src_count(&src), p = nn_net_inputs(net), units = 0;
    size_t widest = p;
    for (size_t l = 0; l < nn_net_layers(net); l++) {
        size_t u = nn_net_layer(net, l).units;
        units += u;
        widest = u > widest ? u : widest;
    }
    size_t i = s->nw.next % count;
    float *x = nn_malloc(p * sizeof *x);
    float *buf = nn_malloc(4 * units * sizeof *buf);
    double *wbuf = nn_malloc(widest * sizeof *wbuf);
    double *abuf = nn_malloc(widest * sizeof *abuf);
    nn_net *old = nn_net_copy(net);
    int rc = CMD_OK;
    if (!x || !buf || !wbuf || !abuf || !old) {
        sess_fail(s, SIZE_MAX, 0, "out of memory");
        rc = CMD_NOMEM;
    }
    float *z = buf, *a = buf + units, *g = buf + 2 * units;
    float *d = buf + 3 * units;
    uint8_t y = 0;
    float target = 0;
    double loss = 0;
    if (rc == CMD_OK) {
        src_rows(&src, &i, 1, x, &y);
        if (fit)
            src_targets(&src, &i, 1, &target);
        nn_status st = fit ? nn_net_trace_real(net, x, &target, z, a, g, d,
                                               &loss)
                           : nn_net_trace(net, cfg.loss, x, y, z, a, g, d,
                                          &loss);
        if (st == NN_OK)
            st = fit ? nn_net_train_real(net, &cfg, x, &target, 1, NULL)
                     : nn_net_train_batch(net, &cfg, x, &y, 1, NULL, NULL);
        if (st == NN_ERANGE)
            rc = sess_fail(s, SIZE_MAX, 0, "the weights would become inf or "
                           "nan (is the rate too large?); nothing changed");
        else if (st != NN_OK)
            rc = sess_fail(s, SIZE_MAX, 0, "%s", nn_strerror(st));
    }
    char b1[32];
    if (rc == CMD_OK) {
        out_printf(s->o, "%s %zu of %zu: x = (", src.im ? "image" : "sample",
                   i + 1, count);
        for (size_t k = 0; k < p && k < 8; k++)
            out_printf(s->o, "%s%s", k ? ", " : "", sess_num(s, x[k], b1));
        if (fit)
            out_printf(s->o, "%s), y = %s\n", p > 8 ? ", ..." : "",
                       sess_num(s, target, b1));
        else
            out_printf(s->o, "%s), y = %d\n", p > 8 ? ", ..." : "", y);
        if (nn_net_params(net) <= NET_SHOW_PARAMS) {
            out_printf(s->o, "forward:\n");
            rc = print_forward(s, old, x, z, a, wbuf, abuf);
        }
    }
    if (rc == CMD_OK) {
        out_printf(s->o, "loss %s = %s\n", loss_formula(cfg.loss),
                   sess_num(s, loss, b1));
        if (nn_net_params(net) <= NET_SHOW_PARAMS) {
            out_printf(s->o, "backward (%s = dL/dz):\n",
                       out_glyph(s->o, "δ", "delta"));
            print_backward(s, old, cfg.loss, y, fit ? &target : NULL, z, a, g,
                           d);
            print_update(s, old, net, x, a, d, &cfg);
        } else {
            print_step_summary(s, old, net);
        }
        s->nw.next = i + 1;
        if (s->nw.next == count) {  // every sample once: an epoch
            s->nw.next = 0;
            s->nw.epochs++;
            out_printf(s->o, "that was the last sample: epoch %zu done\n",
                       s->nw.epochs);
        }
        s->loss = loss;
    }
    nn_net_free(old);
    free(x);
    free(buf);
    free(wbuf);
    free(abuf);
    return rc;
}

int net_epoch_traced(sess *s)
{
    size_t epochs = s->nw.epochs;
    do {
        if (sess_interrupted(s))
            return sess_fail(s, SIZE_MAX, 0, "interrupted at sample %zu; "
                             "what was learned is kept", s->nw.next + 1);
        int rc = net_step(s);
        if (rc != CMD_OK)
            return rc;  // CMD_NOMEM: the caller undoes the whole pass
    } while (s->nw.epochs == epochs);
    return CMD_OK;
}

/* ============================ looking at it ============================ */

/* evaluate on a curve: the mean squared error and the largest miss. */
static int evaluate_fit(sess *s, const net_src *src, int is_test)
{
    const nn_data *d = src->d;
    float x[1], y[1];
    double sum = 0, abs_sum = 0, worst = 0, at = 0;
    if (nn_net_inputs(s->nw.net) != 1)
        return sess_fail(s, SIZE_MAX, 0, "evaluate fits curves of 1 input");
    for (size_t i = 0; i < d->rows; i++) {
        x[0] = (float)d->x[i];
        nn_net_forward(s->nw.net, x, 1, y);
        double e = (double)y[0] - d->y[i];
        sum += e * e;
        abs_sum += fabs(e);
        if (fabs(e) > worst) {
            worst = fabs(e);
            at = d->x[i];
        }
    }
    return cmd_report_fit(s, is_test, d->rows, sum, abs_sum, worst, &at);
}

/* The name of class k of the table the network learns: its name, or
 * the number. buf holds 24 bytes. */
static const char *class_label(const net_src *src, size_t k, char *buf)
{
    const char *name = src->d ? nn_data_class_name(src->d, k) : NULL;
    if (name)
        return name;
    snprintf(buf, 24, "%zu", k);
    return buf;
}

/* evaluate's `> FILE.svg`: the confusion matrix with the classes' names,
 * on the test set or the training set, at accuracy acc. 0 or CMD_ERR. */
static int evaluate_svg(sess *s, const net_src *train, const size_t *conf,
                        size_t classes, int is_test, const char *acc)
{
    if (!s->svg_to[0])
        return 0;
    char (*labels)[24] = nn_malloc(classes * sizeof *labels);
    const char **names = nn_malloc(classes * sizeof *names);
    int rc = labels && names ? 0 : sess_fail(s, SIZE_MAX, 0, "out of memory");
    for (size_t k = 0; rc == 0 && k < classes; k++)
        names[k] = class_label(train, k, labels[k]);
    char title[96];
    snprintf(title, sizeof title, "the network on the %s: accuracy %s",
             is_test ? "test set" : "training set", acc);
    if (rc == 0)
        rc = cmd_confusion_svg(s, names, conf, classes, title);
    free(labels);
    free(names);
    return rc;
}

int net_evaluate(sess *s)
{
    net_src train, test;
    if (net_data(s, &train, &test) != 0)
        return CMD_ERR;
    const net_src *src = src_count(&test) ? &test : &train;
    if (src_real(src))
        return evaluate_fit(s, src, src == &test);
    size_t classes = train.im ? 10 : train.d->classes > 2
                     ? train.d->classes : 2;
    size_t count = src_count(src);
    size_t *conf = nn_calloc(classes * classes, sizeof *conf);
    eval_room room;
    if (!conf || eval_open(s, &room) != 0) {
        free(conf);
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    }
    double acc = accuracy_on(s, src, classes, conf, &room);
    eval_close(&room);
    char b1[32], n1[24];
    size_t right = 0;
    for (size_t d = 0; d < classes; d++)
        right += conf[d * classes + d];
    out_printf(s->o, "on the %s (%zu %s%s): accuracy %s (%zu right, %zu "
               "wrong)\n", src == &test ? "test set" : "training set",
               count, train.im ? "image" : "sample", count == 1 ? "" : "s",
               sess_num(s, acc, b1), right, count - right);
    if (train.im) {
        out_printf(s->o, "rows: the true digit; columns: the network's "
                   "answer\n");
        out_printf(s->o, "     ");
        for (int d = 0; d < 10; d++)
            out_printf(s->o, "%6d", d);
        out_printf(s->o, "\n");
        for (int t = 0; t < 10; t++) {
            out_printf(s->o, "%4d ", t);
            for (int d = 0; d < 10; d++)
                out_printf(s->o, "%6zu", conf[t * 10 + d]);
            out_printf(s->o, "\n");
        }
    } else if (!train.d->classes) {  // as the neuron shows it
        out_printf(s->o, "%14s %12s %12s\n", "", "predicted 0",
                   "predicted 1");
        for (int y = 0; y < 2; y++)
            out_printf(s->o, "%14s %12zu %12zu\n", y ? "actual 1"
                       : "actual 0", conf[y * 2], conf[y * 2 + 1]);
    } else {  // named classes: a row a true class, a column an answer
        out_printf(s->o, "rows: the true class; columns: the network's "
                   "answer\n%12s", "");
        for (size_t k = 0; k < classes; k++) {
            out_printf(s->o, " %11.11s", class_label(&train, k, n1));
        }
        out_printf(s->o, "\n");
        for (size_t t = 0; t < classes; t++) {
            out_printf(s->o, "%12.12s", class_label(&train, t, n1));
            for (size_t k = 0; k < classes; k++)
                out_printf(s->o, " %11zu", conf[t * classes + k]);
            out_printf(s->o, "\n");
        }
    }
    int rc = evaluate_svg(s, &train, conf, classes, src == &test, b1);
    free(conf);
    if (rc != 0)
        return CMD_ERR;
    s->have_training = 1;
    s->accuracy = acc;
    return CMD_OK;
}

/* The images the picture commands (predict sample, mistakes) need: 0 or
 * CMD_ERR. */
static int net_ready(sess *s)
{
    net_src train, test;
    if (net_data(s, &train, &test) != 0)
        return CMD_ERR;
    if (!train.im)
        return sess_fail(s, SIZE_MAX, 0, "this needs images: data mnist");
    return 0;
}

int net_class_at(sess *s, double x1, double x2)
{
    float x[2] = { (float)x1, (float)x2 }, y[NN_DATA_MAX_CLASSES];
    nn_net *net = s->nw.net;
    nn_layer_spec last = nn_net_layer(net, nn_net_layers(net) - 1);
    if (nn_net_inputs(net) != 2 || last.units > NN_DATA_MAX_CLASSES)
        return 0;
    nn_net_forward(net, x, 1, y);
    return (int)class_of(&last, y);
}

int net_predict_values(sess *s, const double *x, size_t n)
{
    nn_net *net = s->nw.net;
    size_t inputs = nn_net_inputs(net), layers = nn_net_layers(net);
    if (n != inputs)
        return sess_fail(s, SIZE_MAX, 0, "expected %zu number%s (one per "
                         "input of the network), got %zu", inputs,
                         inputs == 1 ? "" : "s", n);
    size_t widest = inputs;
    for (size_t l = 0; l < layers; l++)
        if (nn_net_layer(net, l).units > widest)
            widest = nn_net_layer(net, l).units;
    nn_layer_spec last = nn_net_layer(net, layers - 1);
    double *prev = nn_malloc(widest * sizeof *prev);
    double *cur = nn_malloc(widest * sizeof *cur);
    double *w = nn_malloc(widest * sizeof *w);
    float *xf = nn_malloc(inputs * sizeof *xf);
    float *y = nn_malloc(last.units * sizeof *y);
    int rc = prev && cur && w && xf && y ? CMD_OK
             : sess_fail(s, SIZE_MAX, 0, "out of memory");
    char b1[32], b2[32];
    int detail = nn_net_params(net) <= NET_SHOW_PARAMS;
    for (size_t i = 0; rc == CMD_OK && i < inputs; i++) {
        prev[i] = x[i];
        xf[i] = (float)x[i];
    }
    /* the sums in double from the network's float weights, to show them;
       the answer below is the network's own (float) forward pass */
    size_t in = inputs;
    for (size_t l = 0; rc == CMD_OK && detail && l < layers; l++) {
        nn_layer_spec sp = nn_net_layer(net, l);
        const float *W = nn_net_weights(net, l), *B = nn_net_biases(net, l);
        out_printf(s->o, "layer %zu (%s):\n", l + 1, layer_act(&sp));
        for (size_t j = 0; j < sp.units; j++) {
            double z = 0;
            for (size_t i = 0; i < in; i++) {
                w[i] = W[j * in + i];
                z += w[i] * prev[i];
            }
            z += B[j];
            cur[j] = z;
            out_printf(s->o, "  unit %zu:\n", j + 1);
            rc = cmd_print_sum(s, "    ", w, prev, in, B[j], z);
            if (rc != CMD_OK)
                break;
            if (sp.act) {
                cur[j] = sp.act->f(z, sp.param);
                out_printf(s->o, "    a = %s(%s) = %s\n", sp.act->name,
                           sess_num(s, z, b1), sess_num(s, cur[j], b2));
            }
        }
        if (rc == CMD_OK && !sp.act) {  // softmax of the row
            double m = cur[0], sum = 0;
            for (size_t j = 1; j < sp.units; j++)
                m = cur[j] > m ? cur[j] : m;
            for (size_t j = 0; j < sp.units; j++)
                sum += exp(cur[j] - m);
            for (size_t j = 0; j < sp.units; j++) {
                double p = exp(cur[j] - m) / sum;
                out_printf(s->o, "  a%zu = softmax(z)%zu = %s\n", j + 1,
                           j + 1, sess_num(s, p, b1));
                cur[j] = p;
            }
        }
        double *t = prev;
        prev = cur;
        cur = t;
        in = sp.units;
    }
    if (rc == CMD_OK) {
        nn_net_forward(net, xf, 1, y);
        size_t cls = class_of(&last, y);
        int curve = !s->nw.on_images && s->tr.data && s->tr.data->regression;
        if (curve)
            out_printf(s->o, "the network's output: %s\n",
                       sess_num(s, y[0], b1));
        else if (last.units == 1)
            out_printf(s->o, "the network's output: a = %s, class %zu\n",
                       sess_num(s, y[0], b1), cls);
        else {
            out_printf(s->o, "the network's outputs:");
            for (size_t k = 0; k < last.units; k++)
                out_printf(s->o, " %s", sess_num(s, y[k], b1));
            const char *name = !s->nw.on_images && s->tr.data
                               ? nn_data_class_name(s->tr.data, cls) : NULL;
            out_printf(s->o, "; class %zu", cls);
            if (name) {  // as data lists it: escaped
                out_printf(s->o, ", ");
                out_escaped(s->o, OUT_OUT, name, strlen(name));
            }
            out_printf(s->o, "\n");
        }
    }
    free(prev);
    free(cur);
    free(w);
    free(xf);
    free(y);
    return rc;
}

/* Draws pixels (0-255 or 0-1 doubles) as an image. 0 or CMD_ERR. */
static int draw_pixels(sess *s, const double *px, size_t rows, size_t cols,
                       int signed_scale)
{
    plot *p = plot_new();
    int rc = p && plot_image(p, px, rows, cols, signed_scale) == 0
             ? cmd_draw(s, p, 0) : sess_fail(s, SIZE_MAX, 0, "out of memory");
    plot_free(p);
    return rc;
}

/* Runs the network on one picture (px in [0, 1]) and shows the picture,
 * the ten probabilities as bars, and the answer. */
static int show_prediction(sess *s, const double *px, size_t rows,
                           size_t cols, int truth)
{
    nn_net *net = s->nw.net;
    size_t p = rows * cols;
    size_t outs = nn_net_layer(net, nn_net_layers(net) - 1).units;
    float *x = nn_malloc(p * sizeof *x);
    float *y = nn_malloc(outs * sizeof *y);
    double *prob = nn_malloc(outs * sizeof *prob);
    char (*labels)[24] = nn_malloc(outs * sizeof *labels);
    const char **names = nn_malloc(outs * sizeof *names);
    int rc = x && y && prob && labels && names ? 0
             : sess_fail(s, SIZE_MAX, 0, "out of memory");
    size_t best = 0;
    if (rc == 0) {
        for (size_t i = 0; i < p; i++)
            x[i] = (float)px[i];
        nn_net_forward(net, x, 1, y);
        for (size_t k = 0; k < outs; k++) {
            prob[k] = y[k];
            snprintf(labels[k], sizeof labels[k], "%zu", k);
            names[k] = labels[k];
            if (y[k] > y[best])
                best = k;
        }
        plot *im = plot_new(), *pl = plot_new();
        if (im && pl && plot_image(im, px, rows, cols, 0) == 0
            && plot_bars(pl, names, prob, outs) == 0) {
            plot_yrange(pl, 0, 1);
            rc = cmd_draw_beside(s, im, pl);  // beside when stacked is too tall
        } else {
            rc = sess_fail(s, SIZE_MAX, 0, "out of memory");
        }
        plot_free(im);
        plot_free(pl);
    }
    if (rc == 0) {
        char b1[32];
        out_printf(s->o, "the network says %zu (probability %s)", best,
                   sess_num(s, prob[best], b1));
        if (truth >= 0)
            out_printf(s->o, "; the true digit is %d: %s", truth,
                       (size_t)truth == best ? "right" : "wrong");
        out_printf(s->o, "\n");
    }
    free(x);
    free(y);
    free(prob);
    free(labels);
    free(names);
    return rc;
}

/* predict sample N (from the test set, numbered from 0 as in the course
 * notebook) or predict image NAME. */
int net_predict(sess *s, lexer *lx)
{
    token t, n;
    lex_error err;
    if (net_ready(s) != 0 || cmd_svg_target(s, lx) != 0)
        return CMD_ERR;
    lex_next(lx, &t, &err);
    if (tok_is_word(&t, "image")) {
        if (lex_next(lx, &n, &err) != 0 || n.kind != TOK_NAME) {
            lex_expected(&err, &n, "the name of an image");
            return sess_fail_lex(s, &err);
        }
        const image *im = images_find(&s->images, n.start, n.len);
        if (!im)
            return sess_fail(s, n.col, n.len, "no image named '%.*s'",
                             n.len > 40 ? 40 : (int)n.len, n.start);
        if (cmd_read_end(s, lx) != 0)
            return CMD_ERR;
        if (im->rows * im->cols != nn_net_inputs(s->nw.net))
            return sess_fail(s, n.col, n.len, "%s has %zu pixels but the "
                             "network takes %zu", im->name,
                             im->rows * im->cols, nn_net_inputs(s->nw.net));
        return show_prediction(s, im->px, im->rows, im->cols, -1);
    }
    const nn_images *set = s->nw.test ? s->nw.test : s->nw.train;
    double v;
    lex_peek(lx, &n, &err);
    if (cmd_read_number(s, lx, "the sample's number", &v) != 0
        || cmd_read_end(s, lx) != 0)
        return CMD_ERR;
    if (!(v >= 0 && v < (double)set->count && v == floor(v)))
        return sess_fail(s, n.col, n.len, "the %s set has samples 0 to %zu",
                         s->nw.test ? "test" : "training", set->count - 1);
    size_t i = (size_t)v, p = set->rows * set->cols;
    double *px = nn_malloc(p * sizeof *px);
    if (!px)
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    for (size_t j = 0; j < p; j++)
        px[j] = set->pixels[i * p + j] / 255.0;
    out_printf(s->o, "%s sample %zu:\n", s->nw.test ? "test" : "training", i);
    int rc = show_prediction(s, px, set->rows, set->cols, set->labels[i]);
    free(px);
    return rc;
}

int cmd_mistakes(sess *s, const cmd_args *a)
{
    lexer lx;
    double want = 3;
    token t;
    lex_error err;
    cmd_lex(&lx, a);
    if (cmd_svg_target(s, &lx) != 0)
        return CMD_ERR;
    if (lex_peek(&lx, &t, &err) == 0 && t.kind != TOK_END
        && (cmd_read_number(s, &lx, "how many to show", &want) != 0
            || cmd_read_end(s, &lx) != 0))
        return CMD_ERR;
    if (!(want >= 1 && want <= 100 && want == floor(want)))
        return sess_fail(s, a->col, a->len, "show from 1 to 100 mistakes");
    if (net_ready(s) != 0)
        return CMD_ERR;
    const nn_images *set = s->nw.test ? s->nw.test : s->nw.train;
    nn_net *net = s->nw.net;
    size_t p = set->rows * set->cols, shown = 0;
    size_t outs = nn_net_layer(net, nn_net_layers(net) - 1).units;
    float *x = nn_malloc(p * sizeof *x), *y = nn_malloc(outs * sizeof *y);
    double *px = nn_malloc(p * sizeof *px);
    int rc = x && y && px ? 0 : sess_fail(s, SIZE_MAX, 0, "out of memory");
    char b1[32];
    for (size_t i = 0; rc == 0 && i < set->count && shown < (size_t)want;
         i++) {
        nn_net_pixels(set->pixels + i * p, p, x);
        nn_net_forward(net, x, 1, y);
        size_t best = 0;
        for (size_t k = 1; k < outs; k++)
            if (y[k] > y[best])
                best = k;
        if (best == set->labels[i])
            continue;
        for (size_t j = 0; j < p; j++)
            px[j] = x[j];
        out_printf(s->o, "sample %zu: the true digit is %d, the network "
                   "says %zu (probability %s)\n", i, set->labels[i], best,
                   sess_num(s, y[best], b1));
        rc = draw_pixels(s, px, set->rows, set->cols, 0);
        shown++;
    }
    if (rc == 0 && shown == 0)
        out_printf(s->o, "no mistakes on the %s set\n",
                   s->nw.test ? "test" : "training");
    free(x);
    free(y);
    free(px);
    return rc;
}

/* show unit K: hidden unit K's incoming weights as a picture. */
int net_show_unit(sess *s, lexer *lx)
{
    token t;
    lex_error err;
    double k;
    if (!s->nw.net)
        return sess_fail(s, SIZE_MAX, 0, "no network yet: network 784 50 "
                         "relu 20 relu 10 softmax");
    if (cmd_svg_target(s, lx) != 0)
        return CMD_ERR;
    lex_peek(lx, &t, &err);
    if (cmd_read_number(s, lx, "the unit's number", &k) != 0
        || cmd_read_end(s, lx) != 0)
        return CMD_ERR;
    nn_layer_spec first = nn_net_layer(s->nw.net, 0);
    if (!(k >= 1 && k <= (double)first.units && k == floor(k)))
        return sess_fail(s, t.col, t.len, "the first layer has units 1 to "
                         "%zu", first.units);
    size_t in = nn_net_inputs(s->nw.net), rows, cols;
    plot *p = net_unit_plot(s, (size_t)k - 1, NULL, &rows, &cols);
    if (!p)
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    out_printf(s->o, "unit %zu of the first layer: its %zu incoming weights "
               "as a %zux%zu picture\n", (size_t)k, in, rows, cols);
    int rc = cmd_draw(s, p, 0);
    plot_free(p);
    return rc;
}

plot *net_unit_plot(const sess *s, size_t u, const char *title,
                    size_t *rows, size_t *cols)
{
    size_t in = nn_net_inputs(s->nw.net);
    const float *w = nn_net_weights(s->nw.net, 0) + u * in;
    size_t side = (size_t)sqrt((double)in);
    *rows = side * side == in ? side : 1;
    *cols = in / *rows;
    if (s->nw.train && s->nw.train->rows * s->nw.train->cols == in) {
        *rows = s->nw.train->rows;  // the images' shape
        *cols = s->nw.train->cols;
    }
    double *px = nn_malloc(in * sizeof *px);
    plot *p = px ? plot_new() : NULL;
    for (size_t i = 0; p && i < in; i++)
        px[i] = w[i];
    if (p && (plot_image(p, px, *rows, *cols, 1) != 0
              || (title && plot_title(p, title) != 0))) {
        plot_free(p);
        p = NULL;
    }
    free(px);
    return p;
}

/* ============================ saving ============================ */

int net_save(sess *s, const char *path)
{
    char *text, why[300], target[4096];
    size_t len;
    if (!s->nw.net)
        return sess_fail(s, SIZE_MAX, 0, "no network to save yet");
    files_rule rule;
    if (cmd_write_target(s, path, target, sizeof target, &rule) != 0)
        return CMD_ERR;
    path = target;
    if (nn_net_save(s->nw.net, &text, &len) != NN_OK)
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    int rc = sess_write_file(s, &rule, path, text, len, why, sizeof why);
    free(text);
    if (rc != 0)
        return sess_fail(s, SIZE_MAX, 0, "%s", why);
    char b1[32];
    files_shown_name(path, why, sizeof why);
    out_printf(s->o, "saved the network (%s parameters) to %s\n",
               grouped(nn_net_params(s->nw.net), b1, sizeof b1), why);
    return CMD_OK;
}

int net_load(sess *s, const char *path)
{
    char *buf, why[300], shown[120];
    size_t len;
    files_shown_name(path, shown, sizeof shown);
    char near[4096];
    sess_find_file(s, path, near, sizeof near);
    if (files_read(near, FILES_MAX_DATA, &buf, &len, why, sizeof why) != 0)
        return sess_fail(s, SIZE_MAX, 0, "%s", why);
    nn_net *net = NULL;
    nn_errinfo err = { 0 };
    nn_status st = nn_net_load(buf, len, &net, &err);
    free(buf);
    if (st != NN_OK) {
        if (err.line > 0)
            return sess_fail(s, SIZE_MAX, 0, "%s:%ld: %s", shown, err.line,
                             err.msg[0] ? err.msg : nn_strerror(st));
        return sess_fail(s, SIZE_MAX, 0, "%s: %s", shown,
                         err.msg[0] ? err.msg : nn_strerror(st));
    }
    nn_net_free(s->nw.net);
    s->nw.net = net;
    s->nw.epochs = 0;
    s->nw.hist_n = 0;
    char b1[32];
    out_printf(s->o, "loaded a network of %s parameters from %s\n",
               grouped(nn_net_params(net), b1, sizeof b1), shown);
    return CMD_OK;
}
