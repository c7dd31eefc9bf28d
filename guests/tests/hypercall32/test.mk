# SPDX-License-Identifier: GPL-2.0-only
# The hypercall32 test kernel: $(BUILD)/guests/test-hypercall32.
$(eval $(call guest_test,hypercall32))
