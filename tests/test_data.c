/*
 * test_data.c - data sets: storage and limits, truth tables, generated
 * sets, split, and the CSV reader on good and malformed input.
 *
 * The CSV tests hand the reader a malloc'd copy of exactly the text's
 * bytes, with no NUL after them, so a read past the end shows up under
 * valgrind and AddressSanitizer.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "engine/data.h"

/* pi, since M_PI is not ISO C. */
#define PI 3.14159265358979323846

/* ---- helpers --------------------------------------------------------- */

/* Parses buf[0..len) from an exact-size copy. */
static nn_status parse_bytes(const char *buf, size_t len, nn_data **out,
                             nn_errinfo *err)
{
    char *copy = malloc(len > 0 ? len : 1);
    assert_non_null(copy);
    memcpy(copy, buf, len);
    nn_status status = nn_data_parse_csv(copy, len, out, err);
    free(copy);
    return status;
}

/* Parses a C string (without its NUL) that must be good; returns the set. */
static nn_data *parse_ok(const char *text)
{
    nn_data *d = NULL;
    nn_errinfo err;
    nn_status status = parse_bytes(text, strlen(text), &d, &err);
    if (status != NN_OK)
        fail_msg("%ld:%ld: %s", err.line, err.column, err.msg);
    assert_int_equal(err.code, NN_OK);
    assert_non_null(d);
    return d;
}

/* Parses bytes that must fail with exactly this code, place and message. */
static void parse_fails(const char *buf, size_t len, nn_status code,
                        long line, long column, const char *msg)
{
    nn_data *d = NULL;
    nn_errinfo err;
    nn_status status = parse_bytes(buf, len, &d, &err);
    assert_int_equal(status, code);
    assert_null(d);
    assert_int_equal(err.code, code);
    assert_string_equal(err.msg, msg);
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, column);
}

/* The same for a C string. */
static void text_fails(const char *text, long line, long column,
                       const char *msg)
{
    parse_fails(text, strlen(text), NN_EFORMAT, line, column, msg);
}

/* Row i of d is (x1, x2) -> y. */
static void assert_row2(const nn_data *d, size_t i, double x1, double x2,
                        double y)
{
    assert_int_equal(d->cols, 2);
    assert_close(d->x[2 * i], x1, 0);
    assert_close(d->x[2 * i + 1], x2, 0);
    assert_close(d->y[i], y, 0);
}

/* 1 when the two sets hold the same numbers, bit for bit. */
static int same_data(const nn_data *a, const nn_data *b)
{
    return a->rows == b->rows && a->cols == b->cols
           && memcmp(a->x, b->x, a->rows * a->cols * sizeof(double)) == 0
           && memcmp(a->y, b->y, a->rows * sizeof(double)) == 0;
}

/* ---- storage --------------------------------------------------------- */

static void test_data_new_and_free(void **state)
{
    (void)state;
    assert_null(nn_data_new(0));
    assert_null(nn_data_new(NN_DATA_MAX_COLS + 1));
    nn_data *d = nn_data_new(NN_DATA_MAX_COLS);
    assert_non_null(d);
    nn_data_free(d);
    d = nn_data_new(3);
    assert_non_null(d);
    assert_int_equal(d->rows, 0);
    assert_int_equal(d->cols, 3);
    assert_int_equal(d->has_truth, 0);
    nn_data_free(d);
    nn_data_free(NULL);
}

static void test_data_add_remove(void **state)
{
    (void)state;
    nn_data *d = nn_data_new(2);
    const double a[2] = { 1, 2 }, b[2] = { 3, 4 }, c[2] = { 5, 6 };
    assert_non_null(d);

    assert_int_equal(nn_data_add(d, a, 0), NN_OK);
    assert_int_equal(nn_data_add(d, b, 1), NN_OK);
    assert_int_equal(nn_data_add(d, c, -0.0), NN_OK);
    assert_int_equal(d->rows, 3);
    assert_row2(d, 0, 1, 2, 0);
    assert_row2(d, 1, 3, 4, 1);
    assert_row2(d, 2, 5, 6, 0);

    assert_int_equal(nn_data_remove(d, 1), NN_OK);
    assert_int_equal(d->rows, 2);
    assert_row2(d, 0, 1, 2, 0);
    assert_row2(d, 1, 5, 6, 0);
    assert_int_equal(nn_data_remove(d, 2), NN_ERANGE);
    assert_int_equal(nn_data_remove(d, 1), NN_OK);
    assert_int_equal(nn_data_remove(d, 0), NN_OK);
    assert_int_equal(d->rows, 0);
    assert_int_equal(nn_data_remove(d, 0), NN_ERANGE);
    nn_data_free(d);
}

