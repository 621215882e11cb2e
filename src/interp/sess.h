/*
 * sess.h - the session: everything a learner has set up, in one struct.
 *
 * The session owns the neuron, the random generator, the settings and the
 * last training's figures, and the sink it prints through. Commands read
 * and change it; a failed command leaves it as it was. Errors are built
 * here (sess_fail) and formatted by the interpreter, in one place.
 * Ownership: sess_new returns a session the caller frees with sess_free;
 * the sink passed in stays the caller's.
 */
#ifndef NEURON_INTERP_SESS_H
#define NEURON_INTERP_SESS_H

#include <signal.h> /* sig_atomic_t: the interrupt flag */
#include <stddef.h> /* size_t */
#include <stdint.h> /* uint64_t: seeds */

#include "../engine/expr.h"   /* nn_expr: evaluating names */
#include "../engine/idx.h"    /* nn_images: digits for the network */
#include "../engine/net.h"    /* nn_net: the network */
#include "../engine/neuron.h" /* nn_neuron, nn_rng */
#include "../engine/stop.h"   /* nn_stop: Ctrl-C for engine loops */
#include "defs.h"             /* defs: the learner's definitions */
#include "files.h"            /* files_rule: where a write may land */
#include "images.h"           /* image_set: inline images */
#include "lex.h"              /* lex_error */
#include "out.h"              /* out: the sink */
#include "train.h"            /* trainer: data, rule, history */

/* What a command handler returns (sqlite's 0/1/2). */
enum { CMD_OK = 0, CMD_ERR = 1, CMD_EXIT = 2 };

/* Largest `spacing` (and --spacing): beyond it a plot leaves the screen. */
#define SESS_SPACING_MAX 10

/* Deepest chain of `run` scripts. */
#define SESS_MAX_RUN_DEPTH 16

/* Where a line comes from, for error messages and nested runs. */
typedef struct sess_where {
    const char *file;   /* script name as given; NULL at the prompt/-e */
    long line;          /* 1-based line number, 0 when none */
    const char *id;     /* the file's real path, to find `run` cycles */
} sess_where;

typedef struct sess sess;

/* Asks the front end to wait for Enter (pause); returns 0, or -1 at end of
 * input. NULL when the session is not interactive. */
typedef int (*sess_wait_fn)(void *ctx);

/* Asks the front end for one line typed at the terminal after `prompt`:
 * a command (is_command 1: kept in the history, Tab completes) or an
 * answer to `ask`. Returns the line without its newline (malloc'ed; the
 * caller frees it), or NULL at end of input. NULL when not interactive. */
typedef char *(*sess_read_fn)(void *ctx, const char *prompt,
                              int is_command);

/* Front-end hooks of a machine-readable front end (front/json.c); NULL
 * everywhere else, where the terminal gets text. */
struct plot;
/* Shows a picture (plot, boundary, image, bars) instead of drawing it as
 * text; p is borrowed for the call. */
typedef void (*sess_picture_fn)(void *ctx, const struct plot *p);
/* Shows a picture drawn as SVG text already (the neuron's and the
 * network's diagrams); svg is borrowed for the call. */
typedef void (*sess_svg_fn)(void *ctx, const char *svg, size_t len);
/* Shows the progress line of a long run in place; line NULL: the line is
 * gone (the run printed a row, or ended). */
typedef void (*sess_progress_fn)(void *ctx, const char *line);
/* An error is about to be reported (interp_report): s->err, err_col,
 * err_len, s->line and s->where say what and where; name is the command
 * or NULL. */
typedef void (*sess_error_fn)(void *ctx, const sess *s, const char *name);

/* tune's keyboard (front/tty.c): the terminal's keys as they are
 * pressed. The session holds it only when stdin and stdout are both a
 * terminal. */
