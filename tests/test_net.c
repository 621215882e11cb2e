/*
 * test_net.c - the network: sizes and limits, the matrix products against
 * their naive twins (and CBLAS against plain), forward against a double
 * oracle, gradients against central differences, the optimizers by hand,
 * refused updates, XOR, and saving and loading (round trip and every
 * malformed file we could think of).
 */
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "engine/act.h"
#include "engine/net.h"
#include "engine/pool.h"
#include "engine/rng.h"

/* ---- helpers ------------------------------------------------------------- */

static const nn_act *act(const char *name)
{
    const nn_act *a = nn_act_find(name, strlen(name));
    assert_non_null(a);
    return a;
}

/* A network from a spec; fails the test when it cannot be made. */
static nn_net *make(size_t inputs, const nn_layer_spec *layers, size_t n,
                    uint64_t seed)
{
    nn_status st;
    nn_net *net = nn_net_new(inputs, layers, n, &st);
    assert_int_equal(st, NN_OK);
    assert_non_null(net);
    nn_rng r;
    nn_rng_seed(&r, seed);
    nn_net_init(net, &r);
    return net;
}

/* Layer l's fan-in. */
static size_t fan_in(const nn_net *net, size_t l)
{
    return l == 0 ? nn_net_inputs(net) : nn_net_layer(net, l - 1).units;
}

/* 1 when two networks have the same weights and biases, bit for bit. */
static int same_params(const nn_net *a, const nn_net *b)
{
    if (nn_net_layers(a) != nn_net_layers(b))
        return 0;
    for (size_t l = 0; l < nn_net_layers(a); l++) {
        size_t out = nn_net_layer(a, l).units, in = fan_in(a, l);
        if (memcmp(nn_net_weights(a, l), nn_net_weights(b, l),
                   out * in * sizeof(float)) != 0 ||
            memcmp(nn_net_biases(a, l), nn_net_biases(b, l),
                   out * sizeof(float)) != 0)
            return 0;
    }
    return 1;
}

static void fill_uniform(nn_rng *r, float *x, size_t n, double lo, double hi)
{
    for (size_t i = 0; i < n; i++)
        x[i] = (float)nn_rng_range(r, lo, hi);
}

/* ---- counting parameters and the limits ---------------------------------- */

/* 784 50 relu 20 relu 10 softmax: 784*50+50 + 50*20+20 + 20*10+10
 * = 39250 + 1020 + 210 = 40480 (the course notebook's summary). */
static void test_net_count_course_network(void **state)
{
    (void)state;
    nn_layer_spec s[3] = { { 50, act("relu"), 0 }, { 20, act("relu"), 0 },
                           { 10, NULL, 0 } };
    size_t count = 0;
    assert_int_equal(nn_net_count(784, s, 3, &count), NN_OK);
    assert_int_equal(count, 40480);
    nn_net *net = make(784, s, 3, 1);
    assert_int_equal(nn_net_params(net), 40480);
    assert_int_equal(nn_net_inputs(net), 784);
    assert_int_equal(nn_net_layers(net), 3);
    nn_layer_spec got = nn_net_layer(net, 1);
    assert_int_equal(got.units, 20);
    assert_ptr_equal(got.act, act("relu"));
    assert_null(nn_net_layer(net, 2).act); /* softmax */
    assert_int_equal(nn_net_layer(net, 3).units, 0); /* past the end */
    assert_null(nn_net_weights(net, 3));
    nn_net_free(net);
    nn_net_free(NULL);
}

/* checklist: I2 */
static void test_net_count_limits(void **state)
{
    (void)state;
    size_t count = 0;
    /* 784*100000+100000 + 100000*100000+100000 + 100000*10+10
     * = 78,500,000 + 10,000,100,000 + 1,000,010 = 10,079,600,010 */
    nn_layer_spec big[3] = { { 100000, act("relu"), 0 },
                             { 100000, act("relu"), 0 }, { 10, NULL, 0 } };
    assert_int_equal(nn_net_count(784, big, 3, &count), NN_ERANGE);
    if (sizeof(size_t) >= 8)
        assert_true(count == (size_t)10079600010ULL);
    /* a product past SIZE_MAX saturates */
    nn_layer_spec huge[2] = { { SIZE_MAX / 2, act("relu"), 0 },
                              { SIZE_MAX / 2, NULL, 0 } };
    assert_int_equal(nn_net_count(784, huge, 2, &count), NN_ERANGE);
    assert_true(count == SIZE_MAX);
    /* exactly at the limit: 99*100000 + 100000 = 10,000,000 */
    nn_layer_spec edge[1] = { { 100000, NULL, 0 } };
    assert_int_equal(nn_net_count(99, edge, 1, &count), NN_OK);
    assert_int_equal(count, NN_NET_MAX_PARAMS);
    assert_int_equal(nn_net_count(100, edge, 1, &count), NN_ERANGE);
    /* zero sizes, too many units, layers and inputs */
    nn_layer_spec zero[1] = { { 0, NULL, 0 } };
    assert_int_equal(nn_net_count(3, zero, 1, &count), NN_ERANGE);
    nn_layer_spec wide[1] = { { NN_NET_MAX_UNITS + 1, NULL, 0 } };
    assert_int_equal(nn_net_count(1, wide, 1, &count), NN_ERANGE);
    assert_int_equal(nn_net_count(0, edge, 1, &count), NN_ERANGE);
    assert_int_equal(nn_net_count(NN_NET_MAX_UNITS + 1, zero, 1, &count),
                     NN_ERANGE);
    assert_int_equal(nn_net_count(3, edge, 0, &count), NN_ERANGE);
    nn_layer_spec many[NN_NET_MAX_LAYERS + 1];
    for (size_t l = 0; l <= NN_NET_MAX_LAYERS; l++)
        many[l] = (nn_layer_spec){ 2, act("tanh"), 0 };
    assert_int_equal(nn_net_count(2, many, NN_NET_MAX_LAYERS, &count),
                     NN_OK);
    assert_int_equal(nn_net_count(2, many, NN_NET_MAX_LAYERS + 1, &count),
                     NN_ERANGE);
    /* nn_net_new refuses the same, and what else cannot be built */
    nn_status st = NN_OK;
    assert_null(nn_net_new(784, big, 3, &st));
    assert_int_equal(st, NN_ERANGE);
    nn_layer_spec hidden_softmax[2] = { { 3, NULL, 0 }, { 2, NULL, 0 } };
    assert_null(nn_net_new(2, hidden_softmax, 2, &st));
    assert_int_equal(st, NN_EDIM);
    nn_layer_spec steep[1] = { { 2, act("leaky_relu"), 5.0 } }; /* 0..1 */
    assert_null(nn_net_new(2, steep, 1, &st));
    assert_int_equal(st, NN_ERANGE);
    steep[0].param = NAN;
    assert_null(nn_net_new(2, steep, 1, &st));
    assert_int_equal(st, NN_ERANGE);
}

/* ---- initial weights ----------------------------------------------------- */

static void test_net_init_glorot_and_he(void **state)
{
    (void)state;
    nn_layer_spec s[2] = { { 300, act("relu"), 0 },
                           { 100, act("sigmoid"), 0 } };
    nn_net *a = make(200, s, 2, 7), *b = make(200, s, 2, 7);
    nn_net *c = make(200, s, 2, 8);
    assert_true(same_params(a, b)); /* the same seed, the same weights */
    assert_false(same_params(a, c));
    /* layer 0 (relu): He normal, std sqrt(2/200) = 0.1. 60,000 draws:
     * the sample std is within 1% of it with overwhelming odds (its
     * standard error is 0.1/sqrt(2*60000) = 0.0003), and the mean within
     * 0.003 (standard error 0.1/sqrt(60000) = 0.0004). */
    const float *w = nn_net_weights(a, 0);
    double sum = 0, sq = 0;
    for (size_t i = 0; i < 60000; i++) {
        sum += w[i];
        sq += (double)w[i] * w[i];
    }
    double mean = sum / 60000, std = sqrt(sq / 60000 - mean * mean);
    assert_close(mean, 0.0, 0.003);
    assert_rel_close(std, 0.1, 0.01);
    /* layer 1 (sigmoid): Glorot uniform, |w| <= sqrt(6/(300+100)) =
     * 0.12247, and some near the edge */
    w = nn_net_weights(a, 1);
    double lim = sqrt(6.0 / 400.0), most = 0;
    for (size_t i = 0; i < 30000; i++) {
        assert_true(fabs(w[i]) <= lim + 1e-7); /* float rounding */
        most = fabs(w[i]) > most ? fabs(w[i]) : most;
    }
    assert_true(most > 0.99 * lim);
    /* relu biases stay 0 (a negative one could start a unit dead); the
     * Glorot layer's are drawn from the same range after its weights, so
     * not all 0, none past the limit, and about half negative (100 fair
     * coins: 20..80 fails with odds below 1e-9) */
    for (size_t j = 0; j < s[0].units; j++)
        assert_true(nn_net_biases(a, 0)[j] == 0.0f);
    size_t negative = 0;
    for (size_t j = 0; j < s[1].units; j++) {
        float bj = nn_net_biases(a, 1)[j];
        assert_true(fabs(bj) <= lim + 1e-7);
        negative += bj < 0;
    }
    assert_in_range(negative, 20, 80);
    /* drawn after the weights: the generator's draws that follow the
     * last weight are the biases */
    nn_rng r;
    nn_rng_seed(&r, 7);
    for (size_t i = 0; i < 60000; i++)
        (void)nn_rng_normal(&r, 0.0, 0.1);
    for (size_t i = 0; i < 30000; i++)
        (void)nn_rng_range(&r, -lim, lim);
    assert_true(nn_net_biases(a, 1)[0] == (float)nn_rng_range(&r, -lim, lim));
    nn_net_free(a);
    nn_net_free(b);
    nn_net_free(c);
}

/* ---- the matrix products against their naive twins ----------------------- */

/* C = A B^T (+ C) the way the definition reads, in double. */
static void naive_abt(const float *a, const float *b, double *c, size_t m,
                      size_t n, size_t k)
{
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            double s = 0;
            for (size_t p = 0; p < k; p++)
                s += (double)a[i * k + p] * b[j * k + p];
            c[i * n + j] += s;
        }
}

/* A (m, k) with a zero run in some rows, so the kernels' skipping of
 * zero blocks is exercised next to dense rows. */
