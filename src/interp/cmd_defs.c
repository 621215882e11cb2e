/*
 * cmd_defs.c - the learner's own functions: definitions typed as on the
 * universal-approximation slide, and the commands that list, remove,
 * tabulate, compare, take apart and fit them.
 *
 *   n1(x) = Relu(-5x - 7.7)        n1 = relu(-5x - 7.7)
 *   Z = -n1 - n2 - n3 + n4 + n5 + n6
 *   Z(0.5)   defs   undef n1   table Z from -3 to 3 step 0.5   show Z
 *   F = fit sin(x) from -pi to pi with 8 units
 *   compare Z with x^3 + x^2 - x - 1 from -2 to 1.5
 */
#include "cmd.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../engine/relusum.h"
#include "curves.h"
#include "parse.h"
#include "../engine/mem.h"  /* nn_malloc: allocations a test can fail */

/* ============================ definitions ============================ */

/* Refuses names that already mean something built in. */
static int check_name(sess *s, const token *t)
{
    const char *what = NULL;
    if (cmd_find(t->start, t->len))
        what = "a command";
    else if (nn_act_find(t->start, t->len))
        what = "an activation function";
    else if (nn_fn_find(t->start, t->len) >= 0)
        what = "a built-in function";
    else if (tok_is_word(t, "pi"))
        what = "a constant";
    else if (t->len == 1 && t->start[0] == 'x')
        what = "the variable of definitions";
    else if (sess_has_name(t->start, t->len))
        what = "one of the neuron's names";
    else if (tok_is_word(t, "fit") || tok_is_word(t, "from")
             || tok_is_word(t, "to") || tok_is_word(t, "step")
             || tok_is_word(t, "with") || tok_is_word(t, "within"))
        what = "a word of the command language";
    if (!what)
        return 0;
    return sess_fail(s, t->col, t->len, "'%.*s' is %s; choose another name",
                     (int)t->len, t->start, what);
}

static int define_fit(sess *s, const token *name, lexer *lx);
static int define_network(sess *s, const token *name, lexer *lx);

int cmd_define(sess *s, const token *name, lexer *lx)
{
    if (check_name(s, name) != 0)
        return CMD_ERR;
    token first;
    lex_error err;
    if (lex_peek(lx, &first, &err) != 0)
        return sess_fail_lex(s, &err);
    if (tok_is_word(&first, "fit") && defs_find(s->defs, "fit", 3) < 0) {
        lex_next(lx, &first, &err);
        return define_fit(s, name, lx);
    }
    if (tok_is_word(&first, "network")
        && defs_find(s->defs, "network", 7) < 0) {
        lex_next(lx, &first, &err);
        return define_network(s, name, lx);
    }
    int id = defs_reserve(s->defs, name->start, name->len);
    if (id == -2)
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    if (id < 0)
        return sess_fail(s, name->col, name->len, "too many definitions "
                         "(at most %d)", DEFS_MAX);
    s->pending_def = id;
    s->pending_name = name->start;
    s->pending_len = name->len;
    nn_expr *prog = NULL;
    int rc = sess_parse(s, lx, 1, &prog);
    s->pending_def = -1;
    if (rc == 0 && parse_expect_end(lx, &err) != 0)
        rc = sess_fail_lex(s, &err);
    if (rc != 0) {
        nn_expr_free(prog);
        defs_unreserve(s->defs);
        return CMD_ERR;
    }
    /* the text as typed, from the first token to the end */
    const char *text = first.start;
    size_t len = (size_t)(lx->src + lx->len - text);
    while (len > 0 && strchr(" \t\r", text[len - 1]))
        len--;
    char msg[300];
    if (defs_set(s->defs, name->start, name->len, prog, text, len, msg,
                 sizeof msg) != 0)
        return sess_fail(s, name->col, name->len, "%s", msg);
    return CMD_OK;
}

/* Prints definition id after the ones it uses (so the list can be run
 * again as a script); done[] marks those printed. */
static void print_def(sess *s, int id, char *done)
{
    const nn_expr *e = defs_prog(s->defs, id);
    if (!e || done[id])
        return;
    done[id] = 1;
    for (size_t i = 0; i < nn_expr_length(e); i++)
        if (nn_expr_at(e, i)->op == NN_OP_CALL)
            print_def(s, nn_expr_at(e, i)->id, done);
    out_printf(s->o, "%s%s = ", defs_name(s->defs, id),
               defs_needs_x(s->defs, id) ? "(x)" : "");
    const char *text = defs_text(s->defs, id);
    out_escaped(s->o, OUT_OUT, text, strlen(text));
    out_printf(s->o, "\n");
}

