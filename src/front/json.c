/*
 * json.c - `neuron --json`: the machine-readable front end, for the
 * Jupyter kernel (src/front/neuron_kernel.py), editors and web pages.
 *
 * It reads requests, one a line on stdin, and writes events, one JSON
 * object a line on stdout. `help json` documents the format (HELP_JSON
 * in cmd_help.c); in short:
 *
 *   {"op":"run","id":1,"code":"inputs 1 0\nfire","width":80,"stdin":false}
 *   {"op":"complete","id":2,"code":"activation sig","cursor":14}
 *   {"op":"inspect","id":3,"code":"sigmoid(1)","cursor":3}
 *   a line not starting with '{' runs as one command line (id null)
 *
 * A run answers with an event per line of the cell that holds a command
 * ({"type":"line",...}: its output in order, text and SVG pictures, its
 * status, its error with line, column and caret text), "output" and
 * "progress" events while a long command runs, "input" when an ask or a
 * checkpoint wants an answer (the reply is {"op":"input","value":...}),
 * and "done" last. Like a script, the cell stops at its first error.
 *
 * The session prints into a memory sink (no colour, the request's
 * width); pictures come through the session's picture hook and are
 * rendered by the same plot_render_svg as `plot > f.svg`. A request the
 * front end cannot read (not JSON, too long, a wrong field) gets an
 * {"type":"error"} event and leaves the session as it was.
 *
 * Ctrl-C (SIGINT, which the kernel forwards) stops the command running,
 * as at the prompt; one that comes between requests is dropped.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../interp/interp.h"
#include "../interp/plot.h"
#include "front.h"

#define REQUEST_MAX (16u << 20)   /* bytes in one request line */
#define MATCHES_MAX 1000          /* completions in one reply */
#define SVG_WIDTH 720             /* as `plot > f.svg` */
#define SVG_HEIGHT 450
#define PROGRESS_EVERY 0.1        /* seconds between progress events */

/* ============================ buffers ============================ */

void front_buf_add(front_buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->data, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void front_buf_str(front_buf *b, const char *s)
{
    front_buf_add(b, s, strlen(s));
}

void front_buf_json(front_buf *b, const char *s, size_t n)
{
    front_buf_add(b, "\"", 1);
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        unsigned cp;
        size_t k = c < 0x80 ? 1 : out_utf8_decode(s + i, n - i, &cp);
        char esc[8];
        if (k == 0) {  // invalid UTF-8: U+FFFD keeps the JSON valid
            front_buf_str(b, "\xef\xbf\xbd");
            i++;
            continue;
        }
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            front_buf_add(b, esc, 2);
        } else if (c == '\n') {
            front_buf_add(b, "\\n", 2);
        } else if (c == '\t') {
            front_buf_add(b, "\\t", 2);
        } else if (c < 0x20 || c == 0x7f) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            front_buf_str(b, esc);
        } else {
            front_buf_add(b, s + i, k);
        }
        i += k;
    }
    front_buf_add(b, "\"", 1);
}

void front_buf_free(front_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

/* Code points in s[0..n): Jupyter counts cursors in them. */
static size_t code_points(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xc0) != 0x80;
    return k;
}

/* The byte offset of code point cp in s[0..n) (n when past the end). */
static size_t byte_at(const char *s, size_t n, size_t cp)
{
    size_t i = 0;
    for (size_t k = 0; i < n; i++) {
        if (((unsigned char)s[i] & 0xc0) != 0x80 && k++ == cp)
            return i;
    }
    return n;
}

/* ============================ reading requests ============================ */

typedef struct reader {
    char buf[65536];
    size_t start, end;
    int eof;
} reader;

/* Reads the next line of stdin (newline dropped) into *line. Returns 1,
 * 0 at the end of input, or -1 when the line was longer than
 * REQUEST_MAX (it is skipped). Ctrl-C between requests is dropped;
 * during an answer (answering 1) it ends the read with 0. */
