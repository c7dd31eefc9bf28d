/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Address-space allocator for the VMAP area: a bitmap of pages, first fit. Every range is
 * followed by one page that stays unmapped, so overrunning a mapping faults instead of
 * corrupting its neighbour.
 */
#include <hv/bitmap.h>
#include <hv/bug.h>
#include <hv/errno.h>
#include <hv/page-alloc.h>
#include <hv/spinlock.h>
#include <hv/vmap.h>
#include <hv/xmalloc.h>

static vaddr_t vmap_start;
static unsigned long vmap_pages;
static unsigned long *vmap_used;
static DEFINE_SPINLOCK(vmap_lock);

void vmap_init(vaddr_t start, unsigned long nr_pages)
{
    vmap_start = start;
    vmap_pages = nr_pages;
    vmap_used = xzalloc(BITS_TO_LONGS(nr_pages) * sizeof(unsigned long));
    BUG_ON(!vmap_used);
}

static bool range_free(unsigned long first, unsigned long nr)
{
    unsigned long used = find_next_bit(vmap_used, first + nr, first);

    return used >= first + nr;
}

vaddr_t vmap_alloc_va(unsigned long nr, unsigned long align)
{
    unsigned long flags, first;
    vaddr_t va = 0;

    if (nr == 0 || align == 0 || (align & (align - 1))) {
        return 0;
    }
    flags = spin_lock_irqsave(&vmap_lock);
    /* The range plus its guard page must be free; the guard is marked used too. */
    for (first = 0; first + nr + 1 <= vmap_pages; first += align) {
        if (range_free(first, nr + 1)) {
            for (unsigned long i = first; i < first + nr + 1; i++) {
                set_bit(i, vmap_used);
            }
            va = vmap_start + first * PAGE_SIZE;
            break;
        }
    }
    spin_unlock_irqrestore(&vmap_lock, flags);
    return va;
}

void vmap_free_va(vaddr_t va, unsigned long nr)
{
    unsigned long first = (va - vmap_start) / PAGE_SIZE;
    unsigned long flags = spin_lock_irqsave(&vmap_lock);

    ASSERT(va >= vmap_start && first + nr + 1 <= vmap_pages);
    for (unsigned long i = first; i < first + nr + 1; i++) {
        ASSERT(test_bit(i, vmap_used));
        clear_bit(i, vmap_used);
    }
    spin_unlock_irqrestore(&vmap_lock, flags);
}

void *vmap(mfn_t mfn, unsigned long nr, unsigned int flags)
{
    vaddr_t va = vmap_alloc_va(nr, 1);

    if (!va) {
        return NULL;
    }
    if (map_pages(va, mfn, nr, flags)) {
        vmap_free_va(va, nr);
        return NULL;
    }
    return (void *)va;
}

void vunmap(void *va, unsigned long nr)
{
    unmap_pages((vaddr_t)va, nr);
    vmap_free_va((vaddr_t)va, nr);
}
