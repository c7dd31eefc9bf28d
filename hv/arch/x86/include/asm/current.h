/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-CPU state reachable from the stack pointer.
 *
 * Each CPU's stack block is STACK_SIZE bytes, STACK_SIZE-aligned, with struct cpu_info at its
 * very top. The IST stacks (NMI, #DF, #MC) live in the same block, so the lookup works in
 * every context, and nothing depends on the GS base, which guest entry and exit change.
 *
 * Block layout, by page: 0 guard, 1-2 NMI, 3-4 #DF, 5-6 #MC, 7 guard, 8-15 primary stack.
 */
#ifndef X86_CURRENT_H
#define X86_CURRENT_H

#define STACK_ORDER 4
#define STACK_SIZE  (4096UL << STACK_ORDER)

#define STACK_PAGE_IST_NMI 1
#define STACK_PAGE_IST_DF  3
#define STACK_PAGE_IST_MC  5
#define STACK_PAGE_GUARD   7
#define STACK_PAGE_PRIMARY 8
#define STACK_IST_PAGES    2

#define CPU_INFO_SIZE 32

#ifndef __ASSEMBLY__

#include <hv/types.h>

struct cpu_info {
    unsigned int processor_id; /* Logical CPU number. */
    unsigned int apic_id;
    unsigned long per_cpu_offset;
    void *current_vcpu; /* Owned by the scheduler (later issues). */
    unsigned long pad;
};
_Static_assert(sizeof(struct cpu_info) == CPU_INFO_SIZE, "CPU_INFO_SIZE is used by head.S");

static inline struct cpu_info *get_cpu_info(void)
{
    unsigned long sp;

    __asm__("mov %%rsp, %0" : "=r"(sp));
    return (struct cpu_info *)((sp | (STACK_SIZE - 1)) + 1 - sizeof(struct cpu_info));
}

#define smp_processor_id() (get_cpu_info()->processor_id)

#endif /* __ASSEMBLY__ */
#endif /* X86_CURRENT_H */
