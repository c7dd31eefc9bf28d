/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * GNTTABOP_map_grant_ref and GNTTABOP_unmap_grant_ref for auto-translated (PVH) domains, and
 * the maptrack: the mapping domain's record of each mapping it holds, indexed by the handle
 * the guest gets back. host_addr is a guest-physical address of the mapping domain, where the
 * granted frame appears as a P2M_GRANT_MAP_* entry (guest-abi.md 5.2, 5.3).
 *
 * A maptrack entry goes FREE -> BUSY (map in progress) -> MAPPED -> BUSY (unmap in progress)
 * -> FREE. Only MAPPED entries can be unmapped, so two vCPUs unmapping one handle cannot both
 * succeed. Each MAPPED entry holds one page reference on its frame and one pin on the granter's
 * entry (if the granter still exists).
 */
#include <hv/bug.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/grant-table.h>
#include <hv/guest-access.h>
#include <hv/hypercall.h>
#include <hv/xmalloc.h>

enum { MT_FREE, MT_BUSY, MT_MAPPED };

/* One mapping this domain made. 32 bytes: a page-sized chunk holds MT_PER_CHUNK. */
struct gnttab_maptrack {
    uint64_t gfn;      /* Where it is mapped in this domain. */
    uint64_t mfn;      /* The granted frame; this entry holds one reference on it. */
    uint64_t instance; /* The granter's table (grant_table.instance). */
    grant_ref_t ref;   /* The granter's entry; the next free handle while FREE. */
    domid_t dom;       /* The granter. */
    uint8_t state;     /* MT_*. */
    uint8_t readonly;
};
BUILD_BUG_ON(sizeof(struct gnttab_maptrack) != 32);

#define MT_PER_CHUNK ((unsigned int)(PAGE_SIZE / sizeof(struct gnttab_maptrack)))
#define MT_NONE      (~0U)

static struct gnttab_maptrack *mt_entry(struct grant_table *gt, grant_handle_t h)
{
    return &gt->maptrack[h / MT_PER_CHUNK][h % MT_PER_CHUNK];
}

/* Add a chunk of free entries. Pre: maptrack_lock held, the free list is empty. */
static bool mt_grow(struct grant_table *gt)
{
    struct gnttab_maptrack *chunk;

    if (gt->maptrack_nr >= gt->maptrack_max) {
        return false;
    }
    if (!gt->maptrack) {
        /* The directory is sized for the limit once, so chunks never move. */
        gt->maptrack =
            xzalloc_array(struct gnttab_maptrack *, DIV_ROUND_UP(gt->maptrack_max, MT_PER_CHUNK));
        if (!gt->maptrack) {
            return false;
        }
    }
    chunk = xzalloc(PAGE_SIZE);
    if (!chunk) {
        return false;
    }
    gt->maptrack[gt->maptrack_nr / MT_PER_CHUNK] = chunk;
    /* Link the new entries in handle order, so handles are handed out lowest first. */
    for (unsigned int i = MT_PER_CHUNK; i-- > 0;) {
        chunk[i].state = MT_FREE;
        chunk[i].ref = gt->maptrack_free;
        gt->maptrack_free = gt->maptrack_nr + i;
    }
    gt->maptrack_nr += MT_PER_CHUNK;
    return true;
}

/* Take a free handle, left BUSY for the caller to fill; MT_NONE when at the limit or out of memory. */
static grant_handle_t mt_get(struct grant_table *gt)
{
    grant_handle_t h = MT_NONE;

    spin_lock(&gt->maptrack_lock);
    if (gt->maptrack_free != MT_NONE || mt_grow(gt)) {
        struct gnttab_maptrack *e;

        h = gt->maptrack_free;
        e = mt_entry(gt, h);
        gt->maptrack_free = e->ref;
        e->state = MT_BUSY;
        gt->maptrack_in_use++;
    }
    spin_unlock(&gt->maptrack_lock);
    return h;
}

