/*
 * net.c - a small multi-layer network: dense layers, forward and backward
 * side by side, the losses and the optimizers.
 *
 * Symbols, as the learner reads them (DESIGN.md, `help`), for a batch of
 * B samples and layer l with `in` inputs and `out` units:
 *   a_0 = x (B, inputs)               the batch
 *   z_l = a_(l-1) W_l^T + b_l (B, out)  W_l (out, in), b_l (out)
 *   a_l = f_l(z_l)                     elementwise, or softmax by row
 *   L = (1/B) sum over samples of the loss (ce or mse)
 *   delta_l = dL/dz_l (B, out)
 *   dL/dW_l = delta_l^T a_(l-1) (out, in),  dL/db_l = sum over rows of
 *   delta_l,  dL/da_(l-1) = delta_l W_l,  delta_(l-1) = that * f'(z_(l-1))
 * The 1/B is put into delta at the output, as the numpy baseline does.
 *
 * Memory: one allocation (genann) holding the struct, then parameters,
 * gradients and the optimizer's two moments (each `params` floats, laid
 * out W_0 b_0 W_1 b_1 ...), then the work space: z and a of every layer
 * for `chunk` samples, dL/da of a hidden layer, and the buffers that let
 * training skip input columns that are zero in the whole batch. A batch
 * larger than `chunk` (only for very wide networks) is done `chunk` rows
 * at a time, the gradients added up; the work space stays under
 * WORK_FLOATS.
 *
 * Speed: the matrix products (net_kernel.c) are nearly all of the time.
 * Three more things keep an epoch of the benchmark's 784-128-10 short:
 *   - sigmoid, tanh and relu (and linear) are computed in float by their
 *     formulas here, checked against the act.c rows by the tests; other
 *     activations call the row's f and f' in double;
 *   - training leaves out the input columns that are zero in every sample
 *     of the batch: they add nothing to z_0 and their weights' gradient
 *     is 0 (MNIST's borders: about 40% of layer 0's work at batch 32);
 *   - an update is checked before it is applied (below) in two light
 *     passes over the parameters.
 *
 * An update happens in two passes so that a failed one changes nothing
 * (as learn.c): the first computes every new weight and optimizer value
 * and checks it is finite; only when all are does the second write them,
 * recomputing the same numbers from the same inputs.
 */
#include "net.h"

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF /* the same bits with gcc and clang */
#endif

#include <float.h>  /* FLT_MAX */
#include <math.h>   /* expf, tanhf, exp, log, pow, sqrtf, isfinite */
#include <stdint.h> /* SIZE_MAX, uint8_t */
#include <stdlib.h> /* aligned_alloc, free */
#include <string.h> /* memcpy, memset, strcmp */

/* gcc -O2 vectorises only loops without a remainder; the loops over
 * parameters and activations here are worth the dynamic cost model
 * (clang vectorises them at -O2 as it is). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("tree-vectorize", "vect-cost-model=dynamic")
#endif

/* Work space limit: z and a of every layer and dL/da for `chunk`
 * samples, in floats (32 MiB). */
#define WORK_FLOATS ((size_t)8 << 20)

/* Regions of the allocation start on 64-byte lines. */
#define ALIGN 64

/* How a layer computes f and f': by its float formula here, or the
 * activation row's double functions. */
enum act_kind { KIND_ROW, KIND_SIGMOID, KIND_TANH, KIND_RELU, KIND_LINEAR,
                KIND_SOFTMAX };

typedef struct layer {
    size_t in, out;          /* W is (out, in) */
    const nn_act *act;       /* NULL: softmax */
    double param;            /* the activation's parameter */
    enum act_kind kind;
    float *w, *b;            /* (out, in), (out): in net->param */
    float *gw, *gb;          /* their gradients: in net->grad */
    float *z;                /* (chunk, out): z, then delta = dL/dz */
    float *a;                /* (chunk, out): a = f(z) */
} layer;

