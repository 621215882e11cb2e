/*
 * relusum.h - sums of ReLU units, the universal-approximation slide:
 *   Z(x) = c0 + c1*x + sum_k c[k] * relu(w[k]*x + b[k])
 *
 * A ReLU sum is piecewise linear: unit k switches on at x = -b[k]/w[k],
 * and between two such breakpoints Z is a straight line. This module
 * reads a ReLU sum out of a compiled expression (so `Z = -n1 - n2 + n4`
 * typed as on the slide can be taken apart), lists its pieces, and fits
 * one to any function of x.
 * Ownership: nn_relusum is plain data; nn_relusum_free frees its units.
 */
#ifndef NEURON_ENGINE_RELUSUM_H
#define NEURON_ENGINE_RELUSUM_H

#include <stddef.h> /* size_t */

#include "expr.h"   /* nn_expr: what is analysed */
#include "status.h" /* nn_status */

/* Most units a sum may have (analysis and fitting). */
#define NN_RELUSUM_MAX_UNITS 10000

typedef struct nn_relu_unit {
    double w, b;   /* the unit is relu(w*x + b) */
    double c;      /* its weight in the sum */
    int origin;    /* id of the definition whose relu made it, or -1 */
} nn_relu_unit;

typedef struct nn_relusum {
    double c0, c1;        /* the linear part: c0 + c1*x */
    size_t n;             /* units */
    nn_relu_unit *unit;   /* (n), malloc'ed */
} nn_relusum;

/* One straight piece of a ReLU sum: on [from, to] Z = slope*x + icpt. */
typedef struct nn_relu_piece {
    double from, to;      /* -inf and inf at the ends */
    double slope, icpt;
} nn_relu_piece;

/* Resolves definition `id` to its program (NULL when there is none), and
 * session value `id` to a number; both may be NULL in the env. */
typedef const nn_expr *(*nn_def_lookup)(void *ctx, int id);

/* Reads e as a ReLU sum of x. Calls to definitions are followed through
 * defs(ctx, id) with their argument substituted; session values come from
 * env->var. Units with equal w and b are merged. Returns NN_OK with *out
 * filled (free with nn_relusum_free), NN_EFORMAT when e is not a sum of
 * ReLU units of linear functions of x (products of two non-constants,
 * other activations of x, ...), NN_EDEPTH past the call limit,
 * NN_EINTR when env->stop said to stop (asked as nn_expr_eval asks it),
 * or NN_ENOMEM. */
nn_status nn_relusum_from_expr(const nn_expr *e, nn_def_lookup defs,
                               const nn_expr_env *env, nn_relusum *out);

/* Frees the units and empties the sum; NULL is fine. */
void nn_relusum_free(nn_relusum *z);

/* Z(x). */
double nn_relusum_eval(const nn_relusum *z, double x);

/* The breakpoints -b/w of units with w != 0, sorted and without repeats,
 * into a malloc'ed array (caller frees; NULL when there are none). */
nn_status nn_relusum_breaks(const nn_relusum *z, double **breaks,
                            size_t *n);

/* The straight pieces between breakpoints, left to right, into a malloc'ed
 * array of nbreaks + 1 pieces (caller frees). Slopes and intercepts are
 * summed from the units active inside each piece. */
nn_status nn_relusum_pieces(const nn_relusum *z, nn_relu_piece **pieces,
                            size_t *n);

/* Target function for fitting: *y = f(x), or an error to stop. */
typedef nn_status (*nn_target_fn)(void *ctx, double x, double *y);

/* Fits Z with n units to f on [a, b] (a < b, 1 <= n <=
 * NN_RELUSUM_MAX_UNITS): knots t[k] = a + k*h, h = (b - a)/n; unit k is
 * relu(x - t[k]) with weight s[k] - s[k-1], where s[k] is the slope of the
 * chord from t[k] to t[k+1] (s[-1] = 0), and c0 = f(a). Z then passes
 * through f at every knot and is linear between them. Returns NN_ERANGE
 * when f is not finite at a knot (*bad_x says where), f's own error, or
 * NN_ENOMEM. */
nn_status nn_relusum_fit(nn_target_fn f, void *ctx, double a, double b,
                         size_t n, nn_relusum *out, double *bad_x);

#endif