static void fill_matrix(nn_rng *r, float *x, size_t rows, size_t cols)
{
    fill_uniform(r, x, rows * cols, -1, 1);
    for (size_t i = 0; i < rows; i += 2)
        for (size_t j = cols / 4; j < cols / 2 + 9 && j < cols; j++)
            x[i * cols + j] = 0.0f;
}

typedef void (*gemm_fn)(const float *, const float *, float *, size_t,
                        size_t, size_t, int);

/* Which product: 1 atb, 2 ab; builds A and B in the shapes that
 * product wants and checks C against the naive sum (A^T and B^T made
 * explicit first). The tolerance: each C is a float sum of k products
 * of numbers in [-1, 1]; float rounding adds at most about
 * k * 2^-24 * sum|a b| <= k^2 * 6e-8 (for k = 129: 1e-3), and in practice
 * the errors cancel to about sqrt(k) of that. 1e-4 * k is ample and
 * still catches a wrong index (an error of order 1). */
static void check_gemm(int which, gemm_fn f, size_t m, size_t n, size_t k)
{
    nn_rng r;
    nn_rng_seed(&r, 1000 + m * 31 + n * 7 + k);
    float *a = malloc((m * k + 1) * sizeof(float));
    float *b = malloc((n * k + 1) * sizeof(float));
    float *at = malloc((m * k + 1) * sizeof(float));
    float *bt = malloc((n * k + 1) * sizeof(float));
    float *c = malloc((m * n + 1) * sizeof(float));
    double *want = calloc(m * n + 1, sizeof(double));
    assert_true(a && b && at && bt && c && want);
    /* the naive form: a (m, k), bt (n, k) */
    fill_matrix(&r, a, m, k);
    fill_matrix(&r, bt, n, k);
    naive_abt(a, bt, want, m, n, k);
    const float *pa = a, *pb = bt;
    if (which == 1) { /* atb takes A^T (k, m) */
        for (size_t i = 0; i < m; i++)
            for (size_t p = 0; p < k; p++)
                at[p * m + i] = a[i * k + p];
        pa = at;
    }
    if (which >= 1) { /* atb and ab take B^T (k, n) */
        for (size_t j = 0; j < n; j++)
            for (size_t p = 0; p < k; p++)
                b[p * n + j] = bt[j * k + p];
        pb = b;
    }
    for (int accumulate = 0; accumulate <= 1; accumulate++) {
        for (size_t i = 0; i < m * n; i++)
            c[i] = accumulate ? 0.5f : NAN; /* NaN: must be overwritten */
        f(pa, pb, c, m, n, k, accumulate);
        for (size_t i = 0; i < m * n; i++)
            assert_close(c[i], want[i] + (accumulate ? 0.5 : 0.0),
                         1e-4 * (double)(k + 1));
    }
    free(a);
    free(b);
    free(at);
    free(bt);
    free(c);
    free(want);
}

static const size_t shapes[][3] = {
    { 1, 1, 1 }, { 3, 5, 7 }, { 33, 65, 129 }, { 2, 17, 8 }, { 7, 40, 3 },
    { 32, 128, 784 }, { 6, 16, 0 }, { 1, 24, 1030 },
};
#define SHAPES (sizeof shapes / sizeof shapes[0])

static void test_net_gemm_atb_matches_naive(void **state)
{
    (void)state;
    for (size_t s = 0; s < SHAPES; s++) {
        check_gemm(1, nn_gemm_atb_plain, shapes[s][0], shapes[s][1],
                   shapes[s][2]);
        check_gemm(1, nn_gemm_atb, shapes[s][0], shapes[s][1], shapes[s][2]);
    }
}

static void test_net_gemm_ab_matches_naive(void **state)
{
    (void)state;
    for (size_t s = 0; s < SHAPES; s++) {
        check_gemm(2, nn_gemm_ab_plain, shapes[s][0], shapes[s][1],
                   shapes[s][2]);
        check_gemm(2, nn_gemm_ab, shapes[s][0], shapes[s][1], shapes[s][2]);
    }
}

/* Under NN_HAVE_CBLAS the public products are cblas_sgemm: they must
 * agree with the plain ones to float rounding (different summation
 * orders, and CBLAS may fuse multiply-adds): 1e-5 relative to the size
 * of the terms, for k = 784 sums of terms up to 1. */
static void test_net_gemm_cblas_matches_plain(void **state)
{
    (void)state;
    if (!nn_gemm_uses_cblas()) {
        skip();
        return;
    }
    size_t m = 33, n = 65, k = 784;
    nn_rng r;
    nn_rng_seed(&r, 5);
    float *a = malloc(m * k * sizeof(float)), *b = malloc(n * k * 4);
    float *c1 = malloc(m * n * 4), *c2 = malloc(m * n * 4);
    float *at = malloc(k * m * 4), *bt = malloc(k * n * 4);
    assert_true(a && b && c1 && c2 && at && bt);
    fill_matrix(&r, a, m, k);
    fill_matrix(&r, b, n, k);
    fill_matrix(&r, at, k, m);
    fill_matrix(&r, bt, k, n);
    gemm_fn blas[2] = { nn_gemm_atb, nn_gemm_ab };
    gemm_fn plain[2] = { nn_gemm_atb_plain, nn_gemm_ab_plain };
    const float *as[2] = { at, a }, *bs[2] = { bt, bt };
    for (int w = 0; w < 2; w++)
        for (int acc = 0; acc <= 1; acc++) {
            for (size_t i = 0; i < m * n; i++)
                c1[i] = c2[i] = 0.25f;
            blas[w](as[w], bs[w], c1, m, n, k, acc);
            plain[w](as[w], bs[w], c2, m, n, k, acc);
            for (size_t i = 0; i < m * n; i++)
                assert_close(c1[i], c2[i], 1e-5 * (double)k);
        }
    free(a);
    free(b);
    free(c1);
    free(c2);
    free(at);
    free(bt);
}

/* A row of C does not depend on how many rows there are, bit for bit:
 * a sample's output does not depend on its batch. ab is the forward
 * pass (z = a W^T with W kept transposed), whose tiles skip a column of
 * A only where all their rows are 0: a row's neighbours decide what is
 * skipped, not what is summed. */
static void test_net_gemm_row_independent_of_m(void **state)
{
    (void)state;
    size_t m = 31, n = 20, k = 300;
    nn_rng r;
    nn_rng_seed(&r, 9);
    float *a = malloc(m * k * 4), *b = malloc(n * k * 4);
    float *c = malloc(m * n * 4), *one = malloc(n * 4);
    assert_true(a && b && c && one);
    fill_matrix(&r, a, m, k);
    fill_matrix(&r, b, n, k);
    for (size_t i = 0; i < m * k; i += 5) /* zeros in some rows only */
        if (i / k % 3 == 0)
            a[i] = 0.0f;
    nn_gemm_ab_plain(a, b, c, m, n, k, 0); /* b read as (k, n) */
    for (size_t i = 0; i < m; i++) {
        nn_gemm_ab_plain(a + i * k, b, one, 1, n, k, 0);
        assert_memory_equal(one, c + i * n, n * sizeof(float));
    }
    free(a);
    free(b);
    free(c);
    free(one);
}

/* ab and atb add the products in increasing k, one float sum an element
 * starting from C: the very bits of the plain loop, whichever tile (and
 * 8 or 16 lanes, 1 thread or 2) an element falls in, with A's zeros
 * skipped (0 * b adds nothing) and B's not. */
static void test_net_gemm_sums_in_order(void **state)
{
    (void)state;
    static const size_t dims[][3] = {
        { 32, 128, 784 }, { 33, 10, 129 }, { 7, 131, 33 }, { 2, 8, 5 },
        { 1030, 20, 70 }, { 5, 300, 1030 },
    };
    for (size_t s = 0; s < sizeof dims / sizeof dims[0]; s++) {
        size_t m = dims[s][0], n = dims[s][1], k = dims[s][2];
        nn_rng r;
        nn_rng_seed(&r, 500 + s);
        float *a = malloc(m * k * 4), *b = malloc(n * k * 4);
        float *c = malloc(m * n * 4), *want = malloc(m * n * 4);
        assert_true(a && b && c && want);
        fill_matrix(&r, a, m, k);  /* (m, k) for ab, (k, m) for atb */
        fill_matrix(&r, b, k, n);
        for (size_t i = 0; i < m * k; i++) /* mostly zeros, as pictures */
            if (i % 7 < 5)
                a[i] = 0.0f;
        for (int w = 0; w < 2; w++) {
            int atb = w == 1;
            for (size_t i = 0; i < m; i++)
                for (size_t j = 0; j < n; j++) {
                    float sum = (float)(i + j) * 0.125f;
                    for (size_t p = 0; p < k; p++)
                        sum += (atb ? a[p * m + i] : a[i * k + p]) *
                               b[p * n + j];
                    want[i * n + j] = sum;
                }
            for (size_t t = 1; t <= 2; t++) {
                nn_pool_set_threads(t);
                for (size_t i = 0; i < m; i++)
                    for (size_t j = 0; j < n; j++)
                        c[i * n + j] = (float)(i + j) * 0.125f;
                (atb ? nn_gemm_atb_plain : nn_gemm_ab_plain)(a, b, c, m, n,
                                                             k, 1);
                assert_memory_equal(c, want, m * n * sizeof(float));
            }
        }
        free(a);
        free(b);
        free(c);
        free(want);
    }
    nn_pool_set_threads(0);
}

/* ---- threads: the same bits on 1 thread or many -------------------------- */

/* Each product, on shapes large enough to be split (and with edges that
 * cut tiles), gives the same bits on 1, 2, 3 and 8 threads: each column
 * of C is computed by one thread in the kernel's one order. */
