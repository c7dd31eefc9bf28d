/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables v1: per-domain state, the shared-entry state machine (pin/unpin), the lifetime
 * of a table, the small operations (setup_table, query_size, set/get_version,
 * get_status_frames) and the grant_table_op entry point. Rules and locking are described in
 * hv/include/hv/grant-table.h.
 */
#include <hv/bug.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/grant-table.h>
#include <hv/guest-access.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <hv/page-alloc.h>
#include <hv/string.h>
#include <hv/xmalloc.h>
#include <public/xen.h>

/*
 * Hypervisor-private state of one grant entry: who uses it and how often. A pin is one
 * mapping or one copy in progress. 8 bytes, so one page holds a table frame's worth.
 */
struct gnttab_active {
    uint16_t pin_ro; /* Read-only users. */
    uint16_t pin_rw; /* Writable users. */
    domid_t user;    /* The one domain holding pins, while any is held. */
    uint16_t pad;
};
BUILD_BUG_ON(sizeof(struct gnttab_active) * GNTTAB_ENTRIES_PER_FRAME != PAGE_SIZE);

/*
 * Pin counts are 16 bits, and one domain may hold more mappings of an entry than that (its
 * maptrack limit is higher): saturate into an error rather than wrap.
 */
#define PIN_MAX 0xffffU

/*
 * The granter may write its entry while we update it, so a compare-and-swap can fail and be
 * retried; but a hostile granter can change it faster than we can retry: give up after a few
 * attempts (Xen's bound too) and fail only this operation.
 */
#define CAS_TRIES 5

/* Continuation arguments ride in the bits of cmd above these (Xen's GNTTABOP_CMD_MASK). */
#define GNTTABOP_CMD_MASK 0xfffU

/* Orders lookups and their `users` increments against teardown setting `dying`. */
static DEFINE_SPINLOCK(gnttab_lookup_lock);
static uint64_t gnttab_next_instance = 1;

static struct gnttab_active *active_entry(struct grant_table *gt, grant_ref_t ref)
{
    return &gt->frames[ref / GNTTAB_ENTRIES_PER_FRAME].active[ref % GNTTAB_ENTRIES_PER_FRAME];
}

/*
 * The shared entry as two 32-bit words, the only way this file touches it: word 0 holds flags
 * (bits 0-15) and domid (bits 16-31) on little-endian x86, so one compare-and-swap checks the
 * grantee and updates the flags together; word 1 is the frame.
 */
static uint32_t *shared_entry(struct grant_table *gt, grant_ref_t ref)
{
    uint32_t *frame = mfn_to_virt(gt->frames[ref / GNTTAB_ENTRIES_PER_FRAME].mfn);

    return &frame[(ref % GNTTAB_ENTRIES_PER_FRAME) * 2];
}

/* Add frames until there are nr. Pre: gt->lock held (or gt not yet visible), nr <= max. */
static int grow_table(struct grant_table *gt, unsigned int nr)
{
    ASSERT(nr <= gt->max_frames);
    while (gt->nr_frames < nr) {
        struct gnttab_frame *f = &gt->frames[gt->nr_frames];
        mfn_t mfn = alloc_pages(0);

        if (mfn_eq(mfn, INVALID_MFN)) {
            return -ENOMEM;
        }
        f->active = xzalloc(PAGE_SIZE);
        if (!f->active) {
            free_pages(mfn, 0);
            return -ENOMEM;
        }
        /* The guest sees these bytes: nothing of a previous user may remain. */
        memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
        mfn_to_page(mfn)->count = 1; /* The table's own reference. */
        f->mfn = mfn;
        __atomic_store_n(&f->gfn, GNTTAB_NO_GFN, __ATOMIC_RELAXED);
        gt->nr_frames++;
    }
    return 0;
}

