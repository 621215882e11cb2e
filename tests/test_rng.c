/*
 * test_rng.c - the seeded generator: known streams, ranges, distributions.
 *
 * The known values were computed independently with a short Python script
 * implementing splitmix64 and xoshiro256** from Blackman and Vigna's
 * reference C, every operation masked to 64 bits:
 *
 *     M = 2**64 - 1
 *     def splitmix(st):
 *         st = (st + 0x9e3779b97f4a7c15) & M; z = st
 *         z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M
 *         z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M
 *         return st, z ^ (z >> 31)
 *     rotl = lambda x, k: ((x << k) | (x >> (64 - k))) & M
 *     def next(s):
 *         r = (rotl((s[1] * 5) & M, 7) * 9) & M; t = (s[1] << 17) & M
 *         s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]
 *         s[2] ^= t; s[3] = rotl(s[3], 45); return r
 *
 * with the state seeded by four successive splitmix outputs from st = seed.
 * As a check on the script itself, splitmix from 0 gives
 * 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, the published first outputs.
 * The uniform, normal and below values come from the same script, with
 * uniform = (next >> 11) * 2**-53, the polar method and the threshold
 * rejection written as in rng.c.
 */
#include <string.h>

#include "testutil.h"

#include "engine/rng.h"

/* Draws for the statistical tests: enough that 5 standard errors are
 * tight, few enough to run in milliseconds. The seed is fixed, so each
 * test is deterministic: the bounds only say the stream is reasonable. */
#define DRAWS 100000

/* ---- the stream ------------------------------------------------------ */

static void test_rng_seed_42_state(void **state)
{
    (void)state;
    nn_rng r;

    nn_rng_seed(&r, 42);
    /* four successive splitmix64 outputs from 42 */
    assert_true(r.s[0] == UINT64_C(0xbdd732262feb6e95));
    assert_true(r.s[1] == UINT64_C(0x28efe333b266f103));
    assert_true(r.s[2] == UINT64_C(0x47526757130f9f52));
    assert_true(r.s[3] == UINT64_C(0x581ce1ff0e4ae394));
    assert_int_equal(r.has_spare, 0);
}

/* checklist: J1 */
static void test_rng_seed_42_known_outputs(void **state)
{
    (void)state;
    static const uint64_t expected[] = {
        UINT64_C(0x15780b2e0c2ec716), UINT64_C(0x6104d9866d113a7e),
        UINT64_C(0xae17533239e499a1), UINT64_C(0xecb8ad4703b360a1),
        UINT64_C(0xfde6dc7fe2ec5e64),
    };
    nn_rng r;

    nn_rng_seed(&r, 42);
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        assert_true(nn_rng_next(&r) == expected[i]);
}

/* Seed 0 is a seed like any other: splitmix64 turns it into a non-zero
 * state (a zero state would give zeros for ever). */
static void test_rng_seed_0_known_outputs(void **state)
{
    (void)state;
    nn_rng r;

    nn_rng_seed(&r, 0);
    assert_true(r.s[0] == UINT64_C(0xe220a8397b1dcdaf));
    assert_true(r.s[1] == UINT64_C(0x6e789e6aa1b965f4));
    assert_true(nn_rng_next(&r) == UINT64_C(0x99ec5f36cb75f2b4));
    assert_true(nn_rng_next(&r) == UINT64_C(0xbf6e1f784956452a));
}

static void test_rng_same_seed_same_stream(void **state)
{
    (void)state;
    nn_rng a, b, c;
    int differ = 0;

    nn_rng_seed(&a, 7);
    nn_rng_seed(&b, 7);
    nn_rng_seed(&c, 8);
    for (int i = 0; i < 1000; i++) {
        uint64_t x = nn_rng_next(&a);
        assert_true(x == nn_rng_next(&b));
        differ += x != nn_rng_next(&c);
    }
    assert_int_equal(differ, 1000); /* a neighbouring seed shares nothing */
}

