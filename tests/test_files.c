/*
 * test_files.c - the write rule (files_may_write): a person may write
 * anywhere, a script only beside itself and below or under an allowed
 * folder, with `..` and symbolic links seen through; and the sink's tee
 * that `record` reads.
 *
 * Each test works in a fresh folder made with mkdtemp:
 *   ROOT/lessons/x.neuron   the script (never read: only its name counts)
 *   ROOT/lessons/sub/       a folder below it
 *   ROOT/outside/           a folder beside it
 *   ROOT/lessons/link  ->   ROOT/outside (a symbolic link leading out)
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "interp/files.h"
#include "interp/out.h"

typedef struct fixture {
    char root[64];
    char script[128];
    char target[4200];
    char why[600];
    files_rule rule;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    char path[256];
    if (!f)
        return -1;
    snprintf(f->root, sizeof f->root, "/tmp/neuron-test-files-XXXXXX");
    if (!mkdtemp(f->root))
        return -1;
    snprintf(path, sizeof path, "%s/lessons", f->root);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/lessons/sub", f->root);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/outside", f->root);
    mkdir(path, 0755);
    char link[256];
    snprintf(link, sizeof link, "%s/lessons/link", f->root);
    if (symlink(path, link) != 0)
        return -1;
    snprintf(f->script, sizeof f->script, "%s/lessons/x.neuron", f->root);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->root);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

/* files_may_write for the fixture's script (or none) and path. */
static int may(fixture *f, int from_script, const char *const *allow,
               size_t n, const char *path)
{
    return files_may_write(from_script ? f->script : NULL, allow, n, path,
                           f->target, sizeof f->target, &f->rule, f->why,
                           sizeof f->why);
}

/* ============================ the rule ============================ */

static void test_files_prompt_writes_anywhere(void **state)
{
    fixture *f = *state;
    char path[256];
    snprintf(path, sizeof path, "%s/outside/x.svg", f->root);
    assert_int_equal(may(f, 0, NULL, 0, path), 0);
    assert_string_equal(f->target, path);
    assert_int_equal(may(f, 0, NULL, 0, "relative.neuron"), 0);
    assert_string_equal(f->target, "relative.neuron");  // from here
}

static void test_files_script_writes_beside_and_below(void **state)
{
    fixture *f = *state;
    char want[256];
    assert_int_equal(may(f, 1, NULL, 0, "x.md"), 0);
    snprintf(want, sizeof want, "%s/lessons/x.md", f->root);
    assert_string_equal(f->target, want);  // beside the script
    assert_int_equal(may(f, 1, NULL, 0, "sub/y.svg"), 0);
    assert_int_equal(may(f, 1, NULL, 0, "sub/../z.neuron"), 0);
    snprintf(want, sizeof want, "%s/lessons/sub/abs.svg", f->root);
    assert_int_equal(may(f, 1, NULL, 0, want), 0);
}

static void test_files_script_refused_outside(void **state)
{
    fixture *f = *state;
    char path[256];
    assert_int_equal(may(f, 1, NULL, 0, "../up.neuron"), -1);
    assert_non_null(strstr(f->why, "is not allowed from the script"));
    assert_non_null(strstr(f->why, "x.neuron; run it with --allow-write"));
    assert_int_equal(may(f, 1, NULL, 0, "sub/../../up.neuron"), -1);
    assert_int_equal(may(f, 1, NULL, 0, "link/out.neuron"), -1);  // a link
    snprintf(path, sizeof path, "%s/outside/x.neuron", f->root);
    assert_int_equal(may(f, 1, NULL, 0, path), -1);
    /* the folder to allow is named as the target's folder */
    snprintf(path, sizeof path, "--allow-write %s/outside to allow", f->root);
    assert_non_null(strstr(f->why, path));
    /* a folder whose name starts like the script's is not inside it */
    char twin[256];
    snprintf(twin, sizeof twin, "%s/lessons2", f->root);
    mkdir(twin, 0755);
    snprintf(path, sizeof path, "%s/lessons2/x.neuron", f->root);
    assert_int_equal(may(f, 1, NULL, 0, path), -1);
}

