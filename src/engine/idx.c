/*
 * idx.c - MNIST's IDX images and labels, gzip or not, read from memory.
 *
 * A file arrives as one buffer the interpreter filled. A "flow" reads it
 * front to back: it inflates gzip data with zlib, or copies a buffer that
 * does not start with gzip's magic 1f 8b (plain IDX, as zlib's gzread
 * does). The reader asks a flow for so many bytes and learns whether the
 * data ended first, so nothing is ever inflated that is not wanted:
 *
 *   1. inflate the header only (16 bytes for images, 8 for labels);
 *   2. check it: magic, sizes, limits, and count * rows * cols with
 *      explicit overflow checks, then that both files agree on the count;
 *   3. inflate the body into a buffer of at most the declared size, then
 *      ask for one byte more: getting it means the file is too long.
 *
 * So a gzip bomb (a small file that inflates to gigabytes) costs at most
 * the declared size plus one byte, and time in proportion; the declared
 * size is at most NN_IDX_MAX_BYTES, and the caller's stop hook is asked
 * every NN_IDX_STOP_EVERY bytes, so Ctrl-C ends even that. The body buffer
 * starts at a size guessed from the data (a plain file's length; gzip's
 * trailer, which holds the inflated length mod 2^32, bounded by deflate's
 * best ratio) and doubles as data comes, never past the declared size: a
 * header that claims 2 GB in front of a few bytes of data does not get
 * 2 GB allocated before the data runs out.
 *
 * Gzip decisions. Several gzip members one after the other are one file,
 * as gzip(1) and gzread read them. Anything else after a member is an
 * error ("trailing garbage after the gzip data"), where gzip(1) only
 * warns: a damaged file should not half load. A stream that stops early,
 * a corrupt block and a wrong CRC or length in the trailer are errors.
 *
 * Messages are built without stdio (the engine may not include it) by
 * the small msg_* helpers, as in data.c.
 */
#define ZLIB_CONST  /* next_in is const: the input buffer is only read */

#include "idx.h"

#include "msg.h"  /* messages without stdio */
#include "mem.h"  /* nn_malloc: allocations a test can fail */

#include <limits.h> /* UINT_MAX: zlib counts in uInt */
#include <stdlib.h> /* malloc, realloc, calloc, free */
#include <string.h> /* memcpy, strcmp */
#include <zlib.h>   /* inflate */

#define IMAGES_MAGIC 0x00000803u  /* unsigned bytes, 3 dimensions */
#define LABELS_MAGIC 0x00000801u  /* unsigned bytes, 1 dimension */
#define IMAGES_HEAD 16            /* magic, count, rows, cols */
#define LABELS_HEAD 8             /* magic, count */

/* err->line of each file, so the interpreter can name it. */
#define LINE_IMAGES 1
#define LINE_LABELS 2

/* Deflate's best ratio is 1032:1 (a 258-byte match in about 2 bits), so
 * n bytes of gzip never inflate to more than 1032 n (plus slack for a
 * stored block); used only to bound a size guess. */
#define DEFLATE_MAX_RATIO 1032
#define FIRST_GUESS ((size_t)64 * 1024)

/* "1 image", "3 images". */
static void msg_count(nn_msg *m, size_t n, const char *one, const char *many)
{
    nn_msg_size(m, n);
    nn_msg_char(m, ' ');
    nn_msg_text(m, n == 1 ? one : many);
}

/* Fills err with code, line and `text`; returns a buffer to append to. */
static nn_msg fail(nn_errinfo *err, nn_status code, long line,
                   const char *text)
{
    err->code = code;
    err->line = line;
    err->column = 0;
    err->msg[0] = '\0';
    nn_msg m = { err->msg, sizeof err->msg, 0 };
    nn_msg_text(&m, text);
    return m;
}

/* ---- flows: a buffer inflated or copied, a piece at a time ----------- */

typedef struct flow {
    const uint8_t *buf;  /* the whole input, len bytes (borrowed) */
    size_t len;
    size_t pos;          /* plain: bytes handed out so far */
    size_t produced;     /* bytes handed out so far, gzip or plain */
    long line;           /* err->line for this flow's problems */
    int gzip;            /* 1: inflate; 0: copy as it is */
    int open;            /* inflateInit2 succeeded: inflateEnd owed */
    int ended;           /* no more output will come */
    nn_stop *stop;       /* asked every NN_IDX_STOP_EVERY bytes; may be
                            NULL */
    z_stream z;
} flow;

