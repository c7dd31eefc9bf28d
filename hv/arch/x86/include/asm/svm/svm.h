/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * AMD SVM backend internals (hv/arch/x86/svm). Nothing outside svm/ includes this: the rest
 * of the hypervisor reaches SVM only through hvm_funcs.
 */
#ifndef X86_SVM_SVM_H
#define X86_SVM_SVM_H

#include <hv/domain.h>
#include <asm/hvm/hvm.h>
#include <asm/svm/vmcb.h>

#define MSR_VM_CR       0xc0010114
#define MSR_VM_HSAVE_PA 0xc0010117
#define VM_CR_SVMDIS    (1ULL << 4)

struct svm_vcpu {
    struct vmcb *vmcb;
    paddr_t vmcb_pa;
    uint32_t asid;
    uint64_t asid_generation;
    int last_cpu;                                  /* CPU of the last VMRUN, or -1. */
    uint8_t fpu[512] __attribute__((aligned(16))); /* FXSAVE image of the guest's FPU/SSE. */
};

static inline struct svm_vcpu *to_svm(struct vcpu *v)
{
    return v->arch.vendor;
}

/* svm/entry.S */
void svm_vmrun(paddr_t vmcb_pa, struct guest_regs *regs, paddr_t host_vmcb_pa);

/* svm/asid.c: give `v` a valid ASID on this CPU; true when its TLB must be flushed. */
void svm_asid_init_cpu(uint32_t nr_asids);
void svm_asid_assign(struct vcpu *v);

/* svm/exit.c: translate the VMCB's exit information into *exit. */
void svm_decode_exit(struct vcpu *v, struct hvm_exit *exit);

extern bool svm_has_nrips;

#endif /* X86_SVM_SVM_H */
