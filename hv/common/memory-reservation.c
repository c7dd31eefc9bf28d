/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Changing a running domain's memory (guest-abi.md 2.4): XENMEM_populate_physmap and
 * XENMEM_decrease_reservation (ballooning), XENMEM_remove_from_physmap, and the frame-moving
 * spaces of XENMEM_add_to_physmap (own RAM, grant-table frames).
 *
 * Everything comes from a guest: extent lists are read one entry at a time, orders and frame
 * numbers are bounded before use, and a list stops at its first bad extent with the count of
 * those done, as Xen reports it. Frames leave the p2m before they leave the domain, and only
 * after every CPU dropped the old translation (arch_domain_take_ram), so a balloon can never
 * hand out a page that a vCPU can still write.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/grant-table.h>
#include <hv/guest-access.h>
#include <hv/hypercall.h>
#include <hv/memory-op.h>
#include <hv/shared-info.h>
#include <public/memory.h>
#include <public/xen.h>

#define EXTENT_ORDER_MAX 9 /* A 2 MiB extent, Xen's limit for an unprivileged domain. */
#define GFN_LIMIT        (1ULL << 36)

/* The domain `domid` names for memory ops: the caller itself only, until there are
 * privileges. -ESRCH for no such domain, -EPERM for another one. */
struct domain *memop_domain(struct vcpu *v, domid_t domid, long *rc)
{
    if (domid == DOMID_SELF || domid == v->domain->domain_id) {
        return v->domain;
    }
    *rc = domain_by_id(domid) ? -EPERM : -ESRCH;
    return NULL;
}

/* Give back the frames of one extent at gfn; false (nothing changed after the first frame
 * that is not RAM) when the extent is not all RAM. */
static bool release_extent(struct domain *d, uint64_t gfn, unsigned int order)
{
    for (uint64_t i = 0; i < (1ULL << order); i++) {
        mfn_t mfn = arch_domain_take_ram(d, gfn + i);

        if (mfn_eq(mfn, INVALID_MFN)) {
            return false;
        }
        domain_release_frame(d, mfn);
    }
    return true;
}

/* Back one extent of holes at gfn with new frames; false if it could not (no change). */
static bool populate_extent(struct domain *d, uint64_t gfn, unsigned int order)
{
    uint64_t n = 1ULL << order, i;
    mfn_t mfn;

    if (gfn & (n - 1)) {
        return false;
    }
    mfn = domain_alloc_pages(d, order);
    if (mfn_eq(mfn, INVALID_MFN)) {
        return false;
    }
    for (i = 0; i < n; i++) {
        if (arch_domain_map_new_ram(d, gfn + i, _mfn(mfn_x(mfn) + i))) {
            break; /* Not a hole (or out of memory): undo this extent. */
        }
    }
    if (i == n) {
        return true;
    }
    while (i--) {
        arch_domain_take_ram(d, gfn + i);
    }
    for (i = 0; i < n; i++) {
        domain_release_frame(d, _mfn(mfn_x(mfn) + i));
    }
    return false;
}

long memory_reservation(struct vcpu *v, unsigned int cmd, unsigned long *args)
{
    unsigned long done = args[0] >> MEMOP_EXTENT_SHIFT;
    struct xen_memory_reservation r;
    struct domain *d;
    long rc = 0;

    if (copy_from_guest(v, &r, args[1], sizeof(r))) {
        return -EFAULT;
    }
    if (!(d = memop_domain(v, r.domid, &rc))) {
        return rc;
    }
    if (r.extent_order > EXTENT_ORDER_MAX || done > r.nr_extents) {
        return -EINVAL;
    }
    for (; done < r.nr_extents; done++) {
        uint64_t gfn;

        if (done != (args[0] >> MEMOP_EXTENT_SHIFT) && hypercall_preempt_check()) {
            args[0] = cmd | (done << MEMOP_EXTENT_SHIFT);
            return -ERESTART;
        }
        if (copy_from_guest(v, &gfn, r.extent_start.q + done * sizeof(gfn), sizeof(gfn))) {
            return done ? (long)done : -EFAULT;
        }
        if (gfn >= GFN_LIMIT ||
            !(cmd == XENMEM_populate_physmap ? populate_extent(d, gfn, r.extent_order)
                                             : release_extent(d, gfn, r.extent_order))) {
            break;
        }
    }
    return (long)done;
}

