/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Buddy allocator over machine frames (hv/include/hv/page-alloc.h).
 *
 * Invariants, with page_alloc_lock held:
 *  - every frame of a free block is PGS_FREE, and only the block's first frame (its head) is
 *    on a free list: free_lists[order] for a block of 2^order frames, with head.order = order;
 *  - a free block is aligned to its size, and its buddy (head ^ 2^order) is never a free
 *    block of the same order: those two would have been merged;
 *  - free_count is the number of PGS_FREE frames.
 */
#include <hv/bug.h>
#include <hv/page-alloc.h>
#include <hv/printk.h>
#include <hv/spinlock.h>
#include <hv/string.h>

struct page_info *frame_table;
static unsigned long table_frames;
static struct page_list_head free_lists[MAX_ORDER + 1];
static unsigned long free_count;
static DEFINE_SPINLOCK(page_alloc_lock);

/* The frame table costs 48 bytes per 4 KiB of RAM; keep it that way. */
BUILD_BUG_ON(sizeof(struct page_info) != 48);

void page_alloc_init(struct page_info *table, unsigned long nr_frames)
{
    unsigned int order;

    /* All zero is PGS_RESERVED, no owner, no linkage. */
    memset(table, 0, nr_frames * sizeof(*table));
    frame_table = table;
    table_frames = nr_frames;
    for (order = 0; order <= MAX_ORDER; order++) {
        free_lists[order] = (struct page_list_head)PAGE_LIST_HEAD_INIT;
    }
    free_count = 0;
    spin_lock_init(&page_alloc_lock);
}

/* Put the block at mfn (already marked PGS_FREE) on the free lists, merging with buddies. */
static void free_block_locked(unsigned long mfn, unsigned int order)
{
    while (order < MAX_ORDER) {
        unsigned long buddy = mfn ^ (1UL << order);
        struct page_info *b;

        /*
         * A free buddy is always the head of its block: it is aligned to 2^order, and a larger
         * free block around it would also contain the block being freed.
         */
        if (buddy + (1UL << order) > table_frames) {
            break;
        }
        b = &frame_table[buddy];
        if (b->state != PGS_FREE || b->order != order) {
            break;
        }
        page_list_del(b, &free_lists[order]);
        mfn &= ~(1UL << order);
        order++;
    }
    frame_table[mfn].order = (uint8_t)order;
    page_list_add(&frame_table[mfn], &free_lists[order]);
}

static void set_state(unsigned long mfn, unsigned int order, enum page_state state)
{
    unsigned long i;

    for (i = 0; i < (1UL << order); i++) {
        frame_table[mfn + i].state = (uint8_t)state;
    }
}

/* The first frame of the block not in `state`, or ~0UL when all are. */
static unsigned long first_not_in(unsigned long mfn, unsigned int order, enum page_state state)
{
    unsigned long i;

    for (i = 0; i < (1UL << order); i++) {
        if (frame_table[mfn + i].state != state) {
            return mfn + i;
        }
    }
    return ~0UL;
}

/* The largest order of an aligned block starting at s that ends at or before e (s < e). */
static unsigned int block_order(unsigned long s, unsigned long e)
{
    unsigned int order = s ? MIN((unsigned int)__builtin_ctzl(s), MAX_ORDER) : MAX_ORDER;

    while ((1UL << order) > e - s) {
        order--;
    }
    return order;
}

/* Free the reserved frames of [s, e); returns how many frames were not reserved. */
static unsigned long add_range_locked(unsigned long s, unsigned long e)
{
    unsigned long skipped = 0;
    unsigned int order;

    while (s < e) {
        order = block_order(s, e);
        while (order && first_not_in(s, order, PGS_RESERVED) != ~0UL) {
            order--;
        }
        if (frame_table[s].state != PGS_RESERVED) {
            skipped++;
            s++;
            continue;
        }
        set_state(s, order, PGS_FREE);
        free_count += 1UL << order;
        free_block_locked(s, order);
        s += 1UL << order;
    }
    return skipped;
}

