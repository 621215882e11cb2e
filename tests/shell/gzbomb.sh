#!/bin/sh
# gzbomb.sh - gzip bombs given as digits (RELIABILITY K11). A few hundred
# KB of gzip inflate to hundreds of MB: an image file whose header
# declares more than 256 MiB of pixels is refused from its header, before
# anything is inflated; one that declares little and then goes on is cut
# at the declared size; one at the limit loads. Memory stays bounded by
# what the header declares (checked with /usr/bin/time when there is one).
# Before, up to 2 GiB a file was accepted: 2 MB of gzip took 2 GB of
# memory, and `data mnist` with four such files 4.2 GB.
# The bombs are made here, with gzip, not kept in the tree.
# Run by tests/run-all.sh with $NEURON (absolute path) and maybe $VG.
# checklist: K11
# shellcheck disable=SC2086
. "$(dirname "$0")/lib/common.sh"
mkdir "$tmp/w"
w=$tmp/w

# be32 N: N as 4 big-endian bytes
be32() {
    for shift in 24 16 8 0; do
        # shellcheck disable=SC2059
        printf "\\$(printf '%03o' $((($1 >> shift) & 255)))"
    done
}

# images FILE COUNT ZEROS: an IDX image file of COUNT 28x28 digits, whose
# data is ZEROS zero bytes (the header may say otherwise), gzipped
images() {
    { be32 2051; be32 "$2"; be32 28; be32 28; head -c "$3" /dev/zero; } |
        gzip -1 >"$1"
}

# labels FILE COUNT: an IDX label file of COUNT labels 0, gzipped
labels() {
    { be32 2049; be32 "$2"; head -c "$2" /dev/zero; } | gzip -1 >"$1"
}

# mem_run WHAT ARGS...: nrun, and under /usr/bin/time the largest resident
# size in KB into $kb (empty without it, or under valgrind)
kb=""
mem_run() {
    what=$1
    shift
    kb=""
    if [ -z "$VG" ] && [ -x /usr/bin/time ]; then
        (cd "$w" && LC_ALL=C timeout "$T" /usr/bin/time -f '%M' -o "$tmp/kb" \
            "$NEURON" --color=never "$@" </dev/null >"$tmp/out" 2>"$tmp/err")
        rc=$?
        kb=$(tail -1 "$tmp/kb" 2>/dev/null)
    else
        (cd "$w" && LC_ALL=C timeout "$T" $VG "$NEURON" --color=never "$@" \
            </dev/null >"$tmp/out" 2>"$tmp/err")
        rc=$?
    fi
}

# under KB WHAT: the run used less than KB kilobytes (when measured)
under() {
    case $kb in
    '' | *[!0-9]*) ;;
    *) [ "$kb" -lt "$1" ] || fail "$2: $kb KB of memory, expected under $1" ;;
    esac
}

# ---- the header declares 300,000,000 bytes: refused at once ----
# 382,653 digits of 28x28 = 299,999,952 bytes of pixels, there in full
# (290 KB of gzip), as train and test sets.
mkdir "$w/bomb"
images "$w/bomb/train-images-idx3-ubyte.gz" 382653 299999952
labels "$w/bomb/train-labels-idx1-ubyte.gz" 382653
cp "$w/bomb/train-images-idx3-ubyte.gz" "$w/bomb/t10k-images-idx3-ubyte.gz"
cp "$w/bomb/train-labels-idx1-ubyte.gz" "$w/bomb/t10k-labels-idx1-ubyte.gz"
mem_run "over the limit" -e 'data mnist bomb'
status "K11 data mnist, 300 MB declared" 1
err_has "K11 data mnist, 300 MB declared" "train-images-idx3-ubyte.gz: header says 382653 images of 28x28: more than 268435456 bytes of pixels (256 MiB, the most one file may hold)"
under 100000 "K11 data mnist, 300 MB declared"
mem_run "over the limit" -e 'data idx bomb/t10k-images-idx3-ubyte.gz bomb/t10k-labels-idx1-ubyte.gz'
status "K11 data idx, 300 MB declared" 1
err_has "K11 data idx, 300 MB declared" "t10k-images-idx3-ubyte.gz: header says 382653 images of 28x28: more than 268435456 bytes"
under 100000 "K11 data idx, 300 MB declared"
rm -r "$w/bomb"

# ---- the header declares one digit, 64 MiB follow: cut at 784 + 1 ----
images "$w/one.gz" 1 67108864
labels "$w/one-labels.gz" 1
mem_run "one digit declared" -e 'data idx one.gz one-labels.gz'
status "K11 one digit, then 64 MiB" 1
err_has "K11 one digit, then 64 MiB" "one.gz: header says 1 image of 28x28 (784 bytes) but more data follows"
under 50000 "K11 one digit, then 64 MiB"
rm "$w/one.gz" "$w/one-labels.gz"

# ---- at the limit: 342,392 digits, 268,435,328 bytes, load ----
if [ -z "$VG" ]; then
    images "$w/full.gz" 342392 268435328
    labels "$w/full-labels.gz" 342392
    mem_run "at the limit" -e 'data idx full.gz full-labels.gz' -e '1+41'
    status "K11 at the limit" 0
    out_has "K11 at the limit" "342392 images of 28x28, labels 0-9"
    out_has "K11 at the limit" "42"
    under 400000 "K11 at the limit"  # 256 MiB of pixels and their labels
    rm "$w/full.gz" "$w/full-labels.gz"
fi

if [ "$fails" -eq 0 ]; then
    echo "gzbomb.sh: all passed"
fi
[ "$fails" -eq 0 ]
