/*
 * act.c - the activation table: one row per function.
 *
 * Each activation is a pair of small functions, f(z, p) and f'(z, p), side
 * by side, with the formula above them in the learner's symbols, and a row
 * in `rows` that carries the same formula as text. `activations` and `help`
 * print the rows, so what the learner reads is what the code computes.
 *
 * Numerical contract, kept by every row (and checked by tests/test_act.c):
 *   - f(nan) and f'(nan) are NaN;
 *   - for every finite z, f(z) and f'(z) are finite: no exp() overflow, no
 *     inf*0, no inf/inf, at +-1000 and +-1e308 alike;
 *   - f(+-inf) and f'(+-inf) are the limits (sigmoid(-inf) = 0, relu'(inf)
 *     = 1), never NaN.
 * Where the textbook formula would break one of these, the code uses an
 * equal but stable form and the comment says why.
 *
 * At a kink the derivative is a convention, chosen as the common libraries
 * choose it (PyTorch), and written in the row's `kink` text.
 */
#include "act.h"

#include <math.h>   /* exp, expm1, log1p, tanh, erfc, isnan, isinf */
#include <stddef.h> /* size_t, NULL */
#include <string.h> /* strlen */

/* SELU's constants (Klambauer et al., 2017, "Self-Normalizing Neural
 * Networks"), the values PyTorch and TensorFlow use. */
#define SELU_LAMBDA 1.0507009873554804934193349852946
#define SELU_ALPHA 1.6732632423543772848170429916717

/* 1/sqrt(2) and 1/sqrt(2*pi), for the normal distribution in gelu. */
#define INV_SQRT2 0.70710678118654752440084436210485
#define INV_SQRT_2PI 0.39894228040143267793994605993438

/* sqrt(2/pi), for gelu's tanh approximation. */
#define SQRT_2_OVER_PI 0.79788456080286535587989211986876

/* Beyond this |z| gelu_tanh's cubic makes the tanh exactly +-1 in double
 * (2*|u| > 7e10), and z^3 would overflow past 5.6e102: take the limit. */
#define GELU_TANH_FLAT 1e4

/* ---- step, sign, linear ---------------------------------------------- */

/* step(z) = 1 if z > 0, else 0 (the perceptron's threshold unit) */
static double step_f(double z, double p)
{
    (void)p;
    if (z > 0)
        return 1.0;
    return z <= 0 ? 0.0 : z; /* z is NaN */
}

/* step'(z) = 0; step'(0) = 0 by convention (the jump has no slope) */
static double step_df(double z, double p)
{
    (void)p;
    return isnan(z) ? z : 0.0;
}

/* sign(z) = 1 if z > 0, -1 if z < 0, 0 at 0 */
static double sign_f(double z, double p)
{
    (void)p;
    if (z > 0)
        return 1.0;
    if (z < 0)
        return -1.0;
    return z == 0 ? 0.0 : z; /* +0 for -0 too; NaN stays NaN */
}

/* sign'(z) = 0; sign'(0) = 0 by convention */
static double sign_df(double z, double p)
{
    (void)p;
    return isnan(z) ? z : 0.0;
}

/* linear(z) = z */
static double linear_f(double z, double p)
{
    (void)p;
    return z;
}

/* linear'(z) = 1 */
static double linear_df(double z, double p)
{
    (void)p;
    return isnan(z) ? z : 1.0;
}

/* ---- sigmoid, tanh --------------------------------------------------- */

/* sigmoid(z) = 1 / (1 + e^-z). Stable: for z < 0 use e^z / (1 + e^z), so
 * exp() only ever sees a non-positive argument and cannot overflow;
 * sigmoid(-1000) = 0 / 1 = 0 and sigmoid(1000) = 1 / (1 + 0) = 1. */
static double sigmoid_f(double z, double p)
{
    (void)p;
    if (z >= 0)
        return 1.0 / (1.0 + exp(-z));
    double e = exp(z); // NaN falls through here and stays NaN
    return e / (1.0 + e);
}

