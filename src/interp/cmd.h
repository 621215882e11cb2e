/*
 * cmd.h - the command table: one row per command, read by dispatch, help
 * and completion alike.
 *
 * A row holds the name, usage, one-line summary, long help with a runnable
 * example, the handler, the argument counts and how to complete its
 * arguments. An alias is its own row with summary "same as `X`". Arity and
 * unknown names are checked centrally (interp.c); a handler parses its
 * arguments, validates, changes the session only when all is well, and
 * prints through the session's sink.
 * Ownership: the table is static.
 */
#ifndef NEURON_INTERP_CMD_H
#define NEURON_INTERP_CMD_H

#include <stddef.h> /* size_t */

#include "files.h" /* files_rule: where a write may land */
#include "lex.h"  /* lexer: handlers read their arguments with it */
#include "sess.h" /* sess, CMD_OK/CMD_ERR/CMD_EXIT */

/* What Tab completes after a command name. */
typedef enum cmd_complete {
    CMPL_NONE,   /* nothing */
    CMPL_ACT,    /* activation names (after the rows, if it has any) */
    CMPL_FILE,   /* file names */
    CMPL_ROWS,   /* the names of the row's table (`rows`), first */
    CMPL_OPTS,   /* the names of the row's table, after any word that is
                    not one of them: options (train 5 batch 8) */
    CMPL_CMD     /* command names (help) */
} cmd_complete;

/* The arguments a handler gets: the text after the command name. */
typedef struct cmd_args {
    const char *text;   /* after the name, leading spaces skipped */
    size_t len;         /* bytes in text */
    size_t col;         /* column of text[0] in the line */
    size_t count;       /* words (split at spaces, commas, brackets) */
} cmd_args;

typedef struct cmd cmd;
typedef int (*cmd_fn)(sess *s, const cmd_args *a);

/* A word a command takes first (a data set, a sub-command, a loss ...):
 * a row of the table the command's handler reads. Help lists the rows,
 * Tab completes them, errors name them: from the same rows. */
typedef struct cmd_word {
    const char *name;    /* what is typed */
    const char *usage;   /* how, after the command: "moons N" */
    const char *help;    /* one line */
    int files;           /* file names that follow it (Tab completes
                            them): data load 1, data idx 2 */
    const char *example; /* a line that runs in a new session, the
                            command and this word first ("data moons
                            200"); `help COMMAND WORD` shows it */
} cmd_word;

/* Row i of a command's words, or NULL past the last. */
typedef const cmd_word *(*cmd_words_fn)(size_t i);

struct cmd {
    const char *name;     /* lower case */
    const char *usage;    /* "weights W1 W2 ..." */
    const char *summary;  /* one line for `help` */
    const char *help;     /* long help; lines starting "  > " are examples
                             run by the help test */
    const char *topic;    /* heading `help` lists it under */
    cmd_fn fn;
    int min_args, max_args;  /* word counts; max -1 for no limit */
    cmd_complete complete;
    cmd_words_fn rows;    /* the words it takes, a table's rows: help lists
                             them where its text has a line "@rows", Tab
                             completes them, errors name them */
};

/* The command's usage line: its `usage`, with "@names" replaced by its
 * rows' names ("loss mse | bce | bce_logits | ce") or "@usages" by their
 * usages ("init zeros | random LOW HIGH | ..."), written into buf (cap
 * bytes) when it has them. */
const char *cmd_usage(const cmd *c, char *buf, size_t cap);

/* Row i of a table of cmd_word, or NULL past its end: the body of a
 * command's rows function. */
#define CMD_ROW_AT(table, i) \
    ((i) < sizeof(table) / sizeof((table)[0]) ? &(table)[i] : NULL)

/* The index of the row t names (ASCII case ignored), or -1. */
int cmd_row_of(cmd_words_fn rows, const token *t);

/* show's rows: weights, unit K, network (else a definition's name). */
const cmd_word *cmd_show_word(size_t i);

/* init's rows: zeros, random, normal, xavier, he. */
const cmd_word *cmd_init_word(size_t i);

/* save's and load's rows: weights and network, each with its file. */
enum { FILE_WEIGHTS, FILE_NETWORK };
const cmd_word *cmd_file_word(size_t i);
const cmd_word *cmd_load_word(size_t i);

/* data's rows: truth tables, generated sets, sub-commands. */
const cmd_word *cmd_data_word(size_t i);

/* The small tables: trace's and echo's on/off, seed's `state`, batch's
 * `full`, train's options, network's `off`, image's `show`, fire's
 * `--plot` and plot's histories (loss, errors). */
