/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv/common/bootinfo.c: what a malformed boot can look like (empty, unsorted, overlapping,
 * wrapping or oversized memory maps; modules in the wrong place) and what must come out:
 * a clean map, the right free regions, clear messages, and no overflow anywhere.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <hv/bootinfo.h>
#include <hv/errno.h>

#include "shim/shim.h"

#define KB(x) ((paddr_t)(x) << 10)
#define MB(x) ((paddr_t)(x) << 20)
#define GB(x) ((paddr_t)(x) << 30)

static struct boot_info bi;

static int setup(void **state)
{
    (void)state;
    shim_reset();
    memset(&bi, 0, sizeof(bi));
    bi.image_start = MB(2);
    bi.image_end = MB(3);
    return 0;
}

static void add(paddr_t start, paddr_t end, enum boot_mem_type type)
{
    bi.map[bi.nr_map++] = (struct boot_mem_entry){start, end, type};
}

static void add_module(paddr_t start, paddr_t end, const char *cmdline)
{
    struct boot_module *m = &bi.modules[bi.nr_modules++];

    m->start = start;
    m->end = end;
    snprintf(m->cmdline, sizeof(m->cmdline), "%s", cmdline);
}

static void expect_map(const struct boot_mem_entry *want, unsigned int n)
{
    unsigned int i;

    assert_int_equal(bi.nr_map, n);
    for (i = 0; i < n; i++) {
        if (bi.map[i].start != want[i].start || bi.map[i].end != want[i].end ||
            bi.map[i].type != want[i].type) {
            fail_msg("entry %u: got [%#lx-%#lx) %d, want [%#lx-%#lx) %d", i,
                     (unsigned long)bi.map[i].start, (unsigned long)bi.map[i].end, bi.map[i].type,
                     (unsigned long)want[i].start, (unsigned long)want[i].end, want[i].type);
        }
    }
}

static void expect_free(const struct boot_region *want, unsigned int n)
{
    unsigned int i;

    assert_int_equal(bi.nr_free, n);
    for (i = 0; i < n; i++) {
        if (bi.free[i].start != want[i].start || bi.free[i].end != want[i].end) {
            fail_msg("free %u: got [%#lx-%#lx), want [%#lx-%#lx)", i,
                     (unsigned long)bi.free[i].start, (unsigned long)bi.free[i].end,
                     (unsigned long)want[i].start, (unsigned long)want[i].end);
        }
    }
}

static void test_empty_map(void **state)
{
    (void)state;
    assert_int_equal(bootinfo_sanitize(&bi, 0, 0), -EINVAL);
    assert_true(shim_log_contains("boot: the memory map is empty"));
    /* Only empty and wrapping entries: just as empty. */
    add(MB(1), MB(1), BOOT_MEM_USABLE);
    add(GB(2), MB(1), BOOT_MEM_USABLE);
    assert_int_equal(bootinfo_sanitize(&bi, 0, 0), -EINVAL);
    assert_true(shim_log_contains("wraps around"));
}

static void test_no_usable_ram(void **state)
{
    (void)state;
    add(0, MB(1), BOOT_MEM_RESERVED);
    add(MB(1), MB(2), BOOT_MEM_ACPI);
    assert_int_equal(bootinfo_sanitize(&bi, 0, 0), -EINVAL);
    assert_true(shim_log_contains("no usable RAM"));
}

