/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv/common/symbols.c with a table that scripts/gen-symbols.py generated from
 * tests/unit/data/symbols.nm (aliases, sizes from nm -S and from the next symbol, a gap,
 * data and undefined symbols mixed in), plus hand-made tables for the search boundaries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <hv/symbols.h>

#include "shim/shim.h"

#define BASE 0xffffffff80200000UL

struct expect {
    unsigned long addr;
    const char *name; /* NULL: no function there. */
    unsigned long offset, size;
};

static void check(const struct expect *e)
{
    unsigned long offset = ~0UL, size = ~0UL;
    const char *name = symbols_lookup(e->addr, &offset, &size);

    if (!e->name) {
        if (name) {
            fail_msg("%#lx: want no symbol, got %s", e->addr, name);
        }
        return;
    }
    if (!name) {
        fail_msg("%#lx: want %s, got no symbol", e->addr, e->name);
    }
    assert_string_equal(name, e->name);
    assert_int_equal(offset, e->offset);
    assert_int_equal(size, e->size);
}

static void test_generated_table(void **state)
{
    static const struct expect cases[] = {
        {BASE - 1, NULL, 0, 0},
        {BASE, "start", 0, 0x40},            /* The global name wins over its local alias. */
        {BASE + 0x3f, "start", 0x3f, 0x40},  /* Size from the next symbol. */
        {BASE + 0x40, "with_size", 0, 0x20}, /* Size from nm -S. */
        {BASE + 0x5f, "with_size", 0x1f, 0x20},
        {BASE + 0x60, "local_fn", 0, 0x10},
        {BASE + 0x70, NULL, 0, 0}, /* Past local_fn's nm size: data follows. */
        {BASE + 0x80, NULL, 0, 0}, /* A data symbol is no function. */
        {BASE + 0x107, "gap_before", 7, 8},
        {BASE + 0x108, NULL, 0, 0}, /* The gap after it. */
        {BASE + 0x200, "weak_fn", 0, 0x10},
        {BASE + 0x210, NULL, 0, 0}, /* .L labels are not functions, but they do end one. */
        {BASE + 0x220, "name.isra.0", 0, 0xde0},
        {BASE + 0xfff, "name.isra.0", 0xddf, 0xde0},
        {BASE + 0x1000, "_etext_fn", 0, 0x10},
        {BASE + 0x100f, "_etext_fn", 0xf, 0x10},
        {BASE + 0x1010, NULL, 0, 0},
        {BASE + 0x100000, NULL, 0, 0}, /* rodata. */
        {0, NULL, 0, 0},
        {~0UL, NULL, 0, 0},
    };
    size_t i;

    (void)state;
    assert_int_equal(symbol_table.count, 7);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        check(&cases[i]);
    }
    /* Offset and size pointers are optional. */
    assert_string_equal(symbols_lookup(BASE + 0x41, NULL, NULL), "with_size");
}

/* Every position of a table of n adjacent functions, for n around powers of two. */
static void test_search_boundaries(void **state)
{
    static uint32_t offsets[17], sizes[17], name_offsets[17];
    static const char names[] =
        "f0\0f1\0f2\0f3\0f4\0f5\0f6\0f7\0f8\0f9\0fa\0fb\0fc\0fd\0fe\0ff\0fg";
    unsigned int n, i;

    (void)state;
    for (i = 0; i < 17; i++) {
        offsets[i] = i * 16;
        sizes[i] = 16;
        name_offsets[i] = i * 3;
    }
    for (n = 1; n <= 17; n++) {
        struct symbol_table t = {0x1000, n, offsets, sizes, name_offsets, names};
        unsigned long off, size;

        assert_null(symbols_lookup_in(&t, 0xfff, &off, &size));
        for (i = 0; i < n * 16; i++) {
            const char *name = symbols_lookup_in(&t, 0x1000 + i, &off, &size);

            assert_non_null(name);
            assert_int_equal(name[1], names[(i / 16) * 3 + 1]);
            assert_int_equal(off, i % 16);
            assert_int_equal(size, 16);
        }
        assert_null(symbols_lookup_in(&t, 0x1000 + n * 16, &off, &size));
    }
}

static void test_empty_table(void **state)
{
    struct symbol_table t = {0, 0, NULL, NULL, NULL, NULL};

    (void)state;
    assert_null(symbols_lookup_in(&t, 0, NULL, NULL));
    assert_null(symbols_lookup_in(&t, BASE, NULL, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated_table),
        cmocka_unit_test(test_search_boundaries),
        cmocka_unit_test(test_empty_table),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
