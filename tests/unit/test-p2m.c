/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The p2m (hv/arch/x86/p2m/p2m.c) on the host: nested page tables built from a fake frame
 * allocator, checked through lookups and by reading the entries the hardware would walk.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/errno.h>
#include <asm/p2m.h>
#include "shim/shim.h"

#define FAKE_FRAMES 4096

static void *frames[FAKE_FRAMES];
static unsigned long frames_used, frame_limit;

static mfn_t fake_alloc(void *ctx)
{
    (void)ctx;
    if (frames_used >= frame_limit) {
        return INVALID_MFN;
    }
    for (unsigned long i = 1; i < FAKE_FRAMES; i++) {
        if (!frames[i]) {
            frames[i] = calloc(1, PAGE_SIZE);
            frames_used++;
            return _mfn(i);
        }
    }
    return INVALID_MFN;
}

static void fake_free(void *ctx, mfn_t mfn)
{
    (void)ctx;
    assert_non_null(frames[mfn_x(mfn)]);
    free(frames[mfn_x(mfn)]);
    frames[mfn_x(mfn)] = NULL;
    frames_used--;
}

static void *fake_map(mfn_t mfn)
{
    assert_true(mfn_x(mfn) < FAKE_FRAMES);
    assert_non_null(frames[mfn_x(mfn)]);
    return frames[mfn_x(mfn)];
}

static const struct p2m_table_ops fake_ops = {fake_alloc, fake_free, fake_map};

static int setup(void **state)
{
    static struct p2m p2m;

    shim_reset();
    frames_used = 0;
    frame_limit = FAKE_FRAMES;
    assert_int_equal(p2m_init(&p2m, &fake_ops, NULL), 0);
    *state = &p2m;
    return 0;
}

static int teardown(void **state)
{
    p2m_teardown(*state);
    assert_int_equal(frames_used, 0); /* Every table frame came back. */
    return 0;
}

static void expect_lookup(struct p2m *p, unsigned long gfn, unsigned long mfn, enum p2m_type t,
                          unsigned int order)
{
    enum p2m_type got_t;
    unsigned int got_order = 99;
    mfn_t got = p2m_lookup(p, _gfn(gfn), &got_t, &got_order);

    assert_int_equal(mfn_x(got), mfn);
    assert_int_equal(got_t, t);
    if (t != P2M_INVALID) {
        assert_int_equal(got_order, order);
    }
}

static void test_map_4k(void **state)
{
    struct p2m *p = *state;

    expect_lookup(p, 0x1234, INVALID_MFN_RAW, P2M_INVALID, 0);
    assert_int_equal(p2m_set_entry(p, _gfn(0x1234), _mfn(0x777), P2M_ORDER_4K, P2M_RAM_RW), 0);
    expect_lookup(p, 0x1234, 0x777, P2M_RAM_RW, 0);
    expect_lookup(p, 0x1235, INVALID_MFN_RAW, P2M_INVALID, 0);
    assert_int_equal(p->nr_tables, 4); /* Root plus three levels. */
}

static void test_large_pages(void **state)
{
    struct p2m *p = *state;

    assert_int_equal(p2m_set_entry(p, _gfn(0x200), _mfn(0x400), P2M_ORDER_2M, P2M_RAM_RW), 0);
    expect_lookup(p, 0x200, 0x400, P2M_RAM_RW, 9);
    expect_lookup(p, 0x3ff, 0x5ff, P2M_RAM_RW, 9);
    assert_int_equal(p2m_set_entry(p, _gfn(0x40000), _mfn(0x80000), P2M_ORDER_1G, P2M_MMIO), 0);
    expect_lookup(p, 0x40000 + 12345, 0x80000 + 12345, P2M_MMIO, 18);
}

