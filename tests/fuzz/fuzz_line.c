/*
 * fuzz_line.c - libFuzzer target: the whole line interpreter, a fresh
 * session with a memory sink per input. Inputs that would touch files or
 * run for long (run, save, record, load, data, lesson, plots to files,
 * training and networks) are skipped, as SQLite's fuzzershell drops
 * .shell: the readers have their own targets.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "interp/interp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 1 when the bytes hold word, ASCII case ignored. */
static int has(const uint8_t *data, size_t size, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = 0; i + n <= size; i++) {
        size_t k = 0;
        while (k < n && (data[i + k] | 0x20) == (word[k] | 0x20))
            k++;
        if (k == n)
            return 1;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const skip[] = {
        "run", "save", "record", "load", "data", "lesson", ">", "train",
        "epoch", "network", "fit", "table", "pause", "ask", "checkpoint",
        "mnist", "idx"
    };
    for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++)
        if (has(data, size, skip[i]))
            return 0;
    out *o = out_new_memory();
    sess *s = o ? sess_new(o) : NULL;
    if (s) {
        s->keep_going = 1;
        interp_run_buffer(s, "fuzz", (const char *)data, size);
    }
    sess_free(s);
    out_free(o);
    return 0;
}
