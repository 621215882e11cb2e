#!/bin/sh
# options.sh - the command-line options come from one source: the table
# option_rows in src/main.c. --help, the man page (src/front/neuron.1) and
# the bash completion (src/front/neuron.bash) must each list every option
# of the table and nothing else, and the parser must take every one. The
# completion must insert `--color=` (no backslash, no space after it) and
# complete its values; on a real bash (tmux) too, when tmux is installed.
# Run by tests/run-all.sh with $NEURON.
set -u
: "${NEURON:?NEURON must name the neuron binary}"
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
tmp=$(mktemp -d) || exit 1
printf 'say a lesson\n' >"$tmp/lesson.neuron"  # for --notebook
sock=nnopt$$
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# the table: { "NAME", ... rows between option_rows[] and its };
sed -n '/^static const option_row option_rows\[\] = {/,/^};/p' src/main.c |
    grep -o '^ *{ "-[^"]*"' | sed 's/^ *{ "//; s/"$//' | sort >"$tmp/table"
[ "$(wc -l <"$tmp/table")" -ge 10 ] || fail "found no option table in src/main.c"

# --help: the first word of each "  -..." line, --color=WHEN as --color=
"$NEURON" --help | grep '^  -' | awk '{ print $1 }' |
    sed 's/=.*/=/' | sort >"$tmp/help"

# the man page: the line after each .TP of OPTIONS, its first word
sed -n '/^\.SH OPTIONS/,/^\.SH /p' src/front/neuron.1 |
    awk 'prev == ".TP" { print $2 } { prev = $0 }' |
    sed 's/\\-/-/g; s/=.*/=/; s/"//g' | sort >"$tmp/man"

# the bash completion: the words of `local opts="..."`
sed -n '/local opts="/,/"$/p' src/front/neuron.bash |
    sed 's/.*opts="//; s/"$//' | tr -s ' \t' '\n\n' | grep . | sort >"$tmp/bash"

for where in help man bash; do
    if ! cmp -s "$tmp/table" "$tmp/$where"; then
        fail "the options of $where differ from the table in src/main.c" \
             "(< table, > $where):"
        diff "$tmp/table" "$tmp/$where" | grep '^[<>]'
    fi
done

# the parser takes every row (with a value where the row has one), and
# still stops at --version
while read -r name; do
    case $name in
        -e) set -- -e 'sigmoid(0)' ;;
        --color=) set -- --color=never ;;
        --width) set -- --width 80 ;;
        --spacing) set -- --spacing 2 ;;
        --type-delay) set -- --type-delay 10 ;;
        --allow-write) set -- --allow-write "$tmp" ;;
        --notebook) set -- --notebook "$tmp/lesson.neuron" ;;
        *) set -- "$name" ;;
    esac
    [ "$name" = --help ] || set -- "$@" --version
    "$NEURON" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null ||
        fail "the parser refuses '$*': $(cat "$tmp/err")"
done <"$tmp/table"
"$NEURON" --nosuch >/dev/null 2>&1
[ $? -eq 2 ] || fail "an unknown option is not a usage error (status 2)"

# the completion function, called as bash calls it
if command -v bash >/dev/null 2>&1; then
    got=$(bash -c '
        . src/front/neuron.bash
        t() { COMP_LINE=$1; COMP_POINT=${#1}; _neuron; echo "$1|${COMPREPLY[*]}"; }
        t "neuron --col"
        t "neuron --color="
        t "neuron --color=al"
        COMP_WORDBREAKS=" "; t "neuron --color=ne"
        t "neuron --type"
        t "neuron --allow"
        t "neuron --width "
    ' 2>&1)
    want='neuron --col|--color=
neuron --color=|auto always never
neuron --color=al|always
neuron --color=ne|--color=never
neuron --type|--type-delay
neuron --allow|--allow-write
neuron --width |'
    [ "$got" = "$want" ] || { fail "bash completion:"; echo "$got"; }
fi

# a real bash on a terminal: `neuron --col` Tab shows `--color=`, not
# `--color\=`, and the cursor stays after the '='
if command -v tmux >/dev/null 2>&1 && command -v bash >/dev/null 2>&1; then
    tm() { tmux -L "$sock" -f /dev/null "$@"; }
    printf 'PS1="$ "\n. %s/src/front/neuron.bash\n' "$top" >"$tmp/rc"
    tm new-session -d -s c -x 80 -y 10 "bash --noprofile --rcfile $tmp/rc -i"
    sleep 0.5
    tm send-keys -t c -l 'neuron --col'
    tm send-keys -t c Tab
    tm send-keys -t c -l 'X'
    i=0
    until tm capture-pane -p -t c | grep -q 'neuron --col.*X'; do
        i=$((i + 1))
        [ "$i" -lt 50 ] || break
        sleep 0.1
    done
    screen=$(tm capture-pane -p -t c)
    printf '%s\n' "$screen" | grep -q 'neuron --color=X' ||
        { fail "Tab after 'neuron --col' in bash:"; printf '%s\n' "$screen" | grep neuron; }
    tm kill-server 2>/dev/null
fi

if [ "$fails" -eq 0 ]; then
    echo "options.sh: all passed ($(wc -l <"$tmp/table") options)"
fi
[ "$fails" -eq 0 ]
