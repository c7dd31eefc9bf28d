# SPDX-License-Identifier: GPL-2.0-only
# Interdomain event ping-pong: $(BUILD)/guests/test-evtchn-pingpong.
$(eval $(call guest_test,evtchn-pingpong))
