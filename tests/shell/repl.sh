#!/bin/sh
# repl.sh - the REPL on a pseudo-terminal, driven by tmux (RELIABILITY H):
# the prompt, a command and its result, Tab completion (H12), the caret
# under a bad token, Ctrl-C on a half-typed line (H3) and during `train`
# (H4), Ctrl-D on an empty and a non-empty line (H1, H2), quit, the
# history file and XDG_STATE_HOME, Up in a second session, `pause` in a
# script run with `run`, SIGTERM (H5), a resized terminal (H7) and a
# bracketed paste of several lines (H11); then Tab where nothing should
# complete (H12), Ctrl-Z and fg (H6), a terminal width of 0 (H8), TERM
# unset or dumb and NO_COLOR (H9), stdin a pipe (H10), Ctrl-C during
# table, plot and fit (H4), SIGHUP and a closed terminal (H5), broken
# history files (G6), a HOME or XDG_STATE_HOME that does not exist (only
# folders below an existing one are made), and a long history shared by
# two sessions (H13).
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
# the terminal modes are saved in $tmp/S.stty. $pre (shell commands run
# just before neuron) and $feed (a pipeline that feeds neuron's stdin,
# such as "printf 'x\n' | ") change the start for one case.
pre=""
feed=""
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
        printf '%s\n' "$pre"
        printf '%s\n' "$feed$VG $(q "$NEURON")"
        echo 'echo "EXITED $?"'
        echo "stty -a >$(q "$tmp/$s.stty") 2>&1"
        echo "exec sleep 600"
    } >"$tmp/$s.sh"
    newsession "$s" "sh $(q "$tmp/$s.sh")"
}

