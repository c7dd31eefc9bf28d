/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Loading a PVH kernel into a domain and describing the boot to it (guest-abi.md 2.1-2.4).
 *
 * The domain builder uses it in this order:
 *   1. pvh_mem_layout_init(): split the domain's RAM into low RAM (from GPA 0) and RAM above
 *      4 GiB.
 *   2. pvh_elf_parse(image, len, layout.low_ram_end, &img, ...): validate the (hostile) kernel
 *      image and find its PHYS32 entry point. Nothing is written anywhere.
 *   3. pvh_place(): choose GPAs for the start-info page and the ramdisk.
 *   4. pvh_elf_load(): copy the segments into guest memory through the builder's callbacks;
 *      copy the ramdisk to its GPA the same way.
 *   5. pvh_build_start_info(): fill a page with hvm_start_info, the module list, the memory
 *      map and the command line, all GPAs filled in; copy it to its GPA; start the boot vCPU
 *      at img.entry with EBX = that GPA.
 *
 * Guest-physical layout (the same map also answers XENMEM_memory_map):
 *
 *   0 .. low_ram_end                 RAM; at most PVH_LOW_RAM_MAX (3.75 GiB)
 *     kernel                         at its ELF p_paddr (16 MiB for distribution kernels)
 *     start-info page                the first page after the kernel's last byte
 *     ramdisk                        the page after the start-info page
 *   low_ram_end .. 0xFEFF8000        hole: grant and foreign mappings, local APIC at
 *                                    0xFEE00000 (not in the map), except
 *     0xFC000000 .. +4 KiB           ACPI: the domain's ACPI tables (pvh-acpi.h)
 *   0xFEFF8000 .. 0xFF000000         RESERVED: the 8 special pages (xenstore ring at GFN
 *                                    0xFEFFC, console ring at GFN 0xFEFFF)
 *   4 GiB .. high_ram_end            RAM beyond the low part, if any
 *
 * The start-info page and the ramdisk sit in RAM, as Xen places them: Linux copies the start
 * info, memory map and command line before its allocator runs and reserves the initrd itself.
 * Only pages the hypervisor keeps sharing with the guest (rings, later ACPI tables) must stay
 * outside RAM, which is why the special pages are RESERVED.
 *
 * Context of every function: any (boot, single CPU, in practice); none allocates or locks.
 */
#ifndef HV_PVH_LOADER_H
#define HV_PVH_LOADER_H

#include <hv/compiler.h>
#include <hv/types.h>

/*
 * Bounds on a kernel image: program headers looked at, PT_LOAD segments kept. Linux's vmlinux
 * has 5 program headers, 4 of them PT_LOAD; the bounds keep the work on a hostile image (the
 * pairwise overlap check, the note scan) small and the result a fixed-size structure.
 */
#define PVH_MAX_PHDRS    64
#define PVH_MAX_SEGMENTS 16

/* One PT_LOAD segment: file bytes [offset, offset + filesz) go to GPA [paddr, paddr + memsz). */
struct pvh_segment {
    uint64_t offset;
    uint64_t filesz;
    paddr_t paddr;
    uint64_t memsz;    /* >= filesz; the tail is zeroed. */
    unsigned int phdr; /* Index of its program header, for messages. */
};

/* A validated kernel image: everything pvh_elf_load() and the builder need. */
struct pvh_image {
    uint32_t entry;           /* XEN_ELFNOTE_PHYS32_ENTRY: the 32-bit physical entry point. */
    unsigned int elf_class;   /* 32 or 64. */
    paddr_t load_start;       /* Lowest p_paddr of the PT_LOAD segments. */
    paddr_t load_end;         /* Highest p_paddr + p_memsz (exclusive). */
    size_t image_len;         /* The length the image was validated with. */
    unsigned int nr_segments; /* PT_LOAD segments with p_memsz > 0, in file order. */
    struct pvh_segment segments[PVH_MAX_SEGMENTS];
};

/*
 * How the loader writes guest memory; the hypervisor implements both over the domain's p2m.
 * Each returns 0 or a negative errno (e.g. -EFAULT for a GPA without RAM), which the loader
 * returns unchanged.
 */
