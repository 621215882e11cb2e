/*
 * tune_impl.h - what cmd_tune.c (the names, the session's side, the
 * panel's loop) and tune_draw.c (what the panel shows and measures)
 * share: the state of one tune. Private to those two files.
 * Ownership: cmd_tune owns the tuning it makes and everything in it.
 */
#ifndef NEURON_INTERP_TUNE_IMPL_H
#define NEURON_INTERP_TUNE_IMPL_H

#include "cmd.h"  /* sess, defs, nn_neuron, nn_expr */
#include "live.h" /* live: where the frames go */
#include "tune.h" /* tune_panel: the knobs */

/* Most units one panel turns: a weight and a bias each. */
#define TUNE_UNITS (TUNE_MAX / 2)

/* Points a curve of the picture is drawn through. */
#define CURVE_POINTS 301

/* A lone Esc: the rest of a sequence arrives within this (ms). */
#define ESC_WAIT_MS 50

/* How often the window's size is looked at while no key comes (ms). */
#define IDLE_MS 250

typedef struct tuning {
    sess *s;
    tune_panel panel;
    int units;                 /* 1: units of a sum; 0: the neuron */
    /* the neuron: parameter i is w[idx], b or x[idx] */
    struct { char what; size_t idx; } num[TUNE_MAX];
    /* units: parameters 2k and 2k + 1 are unit k's w and b */
    int unit_id[TUNE_UNITS];   /* the unit's definition */
    double unit_c[TUNE_UNITS]; /* its factor: c*relu(w*x + b) */
    int sum_id;                /* the sum measured */
    nn_expr *sum, *target;     /* programs of the sum and its target */
    int has_goal;
    double goal;
    /* what the picture measured last */
    double maxerror, meanerror, worst_x;
    size_t wrong, points;
    int matched;
    /* as the panel opened, to put back */
    nn_neuron *nr_before;
    defs *defs_before;
    int had_weights, had_inputs;
} tuning;

/* The 2-D data the neuron fits, shown as boundary shows it, or NULL. */
const nn_data *tune_flat_data(const sess *s);

/* The sum's max and mean error against its target, measured on the
 * points compare measures (tn->maxerror, meanerror, worst_x, matched).
 * 0 or CMD_ERR. */
int tune_measure(tuning *tn);

/* The points of 2-D data d the neuron gets wrong (tn->wrong, points,
 * matched). */
void tune_count_wrong(tuning *tn, const nn_data *d);

/* Draws the panel's frame through v: the measures, the picture, the
 * knobs and the keys. 0, or CMD_ERR with the error recorded. */
int tune_draw(tuning *tn, live *v);

#endif
