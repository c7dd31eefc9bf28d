/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv/common/cmdline.c: every parameter kind with good, bad and boundary values, unknown
 * options, quoting, and command lines built to overflow something (huge, unterminated
 * quotes, no terminator within CMDLINE_MAX). Warnings are checked in the captured log.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/cmdline.h>
#include <hv/errno.h>

#include "shim/shim.h"

static bool opt_flag;
static int8_t opt_s8;
static uint8_t opt_u8;
static int opt_int;
static unsigned int opt_uint;
static uint64_t opt_u64;
static long opt_long;
static uint64_t opt_size;
static unsigned long opt_size_ul;
static char opt_str[8];
static char opt_custom_seen[64];
static unsigned int opt_custom_calls;

boolean_param("flag", opt_flag);
integer_param("s8", opt_s8);
integer_param("u8", opt_u8);
integer_param("int", opt_int);
integer_param("uint", opt_uint);
integer_param("u64", opt_u64);
integer_param("long", opt_long);
size_param("mem", opt_size);
size_param("memul", opt_size_ul);
string_param("str", opt_str);

static int parse_custom(const char *value)
{
    opt_custom_calls++;
    strncpy(opt_custom_seen, value, sizeof(opt_custom_seen) - 1);
    return strcmp(value, "bad") ? 0 : -EINVAL;
}
custom_param("custom", parse_custom);

static int reset(void **state)
{
    (void)state;
    shim_reset();
    opt_flag = false;
    opt_s8 = opt_u8 = 0;
    opt_int = 0;
    opt_uint = 0;
    opt_u64 = 0;
    opt_long = 0;
    opt_size = opt_size_ul = 0;
    strcpy(opt_str, "def");
    memset(opt_custom_seen, 0, sizeof(opt_custom_seen));
    opt_custom_calls = 0;
    return 0;
}

static void test_boolean(void **state)
{
    static const struct {
        const char *cmdline;
        bool start, want;
        unsigned int skipped;
    } cases[] = {
        {"flag", false, true, 0},       {"flag=1", false, true, 0},
        {"flag=yes", false, true, 0},   {"flag=on", false, true, 0},
        {"flag=true", false, true, 0},  {"flag=0", true, false, 0},
        {"flag=no", true, false, 0},    {"flag=off", true, false, 0},
        {"flag=false", true, false, 0}, {"no-flag", true, false, 0},
        {"flag=maybe", true, true, 1},  {"flag=", true, true, 1},
        {"no-flag=1", true, true, 1},   {"flag no-flag flag", false, true, 0},
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        reset(state);
        opt_flag = cases[i].start;
        assert_int_equal(cmdline_parse(cases[i].cmdline), cases[i].skipped);
        assert_int_equal(opt_flag, cases[i].want);
        assert_int_equal(shim_log_count(), cases[i].skipped);
    }
    reset(state);
    cmdline_parse("flag=maybe");
    assert_string_equal(shim_log(), "cmdline: bad value 'maybe' for option 'flag' ignored\n");
    assert_int_equal(shim_log_last_level(), 2); /* A warning. */
}

static void test_integer(void **state)
{
    reset(state);
    assert_int_equal(cmdline_parse("s8=-128 u8=255 int=-2147483648 uint=0xffffffff "
                                   "u64=18446744073709551615 long=-9223372036854775808"),
                     0);
    assert_int_equal(opt_s8, -128);
    assert_int_equal(opt_u8, 255);
    assert_int_equal(opt_int, INT32_MIN);
    assert_int_equal(opt_uint, 0xffffffffu);
    assert_true(opt_u64 == UINT64_MAX);
    assert_true(opt_long == INT64_MIN);
    assert_int_equal(cmdline_parse("s8=127 int=0x7fffffff long=0X10"), 0);
    assert_int_equal(opt_s8, 127);
    assert_int_equal(opt_int, INT32_MAX);
    assert_int_equal(opt_long, 16);

    /* Each of these is out of range or malformed and must leave its variable alone. */
    reset(state);
    assert_int_equal(cmdline_parse("s8=128 s8=-129 u8=256 u8=-1 int=2147483648 uint=-5 "
                                   "u64=18446744073709551616 int=12abc int= int int=0x "
                                   "int=--1 int=+1 uint=4294967296"),
                     14);
    assert_int_equal(opt_s8, 0);
    assert_int_equal(opt_u8, 0);
    assert_int_equal(opt_int, 0);
    assert_int_equal(opt_uint, 0);
    assert_true(opt_u64 == 0);
    assert_true(shim_log_contains("cmdline: bad value '12abc' for option 'int' ignored\n"));
    assert_true(shim_log_contains("cmdline: bad value '' for option 'int' ignored\n"));
}

