/*
 * test_act.c - the activation table: values, derivatives, extremes, names.
 *
 * Expected values come from the definitions: either a hand-worked number
 * (written out in a comment, computed to 20 digits with Python's mpmath)
 * or an independent textbook formula evaluated where it is safe.
 */
#include <float.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"

#include "engine/act.h"

/* SELU's constants, as in the paper and PyTorch. */
#define LAMBDA 1.0507009873554804934193349852946
#define ALPHA 1.6732632423543772848170429916717

/* pi, since M_PI is not ISO C. */
#define PI 3.14159265358979323846

/* Relative tolerance for a value against an independent formula at an
 * ordinary point: both sides are a few roundings (a few ulp, ~1e-15) from
 * the truth; the worst case is the oracle's 1 + erf(z/sqrt2) or
 * 1 + tanh(u) at z = -2.2, where they cancel to ~0.028 and the oracle is
 * good to ~4e-15 relative. 1e-12 leaves a wide margin and still catches
 * any wrong constant or formula. */
#define REL_FORMULA 1e-12

/* Ordinary points: away from every kink (0, +-3) by far more than the
 * finite-difference step, both signs, both sides of 1. */
static const double points[] = { -4.3, -2.2, -0.7, -0.3, 0.4, 1.1, 2.6, 3.7 };
#define POINT_COUNT (sizeof points / sizeof points[0])

/* The points where every textbook oracle below is good to REL_FORMULA: at
 * -4.3 the oracles' 1 + erf(.) and 1 + tanh(.) cancel to ~1e-5 and keep
 * only ~11 digits; test_act_gelu_keeps_negative_tail checks that tail
 * against mpmath instead. */
static const double safe_points[] = { -2.2, -0.7, -0.3, 0.4, 1.1, 2.6, 3.7 };
#define SAFE_POINT_COUNT (sizeof safe_points / sizeof safe_points[0])

/* The row called `name`, which must exist. */
static const nn_act *row(const char *name)
{
    const nn_act *act = nn_act_find(name, strlen(name));
    assert_non_null(act);
    return act;
}

static double f(const char *name, double z)
{
    const nn_act *act = row(name);
    return act->f(z, act->param_default);
}

static double df(const char *name, double z)
{
    const nn_act *act = row(name);
    return act->df(z, act->param_default);
}

/* ---- the table ------------------------------------------------------- */

static void test_act_table_order(void **state)
{
    (void)state;
    static const char *const names[] = {
        "step", "sign", "linear", "sigmoid", "tanh", "relu", "leaky_relu",
        "elu", "selu", "softplus", "gelu", "gelu_tanh", "silu", "softsign",
        "hard_sigmoid", "mish",
    };
    size_t count = sizeof names / sizeof names[0];

    assert_int_equal(nn_act_count(), count);
    for (size_t i = 0; i < count; i++)
        assert_string_equal(nn_act_at(i)->name, names[i]);
    assert_null(nn_act_at(count));
    assert_null(nn_act_at((size_t)-1));
}

/* Every text is present, ASCII and on one line; names are lower case and
 * unique; the parameter fields agree with each other. */
static void test_act_table_rows_complete(void **state)
{
    (void)state;
    for (size_t i = 0; i < nn_act_count(); i++) {
        const nn_act *act = nn_act_at(i);
        const char *texts[] = { act->name, act->formula, act->range,
                                act->derivative, act->kink, act->summary };

        for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
            assert_non_null(texts[t]);
            for (const char *c = texts[t]; *c != '\0'; c++)
                assert_true(*c >= ' ' && *c <= '~');
        }
        assert_true(strlen(act->formula) > 0);
        assert_true(strlen(act->range) > 0);
        assert_true(strlen(act->derivative) > 0);
        assert_true(strlen(act->summary) > 0);
        for (const char *c = act->name; *c != '\0'; c++)
            assert_true((*c >= 'a' && *c <= 'z') || *c == '_');
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(nn_act_at(j)->name, act->name);
        assert_non_null(act->f);
        assert_non_null(act->df);
        if (act->param_name == NULL) {
            assert_true(act->param_default == 0 && act->param_min == 0 &&
                        act->param_max == 0);
        } else {
            assert_true(act->param_min <= act->param_default);
            assert_true(act->param_default <= act->param_max);
        }
    }
}

