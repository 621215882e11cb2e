#!/bin/sh
# readme.sh - the README runs as written (issue 13): every fenced block
# that shows a `neuron> ` prompt is typed into one session, block after
# block, as a reader would (`   ...> ` lines too: an image's rows). Every
# command must run without an error, and every output line the README
# shows under a command must be printed.
# Lines that are only a comment, or `...`, are the README's own notes.
# Run by tests/run-all.sh with $NEURON (absolute path) and maybe $VG.
# shellcheck disable=SC2086
. "$(dirname "$0")/lib/common.sh"
T=600  # whole lessons and trainings: under ASan or valgrind, minutes
top=$(cd "$(dirname "$0")/../.." && pwd)

awk -v cmds="$tmp/readme.neuron" -v want="$tmp/want" '
    /^```/ { inb = !inb; prompt = 0; next }
    !inb { next }
    /^neuron> / { prompt = 1; print substr($0, 9) >cmds; next }
    /^   \.\.\.> / { print substr($0, 9) >cmds; next }
    !prompt { next }
    /^[ \t]*#/ || /^[ \t]*\.\.\.[ \t]*$/ || /^[ \t]*$/ { next }
    { print >want }
' "$top/README.md"
[ -s "$tmp/readme.neuron" ] || fail "README.md shows no neuron> commands"
touch "$tmp/want"
ln -s "$top/examples" "$tmp/examples"
ln -s "$top/lessons" "$tmp/lessons"
(cd "$tmp" && LC_ALL=C.UTF-8 timeout "$T" $VG "$NEURON" --color=never \
    --width 80 readme.neuron </dev/null >"$tmp/out" 2>"$tmp/err")
rc=$?
status "README.md's commands" 0
if [ -s "$tmp/err" ]; then
    fail "README.md's commands print errors:"
    head -6 "$tmp/err" | sed 's/^/    /'
fi
shown=0
while IFS= read -r line; do
    shown=$((shown + 1))
    grep -q -x -F -e "$line" "$tmp/out" ||
        fail "README.md shows '$line', which its commands do not print"
done <"$tmp/want"

if [ "$fails" -eq 0 ]; then
    echo "readme.sh: all passed ($(wc -l <"$tmp/readme.neuron") commands, $shown output lines)"
fi
[ "$fails" -eq 0 ]
