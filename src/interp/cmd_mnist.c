/*
 * cmd_mnist.c - digits for the network: `data mnist [DIR]` reads the
 * standard train-* and t10k-* IDX files (gzip or not) of DIR or of the
 * bundled subset, `data idx IMAGES LABELS` one pair. Every problem names
 * the file it is in.
 */
#include "cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "files.h"
#include "../engine/mem.h"  /* nn_malloc: allocations a test can fail */

/* ============================ loading digits ============================ */

/* Reads path (gzip or not) into memory; 0 or CMD_ERR. */
static int read_file(sess *s, const char *path, char **buf, size_t *len)
{
    char why[300], near[4096];
    sess_find_file(s, path, near, sizeof near);
    if (files_read(near, FILES_MAX_DATA, buf, len, why, sizeof why) != 0)
        return sess_fail(s, SIZE_MAX, 0, "%s", why);
    return 0;
}

/* Loads an image file and a label file into *out; names them on error. */
static int load_pair(sess *s, const char *images, const char *labels,
                     nn_images **set)
{
    char *ib = NULL, *lb = NULL;
    size_t il = 0, ll = 0;
    if (read_file(s, images, &ib, &il) != 0)
        return CMD_ERR;
    if (read_file(s, labels, &lb, &ll) != 0) {
        free(ib);
        return CMD_ERR;
    }
    nn_errinfo err = { 0 };
    nn_status st = nn_idx_parse((const uint8_t *)ib, il, (const uint8_t *)lb,
                                ll, sess_stop(s), set, &err);
    free(ib);
    free(lb);
    if (st == NN_OK)
        return 0;
    if (st == NN_EINTR)  // Ctrl-C while inflating
        return sess_fail(s, SIZE_MAX, 0, "interrupted");
    char shown[120];
    files_shown_name(err.line == 2 ? labels : images, shown, sizeof shown);
    return sess_fail(s, SIZE_MAX, 0, "%s: %s", shown,
                     err.msg[0] ? err.msg : nn_strerror(st));
}

/* Finds DIR/NAME or DIR/NAME.gz; fills path. 0 when one exists: a file,
 * or something else by that name (a folder), which the reader then
 * refuses saying what it is. */
static int find_idx(const char *dir, const char *name, char *path,
                    size_t cap)
{
    struct stat st;
    snprintf(path, cap, "%s/%s.gz", dir, name);
    if (files_exist(path))
        return 0;
    snprintf(path, cap, "%s/%s", dir, name);
    if (files_exist(path) || stat(path, &st) == 0)
        return 0;
    snprintf(path, cap, "%s/%s.gz", dir, name);
    return stat(path, &st) == 0 ? 0 : -1;
}

/* "WORD /real/a [/real/b]", the arguments that load the images again
 * (for `save`), into *text (malloc'ed, caller frees; NULL when a name
 * cannot be resolved). 0, or -1 on out of memory. */
static int load_again(const char *word, const char *a, const char *b,
                      char **text)
{
    char *ra = realpath(a, NULL), *rb = b ? realpath(b, NULL) : NULL;
    size_t cap = 16 + strlen(word) + (ra ? strlen(ra) : 0)
                 + (rb ? strlen(rb) : 0);
    int rc = 0;
    *text = NULL;
    if (ra && (rb || !b)) {
        if ((*text = nn_malloc(cap)))
            snprintf(*text, cap, "%s %s%s%s", word, ra, rb ? " " : "",
                     rb ? rb : "");
        else
            rc = -1;
    }
    free(ra);
    free(rb);
    return rc;
}

