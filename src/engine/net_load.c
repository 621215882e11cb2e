/*
 * net_load.c - a network from text: nn_net_load, the reader of what
 * nn_net_save writes (the format: net_save.c, and net.h).
 *
 * The reader is strict, for files from anywhere: every line is checked
 * against the format, numbers are decimal (no nan, inf or hex; the
 * parameter may be a hex float, as the writer may write it), every shape
 * is checked against the limits of net.h before anything is allocated for
 * it, and an error names its line (and column) and says what was
 * expected. Numbers are read with strtof's sibling strtod (LC_NUMERIC is
 * never set, so the decimal point is '.'), after a check of their syntax.
 * Messages are built without stdio, as in idx.c and data.c.
 */
#include "net.h"

#include "msg.h"    /* messages without stdio */
#include "mem.h"  /* nn_malloc: allocations a test can fail */

#include <math.h>   /* isfinite */
#include <stdlib.h> /* malloc, free, strtod */
#include <string.h> /* memchr, memcmp, memcpy, strlen */

/* Longest number token accepted ("-1.23456789e-38" is 15). */
#define NUMBER_MAX 64

#define FORMAT_NAME "neuron-network" /* then the version, 1 */

/* The file's bytes p[0..len) in quotes, at most 24 of them. */
static void msg_quoted(nn_msg *m, const char *p, size_t len)
{
    nn_msg_char(m, '\'');
    nn_msg_bytes(m, p, len, 24);
    nn_msg_char(m, '\'');
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
static nn_msg fail_at(reader *r, nn_status code, const char *at)
{
    r->err->code = code;
    r->err->line = r->lineno > 0 ? r->lineno : 1;
    r->err->column = at ? (long)(at - r->line) + 1 : 0;
    r->err->msg[0] = '\0';
    nn_msg m = { r->err->msg, sizeof r->err->msg, 0 };
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
    nn_msg m = fail_at(r, NN_EFORMAT, r->tok);
    nn_msg_text(&m, "unexpected ");
    msg_quoted(&m, r->tok, r->toklen);
    nn_msg_text(&m, " after ");
    nn_msg_text(&m, what);
    return NN_EFORMAT;
}

/* The current token as a count: decimal digits only, at most `most`.
 * NN_EFORMAT when it is not a count, NN_ERANGE past most. */
static nn_status get_count(reader *r, const char *what, size_t most,
                           size_t *v)
{
    size_t n = 0;
    if (r->toklen == 0) {
        nn_msg m = fail_at(r, NN_EFORMAT, NULL);
        nn_msg_text(&m, what);
        nn_msg_text(&m, ": missing");
        return NN_EFORMAT;
    }
    for (size_t i = 0; i < r->toklen; i++) {
        char c = r->tok[i];
        if (c < '0' || c > '9') {
            nn_msg m = fail_at(r, NN_EFORMAT, r->tok);
            nn_msg_text(&m, what);
            nn_msg_text(&m, ": expected a whole number, got ");
            msg_quoted(&m, r->tok, r->toklen);
            return NN_EFORMAT;
        }
        if (n <= most) /* past most it stops growing: no overflow */
            n = n * 10 + (size_t)(c - '0');
    }
    if (n == 0 || n > most) {
        nn_msg m = fail_at(r, NN_ERANGE, r->tok);
        nn_msg_text(&m, what);
        nn_msg_text(&m, ": ");
        msg_quoted(&m, r->tok, r->toklen);
        nn_msg_text(&m, " is not in 1..");
        nn_msg_size(&m, most);
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
        nn_msg m = fail_at(r, NN_EFORMAT, r->tok);
        nn_msg_text(&m, what);
        nn_msg_text(&m, ": expected a number, got ");
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
        nn_msg m = fail_at(r, NN_EFORMAT, NULL);
        nn_msg_text(&m, "the file ends before '");
        nn_msg_text(&m, want);
        nn_msg_text(&m, "'");
        return NN_EFORMAT;
    }
    const char *s = r->line;
    if ((size_t)(r->eol - s) != n || memcmp(s, want, n) != 0) {
        nn_msg m = fail_at(r, NN_EFORMAT, s);
        nn_msg_text(&m, "expected '");
        nn_msg_text(&m, want);
        nn_msg_text(&m, "', got ");
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
    nn_msg w = { what, sizeof what, 0 };
    what[0] = '\0';
    if (row > 0) {
        nn_msg_text(&w, "row ");
        nn_msg_size(&w, row);
        nn_msg_text(&w, " of ");
    }
    nn_msg_text(&w, block);
    nn_msg_char(&w, ' ');
    nn_msg_size(&w, l);
    if (!next_line(r)) {
        nn_msg m = fail_at(r, NN_EFORMAT, NULL);
        nn_msg_text(&m, "the file ends before ");
        nn_msg_text(&m, what);
        return NN_EFORMAT;
    }
    size_t got = 0;
    while (next_token(r)) {
        if (got == count) {
            nn_msg m = fail_at(r, NN_EFORMAT, r->tok);
            nn_msg_text(&m, what);
            nn_msg_text(&m, ": expected ");
            nn_msg_size(&m, count);
            nn_msg_text(&m, count == 1 ? " number, got more" :
                                      " numbers, got more");
            return NN_EFORMAT;
        }
        double v;
        nn_status st = get_number(r, what, 0, &v);
        if (st != NN_OK)
            return st;
        float f = (float)v;
        if (!isfinite(f)) {
            nn_msg m = fail_at(r, NN_EFORMAT, r->tok);
            nn_msg_text(&m, what);
            nn_msg_text(&m, ": ");
            msg_quoted(&m, r->tok, r->toklen);
            nn_msg_text(&m, " is past the largest float");
            return NN_EFORMAT;
        }
        out[got++] = f;
    }
    if (got < count) {
        nn_msg m = fail_at(r, NN_EFORMAT, NULL);
        nn_msg_text(&m, what);
        nn_msg_text(&m, ": expected ");
        nn_msg_size(&m, count);
        nn_msg_text(&m, count == 1 ? " number, got " : " numbers, got ");
        nn_msg_size(&m, got);
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
        nn_msg m = fail_at(r, NN_EFORMAT, NULL);
        nn_msg_text(&m, "layer: expected an activation after the units");
        return NN_EFORMAT;
    }
    spec->act = NULL;
    spec->param = 0.0;
    if (!token_is(r, "softmax")) {
        spec->act = nn_act_find(r->tok, r->toklen);
        if (!spec->act) {
            nn_msg m = fail_at(r, NN_EFORMAT, r->tok);
            nn_msg_text(&m, "layer: unknown activation ");
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
        nn_msg m = fail_at(r, NN_ERANGE, r->tok);
        nn_msg_text(&m, spec->act->name);
        nn_msg_text(&m, "'s ");
        nn_msg_text(&m, spec->act->param_name);
        nn_msg_text(&m, " ");
        msg_quoted(&m, r->tok, r->toklen);
        nn_msg_text(&m, " is out of its range");
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
        nn_msg m = fail_at(r, NN_EFORMAT, NULL);
        nn_msg_text(&m, "not a saved network: the first line should be '"
                     FORMAT_NAME " 1'");
        return NN_EFORMAT;
    }
    if (!next_token(r) || !token_is(r, "1")) {
        nn_msg m = fail_at(r, NN_EFORMAT, r->toklen ? r->tok : NULL);
        nn_msg_text(&m, "unsupported format version ");
        msg_quoted(&m, r->tok, r->toklen);
        nn_msg_text(&m, " (this program reads version 1)");
        return NN_EFORMAT;
    }
    if (next_token(r))
        return extra(r, "the version");
    if (!next_line(r) || !next_token(r) || !token_is(r, "inputs")) {
        nn_msg m = fail_at(r, NN_EFORMAT, NULL);
        nn_msg_text(&m, "expected 'inputs N' on line 2");
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
            nn_msg m = fail_at(r, NN_ERANGE, NULL);
            nn_msg_text(&m, "more than ");
            nn_msg_size(&m, NN_NET_MAX_LAYERS);
            nn_msg_text(&m, " layers");
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
        nn_msg m = fail_at(r, NN_EFORMAT, NULL);
        nn_msg_text(&m, "expected at least one 'layer UNITS ACTIVATION' line");
        return NN_EFORMAT;
    }
    for (size_t l = 0; l + 1 < *n_layers; l++)
        if (!specs[l].act) {
            nn_msg m = fail_at(r, NN_EFORMAT, NULL);
            r->err->line = 3 + (long)l;
            nn_msg_text(&m, "softmax can only be the last layer");
            return NN_EFORMAT;
        }
    return NN_OK;
}

nn_status nn_net_load(const char *text, size_t len, nn_net **out,
                      nn_errinfo *err)
{
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
        text += 3;  // a UTF-8 byte order mark (an editor's): skipped
        len -= 3;
    }
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
        nn_msg m = { err->msg, sizeof err->msg, 0 };
        nn_msg_text(&m, "a NUL byte: not a text file");
        return NN_EFORMAT;
    }
    nn_status st = get_header(&r, &inputs, specs, &n_layers);
    if (st != NN_OK)
        return st;
    if (nn_net_count(inputs, specs, n_layers, &params) != NN_OK) {
        nn_msg m = fail_at(&r, NN_ERANGE, NULL);
        nn_msg_text(&m, "the layers need ");
        nn_msg_size(&m, params);
        nn_msg_text(&m, " parameters; at most ");
        nn_msg_size(&m, NN_NET_MAX_PARAMS);
        nn_msg_text(&m, " are allowed");
        return NN_ERANGE;
    }
    nn_net *net = nn_net_new(inputs, specs, n_layers, &st);
    if (!net) {
        nn_msg m = fail_at(&r, st, NULL);
        nn_msg_text(&m, nn_strerror(st));
        return st;
    }
    size_t most = 0, in = inputs; /* the largest layer's numbers */
    for (size_t l = 0; l < n_layers; l++) {
        size_t k = specs[l].units * (in + 1);
        most = k > most ? k : most;
        in = specs[l].units;
    }
    float *buf = nn_malloc(most * sizeof(float));
    if (!buf) {
        nn_net_free(net);
        nn_msg m = fail_at(&r, NN_ENOMEM, NULL);
        nn_msg_text(&m, nn_strerror(NN_ENOMEM));
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
        nn_msg m = fail_at(&r, NN_EFORMAT, r.line);
        nn_msg_text(&m, "unexpected text after the last layer: ");
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
