#!/bin/sh
# cmdline.sh - the command line and the standard streams: usage errors
# (status 2), --version, --help, -e, several files, --keep-going (E3),
# pause without a terminal (E4), stdin /dev/null or closed (A12), stdout on
# a full device (G4) or a closed pipe (G5), colour and drawing options.
# Run by tests/run-all.sh with $NEURON (absolute path) and maybe $VG.
# $VG is a command prefix (valgrind ...), split into words on purpose.
# shellcheck disable=SC2086
. "$(dirname "$0")/lib/common.sh"
bg=""
trap 'rm -rf "$tmp"; [ -n "$bg" ] && kill "$bg" 2>/dev/null' EXIT

# nrun ARGS...: neuron in $tmp with stdin from /dev/null; sets rc.
nrun() {
    (cd "$tmp" && LC_ALL=C timeout "$T" $VG "$NEURON" "$@" </dev/null \
        >"$tmp/out" 2>"$tmp/err")
    rc=$?
}

out_empty() {
    [ -s "$tmp/out" ] && fail "$1: unexpected stdout: $(head -3 "$tmp/out")"
    return 0
}

err_empty() {
    [ -s "$tmp/err" ] && {
        fail "$1: unexpected stderr"
        sed 's/^/    stderr: /' "$tmp/err" | head -5
    }
    return 0
}

# ---- usage errors: status 2, a message naming the problem, a hint ----
# checklist: B7 H8
usage() {  # usage WHAT TEXT ARGS...
    what=$1
    text=$2
    shift 2
    nrun "$@"
    status "usage: $what" 2
    err_has "usage: $what" "neuron: "
    err_has "usage: $what" "$text"
    err_has "usage: $what" "neuron --help"
    out_empty "usage: $what"
}
usage "unknown option" "unknown option '--bogus'" --bogus
usage "unknown short option" "unknown option '-x'" -x
usage "misspelt option" "unknown option '--colour'" --colour
usage "--width 0" "--width takes a number of columns from 20 to 1000" --width 0
usage "--width=0" "--width takes a number of columns from 20 to 1000" --width=0
usage "--width -1" "--width takes a number of columns from 20 to 1000" --width -1
usage "--width 19" "--width takes a number of columns from 20 to 1000" --width 19
usage "--width 1001" "--width takes a number of columns from 20 to 1000" --width 1001
usage "--width abc" "--width takes a number of columns from 20 to 1000" --width abc
usage "--width 99999999999" "--width takes a number of columns" --width 99999999999
usage "--width 80x" "--width takes a number of columns" --width 80x
usage "--width without a number" "--width" --width
usage "--color=bogus" "--color takes auto, always or never" --color=bogus
usage "--color=" "--color takes auto, always or never" --color=
usage "-e without commands" "-e needs commands" -e
usage "usage error after -e" "unknown option" -e 'say never' --bogus

# a usage error runs nothing, even what came before it
nrun -e 'say early' --bogus
out_empty "usage error runs nothing"

# ---- --version, --help ----
nrun --version
status "--version" 0
grep -q '^neuron [0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9]*$' "$tmp/out" ||
    fail "--version: printed '$(cat "$tmp/out")'"
err_empty "--version"
nrun --help
status "--help" 0
out_has "--help" "usage: neuron"
for opt in --ascii --color --width --keep-going --version --help -e -i; do
    out_has "--help mentions $opt" "$opt"
done
err_empty "--help"
nrun -h
status "-h" 0
out_has "-h" "usage: neuron"

# ---- -e: several times, in order; ';' inside one ----
# checklist: D2 E3
nrun -e 'say one' -e '2; 3' -e 'inputs 1 0 1; weights 1 1 1' \
    -e 'z' -e 'say four; # narration takes the rest of its line'
status "-e several times" 0
out_is "-e several times" "one
2
3
2
four; # narration takes the rest of its line"
err_empty "-e several times"
# -e stops at the first error (status 1), unless --keep-going
nrun -e 'say one' -e 'fier' -e 'say three'
status "-e with an error" 1
out_is "-e with an error" "one"
err_has "-e with an error" "unknown command 'fier'; did you mean 'fire'?"
nrun --keep-going -e 'say one' -e 'fier' -e 'say three'
status "-e with an error, --keep-going" 1
out_is "-e with an error, --keep-going" "one
three"
# -e does not read stdin
printf 'say from stdin\n' >"$tmp/in"
(cd "$tmp" && timeout "$T" $VG "$NEURON" -e 'say e' <"$tmp/in" >"$tmp/out" 2>"$tmp/err")
rc=$?
status "-e ignores stdin" 0
out_is "-e ignores stdin" "e"