/* sigmoid'(z) = a(1 - a) = e^-|z| / (1 + e^-|z|)^2.  The second form is the
 * same number (sigmoid' is even) but keeps its precision for large |z|,
 * where 1 - a rounds to 0: sigmoid'(40) = 4.2e-18, not 0. */
static double sigmoid_df(double z, double p)
{
    (void)p;
    double e = exp(-fabs(z));
    return e / ((1.0 + e) * (1.0 + e));
}

/* tanh(z) = (e^z - e^-z) / (e^z + e^-z); libm's tanh is stable and gives
 * tanh(+-inf) = +-1. */
static double tanh_f(double z, double p)
{
    (void)p;
    return tanh(z);
}

/* tanh'(z) = 1 - a^2 = 4 e^-2|z| / (1 + e^-2|z|)^2  (= 1 / cosh(z)^2).
 * The second form keeps its precision where a^2 rounds to 1 (|z| > 19). */
static double tanh_df(double z, double p)
{
    (void)p;
    double e = exp(-2.0 * fabs(z));
    return 4.0 * e / ((1.0 + e) * (1.0 + e));
}

/* ---- the relu family ------------------------------------------------- */

/* relu(z) = max(0, z) */
static double relu_f(double z, double p)
{
    (void)p;
    if (z > 0)
        return z;
    return z <= 0 ? 0.0 : z; /* z is NaN */
}

/* relu'(z) = 1 if z > 0, else 0; relu'(0) = 0 (as PyTorch) */
static double relu_df(double z, double p)
{
    (void)p;
    if (z > 0)
        return 1.0;
    return z <= 0 ? 0.0 : z;
}

/* leaky_relu(z) = z if z > 0, else slope*z  (= max(slope*z, z), p = slope
 * in [0, 1]). Slope 0 at z = -inf would be 0*inf = NaN: it is 0. */
static double leaky_relu_f(double z, double p)
{
    if (!(z <= 0))
        return z; /* z > 0, or NaN */
    return p == 0 ? 0.0 : p * z;
}

/* leaky_relu'(z) = 1 if z > 0, else slope; leaky_relu'(0) = slope */
static double leaky_relu_df(double z, double p)
{
    if (z > 0)
        return 1.0;
    return z <= 0 ? p : z;
}

/* elu(z) = z if z > 0, else alpha*(e^z - 1), p = alpha. expm1(z) computes
 * e^z - 1 without the cancellation near 0: elu(-1e-10) = -9.9999999995e-11,
 * where exp(z) - 1 keeps only 7 digits. expm1(-inf) = -1. */
static double elu_f(double z, double p)
{
    if (z > 0)
        return z;
    return p * expm1(z); /* alpha in [0, 10] and expm1 in [-1, 0]: finite */
}

/* elu'(z) = 1 if z > 0, else alpha*e^z; elu'(0) = alpha (the left side; the
 * two sides agree, and elu is smooth, only when alpha = 1) */
static double elu_df(double z, double p)
{
    if (z > 0)
        return 1.0;
    return p * exp(z);
}

/* selu(z) = lambda*z if z > 0, else lambda*alpha*(e^z - 1), with the fixed
 * lambda = 1.0507..., alpha = 1.6733... above; expm1 as in elu.
 * selu(1e308) = 1.05e308, still below DBL_MAX = 1.8e308. */
static double selu_f(double z, double p)
{
    (void)p;
    if (z > 0)
        return SELU_LAMBDA * z;
    return SELU_LAMBDA * SELU_ALPHA * expm1(z);
}

/* selu'(z) = lambda if z > 0, else lambda*alpha*e^z;
 * selu'(0) = lambda*alpha = 1.7581, the left side, as PyTorch */
static double selu_df(double z, double p)
{
    (void)p;
    if (z > 0)
        return SELU_LAMBDA;
    return SELU_LAMBDA * SELU_ALPHA * exp(z);
}

/* ---- smooth relus: softplus, gelu, gelu_tanh, silu, mish -------------- */

