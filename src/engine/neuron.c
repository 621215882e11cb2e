/*
 * neuron.c - one neuron: z = sum_i w[i]*x[i] + b;  a = f(z).
 *
 * Layout: one malloc block holds the struct, then x (n doubles), then w
 * (n doubles), like genann's network. x and w point into the block, so
 * freeing the struct frees everything, and a copy is one block too.
 *
 *     [ nn_neuron | x[0] .. x[n-1] | w[0] .. w[n-1] ]
 *
 * The weighted sum is taken left to right, w[0]*x[0] + w[1]*x[1] + ...
 * + w[n-1]*x[n-1] + b, each product and each sum rounded on its own: `fire`
 * prints the arithmetic in that order, and what it prints must be what was
 * computed. So a*b + c must not be fused into one fma (rounded once):
 * -std=c11 implies -ffp-contract=off in GCC, and the standard pragma below
 * turns clang's default contraction off (GCC does not know the pragma and
 * would warn). A gnu11 GCC build for an FMA machine would still need
 * -ffp-contract=off; test_neuron_sum_rounds_each_product catches it.
 */
#include "neuron.h"
#include "mem.h"  /* nn_malloc: allocations a test can fail */

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

#include <math.h>     /* isfinite, sqrt */
#include <stdalign.h> /* alignof */
#include <stdlib.h>   /* malloc, free */
#include <string.h>   /* memcpy */

/* ---- allocation ------------------------------------------------------ */

/* Bytes before x in the block: the struct, rounded up to a double's
 * alignment (a no-op on usual ABIs, where the struct already holds doubles,
 * but it is what the layout needs, not what it happens to get). */
static size_t header_size(void)
{
    size_t align = alignof(double);
    return (sizeof(nn_neuron) + align - 1) / align * align;
}

/* n is checked before the size is computed, so the size cannot overflow:
 * at most ~64 bytes + 2 * 10^6 * 8 bytes = 16 MB. A NULL act is refused
 * too (NULL back), since the neuron promises act is never NULL. */
nn_neuron *nn_neuron_new(size_t n, const nn_act *act)
{
    if (n < 1 || n > NN_NEURON_MAX_INPUTS || act == NULL)
        return NULL;

    size_t head = header_size();
    nn_neuron *nr = nn_malloc(head + 2 * n * sizeof(double));
    if (nr == NULL)
        return NULL;

    nr->n = n;
    nr->x = (double *)((char *)nr + head);
    nr->w = nr->x + n;
    for (size_t i = 0; i < n; i++) {
        nr->x[i] = 0.0;
        nr->w[i] = 0.0;
    }
    nr->b = 0.0;
    nr->act = act;
    nr->param = act->param_default;
    return nr;
}

/* One free for the one block; NULL is fine, as for free(). */
void nn_neuron_free(nn_neuron *nr)
{
    free(nr); /* x and w live in the same block */
}

/* A fresh block with the same numbers; its x and w point into itself, not
 * into the original. */
nn_neuron *nn_neuron_copy(const nn_neuron *nr)
{
    if (nr == NULL)
        return NULL;

    nn_neuron *copy = nn_neuron_new(nr->n, nr->act);
    if (copy == NULL)
        return NULL;
    memcpy(copy->x, nr->x, nr->n * sizeof(double));
    memcpy(copy->w, nr->w, nr->n * sizeof(double));
    copy->b = nr->b;
    copy->param = nr->param;
    return copy;
}

/* ---- forward --------------------------------------------------------- */

/* z = w[0]*x[0] + w[1]*x[1] + ... + w[n-1]*x[n-1] + b,  x, w: (n).
 * Starts from the first product rather than from 0, as the printed sum
 * does (0 + -0 would turn a -0 into +0). */
double nn_neuron_sum(const nn_neuron *nr)
{
    double z = nr->w[0] * nr->x[0];
    for (size_t i = 1; i < nr->n; i++)
        z += nr->w[i] * nr->x[i];
    return z + nr->b;
}

/* z as above; a = f(z, param) */
void nn_neuron_fire(const nn_neuron *nr, double *z, double *a)
{
    double sum = nn_neuron_sum(nr);

    if (z != NULL)
        *z = sum;
    if (a != NULL)
        *a = nr->act->f(sum, nr->param);
}

/* ---- initial weights ------------------------------------------------- */

/* NN_OK when p1, p2 suit `how`; every check happens before anything is
 * drawn or written, so an error leaves the neuron and r untouched. */
static nn_status check_init(nn_init how, double p1, double p2)
{
    switch (how) {
    case NN_INIT_ZEROS:
    case NN_INIT_XAVIER:
    case NN_INIT_HE:
        return NN_OK; /* p1, p2 are ignored */
    case NN_INIT_RANDOM: /* low = p1, high = p2 */
        if (!isfinite(p1) || !isfinite(p2) || p1 > p2)
            return NN_ERANGE;
        return NN_OK;
    case NN_INIT_NORMAL: /* mean = p1, std = p2 */
        if (!isfinite(p1) || !isfinite(p2) || p2 < 0)
            return NN_ERANGE;
        return NN_OK;
    }
    return NN_ERANGE; /* not a member of nn_init */
}

/* Draw order, part of what a seed promises: w1, ..., wn, then b (RANDOM and
 * NORMAL); XAVIER and HE draw only w and set b = 0.
 *   RANDOM: w, b ~ uniform [low, high)
 *   NORMAL: w, b ~ normal(mean, std)
 *   XAVIER: w ~ uniform [-L, L),  L = sqrt(6 / (n + 1))  (Glorot and Bengio
 *           2010, fan_in = n, fan_out = 1; variance L^2/3 = 2/(n + 1))
 *   HE:     w ~ normal(0, sqrt(2 / n))  (He et al. 2015, fan_in = n)
 * x is never touched. r may be NULL for ZEROS only. */
nn_status nn_neuron_init(nn_neuron *nr, nn_init how, double p1, double p2,
                         nn_rng *r)
{
    nn_status status = check_init(how, p1, p2);
    if (status != NN_OK)
        return status;

    size_t n = nr->n;
    double limit = sqrt(6.0 / ((double)n + 1.0));
    double he_std = sqrt(2.0 / (double)n);

    switch (how) {
    case NN_INIT_ZEROS:
        for (size_t i = 0; i < n; i++)
            nr->w[i] = 0.0;
        nr->b = 0.0;
        break;
    case NN_INIT_RANDOM:
        for (size_t i = 0; i < n; i++)
            nr->w[i] = nn_rng_range(r, p1, p2);
        nr->b = nn_rng_range(r, p1, p2);
        break;
    case NN_INIT_NORMAL:
        for (size_t i = 0; i < n; i++)
            nr->w[i] = nn_rng_normal(r, p1, p2);
        nr->b = nn_rng_normal(r, p1, p2);
        break;
    case NN_INIT_XAVIER:
        for (size_t i = 0; i < n; i++)
            nr->w[i] = nn_rng_range(r, -limit, limit);
        nr->b = 0.0;
        break;
    case NN_INIT_HE:
        for (size_t i = 0; i < n; i++)
            nr->w[i] = nn_rng_normal(r, 0.0, he_std);
        nr->b = 0.0;
        break;
    }
    return NN_OK;
}
