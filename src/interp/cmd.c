/*
 * cmd.c - the command table and the argument readers handlers share.
 *
 * One row per command: name, usage, summary, long help (examples are the
 * lines starting "  > ", run by a test), topic, handler, argument counts,
 * and what Tab completes. An alias is its own row.
 */
#include "cmd.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "interp.h"  /* interp_complete_at: completion from the table */
#include "suggest.h"
#include "watch.h"  /* watch on | off */
#include "../engine/mem.h"  /* nn_malloc: allocations a test can fail */

/* ============================ the table ============================ */

#define T_NEURON "The neuron"
#define T_EXPR "Expressions and checks"
#define T_TRAIN "Training a perceptron"
#define T_IMAGES "Images and the lonely node"
#define T_NET "A network that reads digits"
#define T_DEFS "Your own functions (universal approximation)"
#define T_SESSION "Scripts and the session"
#define T_LESSON "Writing a lesson: narration and checks"

static const cmd table[] = {
    { "inputs", "inputs X1 X2 ...",
      "set the inputs x1..xn (their count sets the neuron's size)",
      "The numbers the neuron receives, x1 to xn: spaces or commas between\n"
      "them, brackets optional. Their count is the number of inputs; a new\n"
      "count resets the weights to 0, one per input. `inputs image NAME`\n"
      "takes an image's pixels, row by row (# is 1, . is 0).\n"
      "  > inputs 1 0 1\n"
      "  > inputs [0.5, -1]\n",
      T_NEURON, cmd_inputs, 1, -1, CMPL_NONE, NULL },
    { "weights", "weights W1 W2 ...",
      "set the weights w1..wn, one per input",
      "How much each input counts: w1 multiplies x1, and so on. Give one\n"
      "weight per input; a positive weight makes its input push z up, a\n"
      "negative one pulls it down. `weights image NAME` makes the image a\n"
      "template: # is 1, . is -1. `show weights` draws them as a picture.\n"
      "  > inputs 1 0 1\n"
      "  > weights 0.5 -0.2 0.8\n",
      T_NEURON, cmd_weights, 1, -1, CMPL_NONE, NULL },
    { "bias", "bias B",
      "set the bias b, added to the weighted sum",
      "The bias shifts the weighted sum: z = w1*x1 + ... + wn*xn + b. A\n"
      "negative bias makes the neuron harder to fire.\n"
      "  > bias -0.3\n",
      T_NEURON, cmd_bias, 1, 1, CMPL_NONE, NULL },
    { "activation", "activation NAME [PARAMETER]",
      "choose the activation function f, a = f(z)",
      "The function applied to the weighted sum: a = f(z). `activations`\n"
      "lists them. leaky_relu takes its slope as a parameter.\n"
      "  > activation sigmoid\n"
      "  > activation leaky_relu 0.1\n",
      T_NEURON, cmd_activation, 1, 2, CMPL_ACT, NULL },
    { "activations", "activations",
      "list the activation functions: formula, range, derivative",
      "A table of every activation function: its formula in z, the range\n"
      "of its output, and its derivative (a = f(z)).\n"
      "  > activations\n",
      T_NEURON, cmd_activations, 0, 0, CMPL_NONE, NULL },
    { "plot", "plot CURVE[, CURVE...] [from A to B] [units] [> FILE.svg]",
      "draw curves: activations, expressions in x, definitions",
      "Draws each curve from A to B (-6 to 6 when no range is given): an\n"
      "activation by name (sigmoid), its derivative (sigmoid'), any\n"
      "expression in x (2*relu(x) - relu(x - 1)) or a definition (Z).\n"
      "`units` adds each ReLU unit's share of a ReLU sum. `plot loss` and\n"
      "`plot errors` draw the training history. Ending the command with\n"
      "> FILE.svg writes the plot as an SVG file for slides instead.\n"
      "  > plot sigmoid from -6 to 6\n"
      "  > plot relu, tanh, sigmoid\n"
      "  > plot sigmoid'\n"
      "  > plot 2*relu(x) - relu(x - 1) from -2 to 3\n",
      T_NEURON, cmd_plot, 1, -1, CMPL_ACT, cmd_plot_word },
    { "softmax", "softmax Z1 Z2 ... [> FILE.svg]",
      "turn a layer's outputs into probabilities",
      "Softmax is the activation of a whole output layer: it makes the\n"
      "numbers positive (e^z) and divides by their sum, so they add up to\n"
      "1 and the largest z gets the largest share. The largest z is taken\n"
      "off first (e^(z - max)): the same answer, and it cannot overflow.\n"
      "  > softmax 1 2 3\n"
      "  > softmax 1000 1001 1002\n",
      T_NEURON, cmd_softmax, 1, -1, CMPL_NONE, NULL },
    { "show", "show [> FILE.svg | NAME | @usages]",
      "draw the neuron, or take a definition apart",
      "Without a name, draws the neuron: inputs, weights, the sum with the\n"
      "bias, the activation and the output, each with its current value\n"
      "(`show > FILE.svg` draws it as SVG, for a slide or a handout).\n"
      "With the name of a definition that is a sum of ReLU units (Z), lists\n"
      "its units, where each switches on (x = -b/w), the straight pieces\n"
      "between those breakpoints, and the small network it is. Also:\n"
      "@rows\n"
      "  > inputs 1 0 1; weights 0.5 -0.2 0.8; bias -0.3\n"
      "  > show\n"
      "  > n1 = relu(x + 1); n2 = relu(2x - 1); Z = n1 - n2\n"
      "  > show Z\n",
      T_NEURON, cmd_show, 0, -1, CMPL_ROWS, cmd_show_word },
    { "fire", "fire [--plot [> FILE.svg]]",
      "compute z and a, with the arithmetic written out",
      "Computes the weighted sum z = w1*x1 + ... + wn*xn + b and the output\n"
      "a = f(z), writing each product with the actual numbers so it can be\n"
      "checked by hand. Afterwards z and a can be used in expressions.\n"
      "With --plot, also draws the activation with the point (z, a)\n"
      "marked on its curve (`fire --plot > z.svg` writes that as SVG).\n"
      "  > inputs 1 0 1; weights 0.5 -0.2 0.8; bias -0.3\n"
      "  > fire\n"
      "  > fire --plot\n",
      T_NEURON, cmd_fire, 0, 2, CMPL_ROWS, cmd_fire_word },
    { "tune", "tune NAME... [goal E]",
      "turn the neuron's numbers, or a sum's hinges, by hand",
      "Opens a panel that turns numbers by hand, over the picture that\n"
      "shows their effect, drawn again at each key: fire's arithmetic with\n"
      "z on the activation's curve; on 2-D data, the decision line over\n"
      "the points and how many are wrong; for ReLU units, the sum against\n"
      "its target with the max error. The names:\n"
      "@rows\n"
      "A unit is a definition of one ReLU, n3 = relu(1.2x + 1): tune turns\n"
      "its weight (the slope) and its bias (where it bends, x = -b/w), and\n"
      "writes it back as n3 = relu(W*x + B). A sum's name (Z) turns all its\n"
      "units, each a definition of its own (up to 32). The sum and its\n"
      "target are those of the last `compare Z with TARGET from A to B` or\n"
      "`F = fit TARGET from A to B ...`, measured as compare measures.\n"
      "\n"
      "The keys:\n"
      "  Left, Right, Tab     pick a number (Shift+Tab: back)\n"
      "  Up, Down             nudge it by 0.1\n"
      "  Shift+Up, Shift+Down, PgUp, PgDn     by 1\n"
      "  Home                 this number back to where it started\n"
      "  0-9 . - e            type a number: Enter sets it, and so does\n"
      "                       moving on (a nudge starts from it);\n"
      "                       Backspace mends it, Esc drops it\n"
      "  Enter                keep the values and close\n"
      "  Esc, q, Ctrl-C       put them all back and close\n"
      "  Ctrl-Z               stop (fg comes back to the panel)\n"
      "With goal E the panel says matched! once the max error is below E\n"
      "(on 2-D data, once at most E points are wrong): the slide's game,\n"
      "`tune Z goal 0.1`, move the hinges until Z is within 0.1.\n"
      "\n"
      "What is kept is ordinary session state: `undo` takes the whole tune\n"
      "back, and save and record see the result (tune prints it as the\n"
      "commands that set it: weights ...; bias ...). tune reads keys from\n"
      "a terminal: a script, a pipe or the JSON mode sets the numbers with\n"
      "weights, bias or a definition instead. In presenter mode the teacher\n"
      "opens it with `:`. For example:\n"
      "    inputs 1 0 1; weights 0.5 -0.2 0.8; bias -0.3\n"
      "    tune w1 b\n"
      "    compare Z with x^3 + x^2 - x - 1 from -2 to 1.5\n"
      "    tune n1 goal 0.35       (n1 bends where Z misses most)\n",
      T_NEURON, cmd_tune, 1, -1, CMPL_OPTS, cmd_tune_word },
    { "init", "init @usages",
      "choose initial weights and bias",
      "Sets the weights (and bias) the way training starts:\n"
      "@rows\n"
      "Random numbers come from the seeded generator: the same seed gives\n"
      "the same weights on every machine (see `seed`). Small random\n"
      "weights break the symmetry between neurons.\n"
      "  > inputs 1 0 1\n"
      "  > seed 42\n"
      "  > init random -1 1\n",
      T_NEURON, cmd_init, 1, 3, CMPL_ROWS, cmd_init_word },
    { "seed", "seed N | seed state W1 W2 W3 W4 [spare S]",
      "seed the random generator (same seed, same numbers)",
      "Restarts the random generator from N, a whole number from 0 to\n"
      "18446744073709551615. The same seed gives the same numbers on every\n"
      "machine. The session starts with seed 42.\n"
      "\n"
      "`seed state` sets the generator's state itself: its four 64-bit\n"
      "words (xoshiro256**, not all 0) and the normal draw it keeps for\n"
      "next time, if any. `save FILE` writes it so, and the rebuilt\n"
      "session draws the very numbers the saved one would have drawn.\n"
      "  > seed 7\n"
      "  > seed state 1 2 3 4\n",
      T_NEURON, cmd_seed, 1, 7, CMPL_ROWS, cmd_seed_word },
    { "print", "print EXPRESSION",
      "print the value of an expression",
      "Evaluates an expression and prints its value, the same as typing\n"
      "the expression alone. Names: x1..xn, w1..wn, b, z, a, pi; maths\n"
      "functions (sin, exp, log, sqrt, abs, ...); every activation by name,\n"
      "and its derivative with a quote: sigmoid'(0). Implicit\n"
      "multiplication follows a number: -5x, 2(3). Powers bind tightest:\n"
      "2x^2 = 2*(x^2), -2^2 = -4.\n"
      "  > print sigmoid(1)\n"
      "  > 0.5*1 + -0.2*0 + 0.8*1 - 0.3\n",
      T_EXPR, cmd_print, 1, -1, CMPL_NONE, NULL },
    { "expect", "expect EXPR = VALUE [within TOL] | expect EXPR >= VALUE",
      "check a value; a miss is an error (lessons check themselves)",
      "Evaluates EXPR and checks it: `=` within a tolerance, or one of\n"
      ">=, <=, >, <. Without `within`, the two must agree to 4 decimals\n"
      "(within 0.00005), the way numbers print. A miss is an error (exit\n"
      "status 1 for a script); NaN never passes.\n"
      "  > inputs 1 0 1; weights 0.5 -0.2 0.8; bias -0.3\n"
      "  > expect a = 0.7311 within 0.0001\n"
      "  > expect z >= 0.5\n",
      T_LESSON, cmd_expect, 1, -1, CMPL_NONE, NULL },
    { "digits", "digits N",
      "print numbers with N significant digits (0: 4 decimals)",
      "How numbers are printed: 0 (the default) gives 4 decimals without\n"
      "trailing zeros; N from 1 to 17 gives N significant digits (17 reads\n"
      "a double back exactly).\n"
      "  > digits 17\n"
      "  > 0.1 + 0.2\n"
      "  > digits 0\n",
      T_EXPR, cmd_digits, 1, 1, CMPL_NONE, NULL },
    { "data", "data [NAME [N] | load FILE | add X... -> Y | remove N | "
      "clear | split F | mnist [DIR] | idx IMAGES LABELS]",
      "the training data: built-in, from a file, typed, or generated",
      "Without arguments, prints the data set. Otherwise:\n"
      "@rows\n"
      "The neuron gets one input per feature; when that changes its\n"
      "weights and bias start at 0. Generated sets use the seed and have\n"
      "100 samples unless N is given (2 to 100,000). The set loaded last,\n"
      "a table or the images, is the one a network learns from.\n"
      "  > data and\n"
      "  > data add 1 1 -> 1\n"
      "  > data\n"
      "  > data spiral 200\n",
      T_TRAIN, cmd_data, 0, -1, CMPL_ROWS, cmd_data_word },
    { "rule", "rule @names",
      "how the neuron learns: Rosenblatt's rule or gradient descent",
      "@rows\n"
      "perceptron: predict yhat = step(z) (1 only when z > 0), then\n"
      "w += rate*(y - yhat)*x and b += rate*(y - yhat), one sample at a\n"
      "time: nothing changes when the prediction is right. gradient: push\n"
      "the loss down, w -= rate*dL/dw, through the current activation,\n"
      "with `loss`, `batch` and `optimizer`. A network always learns by\n"
      "gradient descent.\n"
      "  > rule perceptron\n",
      T_TRAIN, cmd_rule, 1, 1, CMPL_ROWS, cmd_rule_word },
    { "loss", "loss @names",
      "the loss the gradient rule pushes down",
      "@rows\n"
      "bce and ce of a sigmoid unit are computed from z, exactly: L =\n"
      "max(z, 0) - z*y + ln(1 + e^-|z|), dL/dz = a - y. A network uses the\n"
      "same setting: ce or bce is cross-entropy from the logit (softmax\n"
      "output, or one sigmoid unit), mse any output.\n"
      "  > loss bce_logits\n",
      T_TRAIN, cmd_loss, 1, 1, CMPL_ROWS, cmd_loss_word },
    { "rate", "rate R",
      "the learning rate (how big each update is)",
      "Scales every update, of the neuron or the network (above 0, at\n"
      "most 1e6; 0.1 to start). Too small: slow; too large: the weights\n"
      "jump around or blow up (training stops and says so).\n"
      "  > rate 0.1\n",
      T_TRAIN, cmd_rate, 1, 1, CMPL_NONE, NULL },
    { "batch", "batch N | full",
      "samples per update of the gradient rule",
      "The gradient rule averages the gradient over N samples before each\n"
      "update; `full` uses the whole data set (plain gradient descent).\n"
      "The perceptron rule always updates after each sample. A network\n"
      "takes at most 1024 samples a batch (full: the whole set up to that).\n"
      "  > batch full\n",
      T_TRAIN, cmd_batch, 1, 1, CMPL_ROWS, cmd_batch_word },
    { "optimizer", "optimizer @names",
      "how the gradient becomes an update",
      "@rows\n"
      "g is the gradient of the loss for each weight. The neuron and the\n"
      "network use the same setting; changing it starts a fresh memory.\n"
      "  > optimizer sgd\n",
      T_TRAIN, cmd_optimizer, 1, 1, CMPL_ROWS, cmd_opt_word },
    { "step", "step",
      "one update, with every number written out",
      "Takes the next sample (the next batch for the gradient rule):\n"
      "its z, the prediction, the error, and each weight's update written\n"
      "out with numbers: w1 = 0 + 0.1*(1 - 0)*1 = 0.1.\n"
      "With a network, step is backpropagation on the next sample (a\n"
      "batch of one), written out for a network of up to 64 parameters:\n"
      "each unit's z and a layer by layer, the loss, each delta = dL/dz by\n"
      "the chain rule (a - y at a cross-entropy output; f'(z) times the\n"
      "weighted deltas it feeds for a hidden unit), and each weight's\n"
      "update, w = w - rate*delta*a with sgd. A larger network gets the\n"
      "gradient and update norms of each layer.\n"
      "  > data and\n"
      "  > step\n"
      "  > data xor; network 2 2 tanh 1 sigmoid; optimizer sgd; step\n",
      T_TRAIN, cmd_step, 0, 0, CMPL_NONE, NULL },
    { "epoch", "epoch",
      "one pass over the data, a line per sample",
      "Runs updates to the end of the current pass over the data and\n"
      "prints a line per sample (every update in full with `trace on`),\n"
      "then the mistakes made during the pass and the accuracy and loss\n"
      "after it. With a network, epoch is `train 1`.\n"
      "  > data or\n"
      "  > epoch\n",
      T_TRAIN, cmd_epoch, 0, 0, CMPL_NONE, NULL },
    { "train", "train N [epochs] [batch B] [rate R] [optimizer O] "
      "[--watch [> FILE.svg]]",
      "train until an epoch makes no mistake, or N epochs",
      "Runs up to N epochs and prints a row per epoch: mistakes made in\n"
      "the epoch, loss after it, weights and bias (the middle of a long\n"
      "run is elided). The perceptron rule stops at the first epoch\n"
      "without mistakes; when it cannot converge (XOR) it says why.\n"
      "Ctrl-C stops between updates, keeping what was learned. Then\n"
      "epochs, errors, loss and accuracy hold the figures.\n"
      "When a network exists (see `network`), train trains it instead,\n"
      "on the images or the table data set, a line per epoch (loss,\n"
      "accuracy and test accuracy; for a table measured after the epoch);\n"
      "batch, rate and optimizer may follow and are kept for next time.\n"
      "\n"
      "--watch, last, draws the model learning: on a terminal a live view\n"
      "that fills the window, redrawn in place as training runs (20 times\n"
      "a second at most), then left on screen; elsewhere (a script, a\n"
      "pipe) only the final picture, under the run's last figures. For\n"
      "2-D data the regions and the line(s) over the points with the loss;\n"
      "for a curve (data fn) the target and the model, a ReLU network's\n"
      "hinges marked; for images the loss and accuracy, and a small\n"
      "network's first units' pictures as they form; a neuron's weights\n"
      "and bias as bars. The view takes the place of the rows.\n"
      "`train N --watch > FILE.svg` writes the frames as an animated SVG\n"
      "for slides instead. `watch on` watches every train.\n"
      "  > data and\n"
      "  > train 20\n"
      "  > expect errors = 0\n"
      "  > train 5 --watch\n",
      T_TRAIN, cmd_train, 1, -1, CMPL_OPTS, cmd_train_word },
    { "boundary", "boundary [> FILE.svg]",
      "the decision line over 2-D data",
      "Draws the data's points by class, the regions where the neuron\n"
      "says 0 and 1, its line w1*x1 + w2*x2 + b = 0, and a true separator\n"
      "when the data set has one (and, or, blobs). > FILE.svg writes it as\n"
      "an SVG file. With a network of 2 inputs, the regions are the\n"
      "network's, curved, with the lines of its first layer's units (up to\n"
      "4), where each unit's z is 0.\n"
      "  > data and\n"
      "  > train 20\n"
      "  > boundary\n",
      T_TRAIN, cmd_boundary, 0, -1, CMPL_NONE, NULL },
    { "save", "save FILE | save weights FILE | save network FILE",
      "write the session (or the weights, or the network) to a file",
      "`save FILE` writes the whole session as a script: definitions,\n"
      "images, the data set, the learning settings, the neuron, the digits\n"
      "and the network (its weights in FILE.net beside it), the seed and\n"
      "the generator's state, digits. `run FILE` rebuilds it exactly: the\n"
      "same commands print the same output. Training progress (undo, the\n"
      "loss history, the optimizer's memory) is not kept.\n"
      "\n"
      "`save weights FILE` writes only the neuron's activation, weights\n"
      "and bias as a small script; `load weights FILE` brings them back:\n"
      "weights learned before. `save network FILE` writes the network: a\n"
      "line per layer, then its weights and biases.\n"
      "\n"
      "Numbers read back bit for bit, and a file is written whole or not\n"
      "at all. A script may write only in its own folder and below unless\n"
      "neuron runs it with --allow-write DIR; at the prompt, anywhere.\n"
      "  > data and\n"
      "  > train 20\n"
      "  > save /tmp/and.neuron\n"
      "  > save weights /tmp/and.weights\n",
      T_TRAIN, cmd_save, 1, -1, CMPL_ROWS, cmd_file_word },
    { "load", "load weights FILE | load network FILE",
      "read weights (or a network) saved before",
      "Reads a file written by `save weights`: the activation, the weights\n"
      "and the bias. Only those three commands (and comments) may be in it.\n"
      "A neuron whose inputs are set must have as many as the file has\n"
      "weights; otherwise it takes the file's size.\n"
      "`load network FILE` reads what `save network` wrote, a text file:\n"
      "a first line `neuron-network 1`, then `inputs N`, a line `layer\n"
      "UNITS ACTIVATION` per layer, then each layer's weights (`W l`, a\n"
      "row per unit) and biases (`b l`), numbers with 9 significant digits\n"
      "that read back bit for bit. A file whose shapes and numbers do not\n"
      "agree is refused, naming the line.\n"
      "  > inputs 1 1; weights 0.2 0.1; bias -0.2\n"
      "  > save weights /tmp/and.weights\n"
      "  > load weights /tmp/and.weights\n",
      T_TRAIN, cmd_load, 2, -1, CMPL_ROWS, cmd_load_word },
    { "export", "export @usages",
      "the session's training as a Python program (numpy or PyTorch)",
      "Writes a standalone Python program that trains the model as the\n"
      "session did: the data (inline, or beside it as NAME_data.csv; images\n"
      "from their IDX files), the weights as they were before the first\n"
      "`train` of the run, the rule, loss, optimizer with all its constants,\n"
      "rate, batch and batch order (neuron's own generator, in Python), and\n"
      "each `train N`. It prints neuron's table, epoch by epoch, then the\n"
      "final weights in full. A run is the consecutive `train` commands on\n"
      "one model with nothing changed in between; when the session has\n"
      "moved on since (new weights, data, a step), the program holds the\n"
      "model as it is now and trains it as `train 10` would next.\n"
      "\n"
      "@rows\n"
      "numpy writes the forward and backward passes out, the maths `step`\n"
      "shows. torch uses torch.nn layers, torch.optim (SGD, momentum or Adam\n"
      "with neuron's constants) and nn.BCEWithLogitsLoss, CrossEntropyLoss\n"
      "or MSELoss; the perceptron rule, which has no optimizer, is the\n"
      "explicit loop. One neuron computes in float64 as neuron does; a\n"
      "network in float32. A large network's weights go beside the program\n"
      "as NAME_weights.net (the format of `save network`).\n"
      "\n"
      "FILE ends in .py, and its name is a Python name (a notebook can import\n"
      "it). Files are written whole or not at all, by the rule of `save`: a\n"
      "script writes only in its own folder unless run with --allow-write.\n"
      "  > data and\n"
      "  > rule gradient; loss bce; activation sigmoid; rate 0.5\n"
      "  > train 20\n"
      "  > export numpy /tmp/and_gate.py\n"
      "  > export torch /tmp/and_torch.py\n",
      T_TRAIN, cmd_export, 2, -1, CMPL_ROWS, cmd_export_word },
    { "undo", "undo",
      "take back the last step, epoch or train",
      "Puts back the weights, bias and training progress from before the\n"
      "last step, epoch or train; repeat to go further back (64 deep).\n"
      "After a network's `train`, the network's weights and its optimizer\n"
      "go back too (as many copies as 16 million parameters allow).\n"
      "  > data and\n"
      "  > step\n"
      "  > undo\n",
      T_TRAIN, cmd_undo, 0, 0, CMPL_NONE, NULL },
    { "predict", "predict X1 X2 ... | predict sample N | predict image NAME "
      "[> FILE.svg]",
      "the neuron's (or the network's) answer for new inputs",
      "Computes z and a for the inputs given (the neuron's own inputs stay\n"
      "as they are) and the class it predicts. A network shows, when it\n"
      "is small, every unit's sum and activation layer by layer, then its\n"
      "output and class. With images: `predict\n"
      "sample N` draws test digit N (numbered from 0, as the notebook)\n"
      "with the ten probabilities and the true digit; `predict image\n"
      "NAME` does the same for an image drawn with `image`.\n"
      "  > data and\n"
      "  > train 20\n"
      "  > predict 1 1\n",
      T_TRAIN, cmd_predict, 1, -1, CMPL_NONE, NULL },
    { "evaluate", "evaluate [> FILE.svg]",
      "accuracy and confusion matrix",
      "Classifies every sample of the test set (after `data split`) or\n"
      "else the training set, and prints the accuracy and how many of\n"
      "each class were predicted as which. With a network, the same for\n"
      "the test digits: a 10x10 table, true digits down, answers across.\n"
      "`evaluate > confusion.svg` also draws that table as a picture, a\n"
      "cell a pair of classes, shaded by the share of its row.\n"
      "  > data or\n"
      "  > train 20\n"
      "  > evaluate\n",
      T_TRAIN, cmd_evaluate, 0, 0, CMPL_NONE, NULL },
    { "trace", "trace on | off",
      "write every update out during epoch and train",
      "With trace on, `epoch` writes each update in full and `train`\n"
      "prints each sample and every epoch. With a network, `epoch` under\n"
      "trace on steps through every sample in order, each backpropagation\n"
      "update written out as `step` writes it.\n"
      "  > trace on\n"
      "  > trace off\n",
      T_TRAIN, cmd_trace, 1, 1, CMPL_ROWS, cmd_trace_word },
    { "watch", "watch @names",
      "draw every later train, epoch and step as it learns",
      "With watch on, every `train` is watched as `train N --watch` is: on\n"
      "a terminal the picture of the model learning is redrawn in place\n"
      "while it trains (Ctrl-C stops it, keeping what was learned, as\n"
      "ever), and stays when it ends; in a script only the final picture\n"
      "is printed. `epoch` and `step` print the picture after their\n"
      "output. `watch off` goes back to the rows alone. `watch slow` is\n"
      "`watch on` for a class: on a terminal each picture is held a\n"
      "moment, so a run that takes microseconds (AND) can be followed;\n"
      "elsewhere it is `watch on`. `save` keeps the setting, as it keeps\n"
      "`trace`.\n"
      "@rows\n"
      "  > data and\n"
      "  > watch on\n"
      "  > train 10\n"
      "  > watch off\n",
      T_TRAIN, cmd_watch, 1, 1, CMPL_ROWS, cmd_watch_word },
    { "image", "image NAME RxC | image show NAME",
      "draw a small image (rows of # and ., then end)",
      "`image cross 5x5` starts an image of 5 rows and 5 columns: the next\n"
      "5 lines are its rows, # for ink and . for paper (or grey levels 0\n"
      "to 9), and a line `end` closes it. At the prompt the rows get a\n"
      "continuation prompt, and a bad row is reported at once, to be\n"
      "typed again. An empty line, a command or Ctrl-C leaves the block\n"
      "(the image is not defined). `image show NAME` draws it. An image can be\n"
      "the neuron's inputs (inputs image NAME: # is 1, . is 0) or its\n"
      "weights (weights image NAME: # is 1, . is -1): a template neuron\n"
      "that fires for its own pattern, the slide's lonely node.\n"
      "  > image dot 3x3\n"
      "  > ...\n"
      "  > .#.\n"
      "  > ...\n"
      "  > end\n"
      "  > image show dot\n",
      T_IMAGES, cmd_image, 2, -1, CMPL_ROWS, cmd_image_word },
    { "end", "end",
      "close an image block",
      "The line that ends the rows of `image NAME RxC`. Anywhere else it\n"
      "is an error.\n",
      T_IMAGES, cmd_end, 0, -1, CMPL_NONE, NULL },
    { "images", "images",
      "list the images drawn so far",
      "Lists each image with its size.\n"
      "  > images\n",
      T_IMAGES, cmd_images, 0, 0, CMPL_NONE, NULL },
    { "network", "network INPUTS SIZE [ACT] SIZE [ACT] ...",
      "build a network of dense layers, for any data set",
      "`network 784 50 relu 20 relu 10 softmax` is the course notebook's\n"
      "network: 784 inputs (28x28 pixels), two hidden layers and 10\n"
      "outputs, one per digit. Each size may be followed by its activation\n"
      "(hidden layers relu; the last softmax by default, or sigmoid when it\n"
      "has one unit). The initial weights are drawn from the session's\n"
      "seed (`seed N`; 42 to start) as if just set, and training's\n"
      "shuffles go on from there, so the same seed and sizes give the same\n"
      "network and the same training whatever came before: He normal for\n"
      "relu layers, biases 0; Glorot uniform otherwise, biases drawn too.\n"
      "The network learns from the data set loaded last: the images of\n"
      "data mnist, or a table (data xor, data moons 200, data load\n"
      "F.csv), whose 0/1 labels need one sigmoid output unit (or a\n"
      "softmax of 2): `network 2 4 tanh 1 sigmoid` solves XOR, which one\n"
      "neuron cannot. The first size must be the number of features.\n"
      "While a network exists, step, epoch, train, evaluate, predict and\n"
      "undo act on it. It learns by gradient descent with the same\n"
      "settings as the neuron (loss, optimizer, rate, batch: one set, mse,\n"
      "sgd, 0.1 and 1 to start), which `network` prints; loss ce or bce is\n"
      "cross-entropy, computed from the logit. A network takes batches of\n"
      "at most 1024. `network` alone shows its summary; `network off`\n"
      "goes back to the single neuron.\n"
      "A curve (data fn) is fitted by a network of 1 input and 1 linear\n"
      "output with loss mse; NAME = network then makes the trained\n"
      "network definitions of x (NAME_1 .. for its units), to evaluate,\n"
      "plot, compare and take apart with `show NAME` like the slide's Z.\n"
      "  > network 784 50 relu 20 relu 10 softmax\n"
      "  > summary\n"
      "  > data xor; network 2 4 tanh 1 sigmoid\n",
      T_NET, cmd_network, 0, -1, CMPL_ROWS, cmd_network_word },
    { "summary", "summary",
      "the network's layers, shapes and parameters",
      "Lists the layers with their output shapes and parameter counts,\n"
      "like Keras's model.summary(): each dense layer has in*out weights\n"
      "and out biases.\n"
      "  > network 784 50 relu 20 relu 10 softmax\n"
      "  > summary\n",
      T_NET, cmd_summary, 0, 0, CMPL_NONE, NULL },
    { "mistakes", "mistakes [N] [> FILE.svg]",
      "show digits the network gets wrong",
      "Draws the first N (3 unless given) test digits the network\n"
      "misclassifies, with the true digit and the network's answer.\n",
      T_NET, cmd_mistakes, 0, 1, CMPL_NONE, NULL },
    { "threads", "threads [N]",
      "how many threads train and run a network (0: one a core)",
      "The network's matrix products are shared out between N threads;\n"
      "0 is one a core (at most 8). The default is 1: on the 2-core\n"
      "machine neuron is measured on, a second thread made training 7%\n"
      "faster when the machine was idle and 30% slower when something\n"
      "else kept a core busy. Every number comes out the same whatever\n"
      "N is: a thread computes whole outputs, each in the one order.\n"
      "`threads` alone shows the count. NEURON_THREADS=N in the\n"
      "environment sets it at start.\n"
      "  > threads 1\n"
      "  > threads\n"
      "  > threads 0\n",
      T_NET, cmd_threads, 0, 1, CMPL_NONE, NULL },
    { "defs", "defs",
      "list your definitions",
      "Lists every definition made with NAME = EXPR or NAME(x) = EXPR, as\n"
      "typed. A definition may use x and earlier definitions: the slide's\n"
      "n1(x) = Relu(-5x - 7.7) ... Z = -n1 - n2 - n3 + n4 + n5 + n6. A\n"
      "definition named without brackets is called at x (-n1 = -n1(x)).\n"
      "Redefining n1 changes Z at once; a definition that uses itself is\n"
      "refused, and so is one whose value takes more than 1,000,000 steps\n"
      "(each number, operation and call counts, with the steps of the\n"
      "definitions it calls). Names are case-sensitive (Z is not z, the\n"
      "neuron's sum). NAME = fit ... and NAME = network make definitions\n"
      "too (see `help fit`, `help network`).\n"
      "  > n1(x) = Relu(-5x - 7.7)\n"
      "  > n2 = 2*n1 + 1\n"
      "  > defs\n"
      "  > n2(0.5)\n",
      T_DEFS, cmd_defs, 0, 0, CMPL_NONE, NULL },
    { "undef", "undef NAME",
      "remove a definition",
      "Removes a definition, unless another one uses it (remove that one\n"
      "first).\n"
      "  > k = 2*pi\n"
      "  > undef k\n",
      T_DEFS, cmd_undef, 1, 1, CMPL_NONE, NULL },
    { "table", "table EXPR[, EXPR...] from A to B [step S] [units]",
      "tabulate definitions or expressions in x",
      "Prints x and the value of each expression (or definition, or\n"
      "activation by name) from A to B in steps of S (10 steps when no\n"
      "step is given), at most 100,000 rows. `units` adds a column for\n"
      "each ReLU unit's share of a single ReLU sum.\n"
      "  > table relu, sigmoid from -2 to 2 step 1\n"
      "  > n1 = relu(x); n2 = relu(x - 1); Z = n1 - 2*n2\n"
      "  > table Z from 0 to 2 step 0.5 units\n",
      T_DEFS, cmd_table, 1, -1, CMPL_NONE, NULL },
    { "compare", "compare EXPR with TARGET from A to B",
      "max and mean error of an approximation against a target",
      "Measures |EXPR - TARGET| at 10,001 points from A to B and prints the\n"
      "largest error (and where) and the mean. The names maxerror and\n"
      "meanerror then hold them, for `expect maxerror < 0.1`.\n"
      "  > Z = relu(x) - relu(-x)\n"
      "  > compare Z with abs(x) from -1 to 1\n",
      T_DEFS, cmd_compare, 3, -1, CMPL_NONE, NULL },
    { "fit", "NAME = fit TARGET from A to B with N units",
      "build a ReLU sum that approximates any curve",
      "Fits a sum of N ReLU units to TARGET on [A, B]: unit k switches on\n"
      "at the knot t_k = A + k*(B - A)/N, and its weight bends the line so\n"
      "the sum passes through TARGET at every knot. The units become\n"
      "definitions NAME_1 .. NAME_N and their sum NAME, to inspect (show\n"
      "NAME), tabulate, edit or compare like hand-made ones. The max and\n"
      "mean error are printed and kept as maxerror and meanerror. More\n"
      "units, smaller error; N is 1 to 10,000, and a fit again under the\n"
      "same NAME reuses its units. Typed as `fit TARGET ...` alone, NAME\n"
      "is F.\n"
      "  > F = fit sin(x) from -pi to pi with 8 units\n"
      "  > expect maxerror < 0.1\n",
      T_DEFS, cmd_fit, 1, -1, CMPL_NONE, NULL },
    { "say", "say TEXT",
      "print a line of narration",
      "Prints TEXT exactly as it is written: the rest of the line after\n"
      "`say` and one space, leading spaces kept (for indented tables), and\n"
      "`#` and `;` as text, not a comment or a next command.\n"
      "Lessons narrate with it.\n"
      "  > say The weighted sum comes first.\n"
      "  > say   # is ink (1); . is paper (0)\n",
      T_LESSON, cmd_say, 0, -1, CMPL_NONE, NULL },
    { "pause", "pause",
      "wait for Enter (skipped when not interactive)",
      "Waits for Enter when the input is a terminal, so a class can read\n"
      "the screen; does nothing in a pipe or a test.\n"
      "  > pause\n",
      T_LESSON, cmd_pause, 0, 0, CMPL_NONE, NULL },
    { "ask", "ask QUESTION = ANSWER [within TOL]",
      "a quiz question: the learner answers, the lesson checks",
      "Asks QUESTION and, when the input is a terminal, reads the\n"
      "learner's answer. A number is checked against ANSWER (a number, or\n"
      "an expression worked out now) within TOL, or to 4 decimals as\n"
      "expect does; a word is compared ignoring case and a final '.', and\n"
      "a word answer may list the forms it takes, first the one shown,\n"
      "with | between them (= second | the second | w2). A miss prints\n"
      "`not quite` and the hint (a `hint TEXT` line right after the ask); after\n"
      "three misses the answer is shown and the lesson goes on. Without a\n"
      "terminal (a pipe, a test) the question and its answer are printed.\n"
      "A wrong answer is never an error.\n"
      "  > ask What is sigmoid(0)? = 0.5\n"
      "  > ask Which activation is never negative? = relu\n"
      "  > ask Which weight grows most? = the second | second | w2 | 2\n"
      "  > inputs 1 0 1; weights 0.5 -0.2 0.8; bias -0.3\n"
      "  > ask What is z? = w1*x1 + w2*x2 + w3*x3 + b within 0.01\n",
      T_LESSON, cmd_ask, 1, -1, CMPL_NONE, NULL },
    { "hint", "hint TEXT",
      "the hint for the ask on the line before",
      "Written on the line right after an `ask`, TEXT is shown each time\n"
      "the learner's answer misses. On its own it prints nothing. As for\n"
      "`say`, the rest of the line is the text, `#` and `;` included.\n"
      "  > ask What is z when w = 2, x = 3 and b = -1? = 5\n"
      "  > hint z = w*x + b\n",
      T_LESSON, cmd_hint, 0, -1, CMPL_NONE, NULL },
    { "checkpoint", "checkpoint TASK :: CONDITION",
      "ask the learner to reach a state, checked by a condition",
      "Shows TASK and, when the input is a terminal, gives the learner a\n"
      "`checkpoint>` prompt: after each command typed there, CONDITION\n"
      "(written as for expect: accuracy = 1, z >= 0.5) is checked. When it\n"
      "holds: `done!` and the lesson goes on; `skip` goes on without it;\n"
      "the end of input ends the run. Without a terminal the condition is\n"
      "checked once: `(checkpoint reached)` or `(checkpoint skipped: not\n"
      "interactive)`, never an error, so a lesson may solve its own task.\n"
      "  > data and\n"
      "  > checkpoint train the neuron on AND :: errors = 0\n"
      "  > train 20\n"
      "  > checkpoint train the neuron on AND :: errors = 0\n",
      T_LESSON, cmd_checkpoint, 1, -1, CMPL_NONE, NULL },
    { "echo", "echo on | off",
      "show each command of a script before its output",
      "With echo on, each command a script runs is printed after a\n"
      "`neuron>` prompt before its output, so a transcript reads like a\n"
      "session (sqlite3's -echo). `neuron --echo FILE` starts with it on.\n"
      "  > echo on\n"
      "  > echo off\n",
      T_SESSION, cmd_echo, 1, 1, CMPL_ROWS, cmd_echo_word },
    { "spacing", "spacing N",
      "blank lines between presented commands, and taller plots",
      "For the back of the room: presenter mode (neuron --step) prints N\n"
      "blank lines between commands, and each plot grows by half its\n"
      "height for each step of N, from 0 (the default) to 10.\n"
      "  > spacing 1\n"
      "  > plot sigmoid\n"
      "  > spacing 0\n",
      T_SESSION, cmd_spacing, 1, 1, CMPL_NONE, NULL },
    { "lessons", "lessons",
      "list the lessons: number, title, objective, length",
      "Lists the course's lessons in order, each with its objective and\n"
      "how long it takes. They are found in $NEURON_LESSONS, in lessons/\n"
      "next to the program, or where neuron was installed.\n"
      "  > lessons\n",
      T_SESSION, cmd_lessons, 0, 0, CMPL_NONE, NULL },
    { "lesson", "lesson N | lesson NAME",
      "run a lesson, then keep playing with what it built",
      "Runs lesson N (or the lesson whose title contains NAME) in this\n"
      "session; when it ends, everything it set up is still here to\n"
      "explore at the prompt.\n"
      "  > lesson 1\n",
      T_SESSION, cmd_lesson, 1, -1, CMPL_NONE, NULL },
    { "record", "record FILE.md | record stop",
      "write what follows as a Markdown handout, plots as SVG files",
      "From `record lesson.md` to `record stop`, every command and what it\n"
      "prints are also written to lesson.md as Markdown a teacher can hand\n"
      "out: commands in ```neuron blocks, their output in ```text blocks.\n"
      "Each plot is also written as an SVG file beside it (lesson-1.svg,\n"
      "lesson-2.svg, ...) and shown in the Markdown. The file is written\n"
      "whole at `record stop`, or when the session ends. `record` alone\n"
      "says whether a recording is going on.\n"
      "  > record /tmp/handout.md\n"
      "  > plot sigmoid\n"
      "  > record stop\n",
      T_SESSION, cmd_record, 0, -1, CMPL_FILE, NULL },
    { "run", "run FILE",
      "run a script in this session",
      "Runs the commands in FILE as if typed here; what it sets up stays.\n"
      "The rest of the line is the file name, spaces and all. An error\n"
      "stops the script (unless --keep-going). Scripts may run other\n"
      "scripts, up to 16 deep; a script that runs itself is refused.\n",
      T_SESSION, cmd_run, 1, -1, CMPL_FILE, NULL },
    { "reset", "reset",
      "start afresh: neuron, seed and settings back to the start",
      "Forgets the inputs, weights, bias and activation, restarts the\n"
      "random generator at seed 42 and prints numbers as at the start.\n"
      "  > reset\n",
      T_SESSION, cmd_reset, 0, 0, CMPL_NONE, NULL },
    { "help", "help [COMMAND [WORD]]",
      "list the commands, or explain one",
      "Without a name, lists every command with one line each. With a\n"
      "command's name (or the start of one), explains it with an example.\n"
      "With a word the command takes (`help data moons`, `help loss bce`,\n"
      "`help plot loss`), explains that word, with an example of its own.\n"
      "`help activation NAME` explains an activation function.\n"
      "  > help fire\n"
      "  > help data moons\n",
      T_SESSION, cmd_help, 0, -1, CMPL_CMD, NULL },
    { "quit", "quit",
      "leave neuron (Ctrl-D does the same)",
      "Ends the session, and any script being run, with status 0 when all\n"
      "went well.\n",
      T_SESSION, cmd_quit, 0, 0, CMPL_NONE, NULL },
    { "exit", "exit", "same as `quit`",
      "Same as `quit`.\n",
      T_SESSION, cmd_quit, 0, 0, CMPL_NONE, NULL },
};

