/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cpuid: the hypervisor CPUID leaves and the parts of the native leaves a PVH guest relies on
 * (guest-abi.md 1.2, 2.5). The Xen leaves are how a guest finds Xen at all, its version, the
 * hypercall MSR and its own vCPU and domain ids; Linux takes the boot vCPU's id from base + 4.
 * The native leaves must say "hypervisor present" and must hide what the guest cannot use:
 * SVM and VMX (no nested virtualisation) and MONITOR/MWAIT. No other hypervisor's signature
 * may appear, or a guest may pick the wrong interface.
 *
 * Command line: `expect_domid=N` to check the domain id of base + 4 (optional).
 */
#include <public/arch-x86/cpuid.h>
#include <public/version.h>

#include <guest/test.h>

const char test_title[] = "cpuid: Xen CPUID leaves and hidden features";

#define CPUID1_ECX_MONITOR    (1U << 3)
#define CPUID1_ECX_VMX        (1U << 5)
#define CPUID1_ECX_HYPERVISOR (1U << 31)
#define CPUID81_ECX_SVM       (1U << 2)

static bool is_signature(const struct cpuid_regs *r, uint32_t b, uint32_t c, uint32_t d)
{
    return r->ebx == b && r->ecx == c && r->edx == d;
}

/* Scans every base as Linux does: only the Xen signature may be found, and only once. */
static void check_signatures(uint32_t base)
{
    struct cpuid_regs r;
    uint32_t b;

    for (b = XEN_CPUID_FIRST_LEAF; b < XEN_CPUID_FIRST_LEAF + 0x10000; b += 0x100) {
        cpuid(b, &r);
        if (is_signature(&r, XEN_CPUID_SIGNATURE_EBX, XEN_CPUID_SIGNATURE_ECX,
                         XEN_CPUID_SIGNATURE_EDX)) {
            if (b != base) {
                test_failure("A second Xen signature at CPUID %#x", b);
            }
        } else if (is_signature(&r, 0x4b4d564b, 0x564b4d56, 0x0000004d)) {
            test_failure("CPUID %#x has the KVM signature", b);
        } else if (is_signature(&r, 0x7263694d, 0x666f736f, 0x76482074)) {
            test_failure("CPUID %#x has the Hyper-V signature", b);
        }
    }
}

static void check_xen_leaves(uint32_t base)
{
    struct cpuid_regs r0, r;
    long version = hypercall_xen_version(XENVER_version, NULL);
    uint64_t domid;

    cpuid(base, &r0);
    printf("cpuid: Xen leaves at %#x, largest leaf %#x\n", base, r0.eax);
    if (r0.eax < base + 2 || r0.eax > base + 0xff) {
        test_failure("CPUID %#x: largest leaf %#x outside [%#x, %#x]", base, r0.eax, base + 2,
                     base + 0xff);
    }

    cpuid(base + 1, &r);
    printf("cpuid: %#x: version %u.%u\n", base + 1, r.eax >> 16, r.eax & 0xffff);
    if ((long)r.eax != version) {
        test_failure("CPUID %#x EAX %#x differs from XENVER_version %#lx", base + 1, r.eax,
                     version);
    }
    if (r.ebx || r.ecx || r.edx) {
        test_failure("CPUID %#x: EBX-EDX %#x %#x %#x, expected 0", base + 1, r.ebx, r.ecx, r.edx);
    }

    cpuid(base + 2, &r);
    printf("cpuid: %#x: %u hypercall page(s), MSR %#x, features %#x %#x\n", base + 2, r.eax, r.ebx,
           r.ecx, r.edx);
    if (r.eax != 1) {
        test_failure("CPUID %#x: %u hypercall pages, expected 1", base + 2, r.eax);
    }
    if (r.ebx != 0x40000000) {
        test_failure("CPUID %#x: hypercall MSR %#x, expected 0x40000000", base + 2, r.ebx);
    }
    if (r.ecx || r.edx) {
        test_failure("CPUID %#x: ECX %#x EDX %#x, expected 0 for HVM", base + 2, r.ecx, r.edx);
    }

    if (r0.eax >= base + 3) {
        cpuid_count(base + 3, 0, &r);
        printf("cpuid: %#x: TSC flags %#x, mode %u, %u kHz\n", base + 3, r.eax, r.ebx, r.ecx);
    }

    if (r0.eax < base + 4) {
        test_failure("CPUID %#x: no leaf base + 4 (vCPU and domain ids)", base);
        return;
    }
    cpuid_count(base + 4, 0, &r);
    printf("cpuid: %#x: flags %#x, vcpu %u, domid %u\n", base + 4, r.eax, r.ebx, r.ecx);
    if (!(r.eax & XEN_HVM_CPUID_VCPU_ID_PRESENT) || !(r.eax & XEN_HVM_CPUID_DOMID_PRESENT)) {
        test_failure("CPUID %#x: flags %#x lack VCPU_ID_PRESENT or DOMID_PRESENT", base + 4, r.eax);
    }
    if (r.ebx != 0) {
        test_failure("CPUID %#x: vCPU id %u on the boot vCPU, expected 0", base + 4, r.ebx);
    }
    if (r.ecx >= DOMID_FIRST_RESERVED) {
        test_failure("CPUID %#x: domain id %#x is a reserved id", base + 4, r.ecx);
    }
    if (cmdline_get_u64("expect_domid", &domid) && r.ecx != domid) {
        test_failure("CPUID %#x: domain id %u, expected %lu", base + 4, r.ecx, domid);
    }

    if (r0.eax >= base + 5) {
        cpuid_count(base + 5, 0, &r);
        if (r.eax || r.ebx || r.ecx || r.edx) {
            test_failure("CPUID %#x (PV only): %#x %#x %#x %#x, expected 0", base + 5, r.eax, r.ebx,
                         r.ecx, r.edx);
        }
    }
}

static void check_native_leaves(void)
{
    struct cpuid_regs r0, r1, r;
    char vendor[13];

    cpuid(0, &r0);
    memcpy(vendor, &r0.ebx, 4);
    memcpy(vendor + 4, &r0.edx, 4);
    memcpy(vendor + 8, &r0.ecx, 4);
    vendor[12] = '\0';
    cpuid(1, &r1);
    printf("cpuid: vendor \"%s\", largest basic leaf %#x, leaf 1 ECX %#x EDX %#x\n", vendor, r0.eax,
           r1.ecx, r1.edx);
    if (!(r1.ecx & CPUID1_ECX_HYPERVISOR)) {
        test_failure("CPUID 1: ECX bit 31 (hypervisor present) is clear");
    }
    if (r1.ecx & CPUID1_ECX_MONITOR) {
        test_failure("CPUID 1: MONITOR/MWAIT (ECX bit 3) is exposed");
    }
    if (r1.ecx & CPUID1_ECX_VMX) {
        test_failure("CPUID 1: VMX (ECX bit 5) is exposed");
    }
    cpuid(0x80000000, &r);
    if (r.eax >= 0x80000001) {
        cpuid(0x80000001, &r);
        printf("cpuid: leaf 0x80000001 ECX %#x EDX %#x\n", r.ecx, r.edx);
        if (r.ecx & CPUID81_ECX_SVM) {
            test_failure("CPUID 0x80000001: SVM (ECX bit 2) is exposed");
        }
    }
}

void test_main(void)
{
    uint32_t base = xen_cpuid_base();

    check_signatures(base);
    check_xen_leaves(base);
    check_native_leaves();
    if (!test_failed()) {
        test_success();
    }
}
