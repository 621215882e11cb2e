/*
 * interp.c - running lines and scripts, and reporting errors.
 *
 * A line is split at `;` (a `#` ends it); each piece is a command when it
 * starts with a command's name, otherwise an expression whose value is
 * printed. Arity and unknown commands are checked here, once, from the
 * command table. Every error is printed by interp_report, in one shape:
 * "file:line: error: CMD: message" in a script, a caret under the token.
 */
#include "interp.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "files.h"
#include "parse.h"
#include "record.h"
#include "suggest.h"

/* ============================ reporting ============================ */

/* Display width of s[from..to) once printed by out_escaped. */
static size_t shown_width(const char *s, size_t from, size_t to)
{
    size_t w = 0;
    for (size_t i = from; i < to; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\r')
            w += 2;
        else if (c < 0x20 && c != '\t')
            w += 4;
        else if (c == 0x7f)
            w += 4;
        else if ((c & 0xc0) != 0x80)
            w++;
    }
    return w;
}

/* Prints the line around column col with a caret under err_len bytes. */
static void show_caret(sess *s, const char *line, size_t col, size_t len)
{
    const char *nl = memchr(line, '\n', s->line_len);
    size_t n = nl ? (size_t)(nl - line) : s->line_len;
    if (col > n)
        col = n;
    size_t from = col > 40 ? col - 40 : 0;
    while (from > 0 && ((unsigned char)line[from] & 0xc0) == 0x80)
        from--;
    size_t to = n - from > 72 ? from + 72 : n;
    while (to < n && ((unsigned char)line[to] & 0xc0) == 0x80)
        to++;
    if (to < col + 1 && col < n)
        to = col + 1;
    out *o = s->o;
    size_t pad = s->where[s->depth - 1].file ? 0 : s->prompt_width;
    if (!pad) {
        out_write(o, OUT_ERR, "  ", 2);
        if (from > 0)
            out_write(o, OUT_ERR, "...", 3);
        out_escaped(o, OUT_ERR, line + from, to - from);
        if (to < n)
            out_write(o, OUT_ERR, "...", 3);
        out_write(o, OUT_ERR, "\n", 1);
        pad = 2 + (from > 0 ? 3 : 0);
    } else {
        from = 0;  // the prompt line itself is on screen
    }
    pad += shown_width(line, from, col);
    for (size_t i = 0; i < pad; i++)
        out_write(o, OUT_ERR, " ", 1);
    size_t marks = len > 1 ? shown_width(line, col, col + len < n ? col + len
                                                                : n) : 1;
    out_eprintf(o, "%s^", out_on(o, OUT_GREEN));
    for (size_t i = 1; i < marks && i < 72; i++)
        out_write(o, OUT_ERR, "~", 1);
    out_eprintf(o, "%s\n", out_off(o));
}

/* The message of interp_report, with its "(run from ...)" chain, wrapped
 * at the width after the "file:line: error: CMD: " already printed (a
 * terminal). Returns 0 when memory ran out and nothing was printed. */
static int wrap_error(sess *s, const sess_where *w, const char *name)
{
    size_t used = strlen("error: ") + (name ? strlen(name) + 2 : 0);
    if (w->file) {
        char num[32];
        used += shown_width(w->file, 0, strlen(w->file))
                + (size_t)snprintf(num, sizeof num, ":%ld: ", w->line);
    }
    size_t cap = strlen(s->err) + 1;
    for (int d = s->depth - 2; d >= 1; d--)
        cap += strlen(s->where[d].file) + 40;
    char *text = malloc(cap);
    if (!text)
        return 0;
    size_t n = (size_t)snprintf(text, cap, "%s", s->err);
    for (int d = s->depth - 2; d >= 1 && n < cap; d--)
        n += (size_t)snprintf(text + n, cap - n, " (run from %s:%ld)",
                              s->where[d].file, s->where[d].line);
    out_wrap_escaped(s->o, OUT_ERR, text, n < cap ? n : cap - 1, used, 4);
    free(text);
    return 1;
}

