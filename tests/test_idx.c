/*
 * test_idx.c - the IDX reader and gzip: good files raw and gzip, the
 * bundled subset, Fashion-MNIST when installed, and every broken case of
 * RELIABILITY.md F2 and F3.
 *
 * Fixtures are in tests/idx/ (made by tests/idx/make_fixtures.py; the test
 * runs from the repository root). Files are read into buffers of exactly
 * their size, so a read past the end shows up under valgrind and
 * AddressSanitizer. The good set is 3 images of 3x3 whose pixel (i, r, c)
 * is 100*i + 10*r + c, labelled 7, 0, 9. The gzip bomb is made here with
 * zlib's deflate, from a small buffer of zeros fed again and again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ZLIB_CONST  /* next_in is const: deflate only reads it */
#include <zlib.h>

#include "testutil.h"

#include "engine/idx.h"

#define FIXTURES "tests/idx/"
#define MNIST "lessons/data/mnist/"
#ifndef FASHION  /* -DFASHION='"/elsewhere/"' to try the skip */
#define FASHION "/usr/share/datasets/fashion-mnist/"
#endif

/* ---- helpers --------------------------------------------------------- */

/* A file's bytes in a malloc'ed buffer of exactly its size (at least 1
 * byte allocated); NULL when it cannot be opened. */
static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap);
    assert_non_null(buf);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    assert_int_equal(ferror(f), 0);
    fclose(f);
    buf = realloc(buf, n > 0 ? n : 1);
    assert_non_null(buf);
    *len = n;
    return buf;
}

/* A fixture that must exist. */
static uint8_t *fixture(const char *name, size_t *len)
{
    char path[256];
    snprintf(path, sizeof path, FIXTURES "%s", name);
    uint8_t *buf = slurp(path, len);
    if (buf == NULL)
        fail_msg("cannot open %s (run from the repository root)", path);
    return buf;
}

/* An exact-size copy of buf[0..len), so overreads are caught. */
static uint8_t *copy_of(const uint8_t *buf, size_t len)
{
    uint8_t *c = malloc(len > 0 ? len : 1);
    assert_non_null(c);
    if (len > 0)
        memcpy(c, buf, len);
    return c;
}

/* Parses two buffers that must be good. */
static nn_images *parse_ok(const uint8_t *images, size_t images_len,
                           const uint8_t *labels, size_t labels_len)
{
    nn_images *im = NULL;
    nn_errinfo err;
    nn_status status = nn_idx_parse(images, images_len, labels, labels_len,
                                    NULL, &im, &err);
    if (status != NN_OK)
        fail_msg("file %ld: %s", err.line, err.msg);
    assert_int_equal(err.code, NN_OK);
    assert_string_equal(err.msg, "");
    assert_non_null(im);
    return im;
}

/* Parses two buffers that must fail with this code, file and message. */
static void parse_fails(const uint8_t *images, size_t images_len,
                        const uint8_t *labels, size_t labels_len,
                        nn_status code, long line, const char *msg)
{
    static nn_images sentinel;
    nn_images *im = &sentinel;  // must come back NULL
    nn_errinfo err;
    nn_status status = nn_idx_parse(images, images_len, labels, labels_len,
                                    NULL, &im, &err);
    if (status != code || strcmp(err.msg, msg) != 0 || err.line != line)
        fail_msg("got status %d, file %ld: '%s'\nwant status %d, file %ld: "
                 "'%s'", (int)status, err.line, err.msg, (int)code, line,
                 msg);
    assert_null(im);
    assert_int_equal(err.code, code);
    assert_int_equal(err.column, 0);
}

/* Parses two fixtures that must be good. */
static nn_images *files_ok(const char *images, const char *labels)
{
    size_t ilen, llen;
    uint8_t *ibuf = fixture(images, &ilen);
    uint8_t *lbuf = fixture(labels, &llen);
    nn_images *im = parse_ok(ibuf, ilen, lbuf, llen);
    free(ibuf);
    free(lbuf);
    return im;
}

/* Parses two fixtures that must fail so. */
static void files_fail(const char *images, const char *labels,
                       nn_status code, long line, const char *msg)
{
    size_t ilen, llen;
    uint8_t *ibuf = fixture(images, &ilen);
    uint8_t *lbuf = fixture(labels, &llen);
    parse_fails(ibuf, ilen, lbuf, llen, code, line, msg);
    free(ibuf);
    free(lbuf);
}

/* A 16-byte image header, big-endian, into h. */
static void image_header(uint8_t h[16], uint32_t magic, uint32_t count,
                         uint32_t rows, uint32_t cols)
{
    const uint32_t v[4] = { magic, count, rows, cols };
    for (int i = 0; i < 4; i++) {
        h[4 * i] = (uint8_t)(v[i] >> 24);
        h[4 * i + 1] = (uint8_t)(v[i] >> 16);
        h[4 * i + 2] = (uint8_t)(v[i] >> 8);
        h[4 * i + 3] = (uint8_t)v[i];
    }
}

