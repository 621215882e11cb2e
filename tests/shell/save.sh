#!/bin/sh
# save.sh - the classroom's files: `save FILE` rebuilds a session exactly
# in a fresh process (RELIABILITY D6), writes whole or not at all (G1, G3),
# `record FILE.md` writes a handout with its plots as SVG files, and a
# script may write only beside itself unless --allow-write DIR allows more.
# Run by tests/run-all.sh with $NEURON (absolute path) and maybe $VG.
# $VG is a command prefix (valgrind ...), split into words on purpose.
# shellcheck disable=SC2086
. "$(dirname "$0")/lib/common.sh"
T=60                                    # saving sessions takes longer
[ -n "$VG" ] && T=900

# nrun ARGS...: neuron in $tmp/d with stdin from /dev/null; sets rc.
nrun() {
    (cd "$tmp/d" && LC_ALL=C timeout "$T" $VG "$NEURON" --color=never \
        --width 80 "$@" </dev/null >"$tmp/out" 2>"$tmp/err")
    rc=$?
}

no_tmp_left() {  # no_tmp_left WHAT DIR: the writer left no temporary file
    left=$(find "$2" \( -name '*.tmp.*' -o -name '.neuron-*.tmp' \) \
        2>/dev/null)
    [ -z "$left" ] || fail "$1: a temporary file was left behind: $left"
}

# after_marker FILE: the lines after the line "==probe==".
after_marker() {
    sed -n '/^==probe==$/,$p' "$1"
}

mkdir "$tmp/d"
d=$tmp/d

# ---- D6: save, then rebuild in a fresh process: the same output ----
# checklist: D6

# roundtrip NAME: $d/NAME.neuron builds a session; $d/NAME-probe.neuron
# (starting with `say ==probe==`) looks at it. The probe's output must be
# the same after `save` in the first process, after `run` of the saved
# file in a second, and after `neuron SAVED PROBE` run from another folder.
roundtrip() {
    nrun -e "run $1.neuron" -e "save $1-saved.neuron" -e "run $1-probe.neuron"
    status "$1: build, save and probe" 0
    after_marker "$tmp/out" >"$tmp/$1.a"
    cp "$tmp/err" "$tmp/$1.a.err"
    [ -s "$tmp/$1.a" ] || fail "$1: the probe printed nothing"
    nrun -e "run $1-saved.neuron" -e "run $1-probe.neuron"
    status "$1: run the saved session, probe" 0
    after_marker "$tmp/out" >"$tmp/$1.b"
    cmp -s "$tmp/$1.a" "$tmp/$1.b" || {
        fail "$1: the rebuilt session prints differently"
        diff "$tmp/$1.a" "$tmp/$1.b" | head -20
    }
    cmp -s "$tmp/$1.a.err" "$tmp/err" || {
        fail "$1: the rebuilt session's errors differ"
        diff "$tmp/$1.a.err" "$tmp/err" | head -10
    }
    (cd / && LC_ALL=C timeout "$T" $VG "$NEURON" --color=never --width 80 \
        "$d/$1-saved.neuron" "$d/$1-probe.neuron" </dev/null \
        >"$tmp/out" 2>"$tmp/err")
    rc=$?
    status "$1: neuron SAVED PROBE from /" 0
    after_marker "$tmp/out" >"$tmp/$1.c"
    cmp -s "$tmp/$1.a" "$tmp/$1.c" || {
        fail "$1: the saved session run from / prints differently"
        diff "$tmp/$1.a" "$tmp/$1.c" | head -20
    }
}

# a neuron trained on a split, definitions (one changed to use a later
# one, a fit), a leaky_relu slope, a normal draw waiting as the spare
cat >"$d/neuron.neuron" <<'EOF'
digits 6
n1(x) = Relu(-5x - 7.7)
n2 = relu(-1.2x - 1.3)
Z = -n1 - n2
c = 0.125
Z = -n1 - n2 + c + 0.5x
F = fit x^3 + x^2 - x - 1 from -2 to 1.5 with 6 units
activation leaky_relu 0.1
data blobs 40
data split 0.75
rule gradient
loss bce_logits
rate 0.05
batch 4
optimizer adam
trace on
init normal 0 0.5
train 2
trace off
inputs 0.5 -1
EOF
cat >"$d/neuron-probe.neuron" <<'EOF'
say ==probe==
fire
show
defs
table Z, F, n1 from -3 to 3 step 0.5
predict 0.5 -0.5
predict -1 1
evaluate
init random -1 1
init normal 0 1
init normal 0 1
data blobs 4
EOF
roundtrip neuron
grep -q '^data add test ' "$d/neuron-saved.neuron" ||
    fail "neuron: the test set of the split was not saved"
