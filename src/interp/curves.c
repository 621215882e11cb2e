/*
 * curves.c - reading "EXPR, EXPR from A to B step S" for plot, table,
 * compare and fit.
 */
#include "curves.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "parse.h"

/* 1 when t ends an item list. `step` is also an activation: it is the
 * keyword only when a number (or a sign) follows it. */
static int ends_items(const lexer *lx, const token *t, const char *stop_word)
{
    if (tok_is_word(t, "step")) {
        lexer look = *lx;
        token after;
        lex_error err;
        lex_next(&look, &after, &err);  // t itself
        return lex_next(&look, &after, &err) == 0
               && (after.kind == TOK_NUM || tok_is(&after, '-')
                   || tok_is(&after, '+'));
    }
    return t->kind == TOK_END || tok_is_word(t, "from")
           || (stop_word && tok_is_word(t, stop_word));
}

/* A bare activation name (relu, sigmoid') as the curve act(x). */
static int activation_item(sess *s, lexer *lx, curve *c, int *done)
{
    lexer look = *lx;
    token t, after;
    lex_error err;
    *done = 0;
    if (lex_next(&look, &t, &err) != 0 || t.kind != TOK_NAME)
        return 0;
    const nn_act *act = nn_act_find(t.start, t.len);
    if (!act)
        return 0;
    int prime = 0;
    if (lex_peek(&look, &after, &err) == 0 && tok_is(&after, '\'')
        && !after.space_before) {
        lex_next(&look, &after, &err);
        prime = 1;
    }
    if (lex_peek(&look, &after, &err) != 0)
        return 0;
    if (!tok_is(&after, ',') && after.kind != TOK_END
        && after.kind != TOK_NAME)
        return 0;  // relu(x - 1) and the like: an expression
    nn_expr *e = nn_expr_new();
    nn_instr x = { NN_OP_X, 0, 0, NULL };
    nn_instr f = { prime ? NN_OP_DACT : NN_OP_ACT, 0, act->param_default,
                   act };
    if (!e || nn_expr_emit(e, x) != NN_OK || nn_expr_emit(e, f) != NN_OK) {
        nn_expr_free(e);
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    }
    c->prog = e;
    snprintf(c->label, sizeof c->label, "%s%s", act->name, prime ? "'" : "");
    *lx = look;
    *done = 1;
    return 0;
}

/* One item: an activation name or an expression in x. */
static int read_item(sess *s, lexer *lx, curve *c)
{
    token first, after;
    lex_error err;
    int done;
    c->def_id = -1;
    if (activation_item(s, lx, c, &done) != 0)
        return CMD_ERR;
    if (done)
        return 0;
    if (lex_peek(lx, &first, &err) != 0)
        return sess_fail_lex(s, &err);
    if (sess_parse(s, lx, 1, &c->prog) != 0)
        return CMD_ERR;
    if (lex_peek(lx, &after, &err) != 0)
        after.col = lx->col0 + lx->len;
    size_t len = after.col - first.col;
    while (len > 0 && strchr(" \t\r", first.start[len - 1]))
        len--;
    if (len >= sizeof c->label)
        snprintf(c->label, sizeof c->label, "%.*s...",
                 (int)sizeof c->label - 4, first.start);
    else
        snprintf(c->label, sizeof c->label, "%.*s", (int)len, first.start);
    if (first.kind == TOK_NAME && nn_expr_length(c->prog) == 2)
        c->def_id = defs_find(s->defs, first.start, first.len);
    return 0;
}

/* A constant expression for a bound: stops at to/step/with or the end. */
static int bound(sess *s, lexer *lx, const char *what, double *v)
{
    token t;
    lex_error err;
    nn_expr *e;
    if (lex_peek(lx, &t, &err) != 0)
        return sess_fail_lex(s, &err);
    if (t.kind == TOK_END)
        return sess_fail(s, t.col, 1, "expected %s, got end of line", what);
    if (sess_parse(s, lx, 0, &e) != 0)
        return CMD_ERR;
    int rc = sess_eval(s, e, 0, t.col, v);
    nn_expr_free(e);
    if (rc == 0 && !isfinite(*v))
        return sess_fail(s, t.col, t.len, "%s must be a finite number",
                         what);
    return rc;
}

/* Reads the word `word` or records what was expected. */
static int keyword(sess *s, lexer *lx, const char *word)
{
    token t;
    lex_error err;
    if (lex_next(lx, &t, &err) != 0)
        return sess_fail_lex(s, &err);
    if (!tok_is_word(&t, word)) {
        char what[32];
        snprintf(what, sizeof what, "'%s'", word);
        lex_expected(&err, &t, what);
        return sess_fail_lex(s, &err);
    }
    return 0;
}

