#!/bin/sh
# signals.sh - Ctrl-C during every long command, in a real terminal (tmux,
# 100x40): the signal matrix of issue 14. Each command runs
#   at the prompt      typed as `CMD; say AFTER-SAME`
#   in a script (-i)   `neuron -i FILE`: the line `CMD; say AFTER-SAME`,
#                      then `say AFTER-NEXT`; the prompt comes up after
#   with -e            neuron -e SETUP -e 'CMD; say AFTER-SAME'
#                      -e 'say AFTER-NEXT' -e '1+41'
# and gets
#   int      Ctrl-C (tmux send-keys C-c) while it runs
#   winch    the window resized to 60x30 (SIGWINCH) while it runs, then
#            Ctrl-C
#   block    the tmux server stopped (SIGSTOP) so that the pane is not
#            read and neuron's writes block; SIGINT sent to neuron with
#            kill while it sleeps in write(2); the server continued
#            (commands that write while they run only)
# After the signal, nothing after the command may run (no AFTER-SAME, no
# AFTER-NEXT, nothing more of a lesson or a script run by `run`); the
# command says it was interrupted (a command that does not stop on
# Ctrl-C, such as `save`, may finish: then its file is whole, byte for
# byte what an uninterrupted save writes, and no temporary file is left);
# at the prompt and with -i: the prompt comes back on a row of its own,
# `1+41` answers 42, `undo` does what `help undo` says (puts back the
# weights, or the network, from before the interrupted training, or says
# there is nothing to undo), and Ctrl-D ends neuron with status 0 (a
# handout being recorded is written then). With -e: status 130, and
# neither the later -e commands nor 1+41 run (src/main.c: "Ctrl-C during
# a -e command or a script stops everything after it: with -i on a
# terminal the prompt comes up, otherwise the status is 130").
#
# The rows: train with the perceptron rule and the gradient rule on each
# kind of data (truth table, CSV file, typed, generated), a network on
# the digits, epoch, fit, compare, table, plot, data mnist DIR, save
# network, lesson 1 (at a pause), a lesson that trains, run FILE, and
# training while record writes a handout. `fit`, `compare` and `plot`
# work on a target that costs 40 calls of a 2000-unit fit a value (under
# the bound of 1,000,000 steps a value).
#
# A command must still run when the signal comes. Most commands below
# run for far longer than a test waits (seconds to minutes), and the
# signal is sent once the screen (or the process state) shows they
# started. Some cannot be made that long: training on a truth table (at
# most 1,000,000 epochs of 4 samples, about 2 s in tmux), `table` (at
# most 100,000 rows, under a second), loading digits (at most 256 MiB of
# pixels a file), saving. For those ("held", marked * in the summary)
# neuron is stopped with SIGSTOP once it runs, the screen is checked to
# show the command unfinished, Ctrl-C is typed (the kernel keeps SIGINT
# pending), and SIGCONT lets it go on with the signal: the interrupt is
# certain to arrive during the command however slow or loaded the
# machine. A cell whose command ended before the signal proves nothing:
# it is run again, at most twice more.
#
# Run by tests/run-all.sh with $NEURON (absolute path) and maybe $VG.
# Skipped when tmux is not installed. Prints a FAIL line with the screen
# for each failed check, then the matrix (ok / FAIL / - for a cell not
# run) and exits 1 if anything failed. SIG_ROWS="xor table", SIG_MODES=
# "prompt e", SIG_SIGS="int block" run part of it; SIG_VERBOSE=1 shows
# the screen after each signal and what undo printed; SIG_JOBS=N runs N cells
# at a time (default 3, 2 under valgrind), each worker on its own tmux
# server.
# checklist: K10 (Ctrl-C matrix in a real terminal)
# checklist: K1 (EINTR on output paths: Ctrl-C while the terminal's
# output is blocked, the `block` column)
set -u
: "${NEURON:?NEURON must name the neuron binary}"
VG=${VG:-}
if ! command -v tmux >/dev/null 2>&1; then
    echo "signals.sh: skipped: tmux not installed"
    exit 0