static void test_files_allow_write_folders(void **state)
{
    fixture *f = *state;
    char outside[256], missing[256];
    snprintf(outside, sizeof outside, "%s/outside", f->root);
    snprintf(missing, sizeof missing, "%s/no-such-folder", f->root);
    const char *allow[] = { missing, outside };
    assert_int_equal(may(f, 1, allow, 2, "link/out.neuron"), 0);
    assert_int_equal(may(f, 1, allow, 2, "../outside/x.neuron"), 0);
    assert_int_equal(may(f, 1, allow, 2, "../up.neuron"), -1);
    const char *root_only[] = { f->root };
    assert_int_equal(may(f, 1, root_only, 1, "../up.neuron"), 0);
}

/* checklist: G3 */
static void test_files_bad_targets(void **state)
{
    fixture *f = *state;
    assert_int_equal(may(f, 1, NULL, 0, "sub"), -1);
    assert_non_null(strstr(f->why, "Is a directory"));
    assert_int_equal(may(f, 0, NULL, 0, "/tmp"), -1);
    assert_non_null(strstr(f->why, "cannot write '/tmp': Is a directory"));
    assert_int_equal(may(f, 1, NULL, 0, "nosuch/x.neuron"), -1);
    assert_non_null(strstr(f->why, "No such file or directory"));
}

/* ============================ writing ============================ */

/* The check is made again, on the folder opened for the write: a folder
 * swapped for a link outside after files_may_write is caught, and nothing
 * is written there. checklist: K3 */
static void test_files_write_rechecks_the_open_folder(void **state)
{
    fixture *f = *state;
    char sub[256], moved[256], outside[256], why[600];
    assert_int_equal(may(f, 1, NULL, 0, "sub/h.md"), 0);
    assert_int_equal(f->rule.confined, 1);
    snprintf(sub, sizeof sub, "%s/lessons/sub", f->root);
    snprintf(moved, sizeof moved, "%s/lessons/sub.real", f->root);
    snprintf(outside, sizeof outside, "%s/outside", f->root);
    assert_int_equal(rename(sub, moved), 0);
    assert_int_equal(symlink(outside, sub), 0);
    assert_int_equal(files_write(&f->rule, f->target, "x\n", 2, why,
                                 sizeof why), -1);
    assert_non_null(strstr(why, "its folder is no longer inside"));
    char planted[300];
    snprintf(planted, sizeof planted, "%s/outside/h.md", f->root);
    assert_false(files_exist(planted));
    /* put back, the same rule lets the write through */
    assert_int_equal(unlink(sub), 0);
    assert_int_equal(rename(moved, sub), 0);
    assert_int_equal(files_write(&f->rule, f->target, "x\n", 2, why,
                                 sizeof why), 0);
    assert_true(files_exist(f->target));
    /* at the prompt (no rule) a link is the person's own: followed */
    snprintf(planted, sizeof planted, "%s/lessons/link/p.md", f->root);
    assert_int_equal(files_write(NULL, planted, "x\n", 2, why, sizeof why),
                     0);
    snprintf(planted, sizeof planted, "%s/outside/p.md", f->root);
    assert_true(files_exist(planted));
}

/* Names a file may not have. checklist: K4 */
static void test_files_names_refused(void **state)
{
    (void)state;
    char why[300];
    static const char *const bad[] = {
        "", "a\nb.md", "a\tb", "a\033[2Jb", "a\x7f", ("a\xc2\x9b" "b"), "x/",
        ".", "sub/..",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        why[0] = '\0';
        assert_int_equal(files_name_ok(bad[i], why, sizeof why), -1);
        assert_true(strncmp(why, "cannot write '", 14) == 0);
    }
    /* UTF-8 letters are names like any other (U+00A0 on is printable) */
    assert_int_equal(files_name_ok("caf\xc3\xa9.md", why, sizeof why), 0);
    assert_int_equal(files_name_ok("\xc2\xa0.md", why, sizeof why), 0);
    /* the shown name escapes controls, C1 and bytes that are not UTF-8 */
    char shown[64];
    files_shown_name("a\033b\xc2\x9b" "c\xff" "d\xc3\xa9", shown,
                     sizeof shown);
    assert_string_equal(shown, "a\\x1bb\\xc2\\x9bc\\xffd\xc3\xa9");
}

