/*
 * cmd_export.c - `export numpy FILE.py` and `export torch FILE.py`: the
 * session's training as a Python program, and the run it is made from.
 *
 * The run. `train` calls export_train_begin before it trains and
 * export_train_end after. A run is one model trained by consecutive
 * `train` commands with the same settings and nothing else in between:
 * when a `train` begins where the last one ended (the same weights,
 * optimizer memory, generator, data and settings, compared through a
 * fingerprint of them all), it joins that run; otherwise a new run
 * starts, keeping a copy of the model as it is then. A `train` that
 * stops part way (Ctrl-C, weights that overflow) ends the run: no
 * program could stop where it stopped.
 *
 * The command. When the session is still where its run ended, the
 * program replays the run from its start; otherwise it holds the model
 * as it is now and the `train 10` that would come next. A run can only
 * start where the optimizer has no memory (momentum's velocity, adam's
 * moments: the program starts them at 0) and, for the neuron, at the
 * start of an epoch (not after a `step`); export says so otherwise.
 * Data too large to sit in the program goes beside it: NAME_data.csv,
 * NAME_test.csv, NAME_weights.net (the network, as `save network`
 * writes it); images are read from their IDX files where they are. Each
 * file is written whole or not at all, by the write rule of `save`, the
 * side files first.
 */
#include "cmd.h"
#include "export.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "suggest.h"
#include "../engine/mem.h"  /* nn_malloc: allocations a test can fail */

/* ============================ the run ============================ */

struct export_run {
    int network;            /* the network trained (else the neuron) */
    nn_neuron *nr;          /* the neuron as the run began */
    nn_net *net;            /* or the network (with its empty optimizer) */
    nn_rng rng;             /* the generator then: the batch order */
    nn_learn cfg;           /* the settings of every train of the run */
    size_t before;          /* epochs trained before it */
    size_t trains[EXPORT_MAX_TRAINS];
    size_t n_trains;
    uint64_t end;           /* fingerprint of the session as it ended */
    /* the train going on */
    int joining;            /* it goes on with this run */
    struct export_run *next;  /* or the run it starts (not yet kept) */
    uint64_t at_begin;      /* fingerprint when it began */
};

void export_run_free(export_run *run)
{
    if (!run)
        return;
    export_run_free(run->next);
    nn_neuron_free(run->nr);
    nn_net_free(run->net);
    free(run);
}

/* FNV-1a, 64 bits, over n bytes added to h. */
static uint64_t mix(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ULL;
    return h;
}

static uint64_t mix_size(uint64_t h, size_t v)
{
    return mix(h, &v, sizeof v);
}

static uint64_t mix_data(uint64_t h, const nn_data *d)
{
    if (!d)
        return mix_size(h, 0);
    h = mix_size(mix_size(h, d->rows), d->cols);
    h = mix_size(mix_size(h, d->classes), (size_t)d->regression);
    h = mix(h, d->x, d->rows * d->cols * sizeof *d->x);
    return mix(h, d->y, d->rows * sizeof *d->y);
}

static uint64_t mix_images(uint64_t h, const nn_images *im)
{
    if (!im)
        return mix_size(h, 0);
    h = mix_size(mix_size(mix_size(h, im->count), im->rows), im->cols);
    h = mix(h, im->pixels, im->count * im->rows * im->cols);
    return im->labels ? mix(h, im->labels, im->count) : h;
}

/* Everything a train starts from but its settings: the model (weights,
 * shape, activations, optimizer memory, epochs), the generator and the
 * data. Equal fingerprints: the same start. */