fi
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d) || exit 1
fails=0
fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}
# shellcheck source=tests/shell/lib/tmux.sh
. "$top/tests/shell/lib/tmux.sh"
[ -n "$VG" ] || D=20         # a loaded 2-core machine, three cells at once

cleanup() {
    for p in "$tmp"/server.*; do
        [ -f "$p" ] && kill -CONT "$(cat "$p")" 2>/dev/null
    done
    for k in "$tmp"/sock.*; do
        if [ -f "$k" ]; then
            tmux -L "$(cat "$k")" -f /dev/null kill-server 2>/dev/null
            rm -f "$(tm_socket "$(cat "$k")")"
        fi
    done
    # shellcheck disable=SC2086
    [ -n "${workers:-}" ] && kill $workers 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# q STRING: STRING quoted for sh
q() {
    printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# ------------------------------------------------------------------
# The work folder: a CSV file from lessons/data, a lesson (99) and a
# script that train, and a folder of generated digits as large as one
# file may be (256 MiB of pixels: 340,000 blank 28x28 images, 30 KB of
# gzip, for training and as many for testing; 50,000 under valgrind):
# loading them takes about half a second.
w=$tmp/work
mkdir -p "$w" "$tmp/home" "$tmp/lessons"
cp "$top/lessons/data/darn.csv" "$w/darn.csv"
for f in "$top"/lessons/*.neuron; do
    ln -s "$f" "$tmp/lessons/${f##*/}"
done
ln -s "$top/lessons/data" "$tmp/lessons/data"
cat >"$tmp/lessons/99-a-long-lesson.neuron" <<'EOF'
# Lesson 99: a long lesson (tests/shell/signals.sh)
# Objective: be interrupted.
# About 1 minute.
say lesson nine begins
data and
rule gradient
train 1000000
say AFTER-LESSON
EOF
cat >"$w/long.neuron" <<'EOF'
say the long script begins
data and
rule gradient
train 1000000
say AFTER-RUN
EOF

digits=340000
[ -n "$VG" ] && digits=50000
be32() {  # N as 4 big-endian bytes, in printf's octal escapes
    printf '\\%03o\\%03o\\%03o\\%03o' $(($1 >> 24 & 255)) \
        $(($1 >> 16 & 255)) $(($1 >> 8 & 255)) $(($1 & 255))
}
mkdir "$w/big"
head -c 7840000 /dev/zero | gzip -9 -c >"$tmp/chunk.gz"  # 10,000 images
# 340,000 = 34 x 10,000 images (and 50,000 = 5 x 10,000)
for set in train t10k; do
    {
        # shellcheck disable=SC2059
        printf "\\000\\000\\010\\003$(be32 $digits)\\000\\000\\000\\034\\000\\000\\000\\034" |
            gzip -c
        i=0
        while [ "$i" -lt $((digits / 10000)) ]; do
            cat "$tmp/chunk.gz"
            i=$((i + 1))
        done
    } >"$w/big/$set-images-idx3-ubyte.gz"
    {
        # shellcheck disable=SC2059
        printf "\\000\\000\\010\\001$(be32 $digits)"
        head -c "$digits" /dev/zero
    } | gzip -9 -c >"$w/big/$set-labels-idx1-ubyte.gz"
done
rm -f "$tmp/chunk.gz"

# a saved network to compare an interrupted save with (seed 42 by default:
# the same weights every time); 5.6 million parameters, 76 MB of text,
# half a second to write (0.9 million under valgrind)
net="784 2000 2000 10"
[ -n "$VG" ] && net="784 500 500 10"
(cd "$tmp" && $VG "$NEURON" -e "network $net" -e 'save network ref.net' \
    >/dev/null 2>&1) || fail "cannot save the reference network"

# the locale of the issue's terminal (the bar drawn with █), if there is one
loc=C
locale -a 2>/dev/null | grep -q -i -x 'c\.utf-\{0,1\}8' && loc=C.UTF-8

# ------------------------------------------------------------------
# The rows. Each sets
#   setup  commands run before (at the prompt, one line; in the script,
#          the first line; with -e, the first -e)
#   cmd    the long command
#   start  an ERE the screen matches once cmd runs, or "busy": it runs
#          when the process computes (state R)
#   fin    an ERE the screen matches when cmd finished (must not show
#          when the signal comes, nor after it when intr is set); "":
#          no such check
#   intr   an ERE the screen must match after the signal ("" when cmd
#          cannot be interrupted and may finish)
#   undo   an ERE that `undo` after the signal must print
#   hold   1: stop neuron around Ctrl-C (see the top)
#   output 1: cmd writes while it runs (the block column applies)
# Under valgrind (20 to 50 times slower) smaller sizes still run for long:
# a target of 200 units (its fit alone takes 25 s with 2000), 200 moons
# or circle points (20 epochs of 2000 before the bar shows took a minute),
# 20,000 samples for `epoch`.
units=2000 points=2000 samples=100000
[ -n "$VG" ] && units=200 points=200 samples=20000
defs="G = fit sin(x) from -pi to pi with $units units; K = G(x) + G(x/2) + G(x/3) + G(x/4) + G(x/5) + G(x/6) + G(x/7) + G(x/8); L = K(x) + K(x/2) + K(x/3) + K(x/4) + K(x/5)"
zero2='back to epoch 1, sample 1: w1 = 0 w2 = 0 b = 0'
bar='epoch [0-9]+ of 1000000'
trained='(no epoch (ended )?without mistakes in|has converged|^epoch 1000000: )'
nothing='nothing to undo'
ALL_ROWS="xor and csv typed moons circle network epoch fit compare table \
plot mnist save pause lesson run record"

row() {
    setup=""
    start=$bar
    fin=$trained
    intr='interrupted at epoch [0-9]+, sample [0-9]+'
    undo=$zero2
    hold=0
    output=1
    what=""
    case $1 in
    xor)
        what="train, perceptron rule, truth table (data xor)"
        setup='data xor'
        cmd='train 1000000'
        hold=1 ;;
    and)
        what="train, gradient rule, truth table (data and)"
        setup='data and; rule gradient'
        cmd='train 1000000'
        hold=1 ;;
    csv)
        what="train, gradient rule, CSV file (lessons/data/darn.csv)"
        setup='data load darn.csv; rule gradient'
        cmd='train 1000000'
        undo='back to epoch 1, sample 1: w1 = 0 w2 = 0 w3 = 0 b = 0'
        hold=1 ;;
    typed)
        what="train, gradient rule, typed data (data add)"
        setup='data add 0 0 -> 0; data add 0 1 -> 1; data add 1 0 -> 1; data add 1 1 -> 1; rule gradient'
        cmd='train 1000000'
        hold=1 ;;
    moons)
        what="train, perceptron rule, generated data (data moons $points)"
        setup="data moons $points"
        cmd='train 1000000'
        output=0 ;;  # a bar every 20,000 updates: slow to fill a pty
    circle)
        what="train, gradient rule, generated data (data circle $points)"
        setup="data circle $points; rule gradient"
        cmd='train 1000000'
        output=0 ;;
    network)
        what="train a network (data mnist; network 784 32 10)"
        setup='data mnist; network 784 32 10'
        cmd='train 1000'
        start='epoch [0-9]+: [0-9]+/8000'
        fin='^epoch 1000: '
        intr='interrupted at epoch [0-9]+, image [0-9]+'
        undo='back to the network after 0 epochs'
        output=0 ;;  # a short line every 20 batches: slow to fill a pty
    epoch)
        what="epoch (data moons $samples, trace on: every update written out)"
        setup="data moons $samples; trace on"
        cmd='epoch'
        start='^sample [0-9]+ of [0-9]+: x = '
        fin='^epoch 1: [0-9]+ mistake'
        hold=1 ;;  # held, as table: under load even this can end early
    fit)
        what="fit (a target that costs 40 x $units units a point)"
        setup=$defs
        cmd='F = fit L from -pi to pi with 50 units'
        start=busy
        fin='F = fit of L'
        intr='interrupted'
        undo=$nothing
        output=0 ;;
    compare)
        what="compare (10,001 points of the same target)"
        setup=$defs
        cmd='compare L with sin(x) from -pi to pi'
        start=busy
        fin='L against sin'
        intr='interrupted'
        undo=$nothing
        output=0 ;;
    table)
        what="table, 100,000 rows to the terminal (Ctrl-C during output)"
        # S costs a 2000-unit sum a row, so that 100,000 rows take long
        # enough to be held and interrupted however fast the machine
        setup="S = fit x + 2 from -pi to pi with $units units"
        cmd='table S, sigmoid, tanh, relu, softplus from 0 to 1 step 0.0000101'
        start='^ +[0-9][0-9.e-]*( +[0-9][0-9.e-]*){5} *$'
        fin='1\.3133 *$'
        intr='table: interrupted after [0-9]+ rows?'
        undo=$nothing
        hold=1 ;;
    plot)
        what="plot (8 curves of the same target)"
        setup=$defs
        cmd='plot L, L, L, L, L, L, L, L'
        start=busy
        fin='└─'
        intr='plot: interrupted'
        undo=$nothing
        output=0 ;;
    mnist)
        what="data mnist DIR loading (2 x $digits images)"
        cmd='data mnist big'
        start=busy
        fin='training and [0-9]+ test images'
        intr=''
        undo=$nothing
        hold=1
        output=0 ;;
    save)
        what="save network FILE (5.6 million parameters, to a file)"
        setup="network $net"
        cmd='save network OUT/big.net'
        start=busy
        fin='saved the network'
        intr=''
        undo=$nothing
        hold=1
        output=0 ;;
    pause)
        what="lesson 1, at its first pause"
        cmd='lesson 1'
        start='press Enter to go on'
        fin=''   # a pause ends only with Enter
        intr='interrupted'
        undo=$nothing
        output=0 ;;
    lesson)
        what="lesson 99 (a lesson that trains: data and, gradient rule)"
        cmd='lesson 99'
        hold=1 ;;
    run)
        what="run FILE (a script that trains: data and, gradient rule)"
        cmd='run long.neuron'
        hold=1 ;;
    record)
        what="record FILE.md, then train (data and, gradient rule)"
        setup='record h.md; data and; rule gradient'
        cmd='train 1000000'
        hold=1 ;;
    *)
        echo "signals.sh: no row '$1'"
        return 1 ;;
    esac
}

