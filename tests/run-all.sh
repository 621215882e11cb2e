#!/bin/sh
# run-all.sh BUILD_DIR - every test of `make test`: the layering check, the
# cmocka unit tests, the golden script tests, the shell tests, and every
# lesson and example (their `expect` lines are the assertions).
# NEURON_VALGRIND=1 runs everything under valgrind, with the binary
# linked to shared libraries (BUILD_DIR/neuron-shared: memcheck cannot
# watch the malloc of the static one).
# Ends with the plain summary line "N passed, N failed".
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
NEURON="$top/$B/neuron"
NEURON_SHARED="$top/$B/neuron-shared"  # for tests that preload a shim
VG=""
if [ -n "$NEURON_VALGRIND" ]; then
    NEURON=$NEURON_SHARED
    VG="valgrind -q --vgdb=no --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite"
fi
export NEURON NEURON_SHARED VG
NEURON_LESSONS="$top/lessons"  # lesson and data mnist find the course
export NEURON_LESSONS
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# 1. layering: the engine includes only engine headers, libc, math, zlib;
# and, in pool.c only, what its worker threads need: pthread.h (threads,
# a lock, a wake-up signal), stdatomic.h (the work ticket), signal.h (the
# workers block every signal, so signals reach the caller's thread) and
# unistd.h (sysconf, for the count of cores); and in net_kernel.c only,
# immintrin.h (the compiler's AVX-512 instructions, x86-64 only). None of
# them does I/O.
bad=$(grep -n '#include' src/engine/*.[ch] | grep -v -E \
  '#include "[a-z_]+\.h"|#include <(assert|ctype|errno|float|limits|math|stddef|stdint|stdlib|string|zlib|stdbool|inttypes|stdalign|cblas)\.h>' |
  grep -v -E '^src/engine/pool\.c:[0-9]+:#include <(pthread|signal|stdatomic|unistd)\.h>' |
  grep -v -E '^src/engine/net_kernel\.c:[0-9]+:#include <immintrin\.h>')
if [ -n "$bad" ]; then fail "layering: $bad"; else pass; fi
if grep -n -E '\b(printf|fprintf|puts|perror|exit)\s*\(' src/engine/*.c; then
    fail "layering: I/O or exit in the engine"
else
    pass
fi

# 2. unit tests
for t in "$B"/tests/test_*; do
    [ -x "$t" ] || continue
    case "$t" in *.d) continue ;; esac
    if $VG "$t" >"$B/tests/$(basename "$t").log" 2>&1; then
        pass
    else
        fail "unit $(basename "$t") (see $B/tests/$(basename "$t").log)"
        tail -20 "$B/tests/$(basename "$t").log"
    fi
done

# 3. golden scripts
if tests/run-scripts.sh "$NEURON"; then pass; else fail "script tests"; fi
# a golden may not hold a missed expect unless missing is what the script
# tests (its name starts expect-, or it says `# misses: expected`): an
# --update must not turn a failing check into the expected output
missed=$(grep -l 'error: expect: .* is .*, expected' tests/scripts/*.err |
    while read -r f; do
        case $(basename "$f") in expect-*) continue ;; esac
        grep -q '^# misses: expected' "${f%.err}.neuron" || echo "$f"
    done)
if [ -z "$missed" ]; then pass; else fail "a golden records a missed expect: $missed"; fi

# 4. shell tests (hostile input, command line, streams)
for t in tests/shell/*.sh; do
    [ -f "$t" ] || continue
    if sh "$t" >"$B/$(basename "$t").log" 2>&1; then
        pass
        grep -E '^(SKIP|NOTE) ' "$B/$(basename "$t").log"  # what was not run
    else
        fail "shell $t (see $B/$(basename "$t").log)"
        tail -20 "$B/$(basename "$t").log"
    fi
done

# 5. every saved fuzz input runs clean with the normal build
for c in tests/fuzz-corpus/*; do  # a corpus without its replay: not run
    [ -x "$B/fuzz/replay_${c##*/}" ] ||
        fail "fuzz corpus ${c##*/}: no $B/fuzz/replay_${c##*/} to replay it"
done
for r in "$B"/fuzz/replay_*; do
    [ -x "$r" ] || continue
    name=${r##*/replay_}
    set -- tests/fuzz-corpus/"$name"/*
    # line_oom replays the line corpus, failing allocations as it goes
    [ "$name" = line_oom ] && set -- tests/fuzz-corpus/line/* \
        $(ls -d tests/fuzz-corpus/line_oom/* 2>/dev/null)
    [ -e "$1" ] || continue
    if $VG "$r" "$@" >"$B/replay_$name.log" 2>&1; then
        pass
    else
        fail "fuzz corpus $name (see $B/replay_$name.log)"
    fi
done

# 6. lessons and examples must run clean: every expect holds
for f in lessons/*.neuron examples/*.neuron; do
    [ -f "$f" ] || continue
    if (cd "$(dirname "$f")" && $VG "$NEURON" --color=never --width 80 \
            "$(basename "$f")" </dev/null >/dev/null 2>"$top/$B/lesson.err"); then
        pass
    else
        fail "$f"
        cat "$B/lesson.err"
    fi
done

# 7. the JSON mode (python3's standard library), and the Jupyter kernel
# and every lesson as an executed notebook when Debian's Jupyter is there
# (python3-ipykernel, python3-jupyter-client, jupyter-nbconvert); the
# kernelspec goes into a temporary Jupyter folder, never the user's.
PY=/usr/bin/python3
if [ -x "$PY" ]; then
    if $PY tests/kernel/test_json.py "$NEURON" >"$B/json.log" 2>&1; then
        pass
    else
        fail "json mode (see $B/json.log)"; tail -20 "$B/json.log"
    fi
else
    echo "note: $PY not found: the JSON mode tests are skipped"
fi
if [ -z "$NEURON_VALGRIND" ] && [ -x "$PY" ] && command -v jupyter >/dev/null \
   && $PY -c 'import ipykernel, jupyter_client, nbformat, nbconvert' \
        2>/dev/null; then
    jtmp=$(mktemp -d)
    src/front/install-kernel.sh "$jtmp/data/kernels/neuron" "$NEURON" "$PY" \
        >/dev/null
    if (export JUPYTER_PATH="$jtmp/data" JUPYTER_DATA_DIR="$jtmp/data" \
            JUPYTER_CONFIG_DIR="$jtmp/config" \
            JUPYTER_RUNTIME_DIR="$jtmp/run" IPYTHONDIR="$jtmp/ipython"
        $PY tests/kernel/test_kernel.py >"$B/kernel.log" 2>&1 &&
        tests/kernel/notebooks.sh "$NEURON" >"$B/notebooks.log" 2>&1); then
        pass
        grep -h "start-up" "$B/kernel.log"
    else
        fail "jupyter kernel (see $B/kernel.log, $B/notebooks.log)"
        tail -n 20 "$B/kernel.log" "$B/notebooks.log"
    fi
    rm -rf "$jtmp"
elif [ -z "$NEURON_VALGRIND" ]; then
    echo "note: Jupyter not found (apt-get install python3-ipykernel" \
         "python3-jupyter-client jupyter-nbconvert): the kernel tests are" \
         "skipped"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