void interp_report(sess *s, const char *name)
{
    out *o = s->o;
    const sess_where *w = &s->where[s->depth - 1];
    int has_col = s->err_col != SIZE_MAX && s->line != NULL;
    int at_prompt = s->prompt_width && !w->file;
    if (s->on_error)
        s->on_error(s->front_ctx, s, name);
    if (has_col && at_prompt)
        show_caret(s, s->line, s->err_col, s->err_len);
    if (w->file) {
        out_escaped(o, OUT_ERR, w->file, strlen(w->file));
        out_eprintf(o, ":%ld: ", w->line);
    }
    out_eprintf(o, "%serror:%s ", out_on(o, OUT_RED), out_off(o));
    if (name)
        out_eprintf(o, "%s: ", name);
    if (!out_wrap_errors(o) || !wrap_error(s, w, name)) {
        out_escaped(o, OUT_ERR, s->err, strlen(s->err));
        for (int d = s->depth - 2; d >= 1; d--) {
            out_eprintf(o, " (run from ");
            out_escaped(o, OUT_ERR, s->where[d].file,
                        strlen(s->where[d].file));
            out_eprintf(o, ":%ld)", s->where[d].line);
        }
        out_write(o, OUT_ERR, "\n", 1);
    }
    if (has_col && !at_prompt)
        show_caret(s, s->line, s->err_col, s->err_len);
    s->errors_seen++;
    s->err[0] = '\0';  // reported: a caller seeing CMD_ERR prints no more
}

/* ============================ one command ============================ */

/* Words in text[0..len), split at whitespace, commas and brackets, up to
 * a `> FILE` that ends the command (the picture's file is not one of its
 * arguments: `mistakes 3 > m.svg` has one). */
static size_t count_words(const char *text, size_t len)
{
    size_t n = 0;
    int in = 0;
    for (size_t i = 0; i < len && text[i] != '>'; i++) {
        int sep = strchr(" \t\r\v\f,[]", text[i]) != NULL;
        if (!sep && !in)
            n++;
        in = !sep;
    }
    return n;
}

/* Runs command c on text[0..len) at column col, blanks trimmed at both
 * ends; narration (raw) keeps its leading blanks, as written. */
static int run_command(sess *s, const cmd *c, const char *text, size_t len,
                       size_t col, int raw)
{
    while (!raw && len > 0 && strchr(" \t\r\v\f", *text)) {
        text++;
        len--;
        col++;
    }
    while (len > 0 && strchr(" \t\r\v\f", text[len - 1]))
        len--;
    cmd_args a = { text, len, col, count_words(text, len) };
    if ((int)a.count < c->min_args
        || (c->max_args >= 0 && a.count > (size_t)c->max_args)) {
        const char *what = a.count < (size_t)c->min_args
                         ? "missing arguments"
                         : c->max_args == 0 ? "takes no arguments"
                                            : "too many arguments";
        char usage[400];
        sess_fail(s, a.count ? col : SIZE_MAX, len, "%s; usage: %s", what,
                  cmd_usage(c, usage, sizeof usage));
        interp_report(s, c->name);
        return CMD_ERR;
    }
    s->err[0] = '\0';
    s->svg_to[0] = '\0';
    s->svg_count = 0;
    int rc = c->fn(s, &a);
    if (rc == CMD_OK && s->svg_to[0] && s->svg_count == 0)
        rc = sess_fail(s, SIZE_MAX, 0, "this drew no picture to write to "
                       "%.200s", s->svg_to);
    s->svg_to[0] = '\0';
    if (rc == CMD_ERR && s->err[0])  // empty: reported already (run)
        interp_report(s, c->name);
    return rc;
}

/* 1 when t names something an expression can use. */
static int known_name(const token *t)
{
    if (nn_act_find(t->start, t->len) || nn_fn_find(t->start, t->len) >= 0)
        return 1;
    return tok_is_word(t, "pi") || tok_is_word(t, "x");
}

static int unknown_command(sess *s, const token *t)
{
    suggest sg;
    suggest_init(&sg, t->start, t->len);
    for (size_t i = 0; i < cmd_count(); i++)
        suggest_offer(&sg, cmd_at(i)->name);
    const char *best = suggest_result(&sg);
    char shown[48];
    size_t n = t->len < 40 ? t->len : 40;
    memcpy(shown, t->start, n);
    strcpy(shown + n, t->len > 40 ? "..." : "");
    if (best)
        sess_fail(s, t->col, t->len, "unknown command '%s'; did you mean "
                  "'%s'?", shown, best);
    else
        sess_fail(s, t->col, t->len, "unknown command '%s'; type 'help' "
                  "for the list", shown);
    interp_report(s, NULL);
    return CMD_ERR;
}

/* Evaluates an expression line and prints its value. */
static int run_expression(sess *s, lexer *lx)
{
    nn_expr *e = NULL;
    token t;
    lex_error err;
    lex_peek(lx, &t, &err);
    size_t col = t.col;
    double v;
    int rc = sess_parse(s, lx, 0, &e);
    if (rc == 0 && parse_expect_end(lx, &err) != 0)
        rc = sess_fail_lex(s, &err);
    if (rc == 0)
        rc = sess_eval(s, e, 0, col, &v);
    nn_expr_free(e);
    if (rc != 0) {
        interp_report(s, NULL);
        return CMD_ERR;
    }
    char buf[32];
    out_printf(s->o, "%s\n", sess_num(s, v, buf));
    return CMD_OK;
}