struct nn_net {
    size_t inputs, n_layers, params;
    size_t chunk;            /* rows of work space */
    size_t hidden_max;       /* widest layer before the last (0: none) */
    size_t out_max;          /* widest layer */
    long long steps;         /* adam's t: updates made */
    size_t bytes;            /* size of the allocation */
    float *param, *grad;     /* (params) each */
    float *m1, *m2;          /* momentum: velocity in m1; adam: m, v */
    float *back;             /* (chunk, hidden_max): dL/da of a hidden layer */
    double *row;             /* (out_max): one output row in double */
    float *grow;             /* (out_max): dL/da of one output row */
    layer layers[NN_NET_MAX_LAYERS];
};

/* ---- sizes without overflow ----------------------------------------- */

/* *r = a*b or a+b; 0 when it would overflow (r then SIZE_MAX). */
static int mul_ok(size_t a, size_t b, size_t *r)
{
    if (b != 0 && a > SIZE_MAX / b) {
        *r = SIZE_MAX;
        return 0;
    }
    *r = a * b;
    return 1;
}

static int add_ok(size_t a, size_t b, size_t *r)
{
    if (a > SIZE_MAX - b) {
        *r = SIZE_MAX;
        return 0;
    }
    *r = a + b;
    return 1;
}

/* params = sum over layers of out*in + out, saturated at SIZE_MAX */
nn_status nn_net_count(size_t inputs, const nn_layer_spec *layers,
                       size_t n_layers, size_t *count)
{
    int ok = inputs >= 1 && inputs <= NN_NET_MAX_UNITS && n_layers >= 1 &&
             n_layers <= NN_NET_MAX_LAYERS;
    size_t total = 0, in = inputs;
    for (size_t l = 0; l < n_layers; l++) {
        size_t out = layers[l].units, w, wb;
        if (out < 1 || out > NN_NET_MAX_UNITS)
            ok = 0;
        if (!mul_ok(out, in, &w) || !add_ok(w, out, &wb) ||
            !add_ok(total, wb, &total)) {
            ok = 0;
            total = SIZE_MAX; /* saturated from here on */
        }
        in = out;
    }
    *count = total;
    if (!ok || total > NN_NET_MAX_PARAMS)
        return NN_ERANGE;
    return NN_OK;
}

/* ---- one allocation -------------------------------------------------- */

/* Lays the regions out from *off on (aligned), advancing *off; assigns
 * *p = base + offset when base is not NULL. 0 on overflow. */
static int region(char *base, size_t *off, size_t count, size_t size,
                  void **p)
{
    size_t bytes, at;
    if (!mul_ok(count, size, &bytes) || !add_ok(*off, ALIGN - 1, &at))
        return 0;
    at -= at % ALIGN;
    if (!add_ok(at, bytes, off))
        return 0;
    if (base)
        *p = base + at;
    return 1;
}

#define REGION(base, off, count, type, ptr)                              \
    region((base), (off), (count), sizeof(type), (void **)&(ptr))

/* Every region of the network, from the sizes in net: with base NULL only
 * the total size (in *bytes); with base, the pointers too. 0 on overflow.
 * nn_net_new and nn_net_copy both lay out the same way. */
static int layout(nn_net *net, char *base, size_t *bytes)
{
    size_t off = sizeof(nn_net), p = net->params, rows = net->chunk;
    int ok = REGION(base, &off, p, float, net->param) &&
             REGION(base, &off, p, float, net->grad) &&
             REGION(base, &off, p, float, net->m1) &&
             REGION(base, &off, p, float, net->m2);
    for (size_t l = 0; ok && l < net->n_layers; l++) {
        layer *L = &net->layers[l];
        size_t zs = rows * L->out; /* <= WORK_FLOATS: chunk saw to it */
        ok = REGION(base, &off, zs, float, L->z) &&
             REGION(base, &off, zs, float, L->a);
    }
    ok = ok && REGION(base, &off, rows * net->hidden_max, float, net->back);
    ok = ok && REGION(base, &off, net->out_max, double, net->row) &&
         REGION(base, &off, net->out_max, float, net->grow);
    *bytes = off;
    if (ok && base) { /* parameters and gradients, layer by layer */
        size_t at = 0;
        for (size_t l = 0; l < net->n_layers; l++) {
            layer *L = &net->layers[l];
            L->w = net->param + at;
            L->gw = net->grad + at;
            at += L->out * L->in;
            L->b = net->param + at;
            L->gb = net->grad + at;
            at += L->out;
        }
    }
    return ok;
}

