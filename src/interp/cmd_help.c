/*
 * cmd_help.c - `help`: the command list by topic, one command in full,
 * or one activation function. Everything printed comes from the command
 * table and the activation table, so help cannot drift from the code.
 */
#include "cmd.h"

#include <string.h>
#include <strings.h>

#include "suggest.h"

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
        out_printf(o, "  %-*s  %s\n", (int)wide, c->name, c->summary);
    }
    out_printf(o, "\nType an expression to see its value: sigmoid(1), "
               "2*relu(0.3) - 1, z.\n"
               "`help COMMAND` explains one command; `help activation "
               "NAME` one function.\n");
}

static void show_command(sess *s, const cmd *c)
{
    out *o = s->o;
    out_printf(o, "%susage: %s%s\n%s\n\n%s", out_on(o, OUT_BOLD), c->usage,
               out_off(o), c->summary, c->help);
}

static int show_activation(sess *s, const token *t)
{
    const nn_act *act = cmd_find_act(s, t);
    if (!act)
        return CMD_ERR;
    out *o = s->o;
    out_printf(o, "%s%s%s: %s\n", out_on(o, OUT_BOLD), act->name,
               out_off(o), act->summary);
    out_printf(o, "  f(z)   = %s\n  range  = %s\n  f'(z)  = %s\n",
               act->formula, act->range, act->derivative);
    if (act->kink && act->kink[0])
        out_printf(o, "  at the kink: %s\n", act->kink);
    if (act->param_name) {
        char d[32], lo[32], hi[32];
        out_printf(o, "  parameter: %s, default %s, from %s to %s "
                   "(activation %s %s)\n", act->param_name,
                   sess_num(s, act->param_default, d),
                   sess_num(s, act->param_min, lo),
                   sess_num(s, act->param_max, hi), act->name, d);
    }
    return CMD_OK;
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
    if (arg.kind != TOK_END) {
        if (tok_is_word(&t, "activation"))
            return show_activation(s, &arg);
        lex_expected(&err, &arg, "end of line");
        return sess_fail_lex(s, &err);
    }
    const cmd *c = cmd_find(t.start, t.len);
    size_t matches = 0;
    for (size_t i = 0; !c && i < cmd_count(); i++) {
        const cmd *r = cmd_at(i);
        if (strncasecmp(r->name, t.start, t.len) == 0) {
            matches++;
            if (matches == 1)
                c = r;
        }
    }
    if (c && matches <= 1) {
        show_command(s, c);
        return CMD_OK;
    }
    if (matches > 1) {
        char list[256] = "";
        for (size_t i = 0; i < cmd_count(); i++)
            if (strncasecmp(cmd_at(i)->name, t.start, t.len) == 0) {
                strncat(list, " ", sizeof list - strlen(list) - 1);
                strncat(list, cmd_at(i)->name, sizeof list - strlen(list) - 1);
            }
        return sess_fail(s, t.col, t.len, "'%.*s' could be:%s", (int)t.len,
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
