/*
 * learn.h - how one neuron learns from a data set.
 *
 * Two rules. The perceptron rule (Rosenblatt): yhat = step(z), and after
 * each sample  w += rate*(y - yhat)*x,  b += rate*(y - yhat). Gradient
 * descent: the loss L(a, y) of the output a = f(z) is pushed down along
 * dL/dw = dL/dz * x, dL/db = dL/dz, with dL/dz = dL/da * f'(z) (or the
 * simplified form for bce_logits), averaged over a batch and applied by an
 * optimizer (sgd, momentum, adam).
 * The engine computes and reports what happened (nn_step_info); the
 * interpreter writes it out.
 * Ownership: nn_optstate_new's state is freed with nn_optstate_free.
 */
#ifndef NEURON_ENGINE_LEARN_H
#define NEURON_ENGINE_LEARN_H

#include <stddef.h> /* size_t */

#include "data.h"   /* nn_data */
#include "net.h"    /* nn_net_opt: an optimizer row's network kernel */
#include "neuron.h" /* nn_neuron */
#include "status.h" /* nn_status */

typedef enum nn_rule { NN_RULE_PERCEPTRON, NN_RULE_GRADIENT } nn_rule;

typedef enum nn_loss {
    NN_LOSS_MSE,         /* (a - y)^2 */
    NN_LOSS_BCE,         /* -(y log a + (1 - y) log(1 - a)), a in (0, 1);
                            a clamped to [1e-12, 1 - 1e-12] */
    NN_LOSS_BCE_LOGITS,  /* the output a taken as a logit (TensorFlow's
                            sigmoid_cross_entropy_with_logits):
                            max(a, 0) - a*y + log(1 + e^-|a|) */
    NN_LOSS_CE           /* cross-entropy of one output: the same as bce
                            for one neuron (two classes) */
} nn_loss;

typedef enum nn_opt { NN_OPT_SGD, NN_OPT_MOMENTUM, NN_OPT_ADAM } nn_opt;

/* An optimizer as a row: its name and help, and what it does to one
 * parameter: the change from gradient g, given its old memory s (memory
 * numbers a parameter, at most 2) and the step t this update makes (1
 * for the first), writing the new memory to out. */
typedef struct nn_learn nn_learn;
typedef struct nn_opt_info {
    const char *name;
    const char *formula;
    const char *help;
    double (*step)(const nn_learn *cfg, double g, const double *s, double t,
                   double *out);
    int memory;          /* 0 (sgd), 1 (momentum), 2 (adam) */
    int net;             /* the network's float kernel for it (an
                            nn_net_opt), or -1: not for a network yet */
} nn_opt_info;

/* Optimizer row i, in nn_opt's order, or NULL past the last. */
const nn_opt_info *nn_opt_at(size_t i);

/* A learning rule as a row. */
typedef struct nn_rule_info {
    const char *name;
    const char *help;
} nn_rule_info;

/* Rule row i, in nn_rule's order, or NULL past the last. */
const nn_rule_info *nn_rule_at(size_t i);

/* The learning settings. */
struct nn_learn {
    nn_rule rule;
    nn_loss loss;       /* gradient rule only */
    nn_opt opt;         /* gradient rule only */
    double rate;        /* learning rate, > 0 */
    size_t batch;       /* samples per update; 0 = the whole set */
    double momentum;    /* momentum: v = momentum*v - rate*g (0.9) */
    double beta1, beta2, eps;  /* adam (0.9, 0.999, 1e-7 as Keras) */
};

/* The defaults: perceptron rule, mse, sgd, rate 0.1, batch 1, momentum
 * 0.9, adam 0.9 / 0.999 / 1e-7. */
nn_learn nn_learn_defaults(void);

/* Optimizer state for a neuron of n inputs: momentum's velocity and
 * adam's moments for w1..wn and b, and adam's step count. */
typedef struct nn_optstate nn_optstate;

/* Fresh state (all zero) for n inputs, or NULL on out of memory. */
nn_optstate *nn_optstate_new(size_t n);
void nn_optstate_free(nn_optstate *st);
nn_optstate *nn_optstate_copy(const nn_optstate *st);

/* Updates made with the state (adam's t); 0 for NULL or a fresh state. */
size_t nn_optstate_steps(const nn_optstate *st);

/* ---- losses, with their derivative beside them ---- */

/* A loss as a row: what help, Tab, parsing and `save` use, and its
 * functions. */
typedef struct nn_loss_info {
    const char *name;       /* as typed: "bce_logits" */
    const char *formula;    /* L(a, y) in the learner's symbols */
    const char *help;       /* one line */
    double (*value)(double a, double y);  /* L */
    double (*grad)(double a, double y);   /* dL/da */
    int cross_entropy;      /* from z when the unit is logistic; a
                               network's ce (softmax) or bce (sigmoid) */
    int logit;              /* a is a logit: class a > 0 (bce_logits) */
    int squared;            /* a network's mse */
} nn_loss_info;

/* Loss row i, in nn_loss's order, or NULL past the last. */
const nn_loss_info *nn_loss_at(size_t i);

/* L(a, y) for one sample. */
double nn_loss_value(nn_loss loss, double a, double y);

/* dL/da for one sample. */
double nn_loss_grad(nn_loss loss, double a, double y);

/* The class the neuron predicts for output a (and sum z): the perceptron
 * rule and the step activation use z > 0; bce_logits uses a > 0; an
 * activation whose range is symmetric about 0 (tanh, sign, softsign,
 * linear when labels are 0/1 ...) uses a > 0.5 unless its range is
 * (-1, 1), where a > 0 is the middle. Returns 0 or 1. */
int nn_learn_class(const nn_learn *cfg, const nn_neuron *nr, double z,
                   double a);

/* ---- one update ---- */

/* What one sample did during an update. */
typedef struct nn_step_info {
    size_t sample;   /* its index in the data set */
    double z, a;     /* weighted sum and output, before the update */
    int yhat;        /* predicted class */
    double y;        /* label */
    double loss;     /* its loss (gradient rule; perceptron: (y - yhat)^2) */
    double delta;    /* perceptron: y - yhat; gradient: dL/dz */
} nn_step_info;

/* One update from the samples idx[0..count) of d (count >= 1; for the
 * perceptron rule count must be 1): fills info[0..count), applies the
 * change to nr, and writes the change made to each weight into dw (n
 * values) and to the bias into *db. The neuron must have d->cols inputs
 * (NN_EDIM). When the new weights would not be finite the neuron is left
 * unchanged and NN_ERANGE returned (the rate is too large).
 * st may be NULL for the perceptron rule and sgd; momentum and adam need
 * a state of nr->n inputs (NN_EDIM otherwise), which is also left as it
 * was on NN_ERANGE. NN_ERANGE too for a rate that is not > 0, count 0 or
 * an index past the data. dw[i] and *db are the terms added (new w =
 * w + dw, rounded once); on an error they mean nothing, but info is
 * filled whenever the checks before the update passed. */
nn_status nn_learn_update(nn_neuron *nr, const nn_learn *cfg,
                          nn_optstate *st, const nn_data *d,
                          const size_t *idx, size_t count,
                          nn_step_info *info, double *dw, double *db);

/* Measures nr on d without changing it: misclassified samples, mean loss
 * (rule's loss; perceptron: the fraction misclassified) and accuracy. */
void nn_learn_measure(const nn_neuron *nr, const nn_learn *cfg,
                      const nn_data *d, size_t *errors, double *loss,
                      double *accuracy);

#endif
