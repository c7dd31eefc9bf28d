/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x86 lifecycle hooks of domains and vCPUs: the p2m and the vendor's per-vCPU state.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/string.h>
#include <asm/hvm/hvm.h>
#include <asm/page.h>
#include <asm/processor.h>

static mfn_t p2m_alloc_table(void *ctx)
{
    mfn_t mfn = alloc_pages(0);

    (void)ctx;
    if (!mfn_eq(mfn, INVALID_MFN)) {
        memset(maddr_to_virt(mfn_to_paddr(mfn)), 0, PAGE_SIZE);
    }
    return mfn;
}

static void p2m_free_table(void *ctx, mfn_t mfn)
{
    (void)ctx;
    free_pages(mfn, 0);
}

static void *p2m_map_table(mfn_t mfn)
{
    return maddr_to_virt(mfn_to_paddr(mfn));
}

const struct p2m_table_ops p2m_default_ops = {
    .alloc_table = p2m_alloc_table,
    .free_table = p2m_free_table,
    .map_table = p2m_map_table,
};

int arch_domain_create(struct domain *d)
{
    if (!hvm_funcs) {
        return -ENODEV;
    }
    /* The guest's TSC starts near zero and runs at the host's rate. */
    d->arch.tsc_offset = -rdtsc();
    vpit_init(&d->arch.pit);
    return p2m_init(&d->arch.p2m, &p2m_default_ops, d);
}

void arch_domain_destroy(struct domain *d)
{
    p2m_teardown(&d->arch.p2m);
}

int arch_vcpu_create(struct vcpu *v)
{
    vlapic_init(v);
    return hvm_funcs->vcpu_init(v);
}

void arch_vcpu_destroy(struct vcpu *v)
{
    vlapic_destroy(v);
    hvm_funcs->vcpu_destroy(v);
}

int arch_domain_map_ram(struct domain *d, gfn_t gfn, mfn_t mfn, unsigned int order)
{
    return p2m_set_entry(&d->arch.p2m, gfn, mfn, order, P2M_RAM_RW);
}

void arch_vcpu_set_boot_state(struct vcpu *v, uint32_t entry, uint32_t ebx)
{
    struct hvm_boot_state bs = {.entry = entry, .ebx = ebx};

    hvm_funcs->vcpu_set_boot_state(v, &bs);
}

/* What a hypervisor frame may be placed over: a hole, the domain's RAM or another such frame,
 * never a grant mapping (those leave the p2m only through gnttab_p2m_unmap()). */
#define FRAME_REPLACEABLE                                                                          \
    (P2M_TYPE_BIT(P2M_INVALID) | P2M_TYPE_BIT(P2M_RAM_RW) | P2M_TYPE_BIT(P2M_RAM_RO))

int arch_domain_map_frame(struct domain *d, gfn_t gfn, mfn_t mfn)
{
    mfn_t old;
    int rc =
        p2m_replace_if(&d->arch.p2m, gfn, FRAME_REPLACEABLE, INVALID_MFN, mfn, P2M_RAM_RW, &old);

    if (!rc && !mfn_eq(old, INVALID_MFN)) {
        arch_domain_flush_tlbs(d);
    }
    return rc;
}

int arch_domain_unmap_frame(struct domain *d, gfn_t gfn, mfn_t mfn)
{
    mfn_t old;
    int rc = p2m_replace_if(&d->arch.p2m, gfn, P2M_TYPE_BIT(P2M_RAM_RW), mfn, INVALID_MFN,
                            P2M_INVALID, &old);

    if (!rc) {
        arch_domain_flush_tlbs(d);
    }
    return rc;
}

void *arch_domain_ram_page(struct domain *d, uint64_t gfn)
{
    enum p2m_type t;
    mfn_t mfn;

    if (gfn >= (1ULL << 36)) {
        return NULL;
    }
    mfn = p2m_lookup(&d->arch.p2m, _gfn((unsigned long)gfn), &t, NULL);
    return t == P2M_RAM_RW ? maddr_to_virt(mfn_to_paddr(mfn)) : NULL;
}
