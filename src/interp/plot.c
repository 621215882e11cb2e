/*
 * plot.c - the plot description, and the arithmetic both renderers share.
 *
 * A plot is plain data: copied series, marks, a classify callback, bars or
 * an image. Nothing is drawn until plot_render_text (plot_text.c) or
 * plot_render_svg (plot_svg.c) is called, so one description serves the
 * terminal and the slide alike. The shared parts live here:
 *
 *   - ranges: the caller's, or the finite data's. y is padded by 5% (and
 *     x too when the plot has only scatter points, so no point sits on an
 *     axis); an empty span [v, v] is widened to v -/+ max(1, |v|/10).
 *   - ticks: steps of 1, 2 or 5 times a power of ten, labelled alike
 *     ("0.5", "1.0", "1.5"), -0 written as 0, formatted with snprintf,
 *     which never sees a locale (neuron never sets LC_NUMERIC).
 *   - clipping: every segment is clipped to the drawing area in doubles
 *     before it is stepped dot by dot, so a value of 1e300 costs nothing.
 *
 * Bars and images replace the plot's series; a series added later makes
 * it a plot of series again (dropping the bars or image).
 */
#include "plot_impl.h"
#include "../engine/mem.h"  /* nn_malloc: allocations a test can fail */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ============================ description ============================ */

plot *plot_new(void)
{
    return nn_calloc(1, sizeof(plot));
}

static void clear_series(plot *p)
{
    for (size_t i = 0; i < p->nseries; i++) {
        free(p->series[i].label);
        free(p->series[i].x);
    }
    p->nseries = 0;
    for (size_t i = 0; i < p->nmarks; i++)
        free(p->marks[i].label);
    p->nmarks = 0;
}

static void clear_bars_image(plot *p)
{
    for (size_t i = 0; i < p->nbars; i++)
        free(p->bar_labels[i]);
    free(p->bar_labels);
    free(p->bar_values);
    free(p->pixels);
    p->bar_labels = NULL;
    p->bar_values = NULL;
    p->pixels = NULL;
    p->nbars = p->rows = p->cols = 0;
    p->kind = PLOT_XY;
}

void plot_free(plot *p)
{
    if (!p)
        return;
    clear_series(p);
    clear_bars_image(p);
    free(p->title);
    free(p->xlabel);
    free(p->ylabel);
    free(p);
}

/* A copy of s, NULL for NULL or "" (when empty_ok is 0) or out of memory.
 * *fail is set only on out of memory. */
static char *copy_text(const char *s, int empty_ok, int *fail)
{
    if (!s)
        s = "";
    if (!*s && !empty_ok)
        return NULL;
    size_t n = strlen(s) + 1;
    char *c = nn_malloc(n);
    if (!c)
        *fail = 1;
    else
        memcpy(c, s, n);
    return c;
}

int plot_title(plot *p, const char *title)
{
    int fail = 0;
    char *t = copy_text(title, 0, &fail);
    if (fail)
        return -1;
    free(p->title);
    p->title = t;
    return 0;
}

int plot_labels(plot *p, const char *xlabel, const char *ylabel)
{
    int fail = 0;
    char *x = copy_text(xlabel, 0, &fail);
    char *y = copy_text(ylabel, 0, &fail);
    if (fail) {
        free(x);
        free(y);
        return -1;
    }
    free(p->xlabel);
    free(p->ylabel);
    p->xlabel = x;
    p->ylabel = y;
    return 0;
}

void plot_xrange(plot *p, double lo, double hi)
{
    if (isfinite(lo) && isfinite(hi) && lo < hi) {
        p->fixed_x = 1;
        p->xlo = lo;
        p->xhi = hi;
    }
}

void plot_yrange(plot *p, double lo, double hi)
{
    if (isfinite(lo) && isfinite(hi) && lo < hi) {
        p->fixed_y = 1;
        p->ylo = lo;
        p->yhi = hi;
    }
}

/* Appends a series (cls -1: a line) holding copies of x and y. */
static int add_series(plot *p, const char *label, const double *x,
                      const double *y, size_t n, int cls)
{
    if (p->nseries >= PLOT_MAX_SERIES || n > PLOT_MAX_POINTS)
        return -1;
    if (n > 0 && (!x || !y))
        return -1;
    int fail = 0;
    plot_series s = { copy_text(label, 1, &fail), NULL, NULL, n, cls };
    s.x = nn_malloc((2 * n + 1) * sizeof(double));  // n <= 1e6: no overflow
    if (fail || !s.x) {
        free(s.label);
        free(s.x);
        return -1;
    }
    s.y = s.x + n;
    if (n > 0) {
        memcpy(s.x, x, n * sizeof(double));
        memcpy(s.y, y, n * sizeof(double));
    }
    if (p->kind != PLOT_XY)
        clear_bars_image(p);
    p->series[p->nseries++] = s;
    return 0;
}

