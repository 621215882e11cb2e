/*
 * data.c - data sets: storage, truth tables, generated sets, the CSV reader.
 *
 * Storage. A set keeps its features in one array x (rows, cols) and its
 * labels in another, y (rows). Both grow together, geometrically (the
 * capacity doubles from 16), so appending a sample costs amortised O(1).
 * The limits of data.h are checked before anything is allocated, and they
 * bound every size: a set never holds more than NN_DATA_MAX_CELLS doubles
 * of features (400 MB), so cap * cols * sizeof(double) cannot overflow.
 *
 * Generated sets draw from the caller's nn_rng in a fixed order (written
 * above each generator), so a seed gives the same set everywhere.
 *
 * The CSV reader works on a buffer the interpreter filled (no I/O here):
 * one pass, a line at a time, a cell at a time, each byte looked at a
 * bounded number of times, so it is linear in the input. Memory is bounded
 * by the limits: a row buffer of at most NN_DATA_MAX_COLS + 1 numbers, and
 * the set itself. The first problem in reading order is reported, with a
 * 1-based line and byte column (a UTF-8 BOM is not counted).
 *
 * Messages are built without stdio (the engine may not include it) by the
 * small msg_* helpers: text, unsigned numbers, and the user's bytes with
 * anything unprintable written \xNN.
 */
#include "data.h"

#include "msg.h"  /* messages without stdio */
#include "mem.h"  /* nn_malloc: allocations a test can fail */

#include <math.h>   /* isfinite, isinf, cos, sin, round */
#include <stdlib.h> /* malloc, realloc, free, strtod */
#include <string.h> /* memcpy, memmove, memchr */

/* Capacity of a set's first allocation, in rows. */
#define FIRST_CAP 16

/* pi, since M_PI is not ISO C. */
#define PI 3.14159265358979323846

/* ---- storage --------------------------------------------------------- */

/* The most rows a set of cols features may hold: NN_DATA_MAX_ROWS, or
 * fewer when rows * cols would pass NN_DATA_MAX_CELLS. */
static size_t max_rows(size_t cols)
{
    size_t by_cells = NN_DATA_MAX_CELLS / cols;
    return by_cells < NN_DATA_MAX_ROWS ? by_cells : NN_DATA_MAX_ROWS;
}

/* Makes room for at least `want` rows (want <= max_rows(d->cols), so the
 * byte counts below are at most 400 MB and cannot overflow). On failure the
 * set keeps its rows and its old capacity: a grown x is kept (it holds the
 * same rows), but cap only changes when both arrays have grown. */
static nn_status reserve(nn_data *d, size_t want)
{
    if (want <= d->cap)
        return NN_OK;

    size_t limit = max_rows(d->cols);
    size_t cap = d->cap < FIRST_CAP ? FIRST_CAP : d->cap;
    while (cap < want && cap < limit)
        cap = cap > limit / 2 ? limit : cap * 2;
    if (cap > limit)
        cap = limit;

    double *x = nn_realloc(d->x, cap * d->cols * sizeof(double));
    if (x == NULL)
        return NN_ENOMEM;
    d->x = x;
    double *y = nn_realloc(d->y, cap * sizeof(double));
    if (y == NULL)
        return NN_ENOMEM;
    d->y = y;
    d->cap = cap;
    return NN_OK;
}

/* A set of cols features with room for exactly `rows` rows (rows may be
 * 0; rows <= max_rows(cols)). NULL on out of memory or a bad cols. */
static nn_data *data_with_cap(size_t cols, size_t rows)
{
    nn_data *d = nn_data_new(cols);
    if (d == NULL || rows == 0)
        return d;
    d->x = nn_malloc(rows * cols * sizeof(double));
    d->y = nn_malloc(rows * sizeof(double));
    if (d->x == NULL || d->y == NULL) {
        nn_data_free(d);
        return NULL;
    }
    d->cap = rows;
    return d;
}

/* Appends a sample that is known to be valid and within the limits. */
static nn_status append(nn_data *d, const double *x, double y)
{
    nn_status status = reserve(d, d->rows + 1);
    if (status != NN_OK)
        return status;
    memcpy(d->x + d->rows * d->cols, x, d->cols * sizeof(double));
    d->y[d->rows] = d->regression || d->classes ? y + 0.0  /* -0 is 0 */
                                                : y == 0 ? 0.0 : 1.0;
    d->rows++;
    return NN_OK;
}

