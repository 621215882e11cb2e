/*
 * test_record.c - `record FILE.md`: the Markdown a session becomes, line
 * by line through a memory sink, and its SVG files. The expected texts
 * are written out in full: they are the format a teacher hands out.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "interp/files.h"
#include "interp/interp.h"
#include "interp/record.h"

typedef struct fixture {
    out *o;
    sess *s;
    char dir[64];
    char md[128];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/neuron-test-record-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->md, sizeof f->md, "%s/h.md", f->dir);
    f->o = out_new_memory();
    f->s = f->o ? sess_new(f->o) : NULL;
    if (!f->s)
        return -1;
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

/* Runs one line as if typed at the prompt; returns its status. */
static int run(fixture *f, const char *line)
{
    sess_where w = { NULL, 0, NULL };
    return interp_eval_line(f->s, line, strlen(line), w);
}

/* The file's text (caller frees), or NULL. */
static char *slurp(const char *path)
{
    char *buf, why[300];
    size_t len;
    return files_read(path, 1 << 20, &buf, &len, why, sizeof why) == 0
           ? buf : NULL;
}

static void test_record_blocks_and_fences(void **state)
{
    fixture *f = *state;
    char line[200];
    snprintf(line, sizeof line, "record %s", f->md);
    assert_int_equal(run(f, line), CMD_OK);
    assert_int_equal(run(f, "bias 1"), CMD_OK);
    assert_int_equal(run(f, ""), CMD_OK);      // blank: left out
    assert_int_equal(run(f, "b"), CMD_OK);
    assert_int_equal(run(f, "say ```"), CMD_OK);
    assert_int_equal(run(f, "nosuch"), CMD_ERR);
    assert_int_equal(run(f, "b; nosuch"), CMD_ERR);
    assert_int_equal(run(f, "record stop"), CMD_OK);
    char *md = slurp(f->md);
    assert_non_null(md);
    assert_string_equal(md,
        "# h\n\n"
        "```neuron\nbias 1\nb\n```\n\n"
        "```text\n1\n```\n\n"
        "\\`\\`\\`\n\n"  /* a say is prose, its marks escaped */
        "```neuron\nnosuch\n```\n\n"
        /* an error reads as one: quoted under its word */
        "> **error**\n>\n"
        "> ```text\n> error: unknown command 'nosuch'; type 'help' for "
        "the list\n"
        ">   nosuch\n>   ^~~~~~\n> ```\n\n"
        /* output, then an error, of one line: each as it is */
        "```neuron\nb; nosuch\n```\n\n"
        "```text\n1\n```\n\n"
        "> **error**\n>\n"
        "> ```text\n> error: unknown command 'nosuch'; type 'help' for "
        "the list\n>   b; nosuch\n>      ^~~~~~\n> ```\n\n");
    free(md);
    assert_null(f->s->rec);
}

/* A lesson recorded: each command once, as code (its echo after the
 * prompt is the plain run's, not the handout's), comments left out, and
 * narration as prose without its command (this escaped once: `record`
 * then `lesson 4` wrote every command twice and `pause` as code). */
