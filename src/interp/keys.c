/*
 * keys.c - terminal bytes to keys (keys.h).
 *
 * The sequences (ECMA-48 and what xterm, rxvt, the Linux console and tmux
 * send):
 *   CSI = ESC [ then parameter bytes 0x30-0x3f (digits and ';'), then
 *         intermediate bytes 0x20-0x2f, then one final byte 0x40-0x7e:
 *         A B C D arrows (parameters "1;2": with Shift), H F Home End,
 *         Z Shift+Tab, a b rxvt's Shift+Up and Shift+Down,
 *         N ~ with N = 5 Page Up, 6 Page Down, 1 or 7 Home, 4 or 8 End.
 *   SS3 = ESC O then one byte: arrows, Home and End in application mode.
 * Anything else after ESC (Alt+key) gives Esc, and the byte after it is
 * read as a key of its own.
 */
#include "keys.h"

#include <stdio.h>
#include <string.h>

#define ESC 27

size_t keys_push(keys_decoder *d, const unsigned char *in, size_t n)
{
    size_t room = sizeof d->buf - d->n, take = n < room ? n : room;
    memcpy(d->buf + d->n, in, take);
    d->n += take;
    return take;
}

int keys_pending(const keys_decoder *d)
{
    return d->n > 0;
}

/* Drops the first n bytes. */
static void consume(keys_decoder *d, size_t n)
{
    memmove(d->buf, d->buf + n, d->n - n);
    d->n -= n;
}

/* The key a whole CSI sequence names: params[0..plen) and its final
 * byte. */
static key_kind csi_key(const unsigned char *params, size_t plen,
                        unsigned char final)
{
    unsigned first = 0, modifier = 1;  // "1;2": 1 and Shift (2)
    size_t i = 0;
    for (; i < plen && params[i] >= '0' && params[i] <= '9'; i++)
        first = first * 10 + (unsigned)(params[i] - '0');
    if (i < plen && params[i] == ';') {
        modifier = 0;
        for (i++; i < plen && params[i] >= '0' && params[i] <= '9'; i++)
            modifier = modifier * 10 + (unsigned)(params[i] - '0');
    }
    int shift = modifier == 2;
    switch (final) {
    case 'A': return shift ? KEY_SHIFT_UP : KEY_UP;
    case 'B': return shift ? KEY_SHIFT_DOWN : KEY_DOWN;
    case 'C': return KEY_RIGHT;
    case 'D': return KEY_LEFT;
    case 'H': return KEY_HOME;
    case 'F': return KEY_END;
    case 'Z': return KEY_BACKTAB;
    case 'a': return KEY_SHIFT_UP;     // rxvt
    case 'b': return KEY_SHIFT_DOWN;
    case '~':
        return first == 5 ? KEY_PAGE_UP : first == 6 ? KEY_PAGE_DOWN
             : first == 1 || first == 7 ? KEY_HOME
             : first == 4 || first == 8 ? KEY_END : KEY_OTHER;
    default:
        return KEY_OTHER;
    }
}

/* A key that is one byte other than ESC. */
static key byte_key(keys_decoder *d)
{
    unsigned char b = d->buf[0];
    key k = { KEY_OTHER, 0 };
    size_t len = 1;
    if (b == '\r' || b == '\n')
        k.kind = KEY_ENTER;
    else if (b == '\t')
        k.kind = KEY_TAB;
    else if (b == 127 || b == 8)
        k.kind = KEY_BACKSPACE;
    else if (b == 3)
        k.kind = KEY_CTRL_C;
    else if (b == 4)
        k.kind = KEY_CTRL_D;
    else if (b == 26)
        k.kind = KEY_CTRL_Z;
    else if (b >= 0x20 && b < 0x7f) {
        k.kind = KEY_CHAR;
        k.ch = (char)b;
    } else if (b >= 0xc0) {  // a UTF-8 character: its continuation bytes
        while (len < d->n && (d->buf[len] & 0xc0) == 0x80)
            len++;
    }
    consume(d, len);
    return k;
}

int keys_next(keys_decoder *d, int final, key *k)
{
    *k = (key){ KEY_NONE, 0 };
    if (d->n == 0)
        return 0;
    if (d->buf[0] != ESC) {
        *k = byte_key(d);
        return 1;
    }
    if (d->n == 1) {  // Esc, or the start of a sequence still coming
        if (!final)
            return 0;
        consume(d, 1);
        k->kind = KEY_ESC;
        return 1;
    }
    unsigned char kind = d->buf[1];
    if (kind == 'O') {  // SS3: one byte follows
        if (d->n < 3) {
            if (!final)
                return 0;
            consume(d, 2);
            k->kind = KEY_OTHER;
            return 1;
        }
        unsigned char f = d->buf[2];
        k->kind = f == 'A' ? KEY_UP : f == 'B' ? KEY_DOWN : f == 'C'
                  ? KEY_RIGHT : f == 'D' ? KEY_LEFT : f == 'H' ? KEY_HOME
                  : f == 'F' ? KEY_END : KEY_OTHER;
        consume(d, 3);
        return 1;
    }
    if (kind != '[') {  // ESC ESC, Alt+key: Esc, then the next byte anew
        consume(d, 1);
        k->kind = KEY_ESC;
        return 1;
    }
    size_t i = 2;  // CSI: parameters, intermediates, a final byte
    while (i < d->n && d->buf[i] >= 0x30 && d->buf[i] <= 0x3f)
        i++;
    size_t plen = i - 2;
    while (i < d->n && d->buf[i] >= 0x20 && d->buf[i] <= 0x2f)
        i++;
    if (i < d->n && d->buf[i] >= 0x40 && d->buf[i] <= 0x7e) {
        /* the numbers stay small: a sequence is at most KEYS_SEQ_MAX */
        k->kind = i < KEYS_SEQ_MAX ? csi_key(d->buf + 2, plen, d->buf[i])
                                   : KEY_OTHER;
        consume(d, i + 1);
        return 1;
    }
    if (i < d->n || final || i >= KEYS_SEQ_MAX) {
        /* a byte no sequence may hold (read anew, as a key of its own),
           the time is up, or too long: what came before means nothing */
        consume(d, i);
        k->kind = KEY_OTHER;
        return 1;
    }
    return 0;  // the rest of the sequence is on its way
}

const char *keys_name(key k, char *buf)
{
    static const char *const names[] = {
        [KEY_NONE] = "none", [KEY_CHAR] = "char", [KEY_ENTER] = "Enter",
        [KEY_ESC] = "Esc", [KEY_TAB] = "Tab", [KEY_BACKTAB] = "Shift+Tab",
        [KEY_BACKSPACE] = "Backspace", [KEY_UP] = "Up", [KEY_DOWN] = "Down",
        [KEY_LEFT] = "Left", [KEY_RIGHT] = "Right",
        [KEY_SHIFT_UP] = "Shift+Up", [KEY_SHIFT_DOWN] = "Shift+Down",
        [KEY_PAGE_UP] = "PgUp", [KEY_PAGE_DOWN] = "PgDn",
        [KEY_HOME] = "Home", [KEY_END] = "End", [KEY_CTRL_C] = "Ctrl-C",
        [KEY_CTRL_D] = "Ctrl-D", [KEY_CTRL_Z] = "Ctrl-Z",
        [KEY_OTHER] = "other",
    };
    if (k.kind == KEY_CHAR) {
        snprintf(buf, 8, "%c", k.ch);
        return buf;
    }
    return names[k.kind];
}
