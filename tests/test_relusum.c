/*
 * test_relusum.c - sums of ReLU units, the universal-approximation slide:
 *
 *   n1(x) = Relu(-5x - 7.7)      n4(x) = Relu(1.2x - 0.2)
 *   n2(x) = Relu(-1.2x - 1.3)    n5(x) = Relu(2x - 1.1)
 *   n3(x) = Relu(1.2x + 1)       n6(x) = Relu(5x - 5)
 *   Z(x) = -n1(x) - n2(x) - n3(x) + n4(x) + n5(x) + n6(x)
 *
 * Z's values, breakpoints and pieces are worked out by hand below and
 * checked against nn_relusum_from_expr (reading the sum out of the parsed
 * definitions, held in a real defs table), nn_relusum_eval,
 * nn_relusum_breaks and nn_relusum_pieces. Then what may and may not be
 * read as a ReLU sum (merging, cancelling, leaky_relu, linear, constants,
 * calls with an affine argument, refusals, the call limit), and
 * nn_relusum_fit against the linear-interpolation error bound
 * |f - Z| <= h^2/8 * max|f''| for several targets and unit counts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "engine/expr.h"
#include "engine/relusum.h"
#include "interp/defs.h"
#include "interp/parse.h"

/* pi, since M_PI is not ISO C. */
#define PI 3.14159265358979323846

/* Absolute tolerance for a value a few roundings away from an exact
 * decimal answer of size <= ~20 (Z on [-3, 3], a slope of 7, an intercept
 * of -7.3): each of the dozen or so operations is within half an ulp
 * (~2e-15 at 20), so 1e-12 is loose, yet any wrong sign, unit or piece
 * changes the value by at least 0.01. */
#define TOL 1e-12

/* A tolerance of 0 below means the arithmetic is exact: a literal copied
 * through, multiplied by 1 or -1, or added to 0. */

/* ============================ a small session ============================ */

/* Session value w1 = 0.5, the only name besides the definitions. */
static int lookup_var(void *ctx, const char *name, size_t len)
{
    (void)ctx;
    return len == 2 && memcmp(name, "w1", 2) == 0 ? 0 : -1;
}

static nn_status var_value(void *ctx, int id, double *out)
{
    (void)ctx;
    if (id != 0)
        return NN_EUNDEF;
    *out = 0.5;
    return NN_OK;
}

static int lookup_def(void *ctx, const char *name, size_t len)
{
    return defs_find(ctx, name, len);
}

static int def_needs_x(void *ctx, int id)
{
    return defs_needs_x(ctx, id);
}

/* What nn_relusum_from_expr follows calls through: env->ctx is the table. */
static const nn_expr *def_prog(void *ctx, int id)
{
    return ctx ? defs_prog(ctx, id) : NULL;
}

static nn_status call_def(void *ctx, int id, double arg, double *out)
{
    nn_expr_env outer = { 0, var_value, NULL, NULL, NULL };
    return defs_call(ctx, id, arg, &outer, out);
}

/* Parses src (x allowed) with the definitions in d; fails the test on a
 * parse error. */
static nn_expr *compile(defs *d, const char *src)
{
    parse_names names = {
        .var = lookup_var, .def = lookup_def, .def_needs_x = def_needs_x,
        .each = NULL, .ctx = d, .allow_x = 1
    };
    lexer lx;
    lex_error err;
    nn_expr *e = NULL;

    lex_init(&lx, src, strlen(src), 0);
    if (parse_expr(&lx, &names, &e, &err) != 0
        || parse_expect_end(&lx, &err) != 0)
        fail_msg("'%.60s': %s (column %zu)", src, err.msg, err.col);
    assert_non_null(e);
    return e;
}

/* name = src, as `name = src` at the prompt. */
static void define(defs *d, const char *name, const char *src)
{
    char msg[300];
    nn_expr *e = compile(d, src);
    if (defs_set(d, name, strlen(name), e, src, strlen(src), msg,
                 sizeof msg) != 0)
        fail_msg("%s = %s: %s", name, src, msg);
}

/* Reads src as a ReLU sum; returns the status, *z filled on NN_OK. */
static nn_status sum_of(defs *d, const char *src, nn_relusum *z)
{
    nn_expr *e = compile(d, src);
    nn_expr_env env = { 0, var_value, NULL, d, NULL };
    memset(z, 0, sizeof *z);
    nn_status st = nn_relusum_from_expr(e, def_prog, &env, z);
    nn_expr_free(e);
    return st;
}

/* Like sum_of, failing the test unless it is a ReLU sum. */
static nn_relusum must_sum(defs *d, const char *src)
{
    nn_relusum z;
    nn_status st = sum_of(d, src, &z);
    if (st != NN_OK)
        fail_msg("'%s' is not read as a ReLU sum: %s", src, nn_strerror(st));
    return z;
}

/* src evaluated by the compiled program itself, at x. */
static double program_at(defs *d, const char *src, double x)
{
    nn_expr *e = compile(d, src);
    nn_expr_env env = { x, var_value, call_def, d, NULL };
    double v = NAN;
    assert_int_equal(nn_expr_eval(e, &env, &v), NN_OK);
    nn_expr_free(e);
    return v;
}

static int setup(void **state)
{
    defs *d = defs_new();
    *state = d;
    return d ? 0 : -1;
}

static int teardown(void **state)
{
    defs_free(*state);
    return 0;
}

/* The slide's six units and Z, in the slide's own long form. */
static void define_slide(defs *d)
{
    define(d, "n1", "Relu(-5x - 7.7)");
    define(d, "n2", "Relu(-1.2x - 1.3)");
    define(d, "n3", "Relu(1.2x + 1)");
    define(d, "n4", "Relu(1.2x - 0.2)");
    define(d, "n5", "Relu(2x - 1.1)");
    define(d, "n6", "Relu(5x - 5)");
    define(d, "Z", "-n1(x) - n2(x) - n3(x) + n4(x) + n5(x) + n6(x)");
}

/* Unit k of z is relu(w*x + b) with weight c in the sum. */
static void assert_unit(const nn_relusum *z, size_t k, double w, double b,
                        double c)
{
    assert_true(k < z->n);
    assert_close(z->unit[k].w, w, 0);   // copied from the literal, * 1
    assert_close(z->unit[k].b, b, 0);   // 0 + literal
    assert_close(z->unit[k].c, c, 0);   // sums of +-1
}

/* ============================ the slide ============================ */

static void test_relusum_slide_units(void **state)
{
    defs *d = *state;
    define_slide(d);
    nn_relusum z = must_sum(d, "Z");
    /* Z = -n1 - n2 - n3 + n4 + n5 + n6, no linear part. The units come
     * in the order Z's program reaches them. */
    assert_int_equal(z.n, 6);
    assert_close(z.c0, 0, 0);
    assert_close(z.c1, 0, 0);
    assert_unit(&z, 0, -5, -7.7, -1);
    assert_unit(&z, 1, -1.2, -1.3, -1);
    assert_unit(&z, 2, 1.2, 1, -1);
    assert_unit(&z, 3, 1.2, -0.2, 1);
    assert_unit(&z, 4, 2, -1.1, 1);
    assert_unit(&z, 5, 5, -5, 1);
    /* each unit remembers the definition whose relu made it */
    static const char *const names[] = { "n1", "n2", "n3", "n4", "n5",
                                         "n6" };
    for (size_t k = 0; k < 6; k++)
        assert_int_equal(z.unit[k].origin, defs_find(d, names[k], 2));
    nn_relusum_free(&z);
    assert_null(z.unit);
    assert_int_equal(z.n, 0);
    nn_relusum_free(&z);    // twice is fine
    nn_relusum_free(NULL);
}

