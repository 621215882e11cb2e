/*
 * cmd_neuron.c - the single neuron: inputs, weights, bias, activation,
 * init and seed, and the two ways to look at it, `fire` and `show`.
 *
 * Every setter validates first and builds the new neuron in a copy, then
 * swaps it in, so a failed command changes nothing.
 */
#include "cmd.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "suggest.h"
#include "../engine/mem.h"  /* nn_malloc: allocations a test can fail */


/* ============================ helpers ============================ */

/* Replaces the session's neuron with nr (built by the caller). */
static void swap_in(sess *s, nn_neuron *nr)
{
    nn_neuron_free(s->nr);
    s->nr = nr;
}

/* A copy of the neuron resized to n inputs: x and w 0 when n changes. */
static nn_neuron *resized(sess *s, size_t n)
{
    const nn_neuron *old = s->nr;
    if (n == old->n)
        return nn_neuron_copy(old);
    nn_neuron *nr = nn_neuron_new(n, old->act);
    if (nr) {
        nr->b = old->b;
        nr->param = old->param;
    }
    return nr;
}

/* Display columns of a UTF-8 string (code points). */
static size_t cols(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

/* Prints "name: v1 v2 ... vn", at most 8 values then "... (N in all)",
 * wrapped to the width. */
static void print_values(sess *s, const char *name, const double *v,
                         size_t n)
{
    char buf[32], line[512];
    size_t used = (size_t)snprintf(line, sizeof line, "%s:", name);
    for (size_t i = 0; i < n && used < sizeof line; i++) {
        if (n > 8 && i == 6) {
            used += (size_t)snprintf(line + used, sizeof line - used, " ...");
            i = n - 2;
        }
        used += (size_t)snprintf(line + used, sizeof line - used, " %s",
                                 sess_num(s, v[i], buf));
    }
    if (n > 8 && used < sizeof line)
        snprintf(line + used, sizeof line - used, "  (%zu in all)", n);
    out_wrap(s->o, OUT_OUT, line, strlen(name) + 2);
}

static int read_vector_args(sess *s, const cmd_args *a, double **v,
                            size_t *n)
{
    lexer lx;
    cmd_lex(&lx, a);
    return cmd_read_vector(s, &lx, NN_NEURON_MAX_INPUTS, v, n);
}

/* ============================ setters ============================ */

/* The pixels of an image as a vector (malloc'ed); weights map 0..1 to
 * -1..1, so a template rewards its pattern and punishes the rest. */
static double *image_vector(const image *im, int as_weights)
{
    size_t n = im->rows * im->cols;
    double *v = nn_malloc(n * sizeof *v);
    for (size_t i = 0; v && i < n; i++)
        v[i] = as_weights ? 2 * im->px[i] - 1 : im->px[i];
    return v;
}

int cmd_inputs(sess *s, const cmd_args *a)
{
    double *v;
    size_t n;
    const image *im;
    if (cmd_image_arg(s, a, &im)) {
        if (!im)
            return CMD_ERR;
        n = im->rows * im->cols;
        if (!(v = image_vector(im, 0)))
            return sess_fail(s, SIZE_MAX, 0, "out of memory");
    } else if (read_vector_args(s, a, &v, &n) != 0) {
        return CMD_ERR;
    }
    size_t shape_rows = im ? im->rows : 0, shape_cols = im ? im->cols : 0;
    size_t old_n = s->nr->n;
    int sized = s->have_inputs || s->have_weights;
    nn_neuron *nr = resized(s, n);
    if (!nr) {
        free(v);
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    }
    memcpy(nr->x, v, n * sizeof *v);
    free(v);
    if (n != old_n && sized && s->have_weights) {
        out_printf(s->o, "note: %zu input%s now; the %zu weight%s set "
                   "before %s gone (all 0): set %zu new one%s\n",
                   n, n == 1 ? "" : "s", old_n, old_n == 1 ? "" : "s",
                   old_n == 1 ? "is" : "are", n, n == 1 ? "" : "s");
        s->have_weights = 0;
    }
    swap_in(s, nr);
    s->have_inputs = 1;
    s->in_rows = shape_rows;
    s->in_cols = shape_cols;
    return CMD_OK;
}

int cmd_weights(sess *s, const cmd_args *a)
{
    double *v;
    size_t n;
    const image *im;
    if (cmd_image_arg(s, a, &im)) {
        if (!im)
            return CMD_ERR;
        n = im->rows * im->cols;
        if (!(v = image_vector(im, 1)))
            return sess_fail(s, SIZE_MAX, 0, "out of memory");
    } else if (read_vector_args(s, a, &v, &n) != 0) {
        return CMD_ERR;
    }
    if (s->have_inputs && n != s->nr->n) {
        free(v);
        if (im)
            return sess_fail(s, a->col, a->len, "%s has %zu pixel%s but the "
                             "neuron has %zu input%s", im->name, n,
                             n == 1 ? "" : "s", s->nr->n,
                             s->nr->n == 1 ? "" : "s");
        return sess_fail(s, a->col, a->len, "expected %zu number%s (one "
                         "per input), got %zu", s->nr->n,
                         s->nr->n == 1 ? "" : "s", n);
    }
    nn_neuron *nr = resized(s, n);
    if (!nr) {
        free(v);
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    }
    memcpy(nr->w, v, n * sizeof *v);
    free(v);
    swap_in(s, nr);
    s->have_weights = 1;
    if (im && !s->have_inputs) {  // the template's shape, for show weights
        s->in_rows = im->rows;
        s->in_cols = im->cols;
    }
    return CMD_OK;
}

int cmd_bias(sess *s, const cmd_args *a)
{
    lexer lx;
    double b;
    cmd_lex(&lx, a);
    if (cmd_read_number(s, &lx, "the bias, a number", &b) != 0
        || cmd_read_end(s, &lx) != 0)
        return CMD_ERR;
    s->nr->b = b;
    return CMD_OK;
}

int cmd_activation(sess *s, const cmd_args *a)
{
    lexer lx;
    token t;
    lex_error err;
    cmd_lex(&lx, a);
    if (lex_next(&lx, &t, &err) != 0)
        return sess_fail_lex(s, &err);
    const nn_act *act = cmd_find_act(s, &t);
    if (!act)
        return CMD_ERR;
    double p = act->param_default;
    if (lex_peek(&lx, &t, &err) == 0 && t.kind != TOK_END) {
        if (!act->param_name)
            return sess_fail(s, t.col, t.len, "%s takes no parameter",
                             act->name);
        if (cmd_read_number(s, &lx, act->param_name, &p) != 0)
            return CMD_ERR;
        if (!(p >= act->param_min && p <= act->param_max)) {
            char lo[32], hi[32];
            return sess_fail(s, t.col, t.len, "%s must be from %s to %s",
                             act->param_name, sess_num(s, act->param_min, lo),
                             sess_num(s, act->param_max, hi));
        }
    }
    if (cmd_read_end(s, &lx) != 0)
        return CMD_ERR;
    s->nr->act = act;
    s->nr->param = p;
    return CMD_OK;
}

/* Reads a whole number 0 .. UINT64_MAX from the token's own digits (a
 * double would round large seeds). */
static int read_seed(sess *s, const token *t, uint64_t *seed)
{
    const char *range = "a whole number from 0 to 18446744073709551615";
    char buf[32];
    if (t->kind != TOK_NUM || t->len >= sizeof buf)
        goto bad;
    for (size_t i = 0; i < t->len; i++)
        if (t->start[i] < '0' || t->start[i] > '9')
            goto bad;
    memcpy(buf, t->start, t->len);
    buf[t->len] = '\0';
    errno = 0;
    unsigned long long v = strtoull(buf, NULL, 10);
    if (errno == ERANGE)
        goto bad;
    *seed = (uint64_t)v;
    return 0;
bad:
    return sess_fail(s, t->col, t->len, "the seed must be %s, got '%.*s'",
                     range, t->len > 40 ? 40 : (int)t->len, t->start);
}

/* seed's one word besides a number. */
static const cmd_word seed_words[] = {
    { "state", "state W1 W2 W3 W4 [spare S]", "the generator's state itself, "
      "as save writes it", 0, "seed state 1 2 3 4" },
};

const cmd_word *cmd_seed_word(size_t i)
{
    return CMD_ROW_AT(seed_words, i);
}

int cmd_seed(sess *s, const cmd_args *a)
{
    lexer lx;
    token t;
    lex_error err;
    uint64_t seed = 0;
    cmd_lex(&lx, a);
    if (lex_next(&lx, &t, &err) != 0)
        return sess_fail_lex(s, &err);
    if (cmd_row_of(cmd_seed_word, &t) == 0)  // the state (cmd_session.c)
        return cmd_seed_state(s, &lx);
    token num;
    if (tok_is(&t, '-') && lex_peek(&lx, &num, &err) == 0
        && num.kind == TOK_NUM)  // quote "-1" whole in the message
        t.len = num.col + num.len - t.col;
    if (read_seed(s, &t, &seed) != 0 || cmd_read_end(s, &lx) != 0)
        return CMD_ERR;
    s->seed = seed;
    nn_rng_seed(&s->rng, seed);
    return CMD_OK;
}

/* The ways init sets weights: a row each. */
static const struct init_kind {
    cmd_word word;
    nn_init how;
    int params;
    const char *p1, *p2;
} kinds[] = {
    { { "zeros", "zeros", "every weight and the bias 0", 0, "inputs 1 0 1; init zeros" },
      NN_INIT_ZEROS, 0, NULL, NULL },
    { { "random", "random LOW HIGH", "uniform in [LOW, HIGH), weights then "
        "bias", 0, "inputs 1 0 1; init random -1 1" }, NN_INIT_RANDOM, 2, "LOW, a number", "HIGH, a number" },
    { { "normal", "normal MEAN STD", "from a normal distribution, weights "
        "then bias", 0, "inputs 1 0 1; init normal 0 0.5" }, NN_INIT_NORMAL, 2, "MEAN, a number",
      "STD, a number" },
    { { "xavier", "xavier", "uniform in +-sqrt(6/(n+1)), bias 0 (Glorot)",
        0, "inputs 1 0 1; init xavier" }, NN_INIT_XAVIER, 0, NULL, NULL },
    { { "he", "he", "normal with std sqrt(2/n), bias 0 (for relu)", 0,
        "inputs 1 0 1; init he" },
      NN_INIT_HE, 0, NULL, NULL },
};

#define KIND_COUNT (sizeof kinds / sizeof kinds[0])

const cmd_word *cmd_init_word(size_t i)
{
    return i < KIND_COUNT ? &kinds[i].word : NULL;
}

int cmd_init(sess *s, const cmd_args *a)
{
    lexer lx;
    token t;
    lex_error err;
    cmd_lex(&lx, a);
    if (lex_peek(&lx, &t, &err) != 0)
        return sess_fail_lex(s, &err);
    int choice;
    cmd_args first = { t.start, t.len, t.col, 1 };
    if (cmd_read_row(s, &first, cmd_init_word, &choice) != 0)
        return CMD_ERR;
    lex_next(&lx, &t, &err);
    size_t k = (size_t)choice;
    double p[2] = { 0, 0 };
    size_t col = t.col + t.len;
    for (int i = 0; i < kinds[k].params; i++) {
        lex_peek(&lx, &t, &err);
        col = t.col;
        if (cmd_read_number(s, &lx, i ? kinds[k].p2 : kinds[k].p1,
                            &p[i]) != 0)
            return CMD_ERR;
    }
    if (cmd_read_end(s, &lx) != 0)
        return CMD_ERR;
    if (!s->have_inputs && !s->have_weights)
        return sess_fail(s, SIZE_MAX, 0, "the neuron has no inputs yet: "
                         "set them first (inputs 1 0 1)");
    if (kinds[k].how == NN_INIT_RANDOM && p[0] > p[1])
        return sess_fail(s, col, 1, "LOW must not be above HIGH");
    if (kinds[k].how == NN_INIT_NORMAL && p[1] < 0)
        return sess_fail(s, col, 1, "STD must not be negative");
    nn_neuron *nr = nn_neuron_copy(s->nr);
    if (!nr)
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    nn_rng rng = s->rng;
    if (nn_neuron_init(nr, kinds[k].how, p[0], p[1], &rng) != NN_OK) {
        nn_neuron_free(nr);
        return sess_fail(s, col, 1, "parameters out of range");
    }
    s->rng = rng;
    swap_in(s, nr);
    s->have_weights = 1;
    train_restart(&s->tr);  // new weights: a new run from epoch 1
    print_values(s, "weights", nr->w, nr->n);
    char buf[32];
    out_printf(s->o, "bias: %s\n", sess_num(s, nr->b, buf));
    return CMD_OK;
}

/* ============================ activations ============================ */

int cmd_activations(sess *s, const cmd_args *a)
{
    (void)a;
    size_t wn = 4, wf = 4, wr = 5, wd = 5;
    for (size_t i = 0; i < nn_act_count(); i++) {
        const nn_act *r = nn_act_at(i);
        wn = cols(r->name) > wn ? cols(r->name) : wn;
        wf = cols(r->formula) > wf ? cols(r->formula) : wf;
        wr = cols(r->range) > wr ? cols(r->range) : wr;
        wd = cols(r->derivative) > wd ? cols(r->derivative) : wd;
    }
    out *o = s->o;
    char line[512];
    if (wn + wf + wr + wd + 6 <= (size_t)out_width(o)) {
        out_printf(o, "%s%-*s  %-*s  %-*s  f'(z)%s\n", out_on(o, OUT_BOLD),
                   (int)wn, "name", (int)wf, "f(z)", (int)wr, "range",
                   out_off(o));
        for (size_t i = 0; i < nn_act_count(); i++) {
            const nn_act *r = nn_act_at(i);
            out_printf(o, "%s%*s  %s%*s  %s%*s  %s\n", r->name,
                       (int)(wn - cols(r->name)), "", r->formula,
                       (int)(wf - cols(r->formula)), "", r->range,
                       (int)(wr - cols(r->range)), "", r->derivative);
        }
        return CMD_OK;
    }
    /* too narrow for one row each: a block each, wrapped */
    out_printf(o, "%s%-*s  f(z), its range and derivative%s\n",
               out_on(o, OUT_BOLD), (int)wn, "name", out_off(o));
    for (size_t i = 0; i < nn_act_count(); i++) {
        const nn_act *r = nn_act_at(i);
        snprintf(line, sizeof line, "%s%*s  f(z) = %s", r->name,
                 (int)(wn - cols(r->name)), "", r->formula);
        out_wrap(o, OUT_OUT, line, wn + 4);
        snprintf(line, sizeof line, "%*s  range %s, f'(z) = %s", (int)wn, "",
                 r->range, r->derivative);
        out_wrap(o, OUT_OUT, line, wn + 4);
    }
    return CMD_OK;
}

/* ============================ softmax ============================ */

/* Largest layer `softmax` takes on the command line. */
#define SOFTMAX_MAX 1000

int cmd_softmax(sess *s, const cmd_args *a)
{
    lexer lx;
    double *z, m;
    size_t n;
    cmd_lex(&lx, a);
    if (cmd_svg_target(s, &lx) != 0
        || cmd_read_vector(s, &lx, SOFTMAX_MAX, &z, &n) != 0)
        return CMD_ERR;
    double *p = nn_malloc(n * sizeof *p);
    char (*labels)[24] = nn_malloc(n * sizeof *labels);
    const char **names = nn_malloc(n * sizeof *names);
    if (!p || !labels || !names) {
        free(z);
        free(p);
        free(labels);
        free(names);
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    }
    nn_softmax(z, n, p, &m);
    char b1[32], b2[32], b3[32], line[200];
    int rc = CMD_OK;
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += exp(z[i] - m);
    snprintf(line, sizeof line, "p_i = e^(z_i - %s) / (sum of e^(z_j - %s) "
             "= %s); subtracting the largest z keeps every e^ at most 1",
             sess_num(s, m, b1), b1, sess_num(s, sum, b2));
    out_wrap(s->o, OUT_OUT, line, 4);
    for (size_t i = 0; i < n; i++) {
        if (n > 12 && i == 8) {
            out_printf(s->o, "  ...\n");
            i = n - 3;
        }
        out_printf(s->o, "  z%-3zu = %9s   p%-3zu = %s\n", i + 1,
                   sess_num_col(s, z[i], b1), i + 1, sess_num_col(s, p[i], b3));
    }
    if (n <= 20) {
        plot *pl = plot_new();
        for (size_t i = 0; i < n; i++) {
            snprintf(labels[i], sizeof labels[i], "p%zu", i + 1);
            names[i] = labels[i];
        }
        if (pl && plot_bars(pl, names, p, n) == 0) {
            plot_yrange(pl, 0, 1);
            rc = cmd_draw(s, pl, 0);
        } else {
            rc = sess_fail(s, SIZE_MAX, 0, "out of memory");
        }
        plot_free(pl);
    }
    free(z);
    free(p);
    free(labels);
    free(names);
    return rc;
}
