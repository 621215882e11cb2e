/*
 * test_learn.c - how one neuron learns: losses, the predicted class, the
 * perceptron rule traced by hand, the gradient rule against finite
 * differences, the optimizers worked by hand, the course notebook, and a
 * diverging rate.
 *
 * Sources of the expected values:
 *   - perceptron traces: worked by hand (the tables below), and checked in
 *     double with a few lines of Python (same IEEE doubles as C);
 *   - momentum and adam: worked by hand, the numbers evaluated with
 *     Python's decimal module at 50 digits (exact arithmetic);
 *   - the notebook: an independent plain-Python reimplementation of the
 *     notebook (a = tanh(xW + B), TensorFlow's
 *     sigmoid_cross_entropy_with_logits(labels=y, logits=a) averaged over
 *     the 8 rows, plain gradient descent, rate 0.01, W = B = 0, 1000
 *     epochs), quoted above its test.
 */
#include <string.h>

#include "testutil.h"

#include "engine/learn.h"

static const nn_act *act_named(const char *name)
{
    const nn_act *act = nn_act_find(name, strlen(name));
    assert_non_null(act);
    return act;
}

static nn_data *gate(const char *name)
{
    nn_data *d = NULL;
    assert_int_equal(nn_data_gate(name, strlen(name), &d), NN_OK);
    return d;
}

/* A gradient-rule configuration. */
static nn_learn gradient_cfg(nn_loss loss, nn_opt opt, double rate)
{
    nn_learn cfg = nn_learn_defaults();
    cfg.rule = NN_RULE_GRADIENT;
    cfg.loss = loss;
    cfg.opt = opt;
    cfg.rate = rate;
    return cfg;
}

/* ---- settings and state ---------------------------------------------- */

static void test_learn_defaults(void **state)
{
    (void)state;
    nn_learn cfg = nn_learn_defaults();

    assert_int_equal(cfg.rule, NN_RULE_PERCEPTRON);
    assert_int_equal(cfg.loss, NN_LOSS_MSE);
    assert_int_equal(cfg.opt, NN_OPT_SGD);
    assert_int_equal(cfg.batch, 1);
    assert_close(cfg.rate, 0.1, 0);      /* exact: the literal itself */
    assert_close(cfg.momentum, 0.9, 0);
    assert_close(cfg.beta1, 0.9, 0);
    assert_close(cfg.beta2, 0.999, 0);
    assert_close(cfg.eps, 1e-7, 0);
}

static void test_learn_optstate_new_free_copy(void **state)
{
    (void)state;
    assert_null(nn_optstate_new(0));
    assert_null(nn_optstate_new(NN_NEURON_MAX_INPUTS + 1));
    nn_optstate_free(NULL);
    assert_null(nn_optstate_copy(NULL));

    nn_optstate *st = nn_optstate_new(3);
    assert_non_null(st);
    nn_optstate *copy = nn_optstate_copy(st);
    assert_non_null(copy);
    nn_optstate_free(st);
    nn_optstate_free(copy);
}

/* ---- losses ---------------------------------------------------------- */

static void test_learn_loss_values_by_hand(void **state)
{
    (void)state;
    /* All within 1e-15: each is a log or exp of an ordinary number, good
     * to a few ulp (~2e-16 at these sizes). */
    /* mse(0.3, 1) = (0.3 - 1)^2 = 0.49 */
    assert_close(nn_loss_value(NN_LOSS_MSE, 0.3, 1), 0.49, 1e-15);
    /* bce(0.8, 1) = -log 0.8 = 0.22314355131420976 */
    assert_close(nn_loss_value(NN_LOSS_BCE, 0.8, 1), 0.22314355131420976,
                 1e-15);
    /* bce(0.8, 0) = -log 0.2 = 1.6094379124341003 */
    assert_close(nn_loss_value(NN_LOSS_BCE, 0.8, 0), 1.6094379124341003,
                 1e-15);
    /* bce clamps a = 0 to 1e-12: -log 1e-12 = 12 ln 10 = 27.631021115928547
     * (relative 1e-15: a log of a number near 1e-12) */
    assert_rel_close(nn_loss_value(NN_LOSS_BCE, 0, 1), 27.631021115928547,
                     1e-15);
    /* ce is bce for one neuron */
    assert_close(nn_loss_value(NN_LOSS_CE, 0.8, 0), 1.6094379124341003,
                 1e-15);
    /* bce_logits(0, 1) = 0 - 0 + log(1 + 1) = ln 2 = 0.6931471805599453 */
    assert_close(nn_loss_value(NN_LOSS_BCE_LOGITS, 0, 1),
                 0.6931471805599453, 1e-15);
    /* bce_logits(2, 0) = 2 - 0 + log(1 + e^-2) = 2.1269280110429727 */
    assert_close(nn_loss_value(NN_LOSS_BCE_LOGITS, 2, 0),
                 2.1269280110429727, 1e-15);
    /* stable far out: bce_logits(-1000, 1) = 0 + 1000 + log1p(e^-1000)
     * = 1000 exactly in double (e^-1000 underflows to 0) */
    assert_close(nn_loss_value(NN_LOSS_BCE_LOGITS, -1000, 1), 1000, 0);
    assert_close(nn_loss_value(NN_LOSS_BCE_LOGITS, 1000, 1), 0, 0);
}

static void test_learn_loss_grads_by_hand(void **state)
{
    (void)state;
    /* Within 1e-15: a couple of roundings of numbers near 1. */
    /* mse: 2(a - y) = 2(0.3 - 1) = -1.4 */
    assert_close(nn_loss_grad(NN_LOSS_MSE, 0.3, 1), -1.4, 1e-15);
    /* bce: (a - y) / (a(1 - a)) = (0.8 - 1) / (0.8 * 0.2) = -1.25 */
    assert_close(nn_loss_grad(NN_LOSS_BCE, 0.8, 1), -1.25, 1e-15);
    /* bce_logits: sigmoid(a) - y = 0.5 - 1 = -0.5 at a = 0 */
    assert_close(nn_loss_grad(NN_LOSS_BCE_LOGITS, 0, 1), -0.5, 0);
    /* sigmoid(-1000) - 0 = 0 without overflow */
    assert_close(nn_loss_grad(NN_LOSS_BCE_LOGITS, -1000, 0), 0, 0);
}

/* Each dL/da against a central difference of L(a, y) in a, at points away
 * from bce's clamp. h = 1e-6: the truncation error h^2 L'''/6 is ~1e-12
 * and the rounding error eps*L/h ~ 2e-10, so 1e-7 is a wide margin that
 * still catches any wrong sign or factor. */
static void test_learn_loss_grads_match_differences(void **state)
{
    (void)state;
    static const nn_loss losses[] = { NN_LOSS_MSE, NN_LOSS_BCE,
                                      NN_LOSS_BCE_LOGITS, NN_LOSS_CE };
    static const double as[] = { 0.1, 0.35, 0.5, 0.8, 0.95 };
    const double h = 1e-6;

    for (size_t l = 0; l < 4; l++) {
        for (size_t i = 0; i < 5; i++) {
            for (int y = 0; y <= 1; y++) {
                double a = as[i];
                double fd = (nn_loss_value(losses[l], a + h, y)
                             - nn_loss_value(losses[l], a - h, y)) / (2 * h);
                double g = nn_loss_grad(losses[l], a, y);
                assert_true(fabs(g) > 1e-3); /* the check is not vacuous */
                assert_close(g, fd, 1e-7);
            }
        }
    }
}

