/*
 * suggest.h - "did you mean" for misspelt names.
 *
 * Feed candidates one by one; the closest within a small edit distance
 * (Damerau-Levenshtein, ASCII case ignored) wins, ties to the first seen.
 * Ownership: the suggester keeps a copy of the best candidate.
 */
#ifndef NEURON_INTERP_SUGGEST_H
#define NEURON_INTERP_SUGGEST_H

#include <stddef.h> /* size_t */

typedef struct suggest {
    const char *word;   /* the misspelt word (borrowed) */
    size_t len;
    size_t best_dist;   /* distance of best, or SIZE_MAX */
    char best[64];      /* the best candidate so far, "" when none */
} suggest;

/* Starts looking for names close to word[0..len). */
void suggest_init(suggest *s, const char *word, size_t len);

/* Offers one candidate name. */
void suggest_offer(suggest *s, const char *name);

/* The best candidate close enough to be a likely typo, or NULL. */
const char *suggest_result(const suggest *s);

#endif
