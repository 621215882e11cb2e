/*
 * cmd_image.c - small images and the lonely node.
 *
 *   image cross 5x5      then 5 rows of # and . (or grey 0-9), then end
 *   image show cross     images
 *   inputs image cross   weights image cross     show weights
 *
 * A block's rows are read by image_block_line (interp.c hands it every
 * line while a block is open, before comments or `;` are looked at, since
 * '#' is a pixel). A block never traps its writer: a bad row is reported
 * at once (at the prompt it may be typed again; in a script the rest of
 * the block is skipped to its `end` and the image is not defined), and a
 * blank line, a command or Ctrl-C leaves the block, the image undefined.
 */
#include "cmd.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interp.h"
#include "plot.h"
#include "../engine/mem.h"  /* nn_malloc: allocations a test can fail */

/* ============================ blocks ============================ */

static void block_close(sess *s)
{
    free(s->block.px);
    free(s->block.file);
    memset(&s->block, 0, sizeof s->block);
}

/* " (block starts at x.neuron:7)" or "" at the prompt. */
static void block_origin(const sess *s, char *buf, size_t cap)
{
    if (s->block.file)
        snprintf(buf, cap, " (block starts at %s:%ld)", s->block.file,
                 s->block.line);
    else
        buf[0] = '\0';
}

/* Pixel value of a row character: '#' 1, '.' 0, '0'-'9' grey; -1 bad. */
static double pixel(char c)
{
    if (c == '#')
        return 1;
    if (c == '.')
        return 0;
    if (c >= '0' && c <= '9')
        return (c - '0') / 9.0;
    return -1;
}

/* 1 when the rows are typed at the prompt, where a bad row can be typed
 * again; in a script (or -e, or a pipe) it cannot. */
static int typed(const sess *s)
{
    return s->prompt_width && !s->where[s->depth - 1].file;
}

/* Ends the block at a blank line, a command or Ctrl-C (`how` says which,
 * "a blank line"): the image is not defined. When the block has failed
 * already, that was said: closes quietly. */
static int leave(sess *s, size_t col, size_t len, const char *how,
                 const char *extra)
{
    struct image_block *b = &s->block;
    char where[160];
    block_origin(s, where, sizeof where);
    int failed = b->failed;
    if (!failed)
        sess_fail(s, col, len, "%s: %s left the block after %zu of %zu "
                  "row%s%s; the image is not defined%s", b->name, how,
                  b->got, b->rows, b->rows == 1 ? "" : "s", extra, where);
    else if (*extra)
        sess_fail(s, col, len, "%s: %s left the block%s", b->name, how,
                  extra);
    block_close(s);
    return failed && !*extra ? CMD_OK : CMD_ERR;
}

/* A bad row: reported at once. At the prompt the block stays open for the
 * row to be typed again; in a script the block is marked failed (its
 * other rows are skipped up to `end`, and the image is not defined). */
