/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine frame allocator: a buddy allocator over a frame table with one struct
 * page_info per machine frame 0..nr_frames-1.
 *
 * Blocks are 2^order frames, aligned to their size. Every frame starts reserved; the arch
 * hands usable RAM over with page_alloc_add_free_range(), and from then on a frame is free
 * (in exactly one free block), allocated, or still reserved. One lock (taken with interrupts
 * disabled) protects the free lists and the state of every frame.
 */
#ifndef HV_PAGE_ALLOC_H
#define HV_PAGE_ALLOC_H

#include <hv/compiler.h>
#include <hv/types.h>

/* Largest block: 2^20 frames, 4 GiB, so 1 GiB superpages are always representable. */
#define MAX_ORDER 20

struct domain;

enum page_state {
    PGS_RESERVED = 0, /* Not RAM, or RAM never handed to the allocator. */
    PGS_FREE,         /* In a free block. */
    PGS_ALLOCATED,    /* Handed out by alloc_pages(). */
};

/* The heap's size class of a frame carved by xmalloc (page_info.heap_class). */
#define HEAP_CLASS_NONE  0    /* Not a heap page. */
#define HEAP_CLASS_LARGE 0xff /* First frame of a multi-frame heap allocation. */

/*
 * One per machine frame. 48 bytes. The linkage is used by whoever owns the frame: the free
 * lists while free, the heap's partial-page lists for heap pages, a domain's page list later.
 */
struct page_info {
    struct page_info *next, *prev; /* Page-list linkage. */
    struct domain *owner;          /* Owning domain of an allocated frame, or NULL. */
    unsigned long count;           /* References (owner's, mappings', grants'). */
    void *heap_free;               /* Heap pages: first free object in the page. */
    uint8_t state;                 /* enum page_state. */
    uint8_t order;                 /* Order of the free or allocated block this frame heads. */
    uint8_t heap_class;            /* HEAP_CLASS_*, or the xmalloc size class + 1. */
    uint8_t reserved;
    uint16_t heap_inuse; /* Heap pages: objects handed out. */
    uint16_t reserved2;
};

/* A list of pages, linked through page_info.next/prev; NULL-terminated both ways. */
struct page_list_head {
    struct page_info *first, *last;
};

#define PAGE_LIST_HEAD_INIT                                                                        \
    {                                                                                              \
        NULL, NULL                                                                                 \
    }

static inline bool page_list_empty(const struct page_list_head *h)
{
    return h->first == NULL;
}

/* Add pg at the front of h. Pre: pg is on no list. */
static inline void page_list_add(struct page_info *pg, struct page_list_head *h)
{
    pg->prev = NULL;
    pg->next = h->first;
    if (h->first) {
        h->first->prev = pg;
    } else {
        h->last = pg;
    }
    h->first = pg;
}

/* Add pg at the back of h. Pre: pg is on no list. */
static inline void page_list_add_tail(struct page_info *pg, struct page_list_head *h)
{
    pg->next = NULL;
    pg->prev = h->last;
    if (h->last) {
        h->last->next = pg;
    } else {
        h->first = pg;
    }
    h->last = pg;
}

/* Remove pg from h. Pre: pg is on h. */
static inline void page_list_del(struct page_info *pg, struct page_list_head *h)
{
    if (pg->prev) {
        pg->prev->next = pg->next;
    } else {
        h->first = pg->next;
    }
    if (pg->next) {
        pg->next->prev = pg->prev;
    } else {
        h->last = pg->prev;
    }
    pg->next = pg->prev = NULL;
}

/* Remove and return the first page of h, or NULL when h is empty. */
static inline struct page_info *page_list_remove_head(struct page_list_head *h)
{
    struct page_info *pg = h->first;

    if (pg) {
        page_list_del(pg, h);
    }
    return pg;
}

/*
 * Take over `table` as the frame table for frames 0..nr_frames-1 and mark every frame
 * reserved; no memory is free afterwards. Pre: table has nr_frames entries.
 * Context: boot, single CPU, before any other function here.
 */
void page_alloc_init(struct page_info *table, unsigned long nr_frames);

/*
 * Give frames start..start+nr-1 to the allocator. Any alignment and size: the range is split
 * into the largest aligned blocks, which merge with free neighbours. Frames beyond the frame
 * table are dropped with a warning; frames that are not reserved (already free or allocated)
 * are skipped with a warning. Context: boot, or any time for memory being returned for good
 * (for example boot modules once consumed).
 */
void page_alloc_add_free_range(mfn_t start, unsigned long nr);

/*
 * Allocate 2^order contiguous frames aligned to their size.
 * Returns the first frame, or INVALID_MFN when no block that large is free (or
 * order > MAX_ORDER). The frames are PGS_ALLOCATED, with count 0 and no owner; their
 * contents are not cleared. Context: any, including IRQ.
 */
mfn_t __must_check alloc_pages(unsigned int order);

/*
 * Return a block from alloc_pages(); it merges with free buddies.
 * Pre: mfn and order are exactly those of one allocation (ASSERTed: freeing a frame that is
 * free or reserved, or a misaligned block, is a hypervisor bug). Context: any, including IRQ.
 */
void free_pages(mfn_t mfn, unsigned int order);

/* Number of free frames. Context: any (a snapshot). */
unsigned long page_alloc_free_pages(void);

/* Number of frames covered by the frame table (0 before page_alloc_init()). */
unsigned long page_alloc_nr_frames(void);

/* The frame table, for mfn_to_page()/page_to_mfn(). */
extern struct page_info *frame_table;

/* The page_info of frame mfn. Pre: mfn < page_alloc_nr_frames(). */
static inline struct page_info *mfn_to_page(mfn_t mfn)
{
    return frame_table + mfn_x(mfn);
}

/* The frame described by pg. Pre: pg is in the frame table. */
static inline mfn_t page_to_mfn(const struct page_info *pg)
{
    return _mfn((unsigned long)(pg - frame_table));
}

#endif /* HV_PAGE_ALLOC_H */
