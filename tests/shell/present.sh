#!/bin/sh
# present.sh - quizzes, checkpoints and presenter mode (neuron --step) on a
# pseudo-terminal, driven by tmux: `ask` answered right, a miss then right
# with the hint, three misses; `checkpoint` reached by typing commands, and
# `skip`; --step with Enter, b (back: the state is rebuilt) and q, `pause`,
# the typing pace of --type-delay, b over commands that wrote files (none
# written again, a handout rebuilt), the terminal modes after q and after
# SIGTERM (RELIABILITY H5). First, without tmux: pause, ask and checkpoint
# never wait when stdin is not a terminal, even a pipe that stays open
# (E4), `record` under --step gives a plain run's handout, and the new
# options' usage errors.
# Run by tests/run-all.sh with $NEURON (absolute path) and maybe $VG. The
# tmux part is skipped when tmux is not installed. PRESENT_CASES="c_ask"
# runs only those cases (the c_* functions below).
set -u
: "${NEURON:?NEURON must name the neuron binary}"
VG=${VG:-}
D=10                 # seconds to wait for the screen: a hang detector
[ -n "$VG" ] && D=120
tmp=$(mktemp -d) || exit 1
sock=nnpres$$
tm() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() {
    command -v tmux >/dev/null 2>&1 && tm kill-server 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fails=0
mkdir "$tmp/work"

fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}

# ---- without a terminal: nothing waits (E4) ----
# checklist: E4 H10
cat >"$tmp/work/nowait.neuron" <<'EOF'
say one
pause
ask What is sigmoid(0)? = 0.5
hint halfway
checkpoint reach it :: 1 = 2
say two
EOF
for mode in "" "--step"; do
    # a pipe that stays open for 30 s: a read would hang until then
    # shellcheck disable=SC2086
    out=$( (sleep 30 &
            echo $! >"$tmp/sleep.pid"
            wait) | (cd "$tmp/work" && timeout "$D" $VG "$NEURON" $mode \
            --color=never nowait.neuron 2>&1))
    rc=$?
    kill "$(cat "$tmp/sleep.pid")" 2>/dev/null
    [ "$rc" -eq 0 ] ||
        fail "no terminal $mode: exit status $rc (124: it waited)"
    printf '%s\n' "$out" | grep -q -x 'two' ||
        fail "no terminal $mode: the script did not reach its end: $out"
    printf '%s\n' "$out" | grep -q -x 'answer: 0.5' ||
        fail "no terminal $mode: ask did not print its answer"
done

# ---- record under --step: the handout a plain run gives ----
# Issue 14: the presenter's prompts and narration leaked into a handout,
# and a recording still going at the end of the show was lost. Without a
# terminal nothing waits, so --step runs the whole script: its handout and
# plot must be byte for byte those of `neuron FILE`, with the comment and
# the `pause` recorded as a plain run records them. A second script ends
# while recording: both modes write it with the closing note.
mkdir "$tmp/plain" "$tmp/step"
cat >"$tmp/rec.neuron" <<'END'
record h.md
# The neuron, by hand.
say hello
inputs 1 0
weights 0.5 0.5
fire
pause
image dot 3x3
.#.
###
.#.
end
plot relu from -1 to 1
record stop
say after
END
printf 'record end.md\nsay one\n# a note\nprint 1 + 1\n' >"$tmp/end.neuron"
for d in plain step; do
    cp "$tmp/rec.neuron" "$tmp/end.neuron" "$tmp/$d/"
    mode=""
    [ "$d" = step ] && mode="--step"
    for f in rec end; do
        # shellcheck disable=SC2086
        (cd "$tmp/$d" && timeout "$D" $VG "$NEURON" $mode --color=never \
            --width 80 "$f.neuron" </dev/null >"$tmp/$d.$f.out" 2>&1) ||
            fail "record $mode $f.neuron: exit status $?"
    done
done
for f in h.md h-1.svg end.md; do
    if [ ! -f "$tmp/step/$f" ]; then
        fail "record under --step: $f was not written"
    elif ! cmp -s "$tmp/plain/$f" "$tmp/step/$f"; then
        fail "record under --step: $f differs from a plain run's"
        diff "$tmp/plain/$f" "$tmp/step/$f" | head -20 | sed 's/^/    /'
    fi
