# SPDX-License-Identifier: GPL-2.0-only
HV_OBJS += hv/common/string.o hv/common/vsprintf.o hv/common/symbols.o
HV_OBJS += hv/common/console.o hv/common/panic.o hv/common/idle.o hv/common/vmap.o
HV_OBJS += hv/common/bootinfo.o hv/common/bitmap.o hv/common/cmdline.o
HV_OBJS += hv/common/page-alloc.o hv/common/xmalloc.o hv/common/timer.o hv/common/softirq.o
