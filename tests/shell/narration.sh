#!/bin/sh
# narration.sh - every lesson and example prints its narration as written
# (issue 13): a `say` line whose text starts with spaces (an indented
# table) or holds a `#` or `;` comes out whole, each such line found
# exactly, as a line of its own, in the run's output.
# Run by tests/run-all.sh with $NEURON (absolute path).
set -u
: "${NEURON:?NEURON must name the neuron binary}"
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
NEURON_LESSONS="$top/lessons"
export NEURON_LESSONS
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fails=0
checked=0
for f in lessons/*.neuron examples/*.neuron; do
    # the text of each such say line: after "say" and one blank
    sed -n 's/^[ \t]*[Ss][Aa][Yy][ \t]//p' "$f" |
        grep -e '^ ' -e '#' -e ';' | sed 's/[ \t\r]*$//' >"$tmp/want"
    [ -s "$tmp/want" ] || continue
    (cd "$(dirname "$f")" && "$NEURON" --color=never --width 80 \
        "$(basename "$f")" </dev/null >"$tmp/out" 2>/dev/null)
    while IFS= read -r line; do
        checked=$((checked + 1))
        grep -q -F -x -e "$line" "$tmp/out" ||
            { echo "FAIL: $f: narration not printed as written: '$line'";
              fails=$((fails + 1)); }
    done <"$tmp/want"
done
[ "$checked" -ge 18 ] ||
    { echo "FAIL: only $checked narration lines checked, expected 18 or more"; fails=$((fails + 1)); }
[ "$fails" -eq 0 ] && echo "narration.sh: all passed ($checked lines)"
[ "$fails" -eq 0 ]
