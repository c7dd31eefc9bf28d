# SPDX-License-Identifier: GPL-2.0-only
# Ballooning RAM out and back in: $(BUILD)/guests/test-balloon.
$(eval $(call guest_test,balloon))
