/*
 * cmd_train.c - training one neuron, one visible step at a time.
 *
 *   rule perceptron | gradient     loss mse | bce | bce_logits | ce
 *   rate 0.1    batch 1 | full     optimizer sgd | momentum | adam
 *   step        epoch      train 50      predict 1 0    evaluate
 *   trace on | off         undo
 *
 * The engine makes each update (nn_learn_update) and says what happened;
 * this file writes it out with the actual numbers, in the order they were
 * computed: w1 = 0 + 0.1·(1 − 0)·1 = 0.1.
 */
#include "cmd.h"
#include "export.h"  /* the run `export` writes */
#include "suggest.h"
#include "watch.h"   /* train --watch, watch on */
#include "../engine/mem.h"  /* nn_malloc: allocations a test can fail */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Epoch rows `train` prints in full before eliding the middle. */
#define TRAIN_SHOW_ROWS 20

/* ============================ settings ============================ */

/* Rows the engine's tables hold at most, as commands list them. */
#define ROWS_MAX 16

const cmd_word *cmd_rule_word(size_t i)
{
    static cmd_word rows[ROWS_MAX];
    static char example[ROWS_MAX][40];
    const nn_rule_info *r = i < ROWS_MAX ? nn_rule_at(i) : NULL;
    if (!r)
        return NULL;
    snprintf(example[i], sizeof example[i], "rule %s", r->name);
    rows[i] = (cmd_word){ r->name, r->name, r->help, 0, example[i] };
    return &rows[i];
}

const cmd_word *cmd_loss_word(size_t i)
{
    static cmd_word rows[ROWS_MAX];
    static char help[ROWS_MAX][200], example[ROWS_MAX][40];
    const nn_loss_info *l = i < ROWS_MAX ? nn_loss_at(i) : NULL;
    if (!l)
        return NULL;
    snprintf(help[i], sizeof help[i], "%s: %s", l->formula, l->help);
    snprintf(example[i], sizeof example[i], "loss %s", l->name);
    rows[i] = (cmd_word){ l->name, l->name, help[i], 0, example[i] };
    return &rows[i];
}

const cmd_word *cmd_opt_word(size_t i)
{
    static cmd_word rows[ROWS_MAX];
    static char help[ROWS_MAX][200], example[ROWS_MAX][40];
    const nn_opt_info *o = i < ROWS_MAX ? nn_opt_at(i) : NULL;
    if (!o)
        return NULL;
    snprintf(help[i], sizeof help[i], "%s: %s", o->formula, o->help);
    snprintf(example[i], sizeof example[i], "optimizer %s", o->name);
    rows[i] = (cmd_word){ o->name, o->name, help[i], 0, example[i] };
    return &rows[i];
}

int cmd_rule(sess *s, const cmd_args *a)
{
    int c;
    if (cmd_read_row(s, a, cmd_rule_word, &c) != 0)
        return CMD_ERR;
    s->tr.cfg.rule = (nn_rule)c;
    return CMD_OK;
}

int cmd_loss(sess *s, const cmd_args *a)
{
    int c;
    if (cmd_read_row(s, a, cmd_loss_word, &c) != 0)
        return CMD_ERR;
    if (s->nw.net && nn_loss_at((size_t)c)->logit)
        return sess_fail(s, a->col, a->len, "a network learns with mse, bce "
                         "(one sigmoid output) or ce (softmax); it computes "
                         "both from the logit already");
    s->tr.cfg.loss = (nn_loss)c;
    return CMD_OK;
}

int cmd_optimizer(sess *s, const cmd_args *a)
{
    int c;
    if (cmd_read_row(s, a, cmd_opt_word, &c) != 0)
        return CMD_ERR;
    if ((nn_opt)c != s->tr.cfg.opt) {
        nn_optstate_free(s->tr.opt);  // another optimizer's memory
        s->tr.opt = NULL;
        if (s->nw.net)
            nn_net_reset_optimizer(s->nw.net);
    }
    s->tr.cfg.opt = (nn_opt)c;
    return CMD_OK;
}

int cmd_rate(sess *s, const cmd_args *a)
{
    lexer lx;
    token t;
    lex_error err;
    double r;
    cmd_lex(&lx, a);
    lex_peek(&lx, &t, &err);
    if (cmd_read_number(s, &lx, "the learning rate", &r) != 0
        || cmd_read_end(s, &lx) != 0)
        return CMD_ERR;
    if (!(r > 0 && r <= 1e6))
        return sess_fail(s, t.col, t.len, "the rate must be above 0 and at "
                         "most 1e6");
    s->tr.cfg.rate = r;
    return CMD_OK;
}

/* batch's one word besides a size. */
static const cmd_word batch_words[] = {
    { "full", "full", "the whole data set in one batch", 0, "batch full" },
};

const cmd_word *cmd_batch_word(size_t i)
{
    return CMD_ROW_AT(batch_words, i);
}

/* Reads a batch size or `full` (0) into *batch: 0, or CMD_ERR. */
static int read_batch(sess *s, lexer *lx, size_t *batch)
{
    token t;
    lex_error err;
    int seen = lex_peek(lx, &t, &err) == 0;
    if (seen && cmd_row_of(cmd_batch_word, &t) == 0) {
        lex_next(lx, &t, &err);
        *batch = 0;
        return 0;
    }
    if (seen && t.kind == TOK_NAME) {
        suggest sg;
        suggest_init(&sg, t.start, t.len);
        suggest_offer(&sg, batch_words[0].name);
        if (suggest_result(&sg))
            return sess_fail(s, t.col, t.len, "expected a batch size or "
                             "%s, got '%.*s'; did you mean '%s'?",
                             batch_words[0].name, t.len > 40 ? 40 : (int)t.len,
                             t.start, batch_words[0].name);
    }
    double b;
    if (cmd_read_number(s, lx, "a batch size or full", &b) != 0)
        return CMD_ERR;
    if (!(b >= 1 && b <= NN_DATA_MAX_ROWS && b == floor(b)))
        return sess_fail(s, t.col, t.len, "the batch size must be a whole "
                         "number from 1 to %d, or full", NN_DATA_MAX_ROWS);
    *batch = (size_t)b;
    return 0;
}

int cmd_batch(sess *s, const cmd_args *a)
{
    lexer lx;
    size_t b;
    cmd_lex(&lx, a);
    if (read_batch(s, &lx, &b) != 0 || cmd_read_end(s, &lx) != 0)
        return CMD_ERR;
    s->tr.cfg.batch = b;
    return CMD_OK;
}

/* What may follow `train N`: a row each. --watch (and the file of an
 * animated SVG) comes last: it is read from the end of the line. */
