/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's page tables. Intermediate tables are always created writable and
 * executable; permissions are enforced in the leaf entries (AMD APM vol. 2, 5.6: the
 * effective permission is the most restrictive along the walk).
 */
#include <hv/bug.h>
#include <hv/errno.h>
#include <hv/page-alloc.h>
#include <hv/printk.h>
#include <hv/smp.h>
#include <hv/spinlock.h>
#include <hv/string.h>
#include <hv/vmap.h>
#include <asm/config.h>
#include <asm/mm.h>
#include <asm/current.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/setup.h>

#define PTE_TABLE (_PAGE_PRESENT | _PAGE_RW)

extern char __image_start[], _etext[], _erodata[], __image_end[];
extern uint64_t boot_l4[];

paddr_t idle_pg_table_maddr;
static bool on_final_tables;
static bool page_alloc_ready;
static DEFINE_SPINLOCK(map_lock);

/* Usable regions below 4 GiB the boot allocator may still carve from. */
static struct boot_region boot_free[BOOT_MAX_REGIONS];
static unsigned int nr_boot_free;

static void *pt_virt(paddr_t pa)
{
    /* Before the switch the boot tables map the low 4 GiB 1:1; boot pages live there. */
    return on_final_tables ? maddr_to_virt(pa) : (void *)(unsigned long)pa;
}

paddr_t boot_alloc_pages(unsigned long nr)
{
    for (int i = (int)nr_boot_free - 1; i >= 0; i--) {
        struct boot_region *r = &boot_free[i];
        paddr_t start = ROUNDDOWN(r->end - nr * PAGE_SIZE, PAGE_SIZE);

        if (r->end <= r->start || r->end - r->start < nr * PAGE_SIZE || start < r->start) {
            continue;
        }
        r->end = start;
        memset(pt_virt(start), 0, nr * PAGE_SIZE);
        return start;
    }
    panic("boot: out of memory below 4 GiB allocating %lu pages", nr);
}

static paddr_t alloc_pt_page(void)
{
    mfn_t mfn;

    if (!page_alloc_ready) {
        return boot_alloc_pages(1);
    }
    mfn = alloc_pages(0);
    if (mfn_eq(mfn, INVALID_MFN)) {
        return 0;
    }
    memset(maddr_to_virt(mfn_to_paddr(mfn)), 0, PAGE_SIZE);
    return mfn_to_paddr(mfn);
}

static uint64_t pte_flags(unsigned int flags)
{
    uint64_t f = _PAGE_PRESENT | _PAGE_GLOBAL;

    if (flags & MAP_WRITE) {
        f |= _PAGE_RW;
    }
    if (!(flags & MAP_EXEC) && boot_cpu.nx) {
        f |= _PAGE_NX;
    }
    if (flags & MAP_UNCACHED) {
        f |= _PAGE_PCD | _PAGE_PWT;
    }
    return f;
}

/*
 * Return the entry for `va` in the table at `level` (1 = 4 KiB leaves), creating the tables
 * above it when `create`. NULL if absent (or a large page is in the way) or out of memory.
 */
static uint64_t *pt_entry(paddr_t root, vaddr_t va, unsigned int level, bool create)
{
    uint64_t *table = pt_virt(root);

    for (unsigned int l = 4; l > level; l--) {
        uint64_t *e = &table[(va >> (12 + 9 * (l - 1))) & 511];

        if (!(*e & _PAGE_PRESENT)) {
            paddr_t pa = create ? alloc_pt_page() : 0;

            if (!pa) {
                return NULL;
            }
            *e = pa | PTE_TABLE;
        } else if (*e & _PAGE_PSE) {
            return NULL;
        }
        table = pt_virt(*e & PTE_ADDR_MASK);
    }
    return &table[(va >> (12 + 9 * (level - 1))) & 511];
}

static int map_one(paddr_t root, vaddr_t va, paddr_t pa, unsigned int level, uint64_t flags)
{
    uint64_t *e = pt_entry(root, va, level, true);

    if (!e) {
        return -ENOMEM;
    }
    if (*e & _PAGE_PRESENT) {
        return -EEXIST;
    }
    *e = pa | flags | (level > 1 ? _PAGE_PSE : 0);
    return 0;
}

