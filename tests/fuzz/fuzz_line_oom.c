/*
 * fuzz_line_oom.c - the line target (fuzz_line.c) with one allocation
 * failing, or every one from it on, chosen from the input's bytes: the
 * out-of-memory paths of every command under random input. Its corpus is
 * the line target's.
 */
#define FUZZ_OOM 1
#include "fuzz_line.c"
