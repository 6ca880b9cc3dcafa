# creditline - build, test, install.
#
#   make            library, CLI (build/creditline)
#   make check      the quick stages: unit suites, CLI cases, docs that run
#   make test       unit + CLI tests and fuzz replays, then again under
#                   ASan+UBSan; I/O faults, valgrind, ThreadSanitizer,
#                   pages in headless Chromium
#   make eval       measure extraction and findings on ../shared/devdata
#                   (DEVDATA=, CREDITLINE=, EVAL_FLAGS=--verbose; eval/README.md)
#   make install    PREFIX=/usr/local DESTDIR=
#   make clean

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
CC      ?= cc
PKGS    := libpcre2-8 libarchive libxml-2.0 jansson yajl yaml-0.1
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS))
# The command alone also serves the editors' page (libmicrohttpd).
CLI_LIBS   := $(shell pkg-config --libs libmicrohttpd)

WARN    := -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Werror
CFLAGS  ?= -O2 -g
SANFLAGS ?=
ALL_CFLAGS := $(WARN) $(CFLAGS) $(SANFLAGS) -D_POSIX_C_SOURCE=200809L \
              -D_DEFAULT_SOURCE -Iinclude -Isrc $(PKG_CFLAGS)
LDLIBS  := $(PKG_LIBS) -lpthread

