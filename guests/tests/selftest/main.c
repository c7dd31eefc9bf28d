/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * selftest: the test-kernel framework checks itself. Every other test kernel trusts the
 * framework's CPU setup, formatter, exception catching, CPL 3 round trip and compatibility-
 * mode switch; a bug there would show up as a misleading Xenolith failure. This kernel also
 * runs without Xen (booted directly by QEMU, see `make guest-smoke`), so the framework can be
 * tested before, and independently of, the hypervisor. On Xen it additionally checks that the
 * three hypercall paths agree.
 */
#include <public/version.h>

#include <guest/test.h>

const char test_title[] = "selftest: the test-kernel framework itself";
const bool test_runs_without_xen = true;

/* 32-bit helpers for compat_call: EAX = EBX + ECX; EAX = CS; and a #UD in 32-bit code. */
extern char selftest_compat_add[], selftest_compat_cs[], selftest_compat_ud[];
asm(".pushsection .text\n"
    ".code32\n"
    "selftest_compat_add: lea (%ebx, %ecx), %eax\n ret\n"
    "selftest_compat_cs: mov %cs, %eax\n ret\n"
    "selftest_compat_ud: ud2\n"
    ".code64\n"
    ".popsection\n");

static uint8_t ro_page[PAGE_SIZE] __page_aligned;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            test_failure(__VA_ARGS__);                                                             \
        }                                                                                          \
    } while (0)

static void check_cpu_state(void)
{
    uint64_t efer = 0;

    CHECK(read_cs() == GDT_KERNEL_CS64, "CS is %#x", read_cs());
    CHECK((read_cr0() & (X86_CR0_PG | X86_CR0_WP | X86_CR0_PE)) ==
              (X86_CR0_PG | X86_CR0_WP | X86_CR0_PE),
          "CR0 is %#lx", read_cr0());
    CHECK(read_cr4() & X86_CR4_PAE, "CR4 is %#lx", read_cr4());
    CHECK(rdmsr_safe(MSR_EFER, &efer) == NO_EXCEPTION && (efer & EFER_LMA), "EFER is %#lx", efer);
    printf("selftest: long mode, CR0 %#lx, CR4 %#lx, EFER %#lx\n", read_cr0(), read_cr4(), efer);
}

static void check_format(void)
{
    static const struct {
        const char *want;
        const char *got;
    } * c, cases[] = {
               {"42 -42 0", NULL},
               {"ff FF 0xff 0377", NULL},
               {"[   7] [7   ] [0007] [+7]", NULL},
               {"[  ab] [ab  ] [a]", NULL},
               {"18446744073709551615 -9223372036854775808", NULL},
               {"0x1000 (null) % c", NULL},
               {"[  -05] [x]", NULL},
           };
    char buf[8][64];
    char small[5];
    int n;

    snprintf(buf[0], 64, "%d %i %u", 42, -42, 0);
    snprintf(buf[1], 64, "%x %X %#x %#o", 255, 255, 255, 255);
    snprintf(buf[2], 64, "[%4d] [%-4d] [%04d] [%+d]", 7, 7, 7, 7);
    snprintf(buf[3], 64, "[%4s] [%-4s] [%.1s]", "ab", "ab", "ab");
    snprintf(buf[4], 64, "%lu %lld", ~0UL, -9223372036854775807LL - 1);
    snprintf(buf[5], 64, "%p %s %% %c", (void *)0x1000, (char *)NULL, 'c');
    snprintf(buf[6], 64, "[%*.*d] [%c]", 5, 2, -5, 'x');
    for (c = cases; c < cases + ARRAY_SIZE(cases); c++) {
        const char *got = buf[c - cases];

        CHECK(!strcmp(got, c->want), "snprintf: \"%s\", want \"%s\"", got, c->want);
    }
    n = snprintf(small, sizeof(small), "%s", "truncated");
    CHECK(n == 9 && !strcmp(small, "trun"), "snprintf truncation: %d \"%s\"", n, small);
    printf("selftest: formatter checked with %zu cases\n", ARRAY_SIZE(cases) + 1);
}

static void check_parse(void)
{
    uint64_t v = 0;

    CHECK(parse_u64("32M", 3, &v) && v == 32ULL << 20, "parse_u64(32M) = %#lx", v);
    CHECK(parse_u64("0x1000", 6, &v) && v == 0x1000, "parse_u64(0x1000) = %#lx", v);
    CHECK(parse_u64("640K", 4, &v) && v == 640 << 10, "parse_u64(640K) = %#lx", v);
    CHECK(!parse_u64("12a", 3, &v) && !parse_u64("", 0, &v) && !parse_u64("0x", 2, &v),
          "parse_u64 accepted junk");
    CHECK(!parse_u64("99999999999999999999", 20, &v), "parse_u64 accepted an overflow");
}

