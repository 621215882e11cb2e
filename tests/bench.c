/*
 * bench.c - task T1 of the network issue, timed (`make bench` runs it
 * through tests/bench.sh).
 *
 *   bench [--8-lanes] [DIR]  T1 on DIR's MNIST files (default
 *                         lessons/data/mnist); --8-lanes: not in 16
 *                         lanes (AVX-512), to measure what they bring
 *   bench --startup CMD   median wall times of running CMD and /bin/true
 *                         51 times each, taking turns, in ms
 *   bench --growth NEURON DIR [BIG]  how time grows with the size of the
 *                         network, the batch, the data (DIR's digits,
 *                         then BIG's 60,000), fit, table and a single
 *                         neuron's train: each a slope of log time
 *                         against log size (1 is linear), CPU time on
 *                         one thread, so a busy machine blurs it less
 *
 * T1, as ../shared/bench/numpy_t1.py does it: 784-128-10, sigmoid hidden
 * units, softmax and cross-entropy, Glorot-uniform weights from the seeded
 * generator, plain sgd with rate 0.1, batches of 32 reshuffled every
 * epoch, 5 epochs over the 8,000 training digits, then accuracy on the
 * 2,000 test digits. Then the same with relu hidden units (whose weights
 * start He-normal: nn_net_init's rule; numpy starts them Glorot too).
 *
 * Figures, one a line, `name value unit`:
 *   t1_load_s       reading, inflating and checking the four files (the
 *                   digits stay bytes, as the loader gives them);
 *   t1_threads      the threads the products use (the pool's default);
 *   t1_epoch_s      the median epoch, wall time, timed as numpy's is: the
 *                   shuffle, each batch gathered and turned into floats
 *                   (pixel / 255), the updates; on t1_threads threads;
 *   t1_epoch_1t_s   the same on one thread (the two trainings take turns,
 *                   epoch by epoch, so both see the same busy machine);
 *   t1_epoch_cpu_s  t1_epoch_s in CPU time of the process (above the wall
 *                   time when more than one thread works);
 *   t1_same_as_1t   1 when both trainings ended with the same loss and
 *                   accuracy (they must: the threads change no bit);
 *   t1_test_acc, t1_loss (the last epoch's mean), and the relu figures;
 *   peak_rss_mib    the process's peak resident memory.
 *
 * This program is not engine code: it reads files, prints and times.
 */
#include <math.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

#include "engine/act.h"
#include "engine/idx.h"
#include "engine/net.h"
#include "engine/pool.h"
#include "engine/rng.h"

#define EPOCHS 5
#define BATCH 32
#define HIDDEN 128
#define STARTUP_RUNS 51

extern char **environ;

