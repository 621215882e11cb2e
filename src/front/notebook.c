/*
 * notebook.c - `neuron --notebook LESSON`: a lesson script as a Jupyter
 * notebook (nbformat 4.5) for the neuron kernel.
 *
 * The lesson is read line by line, as the interpreter reads it:
 *   - the opening comment lines (Lesson N: title, Objective, length)
 *     become the title cell;
 *   - `say` lines become Markdown (an empty `say` a paragraph break, an
 *     indented one a line of code), escaped so that * and _ stay as typed;
 *   - other commands, their comments and image blocks become code cells;
 *     `pause` ends a cell, so each cell is one step of the lesson;
 *   - `ask QUESTION = ANSWER` (and its `hint`) becomes a Markdown
 *     question and the code cell that asks it: in a live notebook the
 *     kernel asks for the answer and checks it, headless it shows it;
 *   - `checkpoint TASK :: CONDITION` becomes a Markdown task, an empty
 *     cell for the learner's commands, and the cell that checks it.
 * A relative file name after `data load`, `run` or `load` that exists
 * beside the lesson is written as an absolute path, so the notebook runs
 * from any folder on this machine.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../interp/files.h"
#include "front.h"

enum { NONE, MARKDOWN, CODE };

typedef struct notebook {
    front_buf cells;     /* the cells so far, JSON, comma-separated */
    int count;
    front_buf source;    /* the cell being built */
    int kind;            /* its kind */
    int blank;           /* Markdown: a paragraph break is pending */
    int code_block;      /* Markdown: the last line was indented code */
    char dir[PATH_MAX];  /* the lesson's folder, absolute */
} notebook;

/* Writes the cell being built, if it holds anything but blanks. */
static void close_cell(notebook *nb)
{
    front_buf *src = &nb->source;
    while (src->len > 0 && src->data[src->len - 1] == '\n')
        src->data[--src->len] = '\0';
    if (nb->kind != NONE && src->len > 0) {
        char head[160];
        snprintf(head, sizeof head, "%s{\"cell_type\":\"%s\",\"id\":"
                 "\"cell-%d\",\"metadata\":{},%s\"source\":",
                 nb->count ? ",\n  " : "\n  ",
                 nb->kind == CODE ? "code" : "markdown", nb->count + 1,
                 nb->kind == CODE ? "\"execution_count\":null,"
                                    "\"outputs\":[]," : "");
        front_buf_str(&nb->cells, head);
        front_buf_json(&nb->cells, src->data, src->len);
        front_buf_str(&nb->cells, "}");
        nb->count++;
    }
    src->len = 0;
    if (src->data)
        src->data[0] = '\0';
    nb->kind = NONE;
    nb->blank = nb->code_block = 0;
}

/* Starts a cell of this kind unless one is being built. */
static void want(notebook *nb, int kind)
{
    if (nb->kind != kind)
        close_cell(nb);
    nb->kind = kind;
}

/* Appends s[0..n) to Markdown with the characters Markdown would read
 * as formatting escaped. */
static void add_markdown(notebook *nb, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (strchr("\\`*_[]<>#|", s[i]))
            front_buf_add(&nb->source, "\\", 1);
        front_buf_add(&nb->source, s + i, 1);
    }
}

/* A `say` line's text (after "say"). */
static void say(notebook *nb, const char *text, size_t n)
{
    want(nb, MARKDOWN);
    if (n > 0 && text[0] == ' ') {  // "say TEXT": one space is the gap
        text++;
        n--;
    }
    size_t lead = 0;
    while (lead < n && text[lead] == ' ')
        lead++;
    if (lead == n) {
        nb->blank = 1;
        return;
    }
    int code = lead >= 2;
    if (nb->source.len > 0 && (nb->blank || code != nb->code_block))
        front_buf_str(&nb->source, "\n");  // a new paragraph or block
    nb->blank = 0;
    nb->code_block = code;
    if (code) {
        front_buf_str(&nb->source, "    ");
        front_buf_add(&nb->source, text + lead, n - lead);
    } else {
        add_markdown(nb, text, n);
    }
    front_buf_str(&nb->source, "\n");
}

/* The words of line[0..n): word k (0-based) at *at with *len bytes; 0
 * when there are fewer. */