static void test_net_gemm_threads_same_bits(void **state)
{
    (void)state;
    static const size_t big[][3] = {
        { 32, 128, 784 }, { 33, 130, 785 }, { 128, 784, 32 },
        { 32, 1024, 512 }, { 5, 2000, 300 }, { 256, 10, 784 },
    };
    gemm_fn fn[2] = { nn_gemm_atb_plain, nn_gemm_ab_plain };
    static const size_t counts[] = { 2, 3, 8 };
    for (size_t s = 0; s < sizeof big / sizeof big[0]; s++) {
        size_t m = big[s][0], n = big[s][1], k = big[s][2];
        nn_rng r;
        nn_rng_seed(&r, 77 + s);
        float *a = malloc(m * k * sizeof(float));
        float *b = malloc(n * k * sizeof(float));
        float *one = malloc(m * n * sizeof(float));
        float *many = malloc(m * n * sizeof(float));
        assert_true(a && b && one && many);
        fill_matrix(&r, a, m, k); /* read as (m, k) or (k, m) */
        fill_matrix(&r, b, n, k); /* read as (n, k) or (k, n) */
        for (int w = 0; w < 2; w++)
            for (int acc = 0; acc <= 1; acc++) {
                nn_pool_set_threads(1);
                for (size_t i = 0; i < m * n; i++)
                    one[i] = (float)i * 0.25f;
                fn[w](a, b, one, m, n, k, acc);
                for (size_t t = 0; t < 3; t++) {
                    nn_pool_set_threads(counts[t]);
                    for (size_t i = 0; i < m * n; i++)
                        many[i] = (float)i * 0.25f;
                    fn[w](a, b, many, m, n, k, acc);
                    assert_memory_equal(one, many, m * n * sizeof(float));
                }
            }
        free(a);
        free(b);
        free(one);
        free(many);
    }
    nn_pool_set_threads(0);
}

/* Pixels as floats: every byte, in the 8-lane body and in the tail, is
 * the correctly rounded quotient byte / 255 (0 is 0, 255 is 1, 51 is
 * 0.2f). */
static void test_net_pixels_are_quotients(void **state)
{
    (void)state;
    uint8_t px[263];
    float x[263];
    for (size_t i = 0; i < sizeof px; i++)
        px[i] = (uint8_t)(i * 7 % 256); /* every value, in other places */
    for (size_t n = 0; n <= sizeof px; n += n < 20 ? 1 : 81) {
        memset(x, 0xff, sizeof x);
        nn_net_pixels(px, n, x);
        for (size_t i = 0; i < n; i++)
            assert_true(x[i] == (float)px[i] / 255.0f);
        for (size_t i = n; i < sizeof px; i++) /* nothing past n */
            assert_true(x[i] != x[i]);
    }
    px[0] = 0, px[1] = 255, px[2] = 51;
    nn_net_pixels(px, 3, x);
    assert_true(x[0] == 0.0f && x[1] == 1.0f && x[2] == 0.2f);
}

/* A batch gathered by nn_net_pixel_rows: each row is its picture's
 * quotients, in the order asked, a picture taken twice as well. */
static void test_net_pixel_rows_gather(void **state)
{
    (void)state;
    enum { N = 37, PICS = 9 };
    uint8_t px[PICS * N];
    for (size_t i = 0; i < sizeof px; i++)
        px[i] = (uint8_t)(i * 13 % 256);
    size_t idx[] = { 8, 0, 3, 3, 7, 1 }, rows = sizeof idx / sizeof idx[0];
    float x[6 * N], one[N];
    nn_net_pixel_rows(px, N, idx, rows, x);
    for (size_t i = 0; i < rows; i++) {
        nn_net_pixels(px + idx[i] * N, N, one);
        assert_memory_equal(x + i * N, one, sizeof one);
        for (size_t j = 0; j < N; j++)
            assert_true(one[j] == (float)px[idx[i] * N + j] / 255.0f);
    }
}

/* The 16-lane products (AVX-512, where the machine has it) give the same
 * bits as the 8-lane ones, on every kind of tile: whole, cut at the
 * edges, blocks of K, tails shorter than 8, zeros skipped, accumulated. */
static void test_net_gemm_wide_same_bits(void **state)
{
    (void)state;
    if (!nn_gemm_wide(1)) {
        nn_gemm_wide(-1);
        print_message("no AVX-512 here: the 16-lane products not tested\n");
        skip();
    }
    static const size_t cut[][3] = {
        { 32, 128, 784 }, { 33, 130, 785 }, { 128, 784, 32 },
        { 1, 1, 1 }, { 4, 4, 8 }, { 5, 7, 3 }, { 7, 33, 17 },
        { 13, 57, 2049 }, { 6, 40, 1030 }, { 2, 10, 9 }, { 100, 200, 64 },
        { 1100, 24, 70 }, { 3, 200, 33 },
    };
    gemm_fn fn[2] = { nn_gemm_atb_plain, nn_gemm_ab_plain };
    for (size_t s = 0; s < sizeof cut / sizeof cut[0]; s++) {
        size_t m = cut[s][0], n = cut[s][1], k = cut[s][2];
        nn_rng r;
        nn_rng_seed(&r, 91 + s);
        float *a = malloc(m * k * sizeof(float));
        float *b = malloc(n * k * sizeof(float));
        float *narrow = malloc(m * n * sizeof(float));
        float *wide = malloc(m * n * sizeof(float));
        assert_true(a && b && narrow && wide);
        fill_matrix(&r, a, m, k);
        fill_matrix(&r, b, n, k);
        for (size_t i = 0; i < m * k; i += 3) /* zeros, to be skipped */
            if (i % 40 < 20)
                a[i] = 0.0f;
        for (size_t i = 0; i < n * k; i += 2)
            if (i % 50 < 30)
                b[i] = 0.0f;
        for (int w = 0; w < 2; w++)
            for (int acc = 0; acc <= 1; acc++)
                for (size_t t = 1; t <= 2; t++) {
                    nn_pool_set_threads(t);
                    for (size_t i = 0; i < m * n; i++)
                        narrow[i] = wide[i] = (float)i * 0.125f;
                    assert_int_equal(nn_gemm_wide(0), 0);
                    fn[w](a, b, narrow, m, n, k, acc);
                    assert_int_equal(nn_gemm_wide(1), 1);
                    fn[w](a, b, wide, m, n, k, acc);
                    assert_memory_equal(narrow, wide, m * n * sizeof(float));
                }
        free(a);
        free(b);
        free(narrow);
        free(wide);
    }
    nn_pool_set_threads(0);
    nn_gemm_wide(1);
}

/* The network as it is after `steps` batches of training on fixed random
 * digits-like data, with `threads` threads: its saved text. */
static char *trained(size_t threads, nn_net_opt opt, const char *hidden)
{
    nn_pool_set_threads(threads);
    nn_layer_spec spec[3] = {
        { 300, act(hidden), 0.0 }, { 130, act("tanh"), 0.0 },
        { 10, NULL, 0.0 },
    };
    nn_net *net = make(784, spec, 3, 5);
    nn_rng r;
    nn_rng_seed(&r, 6);
    size_t batch = 64;
    float *x = malloc(batch * 784 * sizeof(float));
    uint8_t y[64];
    assert_non_null(x);
    nn_net_cfg cfg = nn_net_defaults();
    cfg.opt = opt;
    cfg.rate = opt == NN_NET_ADAM ? 0.001f : 0.1f;
    for (int step = 0; step < 4; step++) {
        fill_matrix(&r, x, batch, 784);
        for (size_t i = 0; i < batch; i++)
            y[i] = (uint8_t)nn_rng_below(&r, 10);
        assert_int_equal(nn_net_train_batch(net, &cfg, x, y, batch, NULL,
                                            NULL), NN_OK);
    }
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(nn_net_save(net, &text, &len), NN_OK);
    free(x);
    nn_net_free(net);
    return text;
}

/* Training gives the same network, to the bit (%.9g reads back as the
 * float it was), on 1 thread and on 2 or 3. */
static void test_net_train_threads_same_bits(void **state)
{
    (void)state;
    static const struct { nn_net_opt opt; const char *hidden; } runs[] = {
        { NN_NET_SGD, "sigmoid" }, { NN_NET_ADAM, "relu" },
    };
    for (size_t i = 0; i < 2; i++) {
        char *one = trained(1, runs[i].opt, runs[i].hidden);
        char *two = trained(2, runs[i].opt, runs[i].hidden);
        char *three = trained(3, runs[i].opt, runs[i].hidden);
        assert_string_equal(one, two);
        assert_string_equal(one, three);
        free(one);
        free(two);
        free(three);
    }
    nn_pool_set_threads(0);
}

/* The thread count: 0 is the machine's cores, capped; more is cut. */
static void test_net_threads_setting(void **state)
{
    (void)state;
    nn_pool_set_threads(3);
    assert_int_equal(nn_pool_threads(), 3);
    nn_pool_set_threads(1000);
    assert_int_equal(nn_pool_threads(), NN_POOL_MAX);
    nn_pool_set_threads(0);
    size_t cores = nn_pool_cores();
    assert_int_equal(nn_pool_threads(),
                     cores < NN_POOL_MAX ? cores : NN_POOL_MAX);
}

/* ---- forward against a double oracle ------------------------------------- */

/* The network in double, as the definition reads: a_0 = x,
 * z_l = W_l a_(l-1) + b_l, a_l = f(z_l) or softmax. w and b hold each
 * layer's parameters as doubles (copied from the floats); out gets the
 * last layer's outputs. */
typedef struct dnet {
    size_t inputs, layers;
    size_t units[4];
    const nn_act *acts[4];
    double params[4];
    double *w[4], *b[4];
} dnet;

static void dnet_from(dnet *d, const nn_net *net)
{
    d->inputs = nn_net_inputs(net);
    d->layers = nn_net_layers(net);
    assert_true(d->layers <= 4);
    for (size_t l = 0; l < d->layers; l++) {
        nn_layer_spec s = nn_net_layer(net, l);
        size_t in = fan_in(net, l);
        d->units[l] = s.units;
        d->acts[l] = s.act;
        d->params[l] = s.param;
        d->w[l] = malloc(s.units * in * sizeof(double));
        d->b[l] = malloc(s.units * sizeof(double));
        for (size_t i = 0; i < s.units * in; i++)
            d->w[l][i] = nn_net_weights(net, l)[i];
        for (size_t j = 0; j < s.units; j++)
            d->b[l][j] = nn_net_biases(net, l)[j];
    }
}

static void dnet_free(dnet *d)
{
    for (size_t l = 0; l < d->layers; l++) {
        free(d->w[l]);
        free(d->b[l]);
    }
}

static void dnet_forward(const dnet *d, const float *x, double *out)
{
    double a[64], z[64];
    size_t in = d->inputs;
    for (size_t i = 0; i < in; i++)
        a[i] = x[i];
    for (size_t l = 0; l < d->layers; l++) {
        size_t n = d->units[l];
        for (size_t j = 0; j < n; j++) {
            z[j] = d->b[l][j];
            for (size_t i = 0; i < in; i++)
                z[j] += d->w[l][j * in + i] * a[i];
        }
        if (d->acts[l])
            for (size_t j = 0; j < n; j++)
                a[j] = d->acts[l]->f(z[j], d->params[l]);
        else
            nn_softmax(z, n, a, NULL);
        in = n;
    }
    memcpy(out, a, in * sizeof(double));
}