/* No rows yet, no storage: x and y stay NULL until the first add. */
nn_data *nn_data_new(size_t cols)
{
    if (cols < 1 || cols > NN_DATA_MAX_COLS)
        return NULL;
    nn_data *d = nn_malloc(sizeof *d);
    if (d == NULL)
        return NULL;
    d->rows = 0;
    d->cols = cols;
    d->cap = 0;
    d->x = NULL;
    d->y = NULL;
    d->regression = 0;
    d->classes = 0;
    d->names = NULL;
    d->names_len = 0;
    d->has_truth = 0;
    d->truth[0] = d->truth[1] = d->truth[2] = 0.0;
    return d;
}

void nn_data_free(nn_data *d)
{
    if (d == NULL)
        return;
    free(d->x);
    free(d->y);
    free(d->names);
    free(d);
}

const char *nn_data_class_name(const nn_data *d, size_t k)
{
    const char *p = d->names;
    if (!p || k >= d->classes)
        return NULL;
    while (k-- > 0)
        p += strlen(p) + 1;
    return p;
}

/* Gives to a copy of `from` the names of its classes. 0, or -1 when
 * memory ran out. */
static int copy_names(nn_data *to, const nn_data *from)
{
    to->classes = from->classes;
    to->names_len = from->names_len;
    if (!from->names)
        return 0;
    to->names = nn_malloc(from->names_len);
    if (!to->names)
        return -1;
    memcpy(to->names, from->names, from->names_len);
    return 0;
}

nn_data *nn_data_new_like(const nn_data *d)
{
    nn_data *e = nn_data_new(d->cols);
    if (e == NULL)
        return NULL;
    e->regression = d->regression;
    if (copy_names(e, d) != 0) {
        nn_data_free(e);
        return NULL;
    }
    return e;
}

/* The copy's capacity is its row count (it may grow later as any set). */
nn_data *nn_data_copy(const nn_data *d)
{
    if (d == NULL)
        return NULL;
    nn_data *copy = data_with_cap(d->cols, d->rows);
    if (copy == NULL)
        return NULL;
    if (d->rows > 0) {
        memcpy(copy->x, d->x, d->rows * d->cols * sizeof(double));
        memcpy(copy->y, d->y, d->rows * sizeof(double));
    }
    copy->rows = d->rows;
    copy->has_truth = d->has_truth;
    copy->regression = d->regression;
    memcpy(copy->truth, d->truth, sizeof d->truth);
    if (copy_names(copy, d) != 0) {
        nn_data_free(copy);
        return NULL;
    }
    return copy;
}

/* Every check comes before the set is touched. */
nn_status nn_data_add(nn_data *d, const double *x, double y)
{
    if (d->regression ? !isfinite(y)
        : d->classes ? !(y >= 0 && y < (double)d->classes && y == floor(y))
        : y != 0 && y != 1)
        return NN_ERANGE;
    for (size_t j = 0; j < d->cols; j++) {
        if (!isfinite(x[j]))
            return NN_ERANGE;
    }
    if (d->rows >= max_rows(d->cols))
        return NN_ERANGE;
    return append(d, x, y);
}

/* Rows after i move up one place; the capacity stays. */
nn_status nn_data_remove(nn_data *d, size_t i)
{
    if (i >= d->rows)
        return NN_ERANGE;
    size_t after = d->rows - i - 1;
    memmove(d->x + i * d->cols, d->x + (i + 1) * d->cols,
            after * d->cols * sizeof(double));
    memmove(d->y + i, d->y + i + 1, after * sizeof(double));
    d->rows--;
    return NN_OK;
}

/* ---- truth tables ---------------------------------------------------- */

/* ASCII lower case, independent of the locale. */
static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* 1 when typed[0..len) spells `known` (lower case) in any case. */
static int same_name(const char *known, const char *typed, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (known[i] == '\0' || lower((unsigned char)typed[i]) != known[i])
            return 0;
    }
    return known[len] == '\0';
}

/* A gate: its labels for the inputs 00 01 10 11 (or 0 1 for not), and the
 * true separator truth[0]*x1 + truth[1]*x2 + truth[2] = 0 when it has one.
 * nand and nor are and and or with every sign turned round. */
