/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv/common/domain-spec.c: every key with good, default, boundary and bad values; the token
 * rules (file name, quotes as QEMU and GRUB pass them, escapes, '=' in values); the set
 * checks; and lines built to break a parser (overlong, unterminated quotes, numbers that
 * overflow, control characters, tiny error buffers). Errors must name the problem.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/domain-spec.h>
#include <hv/errno.h>

#include "shim/shim.h"

static struct domain_spec spec;
static char err[128];

static int reset(void **state)
{
    (void)state;
    shim_reset();
    memset(err, 0, sizeof(err));
    return 0;
}

/* Parse `line`, expect `rc`, and for errors an err text containing `msg`. */
static void expect(const char *line, int rc, const char *msg)
{
    int got;

    err[0] = '\0';
    got = domain_spec_parse(line, &spec, err, sizeof(err));
    if (got != rc) {
        fail_msg("'%s': got %d (%s), want %d", line, got, err, rc);
    }
    if (rc < 0 && !strstr(err, msg)) {
        fail_msg("'%s': message '%s' lacks '%s'", line, err, msg);
    }
    assert_int_equal(spec.kind, rc == 0   ? DOMAIN_SPEC_OK
                                : rc == 1 ? DOMAIN_SPEC_NONE
                                          : DOMAIN_SPEC_BAD);
}

static void expect_defaults_except_name(void)
{
    assert_true(spec.mem == 64ULL << 20);
    assert_int_equal(spec.vcpus, 1);
    assert_int_equal(spec.ramdisk, DOMAIN_NO_RAMDISK);
    assert_string_equal(spec.cmdline, "");
    assert_int_equal(spec.weight, 256);
    assert_int_equal(spec.cap, 0);
    assert_true(spec.console);
    assert_false(spec.privileged);
    assert_int_equal(spec.nr_extras, 0);
}

static void test_not_a_domain(void **state)
{
    static const char *const lines[] = {
        "",
        "   ",
        "initrd.img",
        "initrd.img foo=bar",
        "rootfs.cpio mem=64M vcpus=2",
        "x cmdline=\"domain=a\"",
        "x \"unterminated",
        "domainx=a",
        "nodomain=a",
    };
    unsigned int i;

    reset(state);
    for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
        expect(lines[i], 1, NULL);
        assert_string_equal(spec.name, "");
        expect_defaults_except_name();
    }
    expect(NULL, 1, NULL);
}

static void test_minimal(void **state)
{
    reset(state);
    expect("domain=a", 0, NULL);
    assert_string_equal(spec.name, "a");
    expect_defaults_except_name();
    expect("/boot/vmlinuz-6.1 domain=web_1.x-Y", 0, NULL);
    assert_string_equal(spec.name, "web_1.x-Y");
    expect("\tdomain=a\r\n", 0, NULL);
    assert_int_equal(shim_log_count(), 0);
}

static void test_every_key(void **state)
{
    reset(state);
    expect("vmlinux domain=web mem=512M vcpus=4 ramdisk=1 "
           "cmdline=\"console=hvc0 root=/dev/ram0 quiet\" weight=512 cap=300 console=no "
           "privileged=yes",
           0, NULL);
    assert_true(spec.privileged);
    assert_string_equal(spec.name, "web");
    assert_true(spec.mem == 512ULL << 20);
    assert_int_equal(spec.vcpus, 4);
    assert_int_equal(spec.ramdisk, 1);
    assert_string_equal(spec.cmdline, "console=hvc0 root=/dev/ram0 quiet");
    assert_int_equal(spec.weight, 512);
    assert_int_equal(spec.cap, 300);
    assert_false(spec.console);
    assert_int_equal(spec.nr_extras, 0);

    /* Order does not matter; cap is checked against a later vcpus. */
    expect("domain=b cap=200 vcpus=2 console=yes ramdisk=0x2 mem=0x400000", 0, NULL);
    assert_int_equal(spec.cap, 200);
    assert_int_equal(spec.ramdisk, 2);
    assert_true(spec.mem == 4ULL << 20);
    assert_true(spec.console);

    /* Bounds that are still good. */
    expect("domain=c mem=2M vcpus=64 weight=65535 cap=6400", 0, NULL);
    expect("domain=c mem=64G vcpus=1 weight=1 cap=0", 0, NULL);
    assert_true(spec.mem == 64ULL << 30);
    expect("domain=c mem=2097152 ramdisk=65535", 0, NULL);
    expect("domain=c mem=1g", 0, NULL);
    assert_true(spec.mem == 1ULL << 30);
}

