/*
 * front.h - the front ends: the readline REPL, the batch reader of a
 * non-terminal stdin and presenter mode. All only read lines and hand
 * them to the interpreter (interp_eval_line), like lua.c.
 * Ownership: the session is the caller's.
 */
#ifndef NEURON_FRONT_FRONT_H
#define NEURON_FRONT_FRONT_H

#include <signal.h> /* sig_atomic_t */

#include <stddef.h> /* size_t */

#include "../interp/out.h"  /* out: where json and notebooks write */
#include "../interp/sess.h" /* sess */

/* Set by the SIGINT handler; long computations poll it (sess->interrupted
 * points here). */
extern volatile sig_atomic_t front_interrupted;

/* 1 when the width follows the terminal (no --width, stdout a terminal):
 * the REPL reads it again before each command, so a resized window gets
 * plots that fit. */
extern int front_auto_width;

/* The terminal's width in columns, or 80 when it cannot be read. */
int front_terminal_width(void);

/* The terminal's height in rows (LINES when it cannot be asked), or 0
 * when output is not a terminal: pictures are then not limited. */
int front_terminal_height(void);

/* Installs the SIGINT handler (no SA_RESTART, flag only) and ignores
 * SIGXFSZ, so a write past `ulimit -f` fails with "File too large"
 * instead of killing the session. */
void front_signals(void);

/* The interactive loop on a terminal: prompt, line editing, history in
 * the XDG state folder, Tab completion, Ctrl-C abandons the line. Returns
 * the exit status: 0 at Ctrl-D or `quit`. */
int repl_run(sess *s);

/* Reads commands from a non-terminal stdin with getline (NUL bytes kept,
 * so they can be reported) until end of input, `quit`, or the first error
 * unless keep_going. Returns CMD_OK, CMD_ERR or CMD_EXIT. */
int batch_run(sess *s);

/* pause's hook: waits for Enter on the terminal; -1 at end of input. */
int front_wait_enter(void *ctx);

/* The session's read_line hook (ask, checkpoint; ctx is the session): one
 * line read with readline after prompt, a command (is_command: history,
 * Tab completion) or an answer. Returns it malloc'ed (the caller frees
 * it), or NULL at end of input. */
char *front_read_line(void *ctx, const char *prompt, int is_command);

/* tune's keyboard (tty.c): raw mode, keys as pressed, the modes put
 * back on every way out (see sess_keys). NULL unless stdin and stdout
 * are both a terminal. */
const sess_keys *front_tty_keys(void);

/* Presenter mode, neuron --step FILE (present.c): each command of the
 * script is shown as if typed at the prompt (delay_ms between characters
 * when stdout is a terminal) and, when stdin is a terminal, runs at Enter;
 * `q` quits, `b` goes back one command (the script is run again, silently,
 * in a fresh session up to the command before). Comments and `say` are
 * narration, `pause` only waits, `spacing` blank lines separate commands.
 * Without a terminal it runs the script showing each command, stopping at
 * an error unless keep_going. The script runs in sessions of its own made
 * like proto (sink, settings, hooks); their errors are added to
 * proto->errors_seen. Returns CMD_OK, CMD_ERR or CMD_EXIT (q, quit). */
int present_run(sess *proto, const char *path, int delay_ms);

/* ---- the machine-readable front end (json.c) and notebooks ---- */

/* A growable text buffer; `failed` once memory ran out. Zero it to
 * start; front_buf_free frees it. */
typedef struct front_buf {
    char *data;         /* NUL-terminated; NULL while empty */
    size_t len, cap;
    int failed;
} front_buf;

/* Appends s[0..n) / a C string / s[0..n) as a JSON string literal (quotes
 * included; control bytes escaped, invalid UTF-8 as U+FFFD). */
void front_buf_add(front_buf *b, const char *s, size_t n);
void front_buf_str(front_buf *b, const char *s);
void front_buf_json(front_buf *b, const char *s, size_t n);
void front_buf_free(front_buf *b);

/* neuron --json: requests on stdin, one JSON object (or one plain command
 * line) a line; events on the sink `wire`, one JSON object a line. The
 * session must print into a memory sink. Returns at end of input or
 * `quit`: the exit status, 0. The format is `help json`. */
int json_run(sess *s, out *wire);

/* neuron --notebook LESSON: writes the lesson at path as a Jupyter
 * notebook (nbformat 4) on the sink o: `say` lines become Markdown,
 * commands code cells, ask and checkpoint a Markdown prompt and the cell
 * that checks it. Returns 0, or 1 after printing why on stderr. */
int notebook_write(const char *path, out *o);

#endif