static int read_request(reader *r, front_buf *line, int answering)
{
    int too_long = 0;
    line->len = 0;
    line->failed = 0;
    for (;;) {
        char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
        size_t n = nl ? (size_t)(nl - (r->buf + r->start))
                      : r->end - r->start;
        if (!too_long && line->len + n > REQUEST_MAX)
            too_long = 1;
        if (!too_long)
            front_buf_add(line, r->buf + r->start, n);
        r->start += n + (nl != NULL);
        if (nl)
            return too_long ? -1 : line->failed ? -1 : 1;
        if (r->eof)
            return line->len > 0 ? (too_long ? -1 : 1) : too_long ? -1 : 0;
        r->start = r->end = 0;
        ssize_t got = read(STDIN_FILENO, r->buf, sizeof r->buf);
        if (got < 0 && errno == EINTR) {
            if (answering && front_interrupted)
                return 0;
            front_interrupted = 0;  // nothing runs: nothing to stop
            continue;
        }
        if (got <= 0)
            r->eof = 1;
        else
            r->end = (size_t)got;
    }
}

/* ============================ parsing requests ============================ */

/* A request's fields; strings are malloc'ed, NULL when absent. */
typedef struct request {
    char *op;
    char *code;
    size_t code_len;
    front_buf id;       /* the id as JSON text: a number, a string, null */
    double cursor;      /* -1 when absent */
    double width;       /* 0 when absent */
    int allow_stdin;    /* "stdin": true */
    char *value;        /* "value" of an input reply; NULL for null */
    size_t value_len;
    int has_value;
} request;

static void request_free(request *q)
{
    free(q->op);
    free(q->code);
    free(q->value);
    front_buf_free(&q->id);
}

typedef struct parser {
    const char *s;
    size_t n, i;
    char err[200];
} parser;

static int fail_at(parser *p, const char *what)
{
    snprintf(p->err, sizeof p->err, "%s at byte %zu", what, p->i + 1);
    return -1;
}

static void skip_space(parser *p)
{
    while (p->i < p->n && strchr(" \t\r", p->s[p->i]) && p->s[p->i])
        p->i++;
}

static int hex4(parser *p, unsigned *v)
{
    *v = 0;
    for (int k = 0; k < 4; k++, p->i++) {
        int c = p->i < p->n ? p->s[p->i] : 0;
        if (!isxdigit(c))
            return fail_at(p, "expected 4 hex digits after \\u");
        *v = *v * 16 + (unsigned)(isdigit(c) ? c - '0' : (c | 32) - 'a' + 10);
    }
    return 0;
}

static void put_utf8(front_buf *b, unsigned cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xc0 | cp >> 6);
        u[1] = (char)(0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xe0 | cp >> 12);
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        u[2] = (char)(0x80 | (cp & 0x3f));
        n = 3;
    } else {
        u[0] = (char)(0xf0 | cp >> 18);
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
        u[3] = (char)(0x80 | (cp & 0x3f));
        n = 4;
    }
    front_buf_add(b, u, n);
}

/* A JSON string at p->i (the opening quote), decoded into out. */
static int parse_string(parser *p, front_buf *to_buf)
{
    to_buf->len = 0;
    p->i++;
    while (p->i < p->n) {
        unsigned char c = (unsigned char)p->s[p->i];
        if (c == '"') {
            p->i++;
            return to_buf->failed ? fail_at(p, "out of memory") : 0;
        }
        if (c < 0x20)
            return fail_at(p, "control character inside a string");
        if (c != '\\') {
            unsigned cp;
            size_t k = c < 0x80 ? 1 : out_utf8_decode(p->s + p->i,
                                                      p->n - p->i, &cp);
            if (k == 0)
                return fail_at(p, "invalid UTF-8");
            front_buf_add(to_buf, p->s + p->i, k);
            p->i += k;
            continue;
        }
        if (++p->i >= p->n)
            break;
        char e = p->s[p->i++];
        const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
        const char *at = e ? strchr(from, e) : NULL;
        if (at) {
            front_buf_add(to_buf, to + (at - from), 1);
            continue;
        }
        if (e != 'u')
            return fail_at(p, "unknown escape in a string");
        unsigned cp, lo;
        if (hex4(p, &cp) != 0)
            return -1;
        if (cp >= 0xd800 && cp < 0xdc00) {  // a surrogate pair
            if (p->i + 1 >= p->n || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u')
                return fail_at(p, "lone surrogate in a string");
            p->i += 2;
            if (hex4(p, &lo) != 0)
                return -1;
            if (lo < 0xdc00 || lo > 0xdfff)
                return fail_at(p, "lone surrogate in a string");
            cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        } else if (cp >= 0xdc00 && cp < 0xe000) {
            return fail_at(p, "lone surrogate in a string");
        }
        put_utf8(to_buf, cp);
    }
    return fail_at(p, "unterminated string");
}

/* A JSON number at p->i: its value, and its text in [*from, p->i). */
static int parse_number(parser *p, double *v, size_t *from)
{
    size_t i = *from = p->i;
    const char *s = p->s;
    if (i < p->n && s[i] == '-')
        i++;
    if (i < p->n && s[i] == '0')
        i++;
    else if (i < p->n && s[i] >= '1' && s[i] <= '9')
        while (i < p->n && isdigit((unsigned char)s[i]))
            i++;
    else
        return fail_at(p, "expected a value");
    if (i < p->n && s[i] == '.') {
        if (++i >= p->n || !isdigit((unsigned char)s[i]))
            return fail_at(p, "bad number");
        while (i < p->n && isdigit((unsigned char)s[i]))
            i++;
    }
    if (i < p->n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < p->n && (s[i] == '+' || s[i] == '-'))
            i++;
        if (i >= p->n || !isdigit((unsigned char)s[i]))
            return fail_at(p, "bad number");
        while (i < p->n && isdigit((unsigned char)s[i]))
            i++;
    }
    char text[64];
    if (i - *from >= sizeof text)
        return fail_at(p, "number too long");
    memcpy(text, s + *from, i - *from);
    text[i - *from] = '\0';
    *v = strtod(text, NULL);
    p->i = i;
    return isfinite(*v) ? 0 : fail_at(p, "number out of range");
}

