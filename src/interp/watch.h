/*
 * watch.h - watching training happen: `train N --watch`, `watch on|off`.
 *
 * The training loops (cmd_train.c, cmd_net.c) report their progress here
 * after each epoch and, for a network, after each batch; this module
 * decides what the picture is for the model and the data, and when to
 * draw it, on the live view (live.h). What it shows:
 *   - 2-D data: boundary's regions and line(s) over the points, the loss
 *     after each epoch, and a neuron's weights and bias as bars;
 *   - a 1-D curve (data fn): the target's points and the model's curve,
 *     a ReLU network's hinges marked on it, and the loss;
 *   - images: the loss and the accuracy as training goes;
 *   - anything else: the neuron's weights and bias, and the loss;
 * always under a status line: epoch, loss, accuracy, rate.
 * On a terminal, `train` redraws the view in place, at most 20 frames a
 * second; the training's own rows give way to it, and the last frame
 * stays. Elsewhere (a script, a pipe, a handout, the JSON front end) and
 * after `epoch` and `step`, only the final frame is printed: the output
 * stays the same from run to run. `train N --watch > FILE.svg` writes the
 * frames as an animated SVG instead (SMIL, no script).
 * Ownership: the watch belongs to the session (s->watch) from
 * watch_begin to watch_end.
 */
#ifndef NEURON_INTERP_WATCH_H
#define NEURON_INTERP_WATCH_H

#include <stddef.h> /* size_t */

#include "cmd.h"  /* cmd_word: watch's rows */
#include "sess.h" /* sess */

/* Frames an animated SVG holds at most, besides the first and last. */
#define WATCH_SVG_FRAMES 40

/* Seconds each frame of the animated SVG shows. */
#define WATCH_SVG_SECONDS 0.2

/* Rows a final frame in place leaves under it: a closing line, an
 * error of two lines, the prompt. */
#define WATCH_BELOW 4

/* Rows of the final frame printed where there is no terminal. */
#define WATCH_PRINT_ROWS 24

/* How a command is watched. */
typedef enum watch_how {
    WATCH_LIVE,   /* train: frames in place on a terminal, then the last */
    WATCH_AFTER   /* epoch, step: the frame after the command's output */
} watch_how;

/* The session's setting (s->tr.watch). */
enum { WATCH_OFF, WATCH_ON, WATCH_SLOWLY };

/* watch's rows: on, off (ROW_ON, ROW_OFF as trace's), slow. */
const cmd_word *cmd_watch_word(size_t i);

/* `watch on|off|slow`. CMD_OK or CMD_ERR. */
int cmd_watch(sess *s, const cmd_args *a);

/* Starts watching a run of `epochs` epochs when it was asked for (asked:
 * train's --watch) or the session watches every run (watch on); else
 * does nothing. svg: "" or the file the frames go to as an animated SVG
 * (checked against the write rule now, before anything is trained). Call
 * it once the run is sure to start: the first frame comes with the first
 * report. 0, or CMD_ERR (out of memory, a file that may not be written)
 * with nothing started. */
int watch_begin(sess *s, int asked, watch_how how, size_t epochs,
                const char *svg);

/* 1 while a run is watched: its loops print no rows, the view shows
 * what they would. */
int watch_active(const sess *s);

/* 1 while the view is drawn in place on the terminal: nothing else may
 * write there (a progress line would land in the picture). */
int watch_drawing(const sess *s);

/* An epoch ended (the session's names hold its figures): a frame when
 * one is due. */
void watch_epoch(sess *s);

/* A network's batch ended: `seen` of `count` samples of the epoch done,
 * with the epoch's mean loss and accuracy so far. A frame when due. */
void watch_batch(sess *s, size_t seen, size_t count, double loss,
                 double accuracy);

/* What watch_end returns when the run went well but its SVG could not
 * be written (the error recorded): the command then takes the run back,
 * as a failed command changes nothing. */
#define WATCH_FAILED (-2)

/* Ends the watch, whatever the run's result rc: the final frame (left on
 * the terminal, or printed), the animated SVG written. Nothing when no
 * run is watched; safe to call twice. Returns rc, or WATCH_FAILED when rc
 * was CMD_OK and the SVG could not be written. */
int watch_end(sess *s, int rc);

#endif