enum { TRAIN_EPOCHS, TRAIN_EPOCH, TRAIN_BATCH, TRAIN_RATE, TRAIN_OPT,
       TRAIN_WATCH };
static const cmd_word train_words[] = {
    { "epochs", "N epochs", "N passes over the data (the word is "
      "optional)", 0, "data and; train 20 epochs" },
    { "epoch", "1 epoch", "the same, for one", 0, "data and; train 1 epoch" },
    { "batch", "batch B", "with batches of B (or full), from now on", 0,
      "data and; train 20 batch 2" },
    { "rate", "rate R", "with learning rate R, from now on", 0,
      "data and; train 20 rate 0.5" },
    { "optimizer", "optimizer O", "with optimizer O, from now on", 0,
      "data and; train 20 optimizer momentum" },
    { "--watch", "N --watch [> FILE.svg]", "draw it learning, live on a "
      "terminal (elsewhere the last picture); > FILE.svg: as an animated "
      "SVG", 0, "data and; train 20 --watch" },
};

const cmd_word *cmd_train_word(size_t i)
{
    return CMD_ROW_AT(train_words, i);
}

/* After a '-' (t) among train's options: "--NAME" is not --watch there
 * (it must come last) or is misspelt; says which. Returns CMD_ERR. */
static int misspelt_option(sess *s, lexer *lx, const token *t)
{
    token dash, name;
    lex_error err;
    const char *watch = train_words[TRAIN_WATCH].name;
    if (lex_next(lx, &dash, &err) != 0 || !tok_is(&dash, '-')
        || dash.space_before || lex_next(lx, &name, &err) != 0
        || name.kind != TOK_NAME || name.space_before)
        return sess_fail(s, t->col, 1, "expected batch, rate, optimizer or "
                         "%s (last), got '-'", watch);
    size_t len = name.col + name.len - t->col;
    if (tok_is_word(&name, watch + 2))
        return sess_fail(s, t->col, len, "%s comes last: train N [options] "
                         "%s", watch, watch);
    suggest sg;
    suggest_init(&sg, name.start, name.len);
    suggest_offer(&sg, watch + 2);
    return sess_fail(s, t->col, len, "unknown option '--%.*s'%s%s%s",
                     name.len > 40 ? 40 : (int)name.len, name.start,
                     suggest_result(&sg) ? "; did you mean '" : "",
                     suggest_result(&sg) ? watch : "",
                     suggest_result(&sg) ? "'?" : "");
}

/* Reads what may follow `train N [epochs]`: batch B, rate R, optimizer
 * O, in any order, into the settings (kept for next time). 0, or CMD_ERR
 * with the settings as they were. */
static int train_options(sess *s, lexer *lx)
{
    nn_learn saved = s->tr.cfg;
    token t, at;
    lex_error err;
    for (;;) {
        if (lex_next(lx, &t, &err) != 0) {
            s->tr.cfg = saved;
            return sess_fail_lex(s, &err);
        }
        if (t.kind == TOK_END)
            break;
        double v;
        int c, bad = 0;
        lex_peek(lx, &at, &err);
        switch (cmd_row_of(cmd_train_word, &t)) {
        case TRAIN_BATCH:
            bad = read_batch(s, lx, &s->tr.cfg.batch) != 0;
            break;
        case TRAIN_RATE:
            bad = cmd_read_number(s, lx, "a learning rate", &v) != 0;
            if (!bad && !(v > 0 && v <= 1e6))
                bad = sess_fail(s, at.col, at.len, "the rate must be above 0 "
                                "and at most 1e6");
            if (!bad)
                s->tr.cfg.rate = v;
            break;
        case TRAIN_OPT: {
            lex_next(lx, &at, &err);
            cmd_args one = { at.start, at.len, at.col, 1 };
            bad = cmd_read_row(s, &one, cmd_opt_word, &c) != 0;
            if (!bad)
                s->tr.cfg.opt = (nn_opt)c;
            break;
        }
        default: {  // "batch, rate, optimizer or --watch": the rows
            if (tok_is(&t, '-')) {  // --wacth: a misspelt --watch
                bad = misspelt_option(s, lx, &t);
                break;
            }
            char names[128];
            snprintf(names, sizeof names, "%s, %s, %s or %s (last)",
                     train_words[TRAIN_BATCH].name,
                     train_words[TRAIN_RATE].name,
                     train_words[TRAIN_OPT].name,
                     train_words[TRAIN_WATCH].name);
            lex_expected(&err, &t, names);
            bad = sess_fail_lex(s, &err);
        }
        }
        if (bad) {
            s->tr.cfg = saved;
            return CMD_ERR;
        }
    }
    return 0;
}

/* After train's options chose another optimizer: a fresh memory. */
static void new_optimizer(sess *s, nn_opt before)
{
    if (s->tr.cfg.opt == before)
        return;
    nn_optstate_free(s->tr.opt);
    s->tr.opt = NULL;
    if (s->nw.net)
        nn_net_reset_optimizer(s->nw.net);
}

int cmd_trace(sess *s, const cmd_args *a)
{
    int c;
    if (cmd_read_row(s, a, cmd_trace_word, &c) != 0)
        return CMD_ERR;
    s->tr.trace = c == ROW_ON;
    return CMD_OK;
}

/* ============================ undo ============================ */

static void snapshot_free(train_snapshot *sn)
{
    nn_neuron_free(sn->nr);
    defs_free(sn->defs);
    nn_optstate_free(sn->opt);
    nn_net_free(sn->net);
    memset(sn, 0, sizeof *sn);
}

/* Network copies kept for undo hold at most this many parameters in all
 * (the oldest go first): 64 copies of a big network would not fit. */
#define UNDO_NET_PARAMS (16u << 20)

/* Saves what `undo` puts back, the definitions too when with_defs; 0 or
 * CMD_ERR on out of memory. */