static void test_act_params(void **state)
{
    (void)state;
    const nn_act *leaky = row("leaky_relu");
    const nn_act *elu = row("elu");

    assert_string_equal(leaky->param_name, "slope");
    assert_close(leaky->param_default, 0.01, 0);
    assert_close(leaky->param_min, 0, 0);
    assert_close(leaky->param_max, 1, 0);
    assert_string_equal(elu->param_name, "alpha");
    assert_close(elu->param_default, 1.0, 0);
    assert_close(elu->param_min, 0, 0);
    assert_close(elu->param_max, 10, 0);
    assert_null(row("selu")->param_name); /* lambda, alpha are fixed */
    assert_null(row("sigmoid")->param_name);
}

/* ---- finding rows by name -------------------------------------------- */

static void test_act_find_case_insensitive(void **state)
{
    (void)state;
    assert_ptr_equal(nn_act_find("Relu", 4), row("relu"));
    assert_ptr_equal(nn_act_find("RELU", 4), row("relu"));
    assert_ptr_equal(nn_act_find("tanH", 4), row("tanh"));
    assert_ptr_equal(nn_act_find("Leaky_ReLU", 10), row("leaky_relu"));
    assert_string_equal(nn_act_find("SIGMOID", 7)->name, "sigmoid");
}

/* The name is len bytes of a longer buffer, not a C string. */
static void test_act_find_reads_only_len_bytes(void **state)
{
    (void)state;
    const char line[] = "sigmoid(1) + relu";

    assert_ptr_equal(nn_act_find(line, 7), row("sigmoid"));
    assert_ptr_equal(nn_act_find(line + 13, 4), row("relu"));
    assert_ptr_equal(nn_act_find("gelu_tanh", 4), row("gelu"));
    /* A NUL inside the len bytes is not a match for the shorter name. */
    assert_null(nn_act_find("relu\0xyz", 8));
}

static void test_act_find_swish_alias(void **state)
{
    (void)state;
    const nn_act *silu = row("silu");

    assert_ptr_equal(nn_act_find("swish", 5), silu);
    assert_ptr_equal(nn_act_find("Swish", 5), silu);
    assert_ptr_equal(nn_act_find("SWISH", 5), silu);
    assert_null(nn_act_find("swis", 4));
}

static void test_act_find_no_prefix_match(void **state)
{
    (void)state;
    assert_null(nn_act_find("sig", 3));
    assert_null(nn_act_find("rel", 3));
    assert_null(nn_act_find("leaky", 5));
    assert_null(nn_act_find("sigmoids", 8)); /* nor a longer name */
    assert_null(nn_act_find("", 0));
    assert_null(nn_act_find(NULL, 0));
}

static void test_act_find_unknown(void **state)
{
    (void)state;
    assert_null(nn_act_find("softmax", 7));
    assert_null(nn_act_find("sigmiod", 7));
    assert_null(nn_act_find("hard-sigmoid", 12));
}

/* ---- values at ordinary points --------------------------------------- */

/* Hand-worked anchors, each from the definition (digits from mpmath):
 *   sigmoid(1)   = 1 / (1 + e^-1)              = 0.7310585786300049
 *   sigmoid(-2)  = 1 / (1 + e^2)               = 0.11920292202211756
 *   tanh(1)      = (e - 1/e) / (e + 1/e)       = 0.7615941559557649
 *   softplus(0)  = ln 2                        = 0.6931471805599453
 *   softplus(2.5) = ln(1 + e^2.5)              = 2.5788897342925496
 *   gelu(1)      = Phi(1)                      = 0.8413447460685429
 *   gelu_tanh(1) = 0.5 (1 + tanh(0.79788 * 1.044715)) = 0.8411919906082767
 *   silu(1)      = sigmoid(1)                  = 0.7310585786300049
 *   mish(1)      = tanh(ln(1 + e))             = 0.8650983882673103
 *   elu(-1)      = e^-1 - 1                    = -0.6321205588285577
 *   selu(-1)     = lambda alpha (e^-1 - 1)     = -1.1113307378125628
 *   selu(1)      = lambda                      = 1.0507009873554805
 *   softsign(1)  = 1 / 2;  softsign(-3) = -3/4
 *   hard_sigmoid(1) = 1/6 + 1/2 = 2/3;  hard_sigmoid(-1.5) = -1/4 + 1/2
 */
