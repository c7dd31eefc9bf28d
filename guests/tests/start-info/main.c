/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * start-info: the PVH start of day (guest-abi.md 2.2-2.4). A kernel knows nothing about its
 * machine but what hvm_start_info says: where its command line, modules and memory map are.
 * Linux BUG()s on a bad magic, reads the tables through page tables that cover only the first
 * 1 GiB, needs RAM from address 0 with at least 640 KiB below 1 MiB (real-mode trampoline),
 * and asks XENMEM_memory_map for the map when the structure has none, so both must agree.
 * Nothing the loader provides may overlap the kernel image, .bss included.
 *
 * Command line: `expect_mem=SIZE` (e.g. 32M): the RAM the domain was given, compared with the
 * map's RAM total (`mem_slack=SIZE` allows the map to have that much less); `expect_modules=N`
 * (default 0); `expect_flags=N` (default 0). The whole command line is printed, so the system
 * test can compare it with what the domain specification passed.
 */
#include <public/memory.h>

#include <guest/test.h>

const char test_title[] = "start-info: hvm_start_info, command line and memory map";

#define LOW_RAM_MIN (640 * 1024)
#define ONE_GIB     (1ULL << 30)
#define FOUR_GIB    (1ULL << 32)
#define MAX_MAP     64

static struct e820entry xen_map[MAX_MAP + 1];

static const char *type_name(uint32_t type)
{
    static const char *const names[] = {"?",   "RAM",      "reserved", "ACPI",
                                        "NVS", "unusable", "disabled", "PMEM"};

    return type < ARRAY_SIZE(names) ? names[type] : "?";
}

static bool overlaps_image(uint64_t addr, uint64_t size)
{
    return addr < (uint64_t)__image_end && (uint64_t)__image_start < addr + size;
}

static void check_structure(void)
{
    const struct hvm_start_info *si = start_info;
    uint64_t flags = 0;

    printf("start-info: at %p: magic %#x, version %u, flags %#x, %u modules, rsdp %#lx\n", si,
           si->magic, si->version, si->flags, si->nr_modules, si->rsdp_paddr);
    if (si->version != 1) {
        test_failure("hvm_start_info version %u, expected 1 (with the memory map)", si->version);
    }
    cmdline_get_u64("expect_flags", &flags);
    if (si->flags != flags) {
        test_failure("hvm_start_info flags %#x, expected %#lx", si->flags, flags);
    }
    if (si->reserved) {
        test_failure("hvm_start_info reserved field is %#x, expected 0", si->reserved);
    }
    if (overlaps_image((uint64_t)si, sizeof(*si))) {
        test_failure("hvm_start_info at %p overlaps the kernel image [%p, %p)", si, __image_start,
                     __image_end);
    }
    if (si->rsdp_paddr &&
        (si->rsdp_paddr >= FOUR_GIB || memcmp((const void *)si->rsdp_paddr, "RSD PTR ", 8))) {
        test_failure("rsdp_paddr %#lx does not point at an RSDP", si->rsdp_paddr);
    }
}

static void check_cmdline(void)
{
    uint64_t pa = start_info->cmdline_paddr;
    size_t len;

    if (!pa) {
        test_error("No command line; this test needs expect_mem=SIZE");
        return;
    }
    if (pa >= FOUR_GIB) {
        test_failure("cmdline_paddr %#lx is above 4 GiB", pa);
        return;
    }
    len = strnlen((const char *)pa, PAGE_SIZE);
    printf("start-info: command line at %#lx, %zu bytes: \"%s\"\n", pa, len, cmdline());
    if (len == PAGE_SIZE) {
        test_failure("The command line has no NUL within %d bytes", PAGE_SIZE);
    }
    if (overlaps_image(pa, len + 1)) {
        test_failure("The command line at %#lx overlaps the kernel image", pa);
    }
}

static void check_modules(void)
{
    const struct hvm_modlist_entry *mod;
    uint64_t expect = 0;
    unsigned int i;

    cmdline_get_u64("expect_modules", &expect);
    if (start_info->nr_modules != expect) {
        test_failure("%u modules, expected %lu", start_info->nr_modules, expect);
    }
    if (!start_info->nr_modules) {
        return;
    }
    if (start_info->modlist_paddr + start_info->nr_modules * sizeof(*mod) > ONE_GIB) {
        test_failure("The module list at %#lx is not below 1 GiB", start_info->modlist_paddr);
        return;
    }
    mod = (const void *)start_info->modlist_paddr;
    for (i = 0; i < start_info->nr_modules; i++) {
        printf("start-info: module %u: %#lx, %lu bytes, cmdline %#lx\n", i, mod[i].paddr,
               mod[i].size, mod[i].cmdline_paddr);
        if (mod[i].paddr & (PAGE_SIZE - 1) || mod[i].paddr + mod[i].size > FOUR_GIB ||
            overlaps_image(mod[i].paddr, mod[i].size)) {
            test_failure("Module %u at %#lx (%lu bytes) is misplaced", i, mod[i].paddr,
                         mod[i].size);
        }
    }
}

