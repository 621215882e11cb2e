/*
 * cmd_session.c - the whole session as files: `save FILE` writes a script
 * that rebuilds it, `record FILE.md` a handout of it (record.c), and the
 * write rule every command that writes a file goes through.
 *
 * A saved session is a neuron script, so `run FILE` (or `neuron FILE`)
 * rebuilds it. Its parts, in the order they must run:
 *
 *   reset                           start from nothing
 *   n1(x) = relu(-5x - 7.7)         definitions, each after those it uses,
 *                                   their text as typed
 *   image dot 3x3 / .5. ... / end   images: # is 1, . is 0, 1-8 the grey
 *                                   levels k/9 (exact: that is how they
 *                                   were read)
 *   activation leaky_relu 0.1
 *   data and                        a built-in gate as it came, else every
 *   data add 0.5 1.25 -> 1          sample (and `data add test ...` for
 *                                   the test set of a split)
 *   rule, loss, rate, batch, optimizer, trace
 *   inputs 1 0 | inputs image dot   the neuron: `image` when an image still
 *   weights ... | weights image dot holds exactly the numbers (so `show
 *   bias -0.3                       weights` keeps the picture's shape)
 *   data mnist                      the digits and the network; the
 *   load network FILE.net           network's weights go to the side file
 *   loss, optimizer, rate, batch    FILE.net (nn_net_save's format, every
 *                                   float bit for bit), next to FILE
 *   seed 42                         the seed, then the generator exactly
 *   seed state W1 W2 W3 W4          where it was (when it has moved)
 *   digits 0
 *
 * Numbers are written by sess_num_exact: the fewest digits that read back
 * as the same double. FILE.net is written before FILE, each atomically,
 * so a failure leaves FILE as it was. Not saved: training progress (the
 * next sample, the epochs counted, the loss history, the optimizer's
 * memory, undo), the last training's and fit's figures (epochs, loss,
 * maxerror, ...), and where a data set that is not a gate untouched came
 * from (its samples come back named "typed", without a true separator).
 */
#include "cmd.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "files.h"
#include "record.h"
#include "watch.h"   /* watch on | off | slow, kept as trace is */
#include "../engine/mem.h"  /* nn_malloc: allocations a test can fail */

/* ============================ the write rule ============================ */

int cmd_write_target(sess *s, const char *path, char *target, size_t cap,
                     files_rule *rule)
{
    /* depth 1 is the prompt, -e and stdin, which is a script whose
     * folder is the current one; a `run` (or a script given on the
     * command line, or a lesson) is deeper */
    const char *top = s->where[0].file;
    const char *script = s->depth > 1 ? s->where[s->depth - 1].file
                         : top && strcmp(top, SESS_STDIN) == 0 ? top : NULL;
    char why[600];
    if (files_may_write(script, s->allow_write, s->n_allow_write, path,
                        target, cap, rule, why, sizeof why) != 0)
        return sess_fail(s, SIZE_MAX, 0, "%s", why);
    return 0;
}

/* ============================ text ============================ */

/* The script being built; `failed` once memory ran out. */
typedef struct text {
    char *data;
    size_t len, cap;
    int failed;
} text;

static void put(text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void put(text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (t->failed || n < 0) {
        t->failed = 1;
        return;
    }
    if (t->len + (size_t)n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap < t->len + (size_t)n + 1)
            cap *= 2;
        char *p = nn_realloc(t->data, cap);
        if (!p) {
            t->failed = 1;
            return;
        }
        t->data = p;
        t->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(t->data + t->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    t->len += (size_t)n;
}

/* " v" with v to full precision. */
static void put_num(text *t, double v)
{
    char buf[32];
    put(t, " %s", sess_num_exact(v, buf));
}

/* 1 when every v[i] is finite (nan and inf cannot be typed back). */
static int all_finite(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return 0;
    return 1;
}

/* 1 when name can end a command line as it is: no '#' (a comment), no
 * ';' (the next command), no control bytes, no space at either end. */
static int fits_a_line(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || name[0] == ' ' || name[n - 1] == ' ')
        return 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p == '#' || *p == ';' || *p < 0x20 || *p == 0x7f)
            return 0;
    return 1;
}

/* ============================ the parts ============================ */

/* Definition id after the ones it calls (the order `defs` lists them);
 * done[] marks those written. Chains are at most DEFS_MAX_DEPTH deep. */