/* ---- the predicted class --------------------------------------------- */

static void test_learn_class_rules(void **state)
{
    (void)state;
    nn_learn perceptron = nn_learn_defaults();
    nn_learn mse = gradient_cfg(NN_LOSS_MSE, NN_OPT_SGD, 0.1);
    nn_learn logits = gradient_cfg(NN_LOSS_BCE_LOGITS, NN_OPT_SGD, 0.1);
    nn_neuron *nr = nn_neuron_new(1, act_named("sigmoid"));
    assert_non_null(nr);

    /* perceptron rule: z > 0, and z = 0 exactly is class 0 */
    assert_int_equal(nn_learn_class(&perceptron, nr, 0.0, 0.5), 0);
    assert_int_equal(nn_learn_class(&perceptron, nr, 1e-300, 0.5), 1);
    assert_int_equal(nn_learn_class(&perceptron, nr, -0.0, 0.5), 0);
    /* sigmoid: a > 0.5 */
    assert_int_equal(nn_learn_class(&mse, nr, 0.0, 0.5), 0);
    assert_int_equal(nn_learn_class(&mse, nr, 0.1, 0.525), 1);
    /* bce_logits: a is a logit, a > 0 */
    assert_int_equal(nn_learn_class(&logits, nr, 0.3, 0.2), 1);
    /* tanh and softsign, range (-1, 1): a > 0 */
    nr->act = act_named("tanh");
    assert_int_equal(nn_learn_class(&mse, nr, 0.1, 0.0997), 1);
    assert_int_equal(nn_learn_class(&mse, nr, -0.1, -0.0997), 0);
    nr->act = act_named("softsign");
    assert_int_equal(nn_learn_class(&mse, nr, 0.25, 0.2), 1);
    /* sign, {-1, 0, 1}: a > 0 */
    nr->act = act_named("sign");
    assert_int_equal(nn_learn_class(&mse, nr, 2, 1), 1);
    assert_int_equal(nn_learn_class(&mse, nr, 0, 0), 0);
    /* linear: halfway between the labels, a > 0.5 */
    nr->act = act_named("linear");
    assert_int_equal(nn_learn_class(&mse, nr, 0.4, 0.4), 0);
    assert_int_equal(nn_learn_class(&mse, nr, 0.6, 0.6), 1);
    /* step under the gradient rule: z > 0 */
    nr->act = act_named("step");
    assert_int_equal(nn_learn_class(&mse, nr, 0.0, 0.0), 0);
    assert_int_equal(nn_learn_class(&mse, nr, 0.5, 1.0), 1);
    nn_neuron_free(nr);
}

/* ---- the perceptron rule, traced by hand ----------------------------- */

/* One step of a hand trace at rate 1: the sample (x1, x2, y), its sum
 * z = w1*x1 + w2*x2 + b before the update, the prediction yhat = step(z),
 * and w1, w2, b after the update  w += (y - yhat)*x,  b += (y - yhat). */
typedef struct trace_row {
    int epoch, x1, x2, y, z, yhat, w1, w2, b;
} trace_row;

/* AND from w = (0, 0), b = 0, samples in the order 00 01 10 11, worked by
 * hand; a comment marks each update (y - yhat = +1 or -1) and each
 * epoch's errors. Converged after 6 epochs (the 6th makes no error):
 * w = (2, 1), b = -2, the line 2x1 + x2 = 2. z = 0 is decided 11 times,
 * always as 0 (step(0) = 0). */
static const trace_row and_trace[] = {
    /* ep  x1  x2   y   z  yh  w1  w2   b */
    {  1,  0,  0,  0,  0,  0,  0,  0,  0 },
    {  1,  0,  1,  0,  0,  0,  0,  0,  0 },
    {  1,  1,  0,  0,  0,  0,  0,  0,  0 },
    {  1,  1,  1,  1,  0,  0,  1,  1,  1 },  // +1: w += x, b += 1; 1 error
    {  2,  0,  0,  0,  1,  1,  1,  1,  0 },  // -1: b -= 1
    {  2,  0,  1,  0,  1,  1,  1,  0, -1 },  // -1: w2 -= 1, b -= 1
    {  2,  1,  0,  0,  0,  0,  1,  0, -1 },
    {  2,  1,  1,  1,  0,  0,  2,  1,  0 },  // +1; 3 errors
    {  3,  0,  0,  0,  0,  0,  2,  1,  0 },
    {  3,  0,  1,  0,  1,  1,  2,  0, -1 },  // -1
    {  3,  1,  0,  0,  1,  1,  1,  0, -2 },  // -1: w1 -= 1, b -= 1
    {  3,  1,  1,  1, -1,  0,  2,  1, -1 },  // +1; 3 errors
    {  4,  0,  0,  0, -1,  0,  2,  1, -1 },
    {  4,  0,  1,  0,  0,  0,  2,  1, -1 },
    {  4,  1,  0,  0,  1,  1,  1,  1, -2 },  // -1
    {  4,  1,  1,  1,  0,  0,  2,  2, -1 },  // +1; 2 errors
    {  5,  0,  0,  0, -1,  0,  2,  2, -1 },
    {  5,  0,  1,  0,  1,  1,  2,  1, -2 },  // -1; 1 error
    {  5,  1,  0,  0,  0,  0,  2,  1, -2 },
    {  5,  1,  1,  1,  1,  1,  2,  1, -2 },
    {  6,  0,  0,  0, -2,  0,  2,  1, -2 },
    {  6,  0,  1,  0, -1,  0,  2,  1, -2 },
    {  6,  1,  0,  0,  0,  0,  2,  1, -2 },
    {  6,  1,  1,  1,  1,  1,  2,  1, -2 },  // no error: done
};

/* OR from zero, the same way. Converged after 4 epochs: w = (1, 1),
 * b = 0. The final line x1 + x2 = 0 passes through (0, 0), which is
 * class 0 only because step(0) = 0. */
static const trace_row or_trace[] = {
    /* ep  x1  x2   y   z  yh  w1  w2   b */
    {  1,  0,  0,  0,  0,  0,  0,  0,  0 },
    {  1,  0,  1,  1,  0,  0,  0,  1,  1 },  // +1: w2 += 1, b += 1
    {  1,  1,  0,  1,  1,  1,  0,  1,  1 },
    {  1,  1,  1,  1,  2,  1,  0,  1,  1 },  // 1 error
    {  2,  0,  0,  0,  1,  1,  0,  1,  0 },  // -1: b -= 1
    {  2,  0,  1,  1,  1,  1,  0,  1,  0 },
    {  2,  1,  0,  1,  0,  0,  1,  1,  1 },  // +1: w1 += 1, b += 1
    {  2,  1,  1,  1,  3,  1,  1,  1,  1 },  // 2 errors
    {  3,  0,  0,  0,  1,  1,  1,  1,  0 },  // -1: b -= 1
    {  3,  0,  1,  1,  1,  1,  1,  1,  0 },
    {  3,  1,  0,  1,  1,  1,  1,  1,  0 },
    {  3,  1,  1,  1,  2,  1,  1,  1,  0 },  // 1 error
    {  4,  0,  0,  0,  0,  0,  1,  1,  0 },
    {  4,  0,  1,  1,  1,  1,  1,  1,  0 },
    {  4,  1,  0,  1,  1,  1,  1,  1,  0 },
    {  4,  1,  1,  1,  2,  1,  1,  1,  0 },  // no error: done
};