static const struct gate {
    nn_gate_info info;
    double y[4];
    int has_truth;
    double truth[3];
} gates[] = {
    { { "and", 2, 1 }, { 0, 0, 0, 1 }, 1, { 1, 1, -1.5 } },
    { { "or", 2, 1 }, { 0, 1, 1, 1 }, 1, { 1, 1, -0.5 } },
    { { "nand", 2, 1 }, { 1, 1, 1, 0 }, 1, { -1, -1, 1.5 } },
    { { "nor", 2, 1 }, { 1, 0, 0, 0 }, 1, { -1, -1, 0.5 } },
    { { "xor", 2, 0 }, { 0, 1, 1, 0 }, 0, { 0, 0, 0 } },
    { { "not", 1, 1 }, { 1, 0 }, 0, { 0, 0, 0 } },
};

#define GATE_COUNT (sizeof gates / sizeof gates[0])

/* Inputs of the 2-input rows, 00 01 10 11: x[2*i] = x1, x[2*i + 1] = x2. */
static const double inputs2[8] = { 0, 0, 0, 1, 1, 0, 1, 1 };

/* Inputs of not: 0, 1. */
static const double inputs1[2] = { 0, 1 };

/* Rows in counting order: 00 01 10 11 (not: 0 1). */
nn_status nn_data_gate(const char *name, size_t len, nn_data **out)
{
    const struct gate *g = NULL;
    for (size_t i = 0; i < GATE_COUNT && name != NULL; i++) {
        if (same_name(gates[i].info.name, name, len))
            g = &gates[i];
    }
    if (g == NULL)
        return NN_EFORMAT;

    size_t in = g->info.inputs, rows = in == 2 ? 4 : 2;
    const double *x = in == 2 ? inputs2 : inputs1;
    nn_data *d = data_with_cap(in, rows);
    if (d == NULL)
        return NN_ENOMEM;
    for (size_t i = 0; i < rows; i++)
        append(d, x + i * in, g->y[i]); /* room is there */
    d->has_truth = g->has_truth;
    memcpy(d->truth, g->truth, sizeof d->truth);
    *out = d;
    return NN_OK;
}

const nn_gate_info *nn_data_gate_at(size_t i)
{
    return i < GATE_COUNT ? &gates[i].info : NULL;
}

/* ---- generated sets -------------------------------------------------- */

/* Label of sample i of n in blobs and moons: the first n/2 are class 0,
 * the other n - n/2 class 1 (sklearn's make_moons order). */
static double half_label(size_t i, size_t n)
{
    return i < n / 2 ? 0.0 : 1.0;
}

/* An empty 2-feature set with room for n rows, 2 <= n <= 100000. */
static nn_status new_generated(size_t n, nn_data **d)
{
    if (n < 2 || n > 100000)
        return NN_ERANGE;
    *d = data_with_cap(2, n);
    return *d == NULL ? NN_ENOMEM : NN_OK;
}

/* Sample i: centre c = (-1, -1) for class 0, (1, 1) for class 1;
 *   x1 = c1 + 0.5*N(0, 1),  x2 = c2 + 0.5*N(0, 1)   (x1 drawn first),
 * drawn again until x1 + x2 < 0 (class 0) or x1 + x2 > 0 (class 1), so
 * the line x1 + x2 = 0 (truth 1, 1, 0) separates the classes. The sum
 * x1 + x2 has mean -+2 and std 0.71, so a draw is refused with chance
 * 0.0023: on average about n/430 draws are redone. */
nn_status nn_data_blobs(size_t n, nn_rng *r, nn_data **out)
{
    nn_data *d;
    nn_status status = new_generated(n, &d);
    if (status != NN_OK)
        return status;

    for (size_t i = 0; i < n; i++) {
        double y = half_label(i, n);
        double centre = y == 1 ? 1.0 : -1.0;
        double x[2];
        do {
            x[0] = nn_rng_normal(r, centre, 0.5);
            x[1] = nn_rng_normal(r, centre, 0.5);
        } while (y == 1 ? !(x[0] + x[1] > 0) : !(x[0] + x[1] < 0));
        append(d, x, y);
    }
    d->has_truth = 1;
    d->truth[0] = 1;
    d->truth[1] = 1;
    d->truth[2] = 0;
    *out = d;
    return NN_OK;
}

/* t_k of numpy's linspace(0, pi, m): k * (pi / (m - 1)), the last one pi
 * exactly; a single point is t = 0. */