static void put_def(const defs *d, int id, char *done, text *t)
{
    const nn_expr *e = defs_prog(d, id);
    if (!e || done[id])
        return;
    done[id] = 1;
    for (size_t i = 0; i < nn_expr_length(e); i++)
        if (nn_expr_at(e, i)->op == NN_OP_CALL)
            put_def(d, nn_expr_at(e, i)->id, done, t);
    put(t, "%s%s = %s\n", defs_name(d, id), defs_needs_x(d, id) ? "(x)" : "",
        defs_text(d, id));
}

/* The row character that reads back as pixel v: '.' 0, '#' 1, '1'-'8'
 * the grey levels k/9 (as cmd_image.c reads them); 0 when none does. */
static char pixel_char(double v)
{
    if (v == 0)
        return '.';
    if (v == 1)
        return '#';
    for (int k = 1; k <= 8; k++)
        if (k / 9.0 == v)
            return (char)('0' + k);
    return 0;
}

static int put_images(sess *s, text *t)
{
    for (size_t i = 0; i < s->images.n; i++) {
        const image *im = &s->images.item[i];
        put(t, "image %s %zux%zu\n", im->name, im->rows, im->cols);
        for (size_t r = 0; r < im->rows; r++) {
            for (size_t c = 0; c < im->cols; c++) {
                char ch = pixel_char(im->px[r * im->cols + c]);
                if (!ch)
                    return sess_fail(s, SIZE_MAX, 0, "image %s: pixel %zu,%zu "
                                     "is not a level a row can hold",
                                     im->name, r + 1, c + 1);
                put(t, "%c", ch);
            }
            put(t, "\n");
        }
        put(t, "end\n");
    }
    return 0;
}

/* 1 when the training set is a built-in gate exactly as `data NAME` made
 * it (and there is no test set), so the name rebuilds it. */
static int untouched_gate(const trainer *tr)
{
    nn_data *g = NULL;
    if (tr->test || nn_data_gate(tr->source, strlen(tr->source), &g) != NN_OK)
        return 0;
    const nn_data *d = tr->data;
    int same = g->rows == d->rows && g->cols == d->cols
               && g->has_truth == d->has_truth
               && memcmp(g->x, d->x, d->rows * d->cols * sizeof *d->x) == 0
               && memcmp(g->y, d->y, d->rows * sizeof *d->y) == 0
               && (!d->has_truth
                   || memcmp(g->truth, d->truth, sizeof d->truth) == 0);
    nn_data_free(g);
    return same;
}

static void put_samples(text *t, const char *set, const nn_data *d)
{
    for (size_t i = 0; i < d->rows; i++) {
        put(t, "data add%s", set);
        for (size_t j = 0; j < d->cols; j++)
            put_num(t, d->x[i * d->cols + j]);
        if (d->regression || d->classes) {  // real, or a class's number
            put(t, " ->");
            put_num(t, d->y[i]);
            put(t, "\n");
        } else {
            put(t, " -> %d\n", d->y[i] != 0);
        }
    }
}

