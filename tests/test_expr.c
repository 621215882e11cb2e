/*
 * test_expr.c - compiled expressions and the parser that builds them:
 * the engine's program (emit, depth checks, evaluation), the maths
 * functions, precedence and implicit multiplication worked out by hand,
 * activations and their derivatives, session names and definitions through
 * a fake parse_names, every parser error message with its column, deep
 * nesting, and a 1,000,000-term sum. Also the "did you mean" distance.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "engine/expr.h"
#include "interp/parse.h"
#include "interp/suggest.h"

/* pi, since M_PI is not ISO C. */
#define PI 3.14159265358979323846

/* Absolute tolerance for a value a few roundings from an exact decimal
 * answer of size <= ~100 (e.g. -2.5 - 7.7): each operation is within
 * half an ulp (~1e-14 at 100), so 1e-12 is loose yet catches any wrong
 * precedence, which changes the value by far more. */
#define TOL 1e-12

/* A tolerance of 0 below means the arithmetic is exact: small integers,
 * powers of two and halves, or one correctly rounded libm value compared
 * with itself. */

/* ---- a fake session: names and definitions ---- */

/* Session values: w1 = 0.5, b = -0.3, z = 1.0. */
static const char *const var_names[] = { "w1", "b", "z" };
static const double var_values[] = { 0.5, -0.3, 1.0 };

/* Definitions: n1(x) = relu(-5x - 7.7), f(x) = 2x, Z(x) = x^2. */
static const char *const def_names[] = { "n1", "f", "Z" };

static int find(const char *const *names, size_t count, const char *name,
                size_t len)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0)
            return (int)i;
    return -1;
}

static int fake_var(void *ctx, const char *name, size_t len)
{
    (void)ctx;
    return find(var_names, 3, name, len);
}

static int fake_def(void *ctx, const char *name, size_t len)
{
    (void)ctx;
    return find(def_names, 3, name, len);
}

static void fake_each(void *ctx, void (*fn)(void *arg, const char *name),
                      void *arg, int callable)
{
    (void)ctx;
    for (size_t i = 0; i < 3; i++) {
        if (!callable)
            fn(arg, var_names[i]);
        fn(arg, def_names[i]);
    }
}

static nn_status fake_value(void *ctx, int id, double *out)
{
    (void)ctx;
    if (id < 0 || id > 2)
        return NN_EUNDEF;
    *out = var_values[id];
    return NN_OK;
}

static nn_status fake_call(void *ctx, int id, double arg, double *out)
{
    (void)ctx;
    switch (id) {
    case 0: {
        double z = -5 * arg - 7.7;
        *out = z > 0 ? z : 0;
        return NN_OK;
    }
    case 1:
        *out = 2 * arg;
        return NN_OK;
    case 2:
        *out = arg * arg;
        return NN_OK;
    }
    return NN_EUNDEF;
}

/* Names with x allowed (a plot or definition), and without. */
static const parse_names with_x = {
    .var = fake_var, .def = fake_def, .each = fake_each, .allow_x = 1
};
static const parse_names no_x = {
    .var = fake_var, .def = fake_def, .each = fake_each, .allow_x = 0
};

/* ---- helpers ---- */

/* Parses src as a whole line; fails the test on any error. */
static nn_expr *compile(const char *src, const parse_names *names)
{
    lexer lx;
    lex_error err;
    nn_expr *e = NULL;

    lex_init(&lx, src, strlen(src), 0);
    if (parse_expr(&lx, names, &e, &err) != 0
        || parse_expect_end(&lx, &err) != 0)
        fail_msg("'%.60s': %s (column %zu)", src, err.msg, err.col);
    assert_non_null(e);
    return e;
}

/* The value of src at x. */
static double eval_at(const char *src, double x)
{
    nn_expr *e = compile(src, &with_x);
    nn_expr_env env = { x, fake_value, fake_call, NULL, NULL };
    double v = NAN;

    assert_int_equal(nn_expr_eval(e, &env, &v), NN_OK);
    nn_expr_free(e);
    return v;
}

/* The value of src, which has no x. */
static double eval(const char *src)
{
    return eval_at(src, NAN);
}

/* Parsing src as a whole line (parse_expr, then parse_expect_end) fails
 * with exactly msg at column col. */
static void parse_fails_with(const char *src, const parse_names *names,
                             const char *msg, size_t col)
{
    lexer lx;
    lex_error err;
    nn_expr *e = (nn_expr *)&err;   // must come back NULL on error

    lex_init(&lx, src, strlen(src), 0);
    if (parse_expr(&lx, names, &e, &err) == 0) {
        nn_expr_free(e);
        if (parse_expect_end(&lx, &err) == 0)
            fail_msg("'%.60s' parsed without error", src);
    } else {
        assert_null(e);
    }
    assert_string_equal(err.msg, msg);
    assert_int_equal(err.col, col);
    assert_true(err.len >= 1);
}

static void parse_fails(const char *src, const char *msg, size_t col)
{
    parse_fails_with(src, &with_x, msg, col);
}

/* ---- the engine: functions ---- */

