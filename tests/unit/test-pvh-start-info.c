/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv/common/pvh-start-info.c: the guest memory layout and map, the placement of the
 * start-info page and ramdisk, and the start-info page itself: the ABI layout of
 * guest-abi.md 2.3 byte for byte, every GPA inside the page, and each of Linux's placement
 * rules refused when broken.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/errno.h>
#include <hv/pvh-loader.h>
#include <public/hvm/start_info.h>

#include "shim/shim.h"

#define MB(x) ((uint64_t)(x) << 20)
#define GB(x) ((uint64_t)(x) << 30)

/* The ABI layouts themselves are asserted in public/hvm/start_info.h and test-public-abi. */

static struct pvh_mem_layout mem;
static struct pvh_image kernel;
static struct pvh_module mods[PVH_MAX_MODULES + 1];
static struct pvh_start_params params;
static uint8_t page[PVH_START_INFO_SIZE + 1]; /* +1: also built at an odd address. */
static char err[160];

/* A Linux-like kernel: 16 MiB .. 16 MiB + 0x1234567, in a 256 MiB domain. */
static int setup(void **state)
{
    (void)state;
    assert_int_equal(pvh_mem_layout_init(&mem, MB(256)), 0);
    memset(&kernel, 0, sizeof(kernel));
    kernel.load_start = MB(16);
    kernel.load_end = MB(16) + 0x1234567;
    memset(mods, 0, sizeof(mods));
    params = (struct pvh_start_params){
        .mem = &mem, .kernel = &kernel, .info_paddr = 0x2235000, .modules = mods};
    memset(err, 0, sizeof(err));
    return 0;
}

static void test_layout_init(void **state)
{
    (void)state;
    assert_int_equal(pvh_mem_layout_init(&mem, MB(64)), 0);
    assert_true(mem.low_ram_end == MB(64) && mem.high_ram_end == 0);
    assert_int_equal(pvh_mem_layout_init(&mem, 0xF0000000ULL), 0);
    assert_true(mem.low_ram_end == 0xF0000000ULL && mem.high_ram_end == 0);
    assert_int_equal(pvh_mem_layout_init(&mem, GB(4)), 0);
    assert_true(mem.low_ram_end == 0xF0000000ULL && mem.high_ram_end == GB(4) + MB(256));
    assert_int_equal(pvh_mem_layout_init(&mem, GB(64)), 0);
    assert_true(mem.high_ram_end == GB(64) + MB(256));
    assert_int_equal(pvh_mem_layout_init(&mem, MB(1)), 0);
    assert_int_equal(pvh_mem_layout_init(&mem, MB(1) - 4096), -EINVAL);
    assert_int_equal(pvh_mem_layout_init(&mem, 0), -EINVAL);
    assert_int_equal(pvh_mem_layout_init(&mem, MB(64) + 1), -EINVAL);
    assert_int_equal(pvh_mem_layout_init(&mem, (1ULL << 40) + 4096), -EINVAL);
    assert_int_equal(pvh_mem_layout_init(&mem, ~0ULL), -EINVAL);
}

static void expect_entry(const struct hvm_memmap_table_entry *e, uint64_t addr, uint64_t size,
                         uint32_t type)
{
    assert_true(e->addr == addr);
    assert_true(e->size == size);
    assert_int_equal(e->type, type);
    assert_int_equal(e->reserved, 0);
}