int cmd_defs(sess *s, const cmd_args *a)
{
    (void)a;
    size_t shown = defs_count(s->defs), slots = defs_slots(s->defs);
    char *done = nn_calloc(slots ? slots : 1, 1);
    if (!done)
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    for (size_t i = 0; i < slots; i++)
        print_def(s, (int)i, done);
    free(done);
    if (!shown)
        out_printf(s->o, "no definitions yet; define one like: "
                   "n1 = relu(-5x - 7.7)\n");
    return CMD_OK;
}

int cmd_undef(sess *s, const cmd_args *a)
{
    lexer lx;
    token t;
    lex_error err;
    char msg[200];
    cmd_lex(&lx, a);
    if (lex_next(&lx, &t, &err) != 0)
        return sess_fail_lex(s, &err);
    if (t.kind != TOK_NAME) {
        lex_expected(&err, &t, "the name of a definition");
        return sess_fail_lex(s, &err);
    }
    if (cmd_read_end(s, &lx) != 0)
        return CMD_ERR;
    if (defs_remove(s->defs, t.start, t.len, msg, sizeof msg) != 0)
        return sess_fail(s, t.col, t.len, "%s", msg);
    return CMD_OK;
}

/* ============================ table ============================ */

/* Longest table `table` prints. */
#define TABLE_MAX_ROWS 100000

/* Label of unit k of z: the definition that made it (numbered when it
 * made several: Z.1, Z.2), or u1, u2, ... */
static void unit_label(sess *s, const nn_relusum *z, size_t k, char *buf,
                       size_t cap)
{
    int origin = z->unit[k].origin;
    const char *name = defs_name(s->defs, origin);
    if (!name) {
        snprintf(buf, cap, "u%zu", k + 1);
        return;
    }
    size_t same = 0, nth = 0;
    for (size_t i = 0; i < z->n; i++)
        if (z->unit[i].origin == origin) {
            same++;
            if (i <= k)
                nth++;
        }
    if (same > 1)
        snprintf(buf, cap, "%s.%zu", name, nth);
    else
        snprintf(buf, cap, "%s", name);
}

int cmd_table(sess *s, const cmd_args *a)
{
    lexer lx;
    token t;
    lex_error err;
    curve_set cs;
    nn_relusum z = { 0 };
    cmd_lex(&lx, a);
    int dashed = cmd_strip_flag(&lx, "units");
    if (curves_read(s, &lx, &cs, "units") != 0)
        return CMD_ERR;
    int units = dashed || (lex_peek(&lx, &t, &err) == 0
                           && tok_is_word(&t, "units"));
    if (units && !dashed)
        lex_next(&lx, &t, &err);
    int rc = cmd_read_end(s, &lx);
    if (rc == 0 && !cs.has_range)
        rc = sess_fail(s, SIZE_MAX, 0, "give the range: table %s from -3 to "
                       "3 step 0.5", cs.item[0].label);
    if (rc == 0 && units && cs.n != 1)
        rc = sess_fail(s, SIZE_MAX, 0, "`units` shows the units of one "
                       "curve; give only one");
    if (rc == 0 && units)
        rc = curves_relusum(s, &cs.item[0], &z);
    double step = cs.has_step ? cs.step : cs.to / 10 - cs.from / 10;
    double rows = floor((cs.to / step - cs.from / step) * (1 + 1e-12)) + 1;
    if (rc == 0 && !(rows <= TABLE_MAX_ROWS)) {
        char b1[32];
        rc = sess_fail(s, SIZE_MAX, 0, "table too long: %s rows (at most "
                       "%d); use a larger step", isfinite(rows)
                       && rows < 1e15 ? sess_num_exact(rows, b1)
                       : "too many", TABLE_MAX_ROWS);
    }
    if (rc != 0) {
        curves_free(&cs);
        nn_relusum_free(&z);
        return CMD_ERR;
    }
    /* heading: x, each curve, then each unit's contribution */
    size_t cols = cs.n + z.n;
    int width = 10, w[CURVES_MAX + 1];
    char label[64], num[32];
    out_printf(s->o, "%*s", width, "x");
    for (size_t i = 0; i < cols; i++) {
        if (i < cs.n) {
            snprintf(label, sizeof label, "%s", cs.item[i].label);
        } else {  /* a unit's share: -n1 when it is taken away */
            char name[60];
            unit_label(s, &z, i - cs.n, name, sizeof name);
            snprintf(label, sizeof label, "%s%s",
                     z.unit[i - cs.n].c < 0 ? "-" : "", name);
        }
        int n = (int)strlen(label);
        if (i < CURVES_MAX + 1)
            w[i] = n > width ? n : width;
        out_printf(s->o, " %*s", n > width ? n : width, label);
    }
    out_printf(s->o, "\n");
    for (size_t r = 0; r < (size_t)rows && rc == 0; r++) {
        if (sess_interrupted(s)) {
            rc = sess_fail(s, SIZE_MAX, 0, "interrupted after %zu row%s", r,
                           r == 1 ? "" : "s");
            break;
        }
        double x = cs.from + (double)r * step;
        if (!isfinite(x))  // r*step alone may pass the largest double
            x = 2 * (cs.from / 2 + (double)r * (step / 2));
        if (r + 1 == (size_t)rows && fabs(x - cs.to) < step * 1e-9)
            x = cs.to;  // the last row lands on the end, not beside it
        out_printf(s->o, "%*s", width, sess_num_col(s, x, num));
        for (size_t i = 0; i < cs.n && rc == 0; i++) {
            double y;
            rc = curves_eval(s, &cs.item[i], x, &y);
            if (rc == 0)
                out_printf(s->o, " %*s", w[i], sess_num_col(s, y, num));
        }
        if (rc != 0 && sess_interrupted(s))  // Ctrl-C inside a value
            rc = sess_fail(s, SIZE_MAX, 0, "interrupted after %zu row%s", r,
                           r == 1 ? "" : "s");
        for (size_t k = 0; k < z.n && rc == 0; k++) {
            double u = z.unit[k].w * x + z.unit[k].b;
            out_printf(s->o, " %*s", width,
                       sess_num_col(s, z.unit[k].c * (u > 0 ? u : 0), num));
        }
        out_printf(s->o, "\n");
    }
    curves_free(&cs);
    nn_relusum_free(&z);
    return rc;
}

