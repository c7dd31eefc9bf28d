# SPDX-License-Identifier: GPL-2.0-only
# Virtualization instructions raise #UD in guests: $(BUILD)/guests/test-svm-insns.
$(eval $(call guest_test,svm-insns))
