/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's virtual address layout (x86-64, 4-level paging).
 *
 *   0xffff820000000000  VMAP area: stacks with guard pages, ad-hoc mappings (512 GiB)
 *   0xffff830000000000  direct map of all RAM, machine address + DIRECTMAP_VIRT_START (4 TiB)
 *   0xffffffff80000000  the image, at its load address + IMAGE_VIRT_OFFSET (-mcmodel=kernel)
 *
 * The low half is left unmapped once boot is done, so a NULL dereference always faults.
 */
#ifndef X86_CONFIG_H
#define X86_CONFIG_H

#define IMAGE_PHYS_BASE      0x200000
#define IMAGE_VIRT_OFFSET    0xffffffff80000000
#define VMAP_VIRT_START      0xffff820000000000
#define VMAP_VIRT_SIZE       0x0000008000000000
#define DIRECTMAP_VIRT_START 0xffff830000000000
#define DIRECTMAP_SIZE       0x0000040000000000

/* Boot-time segment selectors (shared by the boot GDT and the per-CPU GDTs). */
#define HV_CS64 0x08
#define HV_DS   0x10
#define HV_CS32 0x18
#define HV_TSS  0x20 /* 16-byte descriptor: slots 4 and 5. */

#endif /* X86_CONFIG_H */