static void test_memory_map(void **state)
{
    struct hvm_memmap_table_entry map[PVH_MEMMAP_MAX];

    (void)state;
    assert_int_equal(pvh_mem_layout_init(&mem, MB(512)), 0);
    assert_int_equal(pvh_memory_map(&mem, map, PVH_MEMMAP_MAX), 3);
    expect_entry(&map[0], 0, MB(512), XEN_HVM_MEMMAP_TYPE_RAM);
    expect_entry(&map[1], 0xFC000000, 0x1000, XEN_HVM_MEMMAP_TYPE_ACPI);
    expect_entry(&map[2], 0xFEFF8000, 0x8000, XEN_HVM_MEMMAP_TYPE_RESERVED);

    assert_int_equal(pvh_mem_layout_init(&mem, GB(8)), 0);
    assert_int_equal(pvh_memory_map(&mem, map, 4), 4);
    expect_entry(&map[0], 0, 0xF0000000, XEN_HVM_MEMMAP_TYPE_RAM);
    expect_entry(&map[1], 0xFC000000, 0x1000, XEN_HVM_MEMMAP_TYPE_ACPI);
    expect_entry(&map[2], 0xFEFF8000, 0x8000, XEN_HVM_MEMMAP_TYPE_RESERVED);
    expect_entry(&map[3], GB(4), GB(4) + MB(256), XEN_HVM_MEMMAP_TYPE_RAM);
    /* The special pages named in the header are inside the RESERVED range. */
    assert_true((uint64_t)PVH_XENSTORE_GFN << 12 >= map[2].addr);
    assert_true((uint64_t)PVH_CONSOLE_GFN << 12 < map[2].addr + map[2].size);

    assert_int_equal(pvh_memory_map(&mem, map, 3), -ENOSPC);
    mem.low_ram_end = 0xF0001000;
    assert_int_equal(pvh_memory_map(&mem, map, PVH_MEMMAP_MAX), -EINVAL);
    mem = (struct pvh_mem_layout){MB(64), GB(4)};
    assert_int_equal(pvh_memory_map(&mem, map, PVH_MEMMAP_MAX), -EINVAL);
}

static void test_place(void **state)
{
    struct pvh_placement pl;

    setup(state);
    assert_int_equal(pvh_place(&mem, &kernel, 0, &pl, err, sizeof(err)), 0);
    assert_true(pl.info_paddr == 0x2235000 && pl.ramdisk_paddr == 0);
    assert_int_equal(pvh_place(&mem, &kernel, 0x123456, &pl, err, sizeof(err)), 0);
    assert_true(pl.ramdisk_paddr == 0x2236000);
    /* Exactly fits: ramdisk ends at the end of low RAM. */
    assert_int_equal(pvh_place(&mem, &kernel, MB(256) - 0x2236000, &pl, err, sizeof(err)), 0);
    assert_int_equal(pvh_place(&mem, &kernel, MB(256) - 0x2235000, &pl, err, sizeof(err)), -ENOMEM);
    assert_non_null(strstr(err, "ramdisk of 0xddcb000 bytes does not fit in low RAM"));
    assert_int_equal(pvh_place(&mem, &kernel, ~0ULL, &pl, err, sizeof(err)), -ENOMEM);

    /* A page-aligned kernel end: the page right after it. */
    kernel.load_end = MB(32);
    assert_int_equal(pvh_place(&mem, &kernel, 1, &pl, err, sizeof(err)), 0);
    assert_true(pl.info_paddr == MB(32) && pl.ramdisk_paddr == MB(32) + 4096);

    /* No room below 1 GiB, or in a domain whose RAM ends at the kernel. */
    assert_int_equal(pvh_mem_layout_init(&mem, GB(2)), 0);
    kernel.load_end = GB(1) - 100;
    assert_int_equal(pvh_place(&mem, &kernel, 0, &pl, err, sizeof(err)), -ENOMEM);
    assert_non_null(strstr(err, "no room for the start-info page after the kernel"));
    kernel.load_end = GB(1) - 4096;
    assert_int_equal(pvh_place(&mem, &kernel, 0, &pl, err, sizeof(err)), 0);
    assert_int_equal(pvh_mem_layout_init(&mem, MB(32)), 0);
    kernel.load_end = MB(32);
    assert_int_equal(pvh_place(&mem, &kernel, 0, &pl, err, sizeof(err)), -ENOMEM);
}

static void build_ok(void *buf)
{
    int rc = pvh_build_start_info(&params, buf, err, sizeof(err));

    if (rc) {
        fail_msg("build: %d (%s)", rc, err);
    }
}