/* Replays a trace at `rate` from zero weights, one update per sample in
 * data order, epoch after epoch until one makes no error, checking each
 * step. From zero, every w, b and z is rate times the integer of the
 * rate-1 trace in exact arithmetic, so the same table serves both rates.
 *
 * Rate 1: every number is a small integer, exact in double (tolerance 0).
 * Rate 0.1: double rounds (0.2*1 + 0.1*1 = 0.30000000000000004, and
 * 0.30000000000000004 - 0.2 = 0.10000000000000003 at epoch 5), so values
 * are compared within 1e-15: a few roundings of numbers below 0.5 (each
 * <= 2.8e-17), and far below the 0.1 between hand values. The decisions
 * are what matters: every z that is 0 by hand must be exactly 0 in double
 * too (tolerance 0), or yhat could flip. It is: the weights and bias stay
 * on the doubles 0, +-0.1, +-0.2 (0.1 + 0.1 = 0.2, 0.2 - 0.1 = 0.1 and
 * -0.2 + 0.1 = -0.1 exactly), so the sums that should be 0 are exactly
 * 0: 0.1 + 0 - 0.1, 0.2 + 0 - 0.2, and 0.1 + 0.1 - 0.2.
 * (RELIABILITY.md J3 describes the trap with step(0) = 1: then b reaches
 * -0.1 - 0.1 - 0.1 = -0.30000000000000004, later b = -0.20000000000000004,
 * and (1, 0) gives z = -2.78e-17 at epoch 4 where the hand gives 0. With
 * step(0) = 0, as here, no such z arises.) */
static void replay_trace(const char *name, double rate,
                         const trace_row *trace, size_t steps)
{
    nn_data *d = gate(name);
    nn_neuron *nr = nn_neuron_new(2, act_named("step"));
    nn_learn cfg = nn_learn_defaults();
    double tol = rate == 1 ? 0 : 1e-15;
    size_t s = 0;
    int epoch = 0, errors = 1;
    assert_non_null(nr);
    cfg.rate = rate;

    while (errors > 0) {
        epoch++;
        errors = 0;
        for (size_t i = 0; i < d->rows; i++, s++) {
            const trace_row *t = &trace[s];
            nn_step_info info;
            double dw[2], db;
            assert_true(s < steps);
            assert_int_equal(nn_learn_update(nr, &cfg, NULL, d, &i, 1,
                                             &info, dw, &db), NN_OK);
            assert_int_equal(t->epoch, epoch);
            assert_int_equal(info.sample, i);
            assert_close(d->x[2 * i], t->x1, 0);
            assert_close(d->x[2 * i + 1], t->x2, 0);
            assert_close(info.y, t->y, 0);
            assert_close(info.z, rate * t->z, t->z == 0 ? 0 : tol);
            assert_int_equal(info.yhat, t->yhat);
            /* delta = y - yhat; dw = rate*delta*x, db = rate*delta */
            assert_close(info.delta, t->y - t->yhat, 0);
            assert_close(info.loss, (t->y - t->yhat) * (t->y - t->yhat), 0);
            assert_close(dw[0], rate * info.delta * t->x1, 0);
            assert_close(dw[1], rate * info.delta * t->x2, 0);
            assert_close(db, rate * info.delta, 0);
            assert_close(nr->w[0], rate * t->w1, tol);
            assert_close(nr->w[1], rate * t->w2, tol);
            assert_close(nr->b, rate * t->b, tol);
            errors += info.yhat != t->y;
        }
    }
    assert_int_equal(s, steps);
    nn_neuron_free(nr);
    nn_data_free(d);
}

#define STEPS(t) (sizeof t / sizeof t[0])

/* Every loss row: its dL/da matches central differences of its L, on
 * the outputs it takes (a in (0, 1) away from the clamp for
 * cross-entropy, any a for the others), for labels 0 and 1. h = 1e-6:
 * the difference's error is ~h^2 L''' + 1e-16/h, under 1e-8 here. */
static void test_learn_every_loss_row_gradient(void **state)
{
    (void)state;
    const nn_loss_info *l;
    for (size_t i = 0; (l = nn_loss_at(i)); i++) {
        const double open01[] = { 0.2, 0.5, 0.7, 0.93 };
        const double any[] = { -2.5, -0.3, 0.4, 1.7 };
        const double *as = l->cross_entropy ? open01 : any;
        assert_ptr_equal(nn_loss_at(i)->value, l->value);
        for (int y = 0; y < 2; y++)
            for (size_t k = 0; k < 4; k++) {
                double a = as[k], h = 1e-6;
                double want = (l->value(a + h, y) - l->value(a - h, y))
                              / (2 * h);
                assert_close(l->grad(a, y), want, 1e-8 + 1e-7 * fabs(want));
                assert_close(nn_loss_grad((nn_loss)i, a, y), want,
                             1e-8 + 1e-7 * fabs(want));
            }
    }
}

/* Every optimizer row, by hand, on one parameter w = 1 of L = w^2 (so
 * g = 2w), rate 0.1, two steps:
 *   sgd:      w = 1 - 0.1*2 = 0.8;  then 0.8 - 0.1*1.6 = 0.64
 *   momentum: v = -0.2, w = 0.8;  v = 0.9*(-0.2) - 0.16 = -0.34,
 *             w = 0.46
 *   adam:     m = 0.2, v = 0.004, mhat = 2, vhat = 4, w = 1 - 0.1*2 /
 *             (2 + 1e-7) = 0.900000005;  then g = 1.80000001, m =
 *             0.9*0.2 + 0.1*g = 0.360000001, v = 0.999*0.004 + 0.001*g^2
 *             = 0.007236000036, mhat = m/0.19 = 1.894736847368421,
 *             vhat = v/0.001999 = 3.619809923..., w = 0.900000005 - 0.1 *
 *             mhat / (sqrt(vhat) + 1e-7) = 0.80041...
 * A row without an entry here fails: a new optimizer needs its hand
 * check. */
static void test_learn_every_optimizer_row_by_hand(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        double w1, w2;
    } want[] = {
        { "sgd", 0.8, 0.64 },
        { "momentum", 0.8, 0.46 },
        { "adam", 0.900000005, 0.0 },  /* w2 worked out below */
    };
    /* adam's second step, from the formulas above */
    double g2 = 2 * 0.900000005, m = 0.9 * 0.2 + 0.1 * g2;
    double v = 0.999 * 0.004 + 0.001 * g2 * g2;
    double adam_w2 = 0.900000005 - 0.1 * (m / (1 - 0.81))
                     / (sqrt(v / (1 - 0.998001)) + 1e-7);
    const nn_opt_info *o;
    for (size_t i = 0; (o = nn_opt_at(i)); i++) {
        size_t k = 0;
        while (k < sizeof want / sizeof want[0]
               && strcmp(want[k].name, o->name) != 0)
            k++;
        if (k == sizeof want / sizeof want[0])
            fail_msg("optimizer row %s has no hand check", o->name);
        nn_learn cfg = nn_learn_defaults();
        cfg.rate = 0.1;
        double w = 1, s[2] = { 0, 0 }, out[2] = { 0, 0 };
        w += o->step(&cfg, 2 * w, s, 1, out);
        assert_close(w, want[k].w1, 1e-12);
        s[0] = out[0];
        s[1] = out[1];
        w += o->step(&cfg, 2 * w, s, 2, out);
        assert_close(w, strcmp(o->name, "adam") == 0 ? adam_w2
                                                     : want[k].w2, 1e-12);
    }
    assert_close(adam_w2, 0.80041, 1e-4);  /* the figure in the comment */
}

