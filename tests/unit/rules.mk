# SPDX-License-Identifier: GPL-2.0-only
# Host unit tests for hv/common (style-anchors.md, convention 28). Each test links the
# module under test, the shim (tests/unit/shim/shim.c) and whatever real modules it uses.

UNIT_SHIM := tests/unit/shim/shim.c

# test-string links hv/common/string.c beside the C library: the real hv/string.h replaces
# the shim's, and the hypervisor's functions get an hv_ prefix.
UNIT_STRING_NAMES := memcpy memmove memset memcmp strlen strnlen strcmp strncmp strchr strrchr \
                     strlcpy
UNIT_STRING_CFLAGS := -include hv/include/hv/string.h \
                      $(foreach f,$(UNIT_STRING_NAMES),-D$(f)=hv_$(f))
$(eval $(call unit_test,test-string,tests/unit/test-string.c hv/common/string.c \
    $(UNIT_SHIM),$(UNIT_STRING_CFLAGS)))

# vsnprintf/snprintf would clash with the C library's, which the test uses as its oracle.
$(eval $(call unit_test,test-vsprintf,tests/unit/test-vsprintf.c hv/common/vsprintf.c \
    $(UNIT_SHIM),-Dvsnprintf=hv_vsnprintf -Dsnprintf=hv_snprintf))

$(eval $(call unit_test,test-bitmap,tests/unit/test-bitmap.c hv/common/bitmap.c $(UNIT_SHIM)))

$(eval $(call unit_test,test-cmdline,tests/unit/test-cmdline.c hv/common/cmdline.c $(UNIT_SHIM)))

$(eval $(call unit_test,test-buddy,tests/unit/test-buddy.c hv/common/page-alloc.c $(UNIT_SHIM)))

# test-symbols links a table generated from a hand-written nm listing.
UNIT_SYMBOLS_TABLE := $(BUILD)/tests/unit/gen/symbols-table.c
$(UNIT_SYMBOLS_TABLE): tests/unit/data/symbols.nm scripts/gen-symbols.py
	@mkdir -p $(@D)
	$(PYTHON) scripts/gen-symbols.py $< -o $@
$(eval $(call unit_test,test-symbols,tests/unit/test-symbols.c hv/common/symbols.c \
    $(UNIT_SYMBOLS_TABLE) $(UNIT_SHIM)))

$(eval $(call unit_test,test-softirq,tests/unit/test-softirq.c hv/common/softirq.c $(UNIT_SHIM)))

$(eval $(call unit_test,test-timer,tests/unit/test-timer.c hv/common/timer.c hv/common/softirq.c \
    $(UNIT_SHIM)))

$(eval $(call unit_test,test-xmalloc,tests/unit/test-xmalloc.c hv/common/xmalloc.c \
    hv/common/page-alloc.c $(UNIT_SHIM)))

$(eval $(call unit_test,test-bootinfo,tests/unit/test-bootinfo.c hv/common/bootinfo.c $(UNIT_SHIM)))

# The guest ABI headers of include/public: sizes, offsets and values, on the host.
$(eval $(call unit_test,test-public-abi,tests/unit/test-public-abi.c))

# The PVH kernel loader: ELF validation and loading; memory map and start-info page.
$(eval $(call unit_test,test-pvh-loader,tests/unit/test-pvh-loader.c hv/common/pvh-loader.c \
    $(UNIT_SHIM)))
$(eval $(call unit_test,test-pvh-start-info,tests/unit/test-pvh-start-info.c \
    hv/common/pvh-start-info.c $(UNIT_SHIM)))
$(eval $(call unit_test,test-pvh-acpi,tests/unit/test-pvh-acpi.c hv/common/pvh-acpi.c $(UNIT_SHIM)))

# Boot-module command lines that describe domains (uses cmdline.c's value parsers).
$(eval $(call unit_test,test-domain-spec,tests/unit/test-domain-spec.c hv/common/domain-spec.c \
    hv/common/cmdline.c $(UNIT_SHIM)))

# The p2m's nested page tables, on a fake frame allocator (the arch header comes after the shim).
$(eval $(call unit_test,test-p2m,tests/unit/test-p2m.c hv/arch/x86/p2m/p2m.c $(UNIT_SHIM),\
    -Ihv/arch/x86/include))

# Grant tables v1 (grant-table.c, grant-map.c, grant-copy.c) in a host world of domains with a
# small p2m, on the real frame allocator and heap (tests/unit/shim/grant-shim.c).
UNIT_GRANT_SRCS := hv/common/grant-table.c hv/common/grant-map.c hv/common/grant-copy.c \
    hv/common/page-alloc.c hv/common/xmalloc.c tests/unit/shim/grant-shim.c $(UNIT_SHIM)
$(eval $(call unit_test,test-grant-table,tests/unit/test-grant-table.c $(UNIT_GRANT_SRCS),\
    -Ihv/arch/x86/include))
# test-grant-map races a granting guest thread against map/unmap.
$(eval $(call unit_test,test-grant-map,tests/unit/test-grant-map.c $(UNIT_GRANT_SRCS),\
    -Ihv/arch/x86/include -pthread))
$(BUILD)/tests/unit/test-grant-map: UNIT_LDLIBS += -pthread
$(eval $(call unit_test,test-grant-copy,tests/unit/test-grant-copy.c $(UNIT_GRANT_SRCS),\
    -Ihv/arch/x86/include))

# Event channels (hv/common/event-*.c) on the hooks and fixture of tests/unit/shim/event-shim.c
# (the arch include path is for <asm/domain.h>, which hv/domain.h includes). The FIFO test runs
# a guest thread beside the hypervisor code.
UNIT_EVENT_SRCS := hv/common/event-channel.c hv/common/event-channel-op.c hv/common/event-2l.c \
                   hv/common/event-fifo.c tests/unit/shim/event-shim.c $(UNIT_SHIM)
$(eval $(call unit_test,test-event-channel,tests/unit/test-event-channel.c $(UNIT_EVENT_SRCS),\
    -Ihv/arch/x86/include))
$(eval $(call unit_test,test-event-fifo,tests/unit/test-event-fifo.c $(UNIT_EVENT_SRCS),\
    -Ihv/arch/x86/include -pthread))
$(BUILD)/tests/unit/test-event-fifo: UNIT_LDLIBS += -pthread

# The fair-share scheduler's arithmetic, with a model scheduler on a simulated clock.
$(eval $(call unit_test,test-sched-fair,tests/unit/test-sched-fair.c hv/common/sched-fair-math.c \
    $(UNIT_SHIM)))

# The control interface's argument checks (uses sched-fair-math.c's parameter check).
$(eval $(call unit_test,test-domctl,tests/unit/test-domctl.c hv/common/domctl-check.c \
    hv/common/sched-fair-math.c $(UNIT_SHIM)))

# The console ring the hypervisor serves, on the real event channels and the event shim's
# domains; the ring page comes from the shim's arena.
$(eval $(call unit_test,test-console-ring,tests/unit/test-console-ring.c hv/common/console-ring.c \
    $(UNIT_EVENT_SRCS),-Ihv/arch/x86/include))
