/*
 * neuron.h - one artificial neuron: z = sum_i w[i]*x[i] + b;  a = f(z).
 *
 * The neuron is plain data (the learner sees every field). Its inputs and
 * weights live in one allocation sized at creation (genann); changing the
 * number of inputs means building a new neuron and swapping it in.
 * Ownership: nn_neuron_new returns an object the caller frees with
 * nn_neuron_free; `act` points into the static activation table.
 */
#ifndef NEURON_ENGINE_NEURON_H
#define NEURON_ENGINE_NEURON_H

#include <stddef.h> /* size_t */

#include "act.h"    /* nn_act: the activation row */
#include "rng.h"    /* nn_rng: random initial weights */
#include "status.h" /* nn_status */

/* Largest number of inputs a neuron takes (a 1000x1000 image). */
#define NN_NEURON_MAX_INPUTS 1000000

typedef struct nn_neuron {
    size_t n;            /* number of inputs (and weights), >= 1 */
    double *x;           /* inputs x1..xn: (n) */
    double *w;           /* weights w1..wn: (n) */
    double b;            /* bias */
    const nn_act *act;   /* activation f, never NULL */
    double param;        /* f's parameter (slope, alpha) when it has one */
} nn_neuron;

/* Ways to choose initial weights (`init`). */
typedef enum nn_init {
    NN_INIT_ZEROS,   /* w = 0, b = 0 */
    NN_INIT_RANDOM,  /* w, b uniform in [p1, p2) */
    NN_INIT_NORMAL,  /* w, b normal with mean p1, std p2 */
    NN_INIT_XAVIER,  /* w uniform in +-sqrt(6 / (n + 1)), b = 0 (Glorot,
                        one output) */
    NN_INIT_HE       /* w normal with std sqrt(2 / n), b = 0 (He et al.) */
} nn_init;

/* A neuron with n inputs, x = 0, w = 0, b = 0 and activation `act`
 * (param = act->param_default). Returns NULL when n is 0 or above
 * NN_NEURON_MAX_INPUTS, or on out of memory. Free with nn_neuron_free. */
nn_neuron *nn_neuron_new(size_t n, const nn_act *act);

/* Frees the neuron; NULL is fine. */
void nn_neuron_free(nn_neuron *nr);

/* A deep copy (to compute into and swap in), or NULL on out of memory. */
nn_neuron *nn_neuron_copy(const nn_neuron *nr);

/* The weighted sum z = sum_i w[i]*x[i] + b, summed left to right, in the
 * order `fire` prints it. */
double nn_neuron_sum(const nn_neuron *nr);

/* z and a = f(z). Either out-pointer may be NULL. */
void nn_neuron_fire(const nn_neuron *nr, double *z, double *a);

/* Sets the weights and bias by `how`, drawing from r. p1, p2 are the
 * parameters of RANDOM (low, high) and NORMAL (mean, std); ignored
 * otherwise. Returns NN_ERANGE (and changes nothing) when low > high or
 * std < 0 or a parameter is not finite. */
nn_status nn_neuron_init(nn_neuron *nr, nn_init how, double p1, double p2,
                         nn_rng *r);

#endif
