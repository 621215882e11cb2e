/*
 * files.c - reading whole files and writing them atomically, and the rule
 * of where a script may write.
 *
 * A write opens the target's folder once and does everything else
 * relative to that descriptor: the check that the folder is where a
 * script may write (walking up from the descriptor through `..`), the
 * temporary file (a random hidden name, created with O_EXCL|O_NOFOLLOW,
 * so a symbolic link planted in the folder is never followed), and the
 * rename over the target. Swapping a folder on the path for a symbolic
 * link between the check and the write changes nothing: the check and the
 * write are about the same open folder.
 */
#define _GNU_SOURCE  /* O_PATH: walk up folders without reading them */
#include "files.h"
#include "../engine/mem.h"  /* nn_malloc: allocations a test can fail */
#include "out.h"              /* out_utf8_decode: names shown safely */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h> /* uintmax_t */
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *files_near(const char *near, const char *path, char *dst,
                       size_t cap, const char **other)
{
    struct stat mine, here;
    const char *slash = near ? strrchr(near, '/') : NULL;
    char beside[4096];
    if (other)
        *other = NULL;
    snprintf(dst, cap, "%s", path);
    if (path[0] == '/' || !slash)
        return dst;
    if ((size_t)snprintf(beside, sizeof beside, "%.*s/%s",
                         (int)(slash - near), near, path) >= sizeof beside
        || stat(beside, &mine) != 0)
        return dst;  // not beside the script: from the current folder
    if (stat(path, &here) == 0 && (here.st_dev != mine.st_dev
                                   || here.st_ino != mine.st_ino)
        && other)
        *other = path;  // two files of that name: the caller says which
    snprintf(dst, cap, "%s", beside);
    return dst;
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

int files_lesson_path(const char *rel, char *dst, size_t cap)
{
    char exe[4096];
    const char *env = getenv("NEURON_LESSONS");
    if (env && env[0] && (size_t)snprintf(dst, cap, "%s/%s", env, rel) < cap
        && (is_dir(dst) || files_exist(dst)))
        return 0;
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {  /* next to the program, or one up (build/neuron) */
            *slash = '\0';
            if ((size_t)snprintf(dst, cap, "%s/lessons/%s", exe, rel) < cap
                && (is_dir(dst) || files_exist(dst)))
                return 0;
            if ((size_t)snprintf(dst, cap, "%s/../lessons/%s", exe, rel)
                < cap && (is_dir(dst) || files_exist(dst)))
                return 0;
            /* installed: PREFIX/bin/neuron beside PREFIX/share/neuron */
            if ((size_t)snprintf(dst, cap, "%s/../share/neuron/lessons/%s",
                                 exe, rel) < cap
                && (is_dir(dst) || files_exist(dst)))
                return 0;
        }
    }
#ifdef NEURON_LESSONDIR
    if ((size_t)snprintf(dst, cap, "%s/%s", NEURON_LESSONDIR, rel) < cap
        && (is_dir(dst) || files_exist(dst)))
        return 0;
#endif
    return -1;
}

void files_shown_name(const char *path, char *shown, size_t cap)
{
    size_t used = 0, n;
    for (const char *p = path; *p; p += n) {
        char piece[8];
        unsigned cp = 0;
        unsigned char c = (unsigned char)*p;
        n = c < 0x80 ? 1 : out_utf8_decode(p, strlen(p), &cp);
        if (c < 0x20 || c == 0x7f || n == 0 || (n == 2 && cp < 0xa0)) {
            /* a control byte, a C1 control (U+0080..U+009F: U+009B starts
             * an escape sequence as ESC [ does) or a byte that is not
             * UTF-8: shown as \xNN, byte by byte */
            n = 1;
            snprintf(piece, sizeof piece, "\\x%02x", c);
        } else {
            memcpy(piece, p, n);
            piece[n] = '\0';
        }
        size_t len = strlen(piece);
        if (used + len + 4 > cap) {
            snprintf(shown + used, cap - used, "...");
            return;
        }
        memcpy(shown + used, piece, len + 1);
        used += len;
    }
    if (used == 0 && cap > 0)
        shown[0] = '\0';
}

static int denied;  // files_deny: the fuzzer's sandbox
static const volatile sig_atomic_t *interrupt;  // files_on_interrupt

void files_deny(int on)
{
    denied = on != 0;
}