static void test_cmdline_quoting(void **state)
{
    reset(state);
    /* As typed for QEMU: quotes around the value, '=' and commas inside. */
    expect("k domain=a cmdline=\"root=/dev/vda ro,x=1,,y\"", 0, NULL);
    assert_string_equal(spec.cmdline, "root=/dev/vda ro,x=1,,y");
    /* As GRUB re-quotes an argument: the quote opens before the key. */
    expect("/k \"cmdline=console=hvc0 earlyprintk=xen\" domain=a", 0, NULL);
    assert_string_equal(spec.cmdline, "console=hvc0 earlyprintk=xen");
    /* GRUB escapes '"', '\' and '\'' with a backslash. */
    expect("/k domain=a \"cmdline=a \\\"b c\\\" d\\\\e \\'f\\'\"", 0, NULL);
    assert_string_equal(spec.cmdline, "a \"b c\" d\\e 'f'");
    /* Other backslashes stay; quotes in the middle of a token just group. */
    expect("domain=a cmdline=x\\y\" z\"w", 0, NULL);
    assert_string_equal(spec.cmdline, "x\\y zw");
    expect("domain=a cmdline=\"\"", 0, NULL);
    assert_string_equal(spec.cmdline, "");
    expect("domain=a cmdline=", 0, NULL);
    assert_string_equal(spec.cmdline, "");
    expect("domain=a cmdline=trailing\\", 0, NULL);
    assert_string_equal(spec.cmdline, "trailing\\");
    expect("domain=\"a\"", 0, NULL);
    assert_string_equal(spec.name, "a");
}

static void test_cmdline_length(void **state)
{
    char line[1200], *p;

    reset(state);
    p = line + sprintf(line, "domain=a cmdline=\"");
    memset(p, 'x', 1023);
    strcpy(p + 1023, "\"");
    expect(line, 0, NULL);
    assert_int_equal(strlen(spec.cmdline), 1023);
    memset(p, 'x', 1024);
    strcpy(p + 1024, "\"");
    expect(line, -E2BIG, "cmdline= value longer than 1023 characters");
}

static void test_bad_values(void **state)
{
    static const struct {
        const char *line;
        int rc;
        const char *msg;
    } cases[] = {
        {"domain=a mem=12Q", -EINVAL, "mem=12Q: not a size"},
        {"domain=a mem=12MB", -EINVAL, "mem=12MB: not a size"},
        {"domain=a mem=-1M", -EINVAL, "mem=-1M: not a size"},
        {"domain=a mem=99999999999999999999G", -ERANGE, "mem=99999999999999999999G: more than"},
        {"domain=a mem=99999999999999999999", -ERANGE, "maximum of 64G"},
        {"domain=a mem=16777216T", -ERANGE, "maximum of 64G"},
        {"domain=a mem=65G", -ERANGE, "mem=65G: more than the maximum of 64G"},
        {"domain=a mem=1M", -ERANGE, "mem=1M: less than the minimum of 2M"},
        {"domain=a mem=512", -ERANGE, "without suffix is in bytes"},
        {"domain=a mem=2097153", -EINVAL, "mem=2097153: not a multiple of 4K"},
        {"domain=a mem=", -EINVAL, "mem=: empty value"},
        {"domain=a vcpus=0", -ERANGE, "vcpus=0: must be 1..64"},
        {"domain=a vcpus=65", -ERANGE, "vcpus=65: must be 1..64"},
        {"domain=a vcpus=4294967297", -ERANGE, "must be 1..64"},
        {"domain=a vcpus=99999999999999999999999", -ERANGE, "must be 1..64"},
        {"domain=a vcpus=two", -EINVAL, "vcpus=two: not a number"},
        {"domain=a vcpus=-1", -EINVAL, "vcpus=-1: not a number"},
        {"domain=a vcpus=", -EINVAL, "vcpus=: empty value"},
        {"domain=a weight=0", -ERANGE, "weight=0: must be 1..65535"},
        {"domain=a weight=65536", -ERANGE, "weight=65536: must be 1..65535"},
        {"domain=a cap=6401", -ERANGE, "cap=6401: must be 0..100*vcpus"},
        {"domain=a vcpus=2 cap=201", -ERANGE, "cap=201: must be 0..200 with vcpus=2"},
        {"domain=a cap=101", -ERANGE, "cap=101: must be 0..100 with vcpus=1"},
        {"domain=a console=maybe", -EINVAL, "console=maybe: must be yes or no"},
        {"domain=a privileged=root", -EINVAL, "privileged=root: must be yes or no"},
        {"domain=a privileged=", -EINVAL, "privileged=: empty value"},
        {"domain=a privileged=no privileged=yes", -EEXIST, "privileged= given twice"},
        {"domain=a ramdisk=x", -EINVAL, "ramdisk=x: not a number"},
        {"domain=a ramdisk=65536", -ERANGE, "ramdisk=65536: not a module index"},
        {"domain=", -EINVAL, "domain=: empty value"},
        {"domain=\"a b\"", -EINVAL, "domain name 'a b' has invalid characters"},
        {"domain=a/b", -EINVAL, "domain name 'a/b' has invalid characters"},
        {"domain=a b", -EINVAL, "'b': not a key=value option"},
        {"vmlinux domain=a stray", -EINVAL, "'stray': not a key=value option"},
        {"domain=a cmdline=\"abc", -EINVAL, "unterminated quote in cmdline"},
        {"k cmdline=\"abc domain=x", -EINVAL, "unterminated quote in cmdline"},
        {"domain=a \"unterminated", -EINVAL, "unterminated quote in 'unterminated'"},
        {"domain=a domain=b", -EEXIST, "domain= given twice"},
        {"domain=a mem=1G mem=2G", -EEXIST, "mem= given twice"},
        {"domain=a cmdline= cmdline=x", -EEXIST, "cmdline= given twice"},
        {"domain=a =x", -EINVAL, "bad option name ''"},
        {"domain=a fo%o=1", -EINVAL, "bad option name 'fo%o'"},
        {"domain=a foo=1 foo=2", -EEXIST, "foo= given twice"},
        {"domain=a foo=", -EINVAL, "foo=: empty value"},
    };
    unsigned int i;

    reset(state);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        expect(cases[i].line, cases[i].rc, cases[i].msg);
    }
}

