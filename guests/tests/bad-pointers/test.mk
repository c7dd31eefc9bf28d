# SPDX-License-Identifier: GPL-2.0-only
# The bad-pointers test kernel: $(BUILD)/guests/test-bad-pointers.
$(eval $(call guest_test,bad-pointers))
