# SPDX-License-Identifier: GPL-2.0-only
# The hypercall-page test kernel: $(BUILD)/guests/test-hypercall-page.
$(eval $(call guest_test,hypercall-page))