static double linspace_pi(size_t k, size_t m)
{
    if (m < 2)
        return 0.0;
    if (k == m - 1)
        return PI;
    return (double)k * (PI / (double)(m - 1));
}

/* sklearn's make_moons(n, shuffle=False, noise=0.1):
 *   outer moon, class 0, k < m0 = n/2:      (cos t, sin t),
 *   inner moon, class 1, k < m1 = n - n/2:  (1 - cos t, 1 - sin t - 0.5),
 * t = linspace(0, pi, m) within each moon; then noise N(0, 0.1) added to
 * every coordinate, row by row (x1 then x2), as sklearn adds its normal
 * matrix of shape (n, 2). */
nn_status nn_data_moons(size_t n, nn_rng *r, nn_data **out)
{
    nn_data *d;
    nn_status status = new_generated(n, &d);
    if (status != NN_OK)
        return status;

    size_t outer = n / 2, inner = n - n / 2;
    for (size_t i = 0; i < n; i++) {
        double x[2];
        if (i < outer) {
            double t = linspace_pi(i, outer);
            x[0] = cos(t);
            x[1] = sin(t);
        } else {
            double t = linspace_pi(i - outer, inner);
            x[0] = 1 - cos(t);
            x[1] = 1 - sin(t) - 0.5;
        }
        x[0] += nn_rng_normal(r, 0.0, 0.1);
        x[1] += nn_rng_normal(r, 0.0, 0.1);
        append(d, x, half_label(i, n));
    }
    *out = d;
    return NN_OK;
}

/* Two interleaved spirals, as TensorFlow Playground draws them: the
 * first n/2 samples class 0, the rest class 1; sample k of its class's m
 * has radius r = 5k/m and angle t = 1.75 * 2 pi * k/m (plus pi for class
 * 1), at (r sin t, r cos t), plus Gaussian noise of std 0.1 on each
 * coordinate. Nearly two turns each: no straight line, and no single
 * bend, separates them. */
nn_status nn_data_spiral(size_t n, nn_rng *r, nn_data **out)
{
    nn_data *d;
    nn_status status = new_generated(n, &d);
    if (status != NN_OK)
        return status;

    const double pi = 3.14159265358979323846;
    for (size_t i = 0; i < n; i++) {
        int cls = i >= n / 2;
        size_t m = cls ? n - n / 2 : n / 2, k = cls ? i - n / 2 : i;
        double rad = 5.0 * (double)k / (double)m;
        double t = 1.75 * 2.0 * pi * (double)k / (double)m + (cls ? pi : 0);
        double x[2] = { rad * sin(t) + nn_rng_normal(r, 0.0, 0.1),
                        rad * cos(t) + nn_rng_normal(r, 0.0, 0.1) };
        append(d, x, cls);
    }
    *out = d;
    return NN_OK;
}

/* Sample i has class 0 when i is even, 1 when odd (alternating), and
 *   angle theta ~ uniform [0, 2 pi)   (drawn first),
 *   radius r ~ uniform [0, 1) for class 1, [1.5, 2) for class 0,
 *   (x1, x2) = (r cos theta, r sin theta).
 * The radius is uniform, not the area, so the inner disc is denser at its
 * centre; the gap 1 .. 1.5 keeps the classes apart. */
nn_status nn_data_circle(size_t n, nn_rng *r, nn_data **out)
{
    nn_data *d;
    nn_status status = new_generated(n, &d);
    if (status != NN_OK)
        return status;

    for (size_t i = 0; i < n; i++) {
        double y = (double)(i % 2);
        double theta = nn_rng_range(r, 0.0, 2 * PI);
        double radius = y == 1 ? nn_rng_range(r, 0.0, 1.0)
                               : nn_rng_range(r, 1.5, 2.0);
        double x[2] = { radius * cos(theta), radius * sin(theta) };
        append(d, x, y);
    }
    *out = d;
    return NN_OK;
}

/* ---- split ----------------------------------------------------------- */

/* A new set of d's rows idx[0..count), in that order, with d's truth. */
static nn_data *subset(const nn_data *d, const size_t *idx, size_t count)
{
    nn_data *part = data_with_cap(d->cols, count);
    if (part == NULL)
        return NULL;
    part->regression = d->regression;  /* first: append keeps such labels */
    if (copy_names(part, d) != 0) {
        nn_data_free(part);
        return NULL;
    }
    for (size_t k = 0; k < count; k++)
        append(part, d->x + idx[k] * d->cols, d->y[idx[k]]);
    part->has_truth = d->has_truth;
    memcpy(part->truth, d->truth, sizeof d->truth);
    return part;
}