static int snapshot_push(sess *s, int with_defs)
{
    trainer *t = &s->tr;
    train_snapshot sn = { 0 };
    sn.nr = nn_neuron_copy(s->nr);
    sn.defs = with_defs ? defs_copy(s->defs) : NULL;
    sn.opt = t->opt ? nn_optstate_copy(t->opt) : NULL;
    sn.net = s->nw.net ? nn_net_copy(s->nw.net) : NULL;
    sn.net_epochs = s->nw.epochs;
    sn.net_hist_n = s->nw.hist_n;
    if (!sn.nr || (t->opt && !sn.opt) || (s->nw.net && !sn.net)
        || (with_defs && !sn.defs)) {
        snapshot_free(&sn);
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    }
    sn.next = t->next;
    sn.epoch = t->epoch;
    sn.wrong = t->wrong;
    sn.hist_n = t->hist_n;
    sn.have_weights = s->have_weights;
    sn.have_training = s->have_training;
    sn.epochs = s->epochs;
    sn.errors = s->errors;
    sn.loss = s->loss;
    sn.accuracy = s->accuracy;
    size_t params = sn.net ? nn_net_params(sn.net) : 0;
    for (size_t i = 0; i < t->n_undo; i++)
        params += t->undo[i].net ? nn_net_params(t->undo[i].net) : 0;
    while (t->n_undo > 0 && (t->n_undo == TRAIN_MAX_UNDO
                             || params > UNDO_NET_PARAMS)) {
        params -= t->undo[0].net ? nn_net_params(t->undo[0].net) : 0;
        snapshot_free(&t->undo[0]);
        memmove(t->undo, t->undo + 1, (TRAIN_MAX_UNDO - 1) * sizeof sn);
        t->n_undo--;
    }
    t->undo[t->n_undo++] = sn;
    return 0;
}

static int push_undo(sess *s)
{
    return snapshot_push(s, 0);
}

int cmd_push_undo(sess *s, int with_defs)
{
    return snapshot_push(s, with_defs);
}

/* 1 when the network's weights and biases are those of the newest
 * snapshot (a train that failed before it changed anything). */
static int net_unchanged(const sess *s)
{
    const nn_net *a = s->nw.net;
    const nn_net *b = s->tr.n_undo ? s->tr.undo[s->tr.n_undo - 1].net : NULL;
    if (!a || !b || nn_net_params(a) != nn_net_params(b))
        return 0;
    size_t in = nn_net_inputs(a);
    for (size_t l = 0; l < nn_net_layers(a); l++) {
        size_t units = nn_net_layer(a, l).units;
        if (memcmp(nn_net_weights(a, l), nn_net_weights(b, l),
                   units * in * sizeof(float)) != 0
            || memcmp(nn_net_biases(a, l), nn_net_biases(b, l),
                      units * sizeof(float)) != 0)
            return 0;
        in = units;
    }
    return 1;
}

/* Drops the newest snapshot (the command it was for changed nothing). */
static void drop_undo(sess *s)
{
    if (s->tr.n_undo > 0)
        snapshot_free(&s->tr.undo[--s->tr.n_undo]);
}

void cmd_drop_undo(sess *s)
{
    drop_undo(s);
}

/* Puts the session back as snapshot sn has it (sn's parts now owned). */
static void apply_snapshot(sess *s, train_snapshot sn)
{
    trainer *t = &s->tr;
    nn_neuron_free(s->nr);
    s->nr = sn.nr;
    if (sn.defs) {  // tune's units, as they were
        defs_free(s->defs);
        s->defs = sn.defs;
    }
    nn_optstate_free(t->opt);
    t->opt = sn.opt;
    if (sn.net) {  // the network that trained, with its optimizer
        nn_net_free(s->nw.net);
        s->nw.net = sn.net;
        s->nw.epochs = sn.net_epochs;
        s->nw.hist_n = sn.net_hist_n;
    }
    t->next = sn.next;
    t->epoch = sn.epoch;
    t->wrong = sn.wrong;
    t->hist_n = sn.hist_n;
    s->have_weights = sn.have_weights;
    s->have_training = sn.have_training;
    s->epochs = sn.epochs;
    s->errors = sn.errors;
    s->loss = sn.loss;
    s->accuracy = sn.accuracy;
}

/* A step, epoch or train that ran out of memory part way: everything
 * goes back to before it (interrupted or diverging training keeps what
 * it learned; a command that failed for want of memory changes nothing).
 * Returns CMD_ERR. */
static int roll_back(sess *s)
{
    if (s->tr.n_undo > 0)
        apply_snapshot(s, s->tr.undo[--s->tr.n_undo]);
    return CMD_ERR;
}

/* 1 when networks a and b have the same inputs and layers. */
static int same_shape(const nn_net *a, const nn_net *b)
{
    if (nn_net_inputs(a) != nn_net_inputs(b)
        || nn_net_layers(a) != nn_net_layers(b))
        return 0;
    for (size_t l = 0; l < nn_net_layers(a); l++) {
        nn_layer_spec x = nn_net_layer(a, l), y = nn_net_layer(b, l);
        if (x.units != y.units || x.act != y.act || x.param != y.param)
            return 0;
    }
    return 1;
}

int cmd_undo(sess *s, const cmd_args *a)
{
    (void)a;
    trainer *t = &s->tr;
    if (t->n_undo == 0)
        return sess_fail(s, SIZE_MAX, 0, "nothing to undo: undo takes back "
                         "step, epoch, train and tune");
    train_snapshot sn = t->undo[--t->n_undo];
    if (sn.net && (!s->nw.net || !same_shape(sn.net, s->nw.net))) {
        snapshot_free(&sn);
        return sess_fail(s, SIZE_MAX, 0, "the network changed since; "
                         "nothing to go back to");
    }
    if (!sn.net && sn.nr->n != (t->data ? t->data->cols : sn.nr->n)) {
        snapshot_free(&sn);
        return sess_fail(s, SIZE_MAX, 0, "the data set changed size since; "
                         "nothing to go back to");
    }
    int network = sn.net != NULL, units = sn.defs != NULL;
    apply_snapshot(s, sn);
    if (units) {
        out_printf(s->o, "back to the definitions as they were before "
                   "tune\n");
        return CMD_OK;
    }
    if (network) {
        char lb[32], ab[32];
        out_printf(s->o, "back to the network after %zu epoch%s", s->nw.epochs,
                   s->nw.epochs == 1 ? "" : "s");
        if (s->nw.epochs > 0 && s->have_training)
            out_printf(s->o, ": loss %s, accuracy %s",
                       sess_num(s, s->loss, lb), sess_num(s, s->accuracy, ab));
        out_printf(s->o, "\n");
        return CMD_OK;
    }
    char wb[32];
    out_printf(s->o, "back to epoch %zu, sample %zu:", t->epoch + 1,
               t->next + 1);
    for (size_t i = 0; i < s->nr->n && i < 8; i++)
        out_printf(s->o, " w%zu = %s", i + 1, sess_num(s, s->nr->w[i], wb));
    out_printf(s->o, "%s b = %s\n", s->nr->n > 8 ? " ..." : "",
               sess_num(s, s->nr->b, wb));
    return CMD_OK;
}

/* ============================ updates ============================ */

/* Checks there is data and the neuron fits it; makes the optimizer
 * state. 0 or CMD_ERR. */