enum {
    SESS_KEYS_SIGNAL = -1,  /* read: a signal came (Ctrl-C from kill,
                               a resize, back from a stop) */
    SESS_KEYS_END = -2      /* read: end of input, or an error */
};
struct termios;
typedef struct sess_keys {
    /* Keys unbuffered and unechoed; Ctrl-C and Ctrl-Z come as bytes (3,
     * 26), not signals. 0, or -1 when the terminal refuses. */
    int (*raw)(void *ctx);
    /* Waits up to timeout_ms (-1: no limit) for bytes: their count (at
     * most cap) into buf, 0 at the timeout, or SESS_KEYS_SIGNAL or
     * SESS_KEYS_END. */
    int (*read)(void *ctx, unsigned char *buf, size_t cap, int timeout_ms);
    /* Ctrl-Z: the modes put back, the process stopped as the shell
     * expects; once continued (fg), raw again. */
    void (*suspend)(void *ctx);
    /* The modes as they were before raw; safe to call twice. */
    void (*restore)(void *ctx);
    /* While raw: the terminal's descriptor and its modes before and
     * during, for the live view's signal guard to put back when a
     * signal ends or stops the process (live_hold_modes). 0, or -1 when
     * not raw. May be NULL (no terminal to put back). */
    int (*modes)(void *ctx, int *fd, struct termios *before,
                 struct termios *during);
    void *ctx;
} sess_keys;

struct sess {
    out *o;                /* where everything is printed (borrowed) */

    /* the neuron */
    nn_neuron *nr;         /* always present; n = 1 until inputs are set */
    int have_inputs;       /* 1 once `inputs` gave x */
    int have_weights;      /* 1 once `weights` or `init` gave w */
    nn_rng rng;
    uint64_t seed;         /* last seed given (42 at start) */

    /* definitions: n1 = relu(-5x - 7.7), Z = -n1 + ... */
    defs *defs;
    int pending_def;       /* id of the definition being parsed, or -1 */
    const char *pending_name;  /* its name (not NUL-terminated) */
    size_t pending_len;

    /* images, and the one being read row by row (image NAME RxC ... end) */
    image_set images;
    struct image_block {
        int open;          /* rows are being read */
        int failed;        /* a bad row: skip to `end`, define nothing */
        char name[LEX_NAME_MAX + 1];
        size_t rows, cols, got;
        double *px;
        char *file;        /* where the block started (malloc'ed) */
        long line;
    } block;
    size_t in_rows, in_cols;   /* inputs came from an image of this shape */

    /* settings */
    int digits;            /* 0: 4 decimals; else significant digits */

    /* training: data set, rule, rate, history, undo */
    trainer tr;

    /* the network and its images (network, data mnist, train N epochs) */
    struct net_state {
        nn_net *net;           /* NULL until `network` */
        nn_images *train;      /* training images, NULL until loaded */
        nn_images *test;       /* test images, or NULL */
        char source[64];       /* "mnist", a folder, a file */
        size_t epochs;         /* epochs trained */
        size_t next;           /* the sample `step` takes next */
        double *hist;          /* loss after each epoch (plot loss) */
        size_t hist_n, hist_cap;
        int on_images;         /* 1: the images are the data set (data
                                  mnist came after any table data) */
        char *from;            /* how to load the images again (save):
                                  "mnist /abs/DIR" or "idx /abs/A /abs/B",
                                  malloc'ed; NULL for the bundled set */
    } nw;

    /* the run of `train` commands `export` writes (export.h), or NULL */
    struct export_run *run;

    /* the training being watched now (watch.h), or NULL */
    struct watch *watch;

    /* the last training's figures, names in expressions */
    int have_training;
    double epochs, errors, loss, accuracy;

    /* the last fit or compare, names in expressions */
    int have_fit;
    double maxerror, meanerror;

