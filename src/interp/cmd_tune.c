/*
 * cmd_tune.c - `tune`: turn the knobs by hand and see the effect at once.
 *
 *   tune w1 w2 b [goal E]   the neuron's weights, bias or inputs
 *   tune n3                 a ReLU unit of a sum: its weight and bias
 *   tune Z [goal E]         every unit of a sum at once
 *
 * A panel opens over the picture that fits what is turned: fire's
 * arithmetic with z marked on the activation's curve; on 2-D data, the
 * decision line over the points with the number wrong; for units, the
 * sum against its target with the max error. Keys (tune.h) pick a number,
 * nudge it or type it, and every change is drawn at once through the live
 * view (live.h); Enter keeps, Esc or q puts back. The panel reads keys
 * through the session's keyboard hook (sess_keys, front/tty.c), which a
 * script, a pipe and the JSON mode do not have: there `tune` is refused.
 *
 * The values kept are ordinary session state: the neuron's numbers, or
 * the units' definitions rewritten as relu(W*x + B). One undo snapshot
 * taken when the panel opens (the definitions in it too) lets `undo` take
 * the whole tune back; a tune that changed nothing drops it. What the
 * panel draws goes to the terminal only (out_frame); what stays in the
 * session's output, and so in a handout being recorded, is the line that
 * says what was kept, as commands that set it again.
 */
#include "tune_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>  /* the modes the view's guard puts back */

#include "curves.h"
#include "keys.h"
#include "suggest.h"
#include "../engine/mem.h"  /* nn_calloc: allocations a test can fail */

/* ============================ the words ============================ */

static const cmd_word tune_words[] = {
    { "w1", "w1 w2 ... wn", "the neuron's weights, any of them", 0,
      "inputs 1 0 1; weights 0.5 -0.2 0.8; bias -0.3\ntune w1 w3" },
    { "b", "b", "the neuron's bias", 0,
      "inputs 1 0; weights 0.5 -1\ntune b" },
    { "x1", "x1 x2 ... xn", "the neuron's inputs", 0,
      "inputs 1 0; weights 0.5 -1\ntune x1 x2" },
    { "goal", "goal E", "say matched! once the sum's max error against "
      "its target is below E (on 2-D data: once at most E points are "
      "wrong)", 0,
      "n1 = relu(x); n2 = relu(x - 1); Z = n1 - 2*n2\n"
      "compare Z with 1 - abs(x - 1) from 0 to 2\ntune Z goal 0.1" },
};

const cmd_word *cmd_tune_word(size_t i)
{
    return CMD_ROW_AT(tune_words, i);
}

/* ============================ reading the names ============================ */

/* The number of a neuron name written letter then digits (w3, x12): 1 with
 * *idx (0-based), else 0. */
static int numbered(const token *t, char letter, size_t *idx)
{
    if (t->len < 2 || t->start[0] != letter || t->len > 8)
        return 0;
    size_t k = 0;
    for (size_t i = 1; i < t->len; i++) {
        if (t->start[i] < '0' || t->start[i] > '9')
            return 0;
        k = k * 10 + (size_t)(t->start[i] - '0');
    }
    if (k == 0)
        return 0;
    *idx = k - 1;
    return 1;
}

/* What add_neuron_name returns when t names none of the neuron's
 * numbers. */
#define NOT_NEURON (-1)

