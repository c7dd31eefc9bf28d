/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control interface's argument checks (hv/common/domctl-check.c): who may call, which
 * versions and commands are accepted, how cpumaps of any size are read and written, which
 * affinities and scheduler parameters are refused. Every hostile value a control domain can
 * pass reaches these functions before anything changes, so each refusal is tested here and
 * again, end to end, by the sched-ctl test kernel.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hv/domctl.h>
#include <hv/errno.h>
#include "shim/shim.h"

static struct xen_domctl header(uint32_t cmd)
{
    struct xen_domctl op;

    memset(&op, 0, sizeof(op));
    op.cmd = cmd;
    op.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    return op;
}

static void test_header(void **state)
{
    static const uint32_t implemented[] = {
        XEN_DOMCTL_getdomaininfo, XEN_DOMCTL_setvcpuaffinity, XEN_DOMCTL_getvcpuinfo,
        XEN_DOMCTL_scheduler_op,  XEN_DOMCTL_getvcpuaffinity,
    };
    static const uint32_t others[] = {0, 1, 2, 3, 4, 6, 15, 17, 24, 26, 81, 1000, 0xffffffff};
    struct xen_domctl op;

    (void)state;
    for (size_t i = 0; i < sizeof(implemented) / sizeof(implemented[0]); i++) {
        op = header(implemented[i]);
        assert_int_equal(domctl_check_header(&op, true), 0);
        /* Privilege comes first: an unprivileged caller learns nothing else. */
        assert_int_equal(domctl_check_header(&op, false), -EPERM);
        op.interface_version = XEN_DOMCTL_INTERFACE_VERSION - 1;
        assert_int_equal(domctl_check_header(&op, true), -EACCES);
        assert_int_equal(domctl_check_header(&op, false), -EPERM);
        op.interface_version = ~0U;
        assert_int_equal(domctl_check_header(&op, true), -EACCES);
    }
    for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
        op = header(others[i]);
        assert_int_equal(domctl_check_header(&op, true), -ENOSYS);
        assert_int_equal(domctl_check_header(&op, false), -EPERM);
        op.interface_version = 0;
        assert_int_equal(domctl_check_header(&op, true), -EACCES); /* Version before command. */
    }
}

static void test_cpumap_size(void **state)
{
    (void)state;
    assert_int_equal(domctl_check_cpumap_size(0), 0);
    assert_int_equal(domctl_check_cpumap_size(1), 0);
    assert_int_equal(domctl_check_cpumap_size(XEN_DOMCTL_CPUMAP_MAX_BITS), 0);
    assert_int_equal(domctl_check_cpumap_size(XEN_DOMCTL_CPUMAP_MAX_BITS + 1), -EINVAL);
    assert_int_equal(domctl_check_cpumap_size(0xffffffff), -EINVAL);

    /* Only bytes that can name an existing CPU are read, never more than 8. */
    assert_int_equal(domctl_cpumap_read_len(0, 2), 0);
    assert_int_equal(domctl_cpumap_read_len(1, 2), 1);
    assert_int_equal(domctl_cpumap_read_len(4096, 2), 1);
    assert_int_equal(domctl_cpumap_read_len(4096, 9), 2);
    assert_int_equal(domctl_cpumap_read_len(12, 64), 2);
    assert_int_equal(domctl_cpumap_read_len(0xffffffff, 64), 8);
}