static int bad_row(sess *s, size_t col, size_t len, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static int bad_row(sess *s, size_t col, size_t len, const char *fmt, ...)
{
    struct image_block *b = &s->block;
    char what[300], where[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    block_origin(s, where, sizeof where);
    if (typed(s))
        return sess_fail(s, col, len, "%s: %s; type it again, `end`, or an "
                         "empty line to leave the block", b->name, what);
    b->failed = 1;
    return sess_fail(s, col, len, "%s: %s; the image is not defined%s",
                     b->name, what, where);
}

/* When row[0..n) is a line typed as if the block were over: a command's
 * name (not `end`), or a name then a blank, '(', '=' or '\'' (an
 * expression, a definition): 1 for a command, 2 for anything else, with
 * *len the name's length. `o...o` stays a (bad) row. Else 0. */
static int is_command(const char *row, size_t n, size_t *len)
{
    size_t i = 0;
    while (i < n && (row[i] == '_' || (row[i] >= '0' && row[i] <= '9')
                     || ((row[i] | 32) >= 'a' && (row[i] | 32) <= 'z')))
        i++;
    *len = i;
    if (i == 0 || (row[0] >= '0' && row[0] <= '9'))
        return 0;
    if (cmd_find(row, i))
        return 1;
    return i == n || strchr(" \t(='", row[i]) ? 2 : 0;
}

int image_block_line(sess *s, const char *line, size_t len)
{
    struct image_block *b = &s->block;
    char where[160];
    size_t from = 0, word;
    while (from < len && strchr(" \t\r\n", line[from]))
        from++;
    while (len > from && strchr(" \t\r\n", line[len - 1]))
        len--;
    const char *row = line + from;
    size_t n = len - from;
    if (n >= 3 && strncmp(row, "end", 3) == 0
        && (n == 3 || strchr(" \t#", row[3]))) {  // `end # a comment` too
        int failed = b->failed;
        block_origin(s, where, sizeof where);
        if (!failed && b->got != b->rows) {
            sess_fail(s, SIZE_MAX, 0, "%s: expected %zu row%s, got %zu before "
                      "end%s; the image is not defined", b->name, b->rows,
                      b->rows == 1 ? "" : "s", b->got, where);
            block_close(s);
            return CMD_ERR;
        }
        if (!failed) {
            int full = s->images.n >= IMAGES_MAX;
            if (images_put(&s->images, b->name, strlen(b->name), b->rows,
                           b->cols, b->px) != 0) {
                b->px = NULL;
                block_close(s);
                return full ? sess_fail(s, SIZE_MAX, 0, "too many images (at "
                                        "most %d)", IMAGES_MAX)
                            : sess_fail(s, SIZE_MAX, 0, "out of memory");
            }
            b->px = NULL;  // the set owns it now
        }
        block_close(s);
        return CMD_OK;
    }
    if (n == 0)
        return leave(s, SIZE_MAX, 0, "a blank line", "");
    int command = is_command(row, n, &word);
    if (command) {
        char how[120], shown[LEX_ESCAPE_SIZE];
        if (command == 2)
            word = n;
        lex_escape(shown, sizeof shown, row, word);
        snprintf(how, sizeof how, "the %s '%s'", command == 1 ? "command"
                 : "line", shown);
        return leave(s, from, word, how, " (it was not run)");
    }
    if (b->failed)
        return CMD_OK;  // skipping to `end`; the first problem was reported
    if (b->got == b->rows)
        return bad_row(s, from, n, "more than %zu row%s; end the image with "
                       "`end`", b->rows, b->rows == 1 ? "" : "s");
    if (n != b->cols)
        return bad_row(s, from, n, "row %zu has %zu pixel%s, expected %zu",
                       b->got + 1, n, n == 1 ? "" : "s", b->cols);
    for (size_t c = 0; c < n; c++) {
        if (pixel(row[c]) < 0) {
            char shown[LEX_ESCAPE_SIZE];
            lex_escape(shown, sizeof shown, row + c, 1);
            return bad_row(s, from + c, 1, "row %zu: a pixel is # or . or a "
                           "grey level 0-9, not '%s'", b->got + 1, shown);
        }
    }
    for (size_t c = 0; c < n; c++)
        b->px[b->got * b->cols + c] = pixel(row[c]);
    b->got++;
    return CMD_OK;
}

int image_block_leave(sess *s)
{
    if (!s->block.open)
        return CMD_OK;
    return leave(s, SIZE_MAX, 0, "Ctrl-C", "");
}

int image_end_of_input(sess *s)
{
    if (!s->block.open)
        return CMD_OK;
    char where[160];
    block_origin(s, where, sizeof where);
    struct image_block *b = &s->block;
    if (b->failed)
        sess_fail(s, SIZE_MAX, 0, "%s: the end of the input came before "
                  "`end`; the lines after the error were skipped%s",
                  b->name, where);
    else if (b->got == b->rows)
        sess_fail(s, SIZE_MAX, 0, "%s: the end of the input came before "
                  "`end`; the image is not defined%s", b->name, where);
    else
        sess_fail(s, SIZE_MAX, 0, "%s: expected %zu row%s, got %zu before the "
                  "end of the input%s; the image is not defined", b->name,
                  b->rows, b->rows == 1 ? "" : "s", b->got, where);
    block_close(s);
    return CMD_ERR;
}

int cmd_end(sess *s, const cmd_args *a)
{
    (void)a;  // an open block's `end` never reaches here: rows go to it
    return sess_fail(s, SIZE_MAX, 0, "no image block to end (a block starts "
                     "with image NAME RxC)");
}

/* ============================ commands ============================ */

/* Reads a size written 5x5 (or 5 x 5, or 5×5): rows then columns, from
 * the raw text (the lexer would read 0x5 as a hexadecimal number). */
static int read_size(sess *s, lexer *lx, size_t *rows, size_t *cols)
{
    size_t len, col;
    const char *t = lex_rest(lx, &len, &col);
    char buf[64];
    unsigned long r = 0, c = 0;
    int used = 0;
    size_t k = 0;
    if (len == 0 || len >= sizeof buf)
        goto bad;
    for (size_t i = 0; i < len; i++) {  // 5×5 pasted from a slide: 5x5
        if (i + 1 < len && memcmp(t + i, "\xc3\x97", 2) == 0) {
            buf[k++] = 'x';
            i++;
        } else {
            buf[k++] = t[i];
        }
    }
    buf[k] = '\0';
    if (sscanf(buf, "%lu x %lu %n", &r, &c, &used) != 2 || buf[used] != '\0'
        || buf[0] < '0' || buf[0] > '9')
        goto bad;
    if (r < 1 || c < 1)
        goto bad;
    if (r > IMAGES_MAX_SIDE || c > IMAGES_MAX_SIDE)
        return sess_fail(s, col, len, "an image is at most %dx%d",
                         IMAGES_MAX_SIDE, IMAGES_MAX_SIDE);
    *rows = r;
    *cols = c;
    return 0;
bad:
    return sess_fail(s, col, len ? len : 1, "expected a size such as 5x5 "
                     "(rows x columns, whole numbers from 1 to %d)",
                     IMAGES_MAX_SIDE);
}

/* The image named by the next token, or NULL with an error recorded. */
static const image *read_image_name(sess *s, lexer *lx)
{
    token t;
    lex_error err;
    if (lex_next(lx, &t, &err) != 0) {
        sess_fail_lex(s, &err);
        return NULL;
    }
    if (t.kind != TOK_NAME) {
        lex_expected(&err, &t, "the name of an image");
        sess_fail_lex(s, &err);
        return NULL;
    }
    const image *im = images_find(&s->images, t.start, t.len);
    if (!im)
        sess_fail(s, t.col, t.len, "no image named '%.*s'; `images` lists "
                  "them", t.len > 40 ? 40 : (int)t.len, t.start);
    return im;
}

static int draw(sess *s, const double *px, size_t rows, size_t cols,
                int signed_scale)
{
    plot *p = plot_new();
    int rc = p && plot_image(p, px, rows, cols, signed_scale) == 0
             ? cmd_draw(s, p, 0) : sess_fail(s, SIZE_MAX, 0, "out of memory");
    plot_free(p);
    return rc;
}

/* image's one word besides a new image's name. */
static const cmd_word image_words[] = {
    { "show", "show NAME [> FILE.svg]", "draw the image NAME (> FILE.svg: "
      "as SVG)", 0, "image dot 3x3\n...\n.#.\n...\nend\n"
      "image show dot" },
};

const cmd_word *cmd_image_word(size_t i)
{
    return CMD_ROW_AT(image_words, i);
}

int cmd_image(sess *s, const cmd_args *a)
{
    lexer lx;
    token t;
    lex_error err;
    cmd_lex(&lx, a);
    if (lex_next(&lx, &t, &err) != 0)
        return sess_fail_lex(s, &err);
    if (cmd_row_of(cmd_image_word, &t) == 0) {  // image show NAME
        if (cmd_svg_target(s, &lx) != 0)
            return CMD_ERR;
        const image *im = read_image_name(s, &lx);
        if (!im || cmd_read_end(s, &lx) != 0)
            return CMD_ERR;
        out_printf(s->o, "%s: %zux%zu\n", im->name, im->rows, im->cols);
        return draw(s, im->px, im->rows, im->cols, 0);
    }
    if (t.kind != TOK_NAME) {
        lex_expected(&err, &t, "an image name, then its size (image cross "
                     "5x5)");
        return sess_fail_lex(s, &err);
    }
    if (t.len > LEX_NAME_MAX)
        return sess_fail(s, t.col, t.len, "name too long");
    size_t rows = 0, cols = 0;
    if (read_size(s, &lx, &rows, &cols) != 0)
        return CMD_ERR;
    double *px = nn_calloc(rows * cols, sizeof *px);
    if (!px)
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    const sess_where *w = &s->where[s->depth - 1];
    block_close(s);
    s->block.open = 1;
    memcpy(s->block.name, t.start, t.len);
    s->block.rows = rows;
    s->block.cols = cols;
    s->block.px = px;
    s->block.file = w->file ? nn_strdup(w->file) : NULL;
    s->block.line = w->line;
    return CMD_OK;
}

int cmd_images(sess *s, const cmd_args *a)
{
    (void)a;
    if (s->images.n == 0) {
        out_printf(s->o, "no images yet; draw one with: image cross 5x5, "
                   "then its rows, then end\n");
        return CMD_OK;
    }
    for (size_t i = 0; i < s->images.n; i++)
        out_printf(s->o, "%s  %zux%zu\n", s->images.item[i].name,
                   s->images.item[i].rows, s->images.item[i].cols);
    return CMD_OK;
}

/* `inputs image NAME` / `weights image NAME`: 1 when the arguments start
 * with the word image (and then *im is set, or an error recorded). */
int cmd_image_arg(sess *s, const cmd_args *a, const image **im)
{
    lexer lx;
    token t;
    lex_error err;
    cmd_lex(&lx, a);
    *im = NULL;
    if (lex_next(&lx, &t, &err) != 0 || !tok_is_word(&t, "image"))
        return 0;
    *im = read_image_name(s, &lx);
    if (*im && cmd_read_end(s, &lx) != 0)
        *im = NULL;
    return 1;
}

int cmd_show_weights(sess *s)
{
    const nn_neuron *nr = s->nr;
    if (!s->have_weights)
        return sess_fail(s, SIZE_MAX, 0, "no weights yet");
    size_t rows = s->in_rows, cols = s->in_cols;
    if (rows * cols != nr->n) {  // not from an image: one row
        rows = 1;
        cols = nr->n;
    }
    out_printf(s->o, "weights as a %zux%zu picture (positive and negative "
               "apart):\n", rows, cols);
    return draw(s, nr->w, rows, cols, 1);
}