static int ready(sess *s)
{
    trainer *t = &s->tr;
    if ((!t->data || t->data->rows == 0) && s->nw.train)
        return sess_fail(s, SIZE_MAX, 0, "no network yet for the images: "
                         "network 784 50 relu 20 relu 10 softmax");
    if (!t->data || t->data->rows == 0)
        return sess_fail(s, SIZE_MAX, 0, "no data to learn from yet: try "
                         "`data and` or `data load points.csv`");
    if (t->data->classes > 2)
        return sess_fail(s, SIZE_MAX, 0, "one neuron separates two classes; "
                         "%s has %zu: a network does more (network %zu 8 "
                         "tanh %zu softmax)", t->source, t->data->classes,
                         t->data->cols, t->data->classes);
    if (t->data->regression && t->cfg.rule == NN_RULE_PERCEPTRON)
        return sess_fail(s, SIZE_MAX, 0, "the perceptron rule classifies; "
                         "%s has real labels: rule gradient, with loss mse "
                         "and activation linear", t->source);
    if (s->nr->n != t->data->cols)
        return sess_fail(s, SIZE_MAX, 0, "the data has %zu feature%s but "
                         "the neuron has %zu input%s; load the data again "
                         "to resize the neuron", t->data->cols,
                         t->data->cols == 1 ? "" : "s", s->nr->n,
                         s->nr->n == 1 ? "" : "s");
    if (!s->have_weights)
        return sess_fail(s, SIZE_MAX, 0, "no weights yet: init zeros, or "
                         "init random -1 1");
    if (!t->opt) {
        t->opt = nn_optstate_new(s->nr->n);
        if (!t->opt)
            return sess_fail(s, SIZE_MAX, 0, "out of memory");
    }
    return 0;
}

/* "(1, 0)" for sample i's features. */
static void features(sess *s, const nn_data *d, size_t i, char *buf,
                     size_t cap)
{
    char num[32];
    size_t used = (size_t)snprintf(buf, cap, "(");
    for (size_t j = 0; j < d->cols && used < cap; j++) {
        if (j == 6 && d->cols > 8) {
            used += (size_t)snprintf(buf + used, cap - used, "..., ");
            j = d->cols - 1;
        }
        used += (size_t)snprintf(buf + used, cap - used, "%s%s",
                                 sess_num(s, d->x[i * d->cols + j], num),
                                 j + 1 < d->cols ? ", " : ")");
    }
}

/* A number as an operand: negative ones in parentheses. */
static const char *operand(const sess *s, double v, char *buf)
{
    char num[32];
    sess_num(s, v, num);
    snprintf(buf, 40, num[0] == '-' ? "(%s)" : "%s", num);
    return buf;
}

/* 1 when the neuron learns real labels (data fn, a CSV of numbers): a
 * curve to fit, where classes, mistakes and accuracy mean nothing. */
static int real_labels(const sess *s)
{
    return s->tr.data && s->tr.data->regression;
}

/* Writes one sample of an update in full: features, z, prediction. */
static void print_sample(sess *s, const nn_neuron *old,
                         const nn_step_info *in, int verbose)
{
    const nn_data *d = s->tr.data;
    char fx[200], b1[32], b2[32], b3[32];
    features(s, d, in->sample, fx, sizeof fx);
    const char *yhat = out_glyph(s->o, "ŷ", "yhat");
    int perceptron = s->tr.cfg.rule == NN_RULE_PERCEPTRON;
    if (verbose == 1) {
        out_printf(s->o, "  %4zu  x = %s  y = %s  z = %s  ", in->sample + 1,
                   fx, sess_num(s, in->y, b1), sess_num(s, in->z, b2));
        if (!perceptron)
            out_printf(s->o, "a = %s  loss = %s%s", sess_num(s, in->a, b1),
                       sess_num(s, in->loss, b3), real_labels(s) ? "\n"
                       : "  ");
        if (!real_labels(s))
            out_printf(s->o, "%s = %d  %s\n", yhat, in->yhat,
                       in->yhat == (int)in->y ? "right" : "wrong");
        return;
    }
    out_printf(s->o, "sample %zu of %zu: x = %s, y = %s\n", in->sample + 1,
               d->rows, fx, sess_num(s, in->y, b1));
    cmd_print_sum(s, "  ", old->w, d->x + in->sample * d->cols, d->cols,
                  old->b, in->z);
    if (perceptron) {
        out_printf(s->o, "  %s = step(z) = %d   (1 only when z > 0)\n", yhat,
                   in->yhat);
        return;
    }
    if (real_labels(s))
        out_printf(s->o, "  a = %s(%s) = %s\n", old->act->name,
                   sess_num(s, in->z, b1), sess_num(s, in->a, b2));
    else
        out_printf(s->o, "  a = %s(%s) = %s, so %s = %d\n", old->act->name,
                   sess_num(s, in->z, b1), sess_num(s, in->a, b2), yhat,
                   in->yhat);
    out_printf(s->o, "  loss %s(a, y) = %s\n",
               nn_loss_at(s->tr.cfg.loss)->name, sess_num(s, in->loss, b1));
    /* the chain rule with its numbers: dL/dz = dL/da * da/dz, and
       dz/dw = x, so dL/dw = dL/dz * x */
    const char *dot = out_glyph(s->o, "·", "*");
    char b4[32];
    if (nn_loss_at(s->tr.cfg.loss)->cross_entropy && old->act->logistic)
        out_printf(s->o, "  dL/dz = a - y = %s - %s = %s   (the sigmoid's "
                   "slope cancels the loss's 1/(a(1 - a)))\n",
                   sess_num(s, in->a, b1), cmd_paren(s, in->y, b2),
                   sess_num(s, in->delta, b3));
    else
        out_printf(s->o, "  dL/dz = dL/da %s da/dz = %s %s %s'(%s) = %s %s "
                   "%s = %s\n", dot,
                   cmd_paren(s, nn_loss_grad(s->tr.cfg.loss, in->a, in->y),
                             b1), dot, old->act->name,
                   sess_num(s, in->z, b2), cmd_paren(s,
                   nn_loss_grad(s->tr.cfg.loss, in->a, in->y), b1), dot,
                   cmd_paren(s, old->act->df(in->z, old->param), b3),
                   sess_num(s, in->delta, b4));
    const double *x = d->x + in->sample * d->cols;
    out_printf(s->o, "  dL/dw = dL/dz %s x = (", dot);
    for (size_t i = 0; i < d->cols && i < 8; i++)
        out_printf(s->o, "%s%s", i ? ", " : "",
                   sess_num(s, in->delta * x[i], b1));
    out_printf(s->o, "%s), dL/db = dL/dz = %s\n", d->cols > 8 ? ", ..." : "",
               sess_num(s, in->delta, b2));
}

