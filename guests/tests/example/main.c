/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * example: the smallest complete test kernel. It shows the shape every test has (a title, a
 * test_main that reports its outcome) and, when it passes, that the whole path works: PVH
 * entry, long mode, hypercall page, console_io, the report and SCHEDOP_shutdown.
 */
#include <guest/test.h>

const char test_title[] = "example: print a line and succeed";

void test_main(void)
{
    printf("Hello from the example test kernel\n");
    test_success();
}
