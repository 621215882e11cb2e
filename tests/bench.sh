#!/bin/sh
# bench.sh [BUILD_DIR] - what `make bench` runs: task T1 of the network
# issue timed by BUILD_DIR/bench (tests/bench.c) on one thread and on all,
# the REPL's start-up time beside /bin/true's, and the numpy baseline
# (../shared/bench/numpy_t1.py, on one BLAS thread) in the same sitting,
# and what watching training (train --watch) costs it, as a ratio.
# Prints one line per figure, `name value unit`. The machine is noisy, so
# ours and numpy's runs alternate, three of each, and each figure is the
# median of the three. Installs nothing: without Debian's python3-numpy it
# says so and skips the baseline.
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
case "$B" in
/*) BENCH="$B/bench" ;;
*) BENCH="$top/$B/bench" ;;
esac
DATA="$top/lessons/data/mnist"
BASELINE="$top/../shared/bench/numpy_t1.py"
PY=/usr/bin/python3
ROUNDS=3

if [ ! -x "$BENCH" ]; then
    echo "bench.sh: $BENCH is missing (make bench builds it)" >&2
    exit 1
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

numpy=0
if [ -x "$PY" ] && [ -f "$BASELINE" ] &&
    "$PY" -c 'import numpy' >/dev/null 2>&1; then
    numpy=1
fi

# median of the numbers on standard input
median() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) exit 1
        if (NR % 2) print v[(NR + 1) / 2]
        else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

i=1
while [ $i -le $ROUNDS ]; do
    "$BENCH" "$DATA" >"$tmp/ours.$i" || { cat "$tmp/ours.$i"; exit 1; }
    if [ $numpy = 1 ]; then
        # the baseline as its README runs it, on one BLAS thread;
        # OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE (set on some machines
        # here) slow numpy down
        MNIST_DIR="$DATA" OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 \
            env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
            "$PY" "$BASELINE" --act sigmoid --epochs 5 >"$tmp/numpy.$i" \
            2>&1 || { cat "$tmp/numpy.$i"; exit 1; }
    fi
    i=$((i + 1))
done

grep '^#' "$tmp/ours.1"
# each of our figures: the median over the rounds, with its unit
for name in $(awk '!/^#/ { print $1 }' "$tmp/ours.1"); do
    unit=$(awk -v n="$name" '$1 == n { print $3 }' "$tmp/ours.1")
    value=$(cat "$tmp"/ours.* | awk -v n="$name" '$1 == n { print $2 }' |
            median)
    echo "$name $value $unit"
done

"$BENCH" --startup "$top/neuron" -e 'sigmoid(0)' || exit 1

# how time grows with size: Debian's dataset-fashion-mnist gives the
# 60,000-sample point of the data slope when it is installed
FASHION=/usr/share/datasets/fashion-mnist
[ -f "$FASHION/train-images-idx3-ubyte.gz" ] || FASHION=
"$BENCH" --growth "$top/neuron" "$DATA" $FASHION || exit 1

# watching (issue 17): what drawing the live view costs training. The
# same training runs twice on a pseudo-terminal of 100x30 (script(1)):
# unwatched with its output to /dev/null (the training alone, no rows on
# a screen, no progress bar), and watched, drawing its frames 20 times a
# second on the terminal. GNU time measures neuron's own CPU time (user
# and system: what watching takes from the training on a shared machine)
# and its wall time (noisier here, where other work runs). Each figure is
# the median watched over the median unwatched, five runs of each,
# alternating: 1.10 would be the 10% the issue allows. Runs of about a
# second: a neuron on AND (rule gradient, 1,000,000 epochs), a network on
# 200 moons (6,000 epochs), the course notebook's network on the digits
# (10 epochs).
watch_ratio() {  # NAME COMMANDS
    if ! command -v script >/dev/null 2>&1 || [ ! -x /usr/bin/time ]; then
        echo "# $1 skipped: needs script(1) and GNU time (/usr/bin/time)"
        return
    fi
    for i in 1 2 3 4 5; do
        for w in "" " --watch"; do
            if [ -n "$w" ]; then to=""; else to=" >/dev/null"; fi
            f="$tmp/watch${w:+ed}.$1"
            script -qec "stty cols 100 rows 30; /usr/bin/time -o $f.t \
-f '%U %S %e' \"$top/neuron\" -e '$2$w'$to" /dev/null >/dev/null 2>&1
            awk '{ print $1 + $2 }' "$f.t" >>"$f.cpu"
            awk '{ print $3 }' "$f.t" >>"$f.wall"
        done
    done
    for m in cpu wall; do
        plain=$(median <"$tmp/watch.$1.$m")
        watched=$(median <"$tmp/watched.$1.$m")
        awk -v n="$1_$m" -v a="$watched" -v b="$plain" \
            'BEGIN { printf "%s %.3f ratio (%.2f s watched, %.2f s not)\n",
                     n, (b > 0 ? a / b : 0), a, b }'
    done
}
watch_ratio watch_neuron_and 'data and; rule gradient; train 1000000'
watch_ratio watch_net_moons \
    'data moons 200; network 2 8 tanh 1 sigmoid; train 6000'
watch_ratio watch_net_mnist "data mnist $DATA; network 784 50 relu 20 relu \
10 softmax; optimizer adam; rate 0.001; batch 32; train 10"

if [ $numpy = 1 ]; then
    # numpy's epoch: the median of its five epochs, then over the rounds
    for f in "$tmp"/numpy.*; do
        awk '$1 == "epoch" { print $3 }' "$f" | median
    done | median >"$tmp/np_epoch"
    np_epoch=$(cat "$tmp/np_epoch")
    np_acc=$(cat "$tmp"/numpy.* | awk '$1 == "test_acc" { print $2 }' |
             median)
    ours=$(cat "$tmp"/ours.* | awk '$1 == "t1_epoch_s" { print $2 }' |
           median)
    ours1=$(cat "$tmp"/ours.* | awk '$1 == "t1_epoch_1t_s" { print $2 }' |
            median)
    # which BLAS numpy runs on: the libraries it has mapped
    blas=$("$PY" -c 'import numpy, os
print(" ".join(sorted({os.path.basename(os.path.realpath(l.split()[-1]))
      for l in open("/proc/self/maps") if "blas" in l.lower()})))')
    echo "# numpy's BLAS (1 thread): ${blas:-unknown}"
    echo "numpy_t1_epoch_s $np_epoch s"
    echo "numpy_t1_test_acc $np_acc fraction"
    awk -v a="$ours" -v b="$np_epoch" \
        'BEGIN { printf "t1_vs_numpy %.2f ratio\n", a / b }'
    awk -v a="$ours1" -v b="$np_epoch" \
        'BEGIN { printf "t1_1t_vs_numpy %.2f ratio\n", a / b }'
else
    echo "numpy baseline: not available (needs $PY with numpy:" \
         "apt-get install python3-numpy libopenblas0-pthread)"
fi
