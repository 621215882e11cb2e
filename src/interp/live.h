/*
 * live.h - a live view: plots and lines of text drawn as one frame that
 * fits the terminal, redrawn in place while something runs.
 *
 * A frame is a few text lines (a status line, fire's arithmetic) above
 * up to LIVE_MAX_PLOTS plots, laid out side by side when the terminal is
 * wide enough, else one under the other, sized to the terminal's width
 * and height, read again for every frame (a resized window is followed).
 * On a terminal each frame is written in one write: the cursor homed,
 * every line overwritten and cleared to its end, the rest of the screen
 * cleared, the cursor hidden meanwhile. No curses: the escape sequences
 * the REPL already relies on (VT100) are enough. The frames are throttled
 * by a clock (LIVE_INTERVAL, 20 a second at most), and the last one stays
 * on the screen when the view ends. The view restores the terminal on
 * every way out: its end, Ctrl-Z (and fg, which draws the frame again),
 * SIGTERM and SIGHUP. Off a terminal the caller prints one frame at a
 * fixed size with live_print: the same text, no escape codes.
 * Users: `train --watch` (watch.c) and `tune`.
 * Ownership: live_new returns a view the caller frees with live_free; the
 * sink stays the caller's, and the plots of a frame are borrowed for the
 * call that draws it.
 */
#ifndef NEURON_INTERP_LIVE_H
#define NEURON_INTERP_LIVE_H

#include <stddef.h>  /* size_t */
#include <termios.h> /* struct termios: modes a view that reads keys holds */

#include "out.h"  /* out: where frames go, with its colour and ascii */
#include "plot.h" /* plot: what a frame shows */

/* Plots and text lines a frame holds at most. */
#define LIVE_MAX_PLOTS 4
#define LIVE_MAX_LINES 16

/* Seconds between frames at most: 20 frames a second. */
#define LIVE_INTERVAL 0.05

/* The narrowest plot worth drawing, and the fewest rows of its drawing
 * area: plots one above the other that would get fewer give way. */
#define LIVE_PLOT_COLS 34
#define LIVE_MIN_AREA 5

/* Columns between plots side by side. */
#define LIVE_GAP 2

/* What one frame shows: text lines first (no newline in them; escape
 * codes and control bytes are not allowed), then the plots, the most
 * important first (a terminal too small for all drops the last). */
typedef struct live_frame {
    const char *line[LIVE_MAX_LINES];
    size_t nlines;
    const plot *plot[LIVE_MAX_PLOTS];
    size_t nplots;
} live_frame;

/* The clock test of the frame rate: a frame is due when `interval`
 * seconds have passed since the last one drawn (or none was). Plain
 * data: the caller fills interval and zeroes the rest. */
typedef struct live_throttle {
    double interval;  /* seconds between frames at least */
    double last;      /* when the last frame was drawn */
    int started;      /* a frame was drawn */
} live_throttle;

typedef struct live live;

/* ---- the view ---- */

/* A view drawing through o (borrowed), in o's colour and ascii setting.
 * NULL on out of memory. */
live *live_new(out *o);

/* Ends the view (live_end) and frees it; NULL is fine. */
void live_free(live *v);

/* 1 when o's out channel is a terminal of known size: frames can be drawn
 * in place (live_draw); else the caller prints one (live_print). */
int live_on_terminal(const live *v);

/* 1 when a frame is due now: LIVE_INTERVAL has passed since the last,
 * or the window was resized, or the process came back from Ctrl-Z (the
 * shell wrote over the frame). Costs a clock read: a loop that reports
 * every sample asks only every so many (watch.c). */
int live_due(live *v);

/* Draws frame f in place, filling the terminal as it is now (one column
 * and one row are left free, so nothing scrolls). The first frame makes
 * room by scrolling the screen's old text into the scrollback, hides the
 * cursor and installs the signal guard. 0, or -1 on out of memory (the
 * frame is not drawn). */
int live_draw(live *v, const live_frame *f);

/* Draws the last frame of a view in place as live_draw does, but
 * `below` rows shorter, so that the words printed after it (a closing
 * line, the prompt) leave it whole on the screen. 0 or -1. */
int live_draw_final(live *v, const live_frame *f, int below);

/* For a view that reads keys in raw mode (tune): the guard then also
 * puts the terminal fd back in `before` mode on SIGTERM, SIGHUP and
 * Ctrl-Z, and in `during` mode again after fg. live_end does not touch
 * the modes: the caller restores `before` itself on its way out. Both
 * are copied. */
void live_hold_modes(live *v, int fd, const struct termios *before,
                     const struct termios *during);

/* Ends a view that drew in place: the cursor goes below the last frame,
 * which stays on screen, and is shown; the signals are as before. Safe
 * to call when nothing was drawn, and twice. */
void live_end(live *v);

/* Prints frame f as plain text, width x height at most, through the
 * sink's out channel, a newline after each line: the one frame drawn
 * when the output is not a terminal. 0, or -1 on out of memory. */
int live_print(live *v, const live_frame *f, int width, int height);

/* ---- the parts, for tests and for other views ---- */

/* Lays frame f out in width x height cells and writes its lines, '\n'
 * between them (none after the last), into *text (malloc'ed, caller frees
 * it; *len bytes, NUL-terminated) and their count into *rows: at most
 * `height` lines of at most `width` columns each (escape codes take no
 * column). Colour and ascii come from the view's sink. 0, or -1 on out
 * of memory. */
int live_compose(live *v, const live_frame *f, int width, int height,
                 char **text, size_t *len, int *rows);

/* The columns line[0..len) takes on screen: UTF-8 characters one each,
 * escape sequences (ESC [ ... final byte) none. */
int live_columns(const char *line, size_t len);

/* 1 when a frame is due at time now (seconds, any fixed origin), and
 * then now is remembered as the last frame's time; else 0. */
int live_throttle_due(live_throttle *t, double now);

/* The monotonic clock in seconds. */
double live_now(void);

#endif