/* An image file with this header and no data (and no labels) must fail
 * so. */
static void header_fails(uint32_t count, uint32_t rows, uint32_t cols,
                         nn_status code, const char *msg)
{
    uint8_t h[16];
    image_header(h, 0x803, count, rows, cols);
    uint8_t *ibuf = copy_of(h, sizeof h);
    parse_fails(ibuf, sizeof h, NULL, 0, code, 1, msg);
    free(ibuf);
}

/* The good set, checked byte for byte against its formula. */
static void check_good(const nn_images *im, int with_labels)
{
    assert_int_equal(im->count, 3);
    assert_int_equal(im->rows, 3);
    assert_int_equal(im->cols, 3);
    for (size_t i = 0; i < 3; i++)
        for (size_t r = 0; r < 3; r++)
            for (size_t c = 0; c < 3; c++)
                assert_int_equal(im->pixels[i * 9 + r * 3 + c],
                                 100 * i + 10 * r + c);
    if (!with_labels) {
        assert_null(im->labels);
        return;
    }
    assert_non_null(im->labels);
    assert_int_equal(im->labels[0], 7);
    assert_int_equal(im->labels[1], 0);
    assert_int_equal(im->labels[2], 9);
}

/* gzip (level 9) of `head` followed by `zeros` zero bytes, made without
 * holding the zeros: a malloc'ed buffer of exactly *len bytes. */
static uint8_t *gzip_zeros(const uint8_t *head, size_t head_len,
                           size_t zeros, size_t *len)
{
    static const uint8_t block[64 * 1024];
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 9,
                                  Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = 1024 + zeros / 500, n = 0;  // deflate: about 1030:1
    uint8_t *out = malloc(cap);
    assert_non_null(out);
    size_t left = zeros;
    int first = 1, rc;
    do {
        if (z.avail_in == 0) {
            if (first) {
                z.next_in = head;
                z.avail_in = (uInt)head_len;
                first = 0;
            } else if (left > 0) {
                size_t k = left < sizeof block ? left : sizeof block;
                z.next_in = block;
                z.avail_in = (uInt)k;
                left -= k;
            }
        }
        if (n == cap) {
            cap *= 2;
            out = realloc(out, cap);
            assert_non_null(out);
        }
        z.next_out = out + n;
        z.avail_out = (uInt)(cap - n);
        rc = deflate(&z, left == 0 && z.avail_in == 0 && !first ? Z_FINISH
                                                                 : Z_NO_FLUSH);
        n = cap - z.avail_out;
        assert_true(rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR);
    } while (rc != Z_STREAM_END);
    deflateEnd(&z);
    out = realloc(out, n);
    assert_non_null(out);
    *len = n;
    return out;
}

/* ---- good files ------------------------------------------------------ */

static void test_idx_good_raw(void **state)
{
    (void)state;
    nn_images *im = files_ok("images-3x3.idx", "labels-3.idx");
    check_good(im, 1);
    nn_images_free(im);
}

static void test_idx_good_gzip(void **state)
{
    (void)state;
    nn_images *im = files_ok("images-3x3.idx.gz", "labels-3.idx.gz");
    check_good(im, 1);
    nn_images_free(im);
}

static void test_idx_gzip_images_raw_labels(void **state)
{
    (void)state;
    nn_images *im = files_ok("images-3x3.idx.gz", "labels-3.idx");
    check_good(im, 1);
    nn_images_free(im);
}

/* `cat a.gz b.gz` is one gzip file (RFC 1952, 2.2): accepted. */
static void test_idx_gzip_two_members(void **state)
{
    (void)state;
    nn_images *im = files_ok("images-2members.idx.gz", "labels-3.idx.gz");
    check_good(im, 1);
    nn_images_free(im);
}

/* Sides need not be 28 nor equal: 2 images of 2x4, pixel k of image i is
 * 10*i + k, so rows and columns cannot be swapped unnoticed. */
static void test_idx_rectangular_images(void **state)
{
    (void)state;
    uint8_t buf[16 + 16];
    image_header(buf, 0x803, 2, 2, 4);
    for (int k = 0; k < 16; k++)
        buf[16 + k] = (uint8_t)(10 * (k / 8) + k % 8);
    const uint8_t lab[] = { 0, 0, 8, 1, 0, 0, 0, 2, 3, 4 };
    uint8_t *ibuf = copy_of(buf, sizeof buf);
    uint8_t *lbuf = copy_of(lab, sizeof lab);
    nn_images *im = parse_ok(ibuf, sizeof buf, lbuf, sizeof lab);
    assert_int_equal(im->count, 2);
    assert_int_equal(im->rows, 2);
    assert_int_equal(im->cols, 4);
    assert_int_equal(im->pixels[1 * 8 + 1 * 4 + 3], 17);  // image 1, (1,3)
    assert_int_equal(im->labels[0], 3);
    assert_int_equal(im->labels[1], 4);
    nn_images_free(im);
    free(ibuf);
    free(lbuf);
}