/* ============================ compare ============================ */

/* Remembers sum[0..len) and its target, the text from lexer `at` up to
 * the word `from`, on [from, to], for tune (s->match); forgets the last
 * one when the target is too long to keep. */
static void remember_match(sess *s, const char *sum, size_t len,
                           const lexer *at, double from, double to)
{
    lexer look = *at;
    token t;
    lex_error err;
    const char *start = NULL, *end = NULL;
    while (lex_next(&look, &t, &err) == 0 && t.kind != TOK_END
           && !tok_is_word(&t, "from")) {
        start = start ? start : t.start;
        end = t.start + t.len;
    }
    s->match.sum[0] = '\0';
    if (!start || len >= sizeof s->match.sum
        || (size_t)(end - start) >= sizeof s->match.target)
        return;
    snprintf(s->match.sum, sizeof s->match.sum, "%.*s", (int)len, sum);
    snprintf(s->match.target, sizeof s->match.target, "%.*s",
             (int)(end - start), start);
    s->match.from = from;
    s->match.to = to;
}

/* Points compare and fit measure errors on (curves.h). */
#define ERROR_GRID CURVES_ERROR_GRID

/* Max and mean |f - g| over ERROR_GRID points of [from, to]; *at gets
 * where the max is. 0 or CMD_ERR. */
static int measure(sess *s, const curve *f, const curve *g, double from,
                   double to, double *max, double *mean, double *at)
{
    double sum = 0;
    *max = -1;
    *at = from;
    for (size_t i = 0; i < ERROR_GRID; i++) {
        double x = curves_x(from, to, i, ERROR_GRID), y1, y2;
        if (sess_interrupted(s))  // Ctrl-C: a fit of many units is slow
            return sess_fail(s, SIZE_MAX, 0, "interrupted");
        if (curves_eval(s, f, x, &y1) != 0 || curves_eval(s, g, x, &y2) != 0)
            return CMD_ERR;
        double e = fabs(y1 - y2);
        if (!isfinite(y1) || !isfinite(y2)) {
            char b1[32];
            return sess_fail(s, SIZE_MAX, 0, "%s has no finite value at x = "
                             "%s; choose a range where it has one",
                             isfinite(y1) ? g->label : f->label,
                             sess_num(s, x, b1));
        }
        if (e > *max) {
            *max = e;
            *at = x;
        }
        sum += e / ERROR_GRID;  // divided first: no overflow near 1e308
    }
    *mean = sum;
    s->have_fit = 1;
    s->maxerror = *max;
    s->meanerror = *mean;
    return 0;
}

static void print_errors(sess *s, const char *what, double max, double at,
                         double mean)
{
    char b1[32], b2[32], b3[32], line[400];
    snprintf(line, sizeof line, "%s: max error %s at x = %s, mean error %s",
             what, sess_num(s, max, b1), sess_num(s, at, b2),
             sess_num(s, mean, b3));
    out_wrap(s->o, OUT_OUT, line, 4);
}