/* Reseeding restarts the stream and drops a cached normal draw. */
static void test_rng_reseed_restarts_and_clears_spare(void **state)
{
    (void)state;
    nn_rng fresh, used;

    nn_rng_seed(&fresh, 42);
    double first = nn_rng_normal(&fresh, 0, 1);

    nn_rng_seed(&used, 42);
    (void)nn_rng_normal(&used, 0, 1); /* leaves a spare */
    assert_int_equal(used.has_spare, 1);
    nn_rng_seed(&used, 42);
    assert_int_equal(used.has_spare, 0);
    assert_close(nn_rng_normal(&used, 0, 1), first, 0);
}

/* ---- uniform and range ----------------------------------------------- */

/* (0x15780b2e0c2ec716 >> 11) * 2^-53 = 0.08386297105988216, and so on;
 * exact, since each is a 53-bit integer times a power of two. */
static void test_rng_uniform_known_values(void **state)
{
    (void)state;
    nn_rng r;

    nn_rng_seed(&r, 42);
    assert_close(nn_rng_uniform(&r), 0.08386297105988216, 0);
    assert_close(nn_rng_uniform(&r), 0.3789802506626686, 0);
    assert_close(nn_rng_uniform(&r), 0.6800434110281394, 0);
}

static void test_rng_uniform_in_unit_interval(void **state)
{
    (void)state;
    nn_rng r;
    double sum = 0;

    nn_rng_seed(&r, 1);
    for (int i = 0; i < DRAWS; i++) {
        double u = nn_rng_uniform(&r);
        double scaled = u * 0x1.0p53;

        assert_true(u >= 0.0 && u < 1.0);
        assert_close(scaled, floor(scaled), 0); /* a multiple of 2^-53 */
        sum += u;
    }
    /* The mean of N uniforms has standard error sqrt(1/12 / N) = 0.00091
     * for N = 1e5; 5 standard errors: 0.0046. */
    assert_close(sum / DRAWS, 0.5, 0.0046);
}

static void test_rng_range_bounds(void **state)
{
    (void)state;
    nn_rng r;

    nn_rng_seed(&r, 2);
    for (int i = 0; i < DRAWS; i++) {
        double x = nn_rng_range(&r, -1, 1);
        assert_true(x >= -1 && x < 1);
    }
    /* An empty range [5, 5) gives its one end. */
    assert_close(nn_rng_range(&r, 5, 5), 5, 0);
    /* A width that overflows (2e308) still gives finite numbers in range. */
    for (int i = 0; i < 1000; i++) {
        double x = nn_rng_range(&r, -1e308, 1e308);
        assert_true(isfinite(x) && x >= -1e308 && x < 1e308);
    }
    /* A range one double wide: every draw is its low end. */
    double low = 1.0, high = nextafter(1.0, 2.0);
    for (int i = 0; i < 1000; i++)
        assert_close(nn_rng_range(&r, low, high), low, 0);
}

/* low + (high - low) u with u from the known stream:
 * -1 + 2 * 0.08386297105988216 = -0.8322740578802357. Both sides do the
 * same two IEEE operations on the same doubles, so they agree exactly. */
static void test_rng_range_known_value(void **state)
{
    (void)state;
    nn_rng r;

    nn_rng_seed(&r, 42);
    assert_close(nn_rng_range(&r, -1, 1), -1 + 2 * 0.08386297105988216, 0);
}

/* ---- normal ---------------------------------------------------------- */

/* The first two normals of seed 42 are one pair of the polar method, u*m
 * and then the cached v*m; the next two are the following pair. The
 * Python script gives -0.7262191382447857, -0.21119691823195985,
 * 0.2216227015035933, 0.5227716877560146. Tolerance 1e-14 relative: the
 * uniforms are exact, but log and sqrt may differ by an ulp between libms. */
