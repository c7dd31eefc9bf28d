# SPDX-License-Identifier: GPL-2.0-only
# Test kernels (docs/guest-tests.md): guests/lib is the framework, guests/tests/<name> one test
# kernel each, built into $(BUILD)/guests/test-<name> (ELF64 at physical 1 MiB, entered through
# the Xen PVH note). Each guests/tests/<name>/test.mk registers its kernel with
#
#   $(eval $(call guest_test,NAME[,SOURCES]))
#
# where SOURCES (default main.c) are relative to the test's directory. GUEST_TESTS lists the
# images; `make guests` builds them, `make guest-smoke` boots each one directly in QEMU (no
# hypervisor) to check the framework's boot path, `make new-test NAME=foo` creates a test.

GUEST_CFLAGS := -std=gnu11 -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
                -mno-red-zone -mgeneral-regs-only -fno-asynchronous-unwind-tables -fno-common \
                -fno-tree-loop-distribute-patterns -O2 -g $(WARNINGS) -MMD -MP \
                -Iinclude -Iguests/lib/include
GUEST_LDFLAGS := -m elf_x86_64 -nostdlib -static --no-dynamic-linker --build-id=none \
                 -z max-page-size=4096 -z noexecstack -T guests/lib/link.ld

GUEST_LIB_SRCS := $(sort $(wildcard guests/lib/*.c guests/lib/*.S))
GUEST_LIB_OBJS := $(patsubst guests/%,$(BUILD)/guests/%.o,$(GUEST_LIB_SRCS))
GUEST_TESTS :=

$(BUILD)/guests/%.c.o: guests/%.c
	@mkdir -p $(@D)
	$(quiet) CC $<
	$(Q)$(CC) $(GUEST_CFLAGS) -c -o $@ $<

$(BUILD)/guests/%.S.o: guests/%.S
	@mkdir -p $(@D)
	$(quiet) AS $<
	$(Q)$(CC) $(GUEST_CFLAGS) -c -o $@ $<

define guest_test
GUEST_TESTS += $(BUILD)/guests/test-$(1)
$(BUILD)/guests/test-$(1): $(patsubst %,$(BUILD)/guests/tests/$(1)/%.o,$(or $(2),main.c)) \
                           $(GUEST_LIB_OBJS) guests/lib/link.ld
	$$(quiet) LD $$@
	$$(Q)$$(LD) $$(GUEST_LDFLAGS) -o $$@ $$(filter %.o,$$^)
endef

include $(sort $(wildcard guests/tests/*/test.mk))

ALL_TARGETS += $(GUEST_TESTS)
# `make test` runs the smoke boots too (about a second for all kernels).
TAP_SUITES += guests/qemu-smoke.py

.PHONY: guests guest-smoke new-test

guests: $(GUEST_TESTS)

guest-smoke: $(GUEST_TESTS)
	@BUILD=$(BUILD) $(PYTHON) guests/qemu-smoke.py

# A new test kernel from guests/template: NAME is lower-case words joined by hyphens.
new-test:
	@echo '$(NAME)' | grep -Eq '^[a-z0-9]+(-[a-z0-9]+)*$$' || \
	    { echo "usage: make new-test NAME=lower-case-name"; exit 2; }
	@test ! -e guests/tests/$(NAME) || { echo "new-test: guests/tests/$(NAME) exists"; exit 2; }
	@mkdir -p guests/tests/$(NAME)
	@sed 's/@NAME@/$(NAME)/g' guests/template/main.c.in > guests/tests/$(NAME)/main.c
	@sed 's/@NAME@/$(NAME)/g' guests/template/test.mk.in > guests/tests/$(NAME)/test.mk
	@echo "new-test: created guests/tests/$(NAME)/main.c and test.mk;" \
	    "build it with: make $(BUILD)/guests/test-$(NAME)"