int gnttab_domain_init(struct domain *d, unsigned int max_frames, unsigned int max_maptrack)
{
    struct grant_table *gt = domain_grant_table(d);

    max_frames = max_frames ? max_frames : GNTTAB_DEFAULT_MAX_FRAMES;
    max_maptrack = max_maptrack ? max_maptrack : GNTTAB_DEFAULT_MAX_MAPTRACK;
    if (max_frames > GNTTAB_MAX_FRAMES_LIMIT || max_maptrack > GNTTAB_MAX_MAPTRACK_LIMIT) {
        return -EINVAL;
    }
    spin_lock_init(&gt->lock);
    spin_lock_init(&gt->maptrack_lock);
    gt->max_frames = max_frames;
    gt->maptrack_max = max_maptrack;
    gt->maptrack_free = ~0U;
    gt->frames = xzalloc_array(struct gnttab_frame, max_frames);
    if (!gt->frames) {
        return -ENOMEM;
    }
    if (grow_table(gt, 1)) {
        xfree(gt->frames);
        gt->frames = NULL;
        return -ENOMEM;
    }
    gt->instance = __atomic_fetch_add(&gnttab_next_instance, 1, __ATOMIC_RELAXED);
    return 0;
}

void gnttab_domain_teardown(struct domain *d)
{
    struct grant_table *gt = domain_grant_table(d);

    spin_lock(&gnttab_lookup_lock);
    gt->dying = true;
    spin_unlock(&gnttab_lookup_lock);
    /* Users hold the table for one operation and never wait for this CPU: the wait is short. */
    while (__atomic_load_n(&gt->users, __ATOMIC_ACQUIRE)) {
        cpu_relax();
    }
    gnttab_maptrack_release(d);
    for (unsigned int i = 0; i < gt->nr_frames; i++) {
        xfree(gt->frames[i].active);
        /* Frees the frame unless someone else still references it. */
        gnttab_put_page(gt->frames[i].mfn);
    }
    xfree(gt->frames);
    gt->frames = NULL;
    gt->nr_frames = 0;
}

mfn_t gnttab_frame_mfn(struct domain *d, unsigned int idx)
{
    struct grant_table *gt = domain_grant_table(d);
    mfn_t mfn = INVALID_MFN;

    spin_lock(&gt->lock);
    if (gt->frames && idx < gt->max_frames &&
        (idx < gt->nr_frames || grow_table(gt, idx + 1) == 0)) {
        mfn = gt->frames[idx].mfn;
    }
    spin_unlock(&gt->lock);
    return mfn;
}

uint64_t gnttab_frame_set_gfn(struct domain *d, unsigned int idx, uint64_t gfn)
{
    struct grant_table *gt = domain_grant_table(d);
    uint64_t old = GNTTAB_NO_GFN;

    spin_lock(&gt->lock);
    if (idx < gt->nr_frames) {
        old = gt->frames[idx].gfn;
        __atomic_store_n(&gt->frames[idx].gfn, gfn, __ATOMIC_RELAXED);
    }
    spin_unlock(&gt->lock);
    return old;
}

int gnttab_seed_entry(struct domain *d, grant_ref_t ref, domid_t grantee, uint64_t gfn,
                      bool readonly)
{
    struct grant_table *gt = domain_grant_table(d);
    unsigned int frame = ref / GNTTAB_ENTRIES_PER_FRAME;
    uint32_t flags = GTF_permit_access | (readonly ? GTF_readonly : 0);
    int rc;

    if (!gt->frames || frame >= gt->max_frames || gfn > UINT32_MAX) {
        return -EINVAL;
    }
    spin_lock(&gt->lock);
    rc = frame < gt->nr_frames ? 0 : grow_table(gt, frame + 1);
    if (rc == 0) {
        uint32_t *w = shared_entry(gt, ref);

        /* The frame first, then grantee and flags together, as a granting guest would. */
        __atomic_store_n(&w[1], (uint32_t)gfn, __ATOMIC_RELAXED);
        __atomic_store_n(&w[0], (uint32_t)grantee << 16 | flags, __ATOMIC_RELEASE);
    }
    spin_unlock(&gt->lock);
    return rc;
}

/* Count one more user of gt unless it is going away. Pre: gnttab_lookup_lock held. */
static bool hold_table(struct grant_table *gt)
{
    if (gt->dying || !gt->frames) {
        return false;
    }
    __atomic_fetch_add(&gt->users, 1, __ATOMIC_RELAXED);
    return true;
}