/* A base name of 255 bytes, the longest a folder holds, still saves: the
 * temporary name does not grow with it. checklist: K4 */
static void test_files_write_name_at_the_limit(void **state)
{
    fixture *f = *state;
    char path[600], why[300];
    int n = snprintf(path, sizeof path, "%s/lessons/", f->root);
    memset(path + n, 'n', 255);
    path[n + 255] = '\0';
    assert_int_equal(files_write(NULL, path, "x\n", 2, why, sizeof why), 0);
    assert_true(files_exist(path));
}

/* A Ctrl-C that came before the read began (the flag already set) stops
 * it as one during the read does: a FIFO's read may never end (this
 * escaped once, on a machine slow to start neuron under valgrind). */
static void test_files_read_stops_when_already_interrupted(void **state)
{
    (void)state;
    char path[] = "/tmp/neuron-test-read-XXXXXX", why[200], *buf = NULL;
    size_t len = 0;
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "x,y\n1,0\n", 8), 8);
    close(fd);
    static volatile sig_atomic_t flag;
    files_on_interrupt(&flag);
    flag = 0;
    assert_int_equal(files_read(path, 1 << 20, &buf, &len, why, sizeof why), 0);
    assert_int_equal(len, 8);
    free(buf);
    flag = 1;
    buf = NULL;
    assert_int_equal(files_read(path, 1 << 20, &buf, &len, why, sizeof why),
                     -1);
    assert_non_null(strstr(why, "interrupted"));
    assert_null(buf);
    files_on_interrupt(NULL);
    unlink(path);
}

/* ============================ the tee ============================ */

static void test_files_tee_copies_both_channels_in_order(void **state)
{
    (void)state;
    out *o = out_new_memory();
    size_t len;
    assert_non_null(o);
    out_printf(o, "before\n");
    out_tee(o, 1);
    out_printf(o, "one\n");
    out_eprintf(o, "two\n");
    out_printf(o, "three\n");
    /* the err channel's text between its marks */
    assert_string_equal(out_tee_text(o, &len), "one\n" OUT_TEE_ERR "two\n"
                        OUT_TEE_OUT "three\n");
    assert_int_equal(len, 16);
    out_tee_clear(o);
    assert_string_equal(out_tee_text(o, &len), "");
    out_eprintf(o, "five\n");  // after a clear, a mark again
    assert_string_equal(out_tee_text(o, &len), OUT_TEE_ERR "five\n");
    out_tee_clear(o);
    out_printf(o, "four\n");
    out_tee(o, 0);
    out_printf(o, "after\n");
    assert_string_equal(out_tee_text(o, &len), "");
    assert_int_equal(len, 0);
    /* the sink's own channels are as they would be without the tee */
    assert_string_equal(out_text(o, OUT_OUT), "before\none\nthree\nfour\n"
                        "after\n");
    assert_string_equal(out_text(o, OUT_ERR), "two\nfive\n");
    out_free(o);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_files_prompt_writes_anywhere),
        T(test_files_script_writes_beside_and_below),
        T(test_files_script_refused_outside),
        T(test_files_allow_write_folders),
        T(test_files_bad_targets),
        T(test_files_write_rechecks_the_open_folder),
        cmocka_unit_test(test_files_names_refused),
        T(test_files_write_name_at_the_limit),
        cmocka_unit_test(test_files_read_stops_when_already_interrupted),
        cmocka_unit_test(test_files_tee_copies_both_channels_in_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
