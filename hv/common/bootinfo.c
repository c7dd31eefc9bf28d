/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Validation of what the bootloader handed us (hv/include/hv/bootinfo.h).
 *
 * The loader's data is untrusted: counts may exceed the arrays, ranges may be empty, wrap,
 * overlap or come in any order. Everything below is bounded by the array sizes, so a
 * malformed boot ends in a message, never in a fault. Scratch arrays are static: this runs
 * once, on the boot CPU, before any allocator exists.
 */
#include <hv/bootinfo.h>
#include <hv/compiler.h>
#include <hv/errno.h>
#include <hv/printk.h>
#include <hv/string.h>

#define NR_HOLES (BOOT_MAX_MODULES + 2) /* Modules, the image and the low reserve. */

const char *bootinfo_type_name(enum boot_mem_type type)
{
    switch (type) {
    case BOOT_MEM_USABLE:
        return "usable";
    case BOOT_MEM_ACPI:
        return "ACPI data";
    case BOOT_MEM_NVS:
        return "ACPI NVS";
    case BOOT_MEM_BAD:
        return "bad memory";
    case BOOT_MEM_RESERVED:
    default:
        return "reserved";
    }
}

/* Where firmware describes a range twice, the more restrictive type wins. */
static unsigned int type_rank(enum boot_mem_type type)
{
    switch (type) {
    case BOOT_MEM_USABLE:
        return 1;
    case BOOT_MEM_ACPI:
        return 2;
    case BOOT_MEM_NVS:
        return 3;
    case BOOT_MEM_BAD:
        return 5;
    case BOOT_MEM_RESERVED:
    default:
        return 4;
    }
}

static void clamp_counts(struct boot_info *bi)
{
    if (bi->nr_map > BOOT_MAX_REGIONS) {
        pr_warn("boot: %u memory map entries, only the first %u used\n", bi->nr_map,
                BOOT_MAX_REGIONS);
        bi->nr_map = BOOT_MAX_REGIONS;
    }
    if (bi->nr_modules > BOOT_MAX_MODULES) {
        pr_warn("boot: %u modules, only the first %u used\n", bi->nr_modules, BOOT_MAX_MODULES);
        bi->nr_modules = BOOT_MAX_MODULES;
    }
}

/* Drop empty and wrapping entries; make unknown types reserved. */
static void drop_bad_entries(struct boot_info *bi)
{
    unsigned int i, out = 0;

    for (i = 0; i < bi->nr_map; i++) {
        struct boot_mem_entry e = bi->map[i];

        if (e.end < e.start) {
            pr_warn("boot: memory map entry [%#lx-%#lx) wraps around, ignored\n",
                    (unsigned long)e.start, (unsigned long)e.end);
            continue;
        }
        if (e.end == e.start) {
            continue;
        }
        if (e.type < BOOT_MEM_USABLE || e.type > BOOT_MEM_BAD) {
            e.type = BOOT_MEM_RESERVED;
        }
        bi->map[out++] = e;
    }
    bi->nr_map = out;
}

static void sort_addresses(paddr_t *a, unsigned int n)
{
    unsigned int i, j;

    for (i = 1; i < n; i++) {
        paddr_t v = a[i];

        for (j = i; j > 0 && a[j - 1] > v; j--) {
            a[j] = a[j - 1];
        }
        a[j] = v;
    }
}

/* The type of the entries that cover [lo, hi) with the highest rank, or 0 for a hole. */
static enum boot_mem_type covering_type(const struct boot_info *bi, paddr_t lo, paddr_t hi)
{
    enum boot_mem_type best = 0;
    unsigned int i;

    for (i = 0; i < bi->nr_map; i++) {
        const struct boot_mem_entry *e = &bi->map[i];

        if (e->start <= lo && hi <= e->end && (!best || type_rank(e->type) > type_rank(best))) {
            best = e->type;
        }
    }
    return best;
}