done
grep -q 'neuron>' "$tmp/step/h.md" 2>/dev/null &&
    fail "record under --step: a prompt is in the handout"
grep -q -x -F 'note: the session ended while recording; recorded 1 command line and 0 plots to end.md' \
    "$tmp/step.end.out" ||
    fail "record under --step: no note for the recording left going"

# ---- usage errors of the new options ----
usage() {
    # shellcheck disable=SC2086
    (cd "$tmp/work" && $VG "$NEURON" "$@" </dev/null >/dev/null 2>"$tmp/err")
    rc=$?
    [ "$rc" -eq 2 ] || fail "neuron $*: exit status $rc, expected 2"
    grep -q "^neuron: " "$tmp/err" || fail "neuron $*: no message"
}
usage --step
usage --step nowait.neuron nowait.neuron
usage --step -e 'say x' nowait.neuron
usage --step -
usage --spacing 11 nowait.neuron
usage --spacing
usage --type-delay abc --step nowait.neuron
usage --type-delay=-1 --step nowait.neuron
(cd "$tmp/work" && $VG "$NEURON" --echo --spacing=2 --type-delay=5 \
    nowait.neuron </dev/null >/dev/null 2>&1) ||
    fail "--echo --spacing=2 --type-delay=5: not accepted"

# --step finds the lessons as `lesson N` does: by number or a title word
if [ -n "${NEURON_LESSONS:-}" ]; then
    for name in 3 activation; do
        (cd "$tmp/work" && $VG "$NEURON" --step "$name" </dev/null \
            >"$tmp/out" 2>"$tmp/err")
        grep -q '^Lesson 3: activation functions' "$tmp/out" ||
            fail "--step $name: lesson 3 not found: $(head -1 "$tmp/err")"
    done
    (cd "$tmp/work" && $VG "$NEURON" --step nosuchlesson </dev/null \
        >/dev/null 2>"$tmp/err")
    rc=$?
    [ "$rc" -eq 1 ] || fail "--step nosuchlesson: exit status $rc, expected 1"
    grep -q "no lesson 'nosuchlesson'" "$tmp/err" ||
        fail "--step nosuchlesson: no clear message"
fi

if ! command -v tmux >/dev/null 2>&1; then
    echo "present.sh: tmux part skipped: tmux not installed"
    [ "$fails" -eq 0 ]
    exit
fi

