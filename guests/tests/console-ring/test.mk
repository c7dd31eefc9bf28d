# SPDX-License-Identifier: GPL-2.0-only
# The PV console ring served by the hypervisor: $(BUILD)/guests/test-console-ring.
$(eval $(call guest_test,console-ring))
