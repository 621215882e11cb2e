/*
 * net_train.c - the network at work: forward and backward side by side,
 * the losses, and the optimizers.
 *
 * Symbols, as the learner reads them (DESIGN.md, `help`), for a batch of
 * B samples and layer l with `in` inputs and `out` units:
 *   a_0 = x (B, inputs)                 the batch
 *   z_l = a_(l-1) W_l^T + b_l (B, out)   W_l (out, in), b_l (out)
 *   a_l = f_l(z_l)                      elementwise, or softmax by row
 *   L = (1/B) sum over samples of the loss (ce or mse)
 *   delta_l = dL/dz_l (B, out)
 *   dL/dW_l = delta_l^T a_(l-1) (out, in),  dL/db_l = sum over rows of
 *   delta_l,  dL/da_(l-1) = delta_l W_l,  delta_(l-1) = that * f'(z_(l-1))
 * The 1/B is put into delta at the output, as the numpy baseline does.
 *
 * Speed: the matrix products (net_kernel.c) are most of the time. Besides:
 *   - sigmoid, tanh, relu and linear are computed in float by their
 *     formulas here, checked against the act.c rows by the tests; other
 *     activations call the row's f and f' in double;
 *   - the loops over parameters and activations are vectorised (and
 *     compiled for AVX2 too, NN_NET_HOT).
 *
 * An update happens in two passes so that a failed one changes nothing
 * (as learn.c): the first computes every new weight and optimizer value
 * and checks it is finite; only when all are does the second write them,
 * recomputing the same numbers from the same inputs.
 */
#include "net.h"
#include "net_impl.h" /* struct nn_net, NN_NET_HOT */
#include "pool.h"     /* nn_pool_run: the optimizer's step on all cores */

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF /* the same bits with gcc and clang */
#endif

#include <float.h>  /* FLT_MAX */
#include <math.h>   /* expf, tanhf, exp, log, pow, sqrtf, fabsf */
#include <stdint.h> /* uint8_t */
#include <string.h> /* memcpy, memset */

/* gcc -O2 vectorises only loops without a remainder; the loops over
 * parameters and activations here are worth the dynamic cost model
 * (clang vectorises them at -O2 as it is). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("tree-vectorize", "vect-cost-model=dynamic")
#endif

/* ---- activations: forward and backward together -------------------------- */

/* sigmoid(z) = 1 / (1 + e^-z), in float, through t = e^-|z| in (0, 1] so
 * that no exponent is positive and nothing overflows:
 *   z >= 0: a = 1 / (1 + t);   z < 0: a = t / (1 + t) = e^z / (1 + e^z).
 * e^m, m = -|z| <= 0, the way Cephes's expf does it (Moshier), with 8
 * lanes at a time (libm's expf is a call per number):
 *   m = k ln2 + r, k = round(m / ln2), |r| <= ln2/2; ln2 in two parts
 *   (Cody and Waite) so that m - k ln2 loses nothing;
 *   e^r = 1 + r + r^2 P(r), P of degree 5: within a float rounding;
 *   2^k put straight into the exponent bits.
 * round() is the 1.5*2^23 trick: adding it leaves no fraction bits.
 * |z| past 87 counts as 87 (e^-87 = 1.6e-38, just above the smallest
 * normal float): sigmoid(-100) is 1.6e-38 here, 3.7e-44 exactly. NaN
 * stays NaN. The tests hold it within 3e-7 of act.c's row. */
