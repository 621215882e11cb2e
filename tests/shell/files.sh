#!/bin/sh
# files.sh - scripts given on the command line and to `run` (RELIABILITY
# A3, A4, A5, A7, A8, A9, A10, E1, E6): odd contents, odd names, binary
# files, directories, missing files, deep nesting.
# Run by tests/run-all.sh with $NEURON (absolute path) and maybe $VG.
# $VG is a command prefix (valgrind ...), split into words on purpose.
# shellcheck disable=SC2086
. "$(dirname "$0")/lib/common.sh"

# nrun ARGS...: neuron in $tmp/d with stdin from /dev/null; sets rc.
nrun() {
    (cd "$tmp/d" && LC_ALL=C timeout "$T" $VG "$NEURON" --color=never \
        --width 80 "$@" </dev/null >"$tmp/out" 2>"$tmp/err")
    rc=$?
}

err_empty() {
    [ -s "$tmp/err" ] && {
        fail "$1: unexpected stderr"
        sed 's/^/    stderr: /' "$tmp/err" | head -5
    }
    return 0
}

clean() {
    bad=$(printf '[\001-\010\013-\037\177]')
    if LC_ALL=C grep -q "$bad" "$tmp/out" "$tmp/err"; then
        fail "$1: a raw control byte in the output"
    fi
}

mkdir "$tmp/d" "$tmp/d/sub"
d=$tmp/d

# ---- A3: a script whose last line has no newline ----
# checklist: A3
printf 'say one\nsigmoid(0)' >"$d/nonl.neuron"
nrun nonl.neuron
status "A3 script without final newline" 0
out_is "A3 script without final newline" "one
0.5"

# ---- an empty script, a script of comments ----
# checklist: A1
: >"$d/empty.neuron"
nrun empty.neuron
status "empty script" 0
err_empty "empty script"
printf '# only\n\n   # comments\n' >"$d/comments.neuron"
nrun comments.neuron
status "comments only" 0

# ---- A4: CRLF line endings in a script ----
# checklist: A4
printf 'inputs 1 0\r\nweights 2 3\r\nz\r\n' >"$d/crlf.neuron"
nrun crlf.neuron
status "A4 CRLF script" 0
out_is "A4 CRLF script" "2"
printf 'say one\r\nfier\r\n' >"$d/crlf-bad.neuron"
nrun crlf-bad.neuron
status "A4 CRLF script with an error" 1
err_has "A4 CRLF script with an error" "crlf-bad.neuron:2: error: unknown command 'fier'"
clean "A4 CRLF script with an error"

# ---- A5: NUL in a script: binary near the start, a line error later ----
# checklist: A5
printf 'say a\000b\n' >"$d/nul.neuron"
nrun nul.neuron
status "A5 NUL at the start of a script" 1
err_has "A5 NUL at the start of a script" "not a text script (binary data at byte 5)"
awk 'BEGIN { for (i = 0; i < 100; i++) print "# padding padding padding padding padding" }' \
    >"$d/late.neuron"
printf 'say a\000b\nsay after\n' >>"$d/late.neuron"
nrun late.neuron
status "A5 NUL on line 101" 1
err_has "A5 NUL on line 101" "late.neuron:101: error: NUL byte in input at column 6"
[ -s "$tmp/out" ] && fail "A5 NUL on line 101: went on after the error"

# ---- A8: byte order mark ----
# checklist: A8
printf '\357\273\277sigmoid(0)\n' >"$d/bom.neuron"
nrun bom.neuron
status "A8 BOM script" 0
out_is "A8 BOM script" "0.5"
printf '\357\273sigmoid(0)\n' >"$d/bom2.neuron"
nrun bom2.neuron
status "A8 two bytes of a BOM" 1
err_has "A8 two bytes of a BOM" "bom2.neuron:1: error: unexpected character '\\xef'"
printf 'run bom.neuron\n' >"$d/runbom.neuron"
nrun runbom.neuron
status "A8 BOM script through run" 0
out_is "A8 BOM script through run" "0.5"

# ---- A9: binary files ----
# checklist: A9
nrun /bin/sh
status "A9 /bin/sh" 1
err_has "A9 /bin/sh" "'/bin/sh' is not a text script (binary data at byte"
clean "A9 /bin/sh"
[ -s "$tmp/out" ] && fail "A9 /bin/sh: printed something on stdout"
printf '\037\213\010\000\000\000\000\000\000\003say hi\n' >"$d/lesson.neuron.gz"
nrun lesson.neuron.gz
status "A9 gzip file" 1
err_has "A9 gzip file" "'lesson.neuron.gz' is not a text script (binary data at byte 0)"
printf 'run /bin/sh\n' >"$d/runbin.neuron"
nrun runbin.neuron
status "A9 run /bin/sh" 1
err_has "A9 run /bin/sh" "runbin.neuron:1: error:"
err_has "A9 run /bin/sh" "not a text script"

