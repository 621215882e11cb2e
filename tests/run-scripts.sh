#!/bin/sh
# run-scripts.sh NEURON [--update] - the golden-transcript script tests.
# Each tests/scripts/NAME.neuron runs as
#   LC_ALL=C neuron --color=never --width 80 --allow-write /tmp/neuron-scratch [ARGS]
#       NAME.neuron
# from tests/scripts; stdout must equal NAME.out, stderr NAME.err (empty
# when absent), and the exit status the first line's "# exit: N" (0 when
# absent). "# args: ..." on the second line adds options (--keep-going).
# A NAME.stdin file is fed as standard input. --update rewrites the
# expected files instead (review them with git diff).
# Scripts may write scratch files under /tmp/neuron-scratch, made here and
# allowed with --allow-write (a folder that never holds the tree);
# anywhere else outside tests/scripts they are refused, as a lesson is.
NEURON=$1
update=$2
cd "$(dirname "$0")/scripts" || exit 1
tmp=$(mktemp -d)
mkdir -p /tmp/neuron-scratch
trap 'rm -rf "$tmp"' EXIT
status=0
count=0
for script in *.neuron; do
    [ -f "$script" ] || continue
    name=${script%.neuron}
    want=$(sed -n '1s/^# exit: *\([0-9]*\).*/\1/p' "$script")
    want=${want:-0}
    args=$(sed -n '2s/^# args: *//p' "$script")
    input=/dev/null
    [ -f "$name.stdin" ] && input="$name.stdin"
    # shellcheck disable=SC2086
    LC_ALL=C $VG "$NEURON" --color=never --width 80 --allow-write /tmp/neuron-scratch \
        $args "$script" \
        <"$input" >"$tmp/out" 2>"$tmp/err"
    got=$?
    count=$((count + 1))
    if [ "$update" = "--update" ]; then
        cp "$tmp/out" "$name.out"
        if [ -s "$tmp/err" ]; then cp "$tmp/err" "$name.err"; else rm -f "$name.err"; fi
        [ "$got" = "$want" ] || echo "note: $script exits $got, header says $want"
        continue
    fi
    [ -f "$name.err" ] && experr="$name.err" || experr=/dev/null
    if [ "$got" != "$want" ]; then
        echo "FAIL $script: exit $got, expected $want"; status=1
    fi
    if ! diff -u "$name.out" "$tmp/out" >"$tmp/d1"; then
        echo "FAIL $script: stdout differs"; cat "$tmp/d1"; status=1
    fi
    if ! diff -u "$experr" "$tmp/err" >"$tmp/d2"; then
        echo "FAIL $script: stderr differs"; cat "$tmp/d2"; status=1
    fi
done
[ "$update" = "--update" ] || echo "script tests: $count run"
exit $status