void files_on_interrupt(const volatile sig_atomic_t *flag)
{
    interrupt = flag;
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
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0) {  // a FIFO without a writer waits in open: Ctrl-C ends it
        snprintf(why, whycap, "cannot read '%s': %s", shown,
                 errno == EINTR ? "interrupted" : strerror(errno));
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
        // a Ctrl-C that came before the read (while a FIFO was opened,
        // or the program started) stops it too: the read may never end
        ssize_t got = interrupt && *interrupt ? (errno = EINTR, -1)
                      : read(fd, data + n, cap - n);
        if (got < 0 && errno == EINTR && !(interrupt && *interrupt))
            continue;  // another signal (a resized window): read on
        if (got < 0 && errno == EINTR) {  // Ctrl-C: a FIFO may never end
            free(data);
            close(fd);
            snprintf(why, whycap, "cannot read '%s': interrupted", shown);
            return -1;
        }
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

/* The folder part of path ("." when it has none) into dst, and where its
 * last part starts in *base; -1 when it does not fit. */
static int folder_of(const char *path, char *dst, size_t cap,
                     const char **base)
{
    const char *slash = strrchr(path, '/');
    if (base)
        *base = slash ? slash + 1 : path;
    if (!slash)
        return (size_t)snprintf(dst, cap, ".") < cap ? 0 : -1;
    size_t n = slash == path ? 1 : (size_t)(slash - path);  // "/x": "/"
    if (n >= cap)
        return -1;
    memcpy(dst, path, n);
    dst[n] = '\0';
    return 0;
}

/* A folder opened to look at (O_PATH where there is one: no read
 * permission needed on the folders walked through). */
#ifdef O_PATH
#define FOLDER_FLAGS (O_PATH | O_DIRECTORY | O_CLOEXEC)
#else
#define FOLDER_FLAGS (O_RDONLY | O_DIRECTORY | O_CLOEXEC)
#endif

/* 1 when the folder open on fd is the folder (dev, ino) or inside it,
 * found by walking up through `..` from the descriptor itself: whatever
 * names now lead to it, this is where a file created through fd lands. */
static int fd_inside(int fd, dev_t dev, ino_t ino)
{
    struct stat st, up;
    if (fstat(fd, &st) != 0)
        return 0;
    int cur = -1, ok = 0;
    for (int depth = 0; depth < 4096; depth++) {
        if (st.st_dev == dev && st.st_ino == ino) {
            ok = 1;
            break;
        }
        int next = openat(cur < 0 ? fd : cur, "..", FOLDER_FLAGS);
        if (next < 0 || fstat(next, &up) != 0) {
            if (next >= 0)
                close(next);
            break;
        }
        if (cur >= 0)
            close(cur);
        cur = next;
        if (up.st_dev == st.st_dev && up.st_ino == st.st_ino)
            break;  // "/" is its own parent: not inside
        st = up;
    }
    if (cur >= 0)
        close(cur);
    return ok;
}

/* Fills rule with the folder at path (opened once, so the folder's
 * identity is what was there at that moment); -1 when it cannot be
 * opened. */
static int rule_from(files_rule *rule, const char *path)
{
    struct stat st;
    int fd = open(path, FOLDER_FLAGS);
    if (fd < 0)
        return -1;
    int bad = fstat(fd, &st) != 0;
    close(fd);
    if (bad)
        return -1;
    rule->confined = 1;
    rule->dev = st.st_dev;
    rule->ino = st.st_ino;
    files_shown_name(path, rule->shown, sizeof rule->shown);
    return 0;
}

int files_name_ok(const char *path, char *why, size_t whycap)
{
    char shown[120];
    files_shown_name(path, shown, sizeof shown);
    if (path[0] == '\0') {
        snprintf(why, whycap, "cannot write '': give a file name");
        return -1;
    }
    for (const unsigned char *p = (const unsigned char *)path; *p; p++)
        if (*p < 0x20 || *p == 0x7f
            || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)) {
            snprintf(why, whycap, "cannot write '%s': a file name with a "
                     "control character (a newline, tab or escape) is "
                     "refused", shown);
            return -1;
        }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (!base[0] || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
        snprintf(why, whycap, "cannot write '%s': %s", shown,
                 strerror(EISDIR));
        return -1;
    }
    return 0;
}

