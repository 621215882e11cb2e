/*
 * cmd_weights.c - weights learned before: `save weights FILE` writes the
 * neuron's activation, weights and bias, `load weights FILE` brings them
 * back bit for bit.
 *
 * The file is a neuron script of three commands, numbers with the fewest
 * digits that read back exactly (17 at most), so `run FILE` loads it too:
 *   # neuron weights: load weights FILE (or run FILE)
 *   activation tanh
 *   weights 0.29068470557021664 0.29068470557021664 1.0723368908038815
 *   bias -0.3337659386931244
 * `load weights` accepts only comments, blank lines and these three
 * commands (and a UTF-8 byte order mark, as a script may start with), so
 * a weights file cannot run anything else.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "files.h"
#include "../engine/mem.h"  /* nn_malloc: allocations a test can fail */

/* Reads `weights FILE` or `network FILE`: *network says which; the rest
 * of the line is the path. */
static int read_path(sess *s, const cmd_args *a, char *path, size_t cap,
                     int *network)
{
    lexer lx;
    token t;
    lex_error err;
    cmd_lex(&lx, a);
    int row = lex_next(&lx, &t, &err) == 0 ? cmd_row_of(cmd_file_word, &t)
                                           : -1;
    if (row < 0) {
        char names[80];
        snprintf(names, sizeof names, "'%s' or '%s'", cmd_file_word(0)->usage,
                 cmd_file_word(1)->usage);
        lex_expected(&err, &t, names);
        return sess_fail_lex(s, &err);
    }
    *network = row == FILE_NETWORK;
    size_t len, col;
    const char *rest = lex_rest(&lx, &len, &col);
    if (len == 0)
        return sess_fail(s, SIZE_MAX, 0, "give a file name: weights "
                         "and.weights");
    if (len >= cap)
        return sess_fail(s, col, len, "file name too long");
    memcpy(path, rest, len);
    path[len] = '\0';
    return 0;
}

int cmd_save(sess *s, const cmd_args *a)
{
    char path[4096], num[32], why[300], target[4096];
    int network;
    size_t word = 0;  // the text need not end in a NUL: scan to a->len
    while (word < a->len && a->text[word] != ' ' && a->text[word] != '\t')
        word++;
    int row = 0;  // save weights F, save network F: a row; else a session
    for (const cmd_word *w; (w = cmd_file_word((size_t)row)); row++)
        if (strlen(w->name) == word && strncasecmp(a->text, w->name, word) == 0)
            break;
    if (!cmd_file_word((size_t)row)) {
        if (a->len >= sizeof path)  // save FILE: the whole session
            return sess_fail(s, a->col, a->len, "file name too long");
        memcpy(path, a->text, a->len);
        path[a->len] = '\0';
        return cmd_save_session(s, path);
    }
    if (read_path(s, a, path, sizeof path, &network) != 0)
        return CMD_ERR;
    if (network)
        return net_save(s, path);
    const nn_neuron *nr = s->nr;
    if (!s->have_weights)
        return sess_fail(s, SIZE_MAX, 0, "no weights to save yet");
    files_rule rule;
    if (cmd_write_target(s, path, target, sizeof target, &rule) != 0)
        return CMD_ERR;
    size_t cap = 256 + nr->n * 26, used;
    char *text = nn_malloc(cap);
    if (!text)
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    used = (size_t)snprintf(text, cap, "# neuron weights: load weights FILE "
                            "(or run FILE)\nactivation %s", nr->act->name);
    if (nr->act->param_name)
        used += (size_t)snprintf(text + used, cap - used, " %s",
                                 sess_num_exact(nr->param, num));
    used += (size_t)snprintf(text + used, cap - used, "\nweights");
    for (size_t i = 0; i < nr->n; i++)
        used += (size_t)snprintf(text + used, cap - used, " %s",
                                 sess_num_exact(nr->w[i], num));
    used += (size_t)snprintf(text + used, cap - used, "\nbias %s\n",
                             sess_num_exact(nr->b, num));
    int rc = sess_write_file(s, &rule, target, text, used, why, sizeof why);
    free(text);
    if (rc != 0)
        return sess_fail(s, SIZE_MAX, 0, "%s", why);
    files_shown_name(target, why, sizeof why);
    out_printf(s->o, "saved %zu weight%s and the bias to %s\n", nr->n,
               nr->n == 1 ? "" : "s", why);
    return CMD_OK;
}