#define TABLE_SIZE (sizeof table / sizeof table[0])

size_t cmd_count(void)
{
    return TABLE_SIZE;
}

const cmd *cmd_at(size_t i)
{
    return i < TABLE_SIZE ? &table[i] : NULL;
}

const char *cmd_usage(const cmd *c, char *buf, size_t cap)
{
    const char *names = c->rows ? strstr(c->usage, "@names") : NULL;
    const char *usages = c->rows ? strstr(c->usage, "@usages") : NULL;
    const char *at = names ? names : usages;
    if (!at || cap == 0)
        return c->usage;
    int n = snprintf(buf, cap, "%.*s", (int)(at - c->usage), c->usage);
    size_t used = n > 0 && (size_t)n < cap ? (size_t)n : cap - 1;
    const cmd_word *w;
    for (size_t i = 0; (w = c->rows(i)) && used + 1 < cap; i++) {
        n = snprintf(buf + used, cap - used, "%s%s", i ? " | " : "",
                     names ? w->name : w->usage);
        used += n > 0 && (size_t)n < cap - used ? (size_t)n : cap - 1 - used;
    }
    if (used + 1 < cap)
        snprintf(buf + used, cap - used, "%s", at + (names ? 6 : 7));
    return buf;
}

/* What save and load write and read besides a session: rows, each
 * followed by a file name. */
