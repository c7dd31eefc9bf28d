# SPDX-License-Identifier: GPL-2.0-only
# The write-outside test kernel: $(BUILD)/guests/test-write-outside.
$(eval $(call guest_test,write-outside))