/* Parses a request: one flat JSON object whose values are strings,
 * numbers, true, false or null. 0, or -1 with p->err filled. */
static int parse_request(parser *p, request *q)
{
    front_buf key = { 0 }, str = { 0 };
    int rc = 0;
    q->cursor = -1;
    skip_space(p);
    if (p->i >= p->n || p->s[p->i] != '{')
        return fail_at(p, "expected '{'");
    p->i++;
    skip_space(p);
    int first = 1;
    while (rc == 0) {
        skip_space(p);
        if (p->i < p->n && p->s[p->i] == '}' && first) {
            p->i++;
            break;
        }
        if (p->i >= p->n || p->s[p->i] != '"') {
            rc = fail_at(p, "expected a field name in quotes");
            break;
        }
        if ((rc = parse_string(p, &key)) != 0)
            break;
        skip_space(p);
        if (p->i >= p->n || p->s[p->i] != ':') {
            rc = fail_at(p, "expected ':'");
            break;
        }
        p->i++;
        skip_space(p);
        char c = p->i < p->n ? p->s[p->i] : '\0';
        const char *k = key.data ? key.data : "";
        int is_str = c == '"', is_null = 0, is_bool = -1;
        double num = 0;
        size_t from = p->i;
        if (is_str) {
            rc = parse_string(p, &str);
        } else if (c == '{' || c == '[') {
            snprintf(p->err, sizeof p->err, "field '%.40s': objects and "
                     "arrays are not accepted here", k);
            rc = -1;
        } else if (p->n - p->i >= 4 && memcmp(p->s + p->i, "null", 4) == 0) {
            is_null = 1;
            p->i += 4;
        } else if (p->n - p->i >= 4 && memcmp(p->s + p->i, "true", 4) == 0) {
            is_bool = 1;
            p->i += 4;
        } else if (p->n - p->i >= 5 && memcmp(p->s + p->i, "false", 5) == 0) {
            is_bool = 0;
            p->i += 5;
        } else {
            rc = parse_number(p, &num, &from);
        }
        if (rc != 0)
            break;
        const char *want = NULL;
        if (strcmp(k, "op") == 0) {
            want = is_str ? NULL : "a string";
            if (!want) {
                free(q->op);
                q->op = strdup(str.data ? str.data : "");
            }
        } else if (strcmp(k, "code") == 0) {
            want = is_str ? NULL : "a string";
            if (!want) {
                free(q->code);
                q->code = malloc(str.len + 1);
                if (q->code)
                    memcpy(q->code, str.data ? str.data : "", str.len + 1);
                q->code_len = str.len;
            }
        } else if (strcmp(k, "value") == 0) {
            want = is_str || is_null ? NULL : "a string or null";
            free(q->value);
            q->value = NULL;
            q->has_value = 1;
            if (is_str && (q->value = malloc(str.len + 1)) != NULL) {
                memcpy(q->value, str.data ? str.data : "", str.len + 1);
                q->value_len = str.len;
            }
        } else if (strcmp(k, "id") == 0) {
            want = is_bool >= 0 ? "a number, a string or null" : NULL;
            q->id.len = 0;
            if (is_str)
                front_buf_json(&q->id, str.data ? str.data : "", str.len);
            else if (is_null)
                front_buf_str(&q->id, "null");
            else if (!want)
                front_buf_add(&q->id, p->s + from, p->i - from);
        } else if (strcmp(k, "cursor") == 0) {
            want = !is_str && is_bool < 0 && !is_null && num >= 0
                   && num == floor(num) ? NULL : "a whole number >= 0";
            q->cursor = num;
        } else if (strcmp(k, "width") == 0) {
            want = !is_str && is_bool < 0 && !is_null && num >= 20
                   && num <= 1000 && num == floor(num)
                   ? NULL : "a whole number of columns from 20 to 1000";
            q->width = num;
        } else if (strcmp(k, "stdin") == 0) {
            want = is_bool >= 0 ? NULL : "true or false";
            q->allow_stdin = is_bool == 1;
        }  // other fields are left for later versions
        if (want) {
            snprintf(p->err, sizeof p->err, "field '%s' must be %s", k, want);
            rc = -1;
            break;
        }
        first = 0;
        skip_space(p);
        if (p->i < p->n && p->s[p->i] == ',') {
            p->i++;
            continue;
        }
        if (p->i < p->n && p->s[p->i] == '}') {
            p->i++;
            break;
        }
        rc = fail_at(p, "expected ',' or '}'");
    }
    skip_space(p);
    if (rc == 0 && p->i < p->n)
        rc = fail_at(p, "text after the object");
    front_buf_free(&key);
    front_buf_free(&str);
    return rc;
}

