/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * shutdown: SCHEDOP_shutdown with each reason (guest-abi.md 2.8, 3.11). The reason is how a
 * guest tells the toolstack what to do next: destroy the domain (poweroff), start it again
 * (reboot), save it (suspend), keep it for inspection (crash), and so on; the system test
 * boots this kernel once per reason and checks the hypervisor's report of it. Before that the
 * kernel checks that the shutdown path rejects a bad argument without ending the domain, and
 * that sched_op's harmless commands work.
 *
 * Command line: `reason=poweroff|reboot|suspend|crash|watchdog|soft_reset` (required).
 */
#include <public/sched.h>

#include <guest/test.h>

const char test_title[] = "shutdown: SCHEDOP_shutdown with the reason on the command line";

static const char *const reasons[] = {
    [SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
    [SHUTDOWN_suspend] = "suspend",   [SHUTDOWN_crash] = "crash",
    [SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
};

void test_main(void)
{
    char name[16];
    unsigned int reason;
    long rc;

    if (!cmdline_get_str("reason", name, sizeof(name))) {
        test_error("No reason= option (poweroff|reboot|suspend|crash|watchdog|soft_reset)");
        return;
    }
    for (reason = 0; reason < ARRAY_SIZE(reasons) && strcmp(name, reasons[reason]); reason++) {
    }
    if (reason == ARRAY_SIZE(reasons)) {
        test_error("Unknown shutdown reason \"%s\"", name);
        return;
    }

    /* These must return, and the domain must live on. */
    rc = hypercall_sched_op(SCHEDOP_yield, NULL);
    if (rc != 0) {
        test_failure("SCHEDOP_yield returned %ld, expected 0", rc);
    }
    rc = hypercall_sched_op(SCHEDOP_shutdown, (void *)0x8000000000000000ULL);
    if (rc != -XEN_EFAULT) {
        test_failure("SCHEDOP_shutdown with a non-canonical argument returned %ld, expected %d", rc,
                     -XEN_EFAULT);
    }
    rc = hypercall_sched_op(0x7fff, NULL);
    if (rc != -XEN_ENOSYS) {
        test_failure("sched_op(0x7fff) returned %ld, expected %d", rc, -XEN_ENOSYS);
    }

    printf("shutdown: shutting down with reason %s (%u)\n", reasons[reason], reason);
    if (!test_failed()) {
        test_success();
    }
    test_exit_reason(reason);
}