enum { ROW_ON, ROW_OFF };  /* trace's and echo's rows */
const cmd_word *cmd_trace_word(size_t i);
const cmd_word *cmd_echo_word(size_t i);
const cmd_word *cmd_seed_word(size_t i);
const cmd_word *cmd_batch_word(size_t i);
const cmd_word *cmd_train_word(size_t i);
const cmd_word *cmd_network_word(size_t i);
const cmd_word *cmd_image_word(size_t i);
const cmd_word *cmd_fire_word(size_t i);
const cmd_word *cmd_plot_word(size_t i);
/* export's rows: numpy and torch, each with its file. */
const cmd_word *cmd_export_word(size_t i);

/* The engine's learning rules, losses and optimizers as command rows. */
const cmd_word *cmd_rule_word(size_t i);
const cmd_word *cmd_loss_word(size_t i);
const cmd_word *cmd_opt_word(size_t i);

/* Reads the whole argument as the name of one of the rows (ASCII case
 * ignored): 0 with *choice its index, or CMD_ERR naming the rows and the
 * nearest ("expected sgd, momentum or adam, got 'adma'; did you mean
 * 'adam'?"). */
int cmd_read_row(sess *s, const cmd_args *a, cmd_words_fn rows, int *choice);

/* 1 for a lesson's narration and checks (say, pause, ask, hint,
 * checkpoint, expect): a transcript shows what they print, not them. */
int cmd_is_narration(const cmd *c);

/* Number of rows, and row i (NULL past the end). */
size_t cmd_count(void);
const cmd *cmd_at(size_t i);

/* The row named name[0..len), ignoring ASCII case, or NULL. */
const cmd *cmd_find(const char *name, size_t len);

/* 1 when c takes the rest of its line as text, as written: `say` and
 * `hint`, whose `#` and `;` are narration, not a comment or a new
 * command. */
int cmd_takes_raw_line(const cmd *c);

/* ---- argument helpers for handlers ---- */

/* Reads a vector: numbers separated by spaces or commas, brackets
 * optional ([1, 0, 1]), up to `max` of them, to the end of the lexer's
 * text. Returns 0 with *v (malloc'ed, caller frees) and *n set, or CMD_ERR
 * with the error recorded (what is wrong, at which token). */
int cmd_read_vector(sess *s, lexer *lx, size_t max, double **v, size_t *n);

/* Reads one number (a literal with an optional sign). Returns 0 or
 * CMD_ERR naming `what` ("expected the bias, a number"). */
int cmd_read_number(sess *s, lexer *lx, const char *what, double *v);

/* Checks nothing is left on the line. Returns 0 or CMD_ERR. */
int cmd_read_end(sess *s, lexer *lx);

/* The activation named by token t, or NULL with an error recorded
 * ("unknown activation 'sigmod'; did you mean 'sigmoid'?"). */
const nn_act *cmd_find_act(sess *s, const token *t);


/* evaluate on a curve, for the neuron and the network: "on the training
 * set (N samples): mse M, largest miss W at x = A" (at NULL: no x), and
 * the names loss, maxerror, meanerror set from it. CMD_OK. */
int cmd_report_fit(sess *s, int is_test, size_t rows, double sq_sum,
                   double abs_sum, double worst, const double *at);

/* Starts a lexer over the handler's arguments. */
void cmd_lex(lexer *lx, const cmd_args *a);

/* Prints "z = w1·x1 + ... + b = z" (indent first) with the numbers
 * given, eliding the middle of a long sum and saying when the printed
 * terms are rounded. Returns CMD_OK, or CMD_ERR on out of memory. */
int cmd_print_sum(sess *s, const char *indent, const double *w,
                  const double *x, size_t n, double b, double z);

/* 1 when the command's text ends with the word `flag` written as
 * --flag (`plot Z --units`); the lexer's text is then shortened to stop
 * before it. */
int cmd_strip_flag(lexer *lx, const char *flag);

/* Reads an optional `> FILE` ending a command into path ("" when none)
 * and shortens the lexer's text to stop before it. 0 or CMD_ERR. */
int cmd_read_svg_target(sess *s, lexer *lx, char *path, size_t cap);

struct plot;
/* Shows the picture p: drawn as text through the sink (rows text rows,
 * 0 for the default), handed to the front end's picture hook (SVG in
 * the JSON mode), or written as SVG where the command's `> FILE.svg`
 * said (cmd_svg_target). 0 or CMD_ERR. */
int cmd_draw(sess *s, const struct plot *p, int rows);