static uint64_t fingerprint(const sess *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    const nn_net *net = s->nw.net;
    h = mix_size(h, net != NULL);
    if (net) {
        size_t in = nn_net_inputs(net);
        h = mix_size(h, in);
        for (size_t l = 0; l < nn_net_layers(net); l++) {
            nn_layer_spec sp = nn_net_layer(net, l);
            h = mix_size(h, sp.units);
            h = mix(h, &sp.act, sizeof sp.act);
            h = mix(h, &sp.param, sizeof sp.param);
            h = mix(h, nn_net_weights(net, l), sp.units * in * sizeof(float));
            h = mix(h, nn_net_biases(net, l), sp.units * sizeof(float));
            in = sp.units;
        }
        long long steps = nn_net_steps(net);
        h = mix(h, &steps, sizeof steps);
        h = mix_size(mix_size(h, s->nw.epochs), (size_t)s->nw.on_images);
        h = mix_images(mix_images(h, s->nw.train), s->nw.test);
    } else {
        const nn_neuron *nr = s->nr;
        h = mix_size(h, nr->n);
        h = mix(h, nr->w, nr->n * sizeof *nr->w);
        h = mix(h, &nr->b, sizeof nr->b);
        h = mix(h, &nr->act, sizeof nr->act);
        h = mix(h, &nr->param, sizeof nr->param);
        h = mix_size(mix_size(h, s->tr.next), s->tr.epoch);
        h = mix_size(h, nn_optstate_steps(s->tr.opt));
    }
    h = mix(h, s->rng.s, sizeof s->rng.s);
    h = mix_size(h, (size_t)s->rng.has_spare);
    h = mix(h, &s->rng.spare, sizeof s->rng.spare);
    return mix_data(mix_data(h, s->tr.data), s->tr.test);
}

/* 1 when two settings train alike. */
static int same_cfg(const nn_learn *a, const nn_learn *b)
{
    return a->rule == b->rule && a->loss == b->loss && a->opt == b->opt
           && a->rate == b->rate && a->batch == b->batch
           && a->momentum == b->momentum && a->beta1 == b->beta1
           && a->beta2 == b->beta2 && a->eps == b->eps;
}

/* Why a run cannot start from the session as it is (a program starts
 * the optimizer's memory at 0, and the neuron at an epoch's first
 * sample), or NULL when it can. */
static const char *cannot_start(const sess *s)
{
    static char why[200];
    const nn_opt_info *o = nn_opt_at(s->tr.cfg.opt);
    int gradient = s->nw.net || s->tr.cfg.rule == NN_RULE_GRADIENT;
    long long steps = s->nw.net ? nn_net_steps(s->nw.net)
                                : (long long)nn_optstate_steps(s->tr.opt);
    if (gradient && o->memory > 0 && steps > 0) {
        snprintf(why, sizeof why, "%s remembers %lld update%s, where a "
                 "program starts its memory at 0", o->name, steps,
                 steps == 1 ? "" : "s");
        return why;
    }
    if (!s->nw.net && s->tr.next != 0) {
        snprintf(why, sizeof why, "the neuron is at sample %zu of an epoch "
                 "(after step); `epoch` finishes it", s->tr.next + 1);
        return why;
    }
    return NULL;
}

/* A run starting from the session as it is now, or NULL (out of
 * memory, or it cannot start here). */
static export_run *run_here(const sess *s)
{
    if (cannot_start(s))
        return NULL;
    export_run *run = nn_calloc(1, sizeof *run);
    if (!run)
        return NULL;
    run->network = s->nw.net != NULL;
    if (run->network)
        run->net = nn_net_copy(s->nw.net);
    else
        run->nr = nn_neuron_copy(s->nr);
    if (run->network ? !run->net : !run->nr) {
        export_run_free(run);
        return NULL;
    }
    run->rng = s->rng;
    run->cfg = s->tr.cfg;
    run->before = run->network ? s->nw.epochs : s->tr.epoch;
    return run;
}

void export_train_begin(sess *s)
{
    export_run *run = s->run;
    uint64_t now = fingerprint(s);
    if (!run) {  // nothing kept: a placeholder holds the new run
        run = s->run = nn_calloc(1, sizeof *run);
        if (!run)
            return;
        run->end = ~now;  // never joined
    }
    export_run_free(run->next);
    run->next = NULL;
    run->at_begin = now;
    run->joining = run->n_trains > 0 && run->end == now
                   && run->n_trains < EXPORT_MAX_TRAINS
                   && same_cfg(&run->cfg, &s->tr.cfg);
    if (!run->joining)
        run->next = run_here(s);
}