static void test_expr_fn_table(void **state)
{
    (void)state;
    assert_true(nn_fn_count() >= 18);
    assert_null(nn_fn_name(nn_fn_count()));
    assert_int_equal(nn_fn_find("sin", 3), 0);
    assert_string_equal(nn_fn_name((size_t)nn_fn_find("SQRT", 4)), "sqrt");
    assert_string_equal(nn_fn_name((size_t)nn_fn_find("Log10", 5)),
                        "log10");
    assert_int_equal(nn_fn_find("si", 2), -1);       // no prefixes
    assert_int_equal(nn_fn_find("sinx", 4), -1);
    assert_int_equal(nn_fn_find("sinh", 3), 0);      // only len bytes count
    /* tanh and sign are activations, found in act.c, not here. */
    assert_int_equal(nn_fn_find("tanh", 4), -1);
    assert_int_equal(nn_fn_find("sign", 4), -1);
    for (size_t i = 0; i < nn_fn_count(); i++) {
        const char *name = nn_fn_name(i);
        assert_int_equal(nn_fn_find(name, strlen(name)), (int)i);
    }
    /* log is natural, like ln: log(e^2) = 2 exactly enough. */
    assert_close(nn_fn_apply(nn_fn_find("log", 3), exp(2.0)), 2.0, TOL);
    assert_close(nn_fn_apply(nn_fn_find("ln", 2), exp(2.0)), 2.0, TOL);
    assert_true(isinf(nn_fn_apply(nn_fn_find("log", 3), 0.0)));
    assert_true(isnan(nn_fn_apply(-1, 1.0)));
    assert_true(isnan(nn_fn_apply((int)nn_fn_count(), 1.0)));
}

/* ---- the engine: building and running programs ---- */

static nn_instr op(nn_op code)
{
    nn_instr in = { code, 0, 0.0, NULL };
    return in;
}

static nn_instr constant(double v)
{
    nn_instr in = { NN_OP_CONST, 0, v, NULL };
    return in;
}

static void test_expr_program_by_hand(void **state)
{
    nn_expr *e = nn_expr_new();
    nn_expr_env env = { 3.0, NULL, NULL, NULL, NULL };
    double v = 0;
    (void)state;

    /* 2 x * 1 -  is  2*x - 1;  at x = 3: 5. */
    assert_non_null(e);
    assert_false(nn_expr_complete(e));
    assert_int_equal(nn_expr_eval(e, &env, &v), NN_EFORMAT);
    assert_int_equal(nn_expr_emit(e, constant(2)), NN_OK);
    assert_false(nn_expr_uses_x(e));
    assert_int_equal(nn_expr_emit(e, op(NN_OP_X)), NN_OK);
    assert_true(nn_expr_uses_x(e));
    assert_false(nn_expr_complete(e));   // two values
    assert_int_equal(nn_expr_eval(e, &env, &v), NN_EFORMAT);
    assert_int_equal(nn_expr_emit(e, op(NN_OP_MUL)), NN_OK);
    assert_int_equal(nn_expr_emit(e, constant(1)), NN_OK);
    assert_int_equal(nn_expr_emit(e, op(NN_OP_SUB)), NN_OK);
    assert_true(nn_expr_complete(e));
    assert_int_equal(nn_expr_length(e), 5);
    assert_int_equal(nn_expr_at(e, 4)->op, NN_OP_SUB);
    assert_null(nn_expr_at(e, 5));
    assert_int_equal(nn_expr_eval(e, &env, &v), NN_OK);
    assert_true(v == 5.0);
    /* x without an environment cannot be evaluated. */
    assert_int_equal(nn_expr_eval(e, NULL, &v), NN_EUNDEF);
    nn_expr_free(e);
    nn_expr_free(NULL);
}

static void test_expr_emit_refuses_bad_programs(void **state)
{
    nn_expr *e = nn_expr_new();
    nn_instr fn = { NN_OP_FN, (int)nn_fn_count(), 0.0, NULL };
    nn_instr var = { NN_OP_VAR, -1, 0.0, NULL };
    (void)state;

    assert_int_equal(nn_expr_emit(e, op(NN_OP_ADD)), NN_EFORMAT);
    assert_int_equal(nn_expr_emit(e, op(NN_OP_NEG)), NN_EFORMAT);
    assert_int_equal(nn_expr_emit(e, constant(1)), NN_OK);
    assert_int_equal(nn_expr_emit(e, op(NN_OP_ADD)), NN_EFORMAT);
    assert_int_equal(nn_expr_emit(e, fn), NN_EFORMAT);
    assert_int_equal(nn_expr_emit(e, op(NN_OP_ACT)), NN_EFORMAT);  // no row
    assert_int_equal(nn_expr_emit(e, var), NN_EFORMAT);
    assert_int_equal(nn_expr_emit(e, op((nn_op)13)), NN_EFORMAT);
    assert_int_equal(nn_expr_length(e), 1);   // refusals change nothing
    /* The stack holds NN_EXPR_STACK_MAX values and not one more. */
    for (int i = 1; i < NN_EXPR_STACK_MAX; i++)
        assert_int_equal(nn_expr_emit(e, constant(1)), NN_OK);
    assert_int_equal(nn_expr_emit(e, constant(1)), NN_EDEPTH);
    assert_int_equal(nn_expr_emit(e, op(NN_OP_X)), NN_EDEPTH);
    assert_int_equal(nn_expr_length(e), NN_EXPR_STACK_MAX);
    for (int i = 1; i < NN_EXPR_STACK_MAX; i++)
        assert_int_equal(nn_expr_emit(e, op(NN_OP_ADD)), NN_OK);
    double v = 0;
    assert_int_equal(nn_expr_eval(e, NULL, &v), NN_OK);
    assert_true(v == NN_EXPR_STACK_MAX);
    nn_expr_free(e);
}

