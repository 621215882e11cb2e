/*
 * test_out.c - the stream sink under faults: writes interrupted by a
 * signal (EINTR, or a part written), a reader that goes away, and the
 * order of the two channels. The sink writes to a pipe whose reader is a
 * child process, so the writes really block and a real SIGINT, caught
 * without SA_RESTART as the front end catches it, really interrupts them.
 */
#include "testutil.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "interp/out.h"

static volatile sig_atomic_t caught;

static void on_sigint(int sig)
{
    (void)sig;
    caught++;
}

/* SIGINT as the front end catches it: a flag, and no SA_RESTART, so a
 * blocked write returns early. */
static void catch_sigint(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, NULL);
    caught = 0;
}

static void nap_ms(long ms)
{
    struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&t, &t) != 0 && errno == EINTR)
        ;
}

/* The byte at position i of the text the tests write: a pattern whose
 * every byte says where it belongs, so a dropped or repeated piece shows. */
static char pattern(size_t i)
{
    return (char)('a' + (i * 7 + i / 251) % 26);
}

#define TOTAL (1u << 20)  // 1 MB: far more than a pipe holds (64 KB)

/* The reader: waits until the writer is blocked on the full pipe,
 * interrupts it `signals` times, then reads everything. Exit status 0
 * when it read exactly TOTAL bytes of the pattern, 1 otherwise. */
static void reader(int fd, pid_t writer, int signals)
{
    nap_ms(200);
    for (int i = 0; i < signals; i++) {
        kill(writer, SIGINT);
        nap_ms(30);
    }
    static char buf[65536];
    size_t at = 0;
    ssize_t n;
    int bad = 0;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        for (ssize_t k = 0; k < n; k++)
            bad |= at + (size_t)k >= TOTAL || buf[k] != pattern(at + (size_t)k);
        at += (size_t)n;
    }
    _exit(bad || at != TOTAL);
}

/* Writes TOTAL bytes of the pattern through a sink on a pipe while a
 * child interrupts the blocked writes; returns the child's verdict. */
static int write_through_interrupts(size_t piece, int signals)
{
    int p[2];
    assert_int_equal(pipe(p), 0);
    pid_t me = getpid();
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        close(p[1]);
        reader(p[0], me, signals);
    }
    close(p[0]);
    FILE *f = fdopen(p[1], "w");
    assert_non_null(f);
    out *o = out_new_stdio(f, f);
    assert_non_null(o);
    static char text[TOTAL];
    for (size_t i = 0; i < TOTAL; i++)
        text[i] = pattern(i);
    for (size_t at = 0; at < TOTAL; at += piece)
        out_write(o, OUT_OUT, text + at, TOTAL - at < piece ? TOTAL - at
                                                            : piece);
    int err_no = 0;
    assert_int_equal(out_flush(o), 0);
    assert_int_equal(out_failed(o, &err_no), 0);
    out_free(o);
    fclose(f);
    int status = 0;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

/* Ctrl-C while the terminal is slow used to mark the sink failed for
 * good (the session went mute, "write error: Interrupted system call" at
 * exit). Small writes go through the sink's buffer. */
static void test_out_interrupted_small_writes_all_arrive(void **state)
{
    (void)state;
    catch_sigint();  // checklist: K1
    assert_int_equal(write_through_interrupts(100, 5), 0);
    assert_true(caught >= 1);  // the signals did arrive
}

/* One write larger than the pipe: interrupted part way, it returns the
 * bytes written so far, and the rest must follow. */
static void test_out_interrupted_big_write_goes_on(void **state)
{
    (void)state;
    catch_sigint();  // checklist: K1
    assert_int_equal(write_through_interrupts(TOTAL, 5), 0);
    assert_true(caught >= 1);
}

/* A reader that went away is a real failure: noticed once, with its
 * errno, and nothing more is tried. */
static void test_out_closed_reader_fails_once(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    close(p[0]);
    void (*old)(int) = signal(SIGPIPE, SIG_IGN);
    FILE *f = fdopen(p[1], "w");
    out *o = out_new_stdio(f, f);
    assert_non_null(o);
    out_printf(o, "lost\n");
    out_eprintf(o, "lost too\n");
    int err_no = 0;
    assert_int_equal(out_flush(o), -1);
    assert_int_equal(out_failed(o, &err_no), 1);
    assert_int_equal(err_no, EPIPE);
    out_free(o);
    fclose(f);
    signal(SIGPIPE, old);
}

/* Errors come after the results printed before them, as a reader of both
 * channels on one terminal must see them. */
static void test_out_err_follows_out_in_order(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    FILE *f = fdopen(p[1], "w");
    out *o = out_new_stdio(f, f);
    assert_non_null(o);
    out_printf(o, "1+41 is ");
    out_printf(o, "42\n");
    out_eprintf(o, "error: then this\n");
    out_printf(o, "and this\n");
    assert_int_equal(out_flush(o), 0);
    out_free(o);
    fclose(f);
    char buf[256];
    ssize_t n = read(p[0], buf, sizeof buf - 1);
    close(p[0]);
    assert_true(n > 0);
    buf[n] = '\0';
    assert_string_equal(buf, "1+41 is 42\nerror: then this\nand this\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_out_interrupted_small_writes_all_arrive),
        cmocka_unit_test(test_out_interrupted_big_write_goes_on),
        cmocka_unit_test(test_out_closed_reader_fails_once),
        cmocka_unit_test(test_out_err_follows_out_in_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
