/*
 * record.c - `record FILE.md`: the session as a Markdown handout.
 *
 * The recorder keeps the Markdown written so far and the command lines
 * still waiting for their output. When a line comes (record_line) or a
 * plot is shown (record_plot), what the sink's tee copied since the last
 * line is that line's output: the waiting commands become a ```neuron
 * block, the output a ```text block. So a handout reads
 *
 *   ```neuron
 *   inputs 1 0 1
 *   weights 0.5 -0.2 0.8
 *   fire
 *   ```
 *
 *   ```text
 *   z = ...
 *   ```
 *
 *   ![plot](lesson-1.svg)
 *
 * A `say` is narration: its text is a paragraph of the handout, with
 * Markdown's marks escaped (w1*x1 is not emphasis), not a command and
 * its output. A plot's picture is the SVG alone: its braille text is
 * left out (record_plot_begin). A fence is longer than any run of
 * backticks inside its block, so nothing printed can close it early. Colour codes are dropped, and a
 * line redrawn with '\r' (a progress bar) keeps only what was last drawn.
 * No control byte reaches the Markdown: the command lines, the output
 * and the title are escaped as the terminal shows them (out_escaped:
 * `say a<ESC>[31m` is written `say a\x1b[31m`), so a handout opened in a
 * terminal (cat, less -r) cannot be driven by what a script held.
 */
#include "record.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"    /* cmd_find: a say line is narration */
#include "files.h"
#include "plot.h"
#include "../engine/mem.h"  /* nn_malloc: allocations a test can fail */

/* ============================ text ============================ */

typedef struct text {
    char *data;
    size_t len, cap;
    int failed;          /* an append ran out of memory */
} text;

static void text_add(text *t, const char *s, size_t n)
{
    if (t->failed)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 1024;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *p = nn_realloc(t->data, cap);
        if (!p) {
            t->failed = 1;
            return;
        }
        t->data = p;
        t->cap = cap;
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = '\0';
}

static void text_str(text *t, const char *s)
{
    text_add(t, s, strlen(s));
}

/* ============================ the recorder ============================ */

struct record {
    char *path;          /* the Markdown file */
    char *stem;          /* path without ".md": plots are STEM-K.svg */
    files_rule rule;     /* where the write rule let it write, checked
                            again at each write */
    text md;             /* the Markdown so far */
    text code;           /* command lines waiting for their output */
    size_t last;         /* where the last line starts in code */
    size_t lines, plots;
    int prose;           /* the output waiting is a say's: a paragraph */
    out *esc;            /* a memory sink: out_escaped's text, for the
                            Markdown (one rule for screen and handout) */
};

void record_free(record *r)
{
    if (!r)
        return;
    free(r->path);
    free(r->stem);
    free(r->md.data);
    free(r->code.data);
    out_free(r->esc);
    free(r);
}

/* The last part of a path (after its last '/'). */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Appends s[0..n) to t as the terminal would show it: each line through
 * out_escaped (ESC as \x1b, BEL as \x07, a C1 control such as U+009B as
 * \xc2\x9b, invalid UTF-8 as \xNN), the line breaks kept. */
static void add_escaped(text *t, out *esc, const char *s, size_t n)
{
    while (n > 0) {
        const char *nl = memchr(s, '\n', n);
        size_t len = nl ? (size_t)(nl - s) : n;
        out_clear(esc);
        out_escaped(esc, OUT_OUT, s, len);
        text_str(t, out_text(esc, OUT_OUT));
        if (nl)
            text_str(t, "\n");
        len += nl != NULL;
        s += len;
        n -= len;
    }
}

/* Appends a file name as a link's destination: control bytes, C1
 * controls, invalid UTF-8 and '%' percent-encoded (%1B), as a URL
 * writes them; a Markdown reader decodes them back to the file's name. */
static void add_link(text *t, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t len = out_utf8_decode(name + i, n - i, &cp);
        if (len > 0 && cp >= 0x20 && cp != '%' && cp != 0x7f
            && !(cp >= 0x80 && cp < 0xa0)) {
            text_add(t, name + i, len);
            i += len;
            continue;
        }
        len = len ? len : 1;
        for (size_t k = 0; k < len; k++) {
            char hex[4];
            snprintf(hex, sizeof hex, "%%%02X", (unsigned char)name[i + k]);
            text_str(t, hex);
        }
        i += len;
    }
}

