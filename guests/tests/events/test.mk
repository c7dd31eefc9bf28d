# SPDX-License-Identifier: GPL-2.0-only
# Event channels, VIRQ_TIMER and upcalls: $(BUILD)/guests/test-events.
$(eval $(call guest_test,events))
