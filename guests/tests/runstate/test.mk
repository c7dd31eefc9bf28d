# SPDX-License-Identifier: GPL-2.0-only
# The runstate area: $(BUILD)/guests/test-runstate.
$(eval $(call guest_test,runstate))