# ------------------------------------------------------------------
# One cell: cell ROW MODE SIG N (N: a number for the session's name).
# Reports each failed check with the screen; writes "ROW MODE SIG ok|FAIL"
# to $tmp/res.N.

# start_neuron S ARGS...: session S (100x40) runs neuron ARGS in the work
# folder with a private HOME and XDG folders; the pane shows "EXIT=N"
# when neuron ends.
start_neuron() {
    s=$1
    shift
    args=""
    for a in "$@"; do
        args="$args $(q "$a")"
    done
    {
        # Ctrl-C reaches this shell too (same process group): without a
        # trap, sh would end with it once neuron ends
        echo "trap : INT QUIT"
        echo "cd $(q "$w") || exit 1"
        echo "HOME=$(q "$tmp/home") TERM=xterm-256color LC_ALL=$loc"
        echo "XDG_STATE_HOME=$(q "$tmp/home/state")"
        echo "XDG_CONFIG_HOME=$(q "$tmp/home/config")"
        echo "XDG_DATA_HOME=$(q "$tmp/home/data")"
        echo "XDG_CACHE_HOME=$(q "$tmp/home/cache")"
        echo "NEURON_LESSONS=$(q "$tmp/lessons")"
        echo "export HOME TERM LC_ALL XDG_STATE_HOME XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME NEURON_LESSONS"
        echo "unset NO_COLOR COLUMNS LINES LANG LC_CTYPE"
        echo "$VG $(q "$NEURON")$args"
        echo 'echo "EXIT=$?"'
        echo "exec sleep 600"
    } >"$tmp/$s.sh"
    tm_session "$s" 100 40 "sh $(q "$tmp/$s.sh")"
}