/* 1 when every class name of d can be typed as a name token. */
static int names_typable(const nn_data *d)
{
    for (size_t k = 0; k < d->classes; k++) {
        const char *name = nn_data_class_name(d, k);
        for (const char *p = name; *p; p++) {
            unsigned char c = (unsigned char)*p;
            if (!(c == '_' || c >= 0x80 || (c >= '0' && c <= '9' && p > name)
                  || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')))
                return 0;
        }
    }
    return 1;
}

/* `data empty N real` or `... classes A B C` before a set's samples,
 * when its labels are not 0 and 1. */
static void put_kind(text *t, const nn_data *d)
{
    if (d->regression) {
        put(t, "data empty %zu real\n", d->cols);
    } else if (d->classes) {
        put(t, "data empty %zu classes", d->cols);
        for (size_t k = 0; k < d->classes; k++)
            put(t, " %s", nn_data_class_name(d, k));
        put(t, "\n");
    }
}

static int put_data(sess *s, text *t)
{
    const trainer *tr = &s->tr;
    if (!tr->data)
        return 0;
    if (!all_finite(tr->data->x, tr->data->rows * tr->data->cols))
        return sess_fail(s, SIZE_MAX, 0, "the data set holds a number that "
                         "is not finite");
    if (untouched_gate(tr)) {
        put(t, "data %s\n", tr->source);
        return 0;
    }
    if (tr->data->classes && !names_typable(tr->data))
        return sess_fail(s, SIZE_MAX, 0, "cannot write the classes of %s "
                         "as a command line: a name holds a character a "
                         "name cannot have (letters, digits and _ only)",
                         tr->source);
    put_kind(t, tr->data);
    if (tr->data->rows == 0) {
        put(t, "# the data set was empty: nothing to add\n");
        return 0;
    }
    put_samples(t, "", tr->data);
    if (tr->test)
        put_samples(t, " test", tr->test);
    return 0;
}


static void put_settings(const trainer *tr, text *t)
{
    put(t, "rule %s\nloss %s\nrate", nn_rule_at(tr->cfg.rule)->name,
        nn_loss_at(tr->cfg.loss)->name);
    put_num(t, tr->cfg.rate);
    if (tr->cfg.batch == 0)
        put(t, "\nbatch full\n");
    else
        put(t, "\nbatch %zu\n", tr->cfg.batch);
    put(t, "optimizer %s\ntrace %s\n", nn_opt_at(tr->cfg.opt)->name,
        tr->trace ? "on" : "off");
    /* watch is kept as trace is: both say how the session's training is
       shown, and a saved session run again shows it the same way (off a
       terminal, watching prints only the final picture) */
    put(t, "watch %s\n", tr->watch == WATCH_SLOWLY ? "slow"
                         : tr->watch == WATCH_ON ? "on" : "off");
}

/* The image the inputs were taken from, when one still holds exactly
 * them (so `show weights` keeps its shape), else NULL. */
static const image *inputs_image(const sess *s)
{
    const nn_neuron *nr = s->nr;
    for (size_t i = 0; s->in_rows && i < s->images.n; i++) {
        const image *im = &s->images.item[i];
        if (im->rows == s->in_rows && im->cols == s->in_cols
            && im->rows * im->cols == nr->n
            && memcmp(im->px, nr->x, nr->n * sizeof *nr->x) == 0)
            return im;
    }
    return NULL;
}

/* The image the weights were taken from as a template (weights image
 * NAME: # is 1, . is -1), when one still gives exactly them, and writing
 * it so keeps the picture's shape as it is; else NULL. */
static const image *weights_image(const sess *s)
{
    const nn_neuron *nr = s->nr;
    for (size_t i = 0; i < s->images.n; i++) {
        const image *im = &s->images.item[i];
        int same = im->rows * im->cols == nr->n
                   && (s->have_inputs || (im->rows == s->in_rows
                                          && im->cols == s->in_cols));
        for (size_t k = 0; same && k < nr->n; k++)
            same = 2 * im->px[k] - 1 == nr->w[k];  // as cmd_weights makes it
        if (same)
            return im;
    }
    return NULL;
}

/* Inputs, weights and bias. The data set (written before) leaves a
 * neuron of its size with weights set and inputs not; `inputs` with a new
 * count forgets the weights. So: a neuron with inputs but no weights
 * first takes inputs of another count when its own count would keep the
 * data's weights. */
static int put_neuron(sess *s, text *t)
{
    const nn_neuron *nr = s->nr;
    int data = s->tr.data != NULL;
    size_t n0 = data ? s->tr.data->cols : 1;
    if (!all_finite(nr->x, nr->n) || !all_finite(nr->w, nr->n)
        || !all_finite(&nr->b, 1))
        return sess_fail(s, SIZE_MAX, 0, "the neuron holds a number that is "
                         "not finite");
    if (s->have_inputs) {
        if (!s->have_weights && data && nr->n == n0)
            put(t, "inputs %s\n", nr->n == 1 ? "0 0" : "0");
        const image *im = inputs_image(s);
        if (im) {
            put(t, "inputs image %s\n", im->name);
        } else {
            put(t, "inputs");
            for (size_t i = 0; i < nr->n; i++)
                put_num(t, nr->x[i]);
            put(t, "\n");
        }
    }
    const image *pattern = s->have_weights ? weights_image(s) : NULL;
    if (pattern) {
        put(t, "weights image %s\n", pattern->name);
    } else if (s->have_weights) {
        put(t, "weights");
        for (size_t i = 0; i < nr->n; i++)
            put_num(t, nr->w[i]);
        put(t, "\n");
    }
    put(t, "bias");
    put_num(t, nr->b);
    put(t, "\n");
    return 0;
}

/* The digits, when loaded: `data mnist` or where they came from. */
static int put_digits(sess *s, text *t)
{
    const struct net_state *nw = &s->nw;
    if (nw->train) {
        size_t spaces = 0;  // `data idx A B` splits its names at spaces
        for (const char *p = nw->from; p && *p; p++)
            spaces += *p == ' ' || *p == '\t';
        int idx = nw->from && strncmp(nw->from, "idx ", 4) == 0;
        if (nw->from && fits_a_line(nw->from) && (!idx || spaces == 2))
            put(t, "data %s\n", nw->from);
        else if (!nw->from && strcmp(nw->source, "mnist") == 0)
            put(t, "data mnist\n");
        else
            return sess_fail(s, SIZE_MAX, 0, "cannot write where the digits "
                             "came from as a command line; load them again "
                             "from names without '#', ';' or (for data idx) "
                             "spaces");
    }
    return 0;
}

/* The network (its weights in the side file net_name). */
static int put_network(sess *s, text *t, const char *net_name)
{
    const struct net_state *nw = &s->nw;
    if (!nw->net)
        return 0;
    put(t, "load network %s\n", net_name);
    return 0;
}

/* `seed N`, and the generator's state when it has moved since. */
static void put_seed(const sess *s, text *t)
{
    nn_rng fresh;
    uint64_t w[4], f[4];
    int has, fresh_has;
    double spare, fresh_spare;
    nn_rng_seed(&fresh, s->seed);
    nn_rng_get_state(&s->rng, w, &has, &spare);
    nn_rng_get_state(&fresh, f, &fresh_has, &fresh_spare);
    put(t, "seed %" PRIu64 "\n", s->seed);
    if (memcmp(w, f, sizeof w) == 0 && has == fresh_has)
        return;
    put(t, "seed state %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64, w[0],
        w[1], w[2], w[3]);
    if (has) {
        put(t, " spare");
        put_num(t, spare);
    }
    put(t, "\n");
}

/* The whole script into t; 0 or CMD_ERR. */
static int build(sess *s, text *t, const char *net_name)
{
    const nn_neuron *nr = s->nr;
    put(t, "# a neuron session, written by `save`: `run` this file to "
        "rebuild it\nreset\n");
    size_t slots = defs_slots(s->defs);
    char *done = nn_calloc(slots ? slots : 1, 1);
    if (!done)
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    for (size_t i = 0; i < slots; i++)
        put_def(s->defs, (int)i, done, t);
    free(done);
    if (put_images(s, t) != 0)
        return CMD_ERR;
    put(t, "activation %s", nr->act->name);
    if (nr->act->param_name)
        put_num(t, nr->param);
    put(t, "\n");
    /* the data set loaded last is the one a network learns from: the
       digits go before the table data or after it, as they came */
    int digits_last = s->nw.on_images;
    if ((!digits_last && put_digits(s, t) != 0) || put_data(s, t) != 0
        || (digits_last && put_digits(s, t) != 0))
        return CMD_ERR;
    put_settings(&s->tr, t);
    if (put_neuron(s, t) != 0 || put_network(s, t, net_name) != 0)
        return CMD_ERR;
    put_seed(s, t);
    put(t, "digits %d\n", s->digits);
    if (t->failed)
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    return 0;
}

int cmd_session_text(sess *s, const char *net_name, char **buf,
                     size_t *len)
{
    text t = { 0 };
    if (build(s, &t, net_name) != 0) {
        free(t.data);
        return CMD_ERR;
    }
    *buf = t.data;
    *len = t.len;
    return 0;
}

/* ============================ save FILE ============================ */

int cmd_save_session(sess *s, const char *path)
{
    char target[4096], net_path[4200], why[300], shown[120], net_shown[120];
    files_rule rule;
    if (cmd_write_target(s, path, target, sizeof target, &rule) != 0)
        return CMD_ERR;
    const char *slash = strrchr(target, '/');
    const char *base = slash ? slash + 1 : target;
    snprintf(net_path, sizeof net_path, "%s.net", target);
    if (s->nw.net && !fits_a_line(base))
        return sess_fail(s, SIZE_MAX, 0, "the network goes to a file named "
                         "after this one, and a command line cannot hold "
                         "this name; choose one without '#' or ';'");
    char net_name[4200];
    snprintf(net_name, sizeof net_name, "%s.net", base);
    text t = { 0 };
    if (cmd_session_text(s, net_name, &t.data, &t.len) != 0)
        return CMD_ERR;
    /* the network first: a failure leaves the script as it was */
    if (s->nw.net) {
        char *net_text;
        size_t len;
        if (nn_net_save(s->nw.net, &net_text, &len) != NN_OK) {
            free(t.data);
            return sess_fail(s, SIZE_MAX, 0, "out of memory");
        }
        int rc = sess_write_file(s, &rule, net_path, net_text, len, why,
                                 sizeof why);
        free(net_text);
        if (rc != 0) {
            free(t.data);
            return sess_fail(s, SIZE_MAX, 0, "%s", why);
        }
    }
    int rc = sess_write_file(s, &rule, target, t.data, t.len, why, sizeof why);
    free(t.data);
    if (rc != 0)
        return sess_fail(s, SIZE_MAX, 0, "%s", why);
    files_shown_name(target, shown, sizeof shown);
    files_shown_name(net_path, net_shown, sizeof net_shown);
    out_printf(s->o, "saved the session to %s%s%s; `run %s` rebuilds it\n",
               shown, s->nw.net ? " and its network to " : "",
               s->nw.net ? net_shown : "", shown);
    return CMD_OK;
}

/* ============================ seed state ============================ */

/* Reads one word of the state: a whole number 0 .. 2^64 - 1 from the
 * token's own digits (a double would round it). */
static int read_word(sess *s, lexer *lx, uint64_t *w)
{
    token t;
    lex_error err;
    char buf[32];
    if (lex_next(lx, &t, &err) != 0)
        return sess_fail_lex(s, &err);
    int ok = t.kind == TOK_NUM && t.len < sizeof buf;
    for (size_t i = 0; ok && i < t.len; i++)
        ok = t.start[i] >= '0' && t.start[i] <= '9';
    if (ok) {
        memcpy(buf, t.start, t.len);
        buf[t.len] = '\0';
        errno = 0;
        unsigned long long v = strtoull(buf, NULL, 10);
        ok = errno != ERANGE;
        *w = (uint64_t)v;
    }
    if (!ok) {
        lex_expected(&err, &t, "four state words, whole numbers from 0 to "
                     "18446744073709551615");
        return sess_fail_lex(s, &err);
    }
    return 0;
}

int cmd_seed_state(sess *s, lexer *lx)
{
    uint64_t w[4];
    double spare = 0;
    int has_spare = 0;
    token t;
    lex_error err;
    for (int i = 0; i < 4; i++)
        if (read_word(s, lx, &w[i]) != 0)
            return CMD_ERR;
    if (lex_peek(lx, &t, &err) == 0 && tok_is_word(&t, "spare")) {
        lex_next(lx, &t, &err);
        has_spare = 1;
        if (cmd_read_number(s, lx, "the spare normal draw, a number",
                            &spare) != 0)
            return CMD_ERR;
    }
    if (cmd_read_end(s, lx) != 0)
        return CMD_ERR;
    nn_rng r = s->rng;
    if (nn_rng_set_state(&r, w, has_spare, spare) != NN_OK)
        return sess_fail(s, SIZE_MAX, 0, "the four state words must not all "
                         "be 0");
    s->rng = r;
    return CMD_OK;
}

/* ============================ record ============================ */

int cmd_record(sess *s, const cmd_args *a)
{
    char path[4096], target[4096], status[200];
    if (a->len == 0) {
        record_status(s, status, sizeof status);
        if (status[0])
            out_printf(s->o, "recording to %s\n", status);
        else
            out_printf(s->o, "not recording; start with: record "
                       "lesson.md\n");
        return CMD_OK;
    }
    if (a->len == 4 && strncasecmp(a->text, "stop", 4) == 0)
        return record_stop(s, 1);
    if (a->len >= sizeof path)
        return sess_fail(s, a->col, a->len, "file name too long");
    memcpy(path, a->text, a->len);
    path[a->len] = '\0';
    files_rule rule;
    if (cmd_write_target(s, path, target, sizeof target, &rule) != 0)
        return CMD_ERR;
    return record_start(s, target, &rule);
}
