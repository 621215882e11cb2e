/*
 * pool.c - worker threads for the network's products (pool.h).
 *
 * A job is a number of parts, handed out one at a time: the caller and
 * the workers each take the next part not yet taken, until none is left.
 * Who takes which part varies from run to run, what a part computes does
 * not. A worker that is not on a core (the machine is busy) takes nothing,
 * and the caller does its parts: nobody waits for a thread that is not
 * running, except for a part it has already started.
 *
 * One atomic word, `ticket`, says it all: the job's number, its parts,
 * and the next part to take (job << 16 | parts << 8 | next). A part is
 * taken by compare-and-swap of next to next + 1, so a worker that wakes
 * late cannot take a part of a job already finished: the job number has
 * moved on. The job (fn, ctx) is written before the ticket is published
 * with release order and read after a part is taken with acquire order;
 * the caller writes the next job only when every part is done (each done
 * count releases its part's writes, which the caller's wait acquires).
 *
 * Waiting for work is a short spin, since a training step hands out a job
 * every few dozen microseconds and waking a sleeping thread costs about
 * as much; a worker that has spun for long without work sleeps on a
 * condition variable, and the next job wakes it. One job at a time: a
 * second thread that calls nn_pool_run while a job runs does its parts
 * itself.
 */
#include "pool.h"

#include <pthread.h>   /* the workers, their lock and wake-up signal */
#include <signal.h>    /* sigfillset: the workers take no signals */
#include <stdatomic.h> /* the ticket, the done count */
#include <unistd.h>    /* sysconf: the number of online cores */

#define MAX_PARTS 255    /* parts of one job: 8 bits of the ticket */
#define SPINS 4000       /* looks at the ticket before sleeping */

static struct {
    pthread_mutex_t run;     /* held while a job runs */
    pthread_mutex_t lock;    /* guards sleepers and the wake-up */
    pthread_cond_t wake;
    size_t want;             /* threads to use; 0: NN_POOL_DEFAULT */
    size_t started;          /* workers running */
    size_t sleepers;         /* workers waiting on wake */
    atomic_size_t ticket;    /* job << 16 | parts << 8 | next part */
    atomic_size_t done;      /* parts of this job finished */
    nn_pool_fn *fn;          /* the job: fn(ctx, part, parts) */
    void *ctx;
} pool = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
           PTHREAD_COND_INITIALIZER, 0, 0, 0, 0, 0, NULL, NULL };

static size_t ticket_job(size_t t) { return t >> 16; }
static size_t ticket_parts(size_t t) { return t >> 8 & 0xff; }
static size_t ticket_next(size_t t) { return t & 0xff; }

/* A hint to the core that this is a busy wait. */
static inline void relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

size_t nn_pool_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (size_t)n;
}

/* n, or the default for 0, cut to 1 .. NN_POOL_MAX */
static size_t thread_count(size_t n)
{
    if (n == 0)
        n = nn_pool_cores();
    return n > NN_POOL_MAX ? NN_POOL_MAX : n;
}

void nn_pool_set_threads(size_t n)
{
    pthread_mutex_lock(&pool.run); /* not while a job is running */
    pool.want = thread_count(n);
    pthread_mutex_unlock(&pool.run);
}

size_t nn_pool_threads(void)
{
    pthread_mutex_lock(&pool.run);
    if (pool.want == 0)
        pool.want = NN_POOL_DEFAULT;
    size_t n = pool.want;
    pthread_mutex_unlock(&pool.run);
    return n;
}

/* Takes and runs parts of the job in ticket t until none is left. */
static void take_parts(size_t t)
{
    while (ticket_next(t) < ticket_parts(t)) {
        if (!atomic_compare_exchange_weak_explicit(
                &pool.ticket, &t, t + 1, memory_order_acquire,
                memory_order_acquire))
            continue; /* t is now the ticket as it is: look again */
        pool.fn(pool.ctx, ticket_next(t), ticket_parts(t));
        atomic_fetch_add_explicit(&pool.done, 1, memory_order_release);
        t++;
    }
}

/* A worker: wait for a new job, take parts of it. */
static void *worker(void *arg)
{
    (void)arg;
    size_t seen = 0; /* the job last looked at */
    for (;;) {
        size_t t;
        int spins = 0;
        while (ticket_job(t = atomic_load_explicit(
                              &pool.ticket, memory_order_acquire)) == seen) {
            if (++spins < SPINS) {
                relax();
                continue;
            }
            pthread_mutex_lock(&pool.lock);
            pool.sleepers++;
            while (ticket_job(atomic_load_explicit(
                       &pool.ticket, memory_order_acquire)) == seen)
                pthread_cond_wait(&pool.wake, &pool.lock);
            pool.sleepers--;
            pthread_mutex_unlock(&pool.lock);
            spins = 0;
        }
        seen = ticket_job(t);
        take_parts(t);
    }
    return NULL;
}

/* Starts workers until there are n - 1; returns how many there are. The
 * workers block every signal (a thread starts with its creator's mask),
 * so that the process's signals all go to the threads that were there
 * before: a Ctrl-C still interrupts the caller's blocking read or write,
 * as the front ends expect. */
static size_t start_workers(size_t n)
{
    if (pool.started + 1 >= n)
        return pool.started;
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    while (pool.started + 1 < n) {
        pthread_t t;
        pthread_attr_t attr;
        if (pthread_attr_init(&attr) != 0)
            break;
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        int err = pthread_create(&t, &attr, worker, NULL);
        pthread_attr_destroy(&attr);
        if (err != 0)
            break;
        pool.started++;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return pool.started;
}

void nn_pool_run(nn_pool_fn *fn, void *ctx, size_t parts)
{
    if (parts > MAX_PARTS)
        parts = MAX_PARTS;
    if (parts > 1 && pthread_mutex_trylock(&pool.run) == 0) {
        if (pool.want == 0)
            pool.want = NN_POOL_DEFAULT;
        if (pool.want > 1 && start_workers(pool.want) > 0) {
            pool.fn = fn;
            pool.ctx = ctx;
            atomic_store_explicit(&pool.done, 0, memory_order_relaxed);
            size_t t = atomic_load_explicit(&pool.ticket,
                                            memory_order_relaxed);
            t = (ticket_job(t) + 1) << 16 | parts << 8;
            atomic_store_explicit(&pool.ticket, t, memory_order_release);
            pthread_mutex_lock(&pool.lock);
            if (pool.sleepers > 0)
                pthread_cond_broadcast(&pool.wake);
            pthread_mutex_unlock(&pool.lock);
            take_parts(t);
            while (atomic_load_explicit(&pool.done, memory_order_acquire) <
                   parts)
                relax(); /* parts other threads have started */
            pthread_mutex_unlock(&pool.run);
            return;
        }
        pthread_mutex_unlock(&pool.run);
    }
    for (size_t part = 0; part < parts; part++)
        fn(ctx, part, parts);
}
