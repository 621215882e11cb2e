/*
 * tune.h - the knobs of `tune`: the parameters a panel turns, and what
 * each key does to them.
 *
 * A panel holds a row of named numbers (w1, w2, b; or a ReLU unit's
 * weight and bias, "n3 w", "n3 b"), one of them picked. Keys (keys.h)
 * pick another (Left/Right, Tab/Shift+Tab), nudge the picked one by a
 * fine step (Up/Down) or a coarse one (Shift+Up/Down, PgUp/PgDn), or type
 * a number for it: digits, '.', '-' and 'e' build the number on the
 * panel, Backspace takes a character back, and Enter or any key that
 * picks or nudges sets it (a nudge then starts from it). Enter with
 * nothing typed keeps the values; Esc or q puts every value back as it
 * was when the panel opened (Esc with a number half typed only drops the
 * number). The panel knows nothing of the session: cmd_tune.c copies
 * the values in and out and draws the picture.
 * Ownership: a tune_panel is plain data.
 */
#ifndef NEURON_INTERP_TUNE_H
#define NEURON_INTERP_TUNE_H

#include <stddef.h> /* size_t */

#include "keys.h" /* key: what the learner pressed */

/* Most numbers one panel turns (a sum of 32 units has 64). */
#define TUNE_MAX 64

/* The steps: Up/Down, and Shift+Up/Down or PgUp/PgDn. */
#define TUNE_FINE 0.1
#define TUNE_COARSE 1.0

/* Longest number typed. */
#define TUNE_TYPED_MAX 24

typedef struct tune_param {
    char name[48];     /* "w1", "b", "n3 w" */
    double value;      /* now */
    double start;      /* when the panel opened: Esc puts it back */
} tune_param;

typedef struct tune_panel {
    tune_param param[TUNE_MAX];
    size_t n;                       /* parameters */
    size_t at;                      /* the one picked */
    char typed[TUNE_TYPED_MAX + 1]; /* a number being typed, or "" */
    char note[96];                  /* a word for the status line ("not a
                                       number: 1e"), or "" */
} tune_panel;

/* What a key did. */
typedef enum tune_do {
    TUNE_SAME,      /* nothing the picture shows (the typed text may have
                       changed: the panel is redrawn anyway) */
    TUNE_SET,       /* the picked value changed */
    TUNE_KEEP,      /* Enter: close, keeping the values */
    TUNE_PUT_BACK   /* Esc, q, Ctrl-C, Ctrl-D: close, values put back */
} tune_do;

/* Empties the panel. */
void tune_init(tune_panel *t);

/* Adds a parameter named name (cut to fit) with its value now. 0, or -1
 * when the panel holds TUNE_MAX already. */
int tune_add(tune_panel *t, const char *name, double value);

/* Applies one key to the panel; says what changed. */
tune_do tune_key(tune_panel *t, key k);

/* v + by, with the rounding noise of binary fractions taken off (0.5 +
 * 0.1 + 0.1 is 0.7, not 0.7000000000000001): the sum is rounded to 9
 * decimals, below 1e6 in size. */
double tune_stepped(double v, double by);

/* 1 when some value differs from its start. */
int tune_changed(const tune_panel *t);

/* Puts every value back to its start. */
void tune_put_back(tune_panel *t);

#endif