__attribute__((always_inline)) static inline void sigmoid8(nn_v8 *zv)
{
    const nn_v8 z = *zv;
    const nn_v8 zero = { 0 }, one = zero + 1.0f;
    const nn_v8 shifter = zero + 12582912.0f; /* 1.5 * 2^23 */
    nn_v8i neg = z < zero;                    /* -1 where z < 0 */
    const nn_v8i sign = (nn_v8i){ 0 } + INT32_MIN;  /* the sign bit */
    nn_v8 m = (nn_v8)((nn_v8i)z | sign);      /* -|z| */
    nn_v8i low = ~(m >= zero - 87.0f);        /* below -87, or NaN */
    m = (nn_v8)(((nn_v8i)m & ~low) | ((nn_v8i)(zero - 87.0f) & low));
    nn_v8 k = (m * 1.44269504f + shifter) - shifter; /* round(m / ln2) */
    nn_v8 r = (m - k * 0.693359375f) - k * -2.12194440e-4f;
    nn_v8 p = ((((1.9875691500e-4f * r + 1.3981999507e-3f) * r +
                 8.3334519073e-3f) * r + 4.1665795894e-2f) * r +
               1.6666665459e-1f) * r + 5.0000001201e-1f;
    nn_v8 er = p * (r * r) + r + 1.0f;
    nn_v8i bits = (__builtin_convertvector(k, nn_v8i) + 127) << 23;
    nn_v8 t = er * (nn_v8)bits;               /* e^m = e^r 2^k */
    nn_v8 num = (nn_v8)(((nn_v8i)t & neg) | ((nn_v8i)one & ~neg));
    nn_v8 a = num / (one + t);
    nn_v8i nan = z != z;
    *zv = (nn_v8)(((nn_v8i)z & nan) | ((nn_v8i)a & ~nan));
}

/* a[i] = sigmoid(z[i]) for n numbers; a tail of fewer than 8 goes
 * through the same lanes, padded. */
NN_NET_HOT static void sigmoid_all(const float *z, float *a, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        nn_v8 v;
        NN_LOAD8(v, z + i);
        sigmoid8(&v);
        NN_STORE8(a + i, v);
    }
    if (i < n) {
        nn_v8 v = { 0 };
        memcpy(&v, z + i, (n - i) * sizeof(float));
        sigmoid8(&v);
        memcpy(a + i, &v, (n - i) * sizeof(float));
    }
}

/* softmax of one row z (n) into p (n): p_j = e^(z_j - m) / s, m = max z,
 * s = sum_j e^(z_j - m); subtracting m keeps every exponent <= 0. In
 * double (e in row); returns ln s + m, so that -ln p_y = that - z_y. */
static double softmax_row(const float *z, size_t n, float *p, double *e)
{
    double m = z[0], s = 0.0;
    for (size_t j = 1; j < n; j++)
        if (z[j] > m || isnan(z[j]))
            m = z[j];
    for (size_t j = 0; j < n; j++) {
        e[j] = exp((double)z[j] - m);
        s += e[j];
    }
    for (size_t j = 0; j < n; j++)
        p[j] = (float)(e[j] / s);
    return log(s) + m;
}

/* a = f(z) over rows x out. */
NN_NET_HOT static void activate(const nn_net *net, layer *L, size_t rows)
{
    size_t n = rows * L->out;
    const float *z = L->z;
    float *a = L->a;
    switch (L->kind) {
    case KIND_SIGMOID: /* sigmoid(z) = 1 / (1 + e^-z) */
        sigmoid_all(z, a, n);
        break;
    case KIND_TANH: /* tanh(z) = (e^z - e^-z) / (e^z + e^-z) */
        for (size_t i = 0; i < n; i++)
            a[i] = tanhf(z[i]);
        break;
    case KIND_RELU: /* relu(z) = max(0, z); NaN stays NaN */
        for (size_t i = 0; i < n; i++)
            a[i] = z[i] > 0 ? z[i] : (z[i] <= 0 ? 0.0f : z[i]);
        break;
    case KIND_LINEAR: /* linear(z) = z */
        memcpy(a, z, n * sizeof(float));
        break;
    case KIND_SOFTMAX:
        for (size_t r = 0; r < rows; r++)
            net->lse[r] = softmax_row(z + r * L->out, L->out,
                                      a + r * L->out, net->row);
        break;
    case KIND_ROW:
        for (size_t i = 0; i < n; i++)
            a[i] = (float)L->act->f((double)z[i], L->param);
        break;
    }
}

/* delta = g * f'(z) for n numbers of layer L, where g = dL/da; delta
 * goes over z (z is not needed after; g may not be z). Softmax is not
 * here: it is only an output, whose delta output_delta works out. */