static void do_ud2(void *arg)
{
    (void)arg;
    asm volatile("ud2");
}

static void do_read(void *arg)
{
    (void)*(volatile uint8_t *)arg;
}

static void do_write(void *arg)
{
    *(volatile uint8_t *)arg = 1;
}

static void do_int3(void *arg)
{
    (void)arg;
    asm volatile("int3");
}

static void do_divide(void *arg)
{
    uint32_t zero = (uint32_t)(uintptr_t)arg;

    asm volatile("xor %%edx, %%edx; mov $1, %%eax; div %0" ::"r"(zero) : "rax", "rdx");
}

static void do_nested(void *arg)
{
    int *inner = arg;

    *inner = exc_call_catch(do_ud2, NULL);
    do_int3(NULL);
}

/* Expects fn(arg) to raise `vector` (and, if want_error >= 0, that error code). */
static void expect_exception(const char *what, void (*fn)(void *), void *arg, int vector,
                             long want_error)
{
    int got = exc_call_catch(fn, arg);

    if (got != vector) {
        test_failure("%s: got %s, want %s", what, got < 0 ? "no exception" : exception_name(got),
                     exception_name(vector));
    } else if (want_error >= 0 && exc_last.error_code != (uint64_t)want_error) {
        test_failure("%s: error code %#lx, want %#lx", what, exc_last.error_code, want_error);
    }
}

static void check_exceptions(void)
{
    int inner = 0;

    expect_exception("ud2", do_ud2, NULL, X86_EXC_UD, -1);
    expect_exception("int3", do_int3, NULL, X86_EXC_BP, -1);
    expect_exception("divide by zero", do_divide, NULL, X86_EXC_DE, -1);
    /* Page 0 is mapped (boot data may be there); unmap it to catch a NULL read. */
    page_set_flags(NULL, 0);
    expect_exception("NULL read", do_read, NULL, X86_EXC_PF, 0);
    page_set_flags(NULL, PTE_P | PTE_W | PTE_U);
    CHECK(exc_last.cr2 == 0, "NULL read: CR2 %#lx", exc_last.cr2);
    expect_exception("non-canonical read", do_read, (void *)0x8000000000000000ULL, X86_EXC_GP, 0);
    expect_exception("read above 4 GiB", do_read, (void *)(1ULL << 32), X86_EXC_PF, 0);

    /* A read-only page: CR0.WP makes the write fault at CPL 0 too. */
    page_set_flags(ro_page, PTE_P);
    expect_exception("write to read-only page", do_write, ro_page, X86_EXC_PF,
                     PFEC_PRESENT | PFEC_WRITE);
    CHECK(exc_last.cr2 == (uint64_t)ro_page, "read-only write: CR2 %#lx", exc_last.cr2);
    page_set_flags(ro_page, PTE_P | PTE_W | PTE_U);
    expect_exception("write after restoring the page", do_write, ro_page, NO_EXCEPTION, -1);

    /* An exception-table fixup: a non-canonical load resumes at label 2 with RAX unchanged. */
    unsigned int fixups = exc_fixup_count;
    uint64_t val = 7;
    asm volatile("1: mov (%1), %0\n2:\n" EXTABLE_ENTRY("1b", "2b")
                 : "+a"(val)
                 : "r"(0x8000000000000000ULL)
                 : "memory");
    CHECK(exc_fixup_count == fixups + 1 && val == 7 && exc_last.vector == X86_EXC_GP,
          "exception-table fixup: count %u -> %u, vector %d", fixups, exc_fixup_count,
          exc_last.vector);
    /* QEMU's TCG ignores writes to unknown MSRs; Xen (and so Xenolith) raises #GP. */
    if (xen_present()) {
        CHECK(wrmsr_safe(0x1badc0de, 0) == X86_EXC_GP, "WRMSR to MSR 0x1badc0de did not #GP");
    }
    expect_exception("nested catch", do_nested, &inner, X86_EXC_BP, -1);
    CHECK(inner == X86_EXC_UD, "nested catch: inner %d", inner);
    printf("selftest: exceptions caught with the right vectors and error codes\n");
}

static uint64_t user_fn(void *arg)
{
    return ((uint64_t)(read_cs() & 3) << 32) | (uint32_t)(uintptr_t)arg;
}