static void test_act_hand_worked_values(void **state)
{
    (void)state;
    assert_rel_close(f("sigmoid", 1), 0.7310585786300049, REL_FORMULA);
    assert_rel_close(f("sigmoid", -2), 0.11920292202211756, REL_FORMULA);
    assert_rel_close(f("tanh", 1), 0.7615941559557649, REL_FORMULA);
    assert_rel_close(f("softplus", 0), 0.6931471805599453, REL_FORMULA);
    assert_rel_close(f("softplus", 2.5), 2.5788897342925496, REL_FORMULA);
    assert_rel_close(f("gelu", 1), 0.8413447460685429, REL_FORMULA);
    assert_rel_close(f("gelu_tanh", 1), 0.8411919906082767, REL_FORMULA);
    assert_rel_close(f("silu", 1), 0.7310585786300049, REL_FORMULA);
    assert_rel_close(f("mish", 1), 0.8650983882673103, REL_FORMULA);
    assert_rel_close(f("elu", -1), -0.6321205588285577, REL_FORMULA);
    assert_rel_close(f("selu", -1), -1.1113307378125628, REL_FORMULA);
    assert_rel_close(f("selu", 1), 1.0507009873554805, REL_FORMULA);
    /* Exact in binary, so exact equality. */
    assert_close(f("softsign", 1), 0.5, 0);
    assert_close(f("softsign", -3), -0.75, 0);
    assert_rel_close(f("hard_sigmoid", 1), 2.0 / 3.0, REL_FORMULA);
    assert_close(f("hard_sigmoid", -1.5), 0.25, 0);
    assert_close(f("relu", 2.5), 2.5, 0);
    assert_close(f("relu", -2.5), 0, 0);
    /* 0.01 * -2: doubling is exact, and 0.02 is twice 0.01 in binary too */
    assert_close(f("leaky_relu", -2), -0.02, 0);
    assert_close(f("linear", -7.25), -7.25, 0);
    assert_close(f("step", 0.1), 1, 0);
    assert_close(f("step", -0.1), 0, 0);
    assert_close(f("sign", -0.1), -1, 0);
    assert_close(f("sign", 0.1), 1, 0);
}

/* Independent textbook formulas, safe (no overflow, mild cancellation) on
 * the ordinary points. */
static double naive_sigmoid(double z) { return 1.0 / (1.0 + exp(-z)); }
static double naive_tanh(double z)
{
    return (exp(z) - exp(-z)) / (exp(z) + exp(-z));
}
static double naive_softplus(double z) { return log(1.0 + exp(z)); }
static double naive_gelu(double z)
{
    return 0.5 * z * (1.0 + erf(z / sqrt(2.0)));
}
static double naive_gelu_tanh(double z)
{
    double u = sqrt(2.0 / PI) * (z + 0.044715 * z * z * z);
    return 0.5 * z * (1.0 + tanh(u));
}
static double naive_silu(double z) { return z / (1.0 + exp(-z)); }
static double naive_mish(double z) { return z * tanh(log(1.0 + exp(z))); }
static double naive_elu(double z) { return z > 0 ? z : exp(z) - 1.0; }
static double naive_selu(double z)
{
    return z > 0 ? LAMBDA * z : LAMBDA * ALPHA * (exp(z) - 1.0);
}
static double naive_softsign(double z) { return z / (1.0 + fabs(z)); }
static double naive_hard_sigmoid(double z)
{
    return fmin(fmax(z / 6.0 + 0.5, 0.0), 1.0);
}
static double naive_relu(double z) { return fmax(0.0, z); }
static double naive_leaky_relu(double z) { return fmax(0.01 * z, z); }
static double naive_linear(double z) { return z; }
static double naive_step(double z) { return z > 0 ? 1.0 : 0.0; }
static double naive_sign(double z) { return (z > 0) - (z < 0); }

