/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv/common/page-alloc.c: splitting, merging, exhaustion, fragmentation, ranges of odd
 * alignment and above 4 GiB, misuse that must be caught (double free, freeing reserved
 * frames), and a randomized run checked against a model of which frame is whose.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/page-alloc.h>

#include "shim/shim.h"

static struct page_info *table;

static void init(unsigned long frames)
{
    free(table);
    table = calloc(frames, sizeof(*table));
    assert_non_null(table);
    page_alloc_init(table, frames);
}

static int setup(void **state)
{
    (void)state;
    shim_reset();
    init(4096);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(table);
    table = NULL;
    return 0;
}

static void test_empty(void **state)
{
    (void)state;
    assert_int_equal(page_alloc_free_pages(), 0);
    assert_int_equal(page_alloc_nr_frames(), 4096);
    assert_true(mfn_eq(alloc_pages(0), INVALID_MFN));
    assert_true(mfn_eq(alloc_pages(MAX_ORDER + 1), INVALID_MFN));
    assert_int_equal(table[0].state, PGS_RESERVED);
    assert_true(mfn_eq(page_to_mfn(mfn_to_page(_mfn(77))), _mfn(77)));
}

/* Sixteen single frames out of one block, then back together into one block. */
static void test_split_and_merge(void **state)
{
    static const unsigned int order_of_free[16] = {5, 0,  9, 3, 14, 7, 1,  12,
                                                   2, 15, 8, 4, 11, 6, 13, 10};
    mfn_t got[16];
    unsigned long seen = 0;
    unsigned int i;

    (void)state;
    page_alloc_add_free_range(_mfn(32), 16);
    assert_int_equal(page_alloc_free_pages(), 16);
    for (i = 0; i < 16; i++) {
        got[i] = alloc_pages(0);
        assert_true(mfn_x(got[i]) >= 32 && mfn_x(got[i]) < 48);
        assert_false(seen & (1UL << (mfn_x(got[i]) - 32)));
        seen |= 1UL << (mfn_x(got[i]) - 32);
        assert_int_equal(mfn_to_page(got[i])->state, PGS_ALLOCATED);
    }
    assert_true(mfn_eq(alloc_pages(0), INVALID_MFN));
    assert_int_equal(page_alloc_free_pages(), 0);
    for (i = 0; i < 16; i++) {
        free_pages(got[order_of_free[i]], 0);
        /* No order-4 block until the last frame is back. */
        if (i < 15) {
            assert_int_equal(page_alloc_free_pages(), i + 1);
        }
    }
    assert_true(mfn_eq(alloc_pages(4), _mfn(32)));
    assert_int_equal(mfn_to_page(_mfn(32))->order, 4);
    assert_true(mfn_eq(alloc_pages(0), INVALID_MFN));
}

static void test_exhaustion(void **state)
{
    unsigned long n = 0;
    mfn_t m;

    (void)state;
    page_alloc_add_free_range(_mfn(0), 4096);
    while (!mfn_eq(m = alloc_pages(2), INVALID_MFN)) {
        assert_true(mfn_x(m) % 4 == 0);
        n++;
    }
    assert_int_equal(n, 1024);
    assert_int_equal(page_alloc_free_pages(), 0);
    assert_true(mfn_eq(alloc_pages(0), INVALID_MFN));
}

/* Half the memory free, but no two free frames adjacent: no order-1 block exists. */
static void test_fragmentation(void **state)
{
    unsigned long i;

    (void)state;
    page_alloc_add_free_range(_mfn(0), 256);
    for (i = 0; i < 256; i++) {
        assert_false(mfn_eq(alloc_pages(0), INVALID_MFN));
    }
    for (i = 0; i < 256; i += 2) {
        free_pages(_mfn(i), 0);
    }
    assert_int_equal(page_alloc_free_pages(), 128);
    assert_true(mfn_eq(alloc_pages(1), INVALID_MFN));
    for (i = 1; i < 256; i += 2) {
        free_pages(_mfn(i), 0);
    }
    assert_true(mfn_eq(alloc_pages(8), _mfn(0)));
}