int gnttab_domain_get(struct domain *caller, domid_t id, bool allow_self, struct domain **d)
{
    struct domain *found;

    if (allow_self && id == DOMID_SELF) {
        id = caller->domain_id;
    }
    spin_lock(&gnttab_lookup_lock);
    found = domain_by_id(id);
    if (found && !hold_table(domain_grant_table(found))) {
        found = NULL;
    }
    spin_unlock(&gnttab_lookup_lock);
    *d = found;
    return found ? GNTST_okay : GNTST_bad_domain;
}

struct domain *gnttab_domain_get_instance(domid_t id, uint64_t instance)
{
    struct domain *found;

    spin_lock(&gnttab_lookup_lock);
    found = domain_by_id(id);
    if (found && (domain_grant_table(found)->instance != instance ||
                  !hold_table(domain_grant_table(found)))) {
        found = NULL;
    }
    spin_unlock(&gnttab_lookup_lock);
    return found;
}

void gnttab_domain_put(struct domain *d)
{
    /* Release: our accesses to the table happen before teardown can see the count drop. */
    __atomic_fetch_sub(&domain_grant_table(d)->users, 1, __ATOMIC_RELEASE);
}

/*
 * Check the shared entry for `user` and set GTF_reading (and GTF_writing unless readonly) in
 * the same compare-and-swap, so the checks hold at the instant the flags appear. Setting bits
 * that are already set (another pin) succeeds unchanged.
 */
static int claim_entry(uint32_t *w, domid_t user, bool readonly, bool map)
{
    uint32_t set = GTF_reading | (readonly ? 0 : GTF_writing);
    /* A v1 entry describes a whole page: sub-page grants cannot be mapped (Xen). */
    uint32_t mask = GTF_type_mask | (map ? GTF_sub_page : 0);
    uint32_t old = __atomic_load_n(w, __ATOMIC_ACQUIRE);

    for (unsigned int i = 0; i < CAS_TRIES; i++) {
        if ((old & mask) != GTF_permit_access || (old >> 16) != user) {
            return GNTST_general_error;
        }
        if (!readonly && (old & GTF_readonly)) {
            return GNTST_general_error;
        }
        if (__atomic_compare_exchange_n(w, &old, old | set, false, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE)) {
            return GNTST_okay;
        }
    }
    return GNTST_general_error;
}

/* Clear the flags no remaining pin needs. Release: our accesses end before the granter sees it. */
static void release_flags(uint32_t *w, const struct gnttab_active *act)
{
    uint32_t clear = 0;

    if (!act->pin_rw) {
        clear |= GTF_writing;
        if (!act->pin_ro) {
            clear |= GTF_reading;
        }
    }
    if (clear) {
        __atomic_fetch_and(w, ~clear, __ATOMIC_RELEASE);
    }
}

int gnttab_pin(struct domain *rd, grant_ref_t ref, domid_t user, bool readonly, bool map,
               mfn_t *mfn)
{
    struct grant_table *gt = domain_grant_table(rd);
    struct gnttab_active *act;
    uint32_t *w;
    int rc;

    spin_lock(&gt->lock);
    if (ref >= gt->nr_frames * GNTTAB_ENTRIES_PER_FRAME) {
        rc = GNTST_bad_gntref;
        goto out;
    }
    ref = gnttab_index_nospec(ref, gt->nr_frames * GNTTAB_ENTRIES_PER_FRAME);
    act = active_entry(gt, ref);
    /* v1 has one grantee per entry: a second domain cannot share a pinned one (Xen). */
    if ((act->pin_ro || act->pin_rw) && act->user != user) {
        rc = GNTST_general_error;
        goto out;
    }
    if ((readonly ? act->pin_ro : act->pin_rw) == PIN_MAX) {
        rc = GNTST_general_error;
        goto out;
    }
    w = shared_entry(gt, ref);
    rc = claim_entry(w, user, readonly, map);
    if (rc != GNTST_okay) {
        goto out;
    }
    /* Whatever frame the granter names now is checked as its RAM by the hook. */
    rc = gnttab_get_page(rd, __atomic_load_n(&w[1], __ATOMIC_RELAXED), !readonly, mfn);
    if (rc) {
        release_flags(w, act); /* Undo what claim_entry() set for nothing. */
        rc = gnttab_page_status(rc);
        goto out;
    }
    if (readonly) {
        act->pin_ro++;
    } else {
        act->pin_rw++;
    }
    act->user = user;
out:
    spin_unlock(&gt->lock);
    return rc;
}