static const cmd_word file_words[] = {
    { "weights", "weights FILE", "the neuron's activation, weights and bias",
      1, "inputs 1 1; weights 0.2 0.1; save weights /tmp/and.weights" },
    { "network", "network FILE", "the network: its layers, weights and "
      "biases", 1, "network 2 2 tanh 1; save network /tmp/xor.net" },
};

const cmd_word *cmd_file_word(size_t i)
{
    return CMD_ROW_AT(file_words, i);
}

/* What load reads: the same files save writes. */
static const cmd_word load_words[] = {
    { "weights", "weights FILE", "the neuron's activation, weights and bias",
      1, "inputs 1 1; weights 0.2 0.1; save weights /tmp/and.weights; load "
      "weights /tmp/and.weights" },
    { "network", "network FILE", "the network: its layers, weights and "
      "biases", 1, "network 2 2 tanh 1; save network /tmp/xor.net; load network "
      "/tmp/xor.net" },
};

const cmd_word *cmd_load_word(size_t i)
{
    return CMD_ROW_AT(load_words, i);
}

/* What trace takes: ROW_ON, ROW_OFF. */
static const cmd_word trace_words[] = {
    { "on", "on", "write out every update of epoch and train", 0,
      "trace on" },
    { "off", "off", "write nothing while training", 0, "trace off" },
};

