/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPUID as guests see it: the host's leaves with what is not virtualized taken out, plus
 * Xen's leaves at 0x40000000 (guest-abi.md 2.5) so guests know they run on Xen's ABI.
 * Hidden: SVM and the virtualization leaf (no nested virtualization), MONITOR/MWAIT (HLT is
 * the idle instruction; QEMU's MWAIT is broken, qemu-tcg-notes.md defect 3), XSAVE and the
 * AVX family (guest XCR0 is not switched yet; FXSAVE state is), the TSC-deadline timer (the
 * emulated local APIC, vlapic.c, has none), MTRRs and machine checks (not emulated), RDTSCP (TSC_AUX
 * is not switched per guest), and the performance-monitoring and debug-store features.
 */
#include <hv/domain.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/xen-abi.h>
#include <asm/processor.h>
#include <public/arch-x86/cpuid.h>

#define LEAF1_ECX_HIDE                                                                             \
    ((1U << 3) /* MONITOR */ | (1U << 5) /* VMX */ | (1U << 6) /* SMX */ | (1U << 7) /* EIST */ |  \
     (1U << 8) /* TM2 */ | (1U << 15) /* PDCM */ | (1U << 18) /* DCA */ |                          \
     (1U << 24) /* TSC-deadline */ | (1U << 26) /* XSAVE */ | (1U << 27) /* OSXSAVE */ |           \
     (1U << 28) /* AVX */ | (1U << 12) /* FMA */ | (1U << 29) /* F16C */)
#define LEAF1_ECX_HYPERVISOR (1U << 31)
#define LEAF1_ECX_X2APIC     (1U << 21) /* Emulated whatever the host has (vlapic.c). */
#define LEAF1_EDX_APIC       (1U << 9)
#define LEAF1_EDX_HIDE                                                                             \
    ((1U << 7) /* MCE */ | (1U << 12) /* MTRR */ | (1U << 14) /* MCA */ | (1U << 21) /* DS */ |    \
     (1U << 22) /* ACPI thermal */ | (1U << 29) /* TM */)
#define LEAF7_EBX_HIDE                                                                             \
    ((1U << 5) /* AVX2 */ | (1U << 16) /* AVX512F */ | (1U << 17) | (1U << 21) | (1U << 26) |      \
     (1U << 27) | (1U << 28) | (1U << 30) | (1U << 31) | (1U << 2) /* SGX */ |                     \
     (1U << 14) /* MPX */ | (1U << 25) /* PT */)
#define EXT1_EDX_HIDE ((1U << 27) /* RDTSCP: TSC_AUX is not switched per guest */)
#define EXT1_ECX_HIDE                                                                              \
    ((1U << 2) /* SVM */ | (1U << 12) /* SKINIT */ | (1U << 13) /* WDT */ | (1U << 11) /* XOP */ | \
     (1U << 16) /* FMA4 */ | (1U << 23) /* PERFCTR */)

static void xen_leaves(struct vcpu *v, uint32_t leaf, uint32_t regs[4])
{
    regs[0] = regs[1] = regs[2] = regs[3] = 0;
    switch (leaf - XEN_CPUID_FIRST_LEAF) {
    case 0:
        regs[0] = XEN_CPUID_LEAF(XEN_CPUID_MAX_NUM_LEAVES);
        regs[1] = XEN_CPUID_SIGNATURE_EBX;
        regs[2] = XEN_CPUID_SIGNATURE_ECX;
        regs[3] = XEN_CPUID_SIGNATURE_EDX;
        break;
    case 1:
        regs[0] = (XEN_ABI_MAJOR << 16) | XEN_ABI_MINOR;
        break;
    case 2:
        regs[0] = 1; /* One hypercall page. */
        regs[1] = XEN_HYPERCALL_MSR;
        break;
    case 4:
        regs[0] = XEN_HVM_CPUID_VCPU_ID_PRESENT | XEN_HVM_CPUID_DOMID_PRESENT;
        regs[1] = v->vcpu_id;
        regs[2] = v->domain->domain_id;
        break;
    default:
        break; /* Leaf 3 (TSC) and 5 (PV only): zeros are what Xen gives PVH guests here. */
    }
}

static void filter_basic(struct vcpu *v, uint32_t leaf, uint32_t regs[4])
{
    switch (leaf) {
    case 1:
        regs[1] = (regs[1] & 0x0000ffffU) | (v->vcpu_id << 24); /* Initial APIC id. */
        regs[2] = (regs[2] & ~LEAF1_ECX_HIDE) | LEAF1_ECX_HYPERVISOR | LEAF1_ECX_X2APIC;
        regs[3] = (regs[3] & ~LEAF1_EDX_HIDE) | LEAF1_EDX_APIC;
        break;
    case 0xb: /* Extended topology: the host's x2APIC ids are not the guest's; none is described. */
    case 5:   /* MONITOR/MWAIT parameters. */
    case 6:   /* Thermal and power. */
    case 0xa: /* Performance monitoring. */
    case 0xd: /* XSAVE state components. */
        regs[0] = regs[1] = regs[2] = regs[3] = 0;
        break;
    case 7:
        regs[1] &= ~LEAF7_EBX_HIDE;
        regs[2] = 0; /* ECX/EDX (RDPID among them): nothing there is virtualized yet. */
        regs[3] = 0;
        break;
    default:
        break;
    }
}

static void filter_extended(uint32_t leaf, uint32_t regs[4])
{
    switch (leaf) {
    case 0x80000001:
        regs[2] &= ~EXT1_ECX_HIDE;
        regs[3] &= ~EXT1_EDX_HIDE;
        break;
    case 0x8000000a: /* SVM features: none for guests. */
        regs[0] = regs[1] = regs[2] = regs[3] = 0;
        break;
    default:
        break;
    }
}

void hvm_cpuid(struct vcpu *v, uint32_t leaf, uint32_t subleaf, uint32_t regs[4])
{
    struct cpuid_regs r;

    if (leaf >= XEN_CPUID_FIRST_LEAF && leaf < XEN_CPUID_FIRST_LEAF + 0x10000) {
        if (leaf <= XEN_CPUID_LEAF(XEN_CPUID_MAX_NUM_LEAVES)) {
            xen_leaves(v, leaf, regs);
        } else {
            regs[0] = regs[1] = regs[2] = regs[3] = 0;
        }
        return;
    }
    if ((leaf < 0x80000000 && leaf > boot_cpu.max_leaf) ||
        (leaf >= 0x80000000 && leaf > boot_cpu.max_ext_leaf)) {
        regs[0] = regs[1] = regs[2] = regs[3] = 0; /* AMD returns zeros beyond the range. */
        return;
    }
    r = cpuid_count(leaf, subleaf);
    regs[0] = r.eax;
    regs[1] = r.ebx;
    regs[2] = r.ecx;
    regs[3] = r.edx;
    if (leaf < 0x80000000) {
        filter_basic(v, leaf, regs);
    } else {
        filter_extended(leaf, regs);
    }
}
