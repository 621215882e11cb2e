/*
 * test_oom.c - the allocation-failure loop (SQLite's malloc tests).
 *
 * Every allocation of the engine and the interpreter goes through
 * nn_malloc and its kin (src/engine/mem.c). For each command below, on a
 * fresh session set up with the hook off, the hook fails the Nth
 * allocation, N = 1, 2, ... until the command runs without meeting a
 * failure; then again failing the Nth and every one after it. Each run
 * must end in one of two ways:
 *   - an error saying "out of memory", with the session as it was (the
 *     script `save` would write, the network's weights, the training
 *     figures and history all byte for byte the same);
 *   - success, printing what the command prints with memory to spare, or
 *     saying "out of memory" about a part it could not show.
 * Leaks are ASan's to find (make sanitize) and valgrind's (make valgrind).
 */
/* checklist: I1 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/mem.h"
#include "engine/net.h"
#include "interp/cmd.h"
#include "interp/interp.h"

/* A command to fail: set up with the hook off (a script), then run with
 * the hook armed (one command: a line or an image block). "@" in either
 * stands for the scratch folder. */
typedef struct oom_case {
    const char *name;
    const char *setup;
    const char *command;
} oom_case;

/* 1 for `run FILE`: the script's lines before the failing one keep their
 * effect, as in any script that stops at an error; only the message is
 * checked. */
static int runs_a_script(const oom_case *c)
{
    return strncmp(c->command, "run ", 4) == 0;
}

#define NEURON_SETUP "inputs 1 0 1\nweights 0.5 -0.2 0.8\nbias -0.3\n"
#define UNITS_SETUP "n1(x) = relu(-5x - 7.7)\nn2(x) = relu(-1.2x - 1.3)\n" \
                    "Z(x) = -n1(x) - n2(x) + 1\n"
#define NET_SETUP "seed 1\ndata mnist\nnetwork 784 8 relu 10 softmax\n"

/* A 28x28 image, blank but for a dot in the middle. */
#define BLANK_ROW "............................\n"
#define DOT_ROW   ".............##.............\n"
#define ROWS_7    BLANK_ROW BLANK_ROW BLANK_ROW BLANK_ROW BLANK_ROW \
                  BLANK_ROW BLANK_ROW
#define DOT_ROWS  ROWS_7 ROWS_7 BLANK_ROW BLANK_ROW BLANK_ROW BLANK_ROW \
                  BLANK_ROW BLANK_ROW DOT_ROW ROWS_7

/* A network on the XOR table, its settings set. */
#define TABLE_NET "data xor\nnetwork 2 3 tanh 1 sigmoid\nloss bce\n" \
                  "rate 0.5\nbatch full\n"

