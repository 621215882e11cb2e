/*
 * cmd_help.c - `help`: the command list by topic, one command in full,
 * or one activation function. Everything printed comes from the command
 * table and the activation table, so help cannot drift from the code.
 */
#include "cmd.h"

#include <string.h>
#include <strings.h>

#include "suggest.h"

/* Continuation indent of an indented help line: under its second column
 * ("  zeros             every weight...") or two past its own indent. */
static size_t hanging_indent(const char *line)
{
    size_t lead = strspn(line, " ");
    const char *gap = strstr(line + lead, "  ");
    if (gap && gap[strspn(gap, " ")] != '\0')
        return (size_t)(gap - line) + strspn(gap, " ");
    return lead + 2;
}

/* Writes help text wrapped to the width: lines that start at column 0 are
 * prose and flow together into paragraphs; indented lines (tables,
 * examples) wrap on their own under their second column. */
static void wrap_lines(sess *s, const char *text)
{
    char para[2048], line[512];
    size_t used = 0;
    for (;;) {
        size_t n = strcspn(text, "\n");
        int prose = n > 0 && text[0] != ' ';
        if ((!prose || *text == '\0') && used > 0) {
            out_wrap(s->o, OUT_OUT, para, 0);
            used = 0;
        }
        if (*text == '\0')
            break;
        if (prose && used + n + 2 < sizeof para) {
            used += (size_t)snprintf(para + used, sizeof para - used, "%s%.*s",
                                     used ? " " : "", (int)n, text);
        } else if (!prose) {
            snprintf(line, sizeof line, "%.*s", (int)n, text);
            out_wrap(s->o, OUT_OUT, line, hanging_indent(line));
        }
        text += n + (text[n] == '\n');
    }
}

/* `help json`: the format of neuron --json (front/json.c). */
static const char help_json[] =
    "neuron --json: the machine-readable mode (the Jupyter kernel uses it;\n"
    "so may an editor or a web page). Requests come on stdin, one a line;\n"
    "events go to stdout, one JSON object a line, each with the \"id\" of\n"
    "its request (null when it had none) and a \"type\". The first event\n"
    "is {\"type\":\"ready\",\"version\":...,\"protocol\":1}.\n"
    "\n"
    "Requests:\n"
    "  {\"op\":\"run\",\"id\":1,\"code\":\"inputs 1 0\\nfire\",\"width\":80,"
    "\"stdin\":false}\n"
    "  {\"op\":\"complete\",\"id\":2,\"code\":\"activation sig\","
    "\"cursor\":14}\n"
    "  {\"op\":\"inspect\",\"id\":3,\"code\":\"plot relu\",\"cursor\":6}\n"
    "  {\"op\":\"input\",\"value\":\"0.2\"}  the answer to an input event "
    "(null: none)\n"
    "  a line not starting with { runs as one command line\n"
    "code is a cell: any number of lines, run as a script runs them, up to\n"
    "the first error. cursor counts characters (code points; default: the\n"
    "end). width (20 to 1000, default 80) stays for later requests. With\n"
    "stdin true, ask and checkpoint send input events and wait for the\n"
    "answer; without, they show the answer as in a pipe.\n"
    "\n"
    "Events of a run:\n"
    "  line      a line of the cell that ran a command: \"line\" (1-based),\n"
    "            \"output\" (a list, in order, of {\"text\":...} and\n"
    "            {\"svg\":...}), \"status\" (ok, error, interrupted, exit),\n"
    "            \"stderr\" (notes and warnings), \"error\" (null or\n"
    "            {message, command, file, line, column, length, text})\n"
    "  output    output printed so far by a long command, before its\n"
    "            progress or an input event\n"
    "  progress  {\"text\":\"[####  ] epoch 300 of 1000, loss 0.52\"}: the\n"
    "            progress line, redrawn in place; \"text\":null takes it away\n"
    "  input     {\"prompt\":\"answer> \",\"command\":false}: send an input\n"
    "  done      {\"status\":\"ok\",\"lines\":3}: the run is over\n"
    "Other replies:\n"
    "  complete  {\"matches\":[\"sigmoid\",\"sign\"],\"start\":11,\"end\":14}\n"
    "  inspect   {\"found\":true,\"name\":\"relu\",\"output\":[...]}: `help`\n"
    "            for the word at the cursor, or `show` for a name of yours\n"
    "  error     {\"message\":\"bad request: ...\"}: a request that is not\n"
    "            JSON, too long (16 MB), or has a wrong field; nothing ran\n"
    "An error's column and length count characters in its line; its text\n"
    "is the message as a script shows it, \"<cell>:LINE: error: ...\", with\n"
    "the line and a caret. Text has no colour. Pictures are SVG documents\n"
    "from the renderer of `plot ... > f.svg`: plots, boundary, plot loss,\n"
    "fire --plot, images, softmax's and predict's bars, show unit. The\n"
    "neuron and network diagrams of `show` and tables stay text. Ctrl-C\n"
    "(SIGINT) stops the command running, as at the prompt; one that comes\n"
    "between requests is dropped. `quit` ends the process after its done\n"
    "event. A cell may write files anywhere, as at the prompt.\n";

