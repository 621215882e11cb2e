/*
 * plot.h - one plotting module for every picture neuron draws.
 *
 * A plot is a description (line series, scatter points by class, marked
 * points, filled regions, a bar chart, a grey-scale image) rendered either
 * onto a character canvas in the terminal (Unicode braille, or plain
 * ASCII) or as an SVG document for slides. Commands build a plot, render
 * it, and free it; later features (decision boundaries, probabilities,
 * digits and weights) reuse the same calls.
 * Ownership: plot_new returns a plot the caller frees with plot_free; the
 * plot copies every array and string it is given.
 */
#ifndef NEURON_INTERP_PLOT_H
#define NEURON_INTERP_PLOT_H

#include <stddef.h> /* size_t */

#include "out.h" /* out: width, colour, ascii, where text goes */

/* Largest number of series, points per series (and bars), image pixels
 * and marked points. */
#define PLOT_MAX_SERIES 16
#define PLOT_MAX_POINTS 1000000
#define PLOT_MAX_PIXELS (1000 * 1000)
#define PLOT_MAX_MARKS 16

typedef struct plot plot;

/* Says to which class (0, 1, ...; -1 for none) the point (x, y) belongs;
 * used to fill regions. */
typedef int (*plot_classify_fn)(void *ctx, double x, double y);

/* An empty plot. NULL on out of memory. */
plot *plot_new(void);

/* Frees the plot; NULL is fine. */
void plot_free(plot *p);

/* Title above the plot and axis labels; NULL or "" for none. Copied.
 * Return 0, or -1 on out of memory. */
int plot_title(plot *p, const char *title);
int plot_labels(plot *p, const char *xlabel, const char *ylabel);

/* Fixes an axis range (lo < hi, both finite); otherwise the range comes
 * from the data, with the y axis padded a little. */
void plot_xrange(plot *p, double lo, double hi);
void plot_yrange(plot *p, double lo, double hi);

/* Puts x ticks on whole numbers only (epochs, counts). */
void plot_integer_x(plot *p);

/* Adds a line series: n points (x[i], y[i]) joined in order; a
 * non-finite y breaks the line. Returns 0, or -1 (out of memory, too many
 * series or points). On a bar chart or an image, a series (or a mark)
 * makes the plot a plot of series again, dropping the bars or image. */
int plot_line(plot *p, const char *label, const double *x, const double *y,
              size_t n);

/* 1 when the plot holds PLOT_MAX_SERIES series: another cannot be added
 * (so a failing plot_line on a plot that is not full ran out of memory). */
int plot_full(const plot *p);

/* Adds scatter points of class cls (0, 1, ...: each class its own colour
 * and glyph, e.g. 'o' and 'x'). Returns 0 or -1. */
int plot_points(plot *p, const char *label, const double *x,
                const double *y, size_t n, int cls);

/* Marks one point with a distinct glyph and a label ("z = 1"). 0, or -1
 * (out of memory, more than PLOT_MAX_MARKS marks). */
int plot_mark(plot *p, double x, double y, const char *label);

/* Fills the background by class: classify is called for each cell (text)
 * or each small square (SVG) during rendering. ctx is borrowed and must
 * outlive the rendering. Class c is shaded in a light version of class
 * c's point colour. */
void plot_regions(plot *p, plot_classify_fn classify, void *ctx);

/* Makes this a bar chart of n values (labels[i] under bar i), replacing
 * any series. The y range, when set, is the bars' scale (0 to 1 for
 * probabilities); else the largest |value|. 0 or -1. */
int plot_bars(plot *p, const char *const *labels, const double *values,
              size_t n);

/* Makes this a grey-scale image of rows x cols values, row-major
 * (pixels[r*cols + c]). With signed_scale 0 values run from 0 (blank) to
 * 1 (full); with 1 negatives and positives get two colours (or two glyph
 * ramps without colour), scaled by the largest |value|. 0 or -1. */
int plot_image(plot *p, const double *pixels, size_t rows, size_t cols,
               int signed_scale);

/* Draws the plot as text through o, using its width (the plot fills it),
 * colour (one colour per series) and ascii setting (braille dots when
 * Unicode, '*' '+' 'o' 'x' ... when ASCII). `height` is the number of text
 * rows of the drawing area (0 for a default that suits the width). Axes
 * have tick labels; a legend names each series with its colour/glyph. */
void plot_render_text(const plot *p, out *o, int height);

/* Writes the plot as a standalone SVG document (UTF-8, XML-escaped
 * labels) into a malloc'ed buffer: *svg and *len, caller frees. Width and
 * height in pixels (e.g. 640 x 400), clamped to [160, 4000] and
 * [120, 4000]. Returns 0, or -1 on out of memory. */
int plot_render_svg(const plot *p, int width, int height, char **svg,
                    size_t *len);

/* Writes a confusion matrix as a standalone SVG document: n classes
 * named names[k], conf[true * n + answer] counts, a cell each, shaded by
 * the share of its row (right answers green, wrong ones red), the count
 * written in it. *svg (malloc'ed, caller frees) and *len, with the
 * picture's size in pixels in *width and *height. 0, or -1 on out of
 * memory. */
int plot_confusion_svg(const char *title, const char *const *names,
                       const size_t *conf, size_t n, char **svg, size_t *len,
                       int *width, int *height);

#endif