/* Appends a fenced block of s[0..n) (lang after the opening fence). */
static void add_block(text *md, const char *s, size_t n, const char *lang)
{
    size_t run = 0, longest = 0;
    if (n == 0)
        return;
    for (size_t i = 0; i < n; i++) {
        run = s[i] == '`' ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    char fence[64];
    size_t width = longest >= 3 ? longest + 1 : 3;
    if (width >= sizeof fence)
        width = sizeof fence - 1;  // a run that long is not a fence anyway
    memset(fence, '`', width);
    fence[width] = '\0';
    text_str(md, fence);
    text_str(md, lang);
    text_str(md, "\n");
    text_add(md, s, n);
    if (s[n - 1] != '\n')
        text_str(md, "\n");
    text_str(md, fence);
    text_str(md, "\n\n");
}

/* Output as a reader of the handout should see it: colour codes
 * (ESC [ ... letter) dropped, of a line redrawn with '\r' only what
 * was drawn last, and a '\r' before '\n' dropped with it. Other control
 * bytes stay, for add_escaped. */
static void clean_output(const char *s, size_t n, text *clean)
{
    size_t line_start = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\033' && i + 1 < n && s[i + 1] == '[') {
            i += 2;
            while (i < n && !(s[i] >= 0x40 && s[i] <= 0x7e))
                i++;
            continue;
        }
        if (s[i] == '\r') {
            if (!(i + 1 < n && s[i + 1] == '\n'))
                clean->len = line_start;  // the line is drawn again
            continue;
        }
        text_add(clean, s + i, 1);
        if (s[i] == '\n')
            line_start = clean->len;
    }
}

/* Appends an error (or a warning) as a handout shows it: a quote
 * headed by the word, the message and its caret in a block inside, so
 * it reads apart from the output. */
static void add_error(text *md, const char *s, size_t n)
{
    // "warning: ..." or "lesson.neuron:3: warning: ...": the first of
    // error:, warning: and note: on the first line names it
    size_t first = strcspn(s, "\n");
    first = first > n ? n : first;
    const char *head = "error";
    for (size_t i = 0; i < first; i++)
        if (strncmp(s + i, "error:", 6) == 0
            || strncmp(s + i, "warning:", 8) == 0
            || strncmp(s + i, "note:", 5) == 0) {
            head = s[i] == 'w' ? "warning" : s[i] == 'n' ? "note" : "error";
            break;
        }
    text block = { 0 };
    add_block(&block, s, n, "text");
    text_str(md, "> **");
    text_str(md, head);
    text_str(md, "**\n>\n");
    for (size_t i = 0; i < block.len;) {  // every line of the block quoted
        const char *nl = memchr(block.data + i, '\n', block.len - i);
        size_t len = nl ? (size_t)(nl - (block.data + i)) : block.len - i;
        if (i + len + 1 >= block.len && len == 0)
            break;  // the blank line after the fence ends the quote
        text_str(md, len ? "> " : ">");
        text_add(md, block.data + i, len);
        text_str(md, "\n");
        i += len + 1;
    }
    text_str(md, "\n");
    md->failed |= block.failed;
    free(block.data);
}

/* One stretch of the tee's text, of one channel, as the handout shows
 * it: output in a ```text block (narration as prose), an error quoted. */
static void add_output(record *r, const char *s, size_t n, int is_err)
{
    text clean = { 0 }, shown = { 0 };
    clean_output(s, n, &clean);
    add_escaped(&shown, r->esc, clean.data, clean.len);
    if (shown.len == 0 || shown.failed) {
        // nothing printed (or out of memory: failed says so)
    } else if (is_err) {
        add_error(&r->md, shown.data, shown.len);
    } else if (r->prose) {  // narration reads as prose
        for (size_t i = 0; i < shown.len; i++) {  // w1*x1: not emphasis
            if (strchr("\\`*_[]<>#|~", shown.data[i]))
                text_str(&r->md, "\\");
            text_add(&r->md, shown.data + i, 1);
        }
        text_str(&r->md, "\n");
    } else {
        add_block(&r->md, shown.data, shown.len, "text");
    }
    r->md.failed |= clean.failed | shown.failed;
    free(clean.data);
    free(shown.data);
}

/* The tee's text since the last line becomes the waiting commands' block
 * and the output's blocks, a stretch of each channel apart. */