/* Bad labels and features are refused and leave the set as it was. */
static void test_data_add_refuses_bad_samples(void **state)
{
    (void)state;
    nn_data *d = nn_data_new(2);
    const double good[2] = { 1, 2 };
    const double inf[2] = { 1, INFINITY }, nan[2] = { NAN, 0 };
    assert_non_null(d);
    assert_int_equal(nn_data_add(d, good, 1), NN_OK);

    assert_int_equal(nn_data_add(d, good, 2), NN_ERANGE);
    assert_int_equal(nn_data_add(d, good, 0.5), NN_ERANGE);
    assert_int_equal(nn_data_add(d, good, NAN), NN_ERANGE);
    assert_int_equal(nn_data_add(d, inf, 0), NN_ERANGE);
    assert_int_equal(nn_data_add(d, nan, 0), NN_ERANGE);
    assert_int_equal(d->rows, 1);
    assert_row2(d, 0, 1, 2, 1);
    nn_data_free(d);
}

/* The capacity doubles from 16: after 1000 adds it is 1024, and the
 * rows are all there. */
static void test_data_add_grows_geometrically(void **state)
{
    (void)state;
    nn_data *d = nn_data_new(2);
    assert_non_null(d);
    for (int i = 0; i < 1000; i++) {
        double x[2] = { i, -i };
        assert_int_equal(nn_data_add(d, x, i % 2), NN_OK);
        assert_true(d->cap >= d->rows);
    }
    assert_int_equal(d->cap, 1024); /* 16 * 2^6 */
    for (size_t i = 0; i < 1000; i++)
        assert_row2(d, i, (double)i, -(double)i, (double)(i % 2));
    nn_data_free(d);
}

/* NN_DATA_MAX_ROWS rows of one feature (16 MB), then one more is refused;
 * the capacity stops at the limit rather than doubling past it. */
static void test_data_add_row_limit(void **state)
{
    (void)state;
    nn_data *d = nn_data_new(1);
    const double x = 0.5;
    assert_non_null(d);
    for (size_t i = 0; i < NN_DATA_MAX_ROWS; i++)
        assert_int_equal(nn_data_add(d, &x, 1), NN_OK);
    assert_int_equal(nn_data_add(d, &x, 1), NN_ERANGE);
    assert_int_equal(d->rows, NN_DATA_MAX_ROWS);
    assert_int_equal(d->cap, NN_DATA_MAX_ROWS);
    nn_data_free(d);
}

static void test_data_copy_is_deep(void **state)
{
    (void)state;
    nn_data *d = NULL;
    assert_int_equal(nn_data_gate("and", 3, &d), NN_OK);
    nn_data *copy = nn_data_copy(d);
    assert_non_null(copy);
    assert_true(same_data(d, copy));
    assert_int_equal(copy->has_truth, 1);
    assert_close(copy->truth[2], -1.5, 0);
    assert_ptr_not_equal(copy->x, d->x);
    copy->x[0] = 9;
    assert_close(d->x[0], 0, 0);
    nn_data_free(d);
    nn_data_free(copy);

    nn_data *empty = nn_data_new(4);
    copy = nn_data_copy(empty);
    assert_non_null(copy);
    assert_int_equal(copy->rows, 0);
    assert_int_equal(copy->cols, 4);
    nn_data_free(empty);
    nn_data_free(copy);
    assert_null(nn_data_copy(NULL));
}

/* ---- truth tables ---------------------------------------------------- */

/* Each 2-input gate: rows 00 01 10 11, its labels, and (when separable)
 * the true line truth0*x1 + truth1*x2 + truth2 > 0 exactly on class 1. */
static void check_gate(const char *name, const double *y, int has_truth,
                       const double *truth)
{
    nn_data *d = NULL;
    assert_int_equal(nn_data_gate(name, strlen(name), &d), NN_OK);
    assert_int_equal(d->rows, 4);
    for (size_t i = 0; i < 4; i++)
        assert_row2(d, i, (double)(i / 2), (double)(i % 2), y[i]);
    assert_int_equal(d->has_truth, has_truth);
    for (int k = 0; has_truth && k < 3; k++)
        assert_close(d->truth[k], truth[k], 0);
    for (size_t i = 0; has_truth && i < 4; i++) {
        double s = truth[0] * d->x[2 * i] + truth[1] * d->x[2 * i + 1]
                   + truth[2];
        assert_int_equal(s > 0, y[i] == 1);
    }
    nn_data_free(d);
}

static void test_data_gates(void **state)
{
    (void)state;
    check_gate("and", (const double[]){ 0, 0, 0, 1 }, 1,
               (const double[]){ 1, 1, -1.5 });
    check_gate("or", (const double[]){ 0, 1, 1, 1 }, 1,
               (const double[]){ 1, 1, -0.5 });
    check_gate("nand", (const double[]){ 1, 1, 1, 0 }, 1,
               (const double[]){ -1, -1, 1.5 });
    check_gate("nor", (const double[]){ 1, 0, 0, 0 }, 1,
               (const double[]){ -1, -1, 0.5 });
    check_gate("xor", (const double[]){ 0, 1, 1, 0 }, 0, NULL);
    check_gate("AnD", (const double[]){ 0, 0, 0, 1 }, 1,
               (const double[]){ 1, 1, -1.5 });
}