/* A sigmoid neuron saturated the wrong way (z = -100, y = 1) under bce:
 * the loss is 100 and dL/dz = a - y = -1 (a = 3.7e-44), computed from z;
 * clipping a at 1e-12 would say 27.63 and a gradient of 3.7e-32 that
 * never moves it. One update at rate 1 moves w and b by +1 each, to -99
 * and 1. ce is the same for one neuron. */
static void test_learn_bce_of_saturated_sigmoid_is_exact(void **state)
{
    (void)state;
    for (int ce = 0; ce < 2; ce++) {
        nn_neuron *nr = nn_neuron_new(1, nn_act_find("sigmoid", 7));
        nn_data *d = nn_data_new(1);
        assert_non_null(nr);
        assert_non_null(d);
        double x = 1;
        assert_int_equal(nn_data_add(d, &x, 1), NN_OK);
        nr->w[0] = -100;
        nr->b = 0;
        nn_learn cfg = nn_learn_defaults();
        cfg.rule = NN_RULE_GRADIENT;
        cfg.loss = ce ? NN_LOSS_CE : NN_LOSS_BCE;
        cfg.rate = 1;
        size_t errors, i = 0;
        double loss, acc, dw, db;
        nn_learn_measure(nr, &cfg, d, &errors, &loss, &acc);
        assert_close(loss, 100, 1e-12);
        nn_step_info info;
        assert_int_equal(nn_learn_update(nr, &cfg, NULL, d, &i, 1, &info,
                                         &dw, &db), NN_OK);
        assert_close(info.loss, 100, 1e-12);
        assert_close(info.delta, -1, 1e-15);
        assert_close(nr->w[0], -99, 1e-12);
        assert_close(nr->b, 1, 1e-12);
        nn_neuron_free(nr);
        nn_data_free(d);
    }
}

static void test_learn_perceptron_and_rate_1(void **state)
{
    (void)state;
    replay_trace("and", 1.0, and_trace, STEPS(and_trace));
}

/* checklist: J3 */
/* 6 epochs, as at rate 1; final w = (0.2, 0.1), b = -0.2, landing exactly
 * on the doubles nearest 0.2, 0.1 and -0.2. */
static void test_learn_perceptron_and_rate_0_1(void **state)
{
    (void)state;
    replay_trace("and", 0.1, and_trace, STEPS(and_trace));
}

static void test_learn_perceptron_or_rate_1(void **state)
{
    (void)state;
    replay_trace("or", 1.0, or_trace, STEPS(or_trace));
}

/* 4 epochs; final w = (0.1, 0.1), b = 0 (0.1 - 0.1, exactly 0). */
static void test_learn_perceptron_or_rate_0_1(void **state)
{
    (void)state;
    replay_trace("or", 0.1, or_trace, STEPS(or_trace));
}

/* The final numbers pinned exactly in double, as a learner would see them
 * with `digits 17`: AND 0.2 0.1 -0.2, OR 0.1 0.1 0. */
static void test_learn_perceptron_final_weights_exact(void **state)
{
    (void)state;
    const char *names[2] = { "and", "or" };
    const double want[2][3] = { { 0.2, 0.1, -0.2 }, { 0.1, 0.1, 0 } };

    for (int g = 0; g < 2; g++) {
        nn_data *d = gate(names[g]);
        nn_neuron *nr = nn_neuron_new(2, act_named("step"));
        nn_learn cfg = nn_learn_defaults(); /* rate 0.1 */
        nn_step_info info;
        double dw[2], db;
        assert_non_null(nr);
        for (int epoch = 0; epoch < 6; epoch++) {
            for (size_t i = 0; i < 4; i++)
                assert_int_equal(nn_learn_update(nr, &cfg, NULL, d, &i, 1,
                                                 &info, dw, &db), NN_OK);
        }
        assert_close(nr->w[0], want[g][0], 0);
        assert_close(nr->w[1], want[g][1], 0);
        assert_close(nr->b, want[g][2], 0);
        nn_neuron_free(nr);
        nn_data_free(d);
    }
}

/* XOR: no line separates {01, 10} from {00, 11}, so every epoch of the
 * perceptron rule makes an error (at rates 1 and 0.1). */
static void test_learn_perceptron_xor_never_converges(void **state)
{
    (void)state;
    nn_data *d = gate("xor");
    const double rates[2] = { 1.0, 0.1 };

    for (int r = 0; r < 2; r++) {
        nn_neuron *nr = nn_neuron_new(2, act_named("step"));
        nn_learn cfg = nn_learn_defaults();
        assert_non_null(nr);
        cfg.rate = rates[r];
        for (int epoch = 1; epoch <= 100; epoch++) {
            int errors = 0;
            for (size_t i = 0; i < 4; i++) {
                nn_step_info info;
                double dw[2], db;
                assert_int_equal(nn_learn_update(nr, &cfg, NULL, d, &i, 1,
                                                 &info, dw, &db), NN_OK);
                errors += info.yhat != info.y;
            }
            assert_true(errors > 0);
        }
        nn_neuron_free(nr);
    }
    nn_data_free(d);
}

/* ---- measuring ------------------------------------------------------- */

static void test_learn_measure(void **state)
{
    (void)state;
    nn_data *d = gate("and");
    nn_neuron *nr = nn_neuron_new(2, act_named("sigmoid"));
    nn_learn perceptron = nn_learn_defaults();
    nn_learn mse = gradient_cfg(NN_LOSS_MSE, NN_OPT_SGD, 0.1);
    size_t errors;
    double loss, accuracy;
    assert_non_null(nr);

    /* zero weights, perceptron rule: z = 0 everywhere, class 0, so only
     * 11 is wrong: 1 error, loss 1/4, accuracy 3/4 (exact in double) */
    nn_learn_measure(nr, &perceptron, d, &errors, &loss, &accuracy);
    assert_int_equal(errors, 1);
    assert_close(loss, 0.25, 0);
    assert_close(accuracy, 0.75, 0);

    /* sigmoid, mse: a = 0.5 everywhere, class 0 (a > 0.5 fails), 1 error;
     * loss = (0.25 + 0.25 + 0.25 + 0.25) / 4 = 0.25 */
    nn_learn_measure(nr, &mse, d, &errors, &loss, &accuracy);
    assert_int_equal(errors, 1);
    assert_close(loss, 0.25, 0);
    assert_close(accuracy, 0.75, 0);

    /* the trained AND weights (2, 1, -2): no error */
    nr->w[0] = 2;
    nr->w[1] = 1;
    nr->b = -2;
    nn_learn_measure(nr, &perceptron, d, &errors, &loss, &accuracy);
    assert_int_equal(errors, 0);
    assert_close(loss, 0, 0);
    assert_close(accuracy, 1, 0);
    nn_neuron_free(nr);
    nn_data_free(d);
}