/* The mean loss of a batch, as nn_net_backprop defines it. */
static double dnet_loss(const dnet *d, nn_net_loss loss, const float *x,
                        const uint8_t *y, size_t batch)
{
    double out[64], sum = 0;
    size_t n = d->units[d->layers - 1];
    for (size_t s = 0; s < batch; s++) {
        dnet_forward(d, x + s * d->inputs, out);
        if (loss == NN_NET_CE) {
            sum += -log(out[y[s]]);
            continue;
        }
        if (loss == NN_NET_BCE) {  /* the definition, in double */
            sum += y[s] ? -log(out[0]) : -log(1 - out[0]);
            continue;
        }
        for (size_t j = 0; j < n; j++) {
            double t = n == 1 ? y[s] : (double)(j == y[s]);
            sum += (out[j] - t) * (out[j] - t) / (double)n;
        }
    }
    return sum / (double)batch;
}

/* 5-7 tanh-6 relu-4 softmax on 9 samples: each output against the oracle.
 * Float rounding in a few sums of 7 terms of order 1: 1e-5 is 100 float
 * epsilons, well above it and far below any real mistake. */
static void test_net_forward_matches_double_oracle(void **state)
{
    (void)state;
    nn_layer_spec s[3] = { { 7, act("tanh"), 0 }, { 6, act("relu"), 0 },
                           { 4, NULL, 0 } };
    nn_net *net = make(5, s, 3, 3);
    dnet d;
    dnet_from(&d, net);
    nn_rng r;
    nn_rng_seed(&r, 4);
    float x[9 * 5], out[9 * 4];
    fill_uniform(&r, x, 45, 0, 1);
    nn_net_forward(net, x, 9, out);
    for (size_t i = 0; i < 9; i++) {
        double want[4], sum = 0;
        dnet_forward(&d, x + i * 5, want);
        for (size_t j = 0; j < 4; j++) {
            assert_close(out[i * 4 + j], want[j], 1e-5);
            sum += out[i * 4 + j];
        }
        /* probabilities: each in (0, 1), summing to 1 (four float
         * roundings of numbers below 1: within 4 * 6e-8) */
        assert_close(sum, 1.0, 3e-7);
    }
    dnet_free(&d);
    nn_net_free(net);
}

/* Softmax outputs sum to 1 however large the logits (the max is taken
 * off first); the same sample gives the same bits alone or in a batch
 * (the plain products promise it; CBLAS may take another path for one
 * row, so there: within float rounding, 1e-6 of outputs below 1). */
static void test_net_forward_softmax_sums_to_one(void **state)
{
    (void)state;
    nn_layer_spec s[2] = { { 16, act("relu"), 0 }, { 10, NULL, 0 } };
    nn_net *net = make(12, s, 2, 11);
    nn_rng r;
    nn_rng_seed(&r, 12);
    float x[40 * 12], out[40 * 10], one[10];
    fill_uniform(&r, x, 40 * 12, 0, 1);
    for (size_t i = 0; i < 12; i++)
        x[39 * 12 + i] = 1e4f; /* logits in the thousands */
    nn_net_forward(net, x, 40, out);
    for (size_t i = 0; i < 40; i++) {
        double sum = 0;
        for (size_t j = 0; j < 10; j++) {
            assert_true(out[i * 10 + j] >= 0 && out[i * 10 + j] <= 1);
            sum += out[i * 10 + j];
        }
        assert_close(sum, 1.0, 1e-6); /* ten float roundings */
        nn_net_forward(net, x + i * 12, 1, one);
        if (!nn_gemm_uses_cblas())
            assert_memory_equal(one, out + i * 10, sizeof one);
        for (size_t j = 0; j < 10; j++)
            assert_close(one[j], out[i * 10 + j], 1e-6);
    }
    nn_net_free(net);
}

/* The activations computed by their own float formulas (sigmoid, tanh,
 * relu, linear) against act.c's rows, through a one-unit layer with
 * w = 1, b = 0 (so a = f(x)), over [-100, 100], the infinities and NaN.
 * 1001 samples: the last 8-lane group is a partial one. Tolerance: a few
 * float roundings, 4e-7 of |f|, plus 1e-37 for sigmoid below -87, which
 * stops at e^-87 = 1.6e-38 where the row goes on down to 0. */
static void test_net_fast_activations_match_rows(void **state)
{
    (void)state;
    const char *names[] = { "sigmoid", "tanh", "relu", "linear", "elu" };
    enum { N = 1001 };
    static float x[N], out[N];
    for (size_t i = 0; i < N - 3; i++)
        x[i] = -100.0f + 200.0f * (float)i / (N - 4);
    x[N - 3] = INFINITY;
    x[N - 2] = -INFINITY;
    x[N - 1] = NAN;
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        nn_layer_spec s[1] = { { 1, act(names[k]), 1.0 } };
        nn_net *net = make(1, s, 1, 1);
        float w = 1.0f, b = 0.0f;
        assert_int_equal(nn_net_set_layer(net, 0, &w, &b), NN_OK);
        nn_net_forward(net, x, N, out);
        for (size_t i = 0; i < N; i++) {
            double want = (float)s[0].act->f(x[i], 1.0);
            if (isnan(want)) {
                assert_true(isnan(out[i]));
                continue;
            }
            if (isinf(want)) {
                assert_true(out[i] == want);
                continue;
            }
            assert_close(out[i], want, 4e-7 * fabs(want) + 1e-37);
        }
        nn_net_free(net);
    }
}

/* ---- gradients against central differences ------------------------------- */

/* The engine's gradient of every parameter against (L(p+h) - L(p-h))/2h
 * of the double oracle, h = 1e-5: the truncation error is about
 * h^2 * L''' ~ 1e-10 and the rounding about 1e-16/h ~ 1e-11, so the
 * reference is good to 1e-9. The engine works in float: each gradient is
 * a sum of a few products of numbers of order 1, each a few float
 * roundings (6e-8) off, so 2e-5 + 2e-4 |g| leaves a margin of 10 or more
 * while a wrong derivative is off by order 1. Guards: the loss agrees
 * with the oracle, and some gradient is clearly not zero. */
static void check_gradient(const nn_layer_spec *s, size_t n_layers,
                           nn_net_loss loss, uint64_t seed)
{
    const size_t inputs = 3, batch = 4;
    nn_net *net = make(inputs, s, n_layers, seed);
    nn_rng r;
    nn_rng_seed(&r, seed + 100);
    float x[4 * 3];
    fill_uniform(&r, x, batch * inputs, -1, 1);
    size_t outputs = s[n_layers - 1].units;
    uint8_t y[4];
    for (size_t i = 0; i < batch; i++)
        y[i] = (uint8_t)(outputs == 1 ? i % 2 : (i * 3 + 1) % outputs);
    double lsum = 0;
    size_t right = 0;
    assert_int_equal(nn_net_backprop(net, loss, x, y, batch, &lsum, &right),
                     NN_OK);
    dnet d;
    dnet_from(&d, net);
    /* the loss: float outputs of order 1 against double, 1e-5 relative */
    assert_rel_close(lsum / batch, dnet_loss(&d, loss, x, y, batch), 1e-5);
    double biggest = 0;
    const double h = 1e-5;
    for (size_t l = 0; l < n_layers; l++) {
        size_t nw = d.units[l] * fan_in(net, l), nb = d.units[l];
        for (size_t i = 0; i < nw + nb; i++) {
            double *p = i < nw ? &d.w[l][i] : &d.b[l][i - nw];
            double keep = *p;
            *p = keep + h;
            double up = dnet_loss(&d, loss, x, y, batch);
            *p = keep - h;
            double down = dnet_loss(&d, loss, x, y, batch);
            *p = keep;
            double want = (up - down) / (2 * h);
            double got = i < nw ? nn_net_grad_weights(net, l)[i]
                                : nn_net_grad_biases(net, l)[i - nw];
            assert_close(got, want, 2e-5 + 2e-4 * fabs(want));
            biggest = fabs(want) > biggest ? fabs(want) : biggest;
        }
    }
    assert_true(biggest > 1e-2);
    dnet_free(&d);
    nn_net_free(net);
}

/* Every activation of the table as a hidden layer (softmax + ce on top),
 * except step and sign, whose derivative is 0 wherever it exists. */
static void test_net_gradient_every_hidden_activation(void **state)
{
    (void)state;
    for (size_t i = 0; i < nn_act_count(); i++) {
        const nn_act *a = nn_act_at(i);
        if (strcmp(a->name, "step") == 0 || strcmp(a->name, "sign") == 0)
            continue;
        nn_layer_spec s[3] = { { 5, a, a->param_default },
                               { 4, act("tanh"), 0 }, { 3, NULL, 0 } };
        check_gradient(s, 3, NN_NET_CE, 20 + i);
    }
}

/* The outputs and losses: softmax + ce (above), sigmoid + mse, one
 * sigmoid unit + mse (binary), linear + mse, softmax + mse, and every
 * activation as an mse output (its f' at the output). */
static void test_net_gradient_outputs_and_losses(void **state)
{
    (void)state;
    nn_layer_spec s[2] = { { 4, act("relu"), 0 }, { 3, act("sigmoid"), 0 } };
    check_gradient(s, 2, NN_NET_MSE, 41);
    s[1].units = 1;
    check_gradient(s, 2, NN_NET_MSE, 42);
    s[1] = (nn_layer_spec){ 3, act("linear"), 0 };
    check_gradient(s, 2, NN_NET_MSE, 43);
    s[1] = (nn_layer_spec){ 3, NULL, 0 };
    check_gradient(s, 2, NN_NET_MSE, 44);
    nn_layer_spec one[1] = { { 2, NULL, 0 } }; /* no hidden layer */
    check_gradient(one, 1, NN_NET_CE, 45);
    for (size_t i = 0; i < nn_act_count(); i++) {
        const nn_act *a = nn_act_at(i);
        if (strcmp(a->name, "step") == 0 || strcmp(a->name, "sign") == 0)
            continue;
        nn_layer_spec o[2] = { { 4, act("tanh"), 0 },
                               { 2, a, a->param_default } };
        check_gradient(o, 2, NN_NET_MSE, 60 + i);
    }
    nn_layer_spec b[2] = { { 3, act("tanh"), 0 }, { 1, act("sigmoid"), 0 } };
    check_gradient(b, 2, NN_NET_BCE, 46);  /* binary cross-entropy */
}