const cmd_word *cmd_trace_word(size_t i)
{
    return CMD_ROW_AT(trace_words, i);
}

/* What echo takes: ROW_ON, ROW_OFF. */
static const cmd_word echo_words[] = {
    { "on", "on", "print each command of a script before its output", 0,
      "echo on" },
    { "off", "off", "scripts run quietly", 0, "echo off" },
};

const cmd_word *cmd_echo_word(size_t i)
{
    return CMD_ROW_AT(echo_words, i);
}

/* ============================ completion ============================ */

/* The command whose argument is being completed (NULL: a command name). */
static const cmd *completing;

/* The row named by word[0..len) among c's rows, or NULL. */
static const cmd_word *row_named(const cmd *c, const char *word, size_t len)
{
    const cmd_word *w;
    for (size_t i = 0; c->rows && (w = c->rows(i)); i++)
        if (strlen(w->name) == len && strncasecmp(w->name, word, len) == 0)
            return w;
    return NULL;
}

interp_cmpl interp_complete_at(const char *line, size_t start)
{
    size_t skip = strspn(line, " \t");
    completing = NULL;
    if (start <= skip)
        return INTERP_CMPL_WORDS;  // the command's name
    size_t n = strcspn(line + skip, " \t");
    const cmd *c = cmd_find(line + skip, n);
    if (!c)
        return INTERP_CMPL_NONE;
    /* which argument start is in, and the first argument's word */
    size_t at = skip + n, k = 0, first = 0, first_len = 0;
    for (;;) {
        at += strspn(line + at, " \t");
        if (at >= start)
            break;
        size_t len = strcspn(line + at, " \t");
        if (k == 0) {
            first = at;
            first_len = len;
        }
        k++;
        at += len;
        if (at >= start)
            return INTERP_CMPL_NONE;  // inside a word before the cursor
    }
    if (k == 0) {  // the first argument: the row's names, or files
        if (c->complete == CMPL_FILE)
            return INTERP_CMPL_FILES;
        if (c->complete == CMPL_NONE)
            return INTERP_CMPL_NONE;
        completing = c;
        return INTERP_CMPL_WORDS;
    }
    const cmd_word *w = row_named(c, line + first, first_len);
    if (w && (size_t)w->files >= k)
        return INTERP_CMPL_FILES;
    if (c->complete == CMPL_OPTS && !w) {  // train 5 <Tab>: its options
        completing = c;
        return INTERP_CMPL_WORDS;
    }
    return INTERP_CMPL_NONE;
}