/* Both syntaxes: n1 = relu(-5x - 7.7) and Z = -n1 - n2 - ... read the
 * same as the slide's long form. */
static void test_relusum_slide_short_form(void **state)
{
    defs *d = *state;
    define(d, "n1", "relu(-5x - 7.7)");
    define(d, "n2", "relu(-1.2x - 1.3)");
    define(d, "n3", "relu(1.2x + 1)");
    define(d, "n4", "relu(1.2x - .2)");
    define(d, "n5", "relu(2*x - 1.1)");
    define(d, "n6", "relu(5x - 5)");
    define(d, "Z", "-n1 - n2 - n3 + n4 + n5 + n6");
    nn_relusum z = must_sum(d, "Z");
    assert_int_equal(z.n, 6);
    assert_unit(&z, 0, -5, -7.7, -1);
    assert_unit(&z, 1, -1.2, -1.3, -1);
    assert_unit(&z, 2, 1.2, 1, -1);
    assert_unit(&z, 3, 1.2, -0.2, 1);
    assert_unit(&z, 4, 2, -1.1, 1);
    assert_unit(&z, 5, 5, -5, 1);
    nn_relusum_free(&z);
}

/* Z at many points, by hand, unit by unit:
 *   x = -3:    n1 = 15 - 7.7 = 7.3, n2 = 3.6 - 1.3 = 2.3, rest 0: -9.6
 *   x = -2:    n1 = 10 - 7.7 = 2.3, n2 = 2.4 - 1.3 = 1.1, rest 0: -3.4
 *   x = -1.54: n1 = 7.7 - 7.7 = 0, n2 = 1.848 - 1.3 = 0.548:      -0.548
 *   x = -1.2:  n1 = relu(6 - 7.7) = 0, n2 = 1.44 - 1.3 = 0.14:    -0.14
 *   x = -1:    n2 = relu(1.2 - 1.3) = 0, n3 = relu(-1.2 + 1) = 0:  0
 *   x = -0.5:  n3 = -0.6 + 1 = 0.4, n4 = relu(-0.8) = 0:          -0.4
 *   x = 0:     n3 = 1, n4 = relu(-0.2) = 0:                       -1
 *   x = 0.5:   n3 = 1.6, n4 = 0.6 - 0.2 = 0.4, n5 = relu(-0.1) = 0:
 *              -1.6 + 0.4 = -1.2 (the slide's Z(0.5))
 *   x = 0.55:  n3 = 1.66, n4 = 0.46, n5 = 1.1 - 1.1 = 0:          -1.2
 *   x = 1:     n3 = 2.2, n4 = 1, n5 = 0.9, n6 = 0: -2.2 + 1 + 0.9 = -0.3
 *   x = 1.5:   n3 = 2.8, n4 = 1.6, n5 = 1.9, n6 = 2.5:
 *              -2.8 + 1.6 + 1.9 + 2.5 = 3.2
 *   x = 3:     n3 = 4.6, n4 = 3.4, n5 = 4.9, n6 = 10:
 *              -4.6 + 3.4 + 4.9 + 10 = 13.7 */
static void test_relusum_slide_values(void **state)
{
    static const struct {
        double x, z;
    } cases[] = {
        { -3, -9.6 }, { -2, -3.4 }, { -1.54, -0.548 }, { -1.2, -0.14 },
        { -1, 0 }, { -0.5, -0.4 }, { 0, -1 }, { 0.5, -1.2 },
        { 0.55, -1.2 }, { 1, -0.3 }, { 1.5, 3.2 }, { 3, 13.7 },
    };
    defs *d = *state;
    define_slide(d);
    nn_relusum z = must_sum(d, "Z");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double x = cases[i].x;
        assert_close(nn_relusum_eval(&z, x), cases[i].z, TOL);
        /* the program itself agrees: the analysis changed nothing */
        assert_close(program_at(d, "Z", x), cases[i].z, TOL);
        assert_close(program_at(d, "Z(x)", x), cases[i].z, TOL);
    }
    /* Z(0.5) typed with a number, as at the prompt */
    assert_close(program_at(d, "Z(0.5)", 0), -1.2, TOL);
    nn_relusum_free(&z);
}

/* Breakpoints x = -b/w:
 *   n1: -(-7.7)/(-5) = -1.54      n4: 0.2/1.2 = 1/6
 *   n2: -(-1.3)/(-1.2) = -13/12   n5: 1.1/2 = 0.55
 *   n3: -1/1.2 = -5/6             n6: 5/5 = 1 */
static void test_relusum_slide_breaks(void **state)
{
    static const double want[] = { -1.54, -13.0 / 12, -5.0 / 6, 1.0 / 6,
                                   0.55, 1 };
    defs *d = *state;
    define_slide(d);
    nn_relusum z = must_sum(d, "Z");
    double *t = NULL;
    size_t n = 0;
    assert_int_equal(nn_relusum_breaks(&z, &t, &n), NN_OK);
    assert_int_equal(n, 6);
    for (size_t i = 0; i < 6; i++)
        assert_close(t[i], want[i], TOL);
    free(t);
    nn_relusum_free(&z);
}

/* The seven pieces, from the units active in each (w < 0 units are on to
 * the left of their breakpoint, w > 0 to the right):
 *   x < -1.54:          n1, n2 on: -(-5x - 7.7) - (-1.2x - 1.3)
 *                                  = 6.2x + 9
 *   -1.54 < x < -13/12: n2:        1.2x + 1.3
 *   -13/12 < x < -5/6:  none:      0
 *   -5/6 < x < 1/6:     n3:        -(1.2x + 1) = -1.2x - 1
 *   1/6 < x < 0.55:     n3, n4:    -1.2x - 1 + 1.2x - 0.2 = -1.2
 *   0.55 < x < 1:       n3..n5:    -1.2 + 2x - 1.1 = 2x - 2.3
 *   x > 1:              n3..n6:    2x - 2.3 + 5x - 5 = 7x - 7.3 */
