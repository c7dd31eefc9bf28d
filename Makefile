# SPDX-License-Identifier: GPL-2.0-only
# Xenolith: the only entry point. Non-recursive: each component adds its objects, programs and
# tests in its own rules.mk (hv/, tools/<name>/, tests/<kind>/). `make help` lists the targets.

.DEFAULT_GOAL := all
include mk/config.mk
include mk/unit-test.mk

# Filled by the rules.mk fragments.
ALL_TARGETS :=   # everything `make` builds
UNIT_TESTS :=    # host cmocka binaries, run with TAP output by `make test`
TAP_SUITES :=    # other executables that print TAP (ok / not ok lines), run by `make test`
TEST_ALONE :=    # TAP suites that run by themselves, before the others (they load the machine)

include hv/rules.mk
include $(wildcard guests/rules.mk)
include $(sort $(wildcard tools/*/rules.mk))
include $(sort $(wildcard tests/*/rules.mk))
include mk/linux.mk
include mk/targets.mk

.PHONY: all
all: $(ALL_TARGETS)

DEPS := $(shell find $(BUILD) -type f -name '*.d' 2>/dev/null)
-include $(DEPS)
