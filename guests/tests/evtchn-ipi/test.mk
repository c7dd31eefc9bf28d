# SPDX-License-Identifier: GPL-2.0-only
# Event channel IPIs between vCPUs, per-vCPU upcall vectors, bind_vcpu: $(BUILD)/guests/test-evtchn-ipi.
$(eval $(call guest_test,evtchn-ipi))
