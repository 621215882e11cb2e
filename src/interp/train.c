/*
 * train.c - the trainer's state: defaults, history, and freeing.
 */
#include "train.h"
#include "defs.h"  /* defs_free: a snapshot's definitions */
#include "../engine/mem.h"  /* nn_malloc: allocations a test can fail */

#include <stdlib.h>
#include <string.h>

void train_init(trainer *t)
{
    memset(t, 0, sizeof *t);
    t->cfg = nn_learn_defaults();
    t->separable = -1;
}

static void snapshot_free(train_snapshot *sn)
{
    nn_neuron_free(sn->nr);
    defs_free(sn->defs);
    nn_optstate_free(sn->opt);
    nn_net_free(sn->net);
    memset(sn, 0, sizeof *sn);
}

void train_restart(trainer *t)
{
    nn_optstate_free(t->opt);
    t->opt = NULL;
    t->next = t->epoch = t->wrong = t->hist_n = 0;
    for (size_t i = 0; i < t->n_undo; i++)
        snapshot_free(&t->undo[i]);
    t->n_undo = 0;
}

void train_free(trainer *t)
{
    train_restart(t);
    nn_data_free(t->data);
    nn_data_free(t->test);
    free(t->hist_loss);
    free(t->hist_errors);
    train_init(t);
}

int train_record(trainer *t, double loss, double errors)
{
    if (t->hist_n == t->hist_cap) {
        size_t cap = t->hist_cap ? t->hist_cap * 2 : 64;
        double *l = nn_realloc(t->hist_loss, cap * sizeof *l);
        if (!l)
            return -1;
        t->hist_loss = l;
        double *e = nn_realloc(t->hist_errors, cap * sizeof *e);
        if (!e)
            return -1;
        t->hist_errors = e;
        t->hist_cap = cap;
    }
    t->hist_loss[t->hist_n] = loss;
    t->hist_errors[t->hist_n++] = errors;
    return 0;
}
