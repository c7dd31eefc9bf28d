/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * crashtest=: deliberate faults at the end of boot. The crashing functions are noinline so
 * their names appear in the backtrace the system tests look for.
 */
#include <hv/bug.h>
#include <hv/cmdline.h>
#include <hv/crashtest.h>
#include <hv/printk.h>
#include <hv/string.h>

static char crashtest_kind[16];
string_param("crashtest", crashtest_kind);

static void __noinline crashtest_pagefault(void)
{
    /* Canonical, in the low half that is unmapped after boot: a not-present #PF, CR2 = it. */
    volatile unsigned long *p = (volatile unsigned long *)0x0000000dead00000UL;

    (void)*p;
}

static void __noinline crashtest_bug(void)
{
    volatile int fatal = 1;

    BUG_ON(fatal);
}

static void __noinline crashtest_assert(void)
{
    volatile int value = 0;

    ASSERT(value == 1);
}

void crashtest_run(void)
{
    if (!crashtest_kind[0]) {
        return;
    }
    printk("crashtest: crashing deliberately (%s)\n", crashtest_kind);
    if (!strcmp(crashtest_kind, "pagefault")) {
        crashtest_pagefault();
    } else if (!strcmp(crashtest_kind, "bug")) {
        crashtest_bug();
    } else if (!strcmp(crashtest_kind, "assert")) {
        crashtest_assert();
    } else {
        pr_warn("crashtest: unknown kind '%s' (pagefault, bug, assert)\n", crashtest_kind);
    }
}
