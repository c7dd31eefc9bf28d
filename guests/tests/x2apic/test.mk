# SPDX-License-Identifier: GPL-2.0-only
# The emulated x2APIC: registers, priorities, self-IPIs, the timer, IPIs, refused accesses:
# $(BUILD)/guests/test-x2apic.
$(eval $(call guest_test,x2apic))