void gnttab_unpin(struct domain *rd, grant_ref_t ref, domid_t user, bool readonly)
{
    struct grant_table *gt = domain_grant_table(rd);
    struct gnttab_active *act;

    spin_lock(&gt->lock);
    /* The table never shrinks, so a pinned ref is still in range. */
    ASSERT(ref < gt->nr_frames * GNTTAB_ENTRIES_PER_FRAME);
    act = active_entry(gt, ref);
    ASSERT(act->user == user);
    (void)user;
    if (readonly) {
        ASSERT(act->pin_ro);
        act->pin_ro -= act->pin_ro ? 1 : 0;
    } else {
        ASSERT(act->pin_rw);
        act->pin_rw -= act->pin_rw ? 1 : 0;
    }
    release_flags(shared_entry(gt, ref), act);
    spin_unlock(&gt->lock);
}

/*
 * The domain an op's `dom` names, held. Only the caller itself for now: Xen's default policy
 * (XSM_TARGET) also admits the control domain, which needs domain privileges first.
 */
static int lookup_target(struct vcpu *v, domid_t id, struct domain **d)
{
    int rc = gnttab_domain_get(v->domain, id, true, d);

    if (rc == GNTST_okay && *d != v->domain) {
        gnttab_domain_put(*d);
        *d = NULL;
        rc = GNTST_permission_denied;
    }
    return rc;
}

/* Grow d's table to nr frames and list where they are mapped in d's physmap. */
static int list_frames(struct vcpu *v, struct domain *d, uint32_t nr, uint64_t list)
{
    struct grant_table *gt = domain_grant_table(d);
    int rc = GNTST_okay;

    spin_lock(&gt->lock);
    if (nr > gt->max_frames || (nr > gt->nr_frames && grow_table(gt, nr))) {
        rc = GNTST_general_error;
    }
    spin_unlock(&gt->lock);
    /* Frames never go away while d is held, so the list is read without the lock. */
    for (uint32_t i = 0; rc == GNTST_okay && i < nr; i++) {
        uint64_t gfn = __atomic_load_n(&gt->frames[i].gfn, __ATOMIC_RELAXED);

        if (copy_to_guest(v, list + (uint64_t)i * sizeof(xen_pfn_t), &gfn, sizeof(gfn))) {
            rc = GNTST_bad_virt_addr;
        }
    }
    return rc;
}

static long setup_table(struct vcpu *v, uint64_t uop, unsigned int count)
{
    struct gnttab_setup_table op;
    struct domain *d;

    if (count != 1) {
        return -EINVAL;
    }
    if (copy_from_guest(v, &op, uop, sizeof(op))) {
        return -EFAULT;
    }
    op.status = (int16_t)lookup_target(v, op.dom, &d);
    if (op.status == GNTST_okay) {
        op.status = (int16_t)list_frames(v, d, op.nr_frames, op.frame_list.q);
        gnttab_domain_put(d);
    }
    return copy_to_guest(v, uop + offsetof(struct gnttab_setup_table, status), &op.status,
                         sizeof(op.status))
               ? -EFAULT
               : 0;
}

static long query_size(struct vcpu *v, uint64_t uop, unsigned int count)
{
    struct gnttab_query_size op;
    struct domain *d;

    if (count != 1) {
        return -EINVAL;
    }
    if (copy_from_guest(v, &op, uop, sizeof(op))) {
        return -EFAULT;
    }
    op.status = (int16_t)lookup_target(v, op.dom, &d);
    if (op.status == GNTST_okay) {
        struct grant_table *gt = domain_grant_table(d);

        spin_lock(&gt->lock);
        op.nr_frames = gt->nr_frames;
        op.max_nr_frames = gt->max_frames;
        spin_unlock(&gt->lock);
        gnttab_domain_put(d);
    }
    return copy_to_guest(v, uop, &op, sizeof(op)) ? -EFAULT : 0;
}

/*
 * Only version 1 exists here. Xen without v2 support answers 2 with -ENOSYS; either way the
 * version in force (1) is written back, which is what Linux reads.
 */
