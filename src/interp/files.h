/*
 * files.h - the interpreter's file I/O: reading a whole file into memory
 * for the readers (scripts, CSV, weights), and writing a file whole or
 * not at all (a temporary file in the same folder, flushed, synced, then
 * renamed over the target), where the classroom rule allows it.
 * Ownership: files_read hands back a buffer the caller frees.
 */
#ifndef NEURON_INTERP_FILES_H
#define NEURON_INTERP_FILES_H

#include <signal.h>    /* sig_atomic_t: the interrupt flag */
#include <stddef.h>    /* size_t */
#include <sys/types.h> /* dev_t, ino_t: a folder's identity */

/* Size limits for what is read into memory. */
#define FILES_MAX_SCRIPT (64u << 20)
#define FILES_MAX_DATA (256u << 20)

/* Reads all of path (at most max bytes) into *buf (malloc'ed, with a NUL
 * after the last byte) and *len. Returns 0, or -1 with why filled:
 * "cannot read 'x.csv': No such file or directory", "... Is a directory",
 * "... larger than 64 MB". */
int files_read(const char *path, size_t max, char **buf, size_t *len,
               char *why, size_t whycap);

/* Where a write may land, as files_may_write found it: anywhere, or
 * inside one folder, known by its identity (device and inode) rather than
 * its name, so renaming or swapping names cannot move it. */
typedef struct files_rule {
    int confined;      /* 0: anywhere (a person at the prompt) */
    dev_t dev;         /* the folder writes must stay inside */
    ino_t ino;
    char shown[120];   /* that folder's name, for messages */
} files_rule;

/* Writes data[0..len) to path whole or not at all. The target's folder is
 * opened once and all the rest is relative to it: when rule confines the
 * write (NULL or rule->confined 0: anywhere), the open folder must still
 * be inside the rule's folder; a temporary file with a random hidden name
 * of fixed length is created there with O_CREAT|O_EXCL|O_NOFOLLOW (a
 * planted symbolic link is never followed), written (interrupted writes
 * retried), synced, closed and renamed over the target. SIGTERM and
 * SIGHUP wait until the temporary file is gone. On any failure the
 * temporary file is removed, the old file is left as it was, and -1
 * returned with why filled ("cannot write 'x': No space left on
 * device"). A name with a control character is refused. */
int files_write(const files_rule *rule, const char *path, const char *data,
                size_t len, char *why, size_t whycap);

/* 0 when path may name a file to write: not empty, no control character
 * (C0, DEL or C1: a newline in a name breaks every listing), not a
 * folder's name ("x/", ".", ".."); else -1 with why filled. */
int files_name_ok(const char *path, char *why, size_t whycap);

/* Where a script's relative file name points: the same name in the
 * folder of the script `near` (NULL at the prompt, or a name without a
 * folder such as "<stdin>") when it exists there, so `data load
 * data/darn.csv` in lessons/04.neuron reads the lesson's file from any
 * folder; else path itself (absolute, or from the current folder). When
 * the script's file is used and the current folder has another file of
 * that name, *other (when other is not NULL) is set to path, so the
 * caller can say which it used; else NULL. Writes the result to out and
 * returns out. */
const char *files_near(const char *near, const char *path, char *out,
                       size_t cap, const char **other);

/* Where a script may write (the classroom rule): a person at the prompt
 * may write anywhere; a script only in its own folder and below, or in a
 * folder the user allowed with --allow-write DIR. `script` is the name of
 * the innermost running script as given (NULL at the prompt and for -e;
 * "<stdin>" for a script read from standard input, whose folder is the
 * current one); allow[0..n_allow) are the allowed folders. A relative
 * path from a script is taken from the script's folder, so a lesson
 * writes beside itself from wherever it is run; the name to write goes to
 * target, and the folder it must stay inside to *rule, for files_write
 * to check again when it writes. The folder the file would land in is
 * opened and walked up from, so `..` and symbolic links that lead out are
 * seen through (the file itself is replaced by rename, never followed).
 * Returns 0, or -1 with why filled: "writing '/etc/x' is not allowed from
 * the script lessons/x.neuron; run it with --allow-write /etc to allow
 * it", or "cannot write 'x/y': No such file or directory" when the
 * folder does not exist. */
int files_may_write(const char *script, const char *const *allow,
                    size_t n_allow, const char *path, char *target,
                    size_t cap, files_rule *rule, char *why, size_t whycap);

/* With on = 1, files_read and files_write open nothing and fail with
 * "cannot read 'x': file access is off" (the line fuzzer runs whatever
 * commands random bytes spell, and `run /dev/stdin` or `save x` must not
 * reach the machine); 0 turns access back on. */
void files_deny(int on);

/* Lets files_read stop when *flag is set (Ctrl-C) while a read waits,
 * as on a FIFO whose writer holds it open: "cannot read 'x':
 * interrupted". NULL: reads wait on. */
void files_on_interrupt(const volatile sig_atomic_t *flag);

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
