#!/bin/sh
# interrupt.sh - Ctrl-C stops every evaluation (RELIABILITY K9): a value
# that takes seconds - one expression calling a costly definition
# thousands of times - is stopped inside the value, not after it, in each
# command that evaluates: a plain expression, expect, checkpoint, table,
# plot, compare, fit and show. Each stops within STOP seconds of Ctrl-C
# with the usual "interrupted", and the session answers 1+41 with 42 and
# still has its definitions. Before, Ctrl-C was looked at only between
# values (a table's rows, a plot's samples), or never (an expression):
# each command below ran its ten seconds or more to the end.
# First, without a terminal: a table of 100,000 rows of a costly
# definition, stopped with SIGINT.
# Run by tests/run-all.sh with $NEURON (absolute path) and maybe $VG.
# The terminal cases need tmux (skipped without it) and are skipped under
# valgrind, which is too slow for a deadline.
# checklist: K9
# shellcheck disable=SC2086
. "$(dirname "$0")/lib/common.sh"
STOP=5   # seconds from Ctrl-C to "interrupted": generous, a hang detector
[ -n "$VG" ] && STOP=120
mkdir "$tmp/work"
w=$tmp/work

# f17 doubles f0 = x seventeen times: 786,427 steps a value (the most a
# definition may take is 1,000,000), a few milliseconds. E calls it 3000
# times: a second or more a value even in the fastest build.
{
    printf 'f0(x) = x\n'
    k=1
    while [ "$k" -le 17 ]; do
        printf 'f%d(x) = f%d(x) + f%d(x)\n' "$k" $((k - 1)) $((k - 1))
        k=$((k + 1))
    done
} >"$w/defs.neuron"
E=$(awk 'BEGIN { for (i = 0; i < 3000; i++)
                               printf "%sf17(x)", i ? "+" : "" }' </dev/null)
E1=$(printf '%s' "$E" | sed 's/(x)/(1)/g')

# ---- a table of a costly definition, SIGINT, no terminal ----
: >"$tmp/out"
(cd "$w" && exec env LC_ALL=C $VG "$NEURON" --color=never \
    -e 'run defs.neuron' -e 'table f17 from 0 to 99999 step 1' \
    </dev/null >"$tmp/out" 2>"$tmp/err") &
pid=$!
i=0
while [ "$(wc -l <"$tmp/out")" -lt 3 ] && [ "$i" -lt $((T * 10)) ]; do
    sleep 0.1
    i=$((i + 1))
done
kill -INT "$pid" 2>/dev/null
i=0
while kill -0 "$pid" 2>/dev/null && [ "$i" -lt $((STOP * 10)) ]; do
    sleep 0.1
    i=$((i + 1))
done
if kill -0 "$pid" 2>/dev/null; then
    fail "table of f17: still running ${STOP}s after SIGINT"
    kill -KILL "$pid" 2>/dev/null
fi
wait "$pid"
rc=$?
[ "$rc" -eq 130 ] || fail "table of f17: exit status $rc after SIGINT, expected 130"
err_has "table of f17" "error: table: interrupted after"

# ---- in a terminal: every command that evaluates ----
if ! command -v tmux >/dev/null 2>&1; then
    echo "interrupt.sh: terminal cases skipped: tmux not installed"
    [ "$fails" -eq 0 ] && echo "interrupt.sh: all passed"
    exit $((fails > 0))
fi
if [ -n "$VG" ]; then
    echo "interrupt.sh: terminal cases skipped under valgrind"
    [ "$fails" -eq 0 ] && echo "interrupt.sh: all passed"
    exit $((fails > 0))
fi
sock=nnint$$
tm() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
D=$T

# the commands, one script each (the expressions are 21 KB long)
printf '%s\n' "$E1" >"$w/expression.neuron"
printf 'expect %s = 0\n' "$E1" >"$w/expect.neuron"
printf 'checkpoint add them up :: %s = 0\n' "$E1" >"$w/checkpoint.neuron"
printf 'table %s from 0 to 1 step 0.5\n' "$E" >"$w/table.neuron"
printf 'plot %s from 0 to 1\n' "$E" >"$w/plot.neuron"
printf 'compare %s with x from 0 to 1\n' "$E" >"$w/compare.neuron"
printf 'F = fit %s from 0 to 1 with 4 units\n' "$E" >"$w/fit.neuron"
printf 'show %s\n' "$E" >"$w/show.neuron"