static void test_build(void **state)
{
    const char *cmdline = "console=hvc0 earlyprintk=xen root=/dev/ram0";
    struct hvm_memmap_table_entry map[3];
    struct hvm_modlist_entry mod[2];
    struct hvm_start_info si;
    uint64_t base = 0x2235000, off;
    unsigned int shift;

    setup(state);
    mods[0] = (struct pvh_module){0x2236000, 0x123456};
    mods[1] = (struct pvh_module){0x2400000, 0x1000};
    params.nr_modules = 2;
    params.cmdline = cmdline;
    params.flags = 3;
    params.rsdp_paddr = 0xFC001000;
    for (shift = 0; shift <= 1; shift++) {
        memset(page, 0xee, sizeof(page));
        build_ok(page + shift);
        memcpy(&si, page + shift, sizeof(si));
        assert_int_equal(si.magic, 0x336EC578);
        assert_int_equal(si.version, 1);
        assert_int_equal(si.flags, 3);
        assert_int_equal(si.nr_modules, 2);
        assert_true(si.rsdp_paddr == 0xFC001000);
        assert_int_equal(si.memmap_entries, 3);
        assert_int_equal(si.reserved, 0);
        /* Tables follow the 56-byte header, 8-aligned, in the order modules, map, cmdline. */
        assert_true(si.modlist_paddr == base + 56);
        assert_true(si.memmap_paddr == base + 56 + 2 * 32);
        assert_true(si.cmdline_paddr == base + 56 + 2 * 32 + 3 * 24);
        memcpy(mod, page + shift + (si.modlist_paddr - base), sizeof(mod));
        assert_true(mod[0].paddr == 0x2236000 && mod[0].size == 0x123456);
        assert_true(mod[0].cmdline_paddr == 0 && mod[0].reserved == 0);
        assert_true(mod[1].paddr == 0x2400000 && mod[1].size == 0x1000);
        memcpy(map, page + shift + (si.memmap_paddr - base), sizeof(map));
        expect_entry(&map[0], 0, MB(256), XEN_HVM_MEMMAP_TYPE_RAM);
        expect_entry(&map[1], 0xFC000000, 0x1000, XEN_HVM_MEMMAP_TYPE_ACPI);
        expect_entry(&map[2], 0xFEFF8000, 0x8000, XEN_HVM_MEMMAP_TYPE_RESERVED);
        off = si.cmdline_paddr - base;
        assert_string_equal((const char *)page + shift + off, cmdline);
        /* The rest of the page is zero; nothing is written past it. */
        for (off += strlen(cmdline); off < PVH_START_INFO_SIZE; off++) {
            assert_int_equal(page[shift + off], 0);
        }
        assert_int_equal(page[shift ? 0 : PVH_START_INFO_SIZE], 0xee);
    }
}

static void test_build_minimal(void **state)
{
    size_t max = PVH_START_INFO_SIZE - 56 - 3 * 24 - 1;
    struct hvm_start_info si;
    char *line;

    setup(state);
    build_ok(page); /* No command line, no modules, no RSDP: zero GPAs. */
    memcpy(&si, page, sizeof(si));
    assert_int_equal(si.nr_modules, 0);
    assert_true(si.modlist_paddr == 0 && si.cmdline_paddr == 0 && si.rsdp_paddr == 0);
    assert_true(si.memmap_paddr == 0x2235000 + 56);
    params.cmdline = "";
    build_ok(page);
    memcpy(&si, page, sizeof(si));
    assert_true(si.cmdline_paddr == 0);

    /* The largest command line that fits: page minus header and the 3-entry map, minus NUL. */
    line = malloc(PVH_START_INFO_SIZE);
    assert_non_null(line);
    memset(line, 'c', max);
    line[max] = '\0';
    params.cmdline = line;
    build_ok(page);
    memcpy(&si, page, sizeof(si));
    assert_int_equal(strlen((const char *)page + (si.cmdline_paddr - 0x2235000)), max);
    line[max] = 'c';
    line[max + 1] = '\0';
    assert_int_equal(pvh_build_start_info(&params, page, err, sizeof(err)), -E2BIG);
    assert_non_null(strstr(err, "command line of 3968 bytes does not fit"));
    free(line);
}