prompt_re='^neuron> *$'

# early WHY: the command ended before the signal could reach it: the cell
# proves nothing, and is run again (twice at most, then it fails)
early() {
    if [ "$try" -lt 3 ]; then
        echo "note: $id: $1; trying again"
        echo "$rname $mode $sig again" >"$tmp/res.$n"
    else
        bad "$1, three times (make it longer)"
        res FAIL
    fi
    tm kill-session -t "$s" 2>/dev/null
}

# bad STEP: a failed check of this cell, with the screen
bad() {
    fail "$id: $1"
    tm_show
    ok=0
}

# sigpending PID: polls until SIGINT is pending for the stopped PID
sigpending() {
    i=0
    while [ "$i" -lt $((D * 20)) ]; do
        awk '/^(SigPnd|ShdPnd):/ { v = substr($2, length($2)); if (index("2367abefABEF", v)) f = 1 }
             END { exit !f }' "/proc/$1/status" 2>/dev/null && return 0
        [ -r "/proc/$1/status" ] || { sleep 0.5; return 0; }
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}

# wait_prompt: polls until the last row of the screen ends with the
# prompt (0), or neuron has ended or D seconds passed (1)
wait_prompt() {
    i=0
    while [ "$i" -lt $((D * 20)) ]; do
        tm_snap "$s"
        grep -v '^ *$' "$tm_screen" | tail -1 | grep -q -E 'neuron> *$' && return 0
        grep -q '^EXIT=' "$tm_screen" && return 1
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}