# ---- A10: directory, missing, unreadable ----
# checklist: A10
nrun sub
status "A10 directory" 1
err_has "A10 directory" "'sub'"
err_has "A10 directory" "Is a directory"
nrun nosuch.neuron
status "A10 missing script" 1
err_has "A10 missing script" "cannot run 'nosuch.neuron': No such file or directory"
nrun sub/nosuch.neuron
status "A10 missing script in a folder" 1
err_has "A10 missing script in a folder" "sub/nosuch.neuron"
if [ "$(id -u)" != 0 ]; then
    printf 'say secret\n' >"$d/locked.neuron"
    chmod 000 "$d/locked.neuron"
    nrun locked.neuron
    status "A10 unreadable script" 1
    err_has "A10 unreadable script" "Permission denied"
    chmod 644 "$d/locked.neuron"
fi
# the first failing file stops the run; later files do not run
printf 'say later\n' >"$d/later.neuron"
nrun nosuch.neuron later.neuron
status "A10 missing then good" 1
[ -s "$tmp/out" ] && fail "A10 missing then good: the second file ran"

# ---- A7: control characters in a file name echoed in an error ----
# checklist: A7
nrun "$(printf 'evil\033[2J\007.neuron')"
status "A7 file name with ESC" 1
err_has "A7 file name with ESC" 'evil\x1b[2J\x07.neuron'
clean "A7 file name with ESC"
printf 'say hi\n' >"$d/$(printf 'ev\033[31mil.neuron')"
printf 'say x\nfier\n' >"$d/$(printf 'bad\033[31m.neuron')"
nrun "$(printf 'bad\033[31m.neuron')"
status "A7 error in a file named with ESC" 1
err_has "A7 error in a file named with ESC" 'bad\x1b[31m.neuron:2: error:'
clean "A7 error in a file named with ESC"

# ---- run with file names that hold commas, brackets, dots ----
printf 'say comma\n' >"$d/a,b.neuron"
printf 'say brackets\n' >"$d/x[1].neuron"
printf 'say dots\n' >"$d/sub/..odd..neuron"
printf 'run a,b.neuron\nrun x[1].neuron\nrun sub/..odd..neuron\n' \
    >"$d/names.neuron"
nrun names.neuron
status "run a,b.neuron / x[1].neuron" 0
out_is "run a,b.neuron / x[1].neuron" "comma
brackets
dots"
err_empty "run a,b.neuron / x[1].neuron"
# the file names themselves on the command line
nrun "a,b.neuron" "x[1].neuron"
status "a,b.neuron x[1].neuron on the command line" 0
out_is "a,b.neuron x[1].neuron on the command line" "comma
brackets"

# ---- E1: runs nested 16 deep work; the 17th is refused, with the chain ---
# checklist: E1
i=1
while [ "$i" -le 20 ]; do
    printf 'say depth %d\nrun sub/d%d.neuron\n' "$i" $((i + 1)) >"$d/sub/d$i.neuron"
    i=$((i + 1))
done
printf 'say bottom\n' >"$d/sub/d21.neuron"
nrun sub/d1.neuron
status "E1 20 nested runs" 1
err_has "E1 20 nested runs" "run nested too deeply (max 16)"
err_has "E1 20 nested runs" "(run from sub/d1.neuron:2)"
grep -q "depth 16" "$tmp/out" || fail "E1 20 nested runs: depth 16 did not run"
grep -q "depth 17" "$tmp/out" && fail "E1 20 nested runs: depth 17 ran"
[ "$(wc -l <"$tmp/err")" -le 2 ] || fail "E1: the error takes $(wc -l <"$tmp/err") lines"
printf 'say bottom\n' >"$d/sub/d16.neuron"
nrun sub/d1.neuron
status "E1 16 nested runs" 0
grep -q "bottom" "$tmp/out" || fail "E1 16 nested runs: did not reach the bottom"

# a cycle through different spellings of the same path
printf 'say self\nrun ./sub/../self.neuron\n' >"$d/self.neuron"
nrun self.neuron
status "E1 cycle through ./sub/.." 1
err_has "E1 cycle through ./sub/.." "run cycle"
ln -s self.neuron "$d/link.neuron" 2>/dev/null && {
    nrun link.neuron
    status "E1 cycle through a symlink" 1
    err_has "E1 cycle through a symlink" "run cycle"
}

# ---- E6: the same script twice; a 100,000-line script ----
# checklist: E6
printf 'say twice\n' >"$d/twice.neuron"
nrun twice.neuron twice.neuron
status "E6 same script twice" 0
out_is "E6 same script twice" "twice
twice"
awk 'BEGIN { print "inputs 1"; print "weights 1";
             for (i = 0; i < 100000; i++) print "bias " i }
     END { print "z" }' </dev/null >"$d/long.neuron"
nrun long.neuron
status "E6 100,000 lines" 0
out_is "E6 100,000 lines" "100000"

# a FIFO as the script: read like a file until the writer closes it
mkfifo "$d/fifo.neuron"
printf 'say from a fifo\nsigmoid(0)\n' >"$d/fifo.neuron" &
writer=$!
nrun fifo.neuron
status "E6 FIFO script" 0
out_is "E6 FIFO script" "from a fifo
0.5"
kill "$writer" 2>/dev/null
wait "$writer" 2>/dev/null

if [ "$fails" -eq 0 ]; then
    echo "files.sh: all passed"
fi
[ "$fails" -eq 0 ]
