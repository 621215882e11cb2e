/*
 * train.h - the training state of a session: the data set, the learning
 * settings, the optimizer's memory, the history of epochs (for plots),
 * and snapshots for `undo`.
 * Ownership: the trainer owns its data sets, state and snapshots; the
 * session owns the trainer (embedded) and frees it with train_free.
 */
#ifndef NEURON_INTERP_TRAIN_H
#define NEURON_INTERP_TRAIN_H

#include <stddef.h> /* size_t */

#include "../engine/data.h"   /* nn_data */
#include "../engine/learn.h"  /* nn_learn, nn_optstate */
#include "../engine/net.h"    /* nn_net: a network kept for undo */
#include "../engine/neuron.h" /* nn_neuron */

/* Undo steps kept; the oldest goes first. */
#define TRAIN_MAX_UNDO 64

/* Where a data set came from, for messages ("xor", "points.csv"). */
#define TRAIN_SOURCE_MAX 64

struct defs;

/* Everything `undo` puts back. */
typedef struct train_snapshot {
    nn_neuron *nr;
    struct defs *defs;    /* the definitions, when the command changed
                             them (tune of a sum's units); else NULL */
    nn_optstate *opt;
    nn_net *net;          /* the network and its optimizer, when one
                             trained; NULL otherwise */
    size_t net_epochs;    /* the network's epochs then */
    size_t net_hist_n;    /* and the epochs in its loss history */
    size_t next, epoch, wrong, hist_n;
    int have_weights, have_training;
    double epochs, errors, loss, accuracy;
} train_snapshot;

typedef struct trainer {
    nn_data *data;        /* the training set, NULL when none */
    nn_data *test;        /* the test set after `data split`, or NULL */
    char source[TRAIN_SOURCE_MAX];  /* "and", "blobs 50", "points.csv" */
    int separable;        /* 1 known separable, 0 known not, -1 unknown */
    nn_learn cfg;
    nn_optstate *opt;     /* sized for the neuron; NULL until needed */
    int trace;            /* epoch and train print every update */
    int watch;            /* watch on: train, epoch and step are watched
                             (watch.h) */
    size_t next;          /* next sample `step` uses */
    size_t epoch;         /* epochs completed */
    size_t wrong;         /* mistakes so far in the current epoch */
    double *hist_loss;    /* loss after each epoch: (hist_n) */
    double *hist_errors;  /* errors in each epoch: (hist_n) */
    size_t hist_n, hist_cap;
    train_snapshot undo[TRAIN_MAX_UNDO];
    size_t n_undo;
} trainer;

/* Sets the defaults (perceptron rule, rate 0.1, batch 1, ...). */
void train_init(trainer *t);

/* Frees everything the trainer owns and sets the defaults again. */
void train_free(trainer *t);

/* Forgets progress (epochs, history, optimizer memory, undo) but keeps
 * the data and settings: for new weights or a new data set. */
void train_restart(trainer *t);

/* Appends an epoch's figures to the history; -1 on out of memory. */
int train_record(trainer *t, double loss, double errors);

#endif
