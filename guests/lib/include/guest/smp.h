/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Secondary vCPUs in test kernels: started with VCPUOP_initialise (64-bit mode, the boot
 * vCPU's page tables, GDT and IDT) and VCPUOP_up, each on a stack the test provides.
 */
#ifndef GUEST_SMP_H
#define GUEST_SMP_H

#include <guest/lib.h>

/*
 * Start vCPU `id` running fn(id) on the stack ending at `stack_top` (16-byte aligned). When
 * fn returns, the vCPU takes itself down (VCPUOP_down). Returns the first failing hypercall's
 * result, or 0. Output from secondary vCPUs is allowed (console_io is per domain).
 */
long vcpu_start(unsigned int id, void (*fn)(unsigned int), void *stack_top);

#endif /* GUEST_SMP_H */
