/*
 * rng.h - the seeded random generator: the same numbers on every platform.
 *
 * xoshiro256** (Blackman and Vigna, 2018) seeded through splitmix64, so any
 * 64-bit seed gives a well-mixed state. Only integer arithmetic decides the
 * stream; uniform doubles take the top 53 bits. Normal draws use the polar
 * (Marsaglia) method, which needs only log and sqrt.
 * Ownership: nn_rng is plain data the caller owns; nothing allocates.
 */
#ifndef NEURON_ENGINE_RNG_H
#define NEURON_ENGINE_RNG_H

#include <stdint.h> /* uint64_t */

#include "status.h" /* nn_status: a state that cannot be set */

typedef struct nn_rng {
    uint64_t s[4];     /* xoshiro256** state, never all zero */
    double spare;      /* second normal draw of the polar method */
    int has_spare;     /* 1 when `spare` holds an unused draw */
} nn_rng;

/* Seed the generator; equal seeds give equal streams everywhere. */
void nn_rng_seed(nn_rng *r, uint64_t seed);

/* Next 64 random bits. */
uint64_t nn_rng_next(nn_rng *r);

/* Uniform double in [0, 1), a multiple of 2^-53. */
double nn_rng_uniform(nn_rng *r);

/* Uniform double in [low, high); requires low <= high. */
double nn_rng_range(nn_rng *r, double low, double high);

/* Normal draw with the given mean and standard deviation (std >= 0). */
double nn_rng_normal(nn_rng *r, double mean, double std);

/* Uniform integer in [0, n) without modulo bias; n > 0. */
uint64_t nn_rng_below(nn_rng *r, uint64_t n);

/* ---- the whole state, to save a session and rebuild it exactly ---- */

/* Copies the state out: the four xoshiro words, and the spare normal draw
 * (*has_spare 1 when one is waiting, *spare its value, else 0). */
void nn_rng_get_state(const nn_rng *r, uint64_t words[4], int *has_spare,
                      double *spare);

/* Sets the state read by nn_rng_get_state, so the stream goes on exactly
 * where it was. NN_ERANGE, and r unchanged, when all four words are zero
 * (xoshiro's one stuck state) or the spare is not finite. */
nn_status nn_rng_set_state(nn_rng *r, const uint64_t words[4],
                           int has_spare, double spare);

#endif