static void test_data_gate_not_and_unknown(void **state)
{
    (void)state;
    nn_data *d = NULL;
    assert_int_equal(nn_data_gate("NOT", 3, &d), NN_OK);
    assert_int_equal(d->cols, 1);
    assert_int_equal(d->rows, 2);
    assert_close(d->x[0], 0, 0);
    assert_close(d->y[0], 1, 0);
    assert_close(d->x[1], 1, 0);
    assert_close(d->y[1], 0, 0);
    assert_int_equal(d->has_truth, 0);
    nn_data_free(d);

    d = NULL;
    assert_int_equal(nn_data_gate("xnor", 4, &d), NN_EFORMAT);
    assert_int_equal(nn_data_gate("an", 2, &d), NN_EFORMAT);   /* prefix */
    assert_int_equal(nn_data_gate("andx", 4, &d), NN_EFORMAT);
    assert_int_equal(nn_data_gate("and", 0, &d), NN_EFORMAT);
    assert_null(d);
}

/* ---- generated sets -------------------------------------------------- */

typedef nn_status (*generator)(size_t, nn_rng *, nn_data **);

/* The same seed gives the same set, bit for bit; another seed another. */
static void check_deterministic(generator gen)
{
    nn_rng r1, r2, r3;
    nn_data *a, *b, *c;
    nn_rng_seed(&r1, 42);
    nn_rng_seed(&r2, 42);
    nn_rng_seed(&r3, 43);
    assert_int_equal(gen(101, &r1, &a), NN_OK);
    assert_int_equal(gen(101, &r2, &b), NN_OK);
    assert_int_equal(gen(101, &r3, &c), NN_OK);
    assert_true(same_data(a, b));
    assert_false(same_data(a, c));
    nn_data_free(a);
    nn_data_free(b);
    nn_data_free(c);

    assert_int_equal(gen(1, &r1, &a), NN_ERANGE);
    assert_int_equal(gen(100001, &r1, &a), NN_ERANGE);
    assert_int_equal(gen(2, &r1, &a), NN_OK);
    assert_int_equal(a->rows, 2);
    nn_data_free(a);
}

static void test_data_generated_deterministic(void **state)
{
    (void)state;
    check_deterministic(nn_data_blobs);
    check_deterministic(nn_data_moons);
    check_deterministic(nn_data_circle);
}

/* Blobs: the first n/2 are class 0 and every point lies strictly on its
 * side of x1 + x2 = 0, the true separator; the means are near (-1, -1)
 * and (1, 1) (the standard error of a mean of 500 draws of std 0.5 is
 * 0.022; the cut shifts it by less than 0.01; 0.1 is ~4 of them). */
static void test_data_blobs_separable(void **state)
{
    (void)state;
    nn_rng r;
    nn_data *d;
    double mean[2][2] = { { 0, 0 }, { 0, 0 } };
    nn_rng_seed(&r, 7);
    assert_int_equal(nn_data_blobs(1001, &r, &d), NN_OK);
    assert_int_equal(d->rows, 1001);
    assert_int_equal(d->has_truth, 1);
    assert_close(d->truth[0], 1, 0);
    assert_close(d->truth[1], 1, 0);
    assert_close(d->truth[2], 0, 0);
    for (size_t i = 0; i < d->rows; i++) {
        double s = d->x[2 * i] + d->x[2 * i + 1];
        int y = (int)d->y[i];
        assert_int_equal(y, i < 500 ? 0 : 1);
        assert_true(y == 1 ? s > 0 : s < 0);
        mean[y][0] += d->x[2 * i];
        mean[y][1] += d->x[2 * i + 1];
    }
    assert_close(mean[0][0] / 500, -1, 0.1);
    assert_close(mean[0][1] / 500, -1, 0.1);
    assert_close(mean[1][0] / 501, 1, 0.1);
    assert_close(mean[1][1] / 501, 1, 0.1);
    nn_data_free(d);
}

/* Moons, redone here from sklearn's definition with the same draws: the
 * outer moon (cos t, sin t), class 0, then the inner (1 - cos t,
 * 1 - sin t - 0.5), class 1, t evenly spaced over [0, pi] in each, plus
 * N(0, 0.1) noise drawn x1 then x2 for each row in order. n = 7: an outer
 * moon of 3 (t = 0, pi/2, pi) and an inner one of 4 (t = 0, pi/3, 2pi/3,
 * pi). Exact (tolerance 0): the same operations on the same doubles
 * (2*PI/3 here and 2*(PI/3) there are the same double: doubling is exact). */
static void test_data_moons_as_sklearn(void **state)
{
    (void)state;
    static const double t[7] = { 0, PI / 2, PI, 0, PI / 3, 2 * PI / 3, PI };
    nn_rng r, mine;
    nn_data *d;
    nn_rng_seed(&r, 5);
    nn_rng_seed(&mine, 5);
    assert_int_equal(nn_data_moons(7, &r, &d), NN_OK);
    for (size_t i = 0; i < 7; i++) {
        double x1 = i < 3 ? cos(t[i]) : 1 - cos(t[i]);
        double x2 = i < 3 ? sin(t[i]) : 1 - sin(t[i]) - 0.5;
        x1 += nn_rng_normal(&mine, 0, 0.1);
        x2 += nn_rng_normal(&mine, 0, 0.1);
        assert_close(d->x[2 * i], x1, 0);
        assert_close(d->x[2 * i + 1], x2, 0);
        assert_close(d->y[i], i < 3 ? 0 : 1, 0);
    }
    assert_int_equal(d->has_truth, 0);
    nn_data_free(d);
}