NN_NET_HOT static void derive(const layer *L, float *z, const float *a,
                              const float *g, size_t n)
{
    switch (L->kind) {
    case KIND_SIGMOID: /* sigmoid'(z) = a(1 - a) */
        for (size_t i = 0; i < n; i++)
            z[i] = g[i] * (a[i] * (1.0f - a[i]));
        break;
    case KIND_TANH: /* tanh'(z) = 1 - a^2 */
        for (size_t i = 0; i < n; i++)
            z[i] = g[i] * (1.0f - a[i] * a[i]);
        break;
    case KIND_RELU: /* relu'(z) = 1 if z > 0, else 0; relu'(0) = 0 */
        for (size_t i = 0; i < n; i++) {
            float gi = g[i]; /* read either way: the loop vectorises */
            z[i] = z[i] > 0 ? gi : 0.0f;
        }
        break;
    case KIND_LINEAR: /* linear'(z) = 1 */
        memcpy(z, g, n * sizeof(float));
        break;
    case KIND_SOFTMAX:
        break;
    case KIND_ROW:
        for (size_t i = 0; i < n; i++)
            z[i] = g[i] * (float)L->act->df((double)z[i], L->param);
        break;
    }
}

/* ---- forward ------------------------------------------------------------- */

/* z_l = a_(l-1) W_l^T + b_l;  a_l = f(z_l)   for rows samples of x.
 * Each z starts at its bias and adds the products in order (k = 1, 2,
 * ...), skipping those where a is 0: a picture's blank pixels. */
static void forward_rows(nn_net *net, const float *x, size_t rows)
{
    const float *prev = x;
    for (size_t l = 0; l < net->n_layers; l++) {
        layer *L = &net->layers[l];
        for (size_t i = 0; i < rows; i++)
            memcpy(L->z + i * L->out, L->b, L->out * sizeof(float));
        nn_gemm_ab(prev, L->w, L->z, rows, L->out, L->in, 1);
        activate(net, L, rows);
        prev = L->a;
    }
}

void nn_net_forward(nn_net *net, const float *x, size_t batch, float *out)
{
    const layer *last = &net->layers[net->n_layers - 1];
    for (size_t at = 0; at < batch; at += net->chunk) {
        size_t rows = batch - at < net->chunk ? batch - at : net->chunk;
        forward_rows(net, x + at * net->inputs, rows);
        memcpy(out + at * last->out, last->a,
               rows * last->out * sizeof(float));
    }
}

/* ---- loss, and backward -------------------------------------------------- */

/* The predicted class of one output row: the first largest output; with
 * one unit (not softmax), 1 when a > 0.5. */
static size_t predicted(const layer *L, const float *a)
{
    size_t n = L->out;
    if (n == 1 && L->kind != KIND_SOFTMAX)
        return a[0] > 0.5f;
    size_t best = 0;
    for (size_t j = 1; j < n; j++)
        if (a[j] > a[best])
            best = j;
    return best;
}

/* The output layer's loss and delta = dL/dz for rows samples, each
 * scaled by `scale` = 1/B (the mean over the whole batch):
 *   ce (softmax):  loss = -ln p_y = ln sum_j e^z_j - z_y;
 *                  delta_j = p_j - [j = y]
 *   mse:           loss = sum_j (a_j - y_j)^2 / n;  g_j = 2(a_j - y_j)/n;
 *                  delta_j = g_j f'(z_j), or for softmax
 *                  delta_j = p_j (g_j - sum_k g_k p_k)
 * y is one-hot, or with one unit the label itself. */
