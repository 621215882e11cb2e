/*
 * export_py.c - the parts of an exported Python program that the
 * neuron's and the network's share: the opening, the number format, the
 * data, the activation functions and neuron's generator. The programs
 * themselves are written by export_neuron.c and export_net.c.
 *
 * The text goes through a memory sink (out.h), so it is built with the
 * same printf as everything the session prints, and one check at the end
 * says whether memory ran out on the way.
 */
#include "export.h"
#include "out.h"
#include "sess.h" /* sess_num_exact: numbers that read back exactly */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *export_float(double v, char *buf)
{
    sess_num_exact(v, buf);
    if (!strpbrk(buf, ".en"))  // "1" -> "1.0": a float in Python
        strcat(buf, ".0");
    return buf;
}

/* s as a Python string literal: quotes, backslashes and control bytes
 * escaped (bytes past 0x7f go as they are: the file is UTF-8). */
static void put_str(out *o, const char *s)
{
    out_printf(o, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            out_printf(o, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            out_printf(o, "\\x%02x", c);
        else
            out_printf(o, "%c", c);
    }
    out_printf(o, "\"");
}

/* s in a comment: control bytes become '?'. */
static void put_comment_text(out *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n && s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        out_printf(o, "%c", c < 0x20 || c == 0x7f ? '?' : c);
    }
}

/* ============================ the opening ============================ */

/* 1 when an activation's numpy text uses `word`. */
static int uses(const nn_act *const *acts, size_t n, const char *word)
{
    for (size_t i = 0; i < n; i++)
        if (acts[i] && (strstr(acts[i]->numpy, word)
                        || strstr(acts[i]->numpy_d, word)))
            return 1;
    return 0;
}

void export_head(out *o, const export_model *m, const char *what)
{
    const char *slash = strrchr(m->name, '/');
    const char *base = slash ? slash + 1 : m->name;
    out_printf(o, "#!/usr/bin/env python3\n\"\"\"");
    put_comment_text(o, base, strlen(base));
    out_printf(o, ": %s, written by neuron's `export %s`.\n\n", what,
               m->torch ? "torch" : "numpy");
    if (m->replay)
        out_printf(o, "It starts from the weights the session's training "
                   "started from, and\ntrains them as the session did: "
                   "the same data, settings and order\nof samples, so it "
                   "prints the same table, then the weights in full.\n");
    else
        out_printf(o, "It starts from the weights the session had when "
                   "exported, and trains\nthem as its next `train %zu` "
                   "would: the same data, settings and order\nof samples, "
                   "so it prints the same table, then the weights in full.\n",
                   m->trains[0]);
    out_printf(o, "Run it: python3 ");
    put_comment_text(o, base, strlen(base));
    out_printf(o, "\n\"\"\"\n");
    const nn_act *acts[NN_NET_MAX_LAYERS + 1];
    size_t n = 0;
    if (m->nr)
        acts[n++] = m->nr->act;
    for (size_t l = 0; m->net && l < nn_net_layers(m->net); l++)
        acts[n++] = nn_net_layer(m->net, l).act;
    if (m->images)
        out_printf(o, "import gzip\n");
    if (uses(acts, n, "erfc("))
        out_printf(o, "import math\n");
    if (m->csv || m->net_file)
        out_printf(o, "from pathlib import Path\n\n");
    else if (m->images || uses(acts, n, "erfc("))
        out_printf(o, "\n");
    out_printf(o, "import numpy as np\n");
    if (m->torch)
        out_printf(o, "import torch\nfrom torch import nn\n");
    out_printf(o, "\nnp.seterr(over=\"ignore\")  # e^-z may overflow to inf "
               "for a very negative z:\n                          # 1 / (1 "
               "+ inf) = 0 is then the right answer\n");
}

/* ============================ numbers ============================ */

void export_num_fn(out *o, const export_model *m)
{
    out_printf(o, "\n\ndef num(v):\n");
    if (m->digits > 0) {
        out_printf(o, "    \"\"\"A number as neuron prints it after `digits "
                   "%d`.\"\"\"\n", m->digits);
    } else {
        out_printf(o, "    \"\"\"A number as neuron prints it: 4 decimals, "
                   "trailing zeros dropped.\"\"\"\n");
    }
    out_printf(o, "    v = float(v)\n"
               "    if v != v or abs(v) == float(\"inf\"):\n"
               "        return str(v)\n"
               "    if v == 0:\n"
               "        return \"0\"\n");
    if (m->digits > 0)
        out_printf(o, "    text = \"%%.%dg\" %% v\n", m->digits);
    else
        out_printf(o, "    if abs(v) < 0.00005 or abs(v) >= 1e9:\n"
                   "        mantissa, exponent = (\"%%.3e\" %% v)"
                   ".split(\"e\")\n"
                   "        text = mantissa.rstrip(\"0\").rstrip(\".\") + "
                   "\"e\" + exponent\n"
                   "    else:\n"
                   "        text = (\"%%.4f\" %% v).rstrip(\"0\")."
                   "rstrip(\".\")\n");
    out_printf(o, "    if \"e\" in text:  # e-05 as e-5, e+09 as e9\n"
               "        mantissa, exponent = text.split(\"e\")\n"
               "        text = mantissa + \"e\" + str(int(exponent))\n"
               "    return \"0\" if text == \"-0\" else text\n");
}

