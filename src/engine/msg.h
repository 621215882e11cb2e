/*
 * msg.h - short messages built without stdio, for the engine's readers
 * (CSV, IDX, saved networks) to fill an nn_errinfo: text appended to a
 * fixed buffer, cut short, never overrun.
 * Ownership: the buffer is the caller's (usually err->msg).
 */
#ifndef NEURON_ENGINE_MSG_H
#define NEURON_ENGINE_MSG_H

#include <stddef.h> /* size_t */
#include <stdint.h> /* uint32_t */

typedef struct nn_msg {
    char *s;       /* the buffer */
    size_t cap;    /* bytes in s, including the NUL */
    size_t len;    /* bytes written */
} nn_msg;

/* A message writing into buf[0..cap) (cap >= 1), emptied. */
nn_msg nn_msg_start(char *buf, size_t cap);

/* Appends one character, a string, a number in decimal, or a 32-bit value
 * as 0x%08x. */
void nn_msg_char(nn_msg *m, char c);
void nn_msg_text(nn_msg *m, const char *text);
void nn_msg_size(nn_msg *m, size_t v);
void nn_msg_hex32(nn_msg *m, uint32_t v);

/* Appends the user's bytes p[0..len): printable ASCII as is, the rest as
 * \xNN, at most `most` of them and then "...". */
void nn_msg_bytes(nn_msg *m, const char *p, size_t len, size_t most);

#endif