static int is_gzip(const uint8_t *buf, size_t len)
{
    return len >= 2 && buf[0] == 0x1f && buf[1] == 0x8b;
}

/* Where zlib has read up to, as an offset into buf. */
static size_t zpos(const flow *f)
{
    return (size_t)(f->z.next_in - f->buf);
}

/* zlib's state comes from nn_calloc too, so the failure hook reaches it. */
static voidpf z_alloc(voidpf opaque, uInt items, uInt size)
{
    (void)opaque;
    return nn_calloc(items, size);
}

static void z_free(voidpf opaque, voidpf p)
{
    (void)opaque;
    free(p);
}

/* Starts reading buf[0..len), asking stop as it goes. f must be zeroed
 * (so flow_close is safe whatever happens). NN_ENOMEM when zlib cannot
 * get its state. */
static nn_status flow_open(flow *f, const uint8_t *buf, size_t len,
                           long line, nn_stop *stop, nn_errinfo *err)
{
    f->buf = buf;
    f->len = len;
    f->line = line;
    f->stop = stop;
    f->gzip = is_gzip(buf, len);
    if (!f->gzip)
        return NN_OK;
    f->z.zalloc = z_alloc;
    f->z.zfree = z_free;
    f->z.opaque = Z_NULL;
    f->z.next_in = buf;
    f->z.avail_in = 0;
    int rc = inflateInit2(&f->z, 16 + MAX_WBITS);  // 16: gzip wrapper only
    if (rc == Z_MEM_ERROR) {
        fail(err, NN_ENOMEM, line, "out of memory inflating gzip data");
        return NN_ENOMEM;
    }
    if (rc != Z_OK) {
        fail(err, NN_EFORMAT, line, "cannot start zlib");
        return NN_EFORMAT;
    }
    f->open = 1;
    return NN_OK;
}

static void flow_close(flow *f)
{
    if (f->open)
        inflateEnd(&f->z);
    f->open = 0;
}

/* A gzip member has ended. Another member may follow (gzip allows
 * concatenated members); anything else is garbage. */
static nn_status member_end(flow *f, nn_errinfo *err)
{
    size_t at = zpos(f);
    size_t rest = f->len - at;
    if (rest == 0) {
        f->ended = 1;
        return NN_OK;
    }
    if (is_gzip(f->buf + at, rest)) {
        inflateReset(&f->z);  // keeps next_in and avail_in
        return NN_OK;
    }
    nn_msg m = fail(err, NN_EFORMAT, f->line,
                    "trailing garbage after the gzip data (");
    msg_count(&m, rest, "byte)", "bytes)");
    return NN_EFORMAT;
}

/* zlib's complaint about a corrupt stream, in the user's words where
 * zlib's own are obscure. */
static nn_status corrupt(const flow *f, nn_errinfo *err)
{
    const char *why = f->z.msg;
    if (why == NULL)
        why = "bad data";
    else if (strcmp(why, "incorrect data check") == 0)
        why = "crc check failed";
    else if (strcmp(why, "incorrect length check") == 0)
        why = "length check failed";
    nn_msg m = fail(err, NN_EFORMAT, f->line, "gzip data is corrupt: ");
    nn_msg_text(&m, why);
    return NN_EFORMAT;
}

/* Counts n bytes read or inflated and asks the stop hook when it is
 * time: NN_EINTR (err filled) to stop, else NN_OK. */
static nn_status flow_poll(const flow *f, size_t n, nn_errinfo *err)
{
    if (!nn_stop_poll(f->stop, n, NN_IDX_STOP_EVERY))
        return NN_OK;
    fail(err, NN_EINTR, f->line, "interrupted");
    return NN_EINTR;
}

/* Inflates (or copies) up to `want` bytes into dst; *got says how many
 * came. *got < want only when the data has ended (f->ended). zlib is fed
 * and asked for at most NN_IDX_STOP_EVERY bytes a call, and the stop hook
 * counts both. Errors: NN_EFORMAT for a truncated or corrupt stream,
 * NN_EINTR, NN_ENOMEM. */