/* One backpropagation step of a fixed 2-2-1 network (tanh hidden,
 * sigmoid output, bce, label 1, sgd rate 0.5, x = (1, 1)), worked by
 * hand:
 *   hidden 1: z = 0.5*1 - 0.5*1 + 0 = 0,         a = tanh 0 = 0
 *   hidden 2: z = 0.25*1 + 1*1 + 0.5 = 1.75,     a = tanh 1.75 = 0.941376
 *   output:   z = 1*0 - 1*0.941376 + 0.25 = -0.691376,
 *             a = 1/(1 + e^0.691376) = 0.333727, loss -ln a = 1.097432
 *   delta out = a - y = -0.666273 (bce from the logit)
 *   hidden g = w*delta: -0.666273, 0.666273; delta = g*(1 - a^2):
 *             -0.666273, 0.666273*(1 - 0.886188) = 0.075830
 *   new w = w - 0.5*delta*a_prev: output 1 - 0 = 1,
 *             -1 + 0.5*0.666273*0.941376 = -0.686394, b 0.25 + 0.333136
 *             = 0.583136; hidden 0.5 + 0.333136 = 0.833136, -0.5 +
 *             0.333136 = -0.166864, b 0.333136; 0.25 - 0.037915 =
 *             0.212085, 1 - 0.037915 = 0.962085, b 0.5 - 0.037915 =
 *             0.462085.
 * Tolerance 2e-6: float arithmetic on numbers near 1. */
static void test_net_trace_2_2_1_by_hand(void **state)
{
    (void)state;
    nn_layer_spec s[2] = { { 2, act("tanh"), 0 }, { 1, act("sigmoid"), 0 } };
    nn_status st;
    nn_net *net = nn_net_new(2, s, 2, &st);
    assert_non_null(net);
    float w1[4] = { 0.5f, -0.5f, 0.25f, 1.0f }, b1[2] = { 0, 0.5f };
    float w2[2] = { 1.0f, -1.0f }, b2[1] = { 0.25f };
    assert_int_equal(nn_net_set_layer(net, 0, w1, b1), NN_OK);
    assert_int_equal(nn_net_set_layer(net, 1, w2, b2), NN_OK);
    float x[2] = { 1, 1 }, z[3], a[3], g[3], d[3];
    double loss = 0;
    assert_int_equal(nn_net_trace(net, NN_NET_BCE, x, 1, z, a, g, d, &loss),
                     NN_OK);
    const double want_z[3] = { 0, 1.75, -0.691376 };
    const double want_a[3] = { 0, 0.941376, 0.333727 };
    const double want_g[3] = { -0.666273, 0.666273, -0.666273 };
    const double want_d[3] = { -0.666273, 0.075830, -0.666273 };
    for (int i = 0; i < 3; i++) {
        assert_close(z[i], want_z[i], 2e-6);
        assert_close(a[i], want_a[i], 2e-6);
        assert_close(g[i], want_g[i], 2e-6);
        assert_close(d[i], want_d[i], 2e-6);
    }
    assert_close(loss, 1.097432, 2e-6);
    nn_net_cfg cfg = nn_net_defaults();
    cfg.loss = NN_NET_BCE;
    cfg.opt = NN_NET_SGD;
    cfg.rate = 0.5f;
    uint8_t y = 1;
    assert_int_equal(nn_net_train_batch(net, &cfg, x, &y, 1, NULL, NULL),
                     NN_OK);
    const double want_w1[4] = { 0.833136, -0.166864, 0.212085, 0.962085 };
    const double want_b1[2] = { 0.333136, 0.462085 };
    const double want_w2[2] = { 1.0, -0.686394 };
    for (int i = 0; i < 4; i++)
        assert_close(nn_net_weights(net, 0)[i], want_w1[i], 2e-6);
    for (int i = 0; i < 2; i++) {
        assert_close(nn_net_biases(net, 0)[i], want_b1[i], 2e-6);
        assert_close(nn_net_weights(net, 1)[i], want_w2[i], 2e-6);
    }
    assert_close(nn_net_biases(net, 1)[0], 0.583136, 2e-6);
    nn_net_free(net);
}

/* A 1-1-1 network fitting a curve (tanh hidden, linear output, mse), one
 * sample x = 2 with real target y = 0.5, by hand from the definitions:
 *   z1 = 0.5*2 + 0.1 = 1.1, a1 = tanh 1.1 = 0.8004990
 *   z2 = 1.5*a1 - 0.2 = 1.0007485 = a2 (linear)
 *   L = (a2 - y)^2 = 0.2507491, dL/da2 = 2(a2 - y) = 1.0014971 = delta2
 *   dL/da1 = w2 delta2 = 1.5022456, delta1 = (1 - a1^2) 1.5022456
 *          = 0.5396086
 * and after sgd at rate 0.1: w2 = 1.5 - 0.1 delta2 a1 = 1.4198303,
 * b2 = -0.2 - 0.1 delta2 = -0.3001497, w1 = 0.5 - 0.1 delta1 x =
 * 0.3920783, b1 = 0.1 - 0.1 delta1 = 0.0460391. */
static void test_net_trace_real_by_hand(void **state)
{
    (void)state;
    nn_layer_spec s[2] = { { 1, act("tanh"), 0 }, { 1, act("linear"), 0 } };
    nn_status st;
    nn_net *net = nn_net_new(1, s, 2, &st);
    assert_non_null(net);
    float w1 = 0.5f, b1 = 0.1f, w2 = 1.5f, b2 = -0.2f;
    assert_int_equal(nn_net_set_layer(net, 0, &w1, &b1), NN_OK);
    assert_int_equal(nn_net_set_layer(net, 1, &w2, &b2), NN_OK);
    float x = 2, y = 0.5f, z[2], a[2], g[2], d[2];
    double loss = 0;
    assert_int_equal(nn_net_trace_real(net, &x, &y, z, a, g, d, &loss),
                     NN_OK);
    const double want_z[2] = { 1.1, 1.0007485 };
    const double want_a[2] = { 0.8004990, 1.0007485 };
    const double want_g[2] = { 1.5022456, 1.0014971 };
    const double want_d[2] = { 0.5396086, 1.0014971 };
    for (int i = 0; i < 2; i++) {  /* float arithmetic: 2e-6 */
        assert_close(z[i], want_z[i], 2e-6);
        assert_close(a[i], want_a[i], 2e-6);
        assert_close(g[i], want_g[i], 2e-6);
        assert_close(d[i], want_d[i], 2e-6);
    }
    assert_close(loss, 0.2507491, 2e-6);
    /* only mse fits real targets */
    assert_int_equal(nn_net_trace(net, NN_NET_CE, &x, 0, z, a, g, d, &loss),
                     NN_EDIM);
    nn_net_cfg cfg = nn_net_defaults();
    cfg.loss = NN_NET_MSE;
    cfg.rate = 0.1f;
    assert_int_equal(nn_net_train_real(net, &cfg, &x, &y, 1, NULL), NN_OK);
    assert_close(nn_net_weights(net, 1)[0], 1.4198303, 2e-6);
    assert_close(nn_net_biases(net, 1)[0], -0.3001497, 2e-6);
    assert_close(nn_net_weights(net, 0)[0], 0.3920783, 2e-6);
    assert_close(nn_net_biases(net, 0)[0], 0.0460391, 2e-6);
    nn_net_free(net);
}

/* bce from the logit: a unit saturated the wrong way (z = -100, label 1)
 * has loss 100 and dL/dz = a - y = -1 (a = 3.7e-44), where a clipped
 * log(a) would say 27.63 and a vanishing gradient. bce asks for one
 * sigmoid output unit. */
static void test_net_bce_saturated_is_exact(void **state)
{
    (void)state;
    nn_layer_spec s[1] = { { 1, act("sigmoid"), 0 } };
    nn_status st;
    nn_net *net = nn_net_new(1, s, 1, &st);
    assert_non_null(net);
    float w = -100, b = 0, x = 1;
    uint8_t y = 1;
    assert_int_equal(nn_net_set_layer(net, 0, &w, &b), NN_OK);
    double loss = 0;
    assert_int_equal(nn_net_backprop(net, NN_NET_BCE, &x, &y, 1, &loss,
                                     NULL), NN_OK);
    assert_close(loss, 100.0, 1e-9);
    assert_close(nn_net_grad_weights(net, 0)[0], -1.0, 1e-12);
    assert_close(nn_net_grad_biases(net, 0)[0], -1.0, 1e-12);
    y = 0;  /* the right side: loss ln(1 + e^-100) = 3.7e-44 */
    loss = 0;
    assert_int_equal(nn_net_backprop(net, NN_NET_BCE, &x, &y, 1, &loss,
                                     NULL), NN_OK);
    assert_true(loss > 0 && loss < 1e-43);
    nn_net_free(net);
    nn_layer_spec two[1] = { { 2, NULL, 0 } };  /* softmax: not bce's */
    net = nn_net_new(1, two, 1, &st);
    assert_non_null(net);
    assert_int_equal(nn_net_backprop(net, NN_NET_BCE, &x, &y, 1, NULL,
                                     NULL), NN_EDIM);
    nn_net_free(net);
}

/* A batch larger than the work space (a very wide layer) is done in
 * pieces: its gradient is still the mean of the samples' gradients. */
static void test_net_gradient_of_chunked_batch(void **state)
{
    (void)state;
    nn_layer_spec s[2] = { { 60000, act("relu"), 0 }, { 2, NULL, 0 } };
    nn_net *net = make(2, s, 2, 77);
    enum { B = 100 };
    nn_rng r;
    nn_rng_seed(&r, 78);
    float x[B * 2];
    uint8_t y[B];
    fill_uniform(&r, x, B * 2, -1, 1);
    for (size_t i = 0; i < B; i++)
        y[i] = (uint8_t)(i % 2);
    size_t nw = 2 * 60000;
    double *mean = calloc(nw, sizeof(double));
    assert_non_null(mean);
    for (size_t i = 0; i < B; i++) {
        assert_int_equal(nn_net_backprop(net, NN_NET_CE, x + 2 * i, y + i,
                                         1, NULL, NULL), NN_OK);
        for (size_t k = 0; k < nw; k++)
            mean[k] += nn_net_grad_weights(net, 0)[k] / B;
    }
    assert_int_equal(nn_net_backprop(net, NN_NET_CE, x, y, B, NULL, NULL),
                     NN_OK);
    /* sums of 100 float terms of order 1e-2 in another order: 1e-6 */
    for (size_t k = 0; k < nw; k += 7)
        assert_close(nn_net_grad_weights(net, 0)[k], mean[k], 1e-6);
    free(mean);
    nn_net_free(net);
}

