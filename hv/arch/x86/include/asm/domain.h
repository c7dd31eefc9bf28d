/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x86 parts of struct domain and struct vcpu (hv/include/hv/domain.h).
 */
#ifndef X86_DOMAIN_H
#define X86_DOMAIN_H

#include <hv/types.h>
#include <asm/hvm/pit.h>
#include <asm/hvm/vlapic.h>
#include <asm/p2m.h>

/* Guest general-purpose registers, kept here on every exit whatever the vendor. */
struct guest_regs {
    uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp; /* 0x00 */
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;   /* 0x40 */
    uint64_t rip, rflags;                            /* 0x80 */
};

struct arch_domain {
    struct p2m p2m;
    uint64_t tsc_offset; /* Guest TSC = host TSC + offset (starts near zero). */
    struct vpit pit;     /* PIT channel 2 (asm/hvm/pit.h). */
};

struct svm_vcpu;

struct arch_vcpu {
    struct guest_regs regs;
    void *vendor;                 /* struct svm_vcpu (or VMX's later). */
    uint64_t guest_efer;          /* EFER as the guest wrote it. */
    uint64_t hypercall_page_gpa;  /* Last value written to the hypercall MSR. */
    unsigned long p2m_generation; /* p2m.generation when this vCPU's TLB was last flushed. */
    struct vlapic vlapic;
};

#endif /* X86_DOMAIN_H */
