/*
 * test_neuron.c - one neuron: creation, the weighted sum, fire, copy, init.
 */
#include <float.h>
#include <stdalign.h>
#include <stdint.h>
#include <string.h>

#include "testutil.h"

#include "engine/neuron.h"

/* Statistical checks draw this many weights; bounds are 5 standard errors,
 * and the seed is fixed, so each test is deterministic. */
#define WEIGHTS 10000

static const nn_act *act_named(const char *name)
{
    const nn_act *act = nn_act_find(name, strlen(name));
    assert_non_null(act);
    return act;
}

/* A 3-input sigmoid neuron: the slides' example. */
static int setup_example(void **state)
{
    nn_neuron *nr = nn_neuron_new(3, act_named("sigmoid"));
    if (nr == NULL)
        return -1;
    nr->x[0] = 1;
    nr->x[1] = 0;
    nr->x[2] = 1;
    nr->w[0] = 0.5;
    nr->w[1] = -0.2;
    nr->w[2] = 0.8;
    nr->b = -0.3;
    *state = nr;
    return 0;
}

static int teardown_neuron(void **state)
{
    nn_neuron_free(*state);
    return 0;
}

/* ---- new, free, copy ------------------------------------------------- */

static void test_neuron_new_starts_at_zero(void **state)
{
    (void)state;
    const nn_act *leaky = act_named("leaky_relu");
    nn_neuron *nr = nn_neuron_new(4, leaky);

    assert_non_null(nr);
    assert_int_equal(nr->n, 4);
    for (size_t i = 0; i < nr->n; i++) {
        assert_close(nr->x[i], 0, 0);
        assert_close(nr->w[i], 0, 0);
    }
    assert_close(nr->b, 0, 0);
    assert_ptr_equal(nr->act, leaky);
    assert_close(nr->param, 0.01, 0); /* leaky_relu's default slope */
    nn_neuron_free(nr);
}

/* One block: x right after the struct, aligned for doubles, w after x. */
static void test_neuron_new_is_one_block(void **state)
{
    (void)state;
    nn_neuron *nr = nn_neuron_new(5, act_named("relu"));

    assert_non_null(nr);
    char *start = (char *)nr;
    char *x = (char *)nr->x;
    assert_true(x >= start + sizeof *nr);
    assert_true(x < start + sizeof *nr + alignof(double));
    assert_int_equal((uintptr_t)nr->x % alignof(double), 0);
    assert_ptr_equal(nr->w, nr->x + 5);
    nn_neuron_free(nr);
}

static void test_neuron_new_rejects_bad_sizes(void **state)
{
    (void)state;
    const nn_act *act = act_named("sigmoid");

    assert_null(nn_neuron_new(0, act));
    assert_null(nn_neuron_new(NN_NEURON_MAX_INPUTS + 1, act));
    /* SIZE_MAX must be refused before 2 * n * 8 wraps around */
    assert_null(nn_neuron_new(SIZE_MAX, act));
    assert_null(nn_neuron_new(SIZE_MAX / 16 + 1, act));
    assert_null(nn_neuron_new(3, NULL)); /* act is never NULL */
}

static void test_neuron_new_largest(void **state)
{
    (void)state;
    nn_neuron *nr = nn_neuron_new(NN_NEURON_MAX_INPUTS, act_named("relu"));

    assert_non_null(nr);
    assert_close(nr->w[NN_NEURON_MAX_INPUTS - 1], 0, 0);
    assert_close(nr->x[NN_NEURON_MAX_INPUTS - 1], 0, 0);
    nn_neuron_free(nr);
}

static void test_neuron_free_null(void **state)
{
    (void)state;
    nn_neuron_free(NULL);
    assert_null(nn_neuron_copy(NULL));
}

static void test_neuron_copy_is_deep(void **state)
{
    nn_neuron *nr = *state;
    nr->param = 0.25;
    nn_neuron *copy = nn_neuron_copy(nr);

    assert_non_null(copy);
    assert_int_equal(copy->n, 3);
    assert_true(copy->x != nr->x && copy->w != nr->w);
    assert_true((char *)copy->x > (char *)copy); /* in the copy's block */
    assert_memory_equal(copy->x, nr->x, 3 * sizeof(double));
    assert_memory_equal(copy->w, nr->w, 3 * sizeof(double));
    assert_close(copy->b, -0.3, 0);
    assert_ptr_equal(copy->act, nr->act);
    assert_close(copy->param, 0.25, 0);

    copy->x[0] = 9;
    copy->w[2] = 9;
    copy->b = 9;
    assert_close(nr->x[0], 1, 0);
    assert_close(nr->w[2], 0.8, 0);
    assert_close(nr->b, -0.3, 0);
    nn_neuron_free(copy);
}

