/*
 * test_quiz.c - ask, hint, checkpoint, pause and echo through a memory
 * sink. Without a read_line hook (a pipe, CI) nothing may wait; with a
 * fake hook that hands out scripted replies, the interactive dialogue is
 * checked word for word: right, a miss with the hint, three misses, the
 * checkpoint reached by typed commands, skipped, and the end of input.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interp/cmd.h"
#include "interp/interp.h"

/* The learner's replies, handed out one per read. */
typedef struct replies {
    const char *const *line;
    size_t n, next;
    char prompts[256];   /* every prompt asked, in order */
} replies;

typedef struct fixture {
    out *o;
    sess *s;
    replies r;
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

/* The read_line hook: the next reply (malloc'ed), NULL when none left. */
static char *fake_read(void *ctx, const char *prompt, int is_command)
{
    replies *r = ctx;
    (void)is_command;
    size_t used = strlen(r->prompts);
    snprintf(r->prompts + used, sizeof r->prompts - used, "%s|", prompt);
    return r->next < r->n ? strdup(r->line[r->next++]) : NULL;
}

/* Makes the session interactive with these replies. */
static void learner(fixture *f, const char *const *line, size_t n)
{
    f->r = (replies){ line, n, 0, "" };
    f->s->read_line = fake_read;
    f->s->read_ctx = &f->r;
}

static int run(fixture *f, const char *line)
{
    sess_where w = { NULL, 0, NULL };
    return interp_eval_line(f->s, line, strlen(line), w);
}

static int script(fixture *f, const char *text)
{
    return interp_run_buffer(f->s, "quiz.neuron", text, strlen(text));
}

static const char *out_of(fixture *f)
{
    return out_text(f->o, OUT_OUT);
}

/* ============================ not interactive ============================ */

static void test_quiz_ask_prints_answer_without_terminal(void **state)
{
    fixture *f = *state;
    assert_int_equal(script(f, "ask What is sigmoid(0)? = 0.5\n"
                               "hint halfway between 0 and 1\n"), CMD_OK);
    assert_string_equal(out_of(f), "question: What is sigmoid(0)?\n"
                                   "answer: 0.5\n");
    out_clear(f->o);
    /* an expression's value is shown; so is a tolerance written */
    assert_int_equal(run(f, "ask half of 3? = 3/2 within 0.1"), CMD_OK);
    assert_string_equal(out_of(f), "question: half of 3?\n"
                                   "answer: 3/2 = 1.5 (within 0.1)\n");
    out_clear(f->o);
    /* a word; a question may hold '=', '==', '>=' */
    assert_int_equal(run(f, "ask if z = 1 and a >= 0, is a == 1? = No"),
                     CMD_OK);
    assert_string_equal(out_of(f), "question: if z = 1 and a >= 0, is a "
                                   "== 1?\nanswer: No\n");
    assert_int_equal(f->s->errors_seen, 0);
}

/* checklist: E4 */
static void test_quiz_pause_and_ask_never_wait_without_terminal(void **state)
{
    fixture *f = *state;
    /* no hooks: nothing to wait with, so each returns at once */
    assert_null(f->s->wait);
    assert_null(f->s->read_line);
    assert_int_equal(script(f, "pause\nask Q? = 1\n"
                               "checkpoint T :: 1 = 2\nsay end\n"), CMD_OK);
    assert_non_null(strstr(out_of(f), "(checkpoint skipped: not "
                                      "interactive)\nend\n"));
}

static void test_quiz_ask_usage_errors(void **state)
{
    fixture *f = *state;
    assert_int_equal(run(f, "ask What is z?"), CMD_ERR);
    assert_non_null(strstr(out_text(f->o, OUT_ERR), "expected '= ANSWER' "
                           "after the question; usage: ask QUESTION = "
                           "ANSWER [within TOL]"));
    assert_int_equal(run(f, "ask = 1"), CMD_ERR);
    assert_int_equal(run(f, "ask Q? ="), CMD_ERR);
    assert_int_equal(run(f, "ask Q? = 1 within"), CMD_ERR);
    assert_int_equal(run(f, "ask Q? = 1 within -1"), CMD_ERR);
    assert_int_equal(run(f, "ask"), CMD_ERR);
    assert_int_equal(f->s->errors_seen, 6);
}

static void test_quiz_hint_alone_prints_nothing(void **state)
{
    fixture *f = *state;
    assert_int_equal(run(f, "hint anything at all"), CMD_OK);
    assert_int_equal(run(f, "hint"), CMD_OK);
    assert_string_equal(out_of(f), "");
    assert_string_equal(out_text(f->o, OUT_ERR), "");
}

static void test_quiz_checkpoint_checks_once_without_terminal(void **state)
{
    fixture *f = *state;
    /* z = 1 + 1 - 1.5 = 0.5, a = sigmoid(0.5) = 0.6225 */
    assert_int_equal(run(f, "inputs 1 1; weights 1 1; bias -1.5"), CMD_OK);
    assert_int_equal(run(f, "checkpoint push a up :: a >= 0.9"), CMD_OK);
    assert_string_equal(out_of(f), "checkpoint: push a up\n"
                                   "(checkpoint skipped: not interactive)\n");
    out_clear(f->o);
    /* z = 1 + 1 + 1 = 3, a = sigmoid(3) = 0.9526 */
    assert_int_equal(run(f, "bias 1"), CMD_OK);
    assert_int_equal(run(f, "checkpoint push a up :: a >= 0.9"), CMD_OK);
    assert_string_equal(out_of(f), "checkpoint: push a up\n"
                                   "(checkpoint reached)\n");
    out_clear(f->o);
    /* a name not defined yet is a goal not reached yet */
    assert_int_equal(run(f, "checkpoint define Z :: Z(0) = 1"), CMD_OK);
    assert_string_equal(out_of(f), "checkpoint: define Z\n"
                                   "(checkpoint skipped: not interactive)\n");
    assert_int_equal(f->s->errors_seen, 0);
}

static void test_quiz_checkpoint_usage_errors(void **state)
{
    fixture *f = *state;
    assert_int_equal(run(f, "checkpoint train it"), CMD_ERR);
    assert_non_null(strstr(out_text(f->o, OUT_ERR), "expected ':: "
                           "CONDITION' after the task"));
    assert_int_equal(run(f, "checkpoint :: z = 1"), CMD_ERR);
    assert_int_equal(run(f, "checkpoint train it ::"), CMD_ERR);
    assert_int_equal(run(f, "checkpoint train it :: z +"), CMD_ERR);
    assert_int_equal(run(f, "checkpoint train it :: z"), CMD_ERR);
    assert_int_equal(run(f, "checkpoint train it :: sigmod(z) = 1"),
                     CMD_OK);  // could be a definition still to come
    assert_string_equal(out_of(f), "checkpoint: train it\n"
                                   "(checkpoint skipped: not interactive)\n");
}

/* ============================ interactive ============================ */

static void test_quiz_ask_right_first_time(void **state)
{
    fixture *f = *state;
    static const char *const said[] = { "0.5" };
    learner(f, said, 1);
    assert_int_equal(run(f, "ask What is sigmoid(0)? = 0.5"), CMD_OK);
    assert_string_equal(out_of(f), "question: What is sigmoid(0)?\n"
                                   "right!\n");
    assert_string_equal(f->r.prompts, "answer> |");
}

static void test_quiz_ask_miss_shows_hint_then_right(void **state)
{
    fixture *f = *state;
    /* 1/2 is arithmetic: worked out, then compared */
    static const char *const said[] = { "0.4", "1/2" };
    learner(f, said, 2);
    /* a hint is narration: its `#` and `;` are text (issue 13) */
    assert_int_equal(script(f, "ask What is sigmoid(0)? = 0.5\n"
                               "hint halfway; # between 0 and 1\n"
                               "say next\n"), CMD_OK);
    assert_string_equal(out_of(f), "question: What is sigmoid(0)?\n"
                                   "not quite\n"
                                   "hint: halfway; # between 0 and 1\n"
                                   "right!\n"
                                   "next\n");
}

static void test_quiz_ask_three_misses_show_answer(void **state)
{
    fixture *f = *state;
    static const char *const said[] = { "1", "", "tanh", "0.5" };
    learner(f, said, 4);
    assert_int_equal(script(f, "ask What is sigmoid(0)? = 0.5\n"
                               "hint halfway\n"), CMD_OK);
    assert_string_equal(out_of(f), "question: What is sigmoid(0)?\n"
                                   "not quite\nhint: halfway\n"
                                   "not quite\nhint: halfway\n"
                                   "not quite\nanswer: 0.5\n");
    assert_int_equal(f->r.next, 3);  // the fourth reply was never read
    assert_int_equal(f->s->errors_seen, 0);
}

static void test_quiz_ask_tolerance_and_words(void **state)
{
    fixture *f = *state;
    /* default tolerance 0.00005: 0.7311 - sigmoid(1) = 0.0000414 */
    static const char *const said[] = { "0.731", "0.7311", "  ReLU ",
                                        "0.74", "0.734" };
    learner(f, said, 5);
    assert_int_equal(run(f, "ask sigmoid(1)? = sigmoid(1)"), CMD_OK);
    assert_int_equal(run(f, "ask never negative? = relu"), CMD_OK);
    assert_int_equal(run(f, "ask about 0.73? = 0.73 within 0.005"), CMD_OK);
    assert_string_equal(out_of(f), "question: sigmoid(1)?\nnot quite\n"
                                   "right!\n"
                                   "question: never negative?\nright!\n"
                                   "question: about 0.73?\nnot quite\n"
                                   "right!\n");
}

static void test_quiz_ask_answer_named_like_a_value(void **state)
{
    fixture *f = *state;
    /* w1 has a value, but the learner may answer with the name itself */
    static const char *const said[] = { "W1" };
    learner(f, said, 1);
    assert_int_equal(run(f, "inputs 1 0; weights 2 -1"), CMD_OK);
    assert_int_equal(run(f, "ask which weight grows? = w1"), CMD_OK);
    assert_string_equal(out_of(f), "question: which weight grows?\n"
                                   "right!\n");
}

/* A word answer may list its forms (issue 13: lesson 5 refused "the
 * second", "x2", "w2" and "2"); each is right, a final '.' is forgiven,
 * and the answer shown after three misses is the first form. */
static void test_quiz_ask_forms_of_an_answer(void **state)
{
    fixture *f = *state;
    static const char *const said[] = { "the second", "X2", "w2.", "2",
                                         "third", "first", "x3" };
    learner(f, said, 7);
    for (int i = 0; i < 4; i++)
        assert_int_equal(run(f, "ask which? = the second | second | x2 | w2 "
                                "| 2"), CMD_OK);
    assert_int_equal(run(f, "ask which? = the second | x2"), CMD_OK);
    assert_string_equal(out_of(f), "question: which?\nright!\n"
                                   "question: which?\nright!\n"
                                   "question: which?\nright!\n"
                                   "question: which?\nright!\n"
                                   "question: which?\nnot quite\n"
                                   "not quite\nnot quite\n"
                                   "answer: the second\n");
}

static void test_quiz_ask_end_of_input_ends_run(void **state)
{
    fixture *f = *state;
    learner(f, NULL, 0);
    assert_int_equal(script(f, "ask Q? = 1\nsay never\n"), CMD_EXIT);
    assert_null(strstr(out_of(f), "never"));
    assert_int_equal(f->s->errors_seen, 0);
}

static void test_quiz_checkpoint_reached_by_commands(void **state)
{
    fixture *f = *state;
    /* a typo at the prompt is part of play: not counted */
    static const char *const said[] = { "data and", "trian 20",
                                        "train 20", "say not run" };
    learner(f, said, 4);
    assert_int_equal(script(f, "checkpoint train the neuron on AND :: "
                               "errors = 0\nsay after\n"), CMD_OK);
    const char *o = out_of(f);
    assert_non_null(strstr(o, "checkpoint: train the neuron on AND\n"
                              "(type commands until errors = 0; `skip` "
                              "goes on without it)\n"));
    assert_non_null(strstr(o, "converged.\ndone!\nafter\n"));
    assert_null(strstr(o, "not run"));
    assert_non_null(strstr(out_text(f->o, OUT_ERR), "did you mean "
                                                    "'train'?"));
    assert_int_equal(f->s->errors_seen, 0);
    assert_string_equal(f->r.prompts, "checkpoint> |checkpoint> |"
                                      "checkpoint> |");
    /* the script's place is back for what follows */
    assert_string_equal(f->s->where[f->s->depth - 1].file, "quiz.neuron");
}

static void test_quiz_checkpoint_skip_and_end_of_input(void **state)
{
    fixture *f = *state;
    static const char *const said[] = { "inputs 1", " SKIP " };
    learner(f, said, 2);
    assert_int_equal(run(f, "checkpoint define Z :: Z(0) = 1"), CMD_OK);
    assert_non_null(strstr(out_of(f), "(checkpoint skipped)\n"));
    out_clear(f->o);
    learner(f, said, 1);
    assert_int_equal(run(f, "checkpoint define Z :: Z(0) = 1"), CMD_EXIT);
    out_clear(f->o);
    /* defined at the prompt: reached */
    static const char *const define[] = { "Z = 1" };
    learner(f, define, 1);
    assert_int_equal(run(f, "checkpoint define Z :: Z(0) = 1"), CMD_OK);
    assert_non_null(strstr(out_of(f), "done!\n"));
    /* already holds: done at once, no prompt */
    out_clear(f->o);
    learner(f, NULL, 0);
    assert_int_equal(run(f, "checkpoint define Z :: Z(0) = 1"), CMD_OK);
    assert_string_equal(out_of(f), "checkpoint: define Z\ndone!\n");
    assert_string_equal(f->r.prompts, "");
}

/* ============================ echo ============================ */

static void test_quiz_echo_shows_commands(void **state)
{
    fixture *f = *state;
    assert_int_equal(script(f, "echo on\n# a comment\n\nsigmoid(0)\n"
                               "image d 1x2\n#.\nend\necho off\n"
                               "say quiet\n"), CMD_OK);
    assert_string_equal(out_of(f), "neuron> sigmoid(0)\n0.5\n"
                                   "neuron> image d 1x2\n"
                                   "   ...> #.\n   ...> end\n"
                                   "neuron> echo off\nquiet\n");
    assert_int_equal(run(f, "echo maybe"), CMD_ERR);
    assert_int_equal(run(f, "spacing 11"), CMD_ERR);
    assert_int_equal(run(f, "spacing 2"), CMD_OK);
    assert_int_equal(f->s->spacing, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_quiz_ask_prints_answer_without_terminal),
        T(test_quiz_pause_and_ask_never_wait_without_terminal),
        T(test_quiz_ask_usage_errors),
        T(test_quiz_hint_alone_prints_nothing),
        T(test_quiz_checkpoint_checks_once_without_terminal),
        T(test_quiz_checkpoint_usage_errors),
        T(test_quiz_ask_right_first_time),
        T(test_quiz_ask_miss_shows_hint_then_right),
        T(test_quiz_ask_three_misses_show_answer),
        T(test_quiz_ask_tolerance_and_words),
        T(test_quiz_ask_answer_named_like_a_value),
        T(test_quiz_ask_forms_of_an_answer),
        T(test_quiz_ask_end_of_input_ends_run),
        T(test_quiz_checkpoint_reached_by_commands),
        T(test_quiz_checkpoint_skip_and_end_of_input),
        T(test_quiz_echo_shows_commands),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