/* Fisher-Yates on the index list 0..rows-1: for i = rows-1 down to 1,
 * swap idx[i] with idx[j], j = below(i + 1). Checks come first, so a bad
 * frac draws nothing from r. */
nn_status nn_data_split(const nn_data *d, double frac, nn_rng *r,
                        nn_data **train, nn_data **test)
{
    if (!(frac > 0 && frac < 1))
        return NN_ERANGE; /* NaN too */
    size_t ntrain = (size_t)round(frac * (double)d->rows);
    if (ntrain < 1 || ntrain >= d->rows)
        return NN_ERANGE;

    size_t *idx = nn_malloc(d->rows * sizeof *idx);
    if (idx == NULL)
        return NN_ENOMEM;
    for (size_t i = 0; i < d->rows; i++)
        idx[i] = i;
    for (size_t i = d->rows - 1; i > 0; i--) {
        size_t j = (size_t)nn_rng_below(r, (uint64_t)i + 1);
        size_t keep = idx[i];
        idx[i] = idx[j];
        idx[j] = keep;
    }

    nn_data *a = subset(d, idx, ntrain);
    nn_data *b = subset(d, idx + ntrain, d->rows - ntrain);
    free(idx);
    if (a == NULL || b == NULL) {
        nn_data_free(a);
        nn_data_free(b);
        return NN_ENOMEM;
    }
    *train = a;
    *test = b;
    return NN_OK;
}

/* ---- the CSV reader: strict numbers ---------------------------------- */

/* Longest number text converted (the REPL's limit too). */
#define NUMBER_MAX 255

/* Most bytes of a bad cell quoted in a message. */
#define QUOTE_MAX 32

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* 1 when s[0..n) is exactly one number of the strict grammar
 *   [+|-] (digits [. [digits]] | . digits) [(e|E) [+|-] digits]
 * (no nan, inf, hex, 1_000, 1.2.3, 1e). *nonzero is set when a mantissa
 * digit is not 0, to tell an underflow from a true zero. */
static int is_number(const char *s, size_t n, int *nonzero)
{
    size_t i = 0, digits = 0;
    *nonzero = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    for (; i < n && is_digit(s[i]); i++, digits++)
        *nonzero |= s[i] != '0';
    if (i < n && s[i] == '.') {
        for (i++; i < n && is_digit(s[i]); i++, digits++)
            *nonzero |= s[i] != '0';
    }
    if (digits == 0)
        return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        if (i >= n || !is_digit(s[i]))
            return 0;
        while (i < n && is_digit(s[i]))
            i++;
    }
    return i == n;
}

/* 1 when the cell s[0..n) is a word, as a header's names are (x1, y,
 * hours_studied, größe): it starts with a letter, an underscore or a
 * non-ASCII byte, and is not nan, inf or infinity in any case (nan(...)
 * too), which strtod would read as numbers. So `nan,2,1` or `0x10,2,1`
 * on line 1 is a data row, refused as it would be on line 2, and not a
 * header silently dropped. */
static int is_word(const char *s, size_t n)
{
    static const char *const numbers[] = { "nan", "inf", "infinity" };
    unsigned char c0 = n > 0 ? (unsigned char)s[0] : 0;
    unsigned char lower = c0 | 0x20;  // ASCII letters only: no locale
    if (!(c0 == '_' || c0 >= 0x80 || (lower >= 'a' && lower <= 'z')))
        return 0;
    if (n > 3 && s[3] == '(' && (s[0] | 0x20) == 'n' && (s[1] | 0x20) == 'a'
        && (s[2] | 0x20) == 'n')
        return 0;  // nan(chars)
    for (size_t k = 0; k < sizeof numbers / sizeof numbers[0]; k++) {
        size_t len = strlen(numbers[k]), i = 0;
        while (i < n && i < len && (s[i] | 0x20) == numbers[k][i])
            i++;
        if (i == n && i == len)
            return 0;
    }
    return 1;
}

/* ---- the CSV reader: lines and cells --------------------------------- */

/* One cell: its text without the spaces and tabs around it, and the
 * 1-based column of that text (of where it would be, when empty). */
