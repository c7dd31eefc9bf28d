/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the bootloader handed us, in a loader-neutral form, and its validation.
 *
 * The arch's loader parsers (Multiboot1, Multiboot2) fill struct boot_info with the raw
 * memory map and modules, copying every string, so nothing points into loader memory
 * afterwards. bootinfo_sanitize() then makes it safe to use: a malformed boot produces a
 * clear message and either a usable result or an error the caller reports, never a fault.
 */
#ifndef HV_BOOTINFO_H
#define HV_BOOTINFO_H

#include <hv/types.h>

#define BOOT_MAX_REGIONS 128
#define BOOT_MAX_MODULES 96
#define BOOT_CMDLINE_MAX 1024
#define BOOT_MODLINE_MAX 512

enum boot_mem_type {
    BOOT_MEM_USABLE = 1,
    BOOT_MEM_RESERVED = 2,
    BOOT_MEM_ACPI = 3, /* ACPI tables, reclaimable once read. */
    BOOT_MEM_NVS = 4,
    BOOT_MEM_BAD = 5,
};

/* [start, end) in machine addresses. */
struct boot_region {
    paddr_t start;
    paddr_t end;
};

struct boot_mem_entry {
    paddr_t start;
    paddr_t end;
    enum boot_mem_type type;
};

struct boot_module {
    paddr_t start;
    paddr_t end;
    char cmdline[BOOT_MODLINE_MAX];
};

struct boot_info {
    const char *loader; /* "multiboot1" or "multiboot2". */
    char cmdline[BOOT_CMDLINE_MAX];
    /* The firmware memory map as the loader gave it; normalised by bootinfo_sanitize(). */
    unsigned int nr_map;
    struct boot_mem_entry map[BOOT_MAX_REGIONS];
    unsigned int nr_modules;
    struct boot_module modules[BOOT_MAX_MODULES];
    paddr_t image_start, image_end; /* The hypervisor image, set by the arch. */
    paddr_t rsdp;                   /* ACPI RSDP from the loader, or 0. */
    /* Outputs of bootinfo_sanitize(): usable RAM, and what of it is free for allocation. */
    uint64_t usable_bytes;
    unsigned int nr_usable_regions;
    unsigned int nr_free;
    struct boot_region free[BOOT_MAX_REGIONS];
};

/*
 * Validate and normalise `bi` (set image_start/image_end first):
 *  - counts beyond the arrays are cut, with a warning;
 *  - map entries that are empty or wrap around are dropped, unknown types become reserved;
 *  - the map is rewritten sorted, without overlaps, neighbours of one type merged; where
 *    entries overlap the more restrictive type wins (usable < ACPI < NVS < reserved < bad);
 *  - with a non-zero `mem_limit` (mem=), usable RAM at and above that address is dropped
 *    from the map; usable_bytes and nr_usable_regions then describe the usable entries;
 *  - modules that are empty, wrap, overlap the image or an earlier module, or do not lie
 *    inside one usable entry are dropped, each with an error naming the module and both
 *    ranges; boot goes on without them;
 *  - free[] becomes usable RAM minus [0, low_reserve), the image and the modules, each
 *    region shrunk to whole pages.
 * Returns 0, or -EINVAL (after printing why) when the map is empty or no usable or free RAM
 * remains. Context: boot CPU, once, before any allocator.
 */
int bootinfo_sanitize(struct boot_info *bi, paddr_t mem_limit, paddr_t low_reserve);

/* Human-readable name of a memory type ("reserved" for unknown values). Context: any. */
const char *bootinfo_type_name(enum boot_mem_type type);

#endif /* HV_BOOTINFO_H */
