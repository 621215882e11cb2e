/*
 * net_impl.h - the inside of a network, shared by the files of the net
 * module only (net.c: shapes, memory, initial weights; net_train.c:
 * forward, backward, losses, optimizers; net_kernel.c: the products).
 * Nothing outside src/engine/net*.c includes it: nn_net stays opaque.
 * Ownership: as net.h.
 */
#ifndef NEURON_ENGINE_NET_IMPL_H
#define NEURON_ENGINE_NET_IMPL_H

#include <stddef.h> /* size_t */
#include <string.h> /* memcpy, for NN_LOAD8 */

#include "act.h"    /* nn_act */
#include "net.h"    /* NN_NET_MAX_LAYERS */

/* Hot loops compiled twice on x86-64 with glibc (ifunc): for AVX2 and for
 * the baseline, the loader picking one. Both do the same operations in
 * the same order (no fused multiply-add), so they give the same bits.
 * Not under ThreadSanitizer: it instruments the loader's resolver, which
 * runs before it is set up, and crashes. */
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define NN_NET_TSAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define NN_NET_TSAN 1
#endif
#if defined(__x86_64__) && defined(__GLIBC__) && !defined(NN_NET_TSAN) && \
    ((defined(__clang__) && __clang_major__ >= 14) ||                   \
     (!defined(__clang__) && defined(__GNUC__) && __GNUC__ >= 6))
#define NN_NET_HOT __attribute__((target_clones("avx2", "default")))
#define NN_NET_X86 1 /* and a function may be compiled for AVX-512 */
#else
#define NN_NET_HOT
#endif

/* 8 float lanes: GNU C vector types, which gcc and clang turn into SSE,
 * AVX or NEON instructions. Loads and stores through memcpy need no
 * alignment. */
typedef float nn_v8 __attribute__((vector_size(32)));
typedef int nn_v8i __attribute__((vector_size(32))); /* masks, exponents */
#define NN_LOAD8(v, p) memcpy(&(v), (p), sizeof(v))
#define NN_STORE8(p, v) memcpy((p), &(v), sizeof(v))

/* How a layer computes f and f': by its float formula (net_train.c), or
 * the activation row's double functions. */
enum act_kind { KIND_ROW, KIND_SIGMOID, KIND_TANH, KIND_RELU, KIND_LINEAR,
                KIND_SOFTMAX };

typedef struct layer {
    size_t in, out;          /* W is (out, in), kept as W^T: w (in, out) */
    const nn_act *act;       /* NULL: softmax */
    double param;            /* the activation's parameter */
    enum act_kind kind;
    float *w, *b;            /* W^T (in, out), b (out): in net->param */
    float *gw, *gb;          /* their gradients, the same shapes: in
                                net->grad */
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
    float *wview, *gview;    /* (params) each: the weights and their
                                gradients as (out, in), for nn_net_weights
                                and nn_net_grad_weights */
    int *fresh;              /* [2]: wview, gview hold the numbers now */
    float *m1, *m2;          /* momentum: velocity in m1; adam: m, v */
    float *back;             /* (chunk, hidden_max): dL/da of a hidden layer */
    float *turn;             /* (out_max, chunk): a layer's delta turned */
    float *turned;           /* (hidden_max, chunk): dL/da turned */
    double *row;             /* (out_max): one output row in double */
    double *lse;             /* (chunk): a softmax row's ln sum_j e^z_j,
                                from the forward pass, for the loss */
    float *grow;             /* (out_max): dL/da of one output row */
    layer layers[NN_NET_MAX_LAYERS];
};

/* x (rows, cols) turned into t (cols, rows): W into W^T and back, a
 * batch's deltas into columns. */
void nn_net_turn(const float *x, size_t rows, size_t cols, float *t);

/* The weights changed: both views are out of date (the gradients too are
 * then those of other weights). */
static inline void nn_net_changed(nn_net *net)
{
    net->fresh[0] = net->fresh[1] = 0;
}

/* Only the gradients changed: their view is out of date. */
static inline void nn_net_grads_changed(nn_net *net)
{
    net->fresh[1] = 0;
}

#endif
