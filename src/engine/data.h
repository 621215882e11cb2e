/*
 * data.h - data sets for training a neuron: samples of features and a
 * label, built in (truth tables), generated (blobs, moons, circle), typed
 * one by one, or parsed from CSV text the interpreter read.
 *
 * A data set is plain data: rows samples of cols features, row-major
 * x[i*cols + j], labels y[i]. Labels are 0 or 1 (binary classification).
 * Ownership: every constructor returns a set the caller frees with
 * nn_data_free; functions never keep pointers to their arguments.
 */
#ifndef NEURON_ENGINE_DATA_H
#define NEURON_ENGINE_DATA_H

#include <stddef.h> /* size_t */

#include "rng.h"    /* nn_rng: generated sets, shuffles, splits */
#include "status.h" /* nn_status, nn_errinfo */

/* Largest data set: rows, features, and rows*features. */
#define NN_DATA_MAX_ROWS 1000000
#define NN_DATA_MAX_COLS 100000
#define NN_DATA_MAX_CELLS 50000000

typedef struct nn_data {
    size_t rows;        /* samples */
    size_t cols;        /* features per sample, >= 1 */
    size_t cap;         /* rows there is room for */
    double *x;          /* (rows, cols): x[i*cols + j] */
    double *y;          /* (rows): 0 or 1 */
    int regression;     /* 1: labels are any real number (a curve to
                           fit, data fn); 0: labels are classes */
    size_t classes;     /* named classes (a CSV's setosa, versicolor...):
                           labels 0 .. classes-1; 0 when the labels are
                           the numbers 0 and 1 */
    char *names;        /* the classes' names, NUL after each, in order
                           of first appearance; NULL when classes is 0 */
    size_t names_len;   /* bytes in names */
    int has_truth;      /* 1 when the true separator is known */
    double truth[3];    /* it is truth[0]*x1 + truth[1]*x2 + truth[2] = 0
                           (2-feature sets: and, or, blobs ...) */
} nn_data;

/* An empty set of cols features (1 <= cols <= NN_DATA_MAX_COLS), or NULL
 * on out of memory / bad cols. */
nn_data *nn_data_new(size_t cols);

/* Frees the set; NULL is fine. */
void nn_data_free(nn_data *d);

/* An empty set shaped as d: its features and its kind of labels (real,
 * or d's named classes). NULL on out of memory. */
nn_data *nn_data_new_like(const nn_data *d);

/* A deep copy, or NULL on out of memory. */
nn_data *nn_data_copy(const nn_data *d);

/* Appends a sample (cols features, label 0 or 1, or any finite number in
 * a regression set). NN_ERANGE for another label or a non-finite
 * feature, NN_ERANGE past the limits, NN_ENOMEM; the set is unchanged on
 * error. */
nn_status nn_data_add(nn_data *d, const double *x, double y);

/* The name of class k of a set with named classes, or NULL. */
const char *nn_data_class_name(const nn_data *d, size_t k);

/* Most named classes a set may have (a network's labels are bytes). */
#define NN_DATA_MAX_CLASSES 255

/* Removes sample i (0-based); NN_ERANGE when there is none. */
nn_status nn_data_remove(nn_data *d, size_t i);

/* A built-in truth table by name (len bytes, case-insensitive): and, or,
 * nand, nor, xor (2 inputs, rows in the order 00 01 10 11) and not (1
 * input: 0, 1). The separable ones carry a true separator (and:
 * x1 + x2 - 1.5 = 0; or: x1 + x2 - 0.5 = 0; nand/nor their negations;
 * not: -x1 + 0.5 = 0 is 1-D, has_truth 0). NN_EFORMAT for an unknown
 * name, NN_ENOMEM. */
nn_status nn_data_gate(const char *name, size_t len, nn_data **out);

/* A truth table as a row: its name, inputs, and whether a straight line
 * separates its classes (xor: no). */
typedef struct nn_gate_info {
    const char *name;
    size_t inputs;
    int separable;
} nn_gate_info;

/* Truth table i in the order above (and, or, nand, nor, xor, not), or
 * NULL past the last. */
const nn_gate_info *nn_data_gate_at(size_t i);

/* Generated 2-feature sets of n samples (2 <= n <= 100000) from r:
 *  blobs:  two Gaussian clouds (std 0.5) around (-1, -1) (label 0) and
 *          (1, 1) (label 1), half each, kept only on their side of the
 *          true separator x1 + x2 = 0 so the set is separable;
 *  moons:  two interleaving half circles (sklearn's make_moons, noise
 *          0.1), not linearly separable;
 *  circle: label 1 inside radius 1, 0 in the ring 1.5..2 around it
 *          (noise-free), not linearly separable.
 *  spiral: two interleaved spirals of nearly two turns (TensorFlow
 *          Playground's), noise 0.1, not linearly separable;
 * NN_ERANGE for a bad n, NN_ENOMEM. */
nn_status nn_data_blobs(size_t n, nn_rng *r, nn_data **out);
nn_status nn_data_spiral(size_t n, nn_rng *r, nn_data **out);
nn_status nn_data_moons(size_t n, nn_rng *r, nn_data **out);
nn_status nn_data_circle(size_t n, nn_rng *r, nn_data **out);

/* Shuffles the samples (Fisher-Yates from r) and splits them: the first
 * round(frac * rows) go to *train, the rest to *test. 0 < frac < 1, and
 * both parts must get at least one sample (NN_ERANGE otherwise). The
 * input is unchanged. */
nn_status nn_data_split(const nn_data *d, double frac, nn_rng *r,
                        nn_data **train, nn_data **test);

/* Parses CSV text buf[0..len) (not NUL-terminated): comma-separated
 * numbers, features then the label in the last column. The labels are
 * the numbers 0 and 1 (binary), other numbers (a regression set: real
 * labels), or words (named classes, numbered in order of first
 * appearance, at most NN_DATA_MAX_CLASSES); a column mixing words and
 * numbers is refused. A first row is a header when it has a word and
 * not every feature cell is a number (so 1,2,setosa is data). Accepted: a UTF-8
 * BOM, CRLF or LF line ends, blank lines, a header row (the first
 * non-blank row, when any cell is a word: it starts with a letter, '_' or
 * a non-ASCII byte and is not nan, inf or infinity), spaces around
 * cells.
 * Refused with err filled (1-based line and column, a short message such
 * as "expected a number, got 'abc'", "row has 3 cells, the first row had
 * 4", "labels are class names in the rows before, got '7'", "NUL byte", "no data rows"): every
 * other form, quoted cells included. Numbers are parsed without the
 * locale, strictly (no nan, inf, hex). Limits as above ("too many
 * columns"). Returns NN_OK with *out set, NN_EFORMAT, NN_ERANGE or
 * NN_ENOMEM. NN_ERANGE is for the size limits only ("too many columns",
 * "too many rows"); everything malformed, out-of-range numbers and bad
 * labels included, is NN_EFORMAT. Columns count bytes from 1, after a
 * BOM; "no data rows" points at the line after the last. err may be
 * NULL. */
nn_status nn_data_parse_csv(const char *buf, size_t len, nn_data **out,
                            nn_errinfo *err);

#endif
