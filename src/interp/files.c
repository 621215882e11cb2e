/*
 * files.c - reading whole files and writing them atomically.
 */
#include "files.h"
#include "../engine/mem.h"  /* nn_malloc: allocations a test can fail */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdint.h> /* uintmax_t */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *files_near(const char *near, const char *path, char *out,
                       size_t cap)
{
    struct stat st;
    const char *slash = near ? strrchr(near, '/') : NULL;
    snprintf(out, cap, "%s", path);
    if (path[0] == '/' || stat(path, &st) == 0 || !slash)
        return out;
    char other[4096];
    if ((size_t)snprintf(other, sizeof other, "%.*s/%s",
                         (int)(slash - near), near, path) < sizeof other
        && stat(other, &st) == 0)
        snprintf(out, cap, "%s", other);
    return out;
}

int files_exist(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* 1 when path is a folder. */
static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int files_lesson_path(const char *rel, char *out, size_t cap)
{
    char exe[4096];
    const char *env = getenv("NEURON_LESSONS");
    if (env && env[0] && (size_t)snprintf(out, cap, "%s/%s", env, rel) < cap
        && (is_dir(out) || files_exist(out)))
        return 0;
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {  /* next to the program, or one up (build/neuron) */
            *slash = '\0';
            if ((size_t)snprintf(out, cap, "%s/lessons/%s", exe, rel) < cap
                && (is_dir(out) || files_exist(out)))
                return 0;
            if ((size_t)snprintf(out, cap, "%s/../lessons/%s", exe, rel)
                < cap && (is_dir(out) || files_exist(out)))
                return 0;
            /* installed: PREFIX/bin/neuron beside PREFIX/share/neuron */
            if ((size_t)snprintf(out, cap, "%s/../share/neuron/lessons/%s",
                                 exe, rel) < cap
                && (is_dir(out) || files_exist(out)))
                return 0;
        }
    }
#ifdef NEURON_LESSONDIR
    if ((size_t)snprintf(out, cap, "%s/%s", NEURON_LESSONDIR, rel) < cap
        && (is_dir(out) || files_exist(out)))
        return 0;
#endif
    return -1;
}

void files_shown_name(const char *path, char *shown, size_t cap)
{
    size_t used = 0;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        char piece[8];
        if (*p < 0x20 || *p == 0x7f)
            snprintf(piece, sizeof piece, "\\x%02x", *p);
        else
            snprintf(piece, sizeof piece, "%c", *p);
        size_t n = strlen(piece);
        if (used + n + 4 > cap) {
            snprintf(shown + used, cap - used, "...");
            return;
        }
        memcpy(shown + used, piece, n + 1);
        used += n;
    }
    if (used == 0 && cap > 0)
        shown[0] = '\0';
}

static int denied;  // files_deny: the fuzzer's sandbox

void files_deny(int on)
{
    denied = on != 0;
}

int files_read(const char *path, size_t max, char **buf, size_t *len,
               char *why, size_t whycap)
{
    char shown[120];
    files_shown_name(path, shown, sizeof shown);
    if (denied) {
        snprintf(why, whycap, "cannot read '%s': file access is off", shown);
        return -1;
    }
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0) {
        snprintf(why, whycap, "cannot read '%s': %s", shown, strerror(errno));
        return -1;
    }
    int known = fstat(fd, &st) == 0;
    if (known && S_ISDIR(st.st_mode)) {
        close(fd);
        snprintf(why, whycap, "cannot read '%s': %s", shown,
                 strerror(EISDIR));
        return -1;
    }
    if (known && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max) {
        close(fd);  // refused from its size, before reading a byte
        snprintf(why, whycap, "cannot read '%s': larger than %zu MB", shown,
                 max >> 20);
        return -1;
    }
    size_t cap = 4096, n = 0;
    char *data = nn_malloc(cap + 1);
    for (;;) {
        if (!data) {
            close(fd);
            snprintf(why, whycap, "out of memory reading '%s'", shown);
            return -1;
        }
        if (n == cap) {
            if (cap >= max) {
                free(data);
                close(fd);
                snprintf(why, whycap, "cannot read '%s': larger than %zu MB",
                         shown, max >> 20);
                return -1;
            }
            size_t grow = cap * 2 > max ? max : cap * 2;
            char *p = nn_realloc(data, grow + 1);
            if (!p) {
                free(data);
                data = NULL;
                continue;
            }
            data = p;
            cap = grow;
        }
        ssize_t got = read(fd, data + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int e = errno;
            free(data);
            close(fd);
            snprintf(why, whycap, "cannot read '%s': %s", shown, strerror(e));
            return -1;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    data[n] = '\0';
    *buf = data;
    *len = n;
    return 0;
}

/* ============================ the write rule ============================ */

/* The folder part of path ("." when it has none) into out; -1 when it
 * does not fit. */
static int folder_of(const char *path, char *out, size_t cap)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return (size_t)snprintf(out, cap, ".") < cap ? 0 : -1;
    size_t n = slash == path ? 1 : (size_t)(slash - path);  // "/x": "/"
    if (n >= cap)
        return -1;
    memcpy(out, path, n);
    out[n] = '\0';
    return 0;
}

