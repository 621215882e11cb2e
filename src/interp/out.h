/*
 * out.h - the one output sink every command prints through.
 *
 * Two channels, out (results) and err (errors, warnings), written either to
 * the descriptors of two stdio streams (the front ends) or to memory (the
 * tests, which compare what a command printed). Writes are retried when a
 * signal interrupts them, so Ctrl-C never silences the sink. The sink also carries how to print: the width, colour
 * on or off, and plain ASCII instead of Unicode drawing.
 * Ownership: the caller creates the sink and frees it with out_free; the
 * streams of out_new_stdio stay the caller's.
 */
#ifndef NEURON_INTERP_OUT_H
#define NEURON_INTERP_OUT_H

#include <stdarg.h> /* va_list */
#include <stddef.h> /* size_t */
#include <stdio.h>  /* FILE: the front end's streams */

typedef enum out_chan { OUT_OUT, OUT_ERR } out_chan;

/* Colours, used only when the sink's colour is on. */
typedef enum out_color {
    OUT_PLAIN, OUT_BOLD, OUT_RED, OUT_GREEN, OUT_YELLOW, OUT_BLUE,
    OUT_MAGENTA, OUT_CYAN, OUT_DIM
} out_color;

typedef struct out out;

/* A sink writing to the descriptors of the streams o and e (flushed
 * first; not closed by out_free), with buffers of its own: the out channel
 * is written out by lines on a terminal, else when full or at out_flush;
 * the err channel at once. Width 72, no colour, Unicode drawing until set
 * otherwise. NULL on out of memory. */
out *out_new_stdio(FILE *o, FILE *e);

/* A sink collecting both channels in memory, for tests. NULL on OOM. */
out *out_new_memory(void);

/* Frees the sink; NULL is fine. */
void out_free(out *o);

/* Settings. Width is clamped to [20, 1000]. */
void out_set_width(out *o, int width);
int out_width(const out *o);
/* The terminal's height in rows, which pictures keep within (a plot, a
 * digit with its bars): 0, the default, when output is not a terminal
 * and nothing limits them. Clamped to [8, 1000]. */
void out_set_height(out *o, int rows);
int out_height(const out *o);
void out_set_color(out *o, int on);
int out_color_on(const out *o);
void out_set_ascii(out *o, int on);
int out_ascii(const out *o);

/* Writes len bytes to a channel. */
void out_write(out *o, out_chan ch, const char *s, size_t len);

/* printf to the out channel / the err channel. */
void out_printf(out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void out_eprintf(out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void out_vprintf(out *o, out_chan ch, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* Decodes the UTF-8 sequence at str (at most n bytes): its length, with
 * the code point in *cp, or 0 when it is not valid UTF-8 (overlong forms,
 * surrogates and truncated sequences included). */
size_t out_utf8_decode(const char *str, size_t n, unsigned *cp);

/* Writes s[0..len) so that it can never drive the terminal: control
 * bytes and invalid UTF-8 come out as \xNN, \r as \r, tab kept. */
void out_escaped(out *o, out_chan ch, const char *s, size_t len);

/* Writes text (one line, no colour codes) and a newline, broken at
 * spaces into lines of at most the sink's width; continuation lines start
 * with `indent` spaces. A word wider than the room left is cut. */
void out_wrap(out *o, out_chan ch, const char *text, size_t indent);

/* Writes s[0..len) escaped as out_escaped does, wrapped as out_wrap
 * does, then a newline; `used` columns are on the line already (a prefix
 * such as "question: " or "x.neuron:3: error: "). */
void out_wrap_escaped(out *o, out_chan ch, const char *s, size_t len,
                      size_t used, size_t indent);

/* Whether errors are wrapped at the width (out_wrap_escaped) or kept on
 * one line, as a compiler's are, for editors and grep: on when the err
 * channel is a terminal (out_new_stdio), off in memory sinks until set. */
void out_set_wrap_errors(out *o, int on);
int out_wrap_errors(const out *o);

/* Escape sequence starting colour c, or "" when colour is off; and the one
 * ending it. */
const char *out_on(const out *o, out_color c);
const char *out_off(const out *o);

/* Picks the Unicode or the ASCII form of a drawing character. */
const char *out_glyph(const out *o, const char *unicode, const char *ascii);

/* Memory sinks: the text written to a channel so far (NUL-terminated,
 * valid until the next write) and clearing it. Stdio sinks give "". */
const char *out_text(const out *o, out_chan ch);
void out_clear(out *o);

/* 1 when a memory sink dropped text of channel ch for want of memory
 * (since the last clear): out_text then holds only part of it. */
int out_text_lost(const out *o, out_chan ch);

/* The tee, for `record`: while on, everything written to either channel
 * is also copied, in order, into a memory buffer. out_tee_text gives the
 * copy so far (NUL-terminated, *len bytes; valid until the next write),
 * or NULL when memory ran out and text was lost since the last clear;
 * out_tee_clear empties it. Turning the tee off frees the copy. In the
 * copy, OUT_TEE_ERR marks where text of the err channel starts and
 * OUT_TEE_OUT where the out channel's starts again (a handout shows
 * errors as errors); printed text holds no such control byte, as what
 * a user typed reaches the sink escaped (out_escaped). */
#define OUT_TEE_ERR "\x01"
#define OUT_TEE_OUT "\x02"
void out_tee(out *o, int on);
const char *out_tee_text(const out *o, size_t *len);
void out_tee_clear(out *o);

/* 1 once a write to a stream failed (disk full, closed pipe); errno of the
 * first failure in *err_no. Checked by main at exit. */
int out_failed(const out *o, int *err_no);

/* Writes out what the out channel holds (before reading from the
 * terminal, and at exit); returns 0 or -1 when a write failed. */
int out_flush(out *o);

/* A live view's frame (live.h): what the out channel holds is written
 * first, then s[0..len) in one write, never copied to the tee (`record`
 * keeps what is printed, not the frames drawn over each other). A
 * memory sink appends it to its out text. */
void out_frame(out *o, const char *s, size_t len);

/* The terminal's size when the out channel of a stream sink is a
 * terminal that reports one: 0 with *cols and *rows set, else -1 (a
 * file, a pipe, a memory sink). Read again at each call, so a resized
 * window is seen at once. */
int out_term_size(const out *o, int *cols, int *rows);

/* The descriptor of the out channel (-1 for a memory sink), for the live
 * view's signal guard, which must write from a signal handler. */
int out_fd(const out *o);

#endif