/* A range of odd start and length: every frame of it and nothing else. */
static void test_odd_alignment(void **state)
{
    static bool seen[4096];
    unsigned long i;
    mfn_t m;

    (void)state;
    memset(seen, 0, sizeof(seen));
    page_alloc_add_free_range(_mfn(3), 1001);
    assert_int_equal(page_alloc_free_pages(), 1001);
    /* The largest blocks inside 3..1003 are 256..511 and 512..767, both order 8. */
    m = alloc_pages(8);
    assert_true(mfn_eq(m, _mfn(256)) || mfn_eq(m, _mfn(512)));
    assert_true(mfn_eq(alloc_pages(9), INVALID_MFN));
    free_pages(m, 8);
    while (!mfn_eq(m = alloc_pages(0), INVALID_MFN)) {
        assert_true(mfn_x(m) >= 3 && mfn_x(m) < 1004);
        assert_false(seen[mfn_x(m)]);
        seen[mfn_x(m)] = true;
    }
    for (i = 3; i < 1004; i++) {
        assert_true(seen[i]);
    }
}

/* Frames from 4 GiB to 5 GiB: block arithmetic past 32 bits. */
static void test_above_4g(void **state)
{
    const unsigned long base = 1UL << 20, frames = 1UL << 18;
    mfn_t m;

    (void)state;
    init(base + frames + 7);
    page_alloc_add_free_range(_mfn(base), frames + 7);
    assert_int_equal(page_alloc_free_pages(), frames + 7);
    m = alloc_pages(18); /* 1 GiB. */
    assert_true(mfn_eq(m, _mfn(base)));
    assert_true(mfn_to_paddr(m) == 1ULL << 32);
    assert_true(mfn_eq(alloc_pages(18), INVALID_MFN));
    assert_int_equal(page_alloc_free_pages(), 7);
    free_pages(m, 18);
    assert_true(mfn_eq(alloc_pages(18), _mfn(base)));
    free_pages(_mfn(base), 18);
    /* The whole table's worth: a MAX_ORDER block cannot exist, the range is too short. */
    assert_true(mfn_eq(alloc_pages(MAX_ORDER), INVALID_MFN));
}

/* Ranges handed over in pieces still merge into large blocks. */
static void test_adjacent_ranges_merge(void **state)
{
    (void)state;
    page_alloc_add_free_range(_mfn(64), 5);
    page_alloc_add_free_range(_mfn(69), 59);
    page_alloc_add_free_range(_mfn(0), 64);
    assert_int_equal(page_alloc_free_pages(), 128);
    assert_true(mfn_eq(alloc_pages(7), _mfn(0)));
}

static void test_bad_ranges(void **state)
{
    (void)state;
    page_alloc_add_free_range(_mfn(4000), 200);
    assert_int_equal(page_alloc_free_pages(), 96);
    assert_true(shim_log_contains("beyond the frame table"));
    shim_log_clear();
    page_alloc_add_free_range(_mfn(5000), 10);
    assert_int_equal(page_alloc_free_pages(), 96);
    assert_true(shim_log_contains("beyond the frame table"));
    shim_log_clear();
    page_alloc_add_free_range(_mfn(3990), 20); /* 3990..4009: 4000..4009 already free. */
    assert_int_equal(page_alloc_free_pages(), 106);
    assert_true(shim_log_contains("page_alloc: 10 frames of 0xf96-0xfa9 were not reserved"));
    page_alloc_add_free_range(_mfn(0), 0);
    assert_int_equal(page_alloc_free_pages(), 106);
}