/* softplus(z) = ln(1 + e^z) = max(z, 0) + log1p(e^-|z|).  Stable: exp()
 * sees only -|z| <= 0, so it cannot overflow, and log1p keeps the digits
 * of a tiny e^-|z|: softplus(1000) = 1000, softplus(-700) = 9.9e-305. */
static double softplus_f(double z, double p)
{
    (void)p;
    double positive = z > 0 ? z : 0.0; /* a NaN comes through log1p */
    return positive + log1p(exp(-fabs(z)));
}

/* softplus'(z) = sigmoid(z) = 1 / (1 + e^-z) */
static double softplus_df(double z, double p)
{
    return sigmoid_f(z, p);
}

/* gelu(z) = z * Phi(z) = 0.5*z*(1 + erf(z / sqrt(2))), Phi the standard
 * normal CDF.  Computed as z * 0.5*erfc(-z / sqrt(2)): the same Phi, but
 * for z < 0 the form 1 + erf(.) cancels to 0 (gelu(-20) would be 0) while
 * erfc keeps the tail: gelu(-20) = -5.5e-88.  gelu(-inf) = 0 (the limit;
 * the formula would give -inf * 0). */
static double gelu_f(double z, double p)
{
    (void)p;
    if (isinf(z))
        return z > 0 ? z : 0.0;
    return z * (0.5 * erfc(-z * INV_SQRT2));
}

/* gelu'(z) = Phi(z) + z*phi(z),  phi(z) = e^(-z^2/2) / sqrt(2*pi).
 * For |z| > 1.3e154, z*z overflows to inf and phi to 0: still finite. */
static double gelu_df(double z, double p)
{
    (void)p;
    if (isinf(z))
        return z > 0 ? 1.0 : 0.0;
    double cdf = 0.5 * erfc(-z * INV_SQRT2);
    double pdf = INV_SQRT_2PI * exp(-0.5 * z * z);
    return cdf + z * pdf;
}

/* gelu_tanh(z) = 0.5*z*(1 + tanh(u)),  u = sqrt(2/pi)*(z + 0.044715*z^3)
 *             = z * sigmoid(2u)       (since 1 + tanh(u) = 2*sigmoid(2u)).
 * The sigmoid form does not cancel for z < 0 the way 1 + tanh(u) does.
 * Past |z| = 1e4 the sigmoid is exactly 1 or 0 in double; return that limit
 * there, before z^3 can overflow. */
static double gelu_tanh_f(double z, double p)
{
    (void)p;
    if (fabs(z) > GELU_TANH_FLAT)
        return z > 0 ? z : 0.0;
    double u = SQRT_2_OVER_PI * (z + 0.044715 * z * z * z);
    return z * sigmoid_f(2.0 * u, 0.0);
}

/* gelu_tanh'(z) = s + z * s(1 - s) * 2u',  s = sigmoid(2u),
 *                 u' = sqrt(2/pi)*(1 + 3*0.044715*z^2)
 *   (= 0.5*(1 + t) + 0.5*z*(1 - t^2)*u' with t = tanh(u)).
 * s(1 - s) is sigmoid' in its stable form. Flat past |z| = 1e4 as above,
 * where z * 2u' would overflow to inf and meet s(1 - s) = 0. */
static double gelu_tanh_df(double z, double p)
{
    (void)p;
    if (fabs(z) > GELU_TANH_FLAT)
        return z > 0 ? 1.0 : 0.0;
    double u = SQRT_2_OVER_PI * (z + 0.044715 * z * z * z);
    double du = SQRT_2_OVER_PI * (1.0 + 3.0 * 0.044715 * z * z);
    return sigmoid_f(2.0 * u, 0.0) + z * sigmoid_df(2.0 * u, 0.0) * 2.0 * du;
}

/* silu(z) = z * sigmoid(z) = z / (1 + e^-z)  (swish with beta = 1).
 * silu(-inf) = 0, the limit (the formula would give -inf * 0). */
static double silu_f(double z, double p)
{
    (void)p;
    if (isinf(z))
        return z > 0 ? z : 0.0;
    return z * sigmoid_f(z, 0.0);
}

