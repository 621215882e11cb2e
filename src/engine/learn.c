/*
 * learn.c - how one neuron learns: the perceptron rule and gradient
 * descent with sgd, momentum or adam.
 *
 * One update reads the samples idx[0..count) of a data set, fills a
 * nn_step_info per sample (what the interpreter prints), and changes the
 * neuron's weights and bias. Nothing is printed here.
 *
 * An update happens in two passes so that a failed one changes nothing:
 * the first computes every new weight (and optimizer value) and checks it
 * is finite; only when all are does the second write them. The second
 * pass recomputes the same numbers from the same inputs, so what is
 * written is what was checked. A rate so large that a weight overflows
 * thus gives NN_ERANGE with the neuron and the optimizer state as before.
 *
 * Symbols, as the learner reads them (DESIGN.md, `help`):
 *   x (n) the sample's features, y its label (0 or 1),
 *   z = w1*x1 + ... + wn*xn + b, a = f(z), yhat the predicted class,
 *   L(a, y) the loss, g the gradient of the mean batch loss.
 * Optimizer state is kept per parameter in the order w1 .. wn, b, so
 * index j = n is the bias.
 */
#include "learn.h"
#include "mem.h"  /* nn_malloc: allocations a test can fail */

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF /* printed arithmetic = computed (neuron.c) */
#endif

#include <math.h>     /* exp, log, log1p, fabs, sqrt, pow, isfinite, NAN */
#include <stdalign.h> /* alignof */
#include <stdlib.h>   /* malloc, free */
#include <string.h>   /* memcpy */

/* bce's clamp: a is kept in [BCE_EPS, 1 - BCE_EPS] so log never sees 0. */
#define BCE_EPS 1e-12

/* ---- settings -------------------------------------------------------- */

nn_learn nn_learn_defaults(void)
{
    nn_learn cfg;
    cfg.rule = NN_RULE_PERCEPTRON;
    cfg.loss = NN_LOSS_MSE;
    cfg.opt = NN_OPT_SGD;
    cfg.rate = 0.1;
    cfg.batch = 1;
    cfg.momentum = 0.9;
    cfg.beta1 = 0.9;   /* Keras's Adam defaults */
    cfg.beta2 = 0.999;
    cfg.eps = 1e-7;
    return cfg;
}

/* ---- optimizer state ------------------------------------------------- */

/* One block (genann): the struct, then two arrays of n + 1 doubles
 * (w1 .. wn, b), the optimizer row's memory:
 *   momentum: the velocity in m;
 *   adam:     first moment m, second moment v;
 * and the steps made so far, t. */
struct nn_optstate {
    size_t n;           /* inputs */
    size_t t;           /* steps so far */
    double *m;          /* (n + 1) the first number a parameter */
    double *v;          /* (n + 1) the second */
};

/* Bytes before the arrays: the struct rounded up to a double's alignment. */
static size_t state_header(void)
{
    size_t align = alignof(double);
    return (sizeof(nn_optstate) + align - 1) / align * align;
}

/* n is checked first, so 2 * (n + 1) * 8 bytes (at most 16 MB) cannot
 * overflow. */
nn_optstate *nn_optstate_new(size_t n)
{
    if (n < 1 || n > NN_NEURON_MAX_INPUTS)
        return NULL;
    size_t values = 2 * (n + 1);
    nn_optstate *st = nn_malloc(state_header() + values * sizeof(double));
    if (st == NULL)
        return NULL;
    st->n = n;
    st->t = 0;
    st->m = (double *)((char *)st + state_header());
    st->v = st->m + (n + 1);
    for (size_t j = 0; j < values; j++)
        st->m[j] = 0.0;
    return st;
}

void nn_optstate_free(nn_optstate *st)
{
    free(st); /* the arrays live in the same block */
}

