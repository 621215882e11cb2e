/*
 * net_io.c - a network as text and back: nn_net_save, nn_net_load.
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
 * (at most 17) that read back as the same double.
 *
 * The reader is strict, for files from anywhere: every line is checked
 * against the format, numbers are decimal (no nan, inf or hex), every
 * shape is checked against the limits of net.h before anything is
 * allocated for it, and an error names its line (and column).
 * No stdio: numbers are formatted here and read with strtof/strtod
 * (LC_NUMERIC is never set, so the decimal point is '.').
 */
#include "net.h"

#include <math.h>   /* log10, floor, rint, frexp, ldexp, isfinite */
#include <stdint.h> /* SIZE_MAX */
#include <stdlib.h> /* malloc, realloc, free, strtof, strtod */
#include <string.h> /* memcpy, strlen */

#define FORMAT_NAME "neuron-network"
#define FORMAT_VERSION 1

/* Longest number token accepted ("-1.23456789e-38" is 15). */
#define NUMBER_MAX 64

/* ---- writing numbers ---------------------------------------------------- */

/* x * 10^k, with the powers of ten that are exact in double (up to
 * 10^22): one correctly rounded step when |k| <= 22, so a product that is
 * representable (a tie, below) comes out exact; at most three steps
 * otherwise (|k| <= 53 for a float), each off by half an ulp. */
static double times_pow10(double x, int k)
{
    static const double p10[23] = {
        1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10,
        1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21,
        1e22,
    };
    for (; k > 22; k -= 22)
        x *= 1e22;
    for (; k < -22; k += 22)
        x /= 1e22;
    return k >= 0 ? x * p10[k] : x / p10[-k];
}

/* x with `digits` (1..15) significant digits in the style of
 * %.<digits>g: the digits are D = x * 10^(digits - 1 - e) rounded to
 * nearest, ties to even (as printf), e the exponent of the first digit;
 * trailing zeros dropped; the exponent form when e < -4 or e >= digits.
 * x finite and not 0. Returns the length written to out (at most 24).
 *
 * For a float and 9 digits: D is below 1e9, so a tie (a half-integer)
 * is exact in double and the single-step product finds it exactly, ties
 * go to even as printf's; otherwise D is off by at most a few 1e-16 of
 * it, and a digit can differ from printf's only that close to a tie. Any
 * 9 digits within one unit of the last digit read back as the same
 * float: that unit is at most 1e-8 of x, half a float's spacing at least
 * 2^-25 = 3e-8 of it. */
static size_t fmt_g(double x, int digits, char *out)
{
    size_t n = 0;
    if (x < 0) {
        out[n++] = '-';
        x = -x;
    }
    const double top = times_pow10(1.0, digits);
    int e = (int)floor(log10(x)); /* may be off by one: checked below */
    double d = 0;
    for (int tries = 0; tries < 4; tries++) {
        d = rint(times_pow10(x, digits - 1 - e));
        if (d >= top)
            e++;
        else if (d < top / 10)
            e--;
        else
            break;
    }
    unsigned long long v = (unsigned long long)d; /* < 10^15 */
    char dig[24];
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

/* ---- saving ------------------------------------------------------------- */

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
    writer w = { malloc(16 * params + 128 * lines + 1), 0 };
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
        size_t in = l == 0 ? nn_net_inputs(net) : nn_net_layer(net, l - 1).units;
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
    char *fit = realloc(w.s, w.len + 1);
    *text = fit ? fit : w.s;
    *len = w.len;
    return NN_OK;
}

/* ---- messages without stdio ------------------------------------------- */

/* Text appended to err->msg, cut short (never overrun) when full. */
typedef struct msgbuf {
    char *s;
    size_t cap, len;
} msgbuf;

static void msg_char(msgbuf *m, char c)
{
    if (m->len + 1 < m->cap) {
        m->s[m->len++] = c;
        m->s[m->len] = '\0';
    }
}

static void msg_text(msgbuf *m, const char *text)
{
    while (*text != '\0')
        msg_char(m, *text++);
}

static void msg_size(msgbuf *m, size_t v)
{
    char digits[24];
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    while (n > 0)
        msg_char(m, digits[--n]);
}

/* The file's bytes p[0..len) in quotes: printable ASCII as is, the rest
 * as \xNN, at most 24 of them and then "...". */
