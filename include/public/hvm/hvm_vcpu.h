/* SPDX-License-Identifier: MIT */
/*
 * The initial register state of an HVM/PVH vCPU, given with VCPUOP_initialise (vcpu.h).
 *
 * mode VCPU_HVM_MODE_32B uses x86_32: general registers, control registers, EFER, and the base,
 * limit and access rights of CS, DS, SS, ES and TR (other segments start flat). mode
 * VCPU_HVM_MODE_64B uses x86_64 and starts the vCPU directly in 64-bit mode: the hypervisor
 * loads flat 64-bit code and data segments itself, so only registers and CR0/CR3/CR4/EFER are
 * given (CR0.PG, CR4.PAE and EFER.LME must be set).
 *
 * The *_ar fields hold a descriptor's access rights: bits 0-3 type, 4 S, 5-6 DPL, 7 P, 8 AVL,
 * 9 L, 10 D/B, 11 G (descriptor bits 40-47 and 52-55); bits 12-15 must be 0.
 */
#ifndef XEN_PUBLIC_HVM_HVM_VCPU_H
#define XEN_PUBLIC_HVM_HVM_VCPU_H

#include "../xen.h"

struct vcpu_hvm_x86_32 {
    uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;           /* 0 */
    uint32_t eip, eflags;                                      /* 32 */
    uint32_t cr0, cr3, cr4;                                    /* 40 */
    uint32_t pad1;                                             /* 52 */
    uint64_t efer;                                             /* 56 */
    uint32_t cs_base, ds_base, ss_base, es_base, tr_base;      /* 64 */
    uint32_t cs_limit, ds_limit, ss_limit, es_limit, tr_limit; /* 84 */
    uint16_t cs_ar, ds_ar, ss_ar, es_ar, tr_ar;                /* 104 */
    uint16_t pad2[3];                                          /* 114 */
};
typedef struct vcpu_hvm_x86_32 xen_vcpu_hvm_x86_32_t;
_Static_assert(sizeof(struct vcpu_hvm_x86_32) == 120, "vcpu_hvm_x86_32 size");
_Static_assert(offsetof(struct vcpu_hvm_x86_32, efer) == 56, "vcpu_hvm_x86_32.efer");
_Static_assert(offsetof(struct vcpu_hvm_x86_32, cs_base) == 64, "vcpu_hvm_x86_32.cs_base");
_Static_assert(offsetof(struct vcpu_hvm_x86_32, cs_limit) == 84, "vcpu_hvm_x86_32.cs_limit");
_Static_assert(offsetof(struct vcpu_hvm_x86_32, cs_ar) == 104, "vcpu_hvm_x86_32.cs_ar");

struct vcpu_hvm_x86_64 {
    uint64_t rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi; /* 0 */
    uint64_t rip, rflags;                            /* 64 */
    uint64_t cr0, cr3, cr4, efer;                    /* 80 */
};
typedef struct vcpu_hvm_x86_64 xen_vcpu_hvm_x86_64_t;
_Static_assert(sizeof(struct vcpu_hvm_x86_64) == 112, "vcpu_hvm_x86_64 size");
_Static_assert(offsetof(struct vcpu_hvm_x86_64, rip) == 64, "vcpu_hvm_x86_64.rip");
_Static_assert(offsetof(struct vcpu_hvm_x86_64, cr0) == 80, "vcpu_hvm_x86_64.cr0");

#define VCPU_HVM_MODE_32B 0 /* x86_32 is valid. */
#define VCPU_HVM_MODE_64B 1 /* x86_64 is valid. */

struct vcpu_hvm_context {
    uint32_t mode; /* 0: IN VCPU_HVM_MODE_* */
    uint32_t pad;  /* 4 */
    union {
        struct vcpu_hvm_x86_32 x86_32;
        struct vcpu_hvm_x86_64 x86_64;
    } cpu_regs; /* 8: IN */
};
typedef struct vcpu_hvm_context vcpu_hvm_context_t;
_Static_assert(sizeof(struct vcpu_hvm_context) == 128, "vcpu_hvm_context size");
_Static_assert(offsetof(struct vcpu_hvm_context, cpu_regs) == 8, "vcpu_hvm_context.cpu_regs");

#endif /* XEN_PUBLIC_HVM_HVM_VCPU_H */