typedef struct cell {
    const char *p;
    size_t len;
    size_t col;
} cell;

/* The reader's state. A line is buf[start .. start + len) without its
 * line end; `line` is its 1-based number. */
typedef struct csv {
    const char *buf;
    size_t size;       /* bytes in buf */
    size_t next;       /* where the next line starts */
    long line;
    const char *text;  /* the current line (after a BOM on line 1) */
    size_t len;
    size_t cells;      /* cells per row, set by the first row */
    double *row;       /* (cells) the current row's numbers */
    nn_data *d;
    nn_errinfo *err;
    int named;         /* labels: 0 not seen yet, 1 numbers, 2 words */
    int binary;        /* every numeric label so far is 0 or 1 */
} csv;

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Moves to the next line: 0 at the end of the input. A CR before the LF
 * (or before the end) is dropped; so is a UTF-8 BOM starting line 1. */
static int next_line(csv *c)
{
    if (c->next >= c->size)
        return 0;
    const char *start = c->buf + c->next;
    size_t rest = c->size - c->next;
    const char *lf = memchr(start, '\n', rest);
    size_t len = lf != NULL ? (size_t)(lf - start) : rest;

    c->next += lf != NULL ? len + 1 : len;
    c->line++;
    if (len > 0 && start[len - 1] == '\r')
        len--;
    if (c->line == 1 && len >= 3 && memcmp(start, "\xef\xbb\xbf", 3) == 0) {
        start += 3;
        len -= 3;
    }
    c->text = start;
    c->len = len;
    return 1;
}

/* 1 when the current line holds only spaces and tabs (or nothing). */
static int line_is_blank(const csv *c)
{
    for (size_t i = 0; i < c->len; i++) {
        if (!is_blank(c->text[i]))
            return 0;
    }
    return 1;
}

/* Splits off the cell starting at *at: up to the next comma or the line's
 * end, trimmed. Returns 1 when a comma follows (so another cell comes,
 * empty if the line ends there), and moves *at past it. */
static int next_cell(const csv *c, size_t *at, cell *out)
{
    const char *line = c->text;
    size_t start = *at;
    const char *comma = memchr(line + start, ',', c->len - start);
    size_t end = comma != NULL ? (size_t)(comma - line) : c->len;
    size_t a = start, b = end;

    while (a < b && is_blank(line[a]))
        a++;
    while (b > a && is_blank(line[b - 1]))
        b--;
    out->p = line + a;
    out->len = b - a;
    out->col = a + 1;
    *at = comma != NULL ? end + 1 : c->len;
    return comma != NULL;
}

/* Commas in the current line from `at` on. */
static size_t commas_from(const csv *c, size_t at)
{
    size_t count = 0;
    const char *p;
    while (at < c->len && (p = memchr(c->text + at, ',', c->len - at))) {
        count++;
        at = (size_t)(p - c->text) + 1;
    }
    return count;
}

/* ---- the CSV reader: errors ------------------------------------------ */

/* Fills err at (current line, col) with `text` and returns code; the
 * caller may append to the message through msg_of. */
static nn_status fail(csv *c, nn_status code, size_t col, const char *text)
{
    c->err->code = code;
    c->err->line = c->line;
    c->err->column = (long)col;
    c->err->msg[0] = '\0';
    nn_msg m = { c->err->msg, sizeof c->err->msg, 0 };
    nn_msg_text(&m, text);
    return code;
}

/* The message buffer, to append after fail(). */
static nn_msg msg_of(csv *c)
{
    nn_msg m = { c->err->msg, sizeof c->err->msg, strlen(c->err->msg) };
    return m;
}

/* "row has 3 cells, the first row had 4" */
static nn_status fail_ragged(csv *c, size_t col, size_t count)
{
    fail(c, NN_EFORMAT, col, "row has ");
    nn_msg m = msg_of(c);
    nn_msg_size(&m, count);
    nn_msg_text(&m, count == 1 ? " cell" : " cells");
    nn_msg_text(&m, ", the first row had ");
    nn_msg_size(&m, c->cells);
    return NN_EFORMAT;
}

/* A message quoting the cell: what, its text, tail. "expected a number,
 * got 'abc'", "number out of range: 1e999", "number too small: 1e-999 (it
 * would be 0)", "labels are numbers in the rows before, got 'cat'". */