grep -q '^seed state .* spare ' "$d/neuron-saved.neuron" ||
    fail "neuron: the spare normal draw was not saved"

# images with grey levels, inputs taken from an image (show weights keeps
# its shape), a template's weights
cat >"$d/images.neuron" <<'EOF'
image cross 5x5
#...#
.#.#.
..#..
.#.#.
#...#
end
image grey 2x5
01234
56789
end
image grey 2x5
.1.8#
4#5#6
end
inputs image cross
weights image cross
bias -8
activation step
EOF
cat >"$d/images-probe.neuron" <<'EOF'
say ==probe==
images
image show cross
image show grey
show weights
fire
show
print x7 + w13 + b
EOF
roundtrip images
grep -q '^inputs image cross$' "$d/images-saved.neuron" ||
    fail "images: the inputs were not saved as the image they came from"
grep -q '^4#5#6$' "$d/images-saved.neuron" ||
    fail "images: grey levels were not written as digits"

# a template's weights without inputs: show weights keeps its shape
cat >"$d/template.neuron" <<'EOF'
image cross 3x3
#.#
.#.
#.#
end
weights image cross
bias -4
EOF
cat >"$d/template-probe.neuron" <<'EOF'
say ==probe==
show weights
show
EOF
roundtrip template
grep -q '^weights image cross$' "$d/template-saved.neuron" ||
    fail "template: the weights were not saved as the image they came from"

# inputs set, weights not, with the data's count: show says '?', and
# fire's error is the same
cat >"$d/flags.neuron" <<'EOF'
inputs 1 0
data and
bias 0.25
EOF
cat >"$d/flags-probe.neuron" <<'EOF'
say ==probe==
show
data
print x2 + b
EOF
roundtrip flags
nrun -e 'run flags-saved.neuron' -e 'fire'
status "flags: fire without weights after the rebuild" 1
err_has "flags: fire without weights after the rebuild" "weights"

# the network and the bundled digits (when they are found)
nrun -e 'data mnist'
if [ "$rc" -eq 0 ]; then
    cat >"$d/net.neuron" <<'EOF'
data mnist
seed 7
network 784 12 relu 10 softmax
train 1 epochs batch 100 rate 0.05 optimizer sgd
EOF
    cat >"$d/net-probe.neuron" <<'EOF'
say ==probe==
summary
evaluate
predict sample 12
show unit 3
EOF
    roundtrip net
    [ -s "$d/net-saved.neuron.net" ] || fail "net: no side file FILE.net"
    grep -q '^load network net-saved.neuron.net$' "$d/net-saved.neuron" ||
        fail "net: the saved script does not load FILE.net"
    grep -q '^rate 0.05$' "$d/net-saved.neuron" ||
        fail "net: the network's rate is not written as typed"
else
    echo "save.sh: skipped the network round trip: the digits are not found"
fi

# ---- G1: a write that fails half-way leaves the old file as it was ----
# checklist: G1 G2
printf '# the old session\n' >"$d/old.neuron"
cp "$d/old.neuron" "$tmp/old.copy"
(
    ulimit -f 4
    trap '' XFSZ
    cd "$d" && LC_ALL=C timeout "$T" $VG "$NEURON" --color=never \
        -e 'data blobs 400' -e 'save old.neuron' \
        </dev/null >"$tmp/out" 2>"$tmp/err"
)
rc=$?
status "save old.neuron, File too large" 1
err_has "save old.neuron, File too large" "old.neuron"
err_has "save old.neuron, File too large" "File too large"
cmp -s "$d/old.neuron" "$tmp/old.copy" ||
    fail "save old.neuron, File too large: the old file was changed"
no_tmp_left "save old.neuron, File too large" "$d"

# the same without the shell ignoring SIGXFSZ: neuron ignores it itself,
# so the limit is an error message, not a killed session
# checklist: G1
(
    ulimit -f 4
    cd "$d" && LC_ALL=C timeout "$T" $VG "$NEURON" --color=never \
        -e 'data blobs 400' -e 'save old.neuron' -e 'say still here' \
        </dev/null >"$tmp/out" 2>"$tmp/err"
)
rc=$?
status "save past ulimit -f, SIGXFSZ not ignored by the shell" 1
err_has "save past ulimit -f, SIGXFSZ not ignored by the shell" \
    "File too large"
cmp -s "$d/old.neuron" "$tmp/old.copy" ||
    fail "save past ulimit -f: the old file was changed"
no_tmp_left "save past ulimit -f" "$d"

