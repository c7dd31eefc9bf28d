# SPDX-License-Identifier: GPL-2.0-only
# Two of these on one CPU measure a context switch between domains: $(BUILD)/guests/test-yielder.
$(eval $(call guest_test,yielder))
