#!/bin/sh
# lessons.sh - the lesson rule (issue 13): a lesson starts from a clean
# session, so every ordered pair of lessons in one session runs as each
# does alone: `lesson A` then `lesson B` ends with status 0, B prints what
# it prints alone, and the work A left is saved first to
# before-lesson-B.neuron, which `run` brings back. Also: no checkpoint is
# already met when its lesson reaches it ("(checkpoint reached)" in a run
# without a terminal), and every lesson runs in one session in order and
# in reverse. Under valgrind only the two long sessions run.
# Run by tests/run-all.sh with $NEURON (absolute path) and maybe $VG.
# shellcheck disable=SC2086
. "$(dirname "$0")/lib/common.sh"
T=600  # whole lessons and trainings: under ASan or valgrind, minutes
: "${NEURON_LESSONS:?NEURON_LESSONS must name the lessons folder}"

# lrun DIR ARGS...: neuron in DIR, stdin /dev/null; sets rc.
lrun() {
    dir=$1
    shift
    (cd "$dir" && LC_ALL=C timeout "$T" $VG "$NEURON" --color=never \
        --width 80 "$@" </dev/null >"$tmp/out" 2>"$tmp/err")
    rc=$?
}

numbers=$(ls "$NEURON_LESSONS" | sed -n 's/^0*\([1-9][0-9]*\)-.*\.neuron$/\1/p')
[ -n "$numbers" ] || fail "no lessons in $NEURON_LESSONS"
count=$(echo "$numbers" | wc -l)

# each alone: its output, and no checkpoint met on arrival (not under
# valgrind, where the two long sessions below check the lessons run)
[ -n "$VG" ] && numbers_alone="" || numbers_alone=$numbers
for n in $numbers_alone; do
    mkdir "$tmp/alone$n"
    lrun "$tmp/alone$n" -e "lesson $n"
    status "lesson $n alone" 0
    cp "$tmp/out" "$tmp/alone$n.out"
    if grep -q '^(checkpoint reached)' "$tmp/out"; then
        fail "lesson $n: a checkpoint is already met when the lesson reaches it:"
        grep -B1 '^(checkpoint reached)' "$tmp/out" | head -4 | sed 's/^/    /'
    fi
    [ -z "$(ls "$tmp/alone$n")" ] || fail "lesson $n alone wrote $(ls "$tmp/alone$n")"
done

# after: the output of lesson B once it started clean
after() {
    sed -n "/^(lesson $1 starts from a clean session)\$/,\$p" "$tmp/out" | sed 1d
}

if [ -z "$VG" ]; then
    pairs=0
    for a in $numbers; do
        for b in $numbers; do
            d=$tmp/pair$a-$b
            mkdir "$d"
            lrun "$d" -e "lesson $a" -e "lesson $b"
            status "lesson $a, then lesson $b" 0
            pairs=$((pairs + 1))
            if ! after "$b" | cmp -s - "$tmp/alone$b.out"; then
                fail "lesson $b after lesson $a differs from lesson $b alone:"
                after "$b" | diff "$tmp/alone$b.out" - | head -6 | sed 's/^/    /'
            fi
            [ -s "$d/before-lesson-$b.neuron" ] ||
                fail "lesson $a, then $b: lesson $a's work was not saved"
        done
    done
    # the saved work comes back
    # (lesson 9 ends with its 784-10 softmax network: 7,850 parameters)
    lrun "$tmp/pair9-4" -e 'run before-lesson-4.neuron' -e network -e evaluate
    status "run before-lesson-4.neuron (lesson 9's work)" 0
    grep -q 'Total params: 7,850' "$tmp/out" ||
        fail "run before-lesson-4.neuron: lesson 9's network did not come back"
    # a name taken: the next one, nothing overwritten
    lrun "$tmp/pair9-4" -e 'data and' -e 'lesson 4'
    status "lesson 4 again" 0
    [ -s "$tmp/pair9-4/before-lesson-4-2.neuron" ] ||
        fail "lesson 4 again: its work did not go to before-lesson-4-2.neuron"
    grep -q 'Total params' "$tmp/pair9-4/before-lesson-4.neuron.net" 2>/dev/null ||
        grep -q . "$tmp/pair9-4/before-lesson-4.neuron.net" ||
        fail "lesson 4 again: before-lesson-4.neuron.net was lost"
else
    pairs=0
fi

# every lesson in one session, in order and in reverse
set --
for n in $numbers; do set -- "$@" -e "lesson $n"; done
mkdir "$tmp/order"
lrun "$tmp/order" "$@"
status "every lesson in order in one session" 0
set --
for n in $numbers; do set -- -e "lesson $n" "$@"; done
mkdir "$tmp/reverse"
lrun "$tmp/reverse" "$@"
status "every lesson in reverse in one session" 0

# a session that cannot be saved (no file may grow): the lesson does not
# start, and the session keeps its work
mkdir "$tmp/full"
(   # its output through a pipe: no file of the subshell may grow
    ulimit -f 0
    trap '' XFSZ
    cd "$tmp/full" && LC_ALL=C timeout "$T" $VG "$NEURON" --color=never \
        --keep-going -e 'data and' -e 'lesson 1' -e 'data' </dev/null 2>&1
    echo "status $?"
) | cat >"$tmp/out"
rc=$(sed -n 's/^status //p' "$tmp/out")
cp "$tmp/out" "$tmp/err"
status "lesson 1 where nothing can be written" 1
err_has "lesson 1, unwritable" "could not be saved first"
grep -q '^and: 4 samples' "$tmp/out" ||
    fail "lesson 1, unwritable: the session's data was lost"
grep -q '^Lesson 1' "$tmp/out" &&
    fail "lesson 1, unwritable: the lesson started anyway"
[ -z "$(ls "$tmp/full")" ] || fail "lesson 1, unwritable: left $(ls "$tmp/full")"

if [ "$fails" -eq 0 ]; then
    echo "lessons.sh: all passed ($count lessons, $pairs ordered pairs)"
fi
[ "$fails" -eq 0 ]