# ---- G3: clear errors naming the path, nothing left behind ----
# checklist: G3
nrun -e 'save /nonexistent-neuron/x.neuron'
status "save into a missing folder" 1
err_has "save into a missing folder" "/nonexistent-neuron/x.neuron"
err_has "save into a missing folder" "No such file or directory"
mkdir "$d/adir"
nrun -e 'save adir'
status "save over a folder" 1
err_has "save over a folder" "'adir': Is a directory"
[ -d "$d/adir" ] || fail "save over a folder: the folder is gone"
nl=$(printf 'save /nonexistent-neuron/a\nb')
nrun -e "$nl"
status "save a name with a newline" 1
err_has "save a name with a newline" 'a\x0ab'
if [ "$(id -u)" != 0 ]; then
    mkdir "$d/ro" && chmod 555 "$d/ro"
    nrun -e 'save ro/x.neuron'
    status "save into a read-only folder" 1
    err_has "save into a read-only folder" "Permission denied"
    chmod 755 "$d/ro"
fi
no_tmp_left "G3" "$d"

# ---- record: the handout and its plots ----
cat >"$d/class.neuron" <<'EOF'
record handout.md
say The weighted sum comes first.
inputs 1 0 1; weights 0.5 -0.2 0.8
bias -0.3
fire
plot sigmoid, relu from -3 to 3
data and
train 20
boundary
record stop
EOF
nrun class.neuron
status "record in a script" 0
out_has "record in a script" \
    "recorded 7 command lines and 2 plots to handout.md"
md=$d/handout.md
[ -s "$md" ] || fail "record: handout.md is missing"
for want in '```neuron' 'inputs 1 0 1; weights 0.5 -0.2 0.8' 'fire' \
        '```text' 'a = sigmoid(1) = 0.7311' 'The weighted sum comes first.' \
        '![plot](handout-1.svg)' '![plot](handout-2.svg)' 'train 20'; do
    grep -q -F -e "$want" "$md" || fail "record: handout.md lacks '$want'"
done
grep -q -F 'record stop' "$md" && fail "record: handout.md holds 'record stop'"
# narration is prose, and a plot is its SVG alone (issue 13)
grep -q -x -F 'The weighted sum comes first.' "$md" ||
    fail "record: the say is not a paragraph of its own"
grep -q -F 'say The weighted' "$md" && fail "record: the say is shown as a command"
grep -q -F '⠒⠒' "$md" && fail "record: a plot's braille text is in the handout"
grep -q -F 'record handout.md' "$md" &&
    fail "record: handout.md holds 'record handout.md'"
for f in handout-1.svg handout-2.svg; do
    [ -s "$d/$f" ] || fail "record: $f is missing"
done
if command -v python3 >/dev/null 2>&1; then
    for f in handout-1.svg handout-2.svg; do
        python3 -c 'import sys; from xml.dom import minidom
d = minidom.parse(sys.argv[1])
sys.exit(d.documentElement.tagName != "svg")' "$d/$f" ||
            fail "record: $f is not an SVG document"
    done
else
    echo "save.sh: skipped the XML check of the SVG files: no python3"
fi
# fences stay balanced: every block opened is closed
opens=$(grep -c '^```[a-z]' "$md")
closes=$(grep -c '^```$' "$md")
[ "$opens" -eq "$closes" ] ||
    fail "record: $opens fences opened, $closes closed"

# the session ends while recording: written with a note
nrun -e 'record end.md' -e 'sigmoid(0)'
status "record to the end of the session" 0
out_has "record to the end of the session" "the session ended while recording"
grep -q 'sigmoid(0)' "$d/end.md" || fail "record to the end: no sigmoid(0)"
grep -q 'ended while recording' "$d/end.md" ||
    fail "record to the end: no closing note in end.md"
printf 'record quit.md\n0.5 + 0.25\nquit\n' >"$d/quit.neuron"
nrun quit.neuron
status "record, then quit" 0
grep -q '0.75' "$d/quit.md" || fail "record, then quit: quit.md lacks 0.75"

# the Markdown cannot be written (File too large): `record stop` fails and
# the recording goes on; the end of the session tries again, fails, and
# the status is 1; no partial file is left
(
    ulimit -f 4
    trap '' XFSZ
    cd "$d" && LC_ALL=C timeout "$T" $VG "$NEURON" --color=never \
        --keep-going -e 'record big.md' \
        -e 'table sigmoid from -5 to 5 step 0.01' \
        -e 'record stop' </dev/null >/dev/null 2>"$tmp/err"
)
rc=$?
status "record stop, File too large" 1
err_has "record stop, File too large" "File too large; still recording"
[ "$(grep -c 'error: record: ' "$tmp/err")" -eq 2 ] ||
    fail "record stop, File too large: not reported at stop and at the end"
[ -e "$d/big.md" ] && fail "record stop, File too large: big.md was written"
nrun --keep-going -e 'record gone2/x.md'
status "record into a missing folder" 1
err_has "record into a missing folder" "gone2/x.md"
err_has "record into a missing folder" "No such file or directory"
nrun --keep-going -e 'record a.md' -e 'record b.md' -e 'record stop' \
    -e 'record stop'
