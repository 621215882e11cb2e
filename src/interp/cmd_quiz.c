/*
 * cmd_quiz.c - quizzes and self-checks for lessons: ask, hint, checkpoint.
 *
 * `ask QUESTION = ANSWER [within TOL]` puts a question to the learner. At
 * a terminal (the session's read_line hook, given by the front end) it
 * reads answers: a number is checked against ANSWER's value within TOL (to
 * 4 decimals by default, as expect does), a word against ANSWER's text,
 * ignoring case. "right!" ends it; a miss prints "not quite" and the hint
 * (the `hint TEXT` line right after the ask in a script, which
 * interp_run_buffer lets the ask see); the third miss shows the answer.
 * Without a terminal (tests, CI, a pipe) the question and its answer are
 * printed and the lesson goes on: an ask never waits there, and a wrong
 * or missing answer is never an error.
 *
 * `checkpoint TASK :: CONDITION` asks the learner to reach a state. At a
 * terminal the learner types commands at a nested "checkpoint> " prompt,
 * and the condition (written as for expect) is checked after each: when
 * it holds, "done!" and the lesson goes on; `skip` gives up. Without a
 * terminal the condition is checked once and a miss is not an error, so a
 * lesson may state a task and then solve it itself.
 */
#include "cmd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "interp.h"
#include "parse.h"

#define ASK_TRIES 3                   /* misses before the answer shows */
#define ANSWER_PROMPT "answer> "
#define CHECKPOINT_PROMPT "checkpoint> "

/* ============================ text ============================ */

/* Drops blanks at both ends of text[0..*len); returns the new start. */
static const char *trim(const char *text, size_t *len)
{
    size_t n = *len;
    while (n > 0 && strchr(" \t\r\n", *text)) {
        text++;
        n--;
    }
    while (n > 0 && strchr(" \t\r\n", text[n - 1]))
        n--;
    *len = n;
    return text;
}

/* 1 when a and b hold the same words, ignoring case and how many blanks
 * stand between them. */
static int same_words(const char *a, size_t an, const char *b, size_t bn)
{
    a = trim(a, &an);
    b = trim(b, &bn);
    size_t i = 0, j = 0;
    while (i < an && j < bn) {
        int ablank = a[i] == ' ' || a[i] == '\t';
        int bblank = b[j] == ' ' || b[j] == '\t';
        if (ablank && bblank) {
            while (i < an && (a[i] == ' ' || a[i] == '\t'))
                i++;
            while (j < bn && (b[j] == ' ' || b[j] == '\t'))
                j++;
            continue;
        }
        if (ablank || bblank || strncasecmp(a + i, b + j, 1) != 0)
            return 0;
        i++;
        j++;
    }
    return i == an && j == bn;
}

/* 1 when text[0..len) is a number literal with an optional sign. */
static int is_literal(const char *text, size_t len)
{
    lexer lx;
    token t;
    lex_error err;
    lex_init(&lx, text, len, 0);
    if (lex_next(&lx, &t, &err) != 0)
        return 0;
    if (tok_is(&t, '-') || tok_is(&t, '+'))
        if (lex_next(&lx, &t, &err) != 0)
            return 0;
    if (t.kind != TOK_NUM)
        return 0;
    return lex_next(&lx, &t, &err) == 0 && t.kind == TOK_END;
}

/* ============================ ask ============================ */

/* What an ask expects. */
typedef struct answer {
    const char *text;   /* as written (without `within TOL`), trimmed */
    size_t len;
    int numeric;        /* 1: value and tol hold; 0: a word answer */
    double value, tol;
    int has_tol;        /* `within` was written */
} answer;

/* Index of the '=' between question and answer: the last '=' not part of
 * '==', '<=', '>=' or '!=' (a question may hold those); len when none. */
static size_t answer_sep(const char *text, size_t len)
{
    for (size_t i = len; i-- > 0;) {
        if (text[i] != '=')
            continue;
        if ((i > 0 && strchr("=<>!", text[i - 1]))
            || (i + 1 < len && text[i + 1] == '='))
            continue;
        return i;
    }
    return len;
}

/* Column of the word `within` among the tokens of text, or SIZE_MAX. */
static size_t within_at(const char *text, size_t len, size_t col)
{
    lexer lx;
    token t;
    lex_error err;
    lex_init(&lx, text, len, col);
    while (lex_next(&lx, &t, &err) == 0 && t.kind != TOK_END)
        if (tok_is_word(&t, "within"))
            return t.col;
    return SIZE_MAX;
}