void export_train_end(sess *s, size_t epochs, int ok)
{
    export_run *run = s->run;
    if (!run)
        return;
    uint64_t now = fingerprint(s);
    if (!ok && now == run->at_begin) {  // refused: nothing changed
        export_run_free(run->next);
        run->next = NULL;
        return;
    }
    if (!ok || (!run->joining && !run->next)) {  // no run to keep
        export_run_free(run);
        s->run = NULL;
        return;
    }
    if (!run->joining) {  // the new run replaces the old
        export_run *next = run->next;
        run->next = NULL;
        export_run_free(run);
        s->run = run = next;
    }
    run->trains[run->n_trains++] = epochs;
    run->end = now;
}

/* ============================ the command ============================ */

/* The formats, as rows: help, Tab and did-you-mean come from them. */
static const cmd_word formats[] = {
    { "numpy", "numpy FILE.py", "plain numpy: forward and backward written "
      "out, as `step` shows them", 1, "data and; train 20; export numpy "
      "/tmp/and_gate.py" },
    { "torch", "torch FILE.py", "PyTorch: torch.nn layers, torch.optim and "
      "its loss, the weights copied in", 1, "data and; rule gradient; train "
      "20; export torch /tmp/and_torch.py" },
};

const cmd_word *cmd_export_word(size_t i)
{
    return CMD_ROW_AT(formats, i);
}

/* Python's keywords: a module so named cannot be imported. */
static int is_keyword(const char *w, size_t n)
{
    static const char *const words[] = {
        "False", "None", "True", "and", "as", "assert", "async", "await",
        "break", "class", "continue", "def", "del", "elif", "else",
        "except", "finally", "for", "from", "global", "if", "import", "in",
        "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
        "try", "while", "with", "yield" };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == n && strncmp(words[i], w, n) == 0)
            return 1;
    return 0;
}

/* Checks FILE.py: a name ending in .py whose stem is a Python name, so
 * that a notebook can `import` it as well as run it. Sets *stem and
 * *stem_len (in path). 0 or CMD_ERR. */
static int check_name(sess *s, const char *path, size_t col,
                      const char **stem, size_t *stem_len)
{
    size_t len = strlen(path);
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t n = len - (size_t)(base - path);
    if (n < 4 || strcmp(path + len - 3, ".py") != 0)
        return sess_fail(s, col, len, "export writes a Python program: "
                         "give a file name ending in .py (moons.py)");
    n -= 3;
    int ok = n > 0 && !isdigit((unsigned char)base[0]);
    for (size_t i = 0; ok && i < n; i++)
        ok = isalnum((unsigned char)base[i]) || base[i] == '_';
    if (!ok || is_keyword(base, n))
        return sess_fail(s, col + (size_t)(base - path), n + 3, "'%.*s' is "
                         "not a Python name (letters, digits and _, not "
                         "first a digit, not a keyword), so a notebook could "
                         "not import it; try %s", (int)(n > 40 ? 40 : n),
                         base, "my_model.py");
    *stem = base;
    *stem_len = n;
    return 0;
}

/* Reads `numpy FILE.py` or `torch FILE.py`: *torch, and the path. */
static int read_args(sess *s, const cmd_args *a, int *torch, char *path,
                     size_t cap, size_t *path_col)
{
    lexer lx;
    token t;
    lex_error err;
    cmd_lex(&lx, a);
    if (lex_next(&lx, &t, &err) != 0)
        return sess_fail_lex(s, &err);
    cmd_args word = { t.start, t.len, t.col, 1 };
    int c;
    if (cmd_read_row(s, &word, cmd_export_word, &c) != 0)
        return CMD_ERR;
    *torch = c == 1;
    size_t len, col;
    const char *rest = lex_rest(&lx, &len, &col);
    if (len == 0)
        return sess_fail(s, SIZE_MAX, 0, "give the program's file name: "
                         "export %s moons.py", formats[c].name);
    if (len >= cap)
        return sess_fail(s, col, len, "file name too long");
    memcpy(path, rest, len);
    path[len] = '\0';
    *path_col = col;
    return 0;
}

/* Checks the model fits the data it would train on (the checks `train`
 * makes, for a model not trained yet). 0 or CMD_ERR. */
