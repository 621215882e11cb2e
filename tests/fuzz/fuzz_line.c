/*
 * fuzz_line.c - libFuzzer target: the whole line interpreter, a fresh
 * session with a memory sink per input, run as a script with
 * --keep-going. Every command is open to it, training and networks
 * included; two things keep it safe and fast:
 *   - files_deny: no file is read or written (run, save, record, load,
 *     data load, lesson and plots to files all fail with "file access is
 *     off"), so random bytes never block on /dev/stdin or litter the
 *     folder;
 *   - a CPU budget: after 5 ms of the process's time the session's
 *     interrupt flag is raised, as Ctrl-C would, so `train 1000000` stops
 *     at an epoch boundary the way a learner's interrupt does (and the
 *     interrupt paths are fuzzed too). The rest of the input then runs
 *     interrupted, as a script after Ctrl-C does: it stops.
 * Built with FUZZ_OOM (fuzz_line_oom.c), one allocation of the commands
 * also fails: which one comes from the input's bytes, so every command's
 * out-of-memory paths meet random input (ASan and LSan watch them).
 * The replay build (tests/fuzz/replay.c) runs saved inputs the same way.
 */
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/time.h>

#include "engine/mem.h"
#include "interp/files.h"
#include "interp/interp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile sig_atomic_t spent;

static void on_budget(int sig)
{
    (void)sig;
    spent = 1;
}

/* Raises `spent` after ms of CPU time (ITIMER_VIRTUAL: libFuzzer's own
 * -timeout uses SIGALRM, which this leaves alone). */
static void arm_budget(long ms)
{
    static int installed;
    if (!installed) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_budget;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGVTALRM, &sa, NULL);
        installed = 1;
    }
    struct itimerval t = { { 0, 0 }, { ms / 1000, (ms % 1000) * 1000 } };
    spent = 0;
    setitimer(ITIMER_VIRTUAL, &t, NULL);
}

static void disarm_budget(void)
{
    struct itimerval off = { { 0, 0 }, { 0, 0 } };
    setitimer(ITIMER_VIRTUAL, &off, NULL);
}

/* With FUZZ_OOM: the Nth allocation fails, N from 1 to 256 by the input's
 * FNV-1a hash, and for a third of the inputs every one after it too. */
static void arm_failure(const uint8_t *data, size_t size)
{
#ifdef FUZZ_OOM
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 16777619u;
    nn_mem_fail_at(1 + h % 256, h / 256 % 3 == 0);
#else
    (void)data;
    (void)size;
#endif
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    files_deny(1);
    out *o = out_new_memory();
    sess *s = o ? sess_new(o) : NULL;
    if (s) {
        s->keep_going = 1;
        s->interrupted = &spent;
        arm_budget(5);
        arm_failure(data, size);
        interp_run_buffer(s, "fuzz", (const char *)data, size);
        nn_mem_fail_at(0, 0);
        disarm_budget();
    }
    sess_free(s);
    out_free(o);
    return 0;
}
