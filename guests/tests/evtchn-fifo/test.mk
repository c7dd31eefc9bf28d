# SPDX-License-Identifier: GPL-2.0-only
# FIFO event channels, priorities and queue order: $(BUILD)/guests/test-evtchn-fifo.
$(eval $(call guest_test,evtchn-fifo))
