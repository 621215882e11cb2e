/*
 * watch.c - watching training happen: what the live view shows for the
 * session's model and data, when it draws, and the animated SVG.
 *
 * The training loops call watch_epoch after each epoch and, for a
 * network, watch_batch after each batch; both return at once unless a
 * run is watched, and then look at the clock only every so many reports
 * when they come fast, and draw only when the live view says a frame is
 * due (LIVE_INTERVAL apart), so watching costs training a frame's
 * drawing 20 times a second at most. `watch slow` instead draws every
 * few epochs and holds each frame a moment. A frame is built afresh each
 * time from the session: boundary's picture (cmd_boundary_plot), the loss
 * history (cmd_history_plot), bars of the neuron's weights, the curve
 * being fitted, or the loss and accuracy of images as they go. Building
 * one may fail (out of memory): that picture is left out of the frame,
 * and the error it recorded is taken back, since training goes on.
 *
 * The animated SVG keeps up to WATCH_SVG_FRAMES frames spread evenly over
 * the run, plus the state before it and after it: each frame is a group
 * of the plots as plot_render_svg draws them, side by side, under the
 * status line, shown in turn by SMIL <set> elements (no script; every
 * browser and slide tool that shows SVG plays it); the last one stays.
 */
#include "watch.h"
#include "live.h"
#include "plot.h"
#include "../engine/mem.h"  /* nn_malloc: allocations a test can fail */

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Each plot of the animated SVG, in pixels, and the status line above. */
#define SVG_PLOT_W 480
#define SVG_PLOT_H 330
#define SVG_STATUS_H 30

/* Frames of the SVG at most: the first, WATCH_SVG_FRAMES, the last. */
#define SVG_MOST (WATCH_SVG_FRAMES + 2)

/* Points along the model's curve (1-D data). */
#define CURVE_SAMPLES 200

/* Points of the loss history a frame draws at most: a long run's is
 * thinned (drawing 300,000 epochs 20 times a second would cost more
 * than the training), to the lowest and highest of 300 runs of epochs:
 * more than a plot's braille dots across in a terminal 300 wide. */
#define LOSS_POINTS 600

/* Weights shown as bars at most (a larger neuron: the loss alone). */
#define BAR_WEIGHTS 12

/* A network with at most this many first-layer units is small: the view
 * shows its first units' pictures as they form. */
#define UNITS_SMALL 64

/* Points of the loss and accuracy of images per epoch, at most. */
#define TRACK_PER_EPOCH 50

/* What the data set makes of the picture. */
typedef enum kind {
    KIND_PLANE,   /* 2 features, classes: boundary */
    KIND_CURVE,   /* 1 feature, real targets: the curve */
    KIND_IMAGES,  /* a network on the images: loss and accuracy */
    KIND_OTHER    /* the neuron's weights, the loss */
} kind;

/* The loss and accuracy of images as training goes, x in epochs. */
typedef struct track {
    double *x, *loss, *acc;
    size_t n, cap;
} track;

struct watch {
    live *view;            /* draws the frames, or prints the last */
    watch_how how;
    int in_place;          /* frames drawn in place on the terminal */
    kind kind;
    size_t epochs;         /* the run's epochs */
    size_t done;           /* epochs done */
    double progress;       /* epochs done, with the part of the current */
    int running;           /* inside an epoch: loss_now, acc_now hold */
    double loss_now, acc_now;
    track track;
    char svg[4096];        /* the animated SVG's file, or "" */
    out *frames;           /* its frames so far (memory sink), or NULL */
    size_t nframes;
    size_t dur_at[SVG_MOST];  /* where each frame's <set> takes its dur */
    double next_frame;     /* progress at which the next one is taken */
    int svg_w, svg_h;      /* its size: room for every picture */
    int oom;               /* memory ran short: a picture or a frame of
                              the SVG is missing */
    int slow;              /* watch slow on a terminal: each frame held */
    double shown;          /* when the last frame was drawn (slow) */
    unsigned countdown;    /* reports until the next one is looked at */
    unsigned stride;       /* reports looked at: one in stride */
    double checked;        /* when the last one was */
};