static nn_status flow_read(flow *f, uint8_t *dst, size_t want, size_t *got,
                           nn_errinfo *err)
{
    *got = 0;
    if (!f->gzip) {
        size_t n = f->len - f->pos < want ? f->len - f->pos : want;
        if (n > 0)
            memcpy(dst, f->buf + f->pos, n);
        f->pos += n;
        f->produced += n;
        *got = n;
        f->ended = f->pos == f->len;
        return flow_poll(f, n, err);
    }
    while (*got < want && !f->ended) {
        if (f->z.avail_in == 0) {
            size_t rest = f->len - zpos(f);
            f->z.avail_in = (uInt)(rest < NN_IDX_STOP_EVERY ? rest
                                   : NN_IDX_STOP_EVERY);
        }
        size_t room = want - *got;
        uInt chunk = (uInt)(room < NN_IDX_STOP_EVERY ? room
                            : NN_IDX_STOP_EVERY);
        size_t before = zpos(f);
        f->z.next_out = dst + *got;
        f->z.avail_out = chunk;
        int rc = inflate(&f->z, Z_NO_FLUSH);
        size_t n = chunk - f->z.avail_out;
        *got += n;
        f->produced += n;
        nn_status status = flow_poll(f, n + (zpos(f) - before), err);
        if (status != NN_OK)
            return status;
        switch (rc) {
        case Z_OK:
            break;
        case Z_STREAM_END:
            status = member_end(f, err);
            break;
        case Z_BUF_ERROR:  // no progress though there was room for output
            if (f->z.avail_in > 0) {
                status = corrupt(f, err);  // cannot happen; never spin
            } else if (zpos(f) == f->len) {
                fail(err, NN_EFORMAT, f->line, "gzip data ends early");
                status = NN_EFORMAT;
            }  // else: more input is fed at the top of the loop
            break;
        case Z_MEM_ERROR:
            fail(err, NN_ENOMEM, f->line, "out of memory inflating gzip data");
            status = NN_ENOMEM;
            break;
        default:  // Z_DATA_ERROR, Z_NEED_DICT, Z_STREAM_ERROR
            status = corrupt(f, err);
            break;
        }
        if (status != NN_OK)
            return status;
    }
    return NN_OK;
}

/* A guess at how many bytes are still to come: exact for a plain buffer;
 * for gzip the trailer's length (mod 2^32, and of the last member only),
 * no more than deflate could make of the input left. Only a guess. */
static size_t flow_guess(const flow *f)
{
    if (!f->gzip)
        return f->len - f->pos;
    if (f->len < 18)  // 10-byte header + 8-byte trailer
        return 0;
    const uint8_t *t = f->buf + f->len - 4;
    size_t isize = (size_t)t[0] | (size_t)t[1] << 8 | (size_t)t[2] << 16
                   | (size_t)t[3] << 24;
    if (isize <= f->produced)
        return 0;
    size_t guess = isize - f->produced;
    size_t rest = f->len - zpos(f) + 1024;
    if (rest < SIZE_MAX / DEFLATE_MAX_RATIO
        && guess > rest * DEFLATE_MAX_RATIO)
        guess = rest * DEFLATE_MAX_RATIO;
    return guess;
}

/* Reads up to `limit` bytes into a malloc'ed *out (caller frees; set even
 * when 0 bytes came) that starts at the guessed size and doubles, never
 * past limit. Then looks one byte further: *more is 1 when data remains.
 * So at most limit bytes are held, plus the one looked at. */
static nn_status flow_read_upto(flow *f, size_t limit, uint8_t **out,
                                size_t *got, int *more, nn_errinfo *err)
{
    *out = NULL;
    *got = 0;
    *more = 0;
    size_t cap = flow_guess(f);
    if (cap < FIRST_GUESS)
        cap = FIRST_GUESS;
    if (cap > limit)
        cap = limit;
    uint8_t *buf = nn_malloc(cap > 0 ? cap : 1);
    if (buf == NULL)
        goto nomem;
    for (;;) {
        size_t n;
        nn_status status = flow_read(f, buf + *got, cap - *got, &n, err);
        *got += n;
        if (status != NN_OK) {
            free(buf);
            *got = 0;
            return status;
        }
        if (*got < cap || cap == limit)
            break;
        cap = cap > limit / 2 ? limit : cap * 2;
        uint8_t *bigger = nn_realloc(buf, cap);
        if (bigger == NULL) {
            free(buf);
            goto nomem;
        }
        buf = bigger;
    }
    if (*got == limit) {
        uint8_t probe;
        size_t n;
        nn_status status = flow_read(f, &probe, 1, &n, err);
        if (status != NN_OK) {
            free(buf);
            *got = 0;
            return status;
        }
        *more = n == 1;
    }
    *out = buf;
    return NN_OK;

nomem:
    *got = 0;
    fail(err, NN_ENOMEM, f->line, "out of memory for the data");
    return NN_ENOMEM;
}

