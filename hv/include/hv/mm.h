/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's view of machine memory: every RAM frame is mapped in the direct map, so a
 * frame and its hypervisor virtual address convert both ways by arithmetic.
 *
 * The arch's <asm/page.h> provides the two primitives, as static inline functions:
 *
 *   void *maddr_to_virt(paddr_t ma);
 *       The direct-map address of machine address ma. Pre: ma is in the direct map (RAM).
 *   paddr_t virt_to_maddr(const void *va);
 *       The machine address behind direct-map address va. Pre: va is in the direct map (not
 *       in the image, a stack or any other mapping).
 *
 * Both are pure arithmetic, usable in any context. Host unit tests get versions backed by an
 * arena from the host heap (tests/unit/shim/asm/page.h).
 */
#ifndef HV_MM_H
#define HV_MM_H

#include <hv/types.h>
#include <asm/page.h>

/* The direct-map address of frame mfn. Pre: mfn is RAM. Context: any. */
static inline void *mfn_to_virt(mfn_t mfn)
{
    return maddr_to_virt(mfn_to_paddr(mfn));
}

/* The frame behind direct-map address va. Pre: va is in the direct map. Context: any. */
static inline mfn_t virt_to_mfn(const void *va)
{
    return paddr_to_mfn(virt_to_maddr(va));
}

#endif /* HV_MM_H */