/*
 * Rewrite the map sorted, without overlaps, with neighbours of one type merged. Every entry
 * boundary cuts the address space into pieces, each piece takes the winning type of the
 * entries covering it, and equal-typed neighbours are joined again.
 */
static void normalise_map(struct boot_info *bi)
{
    static paddr_t cuts[2 * BOOT_MAX_REGIONS];
    static struct boot_mem_entry out[BOOT_MAX_REGIONS];
    unsigned int i, n = 0, nr_cuts = 0;

    for (i = 0; i < bi->nr_map; i++) {
        cuts[nr_cuts++] = bi->map[i].start;
        cuts[nr_cuts++] = bi->map[i].end;
    }
    sort_addresses(cuts, nr_cuts);
    for (i = 0; i + 1 < nr_cuts; i++) {
        enum boot_mem_type type;

        if (cuts[i] == cuts[i + 1] || !(type = covering_type(bi, cuts[i], cuts[i + 1]))) {
            continue;
        }
        if (n && out[n - 1].end == cuts[i] && out[n - 1].type == type) {
            out[n - 1].end = cuts[i + 1];
        } else if (n < BOOT_MAX_REGIONS) {
            out[n++] = (struct boot_mem_entry){cuts[i], cuts[i + 1], type};
        } else {
            pr_warn("boot: memory map too fragmented, [%#lx-%#lx) ignored\n",
                    (unsigned long)cuts[i], (unsigned long)cuts[i + 1]);
        }
    }
    memcpy(bi->map, out, n * sizeof(out[0]));
    bi->nr_map = n;
}

/* Cut usable RAM at mem_limit (mem=); usable_bytes and the region count follow. */
static void limit_usable(struct boot_info *bi, paddr_t mem_limit)
{
    unsigned int i, out = 0;

    bi->usable_bytes = 0;
    bi->nr_usable_regions = 0;
    for (i = 0; i < bi->nr_map; i++) {
        struct boot_mem_entry e = bi->map[i];

        if (e.type == BOOT_MEM_USABLE && mem_limit) {
            if (e.start >= mem_limit) {
                continue;
            }
            e.end = MIN(e.end, mem_limit);
        }
        if (e.type == BOOT_MEM_USABLE) {
            bi->usable_bytes += e.end - e.start;
            bi->nr_usable_regions++;
        }
        bi->map[out++] = e;
    }
    bi->nr_map = out;
}

static bool overlap(paddr_t a0, paddr_t a1, paddr_t b0, paddr_t b1)
{
    return a0 < b1 && b0 < a1;
}

/* True when [start, end) lies inside one usable entry (neighbours are merged, so RAM is). */
static bool in_usable_ram(const struct boot_info *bi, paddr_t start, paddr_t end)
{
    unsigned int i;

    for (i = 0; i < bi->nr_map; i++) {
        if (bi->map[i].type == BOOT_MEM_USABLE && bi->map[i].start <= start &&
            end <= bi->map[i].end) {
            return true;
        }
    }
    return false;
}

/* Why module m cannot be used, or NULL; *with is set to the conflicting range, if any. */
static const char *module_problem(const struct boot_info *bi, unsigned int kept,
                                  const struct boot_module *m, struct boot_region *with)
{
    unsigned int i;

    if (m->end <= m->start) {
        return "is empty or wraps around";
    }
    if (overlap(m->start, m->end, bi->image_start, bi->image_end)) {
        *with = (struct boot_region){bi->image_start, bi->image_end};
        return "overlaps the hypervisor image";
    }
    for (i = 0; i < kept; i++) {
        if (overlap(m->start, m->end, bi->modules[i].start, bi->modules[i].end)) {
            *with = (struct boot_region){bi->modules[i].start, bi->modules[i].end};
            return "overlaps an earlier module";
        }
    }
    if (!in_usable_ram(bi, m->start, m->end)) {
        return "is not inside usable RAM";
    }
    return NULL;
}

