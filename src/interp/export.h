/*
 * export.h - a session's training as a Python program: `export numpy
 * FILE.py` and `export torch FILE.py`.
 *
 * What the program reproduces is a run: the session's consecutive
 * `train` commands on one model and one data set, with nothing changed
 * in between (no new weights, data, settings or optimizer). The session
 * keeps the run's start (export_run, below): the model as it was before
 * its first `train`, the generator's state (the network's batch order),
 * the settings and the epochs of each `train`. `export` writes that run
 * when the session is still where the run left it; otherwise the model
 * as it is now and the `train 10` that would come next.
 *
 * The program (export_python) holds the data (inline, or beside it in a
 * CSV or IDX file), those starting weights, every setting spelled out,
 * the batch order, and prints neuron's own table, epoch by epoch.
 * Ownership: export_run_free frees what the session keeps; the model
 * description only borrows.
 */
#ifndef NEURON_INTERP_EXPORT_H
#define NEURON_INTERP_EXPORT_H

#include <stddef.h> /* size_t */
#include <stdint.h> /* uint64_t: the generator's state */

#include "../engine/data.h"   /* nn_data */
#include "../engine/idx.h"    /* nn_images */
#include "../engine/learn.h"  /* nn_learn */
#include "../engine/net.h"    /* nn_net */
#include "../engine/neuron.h" /* nn_neuron */

/* `train` commands one run keeps apart (each restarts the network's
 * order; the program repeats them one by one). */
#define EXPORT_MAX_TRAINS 64

/* Table rows a program holds inline; more go to a CSV file beside it. */
#define EXPORT_INLINE_ROWS 64

/* Parameters a network's program holds inline; more go to a file in
 * the format of `save network` beside it. */
#define EXPORT_INLINE_PARAMS 200

/* ---- the description a program is written from ---- */

typedef struct export_model {
    int torch;                 /* 0: numpy, 1: PyTorch */
    const char *name;          /* the program's file name, as given */
    int replay;                /* 1: the session's run; 0: the model now
                                  and the train that would come next */
    /* the data: a table (data, test), or images */
    const nn_data *data, *test;
    const char *source;        /* "and", "moons 200", "darn.csv" */
    const char *csv, *test_csv;  /* side files holding them, or NULL:
                                    inline */
    const nn_images *images, *test_images;
    const char *idx[4];        /* their files: training images, labels,
                                  test images, labels (NULL: none) */
    /* the model as the run began */
    const nn_neuron *nr;       /* the neuron, or NULL */
    const nn_net *net;         /* or the network */
    const char *net_file;      /* its weights' side file, or NULL */
    nn_learn cfg;              /* the settings the run trained with */
    uint64_t rng[4];           /* the generator as the run began */
    size_t before;             /* epochs trained before the run */
    size_t trains[EXPORT_MAX_TRAINS];  /* each train's epochs */
    size_t n_trains;
    size_t table_weights;      /* weights the neuron's table shows */
    int digits;                /* `digits` (0: 4 decimals) */
} export_model;

/* The program described by m: *text (malloc'ed, caller frees, *len bytes
 * and a NUL). 0, or -1 on out of memory. */
int export_python(const export_model *m, char **text, size_t *len);

/* ---- pieces the neuron's and the network's programs share
 * (export_py.c) ---- */

struct out;

/* v as a Python float literal that reads back as exactly v: "0.5",
 * "1.0", "1e-07". buf holds 40 bytes. */
const char *export_float(double v, char *buf);

/* The opening: the docstring (what the program is, which command wrote
 * it) and the imports. */
void export_head(struct out *o, const export_model *m, const char *what);

/* num(v): numbers as the session prints them (its `digits`). */
void export_num_fn(struct out *o, const export_model *m);

/* The data as X, y (and X_test, y_test): inline, from the side CSV
 * files, or read from the IDX files; dtype "np.float64" or
 * "np.float32". */
void export_data(struct out *o, const export_model *m, const char *dtype);

/* The activation rows' functions a program uses, each once: NAME(z[, p])
 * and NAME_prime(z[, p]) in numpy (with the constants they need). */
void export_act_fns(struct out *o, const nn_act *const *acts, size_t n);

/* neuron's generator (xoshiro256**) and its Fisher-Yates shuffle. */
void export_rng(struct out *o, const export_model *m);

/* The program of a neuron, or of a network (export_neuron.c,
 * export_net.c). */
void export_neuron(struct out *o, const export_model *m);
void export_net(struct out *o, const export_model *m);

/* ---- the run the session keeps (cmd_export.c) ---- */

struct sess;
typedef struct export_run export_run;

/* Called by `train` once it is ready to run (settings read, memory
 * made): a run that ended where the session is now, with the same
 * settings, goes on; otherwise a new one starts here. Out of memory
 * only forgets the run (export then writes the model as it is). */
void export_train_begin(struct sess *s);

/* Called when that `train` ends: it ran `epochs` (the number asked)
 * and succeeded (ok 1), or failed part way (ok 0: the run is
 * forgotten, since no program can stop where it stopped). */
void export_train_end(struct sess *s, size_t epochs, int ok);

/* Frees the run; NULL is fine. */
void export_run_free(export_run *run);

#endif