/* boundary's picture of the session's model over its 2-feature data
 * (regions, lines, points), and plot loss's (loss 1) or plot errors'
 * history of the epochs trained, thinned to `most` points when it has
 * more (each run of epochs keeps its lowest and highest; 0: all, as
 * `plot loss` draws it): 0 with *p (the caller frees it with plot_free;
 * its regions read the session while it is drawn), or CMD_ERR with the
 * error recorded (no data, not 2 features, ...). */
int cmd_boundary_plot(sess *s, struct plot **p);
int cmd_history_plot(sess *s, int loss, size_t most, struct plot **p);

/* Shows two pictures as cmd_draw does; on a terminal of known height,
 * the second beside the first (a digit and its probabilities fit 80x24).
 * 0 or CMD_ERR. */
int cmd_draw_beside(sess *s, const struct plot *left,
                    const struct plot *right);

/* Reads an optional `> FILE.svg` ending a command that draws through
 * cmd_draw, for its pictures (s->svg_to). 0 or CMD_ERR. */
int cmd_svg_target(sess *s, lexer *lx);

/* Draws a plot in the terminal (height rows, 0 for the default) or, when
 * path is not empty, writes it as an SVG file atomically. 0 or CMD_ERR. */
int cmd_show_plot(sess *s, const struct plot *p, const char *path,
                  int height);

/* Writes svg (len bytes, a width x height picture) to path under the
 * write rule, atomically, and says so. 0 or CMD_ERR. */
int cmd_write_svg(sess *s, const char *path, const char *svg, size_t len,
                  int width, int height);

/* show biology [> FILE.svg]: the biological neuron beside the artificial
 * one (biology.c). CMD_OK or CMD_ERR. */
int cmd_show_biology(sess *s, lexer *lx);

/* When the command said `> FILE.svg` (s->svg_to), writes the confusion
 * matrix conf[true * n + answer] of n classes named names[k] there, as
 * `evaluate > f.svg` asks. 0 (also when there is no file) or CMD_ERR. */
int cmd_confusion_svg(sess *s, const char *const *names, const size_t *conf,
                      size_t n, const char *title);

/* A small plot of an activation on [-4, 4], or around z with the point
 * (z, f(z)) marked when has_mark. 0 or CMD_ERR. */
int cmd_plot_activation(sess *s, const nn_act *act, double param,
                        int has_mark, double z, int height);

/* That plot, built and not drawn: 0 with *p (the caller frees it with
 * plot_free), or CMD_ERR on out of memory. (tune's picture.) */
int cmd_activation_plot(sess *s, const nn_act *act, double param,
                        int has_mark, double z, struct plot **p);

/* Handlers, one file each topic: cmd_neuron.c, cmd_script.c, cmd_help.c. */
int cmd_inputs(sess *s, const cmd_args *a);
int cmd_weights(sess *s, const cmd_args *a);
int cmd_bias(sess *s, const cmd_args *a);
int cmd_activation(sess *s, const cmd_args *a);
int cmd_activations(sess *s, const cmd_args *a);
int cmd_softmax(sess *s, const cmd_args *a);
int cmd_image(sess *s, const cmd_args *a);
int cmd_images(sess *s, const cmd_args *a);
int cmd_end(sess *s, const cmd_args *a);
int cmd_network(sess *s, const cmd_args *a);
int cmd_lessons(sess *s, const cmd_args *a);
int cmd_lesson(sess *s, const cmd_args *a);
int cmd_summary(sess *s, const cmd_args *a);
int cmd_mistakes(sess *s, const cmd_args *a);

/* Largest learning rate a network takes (rate, train ... rate R). */

/* The network's side of shared commands (cmd_net.c); each returns CMD_OK
 * or CMD_ERR with the error recorded. */
int net_data_mnist(sess *s, const char *dir, size_t dir_len);
int net_data_idx(sess *s, lexer *lx);
int net_train(sess *s, double epochs);

/* The network's training settings from the session's (the loss the
 * engine computes for the chosen one: ce on softmax, bce on one sigmoid
 * unit, mse). 0 with *cfg set, or CMD_ERR with the error recorded. */
int net_config(sess *s, nn_net_cfg *cfg);

/* The IDX files the images were read from, as real paths: training
 * images and labels, then test images and labels when there are any;
 * *n is 2 or 4. 0, or -1 when they cannot be found again. */
int net_idx_files(const sess *s, char (*paths)[4200], size_t *n);

/* Shows "[#####     ] epoch DONE of EPOCHS, loss L" as the progress line
 * (sess_progress; the caller takes it away with sess_progress_end).
 * Returns 1: a bar is on screen. */
