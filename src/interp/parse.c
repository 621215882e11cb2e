/*
 * parse.c - the expression parser: text to a compiled nn_expr program.
 *
 * Recursive descent, one function per grammar rule of parse.h, emitting
 * postfix instructions as it goes: `2*relu(x) - 1` becomes
 * `2 x relu * 1 -`. Sums and products are loops, so a 1,000,000-term sum
 * needs no recursion and a stack of two values. Only parentheses, signs,
 * powers and calls recurse, and they share one depth counter: past
 * PARSE_MAX_DEPTH the parser stops with an error instead of running out of
 * C stack (100,000 nested parentheses are a test case).
 *
 * Implicit multiplication is deliberately narrow: only a number literal
 * followed with no space by a name or '(' (`-5x`, `2x^2`, `2(3)`). The one
 * ambiguous spot, a number exponent before a name (`2^3x`: 2^(3x) or
 * (2^3)*x?), is an error rather than a guess.
 *
 * Every error names what was expected and what came, at the column of the
 * token, and a misspelt name gets a "did you mean" from suggest.c.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "parse.h"
#include "suggest.h"

#define PI 3.14159265358979323846

typedef struct parser {
    lexer *lx;
    const parse_names *names;  /* never NULL */
    nn_expr *prog;             /* the program being built */
    lex_error *err;
    int depth;                 /* open parentheses, signs, powers, calls */
} parser;

static int expr(parser *p, const token *after);
static int unary(parser *p, const token *after);
static int power(parser *p, const token *after);

/* ---- helpers ---- */

static int peek(parser *p, token *t)
{
    return lex_peek(p->lx, t, p->err);
}

static int next(parser *p, token *t)
{
    return lex_next(p->lx, t, p->err);
}

/* Appends an instruction; a refusal becomes a message at token `at`. */
static int emit(parser *p, const token *at, nn_op op, int id, double value,
                const nn_act *act)
{
    nn_instr in = { op, id, value, act };
    nn_status st = nn_expr_emit(p->prog, in);

    if (st == NN_OK)
        return 0;
    if (st == NN_EDEPTH)
        return lex_fail(p->err, at->col, at->len,
                        "expression too complex (it needs more than %d "
                        "values at once)", NN_EXPR_STACK_MAX);
    if (st == NN_ENOMEM)
        return lex_fail(p->err, at->col, at->len, "out of memory");
    return lex_fail(p->err, at->col, at->len, "internal error: %s",
                    nn_strerror(st));
}

/* One more level of nesting, opened by token `at`. */
static int enter(parser *p, const token *at)
{
    if (p->depth >= PARSE_MAX_DEPTH)
        return lex_fail(p->err, at->col, at->len,
                        "expression too deeply nested (max %d)",
                        PARSE_MAX_DEPTH);
    p->depth++;
    return 0;
}

static void leave(parser *p)
{
    p->depth--;
}

/* 1 when t continues a number literal by implicit multiplication: a name
 * or '(' straight after the number, with no space (`5x`, `2(3)`). */
static int implicit(const parser *p, const token *t)
{
    return p->lx->last.kind == TOK_NUM && !t->space_before
           && (t->kind == TOK_NAME || tok_is(t, '('));
}

/* "expected an expression [after 'OP'], got ..." at t. */
static int no_expression(parser *p, const token *t, const token *after)
{
    char text[LEX_ESCAPE_SIZE];
    char what[LEX_ESCAPE_SIZE + 32];

    if (after == NULL)
        return lex_expected(p->err, t, "an expression");
    lex_escape(text, sizeof text, after->start, after->len);
    snprintf(what, sizeof what, "an expression after '%s'", text);
    return lex_expected(p->err, t, what);
}