static void test_rng_normal_known_values(void **state)
{
    (void)state;
    nn_rng r;

    nn_rng_seed(&r, 42);
    assert_rel_close(nn_rng_normal(&r, 0, 1), -0.7262191382447857, 1e-14);
    assert_int_equal(r.has_spare, 1);
    assert_rel_close(nn_rng_normal(&r, 0, 1), -0.21119691823195985, 1e-14);
    assert_int_equal(r.has_spare, 0);
    assert_rel_close(nn_rng_normal(&r, 0, 1), 0.2216227015035933, 1e-14);
    assert_rel_close(nn_rng_normal(&r, 0, 1), 0.5227716877560146, 1e-14);
}

/* mean + std * draw, the spare scaled by the call that uses it:
 * 10 + 2 * -0.7262191382447857 = 8.547561723510429. */
static void test_rng_normal_scales_draws(void **state)
{
    (void)state;
    nn_rng r;

    nn_rng_seed(&r, 42);
    /* 1e-14 relative as above */
    assert_rel_close(nn_rng_normal(&r, 10, 2), 10 + 2 * -0.7262191382447857,
                     1e-14);
    assert_rel_close(nn_rng_normal(&r, 0, 3), 3 * -0.21119691823195985,
                     1e-14);
    assert_close(nn_rng_normal(&r, 4.5, 0), 4.5, 0); /* std 0: the mean */
}

static void test_rng_normal_moments(void **state)
{
    (void)state;
    nn_rng r;
    double sum = 0, sum_sq = 0;

    nn_rng_seed(&r, 3);
    for (int i = 0; i < DRAWS; i++) {
        double x = nn_rng_normal(&r, 0, 1);
        assert_true(isfinite(x));
        sum += x;
        sum_sq += x * x;
    }
    double mean = sum / DRAWS;
    double variance = sum_sq / DRAWS - mean * mean;
    /* Standard errors for N = 1e5 standard normals: the mean's is
     * 1/sqrt(N) = 0.0032, the variance's sqrt(2/N) = 0.0045. Bounds of 5
     * standard errors: 0.016 and 0.023. */
    assert_close(mean, 0, 0.016);
    assert_close(variance, 1, 0.023);
}

/* Mean 3, std 2: the same draws shifted and scaled. */
static void test_rng_normal_moments_scaled(void **state)
{
    (void)state;
    nn_rng r;
    double sum = 0, sum_sq = 0;

    nn_rng_seed(&r, 4);
    for (int i = 0; i < DRAWS; i++) {
        double x = nn_rng_normal(&r, 3, 2);
        sum += x;
        sum_sq += x * x;
    }
    double mean = sum / DRAWS;
    double variance = sum_sq / DRAWS - mean * mean;
    /* 5 standard errors: 5 * 2/sqrt(N) = 0.032 for the mean,
     * 5 * 4 sqrt(2/N) = 0.089 for the variance (4 = std^2). */
    assert_close(mean, 3, 0.032);
    assert_close(variance, 4, 0.089);
}

/* ---- below ----------------------------------------------------------- */

/* From the script: 2^64 mod 6 = 4 is the threshold, and the first draws of
 * seed 42 mod 6 are 0 0 5 5 4 0 4 3 4 5 (none is rejected). */
static void test_rng_below_known_values(void **state)
{
    (void)state;
    static const uint64_t expected[] = { 0, 0, 5, 5, 4, 0, 4, 3, 4, 5 };
    nn_rng r;

    nn_rng_seed(&r, 42);
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        assert_true(nn_rng_below(&r, 6) == expected[i]);
}

static void test_rng_below_bounds(void **state)
{
    (void)state;
    nn_rng r;
    int counts[10] = { 0 };

    nn_rng_seed(&r, 5);
    for (int i = 0; i < 100; i++)
        assert_true(nn_rng_below(&r, 1) == 0);
    for (int i = 0; i < DRAWS; i++) {
        uint64_t k = nn_rng_below(&r, 10);
        assert_true(k < 10);
        counts[k]++;
    }
    /* Each count is binomial(N, 1/10): mean 10000, standard deviation
     * sqrt(N * 0.1 * 0.9) = 95; 5 of those: 475. */
    for (int k = 0; k < 10; k++)
        assert_in_range(counts[k], 10000 - 475, 10000 + 475);
    for (int i = 0; i < 1000; i++) {
        assert_true(nn_rng_below(&r, UINT64_MAX) < UINT64_MAX);
        assert_true(nn_rng_below(&r, (UINT64_C(1) << 63) + 1) <=
                    UINT64_C(1) << 63);
    }
}