static double clock_s(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double now(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof v[0], cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* The whole file at path, malloc'ed; NULL with a message on failure. */
static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return NULL;
    }
    size_t cap = 1 << 20, n = 0;
    uint8_t *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        uint8_t *bigger = realloc(buf, cap *= 2);
        if (!bigger)
            free(buf);
        buf = bigger;
    }
    if (ferror(f) || !buf) {
        fprintf(stderr, "%s: read failed\n", path);
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* A set as the loader gives it: bytes, converted to floats in [0, 1]
 * a batch at a time (pixel / 255, as numpy's astype(float32) / 255). */
typedef struct digits {
    size_t count, inputs;
    uint8_t *x;     /* (count, inputs) */
    uint8_t *y;     /* (count) */
} digits;

/* Row i of d as floats into out (inputs), as the REPL's training gets
 * them: pixel / 255 (nn_net_pixels, the same correctly rounded division
 * as numpy's). */
static void to_floats(const digits *d, size_t i, float *out)
{
    nn_net_pixels(d->x + i * d->inputs, d->inputs, out);
}

static int load(const char *dir, const char *prefix, digits *d)
{
    char ip[4096], lp[4096];
    snprintf(ip, sizeof ip, "%s/%s-images-idx3-ubyte.gz", dir, prefix);
    snprintf(lp, sizeof lp, "%s/%s-labels-idx1-ubyte.gz", dir, prefix);
    size_t ilen, llen;
    uint8_t *ib = slurp(ip, &ilen), *lb = ib ? slurp(lp, &llen) : NULL;
    nn_images *im = NULL;
    nn_errinfo err;
    memset(&err, 0, sizeof err);
    nn_status st = lb ? nn_idx_parse(ib, ilen, lb, llen, NULL, &im, &err)
                      : NN_EIO;
    free(ib);
    free(lb);
    if (st != NN_OK) {
        fprintf(stderr, "bench: %s: %s %s\n", prefix, nn_strerror(st),
                err.msg);
        return 0;
    }
    d->count = im->count;
    d->inputs = im->rows * im->cols;
    d->x = im->pixels; /* taken over from the set */
    d->y = im->labels;
    im->pixels = NULL;
    im->labels = NULL;
    nn_images_free(im);
    return 1;
}

/* Test accuracy: the largest of the ten outputs against the label. */
static double accuracy(nn_net *net, const digits *test)
{
    size_t done = 0, right = 0, step = 1000;
    float *out = malloc(step * 10 * sizeof(float));
    float *x = malloc(step * test->inputs * sizeof(float));
    while (out && x && done < test->count) {
        size_t n = test->count - done < step ? test->count - done : step;
        for (size_t i = 0; i < n; i++)
            to_floats(test, done + i, x + i * test->inputs);
        nn_net_forward(net, x, n, out);
        for (size_t i = 0; i < n; i++) {
            size_t best = 0;
            for (size_t j = 1; j < 10; j++)
                if (out[i * 10 + j] > out[i * 10 + best])
                    best = j;
            right += best == test->y[done + i];
        }
        done += n;
    }
    free(out);
    free(x);
    return (double)right / (double)test->count;
}

/* One training of T1: its network, shuffle and timings. */
typedef struct t1_run {
    size_t threads;          /* 0: the pool's default */
    nn_net *net;
    nn_rng rng;
    size_t *perm;            /* the shuffled order */
    double times[EPOCHS], cpu[EPOCHS];
    double loss;             /* the last epoch's mean */
} t1_run;

/* A network for T1 with hidden activation act; 0 on failure. */
static int t1_start(t1_run *r, const char *act, const digits *train)
{
    nn_layer_spec spec[2] = {
        { HIDDEN, nn_act_find(act, strlen(act)), 0.0 },
        { 10, NULL, 0.0 },
    };
    nn_status st;
    r->net = nn_net_new(train->inputs, spec, 2, &st);
    r->perm = malloc(train->count * sizeof(size_t));
    if (!r->net || !r->perm) {
        fprintf(stderr, "bench: network: %s\n", nn_strerror(st));
        return 0;
    }
    nn_rng_seed(&r->rng, 1);
    nn_net_init(r->net, &r->rng);
    for (size_t i = 0; i < train->count; i++)
        r->perm[i] = i;
    return 1;
}

/* Epoch e of run r, timed; xb holds a batch. 0 on failure. */
static int t1_epoch(t1_run *r, const digits *train, float *xb, int e)
{
    nn_net_cfg cfg = nn_net_defaults();
    cfg.loss = NN_NET_CE;
    cfg.opt = NN_NET_SGD;
    cfg.rate = 0.1f;
    nn_pool_set_threads(r->threads);
    size_t n = train->count, in = train->inputs, *perm = r->perm;
    uint8_t yb[BATCH];
    double t = now(), c = clock_s(CLOCK_PROCESS_CPUTIME_ID), loss = 0.0;
    size_t correct = 0;
    for (size_t i = n - 1; i > 0; i--) { /* Fisher-Yates */
        size_t j = (size_t)nn_rng_below(&r->rng, i + 1), k = perm[i];
        perm[i] = perm[j];
        perm[j] = k;
    }
    for (size_t s = 0; s < n; s += BATCH) {
        size_t b = n - s < BATCH ? n - s : BATCH;
        nn_net_pixel_rows(train->x, in, perm + s, b, xb);
        for (size_t i = 0; i < b; i++)
            yb[i] = train->y[perm[s + i]];
        nn_status st = nn_net_train_batch(r->net, &cfg, xb, yb, b, &loss,
                                          &correct);
        if (st != NN_OK) {
            fprintf(stderr, "bench: train: %s\n", nn_strerror(st));
            return 0;
        }
    }
    r->times[e] = now() - t;
    r->cpu[e] = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c;
    r->loss = loss / (double)n;
    return 1;
}

/* T1 with the hidden activation `act`, once for each thread count in
 * runs[0..nrun): the runs take turns epoch by epoch, so that a busy
 * moment of the machine falls on all of them. 0 on failure. */
static int run_t1(const char *act, const digits *train, t1_run *runs,
                  size_t nrun)
{
    float *xb = malloc(BATCH * train->inputs * sizeof(float));
    int ok = xb != NULL;
    for (size_t i = 0; ok && i < nrun; i++)
        ok = t1_start(&runs[i], act, train);
    for (int e = 0; ok && e < EPOCHS; e++)
        for (size_t i = 0; ok && i < nrun; i++)
            ok = t1_epoch(&runs[i], train, xb, e);
    free(xb);
    return ok;
}

static void t1_free(t1_run *runs, size_t nrun)
{
    for (size_t i = 0; i < nrun; i++) {
        nn_net_free(runs[i].net);
        free(runs[i].perm);
    }
}

/* Wall time of running argv once (its output thrown away), in ms; a
 * negative number when it failed. */
static double run_once(char **argv, const posix_spawn_file_actions_t *fa)
{
    pid_t pid;
    int status;
    double t0 = now();
    if (posix_spawn(&pid, argv[0], fa, NULL, argv, environ) != 0 ||
        waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0)
        return -1.0;
    return (now() - t0) * 1e3;
}

/* Median wall times of running argv and /bin/true, taking turns, in ms. */
static int startup(char **argv)
{
    double t[STARTUP_RUNS], base[STARTUP_RUNS];
    char *true_argv[] = { "/bin/true", NULL };
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 1, 0);
    for (int i = 0; i < STARTUP_RUNS; i++) {
        t[i] = run_once(argv, &fa);
        base[i] = run_once(true_argv, &fa);
        if (t[i] < 0 || base[i] < 0) {
            fprintf(stderr, "bench: %s failed\n",
                    t[i] < 0 ? argv[0] : true_argv[0]);
            return 1;
        }
    }
    posix_spawn_file_actions_destroy(&fa);
    double ms = median(t, STARTUP_RUNS), true_ms = median(base, STARTUP_RUNS);
    printf("startup_ms %.2f ms\n", ms);
    printf("true_ms %.2f ms\n", true_ms);
    printf("startup_above_true_ms %.2f ms\n", ms - true_ms);
    return 0;
}

/* ---- growth: time against size, as a slope on log-log axes -------------- */

/* The least-squares slope of log t against log size over n points: 1 is
 * linear growth, 2 quadratic, 0 flat. */
static double slope(const double *size, const double *t, int n)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int i = 0; i < n; i++) {
        double x = log(size[i]), y = log(t[i] > 1e-9 ? t[i] : 1e-9);
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
    }
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