/* Return a BUSY handle to the free list. */
static void mt_put(struct grant_table *gt, grant_handle_t h)
{
    struct gnttab_maptrack *e;

    spin_lock(&gt->maptrack_lock);
    e = mt_entry(gt, h);
    ASSERT(e->state == MT_BUSY);
    e->state = MT_FREE;
    e->ref = gt->maptrack_free;
    gt->maptrack_free = h;
    gt->maptrack_in_use--;
    spin_unlock(&gt->maptrack_lock);
}

/*
 * End what a mapping holds once its p2m entry is gone: the pin on the granter's entry (if
 * that table still exists: otherwise the pin went with it) and then the page reference.
 */
static void release_mapping(struct domain *ld, const struct gnttab_maptrack *m)
{
    struct domain *rd = gnttab_domain_get_instance(m->dom, m->instance);

    if (rd) {
        gnttab_unpin(rd, m->ref, ld->domain_id, m->readonly);
        gnttab_domain_put(rd);
    }
    gnttab_put_page(_mfn(m->mfn));
}

/* Checks that need no state, in Xen's order. */
static int check_map_flags(uint32_t flags)
{
    if (!(flags & (GNTMAP_host_map | GNTMAP_device_map))) {
        return GNTST_bad_gntref;
    }
    /* No IOMMU, and the PV-only kinds make no sense for a translated domain (Xen). */
    if (flags & (GNTMAP_device_map | GNTMAP_application_map | GNTMAP_contains_pte)) {
        return GNTST_general_error;
    }
    return GNTST_okay;
}

/* Pin (rd, ref) for ld and record it in m; rd is held only for this, not for the p2m update. */
static int pin_for_map(struct domain *ld, struct domain *rd, struct gnttab_maptrack *m)
{
    mfn_t mfn;
    int rc = gnttab_pin(rd, m->ref, ld->domain_id, m->readonly, true, &mfn);

    if (rc == GNTST_okay) {
        m->mfn = mfn_x(mfn);
        m->dom = rd->domain_id;
        m->instance = domain_grant_table(rd)->instance;
    }
    gnttab_domain_put(rd);
    return rc;
}

static int map_one(struct vcpu *v, struct gnttab_map_grant_ref *op)
{
    struct domain *ld = v->domain, *rd = NULL;
    struct grant_table *lgt = domain_grant_table(ld);
    struct gnttab_maptrack m = {
        .gfn = op->host_addr >> PAGE_SHIFT, /* Low bits ignored, as Xen does. */
        .ref = op->ref,
        .readonly = (op->flags & GNTMAP_readonly) != 0,
        .state = MT_MAPPED,
    };
    grant_handle_t h;
    int rc = check_map_flags(op->flags);

    if (rc == GNTST_okay) {
        /* By id only: Xen does not take DOMID_SELF here. */
        rc = gnttab_domain_get(ld, op->dom, false, &rd);
    }
    if (rc != GNTST_okay) {
        return rc;
    }
    h = mt_get(lgt);
    if (h == MT_NONE) {
        gnttab_domain_put(rd);
        return GNTST_no_space;
    }
    rc = pin_for_map(ld, rd, &m);
    /* The pin and the page reference now keep the frame; the p2m update may wait for CPUs. */
    if (rc == GNTST_okay && gnttab_p2m_map(ld, m.gfn, _mfn(m.mfn), m.readonly)) {
        release_mapping(ld, &m);
        rc = GNTST_general_error;
    }
    if (rc != GNTST_okay) {
        mt_put(lgt, h);
        return rc;
    }
    spin_lock(&lgt->maptrack_lock);
    *mt_entry(lgt, h) = m;
    spin_unlock(&lgt->maptrack_lock);
    op->handle = h;
    op->dev_bus_addr = 0; /* No device mapping without an IOMMU. */
    return GNTST_okay;
}

/* Claim a MAPPED handle for unmapping (BUSY) and copy it out; GNTST_* on a bad request. */
static int claim_handle(struct grant_table *gt, const struct gnttab_unmap_grant_ref *op,
                        struct gnttab_maptrack *m)
{
    struct gnttab_maptrack *e;
    int rc = GNTST_okay;

