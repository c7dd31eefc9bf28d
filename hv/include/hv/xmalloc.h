/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor heap, on top of the frame allocator and the direct map.
 *
 * Requests up to XMALLOC_MAX_SMALL bytes are served from size classes (16, 32, ... 2048
 * bytes): each class carves whole pages into equal objects, and the page's page_info records
 * the class, so xfree() needs no size. Larger requests get their own block of 2^order pages.
 * Memory is aligned to its size class (at least 16 bytes; page-aligned above 2048 bytes).
 * Context for every function: any but NMI (the heap lock is taken with interrupts off).
 */
#ifndef HV_XMALLOC_H
#define HV_XMALLOC_H

#include <hv/compiler.h>
#include <hv/types.h>

#define XMALLOC_MIN_SHIFT 4
#define XMALLOC_MAX_SHIFT 11
#define XMALLOC_MAX_SMALL (1UL << XMALLOC_MAX_SHIFT)
#define XMALLOC_CLASSES   (XMALLOC_MAX_SHIFT - XMALLOC_MIN_SHIFT + 1)

/*
 * Allocate `size` bytes (0 is treated as 1). Contents are undefined.
 * Returns NULL when memory is exhausted or size exceeds what one buddy block can hold.
 */
void *__must_check xmalloc(size_t size);

/* As xmalloc(), zero-filled. */
void *__must_check xzalloc(size_t size);

/* Allocate n elements of elem bytes; NULL also when n * elem overflows. */
void *__must_check xmalloc_array_bytes(size_t elem, size_t n);
void *__must_check xzalloc_array_bytes(size_t elem, size_t n);

#define xmalloc_array(type, n) ((type *)xmalloc_array_bytes(sizeof(type), (n)))
#define xzalloc_array(type, n) ((type *)xzalloc_array_bytes(sizeof(type), (n)))

/*
 * Return memory from xmalloc() and friends; NULL is ignored.
 * Pre: p came from this heap and was not freed since (misuse is ASSERTed).
 */
void xfree(void *p);

/*
 * Pages the heap holds with no object in use (kept to avoid churn, at most one per size
 * class). Free memory plus these is what the heap could give back. Context: any.
 */
unsigned long xmalloc_idle_pages(void);

#endif /* HV_XMALLOC_H */
