# SPDX-License-Identifier: GPL-2.0-only
# The triple-fault test kernel: $(BUILD)/guests/test-triple-fault.
$(eval $(call guest_test,triple-fault))
