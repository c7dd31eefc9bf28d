# SPDX-License-Identifier: GPL-2.0-only
# Grant map and unmap between two domains: $(BUILD)/guests/test-grant-map.
$(eval $(call guest_test,grant-map))