int cmd_progress_bar(sess *s, size_t done, size_t epochs);
int net_evaluate(sess *s);

/* The first layer's unit u (from 0): its incoming weights as a signed
 * picture in the images' shape (*rows x *cols), titled when title is not
 * NULL. NULL on out of memory; the caller frees it. */
struct plot *net_unit_plot(const sess *s, size_t u, const char *title,
                           size_t *rows, size_t *cols);
int net_predict(sess *s, lexer *lx);

/* The class a network of 2 inputs (and 1 or 2 outputs) gives the point
 * (x1, x2): boundary's regions. */
int net_class_at(sess *s, double x1, double x2);

/* The lines of the first layer's units boundary draws, when it has at
 * most this many. */
#define NET_BOUNDARY_LINES 4

/* v as a factor of a product, negative numbers in parentheses: "(-0.5)".
 * buf holds 32 bytes; returns it. */
const char *cmd_paren(const sess *s, double v, char *buf);

/* show network: a small network's weights and biases as a table per
 * layer (a row per unit, a column per input), a large one's layers as
 * boxes with their shapes and parameter counts. */
int net_show(sess *s);

/* show network > FILE.svg: the network as a diagram (a box a layer when
 * large); path NULL: to the front end's svg_picture hook. 0 or CMD_ERR. */
int net_show_svg(sess *s, const char *path);

/* step with a network: one sample's update (a batch of one), written
 * out for a small network: forward, loss, each delta by the chain rule,
 * each weight's update; a larger one gets a line per layer. */
int net_step(sess *s);

/* What net_step and net_epoch_traced return, the error recorded, when
 * memory ran out: the caller takes back what was done (undo). */
#define CMD_NOMEM (-1)

/* epoch with a network under `trace on`: step on every sample left in
 * the pass, in order, each update written out. */
int net_epoch_traced(sess *s);

/* predict X1 X2 ... with a network: its answer for these inputs, and for
 * a small network every unit's sum and activation, layer by layer. */
int net_predict_values(sess *s, const double *x, size_t n);
int net_show_unit(sess *s, lexer *lx);
int net_save(sess *s, const char *path);
int net_load(sess *s, const char *path);

/* A line of an open image block (image NAME RxC ... end): a row, `end`,
 * or a blank line or a command, which leave the block. CMD_OK or CMD_ERR
 * with the error recorded. */
int image_block_line(sess *s, const char *line, size_t len);

/* image_end_of_input, image_block_leave: in interp.h, for the front
 * ends. */

/* 1 when the arguments are `image NAME` (*im set, or NULL with an error
 * recorded), else 0. */
int cmd_image_arg(sess *s, const cmd_args *a, const image **im);

/* `show weights`: the weights as a picture, in the shape of the image the
 * inputs came from. CMD_OK or CMD_ERR. */
int cmd_show_weights(sess *s);
int cmd_save(sess *s, const cmd_args *a);

/* export numpy|torch FILE.py: the session's training as a Python
 * program (cmd_export.c). */
int cmd_export(sess *s, const cmd_args *a);

/* The session as a script and as a handout (cmd_session.c). `save FILE`
 * (path as typed, rest of the line), `record FILE.md | stop`, and `seed
 * state W1 W2 W3 W4 [spare S]` with the lexer past `state`: CMD_OK or
 * CMD_ERR with the error recorded. */
int cmd_save_session(sess *s, const char *path);
int cmd_record(sess *s, const cmd_args *a);
int cmd_seed_state(sess *s, lexer *lx);

/* The script `save` writes, into *buf (malloc'ed, caller frees; *len
 * bytes and a NUL), naming the network's file net_name. 0, or CMD_ERR
 * with the error recorded. Tests compare it to see a session unchanged. */
int cmd_session_text(sess *s, const char *net_name, char **buf,
                     size_t *len);

/* The write rule for every command that writes a file: a script may
 * write only beside itself and below, or under an --allow-write folder
 * (files_may_write); a script read from standard input is a script in the
 * current folder. Fills target with the name to write (a script's
 * relative names are taken from its folder) and rule with where the
 * write must stay, for files_write. 0, or CMD_ERR with the error
 * recorded. */
int cmd_write_target(sess *s, const char *path, char *target, size_t cap,
                     files_rule *rule);
