/*
 * sess.c - the session: its state, its names, how it prints numbers and
 * how it records errors.
 */
#include "sess.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"  /* export_run_free */
#include "files.h"
#include "parse.h"
#include "record.h"
#include "../engine/mem.h"  /* nn_malloc: allocations a test can fail */

/* ============================ state ============================ */

#define START_SEED 42

/* No network and no images. (Its training settings are the neuron's:
 * one set, s->tr.cfg.) */
static void net_reset(struct net_state *nw)
{
    nn_net_free(nw->net);
    nn_images_free(nw->train);
    nn_images_free(nw->test);
    free(nw->from);
    free(nw->hist);
    memset(nw, 0, sizeof *nw);
}

sess *sess_new(out *o)
{
    sess *s = nn_calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->o = o;
    s->depth = 1;
    s->pending_def = -1;
    train_init(&s->tr);
    s->defs = defs_new();
    if (!s->defs || sess_reset(s) != CMD_OK) {
        defs_free(s->defs);
        free(s);
        return NULL;
    }
    return s;
}

void sess_free(sess *s)
{
    if (!s)
        return;
    nn_neuron_free(s->nr);
    defs_free(s->defs);
    train_free(&s->tr);
    images_clear(&s->images);
    net_reset(&s->nw);
    free(s->block.px);
    free(s->block.file);
    record_free(s->rec);
    export_run_free(s->run);
    free(s);
}

int sess_reset(sess *s)
{
    nn_neuron *nr = nn_neuron_new(1, nn_act_find("sigmoid", 7));
    if (!nr)
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    nn_neuron_free(s->nr);
    s->nr = nr;
    s->have_inputs = s->have_weights = 0;
    s->seed = START_SEED;
    nn_rng_seed(&s->rng, START_SEED);
    s->digits = 0;
    s->have_training = 0;
    s->epochs = s->errors = s->loss = s->accuracy = 0;
    s->have_fit = 0;
    s->maxerror = s->meanerror = 0;
    memset(&s->match, 0, sizeof s->match);
    defs_clear(s->defs);
    train_free(&s->tr);
    images_clear(&s->images);
    s->in_rows = s->in_cols = 0;
    net_reset(&s->nw);
    export_run_free(s->run);
    s->run = NULL;
    return CMD_OK;
}

/* ============================ errors ============================ */

int sess_fail(sess *s, size_t col, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->err, sizeof s->err, fmt, ap);
    va_end(ap);
    s->err_col = col;
    s->err_len = len ? len : 1;
    return CMD_ERR;
}

int sess_fail_lex(sess *s, const lex_error *e)
{
    return sess_fail(s, e->col, e->len, "%s", e->msg);
}

int sess_write_file(const sess *s, const files_rule *rule,
                    const char *path, const char *data, size_t len,
                    char *why, size_t whycap)
{
    if (s->replaying)
        return 0;
    return files_write(rule, path, data, len, why, whycap);
}