/* ---- update errors --------------------------------------------------- */

static void test_learn_update_rejects_bad_calls(void **state)
{
    (void)state;
    nn_data *d = gate("and");
    nn_neuron *nr3 = nn_neuron_new(3, act_named("sigmoid"));
    nn_neuron *nr = nn_neuron_new(2, act_named("sigmoid"));
    nn_optstate *st3 = nn_optstate_new(3);
    nn_learn cfg = nn_learn_defaults();
    nn_learn mom = gradient_cfg(NN_LOSS_MSE, NN_OPT_MOMENTUM, 0.1);
    nn_step_info info[2];
    double dw[3], db;
    size_t two[2] = { 0, 1 }, past = 4;

    assert_int_equal(nn_learn_update(nr3, &cfg, NULL, d, two, 1, info, dw,
                                     &db), NN_EDIM);
    assert_int_equal(nn_learn_update(nr, &cfg, NULL, d, two, 2, info, dw,
                                     &db), NN_ERANGE); /* perceptron: 1 */
    assert_int_equal(nn_learn_update(nr, &cfg, NULL, d, two, 0, info, dw,
                                     &db), NN_ERANGE);
    assert_int_equal(nn_learn_update(nr, &cfg, NULL, d, &past, 1, info, dw,
                                     &db), NN_ERANGE);
    assert_int_equal(nn_learn_update(nr, &mom, NULL, d, two, 2, info, dw,
                                     &db), NN_EDIM);   /* needs a state */
    assert_int_equal(nn_learn_update(nr, &mom, st3, d, two, 2, info, dw,
                                     &db), NN_EDIM);   /* of 2 inputs */
    cfg.rate = 0;
    assert_int_equal(nn_learn_update(nr, &cfg, NULL, d, two, 1, info, dw,
                                     &db), NN_ERANGE);
    /* nothing changed */
    assert_close(nr->w[0], 0, 0);
    assert_close(nr->w[1], 0, 0);
    assert_close(nr->b, 0, 0);
    nn_optstate_free(st3);
    nn_neuron_free(nr);
    nn_neuron_free(nr3);
    nn_data_free(d);
}

/* The update's z is the neuron's own weighted sum, bit for bit: with the
 * neuron's inputs set to the sample, nn_neuron_sum gives the same z (the
 * sum `fire` prints). Awkward values so a different order would show. */
static void test_learn_update_z_is_neuron_sum(void **state)
{
    (void)state;
    nn_data *d = nn_data_new(5);
    nn_neuron *nr = nn_neuron_new(5, act_named("tanh"));
    nn_learn cfg = gradient_cfg(NN_LOSS_MSE, NN_OPT_SGD, 1e-3);
    nn_rng r;
    assert_non_null(d);
    assert_non_null(nr);
    nn_rng_seed(&r, 7);
    for (int i = 0; i < 20; i++) {
        double x[5];
        for (int j = 0; j < 5; j++)
            x[j] = nn_rng_normal(&r, 0, 1e3);
        assert_int_equal(nn_data_add(d, x, i % 2), NN_OK);
    }
    assert_int_equal(nn_neuron_init(nr, NN_INIT_NORMAL, 0, 1, &r), NN_OK);
    for (size_t i = 0; i < d->rows; i++) {
        nn_step_info info;
        double dw[5], db;
        memcpy(nr->x, d->x + 5 * i, 5 * sizeof(double));
        double z = nn_neuron_sum(nr);
        assert_int_equal(nn_learn_update(nr, &cfg, NULL, d, &i, 1, &info,
                                         dw, &db), NN_OK);
        assert_true(info.z == z); /* bit for bit */
    }
    nn_neuron_free(nr);
    nn_data_free(d);
}

/* ---- the gradient rule against finite differences -------------------- */

/* The data for the gradient checks: mixed labels, features in (0, 1). */
static nn_data *check_data(void)
{
    static const double x[4][2] = {
        { 0.2, 0.7 }, { 0.9, 0.1 }, { 0.4, 0.4 }, { 0.6, 0.8 }
    };
    static const double y[4] = { 1, 0, 1, 0 };
    nn_data *d = nn_data_new(2);
    assert_non_null(d);
    for (int i = 0; i < 4; i++)
        assert_int_equal(nn_data_add(d, x[i], y[i]), NN_OK);
    return d;
}

/* The mean loss over the batch, computed through the neuron itself
 * (nn_neuron_fire on a copy with x set to each sample):
 *   L = (1/count) sum_k L(f(z_k), y_k). */
static double batch_loss(const nn_neuron *nr, nn_loss loss,
                         const nn_data *d, const size_t *idx, size_t count)
{
    nn_neuron *probe = nn_neuron_copy(nr);
    double sum = 0;
    assert_non_null(probe);
    for (size_t k = 0; k < count; k++) {
        double a;
        memcpy(probe->x, d->x + idx[k] * d->cols, d->cols * sizeof(double));
        nn_neuron_fire(probe, NULL, &a);
        sum += nn_loss_value(loss, a, d->y[idx[k]]);
    }
    nn_neuron_free(probe);
    return sum / (double)count;
}

/* One gradient check: g from one sgd update at rate 1 (the change is
 * -(1*g) = -g exactly) against central differences of batch_loss in each
 * of w1, w2, b, h = 1e-6. The difference's error is truncation
 * h^2 L'''/6 ~ 1e-12 plus rounding ~eps*L/h ~ 1e-9 (L <= 5 here); over
 * all these cases it stays below 6e-9 relative to g (measured), so a
 * relative 1e-6 has a wide margin and still catches a wrong factor or a
 * missing f'(z). Guard: each component of g is at least 1e-6 in size, so
 * the comparison is not 0 = 0 (the smallest is leaky_relu's, whose slope
 * 0.01 makes g ~ 7e-5). */
static void check_gradient(nn_loss loss, const char *act,
                           const double *wb, const size_t *idx,
                           size_t count)
{
    nn_data *d = check_data();
    nn_neuron *nr = nn_neuron_new(2, act_named(act));
    nn_learn cfg = gradient_cfg(loss, NN_OPT_SGD, 1.0);
    nn_step_info info[4];
    double dw[2], db, g[3], h = 1e-6;
    assert_non_null(nr);

    nr->w[0] = wb[0];
    nr->w[1] = wb[1];
    nr->b = wb[2];
    for (int j = 0; j < 3; j++) {
        nn_neuron *plus = nn_neuron_copy(nr), *minus = nn_neuron_copy(nr);
        assert_non_null(plus);
        assert_non_null(minus);
        *(j < 2 ? &plus->w[j] : &plus->b) += h;
        *(j < 2 ? &minus->w[j] : &minus->b) -= h;
        g[j] = (batch_loss(plus, loss, d, idx, count)
                - batch_loss(minus, loss, d, idx, count)) / (2 * h);
        nn_neuron_free(plus);
        nn_neuron_free(minus);
    }
    assert_int_equal(nn_learn_update(nr, &cfg, NULL, d, idx, count, info,
                                     dw, &db), NN_OK);
    double got[3] = { -dw[0], -dw[1], -db };
    for (int j = 0; j < 3; j++) {
        if (!(fabs(got[j]) > 1e-6))
            fail_msg("%s/%d: gradient %d is %g, too small to check", act,
                     (int)loss, j, got[j]);
        assert_rel_close(got[j], g[j], 1e-6);
    }
    nn_neuron_free(nr);
    nn_data_free(d);
}