/* Adds the neuron's number named t. 0, NOT_NEURON, or CMD_ERR. */
static int add_neuron_name(tuning *tn, const token *t)
{
    sess *s = tn->s;
    size_t idx = 0, n = s->nr->n;
    char what = 0;
    if (tok_is_word(t, "b") && t->start[0] == 'b')
        what = 'b';
    else if (numbered(t, 'w', &idx))
        what = 'w';
    else if (numbered(t, 'x', &idx))
        what = 'x';
    else if (t->len == 1 && (t->start[0] == 'z' || t->start[0] == 'a'))
        return sess_fail(s, t->col, t->len, "%c is worked out from the "
                         "others (z = w1*x1 + ... + b, a = f(z)): tune the "
                         "weights, the bias or the inputs", t->start[0]);
    else
        return NOT_NEURON;
    if (what != 'b' && idx >= n) {
        char last[32] = "";
        if (n > 1)
            snprintf(last, sizeof last, " to %c%zu", what, n);
        return sess_fail(s, t->col, t->len, "the neuron has %zu input%s: "
                         "%c1%s", n, n == 1 ? "" : "s", what, last);
    }
    char name[32];
    snprintf(name, sizeof name, what == 'b' ? "b" : "%c%zu", what, idx + 1);
    for (size_t i = 0; i < tn->panel.n; i++)
        if (strcmp(tn->panel.param[i].name, name) == 0)
            return 0;  // named twice: once is enough
    double v = what == 'b' ? s->nr->b : what == 'w' ? s->nr->w[idx]
                                                    : s->nr->x[idx];
    if (tune_add(&tn->panel, name, v) != 0)
        return sess_fail(s, t->col, t->len, "tune turns at most %d numbers "
                         "at a time", TUNE_MAX);
    tn->num[tn->panel.n - 1].what = what;
    tn->num[tn->panel.n - 1].idx = idx;
    return 0;
}

/* Reads definition id as a ReLU sum into *z. 0 or CMD_ERR. */
static int def_relusum(sess *s, int id, nn_relusum *z)
{
    curve c = { nn_expr_new(), "", id };
    nn_instr ins[] = { { NN_OP_X, 0, 0, NULL }, { NN_OP_CALL, id, 0, NULL } };
    snprintf(c.label, sizeof c.label, "%s", defs_name(s->defs, id));
    int rc = c.prog && nn_expr_emit(c.prog, ins[0]) == NN_OK
             && nn_expr_emit(c.prog, ins[1]) == NN_OK ? 0
             : sess_fail(s, SIZE_MAX, 0, "out of memory");
    if (rc == 0)
        rc = curves_relusum(s, &c, z);
    nn_expr_free(c.prog);
    return rc;
}

/* 1 when definition id is one ReLU unit written in itself, c*relu(w*x +
 * b): *c its factor. -1 on an error (recorded), else 0. */
static int single_unit(sess *s, int id, double *c)
{
    nn_relusum z = { 0 };
    if (def_relusum(s, id, &z) != 0)
        return -1;
    int one = z.n == 1 && z.c0 == 0 && z.c1 == 0 && z.unit[0].origin == id;
    *c = one ? z.unit[0].c : 0;
    nn_relusum_free(&z);
    return one;
}

/* Adds unit id (a single-unit definition) to the panel. 0 or CMD_ERR. */
static int add_unit(tuning *tn, int id, double c, const token *t)
{
    sess *s = tn->s;
    size_t k = tn->panel.n / 2;
    for (size_t i = 0; i < k; i++)
        if (tn->unit_id[i] == id)
            return 0;
    if (k == TUNE_UNITS)
        return sess_fail(s, t->col, t->len, "tune turns at most %d units at "
                         "a time: name the ones to turn (tune %s_1 %s_2)",
                         TUNE_UNITS, defs_name(s->defs, tn->sum_id),
                         defs_name(s->defs, tn->sum_id));
    nn_relusum z = { 0 };
    if (def_relusum(s, id, &z) != 0)
        return CMD_ERR;
    char name[48];
    const char *unit = defs_name(s->defs, id);
    snprintf(name, sizeof name, "%.40s w", unit);
    tune_add(&tn->panel, name, z.unit[0].w);
    snprintf(name, sizeof name, "%.40s b", unit);
    tune_add(&tn->panel, name, z.unit[0].b);
    nn_relusum_free(&z);
    tn->unit_id[k] = id;
    tn->unit_c[k] = c;
    return 0;
}

/* Adds definition id named by t: a unit, or every unit of a sum. The sum
 * measured must be the one compared last (s->match). 0 or CMD_ERR. */
