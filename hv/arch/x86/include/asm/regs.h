/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The register frame built by the exception and interrupt entry stubs (entry.S). The order
 * is the reverse of the pushes; the last five fields are the hardware's interrupt frame.
 */
#ifndef X86_REGS_H
#define X86_REGS_H

#define REGS_R15  0
#define REGS_SIZE 176

#ifndef __ASSEMBLY__
#include <hv/types.h>

struct cpu_user_regs {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8; /* 0x00 */
    uint64_t rax, rcx, rdx, rsi, rdi;                        /* 0x50 */
    uint64_t vector;                                         /* 0x78 */
    uint64_t error_code;                                     /* 0x80 */
    uint64_t rip, cs, rflags, rsp, ss;                       /* 0x88: hardware frame */
};
_Static_assert(sizeof(struct cpu_user_regs) == REGS_SIZE, "entry.S depends on the layout");
_Static_assert(__builtin_offsetof(struct cpu_user_regs, vector) == 0x78, "entry.S layout");
_Static_assert(__builtin_offsetof(struct cpu_user_regs, rip) == 0x88, "entry.S layout");

/* Print all registers of a frame, the control registers, and a backtrace from it. */
void show_registers(const struct cpu_user_regs *regs);
void show_backtrace(unsigned long rip, unsigned long rbp);

#endif /* __ASSEMBLY__ */
#endif /* X86_REGS_H */