const char *interp_complete_word(size_t i, char *buf, size_t cap)
{
    (void)buf;
    (void)cap;
    if (!completing) {
        const cmd *c = cmd_at(i);
        return c ? c->name : NULL;
    }
    if (completing->complete == CMPL_CMD) {  // help NAME
        const cmd *c = cmd_at(i);
        return c ? c->name : NULL;
    }
    size_t rows = 0;  // the rows first, then the activations
    while (completing->rows && completing->rows(rows))
        rows++;
    if (i < rows)
        return completing->rows(i)->name;
    if (completing->complete == CMPL_ACT) {
        const nn_act *a = nn_act_at(i - rows);
        return a ? a->name : NULL;
    }
    return NULL;
}

int cmd_is_narration(const cmd *c)
{
    return c && strcmp(c->topic, T_LESSON) == 0;
}

const cmd *cmd_find(const char *name, size_t len)
{
    for (size_t i = 0; i < TABLE_SIZE; i++)
        if (strlen(table[i].name) == len
            && strncasecmp(table[i].name, name, len) == 0)
            return &table[i];
    return NULL;
}

int cmd_takes_raw_line(const cmd *c)
{
    return c && (c->fn == cmd_say || c->fn == cmd_hint);
}

/* ============================ arguments ============================ */