# ---- several script files, in order; E3 --keep-going ----
# checklist: E3
printf 'say one\n' >"$tmp/one.neuron"
printf 'say two\nfier\nsay two, after\n' >"$tmp/two.neuron"
printf 'say three\n' >"$tmp/three.neuron"
printf 'say miss\nexpect 1 + 1 = 3\nsay miss, after\n' >"$tmp/miss.neuron"
nrun one.neuron three.neuron
status "two files" 0
out_is "two files" "one
three"
nrun one.neuron two.neuron three.neuron
status "E3 default stops at the first error" 1
out_is "E3 default stops at the first error" "one
two"
err_has "E3 default stops at the first error" "two.neuron:2: error: unknown command 'fier'"
nrun --keep-going one.neuron two.neuron three.neuron
status "E3 --keep-going runs to the end, status 1" 1
out_is "E3 --keep-going runs to the end, status 1" "one
two
two, after
three"
nrun one.neuron two.neuron three.neuron --keep-going
status "E3 --keep-going after the files" 1
out_has "E3 --keep-going after the files" "three"
nrun miss.neuron three.neuron
status "E3 an expect miss is an error" 1
out_is "E3 an expect miss is an error" "miss"
nrun --keep-going miss.neuron three.neuron
status "E3 an expect miss, --keep-going" 1
out_is "E3 an expect miss, --keep-going" "miss
miss, after
three"
# quit in the first file ends the session: later files do not run
printf 'say q\nquit\nsay not\n' >"$tmp/quit.neuron"
nrun quit.neuron three.neuron
status "quit in the first file" 0
out_is "quit in the first file" "q"
# `--` ends the options
printf 'say dash\n' >"$tmp/-e"
nrun -- -e
status "-- then a file named -e" 0
out_is "-- then a file named -e" "dash"

# ---- A12: stdin is /dev/null or closed: status 0 at once, no prompt ----
# checklist: A12 H10
nrun
status "A12 stdin /dev/null" 0
out_empty "A12 stdin /dev/null"
err_empty "A12 stdin /dev/null"
(cd "$tmp" && timeout "$T" $VG "$NEURON" <&- >"$tmp/out" 2>"$tmp/err")
rc=$?
status "A12 stdin closed" 0
out_empty "A12 stdin closed"
printf 'say piped\nz\nsay after\n' >"$tmp/in"
(cd "$tmp" && timeout "$T" $VG "$NEURON" --color=never <"$tmp/in" >"$tmp/out" 2>"$tmp/err")
rc=$?
status "stdin not a terminal: commands, no prompt" 1
out_is "stdin not a terminal: commands, no prompt" "piped"
err_has "stdin not a terminal: commands, no prompt" "<stdin>:2: error: z has no value yet"

# ---- E4: pause when stdin is not a terminal never waits ----
# checklist: E4 H10
mkfifo "$tmp/fifo"
sleep 60 >"$tmp/fifo" &     # a writer that never writes: a read would block
bg=$!
(cd "$tmp" && timeout "$T" $VG "$NEURON" --color=never -e 'say before' -e pause \
    -e 'say after' <"$tmp/fifo" >"$tmp/out" 2>"$tmp/err")
rc=$?
status "E4 pause, stdin a silent pipe" 0
out_is "E4 pause, stdin a silent pipe" "before
after"
printf 'say before\npause\nsay after\n' >"$tmp/pause.neuron"
(cd "$tmp" && timeout "$T" $VG "$NEURON" --color=never pause.neuron \
    <"$tmp/fifo" >"$tmp/out" 2>"$tmp/err")
rc=$?
status "E4 pause in a script, stdin a silent pipe" 0
out_is "E4 pause in a script, stdin a silent pipe" "before
after"
kill "$bg" 2>/dev/null
wait "$bg" 2>/dev/null
bg=""
# pause in commands read from a pipe does not eat the next command
printf 'say before\npause\nsay after\n' >"$tmp/in"
(cd "$tmp" && timeout "$T" $VG "$NEURON" <"$tmp/in" >"$tmp/out" 2>"$tmp/err")
rc=$?
status "E4 pause in piped commands" 0
out_is "E4 pause in piped commands" "before
after"