/* ============================ the data ============================ */

/* Rows of a table as a numpy array literal. */
static void put_rows(out *o, const nn_data *d, const char *name,
                     const char *dtype)
{
    char num[40];
    out_printf(o, "%s = np.array([\n", name);
    for (size_t i = 0; i < d->rows; i++) {
        out_printf(o, "    [");
        for (size_t j = 0; j < d->cols; j++)
            out_printf(o, "%s%s", j ? ", " : "",
                       export_float(d->x[i * d->cols + j], num));
        out_printf(o, "],\n");
    }
    out_printf(o, "], dtype=%s)\n", dtype);
}

/* The labels of a table as a numpy array literal: floats for the neuron
 * and a curve, class numbers for a network. */
static void put_labels(out *o, const nn_data *d, const char *name,
                       int net)
{
    char num[40];
    int classes = net && !d->regression;
    out_printf(o, "%s = np.array([", name);
    for (size_t i = 0; i < d->rows; i++) {
        if (i % 8 == 0)
            out_printf(o, "\n   ");
        if (classes)
            out_printf(o, " %d,", d->classes ? (int)d->y[i] : d->y[i] != 0);
        else
            out_printf(o, " %s,", export_float(d->y[i], num));
    }
    out_printf(o, "\n], dtype=%s)\n", classes ? "np.int64"
               : net ? "np.float32" : "np.float64");
}

/* X, y of a table: inline, or from a side CSV file. */
static void put_table(out *o, const nn_data *d, const char *csv,
                      const char *x, const char *y, int net)
{
    const char *dtype = net ? "np.float32" : "np.float64";
    if (!csv) {
        put_rows(o, d, x, dtype);
        put_labels(o, d, y, net);
        return;
    }
    out_printf(o, "data = np.loadtxt(Path(__file__).with_name(");
    put_str(o, csv);
    out_printf(o, "), delimiter=\",\",\n                  skiprows=1)  # "
               "a line a sample: x1, x2, ..., then y\n");
    if (!net)
        out_printf(o, "%s, %s = data[:, :-1], data[:, -1]\n", x, y);
    else if (d->regression)
        out_printf(o, "%s, %s = data[:, :-1].astype(np.float32), "
                   "data[:, -1].astype(np.float32)\n", x, y);
    else if (d->classes)
        out_printf(o, "%s, %s = data[:, :-1].astype(np.float32), "
                   "data[:, -1].astype(np.int64)\n", x, y);
    else
        out_printf(o, "%s, %s = data[:, :-1].astype(np.float32), "
                   "(data[:, -1] != 0).astype(np.int64)\n", x, y);
}

/* What a table's labels are, for the comment over it. */
static void put_kind(out *o, const nn_data *d)
{
    if (d->regression) {
        out_printf(o, "real targets (a curve to fit)");
        return;
    }
    if (!d->classes) {
        out_printf(o, "labels 0 and 1");
        return;
    }
    out_printf(o, "classes");
    const char *name = d->names;
    for (size_t k = 0; k < d->classes && name; k++) {
        out_printf(o, "%s %zu = ", k ? "," : "", k);
        put_comment_text(o, name, 40);
        name += strlen(name) + 1;
    }
}

void export_data(out *o, const export_model *m, const char *dtype)
{
    int net = strcmp(dtype, "np.float32") == 0;
    if (m->images) {
        const nn_images *im = m->images;
        size_t p = im->rows * im->cols;
        out_printf(o, "\n# ---- the data: data %s, %zu training", m->source,
                   im->count);
        if (m->test_images)
            out_printf(o, " and %zu test", m->test_images->count);
        out_printf(o, " images of %zux%zu,\n#      read from their IDX "
                   "files; pixels scaled to [0, 1] as neuron does\n\n",
                   im->rows, im->cols);
        out_printf(o, "def read_idx(path):\n"
                   "    \"\"\"An IDX file (gzip or not): two 0 bytes, the "
                   "type, the number of\n"
                   "    dimensions, each size (4 bytes, big-endian), then "
                   "the bytes.\"\"\"\n"
                   "    with (gzip.open if path.endswith(\".gz\") else "
                   "open)(path, \"rb\") as f:\n"
                   "        data = f.read()\n"
                   "    dims = data[3]\n"
                   "    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "
                   "\"big\") for i in range(dims)]\n"
                   "    return np.frombuffer(data, np.uint8, offset=4 + 4 * "
                   "dims).reshape(shape)\n\n\n");
        for (int t = 0; t < (m->test_images ? 2 : 1); t++) {
            const char *x = t ? "X_test" : "X", *y = t ? "y_test" : "y";
            out_printf(o, "%s = read_idx(", x);
            put_str(o, m->idx[2 * t]);
            out_printf(o, ")\n%s = %s.reshape(-1, %zu).astype(np.float32) / "
                       "np.float32(255)\n%s = read_idx(", x, x, p, y);
            put_str(o, m->idx[2 * t + 1]);
            out_printf(o, ").astype(np.int64)\n");
        }
        return;
    }
    const nn_data *d = m->data;
    out_printf(o, "\n# ---- the data: ");
    put_comment_text(o, m->source, 64);
    out_printf(o, ", %zu sample%s of %zu feature%s, ", d->rows,
               d->rows == 1 ? "" : "s", d->cols, d->cols == 1 ? "" : "s");
    put_kind(o, d);
    out_printf(o, "\n");
    put_table(o, d, m->csv, "X", "y", net);
    if (m->test) {
        out_printf(o, "# the test set (data split): %zu samples\n",
                   m->test->rows);
        put_table(o, m->test, m->test_csv, "X_test", "y_test", net);
    }
}