/* A fresh block with the same numbers; its arrays point into itself. */
nn_optstate *nn_optstate_copy(const nn_optstate *st)
{
    if (st == NULL)
        return NULL;
    nn_optstate *copy = nn_optstate_new(st->n);
    if (copy == NULL)
        return NULL;
    copy->t = st->t;
    memcpy(copy->m, st->m, 2 * (st->n + 1) * sizeof(double));
    return copy;
}

size_t nn_optstate_steps(const nn_optstate *st)
{
    return st ? st->t : 0;
}

/* ---- losses, each with its derivative -------------------------------- */

/* sigmoid(a) = 1 / (1 + e^-a), for a < 0 as e^a / (1 + e^a) so exp only
 * sees a non-positive argument and cannot overflow (as act.c). */
static double sigmoid(double a)
{
    if (a >= 0)
        return 1.0 / (1.0 + exp(-a));
    double e = exp(a);
    return e / (1.0 + e);
}

/* a kept inside (0, 1) for bce's logs: [1e-12, 1 - 1e-12]. */
static double clamp_prob(double a)
{
    if (a < BCE_EPS)
        return BCE_EPS;
    if (a > 1 - BCE_EPS)
        return 1 - BCE_EPS;
    return a; /* NaN stays NaN */
}

/* Each loss with its derivative dL/da:
 * mse:        L = (a - y)^2;  dL/da = 2(a - y)
 * bce, ce:    L = -(y log a + (1 - y) log(1 - a)), a clamped as above;
 *             dL/da = (a - y) / (a(1 - a)) at the clamped a (so a
 *             saturated output still gets a push, where the clamp's own
 *             slope would be 0). A logistic unit does not come here: its
 *             cross-entropy is computed from z (from_logit below).
 * bce_logits: L = max(a, 0) - a*y + log(1 + e^-|a|)  (TensorFlow's
 *             sigmoid_cross_entropy_with_logits: stable, since e^-|a|
 *             <= 1, and log1p keeps the digits of a small e^-|a|);
 *             dL/da = sigmoid(a) - y */
static double mse_f(double a, double y)
{
    return (a - y) * (a - y);
}

static double mse_df(double a, double y)
{
    return 2 * (a - y);
}

static double bce_f(double a, double y)
{
    double p = clamp_prob(a);
    return -(y * log(p) + (1 - y) * log(1 - p));
}

static double bce_df(double a, double y)
{
    double p = clamp_prob(a);
    return (p - y) / (p * (1 - p));
}

static double logits_f(double a, double y)
{
    return (a > 0 ? a : 0.0) - a * y + log1p(exp(-fabs(a)));
}

static double logits_df(double a, double y)
{
    return sigmoid(a) - y;
}

/* The rows, in nn_loss's order. */
static const nn_loss_info losses[] = {
    { "mse", "(a - y)^2", "squared error: any output, any label",
      mse_f, mse_df, 0, 0, 1 },
    { "bce", "-(y log a + (1 - y) log(1 - a))",
      "binary cross-entropy, for a in (0, 1); from z for sigmoid",
      bce_f, bce_df, 1, 0, 0 },
    { "bce_logits", "max(a, 0) - a*y + log(1 + e^-|a|)",
      "bce of sigmoid(a): the output taken as a logit (TensorFlow's "
      "sigmoid_cross_entropy_with_logits)", logits_f, logits_df, 0, 1, 0 },
    { "ce", "-log a_y", "cross-entropy; for one neuron the same as bce, "
      "for a network's softmax the classes'", bce_f, bce_df, 1, 0, 0 },
};

#define LOSS_COUNT (sizeof losses / sizeof losses[0])

const nn_loss_info *nn_loss_at(size_t i)
{
    return i < LOSS_COUNT ? &losses[i] : NULL;
}

double nn_loss_value(nn_loss loss, double a, double y)
{
    return (size_t)loss < LOSS_COUNT ? losses[loss].value(a, y) : NAN;
}

