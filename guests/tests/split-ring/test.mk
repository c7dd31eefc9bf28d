# SPDX-License-Identifier: GPL-2.0-only
# A miniature split driver between two domains: $(BUILD)/guests/test-split-ring.
$(eval $(call guest_test,split-ring))