/* Circle: classes alternate 0, 1, 0, ...; class 1 lies within radius 1,
 * class 0 in the ring 1.5 .. 2 (a hair of rounding allowed: r is
 * recomputed from r cos, r sin, good to ~4e-16). */
static void test_data_circle_rings(void **state)
{
    (void)state;
    nn_rng r;
    nn_data *d;
    nn_rng_seed(&r, 3);
    assert_int_equal(nn_data_circle(500, &r, &d), NN_OK);
    for (size_t i = 0; i < d->rows; i++) {
        double radius = hypot(d->x[2 * i], d->x[2 * i + 1]);
        assert_close(d->y[i], (double)(i % 2), 0);
        if (d->y[i] == 1) {
            assert_true(radius < 1 + 1e-15);
        } else {
            assert_true(radius > 1.5 - 1e-15 && radius < 2 + 1e-15);
        }
    }
    assert_int_equal(d->has_truth, 0);
    nn_data_free(d);
}

/* ---- split ----------------------------------------------------------- */

static nn_data *numbered(size_t rows)
{
    nn_data *d = nn_data_new(2);
    assert_non_null(d);
    for (size_t i = 0; i < rows; i++) {
        double x[2] = { (double)i, 100.0 + (double)i };
        assert_int_equal(nn_data_add(d, x, (double)(i % 2)), NN_OK);
    }
    return d;
}

/* 10 rows at 0.8: 8 and 2, together every row once, each row intact; the
 * input is unchanged; the same seed splits the same way. */
static void test_data_split_sizes_and_rows(void **state)
{
    (void)state;
    nn_data *d = numbered(10), *before = nn_data_copy(d);
    nn_data *train, *test, *train2, *test2;
    nn_rng r, r2;
    int seen[10] = { 0 };
    nn_rng_seed(&r, 11);
    nn_rng_seed(&r2, 11);

    assert_int_equal(nn_data_split(d, 0.8, &r, &train, &test), NN_OK);
    assert_true(same_data(d, before));
    assert_int_equal(train->rows, 8);
    assert_int_equal(test->rows, 2);
    for (size_t k = 0; k < 10; k++) {
        const nn_data *part = k < 8 ? train : test;
        size_t i = k < 8 ? k : k - 8;
        size_t orig = (size_t)part->x[2 * i];
        assert_true(orig < 10);
        seen[orig]++;
        assert_row2(part, i, (double)orig, 100.0 + (double)orig,
                    (double)(orig % 2));
    }
    for (int i = 0; i < 10; i++)
        assert_int_equal(seen[i], 1);

    assert_int_equal(nn_data_split(d, 0.8, &r2, &train2, &test2), NN_OK);
    assert_true(same_data(train, train2));
    assert_true(same_data(test, test2));
    nn_data_free(train);
    nn_data_free(test);
    nn_data_free(train2);
    nn_data_free(test2);
    nn_data_free(before);
    nn_data_free(d);
}

/* round(frac * rows) must leave both parts a sample: 4 rows at 0.1 gives
 * round(0.4) = 0 and at 0.9 round(3.6) = 4; 0, 1, NaN and 1 row fail;
 * 4 rows at 0.5 gives 2 and 2. The truth line goes with both parts. */
static void test_data_split_bad_fractions(void **state)
{
    (void)state;
    nn_data *d = numbered(4), *one = numbered(1), *gate = NULL;
    nn_data *train = NULL, *test = NULL;
    nn_rng r;
    nn_rng_seed(&r, 1);

    assert_int_equal(nn_data_split(d, 0.1, &r, &train, &test), NN_ERANGE);
    assert_int_equal(nn_data_split(d, 0.9, &r, &train, &test), NN_ERANGE);
    assert_int_equal(nn_data_split(d, 0, &r, &train, &test), NN_ERANGE);
    assert_int_equal(nn_data_split(d, 1, &r, &train, &test), NN_ERANGE);
    assert_int_equal(nn_data_split(d, NAN, &r, &train, &test), NN_ERANGE);
    assert_int_equal(nn_data_split(one, 0.5, &r, &train, &test), NN_ERANGE);
    assert_null(train);
    assert_null(test);

    assert_int_equal(nn_data_gate("or", 2, &gate), NN_OK);
    assert_int_equal(nn_data_split(gate, 0.5, &r, &train, &test), NN_OK);
    assert_int_equal(train->rows, 2);
    assert_int_equal(test->rows, 2);
    assert_int_equal(train->has_truth, 1);
    assert_close(test->truth[2], -0.5, 0);
    nn_data_free(train);
    nn_data_free(test);
    nn_data_free(gate);
    nn_data_free(one);
    nn_data_free(d);
}

/* ---- CSV: good files ------------------------------------------------- */

