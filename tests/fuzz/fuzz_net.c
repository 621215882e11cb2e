/*
 * fuzz_net.c - libFuzzer target: the saved-network reader.
 */
#include <stddef.h>
#include <stdint.h>

#include "engine/net.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nn_net *net = NULL;
    nn_errinfo err;
    if (nn_net_load((const char *)data, size, &net, &err) == NN_OK)
        nn_net_free(net);
    return 0;
}