static uint64_t user_cli(void *arg)
{
    (void)arg;
    asm volatile("cli");
    return 0;
}

static void user_cli_wrapper(void *arg)
{
    usermode_call(user_cli, arg);
}

static void check_usermode(void)
{
    uint64_t r = usermode_call(user_fn, (void *)0x1234);

    CHECK(r == ((3ULL << 32) | 0x1234), "usermode_call returned %#lx", r);
    expect_exception("CLI at CPL 3", user_cli_wrapper, NULL, X86_EXC_GP, 0);
    CHECK((exc_last.cs & 3) == 3, "CLI at CPL 3: fault recorded at CS %#x", exc_last.cs);
    r = usermode_call(user_fn, (void *)0x5678);
    CHECK(r == ((3ULL << 32) | 0x5678), "usermode_call after a fault returned %#lx", r);
    CHECK(read_cs() == GDT_KERNEL_CS64, "back from CPL 3 with CS %#x", read_cs());
    printf("selftest: CPL 3 round trips work\n");
}

static void compat_ud_wrapper(void *arg)
{
    struct compat_regs regs = {0};

    (void)arg;
    compat_call((uint32_t)(uintptr_t)selftest_compat_ud, &regs);
}

static void check_compat(void)
{
    struct compat_regs regs = {.ebx = 40, .ecx = 2};
    volatile uint64_t a = 0x1111111111111111ULL, b = 0x2222222222222222ULL;
    uint32_t r;

    r = compat_call((uint32_t)(uintptr_t)selftest_compat_add, &regs);
    CHECK(r == 42, "compat_call(add) returned %u", r);
    r = compat_call((uint32_t)(uintptr_t)selftest_compat_cs, &regs);
    CHECK(r == GDT_KERNEL_CS32, "CS in compatibility mode was %#x", r);
    CHECK(a == 0x1111111111111111ULL && b == 0x2222222222222222ULL, "locals changed");
    expect_exception("UD2 in compatibility mode", compat_ud_wrapper, NULL, X86_EXC_UD, -1);
    CHECK(read_cs() == GDT_KERNEL_CS64, "back from compatibility mode with CS %#x", read_cs());
    printf("selftest: compatibility-mode calls work\n");
}

/* On Xen: the page, the raw instruction and the 32-bit path must give the same answer. */
static void check_hypercall_paths(void)
{
    long via_page, via_insn, via_compat;

    if (!xen_present()) {
        printf("selftest: no Xen, hypercall paths not checked\n");
        return;
    }
    via_page = hypercall_xen_version(XENVER_version, NULL);
    via_insn = hypercall_insn(__HYPERVISOR_xen_version, XENVER_version, 0, 0, 0, 0);
    via_compat = hypercall32(__HYPERVISOR_xen_version, XENVER_version, 0, 0, 0, 0);
    CHECK(via_page >= 0 && via_page == via_insn && via_page == via_compat,
          "XENVER_version: page %ld, %s %ld, compat %ld", via_page,
          hypercall_uses_vmmcall() ? "VMMCALL" : "VMCALL", via_insn, via_compat);
    printf("selftest: xen_version through page, instruction and compat mode: %#lx\n", via_page);
}

static uint64_t user_ud2(void *arg)
{
    (void)arg;
    asm volatile("ud2");
    return 0;
}

/*
 * With `unexpected=pf|ud-user|df` on the command line, raise that exception without catching
 * it, to check that the framework reports it as ERROR (used by guests/qemu-smoke.py).
 */
static void raise_unexpected(void)
{
    char what[16];

    if (!cmdline_get_str("unexpected", what, sizeof(what))) {
        return;
    }
    printf("selftest: raising an unexpected exception (%s)\n", what);
    if (!strcmp(what, "pf")) {
        page_set_flags(ro_page, 0);
        do_read(ro_page);
    } else if (!strcmp(what, "ud-user")) {
        usermode_call(user_ud2, NULL);
    } else if (!strcmp(what, "df")) {
        /* With the stack in an unmapped page, pushing the #PF frame faults again: a #DF. */
        page_set_flags(ro_page, 0);
        asm volatile("mov %0, %%rsp; push %%rax" ::"r"(ro_page + 0x800) : "memory");
    }
    test_error("unexpected=%s: no exception, or an unknown kind", what);
}

void test_main(void)
{
    raise_unexpected();
    check_cpu_state();
    check_format();
    check_parse();
    check_exceptions();
    check_usermode();
    check_compat();
    check_hypercall_paths();
    if (!test_failed()) {
        test_success();
    }
}