/* labels NULL: an image set with none. */
static void test_idx_images_without_labels(void **state)
{
    (void)state;
    size_t ilen;
    uint8_t *ibuf = fixture("images-3x3.idx.gz", &ilen);
    nn_images *im = parse_ok(ibuf, ilen, NULL, 0);
    check_good(im, 0);
    nn_images_free(im);
    free(ibuf);
}

/* Sums worked out with Python's gzip module from the same files. */
static void test_idx_bundled_subset(void **state)
{
    (void)state;
    static const struct {
        const char *images, *labels;
        size_t count;
        uint8_t first[8];
        uint8_t last;
        unsigned long long pixel_sum, label_sum;
    } sets[] = {
        { MNIST "train-images-idx3-ubyte.gz",
          MNIST "train-labels-idx1-ubyte.gz", 8000,
          { 6, 6, 8, 1, 7, 1, 4, 6 }, 3, 209812346ULL, 35455ULL },
        { MNIST "t10k-images-idx3-ubyte.gz",
          MNIST "t10k-labels-idx1-ubyte.gz", 2000,
          { 3, 4, 9, 7, 7, 4, 9, 4 }, 7, 52334254ULL, 8913ULL },
    };
    for (size_t s = 0; s < 2; s++) {
        size_t ilen, llen;
        uint8_t *ibuf = slurp(sets[s].images, &ilen);
        uint8_t *lbuf = slurp(sets[s].labels, &llen);
        if (ibuf == NULL || lbuf == NULL)
            fail_msg("cannot open %s", sets[s].images);
        nn_images *im = parse_ok(ibuf, ilen, lbuf, llen);
        assert_int_equal(im->count, sets[s].count);
        assert_int_equal(im->rows, 28);
        assert_int_equal(im->cols, 28);
        assert_memory_equal(im->labels, sets[s].first, 8);
        assert_int_equal(im->labels[im->count - 1], sets[s].last);
        unsigned long long psum = 0, lsum = 0;
        for (size_t k = 0; k < im->count * 784; k++)
            psum += im->pixels[k];
        for (size_t k = 0; k < im->count; k++)
            lsum += im->labels[k];
        assert_true(psum == sets[s].pixel_sum);
        assert_true(lsum == sets[s].label_sum);
        nn_images_free(im);
        free(ibuf);
        free(lbuf);
    }
}

/* Debian's dataset-fashion-mnist; skipped when not installed. */
static void test_idx_fashion_mnist(void **state)
{
    (void)state;
    static const struct {
        const char *images, *labels;
        size_t count;
        uint8_t first[8];
        unsigned long long pixel_sum;
    } sets[] = {
        { FASHION "train-images-idx3-ubyte.gz",
          FASHION "train-labels-idx1-ubyte.gz", 60000,
          { 9, 0, 0, 3, 0, 2, 7, 2 }, 3431114169ULL },
        { FASHION "t10k-images-idx3-ubyte.gz",
          FASHION "t10k-labels-idx1-ubyte.gz", 10000,
          { 9, 2, 1, 1, 6, 1, 4, 6 }, 573469082ULL },
    };
    for (size_t s = 0; s < 2; s++) {
        size_t ilen, llen;
        uint8_t *ibuf = slurp(sets[s].images, &ilen);
        uint8_t *lbuf = slurp(sets[s].labels, &llen);
        if (ibuf == NULL || lbuf == NULL) {
            free(ibuf);
            free(lbuf);
            print_message("skipped: Fashion-MNIST is not in " FASHION
                          " (apt-get install dataset-fashion-mnist)\n");
            skip();
        }
        nn_images *im = parse_ok(ibuf, ilen, lbuf, llen);
        assert_int_equal(im->count, sets[s].count);
        assert_int_equal(im->rows, 28);
        assert_int_equal(im->cols, 28);
        assert_memory_equal(im->labels, sets[s].first, 8);
        unsigned long long psum = 0;
        for (size_t k = 0; k < im->count * 784; k++)
            psum += im->pixels[k];
        assert_true(psum == sets[s].pixel_sum);
        nn_images_free(im);
        free(ibuf);
        free(lbuf);
    }
}

/* ---- F2: the header lies --------------------------------------------- */