/* silu'(z) = s + z*s(1 - s),  s = sigmoid(z); s(1 - s) in its stable form,
 * which is 0 (not tiny) for |z| > 745, so z * 0 = 0 for every finite z. */
static double silu_df(double z, double p)
{
    (void)p;
    if (isinf(z))
        return z > 0 ? 1.0 : 0.0;
    return sigmoid_f(z, 0.0) + z * sigmoid_df(z, 0.0);
}

/* mish(z) = z * tanh(softplus(z)) = z * tanh(ln(1 + e^z)).  Stable as it
 * stands because softplus is: softplus(1000) = 1000, tanh(1000) = 1.
 * mish(-inf) = 0, the limit. */
static double mish_f(double z, double p)
{
    (void)p;
    if (isinf(z))
        return z > 0 ? z : 0.0;
    return z * tanh(softplus_f(z, 0.0));
}

/* mish'(z) = t + z*(1 - t^2)*sigmoid(z),  t = tanh(softplus(z))
 * (chain rule: softplus' = sigmoid).  1 - t^2 is tanh' at softplus(z), in
 * its stable form, so the term keeps its digits where t rounds to 1. */
static double mish_df(double z, double p)
{
    (void)p;
    if (isinf(z))
        return z > 0 ? 1.0 : 0.0;
    double sp = softplus_f(z, 0.0);
    return tanh(sp) + z * tanh_df(sp, 0.0) * sigmoid_f(z, 0.0);
}

/* ---- squashers: softsign, hard_sigmoid -------------------------------- */

/* softsign(z) = z / (1 + |z|); softsign(+-inf) = +-1 (not inf/inf) */
static double softsign_f(double z, double p)
{
    (void)p;
    if (isinf(z))
        return z > 0 ? 1.0 : -1.0;
    return z / (1.0 + fabs(z));
}

/* softsign'(z) = 1 / (1 + |z|)^2; (1 + 1e308)^2 = inf gives 0, fine */
static double softsign_df(double z, double p)
{
    (void)p;
    double d = 1.0 + fabs(z);
    return 1.0 / (d * d);
}

/* hard_sigmoid(z) = min(max(z/6 + 1/2, 0), 1) = relu6(z + 3) / 6, as
 * PyTorch's Hardsigmoid and Keras 3 (Keras 2 used 0.2z + 0.5). Written as
 * comparisons because fmin/fmax would turn a NaN into 0 or 1. */
static double hard_sigmoid_f(double z, double p)
{
    (void)p;
    if (z <= -3)
        return 0.0;
    if (z >= 3)
        return 1.0;
    return z / 6.0 + 0.5; /* NaN stays NaN */
}

/* hard_sigmoid'(z) = 1/6 if -3 < z < 3, else 0;
 * hard_sigmoid'(-3) = hard_sigmoid'(3) = 0 (as PyTorch) */
static double hard_sigmoid_df(double z, double p)
{
    (void)p;
    if (z > -3 && z < 3)
        return 1.0 / 6.0;
    return isnan(z) ? z : 0.0;
}

/* ---- the table ------------------------------------------------------- */

/* Rows with no parameter leave param_name NULL and the numbers 0. The
 * last line of a row: middle, by_sum, logistic, init, kernel, relu_form,
 * relu_slope; then the numpy f, f' and the torch.nn layer (export). */
