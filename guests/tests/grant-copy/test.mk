# SPDX-License-Identifier: GPL-2.0-only
# Grant copies between two domains and their cost: $(BUILD)/guests/test-grant-copy.
$(eval $(call guest_test,grant-copy))
