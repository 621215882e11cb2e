/*
 * images.h - the learner's small images, drawn inline in a script:
 *   image cross 5x5
 *   #...#
 *   .#.#.
 *   ..#..
 *   .#.#.
 *   #...#
 *   end
 * Pixels are 0 (.) to 1 (#), or grey levels 0-9 (9 is 1). An image can be
 * a neuron's inputs, or its weights (the lonely node's template).
 * Ownership: the set owns its images; images_put takes the pixels.
 */
#ifndef NEURON_INTERP_IMAGES_H
#define NEURON_INTERP_IMAGES_H

#include <stddef.h> /* size_t */

#include "lex.h" /* LEX_NAME_MAX */

/* Largest side of an inline image, and most images at once. */
#define IMAGES_MAX_SIDE 1000
#define IMAGES_MAX 1000

typedef struct image {
    char name[LEX_NAME_MAX + 1];
    size_t rows, cols;
    double *px;          /* (rows, cols): px[r*cols + c] in [0, 1] */
} image;

typedef struct image_set {
    image *item;
    size_t n, cap;
} image_set;

/* The image named name[0..len) (case-sensitive), or NULL. */
const image *images_find(const image_set *set, const char *name, size_t len);

/* Adds or replaces an image; takes ownership of px (freed on failure).
 * 0, or -1 when the set is full or out of memory. */
int images_put(image_set *set, const char *name, size_t len, size_t rows,
               size_t cols, double *px);

/* Frees every image. */
void images_clear(image_set *set);

#endif