static void test_split(void **state)
{
    struct p2m *p = *state;

    assert_int_equal(p2m_set_entry(p, _gfn(0x200), _mfn(0x400), P2M_ORDER_2M, P2M_RAM_RW), 0);
    /* Replacing one frame inside a 2 MiB mapping splits it and keeps the other 511. */
    assert_int_equal(p2m_set_entry(p, _gfn(0x210), _mfn(0x999), P2M_ORDER_4K, P2M_RAM_RO), 0);
    expect_lookup(p, 0x210, 0x999, P2M_RAM_RO, 0);
    expect_lookup(p, 0x211, 0x411, P2M_RAM_RW, 0);
    expect_lookup(p, 0x200, 0x400, P2M_RAM_RW, 0);
    assert_int_equal(p2m_remove(p, _gfn(0x211), P2M_ORDER_4K), 0);
    expect_lookup(p, 0x211, INVALID_MFN_RAW, P2M_INVALID, 0);
}

static void test_replace_table_by_large(void **state)
{
    struct p2m *p = *state;
    unsigned long before;

    assert_int_equal(p2m_set_entry(p, _gfn(0x400), _mfn(0x1), P2M_ORDER_4K, P2M_RAM_RW), 0);
    before = p->nr_tables;
    /* A 2 MiB mapping over a 4 KiB table frees that table. */
    assert_int_equal(p2m_set_entry(p, _gfn(0x400), _mfn(0x800), P2M_ORDER_2M, P2M_RAM_RW), 0);
    assert_int_equal(p->nr_tables, before - 1);
    expect_lookup(p, 0x401, 0x801, P2M_RAM_RW, 9);
}

static void test_invalid_requests(void **state)
{
    struct p2m *p = *state;

    assert_int_equal(p2m_set_entry(p, _gfn(0x201), _mfn(0x400), P2M_ORDER_2M, P2M_RAM_RW), -EINVAL);
    assert_int_equal(p2m_set_entry(p, _gfn(0x200), _mfn(0x401), P2M_ORDER_2M, P2M_RAM_RW), -EINVAL);
    assert_int_equal(p2m_set_entry(p, _gfn(0), _mfn(0), 3, P2M_RAM_RW), -EINVAL);
    assert_int_equal(p2m_set_entry(p, _gfn(0), _mfn(0), 0, P2M_INVALID), -EINVAL);
    assert_int_equal(p2m_set_entry(p, _gfn(0), _mfn(0), 0, P2M_NR_TYPES), -EINVAL);
    assert_int_equal(p2m_set_entry(p, _gfn(1UL << 36), _mfn(0), 0, P2M_RAM_RW), -EINVAL);
    assert_int_equal(p2m_remove(p, _gfn(0x7), P2M_ORDER_2M), -EINVAL);
    expect_lookup(p, ~0UL, INVALID_MFN_RAW, P2M_INVALID, 0);
}

static void test_out_of_memory(void **state)
{
    struct p2m *p = *state;

    frame_limit = frames_used + 1; /* Room for one table, three are needed. */
    assert_int_equal(p2m_set_entry(p, _gfn(0x5000), _mfn(1), P2M_ORDER_4K, P2M_RAM_RW), -ENOMEM);
    expect_lookup(p, 0x5000, INVALID_MFN_RAW, P2M_INVALID, 0);
    frame_limit = FAKE_FRAMES;
    assert_int_equal(p2m_set_entry(p, _gfn(0x5000), _mfn(1), P2M_ORDER_4K, P2M_RAM_RW), 0);
}

static void test_types_and_generation(void **state)
{
    struct p2m *p = *state;
    unsigned long gen = p->generation;

    assert_int_equal(p2m_set_entry(p, _gfn(0x10), _mfn(0x20), P2M_ORDER_4K, P2M_RAM_RW), 0);
    assert_int_equal(p->generation, gen); /* Adding a mapping needs no TLB flush. */
    assert_int_equal(p2m_change_type(p, _gfn(0x10), P2M_RAM_RW, P2M_GRANT_MAP_RO), 0);
    expect_lookup(p, 0x10, 0x20, P2M_GRANT_MAP_RO, 0);
    assert_true(p->generation > gen);
    assert_int_equal(p2m_change_type(p, _gfn(0x10), P2M_RAM_RW, P2M_RAM_RO), -EINVAL);
    gen = p->generation;
    assert_int_equal(p2m_remove(p, _gfn(0x10), P2M_ORDER_4K), 0);
    assert_true(p->generation > gen);
}