/* After a name: `= ...` or `(x) = ...` makes a definition. On a yes the
 * lexer is left just past '=' and *var is the variable named in the
 * brackets (kind TOK_END when there were none). */
static int is_definition(lexer *lx, const token *next, token *var)
{
    lexer look = *lx;
    token t;
    lex_error err;
    var->kind = TOK_END;
    if (tok_is(next, '=')) {
        lex_next(lx, &t, &err);
        return 1;
    }
    if (!tok_is(next, '('))
        return 0;
    lex_next(&look, &t, &err);
    if (lex_next(&look, var, &err) != 0 || var->kind != TOK_NAME
        || lex_next(&look, &t, &err) != 0 || !tok_is(&t, ')')
        || lex_next(&look, &t, &err) != 0 || !tok_is(&t, '=')) {
        var->kind = TOK_END;
        return 0;
    }
    *lx = look;
    return 1;
}

/* Runs text[from..to) of the line: one command or expression. */
static int run_piece(sess *s, const char *line, size_t from, size_t to)
{
    lexer lx;
    token t, next;
    lex_error err;
    lex_init(&lx, line + from, to - from, from);
    if (lex_peek(&lx, &t, &err) != 0) {
        sess_fail_lex(s, &err);
        interp_report(s, NULL);
        return CMD_ERR;
    }
    if (t.kind == TOK_END)
        return CMD_OK;
    if (t.kind == TOK_NAME) {
        lex_next(&lx, &t, &err);
        int peek_ok = lex_peek(&lx, &next, &err) == 0;
        const cmd *c = cmd_find(t.start, t.len);
        if (!peek_ok && !c) {  // sigmoïd(1): a bad byte inside a name
            sess_fail_lex(s, &err);
            interp_report(s, NULL);
            return CMD_ERR;
        }
        token var;
        if (peek_ok && is_definition(&lx, &next, &var)) {
            int rc = var.kind == TOK_NAME && !(var.len == 1
                                               && var.start[0] == 'x')
                     ? sess_fail(s, var.col, var.len, "the variable of a "
                                 "definition is x: write %.*s(x) = ...",
                                 (int)t.len, t.start)
                     : cmd_define(s, &t, &lx);
            if (rc == CMD_ERR)
                interp_report(s, NULL);
            return rc;
        }
        /* `step(1)` is a call; `say (lesson 4)` is a command */
        int call = peek_ok && next.kind == TOK_PUNCT && known_name(&t)
                   && (next.op == '(' || next.op == '\'');
        /* `loss` alone is the last training's loss; `loss mse` the
         * command that picks one */
        int value = c && sess_has_name(t.start, t.len) && peek_ok
                    && (next.kind == TOK_END || next.kind == TOK_PUNCT);
        if (c && !call && !value) {
            size_t at = t.col + t.len;
            return run_command(s, c, line + at, to - at, at, 0);
        }
        int op_next = peek_ok && next.kind == TOK_PUNCT && !call;
        if (!c && !call && !op_next && !known_name(&t)
            && !sess_has_name(t.start, t.len)
            && defs_find(s->defs, t.start, t.len) < 0)
            return unknown_command(s, &t);
        lex_init(&lx, line + from, to - from, from);
    }
    return run_expression(s, &lx);
}

/* ============================ lines ============================ */

/* When the piece of line[0..len) that starts at from is narration (`say`
 * or `hint`, see cmd_takes_raw_line), its command, with *text set to where
 * its text starts: after the name and one blank, so the rest of the line,
 * leading spaces, `#` and `;` included, is printed as written. Else NULL.
 * `say = 2` and `say(x) = ...` stay definitions. */