void cmd_lex(lexer *lx, const cmd_args *a)
{
    lex_init(lx, a->text, a->len, a->col);
}

/* Reads an optionally signed number literal: 0 or CMD_ERR. */
static int signed_number(sess *s, lexer *lx, const char *what, double *v)
{
    token t;
    lex_error err;
    if (lex_next(lx, &t, &err) != 0)
        return sess_fail_lex(s, &err);
    double sign = 1;
    if (t.kind == TOK_PUNCT && (t.op == '-' || t.op == '+')) {
        sign = t.op == '-' ? -1 : 1;
        token signtok = t;
        if (lex_next(lx, &t, &err) != 0)
            return sess_fail_lex(s, &err);
        if (t.kind == TOK_NUM && t.space_before)
            return sess_fail(s, signtok.col, 1, "a sign must touch its number: "
                             "write %c%.*s", signtok.op, (int)t.len, t.start);
        if (t.kind != TOK_NUM) {
            lex_expected(&err, &t, what);
            return sess_fail_lex(s, &err);
        }
    }
    if (t.kind != TOK_NUM) {
        lex_expected(&err, &t, what);
        return sess_fail_lex(s, &err);
    }
    *v = sign * t.num;
    return 0;
}

int cmd_read_number(sess *s, lexer *lx, const char *what, double *v)
{
    return signed_number(s, lx, what, v);
}

