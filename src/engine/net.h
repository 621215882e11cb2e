/*
 * net.h - a small multi-layer network: dense layers, a = f(W a_prev + b),
 * ending in softmax (with cross-entropy) or another activation (with
 * mse), trained on mini-batches with sgd, momentum or adam.
 *
 * Shapes, for a batch of B samples: layer l maps (B, in_l) to (B, out_l);
 * W_l is (out_l, in_l), row-major W[j*in + i] (row j holds unit j's
 * incoming weights, so `show unit K` reads row K); b_l is (out_l). That
 * is how the functions below give and take W; inside, each layer keeps
 * W^T (in_l, out_l), so that a picture's pixel meets a row of weights
 * and its zeros can be skipped. Numbers are float (as Keras and the numpy
 * baseline); sums of a layer accumulate in float too, bias first, then
 * the inputs in order. The matrix products go through two kernels,
 * nn_gemm_ab and nn_gemm_atb, each with a plain C path that is always
 * built and tested, and an optional CBLAS path (NN_HAVE_CBLAS) checked
 * against it. The network is one allocation (genann): parameters,
 * gradients, their views as (out, in), optimizer moments and the work
 * space for batches up to NN_NET_MAX_BATCH
 * (a very wide network works through a batch in pieces, so that space
 * stays under 32 MiB).
 * Ownership: nn_net_new returns a network freed with nn_net_free.
 */
#ifndef NEURON_ENGINE_NET_H
#define NEURON_ENGINE_NET_H

#include <stddef.h> /* size_t */
#include <stdint.h> /* uint8_t */

#include "act.h"    /* nn_act: activations of hidden layers */
#include "rng.h"    /* nn_rng: initial weights, shuffles */
#include "status.h" /* nn_status, nn_errinfo */

#define NN_NET_MAX_LAYERS 16        /* dense layers, not counting input */
#define NN_NET_MAX_UNITS 100000     /* units in one layer */
#define NN_NET_MAX_PARAMS 10000000  /* weights + biases: with gradients,
                                       their views and adam's moments,
                                       240 MB */
#define NN_NET_MAX_BATCH 1024

typedef struct nn_net nn_net;

/* One dense layer as asked for: its size and activation. act NULL with
 * softmax 1 means a softmax output layer. */
typedef struct nn_layer_spec {
    size_t units;
    const nn_act *act;   /* NULL for softmax */
    double param;        /* the activation's parameter (leaky slope) */
} nn_layer_spec;

/* ce: softmax output; mse: any; bce: one sigmoid output unit, labels 0
 * and 1, computed from the logit z (exact where a saturates). */
typedef enum nn_net_loss { NN_NET_CE, NN_NET_MSE, NN_NET_BCE } nn_net_loss;
typedef enum nn_net_opt { NN_NET_SGD, NN_NET_MOMENTUM, NN_NET_ADAM }
    nn_net_opt;

/* Training settings for nn_net_train_batch. */
typedef struct nn_net_cfg {
    nn_net_loss loss;   /* ce needs a softmax output */
    nn_net_opt opt;
    float rate;         /* > 0 */
    float momentum;     /* 0.9 */
    float beta1, beta2, eps;  /* adam: 0.9, 0.999, 1e-7 (Keras) */
} nn_net_cfg;

/* Parameters of a network with `inputs` inputs and these layers, counted
 * without overflow: sum over layers of out*in + out. Returns NN_OK with
 * *count, or NN_ERANGE when any size is 0 or above the limits (the count
 * is still filled, saturated at SIZE_MAX, for the message). */
nn_status nn_net_count(size_t inputs, const nn_layer_spec *layers,
                       size_t n_layers, size_t *count);

/* A network with zero weights (call nn_net_init), or NULL with *st set
 * (NN_ERANGE past the limits or for a parameter outside its activation's
 * range, NN_EDIM for softmax before the last layer, NN_ENOMEM). */