double nn_loss_grad(nn_loss loss, double a, double y)
{
    return (size_t)loss < LOSS_COUNT ? losses[loss].grad(a, y) : NAN;
}

/* Cross-entropy (bce or ce) of a logistic unit, a = 1 / (1 + e^-z), is
 * computed from z: L = max(z, 0) - z*y + ln(1 + e^-|z|), and dL/dz =
 * a - y. No clipping: a unit saturated the wrong way (z = -100, y = 1)
 * has loss 100 and dL/dz = -1, where clipping a at 1e-12 gives 27.63
 * and a gradient of 3.7e-32 that never moves it again. */
static int from_logit(const nn_learn *cfg, const nn_neuron *nr)
{
    return nn_loss_at(cfg->loss)->cross_entropy && nr->act->logistic;
}

static double logit_loss(double z, double y)
{
    return (z > 0 ? z : 0.0) - z * y + log1p(exp(-fabs(z)));
}

/* ---- the predicted class --------------------------------------------- */

/* The rule, first match wins:
 *   1. the perceptron rule, or the step activation:  z > 0  (so z = 0,
 *      exactly, gives class 0, as step(0) = 0);
 *   2. the bce_logits loss: a > 0  (a is a logit; sigmoid(a) > 0.5);
 *   3. an activation whose range is (-1, 1) or {-1, 0, 1} (tanh,
 *      softsign, sign): a > 0, the middle of that range;
 *   4. any other activation (sigmoid, linear, relu, ...): a > 0.5,
 *      halfway between the labels 0 and 1. */
int nn_learn_class(const nn_learn *cfg, const nn_neuron *nr, double z,
                   double a)
{
    const nn_act *act = nr->act;
    if (cfg->rule == NN_RULE_PERCEPTRON || act->by_sum)
        return z > 0;
    if (nn_loss_at(cfg->loss)->logit)
        return a > 0;  /* a is a logit: sigmoid(a) > 0.5 */
    return a > act->middle;  /* the row's middle: 0.5, or 0 for (-1, 1) */
}

/* ---- forward --------------------------------------------------------- */

/* z = w[0]*x[0] + w[1]*x[1] + ... + w[n-1]*x[n-1] + b,  x, w: (n), for
 * the sample x rather than the neuron's own inputs; the same order and
 * roundings as nn_neuron_sum (tests/test_learn.c checks they agree). */
static double sum_at(const nn_neuron *nr, const double *x)
{
    double z = nr->w[0] * x[0];
    for (size_t i = 1; i < nr->n; i++)
        z += nr->w[i] * x[i];
    return z + nr->b;
}

/* Row i of d: x[i*cols .. i*cols + cols). */
static const double *row_of(const nn_data *d, size_t i)
{
    return d->x + i * d->cols;
}

/* ---- the perceptron rule --------------------------------------------- */

/* yhat = step(z) = 1 if z > 0 else 0 (z = 0 gives 0);
 * delta = y - yhat;  w[i] += rate*delta*x[i];  b += rate*delta.
 * Each new value is computed as w + rate*delta*x, in that order, so the
 * printed `w1 = 0 + 0.1*(1 - 0)*1 = 0.1` is the computed number, and
 * dw[i] = rate*delta*x[i] is exactly the term added. */
static nn_status perceptron_update(nn_neuron *nr, const nn_learn *cfg,
                                   const nn_data *d, size_t i,
                                   nn_step_info *info, double *dw,
                                   double *db)
{
    const double *x = row_of(d, i);
    double z = sum_at(nr, x);
    int yhat = z > 0;
    double y = d->y[i];
    double delta = y - yhat;

    info->sample = i;
    info->z = z;
    info->a = nr->act->f(z, nr->param);
    info->yhat = yhat;
    info->y = y;
    info->loss = delta * delta;
    info->delta = delta;

    for (size_t j = 0; j < nr->n; j++) {
        if (!isfinite(nr->w[j] + cfg->rate * delta * x[j]))
            return NN_ERANGE;
    }
    if (!isfinite(nr->b + cfg->rate * delta))
        return NN_ERANGE;

    for (size_t j = 0; j < nr->n; j++) {
        dw[j] = cfg->rate * delta * x[j];
        nr->w[j] = nr->w[j] + dw[j];
    }
    *db = cfg->rate * delta;
    nr->b = nr->b + *db;
    return NN_OK;
}