/* Weights where every z is in (0.3, 0.7): z = 0.45, 0.54, 0.45, 0.59, so
 * a is in (0, 1) for every activation (bce's logs are defined) and relu is
 * far from its kink. */
static const double inside[3] = { 0.3, 0.2, 0.25 };

/* Weights with z of both signs, none near 0: z = -1.0, 1.25, -0.1, -0.6. */
static const double mixed[3] = { 1.5, -2.0, 0.1 };

static const size_t one[1] = { 1 };   /* batch 1: sample 1 */
static const size_t three[1] = { 3 }; /* batch 1: sample 3 (z < 0) */
static const size_t all[4] = { 0, 1, 2, 3 };

static void test_learn_gradient_every_loss_every_activation(void **state)
{
    (void)state;
    static const nn_loss losses[] = { NN_LOSS_MSE, NN_LOSS_BCE,
                                      NN_LOSS_BCE_LOGITS, NN_LOSS_CE };
    static const char *acts[] = { "sigmoid", "tanh", "linear", "relu",
                                  "leaky_relu" };

    for (size_t l = 0; l < 4; l++) {
        for (size_t a = 0; a < 5; a++) {
            check_gradient(losses[l], acts[a], inside, one, 1);
            check_gradient(losses[l], acts[a], inside, three, 1);
            check_gradient(losses[l], acts[a], inside, all, 4);
        }
    }
}

/* Both signs of z: mse and bce_logits take any a; bce and ce need a in
 * (0, 1), so sigmoid only. relu's samples with z < 0 add nothing, so relu
 * is checked on the full batch (sample 1 has z = 1.25) and on sample 1. */
static void test_learn_gradient_both_signs_of_z(void **state)
{
    (void)state;
    static const char *acts[] = { "sigmoid", "tanh", "linear", "relu",
                                  "leaky_relu" };

    for (size_t a = 0; a < 5; a++) {
        for (int l = 0; l < 2; l++) {
            nn_loss loss = l == 0 ? NN_LOSS_MSE : NN_LOSS_BCE_LOGITS;
            check_gradient(loss, acts[a], mixed, one, 1);
            check_gradient(loss, acts[a], mixed, all, 4);
            if (strcmp(acts[a], "relu") != 0)
                check_gradient(loss, acts[a], mixed, three, 1);
        }
    }
    check_gradient(NN_LOSS_BCE, "sigmoid", mixed, all, 4);
    check_gradient(NN_LOSS_CE, "sigmoid", mixed, three, 1);
}

/* ---- optimizers worked by hand --------------------------------------- */

/* The hand example: one input, linear, mse, the single sample x = 0.5,
 * y = 1, from w = b = 0, rate 0.1. At z, a = z, dL/dz = 2(z - 1),
 * g_w = dL/dz * 0.5, g_b = dL/dz. */
static nn_data *one_sample(void)
{
    nn_data *d = nn_data_new(1);
    const double x = 0.5;
    assert_non_null(d);
    assert_int_equal(nn_data_add(d, &x, 1), NN_OK);
    return d;
}

/* momentum 0.9:
 *   step 1: z = 0, dL/dz = -2, g = (-1, -2);
 *           v = 0.9*0 - 0.1*g = (0.1, 0.2);  w = 0.1, b = 0.2
 *   step 2: z = 0.1*0.5 + 0.2 = 0.25, dL/dz = -1.5, g = (-0.75, -1.5);
 *           v = 0.9*(0.1, 0.2) - 0.1*g = (0.09 + 0.075, 0.18 + 0.15)
 *             = (0.165, 0.33);  w = 0.265, b = 0.53
 * Within 1e-15: a few roundings of numbers below 1. */
static void test_learn_momentum_by_hand(void **state)
{
    (void)state;
    nn_data *d = one_sample();
    nn_neuron *nr = nn_neuron_new(1, act_named("linear"));
    nn_optstate *st = nn_optstate_new(1);
    nn_learn cfg = gradient_cfg(NN_LOSS_MSE, NN_OPT_MOMENTUM, 0.1);
    nn_step_info info;
    double dw, db;
    size_t i = 0;
    assert_non_null(nr);
    assert_non_null(st);

    assert_int_equal(nn_learn_update(nr, &cfg, st, d, &i, 1, &info, &dw,
                                     &db), NN_OK);
    assert_close(info.delta, -2, 0);
    assert_close(dw, 0.1, 1e-15);
    assert_close(db, 0.2, 1e-15);
    assert_close(nr->w[0], 0.1, 1e-15);
    assert_close(nr->b, 0.2, 1e-15);

    assert_int_equal(nn_learn_update(nr, &cfg, st, d, &i, 1, &info, &dw,
                                     &db), NN_OK);
    assert_close(info.z, 0.25, 1e-15);
    assert_close(info.delta, -1.5, 1e-15);
    assert_close(dw, 0.165, 1e-15);
    assert_close(db, 0.33, 1e-15);
    assert_close(nr->w[0], 0.265, 1e-15);
    assert_close(nr->b, 0.53, 1e-15);
    nn_optstate_free(st);
    nn_neuron_free(nr);
    nn_data_free(d);
}

/* adam 0.9, 0.999, eps 1e-7:
 *   step 1 (t = 1): g = (-1, -2);
 *     m = 0.1*g = (-0.1, -0.2);  v = 0.001*g^2 = (0.001, 0.004);
 *     mhat = m/(1 - 0.9) = (-1, -2);  vhat = v/(1 - 0.999) = (1, 4);
 *     w = 0 + 0.1*1/(1 + 1e-7) = 0.09999999000000099999990...
 *     b = 0 + 0.1*2/(2 + 1e-7) = 0.09999999500000024999998...
 *   step 2 (t = 2): z = w*0.5 + b = 0.14999999000000074999...;
 *     dL/dz = 2(z - 1) = -1.70000001999999850000...,
 *     g = (-0.85000000999999925, -1.7000000199999985);
 *     m_w = 0.9*(-0.1) + 0.1*g_w = -0.175000000999999925,
 *     v_w = 0.999*0.001 + 0.001*g_w^2 = 0.0017215000169999988,
 *     mhat_w = m_w/0.19 = -0.92105263684210487,
 *     vhat_w = v_w/0.001999 = 0.86118059879939911,
 *     w += 0.1*0.92105263684210487/(sqrt(0.86118059879939911) + 1e-7)
 *        = 0.099251547028023184  ->  w = 0.19925153702802418;
 *     b the same way: change 0.099251552375638360, b = 0.19925154737563861
 * (evaluated at 50 digits). Within 1e-15: double's 1 - 0.9 and 1 - 0.999
 * are off by ~1e-16 relative and the rest are a few roundings of numbers
 * below 1. */