static const nn_act rows[] = {
    { "step", "1 if z > 0, else 0", "{0, 1}", "0",
      "step'(0) = 0 (the jump has no slope)",
      "fires 1 or 0; Rosenblatt's perceptron; gives no gradient to learn",
      step_f, step_df, NULL, 0, 0, 0,
      0.5, 1, 0, NN_ACT_GLOROT, NN_KERNEL_ROW, 0, 0,
      "np.where(z > 0, 1.0, 0.0)",
      "np.zeros_like(z)",
      NULL },
    { "sign", "1 if z > 0, -1 if z < 0, 0 if z = 0", "{-1, 0, 1}", "0",
      "sign'(0) = 0",
      "answers -1, 0 or 1; bipolar perceptrons and ADALINE's output",
      sign_f, sign_df, NULL, 0, 0, 0,
      0, 0, 0, NN_ACT_GLOROT, NN_KERNEL_ROW, 0, 0,
      "np.sign(z)",
      "np.zeros_like(z)",
      NULL },
    { "linear", "z", "(-inf, inf)", "1", "",
      "passes z through unchanged; regression outputs, ADALINE",
      linear_f, linear_df, NULL, 0, 0, 0,
      0.5, 0, 0, NN_ACT_GLOROT, NN_KERNEL_LINEAR, 1, 1,
      "z",
      "np.ones_like(z)",
      "nn.Identity()" },
    { "sigmoid", "1 / (1 + e^-z)", "(0, 1)", "a(1 - a)", "",
      "squashes any z into (0, 1); a probability; classic output unit",
      sigmoid_f, sigmoid_df, NULL, 0, 0, 0,
      0.5, 0, 1, NN_ACT_GLOROT, NN_KERNEL_SIGMOID, 0, 0,
      "1 / (1 + np.exp(-z))",
      "sigmoid(z) * (1 - sigmoid(z))",
      "nn.Sigmoid()" },
    { "tanh", "(e^z - e^-z) / (e^z + e^-z)", "(-1, 1)", "1 - a^2", "",
      "squashes z into (-1, 1), centred on 0; classic hidden unit, RNNs",
      tanh_f, tanh_df, NULL, 0, 0, 0,
      0, 0, 0, NN_ACT_GLOROT, NN_KERNEL_TANH, 0, 0,
      "np.tanh(z)",
      "1 - np.tanh(z) ** 2",
      "nn.Tanh()" },
    { "relu", "max(0, z)", "[0, inf)", "1 if z > 0, else 0",
      "relu'(0) = 0",
      "keeps positive z, zeroes the rest; the default hidden unit",
      relu_f, relu_df, NULL, 0, 0, 0,
      0.5, 0, 0, NN_ACT_HE, NN_KERNEL_RELU, 1, 0,
      "np.maximum(z, 0)",
      "np.where(z > 0, 1, 0).astype(z.dtype)",
      "nn.ReLU()" },
    { "leaky_relu", "max(slope*z, z)", "(-inf, inf)",
      "1 if z > 0, else slope", "leaky_relu'(0) = slope",
      "relu with a small slope below 0, so a unit never stops learning",
      leaky_relu_f, leaky_relu_df, "slope", 0.01, 0, 1,
      0.5, 0, 0, NN_ACT_HE, NN_KERNEL_ROW, 1, 0,
      "np.where(z > 0, z, p * z)",
      "np.where(z > 0, 1, p).astype(z.dtype)",
      "nn.LeakyReLU(@)" },
    { "elu", "z if z > 0, else alpha*(e^z - 1)", "(-alpha, inf)",
      "1 if z > 0, else alpha*e^z",
      "elu'(0) = alpha (the left side; smooth only when alpha = 1)",
      "relu with a smooth negative part down to -alpha; mean output near 0",
      elu_f, elu_df, "alpha", 1.0, 0, 10,
      0.5, 0, 0, NN_ACT_HE, NN_KERNEL_ROW, 0, 0,
      "np.where(z > 0, z, p * np.expm1(np.minimum(z, 0)))",
      "np.where(z > 0, 1, p * np.exp(np.minimum(z, 0)))",
      "nn.ELU(@)" },
    { "selu", "lambda*z if z > 0, else lambda*alpha*(e^z - 1)",
      "(-1.7581, inf)", "lambda if z > 0, else lambda*alpha*e^z",
      "selu'(0) = lambda*alpha = 1.7581 (the left side, as PyTorch); "
      "lambda = 1.0507, alpha = 1.6733",
      "scaled elu that keeps mean 0, variance 1; self-normalising nets",
      selu_f, selu_df, NULL, 0, 0, 0,
      0.5, 0, 0, NN_ACT_HE, NN_KERNEL_ROW, 0, 0,
      "SELU_LAMBDA * np.where(z > 0, z, SELU_ALPHA *"
      " np.expm1(np.minimum(z, 0)))",
      "SELU_LAMBDA * np.where(z > 0, 1, SELU_ALPHA *"
      " np.exp(np.minimum(z, 0)))",
      "nn.SELU()" },
    { "softplus", "ln(1 + e^z)", "(0, inf)", "sigmoid(z)", "",
      "a smooth relu; keeps outputs positive (rates, standard deviations)",
      softplus_f, softplus_df, NULL, 0, 0, 0,
      0.5, 0, 0, NN_ACT_GLOROT, NN_KERNEL_ROW, 0, 0,
      "np.logaddexp(0, z)",
      "1 / (1 + np.exp(-z))",
      "nn.Softplus()" },
    { "gelu", "z*Phi(z) = 0.5*z*(1 + erf(z/sqrt(2)))", "about [-0.170, inf)",
      "Phi(z) + z*phi(z), phi(z) = e^(-z^2/2) / sqrt(2*pi)", "",
      "z weighted by the chance a normal draw is below it; transformers",
      gelu_f, gelu_df, NULL, 0, 0, 0,
      0.5, 0, 0, NN_ACT_HE, NN_KERNEL_ROW, 0, 0,
      "z * 0.5 * erfc(-z / np.sqrt(2))",
      "0.5 * erfc(-z / np.sqrt(2)) + z * np.exp(-z * z / 2) /"
      " np.sqrt(2 * np.pi)",
      "nn.GELU()" },
    { "gelu_tanh", "0.5*z*(1 + tanh(sqrt(2/pi)*(z + 0.044715*z^3)))",
      "about [-0.170, inf)",
      "0.5*(1 + t) + 0.5*z*(1 - t^2)*sqrt(2/pi)*(1 + 0.134145*z^2), "
      "t = the tanh", "",
      "gelu's tanh approximation; GPT-2 and the original BERT code",
      gelu_tanh_f, gelu_tanh_df, NULL, 0, 0, 0,
      0.5, 0, 0, NN_ACT_HE, NN_KERNEL_ROW, 0, 0,
      "0.5 * z * (1 + np.tanh(np.sqrt(2 / np.pi) * (z + 0.044715 *"
      " z ** 3)))",
      "0.5 * (1 + np.tanh(np.sqrt(2 / np.pi) * (z + 0.044715 * z"
      " ** 3))) + 0.5 * z * (1 - np.tanh(np.sqrt(2 / np.pi) * (z +"
      " 0.044715 * z ** 3)) ** 2) * np.sqrt(2 / np.pi) * (1 + 3 *"
      " 0.044715 * z ** 2)",
      "nn.GELU(approximate='tanh')" },
    { "silu", "z*sigmoid(z) = z / (1 + e^-z)", "about [-0.278, inf)",
      "s + z*s*(1 - s), s = sigmoid(z)", "",
      "z gated by its own sigmoid (swish); EfficientNet, LLaMA's SwiGLU",
      silu_f, silu_df, NULL, 0, 0, 0,
      0.5, 0, 0, NN_ACT_HE, NN_KERNEL_ROW, 0, 0,
      "z / (1 + np.exp(-z))",
      "1 / (1 + np.exp(-z)) * (1 + z * (1 - 1 / (1 + np.exp(-z))))",
      "nn.SiLU()" },
    { "softsign", "z / (1 + |z|)", "(-1, 1)", "1 / (1 + |z|)^2", "",
      "like tanh, but nears +-1 slowly (polynomially); saturates less",
      softsign_f, softsign_df, NULL, 0, 0, 0,
      0, 0, 0, NN_ACT_GLOROT, NN_KERNEL_ROW, 0, 0,
      "z / (1 + np.abs(z))",
      "1 / (1 + np.abs(z)) ** 2",
      "nn.Softsign()" },
    { "hard_sigmoid", "min(max(z/6 + 1/2, 0), 1)", "[0, 1]",
      "1/6 if -3 < z < 3, else 0",
      "hard_sigmoid'(-3) = hard_sigmoid'(3) = 0 (as PyTorch)",
      "sigmoid made of three straight pieces; cheap, for mobile nets",
      hard_sigmoid_f, hard_sigmoid_df, NULL, 0, 0, 0,
      0.5, 0, 0, NN_ACT_GLOROT, NN_KERNEL_ROW, 0, 0,
      "np.clip(z / 6 + 0.5, 0, 1)",
      "np.where((z > -3) & (z < 3), 1 / 6, 0)",
      "nn.Hardsigmoid()" },
    { "mish", "z*tanh(softplus(z)) = z*tanh(ln(1 + e^z))",
      "about [-0.309, inf)",
      "t + z*(1 - t^2)*sigmoid(z), t = tanh(softplus(z))", "",
      "smooth and self-gated like silu; YOLOv4",
      mish_f, mish_df, NULL, 0, 0, 0,
      0.5, 0, 0, NN_ACT_HE, NN_KERNEL_ROW, 0, 0,
      "z * np.tanh(np.logaddexp(0, z))",
      "np.tanh(np.logaddexp(0, z)) + z * (1 -"
      " np.tanh(np.logaddexp(0, z)) ** 2) / (1 + np.exp(-z))",
      "nn.Mish()" },
};