static const struct {
    const char *name;
    double (*oracle)(double z);
} oracles[] = {
    { "step", naive_step },         { "sign", naive_sign },
    { "linear", naive_linear },     { "sigmoid", naive_sigmoid },
    { "tanh", naive_tanh },         { "relu", naive_relu },
    { "leaky_relu", naive_leaky_relu }, { "elu", naive_elu },
    { "selu", naive_selu },         { "softplus", naive_softplus },
    { "gelu", naive_gelu },         { "gelu_tanh", naive_gelu_tanh },
    { "silu", naive_silu },         { "softsign", naive_softsign },
    { "hard_sigmoid", naive_hard_sigmoid }, { "mish", naive_mish },
};
#define ORACLE_COUNT (sizeof oracles / sizeof oracles[0])

static void test_act_values_match_textbook_formulas(void **state)
{
    (void)state;
    assert_int_equal(ORACLE_COUNT, nn_act_count()); /* every row */
    for (size_t i = 0; i < ORACLE_COUNT; i++) {
        for (size_t k = 0; k < SAFE_POINT_COUNT; k++) {
            double z = safe_points[k];
            assert_rel_close(f(oracles[i].name, z), oracles[i].oracle(z),
                             REL_FORMULA);
        }
    }
}

/* elu uses expm1: near 0, exp(z) - 1 keeps only ~7 of 16 digits.
 * expm1(-1e-10) = -1e-10 + 1e-20/2 - ... = -9.9999999995e-11. */
static void test_act_elu_accurate_near_zero(void **state)
{
    (void)state;
    assert_rel_close(f("elu", -1e-10), -9.9999999995e-11, REL_FORMULA);
    assert_rel_close(f("selu", -1e-10), LAMBDA * ALPHA * -9.9999999995e-11,
                     REL_FORMULA);
}

/* ---- derivatives ----------------------------------------------------- */

/* Central difference (f(z + h) - f(z - h)) / 2h with h = 1e-6 * max(1, |z|).
 * Its error: truncation h^2 |f'''| / 6 < 1e-12 * max(1, z^2) for these
 * functions (|f'''| < 5 at the points), plus rounding: f(z +- h) each a
 * few ulp (eps = 2.2e-16) off, divided by 2h, ~ 2.2e-10 |f| for 1 ulp.
 * The tolerance 1e-9 (1 + |f|) allows ~4 ulp a side; the largest error
 * seen is 1/20 of it, and a wrong derivative misses by far more. No point
 * is within h of a kink (0, +-3). */
static void check_gradient(const nn_act *act, double p, int *nonzero)
{
    for (size_t k = 0; k < POINT_COUNT; k++) {
        double z = points[k];
        double h = 1e-6 * fmax(1.0, fabs(z));
        double numeric = (act->f(z + h, p) - act->f(z - h, p)) / (2 * h);
        double analytic = act->df(z, p);

        assert_close(analytic, numeric, 1e-9 * (1.0 + fabs(act->f(z, p))));
        if (fabs(analytic) > 1e-3)
            (*nonzero)++;
    }
}

static void test_act_derivatives_match_finite_differences(void **state)
{
    (void)state;
    for (size_t i = 0; i < nn_act_count(); i++) {
        const nn_act *act = nn_act_at(i);
        int nonzero = 0;

        check_gradient(act, act->param_default, &nonzero);
        if (strcmp(act->name, "step") == 0 || strcmp(act->name, "sign") == 0)
            assert_int_equal(nonzero, 0); /* flat by definition */
        else
            assert_true(nonzero >= 2); /* the check compared real slopes */
    }
}

/* The same check away from the default parameters. */
static void test_act_derivatives_with_parameters(void **state)
{
    (void)state;
    int nonzero = 0;

    check_gradient(row("leaky_relu"), 0.2, &nonzero);
    check_gradient(row("leaky_relu"), 0.0, &nonzero);
    check_gradient(row("elu"), 0.5, &nonzero);
    check_gradient(row("elu"), 3.0, &nonzero);
    assert_true(nonzero >= 4 * 4);
}