long memory_remove_from_physmap(struct vcpu *v, uint64_t arg)
{
    struct xen_remove_from_physmap x;
    struct domain *d;
    long rc = 0;

    if (copy_from_guest(v, &x, arg, sizeof(x))) {
        return -EFAULT;
    }
    if (!(d = memop_domain(v, x.domid, &rc))) {
        return rc;
    }
    if (x.gpfn >= GFN_LIMIT) {
        return -EINVAL;
    }
    if (x.gpfn == d->shared_info_gfn) {
        return shared_info_unmap(d);
    }
    return release_extent(d, x.gpfn, 0) ? 0 : -ENOENT;
}

/* XENMAPSPACE_gmfn: the domain's own RAM frame at `from` moves to `to` (a hole, or RAM that
 * the frame replaces and that goes back to the allocator). */
static long move_frame(struct domain *d, uint64_t from, uint64_t to)
{
    mfn_t mfn;

    if (from >= GFN_LIMIT || to >= GFN_LIMIT) {
        return -EINVAL;
    }
    if (from == to) {
        bool ro;

        return mfn_eq(arch_domain_ram_mfn(d, from, &ro), INVALID_MFN) ? -EINVAL : 0;
    }
    mfn = arch_domain_take_ram(d, from);
    if (mfn_eq(mfn, INVALID_MFN)) {
        return -EINVAL;
    }
    release_extent(d, to, 0); /* Whatever RAM was there goes. */
    if (arch_domain_map_new_ram(d, to, mfn)) {
        arch_domain_map_new_ram(d, from, mfn); /* Put it back; from was emptied above. */
        return -EBUSY;
    }
    return 0;
}

/* XENMAPSPACE_grant_table: table frame idx at gpfn, growing the table to idx + 1 frames. */
static long map_grant_frame(struct domain *d, unsigned long idx, uint64_t gpfn)
{
    mfn_t mfn;
    uint64_t old;
    int rc;

    if (idx & XENMAPIDX_grant_table_status) {
        return -EINVAL; /* Status frames are grant tables v2's; v1 only here. */
    }
    if (idx > UINT32_MAX || gpfn >= GFN_LIMIT) {
        return -EINVAL;
    }
    mfn = gnttab_frame_mfn(d, (unsigned int)idx);
    if (mfn_eq(mfn, INVALID_MFN)) {
        return -EINVAL;
    }
    rc = arch_domain_map_frame(d, _gfn((unsigned long)gpfn), mfn);
    if (rc) {
        return rc;
    }
    old = gnttab_frame_set_gfn(d, (unsigned int)idx, gpfn);
    if (old != GNTTAB_NO_GFN && old != gpfn) {
        arch_domain_unmap_frame(d, _gfn((unsigned long)old), mfn);
    }
    return 0;
}

long memory_add_to_physmap(struct vcpu *v, uint64_t arg)
{
    struct xen_add_to_physmap a;
    struct domain *d;
    long rc = 0;

    if (copy_from_guest(v, &a, arg, sizeof(a))) {
        return -EFAULT;
    }
    if (!(d = memop_domain(v, a.domid, &rc))) {
        return rc;
    }
    switch (a.space) {
    case XENMAPSPACE_shared_info:
        return a.idx == 0 ? shared_info_map(d, a.gpfn) : -EINVAL;
    case XENMAPSPACE_grant_table:
        return map_grant_frame(d, a.idx, a.gpfn);
    case XENMAPSPACE_gmfn:
        return move_frame(d, a.idx, a.gpfn);
    default:
        return -EINVAL; /* gmfn_range, foreign and MMIO spaces are not offered. */
    }
}
