/*
 * export_net.c - a network's training as a Python program: numpy with
 * each layer's forward and backward pass written out, or PyTorch with
 * nn.Sequential, its loss and torch.optim.
 *
 * The program computes in float32 as neuron's network does (net_train.c),
 * in the same order of operations, so that its numbers differ from
 * neuron's only by the rounding of sums taken in another order:
 *   z_l = a_(l-1) W_l^T + b_l,  a_l = f(z_l)  (softmax in float64, then
 *   float32, as neuron; activations without a float kernel in neuron are
 *   computed in float64 too);
 *   at the output delta = dL/dz / B: (p - y)/B for ce and for bce (from
 *   the logit), 2(a - y)/n f'(z) / B for mse;
 *   dW_l = delta_l^T a_(l-1),  db_l = the sum of delta_l's rows,
 *   delta_(l-1) = (delta_l W_l) * f'(z_(l-1));
 *   sgd, momentum or adam elementwise in float32, the constants float32.
 * Each epoch the samples are shuffled by neuron's generator (export_rng);
 * each `train N` starts again from the data's own order, as neuron's does.
 */
#include "export.h"
#include "out.h"

#include <stdio.h>
#include <string.h>

/* The loss the network computes: ce on a softmax, bce on one sigmoid
 * unit, mse (as net_config decides). */
typedef enum { LOSS_CE, LOSS_BCE, LOSS_MSE } net_loss;

static net_loss loss_of(const export_model *m)
{
    nn_layer_spec last = nn_net_layer(m->net, nn_net_layers(m->net) - 1);
    if (nn_loss_at(m->cfg.loss)->squared)
        return LOSS_MSE;
    return last.act ? LOSS_BCE : LOSS_CE;
}

/* 1 when the data are real targets (a curve). */
static int fitting(const export_model *m)
{
    return m->data && m->data->regression;
}

/* The activation of layer l applied to v ("relu(z1)"), as neuron computes
 * it: in float32, or in float64 then float32 for rows without a float
 * kernel. prime: its derivative. */
static void put_call(out *o, const nn_layer_spec *sp, size_t l, int prime)
{
    char p[48] = "";
    if (!sp->act) {
        out_printf(o, "softmax(z%zu)", l);
        return;
    }
    if (sp->act->param_name)
        snprintf(p, sizeof p, ", %.9g", sp->param);
    if (sp->act->kernel == NN_KERNEL_ROW)
        out_printf(o, "%s%s(z%zu.astype(np.float64)%s).astype(np.float32)",
                   sp->act->name, prime ? "_prime" : "", l, p);
    else
        out_printf(o, "%s%s(z%zu%s)", sp->act->name, prime ? "_prime" : "",
                   l, p);
}

/* The weights as the run began: inline, or from the side file. */
static void put_weights(out *o, const export_model *m)
{
    const nn_net *net = m->net;
    size_t layers = nn_net_layers(net), in = nn_net_inputs(net);
    char num[16];
    out_printf(o, "\n# ---- the network as the training began: network %zu",
               in);
    for (size_t l = 0; l < layers; l++) {
        nn_layer_spec sp = nn_net_layer(net, l);
        out_printf(o, " %zu %s", sp.units, sp.act ? sp.act->name : "softmax");
    }
    out_printf(o, "\n#      W_l is (units, inputs): row j holds unit j's "
               "weights; b_l one bias a unit\n");
    if (m->net_file) {
        out_printf(o, "\ndef read_network(path):\n"
                   "    \"\"\"A network as neuron's `save network` writes it "
                   "(help load): a line\n"
                   "    `layer UNITS ACTIVATION` a layer, then each layer's "
                   "`W l` (a row a unit)\n"
                   "    and `b l`.\"\"\"\n"
                   "    lines = [line.split() for line in open(path)]\n"
                   "    sizes = [int(lines[1][1])] + [int(line[1]) for line "
                   "in lines if line[0] == \"layer\"]\n"
                   "    at, params = 1 + len(sizes), []\n"
                   "    for units in sizes[1:]:\n"
                   "        params.append(np.array(lines[at + 1:at + 1 + "
                   "units], dtype=np.float32))\n"
                   "        params.append(np.array(lines[at + 2 + units], "
                   "dtype=np.float32))\n"
                   "        at += 3 + units\n"
                   "    return params\n\n\n");
        for (size_t l = 1; l <= layers; l++)
            out_printf(o, "W%zu, b%zu%s", l, l, l < layers ? ", " : "");
        out_printf(o, " = read_network(Path(__file__).with_name(\"%s\"))\n",
                   m->net_file);
        return;
    }
    for (size_t l = 0; l < layers; l++) {
        nn_layer_spec sp = nn_net_layer(net, l);
        const float *w = nn_net_weights(net, l), *b = nn_net_biases(net, l);
        out_printf(o, "W%zu = np.array([\n", l + 1);
        for (size_t j = 0; j < sp.units; j++) {
            out_printf(o, "    [");
            for (size_t i = 0; i < in; i++) {
                size_t k = nn_net_format_float(w[j * in + i], num);
                out_printf(o, "%s%.*s", i ? ", " : "", (int)k, num);
            }
            out_printf(o, "],\n");
        }
        out_printf(o, "], dtype=np.float32)\nb%zu = np.array([", l + 1);
        for (size_t j = 0; j < sp.units; j++) {
            size_t k = nn_net_format_float(b[j], num);
            out_printf(o, "%s%.*s", j ? ", " : "", (int)k, num);
        }
        out_printf(o, "], dtype=np.float32)\n");
        in = sp.units;
    }
}