/* Consumes the ')' that closes `open`, leaving its nesting level. */
static int close_paren(parser *p, const token *open)
{
    char text[LEX_ESCAPE_SIZE];
    token t;

    if (peek(p, &t) != 0)
        return -1;
    if (tok_is(&t, ')')) {
        next(p, &t);
        leave(p);
        return 0;
    }
    if (t.kind == TOK_END)
        return lex_fail(p->err, t.col, 1,
                        "expected ')' to close '(' at column %zu",
                        open->col + 1);
    lex_escape(text, sizeof text, t.start, t.len);
    return lex_fail(p->err, t.col, t.len,
                    "expected ')' to close '(' at column %zu, got '%s'",
                    open->col + 1, text);
}

/* ---- names: functions, activations, session names, definitions ---- */

/* name' for anything but an activation. */
static int no_derivative(parser *p, const token *t)
{
    return lex_fail(p->err, t->col, t->len + 1,
                    "only activations have a derivative here: %.*s'",
                    (int)t->len, t->start);
}

/* Consumes the '(' of a call to `label` and parses its first argument;
 * `label()` is an error. Opens a nesting level that close_paren leaves. */
static int argument(parser *p, const char *label, token *open)
{
    token t;

    if (next(p, open) != 0 || enter(p, open) != 0 || peek(p, &t) != 0)
        return -1;
    if (tok_is(&t, ')'))
        return lex_fail(p->err, t.col, 1, "%s needs an argument: %s(x)",
                        label, label);
    return expr(p, open);
}

/* After the first argument: ')' ends the call, ',' is one too many. */
static int close_call(parser *p, const token *open, const char *label)
{
    token t;

    if (peek(p, &t) != 0)
        return -1;
    if (tok_is(&t, ','))
        return lex_fail(p->err, t.col, 1, "%s takes one argument", label);
    return close_paren(p, open);
}

/* sin(expr) and the other maths functions. */
static int call_function(parser *p, const token *t, int id)
{
    const char *label = nn_fn_name((size_t)id);
    token open;

    if (peek(p, &open) != 0)
        return -1;
    if (!tok_is(&open, '('))
        return lex_fail(p->err, t->col, t->len,
                        "%s needs an argument: %s(x)", label, label);
    if (argument(p, label, &open) != 0 || close_call(p, &open, label) != 0)
        return -1;
    return emit(p, t, NN_OP_FN, id, 0.0, NULL);
}

/* The parameter of an activation: a signed number literal within the
 * row's range, as in leaky_relu(z, 0.1). */
static int parameter(parser *p, const nn_act *act, double *param)
{
    char text[LEX_ESCAPE_SIZE];
    char what[96];
    token sign, t;
    double v;

    if (peek(p, &sign) != 0)
        return -1;
    if (tok_is(&sign, '-') || tok_is(&sign, '+'))
        next(p, &sign);
    if (peek(p, &t) != 0)
        return -1;
    if (t.kind != TOK_NUM) {
        snprintf(what, sizeof what, "a number for %s's %s", act->name,
                 act->param_name);
        return lex_expected(p->err, &t, what);
    }
    next(p, &t);
    v = tok_is(&sign, '-') ? -t.num : t.num;
    if (v >= act->param_min && v <= act->param_max) {
        *param = v;
        return 0;
    }

    size_t len = (size_t)(t.start - sign.start) + t.len;
    lex_escape(text, sizeof text, sign.start, len);
    if (isinf(act->param_max))
        return lex_fail(p->err, sign.col, len,
                        "%s's %s must be at least %g, got %s", act->name,
                        act->param_name, act->param_min, text);
    if (isinf(act->param_min))
        return lex_fail(p->err, sign.col, len,
                        "%s's %s must be at most %g, got %s", act->name,
                        act->param_name, act->param_max, text);
    return lex_fail(p->err, sign.col, len,
                    "%s's %s must be from %g to %g, got %s", act->name,
                    act->param_name, act->param_min, act->param_max, text);
}

/* relu(expr), relu'(expr), leaky_relu(expr, number). t is the name and
 * `prime` says a '\'' follows it directly. */
