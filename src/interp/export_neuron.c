/*
 * export_neuron.c - one neuron's training as a Python program: numpy with
 * the forward and backward passes written out (the maths `step` prints),
 * or PyTorch with nn.Linear, its loss and torch.optim.
 *
 * The program computes in float64, as neuron's neuron does (learn.c):
 *   z = X w + b,  a = f(z),  dL/dz = dL/da * f'(z) (for the cross-entropy
 *   of a sigmoid, a - y from z),  g = the mean over the batch of dL/dz * x,
 * then the optimizer: sgd w -= rate*g; momentum v = 0.9 v - rate*g,
 * w += v; adam (Kingma and Ba, with neuron's constants). The samples go
 * in order, `batch` at a time; the perceptron rule one at a time,
 * w += rate*(y - yhat)*x. After each epoch neuron measures the whole set
 * (mistakes, mean loss, accuracy) and prints a row: so does the program.
 */
#include "export.h"
#include "out.h"

#include <stdio.h>
#include <string.h>

/* 1 when the loss is cross-entropy computed from z (a sigmoid unit). */
static int from_logit(const export_model *m)
{
    return nn_loss_at(m->cfg.loss)->cross_entropy && m->nr->act->logistic;
}

/* The neuron's weights and bias as the run began. */
static void put_weights(out *o, const export_model *m)
{
    const nn_neuron *nr = m->nr;
    char num[40];
    out_printf(o, "\n# ---- the neuron as the training began: %zu input%s, "
               "a weight each, and a bias\n", nr->n, nr->n == 1 ? "" : "s");
    if (m->torch) {
        out_printf(o, "linear = nn.Linear(%zu, 1)  # z = w1*x1 + ... + "
                   "w%zu*x%zu + b\n", nr->n, nr->n, nr->n);
        if (m->cfg.rule == NN_RULE_GRADIENT) {
            char layer[64];
            snprintf(layer, sizeof layer, "%s", nr->act->torch);
            char *at = strchr(layer, '@');
            if (at)
                snprintf(at, sizeof layer - (size_t)(at - layer), "%s)",
                         export_float(nr->param, num));
            out_printf(o, "activation = %s  # a = %s(z)\n", layer,
                       nr->act->name);
        }
        out_printf(o, "with torch.no_grad():  # the weights neuron started "
                   "from\n    linear.weight.copy_(torch.tensor([[");
    } else {
        out_printf(o, "w = np.array([");
    }
    for (size_t i = 0; i < nr->n; i++) {
        if (i && i % 6 == 0)
            out_printf(o, "\n    ");
        out_printf(o, "%s%s", i ? ", " : "", export_float(nr->w[i], num));
    }
    if (m->torch)
        out_printf(o, "]]))\n    linear.bias.copy_(torch.tensor([%s]))\n",
                   export_float(nr->b, num));
    else
        out_printf(o, "])  # w1..w%zu\nb = %s\n", nr->n,
                   export_float(nr->b, num));
}

