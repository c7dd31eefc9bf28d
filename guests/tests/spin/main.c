/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * spin: a vCPU that never gives the CPU back. With interrupts off it takes no exits at all
 * unless the hypervisor forces one: no HLT, no hypercall, no I/O. The scheduler must preempt it
 * with its own timer (physical interrupts exit the guest whatever the guest's RFLAGS.IF), or
 * every other domain on that CPU starves. The system test runs it beside other test kernels
 * and checks that they still finish; this kernel never reports a result.
 */
#include <guest/test.h>

const char test_title[] = "spin: spin forever without yielding";

void test_main(void)
{
    printf("spin: spinning forever with interrupts off, never yielding\n");
    printf("Test expects: no result (spins until the domain is destroyed)\n");
    for (;;) {
        asm volatile("" ::: "memory");
    }
}