static void test_misuse_is_caught(void **state)
{
    /* volatile: expect_assert_failure() returns through longjmp. */
    volatile mfn_t m;

    (void)state;
    page_alloc_add_free_range(_mfn(0), 64);
    m = alloc_pages(1);
    free_pages(m, 1);
    expect_assert_failure(free_pages(m, 1));
    assert_true(shim_log_contains("page_alloc: freeing free frame"));
    expect_assert_failure(free_pages(_mfn(100), 0));
    assert_true(shim_log_contains("page_alloc: freeing reserved frame 0x64"));
    m = alloc_pages(2);
    expect_assert_failure(free_pages(_mfn(mfn_x(m) + 1), 1)); /* Misaligned. */
    expect_assert_failure(free_pages(m, 3));                  /* Bigger than the allocation. */
    expect_assert_failure(free_pages(_mfn(1UL << 40), 0));
    /* Nothing changed, and the lock was not left held. */
    assert_int_equal(page_alloc_free_pages(), 60);
    free_pages(m, 2);
    assert_int_equal(page_alloc_free_pages(), 64);
    assert_true(shim_irq_enabled);
}

static void test_irq_state_kept(void **state)
{
    mfn_t m;

    (void)state;
    page_alloc_add_free_range(_mfn(0), 8);
    m = alloc_pages(0);
    assert_true(shim_irq_enabled);
    shim_irq_enabled = false;
    free_pages(m, 0);
    assert_false(shim_irq_enabled);
}

/* Random allocations and frees against a model of frame ownership. */
static void test_random(void **state)
{
    enum { FRAMES = 4096, SLOTS = 64 };
    static int owner[FRAMES];
    mfn_t slot_mfn[SLOTS];
    unsigned int slot_order[SLOTS], round, s;
    unsigned long expect_free = FRAMES - 5, i;

    (void)state;
    srand(12345);
    page_alloc_add_free_range(_mfn(5), FRAMES - 5);
    for (s = 0; s < SLOTS; s++) {
        slot_mfn[s] = INVALID_MFN;
    }
    memset(owner, -1, sizeof(owner));
    for (round = 0; round < 20000; round++) {
        s = (unsigned int)rand() % SLOTS;
        if (mfn_eq(slot_mfn[s], INVALID_MFN)) {
            unsigned int order = (unsigned int)rand() % 7;
            mfn_t m = alloc_pages(order);

            if (mfn_eq(m, INVALID_MFN)) {
                continue;
            }
            assert_true(mfn_x(m) % (1UL << order) == 0);
            for (i = 0; i < (1UL << order); i++) {
                assert_int_equal(owner[mfn_x(m) + i], -1);
                owner[mfn_x(m) + i] = (int)s;
            }
            slot_mfn[s] = m;
            slot_order[s] = order;
            expect_free -= 1UL << order;
        } else {
            for (i = 0; i < (1UL << slot_order[s]); i++) {
                owner[mfn_x(slot_mfn[s]) + i] = -1;
            }
            free_pages(slot_mfn[s], slot_order[s]);
            expect_free += 1UL << slot_order[s];
            slot_mfn[s] = INVALID_MFN;
        }
        assert_int_equal(page_alloc_free_pages(), expect_free);
    }
    for (s = 0; s < SLOTS; s++) {
        if (!mfn_eq(slot_mfn[s], INVALID_MFN)) {
            free_pages(slot_mfn[s], slot_order[s]);
        }
    }
    /* Everything merged back: the top half is one order-11 block again. */
    assert_true(mfn_eq(alloc_pages(11), _mfn(2048)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_split_and_merge, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exhaustion, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fragmentation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_odd_alignment, setup, teardown),
        cmocka_unit_test_setup_teardown(test_above_4g, setup, teardown),
        cmocka_unit_test_setup_teardown(test_adjacent_ranges_merge, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_ranges, setup, teardown),
        cmocka_unit_test_setup_teardown(test_misuse_is_caught, setup, teardown),
        cmocka_unit_test_setup_teardown(test_irq_state_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