/* forward(x), the loss summed over a batch, the classes, and measure. */
static void put_forward(out *o, const export_model *m)
{
    size_t layers = nn_net_layers(m->net);
    nn_layer_spec last = nn_net_layer(m->net, layers - 1);
    net_loss loss = loss_of(m);
    if (!last.act)
        out_printf(o, "\n\ndef softmax(z):\n"
                   "    \"\"\"p_j = e^(z_j - max z) / sum_k e^(z_k - max z), "
                   "in float64 as neuron, then float32.\"\"\"\n"
                   "    e = np.exp(z.astype(np.float64) - z.max(axis=1, "
                   "keepdims=True))\n"
                   "    return (e / e.sum(axis=1, keepdims=True))."
                   "astype(np.float32)\n");
    out_printf(o, "\n\ndef forward(x):\n"
               "    \"\"\"Each layer on a batch x: z = a W^T + b, then "
               "a = f(z).\"\"\"\n");
    for (size_t l = 1; l <= layers; l++) {
        nn_layer_spec sp = nn_net_layer(m->net, l - 1);
        out_printf(o, "    z%zu = ", l);
        if (l == 1)
            out_printf(o, "x @ W1.T + b1\n");
        else
            out_printf(o, "a%zu @ W%zu.T + b%zu\n", l - 1, l, l);
        out_printf(o, "    a%zu = ", l);
        put_call(o, &sp, l, 0);
        out_printf(o, "\n");
    }
    out_printf(o, "    return ");
    for (size_t l = 1; l <= layers; l++)
        out_printf(o, "z%zu, a%zu%s", l, l, l < layers ? ", " : "\n");
    out_printf(o, "\n\ndef loss_sum(z, a, y):\n");
    if (loss == LOSS_CE)
        out_printf(o, "    \"\"\"ce: -ln p_y = ln(sum_j e^z_j) - z_y, summed "
                   "over the batch, in float64.\"\"\"\n"
                   "    z = z.astype(np.float64)\n"
                   "    top = z.max(axis=1)\n"
                   "    return float(np.sum(np.log(np.exp(z - top[:, None])"
                   ".sum(axis=1)) + top\n"
                   "                        - z[np.arange(len(y)), y]))\n");
    else if (loss == LOSS_BCE)
        out_printf(o, "    \"\"\"bce of the sigmoid unit, from its z: "
                   "max(z, 0) - z*y + ln(1 + e^-|z|).\"\"\"\n"
                   "    z = z[:, 0].astype(np.float64)\n"
                   "    return float(np.sum(np.maximum(z, 0) - z * y + "
                   "np.log1p(np.exp(-np.abs(z)))))\n");
    else
        out_printf(o, "    \"\"\"mse: sum_j (a_j - y_j)^2 / %zu a sample, "
                   "summed over the batch.\"\"\"\n"
                   "    return float(np.sum((a.astype(np.float64) - "
                   "target(y)) ** 2) / %zu)\n", last.units, last.units);
    if (loss == LOSS_MSE && (fitting(m) || last.units == 1))
        out_printf(o, "\n\ndef target(y):  # what the outputs should be\n"
                   "    return y[:, None].astype(np.float64)\n");
    else if (loss == LOSS_MSE)
        out_printf(o, "\n\ndef target(y):  # what the outputs should be: "
                   "one-hot\n    return np.eye(%zu)[y]\n", last.units);
    if (!fitting(m)) {
        out_printf(o, "\n\ndef classes(a):  # the class: %s\n    return %s\n",
                   last.units == 1 ? "1 when a > 0.5"
                                   : "the largest output (the first)",
                   last.units == 1 ? "(a[:, 0] > 0.5) * 1"
                                   : "np.argmax(a, axis=1)");
        out_printf(o, "\n\ndef measure(X, y):\n"
                   "    \"\"\"Loss (the mean) and accuracy on a whole set, "
                   "as neuron measures a table.\"\"\"\n"
                   "    out = forward(X)\n"
                   "    return (loss_sum(out[-2], out[-1], y) / len(X),\n"
                   "            float(np.mean(classes(out[-1]) == y)))\n");
    } else {
        out_printf(o, "\n\ndef measure(X, y):  # the loss (the mean) on the "
                   "whole set\n    out = forward(X)\n"
                   "    return loss_sum(out[-2], out[-1], y) / len(X), "
                   "None\n");
    }
}