static const oom_case cases[] = {
    { "inputs", "", "inputs 1 0 1" },
    { "weights", NEURON_SETUP, "weights 0.1 0.2 0.3" },
    { "init", NEURON_SETUP "seed 3\n", "init normal 0 1" },
    { "fire", NEURON_SETUP "activation tanh\n", "fire" },
    { "show", NEURON_SETUP, "show" },
    { "expression", NEURON_SETUP, "2 * sigmoid(z) + relu'(0) - w1" },
    { "softmax", "", "softmax 1 2 3 4" },
    { "define", UNITS_SETUP, "n3(x) = relu(2x - 1)" },
    { "define a sum", UNITS_SETUP "n3(x) = relu(2x - 1)\n",
      "W(x) = Z(x) + n3(x)" },
    { "redefine", UNITS_SETUP, "n1(x) = relu(x)" },
    { "undef", UNITS_SETUP, "undef Z" },
    { "evaluate a definition", UNITS_SETUP, "Z(0.5)" },
    { "show a definition", UNITS_SETUP, "show Z" },
    { "table", UNITS_SETUP, "table Z from -2 to 1 step 0.5" },
    { "fit", "", "F = fit sin(x) from -3 to 3 with 6 units" },
    { "compare", "F = fit sin(x) from -3 to 3 with 6 units\n",
      "compare F with sin(x) from -3 to 3" },
    { "plot", UNITS_SETUP, "plot Z, sigmoid from -3 to 3" },
    { "plot to SVG", UNITS_SETUP, "plot Z from -3 to 3 > @/z.svg" },
    { "data gate", "", "data xor" },
    { "data csv", "", "data load lessons/data/darn.csv" },
    { "data blobs", "seed 2\n", "data blobs 40" },
    { "data add", "data and\n", "data add 1 0.5 -> 1" },
    { "train a perceptron", "data and\nrule perceptron\nrate 0.1\n",
      "train 20" },
    { "gradient epoch", "data or\nrule gradient\nactivation sigmoid\n"
      "loss bce\nrate 0.5\n", "epoch" },
    { "step", "data and\nrule perceptron\n", "step" },
    { "adam", "seed 1\ndata moons 30\nrule gradient\n"
      "activation sigmoid\noptimizer adam\n", "train 3" },
    { "undo", "data and\nrule perceptron\ntrain 2\n", "undo" },
    { "evaluate data", "data and\nweights 1 1\nbias -1.5\n", "evaluate" },
    { "plot loss", "data and\nrule perceptron\ntrain 5\n", "plot loss" },
    { "boundary", "data and\nweights 1 1\nbias -1.5\n", "boundary" },
    { "image", "", "image cross 3x3\n.#.\n###\n.#.\nend" },
    { "inputs from an image", "image cross 3x3\n.#.\n###\n.#.\nend\n",
      "inputs image cross" },
    { "weights from an image", "image cross 3x3\n.#.\n###\n.#.\nend\n"
      "inputs image cross\n", "weights image cross" },
    { "load MNIST", "", "data mnist" },
    { "network", "seed 1\n", "network 784 16 relu 10 softmax" },
    { "summary", NET_SETUP, "summary" },
    { "train a network", NET_SETUP, "train 1 epochs batch 64" },
    { "evaluate a network", NET_SETUP, "evaluate" },
    { "predict", NET_SETUP, "predict sample 3" },
    { "mistakes", NET_SETUP, "mistakes" },
    { "show unit", NET_SETUP, "show unit 2" },
    { "save weights", NEURON_SETUP, "save weights @/w.txt" },
    { "load weights", NEURON_SETUP "save weights @/w2.txt\nweights 0 0 0\n",
      "load weights @/w2.txt" },
    { "save network", NET_SETUP, "save network @/n.net" },
    { "load network", NET_SETUP "save network @/n2.net\n"
      "network 784 4 relu 10 softmax\n", "load network @/n2.net" },
    { "save the session", NEURON_SETUP UNITS_SETUP "data and\n",
      "save @/s.neuron" },
    { "run a saved session", NEURON_SETUP UNITS_SETUP "data and\n"
      "save @/r.neuron\nreset\n", "run @/r.neuron" },
    { "record", NEURON_SETUP, "record @/h.md" },
    { "record a plot", NEURON_SETUP "record @/h2.md\n", "plot sigmoid" },
    { "record stop", NEURON_SETUP "record @/h3.md\nfire\nplot relu\n",
      "record stop" },
    { "help", "", "help fire" },
    { "help an activation", "", "help activation relu" },
    { "activations", "", "activations" },
    { "reset", NEURON_SETUP UNITS_SETUP "data xor\n", "reset" },
    { "data split", "seed 4\ndata blobs 20\n", "data split 0.25" },
    { "data remove", "data and\n", "data remove 2" },
    { "data idx", "", "data idx lessons/data/mnist/t10k-images-idx3-ubyte.gz "
      "lessons/data/mnist/t10k-labels-idx1-ubyte.gz" },
    { "defs", UNITS_SETUP, "defs" },
    { "images", "image cross 3x3\n.#.\n###\n.#.\nend\n", "images" },
    { "show weights of an image", "image cross 3x3\n.#.\n###\n.#.\nend\n"
      "inputs image cross\nweights image cross\n", "show weights" },
    { "predict an image", NET_SETUP "image dot 28x28\n" DOT_ROWS "end\n",
      "predict image dot" },
    { "lessons", "", "lessons" },
    { "network off", NET_SETUP, "network off" },
    /* one model (issue 12): a network on table data, and what goes with
       it */
    { "network on a table", "data xor\n", "network 2 3 tanh 1 sigmoid" },
    { "train a network on a table", TABLE_NET, "train 3" },
    { "step a network", TABLE_NET, "step" },
    { "epoch of a network, traced", TABLE_NET "trace on\n", "epoch" },
    { "predict with a network", TABLE_NET, "predict 1 0" },
    { "evaluate a network on a table", TABLE_NET "train 2\n", "evaluate" },
    { "boundary of a network", TABLE_NET, "boundary" },
    { "show network", TABLE_NET, "show network" },
    { "undo a network", TABLE_NET "train 2\n", "undo" },
    { "plot a network's loss", TABLE_NET "train 2\n", "plot loss" },
    { "data spiral", "seed 5\n", "data spiral 40" },
    { "data fn", "", "data fn x^2 from -1 to 1 20 noise 0.1" },
    { "a network fits a curve", "data fn x^2 from -1 to 1 20\n"
      "network 1 4 relu 1 linear\nloss mse\n", "train 2" },
    { "name a network", "data fn x^2 from -1 to 1 20\n"
      "network 1 3 relu 1 linear\n", "N = network" },
    { "named classes", "", "data load tests/scripts/data/three-classes.csv" },
    { "evaluate named classes", "data load tests/scripts/data/"
      "three-classes.csv\nnetwork 2 4 tanh 3\nloss ce\ntrain 1\n",
      "evaluate" },
    { "loss by row", "", "loss bce_logits" },
    { "optimizer by row", "data and\n", "optimizer momentum" },
    { "show network as SVG", TABLE_NET, "show network > @/n.svg" },
    { "show a large network as SVG", "network 784 16 relu 10\n",
      "show network > @/big.svg" },
    { "step on a curve", "data fn x^2 from -1 to 1 20\n"
      "network 1 3 tanh 1 linear\nloss mse\n", "step" },
    { "the neuron fits a curve", "data fn 2*x from -1 to 1 10\n"
      "rule gradient\nactivation linear\nloss mse\n", "train 2" },
    { "evaluate the neuron on a curve", "data fn 2*x from -1 to 1 10\n"
      "rule gradient\nactivation linear\nloss mse\ntrain 2\n",
      "evaluate" },
    { "help for a row", "", "help data moons" },
    /* watching training (issue 17): the final picture off a terminal, the
       animated SVG */
    { "train watched", "data and\n", "train 5 --watch" },
    { "train a network watched", TABLE_NET, "train 3 --watch" },
    { "a curve watched", "data fn x^2 from -1 to 1 20\n"
      "network 1 4 relu 1 linear\nloss mse\n", "train 2 --watch" },
    { "train watched as SVG", "data and\n", "train 3 --watch > @/t.svg" },
    { "step watched", "data and\nwatch on\n", "step" },
    /* tune runs at the prompt with keys typed (tune_keys below) */
    { "tune the neuron", NEURON_SETUP, "tune w1 b" },
    { "tune a unit", UNITS_SETUP "compare Z with x^2 from -2 to 1\n",
      "tune n1 goal 0.5" },
    { "tune a sum", UNITS_SETUP "compare Z with x^2 from -2 to 1\n",
      "tune Z" },
    { "tune on data", "data and\nweights 1 1\nbias -1.5\n",
      "tune w1 w2 b goal 0" },
};