static nn_status failing_var(void *ctx, int id, double *out)
{
    (void)ctx;
    (void)id;
    (void)out;
    return NN_EUNDEF;
}

/* checklist: B9 */
static void test_expr_eval_callbacks_and_ieee(void **state)
{
    nn_expr *e;
    nn_expr_env env = { 0.0, failing_var, NULL, NULL, NULL };
    double v = 0;
    (void)state;

    /* A callback's error stops the run and comes back. */
    e = compile("1 + w1", &with_x);
    assert_int_equal(nn_expr_eval(e, &env, &v), NN_EUNDEF);
    nn_expr_free(e);
    /* No call callback: NN_EUNDEF. */
    e = compile("f(1)", &with_x);
    assert_int_equal(nn_expr_eval(e, &env, &v), NN_EUNDEF);
    nn_expr_free(e);
    /* IEEE arithmetic, no traps (B9). */
    assert_true(isinf(eval("1/0")) && eval("1/0") > 0);
    assert_true(isnan(eval("0/0")));
    assert_true(eval("0^0") == 1.0);
    assert_true(isinf(eval("2^100000")));
    assert_true(isinf(eval("exp(1000)")));
    assert_true(isnan(eval("sqrt(-1)")));
    assert_true(isnan(eval("log(-1)")));
    assert_true(isnan(eval("(-8)^(1/3)")));
    assert_true(isinf(eval("log(0)")) && eval("log(0)") < 0);
}

/* ---- precedence and implicit multiplication ---- */

static void test_expr_precedence(void **state)
{
    (void)state;
    assert_close(eval("2+3*4"), 14.0, 0);
    assert_close(eval("(2+3)*4"), 20.0, 0);
    assert_close(eval("10-4-3"), 3.0, 0);       // left: (10-4)-3
    assert_close(eval("10/4/5"), 0.5, 0);       // left: (10/4)/5
    assert_close(eval("2^3^2"), 512.0, 0);      // right: 2^(3^2) = 2^9
    assert_close(eval("-2^2"), -4.0, 0);        // -(2^2)
    assert_close(eval("2^-1"), 0.5, 0);
    assert_close(eval("(-2)^2"), 4.0, 0);
    assert_close(eval("--1"), 1.0, 0);
    assert_close(eval("+-1"), -1.0, 0);
    assert_close(eval("2*-3"), -6.0, 0);
    assert_close(eval_at("-x^2", 3), -9.0, 0);  // -(x^2)
    /* The slide's neuron: 0.5*1 + -0.2*0 + 0.8*1 - 0.3 = 1.0 */
    assert_close(eval("0.5*1 + -0.2*0 + 0.8*1 - 0.3"), 1.0, TOL);
    assert_close(eval("2*relu(0.3) - 1"), -0.4, TOL);
}

/* checklist: C7 */
static void test_expr_implicit_multiplication(void **state)
{
    (void)state;
    /* -5x - 7.7 at 0.5: -2.5 - 7.7 = -10.2 */
    assert_close(eval_at("-5x - 7.7", 0.5), -10.2, TOL);
    assert_close(eval_at("2x^2", 3), 18.0, 0);     // 2*(3^2)
    assert_close(eval_at("1.2x", 10), 12.0, TOL);
    assert_close(eval_at("1e3x", 2), 2000.0, 0);
    assert_close(eval_at("5e-3x", 1000), 5.0, TOL);
    assert_close(eval("2(3)"), 6.0, 0);
    assert_close(eval("2(3+1)^2"), 32.0, 0);       // 2*((3+1)^2)
    assert_close(eval("2pi"), 2 * PI, 0);
    assert_close(eval("3sqrt(16)"), 12.0, 0);
    assert_close(eval("2relu(-1)+1"), 1.0, 0);
    assert_close(eval_at("2x*3", 1), 6.0, 0);
    assert_close(eval_at("6/2x", 3), 9.0, 0);      // (6/2)*x: left to right
    assert_close(eval("2f(3)"), 12.0, 0);          // 2*f(3) = 2*6
    /* The program of -5x: 5, negate, x, multiply. */
    nn_expr *e = compile("-5x", &with_x);
    assert_int_equal(nn_expr_length(e), 4);
    assert_int_equal(nn_expr_at(e, 0)->op, NN_OP_CONST);
    assert_int_equal(nn_expr_at(e, 1)->op, NN_OP_NEG);
    assert_int_equal(nn_expr_at(e, 2)->op, NN_OP_X);
    assert_int_equal(nn_expr_at(e, 3)->op, NN_OP_MUL);
    nn_expr_free(e);
}

static void test_expr_pi_and_functions(void **state)
{
    (void)state;
    assert_close(eval("pi"), PI, 0);
    assert_close(eval("PI"), PI, 0);
    assert_close(eval("Pi"), PI, 0);
    assert_close(eval("sin(0)"), 0.0, 0);
    assert_close(eval("SIN(pi/2)"), 1.0, TOL);
    assert_close(eval("Cos(0)"), 1.0, 0);
    assert_close(eval("ln(exp(2))"), 2.0, TOL);
    assert_close(eval("log(exp(2))"), 2.0, TOL);
    assert_close(eval("sqrt(16)"), 4.0, 0);
    assert_close(eval("abs(-3)"), 3.0, 0);
    assert_close(eval("log10(1000)"), 3.0, TOL);
    assert_close(eval("log2(8)"), 3.0, 0);
    assert_close(eval("round(-2.5)"), -3.0, 0);    // halves away from 0
    assert_close(eval("floor(-0.5)"), -1.0, 0);
    assert_close(eval("ceil(-0.5)"), 0.0, 0);
    assert_close(eval("sin (0)"), 0.0, 0);         // a space before ( is fine
}

