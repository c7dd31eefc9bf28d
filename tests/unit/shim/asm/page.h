/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host stand-in for asm/page.h: the "direct map" is a page-aligned arena from the host heap
 * that backs machine frames shim_arena_mfn .. shim_arena_mfn + shim_arena_frames - 1. Any
 * translation outside the arena fails the running test.
 */
#ifndef X86_PAGE_H
#define X86_PAGE_H

#include <hv/compiler.h>
#include <hv/types.h>

extern unsigned char *shim_arena;       /* Backing memory, page-aligned. */
extern unsigned long shim_arena_mfn;    /* First frame the arena stands for. */
extern unsigned long shim_arena_frames; /* Number of frames it covers. */

/* Fail the running test: a frame or address outside the arena was translated. */
void shim_bad_translation(unsigned long value, const char *what) __noreturn;

static inline void *maddr_to_virt(paddr_t ma)
{
    paddr_t base = (paddr_t)shim_arena_mfn << PAGE_SHIFT;

    if (ma < base || ma - base >= (paddr_t)shim_arena_frames << PAGE_SHIFT) {
        shim_bad_translation((unsigned long)ma, "maddr_to_virt");
    }
    return shim_arena + (ma - base);
}

static inline paddr_t virt_to_maddr(const void *va)
{
    const unsigned char *p = va;

    if (!shim_arena || p < shim_arena || p >= shim_arena + shim_arena_frames * PAGE_SIZE) {
        shim_bad_translation((unsigned long)va, "virt_to_maddr");
    }
    return ((paddr_t)shim_arena_mfn << PAGE_SHIFT) + (paddr_t)(p - shim_arena);
}

#endif /* X86_PAGE_H */