int cmd_compare(sess *s, const cmd_args *a)
{
    lexer lx;
    token t;
    lex_error err;
    curve_set f, g;
    cmd_lex(&lx, a);
    if (curves_read(s, &lx, &f, "with") != 0)
        return CMD_ERR;
    int rc = f.n == 1 ? 0 : sess_fail(s, SIZE_MAX, 0, "compare one curve "
                                      "with one target");
    if (rc == 0 && lex_next(&lx, &t, &err) != 0)
        rc = sess_fail_lex(s, &err);
    else if (rc == 0 && !tok_is_word(&t, "with")) {
        lex_expected(&err, &t, "'with'");
        rc = sess_fail_lex(s, &err);
    }
    g.n = 0;
    lexer target = lx;  // where the target starts, for tune
    if (rc == 0)
        rc = curves_read(s, &lx, &g, NULL);
    if (rc == 0 && g.n != 1)
        rc = sess_fail(s, SIZE_MAX, 0, "compare one curve with one target");
    if (rc == 0)
        rc = cmd_read_end(s, &lx);
    if (rc == 0 && !g.has_range)
        rc = sess_fail(s, SIZE_MAX, 0, "give the range: compare %s with %s "
                       "from -2 to 2", f.item[0].label, g.item[0].label);
    double max, mean, at;
    if (rc == 0)
        rc = measure(s, &f.item[0], &g.item[0], g.from, g.to, &max, &mean,
                     &at);
    if (rc == 0) {
        char what[128];
        snprintf(what, sizeof what, "%s against %s", f.item[0].label,
                 g.item[0].label);
        print_errors(s, what, max, at, mean);
        if (f.item[0].def_id >= 0) {
            const char *name = defs_name(s->defs, f.item[0].def_id);
            remember_match(s, name, strlen(name), &target, g.from, g.to);
        }
    }
    curves_free(&f);
    curves_free(&g);
    return rc;
}

/* ============================ show NAME ============================ */

/* Prints `from <= x <= to` style bounds of a piece. */
static void print_piece(sess *s, const nn_relusum *z, const nn_relu_piece *p)
{
    char b1[32], b2[32], b3[32], b4[32], names[200] = "", label[64];
    snprintf(b1, sizeof b1, "%s", isinf(p->from) ? "-inf"
             : sess_num(s, p->from, b3));
    snprintf(b2, sizeof b2, "%s", isinf(p->to) ? "inf"
             : sess_num(s, p->to, b4));
    double mid = isinf(p->from) && isinf(p->to) ? 0
               : isinf(p->from) ? p->to - fmax(1, fabs(p->to))
               : isinf(p->to) ? p->from + fmax(1, fabs(p->from))
               : p->from / 2 + p->to / 2;
    for (size_t k = 0; k < z->n; k++)
        if (z->unit[k].w * mid + z->unit[k].b > 0) {
            unit_label(s, z, k, label, sizeof label);
            size_t used = strlen(names);
            snprintf(names + used, sizeof names - used, "%s%s",
                     used ? " " : "", label);
        }
    out_printf(s->o, "  %9s %9s %9s %10s   %s\n", b1, b2,
               sess_num_col(s, p->slope, b3), sess_num_col(s, p->icpt, b4),
               names[0] ? names : "(none)");
}

