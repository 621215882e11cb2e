/*
 * record.h - a session written down as Markdown a teacher can hand out:
 * `record lesson.md` ... `record stop`.
 *
 * While recording, the sink's tee (out_tee) copies everything printed;
 * the interpreter hands each line it runs to record_line, which closes
 * the output of the line before as a ```text block and adds the line to
 * a ```neuron block (lines without output share one block). Each plot
 * (record_plot) is also written as an SVG file beside the Markdown,
 * lesson-1.svg, lesson-2.svg, ..., and linked: ![plot](lesson-1.svg).
 * The Markdown is written whole at `record stop`, or at the end of the
 * session with a note (record_end). While the session replays a script
 * (s->replaying, presenter mode going back) neither the Markdown nor the
 * SVG files are written: the recording is rebuilt in memory only.
 * Ownership: the session owns the recorder (s->rec); record_free frees
 * it without writing anything.
 */
#ifndef NEURON_INTERP_RECORD_H
#define NEURON_INTERP_RECORD_H

#include <stddef.h> /* size_t */

#include "files.h" /* files_rule: where the handout may be written */
#include "sess.h" /* sess, CMD_OK, CMD_ERR */

struct plot;
typedef struct record record;

/* Starts recording into the file `target` (already allowed by the write
 * rule, which so also allows the SVG files beside it; `rule` is kept, and
 * every write of the recording checks it again): its folder must exist
 * and it must not be a folder. Turns the sink's tee on. CMD_OK, or
 * CMD_ERR with the error recorded (already recording, no such folder, out
 * of memory). */
int record_start(sess *s, const char *target, const files_rule *rule);

/* Writes the Markdown atomically and stops. `by_command` is 1 for
 * `record stop`, whose own line is left out of the Markdown. On a failed
 * write the recording goes on (to try again) and CMD_ERR is returned with
 * the error recorded. Prints what was written. */
int record_stop(sess *s, int by_command);

/* At the end of the session (quit, end of input, end of the scripts):
 * a recording still going is written with a closing note, and a note is
 * printed. CMD_OK when there was none or it was written; CMD_ERR after
 * printing why not. */
int record_end(sess *s);

/* The interpreter is about to run line[0..len) (a newline at the end is
 * ignored). Nothing happens when not recording. */
void record_line(sess *s, const char *line, size_t len);

/* A plot was just shown: when recording, writes it as the next SVG file
 * (width x height) and links it after the output so far. A file that
 * cannot be written is a warning, not an error. */
void record_plot(sess *s, const struct plot *p, int width, int height);

/* Before a picture that record_plot will write: what the command printed
 * so far goes to the handout, so that the picture's own text (braille)
 * can be left out of it, the SVG standing in its place. */
void record_plot_begin(sess *s);

/* Presenter mode prints text of its own between the commands (the
 * prompt and the command shown as typed, narration, spacing): a handout
 * must hold what the commands printed, as a plain run of the script
 * records it, and none of that. record_aside_start settles what was
 * printed so far as the output of the lines before; record_aside_end
 * leaves out what was printed since. Nothing happens when not
 * recording. */
void record_aside_start(sess *s);
void record_aside_end(sess *s);

/* Makes `to` the session's sink (s->o = to), taking a recording going on
 * along: what the old sink's tee copied becomes the output of the lines
 * before, and the tee of `to` starts empty, on only while recording. For
 * presenter mode, whose replay (going back) runs the script into a sink
 * that prints nowhere, then hands the session back to the terminal's. */
void record_move(sess *s, out *to);

/* "lesson.md (3 commands so far)" into buf, or "" when not recording. */
void record_status(const sess *s, char *buf, size_t cap);

/* Frees a recorder without writing; NULL is fine. */
void record_free(record *r);

#endif
