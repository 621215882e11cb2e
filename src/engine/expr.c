/*
 * expr.c - compiled expressions: a postfix program and its evaluator.
 *
 * A program is a growable array of instructions for a stack machine:
 * `2*relu(x) - 1` is `2 x relu * 1 -`. While instructions are appended the
 * program tracks how deep the stack gets, so a program that would need
 * more than NN_EXPR_STACK_MAX values, or an operator without its operands,
 * is refused when it is built, never when it runs. The evaluator can then
 * run on a fixed local array with no checks and no allocation, in one pass
 * over the instructions (linear time, so a 100,000-row table costs 100,000
 * passes and nothing else).
 *
 * The built-in maths functions are one table, a row per function; adding a
 * function is adding a row. Activations (tanh, sign, relu, ...) live in
 * act.c, not here, so a name means one thing.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "expr.h"
#include "mem.h"  /* nn_malloc: allocations a test can fail */

/* ---- built-in maths functions ---- */

typedef struct fn_row {
    const char *name;          /* lower case, as typed */
    double (*apply)(double);   /* libm's function */
} fn_row;

/* One-argument functions on the learner's calculator. log is natural
 * (ln is the same function under its school name). */
static const fn_row functions[] = {
    { "sin", sin },     { "cos", cos },     { "tan", tan },
    { "asin", asin },   { "acos", acos },   { "atan", atan },
    { "sinh", sinh },   { "cosh", cosh },
    { "exp", exp },     { "log", log },     { "ln", log },
    { "log10", log10 }, { "log2", log2 },   { "sqrt", sqrt },
    { "abs", fabs },    { "floor", floor }, { "ceil", ceil },
    { "round", round },  /* halves away from zero: round(-2.5) = -3 */
};

#define FN_COUNT (sizeof functions / sizeof functions[0])

size_t nn_fn_count(void)
{
    return FN_COUNT;
}

const char *nn_fn_name(size_t i)
{
    return i < FN_COUNT ? functions[i].name : NULL;
}

/* ASCII lower case, whatever the locale. */
static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int nn_fn_find(const char *name, size_t len)
{
    for (size_t i = 0; i < FN_COUNT; i++) {
        const char *row = functions[i].name;
        size_t j = 0;
        while (j < len && row[j] != '\0'
               && lower((unsigned char)name[j]) == row[j])
            j++;
        if (j == len && row[j] == '\0')
            return (int)i;
    }
    return -1;
}

double nn_fn_apply(int i, double v)
{
    if (i < 0 || (size_t)i >= FN_COUNT)
        return (double)NAN;
    return functions[i].apply(v);
}

/* ---- building a program ---- */

struct nn_expr {
    nn_instr *code;    /* instructions: (length) */
    size_t length;     /* instructions in use */
    size_t capacity;   /* instructions allocated */
    size_t depth;      /* stack depth after the last instruction */
    int uses_x;        /* 1 when some instruction is NN_OP_X */
};

nn_expr *nn_expr_new(void)
{
    return nn_calloc(1, sizeof(nn_expr));
}

void nn_expr_free(nn_expr *e)
{
    if (e == NULL)
        return;
    free(e->code);
    free(e);
}

/* How many values op takes off the stack (operands), or -1 when op is not
 * an instruction. Every instruction pushes one value back. */
static int operands(nn_op op)
{
    switch (op) {
    case NN_OP_CONST:
    case NN_OP_X:
    case NN_OP_VAR:
        return 0;
    case NN_OP_NEG:
    case NN_OP_FN:
    case NN_OP_ACT:
    case NN_OP_DACT:
    case NN_OP_CALL:
        return 1;
    case NN_OP_ADD:
    case NN_OP_SUB:
    case NN_OP_MUL:
    case NN_OP_DIV:
    case NN_OP_POW:
        return 2;
    }
    return -1;
}

/* Doubles the array, or returns NN_ENOMEM leaving it as it was. */
static nn_status grow(nn_expr *e)
{
    size_t capacity = e->capacity ? 2 * e->capacity : 16;
    if (capacity > SIZE_MAX / sizeof(nn_instr))
        return NN_ENOMEM;
    nn_instr *code = nn_realloc(e->code, capacity * sizeof(nn_instr));
    if (code == NULL)
        return NN_ENOMEM;
    e->code = code;
    e->capacity = capacity;
    return NN_OK;
}

/* Also refuses, with NN_EFORMAT, an instruction that could not run: an
 * unknown op, a function index past the table, an activation without its
 * row, a negative session or definition id. */