static void test_size(void **state)
{
    static const struct {
        const char *value;
        uint64_t want;
    } good[] = {
        {"123", 123},
        {"4k", 4096},
        {"4K", 4096},
        {"512M", 512ULL << 20},
        {"1G", 1ULL << 30},
        {"2T", 2ULL << 40},
        {"0x10M", 16ULL << 20},
        {"16777215T", 16777215ULL << 40},
        {"18446744073709551615", UINT64_MAX},
    };
    static const char *const bad[] = {"",     "M",   "1GB", "1 G",          "16E",
                                      "1.5G", "-1G", "0xG", "17179869184G", "16777216T"};
    char line[64];
    size_t i;

    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        reset(state);
        snprintf(line, sizeof(line), "mem=%s memul=%s", good[i].value, good[i].value);
        assert_int_equal(cmdline_parse(line), 0);
        assert_true(opt_size == good[i].want);
        assert_true(opt_size_ul == good[i].want);
    }
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        reset(state);
        opt_size = 77;
        snprintf(line, sizeof(line), "\"mem=%s\"", bad[i]);
        assert_int_equal(cmdline_parse(line), 1);
        assert_true(opt_size == 77);
    }
}

static void test_string(void **state)
{
    reset(state);
    assert_int_equal(cmdline_parse("str=abc"), 0);
    assert_string_equal(opt_str, "abc");
    assert_int_equal(cmdline_parse("str=1234567"), 0); /* Exactly fills the 8 bytes. */
    assert_string_equal(opt_str, "1234567");
    assert_int_equal(cmdline_parse("str=12345678"), 1); /* One too many: rejected whole. */
    assert_string_equal(opt_str, "1234567");
    assert_true(shim_log_contains("cmdline: value of 'str' longer than 7 characters ignored\n"));
    assert_int_equal(cmdline_parse("str"), 0);
    assert_string_equal(opt_str, "");
    assert_int_equal(cmdline_parse("str=a=b"), 0); /* Only the first '=' splits. */
    assert_string_equal(opt_str, "a=b");
}

static void test_quoting(void **state)
{
    reset(state);
    assert_int_equal(cmdline_parse("str=\"a b c\" flag"), 0);
    assert_string_equal(opt_str, "a b c");
    assert_true(opt_flag);
    assert_int_equal(cmdline_parse("\"str=x  y\""), 0);
    assert_string_equal(opt_str, "x  y");
    assert_int_equal(cmdline_parse("str=\"\""), 0);
    assert_string_equal(opt_str, "");
    assert_int_equal(cmdline_parse("s\"tr\"=q\"\"r"), 0); /* Quotes may sit anywhere. */
    assert_string_equal(opt_str, "qr");
    /* An unterminated quote runs to the end of the line. */
    assert_int_equal(cmdline_parse("str=\"t end"), 0);
    assert_string_equal(opt_str, "t end");
    /* Blanks of every kind separate options; runs of them are one separator. */
    reset(state);
    assert_int_equal(cmdline_parse("  \t flag\n\r int=3   \t"), 0);
    assert_true(opt_flag);
    assert_int_equal(opt_int, 3);
}

static void test_custom(void **state)
{
    reset(state);
    assert_int_equal(cmdline_parse("custom=com1,115200"), 0);
    assert_string_equal(opt_custom_seen, "com1,115200");
    assert_int_equal(cmdline_parse("custom"), 0);
    assert_string_equal(opt_custom_seen, "");
    assert_int_equal(cmdline_parse("custom=bad"), 1);
    assert_true(shim_log_contains("cmdline: bad value 'bad' for option 'custom' ignored\n"));
    assert_int_equal(opt_custom_calls, 3);
}

static void test_unknown(void **state)
{
    reset(state);
    assert_int_equal(cmdline_parse("bogus flag no-bogus=2 fla int=5 =7"), 4);
    assert_true(opt_flag);
    assert_int_equal(opt_int, 5);
    assert_true(shim_log_contains("cmdline: unknown option 'bogus' ignored\n"));
    assert_true(shim_log_contains("cmdline: unknown option 'no-bogus' ignored\n"));
    assert_true(shim_log_contains("cmdline: unknown option 'fla' ignored\n"));
    assert_true(shim_log_contains("cmdline: unknown option '' ignored\n"));
    assert_int_equal(cmdline_parse(""), 0);
    assert_int_equal(cmdline_parse("   "), 0);
    assert_int_equal(cmdline_parse(NULL), 0);
}

static void test_hostile(void **state)
{
    size_t big = CMDLINE_MAX * 4, i;
    char *line = malloc(big + 1);

    reset(state);
    /* One option far longer than any buffer, within CMDLINE_MAX. */
    memset(line, 'a', 2000);
    memcpy(line, "str=", 4);
    strcpy(line + 2000, " flag");
    assert_int_equal(cmdline_parse(line), 1);
    assert_string_equal(opt_str, "def");
    assert_true(opt_flag);
    assert_true(shim_log_contains("cmdline: option 'str=aaaaaaaaaaaaaaaaaaaaaaaaaaaa...' longer "
                                  "than 511 characters ignored\n"));

    /* A single option longer than the whole limit is dropped, not applied cut. */
    reset(state);
    memset(line, 'a', big);
    memcpy(line, "str=", 4);
    line[big] = '\0';
    assert_int_equal(cmdline_parse(line), 1);
    assert_string_equal(opt_str, "def");
    assert_true(shim_log_contains("cmdline: command line longer than 4096 bytes"));

    /* Many short options: those past CMDLINE_MAX are never applied. */
    reset(state);
    for (i = 0; i + 6 <= big; i += 6) {
        memcpy(line + i, "int=1 ", 6);
    }
    memcpy(line + big - 6, "int=9 ", 6);
    line[big] = '\0';
    assert_int_equal(cmdline_parse(line), 1);
    assert_int_equal(opt_int, 1);

    /* No terminator within CMDLINE_MAX bytes: never read more than one byte past it. */
    free(line);
    line = malloc(CMDLINE_MAX + 1);
    memset(line, ' ', CMDLINE_MAX + 1);
    memcpy(line, "flag", 4);
    reset(state);
    assert_int_equal(cmdline_parse(line), 1);
    assert_true(opt_flag);
    assert_int_equal(cmdline_find_option(line, "flag", NULL, 0), 0);
    free(line);
}