int cmd_read_end(sess *s, lexer *lx)
{
    token t;
    lex_error err;
    if (lex_next(lx, &t, &err) != 0)
        return sess_fail_lex(s, &err);
    if (t.kind != TOK_END) {
        lex_expected(&err, &t, "end of line");
        return sess_fail_lex(s, &err);
    }
    return 0;
}

int cmd_read_vector(sess *s, lexer *lx, size_t max, double **v, size_t *n)
{
    token t, open = { 0 };
    lex_error err;
    size_t count = 0, cap = 16;
    double *vals = nn_malloc(cap * sizeof *vals);
    int comma_ok = 0, closed = 0;
    size_t comma_col = SIZE_MAX;  // a comma still waiting for its number
    if (!vals)
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    if (lex_peek(lx, &t, &err) == 0 && tok_is(&t, '[')) {
        lex_next(lx, &open, &err);
    }
    for (;;) {
        if (lex_peek(lx, &t, &err) != 0)
            goto fail_lex;
        if (t.kind == TOK_END)
            break;
        if (tok_is(&t, ']')) {
            if (!open.len) {
                sess_fail(s, t.col, 1, "unmatched ']'");
                goto fail;
            }
            lex_next(lx, &t, &err);
            closed = 1;
            break;
        }
        if (tok_is(&t, ',')) {
            if (!comma_ok) {
                sess_fail(s, t.col, 1, "expected a number before ','");
                goto fail;
            }
            lex_next(lx, &t, &err);
            comma_ok = 0;
            comma_col = t.col;
            continue;
        }
        if (count == max) {
            sess_fail(s, t.col, t.len, "too many numbers (at most %zu)",
                      max);
            goto fail;
        }
        if (count == cap) {
            double *p = nn_realloc(vals, 2 * cap * sizeof *vals);
            if (!p) {
                sess_fail(s, SIZE_MAX, 0, "out of memory");
                goto fail;
            }
            vals = p;
            cap *= 2;
        }
        if (signed_number(s, lx, "a number", &vals[count]) != 0)
            goto fail;
        count++;
        comma_ok = 1;
        comma_col = SIZE_MAX;
    }
    if (comma_col != SIZE_MAX) {
        sess_fail(s, comma_col, 1, "expected a number after ','");
        goto fail;
    }
    if (open.len && !closed) {
        sess_fail(s, open.col, 1, "'[' is not closed: add ']' at the end");
        goto fail;
    }
    if (cmd_read_end(s, lx) != 0)
        goto fail;
    if (count == 0) {
        sess_fail(s, SIZE_MAX, 0, "expected at least one number");
        goto fail;
    }
    *v = vals;
    *n = count;
    return 0;
fail_lex:
    sess_fail_lex(s, &err);
fail:
    free(vals);
    return CMD_ERR;
}

