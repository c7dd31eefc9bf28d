/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv/common/xmalloc.c over the real frame allocator and the shim's arena direct map: size
 * classes and their alignment, large allocations, reuse, pages going back to the frame
 * allocator, array overflow, exhaustion and misuse. The heap keeps state across tests, so the
 * frame allocator is set up once and every test frees what it allocates.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/mm.h>
#include <hv/page-alloc.h>
#include <hv/xmalloc.h>

#include "shim/shim.h"

#define FIRST_MFN 0x200UL
#define FRAMES    1024UL

static struct page_info *table;

static int group_setup(void **state)
{
    (void)state;
    shim_reset();
    shim_arena_init(FIRST_MFN, FRAMES);
    table = calloc(FIRST_MFN + FRAMES, sizeof(*table));
    page_alloc_init(table, FIRST_MFN + FRAMES);
    page_alloc_add_free_range(_mfn(FIRST_MFN), FRAMES);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    free(table);
    shim_arena_fini();
    return 0;
}

static size_t class_of(size_t size)
{
    size_t c = 16;

    while (c < size) {
        c *= 2;
    }
    return c;
}

static void test_classes(void **state)
{
    size_t size;

    (void)state;
    for (size = 0; size <= XMALLOC_MAX_SMALL; size += (size < 64 ? 1 : 61)) {
        unsigned char *p = xmalloc(size);
        struct page_info *pg;
        size_t c = class_of(size ? size : 1);

        assert_non_null(p);
        assert_int_equal((uintptr_t)p % c, 0); /* Aligned to its class. */
        pg = mfn_to_page(virt_to_mfn(p));
        assert_int_equal(pg->state, PGS_ALLOCATED);
        assert_int_equal(1UL << (pg->heap_class - 1 + XMALLOC_MIN_SHIFT), c);
        memset(p, 0xa5, size);
        xfree(p);
    }
}

/* Many objects of mixed sizes: none overlaps another. */
static void test_no_overlap(void **state)
{
    enum { N = 600 };
    static unsigned char *ptr[N];
    static size_t len[N];
    unsigned long free_before = page_alloc_free_pages();
    unsigned int i;
    size_t j;

    (void)state;
    srand(42);
    for (i = 0; i < N; i++) {
        len[i] = 1 + (size_t)rand() % (i % 10 ? 300 : 3000);
        ptr[i] = xmalloc(len[i]);
        assert_non_null(ptr[i]);
        memset(ptr[i], (int)(i & 0xff), len[i]);
    }
    for (i = 0; i < N; i++) {
        for (j = 0; j < len[i]; j++) {
            assert_int_equal(ptr[i][j], i & 0xff);
        }
    }
    for (i = 0; i < N; i++) {
        xfree(ptr[i]);
    }
    /* Empty pages went back, except at most one kept per class. */
    assert_true(page_alloc_free_pages() + XMALLOC_CLASSES >= free_before);
}

static void test_large(void **state)
{
    unsigned long free_before = page_alloc_free_pages();
    void *a, *b, *c;

    (void)state;
    a = xmalloc(XMALLOC_MAX_SMALL + 1); /* One page. */
    b = xmalloc(PAGE_SIZE + 1);         /* Two pages. */
    c = xmalloc(5 * PAGE_SIZE);         /* Eight pages. */
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(c);
    assert_int_equal((uintptr_t)a % PAGE_SIZE, 0);
    assert_int_equal((uintptr_t)b % PAGE_SIZE, 0);
    assert_int_equal(page_alloc_free_pages(), free_before - 1 - 2 - 8);
    assert_int_equal(mfn_to_page(virt_to_mfn(c))->order, 3);
    memset(c, 1, 5 * PAGE_SIZE);
    xfree(b);
    xfree(a);
    xfree(c);
    assert_int_equal(page_alloc_free_pages(), free_before);
    assert_null(xmalloc((PAGE_SIZE << MAX_ORDER) + 1));
    assert_null(xmalloc(SIZE_MAX));
}

static void test_reuse_and_page_return(void **state)
{
    unsigned long free_before;
    void *p, *q, *objs[8];
    unsigned int i;

    (void)state;
    p = xmalloc(100);
    xfree(p);
    q = xmalloc(100);
    assert_ptr_equal(p, q); /* The object just freed is handed out first. */
    xfree(q);

    /* 1024-byte objects, four per page: eight of them use two new pages. */
    free_before = page_alloc_free_pages();
    for (i = 0; i < 8; i++) {
        objs[i] = xmalloc(1024);
    }
    assert_true(page_alloc_free_pages() <= free_before);
    assert_true(page_alloc_free_pages() >= free_before - 2);
    for (i = 0; i < 8; i++) {
        xfree(objs[i]);
    }
    /* Both pages emptied; one may stay cached, never both. */
    assert_true(page_alloc_free_pages() >= free_before);
}

static void test_zero_and_arrays(void **state)
{
    uint32_t *a;
    unsigned char *p;
    size_t i;

    (void)state;
    p = xmalloc(200);
    memset(p, 0xff, 200);
    xfree(p);
    p = xzalloc(200);
    for (i = 0; i < 200; i++) {
        assert_int_equal(p[i], 0);
    }
    xfree(p);
    a = xzalloc_array(uint32_t, 10);
    assert_non_null(a);
    for (i = 0; i < 10; i++) {
        assert_int_equal(a[i], 0);
    }
    xfree(a);
    assert_null(xmalloc_array(uint64_t, SIZE_MAX / 4));
    assert_null(xzalloc_array(uint64_t, SIZE_MAX / 8 + 1));
    assert_null(xmalloc_array_bytes(SIZE_MAX, 2));
    p = xmalloc(0);
    assert_non_null(p);
    xfree(p);
    xfree(NULL);
}

static void test_exhaustion(void **state)
{
    static void *blocks[FRAMES];
    unsigned long free_before = page_alloc_free_pages();
    unsigned int n = 0;

    (void)state;
    while (n < FRAMES && (blocks[n] = xmalloc(4 * PAGE_SIZE)) != NULL) {
        n++;
    }
    assert_true(n > 0 && n < FRAMES);
    assert_null(xmalloc(4 * PAGE_SIZE));
    while (n) {
        xfree(blocks[--n]);
    }
    assert_int_equal(page_alloc_free_pages(), free_before);
}

static void test_misuse(void **state)
{
    /* volatile: expect_assert_failure() returns through longjmp. */
    unsigned char *volatile p = xmalloc(64);
    mfn_t raw = alloc_pages(0);

    (void)state;
    xfree(p);
    expect_assert_failure(xfree(p));
    assert_true(shim_log_contains("xmalloc: bad xfree"));
    p = xmalloc(64);
    expect_assert_failure(xfree(p + 16)); /* Not the start of an object. */
    xfree(p);
    expect_assert_failure(xfree(mfn_to_virt(raw))); /* Not from the heap. */
    assert_true(shim_log_contains("not from the heap"));
    free_pages(raw, 0);
    /* The heap still works: no lock was left held. */
    p = xmalloc(64);
    assert_non_null(p);
    xfree(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classes),         cmocka_unit_test(test_no_overlap),
        cmocka_unit_test(test_large),           cmocka_unit_test(test_reuse_and_page_return),
        cmocka_unit_test(test_zero_and_arrays), cmocka_unit_test(test_exhaustion),
        cmocka_unit_test(test_misuse),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
