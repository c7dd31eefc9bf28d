/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's own address space: mapping, unmapping and protecting page ranges, and the
 * VMAP area where stacks (with guard pages) and device registers are mapped.
 */
#ifndef HV_VMAP_H
#define HV_VMAP_H

#include <hv/compiler.h>
#include <hv/types.h>

#define MAP_READ     (1U << 0)
#define MAP_WRITE    (1U << 1)
#define MAP_EXEC     (1U << 2)
#define MAP_UNCACHED (1U << 3) /* Device memory: no caching, no write combining. */

/*
 * Map `nr` frames starting at `mfn` at virtual address `va` (page aligned) with `flags`.
 * Returns 0, -ENOMEM when a page table cannot be allocated, -EEXIST if a page in the range is
 * already mapped, -EINVAL for a bad address. Context: any CPU; takes the mapping lock.
 */
int __must_check map_pages(vaddr_t va, mfn_t mfn, unsigned long nr, unsigned int flags);

/* Remove the mappings of `nr` pages at `va` and flush them from every CPU's TLB. */
int unmap_pages(vaddr_t va, unsigned long nr);

/* Change the permissions of `nr` mapped 4 KiB pages at `va`. -EINVAL if one is unmapped. */
int __must_check protect_pages(vaddr_t va, unsigned long nr, unsigned int flags);

/*
 * Map `nr` frames at a fresh address in the VMAP area, followed by an unmapped guard page.
 * Returns the address of the first frame's mapping, or NULL when out of space or memory.
 */
void *vmap(mfn_t mfn, unsigned long nr, unsigned int flags);

/* Undo vmap(); `va` must be what vmap() returned and `nr` what it was given. */
void vunmap(void *va, unsigned long nr);

/*
 * Reserve `nr` pages of VMAP address space aligned to `align` pages (a power of two); the page
 * after the range is left free as a guard. Returns 0 when the area is full.
 */
vaddr_t vmap_alloc_va(unsigned long nr, unsigned long align);
void vmap_free_va(vaddr_t va, unsigned long nr);

/* Hand the VMAP area [start, start + nr pages) to the allocator. Context: boot, once. */
void vmap_init(vaddr_t start, unsigned long nr_pages);

#endif /* HV_VMAP_H */