/* The derivative against the formula shown in its row's text. */
static void test_act_derivatives_match_their_formulas(void **state)
{
    (void)state;
    for (size_t k = 0; k < POINT_COUNT; k++) {
        double z = points[k];
        double s = naive_sigmoid(z);
        double t = tanh(log(1.0 + exp(z)));
        double sech = 1.0 / cosh(z);

        /* sigmoid' = a(1 - a); tanh' = 1 - a^2 = 1 / cosh(z)^2 (the cosh
         * form, since 1 - a^2 loses digits near |z| = 4) */
        assert_rel_close(df("sigmoid", z), s * (1 - s), REL_FORMULA);
        assert_rel_close(df("tanh", z), sech * sech, REL_FORMULA);
        assert_rel_close(df("softplus", z), s, REL_FORMULA);
        assert_rel_close(df("silu", z), s + z * s * (1 - s), REL_FORMULA);
        assert_rel_close(df("mish", z), t + z * (1 - t * t) * s,
                         REL_FORMULA);
        assert_rel_close(df("softsign", z),
                         1 / ((1 + fabs(z)) * (1 + fabs(z))), REL_FORMULA);
        assert_rel_close(df("gelu", z),
                         0.5 * (1 + erf(z / sqrt(2.0))) +
                             z * exp(-z * z / 2) / sqrt(2 * PI),
                         REL_FORMULA);
        assert_rel_close(df("elu", z), z > 0 ? 1 : exp(z), REL_FORMULA);
        assert_rel_close(df("selu", z),
                         z > 0 ? LAMBDA : LAMBDA * ALPHA * exp(z),
                         REL_FORMULA);
        assert_close(df("relu", z), z > 0 ? 1 : 0, 0);
        assert_close(df("leaky_relu", z), z > 0 ? 1 : 0.01, 0);
        assert_close(df("linear", z), 1, 0);
        assert_close(df("hard_sigmoid", z), fabs(z) < 3 ? 1.0 / 6 : 0, 0);
    }
    /* gelu_tanh'(1) = 0.5 (1 + t) + 0.5 (1 - t^2) sqrt(2/pi) 1.134145,
     * t = tanh(0.79788 * 1.044715)              = 1.0829640838457826;
     * gelu'(1) = Phi(1) + phi(1) = 0.84134 + 0.24197 = 1.0833154705876864;
     * mish'(1)                                  = 1.0490362200997922;
     * silu'(1) = s + s (1 - s), s = sigmoid(1)   = 0.9276705118714867 */
    assert_rel_close(df("gelu_tanh", 1), 1.0829640838457826, REL_FORMULA);
    assert_rel_close(df("gelu", 1), 1.0833154705876864, REL_FORMULA);
    assert_rel_close(df("mish", 1), 1.0490362200997922, REL_FORMULA);
    assert_rel_close(df("silu", 1), 0.9276705118714867, REL_FORMULA);
}

/* Where a(1 - a) and 1 - a^2 round to 0 the stable forms keep the tail:
 *   sigmoid'(40) = e^-40 / (1 + e^-40)^2     = 4.248354255291589e-18
 *   tanh'(20)    = 4 e^-40 / (1 + e^-40)^2   = 1.6993417021166355e-17 */
static void test_act_derivatives_keep_their_tails(void **state)
{
    (void)state;
    assert_rel_close(df("sigmoid", 40), 4.248354255291589e-18, REL_FORMULA);
    assert_rel_close(df("sigmoid", -40), 4.248354255291589e-18,
                     REL_FORMULA);
    assert_rel_close(df("tanh", 20), 1.6993417021166355e-17, REL_FORMULA);
    assert_rel_close(df("tanh", -20), 1.6993417021166355e-17, REL_FORMULA);
}

/* ---- kinks ----------------------------------------------------------- */