    /* what tune measures a sum against: the definition and target of
       the last `compare NAME with TARGET from A to B` or `NAME = fit
       TARGET from A to B ...` (cmd_defs.c) */
    struct sess_match {
        char sum[LEX_NAME_MAX + 1];  /* "" when none */
        char target[256];            /* the target as typed */
        double from, to;
    } match;

    /* scripts */
    int interactive;       /* stdin is a terminal: pause waits */
    int progress;          /* stdout is a terminal: long runs show a bar */
    int keep_going;        /* --keep-going: go on after an error */
    int errors_seen;       /* errors reported so far (for exit status) */
    sess_where where[SESS_MAX_RUN_DEPTH + 1]; /* the run chain */
    int depth;             /* entries used in where[] (>= 1) */
    const char *line;      /* the line being run (for carets) */
    size_t line_len;       /* its length: it need not end in a NUL */
    size_t prompt_width;   /* columns before the line at the prompt */
    volatile sig_atomic_t *interrupted; /* set by the front end's SIGINT */
    nn_stop stop;          /* asks sess_interrupted for the engine's long
                              loops (sess_stop) */
    sess_wait_fn wait;     /* pause: wait for Enter; NULL when not tty */
    void *wait_ctx;
    sess_read_fn read_line; /* ask, checkpoint: a typed line; NULL when
                               not tty */
    void *read_ctx;
    const sess_keys *keys; /* tune's keys; NULL unless stdin and stdout
                              are a terminal */
    const char *next_line; /* a script's next line (ask reads its hint),
                              set by interp_run_buffer; NULL elsewhere */
    size_t next_len;       /* bytes in next_line, newline excluded */
    int echo;              /* echo on: script lines shown as typed */
    int spacing;           /* blank lines between presented commands;
                              plots taller by half a plot per step */
    const char *const *allow_write; /* --allow-write folders (borrowed) */
    size_t n_allow_write;
    struct record *rec;    /* `record FILE.md` going on, or NULL */
    int presenting;        /* presenter mode: a class answers an ask
                              aloud, and Enter reveals the answer */
    int replaying;         /* presenter mode is running the script again
                              to go back: files are not written again
                              (sess_write_file) */
    /* `> FILE.svg` on a command that draws through cmd_draw (image show,
       show unit, predict, softmax): its pictures go there, the second to
       FILE-2.svg ...; the interpreter clears it after the command */
    char svg_to[4096];
    int svg_count;             /* pictures written to it so far */
    sess_picture_fn picture;   /* the JSON front end's hooks (above); */
    sess_svg_fn svg_picture;
    sess_progress_fn progress_line; /* NULL: text on the terminal */
    sess_error_fn on_error;
    void *front_ctx;           /* their ctx */

    /* the error being reported */
    char err[512];
    size_t err_col;        /* column of the bad token, SIZE_MAX if none */
    size_t err_len;        /* bytes to underline */
};

/* A fresh session printing through o (borrowed). NULL on out of memory. */
sess *sess_new(out *o);

/* Frees the session; NULL is fine. */
void sess_free(sess *s);

/* Puts the neuron, seed, settings and training figures back to their
 * start values; keeps the sink, the script chain and front-end hooks.
 * Returns CMD_ERR (and changes nothing) on out of memory. */
int sess_reset(sess *s);

/* Records an error for the interpreter to print: a message (printf style,
 * lower case, no command name) and the column and length of the token to
 * underline (col SIZE_MAX when no token is to blame). Returns CMD_ERR. */