/* loss(z, a, y), delta(z, a, y) = dL/dz (numpy), and predict(z, a). */
static void put_loss(out *o, const export_model *m)
{
    const nn_act *act = m->nr->act;
    const nn_loss_info *l = nn_loss_at(m->cfg.loss);
    if (m->cfg.rule == NN_RULE_PERCEPTRON) {
        out_printf(o, "\n\ndef predict(z):  # the perceptron's class: "
                   "step(z), 1 only when z > 0\n"
                   "    return (z > 0) * 1\n");
        return;
    }
    if (m->torch) {
        if (l->logit || from_logit(m))
            out_printf(o, "\nloss_fn = nn.BCEWithLogitsLoss()  # loss %s: "
                       "the sigmoid cross-entropy of %s,\n"
                       "                                  # the mean over "
                       "the batch\n", l->name, l->logit
                       ? "the output a taken as a logit" : "z (exact)");
        else if (l->squared)
            out_printf(o, "\nloss_fn = nn.MSELoss()  # loss mse: (a - y)^2, "
                       "the mean over the batch\n");
        else
            out_printf(o, "\nloss_fn = nn.BCELoss()  # loss %s: -(y log a "
                       "+ (1 - y) log(1 - a)); torch clamps\n"
                       "                        # the log at -100, neuron a "
                       "at 1e-12\n", l->name);
    } else if (from_logit(m)) {
        out_printf(o, "\n# ---- loss %s of a sigmoid unit, computed from z "
                   "(exact where a saturates):\n"
                   "#      L = max(z, 0) - z*y + log(1 + e^-|z|), and "
                   "dL/dz = a - y\n\n"
                   "def loss(z, a, y):\n"
                   "    return np.maximum(z, 0) - z * y + "
                   "np.log1p(np.exp(-np.abs(z)))\n\n\n"
                   "def delta(z, a, y):\n"
                   "    return a - y\n", l->name);
    } else {
        out_printf(o, "\n# ---- loss %s: L(a, y) = %s\n\n", l->name,
                   l->formula);
        out_printf(o, "def loss(z, a, y):\n");
        const char *p = act->param_name ? ", p" : "";
        char num[40];
        if (act->param_name)
            snprintf(num, sizeof num, "%.17g", m->nr->param);
        const char *pv = act->param_name ? num : "";
        if (m->cfg.loss == NN_LOSS_MSE)
            out_printf(o, "    return (a - y) ** 2\n\n\n"
                       "def delta(z, a, y):  # dL/dz = dL/da * f'(z), "
                       "dL/da = 2(a - y)\n"
                       "    return 2 * (a - y) * %s_prime(z%s%s)\n",
                       act->name, *p ? ", " : "", pv);
        else if (l->logit)
            out_printf(o, "    return np.maximum(a, 0) - a * y + "
                       "np.log1p(np.exp(-np.abs(a)))\n\n\n"
                       "def delta(z, a, y):  # dL/dz = dL/da * f'(z), "
                       "dL/da = sigmoid(a) - y\n"
                       "    return (1 / (1 + np.exp(-a)) - y) * "
                       "%s_prime(z%s%s)\n", act->name, *p ? ", " : "", pv);
        else
            out_printf(o, "    p = np.clip(a, 1e-12, 1 - 1e-12)  # so log "
                       "never sees 0\n"
                       "    return -(y * np.log(p) + (1 - y) * "
                       "np.log(1 - p))\n\n\n"
                       "def delta(z, a, y):  # dL/dz = dL/da * f'(z), "
                       "dL/da = (a - y) / (a(1 - a))\n"
                       "    p = np.clip(a, 1e-12, 1 - 1e-12)\n"
                       "    return (p - y) / (p * (1 - p)) * "
                       "%s_prime(z%s%s)\n", act->name, *p ? ", " : "", pv);
    }
    out_printf(o, "\n\ndef predict(z, a):  # the class: ");
    if (act->by_sum)
        out_printf(o, "1 when z > 0\n    return (z > 0) * 1\n");
    else if (l->logit)
        out_printf(o, "1 when a > 0 (a is a logit)\n"
                   "    return (a > 0) * 1\n");
    else
        out_printf(o, "1 when a > %g, the middle of %s's range\n"
                   "    return (a > %g) * 1\n", act->middle, act->name,
                   act->middle);
}

