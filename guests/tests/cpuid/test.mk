# SPDX-License-Identifier: GPL-2.0-only
# The cpuid test kernel: $(BUILD)/guests/test-cpuid.
$(eval $(call guest_test,cpuid))
