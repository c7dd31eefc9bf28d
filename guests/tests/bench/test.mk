# SPDX-License-Identifier: GPL-2.0-only
# The exit-cost benchmark kernel: $(BUILD)/guests/test-bench (run by scripts/bench-guest.py).
$(eval $(call guest_test,bench))