/* Writes how each weight changed: the rule's formula with its numbers. */
static void print_change(sess *s, const nn_neuron *old,
                         const nn_step_info *info, size_t count,
                         const double *dw, double db)
{
    const nn_neuron *nr = s->nr;
    const nn_learn *cfg = &s->tr.cfg;
    const double *x = s->tr.data->x + info[0].sample * s->tr.data->cols;
    const char *dot = out_glyph(s->o, "·", "*");
    const char *minus = out_glyph(s->o, "−", "-");
    char r[40], o[40], v[40], n1[40], n2[40];
    operand(s, cfg->rate, r);
    if (cfg->rule == NN_RULE_PERCEPTRON) {
        const nn_step_info *in = &info[0];
        if (in->delta == 0) {
            out_printf(s->o, "  y %s %s = %s %s %d = 0: right, nothing "
                       "changes\n", minus, out_glyph(s->o, "ŷ", "yhat"),
                       sess_num(s, in->y, n1), minus, in->yhat);
            return;
        }
        out_printf(s->o, "  y %s %s = %s %s %d = %s: wrong, so w += rate%s"
                   "(y %s %s)%sx and b += rate%s(y %s %s)\n", minus,
                   out_glyph(s->o, "ŷ", "yhat"), sess_num(s, in->y, n1),
                   minus, in->yhat, sess_num(s, in->delta, n2), dot, minus,
                   out_glyph(s->o, "ŷ", "yhat"), dot, dot, minus,
                   out_glyph(s->o, "ŷ", "yhat"));
        for (size_t i = 0; i < nr->n; i++) {
            if (i == 6 && nr->n > 8) {
                out_printf(s->o, "  ...\n");
                i = nr->n - 2;
            }
            out_printf(s->o, "  w%zu = %s + %s%s(%s %s %d)%s%s = %s\n", i + 1,
                       sess_num(s, old->w[i], o), r, dot,
                       sess_num(s, in->y, n1), minus, in->yhat, dot,
                       operand(s, x[i], n2), sess_num(s, nr->w[i], v));
        }
        out_printf(s->o, "  b = %s + %s%s(%s %s %d) = %s\n",
                   sess_num(s, old->b, o), r, dot, sess_num(s, in->y, n1),
                   minus, in->yhat, sess_num(s, nr->b, v));
        return;
    }
    for (size_t i = 0; i <= nr->n; i++) {
        if (i == 6 && nr->n > 8) {
            out_printf(s->o, "  ...\n");
            i = nr->n - 1;
        }
        int is_b = i == nr->n;
        double was = is_b ? old->b : old->w[i];
        double now = is_b ? nr->b : nr->w[i];
        double change = is_b ? db : dw[i];
        char name[24];
        snprintf(name, sizeof name, is_b ? "b" : "w%zu", i + 1);
        if (cfg->opt == NN_OPT_SGD && count == 1) {
            /* w = w - rate*dL/dz*x, b = b - rate*dL/dz */
            out_printf(s->o, "  %s = %s %s %s%s%s", name,
                       sess_num(s, was, o), minus, r, dot,
                       operand(s, info[0].delta, n1));
            if (!is_b)
                out_printf(s->o, "%s%s", dot, operand(s, x[i], n2));
            out_printf(s->o, " = %s\n", sess_num(s, now, v));
        } else if (cfg->opt == NN_OPT_SGD) {
            out_printf(s->o, "  %s = %s %s %s%s(mean dL/d%s = %s) = %s\n",
                       name, sess_num(s, was, o), minus, r, dot, name,
                       sess_num(s, -change / cfg->rate, n1),
                       sess_num(s, now, v));
        } else {
            out_printf(s->o, "  %s = %s + (%s step %s) = %s\n", name,
                       sess_num(s, was, o), nn_opt_at(cfg->opt)->name,
                       sess_num(s, change, n1), sess_num(s, now, v));
        }
    }
}

/* Sets the names epochs, errors, loss, accuracy from the training set. */
static void measure_names(sess *s)
{
    size_t wrong;
    double loss, acc;
    nn_learn_measure(s->nr, &s->tr.cfg, s->tr.data, &wrong, &loss, &acc);
    s->have_training = 1;
    s->epochs = (double)s->tr.epoch;
    s->errors = (double)wrong;
    s->loss = loss;
    s->accuracy = acc;
}

/* What the updates below return when memory ran out (the error recorded):
 * the command then rolls back. */
#define ERR_NOMEM (-1)

static int no_memory(sess *s)
{
    sess_fail(s, SIZE_MAX, 0, "out of memory");
    return ERR_NOMEM;
}

/* One update from the next sample(s). verbose: 0 quiet, 1 a line per
 * sample, 2 everything written out. Mispredicted samples count in
 * tr.wrong; after an epoch's last sample the epoch is closed. Returns 0,
 * CMD_ERR or ERR_NOMEM. */
static int end_epoch(sess *s);

static int one_update(sess *s, int verbose)
{
    trainer *t = &s->tr;
    const nn_data *d = t->data;
    size_t left = d->rows - t->next;
    size_t count = t->cfg.rule == NN_RULE_PERCEPTRON ? 1
                 : t->cfg.batch == 0 || t->cfg.batch > left ? left
                 : t->cfg.batch;
    size_t *idx = nn_malloc(count * sizeof *idx);
    nn_step_info *info = nn_malloc(count * sizeof *info);
    double *dw = nn_malloc(s->nr->n * sizeof *dw);
    nn_neuron *old = verbose == 2 ? nn_neuron_copy(s->nr) : NULL;
    double db = 0;
    int rc = 0;
    if (!idx || !info || !dw || (verbose == 2 && !old)) {
        rc = no_memory(s);
        goto done;
    }
    for (size_t i = 0; i < count; i++)
        idx[i] = t->next + i;
    nn_status st = nn_learn_update(s->nr, &t->cfg, t->opt, d, idx, count,
                                   info, dw, &db);
    if (st == NN_ERANGE) {
        rc = sess_fail(s, SIZE_MAX, 0, "weights became inf or nan at epoch "
                       "%zu, sample %zu (is the rate too large?); the "
                       "weights from before that update are kept",
                       t->epoch + 1, t->next + 1);
        goto done;
    }
    if (st != NN_OK) {
        rc = st == NN_ENOMEM ? no_memory(s)
                             : sess_fail(s, SIZE_MAX, 0, "%s", nn_strerror(st));
        goto done;
    }
    for (size_t i = 0; i < count; i++) {
        t->wrong += info[i].yhat != (int)info[i].y;
        if (verbose)
            print_sample(s, old ? old : s->nr, &info[i], verbose);
    }
    if (verbose == 2)
        print_change(s, old, info, count, dw, db);
    t->next += count;
    if (t->next == d->rows)
        rc = end_epoch(s);
    else if (verbose == 2)  // step: the names now; epoch measures at its end
        measure_names(s);
done:
    free(idx);
    free(info);
    free(dw);
    nn_neuron_free(old);
    return rc;
}

