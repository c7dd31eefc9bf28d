# SPDX-License-Identifier: GPL-2.0-only
# The developer targets: run, debug, test, iso, bench, loc, format, format-check, deps, help.
# Included last by the Makefile, so the lists the rules.mk fragments fill (ALL_TARGETS,
# UNIT_TESTS, TAP_SUITES, TEST_TIMEOUTS, BENCHES) are complete here. Targets that need Debian
# packages call scripts/install-deps.sh first, then build what they use with a sub-make (so
# nothing is compiled before the compilers and libraries are there).

HV_IMAGE ?= $(BUILD)/xenolith
HV_SYMS  ?= $(BUILD)/xenolith-syms
ISO      := $(BUILD)/xenolith.iso
ISO_ROOT := $(BUILD)/iso-root

# `make run` and `make debug`: the machine and the hypervisor command line.
QEMU_MEM    ?= 1G
QEMU_SMP    ?= 2
HV_CMDLINE  ?=
QEMU_ARGS   ?=
# `make run` starts Debian's Linux (make linux-image) with its shell on the terminal, and a
# test kernel beside it (docs/domains.md has the module syntax; Ctrl-A three times moves the
# input focus); set RUN_DOMAINS= to boot the hypervisor alone.
RUN_DOMAINS ?= --module "$(BUILD)/linux/vmlinux domain=linux mem=256M vcpus=2 ramdisk=2 \
                         cmdline=\"console=hvc0\"" \
               --module "$(BUILD)/guests/test-example domain=hello mem=16M" \
               --module "$(BUILD)/linux/initramfs.cpio.gz"

# The command line GRUB passes from the ISO (tests/system's "grub" scenario expects it empty).
ISO_CMDLINE ?=

# `make test`: suites run at once, default per-suite timeout (s), V=1 shows every result line.
# A rules.mk raises one suite's timeout with `TEST_TIMEOUTS += path/to/suite=SECONDS`.
TEST_JOBS    ?= 2
TEST_TIMEOUT ?= 300

# `make bench`: executables that print `name: value unit [notes]` lines; a rules.mk adds its
# own with `BENCHES += path`. `make bench BENCHES=scripts/bench-boot.py` runs only that one.
BENCHES += scripts/bench-boot.py scripts/bench-guest.py scripts/bench-domains.py \
           scripts/bench-linux.py

INSTALL_DEPS := scripts/install-deps.sh
SUBMAKE      := $(MAKE) --no-print-directory
QEMU_PY      := $(PYTHON) scripts/qemu.py --image $(HV_IMAGE) --mem $(QEMU_MEM) --smp $(QEMU_SMP)

# Every C source and header of the tree, for `make format` (tests/style checks the same set).
FIND_C := find . \( -path ./.git -o -path ./build -o -path ./$(BUILD) -o -name __pycache__ \) \
          -prune -o -type f \
          \( -name '*.c' -o -name '*.h' \) -print0

.PHONY: run debug test iso bench loc format format-check deps help FORCE

deps:
	@$(INSTALL_DEPS)

run: export XENOLITH_CMDLINE = $(HV_CMDLINE)
run:
	@$(INSTALL_DEPS)
	@$(SUBMAKE) _build-run
	@$(QEMU_PY) --cmdline "$$XENOLITH_CMDLINE" $(RUN_DOMAINS) -- $(QEMU_ARGS)

debug: export XENOLITH_CMDLINE = $(HV_CMDLINE)
debug:
	@$(INSTALL_DEPS)
	@$(SUBMAKE) _build-image
	@$(QEMU_PY) --cmdline "$$XENOLITH_CMDLINE" --gdb --syms $(HV_SYMS) -- $(QEMU_ARGS)

# The build runs with -k so that one broken component does not hide the results of the others;
# a failed build still counts as a failure in the last line.
test:
	@$(INSTALL_DEPS)
	@build=ok; $(SUBMAKE) -k _build-test || build=failed; \
	BUILD=$(BUILD) $(PYTHON) scripts/run-tests.py -j $(TEST_JOBS) --timeout $(TEST_TIMEOUT) \
	    $(if $(filter 1 y yes,$(V)),-v) $$(test $$build = ok || echo --build-failed) \
	    $(addprefix --suite-timeout ,$(TEST_TIMEOUTS)) $(addprefix --alone ,$(TEST_ALONE)) \
	    --unit $(UNIT_TESTS) --tap $(TAP_SUITES)