/* ---- activations ---- */

static void test_expr_activations(void **state)
{
    (void)state;
    /* sigmoid(1) = 1/(1 + e^-1) = 0.7310585786300049 */
    assert_close(eval("sigmoid(1)"), 0.7310585786300049, TOL);
    assert_close(eval("Relu(-1)"), 0.0, 0);
    assert_close(eval("RELU(2)"), 2.0, 0);
    assert_close(eval("tanH(1)"), tanh(1.0), TOL);
    assert_close(eval("relu'(1)"), 1.0, 0);
    assert_close(eval("relu'(-1)"), 0.0, 0);
    /* sigmoid'(0) = a(1 - a) = 0.5 * 0.5 */
    assert_close(eval("sigmoid'(0)"), 0.25, TOL);
    /* leaky_relu(-1, 0.1) = 0.1 * -1; the default slope is 0.01 */
    assert_close(eval("leaky_relu(-1, 0.1)"), -0.1, TOL);
    assert_close(eval("leaky_relu(-1)"), -0.01, TOL);
    assert_close(eval("leaky_relu'(-1, 0.2)"), 0.2, TOL);
    assert_close(eval("Leaky_ReLU(-2, +0.5)"), -1.0, TOL);
    assert_close(eval("leaky_relu(-1, 0)"), 0.0, 0);   // range is inclusive
    /* elu(-1, 0.5) = 0.5*(e^-1 - 1) */
    assert_close(eval("elu(-1, 0.5)"), 0.5 * (exp(-1.0) - 1), TOL);
    assert_close(eval("swish(0)"), 0.0, 0);            // an alias
    /* The slide's first unit at x = -2: relu(10 - 7.7) = 2.3 */
    assert_close(eval_at("Relu(-5x - 7.7)", -2), 2.3, TOL);

    nn_expr *e = compile("2*relu(x) - 1", &with_x);
    assert_int_equal(nn_expr_length(e), 6);
    assert_int_equal(nn_expr_at(e, 2)->op, NN_OP_ACT);
    assert_string_equal(nn_expr_at(e, 2)->act->name, "relu");
    nn_expr_free(e);
    e = compile("leaky_relu'(x, 0.3)", &with_x);
    assert_int_equal(nn_expr_at(e, 1)->op, NN_OP_DACT);
    assert_close(nn_expr_at(e, 1)->value, 0.3, 0);
    nn_expr_free(e);
}

/* ---- session names and definitions ---- */

static void test_expr_vars_and_defs(void **state)
{
    (void)state;
    /* w1*2 + b = 0.5*2 - 0.3 = 0.7 */
    assert_close(eval("w1*2 + b"), 0.7, TOL);
    assert_close(eval("sigmoid(z)"), 0.7310585786300049, TOL);
    /* n1(0.5) = relu(-2.5 - 7.7) = 0; n1(-2) = 2.3 */
    assert_close(eval("n1(0.5)"), 0.0, 0);
    assert_close(eval("n1(-2)"), 2.3, TOL);
    assert_close(eval("f(3)"), 6.0, 0);
    /* A definition without '(' is called at x: -f at x = 2 is -4. */
    assert_close(eval_at("-f", 2), -4.0, 0);
    assert_close(eval_at("Z + f", 3), 15.0, 0);   // 9 + 6
    assert_close(eval_at("x", 1.5), 1.5, 0);

    nn_expr *e = compile("-f", &with_x);
    assert_true(nn_expr_uses_x(e));
    nn_expr_free(e);
    e = compile("f(2) + w1", &no_x);
    assert_false(nn_expr_uses_x(e));
    assert_int_equal(nn_expr_at(e, 1)->op, NN_OP_CALL);
    assert_int_equal(nn_expr_at(e, 1)->id, 1);
    assert_int_equal(nn_expr_at(e, 2)->op, NN_OP_VAR);
    assert_int_equal(nn_expr_at(e, 2)->id, 0);
    nn_expr_free(e);
    /* No names at all: only numbers, pi and built-ins. */
    e = compile("sigmoid(pi)", NULL);
    nn_expr_free(e);
    parse_fails_with("w1", NULL, "unknown name 'w1'", 0);
    parse_fails_with("x", NULL,
                     "x has no value here; it is the variable of plots and "
                     "definitions", 0);
}

/* parse_expr stops before what cannot continue an expression. */
static void test_expr_stops_before_rest(void **state)
{
    static const struct {
        const char *src;
        size_t stop;   // column of the first token left unread
    } cases[] = {
        { "z = 0.7 within 0.1", 2 }, { "x within 1", 2 },
        { "Z, x^3 - 2x", 1 }, { "2x >= 1", 3 }, { "w1 -> 1", 3 },
        { "-3 to 3", 3 }, { "f(1) )", 5 },
    };
    (void)state;

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lexer lx;
        lex_error err;
        nn_expr *e;
        token t;
        lex_init(&lx, cases[i].src, strlen(cases[i].src), 0);
        assert_int_equal(parse_expr(&lx, &with_x, &e, &err), 0);
        assert_int_equal(lex_next(&lx, &t, &err), 0);
        assert_int_equal(t.col, cases[i].stop);
        nn_expr_free(e);
    }
}

