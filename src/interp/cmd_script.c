/*
 * cmd_script.c - commands for scripts and the session: say, expect,
 * pause, echo, spacing, run, print, digits, threads, reset, quit.
 */
#include "cmd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "interp.h"
#include "parse.h"
#include "../engine/pool.h"  /* nn_pool_set_threads: the threads command */

int cmd_say(sess *s, const cmd_args *a)
{
    out_escaped(s->o, OUT_OUT, a->text, a->len);
    out_write(s->o, OUT_OUT, "\n", 1);
    return CMD_OK;
}

int cmd_pause(sess *s, const cmd_args *a)
{
    (void)a;
    if (s->wait && s->wait(s->wait_ctx) != 0)
        return CMD_EXIT;  // end of input while waiting
    return CMD_OK;
}

int cmd_echo(sess *s, const cmd_args *a)
{
    int on;
    if (cmd_read_row(s, a, cmd_echo_word, &on) != 0)
        return CMD_ERR;
    s->echo = on == ROW_ON;
    return CMD_OK;
}

/* Reads the whole argument as a whole number from 0 to most into *n: 0,
 * or CMD_ERR saying so ("expected a whole number from 0 to MOST" and
 * note). With no argument, *n is -1 when empty_ok, else an error. */
static int whole_arg(sess *s, const cmd_args *a, int most, const char *note,
                     int empty_ok, int *n)
{
    lexer lx;
    token t;
    lex_error err;
    cmd_lex(&lx, a);
    if (lex_next(&lx, &t, &err) != 0)
        return sess_fail_lex(s, &err);
    if (empty_ok && t.kind == TOK_END) {
        *n = -1;
        return 0;
    }
    if (t.kind != TOK_NUM || t.num != floor(t.num) || t.num < 0
        || t.num > most)
        return sess_fail(s, t.col, t.len, "expected a whole number from 0 "
                         "to %d%s", most, note);
    if (cmd_read_end(s, &lx) != 0)
        return CMD_ERR;
    *n = (int)t.num;
    return 0;
}

int cmd_spacing(sess *s, const cmd_args *a)
{
    return whole_arg(s, a, SESS_SPACING_MAX, "", 0, &s->spacing) != 0
           ? CMD_ERR : CMD_OK;
}

int cmd_run(sess *s, const cmd_args *a)
{
    char path[4096];
    if (a->len >= sizeof path)
        return sess_fail(s, a->col, a->len, "file name too long");
    memcpy(path, a->text, a->len);
    path[a->len] = '\0';
    if (memchr(path, '\0', a->len))
        return sess_fail(s, a->col, a->len, "bad file name");
    return interp_run_file(s, path);  // its errors are reported already
}

int cmd_reset(sess *s, const cmd_args *a)
{
    (void)a;
    return sess_reset(s);
}

int cmd_quit(sess *s, const cmd_args *a)
{
    (void)s;
    (void)a;
    return CMD_EXIT;
}

/* Parses an expression to the end of the handler's text and evaluates
 * it. Returns 0 with *v set, or CMD_ERR. */
static int eval_rest(sess *s, lexer *lx, double *v)
{
    nn_expr *e;
    token t;
    lex_error err;
    lex_peek(lx, &t, &err);
    if (sess_parse(s, lx, 0, &e) != 0)
        return CMD_ERR;
    int rc = parse_expect_end(lx, &err) != 0 ? sess_fail_lex(s, &err)
             : sess_eval(s, e, 0, t.col, v);
    nn_expr_free(e);
    return rc;
}

int cmd_print(sess *s, const cmd_args *a)
{
    lexer lx;
    double v;
    char buf[32];
    cmd_lex(&lx, a);
    if (eval_rest(s, &lx, &v) != 0)
        return CMD_ERR;
    out_printf(s->o, "%s\n", sess_num(s, v, buf));
    return CMD_OK;
}

int cmd_digits(sess *s, const cmd_args *a)
{
    return whole_arg(s, a, 17, "", 0, &s->digits) != 0 ? CMD_ERR : CMD_OK;
}

/* threads [N]: how many threads the network's products use (the
 * process's setting, not the session's: reset and save leave it). */
int cmd_threads(sess *s, const cmd_args *a)
{
    int n;
    if (whole_arg(s, a, NN_POOL_MAX, " (0: one a core)", 1, &n) != 0)
        return CMD_ERR;
    if (n < 0)
        out_printf(s->o, "threads %zu\n", nn_pool_threads());
    else
        nn_pool_set_threads((size_t)n);
    return CMD_OK;
}

/* ============================ expect ============================ */

/* Parses one side of a condition into *e: *first is its first token and
 * text/len its source text, trailing spaces dropped. 0 or CMD_ERR. */
static int cond_side(sess *s, lexer *lx, nn_expr **e, token *first,
                     const char **text, size_t *len)
{
    lex_error err;
    if (lex_peek(lx, first, &err) != 0)
        return sess_fail_lex(s, &err);
    if (sess_parse(s, lx, 0, e) != 0)
        return CMD_ERR;
    token next;
    if (lex_peek(lx, &next, &err) != 0)
        next.col = lx->col0 + lx->len;
    size_t end = next.col - lx->col0;  // where the next token starts
    while (end > 0 && strchr(" \t\r", lx->src[end - 1]))
        end--;
    *text = first->start;
    *len = (size_t)(lx->src + end - first->start);
    return 0;
}

/* 1 when the token at column col of lx's text is a name the session does
 * not know (yet): no function, activation, session name or definition,
 * so perhaps one the learner is about to define. */