/* After the last sample of an epoch: count it, record it, set the names. */
static int end_epoch(sess *s)
{
    trainer *t = &s->tr;
    t->next = 0;
    t->wrong = 0;
    t->epoch++;
    measure_names(s);  // mistakes, loss, accuracy: all after the epoch
    if (train_record(t, s->loss, s->errors) != 0)
        return no_memory(s);
    return 0;
}

/* ============================ step, epoch, train ============================ */

/* "epoch 3: 1 error, accuracy 0.75, loss 0.25" */
static void print_epoch_line(sess *s)
{
    char b1[32], b2[32];
    if (real_labels(s))
        out_printf(s->o, "epoch %zu: loss %s\n", s->tr.epoch,
                   sess_num(s, s->loss, b2));
    else
        out_printf(s->o, "epoch %zu: %g mistake%s, accuracy %s, loss %s\n",
                   s->tr.epoch, s->errors, s->errors == 1 ? "" : "s",
                   sess_num(s, s->accuracy, b1), sess_num(s, s->loss, b2));
}

/* step, watched or not (watch on: the picture after it). */
static int step_once(sess *s)
{
    if (s->nw.net) {  // the network is the model
        if (push_undo(s) != 0)
            return CMD_ERR;
        int rc = net_step(s);
        if (rc == CMD_NOMEM)
            return roll_back(s);
        if (rc != CMD_OK && net_unchanged(s))
            drop_undo(s);
        return rc;
    }
    if (ready(s) != 0 || push_undo(s) != 0)
        return CMD_ERR;
    size_t epoch = s->tr.epoch;
    int rc = one_update(s, 2);
    if (rc == ERR_NOMEM)
        return roll_back(s);
    if (rc != 0) {
        drop_undo(s);
        return CMD_ERR;
    }
    if (s->tr.epoch != epoch)
        print_epoch_line(s);
    return CMD_OK;
}

int cmd_step(sess *s, const cmd_args *a)
{
    (void)a;
    if (watch_begin(s, 0, WATCH_AFTER, 1, "") != 0)
        return CMD_ERR;
    int rc = step_once(s);
    if (rc == CMD_OK)
        watch_epoch(s);  // the step done: the picture after it
    return watch_end(s, rc);
}

/* Runs updates to the end of the current epoch; 0, CMD_ERR or
 * ERR_NOMEM. */
