/*
 * suggest.c - "did you mean" for misspelt names.
 *
 * The distance is Damerau-Levenshtein in its optimal-string-alignment form:
 * the fewest insertions, deletions, substitutions and swaps of two
 * neighbouring letters that turn one word into the other (`sigmod` ->
 * `sigmoid` is 1, `Relu` -> `rleu` is 1), ASCII case ignored. Words are
 * compared on their first SUGGEST_MAX bytes, so the table of distances is
 * three fixed rows on the stack: nothing is allocated.
 *
 * A candidate counts as a likely typo when its distance is at most 1 for a
 * word of up to 4 letters, 2 up to 8, else 3, and less than the word's
 * length (so `ab` never suggests `xy`).
 */
#include <stdint.h>
#include <string.h>

#include "suggest.h"

/* Bytes of each word compared; also what best[] holds without its NUL. */
#define SUGGEST_MAX 63

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static size_t min2(size_t a, size_t b)
{
    return a < b ? a : b;
}

/* Optimal string alignment distance between a[0..n) and b[0..m), both at
 * most SUGGEST_MAX. Row i of the table d is d[i][j] = distance between
 * a's first i bytes and b's first j; only rows i-2, i-1 and i are kept. */
static size_t distance(const char *a, size_t n, const char *b, size_t m)
{
    size_t rows[3][SUGGEST_MAX + 1];
    size_t *two_up = rows[0], *up = rows[1], *row = rows[2];

    for (size_t j = 0; j <= m; j++)
        up[j] = j;
    for (size_t i = 1; i <= n; i++) {
        int ai = lower((unsigned char)a[i - 1]);
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            int bj = lower((unsigned char)b[j - 1]);
            size_t cost = ai != bj;
            size_t d = min2(up[j] + 1, row[j - 1] + 1);   // delete, insert
            d = min2(d, up[j - 1] + cost);                 // substitute
            if (i > 1 && j > 1 && ai == lower((unsigned char)b[j - 2])
                && lower((unsigned char)a[i - 2]) == bj)
                d = min2(d, two_up[j - 2] + 1);            // swap
            row[j] = d;
        }
        size_t *spare = two_up;
        two_up = up;
        up = row;
        row = spare;
    }
    return up[m];
}

/* Largest distance that still looks like a typo of a word of n bytes. */
static size_t tolerance(size_t n)
{
    return n <= 4 ? 1 : n <= 8 ? 2 : 3;
}

void suggest_init(suggest *s, const char *word, size_t len)
{
    s->word = word;
    s->len = min2(len, SUGGEST_MAX);
    s->best_dist = SIZE_MAX;
    s->best[0] = '\0';
}

/* Ignores NULL, empty and over-long candidates (best[] could not hold
 * them). A tie keeps the earlier candidate. */
void suggest_offer(suggest *s, const char *name)
{
    if (name == NULL)
        return;
    size_t m = strlen(name);
    if (m == 0 || m > SUGGEST_MAX)
        return;
    size_t d = distance(s->word, s->len, name, m);
    if (d > tolerance(s->len) || d >= s->len || d >= s->best_dist)
        return;
    memcpy(s->best, name, m + 1);
    s->best_dist = d;
}

const char *suggest_result(const suggest *s)
{
    return s->best_dist != SIZE_MAX ? s->best : NULL;
}