nn_net *nn_net_new(size_t inputs, const nn_layer_spec *layers,
                   size_t n_layers, nn_status *st);
void nn_net_free(nn_net *net);
nn_net *nn_net_copy(const nn_net *net);

/* Shape queries. Layer l is 0-based (the first dense layer is 0). */
size_t nn_net_inputs(const nn_net *net);
size_t nn_net_layers(const nn_net *net);
nn_layer_spec nn_net_layer(const nn_net *net, size_t l);
size_t nn_net_params(const nn_net *net);

/* Layer l's weights (out, in) and biases (out); valid until the network
 * is freed, and the numbers of the moment of the call: ask again after
 * the network changes (the weights are a copy, made when first asked
 * after a change, of the W^T the network keeps). For pictures (show unit
 * K) and tests. */
const float *nn_net_weights(const nn_net *net, size_t l);
const float *nn_net_biases(const nn_net *net, size_t l);

/* Initial weights from r, layer by layer: He normal (std sqrt(2/in),
 * biases 0) for the layers whose activation row says NN_ACT_HE, Glorot
 * uniform (+-sqrt(6/(in+out)), the weights row by row, then the biases)
 * otherwise; optimizer state cleared. The same seed gives the same
 * weights. */
void nn_net_init(nn_net *net, nn_rng *r);

/* Forgets the optimizer's memory (momentum's velocity, adam's moments
 * and step count), keeping the weights: for a change of optimizer. */
void nn_net_reset_optimizer(nn_net *net);

/* Updates the optimizer has made since the network was made or its
 * memory reset (adam's t): 0 when momentum and adam start afresh. */
long long nn_net_steps(const nn_net *net);

/* Forward pass: x (batch, inputs) in [0, 1] floats; out (batch, outputs)
 * gets the last layer's output (probabilities after softmax). Any batch
 * (0 does nothing); the work space takes it NN_NET_MAX_BATCH rows at a
 * time or fewer. A sample's output does not depend on the batch it is in
 * (with the plain products; CBLAS may differ in the last bits). */
void nn_net_forward(nn_net *net, const float *x, size_t batch, float *out);

/* One update on a batch: forward, loss, backward, optimizer step.
 * labels: (batch) classes 0..outputs-1. Adds the batch's summed loss to
 * *loss and its correct predictions to *correct (either may be NULL;
 * nothing is added when the step fails). When a parameter or optimizer
 * value would become non-finite the network (weights, optimizer state,
 * adam's step count) is left unchanged and NN_ERANGE returned; also
 * NN_ERANGE for settings out of range (rate <= 0, momentum or betas
 * outside [0, 1), eps <= 0) and as nn_net_backprop. NN_EDIM when ce is
 * asked of a network without a softmax output. Optimizers:
 *   sgd       w -= rate*g
 *   momentum  v = momentum*v - rate*g;  w += v
 *   adam      m = b1*m + (1-b1)*g;  v = b2*v + (1-b2)*g^2;  t += 1;
 *             w -= rate * mhat / (sqrt(vhat) + eps), mhat = m/(1-b1^t),
 *             vhat = v/(1-b2^t)   (Keras's names and defaults) */
nn_status nn_net_train_batch(nn_net *net, const nn_net_cfg *cfg,
                             const float *x, const uint8_t *labels,
                             size_t batch, double *loss, size_t *correct);

/* Default settings: ce, sgd, rate 0.1 (as nn_learn_defaults), momentum
 * 0.9, adam beta1 0.9, beta2 0.999, eps 1e-7 (Keras). */
nn_net_cfg nn_net_defaults(void);