static int word(const char *line, size_t n, int k, size_t *at, size_t *len)
{
    size_t i = 0;
    for (int w = 0;; w++) {
        while (i < n && strchr(" \t\r", line[i]))
            i++;
        if (i >= n)
            return 0;
        size_t start = i;
        while (i < n && !strchr(" \t\r", line[i]))
            i++;
        if (w == k) {
            *at = start;
            *len = i - start;
            return 1;
        }
    }
}

static int is_word(const char *line, size_t n, int k, const char *name)
{
    size_t at, len;
    return word(line, n, k, &at, &len) && len == strlen(name)
           && strncasecmp(line + at, name, len) == 0;
}

/* Appends a code line, with the file name after `data load`, `run` or
 * `load weights|network` made absolute when the lesson's folder has it. */
static void code_line(notebook *nb, const char *line, size_t n)
{
    want(nb, CODE);
    int k = is_word(line, n, 0, "run") ? 1
            : is_word(line, n, 0, "data") && is_word(line, n, 1, "load") ? 2
            : is_word(line, n, 0, "load") ? 2 : -1;
    size_t at, len;
    char path[PATH_MAX + 300], real[PATH_MAX];
    if (k > 0 && word(line, n, k, &at, &len) && line[at] != '/'
        && !memchr(line + at, '#', len) && !memchr(line + at, ';', len)
        && (size_t)snprintf(path, sizeof path, "%s/%.*s", nb->dir,
                            (int)len, line + at) < sizeof path
        && realpath(path, real)) {
        front_buf_add(&nb->source, line, at);
        front_buf_str(&nb->source, real);
        front_buf_add(&nb->source, line + at + len, n - at - len);
    } else {
        front_buf_add(&nb->source, line, n);
    }
    front_buf_str(&nb->source, "\n");
}

/* The text of a command line after its first word and one space. */
static const char *rest(const char *line, size_t n, size_t *rn)
{
    size_t at, len;
    word(line, n, 0, &at, &len);
    size_t i = at + len;
    while (i < n && strchr(" \t", line[i]))
        i++;
    *rn = n - i;
    return line + i;
}

/* Cuts text[0..*n) at a comment ('#'): what the interpreter runs. */
static void cut_comment(const char *text, size_t *n)
{
    const char *hash = memchr(text, '#', *n);
    if (hash)
        *n = (size_t)(hash - text);
    while (*n > 0 && strchr(" \t\r", text[*n - 1]))
        (*n)--;
}

/* The title cell from the opening comments. */
static void title(notebook *nb, const char *line, size_t n)
{
    while (n > 0 && (line[0] == '#' || line[0] == ' ')) {
        line++;
        n--;
    }
    want(nb, MARKDOWN);
    if (nb->source.len == 0) {
        front_buf_str(&nb->source, "# ");
        add_markdown(nb, line, n);
        front_buf_str(&nb->source, "\n\n");
        return;
    }
    add_markdown(nb, line, n);
    front_buf_str(&nb->source, "\n");
}

