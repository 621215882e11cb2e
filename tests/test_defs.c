/*
 * test_defs.c - the table of definitions: the cost bound. One value of a
 * definition may take at most DEFS_MAX_COST instructions, its own and
 * those of every definition it calls, so that a chain that doubles at each
 * step (f1 = f0 + f0, ..., f63 = f62 + f62: 2^63 calls) is refused when it
 * is made, and so is a redefinition that would make a caller too costly.
 * checklist: K9
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "interp/defs.h"

/* Defines name as the program in[0..n) (text "..."): 0, or -1 with msg
 * filled. */
static int define(defs *d, const char *name, const nn_instr *in, size_t n,
                  char *msg, size_t cap)
{
    nn_expr *e = nn_expr_new();
    assert_non_null(e);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(nn_expr_emit(e, in[i]), NN_OK);
    return defs_set(d, name, strlen(name), e, "...", 3, msg, cap);
}

/* g0(x) = x, then gk(x) = g(k-1)(x) + g(k-1)(x), k = 1..last; every one
 * must be accepted. */
static void doubling_chain(defs *d, int last)
{
    char msg[300], name[16];
    nn_instr x = { NN_OP_X, 0, 0, NULL };
    assert_int_equal(define(d, "g0", &x, 1, msg, sizeof msg), 0);
    for (int k = 1; k <= last; k++) {
        snprintf(name, sizeof name, "g%d", k - 1);
        int id = defs_find(d, name, strlen(name));
        nn_instr in[] = {
            { NN_OP_X, 0, 0, NULL }, { NN_OP_CALL, id, 0, NULL },
            { NN_OP_X, 0, 0, NULL }, { NN_OP_CALL, id, 0, NULL },
            { NN_OP_ADD, 0, 0, NULL },
        };
        snprintf(name, sizeof name, "g%d", k);
        if (define(d, name, in, 5, msg, sizeof msg) != 0)
            fail_msg("%s: %s", name, msg);
    }
}

/* g0 costs 1 and gk 5 + 2 cost(g(k-1)), so cost(gk) = 6*2^k - 5:
 * g17 = 786427 is allowed, g18 = 1572859 is not, and the table is as it
 * was (18 definitions, no g18). */
static void test_defs_cost_doubling_chain(void **state)
{
    (void)state;
    char msg[300];
    defs *d = defs_new();
    assert_int_equal(DEFS_MAX_COST, 1000000);
    doubling_chain(d, 17);
    int g17 = defs_find(d, "g17", 3);
    nn_instr in[] = {
        { NN_OP_X, 0, 0, NULL }, { NN_OP_CALL, g17, 0, NULL },
        { NN_OP_X, 0, 0, NULL }, { NN_OP_CALL, g17, 0, NULL },
        { NN_OP_ADD, 0, 0, NULL },
    };
    size_t slots = defs_slots(d);
    assert_int_equal(define(d, "g18", in, 5, msg, sizeof msg), -1);
    assert_string_equal(msg, "g18 is too costly: one value would take "
                        "1572859 steps (at most 1000000); use fewer calls");
    assert_int_equal(defs_count(d), 18);
    assert_int_equal(defs_slots(d), slots);
    assert_int_equal(defs_find(d, "g18", 3), -1);
    /* g17 still gives 2^17 at x = 1 */
    double v = 0;
    assert_int_equal(defs_call(d, g17, 1, NULL, &v), NN_OK);
    assert_close(v, 131072, 0);  // a sum of powers of two: exact
    defs_free(d);
}

/* A redefinition changes the cost of every caller. g0 = x + x (3
 * instructions) would make g17 cost 5*(2^17 - 1) + 3*2^17 = 1048571: the
 * costliest caller is named and g0 stays x. g0 = -x (2 instructions)
 * makes it 5*(2^17 - 1) + 2*2^17 = 917499: allowed. */
static void test_defs_cost_redefinition(void **state)
{
    (void)state;
    char msg[300];
    defs *d = defs_new();
    doubling_chain(d, 17);
    nn_instr twice[] = {
        { NN_OP_X, 0, 0, NULL }, { NN_OP_X, 0, 0, NULL },
        { NN_OP_ADD, 0, 0, NULL },
    };
    int g0 = defs_find(d, "g0", 2);
    const nn_expr *before = defs_prog(d, g0);
    assert_int_equal(define(d, "g0", twice, 3, msg, sizeof msg), -1);
    assert_string_equal(msg, "redefining g0 would make g17 too costly: one "
                        "value would take 1048571 steps (at most 1000000); "
                        "use fewer calls");
    assert_ptr_equal(defs_prog(d, g0), before);
    assert_int_equal(nn_expr_length(defs_prog(d, g0)), 1);
    nn_instr minus[] = {
        { NN_OP_X, 0, 0, NULL }, { NN_OP_NEG, 0, 0, NULL },
    };
    assert_int_equal(define(d, "g0", minus, 2, msg, sizeof msg), 0);
    double v = 0;
    assert_int_equal(defs_call(d, defs_find(d, "g17", 3), 1, NULL, &v),
                     NN_OK);
    assert_close(v, -131072, 0);
    defs_free(d);
}

/* At the limit exactly: h(x) = -g17(x) + 0 + 0 ... costs 2 + 786427 + 1
 * + 2n, which is 1000000 for n = 106785 pairs (0 +): accepted. One pair
 * more, 1000002: refused. */
static void test_defs_cost_at_the_limit(void **state)
{
    (void)state;
    char msg[300];
    defs *d = defs_new();
    doubling_chain(d, 17);
    int g17 = defs_find(d, "g17", 3);
    size_t pairs = 106785, n = 3 + 2 * (pairs + 1);
    nn_instr *in = calloc(n, sizeof *in);
    assert_non_null(in);
    in[0] = (nn_instr){ NN_OP_X, 0, 0, NULL };
    in[1] = (nn_instr){ NN_OP_CALL, g17, 0, NULL };
    in[2] = (nn_instr){ NN_OP_NEG, 0, 0, NULL };
    for (size_t i = 3; i < n; i += 2) {
        in[i] = (nn_instr){ NN_OP_CONST, 0, 0, NULL };
        in[i + 1] = (nn_instr){ NN_OP_ADD, 0, 0, NULL };
    }
    assert_int_equal(define(d, "h", in, n - 2, msg, sizeof msg), 0);
    assert_int_equal(define(d, "h", in, n, msg, sizeof msg), -1);
    assert_string_equal(msg, "h is too costly: one value would take 1000002 "
                        "steps (at most 1000000); use fewer calls");
    assert_int_equal(nn_expr_length(defs_prog(d, defs_find(d, "h", 1))),
                     n - 2);
    free(in);
    defs_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defs_cost_doubling_chain),
        cmocka_unit_test(test_defs_cost_redefinition),
        cmocka_unit_test(test_defs_cost_at_the_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