static int add_definition(tuning *tn, int id, const token *t)
{
    sess *s = tn->s;
    const char *name = defs_name(s->defs, id);
    const char *sum = s->match.sum;
    int sum_id = sum[0] ? defs_find(s->defs, sum, strlen(sum)) : -1;
    if (sum_id < 0)
        return sess_fail(s, t->col, t->len, "tune measures a sum against "
                         "its target: compare the sum with it first "
                         "(compare Z with x^3 + x^2 - x - 1 from -2 to 1.5)");
    tn->sum_id = sum_id;
    double c;
    int one = single_unit(s, id, &c);
    if (one < 0)
        return CMD_ERR;
    nn_relusum z = { 0 };
    if (def_relusum(s, sum_id, &z) != 0)
        return CMD_ERR;
    int rc = 0, found = 0;
    if (one) {  // a unit: it must be one of the sum's
        for (size_t k = 0; k < z.n; k++)
            found |= z.unit[k].origin == id;
        if (!found)
            rc = sess_fail(s, t->col, t->len, "%s is not one of %s's units "
                           "(%s is the sum compared last)", name, sum, sum);
        else
            rc = add_unit(tn, id, c, t);
    } else if (id != sum_id) {
        rc = sess_fail(s, t->col, t->len, "%s is not a single ReLU unit, and "
                       "the sum compared last is %s: compare %s with its "
                       "target first", name, sum, name);
    } else {  // the sum: each of its units, which must be definitions
        for (size_t k = 0; rc == 0 && k < z.n; k++) {
            int unit = z.unit[k].origin;
            if (unit < 0 || unit == sum_id
                || (one = single_unit(s, unit, &c)) == 0)
                rc = sess_fail(s, t->col, t->len, "%s has a ReLU unit "
                               "written inside it; give each unit a name of "
                               "its own (n1 = relu(2x - 1)) to tune it",
                               name);
            else if (one < 0)
                rc = CMD_ERR;
            else
                rc = add_unit(tn, unit, c, t);
        }
        if (rc == 0 && z.n == 0)
            rc = sess_fail(s, t->col, t->len, "%s has no ReLU units to tune",
                           name);
    }
    nn_relusum_free(&z);
    return rc;
}

/* "unknown name 'nosuch'", with the nearest of the names tune takes. */
static int unknown_name(tuning *tn, const token *t)
{
    sess *s = tn->s;
    suggest sg;
    char name[16];
    suggest_init(&sg, t->start, t->len);
    suggest_offer(&sg, "b");
    for (size_t i = 0; i < s->nr->n && i < 99; i++) {
        snprintf(name, sizeof name, "w%zu", i + 1);
        suggest_offer(&sg, name);
        snprintf(name, sizeof name, "x%zu", i + 1);
        suggest_offer(&sg, name);
    }
    for (size_t id = 0; id < defs_slots(s->defs); id++)
        if (defs_name(s->defs, (int)id))
            suggest_offer(&sg, defs_name(s->defs, (int)id));
    const char *best = suggest_result(&sg);
    int n = t->len > 40 ? 40 : (int)t->len;
    if (best)
        return sess_fail(s, t->col, t->len, "unknown name '%.*s'; did you "
                         "mean '%s'?", n, t->start, best);
    return sess_fail(s, t->col, t->len, "unknown name '%.*s': tune takes the "
                     "neuron's w1 .. wn, b and x1 .. xn, or a ReLU unit or "
                     "sum you defined (n3, Z)", n, t->start);
}

/* Reads the names and `goal E`. 0 or CMD_ERR. */
static int read_names(tuning *tn, const cmd_args *a)
{
    sess *s = tn->s;
    lexer lx;
    token t;
    lex_error err;
    cmd_lex(&lx, a);
    int neuron = 0, units = 0;
    for (;;) {
        if (lex_next(&lx, &t, &err) != 0)
            return sess_fail_lex(s, &err);
        if (t.kind == TOK_END)
            break;
        if (t.kind == TOK_PUNCT && t.op == ',')
            continue;
        if (t.kind != TOK_NAME) {
            lex_expected(&err, &t, "a name to tune (w1, b, n3, Z)");
            return sess_fail_lex(s, &err);
        }
        if (tok_is_word(&t, tune_words[3].name)) {  // goal E
            if (cmd_read_number(s, &lx, "the goal, a number", &tn->goal) != 0
                || cmd_read_end(s, &lx) != 0)
                return CMD_ERR;
            if (!(tn->goal >= 0) || !isfinite(tn->goal))
                return sess_fail(s, t.col, SIZE_MAX, "goal: expected 0 or "
                                 "more (the largest error to reach), got %g",
                                 tn->goal);
            tn->has_goal = 1;
            break;
        }
        int id = defs_find(s->defs, t.start, t.len);
        int rc = id >= 0 ? add_definition(tn, id, &t)
                         : add_neuron_name(tn, &t);
        if (rc == NOT_NEURON)
            return unknown_name(tn, &t);
        if (rc != 0)
            return CMD_ERR;
        neuron |= id < 0;
        units |= id >= 0;
        if (neuron && units)
            return sess_fail(s, t.col, t.len, "tune the neuron's numbers or "
                             "a sum's units, not both at once");
    }
    if (tn->panel.n == 0)
        return sess_fail(s, SIZE_MAX, 0, "name what to tune: tune w1 w2 b, "
                         "tune n3 or tune Z");
    tn->units = units;
    return 0;
}