/* The settings, the optimizer's memory, and the epochs of each train. */
static void put_settings(out *o, const export_model *m)
{
    const nn_learn *c = &m->cfg;
    const nn_opt_info *opt = nn_opt_at(c->opt);
    char num[40];
    int gradient = c->rule == NN_RULE_GRADIENT;
    size_t rows = m->data->rows;
    size_t batch = !gradient ? 1 : c->batch == 0 || c->batch > rows ? rows
                 : c->batch;
    out_printf(o, "\n# ---- the settings: rule %s", nn_rule_at(c->rule)->name);
    if (gradient)
        out_printf(o, ", loss %s, optimizer %s", nn_loss_at(c->loss)->name,
                   opt->name);
    out_printf(o, "\nRATE = %s  # rate %s\n", export_float(c->rate, num),
               num);
    if (gradient && c->batch == 0)
        out_printf(o, "BATCH = %zu  # batch full: every sample in each "
                   "update\n", batch);
    else if (gradient)
        out_printf(o, "BATCH = %zu  # batch %zu\n", batch, c->batch);
    if (gradient && c->opt == NN_OPT_MOMENTUM && !m->torch)
        out_printf(o, "MOMENTUM = %s  # v = MOMENTUM*v - RATE*g; w += v\n"
                   "v_w, v_b = np.zeros(%zu), 0.0  # the velocity\n",
                   export_float(c->momentum, num), m->nr->n);
    if (gradient && c->opt == NN_OPT_ADAM && !m->torch) {
        out_printf(o, "BETA1 = %s  # Adam's constants (Kingma and Ba), as "
                   "Keras\n", export_float(c->beta1, num));
        out_printf(o, "BETA2 = %s\n", export_float(c->beta2, num));
        out_printf(o, "EPSILON = %s\n", export_float(c->eps, num));
        out_printf(o, "m_w, v_w = np.zeros(%zu), np.zeros(%zu)  # the "
                   "moments, and the steps made\nm_b, v_b, t = 0.0, 0.0, "
                   "0\n", m->nr->n, m->nr->n);
    }
    if (m->torch && gradient) {
        out_printf(o, "optimizer = ");
        if (c->opt == NN_OPT_SGD)
            out_printf(o, "torch.optim.SGD(linear.parameters(), lr=RATE)  "
                       "# w -= rate*g\n");
        else if (c->opt == NN_OPT_MOMENTUM)
            out_printf(o, "torch.optim.SGD(linear.parameters(), lr=RATE, "
                       "momentum=%s)\n# torch keeps v = 0.9 v + g and does "
                       "w -= rate*v: neuron's v = 0.9 v - rate*g,\n# w += "
                       "v, step for step\n",
                       export_float(c->momentum, num));
        else {
            out_printf(o, "torch.optim.Adam(linear.parameters(), lr=RATE, "
                       "betas=(%s, ", export_float(c->beta1, num));
            out_printf(o, "%s),\n", export_float(c->beta2, num));
            out_printf(o, "                             eps=%s)  # neuron's "
                       "constants, as Keras\n", export_float(c->eps, num));
        }
    }
    out_printf(o, "RUNS = [");
    for (size_t i = 0; i < m->n_trains; i++)
        out_printf(o, "%s%zu", i ? ", " : "", m->trains[i]);
    out_printf(o, "]  # the epochs of each `train N`\n");
}

/* measure(), head() and row(): neuron's table. */
static void put_table_fns(out *o, const export_model *m)
{
    const nn_neuron *nr = m->nr;
    int perceptron = m->cfg.rule == NN_RULE_PERCEPTRON;
    char pv[48] = "";
    if (nr->act->param_name)
        snprintf(pv, sizeof pv, ", %.17g", nr->param);
    out_printf(o, "\n\ndef measure():\n    \"\"\"Mistakes, loss and accuracy "
               "on the whole data set, as neuron measures\n    after each "
               "epoch.\"\"\"\n");
    if (m->torch)
        out_printf(o, "    with torch.no_grad():\n"
                   "        z = linear(X).squeeze(1)\n");
    else
        out_printf(o, "    z = X @ w + b\n");
    const char *in = m->torch ? "        " : "    ";
    if (perceptron) {
        out_printf(o, "%swrong = int((predict(z) != (y == 1)).sum())\n"
                   "%sreturn wrong, wrong / len(X), 1 - wrong / len(X)\n",
                   in, in);
    } else {
        if (m->torch)
            out_printf(o, "%sa = activation(z)\n%swrong = int((predict(z, a) "
                       "!= (y == 1)).sum())\n%sreturn wrong, float(loss_fn(%s, "
                       "y)), 1 - wrong / len(X)\n", in, in, in,
                       from_logit(m) ? "z" : "a");
        else
            out_printf(o, "%sa = %s(z%s)\n%swrong = int((predict(z, a) != "
                       "(y == 1)).sum())\n%sreturn wrong, float(np.mean("
                       "loss(z, a, y))), 1 - wrong / len(X)\n", in,
                       nr->act->name, pv, in, in);
    }
    size_t k = m->table_weights;
    out_printf(o, "\n\ndef head():\n"
               "    print(\"each row after its epoch, over the %%d sample%%s: "
               "mistakes, loss, weights\" %% (len(X), \"\" if len(X) == 1 "
               "else \"s\"))\n"
               "    print(\"%%6s %%8s %%10s\" %% (\"epoch\", \"mistakes\", "
               "\"loss\")\n"
               "          + \"\".join(\" %%9s\" %% (\"w%%d\" %% (i + 1)) for i "
               "in range(%zu))\n"
               "          + \"%s %%9s\" %% \"b\")\n", k,
               k < nr->n ? " ..." : "");
    out_printf(o, "\n\ndef row(epoch, mistakes, loss, w, b):  # a row of "
               "neuron's table\n"
               "    print(\"%%6d %%8g %%10s\" %% (epoch, mistakes, num(loss))\n"
               "          + \"\".join(\" %%9s\" %% num(v) for v in w[:%zu])\n"
               "          + \"%s %%9s\" %% num(b))\n", k,
               k < nr->n ? " ..." : "");
}

