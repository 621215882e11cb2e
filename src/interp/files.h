/*
 * files.h - the interpreter's file I/O: reading a whole file into memory
 * for the readers (scripts, CSV, weights), and writing a file whole or
 * not at all (a temporary file in the same folder, flushed, synced, then
 * renamed over the target).
 * Ownership: files_read hands back a buffer the caller frees.
 */
#ifndef NEURON_INTERP_FILES_H
#define NEURON_INTERP_FILES_H

#include <stddef.h> /* size_t */

/* Size limits for what is read into memory. */
#define FILES_MAX_SCRIPT (64u << 20)
#define FILES_MAX_DATA (256u << 20)

/* Reads all of path (at most max bytes) into *buf (malloc'ed, with a NUL
 * after the last byte) and *len. Returns 0, or -1 with why filled:
 * "cannot read 'x.csv': No such file or directory", "... Is a directory",
 * "... larger than 64 MB". */
int files_read(const char *path, size_t max, char **buf, size_t *len,
               char *why, size_t whycap);

/* Writes data[0..len) to path atomically: path.tmp.PID in the same
 * folder, every byte written (short writes retried), fsync, close, then
 * rename. On any failure the temporary file is removed, the old file is
 * left as it was, and -1 returned with why filled ("cannot write 'x':
 * No space left on device"). */
int files_write(const char *path, const char *data, size_t len, char *why,
                size_t whycap);

/* Where a script's relative file name points: path itself when it is
 * absolute or exists from the current folder, else the same name in the
 * folder of the script `near` (NULL at the prompt) when it exists there
 * (so `data load data/darn.csv` in lessons/04.neuron works from any
 * folder). Writes the result to out and returns out. */
const char *files_near(const char *near, const char *path, char *out,
                       size_t cap);

/* Where a script may write (the classroom rule): a person at the prompt
 * may write anywhere; a script only in its own folder and below, or in a
 * folder the user allowed with --allow-write DIR. `script` is the name of
 * the innermost running script as given (NULL at the prompt, for -e and
 * stdin); allow[0..n_allow) are the allowed folders. A relative path
 * from a script is taken from the script's folder, so a lesson writes
 * beside itself from wherever it is run; the name to write goes to
 * target. The folder the file would land in is
 * resolved with realpath, so `..` and symbolic links that lead out are
 * seen through (the file itself is replaced by rename, never followed).
 * Returns 0, or -1 with why filled: "writing '/etc/x' is not allowed from
 * the script lessons/x.neuron; run it with --allow-write /etc to allow
 * it", or "cannot write 'x/y': No such file or directory" when the
 * folder does not exist. */
int files_may_write(const char *script, const char *const *allow,
                    size_t n_allow, const char *path, char *target,
                    size_t cap, char *why, size_t whycap);

/* With on = 1, files_read and files_write open nothing and fail with
 * "cannot read 'x': file access is off" (the line fuzzer runs whatever
 * commands random bytes spell, and `run /dev/stdin` or `save x` must not
 * reach the machine); 0 turns access back on. */
void files_deny(int on);

/* 1 when path names an existing regular file. */
int files_exist(const char *path);

/* Finds rel (such as "data/mnist") among the lessons: in $NEURON_LESSONS,
 * then in lessons/ next to the program or one folder up (the program in
 * build/), then in the installed lesson folder. Fills out and returns 0, or -1 when none has it. */
int files_lesson_path(const char *rel, char *out, size_t cap);

/* The file name as messages show it: control bytes escaped, cut to fit
 * cap with "...". */
void files_shown_name(const char *path, char *shown, size_t cap);

#endif
