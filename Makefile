# neuron - an interactive teaching REPL for artificial neurons.
# Plain GNU make, not recursive, -j safe. `make` builds ./neuron, `make test`
# runs every test, `make run` starts the REPL. Quiet unless V=1.

# The release, in this one place: --version, the REPL's banner, the man
# page and the tarball of `make dist` all take it from here.
VERSION := 0.1.0

# The user's (and a packager's) flags are kept: CPPFLAGS, CFLAGS and
# LDFLAGS all reach the compiler (Debian's hardening: CPPFLAGS
# -D_FORTIFY_SOURCE=2, CFLAGS -fstack-protector-strong, LDFLAGS -z relro).
CC      ?= cc
CFLAGS  ?= -O2 -g
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR  ?= $(DATADIR)/man
NEURONDIR ?= $(DATADIR)/neuron
LESSONDIR ?= $(NEURONDIR)/lessons
# beside the lessons: examples/notebook.neuron reads ../lessons/data/darn.csv
EXAMPLEDIR ?= $(NEURONDIR)/examples

# Warnings are errors in development and CI (a git checkout, and `make
# test` anywhere), not in a release tarball's build, where a newer
# compiler's new warning must not stop a packager: WERROR=0 or 1 to choose.
ifeq ($(wildcard .git),)
WERROR ?= 0
else
WERROR ?= 1
endif
WARN = -Wall -Wextra -Wshadow -Wpointer-arith -Wcast-qual \
       -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla \
       $(if $(filter 1,$(WERROR)),-Werror)
STD  = -std=c11 -D_XOPEN_SOURCE=700 -ffp-contract=off  # printed sums = computed
DEPFLAGS = -MMD -MP

# Libraries, through pkg-config when it knows them.
PKGS := readline zlib
RL_LIBS := $(shell pkg-config --libs readline 2>/dev/null || echo -lreadline)
Z_LIBS  := $(shell pkg-config --libs zlib 2>/dev/null || echo -lz)
CMOCKA_CFLAGS := $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)
# Optional CBLAS for the network's matrix products (src/engine/net_kernel.c):
# `make BLAS=1` uses OpenBLAS (or another CBLAS) when pkg-config finds it.
# The plain C kernels are always built and tested against it; they are the
# default, as fast here and the same bits on every machine. (After
# switching, make clean: the flags are not tracked.)
BLAS ?= 0
ifeq ($(BLAS),1)
BLAS_PKG := $(firstword $(foreach p,openblas cblas,\
              $(shell pkg-config --exists $(p) 2>/dev/null && echo $(p))))
endif
ifneq ($(BLAS_PKG),)
BLAS_CFLAGS := -DNN_HAVE_CBLAS $(shell pkg-config --cflags $(BLAS_PKG))
BLAS_LIBS   := $(shell pkg-config --libs $(BLAS_PKG))
endif
# Start-up: mapping and relocating libc, libm and the libraries was
# 1.4 ms of the 3.3 ms `neuron -e 'sigmoid(0)'` took, with /bin/true at
# 1.9 ms (issue 16). So neuron is linked as one static PIE when the
# compiler finds the archives (Debian's libc6-dev and the -dev packages
# of readline, tinfo and zlib ship them): nothing to load at start, and
# a PIE's address randomisation kept. readline's lookups of users (for
# `~name`) are then answered by src/front/passwd.c. Failing that (and
# with BLAS=1), readline, tinfo and zlib alone are linked in from their
# archives. STATIC_LIBS=0 links everything to shared libraries, as
# `make sanitize` must (ASan is not static), and as $(B)/neuron-shared
# is, for valgrind (memcheck cannot watch a static malloc) and for the
# tests that preload a shim.
STATIC_LIBS ?= 1
static_a = $(filter /%,$(shell $(CC) -print-file-name=lib$(1).a 2>/dev/null))
static_pie := $(filter /%,$(shell $(CC) -print-file-name=rcrt1.o 2>/dev/null))
SHARED_LIBS := $(RL_LIBS) $(Z_LIBS)
ifeq ($(STATIC_LIBS),1)
ifneq ($(and $(call static_a,readline),$(call static_a,tinfo),$(call static_a,z)),)
ifneq ($(and $(static_pie),$(call static_a,c),$(call static_a,m),$(if $(BLAS_PKG),,1)),)
NEURON_LDFLAGS := -static-pie
NEURON_LIBS := -lreadline -ltinfo -lz
else
NEURON_LIBS := -Wl,-Bstatic -lreadline -ltinfo -lz -Wl,-Bdynamic
endif
endif
endif
NEURON_LIBS ?= $(SHARED_LIBS)
# -pthread: the worker threads of src/engine/pool.c
LIBS = $(NEURON_LIBS) $(BLAS_LIBS) -lm -pthread

