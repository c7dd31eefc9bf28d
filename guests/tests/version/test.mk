# SPDX-License-Identifier: GPL-2.0-only
# The version test kernel: $(BUILD)/guests/test-version.
$(eval $(call guest_test,version))