/* ---- error messages (C3, C4, C7) ---- */

/* checklist: C3 */
static void test_expr_errors_brackets(void **state)
{
    (void)state;
    parse_fails("((1", "expected ')' to close '(' at column 2", 3);
    parse_fails("(1 2)", "expected ')' to close '(' at column 1, got '2'", 3);
    parse_fails("1)", "unmatched ')'", 1);
    parse_fails("()", "expected an expression, got ')'", 1);
    parse_fails("(2)(3)", "expected an operator before '('", 3);
    parse_fails("", "expected an expression, got end of line", 0);
    parse_fails("   ", "expected an expression, got end of line", 3);
}

/* checklist: C3 */
static void test_expr_errors_operators(void **state)
{
    (void)state;
    parse_fails("*2", "expected an expression, got '*'", 0);
    parse_fails("2*", "expected an expression after '*', got end of line",
                2);
    parse_fails("2 +", "expected an expression after '+', got end of line",
                3);
    parse_fails("2^", "expected an expression after '^', got end of line",
                2);
    parse_fails("2 * / 3", "expected an expression after '*', got '/'", 4);
    parse_fails("-", "expected an expression after '-', got end of line", 1);
    parse_fails("2 3", "expected an operator before '3'", 2);
    parse_fails("2 x", "expected an operator before 'x'; write 2*x or 2x", 2);
    parse_fails("1e3 x", "expected an operator before 'x'; write 1e3*x or "
                "1e3x", 4);
    parse_fails("5 sin(1)", "expected an operator before 'sin'", 2);
    parse_fails("2 (3)", "expected an operator before '('", 2);
    parse_fails("x 2", "expected an operator before '2'", 2);
    parse_fails("(2) x", "expected an operator before 'x'", 4);
    parse_fails("1 = 2", "unexpected '='", 2);
    parse_fails("2(3)(4)", "expected an operator before '('", 4);
    parse_fails("2^3x", "ambiguous after '^': write ^(3x) to put x in the "
                "exponent, or use '*'", 3);
    parse_fails("x^2x", "ambiguous after '^': write ^(2x) to put x in the "
                "exponent, or use '*'", 3);
    parse_fails("2^-3x", "ambiguous after '^': write ^(3x) to put x in the "
                "exponent, or use '*'", 4);
    parse_fails("2^3(1)", "ambiguous after '^': put the exponent in "
                "parentheses or use '*'", 3);
}

/* checklist: B4 */
static void test_expr_errors_numbers(void **state)
{
    (void)state;
    /* The lexer's messages come through the parser unchanged. */
    parse_fails("1e999", "number out of range: 1e999", 0);
    parse_fails("-1e999", "number out of range: 1e999", 1);
    parse_fails("1e-400", "number too small: 1e-400 (it would be 0)", 0);
    parse_fails("0x10", "hexadecimal numbers are not supported: '0x10'", 0);
    parse_fails("0x1p3", "hexadecimal numbers are not supported: '0x1p3'",
                0);
    parse_fails("1 + 1.2.3", "malformed number '1.2.3'", 4);
    parse_fails("1e", "malformed number '1e'", 0);
    parse_fails("1..2", "malformed number '1..2'", 0);
    parse_fails("5e-3.2", "malformed number '5e-3.2'", 0);
    parse_fails("1_000", "malformed number '1_000'", 0);
    parse_fails(".", "malformed number '.'", 0);
    parse_fails("nan", "expected a number, got 'nan' (there are no nan or "
                "infinity literals)", 0);
    parse_fails("-nan", "expected a number, got 'nan' (there are no nan or "
                "infinity literals)", 1);
    parse_fails("inf", "expected a number, got 'inf' (there are no nan or "
                "infinity literals)", 0);
    parse_fails("Infinity", "expected a number, got 'Infinity' (there are "
                "no nan or infinity literals)", 0);
    /* pasted from a slide, − is a minus: the error is at the right
     * byte after it (issue 13) */
    parse_fails("\xe2\x88\x92" "1 + * 2", "expected an expression after "
                "'+', got '*'", 7);
    parse_fails("1 \xc3\x97 \xe2\x86\x90 2", "unexpected character "
                "'\xe2\x86\x90' (U+2190)", 5);
}

/* Operators typeset on slides and in PDFs read as the typed ones (issue
 * 13): U+2212 and U+2013 are '-', U+00D7, U+22C5, U+00B7 are '*', U+00F7
 * is '/', U+2032 is the prime of a derivative. */
static void test_expr_typeset_operators(void **state)
{
    (void)state;
    /* exact: small integers and halves; tolerance 0 */
    assert_close(eval("2 \xe2\x88\x92 1"), 1, 0);              /* 2 − 1 */
    assert_close(eval("2 \xe2\x80\x93 3"), -1, 0);             /* 2 – 3 */
    assert_close(eval_at("\xe2\x88\x92" "5x \xe2\x88\x92 7", 2), -17, 0);
    assert_close(eval("2\xc3\x97" "3"), 6, 0);                  /* 2×3 */
    assert_close(eval("2 \xe2\x8b\x85 3 \xc2\xb7 4"), 24, 0);  /* 2⋅3·4 */
    assert_close(eval("6 \xc3\xb7 4"), 1.5, 0);                 /* 6÷4 */
    /* sigmoid′(0) = sigmoid(0)(1 - sigmoid(0)) = 0.25 */
    assert_close(eval("sigmoid\xe2\x80\xb2(0)"), 0.25, 0);
    /* the same program as the typed form: relu(−5x − 7.7) at x = -2 is
     * relu(10 - 7.7) = 2.3 */
    assert_close(eval_at("relu(\xe2\x88\x92" "5x \xe2\x88\x92 7.7)", -2),
                 eval_at("relu(-5x - 7.7)", -2), 0);
}

