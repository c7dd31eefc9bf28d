/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Changing what a domain's guest-physical frames map to, once it runs: grant mappings, its own
 * RAM given back or moved, and the TLB flushes that must finish before a frame that left the
 * p2m can be handed to anyone else.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/grant-table.h>
#include <hv/smp.h>
#include <asm/hvm/hvm.h>
#include <asm/p2m.h>
#include <asm/system.h>

#define GUEST_GFN_LIMIT (1ULL << 36) /* 48-bit guest-physical addresses. */
#define RAM_TYPES       (P2M_TYPE_BIT(P2M_RAM_RW) | P2M_TYPE_BIT(P2M_RAM_RO))
#define GRANT_TYPES     (P2M_TYPE_BIT(P2M_GRANT_MAP_RW) | P2M_TYPE_BIT(P2M_GRANT_MAP_RO))

static void tlb_flush_ack(void *arg)
{
    (void)arg; /* Being here means the CPU left guest mode; its next entry takes a new ASID. */
}

/*
 * After a translation of d was removed or weakened (the p2m generation moved on): make sure no
 * CPU still runs a vCPU of d with the old ASID. Each CPU that runs one leaves guest mode to
 * answer, and enters again only through svm_asid_assign(), which sees the new generation.
 */
void arch_domain_flush_tlbs(struct domain *d)
{
    unsigned long mask = 0;

    smp_mb(); /* The generation update before the is_running reads (pairs with the entry path). */
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        const struct vcpu *v = d->vcpu[i];

        if (READ_ONCE(v->is_running)) {
            mask |= 1UL << READ_ONCE(v->processor);
        }
    }
    smp_call_function_mask(mask, tlb_flush_ack, NULL);
}

mfn_t arch_domain_ram_mfn(struct domain *d, uint64_t gfn, bool *readonly)
{
    enum p2m_type t;
    mfn_t mfn;

    if (gfn >= GUEST_GFN_LIMIT) {
        return INVALID_MFN;
    }
    mfn = p2m_lookup(&d->arch.p2m, _gfn((unsigned long)gfn), &t, NULL);
    if (t != P2M_RAM_RW && t != P2M_RAM_RO) {
        return INVALID_MFN;
    }
    *readonly = t == P2M_RAM_RO;
    return mfn;
}

int gnttab_p2m_map(struct domain *d, uint64_t gfn, mfn_t mfn, bool readonly)
{
    mfn_t old;
    int rc;

    if (gfn >= GUEST_GFN_LIMIT) {
        return -EINVAL;
    }
    rc = p2m_replace_if(&d->arch.p2m, _gfn((unsigned long)gfn), P2M_TYPE_BIT(P2M_INVALID),
                        INVALID_MFN, mfn, readonly ? P2M_GRANT_MAP_RO : P2M_GRANT_MAP_RW, &old);
    return rc == -EINVAL ? -ENOMEM : rc; /* gfn and type were checked: only memory can fail. */
}

int gnttab_p2m_unmap(struct domain *d, uint64_t gfn, mfn_t expected)
{
    mfn_t old;

    if (gfn >= GUEST_GFN_LIMIT ||
        p2m_replace_if(&d->arch.p2m, _gfn((unsigned long)gfn), GRANT_TYPES, expected, INVALID_MFN,
                       P2M_INVALID, &old)) {
        return -ENOENT;
    }
    arch_domain_flush_tlbs(d);
    return 0;
}

mfn_t arch_domain_take_ram(struct domain *d, uint64_t gfn)
{
    mfn_t old;

    if (gfn >= GUEST_GFN_LIMIT || p2m_replace_if(&d->arch.p2m, _gfn((unsigned long)gfn), RAM_TYPES,
                                                 INVALID_MFN, INVALID_MFN, P2M_INVALID, &old)) {
        return INVALID_MFN;
    }
    arch_domain_flush_tlbs(d);
    return old;
}

int arch_domain_map_new_ram(struct domain *d, uint64_t gfn, mfn_t mfn)
{
    mfn_t old;

    if (gfn >= GUEST_GFN_LIMIT) {
        return -EINVAL;
    }
    return p2m_replace_if(&d->arch.p2m, _gfn((unsigned long)gfn), P2M_TYPE_BIT(P2M_INVALID),
                          INVALID_MFN, mfn, P2M_RAM_RW, &old);
}
