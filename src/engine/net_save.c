/*
 * net_save.c - a network as text: nn_net_save (the reader: net_load.c).
 *
 * The format, version 1: lines ending in '\n', items apart by one space.
 *
 *   neuron-network 1
 *   inputs 784
 *   layer 128 sigmoid           one line a layer: units, activation
 *   layer 5 leaky_relu 0.01     and its parameter when it has one
 *   layer 10 softmax            softmax only as the last layer
 *   W 1                         layer 1's weights: `units` lines of
 *   0.0123 -0.5 ...             `inputs` numbers, row j = unit j's
 *   b 1                         its biases: one line of `units` numbers
 *   0 0 ...
 *   W 2                         and so on for every layer, from 1
 *
 * Weights are written as printf's %.9g would write them: 9 significant
 * digits are enough for any float to read back as the same float (bit
 * for bit; -0 stays -0). The parameter, a double, gets the fewest digits
 * that read back as the same double (a hex float when 15 are not enough).
 * No stdio (the engine may not include it): the numbers are formatted
 * here, exactly, with the help of fma.
 */
#include "net.h"
#include "mem.h"  /* nn_malloc: allocations a test can fail */

#include <math.h>   /* log10, floor, fma, fmod, frexp, ldexp, isfinite */
#include <stdlib.h> /* malloc, realloc, strtod */
#include <string.h> /* memcpy, strlen */

#define FORMAT_NAME "neuron-network" /* then the version, 1 */

/* ---- writing numbers ----------------------------------------------------- */

/* The powers of ten that are exact in double. */
static const double p10[23] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* x * 10^k as an unevaluated sum hi + lo (double-double: about 106 bits),
 * in steps of at most 10^22. A step times t: hi' = hi*t, and fma gives
 * the rounding error of that product exactly; a step divided by t: the
 * quotient, and fma gives the remainder exactly. */
static void times_pow10(double x, int k, double *hi, double *lo)
{
    double h = x, l = 0.0;
    while (k > 0) {
        double t = p10[k > 22 ? 22 : k], p = h * t;
        l = fma(h, t, -p) + l * t;
        h = p;
        k -= k > 22 ? 22 : k;
    }
    while (k < 0) {
        double t = p10[-k > 22 ? 22 : -k], q = h / t;
        l = (fma(-q, t, h) + l) / t;
        h = q;
        k += -k > 22 ? 22 : -k;
    }
    *hi = h + l; /* renormalise so that |lo| <= half an ulp of hi */
    *lo = l - (*hi - h);
}

/* hi + lo rounded to the nearest integer, ties to even. hi is below
 * 2^53, so hi - floor(hi) is exact, and unless hi sits exactly on a half
 * (where lo's sign decides) it is at least an ulp of hi away from one,
 * more than |lo|. */
static double round_dd(double hi, double lo)
{
    double f = floor(hi), frac = hi - f;
    if (frac != 0.5)
        return frac > 0.5 ? f + 1 : f;
    if (lo != 0)
        return lo > 0 ? f + 1 : f;
    return fmod(f, 2.0) == 0 ? f : f + 1; /* an exact tie: to even */
}

/* x with `digits` (1..15) significant digits in the style of
 * %.<digits>g: the digits are D = x * 10^(digits - 1 - e) rounded to
 * nearest, ties to even (as printf), e the exponent of the first digit;
 * trailing zeros dropped; the exponent form when e < -4 or e >= digits.
 * x finite and not 0. Returns the length written to out (at most 24).
 * The product is carried in double-double, so the rounding is printf's
 * (checked on every third float bit pattern, 1.4 billion finite floats:
 * the same text as glibc's %.9g, and each reads back as itself). And
 * whatever the last digit, 9 digits within one unit of it read back as
 * the same float: that unit is at most 1e-8 of x, half a float's
 * spacing at least 2^-25 = 3e-8 of it. */
static size_t fmt_g(double x, int digits, char *out)
{
    size_t n = 0;
    if (x < 0) {
        out[n++] = '-';
        x = -x;
    }
    const double top = p10[digits];
    int e = (int)floor(log10(x)); /* may be off by one: checked below */
    double d = 0;
    for (int tries = 0; tries < 4; tries++) {
        double hi, lo;
        times_pow10(x, digits - 1 - e, &hi, &lo);
        d = round_dd(hi, lo);
        if (d >= top)
            e++;
        else if (d < top / 10)
            e--;
        else
            break;
    }
    unsigned long long v = (unsigned long long)d; /* < 10^15 */
    char dig[24] = { 0 }; /* (gcc -O3 cannot tell it is all set) */
    for (int i = digits - 1; i >= 0; i--) {
        dig[i] = (char)('0' + (int)(v % 10));
        v /= 10;
    }
    int used = digits; /* drop trailing zeros */
    while (used > 1 && dig[used - 1] == '0')
        used--;
    if (e < -4 || e >= digits) {
        out[n++] = dig[0];
        if (used > 1) {
            out[n++] = '.';
            for (int i = 1; i < used; i++)
                out[n++] = dig[i];
        }
        out[n++] = 'e';
        out[n++] = e < 0 ? '-' : '+';
        int ae = e < 0 ? -e : e;
        if (ae >= 100)
            out[n++] = (char)('0' + ae / 100);
        out[n++] = (char)('0' + ae / 10 % 10);
        out[n++] = (char)('0' + ae % 10);
    } else if (e >= 0) {
        for (int i = 0; i <= e; i++)
            out[n++] = i < used ? dig[i] : '0';
        if (used > e + 1) {
            out[n++] = '.';
            for (int i = e + 1; i < used; i++)
                out[n++] = dig[i];
        }
    } else {
        out[n++] = '0';
        out[n++] = '.';
        for (int i = 0; i < -e - 1; i++)
            out[n++] = '0';
        for (int i = 0; i < used; i++)
            out[n++] = dig[i];
    }
    return n;
}

