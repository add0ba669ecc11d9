# SPDX-License-Identifier: GPL-2.0-or-later
#
#   make                 build ./nvmf
#   make check           every test: unit, CLI, the same under ASan+UBSan, then
#                        the real-kernel VM suite (NVMF_SKIP_VM=1 skips it)
#   make vm-check        only the VM suite (tests/vm/run: qemu, a real nvmet target)
#   make vm-tls-check    NVMe/TCP with TLS in a Debian trixie VM (tests/vm/tls/run)
#   make demo            nvmf against a real kernel target in a VM, with captions
#   NVMF_KERNEL=6.1 make demo   the same on another of Debian's kernels (6.12,
#                        the default, 6.1 or 5.10); vm-check and bench take it too
#   make bench           nvmf against nvme-cli and the kernel in the VM, timed;
#                        make bench-readme then writes the figures into README.md
#   make install         PREFIX=/usr/local DESTDIR= SBINDIR MANDIR ...
#   make clean

VERSION := 0.1.0

PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
SYSTEMDDIR ?= $(shell $(PKG_CONFIG) --variable=systemdsystemunitdir systemd 2>/dev/null || echo /lib/systemd/system)
UDEVDIR ?= $(shell $(PKG_CONFIG) --variable=udevdir udev 2>/dev/null || echo /lib/udev)
MODULESLOADDIR ?= /usr/lib/modules-load.d
BASHCOMPDIR ?= $(shell pkg-config --variable=completionsdir bash-completion 2>/dev/null || echo /usr/share/bash-completion/completions)
ZSHCOMPDIR ?= /usr/share/zsh/vendor-completions

CC ?= cc
PKG_CONFIG ?= pkg-config
PKGS := json-c uuid libkmod libcrypto zlib libkeyutils
# mDNS (--mdns) needs libavahi-client; without it nvmf builds, and --mdns says
# so. AVAHI=0 builds without it even where it is installed.
AVAHI ?= $(shell $(PKG_CONFIG) --exists avahi-client && echo 1)
ifeq ($(AVAHI),1)
PKGS += avahi-client
MDNS_CFLAGS := -DNVMF_HAVE_AVAHI
endif

CFLAGS ?= -O2 -g
CFLAGS += -pthread -std=gnu11 -Wall -Wextra -Wno-missing-field-initializers -Wshadow \
	  -Wstrict-prototypes -Wmissing-prototypes -D_GNU_SOURCE \
	  -DNVMF_VERSION='"$(VERSION)"' -Ilib -Icmd $(MDNS_CFLAGS) \
	  $(shell $(PKG_CONFIG) --cflags $(PKGS))
LDLIBS += $(shell $(PKG_CONFIG) --libs $(PKGS)) -pthread

# SANITIZE=1 builds into build/san with AddressSanitizer and UBSan.
ifeq ($(SANITIZE),1)
BUILD ?= build/san
CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
SAN_OBJ = $(BUILD)/tests/san-options.o
else
BUILD ?= build
endif