static void test_relusum_slide_pieces(void **state)
{
    static const struct {
        double from, to, slope, icpt;
    } want[] = {
        { -INFINITY, -1.54, 6.2, 9 },
        { -1.54, -13.0 / 12, 1.2, 1.3 },
        { -13.0 / 12, -5.0 / 6, 0, 0 },
        { -5.0 / 6, 1.0 / 6, -1.2, -1 },
        { 1.0 / 6, 0.55, 0, -1.2 },
        { 0.55, 1, 2, -2.3 },
        { 1, INFINITY, 7, -7.3 },
    };
    defs *d = *state;
    define_slide(d);
    nn_relusum z = must_sum(d, "Z");
    nn_relu_piece *p = NULL;
    size_t n = 0;
    assert_int_equal(nn_relusum_pieces(&z, &p, &n), NN_OK);
    assert_int_equal(n, 7);
    for (size_t i = 0; i < 7; i++) {
        if (isinf(want[i].from))
            assert_true(isinf(p[i].from) && p[i].from < 0);
        else
            assert_close(p[i].from, want[i].from, TOL);
        if (isinf(want[i].to))
            assert_true(isinf(p[i].to) && p[i].to > 0);
        else
            assert_close(p[i].to, want[i].to, TOL);
        assert_close(p[i].slope, want[i].slope, TOL);
        assert_close(p[i].icpt, want[i].icpt, TOL);
        /* pieces meet: one ends where the next begins */
        if (i + 1 < 7)
            assert_true(p[i].to == p[i + 1].from);
        /* and Z is continuous: both lines give Z at the shared end */
        if (i + 1 < 7) {
            double t = p[i].to;
            assert_close(p[i].slope * t + p[i].icpt,
                         p[i + 1].slope * t + p[i + 1].icpt, TOL);
            assert_close(p[i].slope * t + p[i].icpt, nn_relusum_eval(&z, t),
                         TOL);
        }
    }
    free(p);
    nn_relusum_free(&z);
}

/* Redefining a unit changes what Z reads as, at once: n6 = relu(5x - 4)
 * moves the last bend to 4/5 = 0.8, and Z(1) = -0.3 + 1 = 0.7 (n6 now
 * gives 5 - 4 = 1 at x = 1 instead of 0). */
static void test_relusum_follows_redefinition(void **state)
{
    defs *d = *state;
    define_slide(d);
    define(d, "n6", "relu(5x - 4)");
    nn_relusum z = must_sum(d, "Z");
    assert_unit(&z, 5, 5, -4, 1);
    assert_close(nn_relusum_eval(&z, 1), 0.7, TOL);
    assert_close(program_at(d, "Z(1)", 0), 0.7, TOL);
    nn_relusum_free(&z);
}

/* ========================= what reads as a sum ========================= */

/* Units with equal w and b are one unit with the weights added. */
static void test_relusum_merges_equal_units(void **state)
{
    defs *d = *state;
    nn_relusum z = must_sum(d, "relu(x - 1) + 2*relu(x - 1)");
    assert_int_equal(z.n, 1);
    assert_unit(&z, 0, 1, -1, 3);         // 1 + 2
    assert_int_equal(z.unit[0].origin, -1);  // typed, not a definition
    nn_relusum_free(&z);

    /* through definitions: n1 + n1 - 3*n1 = -n1; two definitions with
     * the same unit merge too, into the first one's */
    define(d, "n1", "relu(-5x - 7.7)");
    define(d, "m", "Relu(-5*x - 7.7)");
    z = must_sum(d, "n1 + n1 - 3*n1");
    assert_int_equal(z.n, 1);
    assert_unit(&z, 0, -5, -7.7, -1);     // 1 + 1 - 3
    nn_relusum_free(&z);
    z = must_sum(d, "n1 + m");
    assert_int_equal(z.n, 1);
    assert_unit(&z, 0, -5, -7.7, 2);
    assert_int_equal(z.unit[0].origin, defs_find(d, "n1", 2));
    nn_relusum_free(&z);
}

/* n1 - n1 is nothing: no units, no breakpoints, one flat piece. */
static void test_relusum_cancels(void **state)
{
    defs *d = *state;
    define(d, "n1", "relu(-5x - 7.7)");
    nn_relusum z = must_sum(d, "n1 - n1");
    assert_int_equal(z.n, 0);
    assert_close(z.c0, 0, 0);
    assert_close(z.c1, 0, 0);
    double *t = (double *)&z;    // must come back NULL
    size_t n = 99;
    assert_int_equal(nn_relusum_breaks(&z, &t, &n), NN_OK);
    assert_null(t);
    assert_int_equal(n, 0);
    nn_relu_piece *p = NULL;
    assert_int_equal(nn_relusum_pieces(&z, &p, &n), NN_OK);
    assert_int_equal(n, 1);
    assert_true(isinf(p[0].from) && p[0].from < 0);
    assert_true(isinf(p[0].to) && p[0].to > 0);
    assert_close(p[0].slope, 0, 0);
    assert_close(p[0].icpt, 0, 0);
    free(p);
    nn_relusum_free(&z);

    /* 0*relu(x) and relu(x)*0 are nothing too */
    z = must_sum(d, "0*relu(x) + relu(x)*0 + 1");
    assert_int_equal(z.n, 0);
    assert_close(z.c0, 1, 0);
    nn_relusum_free(&z);
}

/* leaky_relu(z) = slope*z + (1 - slope)*relu(z). */
static void test_relusum_leaky_relu(void **state)
{
    defs *d = *state;
    /* leaky_relu(2x - 1, 0.1) = 0.1*(2x - 1) + 0.9*relu(2x - 1):
     * the line 0.2x - 0.1 and one unit relu(2x - 1) of weight 0.9.
     * Check: x = 0: leaky(-1) = -0.1; x = 1: leaky(1) = 1 =
     * 0.2 - 0.1 + 0.9*1. */
    nn_relusum z = must_sum(d, "leaky_relu(2x - 1, 0.1)");
    assert_int_equal(z.n, 1);
    assert_close(z.c1, 0.2, TOL);
    assert_close(z.c0, -0.1, TOL);
    assert_close(z.unit[0].w, 2, 0);
    assert_close(z.unit[0].b, -1, 0);
    assert_close(z.unit[0].c, 0.9, TOL);   // 1 - 0.1, one rounding
    assert_close(nn_relusum_eval(&z, 0), -0.1, TOL);
    assert_close(nn_relusum_eval(&z, 1), 1, TOL);
    for (double x = -3; x <= 3; x += 0.25)
        assert_close(nn_relusum_eval(&z, x),
                     program_at(d, "leaky_relu(2x - 1, 0.1)", x), TOL);
    nn_relusum_free(&z);

    /* the default slope, 0.01: 0.01x + 0.99*relu(x) */
    z = must_sum(d, "leaky_relu(x)");
    assert_int_equal(z.n, 1);
    assert_close(z.c1, 0.01, 0);         // 0.01 * 1
    assert_close(z.unit[0].c, 0.99, TOL);
    nn_relusum_free(&z);

    /* slope 1 is the line x: the unit's weight 1 - 1 = 0 drops it */
    z = must_sum(d, "leaky_relu(x, 1)");
    assert_int_equal(z.n, 0);
    assert_close(z.c1, 1, 0);
    nn_relusum_free(&z);
}

/* leaky_relu with slope 0 is relu itself (max(0*z, z) = max(0, z)), a
 * slope the activation accepts, so it is a ReLU sum:
 * leaky_relu(2x - 1, 0) = relu(2x - 1). */
static void test_relusum_leaky_relu_slope_zero(void **state)
{
    defs *d = *state;
    nn_relusum z;
    assert_int_equal(sum_of(d, "leaky_relu(2x - 1, 0)", &z), NN_OK);
    assert_int_equal(z.n, 1);
    assert_unit(&z, 0, 2, -1, 1);
    assert_close(z.c1, 0, 0);
    nn_relusum_free(&z);
}

