# SPDX-License-Identifier: GPL-2.0-only
# The user-hypercall test kernel: $(BUILD)/guests/test-user-hypercall.
$(eval $(call guest_test,user-hypercall))
