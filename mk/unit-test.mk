# SPDX-License-Identifier: GPL-2.0-only
# Host unit tests (style-anchors.md, convention 28): hv/common sources compile unchanged
# against tests/unit/shim, which stands in for the arch layer and for the few hv headers that
# differ on the host. Every test is built with ASan and UBSan and linked with cmocka.
#
#   $(eval $(call unit_test,NAME,SOURCES[,EXTRA_CFLAGS]))
# builds $(BUILD)/tests/unit/NAME from SOURCES and registers it with `make test`.

UNIT_CFLAGS := $(HOST_CFLAGS) $(SANITIZERS) -Itests/unit/shim -Ihv/include -Iinclude \
               -DCONFIG_DEBUG -DHV_UNIT_TEST
UNIT_LDLIBS := -lcmocka

define unit_test
UNIT_TESTS += $(BUILD)/tests/unit/$(1)
ALL_TARGETS += $(BUILD)/tests/unit/$(1)
$(BUILD)/tests/unit/$(1): $(patsubst %.c,$(BUILD)/unit/$(1)/%.o,$(2))
	@mkdir -p $$(@D)
	$$(quiet) LINK $$@
	$$(Q)$$(CC) $$(UNIT_CFLAGS) -o $$@ $$^ $$(UNIT_LDLIBS)
$(BUILD)/unit/$(1)/%.o: %.c
	@mkdir -p $$(@D)
	$$(quiet) CC $$<
	$$(Q)$$(CC) $$(UNIT_CFLAGS) $(3) -c -o $$@ $$<
endef