static void flush_output(sess *s)
{
    record *r = s->rec;
    size_t n;
    const char *printed = out_tee_text(s->o, &n);
    if (!printed) {  // output lost for want of memory: the handout fails
        r->md.failed = 1;
        out_tee_clear(s->o);
        return;
    }
    if (n == 0)
        return;
    add_block(&r->md, r->code.data, r->code.len, "neuron");
    r->code.len = 0;
    int is_err = 0;
    for (size_t i = 0; i < n;) {
        size_t len = strcspn(printed + i, OUT_TEE_ERR OUT_TEE_OUT);
        len = i + len > n ? n - i : len;
        add_output(r, printed + i, len, is_err);
        i += len;
        if (i < n)  // a mark: the other channel from here
            is_err = printed[i++] == OUT_TEE_ERR[0];
    }
    out_tee_clear(s->o);
}

/* ============================ commands ============================ */

int record_start(sess *s, const char *target, const files_rule *rule)
{
    char shown[120], folder[4096];
    struct stat st;
    files_shown_name(target, shown, sizeof shown);
    if (s->rec)
        return sess_fail(s, SIZE_MAX, 0, "already recording to %s; `record "
                         "stop` ends it", s->rec->path);
    const char *slash = strrchr(target, '/');
    if (!slash)
        strcpy(folder, ".");
    else if (slash == target)
        strcpy(folder, "/");
    else
        snprintf(folder, sizeof folder, "%.*s", (int)(slash - target),
                 target);
    int bad = stat(folder, &st) != 0 ? errno
              : !S_ISDIR(st.st_mode) ? ENOTDIR : 0;
    if (bad)
        return sess_fail(s, SIZE_MAX, 0, "cannot write '%s': %s", shown,
                         strerror(bad));
    if (stat(target, &st) == 0 && S_ISDIR(st.st_mode))
        return sess_fail(s, SIZE_MAX, 0, "cannot write '%s': %s", shown,
                         strerror(EISDIR));
    record *r = nn_calloc(1, sizeof *r);
    size_t n = strlen(target);
    if (r) {
        r->path = nn_strdup(target);
        r->stem = nn_strdup(target);
        r->esc = out_new_memory();
    }
    if (!r || !r->path || !r->stem || !r->esc) {
        record_free(r);
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    }
    r->rule = *rule;
    if (n > 3 && strcmp(target + n - 3, ".md") == 0)
        r->stem[n - 3] = '\0';
    text_str(&r->md, "# ");
    add_escaped(&r->md, r->esc, base_name(r->stem),
                strlen(base_name(r->stem)));
    text_str(&r->md, "\n\n");
    out_printf(s->o, "recording to %s; `record stop` writes it\n", shown);
    s->rec = r;
    out_tee(s->o, 1);
    return CMD_OK;
}

/* Writes the Markdown (not while replaying: sess_write_file); 0, or -1
 * with why filled. */
static int write_markdown(const sess *s, record *r, char *why,
                          size_t whycap)
{
    if (r->md.failed || r->code.failed) {
        snprintf(why, whycap, "out of memory while recording");
        return -1;
    }
    return sess_write_file(s, &r->rule, r->path, r->md.data, r->md.len,
                           why, whycap);
}

/* What the recording holds, for messages. */
static void summary(const record *r, char *buf, size_t cap)
{
    char shown[120];
    files_shown_name(r->path, shown, sizeof shown);
    snprintf(buf, cap, "%zu command line%s and %zu plot%s to %s", r->lines,
             r->lines == 1 ? "" : "s", r->plots, r->plots == 1 ? "" : "s",
             shown);
}

int record_stop(sess *s, int by_command)
{
    record *r = s->rec;
    char why[300], what[200];
    size_t n;
    if (!r)
        return sess_fail(s, SIZE_MAX, 0, "not recording; start with: "
                         "record lesson.md");
    out_tee_text(s->o, &n);
    if (by_command && n == 0 && r->code.len > 0) {
        r->code.len = r->last;  // the `record stop` line itself
        r->lines--;
    }
    flush_output(s);
    add_block(&r->md, r->code.data, r->code.len, "neuron");
    r->code.len = r->last = 0;
    if (write_markdown(s, r, why, sizeof why) != 0)
        return sess_fail(s, SIZE_MAX, 0, "%s; still recording: `record "
                         "stop` tries again", why);
    out_tee(s->o, 0);
    summary(r, what, sizeof what);
    record_free(r);
    s->rec = NULL;
    out_printf(s->o, "recorded %s\n", what);
    return CMD_OK;
}