/* How often a report is looked at (a clock read, maybe a frame): a loop
 * reporting closer than FAST seconds apart (a neuron's epoch on AND takes
 * half a microsecond) is looked at every other time, then every fourth,
 * ..., every MAX_STRIDE-th at most; further than SLOW apart brings the
 * stride down again. A frame is then late by a few milliseconds at most,
 * and a million reports a second cost a few thousand clock reads. */
#define FAST 0.0005
#define SLOW 0.002
#define MAX_STRIDE 65536u

/* watch slow: frames a run at most, and the seconds each is held. */
#define SLOW_FRAMES 100
#define SLOW_HOLD 0.1

/* ============================ watch on | off ============================ */

/* watch's rows: ROW_ON, ROW_OFF as trace's, then slow. */
static const cmd_word watch_words[] = {
    { "on", "on", "draw every later train, epoch and step as it learns", 0,
      "data and; watch on; train 5" },
    { "off", "off", "train, epoch and step print their rows only (train "
      "N --watch still watches one run)", 0, "watch off" },
    { "slow", "slow", "as on, and on a terminal each picture is held a "
      "moment (a tenth of a second, 100 pictures a run at most), for a "
      "class to follow a run that takes microseconds", 0,
      "data and; watch slow; train 20" },
};

const cmd_word *cmd_watch_word(size_t i)
{
    return CMD_ROW_AT(watch_words, i);
}

int cmd_watch(sess *s, const cmd_args *a)
{
    int c;
    if (cmd_read_row(s, a, cmd_watch_word, &c) != 0)
        return CMD_ERR;
    s->tr.watch = c == ROW_ON ? WATCH_ON : c == ROW_OFF ? WATCH_OFF
                                                        : WATCH_SLOWLY;
    return CMD_OK;
}

/* ============================ the pictures ============================ */

static kind kind_of(const sess *s)
{
    const nn_data *d = s->tr.data;
    if (s->nw.net && s->nw.on_images && s->nw.train)
        return KIND_IMAGES;
    if (d && d->regression && d->cols == 1)
        return KIND_CURVE;
    if (d && !d->regression && d->cols == 2)
        return KIND_PLANE;
    return KIND_OTHER;
}

/* The neuron's weights and bias as bars, their numbers beside them. */
static plot *weight_bars(const sess *s, int *oom)
{
    const nn_neuron *nr = s->nr;
    if (nr->n > BAR_WEIGHTS)
        return NULL;
    char names[BAR_WEIGHTS + 1][8];
    const char *labels[BAR_WEIGHTS + 1];
    double values[BAR_WEIGHTS + 1];
    for (size_t i = 0; i <= nr->n; i++) {
        snprintf(names[i], sizeof names[i], i < nr->n ? "w%zu" : "b", i + 1);
        labels[i] = names[i];
        values[i] = i < nr->n ? nr->w[i] : nr->b;
    }
    plot *p = plot_new();
    if (!p || plot_title(p, "weights and bias") != 0
        || plot_bars(p, labels, values, nr->n + 1) != 0) {
        plot_free(p);
        *oom = 1;
        return NULL;
    }
    return p;
}

/* 1 when a layer's units bend at z = 0 (relu, leaky_relu): their hinges
 * are worth marking. */
static int has_hinge(const nn_layer_spec *l)
{
    if (!l->act || !l->act->relu_form)
        return 0;
    double slope = l->act->param_name ? l->param : l->act->relu_slope;
    return slope != 1;
}

/* The model's output at x[0..n) into y (n <= CURVE_SAMPLES). */
static void model_curve(sess *s, const double *x, double *y, size_t n)
{
    if (s->nw.net) {
        float in[CURVE_SAMPLES] = { 0 }, outv[CURVE_SAMPLES];
        for (size_t i = 0; i < n; i++)
            in[i] = (float)x[i];
        nn_net_forward(s->nw.net, in, n, outv);  // one output unit
        for (size_t i = 0; i < n; i++)
            y[i] = outv[i];
        return;
    }
    const nn_neuron *nr = s->nr;
    for (size_t i = 0; i < n; i++)
        y[i] = nr->act->f(nr->w[0] * x[i] + nr->b, nr->param);
}