/* ---- the optimizers by hand ---------------------------------------------- */

/* 1 input, 1 linear unit, mse: z = w x + b, a = z, L = (a - y)^2,
 * dL/dw = 2(a - y) x, dL/db = 2(a - y). Starts at w = 0.5, b = 0. */
static nn_net *one_one(void)
{
    nn_layer_spec s[1] = { { 1, act("linear"), 0 } };
    nn_net *net = make(1, s, 1, 1);
    float w = 0.5f, b = 0.0f;
    assert_int_equal(nn_net_set_layer(net, 0, &w, &b), NN_OK);
    return net;
}

static void step_one(nn_net *net, const nn_net_cfg *cfg, float x,
                     uint8_t y, double *loss)
{
    size_t right = 0;
    *loss = 0;
    assert_int_equal(nn_net_train_batch(net, cfg, &x, &y, 1, loss, &right),
                     NN_OK);
}

/* Tolerances below: a few float roundings of numbers near 1: 1e-6. */
static void test_net_sgd_one_step_by_hand(void **state)
{
    (void)state;
    nn_net *net = one_one();
    nn_net_cfg cfg = nn_net_defaults();
    cfg.loss = NN_NET_MSE;
    cfg.opt = NN_NET_SGD;
    cfg.rate = 0.1f;
    double loss;
    /* x = 1, y = 1: a = 0.5, L = 0.25, g = 2(0.5 - 1) = -1;
     * w = 0.5 - 0.1*(-1) = 0.6, b = 0 - 0.1*(-1) = 0.1 */
    step_one(net, &cfg, 1.0f, 1, &loss);
    assert_close(loss, 0.25, 1e-7); /* a = 0.5 is exact: so is 0.25 */
    assert_close(nn_net_weights(net, 0)[0], 0.6, 1e-6);
    assert_close(nn_net_biases(net, 0)[0], 0.1, 1e-6);
    nn_net_free(net);
}

static void test_net_momentum_two_steps_by_hand(void **state)
{
    (void)state;
    nn_net *net = one_one();
    nn_net_cfg cfg = nn_net_defaults();
    cfg.loss = NN_NET_MSE;
    cfg.opt = NN_NET_MOMENTUM;
    cfg.rate = 0.1f;
    cfg.momentum = 0.9f;
    double loss;
    /* step 1: g = -1 (as sgd); v = 0.9*0 - 0.1*(-1) = 0.1 for w and b;
     * w = 0.6, b = 0.1 */
    step_one(net, &cfg, 1.0f, 1, &loss);
    assert_close(nn_net_weights(net, 0)[0], 0.6, 1e-6);
    assert_close(nn_net_biases(net, 0)[0], 0.1, 1e-6);
    /* step 2: a = 0.6 + 0.1 = 0.7, g = 2(0.7 - 1) = -0.6;
     * v = 0.9*0.1 - 0.1*(-0.6) = 0.09 + 0.06 = 0.15;
     * w = 0.6 + 0.15 = 0.75, b = 0.1 + 0.15 = 0.25 */
    step_one(net, &cfg, 1.0f, 1, &loss);
    assert_close(loss, 0.09, 1e-6);
    assert_close(nn_net_weights(net, 0)[0], 0.75, 1e-6);
    assert_close(nn_net_biases(net, 0)[0], 0.25, 1e-6);
    nn_net_free(net);
}

static void test_net_adam_two_steps_by_hand(void **state)
{
    (void)state;
    nn_net *net = one_one();
    nn_net_cfg cfg = nn_net_defaults();
    cfg.loss = NN_NET_MSE;
    cfg.opt = NN_NET_ADAM;
    cfg.rate = 0.1f;
    cfg.beta1 = 0.9f;
    cfg.beta2 = 0.999f;
    cfg.eps = 1e-7f;
    double loss;
    /* step 1 (t = 1): g = -1; m = 0.1*(-1) = -0.1, v = 0.001*1 = 0.001;
     * mhat = -0.1/(1 - 0.9) = -1, vhat = 0.001/(1 - 0.999) = 1;
     * w = 0.5 - 0.1*(-1)/(1 + 1e-7) = 0.59999999, b = 0.09999999 */
    step_one(net, &cfg, 1.0f, 1, &loss);
    assert_close(nn_net_weights(net, 0)[0], 0.5 + 0.1 / (1 + 1e-7), 1e-6);
    assert_close(nn_net_biases(net, 0)[0], 0.1 / (1 + 1e-7), 1e-6);
    /* step 2 (t = 2): a = 0.6 + 0.1 = 0.7, g = -0.6;
     * m = 0.9*(-0.1) + 0.1*(-0.6) = -0.15;
     * v = 0.999*0.001 + 0.001*0.36 = 0.001359;
     * mhat = -0.15/(1 - 0.81) = -0.78947368,
     * vhat = 0.001359/(1 - 0.998001) = 0.67983992;
     * step = 0.1 * 0.78947368 / (0.82452406 + 1e-7) = 0.09574901 */
    step_one(net, &cfg, 1.0f, 1, &loss);
    double mhat = 0.15 / 0.19, vhat = 0.001359 / 0.001999;
    double stepsize = 0.1 * mhat / (sqrt(vhat) + 1e-7);
    assert_close(stepsize, 0.09574901, 1e-8); /* the arithmetic above */
    /* two steps of float m, v, sqrt and division, each a few roundings
     * (6e-8) of numbers near 1: 2e-6 */
    assert_close(nn_net_weights(net, 0)[0], 0.6 + stepsize, 2e-6);
    assert_close(nn_net_biases(net, 0)[0], 0.1 + stepsize, 2e-6);
    nn_net_free(net);
}

/* ---- refused updates ----------------------------------------------------- */

/* checklist: B11 */
/* An update that would make a parameter infinite is refused whole: the
 * weights, and the optimizer's state and step count, stay as they were,
 * so the next good step gives the same result as on a copy that never
 * saw the bad one. */
static void test_net_nonfinite_update_refused(void **state)
{
    (void)state;
    nn_net_cfg cfgs[3] = { nn_net_defaults(), nn_net_defaults(),
                           nn_net_defaults() };
    cfgs[1].opt = NN_NET_MOMENTUM;
    cfgs[2].opt = NN_NET_ADAM;
    for (int o = 0; o < 3; o++) {
        nn_net_cfg cfg = cfgs[o];
        cfg.loss = NN_NET_MSE;
        nn_net *net = one_one(), *twin;
        double loss = 0;
        size_t right = 0;
        float x = 1.0f;
        uint8_t y = 1;
        /* a good step first, so there is optimizer state to keep */
        assert_int_equal(nn_net_train_batch(net, &cfg, &x, &y, 1, &loss,
                                            &right), NN_OK);
        twin = nn_net_copy(net);
        assert_non_null(twin);
        /* x = 3e38: z = w x overflows to inf in the forward pass, the
         * gradient is not finite: refused */
        float big = 3e38f;
        loss = 7;
        assert_int_equal(nn_net_train_batch(net, &cfg, &big, &y, 1, &loss,
                                            &right), NN_ERANGE);
        assert_true(loss == 7); /* nothing added */
        assert_true(same_params(net, twin));
        /* a NaN input: refused the same way */
        float nan = NAN;
        assert_int_equal(nn_net_train_batch(net, &cfg, &nan, &y, 1, &loss,
                                            &right), NN_ERANGE);
        assert_true(same_params(net, twin));
        /* a finite gradient but a rate that overflows w - rate*g
         * (sgd, momentum; adam's step is at most about rate) */
        if (cfg.opt != NN_NET_ADAM) {
            nn_net_cfg wild = cfg;
            float ten = 10.0f; /* a = 10w + b ~ 6, g_w = 2(a - 1)*10 ~ 100 */
            wild.rate = 3e38f;
            assert_int_equal(nn_net_train_batch(net, &wild, &ten, &y, 1,
                                                &loss, &right), NN_ERANGE);
            assert_true(same_params(net, twin));
        }
        /* the next good step: the same bits as on the twin */
        assert_int_equal(nn_net_train_batch(net, &cfg, &x, &y, 1, &loss,
                                            &right), NN_OK);
        assert_int_equal(nn_net_train_batch(twin, &cfg, &x, &y, 1, &loss,
                                            &right), NN_OK);
        assert_true(same_params(net, twin));
        nn_net_free(net);
        nn_net_free(twin);
    }
}

static void test_net_train_refuses_bad_arguments(void **state)
{
    (void)state;
    nn_layer_spec s[2] = { { 3, act("relu"), 0 }, { 2, act("sigmoid"), 0 } };
    nn_net *net = make(2, s, 2, 5), *twin = nn_net_copy(net);
    nn_net_cfg cfg = nn_net_defaults();
    float x[4] = { 0.1f, 0.2f, 0.3f, 0.4f };
    uint8_t y[2] = { 0, 1 }, bad[2] = { 0, 2 };
    double loss = 0;
    size_t right = 0;
    cfg.loss = NN_NET_CE; /* ce needs a softmax output */
    assert_int_equal(nn_net_train_batch(net, &cfg, x, y, 2, &loss, &right),
                     NN_EDIM);
    cfg.loss = NN_NET_MSE;
    assert_int_equal(nn_net_train_batch(net, &cfg, x, bad, 2, &loss, &right),
                     NN_ERANGE); /* label 2 of 2 outputs */
    assert_int_equal(nn_net_train_batch(net, &cfg, x, y, 0, &loss, &right),
                     NN_ERANGE);
    assert_int_equal(nn_net_train_batch(net, &cfg, x, y,
                                        NN_NET_MAX_BATCH + 1, &loss, &right),
                     NN_ERANGE);
    float rates[3] = { 0.0f, -1.0f, NAN };
    for (int i = 0; i < 3; i++) {
        nn_net_cfg c = cfg;
        c.rate = rates[i];
        assert_int_equal(nn_net_train_batch(net, &c, x, y, 2, &loss, &right),
                         NN_ERANGE);
    }
    nn_net_cfg c = cfg;
    c.opt = NN_NET_MOMENTUM;
    c.momentum = 1.0f;
    assert_int_equal(nn_net_train_batch(net, &c, x, y, 2, &loss, &right),
                     NN_ERANGE);
    c = cfg;
    c.opt = NN_NET_ADAM;
    c.eps = 0.0f;
    assert_int_equal(nn_net_train_batch(net, &c, x, y, 2, &loss, &right),
                     NN_ERANGE);
    assert_true(loss == 0 && right == 0);
    assert_true(same_params(net, twin));
    /* set_layer: a non-finite number changes nothing */
    float w[6] = { 1, 2, 3, 4, 5, INFINITY }, b[3] = { 0, 0, 0 };
    assert_int_equal(nn_net_set_layer(net, 0, w, b), NN_ERANGE);
    assert_int_equal(nn_net_set_layer(net, 2, w, b), NN_EDIM);
    assert_true(same_params(net, twin));
    /* one sigmoid unit with mse: labels 0 and 1 are the targets */
    nn_layer_spec bin[1] = { { 1, act("sigmoid"), 0 } };
    nn_net *one = make(2, bin, 1, 6);
    assert_int_equal(nn_net_train_batch(one, &cfg, x, y, 2, &loss, &right),
                     NN_OK);
    assert_int_equal(nn_net_train_batch(one, &cfg, x, bad, 2, &loss,
                                        &right), NN_ERANGE);
    nn_net_free(one);
    nn_net_free(net);
    nn_net_free(twin);
}