/* The lines of buf as cells. */
static void convert(notebook *nb, const char *buf, size_t len)
{
    size_t pos = len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
    int header = 1, in_block = 0;
    while (pos < len) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        const char *line = buf + pos;
        size_t n = end - pos;
        while (n > 0 && line[n - 1] == '\r')
            n--;
        pos = end + 1;
        size_t lead = strspn(line, " \t");
        lead = lead < n ? lead : n;
        int blank = lead == n;
        if (header && n > 0 && line[0] == '#') {
            title(nb, line, n);
            continue;
        }
        if (header) {
            front_buf_str(&nb->source, "\nRun the cells in order with "
                          "Shift-Enter; the session carries over from "
                          "cell to cell.\n");
            close_cell(nb);
            header = 0;
        }
        size_t rn;
        const char *text = rest(line, n, &rn);
        if (in_block) {  // the rows of an image, up to `end`
            code_line(nb, line, n);
            in_block = !is_word(line, n, 0, "end");
        } else if (blank) {
            if (nb->kind == MARKDOWN)
                nb->blank = 1;
        } else if (is_word(line, n, 0, "say") && !memchr(line, ';', n)) {
            const char *said = line + lead + 3;
            size_t sn = n - lead - 3;
            cut_comment(said, &sn);  // the interpreter stops there too
            say(nb, said, sn);
        } else if (is_word(line, n, 0, "pause")) {
            close_cell(nb);
        } else if (is_word(line, n, 0, "ask")) {
            close_cell(nb);
            size_t q = rn;
            while (q > 0 && text[q - 1] != '=')
                q--;
            want(nb, MARKDOWN);
            front_buf_str(&nb->source, "**Question:** ");
            add_markdown(nb, text, q > 0 ? q - 1 : rn);
            front_buf_str(&nb->source, "\n\nRun the next cell to answer "
                          "it; it checks your answer.\n");
            size_t next = pos < len ? strcspn(buf + pos, "\n") : 0;
            if (pos < len && is_word(buf + pos, next, 0, "hint")) {
                size_t hn;
                const char *hint = rest(buf + pos, next, &hn);
                front_buf_str(&nb->source, "\n<details><summary>Hint"
                              "</summary>\n\n");
                add_markdown(nb, hint, hn);
                front_buf_str(&nb->source, "\n\n</details>\n");
            }
            close_cell(nb);
            code_line(nb, line, n);
            if (pos < len && is_word(buf + pos, next, 0, "hint")) {
                code_line(nb, buf + pos, next);
                pos += next + 1;
            }
            close_cell(nb);
        } else if (is_word(line, n, 0, "checkpoint")) {
            close_cell(nb);
            size_t t = rn;
            while (t > 1 && !(text[t - 1] == ':' && text[t - 2] == ':'))
                t--;
            want(nb, MARKDOWN);
            front_buf_str(&nb->source, "**Checkpoint:** ");
            add_markdown(nb, text, t > 1 ? t - 2 : rn);
            front_buf_str(&nb->source, "\n\nType your commands in the next "
                          "cell and run it; the cell after it checks "
                          "the result.\n");
            close_cell(nb);
            want(nb, CODE);
            front_buf_str(&nb->source, "# your commands\n");
            close_cell(nb);
            code_line(nb, line, n);
            close_cell(nb);
        } else {
            code_line(nb, line, n);
            size_t at, wl;
            in_block = is_word(line, n, 0, "image") && word(line, n, 2, &at,
                                                             &wl)
                       && !is_word(line, n, 1, "show");
        }
    }
    close_cell(nb);
}

int notebook_write(const char *path, out *o)
{
    char *buf, why[400];
    size_t len;
    if (files_read(path, FILES_MAX_SCRIPT, &buf, &len, why, sizeof why)
        != 0) {
        fprintf(stderr, "neuron: %s\n", why);
        return 1;
    }
    if (memchr(buf, '\0', len)) {
        fprintf(stderr, "neuron: '%s' is not a text script\n", path);
        free(buf);
        return 1;
    }
    notebook *nb = calloc(1, sizeof *nb);
    if (!nb) {
        free(buf);
        fprintf(stderr, "neuron: out of memory\n");
        return 1;
    }
    char real[PATH_MAX];
    if (realpath(path, real)) {
        char *slash = strrchr(real, '/');
        if (slash)
            *slash = '\0';
        snprintf(nb->dir, sizeof nb->dir, "%s", slash ? real : ".");
    } else {
        strcpy(nb->dir, ".");
    }
    convert(nb, buf, len);
    free(buf);
    front_buf doc = { 0 };
    front_buf_str(&doc, "{\n \"cells\": [");
    if (nb->cells.data)
        front_buf_str(&doc, nb->cells.data);
    front_buf_str(&doc, "\n ],\n \"metadata\": {\n  \"kernelspec\": "
                  "{\"display_name\": \"neuron\", \"language\": \"neuron\", "
                  "\"name\": \"neuron\"},\n  \"language_info\": "
                  "{\"name\": \"neuron\", \"file_extension\": \".neuron\", "
                  "\"mimetype\": \"text/x-neuron\"}\n },\n"
                  " \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n");
    int rc = 0;
    if (doc.failed || nb->cells.failed || nb->source.failed) {
        fprintf(stderr, "neuron: out of memory\n");
        rc = 1;
    } else {
        out_write(o, OUT_OUT, doc.data, doc.len);
    }
    front_buf_free(&doc);
    front_buf_free(&nb->cells);
    front_buf_free(&nb->source);
    free(nb);
    return rc;
}