static int run_epoch(sess *s, int verbose)
{
    size_t epoch = s->tr.epoch;
    while (s->tr.epoch == epoch) {
        if (sess_interrupted(s)) {
            measure_names(s);  // as it stopped
            if (s->interactive)
                out_printf(s->o, "\n");  // past the ^C the terminal echoed
            return sess_fail(s, SIZE_MAX, 0, "interrupted at epoch %zu, "
                             "sample %zu; what was learned is kept",
                             s->tr.epoch + 1, s->tr.next + 1);
        }
        int rc = one_update(s, verbose);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* epoch, watched or not (watch on: the picture after it). */
static int epoch_once(sess *s)
{
    if (s->nw.net) {  // the network: one epoch, as train 1
        if (push_undo(s) != 0)
            return CMD_ERR;
        int rc = s->tr.trace ? net_epoch_traced(s) : net_train(s, 1);
        if (rc == CMD_NOMEM)
            return roll_back(s);
        if (rc != CMD_OK && net_unchanged(s))
            drop_undo(s);
        return rc;
    }
    if (ready(s) != 0 || push_undo(s) != 0)
        return CMD_ERR;
    int rc = run_epoch(s, s->tr.trace ? 2 : 1);
    if (rc == ERR_NOMEM)
        return roll_back(s);
    if (rc != 0)
        return CMD_ERR;  // what was learned before stays; undo goes back
    watch_epoch(s);
    print_epoch_line(s);
    return CMD_OK;
}

int cmd_epoch(sess *s, const cmd_args *a)
{
    (void)a;
    if (watch_begin(s, 0, WATCH_AFTER, 1, "") != 0)
        return CMD_ERR;
    return watch_end(s, epoch_once(s));
}

/* Weights the training table has room for at the sink's width. */
static size_t table_weights(const sess *s)
{
    size_t n = s->nr->n;
    int room = (out_width(s->o) - 26 - 10) / 10;  // epoch, mistakes, loss, b
    size_t fit = room < 1 ? 1 : (size_t)room;
    return n <= fit ? n : fit - 1 > 0 ? fit - 1 : 1;  // leave room for ...
}

/* One row of the training table. */
static void print_train_row(sess *s)
{
    char num[32];
    const nn_neuron *nr = s->nr;
    size_t k = table_weights(s);
    if (real_labels(s))  // no mistakes on a curve: its column goes
        out_printf(s->o, "%6zu %10s", s->tr.epoch, sess_num_col(s, s->loss, num));
    else
        out_printf(s->o, "%6zu %8g %10s", s->tr.epoch, s->errors,
                   sess_num_col(s, s->loss, num));
    for (size_t i = 0; i < k; i++)
        out_printf(s->o, " %9s", sess_num_col(s, nr->w[i], num));
    out_printf(s->o, "%s %9s\n", nr->n > k ? " ..." : "",
               sess_num_col(s, nr->b, num));
}

static void print_train_head(sess *s)
{
    char head[24];
    size_t k = table_weights(s);
    size_t n = s->tr.data->rows;
    out_printf(s->o, "each row after its epoch, over the %zu sample%s: %s"
               "loss, weights\n", n, n == 1 ? "" : "s",
               real_labels(s) ? "" : "mistakes, ");
    if (real_labels(s))
        out_printf(s->o, "%6s %10s", "epoch", "loss");
    else
        out_printf(s->o, "%6s %8s %10s", "epoch", "mistakes", "loss");
    for (size_t i = 0; i < k; i++) {
        snprintf(head, sizeof head, "w%zu", i + 1);
        out_printf(s->o, " %9s", head);
    }
    out_printf(s->o, "%s %9s\n", s->nr->n > k ? " ..." : "", "b");
}

/* On a terminal, the elided middle of a long run shows a bar that is
 * redrawn in place: [#######.....] epoch 300 of 1000, loss 0.52. */
int cmd_progress_bar(sess *s, size_t done, size_t epochs)
{
    char num[32], bar[200] = "";
    int width = 30, full = (int)((double)width * (double)done
                                 / (double)epochs);
    for (int i = 0; i < width; i++)
        strcat(bar, i < full ? out_glyph(s->o, "█", "#") : " ");
    sess_progress(s, "  [%s] epoch %zu of %zu, loss %s", bar, done, epochs,
                  sess_num(s, s->loss, num));
    return 1;
}

/* Why training stopped without converging, as plainly as we know. */
static void explain_no_convergence(sess *s, size_t epochs)
{
    trainer *t = &s->tr;
    char text[400];
    int n = snprintf(text, sizeof text, "no epoch ended without mistakes in "
                     "%zu epoch%s. ", epochs, epochs == 1 ? "" : "s");
    if (t->separable == 0)
        snprintf(text + n, sizeof text - (size_t)n, "The classes of %s "
                 "cannot be separated by a straight line, so the perceptron "
                 "rule never stops making mistakes: one neuron alone cannot "
                 "learn it.", t->source);
    else
        snprintf(text + n, sizeof text - (size_t)n, "If no straight line "
                 "(plane) separates the two classes, the perceptron rule "
                 "never converges; otherwise train longer or change the "
                 "rate.");
    out_wrap(s->o, OUT_OUT, text, 0);
}

/* train N for the neuron, ready to go: N epochs, a row each (the middle
 * of a long run elided), stopping when the perceptron has converged.
 * saved: the settings before train's options, put back if memory runs
 * out. CMD_OK or CMD_ERR. */
static int train_neuron(sess *s, size_t epochs, const nn_learn *saved)
{
    int perceptron = s->tr.cfg.rule == NN_RULE_PERCEPTRON;
    int bar = 0;  // a progress line is on screen
    int rows = !watch_active(s);  // watched: the view shows them
    int converged = 0;
    if (rows)
        print_train_head(s);
    for (size_t e = 0; e < epochs && !converged; e++) {
        int rc = run_epoch(s, s->tr.trace ? 1 : 0);
        if (bar && (rc != 0 || !s->progress))
            sess_progress_end(s);
        if (rc == ERR_NOMEM) {  // all of it undone, the options too
            s->tr.cfg = *saved;
            return roll_back(s);
        }
        if (rc != 0)
            return CMD_ERR;
        watch_epoch(s);
        size_t done = e + 1;
        converged = perceptron && s->errors == 0;
        int row = epochs <= TRAIN_SHOW_ROWS || done <= 10
                  || done + 5 > epochs || converged || s->tr.trace;
        if (row && bar) {
            sess_progress_end(s);
            bar = 0;
        }
        if (!rows)
            continue;
        if (row)
            print_train_row(s);
        else if (done == 11)
            out_printf(s->o, "%6s\n", "...");
        else if (s->progress && done % 10 == 0)
            bar = cmd_progress_bar(s, done, epochs);
    }
    int rc = watch_end(s, CMD_OK);  // the last picture, then the words
    if (rc != CMD_OK)
        return rc;
    if (converged)
        out_printf(s->o, "after epoch %zu no sample is wrong: the "
                   "perceptron has converged.\n", s->tr.epoch);
    else if (perceptron)
        explain_no_convergence(s, epochs);
    else
        print_epoch_line(s);
    return CMD_OK;
}

/* Reads the end of train's line: `--watch`, once, and after it an
 * optional `> FILE.svg` (into svg, "" when none); the lexer stops before
 * them. 0 with *watch 1 when --watch was given, or CMD_ERR. */
static int train_watch(sess *s, lexer *lx, int *watch, char *svg,
                       size_t cap)
{
    if (cmd_read_svg_target(s, lx, svg, cap) != 0)
        return CMD_ERR;
    size_t end = lx->col0 + lx->len;
    *watch = cmd_strip_flag(lx, train_words[TRAIN_WATCH].name + 2);
    size_t last = lx->col0 + lx->len;  // where the last --watch starts
    if (*watch && cmd_strip_flag(lx, train_words[TRAIN_WATCH].name + 2))
        return sess_fail(s, last, end - last, "--watch is given twice");
    if (svg[0] && !*watch)
        return sess_fail(s, SIZE_MAX, 0, "> FILE.svg goes with --watch: "
                         "train N --watch > FILE.svg writes the training "
                         "as an animated SVG");
    return 0;
}

int cmd_train(sess *s, const cmd_args *a)
{
    lexer lx;
    token t;
    lex_error err;
    double n;
    char svg[4096];
    int watch;
    cmd_lex(&lx, a);
    if (train_watch(s, &lx, &watch, svg, sizeof svg) != 0)
        return CMD_ERR;
    lex_peek(&lx, &t, &err);
    if (cmd_read_number(s, &lx, "the number of epochs", &n) != 0)
        return CMD_ERR;
    token word;
    int unit = lex_peek(&lx, &word, &err) == 0
               ? cmd_row_of(cmd_train_word, &word) : -1;
    if (unit == TRAIN_EPOCHS || unit == TRAIN_EPOCH)
        lex_next(&lx, &word, &err);
    if (!(n >= 1 && n <= 1e6 && n == floor(n)))
        return sess_fail(s, t.col, t.len, "the number of epochs must be a "
                         "whole number from 1 to 1000000");
    nn_learn saved = s->tr.cfg;  // the options stay only if it trains
    if (train_options(s, &lx) != 0)
        return CMD_ERR;
    if (s->nw.net) {  // a network is being built: it is what trains
        if (push_undo(s) != 0) {
            s->tr.cfg = saved;
            return CMD_ERR;
        }
        new_optimizer(s, saved.opt);
        if (watch_begin(s, watch, WATCH_LIVE, (size_t)n, svg) != 0) {
            roll_back(s);
            s->tr.cfg = saved;
            return CMD_ERR;
        }
        export_train_begin(s);
        int rc = watch_end(s, net_train(s, n));
        export_train_end(s, (size_t)n, rc == CMD_OK);
        if (rc == WATCH_FAILED || (rc != CMD_OK && net_unchanged(s))) {
            roll_back(s);  // refused, or out of memory before it began
            s->tr.cfg = saved;
        }
        return rc == WATCH_FAILED ? CMD_ERR : rc;
    }
    if (ready(s) != 0 || push_undo(s) != 0) {
        s->tr.cfg = saved;
        return CMD_ERR;
    }
    new_optimizer(s, saved.opt);
    if (ready(s) != 0) {  // a fresh memory for the new optimizer
        s->tr.cfg = saved;
        return roll_back(s);
    }
    if (watch_begin(s, watch, WATCH_LIVE, (size_t)n, svg) != 0) {
        s->tr.cfg = saved;
        return roll_back(s);
    }
    export_train_begin(s);  // train_neuron ends the watch before its words
    int rc = watch_end(s, train_neuron(s, (size_t)n, &saved));
    export_train_end(s, (size_t)n, rc == CMD_OK);
    if (rc == WATCH_FAILED) {  // its SVG was not written: all taken back
        s->tr.cfg = saved;
        return roll_back(s);
    }
    return rc;
}

/* ============================ using the neuron ============================ */

int cmd_predict(sess *s, const cmd_args *a)
{
    lexer lx;
    token t;
    lex_error err;
    double *x;
    size_t n;
    cmd_lex(&lx, a);
    if (lex_peek(&lx, &t, &err) == 0
        && (tok_is_word(&t, "sample") || tok_is_word(&t, "image")))
        return net_predict(s, &lx);
    if (cmd_read_vector(s, &lx, NN_NEURON_MAX_INPUTS, &x, &n) != 0)
        return CMD_ERR;
    if (s->nw.net) {  // the network is the model
        int rc = net_predict_values(s, x, n);
        free(x);
        return rc;
    }
    nn_neuron *nr = s->nr;
    if (!s->have_weights || n != nr->n) {
        free(x);
        if (!s->have_weights)
            return sess_fail(s, SIZE_MAX, 0, "no weights yet: train the "
                             "neuron or set them");
        return sess_fail(s, a->col, a->len, "expected %zu number%s (one per "
                         "input), got %zu", nr->n, nr->n == 1 ? "" : "s", n);
    }
    /* z and a for these inputs, without changing the neuron's own */
    double z = 0;
    for (size_t i = 0; i < n; i++)
        z += nr->w[i] * x[i];
    z += nr->b;
    double a_out = nr->act->f(z, nr->param);
    int rc = cmd_print_sum(s, "", nr->w, x, n, nr->b, z);
    free(x);
    if (rc != 0)
        return CMD_ERR;
    char b1[32], b2[32];
    int cls = nn_learn_class(&s->tr.cfg, nr, z, a_out);
    if (s->tr.cfg.rule == NN_RULE_PERCEPTRON)  // the rule predicts by step
        out_printf(s->o, "%s = step(%s) = %d\n", out_glyph(s->o, "ŷ", "yhat"),
                   sess_num(s, z, b1), cls);
    else if (real_labels(s))  // a curve: a is the prediction
        out_printf(s->o, "a = %s(%s) = %s\n", nr->act->name,
                   sess_num(s, z, b1), sess_num(s, a_out, b2));
    else
        out_printf(s->o, "a = %s(%s) = %s, class %d\n", nr->act->name,
                   sess_num(s, z, b1), sess_num(s, a_out, b2), cls);
    return CMD_OK;
}

int cmd_report_fit(sess *s, int is_test, size_t rows, double sq_sum,
                   double abs_sum, double worst, const double *at)
{
    char b1[32], b2[32], b3[32];
    double mse = rows ? sq_sum / (double)rows : 0;
    out_printf(s->o, "on the %s (%zu sample%s): mse %s, largest miss %s",
               is_test ? "test set" : "training set", rows,
               rows == 1 ? "" : "s", sess_num(s, mse, b1),
               sess_num(s, worst, b2));
    if (at)
        out_printf(s->o, " at x = %s", sess_num(s, *at, b3));
    out_printf(s->o, "\n");
    s->have_training = 1;
    s->loss = mse;
    s->have_fit = 1;
    s->maxerror = worst;
    s->meanerror = rows ? abs_sum / (double)rows : 0;
    return CMD_OK;
}

int cmd_evaluate(sess *s, const cmd_args *a)
{
    lexer lx;
    cmd_lex(&lx, a);
    if (cmd_svg_target(s, &lx) != 0 || cmd_read_end(s, &lx) != 0)
        return CMD_ERR;
    if (s->nw.net)
        return net_evaluate(s);
    trainer *t = &s->tr;
    const nn_data *d = t->test ? t->test : t->data;
    if ((!d || d->rows == 0) && s->nw.train)
        return sess_fail(s, SIZE_MAX, 0, "no network yet for the images: "
                         "network 784 50 relu 20 relu 10 softmax");
    if (!d || d->rows == 0)
        return sess_fail(s, SIZE_MAX, 0, "no data to evaluate on: load a "
                         "data set first");
    if (d->cols != s->nr->n || !s->have_weights)
        return sess_fail(s, SIZE_MAX, 0, "the neuron does not fit the data "
                         "(%zu input%s, %zu feature%s)", s->nr->n,
                         s->nr->n == 1 ? "" : "s", d->cols,
                         d->cols == 1 ? "" : "s");
    if (d->regression) {  // a curve: how far a is from y
        double sq = 0, abs_sum = 0, worst = 0, at = 0;
        for (size_t i = 0; i < d->rows; i++) {
            double z = 0;
            for (size_t j = 0; j < d->cols; j++)
                z += s->nr->w[j] * d->x[i * d->cols + j];
            double e = s->nr->act->f(z + s->nr->b, s->nr->param) - d->y[i];
            sq += e * e;
            abs_sum += fabs(e);
            if (fabs(e) > worst) {
                worst = fabs(e);
                at = d->x[i * d->cols];
            }
        }
        return cmd_report_fit(s, t->test != NULL, d->rows, sq, abs_sum, worst,
                              d->cols == 1 ? &at : NULL);
    }
    size_t m[2][2] = { { 0, 0 }, { 0, 0 } };
    for (size_t i = 0; i < d->rows; i++) {
        double z = 0;
        for (size_t j = 0; j < d->cols; j++)
            z += s->nr->w[j] * d->x[i * d->cols + j];
        z += s->nr->b;
        int cls = nn_learn_class(&t->cfg, s->nr, z,
                                 s->nr->act->f(z, s->nr->param));
        m[d->y[i] != 0][cls]++;
    }
    size_t right = m[0][0] + m[1][1];
    char b1[32];
    double acc = (double)right / (double)d->rows;
    out_printf(s->o, "on the %s (%zu sample%s): accuracy %s (%zu right, "
               "%zu wrong)\n", t->test ? "test set" : "training set",
               d->rows, d->rows == 1 ? "" : "s", sess_num(s, acc, b1), right,
               d->rows - right);
    out_printf(s->o, "%14s %12s %12s\n", "", "predicted 0", "predicted 1");
    for (int y = 0; y < 2; y++)
        out_printf(s->o, "%14s %12zu %12zu\n", y ? "actual 1" : "actual 0",
                   m[y][0], m[y][1]);
    static const char *const classes[] = { "0", "1" };
    char title[96];
    snprintf(title, sizeof title, "the neuron on the %s: accuracy %s",
             t->test ? "test set" : "training set", b1);
    if (cmd_confusion_svg(s, classes, &m[0][0], 2, title) != 0)
        return CMD_ERR;
    s->have_training = 1;
    s->accuracy = acc;
    return CMD_OK;
}
