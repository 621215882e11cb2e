#!/bin/sh
# limits.sh - expressions and tokens far beyond any lesson (RELIABILITY C1,
# C2, A2, I4, K9): deep nesting is a clear error and never a stack
# overflow; a long flat sum is evaluated; an over-long number or name is
# refused; definitions that would take 2^63 steps are refused.
# Run by tests/run-all.sh with $NEURON (absolute path) and maybe $VG.
# $VG is a command prefix (valgrind ...), split into words on purpose.
# shellcheck disable=SC2086
. "$(dirname "$0")/lib/common.sh"

# nrun: neuron reading $tmp/in on stdin; sets rc.
nrun() {
    LC_ALL=C timeout "$T" $VG "$NEURON" --color=never --width 80 "$@" \
        <"$tmp/in" >"$tmp/out" 2>"$tmp/err"
    rc=$?
}

status() {
    if [ "$rc" -eq 124 ]; then
        fail "$1: no answer within ${T}s (hang?)"
    elif [ "$rc" -ge 128 ]; then
        fail "$1: killed by signal $((rc - 128)) (stack overflow?)"
    elif [ "$rc" -ne "$2" ]; then
        fail "$1: exit status $rc, expected $2"
        sed 's/^/    stderr: /' "$tmp/err" | cut -c1-200 | head -5
    fi
}

err_has() {
    grep -q -F -e "$2" "$tmp/err" || {
        fail "$1: stderr lacks '$2'"
        sed 's/^/    stderr: /' "$tmp/err" | cut -c1-200 | head -5
    }
}

out_is() {
    printf '%s\n' "$2" >"$tmp/want"
    cmp -s "$tmp/want" "$tmp/out" || {
        fail "$1: stdout differs"
        diff "$tmp/want" "$tmp/out" | cut -c1-200 | head -10
    }
}

# short WHAT: the error is a few short lines, not the whole input echoed.
short() {
    [ "$(wc -c <"$tmp/err")" -lt 1000 ] ||
        fail "$1: $(wc -c <"$tmp/err") bytes of error message"
}

# gen AWK-BODY: writes one line built by awk to $tmp/in.
gen() {
    awk "BEGIN { $1 }" </dev/null >"$tmp/in"
}

# ---- C1: 100,000 levels of nesting, each kind ----
# checklist: C1 I4
gen 'for (i = 0; i < 100000; i++) printf "("; printf "1";
     for (i = 0; i < 100000; i++) printf ")"; print ""'
nrun
status "C1 100,000 parentheses" 1
err_has "C1 100,000 parentheses" "expression too deeply nested (max"
short "C1 100,000 parentheses"

gen 'for (i = 0; i < 100000; i++) printf "-"; print "1"'
nrun
status "C1 100,000 unary minuses" 1
err_has "C1 100,000 unary minuses" "expression too deeply nested (max"
short "C1 100,000 unary minuses"

gen 'for (i = 0; i < 100000; i++) printf "2^"; print "2"'
nrun
status "C1 2^2^...^2, 100,000 deep" 1
err_has "C1 2^2^...^2, 100,000 deep" "expression too deeply nested (max"
short "C1 2^2^...^2, 100,000 deep"

gen 'for (i = 0; i < 100000; i++) printf "sigmoid("; printf "1";
     for (i = 0; i < 100000; i++) printf ")"; print ""'
nrun
status "C1 100,000 nested calls" 1
err_has "C1 100,000 nested calls" "expression too deeply nested (max"

gen 'for (i = 0; i < 100000; i++) printf "relu'"'"'("; printf "1";
     for (i = 0; i < 100000; i++) printf ")"; print ""'
nrun
status "C1 100,000 nested derivatives" 1
err_has "C1 100,000 nested derivatives" "expression too deeply nested (max"

gen 'printf "print "; for (i = 0; i < 100000; i++) printf "(";
     print "1"'
nrun
status "C1 100,000 unclosed parentheses after print" 1
err_has "C1 100,000 unclosed parentheses after print" "print:"