/* ============================ activations ============================ */

void export_act_fns(out *o, const nn_act *const *acts, size_t n)
{
    if (uses(acts, n, "SELU_"))
        out_printf(o, "\nSELU_LAMBDA = 1.0507009873554804934  # selu's "
                   "constants (Klambauer et al., 2017)\nSELU_ALPHA = "
                   "1.6732632423543772848\n");
    if (uses(acts, n, "erfc("))
        out_printf(o, "\nerfc = np.vectorize(math.erfc)  # numpy has no "
                   "erfc; Python's math has\n");
    for (size_t i = 0; i < n; i++) {
        const nn_act *a = acts[i];
        int seen = 0;
        for (size_t k = 0; k < i; k++)
            seen |= acts[k] == a;
        if (!a || seen)
            continue;
        const char *p = a->param_name ? ", p" : "";
        out_printf(o, "\n\ndef %s(z%s):  # activation %s: %s%s%s\n"
                   "    return %s\n", a->name, p, a->name, a->formula,
                   a->param_name ? ", p = " : "",
                   a->param_name ? a->param_name : "", a->numpy);
        out_printf(o, "\n\ndef %s_prime(z%s):  # %s'(z) = %s\n"
                   "    return %s\n", a->name, p, a->name, a->derivative,
                   a->numpy_d);
    }
}

/* ============================ the generator ============================ */

void export_rng(out *o, const export_model *m)
{
    out_printf(o, "\n# ---- neuron's random generator, xoshiro256** (Blackman "
               "and Vigna), in its\n#      state as the training began: it "
               "shuffles the samples as neuron did\n"
               "STATE = [%llu,\n         %llu,\n         %llu,\n         "
               "%llu]\n", (unsigned long long)m->rng[0],
               (unsigned long long)m->rng[1], (unsigned long long)m->rng[2],
               (unsigned long long)m->rng[3]);
    out_printf(o, "MASK = 2 ** 64 - 1\n\n\n"
               "def rotl(x, k):\n"
               "    return ((x << k) | (x >> (64 - k))) & MASK\n\n\n"
               "def next_number(s):\n"
               "    \"\"\"The next 64 random bits; s, the generator's four "
               "numbers, moves on.\"\"\"\n"
               "    result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK\n"
               "    t = (s[1] << 17) & MASK\n"
               "    s[2] ^= s[0]\n    s[3] ^= s[1]\n    s[1] ^= s[2]\n"
               "    s[0] ^= s[3]\n    s[2] ^= t\n"
               "    s[3] = rotl(s[3], 45)\n"
               "    return result\n\n\n"
               "def below(s, n):\n"
               "    \"\"\"A whole number from 0 to n - 1, each as likely: "
               "the 2^64 mod n\n    lowest draws are thrown away.\"\"\"\n"
               "    threshold = (2 ** 64 - n) %% n\n"
               "    while True:\n"
               "        x = next_number(s)\n"
               "        if x >= threshold:\n"
               "            return x %% n\n\n\n"
               "def shuffle(order, s):\n"
               "    \"\"\"Fisher-Yates, as neuron shuffles the samples "
               "before each epoch.\"\"\"\n"
               "    for i in range(len(order), 1, -1):\n"
               "        j = below(s, i)\n"
               "        order[i - 1], order[j] = order[j], order[i - 1]\n");
}

/* ============================ the program ============================ */

int export_python(const export_model *m, char **text, size_t *len)
{
    out *o = out_new_memory();
    if (!o)
        return -1;
    if (m->net)
        export_net(o, m);
    else
        export_neuron(o, m);
    *text = out_text_lost(o, OUT_OUT) ? NULL : strdup(out_text(o, OUT_OUT));
    *len = *text ? strlen(*text) : 0;
    out_free(o);
    return *text ? 0 : -1;
}
