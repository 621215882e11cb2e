/*
 * curves.h - the "what to draw, and where" part shared by plot, table,
 * compare and fit:
 *   EXPR[, EXPR ...] [from A to B] [step S]
 * An item is any expression in x (2*relu(x) - relu(x - 1)), a definition
 * by name (Z), or an activation by name, with ' for its derivative
 * (sigmoid, relu').
 * Ownership: curves_read fills a set the caller frees with curves_free.
 */
#ifndef NEURON_INTERP_CURVES_H
#define NEURON_INTERP_CURVES_H

#include <stddef.h> /* size_t */

#include "../engine/relusum.h" /* nn_relusum */
#include "lex.h"                 /* lexer */
#include "sess.h" /* sess, nn_expr */

/* Points compare, fit and tune measure an error on, evenly spread over
 * [from, to] (curves_x): the same grid, so their figures agree. */
#define CURVES_ERROR_GRID 10001

/* Most curves in one command. */
#define CURVES_MAX 16

typedef struct curve {
    nn_expr *prog;     /* evaluates the item at x */
    char label[48];    /* the item as typed, cut short when long */
    int def_id;        /* the definition when the item is its bare name,
                          else -1 */
} curve;

typedef struct curve_set {
    curve item[CURVES_MAX];
    size_t n;
    int has_range, has_step;
    double from, to, step;   /* valid when has_range / has_step */
} curve_set;

/* Reads items up to `from`, `step`, `stop_word` (may be NULL) or the end
 * of the line, then the optional range and step. Checks from < to, both
 * finite, step > 0. Returns 0, or CMD_ERR with the error recorded (the
 * set is then empty). */
int curves_read(sess *s, lexer *lx, curve_set *cs, const char *stop_word);

/* Reads `from A to B` (required) and, when want_step, `step S`; for
 * commands with their own order. Returns 0 or CMD_ERR. */
int curves_read_range(sess *s, lexer *lx, curve_set *cs, int want_step);

/* Reads curve c as a ReLU sum of x (following definitions by name) into
 * *z, freed by the caller with nn_relusum_free. 0, or CMD_ERR saying why
 * it is not one. */
int curves_relusum(sess *s, const curve *c, nn_relusum *z);

/* Draws curves items[0..n) on [from, to] in the terminal (or as SVG when
 * path is not empty). 0 or CMD_ERR. (cmd_plot.c) */
int curves_plot(sess *s, const curve *items, size_t n, double from,
                double to, const char *path);

/* The i-th of n evenly spaced points from `from` to `to` (n >= 2), as
 * from*(1 - t) + to*t with t = i/(n - 1): exact at both ends, and no
 * overflow when to - from is beyond the largest double. */
double curves_x(double from, double to, size_t i, size_t n);

/* Frees the programs and empties the set. */
void curves_free(curve_set *cs);

/* Evaluates curve c at x. Returns 0 with *y, or CMD_ERR with the error
 * recorded. */
int curves_eval(sess *s, const curve *c, double x, double *y);

#endif