static int check_fit(sess *s)
{
    const nn_data *d = s->tr.data;
    if (s->nw.net) {
        size_t inputs = nn_net_inputs(s->nw.net);
        size_t have = s->nw.on_images && s->nw.train
                      ? s->nw.train->rows * s->nw.train->cols
                      : d ? d->cols : 0;
        if (!(s->nw.on_images && s->nw.train) && (!d || d->rows == 0))
            return sess_fail(s, SIZE_MAX, 0, "no data to train on yet: "
                             "data moons 200, data load FILE.csv or data "
                             "mnist");
        if (have != inputs)
            return sess_fail(s, SIZE_MAX, 0, "the network has %zu inputs "
                             "but the data %zu features: train it first",
                             inputs, have);
        nn_net_cfg cfg;
        return net_config(s, &cfg);
    }
    if (!d || d->rows == 0)
        return sess_fail(s, SIZE_MAX, 0, "no model to export yet: load data "
                         "and train (data and; train 10), then export");
    if (d->cols != s->nr->n || d->classes > 2)
        return sess_fail(s, SIZE_MAX, 0, "the neuron does not fit the data "
                         "(%zu inputs, %zu features%s): train it first",
                         s->nr->n, d->cols, d->classes > 2
                         ? ", more than two classes" : "");
    return 0;
}

/* The torch program needs a torch.nn layer for every activation that
 * trains by its gradient. 0 or CMD_ERR. */
static int check_torch(sess *s, const export_model *m)
{
    if (m->net) {
        for (size_t l = 0; l < nn_net_layers(m->net); l++) {
            nn_layer_spec sp = nn_net_layer(m->net, l);
            if (sp.act && !sp.act->torch)
                return sess_fail(s, SIZE_MAX, 0, "torch has no layer for %s "
                                 "(it has no gradient); export numpy writes "
                                 "it", sp.act->name);
        }
        return 0;
    }
    if (m->cfg.rule == NN_RULE_GRADIENT && !m->nr->act->torch)
        return sess_fail(s, SIZE_MAX, 0, "torch has no layer for %s (it has "
                         "no gradient); export numpy writes it, or rule "
                         "perceptron", m->nr->act->name);
    return 0;
}

/* A side file beside the program: DIR/STEM_SUFFIX into full, and its
 * bare name (what the program opens beside itself) into bare. */
static void side_name(const char *target, const char *stem, size_t n,
                      const char *suffix, char *full, size_t cap,
                      char *bare, size_t bare_cap)
{
    const char *slash = strrchr(target, '/');
    int dir = slash ? (int)(slash - target + 1) : 0;
    char name[300];
    snprintf(name, sizeof name, "%.*s%s", (int)n, stem, suffix);
    snprintf(bare, bare_cap, "%s", name);
    snprintf(full, cap, "%.*s%s", dir, target, name);
}

/* A table as CSV: x1,...,xn,y then a line a sample, numbers exact (y a
 * class number for named classes). NULL on out of memory. */
static char *table_csv(const nn_data *d, size_t *len)
{
    out *o = out_new_memory();
    if (!o)
        return NULL;
    char num[40];
    for (size_t j = 0; j < d->cols; j++)
        out_printf(o, "x%zu,", j + 1);
    out_printf(o, "y\n");
    for (size_t i = 0; i < d->rows; i++) {
        for (size_t j = 0; j < d->cols; j++)
            out_printf(o, "%s,", sess_num_exact(d->x[i * d->cols + j], num));
        out_printf(o, "%s\n", sess_num_exact(d->y[i], num));
    }
    char *text = out_text_lost(o, OUT_OUT) ? NULL
                 : strdup(out_text(o, OUT_OUT));
    *len = text ? strlen(text) : 0;
    out_free(o);
    return text;
}

/* The files export writes: side files (at most three) and the program. */
typedef struct export_files {
    char path[4][4200], bare[3][300];
    char *text[4];
    size_t len[4], n;
} export_files;

static void files_clear(export_files *f)
{
    for (size_t i = 0; i < 4; i++)
        free(f->text[i]);
}