/* One update on the batch xb, yb: forward, backward, the optimizer. */
static void put_update(out *o, const export_model *m, const char *in)
{
    const nn_neuron *nr = m->nr;
    char pv[48] = "";
    if (nr->act->param_name)
        snprintf(pv, sizeof pv, ", %.17g", nr->param);
    if (m->torch) {
        out_printf(o, "%sz = linear(xb).squeeze(1)  # forward: z = w1*x1 + "
                   "... + b\n%sa = activation(z)  # a = f(z)\n"
                   "%sloss = loss_fn(%s, yb)\n"
                   "%soptimizer.zero_grad()\n"
                   "%sloss.backward()  # backpropagation: dL/dw, dL/db\n"
                   "%soptimizer.step()\n", in, in, in,
                   from_logit(m) ? "z" : "a", in, in, in);
        return;
    }
    out_printf(o, "%sz = xb @ w + b  # forward: z = w1*x1 + ... + w%zu*x%zu "
               "+ b\n%sa = %s(z%s)  # a = f(z)\n"
               "%sdz = delta(z, a, yb)  # backward: dL/dz of each sample\n"
               "%sgw = xb.T @ dz / len(xb)  # dL/dw: the mean of dL/dz * x\n"
               "%sgb = np.sum(dz) / len(xb)  # dL/db: the mean of dL/dz\n",
               in, nr->n, nr->n, in, nr->act->name, pv, in, in, in);
    switch (m->cfg.opt) {
    case NN_OPT_SGD:
        out_printf(o, "%sw = w - RATE * gw  # optimizer sgd: w -= rate*g\n"
                   "%sb = b - RATE * gb\n", in, in);
        break;
    case NN_OPT_MOMENTUM:
        out_printf(o, "%sv_w = MOMENTUM * v_w - RATE * gw  # optimizer "
                   "momentum\n%sv_b = MOMENTUM * v_b - RATE * gb\n"
                   "%sw = w + v_w\n%sb = b + v_b\n", in, in, in, in);
        break;
    case NN_OPT_ADAM:
        out_printf(o, "%st += 1  # optimizer adam: the moments, then the "
                   "step with their bias undone\n"
                   "%sm_w = BETA1 * m_w + (1 - BETA1) * gw\n"
                   "%sv_w = BETA2 * v_w + (1 - BETA2) * (gw * gw)\n"
                   "%sm_b = BETA1 * m_b + (1 - BETA1) * gb\n"
                   "%sv_b = BETA2 * v_b + (1 - BETA2) * (gb * gb)\n"
                   "%sw = w - RATE * (m_w / (1 - BETA1 ** t)) / "
                   "(np.sqrt(v_w / (1 - BETA2 ** t)) + EPSILON)\n"
                   "%sb = b - RATE * (m_b / (1 - BETA1 ** t)) / "
                   "(np.sqrt(v_b / (1 - BETA2 ** t)) + EPSILON)\n",
                   in, in, in, in, in, in, in);
        break;
    }
}