static void test_name_length(void **state)
{
    char line[64];

    reset(state);
    snprintf(line, sizeof(line), "domain=%s", "abcdefghijklmnopqrstuvwxyz01234");
    expect(line, 0, NULL);
    assert_int_equal(strlen(spec.name), 31);
    snprintf(line, sizeof(line), "domain=%s", "abcdefghijklmnopqrstuvwxyz012345");
    expect(line, -E2BIG, "longer than 31 characters");
}

static void test_extras(void **state)
{
    char line[2048], *p;
    unsigned int i;

    reset(state);
    expect("domain=a foo=1 bar.baz-q_x=\"two words\"", 0, NULL);
    assert_int_equal(spec.nr_extras, 2);
    assert_string_equal(spec.extras[0].key, "foo");
    assert_string_equal(spec.extras[0].value, "1");
    assert_string_equal(spec.extras[1].key, "bar.baz-q_x");
    assert_string_equal(spec.extras[1].value, "two words");

    /* The seventeenth extra is dropped with a warning, not an error. */
    p = line + sprintf(line, "domain=a");
    for (i = 0; i < 17; i++) {
        p += sprintf(p, " k%u=v%u", i, i);
    }
    expect(line, 0, NULL);
    assert_int_equal(spec.nr_extras, 16);
    assert_string_equal(spec.extras[15].key, "k15");
    assert_true(shim_log_contains("more than 16 extra options, k16= ignored"));

    /* Value and key bounds. */
    p = line + sprintf(line, "domain=a long=");
    memset(p, 'v', 127);
    p[127] = '\0';
    expect(line, 0, NULL);
    assert_int_equal(strlen(spec.extras[0].value), 127);
    strcpy(p + 127, "v");
    expect(line, -E2BIG, "long= value longer than 127 characters");
    p = line + sprintf(line, "domain=a ");
    memset(p, 'k', 32);
    strcpy(p + 32, "=1");
    expect(line, -EINVAL, "option name 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...' longer than 31");
    memset(p, 'k', 100);
    strcpy(p + 100, "=1");
    expect(line, -EINVAL, "option name 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...' longer than 31");
    p[31] = '\0';
    strcat(line, "=1");
    expect(line, 0, NULL);
    assert_int_equal(strlen(spec.extras[0].key), 31);
    memset(p, 'v', 1500);
    memcpy(p, "x=", 2);
    p[1500] = '\0';
    expect(line, -E2BIG, "x= value longer than 1023 characters");
}

static void test_hostile(void **state)
{
    char *line = malloc(DOMAIN_SPEC_LINE_MAX + 100);
    char small[8];

    reset(state);
    assert_non_null(line);
    /* Overlong lines: an error when they mention domain=, otherwise no domain. */
    memset(line, 'x', DOMAIN_SPEC_LINE_MAX + 50);
    line[DOMAIN_SPEC_LINE_MAX + 50] = '\0';
    expect(line, 1, NULL);
    memcpy(line + 100, " domain=a ", 10);
    expect(line, -E2BIG, "module command line longer than 4096 characters");
    /* Exactly at the limit is fine. */
    memset(line, ' ', DOMAIN_SPEC_LINE_MAX);
    memcpy(line, "domain=a", 8);
    line[DOMAIN_SPEC_LINE_MAX] = '\0';
    expect(line, 0, NULL);
    /* A huge token inside the limit: counted, not copied past the buffers. */
    memset(line, 'q', DOMAIN_SPEC_LINE_MAX);
    memcpy(line, "domain=a cmdline=", 17);
    line[DOMAIN_SPEC_LINE_MAX] = '\0';
    expect(line, -E2BIG, "cmdline= value longer than 1023 characters");
    free(line);

    /* Control characters and long values are shortened and made printable in messages. */
    expect("domain=a\001b", -EINVAL, "domain name 'a?b' has invalid characters");
    expect("domain=a mem=123456789012345678901234567890123456789012345678901234567890", -ERANGE,
           "mem=1234567890123456789012345678901234567890...: more than");

    /* Error buffers: none at all, or too small for the message. */
    assert_int_equal(domain_spec_parse("domain=a vcpus=0", &spec, NULL, 0), -ERANGE);
    memset(small, 'z', sizeof(small));
    assert_int_equal(domain_spec_parse("domain=a vcpus=0", &spec, small, sizeof(small)), -ERANGE);
    assert_string_equal(small, "vcpus=0");
    assert_int_equal(spec.kind, DOMAIN_SPEC_BAD);
}

