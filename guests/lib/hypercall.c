/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Xen detection and the hypercall paths of the test-kernel framework (guest/hypercall.h).
 */
#include <stdbool.h>
#include <stdint.h>

#include <public/arch-x86/cpuid.h>
#include <public/errno.h>
#include <public/xen.h>

#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/lib.h>
#include <guest/report.h>
#include <guest/traps.h>
#include <guest/x86.h>

#include "internal.h"

uint8_t hypercall_page[PAGE_SIZE] __page_aligned;

static uint32_t cpuid_base;
static bool page_ready;
static bool use_vmmcall;
/* What went wrong registering the page, for hypercall_report_setup. */
static int msr_fault = NO_EXCEPTION;
static uint32_t hypercall_msr;
static uint32_t nr_pages;

bool xen_present(void)
{
    return cpuid_base != 0;
}

uint32_t xen_cpuid_base(void)
{
    return cpuid_base;
}

bool hypercall_page_ready(void)
{
    return page_ready;
}

bool hypercall_uses_vmmcall(void)
{
    return use_vmmcall;
}

/* The stub the hypervisor writes for `nr` (guest-abi.md 2.6): mov $nr, %eax; vmmcall; ret. */
static bool stub_looks_right(const uint8_t *stub, unsigned int nr)
{
    return stub[0] == 0xb8 && stub[1] == (uint8_t)nr && stub[2] == (uint8_t)(nr >> 8) &&
           stub[3] == 0 && stub[4] == 0 && stub[5] == 0x0f && stub[6] == 0x01 &&
           (stub[7] == 0xd9 || stub[7] == 0xc1);
}

bool hypercall_init(void)
{
    struct cpuid_regs r;
    uint32_t base;

    /* Linux's rule (guest-abi.md 2.5): the first base with the signature and >= 2 leaves. */
    for (base = XEN_CPUID_FIRST_LEAF; base < XEN_CPUID_FIRST_LEAF + 0x10000; base += 0x100) {
        cpuid(base, &r);
        if (r.ebx == XEN_CPUID_SIGNATURE_EBX && r.ecx == XEN_CPUID_SIGNATURE_ECX &&
            r.edx == XEN_CPUID_SIGNATURE_EDX && r.eax - base >= 2) {
            cpuid_base = base;
            break;
        }
    }
    if (!cpuid_base) {
        return false;
    }

    /* Linux picks the instruction by vendor; so do we for the raw path. */
    cpuid(0, &r);
    use_vmmcall = (r.ebx == 0x68747541 && r.edx == 0x69746e65 && r.ecx == 0x444d4163) ||
                  (r.ebx == 0x6f677948 && r.edx == 0x6e65476e && r.ecx == 0x656e6975);

    cpuid(cpuid_base + 2, &r);
    nr_pages = r.eax;
    hypercall_msr = r.ebx;
    msr_fault = wrmsr_safe(hypercall_msr, (uint64_t)hypercall_page);
    page_ready =
        msr_fault == NO_EXCEPTION && nr_pages >= 1 &&
        stub_looks_right(hypercall_page + 32 * __HYPERVISOR_xen_version,
                         __HYPERVISOR_xen_version) &&
        stub_looks_right(hypercall_page + 32 * __HYPERVISOR_console_io, __HYPERVISOR_console_io);
    return true;
}

void hypercall_report_setup(void)
{
    if (!cpuid_base || page_ready) {
        return;
    }
    if (msr_fault != NO_EXCEPTION) {
        test_failure("Writing the hypercall page address %p to MSR %#x raised %s", hypercall_page,
                     hypercall_msr, exception_name((unsigned int)msr_fault));
    } else if (nr_pages < 1) {
        test_failure("CPUID %#x reports %u hypercall pages", cpuid_base + 2, nr_pages);
    } else {
        test_failure("The hypercall page was not filled in (stub 17 starts %02x %02x %02x)",
                     hypercall_page[32 * 17], hypercall_page[32 * 17 + 1],
                     hypercall_page[32 * 17 + 2]);
    }
    printf("Test kernel: using %s directly instead of the hypercall page\n",
           use_vmmcall ? "VMMCALL" : "VMCALL");
}

