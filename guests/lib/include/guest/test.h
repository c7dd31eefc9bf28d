/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Everything a test kernel's main.c needs (docs/guest-tests.md). A test defines:
 *
 *     const char test_title[] = "One line saying what is tested";
 *     void test_main(void) { ... report with test_success(), test_failure(...) ... }
 *
 * The framework enters long mode, sets up the IDT, the console and the hypercall page, prints
 * a banner and calls test_main(). When test_main returns, the framework prints the final
 * "Test result: ..." line and powers the domain off (test_exit).
 *
 * Without Xen (a kernel booted directly by QEMU) the framework reports SKIP and never calls
 * test_main, unless the test also defines `const bool test_runs_without_xen = true;` (tests of
 * the framework itself).
 */
#ifndef GUEST_TEST_H
#define GUEST_TEST_H

#include <stdbool.h>

#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/lib.h>
#include <guest/report.h>
#include <guest/start-info.h>
#include <guest/traps.h>
#include <guest/x86.h>

/* Defined by the test: its one-line title, printed in the banner. */
extern const char test_title[];

/* Defined by the test: the test itself. */
void test_main(void);

/* Optionally defined by the test (absent means false): run even without Xen. */
extern const bool test_runs_without_xen;

#endif /* GUEST_TEST_H */