/* Compare-and-replace: the grant and balloon paths rely on it changing nothing on a mismatch. */
static void test_replace_if(void **state)
{
    struct p2m *p = *state;
    enum p2m_type t;
    mfn_t old;
    unsigned long gen;

    /* A hole matches only P2M_INVALID. */
    assert_int_equal(p2m_replace_if(p, _gfn(0x30), P2M_TYPE_BIT(P2M_RAM_RW), INVALID_MFN, _mfn(9),
                                    P2M_GRANT_MAP_RW, &old),
                     -EBUSY);
    assert_int_equal(p2m_replace_if(p, _gfn(0x30), P2M_TYPE_BIT(P2M_INVALID), INVALID_MFN, _mfn(9),
                                    P2M_GRANT_MAP_RW, &old),
                     0);
    assert_true(mfn_eq(old, INVALID_MFN));
    assert_int_equal(mfn_x(p2m_lookup(p, _gfn(0x30), &t, NULL)), 9);
    assert_int_equal(t, P2M_GRANT_MAP_RW);
    /* Not a hole any more: a second map fails and reports what is there. */
    assert_int_equal(p2m_replace_if(p, _gfn(0x30), P2M_TYPE_BIT(P2M_INVALID), INVALID_MFN, _mfn(10),
                                    P2M_GRANT_MAP_RW, &old),
                     -EBUSY);
    assert_int_equal(mfn_x(old), 9);
    /* Removal only of the expected frame; a removal moves the generation on. */
    assert_int_equal(p2m_replace_if(p, _gfn(0x30), P2M_TYPE_BIT(P2M_GRANT_MAP_RW), _mfn(8),
                                    INVALID_MFN, P2M_INVALID, &old),
                     -EBUSY);
    gen = p->generation;
    assert_int_equal(p2m_replace_if(p, _gfn(0x30), P2M_TYPE_BIT(P2M_GRANT_MAP_RW), _mfn(9),
                                    INVALID_MFN, P2M_INVALID, &old),
                     0);
    assert_true(p->generation > gen);
    p2m_lookup(p, _gfn(0x30), &t, NULL);
    assert_int_equal(t, P2M_INVALID);
    /* One frame out of a 2 MiB mapping: the rest stays. */
    assert_int_equal(p2m_set_entry(p, _gfn(0x200), _mfn(0x400), P2M_ORDER_2M, P2M_RAM_RW), 0);
    assert_int_equal(p2m_replace_if(p, _gfn(0x201), P2M_TYPE_BIT(P2M_RAM_RW), INVALID_MFN,
                                    INVALID_MFN, P2M_INVALID, &old),
                     0);
    assert_int_equal(mfn_x(old), 0x401);
    assert_int_equal(mfn_x(p2m_lookup(p, _gfn(0x202), &t, NULL)), 0x402);
    assert_int_equal(t, P2M_RAM_RW);
    assert_int_equal(p2m_replace_if(p, _gfn(1UL << 36), P2M_TYPE_BIT(P2M_INVALID), INVALID_MFN,
                                    _mfn(1), P2M_RAM_RW, &old),
                     -EINVAL);
}

static void test_entry_bits(void **state)
{
    struct p2m *p = *state;
    uint64_t *l4, *l3, *l2, *l1;

    assert_int_equal(p2m_set_entry(p, _gfn(0x3), _mfn(0x55), P2M_ORDER_4K, P2M_RAM_RO), 0);
    l4 = fake_map(p->root);
    l3 = fake_map(_mfn((l4[0] & 0x000ffffffffff000ULL) >> 12));
    l2 = fake_map(_mfn((l3[0] & 0x000ffffffffff000ULL) >> 12));
    l1 = fake_map(_mfn((l2[0] & 0x000ffffffffff000ULL) >> 12));
    /* NPT walks are user accesses: U on every level; read-only RAM has no RW bit. */
    assert_true((l4[0] & 7) == 7 && (l3[0] & 7) == 7 && (l2[0] & 7) == 7);
    assert_int_equal(l1[3] & 7, 5);
    assert_int_equal((l1[3] >> 12) & 0xffffffffffULL, 0x55);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_map_4k, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replace_if, setup, teardown),
        cmocka_unit_test_setup_teardown(test_large_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_split, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replace_table_by_large, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_requests, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_types_and_generation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_entry_bits, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