void page_alloc_add_free_range(mfn_t start, unsigned long nr)
{
    unsigned long s = mfn_x(start), e, flags, skipped;

    if (!nr) {
        return;
    }
    if (s >= table_frames || nr > table_frames - s) {
        pr_warn("page_alloc: frames %#lx+%#lx beyond the frame table (%#lx frames) dropped\n", s,
                nr, table_frames);
        if (s >= table_frames) {
            return;
        }
        nr = table_frames - s;
    }
    e = s + nr;
    flags = spin_lock_irqsave(&page_alloc_lock);
    skipped = add_range_locked(s, e);
    spin_unlock_irqrestore(&page_alloc_lock, flags);
    if (skipped) {
        pr_warn("page_alloc: %lu frames of %#lx-%#lx were not reserved, skipped\n", skipped, s,
                e - 1);
    }
}

mfn_t alloc_pages(unsigned int order)
{
    struct page_info *pg;
    unsigned long mfn, flags, i;
    unsigned int j;

    if (order > MAX_ORDER) {
        return INVALID_MFN;
    }
    flags = spin_lock_irqsave(&page_alloc_lock);
    for (j = order; j <= MAX_ORDER && page_list_empty(&free_lists[j]); j++) {
    }
    if (j > MAX_ORDER) {
        spin_unlock_irqrestore(&page_alloc_lock, flags);
        return INVALID_MFN;
    }
    pg = page_list_remove_head(&free_lists[j]);
    mfn = mfn_x(page_to_mfn(pg));
    /* Split: the upper half of each step goes back on the list one order down. */
    while (j > order) {
        j--;
        frame_table[mfn + (1UL << j)].order = (uint8_t)j;
        page_list_add(&frame_table[mfn + (1UL << j)], &free_lists[j]);
    }
    for (i = 0; i < (1UL << order); i++) {
        ASSERT(pg[i].state == PGS_FREE);
        pg[i].state = PGS_ALLOCATED;
        pg[i].owner = NULL;
        pg[i].count = 0;
        pg[i].heap_class = HEAP_CLASS_NONE;
    }
    pg->order = (uint8_t)order;
    free_count -= 1UL << order;
    spin_unlock_irqrestore(&page_alloc_lock, flags);
    return _mfn(mfn);
}

static const char *state_name(uint8_t state)
{
    return state == PGS_FREE ? "free" : state == PGS_RESERVED ? "reserved" : "allocated";
}

void free_pages(mfn_t start, unsigned int order)
{
    unsigned long mfn = mfn_x(start), bad, flags;

    if (order > MAX_ORDER || !IS_ALIGNED(mfn, 1UL << order) || mfn >= table_frames ||
        (1UL << order) > table_frames - mfn) {
        pr_err("page_alloc: bad free of frame %#lx order %u\n", mfn, order);
        ASSERT_UNREACHABLE();
        return;
    }
    flags = spin_lock_irqsave(&page_alloc_lock);
    bad = first_not_in(mfn, order, PGS_ALLOCATED);
    if (bad != ~0UL) {
        /* Leak the block rather than corrupt the free lists (release builds go on). */
        uint8_t state = frame_table[bad].state;

        spin_unlock_irqrestore(&page_alloc_lock, flags);
        pr_err("page_alloc: freeing %s frame %#lx (block %#lx order %u)\n", state_name(state), bad,
               mfn, order);
        ASSERT_UNREACHABLE();
        return;
    }
    set_state(mfn, order, PGS_FREE);
    free_count += 1UL << order;
    free_block_locked(mfn, order);
    spin_unlock_irqrestore(&page_alloc_lock, flags);
}

unsigned long page_alloc_free_pages(void)
{
    return READ_ONCE(free_count);
}

unsigned long page_alloc_nr_frames(void)
{
    return table_frames;
}
