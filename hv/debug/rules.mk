# SPDX-License-Identifier: GPL-2.0-only
# Debug-only features; release builds (DEBUG=n) link the stubs instead (convention 23).
ifeq ($(DEBUG),y)
HV_OBJS += hv/debug/crashtest.o
else
HV_OBJS += hv/debug/crashtest-stub.o
endif