static void check_map_entries(const struct hvm_memmap_table_entry *map, unsigned int n)
{
    uint64_t prev_end = 0;
    bool image_in_ram = false;
    unsigned int i;

    for (i = 0; i < n; i++) {
        const struct hvm_memmap_table_entry *e = &map[i];

        printf("start-info:   0x%012lx-0x%012lx %s\n", e->addr, e->addr + e->size - 1,
               type_name(e->type));
        if (!e->size || e->type < 1 || e->type > 7 || e->reserved) {
            test_failure("Map entry %u: size %#lx, type %u, reserved %#x", i, e->size, e->type,
                         e->reserved);
        }
        if (i && e->addr < prev_end) {
            test_failure("Map entry %u at %#lx is unsorted or overlaps the one before", i, e->addr);
        }
        if (e->type == XEN_HVM_MEMMAP_TYPE_RAM && ((e->addr | e->size) & (PAGE_SIZE - 1))) {
            test_failure("RAM entry %u (%#lx, %#lx) is not page aligned", i, e->addr, e->size);
        }
        if (e->type == XEN_HVM_MEMMAP_TYPE_RAM && e->addr <= (uint64_t)__image_start &&
            (uint64_t)__image_end <= e->addr + e->size) {
            image_in_ram = true;
        }
        prev_end = e->addr + e->size;
    }
    if (map[0].addr != 0 || map[0].type != XEN_HVM_MEMMAP_TYPE_RAM || map[0].size < LOW_RAM_MIN) {
        test_failure("The map does not start with at least 640 KiB of RAM at address 0");
    }
    if (!image_in_ram) {
        test_failure("The kernel image [%p, %p) is not inside one RAM range", __image_start,
                     __image_end);
    }
}

static void check_ram_total(void)
{
    uint64_t total = memmap_ram_total(), expect, slack = 0;

    printf("start-info: RAM total %lu KiB\n", total >> 10);
    if (!cmdline_get_u64("expect_mem", &expect)) {
        test_error("No expect_mem=SIZE on the command line: RAM total not checked");
        return;
    }
    cmdline_get_u64("mem_slack", &slack);
    if (total > expect || total + slack < expect) {
        test_failure("RAM total %lu KiB, expected %lu KiB (slack %lu KiB)", total >> 10,
                     expect >> 10, slack >> 10);
    }
}

static bool map_entry_equal(const struct e820entry *x, const struct hvm_memmap_table_entry *e)
{
    return x->addr == e->addr && x->size == e->size && x->type == e->type;
}

/* XENMEM_memory_map with room for `capacity` entries must return the first ones, no more. */
static void check_xenmem_map(const struct hvm_memmap_table_entry *map, unsigned int n,
                             unsigned int capacity)
{
    struct xen_memory_map arg = {.nr_entries = capacity};
    unsigned int want = MIN(capacity, n), i;
    long rc;

    memset(xen_map, 0xa5, sizeof(xen_map));
    set_xen_guest_handle(arg.buffer, xen_map);
    rc = hypercall_memory_op(XENMEM_memory_map, &arg);
    if (rc != 0 || arg.nr_entries != want) {
        test_failure("XENMEM_memory_map(capacity %u): rc %ld, %u entries, expected 0 and %u",
                     capacity, rc, arg.nr_entries, want);
        return;
    }
    for (i = 0; i < want; i++) {
        if (!map_entry_equal(&xen_map[i], &map[i])) {
            test_failure("XENMEM_memory_map entry %u (%#lx, %#lx, %u) differs from the start info",
                         i, xen_map[i].addr, xen_map[i].size, xen_map[i].type);
        }
    }
    if (mem_first_not(&xen_map[want], 0xa5, sizeof(xen_map[0])) != sizeof(xen_map[0])) {
        test_failure("XENMEM_memory_map(capacity %u) wrote beyond its buffer", capacity);
    }
}

static void check_memmap(void)
{
    const struct hvm_memmap_table_entry *map = memmap_table();
    unsigned int n = memmap_count();

    if (!map) {
        test_failure("No memory map in hvm_start_info (version %u, %u entries)",
                     start_info->version, start_info->memmap_entries);
        return;
    }
    printf("start-info: memory map at %#lx, %u entries\n", start_info->memmap_paddr, n);
    if (start_info->memmap_paddr + n * sizeof(*map) > ONE_GIB) {
        test_failure("The memory map at %#lx is not below 1 GiB", start_info->memmap_paddr);
    }
    if (overlaps_image(start_info->memmap_paddr, n * sizeof(*map))) {
        test_failure("The memory map overlaps the kernel image");
    }
    check_map_entries(map, n);
    check_ram_total();
    if (n > MAX_MAP) {
        test_error("%u map entries; this test handles %d", n, MAX_MAP);
        return;
    }
    check_xenmem_map(map, n, MAX_MAP);
    check_xenmem_map(map, n, 1);
    check_xenmem_map(map, n, 0);
}

void test_main(void)
{
    if (!start_info_valid()) {
        /* The framework has reported the failure already. */
        return;
    }
    check_structure();
    check_cmdline();
    check_modules();
    check_memmap();
    if (!test_failed()) {
        test_success();
    }
}