static enum act_kind kind_of(const nn_act *act)
{
    if (!act)
        return KIND_SOFTMAX;
    static const struct { const char *name; enum act_kind kind; } fast[] = {
        { "sigmoid", KIND_SIGMOID }, { "tanh", KIND_TANH },
        { "relu", KIND_RELU }, { "linear", KIND_LINEAR },
    };
    for (size_t i = 0; i < sizeof fast / sizeof fast[0]; i++)
        if (strcmp(act->name, fast[i].name) == 0)
            return fast[i].kind;
    return KIND_ROW;
}

nn_net *nn_net_new(size_t inputs, const nn_layer_spec *layers,
                   size_t n_layers, nn_status *st)
{
    size_t params;
    *st = nn_net_count(inputs, layers, n_layers, &params);
    if (*st != NN_OK)
        return NULL;
    nn_net shape;
    memset(&shape, 0, sizeof shape);
    shape.inputs = inputs;
    shape.n_layers = n_layers;
    shape.params = params;
    size_t in = inputs, per_sample = 0;
    for (size_t l = 0; l < n_layers; l++) {
        const nn_layer_spec *s = &layers[l];
        if (!s->act && l + 1 < n_layers) {
            *st = NN_EDIM; /* softmax only as the output */
            return NULL;
        }
        if (s->act && s->act->param_name &&
            !(s->param >= s->act->param_min &&
              s->param <= s->act->param_max)) {
            *st = NN_ERANGE; /* NaN too */
            return NULL;
        }
        layer *L = &shape.layers[l];
        L->in = in;
        L->out = s->units;
        L->act = s->act;
        L->param = s->act && s->act->param_name ? s->param : 0.0;
        L->kind = kind_of(s->act);
        if (l + 1 < n_layers && L->out > shape.hidden_max)
            shape.hidden_max = L->out;
        if (L->out > shape.out_max)
            shape.out_max = L->out;
        per_sample += 2 * L->out; /* z and a: at most 32 * 1e5 floats */
        in = L->out;
    }
    per_sample += shape.hidden_max; /* the limits keep this small */
    shape.chunk = WORK_FLOATS / per_sample;
    if (shape.chunk > NN_NET_MAX_BATCH)
        shape.chunk = NN_NET_MAX_BATCH;
    if (shape.chunk < 1)
        shape.chunk = 1;
    size_t bytes;
    if (!layout(&shape, NULL, &bytes) || !add_ok(bytes, ALIGN, &bytes)) {
        *st = NN_ENOMEM;
        return NULL;
    }
    bytes -= bytes % ALIGN; /* aligned_alloc wants a multiple */
    nn_net *net = aligned_alloc(ALIGN, bytes);
    if (!net) {
        *st = NN_ENOMEM;
        return NULL;
    }
    memset(net, 0, bytes);
    *net = shape;
    net->bytes = bytes;
    layout(net, (char *)net, &bytes);
    *st = NN_OK;
    return net;
}

void nn_net_free(nn_net *net)
{
    free(net);
}

nn_net *nn_net_copy(const nn_net *net)
{
    nn_net *copy = aligned_alloc(ALIGN, net->bytes);
    if (!copy)
        return NULL;
    size_t bytes;
    memcpy(copy, net, net->bytes);
    layout(copy, (char *)copy, &bytes); /* pointers into the copy */
    return copy;
}