/* One update on x, y: forward, the output's delta, each layer's
 * gradients, the optimizer (numpy). */
static void put_step(out *o, const export_model *m, const char *in)
{
    size_t layers = nn_net_layers(m->net);
    nn_layer_spec last = nn_net_layer(m->net, layers - 1);
    net_loss loss = loss_of(m);
    size_t L = layers;
    out_printf(o, "%s", in);
    for (size_t l = 1; l <= layers; l++)
        out_printf(o, "z%zu, a%zu%s", l, l, l < layers ? ", " : "");
    out_printf(o, " = forward(x)\n%sloss_total += loss_sum(z%zu, a%zu, "
               "labels)\n", in, L, L);
    if (!fitting(m))
        out_printf(o, "%sright += int(np.sum(classes(a%zu) == labels))\n",
                   in, L);
    out_printf(o, "%sscale = np.float32(1 / len(x))  # the mean over the "
               "batch\n", in);
    if (loss == LOSS_CE)
        out_printf(o, "%sd%zu = (a%zu - np.eye(%zu, dtype=np.float32)"
                   "[labels]) * scale  # ce: dL/dz = p - y\n", in, L, L,
                   last.units);
    else if (loss == LOSS_BCE)
        out_printf(o, "%sd%zu = (a%zu - labels[:, None].astype(np.float32)) "
                   "* scale  # bce: dL/dz = a - y\n", in, L, L);
    else if (!last.act)
        out_printf(o, "%sg = 2 * (a%zu.astype(np.float64) - target(labels)) "
                   "/ %zu  # mse: dL/da\n"
                   "%sd%zu = (a%zu * (g - np.sum(g * a%zu, axis=1, "
                   "keepdims=True))).astype(np.float32) * scale\n",
                   in, L, last.units, in, L, L, L);
    else {
        out_printf(o, "%sg = (2 * (a%zu.astype(np.float64) - target(labels)) "
                   "/ %zu).astype(np.float32)  # mse: dL/da\n%sd%zu = g * ",
                   in, L, last.units, in, L);
        put_call(o, &last, L, 1);
        out_printf(o, " * scale  # dL/dz = dL/da f'(z)\n");
    }
    for (size_t l = L; l >= 1; l--) {
        out_printf(o, "%sgW%zu = d%zu.T @ %s%.0zu  # backward: dL/dW%zu\n"
                   "%sgb%zu = d%zu.sum(axis=0)\n", in, l, l,
                   l > 1 ? "a" : "x", l > 1 ? l - 1 : 0, l, in, l, l);
        if (l > 1) {
            nn_layer_spec sp = nn_net_layer(m->net, l - 2);
            out_printf(o, "%sd%zu = (d%zu @ W%zu) * ", in, l - 1, l, l);
            put_call(o, &sp, l - 1, 1);
            out_printf(o, "\n");
        }
    }
    out_printf(o, "%sstep([", in);
    for (size_t l = 1; l <= L; l++)
        out_printf(o, "gW%zu, gb%zu%s", l, l, l < L ? ", " : "])\n");
}