/* Marks where the first layer's ReLU units bend, on the model's curve. */
static int mark_hinges(sess *s, plot *p, double lo, double hi)
{
    nn_net *net = s->nw.net;
    if (!net || nn_net_inputs(net) != 1 || nn_net_layers(net) < 2)
        return 0;
    nn_layer_spec l = nn_net_layer(net, 0);
    if (!has_hinge(&l))
        return 0;
    const float *w = nn_net_weights(net, 0), *b = nn_net_biases(net, 0);
    for (size_t k = 0, marks = 0; k < l.units && marks < PLOT_MAX_MARKS;
         k++) {
        double at = w[k] != 0 ? -(double)b[k] / w[k] : NAN;
        if (!(at >= lo && at <= hi))
            continue;
        double y;
        model_curve(s, &at, &y, 1);
        if (plot_mark(p, at, y, "") != 0)
            return -1;
        marks++;
    }
    return 0;
}

/* The target's points and the model's curve over them (1-D data). */
static plot *curve_plot(sess *s, int *oom)
{
    const nn_data *d = s->tr.data;
    double lo = INFINITY, hi = -INFINITY, x[CURVE_SAMPLES], y[CURVE_SAMPLES];
    nn_net *net = s->nw.net;
    if (net && (nn_net_inputs(net) != 1  // not a curve's model: no curve
                || nn_net_layer(net, nn_net_layers(net) - 1).units != 1))
        return NULL;
    for (size_t i = 0; i < d->rows; i++) {
        lo = d->x[i] < lo ? d->x[i] : lo;
        hi = d->x[i] > hi ? d->x[i] : hi;
    }
    if (!(lo < hi))
        return NULL;
    for (size_t i = 0; i < CURVE_SAMPLES; i++)
        x[i] = lo + (hi - lo) * (double)i / (CURVE_SAMPLES - 1);
    model_curve(s, x, y, CURVE_SAMPLES);
    plot *p = plot_new();
    if (!p || plot_title(p, "the target and the model") != 0
        || plot_labels(p, "x", "y") != 0
        || plot_points(p, "target", d->x, d->y, d->rows, 0) != 0
        || plot_line(p, s->nw.net ? "the network" : "the neuron", x, y,
                     CURVE_SAMPLES) != 0
        || mark_hinges(s, p, lo, hi) != 0) {
        plot_free(p);
        *oom = 1;
        return NULL;
    }
    plot_xrange(p, lo, hi);
    return p;
}

/* One of the image run's curves: loss (which 0) or accuracy (1). */
static plot *track_plot(const track *t, int which, int *oom)
{
    if (t->n == 0)
        return NULL;
    plot *p = plot_new();
    if (!p || plot_title(p, which ? "accuracy so far" : "loss so far") != 0
        || plot_labels(p, "epoch", which ? "accuracy" : "loss") != 0
        || plot_line(p, which ? "accuracy" : "loss", t->x,
                     which ? t->acc : t->loss, t->n) != 0) {
        plot_free(p);
        *oom = 1;
        return NULL;
    }
    if (which)
        plot_yrange(p, 0, 1);
    return p;
}

/* First-layer units whose pictures form beside the curves: two, of a
 * small network's (a large one's units are too many to pick from). */
static size_t units_shown(const sess *s)
{
    nn_layer_spec first = nn_net_layer(s->nw.net, 0);
    return first.units <= UNITS_SMALL ? (first.units < 2 ? first.units : 2)
                                      : 0;
}

/* First-layer unit u's incoming weights, as a picture forming. */
static plot *unit_plot(const sess *s, size_t u, int *oom)
{
    char title[32];
    size_t rows, cols;
    snprintf(title, sizeof title, "unit %zu", u + 1);
    plot *p = net_unit_plot(s, u, title, &rows, &cols);
    *oom |= p == NULL;
    return p;
}

/* The loss after each epoch, when there is one. */
static plot *loss_plot(sess *s, int *oom)
{
    plot *p = NULL;
    size_t n = s->nw.net ? s->nw.hist_n : s->tr.hist_n;
    if (n > 0 && cmd_history_plot(s, 1, LOSS_POINTS, &p) != 0)
        *oom = 1;  // its one failure once there is a history
    return p;
}

/* The frame's plots, the most telling first; a picture that cannot be
 * made is left out (w->oom says when memory was short). The session's
 * error, if any, is kept as it was. Returns their count. */