static const cmd *narration_at(const char *line, size_t from, size_t len,
                               size_t *text)
{
    size_t i = from;
    while (i < len && strchr(" \t\r\v\f", line[i]))
        i++;
    size_t name = i;
    while (i < len && i - name < 16 && (line[i] == '_'
                                        || (line[i] >= '0' && line[i] <= '9')
                                        || ((line[i] | 32) >= 'a'
                                            && (line[i] | 32) <= 'z')))
        i++;
    const cmd *c = cmd_find(line + name, i - name);
    if (!cmd_takes_raw_line(c))
        return NULL;
    size_t after = i;  // line need not end in a NUL: stop at len
    while (after < len && (line[after] == ' ' || line[after] == '\t'))
        after++;
    if ((after < len && line[after] == '=') || (i < len && line[i] == '('))
        return NULL;
    if (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;  // the blank that separates the name from the text
    *text = i;
    return c;
}

/* 1 when text[0..len) holds no command: blanks and `;` up to a comment. */
static int rest_is_blank(const char *text, size_t len)
{
    for (size_t i = 0; i < len && text[i] != '#'; i++)
        if (!strchr(" \t\r;", text[i]))
            return 0;
    return 1;
}

int interp_eval_line(sess *s, const char *line, size_t len,
                     sess_where where)
{
    s->where[s->depth - 1].file = where.file;
    s->where[s->depth - 1].line = where.line;
    const char *saved = s->line;  // the line of an enclosing `run`
    size_t saved_len = s->line_len;
    const char *nul = memchr(line, '\0', len);
    if (len > 0 && line[len - 1] == '\n')
        len--;
    record_line(s, line, nul && (size_t)(nul - line) < len
                ? (size_t)(nul - line) : len);  // a handout being recorded
    s->line = line;
    s->line_len = len;
    if (nul && (size_t)(nul - line) < len) {
        size_t col = (size_t)(nul - line);
        sess_fail(s, SIZE_MAX, 0, "NUL byte in input at column %zu", col + 1);
        interp_report(s, NULL);
        s->line = saved;
        s->line_len = saved_len;
        return CMD_ERR;
    }
    if (s->block.open) {  // a row of an image: '#' is a pixel here
        int rc = image_block_line(s, line, len);
        if (rc == CMD_ERR)
            interp_report(s, "image");
        s->line = saved;
        s->line_len = saved_len;
        return rc;
    }
    int rc = CMD_OK;
    size_t from = 0;
    while (from < len && rc == CMD_OK) {
        size_t text;
        const cmd *say = narration_at(line, from, len, &text);
        if (say) {  // the rest of the line is its text
            rc = run_command(s, say, line + text, len - text, text, 1);
            break;
        }
        size_t to = from;
        while (to < len && line[to] != ';' && line[to] != '#')
            to++;
        rc = run_piece(s, line, from, to);
        if (to >= len || line[to] == '#')
            break;
        from = to + 1;
        /* Ctrl-C stops the line as it stops a script, even when the
         * command it came during (data mnist) could not stop itself */
        if (rc == CMD_OK && sess_interrupted(s)
            && !rest_is_blank(line + from, len - from)) {
            sess_fail(s, SIZE_MAX, 0, "interrupted; the rest of the line "
                      "is not run");
            interp_report(s, NULL);
            rc = CMD_ERR;
        }
    }
    s->line = saved;
    s->line_len = saved_len;
    return rc;
}

/* ============================ scripts ============================ */

/* interp_run_buffer's loop; ask sees the next line through s->next_line. */
static int run_lines(sess *s, const char *name, const char *buf, size_t len)
{
    int status = CMD_OK;
    long lineno = 0;
    size_t pos = 0;
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
        pos = 3;  // a UTF-8 byte order mark
    while (pos < len) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) + 1 : len;
        const char *next = end < len ? memchr(buf + end, '\n', len - end)
                                     : NULL;
        s->next_line = end < len ? buf + end : NULL;
        s->next_len = next ? (size_t)(next - buf) - end : len - end;
        sess_where w = { name, ++lineno, NULL };
        if (s->echo)
            interp_echo(s, buf + pos, end - pos);
        int rc = interp_eval_line(s, buf + pos, end - pos, w);
        pos = end;
        if (sess_interrupted(s) && pos < len) {
            sess_fail(s, SIZE_MAX, 0, "interrupted; the rest of the script "
                      "is not run");
            interp_report(s, NULL);
            return CMD_ERR;
        }
        if (rc == CMD_EXIT)
            return CMD_EXIT;
        if (rc == CMD_ERR) {
            status = CMD_ERR;
            if (!s->keep_going || sess_interrupted(s))
                break;
        }
    }
    if (image_end_of_input(s) != CMD_OK) {
        if (s->err[0])
            interp_report(s, "image");
        status = CMD_ERR;
    }
    return status;
}

int interp_run_buffer(sess *s, const char *name, const char *buf,
                      size_t len)
{
    const char *next = s->next_line;  // a `run` inside a script
    size_t next_len = s->next_len;
    int rc = run_lines(s, name, buf, len);
    s->next_line = next;
    s->next_len = next_len;
    return rc;
}

/* Reads all of path into *buf (caller frees). Returns 0, or -1 with a
 * message recorded: "cannot run 'x.neuron': No such file or directory". */
