/*
 * act.h - activation functions, one table row each.
 *
 * Every activation is a row: its name, the formula, range and derivative as
 * a learner reads them, a one-line summary, f(z, p) and f'(z, p), and the
 * optional parameter p (leaky_relu's slope, elu's alpha). `activations` and
 * `help` print these rows, so the help and the code cannot disagree.
 * Adding an activation is adding a row in act.c.
 * Ownership: rows are static and live for the whole program.
 */
#ifndef NEURON_ENGINE_ACT_H
#define NEURON_ENGINE_ACT_H

#include <stddef.h> /* size_t */

/* f(z, p) or f'(z, p): p is the row's parameter, ignored when it has none. */
typedef double (*nn_act_fn)(double z, double p);

/* The initial weights a layer of the activation gets in a network. */
typedef enum nn_act_init {
    NN_ACT_GLOROT,   /* Glorot uniform: +-sqrt(6/(in+out)) */
    NN_ACT_HE        /* He normal, std sqrt(2/in): the relu family, whose
                        units are off half the time */
} nn_act_init;

/* The network's own float loop for the activation, or NN_KERNEL_ROW for
 * the row's double functions. */
typedef enum nn_act_kernel {
    NN_KERNEL_ROW, NN_KERNEL_SIGMOID, NN_KERNEL_TANH, NN_KERNEL_RELU,
    NN_KERNEL_LINEAR
} nn_act_kernel;

typedef struct nn_act {
    const char *name;        /* lower case, as typed: "leaky_relu" */
    const char *formula;     /* "max(p*z, z)" in the learner's symbols */
    const char *range;       /* output range: "(0, 1)" */
    const char *derivative;  /* f'(z) as text: "a(1 - a)" */
    const char *kink;        /* convention at a kink, "relu'(0) = 0"; "" */
    const char *summary;     /* one line: what it does, where it is used */
    nn_act_fn f;             /* value */
    nn_act_fn df;            /* derivative with respect to z */
    const char *param_name;  /* "slope", "alpha"; NULL when none */
    double param_default;    /* used when the user gives no parameter */
    double param_min;        /* accepted parameter range, inclusive */
    double param_max;
    /* facts the code acts on, never found by comparing names */
    double middle;           /* a above it is class 1 (0.5; 0 for outputs
                                in (-1, 1)) */
    int by_sum;              /* the class is z > 0 (step) */
    int logistic;            /* a = 1 / (1 + e^-z): cross-entropy is
                                computed from z, exactly */
    nn_act_init init;
    nn_act_kernel kernel;
    int relu_form;           /* f(z) = s*z + (1 - s)*relu(z): a sum of
                                ReLU units can hold it (show Z, fit) */
    double relu_slope;       /* that s (linear 1, relu 0); the parameter
                                instead when the row has one */
    /* the row as Python, for `export` (a program a learner reads) */
    const char *numpy;       /* f in numpy, of z (and p when the row has
                                a parameter): "np.tanh(z)" */
    const char *numpy_d;     /* f'(z) in numpy; may call the row's own
                                function by its name: "sigmoid(z) * ..." */
    const char *torch;       /* its torch.nn layer, '@' for the parameter:
                                "nn.LeakyReLU(@)"; NULL when torch has
                                none (step, sign: no gradient) */
} nn_act;

/* Number of rows in the table. */
size_t nn_act_count(void);

/* Row i (0 <= i < nn_act_count()), or NULL past the end. */
const nn_act *nn_act_at(size_t i);

/* The row named `name` (len bytes, not necessarily NUL-terminated), compared
 * case-insensitively so `Relu` finds relu; aliases (swish) find their row.
 * Returns NULL when there is none. */
const nn_act *nn_act_find(const char *name, size_t len);

/* Softmax of a layer's outputs: p[i] = e^(z[i] - m) / sum_j e^(z[j] - m),
 * with m = max z (subtracting it keeps every exponent <= 0, so nothing
 * overflows and the largest term is exactly 1). z, p: (n), n >= 1; p may
 * be z. Returns *max_out = m when max_out is not NULL. A z holding nan
 * gives nan everywhere; +inf entries share the probability equally. */
void nn_softmax(const double *z, size_t n, double *p, double *max_out);

#endif
