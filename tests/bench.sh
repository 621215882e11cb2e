#!/bin/sh
# bench.sh [BUILD_DIR] - what `make bench` runs: task T1 of the network
# issue timed by BUILD_DIR/bench (tests/bench.c) on one thread and on all,
# the REPL's start-up time beside /bin/true's, and the numpy baseline
# (../shared/bench/numpy_t1.py, on one BLAS thread) in the same sitting.
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
