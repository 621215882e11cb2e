#!/bin/sh
# bytes.sh - hostile bytes and lines on standard input (RELIABILITY A2-A8,
# A11, A13): each case checks the exit status (never a crash: < 128), the
# message, and that no raw control byte reaches the terminal.
# Run by tests/run-all.sh with $NEURON (absolute path) and maybe $VG.
# $VG is a command prefix (valgrind ...), split into words on purpose.
# shellcheck disable=SC2086
. "$(dirname "$0")/lib/common.sh"

# nrun INPUT ARGS...: neuron with stdin from INPUT; sets rc, fills out/err.
nrun() {
    input=$1
    shift
    LC_ALL=C timeout "$T" $VG "$NEURON" --color=never --width 80 "$@" \
        <"$input" >"$tmp/out" 2>"$tmp/err"
    rc=$?
}

# (status, err_has, out_has and out_is come from lib/common.sh)
# err_empty WHAT: nothing on stderr.
err_empty() {
    [ -s "$tmp/err" ] && {
        fail "$1: unexpected stderr"
        sed 's/^/    stderr: /' "$tmp/err" | head -5
    }
    return 0
}

# clean WHAT: no byte in stdout or stderr that drives a terminal (C0
# controls but tab and newline, DEL, a raw CR) and no NUL.
clean() {
    bad=$(printf '[\001-\010\013-\037\177]')
    if LC_ALL=C grep -q "$bad" "$tmp/out" "$tmp/err"; then
        fail "$1: a raw control byte in the output"
        LC_ALL=C grep -n "$bad" "$tmp/out" "$tmp/err" | od -c | head -5
    fi
    for f in "$tmp/out" "$tmp/err"; do
        # shellcheck disable=SC2094 # both only read the file
        tr -d '\000' <"$f" | cmp -s - "$f" || fail "$1: a NUL byte in $f"
    done
}

# ---- A2: a 1 MB line; inputs with 200,000 numbers ----
# checklist: A2 I4
awk 'BEGIN { s = "xxxxxxxxxx"; while (length(s) < 1000000) s = s s;
             print substr(s, 1, 1000000) }' >"$tmp/in"
nrun "$tmp/in"
status "A2 1 MB line of x" 1
err_has "A2 1 MB line of x" "<stdin>:1: error:"
[ "$(wc -c <"$tmp/err")" -lt 2000 ] ||
    fail "A2 1 MB line of x: the message is $(wc -c <"$tmp/err") bytes long"
clean "A2 1 MB line of x"

awk 'BEGIN { printf "inputs"; for (i = 0; i < 200000; i++) printf " 1";
             printf "\nweights"; for (i = 0; i < 200000; i++) printf " 0.5";
             print ""; print "fire"; print "z"; print "x200000" }' >"$tmp/in"
nrun "$tmp/in"
status "A2 200,000 inputs" 0
err_empty "A2 200,000 inputs"
out_has "A2 200,000 inputs" "(200000 products"
out_has "A2 200,000 inputs" "= 100000"

# one more than the limit is refused, with the limit in the message
awk 'BEGIN { printf "inputs"; for (i = 0; i < 1000001; i++) printf " 1";
             print "" }' >"$tmp/in"
nrun "$tmp/in"
status "A2 1,000,001 inputs" 1
err_has "A2 1,000,001 inputs" "too many numbers (at most 1000000)"

# ---- A3: the last line without a newline ----
# checklist: A3
printf 'inputs 1\nsigmoid(0)' >"$tmp/in"
nrun "$tmp/in"
status "A3 no final newline" 0
out_is "A3 no final newline" "0.5"
printf 'say no newline' >"$tmp/in"
nrun "$tmp/in"
out_is "A3 say without newline" "no newline"

# ---- A4: CRLF line endings ----
# checklist: A4
printf 'inputs 1 0\r\nweights 2 3\r\nbias 1\r\nz\r\nsay hi\r\n\r\n# c\r\n' \
    >"$tmp/in"
nrun "$tmp/in"
status "A4 CRLF" 0
out_is "A4 CRLF" "3
hi"
err_empty "A4 CRLF"
printf 'inputs 1 0\r\nfier\r\n' >"$tmp/in"
nrun "$tmp/in"
status "A4 CRLF error" 1
err_has "A4 CRLF error" "<stdin>:2: error: unknown command 'fier'"
clean "A4 CRLF error"

# ---- A5: a NUL byte inside a line: an error, never truncation or gluing
# checklist: A5
printf 'inputs 1\0002\nsay after\n' >"$tmp/in"
nrun "$tmp/in"
status "A5 NUL" 1
err_has "A5 NUL" "<stdin>:1: error: NUL byte in input at column 9"
[ -s "$tmp/out" ] && fail "A5 NUL: the script went on: $(cat "$tmp/out")"
clean "A5 NUL"
printf 'say ab\000cd\nsay after\n' >"$tmp/in"
nrun "$tmp/in" --keep-going
status "A5 NUL in say, --keep-going" 1
err_has "A5 NUL in say" "NUL byte"
out_is "A5 NUL in say, --keep-going" "after"
clean "A5 NUL in say"