static size_t build_plots(sess *s, struct watch *w,
                          plot *p[LIVE_MAX_PLOTS])
{
    int *oom = &w->oom;
    char err[sizeof s->err];
    size_t col = s->err_col, len = s->err_len, n = 0;
    memcpy(err, s->err, sizeof err);
    plot *boundary = NULL;
    switch (w->kind) {
    case KIND_PLANE:
        if (cmd_boundary_plot(s, &boundary) == 0)
            p[n++] = boundary;
        else if (strcmp(s->err, "out of memory") == 0)  // else: not drawable
            *oom = 1;
        if (!s->nw.net)
            p[n++] = weight_bars(s, oom);
        p[n++] = loss_plot(s, oom);
        break;
    case KIND_CURVE:
        p[n++] = curve_plot(s, oom);
        p[n++] = loss_plot(s, oom);
        break;
    case KIND_IMAGES:  // a unit's picture forming, in a column of its
        if (units_shown(s) > 0)  // own, the curves beside it; a second
            p[n++] = unit_plot(s, 0, oom);  // unit when there is room
        p[n++] = track_plot(&w->track, 0, oom);
        p[n++] = track_plot(&w->track, 1, oom);
        if (units_shown(s) > 1)
            p[n++] = unit_plot(s, 1, oom);
        break;
    case KIND_OTHER:
        if (!s->nw.net)
            p[n++] = weight_bars(s, oom);
        p[n++] = loss_plot(s, oom);
        break;
    }
    memcpy(s->err, err, sizeof err);
    s->err_col = col;
    s->err_len = len;
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (p[i])
            p[kept++] = p[i];
    return kept;
}

/* How many pictures build_plots makes for this kind at most (the loss
 * comes once an epoch is done). */
static size_t pictures(const sess *s, kind k)
{
    int bars = !s->nw.net && s->nr->n <= BAR_WEIGHTS;
    switch (k) {
    case KIND_PLANE:
        return 2 + (size_t)bars;
    case KIND_CURVE:
        return 2;
    case KIND_IMAGES:
        return 2 + units_shown(s);
    case KIND_OTHER:
        break;
    }
    return 1 + (size_t)bars;
}

/* "epoch 12 of 50   loss 0.1234   accuracy 0.75   rate 0.1" */
static void status_line(sess *s, const struct watch *w, char *buf,
                        size_t cap)
{
    char b1[32], b2[32], b3[32];
    int n;
    const nn_data *d = s->tr.data;
    if (w->how == WATCH_AFTER && !s->nw.net && d && s->tr.next > 0)
        n = snprintf(buf, cap, "epoch %zu, %zu of %zu samples",
                     s->tr.epoch + 1, s->tr.next, d->rows);
    else if (w->how == WATCH_AFTER)
        n = snprintf(buf, cap, "after epoch %zu", s->nw.net ? s->nw.epochs
                                                            : s->tr.epoch);
    else if (w->running && w->done < w->epochs && w->kind == KIND_IMAGES)
        n = snprintf(buf, cap, "epoch %zu of %zu (%d%%)", w->done + 1,
                     w->epochs, (int)((w->progress - (double)w->done)
                                      * 100));
    else if (w->done == 0 && !w->running)  // the SVG's first frame
        n = snprintf(buf, cap, "before training, %zu epoch%s to go",
                     w->epochs, w->epochs == 1 ? "" : "s");
    else
        n = snprintf(buf, cap, "epoch %zu of %zu", w->done, w->epochs);
    if (n < 0 || (size_t)n >= cap)
        return;
    int real = w->kind == KIND_CURVE || (s->tr.data && s->tr.data->regression
                                         && !s->nw.on_images);
    double loss = w->running ? w->loss_now : s->loss;
    double acc = w->running ? w->acc_now : s->accuracy;
    if ((w->done > 0 || w->running || w->how == WATCH_AFTER)
        && (s->have_training || w->running))
        snprintf(buf + n, cap - (size_t)n, "   loss %s%s%s   rate %s",
                 sess_num(s, loss, b1), real ? "" : "   accuracy ",
                 real ? "" : sess_num(s, acc, b2),
                 sess_num(s, s->tr.cfg.rate, b3));
    else
        snprintf(buf + n, cap - (size_t)n, "   rate %s",
                 sess_num(s, s->tr.cfg.rate, b3));
}

/* ============================ the animated SVG ============================ */

