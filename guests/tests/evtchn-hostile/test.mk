# SPDX-License-Identifier: GPL-2.0-only
# Refused event channel and vcpu_info requests, two domains: $(BUILD)/guests/test-evtchn-hostile.
$(eval $(call guest_test,evtchn-hostile))