/* tune's keyboard in the loop: Up, Right, Up, Enter (two numbers
 * changed, then kept), typed at every panel; then the end of input. */
static int tune_read(void *ctx, unsigned char *buf, size_t cap, int ms)
{
    static const char keys[] = "\x1b[A\x1b[C\x1b[A\r";
    int *reads = ctx;
    (void)ms;
    if ((*reads)++ > 0 || cap < sizeof keys - 1)
        return SESS_KEYS_END;
    memcpy(buf, keys, sizeof keys - 1);
    return (int)(sizeof keys - 1);
}

/* Raw mode entered and left: equal after every run, whatever failed. */
static int tune_raws, tune_restores;

static int tune_raw(void *ctx)
{
    (void)ctx;
    tune_raws++;
    return 0;
}

static void tune_restore(void *ctx)
{
    (void)ctx;
    tune_restores++;
}

static void tune_suspend(void *ctx)
{
    (void)ctx;
}

static int tune_reads;
static const sess_keys tune_keys = {
    tune_raw, tune_read, tune_suspend, tune_restore, NULL, &tune_reads
};

/* Runs the case's command: a script of one line, or tune at the prompt
 * (a script may not open it) with tune_keys. */
static int run_command(sess *s, const char *command, size_t len)
{
    if (strncmp(command, "tune ", 5) != 0)
        return interp_run_buffer(s, "oom", command, len);
    sess_where w = { NULL, 0, NULL };
    tune_reads = tune_raws = tune_restores = 0;
    s->keys = &tune_keys;
    int rc = interp_eval_line(s, command, len, w);
    if (tune_raws != tune_restores)
        fail_msg("%s: raw mode entered %d times, left %d", command,
                 tune_raws, tune_restores);
    return rc;
}

static char scratch[64];

