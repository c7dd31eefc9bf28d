/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv/common/bitmap.c and the inline bit operations of hv/bitmap.h against a model (one bool
 * per bit), over many sizes around word boundaries, with junk beyond the bitmap's size in
 * the last word that must never be seen.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <hv/bitmap.h>

#include "shim/shim.h"

#define MAX_BITS 260
#define WORDS    (BITS_TO_LONGS(MAX_BITS) + 1)

static unsigned long rng_state = 0x9e3779b97f4a7c15UL;

static unsigned long rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Random bits below nbits (density from 0 to all), random junk above. */
static void make_random(unsigned long *map, bool *model, unsigned long nbits, unsigned int density)
{
    unsigned long i;

    for (i = 0; i < WORDS; i++) {
        map[i] = rng();
    }
    for (i = 0; i < WORDS * BITS_PER_LONG; i++) {
        bool bit = i < nbits ? (rng() % 8) < density : (rng() & 1);

        if (bit) {
            __set_bit(i, map);
        } else {
            __clear_bit(i, map);
        }
        if (i < MAX_BITS) {
            model[i] = bit;
        }
    }
}

static unsigned long model_find(const bool *model, unsigned long size, unsigned long off, bool v)
{
    for (; off < size; off++) {
        if (model[off] == v) {
            return off;
        }
    }
    return size;
}

static const unsigned long sizes[] = {1, 2, 31, 63, 64, 65, 100, 127, 128, 129, 191, 192, 257};

static void test_find(void **state)
{
    unsigned long map[WORDS];
    bool model[MAX_BITS];
    size_t s;
    unsigned int density, round;

    (void)state;
    for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        unsigned long n = sizes[s], off;

        for (density = 0; density <= 8; density++) {
            for (round = 0; round < 4; round++) {
                make_random(map, model, n, density);
                assert_int_equal(find_first_bit(map, n), model_find(model, n, 0, true));
                assert_int_equal(find_first_zero_bit(map, n), model_find(model, n, 0, false));
                for (off = 0; off <= n + 3; off++) {
                    assert_int_equal(find_next_bit(map, n, off), model_find(model, n, off, true));
                    assert_int_equal(find_next_zero_bit(map, n, off),
                                     model_find(model, n, off, false));
                }
            }
        }
    }
}

static void test_weight_empty_full(void **state)
{
    unsigned long map[WORDS];
    bool model[MAX_BITS];
    size_t s;
    unsigned int density;

    (void)state;
    for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        unsigned long n = sizes[s], i, want;

        for (density = 0; density <= 8; density++) {
            make_random(map, model, n, density);
            for (i = 0, want = 0; i < n; i++) {
                want += model[i];
            }
            assert_int_equal(bitmap_weight(map, n), want);
            assert_int_equal(bitmap_empty(map, n), want == 0);
            assert_int_equal(bitmap_full(map, n), want == n);
        }
    }
    assert_int_equal(hweight_long(~0UL), 64);
    assert_int_equal(hweight_long(0), 0);
    assert_int_equal(hweight_long(0x8000000000000001UL), 2);
}

static void test_zero_fill(void **state)
{
    unsigned long map[WORDS];
    size_t s;

    (void)state;
    for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        unsigned long n = sizes[s], i;

        map[BITS_TO_LONGS(n)] = 0x5a5aUL; /* The word after the bitmap stays untouched. */
        bitmap_fill(map, n);
        assert_int_equal(bitmap_weight(map, n), n);
        assert_true(bitmap_full(map, n));
        /* Fill leaves the tail of the last word clear, so a wider count sees exactly n. */
        assert_int_equal(bitmap_weight(map, BITS_TO_LONGS(n) * BITS_PER_LONG), n);
        for (i = 0; i < n; i++) {
            assert_true(test_bit(i, map));
        }
        bitmap_zero(map, n);
        assert_true(bitmap_empty(map, BITS_TO_LONGS(n) * BITS_PER_LONG));
        assert_int_equal(map[BITS_TO_LONGS(n)], 0x5a5aUL);
    }
}

static void test_bit_ops(void **state)
{
    DECLARE_BITMAP(map, 130);
    unsigned long bit, count = 0;

    (void)state;
    bitmap_zero(map, 130);
    set_bit(0, map);
    set_bit(63, map);
    set_bit(64, map);
    __set_bit(129, map);
    assert_true(test_bit(0, map) && test_bit(63, map) && test_bit(64, map) && test_bit(129, map));
    assert_false(test_bit(1, map) || test_bit(65, map) || test_bit(128, map));
    assert_int_equal(map[0], 0x8000000000000001UL);
    assert_int_equal(map[1], 1UL);
    assert_int_equal(map[2], 2UL);
    assert_true(test_and_set_bit(63, map));
    assert_false(test_and_set_bit(62, map));
    assert_true(test_bit(62, map));
    assert_true(test_and_clear_bit(62, map));
    assert_false(test_and_clear_bit(62, map));
    clear_bit(0, map);
    __clear_bit(129, map);
    assert_false(test_bit(0, map) || test_bit(129, map));
    for_each_set_bit(bit, map, 130)
    {
        assert_true(bit == 63 || bit == 64);
        count++;
    }
    assert_int_equal(count, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_weight_empty_full),
        cmocka_unit_test(test_zero_fill),
        cmocka_unit_test(test_bit_ops),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
