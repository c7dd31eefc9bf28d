# SPDX-License-Identifier: GPL-2.0-only
# The hypervisor image. hv/common/rules.mk, hv/arch/x86/rules.mk and hv/debug/rules.mk add to
# HV_OBJS (source paths with .o for .c/.S, relative to the tree root).
#
# The image is linked twice: pass 1 without a symbol table, then the table generated from
# pass 1's text symbols is added in rodata for pass 2. Text comes first in the layout, so its
# addresses do not move; the build checks that.

HV_OBJS :=
include hv/common/rules.mk
include hv/arch/x86/rules.mk
include hv/debug/rules.mk

HV_IMAGE := $(BUILD)/xenolith
HV_SYMS  := $(BUILD)/xenolith-syms
HV_LDS   := $(BUILD)/hv/xenolith.lds
HV_OBJ_FILES := $(addprefix $(BUILD)/,$(sort $(HV_OBJS)))
HV_LDFLAGS := -nostdlib -static -z max-page-size=4096 -z noexecstack --build-id=sha1 \
              --no-warn-rwx-segments -T $(HV_LDS)

ALL_TARGETS += $(HV_IMAGE)

$(BUILD)/hv/%.o: hv/%.c
	@mkdir -p $(@D)
	$(quiet) CC $<
	$(Q)$(CC) $(HV_CFLAGS) -c -o $@ $<

$(BUILD)/hv/%.o: hv/%.S
	@mkdir -p $(@D)
	$(quiet) AS $<
	$(Q)$(CC) $(HV_ASFLAGS) -c -o $@ $<

$(HV_LDS): hv/arch/x86/xenolith.lds.S
	@mkdir -p $(@D)
	$(Q)$(CC) $(HV_ASFLAGS) -E -P -x c -MT $@ -o $@ $<

$(BUILD)/hv/xenolith.pass1: $(HV_OBJ_FILES) $(HV_LDS)
	$(quiet) LD $@
	$(Q)$(LD) $(HV_LDFLAGS) -o $@ $(HV_OBJ_FILES)

$(BUILD)/hv/symbols-table.c: $(BUILD)/hv/xenolith.pass1 scripts/gen-symbols.py
	$(quiet) GEN $@
	$(Q)$(NM) -n -S $< | $(PYTHON) scripts/gen-symbols.py > $@

$(BUILD)/hv/symbols-table.o: $(BUILD)/hv/symbols-table.c
	$(Q)$(CC) $(HV_CFLAGS) -c -o $@ $<

$(HV_SYMS): $(BUILD)/hv/xenolith.pass1 $(BUILD)/hv/symbols-table.o
	$(quiet) LD $@
	$(Q)$(LD) $(HV_LDFLAGS) -o $@ $(HV_OBJ_FILES) $(BUILD)/hv/symbols-table.o
	@$(NM) -n $(BUILD)/hv/xenolith.pass1 | grep -i ' t ' > $@.text1
	@$(NM) -n $@ | grep -i ' t ' > $@.text2
	@cmp -s $@.text1 $@.text2 || { echo "error: text moved between link passes"; exit 1; }

$(HV_IMAGE): $(HV_SYMS)
	$(quiet) OBJCOPY $@
	$(Q)$(OBJCOPY) -O binary $< $@