void sess_progress(sess *s, const char *fmt, ...)
{
    char line[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (s->progress_line) {
        s->progress_line(s->front_ctx, line);
        return;
    }
    out_printf(s->o, "\r%s", line);
    out_flush(s->o);
}

void sess_progress_end(sess *s)
{
    if (s->progress_line)
        s->progress_line(s->front_ctx, NULL);
    else
        out_printf(s->o, "\r\033[K");
}

const char sess_live[] = "live";

const char *sess_script(const sess *s)
{
    return s->where[s->depth - 1].file;
}

const char *sess_find_file(sess *s, const char *path, char *found,
                           size_t cap)
{
    const char *other;
    files_near(sess_script(s), path, found, cap, &other);
    if (other) {
        char used[120], here[120];
        files_shown_name(found, used, sizeof used);
        files_shown_name(other, here, sizeof here);
        out_eprintf(s->o, "note: using %s, beside the script; the current "
                    "folder has another %s\n", used, here);
    }
    return found;
}

int sess_interrupted(const sess *s)
{
    return s->interrupted && *s->interrupted;
}

static int stop_asked(void *ctx)
{
    return sess_interrupted(ctx);
}

nn_stop *sess_stop(sess *s)
{
    s->stop.asked = stop_asked;  // set here: a copied sess points to itself
    s->stop.ctx = s;
    return &s->stop;
}

/* ============================ numbers ============================ */

/* Rewrites C's exponent "e+09" / "e-05" as "e9" / "e-5" in place. */
static void tidy_exponent(char *buf)
{
    char *e = strchr(buf, 'e');
    if (!e)
        return;
    char *p = e + 1, *q = e + 1;
    if (*p == '+')
        p++;
    else if (*p == '-')
        *q++ = *p++;
    while (*p == '0' && p[1])
        p++;
    memmove(q, p, strlen(p) + 1);
}

/* Drops trailing zeros of a fraction ("0.5000" -> "0.5", "1.000" -> "1"),
 * keeping any exponent. */
static void trim_zeros(char *buf)
{
    char *dot = strchr(buf, '.');
    if (!dot)
        return;
    char *e = strchr(buf, 'e');
    char *end = e ? e : buf + strlen(buf);
    char *p = end;
    while (p > dot + 1 && p[-1] == '0')
        p--;
    if (p == dot + 1)
        p = dot;
    memmove(p, end, strlen(end) + 1);
}

char *sess_num(const sess *s, double v, char *buf)
{
    if (isnan(v)) {
        strcpy(buf, "nan");       // glibc would print "-nan" for 0.0/0.0
        return buf;
    }
    if (isinf(v)) {
        strcpy(buf, v > 0 ? "inf" : "-inf");
        return buf;
    }
    if (v == 0) {
        strcpy(buf, "0");         // -0 prints as 0 (one documented way)
        return buf;
    }
    if (s && s->digits > 0) {
        snprintf(buf, 32, "%.*g", s->digits, v);
    } else if (fabs(v) < 0.00005 || fabs(v) >= 1e9) {
        snprintf(buf, 32, "%.3e", v);   // 4 significant digits
        trim_zeros(buf);
    } else {
        snprintf(buf, 32, "%.4f", v);
        trim_zeros(buf);
    }
    tidy_exponent(buf);
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
    return buf;
}

char *sess_num_col(const sess *s, double v, char *buf)
{
    if (!isfinite(v) || v == 0 || (s && s->digits > 0) || fabs(v) >= 1e9)
        return sess_num(s, v, buf);
    snprintf(buf, 32, "%.4f", v);
    trim_zeros(buf);
    if (strcmp(buf, "0") == 0 || strcmp(buf, "-0") == 0)
        strcpy(buf, v < 0 ? "-0.0000" : "0.0000");  // not 0, but under 5e-5
    return buf;
}

char *sess_num_sig(double v, int digits, char *buf)
{
    if (isnan(v) || isinf(v) || v == 0)
        return sess_num(NULL, v, buf);
    snprintf(buf, 32, "%.*g", digits, v);
    tidy_exponent(buf);
    return buf;
}

char *sess_num_exact(double v, char *buf)
{
    if (isnan(v) || isinf(v) || v == 0)
        return sess_num(NULL, v, buf);
    if (fabs(v) >= 1e-5 && fabs(v) < 1e15) {  // 0.00005, not 5e-5
        for (int p = 0; p <= 20; p++) {
            snprintf(buf, 32, "%.*f", p, v);
            if (strtod(buf, NULL) == v)
                return buf;
        }
    }
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, 32, "%.*g", p, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    tidy_exponent(buf);
    return buf;
}

/* ============================ names ============================ */

/* Ids of session names (NN_OP_VAR). Inputs and weights carry their index
 * in the low bits: x3 is VAR_X | 2. */
enum {
    VAR_B, VAR_Z, VAR_A, VAR_EPOCHS, VAR_ERRORS, VAR_LOSS, VAR_ACCURACY,
    VAR_MAXERROR, VAR_MEANERROR,
    VAR_X = 1 << 21, VAR_W = 1 << 22, VAR_INDEX = (1 << 21) - 1
};

static const char *const plain_names[] = {
    "b", "z", "a", "epochs", "errors", "loss", "accuracy", "maxerror",
    "meanerror"
};
#define PLAIN_COUNT (sizeof plain_names / sizeof plain_names[0])

/* x1..xn / w1..wn: the index (1-based) in name[1..len), or 0. */
static size_t indexed(const char *name, size_t len, char letter)
{
    if (len < 2 || len > 8 || name[0] != letter || name[1] == '0')
        return 0;
    size_t i = 0;
    for (size_t k = 1; k < len; k++) {
        if (name[k] < '0' || name[k] > '9')
            return 0;
        i = i * 10 + (size_t)(name[k] - '0');
    }
    return i;
}

static int lookup_var(void *ctx, const char *name, size_t len)
{
    (void)ctx;
    for (size_t i = 0; i < PLAIN_COUNT; i++)
        if (strlen(plain_names[i]) == len
            && memcmp(plain_names[i], name, len) == 0)
            return (int)i;
    size_t k = indexed(name, len, 'x');
    if (k >= 1 && k <= NN_NEURON_MAX_INPUTS)
        return VAR_X | (int)(k - 1);
    k = indexed(name, len, 'w');
    if (k >= 1 && k <= NN_NEURON_MAX_INPUTS)
        return VAR_W | (int)(k - 1);
    return -1;
}

int sess_has_name(const char *name, size_t len)
{
    return lookup_var(NULL, name, len) >= 0;
}

static int lookup_def(void *ctx, const char *name, size_t len)
{
    sess *s = ctx;
    if (s->pending_def >= 0 && len == s->pending_len
        && memcmp(name, s->pending_name, len) == 0)
        return s->pending_def;
    return defs_find(s->defs, name, len);
}

static int def_needs_x(void *ctx, int id)
{
    sess *s = ctx;
    return id == s->pending_def || defs_needs_x(s->defs, id);
}

static void each_var(void *ctx, void (*fn)(void *arg, const char *name),
                     void *arg, int callable)
{
    sess *s = ctx;
    for (size_t i = 0; !callable && i < PLAIN_COUNT; i++)
        fn(arg, plain_names[i]);
    for (size_t i = 0; i < defs_slots(s->defs); i++)
        if (defs_name(s->defs, (int)i))
            fn(arg, defs_name(s->defs, (int)i));
}

int sess_parse(sess *s, lexer *lx, int allow_x, nn_expr **prog)
{
    parse_names names = {
        .var = lookup_var, .def = lookup_def, .def_needs_x = def_needs_x,
        .each = each_var, .ctx = s, .allow_x = allow_x
    };
    lex_error err;
    if (parse_expr(lx, &names, prog, &err) != 0)
        return sess_fail_lex(s, &err);
    return 0;
}

/* Fills *v with the value of session name `id`, or records why it has
 * none. */
static nn_status var_value(void *ctx, int id, double *v)
{
    sess *s = ctx;
    const nn_neuron *nr = s->nr;
    size_t n = s->have_inputs || s->have_weights ? nr->n : 0;
    if (id & (VAR_X | VAR_W)) {
        size_t i = (size_t)(id & VAR_INDEX);
        int is_x = (id & VAR_X) != 0;
        int have = is_x ? s->have_inputs : s->have_weights;
        if (!have || i >= n) {
            if (!have)
                sess_fail(s, SIZE_MAX, 0, "%c%zu has no value yet: set the "
                          "%s first (%s)", is_x ? 'x' : 'w', i + 1,
                          is_x ? "inputs" : "weights",
                          is_x ? "inputs 1 0 1" : "weights 0.5 -0.2 0.8");
            else
                sess_fail(s, SIZE_MAX, 0, "%c%zu is not defined: the neuron "
                          "has %zu input%s", is_x ? 'x' : 'w', i + 1, n,
                          n == 1 ? "" : "s");
            return NN_EUNDEF;
        }
        *v = is_x ? nr->x[i] : nr->w[i];
        return NN_OK;
    }
    switch (id) {
    case VAR_B:
        *v = nr->b;
        return NN_OK;
    case VAR_Z:
    case VAR_A:
        if (!s->have_inputs || !s->have_weights) {
            sess_fail(s, SIZE_MAX, 0, "%s has no value yet: set %s first",
                      id == VAR_Z ? "z" : "a",
                      !s->have_inputs ? "the inputs (inputs 1 0 1)"
                                      : "the weights (weights 0.5 -0.2 0.8)");
            return NN_EUNDEF;
        }
        nn_neuron_fire(nr, id == VAR_Z ? v : NULL, id == VAR_A ? v : NULL);
        return NN_OK;
    case VAR_MAXERROR:
    case VAR_MEANERROR:
        if (!s->have_fit) {
            sess_fail(s, SIZE_MAX, 0, "%s has no value yet: it comes from "
                      "fit or compare", plain_names[id]);
            return NN_EUNDEF;
        }
        *v = id == VAR_MAXERROR ? s->maxerror : s->meanerror;
        return NN_OK;
    default:
        if (!s->have_training) {
            sess_fail(s, SIZE_MAX, 0, "%s has no value yet: it comes from "
                      "training", plain_names[id]);
            return NN_EUNDEF;
        }
        *v = id == VAR_EPOCHS ? s->epochs : id == VAR_ERRORS ? s->errors
           : id == VAR_LOSS ? s->loss : s->accuracy;
        return NN_OK;
    }
}

static nn_status call_def(void *ctx, int id, double arg, double *v)
{
    sess *s = ctx;
    nn_expr_env outer = { 0, var_value, NULL, s, sess_stop(s) };
    return defs_call(s->defs, id, arg, &outer, v);
}

void sess_env(sess *s, double x, nn_expr_env *env)
{
    *env = (nn_expr_env){ x, var_value, call_def, s, sess_stop(s) };
}

int sess_eval(sess *s, const nn_expr *e, double x, size_t col, double *v)
{
    nn_expr_env env;
    sess_env(s, x, &env);
    s->err[0] = '\0';
    nn_status st = nn_expr_eval(e, &env, v);
    if (st == NN_OK)
        return 0;
    if (st == NN_EINTR)  // Ctrl-C: no token to blame
        return sess_fail(s, SIZE_MAX, 0, "%s", nn_strerror(st));
    if (s->err[0] == '\0')
        return sess_fail(s, col, 1, "%s", nn_strerror(st));
    s->err_col = col;
    return CMD_ERR;
}