/* ---- XOR ----------------------------------------------------------------- */

/* The four XOR points, which no single neuron separates: a hidden layer
 * learns them to 100% from a fixed seed. */
static const float xor_x[8] = { 0, 0, 0, 1, 1, 0, 1, 1 };
static const uint8_t xor_y[4] = { 0, 1, 1, 0 };

static size_t train_xor(nn_net *net, const nn_net_cfg *cfg, int epochs)
{
    size_t right = 0;
    for (int e = 0; e < epochs; e++) {
        double loss = 0;
        right = 0;
        assert_int_equal(nn_net_train_batch(net, cfg, xor_x, xor_y, 4, &loss,
                                            &right), NN_OK);
    }
    return right;
}

static void test_net_learns_xor(void **state)
{
    (void)state;
    /* 2-4-1: tanh hidden, one sigmoid output, mse, sgd */
    nn_layer_spec s1[2] = { { 4, act("tanh"), 0 }, { 1, act("sigmoid"), 0 } };
    nn_net *a = make(2, s1, 2, 2);
    nn_net_cfg cfg = nn_net_defaults();
    cfg.loss = NN_NET_MSE;
    cfg.rate = 2.0f;
    train_xor(a, &cfg, 2000);
    float out[4];
    nn_net_forward(a, xor_x, 4, out);
    for (int i = 0; i < 4; i++)
        assert_int_equal(out[i] > 0.5f, xor_y[i]);
    assert_int_equal(train_xor(a, &cfg, 1), 4);
    /* 2-8-2: relu hidden, softmax + ce, adam */
    nn_layer_spec s2[2] = { { 8, act("relu"), 0 }, { 2, NULL, 0 } };
    nn_net *b = make(2, s2, 2, 3);
    cfg = nn_net_defaults();
    cfg.opt = NN_NET_ADAM;
    cfg.rate = 0.05f;
    train_xor(b, &cfg, 300);
    assert_int_equal(train_xor(b, &cfg, 1), 4);
    nn_net_free(a);
    nn_net_free(b);
}

/* ---- saving and loading -------------------------------------------------- */

/* nn_net_format_float writes what printf's %.9g writes, and every float
 * it writes reads back as the same bits: specials, the ends of the float
 * range, and a spread of random bit patterns. */
static void test_net_format_float_matches_printf(void **state)
{
    (void)state;
    float special[] = { 0.0f, -0.0f, 1.0f, -1.0f, 0.1f, 0.5f, 1e-5f,
                        1e-4f, 123456789.0f, 1e9f, 999999999.0f, 1e10f,
                        FLT_MAX, -FLT_MAX, FLT_MIN, 1e-45f, 1.4e-45f,
                        3e-39f, 0.3f, 2.0f / 3.0f, 100.0f, 1e38f };
    nn_rng r;
    nn_rng_seed(&r, 17);
    for (size_t i = 0; i < 200000 + sizeof special / sizeof special[0];
         i++) {
        float f;
        if (i < sizeof special / sizeof special[0]) {
            f = special[i];
        } else {
            uint32_t bits = (uint32_t)nn_rng_next(&r);
            memcpy(&f, &bits, 4);
            if (!isfinite(f))
                continue;
        }
        char mine[40], theirs[40];
        size_t n = nn_net_format_float(f, mine);
        assert_true(n <= 15);
        mine[n] = '\0';
        snprintf(theirs, sizeof theirs, "%.9g", (double)f);
        assert_string_equal(mine, theirs);
        float back = strtof(mine, NULL);
        assert_memory_equal(&back, &f, sizeof f);
    }
    char t[40];
    t[nn_net_format_float(NAN, t)] = '\0';
    assert_string_equal(t, "nan");
    t[nn_net_format_float(-INFINITY, t)] = '\0';
    assert_string_equal(t, "-inf");
}

/* Save, load: the same shapes, activations, parameters, and bit for bit
 * the same weights; saving the loaded network gives the same text. */
static void round_trip(const nn_net *net)
{
    char *text = NULL, *again = NULL;
    size_t len = 0, len2 = 0;
    assert_int_equal(nn_net_save(net, &text, &len), NN_OK);
    assert_int_equal(strlen(text), len);
    nn_net *back = NULL;
    nn_errinfo err;
    assert_int_equal(nn_net_load(text, len, &back, &err), NN_OK);
    assert_non_null(back);
    assert_int_equal(nn_net_inputs(back), nn_net_inputs(net));
    assert_int_equal(nn_net_layers(back), nn_net_layers(net));
    for (size_t l = 0; l < nn_net_layers(net); l++) {
        nn_layer_spec a = nn_net_layer(net, l), b = nn_net_layer(back, l);
        assert_int_equal(a.units, b.units);
        assert_ptr_equal(a.act, b.act);
        assert_memory_equal(&a.param, &b.param, sizeof a.param);
    }
    assert_true(same_params(net, back));
    assert_int_equal(nn_net_save(back, &again, &len2), NN_OK);
    assert_int_equal(len, len2);
    assert_memory_equal(text, again, len);
    free(text);
    free(again);
    nn_net_free(back);
}

static void test_net_save_load_round_trip(void **state)
{
    (void)state;
    nn_layer_spec s[4] = { { 6, act("leaky_relu"), 0.2 },
                           { 5, act("elu"), 0.3 }, { 4, act("gelu"), 0 },
                           { 3, NULL, 0 } };
    nn_net *net = make(7, s, 4, 9);
    /* odd numbers in the weights: -0, the smallest subnormal, the
     * largest float, 1/3 */
    float w[6 * 7], b[6] = { -0.0f, 1e-45f, FLT_MAX, -FLT_MAX,
                             1.0f / 3.0f, 0 };
    memcpy(w, nn_net_weights(net, 0), sizeof w);
    w[0] = -0.0f;
    w[1] = 1.17549435e-38f;
    assert_int_equal(nn_net_set_layer(net, 0, w, b), NN_OK);
    round_trip(net);
    nn_net_free(net);
    /* the benchmark's shape, and a param that needs 17 digits */
    nn_layer_spec t1[2] = { { 128, act("sigmoid"), 0 }, { 10, NULL, 0 } };
    net = make(784, t1, 2, 10);
    round_trip(net);
    nn_net_free(net);
    nn_layer_spec p17[1] = { { 2, act("leaky_relu"), 0.1 + 0.2 } };
    net = make(3, p17, 1, 11);
    round_trip(net);
    nn_net_free(net);
}

/* A small network's text, for the malformed files below. */
static const char *good_text =
    "neuron-network 1\n"
    "inputs 2\n"
    "layer 2 tanh\n"
    "layer 2 softmax\n"
    "W 1\n"
    "0.5 -0.25\n"
    "1 2\n"
    "b 1\n"
    "0 0.125\n"
    "W 2\n"
    "1 -1\n"
    "-1 1\n"
    "b 2\n"
    "0 0\n";

/* Loads text (copied to a buffer of exactly its length, so a read past
 * the end is caught by the sanitizers and valgrind); returns the status
 * and checks that *out is NULL exactly when it failed. */
static nn_status load_text(const char *text, size_t len, nn_errinfo *err)
{
    char *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    memcpy(copy, text, len);
    nn_net *net = (nn_net *)&err; /* must be overwritten */
    memset(err, 0x55, sizeof *err);
    nn_status st = nn_net_load(copy, len, &net, err);
    free(copy);
    if (st == NN_OK) {
        assert_non_null(net);
        nn_net_free(net);
    } else {
        assert_null(net);
        assert_int_equal(err->code, st);
        assert_true(err->line >= 1);
        assert_true(strlen(err->msg) > 0 && strlen(err->msg) < 160);
    }
    return st;
}

static void test_net_load_good_text(void **state)
{
    (void)state;
    nn_errinfo err;
    nn_net *net = NULL;
    assert_int_equal(nn_net_load(good_text, strlen(good_text), &net, &err),
                     NN_OK);
    assert_int_equal(nn_net_inputs(net), 2);
    assert_true(nn_net_weights(net, 0)[1] == -0.25f);
    assert_true(nn_net_biases(net, 0)[1] == 0.125f);
    assert_ptr_equal(nn_net_layer(net, 0).act, act("tanh"));
    nn_net_free(net);
    /* no final newline, and Windows line ends, are fine */
    assert_int_equal(load_text(good_text, strlen(good_text) - 1, &err),
                     NN_OK);
    char crlf[512];
    size_t n = 0;
    for (const char *p = good_text; *p; p++) {
        if (*p == '\n')
            crlf[n++] = '\r';
        crlf[n++] = *p;
    }
    assert_int_equal(load_text(crlf, n, &err), NN_OK);
    /* checklist: K12 */
    /* a UTF-8 byte order mark at the start is skipped, as in scripts and
     * CSV files; half of one is an error at line 1 */
    char bom[512] = "\xef\xbb\xbf";
    strcat(bom, good_text);
    assert_int_equal(load_text(bom, strlen(bom), &err), NN_OK);
    assert_int_equal(load_text(bom + 1, strlen(bom + 1), &err), NN_EFORMAT);
    assert_int_equal(err.line, 1);
    char twice[512] = "\xef\xbb\xbf";
    strcat(twice, bom);
    assert_int_equal(load_text(twice, strlen(twice), &err), NN_EFORMAT);
    assert_int_equal(err.line, 1);
}