int plot_line(plot *p, const char *label, const double *x, const double *y,
              size_t n)
{
    return add_series(p, label, x, y, n, -1);
}

int plot_full(const plot *p)
{
    return p->nseries >= PLOT_MAX_SERIES;
}

int plot_points(plot *p, const char *label, const double *x,
                const double *y, size_t n, int cls)
{
    if (cls < 0)
        return -1;
    return add_series(p, label, x, y, n, cls);
}

int plot_mark(plot *p, double x, double y, const char *label)
{
    if (p->nmarks >= PLOT_MAX_MARKS)
        return -1;
    int fail = 0;
    char *l = copy_text(label, 1, &fail);
    if (fail)
        return -1;
    if (p->kind != PLOT_XY)
        clear_bars_image(p);
    p->marks[p->nmarks++] = (plot_marker){ x, y, l };
    return 0;
}

void plot_regions(plot *p, plot_classify_fn classify, void *ctx)
{
    p->classify = classify;
    p->classify_ctx = ctx;
}

int plot_bars(plot *p, const char *const *labels, const double *values,
              size_t n)
{
    if (n > PLOT_MAX_POINTS || (n > 0 && !values))
        return -1;
    char **l = nn_calloc(n + 1, sizeof *l);
    double *v = nn_malloc((n + 1) * sizeof *v);
    int fail = !l || !v;
    for (size_t i = 0; i < n && !fail; i++)
        l[i] = copy_text(labels ? labels[i] : NULL, 1, &fail);
    if (fail) {
        for (size_t i = 0; l && i < n; i++)
            free(l[i]);
        free(l);
        free(v);
        return -1;
    }
    if (n > 0)
        memcpy(v, values, n * sizeof *v);
    clear_series(p);
    clear_bars_image(p);
    p->kind = PLOT_BARS;
    p->bar_labels = l;
    p->bar_values = v;
    p->nbars = n;
    return 0;
}

int plot_image(plot *p, const double *pixels, size_t rows, size_t cols,
               int signed_scale)
{
    if (rows > 0 && cols > PLOT_MAX_PIXELS / rows)  // rows*cols overflows
        return -1;
    size_t n = rows * cols;
    if (n > 0 && !pixels)
        return -1;
    double *c = nn_malloc((n + 1) * sizeof *c);
    if (!c)
        return -1;
    if (n > 0)
        memcpy(c, pixels, n * sizeof *c);
    clear_series(p);
    clear_bars_image(p);
    p->kind = PLOT_IMAGE;
    p->pixels = c;
    p->rows = n ? rows : 0;
    p->cols = n ? cols : 0;
    p->signed_scale = signed_scale != 0;
    return 0;
}

/* ============================ ranges ============================ */

int plot_series_finite(const plot_series *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (isfinite(s->x[i]) && isfinite(s->y[i]))
            return 1;
    return 0;
}

/* Running minimum and maximum of finite values. */
typedef struct extent {
    double lo, hi;
    int any;
} extent;

static void extent_add(extent *e, double v)
{
    if (v < -1e300)  // keeps hi - lo finite
        v = -1e300;
    if (v > 1e300)
        v = 1e300;
    if (!e->any || v < e->lo)
        e->lo = v;
    if (!e->any || v > e->hi)
        e->hi = v;
    e->any = 1;
}

/* Adds (x, y) when both are finite; y only when x is in the fixed x
 * range, so a fixed window scales y to what it shows. */
static void add_point(const plot *p, extent *ex, extent *ey, double x,
                      double y)
{
    if (!isfinite(x) || !isfinite(y))
        return;
    extent_add(ex, x);
    if (!p->fixed_x || (x >= p->xlo && x <= p->xhi))
        extent_add(ey, y);
}

/* The extent as a range: [0, 1] when empty, widened when a single value,
 * padded by pad of its span on each side. */
static void extent_range(const extent *e, double pad, double *lo,
                         double *hi)
{
    if (!e->any) {
        *lo = 0;
        *hi = 1;
    } else if (e->lo == e->hi) {
        double d = fmax(1.0, fabs(e->lo) * 0.1);
        *lo = e->lo - d;
        *hi = e->hi + d;
    } else {
        double span = e->hi - e->lo;
        *lo = e->lo - pad * span;
        *hi = e->hi + pad * span;
    }
}