/* checklist: F2 */
static void test_idx_wrong_magic(void **state)
{
    (void)state;
    files_fail("images-magic.idx", "labels-3.idx", NN_EFORMAT, 1,
               "not an IDX image file (magic 0x00000804, expected "
               "0x00000803)");
    files_fail("images-3x3.idx", "junk.bin", NN_EFORMAT, 2,
               "not an IDX label file (magic 0x29f88512, expected "
               "0x00000801)");
}

static void test_idx_swapped_files(void **state)
{
    (void)state;
    files_fail("labels-3.idx", "images-3x3.idx", NN_EFORMAT, 1,
               "labels given where images were expected (magic "
               "0x00000801)");
    files_fail("images-3x3.idx.gz", "images-3x3.idx.gz", NN_EFORMAT, 2,
               "images given where labels were expected (magic "
               "0x00000803)");
    /* the magic is named even when the file is too short for the header
     * it was taken for */
    files_fail("labels-3.idx.gz", "labels-3.idx.gz", NN_EFORMAT, 1,
               "labels given where images were expected (magic "
               "0x00000801)");
}

/* checklist: F2 */
/* Sides over 4096 are refused before anything is multiplied; counts over
 * NN_IDX_MAX_COUNT too; within both, count*rows*cols is checked against
 * NN_IDX_MAX_BYTES by division. 65535^3 = 2.8e14 and 4294967295^3 =
 * 7.9e28 (past a 64-bit size_t). */
static void test_idx_sizes_overflow(void **state)
{
    (void)state;
    files_fail("images-65535cubed.idx", "labels-3.idx", NN_ERANGE, 1,
               "image size 65535x65535 is out of range: sides must be "
               "1..4096");
    header_fails(3, 4294967295u, 4294967295u, NN_ERANGE,
                 "image size 4294967295x4294967295 is out of range: sides "
                 "must be 1..4096");
    header_fails(4294967295u, 4294967295u, 4294967295u, NN_ERANGE,
                 "header says 4294967295 images; at most 10000000 are "
                 "allowed");
    header_fails(10000000, 4096, 4096, NN_ERANGE,
                 "header says 10000000 images of 4096x4096: more than "
                 "268435456 bytes of pixels (256 MiB, the most one file may "
                 "hold)");
    /* 17 * 4096^2 = 285212672 > 2^28; 16 * 4096^2 = 2^28 is allowed */
    header_fails(17, 4096, 4096, NN_ERANGE,
                 "header says 17 images of 4096x4096: more than "
                 "268435456 bytes of pixels (256 MiB, the most one file may "
                 "hold)");
    /* 342392 * 28^2 = 268435328 <= 2^28; one image more is 268436112 */
    header_fails(342393, 28, 28, NN_ERANGE,
                 "header says 342393 images of 28x28: more than "
                 "268435456 bytes of pixels (256 MiB, the most one file may "
                 "hold)");
    header_fails(342392, 28, 28, NN_EFORMAT,
                 "header says 342392 images of 28x28 (268435328 bytes) but "
                 "the data ends after 0 bytes");
    header_fails(3, 0, 28, NN_ERANGE,
                 "image size 0x28 is out of range: sides must be 1..4096");
    header_fails(3, 28, 4097, NN_ERANGE,
                 "image size 28x4097 is out of range: sides must be "
                 "1..4096");
}

/* A header that claims the limit, 256 MiB, in front of no data: the data
 * ends, and the reader only ever held a small first piece (valgrind's
 * heap summary shows it). */
static void test_idx_big_claim_small_data(void **state)
{
    (void)state;
    header_fails(16, 4096, 4096, NN_EFORMAT,
                 "header says 16 images of 4096x4096 (268435456 bytes) "
                 "but the data ends after 0 bytes");
    uint8_t h[16 + 100];
    image_header(h, 0x803, 16, 4096, 4096);
    memset(h + 16, 0, 100);
    size_t glen;
    uint8_t *gz = gzip_zeros(h, 16, 100, &glen);
    parse_fails(gz, glen, NULL, 0, NN_EFORMAT, 1,
                "header says 16 images of 4096x4096 (268435456 bytes) "
                "but the data ends after 100 bytes");
    free(gz);
}

/* checklist: F2 */
static void test_idx_truncated_data(void **state)
{
    (void)state;
    files_fail("images-truncated.idx", "labels-3.idx", NN_EFORMAT, 1,
               "header says 3 images of 3x3 (27 bytes) but the data ends "
               "after 20 bytes");
    size_t len;
    uint8_t *lab = fixture("labels-3.idx", &len);
    size_t ilen;
    uint8_t *ibuf = fixture("images-3x3.idx", &ilen);
    parse_fails(ibuf, ilen, lab, len - 2, NN_EFORMAT, 2,
                "header says 3 labels but the data ends after 1 byte");
    free(ibuf);
    free(lab);
}

