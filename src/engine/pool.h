/*
 * pool.h - the worker threads that share the network's matrix products.
 *
 * A job is split into parts; nn_pool_run calls fn(ctx, part, parts) once
 * for each part, on the caller's thread or a worker's, whichever takes it
 * first, and returns when all are done. Who runs a part never changes
 * what it computes: a caller that gives each output element to one part,
 * computed there in a fixed order, gets the same bits with 1 thread or 8.
 * A few parts per thread let the threads that are running share the work
 * when the machine is busy and one of them is not.
 *
 * The pool is the engine's one piece of process-wide state, as the cores
 * are the process's: the count is a setting of the process, not of a
 * session or a network. Workers start on the first job that has more
 * than one part (start-up pays nothing), wait for work by spinning a
 * little, then sleeping, and live until the process ends.
 * Ownership: the pool owns its threads; ctx stays the caller's.
 */
#ifndef NEURON_ENGINE_POOL_H
#define NEURON_ENGINE_POOL_H

#include <stddef.h> /* size_t */

#define NN_POOL_MAX 8 /* threads at most: the products gain little past */

/* Threads until set otherwise: 1. Since the products skip the pictures'
 * zeros (issue 16), a batch of T1 is about 80 us of work on one core of
 * the 2-core machine this project is measured on. On that machine, idle,
 * a second thread made a T1 epoch 7% shorter (0.0175 s against 0.0188);
 * with the other core busy (a shell loop, as a browser or a second
 * program would), 25-35% longer (0.031-0.034 s against 0.025): a worker
 * the system stops in the middle of its part keeps the caller waiting.
 * Too little to win for too much to lose, so one thread unless asked:
 * NEURON_THREADS or `threads` set the count, 0 one a core. */
#define NN_POOL_DEFAULT 1

/* One part of a job: part is 0 .. parts-1. */
typedef void nn_pool_fn(void *ctx, size_t part, size_t parts);

/* Sets the number of threads the products use, the caller's included:
 * 1 .. NN_POOL_MAX (larger counts are cut to NN_POOL_MAX), or 0 for one
 * a core, the machine's online cores up to NN_POOL_MAX. Takes effect
 * from the next job.
 *   nn_pool_set_threads(1);   // everything on the caller's thread */
void nn_pool_set_threads(size_t n);

/* The number of threads jobs are split across (NN_POOL_DEFAULT until
 * set). */
size_t nn_pool_threads(void);

/* The online cores of the machine (at least 1). */
size_t nn_pool_cores(void);

/* Runs fn(ctx, part, parts) for part = 0 .. parts-1 (parts at most 255)
 * on the pool's threads and returns when all have returned. With one
 * thread, if workers cannot be started, or while another thread's job is
 * running, every part runs on the caller's thread, one after another: the
 * same results, more slowly (so fn may itself call nn_pool_run). */
void nn_pool_run(nn_pool_fn *fn, void *ctx, size_t parts);

#endif
