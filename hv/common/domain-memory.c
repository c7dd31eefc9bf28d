/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domain memory: which frames a domain owns, and the references that keep a frame alive
 * while something other than its owner can reach it (hv/include/hv/domain-memory.h).
 *
 * Ownership rule: a frame allocated for a domain is on its page_list with page_info.owner set
 * and holds one reference for that ownership (count starts at 1). Every other user (a grant
 * mapping or copy, the hypervisor keeping a guest page for vcpu_info or FIFO event arrays, a
 * copy to or from guest memory in progress) holds a reference of its own. The owner gives a
 * frame up (balloon, destruction) by unlinking it, clearing the owner and dropping its
 * reference; whoever drops the last reference frees the frame. So a frame is never freed or
 * reused while anything can still reach it, and memory still returns exactly once everything
 * is let go.
 *
 * Frames are listed one by one (not as the blocks they were allocated in), so a domain can
 * give back any single frame; the buddy allocator merges them again as they come back.
 */
#include <hv/bug.h>
#include <hv/domain-memory.h>
#include <hv/domain.h>
#include <hv/grant-table.h>
#include <hv/mm.h>
#include <hv/string.h>

mfn_t domain_alloc_pages(struct domain *d, unsigned int order)
{
    unsigned long nr = 1UL << order, flags;
    mfn_t mfn;

    flags = spin_lock_irqsave(&d->lock);
    if (d->tot_pages + nr > d->max_pages) {
        spin_unlock_irqrestore(&d->lock, flags);
        return INVALID_MFN;
    }
    d->tot_pages += nr; /* Reserve before allocating; undone below on failure. */
    spin_unlock_irqrestore(&d->lock, flags);

    mfn = alloc_pages(order);
    if (!mfn_eq(mfn, INVALID_MFN)) {
        /* Frames come back from other domains as they left them: never hand their data on. */
        memset(mfn_to_virt(mfn), 0, nr << PAGE_SHIFT);
    }
    flags = spin_lock_irqsave(&d->lock);
    if (mfn_eq(mfn, INVALID_MFN)) {
        d->tot_pages -= nr;
    } else {
        for (unsigned long i = 0; i < nr; i++) {
            struct page_info *pg = mfn_to_page(_mfn(mfn_x(mfn) + i));

            pg->owner = d;
            pg->count = 1;
            page_list_add_tail(pg, &d->page_list);
        }
    }
    spin_unlock_irqrestore(&d->lock, flags);
    return mfn;
}

bool page_get(struct page_info *pg, const struct domain *owner)
{
    unsigned long count = __atomic_load_n(&pg->count, __ATOMIC_RELAXED);

    /* Never from zero: a frame with no reference left is free, or about to be. */
    do {
        if (count == 0) {
            return false;
        }
    } while (!__atomic_compare_exchange_n(&pg->count, &count, count + 1, false, __ATOMIC_ACQUIRE,
                                          __ATOMIC_RELAXED));
    if (__atomic_load_n(&pg->owner, __ATOMIC_ACQUIRE) != owner) {
        page_put(pg); /* Freed and reused since the caller found it. */
        return false;
    }
    return true;
}

void page_put(struct page_info *pg)
{
    unsigned long left = __atomic_sub_fetch(&pg->count, 1, __ATOMIC_ACQ_REL);

    ASSERT(left != ~0UL);
    if (left == 0) {
        ASSERT(!pg->owner);
        free_pages(page_to_mfn(pg), 0);
    }
}

/* Unlink pg from d and drop the ownership reference. Pre: d->lock held; pg owned by d. */
static struct page_info *disown_locked(struct domain *d, struct page_info *pg)
{
    page_list_del(pg, &d->page_list);
    __atomic_store_n(&pg->owner, NULL, __ATOMIC_RELEASE);
    d->tot_pages--;
    return pg;
}

int domain_release_frame(struct domain *d, mfn_t mfn)
{
    struct page_info *pg = mfn_to_page(mfn);
    unsigned long flags = spin_lock_irqsave(&d->lock);

    if (pg->owner != d) {
        spin_unlock_irqrestore(&d->lock, flags);
        return -EINVAL;
    }
    disown_locked(d, pg);
    spin_unlock_irqrestore(&d->lock, flags);
    page_put(pg);
    return 0;
}

void domain_free_memory(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&d->lock);
    struct page_info *pg;

    while ((pg = d->page_list.first)) {
        disown_locked(d, pg);
        /* Frees it, unless another domain still maps it through a grant. */
        spin_unlock_irqrestore(&d->lock, flags);
        page_put(pg);
        flags = spin_lock_irqsave(&d->lock);
    }
    ASSERT(d->tot_pages == 0);
    spin_unlock_irqrestore(&d->lock, flags);
}

void *domain_map_ram(struct domain *d, uint64_t gfn)
{
    void *va = arch_domain_ram_page(d, gfn);

    if (!va || !page_get(mfn_to_page(virt_to_mfn(va)), d)) {
        return NULL;
    }
    return va;
}

void domain_unmap_ram(void *va)
{
    page_put(mfn_to_page(virt_to_mfn((void *)ROUNDDOWN((unsigned long)va, PAGE_SIZE))));
}

/* ---- The grant-table hooks (hv/include/hv/grant-table.h) ---- */

struct grant_table *domain_grant_table(struct domain *d)
{
    return &d->grant_table;
}

int gnttab_get_page(struct domain *d, uint64_t gfn, bool write, mfn_t *mfn)
{
    bool readonly;
    mfn_t found = arch_domain_ram_mfn(d, gfn, &readonly);

    if (mfn_eq(found, INVALID_MFN) || !page_get(mfn_to_page(found), d)) {
        return -ENOENT;
    }
    /* Still at gfn now that it is held (the guest may have moved it meanwhile). */
    if (!mfn_eq(arch_domain_ram_mfn(d, gfn, &readonly), found)) {
        page_put(mfn_to_page(found));
        return -ENOENT;
    }
    if (write && readonly) {
        page_put(mfn_to_page(found));
        return -EACCES;
    }
    *mfn = found;
    return 0;
}

void gnttab_put_page(mfn_t mfn)
{
    page_put(mfn_to_page(mfn));
}
