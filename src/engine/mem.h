/*
 * mem.h - every allocation of the engine and the interpreter, in one place.
 *
 * nn_malloc, nn_calloc, nn_realloc, nn_strdup and nn_aligned_alloc behave as the C library's
 * functions do (NULL on failure, nothing freed by a failed realloc) and are
 * released with free(). They exist so a test can make the Nth allocation
 * fail (SQLite's malloc-failure loop): nn_mem_fail_at(N, persist) arms the
 * hook, and every command must then end with "out of memory" and the
 * session as it was, or succeed. The hook costs one branch; it is off
 * unless a test arms it.
 * Ownership: callers own what they get and free it with free().
 */
#ifndef NEURON_ENGINE_MEM_H
#define NEURON_ENGINE_MEM_H

#include <stddef.h> /* size_t */

void *nn_malloc(size_t size);
void *nn_calloc(size_t count, size_t size);
void *nn_realloc(void *p, size_t size);
char *nn_strdup(const char *s);
/* aligned_alloc: align a power of two, size a multiple of it. */
void *nn_aligned_alloc(size_t align, size_t size);

/* Test hook: counting from now, the nth allocation fails (n >= 1), and
 * with persist every one after it too. n = 0 turns the hook off and
 * resets the counts. */
void nn_mem_fail_at(unsigned long n, int persist);

/* Allocations asked for since the hook was last set. */
unsigned long nn_mem_calls(void);

/* Allocations the hook refused since it was last set. */
unsigned long nn_mem_failures(void);

#endif
