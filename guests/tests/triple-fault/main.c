/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * triple-fault: a guest that triple-faults (guest-abi.md 1.6). With an empty IDT, UD2 cannot
 * be delivered (#GP), nor can the #GP, nor the resulting #DF: the CPU shuts down. On bare
 * metal that resets the machine; under a hypervisor it is a VM exit (SVM's shutdown
 * intercept) that must end this domain only, and be reported, while the hypervisor and every
 * other domain carry on.
 *
 * The kernel cannot report after the event: it prints "Test expects: domain crash" first, and
 * the system test checks the hypervisor's report of the crash.
 */
#include <guest/test.h>

const char test_title[] = "triple-fault: the domain triple-faults and must be crashed";

void test_main(void)
{
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) empty_idt = {0, 0};

    printf("triple-fault: loading an empty IDT, then executing UD2\n");
    printf("Test expects: domain crash\n");
    asm volatile("lidt %0; ud2" ::"m"(empty_idt) : "memory");

    /* Not reached: the CPU cannot continue after UD2 without an IDT. */
    test_failure("Still running after a triple fault");
}