iso:
	@$(INSTALL_DEPS)
	@$(SUBMAKE) $(ISO)

$(ISO): $(ISO_ROOT)/boot/xenolith $(ISO_ROOT)/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(ISO_ROOT) >$(BUILD)/iso.log 2>&1 || { cat $(BUILD)/iso.log; exit 1; }

$(ISO_ROOT)/boot/xenolith: $(HV_IMAGE)
	@mkdir -p $(@D)
	cp $< $@

GRUB_CFG_SUBST := import os, sys; \
    sys.stdout.write(open(sys.argv[1]).read().replace("@HV_CMDLINE@", os.environ["ISO_CMDLINE"]))

# Rewritten only when its text changes, so a new ISO_CMDLINE rebuilds the ISO and nothing else.
$(ISO_ROOT)/boot/grub/grub.cfg: export ISO_CMDLINE := $(ISO_CMDLINE)
$(ISO_ROOT)/boot/grub/grub.cfg: scripts/grub.cfg FORCE
	@mkdir -p $(@D)
	@$(PYTHON) -c '$(GRUB_CFG_SUBST)' $< >$@.tmp
	@if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi

bench:
	@$(INSTALL_DEPS)
	@$(SUBMAKE) _build-all linux-image
	@BUILD=$(BUILD) $(PYTHON) scripts/bench.py $(BENCHES)

loc:
	@$(PYTHON) scripts/loc.py

format:
	@$(INSTALL_DEPS)
	@$(FIND_C) | xargs -0 -r clang-format -i --style=file
	@echo "format: clang-format applied to every .c and .h file"

format-check:
	@$(INSTALL_DEPS)
	@BUILD=$(BUILD) $(PYTHON) tests/style/run.py format

FORCE:

# What the targets above build first, without make's "is up to date" chatter.
.PHONY: _build-image _build-run _build-test _build-all
_build-image: $(HV_IMAGE)
	@:
_build-run: $(HV_IMAGE) $(GUEST_TESTS) linux-image
	@:
_build-test: all $(ISO) linux-image
	@:
_build-all: all
	@:

define HELP_TEXT
Xenolith make targets

  make             build everything (the hypervisor image, tools, unit tests)
  make run         boot the hypervisor in QEMU; the serial console is this terminal
                   (Ctrl-A x quits, Ctrl-A c switches to QEMU's monitor)
  make test        build, then run every test: unit, system (QEMU), style; the last line is
                   "N passed, M failed", the exit status non-zero on any failure
  make debug       like run, but QEMU waits at reset for gdb on :1234 (prints how to attach)
  make iso         build $(ISO), a GRUB (Multiboot2) rescue image
  make linux-image fetch Debian's kernel and busybox (apt-get download), build the PVH vmlinux
                   and initramfs in $(BUILD)/linux (LINUX_PACKAGE= picks another kernel)
  make linux-native  boot that kernel directly in QEMU, without the hypervisor
  make bench       print benchmark figures (medians of repeated runs), never pass/fail
  make loc         count code lines of the hypervisor, tools and tests
  make format      apply clang-format (.clang-format) to every C source and header
  make format-check  check the formatting only (also part of make test)
  make deps        install missing Debian packages (run, test, bench, iso, debug do it first)
  make help        this text

Variables (make VAR=value ...), with their current values
  QEMU_MEM=$(QEMU_MEM), QEMU_SMP=$(QEMU_SMP)
                   the machine of run and debug
  HV_CMDLINE='$(HV_CMDLINE)'
                   the hypervisor command line of run and debug
  RUN_DOMAINS='...' --module "PATH ARGS" options: the domains make run starts (two test
                   kernels by default; empty for none)
  QEMU_ARGS='$(QEMU_ARGS)'
                   extra QEMU arguments for run and debug
  ISO_CMDLINE='$(ISO_CMDLINE)'
                   the hypervisor command line inside the ISO
  TEST_JOBS=$(TEST_JOBS), TEST_TIMEOUT=$(TEST_TIMEOUT)
                   test suites run at once; default timeout of a suite in seconds
  V=1              make test: show every test result as it arrives
  BENCHES='$(strip $(BENCHES))'
                   benchmark executables of make bench
  BUILD=$(BUILD), DEBUG=$(DEBUG)
                   output directory; debug build (y or n)

One scenario or suite by hand: see docs/testing.md.
endef
export HELP_TEXT

help:
	@printf '%s\n' "$$HELP_TEXT"
