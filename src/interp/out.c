/*
 * out.c - the output sink: file descriptors or memory buffers.
 *
 * Everything the interpreter prints goes through out_write, so a test can
 * capture it and a failing stream (disk full, closed pipe) is noticed once
 * and reported at exit.
 *
 * A stream sink writes with write(2) itself instead of through stdio: the
 * SIGINT handler is installed without SA_RESTART (so Ctrl-C ends a read
 * at once), which means a write to a slow terminal can return EINTR, or
 * write part of its bytes, when Ctrl-C arrives. stdio takes either for a
 * failure, sets the stream's error flag and drops its buffer, and the
 * session went mute. Here an interrupted write is retried from the first
 * byte not written; only a real error (EPIPE, ENOSPC, EIO) fails the
 * stream. The out channel is buffered (by lines on a terminal, as stdio
 * would); the err channel is written at once, after the out channel's
 * buffer, so the two keep their order.
 */
#include "out.h"
#include "../engine/mem.h"  /* nn_malloc: allocations a test can fail */

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

typedef struct buffer {
    char *data;
    size_t len, cap;
    int lost;          /* text was dropped for want of memory */
} buffer;

#define STREAM_BUF 8192

typedef struct stream {
    int fd;            /* -1 for a memory sink */
    int by_line;       /* a terminal: written out at each newline */
    size_t len;        /* bytes waiting in buf */
    char buf[STREAM_BUF];
} stream;

struct out {
    stream stream[2];  /* the out and err channels of a stream sink */
    buffer mem[2];     /* memory sink contents */
    buffer tee;        /* both channels' copy while teeing (record) */
    int teeing;
    out_chan tee_chan;  /* the channel the tee copied last */
    int width, color, ascii;
    int height;  /* the terminal's rows; 0: not a terminal, no limit */
    int wrap_errors;   /* errors wrapped at the width (a terminal) */
    int failed, fail_errno;
};

static out *sink_new(void)
{
    out *o = nn_calloc(1, sizeof *o);
    if (o) {
        o->width = 72;
        o->stream[OUT_OUT].fd = o->stream[OUT_ERR].fd = -1;
    }
    return o;
}

out *out_new_stdio(FILE *o, FILE *e)
{
    out *s = sink_new();
    if (s) {
        fflush(o);  // what stdio still holds goes first
        fflush(e);
        s->stream[OUT_OUT].fd = fileno(o);
        s->stream[OUT_ERR].fd = fileno(e);
        s->stream[OUT_OUT].by_line = isatty(fileno(o));
        s->wrap_errors = isatty(fileno(e));
    }
    return s;
}

out *out_new_memory(void)
{
    return sink_new();
}

void out_free(out *o)
{
    if (!o)
        return;
    free(o->mem[0].data);
    free(o->mem[1].data);
    free(o->tee.data);
    free(o);
}

void out_set_width(out *o, int width)
{
    o->width = width < 20 ? 20 : width > 1000 ? 1000 : width;
}

int out_width(const out *o) { return o->width; }

void out_set_height(out *o, int rows)
{
    o->height = rows <= 0 ? 0 : rows < 8 ? 8 : rows > 1000 ? 1000 : rows;
}

int out_height(const out *o) { return o->height; }
void out_set_color(out *o, int on) { o->color = on != 0; }
int out_color_on(const out *o) { return o->color; }
void out_set_ascii(out *o, int on) { o->ascii = on != 0; }
int out_ascii(const out *o) { return o->ascii; }

/* Appends to a memory buffer; on out of memory the text is dropped and
 * the buffer marked. The memory sink's own buffers (tests) grow with the
 * C library's realloc, outside the failure hook, so a test still sees
 * every message; the tee behind `record` grows with nn_realloc, and
 * `record` reports what it lost. */
static void buffer_add(buffer *b, const char *s, size_t len,
                       void *(*grow)(void *, size_t))
{
    if (b->lost)
        return;
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + len + 1)
            cap *= 2;
        char *p = grow(b->data, cap);
        if (!p) {
            b->lost = 1;
            return;
        }
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
}

/* Marks the sink failed with errno e (the first failure is kept). */
static void fail(out *o, int e)
{
    if (!o->failed) {
        o->failed = 1;
        o->fail_errno = e;
    }
}

/* write(2) until all of s[0..len) is written: an interrupted write
 * (EINTR, or part of the bytes) goes on from the first byte not written,
 * and a descriptor left non-blocking waits until it can take more. 0, or
 * -1 with errno set on a real error. */
static int write_fully(int fd, const char *s, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, s, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd p = { fd, POLLOUT, 0 };
            if (poll(&p, 1, -1) < 0 && errno != EINTR)
                return -1;
            continue;
        }
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            return -1;
        }
        s += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Writes out what the channel's buffer holds. */
static void drain(out *o, out_chan ch)
{
    stream *st = &o->stream[ch];
    if (st->len > 0 && !o->failed
        && write_fully(st->fd, st->buf, st->len) != 0)
        fail(o, errno);
    st->len = 0;
}

