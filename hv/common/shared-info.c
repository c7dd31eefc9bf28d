/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * shared_info and vcpu_info: allocation, mapping into the guest, relocation of vcpu_info, and
 * marking upcalls pending.
 */
#include <hv/errno.h>
#include <hv/mm.h>
#include <hv/page-alloc.h>
#include <hv/sched.h>
#include <hv/shared-info.h>
#include <hv/string.h>
#include <asm/system.h>
#include <public/xen.h>

#define NO_GFN (~0ULL)

int shared_info_init(struct domain *d)
{
    mfn_t mfn = alloc_pages(0);

    if (mfn_eq(mfn, INVALID_MFN)) {
        return -ENOMEM;
    }
    d->shared_info = mfn_to_virt(mfn);
    d->shared_info_mfn = mfn;
    d->shared_info_gfn = NO_GFN;
    memset(d->shared_info, 0, PAGE_SIZE);
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        /* vCPUs beyond the legacy slots must register a vcpu_info before they run. */
        d->vcpu[i]->vcpu_info = i < XEN_LEGACY_MAX_VCPUS ? &d->shared_info->vcpu_info[i] : NULL;
        d->vcpu[i]->time_stale = true;
    }
    domain_wallclock_update(d);
    return 0;
}

void shared_info_teardown(struct domain *d)
{
    for (unsigned int i = 0; d->vcpu && i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpu[i];

        if (v && v->vcpu_info_registered) {
            domain_unmap_ram(v->vcpu_info); /* The reference vcpu_info_register() took. */
            v->vcpu_info = NULL;
            v->vcpu_info_registered = false;
        }
    }
    if (d->shared_info) {
        free_pages(d->shared_info_mfn, 0);
        d->shared_info = NULL;
    }
}

int shared_info_unmap(struct domain *d)
{
    int rc;

    if (d->shared_info_gfn == NO_GFN) {
        return -ENOENT;
    }
    rc = arch_domain_unmap_frame(d, _gfn((unsigned long)d->shared_info_gfn), d->shared_info_mfn);
    if (!rc) {
        d->shared_info_gfn = NO_GFN;
    }
    return rc;
}

int shared_info_map(struct domain *d, uint64_t gfn)
{
    int rc;

    if (gfn >= (1ULL << 36)) {
        return -EINVAL;
    }
    if (d->shared_info_gfn != NO_GFN && d->shared_info_gfn != gfn) {
        arch_domain_unmap_frame(d, _gfn((unsigned long)d->shared_info_gfn), d->shared_info_mfn);
    }
    /* The RAM frame that was at gfn stays the domain's (freed with it), but is unreachable. */
    rc = arch_domain_map_frame(d, _gfn((unsigned long)gfn), d->shared_info_mfn);
    if (!rc) {
        d->shared_info_gfn = gfn;
    }
    return rc;
}

int vcpu_info_register(struct domain *d, struct vcpu *target, uint64_t gfn, uint32_t offset)
{
    struct vcpu_info *new;
    void *page;

    /* Inside the page, and aligned for the atomic updates of its words (Xen 4.17: -EINVAL). */
    if (offset > PAGE_SIZE - sizeof(struct vcpu_info) || offset % sizeof(xen_ulong_t)) {
        return -EINVAL;
    }
    if (target->vcpu_info_registered) {
        return -EBUSY;
    }
    page = domain_map_ram(d, gfn); /* Held until the domain is destroyed. */
    if (!page) {
        return -EINVAL;
    }
    new = (struct vcpu_info *)((char *)page + offset);
    if (target->vcpu_info) {
        memcpy(new, target->vcpu_info, sizeof(*new));
    } else {
        memset(new, 0, sizeof(*new));
    }
    smp_wmb();
    target->vcpu_info = new;
    target->vcpu_info_registered = true;
    target->time_stale = true;
    /* Events may have been raised in the old place during the move: make the guest look. */
    __atomic_store_n(&new->evtchn_pending_sel, ~0UL, __ATOMIC_RELEASE);
    vcpu_mark_events_pending(target);
    return 0;
}

bool vcpu_upcall_pending(const struct vcpu *v)
{
    return v->vcpu_info && __atomic_load_n(&v->vcpu_info->evtchn_upcall_pending, __ATOMIC_ACQUIRE);
}

void vcpu_block_for_events(struct vcpu *v)
{
    vcpu_block(v);
    if (vcpu_upcall_pending(v)) {
        vcpu_wake(v);
    }
}

void vcpu_mark_events_pending(struct vcpu *v)
{
    if (!v->vcpu_info) {
        return;
    }
    if (__atomic_exchange_n(&v->vcpu_info->evtchn_upcall_pending, 1, __ATOMIC_ACQ_REL)) {
        return; /* Already pending: the vCPU has been told. */
    }
    vcpu_wake(v);
    arch_vcpu_kick(v);
}
