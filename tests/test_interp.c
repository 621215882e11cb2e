/*
 * test_interp.c - the interpreter driven line by line through a memory
 * sink: what commands print (out and err apart), that a failed command
 * changes nothing, number formatting, and every help example.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interp/cmd.h"
#include "interp/interp.h"

typedef struct fixture {
    out *o;
    sess *s;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
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
    sess_free(f->s);
    out_free(f->o);
    free(f);
    return 0;
}

/* A keyboard for tune that has one key to give: Enter (keep the values,
 * which are unchanged). The memory sink is no terminal, so the panel
 * draws nothing. */
static int enter_only(void *ctx, unsigned char *buf, size_t cap, int ms)
{
    (void)ctx;
    (void)cap;
    (void)ms;
    buf[0] = '\r';
    return 1;
}

static int keys_raw(void *ctx)
{
    (void)ctx;
    return 0;
}

static void keys_nothing(void *ctx)
{
    (void)ctx;
}

static const sess_keys enter_keys = {
    keys_raw, enter_only, keys_nothing, keys_nothing, NULL, NULL
};

/* Runs one line as if typed at the prompt; returns its status. */
static int run(fixture *f, const char *line)
{
    sess_where w = { NULL, 0, NULL };
    return interp_eval_line(f->s, line, strlen(line), w);
}

static void set_neuron(fixture *f)
{
    assert_int_equal(run(f, "inputs 1 0 1; weights 0.5 -0.2 0.8; "
                            "bias -0.3"), CMD_OK);
}

/* ============================ fire and show ============================ */

static void test_interp_fire_writes_the_arithmetic(void **state)
{
    fixture *f = *state;
    set_neuron(f);
    assert_int_equal(run(f, "fire"), CMD_OK);
    /* z = 0.5*1 + -0.2*0 + 0.8*1 - 0.3 = 1.0; sigmoid(1) = 0.7311 */
    assert_string_equal(out_text(f->o, OUT_OUT),
                        "z = 0.5·1 + (-0.2)·0 + 0.8·1 + (-0.3) = 1\n"
                        "a = sigmoid(1) = 0.7311\n");
    assert_string_equal(out_text(f->o, OUT_ERR), "");
}

static void test_interp_fire_ascii(void **state)
{
    fixture *f = *state;
    out_set_ascii(f->o, 1);
    set_neuron(f);
    run(f, "activation relu; fire");
    assert_string_equal(out_text(f->o, OUT_OUT),
                        "z = 0.5*1 + (-0.2)*0 + 0.8*1 + (-0.3) = 1\n"
                        "a = relu(1) = 1\n");
}

/* checklist: J3 */
static void test_interp_fire_notes_rounded_terms(void **state)
{
    fixture *f = *state;
    /* 3 * 0.66666 - 2 = -0.00002: printed terms 3*0.6667 - 2 would give
     * 0.0001, so the line must say the terms are rounded */
    run(f, "inputs 0.66666; weights 3; bias -2; fire");
    assert_non_null(strstr(out_text(f->o, OUT_OUT), "shown rounded"));
}

static void test_interp_fire_needs_inputs_and_weights(void **state)
{
    fixture *f = *state;
    assert_int_equal(run(f, "fire"), CMD_ERR);
    assert_non_null(strstr(out_text(f->o, OUT_ERR), "no inputs yet"));
    out_clear(f->o);
    run(f, "inputs 1 2");
    assert_int_equal(run(f, "fire"), CMD_ERR);
    assert_non_null(strstr(out_text(f->o, OUT_ERR), "no weights yet"));
}

static void test_interp_leaky_relu_parameter_shown(void **state)
{
    fixture *f = *state;
    run(f, "inputs 1; weights -2; activation leaky_relu 0.1; fire");
    /* z = -2*1 + 0 = -2; leaky_relu(-2) = 0.1 * -2 = -0.2 */
    assert_string_equal(out_text(f->o, OUT_OUT),
                        "z = (-2)·1 + 0 = -2\n"
                        "a = leaky_relu(-2) = -0.2   (slope 0.1)\n");
}