static void output_delta(nn_net *net, nn_net_loss loss, const uint8_t *y,
                         const float *real, size_t rows, float scale,
                         double *loss_sum, size_t *correct)
{
    layer *L = &net->layers[net->n_layers - 1];
    size_t n = L->out;
    double *g = net->row, sum = 0.0;
    for (size_t r = 0; r < rows; r++) {
        float *z = L->z + r * n;
        const float *a = L->a + r * n;
        if (!real)
            *correct += predicted(L, a) == y[r];
        if (loss == NN_NET_BCE) {  /* one sigmoid unit: from the logit */
            double zz = z[0], t = y[r];
            sum += (zz > 0 ? zz : 0.0) - zz * t + log1p(exp(-fabs(zz)));
            z[0] = (float)((double)a[0] - t) * scale;
            continue;
        }
        if (loss == NN_NET_CE) { /* lse: from the forward pass */
            sum += net->lse[r] - z[y[r]];
            for (size_t j = 0; j < n; j++)
                z[j] = (a[j] - (j == y[r])) * scale;
            continue;
        }
        double pg = 0.0; /* sum_k g_k p_k, for softmax */
        for (size_t j = 0; j < n; j++) {
            double target = real ? (double)real[r * n + j]
                            : n == 1 ? y[r] : j == y[r];
            double d = (double)a[j] - target;
            sum += d * d / (double)n;
            g[j] = 2.0 * d / (double)n;
            pg += g[j] * a[j];
        }
        if (L->kind == KIND_SOFTMAX) {
            for (size_t j = 0; j < n; j++)
                z[j] = (float)(a[j] * (g[j] - pg)) * scale;
        } else {
            for (size_t j = 0; j < n; j++)
                net->grow[j] = (float)g[j];
            derive(L, z, a, net->grow, n);
            for (size_t j = 0; j < n; j++)
                z[j] *= scale;
        }
    }
    *loss_sum += sum;
}

/* dL/da_(l-1) = delta_l W_l into net->back (rows, in), for rows samples
 * whose deltas are in L->z. W is kept as W^T (in, out), so the product
 * is made turned, (delta W)^T = W^T delta^T: the batch's deltas are
 * turned before and the result after, which is cheap (rows by out and
 * rows by in numbers), where turning W would cost in by out every batch.
 * Each number is the sum over the layer's units in order, as delta W's
 * own would be. */
static void pass_back(nn_net *net, const layer *L, size_t rows)
{
    nn_net_turn(L->z, rows, L->out, net->turn);
    nn_gemm_ab(L->w, net->turn, net->turned, L->in, rows, L->out, 0);
    nn_net_turn(net->turned, L->in, rows, net->back);
}

/* For rows samples whose deltas are in the last layer's z:
 *   dL/dW_l^T (+)= a_(l-1)^T delta_l (W kept as W^T, net_impl.h);
 *   dL/db_l (+)= column sums of delta_l;
 *   delta_(l-1) = (delta_l W_l) * f'(z_(l-1)).
 * accumulate: add to the gradients (later chunks of a batch). */
static void backward_rows(nn_net *net, const float *x, size_t rows,
                          int accumulate)
{
    for (size_t l = net->n_layers; l-- > 0;) {
        layer *L = &net->layers[l];
        const float *prev = l > 0 ? net->layers[l - 1].a : x;
        nn_gemm_atb(prev, L->z, L->gw, L->in, L->out, rows, accumulate);
        if (!accumulate)
            memset(L->gb, 0, L->out * sizeof(float));
        for (size_t i = 0; i < rows; i++)
            for (size_t j = 0; j < L->out; j++)
                L->gb[j] += L->z[i * L->out + j];
        if (l > 0) {
            layer *P = &net->layers[l - 1];
            pass_back(net, L, rows);
            derive(P, P->z, P->a, net->back, rows * P->out);
        }
    }
}

/* nn_net_backprop with class labels, or real targets (real not NULL,
 * labels NULL, loss mse). */
static nn_status backprop(nn_net *net, nn_net_loss loss, const float *x,
                          const uint8_t *labels, const float *real,
                          size_t batch, double *loss_sum, size_t *correct)
{
    const layer *last = &net->layers[net->n_layers - 1];
    if (loss == NN_NET_CE && last->kind != KIND_SOFTMAX)
        return NN_EDIM;
    if (loss == NN_NET_BCE && (last->kind != KIND_SIGMOID || last->out != 1))
        return NN_EDIM;
    if (batch < 1 || batch > NN_NET_MAX_BATCH)
        return NN_ERANGE;
    if (real && loss != NN_NET_MSE)
        return NN_EDIM;
    size_t classes = last->out == 1 ? 2 : last->out;
    if (loss == NN_NET_CE)
        classes = last->out;
    for (size_t i = 0; !real && i < batch; i++)
        if (labels[i] >= classes)
            return NN_ERANGE;
    double sum = 0.0;
    size_t right = 0;
    float scale = (float)(1.0 / (double)batch);
    for (size_t at = 0; at < batch; at += net->chunk) {
        size_t rows = batch - at < net->chunk ? batch - at : net->chunk;
        const float *xr = x + at * net->inputs;
        forward_rows(net, xr, rows);
        output_delta(net, loss, real ? NULL : labels + at,
                     real ? real + at * last->out : NULL, rows, scale, &sum,
                     &right);
        backward_rows(net, xr, rows, at > 0);
    }
    nn_net_grads_changed(net);
    if (loss_sum)
        *loss_sum += sum;
    if (correct)
        *correct += right;
    return NN_OK;
}