/* linear(z) = z: a line, no units. */
static void test_relusum_linear(void **state)
{
    defs *d = *state;
    /* linear(3x + 2) - x/2 = 2.5x + 2 */
    nn_relusum z = must_sum(d, "linear(3x + 2) - x/2");
    assert_int_equal(z.n, 0);
    assert_close(z.c1, 2.5, 0);    // 3 - 0.5, exact in binary
    assert_close(z.c0, 2, 0);
    nn_relu_piece *p = NULL;
    size_t n = 0;
    assert_int_equal(nn_relusum_pieces(&z, &p, &n), NN_OK);
    assert_int_equal(n, 1);
    assert_close(p[0].slope, 2.5, 0);
    assert_close(p[0].icpt, 2, 0);
    free(p);
    nn_relusum_free(&z);

    /* the plain line, and a line plus a unit */
    z = must_sum(d, "(2x + 1)*3 - x");
    assert_int_equal(z.n, 0);
    assert_close(z.c1, 5, 0);      // 6 - 1
    assert_close(z.c0, 3, 0);
    nn_relusum_free(&z);
    z = must_sum(d, "x + relu(-x)");   // = |x| for x < 0, x for x > 0
    assert_int_equal(z.n, 1);
    assert_close(z.c1, 1, 0);
    assert_unit(&z, 0, -1, 0, 1);
    nn_relusum_free(&z);
}

/* Constant parts are folded into numbers. */
static void test_relusum_constants_folded(void **state)
{
    defs *d = *state;
    /* 2*relu(3) = 2*3 = 6; relu(-3) = 0; relu(0*x + 2) = relu(2) = 2 */
    nn_relusum z = must_sum(d, "2*relu(3)");
    assert_int_equal(z.n, 0);
    assert_close(z.c0, 6, 0);
    assert_close(z.c1, 0, 0);
    nn_relusum_free(&z);
    z = must_sum(d, "relu(-3) + relu(0*x + 2)");
    assert_int_equal(z.n, 0);
    assert_close(z.c0, 2, 0);
    assert_close(z.c1, 0, 0);
    nn_relusum_free(&z);
    /* constant factors of every kind: sigmoid(0) = 0.5, 2^3 = 8,
     * relu'(1) = 1, sin(pi/2) = 1 (one libm rounding), w1 = 0.5 (a
     * session value), relu(x)/4 = 0.25 relu(x):
     * 0.5 + 8 + 1 + 1 + 0.5 + 0.25 = 11.25 */
    z = must_sum(d, "sigmoid(0)*relu(x) + 2^3*relu(x) + relu'(1)*relu(x)"
                    " + sin(pi/2)*relu(x) + w1*relu(x) + relu(x)/4");
    assert_int_equal(z.n, 1);
    assert_close(z.unit[0].c, 11.25, TOL);
    nn_relusum_free(&z);
    /* a definition that is a constant, called or bare:
     * 2pi + 2pi + 2pi = 6pi */
    define(d, "k", "2*pi");
    z = must_sum(d, "k(0)*relu(x) + relu(x)*k(5) + k*relu(x)");
    assert_int_equal(z.n, 1);
    assert_close(z.unit[0].c, 6 * PI, TOL);
    nn_relusum_free(&z);
}

/* A call with an affine argument substitutes it:
 *   n1(2x + 1) = relu(-5(2x + 1) - 7.7) = relu(-10x - 12.7)
 *   m(x) = n1(2x + 1);  m(x - 1) = relu(-10(x - 1) - 12.7)
 *                                = relu(-10x - 2.7)
 *   n1(3) = relu(-15 - 7.7) = 0, a constant */
static void test_relusum_call_with_affine_argument(void **state)
{
    defs *d = *state;
    define(d, "n1", "Relu(-5x - 7.7)");
    nn_relusum z = must_sum(d, "n1(2x + 1)");
    assert_int_equal(z.n, 1);
    assert_close(z.unit[0].w, -10, 0);     // -5 * 2
    assert_close(z.unit[0].b, -12.7, TOL); // -5 - 7.7, one rounding
    assert_close(z.unit[0].c, 1, 0);
    assert_int_equal(z.unit[0].origin, defs_find(d, "n1", 2));
    /* the break moves to -12.7/10 = -1.27 */
    assert_close(nn_relusum_eval(&z, -2), program_at(d, "n1(2x + 1)", -2),
                 TOL);
    /* at x = -2: relu(20 - 12.7) = 7.3 */
    assert_close(nn_relusum_eval(&z, -2), 7.3, TOL);
    nn_relusum_free(&z);

    define(d, "m", "n1(2x + 1)");
    z = must_sum(d, "m(x - 1)");
    assert_int_equal(z.n, 1);
    assert_close(z.unit[0].w, -10, 0);
    assert_close(z.unit[0].b, -2.7, TOL);  // 10 - 12.7
    assert_int_equal(z.unit[0].origin, defs_find(d, "n1", 2));
    nn_relusum_free(&z);

    z = must_sum(d, "n1(3) + 1");
    assert_int_equal(z.n, 0);
    assert_close(z.c0, 1, 0);
    nn_relusum_free(&z);

    /* a scaled call: -3*n1(x/2) = -3 relu(-2.5x - 7.7) */
    z = must_sum(d, "-3*n1(x/2)");
    assert_int_equal(z.n, 1);
    assert_close(z.unit[0].w, -2.5, 0);
    assert_close(z.unit[0].b, -7.7, 0);
    assert_close(z.unit[0].c, -3, 0);
    nn_relusum_free(&z);
}

/* What is not a sum of ReLU units of linear functions of x is refused
 * with NN_EFORMAT, and *z is left empty. */
static void test_relusum_refusals(void **state)
{
    static const char *const bad[] = {
        "x*x", "x^2", "2^x", "1/x", "sin(x)", "exp(x) + relu(x)",
        "sigmoid(x)", "tanh(2x - 1)",
        "relu(relu(x))",              // relu of a form holding a unit
        "relu(x + relu(x - 1))",
        "relu(x)*relu(x)",
        "relu(x)/relu(x + 1)",
        "relu'(x)",                   // a step, not a ReLU sum
        "relu(x)/0",
        "relu(x)^2",
        "n1(relu(x))",                // a call with a non-affine argument
        "n1(x*x)",
        "q + relu(x)",                // q = sin(x)
        "q(0) + q",
    };
    defs *d = *state;
    define(d, "n1", "relu(-5x - 7.7)");
    define(d, "q", "sin(x)");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        nn_relusum z;
        nn_status st = sum_of(d, bad[i], &z);
        if (st != NN_EFORMAT)
            fail_msg("'%s': %s, expected NN_EFORMAT", bad[i],
                     nn_strerror(st));
        assert_int_equal(z.n, 0);
        assert_null(z.unit);
    }
    /* a constant call of a non-sum is just a number: q(0) = sin(0) = 0 */
    nn_relusum z = must_sum(d, "q(0)*relu(x) + 1");
    assert_int_equal(z.n, 0);
    assert_close(z.c0, 1, 0);
    nn_relusum_free(&z);
}

/* A call nobody can resolve, and a session value nobody can give, are
 * NN_EUNDEF. */