struct guest_copy_ops {
    int (*copy_to_gpa)(void *ctx, paddr_t gpa, const void *src, size_t len);
    int (*zero_gpa)(void *ctx, paddr_t gpa, size_t len);
};

/*
 * Validate a kernel image and describe it in *out. The image is hostile: every header field
 * is checked against the file size and for overflow before it is used. Requirements:
 *  - ELF magic, class 32 or 64, little endian, version 1, type ET_EXEC, machine EM_X86_64 or
 *    EM_386 (either class);
 *  - a program header table inside the file, e_phentsize matching the class, 1 to
 *    PVH_MAX_PHDRS entries;
 *  - every PT_LOAD: file data inside the file, p_filesz <= p_memsz, [p_paddr, p_paddr +
 *    p_memsz) without overflow and inside [0, guest_mem_limit), no overlap with another
 *    PT_LOAD, p_align 0, 1 or a power of two with p_vaddr and p_offset congruent modulo it
 *    (the gABI rule; not p_paddr, which Linux's per-CPU segment leaves unaligned);
 *    at least one and at most PVH_MAX_SEGMENTS with p_memsz > 0 (empty ones are skipped);
 *  - a PT_NOTE segment (inside the file, well-formed notes) with the note "Xen" /
 *    XEN_ELFNOTE_PHYS32_ENTRY, descriptor 4 or 8 bytes, value below 4 GiB; repeated notes
 *    must agree; the entry must lie in the file-backed part of a PT_LOAD segment.
 * `guest_mem_limit` is where the RAM the kernel may occupy ends (low_ram_end of the layout).
 * Returns 0, or:
 *   -ENOEXEC not ELF, or a class, byte order, version, type or machine we do not run;
 *   -EINVAL  inconsistent or truncated headers, segments or notes, bad alignment, overlap,
 *            entry outside the segments;
 *   -E2BIG   more program headers or PT_LOAD segments than the bounds above;
 *   -ERANGE  a PT_LOAD outside the domain's memory;
 *   -ENOENT  no PHYS32_ENTRY note.
 * On failure err (errlen bytes, may be NULL/0) names exactly what is wrong, e.g.
 * "program header 3 (PT_LOAD): [0x1200000, 0x1400000) overlaps program header 2
 * [0x1000000, 0x1300000)"; on success it is untouched.
 * *out is only meaningful after success.
 */
int __must_check pvh_elf_parse(const void *image, size_t len, paddr_t guest_mem_limit,
                               struct pvh_image *out, char *err, size_t errlen);

/*
 * Copy each segment of `img` into guest memory: p_filesz bytes from the image to p_paddr,
 * then zeroes up to p_memsz, in segment order. Stops at the first callback error.
 * Pre: img came from a successful pvh_elf_parse() of this same image (its segment bounds
 * are re-checked against img->image_len all the same).
 * Returns 0, -EINVAL for an inconsistent img (then nothing is written), or the first
 * callback error (earlier segments are then already written).
 */
int __must_check pvh_elf_load(const void *image, const struct pvh_image *img,
                              const struct guest_copy_ops *ops, void *ctx);

/* ---- Guest memory layout, placement and hvm_start_info (hv/common/pvh-start-info.c) ---- */

/* From public/hvm/start_info.h; only pvh-start-info.c needs its layout. */
struct hvm_memmap_table_entry;

#define PVH_LOW_RAM_MAX    0xF0000000ULL /* Low RAM ends here at the latest (Xen's MMIO hole). */
#define PVH_HIGH_RAM_START (1ULL << 32)  /* The rest of the RAM continues here. */
#define PVH_RAM_MIN        (1ULL << 20)  /* Linux needs RAM below 640 KiB and above 1 MiB. */
#define PVH_RAM_MAX        (1ULL << 40)  /* Far above any domain; keeps the arithmetic safe. */

/* The special pages (Xen's HVM special page region), RESERVED in the map. */
#define PVH_SPECIAL_PAGES_START 0xFEFF8000ULL
#define PVH_SPECIAL_PAGES_END   0xFF000000ULL
#define PVH_XENSTORE_GFN        0xFEFFCUL
#define PVH_CONSOLE_GFN         0xFEFFFUL