/* Every prefix of a good file fails, raw or gzip, images or labels. */
static void test_idx_every_prefix_fails(void **state)
{
    (void)state;
    static const char *const names[] = { "images-3x3.idx",
                                         "images-3x3.idx.gz" };
    size_t llen;
    uint8_t *lbuf = fixture("labels-3.idx.gz", &llen);
    for (size_t f = 0; f < 2; f++) {
        size_t len;
        uint8_t *buf = fixture(names[f], &len);
        for (size_t k = 0; k < len; k++) {
            uint8_t *cut = copy_of(buf, k);
            nn_images *im = NULL;
            nn_errinfo err;
            nn_status status = nn_idx_parse(cut, k, lbuf, llen, NULL, &im,
                                            &err);
            assert_int_equal(status, NN_EFORMAT);
            assert_null(im);
            assert_int_equal(err.line, 1);
            assert_true(strlen(err.msg) > 0);
            if (k == 0)
                assert_string_equal(err.msg, "file is empty");
            else if (f == 1 && k >= 2)
                assert_string_equal(err.msg, "gzip data ends early");
            free(cut);
        }
        free(buf);
    }
    free(lbuf);
}

static void test_idx_trailing_data(void **state)
{
    (void)state;
    files_fail("images-trailing.idx", "labels-3.idx", NN_EFORMAT, 1,
               "header says 3 images of 3x3 (27 bytes) but more data "
               "follows");
    size_t ilen, llen;
    uint8_t *ibuf = fixture("images-3x3.idx", &ilen);
    uint8_t *lbuf = fixture("labels-4.idx", &llen);
    uint8_t *lab = copy_of(lbuf, llen);
    lab[7] = 3;  // count 3 but 4 labels follow
    parse_fails(ibuf, ilen, lab, llen, NN_EFORMAT, 2,
                "header says 3 labels but more data follows");
    free(ibuf);
    free(lbuf);
    free(lab);
}

/* checklist: F2 */
static void test_idx_label_count_differs(void **state)
{
    (void)state;
    files_fail("images-3x3.idx", "labels-4.idx", NN_EFORMAT, 2,
               "header says 4 labels but the image file has 3 images");
}

static void test_idx_label_above_9(void **state)
{
    (void)state;
    files_fail("images-3x3.idx", "labels-bad.idx", NN_ERANGE, 2,
               "label at index 1 is 12; labels must be 0..9");
}

static void test_idx_zero_images(void **state)
{
    (void)state;
    files_fail("images-zero.idx", "labels-3.idx", NN_ERANGE, 1,
               "no images (header says 0)");
}

static void test_idx_short_header(void **state)
{
    (void)state;
    size_t ilen, llen;
    uint8_t *ibuf = fixture("images-3x3.idx", &ilen);
    uint8_t *lbuf = fixture("labels-3.idx", &llen);
    uint8_t *cut = copy_of(ibuf, 10);
    parse_fails(cut, 10, lbuf, llen, NN_EFORMAT, 1,
                "file is too short for an IDX header (10 of 16 bytes)");
    free(cut);
    cut = copy_of(lbuf, 5);
    parse_fails(ibuf, ilen, cut, 5, NN_EFORMAT, 2,
                "file is too short for an IDX header (5 of 8 bytes)");
    free(cut);
    free(ibuf);
    free(lbuf);
}

static void test_idx_empty_buffers(void **state)
{
    (void)state;
    files_fail("empty.idx", "labels-3.idx", NN_EFORMAT, 1, "file is empty");
    files_fail("images-3x3.idx", "empty.idx", NN_EFORMAT, 2,
               "file is empty");
    parse_fails(NULL, 0, NULL, 0, NN_EFORMAT, 1, "file is empty");
}

/* Random bytes (seed 6, see make_fixtures.py), as either file, and the
 * same bytes behind a gzip magic. */
static void test_idx_random_junk(void **state)
{
    (void)state;
    files_fail("junk.bin", "labels-3.idx", NN_EFORMAT, 1,
               "not an IDX image file (magic 0x29f88512, expected "
               "0x00000803)");
    size_t len;
    uint8_t *junk = fixture("junk.bin", &len);
    junk[0] = 0x1f;
    junk[1] = 0x8b;
    nn_images *im = NULL;
    nn_errinfo err;
    assert_int_equal(nn_idx_parse(junk, len, NULL, 0, NULL, &im, &err),
                     NN_EFORMAT);
    assert_null(im);
    assert_true(strncmp(err.msg, "gzip data is corrupt: ", 22) == 0);
    free(junk);
}

/* ---- F3: gzip -------------------------------------------------------- */

/* checklist: F3 */
static void test_idx_gzip_cut(void **state)
{
    (void)state;
    files_fail("images-cut.idx.gz", "labels-3.idx", NN_EFORMAT, 1,
               "gzip data ends early");
    /* labels cut in the trailer: every label is there, the CRC is not */
    size_t ilen, llen;
    uint8_t *ibuf = fixture("images-3x3.idx", &ilen);
    uint8_t *lbuf = fixture("labels-3.idx.gz", &llen);
    parse_fails(ibuf, ilen, lbuf, llen - 6, NN_EFORMAT, 2,
                "gzip data ends early");
    free(ibuf);
    free(lbuf);
}

