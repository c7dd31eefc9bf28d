/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domain memory ownership and frame references (hv/common/domain-memory.c has the rules).
 */
#ifndef HV_DOMAIN_MEMORY_H
#define HV_DOMAIN_MEMORY_H

#include <hv/page-alloc.h>
#include <hv/types.h>

struct domain;

/*
 * Allocate 2^order frames for `d`, owned by it and counted against max_pages. Returns
 * INVALID_MFN when the limit or the allocator says no. Context: any but IRQ.
 */
mfn_t domain_alloc_pages(struct domain *d, unsigned int order);

/*
 * Take a reference on pg if it is allocated (count not zero) and owned by `owner` (NULL for
 * hypervisor frames). False when it is neither: the frame was freed or changed hands since
 * the caller looked it up. Context: any.
 */
bool page_get(struct page_info *pg, const struct domain *owner);

/* Drop a reference; the last one frees the frame. Context: any but IRQ. */
void page_put(struct page_info *pg);

/*
 * `d` gives up frame `mfn` (it must no longer be in d's p2m, and no vCPU of d may still have
 * it in a TLB): it leaves d's list and count, and is freed once no one else holds it.
 * Returns 0, or -EINVAL when d does not own it.
 */
int domain_release_frame(struct domain *d, mfn_t mfn);

/* Give up every frame `d` owns, for its destruction (the same rules as above). */
void domain_free_memory(struct domain *d);

/*
 * The hypervisor's address of d's RAM page at gfn, held with a reference so that it stays d's
 * while the hypervisor keeps the pointer (vcpu_info, FIFO event arrays); NULL when gfn is not
 * d's writable RAM. Release with domain_unmap_ram() (any address inside the page).
 */
void *domain_map_ram(struct domain *d, uint64_t gfn);
void domain_unmap_ram(void *va);

/*
 * Arch hook: the machine frame of d's own RAM at gfn (writable or read-only to the guest, the
 * latter reported in *readonly), or INVALID_MFN for anything else (holes, hypervisor frames,
 * grant mappings). The result is only a hint until a reference confirms the owner.
 */
mfn_t arch_domain_ram_mfn(struct domain *d, uint64_t gfn, bool *readonly);

#endif /* HV_DOMAIN_MEMORY_H */