/* 1 when the real folder `real` is `root` or inside it. */
static int inside(const char *real, const char *root)
{
    size_t n = strlen(root);
    if (n == 1 && root[0] == '/')
        return 1;
    return strncmp(real, root, n) == 0 && (real[n] == '\0' || real[n] == '/');
}

int files_may_write(const char *script, const char *const *allow,
                    size_t n_allow, const char *path, char *target,
                    size_t cap, char *why, size_t whycap)
{
    char shown[120], folder[4096], root[4096];
    const char *slash = script ? strrchr(script, '/') : NULL;
    int n;
    if (script && path[0] != '/' && slash)  // beside the script
        n = snprintf(target, cap, "%.*s/%s", (int)(slash - script), script,
                     path);
    else
        n = snprintf(target, cap, "%s", path);
    files_shown_name(target, shown, sizeof shown);
    if (n < 0 || (size_t)n >= cap || folder_of(target, folder,
                                               sizeof folder) != 0) {
        snprintf(why, whycap, "cannot write '%s': name too long", shown);
        return -1;
    }
    struct stat st;
    if (stat(target, &st) == 0 && S_ISDIR(st.st_mode)) {  // plainly wrong
        snprintf(why, whycap, "cannot write '%s': %s", shown,
                 strerror(EISDIR));
        return -1;
    }
    if (!script)
        return 0;
    char *real = realpath(folder, NULL);
    if (!real) {
        snprintf(why, whycap, "cannot write '%s': %s", shown,
                 strerror(errno));
        return -1;
    }
    char *home = folder_of(script, root, sizeof root) == 0
                 ? realpath(root, NULL) : NULL;
    int ok = home && inside(real, home);
    for (size_t i = 0; !ok && i < n_allow; i++) {
        char *dir = realpath(allow[i], NULL);
        ok = dir && inside(real, dir);
        free(dir);
    }
    if (!ok) {
        char dir[120], from[120];
        files_shown_name(folder, dir, sizeof dir);  // as typed, from here
        files_shown_name(script, from, sizeof from);
        snprintf(why, whycap, "writing '%s' is not allowed from the script "
                 "%s; run it with --allow-write %s to allow it", shown, from,
                 dir);
    }
    free(real);
    free(home);
    return ok ? 0 : -1;
}

/* ============================ writing ============================ */

/* write() until all is written; 0 or -1 with errno set. */
static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

int files_write(const char *path, const char *data, size_t len, char *why,
                size_t whycap)
{
    char shown[120], tmp[4200];
    files_shown_name(path, shown, sizeof shown);
    struct stat st;
    if (denied) {
        snprintf(why, whycap, "cannot write '%s': file access is off", shown);
        return -1;
    }
    if (path[0] == '\0') {
        snprintf(why, whycap, "cannot write '': give a file name");
        return -1;
    }
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        snprintf(why, whycap, "cannot write '%s': %s", shown,
                 S_ISDIR(st.st_mode) ? strerror(EISDIR)
                                     : "not a regular file");
        return -1;
    }
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path,
                         (long)getpid()) >= sizeof tmp) {
        snprintf(why, whycap, "cannot write '%s': name too long", shown);
        return -1;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        snprintf(why, whycap, "cannot write '%s': %s", shown, strerror(errno));
        return -1;
    }
    int bad = write_all(fd, data, len) != 0 || fsync(fd) != 0;
    int e = errno;
    if (close(fd) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (!bad && rename(tmp, path) != 0) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        unlink(tmp);
        snprintf(why, whycap, "cannot write '%s': %s", shown, strerror(e));
        return -1;
    }
    return 0;
}