static void test_data_csv_header(void **state)
{
    (void)state;
    nn_data *d = parse_ok("x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n");
    assert_int_equal(d->rows, 3);
    assert_row2(d, 0, 0, 0, 0);
    assert_row2(d, 1, 0, 1, 1);
    assert_row2(d, 2, 1, 0, 1);
    assert_int_equal(d->has_truth, 0);
    nn_data_free(d);
}

/* No header, no final line end, three features. */
static void test_data_csv_no_header(void **state)
{
    (void)state;
    nn_data *d = parse_ok("1,2,3,1\n4,5,6,0");
    assert_int_equal(d->cols, 3);
    assert_int_equal(d->rows, 2);
    assert_close(d->x[0], 1, 0);
    assert_close(d->x[5], 6, 0);
    assert_close(d->y[0], 1, 0);
    assert_close(d->y[1], 0, 0);
    nn_data_free(d);
}

/* checklist: F1 */
/* CRLF line ends, a UTF-8 BOM, blank and whitespace-only lines (also
 * with a CR), spaces and tabs around cells. */
static void test_data_csv_crlf_bom_blank_spaces(void **state)
{
    (void)state;
    nn_data *d = parse_ok("\xef\xbb\xbf" "a,b,label\r\n"
                          "\r\n"
                          "  1 ,\t2\t, 1 \r\n"
                          " \t \n"
                          "\n"
                          "3,4,0\r\n"
                          "\r\n");
    assert_int_equal(d->rows, 2);
    assert_row2(d, 0, 1, 2, 1);
    assert_row2(d, 1, 3, 4, 0);
    nn_data_free(d);

    d = parse_ok("\xef\xbb\xbf" "0.5,1\n"); /* a BOM before data */
    assert_int_equal(d->rows, 1);
    assert_close(d->x[0], 0.5, 0);
    nn_data_free(d);
}

/* The number grammar's corners: signs, a bare fraction, a trailing dot,
 * exponents; -0 as a label is 0. */
static void test_data_csv_number_forms(void **state)
{
    (void)state;
    nn_data *d = parse_ok("-1.5e3,+.5,1.,2E-2,-0\n");
    assert_int_equal(d->cols, 4);
    assert_close(d->x[0], -1500, 0);
    assert_close(d->x[1], 0.5, 0);
    assert_close(d->x[2], 1, 0);
    assert_close(d->x[3], 0.02, 0); /* strtod's correctly rounded 0.02 */
    assert_close(d->y[0], 0, 0);
    nn_data_free(d);

    d = parse_ok("1e-310,1\n"); /* subnormal, not 0: kept */
    assert_close(d->x[0], 1e-310, 0);
    nn_data_free(d);
}

/* Only len bytes are read: the text goes on past it. */
static void test_data_csv_reads_only_len(void **state)
{
    (void)state;
    nn_data *d = NULL;
    nn_errinfo err;
    const char *text = "1,0\n2,1oops";
    assert_int_equal(parse_bytes(text, 7, &d, &err), NN_OK);
    assert_int_equal(d->rows, 2);
    assert_close(d->x[1], 2, 0);
    assert_close(d->y[1], 1, 0);
    nn_data_free(d);
    /* err may be NULL */
    assert_int_equal(nn_data_parse_csv("1,0", 3, &d, NULL), NN_OK);
    nn_data_free(d);
    assert_int_equal(nn_data_parse_csv("1,!x", 4, &d, NULL), NN_EFORMAT);
}

/* Many rows (1.4 MB) go through in one linear pass. */
static void test_data_csv_many_rows(void **state)
{
    (void)state;
    const size_t rows = 200000;
    char *buf = malloc(rows * 7);
    size_t len = 0;
    assert_non_null(buf);
    for (size_t i = 0; i < rows; i++) {
        memcpy(buf + len, i % 2 ? "0.25,1\n" : "-3.5,0\n", 7);
        len += 7;
    }
    nn_data *d = NULL;
    nn_errinfo err;
    assert_int_equal(parse_bytes(buf, len, &d, &err), NN_OK);
    assert_int_equal(d->rows, rows);
    assert_int_equal(d->cols, 1);
    assert_close(d->x[0], -3.5, 0);
    assert_close(d->x[1], 0.25, 0);
    assert_close(d->y[0], 0, 0);
    assert_close(d->y[rows - 1], 1, 0);
    nn_data_free(d);
    free(buf);
}

/* ---- CSV: malformed input -------------------------------------------- */

/* A trailing comma is an empty last cell, in the first row or later;
 * an empty cell anywhere is refused at its column. */
static void test_data_csv_empty_cells(void **state)
{
    (void)state;
    text_fails("1,0,\n", 1, 5, "empty cell");
    text_fails("a,b\n1,0,\n", 2, 5, "empty cell");
    text_fails("a,b,c\n1,,0\n", 2, 3, "empty cell");
    text_fails("a,,c\n", 1, 3, "empty cell");
}

