/*
 * relusum.c - ReLU sums: reading one out of an expression, its pieces,
 * and fitting one to a function.
 *
 * Reading is an abstract run of the postfix program where every value is
 * a linear form  c0 + c1*x + sum_k coef[k] * unit[k]  instead of a number.
 * relu of an affine form (no units inside) makes a new unit; +, - and
 * scaling by constants combine forms; anything else (x*x, sin(x), relu of
 * a form that already holds units) means the expression is not a plain
 * ReLU sum. Calls to definitions run the callee with x standing for the
 * affine argument, so n1(2x + 1) works too.
 */
#include "relusum.h"
#include "mem.h"  /* nn_malloc: allocations a test can fail */

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ============================ linear forms ============================ */

typedef struct term {
    size_t unit;   /* index into the sum's units */
    double coef;
} term;

/* c0 + c1*x + sum coef * unit, terms sorted by unit */
typedef struct form {
    double c0, c1;
    size_t n, cap;
    term *t;
} form;

static void form_free(form *f)
{
    free(f->t);
    memset(f, 0, sizeof *f);
}

static int is_const(const form *f) { return f->c1 == 0 && f->n == 0; }
static int is_affine(const form *f) { return f->n == 0; }

static void form_scale(form *f, double k)
{
    f->c0 *= k;
    f->c1 *= k;
    for (size_t i = 0; i < f->n; i++)
        f->t[i].coef *= k;
}

/* *a = *a + sign * *b, merging terms; b is freed. */
static nn_status form_add(form *a, form *b, double sign)
{
    term *t = NULL;
    size_t n = 0, i = 0, j = 0;
    if (a->n + b->n > 0) {
        t = nn_malloc((a->n + b->n) * sizeof *t);
        if (!t) {
            form_free(b);
            return NN_ENOMEM;
        }
    }
    while (i < a->n || j < b->n) {
        if (j == b->n || (i < a->n && a->t[i].unit < b->t[j].unit)) {
            t[n++] = a->t[i++];
        } else if (i == a->n || b->t[j].unit < a->t[i].unit) {
            t[n] = b->t[j++];
            t[n++].coef *= sign;
        } else {
            t[n] = a->t[i++];
            t[n++].coef += sign * b->t[j++].coef;
        }
    }
    a->c0 += sign * b->c0;
    a->c1 += sign * b->c1;
    free(a->t);
    a->t = t;
    a->n = a->cap = n;
    form_free(b);
    return NN_OK;
}

/* ============================ the abstract run ============================ */

typedef struct analyser {
    nn_relusum *z;          /* units found so far (their c unused) */
    size_t cap;
    nn_def_lookup defs;
    const nn_expr_env *env;
    int depth;              /* calls being followed */
} analyser;

/* Form for relu(w*x + b) made inside definition `origin`. */
static nn_status make_unit(analyser *an, double w, double b, int origin,
                           form *out)
{
    memset(out, 0, sizeof *out);
    if (w == 0) {
        out->c0 = b > 0 ? b : 0;
        return NN_OK;
    }
    nn_relusum *z = an->z;
    size_t k = 0;
    while (k < z->n && !(z->unit[k].w == w && z->unit[k].b == b))
        k++;
    if (k == z->n) {
        if (z->n == NN_RELUSUM_MAX_UNITS)
            return NN_ERANGE;
        if (z->n == an->cap) {
            size_t cap = an->cap ? an->cap * 2 : 8;
            nn_relu_unit *u = nn_realloc(z->unit, cap * sizeof *u);
            if (!u)
                return NN_ENOMEM;
            z->unit = u;
            an->cap = cap;
        }
        z->unit[z->n++] = (nn_relu_unit){ w, b, 0, origin };
    }
    out->t = nn_malloc(sizeof *out->t);
    if (!out->t)
        return NN_ENOMEM;
    out->t[0] = (term){ k, 1 };
    out->n = out->cap = 1;
    return NN_OK;
}

/* An activation of form a (replaced by the result). */
static nn_status activate(analyser *an, const nn_instr *in, form *a,
                          int origin)
{
    if (is_const(a)) {
        a->c0 = in->op == NN_OP_ACT ? in->act->f(a->c0, in->value)
                                    : in->act->df(a->c0, in->value);
        return NN_OK;
    }
    const nn_act *act = in->act;
    if (in->op != NN_OP_ACT || !is_affine(a) || !act->relu_form)
        return NN_EFORMAT;
    /* the row's form: f(z) = slope*z + (1 - slope)*relu(z) */
    double slope = act->param_name ? in->value : act->relu_slope;
    if (slope == 1)
        return NN_OK;  /* linear */
    form u;
    nn_status st = make_unit(an, a->c1, a->c0, origin, &u);
    if (st != NN_OK)
        return st;
    form_scale(&u, 1 - slope);
    form_scale(a, slope);
    return form_add(a, &u, 1);
}