gen 'printf "expect "; for (i = 0; i < 100000; i++) printf "(";
     printf "1"; for (i = 0; i < 100000; i++) printf ")"; print " = 1"'
nrun
status "C1 100,000 parentheses in expect" 1
err_has "C1 100,000 parentheses in expect" "too deeply nested"

# a shape that needs many values at once: 1+2*(1+2*(1+...)), 150 deep
gen 'for (i = 0; i < 150; i++) printf "1+2*("; printf "1";
     for (i = 0; i < 150; i++) printf ")"; print ""'
nrun
status "C1 150 levels of 1+2*(...)" 1
err_has "C1 150 levels of 1+2*(...)" "expression too"

# within the limit it works (lessons never come close)
gen 'for (i = 0; i < 100; i++) printf "("; printf "1";
     for (i = 0; i < 100; i++) printf ")"; print ""'
nrun
status "C1 100 parentheses" 0
out_is "C1 100 parentheses" "1"

# ---- C2: a 1,000,000-term sum, flat, and a long product ----
# checklist: C2
gen 'printf "1"; for (i = 1; i < 1000000; i++) printf "+1"; print ""'
nrun
status "C2 1,000,000-term sum" 0
out_is "C2 1,000,000-term sum" "1000000"
gen 'printf "print 1"; for (i = 1; i < 1000000; i++) printf " - 1"; print ""'
nrun
status "C2 1,000,000-term difference after print" 0
out_is "C2 1,000,000-term difference after print" "-999998"
gen 'printf "1"; for (i = 1; i < 200000; i++) printf "*1.000001"; print ""'
nrun
status "C2 200,000-factor product" 0
out_is "C2 200,000-factor product" "1.2214"
gen 'printf "expect 0"; for (i = 1; i <= 100000; i++) printf "+x1";
     print " = 100000"'
printf 'inputs 1\n' >"$tmp/pre"
cat "$tmp/pre" "$tmp/in" >"$tmp/in2" && mv "$tmp/in2" "$tmp/in"
nrun
status "C2 100,000 names in expect" 0

# ---- A2: over-long tokens are refused with their length limit ----
# checklist: A2
gen 'for (i = 0; i < 300; i++) printf "1"; print ""'
nrun
status "a 300-digit number" 1
err_has "a 300-digit number" "number too long"
short "a 300-digit number"
gen 'printf "inputs 1 "; for (i = 0; i < 100000; i++) printf "9"; print ""'
nrun
status "a 100,000-digit number in inputs" 1
err_has "a 100,000-digit number in inputs" "number too long"
short "a 100,000-digit number in inputs"
gen 'for (i = 0; i < 100000; i++) printf "a"; print "(1)"'
nrun
status "a 100,000-letter name" 1
err_has "a 100,000-letter name" "name too long"
short "a 100,000-letter name"
gen 'printf "say "; for (i = 0; i < 1000000; i++) printf "a"; print ""'
nrun
status "say with 1 MB of text" 0
[ "$(wc -c <"$tmp/out")" -eq 1000001 ] ||
    fail "say with 1 MB of text: printed $(wc -c <"$tmp/out") bytes"
gen 'for (i = 0; i < 100000; i++) printf ";"; print "say end"'
nrun
status "100,000 semicolons" 0
out_is "100,000 semicolons" "end"
gen 'for (i = 0; i < 100000; i++) printf "0;"; print ""'
nrun
status "100,000 commands on one line" 0
[ "$(wc -l <"$tmp/out")" -eq 100000 ] ||
    fail "100,000 commands on one line: $(wc -l <"$tmp/out") lines"
gen 'for (i = 0; i < 100000; i++) printf "fier;"; print ""'
nrun --keep-going
status "100,000 bad commands on one line" 1