LIB_SRC := $(wildcard lib/*.c)
CMD_SRC := $(wildcard cmd/*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
LIB_A := $(BUILD)/libnvmf.a
CMD_OBJ := $(CMD_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(wildcard tests/unit/test-*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FAKE_BIN := $(BUILD)/tests/nvmf-fake
TOOLS := $(BUILD)/tests/mklog $(BUILD)/tests/jsoncheck $(BUILD)/tests/hostile-target

ifeq ($(SANITIZE),1)
all: $(BUILD)/nvmf
else
all: nvmf
nvmf: $(BUILD)/nvmf
	cp $< $@
endif

# lib/ is a static library that knows nothing of cmd/: the unit tests, the
# tools and the fuzzers link it without cmd/, and it is linked whole, with
# no main and nothing of cmd/, before it is made, so that a reference from
# lib/ to cmd/ fails the build even in a file no test links.
$(LIB_A): $(LIB_OBJ)
	@rm -f $@ $@.tmp
	$(AR) rcs $@.tmp $^
	$(CC) $(LDFLAGS) -nostartfiles -Wl,-e,0 -o $@.linked \
		-Wl,--whole-archive $@.tmp -Wl,--no-whole-archive $(LDLIBS)
	@rm -f $@.linked
	@mv $@.tmp $@

$(BUILD)/nvmf: $(CMD_OBJ) $(SAN_OBJ) $(LIB_A)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Each object depends on the headers it includes, as the compiler lists them
# (-MMD), and on this file, which holds the flags.
$(BUILD)/%.o: %.c Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

# The CLI under test: nvmf's own objects with the fake kernel linked in.
$(FAKE_BIN): $(CMD_OBJ) $(BUILD)/tests/fake-kernel.o $(BUILD)/tests/fake-mdns.o $(SAN_OBJ) $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# What the tests share (tests/*.h): each program takes what it uses.
$(BUILD)/tests/%.o: CPPFLAGS += -Itests
TEST_A := $(BUILD)/tests/libtest.a
TEST_OBJ := $(patsubst %.c,$(BUILD)/%.o,tests/unit/helpers.c tests/disclog-encode.c tests/fake-kernel.c)

$(TEST_A): $(TEST_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/tests/test-%: $(BUILD)/tests/unit/test-%.o $(SAN_OBJ) $(TEST_A) $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(shell $(PKG_CONFIG) --libs cmocka)

$(BUILD)/tests/mklog: $(BUILD)/tests/tools/mklog.o $(TEST_A) $(LIB_A)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/jsoncheck: $(BUILD)/tests/tools/jsoncheck.o
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# A userspace NVMe/TCP discovery controller serving crafted logs, for the VM
# scenario 12-hostile-target: libc only, static where the toolchain allows,
# and built apart from the rest (no sanitizers, no libraries).
HOSTILE_CFLAGS := -O2 -g -std=gnu11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Itests
HOSTILE_OBJ := $(BUILD)/tests/hostile/hostile-target.o $(BUILD)/tests/hostile/disclog-encode.o
define hostile_cc
	@mkdir -p $(dir $@)
	$(CC) $(HOSTILE_CFLAGS) -MMD -MP -c -o $@ $<
endef
$(BUILD)/tests/hostile/%.o: tests/tools/%.c Makefile
	$(hostile_cc)
$(BUILD)/tests/hostile/%.o: tests/%.c Makefile
	$(hostile_cc)
$(BUILD)/tests/hostile-target: $(HOSTILE_OBJ)
	$(CC) -static -o $@ $^ 2>/dev/null || $(CC) -o $@ $^

test-programs: $(BUILD)/nvmf $(FAKE_BIN) $(UNIT_BIN) $(TOOLS)

# Runs the unit and CLI tests of this build and prints "N passed, N failed, N skipped".
test: test-programs
	@tests/run-tests $(BUILD)

# Last the real-kernel VM suite (tests/vm/run); NVMF_SKIP_VM=1 skips it.
# (build/check-start: when it began, for run-tests' table of how long each part took)
check:
	@mkdir -p build && date +%s >build/check-start
	@tests/install-deps
	@$(MAKE) --no-print-directory test-programs
	@$(MAKE) --no-print-directory SANITIZE=1 test-programs
	@$(MAKE) --no-print-directory nvmf
	@tests/run-tests --checks --vm build build/san

# nvmf against a real kernel and a real nvmet target in qemu (tests/vm/).
vm-check: $(BUILD)/nvmf $(BUILD)/tests/jsoncheck $(BUILD)/tests/hostile-target
	@NVMF_BIN=$(abspath $(BUILD)/nvmf) NVMF_JSONCHECK=$(abspath $(BUILD)/tests/jsoncheck) tests/vm/run

# nvmf, nvme-cli 2.3 and 2.13 and the kernel floor side by side in the VM (tests/bench/run):
# medians per figure, ratios against the targets, the growth with N; the
# table also goes to build/bench/results.txt. BENCH_N="16 64 256" BENCH_ROUNDS=3
bench: $(BUILD)/nvmf $(FAKE_BIN) $(BUILD)/tests/jsoncheck
	@NVMF_BIN=$(abspath $(BUILD)/nvmf) NVMF_FAKE_BIN=$(abspath $(FAKE_BIN)) \
		NVMF_JSONCHECK=$(abspath $(BUILD)/tests/jsoncheck) tests/bench/run

# README.md's figures from the last make bench: build/bench/results.txt, when
# newer, becomes tests/bench/results.txt (committed), and tests/bench/readme
# writes its figures into README.md; check-docs fails when they differ.
bench-readme:
	@if [ -r build/bench/results.txt ] && { [ ! -e tests/bench/results.txt ] || \
		[ build/bench/results.txt -nt tests/bench/results.txt ]; }; then \
		cp build/bench/results.txt tests/bench/results.txt; fi
	@tests/bench/readme

.PHONY: bench bench-readme

# The persistent set-up proven under real systemd: make install's units, udev
# rule and modules-load file in Debian with systemd, in qemu (tests/vm/systemd/).
vm-systemd-check: nvmf
	@tests/vm/systemd/run

.PHONY: vm-systemd-check

# NVMe/TCP with TLS against trixie's tlshd and nvme-cli 2.13, in qemu (tests/vm/tls/).
vm-tls-check: $(BUILD)/nvmf
	@NVMF_BIN=$(abspath $(BUILD)/nvmf) tests/vm/tls/run

.PHONY: vm-tls-check

# A short tour in the VM: discover, connect-all, list, disconnect.
demo:
	@tests/install-deps
	@tests/vm/install-deps
	@$(MAKE) --no-print-directory nvmf $(BUILD)/tests/jsoncheck
	@NVMF_BIN=$(abspath nvmf) NVMF_JSONCHECK=$(abspath $(BUILD)/tests/jsoncheck) tests/vm/run --demo

# libFuzzer targets (tests/fuzz), built with clang, ASan and UBSan into build/fuzz.
#   make fuzz            run each target for FUZZ_SECONDS from its seed corpus
#   make fuzz-regress    replay tests/fuzz/regressions and the seeds once: TAP lines
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_BUILD := build/fuzz
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS = -g -O1 -pthread -std=gnu11 -Wall -Wextra -Wno-missing-field-initializers -Wshadow \
	       -Wstrict-prototypes -Wmissing-prototypes -D_GNU_SOURCE -DNVMF_VERSION='"$(VERSION)"' \
	       -Ilib -Icmd -Itests -Itests/fuzz $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
	       $(shell $(PKG_CONFIG) --cflags $(PKGS))
FUZZ_TARGETS := $(filter-out fuzz-common,$(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz-*.c)))
FUZZ_BIN := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/%)
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FUZZ_BUILD)/%.o)
FUZZ_LIB_A := $(FUZZ_BUILD)/libnvmf.a

$(FUZZ_BUILD)/%.o: %.c Makefile
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_LIB_A): $(FUZZ_LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_BUILD)/fuzz-%: $(FUZZ_BUILD)/tests/fuzz/fuzz-%.o $(FUZZ_BUILD)/tests/fuzz/fuzz-common.o $(FUZZ_LIB_A)
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $^ $(LDLIBS)

fuzz-programs: $(FUZZ_BIN)

# Seed corpora, from the test fixtures, into $(FUZZ_BUILD)/corpus-<target>.
fuzz-corpus: $(BUILD)/tests/mklog
	@tests/fuzz/make-corpus $(BUILD)/tests/mklog $(FUZZ_BUILD)

fuzz: fuzz-programs fuzz-corpus
	@tests/fuzz/run fuzz $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-regress:
	@mkdir -p $(FUZZ_BUILD)
	@if tests/fuzz/run have-libfuzzer $(FUZZ_CC); then \
		$(MAKE) --no-print-directory fuzz-programs fuzz-corpus >$(FUZZ_BUILD)/build.log 2>&1 || \
			{ echo "not ok fuzz-build (see $(FUZZ_BUILD)/build.log)"; exit 1; }; \
		tests/fuzz/run regress $(FUZZ_BUILD) $(FUZZ_TARGETS); \
	else \
		echo "ok fuzz-regress # SKIP $(FUZZ_CC) cannot link -fsanitize=fuzzer"; \
	fi

.PHONY: fuzz fuzz-programs fuzz-corpus fuzz-regress

MAN8 := $(wildcard man/*.8)
MAN5 := $(wildcard man/*.5)
UNITS := $(patsubst %.in,%,$(wildcard fabrics/*.service.in)) $(wildcard fabrics/*.timer)
UDEV_RULES := $(wildcard fabrics/*.rules)
MODULES_LOAD := $(wildcard fabrics/*.conf)

fabrics/%.service: fabrics/%.service.in Makefile
	sed 's|@SBINDIR@|$(SBINDIR)|g' $< >$@

units: $(UNITS)

# systemd's own checker, on copies that point at this tree's nvmf.
check-units: nvmf
	@tests/check-units nvmf $(BUILD)/units

# The man pages and completions against ./nvmf --help: "ok NAME" or "not ok NAME: ..." lines.
check-docs: nvmf
	@tests/check-docs ./nvmf

.PHONY: check-docs

DOCDIR ?= $(PREFIX)/share/doc/nvmf
SCHEMADIR ?= $(PREFIX)/share/nvmf/schemas
SCHEMAS := $(wildcard schemas/*.schema.json)

install: nvmf $(UNITS)
	install -D -m 0755 nvmf $(DESTDIR)$(SBINDIR)/nvmf
	install -D -m 0644 discovery.conf.example $(DESTDIR)$(DOCDIR)/discovery.conf.example
	$(foreach s,$(SCHEMAS),install -D -m 0644 $(s) $(DESTDIR)$(SCHEMADIR)/$(notdir $(s));)
	$(if $(MAN8),install -D -m 0644 -t $(DESTDIR)$(MANDIR)/man8 $(MAN8))
	$(if $(MAN5),install -D -m 0644 -t $(DESTDIR)$(MANDIR)/man5 $(MAN5))
	$(if $(UNITS),install -D -m 0644 -t $(DESTDIR)$(SYSTEMDDIR) $(UNITS))
	$(if $(UDEV_RULES),install -D -m 0644 -t $(DESTDIR)$(UDEVDIR)/rules.d $(UDEV_RULES))
	$(if $(MODULES_LOAD),install -D -m 0644 -t $(DESTDIR)$(MODULESLOADDIR) $(MODULES_LOAD))
	install -D -m 0644 completions/nvmf.bash $(DESTDIR)$(BASHCOMPDIR)/nvmf
	install -D -m 0644 completions/_nvmf $(DESTDIR)$(ZSHCOMPDIR)/_nvmf

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/nvmf $(DESTDIR)$(DOCDIR)/discovery.conf.example
	rm -f $(addprefix $(DESTDIR)$(SCHEMADIR)/,$(notdir $(SCHEMAS)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man8/,$(notdir $(MAN8)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(MAN5)))
	rm -f $(addprefix $(DESTDIR)$(SYSTEMDDIR)/,$(notdir $(UNITS)))
	rm -f $(addprefix $(DESTDIR)$(UDEVDIR)/rules.d/,$(notdir $(UDEV_RULES)))
	rm -f $(addprefix $(DESTDIR)$(MODULESLOADDIR)/,$(notdir $(MODULES_LOAD)))
	rm -f $(DESTDIR)$(BASHCOMPDIR)/nvmf $(DESTDIR)$(ZSHCOMPDIR)/_nvmf

clean:
	rm -rf build nvmf $(filter %.service,$(UNITS))

.PHONY: all check vm-check demo test test-programs install uninstall clean units check-units
.SECONDARY:

-include $(sort $(shell find $(BUILD) $(FUZZ_BUILD) -name '*.d' 2>/dev/null))