/* ============================ the front end ============================ */

typedef struct json_front {
    sess *s;
    out *o;               /* the session's memory sink */
    out *wire;            /* stdout: the events */
    reader rd;
    const char *id;       /* the request's id, as JSON */
    long line;            /* the cell's line running */
    front_buf parts;      /* the line's output so far: {"text":..},... */
    size_t nparts;
    front_buf errs;       /* its err channel text so far */
    int failed;           /* an error was reported on this line */
    size_t err_mark;      /* where its report starts in errs */
    front_buf error;      /* the error object */
    struct timespec last; /* when the last progress event went out */
    int progress_on;      /* a progress line is showing */
    int allow_stdin;      /* input events may be sent */
    int input_gone;       /* an answer was not given (null, Ctrl-C) */
} json_front;

static double seconds_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec)
           + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* Writes one event: {"id":ID,"type":TYPE ...body} and a newline. */
static void emit(json_front *j, const char *type, const char *body)
{
    front_buf b = { 0 };
    front_buf_str(&b, "{\"id\":");
    front_buf_str(&b, j->id);
    front_buf_str(&b, ",\"type\":\"");
    front_buf_str(&b, type);
    front_buf_str(&b, "\"");
    front_buf_str(&b, body ? body : "");
    front_buf_str(&b, "}\n");
    if (b.failed) {
        front_buf_free(&b);
        b = (front_buf){ 0 };
        front_buf_str(&b, "{\"id\":null,\"type\":\"error\",\"message\":"
                      "\"out of memory\"}\n");
    }
    out_write(j->wire, OUT_OUT, b.data ? b.data : "", b.len);
    out_flush(j->wire);
    front_buf_free(&b);
}

static void emit_error(json_front *j, const char *message)
{
    front_buf b = { 0 };
    front_buf_str(&b, ",\"message\":");
    front_buf_json(&b, message, strlen(message));
    emit(j, "error", b.data ? b.data : "");
    front_buf_free(&b);
}

/* Moves what the sink holds into the line's parts and errs. */
static void collect(json_front *j)
{
    const char *text = out_text(j->o, OUT_OUT);
    const char *err = out_text(j->o, OUT_ERR);
    if (text[0]) {
        front_buf_str(&j->parts, j->nparts++ ? ",{\"text\":" : "{\"text\":");
        front_buf_json(&j->parts, text, strlen(text));
        front_buf_str(&j->parts, "}");
    }
    front_buf_str(&j->errs, err);
    out_clear(j->o);
}