static void test_learn_adam_by_hand(void **state)
{
    (void)state;
    nn_data *d = one_sample();
    nn_neuron *nr = nn_neuron_new(1, act_named("linear"));
    nn_optstate *st = nn_optstate_new(1);
    nn_learn cfg = gradient_cfg(NN_LOSS_MSE, NN_OPT_ADAM, 0.1);
    nn_step_info info;
    double dw, db;
    size_t i = 0;
    assert_non_null(nr);
    assert_non_null(st);

    assert_int_equal(nn_learn_update(nr, &cfg, st, d, &i, 1, &info, &dw,
                                     &db), NN_OK);
    assert_close(dw, 0.099999990000001, 1e-15);
    assert_close(db, 0.09999999500000025, 1e-15);
    assert_close(nr->w[0], 0.099999990000001, 1e-15);
    assert_close(nr->b, 0.09999999500000025, 1e-15);

    assert_int_equal(nn_learn_update(nr, &cfg, st, d, &i, 1, &info, &dw,
                                     &db), NN_OK);
    assert_close(info.z, 0.14999999000000075, 1e-15);
    assert_close(info.delta, -1.7000000199999985, 1e-15);
    assert_close(dw, 0.099251547028023184, 1e-15);
    assert_close(db, 0.09925155237563836, 1e-15);
    assert_close(nr->w[0], 0.19925153702802418, 1e-15);
    assert_close(nr->b, 0.19925154737563861, 1e-15);

    /* a copy of the state continues the same way */
    nn_optstate *copy = nn_optstate_copy(st);
    nn_neuron *twin = nn_neuron_copy(nr);
    double dw2, db2;
    assert_non_null(copy);
    assert_non_null(twin);
    assert_int_equal(nn_learn_update(nr, &cfg, st, d, &i, 1, &info, &dw,
                                     &db), NN_OK);
    assert_int_equal(nn_learn_update(twin, &cfg, copy, d, &i, 1, &info,
                                     &dw2, &db2), NN_OK);
    assert_true(nr->w[0] == twin->w[0] && nr->b == twin->b);
    nn_neuron_free(twin);
    nn_optstate_free(copy);
    nn_optstate_free(st);
    nn_neuron_free(nr);
    nn_data_free(d);
}

/* ---- the course notebook --------------------------------------------- */

/* The notebook's table (DESIGN.md): x1 x2 x3 in counting order from 111
 * down, with the labels given. */
static nn_data *notebook_data(const double *y)
{
    static const double x[8][3] = {
        { 1, 1, 1 }, { 0, 1, 1 }, { 1, 0, 1 }, { 0, 0, 1 },
        { 1, 1, 0 }, { 0, 1, 0 }, { 1, 0, 0 }, { 0, 0, 0 },
    };
    nn_data *d = nn_data_new(3);
    assert_non_null(d);
    for (int i = 0; i < 8; i++)
        assert_int_equal(nn_data_add(d, x[i], y[i]), NN_OK);
    return d;
}

static const size_t eight[8] = { 0, 1, 2, 3, 4, 5, 6, 7 };

/* tanh, bce_logits, the whole table per update, sgd, rate 0.01, zero
 * start, 1000 epochs (= 1000 updates). At zero, tanh'(0) = 1 and
 * sigmoid(0) - y = +-0.5, so the first gradient is not 0. */
static void train_notebook(const double *y, nn_neuron **out,
                           nn_data **data)
{
    nn_data *d = notebook_data(y);
    nn_neuron *nr = nn_neuron_new(3, act_named("tanh"));
    nn_learn cfg = gradient_cfg(NN_LOSS_BCE_LOGITS, NN_OPT_SGD, 0.01);
    nn_step_info info[8];
    double dw[3], db;
    assert_non_null(nr);
    cfg.batch = 0;
    for (int epoch = 0; epoch < 1000; epoch++)
        assert_int_equal(nn_learn_update(nr, &cfg, NULL, d, eight, 8,
                                         info, dw, &db), NN_OK);
    *out = nr;
    *data = d;
}

/* The reference, plain Python (the same IEEE doubles as C):
 *
 *   X = [(1,1,1),(0,1,1),(1,0,1),(0,0,1),(1,1,0),(0,1,0),(1,0,0),(0,0,0)]
 *   def train(Y, epochs=1000, rate=0.01):
 *       W = [0.0, 0.0, 0.0]; B = 0.0
 *       for _ in range(epochs):
 *           gW = [0.0, 0.0, 0.0]; gB = 0.0
 *           for x, y in zip(X, Y):
 *               z = sum(xi*wi for xi, wi in zip(x, W)) + B
 *               a = math.tanh(z)
 *               dLda = 1/(1 + math.exp(-a)) - y  # d/da of max(a,0) - a*y
 *                                                # + log(1 + e^-|a|)
 *               dz = dLda * (1 - a*a)            # tanh' = 1 - tanh^2
 *               for i in range(3): gW[i] += dz*x[i]
 *               gB += dz
 *           W = [w - rate*g/8 for w, g in zip(W, gW)]; B = B - rate*gB/8
 *       return W, B
 *
 * It differs from learn.c only in rounding (tanh' as 1 - a^2 rather than
 * act.c's 4e^-2|z|/(1 + e^-2|z|)^2, sigmoid's form), each ~1e-16 relative
 * per step, and the rate 0.01 damps what a step's rounding passes on:
 * the results agree to the last bit or two (measured: differences of
 * 1e-16). 1e-13 leaves room for another libm's tanh and exp, and is still
 * 10^12 times smaller than the differences the exercise asks about. */
static void check_notebook(const double *y, const double *want,
                           double want_loss, size_t want_errors)
{
    nn_neuron *nr;
    nn_data *d;
    nn_learn cfg = gradient_cfg(NN_LOSS_BCE_LOGITS, NN_OPT_SGD, 0.01);
    size_t errors;
    double loss, accuracy;

    train_notebook(y, &nr, &d);
    assert_close(nr->w[0], want[0], 1e-13);
    assert_close(nr->w[1], want[1], 1e-13);
    assert_close(nr->w[2], want[2], 1e-13);
    assert_close(nr->b, want[3], 1e-13);
    nn_learn_measure(nr, &cfg, d, &errors, &loss, &accuracy);
    assert_close(loss, want_loss, 1e-13);
    assert_int_equal(errors, want_errors);
    nn_neuron_free(nr);
    nn_data_free(d);
}

/* The notebook's labels 1 1 1 1 1 0 0 0: w3 ("generally happy") grows
 * most, to 1.07, with w1 = w2 = 0.29, b = -0.33; all 8 predictions right
 * (class a > 0); mean loss 0.5006. */
static void test_learn_notebook(void **state)
{
    (void)state;
    static const double y[8] = { 1, 1, 1, 1, 1, 0, 0, 0 };
    static const double want[4] = { 0.29068470557021664,
                                    0.29068470557021664,
                                    1.0723368908038815,
                                    -0.3337659386931244 };
    check_notebook(y, want, 0.5006375155006992, 0);
}