# finished: the screen shows that the command ran to its end
finished() {
    [ -n "$fin" ] && since_setup | grep -q -E -e "$fin"
}

# since_setup: the rows of the screen after the setup's mark (all of
# them when the mark is not on the screen): what the command printed
since_setup() {
    awk '{ l[NR] = $0 } $0 == "SETUP-DONE" { at = NR }
         END { for (i = at + 1; i <= NR; i++) print l[i] }' "$tm_screen"
}

# the text typed to a prompt runs, and the screen shows its output rows in
# $out: clears the screen first (C-l), waits for the next prompt
ask_prompt() {
    tm send-keys -t "$s" C-l
    tm_last_is "$s" "$prompt_re" || return 1
    i=0
    while [ "$(grep -c -v '^ *$' "$tm_screen")" -ne 1 ] && [ "$i" -lt 40 ]; do
        sleep 0.05
        tm_snap "$s"
        i=$((i + 1))
    done
    tm_type "$s" "$1"
    i=0
    while [ "$i" -lt $((D * 20)) ]; do
        tm_snap "$s"
        out=$(awk -v c="neuron> $1" '
                { l[NR] = $0; if (NF) n = NR; if ($0 == c || $0 == c " ") at = NR }
                END { if (at && n > at && l[n] ~ /^neuron> *$/)
                          for (i = at + 1; i < n; i++) print l[i]
                      else exit 1 }' "$tm_screen") && return 0
        grep -q '^EXIT=' "$tm_screen" && return 1
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}

cell() {
    rname=$1 mode=$2 sig=$3 n=$4
    row "$rname" || return
    # each cell saves in a folder of its own (cells run side by side)
    cmd=$(printf '%s' "$cmd" | sed "s|OUT/|out$4/|")
    case $cmd in *out$4/*) mkdir -p "$w/out$4" ;; esac
    id="$rname/$mode/$sig"
    s=c$n
    ok=1
    res() { echo "$rname $mode $sig $1" >"$tmp/res.$n"; }
    if [ "$sig" = block ] && [ "$output" = 0 ]; then
        res -
        return
    fi
    [ "$rname" = record ] && rm -f "$w/h.md" "$w"/h-*.svg
    line="$cmd; say AFTER-SAME"
    # the setup ends with a mark, so that the command is known to run
    # once the screen shows it (and the process computes)
    if [ -n "$setup" ]; then
        first="$setup; say SETUP-DONE"
    else
        first="say SETUP-DONE"
    fi
    case $mode in
    prompt)
        start_neuron "$s" ;;
    script)
        {
            printf '%s\n%s\nsay AFTER-NEXT\n' "$first" "$line"
        } >"$w/s$n.neuron"
        start_neuron "$s" -i "s$n.neuron" ;;
    e)
        start_neuron "$s" -e "$first" -e "$line" -e 'say AFTER-NEXT' -e '1+41' ;;
    esac
    if [ "$mode" = prompt ]; then
        tm_last_is "$s" "$prompt_re" || { bad "no prompt"; res FAIL; return; }
        tm_type "$s" "$first"
    fi
    # a command that writes fast can scroll the mark away before it is
    # seen: its start is its own output; one that computes quietly starts
    # after the mark, not during the setup (or valgrind's start)
    if [ "$mode" = prompt ] || [ "$start" = busy ]; then
        tm_waitfor "$s" -x 'SETUP-DONE' || { bad "the setup did not end"; res FAIL; return; }
        if grep -q '^error' "$tm_screen"; then
            bad "the setup failed"
            res FAIL
            return
        fi
    fi
    if [ "$mode" = prompt ]; then
        tm_last_is "$s" "$prompt_re" || { bad "no prompt after the setup"; res FAIL; return; }
        tm send-keys -t "$s" C-l
        tm_last_is "$s" "$prompt_re"
        tm_type "$s" "$line"
    fi
    pid=""
    i=0
    while [ -z "$pid" ] && [ "$i" -lt $((D * 20)) ]; do
        pid=$(tm_pid "$s")
        [ -n "$pid" ] || sleep 0.05
        i=$((i + 1))
    done
    [ -n "$pid" ] || { bad "cannot find neuron's process"; res FAIL; return; }

    # ---- wait until the command runs ----
    if [ "$start" = busy ]; then
        tm_busy "$pid" || { bad "'$cmd' never started computing"; res FAIL; return; }
    else
        tm_waitfor "$s" -E -e "$start" || { bad "'$cmd' did not start (no /$start/)"; res FAIL; return; }
    fi
    if finished || grep -q 'EXIT=' "$tm_screen"; then
        early "'$cmd' ended before the signal"
        return
    fi

    # ---- the signal ----
    case $sig in
    int | winch)
        if [ "$hold" = 1 ]; then
            kill -STOP "$pid"
            sleep 0.3           # tmux draws what was written before the stop
            tm_snap "$s"
            if finished ||
                grep -q -x -E 'AFTER-[A-Z]+|EXIT=[0-9]+' "$tm_screen" ||
                { [ "$mode" != e ] && grep -v '^ *$' "$tm_screen" | tail -1 |
                    grep -q -E "$prompt_re"; }; then
                kill -CONT "$pid"
                early "'$cmd' ended before it was held"
                return
            fi
        fi
        if [ "$sig" = winch ]; then
            tm resize-window -t "$s" -x 60 -y 30
            tm_width "$s" 60 || bad "the window did not become 60 wide"
            [ "$hold" = 1 ] || sleep 0.2   # SIGWINCH lands during the command
        fi
        tm send-keys -t "$s" C-c
        if [ "$hold" = 1 ]; then
            sigpending "$pid" || bad "Ctrl-C gave no pending SIGINT while neuron was stopped"
            kill -CONT "$pid"
        fi ;;
    block)
        tm_stop
        echo "$tm_server_pid" >"$tmp/server.$worker"
        if ! tm_blocked "$pid"; then
            tm_cont
            bad "neuron's output never blocked while tmux was stopped (state $(tm_state "$pid"))"
            kill -INT "$pid"
        else
            kill -INT "$pid"
            sleep 0.3
            tm_cont
        fi
        rm -f "$tmp/server.$worker" ;;
    esac

    # ---- what follows the signal ----
    if [ "$mode" = e ]; then
        tm_waitfor "$s" '^EXIT=' || { bad "neuron did not end after the signal"; res FAIL; return; }
        st=$(sed -n 's/^EXIT=//p' "$tm_screen" | tail -1)
        [ "$st" = 130 ] || bad "exit status $st after the signal, not 130"
    else
        if ! wait_prompt; then
            if grep -q '^EXIT=' "$tm_screen"; then
                bad "neuron ended after the signal ($(grep '^EXIT=' "$tm_screen" | tail -1)) instead of giving the prompt"
            else
                bad "no prompt after the signal"
            fi
            res FAIL
            return
        fi
        sleep 0.1
        tm_snap "$s"
        grep -v '^ *$' "$tm_screen" | tail -1 | grep -q -E "$prompt_re" ||
            bad "the prompt came back at the end of a row, not on a row of its own (the interrupted command's output was not ended: no message, no newline)"
    fi
    grep -q -x 'AFTER-SAME' "$tm_screen" &&
        bad "the rest of the line ran after the signal ('say AFTER-SAME')"
    grep -q -x 'AFTER-NEXT' "$tm_screen" &&
        bad "the next $( [ "$mode" = e ] && echo "-e command" || echo "script line") ran after the signal ('say AFTER-NEXT')"
    grep -q -x -E 'AFTER-(LESSON|RUN)' "$tm_screen" &&
        bad "the rest of the lesson or script ran after the signal"
    [ "$mode" = e ] && grep -q -x '42' "$tm_screen" &&
        bad "the -e command 1+41 ran after the signal"
    if [ -n "$intr" ]; then
        # an error wraps at the terminal's width (issue 13): its lines
        # joined, continuation indents dropped
        sed -e ':a' -e 'N' -e '$!ba' -e 's/\n  */ /g' "$tm_screen" |
            grep -q -E -e "$intr" || bad "no /$intr/ on the screen"
        finished &&
            bad "'$cmd' ran to its end (/$fin/) though interrupted"
    fi
    if [ -n "${SIG_VERBOSE:-}" ]; then
        echo "---- $id: the screen after the signal"
        tm_show
    fi
    [ "$mode" = script ] && ! grep -q 'the rest of the script is not run' "$tm_screen" &&
        bad "no 'the rest of the script is not run'"
    if [ "$mode" != e ]; then
        ask_prompt '1+41' || bad "no prompt after 1+41"
        [ "$out" = 42 ] || bad "1+41 printed '$out', not 42"
        ask_prompt undo || bad "no prompt after undo"
        printf '%s\n' "$out" | grep -q -E -e "$undo" ||
            bad "undo printed '$out', not /$undo/"
        [ -n "${SIG_VERBOSE:-}" ] && echo "---- $id: undo printed: $out"
        tm send-keys -t "$s" C-d
        tm_waitfor "$s" '^EXIT=' || { bad "Ctrl-D did not end neuron"; res FAIL; return; }
        st=$(sed -n 's/^EXIT=//p' "$tm_screen" | tail -1)
        [ "$st" = 0 ] || bad "Ctrl-D: exit status $st, not 0"
    fi
    if [ "$rname" = save ]; then
        # written whole or not at all, and no temporary file left
        left=$(find "$w/out$n" ! -path "$w/out$n" ! -name big.net | head -3)
        [ -n "$left" ] && { fail "$id: a temporary file was left: $left"; ok=0; }
        f=$w/out$n/big.net
        if [ -f "$f" ] && ! cmp -s "$f" "$tmp/ref.net"; then
            fail "$id: big.net differs from a save that was not interrupted ($(wc -c <"$f") bytes, $(wc -c <"$tmp/ref.net") expected)"
            ok=0
        fi
        [ -n "${SIG_VERBOSE:-}" ] && echo "---- $id: big.net $( [ -f "$f" ] && echo written whole || echo not written)"
        rm -rf "$w/out$n"
    fi
    if [ "$rname" = record ]; then
        grep -q 'train 1000000' "$w/h.md" 2>/dev/null ||
            { fail "$id: the handout h.md was not written at the end with the train in it"; ok=0; }
    fi
    tm kill-session -t "$s" 2>/dev/null
    if [ "$ok" = 1 ]; then res ok; else res FAIL; fi
}

# ------------------------------------------------------------------
rows=${SIG_ROWS:-$ALL_ROWS}
modes=${SIG_MODES:-prompt script e}
sigs=${SIG_SIGS:-int winch block}
jobs=${SIG_JOBS:-3}
[ -n "$VG" ] && jobs=${SIG_JOBS:-2}

# every cell, numbered; the record row shares h.md: it runs in worker 0
n=0
: >"$tmp/cells"
for r in $rows; do
    for m in $modes; do
        for g in $sigs; do
            n=$((n + 1))
            echo "$n $r $m $g" >>"$tmp/cells"
        done
    done
done

t0=$(date +%s)
workers=""
k=0
while [ "$k" -lt "$jobs" ]; do
    (
        worker=$k
        tm_sock=nnsig$$w$k
        tm_screen=$tmp/screen.$k
        echo "$tm_sock" >"$tmp/sock.$k"
        trap 'tm_cleanup' EXIT
        while read -r num r m g; do
            # the record row writes h.md in the shared folder, the
            # digits take 530 MB: all in worker 0, one after the other
            if [ "$r" = record ] || [ "$r" = mnist ]; then
                [ "$k" = 0 ] || continue
            else
                [ $((num % jobs)) = "$k" ] || continue
            fi
            try=1
            while :; do
                cell "$r" "$m" "$g" "$num" </dev/null >>"$tmp/log.$num" 2>&1
                grep -q ' again$' "$tmp/res.$num" 2>/dev/null || break
                try=$((try + 1))
            done
            tm kill-server 2>/dev/null
        done <"$tmp/cells"
        exit 0
    ) &
    workers="$workers $!"
    k=$((k + 1))
done
wait
workers=""
t1=$(date +%s)

# the logs in order, then the matrix
while read -r num r m g; do
    [ -s "$tmp/log.$num" ] && cat "$tmp/log.$num"
    if [ ! -f "$tmp/res.$num" ]; then
        echo "FAIL: $r/$m/$g: the cell did not report"
        fails=$((fails + 1))
    elif grep -q ' FAIL$' "$tmp/res.$num"; then
        fails=$((fails + 1))
    fi
done <"$tmp/cells"

echo
printf '%-9s' "command"
for m in $modes; do
    for g in $sigs; do
        printf ' %-13s' "$m/$g"
    done
done
echo
for r in $rows; do
    row "$r" >/dev/null
    label=$r
    [ "$hold" = 1 ] && label="$r*"
    printf '%-9s' "$label"
    for m in $modes; do
        for g in $sigs; do
            v=$(cat "$tmp"/res.* 2>/dev/null | awk -v r="$r" -v m="$m" -v g="$g" \
                '$1 == r && $2 == m && $3 == g { print $4 }')
            printf ' %-13s' "${v:--}"
        done
    done
    echo
done
echo "(* held: neuron stopped around Ctrl-C, see the top of $0)"
for r in $rows; do
    row "$r" >/dev/null
    printf '  %-9s %s\n' "$r" "$what"
done
# last, where run-all.sh's tail shows it: each failed cell's first failure
while read -r num r m g; do
    grep -q ' FAIL$' "$tmp/res.$num" 2>/dev/null &&
        grep -m 1 '^FAIL: ' "$tmp/log.$num" | cut -c 1-150
done <"$tmp/cells"
echo "signals.sh: $(wc -l <"$tmp/cells") cells in $((t1 - t0)) s, $jobs at a time"
if [ "$fails" -eq 0 ]; then
    echo "signals.sh: all passed"
fi
[ "$fails" -eq 0 ]