/* ---- gzip on its own ------------------------------------------------- */

nn_status nn_gunzip(const uint8_t *buf, size_t len, size_t max,
                    nn_stop *stop, uint8_t **out, size_t *out_len,
                    nn_errinfo *err)
{
    *out = NULL;
    *out_len = 0;
    fail(err, NN_OK, 0, "");
    flow f;
    memset(&f, 0, sizeof f);
    nn_status status = flow_open(&f, buf, len, 0, stop, err);
    uint8_t *data = NULL;
    size_t got = 0;
    int more = 0;
    if (status == NN_OK)
        status = flow_read_upto(&f, max, &data, &got, &more, err);
    flow_close(&f);
    if (status != NN_OK)
        return status;
    if (more) {
        free(data);
        nn_msg m = fail(err, NN_EFORMAT, 0,
                        f.gzip ? "gzip data inflates to more than "
                               : "data is longer than ");
        msg_count(&m, max, "byte", "bytes");
        return NN_EFORMAT;
    }
    if (got > 0 && got < max) {  // give back what the guess overshot
        uint8_t *fit = nn_realloc(data, got);
        if (fit != NULL)
            data = fit;
    }
    *out = data;
    *out_len = got;
    return NN_OK;
}

/* ---- IDX headers ----------------------------------------------------- */

/* What a header declared: count items of rows x cols bytes (labels: 1x1).
 * bytes = count * rows * cols, checked not to overflow. */
typedef struct declared {
    int labels;          /* 1 for a label file */
    size_t count, rows, cols, bytes;
} declared;

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16
           | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* "header says 3 images of 3x3 (27 bytes)", "header says 3 labels" */
static void msg_declared(nn_msg *m, const declared *d)
{
    nn_msg_text(m, "header says ");
    if (d->labels) {
        msg_count(m, d->count, "label", "labels");
        return;
    }
    msg_count(m, d->count, "image", "images");
    nn_msg_text(m, " of ");
    nn_msg_size(m, d->rows);
    nn_msg_char(m, 'x');
    nn_msg_size(m, d->cols);
    nn_msg_text(m, " (");
    msg_count(m, d->bytes, "byte)", "bytes)");
}

/* The magic must be the wanted kind's (labels: 1 for a label file); the
 * other kind's magic means the files were swapped. */
static nn_status check_magic(const flow *f, uint32_t magic, int labels,
                             nn_errinfo *err)
{
    uint32_t want = labels ? LABELS_MAGIC : IMAGES_MAGIC;
    uint32_t other = labels ? IMAGES_MAGIC : LABELS_MAGIC;
    if (magic == want)
        return NN_OK;
    nn_msg m;
    if (magic == other) {
        m = fail(err, NN_EFORMAT, f->line,
                 labels ? "images given where labels were expected (magic "
                        : "labels given where images were expected (magic ");
        nn_msg_hex32(&m, magic);
    } else {
        m = fail(err, NN_EFORMAT, f->line,
                 labels ? "not an IDX label file (magic "
                        : "not an IDX image file (magic ");
        nn_msg_hex32(&m, magic);
        nn_msg_text(&m, ", expected ");
        nn_msg_hex32(&m, want);
    }
    nn_msg_char(&m, ')');
    return NN_EFORMAT;
}

/* Inflates the first `size` bytes of f into head and checks the magic
 * (labels: 1 for a label file). The magic is checked as soon as its 4
 * bytes are there, so a label file given for images is named as such
 * even though it is shorter than an image header. */