/* The perceptron rule on sample i. */
static void put_perceptron(out *o, const export_model *m, const char *in)
{
    if (m->torch)
        out_printf(o, "%sz = float(linear(X[i:i + 1]))  # z = w1*x1 + ... "
                   "+ b\n%syhat = 1 if z > 0 else 0  # step(z)\n"
                   "%slinear.weight += RATE * (y[i] - yhat) * X[i]  "
                   "# w += rate*(y - yhat)*x\n"
                   "%slinear.bias += RATE * (y[i] - yhat)  "
                   "# b += rate*(y - yhat)\n", in, in, in, in);
    else
        out_printf(o, "%sz = X[i] @ w + b  # z = w1*x1 + ... + b\n"
                   "%syhat = 1 if z > 0 else 0  # step(z)\n"
                   "%sw = w + RATE * (y[i] - yhat) * X[i]  "
                   "# w += rate*(y - yhat)*x\n"
                   "%sb = b + RATE * (y[i] - yhat)  # b += rate*(y - yhat)\n",
                   in, in, in, in);
}

void export_neuron(out *o, const export_model *m)
{
    int perceptron = m->cfg.rule == NN_RULE_PERCEPTRON;
    export_head(o, m, "one neuron's training");
    if (m->torch)
        out_printf(o, "torch.set_default_dtype(torch.float64)  # one neuron "
                   "computes in float64, as neuron\n");
    export_data(o, m, "np.float64");
    if (m->torch)
        out_printf(o, "X, y = torch.from_numpy(X), torch.from_numpy(y)\n");
    put_weights(o, m);
    if (!perceptron && !m->torch)
        export_act_fns(o, &m->nr->act, 1);
    put_loss(o, m);
    put_settings(o, m);
    export_num_fn(o, m);
    put_table_fns(o, m);
    const char *w = m->torch ? "linear.weight[0].tolist()" : "w";
    const char *b = m->torch ? "linear.bias.item()" : "b";
    out_printf(o, "\n\nepoch = %zu  # epochs trained before\n", m->before);
    if (m->torch && perceptron)
        out_printf(o, "torch.set_grad_enabled(False)  # the perceptron rule "
                   "needs no gradient\n");
    out_printf(o, "for epochs in RUNS:  # train N\n"
               "    head()\n"
               "    for done in range(1, epochs + 1):\n"
               "        epoch += 1\n");
    if (perceptron) {
        out_printf(o, "        for i in range(len(X)):  # one sample at a "
                   "time, in order\n");
        put_perceptron(o, m, "            ");
    } else {
        out_printf(o, "        for start in range(0, len(X), BATCH):  # in "
                   "order, BATCH at a time\n"
                   "            xb, yb = X[start:start + BATCH], "
                   "y[start:start + BATCH]\n");
        put_update(o, m, "            ");
    }
    out_printf(o, "        # mistakes, loss, accuracy: all after the epoch\n"
               "        wrong, mean_loss, accuracy = measure()\n"
               "        if epochs <= 20 or done <= 10 or done + 5 > epochs%s:\n"
               "            row(epoch, wrong, mean_loss, %s, %s)\n"
               "        elif done == 11:\n"
               "            print(\"%%6s\" %% \"...\")\n",
               perceptron ? " or wrong == 0" : "", w, b);
    if (perceptron)
        out_printf(o, "        if wrong == 0:\n"
                   "            print(\"after epoch %%d no sample is wrong: the "
                   "perceptron has converged.\" %% epoch)\n"
                   "            break\n"
                   "    else:\n"
                   "        print(\"no epoch ended without mistakes in %%d \"\n"
                   "              \"epoch%%s.\" %% (epochs, \"\" if epochs == 1"
                   " else \"s\"))\n");
    else
        out_printf(o, "    print(\"epoch %%d: %%g mistake%%s, accuracy %%s, "
                   "loss %%s\" %% (epoch, wrong, \"\" if wrong == 1 "
                   "else \"s\",\n"
                   "                                                  "
                   "num(accuracy), num(mean_loss)))\n");
    out_printf(o, "\nprint(\"w =\", %s)\nprint(\"b =\", %s)\n",
               m->torch ? w : "w.tolist()", m->torch ? b : "float(b)");
}