static int read_script(sess *s, const char *path, char **buf, size_t *len)
{
    char why[300];
    if (files_read(path, FILES_MAX_SCRIPT, buf, len, why, sizeof why) == 0)
        return 0;
    const char *verb = "cannot read";
    size_t n = strlen(verb);
    return sess_fail(s, SIZE_MAX, 0, "%s%s", strncmp(why, verb, n) == 0
                     ? "cannot run" : "", strncmp(why, verb, n) == 0
                     ? why + n : why);
}

/* Offset of the first byte showing data is binary, or SIZE_MAX. */
static size_t binary_at(const char *buf, size_t len)
{
    if (len >= 2 && (unsigned char)buf[0] == 0x1f
        && (unsigned char)buf[1] == 0x8b)
        return 0;  // gzip
    size_t n = len < 4096 ? len : 4096;
    const char *nul = memchr(buf, '\0', n);
    return nul ? (size_t)(nul - buf) : SIZE_MAX;
}

static int run_file(sess *s, const char *path)
{
    char near[4096];  // a relative name is looked for beside the script too
    path = sess_find_file(s, path, near, sizeof near);
    char *real = realpath(path, NULL);
    if (s->depth > SESS_MAX_RUN_DEPTH) {
        free(real);
        return sess_fail(s, SIZE_MAX, 0, "run nested too deeply (max %d)",
                         SESS_MAX_RUN_DEPTH);
    }
    for (int d = 1; real && d < s->depth; d++) {
        if (!s->where[d].id || strcmp(s->where[d].id, real) != 0)
            continue;
        char chain[400] = "";
        size_t used = 0;
        for (int k = d; k < s->depth && used < sizeof chain; k++)
            used += (size_t)snprintf(chain + used, sizeof chain - used,
                                     "%s:%ld -> ", s->where[k].file,
                                     s->where[k].line);
        free(real);
        return sess_fail(s, SIZE_MAX, 0, "run cycle: %s%s", chain, path);
    }
    char *buf = NULL;
    size_t len = 0;
    if (read_script(s, path, &buf, &len) != 0) {
        free(real);
        return CMD_ERR;
    }
    size_t bin = binary_at(buf, len);
    if (bin != SIZE_MAX) {
        free(buf);
        free(real);
        return sess_fail(s, SIZE_MAX, 0, "'%s' is not a text script "
                         "(binary data at byte %zu)", path, bin);
    }
    s->depth++;
    s->where[s->depth - 1] = (sess_where){ path, 0, real };
    /* a lesson reads as a worked session: each command as typed, then
       what it prints (its narration and checks print themselves) */
    int echo = s->echo;
    size_t bom = len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
    if (len - bom >= 9 && memcmp(buf + bom, "# Lesson ", 9) == 0)
        s->echo = 1;
    int rc = interp_run_buffer(s, path, buf, len);
    s->echo = echo;
    s->depth--;
    free(buf);
    free(real);
    return rc;
}

int interp_run_file(sess *s, const char *path)
{
    s->err[0] = '\0';
    int rc = run_file(s, path);
    if (rc == CMD_ERR && s->err[0])
        interp_report(s, NULL);
    return rc;
}

int interp_read_script(sess *s, const char *path, char **buf, size_t *len)
{
    if (read_script(s, path, buf, len) != 0)
        return CMD_ERR;
    size_t bin = binary_at(*buf, *len);
    if (bin == SIZE_MAX)
        return 0;
    free(*buf);
    *buf = NULL;
    return sess_fail(s, SIZE_MAX, 0, "'%s' is not a text script (binary "
                     "data at byte %zu)", path, bin);
}

/* ============================ echo ============================ */

void interp_echo(sess *s, const char *line, size_t len)
{
    size_t i = 0;
    while (i < len && strchr(" \t\r\v\f\n", line[i]))
        i++;
    if (!s->block.open && (i == len || line[i] == '#'))
        return;  // nothing to run: not shown
    size_t w = i;  // say, expect ...: what they print is the transcript
    while (w < len && (isalnum((unsigned char)line[w]) || line[w] == '_'))
        w++;
    if (!s->block.open && cmd_is_narration(cmd_find(line + i, w - i)))
        return;
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        len--;
    record_aside_start(s);  // a handout has the command once, as code
    out_printf(s->o, "%s", s->block.open ? INTERP_MORE : INTERP_PROMPT);
    out_escaped(s->o, OUT_OUT, line, len);
    out_write(s->o, OUT_OUT, "\n", 1);
    record_aside_end(s);
}