/* checklist: B13 */
static void test_act_kink_conventions(void **state)
{
    (void)state;
    const nn_act *leaky = row("leaky_relu");
    const nn_act *elu = row("elu");

    assert_close(f("step", 0), 0, 0);         /* 1 only when z > 0 */
    assert_close(df("step", 0), 0, 0);        /* step'(0) = 0 */
    assert_close(f("sign", 0), 0, 0);
    assert_close(df("sign", 0), 0, 0);        /* sign'(0) = 0 */
    assert_close(df("relu", 0), 0, 0);        /* relu'(0) = 0 */
    assert_close(leaky->df(0, 0.01), 0.01, 0); /* leaky_relu'(0) = slope */
    assert_close(leaky->df(0, 0.3), 0.3, 0);
    assert_close(elu->df(0, 1.0), 1.0, 0);    /* elu'(0) = alpha */
    assert_close(elu->df(0, 0.5), 0.5, 0);
    /* selu'(0) = lambda alpha = 1.0507009873554805 * 1.6732632423543773
     *          = 1.7580993408473768 (the left side, as PyTorch);
     * 1e-15: the product of two rounded constants, one rounding each */
    assert_rel_close(df("selu", 0), 1.7580993408473768, 1e-15);
    /* hard_sigmoid: 0 up to -3, 1 from 3, slope 0 at both corners */
    assert_close(f("hard_sigmoid", -3), 0, 0);
    assert_close(f("hard_sigmoid", 3), 1, 0);
    assert_close(df("hard_sigmoid", -3), 0, 0);
    assert_close(df("hard_sigmoid", 3), 0, 0);
    assert_rel_close(df("hard_sigmoid", 2.999), 1.0 / 6, 0);
    assert_rel_close(df("hard_sigmoid", -2.999), 1.0 / 6, 0);
    /* Every kink is written in its row; smooth rows say "". */
    assert_string_equal(row("relu")->kink, "relu'(0) = 0");
    assert_true(strstr(row("step")->kink, "step'(0) = 0") != NULL);
    assert_true(strstr(row("selu")->kink, "1.7581") != NULL);
    assert_true(strstr(row("hard_sigmoid")->kink, "(-3)") != NULL);
    assert_string_equal(row("sigmoid")->kink, "");
    assert_string_equal(row("gelu")->kink, "");
}

/* ---- extremes -------------------------------------------------------- */

/* For a row and parameter: f and f' finite at +-1000, +-1e308, -DBL_MAX
 * and the smallest subnormals; f' finite at DBL_MAX too (f(DBL_MAX) is
 * checked below: selu's overflows, rightly); neither is NaN at +-inf; both
 * are NaN at NaN. */
static void check_extremes(const nn_act *act, double p)
{
    static const double finite[] = { -1e308, -1000, 1000, 1e308, -DBL_MAX,
                                     -DBL_TRUE_MIN, DBL_TRUE_MIN, -0.0 };

    for (size_t k = 0; k < sizeof finite / sizeof finite[0]; k++) {
        assert_true(isfinite(act->f(finite[k], p)));
        assert_true(isfinite(act->df(finite[k], p)));
    }
    assert_false(isnan(act->f(DBL_MAX, p)));
    assert_true(isfinite(act->df(DBL_MAX, p)));
    assert_false(isnan(act->f(INFINITY, p)));
    assert_false(isnan(act->f(-INFINITY, p)));
    assert_false(isnan(act->df(INFINITY, p)));
    assert_false(isnan(act->df(-INFINITY, p)));
    assert_true(isnan(act->f(NAN, p)));
    assert_true(isnan(act->df(NAN, p)));
}

static void test_act_extremes_never_nan(void **state)
{
    (void)state;
    for (size_t i = 0; i < nn_act_count(); i++) {
        const nn_act *act = nn_act_at(i);

        check_extremes(act, act->param_default);
        if (act->param_name != NULL) {
            check_extremes(act, act->param_min);
            check_extremes(act, act->param_max);
        }
    }
    /* selu(1e308) = 1.0507e308, below DBL_MAX = 1.7977e308: finite; only
     * selu(DBL_MAX) = lambda * DBL_MAX overflows, to +inf, not NaN. */
    assert_true(isfinite(f("selu", 1e308)));
    assert_true(isinf(f("selu", DBL_MAX)) && f("selu", DBL_MAX) > 0);
}

/* checklist: B10 */
/* The limits at -inf and +inf, of f and f', row by row. */
static void test_act_limits_at_infinity(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        double f_low, f_high, df_low, df_high;
    } limits[] = {
        { "step", 0, 1, 0, 0 },
        { "sign", -1, 1, 0, 0 },
        { "linear", -INFINITY, INFINITY, 1, 1 },
        { "sigmoid", 0, 1, 0, 0 },
        { "tanh", -1, 1, 0, 0 },
        { "relu", 0, INFINITY, 0, 1 },
        { "leaky_relu", -INFINITY, INFINITY, 0.01, 1 },
        { "elu", -1, INFINITY, 0, 1 },
        { "selu", -LAMBDA * ALPHA, INFINITY, 0, LAMBDA },
        { "softplus", 0, INFINITY, 0, 1 },
        { "gelu", 0, INFINITY, 0, 1 },
        { "gelu_tanh", 0, INFINITY, 0, 1 },
        { "silu", 0, INFINITY, 0, 1 },
        { "softsign", -1, 1, 0, 0 },
        { "hard_sigmoid", 0, 1, 0, 0 },
        { "mish", 0, INFINITY, 0, 1 },
    };
    size_t count = sizeof limits / sizeof limits[0];

    assert_int_equal(count, nn_act_count());
    for (size_t i = 0; i < count; i++) {
        const char *name = limits[i].name;
        /* selu's -lambda*alpha is one rounded product away: 1e-15 */
        assert_rel_close(f(name, -INFINITY), limits[i].f_low, 1e-15);
        assert_close(f(name, INFINITY), limits[i].f_high, 0);
        assert_close(df(name, -INFINITY), limits[i].df_low, 0);
        assert_close(df(name, INFINITY), limits[i].df_high, 0);
    }
    /* slope 0 at -inf is 0 * -inf in the formula: the limit is 0 */
    assert_close(row("leaky_relu")->f(-INFINITY, 0.0), 0, 0);
}

