/*
 * fuzz_csv.c - libFuzzer target: the CSV loader on any bytes.
 */
#include <stddef.h>
#include <stdint.h>

#include "engine/data.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nn_data *d = NULL;
    nn_errinfo err;
    if (nn_data_parse_csv((const char *)data, size, &d, &err) == NN_OK)
        nn_data_free(d);
    return 0;
}