/* checklist: C3 */
static void test_expr_errors_calls(void **state)
{
    (void)state;
    parse_fails("sigmoid(", "expected an expression after '(', got end of "
                "line", 8);
    parse_fails("sigmoid()", "sigmoid needs an argument: sigmoid(x)", 8);
    parse_fails("sigmoid(1,2)", "sigmoid takes one argument", 9);
    parse_fails("sigmoid(1", "expected ')' to close '(' at column 8", 9);
    parse_fails("sigmoid", "sigmoid needs an argument: sigmoid(x)", 0);
    parse_fails("relu'", "relu' needs an argument: relu'(x)", 0);
    parse_fails("relu'()", "relu' needs an argument: relu'(x)", 6);
    parse_fails("relu''(1)", "only the first derivative is available: "
                "relu'(x)", 5);
    parse_fails("f'(", "only activations have a derivative here: f'", 0);
    parse_fails("f'(1)", "only activations have a derivative here: f'", 0);
    parse_fails("sin'(1)", "only activations have a derivative here: sin'",
                0);
    parse_fails("b'", "only activations have a derivative here: b'", 0);
    parse_fails("x'", "only activations have a derivative here: x'", 0);
    parse_fails("sin", "sin needs an argument: sin(x)", 0);
    parse_fails("2 + SIN", "sin needs an argument: sin(x)", 4);
    parse_fails("sin(1, 2)", "sin takes one argument", 5);
    parse_fails("f(1, 2)", "f takes one argument", 3);
    parse_fails("f()", "f needs an argument: f(x)", 2);
    parse_fails("leaky_relu(1, 2)",
                "leaky_relu's slope must be from 0 to 1, got 2", 14);
    parse_fails("leaky_relu(1, -0.5)",
                "leaky_relu's slope must be from 0 to 1, got -0.5", 14);
    parse_fails("leaky_relu(1, x)",
                "expected a number for leaky_relu's slope, got 'x'", 14);
    parse_fails("leaky_relu(1, )",
                "expected a number for leaky_relu's slope, got ')'", 14);
    parse_fails("leaky_relu(1, 0.1, 2)", "leaky_relu takes at most two "
                "arguments: leaky_relu(z, slope)", 17);
    parse_fails("leaky_relu(1, 0.1", "expected ')' to close '(' at column "
                "11", 17);
    parse_fails("w1(2)", "expected an operator before '('", 2);
}

/* checklist: C4 C8 */
static void test_expr_errors_names(void **state)
{
    (void)state;
    parse_fails("sigmod(1)", "unknown function 'sigmod'; did you mean "
                "'sigmoid'?", 0);
    parse_fails("sigmod", "unknown name 'sigmod'; did you mean 'sigmoid'?",
                0);
    parse_fails("2 * Sigmod(1)", "unknown function 'Sigmod'; did you mean "
                "'sigmoid'?", 4);
    parse_fails("rleu(1)", "unknown function 'rleu'; did you mean 'relu'?",
                0);
    parse_fails("sqr(2)", "unknown function 'sqr'; did you mean 'sqrt'?",
                0);
    parse_fails("n7", "unknown name 'n7'; did you mean 'n1'?", 0);
    parse_fails("w2", "unknown name 'w2'; did you mean 'w1'?", 0);
    parse_fails("q", "unknown name 'q'", 0);
    parse_fails("blah(1)", "unknown function 'blah'", 0);
    parse_fails_with("X", &with_x, "unknown name 'X'; did you mean 'x'?", 0);
    parse_fails_with("x + 1", &no_x,
                     "x has no value here; it is the variable of plots and "
                     "definitions", 0);
    parse_fails_with("1 - f", &no_x,
                     "f needs an argument here, such as f(1): x has no "
                     "value outside plots and definitions", 4);
    /* A definition is case-sensitive: z is the session's, Z the user's. */
    assert_close(eval("z"), 1.0, 0);
    assert_close(eval("Z(3)"), 9.0, 0);
}

/* ---- deep nesting and long expressions (C1, C2) ---- */

/* n copies of unit, then middle, then n copies of tail. */
static char *repeat(const char *unit, size_t n, const char *middle,
                    const char *tail)
{
    size_t u = strlen(unit), m = strlen(middle), t = strlen(tail);
    char *s = malloc(n * (u + t) + m + 1);
    char *p = s;

    assert_non_null(s);
    for (size_t i = 0; i < n; i++, p += u)
        memcpy(p, unit, u);
    memcpy(p, middle, m);
    p += m;
    for (size_t i = 0; i < n; i++, p += t)
        memcpy(p, tail, t);
    *p = '\0';
    return s;
}

