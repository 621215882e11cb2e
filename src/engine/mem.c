/*
 * mem.c - the allocation functions and their failure hook.
 *
 * The counters are plain statics: the engine runs on one thread, and only
 * tests arm the hook. A zero-byte request asks for one byte, so NULL
 * always means failure (malloc(0) may return NULL on some systems).
 */
#include "mem.h"  /* nn_malloc: allocations a test can fail */

#include <stdlib.h> /* malloc, calloc, realloc, aligned_alloc */
#include <string.h> /* strlen, memcpy */

static unsigned long fail_at;   /* 0: the hook is off */
static int fail_persist;
static unsigned long calls, failures;

/* 1 when this allocation is to fail. */
static int refuse(void)
{
    if (fail_at == 0)
        return 0;
    calls++;
    if (calls == fail_at || (fail_persist && calls > fail_at)) {
        failures++;
        return 1;
    }
    return 0;
}

void *nn_malloc(size_t size)
{
    return refuse() ? NULL : malloc(size ? size : 1);
}

void *nn_calloc(size_t count, size_t size)
{
    if (refuse())
        return NULL;
    return count && size ? calloc(count, size) : calloc(1, 1);
}

void *nn_realloc(void *p, size_t size)
{
    return refuse() ? NULL : realloc(p, size ? size : 1);
}

void *nn_aligned_alloc(size_t align, size_t size)
{
    return refuse() ? NULL : aligned_alloc(align, size ? size : align);
}

char *nn_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = nn_malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

void nn_mem_fail_at(unsigned long n, int persist)
{
    fail_at = n;
    fail_persist = persist;
    calls = failures = 0;
}

unsigned long nn_mem_calls(void)
{
    return calls;
}

unsigned long nn_mem_failures(void)
{
    return failures;
}
