/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The report protocol of test kernels (docs/guest-tests.md). A test reports any number of
 * outcomes; the most severe one wins, in the order
 *
 *     SUCCESS < SKIP < ERROR < FAILURE
 *
 * SKIP: the test cannot run here (a prerequisite is missing). ERROR: the test itself or its
 * environment is broken (bad command line, framework bug, unexpected exception). FAILURE:
 * Xenolith does not behave as the ABI requires. Every reason is printed on its own line when
 * it is reported; the final line of the kernel's output is exactly one of
 *
 *     Test result: SUCCESS
 *     Test result: SKIP
 *     Test result: ERROR
 *     Test result: FAILURE
 *
 * after which the kernel shuts its domain down with SCHEDOP_shutdown. A test that reported
 * nothing at all ends with ERROR.
 */
#ifndef GUEST_REPORT_H
#define GUEST_REPORT_H

#include <stdbool.h>

#include <guest/lib.h>

/* Reports success (the least severe outcome). */
void test_success(void);

/*
 * Report a skip, an error or a failure; the reason, formatted like printf, is printed at once
 * as one line (a newline is added if the format lacks one).
 */
void test_skip(const char *fmt, ...) __printf(1, 2);
void test_error(const char *fmt, ...) __printf(1, 2);
void test_failure(const char *fmt, ...) __printf(1, 2);

/* Returns true once any outcome has been reported. */
bool test_reported(void);

/* Returns true if a failure or an error has been reported. */
bool test_failed(void);

/*
 * Prints the final "Test result: ..." line and shuts the domain down with SHUTDOWN_poweroff
 * (test_exit) or with `reason`, a SHUTDOWN_* value (test_exit_reason). Never returns: if the
 * shutdown hypercall returns, the vCPU halts. Without Xen it powers QEMU's PC machine off
 * through the ACPI PM1a control port instead.
 */
void test_exit(void) __noreturn;
void test_exit_reason(unsigned int reason) __noreturn;

/*
 * Issues SCHEDOP_shutdown(reason) without printing a result line first (for tests whose
 * subject is the shutdown itself). Returns the hypercall's result if it returns at all.
 */
long test_shutdown(unsigned int reason);

#endif /* GUEST_REPORT_H */