/* Adds the frame of plots p[0..n) under `status` to the SVG's frames. */
static void svg_frame(struct watch *w, const char *status, plot **p,
                      size_t n)
{
    if (n == 0)
        return;
    if (!w->frames && !(w->frames = out_new_memory())) {
        w->oom = 1;
        return;
    }

    if (w->nframes == SVG_MOST)  // cannot happen: svg_due spaces them
        return;
    out_printf(w->frames, "<g visibility=\"hidden\" id=\"frame%zu\">\n"
               "<set attributeName=\"visibility\" to=\"visible\" "
               "begin=\"%.2fs\"", w->nframes,
               (double)w->nframes * WATCH_SVG_SECONDS);
    w->dur_at[w->nframes] = strlen(out_text(w->frames, OUT_OUT));
    out_printf(w->frames, "/>\n<text x=\"10\" y=\"21\" "
               "font-family=\"sans-serif\" font-size=\"16\">%s</text>\n",
               status);
    for (size_t i = 0; i < n; i++) {
        char *svg;
        size_t len;
        if (plot_render_svg(p[i], SVG_PLOT_W, SVG_PLOT_H, &svg, &len) != 0) {
            w->oom = 1;
            continue;
        }
        const char *body = strstr(svg, "<svg");  // past <?xml ...?>
        if (body && (int)i * SVG_PLOT_W < w->svg_w) {
            out_printf(w->frames, "<g transform=\"translate(%d,%d)\">\n",
                       (int)i * SVG_PLOT_W, SVG_STATUS_H);
            out_write(w->frames, OUT_OUT, body,
                      len - (size_t)(body - svg));
            out_printf(w->frames, "</g>\n");
        }
        free(svg);
    }
    out_printf(w->frames, "</g>\n");
    w->nframes++;
}

/* The animated SVG document from the frames: each shown for
 * WATCH_SVG_SECONDS, the last for good. Into *doc (malloc'ed; caller
 * frees) and *len, or -1 on out of memory. */
static int svg_document(const struct watch *w, char **doc, size_t *len)
{
    out *o = w->frames && !out_text_lost(w->frames, OUT_OUT)
             ? out_new_memory() : NULL;
    if (!o)
        return -1;
    out_printf(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
               "height=\"%d\" viewBox=\"0 0 %d %d\">\n<title>training, "
               "%zu frames</title>\n<rect width=\"100%%\" height=\"100%%\" "
               "fill=\"#ffffff\"/>\n", w->svg_w, w->svg_h, w->svg_w,
               w->svg_h, w->nframes);
    const char *f = out_text(w->frames, OUT_OUT);
    size_t from = 0;
    char dur[40];
    snprintf(dur, sizeof dur, " dur=\"%.2fs\"", WATCH_SVG_SECONDS);
    for (size_t i = 0; i + 1 < w->nframes; i++) {  // the last stays: no end
        out_write(o, OUT_OUT, f + from, w->dur_at[i] - from);
        out_write(o, OUT_OUT, dur, strlen(dur));
        from = w->dur_at[i];
    }
    out_write(o, OUT_OUT, f + from, strlen(f + from));
    out_printf(o, "</svg>\n");
    int lost = out_text_lost(o, OUT_OUT);
    const char *text = out_text(o, OUT_OUT);
    *len = strlen(text);
    *doc = lost ? NULL : nn_malloc(*len + 1);
    if (*doc)
        memcpy(*doc, text, *len + 1);
    out_free(o);
    return *doc ? 0 : -1;
}

/* ============================ frames ============================ */

/* Builds the frame of the moment and draws it: in place (in_place 1),
 * or printed / handed to the front end (the final frame off a
 * terminal), or into the SVG when one is being made (svg 1). The final
 * frame in place leaves rows below it for the words after it. */