#define ROW_COUNT (sizeof rows / sizeof rows[0])

/* Other names for a row: an alias is a name and the row it finds. */
static const struct {
    const char *alias;
    const char *name;
} aliases[] = {
    { "swish", "silu" },
};

#define ALIAS_COUNT (sizeof aliases / sizeof aliases[0])

/* The rows, in the order `activations` lists them. */
size_t nn_act_count(void)
{
    return ROW_COUNT;
}

/* Row i, or NULL past the end. */
const nn_act *nn_act_at(size_t i)
{
    return i < ROW_COUNT ? &rows[i] : NULL;
}

/* ASCII lower case, independent of the locale (a Turkish locale would map
 * 'I' elsewhere). */
static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* 1 when the first len bytes of `typed` spell `known` (a NUL-terminated
 * lower-case name) in any case, and `known` has exactly len characters, so
 * "sig" does not find "sigmoid". */
static int same_name(const char *known, const char *typed, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (known[i] == '\0' || lower((unsigned char)typed[i]) != known[i])
            return 0;
    }
    return known[len] == '\0';
}

static const nn_act *find_row(const char *name, size_t len)
{
    for (size_t i = 0; i < ROW_COUNT; i++) {
        if (same_name(rows[i].name, name, len))
            return &rows[i];
    }
    return NULL;
}