/* Prints one growth figure: the sizes and times, then the slope. */
static void report(const char *name, const char *what, const double *size,
                   const double *t, int n)
{
    printf("# %s:", what);
    for (int i = 0; i < n; i++)
        printf(" %g -> %.4f s%s", size[i], t[i], i + 1 < n ? "," : "");
    printf("\n%s %.2f slope\n", name, slope(size, t, n));
}

/* CPU seconds of `epochs` epochs of a network `layers` (hidden sizes,
 * sigmoid; then 10 softmax) on the first n samples, batches of batch, one
 * thread: the work, whatever else the machine is doing. */
static double train_cpu(const digits *d, size_t n, const size_t *hidden,
                        size_t nh, size_t batch)
{
    nn_layer_spec spec[4];
    for (size_t l = 0; l < nh; l++)
        spec[l] = (nn_layer_spec){ hidden[l], nn_act_find("sigmoid", 7), 0 };
    spec[nh] = (nn_layer_spec){ 10, NULL, 0.0 };
    nn_status st;
    nn_net *net = nn_net_new(d->inputs, spec, nh + 1, &st);
    float *xb = malloc(batch * d->inputs * sizeof(float));
    if (!net || !xb) {
        nn_net_free(net);
        free(xb);
        return -1.0;
    }
    nn_rng rng;
    nn_rng_seed(&rng, 1);
    nn_net_init(net, &rng);
    nn_net_cfg cfg = nn_net_defaults();
    nn_pool_set_threads(1);
    uint8_t yb[256];
    double c = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    for (size_t s = 0; s < n; s += batch) {
        size_t b = n - s < batch ? n - s : batch;
        for (size_t i = 0; i < b; i++) {
            to_floats(d, s + i, xb + i * d->inputs);
            yb[i] = d->y[s + i];
        }
        nn_net_train_batch(net, &cfg, xb, yb, b, NULL, NULL);
    }
    c = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c;
    nn_pool_set_threads(0);
    nn_net_free(net);
    free(xb);
    return c;
}

