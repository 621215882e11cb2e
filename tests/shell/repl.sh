#!/bin/sh
# repl.sh - the REPL on a pseudo-terminal, driven by tmux (RELIABILITY H):
# the prompt, a command and its result, Tab completion (H12), the caret
# under a bad token, Ctrl-C on a half-typed line (H3) and during `train`
# (H4), Ctrl-D on an empty and a non-empty line (H1, H2), quit, the
# history file and XDG_STATE_HOME, Up in a second session, `pause` in a
# script run with `run`, SIGTERM (H5), a resized terminal (H7) and a
# bracketed paste of several lines (H11).
# Run by tests/run-all.sh with $NEURON (absolute path) and maybe $VG.
# Skipped when tmux is not installed. Each case says which step failed and
# shows the screen as tmux captured it. REPL_CASES="c_tab c_train" runs only
# those cases (the c_* functions below).
set -u
: "${NEURON:?NEURON must name the neuron binary}"
VG=${VG:-}
if ! command -v tmux >/dev/null 2>&1; then
    echo "repl.sh: skipped: tmux not installed"
    exit 0
fi
D=10                 # seconds to wait for the screen: a hang detector
[ -n "$VG" ] && D=120
tmp=$(mktemp -d) || exit 1
sock=nnrepl$$
tm() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
fails=0
mkdir "$tmp/work"

fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}