/* ---- the gradient rule ----------------------------------------------- */

/* Forward and backward for each sample k of the batch:
 *   z = sum_i w[i]*x[i] + b,  a = f(z),
 *   dL/dz = dL/da * f'(z)   (dL/da from nn_loss_grad; for bce_logits
 *                            that is sigmoid(a) - y),
 * kept in info[k].delta. */
static void backward(const nn_neuron *nr, const nn_learn *cfg,
                     const nn_data *d, const size_t *idx, size_t count,
                     nn_step_info *info)
{
    for (size_t k = 0; k < count; k++) {
        size_t i = idx[k];
        double z = sum_at(nr, row_of(d, i));
        double a = nr->act->f(z, nr->param);
        double y = d->y[i];

        info[k].sample = i;
        info[k].z = z;
        info[k].a = a;
        info[k].yhat = nn_learn_class(cfg, nr, z, a);
        info[k].y = y;
        if (from_logit(cfg, nr)) {  /* exact where a saturates */
            info[k].loss = logit_loss(z, y);
            info[k].delta = a - y;
        } else {
            info[k].loss = nn_loss_value(cfg->loss, a, y);
            info[k].delta = nn_loss_grad(cfg->loss, a, y)
                            * nr->act->df(z, nr->param);
        }
    }
}

/* The gradient of the mean batch loss for parameter j (j = n: the bias):
 *   g_w[j] = (1/count) sum_k dL/dz_k * x_k[j],
 *   g_b    = (1/count) sum_k dL/dz_k,
 * summed in batch order. */
static double gradient(const nn_neuron *nr, const nn_data *d,
                       const size_t *idx, size_t count,
                       const nn_step_info *info, size_t j)
{
    double sum = 0.0;
    for (size_t k = 0; k < count; k++)
        sum += j < nr->n ? info[k].delta * row_of(d, idx[k])[j]
                         : info[k].delta;
    return sum / (double)count;
}

/* What the optimizer would do to one parameter: its change, new value and
 * new state, not yet written anywhere. */
typedef struct proposal {
    double change;     /* added to the parameter: new = old + change */
    double value;      /* the new parameter */
    double s[2];       /* the optimizer's new memory for it */
} proposal;

/* The optimizers, one parameter at a time: the change from gradient g,
 * the old memory s (two numbers a parameter, as the row uses) and the
 * step t this update makes (1 for the first), writing the new memory.
 *   sgd:      p -= rate*g
 *   momentum: v = momentum*v - rate*g;  p += v          (s: v)
 *   adam:     m = b1*m + (1 - b1)*g;  v = b2*v + (1 - b2)*g^2;
 *             mhat = m / (1 - b1^t);  vhat = v / (1 - b2^t);
 *             p -= rate * mhat / (sqrt(vhat) + eps)      (s: m, v)
 *   (Kingma and Ba 2015, Algorithm 1).
 * Keras's Adam folds the corrections into the rate and adds eps to
 * sqrt(v) instead, which is this with eps / sqrt(1 - b2^t) for eps: the
 * two differ by ~eps/sqrt(vhat) relative (3e-6 at t = 1, |g| = 1). */
static double sgd_step(const nn_learn *cfg, double g, const double *s,
                       double t, double *out)
{
    (void)s;
    (void)t;
    (void)out;
    return -(cfg->rate * g);
}

static double momentum_step(const nn_learn *cfg, double g, const double *s,
                            double t, double *out)
{
    (void)t;
    out[0] = cfg->momentum * s[0] - cfg->rate * g;
    return out[0];
}

