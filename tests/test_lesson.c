/*
 * test_lesson.c - `lessons`: the list a learner reads, from the header
 * comments of the lesson files in $NEURON_LESSONS (a folder made here),
 * through a memory sink. The expected texts are written out in full.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "interp/interp.h"

typedef struct fixture {
    out *o;
    sess *s;
    char dir[64];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/neuron-test-lesson-XXXXXX");
    if (!mkdtemp(f->dir) || setenv("NEURON_LESSONS", f->dir, 1) != 0)
        return -1;
    f->o = out_new_memory();
    f->s = f->o ? sess_new(f->o) : NULL;
    if (!f->s)
        return -1;
    out_set_width(f->o, 80);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[128];
    sess_free(f->s);
    out_free(f->o);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    int rc = system(cmd);
    free(f);
    return rc == 0 ? 0 : -1;
}

/* Writes the lesson file NAME in the fixture's folder. */
static void lesson_file(const fixture *f, const char *name, const char *text)
{
    char path[200];
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    assert_int_equal(fputs(text, fp) >= 0, 1);
    assert_int_equal(fclose(fp), 0);
}

/* Runs one line as if typed at the prompt; returns its status. */
static int run(fixture *f, const char *line)
{
    sess_where w = { NULL, 0, NULL };
    return interp_eval_line(f->s, line, strlen(line), w);
}

/* The list: number, title, length, and the objective wrapped. */
static void test_lesson_list_reads_headers(void **state)
{
    fixture *f = *state;
    lesson_file(f, "02-b.neuron", "# Lesson 2: weights\n"
                "# Objective: explain what weights and bias do.\n"
                "# About 10 minutes.\nsay b\n");
    lesson_file(f, "01-a.neuron", "# Lesson 1: the node\nsay a\n");
    lesson_file(f, "notes.neuron", "# not a lesson: no number\n");
    assert_int_equal(run(f, "lessons"), CMD_OK);
    assert_string_equal(out_text(f->o, OUT_OUT),
        " 1  the node\n"
        " 2  weights   (about 10 minutes)\n"
        "    explain what weights and bias do.\n"
        "`lesson N` runs one from a clean session (work in yours is saved "
        "first), and leaves its own work in it.\n");
    assert_string_equal(out_text(f->o, OUT_ERR), "");
}

/* A downloaded lesson's header cannot drive the terminal (issue 14): the
 * ESC, BEL and C1 control (U+009B) of its title, objective and length
 * come out escaped, as `say` shows them, and the objective still wraps.
 * checklist: A7 */
static void test_lesson_list_escapes_control_bytes(void **state)
{
    fixture *f = *state;
    lesson_file(f, "01-x.neuron",
        "# Lesson 1: red \033[31mtitle\033[0m \xc2\x9b" "2J\n"
        "# Objective: sets the title \033]0;pwned\a of the window\n"
        "# and clears \033[2J the screen, which a list must never do.\n"
        "# About 5\a minutes.\nsay x\n");
    assert_int_equal(run(f, "lessons"), CMD_OK);
    const char *got = out_text(f->o, OUT_OUT);
    assert_string_equal(got,
        " 1  red \\x1b[31mtitle\\x1b[0m \\xc2\\x9b2J   (about 5\\x07 "
        "minutes)\n"
        "    sets the title \\x1b]0;pwned\\x07 of the window and clears "
        "\\x1b[2J the screen,\n"
        "    which a list must never do.\n"
        "`lesson N` runs one from a clean session (work in yours is saved "
        "first), and leaves its own work in it.\n");
    for (const char *c = got; *c; c++)
        assert_true(((unsigned char)*c >= 0x20 && (unsigned char)*c < 0x7f)
                    || *c == '\n');
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_lesson_list_reads_headers),
        T(test_lesson_list_escapes_control_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