/* checklist: F1 */
static void test_data_csv_quoted_cells(void **state)
{
    (void)state;
    text_fails("\"x1\",y\n1,0\n", 1, 1, "quoted cells are not supported");
    text_fails("a,b\n1, \"0\"\n", 2, 4, "quoted cells are not supported");
    /* the quote is met before the comma inside it can confuse the count */
    text_fails("a,b\n\"1,5\",0\n", 2, 1, "quoted cells are not supported");
}

/* checklist: F1 */
/* Too few cells: the column just past the line; too many: the first extra
 * cell, with the full count. */
static void test_data_csv_ragged_rows(void **state)
{
    (void)state;
    text_fails("a,b,c\n1,0\n", 2, 4, "row has 2 cells, the first row had 3");
    text_fails("1,0\n1,0,1\n", 2, 5, "row has 3 cells, the first row had 2");
    text_fails("a,b\n\n1,0,1,1,1\r\n", 3, 5,
               "row has 5 cells, the first row had 2");
    text_fails("a,b,c\n1\n", 2, 2, "row has 1 cell, the first row had 3");
}

static void test_data_csv_not_numbers(void **state)
{
    (void)state;
    static const char *bad[] = {
        "nan", "inf", "-inf", "NaN", "0x10", "1_000", "1.2.3", "1e", "1e+",
        ".", "-", "+-1", "1 2", "--1", "1e3e", "e3", "1,5d",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[64], msg[64];
        strcpy(text, "a,b\n");
        strcat(text, bad[i]);
        strcat(text, ",0\n");
        if (strcmp(bad[i], "1,5d") == 0) /* two cells: "1" then "5d" */
            strcpy(text, "a,b\n1,5d\n");
        strcpy(msg, "expected a number, got '");
        strcat(msg, strcmp(bad[i], "1,5d") == 0 ? "5d" : bad[i]);
        strcat(msg, "'");
        text_fails(text, 2, strcmp(bad[i], "1,5d") == 0 ? 3 : 1, msg);
    }
    /* unprintable bytes are shown as \xNN: a stray CR, UTF-8 */
    text_fails("a,b\n1\r,0\n", 2, 1, "expected a number, got '1\\x0d'");
    text_fails("a,b\n\xef\xbc\x91,0\n", 2, 1,
               "expected a number, got '\\xef\\xbc\\x91'");
    /* a long cell is cut after 32 bytes */
    text_fails("a,b\nabcdefghijklmnopqrstuvwxyzABCDEFGHIJ,0\n", 2, 1,
               "expected a number, got 'abcdefghijklmnopqrstuvwxyzABCDEF...'");
}

/* checklist: K12 */
/* A first row is a header when a cell is a word: it starts with a letter,
 * '_' or a non-ASCII byte, and is not nan, inf or infinity. So `nan,2,1`
 * on line 1 is refused as on line 2, where it was silently dropped as a
 * header; so are other numbers strtod would take (0x10, +inf, nan(1)). A
 * header needs one word only; its other cells may be anything but empty
 * or quoted. */
static void test_data_csv_header_detection(void **state)
{
    (void)state;
    text_fails("nan,2,1\n3,4,1\n", 1, 1, "expected a number, got 'nan'");
    text_fails("x,y,z\nnan,2,1\n", 2, 1, "expected a number, got 'nan'");
    text_fails("1,2,nan\n3,4,1\n", 1, 5, "expected a number, got 'nan'");
    text_fails("NaN,2,1\n", 1, 1, "expected a number, got 'NaN'");
    text_fails("INF,2,1\n", 1, 1, "expected a number, got 'INF'");
    text_fails("1,Infinity,1\n", 1, 3, "expected a number, got 'Infinity'");
    text_fails("-inf,2,1\n", 1, 1, "expected a number, got '-inf'");
    text_fails("+nan,2,1\n", 1, 1, "expected a number, got '+nan'");
    text_fails("nan(1),2,1\n", 1, 1, "expected a number, got 'nan(1)'");
    text_fails("0x10,2,1\n", 1, 1, "expected a number, got '0x10'");
    text_fails("1.2.3,2,1\n", 1, 1, "expected a number, got '1.2.3'");
    static const char *const headers[] = {
        "x1,x2,y\n", "1st,2nd,label\n", "nanometres,y\n", "infx,y\n",
        "_a,1\n", "\xc3\xa4,b\n", "Nan2,y\n",
    };
    for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++) {
        char text[64];
        strcpy(text, headers[i]);
        strcat(text, strchr(headers[i], ',') == strrchr(headers[i], ',')
                     ? "3,1\n" : "3,4,1\n");
        nn_data *d = parse_ok(text);
        assert_int_equal(d->rows, 1);
        assert_close(d->x[0], 3, 0);
        nn_data_free(d);
    }
}

static void test_data_csv_number_range(void **state)
{
    (void)state;
    text_fails("a,b\n1e999,0\n", 2, 1, "number out of range: 1e999");
    text_fails("a,b\n-1e999,0\n", 2, 1, "number out of range: -1e999");
    text_fails("a,b\n1e-999,0\n", 2, 1,
               "number too small: 1e-999 (it would be 0)");
    text_fails("1e999,0\n", 1, 1, "number out of range: 1e999");

    nn_data *d = parse_ok("0e999,0\n"); /* a true zero */
    assert_close(d->x[0], 0, 0);
    nn_data_free(d);

    char text[300] = "a,b\n";
    memset(text + 4, '1', 256);
    strcpy(text + 260, ",0\n");
    text_fails(text, 2, 1, "number too long: "
               "11111111111111111111111111111111... (at most 255 "
               "characters)");
}