/* text with every "@" replaced by the scratch folder (caller frees). */
static char *expand(const char *text)
{
    size_t n = 1;
    for (const char *p = text; *p; p++)
        n += *p == '@' ? strlen(scratch) : 1;
    char *e = malloc(n), *q = e;
    assert_non_null(e);
    for (const char *p = text; *p; p++) {
        if (*p == '@') {
            strcpy(q, scratch);
            q += strlen(scratch);
        } else {
            *q++ = *p;
        }
    }
    *q = '\0';
    return e;
}

typedef struct run {
    out *o;
    sess *s;
} run;

static const char *const allow[1] = { scratch };

static void open_run(run *r, const oom_case *c)
{
    r->o = out_new_memory();
    assert_non_null(r->o);
    r->s = sess_new(r->o);
    assert_non_null(r->s);
    r->s->allow_write = allow;
    r->s->n_allow_write = 1;
    char *setup = expand(c->setup);
    int rc = interp_run_buffer(r->s, "setup", setup, strlen(setup));
    if (rc != CMD_OK)
        fprintf(stderr, "%s: setup failed:\n%s", c->name,
                    out_text(r->o, OUT_ERR));
    assert_int_equal(rc, CMD_OK);
    free(setup);
    out_clear(r->o);
}

static void close_run(run *r)
{
    sess_free(r->s);
    out_free(r->o);
}

/* Everything a command could change, as text: the session's script, the
 * network's weights, the training figures and history, the data's size. */
static char *snapshot(sess *s)
{
    char *script = NULL, *net = NULL;
    size_t len = 0, net_len = 0;
    if (cmd_session_text(s, "n.net", &script, &len) != 0)
        fail_msg("the session cannot be written: %s", s->err);
    if (s->nw.net)
        assert_int_equal(nn_net_save(s->nw.net, &net, &net_len), NN_OK);
    const trainer *t = &s->tr;
    char extra[512];
    snprintf(extra, sizeof extra,
             "\n--\ntraining %d %.17g %.17g %.17g %.17g history %zu\n"
             "fit %d %.17g %.17g\nrows %zu images %zu %zu epochs %zu\n"
             "defs %zu images %zu\n",
             s->have_training, s->epochs, s->errors, s->loss, s->accuracy,
             t->hist_n, s->have_fit, s->maxerror, s->meanerror,
             t->data ? t->data->rows : 0,
             s->nw.train ? s->nw.train->count : 0,
             s->nw.test ? s->nw.test->count : 0, s->nw.epochs,
             defs_slots(s->defs), s->images.n);
    size_t total = len + net_len + strlen(extra) + 1;
    char *snap = malloc(total);
    assert_non_null(snap);
    snprintf(snap, total, "%s%s%s", script, extra, net ? net : "");
    free(script);
    free(net);
    return snap;
}

/* Prints where two snapshots first differ, for a failing test. */
static void show_difference(const char *name, unsigned long n,
                            const char *a, const char *b)
{
    size_t i = 0;
    while (a[i] && a[i] == b[i])
        i++;
    size_t from = i > 60 ? i - 60 : 0;
    fprintf(stderr, "%s, allocation %lu: the session changed at byte %zu:\n"
                "before: ...%.120s\nafter:  ...%.120s\n", name, n, i,
                a + from, b + from);
}

/* Output of both channels, as one string (caller frees). */
static char *printed(const out *o)
{
    const char *a = out_text(o, OUT_OUT), *b = out_text(o, OUT_ERR);
    char *p = malloc(strlen(a) + strlen(b) + 2);
    assert_non_null(p);
    sprintf(p, "%s\n%s", a, b);
    return p;
}

typedef struct tally {
    unsigned long runs, failures, refused, recovered, problems;
} tally;

/* What went wrong with run n of a case, or NULL: the checks above. */
static const char *judge(const oom_case *c, int rc, int want_rc,
                         const char *got, const char *want,
                         const char *before, const char *after, tally *t)
{
    int said = strstr(got, "out of memory") != NULL;
    if (rc != want_rc) {
        if (!said)
            return "failed without saying \"out of memory\"";
        if (!runs_a_script(c) && strcmp(before, after) != 0)
            return "said \"out of memory\" but changed the session";
        t->refused++;
        return NULL;
    }
    if (strcmp(got, want) != 0 && !said)
        return "succeeded but printed something else";
    t->recovered++;  // as if nothing had failed, or saying what it lost
    return NULL;
}

/* The loop for one case in one mode; returns the allocations the command
 * makes when nothing fails. A problem is printed with its evidence and
 * counted; the case then stops (the next allocation would repeat it). */