/* Adds a side file (text owned from now on); its bare name, or NULL
 * when text is NULL (out of memory). */
static const char *add_side(export_files *f, const char *target,
                            const char *stem, size_t n, const char *suffix,
                            char *text, size_t len)
{
    size_t i = f->n++;
    f->text[i] = text;
    f->len[i] = len;
    side_name(target, stem, n, suffix, f->path[i], sizeof f->path[i],
              f->bare[i], sizeof f->bare[i]);
    return text ? f->bare[i] : NULL;
}

/* Fills m's data: inline, side CSV files, or the images' IDX files. 0,
 * or CMD_ERR. */
static int describe_data(sess *s, export_model *m, export_files *f,
                         const char *target, const char *stem, size_t n,
                         char (*idx)[4200])
{
    if (m->net && s->nw.on_images && s->nw.train) {
        m->images = s->nw.train;
        m->test_images = s->nw.test;
        size_t k = 0;
        if (net_idx_files(s, idx, &k) != 0)
            return sess_fail(s, SIZE_MAX, 0, "the images' files are not "
                             "found again; load them again (data mnist)");
        for (size_t i = 0; i < k && i < 4; i++)
            m->idx[i] = idx[i];
        if (k < 4)
            m->test_images = NULL;
        m->source = s->nw.source;
        return 0;
    }
    m->data = s->tr.data;
    m->test = m->net ? s->tr.test : NULL;  // the neuron trains only
    m->source = s->tr.source;
    size_t len;
    if (m->data->rows > EXPORT_INLINE_ROWS) {
        char *csv = table_csv(m->data, &len);
        if (!(m->csv = add_side(f, target, stem, n, "_data.csv", csv, len)))
            return sess_fail(s, SIZE_MAX, 0, "out of memory");
    }
    if (m->test && m->test->rows > EXPORT_INLINE_ROWS) {
        char *csv = table_csv(m->test, &len);
        if (!(m->test_csv = add_side(f, target, stem, n, "_test.csv", csv,
                                     len)))
            return sess_fail(s, SIZE_MAX, 0, "out of memory");
    }
    return 0;
}

/* Fills m's model from the run (replay) or the session as it is. */
static int describe_model(sess *s, export_model *m)
{
    export_run *run = s->run;
    m->replay = run && run->n_trains > 0 && run->end == fingerprint(s);
    if (m->replay) {
        m->nr = run->nr;
        m->net = run->net;
        m->cfg = run->cfg;
        memcpy(m->rng, run->rng.s, sizeof m->rng);
        m->before = run->before;
        memcpy(m->trains, run->trains, sizeof m->trains);
        m->n_trains = run->n_trains;
        return 0;
    }
    const char *why = cannot_start(s);
    if (why)
        return sess_fail(s, SIZE_MAX, 0, "the session moved on since its "
                         "last train, and %s; export right after a train "
                         "(it writes the training from its start)", why);
    if (check_fit(s) != 0)
        return CMD_ERR;
    m->nr = s->nw.net ? NULL : s->nr;
    m->net = s->nw.net;
    m->cfg = s->tr.cfg;
    memcpy(m->rng, s->rng.s, sizeof m->rng);
    m->before = s->nw.net ? s->nw.epochs : s->tr.epoch;
    m->trains[0] = 10;
    m->n_trains = 1;
    return 0;
}

/* "train 10" or "train 5, train 5" (at most a few, then "..."). */
static void trains_text(const export_model *m, char *buf, size_t cap)
{
    size_t used = 0;
    for (size_t i = 0; i < m->n_trains && used + 20 < cap; i++) {
        if (i == 3 && m->n_trains > 4) {
            used += (size_t)snprintf(buf + used, cap - used, ", ...");
            i = m->n_trains - 1;
        }
        used += (size_t)snprintf(buf + used, cap - used, "%strain %zu",
                                 i ? ", " : "", m->trains[i]);
    }
}

/* 0 when the program writer knows how to write the model's optimizer and
 * loss; a row added to the engine's tables is refused here, by name,
 * until the writer learns it (export_neuron.c, export_net.c). */