static void check_modules(struct boot_info *bi)
{
    unsigned int i, kept = 0;

    for (i = 0; i < bi->nr_modules; i++) {
        struct boot_module *m = &bi->modules[i];
        struct boot_region with = {0, 0};
        const char *why = module_problem(bi, kept, m, &with);

        m->cmdline[BOOT_MODLINE_MAX - 1] = '\0'; /* Loader parsers copy, but be sure. */
        if (why) {
            pr_err("boot: module %u '%.40s' [%#lx-%#lx) %s [%#lx-%#lx); module dropped\n", i,
                   m->cmdline, (unsigned long)m->start, (unsigned long)m->end, why,
                   (unsigned long)with.start, (unsigned long)with.end);
            continue;
        }
        if (kept != i) {
            bi->modules[kept] = *m;
        }
        kept++;
    }
    bi->nr_modules = kept;
}

/* Ranges free RAM must avoid, sorted by start. Returns their number. */
static unsigned int collect_holes(const struct boot_info *bi, paddr_t low_reserve,
                                  struct boot_region *holes)
{
    unsigned int i, j, n = 0;

    holes[n++] = (struct boot_region){0, low_reserve};
    holes[n++] = (struct boot_region){bi->image_start, bi->image_end};
    for (i = 0; i < bi->nr_modules; i++) {
        holes[n++] = (struct boot_region){bi->modules[i].start, bi->modules[i].end};
    }
    for (i = 1; i < n; i++) {
        struct boot_region h = holes[i];

        for (j = i; j > 0 && holes[j - 1].start > h.start; j--) {
            holes[j] = holes[j - 1];
        }
        holes[j] = h;
    }
    return n;
}

static void add_free(struct boot_info *bi, paddr_t start, paddr_t end)
{
    /* Partial pages next to a hole or a map boundary are never handed out. */
    start = ROUNDUP(start, (paddr_t)PAGE_SIZE);
    end = ROUNDDOWN(end, (paddr_t)PAGE_SIZE);
    if (start >= end) {
        return;
    }
    if (bi->nr_free == BOOT_MAX_REGIONS) {
        pr_warn("boot: too many free regions, [%#lx-%#lx) not used\n", (unsigned long)start,
                (unsigned long)end);
        return;
    }
    bi->free[bi->nr_free++] = (struct boot_region){start, end};
}

/* free = usable entries minus the holes. */
static void compute_free(struct boot_info *bi, paddr_t low_reserve)
{
    static struct boot_region holes[NR_HOLES];
    unsigned int nr_holes = collect_holes(bi, low_reserve, holes), i, h;

    bi->nr_free = 0;
    for (i = 0; i < bi->nr_map; i++) {
        paddr_t pos = bi->map[i].start, end = bi->map[i].end;

        if (bi->map[i].type != BOOT_MEM_USABLE) {
            continue;
        }
        /* Invariant: [start of entry, pos) is handled; holes are sorted by start. */
        for (h = 0; h < nr_holes && pos < end; h++) {
            if (holes[h].end <= pos || holes[h].start >= end) {
                continue;
            }
            add_free(bi, pos, MAX(pos, holes[h].start));
            pos = MAX(pos, holes[h].end);
        }
        if (pos < end) {
            add_free(bi, pos, end);
        }
    }
}

int bootinfo_sanitize(struct boot_info *bi, paddr_t mem_limit, paddr_t low_reserve)
{
    clamp_counts(bi);
    drop_bad_entries(bi);
    if (!bi->nr_map) {
        pr_err("boot: the memory map is empty\n");
        return -EINVAL;
    }
    normalise_map(bi);
    limit_usable(bi, mem_limit);
    if (!bi->nr_usable_regions) {
        pr_err("boot: the memory map has no usable RAM (below mem=%#lx)\n",
               (unsigned long)mem_limit);
        return -EINVAL;
    }
    check_modules(bi);
    compute_free(bi, low_reserve);
    if (!bi->nr_free) {
        pr_err("boot: no free RAM outside the image, the modules and the low reserve\n");
        return -EINVAL;
    }
    return 0;
}