int curves_read_range(sess *s, lexer *lx, curve_set *cs, int want_step)
{
    token t;
    lex_error err;
    if (keyword(s, lx, "from") != 0
        || bound(s, lx, "the start of the range", &cs->from) != 0)
        return CMD_ERR;
    if (lex_peek(lx, &t, &err) != 0)
        return sess_fail_lex(s, &err);
    size_t col = t.col;
    if (keyword(s, lx, "to") != 0
        || bound(s, lx, "the end of the range", &cs->to) != 0)
        return CMD_ERR;
    if (!(cs->from < cs->to))
        return sess_fail(s, col, 2, "the range must go up: from %g to %g "
                         "is empty", cs->from, cs->to);
    cs->has_range = 1;
    if (want_step && lex_peek(lx, &t, &err) == 0 && tok_is_word(&t, "step")) {
        lex_next(lx, &t, &err);
        lex_peek(lx, &t, &err);
        if (bound(s, lx, "the step", &cs->step) != 0)
            return CMD_ERR;
        if (!(cs->step > 0))
            return sess_fail(s, t.col, t.len, "the step must be above 0");
        cs->has_step = 1;
    }
    return 0;
}

int curves_read(sess *s, lexer *lx, curve_set *cs, const char *stop_word)
{
    token t;
    lex_error err;
    memset(cs, 0, sizeof *cs);
    for (;;) {
        if (lex_peek(lx, &t, &err) != 0) {
            sess_fail_lex(s, &err);
            goto fail;
        }
        if (ends_items(lx, &t, stop_word)) {
            if (cs->n == 0) {
                lex_expected(&err, &t, "something to draw: an expression "
                             "in x, a definition or an activation");
                sess_fail_lex(s, &err);
                goto fail;
            }
            break;
        }
        if (cs->n == CURVES_MAX) {
            sess_fail(s, t.col, t.len, "too many curves (at most %d)",
                      CURVES_MAX);
            goto fail;
        }
        if (read_item(s, lx, &cs->item[cs->n]) != 0)
            goto fail;
        cs->n++;
        if (lex_peek(lx, &t, &err) == 0 && tok_is(&t, ','))
            lex_next(lx, &t, &err);
        else if (!ends_items(lx, &t, stop_word)) {
            char what[80];
            snprintf(what, sizeof what, "',', %s%s%s'from' or the end of "
                     "the line", stop_word ? "'" : "",
                     stop_word ? stop_word : "", stop_word ? "', " : "");
            lex_expected(&err, &t, what);
            sess_fail_lex(s, &err);
            goto fail;
        }
    }
    if (lex_peek(lx, &t, &err) == 0 && tok_is_word(&t, "from")
        && curves_read_range(s, lx, cs, 1) != 0)
        goto fail;
    if (!cs->has_step && lex_peek(lx, &t, &err) == 0
        && tok_is_word(&t, "step")) {
        lex_next(lx, &t, &err);
        lex_peek(lx, &t, &err);
        if (bound(s, lx, "the step", &cs->step) != 0)
            goto fail;
        if (!(cs->step > 0)) {
            sess_fail(s, t.col, t.len, "the step must be above 0");
            goto fail;
        }
        cs->has_step = 1;
    }
    return 0;
fail:
    curves_free(cs);
    return CMD_ERR;
}

void curves_free(curve_set *cs)
{
    for (size_t i = 0; i < cs->n; i++)
        nn_expr_free(cs->item[i].prog);
    cs->n = 0;
}

double curves_x(double from, double to, size_t i, size_t n)
{
    if (i == 0)
        return from;
    if (i + 1 >= n)
        return to;
    double t = (double)i / (double)(n - 1);
    return from * (1 - t) + to * t;
}

static const nn_expr *def_prog(void *ctx, int id)
{
    sess *s = ctx;
    return defs_prog(s->defs, id);
}

int curves_relusum(sess *s, const curve *c, nn_relusum *z)
{
    nn_expr_env env;
    sess_env(s, 0, &env);
    nn_status st = nn_relusum_from_expr(c->prog, def_prog, &env, z);
    if (st == NN_OK)
        return 0;
    if (st == NN_EINTR)
        return sess_fail(s, SIZE_MAX, 0, "interrupted");
    if (st == NN_EFORMAT)
        return sess_fail(s, SIZE_MAX, 0, "%s is not a sum of ReLU units of "
                         "x (only relu, leaky_relu, + - and constant "
                         "factors)", c->label);
    return sess_fail(s, SIZE_MAX, 0, "%s: %s", c->label, nn_strerror(st));
}

int curves_eval(sess *s, const curve *c, double x, double *y)
{
    return sess_eval(s, c->prog, x, SIZE_MAX, y);
}