int cmd_show_def(sess *s, lexer *lx)
{
    curve_set cs;
    nn_relusum z = { 0 };
    if (curves_read(s, lx, &cs, NULL) != 0)
        return CMD_ERR;
    int rc = cs.n == 1 ? cmd_read_end(s, lx)
             : sess_fail(s, SIZE_MAX, 0, "show one definition at a time");
    if (rc == 0)
        rc = curves_relusum(s, &cs.item[0], &z);
    nn_relu_piece *pieces = NULL;
    size_t np = 0;
    if (rc == 0 && nn_relusum_pieces(&z, &pieces, &np) != NN_OK)
        rc = sess_fail(s, SIZE_MAX, 0, "out of memory");
    if (rc != 0) {
        curves_free(&cs);
        nn_relusum_free(&z);
        return CMD_ERR;
    }
    const curve *c = &cs.item[0];
    out *o = s->o;
    char b1[32], b2[32], b3[32], b4[32], label[64];
    if (c->def_id >= 0) {
        const char *text = defs_text(s->defs, c->def_id);
        out_printf(o, "%s(x) = ", c->label);
        out_escaped(o, OUT_OUT, text, strlen(text));
        out_printf(o, "\n");
    }
    out_printf(o, "%s is a sum of %zu ReLU unit%s: piecewise linear, with "
               "%zu breakpoint%s.\n", c->label, z.n, z.n == 1 ? "" : "s",
               np - 1, np == 2 ? "" : "s");
    if (z.n > 0) {
        out_printf(o, "\n  %-8s %9s %9s %10s  %s\n", "unit", "weight w",
                   "bias b", "in the sum", "switches on");
        for (size_t k = 0; k < z.n; k++) {
            const nn_relu_unit *u = &z.unit[k];
            unit_label(s, &z, k, label, sizeof label);
            out_printf(o, "  %-8s %9s %9s %10s  x %s %s\n", label,
                       sess_num_col(s, u->w, b1), sess_num_col(s, u->b, b2),
                       sess_num_col(s, u->c, b3), u->w > 0 ? ">" : "<",
                       sess_num(s, -u->b / u->w, b4));
        }
    }
    if (z.c1 != 0)
        out_printf(o, "  plus the line %s*x + (%s)\n", sess_num(s, z.c1, b1),
                   sess_num(s, z.c0, b2));
    else if (z.c0 != 0)
        out_printf(o, "  plus the constant %s\n", sess_num(s, z.c0, b2));
    out_printf(o, "\n  pieces (%s = slope*x + intercept):\n", c->label);
    out_printf(o, "  %9s %9s %9s %10s   %s\n", "from x", "to x", "slope",
               "intercept", "units on");
    for (size_t i = 0; i < np; i++)
        print_piece(s, &z, &pieces[i]);
    if (z.n > 0) {
        out_printf(o, "\n  as a network: 1 input x %s %zu hidden ReLU "
                   "unit%s %s 1 linear output %s\n",
                   out_glyph(o, "→", "->"), z.n, z.n == 1 ? "" : "s",
                   out_glyph(o, "→", "->"), c->label);
        out_printf(o, "  hidden weights:");
        for (size_t k = 0; k < z.n; k++)
            out_printf(o, " %s", sess_num(s, z.unit[k].w, b1));
        out_printf(o, "\n  hidden biases: ");
        for (size_t k = 0; k < z.n; k++)
            out_printf(o, " %s", sess_num(s, z.unit[k].b, b1));
        out_printf(o, "\n  output weights:");
        for (size_t k = 0; k < z.n; k++)
            out_printf(o, " %s", sess_num(s, z.unit[k].c, b1));
        out_printf(o, "\n  output bias:    %s\n", sess_num(s, z.c0, b1));
    }
    free(pieces);
    curves_free(&cs);
    nn_relusum_free(&z);
    return CMD_OK;
}

/* ============================ fit ============================ */

static nn_status fit_target(void *ctx, double x, double *y)
{
    const curve *c = ((void **)ctx)[1];
    sess *s = ((void **)ctx)[0];
    nn_expr_env env;
    sess_env(s, x, &env);
    return nn_expr_eval(c->prog, &env, y);
}

/* Builds the program relu(x + b) of a fitted unit and its text. */
static nn_expr *unit_prog(double b, char *text, size_t cap)
{
    char num[32];
    nn_expr *e = nn_expr_new();
    nn_instr ins[] = {
        { NN_OP_X, 0, 0, NULL }, { NN_OP_CONST, 0, b, NULL },
        { NN_OP_ADD, 0, 0, NULL },
        { NN_OP_ACT, 0, 0, nn_act_find("relu", 4) },
    };
    for (size_t i = 0; e && i < 4; i++)
        if (nn_expr_emit(e, ins[i]) != NN_OK) {
            nn_expr_free(e);
            return NULL;
        }
    sess_num_exact(fabs(b), num);
    snprintf(text, cap, "relu(x %s %s)", b < 0 ? "-" : "+", num);
    return e;
}

/* Longest term of a fitted sum's text: " - ", a number of at most 24
 * characters (%.17g), "*" and a unit name of at most LEX_NAME_MAX. */
#define SUM_TERM_MAX (LEX_NAME_MAX + 32)