static void frame(sess *s, struct watch *w, int in_place, int svg,
                  int final)
{
    plot *p[LIVE_MAX_PLOTS] = { NULL };
    char status[200], hint[] = "Ctrl-C stops, keeping what was learned";
    status_line(s, w, status, sizeof status);
    size_t n = build_plots(s, w, p);
    live_frame f = { { status }, 1, { NULL }, 0 };
    for (size_t i = 0; i < n; i++)
        f.plot[f.nplots++] = p[i];
    if (svg)
        svg_frame(w, status, p, n);
    else if (in_place && final) {  // room for the words that follow
        live_draw_final(w->view, &f, WATCH_BELOW);
    } else if (in_place) {
        f.line[f.nlines++] = hint;
        live_draw(w->view, &f);
    } else if (s->picture || s->rec) {
        /* the JSON front end's SVG pictures, or a handout's: each picture
           on its own, as plot and boundary show theirs */
        out_printf(s->o, "%s\n", status);
        for (size_t i = 0; i < n; i++)
            cmd_show_plot(s, p[i], NULL, 0);
    } else {
        int cols, rows, width = out_width(s->o), height = WATCH_PRINT_ROWS;
        if (out_term_size(s->o, &cols, &rows) == 0) {  // after step, epoch
            width = cols - 1;
            height = rows - 1 < height ? rows - 1 : height;
        }
        if (live_print(w->view, &f, width, height) != 0)
            w->oom = 1;
    }
    if (!svg && !in_place && w->oom)  // the final frame says what it lacks
        out_printf(s->o, "(out of memory: the picture is not complete)\n");
    for (size_t i = 0; i < n; i++)
        plot_free(p[i]);
}

/* 1 when the run has reached the next SVG frame. */
static int svg_due(struct watch *w)
{
    if (!w->svg[0] || w->progress < w->next_frame
        || w->progress >= (double)w->epochs)  // the final frame shows it
        return 0;
    double step = (double)w->epochs / WATCH_SVG_FRAMES;
    step = step < 1e-9 ? 1e-9 : step;
    while (w->next_frame <= w->progress)
        w->next_frame += step;
    return 1;
}

/* Adds a point to the images' loss and accuracy. */
static void track_add(track *t, double x, double loss, double acc,
                      int *oom)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 256;
        double *nx = nn_realloc(t->x, cap * sizeof *nx);
        double *nl = nx ? nn_realloc(t->loss, cap * sizeof *nl) : NULL;
        double *na = nl ? nn_realloc(t->acc, cap * sizeof *na) : NULL;
        t->x = nx ? nx : t->x;
        t->loss = nl ? nl : t->loss;
        if (!na) {
            *oom = 1;
            return;
        }
        t->acc = na;
        t->cap = cap;
    }
    t->x[t->n] = x;
    t->loss[t->n] = loss;
    t->acc[t->n++] = acc;
}

/* watch slow: every so many epochs (100 frames a run at most) a frame,
 * held until SLOW_HOLD seconds have passed since the one before. The wait
 * ends early on Ctrl-C (the signal interrupts nanosleep), and the
 * training loop then stops as ever. */
static void slow_frame(sess *s, struct watch *w)
{
    size_t every = (w->epochs + SLOW_FRAMES - 1) / SLOW_FRAMES;
    if (w->progress != (double)w->done  // a batch: epochs only
        || (w->done != 1 && w->done % (every ? every : 1) != 0))
        return;
    frame(s, w, 1, 0, 0);
    double left = SLOW_HOLD - (live_now() - w->shown);
    if (left > 0 && !sess_interrupted(s)) {
        struct timespec t = { 0, (long)(left * 1e9) };
        nanosleep(&t, NULL);
    }
    w->shown = live_now();
}

/* A report looked at: the SVG's frame when due (every report is looked
 * at then), the live frame when due (the stride follows the pace of the
 * reports), or nothing (a final frame only: no report is looked at). */
static void report(sess *s, struct watch *w)
{
    w->countdown = UINT_MAX;
    if (svg_due(w))
        frame(s, w, 0, 1, 0);
    if (w->svg[0])
        w->countdown = 1;
    if (!w->in_place)
        return;
    if (w->slow) {  // every report is looked at
        w->countdown = 1;
        slow_frame(s, w);
        return;
    }
    double now = live_now(), gap = now - w->checked;
    w->checked = now;
    if (gap < FAST && w->stride < MAX_STRIDE)
        w->stride *= 2;
    else if (gap > SLOW && w->stride > 1)
        w->stride /= 2;
    w->countdown = w->stride;
    if (live_due(w->view))
        frame(s, w, 1, 0, 0);
}

/* ============================ the run ============================ */

static void watch_free(struct watch *w)
{
    if (!w)
        return;
    live_free(w->view);
    out_free(w->frames);
    free(w->track.x);
    free(w->track.loss);
    free(w->track.acc);
    free(w);
}