/* ,"line":N,"output":[...] of what was collected, then cleared. */
static void take_output(json_front *j, front_buf *b)
{
    char num[48];
    snprintf(num, sizeof num, ",\"line\":%ld,\"output\":[", j->line);
    front_buf_str(b, num);
    if (j->parts.data)
        front_buf_str(b, j->parts.data);
    front_buf_str(b, "]");
    j->parts.len = 0;
    j->nparts = 0;
    if (j->parts.data)
        j->parts.data[0] = '\0';
}

static void on_picture(void *ctx, const plot *p)
{
    json_front *j = ctx;
    char *svg;
    size_t len;
    collect(j);
    if (plot_render_svg(p, SVG_WIDTH, SVG_HEIGHT, &svg, &len) != 0) {
        out_printf(j->o, "(plot: out of memory)\n");
        return;
    }
    front_buf_str(&j->parts, j->nparts++ ? ",{\"svg\":" : "{\"svg\":");
    front_buf_json(&j->parts, svg, len);
    front_buf_str(&j->parts, "}");
    free(svg);
}

static void on_svg(void *ctx, const char *svg, size_t len)
{
    json_front *j = ctx;
    collect(j);
    front_buf_str(&j->parts, j->nparts++ ? ",{\"svg\":" : "{\"svg\":");
    front_buf_json(&j->parts, svg, len);
    front_buf_str(&j->parts, "}");
}

/* The progress line: at most one event each PROGRESS_EVERY seconds; the
 * output printed before it goes first, as an "output" event. */
static void on_progress(void *ctx, const char *line)
{
    json_front *j = ctx;
    if ((line && seconds_since(&j->last) < PROGRESS_EVERY)
        || (!line && !j->progress_on))
        return;
    collect(j);
    front_buf b = { 0 };
    if (j->nparts) {
        take_output(j, &b);
        emit(j, "output", b.data);
        b.len = 0;
    }
    front_buf_str(&b, ",\"text\":");
    if (line)
        front_buf_json(&b, line, strlen(line));
    else
        front_buf_str(&b, "null");
    emit(j, "progress", b.data);
    front_buf_free(&b);
    j->progress_on = line != NULL;
    clock_gettime(CLOCK_MONOTONIC, &j->last);
}

static void on_error(void *ctx, const sess *s, const char *name)
{
    json_front *j = ctx;
    if (j->failed)
        return;  // the first error of a line is the one
    j->failed = 1;
    j->err_mark = j->errs.len + strlen(out_text(j->o, OUT_ERR));
    const sess_where *w = &s->where[s->depth - 1];
    front_buf *e = &j->error;
    char num[64];
    e->len = 0;
    front_buf_str(e, "{\"message\":");
    front_buf_json(e, s->err, strlen(s->err));
    front_buf_str(e, ",\"command\":");
    if (name)
        front_buf_json(e, name, strlen(name));
    else
        front_buf_str(e, "null");
    front_buf_str(e, ",\"file\":");
    if (s->depth > 1 && w->file)
        front_buf_json(e, w->file, strlen(w->file));
    else
        front_buf_str(e, "null");
    snprintf(num, sizeof num, ",\"line\":%ld", s->depth > 1 ? w->line
                                                            : j->line);
    front_buf_str(e, num);
    if (s->err_col != SIZE_MAX && s->line) {
        size_t col = s->err_col < s->line_len ? s->err_col : s->line_len;
        size_t end = col + s->err_len < s->line_len ? col + s->err_len
                                                     : s->line_len;
        snprintf(num, sizeof num, ",\"column\":%zu,\"length\":%zu",
                 code_points(s->line, col) + 1,
                 end > col ? code_points(s->line + col, end - col) : 1);
        front_buf_str(e, num);
    } else {
        front_buf_str(e, ",\"column\":null,\"length\":null");
    }
}