# ---- I3: a small stack (256 KB) still gives the nesting error ----
# checklist: I3
# (not under valgrind, nor with AddressSanitizer, whose frames are larger)
if [ -z "$VG" ] && ! grep -q __asan_init "$NEURON" 2>/dev/null; then
    gen 'for (i = 0; i < 100000; i++) printf "("; printf "1";
         for (i = 0; i < 100000; i++) printf ")"; print ""'
    # shellcheck disable=SC3045 # dash and bash have it; skipped elsewhere
    (ulimit -s 256 2>/dev/null || exit 0
     LC_ALL=C timeout "$T" "$NEURON" <"$tmp/in" >"$tmp/out" 2>"$tmp/err"
     echo $? >"$tmp/rc")
    if [ -s "$tmp/rc" ]; then
        rc=$(cat "$tmp/rc")
        status "I3 ulimit -s 256, 100,000 parentheses" 1
        err_has "I3 ulimit -s 256, 100,000 parentheses" "too deeply nested"
    fi
fi

# ---- B10: overflow in fire: inf is shown as such; NaN from inf - inf is
# checklist: B10
# explained, never a bare "= nan" ----
printf 'inputs 1 1 1\nweights 1e308 1e308 1e308\nfire\n' >"$tmp/in"
nrun
status "B10 z = inf" 0
grep -q '^z = .* = inf$' "$tmp/out" || fail "B10 z = inf: $(head -1 "$tmp/out")"
grep -q '^a = sigmoid(inf) = 1$' "$tmp/out" || fail "B10 sigmoid(inf): $(sed -n 2p "$tmp/out")"
printf 'inputs 1e308 1e308\nweights 1e308 -1e308\nfire\n' >"$tmp/in"
nrun
status "B10 inf - inf" 0
grep -v '^[za] = ' "$tmp/out" | grep -q -i 'overflow\|inf' ||
    fail "B10 inf - inf: fire prints z = nan without saying why: $(head -1 "$tmp/out")"

# ---- K9: one line of 1,373 bytes that asks for 2^63 evaluations ----
# checklist: K9
# f0(x)=x; f1(x)=f0(x)+f0(x); ... f63(x)=f62(x)+f62(x); f63(1) ran until
# killed. Each definition's cost is bounded when it is made: f18 is
# refused, and with it the rest of the line, at once.
gen 'printf "f0(x)=x"; for (i = 1; i < 64; i++)
     printf "; f%d(x)=f%d(x)+f%d(x)", i, i - 1, i - 1; print "; f63(1)"'
[ "$(wc -c <"$tmp/in")" -eq 1373 ] || fail "K9: the line is not 1,373 bytes"
nrun
status "K9 f0 .. f63 doubling" 1
err_has "K9 f0 .. f63 doubling" "error: f18 is too costly: one value would take 1572859 steps (at most 1000000)"
short "K9 f0 .. f63 doubling"

# ---- K12: a refit reuses its units when the table is full ----
# checklist: K12
# 19,000 definitions and a fit of 1,000 units (1,001 more) make 20,001 of
# the 20,002 allowed. Fitting F again makes no new definition, so it is
# allowed (it counted 1,001 more and was refused); a fit of 1 unit, 2
# more, is refused.
awk 'BEGIN { for (i = 1; i <= 19000; i++) print "d" i " = " i
             print "F = fit x*x from 0 to 1 with 1000 units"
             print "F = fit x*x from 0 to 1 with 1000 units"
             print "expect F(0.5) = 0.25 within 1e-12"
             print "H = fit x from 0 to 1 with 1 unit"
             print "expect d19000 = 19000" }' </dev/null >"$tmp/in"
nrun --keep-going
status "K12 refit at a full table" 1
err_has "K12 refit at a full table" "<stdin>:19004: error: 1 unit would pass the limit of 20002 definitions (20001 made so far)"
[ "$(grep -c error "$tmp/err")" -eq 1 ] ||
    fail "K12 refit at a full table: more than the one error"
[ "$(grep -c '^ok ' "$tmp/out")" -eq 2 ] ||
    fail "K12 refit at a full table: the expects did not both pass"

if [ "$fails" -eq 0 ]; then
    echo "limits.sh: all passed"
fi
[ "$fails" -eq 0 ]