static void test_cpumap_to_mask(void **state)
{
    uint8_t b[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

    (void)state;
    /* Bits at or past nr_bits, and CPUs that do not exist, are ignored. */
    assert_int_equal(domctl_cpumap_to_mask(b, 1, 8, 2), 0x3);
    assert_int_equal(domctl_cpumap_to_mask(b, 1, 1, 2), 0x1);
    assert_int_equal(domctl_cpumap_to_mask(b, 1, 0, 2), 0);
    assert_int_equal(domctl_cpumap_to_mask(b, 0, 8, 2), 0);
    assert_int_equal(domctl_cpumap_to_mask(b, 2, 12, 16), 0xfff);
    assert_true(domctl_cpumap_to_mask(b, 8, 4096, 64) == ~0UL);
    b[0] = 0x20; /* CPU 5 only. */
    assert_int_equal(domctl_cpumap_to_mask(b, 1, 8, 2), 0);
    assert_int_equal(domctl_cpumap_to_mask(b, 1, 8, 6), 0x20);
    b[0] = 0x02;
    b[1] = 0x01;
    assert_int_equal(domctl_cpumap_to_mask(b, 2, 9, 16), 0x102);
}

static void test_mask_to_cpumap(void **state)
{
    uint8_t b[16];

    (void)state;
    memset(b, 0xaa, sizeof(b));
    domctl_mask_to_cpumap(0x3, 8, 0, b, 1);
    assert_int_equal(b[0], 0x3);
    assert_int_equal(b[1], 0xaa); /* Past the length: untouched. */
    /* A map shorter than the mask: bits past nr_bits read as 0. */
    domctl_mask_to_cpumap(0xff, 3, 0, b, 1);
    assert_int_equal(b[0], 0x7);
    /* A large map in chunks: zeros past the CPUs, the mask where it belongs. */
    domctl_mask_to_cpumap(0x1ff, 4096, 0, b, 16);
    assert_int_equal(b[0], 0xff);
    assert_int_equal(b[1], 0x01);
    for (size_t i = 2; i < sizeof(b); i++) {
        assert_int_equal(b[i], 0);
    }
    domctl_mask_to_cpumap(0x1ff, 4096, 1, b, 2);
    assert_int_equal(b[0], 0x01);
    assert_int_equal(b[1], 0);
    memset(b, 0xaa, sizeof(b));
    domctl_mask_to_cpumap(~0UL, 4096, 64, b, 16); /* Bytes beyond an unsigned long. */
    for (size_t i = 0; i < sizeof(b); i++) {
        assert_int_equal(b[i], 0);
    }
}

static void test_affinity(void **state)
{
    const uint32_t hard = XEN_VCPUAFFINITY_HARD, soft = XEN_VCPUAFFINITY_SOFT;
    unsigned long h = 0xdead, s = 0xbeef;

    (void)state;
    assert_int_equal(domctl_check_affinity_flags(hard), 0);
    assert_int_equal(domctl_check_affinity_flags(soft), 0);
    assert_int_equal(domctl_check_affinity_flags(hard | soft | XEN_VCPUAFFINITY_FORCE), 0);
    assert_int_equal(domctl_check_affinity_flags(0), -EINVAL);
    assert_int_equal(domctl_check_affinity_flags(XEN_VCPUAFFINITY_FORCE), -EINVAL);
    assert_int_equal(domctl_check_affinity_flags(hard | 8), -EINVAL);
    assert_int_equal(domctl_check_affinity_flags(0x80000000 | soft), -EINVAL);

    /* An empty effective hard affinity is refused and changes nothing. */
    assert_int_equal(domctl_new_affinity(hard, 0, 0, 0x3, 0x3, 0x3, &h, &s), -EINVAL);
    assert_int_equal(domctl_new_affinity(hard, 0x20, 0, 0x3, 0x3, 0x3, &h, &s), -EINVAL);
    assert_true(h == 0xdead && s == 0xbeef);
    /* Hard only: soft stays; hard is limited to online CPUs. */
    assert_int_equal(domctl_new_affinity(hard, 0x22, 0, 0x3, 0x1, 0x3, &h, &s), 0);
    assert_true(h == 0x2 && s == 0x1);
    /* Soft only: hard stays, whatever the hard map said. */
    assert_int_equal(domctl_new_affinity(soft, 0, 0x2, 0x3, 0x3, 0x3, &h, &s), 0);
    assert_true(h == 0x3 && s == 0x2);
    /* Soft only while the current hard affinity is all offline CPUs (cannot happen, but safe). */
    assert_int_equal(domctl_new_affinity(soft, 0, 0x2, 0x4, 0x4, 0x3, &h, &s), -EINVAL);
    assert_int_equal(domctl_new_affinity(hard | soft, 0x1, 0x2, 0x3, 0x3, 0x3, &h, &s), 0);
    assert_true(h == 0x1 && s == 0x2);
}

static struct xen_domctl_scheduler_op sched_op(uint32_t id, uint32_t cmd, uint16_t w, uint16_t cap)
{
    struct xen_domctl_scheduler_op op;

    memset(&op, 0, sizeof(op));
    op.sched_id = id;
    op.cmd = cmd;
    op.u.credit2.weight = w;
    op.u.credit2.cap = cap;
    return op;
}

static void test_sched_op(void **state)
{
    const uint32_t c2 = XEN_SCHEDULER_CREDIT2, put = XEN_DOMCTL_SCHEDOP_putinfo;
    struct xen_domctl_scheduler_op op;

    (void)state;
    op = sched_op(c2, put, 256, 0);
    assert_int_equal(domctl_check_sched_op(&op, 1), 0);
    op = sched_op(c2, put, 1, 100);
    assert_int_equal(domctl_check_sched_op(&op, 1), 0);
    op = sched_op(c2, put, 65535, 6400);
    assert_int_equal(domctl_check_sched_op(&op, 64), 0);
    op = sched_op(c2, put, 0, 0);
    assert_int_equal(domctl_check_sched_op(&op, 1), -EINVAL);
    op = sched_op(c2, put, 256, 101);
    assert_int_equal(domctl_check_sched_op(&op, 1), -EINVAL);
    op = sched_op(c2, put, 256, 201);
    assert_int_equal(domctl_check_sched_op(&op, 2), -EINVAL);
    op = sched_op(c2, put, 256, 65535);
    assert_int_equal(domctl_check_sched_op(&op, 64), -EINVAL);
    /* getinfo ignores the IN values. */
    op = sched_op(c2, XEN_DOMCTL_SCHEDOP_getinfo, 0, 65535);
    assert_int_equal(domctl_check_sched_op(&op, 1), 0);
    /* Other schedulers and per-vCPU or unknown commands. */
    op = sched_op(XEN_SCHEDULER_CREDIT, put, 256, 0);
    assert_int_equal(domctl_check_sched_op(&op, 1), -EINVAL);
    op = sched_op(0, XEN_DOMCTL_SCHEDOP_getinfo, 0, 0);
    assert_int_equal(domctl_check_sched_op(&op, 1), -EINVAL);
    op = sched_op(c2, XEN_DOMCTL_SCHEDOP_putvcpuinfo, 256, 0);
    assert_int_equal(domctl_check_sched_op(&op, 1), -EINVAL);
    op = sched_op(c2, XEN_DOMCTL_SCHEDOP_getvcpuinfo, 256, 0);
    assert_int_equal(domctl_check_sched_op(&op, 1), -EINVAL);
    op = sched_op(c2, 0xffffffff, 256, 0);
    assert_int_equal(domctl_check_sched_op(&op, 1), -EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header),         cmocka_unit_test(test_cpumap_size),
        cmocka_unit_test(test_cpumap_to_mask), cmocka_unit_test(test_mask_to_cpumap),
        cmocka_unit_test(test_affinity),       cmocka_unit_test(test_sched_op),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