    spin_lock(&gt->maptrack_lock);
    if (op->handle >= gt->maptrack_nr) {
        rc = GNTST_bad_handle;
        goto out;
    }
    e = mt_entry(gt, gnttab_index_nospec(op->handle, gt->maptrack_nr));
    if (e->state != MT_MAPPED) {
        rc = GNTST_bad_handle;
    } else if (e->gfn != op->host_addr >> PAGE_SHIFT) {
        /* Not where this handle is mapped (Xen finds no such grant mapping there). */
        rc = GNTST_general_error;
    } else {
        e->state = MT_BUSY;
        *m = *e;
    }
out:
    spin_unlock(&gt->maptrack_lock);
    return rc;
}

static int unmap_one(struct vcpu *v, const struct gnttab_unmap_grant_ref *op)
{
    struct domain *ld = v->domain;
    struct grant_table *lgt = domain_grant_table(ld);
    struct gnttab_maptrack m;
    int rc = claim_handle(lgt, op, &m);

    if (rc != GNTST_okay) {
        return rc;
    }
    if (gnttab_p2m_unmap(ld, m.gfn, _mfn(m.mfn))) {
        /* Something else is at gfn now: the mapping stays recorded, as in Xen. */
        spin_lock(&lgt->maptrack_lock);
        mt_entry(lgt, op->handle)->state = MT_MAPPED;
        spin_unlock(&lgt->maptrack_lock);
        return GNTST_general_error;
    }
    /* Only now, with the translation gone and flushed, may the granter see the page free. */
    release_mapping(ld, &m);
    mt_put(lgt, op->handle);
    return GNTST_okay;
}

long gnttab_map_batch(struct vcpu *v, uint64_t uop, unsigned int count)
{
    for (unsigned int i = 0; i < count; i++) {
        uint64_t addr = uop + (uint64_t)i * sizeof(struct gnttab_map_grant_ref);
        struct gnttab_map_grant_ref op;

        if (i && hypercall_preempt_check()) {
            return i;
        }
        if (copy_from_guest(v, &op, addr, sizeof(op))) {
            return -EFAULT;
        }
        op.status = (int16_t)map_one(v, &op);
        /* A mapping whose handle cannot be reported stays until unmapped or the domain dies. */
        if (copy_to_guest(v, addr, &op, sizeof(op))) {
            return -EFAULT;
        }
    }
    return count;
}

long gnttab_unmap_batch(struct vcpu *v, uint64_t uop, unsigned int count)
{
    for (unsigned int i = 0; i < count; i++) {
        uint64_t addr = uop + (uint64_t)i * sizeof(struct gnttab_unmap_grant_ref);
        struct gnttab_unmap_grant_ref op;

        if (i && hypercall_preempt_check()) {
            return i;
        }
        if (copy_from_guest(v, &op, addr, sizeof(op))) {
            return -EFAULT;
        }
        op.status = (int16_t)unmap_one(v, &op);
        if (copy_to_guest(v, addr + offsetof(struct gnttab_unmap_grant_ref, status), &op.status,
                          sizeof(op.status))) {
            return -EFAULT;
        }
    }
    return count;
}

void gnttab_maptrack_release(struct domain *d)
{
    struct grant_table *gt = domain_grant_table(d);

    /* No vCPU of d runs, so nothing else touches its maptrack: no lock needed to walk it. */
    for (unsigned int h = 0; h < gt->maptrack_nr; h++) {
        struct gnttab_maptrack *e = mt_entry(gt, h);

        ASSERT(e->state != MT_BUSY);
        if (e->state == MT_MAPPED) {
            /* Failure means the entry is already gone; the reference must go either way. */
            (void)gnttab_p2m_unmap(d, e->gfn, _mfn(e->mfn));
            release_mapping(d, e);
            e->state = MT_FREE;
        }
    }
    for (unsigned int c = 0; gt->maptrack && c < DIV_ROUND_UP(gt->maptrack_nr, MT_PER_CHUNK); c++) {
        xfree(gt->maptrack[c]);
    }
    xfree(gt->maptrack);
    gt->maptrack = NULL;
    gt->maptrack_nr = 0;
    gt->maptrack_in_use = 0;
    gt->maptrack_free = MT_NONE;
}
