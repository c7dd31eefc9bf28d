# SPDX-License-Identifier: GPL-2.0-only
# A CPU hog on every vCPU for a while: $(BUILD)/guests/test-hog.
$(eval $(call guest_test,hog))
