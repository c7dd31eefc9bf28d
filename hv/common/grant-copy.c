/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * GNTTABOP_copy: copy bytes between two pages without mapping either into a guest, the way
 * netback moves packets in both directions (guest-abi.md 5.2). Each side is a grant reference
 * of some domain (checked and pinned like a read-only or writable map, so the granter sees
 * GTF_reading/GTF_writing while the copy runs) or a frame of the caller named with DOMID_SELF.
 *
 * Within one batch, what a side holds (domain, pin, page reference) is kept while consecutive
 * ops name the same page, because backends copy many fragments from or to one page; it is
 * released on an error, on preemption and at the end of the batch.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/grant-table.h>
#include <hv/guest-access.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <hv/string.h>
#include <public/xen.h>

/* What one side of the current copy holds. */
struct copy_side {
    struct domain *d; /* Held with gnttab_domain_get() while `held`. */
    uint64_t key;     /* The grant reference or the gfn. */
    mfn_t mfn;        /* One page reference held on it. */
    domid_t domid;    /* As the op named the domain. */
    bool gref;        /* By grant reference (pinned), else by gfn. */
    bool write;
    bool held;
};

static void side_release(struct copy_side *s, domid_t me)
{
    if (!s->held) {
        return;
    }
    /* Unpin before dropping the page: the memcpy is done, the granter may now revoke. */
    if (s->gref) {
        gnttab_unpin(s->d, (grant_ref_t)s->key, me, !s->write);
    }
    gnttab_put_page(s->mfn);
    gnttab_domain_put(s->d);
    s->held = false;
}

static bool side_matches(const struct copy_side *s, const struct gnttab_copy_ptr *p, bool gref,
                         bool write)
{
    return s->held && s->gref == gref && s->write == write && s->domid == p->domid &&
           s->key == (gref ? p->u.ref : p->u.gmfn);
}

/* Hold what side `p` names: a grant of p->domid pinned for `me`, or the caller's own frame. */
static int side_acquire(struct vcpu *v, struct copy_side *s, const struct gnttab_copy_ptr *p,
                        bool gref, bool write)
{
    struct domain *ld = v->domain;
    int rc;

    if (side_matches(s, p, gref, write)) {
        return GNTST_okay;
    }
    side_release(s, ld->domain_id);
    /* Frames are named only in the caller's own memory, and only as DOMID_SELF (Xen). */
    if (!gref && p->domid != DOMID_SELF) {
        return GNTST_permission_denied;
    }
    rc = gnttab_domain_get(ld, p->domid, true, &s->d);
    if (rc != GNTST_okay) {
        return rc;
    }
    if (gref) {
        rc = gnttab_pin(s->d, p->u.ref, ld->domain_id, !write, false, &s->mfn);
    } else {
        rc = gnttab_get_page(s->d, p->u.gmfn, write, &s->mfn);
        rc = rc ? gnttab_page_status(rc) : GNTST_okay;
    }
    if (rc != GNTST_okay) {
        gnttab_domain_put(s->d);
        return rc;
    }
    s->key = gref ? p->u.ref : p->u.gmfn;
    s->domid = p->domid;
    s->gref = gref;
    s->write = write;
    s->held = true;
    return GNTST_okay;
}

static int copy_one(struct vcpu *v, const struct gnttab_copy *op, struct copy_side *src,
                    struct copy_side *dst)
{
    int rc;

    /* An empty copy succeeds without any check (Xen). */
    if (!op->len) {
        return GNTST_okay;
    }
    /* Validated before anything is held; 16-bit operands cannot overflow an int. */
    if (op->source.offset + op->len > (int)PAGE_SIZE ||
        op->dest.offset + op->len > (int)PAGE_SIZE) {
        return GNTST_bad_copy_arg;
    }
    rc = side_acquire(v, src, &op->source, (op->flags & GNTCOPY_source_gref) != 0, false);
    if (rc == GNTST_okay) {
        rc = side_acquire(v, dst, &op->dest, (op->flags & GNTCOPY_dest_gref) != 0, true);
    }
    if (rc != GNTST_okay) {
        return rc;
    }
    /* Both sides may be the same page. */
    memmove((char *)mfn_to_virt(dst->mfn) + op->dest.offset,
            (const char *)mfn_to_virt(src->mfn) + op->source.offset, op->len);
    return GNTST_okay;
}

long gnttab_copy_batch(struct vcpu *v, uint64_t uop, unsigned int count)
{
    struct copy_side src = {.held = false}, dst = {.held = false};
    domid_t me = v->domain->domain_id;
    long rc = count;

    for (unsigned int i = 0; i < count; i++) {
        uint64_t addr = uop + (uint64_t)i * sizeof(struct gnttab_copy);
        struct gnttab_copy op;

        if (i && hypercall_preempt_check()) {
            rc = i;
            break;
        }
        if (copy_from_guest(v, &op, addr, sizeof(op))) {
            rc = -EFAULT;
            break;
        }
        op.status = (int16_t)copy_one(v, &op, &src, &dst);
        if (op.status != GNTST_okay) {
            /* A failed op leaves nothing pinned, whatever the next op names. */
            side_release(&src, me);
            side_release(&dst, me);
        }
        if (copy_to_guest(v, addr + offsetof(struct gnttab_copy, status), &op.status,
                          sizeof(op.status))) {
            rc = -EFAULT;
            break;
        }
    }
    side_release(&src, me);
    side_release(&dst, me);
    return rc;
}