/* good_text with line `line` (1-based) replaced by `with` (NULL: the line
 * dropped), loaded; checks the status and the line the error names. */
static void bad_line(size_t line, const char *with, nn_status want,
                     long want_line)
{
    char buf[1024];
    size_t n = 0, at = 1;
    for (const char *p = good_text; *p;) {
        const char *e = strchr(p, '\n');
        if (at == line) {
            if (with) {
                memcpy(buf + n, with, strlen(with));
                n += strlen(with);
                buf[n++] = '\n';
            }
        } else {
            memcpy(buf + n, p, (size_t)(e - p) + 1);
            n += (size_t)(e - p) + 1;
        }
        p = e + 1;
        at++;
    }
    nn_errinfo err;
    nn_status st = load_text(buf, n, &err);
    if (st != want || err.line != want_line)
        print_error("line %zu -> '%s': status %d (want %d), line %ld (want "
                    "%ld): %s\n", line, with ? with : "(dropped)", st, want,
                    err.line, want_line, err.msg);
    assert_int_equal(st, want);
    assert_int_equal(err.line, want_line);
}

/* checklist: F2 */
static void test_net_load_rejects_malformed(void **state)
{
    (void)state;
    /* the header */
    bad_line(1, "hello", NN_EFORMAT, 1);
    bad_line(1, "neuron-network 2", NN_EFORMAT, 1);
    bad_line(1, "neuron-network 1 extra", NN_EFORMAT, 1);
    bad_line(1, "", NN_EFORMAT, 1);
    bad_line(2, "inputs", NN_EFORMAT, 2);
    bad_line(2, "inputs 0", NN_ERANGE, 2);
    bad_line(2, "inputs -2", NN_EFORMAT, 2);
    bad_line(2, "inputs 2.0", NN_EFORMAT, 2);
    bad_line(2, "inputs 99999999999999999999999", NN_ERANGE, 2);
    bad_line(2, "inputs 2 3", NN_EFORMAT, 2);
    bad_line(2, "outputs 2", NN_EFORMAT, 2);
    bad_line(2, NULL, NN_EFORMAT, 2); /* "layer 2 tanh" where inputs goes */
    /* the layer lines */
    bad_line(3, "layer 2 sigmod", NN_EFORMAT, 3);
    bad_line(3, "layer 2", NN_EFORMAT, 3);
    bad_line(3, "layer two tanh", NN_EFORMAT, 3);
    bad_line(3, "layer 0 tanh", NN_ERANGE, 3);
    bad_line(3, "layer 100001 tanh", NN_ERANGE, 3);
    bad_line(3, "layer 2 tanh 0.5", NN_EFORMAT, 3); /* tanh has none */
    bad_line(3, "layer 2 leaky_relu 5", NN_ERANGE, 3); /* slope 0..1 */
    bad_line(3, "layer 2 leaky_relu nan", NN_EFORMAT, 3);
    bad_line(3, "layer 2 leaky_relu 0.5 1", NN_EFORMAT, 3);
    bad_line(3, "layer 2 softmax", NN_EFORMAT, 3); /* softmax not last */
    bad_line(3, NULL, NN_EFORMAT, 9); /* one layer: W 2 is extra */
    /* the blocks */
    bad_line(5, "W 2", NN_EFORMAT, 5);
    bad_line(5, "W  1", NN_EFORMAT, 5);
    bad_line(5, "b 1", NN_EFORMAT, 5);
    bad_line(6, "0.5", NN_EFORMAT, 6);            /* short row */
    bad_line(6, "0.5 -0.25 1", NN_EFORMAT, 6);    /* long row */
    bad_line(6, "0.5 nan", NN_EFORMAT, 6);
    bad_line(6, "0.5 inf", NN_EFORMAT, 6);
    bad_line(6, "0.5 -inf", NN_EFORMAT, 6);
    bad_line(6, "0.5 1e39", NN_EFORMAT, 6);       /* past the largest float */
    bad_line(6, "0.5 0x1p3", NN_EFORMAT, 6);
    bad_line(6, "0.5 1.2.3", NN_EFORMAT, 6);
    bad_line(6, "0.5 +1", NN_EFORMAT, 6);
    bad_line(6, "0.5 .5", NN_EFORMAT, 6);
    bad_line(6, "0.5 1e", NN_EFORMAT, 6);
    bad_line(6, "0.5 1,5", NN_EFORMAT, 6);
    bad_line(6, "", NN_EFORMAT, 6);
    bad_line(8, "b 2", NN_EFORMAT, 8);
    bad_line(8, NULL, NN_EFORMAT, 8);             /* b 1 missing */
    bad_line(9, "0", NN_EFORMAT, 9);
    bad_line(13, "b 1", NN_EFORMAT, 13);
    bad_line(14, "0 0 0", NN_EFORMAT, 14);
    /* text after the last layer */
    nn_errinfo err;
    char more[512];
    snprintf(more, sizeof more, "%s%s", good_text, "W 3\n");
    assert_int_equal(load_text(more, strlen(more), &err), NN_EFORMAT);
    assert_int_equal(err.line, 15);
    snprintf(more, sizeof more, "%s\n", good_text);
    assert_int_equal(load_text(more, strlen(more), &err), NN_EFORMAT);
    /* a NUL byte */
    memcpy(more, good_text, strlen(good_text));
    more[20] = '\0';
    assert_int_equal(load_text(more, strlen(good_text), &err), NN_EFORMAT);
    assert_int_equal(err.line, 2);
    /* empty */
    assert_int_equal(load_text("", 0, &err), NN_EFORMAT);
    assert_int_equal(err.line, 1);
}

/* Shapes past the limits are refused from the header alone: nothing of
 * their size is allocated (the sanitizers and valgrind would see it). */
static void test_net_load_refuses_huge_sizes(void **state)
{
    (void)state;
    nn_errinfo err;
    const char *huge = "neuron-network 1\ninputs 784\nlayer 100000 relu\n"
                       "layer 100000 relu\nlayer 10 softmax\nW 1\n";
    assert_int_equal(load_text(huge, strlen(huge), &err), NN_ERANGE);
    assert_non_null(strstr(err.msg, "10079600010 parameters"));
    char many[2048] = "neuron-network 1\ninputs 2\n";
    for (int l = 0; l <= NN_NET_MAX_LAYERS; l++)
        strcat(many, "layer 2 relu\n");
    assert_int_equal(load_text(many, strlen(many), &err), NN_ERANGE);
    assert_int_equal(err.line, 3 + NN_NET_MAX_LAYERS);
}

/* Every prefix of a saved file: refused, except the whole file without
 * its final newline; the error names a line of the file. */
static void test_net_load_every_truncation(void **state)
{
    (void)state;
    size_t len = strlen(good_text);
    nn_errinfo err;
    for (size_t n = 0; n < len; n++) {
        nn_status st = load_text(good_text, n, &err);
        if (n == len - 1)
            assert_int_equal(st, NN_OK);
        else
            assert_int_not_equal(st, NN_OK);
    }
}

/* Random damage (bytes changed, deleted, inserted) from a fixed seed:
 * the reader never crashes or reads past the end, and says either OK or
 * an error with a line and a message. */
static void test_net_load_survives_damage(void **state)
{
    (void)state;
    nn_rng r;
    nn_rng_seed(&r, 2024);
    size_t len = strlen(good_text);
    static const char noise[] = "0123456789.-+eE \n\r\tWbxyz\x01\xff";
    nn_errinfo err;
    for (int trial = 0; trial < 3000; trial++) {
        char buf[600];
        memcpy(buf, good_text, len);
        size_t n = len;
        int edits = 1 + (int)nn_rng_below(&r, 3);
        for (int e = 0; e < edits; e++) {
            size_t at = (size_t)nn_rng_below(&r, n);
            char c = noise[nn_rng_below(&r, sizeof noise - 1)];
            switch (nn_rng_below(&r, 3)) {
            case 0:
                buf[at] = c;
                break;
            case 1:
                memmove(buf + at, buf + at + 1, n - at - 1);
                n--;
                break;
            default:
                memmove(buf + at + 1, buf + at, n - at);
                buf[at] = c;
                n++;
                break;
            }
        }
        load_text(buf, n, &err);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_net_count_course_network),
        cmocka_unit_test(test_net_count_limits),
        cmocka_unit_test(test_net_init_glorot_and_he),
        cmocka_unit_test(test_net_gemm_atb_matches_naive),
        cmocka_unit_test(test_net_gemm_ab_matches_naive),
        cmocka_unit_test(test_net_gemm_cblas_matches_plain),
        cmocka_unit_test(test_net_gemm_row_independent_of_m),
        cmocka_unit_test(test_net_gemm_sums_in_order),
        cmocka_unit_test(test_net_pixel_rows_gather),
        cmocka_unit_test(test_net_gemm_threads_same_bits),
        cmocka_unit_test(test_net_gemm_wide_same_bits),
        cmocka_unit_test(test_net_pixels_are_quotients),
        cmocka_unit_test(test_net_train_threads_same_bits),
        cmocka_unit_test(test_net_threads_setting),
        cmocka_unit_test(test_net_forward_matches_double_oracle),
        cmocka_unit_test(test_net_forward_softmax_sums_to_one),
        cmocka_unit_test(test_net_fast_activations_match_rows),
        cmocka_unit_test(test_net_gradient_every_hidden_activation),
        cmocka_unit_test(test_net_gradient_outputs_and_losses),
        cmocka_unit_test(test_net_bce_saturated_is_exact),
        cmocka_unit_test(test_net_trace_2_2_1_by_hand),
        cmocka_unit_test(test_net_trace_real_by_hand),
        cmocka_unit_test(test_net_gradient_of_chunked_batch),
        cmocka_unit_test(test_net_sgd_one_step_by_hand),
        cmocka_unit_test(test_net_momentum_two_steps_by_hand),
        cmocka_unit_test(test_net_adam_two_steps_by_hand),
        cmocka_unit_test(test_net_nonfinite_update_refused),
        cmocka_unit_test(test_net_train_refuses_bad_arguments),
        cmocka_unit_test(test_net_learns_xor),
        cmocka_unit_test(test_net_format_float_matches_printf),
        cmocka_unit_test(test_net_save_load_round_trip),
        cmocka_unit_test(test_net_load_good_text),
        cmocka_unit_test(test_net_load_rejects_malformed),
        cmocka_unit_test(test_net_load_refuses_huge_sizes),
        cmocka_unit_test(test_net_load_every_truncation),
        cmocka_unit_test(test_net_load_survives_damage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