/* The parts of a weights file, read before anything changes. */
typedef struct weights_file {
    const nn_act *act;
    double param;
    double *w;
    size_t n;
    int has_bias;
    double b;
} weights_file;

/* Reads one line of a weights file; 0, or CMD_ERR with the reason. */
static int read_line(sess *s, const char *line, size_t len, weights_file *f)
{
    lexer lx;
    token t;
    lex_error err;
    lex_init(&lx, line, len, 0);
    if (lex_next(&lx, &t, &err) != 0)
        return sess_fail_lex(s, &err);
    if (t.kind == TOK_END)
        return 0;
    if (tok_is_word(&t, "activation")) {
        if (lex_next(&lx, &t, &err) != 0)
            return sess_fail_lex(s, &err);
        if (!(f->act = cmd_find_act(s, &t)))
            return CMD_ERR;
        f->param = f->act->param_default;
        if (lex_peek(&lx, &t, &err) == 0 && t.kind != TOK_END
            && cmd_read_number(s, &lx, "a parameter", &f->param) != 0)
            return CMD_ERR;
        return cmd_read_end(s, &lx);
    }
    if (tok_is_word(&t, "weights")) {
        free(f->w);
        f->w = NULL;
        return cmd_read_vector(s, &lx, NN_NEURON_MAX_INPUTS, &f->w, &f->n);
    }
    if (tok_is_word(&t, "bias")) {
        f->has_bias = 1;
        if (cmd_read_number(s, &lx, "the bias", &f->b) != 0)
            return CMD_ERR;
        return cmd_read_end(s, &lx);
    }
    lex_expected(&err, &t, "activation, weights or bias");
    return sess_fail_lex(s, &err);
}

int cmd_load(sess *s, const cmd_args *a)
{
    char path[4096], why[300], shown[120];
    char *buf;
    size_t len;
    int network;
    if (read_path(s, a, path, sizeof path, &network) != 0)
        return CMD_ERR;
    if (network)
        return net_load(s, path);
    files_shown_name(path, shown, sizeof shown);
    char near[4096];
    sess_find_file(s, path, near, sizeof near);
    if (files_read(near, FILES_MAX_SCRIPT, &buf, &len, why, sizeof why) != 0)
        return sess_fail(s, SIZE_MAX, 0, "%s", why);
    weights_file f = { s->nr->act, s->nr->param, NULL, 0, 0, 0 };
    long lineno = 0;
    int rc = 0;
    /* a UTF-8 byte order mark is skipped, as in scripts and CSV files */
    size_t start = len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
    for (size_t pos = start; pos < len && rc == 0;) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        size_t stop = pos;
        while (stop < end && buf[stop] != '#')
            stop++;
        lineno++;
        if (memchr(buf + pos, '\0', end - pos))
            rc = sess_fail(s, SIZE_MAX, 0, "NUL byte");
        else
            rc = read_line(s, buf + pos, stop - pos, &f);
        pos = end + 1;
    }
    free(buf);
    if (rc == 0 && (!f.w || !f.has_bias))
        rc = sess_fail(s, SIZE_MAX, 0, "%s: a weights file needs a `weights` "
                       "line and a `bias` line", shown);
    else if (rc != 0) {
        char msg[sizeof s->err];
        snprintf(msg, sizeof msg, "%s", s->err);
        rc = sess_fail(s, SIZE_MAX, 0, "%s:%ld: %s", shown, lineno, msg);
    }
    if (rc == 0 && s->have_inputs && f.n != s->nr->n)
        rc = sess_fail(s, SIZE_MAX, 0, "%s has %zu weight%s but the neuron "
                       "has %zu input%s", shown, f.n, f.n == 1 ? "" : "s",
                       s->nr->n, s->nr->n == 1 ? "" : "s");
    nn_neuron *nr = NULL;
    if (rc == 0) {
        nr = f.n == s->nr->n ? nn_neuron_copy(s->nr)
                             : nn_neuron_new(f.n, f.act);
        if (!nr)
            rc = sess_fail(s, SIZE_MAX, 0, "out of memory");
    }
    if (rc == 0) {
        memcpy(nr->w, f.w, f.n * sizeof *f.w);
        nr->b = f.b;
        nr->act = f.act;
        nr->param = f.param;
        nn_neuron_free(s->nr);
        s->nr = nr;
        s->have_weights = 1;
        train_restart(&s->tr);
        out_printf(s->o, "loaded %zu weight%s and the bias from %s\n", f.n,
                   f.n == 1 ? "" : "s", shown);
    }
    free(f.w);
    return rc;
}