int map_pages(vaddr_t va, mfn_t mfn, unsigned long nr, unsigned int flags)
{
    unsigned long irqf;
    int rc = 0;

    if (!IS_ALIGNED(va, PAGE_SIZE)) {
        return -EINVAL;
    }
    irqf = spin_lock_irqsave(&map_lock);
    for (unsigned long i = 0; i < nr && !rc; i++) {
        rc = map_one(idle_pg_table_maddr, va + i * PAGE_SIZE, mfn_to_paddr(mfn) + i * PAGE_SIZE, 1,
                     pte_flags(flags));
    }
    spin_unlock_irqrestore(&map_lock, irqf);
    return rc;
}

static void flush_one_va(void *va)
{
    invlpg(va);
}

int unmap_pages(vaddr_t va, unsigned long nr)
{
    unsigned long irqf = spin_lock_irqsave(&map_lock);

    for (unsigned long i = 0; i < nr; i++) {
        uint64_t *e = pt_entry(idle_pg_table_maddr, va + i * PAGE_SIZE, 1, false);

        if (e) {
            *e = 0;
            invlpg((void *)(va + i * PAGE_SIZE));
        }
    }
    spin_unlock_irqrestore(&map_lock, irqf);
    /* Other CPUs may hold the old translations. */
    for (unsigned long i = 0; i < nr; i++) {
        smp_call_function(flush_one_va, (void *)(va + i * PAGE_SIZE));
    }
    return 0;
}

int protect_pages(vaddr_t va, unsigned long nr, unsigned int flags)
{
    unsigned long irqf = spin_lock_irqsave(&map_lock);
    int rc = 0;

    for (unsigned long i = 0; i < nr && !rc; i++) {
        uint64_t *e = pt_entry(idle_pg_table_maddr, va + i * PAGE_SIZE, 1, false);

        if (!e || !(*e & _PAGE_PRESENT)) {
            rc = -EINVAL;
            break;
        }
        *e = (*e & PTE_ADDR_MASK) | pte_flags(flags);
        invlpg((void *)(va + i * PAGE_SIZE));
    }
    spin_unlock_irqrestore(&map_lock, irqf);
    return rc;
}

/* Map [start, end) of machine memory into the direct map with the largest pages that fit. */
static void direct_map_range(paddr_t start, paddr_t end)
{
    uint64_t flags = pte_flags(MAP_READ | MAP_WRITE);

    start = ROUNDDOWN(start, PAGE_SIZE);
    end = ROUNDUP(end, PAGE_SIZE);
    while (start < end) {
        vaddr_t va = DIRECTMAP_VIRT_START + start;
        unsigned int level = 1;
        paddr_t size = PAGE_SIZE;

        if (boot_cpu.page1gb && IS_ALIGNED(start, 1UL << L3_SHIFT) &&
            end - start >= (1UL << L3_SHIFT)) {
            level = 3;
            size = 1UL << L3_SHIFT;
        } else if (IS_ALIGNED(start, 1UL << L2_SHIFT) && end - start >= (1UL << L2_SHIFT)) {
            level = 2;
            size = 1UL << L2_SHIFT;
        }
        /* Regions may share a large page at their ends; the first mapping wins. */
        (void)map_one(idle_pg_table_maddr, va, start, level, flags);
        start += size;
    }
}

static void map_image_section(const char *start, const char *end, unsigned int flags)
{
    for (vaddr_t va = (vaddr_t)start; va < (vaddr_t)end; va += PAGE_SIZE) {
        BUG_ON(map_one(idle_pg_table_maddr, va, image_to_maddr(va), 1, pte_flags(flags)));
    }
}

static void collect_boot_free(const struct boot_info *bi)
{
    for (unsigned int i = 0; i < bi->nr_free && nr_boot_free < BOOT_MAX_REGIONS; i++) {
        struct boot_region r = bi->free[i];

        if (r.start >= (1ULL << 32)) {
            continue;
        }
        if (r.end > (1ULL << 32)) {
            r.end = 1ULL << 32;
        }
        boot_free[nr_boot_free++] = r;
    }
}