static double adam_step(const nn_learn *cfg, double g, const double *s,
                        double t, double *out)
{
    out[0] = cfg->beta1 * s[0] + (1 - cfg->beta1) * g;
    out[1] = cfg->beta2 * s[1] + (1 - cfg->beta2) * (g * g);
    double mhat = out[0] / (1 - pow(cfg->beta1, t));
    double vhat = out[1] / (1 - pow(cfg->beta2, t));
    return -(cfg->rate * mhat / (sqrt(vhat) + cfg->eps));
}

/* The rows, in nn_opt's order. */
static const nn_opt_info optimizers[] = {
    { "sgd", "w -= rate*g", "plain gradient descent", sgd_step, 0,
      NN_NET_SGD },
    { "momentum", "v = 0.9*v - rate*g; w += v",
      "gradient descent that keeps going in the direction it was going",
      momentum_step, 1, NN_NET_MOMENTUM },
    { "adam", "Adam (0.9, 0.999, 1e-7), as Keras",
      "a step per weight, scaled by its gradients' recent size",
      adam_step, 2, NN_NET_ADAM },
};

#define OPT_COUNT (sizeof optimizers / sizeof optimizers[0])

const nn_opt_info *nn_opt_at(size_t i)
{
    return i < OPT_COUNT ? &optimizers[i] : NULL;
}

static const nn_rule_info rules[] = {
    { "perceptron", "Rosenblatt's rule: w += rate*(y - yhat)*x, one sample "
      "at a time" },
    { "gradient", "gradient descent on the loss, through the activation" },
};

const nn_rule_info *nn_rule_at(size_t i)
{
    return i < sizeof rules / sizeof rules[0] ? &rules[i] : NULL;
}

/* One parameter p (memory slot j) with gradient g; st may be NULL for
 * an optimizer without memory. */
static proposal propose(const nn_learn *cfg, const nn_optstate *st,
                        size_t j, double p, double g)
{
    proposal out = { 0, 0, { 0, 0 } };
    const nn_opt_info *o = nn_opt_at(cfg->opt);
    double s[2] = { st && o->memory > 0 ? st->m[j] : 0,
                    st && o->memory > 1 ? st->v[j] : 0 };
    double t = st ? (double)(st->t + 1) : 1;
    out.change = o->step(cfg, g, s, t, out.s);
    out.value = p + out.change;
    return out;
}

/* 1 when every number the proposal would store is finite. */
static int proposal_finite(const proposal *pr)
{
    return isfinite(pr->value) && isfinite(pr->change)
           && isfinite(pr->s[0]) && isfinite(pr->s[1]);
}

/* Parameter j of the neuron: w[j], or b for j = n. */
static double *param_at(nn_neuron *nr, size_t j)
{
    return j < nr->n ? &nr->w[j] : &nr->b;
}

/* Pass 1 keeps each gradient in dw/db and checks every proposal; pass 2
 * (only when all are finite) writes the parameters and the state, and
 * replaces each gradient by the change made. */
static nn_status gradient_update(nn_neuron *nr, const nn_learn *cfg,
                                 nn_optstate *st, const nn_data *d,
                                 const size_t *idx, size_t count,
                                 nn_step_info *info, double *dw, double *db)
{
    backward(nr, cfg, d, idx, count, info);
    for (size_t j = 0; j <= nr->n; j++) {
        double g = gradient(nr, d, idx, count, info, j);
        *(j < nr->n ? &dw[j] : db) = g;
        proposal pr = propose(cfg, st, j, *param_at(nr, j), g);
        if (!isfinite(g) || !proposal_finite(&pr))
            return NN_ERANGE;
    }
    for (size_t j = 0; j <= nr->n; j++) {
        double *g = j < nr->n ? &dw[j] : db;
        proposal pr = propose(cfg, st, j, *param_at(nr, j), *g);
        *param_at(nr, j) = pr.value;
        *g = pr.change;
        int memory = nn_opt_at(cfg->opt)->memory;
        if (memory > 0)
            st->m[j] = pr.s[0];
        if (memory > 1)
            st->v[j] = pr.s[1];
    }
    if (nn_opt_at(cfg->opt)->memory > 0)
        st->t++;
    return NN_OK;
}

