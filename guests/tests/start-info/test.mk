# SPDX-License-Identifier: GPL-2.0-only
# The start-info test kernel: $(BUILD)/guests/test-start-info.
$(eval $(call guest_test,start-info))
