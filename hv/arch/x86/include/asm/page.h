/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Page-table entry bits and the direct map. AMD APM vol. 2, 5.3 (long-mode page translation).
 */
#ifndef X86_PAGE_H
#define X86_PAGE_H

#include <asm/config.h>

#define _PAGE_PRESENT  (1UL << 0)
#define _PAGE_RW       (1UL << 1)
#define _PAGE_USER     (1UL << 2)
#define _PAGE_PWT      (1UL << 3)
#define _PAGE_PCD      (1UL << 4)
#define _PAGE_ACCESSED (1UL << 5)
#define _PAGE_DIRTY    (1UL << 6)
#define _PAGE_PSE      (1UL << 7)
#define _PAGE_GLOBAL   (1UL << 8)
#define _PAGE_NX       (1UL << 63)

#define PTE_ADDR_MASK 0x000ffffffffff000UL

#define L1_SHIFT   12
#define L2_SHIFT   21
#define L3_SHIFT   30
#define L4_SHIFT   39
#define PT_ENTRIES 512

#ifndef __ASSEMBLY__

#include <hv/types.h>

static inline void *maddr_to_virt(paddr_t ma)
{
    return (void *)(DIRECTMAP_VIRT_START + (unsigned long)ma);
}

/* Pre: va lies in the direct map. */
static inline paddr_t virt_to_maddr(const void *va)
{
    return (paddr_t)((unsigned long)va - DIRECTMAP_VIRT_START);
}

/* Machine address of a symbol in the image (valid for image addresses only). */
#define image_to_maddr(va) ((paddr_t)((unsigned long)(va)-IMAGE_VIRT_OFFSET))

#endif /* __ASSEMBLY__ */
#endif /* X86_PAGE_H */