status "record twice, stop twice" 1
err_has "record twice, stop twice" "already recording to a.md"
err_has "record twice, stop twice" "not recording"
[ -e "$d/b.md" ] && fail "record twice: b.md was written"
no_tmp_left "record" "$d"

# ---- a script writes only beside itself, unless --allow-write ----
mkdir -p "$d/lessons/sub" "$d/outside"
ln -s "$d/outside" "$d/lessons/link"
cat >"$d/lessons/writer.neuron" <<'EOF'
save here.neuron
save sub/below.neuron
plot sigmoid > sub/sig.svg
EOF
nrun lessons/writer.neuron
status "a lesson writes beside itself and below" 0
for f in here.neuron sub/below.neuron sub/sig.svg; do
    [ -s "$d/lessons/$f" ] || fail "a lesson writes beside itself: no $f"
done
[ -e "$d/here.neuron" ] &&
    fail "a lesson's relative name landed in the current folder"
out_has "a lesson writes beside itself" "lessons/here.neuron"

printf 'save ../up.neuron\n' >"$d/lessons/up.neuron"
printf 'save link/out.neuron\n' >"$d/lessons/link.neuron"
printf 'record %s/outside/abs.md\n' "$d" >"$d/lessons/abs.neuron"
printf 'save sub/../../up2.neuron\n' >"$d/lessons/dots.neuron"
for s in up link abs dots; do
    nrun lessons/$s.neuron
    status "lessons/$s.neuron writes outside its folder" 1
    err_has "lessons/$s.neuron writes outside its folder" \
        "is not allowed from the script lessons/$s.neuron; run it with"
done
for f in up.neuron up2.neuron outside/out.neuron outside/abs.md; do
    [ -e "$d/$f" ] && fail "a refused write happened: $f exists"
done
nrun lessons/up.neuron
err_has "the refusal names the folder to allow" \
    "writing 'lessons/../up.neuron' is not allowed"
err_has "the refusal names the folder to allow" \
    "--allow-write lessons/.. to allow it"

nrun --allow-write "$d/outside" lessons/link.neuron
status "--allow-write DIR allows a folder" 0
[ -s "$d/outside/out.neuron" ] ||
    fail "--allow-write DIR: no outside/out.neuron"
nrun --allow-write="$d" lessons/up.neuron
status "--allow-write=DIR" 0
[ -s "$d/up.neuron" ] || fail "--allow-write=DIR: no up.neuron"
nrun --allow-write outside --allow-write . lessons/dots.neuron
status "--allow-write, repeated, relative" 0
[ -s "$d/up2.neuron" ] || fail "--allow-write repeated: no up2.neuron"
nrun --allow-write
status "--allow-write without a folder" 2

# a person may write anywhere: at the prompt (-e) and what a script runs
# after it returned; a script read from stdin is a script of the current
# folder (checklist: K3)
rm -f "$d/up.neuron"
nrun -e 'save lessons/../up.neuron'
status "-e may write anywhere" 0
[ -s "$d/up.neuron" ] || fail "-e may write anywhere: no up.neuron"
rm -f "$d/up.neuron"
(cd "$d/lessons" && printf 'save ../up.neuron\n' |
    LC_ALL=C timeout "$T" $VG "$NEURON" --color=never >"$tmp/out" 2>"$tmp/err")
rc=$?
status "stdin is confined to the current folder" 1
err_has "stdin is confined to the current folder" \
    "writing '../up.neuron' is not allowed from the script <stdin>; run it with --allow-write .. to allow it"
[ -e "$d/up.neuron" ] && fail "stdin wrote outside its folder: up.neuron"
(cd "$d/lessons" && printf 'save ../up.neuron\n' |
    LC_ALL=C timeout "$T" $VG "$NEURON" --color=never - >"$tmp/out" 2>"$tmp/err")
rc=$?
status "neuron - is confined to the current folder" 1
[ -e "$d/up.neuron" ] && fail "neuron - wrote outside its folder: up.neuron"
(cd "$d/lessons" && printf 'save ../up.neuron\nsave here.neuron\n' |
    LC_ALL=C timeout "$T" $VG "$NEURON" --color=never --allow-write .. \
    >"$tmp/out" 2>"$tmp/err")
rc=$?
status "stdin with --allow-write" 0
[ -s "$d/up.neuron" ] || fail "stdin with --allow-write ..: no up.neuron"
[ -s "$d/lessons/here.neuron" ] ||
    fail "stdin writes in the current folder: no here.neuron"

if [ "$fails" -eq 0 ]; then
    echo "save.sh: all passed"
fi
[ "$fails" -eq 0 ]
