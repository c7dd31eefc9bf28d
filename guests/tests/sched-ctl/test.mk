# SPDX-License-Identifier: GPL-2.0-only
# Scheduling changed at run time through domctl, four roles: $(BUILD)/guests/test-sched-ctl.
$(eval $(call guest_test,sched-ctl))
