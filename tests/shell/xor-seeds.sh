#!/bin/sh
# xor-seeds.sh - the success rates the lesson and the engine state: a
# 2-2-1 tanh network with a sigmoid output, bce, rate 0.5, 2000 epochs,
# finds XOR from 56 of the seeds 1..100 with batch 1 (src/engine/net.c,
# nn_net_init) and from 52 with the whole batch, and a 2-4-1 network from
# all 100 (lessons/06-hidden-layers.neuron). The default seed is one that
# finds it. The figures are exact: the same seed gives the same weights,
# the same shuffles and the same float sums on every run.
# Run by tests/run-all.sh with $NEURON (absolute path) and maybe $VG.
# shellcheck disable=SC2086
. "$(dirname "$0")/lib/common.sh"
T=600  # whole lessons and trainings: under ASan or valgrind, minutes

# count UNITS BATCH: how many of the seeds 1..100 reach accuracy 1.
count() {
    {
        echo "data xor"
        echo "loss bce"
        echo "rate 0.5"
        echo "batch $2"
        s=1
        while [ $s -le 100 ]; do
            echo "seed $s"
            echo "network 2 $1 tanh 1 sigmoid"
            echo "train 2000"
            s=$((s + 1))
        done
    } >"$tmp/in"
    LC_ALL=C timeout "$T" $VG "$NEURON" --color=never "$tmp/in" \
        >"$tmp/out" 2>"$tmp/err"
    rc=$?
    status "2-$1-1, batch $2" 0
    got=$(grep -c '^epoch 2000: .*, accuracy 1$' "$tmp/out")
}

count 2 1
[ "$got" = 56 ] || fail "2-2-1, batch 1: XOR from $got seeds of 100, not 56"
count 2 full
[ "$got" = 52 ] || fail "2-2-1, whole batch: XOR from $got seeds of 100, not 52"
count 4 full
[ "$got" = 100 ] || fail "2-4-1, whole batch: XOR from $got seeds of 100, not 100"

# the issue's own words, from the default seed
printf 'data xor\nnetwork 2 2 tanh 1 sigmoid\nloss bce\nrate 0.5\ntrain 2000\n' \
    >"$tmp/in"
LC_ALL=C timeout "$T" $VG "$NEURON" --color=never "$tmp/in" >"$tmp/out" \
    2>"$tmp/err"
rc=$?
status "default seed" 0
grep -q '^epoch 2000: .*, accuracy 1$' "$tmp/out" \
    || fail "2-2-1 from the default seed does not find XOR: $(tail -1 "$tmp/out")"
grep -q 'initial weights from seed 42' "$tmp/out" \
    || fail "the default seed is not 42"

# the printed seed gives the weights and the shuffles after them, whatever
# drew from the generator before: the same training, bit for bit
printf 'data moons 50\ntrain 3\ndata xor\nnetwork 2 3 tanh 1 sigmoid\ntrain 5\nsave network %s/a.net\nseed 42\ndata xor\nnetwork 2 3 tanh 1 sigmoid\ntrain 5\nsave network %s/b.net\n' \
    "$tmp" "$tmp" >"$tmp/in"
LC_ALL=C timeout "$T" $VG "$NEURON" --color=never --allow-write "$tmp" "$tmp/in" \
    >"$tmp/out" 2>"$tmp/err"
rc=$?
status "seed gives the weights" 0
cmp -s "$tmp/a.net" "$tmp/b.net" \
    || fail "network and train 5 after data moons and train, and after seed 42, differ: the printed seed does not give the training"
[ "$fails" -eq 0 ]
