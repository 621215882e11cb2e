#!/bin/sh
# watch.sh - `train N --watch` on a real terminal (tmux, 100x30), issue 17:
#   frames   two screens captured at two moments of a watched train
#            differ, and each fits the screen: the status line on the
#            first row (nothing scrolled), the whole picture below it down
#            to its legend, no row wrapped; the cursor hidden meanwhile
#   resize   the window made 60x20 and then 100x30 during the watch: the
#            next frames fit each size
#   ctrl-c   Ctrl-C in the middle: the final frame stays, the prompt
#            works, the cursor is shown, and what was learned is kept
#            (epochs = the epoch the final frame shows; undo goes back)
#   slow     `watch slow`: a run of 200 epochs that takes a millisecond
#            is drawn a frame every second epoch, held, and Ctrl-C stops it
#   sigterm  SIGTERM during the watch: neuron ends (143) with the cursor
#            shown again
#   ctrl-z   Ctrl-Z during the watch (under an interactive bash): the
#            cursor is shown at the shell prompt; after fg the frames go
#            on, the cursor hidden again (skipped without bash, and under
#            valgrind, whose process a stop signal does not stop)
#   svg      `train N --watch > FILE.svg` writes a valid SVG of a few
#            dozen frames shown in turn (SMIL), the last kept; headless
#            Chromium renders it at two moments, and they differ (skipped
#            without chromium, and under valgrind)
# Run by tests/run-all.sh with $NEURON (absolute path) and maybe $VG.
# Skipped when tmux is not installed. Each failed check prints a FAIL line
# with the screen; the status is 1 when any failed.
set -u
: "${NEURON:?NEURON must name the neuron binary}"
VG=${VG:-}
if ! command -v tmux >/dev/null 2>&1; then
    echo "SKIP watch.sh: tmux not installed"
    exit 0
fi
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d) || exit 1
fails=0
fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}
tm_sock=nnwatch$$
# shellcheck source=tests/shell/lib/tmux.sh
. "$top/tests/shell/lib/tmux.sh"
trap 'tm_cleanup; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
mkdir -p "$tmp/home" "$tmp/work"

