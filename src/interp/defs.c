/*
 * defs.c - the table of user definitions, their dependency checks and
 * their evaluation.
 */
#include "defs.h"

#include <stdint.h> /* SIZE_MAX: costs saturate */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"
#include "../engine/mem.h"  /* nn_malloc: allocations a test can fail */

typedef struct def {
    char name[LEX_NAME_MAX + 1];  /* "" for a free slot */
    char *text;                   /* the right-hand side as typed */
    nn_expr *prog;
    int needs_x;                  /* uses x, itself or through calls */
    int depth;                    /* longest chain of calls from it, 1.. */
    size_t cost;                  /* instructions one value takes, with
                                     those of its calls */
} def;

struct defs {
    def *slot;
    size_t used, cap;
};

defs *defs_new(void)
{
    return nn_calloc(1, sizeof(defs));
}

static void def_clear(def *f)
{
    free(f->text);
    nn_expr_free(f->prog);
    memset(f, 0, sizeof *f);
}

defs *defs_copy(const defs *d)
{
    defs *c = nn_calloc(1, sizeof *c);
    if (!c || (d->used && !(c->slot = nn_calloc(d->used, sizeof *c->slot)))) {
        free(c);
        return NULL;
    }
    c->cap = c->used = d->used;
    for (size_t i = 0; i < d->used; i++) {
        const def *f = &d->slot[i];
        def *g = &c->slot[i];
        *g = *f;
        g->text = NULL;
        g->prog = NULL;
        if (!f->prog)
            continue;
        g->text = nn_strdup(f->text);
        g->prog = nn_expr_new();
        for (size_t k = 0; g->prog && k < nn_expr_length(f->prog); k++)
            if (nn_expr_emit(g->prog, *nn_expr_at(f->prog, k)) != NN_OK) {
                nn_expr_free(g->prog);
                g->prog = NULL;
            }
        if (!g->text || !g->prog) {
            defs_free(c);
            return NULL;
        }
    }
    return c;
}

size_t defs_count(const defs *d)
{
    size_t n = 0;
    for (size_t i = 0; i < d->used; i++)
        n += d->slot[i].prog != NULL;
    return n;
}

void defs_clear(defs *d)
{
    for (size_t i = 0; i < d->used; i++)
        def_clear(&d->slot[i]);
    d->used = 0;
}

void defs_free(defs *d)
{
    if (!d)
        return;
    defs_clear(d);
    free(d->slot);
    free(d);
}

size_t defs_slots(const defs *d)
{
    return d->used;
}

int defs_find(const defs *d, const char *name, size_t len)
{
    if (len > LEX_NAME_MAX)
        return -1;
    for (size_t i = 0; i < d->used; i++)
        if (d->slot[i].prog && strlen(d->slot[i].name) == len
            && memcmp(d->slot[i].name, name, len) == 0)
            return (int)i;
    return -1;
}

int defs_reserve(defs *d, const char *name, size_t len)
{
    int id = defs_find(d, name, len);
    if (id >= 0)
        return id;
    for (size_t i = 0; i < d->used; i++)
        if (!d->slot[i].prog)
            return (int)i;
    if (d->used >= DEFS_MAX)
        return -1;
    if (d->used == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        def *p = nn_realloc(d->slot, cap * sizeof *p);
        if (!p)
            return -2;
        d->slot = p;
        d->cap = cap;
    }
    memset(&d->slot[d->used], 0, sizeof(def));
    return (int)d->used++;
}

void defs_unreserve(defs *d)
{
    while (d->used > 0 && !d->slot[d->used - 1].prog)
        d->used--;
}

static const def *get(const defs *d, int id)
{
    if (id < 0 || (size_t)id >= d->used || !d->slot[id].prog)
        return NULL;
    return &d->slot[id];
}

const char *defs_name(const defs *d, int id)
{
    const def *f = get(d, id);
    return f ? f->name : NULL;
}

const char *defs_text(const defs *d, int id)
{
    const def *f = get(d, id);
    return f ? f->text : NULL;
}

const nn_expr *defs_prog(const defs *d, int id)
{
    const def *f = get(d, id);
    return f ? f->prog : NULL;
}

int defs_needs_x(const defs *d, int id)
{
    const def *f = get(d, id);
    return f ? f->needs_x : 0;
}

/* ============================ dependencies ============================ */

/* The program of id, with `self`'s replaced by `prog` (the definition
 * being checked). */
static const nn_expr *prog_of(const defs *d, int id, int self,
                              const nn_expr *prog)
{
    return id == self ? prog : defs_prog(d, id);
}

