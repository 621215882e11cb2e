#!/bin/sh
# help.sh - every command in `help` has a long help whose examples run
# (STYLE 6: "a test runs every help example through the interpreter"), and
# every activation in `activations` has `help activation NAME`
# (RELIABILITY D5).
# Run by tests/run-all.sh with $NEURON (absolute path) and maybe $VG.
# $VG is a command prefix (valgrind ...), split into words on purpose.
# shellcheck disable=SC2086
. "$(dirname "$0")/lib/common.sh"

# nrun ARGS...: neuron in $tmp, stdin /dev/null; sets rc.
nrun() {
    (cd "$tmp" && LC_ALL=C timeout "$T" $VG "$NEURON" --color=never \
        --width 80 "$@" </dev/null >"$tmp/out" 2>"$tmp/err")
    rc=$?
}

# checklist: D5
nrun -e help
[ "$rc" -eq 0 ] || fail "help: exit status $rc"
# the command list: indented lines "  NAME  summary"
sed -n 's/^  \([a-z_]*\)  .*/\1/p' "$tmp/out" >"$tmp/commands"
count=$(wc -l <"$tmp/commands")
[ "$count" -ge 19 ] || fail "help lists $count commands, expected at least 19"

examples=0
while read -r c; do
    nrun -e "help $c"
    if [ "$rc" -ne 0 ]; then
        fail "help $c: exit status $rc: $(head -1 "$tmp/err")"
        continue
    fi
    grep -q "^usage: .*$c" "$tmp/out" || fail "help $c: no usage line naming $c"
    [ "$(wc -l <"$tmp/out")" -ge 3 ] || fail "help $c: no long help"
    # the examples, "  > COMMAND", run in one fresh session, in order
    sed -n 's/^  > //p' "$tmp/out" >"$tmp/ex"
    [ -s "$tmp/ex" ] || continue
    set --
    while read -r line; do
        set -- "$@" -e "$line"
        examples=$((examples + 1))
    done <"$tmp/ex"
    nrun "$@"
    if [ "$rc" -ne 0 ] || [ -s "$tmp/err" ]; then
        fail "help $c: its example fails (status $rc): $(head -2 "$tmp/err")"
    fi
done <"$tmp/commands"
[ "$examples" -ge 15 ] || fail "only $examples help examples found"

# checklist: B13
# every activation has its own help, and the derivative convention at a kink
nrun -e activations
[ "$rc" -eq 0 ] || fail "activations: exit status $rc"
sed -n '2,$s/^\([a-z_][a-z_]*\) .*/\1/p' "$tmp/out" >"$tmp/acts"
n=$(wc -l <"$tmp/acts")
[ "$n" -ge 6 ] || fail "activations lists $n functions"
for f in step relu sigmoid tanh; do
    grep -q "^$f\$" "$tmp/acts" || fail "activations does not list $f"
done
while read -r a; do
    nrun -e "help activation $a"
    if [ "$rc" -ne 0 ]; then
        fail "help activation $a: exit status $rc: $(head -1 "$tmp/err")"
        continue
    fi
    grep -q "^$a: " "$tmp/out" || fail "help activation $a: no '$a:' line"
    grep -q "f'(z)" "$tmp/out" || fail "help activation $a: no derivative"
    # each is usable as the neuron's activation and in an expression
    nrun -e "inputs 1; weights 1; activation $a; fire; $a(0.5); $a'(0.5)"
    [ "$rc" -eq 0 ] || fail "activation $a: exit status $rc: $(head -1 "$tmp/err")"
done <"$tmp/acts"
for a in relu step leaky_relu selu; do
    nrun -e "help activation $a"
    grep -q "$a'(0)" "$tmp/out" || fail "help activation $a: no word on $a'(0)"
done

if [ "$fails" -eq 0 ]; then
    echo "help.sh: all passed ($count commands, $examples examples, $n activations)"
fi
[ "$fails" -eq 0 ]