static nn_status read_header(flow *f, uint8_t *head, size_t size,
                             int labels, nn_errinfo *err)
{
    size_t got;
    nn_status status = flow_read(f, head, size, &got, err);
    if (status != NN_OK)
        return status;
    if (got == 0) {
        fail(err, NN_EFORMAT, f->line, "file is empty");
        return NN_EFORMAT;
    }
    if (got >= 4) {
        status = check_magic(f, be32(head), labels, err);
        if (status != NN_OK)
            return status;
    }
    if (got < size) {
        nn_msg m = fail(err, NN_EFORMAT, f->line,
                        "file is too short for an IDX header (");
        nn_msg_size(&m, got);
        nn_msg_text(&m, " of ");
        msg_count(&m, size, "byte)", "bytes)");
        return NN_EFORMAT;
    }
    return NN_OK;
}

/* Reads and checks an image header: magic, count in 1..NN_IDX_MAX_COUNT,
 * sides in 1..NN_IDX_MAX_SIDE, count*rows*cols <= NN_IDX_MAX_BYTES. Each
 * check bounds the values the next one multiplies, so nothing overflows
 * (rows*cols <= 4096^2 fits even a 32-bit size_t; the byte check divides
 * instead of multiplying). */
static nn_status image_header(flow *f, declared *d, nn_errinfo *err)
{
    uint8_t head[IMAGES_HEAD];
    nn_status status = read_header(f, head, sizeof head, 0, err);
    if (status != NN_OK)
        return status;
    uint32_t count = be32(head + 4), rows = be32(head + 8);
    uint32_t cols = be32(head + 12);
    d->labels = 0;
    if (count == 0) {
        fail(err, NN_ERANGE, f->line, "no images (header says 0)");
        return NN_ERANGE;
    }
    if (count > NN_IDX_MAX_COUNT) {
        nn_msg m = fail(err, NN_ERANGE, f->line, "header says ");
        nn_msg_size(&m, count);
        nn_msg_text(&m, " images; at most ");
        nn_msg_size(&m, NN_IDX_MAX_COUNT);
        nn_msg_text(&m, " are allowed");
        return NN_ERANGE;
    }
    if (rows == 0 || cols == 0 || rows > NN_IDX_MAX_SIDE
        || cols > NN_IDX_MAX_SIDE) {
        nn_msg m = fail(err, NN_ERANGE, f->line, "image size ");
        nn_msg_size(&m, rows);
        nn_msg_char(&m, 'x');
        nn_msg_size(&m, cols);
        nn_msg_text(&m, " is out of range: sides must be 1..");
        nn_msg_size(&m, NN_IDX_MAX_SIDE);
        return NN_ERANGE;
    }
    d->count = count;
    d->rows = rows;
    d->cols = cols;
    size_t per_image = d->rows * d->cols;  // <= 4096^2: no overflow
    if (d->count > NN_IDX_MAX_BYTES / per_image) {
        nn_msg m = fail(err, NN_ERANGE, f->line, "header says ");
        msg_count(&m, d->count, "image", "images");
        nn_msg_text(&m, " of ");
        nn_msg_size(&m, d->rows);
        nn_msg_char(&m, 'x');
        nn_msg_size(&m, d->cols);
        nn_msg_text(&m, ": more than ");
        nn_msg_size(&m, NN_IDX_MAX_BYTES);
        nn_msg_text(&m, " bytes of pixels (");
        nn_msg_size(&m, NN_IDX_MAX_BYTES >> 20);
        nn_msg_text(&m, " MiB, the most one file may hold)");
        return NN_ERANGE;
    }
    d->bytes = d->count * per_image;
    return NN_OK;
}

/* Reads and checks a label header: magic, and the count, which must be
 * the images' count (so it is bounded too). */
static nn_status label_header(flow *f, const declared *images, declared *d,
                              nn_errinfo *err)
{
    uint8_t head[LABELS_HEAD];
    nn_status status = read_header(f, head, sizeof head, 1, err);
    if (status != NN_OK)
        return status;
    uint32_t count = be32(head + 4);
    if (count != images->count) {
        nn_msg m = fail(err, NN_EFORMAT, f->line, "header says ");
        msg_count(&m, count, "label", "labels");
        nn_msg_text(&m, " but the image file has ");
        msg_count(&m, images->count, "image", "images");
        return NN_EFORMAT;
    }
    d->labels = 1;
    d->count = count;
    d->rows = d->cols = 1;
    d->bytes = d->count;
    return NN_OK;
}

/* ---- IDX bodies ------------------------------------------------------ */