static unsigned long loop(const oom_case *c, int persist, tally *t)
{
    char *command = expand(c->command);
    size_t len = strlen(command);

    /* with memory to spare: what the command prints, how it ends */
    run r;
    open_run(&r, c);
    int want_rc = run_command(r.s, command, len);
    char *want = printed(r.o);
    close_run(&r);
    if (want_rc != CMD_OK) {
        fprintf(stderr, "%s (%s) fails with memory to spare:\n%s", c->name,
                    c->command, want);
        t->problems++;
    }

    unsigned long n;
    for (n = 1; n < 1000000; n++) {
        open_run(&r, c);
        char *before = snapshot(r.s);
        nn_mem_fail_at(n, persist);
        int rc = run_command(r.s, command, len);
        unsigned long refused = nn_mem_failures();
        nn_mem_fail_at(0, 0);
        char *got = printed(r.o);
        char *after = snapshot(r.s);
        t->runs++;
        t->failures += refused;
        const char *why = refused == 0  // the command met no failure: done
            ? (rc == want_rc && strcmp(got, want) == 0 ? NULL
               : "printed something else with nothing failing")
            : judge(c, rc, want_rc, got, want, before, after, t);
        if (why) {
            t->problems++;
            fprintf(stderr, "%s (%s), allocation %lu%s: %s\n--- printed:\n%s"
                        "--- instead of:\n%s", c->name, c->command, n,
                        persist ? " and after" : "", why, got, want);
            if (!runs_a_script(c) && strcmp(before, after) != 0)
                show_difference(c->name, n, before, after);
        }
        free(before), free(after), free(got);
        close_run(&r);
        if (why || refused == 0)
            break;
    }
    free(want);
    free(command);
    return n - 1;
}

static void test_oom_every_allocation_of_every_command(void **state)
{
    (void)state;
    tally t = { 0 };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned long calls = loop(&cases[i], 0, &t);
        loop(&cases[i], 1, &t);
        if (getenv("NEURON_OOM_VERBOSE"))
            printf("  %-24s %4lu allocations\n", cases[i].name, calls);
    }
    printf("  oom: %zu commands, %lu runs, %lu allocations failed, "
           "%lu refused with \"out of memory\", %lu recovered\n",
           sizeof cases / sizeof cases[0], t.runs, t.failures, t.refused,
           t.recovered);
    assert_int_equal(t.problems, 0);
}

/* A session and a sink themselves under the hook: NULL, never a crash. */
static void test_oom_new_session(void **state)
{
    (void)state;
    for (unsigned long n = 1; n < 10000; n++) {
        nn_mem_fail_at(n, 0);
        out *o = out_new_memory();
        sess *s = o ? sess_new(o) : NULL;
        unsigned long refused = nn_mem_failures();
        nn_mem_fail_at(0, 0);
        if (refused == 0) {
            assert_non_null(s);
            sess_free(s);
            out_free(o);
            return;
        }
        assert_null(s);
        out_free(o);
    }
    fail_msg("sess_new never finished");
}

/* The hook counts and refuses as documented. */
static void test_oom_hook(void **state)
{
    (void)state;
    nn_mem_fail_at(2, 0);
    void *a = nn_malloc(8), *b = nn_malloc(8), *c = nn_calloc(2, 4);
    assert_non_null(a);
    assert_null(b);
    assert_non_null(c);
    assert_int_equal(nn_mem_calls(), 3);
    assert_int_equal(nn_mem_failures(), 1);
    free(a), free(c);
    nn_mem_fail_at(1, 1);
    char *d = nn_strdup("x");
    void *e = nn_realloc(NULL, 4);
    assert_null(d);
    assert_null(e);
    assert_int_equal(nn_mem_failures(), 2);
    nn_mem_fail_at(0, 0);
    d = nn_strdup("xyz");
    assert_string_equal(d, "xyz");
    free(d);
    assert_int_equal(nn_mem_calls(), 0);  // off: nothing counted
}

static int make_scratch(void **state)
{
    (void)state;
    snprintf(scratch, sizeof scratch, "/tmp/neuron-oom-XXXXXX");
    return mkdtemp(scratch) ? 0 : -1;
}

static int remove_scratch(void **state)
{
    (void)state;
    char rm[128];
    snprintf(rm, sizeof rm, "rm -rf '%s'", scratch);
    return system(rm) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oom_hook),
        cmocka_unit_test(test_oom_new_session),
        cmocka_unit_test(test_oom_every_allocation_of_every_command),
    };
    return cmocka_run_group_tests(tests, make_scratch, remove_scratch);
}