/* The input hook (ask, checkpoint): an "input" event, then the answer. */
static char *on_read_line(void *ctx, const char *prompt, int is_command)
{
    json_front *j = ctx;
    collect(j);
    front_buf b = { 0 }, line = { 0 };
    if (j->nparts) {
        take_output(j, &b);
        emit(j, "output", b.data);
        b.len = 0;
    }
    front_buf_str(&b, ",\"prompt\":");
    front_buf_json(&b, prompt, strlen(prompt));
    front_buf_str(&b, is_command ? ",\"command\":true" : ",\"command\":false");
    emit(j, "input", b.data);
    front_buf_free(&b);
    char *answer = NULL;
    int got = read_request(&j->rd, &line, 1);
    request q = { 0 };
    if (got > 0) {
        parser p = { line.data ? line.data : "", line.len, 0, "" };
        if (parse_request(&p, &q) != 0)
            emit_error(j, p.err);
        else if (!q.op || strcmp(q.op, "input") != 0 || !q.has_value)
            emit_error(j, "an answer was asked for: {\"op\":\"input\","
                       "\"value\":\"...\"} (or null for none)");
        else if (q.value)
            answer = strdup(q.value);
    } else if (got < 0) {
        emit_error(j, "request too long (more than 16 MB)");
    }
    request_free(&q);
    front_buf_free(&line);
    if (!answer)
        j->input_gone = 1;
    return answer;
}

/* 1 when text[0..len) runs something: not blank, not only a comment
 * (rows of an open image block always do). */
static int holds_command(const sess *s, const char *text, size_t len)
{
    if (s->block.open)
        return 1;
    size_t i = 0;
    while (i < len && text[i] && strchr(" \t\r\v\f\n", text[i]))
        i++;
    return i < len && text[i] != '#';
}

/* Ends a line: its "line" event. */
static void line_event(json_front *j, const char *status)
{
    collect(j);
    front_buf b = { 0 };
    take_output(j, &b);
    front_buf_str(&b, ",\"status\":\"");
    front_buf_str(&b, status);
    front_buf_str(&b, "\",\"stderr\":");
    size_t mark = j->failed ? j->err_mark : j->errs.len;
    front_buf_json(&b, j->errs.data ? j->errs.data : "", mark);
    front_buf_str(&b, ",\"error\":");
    if (j->failed) {
        front_buf_add(&b, j->error.data, j->error.len);
        front_buf_str(&b, ",\"text\":");
        front_buf_json(&b, j->errs.data + mark, j->errs.len - mark);
        front_buf_str(&b, "}");
    } else {
        front_buf_str(&b, "null");
    }
    emit(j, "line", b.data);
    front_buf_free(&b);
    j->errs.len = 0;
    if (j->errs.data)
        j->errs.data[0] = '\0';
    j->failed = 0;
}

/* Runs a cell: each line in turn, stopping at an error. */
static int run_cell(json_front *j, const char *code, size_t len)
{
    sess *s = j->s;
    const char *status = "ok";
    long lines = 0;
    int rc = CMD_OK;
    j->input_gone = 0;
    s->read_line = j->allow_stdin ? on_read_line : NULL;
    s->read_ctx = j;
    s->interactive = j->allow_stdin;
    clock_gettime(CLOCK_MONOTONIC, &j->last);
    size_t pos = 0;
    for (long lineno = 1; pos < len || (lineno == 1 && len == 0); lineno++) {
        const char *nl = memchr(code + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - code) + 1 : len;
        const char *next = end < len ? memchr(code + end, '\n', len - end)
                                     : NULL;
        s->next_line = end < len ? code + end : NULL;
        s->next_len = next ? (size_t)(next - code) - end : len - end;
        j->line = lineno;
        int counts = holds_command(s, code + pos, end - pos);
        sess_where w = { "<cell>", lineno, NULL };
        rc = interp_eval_line(s, code + pos, end - pos, w);
        pos = end;
        if (front_interrupted || (rc == CMD_EXIT && j->input_gone))
            status = "interrupted";
        else if (rc == CMD_ERR)
            status = "error";
        else if (rc == CMD_EXIT)
            status = "exit";
        if (counts || j->nparts || out_text(j->o, OUT_OUT)[0]
            || out_text(j->o, OUT_ERR)[0] || j->failed) {
            lines++;
            line_event(j, status);
        }
        if (strcmp(status, "ok") != 0)
            break;
        if (len == 0)
            break;
    }
    s->next_line = NULL;
    s->next_len = 0;
    if (strcmp(status, "ok") == 0 && image_end_of_input(s) != CMD_OK) {
        if (s->err[0])
            interp_report(s, "image");
        status = "error";
        lines++;
        line_event(j, status);
    }
    if (j->progress_on)
        on_progress(j, NULL);
    char body[96];
    snprintf(body, sizeof body, ",\"status\":\"%s\",\"lines\":%ld", status,
             lines);
    emit(j, "done", body);
    front_interrupted = 0;
    return strcmp(status, "exit") == 0 ? CMD_EXIT : CMD_OK;
}

