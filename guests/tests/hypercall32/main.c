/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hypercall32: hypercalls from 32-bit code (guest-abi.md 2.6). A vCPU in compatibility mode
 * (a 64-bit guest running 32-bit code, as a 32-bit kernel would all the time) passes the
 * number in EAX and the arguments in EBX, ECX, EDX, ESI, EDI, and gets a 32-bit result in EAX.
 * The hypervisor must decide the convention from the vCPU's mode, not assume 64-bit: reading
 * RDI/RSI there would take arguments from registers the guest never set.
 *
 * Checked with xen_version, whose arguments have the same layout in both modes: the version
 * number (no argument), the extraversion string (a 32-bit buffer pointer in ECX), and unknown
 * numbers, through both the hypercall page and the raw instruction.
 */
#include <public/version.h>

#include <guest/test.h>

const char test_title[] = "hypercall32: xen_version from compatibility mode";

static xen_extraversion_t extra64, extra32;

static void check(const char *path, long rc, long want)
{
    if (rc != want) {
        test_failure("%s returned %ld, expected %ld", path, rc, want);
    }
}

void test_main(void)
{
    long version = hypercall_xen_version(XENVER_version, NULL);
    long rc;

    if (version < 0) {
        test_failure("XENVER_version (64-bit) returned %ld", version);
        return;
    }
    check("XENVER_version through the page, 32-bit",
          hypercall32(__HYPERVISOR_xen_version, XENVER_version, 0, 0, 0, 0), version);
    check("XENVER_version through the instruction, 32-bit",
          hypercall32_insn(__HYPERVISOR_xen_version, XENVER_version, 0, 0, 0, 0), version);
    printf("hypercall32: XENVER_version from compatibility mode: %#lx\n", version);

    rc = hypercall_xen_version(XENVER_extraversion, extra64);
    check("XENVER_extraversion (64-bit)", rc, 0);
    memset(extra32, 0xa5, sizeof(extra32));
    rc = hypercall32(__HYPERVISOR_xen_version, XENVER_extraversion, (uint32_t)(uintptr_t)extra32, 0,
                     0, 0);
    check("XENVER_extraversion, 32-bit", rc, 0);
    if (rc == 0 && memcmp(extra32, extra64, sizeof(extra32))) {
        test_failure("XENVER_extraversion, 32-bit: \"%.16s\", 64-bit: \"%.16s\"", extra32, extra64);
    } else if (rc == 0) {
        printf("hypercall32: XENVER_extraversion from compatibility mode: \"%.16s\"\n", extra32);
    }

    /* Unknown numbers are -ENOSYS in 32-bit mode too (0xffffffda in EAX). */
    check("hypercall 100 through the page, 32-bit", hypercall32(100, 0, 0, 0, 0, 0), -XEN_ENOSYS);
    check("hypercall 1000 through the instruction, 32-bit", hypercall32_insn(1000, 0, 0, 0, 0, 0),
          -XEN_ENOSYS);
    check("hypercall 0xffffffff through the instruction, 32-bit",
          hypercall32_insn(0xffffffff, 0, 0, 0, 0, 0), -XEN_ENOSYS);

    /* And 64-bit hypercalls still work afterwards. */
    check("XENVER_version (64-bit) afterwards", hypercall_xen_version(XENVER_version, NULL),
          version);
    if (!test_failed()) {
        test_success();
    }
}
