/*
 * testutil.h - helpers for the cmocka unit tests.
 *
 * cmocka 1.1.5's assert_float_equal compares as float, so a double test
 * written with it cannot fail at the precision it claims. assert_close
 * compares doubles and prints both with %.17g, the difference and the
 * tolerance. Use assert_rel_close for a relative tolerance.
 */
#ifndef NEURON_TESTS_TESTUTIL_H
#define NEURON_TESTS_TESTUTIL_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static inline void close_check(double actual, double expected, double tol,
                               int relative, const char *file, int line)
{
    double diff = fabs(actual - expected);
    double bound = relative ? tol * fabs(expected) : tol;
    int ok = actual == expected || diff <= bound;
    if (isnan(expected))
        ok = isnan(actual);
    if (!ok) {
        print_error("%s:%d: %.17g != %.17g (difference %.3g, %s tolerance "
                    "%.3g)\n", file, line, actual, expected, diff,
                    relative ? "relative" : "absolute", tol);
        _fail(file, line);
    }
}

/* |actual - expected| <= tol; NaN only matches NaN. */
#define assert_close(actual, expected, tol) \
    close_check((actual), (expected), (tol), 0, __FILE__, __LINE__)

/* |actual - expected| <= tol * |expected|. */
#define assert_rel_close(actual, expected, tol) \
    close_check((actual), (expected), (tol), 1, __FILE__, __LINE__)

#endif