/* Reads exactly d->bytes more into a malloc'ed *out (caller frees): fewer
 * means the file was cut short, more that something follows. */
static nn_status read_body(flow *f, const declared *d, uint8_t **out,
                           nn_errinfo *err)
{
    size_t got;
    int more;
    nn_status status = flow_read_upto(f, d->bytes, out, &got, &more, err);
    if (status != NN_OK)
        return status;
    if (got == d->bytes && !more)
        return NN_OK;
    free(*out);
    *out = NULL;
    nn_msg m = fail(err, NN_EFORMAT, f->line, "");
    msg_declared(&m, d);
    if (more) {
        nn_msg_text(&m, " but more data follows");
    } else {
        nn_msg_text(&m, " but the data ends after ");
        msg_count(&m, got, "byte", "bytes");
    }
    return NN_EFORMAT;
}

/* Every label must be a digit. */
static nn_status check_labels(const uint8_t *labels, size_t count,
                              nn_errinfo *err)
{
    for (size_t i = 0; i < count; i++) {
        if (labels[i] > 9) {
            nn_msg m = fail(err, NN_ERANGE, LINE_LABELS, "label at index ");
            nn_msg_size(&m, i);
            nn_msg_text(&m, " is ");
            nn_msg_size(&m, labels[i]);
            nn_msg_text(&m, "; labels must be 0..9");
            return NN_ERANGE;
        }
    }
    return NN_OK;
}

/* ---- sets ------------------------------------------------------------ */

void nn_images_free(nn_images *im)
{
    if (im == NULL)
        return;
    free(im->pixels);
    free(im->labels);
    free(im);
}

nn_status nn_idx_parse(const uint8_t *images, size_t images_len,
                       const uint8_t *labels, size_t labels_len,
                       nn_stop *stop, nn_images **out, nn_errinfo *err)
{
    *out = NULL;
    fail(err, NN_OK, 0, "");
    flow fi, fl;
    memset(&fi, 0, sizeof fi);
    memset(&fl, 0, sizeof fl);
    declared di, dl;
    nn_images *im = NULL;

    /* 1-2: both headers, checked before anything large is allocated */
    nn_status status = flow_open(&fi, images, images_len, LINE_IMAGES, stop,
                                 err);
    if (status == NN_OK)
        status = image_header(&fi, &di, err);
    if (status == NN_OK && labels != NULL) {
        status = flow_open(&fl, labels, labels_len, LINE_LABELS, stop,
                           err);
        if (status == NN_OK)
            status = label_header(&fl, &di, &dl, err);
    }
    if (status != NN_OK)
        goto done;

    /* 3: the bodies, no more and no less than declared */
    im = nn_calloc(1, sizeof *im);
    if (im == NULL) {
        fail(err, NN_ENOMEM, 0, "out of memory for the images");
        status = NN_ENOMEM;
        goto done;
    }
    im->count = di.count;
    im->rows = di.rows;
    im->cols = di.cols;
    status = read_body(&fi, &di, &im->pixels, err);
    if (status == NN_OK && labels != NULL)
        status = read_body(&fl, &dl, &im->labels, err);
    if (status == NN_OK && labels != NULL)
        status = check_labels(im->labels, im->count, err);

done:
    flow_close(&fi);
    flow_close(&fl);
    if (status != NN_OK) {
        nn_images_free(im);
        return status;
    }
    *out = im;
    return NN_OK;
}

nn_images *nn_images_head(const nn_images *im, size_t n)
{
    if (n > im->count)
        n = im->count;
    size_t per_image = im->rows * im->cols;
    nn_images *head = nn_calloc(1, sizeof *head);
    if (head == NULL)
        return NULL;
    head->count = n;
    head->rows = im->rows;
    head->cols = im->cols;
    head->pixels = nn_malloc(n * per_image > 0 ? n * per_image : 1);
    if (head->pixels == NULL)
        goto nomem;
    if (n > 0)
        memcpy(head->pixels, im->pixels, n * per_image);
    if (im->labels != NULL) {
        head->labels = nn_malloc(n > 0 ? n : 1);
        if (head->labels == NULL)
            goto nomem;
        if (n > 0)
            memcpy(head->labels, im->labels, n);
    }
    return head;

nomem:
    nn_images_free(head);
    return NULL;
}