/* Zeros and what is not finite, then fmt_g. */
static size_t fmt_special(double x, int digits, char *out)
{
    if (isnan(x)) {
        memcpy(out, "nan", 3);
        return 3;
    }
    if (!isfinite(x)) {
        memcpy(out, x < 0 ? "-inf" : "inf", x < 0 ? 4 : 3);
        return x < 0 ? 4 : 3;
    }
    if (x == 0) {
        memcpy(out, signbit(x) ? "-0" : "0", signbit(x) ? 2 : 1);
        return signbit(x) ? 2 : 1;
    }
    return fmt_g(x, digits, out);
}

/* A float as %.9g writes it; returns the length (at most 16). */
size_t nn_net_format_float(float f, char *out)
{
    return fmt_special((double)f, 9, out);
}

/* x as a C99 hexadecimal float, "0x1.8p-3": exact, and what strtod
 * reads back as x. x finite, not 0. */
static size_t fmt_hex(double x, char *out)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = 0;
    int ex;
    if (x < 0) {
        out[n++] = '-';
        x = -x;
    }
    double f = frexp(x, &ex); /* x = f 2^ex, f in [0.5, 1) */
    unsigned long long m = (unsigned long long)ldexp(f, 53); /* 53 bits */
    memcpy(out + n, "0x1.", 4);
    n += 4;
    m &= (1ULL << 52) - 1; /* the 52 bits after the leading 1 */
    for (int shift = 48; shift >= 0 && m != 0; shift -= 4) {
        out[n++] = hex[(m >> shift) & 15];
        m &= (1ULL << shift) - 1;
    }
    if (out[n - 1] == '.')
        out[n++] = '0';
    out[n++] = 'p';
    ex -= 1;
    out[n++] = ex < 0 ? '-' : '+';
    char digits[8];
    int k = 0, ae = ex < 0 ? -ex : ex;
    do {
        digits[k++] = (char)('0' + ae % 10);
        ae /= 10;
    } while (ae > 0);
    while (k > 0)
        out[n++] = digits[--k];
    return n;
}

/* A double in the fewest significant digits (up to 15) that strtod reads
 * back as the same double, else as a hexadecimal float (exact); returns
 * the length (at most 32). */
static size_t fmt_double(double x, char *out)
{
    char buf[40];
    if (!isfinite(x) || x == 0)
        return fmt_special(x, 1, out);
    for (int digits = 1; digits <= 15; digits++) {
        size_t n = fmt_g(x, digits, out);
        memcpy(buf, out, n);
        buf[n] = '\0';
        if (strtod(buf, NULL) == x)
            return n;
    }
    return fmt_hex(x, out);
}

/* ---- saving -------------------------------------------------------------- */

typedef struct writer {
    char *s;
    size_t len;
} writer;

static void put(writer *w, const char *text)
{
    size_t n = strlen(text);
    memcpy(w->s + w->len, text, n);
    w->len += n;
}

static void put_size(writer *w, size_t v)
{
    char digits[24];
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    while (n > 0)
        w->s[w->len++] = digits[--n];
}

/* count numbers of p, one space apart, then '\n' */
static void put_row(writer *w, const float *p, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (i > 0)
            w->s[w->len++] = ' ';
        w->len += nn_net_format_float(p[i], w->s + w->len);
    }
    w->s[w->len++] = '\n';
}

nn_status nn_net_save(const nn_net *net, char **text, size_t *len)
{
    size_t layers = nn_net_layers(net), params = nn_net_params(net);
    /* Each number takes at most 16 bytes with its separator; each line
     * other than the numbers at most 128. params <= NN_NET_MAX_PARAMS
     * and the lines are bounded by the units: no overflow. */
    size_t lines = 2 + 3 * layers;
    for (size_t l = 0; l < layers; l++)
        lines += nn_net_layer(net, l).units;
    writer w = { nn_malloc(16 * params + 128 * lines + 1), 0 };
    if (!w.s)
        return NN_ENOMEM;
    put(&w, FORMAT_NAME " 1\ninputs ");
    put_size(&w, nn_net_inputs(net));
    put(&w, "\n");
    for (size_t l = 0; l < layers; l++) {
        nn_layer_spec s = nn_net_layer(net, l);
        put(&w, "layer ");
        put_size(&w, s.units);
        put(&w, " ");
        put(&w, s.act ? s.act->name : "softmax");
        if (s.act && s.act->param_name) {
            put(&w, " ");
            w.len += fmt_double(s.param, w.s + w.len);
        }
        put(&w, "\n");
    }
    for (size_t l = 0; l < layers; l++) {
        nn_layer_spec s = nn_net_layer(net, l);
        size_t in = l == 0 ? nn_net_inputs(net)
                           : nn_net_layer(net, l - 1).units;
        const float *wt = nn_net_weights(net, l);
        put(&w, "W ");
        put_size(&w, l + 1);
        put(&w, "\n");
        for (size_t j = 0; j < s.units; j++)
            put_row(&w, wt + j * in, in);
        put(&w, "b ");
        put_size(&w, l + 1);
        put(&w, "\n");
        put_row(&w, nn_net_biases(net, l), s.units);
    }
    w.s[w.len] = '\0';
    char *fit = nn_realloc(w.s, w.len + 1);
    *text = fit ? fit : w.s;
    *len = w.len;
    return NN_OK;
}
