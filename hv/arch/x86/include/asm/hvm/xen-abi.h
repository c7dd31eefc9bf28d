/* SPDX-License-Identifier: GPL-2.0-only */
/* x86 specifics of the Xen interface. */
#ifndef X86_HVM_XEN_ABI_H
#define X86_HVM_XEN_ABI_H

#include <hv/xen-abi.h>

/* MSR through which a guest asks for the hypercall page (CPUID leaf base+2 EBX). */
#define XEN_HYPERCALL_MSR 0x40000000

#endif /* X86_HVM_XEN_ABI_H */
