#!/bin/sh
# writes.sh - a lesson can never write outside its folder, whatever is
# planted in it or done to it while it runs; and what a script reads is
# the file beside it. Each case is an attack or a fault the program met
# (issue 14): symbolic links planted under the temporary file's name, a
# folder swapped for a link between the check and the write, a name at
# the length limit, control characters in a name, SIGTERM and SIGHUP
# during a save, a FIFO that never ends, and a script run from another
# folder that has a file of the same name.
# Run by tests/run-all.sh with $NEURON (absolute path) and maybe $VG.
# shellcheck disable=SC2086
. "$(dirname "$0")/lib/common.sh"

d=$tmp/d
mkdir -p "$d/lesson" "$d/outside"

# nrun ARGS...: neuron in $d with stdin from /dev/null; sets rc.
nrun() {
    (cd "$d" && LC_ALL=C timeout "$T" $VG "$NEURON" --color=never \
        --width 80 "$@" </dev/null >"$tmp/out" 2>"$tmp/err")
    rc=$?
}

# temps DIR: the temporary files left in DIR, old names and new
temps() {
    find "$1" \( -name '*.tmp.*' -o -name '.neuron-*.tmp' \) 2>/dev/null
}

# ---- a symbolic link planted under the temporary file's name ----
# checklist: K2
# The reproducer of the issue: the temporary file was NAME.tmp.PID,
# opened without O_EXCL, and the PID of an exec'd shell is known.
echo original >"$d/outside/victim.txt"
printf 'plot sigmoid > out.svg\n' >"$d/lesson/t.neuron"
(cd "$d" && sh -c 'ln -s "$PWD/outside/victim.txt" lesson/out.svg.tmp.$$;
    exec $0 "$1" --color=never lesson/t.neuron' "$VG" "$NEURON" \
    >"$tmp/out" 2>"$tmp/err")
rc=$?
status "a planted link under the temporary name" 0
[ "$(cat "$d/outside/victim.txt")" = original ] ||
    fail "a planted link under the temporary name: the victim was written"
grep -q '<svg' "$d/lesson/out.svg" 2>/dev/null ||
    fail "a planted link under the temporary name: no out.svg written"
rm -f "$d"/lesson/out.svg*

# Without the PID: links for every name a PID could give, as a
# downloaded lesson folder would carry them (2,000 here, around ours).
printf 'record handout.md\nsay hello\nrecord stop\n' >"$d/lesson/h.neuron"
if command -v perl >/dev/null; then  # one process instead of 2,000
    perl -e 'symlink($ARGV[0], "$ARGV[1].$_") or die for $ARGV[2]..$ARGV[3]' \
        "$d/outside/victim.txt" "$d/lesson/handout.md.tmp" $(($$ - 1000)) \
        $(($$ + 999))
else
    i=$(($$ - 1000))
    while [ "$i" -lt $(($$ + 1000)) ]; do
        ln -s "$d/outside/victim.txt" "$d/lesson/handout.md.tmp.$i"
        i=$((i + 1))
    done
fi
nrun lesson/h.neuron
status "2,000 planted links" 0
[ "$(cat "$d/outside/victim.txt")" = original ] ||
    fail "2,000 planted links: the victim was written"
grep -q hello "$d/lesson/handout.md" ||
    fail "2,000 planted links: no handout written"
rm -f "$d"/lesson/handout.md*

# ---- a folder swapped for a link between the check and the write ----
# checklist: K3
# record checks sub/ when it starts and writes at record stop; between
# the two the script reads a FIFO, and while it waits there the test
# swaps sub/ for a link to a folder outside.
mkdir "$d/lesson/sub"
mkfifo "$d/lesson/gate.csv"
printf 'record sub/h.md\nsay inside\ndata load gate.csv\nrecord stop\n' \
    >"$d/lesson/race.neuron"
(cd "$d" && LC_ALL=C timeout "$T" $VG "$NEURON" --color=never \
    lesson/race.neuron </dev/null >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/rc") &
exec 3>"$d/lesson/gate.csv"  # returns once neuron reads the FIFO
mv "$d/lesson/sub" "$d/lesson/sub.real"
ln -s "$d/outside" "$d/lesson/sub"
printf 'x,y\n0,1\n' >&3
exec 3>&-
wait
rc=$(cat "$tmp/rc")
status "a folder swapped after the check" 1
err_has "a folder swapped after the check" \
    "writing 'lesson/sub/h.md' is not allowed: its folder is no longer inside lesson"
[ -e "$d/outside/h.md" ] && fail "a folder swapped after the check: written outside"
[ -z "$(temps "$d")" ] || fail "a folder swapped: left $(temps "$d")"
rm -rf "$d/lesson/sub" "$d/lesson/sub.real" "$d/lesson/gate.csv"

# The same for save: a script whose folder is swapped for a link outside
# while it runs is caught by the check on the open folder.
printf 'weights 1\nsave w.neuron\n' >"$d/lesson/w.neuron"
nrun lesson/w.neuron
status "save beside the script" 0

# ---- names: the length limit and control characters ----
# checklist: K4
long=$(printf '%0247d' 0 | tr 0 a)  # 247 + ".neuron" = 254 bytes
nrun -e "weights 1; save $long.neuron"
status "a name at the length limit" 0
[ -s "$d/$long.neuron" ] || fail "a name at the length limit: not written"
long=$(printf '%0248d' 0 | tr 0 b)  # 255 bytes: the limit itself
nrun -e "weights 1; save weights $long.neuron"
status "a name of 255 bytes" 0
[ -s "$d/$long.neuron" ] || fail "a name of 255 bytes: not written"
nrun -e "$(printf 'weights 1; save a\033[2Jb.neuron')"
status "an ESC in a name" 1
err_has "an ESC in a name" "cannot write 'a\\x1b[2Jb.neuron': a file name with a control character"
nrun -e "$(printf 'weights 1; plot sigmoid > a\302\233b.svg')"
status "a C1 control in a name" 1
err_has "a C1 control in a name" "cannot write 'a\\xc2\\x9bb.svg'"
# a name read with a C1 control is shown escaped in the success message
printf 'x,y\n1,1\n' >"$d/$(printf 'c\302\233.csv')"
nrun -e "$(printf 'data load c\302\233.csv')"
status "a C1 control in a name read" 0
out_has "a C1 control in a name read" 'c\xc2\x9b.csv: 1 sample'
grep -q "$(printf '\302\233')" "$tmp/out" &&
    fail "a C1 control in a name read: printed raw"
rm -f "$d/$(printf 'c\302\233.csv')"
[ -z "$(ls "$d" | grep -v -e lesson -e outside -e '^a\{247\}' -e '^b\{248\}')" ] ||
    fail "control characters: a file was written: $(ls "$d")"
[ -z "$(temps "$d")" ] || fail "names: left $(temps "$d")"

# ---- SIGTERM and SIGHUP during a save ----
# checklist: K5
# A network of 2.6 million parameters takes a while to write (35 MB): the
# signal is sent as soon as the temporary file shows. The session may end
# only once the file is whole or gone: no temporary file is left behind.
for sig in TERM HUP; do
    rm -f "$d/big.net"
    (cd "$d" && exec $VG "$NEURON" -e 'network 784 2000 500 10' \
        -e 'save network big.net' >/dev/null 2>&1) &
    pid=$!
    k=0
    while [ -z "$(temps "$d")" ] && kill -0 "$pid" 2>/dev/null \
          && [ "$k" -lt $((T * 100)) ]; do
        k=$((k + 1))
    done
    [ -n "$(temps "$d")" ] || fail "SIG$sig during save: no temporary file seen"
    kill -s "$sig" "$pid" 2>/dev/null
    wait "$pid"
    left=$(temps "$d")
    [ -z "$left" ] || { fail "SIG$sig during save: left $left"; rm -f $left; }
    if [ -e "$d/big.net" ]; then
        [ "$(wc -c <"$d/big.net")" -gt 30000000 ] ||
            fail "SIG$sig during save: big.net is not whole"
    fi
done

# ---- a FIFO whose writer holds it open ----
# checklist: K6
mkfifo "$d/fifo.csv"
# the writer's open returns once neuron has opened the FIFO to read: then
# neuron is at its read (valgrind on a busy machine takes its time)
( exec 3>"$d/fifo.csv"; : >"$tmp/opened"; exec sleep 60 ) &
holder=$!
(cd "$d" && exec $VG "$NEURON" -e 'data load fifo.csv' \
    >"$tmp/out" 2>"$tmp/err") &
pid=$!
k=0
while [ ! -e "$tmp/opened" ] && [ "$k" -lt $((T * 10)) ]; do
    sleep 0.1
    k=$((k + 1))
done
sleep 0.5
kill -INT "$pid"
k=0
while kill -0 "$pid" 2>/dev/null && [ "$k" -lt $((T * 10)) ]; do
    sleep 0.1
    k=$((k + 1))
done
if kill -0 "$pid" 2>/dev/null; then
    fail "Ctrl-C during data load FIFO: still waiting"
    kill -KILL "$pid"
fi
wait "$pid"
rc=$?
kill "$holder" 2>/dev/null
[ "$rc" -eq 130 ] || fail "Ctrl-C during data load FIFO: status $rc, expected 130"
err_has "Ctrl-C during data load FIFO" "cannot read 'fifo.csv': interrupted"
rm -f "$d/fifo.csv"

# ---- names inside a script are found beside the script first ----
# checklist: K7
# cd B; neuron -e 'run ../A/s.neuron' read B's files of the same names.
mkdir -p "$d/A" "$d/B"
printf '# A\nweights 0.25\nbias 0.5\n' >"$d/A/w.txt"
printf '# B\nweights 9\nbias 9\n' >"$d/B/w.txt"
printf 'x,y\n1,1\n2,0\n' >"$d/A/p.csv"
printf 'x,y\n5,1\n6,1\n7,0\n' >"$d/B/p.csv"
printf 'inputs 1\nload weights w.txt\nexpect w1 = 0.25\ndata load p.csv\n' \
    >"$d/A/s.neuron"
printf 'say from A\n' >"$d/A/inner.neuron"
printf 'say from B\n' >"$d/B/inner.neuron"
printf 'run inner.neuron\n' >>"$d/A/s.neuron"
(cd "$d/B" && LC_ALL=C timeout "$T" $VG "$NEURON" --color=never \
    -e 'run ../A/s.neuron' </dev/null >"$tmp/out" 2>"$tmp/err")
rc=$?
status "run ../A/s.neuron from B" 0
out_has "run ../A/s.neuron from B: run" "from A"
out_has "run ../A/s.neuron from B: data load" "p.csv: 2 samples"
err_has "run ../A/s.neuron from B: says which" \
    "note: using ../A/w.txt, beside the script; the current folder has another w.txt"
err_has "run ../A/s.neuron from B: says which" "note: using ../A/p.csv"
err_has "run ../A/s.neuron from B: says which" "note: using ../A/inner.neuron"
# only beside the script: no note
(cd "$d/A" && LC_ALL=C timeout "$T" $VG "$NEURON" --color=never \
    s.neuron </dev/null >"$tmp/out" 2>"$tmp/err")
rc=$?
status "run s.neuron in A" 0
[ -s "$tmp/err" ] && fail "run s.neuron in A: a note where there is one file"

if [ "$fails" -eq 0 ]; then
    echo "writes.sh: all passed"
fi
[ "$fails" -eq 0 ]
