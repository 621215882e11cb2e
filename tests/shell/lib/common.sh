# common.sh - the start every shell test shares: sourced, not run.
# Sets NEURON (required), VG (a command prefix such as valgrind, maybe
# empty), T (the hang detector's limit in seconds), tmp (a folder removed
# at exit), fails (the failure count) and fail MESSAGE.
set -u
: "${NEURON:?NEURON must name the neuron binary}"
VG=${VG:-}
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