# ---- G4: stdout on a full device ----
# checklist: G4
if [ -w /dev/full ]; then
    for args in "-e help" "--help" "--version" "one.neuron"; do
        # shellcheck disable=SC2086
        (cd "$tmp" && timeout "$T" $VG "$NEURON" $args </dev/null >/dev/full \
            2>"$tmp/err")
        rc=$?
        if [ "$rc" -eq 0 ] || [ "$rc" -ge 124 ]; then
            fail "G4 $args >/dev/full: exit status $rc, expected 1"
        fi
        err_has "G4 $args >/dev/full" "write error"
        err_has "G4 $args >/dev/full" "No space left on device"
    done
fi

# ---- G5: stdout is a pipe closed early: quiet, no hang ----
# checklist: G5
awk 'BEGIN { for (i = 0; i < 100000; i++) print "say line " i }' >"$tmp/many.neuron"
(cd "$tmp" && { timeout "$T" $VG "$NEURON" many.neuron 2>"$tmp/err"; echo $? >"$tmp/rc"; } | head -1 >"$tmp/out")
rc=$(cat "$tmp/rc")
case $rc in
0 | 1 | 141) ;;   # done, a reported write error, or SIGPIPE's quiet default
*) fail "G5 | head -1: exit status $rc" ;;
esac
out_is "G5 | head -1" "line 0"
[ "$(wc -l <"$tmp/err")" -le 1 ] || fail "G5 | head -1: $(wc -l <"$tmp/err") lines on stderr"
(cd "$tmp" && { timeout "$T" $VG "$NEURON" -e help -e help -e help -e help 2>"$tmp/err"; echo $? >"$tmp/rc"; } | head -1 >/dev/null)
rc=$(cat "$tmp/rc")
case $rc in
0 | 1 | 141) ;;
*) fail "G5 help | head -1: exit status $rc" ;;
esac

# ---- colour and drawing ----
# checklist: H9 H10 J1
nrun --color=always -e 'expect 1 = 1' -e 'fier'
status "--color=always" 1
esc=$(printf '\033')
grep -q "$esc" "$tmp/out" || fail "--color=always: no colour on stdout"
grep -q "$esc" "$tmp/err" || fail "--color=always: no colour on stderr"
for opt in --color=never --color=auto; do
    nrun "$opt" -e 'expect 1 = 1' -e 'fier'
    if grep -q "$esc" "$tmp/out" "$tmp/err"; then
        fail "$opt into a file: escape codes in the output"
    fi
done
(cd "$tmp" && NO_COLOR=1 TERM=xterm timeout "$T" $VG "$NEURON" -e 'expect 1 = 1' \
    </dev/null >"$tmp/out" 2>"$tmp/err")
grep -q "$esc" "$tmp/out" && fail "NO_COLOR: escape codes in the output"
# a UTF-8 locale draws with Unicode, --ascii and the C locale with ASCII
if locale -a 2>/dev/null | grep -qi '^c\.utf-\{0,1\}8$'; then
    (cd "$tmp" && LC_ALL=C.UTF-8 timeout "$T" $VG "$NEURON" --color=never \
        -e 'inputs 1 0 1; weights 1 1 1; show' </dev/null >"$tmp/out" 2>"$tmp/err")
    LC_ALL=C grep -q "$(printf '\342')" "$tmp/out" ||
        fail "C.UTF-8: show draws no Unicode"
    (cd "$tmp" && LC_ALL=C.UTF-8 timeout "$T" $VG "$NEURON" --color=never --ascii \
        -e 'inputs 1 0 1; weights 1 1 1; show; fire; expect 1 = 1' </dev/null \
        >"$tmp/out" 2>"$tmp/err")
    LC_ALL=C grep -q "$(printf '[\200-\377]')" "$tmp/out" &&
        fail "--ascii: non-ASCII bytes in the output"
fi
nrun -e 'inputs 1 0 1; weights 1 1 1; show; fire; expect 1 = 1'
LC_ALL=C grep -q "$(printf '[\200-\377]')" "$tmp/out" &&
    fail "LC_ALL=C: non-ASCII bytes in the output"

if [ "$fails" -eq 0 ]; then
    echo "cmdline.sh: all passed"
fi
[ "$fails" -eq 0 ]