static void test_record_a_lesson(void **state)
{
    fixture *f = *state;
    char path[160], line[200];
    snprintf(path, sizeof path, "%s/l.neuron", f->dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("# Lesson 99: a test\n# Objective: none.\nsay Set a bias:\n"
          "bias 2\npause\nb\nexpect b = 2\nimage d 2x2\n#.\n.#\nend\n", fp);
    assert_int_equal(fclose(fp), 0);
    snprintf(line, sizeof line, "record %s", f->md);
    assert_int_equal(run(f, line), CMD_OK);
    snprintf(line, sizeof line, "run %s", path);
    assert_int_equal(run(f, line), CMD_OK);
    assert_int_equal(run(f, "record stop"), CMD_OK);
    char *md = slurp(f->md);
    assert_non_null(md);
    char run_line[220];
    snprintf(run_line, sizeof run_line, "```neuron\nrun %s\n```\n\n", path);
    assert_non_null(strstr(md, run_line));
    assert_non_null(strstr(md, "Set a bias:\n\n```neuron\nbias 2\nb\n```\n\n"
                               "```text\n2\n```\n\n\u2713 b = 2\n"));
    // a row of an image block is no comment, though it starts with #
    assert_non_null(strstr(md, "```neuron\nimage d 2x2\n#.\n.#\nend\n```"));
    assert_null(strstr(md, "neuron>"));
    assert_null(strstr(md, "neuron\\>"));
    assert_null(strstr(md, "Objective"));
    assert_null(strstr(md, "pause"));
    assert_null(strstr(md, "expect b"));
    free(md);
}

static void test_record_plots_become_svg_files(void **state)
{
    fixture *f = *state;
    char line[200], svg[200];
    snprintf(line, sizeof line, "record %s", f->md);
    assert_int_equal(run(f, line), CMD_OK);
    assert_int_equal(run(f, "plot relu from -1 to 1"), CMD_OK);
    assert_int_equal(run(f, "plot tanh"), CMD_OK);
    assert_int_equal(run(f, "record stop"), CMD_OK);
    char *md = slurp(f->md);
    assert_non_null(md);
    /* each picture once: the SVG, not its braille text too */
    assert_non_null(strstr(md, "```neuron\nplot relu from -1 to 1\n```\n\n"
                               "![plot](h-1.svg)\n\n```neuron\n"
                               "plot tanh\n```\n\n![plot](h-2.svg)\n\n"));
    assert_null(strstr(md, "```text"));
    free(md);
    for (int k = 1; k <= 2; k++) {
        snprintf(svg, sizeof svg, "%s/h-%d.svg", f->dir, k);
        char *text = slurp(svg);
        assert_non_null(text);
        assert_non_null(strstr(text, "<svg"));
        free(text);
    }
}

/* Colour codes are dropped, and of a line redrawn with '\r' only what
 * was drawn last is kept (a progress bar). */
static void test_record_cleans_terminal_codes(void **state)
{
    fixture *f = *state;
    char line[200];
    snprintf(line, sizeof line, "record %s", f->md);
    assert_int_equal(run(f, line), CMD_OK);
    assert_int_equal(run(f, "say x"), CMD_OK);
    out_printf(f->o, "\033[32mgreen\033[0m 10%%\r 50%%\rdone\n");
    assert_int_equal(record_end(f->s), CMD_OK);
    char *md = slurp(f->md);
    assert_non_null(md);
    assert_string_equal(md,
        "# h\n\nx\ndone\n\n"
        "*The session ended while recording (`record stop` ends a "
        "recording).*\n");
    free(md);
}

/* No control byte reaches the handout raw (issue 14): a script line's
 * ESC, BEL and C1 controls are written as the terminal shows them,
 * \x1b, \x07, \xc2\x9b, in the command block and in the output, and
 * so is a raw sequence some output might carry (an OSC title here);
 * "\r\n" ends a line. checklist: A7 */
static void test_record_escapes_control_bytes(void **state)
{
    fixture *f = *state;
    char line[200];
    snprintf(line, sizeof line, "record %s", f->md);
    assert_int_equal(run(f, line), CMD_OK);
    assert_int_equal(run(f, "say bell\a esc\033[31m red"), CMD_OK);
    assert_int_equal(run(f, "print 1 # \033]0;t\a \xc2\x9b" "1m"), CMD_OK);
    out_printf(f->o, "osc \033]0;x\a\r\n");
    assert_int_equal(run(f, "record stop"), CMD_OK);
    char *md = slurp(f->md);
    assert_non_null(md);
    assert_string_equal(md,
        "# h\n\n"
        "bell\\\\x07 esc\\\\x1b\\[31m red\n\n"  /* prose: \\ and [ escaped */
        "```neuron\nprint 1 # \\x1b]0;t\\x07 \\xc2\\x9b1m\n```\n\n"
        "```text\n1\nosc \\x1b]0;x\\x07\n```\n\n");
    for (const char *c = md; *c; c++)
        assert_true((unsigned char)*c >= 0x20 || *c == '\n');
    free(md);
}

/* A plot's link names its file with '%' (and any control byte)
 * percent-encoded, as a URL: h%-1.svg is linked as h%25-1.svg. */
static void test_record_links_encode_percent(void **state)
{
    fixture *f = *state;
    char line[200], svg[200];
    snprintf(line, sizeof line, "record %s/h%%.md", f->dir);
    assert_int_equal(run(f, line), CMD_OK);
    assert_int_equal(run(f, "plot relu"), CMD_OK);
    assert_int_equal(run(f, "record stop"), CMD_OK);
    snprintf(line, sizeof line, "%s/h%%.md", f->dir);
    char *md = slurp(line);
    assert_non_null(md);
    assert_non_null(strstr(md, "# h%\n\n"));
    assert_non_null(strstr(md, "\n![plot](h%25-1.svg)\n"));
    free(md);
    snprintf(svg, sizeof svg, "%s/h%%-1.svg", f->dir);
    char *text = slurp(svg);
    assert_non_null(text);
    free(text);
}

static void test_record_refuses_twice_and_missing_folders(void **state)
{
    fixture *f = *state;
    char line[200];
    snprintf(line, sizeof line, "record %s", f->md);
    assert_int_equal(run(f, "record stop"), CMD_ERR);
    assert_int_equal(run(f, "record /nonexistent-neuron/x.md"), CMD_ERR);
    assert_null(f->s->rec);
    assert_int_equal(run(f, line), CMD_OK);
    assert_int_equal(run(f, line), CMD_ERR);
    assert_non_null(strstr(out_text(f->o, OUT_ERR), "already recording"));
    assert_int_equal(run(f, "record stop"), CMD_OK);
    assert_int_equal(record_end(f->s), CMD_OK);  // nothing left to write
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_record_blocks_and_fences),
        T(test_record_a_lesson),
        T(test_record_plots_become_svg_files),
        T(test_record_cleans_terminal_codes),
        T(test_record_escapes_control_bytes),
        T(test_record_links_encode_percent),
        T(test_record_refuses_twice_and_missing_folders),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