int record_end(sess *s)
{
    record *r = s->rec;
    char why[300], what[200];
    if (!r)
        return CMD_OK;
    flush_output(s);
    add_block(&r->md, r->code.data, r->code.len, "neuron");
    r->code.len = 0;
    text_str(&r->md, "*The session ended while recording (`record stop` "
             "ends a recording).*\n");
    out_tee(s->o, 0);
    int rc = write_markdown(s, r, why, sizeof why);
    summary(r, what, sizeof what);
    record_free(r);
    s->rec = NULL;
    if (rc != 0) {
        out_eprintf(s->o, "%serror:%s record: %s\n", out_on(s->o, OUT_RED),
                    out_off(s->o), why);
        return CMD_ERR;
    }
    out_printf(s->o, "note: the session ended while recording; recorded "
               "%s\n", what);
    return CMD_OK;
}

void record_status(const sess *s, char *buf, size_t cap)
{
    if (!s->rec) {
        buf[0] = '\0';
        return;
    }
    char shown[120];
    files_shown_name(s->rec->path, shown, sizeof shown);
    snprintf(buf, cap, "%s (%zu command line%s so far)", shown,
             s->rec->lines, s->rec->lines == 1 ? "" : "s");
}

/* ============================ hooks ============================ */

void record_line(sess *s, const char *line, size_t len)
{
    record *r = s->rec;
    if (!r)
        return;
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        len--;
    flush_output(s);
    size_t i = 0;
    while (i < len && strchr(" \t\r\v\f", line[i]))
        i++;
    r->prose = 0;
    if (i == len || (line[i] == '#' && !s->block.open))
        return;  // blank lines and comments are left out, as a run shows
                 // (in an image block, # is a pixel of a row)
    size_t w = 0;  // the first word (line need not end in a NUL)
    while (i + w < len && line[i + w] >= 'a' && line[i + w] <= 'z')
        w++;
    const cmd *c = cmd_find(line + i, w);
    if (cmd_is_narration(c)) {  // say, ask, pause, checkpoint, expect:
        r->prose = 1;  // what they print is the handout's prose, as a
        return;        // lesson's plain run shows them without the command
    }
    r->last = r->code.len;
    add_escaped(&r->code, r->esc, line, len);
    text_str(&r->code, "\n");
    r->lines++;
}

void record_plot(sess *s, const plot *p, int width, int height)
{
    record *r = s->rec;
    if (!r)
        return;
    char *svg, name[4200], why[300];
    size_t len;
    snprintf(name, sizeof name, "%s-%zu.svg", r->stem, r->plots + 1);
    if (!s->replaying) {  // a replay links the file written live
        if (plot_render_svg(p, width, height, &svg, &len) != 0) {
            out_eprintf(s->o, "warning: record: out of memory drawing the "
                        "plot as SVG\n");
            return;
        }
        int rc = sess_write_file(s, &r->rule, name, svg, len, why, sizeof why);
        free(svg);
        if (rc != 0) {
            out_eprintf(s->o, "warning: record: %s\n", why);
            return;
        }
    }
    r->plots++;
    /* the picture replaces its text (record_plot_begin sent what came
       before it): the commands waiting, then the SVG, once */
    add_block(&r->md, r->code.data, r->code.len, "neuron");
    r->code.len = 0;
    out_tee_clear(s->o);
    int odd = strpbrk(base_name(name), " ()<>") != NULL;  // <...> then
    text_str(&r->md, odd ? "![plot](<" : "![plot](");
    add_link(&r->md, base_name(name));
    text_str(&r->md, odd ? ">)\n\n" : ")\n\n");
}

void record_plot_begin(sess *s)
{
    if (s->rec)
        flush_output(s);  // what the command printed before its picture
}

/* ============================ presenter mode ============================ */

void record_aside_start(sess *s)
{
    if (s->rec)
        flush_output(s);  // what the commands printed is theirs
}

void record_aside_end(sess *s)
{
    if (s->rec)
        out_tee_clear(s->o);  // the front end's own text is left out
}

void record_move(sess *s, out *to)
{
    if (s->rec)
        flush_output(s);  // the last lines' output, from the old sink
    out_tee(s->o, 0);
    s->o = to;
    out_tee(to, 0);  // whatever another session's recording copied
    out_tee(to, s->rec != NULL);
}