/* Forward and backward on a batch without changing the network: the
 * gradient of the batch's mean loss goes to the buffers read by
 * nn_net_grad_weights and nn_net_grad_biases (what nn_net_train_batch
 * then steps along). Adds the summed loss and correct count as
 * nn_net_train_batch does (either pointer may be NULL). The loss: ce is
 * -ln p_label (softmax output only; NN_EDIM otherwise); mse is
 * sum_j (a_j - y_j)^2 / outputs, y the one-hot label, or with a single
 * output unit the label itself (0 or 1); bce (one sigmoid output unit
 * only, NN_EDIM otherwise) is -(y ln a + (1 - y) ln(1 - a)) computed from
 * the logit as max(z, 0) - z y + ln(1 + e^-|z|), with dL/dz = a - y: no
 * clipping, so a saturated unit still learns. A correct prediction is the
 * largest output at the label (one unit: a > 0.5 for label 1).
 * NN_ERANGE for a batch outside 1..NN_NET_MAX_BATCH or a label out of
 * range. */
nn_status nn_net_backprop(nn_net *net, nn_net_loss loss, const float *x,
                          const uint8_t *labels, size_t batch,
                          double *loss_sum, size_t *correct);

/* One sample through the network with every number `step` writes out.
 * Each of z, a, g and delta holds all layers one after another (the sum
 * of the layers' units, in layer order): z and a = f(z); g = dL/da (for
 * a hidden unit sum_j w_j delta_j over the units it feeds; for an
 * output unit 2(a - y)/n under mse and a - y under ce and bce, whose
 * delta comes straight from the logit); delta = dL/dz. *loss gets the
 * sample's loss. The gradients are left for nn_net_grad_weights (this
 * sample's, which a batch of 1 steps along); the weights do not change.
 * The same operations as nn_net_backprop on a batch of one, so the
 * numbers are the ones training uses. Errors as nn_net_backprop. */
nn_status nn_net_trace(nn_net *net, nn_net_loss loss, const float *x,
                       uint8_t label, float *z, float *a, float *g,
                       float *delta, double *loss_out);

/* The same for real targets y (outputs of them), under mse: a network
 * fitting a curve. */
nn_status nn_net_trace_real(nn_net *net, const float *x, const float *y,
                            float *z, float *a, float *g, float *delta,
                            double *loss_out);

/* Regression: as nn_net_backprop and nn_net_train_batch, with real
 * targets y (batch, outputs) in place of class labels; the loss is mse
 * (NN_EDIM for another), nothing is counted correct. For a network that
 * fits a curve (data fn): a linear output, any target. */
nn_status nn_net_backprop_real(nn_net *net, const float *x, const float *y,
                               size_t batch, double *loss_sum);
nn_status nn_net_train_real(nn_net *net, const nn_net_cfg *cfg,
                            const float *x, const float *y, size_t batch,
                            double *loss);

/* Layer l's gradients from the last nn_net_backprop or train step, shaped
 * as its weights (out, in) and biases (out); valid until the network is
 * freed, and, as nn_net_weights, the numbers of the moment of the call. */
const float *nn_net_grad_weights(const nn_net *net, size_t l);
const float *nn_net_grad_biases(const nn_net *net, size_t l);

/* Copies w (out, in) and b (out) into layer l; the optimizer state is
 * kept. NN_ERANGE, and nothing changed, when a number is not finite;
 * NN_EDIM when l is not a layer. */
nn_status nn_net_set_layer(nn_net *net, size_t l, const float *w,
                           const float *b);

/* ---- inputs ---- */

/* Pixels as a network takes them: x[i] = px[i] / 255, bytes 0 to 255 as
 * floats in [0, 1], each the correctly rounded quotient (as numpy's
 * astype(float32) / 255), 16 at a time. */
void nn_net_pixels(const uint8_t *px, size_t n, float *x);

/* A batch gathered: pictures idx[0..rows) of px, n pixels each, as
 * nn_net_pixels makes them, into x (rows, n). Each picture's bytes are
 * fetched from memory ahead of its turn. */
void nn_net_pixel_rows(const uint8_t *px, size_t n, const size_t *idx,
                       size_t rows, float *x);

/* ---- the matrix products every layer uses ---- */