int cmd_load(sess *s, const cmd_args *a);
int cmd_show(sess *s, const cmd_args *a);
int cmd_fire(sess *s, const cmd_args *a);
int cmd_init(sess *s, const cmd_args *a);
int cmd_seed(sess *s, const cmd_args *a);
int cmd_digits(sess *s, const cmd_args *a);
int cmd_threads(sess *s, const cmd_args *a);
int cmd_say(sess *s, const cmd_args *a);
int cmd_expect(sess *s, const cmd_args *a);
int cmd_pause(sess *s, const cmd_args *a);
int cmd_echo(sess *s, const cmd_args *a);
int cmd_spacing(sess *s, const cmd_args *a);
int cmd_ask(sess *s, const cmd_args *a);      /* cmd_quiz.c */
int cmd_hint(sess *s, const cmd_args *a);
int cmd_checkpoint(sess *s, const cmd_args *a);

/* Tolerance of `expect E = V` and `ask Q = A` without `within`: equal to
 * 4 decimals, the way numbers print by default. */
#define CMD_DEFAULT_TOL 0.00005

/* fire's arithmetic: "z = w1·x1 + ... + b = z" and "a = f(z) = a", for
 * the neuron as it is (tune's panel shows it too); *z gets z. CMD_OK, or
 * CMD_ERR on out of memory. */
int cmd_print_fire(sess *s, double *z);

/* Saves what `undo` puts back (the neuron, the network, the training's
 * progress; the definitions too when with_defs), for a command that
 * changes them by hand: tune. 0, or CMD_ERR on out of memory. */
int cmd_push_undo(sess *s, int with_defs);

/* Drops the newest undo snapshot: its command changed nothing after
 * all. */
void cmd_drop_undo(sess *s);

/* A condition as `expect` and `checkpoint` write it: EXPR = VALUE
 * [within TOL], or EXPR >= VALUE (also <=, > and <). */
typedef struct cmd_cond {
    const char *text, *vtext;  /* the two sides as typed (in the line) */
    size_t len, vlen;
    token op;                  /* the operator */
    int is_eq;                 /* op is '=' or '==' */
    double got, want, tol;     /* the sides' values; tol goes with '=' */
    int pass;                  /* 1 when the condition holds */
} cmd_cond;

/* Parses a condition from lx to the end of its text, then evaluates it.
 * Returns 0 with *c filled, or CMD_ERR with the error recorded; then
 * *not_yet (may be NULL) is 1 when the text is well formed as far as
 * known but cannot be evaluated now: a name without a value yet (z before
 * `fire`) or a name not defined yet (Z before `Z = ...`), else 0. */
int cmd_cond_check(sess *s, lexer *lx, cmd_cond *c, int *not_yet);
int cmd_run(sess *s, const cmd_args *a);
int cmd_reset(sess *s, const cmd_args *a);
int cmd_quit(sess *s, const cmd_args *a);
int cmd_help(sess *s, const cmd_args *a);
int cmd_print(sess *s, const cmd_args *a);
int cmd_defs(sess *s, const cmd_args *a);
int cmd_data(sess *s, const cmd_args *a);
int cmd_plot(sess *s, const cmd_args *a);
int cmd_boundary(sess *s, const cmd_args *a);
int cmd_rule(sess *s, const cmd_args *a);
int cmd_loss(sess *s, const cmd_args *a);
int cmd_rate(sess *s, const cmd_args *a);
int cmd_batch(sess *s, const cmd_args *a);
int cmd_optimizer(sess *s, const cmd_args *a);
int cmd_trace(sess *s, const cmd_args *a);
int cmd_step(sess *s, const cmd_args *a);
int cmd_epoch(sess *s, const cmd_args *a);
int cmd_train(sess *s, const cmd_args *a);
int cmd_undo(sess *s, const cmd_args *a);
int cmd_predict(sess *s, const cmd_args *a);
int cmd_evaluate(sess *s, const cmd_args *a);
int cmd_undef(sess *s, const cmd_args *a);
int cmd_table(sess *s, const cmd_args *a);
int cmd_compare(sess *s, const cmd_args *a);
int cmd_fit(sess *s, const cmd_args *a);

/* tune NAME... [goal E] (cmd_tune.c): the panel, and the words it takes
 * (w1, b, x1, goal). */
int cmd_tune(sess *s, const cmd_args *a);
const cmd_word *cmd_tune_word(size_t i);

/* `NAME = EXPR` or `NAME(x) = EXPR`, the lexer just past '=': defines
 * NAME (or fits it: F = fit sin(x) from -pi to pi with 8 units). Returns
 * CMD_OK or CMD_ERR with the error recorded. */
int cmd_define(sess *s, const token *name, lexer *lx);

/* `show Z`: a definition taken apart as a ReLU sum (units, breakpoints,
 * pieces, the network it is). Returns CMD_OK or CMD_ERR. */
int cmd_show_def(sess *s, lexer *lx);

#endif