int watch_begin(sess *s, int asked, watch_how how, size_t epochs,
                const char *svg)
{
    if (s->watch)  // a run inside a run: the outer one watches
        return 0;
    if (!asked && !s->tr.watch)
        return 0;
    char target[4096];
    files_rule rule;
    if (svg && svg[0]
        && cmd_write_target(s, svg, target, sizeof target, &rule) != 0)
        return CMD_ERR;  // a script may not write there: say so first
    struct watch *w = nn_calloc(1, sizeof *w);
    if (!w || !(w->view = live_new(s->o))) {
        watch_free(w);
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    }
    w->how = how;
    w->kind = kind_of(s);
    w->countdown = w->stride = 1;
    w->epochs = epochs;
    snprintf(w->svg, sizeof w->svg, "%s", svg ? svg : "");
    /* in place: train on a terminal that nothing else reads (a front end's
       pictures, a handout being recorded, presenter mode going back) */
    w->in_place = how == WATCH_LIVE && !w->svg[0] && s->progress
                  && !s->progress_line && !s->picture && !s->rec
                  && !s->replaying && live_on_terminal(w->view);
    w->slow = w->in_place && s->tr.watch == WATCH_SLOWLY;
    s->watch = w;
    if (w->svg[0]) {  // room for every picture, then the first frame
        w->svg_w = (int)pictures(s, w->kind) * SVG_PLOT_W;
        w->svg_h = SVG_STATUS_H + SVG_PLOT_H;
        frame(s, w, 0, 1, 0);  // the state before training
    }
    return 0;
}

int watch_active(const sess *s)
{
    return s->watch != NULL;
}

int watch_drawing(const sess *s)
{
    return s->watch && s->watch->in_place;
}

void watch_epoch(sess *s)
{
    struct watch *w = s->watch;
    if (!w)
        return;
    w->done++;
    w->progress = (double)w->done;
    w->running = 0;
    if (w->kind == KIND_IMAGES)
        track_add(&w->track, w->progress, s->loss, s->accuracy, &w->oom);
    if (--w->countdown == 0)
        report(s, w);
}

void watch_batch(sess *s, size_t seen, size_t count, double loss,
                 double accuracy)
{
    struct watch *w = s->watch;
    if (!w || count == 0)
        return;
    double at = (double)w->done + (double)seen / (double)count;
    if (w->kind == KIND_IMAGES
        && (w->track.n == 0
            || at - w->track.x[w->track.n - 1] >= 1.0 / TRACK_PER_EPOCH))
        track_add(&w->track, at, loss, accuracy, &w->oom);
    w->progress = at;
    w->running = seen < count;
    w->loss_now = loss;
    w->acc_now = accuracy;
    if (--w->countdown == 0)
        report(s, w);
}

int watch_end(sess *s, int rc)
{
    struct watch *w = s->watch;
    if (!w)
        return rc;
    s->watch = NULL;  // what follows prints as usual
    w->running = 0;
    if (rc != CMD_OK && w->progress == 0) {
        /* refused, or stopped before a batch: no picture (on the
           terminal, what was drawn stays: nothing was) */
        watch_free(w);
        return rc;
    }
    if (w->svg[0]) {
        frame(s, w, 0, 1, 1);  // the final state
        char *doc = NULL;
        size_t len = 0;
        char err[sizeof s->err];
        size_t col = s->err_col, elen = s->err_len;
        memcpy(err, s->err, sizeof err);
        int bad = !w->frames ? sess_fail(s, SIZE_MAX, 0, "nothing to "
                                         "draw for this model and data")
                  : w->oom || svg_document(w, &doc, &len) != 0
                  ? sess_fail(s, SIZE_MAX, 0, "out of memory")
                  : cmd_write_svg(s, w->svg, doc, len, w->svg_w, w->svg_h);
        free(doc);
        if (bad && rc != CMD_OK) {  // the run's own error is the one to say
            memcpy(s->err, err, sizeof err);
            s->err_col = col;
            s->err_len = elen;
        } else if (bad) {
            rc = WATCH_FAILED;
        }
    } else {
        frame(s, w, w->in_place, 0, 1);
        live_end(w->view);
    }
    watch_free(w);
    return rc;
}