/* checklist: C1 */
static void test_expr_deep_nesting_fails_cleanly(void **state)
{
    const char *msg = "expression too deeply nested (max 100)";
    char *s;
    (void)state;

    s = repeat("(", 100000, "1", ")");
    parse_fails(s, msg, 100);          // the 101st '('
    free(s);
    s = repeat("-", 100000, "1", "");
    parse_fails(s, msg, 100);
    free(s);
    s = repeat("2^", 100000, "2", "");
    parse_fails(s, msg, 201);          // the 101st '^', at 2*101 - 1
    free(s);
    s = repeat("sigmoid(", 100000, "1", ")");
    parse_fails(s, msg, 807);          // the 101st '(', at 8*100 + 7
    free(s);
    s = repeat("(-", 100000, "1", ")");
    parse_fails(s, msg, 100);          // parentheses and signs share it
    free(s);
}

/* checklist: C1 */
static void test_expr_nesting_at_the_limit(void **state)
{
    char *s;
    (void)state;

    s = repeat("(", 100, "1", ")");
    assert_close(eval(s), 1.0, 0);
    free(s);
    s = repeat("-", 100, "1", "");    // an even number of minuses
    assert_close(eval(s), 1.0, 0);
    free(s);
    /* 1+2*(1+2*(...)) keeps two values per level: 99 levels need 199 of
     * the 256 stack slots, so the nesting limit is the one that binds.
     * The value is 2^100 - 1 (each level doubles and adds one). */
    s = repeat("1+2*(", 99, "1", ")");
    assert_rel_close(eval(s), 1267650600228229401496703205375.0, 1e-15);
    free(s);
}

/* checklist: C2 */
static void test_expr_million_term_sum(void **state)
{
    size_t terms = 1000000;
    char *s = repeat("1+", terms - 1, "1", "");
    nn_expr *e;
    (void)state;

    /* Parsed by a loop, evaluated with two values on the stack. */
    e = compile(s, &no_x);
    assert_int_equal(nn_expr_length(e), 2 * terms - 1);
    double v = 0;
    assert_int_equal(nn_expr_eval(e, NULL, &v), NN_OK);
    assert_close(v, 1e6, 0);   // small integers: every sum exact
    nn_expr_free(e);
    free(s);
}

/* ---- did you mean ---- */

static const char *best(const char *word, const char *const *names,
                        size_t n, suggest *s)
{
    suggest_init(s, word, strlen(word));
    for (size_t i = 0; i < n; i++)
        suggest_offer(s, names[i]);
    return suggest_result(s);
}

/* checklist: C4 D2 */
static void test_suggest_typos(void **state)
{
    static const char *const names[] = {
        "sigmoid", "relu", "tanh", "leaky_relu", "gelu_tanh", "b", "z",
    };
    size_t n = sizeof names / sizeof names[0];
    suggest s;
    char long_word[200];
    (void)state;

    assert_string_equal(best("sigmod", names, n, &s), "sigmoid");
    assert_int_equal(s.best_dist, 1);
    assert_string_equal(best("rleu", names, n, &s), "relu");   // a swap
    assert_int_equal(s.best_dist, 1);
    assert_string_equal(best("tahn", names, n, &s), "tanh");
    assert_string_equal(best("SIGMOID", names, n, &s), "sigmoid");
    assert_int_equal(s.best_dist, 0);
    assert_string_equal(best("leaky_rleu", names, n, &s), "leaky_relu");
    assert_string_equal(best("gelu_tnahhh", names, n, &s), "gelu_tanh");
    assert_int_equal(s.best_dist, 3);
    /* Too far for the word's length. */
    assert_null(best("rlue", names, n, &s));      // 2 edits in 4 letters
    assert_null(best("sgmd", names, n, &s));
    assert_null(best("c", names, n, &s));         // 1 edit is the whole word
    assert_null(best("xyz", names, n, &s));
    /* A tie goes to the first candidate. */
    static const char *const ties[] = { "ab", "ac" };
    assert_string_equal(best("aa", ties, 2, &s), "ab");
    /* Long words compare on their first 63 bytes; long candidates are
     * skipped; nothing overflows. */
    memset(long_word, 'k', sizeof long_word - 1);
    long_word[sizeof long_word - 1] = '\0';
    const char *const longs[] = { long_word, "kkk" };
    assert_null(best(long_word, longs, 2, &s));
    suggest_init(&s, "abc", 3);
    suggest_offer(&s, NULL);
    suggest_offer(&s, "");
    assert_null(suggest_result(&s));
}

/* ---- stopping a long evaluation (Ctrl-C) ---- */

/* The hook of the tests: says stop on its stop_at-th question (never
 * when stop_at is 0), counting the questions. */
typedef struct asker {
    unsigned long asked, stop_at;
} asker;

static int ask(void *ctx)
{
    asker *a = ctx;
    a->asked++;
    return a->stop_at != 0 && a->asked == a->stop_at;
}

/* nn_stop_poll asks once `every` units have built up, whatever the sizes
 * of the steps, then counts from 0 again; NULL and a NULL hook never stop,
 * and a step larger than `every` asks at once. */
static void test_expr_stop_poll_counts(void **state)
{
    (void)state;
    asker a = { 0, 2 };
    nn_stop st = { ask, &a, 0 };
    assert_int_equal(nn_stop_poll(&st, 1, 4), 0);   // 1
    assert_int_equal(nn_stop_poll(&st, 2, 4), 0);   // 3
    assert_int_equal(a.asked, 0);
    assert_int_equal(nn_stop_poll(&st, 1, 4), 0);   // 4: asked, go on
    assert_int_equal(a.asked, 1);
    assert_int_equal(st.work, 0);
    assert_int_equal(nn_stop_poll(&st, 3, 4), 0);   // 3
    assert_int_equal(nn_stop_poll(&st, 100, 4), 1); // asked: stop
    assert_int_equal(a.asked, 2);
    assert_int_equal(nn_stop_poll(NULL, 100, 4), 0);
    nn_stop none = { NULL, NULL, 0 };
    assert_int_equal(nn_stop_poll(&none, 100, 4), 0);
    /* a count left by a larger `every` (inflating counts to 1 MiB) asks
     * at once under a smaller one, without wrapping around */
    st.work = 5000;
    a.stop_at = 0;
    assert_int_equal(nn_stop_poll(&st, 1, 4096), 0);
    assert_int_equal(a.asked, 3);
    assert_int_equal(st.work, 0);
}

