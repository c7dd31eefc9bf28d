# SPDX-License-Identifier: GPL-2.0-only
# An event-driven sleeper woken by a 1 ms timer, measuring wake-up latency: $(BUILD)/guests/test-sleeper.
$(eval $(call guest_test,sleeper))