/* Evaluates the expression text[0..len) (column col) to its end. Returns
 * 0 with *v set, or CMD_ERR with the error recorded. */
static int eval_text(sess *s, const char *text, size_t len, size_t col,
                     double *v)
{
    lexer lx;
    token t;
    lex_error err;
    nn_expr *e = NULL;
    lex_init(&lx, text, len, col);
    lex_peek(&lx, &t, &err);
    if (sess_parse(s, &lx, 0, &e) != 0)
        return CMD_ERR;
    int rc = parse_expect_end(&lx, &err) != 0 ? sess_fail_lex(s, &err)
             : sess_eval(s, e, 0, t.col, v);
    nn_expr_free(e);
    return rc;
}

/* Reads ANSWER [within TOL] from text[0..len) at column col. With
 * `within` the answer must be a number or an expression with a value;
 * without, anything that is not one is a word answer. 0 or CMD_ERR. */
static int read_answer(sess *s, const char *text, size_t len, size_t col,
                       answer *ans)
{
    memset(ans, 0, sizeof *ans);
    ans->tol = CMD_DEFAULT_TOL;
    size_t w = within_at(text, len, col);
    size_t n = w == SIZE_MAX ? len : w - col;
    ans->len = n;
    ans->text = trim(text, &ans->len);
    if (ans->len == 0)
        return sess_fail(s, col, 1, "expected the answer after '='");
    if (w != SIZE_MAX) {
        lexer lx;
        token t;
        lex_error err;
        lex_init(&lx, text + n, len - n, w);
        lex_next(&lx, &t, &err);  // within
        lex_peek(&lx, &t, &err);
        if (eval_text(s, text, n, col, &ans->value) != 0
            || cmd_read_number(s, &lx, "a tolerance", &ans->tol) != 0
            || cmd_read_end(s, &lx) != 0)
            return CMD_ERR;
        if (!(ans->tol >= 0))
            return sess_fail(s, t.col, t.len, "the tolerance must be 0 or "
                             "more");
        ans->numeric = ans->has_tol = 1;
        return 0;
    }
    ans->numeric = eval_text(s, text, len, col, &ans->value) == 0;
    s->err[0] = '\0';  // not an expression: a word answer
    return 0;
}

/* Prints "answer: ANSWER", with its value when it is an expression and
 * its tolerance when one was written. */
static void show_answer(sess *s, const answer *ans)
{
    char vb[32], tb[32];
    out_printf(s->o, "answer: ");
    size_t first = ans->len;  // of the words an answer may be, the first
    const char *bar = memchr(ans->text, '|', ans->len);
    if (!ans->numeric && bar) {
        first = (size_t)(bar - ans->text);
        trim(ans->text, &first);
    }
    out_escaped(s->o, OUT_OUT, ans->text, first);
    if (ans->numeric && !is_literal(ans->text, ans->len))
        out_printf(s->o, " = %s", sess_num(s, ans->value, vb));
    if (ans->has_tol)
        out_printf(s->o, " (within %s)", sess_num_exact(ans->tol, tb));
    out_printf(s->o, "\n");
}

/* 1 when the learner's reply is right: the answer's words, or a number
 * (or arithmetic, 1/2) within the tolerance of a numeric answer. */
static int reply_right(sess *s, const answer *ans, const char *reply)
{
    size_t len = strcspn(reply, "\n");  // a pasted block: its first line
    while (len > 0 && strchr(".!? \t\r", reply[len - 1]))
        len--;  // "The second." is "the second"
    for (size_t at = 0; at <= ans->len;) {  // second | the second | w2
        size_t n = 0;
        while (at + n < ans->len && ans->text[at + n] != '|')
            n++;
        if (same_words(reply, len, ans->text + at, n))
            return 1;
        at += n + 1;
    }
    double v;
    if (!ans->numeric || eval_text(s, reply, len, 0, &v) != 0) {
        s->err[0] = '\0';
        return 0;
    }
    return v == ans->value || fabs(v - ans->value) <= ans->tol;
}

/* The text of a `hint TEXT` line right after the ask in a script, all
 * of the line as written (`#` and `;` are text, as in `say`), trimmed, or
 * NULL. */