/* Defines NAME_1..NAME_n as z's units and NAME as their sum. */
static int define_sum(sess *s, const token *name, const nn_relusum *z)
{
    char unit[LEX_NAME_MAX + 16], text[96], num[32], msg[300];
    size_t tcap = 32 + z->n * SUM_TERM_MAX, tlen = 0;
    char *sum = nn_malloc(tcap);
    nn_expr *e = nn_expr_new();
    int ok = sum && e;
    if (ok) {
        tlen = (size_t)snprintf(sum, tcap, "%s", sess_num_exact(z->c0, num));
        nn_instr c0 = { NN_OP_CONST, 0, z->c0, NULL };
        ok = nn_expr_emit(e, c0) == NN_OK;
    }
    for (size_t k = 0; ok && k < z->n; k++) {
        if (sess_interrupted(s)) {  // thousands of units take seconds
            free(sum);
            nn_expr_free(e);
            return sess_fail(s, SIZE_MAX, 0, "interrupted");
        }
        int n = snprintf(unit, sizeof unit, "%.*s_%zu", (int)name->len,
                         name->start, k + 1);
        nn_expr *u = n > LEX_NAME_MAX ? NULL
                     : unit_prog(z->unit[k].b, text, sizeof text);
        if (!u || defs_set(s->defs, unit, (size_t)n, u, text, strlen(text),
                           msg, sizeof msg) != 0) {
            free(sum);
            nn_expr_free(e);
            return sess_fail(s, name->col, name->len, "%s",
                             n > LEX_NAME_MAX ? "name too long"
                             : !u ? "out of memory" : msg);
        }
        double c = z->unit[k].c;
        tlen += (size_t)snprintf(sum + tlen, tcap - tlen, " %s %s*%s",
                                 c < 0 ? "-" : "+",
                                 sess_num_exact(fabs(c), num), unit);
        nn_instr ins[] = {
            { NN_OP_CONST, 0, c, NULL }, { NN_OP_X, 0, 0, NULL },
            { NN_OP_CALL, defs_find(s->defs, unit, (size_t)n), 0, NULL },
            { NN_OP_MUL, 0, 0, NULL }, { NN_OP_ADD, 0, 0, NULL },
        };
        for (size_t i = 0; ok && i < 5; i++)
            ok = nn_expr_emit(e, ins[i]) == NN_OK;
    }
    if (!ok) {
        free(sum);
        nn_expr_free(e);
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    }
    int rc = defs_set(s->defs, name->start, name->len, e, sum, tlen, msg,
                      sizeof msg);
    free(sum);
    if (rc != 0)
        return sess_fail(s, name->col, name->len, "%s", msg);
    /* units of an earlier, larger fit that nothing uses any more */
    for (size_t k = z->n + 1;; k++) {
        int n = snprintf(unit, sizeof unit, "%.*s_%zu", (int)name->len,
                         name->start, k);
        if (defs_remove(s->defs, unit, (size_t)n, msg, sizeof msg) != 0)
            break;
    }
    return 0;
}

/* Definitions a fit of n units named NAME adds: NAME and NAME_1 ..
 * NAME_n, less those already made (a refit reuses them). */
static size_t fit_new_defs(sess *s, const token *name, size_t n)
{
    char unit[LEX_NAME_MAX + 32];
    size_t fresh = defs_find(s->defs, name->start, name->len) < 0;
    for (size_t k = 1; k <= n; k++) {
        int len = snprintf(unit, sizeof unit, "%.*s_%zu", (int)name->len,
                           name->start, k);
        fresh += len > LEX_NAME_MAX
                 || defs_find(s->defs, unit, (size_t)len) < 0;
    }
    return fresh;
}