static long set_version(struct vcpu *v, uint64_t uop)
{
    struct gnttab_set_version op;
    long rc;

    if (copy_from_guest(v, &op, uop, sizeof(op))) {
        return -EFAULT;
    }
    rc = op.version == 1 ? 0 : op.version == 2 ? -ENOSYS : -EINVAL;
    op.version = 1;
    return copy_to_guest(v, uop, &op, sizeof(op)) ? -EFAULT : rc;
}

static long get_version(struct vcpu *v, uint64_t uop)
{
    struct gnttab_get_version op;
    struct domain *d;
    int rc;

    if (copy_from_guest(v, &op, uop, sizeof(op))) {
        return -EFAULT;
    }
    rc = lookup_target(v, op.dom, &d);
    if (rc != GNTST_okay) {
        /* This op reports errors as errno values, not GNTST codes (Xen). */
        return rc == GNTST_bad_domain ? -ESRCH : -EPERM;
    }
    gnttab_domain_put(d);
    op.version = 1;
    return copy_to_guest(v, uop + offsetof(struct gnttab_get_version, version), &op.version,
                         sizeof(op.version))
               ? -EFAULT
               : 0;
}

/* A v1 table has no status frames: asking for none succeeds, asking for any fails (Xen). */
static long get_status_frames(struct vcpu *v, uint64_t uop, unsigned int count)
{
    struct gnttab_get_status_frames op;
    struct domain *d;

    if (count != 1) {
        return -EINVAL;
    }
    if (copy_from_guest(v, &op, uop, sizeof(op))) {
        return -EFAULT;
    }
    op.status = (int16_t)lookup_target(v, op.dom, &d);
    if (op.status == GNTST_okay) {
        op.status = op.nr_frames ? GNTST_general_error : GNTST_okay;
        gnttab_domain_put(d);
    }
    return copy_to_guest(v, uop + offsetof(struct gnttab_get_status_frames, status), &op.status,
                         sizeof(op.status))
               ? -EFAULT
               : 0;
}

/* Run a batched op; on preemption leave the rest of the array in args for the continuation. */
static long run_batch(struct vcpu *v, unsigned long *args, unsigned int cmd, unsigned int count)
{
    uint64_t uop = args[1];
    size_t size;
    long done;

    if (cmd == GNTTABOP_map_grant_ref) {
        size = sizeof(struct gnttab_map_grant_ref);
        done = gnttab_map_batch(v, uop, count);
    } else if (cmd == GNTTABOP_unmap_grant_ref) {
        size = sizeof(struct gnttab_unmap_grant_ref);
        done = gnttab_unmap_batch(v, uop, count);
    } else {
        size = sizeof(struct gnttab_copy);
        done = gnttab_copy_batch(v, uop, count);
    }
    if (done < 0 || done == (long)count) {
        return done < 0 ? done : 0;
    }
    args[1] = uop + (uint64_t)done * size;
    args[2] = count - (unsigned int)done;
    return -ERESTART;
}

long do_grant_table_op(struct vcpu *v, unsigned long *args)
{
    /* Both are 32-bit in Xen's prototype: the upper halves of the registers do not count. */
    unsigned int cmd = (unsigned int)args[0], count = (unsigned int)args[2];

    if ((int)count < 0) {
        return -EINVAL;
    }
    /* Only cache_flush (not implemented) takes continuation bits in cmd. */
    if ((cmd & GNTTABOP_CMD_MASK) != GNTTABOP_cache_flush && (cmd & ~GNTTABOP_CMD_MASK)) {
        return -EINVAL;
    }
    switch (cmd & GNTTABOP_CMD_MASK) {
    case GNTTABOP_map_grant_ref:
    case GNTTABOP_unmap_grant_ref:
    case GNTTABOP_copy:
        return run_batch(v, args, cmd, count);
    case GNTTABOP_setup_table:
        return setup_table(v, args[1], count);
    case GNTTABOP_query_size:
        return query_size(v, args[1], count);
    case GNTTABOP_set_version:
        return set_version(v, args[1]);
    case GNTTABOP_get_version:
        return get_version(v, args[1]);
    case GNTTABOP_get_status_frames:
        return get_status_frames(v, args[1], count);
    default:
        /* dump_table, transfer, unmap_and_replace, swap_grant_ref, cache_flush: as Xen x86. */
        return -ENOSYS;
    }
}
