# SPDX-License-Identifier: GPL-2.0-only
# The shutdown test kernel: $(BUILD)/guests/test-shutdown.
$(eval $(call guest_test,shutdown))
