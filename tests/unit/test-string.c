/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv/common/string.c against the C library. The build renames the hypervisor's functions
 * (memcpy becomes hv_memcpy, ...) so both can live in one program; the C library versions are
 * reached through the compiler's __builtin_ names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include <hv/string.h>

#include "shim/shim.h"

#define BUF 160

static int sign(int v)
{
    return (v > 0) - (v < 0);
}

static void fill_pattern(unsigned char *p, size_t n, unsigned int seed)
{
    size_t i;

    for (i = 0; i < n; i++) {
        p[i] = (unsigned char)(seed * 131 + i * 7 + (i >> 3));
    }
}

/* Every source/destination misalignment and length up to several words. */
static void test_memcpy(void **state)
{
    unsigned char src[BUF], dst[BUF], want[BUF];
    size_t so, d_off, n;

    (void)state;
    fill_pattern(src, BUF, 1);
    for (so = 0; so < 16; so++) {
        for (d_off = 0; d_off < 16; d_off++) {
            for (n = 0; n < 96; n++) {
                __builtin_memset(dst, 0x5a, BUF);
                __builtin_memset(want, 0x5a, BUF);
                __builtin_memcpy(want + d_off, src + so, n);
                assert_ptr_equal(memcpy(dst + d_off, src + so, n), dst + d_off);
                assert_memory_equal(dst, want, BUF);
            }
        }
    }
}

/* Overlap in both directions: the result must equal a copy through a scratch buffer. */
static void test_memmove(void **state)
{
    unsigned char buf[BUF], want[BUF], tmp[BUF];
    size_t from, to, n;

    (void)state;
    for (from = 0; from < 24; from++) {
        for (to = 0; to < 24; to++) {
            for (n = 0; n < 100; n += 3) {
                fill_pattern(buf, BUF, 2);
                fill_pattern(want, BUF, 2);
                __builtin_memcpy(tmp, want + from, n);
                __builtin_memcpy(want + to, tmp, n);
                assert_ptr_equal(memmove(buf + to, buf + from, n), buf + to);
                assert_memory_equal(buf, want, BUF);
            }
        }
    }
}

static void test_memset(void **state)
{
    unsigned char buf[BUF], want[BUF];
    size_t off, n;

    (void)state;
    for (off = 0; off < 16; off++) {
        for (n = 0; n < 100; n++) {
            __builtin_memset(buf, 0x11, BUF);
            __builtin_memset(want, 0x11, BUF);
            __builtin_memset(want + off, 0xab, n);
            /* Only the low byte of the value counts. */
            assert_ptr_equal(memset(buf + off, 0x1ab, n), buf + off);
            assert_memory_equal(buf, want, BUF);
        }
    }
}

static void test_memcmp(void **state)
{
    unsigned char a[64], b[64];
    size_t i, n;

    (void)state;
    fill_pattern(a, sizeof(a), 3);
    assert_int_equal(memcmp(a, a, 0), 0);
    for (i = 0; i < sizeof(a); i++) {
        for (n = 0; n <= sizeof(a); n += 7) {
            __builtin_memcpy(b, a, sizeof(b));
            /* Bytes above 0x7f must compare as unsigned. */
            b[i] = (unsigned char)(a[i] ^ 0x80);
            assert_int_equal(sign(memcmp(a, b, n)), sign(__builtin_memcmp(a, b, n)));
            assert_int_equal(sign(memcmp(b, a, n)), sign(__builtin_memcmp(b, a, n)));
        }
    }
}

static void test_strlen(void **state)
{
    static const char *const strs[] = {"", "a", "hello", "hello world, this is long"};
    size_t i, max;

    (void)state;
    for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
        assert_int_equal(strlen(strs[i]), __builtin_strlen(strs[i]));
        for (max = 0; max < 30; max++) {
            size_t len = __builtin_strlen(strs[i]);

            assert_int_equal(strnlen(strs[i], max), len < max ? len : max);
        }
    }
    /* strnlen must not read past max: the buffer has no terminator. */
    {
        char raw[4] = {'a', 'b', 'c', 'd'};

        assert_int_equal(strnlen(raw, sizeof(raw)), 4);
    }
}

static void test_strcmp(void **state)
{
    static const char *const strs[] = {"", "a", "ab", "abc", "abd", "b", "\xff", "a\x80"};
    size_t i, j, n;

    (void)state;
    for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
        for (j = 0; j < sizeof(strs) / sizeof(strs[0]); j++) {
            assert_int_equal(sign(strcmp(strs[i], strs[j])),
                             sign(__builtin_strcmp(strs[i], strs[j])));
            for (n = 0; n < 5; n++) {
                assert_int_equal(sign(strncmp(strs[i], strs[j], n)),
                                 sign(__builtin_strncmp(strs[i], strs[j], n)));
            }
        }
    }
}

static void test_strchr(void **state)
{
    const char *s = "abcabc";

    (void)state;
    assert_ptr_equal(strchr(s, 'b'), s + 1);
    assert_ptr_equal(strrchr(s, 'b'), s + 4);
    assert_null(strchr(s, 'z'));
    assert_null(strrchr(s, 'z'));
    assert_ptr_equal(strchr(s, '\0'), s + 6);
    assert_ptr_equal(strrchr(s, '\0'), s + 6);
    assert_ptr_equal(strchr(s, 'a' + 256), s); /* Converted to char. */
    assert_null(strchr("", 'a'));
}

static void test_strlcpy(void **state)
{
    char buf[8];

    (void)state;
    __builtin_memset(buf, 'x', sizeof(buf));
    assert_int_equal(strlcpy(buf, "hello", 0), 5);
    assert_int_equal(buf[0], 'x'); /* size 0 writes nothing. */
    assert_int_equal(strlcpy(buf, "hello", 1), 5);
    assert_string_equal(buf, "");
    assert_int_equal(strlcpy(buf, "hello", 6), 5);
    assert_string_equal(buf, "hello");
    assert_int_equal(strlcpy(buf, "hello world", sizeof(buf)), 11);
    assert_string_equal(buf, "hello w");
    assert_int_equal(strlcpy(buf, "", sizeof(buf)), 0);
    assert_string_equal(buf, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memcpy), cmocka_unit_test(test_memmove),
        cmocka_unit_test(test_memset), cmocka_unit_test(test_memcmp),
        cmocka_unit_test(test_strlen), cmocka_unit_test(test_strcmp),
        cmocka_unit_test(test_strchr), cmocka_unit_test(test_strlcpy),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
