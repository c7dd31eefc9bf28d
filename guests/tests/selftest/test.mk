# SPDX-License-Identifier: GPL-2.0-only
# The framework's self-test kernel: $(BUILD)/guests/test-selftest.
$(eval $(call guest_test,selftest))