/* data mnist [DIR]: train-* and t10k-* from DIR or the bundled subset. */
int net_data_mnist(sess *s, const char *dir, size_t dir_len)
{
    char folder[4096], ti[4200], tl[4200], ei[4200], el[4200];
    if (dir_len >= sizeof folder)
        return sess_fail(s, SIZE_MAX, 0, "folder name too long");
    if (dir_len) {
        char given[4096];
        snprintf(given, sizeof given, "%.*s", (int)dir_len, dir);
        sess_find_file(s, given, folder, sizeof folder);
    }
    else if (files_lesson_path("data/mnist", folder, sizeof folder) != 0)
        return sess_fail(s, SIZE_MAX, 0, "the bundled digits are not found "
                         "(looked next to the program and in %s); give the "
                         "folder: data mnist DIR", NEURON_LESSONDIR);
    char shown[120];
    files_shown_name(folder, shown, sizeof shown);
    struct stat st;
    if (stat(folder, &st) != 0 || !S_ISDIR(st.st_mode))
        return sess_fail(s, SIZE_MAX, 0, "cannot read '%s': %s", shown,
                         stat(folder, &st) != 0 ? strerror(errno)
                                                : strerror(ENOTDIR));
    int no_images = find_idx(folder, "train-images-idx3-ubyte", ti,
                             sizeof ti) != 0;
    int no_labels = find_idx(folder, "train-labels-idx1-ubyte", tl,
                             sizeof tl) != 0;
    if (no_images || no_labels)
        return sess_fail(s, SIZE_MAX, 0, "%s has no %s%s%s", shown,
                         no_images ? "train-images-idx3-ubyte[.gz]" : "",
                         no_images && no_labels ? " and " : "",
                         no_labels ? "train-labels-idx1-ubyte[.gz]" : "");
    nn_images *train = NULL, *test = NULL;
    if (load_pair(s, ti, tl, &train) != 0)
        return CMD_ERR;
    int has_ei = find_idx(folder, "t10k-images-idx3-ubyte", ei, sizeof ei)
                 == 0;
    int has_el = find_idx(folder, "t10k-labels-idx1-ubyte", el, sizeof el)
                 == 0;
    if (has_ei != has_el) {  // half a test set is a mistake, not no test set
        nn_images_free(train);
        return sess_fail(s, SIZE_MAX, 0, "%s has %s but not %s", shown,
                         has_ei ? "t10k-images" : "t10k-labels",
                         has_ei ? "t10k-labels-idx1-ubyte[.gz]"
                                : "t10k-images-idx3-ubyte[.gz]");
    }
    if (has_ei && load_pair(s, ei, el, &test) != 0) {
        nn_images_free(train);
        return CMD_ERR;
    }
    if (test && (test->rows != train->rows || test->cols != train->cols)) {
        nn_images_free(train);
        nn_images_free(test);
        return sess_fail(s, SIZE_MAX, 0, "the test images are not the size "
                         "of the training images");
    }
    char *from = NULL;
    if (dir_len && load_again("mnist", folder, NULL, &from) != 0) {
        nn_images_free(train);
        nn_images_free(test);
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    }
    nn_images_free(s->nw.train);
    nn_images_free(s->nw.test);
    s->nw.train = train;
    s->nw.test = test;
    s->nw.on_images = 1;
    snprintf(s->nw.source, sizeof s->nw.source, "%s", dir_len ? "digits"
             : "mnist");
    free(s->nw.from);
    s->nw.from = from;
    out_printf(s->o, "%zu training and %zu test images of %zux%zu, labels "
               "0-9\n", train->count, test ? test->count : 0, train->rows,
               train->cols);
    return CMD_OK;
}

int net_idx_files(const sess *s, char (*paths)[4200], size_t *n)
{
    static const char *const names[4] = {
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" };
    const char *from = s->nw.from;
    char folder[4096];
    *n = 0;
    if (from && strncmp(from, "idx ", 4) == 0) {  // "idx /real/a /real/b"
        const char *gap = strchr(from + 4, ' ');
        if (!gap)
            return -1;
        snprintf(paths[0], 4200, "%.*s", (int)(gap - from - 4), from + 4);
        snprintf(paths[1], 4200, "%s", gap + 1);
        *n = 2;
        return 0;
    }
    if (from && strncmp(from, "mnist ", 6) == 0)
        snprintf(folder, sizeof folder, "%s", from + 6);
    else if (files_lesson_path("data/mnist", folder, sizeof folder) != 0)
        return -1;
    char *real = realpath(folder, NULL);
    if (!real)
        return -1;
    snprintf(folder, sizeof folder, "%s", real);
    free(real);
    for (size_t i = 0; i < 4; i++) {
        if (find_idx(folder, names[i], paths[i], 4200) != 0)
            return i == 2 ? 0 : -1;  // no test set: the first two
        *n = i + 1;
    }
    return 0;
}

/* data idx IMAGES LABELS: one pair, for training. */
int net_data_idx(sess *s, lexer *lx)
{
    char path[2][4096];
    /* two file names, each a run of non-space characters; the line need
       not end in a NUL, so every scan is bounded by len */
    size_t len, col, a = 0;
    const char *rest = lex_rest(lx, &len, &col);
    while (a < len && rest[a] != ' ' && rest[a] != '\t')
        a++;
    size_t gap = a;
    while (gap < len && (rest[gap] == ' ' || rest[gap] == '\t'))
        gap++;
    size_t b = len - gap;
    if (a == 0 || b == 0 || a >= sizeof path[0] || b >= sizeof path[1]
        || memchr(rest + gap, ' ', b) || memchr(rest + gap, '\t', b))
        return sess_fail(s, col, len ? len : 1, "expected two files: data "
                         "idx IMAGES LABELS");
    snprintf(path[0], sizeof path[0], "%.*s", (int)a, rest);
    snprintf(path[1], sizeof path[1], "%.*s", (int)b, rest + gap);
    nn_images *train = NULL;
    if (load_pair(s, path[0], path[1], &train) != 0)
        return CMD_ERR;
    char *from;
    if (load_again("idx", path[0], path[1], &from) != 0) {
        nn_images_free(train);
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    }
    nn_images_free(s->nw.train);
    nn_images_free(s->nw.test);
    s->nw.train = train;
    s->nw.test = NULL;
    s->nw.on_images = 1;
    snprintf(s->nw.source, sizeof s->nw.source, "idx");
    free(s->nw.from);
    s->nw.from = from;
    out_printf(s->o, "%zu images of %zux%zu, labels 0-9 (no test set)\n",
               train->count, train->rows, train->cols);
    return CMD_OK;
}