/* ---- the weighted sum and fire --------------------------------------- */

/* z = 0.5*1 + -0.2*0 + 0.8*1 - 0.3 = 1.0 (in doubles too: 0.5 + 0.8 is
 * 1.3 exactly as rounded, and 1.3 - 0.3 rounds to 1);
 * a = sigmoid(1) = 1 / (1 + e^-1) = 0.7310585786300049. */
static void test_neuron_fire_example(void **state)
{
    nn_neuron *nr = *state;
    double z = 0, a = 0;

    nn_neuron_fire(nr, &z, &a);
    assert_close(z, 1.0, 0);
    assert_rel_close(a, 0.7310585786300049, 1e-15); /* one libm exp */
    assert_close(nn_neuron_sum(nr), z, 0);
}

static void test_neuron_fire_null_outputs(void **state)
{
    nn_neuron *nr = *state;
    double z = 0, a = 0;

    nn_neuron_fire(nr, &z, NULL);
    assert_close(z, 1.0, 0);
    nn_neuron_fire(nr, NULL, &a);
    assert_rel_close(a, 0.7310585786300049, 1e-15); /* as above */
    nn_neuron_fire(nr, NULL, NULL);
}

/* fire passes the neuron's parameter: leaky_relu with slope 0.2 at
 * z = 1*-5 + 0 = -5 gives 0.2 * -5 = -1. */
static void test_neuron_fire_uses_param(void **state)
{
    (void)state;
    nn_neuron *nr = nn_neuron_new(1, act_named("leaky_relu"));
    double a = 0;

    nr->x[0] = 1;
    nr->w[0] = -5;
    nr->param = 0.2;
    nn_neuron_fire(nr, NULL, &a);
    assert_close(a, -1, 0); /* 0.2 * -5 rounds to -1 exactly */
    nn_neuron_free(nr);
}

/* 2^53 + 1 is not a double: it rounds (to even) to 2^53. So, left to right,
 * 1*1 + 2^53*1 + -2^53*1 + 0 = (2^53 + 1) - 2^53 = 2^53 - 2^53 = 0,
 * while summing from the right, 1 + (2^53 - 2^53), would give 1. */
static void test_neuron_sum_left_to_right(void **state)
{
    (void)state;
    const double big = 9007199254740992.0; /* 2^53 */
    nn_neuron *nr = nn_neuron_new(3, act_named("linear"));

    for (size_t i = 0; i < 3; i++)
        nr->x[i] = 1;
    nr->w[0] = 1;
    nr->w[1] = big;
    nr->w[2] = -big;
    assert_close(nn_neuron_sum(nr), 0, 0);
    nn_neuron_free(nr);
}

/* b comes last: 2^53*1 + 1*1 + -2^53 = 2^53 - 2^53 = 0; b added first
 * would give (-2^53 + 2^53) + 1 = 1. */
static void test_neuron_sum_bias_last(void **state)
{
    (void)state;
    const double big = 9007199254740992.0; /* 2^53 */
    nn_neuron *nr = nn_neuron_new(2, act_named("linear"));

    nr->x[0] = 1;
    nr->x[1] = 1;
    nr->w[0] = big;
    nr->w[1] = 1;
    nr->b = -big;
    assert_close(nn_neuron_sum(nr), 0, 0);
    nn_neuron_free(nr);
}

/* Each product is rounded before it is added, as printed. With
 * c = 1 + 2^-30, c*c = 1 + 2^-29 + 2^-60 rounds to 1 + 2^-29, so adding
 * -(1 + 2^-29) gives 0; a fused multiply-add (a gnu11 build with FMA)
 * would keep the 2^-60 and give 8.7e-19. Checked for the bias, after the
 * first product, and inside the loop, after a later product. */
static void test_neuron_sum_rounds_each_product(void **state)
{
    (void)state;
    const double c = 1 + 0x1.0p-30;
    nn_neuron *one = nn_neuron_new(1, act_named("linear"));
    nn_neuron *two = nn_neuron_new(2, act_named("linear"));

    one->x[0] = c; /* c*c + -(1 + 2^-29) */
    one->w[0] = c;
    one->b = -(1 + 0x1.0p-29);
    assert_close(nn_neuron_sum(one), 0, 0);
    two->x[0] = 1; /* -(1 + 2^-29)*1 + c*c + 0 */
    two->w[0] = -(1 + 0x1.0p-29);
    two->x[1] = c;
    two->w[1] = c;
    assert_close(nn_neuron_sum(two), 0, 0);
    nn_neuron_free(one);
    nn_neuron_free(two);
}

