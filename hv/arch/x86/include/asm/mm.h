/* SPDX-License-Identifier: GPL-2.0-only */
/* x86 memory setup: the boot allocator and the hypervisor's page tables. */
#ifndef X86_MM_H
#define X86_MM_H

#include <hv/bootinfo.h>
#include <hv/types.h>

/*
 * Boot allocator: frames taken from the top of the highest usable region below 4 GiB (so
 * they are reachable through the boot page tables' 1:1 map) before the page allocator runs.
 * Returns the machine address of `nr` zeroed, contiguous pages; panics when none are left,
 * because boot cannot continue without them.
 */
paddr_t boot_alloc_pages(unsigned long nr);

/*
 * Build the final page tables (direct map of RAM, image with per-section permissions, no
 * low-half mappings), switch to them, then give every remaining usable frame to the page
 * allocator. Context: boot CPU, once.
 */
void paging_init(struct boot_info *bi);

/* Physical address of the final top-level page table (for APs). */
extern paddr_t idle_pg_table_maddr;

/*
 * Make the boot page tables a copy of the final ones plus the low 4 GiB 1:1, for the AP
 * trampoline, and return their physical address (below 4 GiB).
 */
paddr_t trampoline_page_table(void);

#endif /* X86_MM_H */