static void list_all(sess *s)
{
    out *o = s->o;
    size_t wide = 0;
    for (size_t i = 0; i < cmd_count(); i++) {
        size_t n = strlen(cmd_at(i)->name);
        wide = n > wide ? n : wide;
    }
    const char *topic = NULL;
    for (size_t i = 0; i < cmd_count(); i++) {
        const cmd *c = cmd_at(i);
        if (!topic || strcmp(topic, c->topic) != 0) {
            topic = c->topic;
            out_printf(o, "%s%s%s%s\n", i ? "\n" : "", out_on(o, OUT_BOLD),
                       topic, out_off(o));
        }
        char line[256];
        snprintf(line, sizeof line, "  %-*s  %s", (int)wide, c->name,
                 c->summary);
        out_wrap(o, OUT_OUT, line, wide + 4);
    }
    out_printf(o, "\n");
    wrap_lines(s, "Type an expression to see its value: sigmoid(1), "
               "2*relu(0.3) - 1, z.\n`help COMMAND` explains one command; "
               "`help activation NAME` one function.\n");
}

/* A command's rows, "  USAGE  help", one line each, the help in a
 * column. */
static void show_rows(sess *s, const cmd *c)
{
    size_t wide = 0;
    const cmd_word *w;
    for (size_t i = 0; (w = c->rows(i)); i++)
        wide = strlen(w->usage) > wide ? strlen(w->usage) : wide;
    for (size_t i = 0; (w = c->rows(i)); i++) {
        char line[512];
        snprintf(line, sizeof line, "  %-*s  %s", (int)wide, w->usage,
                 w->help);
        out_wrap(s->o, OUT_OUT, line, wide + 4);
    }
}

/* A command's help text, with its rows where a line says "@rows". */
static void show_help_text(sess *s, const cmd *c)
{
    const char *at = c->rows ? strstr(c->help, "@rows\n") : NULL;
    if (!at) {
        wrap_lines(s, c->help);
        return;
    }
    char before[2048];
    size_t n = (size_t)(at - c->help);
    snprintf(before, sizeof before, "%.*s", (int)n, c->help);
    wrap_lines(s, before);
    show_rows(s, c);
    wrap_lines(s, at + 6);
}

static void show_command(sess *s, const cmd *c)
{
    out *o = s->o;
    char usage[512], text[480];
    snprintf(usage, sizeof usage, "usage: %s",
             cmd_usage(c, text, sizeof text));
    out_printf(o, "%s", out_on(o, OUT_BOLD));
    out_wrap(o, OUT_OUT, usage, 7);
    out_printf(o, "%s", out_off(o));
    wrap_lines(s, c->summary);
    out_printf(o, "\n");
    show_help_text(s, c);
}

/* help COMMAND WORD: the row's usage, help and example. */
static int show_row(sess *s, const cmd *c, const cmd_args *word)
{
    int i;
    if (cmd_read_row(s, word, c->rows, &i) != 0)
        return CMD_ERR;
    const cmd_word *w = c->rows((size_t)i);
    out *o = s->o;
    char line[512];
    snprintf(line, sizeof line, "usage: %s %s", c->name, w->usage);
    out_printf(o, "%s", out_on(o, OUT_BOLD));
    out_wrap(o, OUT_OUT, line, 7);
    out_printf(o, "%s", out_off(o));
    wrap_lines(s, w->help);
    for (const char *at = w->example; at && *at;) {  // a line a "  > "
        size_t n = strcspn(at, "\n");
        out_printf(o, "  > %.*s\n", (int)n, at);
        at += n + (at[n] == '\n');
    }
    return CMD_OK;
}