static nn_status fail_cell(csv *c, const cell *cl, const char *what,
                           const char *tail)
{
    fail(c, NN_EFORMAT, cl->col, what);
    nn_msg m = msg_of(c);
    nn_msg_bytes(&m, cl->p, cl->len, QUOTE_MAX);
    nn_msg_text(&m, tail);
    return NN_EFORMAT;
}

/* Problems any cell can have, header or data: empty or quoted. */
static nn_status check_cell(csv *c, const cell *cl)
{
    if (cl->len == 0)
        return fail(c, NN_EFORMAT, cl->col, "empty cell");
    if (cl->p[0] == '"')
        return fail(c, NN_EFORMAT, cl->col, "quoted cells are not supported");
    return NN_OK;
}

/* ---- the CSV reader: rows -------------------------------------------- */

/* The number in a cell already known to match the grammar. */
static nn_status cell_value(csv *c, const cell *cl, int nonzero, double *v)
{
    char text[NUMBER_MAX + 1];
    if (cl->len > NUMBER_MAX)
        return fail_cell(c, cl, "number too long: ",
                         " (at most 255 characters)");
    memcpy(text, cl->p, cl->len);
    text[cl->len] = '\0';
    *v = strtod(text, NULL); /* LC_NUMERIC is never set: '.' */
    if (isinf(*v))
        return fail_cell(c, cl, "number out of range: ", "");
    if (*v == 0 && nonzero)
        return fail_cell(c, cl, "number too small: ", " (it would be 0)");
    return NN_OK;
}

/* Longest class name, in bytes. */
#define CLASS_NAME_MAX 64

/* The number of the class named by cell cl: its place among the names
 * seen so far, or a new one at the end. */
static nn_status class_of(csv *c, const cell *cl, double *v)
{
    nn_data *d = c->d;
    const char *p = d->names;
    for (size_t k = 0; k < d->classes; k++, p += strlen(p) + 1)
        if (strlen(p) == cl->len && memcmp(p, cl->p, cl->len) == 0) {
            *v = (double)k;
            return NN_OK;
        }
    if (d->classes == NN_DATA_MAX_CLASSES)
        return fail_cell(c, cl, "too many classes (at most 255): ", "");
    if (cl->len > CLASS_NAME_MAX)
        return fail(c, NN_EFORMAT, cl->col, "a class name has at most 64 "
                    "bytes");
    for (size_t i = 0; i < cl->len; i++)
        if ((unsigned char)cl->p[i] < 0x20 || cl->p[i] == 0x7f)
            return fail(c, NN_EFORMAT, cl->col + i, "a class name cannot "
                        "hold control characters");
    char *grown = nn_realloc(d->names, d->names_len + cl->len + 1);
    if (!grown)
        return fail(c, NN_ENOMEM, 1, "out of memory");
    memcpy(grown + d->names_len, cl->p, cl->len);
    grown[d->names_len + cl->len] = '\0';
    d->names = grown;
    d->names_len += cl->len + 1;
    *v = (double)d->classes++;
    return NN_OK;
}

/* Appends a parsed row: its label as read (0/1, a class, or real). */
static nn_status append_raw(nn_data *d, const double *x, double y)
{
    nn_status status = reserve(d, d->rows + 1);
    if (status != NN_OK)
        return status;
    memcpy(d->x + d->rows * d->cols, x, d->cols * sizeof(double));
    d->y[d->rows] = y + 0.0; /* -0 becomes 0 */
    d->rows++;
    return NN_OK;
}

/* Reads the current line as a data row of c->cells numbers into c->row,
 * checks its label and appends it to c->d. */