# q STRING: STRING quoted for sh
q() {
    printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# A network on 200 moons trains about 5,000 epochs a second here, so
# 100,000 epochs outlast every check (under valgrind far more so).
SETUP='data moons 200; network 2 6 tanh 1 sigmoid; optimizer adam; rate 0.02'
LONG='train 100000 --watch'

# start S W H: neuron at the prompt in a W x H session S (ASCII drawing:
# LC_ALL=C); when it ends the pane says EXITED and its status
start() {
    tm_session "$1" "$2" "$3" "cd $(q "$tmp/work") && env HOME=$(q "$tmp/home") \
TERM=xterm-256color LC_ALL=C $VG $(q "$NEURON"); echo EXITED \$?; sleep 600"
    tm_last_is "$1" '^neuron> ?$' || { fail "$1: no prompt"; tm_show; return 1; }
}

# cursor S: 1 when the cursor of S is shown, 0 when hidden
cursor() {
    tm display-message -p -t "$1" '#{cursor_flag}'
}

# epoch_on_top S [TOTAL]: the epoch the status line on the first row
# shows (of TOTAL epochs, 100000 unless given), or nothing when the first
# row is not such a status line
epoch_on_top() {
    tm capture-pane -p -t "$1" | head -1 |
        sed -n "s/^epoch \([0-9][0-9]*\) of ${2:-100000} .*/\1/p"
}

# wait_epoch S AFTER [TOTAL]: polls until the first row shows an epoch
# above AFTER
wait_epoch() {
    we_i=0
    while [ "$we_i" -lt $((D * 20)) ]; do
        we_e=$(epoch_on_top "$1" "${3:-100000}")
        [ -n "$we_e" ] && [ "$we_e" -gt "$2" ] && { echo "$we_e"; return 0; }
        sleep 0.05
        we_i=$((we_i + 1))
    done
    return 1
}

# fits S W H FILE: the screen of S, saved in FILE, holds one whole frame
# for W x H: the status line on the first row and the decision regions'
# picture down to its axis label and legend below it. A frame taller or
# wider than the screen would have scrolled it: its status line would be
# gone from the first row, or its legend from the bottom.
fits() {
    tm capture-pane -p -t "$1" >"$4"
    ok=1
    head -1 "$4" | grep -q '^epoch [0-9]* of 100000 ' || ok=0
    grep -q "the network's decision regions" "$4" || ok=0
    grep -q '^ *x1\( \|$\)' "$4" || ok=0
    grep -q 'y = 1' "$4" || ok=0
    [ "$(wc -l <"$4")" -le "$3" ] || ok=0
    [ "$(awk -v w="$2" 'length($0) > w' "$4" | wc -l)" = 0 ] || ok=0
    [ "$ok" = 1 ]
}

# ---- two moments, a resize, Ctrl-C ----
if start f 100 30; then
    tm_type f "$SETUP"
    tm_last_is f '^neuron> ?$' || fail "frames: the setup did not finish"
    tm_type f "$LONG"
    e1=$(wait_epoch f 0) || { fail "frames: no frame with an epoch on top"; tm_snap f; tm_show; }
    e1=${e1:-0}
    fits f 100 30 "$tmp/one" || { fail "frames: the first capture does not fit 100x30"; sed 's/^/    | /' "$tmp/one"; }
    [ "$(cursor f)" = 0 ] || fail "frames: the cursor is shown during the watch"
    e2=$(wait_epoch f "$e1") || fail "frames: the epoch on top did not move past $e1"
    fits f 100 30 "$tmp/two" || { fail "frames: the second capture does not fit 100x30"; sed 's/^/    | /' "$tmp/two"; }
    cmp -s "$tmp/one" "$tmp/two" && fail "frames: the two captures are the same"

    tm resize-window -t f -x 60 -y 20
    tm_width f 60 || fail "resize: the window did not become 60 wide"
    e3=$(wait_epoch f "${e2:-0}") || fail "resize: no frame after the resize"
    sleep 0.2  # a frame drawn for the new size for sure
    wait_epoch f "${e3:-0}" >/dev/null
    fits f 60 20 "$tmp/small" || { fail "resize: the frame does not fit 60x20"; sed 's/^/    | /' "$tmp/small"; }
    tm resize-window -t f -x 100 -y 30
    tm_width f 100 || fail "resize: the window did not become 100 wide again"
    e4=$(wait_epoch f "${e3:-0}")
    sleep 0.2
    wait_epoch f "${e4:-0}" >/dev/null
    fits f 100 30 "$tmp/big" || { fail "resize: the frame does not fit 100x30 again"; sed 's/^/    | /' "$tmp/big"; }

    tm send-keys -t f C-c
    tm_waitfor f 'interrupted at epoch' || { fail "ctrl-c: no interrupted message"; tm_show; }
    tm_last_is f '^neuron> ?$' || { fail "ctrl-c: no prompt after Ctrl-C"; tm_show; }
    last=$(epoch_on_top f)
    [ -n "$last" ] || { fail "ctrl-c: the final frame is not on screen"; tm_snap f; tm_show; }
    [ "$(cursor f)" = 1 ] || fail "ctrl-c: the cursor is hidden after the watch"
    tm send-keys -t f C-l  # a clean screen for the answers
    tm_type f 'epochs'
    tm_waitfor f -x "${last:-none}" ||
        { fail "ctrl-c: epochs is not $last, the epoch of the final frame"; tm_show; }
    tm_type f '1+41'
    tm_waitfor f -x '42' || { fail "ctrl-c: the prompt does not answer"; tm_show; }
    tm_type f 'undo'
    tm_waitfor f 'back to the network after 0 epochs' ||
        { fail "ctrl-c: undo did not go back to before the run"; tm_show; }
    tm_type f quit
    tm_waitfor f 'EXITED 0' || { fail "quit: exit status not 0"; tm_show; }
fi

# ---- watch slow: a run of microseconds drawn epoch by epoch ----
# The perceptron never learns XOR, so `train 200` runs all 200 epochs;
# at full speed they take a millisecond, slowly a frame every second
# epoch (100 frames at most), each held a tenth of a second.
if start w 80 24; then
    tm_type w 'data xor; watch slow; train 200'
    e1=$(wait_epoch w 0 200) || { fail "slow: no frame"; tm_snap w; tm_show; }
    e2=$(wait_epoch w "${e1:-0}" 200) || fail "slow: the epoch on top did not move past $e1"
    for e in ${e1:-} ${e2:-}; do
        [ "$e" = 1 ] || [ $((e % 2)) = 0 ] || fail "slow: a frame at epoch $e, not every second one"
    done
    [ "${e2:-200}" -lt 200 ] || fail "slow: no frame seen in the middle of the run"
    tm send-keys -t w C-c
    tm_waitfor w 'interrupted at epoch' || { fail "slow: Ctrl-C did not stop it"; tm_show; }
    tm_last_is w '^neuron> ?$' || { fail "slow: no prompt after Ctrl-C"; tm_show; }
    tm_type w quit
fi

# ---- SIGTERM during the watch: the cursor comes back ----
if start t 80 24; then
    tm_type t "$SETUP; $LONG"
    wait_epoch t 0 >/dev/null || fail "sigterm: no frame"
    [ "$(cursor t)" = 0 ] || fail "sigterm: the cursor is shown during the watch"
    pid=$(tm_pid t)
    kill -TERM "$pid" 2>/dev/null
    tm_waitfor t 'EXITED 143' || { fail "sigterm: neuron did not end by SIGTERM"; tm_show; }
    [ "$(cursor t)" = 1 ] || fail "sigterm: the cursor stayed hidden"
fi

# ---- Ctrl-Z and fg during the watch ----
if ! command -v bash >/dev/null 2>&1; then
    echo "SKIP watch.sh ctrl-z: no bash for job control"
elif [ -n "$VG" ]; then
    echo "SKIP watch.sh ctrl-z: valgrind's process is not stopped by Ctrl-Z"
else
    tm_session z 80 24 "env -i PATH=$(q "$PATH") HOME=$(q "$tmp/home") \
TERM=xterm-256color LC_ALL=C PS1='$ ' bash --norc --noprofile -i"
    tm_last_is z '^\$ *$' || fail "ctrl-z: no shell prompt"
    tm_type z "cd $(q "$tmp/work") && $(q "$NEURON")"
    tm_last_is z '^neuron> ?$' || fail "ctrl-z: no neuron prompt"
    tm_type z "$SETUP; $LONG"
    e1=$(wait_epoch z 0) || fail "ctrl-z: no frame"
    tm send-keys -t z C-z
    tm_waitfor z 'Stopped' || { fail "ctrl-z: Ctrl-Z did not stop neuron"; tm_show; }
    [ "$(cursor z)" = 1 ] || fail "ctrl-z: the cursor is hidden at the shell prompt"
    tm send-keys -t z C-l
    tm_type z fg
    wait_epoch z "${e1:-0}" >/dev/null ||
        { fail "ctrl-z: no frame on top after fg"; tm_snap z; tm_show; }
    [ "$(cursor z)" = 0 ] || fail "ctrl-z: the cursor is shown after fg"
    tm send-keys -t z C-c
    tm_last_is z '^neuron> ?$' || { fail "ctrl-z: no prompt after Ctrl-C"; tm_show; }
    [ "$(cursor z)" = 1 ] || fail "ctrl-z: the cursor is hidden at the prompt"
    tm_type z quit
fi

# ---- the animated SVG: its frames, its validity, two moments ----
svg="$tmp/work/training.svg"
(cd "$tmp/work" && $VG "$NEURON" --allow-write "$tmp/work" -e \
    "seed 3; data xor; network 2 4 tanh 1 sigmoid; optimizer adam; rate 0.05; batch full; train 300 --watch > training.svg" \
    >"$tmp/svg.out" 2>&1) || { fail "svg: train --watch > training.svg failed"; cat "$tmp/svg.out"; }
grep -q 'wrote training.svg (SVG, 960x360)' "$tmp/svg.out" ||
    { fail "svg: no 'wrote training.svg' line"; cat "$tmp/svg.out"; }
if [ -x /usr/bin/python3 ] && [ -f "$svg" ]; then
    /usr/bin/python3 - "$svg" <<'EOF' || fail "svg: not a valid animated SVG of a few dozen frames"
import sys, xml.etree.ElementTree as ET
ns = '{http://www.w3.org/2000/svg}'
root = ET.parse(sys.argv[1]).getroot()
frames = [g for g in root if g.tag == ns + 'g' and g.get('id', '').startswith('frame')]
sets = [g.find(ns + 'set') for g in frames]
assert 20 <= len(frames) <= 42, len(frames)
assert all(g.get('visibility') == 'hidden' for g in frames)
assert all(s is not None and s.get('attributeName') == 'visibility' for s in sets)
assert all(s.get('dur') for s in sets[:-1]) and not sets[-1].get('dur')
begins = [float(s.get('begin').rstrip('s')) for s in sets]
assert begins == sorted(begins) and begins[0] == 0
assert not list(root.iter(ns + 'script'))
texts = [g.find(ns + 'text').text for g in frames]
assert texts[0].startswith('before training') and texts[-1].startswith('epoch 300 of 300'), texts
print('svg: %d frames' % len(frames))
EOF
fi
if [ -n "$VG" ]; then
    echo "SKIP watch.sh svg in Chromium: under valgrind"
elif ! command -v chromium >/dev/null 2>&1; then
    echo "SKIP watch.sh svg in Chromium: chromium not installed"
elif [ -f "$svg" ]; then
    # Two moments, set by the document's own SMIL clock: a copy of the
    # file is paused at 0.1 s and at 60 s by a script added to the copy
    # only (the file itself has none). Chromium's virtual time is not
    # used: the SMIL clock runs on real time, so on a loaded machine
    # "100 ms" was a later frame (CI saw the last frame twice).
    for t in 0.1 60; do
        sed '$d' "$svg" >"$tmp/at$t.svg"
        printf '<script>var s = document.documentElement; s.pauseAnimations(); s.setCurrentTime(%s);</script>\n</svg>\n' \
            "$t" >>"$tmp/at$t.svg"
        timeout 120 chromium --headless --no-sandbox --disable-gpu \
            --user-data-dir="$tmp/chromium" --screenshot="$tmp/at$t.png" \
            --window-size=960,360 "file://$tmp/at$t.svg" \
            >"$tmp/chromium.log" 2>&1
    done
    if [ ! -s "$tmp/at0.1.png" ] || [ ! -s "$tmp/at60.png" ]; then
        fail "svg: Chromium made no screenshot"
        tail -5 "$tmp/chromium.log"
    elif cmp -s "$tmp/at0.1.png" "$tmp/at60.png"; then
        fail "svg: Chromium shows the same picture at the start and the end"
    fi
fi

echo "watch.sh: $fails failed"
[ "$fails" = 0 ]
