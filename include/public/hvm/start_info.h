/* SPDX-License-Identifier: MIT */
/*
 * The PVH start of day (guest-abi.md 2.1-2.4). The kernel's ELF image carries a
 * XEN_ELFNOTE_PHYS32_ENTRY note (elfnote.h) with its 32-bit physical entry point. The domain
 * builder loads the image at its physical addresses and starts the boot vCPU there in 32-bit
 * flat protected mode with paging off, EBX holding the guest-physical address of a
 * struct hvm_start_info. Everything the structure points to lies below 4 GiB (the tables
 * below 1 GiB, where Linux can read them through its first page tables).
 *
 * Version 0 ends at rsdp_paddr; version 1 adds the memory map. A guest reads the version and
 * ignores fields it does not know.
 */
#ifndef XEN_PUBLIC_HVM_START_INFO_H
#define XEN_PUBLIC_HVM_START_INFO_H

#include <stddef.h>
#include <stdint.h>

/* "xEn3" with the top bit of 'E' set: 0x336ec578 read as a little-endian u32. */
#define XEN_HVM_START_MAGIC_VALUE 0x336ec578

/* Memory map entry types, the E820 numbering. */
#define XEN_HVM_MEMMAP_TYPE_RAM      1 /* Usable RAM. */
#define XEN_HVM_MEMMAP_TYPE_RESERVED 2 /* Not usable (hypervisor pages, rings). */
#define XEN_HVM_MEMMAP_TYPE_ACPI     3 /* ACPI tables; RAM once they are consumed. */
#define XEN_HVM_MEMMAP_TYPE_NVS      4 /* ACPI non-volatile storage; never usable. */
#define XEN_HVM_MEMMAP_TYPE_UNUSABLE 5 /* Known bad memory. */
#define XEN_HVM_MEMMAP_TYPE_DISABLED 6 /* Disabled memory. */
#define XEN_HVM_MEMMAP_TYPE_PMEM     7 /* Persistent memory. */

struct hvm_start_info {
    uint32_t magic;          /* 0: XEN_HVM_START_MAGIC_VALUE */
    uint32_t version;        /* 4: 0 or 1 (1 adds memmap_paddr and memmap_entries). */
    uint32_t flags;          /* 8: SIF_* (xen.h); 0 for a domU. */
    uint32_t nr_modules;     /* 12: entries at modlist_paddr. */
    uint64_t modlist_paddr;  /* 16: GPA of struct hvm_modlist_entry[nr_modules]. */
    uint64_t cmdline_paddr;  /* 24: GPA of the NUL-terminated command line, 0 if none. */
    uint64_t rsdp_paddr;     /* 32: GPA of the ACPI RSDP, 0 if none. */
    uint64_t memmap_paddr;   /* 40: v1: GPA of struct hvm_memmap_table_entry[]. */
    uint32_t memmap_entries; /* 48: v1: their number; 0: ask XENMEM_memory_map instead. */
    uint32_t reserved;       /* 52: 0 */
};
_Static_assert(sizeof(struct hvm_start_info) == 56, "hvm_start_info size");
_Static_assert(offsetof(struct hvm_start_info, nr_modules) == 12, "start_info.nr_modules");
_Static_assert(offsetof(struct hvm_start_info, modlist_paddr) == 16, "start_info.modlist_paddr");
_Static_assert(offsetof(struct hvm_start_info, cmdline_paddr) == 24, "start_info.cmdline_paddr");
_Static_assert(offsetof(struct hvm_start_info, rsdp_paddr) == 32, "start_info.rsdp_paddr");
_Static_assert(offsetof(struct hvm_start_info, memmap_paddr) == 40, "start_info.memmap_paddr");
_Static_assert(offsetof(struct hvm_start_info, memmap_entries) == 48, "start_info.memmap_entries");

/* A module (initrd or other blob) loaded with the kernel. Linux treats module 0 as initrd. */
struct hvm_modlist_entry {
    uint64_t paddr;         /* 0: GPA of the module. */
    uint64_t size;          /* 8: its size in bytes. */
    uint64_t cmdline_paddr; /* 16: GPA of its NUL-terminated command line, 0 if none. */
    uint64_t reserved;      /* 24: 0 */
};
_Static_assert(sizeof(struct hvm_modlist_entry) == 32, "hvm_modlist_entry size");
_Static_assert(offsetof(struct hvm_modlist_entry, cmdline_paddr) == 16, "modlist.cmdline");

/* One range of the guest-physical memory map; entries are sorted and do not overlap. */
struct hvm_memmap_table_entry {
    uint64_t addr;     /* 0: first byte. */
    uint64_t size;     /* 8: length in bytes. */
    uint32_t type;     /* 16: XEN_HVM_MEMMAP_TYPE_* */
    uint32_t reserved; /* 20: 0 */
};
_Static_assert(sizeof(struct hvm_memmap_table_entry) == 24, "hvm_memmap_table_entry size");
_Static_assert(offsetof(struct hvm_memmap_table_entry, type) == 16, "memmap_entry.type");

#endif /* XEN_PUBLIC_HVM_START_INFO_H */