static void test_act_sigmoid_stable_at_1000(void **state)
{
    (void)state;
    double low = f("sigmoid", -1000);

    /* e^-1000 ~ 5e-435 is below the smallest subnormal: 0, or at most a
     * subnormal, never NaN */
    assert_true(low >= 0 && low < DBL_MIN);
    assert_close(f("sigmoid", 1000), 1, 0);
    assert_close(f("sigmoid", -1e308), 0, 0);
    assert_close(f("sigmoid", 1e308), 1, 0);
    assert_close(df("sigmoid", 1000), 0, 0);
    assert_close(df("sigmoid", -1000), 0, 0);
}

static void test_act_tanh_stable_at_1000(void **state)
{
    (void)state;
    assert_close(f("tanh", 1000), 1, 0);
    assert_close(f("tanh", -1000), -1, 0);
    assert_close(df("tanh", 1000), 0, 0);
    assert_close(df("tanh", -1e308), 0, 0);
}

static void test_act_softplus_stable_at_1000(void **state)
{
    (void)state;
    /* 1000 + log1p(e^-1000) = 1000 + 0 */
    assert_close(f("softplus", 1000), 1000, 0);
    assert_close(f("softplus", 1e308), 1e308, 0);
    /* log1p(e^-1000) = e^-1000 ~ 5e-435: 0 in double (a subnormal at most) */
    double low = f("softplus", -1000);
    assert_true(low >= 0 && low < DBL_MIN);
    /* softplus(-700) = log1p(e^-700) = e^-700 = 9.8597982718...e-305, still
     * a normal double: the tail is kept to full precision */
    assert_rel_close(f("softplus", -700), exp(-700), REL_FORMULA);
    assert_close(df("softplus", 1000), 1, 0);
    assert_close(df("softplus", -1000), 0, 0);
}

/* gelu(-20) = -20 Phi(-20) = -20 * 2.7536241186062337e-89
 *           = -5.507248237212468e-88: tiny and negative, not 0 or NaN.
 * Also the tails the textbook oracles cannot reach (digits from mpmath):
 *   gelu(-4.3)      = -4.3 Phi(-4.3)         = -3.672159352526476e-05
 *   gelu_tanh(-4.3) = -4.3 sigmoid(2u)       = -1.5473167301920272e-05 */
static void test_act_gelu_keeps_negative_tail(void **state)
{
    (void)state;
    assert_rel_close(f("gelu", -20), -5.507248237212468e-88, REL_FORMULA);
    assert_rel_close(f("gelu", -4.3), -3.672159352526476e-05, REL_FORMULA);
    assert_rel_close(f("gelu_tanh", -4.3), -1.5473167301920272e-05,
                     REL_FORMULA);
    assert_true(f("gelu_tanh", -5) < 0);
    assert_true(f("silu", -30) < 0);
    assert_true(f("mish", -30) < 0);
    assert_close(f("gelu", 1000), 1000, 0);
    assert_close(f("gelu_tanh", 1e308), 1e308, 0);
    assert_close(df("gelu_tanh", 1e308), 1, 0);
    assert_close(df("gelu_tanh", -1e308), 0, 0);
    assert_close(f("silu", 1e308), 1e308, 0);
    assert_close(f("mish", 1e308), 1e308, 0);
    assert_close(df("mish", 1e308), 1, 0);
}

