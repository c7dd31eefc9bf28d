/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hypercall-page: the hypercall MSR and the page it fills (guest-abi.md 2.6). Guests other
 * than Linux 6.1 (older Linux, the BSDs, XTF, these test kernels) make every hypercall through
 * that page, so its layout is ABI: one 32-byte stub per number, `mov $nr, %eax; vmmcall; ret`
 * (VMCALL on Intel), stub 23 (iret) a UD2, every other byte INT3. The MSR write is guest input:
 * an address that is not page aligned, or not RAM, must raise #GP and write nothing.
 */
#include <public/version.h>

#include <guest/test.h>

const char test_title[] = "hypercall-page: the hypercall MSR and the stubs it writes";

static uint8_t page2[PAGE_SIZE] __page_aligned;
static uint8_t page3[PAGE_SIZE] __page_aligned;

/* Checks all 128 stubs of `page`; reports at most a few differences. */
static void check_stubs(const char *name, const uint8_t *page)
{
    uint8_t insn3 = hypercall_uses_vmmcall() ? 0xd9 : 0xc1;
    unsigned int nr, bad = 0;

    for (nr = 0; nr < PAGE_SIZE / 32; nr++) {
        const uint8_t *stub = page + 32 * nr;
        uint8_t want[32];
        size_t len, i;

        memset(want, 0xcc, sizeof(want));
        if (nr == __HYPERVISOR_iret) {
            want[0] = 0x0f;
            want[1] = 0x0b;
            len = 2;
        } else {
            const uint8_t code[9] = {0xb8, (uint8_t)nr, 0, 0, 0, 0x0f, 0x01, insn3, 0xc3};

            memcpy(want, code, sizeof(code));
            len = sizeof(code);
        }
        for (i = 0; i < sizeof(want) && stub[i] == want[i]; i++) {
        }
        if (i < sizeof(want) && bad++ < 4) {
            test_failure("%s: stub %u byte %zu is %#x, expected %#x (%s)", name, nr, i, stub[i],
                         want[i], i < len ? "code" : "INT3 filler");
        }
    }
    if (!bad) {
        printf("hypercall-page: %s: all 128 stubs as expected\n", name);
    } else if (bad > 4) {
        test_failure("%s: %u stubs differ in all", name, bad);
    }
}

static void call_stub_23(void *arg)
{
    (void)arg;
    hypercall_via_page(hypercall_page, __HYPERVISOR_iret, 0, 0, 0, 0, 0);
}

/* A WRMSR the hypervisor must refuse with #GP, leaving page3 (when it is the target) alone. */
static void expect_gp(uint32_t msr, uint64_t value, const char *what)
{
    int vector;

    memset(page3, 0x5a, sizeof(page3));
    vector = wrmsr_safe(msr, value);
    if (vector != X86_EXC_GP) {
        test_failure("WRMSR %#x with %#lx (%s) raised %s, expected #GP", msr, value, what,
                     vector == NO_EXCEPTION ? "nothing" : exception_name((unsigned int)vector));
    }
    if (mem_first_not(page3, 0x5a, sizeof(page3)) != sizeof(page3)) {
        test_failure("WRMSR %#x with %#lx (%s) wrote into the page", msr, value, what);
    }
}

void test_main(void)
{
    struct cpuid_regs r;
    uint32_t msr;
    uint64_t val = 1;
    long ref, rc;
    int vector;
    uint64_t hole;

    if (!hypercall_page_ready()) {
        test_failure("The framework's hypercall page was not set up");
        return;
    }
    cpuid(xen_cpuid_base() + 2, &r);
    msr = r.ebx;
    printf("hypercall-page: MSR %#x, framework page at %p\n", msr, hypercall_page);
    check_stubs("framework page", hypercall_page);

    ref = hypercall_insn(__HYPERVISOR_xen_version, XENVER_version, 0, 0, 0, 0);
    rc = hypercall_via_page(hypercall_page, __HYPERVISOR_xen_version, XENVER_version, 0, 0, 0, 0);
    if (rc < 0 || rc != ref) {
        test_failure("xen_version through the page: %ld, directly: %ld", rc, ref);
    }

    /* The MSR reads as 0 (Xen). */
    vector = rdmsr_safe(msr, &val);
    if (vector != NO_EXCEPTION || val != 0) {
        test_failure("RDMSR %#x: %s, value %#lx; expected 0", msr,
                     vector == NO_EXCEPTION ? "no fault" : exception_name((unsigned int)vector),
                     val);
    }

    /* A second page: filled the same way, and usable. */
    vector = wrmsr_safe(msr, (uint64_t)page2);
    if (vector != NO_EXCEPTION) {
        test_failure("WRMSR %#x with a second page %p raised %s", msr, page2,
                     exception_name((unsigned int)vector));
    } else {
        check_stubs("second page", page2);
        rc = hypercall_via_page(page2, __HYPERVISOR_xen_version, XENVER_version, 0, 0, 0, 0);
        if (rc != ref) {
            test_failure("xen_version through the second page: %ld, expected %ld", rc, ref);
        }
    }

    /* Stub 23 is UD2. */
    vector = exc_call_catch(call_stub_23, NULL);
    if (vector != X86_EXC_UD || exc_last.rip != (uint64_t)(hypercall_page + 32 * 23)) {
        test_failure("Stub 23 raised %s at %#lx, expected #UD at %p",
                     vector == NO_EXCEPTION ? "nothing" : exception_name((unsigned int)vector),
                     exc_last.rip, hypercall_page + 32 * 23);
    }

    /* Bad addresses: not page aligned, a hole, far beyond any RAM. */
    expect_gp(msr, (uint64_t)page3 + 0x10, "not page aligned");
    expect_gp(msr, (uint64_t)page3 + 0xfff, "not page aligned");
    hole = memmap_find_hole(PAGE_SIZE, 1ULL << 32);
    if (hole) {
        expect_gp(msr, hole, "a hole in the memory map");
    } else {
        printf("hypercall-page: no memory map hole found; that case is not checked\n");
    }
    expect_gp(msr, 1ULL << 51, "far beyond RAM");
    printf("hypercall-page: bad MSR writes raised #GP\n");

    /* The framework's page still works after all that. */
    rc = hypercall_xen_version(XENVER_version, NULL);
    if (rc != ref) {
        test_failure("xen_version after the bad MSR writes: %ld, expected %ld", rc, ref);
    }
    if (!test_failed()) {
        test_success();
    }
}