/* ============================ the session's side ============================ */
/* The unit's definition text for w and b: "relu(1.3*x + 1)". */
static void unit_text(double c, double w, double b, char *text, size_t cap)
{
    char cb[32], wb[32], bb[32], factor[40] = "";
    if (c == -1)
        snprintf(factor, sizeof factor, "-");
    else if (c != 1)
        snprintf(factor, sizeof factor, "%s*", sess_num_exact(c, cb));
    sess_num_exact(w, wb);
    sess_num_exact(fabs(b), bb);
    if (b == 0)
        snprintf(text, cap, "%srelu(%s*x)", factor, wb);
    else
        snprintf(text, cap, "%srelu(%s*x %c %s)", factor, wb,
                 b < 0 ? '-' : '+', bb);
}

/* Defines name = text through the command language. 0 or CMD_ERR. */
static int redefine(sess *s, const char *name, const char *text)
{
    char line[LEX_NAME_MAX + 160];
    snprintf(line, sizeof line, "%s = %s", name, text);
    lexer lx;
    token t, eq;
    lex_error err;
    lex_init(&lx, line, strlen(line), 0);
    if (lex_next(&lx, &t, &err) != 0 || lex_next(&lx, &eq, &err) != 0)
        return sess_fail_lex(s, &err);
    return cmd_define(s, &t, &lx);
}

/* Copies the panel's values into the session. 0 or CMD_ERR. */
static int apply(tuning *tn)
{
    sess *s = tn->s;
    const tune_panel *p = &tn->panel;
    if (!tn->units) {
        for (size_t i = 0; i < p->n; i++) {
            double v = p->param[i].value;
            switch (tn->num[i].what) {
            case 'w': s->nr->w[tn->num[i].idx] = v; break;
            case 'x': s->nr->x[tn->num[i].idx] = v; break;
            default: s->nr->b = v; break;
            }
        }
        return 0;
    }
    for (size_t k = 0; k < p->n / 2; k++) {
        char text[128];
        unit_text(tn->unit_c[k], p->param[2 * k].value,
                  p->param[2 * k + 1].value, text, sizeof text);
        if (redefine(s, defs_name(s->defs, tn->unit_id[k]), text) != 0)
            return CMD_ERR;
    }
    return 0;
}

/* Puts the session back as the panel found it. */
static void put_back(tuning *tn)
{
    sess *s = tn->s;
    if (tn->units) {
        defs_free(s->defs);
        s->defs = tn->defs_before;
        tn->defs_before = NULL;
    } else {
        nn_neuron_free(s->nr);
        s->nr = tn->nr_before;
        tn->nr_before = NULL;
        s->have_weights = tn->had_weights;
        s->have_inputs = tn->had_inputs;
    }
}
/* Checks the goal means something for what is turned. 0 or CMD_ERR. */
static int check_goal(tuning *tn)
{
    if (!tn->has_goal || tn->units || tune_flat_data(tn->s))
        return 0;
    return sess_fail(tn->s, SIZE_MAX, 0, "goal needs something to match: a "
                     "sum's units against its target (tune Z goal 0.1), or "
                     "the neuron on 2-D data (data and; tune w1 w2 b goal 0)");
}
/* ============================ the panel ============================ */

/* Reads keys and turns the knobs until Enter or Esc. Returns TUNE_KEEP or
 * TUNE_PUT_BACK, or CMD_ERR with the error recorded (keys are then put
 * back by the caller). */
