/*
 * stop.h - the caller's say in when a long computation gives up (Ctrl-C).
 *
 * The engine knows no signals, so a loop that may run long (a costly
 * definition evaluated, a large gzip file inflated) is handed an nn_stop.
 * It counts the work it does and, each time `every` units have built up,
 * asks the hook whether to stop; if so it returns NN_EINTR, with its
 * outputs as its contract says for any error. The interpreter's hook reads
 * the flag its SIGINT handler sets (Lua's way: the handler sets a flag,
 * long loops look at it). Asking only every so often keeps the cost of the
 * check out of the inner loop.
 * Ownership: the caller owns the nn_stop and what ctx points to; the
 * engine only adds to its counter.
 */
#ifndef NEURON_ENGINE_STOP_H
#define NEURON_ENGINE_STOP_H

#include <stddef.h> /* size_t */

typedef struct nn_stop {
    int (*asked)(void *ctx);  /* nonzero: stop now; NULL never stops */
    void *ctx;                /* passed to asked */
    size_t work;              /* work counted since asked was last called */
} nn_stop;

/* Counts n units of work done; once `every` units have built up since the
 * hook was last asked, asks it (and starts counting again). Returns 1 when
 * the computation must stop, 0 to go on; s NULL never stops.
 *   if (nn_stop_poll(stop, chunk, (size_t)1 << 20)) return NN_EINTR;
 */
static inline int nn_stop_poll(nn_stop *s, size_t n, size_t every)
{
    if (s == NULL || s->asked == NULL)
        return 0;
    if (s->work < every && n < every - s->work) {  // no wrap-around
        s->work += n;
        return 0;
    }
    s->work = 0;
    return s->asked(s->ctx) != 0;
}

#endif