static void test_relusum_undefined(void **state)
{
    defs *d = *state;
    define(d, "n1", "relu(x)");
    nn_expr *e = compile(d, "n1 + w1");
    nn_relusum z = { 0 };
    nn_expr_env env = { 0, NULL, NULL, d, NULL };
    /* no var callback: w1 has no value */
    assert_int_equal(nn_relusum_from_expr(e, def_prog, &env, &z),
                     NN_EUNDEF);
    assert_null(z.unit);
    /* no definitions */
    env.var = var_value;
    assert_int_equal(nn_relusum_from_expr(e, NULL, &env, &z), NN_EUNDEF);
    assert_int_equal(nn_relusum_from_expr(e, def_prog, NULL, &z),
                     NN_EUNDEF);
    nn_expr_free(e);
}

/* ---- the call limit, with programs built by hand ---- */

/* chain[k] is  x -> chain[k-1](x) + 1,  chain[0] is relu(x); chain[70]
 * calls itself. Looked up by id through the env's ctx. */
#define CHAIN 72
static nn_expr *chain[CHAIN];

static const nn_expr *chain_prog(void *ctx, int id)
{
    (void)ctx;
    return id >= 0 && id < CHAIN ? chain[id] : NULL;
}

static void emit_all(nn_expr *e, const nn_instr *in, size_t n)
{
    for (size_t i = 0; i < n; i++)
        assert_int_equal(nn_expr_emit(e, in[i]), NN_OK);
}

static int build_chain(void **state)
{
    (void)state;
    for (int k = 0; k < CHAIN; k++) {
        chain[k] = nn_expr_new();
        if (!chain[k])
            return -1;
        int callee = k == 70 ? 70 : k - 1;
        nn_instr leaf[] = {
            { NN_OP_X, 0, 0, NULL },
            { NN_OP_ACT, 0, 0, nn_act_find("relu", 4) },
        };
        nn_instr link[] = {
            { NN_OP_X, 0, 0, NULL }, { NN_OP_CALL, callee, 0, NULL },
            { NN_OP_CONST, 0, 1, NULL }, { NN_OP_ADD, 0, 0, NULL },
        };
        if (k == 0)
            emit_all(chain[k], leaf, 2);
        else
            emit_all(chain[k], link, 4);
    }
    return 0;
}

static int free_chain(void **state)
{
    (void)state;
    for (int k = 0; k < CHAIN; k++)
        nn_expr_free(chain[k]);
    return 0;
}

/* Reads `x -> chain[top](x)`. */
static nn_status chain_sum(int top, nn_relusum *z)
{
    nn_expr *e = nn_expr_new();
    nn_instr in[] = {
        { NN_OP_X, 0, 0, NULL }, { NN_OP_CALL, top, 0, NULL },
    };
    emit_all(e, in, 2);
    memset(z, 0, sizeof *z);
    nn_status st = nn_relusum_from_expr(e, chain_prog, NULL, z);
    nn_expr_free(e);
    return st;
}

/* The definitions table allows chains of DEFS_MAX_DEPTH = 64 definitions,
 * so reading one that deep must work: chain[63] is 64 definitions,
 * relu(x) + 63. One more call is refused with NN_EDEPTH, and so is a
 * definition that calls itself, instead of recursing without end. */
static void test_relusum_call_limit(void **state)
{
    nn_relusum z;
    (void)state;
    assert_int_equal(DEFS_MAX_DEPTH, 64);
    assert_int_equal(chain_sum(63, &z), NN_OK);
    assert_int_equal(z.n, 1);
    assert_unit(&z, 0, 1, 0, 1);
    assert_close(z.c0, 63, 0);          // 63 additions of 1
    assert_int_equal(z.unit[0].origin, 0);
    nn_relusum_free(&z);
    assert_int_equal(chain_sum(64, &z), NN_EDEPTH);
    assert_null(z.unit);
    assert_int_equal(chain_sum(69, &z), NN_EDEPTH);
    assert_int_equal(chain_sum(70, &z), NN_EDEPTH);   // calls itself
    assert_null(z.unit);
}

/* At most NN_RELUSUM_MAX_UNITS distinct units: relu(x - k) for k = 0 ..
 * 9999 is read, one more is refused. */
static void test_relusum_unit_limit(void **state)
{
    (void)state;
    nn_expr *e = nn_expr_new();
    const nn_act *relu = nn_act_find("relu", 4);
    for (int k = 0; k <= NN_RELUSUM_MAX_UNITS; k++) {
        nn_instr in[] = {
            { NN_OP_X, 0, 0, NULL }, { NN_OP_CONST, 0, k, NULL },
            { NN_OP_SUB, 0, 0, NULL }, { NN_OP_ACT, 0, 0, relu },
            { NN_OP_ADD, 0, 0, NULL },
        };
        emit_all(e, in, k == 0 ? 4 : 5);
        if (k == NN_RELUSUM_MAX_UNITS - 1) {
            nn_relusum z;
            assert_int_equal(nn_relusum_from_expr(e, NULL, NULL, &z),
                             NN_OK);
            assert_int_equal(z.n, NN_RELUSUM_MAX_UNITS);
            /* at x = 3: relu(3) + relu(2) + relu(1) = 6 */
            assert_close(nn_relusum_eval(&z, 3), 6, 0);
            nn_relusum_free(&z);
        }
    }
    nn_relusum z = { 0 };
    assert_int_equal(nn_relusum_from_expr(e, NULL, NULL, &z), NN_ERANGE);
    assert_null(z.unit);
    nn_expr_free(e);
}

/* Reading a sum is stopped as evaluating it is (env->stop, asked every
 * NN_EXPR_STOP_EVERY instructions): a sum of 1000 units, 4999
 * instructions, is past that at its first run, so a hook that always says
 * stop ends the reading with NN_EINTR and nothing kept; a hook that never
 * does is asked once and the sum is read. */
static int always(void *ctx)
{
    ++*(int *)ctx;
    return 1;
}

static int never(void *ctx)
{
    ++*(int *)ctx;
    return 0;
}

static void test_relusum_reading_stops(void **state)
{
    (void)state;
    nn_expr *e = nn_expr_new();
    const nn_act *relu = nn_act_find("relu", 4);
    for (int k = 0; k < 1000; k++) {
        nn_instr in[] = {
            { NN_OP_X, 0, 0, NULL }, { NN_OP_CONST, 0, k, NULL },
            { NN_OP_SUB, 0, 0, NULL }, { NN_OP_ACT, 0, 0, relu },
            { NN_OP_ADD, 0, 0, NULL },
        };
        emit_all(e, in, k == 0 ? 4 : 5);
    }
    int asked = 0;
    nn_stop stop = { always, &asked, 0 };
    nn_expr_env env = { 0, NULL, NULL, NULL, &stop };
    nn_relusum z = { 0 };
    assert_int_equal(nn_relusum_from_expr(e, NULL, &env, &z), NN_EINTR);
    assert_int_equal(asked, 1);
    assert_null(z.unit);
    asked = 0;
    stop = (nn_stop){ never, &asked, 0 };
    assert_int_equal(nn_relusum_from_expr(e, NULL, &env, &z), NN_OK);
    assert_int_equal(asked, 1);
    assert_int_equal(z.n, 1000);
    nn_relusum_free(&z);
    nn_expr_free(e);
}