static int define_fit(sess *s, const token *name, lexer *lx)
{
    curve_set cs;
    token t;
    lex_error err;
    lexer target = *lx;  // where the target starts, for tune
    if (curves_read(s, lx, &cs, "with") != 0)
        return CMD_ERR;
    int rc = cs.n == 1 ? 0 : sess_fail(s, SIZE_MAX, 0, "fit one target");
    if (rc == 0 && !cs.has_range)
        rc = sess_fail(s, SIZE_MAX, 0, "give the range: %.*s = fit %s from "
                       "-pi to pi with 8 units", (int)name->len, name->start,
                       cs.item[0].label);
    double n = 0;
    if (rc == 0 && (lex_next(lx, &t, &err) != 0 || !tok_is_word(&t, "with"))) {
        lex_expected(&err, &t, "'with N units'");
        rc = sess_fail_lex(s, &err);
    }
    if (rc == 0 && lex_peek(lx, &t, &err) == 0
        && (cmd_read_number(s, lx, "the number of units", &n) != 0))
        rc = CMD_ERR;
    if (rc == 0 && !(n >= 1 && n <= NN_RELUSUM_MAX_UNITS && n == floor(n)))
        rc = sess_fail(s, t.col, t.len, "the number of units must be a "
                       "whole number from 1 to %d", NN_RELUSUM_MAX_UNITS);
    token u;
    if (rc == 0 && lex_peek(lx, &u, &err) == 0 && (tok_is_word(&u, "units")
                                                  || tok_is_word(&u, "unit")))
        lex_next(lx, &u, &err);
    if (rc == 0)
        rc = cmd_read_end(s, lx);
    if (rc == 0 && defs_count(s->defs) + fit_new_defs(s, name, (size_t)n)
                   > DEFS_MAX)
        rc = sess_fail(s, SIZE_MAX, 0, "%g unit%s would pass the limit of "
                       "%d definitions (%zu made so far)", n,
                       n == 1 ? "" : "s", DEFS_MAX, defs_count(s->defs));
    nn_relusum z = { 0 };
    double bad_x = 0;
    void *ctx[2] = { s, &cs.item[0] };
    nn_status st = NN_OK;
    defs *before = rc == 0 ? defs_copy(s->defs) : NULL;  // undo on failure
    int had_fit = s->have_fit;
    double had_max = s->maxerror, had_mean = s->meanerror;
    if (rc == 0 && !before)
        rc = sess_fail(s, SIZE_MAX, 0, "out of memory");
    if (rc == 0) {
        s->err[0] = '\0';
        st = nn_relusum_fit(fit_target, ctx, cs.from, cs.to, (size_t)n, &z,
                            &bad_x);
        if (st == NN_ERANGE)
            rc = sess_fail(s, SIZE_MAX, 0, "%s is not finite at x = %g; "
                           "choose a range where it is", cs.item[0].label,
                           bad_x);
        else if (st != NN_OK)
            rc = s->err[0] ? CMD_ERR
                 : sess_fail(s, SIZE_MAX, 0, "%s", nn_strerror(st));
    }
    if (rc == 0)
        rc = define_sum(s, name, &z);
    if (rc == 0) {
        /* measure the fit as `compare` would */
        curve fitted = { NULL, "", -1 };
        double max, mean, at;
        snprintf(fitted.label, sizeof fitted.label, "%.*s", (int)name->len,
                 name->start);
        nn_instr ins[] = {
            { NN_OP_X, 0, 0, NULL },
            { NN_OP_CALL, defs_find(s->defs, name->start, name->len), 0,
              NULL },
        };
        fitted.prog = nn_expr_new();
        rc = fitted.prog && nn_expr_emit(fitted.prog, ins[0]) == NN_OK
             && nn_expr_emit(fitted.prog, ins[1]) == NN_OK ? 0
             : sess_fail(s, SIZE_MAX, 0, "out of memory");
        if (rc == 0)
            rc = measure(s, &fitted, &cs.item[0], cs.from, cs.to, &max,
                         &mean, &at);
        if (rc == 0) {  /* target against fit */
            curve both[2] = { cs.item[0], fitted };
            snprintf(both[1].label, sizeof both[1].label, "%.*s (%zu unit%s)",
                     (int)name->len, name->start, z.n, z.n == 1 ? "" : "s");
            rc = curves_plot(s, both, 2, cs.from, cs.to, NULL);
        }
        nn_expr_free(fitted.prog);
        if (rc == 0) {
            char what[160], b1[32], b2[32];
            snprintf(what, sizeof what, "%.*s = fit of %s on [%s, %s] with "
                     "%zu ReLU unit%s", (int)name->len, name->start,
                     cs.item[0].label, sess_num(s, cs.from, b1),
                     sess_num(s, cs.to, b2), z.n, z.n == 1 ? "" : "s");
            print_errors(s, what, max, at, mean);
            out_printf(s->o, "units %.*s_1 .. %.*s_%zu; `show %.*s` takes "
                       "it apart\n", (int)name->len, name->start,
                       (int)name->len, name->start, z.n, (int)name->len,
                       name->start);
            remember_match(s, name->start, name->len, &target, cs.from,
                           cs.to);
        }
    }
    if (rc != 0 && before) {  // put every definition back as it was
        defs_free(s->defs);
        s->defs = before;
        s->have_fit = had_fit;
        s->maxerror = had_max;
        s->meanerror = had_mean;
    } else {
        defs_free(before);
    }
    nn_relusum_free(&z);
    curves_free(&cs);
    return rc;
}

int cmd_fit(sess *s, const cmd_args *a)
{
    lexer lx;
    token name = { TOK_NAME, "F", 1, SIZE_MAX, 0, 0, 1 };
    cmd_lex(&lx, a);
    return define_fit(s, &name, &lx);
}

/* ============================ N = network ============================ */

/* Defines name[0..nlen) by the expression text[0..len), as if typed
 * after `name = `. 0 or CMD_ERR. */
static int define_text(sess *s, const char *name, size_t nlen,
                       const char *text, size_t len)
{
    int id = defs_reserve(s->defs, name, nlen);
    if (id == -2)
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    if (id < 0)
        return sess_fail(s, SIZE_MAX, 0, "too many definitions (at most %d)",
                         DEFS_MAX);
    s->pending_def = id;
    s->pending_name = name;
    s->pending_len = nlen;
    lexer lx;
    lex_error err;
    lex_init(&lx, text, len, 0);
    nn_expr *prog = NULL;
    int rc = sess_parse(s, &lx, 1, &prog);
    s->pending_def = -1;
    if (rc == 0 && parse_expect_end(&lx, &err) != 0)
        rc = sess_fail_lex(s, &err);
    if (rc != 0) {
        nn_expr_free(prog);
        defs_unreserve(s->defs);
        return CMD_ERR;
    }
    char msg[300];
    if (defs_set(s->defs, name, nlen, prog, text, len, msg, sizeof msg) != 0)
        return sess_fail(s, SIZE_MAX, 0, "%s", msg);
    return 0;
}

/* Appends " + w*v" (or "w*v" first) to t: the weight exactly, the sign
 * outside. */
