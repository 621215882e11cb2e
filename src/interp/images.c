/*
 * images.c - the set of named images.
 */
#include "images.h"
#include "../engine/mem.h"  /* nn_malloc: allocations a test can fail */

#include <stdlib.h>
#include <string.h>

/* Index of the image named name[0..len), or set->n. */
static size_t find(const image_set *set, const char *name, size_t len)
{
    size_t i = 0;
    while (i < set->n && !(strlen(set->item[i].name) == len
                           && memcmp(set->item[i].name, name, len) == 0))
        i++;
    return i;
}

const image *images_find(const image_set *set, const char *name, size_t len)
{
    size_t i = find(set, name, len);
    return i < set->n ? &set->item[i] : NULL;
}

int images_put(image_set *set, const char *name, size_t len, size_t rows,
               size_t cols, double *px)
{
    size_t at = find(set, name, len);
    image *old = at < set->n ? &set->item[at] : NULL;
    if (len > LEX_NAME_MAX) {
        free(px);
        return -1;
    }
    if (old) {
        free(old->px);
        old->px = px;
        old->rows = rows;
        old->cols = cols;
        return 0;
    }
    if (set->n == IMAGES_MAX) {
        free(px);
        return -1;
    }
    if (set->n == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 8;
        image *p = nn_realloc(set->item, cap * sizeof *p);
        if (!p) {
            free(px);
            return -1;
        }
        set->item = p;
        set->cap = cap;
    }
    image *im = &set->item[set->n++];
    memcpy(im->name, name, len);
    im->name[len] = '\0';
    im->rows = rows;
    im->cols = cols;
    im->px = px;
    return 0;
}

void images_clear(image_set *set)
{
    for (size_t i = 0; i < set->n; i++)
        free(set->item[i].px);
    free(set->item);
    memset(set, 0, sizeof *set);
}
