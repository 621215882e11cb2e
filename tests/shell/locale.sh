#!/bin/sh
# locale.sh - numbers parse and print with '.' whatever the locale
# (RELIABILITY B6, J1). Needs a locale whose decimal point is a comma
# (de_DE, fr_FR, ...); without one installed it says so and passes.
# Run by tests/run-all.sh with $NEURON (absolute path) and maybe $VG.
# $VG is a command prefix (valgrind ...), split into words on purpose.
# shellcheck disable=SC2086
. "$(dirname "$0")/lib/common.sh"

comma=$(locale -a 2>/dev/null |
    grep -i -E '^(de_DE|fr_FR|es_ES|it_IT|nl_NL|ru_RU|pt_BR)\.utf-?8$' | head -1)
if [ -z "$comma" ]; then
    echo "locale.sh: skipped, no de_DE/fr_FR/... UTF-8 locale installed"
    echo "  (Debian: apt-get install locales; localedef -i de_DE -f UTF-8 de_DE.UTF-8)"
    exit 0
fi

# checklist: B6 J1
cat >"$tmp/s.neuron" <<'EOF'
inputs 0.5 1.5
weights 0.25 -1e-1
bias .5
fire
0.5*3
1/3
digits 17
0.1
1e-5
digits 0
expect 0.5 = 1/2 within 0
expect z = 0.475 within 1e-12
say done
EOF
# the same script in the C locale gives the reference output
(cd "$tmp" && LC_ALL=C timeout "$T" $VG "$NEURON" --color=never --ascii \
    s.neuron </dev/null >"$tmp/c.out" 2>"$tmp/c.err")
rc=$?
[ "$rc" -eq 0 ] || fail "C locale: exit status $rc: $(cat "$tmp/c.err")"
grep -q '^0.3333$' "$tmp/c.out" || fail "C locale: 1/3 did not print as 0.3333"

# LC_ALL, LANG alone, and LC_NUMERIC alone under a UTF-8 LANG
for env in "LC_ALL=$comma" "LANG=$comma" "LC_NUMERIC=$comma LANG=C.UTF-8"; do
    # shellcheck disable=SC2086
    (cd "$tmp" && env -i PATH="$PATH" HOME="${HOME:-/}" $env \
        timeout "$T" $VG "$NEURON" --color=never --ascii s.neuron \
        </dev/null >"$tmp/l.out" 2>"$tmp/l.err")
    rc=$?
    if [ "$rc" -ne 0 ]; then
        fail "$env: exit status $rc"
        sed 's/^/    stderr: /' "$tmp/l.err" | head -5
    fi
    cmp -s "$tmp/c.out" "$tmp/l.out" || {
        fail "$env: output differs from the C locale's"
        diff "$tmp/c.out" "$tmp/l.out" | head -10
    }
    grep -q '[0-9],[0-9]' "$tmp/l.out" && fail "$env: a decimal comma in the output"
done

# numbers typed on stdin too
printf 'inputs 0.5\nweights 2\nz\n' >"$tmp/in"
LC_ALL=$comma timeout "$T" $VG "$NEURON" --color=never <"$tmp/in" \
    >"$tmp/l.out" 2>"$tmp/l.err"
rc=$?
[ "$rc" -eq 0 ] || fail "$comma stdin: exit status $rc: $(cat "$tmp/l.err")"
[ "$(cat "$tmp/l.out")" = "1" ] || fail "$comma stdin: z is '$(cat "$tmp/l.out")', expected 1"

if [ "$fails" -eq 0 ]; then
    echo "locale.sh: all passed in $comma"
fi
[ "$fails" -eq 0 ]
