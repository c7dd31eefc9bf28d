/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The heap (hv/include/hv/xmalloc.h).
 *
 * A small-class page keeps its own list of free objects (the first word of each free object
 * points to the next; page_info.heap_free is the head) and a count of objects in use. Each
 * class lists the pages that have a free object. A page whose last object is freed goes back
 * to the frame allocator, unless it is the class's only page with free objects: keeping one
 * stops a single allocate/free pair from taking and returning a page every time.
 *
 * Lock order: heap_lock, then the frame allocator's lock.
 */
#include <hv/bug.h>
#include <hv/mm.h>
#include <hv/page-alloc.h>
#include <hv/printk.h>
#include <hv/spinlock.h>
#include <hv/string.h>
#include <hv/xmalloc.h>

static struct page_list_head partial[XMALLOC_CLASSES];
static DEFINE_SPINLOCK(heap_lock);

static size_t class_size(unsigned int cls)
{
    return 1UL << (cls + XMALLOC_MIN_SHIFT);
}

/* The smallest class that holds size bytes. Pre: 0 < size <= XMALLOC_MAX_SMALL. */
static unsigned int size_to_class(size_t size)
{
    unsigned int cls = 0;

    while (class_size(cls) < size) {
        cls++;
    }
    return cls;
}

/* A fresh page of class cls with every object on its free list, or NULL. */
static struct page_info *new_class_page(unsigned int cls)
{
    mfn_t mfn = alloc_pages(0);
    size_t size = class_size(cls), off;
    struct page_info *pg;
    char *va;

    if (mfn_eq(mfn, INVALID_MFN)) {
        return NULL;
    }
    pg = mfn_to_page(mfn);
    va = mfn_to_virt(mfn);
    for (off = 0; off < PAGE_SIZE; off += size) {
        *(void **)(va + off) = off + size < PAGE_SIZE ? va + off + size : NULL;
    }
    pg->heap_class = (uint8_t)(cls + 1);
    pg->heap_inuse = 0;
    pg->heap_free = va;
    return pg;
}

static void *alloc_small(size_t size)
{
    unsigned int cls = size_to_class(size);
    unsigned long flags = spin_lock_irqsave(&heap_lock);
    struct page_info *pg = partial[cls].first;
    void *obj = NULL;

    if (!pg) {
        pg = new_class_page(cls);
        if (pg) {
            page_list_add(pg, &partial[cls]);
        }
    }
    if (pg) {
        obj = pg->heap_free;
        pg->heap_free = *(void **)obj;
        pg->heap_inuse++;
        if (!pg->heap_free) {
            page_list_del(pg, &partial[cls]); /* Full. */
        }
    }
    spin_unlock_irqrestore(&heap_lock, flags);
    return obj;
}

static void *alloc_large(size_t size)
{
    unsigned int order = 0;
    mfn_t mfn;

    if (size > (PAGE_SIZE << MAX_ORDER)) {
        return NULL;
    }
    while ((PAGE_SIZE << order) < size) {
        order++;
    }
    mfn = alloc_pages(order);
    if (mfn_eq(mfn, INVALID_MFN)) {
        return NULL;
    }
    mfn_to_page(mfn)->heap_class = HEAP_CLASS_LARGE;
    return mfn_to_virt(mfn);
}

void *xmalloc(size_t size)
{
    if (size <= XMALLOC_MAX_SMALL) {
        return alloc_small(size ? size : 1);
    }
    return alloc_large(size);
}

void *xzalloc(size_t size)
{
    void *p = xmalloc(size);

    if (p) {
        memset(p, 0, size);
    }
    return p;
}

void *xmalloc_array_bytes(size_t elem, size_t n)
{
    if (elem && n > (size_t)-1 / elem) {
        return NULL;
    }
    return xmalloc(elem * n);
}

void *xzalloc_array_bytes(size_t elem, size_t n)
{
    if (elem && n > (size_t)-1 / elem) {
        return NULL;
    }
    return xzalloc(elem * n);
}

/*
 * Is obj already on its page's free list (a double free)? The walk costs up to 256 steps, so
 * only debug builds pay for it.
 */
static bool already_free(const struct page_info *pg, const void *obj)
{
#ifdef CONFIG_DEBUG
    const void *f;

    for (f = pg->heap_free; f; f = *(void *const *)f) {
        if (f == obj) {
            return true;
        }
    }
#else
    (void)pg;
    (void)obj;
#endif
    return false;
}

static void free_small(struct page_info *pg, void *p)
{
    unsigned int cls = pg->heap_class - 1u;
    size_t size = class_size(cls);
    unsigned long flags = spin_lock_irqsave(&heap_lock);
    bool was_full = !pg->heap_free;

    if (((unsigned long)p & (size - 1)) || !pg->heap_inuse || already_free(pg, p)) {
        /* Leak rather than corrupt the free list; release builds carry on. */
        spin_unlock_irqrestore(&heap_lock, flags);
        pr_err("xmalloc: bad xfree(%p): not an object in use of the %lu-byte class\n", p,
               (unsigned long)size);
        ASSERT_UNREACHABLE();
        return;
    }
    *(void **)p = pg->heap_free;
    pg->heap_free = p;
    pg->heap_inuse--;
    if (was_full) {
        page_list_add(pg, &partial[cls]);
    }
    if (!pg->heap_inuse && partial[cls].first != partial[cls].last) {
        page_list_del(pg, &partial[cls]);
        pg->heap_class = HEAP_CLASS_NONE;
        pg->heap_free = NULL;
        free_pages(page_to_mfn(pg), 0);
    }
    spin_unlock_irqrestore(&heap_lock, flags);
}

void xfree(void *p)
{
    struct page_info *pg;

    if (!p) {
        return;
    }
    pg = mfn_to_page(virt_to_mfn(p));
    if (pg->heap_class == HEAP_CLASS_LARGE && !((unsigned long)p & ~PAGE_MASK)) {
        pg->heap_class = HEAP_CLASS_NONE;
        free_pages(page_to_mfn(pg), pg->order);
    } else if (pg->heap_class != HEAP_CLASS_NONE && pg->heap_class <= XMALLOC_CLASSES) {
        free_small(pg, p);
    } else {
        pr_err("xmalloc: xfree(%p) of memory not from the heap\n", p);
        ASSERT_UNREACHABLE();
    }
}

unsigned long xmalloc_idle_pages(void)
{
    unsigned long flags = spin_lock_irqsave(&heap_lock), idle = 0;

    for (unsigned int cls = 0; cls < XMALLOC_CLASSES; cls++) {
        for (const struct page_info *pg = partial[cls].first; pg; pg = pg->next) {
            idle += pg->heap_inuse == 0;
        }
    }
    spin_unlock_irqrestore(&heap_lock, flags);
    return idle;
}