/* Finds the activation named by token t, or records an error with a
 * suggestion. */
const nn_act *cmd_find_act(sess *s, const token *t)
{
    if (t->kind != TOK_NAME) {
        lex_error err;
        lex_expected(&err, t, "an activation name (see `activations`)");
        sess_fail_lex(s, &err);
        return NULL;
    }
    const nn_act *act = nn_act_find(t->start, t->len);
    if (act)
        return act;
    suggest sg;
    suggest_init(&sg, t->start, t->len);
    for (size_t i = 0; i < nn_act_count(); i++)
        suggest_offer(&sg, nn_act_at(i)->name);
    const char *best = suggest_result(&sg);
    int n = t->len > 40 ? 40 : (int)t->len;
    if (best)
        sess_fail(s, t->col, t->len, "unknown activation '%.*s'; did you "
                  "mean '%s'?", n, t->start, best);
    else
        sess_fail(s, t->col, t->len, "unknown activation '%.*s'; "
                  "`activations` lists them", n, t->start);
    return NULL;
}

int cmd_row_of(cmd_words_fn rows, const token *t)
{
    const cmd_word *w;
    for (size_t i = 0; rows && (w = rows(i)); i++)
        if (tok_is_word(t, w->name))
            return (int)i;
    return -1;
}

/* The row named "--NAME" (fire's --plot, train's --watch) when t and
 * the tokens after it in lx are '-', '-', NAME written together: its
 * index, with lx moved past them; else -1. */
static int dashed_row(cmd_words_fn rows, lexer *lx, const token *t)
{
    lexer look = *lx;
    token dash, name;
    lex_error err;
    const cmd_word *w;
    if (!tok_is(t, '-') || lex_next(&look, &dash, &err) != 0
        || !tok_is(&dash, '-') || dash.space_before
        || lex_next(&look, &name, &err) != 0 || name.kind != TOK_NAME
        || name.space_before)
        return -1;
    for (size_t i = 0; (w = rows(i)); i++)
        if (strncmp(w->name, "--", 2) == 0 && tok_is_word(&name, w->name + 2)) {
            *lx = look;
            return (int)i;
        }
    return -1;
}

int cmd_read_row(sess *s, const cmd_args *a, cmd_words_fn rows, int *choice)
{
    lexer lx;
    token t;
    lex_error err;
    cmd_lex(&lx, a);
    if (lex_next(&lx, &t, &err) != 0)
        return sess_fail_lex(s, &err);
    *choice = cmd_row_of(rows, &t);
    if (*choice < 0)
        *choice = dashed_row(rows, &lx, &t);
    if (*choice >= 0)
        return cmd_read_end(s, &lx);
    /* "mse, bce, bce_logits or ce", from the rows */
    const cmd_word *w;
    char names[400];
    size_t used = 0, n = 0;
    while (rows(n))
        n++;
    suggest sg;
    suggest_init(&sg, t.kind == TOK_NAME ? t.start : "", t.kind == TOK_NAME
                 ? t.len : 0);
    for (size_t i = 0; i < n; i++) {
        w = rows(i);
        suggest_offer(&sg, w->name);
        int k = snprintf(names + used, sizeof names - used, "%s%s",
                         i == 0 ? "" : i + 1 == n ? " or " : ", ", w->name);
        used += k > 0 && (size_t)k < sizeof names - used ? (size_t)k : 0;
    }
    const char *best = t.kind == TOK_NAME ? suggest_result(&sg) : NULL;
    if (best)
        return sess_fail(s, t.col, t.len, "expected %s, got '%.*s'; did you "
                         "mean '%s'?", names, t.len > 40 ? 40 : (int)t.len,
                         t.start, best);
    lex_expected(&err, &t, names);
    return sess_fail_lex(s, &err);
}

