/* status.c - the texts of the engine's status codes. */
#include "status.h"

static const char *const texts[] = {
#define NN_STATUS_TEXT(code, text) text,
    NN_STATUS_LIST(NN_STATUS_TEXT)
#undef NN_STATUS_TEXT
};

const char *nn_strerror(nn_status code)
{
    if ((unsigned)code >= NN_STATUS_COUNT)
        return "unknown error";
    return texts[code];
}