/* Frames the buddy allocator will manage: up to the end of the highest usable region. */
static unsigned long frame_table_frames(const struct boot_info *bi)
{
    paddr_t top = 0;

    for (unsigned int i = 0; i < bi->nr_free; i++) {
        top = MAX(top, bi->free[i].end);
    }
    return (unsigned long)(top >> PAGE_SHIFT);
}

static void give_free_memory_to_allocator(const struct boot_info *bi)
{
    for (unsigned int i = 0; i < bi->nr_free; i++) {
        struct boot_region r = bi->free[i];

        /* The boot allocator shrank the low regions from their top. */
        for (unsigned int j = 0; j < nr_boot_free; j++) {
            if (boot_free[j].start == r.start) {
                r.end = MIN(r.end, boot_free[j].end);
            }
        }
        if (r.end > r.start) {
            page_alloc_add_free_range(paddr_to_mfn(r.start),
                                      (unsigned long)((r.end - r.start) >> PAGE_SHIFT));
        }
    }
}

void paging_init(struct boot_info *bi)
{
    unsigned long nr_frames = frame_table_frames(bi);
    size_t table_bytes = nr_frames * sizeof(struct page_info);
    paddr_t table;

    collect_boot_free(bi);
    idle_pg_table_maddr = boot_alloc_pages(1);
    for (unsigned int i = 0; i < bi->nr_map; i++) {
        enum boot_mem_type t = bi->map[i].type;

        if (t == BOOT_MEM_USABLE || t == BOOT_MEM_ACPI || t == BOOT_MEM_NVS) {
            direct_map_range(bi->map[i].start, bi->map[i].end);
        }
    }
    map_image_section(__image_start, _etext, MAP_READ | MAP_EXEC);
    map_image_section(_etext, _erodata, MAP_READ);
    map_image_section(_erodata, __image_end, MAP_READ | MAP_WRITE);
    table = boot_alloc_pages(DIV_ROUND_UP(table_bytes, PAGE_SIZE));

    write_cr3(idle_pg_table_maddr);
    write_cr4(read_cr4() | X86_CR4_PGE);
    on_final_tables = true;

    page_alloc_init(maddr_to_virt(table), nr_frames);
    give_free_memory_to_allocator(bi);
    page_alloc_ready = true;
}

paddr_t trampoline_page_table(void)
{
    const uint64_t *idle = maddr_to_virt(idle_pg_table_maddr);
    uint64_t *l4 = maddr_to_virt(image_to_maddr(boot_l4));

    /* Slot 0 keeps the boot tables' 1:1 map of the low 4 GiB, where the trampoline runs. */
    for (unsigned int i = 1; i < PT_ENTRIES; i++) {
        l4[i] = idle[i];
    }
    return image_to_maddr(boot_l4);
}

void *alloc_cpu_stack(void)
{
    vaddr_t block = vmap_alloc_va(STACK_SIZE / PAGE_SIZE, STACK_SIZE / PAGE_SIZE);
    static const struct {
        unsigned int first, nr;
    } parts[] = {
        {STACK_PAGE_IST_NMI, STACK_IST_PAGES},
        {STACK_PAGE_IST_DF, STACK_IST_PAGES},
        {STACK_PAGE_IST_MC, STACK_IST_PAGES},
        {STACK_PAGE_PRIMARY, STACK_SIZE / PAGE_SIZE - STACK_PAGE_PRIMARY},
    };

    if (!block) {
        return NULL;
    }
    /* Pages 0 and STACK_PAGE_GUARD stay unmapped: overflowing a stack faults. */
    for (unsigned int i = 0; i < ARRAY_SIZE(parts); i++) {
        mfn_t mfn = alloc_pages((unsigned int)__builtin_ctz(parts[i].nr)); /* nr: power of 2 */

        if (mfn_eq(mfn, INVALID_MFN) ||
            map_pages(block + parts[i].first * PAGE_SIZE, mfn, parts[i].nr, MAP_READ | MAP_WRITE)) {
            return NULL;
        }
    }
    return (void *)block;
}