void plot_view_of(const plot *p, plot_view *v)
{
    extent ex = { 0, 0, 0 }, ey = { 0, 0, 0 };
    int lines = 0;
    for (size_t i = 0; i < p->nseries; i++) {
        const plot_series *s = &p->series[i];
        for (size_t j = 0; j < s->n; j++)
            add_point(p, &ex, &ey, s->x[j], s->y[j]);
        if (s->cls < 0 && plot_series_finite(s))
            lines = 1;
    }
    for (size_t i = 0; i < p->nmarks; i++)
        add_point(p, &ex, &ey, p->marks[i].x, p->marks[i].y);
    v->has_data = ex.any || p->classify;
    extent_range(&ex, lines ? 0.0 : 0.05, &v->xlo, &v->xhi);
    extent_range(&ey, 0.05, &v->ylo, &v->yhi);
    if (p->fixed_x) {
        v->xlo = p->xlo;
        v->xhi = p->xhi;
    }
    if (p->fixed_y) {
        v->ylo = p->ylo;
        v->yhi = p->yhi;
    }
}

/* The scale of the bars: the caller's y range, else the largest value on
 * each side of 0. */
void plot_bar_scale(const plot *p, double *pos, double *neg)
{
    *pos = *neg = 0;
    for (size_t i = 0; i < p->nbars; i++) {
        double v = p->bar_values[i];
        if (isfinite(v) && v > *pos)
            *pos = v;
        if (isfinite(v) && -v > *neg)
            *neg = -v;
    }
    if (p->fixed_y) {
        *pos = p->yhi > 0 ? p->yhi : 0;
        *neg = p->ylo < 0 ? -p->ylo : 0;
    }
    if (*pos == 0 && *neg == 0)
        *pos = 1;
}

/* The mean of the finite pixels of the k x k block at (r, q); 0 when
 * there are none (*ok is then 0). */
double plot_block_mean(const plot *p, size_t r, size_t q, size_t k,
                         int *ok)
{
    double sum = 0;
    size_t n = 0;
    for (size_t i = r; i < r + k && i < p->rows; i++)
        for (size_t j = q; j < q + k && j < p->cols; j++)
            if (isfinite(p->pixels[i * p->cols + j])) {
                sum += p->pixels[i * p->cols + j];
                n++;
            }
    *ok = n > 0;
    return n ? sum / (double)n : 0;
}

/* ============================ ticks ============================ */

/* "-0", "-0.00" and "-0e+00" lose their sign. */
static void drop_minus_zero(char *s)
{
    if (s[0] != '-')
        return;
    for (const char *c = s + 1; *c && *c != 'e'; c++)
        if (*c != '0' && *c != '.')
            return;
    memmove(s, s + 1, strlen(s));
}

/* m * 10^e, exact for the integer powers a double holds exactly. */
static double power_step(int m, int e)
{
    return e >= 0 ? m * pow(10, e) : m / pow(10, -e);
}

/* Labels the ticks alike: decimals enough for the step (m * 10^e). */
static void label_ticks(plot_ticks *t, int e)
{
    double mag = 0;
    for (int i = 0; i < t->n; i++)
        mag = fmax(mag, fabs(t->v[i]));
    int plain = e >= -4 && mag < 1e7;
    int digits = mag > 0 ? (int)floor(log10(mag)) - e + 1 : 1;
    digits = digits < 1 ? 1 : digits > 15 ? 15 : digits;
    for (int i = 0; i < t->n; i++) {
        if (plain)
            snprintf(t->label[i], 32, "%.*f", e < 0 ? -e : 0, t->v[i]);
        else
            snprintf(t->label[i], 32, "%.*g", digits, t->v[i]);
        drop_minus_zero(t->label[i]);
    }
}

void plot_integer_x(plot *p)
{
    p->integer_x = 1;
}

void plot_ticks_whole(plot_ticks *t)
{
    int kept = 0;
    for (int i = 0; i < t->n; i++)
        if (t->v[i] == floor(t->v[i])) {
            t->v[kept] = t->v[i];
            memcpy(t->label[kept], t->label[i], sizeof t->label[i]);
            /* "2.0" -> "2": whole numbers need no decimals */
            char *dot = strchr(t->label[kept], '.');
            if (dot)
                *dot = '\0';
            kept++;
        }
    t->n = kept;
}

