/*
 * interp.h - the interpreter's entry points, all a front end needs.
 *
 * A front end reads lines and hands each to interp_eval_line; scripts run
 * through interp_run_file. Both print through the session's sink and
 * return CMD_OK, CMD_ERR or CMD_EXIT.
 * Ownership: lines and buffers are borrowed for the call.
 */
#ifndef NEURON_INTERP_INTERP_H
#define NEURON_INTERP_INTERP_H

#include <stddef.h> /* size_t */

#include "sess.h" /* sess */

/* Runs one line (len bytes; it may hold NUL bytes, which are an error, and
 * need not end in a newline): comments, `;`-separated commands, an
 * expression to print. `where` names the script and line, or has file NULL
 * at the prompt. Errors are printed, counted in s->errors_seen, and give
 * CMD_ERR; `quit` gives CMD_EXIT. */
int interp_eval_line(sess *s, const char *line, size_t len,
                     sess_where where);

/* Runs the script in buf[0..len), named `name` for messages: line by line,
 * a UTF-8 BOM skipped, stopping at the first error unless keep_going.
 * Each line runs with s->next_line set to the line after it (ask reads its
 * hint there); with s->echo on, each line is echoed first (interp_echo).
 * Returns CMD_OK, CMD_ERR (some line failed) or CMD_EXIT. */
int interp_run_buffer(sess *s, const char *name, const char *buf,
                      size_t len);

/* Reads the script at path into *buf (len bytes; the caller frees it),
 * refusing binary files, as `run` does. Returns 0, or CMD_ERR with the
 * error recorded (for interp_report). */
int interp_read_script(sess *s, const char *path, char **buf, size_t *len);

/* The prompt, and the one before the rows of an image block: the REPL
 * shows them, and so do echoed and presented scripts. */
#define INTERP_PROMPT "neuron> "
#define INTERP_MORE   "   ...> "

/* When line (len bytes) holds a command (anything but blanks and a
 * comment, or a row of an open image block), prints it after the prompt
 * (INTERP_MORE in the block), escaped, its newline dropped, as if typed:
 * what `echo on` shows before a command's output. */
void interp_echo(sess *s, const char *line, size_t len);

/* Reads the file `path` and runs it as interp_run_buffer does, refusing
 * binary files and nesting past SESS_MAX_RUN_DEPTH or a cycle. Errors about
 * the file itself are printed like any other. */
int interp_run_file(sess *s, const char *path);

/* The installed lesson a name gives, as `lesson NAME` finds it (its
 * number, or a word of its title): its path in path (cap bytes). 0, or
 * CMD_ERR with the error recorded (interp_report shows it). */
int interp_lesson_path(sess *s, const char *name, char *path, size_t cap);

/* Prints an error recorded in the session (sess_fail) with its location:
 * "file:line: error: CMD: message" in a script, a caret under the token at
 * the prompt. `name` (the command) may be NULL. Counts it in s->errors_seen. */
void interp_report(sess *s, const char *name);

/* At the end of a script or of stdin: an image block still open is an
 * error ("expected 5 rows, got 3 before the end of the input"). CMD_OK or
 * CMD_ERR (recorded; already reported when err is empty). */
int image_end_of_input(sess *s);

/* Ctrl-C while an image block is open: leaves it, the image not defined.
 * CMD_OK when no block was open (or it had failed already, which was
 * said), else CMD_ERR with the error recorded (for interp_report). */
int image_block_leave(sess *s);

/* Tab completion, from the command table and its rows. What completes
 * at byte `start` of line: nothing, file names, or the words
 * interp_complete_word gives (command names, a command's first word:
 * its rows, activations...). */
typedef enum interp_cmpl {
    INTERP_CMPL_NONE, INTERP_CMPL_WORDS, INTERP_CMPL_FILES
} interp_cmpl;
interp_cmpl interp_complete_at(const char *line, size_t start);

/* The i-th word that may stand where interp_complete_at was last asked,
 * or NULL past the last; a word may be written into buf (cap bytes). */
const char *interp_complete_word(size_t i, char *buf, size_t cap);

#endif