/* Each broken rule, one at a time, from a good start. */
static void test_build_constraints(void **state)
{
    static const struct {
        paddr_t info;
        struct pvh_module m0, m1;
        unsigned int nr;
        int rc;
        const char *msg;
    } cases[] = {
        {0x2235800, {0}, {0}, 0, -EINVAL, "start-info page at 0x2235800 is not page aligned"},
        {MB(256), {0}, {0}, 0, -EINVAL, "is not in low RAM below 0x10000000"},
        {MB(256) - 4096, {0}, {0}, 0, 0, ""},
        {MB(20), {0}, {0}, 0, -EINVAL, "start-info page at 0x1400000 overlaps the kernel"},
        {MB(16) - 4096, {0}, {0}, 0, 0, ""},
        {0x2235000, {0x2236000, 0}, {0}, 1, -EINVAL, "module 0 is empty"},
        {0x2235000, {0x2236800, 1}, {0}, 1, -EINVAL, "module 0 at 0x2236800 is not page aligned"},
        {0x2235000,
         {MB(255), MB(1) + 1},
         {0},
         1,
         -EINVAL,
         "module 0 [0xff00000, 0x10000001) is not in low RAM"},
        {0x2235000, {0xFFFFF000, 0x2000}, {0}, 1, -EINVAL, "is not below 4 GiB"},
        {0x2235000, {0x1000, GB(4)}, {0}, 1, -EINVAL, "is not below 4 GiB"},
        {0x2235000, {~0ULL - 4095, 0x2000}, {0}, 1, -EINVAL, "is not below 4 GiB"},
        {0x2235000,
         {0x2000000, 0x1000},
         {0},
         1,
         -EINVAL,
         "module 0 [0x2000000, 0x2001000) overlaps the kernel"},
        {0x2235000, {MB(15), MB(1) + 1}, {0}, 1, -EINVAL, "overlaps the kernel"},
        {0x2235000, {0x2235000, 0x1000}, {0}, 1, -EINVAL, "overlaps the start-info page"},
        {0x2235000,
         {0x3000000, 0x2000},
         {0x3001000, 0x1000},
         2,
         -EINVAL,
         "module 1 overlaps module 0"},
        {0x2235000, {0x3000000, 0x1000}, {0x3001000, 0x1000}, 2, 0, ""},
        {0x2235000, {0x1000, 0x1000}, {0x3000000, 0x1000}, 5, -E2BIG, "5 modules, at most 4"},
    };
    unsigned int i;
    int rc;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        setup(state);
        params.info_paddr = cases[i].info;
        mods[0] = cases[i].m0;
        mods[1] = cases[i].m1;
        params.nr_modules = cases[i].nr;
        err[0] = '\0';
        rc = pvh_build_start_info(&params, page, err, sizeof(err));
        if (rc != cases[i].rc || !strstr(err, cases[i].msg)) {
            fail_msg("case %u: got %d '%s', want %d '%s'", i, rc, err, cases[i].rc, cases[i].msg);
        }
    }

    /* Below 1 GiB even when low RAM goes further. */
    setup(state);
    assert_int_equal(pvh_mem_layout_init(&mem, GB(2)), 0);
    params.info_paddr = GB(1);
    assert_int_equal(pvh_build_start_info(&params, page, err, sizeof(err)), -EINVAL);
    assert_non_null(strstr(err, "not in low RAM below 0x40000000"));
    params.info_paddr = GB(1) - 4096;
    assert_int_equal(pvh_build_start_info(&params, page, NULL, 0), 0);
    /* An inconsistent layout is refused. */
    mem.high_ram_end = MB(1);
    assert_int_equal(pvh_build_start_info(&params, page, err, sizeof(err)), -EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_init),   cmocka_unit_test(test_memory_map),
        cmocka_unit_test(test_place),         cmocka_unit_test(test_build),
        cmocka_unit_test(test_build_minimal), cmocka_unit_test(test_build_constraints),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