static int run_panel(tuning *tn, live *v)
{
    sess *s = tn->s;
    const sess_keys *k = s->keys;
    keys_decoder dec = { { 0 }, 0 };
    unsigned char buf[64];
    int width = 0, height = 0;
    out_term_size(s->o, &width, &height);
    for (;;) {
        int n = k->read(k->ctx, buf, sizeof buf,
                        keys_pending(&dec) ? ESC_WAIT_MS : IDLE_MS);
        if (n == SESS_KEYS_END)
            return TUNE_PUT_BACK;
        if (sess_interrupted(s))  // Ctrl-C sent by kill: as Esc
            return TUNE_PUT_BACK;
        int w = width, h = height, redraw = n == SESS_KEYS_SIGNAL;
        out_term_size(s->o, &width, &height);
        redraw |= w != width || h != height;  // resized
        if (n > 0)
            keys_push(&dec, buf, (size_t)n);
        key pressed;
        while (keys_next(&dec, n == 0, &pressed)) {
            if (pressed.kind == KEY_CTRL_Z) {
                k->suspend(k->ctx);
                redraw = 1;
                continue;
            }
            tune_do did = tune_key(&tn->panel, pressed);
            if (did == TUNE_KEEP || did == TUNE_PUT_BACK)
                return did;
            if (did == TUNE_SET && apply(tn) != 0)
                return CMD_ERR;
            redraw = 1;
        }
        if (redraw && tune_draw(tn, v) != 0)
            return CMD_ERR;
    }
}

/* Says what was kept, as commands that set it again, or what was put
 * back. */
static void report(tuning *tn, int kept)
{
    sess *s = tn->s;
    const tune_panel *p = &tn->panel;
    char num[32];
    if (!tune_changed(p)) {
        out_printf(s->o, "tune: nothing changed\n");
        return;
    }
    if (!kept) {
        out_printf(s->o, "tune: put back");
        for (size_t i = 0; i < p->n; i++)
            if (p->param[i].value != p->param[i].start)
                out_printf(s->o, " %s = %s", p->param[i].name,
                           sess_num(s, p->param[i].start, num));
        out_printf(s->o, "\n");
        return;
    }
    if (tn->units) {
        for (size_t k = 0; k < p->n / 2; k++) {
            if (p->param[2 * k].value == p->param[2 * k].start
                && p->param[2 * k + 1].value == p->param[2 * k + 1].start)
                continue;
            int id = tn->unit_id[k];
            out_printf(s->o, "kept: %s(x) = %s\n", defs_name(s->defs, id),
                       defs_text(s->defs, id));
        }
        char b1[32], b2[32];
        out_printf(s->o, "%s against %s: max error %s, mean error %s%s\n",
                   s->match.sum, s->match.target,
                   sess_num(s, tn->maxerror, b1),
                   sess_num(s, tn->meanerror, b2),
                   tn->matched ? " (matched!)" : "");
        return;
    }
    const nn_neuron *nr = s->nr;
    int x = 0, wb = 0;
    for (size_t i = 0; i < p->n; i++)
        if (p->param[i].value != p->param[i].start) {
            x |= tn->num[i].what == 'x';
            wb |= tn->num[i].what != 'x';
        }
    out_printf(s->o, "kept:");
    if (x) {
        out_printf(s->o, " inputs");
        for (size_t i = 0; i < nr->n; i++)
            out_printf(s->o, " %s", sess_num_exact(nr->x[i], num));
        out_printf(s->o, "%s", wb ? ";" : "");
    }
    if (wb) {
        out_printf(s->o, " weights");
        for (size_t i = 0; i < nr->n; i++)
            out_printf(s->o, " %s", sess_num_exact(nr->w[i], num));
        out_printf(s->o, "; bias %s", sess_num_exact(nr->b, num));
    }
    if (tn->matched)
        out_printf(s->o, " (matched!)");
    out_printf(s->o, "\n");
}

/* The target's program, parsed from its text. 0 or CMD_ERR. */
static int parse_target(tuning *tn)
{
    sess *s = tn->s;
    lexer lx;
    lex_init(&lx, s->match.target, strlen(s->match.target), 0);
    if (sess_parse(s, &lx, 1, &tn->target) != 0)  // a name undefined
        return strstr(s->err, "out of memory") ? CMD_ERR
               : sess_fail(s, SIZE_MAX, 0, "the target %s no longer reads: "
                           "compare %s with it again", s->match.target,
                           s->match.sum);
    tn->sum = nn_expr_new();
    nn_instr ins[] = { { NN_OP_X, 0, 0, NULL },
                       { NN_OP_CALL, tn->sum_id, 0, NULL } };
    if (!tn->sum || nn_expr_emit(tn->sum, ins[0]) != NN_OK
        || nn_expr_emit(tn->sum, ins[1]) != NN_OK)
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    return 0;
}