nn_status nn_net_backprop(nn_net *net, nn_net_loss loss, const float *x,
                          const uint8_t *labels, size_t batch,
                          double *loss_sum, size_t *correct)
{
    return backprop(net, loss, x, labels, NULL, batch, loss_sum, correct);
}

nn_status nn_net_backprop_real(nn_net *net, const float *x, const float *y,
                               size_t batch, double *loss_sum)
{
    return backprop(net, NN_NET_MSE, x, NULL, y, batch, loss_sum, NULL);
}

/* nn_net_trace and nn_net_trace_real: a class label, or real targets y
 * (mse only). */
static nn_status trace(nn_net *net, nn_net_loss loss, const float *x,
                       uint8_t label, const float *y, float *z, float *a,
                       float *g, float *delta, double *loss_out)
{
    const layer *last = &net->layers[net->n_layers - 1];
    if (y && loss != NN_NET_MSE)
        return NN_EDIM;
    if (loss == NN_NET_CE && last->kind != KIND_SOFTMAX)
        return NN_EDIM;
    if (loss == NN_NET_BCE && (last->kind != KIND_SIGMOID || last->out != 1))
        return NN_EDIM;
    size_t classes = loss == NN_NET_CE || last->out > 1 ? last->out : 2;
    if (!y && label >= classes)
        return NN_ERANGE;
    size_t off[NN_NET_MAX_LAYERS], at = 0;
    for (size_t l = 0; l < net->n_layers; l++) {
        off[l] = at;
        at += net->layers[l].out;
    }
    forward_rows(net, x, 1);
    for (size_t l = 0; l < net->n_layers; l++) {
        const layer *L = &net->layers[l];
        memcpy(z + off[l], L->z, L->out * sizeof(float));
        memcpy(a + off[l], L->a, L->out * sizeof(float));
    }
    size_t n = last->out, right = 0;
    float *go = g + off[net->n_layers - 1];
    for (size_t j = 0; j < n; j++) {
        float t = y ? y[j] : n == 1 ? (float)label : (float)(j == label);
        go[j] = loss == NN_NET_MSE
                ? (float)(2.0 * ((double)last->a[j] - t) / (double)n)
                : last->a[j] - t;
    }
    double sum = 0.0;
    output_delta(net, loss, &label, y, 1, 1.0f, &sum, &right);
    for (size_t l = net->n_layers; l-- > 0;) {  /* backward_rows, one row */
        layer *L = &net->layers[l];
        const float *prev = l > 0 ? net->layers[l - 1].a : x;
        nn_gemm_atb(prev, L->z, L->gw, L->in, L->out, 1, 0);
        memcpy(L->gb, L->z, L->out * sizeof(float));
        memcpy(delta + off[l], L->z, L->out * sizeof(float));
        if (l > 0) {
            layer *P = &net->layers[l - 1];
            pass_back(net, L, 1);
            memcpy(g + off[l - 1], net->back, P->out * sizeof(float));
            derive(P, P->z, P->a, net->back, P->out);
        }
    }
    nn_net_grads_changed(net);
    if (loss_out)
        *loss_out = sum;
    return NN_OK;
}

nn_status nn_net_trace(nn_net *net, nn_net_loss loss, const float *x,
                       uint8_t label, float *z, float *a, float *g,
                       float *delta, double *loss_out)
{
    return trace(net, loss, x, label, NULL, z, a, g, delta, loss_out);
}

nn_status nn_net_trace_real(nn_net *net, const float *x, const float *y,
                            float *z, float *a, float *g, float *delta,
                            double *loss_out)
{
    return trace(net, NN_NET_MSE, x, 0, y, z, a, g, delta, loss_out);
}