/* n = 0xaaaaaaaaaaaaaaaa (2/3 of 2^64): plain x % n would map [n, 2^64)
 * onto [0, 2^64 - n), so results below n/2 would come 2/3 of the time.
 * Without bias it is 1/2. Over 10000 draws the fraction's standard error
 * is sqrt(0.25 / 10000) = 0.005; 5 of those, 0.025, is far from 0.167. */
static void test_rng_below_no_modulo_bias(void **state)
{
    (void)state;
    const uint64_t n = UINT64_C(0xaaaaaaaaaaaaaaaa);
    nn_rng r;
    int low = 0;

    nn_rng_seed(&r, 6);
    for (int i = 0; i < 10000; i++) {
        uint64_t k = nn_rng_below(&r, n);
        assert_true(k < n);
        low += k < n / 2;
    }
    assert_close(low / 10000.0, 0.5, 0.025);
}

/* ---- the whole state ------------------------------------------------ */

/* A state copied out and set into another generator continues the
 * stream exactly, the spare normal draw included. */
static void test_rng_state_round_trip(void **state)
{
    (void)state;
    nn_rng a, b;
    uint64_t words[4];
    int has_spare;
    double spare;
    nn_rng_seed(&a, 42);
    nn_rng_next(&a);
    nn_rng_normal(&a, 0, 1);  // leaves a spare waiting
    nn_rng_get_state(&a, words, &has_spare, &spare);
    assert_int_equal(has_spare, 1);
    nn_rng_seed(&b, 7);
    assert_int_equal(nn_rng_set_state(&b, words, has_spare, spare), NN_OK);
    for (int i = 0; i < 3; i++) {
        double x = nn_rng_normal(&a, 0, 1), y = nn_rng_normal(&b, 0, 1);
        assert_memory_equal(&x, &y, sizeof x);  // bit for bit
    }
    for (int i = 0; i < 10; i++)
        assert_true(nn_rng_next(&a) == nn_rng_next(&b));
}

/* The all-zero state (xoshiro's stuck state) and a non-finite spare are
 * refused, and the generator is left as it was. */
static void test_rng_state_refuses_zero(void **state)
{
    (void)state;
    nn_rng a, b;
    uint64_t zero[4] = { 0, 0, 0, 0 }, one[4] = { 1, 0, 0, 0 };
    nn_rng_seed(&a, 42);
    b = a;
    assert_int_equal(nn_rng_set_state(&a, zero, 0, 0), NN_ERANGE);
    assert_int_equal(nn_rng_set_state(&a, one, 1, NAN), NN_ERANGE);
    assert_true(nn_rng_next(&a) == nn_rng_next(&b));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rng_seed_42_state),
        cmocka_unit_test(test_rng_seed_42_known_outputs),
        cmocka_unit_test(test_rng_seed_0_known_outputs),
        cmocka_unit_test(test_rng_same_seed_same_stream),
        cmocka_unit_test(test_rng_reseed_restarts_and_clears_spare),
        cmocka_unit_test(test_rng_uniform_known_values),
        cmocka_unit_test(test_rng_uniform_in_unit_interval),
        cmocka_unit_test(test_rng_range_bounds),
        cmocka_unit_test(test_rng_range_known_value),
        cmocka_unit_test(test_rng_normal_known_values),
        cmocka_unit_test(test_rng_normal_scales_draws),
        cmocka_unit_test(test_rng_normal_moments),
        cmocka_unit_test(test_rng_normal_moments_scaled),
        cmocka_unit_test(test_rng_below_known_values),
        cmocka_unit_test(test_rng_below_bounds),
        cmocka_unit_test(test_rng_below_no_modulo_bias),
        cmocka_unit_test(test_rng_state_round_trip),
        cmocka_unit_test(test_rng_state_refuses_zero),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