static void add_term(char *t, size_t cap, size_t *len, double w,
                     const char *v, int first)
{
    char num[32];
    sess_num_exact(fabs(w), num);
    int n = snprintf(t + *len, cap - *len, "%s%s%s%s%s",
                     first ? (w < 0 ? "-" : "") : (w < 0 ? " - " : " + "),
                     num, v ? "*" : "", v ? v : "", "");
    if (n > 0)
        *len += (size_t)n < cap - *len ? (size_t)n : cap - *len - 1;
}

/* NAME = network: the trained network of 1 input and 1 output as
 * definitions of x, as the slide builds Z by hand. A unit of the first
 * layer is NAME_j = act(w*x + b) (NAME_l_j with more than one hidden
 * layer), a later unit takes the units before it, and NAME is the output
 * unit, act(c1*NAME_1 + ... + b) (no act when it is linear). The numbers
 * are the network's own (floats, written exactly). */
static int define_network(sess *s, const token *name, lexer *lx)
{
    if (cmd_read_end(s, lx) != 0)
        return CMD_ERR;
    const nn_net *net = s->nw.net;
    if (!net)
        return sess_fail(s, SIZE_MAX, 0, "no network yet: network 1 6 relu "
                         "1 linear");
    size_t layers = nn_net_layers(net);
    nn_layer_spec last = nn_net_layer(net, layers - 1);
    if (nn_net_inputs(net) != 1 || last.units != 1 || !last.act)
        return sess_fail(s, SIZE_MAX, 0, "%.*s = network takes a network of "
                         "1 input and 1 output unit, a function of x: network "
                         "1 6 relu 1 linear", (int)name->len, name->start);
    size_t widest = 1;
    for (size_t l = 0; l < layers; l++) {
        size_t u = nn_net_layer(net, l).units;
        widest = u > widest ? u : widest;
    }
    size_t cap = 64 + widest * (LEX_NAME_MAX + 48);
    char *text = nn_malloc(cap);
    defs *before = text ? defs_copy(s->defs) : NULL;  // undo on failure
    if (!text || !before) {
        free(text);
        defs_free(before);
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    }
    char unit[LEX_NAME_MAX + 32], prev[LEX_NAME_MAX + 32];
    int rc = 0, one = layers == 2;  // one hidden layer: NAME_j, as fit
    size_t in = 1;
    for (size_t l = 0; rc == 0 && l < layers; l++) {
        nn_layer_spec sp = nn_net_layer(net, l);
        const float *w = nn_net_weights(net, l), *b = nn_net_biases(net, l);
        int top = l + 1 == layers;
        for (size_t j = 0; rc == 0 && j < sp.units; j++) {
            size_t len = 0;
            int linear = sp.act->relu_form && sp.act->relu_slope == 1
                         && !sp.act->param_name;
            if (!linear || !top)
                len += (size_t)snprintf(text, cap, "%s(", sp.act->name);
            for (size_t i = 0; i < in; i++) {
                if (l == 0)
                    snprintf(prev, sizeof prev, "x");
                else if (one)
                    snprintf(prev, sizeof prev, "%.*s_%zu", (int)name->len,
                             name->start, i + 1);
                else
                    snprintf(prev, sizeof prev, "%.*s_%zu_%zu",
                             (int)name->len, name->start, l, i + 1);
                add_term(text, cap, &len, w[j * in + i], prev, i == 0);
            }
            add_term(text, cap, &len, b[j], NULL, 0);
            if (!linear || !top)
                len += (size_t)snprintf(text + len, cap - len, ")");
            int n = top ? snprintf(unit, sizeof unit, "%.*s", (int)name->len,
                                   name->start)
                    : one ? snprintf(unit, sizeof unit, "%.*s_%zu",
                                     (int)name->len, name->start, j + 1)
                    : snprintf(unit, sizeof unit, "%.*s_%zu_%zu",
                               (int)name->len, name->start, l + 1, j + 1);
            if (n > LEX_NAME_MAX)
                rc = sess_fail(s, name->col, name->len, "name too long");
            else
                rc = define_text(s, unit, (size_t)n, text, len);
        }
        in = sp.units;
    }
    free(text);
    if (rc != 0) {  // every definition back as it was
        defs_free(s->defs);
        s->defs = before;
        return CMD_ERR;
    }
    defs_free(before);
    size_t hidden = nn_net_layer(net, 0).units;
    out_printf(s->o, "%.*s(x) is the network: %zu %s unit%s %.*s_1 .. "
               "%.*s_%zu%s; `defs` lists them, `show %.*s` takes a ReLU sum "
               "apart\n", (int)name->len, name->start, hidden,
               nn_net_layer(net, 0).act->name, hidden == 1 ? "" : "s",
               (int)name->len, name->start, (int)name->len, name->start,
               hidden, one ? "" : " (layer 1; NAME_l_j for layer l)",
               (int)name->len, name->start);
    return CMD_OK;
}