static int unknown_name_at(const sess *s, const lexer *lx, size_t col)
{
    if (col == SIZE_MAX || col < lx->col0 || col >= lx->col0 + lx->len)
        return 0;
    lexer look;
    token t;
    lex_error err;
    size_t off = col - lx->col0;
    lex_init(&look, lx->src + off, lx->len - off, col);
    if (lex_next(&look, &t, &err) != 0 || t.kind != TOK_NAME)
        return 0;
    return !nn_act_find(t.start, t.len) && nn_fn_find(t.start, t.len) < 0
           && !sess_has_name(t.start, t.len)
           && defs_find(s->defs, t.start, t.len) < 0
           && !tok_is_word(&t, "x") && !tok_is_word(&t, "pi")
           && !tok_is_word(&t, "nan") && !tok_is_word(&t, "inf")
           && !tok_is_word(&t, "infinity");
}

/* Reads `within TOL` when it comes next; 0 or CMD_ERR. */
static int cond_within(sess *s, lexer *lx, cmd_cond *c)
{
    token t;
    lex_error err;
    if (lex_peek(lx, &t, &err) != 0 || !tok_is_word(&t, "within"))
        return 0;
    if (!c->is_eq)
        return sess_fail(s, t.col, t.len, "`within` goes with '='");
    lex_next(lx, &t, &err);
    lex_peek(lx, &t, &err);
    if (cmd_read_number(s, lx, "a tolerance", &c->tol) != 0)
        return CMD_ERR;
    if (!(c->tol >= 0))
        return sess_fail(s, t.col, t.len, "the tolerance must be 0 or more");
    return 0;
}

/* The whole text is parsed before anything is evaluated, so a condition
 * that cannot be evaluated yet (checkpoint) is still checked for form. */
int cmd_cond_check(sess *s, lexer *lx, cmd_cond *c, int *not_yet)
{
    nn_expr *left = NULL, *right = NULL;
    token lfirst, rfirst;
    lex_error err;
    int rc = CMD_ERR, parsed = 0;
    memset(c, 0, sizeof *c);
    c->tol = CMD_DEFAULT_TOL;
    if (not_yet)
        *not_yet = 0;
    if (cond_side(s, lx, &left, &lfirst, &c->text, &c->len) != 0)
        goto done;
    if (lex_next(lx, &c->op, &err) != 0) {
        sess_fail_lex(s, &err);
        goto done;
    }
    c->is_eq = tok_is(&c->op, '=') || tok_is(&c->op, TOK_EQ);
    if (!c->is_eq && !tok_is(&c->op, TOK_GE) && !tok_is(&c->op, TOK_LE)
        && !tok_is(&c->op, '>') && !tok_is(&c->op, '<')) {
        lex_expected(&err, &c->op, "'=', '>=', '<=', '>' or '<'");
        sess_fail_lex(s, &err);
        goto done;
    }
    if (cond_side(s, lx, &right, &rfirst, &c->vtext, &c->vlen) != 0
        || cond_within(s, lx, c) != 0 || cmd_read_end(s, lx) != 0)
        goto done;
    parsed = 1;
    if (sess_eval(s, left, 0, lfirst.col, &c->got) != 0
        || sess_eval(s, right, 0, rfirst.col, &c->want) != 0)
        goto done;
    if (c->is_eq)  // inf = inf
        c->pass = c->got == c->want || fabs(c->got - c->want) <= c->tol;
    else if (tok_is(&c->op, TOK_GE))
        c->pass = c->got >= c->want;
    else if (tok_is(&c->op, TOK_LE))
        c->pass = c->got <= c->want;
    else if (tok_is(&c->op, '>'))
        c->pass = c->got > c->want;
    else
        c->pass = c->got < c->want;
    rc = 0;
done:
    if (rc != 0 && not_yet)
        *not_yet = parsed || unknown_name_at(s, lx, s->err_col);
    nn_expr_free(left);
    nn_expr_free(right);
    return rc;
}

int cmd_expect(sess *s, const cmd_args *a)
{
    lexer lx;
    cmd_cond c;
    cmd_lex(&lx, a);
    if (cmd_cond_check(s, &lx, &c, NULL) != 0)
        return CMD_ERR;
    char gb[32], tb[32], db[32];
    sess_num(s, c.got, gb);
    if (c.pass) {
        out_printf(s->o, "%s%s%s ", out_on(s->o, OUT_GREEN),
                   out_glyph(s->o, "✓", "ok"), out_off(s->o));
        out_escaped(s->o, OUT_OUT, c.text, c.len);
        out_printf(s->o, " = %s", gb);
        if (!c.is_eq) {
            out_printf(s->o, " %.*s ", (int)c.op.len, c.op.start);
            out_escaped(s->o, OUT_OUT, c.vtext, c.vlen);
        }
        out_printf(s->o, "\n");
        return CMD_OK;
    }
    /* a miss shows the value in full and the rest as typed or exact, so
     * a near miss never reads like a pass */
    int n = c.len > 60 ? 60 : (int)c.len;
    int vn = c.vlen > 60 ? 60 : (int)c.vlen;
    sess_num_exact(c.got, gb);
    if (c.is_eq) {
        sess_num_sig(fabs(c.got - c.want), 4, db);
        return sess_fail(s, SIZE_MAX, 0, "%.*s is %s, expected %.*s within "
                         "%s (off by %s)", n, c.text, gb, vn, c.vtext,
                         sess_num_exact(c.tol, tb), db);
    }
    return sess_fail(s, SIZE_MAX, 0, "%.*s is %s, expected %.*s %.*s", n,
                     c.text, gb, (int)c.op.len, c.op.start, vn, c.vtext);
}