static int call_activation(parser *p, const token *t, const nn_act *act,
                           int prime)
{
    char label[80];
    token open, c;
    double param = act->param_default;

    snprintf(label, sizeof label, "%s%s", act->name, prime ? "'" : "");
    if (prime && next(p, &c) != 0)
        return -1;
    if (peek(p, &open) != 0)
        return -1;
    if (prime && tok_is(&open, '\''))
        return lex_fail(p->err, open.col, 1,
                        "only the first derivative is available: %s'(x)",
                        act->name);
    if (!tok_is(&open, '('))
        return lex_fail(p->err, t->col, t->len + (size_t)prime,
                        "%s needs an argument: %s(x)", label, label);
    if (argument(p, label, &open) != 0 || peek(p, &c) != 0)
        return -1;
    if (tok_is(&c, ',')) {
        if (act->param_name == NULL)
            return lex_fail(p->err, c.col, 1, "%s takes one argument",
                            act->name);
        if (next(p, &c) != 0 || parameter(p, act, &param) != 0
            || peek(p, &c) != 0)
            return -1;
        if (tok_is(&c, ','))
            return lex_fail(p->err, c.col, 1,
                            "%s takes at most two arguments: %s(z, %s)",
                            act->name, act->name, act->param_name);
    }
    if (close_paren(p, &open) != 0)
        return -1;
    return emit(p, t, prime ? NN_OP_DACT : NN_OP_ACT, 0, param, act);
}

/* n1(expr), or n1 alone meaning n1(x). */
static int call_definition(parser *p, const token *t, int id)
{
    char label[LEX_NAME_MAX + 1];
    token open;

    snprintf(label, sizeof label, "%.*s", (int)t->len, t->start);
    if (peek(p, &open) != 0)
        return -1;
    if (tok_is(&open, '(')) {
        if (argument(p, label, &open) != 0
            || close_call(p, &open, label) != 0)
            return -1;
    } else if (!p->names->allow_x && p->names->def_needs_x
               && !p->names->def_needs_x(p->names->ctx, id)) {
        if (emit(p, t, NN_OP_CONST, 0, 0.0, NULL) != 0)  // a constant
            return -1;
    } else if (!p->names->allow_x) {
        return lex_fail(p->err, t->col, t->len,
                        "%s needs an argument here, such as %s(1): x has "
                        "no value outside plots and definitions",
                        label, label);
    } else if (emit(p, t, NN_OP_X, 0, 0.0, NULL) != 0) {
        return -1;
    }
    return emit(p, t, NN_OP_CALL, id, 0.0, NULL);
}

static void offer(void *arg, const char *name)
{
    suggest_offer(arg, name);
}

/* "unknown name 'sigmod'; did you mean 'sigmoid'?" ("function" when a '('
 * follows), suggesting among everything a name can mean here. */
static int unknown(parser *p, const token *t, const token *follow)
{
    const parse_names *names = p->names;
    int callable = tok_is(follow, '(') || tok_is(follow, '\'');
    const char *kind = callable ? "function" : "name";
    char name[LEX_NAME_MAX + 1];
    suggest s;

    snprintf(name, sizeof name, "%.*s", (int)t->len, t->start);
    if (tok_is_word(t, "nan") || tok_is_word(t, "inf")
        || tok_is_word(t, "infinity"))
        return lex_fail(p->err, t->col, t->len,
                        "expected a number, got '%s' (there are no nan or "
                        "infinity literals)", name);
    suggest_init(&s, t->start, t->len);
    for (size_t i = 0; i < nn_act_count(); i++)
        suggest_offer(&s, nn_act_at(i)->name);
    for (size_t i = 0; i < nn_fn_count(); i++)
        suggest_offer(&s, nn_fn_name(i));
    suggest_offer(&s, "pi");
    if (names->allow_x)
        suggest_offer(&s, "x");
    if (names->each != NULL)
        names->each(names->ctx, offer, &s, callable);
    if (suggest_result(&s) != NULL)
        return lex_fail(p->err, t->col, t->len,
                        "unknown %s '%s'; did you mean '%s'?", kind, name,
                        suggest_result(&s));
    return lex_fail(p->err, t->col, t->len, "unknown %s '%s'", kind, name);
}

