/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VCPUOP_initialise for HVM/PVH vCPUs: the guest gives a secondary vCPU its first register
 * state (public/hvm/hvm_vcpu.h). The context is checked before anything is loaded; a state
 * the hardware would refuse must fail here with -EINVAL rather than fail VMRUN later.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest-access.h>
#include <asm/hvm/hvm.h>
#include <asm/processor.h>
#include <public/hvm/hvm_vcpu.h>

#define EFER_ALLOWED ((1ULL << 0) | (1ULL << 8) | (1ULL << 10) | (1ULL << 11) | (1ULL << 14))
#define EFER_LME_BIT (1ULL << 8)
#define CR4_ALLOWED                                                                                \
    0x3307ffULL /* VME..OSXMMEXCPT, FSGSBASE, PCIDE, SMEP, SMAP; no LA57, VMXE, OSXSAVE. */
#define CR0_RESERVED 0xffffffff1ffaffc0ULL

static bool valid_controls(uint64_t cr0, uint64_t cr4, uint64_t efer, bool long_mode)
{
    if ((cr0 & CR0_RESERVED) || !(cr0 & X86_CR0_PE) || (cr4 & ~CR4_ALLOWED) ||
        (efer & ~EFER_ALLOWED)) {
        return false;
    }
    if (long_mode) {
        return (cr0 & X86_CR0_PG) && (cr4 & X86_CR4_PAE) && (efer & EFER_LME_BIT);
    }
    return !(efer & EFER_LME_BIT) || !(cr0 & X86_CR0_PG);
}

static bool valid_ar(uint16_t ar, bool code)
{
    /* Present, a code or data segment (S), and only the defined bits. */
    return !(ar & 0xf000) && (ar & 0x80) && (ar & 0x10) && (!!(ar & 0x8) == code);
}

static bool valid_context(const struct vcpu_hvm_context *ctx)
{
    if (ctx->mode == VCPU_HVM_MODE_64B) {
        const struct vcpu_hvm_x86_64 *c = &ctx->cpu_regs.x86_64;

        return valid_controls(c->cr0, c->cr4, c->efer, true) &&
               (uint64_t)((int64_t)(c->rip << 16) >> 16) == c->rip;
    }
    if (ctx->mode == VCPU_HVM_MODE_32B) {
        const struct vcpu_hvm_x86_32 *c = &ctx->cpu_regs.x86_32;

        return valid_controls(c->cr0, c->cr4, c->efer, false) && valid_ar(c->cs_ar, true) &&
               valid_ar(c->ds_ar, false) && valid_ar(c->ss_ar, false) &&
               valid_ar(c->es_ar, false) && !(c->tr_ar & 0xf000) && (c->tr_ar & 0x80);
    }
    return false;
}

long arch_vcpu_initialise(struct vcpu *caller, struct vcpu *target, uint64_t arg)
{
    struct vcpu_hvm_context ctx;

    if (copy_from_guest(caller, &ctx, arg, sizeof(ctx))) {
        return -EFAULT;
    }
    if (!valid_context(&ctx)) {
        return -EINVAL;
    }
    hvm_funcs->vcpu_set_context(target, &ctx);
    return 0;
}