/* ============================ completion ============================ */

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the files of the folder part of word[0..n) whose names start with
 * its last part; folders end in '/'. */
static size_t list_files(const char *word, size_t n, char **found,
                         size_t have)
{
    char dir[4096], base[256];
    const char *slash = NULL;
    for (size_t i = 0; i < n; i++)
        if (word[i] == '/')
            slash = word + i;
    size_t dlen = slash ? (size_t)(slash - word) + 1 : 0;
    size_t blen = n - dlen;
    if (dlen >= sizeof dir - 2 || blen >= sizeof base)
        return have;
    memcpy(dir, word, dlen);
    dir[dlen] = '\0';
    memcpy(base, word + dlen, blen);
    base[blen] = '\0';
    DIR *d = opendir(dlen ? dir : ".");
    if (!d)
        return have;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && have < MATCHES_MAX) {
        if (strncmp(e->d_name, base, blen) != 0
            || (e->d_name[0] == '.' && base[0] != '.')
            || strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char path[8192];
        struct stat st;
        snprintf(path, sizeof path, "%s%s", dir, e->d_name);
        int is_dir = stat(dlen ? path : e->d_name, &st) == 0
                     && S_ISDIR(st.st_mode);
        size_t k = strlen(path);
        char *m = malloc(k + 2);
        if (!m)
            break;
        memcpy(m, path, k);
        strcpy(m + k, is_dir ? "/" : "");
        found[have++] = m;
    }
    closedir(d);
    return have;
}

static void complete(json_front *j, const request *q)
{
    const char *code = q->code ? q->code : "";
    size_t len = q->code ? q->code_len : 0;
    size_t cur = q->cursor < 0 ? len : byte_at(code, len, (size_t)q->cursor);
    size_t line = cur;  // the piece of the line the cursor is in
    while (line > 0 && code[line - 1] != '\n' && code[line - 1] != ';')
        line--;
    size_t start = cur;
    while (start > line && !strchr(" \t,[", code[start - 1]))
        start--;
    char *piece = malloc(cur - line + 1);
    char **found = calloc(MATCHES_MAX, sizeof *found);
    size_t have = 0;
    if (piece && found) {
        memcpy(piece, code + line, cur - line);
        piece[cur - line] = '\0';
        const char *word = code + start;
        size_t n = cur - start;
        switch (interp_complete_at(piece, start - line)) {
        case INTERP_CMPL_WORDS:
            for (size_t i = 0; have < MATCHES_MAX; i++) {
                char buf[64];
                const char *name = interp_complete_word(i, buf, sizeof buf);
                if (!name)
                    break;
                if (strncasecmp(name, word, n) == 0
                    && (found[have] = strdup(name)) != NULL)
                    have++;
            }
            break;
        case INTERP_CMPL_FILES:
            have = list_files(word, n, found, have);
            break;
        case INTERP_CMPL_NONE:
            break;
        }
    }
    qsort(found, have, sizeof *found, by_name);
    front_buf b = { 0 };
    front_buf_str(&b, ",\"matches\":[");
    for (size_t i = 0; i < have; i++) {
        if (i && strcmp(found[i], found[i - 1]) == 0)
            continue;
        if (i)
            front_buf_str(&b, ",");
        front_buf_json(&b, found[i], strlen(found[i]));
    }
    char num[80];
    snprintf(num, sizeof num, "],\"start\":%zu,\"end\":%zu",
             code_points(code, start), code_points(code, cur));
    front_buf_str(&b, num);
    emit(j, "complete", b.data);
    front_buf_free(&b);
    for (size_t i = 0; i < have; i++)
        free(found[i]);
    free(found);
    free(piece);
}

/* ============================ inspection ============================ */

