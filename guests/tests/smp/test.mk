# SPDX-License-Identifier: GPL-2.0-only
# Secondary vCPUs via VCPUOP_initialise/up/down: $(BUILD)/guests/test-smp.
$(eval $(call guest_test,smp))