/* ---- shape queries --------------------------------------------------- */

size_t nn_net_inputs(const nn_net *net)
{
    return net->inputs;
}

size_t nn_net_layers(const nn_net *net)
{
    return net->n_layers;
}

nn_layer_spec nn_net_layer(const nn_net *net, size_t l)
{
    nn_layer_spec s = { 0, NULL, 0.0 };
    if (l < net->n_layers) {
        s.units = net->layers[l].out;
        s.act = net->layers[l].act;
        s.param = net->layers[l].param;
    }
    return s;
}

size_t nn_net_params(const nn_net *net)
{
    return net->params;
}

const float *nn_net_weights(const nn_net *net, size_t l)
{
    return l < net->n_layers ? net->layers[l].w : NULL;
}

const float *nn_net_biases(const nn_net *net, size_t l)
{
    return l < net->n_layers ? net->layers[l].b : NULL;
}

const float *nn_net_grad_weights(const nn_net *net, size_t l)
{
    return l < net->n_layers ? net->layers[l].gw : NULL;
}

const float *nn_net_grad_biases(const nn_net *net, size_t l)
{
    return l < net->n_layers ? net->layers[l].gb : NULL;
}

nn_status nn_net_set_layer(nn_net *net, size_t l, const float *w,
                           const float *b)
{
    if (l >= net->n_layers)
        return NN_EDIM;
    layer *L = &net->layers[l];
    size_t nw = L->out * L->in;
    for (size_t i = 0; i < nw; i++)
        if (!isfinite(w[i]))
            return NN_ERANGE;
    for (size_t j = 0; j < L->out; j++)
        if (!isfinite(b[j]))
            return NN_ERANGE;
    memcpy(L->w, w, nw * sizeof(float));
    memcpy(L->b, b, L->out * sizeof(float));
    return NN_OK;
}

/* ---- initial weights ------------------------------------------------- */

/* He (2015) for the relu family, whose units are off half the time:
 * normal with std sqrt(2/in). Glorot (2010) otherwise: uniform in
 * +-sqrt(6/(in + out)), which keeps the variance of a and of delta the
 * same from layer to layer. */
static int relu_like(const nn_act *act)
{
    static const char *const names[] = { "relu", "leaky_relu", "elu",
        "selu", "gelu", "gelu_tanh", "silu", "mish" };
    for (size_t i = 0; act && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(act->name, names[i]) == 0)
            return 1;
    return 0;
}

void nn_net_init(nn_net *net, nn_rng *r)
{
    for (size_t l = 0; l < net->n_layers; l++) {
        layer *L = &net->layers[l];
        size_t nw = L->out * L->in;
        if (relu_like(L->act)) {
            double std = sqrt(2.0 / (double)L->in);
            for (size_t i = 0; i < nw; i++)
                L->w[i] = (float)nn_rng_normal(r, 0.0, std);
        } else {
            double lim = sqrt(6.0 / (double)(L->in + L->out));
            for (size_t i = 0; i < nw; i++)
                L->w[i] = (float)nn_rng_range(r, -lim, lim);
        }
        memset(L->b, 0, L->out * sizeof(float));
    }
    memset(net->grad, 0, net->params * sizeof(float));
    memset(net->m1, 0, net->params * sizeof(float));
    memset(net->m2, 0, net->params * sizeof(float));
    net->steps = 0;
}

/* ---- activations: forward and backward together ---------------------- */

/* sigmoid(z) = 1 / (1 + e^-z), as e^z / (1 + e^z) for z < 0 so expf only
 * sees z <= 0 and cannot overflow (act.c's sigmoid, in float). */