/* The optimizer: step(grads) in numpy, or torch.optim. */
static void put_optimizer(out *o, const export_model *m)
{
    const nn_learn *c = &m->cfg;
    size_t L = nn_net_layers(m->net);
    char num[40];
    out_printf(o, "\n# ---- the settings: loss %s, optimizer %s, rate, "
               "batch, all float32 as neuron's\n#      network keeps them\n",
               nn_loss_at(c->loss)->name, nn_opt_at(c->opt)->name);
    out_printf(o, "RATE = np.float32(%s)  # rate %s\n",
               export_float(c->rate, num), num);
    if (m->torch) {
        out_printf(o, "optimizer = ");
        if (c->opt == NN_OPT_SGD)
            out_printf(o, "torch.optim.SGD(model.parameters(), "
                       "lr=float(RATE))  # w -= rate*g\n");
        else if (c->opt == NN_OPT_MOMENTUM)
            out_printf(o, "torch.optim.SGD(model.parameters(), "
                       "lr=float(RATE),\n"
                       "                            momentum=float(np.float32"
                       "(%s)))\n# torch keeps v = 0.9 v + g and does w -= "
                       "rate*v: neuron's v = 0.9 v - rate*g,\n# w += v, step "
                       "for step\n", export_float(c->momentum, num));
        else {
            out_printf(o, "torch.optim.Adam(model.parameters(), "
                       "lr=float(RATE),\n"
                       "                             betas=(float(np.float32"
                       "(%s)), ", export_float(c->beta1, num));
            out_printf(o, "float(np.float32(%s))),\n",
                       export_float(c->beta2, num));
            out_printf(o, "                             eps=float(np.float32"
                       "(%s)))  # neuron's constants, as Keras\n",
                       export_float(c->eps, num));
        }
        return;
    }
    out_printf(o, "params = [");
    for (size_t l = 1; l <= L; l++)
        out_printf(o, "W%zu, b%zu%s", l, l, l < L ? ", " : "]\n");
    if (c->opt == NN_OPT_SGD) {
        out_printf(o, "\n\ndef step(grads):  # optimizer sgd: w -= rate*g\n"
                   "    for p, g in zip(params, grads):\n"
                   "        p -= RATE * g\n");
        return;
    }
    if (c->opt == NN_OPT_MOMENTUM) {
        out_printf(o, "MOMENTUM = np.float32(%s)\n"
                   "velocity = [np.zeros_like(p) for p in params]\n\n\n"
                   "def step(grads):  # optimizer momentum: v = 0.9 v - "
                   "rate*g; w += v\n"
                   "    for p, g, v in zip(params, grads, velocity):\n"
                   "        v[...] = MOMENTUM * v - RATE * g\n"
                   "        p += v\n", export_float(c->momentum, num));
        return;
    }
    out_printf(o, "BETA1 = np.float32(%s)  # Adam's constants (Kingma and "
               "Ba), as Keras\n", export_float(c->beta1, num));
    out_printf(o, "BETA2 = np.float32(%s)\n", export_float(c->beta2, num));
    out_printf(o, "EPSILON = np.float32(%s)\n", export_float(c->eps, num));
    out_printf(o, "moment1 = [np.zeros_like(p) for p in params]  # m\n"
               "moment2 = [np.zeros_like(p) for p in params]  # v\n"
               "steps = 0  # t\n\n\n"
               "def step(grads):\n"
               "    \"\"\"Adam: m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) "
               "g^2, then\n"
               "    w -= rate * mhat / (sqrt(vhat) + eps), mhat = m / (1 - "
               "b1^t), vhat = v / (1 - b2^t).\"\"\"\n"
               "    global steps\n"
               "    steps += 1\n"
               "    c1 = np.float32(1 / (1 - float(BETA1) ** steps))\n"
               "    c2 = np.float32(1 / (1 - float(BETA2) ** steps))\n"
               "    for p, g, m, v in zip(params, grads, moment1, moment2):\n"
               "        m[...] = BETA1 * m + (np.float32(1) - BETA1) * g\n"
               "        v[...] = BETA2 * v + (np.float32(1) - BETA2) * "
               "(g * g)\n"
               "        p -= RATE * (m * c1) / (np.sqrt(v * c2) + EPSILON)\n");
}

/* The torch model: nn.Sequential with the weights copied in, and its
 * loss. */