/* Depth-first from id, each definition visited once: 1 when `self` is
 * reached, with path[0..*n) the chain from id to self. */
static int reaches(const defs *d, int id, int self, const nn_expr *prog,
                   char *seen, int *path, int *n)
{
    if (seen[id] || *n > DEFS_MAX_DEPTH)
        return 0;
    seen[id] = 1;
    path[(*n)++] = id;
    const nn_expr *e = prog_of(d, id, self, prog);
    for (size_t i = 0; e && i < nn_expr_length(e); i++) {
        const nn_instr *in = nn_expr_at(e, i);
        if (in->op != NN_OP_CALL)
            continue;
        if (in->id == self) {
            path[(*n)++] = self;
            return 1;
        }
        if (reaches(d, in->id, self, prog, seen, path, n))
            return 1;
    }
    (*n)--;
    return 0;
}

/* Longest chain of calls from id (1 for a definition calling none), each
 * definition computed once into memo; the graph has no cycles. */
static int chain_depth(const defs *d, int id, int self, const nn_expr *prog,
                       int *memo)
{
    if (memo[id])
        return memo[id];
    const nn_expr *e = prog_of(d, id, self, prog);
    int best = 0;
    for (size_t i = 0; e && i < nn_expr_length(e); i++) {
        const nn_instr *in = nn_expr_at(e, i);
        if (in->op != NN_OP_CALL)
            continue;
        int k = chain_depth(d, in->id, self, prog, memo);
        best = k > best ? k : best;
    }
    return memo[id] = best + 1;
}