static void msg_quoted(msgbuf *m, const char *p, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    msg_char(m, '\'');
    for (size_t i = 0; i < len && i < 24; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= 0x20 && c < 0x7f) {
            msg_char(m, (char)c);
        } else {
            msg_text(m, "\\x");
            msg_char(m, hex[c >> 4]);
            msg_char(m, hex[c & 15]);
        }
    }
    if (len > 24)
        msg_text(m, "...");
    msg_char(m, '\'');
}

/* ---- the reader: lines and tokens ---------------------------------------- */

typedef struct reader {
    const char *p, *end;      /* what is left of the text */
    const char *line, *eol;   /* the current line, without its '\n' */
    long lineno;              /* 1-based number of the current line */
    const char *tok;          /* the current token and its length */
    size_t toklen;
    nn_errinfo *err;
} reader;

/* Fills err (code, line, column of `at` or 0) and returns a buffer for
 * the message. */
static msgbuf fail_at(reader *r, nn_status code, const char *at)
{
    r->err->code = code;
    r->err->line = r->lineno > 0 ? r->lineno : 1;
    r->err->column = at ? (long)(at - r->line) + 1 : 0;
    r->err->msg[0] = '\0';
    msgbuf m = { r->err->msg, sizeof r->err->msg, 0 };
    return m;
}

/* Moves to the next line; 0 at the end of the text. A '\r' before the
 * '\n' is dropped (a file saved on Windows). */
static int next_line(reader *r)
{
    if (r->p >= r->end)
        return 0;
    r->line = r->p;
    r->eol = memchr(r->p, '\n', (size_t)(r->end - r->p));
    if (!r->eol)
        r->eol = r->end;
    r->p = r->eol < r->end ? r->eol + 1 : r->end;
    if (r->eol > r->line && r->eol[-1] == '\r')
        r->eol--;
    r->lineno++;
    r->tok = r->line;
    r->toklen = 0;
    return 1;
}

/* The next token of the line (spaces or tabs apart); 0 at its end. */
static int next_token(reader *r)
{
    const char *s = r->tok + r->toklen;
    while (s < r->eol && (*s == ' ' || *s == '\t'))
        s++;
    const char *e = s;
    while (e < r->eol && *e != ' ' && *e != '\t')
        e++;
    r->tok = s;
    r->toklen = (size_t)(e - s);
    return e > s;
}

static int token_is(const reader *r, const char *word)
{
    size_t n = strlen(word);
    return r->toklen == n && memcmp(r->tok, word, n) == 0;
}

/* A line that should have ended: NN_EFORMAT naming the extra text. */
static nn_status extra(reader *r, const char *what)
{
    msgbuf m = fail_at(r, NN_EFORMAT, r->tok);
    msg_text(&m, "unexpected ");
    msg_quoted(&m, r->tok, r->toklen);
    msg_text(&m, " after ");
    msg_text(&m, what);
    return NN_EFORMAT;
}

/* The current token as a count: decimal digits only, at most `most`.
 * NN_EFORMAT when it is not a count, NN_ERANGE past most. */
static nn_status get_count(reader *r, const char *what, size_t most,
                           size_t *v)
{
    size_t n = 0;
    if (r->toklen == 0) {
        msgbuf m = fail_at(r, NN_EFORMAT, NULL);
        msg_text(&m, what);
        msg_text(&m, ": missing");
        return NN_EFORMAT;
    }
    for (size_t i = 0; i < r->toklen; i++) {
        char c = r->tok[i];
        if (c < '0' || c > '9') {
            msgbuf m = fail_at(r, NN_EFORMAT, r->tok);
            msg_text(&m, what);
            msg_text(&m, ": expected a whole number, got ");
            msg_quoted(&m, r->tok, r->toklen);
            return NN_EFORMAT;
        }
        if (n <= most) /* past most it stops growing: no overflow */
            n = n * 10 + (size_t)(c - '0');
    }
    if (n == 0 || n > most) {
        msgbuf m = fail_at(r, NN_ERANGE, r->tok);
        msg_text(&m, what);
        msg_text(&m, ": ");
        msg_quoted(&m, r->tok, r->toklen);
        msg_text(&m, " is not in 1..");
        msg_size(&m, most);
        return NN_ERANGE;
    }
    *v = n;
    return NN_OK;
}