/* checklist: F3 */
/* The trailer: CRC32 of the data, then its length mod 2^32. */
static void test_idx_gzip_crc_error(void **state)
{
    (void)state;
    files_fail("images-crc.idx.gz", "labels-3.idx", NN_EFORMAT, 1,
               "gzip data is corrupt: crc check failed");
    size_t ilen, llen;
    uint8_t *ibuf = fixture("images-3x3.idx.gz", &ilen);
    uint8_t *lbuf = fixture("labels-3.idx", &llen);
    ibuf[ilen - 1] ^= 0x80;
    parse_fails(ibuf, ilen, lbuf, llen, NN_EFORMAT, 1,
                "gzip data is corrupt: length check failed");
    free(ibuf);
    free(lbuf);
}

static void test_idx_gzip_corrupt(void **state)
{
    (void)state;
    files_fail("images-corrupt.idx.gz", "labels-3.idx", NN_EFORMAT, 1,
               "gzip data is corrupt: invalid block type");
}

/* gzip(1) warns "trailing garbage ignored"; here it is an error. */
static void test_idx_gzip_trailing_garbage(void **state)
{
    (void)state;
    files_fail("images-garbage.idx.gz", "labels-3.idx", NN_EFORMAT, 1,
               "trailing garbage after the gzip data (4 bytes)");
}

/* checklist: F3 */
/* 50 MB of zeros after a header that declares 1 image of 28x28: about
 * 50 KB of gzip. Inflating stops at 784 + 1 bytes. */
static void test_idx_gzip_bomb(void **state)
{
    (void)state;
    uint8_t h[16];
    image_header(h, 0x803, 1, 28, 28);
    size_t blen, llen;
    uint8_t *bomb = gzip_zeros(h, sizeof h, (size_t)50 << 20, &blen);
    assert_true(blen < 100 * 1024);
    const uint8_t lab[] = { 0, 0, 8, 1, 0, 0, 0, 1, 5 };
    uint8_t *lbuf = copy_of(lab, sizeof lab);
    parse_fails(bomb, blen, lbuf, sizeof lab, NN_EFORMAT, 1,
                "header says 1 image of 28x28 (784 bytes) but more data "
                "follows");
    free(lbuf);
    free(bomb);

    /* the same as a label file: 1 label declared, 4 MB follow (smaller,
     * to keep the suite quick under valgrind; the path is the same) */
    bomb = gzip_zeros(lab, 8, (size_t)4 << 20, &blen);
    uint8_t *ibuf = fixture("images-3x3.idx", &llen);
    uint8_t one[16 + 9];
    image_header(one, 0x803, 1, 3, 3);
    memcpy(one + 16, ibuf + 16, 9);
    free(ibuf);
    ibuf = copy_of(one, sizeof one);
    parse_fails(ibuf, sizeof one, bomb, blen, NN_EFORMAT, 2,
                "header says 1 label but more data follows");
    free(ibuf);
    free(bomb);
}

/* ---- nn_gunzip ------------------------------------------------------- */

static void test_idx_gunzip_inflates(void **state)
{
    (void)state;
    size_t glen, rlen;
    uint8_t *gz = fixture("images-3x3.idx.gz", &glen);
    uint8_t *raw = fixture("images-3x3.idx", &rlen);
    uint8_t *out = NULL;
    size_t out_len = 0;
    nn_errinfo err;
    assert_int_equal(nn_gunzip(gz, glen, rlen, NULL, &out, &out_len,
                               &err), NN_OK);
    assert_int_equal(err.code, NN_OK);
    assert_int_equal(out_len, rlen);
    assert_memory_equal(out, raw, rlen);
    free(out);

    /* two members inflate to their concatenation */
    size_t tlen;
    uint8_t *two = fixture("images-2members.idx.gz", &tlen);
    assert_int_equal(nn_gunzip(two, tlen, 1000, NULL, &out, &out_len,
                               &err), NN_OK);
    assert_int_equal(out_len, rlen);
    assert_memory_equal(out, raw, rlen);
    free(out);
    free(two);

    /* one byte under the size: refused */
    assert_int_equal(nn_gunzip(gz, glen, rlen - 1, NULL, &out, &out_len,
                               &err), NN_EFORMAT);
    assert_null(out);
    assert_int_equal(out_len, 0);
    assert_string_equal(err.msg, "gzip data inflates to more than 42 bytes");
    free(gz);
    free(raw);
}