/* Exercise 1, labels 1 1 0 0 1 0 0 0: now w2 ("satisfied with food")
 * grows, to 0.98, with w1 = w3 = 0.15, b = -0.79; one row is wrong
 * (0 1 0 gives a = 0.185 > 0 but y = 0). */
static void test_learn_notebook_exercise_w2(void **state)
{
    (void)state;
    static const double y[8] = { 1, 1, 0, 0, 1, 0, 0, 0 };
    static const double want[4] = { 0.151076723081574, 0.9818898446226907,
                                    0.15107672308157397,
                                    -0.7946778657036315 };
    check_notebook(y, want, 0.5217521069174359, 1);
}

/* Exercise 2, labels 1 0 1 0 1 0 1 0 (y = x1): w1 ("three meal photos")
 * grows, to 1.46, while w2 = w3 = -0.15, b = -0.46; all rows right. */
static void test_learn_notebook_exercise_w1(void **state)
{
    (void)state;
    static const double y[8] = { 1, 0, 1, 0, 1, 0, 1, 0 };
    static const double want[4] = { 1.4559335427494795, -0.1501778189948191,
                                    -0.1501778189948191,
                                    -0.46442898454565157 };
    check_notebook(y, want, 0.4340402397705455, 0);
}

/* ---- divergence ------------------------------------------------------ */

/* 1 when two neurons have the same weights and bias, bit for bit. */
static int same_weights(const nn_neuron *a, const nn_neuron *b)
{
    return memcmp(a->w, b->w, a->n * sizeof(double)) == 0 && a->b == b->b;
}

/* rate 1e6, mse, linear, one sample per update on blobs: each update
 * multiplies the weights by about 1e6 (w += -1e6 * 2(z - y) x), so they
 * overflow within a few dozen updates (the 57th, with seed 1). The update
 * that would make them inf or NaN returns NN_ERANGE and changes nothing:
 * the neuron is bit for bit as before, and so is the optimizer state (the
 * same next update from a copy made before the failure gives the same
 * weights). */
static void check_divergence(nn_opt opt)
{
    nn_rng r;
    nn_data *d;
    nn_neuron *nr = nn_neuron_new(2, act_named("linear"));
    nn_optstate *st = nn_optstate_new(2);
    nn_learn cfg = gradient_cfg(NN_LOSS_MSE, opt, 1e6);
    nn_step_info info;
    double dw[2], db;
    int failed = 0;
    assert_non_null(nr);
    assert_non_null(st);
    nn_rng_seed(&r, 1);
    assert_int_equal(nn_data_blobs(20, &r, &d), NN_OK);

    for (size_t u = 0; u < 2000 && !failed; u++) {
        size_t i = u % d->rows;
        nn_neuron *before = nn_neuron_copy(nr);
        nn_optstate *st_before = nn_optstate_copy(st);
        assert_non_null(before);
        assert_non_null(st_before);
        nn_status status = nn_learn_update(nr, &cfg, st, d, &i, 1, &info,
                                           dw, &db);
        if (status == NN_ERANGE) {
            failed = 1;
            assert_true(same_weights(nr, before));
            /* the state too: continue both at a sane rate */
            nn_learn slow = cfg;
            slow.rate = 1e-300;
            assert_int_equal(nn_learn_update(nr, &slow, st, d, &i, 1,
                                             &info, dw, &db), NN_OK);
            assert_int_equal(nn_learn_update(before, &slow, st_before, d,
                                             &i, 1, &info, dw, &db), NN_OK);
            assert_true(same_weights(nr, before));
        } else {
            assert_int_equal(status, NN_OK);
            assert_true(isfinite(nr->w[0]) && isfinite(nr->w[1])
                        && isfinite(nr->b));
        }
        nn_optstate_free(st_before);
        nn_neuron_free(before);
    }
    assert_true(failed);
    nn_optstate_free(st);
    nn_neuron_free(nr);
    nn_data_free(d);
}

/* checklist: B11 */
static void test_learn_divergence_sgd(void **state)
{
    (void)state;
    check_divergence(NN_OPT_SGD);
}

/* checklist: B11 */
static void test_learn_divergence_momentum(void **state)
{
    (void)state;
    check_divergence(NN_OPT_MOMENTUM);
}

/* The perceptron rule at rate 1e308, from w = (0, 1e308), b = -1e308:
 * sample 01 (y = 1) gives z = 0*0 + 1e308*1 - 1e308 = 0, class 0, an
 * error; w2 would become 1e308 + 1e308*1*1 = inf: NN_ERANGE, and w1, w2
 * and b (which alone would have been a finite 0) are all kept. */
static void test_learn_perceptron_overflow(void **state)
{
    (void)state;
    nn_data *d = gate("or");
    nn_neuron *nr = nn_neuron_new(2, act_named("step"));
    nn_learn cfg = nn_learn_defaults();
    nn_step_info info;
    double dw[2], db;
    size_t i = 1;
    assert_non_null(nr);
    cfg.rate = 1e308;
    nr->w[1] = 1e308;
    nr->b = -1e308;

    assert_int_equal(nn_learn_update(nr, &cfg, NULL, d, &i, 1, &info, dw,
                                     &db), NN_ERANGE);
    assert_close(info.z, 0, 0);
    assert_int_equal(info.yhat, 0);
    assert_close(nr->w[0], 0, 0);
    assert_close(nr->w[1], 1e308, 0);
    assert_close(nr->b, -1e308, 0);
    nn_neuron_free(nr);
    nn_data_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_learn_defaults),
        cmocka_unit_test(test_learn_optstate_new_free_copy),
        cmocka_unit_test(test_learn_loss_values_by_hand),
        cmocka_unit_test(test_learn_loss_grads_by_hand),
        cmocka_unit_test(test_learn_loss_grads_match_differences),
        cmocka_unit_test(test_learn_class_rules),
        cmocka_unit_test(test_learn_perceptron_and_rate_1),
        cmocka_unit_test(test_learn_perceptron_and_rate_0_1),
        cmocka_unit_test(test_learn_perceptron_or_rate_1),
        cmocka_unit_test(test_learn_perceptron_or_rate_0_1),
        cmocka_unit_test(test_learn_perceptron_final_weights_exact),
        cmocka_unit_test(test_learn_perceptron_xor_never_converges),
        cmocka_unit_test(test_learn_perceptron_overflow),
        cmocka_unit_test(test_learn_measure),
        cmocka_unit_test(test_learn_update_rejects_bad_calls),
        cmocka_unit_test(test_learn_bce_of_saturated_sigmoid_is_exact),
        cmocka_unit_test(test_learn_every_loss_row_gradient),
        cmocka_unit_test(test_learn_every_optimizer_row_by_hand),
        cmocka_unit_test(test_learn_update_z_is_neuron_sum),
        cmocka_unit_test(test_learn_gradient_every_loss_every_activation),
        cmocka_unit_test(test_learn_gradient_both_signs_of_z),
        cmocka_unit_test(test_learn_momentum_by_hand),
        cmocka_unit_test(test_learn_adam_by_hand),
        cmocka_unit_test(test_learn_notebook),
        cmocka_unit_test(test_learn_notebook_exercise_w2),
        cmocka_unit_test(test_learn_notebook_exercise_w1),
        cmocka_unit_test(test_learn_divergence_sgd),
        cmocka_unit_test(test_learn_divergence_momentum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