void plot_ticks_make(double lo, double hi, int target, int min, int max,
                     plot_ticks *t)
{
    static const int mult[] = { 1, 2, 5 };
    int best_e = 0, best_m = 0, best_score = 0;
    double best_first = 0;
    max = max > PLOT_TICKS_MAX ? PLOT_TICKS_MAX : max;
    double span = hi - lo;
    /* the exponent of span/target, taken as a difference of logs: the
     * quotient of a span of 5e-324 underflows to 0, whose log is -inf,
     * and -inf made an int is undefined. |e| < 400 for any finite span */
    double e_span = span > 0 && isfinite(span) && target > 0
                    ? floor(log10(span) - log10(target)) : 0;
    int e0 = isfinite(e_span) && fabs(e_span) < 400 ? (int)e_span : 0;
    for (int e = e0 - 1; e <= e0 + 1; e++) {
        for (int k = 0; k < 3; k++) {
            double step = power_step(mult[k], e);
            if (!(step > 0) || !isfinite(step))
                continue;
            double first = ceil(lo / step), last = floor(hi / step);
            double count = last - first + 1;
            if (!(count >= min && count <= max))
                continue;
            int score = abs((int)count - target);
            if (best_m == 0 || score <= best_score) {  // ties: larger step
                best_e = e;
                best_m = mult[k];
                best_score = score;
                best_first = first;
                t->n = (int)count;
            }
        }
    }
    if (best_m == 0) {  // no nice step fits (a span of 1e-320): the ends
        t->n = 2;
        t->v[0] = lo;
        t->v[1] = hi;
        for (int i = 0; i < 2; i++) {
            snprintf(t->label[i], 32, "%.4g", t->v[i]);
            drop_minus_zero(t->label[i]);
        }
        return;
    }
    for (int i = 0; i < t->n; i++)  // i*step, not a running sum: exact
        t->v[i] = best_e >= 0
                  ? (best_first + i) * power_step(best_m, best_e)
                  : (best_first + i) * best_m / pow(10, -best_e);
    label_ticks(t, best_e);
}

void plot_fmt_value(double v, char *buf)
{
    if (isnan(v))
        strcpy(buf, "nan");
    else if (isinf(v))
        strcpy(buf, v > 0 ? "inf" : "-inf");
    else if (v == 0)
        strcpy(buf, "0");
    else if (fabs(v) >= 1e9)
        snprintf(buf, 32, "%.4g", v);
    else {  // as the session's numbers: 0.09, not 0.0900; 0.0000 if tiny
        snprintf(buf, 32, "%.4f", v);
        size_t n = strlen(buf);
        while (buf[n - 1] == '0')
            buf[--n] = '\0';
        if (buf[n - 1] == '.')
            buf[--n] = '\0';
        if (strcmp(buf, "0") == 0 || strcmp(buf, "-0") == 0)
            strcpy(buf, v < 0 ? "-0.0000" : "0.0000");  // as sess_num_col
    }
}

/* ============================ geometry ============================ */

/* Liang-Barsky: the segment is P(t) = P0 + t*(P1 - P0), t in [0, 1]; each
 * edge of the box narrows [t0, t1]. */
int plot_clip(double *x0, double *y0, double *x1, double *y1, double w,
              double h)
{
    double dx = *x1 - *x0, dy = *y1 - *y0;
    double p[4] = { -dx, dx, -dy, dy };
    double q[4] = { *x0, w - *x0, *y0, h - *y0 };
    double t0 = 0, t1 = 1;
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return 0;   // parallel to this edge and outside it
            continue;
        }
        double r = q[i] / p[i];
        if (p[i] < 0 && r > t0)
            t0 = r;
        else if (p[i] > 0 && r < t1)
            t1 = r;
    }
    if (t0 > t1)
        return 0;
    double ax = *x0, ay = *y0;
    if (t0 > 0) {   // an end inside stays exactly where it was
        *x0 = ax + t0 * dx;
        *y0 = ay + t0 * dy;
    }
    if (t1 < 1) {
        *x1 = ax + t1 * dx;
        *y1 = ay + t1 * dy;
    }
    return 1;
}


/* ============================ text buffer ============================ */

void plot_buf_add(plot_buf *b, const char *s, size_t len)
{
    if (b->oom)
        return;
    if (len >= (size_t)-1 / 2 - b->len) {
        b->oom = 1;
        return;
    }
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + len + 1)
            cap *= 2;
        char *p = nn_realloc(b->data, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void plot_buf_puts(plot_buf *b, const char *s)
{
    plot_buf_add(b, s, strlen(s));
}

void plot_buf_printf(plot_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->oom = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        plot_buf_add(b, small, (size_t)n);
        return;
    }
    char *big = nn_malloc((size_t)n + 1);
    if (!big) {
        b->oom = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    plot_buf_add(b, big, (size_t)n);
    free(big);
}