# q STRING: STRING quoted for sh
q() {
    printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# start S HOME [XDG_STATE_HOME]: a new 80x24 session S running neuron in
# $tmp/work with that HOME; when neuron ends the pane shows "EXITED N" and
# the terminal modes are saved in $tmp/S.stty.
start() {
    s=$1
    mkdir -p "$2"
    {
        # Ctrl-C reaches this shell too (same process group): without a
        # trap, sh would die with it once neuron ends, and the pane with it
        echo "trap : INT QUIT"
        echo "cd $(q "$tmp/work") || exit 1"
        echo "HOME=$(q "$2") TERM=xterm-256color LC_ALL=C"
        echo "export HOME TERM LC_ALL"
        echo "unset XDG_STATE_HOME NO_COLOR COLUMNS LINES LANG LC_CTYPE"
        [ $# -ge 3 ] && echo "XDG_STATE_HOME=$(q "$3"); export XDG_STATE_HOME"
        echo "$VG $(q "$NEURON")"
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

# bad CASE STEP: report a failed step with the screen
bad() {
    fail "$1: $2"
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

prompt() { last_is "$1" '^neuron> *$'; }

# after CMDLINE: the row that follows the (last) row CMDLINE on the screen
after() {
    awk -v c="$1" '$0 == c || $0 == c " " { n = NR } { l[NR] = $0 }
                   END { if (n) print l[n + 1] }' "$tmp/screen"
}

# cmd S TEXT: clears the screen (C-l), runs TEXT and waits for the next
# prompt; $out holds the rows between. Fails if no prompt comes back.
cmd() {
    tm send-keys -t "$1" C-l
    last_is "$1" '^neuron> *$' || return 1
    i=0
    while [ "$(grep -c -v '^ *$' "$tmp/screen")" -ne 1 ] && [ "$i" -lt 50 ]; do
        sleep 0.1
        snap "$1"
        i=$((i + 1))
    done
    typeln "$1" "$2"
    i=0
    while [ "$i" -lt $((D * 10)) ]; do
        snap "$1"
        out=$(awk '{ l[NR] = $0; if (NF) n = NR }
                   END { if (n > 1 && l[n] ~ /^neuron> *$/)
                             for (i = 2; i < n; i++) print l[i]
                         else exit 1 }' "$tmp/screen") && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

# typeln S TEXT: types TEXT literally, then Enter
typeln() {
    tm send-keys -t "$1" -l "$2"
    tm send-keys -t "$1" Enter
}

# listed WORDS...: some row of the screen holds exactly these words
listed() {
    want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
    (
        set -f
        while IFS= read -r row; do
            # shellcheck disable=SC2086
            got=$(printf '%s\n' $row | sort | tr '\n' ' ')
            [ "$got" = "$want" ] && exit 0
        done <"$tmp/screen"
        exit 1
    )
}

# ---- the prompt, a command, quit ----
c_basic() {
    c="prompt and quit"
    start basic "$tmp/home"
    prompt basic || { bad "$c" "no 'neuron> ' prompt"; return; }
    typeln basic 'sigmoid(0)'
    waitfor basic -x '0\.5' || { bad "$c" "sigmoid(0) did not print 0.5"; return; }
    [ "$(after 'neuron> sigmoid(0)')" = "0.5" ] ||
        { bad "$c" "0.5 is not on the row after the command"; return; }
    prompt basic || { bad "$c" "no prompt after sigmoid(0)"; return; }
    cmd basic 'tanh(0) + 2' || { bad "$c" "no prompt after 'tanh(0) + 2'"; return; }
    [ "$out" = 2 ] || { bad "$c" "'tanh(0) + 2' printed '$out', not 2"; return; }
    typeln basic quit
    waitfor basic -x 'EXITED 0' || { bad "$c" "quit did not exit with status 0"; return; }
}

# ---- Tab completion (H12) ----
c_tab() {
    c="Tab completion"
    start tab "$tmp/home"
    prompt tab || { bad "$c" "no prompt"; return; }
    tm send-keys -t tab -l inp
    tm send-keys -t tab Tab
    last_is tab '^neuron> inputs *$' || { bad "$c" "inp Tab did not complete to 'inputs'"; return; }
    typeln tab "1 0; weights 1 1"   # no space typed: the completion adds it
    prompt tab || { bad "$c" "no prompt after 'inputs 1 0'"; return; }
    grep -q error "$tmp/screen" &&
        { bad "$c" "inp Tab, '1 0': an error (no space after 'inputs'?)"; return; }

    tm send-keys -t tab -l 'activation sig'
    tm send-keys -t tab Tab Tab
    waitfor tab -w sign || { bad "$c" "activation sig Tab Tab listed nothing"; return; }
    listed sigmoid sign || { bad "$c" "activation sig Tab Tab: not exactly sigmoid and sign"; return; }
    last_is tab '^neuron> activation sig$' ||
        { bad "$c" "the line was not redrawn after the list"; return; }
    tm send-keys -t tab -l m
    tm send-keys -t tab Tab Enter
    prompt tab || { bad "$c" "no prompt after 'activation sigm' Tab"; return; }
    typeln tab fire
    waitfor tab 'sigmoid(' ||
        { bad "$c" "'activation sigm' Tab did not set sigmoid (fire shows no sigmoid)"; return; }
    prompt tab || { bad "$c" "no prompt after fire"; return; }

    tm send-keys -t tab C-l
    tm send-keys -t tab -l 'init '
    tm send-keys -t tab Tab Tab
    waitfor tab -w xavier || { bad "$c" "init Tab Tab listed nothing"; return; }
    listed he normal random xavier zeros ||
        { bad "$c" "init Tab Tab: not exactly zeros random normal xavier he"; return; }
    tm send-keys -t tab C-u C-l
    prompt tab || { bad "$c" "no prompt after C-u"; return; }
    tm send-keys -t tab Tab Tab
    waitfor tab -w weights || { bad "$c" "Tab Tab on an empty line did not list the commands"; return; }
    for w in train quit plot boundary; do
        grep -q -w "$w" "$tmp/screen" ||
            { bad "$c" "Tab Tab on an empty line: '$w' is not listed"; return; }
    done
    tm send-keys -t tab C-l
    : >"$tmp/work/lesson-one.neuron"
    : >"$tmp/work/lesson-two.neuron"
    tm send-keys -t tab -l 'run lesson-'
    tm send-keys -t tab Tab Tab
    waitfor tab lesson-two.neuron ||
        { bad "$c" "run lesson- Tab Tab did not list the script files"; return; }
    grep -q lesson-one.neuron "$tmp/screen" ||
        { bad "$c" "run lesson- Tab Tab did not list lesson-one.neuron"; return; }
    rm -f "$tmp/work/lesson-one.neuron" "$tmp/work/lesson-two.neuron"
}

# ---- an error: a caret under the token; the session goes on ----
c_error() {
    c="error caret"
    start err "$tmp/home"
    prompt err || { bad "$c" "no prompt"; return; }
    typeln err 'sigmoid(1 +* 2)'
    waitfor err 'error' || { bad "$c" "no error for 'sigmoid(1 +* 2)'"; return; }
    prompt err || { bad "$c" "no prompt after the error"; return; }
    cols=$(awk '$0 == "neuron> sigmoid(1 +* 2)" { n = NR; star = index($0, "*") }
                n && NR > n && index($0, "^") { print star, index($0, "^"); exit }' \
        "$tmp/screen")
    # shellcheck disable=SC2086
    set -- $cols                # two column numbers
    if [ $# -ne 2 ]; then
        bad "$c" "no caret row after the command"
        return
    fi
    [ "$1" -eq "$2" ] ||
        { bad "$c" "the caret is in column $2, the bad token '*' in column $1"; return; }
    grep -q "'\*'" "$tmp/screen" || { bad "$c" "the message does not name '*'"; return; }
    typeln err 'sigmoid(0)'
    waitfor err -x '0\.5' || { bad "$c" "after the error, sigmoid(0) did not print 0.5"; return; }
    typeln err quit
    waitfor err -x 'EXITED 0' || { bad "$c" "quit after an error did not exit 0"; return; }
}

# ---- Ctrl-C on a half-typed line (H3) ----
c_ctrlc() {
    c="Ctrl-C on a half-typed line"
    start ctrlc "$tmp/home"
    prompt ctrlc || { bad "$c" "no prompt"; return; }
    typeln ctrlc 'inputs 1 0; weights 0.25 -3'
    prompt ctrlc || { bad "$c" "no prompt after setting the weights"; return; }
    tm send-keys -t ctrlc -l 'half typed'
    # the text must reach readline first: the tty drops what is queued
    # before a ^C
    last_is ctrlc '^neuron> half typed$' || { bad "$c" "the typed text did not show"; return; }
    tm send-keys -t ctrlc C-c
    prompt ctrlc || { bad "$c" "no fresh prompt after Ctrl-C"; return; }
    grep -q '^neuron> half typed' "$tmp/screen" ||
        { bad "$c" "the half-typed line was wiped from the screen"; return; }
    grep -q -i 'error\|unknown' "$tmp/screen" &&
        { bad "$c" "the half-typed line was run"; return; }
    typeln ctrlc w1
    waitfor ctrlc -x '0\.25' || { bad "$c" "w1 after Ctrl-C did not print 0.25 (state lost?)"; return; }
    typeln ctrlc w2
    waitfor ctrlc -x -- '-3' || { bad "$c" "w2 after Ctrl-C did not print -3"; return; }
    prompt ctrlc || { bad "$c" "no prompt after w2"; return; }
    snap ctrlc
    grep -q EXITED "$tmp/screen" && { bad "$c" "neuron ended"; return; }
}

# ---- Ctrl-D (H1, H2) ----
c_ctrld() {
    c="Ctrl-D"
    start ctrld "$tmp/home"
    prompt ctrld || { bad "$c" "no prompt"; return; }
    tm send-keys -t ctrld -l 'sigmoid(0)'
    tm send-keys -t ctrld C-a C-d
    last_is ctrld '^neuron> igmoid\(0\)$' ||
        { bad "$c" "Ctrl-D on a non-empty line did not delete the character under the cursor"; return; }
    grep -q EXITED "$tmp/screen" && { bad "$c" "Ctrl-D on a non-empty line ended neuron"; return; }
    tm send-keys -t ctrld C-e C-u
    prompt ctrld || { bad "$c" "C-u did not clear the line"; return; }
    tm send-keys -t ctrld C-d
    waitfor ctrld 'EXITED' || { bad "$c" "Ctrl-D on an empty line did not end neuron"; return; }
    grep -q -x 'EXITED 0' "$tmp/screen" ||
        { bad "$c" "Ctrl-D on an empty line: exit status not 0"; return; }
    grep -q '^neuron> *EXITED' "$tmp/screen" &&
        { bad "$c" "Ctrl-D printed no newline: the shell's next line starts after the prompt"; return; }
}

# ---- the history file, XDG_STATE_HOME, Up in a second session ----
c_history() {
    c="history"
    h=$tmp/h1
    start hist1 "$h"
    prompt hist1 || { bad "$c" "no prompt"; return; }
    typeln hist1 'say hist one'
    waitfor hist1 -x 'hist one' || { bad "$c" "say did not print"; return; }
    cmd hist1 'inputs 1 2' || { bad "$c" "no prompt after 'inputs 1 2'"; return; }
    tm send-keys -t hist1 C-d
    waitfor hist1 -x 'EXITED 0' || { bad "$c" "Ctrl-D did not exit 0"; return; }
    f=$h/.local/state/neuron/history
    if [ ! -f "$f" ]; then
        fail "$c: no history file $f after a session"
        return
    fi
    for l in 'say hist one' 'inputs 1 2'; do
        grep -q -x -F -e "$l" "$f" || {
            fail "$c: '$l' is not in $f"
            sed 's/^/    history: /' "$f" | head -10
            return
        }
    done
    start hist2 "$h"
    prompt hist2 || { bad "$c" "no prompt in the second session"; return; }
    tm send-keys -t hist2 Up
    last_is hist2 '^neuron> inputs 1 2$' ||
        { bad "$c" "Up in a second session did not recall 'inputs 1 2'"; return; }
    tm send-keys -t hist2 Up
    last_is hist2 '^neuron> say hist one$' ||
        { bad "$c" "Up Up did not recall 'say hist one'"; return; }
    tm send-keys -t hist2 Enter
    waitfor hist2 -x 'hist one' || { bad "$c" "the recalled command did not run"; return; }
    tm send-keys -t hist2 C-d
    waitfor hist2 -x 'EXITED 0' || { bad "$c" "Ctrl-D did not exit 0 in the second session"; return; }

    c="history in XDG_STATE_HOME"
    start xdg "$tmp/h2" "$tmp/xdg"
    prompt xdg || { bad "$c" "no prompt"; return; }
    typeln xdg 'say xdg here'
    waitfor xdg -x 'xdg here' || { bad "$c" "say did not print"; return; }
    tm send-keys -t xdg C-d
    waitfor xdg -x 'EXITED 0' || { bad "$c" "Ctrl-D did not exit 0"; return; }
    grep -q -x 'say xdg here' "$tmp/xdg/neuron/history" 2>/dev/null ||
        fail "$c: 'say xdg here' is not in \$XDG_STATE_HOME/neuron/history"
    [ -e "$tmp/h2/.local/state/neuron/history" ] &&
        fail "$c: the history went to \$HOME/.local/state as well"
}

# ---- Ctrl-C during a long train (H4) ----
c_train() {
    c="Ctrl-C during train"
    start train "$tmp/home"
    prompt train || { bad "$c" "no prompt"; return; }
    typeln train 'data blobs 2000; rule gradient; activation sigmoid; train 100000'
    waitfor train -w epoch || { bad "$c" "train did not start"; return; }
    grep -q 'interrupted' "$tmp/screen" && { bad "$c" "'interrupted' before Ctrl-C"; return; }
    t0=$(date +%s)
    tm send-keys -t train C-c
    waitfor train 'interrupted' || { bad "$c" "no 'interrupted' message after Ctrl-C"; return; }
    t1=$(date +%s)
    limit=3
    [ -n "$VG" ] && limit=60
    [ $((t1 - t0)) -le "$limit" ] ||
        { bad "$c" "train took $((t1 - t0)) s to stop after Ctrl-C"; return; }
    prompt train || { bad "$c" "no prompt after the interrupted train"; return; }
    cmd train w1 || { bad "$c" "no prompt after w1"; return; }
    printf '%s\n' "$out" | grep -q -x -E -e '-?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?' ||
        { bad "$c" "w1 after the interrupt printed '$out', not a number"; return; }
    typeln train 'inputs 1 1; fire'
    waitfor train '^a = ' || { bad "$c" "fire after the interrupt did not answer"; return; }
    awk '/^neuron> inputs 1 1; fire/ { on = 1; next } on' "$tmp/screen" |
        grep -q -i 'nan\|error' && { bad "$c" "fire after the interrupt: nan or an error"; return; }
    typeln train quit
    waitfor train '^EXITED' || { bad "$c" "quit after the interrupt did not end neuron"; return; }
    grep -q -x 'EXITED 0' "$tmp/screen" ||
        { bad "$c" "quit after the interrupt: exit status not 0"; return; }
}

# ---- pause in a script run with `run` waits for Enter ----
c_pause() {
    c="pause in run"
    printf 'say before pause\npause\nsay after pause\n' >"$tmp/work/p.neuron"
    start pause "$tmp/home"
    prompt pause || { bad "$c" "no prompt"; return; }
    typeln pause 'run p.neuron'
    waitfor pause -x 'before pause' || { bad "$c" "the script did not start"; return; }
    # a negative check needs a moment: give it one second
    i=0
    while [ "$i" -lt 10 ]; do
        snap pause
        grep -q -x 'after pause' "$tmp/screen" &&
            { bad "$c" "pause did not wait for Enter"; return; }
        [ "$(grep -c '^neuron>' "$tmp/screen")" -gt 1 ] &&
            { bad "$c" "the prompt came back during pause"; return; }
        sleep 0.1
        i=$((i + 1))
    done
    tm send-keys -t pause Enter
    waitfor pause -x 'after pause' || { bad "$c" "Enter did not end the pause"; return; }
    prompt pause || { bad "$c" "no prompt after the script"; return; }
    typeln pause quit
    waitfor pause -x 'EXITED 0' || { bad "$c" "quit did not exit 0"; return; }
}

# ---- SIGTERM (H5): prompt exit, history kept, terminal modes restored ----
c_term() {
    c="SIGTERM"
    command -v pgrep >/dev/null 2>&1 || { echo "repl.sh: SIGTERM case skipped: no pgrep"; return; }
    start term "$tmp/h3"
    prompt term || { bad "$c" "no prompt"; return; }
    typeln term 'say before term'
    waitfor term -x 'before term' || { bad "$c" "say did not print"; return; }
    prompt term || { bad "$c" "no prompt"; return; }
    tm send-keys -t term -l 'half'
    last_is term '^neuron> half$' || { bad "$c" "the typed text did not show"; return; }
    sh_pid=$(tm display-message -p -t term '#{pane_pid}')
    pid=$(pgrep -P "$sh_pid" | head -1)
    [ -n "$pid" ] || { bad "$c" "cannot find neuron's process"; return; }
    kill -TERM "$pid"
    waitfor term '^EXITED' || { bad "$c" "neuron did not end on SIGTERM"; return; }
    grep -q -x -F 'say before term' "$tmp/h3/.local/state/neuron/history" 2>/dev/null ||
        fail "$c: the history was not saved"
    i=0
    while [ ! -s "$tmp/term.stty" ] && [ "$i" -lt 50 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    for m in icanon echo; do
        grep -q -w -- "-$m" "$tmp/term.stty" &&
            fail "$c: the terminal was left with -$m"
    done
}

# ---- a resized terminal (H7): the next plot uses the new width ----
c_resize() {
    c="resized terminal"
    start resize "$tmp/home"
    prompt resize || { bad "$c" "no prompt"; return; }
    tm resize-window -t resize -x 50 -y 30
    tm send-keys -t resize C-l
    i=0                         # wait for the pane to take the new size
    while [ "$(tm display-message -p -t resize '#{pane_width}')" != 50 ] &&
        [ "$i" -lt 50 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    typeln resize 'plot sigmoid'
    waitfor resize -E '^ +.*sigmoid' || { bad "$c" "the plot has no legend row"; return; }
    prompt resize || { bad "$c" "no prompt after the plot"; return; }
    tm capture-pane -p -J -t resize >"$tmp/joined"
    wide=$(awk 'length($0) > 50 { n++ } END { print n + 0 }' "$tmp/joined")
    [ "$wide" -eq 0 ] ||
        { bad "$c" "after resizing to 50 columns, $wide rows of the plot are wider and wrap"; return; }
    typeln resize quit
    waitfor resize -x 'EXITED 0' || { bad "$c" "quit did not exit 0"; return; }
}

# ---- a bracketed paste of several lines (H11): all of them run ----
c_paste() {
    c="pasted lines"
    start paste "$tmp/home"
    prompt paste || { bad "$c" "no prompt"; return; }
    tm set-buffer -b nn "$(printf 'inputs 1 0\nweights 0.5 0.25\nz')"
    tm paste-buffer -p -d -b nn -t paste
    waitfor paste -E 'z$' || { bad "$c" "the paste did not show"; return; }
    tm send-keys -t paste Enter
    waitfor paste -x '0\.5' || { bad "$c" "the three pasted commands did not all run (z should print 0.5)"; return; }
    grep -q error "$tmp/screen" && { bad "$c" "an error after the paste"; return; }
    prompt paste || { bad "$c" "no prompt after the paste"; return; }
}

for t in ${REPL_CASES:-c_basic c_tab c_error c_ctrlc c_ctrld c_history \
    c_train c_pause c_term c_resize c_paste}; do
    "$t"
    tm kill-server 2>/dev/null
done

if [ "$fails" -eq 0 ]; then
    echo "repl.sh: all passed"
fi
[ "$fails" -eq 0 ]