/* Unsorted, overlapping, duplicated and adjacent entries, one of an unknown type. */
static void test_normalise(void **state)
{
    static const struct boot_mem_entry want[] = {
        {0, KB(640), BOOT_MEM_USABLE},     {KB(640), MB(1), BOOT_MEM_RESERVED},
        {MB(1), MB(60), BOOT_MEM_USABLE},  {MB(60), MB(61), BOOT_MEM_ACPI},
        {MB(61), MB(62), BOOT_MEM_NVS},    {MB(62), MB(64), BOOT_MEM_USABLE},
        {MB(64), MB(65), BOOT_MEM_BAD},    {MB(65), MB(128), BOOT_MEM_USABLE},
        {GB(3), GB(4), BOOT_MEM_RESERVED}, {GB(4), GB(6), BOOT_MEM_USABLE},
    };

    (void)state;
    add(GB(4), GB(5), BOOT_MEM_USABLE);
    add(MB(1), MB(128), BOOT_MEM_USABLE);
    add(0, KB(640), BOOT_MEM_USABLE);
    add(MB(60), MB(62), BOOT_MEM_ACPI);
    add(MB(61), MB(62), BOOT_MEM_NVS); /* NVS beats ACPI. */
    add(KB(640), MB(1), 99);           /* Unknown: reserved. */
    add(MB(64), MB(65), BOOT_MEM_BAD);
    add(MB(64), MB(65), BOOT_MEM_USABLE); /* Bad beats usable. */
    add(GB(5), GB(6), BOOT_MEM_USABLE);   /* Adjacent usable: merged. */
    add(GB(3), GB(4), BOOT_MEM_RESERVED);
    add(MB(100), MB(100), BOOT_MEM_RESERVED); /* Empty: dropped. */
    assert_int_equal(bootinfo_sanitize(&bi, 0, 0), 0);
    expect_map(want, sizeof(want) / sizeof(want[0]));
    assert_int_equal(bi.nr_usable_regions, 5);
    assert_true(bi.usable_bytes == KB(640) + MB(59) + MB(2) + MB(63) + GB(2));
}

static void test_free_regions(void **state)
{
    /* Module 0 starts mid-page, so its first page is not free. */
    static const struct boot_region want[] = {
        {MB(1), MB(2)}, {MB(3), MB(8) + KB(4)}, {MB(9), MB(16)}, {MB(32), MB(48)}, {GB(4), GB(5)},
    };

    (void)state;
    add(0, MB(16), BOOT_MEM_USABLE);
    add(MB(32), MB(48), BOOT_MEM_USABLE);
    add(GB(4), GB(5), BOOT_MEM_USABLE);
    add_module(MB(8) + KB(4) + 100, MB(9) - 1, "kernel");
    assert_int_equal(bootinfo_sanitize(&bi, 0, MB(1)), 0);
    expect_free(want, sizeof(want) / sizeof(want[0]));
    assert_int_equal(bi.nr_modules, 1);
}

static void test_mem_limit(void **state)
{
    static const struct boot_mem_entry want[] = {
        {0, MB(16), BOOT_MEM_USABLE},
        {MB(16), MB(20), BOOT_MEM_RESERVED}, /* Only usable RAM is cut. */
        {MB(20), MB(24), BOOT_MEM_USABLE},
    };

    (void)state;
    add(0, MB(16), BOOT_MEM_USABLE);
    add(MB(16), MB(20), BOOT_MEM_RESERVED);
    add(MB(20), MB(32), BOOT_MEM_USABLE);
    add(GB(4), GB(8), BOOT_MEM_USABLE);
    assert_int_equal(bootinfo_sanitize(&bi, MB(24), 0), 0);
    expect_map(want, 3);
    assert_true(bi.usable_bytes == MB(20));
    assert_int_equal(bi.free[bi.nr_free - 1].end, MB(24));

    setup(state);
    add(MB(16), MB(32), BOOT_MEM_USABLE);
    assert_int_equal(bootinfo_sanitize(&bi, MB(16), 0), -EINVAL);
}

static void test_bad_modules(void **state)
{
    (void)state;
    add(0, MB(64), BOOT_MEM_USABLE);
    add(MB(64), MB(65), BOOT_MEM_RESERVED);
    add(MB(65), MB(128), BOOT_MEM_USABLE);
    add_module(MB(4), MB(5), "good0");
    add_module(MB(2) + 10, MB(2) + 20, "in-image");
    add_module(MB(4) + 4096, MB(6), "over-good0");
    add_module(MB(63), MB(66), "across-reserved");
    add_module(MB(200), MB(201), "outside-ram");
    add_module(MB(10), MB(10), "empty");
    add_module(MB(12), MB(11), "backwards");
    add_module(MB(20), MB(21), "good1");
    assert_int_equal(bootinfo_sanitize(&bi, 0, 0), 0);
    assert_int_equal(bi.nr_modules, 2);
    assert_string_equal(bi.modules[0].cmdline, "good0");
    assert_string_equal(bi.modules[1].cmdline, "good1");
    assert_true(shim_log_contains("boot: module 1 'in-image' [0x20000a-0x200014) overlaps the "
                                  "hypervisor image [0x200000-0x300000); module dropped\n"));
    assert_true(shim_log_contains("boot: module 2 'over-good0' [0x401000-0x600000) overlaps an "
                                  "earlier module [0x400000-0x500000); module dropped\n"));
    assert_true(shim_log_contains("'across-reserved' [0x3f00000-0x4200000) is not inside "
                                  "usable RAM"));
    assert_true(shim_log_contains("'outside-ram'"));
    assert_true(shim_log_contains("'empty' [0xa00000-0xa00000) is empty"));
    assert_true(shim_log_contains("'backwards'"));
    /* Dropped modules' memory stays free; kept modules' does not. */
    assert_int_equal(bi.free[1].start, MB(3));
    assert_int_equal(bi.free[1].end, MB(4));
}