/* The flat cut-off in gelu_tanh (|z| > 1e4) returns what the formula
 * gives just inside it. */
static void test_act_gelu_tanh_continuous_at_cutoff(void **state)
{
    (void)state;
    assert_close(f("gelu_tanh", 1e4), 1e4, 0);
    assert_close(f("gelu_tanh", -1e4), 0, 0);
    assert_close(df("gelu_tanh", 1e4), 1, 0);
    assert_close(df("gelu_tanh", -1e4), 0, 0);
}

/* The facts a row carries, which the code acts on instead of comparing
 * names, agree with the row's own function:
 *   logistic  iff f(z) = 1 / (1 + e^-z) at several z;
 *   by_sum    iff f takes only 0 (z <= 0) and 1 (z > 0) with f' = 0;
 *   middle 0  iff the outputs lie in [-1, 1] symmetric about 0, so that
 *             the class boundary is a > 0; else 0.5 (labels 0 and 1);
 *   relu_form iff f(z) = s*z + (1 - s)*relu(z), s the row's slope or
 *             parameter. */
static void test_act_row_facts_agree_with_f(void **state)
{
    (void)state;
    const double zs[] = { -3, -0.5, 0, 0.25, 2 };
    for (size_t i = 0; i < nn_act_count(); i++) {
        const nn_act *a = nn_act_at(i);
        double p = a->param_default;
        int logistic = 1;
        for (size_t k = 0; k < sizeof zs / sizeof zs[0]; k++)
            logistic &= fabs(a->f(zs[k], p) - 1 / (1 + exp(-zs[k]))) < 1e-12;
        if (logistic != a->logistic)
            fail_msg("%s: logistic is %d", a->name, a->logistic);
        int by_sum = a->f(-1, p) == 0 && a->f(0, p) == 0 && a->f(1, p) == 1
                     && a->f(50, p) == 1 && a->df(1, p) == 0
                     && a->df(-1, p) == 0;
        if (by_sum != a->by_sum)
            fail_msg("%s: by_sum is %d", a->name, a->by_sum);
        double s = a->param_name ? p : a->relu_slope;
        int relu_form = 1;
        for (size_t k = 0; k < sizeof zs / sizeof zs[0]; k++) {
            double z = zs[k];
            relu_form &= a->f(z, p) == s * z + (1 - s) * (z > 0 ? z : 0);
        }
        if (relu_form != a->relu_form)
            fail_msg("%s: relu_form is %d", a->name, a->relu_form);
        double hi = a->f(50, p), lo = a->f(-50, p);
        int symmetric = hi > 0.5 && hi <= 1 && lo == -hi;
        if (a->middle != (symmetric ? 0.0 : 0.5))
            fail_msg("%s: middle is %g", a->name, a->middle);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_act_table_order),
        cmocka_unit_test(test_act_table_rows_complete),
        cmocka_unit_test(test_act_params),
        cmocka_unit_test(test_act_find_case_insensitive),
        cmocka_unit_test(test_act_find_reads_only_len_bytes),
        cmocka_unit_test(test_act_find_swish_alias),
        cmocka_unit_test(test_act_find_no_prefix_match),
        cmocka_unit_test(test_act_find_unknown),
        cmocka_unit_test(test_act_hand_worked_values),
        cmocka_unit_test(test_act_values_match_textbook_formulas),
        cmocka_unit_test(test_act_elu_accurate_near_zero),
        cmocka_unit_test(test_act_derivatives_match_finite_differences),
        cmocka_unit_test(test_act_derivatives_with_parameters),
        cmocka_unit_test(test_act_derivatives_match_their_formulas),
        cmocka_unit_test(test_act_derivatives_keep_their_tails),
        cmocka_unit_test(test_act_kink_conventions),
        cmocka_unit_test(test_act_extremes_never_nan),
        cmocka_unit_test(test_act_limits_at_infinity),
        cmocka_unit_test(test_act_sigmoid_stable_at_1000),
        cmocka_unit_test(test_act_tanh_stable_at_1000),
        cmocka_unit_test(test_act_softplus_stable_at_1000),
        cmocka_unit_test(test_act_gelu_keeps_negative_tail),
        cmocka_unit_test(test_act_gelu_tanh_continuous_at_cutoff),
        cmocka_unit_test(test_act_row_facts_agree_with_f),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