/* ==================== breaks and pieces of plain data ==================== */

/* A sum built by hand: relu(x) and relu(2x) share the break 0, which is
 * listed once; right of it the slope is 1*1 + 1*2 = 3. A unit with w = 0
 * has no break and adds relu(b) everywhere: relu(1.5) = 1.5. */
static void test_relusum_pieces_by_hand(void **state)
{
    nn_relu_unit u[] = {
        { 2, 0, 1, -1 }, { 1, 0, 1, -1 }, { 0, 1.5, 1, -1 },
        { -1, -2, 2, -1 },                 // 2 relu(-x - 2): on for x < -2
    };
    nn_relusum z = { 0.5, 0, 4, u };
    double *t = NULL;
    size_t n = 0;
    (void)state;
    assert_int_equal(nn_relusum_breaks(&z, &t, &n), NN_OK);
    assert_int_equal(n, 2);
    assert_close(t[0], -2, 0);
    assert_close(t[1], 0, 0);
    free(t);
    nn_relu_piece *p = NULL;
    assert_int_equal(nn_relusum_pieces(&z, &p, &n), NN_OK);
    assert_int_equal(n, 3);
    /* x < -2: 0.5 + 1.5 + 2(-x - 2) = -2x - 2 */
    assert_close(p[0].slope, -2, 0);
    assert_close(p[0].icpt, -2, 0);
    /* -2 < x < 0: 0.5 + 1.5 = 2 */
    assert_close(p[1].slope, 0, 0);
    assert_close(p[1].icpt, 2, 0);
    /* x > 0: 2 + 2x + x = 3x + 2 */
    assert_close(p[2].slope, 3, 0);
    assert_close(p[2].icpt, 2, 0);
    /* nn_relusum_eval agrees: at x = -3: 6 - 2 = 4; at x = 1: 5 */
    assert_close(nn_relusum_eval(&z, -3), 4, 0);
    assert_close(nn_relusum_eval(&z, 1), 5, 0);
    free(p);
}

/* Slopes and intercepts of the pieces of z, copied out (at most 3) so
 * the array is freed before anything is asserted. */
static size_t piece_lines(const nn_relusum *z, double *slope, double *icpt)
{
    nn_relu_piece *p = NULL;
    size_t n = 0;
    assert_int_equal(nn_relusum_pieces(z, &p, &n), NN_OK);
    for (size_t i = 0; i < n && i < 3; i++) {
        slope[i] = p[i].slope;
        icpt[i] = p[i].icpt;
    }
    free(p);
    return n;
}

/* Pieces far out: relu(x - 1e17) is 0 left of 1e17 and x - 1e17 right of
 * it. 1e17 is past 2^53, where 1e17 + 1 rounds back to 1e17, so a point
 * "just right of the last break" must be found some other way than
 * adding 1. Likewise relu(x - 1e300) + relu(x - 1.5e308): slope 2 past
 * 1.5e308. */
static void test_relusum_pieces_far_out(void **state)
{
    double slope[3], icpt[3];
    (void)state;
    nn_relu_unit u[] = { { 1, -1e17, 1, -1 } };
    nn_relusum z = { 0, 0, 1, u };
    assert_int_equal(piece_lines(&z, slope, icpt), 2);
    assert_close(slope[0], 0, 0);
    assert_close(slope[1], 1, 0);
    assert_close(icpt[1], -1e17, 0);

    nn_relu_unit v[] = { { -1, -1e17, 1, -1 } };  // on for x < -1e17
    z.unit = v;
    assert_int_equal(piece_lines(&z, slope, icpt), 2);
    assert_close(slope[0], -1, 0);
    assert_close(icpt[0], -1e17, 0);
    assert_close(slope[1], 0, 0);

    nn_relu_unit w[] = { { 1, -1e300, 1, -1 }, { 1, -1.5e308, 1, -1 } };
    z.n = 2;
    z.unit = w;
    assert_int_equal(piece_lines(&z, slope, icpt), 3);
    assert_close(slope[1], 1, 0);
    assert_close(slope[2], 2, 0);
}

/* ============================ fitting ============================ */

static nn_status f_sin(void *ctx, double x, double *y)
{
    (void)ctx;
    *y = sin(x);
    return NN_OK;
}

static nn_status f_square(void *ctx, double x, double *y)
{
    (void)ctx;
    *y = x * x;
    return NN_OK;
}

static nn_status f_gauss(void *ctx, double x, double *y)
{
    (void)ctx;
    *y = exp(-x * x);
    return NN_OK;
}

/* the slide's target, x^3 + x^2 - x - 1 = (x - 1)(x + 1)^2 */
static nn_status f_cubic(void *ctx, double x, double *y)
{
    (void)ctx;
    *y = x * x * x + x * x - x - 1;
    return NN_OK;
}

static nn_status f_inverse(void *ctx, double x, double *y)
{
    (void)ctx;
    *y = 1 / x;
    return NN_OK;
}

static nn_status f_sqrt(void *ctx, double x, double *y)
{
    (void)ctx;
    *y = sqrt(x);
    return NN_OK;
}

/* Fails on its third call, as an interrupted evaluation would. */
static nn_status f_stops(void *ctx, double x, double *y)
{
    int *calls = ctx;
    *y = x;
    return ++*calls == 3 ? NN_EINTR : NN_OK;
}

/* Counts calls at a non-finite x (a knot that overflowed). */
static nn_status f_counts_bad_x(void *ctx, double x, double *y)
{
    int *bad = ctx;
    if (!isfinite(x))
        ++*bad;
    *y = sin(x);
    return NN_OK;
}

/* Fits f with n units on [a, b]; fails the test unless NN_OK. */
static nn_relusum fit(nn_target_fn f, double a, double b, size_t n)
{
    nn_relusum z = { 0 };
    double bad = 0;
    nn_status st = nn_relusum_fit(f, NULL, a, b, n, &z, &bad);
    if (st != NN_OK)
        fail_msg("fit with %zu units: %s", n, nn_strerror(st));
    assert_int_equal(z.n, n);
    return z;
}

/* Max |Z - f| on `points` evenly spaced points of [a, b]. */
static double max_error_on(const nn_relusum *z, nn_target_fn f, double a,
                           double b, size_t points)
{
    double worst = 0;
    for (size_t i = 0; i < points; i++) {
        double x = a + (b - a) * ((double)i / (double)(points - 1)), y;
        f(NULL, x, &y);
        double e = fabs(nn_relusum_eval(z, x) - y);
        worst = e > worst ? e : worst;
    }
    return worst;
}

/* Max |Z - f| on 64n + 1 points of [a, b] for a fit with n units: the
 * grid holds every knot and every midpoint between knots (multiples of
 * h/64). */
static double max_error(const nn_relusum *z, nn_target_fn f, double a,
                        double b)
{
    return max_error_on(z, f, a, b, 64 * z->n + 1);
}

/* Z passes through f at every knot t_k = a + k*h, k = 0 .. n (t_n = b).
 * Z(t_k) = f(a) + sum_j (s_j - s_{j-1}) (t_k - t_j) telescopes to f(t_k)
 * in exact arithmetic; in floating point each of the ~n terms is of size
 * |f'| * (b - a), so the rounding is within n * 1e-15 * scale: tol. */