/* a + b, or SIZE_MAX when that would not fit: costs saturate. */
static size_t add_sat(size_t a, size_t b)
{
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

/* Instructions one evaluation of id runs: its own, plus for each call
 * the callee's cost, each definition computed once into memo (0: not yet;
 * a complete program has at least one instruction). Saturates at
 * SIZE_MAX; the recursion is as deep as the longest chain, which
 * check_graph has bounded first. */
static size_t eval_cost(const defs *d, int id, int self, const nn_expr *prog,
                        size_t *memo)
{
    if (memo[id])
        return memo[id];
    const nn_expr *e = prog_of(d, id, self, prog);
    size_t cost = nn_expr_length(e);
    for (size_t i = 0; e && i < nn_expr_length(e); i++) {
        const nn_instr *in = nn_expr_at(e, i);
        if (in->op == NN_OP_CALL)
            cost = add_sat(cost, eval_cost(d, in->id, self, prog, memo));
    }
    return memo[id] = cost ? cost : 1;
}

/* Whether id uses x, itself or through calls; memo: 0 unknown, 1 no,
 * 2 yes. */
static int uses_x(const defs *d, int id, signed char *memo)
{
    if (memo[id])
        return memo[id] == 2;
    memo[id] = 1;  // no cycles; this only guards the recursion
    const nn_expr *e = defs_prog(d, id);
    int yes = 0;
    for (size_t i = 0; e && !yes && i < nn_expr_length(e); i++) {
        const nn_instr *in = nn_expr_at(e, i);
        const nn_instr *next = i + 1 < nn_expr_length(e)
                               ? nn_expr_at(e, i + 1) : NULL;
        if (in->op == NN_OP_X && next && next->op == NN_OP_CALL) {
            /* a bare name, k in 2*k, is called at x: it matters only if
             * k itself uses x */
            yes = uses_x(d, next->id, memo);
            i++;
        } else if (in->op == NN_OP_X) {
            yes = 1;
        } else if (in->op == NN_OP_CALL) {
            yes = uses_x(d, in->id, memo);
        }
    }
    memo[id] = yes ? 2 : 1;
    return yes;
}

/* The name of id for messages, `self` being `name`. */
static const char *label(const defs *d, int id, int self, const char *name)
{
    return id == self ? name : defs_name(d, id);
}

/* "f18 is too costly: ...", or "redefining f0 would make f17 too costly:
 * ..." when `whose` is another than key, the one being defined. -1. */
static int too_costly(char *msg, size_t msgcap, const char *key,
                      const char *whose, size_t cost)
{
    int at = !whose ? snprintf(msg, msgcap, "%s is", key)
             : snprintf(msg, msgcap, "redefining %s would make %s", key,
                        whose);
    if (at >= 0 && (size_t)at < msgcap)
        snprintf(msg + at, msgcap - (size_t)at, " too costly: one value "
                 "would take %s%zu steps (at most %d); use fewer calls",
                 cost == SIZE_MAX ? "more than " : "", cost, DEFS_MAX_COST);
    return -1;
}

/* Checks that no definition costs more than DEFS_MAX_COST once `self`
 * is prog: self, or one that calls it (a redefinition changes the cost
 * of every caller), each cost memoised (by id) into memo. The costliest
 * is named. 0, or -1 with msg filled. */
static int check_cost(const defs *d, int self, const char *key,
                      const nn_expr *prog, size_t *memo, char *msg,
                      size_t msgcap)
{
    int worst = self;
    for (size_t id = 0; id < d->used; id++)
        if ((int)id == self || d->slot[id].prog)
            if (eval_cost(d, (int)id, self, prog, memo)
                > eval_cost(d, worst, self, prog, memo))
                worst = (int)id;
    size_t cost = eval_cost(d, worst, self, prog, memo);
    if (cost <= DEFS_MAX_COST)
        return 0;
    return too_costly(msg, msgcap, key,
                      worst == self ? NULL : label(d, worst, self, key),
                      cost);
}

/* What a definition's callers' checks read of it: the longest chain of
 * calls from it (1 for one that calls none), its cost and whether it
 * uses x. Kept in every defined slot. */
typedef struct summary {
    int depth;
    size_t cost;
    int needs_x;
} summary;

/* The summary of program e, from the summaries kept for the definitions
 * it calls (none of which is being changed: the cycle check came first).
 * A bare name called at x (X then CALL, k in 2*k) uses x only if the
 * callee does. */
static summary summarise(const defs *d, const nn_expr *e)
{
    summary s = { 1, nn_expr_length(e), 0 };
    for (size_t i = 0; i < nn_expr_length(e); i++) {
        const nn_instr *in = nn_expr_at(e, i);
        const nn_instr *next = nn_expr_at(e, i + 1);
        if (in->op == NN_OP_CALL) {
            const def *g = &d->slot[in->id];
            s.depth = g->depth + 1 > s.depth ? g->depth + 1 : s.depth;
            s.cost = add_sat(s.cost, g->cost);
            s.needs_x |= g->needs_x;
        } else if (in->op == NN_OP_X && !(next && next->op == NN_OP_CALL)) {
            s.needs_x = 1;
        }
    }
    return s;
}

/* The outcome of check_graph: self's new summary, and when it differs
 * from the one kept (so callers change too), every definition's new depth
 * and cost (indexed by id; NULL when only self changes). */
typedef struct graph_check {
    summary self;
    int *depth;
    size_t *cost;
} graph_check;

/* Checks that setting `self` to prog makes no cycle, no chain deeper
 * than DEFS_MAX_DEPTH and no definition costlier than DEFS_MAX_COST; 0,
 * or -1 with msg filled. Only self is summarised when nothing calls it
 * (it is new) or its summary stays as it was (a refit's units): then no
 * other definition changes. Otherwise every one is computed again. */
static int check_graph(const defs *d, int self, const char *key,
                       const nn_expr *prog, graph_check *g, char *msg,
                       size_t msgcap)
{
    int path[DEFS_MAX_DEPTH + 3];
    int n = 0;
    char *seen = nn_calloc(d->used, 1);
    if (!seen) {
        snprintf(msg, msgcap, "out of memory");
        return -1;
    }
    int cycle = reaches(d, self, self, prog, seen, path, &n);
    free(seen);
    if (cycle) {
        size_t at = (size_t)snprintf(msg, msgcap, "%s depends on itself: ",
                                     key);
        for (int k = 0; k < n && at < msgcap; k++)
            at += (size_t)snprintf(msg + at, msgcap - at, "%s%s",
                                   k ? " -> " : "",
                                   label(d, path[k], self, key));
        return -1;
    }
    g->self = summarise(d, prog);
    g->depth = NULL;
    g->cost = NULL;
    if (g->self.depth > DEFS_MAX_DEPTH) {
        snprintf(msg, msgcap, "definitions nested too deeply (more than %d "
                 "in a chain)", DEFS_MAX_DEPTH);
        return -1;
    }
    if (g->self.cost > DEFS_MAX_COST)
        return too_costly(msg, msgcap, key, NULL, g->self.cost);
    const def *old = &d->slot[self];
    if (!old->prog || (old->depth == g->self.depth
                       && old->cost == g->self.cost
                       && old->needs_x == g->self.needs_x))
        return 0;
    /* callers change: every definition, memoised */
    g->depth = nn_calloc(d->used, sizeof *g->depth);
    g->cost = nn_calloc(d->used, sizeof *g->cost);
    int rc = 0;
    if (!g->depth || !g->cost) {
        snprintf(msg, msgcap, "out of memory");
        rc = -1;
    }
    for (size_t id = 0; id < d->used && rc == 0; id++)
        if ((int)id == self || d->slot[id].prog)
            if (chain_depth(d, (int)id, self, prog, g->depth)
                > DEFS_MAX_DEPTH) {
                snprintf(msg, msgcap, "definitions nested too deeply "
                         "(more than %d in a chain)", DEFS_MAX_DEPTH);
                rc = -1;
            }
    if (rc == 0)
        rc = check_cost(d, self, key, prog, g->cost, msg, msgcap);
    if (rc != 0) {
        free(g->depth);
        free(g->cost);
        g->depth = NULL;
        g->cost = NULL;
    }
    return rc;
}

int defs_set(defs *d, const char *name, size_t len, nn_expr *prog,
             const char *text, size_t tlen, char *msg, size_t msgcap)
{
    char key[LEX_NAME_MAX + 1];
    int self = len > LEX_NAME_MAX ? -1 : defs_reserve(d, name, len);
    if (self < 0) {
        snprintf(msg, msgcap, len > LEX_NAME_MAX ? "name too long"
                 : self == -2 ? "out of memory"
                 : "too many definitions (at most %d)", DEFS_MAX);
        nn_expr_free(prog);
        return -1;
    }
    memcpy(key, name, len);
    key[len] = '\0';
    graph_check g = { { 0, 0, 0 }, NULL, NULL };
    char *copy = nn_malloc(tlen + 1);
    signed char *memo = NULL;
    int rc = copy ? check_graph(d, self, key, prog, &g, msg, msgcap) : -1;
    if (rc == 0 && g.depth && !(memo = nn_calloc(d->used, 1)))
        rc = -1;
    if (rc != 0) {
        if (!copy || (g.depth && !memo))
            snprintf(msg, msgcap, "out of memory");
        free(g.depth);
        free(g.cost);
        free(copy);
        nn_expr_free(prog);
        defs_unreserve(d);
        return -1;
    }
    memcpy(copy, text, tlen);
    copy[tlen] = '\0';
    def *f = &d->slot[self];
    def_clear(f);
    memcpy(f->name, key, len + 1);
    f->text = copy;
    f->prog = prog;
    f->depth = g.self.depth;
    f->cost = g.self.cost;
    f->needs_x = g.self.needs_x;
    if (g.depth) {  /* callers changed: every summary again */
        for (size_t id = 0; id < d->used; id++)
            if (d->slot[id].prog) {
                d->slot[id].depth = g.depth[id];
                d->slot[id].cost = g.cost[id];
                d->slot[id].needs_x = uses_x(d, (int)id, memo);
            }
        free(g.depth);
        free(g.cost);
        free(memo);
    }
    return 0;
}

int defs_remove(defs *d, const char *name, size_t len, char *msg,
                size_t msgcap)
{
    int id = defs_find(d, name, len);
    int n = len > 40 ? 40 : (int)len;
    if (id < 0) {
        snprintf(msg, msgcap, "%.*s is not defined", n, name);
        return -1;
    }
    for (size_t k = 0; k < d->used; k++) {
        const nn_expr *e = d->slot[k].prog;
        for (size_t i = 0; e && (int)k != id && i < nn_expr_length(e); i++)
            if (nn_expr_at(e, i)->op == NN_OP_CALL
                && nn_expr_at(e, i)->id == id) {
                snprintf(msg, msgcap, "%.*s is used by %s; undef %s first",
                         n, name, d->slot[k].name, d->slot[k].name);
                return -1;
            }
    }
    def_clear(&d->slot[id]);
    while (d->used > 0 && !d->slot[d->used - 1].prog)
        d->used--;
    return 0;
}

/* ============================ evaluation ============================ */

typedef struct call_ctx {
    const defs *d;
    const nn_expr_env *outer;
} call_ctx;

static nn_status call_def(void *ctx, int id, double arg, double *out)
{
    const call_ctx *c = ctx;
    return defs_call(c->d, id, arg, c->outer, out);
}

static nn_status outer_var(void *ctx, int id, double *out)
{
    const call_ctx *c = ctx;
    if (!c->outer || !c->outer->var)
        return NN_EUNDEF;
    return c->outer->var(c->outer->ctx, id, out);
}

nn_status defs_call(const defs *d, int id, double arg,
                    const nn_expr_env *outer, double *out)
{
    const nn_expr *e = defs_prog(d, id);
    if (!e)
        return NN_EUNDEF;
    call_ctx c = { d, outer };
    nn_expr_env env = { arg, outer_var, call_def, &c,
                        outer ? outer->stop : NULL };
    return nn_expr_eval(e, &env, out);
}