nn_status nn_expr_emit(nn_expr *e, nn_instr in)
{
    int take = operands(in.op);
    if (take < 0)
        return NN_EFORMAT;
    if (in.op == NN_OP_FN && (in.id < 0 || (size_t)in.id >= FN_COUNT))
        return NN_EFORMAT;
    if ((in.op == NN_OP_ACT || in.op == NN_OP_DACT) && in.act == NULL)
        return NN_EFORMAT;
    if ((in.op == NN_OP_VAR || in.op == NN_OP_CALL) && in.id < 0)
        return NN_EFORMAT;
    if (e->depth < (size_t)take)
        return NN_EFORMAT;
    size_t depth = e->depth - (size_t)take + 1;
    if (depth > NN_EXPR_STACK_MAX)
        return NN_EDEPTH;
    if (e->length == e->capacity) {
        nn_status st = grow(e);
        if (st != NN_OK)
            return st;
    }
    e->code[e->length++] = in;
    e->depth = depth;
    if (in.op == NN_OP_X)
        e->uses_x = 1;
    return NN_OK;
}

int nn_expr_complete(const nn_expr *e)
{
    return e != NULL && e->depth == 1;
}

size_t nn_expr_length(const nn_expr *e)
{
    return e != NULL ? e->length : 0;
}

const nn_instr *nn_expr_at(const nn_expr *e, size_t i)
{
    return e != NULL && i < e->length ? &e->code[i] : NULL;
}

int nn_expr_uses_x(const nn_expr *e)
{
    return e != NULL && e->uses_x;
}

/* ---- running it ---- */

/* Stack discipline: a binary op pops b (the top) then a, and pushes
 * a OP b, so `2 3 -` is 2 - 3. nn_expr_emit has already proved that no
 * instruction underflows and the stack never passes NN_EXPR_STACK_MAX.
 * env may be NULL for a program with no x, session names or calls; such an
 * instruction then stops the run with NN_EUNDEF, as does a missing
 * callback. */
nn_status nn_expr_eval(const nn_expr *e, const nn_expr_env *env,
                       double *out)
{
    double stack[NN_EXPR_STACK_MAX];
    size_t top = 0;  /* values on the stack; the top is stack[top - 1] */

    if (!nn_expr_complete(e))
        return NN_EFORMAT;
    /* The work of a run is counted as it starts: a program runs in time
     * linear in its length except for its calls, each of which is a run
     * that counts itself, so the hook is asked at least every
     * NN_EXPR_STOP_EVERY instructions plus one program's length. */
    if (env != NULL
        && nn_stop_poll(env->stop, e->length, NN_EXPR_STOP_EVERY))
        return NN_EINTR;
    for (size_t i = 0; i < e->length; i++) {
        const nn_instr *in = &e->code[i];
        double v = 0.0;
        nn_status st;
        switch (in->op) {
        case NN_OP_CONST:
            stack[top++] = in->value;
            break;
        case NN_OP_X:
            if (env == NULL)
                return NN_EUNDEF;
            stack[top++] = env->x;
            break;
        case NN_OP_VAR:
            if (env == NULL || env->var == NULL)
                return NN_EUNDEF;
            st = env->var(env->ctx, in->id, &v);
            if (st != NN_OK)
                return st;
            stack[top++] = v;
            break;
        case NN_OP_NEG:
            stack[top - 1] = -stack[top - 1];
            break;
        case NN_OP_ADD:
            top--;
            stack[top - 1] = stack[top - 1] + stack[top];
            break;
        case NN_OP_SUB:
            top--;
            stack[top - 1] = stack[top - 1] - stack[top];
            break;
        case NN_OP_MUL:
            top--;
            stack[top - 1] = stack[top - 1] * stack[top];
            break;
        case NN_OP_DIV:
            top--;
            stack[top - 1] = stack[top - 1] / stack[top];
            break;
        case NN_OP_POW:
            top--;
            stack[top - 1] = pow(stack[top - 1], stack[top]);
            break;
        case NN_OP_FN:
            stack[top - 1] = functions[in->id].apply(stack[top - 1]);
            break;
        case NN_OP_ACT:
            stack[top - 1] = in->act->f(stack[top - 1], in->value);
            break;
        case NN_OP_DACT:
            stack[top - 1] = in->act->df(stack[top - 1], in->value);
            break;
        case NN_OP_CALL:
            if (env == NULL || env->call == NULL)
                return NN_EUNDEF;
            st = env->call(env->ctx, in->id, stack[top - 1], &v);
            if (st != NN_OK)
                return st;
            stack[top - 1] = v;
            break;
        }
    }
    *out = stack[0];
    return NN_OK;
}