/* ---- optimizers ---------------------------------------------------------- */

nn_net_cfg nn_net_defaults(void)
{
    nn_net_cfg cfg;
    cfg.loss = NN_NET_CE;
    cfg.opt = NN_NET_SGD;
    cfg.rate = 0.1f;
    cfg.momentum = 0.9f;
    cfg.beta1 = 0.9f;
    cfg.beta2 = 0.999f;
    cfg.eps = 1e-7f;
    return cfg;
}

static int cfg_ok(const nn_net_cfg *cfg)
{
    if (!(cfg->rate > 0 && cfg->rate <= FLT_MAX))
        return 0;
    if (cfg->opt == NN_NET_MOMENTUM)
        return cfg->momentum >= 0 && cfg->momentum < 1;
    if (cfg->opt == NN_NET_ADAM)
        return cfg->beta1 >= 0 && cfg->beta1 < 1 && cfg->beta2 >= 0 &&
               cfg->beta2 < 1 && cfg->eps > 0 && cfg->eps <= FLT_MAX;
    return cfg->opt == NN_NET_SGD;
}

/* One parameter's step: its new value w' (and the optimizer's new state)
 * from w, its gradient g and the old state. */

/* sgd: w' = w - rate*g */
static inline float sgd_w(float w, float g, float rate)
{
    return w - rate * g;
}

/* momentum: v' = mu*v - rate*g;  w' = w + v' */
static inline float momentum_v(float v, float g, float mu, float rate)
{
    return mu * v - rate * g;
}

/* adam (Keras): m' = b1*m + (1 - b1)*g;  v' = b2*v + (1 - b2)*g^2;
 * w' = w - rate * mhat / (sqrt(vhat) + eps), mhat = m' c1, vhat = v' c2,
 * where c1 = 1/(1 - b1^t) and c2 = 1/(1 - b2^t) undo the moments' start
 * at 0 (Kingma and Ba, 2015). */
typedef struct adam_k {
    float rate, b1, b2, eps, c1, c2;
} adam_k;

static inline float adam_m(float m, float g, const adam_k *k)
{
    return k->b1 * m + (1.0f - k->b1) * g;
}

static inline float adam_v(float v, float g, const adam_k *k)
{
    return k->b2 * v + (1.0f - k->b2) * (g * g);
}

static inline float adam_w(float w, float m, float v, const adam_k *k)
{
    return w - k->rate * (m * k->c1) / (sqrtf(v * k->c2) + k->eps);
}

/* 1 unless x is infinite or NaN (as a comparison, so loops vectorise) */
static inline int finite(float x)
{
    return fabsf(x) <= FLT_MAX;
}

/* Pass 1: are all of the new values finite? Pass 2 (commit) writes them,
 * through the same functions from the same inputs. Each pass covers the
 * parameters [from, to). */
NN_NET_HOT static int step_ok(const nn_net *net, const nn_net_cfg *cfg,
                              const adam_k *k, size_t from, size_t to)
{
    const float *w = net->param, *g = net->grad, *m1 = net->m1,
                *m2 = net->m2;
    int ok = 1;
    switch (cfg->opt) {
    case NN_NET_SGD:
        for (size_t i = from; i < to; i++)
            ok &= finite(sgd_w(w[i], g[i], cfg->rate));
        break;
    case NN_NET_MOMENTUM:
        for (size_t i = from; i < to; i++) {
            float v = momentum_v(m1[i], g[i], cfg->momentum, cfg->rate);
            ok &= finite(v) & finite(w[i] + v);
        }
        break;
    case NN_NET_ADAM:
        for (size_t i = from; i < to; i++) {
            float m = adam_m(m1[i], g[i], k), v = adam_v(m2[i], g[i], k);
            ok &= finite(m) & finite(v) & finite(adam_w(w[i], m, v, k));
        }
        break;
    }
    return ok;
}