static const char *find_hint(const sess *s, size_t *len)
{
    const char *p = s->next_line;
    size_t n = s->next_len, i = 0;
    if (!p)
        return NULL;
    while (i < n && (p[i] == ' ' || p[i] == '\t'))
        i++;
    if (n - i < 4 || strncasecmp(p + i, "hint", 4) != 0)
        return NULL;
    i += 4;
    if (i < n && !strchr(" \t\r", p[i]))
        return NULL;  // hints, hint(...)
    *len = n - i;
    const char *h = trim(p + i, len);
    return *len ? h : NULL;
}

int cmd_ask(sess *s, const cmd_args *a)
{
    size_t sep = answer_sep(a->text, a->len);
    if (sep == a->len)
        return sess_fail(s, SIZE_MAX, 0, "expected '= ANSWER' after the "
                         "question; usage: ask QUESTION = ANSWER [within "
                         "TOL]");
    size_t qlen = sep;
    const char *q = trim(a->text, &qlen);
    if (qlen == 0)
        return sess_fail(s, a->col + sep, 1, "expected a question before "
                         "'='");
    answer ans;
    if (read_answer(s, a->text + sep + 1, a->len - sep - 1,
                    a->col + sep + 1, &ans) != 0)
        return CMD_ERR;
    out *o = s->o;
    out_printf(o, "%squestion:%s ", out_on(o, OUT_BOLD), out_off(o));
    out_wrap_escaped(o, OUT_OUT, q, qlen, strlen("question: "), 4);
    if (!s->read_line) {  // tests, CI, a pipe: never wait
        show_answer(s, &ans);
        return CMD_OK;
    }
    if (s->presenting) {  // the class answers aloud; Enter reveals it
        if (s->wait) {
            out_printf(o, "%s(Enter shows the answer)%s", out_on(o, OUT_DIM),
                       out_off(o));
            out_flush(o);
            if (s->wait(s->wait_ctx) != 0)
                return CMD_EXIT;
        }
        show_answer(s, &ans);
        return CMD_OK;
    }
    size_t hlen = 0;
    const char *hint = find_hint(s, &hlen);
    for (int misses = 0;;) {
        out_flush(o);
        char *reply = s->read_line(s->read_ctx, ANSWER_PROMPT, 0);
        if (!reply) {
            out_printf(o, "\n");
            return CMD_EXIT;  // end of input: the learner has gone
        }
        int right = reply_right(s, &ans, reply);
        free(reply);
        if (right) {
            out_printf(o, "%sright!%s\n", out_on(o, OUT_GREEN), out_off(o));
            return CMD_OK;
        }
        out_printf(o, "%snot quite%s\n", out_on(o, OUT_YELLOW), out_off(o));
        if (++misses == ASK_TRIES) {
            show_answer(s, &ans);
            return CMD_OK;
        }
        if (hint) {
            out_printf(o, "hint: ");
            out_wrap_escaped(o, OUT_OUT, hint, hlen, strlen("hint: "), 4);
        }
    }
}

int cmd_hint(sess *s, const cmd_args *a)
{
    (void)s;
    (void)a;
    return CMD_OK;  // read by the ask on the line before
}

/* ============================ checkpoint ============================ */

/* Index of the last "::" in text, or len when there is none. */
static size_t task_sep(const char *text, size_t len)
{
    for (size_t i = len; i-- > 1;)
        if (text[i] == ':' && text[i - 1] == ':')
            return i - 1;
    return len;
}

/* Where a checkpoint's condition is in the line. */
typedef struct goal {
    const char *text;
    size_t len, col;
} goal;

/* 1 when the goal holds, 0 when not or not yet (a name without a value
 * or not defined yet), -1 when it is malformed or its evaluation was
 * interrupted (the error recorded). */
static int holds(sess *s, const goal *g)
{
    lexer lx;
    cmd_cond c;
    int not_yet;
    lex_init(&lx, g->text, g->len, g->col);
    if (cmd_cond_check(s, &lx, &c, &not_yet) == 0)
        return c.pass;
    if (!not_yet || sess_interrupted(s))  // Ctrl-C is not "not yet"
        return -1;
    s->err[0] = '\0';
    return 0;
}

/* 1 when line is the word `skip`, in any case, with blanks around. */
static int is_skip(const char *line)
{
    size_t n = strlen(line);
    return same_words(line, n, "skip", 4);
}