void out_write(out *o, out_chan ch, const char *s, size_t len)
{
    stream *st = &o->stream[ch];
    if (o->teeing && len > 0) {
        if (ch != o->tee_chan)  // where the err channel's text starts, ends
            buffer_add(&o->tee, ch == OUT_ERR ? OUT_TEE_ERR : OUT_TEE_OUT, 1,
                       nn_realloc);
        o->tee_chan = ch;
        buffer_add(&o->tee, s, len, nn_realloc);
    }
    if (st->fd < 0) {
        buffer_add(&o->mem[ch], s, len, realloc);
        return;
    }
    if (o->failed || len == 0)
        return;
    if (ch == OUT_ERR) {  // at once, after what the out channel holds
        drain(o, OUT_OUT);
        if (!o->failed && write_fully(st->fd, s, len) != 0)
            fail(o, errno);
        return;
    }
    if (st->len + len > sizeof st->buf) {
        drain(o, ch);
        if (len >= sizeof st->buf) {  // too big to hold: straight out
            if (!o->failed && write_fully(st->fd, s, len) != 0)
                fail(o, errno);
            return;
        }
    }
    memcpy(st->buf + st->len, s, len);
    st->len += len;
    if (st->by_line && memchr(s, '\n', len))
        drain(o, ch);
}

void out_vprintf(out *o, out_chan ch, const char *fmt, va_list ap)
{
    char small[512];
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(small, sizeof small, fmt, copy);
    va_end(copy);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        out_write(o, ch, small, (size_t)n);
        return;
    }
    int fd = o->stream[ch].fd;
    char *big = fd >= 0 ? nn_malloc((size_t)n + 1) : malloc((size_t)n + 1);
    if (!big && fd >= 0) {  // out of memory: the stream still gets the text
        o->tee.lost |= o->teeing;
        if (o->failed)
            return;
        drain(o, OUT_OUT);
        if (vdprintf(fd, fmt, ap) < 0)
            fail(o, errno);
        return;
    }
    if (!big)
        return;
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    out_write(o, ch, big, (size_t)n);
    free(big);
}

void out_printf(out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    out_vprintf(o, OUT_OUT, fmt, ap);
    va_end(ap);
}

void out_eprintf(out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    out_vprintf(o, OUT_ERR, fmt, ap);
    va_end(ap);
}

size_t out_utf8_decode(const char *str, size_t n, unsigned *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t need;
    unsigned min;
    if (n == 0)
        return 0;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        need = 2; min = 0x80;
    } else if (s[0] >= 0xe0 && s[0] <= 0xef) {
        need = 3; min = 0x800;
    } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        need = 4; min = 0x10000;
    } else {
        return 0;
    }
    if (n < need)
        return 0;
    unsigned c = s[0] & (0x7f >> need);
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        c = c << 6 | (s[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return need;
}

/* Length of the UTF-8 sequence at s that is safe to print as it is, or
 * 0: invalid, a C1 control (those drive terminals too), or a bidi control
 * (U+202A..202E, U+2066..2069), which would reorder the text around it. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned cp;
    size_t len = out_utf8_decode((const char *)s, n, &cp);
    return len && !(cp >= 0x80 && cp < 0xa0)
           && !(cp >= 0x202a && cp <= 0x202e)
           && !(cp >= 0x2066 && cp <= 0x2069) ? len : 0;
}

void out_escaped(out *o, out_chan ch, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0;
    while (i < len) {
        size_t n = p[i] >= 0x20 && p[i] != 0x7f ? utf8_len(p + i, len - i)
                   : p[i] == '\t' ? 1 : 0;
        if (n > 0) {
            i += n;
            run += n;
            continue;
        }
        out_write(o, ch, s + i - run, run);
        run = 0;
        char esc[8];
        if (p[i] == '\r')
            out_write(o, ch, "\\r", 2);
        else {
            snprintf(esc, sizeof esc, "\\x%02x", p[i]);
            out_write(o, ch, esc, 4);
        }
        i++;
    }
    out_write(o, ch, s + i - run, run);
}

/* Columns of s[0..n) (UTF-8 code points). */
static size_t columns(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xc0) != 0x80;
    return c;
}

/* Bytes of the first `cols` code points of s[0..n). */
static size_t bytes_for(const char *s, size_t n, size_t cols)
{
    size_t i = 0, c = 0;
    while (i < n && (c < cols || ((unsigned char)s[i] & 0xc0) == 0x80)) {
        c += ((unsigned char)s[i] & 0xc0) != 0x80;
        i++;
    }
    return i;
}