/* f(d) = f(d-1) + f(d-1), f(0) = 1, as the program D below: a chain of
 * definitions that doubles at each step, with d in x. */
typedef struct doubling {
    const nn_expr *program;  /* D: x 1 - f  x 1 - f  + */
    nn_stop *stop;
    unsigned long runs;      /* runs of D, the first included */
} doubling;

static nn_status doubling_call(void *ctx, int id, double arg, double *out)
{
    doubling *dd = ctx;
    (void)id;
    if (arg < 1) {
        *out = 1;
        return NN_OK;
    }
    nn_expr_env env = { arg, NULL, doubling_call, dd, dd->stop };
    dd->runs++;
    return nn_expr_eval(dd->program, &env, out);
}

/* Runs D at x = d with the hook a (NULL: none); *runs gets the runs. */
static nn_status run_doubling(double d, asker *a, double *out,
                              unsigned long *runs)
{
    nn_expr *e = nn_expr_new();
    nn_instr in[] = {
        { NN_OP_X, 0, 0, NULL }, { NN_OP_CONST, 0, 1, NULL },
        { NN_OP_SUB, 0, 0, NULL }, { NN_OP_CALL, 0, 0, NULL },
        { NN_OP_X, 0, 0, NULL }, { NN_OP_CONST, 0, 1, NULL },
        { NN_OP_SUB, 0, 0, NULL }, { NN_OP_CALL, 0, 0, NULL },
        { NN_OP_ADD, 0, 0, NULL },
    };
    for (size_t i = 0; i < 9; i++)
        assert_int_equal(nn_expr_emit(e, in[i]), NN_OK);
    nn_stop st = { ask, a, 0 };
    doubling dd = { e, a ? &st : NULL, 0 };
    nn_status rc = doubling_call(&dd, 0, d, out);
    *runs = dd.runs;
    nn_expr_free(e);
    return rc;
}

/* The hook is asked every NN_EXPR_STOP_EVERY instructions counted across
 * calls, so a run of many small nested calls (each 9 instructions, never
 * 4096 on its own) is stopped: D is asked on the run that would bring the
 * count to 4096, every ceil(4096/9) = 456th run. f(20) takes 2^20 - 1 =
 * 1048575 runs: 1048575 / 456 = 2299 questions, and the value 2^20. A
 * hook that says stop at its 10th question ends the evaluation with
 * NN_EINTR after 10*456 = 4560 runs, none after. */
static void test_expr_stop_hook_ends_evaluation(void **state)
{
    (void)state;
    double v = 0;
    unsigned long runs;
    assert_int_equal(NN_EXPR_STOP_EVERY, 4096);
    assert_int_equal(run_doubling(20, NULL, &v, &runs), NN_OK);
    assert_close(v, 1048576, 0);                 // 2^20, exact
    assert_int_equal(runs, 1048575);
    asker never = { 0, 0 };
    assert_int_equal(run_doubling(20, &never, &v, &runs), NN_OK);
    assert_close(v, 1048576, 0);
    assert_int_equal(never.asked, 2299);
    asker tenth = { 0, 10 };
    v = -1;
    assert_int_equal(run_doubling(20, &tenth, &v, &runs), NN_EINTR);
    assert_int_equal(tenth.asked, 10);
    assert_int_equal(runs, 4560);
    assert_close(v, -1, 0);                      // *out untouched
    assert_string_equal(nn_strerror(NN_EINTR), "interrupted");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expr_fn_table),
        cmocka_unit_test(test_expr_program_by_hand),
        cmocka_unit_test(test_expr_emit_refuses_bad_programs),
        cmocka_unit_test(test_expr_eval_callbacks_and_ieee),
        cmocka_unit_test(test_expr_precedence),
        cmocka_unit_test(test_expr_implicit_multiplication),
        cmocka_unit_test(test_expr_pi_and_functions),
        cmocka_unit_test(test_expr_activations),
        cmocka_unit_test(test_expr_vars_and_defs),
        cmocka_unit_test(test_expr_stops_before_rest),
        cmocka_unit_test(test_expr_errors_brackets),
        cmocka_unit_test(test_expr_errors_operators),
        cmocka_unit_test(test_expr_errors_numbers),
        cmocka_unit_test(test_expr_errors_calls),
        cmocka_unit_test(test_expr_typeset_operators),
        cmocka_unit_test(test_expr_errors_names),
        cmocka_unit_test(test_expr_deep_nesting_fails_cleanly),
        cmocka_unit_test(test_expr_nesting_at_the_limit),
        cmocka_unit_test(test_expr_million_term_sum),
        cmocka_unit_test(test_expr_stop_poll_counts),
        cmocka_unit_test(test_expr_stop_hook_ends_evaluation),
        cmocka_unit_test(test_suggest_typos),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
