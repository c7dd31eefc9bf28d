# SPDX-License-Identifier: GPL-2.0-only
# shared_info, pvclock, vcpu_info and the upcall vector: $(BUILD)/guests/test-pv-shared-info.
$(eval $(call guest_test,pv-shared-info))
