/* msg.c - messages built without stdio (see msg.h). */
#include "msg.h"

nn_msg nn_msg_start(char *buf, size_t cap)
{
    nn_msg m = { buf, cap, 0 };
    if (cap > 0)
        buf[0] = '\0';
    return m;
}

void nn_msg_char(nn_msg *m, char c)
{
    if (m->len + 1 < m->cap) {
        m->s[m->len++] = c;
        m->s[m->len] = '\0';
    }
}

void nn_msg_text(nn_msg *m, const char *text)
{
    while (*text != '\0')
        nn_msg_char(m, *text++);
}

void nn_msg_size(nn_msg *m, size_t v)
{
    char digits[24];
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    while (n > 0)
        nn_msg_char(m, digits[--n]);
}

static const char hex[] = "0123456789abcdef";

void nn_msg_hex32(nn_msg *m, uint32_t v)
{
    nn_msg_text(m, "0x");
    for (int shift = 28; shift >= 0; shift -= 4)
        nn_msg_char(m, hex[(v >> shift) & 15]);
}

void nn_msg_bytes(nn_msg *m, const char *p, size_t len, size_t most)
{
    for (size_t i = 0; i < len && i < most; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= 0x20 && c < 0x7f) {
            nn_msg_char(m, (char)c);
        } else {
            nn_msg_text(m, "\\x");
            nn_msg_char(m, hex[c >> 4]);
            nn_msg_char(m, hex[c & 15]);
        }
    }
    if (len > most)
        nn_msg_text(m, "...");
}
