/*
 * status.h - status codes shared by the whole engine.
 *
 * Fallible engine functions return an nn_status; NN_OK is 0. The codes and
 * their texts live in one X-macro list so nn_strerror() cannot drift from
 * them. Readers that need detail also fill an nn_errinfo. The engine never
 * formats a user-facing message: the interpreter does.
 * Ownership: nothing here allocates.
 */
#ifndef NEURON_ENGINE_STATUS_H
#define NEURON_ENGINE_STATUS_H

#include <stddef.h> /* size_t */

#define NN_STATUS_LIST(X)                                   \
    X(NN_OK, "ok")                                          \
    X(NN_ENOMEM, "out of memory")                           \
    X(NN_EDIM, "sizes do not match")                        \
    X(NN_ERANGE, "value out of range")                      \
    X(NN_EFORMAT, "malformed input")                        \
    X(NN_EIO, "input/output error")                         \
    X(NN_EDEPTH, "nested too deeply")                       \
    X(NN_EUNDEF, "not defined")                             \
    X(NN_EINTR, "interrupted")

typedef enum nn_status {
#define NN_STATUS_ENUM(code, text) code,
    NN_STATUS_LIST(NN_STATUS_ENUM)
#undef NN_STATUS_ENUM
    NN_STATUS_COUNT
} nn_status;

/* Detail a reader leaves for the caller: where it stopped and why. */
typedef struct nn_errinfo {
    nn_status code;   /* the same code the function returned */
    long line;        /* 1-based line of the problem, 0 when not known */
    long column;      /* 1-based column, 0 when not known */
    char msg[160];    /* short lower-case detail, "" when none */
} nn_errinfo;

/* The text of a status code ("out of memory"); a static string, never NULL.
 * Codes out of range give "unknown error". */
const char *nn_strerror(nn_status code);

#endif
