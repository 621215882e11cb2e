/*
 * keys.h - the bytes a terminal sends for a key, turned back into keys:
 * the decoder `tune` reads its panel with.
 *
 * A terminal in raw mode sends a plain key as its byte ('q', '7', Tab is
 * 9, Enter 13) and a special key as an escape sequence: Up is ESC [ A
 * (or ESC O A in application mode), Shift+Up ESC [ 1 ; 2 A, Page Up
 * ESC [ 5 ~. Esc alone is the byte ESC with nothing after it, so a lone
 * ESC is told from the start of a sequence only by time: the caller reads
 * with a short timeout, and when it expires with bytes still held it calls
 * keys_next with `final` set, which gives the ESC as the key Esc. A
 * sequence split across two reads is held until its end arrives. The
 * decoder does no I/O: bytes go in with keys_push, keys come out of
 * keys_next.
 * Ownership: a keys_decoder is plain data, zeroed to start.
 */
#ifndef NEURON_INTERP_KEYS_H
#define NEURON_INTERP_KEYS_H

#include <stddef.h> /* size_t */

/* The keys the decoder knows. */
typedef enum key_kind {
    KEY_NONE,        /* nothing (yet) */
    KEY_CHAR,        /* a printable ASCII character: key.ch */
    KEY_ENTER,       /* CR or LF */
    KEY_ESC,         /* Esc on its own */
    KEY_TAB,
    KEY_BACKTAB,     /* Shift+Tab: ESC [ Z */
    KEY_BACKSPACE,   /* DEL (127) or Ctrl-H */
    KEY_UP, KEY_DOWN, KEY_LEFT, KEY_RIGHT,
    KEY_SHIFT_UP, KEY_SHIFT_DOWN,   /* ESC [ 1 ; 2 A, or rxvt's ESC [ a */
    KEY_PAGE_UP, KEY_PAGE_DOWN,     /* ESC [ 5 ~, ESC [ 6 ~ */
    KEY_HOME, KEY_END,
    KEY_CTRL_C,      /* byte 3, when the terminal does not make it SIGINT */
    KEY_CTRL_D,      /* byte 4 */
    KEY_CTRL_Z,      /* byte 26, when the terminal does not make it
                        SIGTSTP */
    KEY_OTHER        /* a sequence or byte with no meaning here */
} key_kind;

typedef struct key {
    key_kind kind;
    char ch;         /* the character of KEY_CHAR, else 0 */
} key;

/* Most bytes one sequence may take; a longer one is dropped as KEY_OTHER. */
#define KEYS_SEQ_MAX 16

typedef struct keys_decoder {
    unsigned char buf[64];   /* bytes pushed and not yet decoded */
    size_t n;
} keys_decoder;

/* Adds bytes in[0..n) to those waiting. Returns the count taken: fewer
 * than n only when the decoder is full (call keys_next until it returns
 * 0, then push the rest). */
size_t keys_push(keys_decoder *d, const unsigned char *in, size_t n);

/* Takes the next whole key from the bytes waiting: 1 with *k set, or 0
 * when there is none yet. Bytes that may be the start of a sequence (ESC,
 * ESC [, ESC [ 1 ; ...) wait for more unless `final` (the read timed out):
 * then a lone ESC is KEY_ESC, an unfinished sequence KEY_OTHER. */
int keys_next(keys_decoder *d, int final, key *k);

/* 1 while bytes are waiting (a read with a timeout should follow). */
int keys_pending(const keys_decoder *d);

/* The key's name for messages and tests ("Up", "Shift+Up", "q"): a
 * static string, or buf (at least 8 bytes) for a character. */
const char *keys_name(key k, char *buf);

#endif
