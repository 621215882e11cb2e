#!/bin/sh
# makefile.sh - the Makefile keeps a packager's flags (CPPFLAGS, CFLAGS,
# LDFLAGS reach every compile and link), makes warnings errors only where
# asked (WERROR=1: a git checkout, and `make test`), and fills PREFIX's
# folders and the version into the man page; checked with `make -n` and
# by building the man page alone, so nothing is compiled. The tarball
# itself is checked by `make distcheck` (tests/distcheck.sh), by hand.
# Run by tests/run-all.sh.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
unset MAKEFLAGS MFLAGS MAKELEVEL
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# the compile and link lines of a build from scratch in $tmp/b
joined() { sed -e ':a' -e '/\\$/N' -e 's/\\\n//' -e 'ta'; }
lines() {
    make -n -B B="$tmp/b" "$@" "$tmp/b/neuron" 2>/dev/null | joined
}
out=$(lines CPPFLAGS=-DMAKEFILE_SH_CPP CFLAGS="-O1 -DMAKEFILE_SH_C" \
    LDFLAGS=-Wl,-z,relro)
cc=$(printf '%s\n' "$out" | grep -c -- ' -c src/')
[ "$cc" -gt 10 ] || fail "make -n shows no compile lines"
[ "$(printf '%s\n' "$out" | grep -- ' -c src/' | grep -c -- -DMAKEFILE_SH_CPP)" = "$cc" ] ||
    fail "CPPFLAGS does not reach every compile"
[ "$(printf '%s\n' "$out" | grep -- ' -c src/' | grep -c -- -DMAKEFILE_SH_C)" = "$cc" ] ||
    fail "CFLAGS does not reach every compile"
printf '%s\n' "$out" | grep -- "-o $tmp/b/neuron " | grep -q -- -Wl,-z,relro ||
    fail "LDFLAGS does not reach the link"
printf '%s\n' "$out" | grep -- ' -c src/' | grep -q -- '-Wall' ||
    fail "the warnings were lost with CFLAGS set"
# warnings are errors in a git checkout, unless WERROR=0
if [ -e .git ]; then
    printf '%s\n' "$out" | grep -- ' -c src/' | grep -q -- '-Werror' ||
        fail "no -Werror in a git checkout's build"
fi
lines WERROR=0 | grep -- ' -c src/' | grep -q -- '-Werror' &&
    fail "-Werror with WERROR=0"
lines WERROR=1 | grep -- ' -c src/' | grep -q -- '-Werror' ||
    fail "no -Werror with WERROR=1"
# `make test` compiles with -Werror even where WERROR is 0 by default (a
# tarball; here WERROR=0 from the environment stands for that default)
WERROR=0 make -n -B B="$tmp/b" test 2>/dev/null | joined | grep -- ' -c src/' |
    grep -q -- '-Werror' || fail "make test does not build with -Werror"

# the link: one static PIE when the compiler finds every archive (the
# start-up, issue 16); shared libraries with STATIC_LIBS=0, and always
# for neuron-shared (valgrind, the preloaded shims)
have_all=1
for f in libreadline.a libtinfo.a libz.a libc.a libm.a rcrt1.o; do
    case $(cc -print-file-name=$f 2>/dev/null) in
    /*) ;;
    *) have_all=0 ;;
    esac
done
# (STATIC_LIBS=1 given: make sanitize exports its STATIC_LIBS=0 to us)
link=$(lines STATIC_LIBS=1 | grep -- "-o $tmp/b/neuron ")
if [ $have_all = 1 ]; then
    printf '%s\n' "$link" | grep -q -- -static-pie ||
        fail "neuron is not linked as a static PIE, though every archive is there"
fi
lines STATIC_LIBS=0 | grep -- "-o $tmp/b/neuron " | grep -q -e -static -e -Bstatic &&
    fail "STATIC_LIBS=0 still links something statically"
make -n -B B="$tmp/b" "$tmp/b/neuron-shared" 2>/dev/null | joined |
    grep -- "-o $tmp/b/neuron-shared " | grep -q -e -static -e -Bstatic &&
    fail "neuron-shared links something statically"
make -n -B B="$tmp/b" "$tmp/b/neuron-shared" 2>/dev/null | joined |
    grep -q -- "-o $tmp/b/neuron-shared " || fail "no link line for neuron-shared"

# the man page as installed: PREFIX's folders, the Makefile's version
grep -q '/usr/local' src/front/neuron.1 &&
    fail "src/front/neuron.1 names /usr/local instead of @LESSONDIR@"
make -s B="$tmp/m" PREFIX=/opt/nn "$tmp/m/neuron.1" >/dev/null 2>&1 ||
    fail "make \$(B)/neuron.1 failed"
version=$(sed -n 's/^VERSION := //p' Makefile)
if [ -f "$tmp/m/neuron.1" ]; then
    grep -q '^\.I /opt/nn/share/neuron/lessons$' "$tmp/m/neuron.1" ||
        fail "the installed man page does not name /opt/nn/share/neuron/lessons"
    grep -q '/opt/nn/share/neuron/examples' "$tmp/m/neuron.1" ||
        fail "the installed man page does not name the examples folder"
    grep -q "\"neuron $version\"" "$tmp/m/neuron.1" ||
        fail "the installed man page does not carry version $version"
    grep -q '@[A-Z]*@' "$tmp/m/neuron.1" && fail "a placeholder is left in the man page"
fi
# --version names the release the Makefile sets
"${NEURON:-./neuron}" --version | grep -q "^neuron $version\$" ||
    fail "--version does not print 'neuron $version'"
[ -f LICENSE ] && grep -q 'MIT License' LICENSE || fail "no MIT LICENSE at the top"

if [ "$fails" -eq 0 ]; then
    echo "makefile.sh: all passed"
fi
[ "$fails" -eq 0 ]