static void put_torch_model(out *o, const export_model *m)
{
    size_t L = nn_net_layers(m->net), in = nn_net_inputs(m->net);
    net_loss loss = loss_of(m);
    char num[40];
    out_printf(o, "\nmodel = nn.Sequential(\n");
    for (size_t l = 0; l < L; l++) {
        nn_layer_spec sp = nn_net_layer(m->net, l);
        out_printf(o, "    nn.Linear(%zu, %zu),", in, sp.units);
        if (l + 1 == L && loss != LOSS_MSE)
            out_printf(o, "  # %s: in the loss, which takes z\n",
                       sp.act ? sp.act->name : "softmax");
        else if (!sp.act)
            out_printf(o, " nn.Softmax(dim=1),\n");
        else {
            char layer[64];
            snprintf(layer, sizeof layer, "%s", sp.act->torch);
            char *at = strchr(layer, '@');
            if (at)
                snprintf(at, sizeof layer - (size_t)(at - layer), "%s)",
                         export_float(sp.param, num));
            out_printf(o, " %s,\n", layer);
        }
        in = sp.units;
    }
    out_printf(o, ")\nlinears = [layer for layer in model if "
               "isinstance(layer, nn.Linear)]\n"
               "with torch.no_grad():  # the weights neuron started from\n");
    for (size_t l = 1; l <= L; l++)
        out_printf(o, "    linears[%zu].weight.copy_(torch.from_numpy(W%zu))\n"
                   "    linears[%zu].bias.copy_(torch.from_numpy(b%zu))\n",
                   l - 1, l, l - 1, l);
    if (loss == LOSS_CE)
        out_printf(o, "loss_fn = nn.CrossEntropyLoss()  # ce: -ln softmax(z)"
                   "_y, the mean over the batch\n");
    else if (loss == LOSS_BCE)
        out_printf(o, "loss_fn = nn.BCEWithLogitsLoss()  # bce of "
                   "sigmoid(z), from z, the mean over the batch\n");
    else
        out_printf(o, "loss_fn = nn.MSELoss()  # mse: (a - y)^2, the mean "
                   "over outputs and batch\n");
}

/* torch: the loss's target for labels y, and the class of outputs. */
static void put_torch_fns(out *o, const export_model *m)
{
    nn_layer_spec last = nn_net_layer(m->net, nn_net_layers(m->net) - 1);
    net_loss loss = loss_of(m);
    out_printf(o, "\n\ndef target(y):  # what the loss compares the output "
               "with\n    return ");
    if (loss == LOSS_CE)
        out_printf(o, "y\n");
    else if (fitting(m) || last.units == 1)
        out_printf(o, "y[:, None].float()\n");
    else
        out_printf(o, "nn.functional.one_hot(y, %zu).float()\n", last.units);
    if (!fitting(m))
        out_printf(o, "\n\ndef classes(out):  # the class: %s\n    return "
                   "%s\n", last.units == 1 ? "1 when a > 0.5 (z > 0)"
                   : "the largest output",
                   last.units == 1 ? (loss == LOSS_BCE ? "(out[:, 0] > 0) * 1"
                                      : "(out[:, 0] > 0.5) * 1")
                   : "out.argmax(dim=1)");
    out_printf(o, "\n\ndef measure(X, y):  # loss (the mean) and accuracy on "
               "a whole set\n    with torch.no_grad():\n"
               "        out = model(X)\n"
               "        return float(loss_fn(out, target(y))), %s\n",
               fitting(m) ? "None" : "int((classes(out) == y).sum()) / len(y)");
}