static int written(sess *s, const export_model *m)
{
    int opt = 0, loss = 0;
    switch (m->cfg.opt) {
    case NN_OPT_SGD:
    case NN_OPT_MOMENTUM:
    case NN_OPT_ADAM:
        opt = 1;
        break;
    }
    switch (m->cfg.loss) {
    case NN_LOSS_MSE:
    case NN_LOSS_BCE:
    case NN_LOSS_BCE_LOGITS:
    case NN_LOSS_CE:
        loss = 1;
        break;
    }
    if (!opt)
        return sess_fail(s, SIZE_MAX, 0, "export does not write optimizer %s "
                         "yet", nn_opt_at(m->cfg.opt)->name);
    if (!loss)
        return sess_fail(s, SIZE_MAX, 0, "export does not write loss %s yet",
                         nn_loss_at(m->cfg.loss)->name);
    return 0;
}

int cmd_export(sess *s, const cmd_args *a)
{
    char path[4096], target[4096], why[300], shown[120];
    char idx[4][4200];
    int torch = 0;
    size_t col = 0, stem_len = 0;
    const char *stem = NULL;
    if (read_args(s, a, &torch, path, sizeof path, &col) != 0
        || check_name(s, path, col, &stem, &stem_len) != 0)
        return CMD_ERR;
    if (!s->nw.net && (!s->tr.data || s->tr.data->rows == 0))
        return sess_fail(s, SIZE_MAX, 0, "no model to export yet: load data "
                         "and train (data and; train 10), then export");
    export_model m;
    memset(&m, 0, sizeof m);
    m.torch = torch;
    m.name = path;
    m.digits = s->digits;
    if (describe_model(s, &m) != 0 || written(s, &m) != 0
        || (torch && check_torch(s, &m) != 0))
        return CMD_ERR;
    files_rule rule;
    if (cmd_write_target(s, path, target, sizeof target, &rule) != 0)
        return CMD_ERR;
    stem = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
    export_files f;
    memset(&f, 0, sizeof f);
    int rc = CMD_ERR;
    if (describe_data(s, &m, &f, target, stem, stem_len, idx) != 0)
        goto done;
    if (m.nr) {  // the columns the session's table has room for
        int room = (out_width(s->o) - 26 - 10) / 10;
        size_t fit = room < 1 ? 1 : (size_t)room, n = m.nr->n;
        m.table_weights = n <= fit ? n : fit - 1 > 0 ? fit - 1 : 1;
    }
    if (m.net && nn_net_params(m.net) > EXPORT_INLINE_PARAMS) {
        char *text;
        size_t len;
        if (nn_net_save(m.net, &text, &len) != NN_OK)
            text = NULL;
        if (!(m.net_file = add_side(&f, target, stem, stem_len,
                                    "_weights.net", text, len))) {
            sess_fail(s, SIZE_MAX, 0, "out of memory");
            goto done;
        }
    }
    size_t p = f.n;
    snprintf(f.path[p], sizeof f.path[p], "%s", target);
    if (export_python(&m, &f.text[p], &f.len[p]) != 0) {
        sess_fail(s, SIZE_MAX, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i <= p; i++)  // the side files first
        if (sess_write_file(s, &rule, f.path[i], f.text[i], f.len[i], why,
                            sizeof why) != 0) {
            sess_fail(s, SIZE_MAX, 0, "%s", why);
            goto done;
        }
    char trains[200] = "";
    trains_text(&m, trains, sizeof trains);
    files_shown_name(target, shown, sizeof shown);
    if (m.replay)
        out_printf(s->o, "wrote %s: the session's %s, from the weights "
                   "before it, in %s\n", shown, trains, formats[torch].name);
    else
        out_printf(s->o, "wrote %s: the model as it is now and the train 10 "
                   "that would come next, in %s\n", shown,
                   formats[torch].name);
    for (size_t i = 0; i < p; i++) {
        files_shown_name(f.path[i], shown, sizeof shown);
        out_printf(s->o, "  beside it: %s\n", shown);
    }
    rc = CMD_OK;
done:
    files_clear(&f);
    return rc;
}
