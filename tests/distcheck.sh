#!/bin/sh
# distcheck.sh TARBALL - the release tarball of `make dist` stands on its
# own: unpacked in a temporary folder (no .git, so warnings are not
# errors there), it builds with Debian's hardening flags from
# dpkg-buildflags (kept: the binary checks buffers, has a stack protector
# and a read-only relocation table), passes `make test`, and installs
# under a DESTDIR, where the man page names the folders of PREFIX and
# every installed example runs from its installed folder.
# Run by `make distcheck`; slow (a whole build and test run).
set -eu
tarball=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset MAKEFLAGS MFLAGS MAKELEVEL
fail() { echo "distcheck: FAIL: $*"; exit 1; }

cd "$tmp"
tar xzf "$tarball"
cd neuron-*/ || fail "the tarball holds no neuron-VERSION folder"
[ ! -e .git ] || fail "the tarball holds .git"
for f in LICENSE README.md Makefile src/main.c lessons/data/mnist/LICENSE \
         tests/run-all.sh examples/notebook.neuron; do
    [ -f "$f" ] || fail "the tarball lacks $f"
done

# 1. a packager's build: the hardening flags reach the compiler
if command -v dpkg-buildflags >/dev/null 2>&1; then
    CPPFLAGS=$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get CPPFLAGS)
    CFLAGS=$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get CFLAGS)
    LDFLAGS=$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get LDFLAGS)
else
    CPPFLAGS="-Wdate-time -D_FORTIFY_SOURCE=2"
    CFLAGS="-g -O2 -fstack-protector-strong -Wformat -Werror=format-security"
    LDFLAGS="-Wl,-z,relro -Wl,-z,now"
fi
echo "distcheck: make CPPFLAGS='$CPPFLAGS' CFLAGS='$CFLAGS' LDFLAGS='$LDFLAGS'"
make -j2 CPPFLAGS="$CPPFLAGS" CFLAGS="$CFLAGS" LDFLAGS="$LDFLAGS" V=1 \
    >"$tmp/build.log" 2>&1 || { tail -30 "$tmp/build.log"; fail "make"; }
grep -q -- '-D_FORTIFY_SOURCE=2' "$tmp/build.log" || fail "CPPFLAGS were dropped"
grep -q -- '-fstack-protector-strong' "$tmp/build.log" || fail "CFLAGS were dropped"
grep -q -- '-Werror ' "$tmp/build.log" && fail "-Werror in a tarball's build"
if command -v nm >/dev/null 2>&1; then
    nm -D neuron | grep -q '__stack_chk_fail' || fail "no stack protector"
    nm -D neuron | grep -q '_chk' || fail "no fortified calls"
fi
if command -v readelf >/dev/null 2>&1; then
    readelf -l neuron | grep -q GNU_RELRO || fail "no RELRO"
fi
./neuron --version | grep -q "^neuron [0-9]" || fail "--version names no release"

# 2. the tests, with warnings as errors
make -j2 test >"$tmp/test.log" 2>&1 || { tail -30 "$tmp/test.log"; fail "make test"; }
tail -1 "$tmp/test.log"

# 3. installed under a DESTDIR
make install PREFIX=/opt/neuron DESTDIR="$tmp/inst" >"$tmp/install.log" 2>&1 ||
    { tail -20 "$tmp/install.log"; fail "make install"; }
share="$tmp/inst/opt/neuron/share"
man="$share/man/man1/neuron.1"
grep -q '/opt/neuron/share/neuron/lessons' "$man" || fail "the man page does not name PREFIX's lessons"
grep -q '/opt/neuron/share/neuron/examples' "$man" || fail "the man page does not name PREFIX's examples"
grep -q '@[A-Z]*@\|/usr/local' "$man" && fail "the man page has a placeholder or /usr/local left"
[ -f "$share/bash-completion/completions/neuron" ] || fail "no bash completion installed"
NEURON_LESSONS="$share/neuron/lessons"
export NEURON_LESSONS
n=0
for f in "$share"/neuron/examples/*.neuron; do
    (cd "$(dirname "$f")" && "$tmp/inst/opt/neuron/bin/neuron" --width 80 \
        "$(basename "$f")" </dev/null >/dev/null 2>"$tmp/example.err") ||
        { cat "$tmp/example.err"; fail "installed example $(basename "$f")"; }
    # and from another folder, by its path
    (cd "$tmp" && "$tmp/inst/opt/neuron/bin/neuron" --width 80 "$f" \
        </dev/null >/dev/null 2>"$tmp/example.err") ||
        { cat "$tmp/example.err"; fail "installed example $f, run from elsewhere"; }
    n=$((n + 1))
done
[ "$n" -gt 0 ] || fail "no examples installed"
echo "distcheck: $(basename "$tarball") builds with the hardening flags, passes make test, installs, and its $n examples run installed"