/* 1 when c may be part of a word to inspect. */
static int word_char(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

/* Runs `VERB WORD` quietly; its output (text and pictures) goes into
 * j->parts. 1 when it worked. */
static int quiet_run(json_front *j, const char *verb, const char *word)
{
    sess *s = j->s;
    char line[160];
    snprintf(line, sizeof line, "%s %s", verb, word);
    int errors = s->errors_seen;
    sess_where w = { NULL, 0, NULL };
    j->parts.len = j->nparts = 0;
    int rc = interp_eval_line(s, line, strlen(line), w);
    s->errors_seen = errors;
    collect(j);
    j->errs.len = 0;
    j->failed = 0;
    if (rc != CMD_OK) {
        j->parts.len = j->nparts = 0;
        if (j->parts.data)
            j->parts.data[0] = '\0';
    }
    return rc == CMD_OK;
}

static void inspect(json_front *j, const request *q)
{
    const char *code = q->code ? q->code : "";
    size_t len = q->code ? q->code_len : 0;
    size_t cur = q->cursor < 0 ? len : byte_at(code, len, (size_t)q->cursor);
    size_t from = cur, to = cur;
    while (from > 0 && word_char(code[from - 1]))
        from--;
    while (to < len && word_char(code[to]))
        to++;
    char word[64] = "";
    if (to - from < sizeof word) {
        memcpy(word, code + from, to - from);
        word[to - from] = '\0';
    }
    /* help for a command or an activation; else a name of the
     * learner's own (show Z) */
    int found = word[0] && (quiet_run(j, "help", word)
                            || quiet_run(j, "show", word));
    front_buf b = { 0 };
    front_buf_str(&b, found ? ",\"found\":true,\"name\":"
                            : ",\"found\":false,\"name\":");
    front_buf_json(&b, word, strlen(word));
    front_buf_str(&b, ",\"output\":[");
    if (found && j->parts.data)
        front_buf_str(&b, j->parts.data);
    front_buf_str(&b, "]");
    j->parts.len = j->nparts = 0;
    if (j->parts.data)
        j->parts.data[0] = '\0';
    emit(j, "inspect", b.data);
    front_buf_free(&b);
}

/* ============================ the loop ============================ */

int json_run(sess *s, out *wire)
{
    json_front *j = calloc(1, sizeof *j);
    if (!j)
        return 1;
    j->s = s;
    j->o = s->o;
    j->wire = wire;
    j->id = "null";
    s->picture = on_picture;
    s->svg_picture = on_svg;
    s->progress_line = on_progress;
    s->on_error = on_error;
    s->front_ctx = j;
    s->progress = 1;
    front_buf line = { 0 };
    int rc = CMD_OK, got;
    emit(j, "ready", ",\"version\":\"" NEURON_VERSION "\",\"protocol\":1");
    while (rc != CMD_EXIT && (got = read_request(&j->rd, &line, 0)) != 0) {
        front_interrupted = 0;  // a Ctrl-C between requests stops nothing
        j->id = "null";
        if (got < 0) {
            emit_error(j, "request too long (more than 16 MB); it was "
                       "skipped");
            continue;
        }
        const char *text = line.data ? line.data : "";
        size_t n = line.len;
        if (n > 0 && text[n - 1] == '\r')
            n--;
        if (n == 0)
            continue;
        if (text[strspn(text, " \t")] != '{') {  // a plain command line
            j->allow_stdin = 0;
            rc = run_cell(j, text, n);
            continue;
        }
        request q = { 0 };
        parser p = { text, n, 0, "" };
        if (parse_request(&p, &q) != 0) {
            char msg[300];
            snprintf(msg, sizeof msg, "bad request: %s", p.err);
            emit_error(j, msg);
        } else {
            j->id = q.id.len ? q.id.data : "null";
            const char *op = q.op ? q.op : "";
            if (strcmp(op, "run") == 0 && q.code) {
                if (q.width > 0)
                    out_set_width(s->o, (int)q.width);
                j->allow_stdin = q.allow_stdin;
                rc = run_cell(j, q.code, q.code_len);
            } else if (strcmp(op, "complete") == 0) {
                complete(j, &q);
            } else if (strcmp(op, "inspect") == 0) {
                inspect(j, &q);
            } else if (strcmp(op, "run") == 0) {
                emit_error(j, "bad request: run needs \"code\"");
            } else if (strcmp(op, "input") == 0) {
                emit_error(j, "bad request: no answer was asked for");
            } else {
                emit_error(j, "bad request: \"op\" must be run, complete, "
                           "inspect or input");
            }
        }
        j->id = "null";
        request_free(&q);
    }
    front_buf_free(&line);
    front_buf_free(&j->parts);
    front_buf_free(&j->errs);
    front_buf_free(&j->error);
    s->picture = NULL;
    s->svg_picture = NULL;
    s->progress_line = NULL;
    s->on_error = NULL;
    s->read_line = NULL;
    free(j);
    return 0;
}