static void test_check_name(void **state)
{
    struct domain_spec *s = calloc(5, sizeof(*s));

    reset(state);
    assert_non_null(s);
    assert_int_equal(domain_spec_parse("k domain=a", &s[0], err, sizeof(err)), 0);
    assert_int_equal(domain_spec_parse("initrd", &s[1], err, sizeof(err)), 1);
    assert_int_equal(domain_spec_parse("domain=b", &s[2], err, sizeof(err)), 0);
    assert_int_equal(domain_spec_parse("domain=a", &s[3], err, sizeof(err)), 0);
    assert_int_equal(domain_spec_parse("domain=b vcpus=0", &s[4], err, sizeof(err)), -ERANGE);
    assert_int_equal(domain_spec_check_name(s, 5, 0, err, sizeof(err)), 0);
    assert_int_equal(domain_spec_check_name(s, 5, 1, err, sizeof(err)), 0);
    assert_int_equal(domain_spec_check_name(s, 5, 2, err, sizeof(err)), 0);
    assert_int_equal(domain_spec_check_name(s, 5, 3, err, sizeof(err)), -EEXIST);
    assert_string_equal(err, "domain name 'a' already used by module 0");
    assert_int_equal(domain_spec_check_name(s, 5, 4, err, sizeof(err)), 0); /* Bad: skipped. */
    assert_int_equal(domain_spec_check_name(s, 5, 7, err, sizeof(err)), 0);
    free(s);
}

static void test_check_ramdisk(void **state)
{
    struct domain_spec *s = calloc(6, sizeof(*s));

    reset(state);
    assert_non_null(s);
    assert_int_equal(domain_spec_parse("domain=a ramdisk=1", &s[0], err, sizeof(err)), 0);
    assert_int_equal(domain_spec_parse("initrd.img", &s[1], err, sizeof(err)), 1);
    assert_int_equal(domain_spec_parse("domain=b ramdisk=0", &s[2], err, sizeof(err)), 0);
    assert_int_equal(domain_spec_parse("domain=c ramdisk=9", &s[3], err, sizeof(err)), 0);
    assert_int_equal(domain_spec_parse("domain=d vcpus=x", &s[4], err, sizeof(err)), -EINVAL);
    assert_int_equal(domain_spec_parse("domain=e ramdisk=4", &s[5], err, sizeof(err)), 0);
    assert_int_equal(domain_spec_check_ramdisk(s, 6, 0, err, sizeof(err)), 0);
    assert_int_equal(domain_spec_check_ramdisk(s, 6, 1, err, sizeof(err)), 0);
    assert_int_equal(domain_spec_check_ramdisk(s, 6, 2, err, sizeof(err)), -EINVAL);
    assert_string_equal(err, "ramdisk=0: module 0 is a domain kernel");
    assert_int_equal(domain_spec_check_ramdisk(s, 6, 3, err, sizeof(err)), -ENOENT);
    assert_string_equal(err, "ramdisk=9: there is no module 9 (6 modules)");
    /* A module with a bad spec is still a kernel, never a ramdisk. */
    assert_int_equal(domain_spec_check_ramdisk(s, 6, 5, err, sizeof(err)), -EINVAL);
    /* Self-reference. */
    assert_int_equal(domain_spec_parse("domain=f ramdisk=0", &s[0], err, sizeof(err)), 0);
    assert_int_equal(domain_spec_check_ramdisk(s, 6, 0, err, sizeof(err)), -EINVAL);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_not_a_domain),   cmocka_unit_test(test_minimal),
        cmocka_unit_test(test_every_key),      cmocka_unit_test(test_cmdline_quoting),
        cmocka_unit_test(test_cmdline_length), cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_name_length),    cmocka_unit_test(test_extras),
        cmocka_unit_test(test_hostile),        cmocka_unit_test(test_check_name),
        cmocka_unit_test(test_check_ramdisk),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