NN_NET_HOT static void step_commit(nn_net *net, const nn_net_cfg *cfg,
                                   const adam_k *k, size_t from, size_t to)
{
    float *w = net->param, *m1 = net->m1, *m2 = net->m2;
    const float *g = net->grad;
    switch (cfg->opt) {
    case NN_NET_SGD:
        for (size_t i = from; i < to; i++)
            w[i] = sgd_w(w[i], g[i], cfg->rate);
        break;
    case NN_NET_MOMENTUM:
        for (size_t i = from; i < to; i++) {
            m1[i] = momentum_v(m1[i], g[i], cfg->momentum, cfg->rate);
            w[i] = w[i] + m1[i];
        }
        break;
    case NN_NET_ADAM:
        for (size_t i = from; i < to; i++) {
            float m = adam_m(m1[i], g[i], k), v = adam_v(m2[i], g[i], k);
            w[i] = adam_w(w[i], m, v, k);
            m1[i] = m;
            m2[i] = v;
        }
        break;
    }
}

/* Both passes on the pool's threads (pool.h), the parameters shared out
 * in parts: each number is worked out alone, so the split changes no
 * bit. A part is at least STEP_PART parameters (below that, handing it
 * over costs more than it saves). */
#define STEP_PART 16384
#define STEP_PARTS 32 /* 4 a thread, at most */

typedef struct step_job {
    nn_net *net;
    const nn_net_cfg *cfg;
    const adam_k *k;
    int commit;              /* 0: pass 1, into ok; 1: pass 2 */
    int ok[STEP_PARTS];      /* pass 1: each part's answer */
} step_job;

static void step_part(void *ctx, size_t part, size_t parts)
{
    step_job *job = ctx;
    size_t n = job->net->params;
    size_t from = n * part / parts, to = n * (part + 1) / parts;
    if (job->commit)
        step_commit(job->net, job->cfg, job->k, from, to);
    else
        job->ok[part] = step_ok(job->net, job->cfg, job->k, from, to);
}

/* Pass 1 then, when every new number is finite, pass 2; returns 0 (and
 * changes nothing) when one is not. */
static int step(nn_net *net, const nn_net_cfg *cfg, const adam_k *k)
{
    step_job job = { net, cfg, k, 0, { 0 } };
    size_t parts = 4 * nn_pool_threads(), most = net->params / STEP_PART;
    if (parts > most)
        parts = most;
    if (parts > STEP_PARTS)
        parts = STEP_PARTS;
    if (parts < 1)
        parts = 1;
    nn_pool_run(step_part, &job, parts);
    for (size_t p = 0; p < parts; p++)
        if (!job.ok[p])
            return 0;
    job.commit = 1;
    nn_pool_run(step_part, &job, parts);
    return 1;
}

/* nn_net_train_batch with labels, or with real targets. */
static nn_status train(nn_net *net, const nn_net_cfg *cfg, const float *x,
                       const uint8_t *labels, const float *real, size_t batch,
                       double *loss, size_t *correct)
{
    if (!cfg_ok(cfg))
        return NN_ERANGE;
    double sum = 0.0;
    size_t right = 0;
    nn_status st = backprop(net, cfg->loss, x, labels, real, batch, &sum,
                            &right);
    if (st != NN_OK)
        return st;
    adam_k k = { cfg->rate, cfg->beta1, cfg->beta2, cfg->eps, 1.0f, 1.0f };
    if (cfg->opt == NN_NET_ADAM) {
        double t = (double)(net->steps + 1);
        k.c1 = (float)(1.0 / (1.0 - pow(cfg->beta1, t)));
        k.c2 = (float)(1.0 / (1.0 - pow(cfg->beta2, t)));
    }
    if (!step(net, cfg, &k))
        return NN_ERANGE; /* the network as it was */
    net->steps++;
    nn_net_changed(net);
    if (loss)
        *loss += sum;
    if (correct)
        *correct += right;
    return NN_OK;
}

nn_status nn_net_train_batch(nn_net *net, const nn_net_cfg *cfg,
                             const float *x, const uint8_t *labels,
                             size_t batch, double *loss, size_t *correct)
{
    return train(net, cfg, x, labels, NULL, batch, loss, correct);
}

nn_status nn_net_train_real(nn_net *net, const nn_net_cfg *cfg,
                            const float *x, const float *y, size_t batch,
                            double *loss)
{
    if (cfg->loss != NN_NET_MSE)
        return NN_EDIM;
    return train(net, cfg, x, NULL, y, batch, loss, NULL);
}