/* ---- one update ------------------------------------------------------ */

/* The checks of nn_learn_update, before anything is read or written. */
static nn_status check_update(const nn_neuron *nr, const nn_learn *cfg,
                              const nn_optstate *st, const nn_data *d,
                              const size_t *idx, size_t count)
{
    if (nr->n != d->cols)
        return NN_EDIM;
    if (!(cfg->rate > 0) || !isfinite(cfg->rate) || count < 1)
        return NN_ERANGE;
    if (cfg->rule == NN_RULE_PERCEPTRON && count != 1)
        return NN_ERANGE;
    if (cfg->rule == NN_RULE_GRADIENT && nn_opt_at(cfg->opt)->memory > 0
        && (st == NULL || st->n != nr->n))
        return NN_EDIM;
    for (size_t k = 0; k < count; k++) {
        if (idx[k] >= d->rows)
            return NN_ERANGE;
    }
    return NN_OK;
}

/* See learn.h. Beyond it: NN_ERANGE also for a rate that is not a
 * positive number, count 0, or an index past the data; NN_EDIM for a
 * missing or mismatched optimizer state (momentum, adam; sgd and the
 * perceptron rule take st = NULL). On NN_ERANGE from the update itself
 * info is filled but dw and db hold no meaning. */
nn_status nn_learn_update(nn_neuron *nr, const nn_learn *cfg,
                          nn_optstate *st, const nn_data *d,
                          const size_t *idx, size_t count,
                          nn_step_info *info, double *dw, double *db)
{
    nn_status status = check_update(nr, cfg, st, d, idx, count);
    if (status != NN_OK)
        return status;
    if (cfg->rule == NN_RULE_PERCEPTRON)
        return perceptron_update(nr, cfg, d, idx[0], info, dw, db);
    return gradient_update(nr, cfg, st, d, idx, count, info, dw, db);
}

/* ---- measuring ------------------------------------------------------- */

/* errors = samples with class != y;  accuracy = 1 - errors/rows;
 * loss = (1/rows) sum_i L(a_i, y_i) under the gradient rule, and
 * errors/rows under the perceptron rule (its loss (y - yhat)^2 is 1 per
 * error). An empty set gives 0, 0, 0; a neuron whose input count is not
 * d->cols gives every sample wrong and a NaN loss. */
void nn_learn_measure(const nn_neuron *nr, const nn_learn *cfg,
                      const nn_data *d, size_t *errors, double *loss,
                      double *accuracy)
{
    size_t wrong = 0;
    double sum = 0.0;

    *errors = 0;
    *loss = 0.0;
    *accuracy = 0.0;
    if (d->rows == 0)
        return;
    if (nr->n != d->cols) {
        *errors = d->rows;
        *loss = NAN;
        return;
    }
    for (size_t i = 0; i < d->rows; i++) {
        double z = sum_at(nr, row_of(d, i));
        double a = nr->act->f(z, nr->param);
        wrong += nn_learn_class(cfg, nr, z, a) != (d->y[i] == 1);
        if (cfg->rule == NN_RULE_GRADIENT)
            sum += from_logit(cfg, nr) ? logit_loss(z, d->y[i])
                                       : nn_loss_value(cfg->loss, a, d->y[i]);
    }
    *errors = wrong;
    *loss = cfg->rule == NN_RULE_GRADIENT ? sum / (double)d->rows
                                          : (double)wrong / (double)d->rows;
    *accuracy = 1 - (double)wrong / (double)d->rows;
}
