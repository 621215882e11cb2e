/*
 * parse.h - the expression parser: text to a compiled nn_expr program.
 *
 * Grammar, loosest binding first (one documented meaning, no guesses):
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/') unary | implicit)*
 *   implicit: a number literal followed with no space by a name or '(':
 *             -5x = -(5*x), 1.2x, 2x^2 = 2*(x^2), 2(3) = 6, 1e3x = 1000x;
 *             `2 x` and `2 3` are errors ("expected an operator")
 *   unary   := ('-' | '+') unary | power
 *   power   := primary ('^' unary)?      right-assoc: 2^3^2 = 2^9;
 *                                        -x^2 = -(x^2); 2^-1 = 0.5
 *   primary := number | '(' expr ')' | name | name '(' args ')'
 *            | name '\'' '(' expr ')'     derivative of an activation
 * Names: x (when allowed), pi, maths functions and activations (any case:
 * Relu = relu), then session names and user definitions (exact case). A
 * user definition named without '(' is called at x (`-n1` = `-n1(x)`);
 * where x has no value, a constant (k = 2*pi) is called at 0.
 * An activation with a parameter takes it as a second argument, a number:
 * leaky_relu(z, 0.1). Nesting deeper than PARSE_MAX_DEPTH is an error.
 * Ownership: the program handed back belongs to the caller (nn_expr_free).
 */
#ifndef NEURON_INTERP_PARSE_H
#define NEURON_INTERP_PARSE_H

#include "../engine/expr.h" /* nn_expr: what the parser builds */
#include "lex.h"            /* lexer, lex_error */

/* Deepest nesting of parentheses, signs and powers the parser accepts. */
#define PARSE_MAX_DEPTH 100

/* How the parser resolves names the session owns. */
typedef struct parse_names {
    /* Session value (x1, w2, b, z, a, loss...): id >= 0 for NN_OP_VAR,
     * or -1 when `name` is none. Case-sensitive. May be NULL. */
    int (*var)(void *ctx, const char *name, size_t len);
    /* User definition: id >= 0 for NN_OP_CALL, or -1. May be NULL. */
    int (*def)(void *ctx, const char *name, size_t len);
    /* 1 when definition id uses x (directly or through others). A bare
     * name of one that does not (`k = 2*pi`) needs no x: it is called at
     * 0. May be NULL (every definition needs x). */
    int (*def_needs_x)(void *ctx, int id);
    /* Calls fn(arg, name) for every session name and definition (only
     * the definitions when `callable`, for `Z(0.5)`), so an unknown name
     * can get a "did you mean" suggestion. May be NULL. */
    void (*each)(void *ctx, void (*fn)(void *arg, const char *name),
                 void *arg, int callable);
    void *ctx;
    int allow_x;  /* 1 when x may appear (plots, tables, definitions) */
} parse_names;

/* Parses one expression from lx, stopping before the first token that
 * cannot continue it (end of line, '=', '>=', ',' at the top level, a name
 * after a space such as `within`). On success returns 0 and *out holds a
 * complete program the caller frees. On error returns -1, *out is NULL,
 * and *err says what was expected where: "unknown function 'sigmod'; did
 * you mean 'sigmoid'?", "expected ')' to close '(' at column 3",
 * "x has no value here; it is the variable of plots and definitions". */
int parse_expr(lexer *lx, const parse_names *names, nn_expr **out,
               lex_error *err);

/* Checks that nothing follows an expression the caller wanted alone on its
 * line (leaves the token unread). Returns 0 at end of line; otherwise -1
 * with *err at the token: "unmatched ')'", "expected an operator before
 * '3'" (for `2 x`, a number then a name, adding "; write 2*x or 2x"),
 * or "unexpected '='". */
int parse_expect_end(lexer *lx, lex_error *err);

#endif