static inline float sigmoidf(float z)
{
    if (z >= 0)
        return 1.0f / (1.0f + expf(-z));
    float e = expf(z); /* NaN comes through here */
    return e / (1.0f + e);
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
static void activate(const nn_net *net, layer *L, size_t rows)
{
    size_t n = rows * L->out;
    const float *z = L->z;
    float *a = L->a;
    switch (L->kind) {
    case KIND_SIGMOID:
        for (size_t i = 0; i < n; i++)
            a[i] = sigmoidf(z[i]);
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
            softmax_row(z + r * L->out, L->out, a + r * L->out, net->row);
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
static void derive(const layer *L, float *z, const float *a, const float *g,
                   size_t n)
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
        for (size_t i = 0; i < n; i++)
            z[i] = z[i] > 0 ? g[i] : 0.0f;
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

/* ---- forward ------------------------------------------------------------ */

/* z_l = a_(l-1) W_l^T + b_l;  a_l = f(z_l)   for rows samples of x */
static void forward_rows(nn_net *net, const float *x, size_t rows)
{
    const float *prev = x;
    for (size_t l = 0; l < net->n_layers; l++) {
        layer *L = &net->layers[l];
        for (size_t i = 0; i < rows; i++)
            memcpy(L->z + i * L->out, L->b, L->out * sizeof(float));
        nn_gemm_abt(prev, L->w, L->z, rows, L->out, L->in, 1);
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

/* ---- loss, and backward ------------------------------------------------ */

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
                         size_t rows, float scale, double *loss_sum,
                         size_t *correct)
{
    layer *L = &net->layers[net->n_layers - 1];
    size_t n = L->out;
    double *g = net->row, sum = 0.0;
    for (size_t r = 0; r < rows; r++) {
        float *z = L->z + r * n;
        const float *a = L->a + r * n;
        *correct += predicted(L, a) == y[r];
        if (loss == NN_NET_CE) {
            sum += softmax_row(z, n, L->a + r * n, g) - z[y[r]];
            for (size_t j = 0; j < n; j++)
                z[j] = (a[j] - (j == y[r])) * scale;
            continue;
        }
        double pg = 0.0; /* sum_k g_k p_k, for softmax */
        for (size_t j = 0; j < n; j++) {
            double target = n == 1 ? y[r] : j == y[r];
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

/* For rows samples whose deltas are in the last layer's z:
 *   dL/dW_l (+)= delta_l^T a_(l-1);  dL/db_l (+)= column sums of delta_l;
 *   delta_(l-1) = (delta_l W_l) * f'(z_(l-1)).
 * accumulate: add to the gradients (later chunks of a batch). */
static void backward_rows(nn_net *net, const float *x, size_t rows,
                          int accumulate)
{
    for (size_t l = net->n_layers; l-- > 0;) {
        layer *L = &net->layers[l];
        const float *prev = l > 0 ? net->layers[l - 1].a : x;
        nn_gemm_atb(L->z, prev, L->gw, L->out, L->in, rows, accumulate);
        if (!accumulate)
            memset(L->gb, 0, L->out * sizeof(float));
        for (size_t i = 0; i < rows; i++)
            for (size_t j = 0; j < L->out; j++)
                L->gb[j] += L->z[i * L->out + j];
        if (l > 0) {
            layer *P = &net->layers[l - 1];
            nn_gemm_ab(L->z, L->w, net->back, rows, L->in, L->out, 0);
            derive(P, P->z, P->a, net->back, rows * P->out);
        }
    }
}

nn_status nn_net_backprop(nn_net *net, nn_net_loss loss, const float *x,
                          const uint8_t *labels, size_t batch,
                          double *loss_sum, size_t *correct)
{
    const layer *last = &net->layers[net->n_layers - 1];
    if (loss == NN_NET_CE && last->kind != KIND_SOFTMAX)
        return NN_EDIM;
    if (batch < 1 || batch > NN_NET_MAX_BATCH)
        return NN_ERANGE;
    size_t classes = last->out == 1 ? 2 : last->out;
    if (loss == NN_NET_CE)
        classes = last->out;
    for (size_t i = 0; i < batch; i++)
        if (labels[i] >= classes)
            return NN_ERANGE;
    double sum = 0.0;
    size_t right = 0;
    float scale = (float)(1.0 / (double)batch);
    for (size_t at = 0; at < batch; at += net->chunk) {
        size_t rows = batch - at < net->chunk ? batch - at : net->chunk;
        const float *xr = x + at * net->inputs;
        forward_rows(net, xr, rows);
        output_delta(net, loss, labels + at, rows, scale, &sum, &right);
        backward_rows(net, xr, rows, at > 0);
    }
    if (loss_sum)
        *loss_sum += sum;
    if (correct)
        *correct += right;
    return NN_OK;
}

/* ---- optimizers --------------------------------------------------------- */

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
 * through the same functions from the same inputs. */
static int step_ok(const nn_net *net, const nn_net_cfg *cfg,
                   const adam_k *k)
{
    size_t n = net->params;
    const float *w = net->param, *g = net->grad, *m1 = net->m1,
                *m2 = net->m2;
    int ok = 1;
    switch (cfg->opt) {
    case NN_NET_SGD:
        for (size_t i = 0; i < n; i++)
            ok &= finite(sgd_w(w[i], g[i], cfg->rate));
        break;
    case NN_NET_MOMENTUM:
        for (size_t i = 0; i < n; i++) {
            float v = momentum_v(m1[i], g[i], cfg->momentum, cfg->rate);
            ok &= finite(v) & finite(w[i] + v);
        }
        break;
    case NN_NET_ADAM:
        for (size_t i = 0; i < n; i++) {
            float m = adam_m(m1[i], g[i], k), v = adam_v(m2[i], g[i], k);
            ok &= finite(m) & finite(v) & finite(adam_w(w[i], m, v, k));
        }
        break;
    }
    return ok;
}

static void step_commit(nn_net *net, const nn_net_cfg *cfg, const adam_k *k)
{
    size_t n = net->params;
    float *w = net->param, *m1 = net->m1, *m2 = net->m2;
    const float *g = net->grad;
    switch (cfg->opt) {
    case NN_NET_SGD:
        for (size_t i = 0; i < n; i++)
            w[i] = sgd_w(w[i], g[i], cfg->rate);
        break;
    case NN_NET_MOMENTUM:
        for (size_t i = 0; i < n; i++) {
            m1[i] = momentum_v(m1[i], g[i], cfg->momentum, cfg->rate);
            w[i] = w[i] + m1[i];
        }
        break;
    case NN_NET_ADAM:
        for (size_t i = 0; i < n; i++) {
            float m = adam_m(m1[i], g[i], k), v = adam_v(m2[i], g[i], k);
            w[i] = adam_w(w[i], m, v, k);
            m1[i] = m;
            m2[i] = v;
        }
        break;
    }
}

nn_status nn_net_train_batch(nn_net *net, const nn_net_cfg *cfg,
                             const float *x, const uint8_t *labels,
                             size_t batch, double *loss, size_t *correct)
{
    if (!cfg_ok(cfg))
        return NN_ERANGE;
    double sum = 0.0;
    size_t right = 0;
    nn_status st = nn_net_backprop(net, cfg->loss, x, labels, batch, &sum,
                                   &right);
    if (st != NN_OK)
        return st;
    adam_k k = { cfg->rate, cfg->beta1, cfg->beta2, cfg->eps, 1.0f, 1.0f };
    if (cfg->opt == NN_NET_ADAM) {
        double t = (double)(net->steps + 1);
        k.c1 = (float)(1.0 / (1.0 - pow(cfg->beta1, t)));
        k.c2 = (float)(1.0 / (1.0 - pow(cfg->beta2, t)));
    }
    if (!step_ok(net, cfg, &k))
        return NN_ERANGE; /* the network as it was */
    step_commit(net, cfg, &k);
    net->steps++;
    if (loss)
        *loss += sum;
    if (correct)
        *correct += right;
    return NN_OK;
}
