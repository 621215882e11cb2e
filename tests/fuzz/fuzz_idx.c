/*
 * fuzz_idx.c - libFuzzer target: the IDX/gzip loader. The input is split
 * at its first byte's value into an image file and a label file.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "engine/idx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t cut = 1 + (size_t)data[0] * (size - 1) / 255;
    nn_images *im = NULL;
    nn_errinfo err;
    if (nn_idx_parse(data + 1, cut - 1, data + cut, size - cut, NULL, &im,
                     &err)
        == NN_OK)
        nn_images_free(im);
    uint8_t *out = NULL;
    size_t len;
    if (nn_gunzip(data, size, 1 << 20, NULL, &out, &len, &err) == NN_OK)
        free(out);
    return 0;
}