/* Strict decimal: -?digits(.digits)?([eE][+-]?digits)? */
static int is_decimal(const char *s, size_t n)
{
    size_t i = 0, d = 0;
    if (i < n && s[i] == '-')
        i++;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++, d++;
    if (d == 0)
        return 0;
    if (i < n && s[i] == '.') {
        i++;
        for (d = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            d++;
        if (d == 0)
            return 0;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        for (d = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            d++;
        if (d == 0)
            return 0;
    }
    return i == n;
}

/* C99 hexadecimal float, as fmt_hex writes it:
 * -?0x[0-9a-f]+(\.[0-9a-f]+)?p[+-]?digits */
static int is_hex(const char *s, size_t n)
{
    size_t i = 0, d = 0;
    if (i < n && s[i] == '-')
        i++;
    if (i + 2 > n || s[i] != '0' || s[i + 1] != 'x')
        return 0;
    for (i += 2; i < n && ((s[i] >= '0' && s[i] <= '9') ||
                           (s[i] >= 'a' && s[i] <= 'f')); i++)
        d++;
    if (d == 0)
        return 0;
    if (i < n && s[i] == '.') {
        for (i++, d = 0; i < n && ((s[i] >= '0' && s[i] <= '9') ||
                                   (s[i] >= 'a' && s[i] <= 'f')); i++)
            d++;
        if (d == 0)
            return 0;
    }
    if (i >= n || s[i] != 'p')
        return 0;
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    for (d = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
        d++;
    return d > 0 && i == n;
}

/* The current token as a number (double; the caller rounds a weight to
 * float and checks that it stayed finite). Decimal only, or hex too
 * (hex: the parameter, which nn_net_save may write so). */
static nn_status get_number(reader *r, const char *what, int hex,
                            double *v)
{
    char buf[NUMBER_MAX + 1];
    if (r->toklen > NUMBER_MAX ||
        !(is_decimal(r->tok, r->toklen) ||
          (hex && is_hex(r->tok, r->toklen)))) {
        msgbuf m = fail_at(r, NN_EFORMAT, r->tok);
        msg_text(&m, what);
        msg_text(&m, ": expected a number, got ");
        msg_quoted(&m, r->tok, r->toklen);
        return NN_EFORMAT;
    }
    memcpy(buf, r->tok, r->toklen);
    buf[r->toklen] = '\0';
    *v = strtod(buf, NULL);
    return NN_OK;
}

/* ---- the reader: header, layers, numbers --------------------------------- */

/* A line "WORD N" (W 1, b 1): NN_EFORMAT when it is something else. */
static nn_status expect_block(reader *r, const char *word, size_t l)
{
    char want[32];
    size_t n = strlen(word), v = l, k = 0;
    char digits[24];
    memcpy(want, word, n);
    want[n++] = ' ';
    do {
        digits[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    while (k > 0)
        want[n++] = digits[--k];
    want[n] = '\0';
    if (!next_line(r)) {
        msgbuf m = fail_at(r, NN_EFORMAT, NULL);
        msg_text(&m, "the file ends before '");
        msg_text(&m, want);
        msg_text(&m, "'");
        return NN_EFORMAT;
    }
    const char *s = r->line;
    if ((size_t)(r->eol - s) != n || memcmp(s, want, n) != 0) {
        msgbuf m = fail_at(r, NN_EFORMAT, s);
        msg_text(&m, "expected '");
        msg_text(&m, want);
        msg_text(&m, "', got ");
        msg_quoted(&m, s, (size_t)(r->eol - s));
        return NN_EFORMAT;
    }
    return NN_OK;
}

/* One line of exactly `count` floats into out. what: "row 3 of W 1". */
static nn_status get_row(reader *r, float *out, size_t count,
                         const char *block, size_t l, size_t row)
{
    char what[64];
    msgbuf w = { what, sizeof what, 0 };
    what[0] = '\0';
    if (row > 0) {
        msg_text(&w, "row ");
        msg_size(&w, row);
        msg_text(&w, " of ");
    }
    msg_text(&w, block);
    msg_char(&w, ' ');
    msg_size(&w, l);
    if (!next_line(r)) {
        msgbuf m = fail_at(r, NN_EFORMAT, NULL);
        msg_text(&m, "the file ends before ");
        msg_text(&m, what);
        return NN_EFORMAT;
    }
    size_t got = 0;
    while (next_token(r)) {
        if (got == count) {
            msgbuf m = fail_at(r, NN_EFORMAT, r->tok);
            msg_text(&m, what);
            msg_text(&m, ": expected ");
            msg_size(&m, count);
            msg_text(&m, count == 1 ? " number, got more" :
                                      " numbers, got more");
            return NN_EFORMAT;
        }
        double v;
        nn_status st = get_number(r, what, 0, &v);
        if (st != NN_OK)
            return st;
        float f = (float)v;
        if (!isfinite(f)) {
            msgbuf m = fail_at(r, NN_EFORMAT, r->tok);
            msg_text(&m, what);
            msg_text(&m, ": ");
            msg_quoted(&m, r->tok, r->toklen);
            msg_text(&m, " is past the largest float");
            return NN_EFORMAT;
        }
        out[got++] = f;
    }
    if (got < count) {
        msgbuf m = fail_at(r, NN_EFORMAT, NULL);
        msg_text(&m, what);
        msg_text(&m, ": expected ");
        msg_size(&m, count);
        msg_text(&m, count == 1 ? " number, got " : " numbers, got ");
        msg_size(&m, got);
        return NN_EFORMAT;
    }
    return NN_OK;
}

/* "layer UNITS ACT [PARAM]" into *spec. */
static nn_status get_layer(reader *r, nn_layer_spec *spec)
{
    nn_status st;
    next_token(r); /* "layer", checked by the caller */
    next_token(r);
    if ((st = get_count(r, "layer units", NN_NET_MAX_UNITS,
                        &spec->units)) != NN_OK)
        return st;
    if (!next_token(r)) {
        msgbuf m = fail_at(r, NN_EFORMAT, NULL);
        msg_text(&m, "layer: expected an activation after the units");
        return NN_EFORMAT;
    }
    spec->act = NULL;
    spec->param = 0.0;
    if (!token_is(r, "softmax")) {
        spec->act = nn_act_find(r->tok, r->toklen);
        if (!spec->act) {
            msgbuf m = fail_at(r, NN_EFORMAT, r->tok);
            msg_text(&m, "layer: unknown activation ");
            msg_quoted(&m, r->tok, r->toklen);
            return NN_EFORMAT;
        }
        spec->param = spec->act->param_default;
    }
    if (!next_token(r))
        return NN_OK;
    if (!spec->act || !spec->act->param_name)
        return extra(r, "an activation without a parameter");
    if ((st = get_number(r, spec->act->param_name, 1, &spec->param)) !=
        NN_OK)
        return st;
    if (!(spec->param >= spec->act->param_min &&
          spec->param <= spec->act->param_max)) {
        msgbuf m = fail_at(r, NN_ERANGE, r->tok);
        msg_text(&m, spec->act->name);
        msg_text(&m, "'s ");
        msg_text(&m, spec->act->param_name);
        msg_text(&m, " ");
        msg_quoted(&m, r->tok, r->toklen);
        msg_text(&m, " is out of its range");
        return NN_ERANGE;
    }
    if (next_token(r))
        return extra(r, "the parameter");
    return NN_OK;
}

/* The header: the format line, inputs, the layer lines. */
static nn_status get_header(reader *r, size_t *inputs, nn_layer_spec *specs,
                            size_t *n_layers)
{
    nn_status st;
    if (!next_line(r) || !next_token(r) || !token_is(r, FORMAT_NAME)) {
        msgbuf m = fail_at(r, NN_EFORMAT, NULL);
        msg_text(&m, "not a saved network: the first line should be '"
                     FORMAT_NAME " 1'");
        return NN_EFORMAT;
    }
    if (!next_token(r) || !token_is(r, "1")) {
        msgbuf m = fail_at(r, NN_EFORMAT, r->toklen ? r->tok : NULL);
        msg_text(&m, "unsupported format version ");
        msg_quoted(&m, r->tok, r->toklen);
        msg_text(&m, " (this program reads version 1)");
        return NN_EFORMAT;
    }
    if (next_token(r))
        return extra(r, "the version");
    if (!next_line(r) || !next_token(r) || !token_is(r, "inputs")) {
        msgbuf m = fail_at(r, NN_EFORMAT, NULL);
        msg_text(&m, "expected 'inputs N' on line 2");
        return NN_EFORMAT;
    }
    next_token(r);
    if ((st = get_count(r, "inputs", NN_NET_MAX_UNITS, inputs)) != NN_OK)
        return st;
    if (next_token(r))
        return extra(r, "the inputs");
    *n_layers = 0;
    for (;;) {
        const char *mark = r->p;
        long line = r->lineno;
        if (!next_line(r) || !next_token(r) || !token_is(r, "layer")) {
            r->p = mark; /* not a layer line: W 1 comes next */
            r->lineno = line;
            break;
        }
        if (*n_layers == NN_NET_MAX_LAYERS) {
            msgbuf m = fail_at(r, NN_ERANGE, NULL);
            msg_text(&m, "more than ");
            msg_size(&m, NN_NET_MAX_LAYERS);
            msg_text(&m, " layers");
            return NN_ERANGE;
        }
        r->toklen = 0;
        r->tok = r->line;
        if ((st = get_layer(r, &specs[*n_layers])) != NN_OK)
            return st;
        ++*n_layers;
    }
    if (*n_layers == 0) {
        next_line(r);
        msgbuf m = fail_at(r, NN_EFORMAT, NULL);
        msg_text(&m, "expected at least one 'layer UNITS ACTIVATION' line");
        return NN_EFORMAT;
    }
    for (size_t l = 0; l + 1 < *n_layers; l++)
        if (!specs[l].act) {
            msgbuf m = fail_at(r, NN_EFORMAT, NULL);
            r->err->line = 3 + (long)l;
            msg_text(&m, "softmax can only be the last layer");
            return NN_EFORMAT;
        }
    return NN_OK;
}

nn_status nn_net_load(const char *text, size_t len, nn_net **out,
                      nn_errinfo *err)
{
    reader r = { text, text + len, text, text, 0, text, 0, err };
    nn_layer_spec specs[NN_NET_MAX_LAYERS];
    size_t inputs = 0, n_layers = 0, params = 0;
    *out = NULL;
    err->code = NN_OK;
    err->line = err->column = 0;
    err->msg[0] = '\0';
    if (memchr(text, '\0', len)) {
        r.lineno = 1;
        for (const char *s = text; *s; s++)
            r.lineno += *s == '\n';
        fail_at(&r, NN_EFORMAT, NULL);
        msgbuf m = { err->msg, sizeof err->msg, 0 };
        msg_text(&m, "a NUL byte: not a text file");
        return NN_EFORMAT;
    }
    nn_status st = get_header(&r, &inputs, specs, &n_layers);
    if (st != NN_OK)
        return st;
    if (nn_net_count(inputs, specs, n_layers, &params) != NN_OK) {
        msgbuf m = fail_at(&r, NN_ERANGE, NULL);
        msg_text(&m, "the layers need ");
        msg_size(&m, params);
        msg_text(&m, " parameters; at most ");
        msg_size(&m, NN_NET_MAX_PARAMS);
        msg_text(&m, " are allowed");
        return NN_ERANGE;
    }
    nn_net *net = nn_net_new(inputs, specs, n_layers, &st);
    if (!net) {
        msgbuf m = fail_at(&r, st, NULL);
        msg_text(&m, nn_strerror(st));
        return st;
    }
    size_t most = 0, in = inputs; /* the largest layer's numbers */
    for (size_t l = 0; l < n_layers; l++) {
        size_t k = specs[l].units * (in + 1);
        most = k > most ? k : most;
        in = specs[l].units;
    }
    float *buf = malloc(most * sizeof(float));
    if (!buf) {
        nn_net_free(net);
        msgbuf m = fail_at(&r, NN_ENOMEM, NULL);
        msg_text(&m, nn_strerror(NN_ENOMEM));
        return NN_ENOMEM;
    }
    in = inputs;
    for (size_t l = 0; l < n_layers && st == NN_OK; l++) {
        size_t units = specs[l].units;
        float *w = buf, *b = buf + units * in;
        st = expect_block(&r, "W", l + 1);
        for (size_t j = 0; j < units && st == NN_OK; j++)
            st = get_row(&r, w + j * in, in, "W", l + 1, j + 1);
        if (st == NN_OK)
            st = expect_block(&r, "b", l + 1);
        if (st == NN_OK)
            st = get_row(&r, b, units, "b", l + 1, 0);
        if (st == NN_OK)
            st = nn_net_set_layer(net, l, w, b); /* finite: checked */
        in = units;
    }
    free(buf);
    if (st == NN_OK && next_line(&r)) {
        msgbuf m = fail_at(&r, NN_EFORMAT, r.line);
        msg_text(&m, "unexpected text after the last layer: ");
        msg_quoted(&m, r.line, (size_t)(r.eol - r.line));
        st = NN_EFORMAT;
    }
    if (st != NN_OK) {
        nn_net_free(net);
        return st;
    }
    *out = net;
    return NN_OK;
}