static void assert_through_knots(const nn_relusum *z, nn_target_fn f,
                                 double a, double b, double tol)
{
    double h = (b - a) / (double)z->n;
    for (size_t k = 0; k <= z->n; k++) {
        double t = k == z->n ? b : a + (double)k * h, y;
        f(NULL, t, &y);
        assert_close(nn_relusum_eval(z, t), y, tol);
    }
}

/* The units a fit makes, for x^2 on [-1, 1] with 4 units, by hand:
 *   h = 2/4 = 0.5, knots -1, -0.5, 0, 0.5, 1; f = 1, 0.25, 0, 0.25, 1
 *   chord slopes s = (0.25 - 1)/0.5 = -1.5, -0.5, 0.5, 1.5
 *   unit k = relu(x - t_k), weight s_k - s_{k-1} (s_{-1} = 0):
 *     relu(x + 1)*-1.5, relu(x + 0.5)*1, relu(x)*1, relu(x - 0.5)*1
 *   c0 = f(-1) = 1, c1 = 0
 * Every number is a small dyadic fraction: the arithmetic is exact. */
static void test_relusum_fit_units_by_hand(void **state)
{
    (void)state;
    nn_relusum z = fit(f_square, -1, 1, 4);
    assert_close(z.c0, 1, 0);
    assert_close(z.c1, 0, 0);
    assert_unit(&z, 0, 1, 1, -1.5);
    assert_unit(&z, 1, 1, 0.5, 1);
    assert_unit(&z, 2, 1, 0, 1);
    assert_unit(&z, 3, 1, -0.5, 1);
    for (size_t k = 0; k < 4; k++)
        assert_int_equal(z.unit[k].origin, -1);
    /* Z(-0.75) = 1 - 1.5*0.25 = 0.625, against f = 0.5625: the error
     * h^2/4 = 0.0625 at a midpoint */
    assert_close(nn_relusum_eval(&z, -0.75), 0.625, 0);
    assert_through_knots(&z, f_square, -1, 1, 0);
    nn_relusum_free(&z);
}

/* sin on [-pi, pi]: |sin''| <= 1, so |sin - Z| <= h^2/8 with
 * h = 2pi/n: 8 units: pi^2/128 = 0.0771 (under the 0.1),
 * 24 units: pi^2/1152 = 0.00857 (under 0.01). */
static void test_relusum_fit_sin(void **state)
{
    static const size_t ns[] = { 8, 24 };
    static const double goal[] = { 0.1, 0.01 };
    (void)state;
    for (size_t i = 0; i < 2; i++) {
        size_t n = ns[i];
        double h = 2 * PI / (double)n;
        nn_relusum z = fit(f_sin, -PI, PI, n);
        double err = max_error(&z, f_sin, -PI, PI);
        assert_true(err < goal[i]);
        /* within the bound, up to rounding (1e-12 of values near 1) */
        assert_true(err <= h * h / 8 + 1e-12);
        /* and not far below it: |sin''| is near 1 around the peaks,
         * so the bound is nearly reached (measured 0.91 and 0.99 of it) */
        assert_true(err >= 0.5 * h * h / 8);
        assert_through_knots(&z, f_sin, -PI, PI, 1e-12);
        nn_relusum_free(&z);
    }
}

/* x^2 on [-1, 1]: f'' = 2, so the bound is h^2/8 * 2 = h^2/4, reached
 * exactly at every midpoint (the chord over [t, t + h] lies
 * (x - t)(t + h - x) above x^2, h^2/4 at the middle). h = 2/n:
 *   n = 4: 0.0625, n = 8: 0.015625, n = 16: 0.00390625, n = 32: 1/1024.
 * Doubling n quarters the error. */
static void test_relusum_fit_square(void **state)
{
    (void)state;
    double prev = 0;
    for (size_t n = 4; n <= 32; n *= 2) {
        double h = 2.0 / (double)n;
        nn_relusum z = fit(f_square, -1, 1, n);
        double err = max_error(&z, f_square, -1, 1);
        /* h^2/4 exactly, up to rounding in Z's sum of n terms near 1:
         * 1e-13 */
        assert_close(err, h * h / 4, 1e-13);
        if (prev > 0)
            assert_rel_close(prev / err, 4, 1e-9);  // same rounding
        prev = err;
        assert_through_knots(&z, f_square, -1, 1, 1e-13);
        nn_relusum_free(&z);
    }
}

/* exp(-x^2) on [-3, 3]: f'' = (4x^2 - 2) e^{-x^2}, largest in size at
 * x = 0 (|f''| = 2; the other extremes, at x^2 = 1.5, are
 * 4 e^{-1.5} = 0.89), so the bound is h^2/4 with h = 6/n. The worst
 * interval touches x = 0, where f'' is nearly constant once h is small,
 * so doubling n divides the error by nearly 4. At n = 12 (h = 0.5) f''
 * still changes across it (-2 at 0, -1.56 at 0.5) and the first doubling
 * gains only ~3.4 (measured); from n = 24 on, within 4 +- 0.25. */
static void test_relusum_fit_gauss(void **state)
{
    (void)state;
    double prev = 0;
    for (size_t n = 12; n <= 96; n *= 2) {
        double h = 6.0 / (double)n;
        nn_relusum z = fit(f_gauss, -3, 3, n);
        double err = max_error(&z, f_gauss, -3, 3);
        assert_true(err <= h * h / 4 + 1e-12);
        if (prev > 0)
            assert_true(prev / err > 3);
        if (prev > 0 && n >= 48) {
            assert_true(prev / err > 3.75);
            assert_true(prev / err < 4.25);
        }
        prev = err;
        assert_through_knots(&z, f_gauss, -3, 3, 1e-12);
        nn_relusum_free(&z);
    }
    /* The example, G = fit exp(-x^2) from -3 to 3 with 12 units:
     * within its bound 0.0625 */
    nn_relusum z = fit(f_gauss, -3, 3, 12);
    assert_true(max_error(&z, f_gauss, -3, 3) < 0.0625);
    nn_relusum_free(&z);
}

/* The slide's cubic on [-2, 1.5]: f'' = 6x + 2, largest in size at
 * x = 1.5 (6*1.5 + 2 = 11; at x = -2 it is |-10| = 10), so the bound is
 * h^2/8 * 11 with h = 3.5/n. With the slide's 6 units: h = 7/12,
 * bound = 49/144 * 11/8 = 0.4679. Doubling n divides the error by
 * nearly 4 (f'' changes little across the worst interval). */
