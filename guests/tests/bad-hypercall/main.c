/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bad-hypercall: hypercall numbers and sub-commands that do not exist (guest-abi.md 0, 2.6).
 * The number is the first thing a hypervisor reads from untrusted guest state: it must be
 * range-checked as the full 64-bit RAX (a hypervisor that looks only at EAX would run
 * xen_version for 0x100000011), and anything unknown must fail with -ENOSYS, not crash, hang
 * or index past a table. Numbers 64-127 have stubs in the hypercall page and are tried both
 * through it and directly; numbers from 128 on have no stub and are issued with the raw
 * instruction. Unknown sub-commands of real hypercalls must be -ENOSYS as well.
 */
#include <public/event_channel.h>
#include <public/hvm/hvm_op.h>
#include <public/memory.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/version.h>

#include <guest/test.h>

const char test_title[] = "bad-hypercall: unknown hypercall numbers and sub-commands";

#define FIRST_UNUSED 64
#define LAST_TRIED   1000

static unsigned int wrong;

static void expect_enosys(const char *path, uint64_t nr, long rc)
{
    if (rc != -XEN_ENOSYS && wrong++ < 8) {
        test_failure("Hypercall %#lx (%s) returned %ld, expected %d", nr, path, rc, -XEN_ENOSYS);
    }
}

static void check_numbers(void)
{
    static const uint64_t huge[] = {
        0x7fffffff,
        0x80000000,
        0xffffffff,
        (1ULL << 32) | __HYPERVISOR_xen_version,
        (1ULL << 32) | __HYPERVISOR_sched_op,
        1ULL << 63,
        ~0ULL,
    };
    uint64_t nr;
    unsigned int i;

    for (nr = FIRST_UNUSED; nr < PAGE_SIZE / 32; nr++) {
        expect_enosys("through the page", nr,
                      hypercall_via_page(hypercall_page, (unsigned int)nr, 0, 0, 0, 0, 0));
    }
    for (nr = FIRST_UNUSED; nr <= LAST_TRIED; nr++) {
        expect_enosys("direct", nr, hypercall_insn(nr, 0, 0, 0, 0, 0));
    }
    /* Real sub-command values in the argument registers change nothing. */
    for (i = 0; i < ARRAY_SIZE(huge); i++) {
        expect_enosys("direct", huge[i], hypercall_insn(huge[i], XENVER_version, 0, 0, 0, 0));
    }
    if (wrong > 8) {
        test_failure("%u hypercall numbers in all did not return %d", wrong, -XEN_ENOSYS);
    }
    printf("bad-hypercall: numbers %d-%d and %zu huge ones tried\n", FIRST_UNUSED, LAST_TRIED,
           ARRAY_SIZE(huge));
}

static void check_subcommand(const char *name, long rc)
{
    if (rc != -XEN_ENOSYS) {
        test_failure("%s returned %ld, expected %d", name, rc, -XEN_ENOSYS);
    }
}

static void check_subcommands(void)
{
    check_subcommand("xen_version(0x7fff)", hypercall_xen_version(0x7fff, NULL));
    check_subcommand("console_io(2)", hypercall_console_io(2, 0, NULL));
    check_subcommand("sched_op(0x7fff)", hypercall_sched_op(0x7fff, NULL));
    /* memory_op keeps continuation state in cmd bits 6 and up; 50 is an unused command. */
    check_subcommand("memory_op(50)", hypercall_memory_op(50, NULL));
    check_subcommand("vcpu_op(0x7fff, vcpu 0)", hypercall_vcpu_op(0x7fff, 0, NULL));
    check_subcommand("event_channel_op(0x7fff)", hypercall_event_channel_op(0x7fff, NULL));
    check_subcommand("hvm_op(0x7fff)", hypercall_hvm_op(0x7fff, NULL));
    printf("bad-hypercall: unknown sub-commands tried\n");
}

void test_main(void)
{
    long version = hypercall_xen_version(XENVER_version, NULL);

    check_numbers();
    check_subcommands();
    /* The hypervisor is still there and still answers. */
    if (hypercall_xen_version(XENVER_version, NULL) != version || version < 0) {
        test_failure("XENVER_version before %ld, after %ld", version,
                     hypercall_xen_version(XENVER_version, NULL));
    }
    if (!test_failed()) {
        test_success();
    }
}
