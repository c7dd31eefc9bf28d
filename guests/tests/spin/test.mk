# SPDX-License-Identifier: GPL-2.0-only
# The spin test kernel: $(BUILD)/guests/test-spin.
$(eval $(call guest_test,spin))