/* A module above mem= is outside the RAM we use. */
static void test_module_above_limit(void **state)
{
    (void)state;
    add(0, MB(64), BOOT_MEM_USABLE);
    add_module(MB(40), MB(41), "high");
    assert_int_equal(bootinfo_sanitize(&bi, MB(32), 0), 0);
    assert_int_equal(bi.nr_modules, 0);
}

static void test_hostile_counts(void **state)
{
    unsigned int i;

    (void)state;
    /* Alternating types at every 4 KiB: the most fragmented map the array can hold. */
    for (i = 0; i < BOOT_MAX_REGIONS; i++) {
        add(MB(8) + KB(4) * i, MB(8) + KB(4) * (i + 1),
            i % 2 ? BOOT_MEM_RESERVED : BOOT_MEM_USABLE);
    }
    bi.nr_map = 100000; /* A loader lying about its counts. */
    bi.nr_modules = 1000000;
    memset(bi.modules, 0, sizeof(bi.modules));
    memset(bi.modules[0].cmdline, 'x', sizeof(bi.modules[0].cmdline)); /* Unterminated. */
    assert_int_equal(bootinfo_sanitize(&bi, 0, 0), 0);
    assert_int_equal(bi.nr_map, BOOT_MAX_REGIONS);
    assert_int_equal(bi.nr_usable_regions, BOOT_MAX_REGIONS / 2);
    assert_int_equal(bi.nr_free, BOOT_MAX_REGIONS / 2);
    assert_int_equal(bi.nr_modules, 0); /* All empty. */
    assert_true(shim_log_contains("only the first 128 used"));
    {
        char want[64];

        snprintf(want, sizeof(want), "modules, only the first %u used", BOOT_MAX_MODULES);
        assert_true(shim_log_contains(want));
    }
}

/* Overlapping entries: 128 usable entries each overlapping the next. */
static void test_overlap_chain(void **state)
{
    unsigned int i;

    (void)state;
    for (i = 0; i < BOOT_MAX_REGIONS; i++) {
        add(MB(8) + MB(1) * i, MB(10) + MB(1) * i, BOOT_MEM_USABLE);
    }
    assert_int_equal(bootinfo_sanitize(&bi, 0, 0), 0);
    assert_int_equal(bi.nr_map, 1);
    assert_true(bi.map[0].start == MB(8) && bi.map[0].end == MB(8 + 129));
}

static void test_type_names(void **state)
{
    (void)state;
    assert_string_equal(bootinfo_type_name(BOOT_MEM_USABLE), "usable");
    assert_string_equal(bootinfo_type_name(BOOT_MEM_NVS), "ACPI NVS");
    assert_string_equal(bootinfo_type_name((enum boot_mem_type)42), "reserved");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_empty_map, setup),
        cmocka_unit_test_setup(test_no_usable_ram, setup),
        cmocka_unit_test_setup(test_normalise, setup),
        cmocka_unit_test_setup(test_free_regions, setup),
        cmocka_unit_test_setup(test_mem_limit, setup),
        cmocka_unit_test_setup(test_bad_modules, setup),
        cmocka_unit_test_setup(test_module_above_limit, setup),
        cmocka_unit_test_setup(test_hostile_counts, setup),
        cmocka_unit_test_setup(test_overlap_chain, setup),
        cmocka_unit_test_setup(test_type_names, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