/* CPU seconds (user + system) of the children waited for so far. */
static double children_cpu(long *rss)
{
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    *rss = ru.ru_maxrss;
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
           ((double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_usec) * 1e-6;
}

/* CPU seconds (user + system) the command neuron -e CMD takes, less
 * those of neuron -e 'sigmoid(0)' (its start-up): the median of 3. *rss
 * gets the peak resident memory in KiB of the largest child so far. */
static double command_cpu(char *neuron, char *cmd, long *rss)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 1, 0);
    char e[] = "-e", plain[] = "sigmoid(0)";
    double t[2][3];
    for (int r = 0; r < 3; r++)
        for (int which = 0; which < 2; which++) {
            char *argv[] = { neuron, e, which ? cmd : plain, NULL };
            pid_t pid;
            int status;
            double before = children_cpu(rss);
            t[which][r] = -1.0;
            if (posix_spawn(&pid, neuron, &fa, NULL, argv, environ) != 0 ||
                waitpid(pid, &status, 0) < 0)
                continue;
            t[which][r] = children_cpu(rss) - before;
        }
    posix_spawn_file_actions_destroy(&fa);
    double d = median(t[1], 3) - median(t[0], 3);
    return d > 1e-4 ? d : 1e-4;
}

/* bench --growth NEURON DIR [BIG_DIR]: the slopes of time against size
 * for what issue 16 lists, each on one thread, in CPU time. */