static int show_activation(sess *s, const token *t)
{
    const nn_act *act = cmd_find_act(s, t);
    if (!act)
        return CMD_ERR;
    char line[512], d[32], lo[32], hi[32];
    snprintf(line, sizeof line, "%s: %s", act->name, act->summary);
    wrap_lines(s, line);
    snprintf(line, sizeof line, "  f(z)   = %s", act->formula);
    out_wrap(s->o, OUT_OUT, line, 11);
    snprintf(line, sizeof line, "  range  = %s", act->range);
    out_wrap(s->o, OUT_OUT, line, 11);
    snprintf(line, sizeof line, "  f'(z)  = %s", act->derivative);
    out_wrap(s->o, OUT_OUT, line, 11);
    if (act->kink && act->kink[0]) {
        snprintf(line, sizeof line, "  at the kink: %s", act->kink);
        out_wrap(s->o, OUT_OUT, line, 4);
    }
    if (act->param_name) {
        snprintf(line, sizeof line, "  parameter: %s, default %s, from %s "
                 "to %s (activation %s %s)", act->param_name,
                 sess_num(s, act->param_default, d),
                 sess_num(s, act->param_min, lo),
                 sess_num(s, act->param_max, hi), act->name, d);
        out_wrap(s->o, OUT_OUT, line, 4);
    }
    return cmd_plot_activation(s, act, act->param_default, 0, 0, 8);
}

int cmd_help(sess *s, const cmd_args *a)
{
    lexer lx;
    token t, arg;
    lex_error err;
    cmd_lex(&lx, a);
    if (lex_next(&lx, &t, &err) != 0)
        return sess_fail_lex(s, &err);
    if (t.kind == TOK_END) {
        list_all(s);
        return CMD_OK;
    }
    if (t.kind != TOK_NAME) {
        lex_expected(&err, &t, "a command name");
        return sess_fail_lex(s, &err);
    }
    if (lex_next(&lx, &arg, &err) != 0)
        return sess_fail_lex(s, &err);
    if (arg.kind == TOK_END && tok_is_word(&t, "json")) {
        wrap_lines(s, help_json);
        return CMD_OK;
    }
    const cmd *c = cmd_find(t.start, t.len);
    if (arg.kind != TOK_END) {  // help data moons: a row of the command
        if (c && c->complete == CMPL_ACT && cmd_row_of(c->rows, &arg) < 0)
            return show_activation(s, &arg);  // help plot relu
        if (!c || !c->rows) {
            lex_expected(&err, &arg, "end of line");
            return sess_fail_lex(s, &err);
        }
        size_t skip = (size_t)(arg.start - a->text);  // the rest: the word
        cmd_args one = { arg.start, a->len - skip, arg.col, a->count - 1 };
        return show_row(s, c, &one);
    }
    size_t matches = 0;
    const cmd *first = NULL;
    for (size_t i = 0; !c && i < cmd_count(); i++) {
        const cmd *r = cmd_at(i);
        if (strncasecmp(r->name, t.start, t.len) == 0 && matches++ == 0)
            first = r;
    }
    if (!c && matches == 1)
        c = first;
    if (c && matches <= 1) {
        show_command(s, c);
        return CMD_OK;
    }
    if (matches > 1) {
        char list[256] = "";
        size_t k = 0;
        for (size_t i = 0; i < cmd_count(); i++)
            if (strncasecmp(cmd_at(i)->name, t.start, t.len) == 0) {
                size_t used = strlen(list);
                snprintf(list + used, sizeof list - used, "%s%s",
                         k == 0 ? "" : ++k == matches ? " or " : ", ",
                         cmd_at(i)->name);
                if (k == 0)
                    k = 1;
            }
        return sess_fail(s, t.col, t.len, "'%.*s' could be %s", (int)t.len,
                         t.start, list);
    }
    if (nn_act_find(t.start, t.len))
        return show_activation(s, &t);
    suggest sg;
    suggest_init(&sg, t.start, t.len);
    for (size_t i = 0; i < cmd_count(); i++)
        suggest_offer(&sg, cmd_at(i)->name);
    const char *best = suggest_result(&sg);
    int n = t.len > 40 ? 40 : (int)t.len;
    if (best)
        return sess_fail(s, t.col, t.len, "no help for '%.*s'; did you mean "
                         "'%s'?", n, t.start, best);
    return sess_fail(s, t.col, t.len, "no help for '%.*s'; `help` lists the "
                     "commands", n, t.start);
}
