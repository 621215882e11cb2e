# common.sh - the start every shell test shares: sourced, not run.
# Sets NEURON (required), VG (a command prefix such as valgrind, maybe
# empty), T (the hang detector's limit in seconds), tmp (a folder removed
# at exit), fails (the failure count) and fail MESSAGE; after a run that
# left rc, $tmp/out and $tmp/err: status WHAT CODE, err_has WHAT TEXT,
# out_has WHAT TEXT, out_is WHAT TEXT.
set -u
: "${NEURON:?NEURON must name the neuron binary}"
VG=${VG:-}
# checklist: I4 (every suite bounds each run with timeout "$T", never
# asserting how long it took)
T=20                                    # a hang detector, not a timing test
[ -n "$VG" ] && T=600
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
fails=0

fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}

status() {
    if [ "$rc" -eq 124 ]; then
        fail "$1: no answer within ${T}s (hang?)"
    elif [ "$rc" -ge 128 ]; then
        fail "$1: killed by signal $((rc - 128))"
    elif [ "$rc" -ne "$2" ]; then
        fail "$1: exit status $rc, expected $2"
        sed 's/^/    stderr: /' "$tmp/err" | head -5
    fi
}

err_has() {
    grep -q -F -e "$2" "$tmp/err" || {
        fail "$1: stderr lacks '$2'"
        sed 's/^/    stderr: /' "$tmp/err" | head -5
    }
}

out_has() {
    grep -q -F -e "$2" "$tmp/out" || {
        fail "$1: stdout lacks '$2'"
        sed 's/^/    stdout: /' "$tmp/out" | head -5
    }
}

out_is() {
    printf '%s\n' "$2" >"$tmp/want"
    cmp -s "$tmp/want" "$tmp/out" || {
        fail "$1: stdout differs"
        diff "$tmp/want" "$tmp/out" | head -10
    }
}