static void test_data_csv_labels(void **state)
{
    (void)state;
    nn_data *d = parse_ok("x,y\n1,1.0\n2,0e5\n3,+1\n"); /* numbers 1, 0, 1 */
    assert_close(d->y[0], 1, 0);
    assert_close(d->y[1], 0, 0);
    assert_close(d->y[2], 1, 0);
    assert_int_equal(d->regression, 0);
    assert_int_equal(d->classes, 0);
    nn_data_free(d);
    /* other numbers: real labels, a regression set (issue 12) */
    d = parse_ok("x,y\n0.5, 0.5\n1,-1\n2,2\n");
    assert_int_equal(d->regression, 1);
    assert_close(d->y[0], 0.5, 0);
    assert_close(d->y[1], -1, 0);
    assert_close(d->y[2], 2, 0);
    nn_data_free(d);
    /* words: named classes in order of first appearance; 1,2,b is data */
    d = parse_ok("1,2,b\n3,4,a\n5,6,b\n7,8,c\n");
    assert_int_equal(d->rows, 4);
    assert_int_equal(d->classes, 3);
    assert_int_equal(d->regression, 0);
    assert_string_equal(nn_data_class_name(d, 0), "b");
    assert_string_equal(nn_data_class_name(d, 1), "a");
    assert_string_equal(nn_data_class_name(d, 2), "c");
    assert_null(nn_data_class_name(d, 3));
    assert_close(d->y[0], 0, 0);
    assert_close(d->y[1], 1, 0);
    assert_close(d->y[2], 0, 0);
    assert_close(d->y[3], 2, 0);
    /* a split and a copy keep the classes and their labels */
    nn_rng r;
    nn_rng_seed(&r, 3);
    nn_data *tr, *te, *cp = nn_data_copy(d);
    assert_non_null(cp);
    assert_string_equal(nn_data_class_name(cp, 2), "c");
    assert_int_equal(nn_data_split(d, 0.5, &r, &tr, &te), NN_OK);
    double sum = 0;
    for (size_t i = 0; i < tr->rows; i++)
        sum += tr->y[i];
    for (size_t i = 0; i < te->rows; i++)
        sum += te->y[i];
    assert_close(sum, 3, 0);  /* 0 + 1 + 0 + 2: class 2 is still 2 */
    assert_int_equal(tr->classes, 3);
    double x[2] = { 1, 1 };
    assert_int_equal(nn_data_add(cp, x, 2), NN_OK);
    assert_int_equal(nn_data_add(cp, x, 3), NN_ERANGE);
    assert_int_equal(nn_data_add(cp, x, 0.5), NN_ERANGE);
    nn_data_free(tr);
    nn_data_free(te);
    nn_data_free(cp);
    nn_data_free(d);
    text_fails("x,y,k\n1,2,cat\n3,4,7\n", 3, 5,
               "labels are class names in the rows before, got '7'");
    text_fails("x,y,k\n1,2,7\n3,4,cat\n", 3, 5,
               "labels are numbers in the rows before, got 'cat'");
}

/* checklist: F1 */
static void test_data_csv_nul_byte(void **state)
{
    (void)state;
    parse_fails("1,0\n1\0,1\n", 9, NN_EFORMAT, 2, 2, "NUL byte");
    parse_fails("\0", 1, NN_EFORMAT, 1, 1, "NUL byte");
    parse_fails("a,b\n \0\n", 7, NN_EFORMAT, 2, 2, "NUL byte"); /* blank */
}

static void test_data_csv_too_few_columns(void **state)
{
    (void)state;
    text_fails("1\n0\n", 1, 1,
               "need at least 2 columns: features, then the label");
    text_fails("\n\nlabel\n1\n", 3, 1,
               "need at least 2 columns: features, then the label");
}

/* The place of "no data rows" is the line after the last one. */
static void test_data_csv_no_data_rows(void **state)
{
    (void)state;
    parse_fails("", 0, NN_EFORMAT, 1, 1, "no data rows");
    text_fails("a,b\n", 2, 1, "no data rows");
    text_fails("a,b", 2, 1, "no data rows");
    text_fails("\n \n", 3, 1, "no data rows");
    text_fails("\xef\xbb\xbf", 2, 1, "no data rows");
    text_fails("\r\n\r\n", 3, 1, "no data rows");
}

/* "0,0,...,0": cells (3 * 2 - 1 bytes for 3 cells) in a fresh buffer. */
static char *zeros_line(size_t cells, const char *before, size_t *len)
{
    size_t head = strlen(before);
    char *buf = malloc(head + 2 * cells);
    assert_non_null(buf);
    memcpy(buf, before, head);
    for (size_t i = 0; i < cells; i++) {
        buf[head + 2 * i] = '0';
        buf[head + 2 * i + 1] = ',';
    }
    *len = head + 2 * cells - 1; /* no comma after the last */
    return buf;
}