/* -0 stays -0 through the sum when every term is -0, as it prints:
 * -1*0 + -0 = -0 (starting from 0 + would give +0). */
static void test_neuron_sum_starts_from_first_product(void **state)
{
    (void)state;
    nn_neuron *nr = nn_neuron_new(1, act_named("linear"));

    nr->x[0] = 0;
    nr->w[0] = -1;
    nr->b = -0.0;
    assert_true(signbit(nn_neuron_sum(nr)));
    nn_neuron_free(nr);
}

/* ---- init ------------------------------------------------------------ */

static void test_neuron_init_zeros(void **state)
{
    nn_neuron *nr = *state;

    assert_int_equal(nn_neuron_init(nr, NN_INIT_ZEROS, 0, 0, NULL), NN_OK);
    for (size_t i = 0; i < nr->n; i++)
        assert_close(nr->w[i], 0, 0);
    assert_close(nr->b, 0, 0);
    assert_close(nr->x[0], 1, 0); /* inputs are not weights */
    assert_close(nr->x[2], 1, 0);
}

/* RANDOM draws w1..wn, then b, each nn_rng_range(low, high). */
static void test_neuron_init_random_order(void **state)
{
    nn_neuron *nr = *state;
    nn_rng r, check;

    nn_rng_seed(&r, 42);
    nn_rng_seed(&check, 42);
    assert_int_equal(nn_neuron_init(nr, NN_INIT_RANDOM, -1, 1, &r), NN_OK);
    for (size_t i = 0; i < nr->n; i++)
        assert_close(nr->w[i], nn_rng_range(&check, -1, 1), 0);
    assert_close(nr->b, nn_rng_range(&check, -1, 1), 0);
    /* the first weight of seed 42: -1 + 2 * 0.08386297105988216 */
    assert_close(nr->w[0], -0.8322740578802357, 0);
    assert_true(nn_rng_next(&r) == nn_rng_next(&check)); /* n + 1 draws */
}

static void test_neuron_init_random_range(void **state)
{
    (void)state;
    nn_neuron *nr = nn_neuron_new(WEIGHTS, act_named("sigmoid"));
    nn_rng r;
    double sum = 0;

    nn_rng_seed(&r, 9);
    assert_int_equal(nn_neuron_init(nr, NN_INIT_RANDOM, 2, 5, &r), NN_OK);
    for (size_t i = 0; i < nr->n; i++) {
        assert_true(nr->w[i] >= 2 && nr->w[i] < 5);
        sum += nr->w[i];
    }
    assert_true(nr->b >= 2 && nr->b < 5);
    /* mean 3.5; standard error 3 / sqrt(12 N) = 0.0087; 5 of them 0.043 */
    assert_close(sum / WEIGHTS, 3.5, 0.043);
    /* low == high is allowed: every weight is that number */
    assert_int_equal(nn_neuron_init(nr, NN_INIT_RANDOM, 0.5, 0.5, &r), NN_OK);
    assert_close(nr->w[17], 0.5, 0);
    assert_close(nr->b, 0.5, 0);
    nn_neuron_free(nr);
}

/* NORMAL draws w1..wn, then b, each nn_rng_normal(mean, std). */
static void test_neuron_init_normal(void **state)
{
    (void)state;
    nn_neuron *nr = nn_neuron_new(WEIGHTS, act_named("tanh"));
    nn_rng r, check;
    double sum = 0, sum_sq = 0;

    nn_rng_seed(&r, 10);
    nn_rng_seed(&check, 10);
    assert_int_equal(nn_neuron_init(nr, NN_INIT_NORMAL, 0, 0.1, &r), NN_OK);
    for (size_t i = 0; i < nr->n; i++) {
        assert_close(nr->w[i], nn_rng_normal(&check, 0, 0.1), 0);
        sum += nr->w[i];
        sum_sq += nr->w[i] * nr->w[i];
    }
    assert_close(nr->b, nn_rng_normal(&check, 0, 0.1), 0);
    double mean = sum / WEIGHTS;
    double std = sqrt(sum_sq / WEIGHTS - mean * mean);
    /* Standard errors for N = 1e4: mean 0.1 / sqrt(N) = 0.001, std
     * 0.1 / sqrt(2N) = 0.0007; 5 of each: 0.005 and 0.0035. */
    assert_close(mean, 0, 0.005);
    assert_close(std, 0.1, 0.0035);
    nn_neuron_free(nr);
}

