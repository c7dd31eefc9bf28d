# SPDX-License-Identifier: GPL-2.0-only
HV_OBJS += hv/common/string.o hv/common/vsprintf.o hv/common/symbols.o
HV_OBJS += hv/common/console.o hv/common/panic.o hv/common/idle.o hv/common/vmap.o
HV_OBJS += hv/common/bootinfo.o hv/common/bitmap.o hv/common/cmdline.o
HV_OBJS += hv/common/page-alloc.o hv/common/xmalloc.o hv/common/timer.o hv/common/softirq.o
HV_OBJS += hv/common/pvh-loader.o hv/common/pvh-start-info.o hv/common/pvh-acpi.o hv/common/domain-spec.o
HV_OBJS += hv/common/domain.o hv/common/sched-fair.o hv/common/sched-fair-math.o hv/common/domain-build.o
HV_OBJS += hv/common/hypercall.o hv/common/xen-version.o hv/common/console-io.o
HV_OBJS += hv/common/sched-op.o hv/common/memory-op.o hv/common/hvm-param.o hv/common/vcpu-op.o
HV_OBJS += hv/common/console-domain.o hv/common/console-ring.o hv/common/console-mux.o
HV_OBJS += hv/common/shared-info.o hv/common/pv-time.o hv/common/runstate.o
HV_OBJS += hv/common/event-channel.o hv/common/event-channel-op.o hv/common/event-2l.o
HV_OBJS += hv/common/event-fifo.o hv/common/vcpu-timer.o hv/common/domain-memory.o hv/common/memory-reservation.o
HV_OBJS += hv/common/domctl.o hv/common/domctl-check.o
HV_OBJS += hv/common/grant-table.o hv/common/grant-map.o hv/common/grant-copy.o
