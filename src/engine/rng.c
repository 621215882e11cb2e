/*
 * rng.c - xoshiro256** seeded through splitmix64.
 *
 * The stream is decided by integer arithmetic alone (shifts, xors,
 * rotations and multiplications mod 2^64), so a seed gives the same bits on
 * every platform and compiler. Doubles are made from those bits in exactly
 * one way each: uniform takes the top 53 bits; range, normal and below are
 * built on uniform and next. The algorithms are the reference ones by
 * Blackman and Vigna (https://prng.di.unimi.it/xoshiro256starstar.c and
 * splitmix64.c); tests/test_rng.c checks the first outputs for seed 42
 * against an independent implementation.
 */
#include "rng.h"

#include <math.h>   /* log, sqrt, isfinite, nextafter */
#include <stdint.h> /* uint64_t, UINT64_C */

/* ---- the generator --------------------------------------------------- */

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* splitmix64: advance *state by the golden-ratio step and scramble it. Its
 * output is a bijection of the state, so four successive outputs are four
 * different numbers and at most one of them is zero: the xoshiro state it
 * seeds is never all zero. */
static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* s[0..3] = the first four splitmix64 outputs from state = seed. */
void nn_rng_seed(nn_rng *r, uint64_t seed)
{
    uint64_t state = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&state);
    r->spare = 0.0;
    r->has_spare = 0; /* a spare from the old stream must not leak in */
}

/* xoshiro256**: output rotl(s1 * 5, 7) * 9, then the linear state step. */
uint64_t nn_rng_next(nn_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* ---- doubles --------------------------------------------------------- */

/* u = (next >> 11) * 2^-53: the top 53 bits, so every value is exact and
 * the largest is 1 - 2^-53 < 1. */
double nn_rng_uniform(nn_rng *r)
{
    return (double)(nn_rng_next(r) >> 11) * 0x1.0p-53;
}

/* x = low + (high - low)*u.  When high - low overflows (low = -1e308,
 * high = 1e308) use low*(1 - u) + high*u, which stays finite; 1 - u is
 * exact for a multiple of 2^-53. Rounding can land on high itself (e.g.
 * low = 1, high = 1 + 2^-52): then step back to the double below it, so
 * the result is always in [low, high), or low when low == high. */
double nn_rng_range(nn_rng *r, double low, double high)
{
    double u = nn_rng_uniform(r);
    double width = high - low;
    double x;

    if (isfinite(width))
        x = low + width * u;
    else
        x = low * (1.0 - u) + high * u;
    if (x >= high)
        x = low < high ? nextafter(high, low) : low;
    if (x < low)
        x = low;
    return x;
}

/* Marsaglia's polar method: draw (u, v) uniform in the square [-1, 1)^2
 * until s = u^2 + v^2 is in (0, 1); then u*m and v*m with
 * m = sqrt(-2 ln(s) / s) are two independent standard normals. The first
 * is returned, the second kept as the spare for the next call. Each try is
 * accepted with probability pi/4. */
double nn_rng_normal(nn_rng *r, double mean, double std)
{
    if (r->has_spare) {
        r->has_spare = 0;
        return mean + std * r->spare;
    }

    double u, v, s;
    do {
        u = 2.0 * nn_rng_uniform(r) - 1.0;
        v = 2.0 * nn_rng_uniform(r) - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);

    double m = sqrt(-2.0 * log(s) / s);
    r->spare = v * m;
    r->has_spare = 1;
    return mean + std * (u * m);
}

/* ---- integers -------------------------------------------------------- */

/* Rejection with a threshold (as OpenBSD's arc4random_uniform): 2^64 mod n
 * draws are thrown away, threshold = (2^64 - n) mod n, so the accepted
 * draws [threshold, 2^64) number an exact multiple of n and x mod n is
 * uniform. At most half the draws are rejected, on average far fewer.
 * n = 0 breaks the contract; it returns 0 rather than divide by zero. */
uint64_t nn_rng_below(nn_rng *r, uint64_t n)
{
    if (n == 0)
        return 0;

    uint64_t threshold = (0 - n) % n;
    for (;;) {
        uint64_t x = nn_rng_next(r);
        if (x >= threshold)
            return x % n;
    }
}

/* ---- the whole state ------------------------------------------------- */

void nn_rng_get_state(const nn_rng *r, uint64_t words[4], int *has_spare,
                      double *spare)
{
    for (int i = 0; i < 4; i++)
        words[i] = r->s[i];
    *has_spare = r->has_spare;
    *spare = r->has_spare ? r->spare : 0.0;
}

/* All-zero words would make xoshiro output zeros for ever: refused. */
nn_status nn_rng_set_state(nn_rng *r, const uint64_t words[4],
                           int has_spare, double spare)
{
    if ((words[0] | words[1] | words[2] | words[3]) == 0)
        return NN_ERANGE;
    if (has_spare && !isfinite(spare))
        return NN_ERANGE;
    for (int i = 0; i < 4; i++)
        r->s[i] = words[i];
    r->has_spare = has_spare != 0;
    r->spare = has_spare ? spare : 0.0;
    return NN_OK;
}