static int growth(char *neuron, const char *dir, const char *big)
{
    digits train, test, fashion;
    if (!load(dir, "train", &train) || !load(dir, "t10k", &test))
        return 1;
    double size[5], t[5];
    double nonzero[3] = { 0, 0, 0 };

    /* network width: multiply-adds a sample, 2,000 samples, batch 32;
     * and the same counting only the first layer's inputs that are not 0
     * (the products skip the others: a sample's pixels are about 19% not
     * 0, and a sigmoid layer's outputs never 0), the work there is */
    static const size_t widths[3][3] = { { 128 }, { 512 }, { 1024, 512 } };
    static const size_t nws[3] = { 1, 1, 2 };
    size_t live = 0, pixels = 2000 * train.inputs;
    for (size_t i = 0; i < pixels; i++)
        live += train.x[i] != 0;
    for (int i = 0; i < 3; i++) {
        size_t in = 784, macs = 0;
        for (size_t l = 0; l < nws[i]; l++) {
            macs += in * widths[i][l];
            nonzero[i] += (double)(in * widths[i][l]) *
                          (l == 0 ? (double)live / (double)pixels : 1.0);
            in = widths[i][l];
        }
        size[i] = (double)(macs + in * 10);
        nonzero[i] += (double)(in * 10);
        t[i] = train_cpu(&train, 2000, widths[i], nws[i], 32);
    }
    report("growth_width", "784-128-10, 784-512-10, 784-1024-512-10, "
           "multiply-adds a sample", size, t, 3);
    report("growth_width_nonzero", "the same, multiply-adds a sample on "
           "inputs not 0", nonzero, t, 3);

    /* batch size: one pass over 2,000 samples, 784-128-10 */
    static const size_t hidden[1] = { 128 };
    static const size_t batches[5] = { 1, 4, 16, 64, 256 };
    for (int i = 0; i < 5; i++) {
        size[i] = (double)batches[i];
        t[i] = train_cpu(&train, 2000, hidden, 1, batches[i]);
    }
    report("growth_batch", "batch size, 2,000 samples (0: the same time "
           "whatever the batch)", size, t, 5);

    /* data: samples in an epoch of T1 */
    int n = 0;
    static const size_t counts[2] = { 2000, 8000 };
    for (; n < 2 && counts[n] <= train.count; n++) {
        size[n] = (double)counts[n];
        t[n] = train_cpu(&train, counts[n], hidden, 1, 32);
    }
    if (big && load(big, "train", &fashion)) {
        size[n] = (double)fashion.count;
        t[n++] = train_cpu(&fashion, fashion.count, hidden, 1, 32);
        free(fashion.x);
        free(fashion.y);
    } else {
        printf("# growth_data: no 60,000-sample set (apt-get install "
               "dataset-fashion-mnist): the subset only\n");
    }
    report("growth_data", "samples in an epoch of T1", size, t, n);

    /* the interpreter's commands, as neuron -e runs them */
    static const struct {
        const char *name, *what, *before, *after; /* before N after */
        double sizes[3];
    } cmds[] = {
        { "growth_fit", "units of fit", "F = fit sin(x) from -pi to pi "
          "with ", " units", { 200, 400, 800 } },
        { "growth_table", "rows of table", "table sin(x), cos(x), "
          "sigmoid(x), tanh(x), exp(x), log(x), x^3, relu(x) from 1 to ",
          " step 1", { 25000, 50000, 99999 } },
        { "growth_neuron_train", "samples of a single neuron's train",
          "data blobs ", "; rule gradient; train 20", { 4000, 8000,
          16000 } },
    };
    for (size_t c = 0; c < sizeof cmds / sizeof cmds[0]; c++) {
        long rss = 0;
        for (int i = 0; i < 3; i++) {
            char line[200];
            snprintf(line, sizeof line, "%s%.0f%s", cmds[c].before,
                     cmds[c].sizes[i], cmds[c].after);
            size[i] = cmds[c].sizes[i];
            t[i] = command_cpu(neuron, line, &rss);
        }
        report(cmds[c].name, cmds[c].what, size, t, 3);
    }
    free(train.x);
    free(train.y);
    free(test.x);
    free(test.y);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 2 && strcmp(argv[1], "--startup") == 0)
        return startup(argv + 2);
    if (argc > 3 && strcmp(argv[1], "--growth") == 0)
        return growth(argv[2], argv[3], argc > 4 ? argv[4] : NULL);
    if (argc > 1 && strcmp(argv[1], "--8-lanes") == 0) {
        nn_gemm_wide(0); /* to measure what the 16 lanes bring */
        argv++;
        argc--;
    }
    const char *dir = argc > 1 ? argv[1] : "lessons/data/mnist";
    digits train, test;
    double t = now();
    if (!load(dir, "train", &train) || !load(dir, "t10k", &test))
        return 1;
    double load_s = now() - t;

    /* sigmoid on 1 thread and on the default count, taking turns; relu
     * on the default count */
    t1_run sig[2] = { { .threads = 1 }, { .threads = 0 } };
    t1_run relu[1] = { { .threads = 0 } };
    if (!run_t1("sigmoid", &train, sig, 2) || !run_t1("relu", &train, relu, 1))
        return 1;
    nn_pool_set_threads(0);
    size_t threads = nn_pool_threads();
    double acc1 = accuracy(sig[0].net, &test), acc = accuracy(sig[1].net,
                                                               &test);
    double relu_acc = accuracy(relu[0].net, &test);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);

    printf("# T1 784-128-10 sgd 0.1 batch 32, %d epochs, %zu train, %zu "
           "test; matrix products: %s, %zu threads\n", EPOCHS, train.count,
           test.count, nn_gemm_uses_cblas() ? "CBLAS"
                       : nn_gemm_wide(-1) ? "plain C in 16 lanes (AVX-512)"
                                          : "plain C in 8 lanes",
           threads);
    printf("t1_load_s %.4f s\n", load_s);
    printf("t1_threads %zu threads\n", threads);
    printf("t1_epoch_1t_s %.4f s\n", median(sig[0].times, EPOCHS));
    printf("t1_epoch_s %.4f s\n", median(sig[1].times, EPOCHS));
    printf("t1_epoch_cpu_s %.4f s\n", median(sig[1].cpu, EPOCHS));
    printf("t1_test_acc %.4f fraction\n", acc);
    printf("t1_loss %.4f nats\n", sig[1].loss);
    /* 1 when both runs ended with the same loss and accuracy */
    printf("t1_same_as_1t %d bool\n", sig[0].loss == sig[1].loss &&
           acc1 == acc);
    printf("t1_relu_epoch_s %.4f s\n", median(relu[0].times, EPOCHS));
    printf("t1_relu_epoch_cpu_s %.4f s\n", median(relu[0].cpu, EPOCHS));
    printf("t1_relu_test_acc %.4f fraction\n", relu_acc);
    printf("peak_rss_mib %.1f MiB\n", (double)ru.ru_maxrss / 1024.0);
    t1_free(sig, 2);
    t1_free(relu, 1);
    free(train.x);
    free(train.y);
    free(test.x);
    free(test.y);
    return 0;
}
