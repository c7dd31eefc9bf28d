/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The C start of a test kernel: from head.S's long-mode entry to test_main() and the final
 * report. The order matters: the IDT first (so every later fault is reported, not a triple
 * fault), then Xen detection and the hypercall page (the console needs them), then the
 * console, and only then anything that prints.
 */
#include <stdbool.h>
#include <stdint.h>

#include <public/arch-x86/cpuid.h>

#include <guest/test.h>

#include "internal.h"

/*
 * A weak reference: tests that do not define the flag leave its address 0, which reads as
 * "no". (A weak default definition would not do: GCC folds the value of a const definition.)
 */
extern const bool test_runs_without_xen __attribute__((weak));

static bool runs_without_xen(void)
{
    return &test_runs_without_xen && test_runs_without_xen;
}

static void banner(bool on_xen)
{
    struct cpuid_regs r;

    printf("--- Xenolith test kernel ---\n");
    printf("Test: %s\n", test_title);
    if (cmdline()[0]) {
        printf("Command line: %s\n", cmdline());
    }
    if (on_xen) {
        cpuid(xen_cpuid_base() + 1, &r);
        printf("Xen %u.%u, CPUID leaves at %#x, hypercall page at %p\n", r.eax >> 16,
               r.eax & 0xffff, xen_cpuid_base(), hypercall_page);
    }
}

void lib_start(uint32_t start_info_pa)
{
    bool on_xen;

    traps_init();
    start_info_init(start_info_pa);
    on_xen = hypercall_init();
    console_init(on_xen);
    banner(on_xen);
    hypercall_report_setup();

    if (!start_info_valid()) {
        test_failure("No valid hvm_start_info at EBX = %#x (magic %#x)", start_info_pa,
                     start_info ? start_info->magic : 0);
    }
    if (!on_xen) {
        printf("Not running on Xen (no XenVMMXenVMM CPUID leaves): console on 0xe9 and COM1\n");
        if (!runs_without_xen()) {
            test_skip("Skipped: this test needs Xen (or Xenolith)");
            test_exit();
        }
    }

    test_main();
    test_exit();
}