/* Rows first, then aliases; exact length, any case. NULL when nothing
 * matches, including for a NULL name. */
const nn_act *nn_act_find(const char *name, size_t len)
{
    if (name == NULL)
        return NULL;
    const nn_act *row = find_row(name, len);
    if (row != NULL)
        return row;
    for (size_t i = 0; i < ALIAS_COUNT; i++) {
        if (same_name(aliases[i].alias, name, len))
            return find_row(aliases[i].name, strlen(aliases[i].name));
    }
    return NULL;
}

/* ============================ softmax ============================ */

void nn_softmax(const double *z, size_t n, double *p, double *max_out)
{
    double m = z[0];
    int any_nan = 0;
    for (size_t i = 0; i < n; i++) {
        any_nan |= isnan(z[i]);
        m = z[i] > m ? z[i] : m;
    }
    if (max_out)
        *max_out = m;
    if (any_nan) {
        for (size_t i = 0; i < n; i++)
            p[i] = NAN;
        return;
    }
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        /* inf - inf: the entries equal to +inf each count as e^0 */
        double e = isinf(m) && m > 0 ? (z[i] == m ? 1 : 0) : exp(z[i] - m);
        p[i] = e;
        sum += e;
    }
    for (size_t i = 0; i < n; i++)
        p[i] /= sum;  // sum >= 1: the max term is e^0
}
