#!/bin/sh
# width.sh - output respects --width (RELIABILITY D5, H8; DESIGN: "a fixed
# width when output is not a terminal"): no line of help, activations,
# show or fire is longer than the width asked for. Error messages in the
# file:line: shape are exempt (editors parse them whole).
# Run by tests/run-all.sh with $NEURON (absolute path) and maybe $VG.
# $VG is a command prefix (valgrind ...), split into words on purpose.
# shellcheck disable=SC2086
. "$(dirname "$0")/lib/common.sh"

# fits WIDTH WHAT COMMANDS: runs the commands; every stdout line fits.
fits() {
    width=$1
    what=$2
    LC_ALL=C timeout "$T" $VG "$NEURON" --color=never --width "$width" \
        -e "$3" </dev/null >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -ne 0 ]; then
        fail "$what (--width $width): exit status $rc: $(head -2 "$tmp/err")"
        return
    fi
    # the first line too long is reported, with the count of others
    awk -v w="$width" -v what="$what" 'length($0) > w {
            if (!bad) printf "FAIL: %s (--width %d): line %d has %d columns: %s\n",
                             what, w, NR, length($0), substr($0, 1, 50) "..."
            bad++
        }
        END { if (bad > 1) printf "    (and %d more lines)\n", bad - 1
              exit bad > 0 }' "$tmp/out" || fails=$((fails + 1))
}

# checklist: D5 H8
# prose: help wraps to 80 and to 60 columns
for w in 80 60; do
    fits "$w" "help" "help"
    for c in inputs weights bias activation activations show fire init seed \
             print expect digits say pause run reset help quit exit; do
        fits "$w" "help $c" "help $c"
    done
    for a in step sign linear sigmoid tanh relu leaky_relu elu selu softplus \
             gelu gelu_tanh silu softsign hard_sigmoid mish; do
        fits "$w" "help activation $a" "help activation $a"
    done
done

# tables, diagrams and sums fit the default 80 columns of a script
neuron='inputs 1 0 1; weights 0.5 -0.2 0.8; bias -0.3'
fits 80 "activations" "activations"
fits 80 "show" "$neuron; show"
fits 80 "show, leaky_relu 0.1" "$neuron; activation leaky_relu 0.1; show"
fits 80 "show, large numbers" \
    "inputs 123456.789 -0.00012345 1e20; weights -987654.321 1 -1e-20; show"
fits 80 "fire" "$neuron; fire"
fits 80 "fire, 12 inputs" \
    "inputs 1 2 3 4 5 6 7 8 9 10 11 12; weights 0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9 1 1.1 1.2; fire"
fits 80 "init, 12 inputs" "inputs 1 2 3 4 5 6 7 8 9 10 11 12; init random -1 1"

if [ "$fails" -eq 0 ]; then
    echo "width.sh: all passed"
fi
[ "$fails" -eq 0 ]
