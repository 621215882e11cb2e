/*
 * idx.h - images and labels in MNIST's IDX format, gzip or not.
 *
 * IDX: a big-endian header (magic 0x00000803 for images: count, rows,
 * cols; 0x00000801 for labels: count), then unsigned bytes. The readers
 * parse memory the interpreter filled (so they are easy to fuzz); gzip is
 * inflated with zlib, and never past what the header declares: a
 * truncated, corrupt or oversized ("gzip bomb") stream is an error decided
 * before anything large is allocated.
 * Ownership: nn_images_* constructors return a set freed with
 * nn_images_free; buffers passed in stay the caller's.
 */
#ifndef NEURON_ENGINE_IDX_H
#define NEURON_ENGINE_IDX_H

#include <stddef.h> /* size_t */
#include <stdint.h> /* uint8_t */

#include "status.h" /* nn_status, nn_errinfo */
#include "stop.h"   /* nn_stop: Ctrl-C while inflating */

/* Largest image side and count accepted, and the most pixel bytes one
 * image file may declare (and so inflate to): 256 MiB, five times the
 * 47 MB of MNIST's training set. */
#define NN_IDX_MAX_SIDE 4096
#define NN_IDX_MAX_COUNT 10000000
#define NN_IDX_MAX_BYTES ((size_t)256 << 20)

/* Bytes inflated (or copied) between two looks at the stop hook. */
#define NN_IDX_STOP_EVERY ((size_t)1 << 20)

/* A set of grey-scale images with labels 0..9 (or none). */
typedef struct nn_images {
    size_t count;       /* images */
    size_t rows, cols;  /* each image is rows x cols */
    uint8_t *pixels;    /* (count, rows*cols): 0 white .. 255 black */
    uint8_t *labels;    /* (count), 0..9; NULL when the set has none */
} nn_images;

/* Frees the set; NULL is fine. The struct, pixels and labels are three
 * malloc'ed blocks (labels may be NULL), so a set may be built by hand. */
void nn_images_free(nn_images *im);

/* Inflates gzip data buf[0..len) into *out (malloc'ed, caller frees),
 * stopping with NN_EFORMAT once more than max bytes would come out. Data
 * that is not gzip (no 1f 8b magic) is copied as it is (plain IDX).
 * Concatenated gzip members inflate to their concatenation; anything else
 * after a member is an error. At most max bytes are held, plus 1 looked
 * at. stop (NULL: never) is asked every NN_IDX_STOP_EVERY bytes read or
 * inflated. NN_EFORMAT for a corrupt or truncated stream (err says
 * which), NN_EINTR when stop said to stop, NN_ENOMEM; *out is then NULL.
 * err->line is 0. */
nn_status nn_gunzip(const uint8_t *buf, size_t len, size_t max,
                    nn_stop *stop, uint8_t **out, size_t *out_len,
                    nn_errinfo *err);

/* Parses an image file and a label file (each raw IDX or gzip) into one
 * set. Checks, before allocating the pixels: the magics (images 0x803,
 * labels 0x801; swapped files are named as such), rows and cols in
 * 1..NN_IDX_MAX_SIDE, count within NN_IDX_MAX_COUNT, count*rows*cols
 * without overflow and within NN_IDX_MAX_BYTES, equal image and label
 * counts, the data as long as the header says (no more, no less: trailing
 * bytes are an error), labels 0..9. err->msg says what was wrong in the
 * user's terms ("header says 60000 images of 28x28 but the data ends after
 * 1234 bytes"); err->line is 1 for the image file, 2 for the label file.
 * labels NULL gives a set without labels. Each file is inflated only as
 * far as its header declares, plus one byte to see that nothing follows,
 * and stop (NULL: never) is asked every NN_IDX_STOP_EVERY bytes of it.
 * Returns NN_OK with *out set, NN_EFORMAT, NN_ERANGE, NN_EINTR (stop said
 * to stop) or NN_ENOMEM. */
nn_status nn_idx_parse(const uint8_t *images, size_t images_len,
                       const uint8_t *labels, size_t labels_len,
                       nn_stop *stop, nn_images **out, nn_errinfo *err);

/* The first n images of a set (n <= count; more is taken as count),
 * copied; caller frees with nn_images_free. NULL on OOM. */
nn_images *nn_images_head(const nn_images *im, size_t n);

#endif