/* out_wrap of text[0..n), with `used` columns on the first line. */
static void wrap(out *o, out_chan ch, const char *text, size_t n,
                 size_t indent, size_t used)
{
    size_t width = (size_t)o->width, start = 0;
    if (indent > width / 2)
        indent = width / 2;
    if (used > width - 10) {  // a long prefix: the text on a line of its own
        out_write(o, ch, "\n", 1);
        for (size_t i = 0; i < indent; i++)
            out_write(o, ch, " ", 1);
        used = indent;
    }
    size_t lead = used;  // columns already on the line (the indent)
    while (start < n) {
        size_t room = width - lead;
        size_t len = n - start;
        if (columns(text + start, len) > room) {
            size_t fit = bytes_for(text + start, len, room + 1);
            size_t cut = fit;
            while (cut > 0 && text[start + cut - 1] != ' ')
                cut--;
            len = cut > 0 ? cut : bytes_for(text + start, len, room);
        }
        size_t end = start + len;
        size_t shown = len;
        while (shown > 0 && text[start + shown - 1] == ' ')
            shown--;
        out_write(o, ch, text + start, shown);
        out_write(o, ch, "\n", 1);
        start = end;
        while (start < n && text[start] == ' ')
            start++;
        if (start < n) {
            for (size_t i = 0; i < indent; i++)
                out_write(o, ch, " ", 1);
            lead = indent;
        }
    }
    if (n == 0)
        out_write(o, ch, "\n", 1);
}

void out_wrap(out *o, out_chan ch, const char *text, size_t indent)
{
    wrap(o, ch, text, strlen(text), indent, 0);
}

void out_wrap_escaped(out *o, out_chan ch, const char *s, size_t len,
                      size_t used, size_t indent)
{
    /* escaped first (each byte at most 4), so the columns are known */
    char *text = len < SIZE_MAX / 4 ? nn_malloc(len * 4 + 1) : NULL;
    if (!text) {  // out of memory: one line, as it is
        out_escaped(o, ch, s, len);
        out_write(o, ch, "\n", 1);
        return;
    }
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        size_t k = p[i] >= 0x20 && p[i] != 0x7f ? utf8_len(p + i, len - i)
                   : 0;
        if (k > 0) {
            memcpy(text + n, s + i, k);
            n += k;
            i += k;
        } else if (p[i] == '\t') {
            text[n++] = ' ';  // a tab: a place to break, one column
            i++;
        } else {
            if (p[i] == '\r')
                n += (size_t)snprintf(text + n, 5, "\\r");
            else
                n += (size_t)snprintf(text + n, 5, "\\x%02x", p[i]);
            i++;
        }
    }
    text[n] = '\0';
    wrap(o, ch, text, n, indent, used);
    free(text);
}

void out_set_wrap_errors(out *o, int on)
{
    o->wrap_errors = on != 0;
}

int out_wrap_errors(const out *o)
{
    return o->wrap_errors;
}

const char *out_on(const out *o, out_color c)
{
    static const char *const seq[] = {
        "", "\033[1m", "\033[31m", "\033[32m", "\033[33m", "\033[34m",
        "\033[35m", "\033[36m", "\033[2m"
    };
    if (!o->color || (unsigned)c >= sizeof seq / sizeof seq[0])
        return "";
    return seq[c];
}

const char *out_off(const out *o)
{
    return o->color ? "\033[0m" : "";
}

const char *out_glyph(const out *o, const char *unicode, const char *ascii)
{
    return o->ascii ? ascii : unicode;
}

const char *out_text(const out *o, out_chan ch)
{
    return o->mem[ch].data ? o->mem[ch].data : "";
}

int out_text_lost(const out *o, out_chan ch)
{
    return o->mem[ch].lost;
}

void out_clear(out *o)
{
    for (int ch = 0; ch < 2; ch++) {
        o->mem[ch].len = 0;
        if (o->mem[ch].data)
            o->mem[ch].data[0] = '\0';
    }
}

void out_tee(out *o, int on)
{
    o->teeing = on != 0;
    o->tee_chan = OUT_OUT;
    if (!on) {
        free(o->tee.data);
        memset(&o->tee, 0, sizeof o->tee);
    }
}

const char *out_tee_text(const out *o, size_t *len)
{
    *len = o->tee.lost ? 0 : o->tee.len;
    return o->tee.lost ? NULL : o->tee.data ? o->tee.data : "";
}

void out_tee_clear(out *o)
{
    o->tee_chan = OUT_OUT;
    o->tee.len = 0;
    o->tee.lost = 0;
    if (o->tee.data)
        o->tee.data[0] = '\0';
}

int out_failed(const out *o, int *err_no)
{
    if (err_no)
        *err_no = o->fail_errno;
    return o->failed;
}

int out_flush(out *o)
{
    if (o->stream[OUT_OUT].fd >= 0)
        drain(o, OUT_OUT);
    return o->failed ? -1 : 0;
}

void out_frame(out *o, const char *s, size_t len)
{
    stream *st = &o->stream[OUT_OUT];
    if (st->fd < 0) {
        buffer_add(&o->mem[OUT_OUT], s, len, realloc);
        return;
    }
    drain(o, OUT_OUT);
    if (!o->failed && len > 0 && write_fully(st->fd, s, len) != 0)
        fail(o, errno);
}

int out_term_size(const out *o, int *cols, int *rows)
{
    struct winsize ws;
    int fd = o->stream[OUT_OUT].fd;
    if (fd < 0 || !isatty(fd) || ioctl(fd, TIOCGWINSZ, &ws) != 0
        || ws.ws_col == 0 || ws.ws_row == 0)
        return -1;
    *cols = ws.ws_col;
    *rows = ws.ws_row;
    return 0;
}

int out_fd(const out *o)
{
    return o->stream[OUT_OUT].fd;
}