/* C (M, N) = A (M, K) * B (K, N), plus C when accumulate; all
 * row-major. The forward pass, z (batch, out) = a_prev (batch, in) W^T
 * with W kept as W^T (in, out); and the gradient passed back, dL/da_prev
 * (batch, in) = delta (batch, out) W (out, in). CBLAS when built with
 * NN_HAVE_CBLAS, else the plain C version. With accumulate 0, C is only
 * written (it may hold anything before). */
void nn_gemm_ab(const float *a, const float *b, float *c, size_t m,
                size_t n, size_t k, int accumulate);

/* The plain C version, always built: the reference the CBLAS path is
 * tested against. Each element of C is one float sum, C first, then the
 * products in increasing k (the plain loop's bits, vectorised and in
 * register tiles), skipping the k where A is 0 in every row of a tile
 * (their products add nothing, taking 0 * inf as 0: pass finite B). A
 * row of C does not depend on M: a sample's output does not depend on
 * its batch. */
void nn_gemm_ab_plain(const float *a, const float *b, float *c, size_t m,
                      size_t n, size_t k, int accumulate);

/* C (M, N) = A^T * B where A is (K, M) and B is (K, N), plus C when
 * accumulate. The weights' gradient: dW^T (in, out) = a_prev^T delta, K
 * the batch. CBLAS or the plain version, as nn_gemm_ab (the plain one
 * in the same order, skipping zeros in A). */
void nn_gemm_atb(const float *a, const float *b, float *c, size_t m,
                 size_t n, size_t k, int accumulate);
void nn_gemm_atb_plain(const float *a, const float *b, float *c, size_t m,
                       size_t n, size_t k, int accumulate);

/* 1 when the products above go through CBLAS (built with NN_HAVE_CBLAS),
 * else 0; for `version`-style reports and the bench. */
int nn_gemm_uses_cblas(void);

/* Whether the plain products use 16-lane vectors (AVX-512), which give
 * the same bits as 8 lanes, faster. want 1: use them when the machine
 * has them; 0: do not; -1: leave as it is (the first product decides:
 * when the machine has them). Returns 1 when they are used. For the
 * tests and the bench; not thread-safe against a running product. */
int nn_gemm_wide(int want);

/* ---- saving ---- */

/* The network as text (caller frees *text, NUL-terminated, *len bytes
 * before the NUL):
 *   neuron-network 1
 *   inputs N
 *   layer UNITS ACT [PARAM]    one line a layer (ACT a row's name or
 *                              softmax; PARAM when the row has one)
 *   W 1                        then UNITS lines of IN numbers (row j:
 *                              unit j's weights), layers counted from 1
 *   b 1                        then one line of UNITS numbers
 *   W 2 ...
 * Numbers as %.9g writes them (which reads back bit for bit as float);
 * PARAM in the fewest digits (up to 15) that read back as the same
 * double, else as a C99 hex float ("0x1.3333333333334p-2", exact). Lines end
 * in '\n', numbers one space apart. NN_ENOMEM. */
nn_status nn_net_save(const nn_net *net, char **text, size_t *len);

/* Parses what nn_net_save wrote. NN_EFORMAT with err->line (and column
 * when there is one) and msg for a malformed file, a shape that does not
 * match its numbers, a number that is not decimal or not finite as a
 * float (nan, inf, 1e39), text after the last layer; NN_ERANGE past the
 * limits (decided from the header, before the network is allocated);
 * NN_ENOMEM. A '\r' before a '\n' is accepted, and a UTF-8 byte order
 * mark at the start is skipped (columns count after it). *out is NULL on
 * error. */
nn_status nn_net_load(const char *text, size_t len, nn_net **out,
                      nn_errinfo *err);

/* f as printf's %.9g writes it, without stdio: "0.5", "-1.17549435e-38",
 * "-0", "nan", "inf"; at most 15 characters, not NUL-terminated. Returns
 * the length. What nn_net_save writes a number with. */
size_t nn_net_format_float(float f, char *out);

#endif