/* A name just read: x, pi, a maths function, an activation, a session
 * name, a user definition, in that order. */
static int name(parser *p, const token *t)
{
    const parse_names *names = p->names;
    const nn_act *act;
    token follow;
    int id;

    if (peek(p, &follow) != 0)
        return -1;
    int prime = tok_is(&follow, '\'') && !follow.space_before;

    if (t->len == 1 && t->start[0] == 'x') {
        if (!names->allow_x)
            return lex_fail(p->err, t->col, t->len,
                            "x has no value here; it is the variable of "
                            "plots and definitions");
        return prime ? no_derivative(p, t)
                     : emit(p, t, NN_OP_X, 0, 0.0, NULL);
    }
    if (tok_is_word(t, "pi"))
        return prime ? no_derivative(p, t)
                     : emit(p, t, NN_OP_CONST, 0, PI, NULL);
    id = nn_fn_find(t->start, t->len);
    if (id >= 0)
        return prime ? no_derivative(p, t) : call_function(p, t, id);
    act = nn_act_find(t->start, t->len);
    if (act != NULL)
        return call_activation(p, t, act, prime);
    id = names->var ? names->var(names->ctx, t->start, t->len) : -1;
    if (id >= 0)
        return prime ? no_derivative(p, t)
                     : emit(p, t, NN_OP_VAR, id, 0.0, NULL);
    id = names->def ? names->def(names->ctx, t->start, t->len) : -1;
    if (id >= 0)
        return prime ? no_derivative(p, t) : call_definition(p, t, id);
    return unknown(p, t, &follow);
}

/* ---- the grammar, tightest binding last ---- */

/* primary := number | '(' expr ')' | name ... ; `after` is the operator
 * that wants this operand, for the message when there is none. */
static int primary(parser *p, const token *after)
{
    token t;

    if (peek(p, &t) != 0)
        return -1;
    if (t.kind == TOK_NUM) {
        next(p, &t);
        return emit(p, &t, NN_OP_CONST, 0, t.num, NULL);
    }
    if (t.kind == TOK_NAME) {
        next(p, &t);
        return name(p, &t);
    }
    if (tok_is(&t, '(')) {
        next(p, &t);
        if (enter(p, &t) != 0 || expr(p, NULL) != 0)
            return -1;
        return close_paren(p, &t);
    }
    return no_expression(p, &t, after);
}

/* `2^3x`: is 3x the exponent? Refuse to guess. */
static int ambiguous(parser *p, const token *follow)
{
    const token *num = &p->lx->last;
    char a[LEX_ESCAPE_SIZE], b[LEX_ESCAPE_SIZE];

    if (follow->kind != TOK_NAME)
        return lex_fail(p->err, follow->col, follow->len,
                        "ambiguous after '^': put the exponent in "
                        "parentheses or use '*'");
    lex_escape(a, sizeof a, num->start, num->len);
    lex_escape(b, sizeof b, follow->start, follow->len);
    return lex_fail(p->err, follow->col, follow->len,
                    "ambiguous after '^': write ^(%s%s) to put %s in the "
                    "exponent, or use '*'", a, b, b);
}

/* power := primary ('^' unary)?   right-associative through unary. */
static int power(parser *p, const token *after)
{
    token t, follow;

    if (primary(p, after) != 0 || peek(p, &t) != 0)
        return -1;
    if (!tok_is(&t, '^'))
        return 0;
    next(p, &t);
    if (enter(p, &t) != 0 || unary(p, &t) != 0 || peek(p, &follow) != 0)
        return -1;
    leave(p);
    if (implicit(p, &follow))
        return ambiguous(p, &follow);
    return emit(p, &t, NN_OP_POW, 0, 0.0, NULL);
}