# q STRING: STRING quoted for sh
q() {
    printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# start S ARGS...: a new 80x24 session S running neuron ARGS in $tmp/work;
# when neuron ends the pane shows "EXITED N" and the terminal modes are
# saved in $tmp/S.stty.
start() {
    s=$1
    shift
    args=""
    for a in "$@"; do
        args="$args $(q "$a")"
    done
    mkdir -p "$tmp/home"
    {
        # Ctrl-C reaches this shell too (same process group): without a
        # trap, sh would die with it once neuron ends, and the pane with it
        echo "trap : INT QUIT"
        echo "cd $(q "$tmp/work") || exit 1"
        echo "HOME=$(q "$tmp/home") TERM=xterm-256color LC_ALL=C"
        echo "export HOME TERM LC_ALL"
        echo "unset XDG_STATE_HOME NO_COLOR COLUMNS LINES LANG LC_CTYPE"
        echo "$VG $(q "$NEURON") --color=never$args"
        echo 'echo "EXITED $?"'
        echo "stty -a >$(q "$tmp/$s.stty") 2>&1"
        echo "exec sleep 600"
    } >"$tmp/$s.sh"
    tm new-session -d -s "$s" -x 80 -y 24 "sh $(q "$tmp/$s.sh")"
}

# snap S: the screen of S into $tmp/screen
snap() { tm capture-pane -p -t "$1" >"$tmp/screen" 2>/dev/null; }

# show: the last screen, without the blank rows at the bottom
show() {
    awk '{ l[NR] = $0; if (NF) n = NR }
         END { for (i = 1; i <= n; i++) print "    | " l[i] }' "$tmp/screen"
}

# bad CASE STEP...: report a failed step with the screen
bad() {
    what=$1
    shift
    fail "$what: $*"
    show
}

# waitfor S GREP-ARGS...: poll the screen of S until grep matches (D s)
waitfor() {
    s=$1
    shift
    i=0
    while [ "$i" -lt $((D * 10)) ]; do
        snap "$s"
        grep -q "$@" "$tmp/screen" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

# last_is S ERE: poll until the last non-blank row of S matches ERE
last_is() {
    s=$1
    i=0
    while [ "$i" -lt $((D * 10)) ]; do
        snap "$s"
        grep -v '^ *$' "$tmp/screen" | tail -1 | grep -q -E -e "$2" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

# absent S GREP-ARGS...: for one second the screen of S never matches
absent() {
    s=$1
    shift
    i=0
    while [ "$i" -lt 10 ]; do
        snap "$s"
        grep -q "$@" "$tmp/screen" && return 1
        sleep 0.1
        i=$((i + 1))
    done
    return 0
}

# count S FIXED: rows of the screen of S that are exactly FIXED
count() { grep -c -x -F -e "$2" "$tmp/screen"; }

# typeln S TEXT: types TEXT literally, then Enter
typeln() {
    tm send-keys -t "$1" -l "$2"
    tm send-keys -t "$1" Enter
}

# modes_ok CASE S: after neuron ended, the terminal is back in canonical
# mode with echo
modes_ok() {
    i=0
    while [ ! -s "$tmp/$2.stty" ] && [ "$i" -lt 50 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    for m in icanon echo; do
        grep -q -w -- "-$m" "$tmp/$2.stty" &&
            fail "$1: the terminal was left with -$m"
    done
}

# ---- ask: right, a miss then right with the hint, three misses ----
c_ask() {
    c="ask"
    cat >"$tmp/work/ask.neuron" <<'EOF'
ask What is sigmoid(0)? = 0.5
hint halfway between 0 and 1
ask Which activation is never negative? = relu
hint it is 0 for every negative z
ask What is 2 + 2? = 4
hint count on your fingers
say after the quiz
EOF
    start ask ask.neuron
    waitfor ask -x 'question: What is sigmoid(0)?' ||
        { bad "$c" "no question"; return; }
    last_is ask '^answer> *$' || { bad "$c" "no 'answer> ' prompt"; return; }
    typeln ask 0.5
    waitfor ask -x 'right!' || { bad "$c" "0.5 is not right"; return; }
    waitfor ask -x 'question: Which activation is never negative?' ||
        { bad "$c" "the second question did not come"; return; }
    grep -q 'not quite' "$tmp/screen" &&
        { bad "$c" "'not quite' for a right answer"; return; }
    last_is ask '^answer> *$' ||
        { bad "$c" "no prompt for the second question"; return; }
    typeln ask tanh
    waitfor ask -x 'hint: it is 0 for every negative z' ||
        { bad "$c" "a miss did not show the hint"; return; }
    grep -q -x 'not quite' "$tmp/screen" ||
        { bad "$c" "a miss did not say 'not quite'"; return; }
    last_is ask '^answer> *$' ||
        { bad "$c" "no prompt after the miss"; return; }
    typeln ask ReLU
    waitfor ask -x 'question: What is 2 + 2?' ||
        { bad "$c" "ReLU (any case) was not right"; return; }
    [ "$(count ask 'right!')" -eq 2 ] ||
        { bad "$c" "not two 'right!'"; return; }
    for a in 1 2 3; do
        last_is ask '^answer> *$' ||
            { bad "$c" "no prompt before miss $a"; return; }
        typeln ask "$a"
        if [ "$a" -lt 3 ]; then
            waitfor ask -x -F "answer> $a" ||
                { bad "$c" "'$a' did not show"; return; }
        fi
    done
    waitfor ask -x 'after the quiz' ||
        { bad "$c" "three misses did not end the ask"; return; }
    grep -q -x 'answer: 4' "$tmp/screen" ||
        { bad "$c" "three misses did not show the answer"; return; }
    [ "$(count ask 'hint: count on your fingers')" -eq 2 ] ||
        { bad "$c" "the hint did not follow the first two misses only"
          return; }
    waitfor ask -x 'EXITED 0' ||
        { bad "$c" "the lesson did not end with status 0"; return; }
}

# ---- checkpoint: reached by typing commands, and skip ----
c_checkpoint() {
    c="checkpoint"
    cat >"$tmp/work/cp.neuron" <<'EOF'
data and
rule perceptron
checkpoint train the neuron on AND :: errors = 0
say first checkpoint over
checkpoint define Z with Z(0) = 2 :: Z(0) = 2
say second checkpoint over
EOF
    start cp cp.neuron
    waitfor cp -x 'checkpoint: train the neuron on AND' ||
        { bad "$c" "no task shown"; return; }
    last_is cp '^checkpoint> *$' ||
        { bad "$c" "no 'checkpoint> ' prompt"; return; }
    typeln cp 'trian 5'
    waitfor cp "did you mean 'train'" ||
        { bad "$c" "a typo at the prompt: no error"; return; }
    last_is cp '^checkpoint> *$' ||
        { bad "$c" "no prompt after the error"; return; }
    typeln cp 'rate 0.1'
    last_is cp '^checkpoint> *$' ||
        { bad "$c" "no prompt after 'rate 0.1'"; return; }
    grep -q 'done!' "$tmp/screen" &&
        { bad "$c" "done before the goal"; return; }
    typeln cp 'train 20'
    waitfor cp -x 'done!' ||
        { bad "$c" "train 20 did not reach the goal"; return; }
    waitfor cp -x 'first checkpoint over' ||
        { bad "$c" "the lesson did not go on"; return; }
    last_is cp '^checkpoint> *$' ||
        { bad "$c" "no prompt at the second checkpoint"; return; }
    typeln cp 'skip'
    waitfor cp -x '(checkpoint skipped)' ||
        { bad "$c" "skip did not skip"; return; }
    waitfor cp -x 'second checkpoint over' ||
        { bad "$c" "the lesson did not go on after skip"; return; }
    # the typo at the prompt was part of play: status 0
    waitfor cp -x 'EXITED 0' ||
        { bad "$c" "the lesson did not end with status 0"; return; }
}

# ---- --step: Enter runs, b goes back (state rebuilt), q quits ----
c_step() {
    c="presenter"
    cat >"$tmp/work/step.neuron" <<'EOF'
# The weights start random.
inputs 1
seed 7
init random 0 10
print 1000 + w1
say now a big number
print 99
EOF
    start step --step step.neuron
    waitfor step -x 'The weights start random.' ||
        { bad "$c" "the comment is not narrated"; return; }
    last_is step '^neuron> inputs 1$' ||
        { bad "$c" "the first command is not shown"; return; }
    tm send-keys -t step Enter
    last_is step '^neuron> seed 7$' ||
        { bad "$c" "Enter did not go on to 'seed 7'"; return; }
    tm send-keys -t step Enter
    last_is step '^neuron> init random 0 10$' ||
        { bad "$c" "no 'init random'"; return; }
    tm send-keys -t step Enter
    last_is step '^neuron> print 1000 \+ w1$' ||
        { bad "$c" "no 'print 1000 + w1'"; return; }
    absent step -E '^100[0-9]' ||
        { bad "$c" "the command ran before Enter"; return; }
    tm send-keys -t step Enter
    last_is step '^neuron> print 99$' ||
        { bad "$c" "no 'print 99' after the narration"; return; }
    v1=$(grep -E '^100[0-9](\.[0-9]+)?$' "$tmp/screen")
    [ -n "$v1" ] || { bad "$c" "print 1000 + w1 printed no number"; return; }
    grep -q -x 'now a big number' "$tmp/screen" ||
        { bad "$c" "say is not narrated"; return; }
    # b: back to 'print 1000 + w1'; b again: back to 'init random'
    tm send-keys -t step b
    last_is step '^neuron> print 1000 \+ w1$' ||
        { bad "$c" "b did not go back one command"; return; }
    grep -q -F '(back one command)' "$tmp/screen" ||
        { bad "$c" "b said nothing"; return; }
    tm send-keys -t step b
    last_is step '^neuron> init random 0 10$' ||
        { bad "$c" "b b did not go back two commands"; return; }
    # the state was rebuilt: the same seed draws the same weight again
    tm send-keys -t step Enter
    last_is step '^neuron> print 1000 \+ w1$' ||
        { bad "$c" "no 'print' after going back"; return; }
    tm send-keys -t step Enter
    last_is step '^neuron> print 99$' ||
        { bad "$c" "no 'print 99' the second time"; return; }
    [ "$(count step "$v1")" -eq 2 ] ||
        { bad "$c" "going back, init random drew another weight" \
              "(not $v1 twice): the state was not rebuilt"; return; }
    [ "$(grep -c -E '^100[0-9]' "$tmp/screen")" -eq 2 ] ||
        { bad "$c" "other numbers than $v1 printed"; return; }
    tm send-keys -t step q
    waitfor step '^EXITED' || { bad "$c" "q did not quit"; return; }
    grep -q -x 'EXITED 0' "$tmp/screen" ||
        { bad "$c" "q: exit status not 0"; return; }
    grep -q -x '99' "$tmp/screen" &&
        { bad "$c" "q ran the command shown"; return; }
    modes_ok "$c" step
}

# ---- --step: pause waits for a key, the script's end ends the show ----
c_step_pause() {
    c="presenter pause"
    printf 'say before the pause\npause\nsay after the pause\n' \
        >"$tmp/work/sp.neuron"
    start sp --step sp.neuron
    waitfor sp -x 'before the pause' ||
        { bad "$c" "say did not narrate"; return; }
    absent sp -x 'after the pause' || { bad "$c" "pause did not wait"; return; }
    tm send-keys -t sp Enter
    waitfor sp -x 'after the pause' ||
        { bad "$c" "Enter did not end the pause"; return; }
    waitfor sp -x 'EXITED 0' ||
        { bad "$c" "the end of the script: status not 0"; return; }
    modes_ok "$c" sp
}

# ---- --step: ':' runs the teacher's own command, then the lesson goes
# on; an ask waits for Enter and reveals the answer, never taking the
# presenter's Enter as the class's answer (issue 13) ----
c_step_live() {
    c="presenter live command and ask"
    printf 'inputs 1\nprint 7\nask What is 2 + 3? = 5\nprint 8\n' \
        >"$tmp/work/sl.neuron"
    start sl --step sl.neuron
    last_is sl '^neuron> inputs 1$' ||
        { bad "$c" "the first command is not shown"; return; }
    tm send-keys -t sl Enter
    last_is sl '^neuron> print 7$' || { bad "$c" "no 'print 7'"; return; }
    tm send-keys -t sl ':'
    last_is sl '^live>' || { bad "$c" "':' gave no live> prompt"; return; }
    typeln sl 'print 40 + 2'
    waitfor sl -x '42' || { bad "$c" "the live command did not run"; return; }
    last_is sl '^neuron> print 7$' ||
        { bad "$c" "after the live command, 'print 7' is not shown again"
          return; }
    tm send-keys -t sl Enter
    waitfor sl -F 'question: What is 2 + 3?' ||
        { bad "$c" "the ask is not shown"; return; }
    waitfor sl -F '(Enter shows the answer)' ||
        { bad "$c" "the ask does not wait for the teacher"; return; }
    tm send-keys -t sl Enter
    waitfor sl -F 'answer: 5' || { bad "$c" "Enter did not reveal it"; return; }
    grep -q -F 'not quite' "$tmp/screen" &&
        { bad "$c" "the presenter's Enter was taken as an answer"; return; }
    last_is sl '^neuron> print 8$' || { bad "$c" "no 'print 8'"; return; }
    tm send-keys -t sl q
    waitfor sl '^EXITED' || { bad "$c" "q did not quit"; return; }
    modes_ok "$c" sl
}

# ---- --type-delay: the command is typed out at a readable pace ----
c_typed() {
    c="typing pace"
    printf 'print 1234567 + 1\nsay typed\n' >"$tmp/work/typed.neuron"
    # 17 characters at 200 ms: 3.4 s to type, so a half-typed line shows
    start typed --step --type-delay 200 typed.neuron
    seen_part=0
    i=0
    while [ "$i" -lt $((D * 10)) ]; do
        snap typed
        row=$(grep '^neuron> ' "$tmp/screen" | tail -1)
        case $row in
        "neuron> print 1234567 + 1") break ;;
        "neuron> p"*) seen_part=1 ;;
        esac
        sleep 0.05
        i=$((i + 1))
    done
    [ "$row" = "neuron> print 1234567 + 1" ] ||
        { bad "$c" "the command was never typed out in full"; return; }
    [ "$seen_part" -eq 1 ] ||
        { bad "$c" "the command appeared at once, not typed out"; return; }
    tm send-keys -t typed Enter
    waitfor typed -x '1234568' ||
        { bad "$c" "Enter did not run the typed command"; return; }
    waitfor typed -x 'EXITED 0' ||
        { bad "$c" "the show did not end with status 0"; return; }
}

# ---- --step with b over files written: nothing written again ----
# Issue 14: going back replays the script up to the command before, and
# that replay wrote `save`, `plot > f.svg`, the handout's plot and the
# handout again. Each file is overwritten with MARK once written; two b's
# replay over all of them and must leave MARK. Then `record stop` runs live
# again: the handout it writes holds each command once, as a plain run's.
c_step_record() {
    c="presenter b over files"
    cat >"$tmp/work/sr.neuron" <<'END'
record hr.md
print 10
save ss.neuron
plot relu from -1 to 1 > fr.svg
plot tanh
print 20
record stop
print 30
print 40
END
    mkdir -p "$tmp/srplain"
    cp "$tmp/work/sr.neuron" "$tmp/srplain/"
    (cd "$tmp/srplain" && LC_ALL=C timeout "$D" $VG "$NEURON" \
        --color=never --width 80 sr.neuron </dev/null >/dev/null 2>&1) ||
        { fail "$c: the plain run failed"; return; }
    start sr --step sr.neuron
    for l in 'record hr.md' 'print 10' 'save ss.neuron' \
        'plot relu from -1 to 1 > fr.svg' 'plot tanh' 'print 20' \
        'record stop' 'print 30'; do
        last_is sr "^neuron> $l\$" || { bad "$c" "'$l' is not shown"; return; }
        tm send-keys -t sr Enter
    done
    last_is sr '^neuron> print 40$' || { bad "$c" "no 'print 40'"; return; }
    files="hr.md hr-1.svg ss.neuron fr.svg"
    for f in $files; do
        [ -s "$tmp/work/$f" ] || { bad "$c" "$f was not written live"; return; }
        echo MARK >"$tmp/work/$f"
    done
    tm send-keys -t sr b
    last_is sr '^neuron> print 30$' ||
        { bad "$c" "b did not go back to 'print 30'"; return; }
    tm send-keys -t sr b
    last_is sr '^neuron> record stop$' ||
        { bad "$c" "b b did not go back to 'record stop'"; return; }
    for f in $files; do
        [ "$(cat "$tmp/work/$f")" = MARK ] ||
            fail "$c: going back wrote $f again"
    done
    tm send-keys -t sr Enter
    last_is sr '^neuron> print 30$' ||
        { bad "$c" "no 'print 30' after record stop"; return; }
    cmp -s "$tmp/srplain/hr.md" "$tmp/work/hr.md" || {
        fail "$c: the handout is not a plain run's"
        diff "$tmp/srplain/hr.md" "$tmp/work/hr.md" | head -20 |
            sed 's/^/    /'
    }
    for f in hr-1.svg ss.neuron fr.svg; do
        [ "$(cat "$tmp/work/$f")" = MARK ] ||
            fail "$c: $f was written again"
    done
    tm send-keys -t sr q
    waitfor sr -x 'EXITED 0' || { bad "$c" "q: exit status not 0"; return; }
}

# ---- SIGTERM while a key is awaited: the terminal's modes come back ----
# checklist: H5
c_step_term() {
    c="presenter SIGTERM"
    if ! command -v pgrep >/dev/null 2>&1; then
        echo "present.sh: SIGTERM case skipped: no pgrep"
        return
    fi
    [ -n "$VG" ] && return  # valgrind stands between the shell and neuron
    printf 'print 1\n' >"$tmp/work/term.neuron"
    start term --step term.neuron
    last_is term '^neuron> print 1$' ||
        { bad "$c" "the command is not shown"; return; }
    sh_pid=$(tm display-message -p -t term '#{pane_pid}')
    pid=$(pgrep -P "$sh_pid" | head -1)
    [ -n "$pid" ] || { bad "$c" "cannot find neuron's process"; return; }
    kill -TERM "$pid"
    waitfor term '^EXITED' ||
        { bad "$c" "neuron did not end on SIGTERM"; return; }
    modes_ok "$c" term
}

for t in ${PRESENT_CASES:-c_ask c_checkpoint c_step c_step_pause c_typed \
    c_step_record c_step_live \
    c_step_term}; do
    "$t"
    tm kill-server 2>/dev/null
done

if [ "$fails" -eq 0 ]; then
    echo "present.sh: all passed"
fi
[ "$fails" -eq 0 ]