static void test_find_option(void **state)
{
    const char *cmd = "console=com1 consoles=x quiet root=\"/dev/x y\" console=vga";
    char buf[16];

    reset(state);
    assert_int_equal(cmdline_find_option(cmd, "console", buf, sizeof(buf)), 3);
    assert_string_equal(buf, "vga"); /* The last occurrence wins. */
    assert_int_equal(cmdline_find_option(cmd, "quiet", buf, sizeof(buf)), 0);
    assert_string_equal(buf, "");
    assert_int_equal(cmdline_find_option(cmd, "root", buf, sizeof(buf)), 8);
    assert_string_equal(buf, "/dev/x y");
    assert_int_equal(cmdline_find_option(cmd, "root", buf, 4), 8); /* Truncated. */
    assert_string_equal(buf, "/de");
    assert_int_equal(cmdline_find_option(cmd, "cons", buf, sizeof(buf)), -ENOENT);
    assert_int_equal(cmdline_find_option(cmd, "quiet", NULL, 0), 0);
    assert_int_equal(cmdline_find_option(NULL, "quiet", buf, sizeof(buf)), -ENOENT);
    assert_int_equal(shim_log_count(), 0); /* Finding never warns or sets anything. */
    assert_false(opt_flag);
}

/* The value parsers other boot-text parsers share (domain-spec.c). */
static void test_value_parsers(void **state)
{
    uint64_t v = 7;
    bool b = false;

    (void)state;
    assert_int_equal(cmdline_parse_uint("0", &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(cmdline_parse_uint("0x1F", &v), 0);
    assert_int_equal(v, 31);
    assert_int_equal(cmdline_parse_uint("18446744073709551615", &v), 0);
    assert_true(v == UINT64_MAX);
    v = 7;
    assert_int_equal(cmdline_parse_uint("18446744073709551616", &v), -ERANGE);
    assert_int_equal(cmdline_parse_uint("99999999999999999999x", &v), -EINVAL);
    assert_int_equal(cmdline_parse_uint("", &v), -EINVAL);
    assert_int_equal(cmdline_parse_uint("0x", &v), -EINVAL);
    assert_int_equal(cmdline_parse_uint("-1", &v), -EINVAL);
    assert_int_equal(cmdline_parse_uint("12k", &v), -EINVAL);
    assert_int_equal(v, 7); /* Untouched on failure. */

    assert_int_equal(cmdline_parse_size("64M", &v), 0);
    assert_true(v == 64ULL << 20);
    assert_int_equal(cmdline_parse_size("2g", &v), 0);
    assert_true(v == 2ULL << 30);
    assert_int_equal(cmdline_parse_size("0x10K", &v), 0);
    assert_true(v == 16ULL << 10);
    assert_int_equal(cmdline_parse_size("16777215T", &v), 0);
    v = 7;
    assert_int_equal(cmdline_parse_size("16777216T", &v), -ERANGE);
    assert_int_equal(cmdline_parse_size("99999999999999999999G", &v), -ERANGE);
    assert_int_equal(cmdline_parse_size("99999999999999999999Q", &v), -EINVAL);
    assert_int_equal(cmdline_parse_size("12Q", &v), -EINVAL);
    assert_int_equal(cmdline_parse_size("12MB", &v), -EINVAL);
    assert_int_equal(cmdline_parse_size("M", &v), -EINVAL);
    assert_int_equal(cmdline_parse_size("", &v), -EINVAL);
    assert_int_equal(v, 7);

    assert_int_equal(cmdline_parse_bool("yes", &b), 0);
    assert_true(b);
    assert_int_equal(cmdline_parse_bool("off", &b), 0);
    assert_false(b);
    assert_int_equal(cmdline_parse_bool("YES", &b), -EINVAL);
    assert_int_equal(cmdline_parse_bool("", &b), -EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_boolean, reset),
        cmocka_unit_test_setup(test_integer, reset),
        cmocka_unit_test_setup(test_size, reset),
        cmocka_unit_test_setup(test_string, reset),
        cmocka_unit_test_setup(test_quoting, reset),
        cmocka_unit_test_setup(test_custom, reset),
        cmocka_unit_test_setup(test_unknown, reset),
        cmocka_unit_test_setup(test_hostile, reset),
        cmocka_unit_test_setup(test_find_option, reset),
        cmocka_unit_test(test_value_parsers),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
