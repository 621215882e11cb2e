/*
 * plot_impl.h - what the plot files share, private to them.
 *
 * plot.c keeps the description (the struct below) and the helpers both
 * renderers need: data ranges, nice ticks, tick labels, segment clipping,
 * UTF-8 decoding and a growing text buffer. plot_text.c draws series on a
 * character canvas and holds the text helpers, plot_chart.c draws bar
 * charts and images as text, plot_svg.c writes any plot as SVG.
 * Ownership: everything here belongs to the plot; buffers to their user.
 */
#ifndef NEURON_INTERP_PLOT_IMPL_H
#define NEURON_INTERP_PLOT_IMPL_H

#include <stdarg.h> /* va_list */
#include <stddef.h> /* size_t */

#include "plot.h" /* the public API this implements */

/* What the plot is: series on axes, a bar chart or an image. */
enum plot_kind { PLOT_XY, PLOT_BARS, PLOT_IMAGE };

/* One line series (cls < 0) or one class of scatter points (cls >= 0). */
typedef struct plot_series {
    char *label;    /* never NULL; "" when none */
    double *x, *y;  /* (n) each; one allocation starting at x */
    size_t n;
    int cls;        /* -1: a line; else the points' class */
} plot_series;

/* A marked point with its label. */
typedef struct plot_marker {
    double x, y;
    char *label;    /* never NULL */
} plot_marker;

struct plot {
    enum plot_kind kind;
    char *title, *xlabel, *ylabel;      /* NULL when none */
    int fixed_x, fixed_y;               /* 1: the caller gave the range */
    double xlo, xhi, ylo, yhi;          /* the caller's ranges */
    plot_series series[PLOT_MAX_SERIES];
    size_t nseries;
    plot_marker marks[PLOT_MAX_MARKS];
    size_t nmarks;
    plot_classify_fn classify;          /* NULL: no regions */
    void *classify_ctx;
    char **bar_labels;                  /* (nbars), each never NULL */
    double *bar_values;                 /* (nbars) */
    size_t nbars;
    double *pixels;                     /* (rows, cols) row-major */
    size_t rows, cols;
    int signed_scale;
    int integer_x;                      /* x ticks on whole numbers */
};

/* The ranges a rendering uses. has_data is 0 when nothing finite would be
 * drawn (no series points, marks or regions): "(nothing to plot)". */
typedef struct plot_view {
    double xlo, xhi, ylo, yhi;
    int has_data;
} plot_view;

/* The ranges of p's axes: the caller's, or from the finite data (y padded
 * by 5%, x too when there are only points; an empty span widened). */
void plot_view_of(const plot *p, plot_view *v);

/* The scale of a bar chart: the caller's y range, else the largest value
 * on each side of 0 (*pos = 1 when all are 0). */
void plot_bar_scale(const plot *p, double *pos, double *neg);

/* The mean of the finite pixels of the k x k block of the image at
 * (r, q); *ok is 0 (and the mean 0) when none is finite. */
double plot_block_mean(const plot *p, size_t r, size_t q, size_t k,
                       int *ok);

/* 1 when series s has at least one finite point (x and y finite). */
int plot_series_finite(const plot_series *s);

/* Nice ticks on [lo, hi]: steps of 1, 2 or 5 times a power of ten,
 * between min and max of them (nearest to target), each with a label
 * formatted alike ("0.5", "1.0" style: common decimals; -0 as 0). */
#define PLOT_TICKS_MAX 16
typedef struct plot_ticks {
    int n;
    double v[PLOT_TICKS_MAX];
    char label[PLOT_TICKS_MAX][32];
} plot_ticks;
void plot_ticks_make(double lo, double hi, int target, int min, int max,
                     plot_ticks *t);

/* Drops the ticks that are not whole numbers (for plot_integer_x). */
void plot_ticks_whole(plot_ticks *t);

/* A bar's value, as the session prints numbers in a column: 4 decimals,
 * trailing zeros dropped ("0.3", "0.09"), "0.0000" for a value that is
 * not 0 but rounds to it, %.4g when huge; nan, inf, -inf; -0 as 0. buf
 * has 32 bytes. */
void plot_fmt_value(double v, char *buf);

/* Clips the segment (x0,y0)-(x1,y1) to [0,w] x [0,h] (Liang-Barsky).
 * Returns 0 when nothing of it is inside, else 1 with the ends moved. */
int plot_clip(double *x0, double *y0, double *x1, double *y1, double w,
              double h);

/* A growing text buffer; oom is set once an append failed (then the text
 * is incomplete and the caller reports out of memory). */
typedef struct plot_buf {
    char *data;     /* NUL-terminated when not NULL */
    size_t len, cap;
    int oom;
} plot_buf;
void plot_buf_add(plot_buf *b, const char *s, size_t len);
void plot_buf_puts(plot_buf *b, const char *s);
void plot_buf_printf(plot_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The start of a diagram's SVG document (show, show network, show
 * biology): its root, width x height pixels, sans-serif, an arrow head
 * (marker-end="url(#arrow)") and a white background. */
void plot_svg_diagram_begin(plot_buf *b, int width, int height);

/* Text rendering (plot_text.c): s as one cell a character shows it,
 * at most maxw columns (cut with an ellipsis); returns the columns used.
 * Controls, invalid UTF-8, characters not one column wide and, in ASCII,
 * all non-ASCII come out as '?'. */
int plot_label_put(plot_buf *b, const char *s, int ascii, int maxw);
int plot_label_width(const char *s);   /* columns s takes as shown */
void plot_pad(plot_buf *b, int n);     /* n spaces */
void plot_flush_line(plot_buf *b, out *o); /* b, newline; empties b */
/* The title, if any, centred over span columns. */
void plot_emit_title(const plot *p, out *o, int span, plot_buf *b);

/* Bar charts and images as text (plot_chart.c). */
void plot_text_bars(const plot *p, out *o);
void plot_text_image(const plot *p, out *o);

#endif