/* checklist: F3 */
/* Data without gzip's magic is copied as it is, within max too. */
static void test_idx_gunzip_copies_plain(void **state)
{
    (void)state;
    size_t rlen;
    uint8_t *raw = fixture("images-3x3.idx", &rlen);
    uint8_t *out = NULL;
    size_t out_len = 0;
    nn_errinfo err;
    assert_int_equal(nn_gunzip(raw, rlen, rlen, NULL, &out, &out_len,
                               &err), NN_OK);
    assert_int_equal(out_len, rlen);
    assert_memory_equal(out, raw, rlen);
    free(out);
    assert_int_equal(nn_gunzip(raw, rlen, 3, NULL, &out, &out_len, &err),
                     NN_EFORMAT);
    assert_null(out);
    assert_string_equal(err.msg, "data is longer than 3 bytes");
    free(raw);

    assert_int_equal(nn_gunzip(NULL, 0, 10, NULL, &out, &out_len, &err),
                     NN_OK);
    assert_non_null(out);
    assert_int_equal(out_len, 0);
    free(out);
}

static void test_idx_gunzip_errors(void **state)
{
    (void)state;
    static const struct {
        const char *name, *msg;
    } cases[] = {
        { "images-cut.idx.gz", "gzip data ends early" },
        { "images-crc.idx.gz", "gzip data is corrupt: crc check failed" },
        { "images-corrupt.idx.gz",
          "gzip data is corrupt: invalid block type" },
        { "images-garbage.idx.gz",
          "trailing garbage after the gzip data (4 bytes)" },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t len;
        uint8_t *buf = fixture(cases[c].name, &len);
        uint8_t *out = NULL;
        size_t out_len = 0;
        nn_errinfo err;
        assert_int_equal(nn_gunzip(buf, len, 1000, NULL, &out, &out_len,
                                   &err), NN_EFORMAT);
        assert_null(out);
        assert_int_equal(err.code, NN_EFORMAT);
        assert_string_equal(err.msg, cases[c].msg);
        free(buf);
    }
}

/* With max = 1 MB, 8 MB of zeros cost at most 1 MB + 1. */
static void test_idx_gunzip_bomb(void **state)
{
    (void)state;
    size_t blen;
    uint8_t *bomb = gzip_zeros(NULL, 0, (size_t)8 << 20, &blen);
    uint8_t *out = NULL;
    size_t out_len = 0;
    nn_errinfo err;
    assert_int_equal(nn_gunzip(bomb, blen, 1 << 20, NULL, &out, &out_len,
                               &err), NN_EFORMAT);
    assert_null(out);
    assert_string_equal(err.msg,
                        "gzip data inflates to more than 1048576 bytes");
    free(bomb);
}

/* ---- Ctrl-C while inflating ------------------------------------------ */

/* The hook of these tests: stop on its stop_at-th question (0: never). */
typedef struct asker {
    unsigned asked, stop_at;
} asker;

static int ask(void *ctx)
{
    asker *a = ctx;
    a->asked++;
    return a->stop_at != 0 && a->asked == a->stop_at;
}

/* checklist: K11 */
/* The stop hook is asked every NN_IDX_STOP_EVERY (1 MiB) bytes inflated
 * or read: 8 MiB of zeros (about 8 KB of gzip, so under 9 MiB counted in
 * all) ask it 8 times; a hook that says stop at its 3rd question ends the
 * inflating with NN_EINTR, nothing returned. */
static void test_idx_gunzip_stops(void **state)
{
    (void)state;
    size_t blen, out_len = 1;
    uint8_t *bomb = gzip_zeros(NULL, 0, (size_t)8 << 20, &blen);
    uint8_t *out = NULL;
    nn_errinfo err;
    assert_int_equal(NN_IDX_STOP_EVERY, 1 << 20);
    asker never = { 0, 0 };
    nn_stop stop = { ask, &never, 0 };
    assert_int_equal(nn_gunzip(bomb, blen, (size_t)16 << 20, &stop, &out,
                               &out_len, &err), NN_OK);
    assert_int_equal(out_len, (size_t)8 << 20);
    assert_int_equal(never.asked, 8);
    free(out);
    asker third = { 0, 3 };
    stop = (nn_stop){ ask, &third, 0 };
    assert_int_equal(nn_gunzip(bomb, blen, (size_t)16 << 20, &stop, &out,
                               &out_len, &err), NN_EINTR);
    assert_int_equal(third.asked, 3);
    assert_null(out);
    assert_int_equal(out_len, 0);
    assert_int_equal(err.code, NN_EINTR);
    assert_string_equal(err.msg, "interrupted");
    free(bomb);
}

/* checklist: K11 */
/* nn_idx_parse asks the same hook through both files: 10,000 blank
 * digits (7,840,000 bytes of pixels) stopped at the 2nd question give
 * NN_EINTR in the image file and no set. */