static nn_status run(analyser *an, const nn_expr *e, const form *x,
                     int origin, form *result);

/* One instruction on the stack of forms; *sp is the stack height. */
static nn_status step(analyser *an, const nn_instr *in, form *st,
                      size_t *sp, const form *x, int origin)
{
    form *top = *sp ? &st[*sp - 1] : NULL;
    double v;
    switch (in->op) {
    case NN_OP_CONST:
    case NN_OP_X:
    case NN_OP_VAR:
        memset(&st[*sp], 0, sizeof st[0]);
        if (in->op == NN_OP_CONST) {
            st[*sp].c0 = in->value;
        } else if (in->op == NN_OP_X) {
            st[*sp].c0 = x->c0;
            st[*sp].c1 = x->c1;
        } else {
            if (!an->env || !an->env->var
                || an->env->var(an->env->ctx, in->id, &v) != NN_OK)
                return NN_EUNDEF;
            st[*sp].c0 = v;
        }
        (*sp)++;
        return NN_OK;
    case NN_OP_NEG:
        form_scale(top, -1);
        return NN_OK;
    case NN_OP_ADD:
    case NN_OP_SUB:
        (*sp)--;
        return form_add(&st[*sp - 1], &st[*sp],
                        in->op == NN_OP_ADD ? 1 : -1);
    case NN_OP_MUL:
    case NN_OP_DIV:
    case NN_OP_POW: {
        form *a = &st[*sp - 2], *b = &st[*sp - 1];
        nn_status rc = NN_OK;
        if (in->op == NN_OP_MUL && is_const(a)) {
            form_scale(b, a->c0);
            form_free(a);
            *a = *b;
            memset(b, 0, sizeof *b);
        } else if (in->op == NN_OP_MUL && is_const(b)) {
            form_scale(a, b->c0);
        } else if (in->op == NN_OP_DIV && is_const(b) && b->c0 != 0) {
            form_scale(a, 1 / b->c0);
        } else if (in->op == NN_OP_POW && is_const(a) && is_const(b)) {
            a->c0 = pow(a->c0, b->c0);
        } else {
            rc = NN_EFORMAT;
        }
        form_free(b);
        (*sp)--;
        return rc;
    }
    case NN_OP_FN:
        if (!is_const(top))
            return NN_EFORMAT;
        top->c0 = nn_fn_apply(in->id, top->c0);
        return NN_OK;
    case NN_OP_ACT:
    case NN_OP_DACT:
        return activate(an, in, top, origin);
    case NN_OP_CALL: {
        const nn_expr *callee = an->defs ? an->defs(an->env ? an->env->ctx
                                                   : NULL, in->id) : NULL;
        if (!callee || !is_affine(top))
            return callee ? NN_EFORMAT : NN_EUNDEF;
        if (++an->depth > 64)
            return NN_EDEPTH;
        form arg = *top;
        nn_status rc = run(an, callee, &arg, in->id, top);
        form_free(&arg);
        an->depth--;
        return rc;
    }
    }
    return NN_EFORMAT;
}

/* Runs e with x standing for the affine form *x; the value goes to
 * *result (owned by the caller afterwards). */
static nn_status run(analyser *an, const nn_expr *e, const form *x,
                     int origin, form *result)
{
    form st[NN_EXPR_STACK_MAX];
    size_t sp = 0;
    nn_status rc = nn_expr_complete(e) ? NN_OK : NN_EFORMAT;
    /* counted as nn_expr_eval counts a run: a call is a run of its own */
    if (rc == NN_OK && an->env != NULL
        && nn_stop_poll(an->env->stop, nn_expr_length(e),
                        NN_EXPR_STOP_EVERY))
        rc = NN_EINTR;
    for (size_t i = 0; rc == NN_OK && i < nn_expr_length(e); i++)
        rc = step(an, nn_expr_at(e, i), st, &sp, x, origin);
    if (rc == NN_OK) {
        *result = st[0];
        sp = sp ? sp - 1 : 0;
        memmove(st, st + 1, sp * sizeof st[0]);
    }
    while (sp > 0)
        form_free(&st[--sp]);
    return rc;
}

void nn_relusum_free(nn_relusum *z)
{
    if (!z)
        return;
    free(z->unit);
    memset(z, 0, sizeof *z);
}

nn_status nn_relusum_from_expr(const nn_expr *e, nn_def_lookup defs,
                               const nn_expr_env *env, nn_relusum *out)
{
    nn_relusum z = { 0 };
    analyser an = { &z, 0, defs, env, 0 };
    form x = { 0, 1, 0, 0, NULL };
    form r;
    nn_status rc = run(&an, e, &x, -1, &r);
    if (rc != NN_OK) {
        nn_relusum_free(&z);
        return rc;
    }
    for (size_t i = 0; i < r.n; i++)
        z.unit[r.t[i].unit].c = r.t[i].coef;
    z.c0 = r.c0;
    z.c1 = r.c1;
    form_free(&r);
    size_t kept = 0;  // drop units whose weights cancelled (n1 - n1)
    for (size_t k = 0; k < z.n; k++)
        if (z.unit[k].c != 0)
            z.unit[kept++] = z.unit[k];
    z.n = kept;
    *out = z;
    return NN_OK;
}