/* checklist: F1 */
/* A line of a million cells: the first row is refused as soon as it
 * passes 100,001 cells (100,000 features and the label), at the column
 * of cell 100,002: 2 * 100001 + 1 = 200003. As a later row it is ragged,
 * counted to the end in linear time. 100,001 cells is the largest set. */
static void test_data_csv_million_columns(void **state)
{
    (void)state;
    size_t len;
    char *buf = zeros_line(1000000, "", &len);
    parse_fails(buf, len, NN_ERANGE, 1, 200003,
                "too many columns (at most 100000 features)");
    free(buf);

    buf = zeros_line(1000000, "a,b\n", &len);
    parse_fails(buf, len, NN_EFORMAT, 2, 5,
                "row has 1000000 cells, the first row had 2");
    free(buf);

    buf = zeros_line(NN_DATA_MAX_COLS + 1, "", &len);
    nn_data *d = NULL;
    nn_errinfo err;
    assert_int_equal(parse_bytes(buf, len, &d, &err), NN_OK);
    assert_int_equal(d->cols, NN_DATA_MAX_COLS);
    assert_int_equal(d->rows, 1);
    nn_data_free(d);
    free(buf);
}

/* One row more than NN_DATA_MAX_ROWS (4 MB of "1,0\n") is refused on
 * that row. */
static void test_data_csv_too_many_rows(void **state)
{
    (void)state;
    size_t rows = NN_DATA_MAX_ROWS + 1;
    char *buf = malloc(4 * rows);
    assert_non_null(buf);
    for (size_t i = 0; i < rows; i++)
        memcpy(buf + 4 * i, "1,0\n", 4);
    parse_fails(buf, 4 * rows, NN_ERANGE, NN_DATA_MAX_ROWS + 1, 1,
                "too many rows (at most 1000000)");
    free(buf);
}

/* Random bytes, with and without NULs and line ends: always a clean
 * refusal with a place and a message, never a crash or a read past the
 * end (valgrind, ASan). */
static void test_data_csv_binary_junk(void **state)
{
    (void)state;
    nn_rng r;
    nn_rng_seed(&r, 99);
    for (int round = 0; round < 200; round++) {
        size_t len = 1 + (size_t)nn_rng_below(&r, 4096);
        char *buf = malloc(len);
        assert_non_null(buf);
        for (size_t i = 0; i < len; i++) {
            unsigned byte = (unsigned)nn_rng_below(&r, 256);
            buf[i] = (char)(round % 2 ? byte | 0x80 : byte);
        }
        nn_data *d = NULL;
        nn_errinfo err;
        nn_status status = nn_data_parse_csv(buf, len, &d, &err);
        assert_int_equal(status, NN_EFORMAT);
        assert_null(d);
        assert_true(err.line >= 1 && err.column >= 1);
        assert_true(strlen(err.msg) > 0);
        free(buf);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_data_new_and_free),
        cmocka_unit_test(test_data_add_remove),
        cmocka_unit_test(test_data_add_refuses_bad_samples),
        cmocka_unit_test(test_data_add_grows_geometrically),
        cmocka_unit_test(test_data_add_row_limit),
        cmocka_unit_test(test_data_copy_is_deep),
        cmocka_unit_test(test_data_gates),
        cmocka_unit_test(test_data_gate_not_and_unknown),
        cmocka_unit_test(test_data_generated_deterministic),
        cmocka_unit_test(test_data_blobs_separable),
        cmocka_unit_test(test_data_moons_as_sklearn),
        cmocka_unit_test(test_data_circle_rings),
        cmocka_unit_test(test_data_split_sizes_and_rows),
        cmocka_unit_test(test_data_split_bad_fractions),
        cmocka_unit_test(test_data_csv_header),
        cmocka_unit_test(test_data_csv_no_header),
        cmocka_unit_test(test_data_csv_crlf_bom_blank_spaces),
        cmocka_unit_test(test_data_csv_number_forms),
        cmocka_unit_test(test_data_csv_reads_only_len),
        cmocka_unit_test(test_data_csv_many_rows),
        cmocka_unit_test(test_data_csv_empty_cells),
        cmocka_unit_test(test_data_csv_quoted_cells),
        cmocka_unit_test(test_data_csv_ragged_rows),
        cmocka_unit_test(test_data_csv_not_numbers),
        cmocka_unit_test(test_data_csv_header_detection),
        cmocka_unit_test(test_data_csv_number_range),
        cmocka_unit_test(test_data_csv_labels),
        cmocka_unit_test(test_data_csv_nul_byte),
        cmocka_unit_test(test_data_csv_too_few_columns),
        cmocka_unit_test(test_data_csv_no_data_rows),
        cmocka_unit_test(test_data_csv_million_columns),
        cmocka_unit_test(test_data_csv_too_many_rows),
        cmocka_unit_test(test_data_csv_binary_junk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