/* XAVIER: w uniform in [-L, L), L = sqrt(6 / (n + 1)); b = 0.
 * n = 10000: L = sqrt(6 / 10001) = 0.024494...; variance L^2 / 3. */
static void test_neuron_init_xavier(void **state)
{
    (void)state;
    nn_neuron *nr = nn_neuron_new(WEIGHTS, act_named("tanh"));
    nn_rng r, check;
    double limit = sqrt(6.0 / (WEIGHTS + 1));
    double sum_sq = 0;

    nr->b = 7;
    nn_rng_seed(&r, 11);
    nn_rng_seed(&check, 11);
    assert_int_equal(nn_neuron_init(nr, NN_INIT_XAVIER, NAN, NAN, &r),
                     NN_OK); /* p1, p2 ignored, even NaN */
    for (size_t i = 0; i < nr->n; i++) {
        assert_close(nr->w[i], nn_rng_range(&check, -limit, limit), 0);
        assert_true(nr->w[i] >= -limit && nr->w[i] < limit);
        sum_sq += nr->w[i] * nr->w[i];
    }
    assert_close(nr->b, 0, 0);
    /* mean square L^2/3 = 2/(n + 1) = 2.0e-4. For u uniform on [-L, L),
     * u^2 has sd L^2 sqrt(1/5 - 1/9) = 6.0e-4 * 0.298 = 1.8e-4, so the
     * mean square has standard error 1.8e-4 / sqrt(N) = 1.8e-6; 5 of
     * them: 9e-6. */
    assert_close(sum_sq / WEIGHTS, 2.0 / (WEIGHTS + 1), 9e-6);
    /* n = 5: L = sqrt(6 / 6) = 1 */
    nn_neuron *small = nn_neuron_new(5, act_named("tanh"));
    assert_int_equal(nn_neuron_init(small, NN_INIT_XAVIER, 0, 0, &r), NN_OK);
    for (size_t i = 0; i < small->n; i++)
        assert_true(small->w[i] >= -1 && small->w[i] < 1);
    nn_neuron_free(small);
    nn_neuron_free(nr);
}

/* HE: w normal with std sqrt(2 / n); b = 0. n = 10000: std = 0.014142. */
static void test_neuron_init_he(void **state)
{
    (void)state;
    nn_neuron *nr = nn_neuron_new(WEIGHTS, act_named("relu"));
    nn_rng r, check;
    double he_std = sqrt(2.0 / WEIGHTS);
    double sum = 0, sum_sq = 0;

    nr->b = 7;
    nn_rng_seed(&r, 12);
    nn_rng_seed(&check, 12);
    assert_int_equal(nn_neuron_init(nr, NN_INIT_HE, 0, 0, &r), NN_OK);
    for (size_t i = 0; i < nr->n; i++) {
        assert_close(nr->w[i], nn_rng_normal(&check, 0, he_std), 0);
        sum += nr->w[i];
        sum_sq += nr->w[i] * nr->w[i];
    }
    assert_close(nr->b, 0, 0);
    double mean = sum / WEIGHTS;
    double std = sqrt(sum_sq / WEIGHTS - mean * mean);
    /* Standard errors: mean std / sqrt(N) = 1.4e-4, std std / sqrt(2N)
     * = 1.0e-4; 5 of each: 7.1e-4 and 5.0e-4. */
    assert_close(mean, 0, 7.1e-4);
    assert_close(std, he_std, 5.0e-4);
    nn_neuron_free(nr);
}

static void test_neuron_init_same_seed_same_weights(void **state)
{
    nn_neuron *nr = *state;
    nn_neuron *other = nn_neuron_copy(nr);
    static const nn_init kinds[] = { NN_INIT_RANDOM, NN_INIT_NORMAL,
                                     NN_INIT_XAVIER, NN_INIT_HE };

    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        nn_rng a, b;
        nn_rng_seed(&a, 42);
        nn_rng_seed(&b, 42);
        assert_int_equal(nn_neuron_init(nr, kinds[k], -1, 1, &a), NN_OK);
        assert_int_equal(nn_neuron_init(other, kinds[k], -1, 1, &b), NN_OK);
        assert_memory_equal(nr->w, other->w, 3 * sizeof(double));
        assert_close(nr->b, other->b, 0);
    }
    nn_neuron_free(other);
}