{
    echo "trap : INT QUIT"   # Ctrl-C reaches this shell too
    echo "cd '$w' || exit 1"
    echo "HOME='$w' TERM=xterm-256color LC_ALL=C; export HOME TERM LC_ALL"
    echo "unset XDG_STATE_HOME NO_COLOR COLUMNS LINES"
    echo "'$NEURON' --color=never"
    echo 'echo "EXITED $?"'
    echo "exec sleep 600"
} >"$tmp/session.sh"
tm new-session -d -s int -x 80 -y 24 "sh '$tmp/session.sh'" ||
    { fail "tmux: no session"; exit 1; }

snap() { tm capture-pane -p -t int >"$tmp/screen" 2>/dev/null; }

# waitfor SECONDS GREP-ARGS...: polls the screen until grep matches
waitfor() {
    n=$1
    shift
    i=0
    while [ "$i" -lt $((n * 10)) ]; do
        snap
        grep -q "$@" "$tmp/screen" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

prompt() {
    i=0
    while [ "$i" -lt $((D * 10)) ]; do
        snap
        grep -v '^ *$' "$tmp/screen" | tail -1 | grep -q '^neuron> *$' &&
            return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

typeln() {
    tm send-keys -t int -l "$1"
    tm send-keys -t int Enter
}

# answers LINE WANT: LINE typed after a cleared screen prints the row WANT
answers() {
    tm send-keys -t int C-l
    prompt || return 1
    typeln "$1"
    waitfor "$D" -x -e "$2" && prompt
}

bad() {
    fail "$1"
    awk 'NF { print "    | " $0 }' "$tmp/screen" | tail -8
}

# the process that computes: neuron, the child of the pane's shell
pid=$(pgrep -P "$(tm display-message -p -t int '#{pane_pid}')" 2>/dev/null |
      head -1)

# busy: neuron computes (state R twice, 0.1 s apart); a second without /proc
busy() {
    [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || { sleep 1; return 0; }
    i=0
    seen=0
    while [ "$i" -lt $((D * 10)) ]; do
        if [ "$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null)" = R ]; then
            seen=$((seen + 1))
            [ "$seen" -ge 2 ] && return 0
        else
            seen=0
        fi
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

prompt || { bad "no prompt"; exit 1; }
typeln 'run defs.neuron'
answers 'f17(1)' '131072' || { bad "f17(1) after run defs.neuron"; exit 1; }

for cmd in expression expect table plot compare fit show checkpoint; do
    tm send-keys -t int C-l
    prompt || { bad "$cmd: no prompt before it"; continue; }
    typeln "run $cmd.neuron"
    busy || { bad "$cmd: never started computing"; continue; }
    sleep 0.5                 # well inside one value (a second or more)
    tm send-keys -t int C-c
    if ! waitfor "$STOP" -E 'error: .*interrupted'; then
        bad "$cmd: no 'interrupted' within ${STOP}s of Ctrl-C"
        D=120 prompt  # a build that does not stop: the value runs out
        continue
    fi
    [ -n "${SHOW_SCREENS:-}" ] && awk 'NF { print "    | " $0 }' "$tmp/screen"
    prompt || { bad "$cmd: no prompt after the interrupt"; continue; }
    answers '1+41' '42' || bad "$cmd: 1+41 did not answer 42 after the interrupt"
done

# the session is whole: definitions kept, the interrupted fit made nothing
answers 'f17(1)' '131072' || bad "f17(1) is not 131072 after the interrupts"
answers 'F(0)' "error: unknown function 'F'.*" ||
    bad "the interrupted fit left F defined"
typeln quit
waitfor "$D" -x 'EXITED 0' || bad "quit did not exit 0"

if [ "$fails" -eq 0 ]; then
    echo "interrupt.sh: all passed"
fi
[ "$fails" -eq 0 ]