/* Runs one line typed at the checkpoint prompt. Returns 1 when the
 * checkpoint is over (reached, skipped), CMD_EXIT to end the run, else
 * 0. */
static int checkpoint_line(sess *s, const goal *g, const char *line)
{
    if (is_skip(line)) {
        out_printf(s->o, "(checkpoint skipped)\n");
        return 1;
    }
    sess_where at_prompt = { NULL, 0, NULL };
    sess_where here = s->where[s->depth - 1];
    int rc = interp_eval_line(s, line, strlen(line), at_prompt);
    s->where[s->depth - 1] = here;
    if (rc == CMD_EXIT)
        return CMD_EXIT;
    int h = holds(s, g);
    if (h < 0 && sess_interrupted(s))  // Ctrl-C while checking: say so
        interp_report(s, NULL);
    if (h != 1) {
        s->err[0] = '\0';  // the learner may have broken a name it uses
        return 0;
    }
    out_printf(s->o, "%sdone!%s\n", out_on(s->o, OUT_GREEN),
               out_off(s->o));
    return 1;
}

/* The nested prompt: commands until the goal holds, `skip` or the end of
 * input. Errors typed there are part of play, not the script's: the
 * error count is put back. CMD_OK or CMD_EXIT. */
static int checkpoint_prompt(sess *s, const goal *g)
{
    size_t width = s->prompt_width;
    int errors = s->errors_seen;
    const char *next = s->next_line;  // no hint for an ask typed here
    size_t next_len = s->next_len;
    s->next_line = NULL;
    s->next_len = 0;
    int rc = 0;
    while (rc == 0) {
        if (s->interrupted)
            *s->interrupted = 0;  // from a command typed here
        const char *prompt = s->block.open ? INTERP_MORE : CHECKPOINT_PROMPT;
        s->prompt_width = strlen(prompt);
        out_flush(s->o);
        char *line = s->read_line(s->read_ctx, prompt, 1);
        if (!line) {
            out_printf(s->o, "\n");
            rc = CMD_EXIT;  // end of input ends the run
            break;
        }
        /* a pasted block of lines: each in turn */
        for (char *at = line, *nl; at && rc == 0; at = nl) {
            nl = strchr(at, '\n');
            if (nl)
                *nl++ = '\0';
            rc = checkpoint_line(s, g, at);
        }
        free(line);
    }
    if (s->interrupted)
        *s->interrupted = 0;  // a Ctrl-C in play does not end the lesson
    s->prompt_width = width;
    s->errors_seen = errors;
    s->next_line = next;
    s->next_len = next_len;
    return rc == CMD_EXIT ? CMD_EXIT : CMD_OK;
}

int cmd_checkpoint(sess *s, const cmd_args *a)
{
    size_t sep = task_sep(a->text, a->len);
    if (sep == a->len)
        return sess_fail(s, SIZE_MAX, 0, "expected ':: CONDITION' after "
                         "the task; usage: checkpoint TASK :: CONDITION");
    size_t tlen = sep;
    const char *task = trim(a->text, &tlen);
    if (tlen == 0)
        return sess_fail(s, a->col + sep, 2, "expected the task before "
                         "'::'");
    goal g = { a->text + sep + 2, a->len - sep - 2, a->col + sep + 2 };
    size_t clen = g.len;
    const char *cond = trim(g.text, &clen);
    if (clen == 0)
        return sess_fail(s, a->col + sep, 2, "expected a condition after "
                         "'::', as expect writes it (accuracy = 1)");
    int h = holds(s, &g);
    if (h < 0)
        return CMD_ERR;
    out *o = s->o;
    out_printf(o, "%scheckpoint:%s ", out_on(o, OUT_BOLD), out_off(o));
    out_wrap_escaped(o, OUT_OUT, task, tlen, strlen("checkpoint: "), 4);
    if (!s->read_line) {  // tests, CI, a pipe: check once, never wait
        out_printf(o, h ? "(checkpoint reached)\n"
                        : "(checkpoint skipped: not interactive)\n");
        return CMD_OK;
    }
    if (h) {
        out_printf(o, "%sdone!%s\n", out_on(o, OUT_GREEN), out_off(o));
        return CMD_OK;
    }
    out_printf(o, "(type commands until ");
    out_escaped(o, OUT_OUT, cond, clen);
    out_printf(o, "; `skip` goes on without it)\n");
    return checkpoint_prompt(s, &g);
}
