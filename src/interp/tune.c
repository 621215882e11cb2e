/*
 * tune.c - the knobs of `tune` (tune.h): picking, nudging, typing.
 */
#include "tune.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lex.h" /* the number a learner types is read as any number is */

void tune_init(tune_panel *t)
{
    memset(t, 0, sizeof *t);
}

int tune_add(tune_panel *t, const char *name, double value)
{
    if (t->n == TUNE_MAX)
        return -1;
    tune_param *p = &t->param[t->n++];
    snprintf(p->name, sizeof p->name, "%s", name);
    p->value = p->start = value;
    return 0;
}

double tune_stepped(double v, double by)
{
    double r = v + by;
    if (fabs(r) < 1e6)
        r = round(r * 1e9) / 1e9;
    return r == 0 ? 0 : r;  // never -0
}

int tune_changed(const tune_panel *t)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->param[i].value != t->param[i].start)
            return 1;
    return 0;
}

void tune_put_back(tune_panel *t)
{
    for (size_t i = 0; i < t->n; i++)
        t->param[i].value = t->param[i].start;
    t->typed[0] = '\0';
}

/* Reads the typed text as a number, an optional sign then a literal: 0
 * with *v, or -1. */
static int typed_number(const char *text, double *v)
{
    lexer lx;
    token t;
    lex_error err;
    double sign = 1;
    size_t at = 0;
    if (text[0] == '-' || text[0] == '+') {
        sign = text[0] == '-' ? -1 : 1;
        at = 1;
    }
    lex_init(&lx, text + at, strlen(text + at), 0);
    if (lex_next(&lx, &t, &err) != 0 || t.kind != TOK_NUM
        || !isfinite(t.num))
        return -1;
    double num = t.num;
    if (lex_next(&lx, &t, &err) != 0 || t.kind != TOK_END)
        return -1;
    *v = sign * num;
    return 0;
}

/* Sets the picked parameter to the typed number, if any. 1 when it was
 * set, 0 when nothing was typed, -1 (with a note) when the text is not a
 * number: it stays, to be mended. */
static int set_typed(tune_panel *t)
{
    if (!t->typed[0])
        return 0;
    double v;
    if (typed_number(t->typed, &v) != 0) {
        snprintf(t->note, sizeof t->note, "not a number: %s", t->typed);
        return -1;
    }
    t->param[t->at].value = v == 0 ? 0 : v;
    t->typed[0] = '\0';
    return 1;
}

/* 1 when c may go into a number being typed. */
static int number_char(const tune_panel *t, char c)
{
    if ((c >= '0' && c <= '9') || c == '.')
        return 1;
    if (c == '-' || c == '+')  // a sign, first or after the exponent
        return !t->typed[0] || strchr("eE", t->typed[strlen(t->typed) - 1]);
    return (c == 'e' || c == 'E') && t->typed[0];
}

tune_do tune_key(tune_panel *t, key k)
{
    size_t len = strlen(t->typed);
    t->note[0] = '\0';
    if (t->n == 0)
        return k.kind == KEY_ENTER ? TUNE_KEEP : TUNE_PUT_BACK;
    switch (k.kind) {
    case KEY_CHAR:
        if (k.ch == 'q' || k.ch == 'Q')
            return TUNE_PUT_BACK;
        if (!number_char(t, k.ch))
            return TUNE_SAME;
        if (len < TUNE_TYPED_MAX) {
            t->typed[len] = k.ch;
            t->typed[len + 1] = '\0';
        }
        return TUNE_SAME;
    case KEY_BACKSPACE:
        if (len > 0)
            t->typed[len - 1] = '\0';
        return TUNE_SAME;
    case KEY_ENTER: {
        int set = set_typed(t);
        return set == 0 ? TUNE_KEEP : set > 0 ? TUNE_SET : TUNE_SAME;
    }
    case KEY_ESC:
        if (len > 0) {  // drops the number half typed, nothing else
            t->typed[0] = '\0';
            return TUNE_SAME;
        }
        return TUNE_PUT_BACK;
    case KEY_CTRL_C:
    case KEY_CTRL_D:
        return TUNE_PUT_BACK;
    case KEY_RIGHT: case KEY_TAB: case KEY_LEFT: case KEY_BACKTAB:
    case KEY_UP: case KEY_DOWN: case KEY_SHIFT_UP: case KEY_PAGE_UP:
    case KEY_SHIFT_DOWN: case KEY_PAGE_DOWN: case KEY_HOME:
        break;
    default:  // keys of no use here (End, Ctrl-Z, F5) change nothing
        return TUNE_SAME;
    }
    /* every other key first sets a typed number */
    int set = set_typed(t);
    if (set < 0)
        return TUNE_SAME;
    tune_param *p = &t->param[t->at];
    switch (k.kind) {
    case KEY_RIGHT:
    case KEY_TAB:
        t->at = (t->at + 1) % t->n;
        break;
    case KEY_LEFT:
    case KEY_BACKTAB:
        t->at = (t->at + t->n - 1) % t->n;
        break;
    case KEY_UP:
        p->value = tune_stepped(p->value, TUNE_FINE);
        return TUNE_SET;
    case KEY_DOWN:
        p->value = tune_stepped(p->value, -TUNE_FINE);
        return TUNE_SET;
    case KEY_SHIFT_UP:
    case KEY_PAGE_UP:
        p->value = tune_stepped(p->value, TUNE_COARSE);
        return TUNE_SET;
    case KEY_SHIFT_DOWN:
    case KEY_PAGE_DOWN:
        p->value = tune_stepped(p->value, -TUNE_COARSE);
        return TUNE_SET;
    case KEY_HOME:  // this one back to where it started
        p->value = p->start;
        return TUNE_SET;
    default:
        break;
    }
    return set > 0 ? TUNE_SET : TUNE_SAME;
}
