/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv/common/vsprintf.c against the C library's snprintf as an oracle, for every conversion,
 * flag, width, precision and length modifier the hypervisor documents; then what the oracle
 * cannot judge: truncation, %pS, unknown conversions and printk_level().
 *
 * The build renames the hypervisor's functions to hv_snprintf/hv_vsnprintf; after including
 * hv/printk.h the renaming macros are dropped so that snprintf is the C library's again.
 */
#include <hv/printk.h>
#include <hv/symbols.h>
#undef snprintf
#undef vsnprintf

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "shim/shim.h"

/* The formats are runtime data here; the oracle checks them instead of the compiler. */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wpragmas" /* Clang does not know the next one. */
#pragma GCC diagnostic ignored "-Wunknown-warning-option"
#pragma GCC diagnostic ignored "-Wformat-overflow"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Compare one formatting against the oracle, output and return value. */
#define ORACLE(fmt, ...)                                                                           \
    do {                                                                                           \
        char got_[256], want_[256];                                                                \
        int rg_ = hv_snprintf(got_, sizeof(got_), (fmt), __VA_ARGS__);                             \
        int rw_ = snprintf(want_, sizeof(want_), (fmt), __VA_ARGS__);                              \
        if (rg_ != rw_ || memcmp(got_, want_, (size_t)rw_ + 1) != 0) {                             \
            fail_msg("format \"%s\": got \"%s\" (%d), want \"%s\" (%d)", (fmt), got_, rg_, want_,  \
                     rw_);                                                                         \
        }                                                                                          \
    } while (0)

static const char *const int_formats[] = {
    "%d",     "%i",   "%5d",   "%-5d",  "%05d",  "%+d",    "% d",    "%.3d",  "%8.3d",
    "%-8.3d", "%.0d", "%+.0d", "%+05d", "% 05d", "%-+6d",  "%0-6d",  "%u",    "%10u",
    "%x",     "%X",   "%#x",   "%#X",   "%08x",  "%-#10x", "%#010x", "%#.3x", "%#.0x",
    "%o",     "%#o",  "%#.0o", "%#5o",  "%#.5o", "%hhd",   "%hhu",   "%hhx",  "%hd",
    "%hu",    "%hx",  "%c",    "[%d]",  "%d%%",  "%3c",    "%-3c",
};

static const int int_values[] = {0,   1,   -1,    7,     8,       42,      -42, 127,       128,
                                 255, 256, 65535, 65536, INT_MAX, INT_MIN, 'A', 0x12345678};

static void test_int(void **state)
{
    size_t f, v;

    (void)state;
    for (f = 0; f < N(int_formats); f++) {
        for (v = 0; v < N(int_values); v++) {
            if (!strcmp(int_formats[f], "%c") && !int_values[v]) {
                continue; /* The NUL character is checked separately. */
            }
            ORACLE(int_formats[f], int_values[v]);
        }
    }
}

static const char *const long_formats[] = {"%ld",  "%lu",   "%lx",    "%lX",  "%lo",    "%#lx",
                                           "%#lo", "%20ld", "%-22ld", "%+ld", "%.20lx", "%022lu"};

static void test_long(void **state)
{
    static const long values[] = {
        0, 1, -1, LONG_MAX, LONG_MIN, 0x123456789abcdefL, -1000000000000L};
    size_t f, v;

    (void)state;
    for (f = 0; f < N(long_formats); f++) {
        for (v = 0; v < N(values); v++) {
            ORACLE(long_formats[f], values[v]);
        }
    }
}

static void test_long_long_and_sizes(void **state)
{
    static const long long values[] = {0, -1, LLONG_MAX, LLONG_MIN, 0x7fffffffffLL};
    size_t v;

    (void)state;
    for (v = 0; v < N(values); v++) {
        ORACLE("%lld|%llu|%llx|%#llo|%+lld", values[v], values[v], values[v], values[v], values[v]);
        ORACLE("%zu|%zx|%zd", (size_t)values[v], (size_t)values[v], (size_t)values[v]);
        ORACLE("%td|%tx", (ptrdiff_t)values[v], (ptrdiff_t)values[v]);
        ORACLE("%jd|%ju|%jx", (intmax_t)values[v], (uintmax_t)values[v], (uintmax_t)values[v]);
    }
    /* hh and h truncate the promoted int back to char and short. */
    ORACLE("%hhd %hhu %hd %hu", 0x1ff, 0x1ff, 0x18000, 0x18000);
}

static void test_string(void **state)
{
    static const char *const formats[] = {"%s",      "%10s", "%-10s", "%.3s",  "%10.3s",
                                          "%-10.3s", "%.0s", "<%s>",  "%.20s", "%1s"};
    static const char *const values[] = {"", "a", "hello world", "exactly10!"};
    size_t f, v;

    (void)state;
    for (f = 0; f < N(formats); f++) {
        for (v = 0; v < N(values); v++) {
            ORACLE(formats[f], values[v]);
        }
    }
    /* The precision bounds the read: the argument need not be terminated. */
    {
        char raw[3] = {'x', 'y', 'z'};

        ORACLE("%.3s|%.2s", raw, raw);
    }
}

static void test_star(void **state)
{
    static const int widths[] = {-12, -1, 0, 1, 6, 30};
    size_t w, p;

    (void)state;
    for (w = 0; w < N(widths); w++) {
        for (p = 0; p < N(widths); p++) {
            ORACLE("%*d|%.*d|%*.*x", widths[w], 42, widths[p], 42, widths[w], widths[p], 0xbeef);
            ORACLE("%*s|%.*s|%-*s", widths[w], "abc", widths[p], "abcdefgh", widths[w], "q");
        }
    }
}