/* Linux maps only the first GiB early: hvm_start_info and its tables must lie below it. */
#define PVH_TABLES_LIMIT (1ULL << 30)
/* The command line and modules go into 32-bit boot_params fields: below 4 GiB. */
#define PVH_MODULES_LIMIT (1ULL << 32)

/* Start info, module list, memory map and command line share one page. */
#define PVH_START_INFO_SIZE PAGE_SIZE
#define PVH_MAX_MODULES     4
#define PVH_MEMMAP_MAX      8

/* Guest RAM: [0, low_ram_end) and, when high_ram_end != 0, [4 GiB, high_ram_end). */
struct pvh_mem_layout {
    uint64_t low_ram_end;
    uint64_t high_ram_end;
};

/* A module (the ramdisk) already placed in guest memory. */
struct pvh_module {
    paddr_t paddr;
    uint64_t size;
};

/* Where pvh_place() puts the start-info page and the ramdisk. */
struct pvh_placement {
    paddr_t info_paddr;
    paddr_t ramdisk_paddr; /* 0 when there is no ramdisk. */
};

/* Everything hvm_start_info describes. */
struct pvh_start_params {
    const struct pvh_mem_layout *mem;
    const struct pvh_image *kernel;   /* For the overlap checks. */
    const char *cmdline;              /* NULL or "" for none. */
    const struct pvh_module *modules; /* Module 0 is the initrd for Linux. */
    unsigned int nr_modules;          /* 0 .. PVH_MAX_MODULES. */
    uint32_t flags;                   /* SIF_PRIVILEGED, SIF_INITDOMAIN (xen.h); 0 for a domU. */
    paddr_t rsdp_paddr;               /* ACPI RSDP, 0 for none. */
    paddr_t info_paddr;               /* Page-aligned GPA the page will be copied to. */
};

/*
 * Split `ram_bytes` of guest RAM: low RAM from 0 up to PVH_LOW_RAM_MAX, the rest from 4 GiB.
 * Returns 0, or -EINVAL when ram_bytes is not a multiple of the page size or outside
 * [PVH_RAM_MIN, PVH_RAM_MAX].
 */
int __must_check pvh_mem_layout_init(struct pvh_mem_layout *mem, uint64_t ram_bytes);

/*
 * Write the guest's memory map (E820 numbering, sorted, guest-abi.md 2.4) into map[0..max):
 * low RAM, the ACPI tables' page, the RESERVED special pages, RAM above 4 GiB if any.
 * Returns the number of entries, or -ENOSPC when max is too small (PVH_MEMMAP_MAX always
 * suffices). Pre: *mem came from pvh_mem_layout_init().
 */
int __must_check pvh_memory_map(const struct pvh_mem_layout *mem,
                                struct hvm_memmap_table_entry *map, unsigned int max);

/*
 * Choose GPAs: the start-info page at the first page boundary after the kernel, the ramdisk
 * (if ramdisk_size != 0) on the page after it. Both must end inside low RAM; the page below
 * PVH_TABLES_LIMIT.
 * Returns 0, or -ENOMEM (err says what does not fit where).
 */
int __must_check pvh_place(const struct pvh_mem_layout *mem, const struct pvh_image *kernel,
                           uint64_t ramdisk_size, struct pvh_placement *out, char *err,
                           size_t errlen);

/*
 * Fill `page` (PVH_START_INFO_SIZE bytes, any alignment) with what the guest finds at
 * p->info_paddr: struct hvm_start_info (version 1) at offset 0, then the module list, the
 * memory map and the command line, each 8-byte aligned, every pointer a GPA inside the page;
 * the rest is zero. Checks Linux's constraints (guest-abi.md 2.3): the page page-aligned, in
 * low RAM, below 1 GiB and clear of the kernel; each module non-empty, page-aligned, smaller
 * than and below 4 GiB, inside low RAM, clear of the kernel, the page and the other modules.
 * Returns 0, -EINVAL (a constraint broken; err says which), or -E2BIG (too many modules, or
 * the command line does not fit in the page).
 */
int __must_check pvh_build_start_info(const struct pvh_start_params *p, void *page, char *err,
                                      size_t errlen);

#endif /* HV_PVH_LOADER_H */