static void test_interp_show_draws_every_number(void **state)
{
    fixture *f = *state;
    set_neuron(f);
    run(f, "show");
    const char *text = out_text(f->o, OUT_OUT);
    assert_non_null(strstr(text, "x1 = 1"));
    assert_non_null(strstr(text, "w2 = -0.2"));
    assert_non_null(strstr(text, "z = 1"));
    assert_non_null(strstr(text, "a = 0.7311"));
    assert_non_null(strstr(text, "b = -0.3"));
}

/* ============================ errors ============================ */

/* checklist: D3 */
static void test_interp_failed_command_changes_nothing(void **state)
{
    fixture *f = *state;
    set_neuron(f);
    run(f, "fire");
    char *before = strdup(out_text(f->o, OUT_OUT));
    static const char *const bad[] = {
        "weights 1 2 x", "weights 1 2", "inputs 1 0 nan", "bias 1e999",
        "activation leaky_relu abc", "activation sigmod",
        "init random 1 -1", "init normal 0 -1", "seed -1", "digits 18",
        "inputs [1, 0, 1", "weights 1,,2,3",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(run(f, bad[i]), CMD_ERR);
    out_clear(f->o);
    run(f, "fire");
    assert_string_equal(out_text(f->o, OUT_OUT), before);
    free(before);
}

/* checklist: E2 */
static void test_interp_error_in_script_names_file_and_line(void **state)
{
    fixture *f = *state;
    const char script[] = "inputs 1 0 1\n\nweights 1 2\n";
    assert_int_equal(interp_run_buffer(f->s, "les.neuron", script,
                                       sizeof script - 1), CMD_ERR);
    assert_string_equal(out_text(f->o, OUT_ERR),
                        "les.neuron:3: error: weights: expected 3 numbers "
                        "(one per input), got 2\n"
                        "  weights 1 2\n"
                        "          ^~~\n");
}

/* checklist: D2 */
static void test_interp_unknown_command_suggests(void **state)
{
    fixture *f = *state;
    assert_int_equal(run(f, "wieghts 1 2"), CMD_ERR);
    assert_non_null(strstr(out_text(f->o, OUT_ERR),
                           "unknown command 'wieghts'; did you mean "
                           "'weights'?"));
}

/* checklist: D1 */
static void test_interp_arity_checked_from_table(void **state)
{
    fixture *f = *state;
    assert_int_equal(run(f, "reset now"), CMD_ERR);
    assert_non_null(strstr(out_text(f->o, OUT_ERR),
                           "reset: takes no arguments; usage: reset"));
    out_clear(f->o);
    assert_int_equal(run(f, "weights"), CMD_ERR);
    assert_non_null(strstr(out_text(f->o, OUT_ERR),
                           "missing arguments; usage: weights"));
}

/* A picture's `> FILE.svg` is not counted as arguments: every command
 * whose usage offers it takes its most arguments and the file (this
 * escaped once: `mistakes 3 > m.svg` was "too many arguments"). */
static void test_interp_svg_target_not_an_argument(void **state)
{
    fixture *f = *state;
    size_t checked = 0;
    for (size_t i = 0; i < cmd_count(); i++) {
        const cmd *c = cmd_at(i);
        if (!strstr(c->usage, "> FILE") || c->max_args < 0)
            continue;
        char line[256];
        int n = snprintf(line, sizeof line, "%s", c->name);
        for (int k = 0; k < c->max_args; k++)
            n += snprintf(line + n, sizeof line - (size_t)n, " 1");
        snprintf(line + n, sizeof line - (size_t)n,
                 " > /nonexistent/x.svg");
        out_clear(f->o);
        run(f, line);
        if (strstr(out_text(f->o, OUT_ERR), "too many arguments"))
            fail_msg("'%s': %s", line, out_text(f->o, OUT_ERR));
        checked++;
    }
    assert_true(checked >= 3);  // fire, evaluate, mistakes at least
}

static void test_interp_caret_at_prompt(void **state)
{
    fixture *f = *state;
    f->s->prompt_width = 8;  // "neuron> "
    run(f, "weights 1 2 x");
    assert_string_equal(out_text(f->o, OUT_ERR),
                        "                    ^\n"
                        "error: weights: expected a number, got 'x'\n");
}

/* ============================ numbers ============================ */

static void test_interp_numbers_print_four_decimals(void **state)
{
    fixture *f = *state;
    static const struct { double v; const char *text; } cases[] = {
        { 0.7310585786300049, "0.7311" }, { 1.0, "1" }, { -0.2, "-0.2" },
        { -0.0, "0" }, { 0.1 + 0.2, "0.3" }, { 2.7755575615628914e-17,
        "2.776e-17" }, { 1.5e12, "1.5e12" }, { -0.00004, "-4e-5" },
        { 123456.78916, "123456.7892" },
    };
    char buf[32];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_string_equal(sess_num(f->s, cases[i].v, buf), cases[i].text);
    assert_string_equal(sess_num(f->s, 0.0 / 0.0, buf), "nan");
    assert_string_equal(sess_num(f->s, -1.0 / 0.0, buf), "-inf");
    f->s->digits = 17;
    assert_string_equal(sess_num(f->s, 0.1 + 0.2, buf),
                        "0.30000000000000004");
}

/* A column keeps one format (issue 13): -4.74e-5 is -0.0000 above
 * -0.0001, never scientific beside fixed; 0.09 as prose prints it. */
static void test_interp_column_numbers_one_format(void **state)
{
    fixture *f = *state;
    static const struct { double v; const char *text; } cases[] = {
        { -4.74e-5, "-0.0000" }, { 7.832e-7, "0.0000" }, { -0.0001, "-0.0001" },
        { 0.09, "0.09" }, { 0.0, "0" }, { -0.0, "0" }, { 1, "1" },
        { 0.7310585786300049, "0.7311" }, { 1.5e12, "1.5e12" },
    };
    char buf[32];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_string_equal(sess_num_col(f->s, cases[i].v, buf),
                            cases[i].text);
    assert_string_equal(sess_num_col(f->s, 0.0 / 0.0, buf), "nan");
    /* the softmax table and its bars print p1 one way: 0.09 both */
    assert_int_equal(run(f, "softmax 1 2 3"), CMD_OK);
    assert_non_null(strstr(out_text(f->o, OUT_OUT), "p1   = 0.09\n"));
    assert_non_null(strstr(out_text(f->o, OUT_OUT), " 0.09\n"));
    assert_null(strstr(out_text(f->o, OUT_OUT), "0.0900"));
    f->s->digits = 3;  /* asked for: significant digits, as sess_num */
    assert_string_equal(sess_num_col(f->s, -4.74e-5, buf), "-4.74e-5");
}

/* Errors wrap at the width on a terminal (issue 13), after their
 * "file:line: error: CMD: " prefix; elsewhere they stay on one line. */
static void test_interp_errors_wrap_on_a_terminal(void **state)
{
    fixture *f = *state;
    const char *text = "image bad 2x2 extra\n";  /* a long message */
    out_set_width(f->o, 40);
    f->s->keep_going = 1;
    interp_run_buffer(f->s, "w.neuron", text, strlen(text));
    const char *err = out_text(f->o, OUT_ERR);
    assert_true(strchr(err, '\n') - err > 40);  /* one line, then the caret */
    out_clear(f->o);
    out_set_wrap_errors(f->o, 1);
    interp_run_buffer(f->s, "w.neuron", text, strlen(text));
    err = out_text(f->o, OUT_ERR);
    /* every line of the message at most 40 columns; continuations
     * indented by 4 */
    const char *line = err;
    size_t lines = 0;
    for (const char *nl; (nl = strchr(line, '\n')); line = nl + 1, lines++)
        assert_true(nl - line <= 40);
    assert_true(lines >= 3);
    assert_non_null(strstr(err, "\n    "));
    const char *head = "w.neuron:1: error: image: expected a\n    size";
    assert_true(strncmp(err, head, strlen(head)) == 0);
}

static void test_interp_expressions_use_neuron_names(void **state)
{
    fixture *f = *state;
    set_neuron(f);
    run(f, "w1*x1 + w2*x2 + w3*x3 + b");
    run(f, "z");
    run(f, "a");
    assert_string_equal(out_text(f->o, OUT_OUT), "1\n1\n0.7311\n");
    out_clear(f->o);
    assert_int_equal(run(f, "x4"), CMD_ERR);
    assert_non_null(strstr(out_text(f->o, OUT_ERR),
                           "x4 is not defined: the neuron has 3 inputs"));
}

static void test_interp_expect(void **state)
{
    fixture *f = *state;
    set_neuron(f);
    assert_int_equal(run(f, "expect a = 0.7311"), CMD_OK);
    assert_int_equal(run(f, "expect a = 0.7311 within 0.0001"), CMD_OK);
    assert_int_equal(run(f, "expect z >= 1"), CMD_OK);
    assert_int_equal(run(f, "expect a = 0.73"), CMD_ERR);
    assert_int_equal(run(f, "expect 0/0 = 0 within 1e300"), CMD_ERR);
    assert_int_equal(run(f, "expect a = 0.7 within -1"), CMD_ERR);
    assert_non_null(strstr(out_text(f->o, OUT_ERR),
                           "the tolerance must be 0 or more"));
}

static void test_interp_seed_gives_same_weights(void **state)
{
    fixture *f = *state;
    run(f, "inputs 1 0 1; seed 7; init normal 0 1");
    char *first = strdup(out_text(f->o, OUT_OUT));
    out_clear(f->o);
    run(f, "seed 7; init normal 0 1");
    assert_string_equal(out_text(f->o, OUT_OUT), first);
    free(first);
    assert_int_equal(run(f, "seed 18446744073709551615"), CMD_OK);
    assert_int_equal(run(f, "seed 18446744073709551616"), CMD_ERR);
}

/* ============================ help ============================ */

/* checklist: D5 */
static void test_interp_every_command_has_help(void **state)
{
    (void)state;
    for (size_t i = 0; i < cmd_count(); i++) {
        const cmd *c = cmd_at(i);
        assert_non_null(c->usage);
        assert_true(strlen(c->summary) > 0);
        assert_true(strlen(c->help) > 0);
        assert_non_null(c->topic);
        assert_ptr_equal(cmd_find(c->name, strlen(c->name)), c);
    }
}

/* Runs every "  > " example of every command's help in a fresh session:
 * each must succeed (jq's man.test). */
static void test_interp_help_examples_run(void **state)
{
    fixture *f = *state;
    for (size_t i = 0; i < cmd_count(); i++) {
        const cmd *c = cmd_at(i);
        if (strcmp(c->name, "quit") == 0 || strcmp(c->name, "exit") == 0)
            continue;
        sess_reset(f->s);
        for (const char *p = strstr(c->help, "  > "); p;
             p = strstr(p + 1, "  > ")) {
            const char *line = p + 4;
            size_t len = strcspn(line, "\n");
            sess_where w = { "help", 0, NULL };
            out_clear(f->o);
            int rc = interp_eval_line(f->s, line, len, w);
            if (rc != CMD_OK)
                fail_msg("help %s example '%.*s' failed: %s", c->name,
                         (int)len, line, out_text(f->o, OUT_ERR));
        }
        out_clear(f->o);
        char line[64];
        snprintf(line, sizeof line, "help %s", c->name);
        assert_int_equal(run(f, line), CMD_OK);
        char usage[80];  // the usage line may wrap: check how it starts
        snprintf(usage, sizeof usage, "usage: %.*s",  // up to @names
                 (int)strcspn(c->usage, "@") < 20
                 ? (int)strcspn(c->usage, "@") : 20, c->usage);
        assert_non_null(strstr(out_text(f->o, OUT_OUT), usage));
    }
}

/* Ctrl-C during one command of a `;` line stops the commands after it,
 * as in a script, even when that command finished (data mnist cannot stop
 * halfway). Here the flag is up when the first command ends. checklist: K10 */
static void test_interp_interrupt_stops_the_line(void **state)
{
    fixture *f = *state;
    volatile sig_atomic_t flag = 1;
    f->s->interrupted = &flag;
    assert_int_equal(run(f, "k = 5; k = 6; k"), CMD_ERR);
    assert_non_null(strstr(out_text(f->o, OUT_ERR),
                           "interrupted; the rest of the line is not run"));
    assert_string_equal(out_text(f->o, OUT_OUT), "");
    flag = 0;
    out_clear(f->o);
    assert_int_equal(run(f, "k;"), CMD_OK);  /* the first ran, not the second */
    assert_string_equal(out_text(f->o, OUT_OUT), "5\n");
    flag = 1;  /* a trailing `;` or comment is not more to run */
    out_clear(f->o);
    assert_int_equal(run(f, "k = 7; # done"), CMD_OK);
    assert_string_equal(out_text(f->o, OUT_ERR), "");
    f->s->interrupted = NULL;
}

/* An image block never traps (issue 13). At the prompt a bad row is
 * reported at once and typed again; an empty line, a command or Ctrl-C
 * (image_block_leave) leaves the block, the image undefined. In a script
 * a bad row fails the block, but a command after it still leaves it. */
static void test_interp_image_block_never_traps(void **state)
{
    fixture *f = *state;
    f->s->prompt_width = 8;  /* typed at the prompt */
    assert_int_equal(run(f, "image c 2x2"), CMD_OK);
    assert_int_equal(run(f, ".x"), CMD_ERR);
    assert_non_null(strstr(out_text(f->o, OUT_ERR), "not 'x'; type it "
                           "again"));
    assert_int_equal(run(f, "#."), CMD_OK);
    assert_int_equal(run(f, ".#."), CMD_ERR);
    assert_int_equal(run(f, ".#"), CMD_OK);
    assert_int_equal(run(f, "end"), CMD_OK);
    out_clear(f->o);
    assert_int_equal(run(f, "images"), CMD_OK);
    assert_string_equal(out_text(f->o, OUT_OUT), "c  2x2\n");

    assert_int_equal(run(f, "image d 2x2"), CMD_OK);
    assert_int_equal(run(f, ".."), CMD_OK);
    assert_int_equal(image_block_leave(f->s), CMD_ERR);  /* Ctrl-C */
    assert_false(f->s->block.open);
    assert_int_equal(image_block_leave(f->s), CMD_OK);   /* none open */
    assert_int_equal(run(f, "image d 2x2"), CMD_OK);
    assert_int_equal(run(f, ""), CMD_ERR);
    assert_false(f->s->block.open);
    assert_int_equal(run(f, "image d 2x2"), CMD_OK);
    out_clear(f->o);
    assert_int_equal(run(f, "k = 3"), CMD_ERR);
    assert_non_null(strstr(out_text(f->o, OUT_ERR), "the line 'k = 3' left "
                           "the block after 0 of 2 rows (it was not run)"));
    assert_false(f->s->block.open);

    f->s->prompt_width = 0;  /* a script: a bad row fails the block */
    out_clear(f->o);
    const char *text = "image e 2x2\n.x\n..\nsay after\nend\n";
    f->s->keep_going = 1;
    assert_int_equal(interp_run_buffer(f->s, "t.neuron", text, strlen(text)),
                     CMD_ERR);
    assert_string_equal(out_text(f->o, OUT_OUT), "");  /* say: not run */
    assert_non_null(strstr(out_text(f->o, OUT_ERR), "t.neuron:4: error: "
                           "image: e: the command 'say' left the block "
                           "(it was not run)"));
    assert_non_null(strstr(out_text(f->o, OUT_ERR), "t.neuron:5: error: "
                           "end: no image block"));
    assert_int_equal(run(f, "images"), CMD_OK);
    assert_null(strstr(out_text(f->o, OUT_OUT), "e  2x2"));
}

/* 1 when word is among the words offered where Tab was last asked. */
static int offered(const char *word)
{
    char buf[64];
    const char *w;
    for (size_t i = 0; (w = interp_complete_word(i, buf, sizeof buf)); i++)
        if (strcmp(w, word) == 0)
            return 1;
    return 0;
}

/* Tab completes from the table and its rows (issue 12): command names,
 * a command's rows (data's sets and sub-commands, losses, optimizers,
 * save's weights and network, activations), and file names exactly
 * where a row says files follow (data load F, data idx F F, save
 * weights F). */
static void test_interp_completion_from_rows(void **state)
{
    (void)state;
    assert_int_equal(interp_complete_at("", 0), INTERP_CMPL_WORDS);
    assert_true(offered("network") && offered("data"));
    assert_int_equal(interp_complete_at("data sp", 5), INTERP_CMPL_WORDS);
    assert_true(offered("spiral") && offered("mnist") && offered("idx")
                && offered("xor") && offered("fn"));
    assert_false(offered("mse"));
    assert_int_equal(interp_complete_at("data load ", 10),
                     INTERP_CMPL_FILES);
    assert_int_equal(interp_complete_at("data idx a ", 11),
                     INTERP_CMPL_FILES);
    assert_int_equal(interp_complete_at("data idx a b ", 13),
                     INTERP_CMPL_NONE);
    assert_int_equal(interp_complete_at("data xor ", 9), INTERP_CMPL_NONE);
    assert_int_equal(interp_complete_at("loss ", 5), INTERP_CMPL_WORDS);
    assert_true(offered("bce_logits") && offered("mse"));
    assert_int_equal(interp_complete_at("optimizer a", 10),
                     INTERP_CMPL_WORDS);
    assert_true(offered("adam") && offered("momentum"));
    assert_int_equal(interp_complete_at("save ", 5), INTERP_CMPL_WORDS);
    assert_true(offered("weights") && offered("network"));
    assert_int_equal(interp_complete_at("load network ", 13),
                     INTERP_CMPL_FILES);
    assert_int_equal(interp_complete_at("activation s", 11),
                     INTERP_CMPL_WORDS);
    assert_true(offered("sigmoid") && offered("relu"));
    /* sub-commands (issue 13): show unit, plot loss beside the
     * activations, help's command names */
    assert_int_equal(interp_complete_at("show ", 5), INTERP_CMPL_WORDS);
    assert_true(offered("unit") && offered("network") && offered("weights"));
    assert_int_equal(interp_complete_at("plot ", 5), INTERP_CMPL_WORDS);
    assert_true(offered("loss") && offered("errors") && offered("sigmoid"));
    assert_int_equal(interp_complete_at("activation ", 11),
                     INTERP_CMPL_WORDS);
    assert_false(offered("loss"));
    assert_int_equal(interp_complete_at("help ", 5), INTERP_CMPL_WORDS);
    assert_true(offered("train") && offered("image") && offered("say"));
    assert_int_equal(interp_complete_at("data ", 5), INTERP_CMPL_WORDS);
    assert_true(offered("mnist"));
    assert_int_equal(interp_complete_at("nosuch ", 7), INTERP_CMPL_NONE);
    assert_int_equal(interp_complete_at("rate ", 5), INTERP_CMPL_NONE);
    /* the small tables: plot's histories before the activations, seed's
     * state, trace's on/off, network's off, train's options after N */
    assert_int_equal(interp_complete_at("plot ", 5), INTERP_CMPL_WORDS);
    assert_true(offered("loss") && offered("errors") && offered("sigmoid"));
    assert_int_equal(interp_complete_at("seed ", 5), INTERP_CMPL_WORDS);
    assert_true(offered("state"));
    assert_int_equal(interp_complete_at("trace ", 6), INTERP_CMPL_WORDS);
    assert_true(offered("on") && offered("off"));
    assert_int_equal(interp_complete_at("network ", 8), INTERP_CMPL_WORDS);
    assert_true(offered("off"));
    assert_int_equal(interp_complete_at("train 5 ", 8), INTERP_CMPL_WORDS);
    assert_true(offered("batch") && offered("rate") && offered("optimizer"));
    assert_int_equal(interp_complete_at("batch ", 6), INTERP_CMPL_WORDS);
    assert_true(offered("full"));
}

/* 1 when example runs the command with the word: "CMD WORD ..." at the
 * start of a command (the text's, a line's or after "; "), or, for a
 * command whose words are options, "CMD ... WORD" within one command. */
static int names_word(const char *example, const char *cmd_name,
                      const char *word, int option)
{
    size_t cn = strlen(cmd_name), wn = strlen(word);
    for (const char *at = example; at && (at = strstr(at, cmd_name)); at++) {
        int starts = at == example || at[-1] == '\n'
                     || (at - example >= 2 && strncmp(at - 2, "; ", 2) == 0);
        if (!starts || at[cn] != ' ')
            continue;
        const char *rest = at + cn + 1, *end = rest + strcspn(rest, ";\n");
        for (const char *w = rest; w + wn <= end; w++) {
            int whole = (w == rest || w[-1] == ' ')
                        && (w + wn == end || w[wn] == ' ');
            if (whole && strncmp(w, word, wn) == 0 && (option || w == rest))
                return 1;
        }
    }
    return 0;
}

/* Every word a command takes from a table (issue 12: "every sub-command
 * row has help with an example that runs"): its help, and an example
 * that names the command and the word and runs in a new session, each
 * row in its own. Run from the project's top folder, as make test does
 * (data load examples/points.csv). */
static void test_interp_every_row_has_an_example(void **state)
{
    (void)state;
    size_t rows = 0, bad = 0;
    for (size_t i = 0; i < cmd_count(); i++) {
        const cmd *c = cmd_at(i);
        const cmd_word *w;
        for (size_t r = 0; c->rows && (w = c->rows(r)); r++) {
            rows++;
            assert_non_null(w->help);
            assert_true(strlen(w->help) > 0);
            char want[80];
            snprintf(want, sizeof want, "%s %s", c->name, w->name);
            if (!names_word(w->example, c->name, w->name,
                            c->complete == CMPL_OPTS)) {
                print_message("`%s`: its example '%s' does not run it\n",
                              want, w->example ? w->example : "(none)");
                bad++;
                continue;
            }
            fixture *f;
            assert_int_equal(setup((void **)&f), 0);
            f->s->keys = &enter_keys;  // tune's rows: a terminal's keys
            for (const char *at = w->example; *at;) {  // a line at a time
                size_t n = strcspn(at, "\n");
                char line[256];
                snprintf(line, sizeof line, "%.*s", (int)n, at);
                if (run(f, line) != CMD_OK) {
                    print_message("`%s`: its example '%s' fails: %s\n", want,
                                  line, out_text(f->o, OUT_ERR));
                    bad++;
                    break;
                }
                at += n + (at[n] == '\n');
            }
            teardown((void **)&f);
        }
    }
    assert_int_equal(bad, 0);
    assert_true(rows >= 40);
}

/* The line fuzzer's dictionary (tests/fuzz/line.dict) holds every name a
 * learner types: each command, each row of each command's table and each
 * activation, so the fuzzer reaches every one. */
static int in_dict(const char *dict, const char *word)
{
    char quoted[80];
    snprintf(quoted, sizeof quoted, "\"%s\"", word);
    return strstr(dict, quoted) != NULL;
}

static void test_interp_fuzz_dict_has_every_name(void **state)
{
    (void)state;
    FILE *f = fopen("tests/fuzz/line.dict", "r");
    assert_non_null(f);  /* run from the project's top folder */
    static char dict[65536];
    size_t n = fread(dict, 1, sizeof dict - 1, f);
    fclose(f);
    dict[n] = '\0';
    size_t missing = 0;
    for (size_t i = 0; i < cmd_count(); i++) {
        const cmd *c = cmd_at(i);
        if (!in_dict(dict, c->name)) {
            print_message("line.dict lacks the command \"%s\"\n", c->name);
            missing++;
        }
        const cmd_word *w;
        for (size_t r = 0; c->rows && (w = c->rows(r)); r++)
            if (!in_dict(dict, w->name)) {
                print_message("line.dict lacks \"%s\" (%s)\n", w->name,
                              c->name);
                missing++;
            }
    }
    for (size_t i = 0; nn_act_at(i); i++)
        if (!in_dict(dict, nn_act_at(i)->name)) {
            print_message("line.dict lacks \"%s\"\n", nn_act_at(i)->name);
            missing++;
        }
    assert_int_equal(missing, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_interp_fire_writes_the_arithmetic),
        T(test_interp_fire_ascii),
        T(test_interp_fire_notes_rounded_terms),
        T(test_interp_fire_needs_inputs_and_weights),
        T(test_interp_leaky_relu_parameter_shown),
        T(test_interp_show_draws_every_number),
        T(test_interp_failed_command_changes_nothing),
        T(test_interp_error_in_script_names_file_and_line),
        T(test_interp_unknown_command_suggests),
        T(test_interp_arity_checked_from_table),
        T(test_interp_svg_target_not_an_argument),
        T(test_interp_caret_at_prompt),
        T(test_interp_numbers_print_four_decimals),
        T(test_interp_column_numbers_one_format),
        T(test_interp_errors_wrap_on_a_terminal),
        T(test_interp_expressions_use_neuron_names),
        T(test_interp_expect),
        T(test_interp_seed_gives_same_weights),
        T(test_interp_every_command_has_help),
        T(test_interp_help_examples_run),
        T(test_interp_interrupt_stops_the_line),
        T(test_interp_completion_from_rows),
        T(test_interp_every_row_has_an_example),
        T(test_interp_fuzz_dict_has_every_name),
        T(test_interp_image_block_never_traps),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
