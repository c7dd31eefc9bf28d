# SPDX-License-Identifier: GPL-2.0-only
# The bad-hypercall test kernel: $(BUILD)/guests/test-bad-hypercall.
$(eval $(call guest_test,bad-hypercall))