/* Bad parameters: NN_ERANGE, and the neuron and the generator are exactly
 * as they were (compared field by field: struct padding is not copied). */
static void check_refused(nn_neuron *nr, nn_init how, double p1, double p2)
{
    nn_neuron *before = nn_neuron_copy(nr);
    nn_rng r, r_before;

    nn_rng_seed(&r, 42);
    (void)nn_rng_normal(&r, 0, 1); /* a spare too */
    r_before = r;
    assert_int_equal(nn_neuron_init(nr, how, p1, p2, &r), NN_ERANGE);
    assert_memory_equal(nr->x, before->x, nr->n * sizeof(double));
    assert_memory_equal(nr->w, before->w, nr->n * sizeof(double));
    assert_memory_equal(&nr->b, &before->b, sizeof(double));
    assert_memory_equal(r.s, r_before.s, sizeof r.s);
    assert_memory_equal(&r.spare, &r_before.spare, sizeof r.spare);
    assert_int_equal(r.has_spare, r_before.has_spare);
    nn_neuron_free(before);
}

static void test_neuron_init_bad_params_change_nothing(void **state)
{
    nn_neuron *nr = *state;

    check_refused(nr, NN_INIT_RANDOM, 1, -1);        /* low > high */
    check_refused(nr, NN_INIT_RANDOM, NAN, 1);
    check_refused(nr, NN_INIT_RANDOM, -1, NAN);
    check_refused(nr, NN_INIT_RANDOM, -INFINITY, 1);
    check_refused(nr, NN_INIT_RANDOM, -1, INFINITY);
    check_refused(nr, NN_INIT_NORMAL, 0, -0.1);      /* std < 0 */
    check_refused(nr, NN_INIT_NORMAL, NAN, 1);
    check_refused(nr, NN_INIT_NORMAL, 0, NAN);
    check_refused(nr, NN_INIT_NORMAL, INFINITY, 1);
    check_refused(nr, NN_INIT_NORMAL, 0, INFINITY);
    check_refused(nr, (nn_init)99, 0, 1);            /* not a way */
    /* and the boundaries that are fine */
    nn_rng r;
    nn_rng_seed(&r, 1);
    assert_int_equal(nn_neuron_init(nr, NN_INIT_NORMAL, 2, 0, &r), NN_OK);
    assert_close(nr->w[1], 2, 0); /* std 0: the mean */
    assert_int_equal(nn_neuron_init(nr, NN_INIT_RANDOM, -DBL_MAX, DBL_MAX,
                                    &r), NN_OK);
    assert_true(isfinite(nr->w[0]) && isfinite(nr->b));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_neuron_new_starts_at_zero),
        cmocka_unit_test(test_neuron_new_is_one_block),
        cmocka_unit_test(test_neuron_new_rejects_bad_sizes),
        cmocka_unit_test(test_neuron_new_largest),
        cmocka_unit_test(test_neuron_free_null),
        cmocka_unit_test_setup_teardown(test_neuron_copy_is_deep,
                                        setup_example, teardown_neuron),
        cmocka_unit_test_setup_teardown(test_neuron_fire_example,
                                        setup_example, teardown_neuron),
        cmocka_unit_test_setup_teardown(test_neuron_fire_null_outputs,
                                        setup_example, teardown_neuron),
        cmocka_unit_test(test_neuron_fire_uses_param),
        cmocka_unit_test(test_neuron_sum_left_to_right),
        cmocka_unit_test(test_neuron_sum_bias_last),
        cmocka_unit_test(test_neuron_sum_rounds_each_product),
        cmocka_unit_test(test_neuron_sum_starts_from_first_product),
        cmocka_unit_test_setup_teardown(test_neuron_init_zeros,
                                        setup_example, teardown_neuron),
        cmocka_unit_test_setup_teardown(test_neuron_init_random_order,
                                        setup_example, teardown_neuron),
        cmocka_unit_test(test_neuron_init_random_range),
        cmocka_unit_test(test_neuron_init_normal),
        cmocka_unit_test(test_neuron_init_xavier),
        cmocka_unit_test(test_neuron_init_he),
        cmocka_unit_test_setup_teardown(
            test_neuron_init_same_seed_same_weights, setup_example,
            teardown_neuron),
        cmocka_unit_test_setup_teardown(
            test_neuron_init_bad_params_change_nothing, setup_example,
            teardown_neuron),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