long hypercall_via_page(const void *page, unsigned int nr, uint64_t a1, uint64_t a2, uint64_t a3,
                        uint64_t a4, uint64_t a5)
{
    /* The 64-bit ABI: RDI, RSI, RDX, R10, R8; all of them may come back changed. */
    register uint64_t r10 asm("r10") = a4;
    register uint64_t r8 asm("r8") = a5;
    const uint8_t *stub = (const uint8_t *)page + 32 * (nr & 127);
    long ret;

    asm volatile("call *%[stub]"
                 : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
                 : [stub] "r"(stub)
                 : "memory");
    return ret;
}

long hypercall_insn(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    register uint64_t r10 asm("r10") = a4;
    register uint64_t r8 asm("r8") = a5;
    uint64_t rax = nr;

    if (use_vmmcall) {
        asm volatile("vmmcall"
                     : "+a"(rax), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
                     :
                     : "memory");
    } else {
        asm volatile("vmcall"
                     : "+a"(rax), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
                     :
                     : "memory");
    }
    return (long)rax;
}

long hypercall(unsigned int nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    if (!cpuid_base) {
        return -XEN_ENOSYS;
    }
    if (page_ready && nr < PAGE_SIZE / 32) {
        return hypercall_via_page(hypercall_page, nr, a1, a2, a3, a4, a5);
    }
    return hypercall_insn(nr, a1, a2, a3, a4, a5);
}

long hypercall32(unsigned int nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5)
{
    struct compat_regs regs = {.eax = nr, .ebx = a1, .ecx = a2, .edx = a3, .esi = a4, .edi = a5};

    if (!cpuid_base) {
        return -XEN_ENOSYS;
    }
    if (!page_ready || nr >= PAGE_SIZE / 32) {
        return hypercall32_insn(nr, a1, a2, a3, a4, a5);
    }
    return (int32_t)compat_call((uint32_t)(uintptr_t)(hypercall_page + 32 * nr), &regs);
}

long hypercall32_insn(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5)
{
    struct compat_regs regs = {.eax = nr, .ebx = a1, .ecx = a2, .edx = a3, .esi = a4, .edi = a5};
    char *stub = use_vmmcall ? compat_vmmcall_stub : compat_vmcall_stub;

    return (int32_t)compat_call((uint32_t)(uintptr_t)stub, &regs);
}

long hypercall_xen_version(unsigned int cmd, void *arg)
{
    return hypercall(__HYPERVISOR_xen_version, cmd, (uint64_t)arg, 0, 0, 0);
}

long hypercall_console_io(unsigned int cmd, unsigned int count, const char *buf)
{
    return hypercall(__HYPERVISOR_console_io, cmd, count, (uint64_t)buf, 0, 0);
}

long hypercall_sched_op(unsigned int cmd, void *arg)
{
    return hypercall(__HYPERVISOR_sched_op, cmd, (uint64_t)arg, 0, 0, 0);
}

long hypercall_memory_op(unsigned int cmd, void *arg)
{
    return hypercall(__HYPERVISOR_memory_op, cmd, (uint64_t)arg, 0, 0, 0);
}

long hypercall_hvm_op(unsigned int op, void *arg)
{
    return hypercall(__HYPERVISOR_hvm_op, op, (uint64_t)arg, 0, 0, 0);
}

long hypercall_vcpu_op(unsigned int cmd, unsigned int vcpu, void *arg)
{
    return hypercall(__HYPERVISOR_vcpu_op, cmd, vcpu, (uint64_t)arg, 0, 0);
}

long hypercall_event_channel_op(unsigned int cmd, void *arg)
{
    return hypercall(__HYPERVISOR_event_channel_op, cmd, (uint64_t)arg, 0, 0, 0);
}
