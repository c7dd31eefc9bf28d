# SPDX-License-Identifier: GPL-2.0-only
# The example test kernel: $(BUILD)/guests/test-example.
$(eval $(call guest_test,example))