# newsession S COMMAND: a detached 80x24 session S running COMMAND. A
# server still shutting down from the case before can refuse the first
# try ("server exited unexpectedly"): tries again, a few times.
newsession() {
    for _ in 1 2 3; do
        tm new-session -d -s "$1" -x 80 -y 24 "$2" 2>/dev/null && return 0
        sleep 0.5
    done
    tm new-session -d -s "$1" -x 80 -y 24 "$2"
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
# checklist: H12
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
    # sub-commands (issue 13): data mnist, show unit, plot loss
    for pair in 'data mn:data mnist' 'show u:show unit' 'plot lo:plot loss'; do
        tm send-keys -t tab C-u C-l
        tm send-keys -t tab -l "${pair%%:*}"
        tm send-keys -t tab Tab
        last_is tab "^neuron> ${pair#*:} *\$" ||
            { bad "$c" "'${pair%%:*}' Tab did not complete to '${pair#*:}'"; return; }
    done
    tm send-keys -t tab C-u C-l
    : >"$tmp/work/lesson-one.neuron"
    : >"$tmp/work/lesson-two.neuron"
    tm send-keys -t tab -l 'run lesson-'
    tm send-keys -t tab Tab Tab
    waitfor tab lesson-two.neuron ||
        { bad "$c" "run lesson- Tab Tab did not list the script files"; return; }
    grep -q lesson-one.neuron "$tmp/screen" ||
        { bad "$c" "run lesson- Tab Tab did not list lesson-one.neuron"; return; }
    rm -f "$tmp/work/lesson-one.neuron" "$tmp/work/lesson-two.neuron"
    # ~name/ in a file name: readline asks the user database, which the
    # static binary answers from /etc/passwd (src/front/passwd.c)
    home=$(awk -F: '$1 == "bin" { print $6 }' /etc/passwd 2>/dev/null)
    if [ -n "$home" ] && [ -e "$home/mkfifo" ]; then
        tm send-keys -t tab C-u C-l
        tm send-keys -t tab -l 'run ~bin/mkfif'
        tm send-keys -t tab Tab
        last_is tab '^neuron> run ~bin/mkfifo *$' ||
            { bad "$c" "run ~bin/mkfif Tab did not complete in bin's home ($home)"; return; }
    fi
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
# checklist: H3
c_ctrlc() {
    c="Ctrl-C on a half-typed line"
    start ctrlc "$tmp/home"
    prompt ctrlc || { bad "$c" "no prompt"; return; }
    typeln ctrlc 'inputs 1 0; weights 0.25 -3'
    # the prompt after the command, not the one it was typed at (under
    # valgrind the old one stays the last row for a while)
    i=0
    until snap ctrlc && grep -v '^ *$' "$tmp/screen" | tail -2 | head -1 |
            grep -q 'weights 0\.25 -3' && prompt ctrlc; do
        i=$((i + 1))
        [ "$i" -lt $((D * 10)) ] ||
            { bad "$c" "no prompt after setting the weights"; return; }
        sleep 0.1
    done
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
# checklist: H1 H2
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
# checklist: H1
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
# checklist: H4
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

# ---- SIGTERM and SIGHUP (H5): prompt exit, history kept, terminal modes
# restored ----
# signal_case S SIG HOME: a session S at a prompt, a line half typed, gets
# SIG: neuron ends, the line before is in the history, and the terminal
# is no longer raw.
signal_case() {
    s=$1
    c="SIG$2"
    command -v pgrep >/dev/null 2>&1 || { echo "repl.sh: $c case skipped: no pgrep"; return 1; }
    start "$s" "$3"
    prompt "$s" || { bad "$c" "no prompt"; return 1; }
    typeln "$s" "say before $s"
    waitfor "$s" -x "before $s" || { bad "$c" "say did not print"; return 1; }
    prompt "$s" || { bad "$c" "no prompt"; return 1; }
    tm send-keys -t "$s" -l 'half'
    last_is "$s" '^neuron> half$' || { bad "$c" "the typed text did not show"; return 1; }
    pid=$(pid_of "$s")
    [ -n "$pid" ] || { bad "$c" "cannot find neuron's process"; return 1; }
    kill -"$2" "$pid"
    waitfor "$s" '^EXITED' || { bad "$c" "neuron did not end on $c"; return 1; }
    grep -q -x -F "say before $s" "$3/.local/state/neuron/history" 2>/dev/null ||
        fail "$c: the history was not saved"
    i=0
    while [ ! -s "$tmp/$s.stty" ] && [ "$i" -lt 50 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    for m in icanon echo; do
        grep -q -w -- "-$m" "$tmp/$s.stty" &&
            fail "$c: the terminal was left with -$m"
    done
    return 0
}

# checklist: H5
c_term() {
    signal_case term TERM "$tmp/h3"
}

# ---- a resized terminal (H7): the next plot uses the new width ----
# checklist: H7
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
# checklist: H11
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

# ---- an image block never traps the learner (issue 13): a bad row is
# reported at once and may be typed again; Ctrl-C, an empty line or a
# command leaves the block ----
c_block() {
    c="image block"
    start block "$tmp/home"
    prompt block || { bad "$c" "no prompt"; return; }
    typeln block 'image cross 3x3'
    last_is block '^   \.\.\.> *$' || { bad "$c" "no row prompt after 'image cross 3x3'"; return; }
    typeln block '#.#'
    typeln block '.x.'
    # the message may wrap: wait for its end (under valgrind it comes slowly)
    waitfor block 'row 2: a pixel is # or \. or a grey level 0-9' ||
        { bad "$c" "the bad row was not reported at once"; return; }
    waitfor block 'again' || { bad "$c" "the error does not say the row can be typed again"; return; }
    last_is block '^   \.\.\.> *$' || { bad "$c" "no row prompt after the bad row"; return; }
    typeln block '.#.'
    typeln block '#.#'
    typeln block 'end'
    prompt block || { bad "$c" "no prompt after end"; return; }
    cmd block 'images' || { bad "$c" "no prompt after images"; return; }
    [ "$out" = "cross  3x3" ] || { bad "$c" "the retyped row did not make the image: '$out'"; return; }

    typeln block 'image dot 3x3'
    typeln block '...'
    last_is block '^   \.\.\.> *$' || { bad "$c" "no row prompt in the second block"; return; }
    tm send-keys -t block C-c
    waitfor block 'Ctrl-C left the block after 1 of 3 rows' ||
        { bad "$c" "Ctrl-C did not leave the block"; return; }
    prompt block || { bad "$c" "no 'neuron> ' prompt after Ctrl-C in a block"; return; }

    typeln block 'image dot 2x2'
    typeln block '..'
    typeln block ''
    waitfor block 'a blank line left the block after 1 of 2 rows' ||
        { bad "$c" "an empty line did not leave the block"; return; }
    prompt block || { bad "$c" "no prompt after the empty line"; return; }

    typeln block 'image dot 2x2'
    typeln block 'sigmoid(0)'
    waitfor block "the line 'sigmoid(0)' left the block" ||
        { bad "$c" "a command did not leave the block"; return; }
    prompt block || { bad "$c" "no prompt after the command"; return; }
    cmd block 'sigmoid(0)' || { bad "$c" "no prompt after sigmoid(0)"; return; }
    [ "$out" = "0.5" ] || { bad "$c" "after the blocks, sigmoid(0) printed '$out'"; return; }
}

# ---- pictures fit the terminal's height (issue 13): at 80x24 a plot, a
# boundary, a digit with its probability bars, a unit's picture, each with
# the command that drew it still on the screen ----
c_fit() {
    c="pictures fit 80x24"
    start fit "$tmp/home"
    prompt fit || { bad "$c" "no prompt"; return; }
    for line in 'data blobs 30' 'train 5'; do
        cmd fit "$line" || { bad "$c" "no prompt after '$line'"; return; }
    done
    for line in 'plot sigmoid' 'boundary' 'plot loss' 'data mnist' \
                'network 784 16 relu 10' 'predict sample 3' 'show unit 1'; do
        cmd fit "$line" || { bad "$c" "no prompt after '$line'"; return; }
        case $line in data* | network*) continue ;; esac
        head -1 "$tmp/screen" | grep -q -x -F "neuron> $line" ||
            { bad "$c" "'$line' is taller than 24 rows: the command scrolled off"; return; }
    done
    cmd fit 'predict sample 3' || { bad "$c" "no prompt after predict"; return; }
    # the bars beside the digit: a bar's row holds some of the digit too
    grep -q -E '[^ ].*  9 [│|]' "$tmp/screen" ||
        { bad "$c" "the probability bars are not beside the digit"; return; }
    grep -q 'the network says' "$tmp/screen" ||
        { bad "$c" "predict's answer is not on the screen"; return; }
}

# ---- helpers for the cases below ----

# pid_of S: neuron's process id in session S (the child of the pane's sh)
pid_of() {
    command -v pgrep >/dev/null 2>&1 || return 1
    pgrep -P "$(tm display-message -p -t "$1" '#{pane_pid}')" | head -1
}

# busy PID: waits until PID computes (state R twice in a row, 0.1 s apart),
# not waiting for a key in readline; 1 when it never does. Without /proc,
# it waits one second instead.
busy() {
    [ -r "/proc/$1/stat" ] || { sleep 1; return 0; }
    i=0
    seen=0
    while [ "$i" -lt $((D * 10)) ]; do
        if [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" = R ]; then
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

# stays S ERE: the last non-blank row of S comes to match ERE (typed keys
# take a moment to show, longer under valgrind) and then keeps matching
# for a second (a Tab that did nothing)
stays() {
    last_is "$1" "$2" || return 1
    i=0
    while [ "$i" -lt 10 ]; do
        snap "$1"
        grep -v '^ *$' "$tmp/screen" | tail -1 | grep -q -E -e "$2" || return 1
        sleep 0.1
        i=$((i + 1))
    done
    return 0
}

# ---- Tab where nothing should complete (H12) ----
# checklist: H12
c_tab_none() {
    c="Tab with nothing to complete"
    : >"$tmp/work/zzfile.neuron"
    start tabn "$tmp/home"
    prompt tabn || { bad "$c" "no prompt"; return; }
    # after an unknown command: no file names
    tm send-keys -t tabn -l 'bogus zz'
    tm send-keys -t tabn Tab Tab
    stays tabn '^neuron> bogus zz$' ||
        { bad "$c" "Tab after an unknown command changed the line"; return; }
    grep -q zzfile "$tmp/screen" &&
        { bad "$c" "Tab after an unknown command offered file names"; return; }
    # an activation name that matches none
    tm send-keys -t tabn C-u
    tm send-keys -t tabn -l 'activation zzz'
    tm send-keys -t tabn Tab Tab
    stays tabn '^neuron> activation zzz$' ||
        { bad "$c" "Tab with no matching activation changed the line"; return; }
    # a command's argument that is not a file name: nothing
    tm send-keys -t tabn C-u
    tm send-keys -t tabn -l 'weights zz'
    tm send-keys -t tabn Tab Tab
    stays tabn '^neuron> weights zz$' ||
        { bad "$c" "Tab after weights offered something"; return; }
    # run takes a file name: it completes
    tm send-keys -t tabn C-u
    tm send-keys -t tabn -l 'run zz'
    tm send-keys -t tabn Tab
    last_is tabn '^neuron> run zzfile\.neuron *$' ||
        { bad "$c" "run zz Tab did not complete the file name"; return; }
    tm send-keys -t tabn C-u
    cmd tabn 'sigmoid(0)' || { bad "$c" "no prompt after sigmoid(0)"; return; }
    [ "$out" = 0.5 ] || { bad "$c" "sigmoid(0) printed '$out' after the Tabs"; return; }
    rm -f "$tmp/work/zzfile.neuron"
}

# ---- Ctrl-Z, then fg (H6): the prompt and the line are drawn again ----
# checklist: H6
c_ctrlz() {
    c="Ctrl-Z then fg"
    if ! command -v bash >/dev/null 2>&1; then
        echo "repl.sh: Ctrl-Z case skipped: no bash for job control"
        return
    fi
    if [ -n "$VG" ]; then  # valgrind never lets the stop signal stop it
        echo "repl.sh: Ctrl-Z case skipped under valgrind"
        return
    fi
    mkdir -p "$tmp/home"
    # an interactive shell with job control, as a learner's terminal has
    newsession z "env -i PATH=$(q "$PATH") HOME=$(q "$tmp/home") \
TERM=xterm-256color LC_ALL=C PS1='$ ' bash --norc --noprofile -i"
    last_is z '^\$ *$' || { bad "$c" "no shell prompt"; return; }
    typeln z "cd $(q "$tmp/work") && $VG $(q "$NEURON")"
    prompt z || { bad "$c" "no neuron prompt"; return; }
    tm send-keys -t z -l 'say half'
    last_is z '^neuron> say half$' || { bad "$c" "the typed text did not show"; return; }
    tm send-keys -t z C-z
    waitfor z 'Stopped' || { bad "$c" "Ctrl-Z did not stop neuron"; return; }
    last_is z '^\$ *$' || { bad "$c" "no shell prompt after Ctrl-Z"; return; }
    typeln z fg
    last_is z '^neuron> say half$' ||
        { bad "$c" "after fg the prompt and the half-typed line were not drawn again"; return; }
    tm send-keys -t z -l ' typed'
    tm send-keys -t z Enter
    waitfor z -x 'half typed' ||
        { bad "$c" "the line typed before and after Ctrl-Z did not run whole"; return; }
    prompt z || { bad "$c" "no prompt after the command"; return; }
    typeln z quit
    last_is z '^\$ *$' || { bad "$c" "quit did not return to the shell"; return; }
    typeln z 'echo "EXITED $?"'
    waitfor z -x 'EXITED 0' || { bad "$c" "quit after fg: exit status not 0"; return; }
}

# ---- no width from the terminal (H8): stty cols 0, COLUMNS=-5 ----
# checklist: H8
c_width0() {
    c="terminal width 0"
    pre="stty cols 0; stty size >$(q "$tmp/size"); COLUMNS=-5; export COLUMNS"
    start w0 "$tmp/home"
    pre=""
    prompt w0 || { bad "$c" "no prompt"; return; }
    if [ "$(cat "$tmp/size" 2>/dev/null)" != "24 0" ]; then
        echo "repl.sh: width 0 case skipped: stty cols 0 did not take"
        return
    fi
    cmd w0 'plot sigmoid' || { bad "$c" "no prompt after plot (a loop?)"; return; }
    printf '%s\n' "$out" | grep -q '^ *.* sigmoid$' ||
        { bad "$c" "the plot has no legend row"; return; }
    tm capture-pane -p -J -t w0 >"$tmp/joined"
    wide=$(awk 'length($0) > 80 { n++ } END { print n + 0 }' "$tmp/joined")
    [ "$wide" -eq 0 ] ||
        { bad "$c" "$wide rows wider than the fallback of 80 columns"; return; }
    cmd w0 help || { bad "$c" "no prompt after help"; return; }
    typeln w0 quit
    waitfor w0 -x 'EXITED 0' || { bad "$c" "quit did not exit 0"; return; }
}

# ---- TERM unset or dumb, NO_COLOR (H9): no colour, readline works ----
# checklist: H9
# The control (TERM=xterm-256color) shows the check can see colour.
c_nocolor() {
    esc=$(printf '\033')
    for how in "unset TERM" "TERM=dumb" "NO_COLOR=1; export NO_COLOR" ""; do
        c="colour with '${how:-TERM=xterm-256color}'"
        pre=$how
        start nc "$tmp/home"
        pre=""
        prompt nc || { bad "$c" "no prompt"; return; }
        tm send-keys -t nc -l inp
        tm send-keys -t nc Tab
        last_is nc '^neuron> inputs *$' ||
            { bad "$c" "inp Tab did not complete (readline unusable?)"; return; }
        typeln nc '1 0; expect 1 = 1; fier'
        waitfor nc "did you mean 'fire'" || { bad "$c" "no error for fier"; return; }
        prompt nc || { bad "$c" "no prompt after the commands"; return; }
        tm capture-pane -e -p -t nc >"$tmp/esc"
        if [ -z "$how" ]; then
            grep -q "$esc\\[3" "$tmp/esc" ||
                { bad "$c" "no colour: this check cannot see colour"; return; }
        elif grep -q "$esc\\[" "$tmp/esc"; then
            bad "$c" "escape codes on the screen"
            return
        fi
        typeln nc quit
        waitfor nc -x 'EXITED 0' || { bad "$c" "quit did not exit 0"; return; }
        tm kill-session -t nc
    done
}

# ---- stdin a pipe, stdout the terminal (H10) ----
# checklist: H10
# No prompt, no echo of the commands, pause skipped. Colour follows
# standard output, as README says ("When output is not a terminal there is
# no colour"): here it is a terminal, so `ok` is green.
c_piped() {
    c="stdin a pipe"
    feed="printf 'say one\\npause\\nsay two\\nexpect 1 = 1\\n' | "
    start pipe "$tmp/home"
    feed=""
    waitfor pipe '^EXITED' || { bad "$c" "neuron did not end by itself (pause waited?)"; return; }
    grep -q -x 'EXITED 0' "$tmp/screen" || { bad "$c" "exit status not 0"; return; }
    grep -q 'neuron>' "$tmp/screen" && { bad "$c" "a prompt was printed"; return; }
    grep -q 'say one' "$tmp/screen" && { bad "$c" "the commands were echoed"; return; }
    for l in one two 'ok 1 = 1'; do
        grep -q -x "$l" "$tmp/screen" || { bad "$c" "'$l' is not on the screen"; return; }
    done
    tm capture-pane -e -p -t pipe >"$tmp/esc"
    grep -q "$(printf '\033')\\[32mok" "$tmp/esc" ||
        { bad "$c" "'ok' is not green though standard output is a terminal"; return; }
}

# ---- Ctrl-C during table, plot and fit (H4) ----
# checklist: H4
# K is a sum of 8 calls of a 2000-unit fit: every value costs 16,000 units,
# so each command below computes for seconds. Ctrl-C is sent once neuron
# computes (not while it still reads the line).
c_long() {
    c="Ctrl-C during table, plot and fit"
    if [ -n "$VG" ]; then
        echo "repl.sh: $c skipped under valgrind"
        return
    fi
    start long "$tmp/home"
    prompt long || { bad "$c" "no prompt"; return; }
    cmd long 'G = fit sin(x) from -pi to pi with 2000 units' ||
        { bad "$c" "no prompt after the fit of G"; return; }
    cmd long 'K = G(x) + G(x/2) + G(x/3) + G(x/4) + G(x/5) + G(x/6) + G(x/7) + G(x/8)' ||
        { bad "$c" "no prompt after defining K"; return; }
    pid=$(pid_of long) || pid=""
    [ -n "$pid" ] || { echo "repl.sh: $c skipped: no pgrep"; return; }

    tm send-keys -t long C-l
    typeln long 'table K from 0 to 1 step 0.0000101'
    waitfor long -E '^ +[0-9][0-9.e+-]* +-?[0-9][0-9.e+-]*$' ||
        { bad "$c" "table printed no row"; return; }
    tm send-keys -t long C-c
    waitfor long 'error: table: interrupted after [0-9]* rows*' ||
        { bad "$c" "table: no 'interrupted after N rows'"; return; }
    prompt long || { bad "$c" "no prompt after the interrupted table"; return; }

    tm send-keys -t long C-l
    typeln long 'plot K, K, K, K, K, K, K, K'
    busy "$pid" || { bad "$c" "plot never started computing"; return; }
    tm send-keys -t long C-c
    waitfor long 'error: plot: interrupted' || { bad "$c" "plot: no 'interrupted'"; return; }
    prompt long || { bad "$c" "no prompt after the interrupted plot"; return; }

    tm send-keys -t long C-l
    typeln long 'F = fit K from -pi to pi with 50 units'
    busy "$pid" || { bad "$c" "fit never started computing"; return; }
    tm send-keys -t long C-c
    waitfor long 'error: interrupted' || { bad "$c" "fit: no 'interrupted'"; return; }
    prompt long || { bad "$c" "no prompt after the interrupted fit"; return; }
    # the fit defined nothing; what was there before still works
    cmd long 'F(0)' || { bad "$c" "no prompt after F(0)"; return; }
    printf '%s\n' "$out" | grep -q "unknown function 'F'" ||
        { bad "$c" "the interrupted fit left F defined: $out"; return; }
    cmd long 'G(pi/2)' || { bad "$c" "no prompt after G(pi/2)"; return; }
    printf '%s\n' "$out" | grep -q -x -E '(0\.99[0-9]*|1)' ||
        { bad "$c" "G(pi/2) is '$out' after the interrupts, not about 1"; return; }
    typeln long quit
    waitfor long -x 'EXITED 0' || { bad "$c" "quit did not exit 0"; return; }
}

# ---- SIGHUP, and the terminal closed (H5) ----
# checklist: H5
c_hup() {
    signal_case hup HUP "$tmp/h4" || return

    c="terminal closed"
    start closed "$tmp/h5"
    prompt closed || { bad "$c" "no prompt"; return; }
    typeln closed 'say before close'
    waitfor closed -x 'before close' || { bad "$c" "say did not print"; return; }
    prompt closed || { bad "$c" "no prompt"; return; }
    pid=$(pid_of closed)
    [ -n "$pid" ] || { bad "$c" "cannot find neuron's process"; return; }
    tm kill-session -t closed
    i=0
    while kill -0 "$pid" 2>/dev/null && [ "$i" -lt $((D * 10)) ]; do
        sleep 0.1
        i=$((i + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
        fail "$c: neuron still runs after its terminal closed"
        kill -KILL "$pid" 2>/dev/null
        return
    fi
    grep -q -x -F 'say before close' "$tmp/h5/.local/state/neuron/history" 2>/dev/null ||
        fail "$c: the history was not saved"
}

# ---- history file problems (G6): the REPL starts, at most one warning ----
# checklist: G6
# run_once S HOME WHAT: starts S with HOME, runs `say WHAT`, leaves with
# Ctrl-D; fails unless all of it works with at most one warning.
run_once() {
    start "$1" "$2"
    prompt "$1" || { bad "$c" "no prompt"; return 1; }
    typeln "$1" "say $3"
    waitfor "$1" -x "$3" || { bad "$c" "say did not print"; return 1; }
    prompt "$1" || { bad "$c" "no prompt after say"; return 1; }
    tm send-keys -t "$1" C-d
    waitfor "$1" '^EXITED' || { bad "$c" "Ctrl-D did not end neuron"; return 1; }
    grep -q -x 'EXITED 0' "$tmp/screen" || { bad "$c" "exit status not 0"; return 1; }
    [ "$(grep -c -i 'warning\|error' "$tmp/screen")" -le 1 ] ||
        { bad "$c" "more than one warning"; return 1; }
    tm kill-session -t "$1"
}

c_histfile() {
    c="HOME unset"
    pre="unset HOME"
    run_once hf1 "$tmp/hf1" 'no home'
    pre=""
    [ -e "$tmp/hf1/.local" ] && fail "$c: a history folder was made in the HOME given before unset"

    c="HOME where no folder can be made"
    : >"$tmp/hf2file"           # HOME is a file: mkdir fails, as root too
    pre="HOME=$(q "$tmp/hf2file")"
    run_once hf2 "$tmp/hf2" 'home is a file'
    pre=""

    if [ "$(id -u)" != 0 ]; then
        c="HOME read-only"
        mkdir -p "$tmp/hf3" && chmod 555 "$tmp/hf3"
        run_once hf3 "$tmp/hf3" 'read-only home'
        chmod 755 "$tmp/hf3"
    fi

    c="history path is a folder"
    mkdir -p "$tmp/hf4/.local/state/neuron/history"
    run_once hf4 "$tmp/hf4" 'history is a folder' || return
    [ -d "$tmp/hf4/.local/state/neuron/history" ] || fail "$c: the folder was replaced"

    c="history of binary garbage"
    h=$tmp/hf5/.local/state/neuron
    mkdir -p "$h"
    LC_ALL=C awk 'BEGIN { x = 777;
                 for (i = 0; i < 3000; i++) {
                     x = (x * 75 + 74) % 65537
                     printf "%c", x % 255 + 1
                 }
                 printf "\n" }' >"$h/history"
    printf 'ab\000cd\nsay last good\n' >>"$h/history"
    start hf5 "$tmp/hf5"
    prompt hf5 || { bad "$c" "no prompt"; return; }
    tm send-keys -t hf5 Up
    last_is hf5 '^neuron> say last good$' ||
        { bad "$c" "Up did not recall the last line of the old history"; return; }
    tm send-keys -t hf5 Up Up Up C-u
    prompt hf5 || { bad "$c" "no prompt after going up through garbage"; return; }
    typeln hf5 'say after garbage'
    waitfor hf5 -x 'after garbage' || { bad "$c" "say did not print"; return; }
    tm send-keys -t hf5 C-d
    waitfor hf5 -x 'EXITED 0' || { bad "$c" "Ctrl-D did not exit 0"; return; }
    [ "$(tail -1 "$h/history")" = 'say after garbage' ] ||
        fail "$c: the new command is not the history's last line"
}

# ---- HOME and XDG_STATE_HOME that do not exist: nothing made above ----
# Issue 14: HOME=/nonexistent/x made the whole path (as root, /nonexistent).
# The history folders are made only below a folder that exists: never HOME
# itself, and XDG_STATE_HOME only when the folder holding it exists.
# checklist: G6
c_home() {
    c="HOME does not exist"
    pre="HOME=$(q "$tmp/nohome/x")"
    run_once hm1 "$tmp/hm1" 'no such home'
    pre=""
    [ -e "$tmp/nohome" ] && fail "$c: $tmp/nohome was made"

    c="HOME exists, no .local yet"
    mkdir -p "$tmp/hm2"
    pre="HOME=$(q "$tmp/hm2/")"  # a trailing '/' as well
    run_once hm2 "$tmp/hm2x" 'a fresh home'
    pre=""
    grep -q -x 'say a fresh home' "$tmp/hm2/.local/state/neuron/history" \
        2>/dev/null || fail "$c: no history in \$HOME/.local/state/neuron"

    c="XDG_STATE_HOME under a folder that does not exist"
    pre="XDG_STATE_HOME=$(q "$tmp/noxdg/a/state"); export XDG_STATE_HOME"
    run_once hm3 "$tmp/hm3" 'no such state folder'
    pre=""
    [ -e "$tmp/noxdg" ] && fail "$c: $tmp/noxdg was made"
    [ -e "$tmp/hm3/.local" ] &&
        fail "$c: the history went to \$HOME/.local instead"

    c="XDG_STATE_HOME itself missing, its folder there"
    mkdir -p "$tmp/xdg4"
    pre="XDG_STATE_HOME=$(q "$tmp/xdg4/state/"); export XDG_STATE_HOME"
    run_once hm4 "$tmp/hm4" 'state made'
    pre=""
    grep -q -x 'say state made' "$tmp/xdg4/state/neuron/history" \
        2>/dev/null || fail "$c: no history in \$XDG_STATE_HOME/neuron"
}

# ---- a long history and two sessions on one file (H13) ----
# checklist: H13
c_histmany() {
    c="10,000 history lines"
    h=$tmp/hm/.local/state/neuron
    mkdir -p "$h"
    awk 'BEGIN { for (i = 1; i <= 10000; i++) print "say old " i }' >"$h/history"
    start hm "$tmp/hm"
    prompt hm || { bad "$c" "no prompt"; return; }
    tm send-keys -t hm Up
    last_is hm '^neuron> say old 10000$' || { bad "$c" "Up did not recall the newest line"; return; }
    tm send-keys -t hm C-u
    typeln hm 'say fresh'
    waitfor hm -x 'fresh' || { bad "$c" "say did not print"; return; }
    tm send-keys -t hm C-d
    waitfor hm -x 'EXITED 0' || { bad "$c" "Ctrl-D did not exit 0"; return; }
    n=$(wc -l <"$h/history")
    [ "$n" -le 1000 ] || fail "$c: the history file kept $n lines (cap 1000)"
    [ "$(tail -1 "$h/history")" = 'say fresh' ] || fail "$c: 'say fresh' is not the last line"
    [ "$(sed -n '$!p' "$h/history" | tail -1)" = 'say old 10000' ] ||
        fail "$c: the newest old line is not kept before 'say fresh'"
    tm kill-session -t hm

    c="two sessions on one history"
    start two1 "$tmp/ht"
    start two2 "$tmp/ht"
    prompt two1 || { bad "$c" "no prompt in the first"; return; }
    prompt two2 || { bad "$c" "no prompt in the second"; return; }
    typeln two1 'say from one'
    waitfor two1 -x 'from one' || { bad "$c" "the first did not answer"; return; }
    typeln two2 'say from two'
    waitfor two2 -x 'from two' || { bad "$c" "the second did not answer"; return; }
    typeln two1 'say one again'
    waitfor two1 -x 'one again' || { bad "$c" "the first did not answer again"; return; }
    tm send-keys -t two2 C-d
    waitfor two2 -x 'EXITED 0' || { bad "$c" "the second did not exit 0"; return; }
    tm send-keys -t two1 C-d
    waitfor two1 -x 'EXITED 0' || { bad "$c" "the first did not exit 0"; return; }
    f=$tmp/ht/.local/state/neuron/history
    printf 'say from one\nsay from two\nsay one again\n' >"$tmp/want"
    cmp -s "$tmp/want" "$f" || {
        fail "$c: the history file is not the three commands in order"
        sed 's/^/    history: /' "$f" | head -10
    }
}

# ---- a history file that cannot grow (G1): left as it was ----
# Past `ulimit -f` appending fails (EFBIG; neuron ignores SIGXFSZ). The
# file must not be rewritten from memory then: a rewrite stops at the
# limit and cuts the history short.
# checklist: G1
c_histfull() {
    c="history past ulimit -f"
    h=$tmp/hl/.local/state/neuron
    mkdir -p "$h"
    awk 'BEGIN { for (i = 1; i <= 900; i++) print "say old " i }' >"$h/history"
    cp "$h/history" "$tmp/hl.copy"
    pre="ulimit -f 8"
    start hl "$tmp/hl"
    pre=""
    prompt hl || { bad "$c" "no prompt"; return; }
    typeln hl 'say fresh'
    waitfor hl -x 'fresh' || { bad "$c" "say did not print"; return; }
    tm send-keys -t hl C-d
    waitfor hl -x 'EXITED 0' || { bad "$c" "Ctrl-D did not exit 0"; return; }
    cmp -s "$tmp/hl.copy" "$h/history" ||
        fail "$c: the history file changed ($(wc -l <"$h/history") lines)"
}

for t in ${REPL_CASES:-c_basic c_tab c_error c_ctrlc c_ctrld c_history \
    c_train c_pause c_term c_resize c_paste c_block c_fit c_tab_none c_ctrlz c_width0 \
    c_nocolor c_piped c_long c_hup c_histfile c_home c_histmany c_histfull}; do
    "$t"
    tm kill-server 2>/dev/null
done

if [ "$fails" -eq 0 ]; then
    echo "repl.sh: all passed"
fi
[ "$fails" -eq 0 ]