static void test_idx_parse_stops(void **state)
{
    (void)state;
    uint8_t h[16], l[8 + 10000];
    image_header(h, 0x803, 10000, 28, 28);
    size_t ilen;
    uint8_t *images = gzip_zeros(h, 16, (size_t)10000 * 784, &ilen);
    const uint32_t lh[2] = { 0x801, 10000 };
    for (int i = 0; i < 8; i++)
        l[i] = (uint8_t)(lh[i / 4] >> (24 - 8 * (i % 4)));
    memset(l + 8, 7, 10000);
    asker second = { 0, 2 };
    nn_stop stop = { ask, &second, 0 };
    nn_images *im = NULL;
    nn_errinfo err;
    assert_int_equal(nn_idx_parse(images, ilen, l, sizeof l, &stop, &im,
                                  &err), NN_EINTR);
    assert_null(im);
    assert_int_equal(second.asked, 2);
    assert_int_equal(err.line, 1);
    assert_string_equal(err.msg, "interrupted");
    asker never = { 0, 0 };
    stop = (nn_stop){ ask, &never, 0 };
    assert_int_equal(nn_idx_parse(images, ilen, l, sizeof l, &stop, &im,
                                  &err), NN_OK);
    assert_int_equal(im->count, 10000);
    assert_int_equal(im->labels[9999], 7);
    assert_true(never.asked >= 7);  // 7.85 MB read and inflated in all
    nn_images_free(im);
    free(images);
}

/* ---- sets ------------------------------------------------------------ */

static void test_idx_head_copies_first(void **state)
{
    (void)state;
    nn_images *im = files_ok("images-3x3.idx", "labels-3.idx");
    nn_images *head = nn_images_head(im, 2);
    assert_non_null(head);
    assert_int_equal(head->count, 2);
    assert_int_equal(head->rows, 3);
    assert_int_equal(head->cols, 3);
    assert_memory_equal(head->pixels, im->pixels, 18);
    assert_memory_equal(head->labels, im->labels, 2);
    assert_ptr_not_equal(head->pixels, im->pixels);
    nn_images_free(head);

    head = nn_images_head(im, 0);
    assert_non_null(head);
    assert_int_equal(head->count, 0);
    nn_images_free(head);
    nn_images_free(im);

    size_t ilen;
    uint8_t *ibuf = fixture("images-3x3.idx", &ilen);
    im = parse_ok(ibuf, ilen, NULL, 0);
    head = nn_images_head(im, 3);
    assert_non_null(head);
    assert_null(head->labels);
    assert_memory_equal(head->pixels, im->pixels, 27);
    nn_images_free(head);
    nn_images_free(im);
    free(ibuf);
}

static void test_idx_free_null(void **state)
{
    (void)state;
    nn_images_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_idx_good_raw),
        cmocka_unit_test(test_idx_good_gzip),
        cmocka_unit_test(test_idx_gzip_images_raw_labels),
        cmocka_unit_test(test_idx_gzip_two_members),
        cmocka_unit_test(test_idx_rectangular_images),
        cmocka_unit_test(test_idx_images_without_labels),
        cmocka_unit_test(test_idx_bundled_subset),
        cmocka_unit_test(test_idx_fashion_mnist),
        cmocka_unit_test(test_idx_wrong_magic),
        cmocka_unit_test(test_idx_swapped_files),
        cmocka_unit_test(test_idx_sizes_overflow),
        cmocka_unit_test(test_idx_big_claim_small_data),
        cmocka_unit_test(test_idx_truncated_data),
        cmocka_unit_test(test_idx_every_prefix_fails),
        cmocka_unit_test(test_idx_trailing_data),
        cmocka_unit_test(test_idx_label_count_differs),
        cmocka_unit_test(test_idx_label_above_9),
        cmocka_unit_test(test_idx_zero_images),
        cmocka_unit_test(test_idx_short_header),
        cmocka_unit_test(test_idx_empty_buffers),
        cmocka_unit_test(test_idx_random_junk),
        cmocka_unit_test(test_idx_gzip_cut),
        cmocka_unit_test(test_idx_gzip_crc_error),
        cmocka_unit_test(test_idx_gzip_corrupt),
        cmocka_unit_test(test_idx_gzip_trailing_garbage),
        cmocka_unit_test(test_idx_gzip_bomb),
        cmocka_unit_test(test_idx_gunzip_inflates),
        cmocka_unit_test(test_idx_gunzip_copies_plain),
        cmocka_unit_test(test_idx_gunzip_errors),
        cmocka_unit_test(test_idx_gunzip_bomb),
        cmocka_unit_test(test_idx_gunzip_stops),
        cmocka_unit_test(test_idx_parse_stops),
        cmocka_unit_test(test_idx_head_copies_first),
        cmocka_unit_test(test_idx_free_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