static void test_relusum_fit_cubic(void **state)
{
    (void)state;
    double prev = 0;
    for (size_t n = 6; n <= 48; n *= 2) {
        double h = 3.5 / (double)n;
        nn_relusum z = fit(f_cubic, -2, 1.5, n);
        double err = max_error(&z, f_cubic, -2, 1.5);
        assert_true(err <= h * h / 8 * 11 + 1e-12);
        if (prev > 0) {
            assert_true(prev / err > 3.5);
            assert_true(prev / err < 4.5);
        }
        prev = err;
        /* values up to |f(-2)| = 3 and slopes up to f'(1.5) = 8.75 */
        assert_through_knots(&z, f_cubic, -2, 1.5, 1e-12);
        nn_relusum_free(&z);
    }
    /* Six fitted units against the slide's six hand-placed ones, on the
     * same grid: the even knots do better (measured 0.394 against 0.4325,
     * the slide's worst error, at x = -1.918, near the left end where
     * 6.2x + 9 falls away from the cubic). */
    nn_relu_unit slide[] = {
        { -5, -7.7, -1, -1 }, { -1.2, -1.3, -1, -1 }, { 1.2, 1, -1, -1 },
        { 1.2, -0.2, 1, -1 }, { 2, -1.1, 1, -1 }, { 5, -5, 1, -1 },
    };
    nn_relusum hand = { 0, 0, 6, slide };
    nn_relusum z = fit(f_cubic, -2, 1.5, 6);
    double fitted = max_error_on(&z, f_cubic, -2, 1.5, 10001);
    double by_hand = max_error_on(&hand, f_cubic, -2, 1.5, 10001);
    assert_close(by_hand, 0.4325, 5e-5);   // `compare` prints 4 digits
    assert_true(fitted < by_hand);
    nn_relusum_free(&z);
}

/* The most units a fit may have. */
static void test_relusum_fit_max_units(void **state)
{
    (void)state;
    nn_relusum z = fit(f_sin, -PI, PI, NN_RELUSUM_MAX_UNITS);
    /* h = 2pi/10000: bound h^2/8 = 4.9e-8; 1e-10 allows the rounding
     * of a sum of 10,000 terms near 1. 1001 points keep it quick. */
    double h = 2 * PI / NN_RELUSUM_MAX_UNITS;
    double err = max_error_on(&z, f_sin, -PI, PI, 1001);
    assert_true(err <= h * h / 8 + 1e-10);
    nn_relusum_free(&z);
}

/* Refusals: an empty or backward range, no units, too many, bounds that
 * are not finite, a target that is not finite at a knot (with where), and
 * the target's own error. *out is untouched on every one. */
static void test_relusum_fit_errors(void **state)
{
    nn_relusum z = { 42, 7, 0, NULL };   // a marker the fit must not touch
    double bad = 123;
    (void)state;
    assert_int_equal(nn_relusum_fit(f_sin, NULL, 1, 1, 8, &z, &bad),
                     NN_ERANGE);
    assert_int_equal(nn_relusum_fit(f_sin, NULL, 1, -1, 8, &z, &bad),
                     NN_ERANGE);
    assert_int_equal(nn_relusum_fit(f_sin, NULL, -1, 1, 0, &z, &bad),
                     NN_ERANGE);
    assert_int_equal(nn_relusum_fit(f_sin, NULL, -1, 1,
                                    NN_RELUSUM_MAX_UNITS + 1, &z, &bad),
                     NN_ERANGE);
    assert_int_equal(nn_relusum_fit(f_sin, NULL, -INFINITY, 1, 8, &z, &bad),
                     NN_ERANGE);
    assert_int_equal(nn_relusum_fit(f_sin, NULL, -1, INFINITY, 8, &z, &bad),
                     NN_ERANGE);
    assert_int_equal(nn_relusum_fit(f_sin, NULL, NAN, 1, 8, &z, &bad),
                     NN_ERANGE);
    assert_int_equal(nn_relusum_fit(f_sin, NULL, -1, NAN, 8, &z, &bad),
                     NN_ERANGE);
    assert_close(bad, 123, 0);           // no knot was at fault
    assert_close(z.c0, 42, 0);
    assert_close(z.c1, 7, 0);
    assert_null(z.unit);

    /* 1/x on [-1, 1] with 4 units: the knot -1 + 2*0.5 = 0 (exact) */
    assert_int_equal(nn_relusum_fit(f_inverse, NULL, -1, 1, 4, &z, &bad),
                     NN_ERANGE);
    assert_close(bad, 0, 0);
    /* sqrt on [-1, 1]: NaN at the first knot, -1 */
    assert_int_equal(nn_relusum_fit(f_sqrt, NULL, -1, 1, 4, &z, &bad),
                     NN_ERANGE);
    assert_close(bad, -1, 0);
    assert_close(z.c0, 42, 0);
    assert_null(z.unit);

    /* the target's own error comes back as it is */
    int calls = 0;
    assert_int_equal(nn_relusum_fit(f_stops, &calls, -1, 1, 8, &z, &bad),
                     NN_EINTR);
    assert_int_equal(calls, 3);
    assert_close(z.c0, 42, 0);
    assert_null(z.unit);
}

/* Finite bounds whose distance overflows: -1e308 to 1e308 is 2e308 wide,
 * past DBL_MAX. The knots are computed as a*(1 - k/n) + b*(k/n), so they
 * stay finite, and the target is never asked for its value at a
 * non-finite x; the knots are -1e308, -5e307, 0, 5e307 (and 1e308). */
static void test_relusum_fit_range_too_wide(void **state)
{
    nn_relusum z = { 0 };
    double bad = 0;
    int calls_at_bad_x = 0;
    (void)state;
    assert_int_equal(nn_relusum_fit(f_counts_bad_x, &calls_at_bad_x, -1e308,
                                    1e308, 4, &z, &bad), NN_OK);
    assert_int_equal(calls_at_bad_x, 0);
    assert_int_equal(z.n, 4);
    /* unit k is relu(x - t_k): b = -t_k; exact, as each t_k is a*(1-f) +
     * b*f with f in {0, 1/4, 1/2, 3/4} */
    assert_close(z.unit[0].b, 1e308, 0);
    assert_close(z.unit[2].b, 0, 0);
    assert_rel_close(z.unit[3].b, -5e307, 1e-15);  // 1 ulp of rounding
    nn_relusum_free(&z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_relusum_slide_units, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_relusum_slide_short_form, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_relusum_slide_values, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_relusum_slide_breaks, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_relusum_slide_pieces, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_relusum_follows_redefinition,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_relusum_merges_equal_units,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_relusum_cancels, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_relusum_leaky_relu, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_relusum_leaky_relu_slope_zero,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_relusum_linear, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_relusum_constants_folded, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_relusum_call_with_affine_argument, setup, teardown),
        cmocka_unit_test_setup_teardown(test_relusum_refusals, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_relusum_undefined, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_relusum_call_limit, build_chain,
                                        free_chain),
        cmocka_unit_test(test_relusum_unit_limit),
        cmocka_unit_test(test_relusum_reading_stops),
        cmocka_unit_test(test_relusum_pieces_by_hand),
        cmocka_unit_test(test_relusum_pieces_far_out),
        cmocka_unit_test(test_relusum_fit_units_by_hand),
        cmocka_unit_test(test_relusum_fit_sin),
        cmocka_unit_test(test_relusum_fit_square),
        cmocka_unit_test(test_relusum_fit_gauss),
        cmocka_unit_test(test_relusum_fit_cubic),
        cmocka_unit_test(test_relusum_fit_max_units),
        cmocka_unit_test(test_relusum_fit_errors),
        cmocka_unit_test(test_relusum_fit_range_too_wide),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