/* ============================ pieces ============================ */

double nn_relusum_eval(const nn_relusum *z, double x)
{
    double y = z->c0 + z->c1 * x;
    for (size_t k = 0; k < z->n; k++) {
        double u = z->unit[k].w * x + z->unit[k].b;
        y += z->unit[k].c * (u > 0 ? u : 0);
    }
    return y;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

nn_status nn_relusum_breaks(const nn_relusum *z, double **breaks, size_t *n)
{
    *breaks = NULL;
    *n = 0;
    if (z->n == 0)
        return NN_OK;
    double *t = nn_malloc(z->n * sizeof *t);
    if (!t)
        return NN_ENOMEM;
    size_t m = 0;
    for (size_t k = 0; k < z->n; k++)
        if (z->unit[k].w != 0)
            t[m++] = -z->unit[k].b / z->unit[k].w;
    qsort(t, m, sizeof *t, cmp_double);
    size_t u = 0;
    for (size_t i = 0; i < m; i++)
        if (u == 0 || t[i] != t[u - 1])
            t[u++] = t[i];
    if (u == 0) {
        free(t);
        return NN_OK;
    }
    *breaks = t;
    *n = u;
    return NN_OK;
}

nn_status nn_relusum_pieces(const nn_relusum *z, nn_relu_piece **pieces,
                            size_t *n)
{
    double *t;
    size_t m;
    nn_status rc = nn_relusum_breaks(z, &t, &m);
    if (rc != NN_OK)
        return rc;
    nn_relu_piece *p = nn_malloc((m + 1) * sizeof *p);
    if (!p) {
        free(t);
        return NN_ENOMEM;
    }
    for (size_t i = 0; i <= m; i++) {
        p[i].from = i == 0 ? -INFINITY : t[i - 1];
        p[i].to = i == m ? INFINITY : t[i];
        /* a point strictly inside the piece decides which units are on */
        double mid = m == 0 ? 0 : i == 0 ? t[0] - fmax(1, fabs(t[0]))
                   : i == m ? t[m - 1] + fmax(1, fabs(t[m - 1]))
                   : t[i - 1] / 2 + t[i] / 2;  // t + 1 == t past 2^53
        p[i].slope = z->c1;
        p[i].icpt = z->c0;
        for (size_t k = 0; k < z->n; k++) {
            const nn_relu_unit *u = &z->unit[k];
            if (u->w * mid + u->b > 0) {
                p[i].slope += u->c * u->w;
                p[i].icpt += u->c * u->b;
            }
        }
    }
    free(t);
    *pieces = p;
    *n = m + 1;
    return NN_OK;
}

/* ============================ fitting ============================ */

nn_status nn_relusum_fit(nn_target_fn f, void *ctx, double a, double b,
                         size_t n, nn_relusum *out, double *bad_x)
{
    if (!(a < b) || !isfinite(a) || !isfinite(b) || n < 1
        || n > NN_RELUSUM_MAX_UNITS)
        return NN_ERANGE;
    double h = b / (double)n - a / (double)n;  // (b - a)/n, no overflow
    double *y = nn_malloc((n + 1) * sizeof *y);
    nn_relu_unit *u = nn_malloc(n * sizeof *u);
    nn_status rc = y && u ? NN_OK : NN_ENOMEM;
    for (size_t k = 0; rc == NN_OK && k <= n; k++) {
        double f_k = (double)k / (double)n;
        double t = k == n ? b : a * (1 - f_k) + b * f_k;
        rc = f(ctx, t, &y[k]);
        if (rc == NN_OK && !isfinite(y[k])) {
            *bad_x = t;
            rc = NN_ERANGE;
        }
    }
    if (rc != NN_OK) {
        free(y);
        free(u);
        return rc;
    }
    /* s[k] = (y[k+1] - y[k]) / h; unit k = relu(x - t[k]), weight
     * s[k] - s[k-1] */
    double prev = 0;
    for (size_t k = 0; k < n; k++) {
        double f_k = (double)k / (double)n;
        double t = a * (1 - f_k) + b * f_k;
        double s = (y[k + 1] - y[k]) / h;
        u[k] = (nn_relu_unit){ 1, -t, s - prev, -1 };
        prev = s;
    }
    out->c0 = y[0];
    out->c1 = 0;
    out->n = n;
    out->unit = u;
    free(y);
    return NN_OK;
}