int sess_fail(sess *s, size_t col, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Records a lexer or parser error. Returns CMD_ERR. */
int sess_fail_lex(sess *s, const lex_error *e);

/* The name a script read from standard input goes by (batch.c): its
 * lines are reported as <stdin>:N, and it writes as a script whose folder
 * is the current one. */
#define SESS_STDIN "<stdin>"

/* The name presenter mode's live command (':') runs a line under, as a
 * script of one line: "live". Compared by address, so tune, which a
 * script may not open, knows the teacher typed it. */
extern const char sess_live[];

/* Writes a file for a command (save, plot > f.svg, record): files_write,
 * whole or not at all; returns 0, or -1 with why filled. While the
 * session is replaying (presenter mode going back runs the script again
 * up to the command before), nothing is written and 0 is returned: the
 * command wrote its file when it ran live, and the replay, which rebuilds
 * the session in memory, must not write it again. */
int sess_write_file(const sess *s, const files_rule *rule,
                    const char *path, const char *data, size_t len,
                    char *why, size_t whycap);

/* Shows the progress line of a long run (s->progress on): redrawn in
 * place on the terminal ("\r" then the line), or handed to the front
 * end's progress_line hook. printf style, one line without newline. */
void sess_progress(sess *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Takes the progress line away (the terminal's line is cleared). */
void sess_progress_end(sess *s);

/* The script being run (the innermost `run`), or NULL at the prompt. */
const char *sess_script(const sess *s);

/* Where a file name given to a reading command (run, load, data load,
 * data mnist DIR) points: beside the running script first, then from the
 * current folder (files_near). When both folders have a file of that
 * name, a note on the err channel says which one is used. Writes the
 * name to found and returns it. */
const char *sess_find_file(sess *s, const char *path, char *found,
                           size_t cap);

/* 1 when the front end's interrupt flag is set (Ctrl-C). */
int sess_interrupted(const sess *s);

/* The hook through which an engine loop (evaluation, inflating) asks
 * sess_interrupted; it stays valid as long as s. The engine then returns
 * NN_EINTR, which nn_strerror calls "interrupted". */
nn_stop *sess_stop(sess *s);

/* Formats v as the session prints numbers: 4 decimals with trailing zeros
 * dropped (0.7311, 1, -0.2), scientific when that would hide it (2.776e-17,
 * 1.5e12), or `digits N` significant digits; nan and inf as such, -0 as 0.
 * Writes into buf (at least 32 bytes) and returns it. */
char *sess_num(const sess *s, double v, char *buf);  // s may be NULL

/* Formats v for a column of numbers (a table, a training row), where one
 * format must hold down the column: as sess_num, but never scientific for
 * a small value: 4 decimals with trailing zeros dropped, and a value that
 * is not 0 but rounds to it shows as 0.0000 or -0.0000 (so -4.74e-5 is
 * -0.0000 above -0.0001). `digits N` and values past 1e9 as sess_num. */
char *sess_num_col(const sess *s, double v, char *buf);  // s may be NULL

/* Formats v with the fewest significant digits that read back as exactly
 * v (up to 17): 0.1 -> "0.1", pi -> "3.141592653589793". For text that
 * must rebuild a value (definitions made by fit, saved sessions). buf
 * holds at least 32 bytes. */
char *sess_num_exact(double v, char *buf);

/* v with `digits` significant digits (%g), exponent tidied (6e-5), nan,
 * inf and -0 as sess_num prints them. */
char *sess_num_sig(double v, int digits, char *buf);

/* Parses an expression from lx with the session's names (x1, w1, b, z, a,
 * epochs, ...); allow_x as in parse_names. Returns 0 with *prog set, or
 * CMD_ERR with the error recorded. */
int sess_parse(sess *s, lexer *lx, int allow_x, nn_expr **prog);

/* 1 when name[0..len) is one of the session's names (b, z, a, x3, w1,
 * loss, ...), whether or not it has a value yet. */
int sess_has_name(const char *name, size_t len);

/* The environment evaluating session programs at x needs: session names,
 * definitions (ctx is s) and the interrupt flag (sess_stop). */
void sess_env(sess *s, double x, nn_expr_env *env);

/* Evaluates e at x. Returns 0 with *v set, or CMD_ERR with the error
 * recorded at col (a name without a value: "z has no value yet..."). */
int sess_eval(sess *s, const nn_expr *e, double x, size_t col, double *v);

#endif