int files_may_write(const char *script, const char *const *allow,
                    size_t n_allow, const char *path, char *target,
                    size_t cap, files_rule *rule, char *why, size_t whycap)
{
    char shown[120], folder[4096], root[4096];
    const char *slash = script ? strrchr(script, '/') : NULL;
    const char *base;
    int n;
    memset(rule, 0, sizeof *rule);
    if (script && path[0] != '/' && slash)  // beside the script
        n = snprintf(target, cap, "%.*s/%s", (int)(slash - script), script,
                     path);
    else
        n = snprintf(target, cap, "%s", path);
    files_shown_name(target, shown, sizeof shown);
    if (n < 0 || (size_t)n >= cap || folder_of(target, folder,
                                               sizeof folder, &base) != 0) {
        snprintf(why, whycap, "cannot write '%s': name too long", shown);
        return -1;
    }
    if (files_name_ok(target, why, whycap) != 0)
        return -1;
    int dir = open(folder, FOLDER_FLAGS);
    struct stat st;
    if (dir < 0) {
        snprintf(why, whycap, "cannot write '%s': %s", shown,
                 strerror(errno));
        return -1;
    }
    if (fstatat(dir, base, &st, 0) == 0 && S_ISDIR(st.st_mode)) {
        close(dir);  // plainly wrong
        snprintf(why, whycap, "cannot write '%s': %s", shown,
                 strerror(EISDIR));
        return -1;
    }
    if (!script) {
        close(dir);
        return 0;
    }
    /* the folder the file would land in, as opened, must be inside the
     * script's folder or an allowed one: `..` and symbolic links are seen
     * through, and files_write checks the same again when it writes */
    int ok = folder_of(script, root, sizeof root, NULL) == 0
             && rule_from(rule, root) == 0
             && fd_inside(dir, rule->dev, rule->ino);
    for (size_t i = 0; !ok && i < n_allow; i++)
        ok = rule_from(rule, allow[i]) == 0
             && fd_inside(dir, rule->dev, rule->ino);
    close(dir);
    if (!ok) {
        char in[120], from[120];
        files_shown_name(folder, in, sizeof in);  // as typed, from here
        files_shown_name(script, from, sizeof from);
        snprintf(why, whycap, "writing '%s' is not allowed from the script "
                 "%s; run it with --allow-write %s to allow it", shown, from,
                 in);
        memset(rule, 0, sizeof *rule);
        return -1;
    }
    return 0;
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

/* 64 bits nobody can guess ahead: the kernel's, else a mix of the time,
 * the process and a counter (splitmix64's finaliser). */
static uint64_t unguessable(void)
{
    static uint64_t count;
    uint64_t v = 0;
    if (getrandom(&v, sizeof v, GRND_NONBLOCK) == (ssize_t)sizeof v)
        return v;
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    v = (uint64_t)t.tv_nsec ^ (uint64_t)t.tv_sec << 32 ^ (uint64_t)getpid()
        ^ ++count * 0x9e3779b97f4a7c15u;
    v = (v ^ v >> 30) * 0xbf58476d1ce4e5b9u;
    v = (v ^ v >> 27) * 0x94d049bb133111ebu;
    return v ^ v >> 31;
}

/* Creates a new temporary file in the folder dir: a hidden name of fixed
 * length (so a name at the length limit still saves) with 64 random
 * bits, opened with O_CREAT|O_EXCL|O_NOFOLLOW, so nothing planted under
 * that name (a symbolic link above all) is ever opened. Its name goes to
 * tmp. A descriptor, or -1 with errno set. */
static int create_temp(int dir, char *tmp, size_t cap)
{
    for (int tries = 0; tries < 100; tries++) {
        snprintf(tmp, cap, ".neuron-%016llx.tmp",
                 (unsigned long long)unguessable());
        int fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW
                                  | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

int files_write(const files_rule *rule, const char *path, const char *data,
                size_t len, char *why, size_t whycap)
{
    char shown[120], folder[4096], tmp[64];
    const char *base;
    files_shown_name(path, shown, sizeof shown);
    struct stat st;
    if (denied) {
        snprintf(why, whycap, "cannot write '%s': file access is off", shown);
        return -1;
    }
    if (files_name_ok(path, why, whycap) != 0)
        return -1;
    if (folder_of(path, folder, sizeof folder, &base) != 0) {
        snprintf(why, whycap, "cannot write '%s': name too long", shown);
        return -1;
    }
    /* the folder is opened once; everything after is relative to it, so
     * swapping a folder on the path for a symbolic link changes nothing */
    int dir = open(folder, FOLDER_FLAGS);
    if (dir < 0) {
        snprintf(why, whycap, "cannot write '%s': %s", shown, strerror(errno));
        return -1;
    }
    if (rule && rule->confined && !fd_inside(dir, rule->dev, rule->ino)) {
        close(dir);
        snprintf(why, whycap, "writing '%s' is not allowed: its folder is "
                 "no longer inside %s (it changed after the check)", shown,
                 rule->shown);
        return -1;
    }
    if (fstatat(dir, base, &st, 0) == 0 && !S_ISREG(st.st_mode)) {
        close(dir);
        snprintf(why, whycap, "cannot write '%s': %s", shown,
                 S_ISDIR(st.st_mode) ? strerror(EISDIR)
                                     : "not a regular file");
        return -1;
    }
    /* SIGTERM and SIGHUP wait until the temporary file is renamed or
     * removed: an ended session leaves no half-written file behind */
    sigset_t hold, old;
    sigemptyset(&hold);
    sigaddset(&hold, SIGTERM);
    sigaddset(&hold, SIGHUP);
    sigprocmask(SIG_BLOCK, &hold, &old);
    int fd = create_temp(dir, tmp, sizeof tmp);
    int bad = fd < 0, e = errno;
    if (!bad) {
        bad = write_all(fd, data, len) != 0 || fsync(fd) != 0;
        e = errno;
        if (close(fd) != 0 && !bad) {
            bad = 1;
            e = errno;
        }
        if (!bad && renameat(dir, tmp, dir, base) != 0) {
            bad = 1;
            e = errno;
        }
        if (bad)
            unlinkat(dir, tmp, 0);
        else
            fsync(dir);  // the rename itself survives a crash
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    close(dir);
    if (bad) {
        snprintf(why, whycap, "cannot write '%s': %s", shown, strerror(e));
        return -1;
    }
    return 0;
}