LIB_SRC := $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRC)) $(BUILD)/obj/rules_embedded.o
RULES   := $(sort $(wildcard rules/*.yaml))
TESTS   := $(patsubst tests/%.c,$(BUILD)/tests/%,$(wildcard tests/test_*.c))

.PHONY: all check test unit cli-test doc-test asan install clean bench fuzz eval
all: $(BUILD)/creditline

$(BUILD)/obj/%.o: src/%.c include/creditline.h $(wildcard src/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Default rules are compiled into the library so the binary is self-contained.
$(BUILD)/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 -o $@ $<
$(BUILD)/rules_embedded.c: $(BUILD)/embed $(RULES)
	$(BUILD)/embed $(RULES) > $@.tmp && mv $@.tmp $@
$(BUILD)/obj/rules_embedded.o: $(BUILD)/rules_embedded.c src/internal.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libcreditline.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

# The page of `creditline serve`, embedded like the rules.
ASSETS  := $(sort $(wildcard src/cli/page/*))
CLI_SRC := src/main.c $(wildcard src/cli/*.c)
$(BUILD)/serve_assets.c: $(BUILD)/embed $(ASSETS)
	$(BUILD)/embed -a $(ASSETS) > $@.tmp && mv $@.tmp $@

# The command is a client of the library: it sees include/ and src/cli/
# only, never src/.
$(BUILD)/creditline: $(CLI_SRC) src/cli/cli.h include/creditline.h $(BUILD)/serve_assets.c $(BUILD)/libcreditline.a
	$(CC) $(WARN) $(CFLAGS) $(SANFLAGS) -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	  -Iinclude -Isrc/cli -o $@ $(CLI_SRC) $(BUILD)/serve_assets.c \
	  $(BUILD)/libcreditline.a $(LDLIBS) $(CLI_LIBS)

$(BUILD)/tests/%: tests/%.c tests/testutil.h $(BUILD)/libcreditline.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -o $@ $< $(BUILD)/libcreditline.a $(LDLIBS) -lcunit

unit: $(TESTS) $(BUILD)/creditline
	@sh tests/run-unit.sh $(TESTS)

cli-test: $(BUILD)/creditline
	@sh tests/cli/run.sh $(BUILD)/creditline

# Every sh/console block of README.md and docs/*.md runs (tests/doctest.sh).
doc-test: $(BUILD)/creditline
	@sh tests/doctest.sh $(BUILD)/creditline

# The quick stages, for the edit-build-test loop; `make test` runs them too.
check: unit cli-test doc-test

# Stages: plain build; ASan+UBSan build; fault injection, valgrind and
# ThreadSanitizer (docs/security.md).  The last line counts the stages.
ASAN_MAKE := $(MAKE) --no-print-directory BUILD=build/asan \
  CFLAGS="-O1 -g -fno-omit-frame-pointer" \
  SANFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all"
test:
	@sh tests/run-stages.sh \
	  '$(MAKE) --no-print-directory unit cli-test doc-test fuzz-replay' \
	  '$(ASAN_MAKE) unit cli-test fuzz-replay' \
	  '$(MAKE) --no-print-directory faults-test' \
	  '$(MAKE) --no-print-directory valgrind-test' \
	  '$(MAKE) --no-print-directory tsan-test' \
	  '$(MAKE) --no-print-directory browser-test'

install: $(BUILD)/creditline $(BUILD)/libcreditline.a
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include
	install -m 755 $(BUILD)/creditline $(DESTDIR)$(PREFIX)/bin/creditline
	install -m 644 $(BUILD)/libcreditline.a $(DESTDIR)$(PREFIX)/lib/libcreditline.a
	install -m 644 include/creditline.h $(DESTDIR)$(PREFIX)/include/creditline.h

clean:
	rm -rf build

# A measurement on the development corpus, not a test (eval/README.md).
DEVDATA    ?= ../shared/devdata
CREDITLINE ?= $(BUILD)/creditline
EVAL_FLAGS ?=
eval: $(BUILD)/creditline
	@python3 tools/eval.py --devdata '$(DEVDATA)' --creditline '$(CREDITLINE)' $(EVAL_FLAGS)

# Benchmark against ripgrep and licensecheck (not a test; docs/performance.md).
$(BUILD)/gencorpus: bench/gencorpus.c src/internal.h $(BUILD)/obj/util.o
	$(CC) $(ALL_CFLAGS) -o $@ bench/gencorpus.c $(BUILD)/obj/util.o
bench: $(BUILD)/creditline $(BUILD)/gencorpus
	CREDITLINE=$(BUILD)/creditline GENCORPUS=$(BUILD)/gencorpus bash bench/run.sh

# ------------------------------------------ hostile input (docs/security.md)
#   make fuzz                 libFuzzer targets in build/fuzz/ (clang)
#   make fuzz-run SECONDS=N   each target N seconds from tests/fuzz/corpus/;
#                             crashes land in build/fuzz/crashes/TARGET/
#   make fuzz-replay          corpora and saved crashes through the targets
#                             built with $(CC) (part of `make test`)
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_CC ?= clang
SECONDS ?= 60
.PHONY: fuzz-targets fuzz-run fuzz-replay faults-test valgrind-test tsan-test browser-test

fuzz:
	$(MAKE) --no-print-directory BUILD=build/fuzz CC=$(FUZZ_CC) \
	  CFLAGS="-O1 -g -fno-omit-frame-pointer" \
	  SANFLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" \
	  fuzz-targets
fuzz-targets: $(patsubst %,$(BUILD)/fuzz_%,$(FUZZ_TARGETS))
$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(BUILD)/libcreditline.a
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(BUILD)/libcreditline.a $(LDLIBS)

fuzz-run: fuzz
	@rc=0; for t in $(FUZZ_TARGETS); do \
	  mkdir -p build/fuzz/corpus/$$t build/fuzz/crashes/$$t; \
	  echo "fuzz: $$t for $(SECONDS)s"; \
	  build/fuzz/fuzz_$$t -max_total_time=$(SECONDS) -timeout=10 -max_len=65536 \
	    -print_final_stats=1 -artifact_prefix=build/fuzz/crashes/$$t/ \
	    build/fuzz/corpus/$$t tests/fuzz/corpus/$$t 2>build/fuzz/$$t.log \
	    || { rc=1; tail -40 build/fuzz/$$t.log; }; \
	done; exit $$rc

$(BUILD)/replay/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(BUILD)/libcreditline.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< tests/fuzz/replay.c $(BUILD)/libcreditline.a $(LDLIBS)
fuzz-replay: $(patsubst %,$(BUILD)/replay/fuzz_%,$(FUZZ_TARGETS))
	@for t in $(FUZZ_TARGETS); do printf '%s: ' $$t; \
	  $(RUNNER) $(BUILD)/replay/fuzz_$$t tests/fuzz/corpus/$$t tests/fuzz/regressions/$$t \
	  || exit 1; done

# I/O faults injected at the Nth read/open/write/fclose/... of the CLI.
$(BUILD)/libclfault.so: tests/faults/fault.c
	$(CC) $(WARN) -O1 -g -fPIC -shared -D_GNU_SOURCE -o $@ $< -ldl
faults-test: $(BUILD)/creditline $(BUILD)/libclfault.so
	@sh tests/faults/run.sh $(BUILD)/creditline $(BUILD)/libclfault.so

# Unit suites, fuzz replays and CLI cases once under valgrind memcheck.
valgrind-test: $(TESTS) $(BUILD)/creditline $(patsubst %,$(BUILD)/replay/fuzz_%,$(FUZZ_TARGETS))
	@sh tests/valgrind.sh $(BUILD)

# Pages in a real browser: headless Chromium driven by Selenium (Debian's
# chromium, chromium-driver, python3-selenium, python3-pil); screenshots in
# $(BUILD)/browser/.
BROWSER_TESTS := $(wildcard tests/browser/test_*.py)
browser-test: $(BUILD)/creditline $(BUILD)/gencorpus
	@for t in $(BROWSER_TESTS); do /usr/bin/python3 $$t $(BUILD) || exit 1; done

# The parallel scan under ThreadSanitizer: --jobs 4 must equal --jobs 1.
tsan-test:
	$(MAKE) --no-print-directory BUILD=build/tsan CFLAGS="-O1 -g" \
	  SANFLAGS="-fsanitize=thread" build/tsan/creditline
	@sh tests/tsan.sh build/tsan/creditline