static void test_pointer_and_percent(void **state)
{
    int x;
    char buf[64];

    (void)state;
    ORACLE("%p", (void *)&x);
    ORACLE("%20p|%-20p|", (void *)&x, (void *)&x);
    ORACLE("%p", (void *)0x1234);
    ORACLE("100%% sure %d%%", 5);
    ORACLE("a=%d b=%s c=%#x %c%%", -3, "str", 255, 'z');
    /* NULL is printed as a number, not glibc's "(nil)". */
    assert_int_equal(hv_snprintf(buf, sizeof(buf), "%p", NULL), 3);
    assert_string_equal(buf, "0x0");
}

static void test_char_nul(void **state)
{
    char buf[8];

    (void)state;
    memset(buf, 'x', sizeof(buf));
    assert_int_equal(hv_snprintf(buf, sizeof(buf), "a%cb", 0), 3);
    assert_memory_equal(buf, "a\0b\0", 4);
    assert_int_equal(hv_snprintf(buf, sizeof(buf), "%3c|", 0), 4);
    assert_memory_equal(buf, "  \0|\0", 5);
}

/* Every buffer size up to past the full length: prefix stored, NUL added, length returned. */
static void test_truncation(void **state)
{
    const char *full = "value=-1234 name=hypervisor";
    size_t len = strlen(full), size;
    char buf[64];

    (void)state;
    assert_int_equal(hv_snprintf(NULL, 0, "value=%d name=%s", -1234, "hypervisor"), (int)len);
    for (size = 0; size <= len + 2; size++) {
        memset(buf, '#', sizeof(buf));
        assert_int_equal(hv_snprintf(buf, size, "value=%d name=%s", -1234, "hypervisor"), (int)len);
        if (size) {
            size_t kept = size - 1 < len ? size - 1 : len;

            assert_memory_equal(buf, full, kept);
            assert_int_equal(buf[kept], '\0');
            assert_int_equal(buf[kept + 1], '#'); /* Nothing written past the terminator. */
        } else {
            assert_int_equal(buf[0], '#');
        }
    }
}

static void test_unknown_conversion(void **state)
{
    char buf[32];

    (void)state;
    assert_int_equal(hv_snprintf(buf, sizeof(buf), "a%yb"), 4);
    assert_string_equal(buf, "a%yb");
    assert_int_equal(hv_snprintf(buf, sizeof(buf), "end%"), 4);
    assert_string_equal(buf, "end%");
    assert_int_equal(hv_snprintf(buf, sizeof(buf), "%s", (char *)NULL), 6);
    assert_string_equal(buf, "(null)");
    assert_int_equal(hv_snprintf(buf, sizeof(buf), "%.2s", (char *)NULL), 2);
    assert_string_equal(buf, "(n");
}

/* %pS consults this instead of the image's table. */
const char *symbols_lookup(unsigned long addr, unsigned long *offset, unsigned long *size)
{
    if (addr >= 0xffffffff80201000UL && addr < 0xffffffff80201100UL) {
        *offset = addr - 0xffffffff80201000UL;
        *size = 0x100;
        return "do_thing";
    }
    return NULL;
}

static void test_symbol(void **state)
{
    char buf[64];

    (void)state;
    hv_snprintf(buf, sizeof(buf), "[%pS]", (void *)0xffffffff80201010UL);
    assert_string_equal(buf, "[do_thing+0x10/0x100]");
    hv_snprintf(buf, sizeof(buf), "%pS", (void *)0xffffffff80201000UL);
    assert_string_equal(buf, "do_thing+0x0/0x100");
    hv_snprintf(buf, sizeof(buf), "%pS|", (void *)0xffffffff80201100UL);
    assert_string_equal(buf, "0xffffffff80201100|");
    /* 'S' after a plain %p conversion that is not %pS stays ordinary text. */
    hv_snprintf(buf, sizeof(buf), "%p s", (void *)0x10);
    assert_string_equal(buf, "0x10 s");
}

static void test_printk_level(void **state)
{
    const char *text = NULL;

    (void)state;
    assert_int_equal(printk_level(HV_LOG_ERR "boom", &text), LOG_LEVEL_ERR);
    assert_string_equal(text, "boom");
    assert_int_equal(printk_level(HV_LOG_WARNING "w", &text), LOG_LEVEL_WARNING);
    assert_string_equal(text, "w");
    assert_int_equal(printk_level(HV_LOG_DEBUG "", &text), LOG_LEVEL_DEBUG);
    assert_string_equal(text, "");
    assert_int_equal(printk_level("plain", &text), LOG_LEVEL_INFO);
    assert_string_equal(text, "plain");
    /* A malformed prefix is ordinary text. */
    assert_int_equal(printk_level("\001"
                                  "9x",
                                  &text),
                     LOG_LEVEL_INFO);
    assert_string_equal(text, "\001"
                              "9x");
    assert_int_equal(printk_level("\001", &text), LOG_LEVEL_INFO);
    assert_int_equal(printk_level(HV_LOG_INFO "i", NULL), LOG_LEVEL_INFO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_int),
        cmocka_unit_test(test_long),
        cmocka_unit_test(test_long_long_and_sizes),
        cmocka_unit_test(test_string),
        cmocka_unit_test(test_star),
        cmocka_unit_test(test_pointer_and_percent),
        cmocka_unit_test(test_char_nul),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_unknown_conversion),
        cmocka_unit_test(test_symbol),
        cmocka_unit_test(test_printk_level),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