int cmd_tune(sess *s, const cmd_args *a)
{
    tuning *tn = nn_calloc(1, sizeof *tn);
    if (!tn)
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    tn->s = s;
    tn->sum_id = -1;
    tune_init(&tn->panel);
    live *v = NULL;
    const char *script = sess_script(s);
    int rc = read_names(tn, a);  // the names are checked everywhere
    if (rc == 0)
        rc = check_goal(tn);
    if (rc == 0 && tn->units)
        rc = parse_target(tn);
    if (rc == 0 && ((script && script != sess_live) || !s->keys))
        rc = sess_fail(s, SIZE_MAX, 0, "tune turns the knobs by hand, with "
                       "keys read from a terminal; a script, a pipe or a "
                       "notebook sets the numbers with weights, bias or a "
                       "definition (n3 = relu(1.2x + 1))");
    if (rc == 0) {  // what Esc puts back, and what undo goes back to
        tn->had_weights = s->have_weights;
        tn->had_inputs = s->have_inputs;
        tn->nr_before = tn->units ? NULL : nn_neuron_copy(s->nr);
        tn->defs_before = tn->units ? defs_copy(s->defs) : NULL;
        v = live_new(s->o);
        if (!v || (tn->units ? !tn->defs_before : !tn->nr_before))
            rc = sess_fail(s, SIZE_MAX, 0, "out of memory");
    }
    if (rc == 0)
        rc = cmd_push_undo(s, tn->units);
    int pushed = rc == 0, did = TUNE_PUT_BACK;
    if (rc == 0 && !tn->units)  // the numbers are on the panel: set
        for (size_t i = 0; i < tn->panel.n; i++)
            s->have_weights |= tn->num[i].what != 'x';
    if (rc == 0) {  // the first frame sets the view's signal guard up,
        out_flush(s->o);  // which the keyboard's handlers then come before
        rc = tune_draw(tn, v);
        int raw = rc == 0 && s->keys->raw(s->keys->ctx) == 0;
        if (rc == 0 && !raw)
            rc = sess_fail(s, SIZE_MAX, 0, "the terminal would not give its "
                           "keys one at a time");
        struct termios before, during;
        int fd;
        if (raw && s->keys->modes  // SIGTERM, SIGHUP, Ctrl-Z: put back
            && s->keys->modes(s->keys->ctx, &fd, &before, &during) == 0)
            live_hold_modes(v, fd, &before, &during);
        if (raw) {  // every way out of the panel comes back here
            did = run_panel(tn, v);
            rc = did == CMD_ERR ? CMD_ERR : 0;
            s->keys->restore(s->keys->ctx);
        }
        live_end(v);
    }
    if (rc == 0 && did == TUNE_KEEP && tune_changed(&tn->panel))
        rc = tn->units ? tune_measure(tn) : 0;  // keys read since the last frame
    if (rc == 0 && did == TUNE_KEEP && tune_changed(&tn->panel)) {
        if (!tn->units) {
            for (size_t i = 0; i < tn->panel.n; i++) {
                s->have_inputs |= tn->num[i].what == 'x';
                s->have_weights |= tn->num[i].what != 'x';
            }
            if (tune_flat_data(s))
                tune_count_wrong(tn, tune_flat_data(s));
        } else {  // the names maxerror and meanerror, as compare sets them
            s->have_fit = 1;
            s->maxerror = tn->maxerror;
            s->meanerror = tn->meanerror;
        }
        report(tn, 1);
    } else {
        if (pushed)
            cmd_drop_undo(s);
        if (tn->nr_before || tn->defs_before)
            put_back(tn);
        if (rc == 0)
            report(tn, 0);
    }
    live_free(v);
    nn_neuron_free(tn->nr_before);
    defs_free(tn->defs_before);
    nn_expr_free(tn->sum);
    nn_expr_free(tn->target);
    free(tn);
    return rc;
}
