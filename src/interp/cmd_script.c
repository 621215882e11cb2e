/*
 * cmd_script.c - commands for scripts and the session: say, expect,
 * pause, run, print, digits, reset, quit.
 */
#include "cmd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "interp.h"
#include "parse.h"

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
    lexer lx;
    token t;
    lex_error err;
    cmd_lex(&lx, a);
    if (lex_next(&lx, &t, &err) != 0)
        return sess_fail_lex(s, &err);
    if (t.kind != TOK_NUM || t.num != floor(t.num) || t.num > 17)
        return sess_fail(s, t.col, t.len, "expected a whole number from 0 "
                         "to 17");
    if (cmd_read_end(s, &lx) != 0)
        return CMD_ERR;
    s->digits = (int)t.num;
    return CMD_OK;
}

/* ============================ expect ============================ */

/* Tolerance of `expect E = V` without `within`: equal to 4 decimals, the
 * way numbers print by default. */
#define EXPECT_DEFAULT_TOL 0.00005

/* Evaluates one side of an expect; *text/len get its source text. */
static int expect_side(sess *s, lexer *lx, double *v, const char **text,
                       size_t *len)
{
    token first;
    lex_error err;
    if (lex_peek(lx, &first, &err) != 0)
        return sess_fail_lex(s, &err);
    nn_expr *e;
    if (sess_parse(s, lx, 0, &e) != 0)
        return CMD_ERR;
    token next;
    lex_error err2;
    if (lex_peek(lx, &next, &err2) != 0)
        next.col = lx->col0 + lx->len;
    size_t end = next.col - lx->col0;  // where the next token starts
    while (end > 0 && strchr(" \t\r", lx->src[end - 1]))
        end--;
    *text = first.start;
    *len = (size_t)(lx->src + end - first.start);
    int rc = sess_eval(s, e, 0, first.col, v);
    nn_expr_free(e);
    return rc;
}

int cmd_expect(sess *s, const cmd_args *a)
{
    lexer lx;
    token op, t;
    lex_error err;
    double got, want, tol = EXPECT_DEFAULT_TOL;
    const char *text, *vtext;
    size_t len, vlen;
    cmd_lex(&lx, a);
    if (expect_side(s, &lx, &got, &text, &len) != 0)
        return CMD_ERR;
    if (lex_next(&lx, &op, &err) != 0)
        return sess_fail_lex(s, &err);
    int is_eq = tok_is(&op, '=') || tok_is(&op, TOK_EQ);
    if (!is_eq && !tok_is(&op, TOK_GE) && !tok_is(&op, TOK_LE)
        && !tok_is(&op, '>') && !tok_is(&op, '<')) {
        lex_expected(&err, &op, "'=', '>=', '<=', '>' or '<'");
        return sess_fail_lex(s, &err);
    }
    if (expect_side(s, &lx, &want, &vtext, &vlen) != 0)
        return CMD_ERR;
    if (lex_peek(&lx, &t, &err) == 0 && tok_is_word(&t, "within")) {
        if (!is_eq)
            return sess_fail(s, t.col, t.len, "`within` goes with '='");
        lex_next(&lx, &t, &err);
        lex_peek(&lx, &t, &err);
        if (cmd_read_number(s, &lx, "a tolerance", &tol) != 0)
            return CMD_ERR;
        if (!(tol >= 0))
            return sess_fail(s, t.col, t.len, "the tolerance must be 0 or "
                             "more");
    }
    if (cmd_read_end(s, &lx) != 0)
        return CMD_ERR;
    int pass;
    if (is_eq)
        pass = got == want || fabs(got - want) <= tol;  // inf = inf
    else if (tok_is(&op, TOK_GE))
        pass = got >= want;
    else if (tok_is(&op, TOK_LE))
        pass = got <= want;
    else if (tok_is(&op, '>'))
        pass = got > want;
    else
        pass = got < want;
    char gb[32], wb[32], tb[32], db[32];
    sess_num(s, got, gb);
    if (pass) {
        out_printf(s->o, "%s%s%s ", out_on(s->o, OUT_GREEN),
                   out_glyph(s->o, "✓", "ok"), out_off(s->o));
        out_escaped(s->o, OUT_OUT, text, len);
        out_printf(s->o, " = %s", gb);
        if (!is_eq) {
            out_printf(s->o, " %.*s ", (int)op.len, op.start);
            out_escaped(s->o, OUT_OUT, vtext, vlen);
        }
        out_printf(s->o, "\n");
        return CMD_OK;
    }
    /* a miss shows the value in full and the rest as typed or exact, so
     * a near miss never reads like a pass */
    int n = len > 60 ? 60 : (int)len;
    int vn = vlen > 60 ? 60 : (int)vlen;
    sess_num_exact(got, gb);
    if (is_eq) {
        sess_num_sig(fabs(got - want), 4, db);
        return sess_fail(s, SIZE_MAX, 0, "%.*s is %s, expected %.*s within "
                         "%s (off by %s)", n, text, gb, vn, vtext,
                         sess_num_exact(tol, tb), db);
    }
    (void)wb;
    return sess_fail(s, SIZE_MAX, 0, "%.*s is %s, expected %.*s %.*s", n,
                     text, gb, (int)op.len, op.start, vn, vtext);
}
