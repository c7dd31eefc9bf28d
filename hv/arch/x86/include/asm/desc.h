/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Descriptor tables: one GDT and TSS per CPU (the TSS points at that CPU's IST stacks), one
 * IDT shared by all. AMD APM vol. 2, 4.8 (descriptors) and 12.2.5 (64-bit TSS).
 */
#ifndef X86_DESC_H
#define X86_DESC_H

#include <hv/types.h>

#define IST_NONE 0
#define IST_NMI  1
#define IST_DF   2
#define IST_MC   3

struct tss64 {
    uint32_t reserved0;
    uint64_t rsp[3]; /* 0x04 */
    uint64_t reserved1;
    uint64_t ist[7]; /* 0x24 */
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base; /* 0x66 */
} __attribute__((packed));
_Static_assert(sizeof(struct tss64) == 0x68, "TSS layout");
_Static_assert(__builtin_offsetof(struct tss64, ist) == 0x24, "TSS layout");

/* Fill the IDT with the entry stubs. Context: boot CPU, once. */
void idt_init(void);

/*
 * Load this CPU's GDT, TSS and the IDT. `stack_block` is the CPU's STACK_SIZE-aligned stack
 * block (asm/current.h) whose IST stacks the TSS will use, or NULL for none yet.
 */
void cpu_load_descriptors(unsigned int cpu, void *stack_block);

#endif /* X86_DESC_H */