void export_net(out *o, const export_model *m)
{
    export_head(o, m, "a network's training");
    export_data(o, m, "np.float32");
    put_weights(o, m);
    const nn_act *acts[NN_NET_MAX_LAYERS];
    size_t L = nn_net_layers(m->net), n = 0;
    for (size_t l = 0; l < L; l++)
        acts[n++] = nn_net_layer(m->net, l).act;
    int images = m->images != NULL, fit = fitting(m);
    int test = m->test_images || m->test;
    if (m->torch) {
        out_printf(o, "X, y = torch.from_numpy(X), torch.from_numpy(y)\n");
        if (test)
            out_printf(o, "X_test, y_test = torch.from_numpy(X_test), "
                       "torch.from_numpy(y_test)\n");
        put_torch_model(o, m);
        put_torch_fns(o, m);
    } else {
        export_act_fns(o, acts, n);
        put_forward(o, m);
    }
    put_optimizer(o, m);
    size_t count = images ? m->images->count : m->data->rows;
    size_t b = m->cfg.batch ? m->cfg.batch : count;
    int capped = b > NN_NET_MAX_BATCH && count > NN_NET_MAX_BATCH;
    b = b < count ? b : count;
    b = b < NN_NET_MAX_BATCH ? b : NN_NET_MAX_BATCH;
    out_printf(o, "BATCH = %zu  # batch%s\nRUNS = [", b, m->cfg.batch == 0
               ? " full" : capped ? " (the most neuron's network takes)" : "");
    for (size_t i = 0; i < m->n_trains; i++)
        out_printf(o, "%s%zu", i ? ", " : "", m->trains[i]);
    out_printf(o, "]  # the epochs of each `train N`\n");
    export_rng(o, m);
    export_num_fn(o, m);
    out_printf(o, "\n\nepoch = %zu  # epochs trained before\n"
               "for epochs in RUNS:  # train N\n"
               "    order = list(range(len(X)))  # each train starts from "
               "the data's order\n", m->before);
    char what[200];
    if (images)
        snprintf(what, sizeof what, "training on %zu images", count);
    else
        snprintf(what, sizeof what, "training on the %zu sample%s of %.64s",
                 count, count == 1 ? "" : "s", m->source);
    for (char *p = what; *p; p++)  // in a Python string below
        if (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20)
            *p = '?';
    out_printf(o, "    print(\"%s: %s, rate %%s, batch %%d%s, loss %s\" %% "
               "(num(RATE), BATCH))\n", what, nn_opt_at(m->cfg.opt)->name,
               capped ? " (the most a network takes)" : "",
               loss_of(m) == LOSS_CE ? "ce" : loss_of(m) == LOSS_BCE ? "bce"
               : "mse");
    out_printf(o, "    for done in range(1, epochs + 1):\n"
               "        epoch += 1\n"
               "        shuffle(order, STATE)\n"
               "        loss_total, right, seen = 0.0, 0, 0\n"
               "        for start in range(0, len(X), BATCH):\n"
               "            batch = order[start:start + BATCH]\n"
               "            x, labels = X[batch], y[batch]\n");
    if (m->torch) {
        out_printf(o, "            out = model(x)\n"
                   "            loss = loss_fn(out, target(labels))\n"
                   "            optimizer.zero_grad()\n"
                   "            loss.backward()  # backpropagation\n"
                   "            optimizer.step()\n"
                   "            loss_total += float(loss) * len(batch)\n");
        if (!fit)
            out_printf(o, "            right += int((classes(out) == labels)"
                       ".sum())\n");
    } else {
        put_step(o, m, "            ");
    }
    out_printf(o, "            seen += len(batch)\n");
    if (images)
        out_printf(o, "        mean, accuracy = loss_total / seen, right / "
                   "seen  # as the epoch went\n");
    else
        out_printf(o, "        mean, accuracy = measure(X, y)  # a table: "
                   "measured after the epoch\n");
    out_printf(o, "        line = \"epoch %%d: loss %%s\" %% (epoch, "
               "num(mean))\n");
    if (!fit)
        out_printf(o, "        line += \", accuracy %%s\" %% num(accuracy)\n");
    if (test && !fit)
        out_printf(o, "        line += \", test accuracy %%s\" %% "
                   "num(measure(X_test, y_test)[1])\n");
    out_printf(o, "        if epochs <= 20 or done <= 10 or done + 5 > "
               "epochs:\n"
               "            print(line)\n"
               "        elif done == 11:\n"
               "            print(\"%%6s\" %% \"...\")\n");
    if (m->net_file)  // a large network: its weights would fill the screen
        return;
    if (m->torch) {
        out_printf(o, "\nfor l, layer in enumerate(linears, 1):\n"
                   "    print(\"W%%d =\" %% l, layer.weight.tolist())\n"
                   "    print(\"b%%d =\" %% l, layer.bias.tolist())\n");
    } else {
        out_printf(o, "\nfor l, (W, b) in enumerate(zip(params[::2], "
                   "params[1::2]), 1):\n"
                   "    print(\"W%%d =\" %% l, W.tolist())\n"
                   "    print(\"b%%d =\" %% l, b.tolist())\n");
    }
}