ifeq ($(V),1)
Q :=
else
Q := @
endif

B ?= build
ENGINE_SRC := $(sort $(wildcard src/engine/*.c))
INTERP_SRC := $(sort $(wildcard src/interp/*.c))
FRONT_SRC  := $(sort $(wildcard src/front/*.c)) src/main.c
CORE_OBJ   := $(patsubst src/%.c,$(B)/%.o,$(ENGINE_SRC) $(INTERP_SRC))
ENGINE_OBJ := $(patsubst src/%.c,$(B)/%.o,$(ENGINE_SRC))
FRONT_OBJ  := $(patsubst src/%.c,$(B)/%.o,$(FRONT_SRC))
UNIT_SRC   := $(sort $(wildcard tests/test_*.c))
UNIT_BIN   := $(patsubst tests/%.c,$(B)/tests/%,$(UNIT_SRC))
# The fuzz targets (tests/fuzz/fuzz_NAME.c), and their replay with the
# normal build: defined before the rules that need them (make expands a
# rule's prerequisites as it reads it).
FUZZ_TARGETS := number csv idx net line line_oom
REPLAY_BIN := $(patsubst %,$(B)/fuzz/replay_%,$(FUZZ_TARGETS))

.PHONY: all run test check unit scripts lessons layering sanitize valgrind \
        bench clean install uninstall deps golden fuzz install-kernel \
        install-kernel-user dist distcheck

all: neuron

neuron: $(B)/neuron
	$(Q)cp $< $@.tmp && mv -f $@.tmp $@

$(B)/neuron: $(CORE_OBJ) $(FRONT_OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $(NEURON_LDFLAGS) -o $@ $^ $(LIBS)

# the same objects linked to shared libraries (see STATIC_LIBS)
$(B)/neuron-shared: $(CORE_OBJ) $(FRONT_OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(SHARED_LIBS) $(BLAS_LIBS) \
	    -lm -pthread

$(B)/%.o: src/%.c | deps
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(STD) $(CPPFLAGS) $(WARN) $(CFLAGS) $(BLAS_CFLAGS) \
	    -DNEURON_VERSION='"$(VERSION)"' -DNEURON_LESSONDIR='"$(LESSONDIR)"' \
	    $(DEPFLAGS) -c $< -o $@

$(B)/tests/%: tests/%.c $(CORE_OBJ) tests/testutil.h | deps
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(STD) $(CPPFLAGS) $(WARN) $(CFLAGS) $(CMOCKA_CFLAGS) -Isrc \
	    $(DEPFLAGS) \
	    $(LDFLAGS) -o $@ $< $(CORE_OBJ) $(CMOCKA_LIBS) $(Z_LIBS) \
	    $(BLAS_LIBS) -lm -pthread

# The objects that take VERSION and LESSONDIR (-D above) follow changes
# to them in this file.
$(patsubst src/%.c,$(B)/%.o,src/main.c src/front/repl.c \
    src/interp/cmd_lesson.c src/interp/cmd_mnist.c src/interp/files.c): Makefile

run: all
	./neuron

# ---- dependencies: installed when root on Debian/Ubuntu, else named ----
DEB_PKGS := libreadline-dev zlib1g-dev libcmocka-dev pkg-config
deps:
	@missing=""; \
	for p in readline zlib cmocka; do \
	  pkg-config --exists $$p 2>/dev/null || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "neuron: missing libraries:$$missing"; \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "  installing: apt-get install -y $(DEB_PKGS)"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	     apt-get install -y -qq $(DEB_PKGS) >/dev/null) || exit 1; \
	  else \
	    echo "  run as root: apt-get install -y $(DEB_PKGS)"; exit 1; \
	  fi; \
	fi

# ---- tests ----
# `make test` builds with warnings as errors, even from a tarball
test check: WERROR := 1
test check: $(B)/neuron $(B)/neuron-shared $(UNIT_BIN) $(REPLAY_BIN)
	$(Q)tests/run-all.sh $(B)

unit: $(UNIT_BIN)
	$(Q)for t in $(UNIT_BIN); do $$t || exit 1; done

golden: $(B)/neuron
	$(Q)tests/run-scripts.sh $(CURDIR)/$(B)/neuron --update

SAN = -fsanitize=address,undefined -fno-sanitize-recover=all
sanitize:
	$(Q)$(MAKE) --no-print-directory B=build-san STATIC_LIBS=0 \
	    CFLAGS="-O1 -g $(SAN) -fno-omit-frame-pointer" LDFLAGS="$(SAN)" test

# the suite runs $(B)/neuron-shared under valgrind (run-all.sh)
valgrind: $(B)/neuron-shared $(UNIT_BIN) $(REPLAY_BIN)
	$(Q)NEURON_VALGRIND=1 tests/run-all.sh $(B)

$(B)/bench: tests/bench.c $(ENGINE_OBJ) | deps
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(STD) $(CPPFLAGS) $(WARN) $(CFLAGS) -Isrc $(DEPFLAGS) \
	    $(LDFLAGS) -o $@ $< $(ENGINE_OBJ) $(Z_LIBS) $(BLAS_LIBS) -lm -pthread

bench: all $(B)/bench
	$(Q)tests/bench.sh $(B)

# ---- fuzzing (clang's libFuzzer) ----
# `make fuzz` runs each target for FUZZ_TIME seconds on its corpus in
# tests/fuzz-corpus/NAME, keeping new inputs and crashes there; `make test`
# replays every saved input with the normal build.
FUZZ_TIME ?= 60
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined \
             -fno-sanitize-recover=all
FUZZ_BIN := $(patsubst %,build-fuzz/fuzz_%,$(FUZZ_TARGETS))

# The line target: comparisons are not traced (the numeric loops of
# training and plotting spent half its time there) and the command words
# come from a dictionary instead; inputs of at most 512 bytes, a few
# commands each, keep it near 2,000 runs a second under ASan.
# line_oom is the same with allocations failing, on the line corpus.
FUZZ_EXTRA_line = -fno-sanitize-coverage=trace-cmp
FUZZ_EXTRA_line_oom = $(FUZZ_EXTRA_line)
FUZZ_RUN_line = -max_len=512 -dict=tests/fuzz/line.dict
FUZZ_RUN_DEFAULT = -max_len=4096

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(ENGINE_SRC) $(INTERP_SRC) | deps
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	$(Q)clang $(STD) $(FUZZ_FLAGS) $(FUZZ_EXTRA_$*) -Isrc \
	    -DNEURON_VERSION='"$(VERSION)"' \
	    -DNEURON_LESSONDIR='"$(LESSONDIR)"' -o $@ $< $(ENGINE_SRC) \
	    $(INTERP_SRC) $(Z_LIBS) -lm -pthread
build-fuzz/fuzz_line_oom $(B)/fuzz/replay_line_oom: tests/fuzz/fuzz_line.c

fuzz: $(FUZZ_BIN)
	$(Q)for t in $(FUZZ_TARGETS); do \
	  mkdir -p tests/fuzz-corpus/$$t build-fuzz/new-$$t; \
	  echo "  fuzzing $$t for $(FUZZ_TIME) s"; \
	  seeds=tests/fuzz-corpus/$$t; opts="$(FUZZ_RUN_DEFAULT)"; \
	  case $$t in line) opts="$(FUZZ_RUN_line)";; \
	    line_oom) opts="$(FUZZ_RUN_line)"; seeds=tests/fuzz-corpus/line;; \
	  esac; \
	  build-fuzz/fuzz_$$t -max_total_time=$(FUZZ_TIME) $$opts \
	    -artifact_prefix=tests/fuzz-corpus/$$t/ -print_final_stats=1 \
	    build-fuzz/new-$$t $$seeds >build-fuzz/$$t.log 2>&1; \
	  rc=$$?; \
	  grep -E "number_of_executed_units|DONE|ERROR" build-fuzz/$$t.log \
	    | tail -2; \
	  [ $$rc -eq 0 ] || { echo "fuzz $$t failed: see build-fuzz/$$t.log"; \
	                     exit 1; }; \
	done

$(B)/fuzz/replay_%: tests/fuzz/replay.c tests/fuzz/fuzz_%.c $(CORE_OBJ) | deps
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	$(Q)$(CC) $(STD) $(CPPFLAGS) $(WARN) $(CFLAGS) -Isrc $(LDFLAGS) -o $@ \
	    tests/fuzz/replay.c tests/fuzz/fuzz_$*.c $(CORE_OBJ) $(LIBS)

clean:
	rm -rf build build-san build-fuzz neuron neuron-*.tar.gz

# ---- install ----
COMPDIR ?= $(DATADIR)/bash-completion/completions
# The Jupyter kernel (src/front/neuron_kernel.py, on Debian's
# python3-ipykernel): `make install-kernel` puts its kernelspec under
# PREFIX for the installed neuron; `make install-kernel-user` into the
# user's Jupyter folder ($JUPYTER_DATA_DIR, else ~/.local/share/jupyter),
# running this tree's ./neuron. `make install` adds it when Jupyter is
# there.
PYTHON ?= /usr/bin/python3
KERNELDIR ?= $(DATADIR)/jupyter/kernels/neuron
USER_KERNELDIR ?= $(or $(JUPYTER_DATA_DIR),$(HOME)/.local/share/jupyter)/kernels/neuron
HAVE_JUPYTER = $(shell $(PYTHON) -c 'import ipykernel' 2>/dev/null && echo 1)

install-kernel:
	$(Q)src/front/install-kernel.sh $(DESTDIR)$(KERNELDIR) $(BINDIR)/neuron \
	    $(PYTHON)

install-kernel-user: all
	$(Q)src/front/install-kernel.sh $(USER_KERNELDIR) $(CURDIR)/neuron $(PYTHON)

# The man page as installed: the version and the folders filled in.
$(B)/neuron.1: src/front/neuron.1 Makefile
	@mkdir -p $(dir $@)
	$(Q)sed -e 's|@VERSION@|$(VERSION)|g' -e 's|@LESSONDIR@|$(LESSONDIR)|g' \
	    -e 's|@EXAMPLEDIR@|$(EXAMPLEDIR)|g' -e 's|@DATADIR@|$(DATADIR)|g' \
	    $< >$@.tmp && mv -f $@.tmp $@

install: all $(B)/neuron.1
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LESSONDIR)/data/mnist \
	    $(DESTDIR)$(EXAMPLEDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(COMPDIR)
	install -m 755 neuron $(DESTDIR)$(BINDIR)/neuron
	install -m 644 lessons/*.neuron $(DESTDIR)$(LESSONDIR)/
	install -m 644 lessons/data/*.csv $(DESTDIR)$(LESSONDIR)/data/
	install -m 644 lessons/data/mnist/* $(DESTDIR)$(LESSONDIR)/data/mnist/
	install -m 644 examples/*.neuron examples/*.csv $(DESTDIR)$(EXAMPLEDIR)/
	install -m 644 $(B)/neuron.1 $(DESTDIR)$(MANDIR)/man1/neuron.1
	install -m 644 src/front/neuron.bash $(DESTDIR)$(COMPDIR)/neuron
	$(Q)if [ -n "$(HAVE_JUPYTER)" ]; then $(MAKE) --no-print-directory \
	    install-kernel; else echo "Jupyter (python3-ipykernel) not found:" \
	    "the neuron kernel is not installed"; fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/neuron $(DESTDIR)$(MANDIR)/man1/neuron.1 \
	    $(DESTDIR)$(COMPDIR)/neuron
	rm -rf $(DESTDIR)$(LESSONDIR) $(DESTDIR)$(EXAMPLEDIR) $(DESTDIR)$(KERNELDIR)
	-rmdir $(DESTDIR)$(NEURONDIR) 2>/dev/null

# ---- release ----
# `make dist`: neuron-VERSION.tar.gz, the committed tree (git archive of
# HEAD; commit first). `make distcheck`: unpacks it in a temporary folder,
# builds it and runs `make test` there, then installs it under a
# temporary DESTDIR and runs the installed examples (slow: a full build
# and test run).
DIST := neuron-$(VERSION)
dist:
	@git rev-parse --git-dir >/dev/null 2>&1 || \
	    { echo "make dist: needs the git checkout (git archive HEAD)"; exit 1; }
	@git diff --quiet HEAD -- || \
	    echo "make dist: note: uncommitted changes are not in the tarball"
	$(Q)git archive --format=tar --prefix=$(DIST)/ HEAD | gzip -9 -n \
	    >$(DIST).tar.gz.tmp && mv -f $(DIST).tar.gz.tmp $(DIST).tar.gz
	@echo "  DIST    $(DIST).tar.gz"

distcheck: dist
	$(Q)tests/distcheck.sh $(DIST).tar.gz

-include $(CORE_OBJ:.o=.d) $(FRONT_OBJ:.o=.d) $(UNIT_BIN:=.d) $(B)/bench.d