/* unary := ('-' | '+') unary | power */
static int unary(parser *p, const token *after)
{
    token t;

    if (peek(p, &t) != 0)
        return -1;
    if (!tok_is(&t, '-') && !tok_is(&t, '+'))
        return power(p, after);
    next(p, &t);
    if (enter(p, &t) != 0 || unary(p, &t) != 0)
        return -1;
    leave(p);
    return tok_is(&t, '-') ? emit(p, &t, NN_OP_NEG, 0, 0.0, NULL) : 0;
}

/* term := unary (('*' | '/') unary | implicit power)* */
static int term(parser *p, const token *after)
{
    token t;

    if (unary(p, after) != 0)
        return -1;
    for (;;) {
        if (peek(p, &t) != 0)
            return -1;
        if (tok_is(&t, '*') || tok_is(&t, '/')) {
            next(p, &t);
            if (unary(p, &t) != 0)
                return -1;
            if (emit(p, &t, tok_is(&t, '*') ? NN_OP_MUL : NN_OP_DIV, 0,
                     0.0, NULL) != 0)
                return -1;
        } else if (implicit(p, &t)) {
            if (power(p, NULL) != 0
                || emit(p, &t, NN_OP_MUL, 0, 0.0, NULL) != 0)
                return -1;
        } else {
            return 0;
        }
    }
}

/* expr := term (('+' | '-') term)* */
static int expr(parser *p, const token *after)
{
    token t;

    if (term(p, after) != 0)
        return -1;
    for (;;) {
        if (peek(p, &t) != 0)
            return -1;
        if (!tok_is(&t, '+') && !tok_is(&t, '-'))
            return 0;
        next(p, &t);
        if (term(p, &t) != 0)
            return -1;
        if (emit(p, &t, tok_is(&t, '+') ? NN_OP_ADD : NN_OP_SUB, 0, 0.0,
                 NULL) != 0)
            return -1;
    }
}

/* ---- entry points ---- */

/* names may be NULL: then there are no session names and no x. */
int parse_expr(lexer *lx, const parse_names *names, nn_expr **out,
               lex_error *err)
{
    static const parse_names none = { 0 };
    parser p = { lx, names != NULL ? names : &none, NULL, err, 0 };

    *out = NULL;
    p.prog = nn_expr_new();
    if (p.prog == NULL)
        return lex_fail(err, lx->col0 + lx->pos, 1, "out of memory");
    if (expr(&p, NULL) != 0) {
        nn_expr_free(p.prog);
        return -1;
    }
    if (!nn_expr_complete(p.prog)) {   // cannot happen: each rule pushes 1
        nn_expr_free(p.prog);
        return lex_fail(err, lx->col0 + lx->pos, 1,
                        "internal error: incomplete expression");
    }
    *out = p.prog;
    return 0;
}

int parse_expect_end(lexer *lx, lex_error *err)
{
    const token last = lx->last;
    char text[LEX_ESCAPE_SIZE], num[LEX_ESCAPE_SIZE];
    token t;

    if (lex_peek(lx, &t, err) != 0)
        return -1;
    if (t.kind == TOK_END)
        return 0;
    if (tok_is(&t, ')'))
        return lex_fail(err, t.col, 1, "unmatched ')'");
    lex_escape(text, sizeof text, t.start, t.len);
    if (last.kind != TOK_END
        && (t.kind == TOK_NUM || t.kind == TOK_NAME || tok_is(&t, '('))) {
        size_t after = (size_t)(t.start - lx->src) + t.len;
        int call = after < lx->len && lx->src[after] == '(';
        if (last.kind != TOK_NUM || t.kind != TOK_NAME || call)
            return lex_fail(err, t.col, t.len,
                            "expected an operator before '%s'", text);
        lex_escape(num, sizeof num, last.start, last.len);
        return lex_fail(err, t.col, t.len,
                        "expected an operator before '%s'; write %s*%s "
                        "or %s%s", text, num, text, num, text);
    }
    return lex_fail(err, t.col, t.len, "unexpected '%s'", text);
}