# ---- A6: invalid UTF-8 in say (escaped) and in a name (an error) ----
# checklist: A6
printf 'say a\377b \342\202 c \300\257 d\n' >"$tmp/in"
nrun "$tmp/in"
status "A6 invalid UTF-8 in say" 0
out_is "A6 invalid UTF-8 in say" 'a\xffb \xe2\x82 c \xc0\xaf d'
printf 'say caf\303\251 \342\234\223\n' >"$tmp/in"
nrun "$tmp/in"
status "A6 valid UTF-8 in say" 0
out_is "A6 valid UTF-8 in say" "$(printf 'caf\303\251 \342\234\223')"
printf 'inputs\377 1\n' >"$tmp/in"
nrun "$tmp/in"
status "A6 invalid UTF-8 after a command" 1
err_has "A6 invalid UTF-8 after a command" "unexpected character '\\xff'"
clean "A6 invalid UTF-8 after a command"
printf 'x\342\202\n' >"$tmp/in"
nrun "$tmp/in"
status "A6 truncated UTF-8 in a name" 1
err_has "A6 truncated UTF-8 in a name" "unexpected character '\\xe2'"
# a name that runs into a non-ASCII letter: the error is at that byte,
# not "unknown command 'sigm'"
printf 'sigm\303\251(1)\n' >"$tmp/in"
nrun "$tmp/in"
status "A6 non-ASCII letter in a name" 1
err_has "A6 non-ASCII letter in a name" "unexpected character"
clean "A6 non-ASCII letter in a name"

# ---- A7: terminal control sequences in say are shown escaped ----
# checklist: A7
printf 'say \033[2J clear \007 bel \010 bs \033]0 title\007 end \177 del\n' \
    >"$tmp/in"
nrun "$tmp/in"
status "A7 control bytes in say" 0
out_is "A7 control bytes in say" \
    '\x1b[2J clear \x07 bel \x08 bs \x1b]0 title\x07 end \x7f del'
clean "A7 control bytes in say"
# in an error message, the echoed line is escaped too
printf 'fo\033[2Jo\n' >"$tmp/in"
nrun "$tmp/in"
status "A7 control bytes in a command" 1
err_has "A7 control bytes in a command" 'fo\x1b[2Jo'
clean "A7 control bytes in a command"

# ---- A8: a byte order mark at the start ----
# checklist: A8
printf '\357\273\277sigmoid(0)\n' >"$tmp/in"
nrun "$tmp/in"
status "A8 BOM" 0
out_is "A8 BOM" "0.5"
printf '\357sigmoid(0)\n' >"$tmp/in"
nrun "$tmp/in"
status "A8 half a BOM" 1
err_has "A8 half a BOM" "<stdin>:1: error: unexpected character '\\xef'"
printf 'say one\n\357\273\277sigmoid(0)\n' >"$tmp/in"
nrun "$tmp/in"
status "A8 BOM on line 2" 1
err_has "A8 BOM on line 2" "<stdin>:2: error:"

# ---- A11: 200 KB of pseudo-random bytes (fixed seed, same every run) ----
# checklist: A11
LC_ALL=C awk 'BEGIN { x = 12345;   # C locale: %c writes one byte
             for (i = 0; i < 200000; i++) {
                 x = (x * 75 + 74) % 65537;    # ZX81 generator, exact in awk
                 printf "%c", x % 255 + 1     # bytes 1..255: awk may not print 0
             } }' >"$tmp/in"
nrun "$tmp/in"
status "A11 random bytes" 1
clean "A11 random bytes"
nrun "$tmp/in" --keep-going
status "A11 random bytes, --keep-going" 1
[ -s "$tmp/err" ] || fail "A11 random bytes: no error message"
clean "A11 random bytes, --keep-going"

# ---- A13: every byte 0x01..0xFF inside say ----
# checklist: A13
# printable ASCII comes back unchanged, tab too; other bytes come back as
# \xNN (CR as \r); '#', ';' and newline are the language's own.
: >"$tmp/in"
: >"$tmp/want"
b=1
while [ "$b" -le 255 ]; do
    case $b in
    10 | 35 | 59) b=$((b + 1)); continue ;;
    esac
    oct=$(printf '%03o' "$b")
    # shellcheck disable=SC2059
    printf "say [\\$oct]\\n" >>"$tmp/in"
    if [ "$b" -eq 9 ] || { [ "$b" -ge 32 ] && [ "$b" -le 126 ]; }; then
        # shellcheck disable=SC2059
        printf "[\\$oct]\\n" >>"$tmp/want"
    elif [ "$b" -eq 13 ]; then
        printf '[\\r]\n' >>"$tmp/want"
    else
        printf '[\\x%02x]\n' "$b" >>"$tmp/want"
    fi
    b=$((b + 1))
done
nrun "$tmp/in"
status "A13 every byte in say" 0
err_empty "A13 every byte in say"
cmp -s "$tmp/want" "$tmp/out" || {
    fail "A13 every byte in say: stdout differs"
    diff "$tmp/want" "$tmp/out" | head -10
}
clean "A13 every byte in say"
# the same in a UTF-8 locale: a lone byte above 0x7f is still escaped
LC_ALL=C.UTF-8 timeout "$T" $VG "$NEURON" --color=never <"$tmp/in" \
    >"$tmp/out" 2>"$tmp/err"
rc=$?
status "A13 every byte in say, C.UTF-8" 0
cmp -s "$tmp/want" "$tmp/out" || fail "A13 every byte in say, C.UTF-8: differs"

if [ "$fails" -eq 0 ]; then
    echo "bytes.sh: all passed"
fi
[ "$fails" -eq 0 ]
