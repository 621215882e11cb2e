/*
 * expr.h - compiled expressions: a postfix program and its evaluator.
 *
 * The interpreter's parser turns `2*relu(x) - 1` into a program of
 * instructions run on a small stack (x 2 * relu 1 -), so a table of 100,000
 * rows or a plot evaluates without re-parsing. Names the session owns (the
 * neuron's x1, w1, b, z, a; user definitions) are looked up at evaluation
 * time through callbacks in nn_expr_env, so a program sees current values.
 * Ownership: nn_expr_new returns a program the caller frees with
 * nn_expr_free; instructions hold no pointers that need freeing.
 */
#ifndef NEURON_ENGINE_EXPR_H
#define NEURON_ENGINE_EXPR_H

#include <stddef.h> /* size_t */

#include "act.h"    /* nn_act: activation calls */
#include "status.h" /* nn_status */
#include "stop.h"   /* nn_stop: a long evaluation can be interrupted */

/* Deepest stack a program may need; the parser refuses deeper ones. */
#define NN_EXPR_STACK_MAX 256

/* Instructions run between two looks at env->stop. */
#define NN_EXPR_STOP_EVERY 4096

typedef enum nn_op {
    NN_OP_CONST,  /* push value */
    NN_OP_X,      /* push the free variable x */
    NN_OP_VAR,    /* push env->var(ctx, id) (a session name) */
    NN_OP_NEG,    /* a -> -a */
    NN_OP_ADD,    /* a b -> a + b */
    NN_OP_SUB,    /* a b -> a - b */
    NN_OP_MUL,    /* a b -> a * b */
    NN_OP_DIV,    /* a b -> a / b */
    NN_OP_POW,    /* a b -> a ^ b */
    NN_OP_FN,     /* a -> fn(a), fn = nn_fn_at(id) */
    NN_OP_ACT,    /* z -> act->f(z, value) */
    NN_OP_DACT,   /* z -> act->df(z, value) */
    NN_OP_CALL    /* arg -> env->call(ctx, id, arg) (a user definition) */
} nn_op;

typedef struct nn_instr {
    nn_op op;
    int id;             /* NN_OP_VAR, NN_OP_FN, NN_OP_CALL */
    double value;       /* NN_OP_CONST; the parameter of NN_OP_(D)ACT */
    const nn_act *act;  /* NN_OP_ACT, NN_OP_DACT */
} nn_instr;

typedef struct nn_expr nn_expr;

/* What a program may ask of its caller while it runs. */
typedef struct nn_expr_env {
    double x;  /* value of the free variable x */
    /* Value of session name `id`; returns NN_OK or an error to stop. */
    nn_status (*var)(void *ctx, int id, double *out);
    /* Value of user definition `id` at arg; returns NN_OK or an error. */
    nn_status (*call)(void *ctx, int id, double arg, double *out);
    void *ctx;  /* passed to var and call */
    /* Asked every NN_EXPR_STOP_EVERY instructions, counted across the
     * calls a run makes (call passes it on); NULL: never stopped. */
    nn_stop *stop;
} nn_expr_env;

/* ---- built-in maths functions (sin, exp, log, sqrt, abs, ...) ---- */

/* Number of built-in one-argument maths functions. */
size_t nn_fn_count(void);

/* Name of function i, or NULL past the end. */
const char *nn_fn_name(size_t i);

/* Index of the function named `name` (len bytes, case-insensitive), or -1. */
int nn_fn_find(const char *name, size_t len);

/* Applies function i to v. */
double nn_fn_apply(int i, double v);

/* ---- building a program ---- */

/* An empty program. Returns NULL on out of memory. Free with nn_expr_free. */
nn_expr *nn_expr_new(void);

/* Frees the program; NULL is fine. */
void nn_expr_free(nn_expr *e);

/* Appends one instruction. Returns NN_ENOMEM (program unchanged) when it
 * cannot grow, NN_EDEPTH when the stack would pass NN_EXPR_STACK_MAX, and
 * NN_EFORMAT when the instruction needs operands the program has not got. */
nn_status nn_expr_emit(nn_expr *e, nn_instr in);

/* 1 when the program leaves exactly one value (a whole expression). */
int nn_expr_complete(const nn_expr *e);

/* Number of instructions, and instruction i (for tests and listings). */
size_t nn_expr_length(const nn_expr *e);
const nn_instr *nn_expr_at(const nn_expr *e, size_t i);

/* 1 when the program uses x anywhere (directly, not through calls). */
int nn_expr_uses_x(const nn_expr *e);

/* ---- running it ---- */

/* Runs a complete program. IEEE arithmetic: 1/0 gives inf, 0/0 nan.
 * Returns NN_OK with *out set, the first error a callback returned
 * (NN_EFORMAT for an incomplete program), or NN_EINTR when env->stop said
 * to stop. */
nn_status nn_expr_eval(const nn_expr *e, const nn_expr_env *env,
                       double *out);

#endif