static nn_status data_row(csv *c)
{
    size_t at = 0, k = 0;
    int more = 1;
    cell cl = { c->text, 0, 1 };

    while (more) {
        int nonzero;
        more = next_cell(c, &at, &cl);
        /* empty first, so a trailing comma is called an empty cell */
        nn_status status = check_cell(c, &cl);
        if (status != NN_OK)
            return status;
        if (k == c->cells) /* k + 1 cells so far, and what follows */
            return fail_ragged(c, cl.col,
                               k + 1 + (more ? commas_from(c, at) + 1 : 0));
        int label = k + 1 == c->cells;
        if (label && is_word(cl.p, cl.len)) {  /* a class by name */
            if (c->named == 1)
                return fail_cell(c, &cl, "labels are numbers in the rows "
                                 "before, got '", "'");
            c->named = 2;
            status = class_of(c, &cl, &c->row[k]);
            if (status != NN_OK)
                return status;
            k++;
            continue;
        }
        if (!is_number(cl.p, cl.len, &nonzero))
            return fail_cell(c, &cl, label && c->named == 2
                             ? "labels are class names in the rows before, "
                               "got '" : "expected a number, got '", "'");
        if (label && c->named == 2)
            return fail_cell(c, &cl, "labels are class names in the rows "
                             "before, got '", "'");
        status = cell_value(c, &cl, nonzero, &c->row[k]);
        if (status != NN_OK)
            return status;
        if (label)
            c->named = 1;
        k++;
    }
    if (k < c->cells)
        return fail_ragged(c, c->len + 1, k);

    double y = c->row[k - 1]; /* cl is the label's cell */
    if (c->named == 1 && y != 0 && y != 1)
        c->binary = 0;  /* a regression set, decided at the end */
    if (c->d->rows >= max_rows(c->d->cols)) {
        fail(c, NN_ERANGE, 1, "too many rows (at most ");
        nn_msg m = msg_of(c);
        nn_msg_size(&m, max_rows(c->d->cols));
        nn_msg_char(&m, ')');
        return NN_ERANGE;
    }
    if (append_raw(c->d, c->row, y) != NN_OK)
        return fail(c, NN_ENOMEM, 1, "out of memory");
    return NN_OK;
}

/* The first non-blank line: counts its cells (refusing more than the
 * limit as soon as it is passed, so a line of a million cells stops at
 * 100,002) and decides whether it is a header (any cell a word, is_word).
 * Then sets up c->cells, c->row and c->d, and reads the line as data when
 * it is not a header. */
static nn_status first_row(csv *c)
{
    size_t at = 0, count = 0;
    int more = 1, word = 0, numbers = 1;
    cell cl;

    while (more) {
        int nonzero;
        more = next_cell(c, &at, &cl);
        if (++count > NN_DATA_MAX_COLS + 1)
            return fail(c, NN_ERANGE, cl.col,
                        "too many columns (at most 100000 features)");
        nn_status status = check_cell(c, &cl);
        if (status != NN_OK)
            return status;
        word |= is_word(cl.p, cl.len);
        if (more)  /* a feature cell */
            numbers &= is_number(cl.p, cl.len, &nonzero);
    }
    /* a header has a word; a data row whose only word is its label (a
       class name) is data */
    int header = word && !numbers;
    if (count < 2)
        return fail(c, NN_EFORMAT, 1,
                    "need at least 2 columns: features, then the label");

    c->cells = count;
    c->row = nn_malloc(count * sizeof(double));
    c->d = nn_data_new(count - 1);
    if (c->row == NULL || c->d == NULL)
        return fail(c, NN_ENOMEM, 1, "out of memory");
    return header ? NN_OK : data_row(c);
}

/* One pass over the lines: blank ones skipped, NUL bytes refused, the
 * first row read by first_row and the others by data_row. */
nn_status nn_data_parse_csv(const char *buf, size_t len, nn_data **out,
                            nn_errinfo *err)
{
    nn_errinfo spare;
    csv c = { buf, len, 0, 0, NULL, 0, 0, NULL, NULL,
              err != NULL ? err : &spare, 0, 1 };
    nn_status status = NN_OK;

    c.err->code = NN_OK;
    c.err->line = c.err->column = 0;
    c.err->msg[0] = '\0';
    while (status == NN_OK && next_line(&c)) {
        const char *nul = memchr(c.text, '\0', c.len);
        if (nul != NULL)
            status = fail(&c, NN_EFORMAT, (size_t)(nul - c.text) + 1,
                          "NUL byte");
        else if (line_is_blank(&c))
            continue;
        else if (c.d == NULL)
            status = first_row(&c);
        else
            status = data_row(&c);
    }
    if (status == NN_OK && (c.d == NULL || c.d->rows == 0)) {
        c.line++; /* the line after the last: where a row should be */
        status = fail(&c, NN_EFORMAT, 1, "no data rows");
    }
    free(c.row);
    if (status != NN_OK) {
        nn_data_free(c.d);
        return status;
    }
    c.d->regression = c.named == 1 && !c.binary;  /* real labels */
    *out = c.d;
    return NN_OK;
}
