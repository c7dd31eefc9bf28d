/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x2apic: the local APIC every vCPU has (hv/arch/x86/hvm/vlapic.c), as an unmodified guest uses
 * it: found enabled in x2APIC mode (MSR_APIC_BASE), its id the vCPU id (CPUID and the LDR
 * agree), self-IPIs delivered in priority order with TPR and ISR masking them until EOI, the
 * one-shot timer, a fixed IPI to another vCPU, and every refused access raising #GP: reads of
 * write-only registers, writes of read-only ones, reserved bits, a switch to xAPIC (MMIO) mode.
 * Run with vcpus=2.
 */
#include <guest/pv.h>
#include <guest/smp.h>
#include <guest/test.h>
#include <guest/traps.h>

#define MSR_APIC_BASE 0x1b
#define X2APIC(reg)   (0x800U + (reg))
#define REG_ID        0x02
#define REG_VERSION   0x03
#define REG_TPR       0x08
#define REG_PPR       0x0a
#define REG_EOI       0x0b
#define REG_LDR       0x0d
#define REG_SVR       0x0f
#define REG_ISR0      0x10
#define REG_IRR0      0x20
#define REG_ICR       0x30
#define REG_LVT_TIMER 0x32
#define REG_TMICT     0x38
#define REG_TMCCT     0x39
#define REG_TDCR      0x3e
#define REG_SELF_IPI  0x3f
#define BASE_BSP      (1ULL << 8)
#define BASE_EXTD     (1ULL << 10)
#define BASE_EN       (1ULL << 11)
#define VEC_LOW       0x40 /* Priority class 4. */
#define VEC_HIGH      0x60 /* Class 6. */
#define VEC_TIMER     0x50
#define VEC_IPI       0x70
#define NR_SEEN       8

const char test_title[] = "x2apic: the emulated local APIC of a PVH vCPU";

static volatile uint8_t seen[NR_SEEN]; /* Vectors in the order they came. */
static volatile unsigned int nr_seen;
static volatile uint64_t isr_at_entry; /* ISR word of VEC_LOW..VEC_HIGH when it came. */
static volatile unsigned int ipis_on_1;
static volatile uint64_t timer_ticks;
static volatile bool vcpu1_ready, vcpu1_done;
static uint8_t stack1[8192] __attribute__((aligned(16)));
static uint8_t shared_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static unsigned int checks;

static uint64_t rd(uint32_t reg)
{
    uint64_t v = 0;

    if (rdmsr_safe(X2APIC(reg), &v) != NO_EXCEPTION) {
        test_failure("rdmsr of x2APIC register %#x faulted", reg);
    }
    return v;
}

static void wr(uint32_t reg, uint64_t v)
{
    if (wrmsr_safe(X2APIC(reg), v) != NO_EXCEPTION) {
        test_failure("wrmsr of %#lx to x2APIC register %#x faulted", (unsigned long)v, reg);
    }
}

static void expect(const char *what, uint64_t got, uint64_t want)
{
    checks++;
    if (got != want) {
        test_failure("%s: %#lx, expected %#lx", what, (unsigned long)got, (unsigned long)want);
    }
}

static uint64_t pvclock_ns_now(void)
{
    return pvclock_ns(&((const struct shared_info *)shared_page)->vcpu_info[0].time);
}

/* Called from each vector's entry: record, then EOI (as a guest's handler does). */
void apic_interrupt(unsigned int vector);
void apic_interrupt(unsigned int vector)
{
    if (vector == VEC_TIMER) {
        timer_ticks++;
    }
    if (vector == VEC_IPI) {
        ipis_on_1++;
    } else if (nr_seen < NR_SEEN) {
        if (vector == VEC_LOW) {
            isr_at_entry = rd(REG_ISR0 + 2); /* Vectors 0x40-0x5f. */
        }
        seen[nr_seen++] = (uint8_t)vector;
    }
    wr(REG_EOI, 0);
}

INTERRUPT_ENTRY_ARG(entry_0x40, apic_interrupt, 0x40);
INTERRUPT_ENTRY_ARG(entry_0x50, apic_interrupt, 0x50);
INTERRUPT_ENTRY_ARG(entry_0x60, apic_interrupt, 0x60);
INTERRUPT_ENTRY_ARG(entry_0x70, apic_interrupt, 0x70);

static void identity(void)
{
    struct cpuid_regs r;
    uint64_t base = 0;

    expect("APIC_BASE readable", rdmsr_safe(MSR_APIC_BASE, &base), NO_EXCEPTION);
    expect("APIC_BASE: 0xFEE00000, enabled, x2APIC, BSP", base,
           0xfee00000ULL | BASE_EN | BASE_EXTD | BASE_BSP);
    cpuid(1, &r);
    expect("CPUID.1:ECX x2APIC", (r.ecx >> 21) & 1, 1);
    expect("APIC id = CPUID initial id = vCPU 0", rd(REG_ID), r.ebx >> 24);
    expect("version: 0x14 with 7 LVT entries", rd(REG_VERSION) & 0xff00ff, 0x060014);
    expect("LDR of id 0: cluster 0, bit 0", rd(REG_LDR), 1);
}

/* Refused accesses: #GP and nothing changes. */
static void refused(void)
{
    uint64_t v;

    expect("read of EOI (write-only)", rdmsr_safe(X2APIC(REG_EOI), &v), X86_EXC_GP);
    expect("read of SELF_IPI (write-only)", rdmsr_safe(X2APIC(REG_SELF_IPI), &v), X86_EXC_GP);
    expect("write of ID (read-only)", wrmsr_safe(X2APIC(REG_ID), 5), X86_EXC_GP);
    expect("write of PPR (read-only)", wrmsr_safe(X2APIC(REG_PPR), 0), X86_EXC_GP);
    expect("TPR with bits 63:32 set", wrmsr_safe(X2APIC(REG_TPR), 1ULL << 40), X86_EXC_GP);
    expect("reserved register 0x801", rdmsr_safe(X2APIC(0x01), &v), X86_EXC_GP);
    expect("switch to xAPIC mode", wrmsr_safe(MSR_APIC_BASE, 0xfee00000ULL | BASE_EN | BASE_BSP),
           X86_EXC_GP);
    expect("move the APIC base", wrmsr_safe(MSR_APIC_BASE, 0xfed00000ULL | BASE_EN | BASE_EXTD),
           X86_EXC_GP);
    expect("ID unchanged", rd(REG_ID), 0);
    expect("still x2APIC", rdmsr_safe(MSR_APIC_BASE, &v) == NO_EXCEPTION && (v & BASE_EXTD), 1);
}

/* Two self-IPIs queued while TPR blocks them: they come highest first once TPR drops, and the
 * lower one only after the higher one's EOI (its ISR bit masks it). */
static void priorities(void)
{
    wr(REG_SVR, 0x1ff); /* Enabled, spurious vector 0xff. */
    wr(REG_TPR, 0x70);
    wr(REG_SELF_IPI, VEC_LOW);
    wr(REG_SELF_IPI, VEC_HIGH);
    __asm__ __volatile__("sti; nop; nop; cli" ::: "memory");
    expect("nothing through TPR 0x70", nr_seen, 0);
    expect("both pending in IRR", (rd(REG_IRR0 + 2) >> 0) & 1 && (rd(REG_IRR0 + 3) & 1), 1);
    expect("PPR follows TPR", rd(REG_PPR), 0x70);
    wr(REG_TPR, 0);
    __asm__ __volatile__("sti; nop; nop; cli" ::: "memory");
    expect("two came", nr_seen, 2);
    expect("the higher first", seen[0], VEC_HIGH);
    expect("then the lower", seen[1], VEC_LOW);
    expect("the lower was in service when it ran", isr_at_entry & 1, 1);
    expect("ISR empty after the EOIs", rd(REG_ISR0 + 2) | rd(REG_ISR0 + 3), 0);
}

static void timer(void)
{
    uint64_t start = tsc_ordered();

    nr_seen = 0;
    wr(REG_TDCR, 0xb); /* Divide by 1. */
    wr(REG_LVT_TIMER, VEC_TIMER);
    wr(REG_TMICT, 2000000); /* 2 ms at 1 GHz. */
    expect("timer counting down", rd(REG_TMCCT) > 0 && rd(REG_TMCCT) <= 2000000, 1);
    while (!nr_seen && tsc_ordered() - start < 10000000000ULL) {
        __asm__ __volatile__("sti; hlt; cli" ::: "memory");
    }
    expect("the timer fired", nr_seen, 1);
    expect("with its vector", seen[0], VEC_TIMER);
    expect("count at 0 after a one-shot", rd(REG_TMCCT), 0);
}

/* A periodic timer of one count at divide-by-1 (1 ns) must not become an interrupt storm: the
 * hypervisor holds a period to at least 100 us, so 20 ms can bring at most about 200. */
static void timer_storm(void)
{
    uint64_t start, t0 = pvclock_ns_now(), taken;

    nr_seen = 0;
    timer_ticks = 0;
    wr(REG_LVT_TIMER, VEC_TIMER | (1U << 17)); /* Periodic. */
    wr(REG_TMICT, 1);
    for (start = tsc_ordered();
         pvclock_ns_now() - t0 < 20000000ULL && tsc_ordered() - start < 10000000000ULL;) {
        __asm__ __volatile__("sti; hlt; cli" ::: "memory");
    }
    wr(REG_LVT_TIMER, VEC_TIMER | (1U << 16));               /* Masked, */
    wr(REG_TMICT, 0);                                        /* stopped, */
    __asm__ __volatile__("sti; nop; nop; cli" ::: "memory"); /* and one already requested taken. */
    taken = timer_ticks;
    checks++;
    if (taken < 2 || taken > 20000000ULL / 100000 + 5) {
        test_failure("a 1 ns periodic timer gave %lu interrupts in 20 ms", (unsigned long)taken);
    }
    printf("x2apic: a 1 ns periodic timer gave %lu interrupts in 20 ms\n", (unsigned long)taken);
    nr_seen = 0;
}

static void vcpu1_main(unsigned int id)
{
    (void)id;
    wr(REG_SVR, 0x1ff);
    vcpu1_ready = true;
    while (ipis_on_1 < 3) {
        __asm__ __volatile__("sti; hlt; cli" ::: "memory");
    }
    vcpu1_done = true;
}

static void send_ipi_to_1(uint64_t icr, unsigned int nth)
{
    uint64_t start = tsc_ordered();

    wr(REG_ICR, icr);
    while (ipis_on_1 < nth && tsc_ordered() - start < 10000000000ULL) {
    }
    expect("the IPI reached vCPU 1", ipis_on_1, nth);
}

/* Fixed IPIs to vCPU 1 by physical id, by logical (cluster) id and all-but-self. */
static void ipis(void)
{
    uint64_t start;

    if (vcpu_start(1, vcpu1_main, stack1 + sizeof(stack1))) {
        test_failure("cannot start vCPU 1");
        return;
    }
    for (start = tsc_ordered(); !vcpu1_ready && tsc_ordered() - start < 10000000000ULL;) {
    }
    wr(REG_ICR, (9ULL << 32) | VEC_IPI); /* No vCPU 9: dropped. */
    /* One at a time: an interrupt requested again before it was taken is one interrupt. */
    send_ipi_to_1((1ULL << 32) | VEC_IPI, 1);              /* Physical id 1. */
    send_ipi_to_1((2ULL << 32) | (1U << 11) | VEC_IPI, 2); /* Logical: cluster 0, bit 1. */
    send_ipi_to_1((3U << 18) | VEC_IPI, 3);                /* All but self. */
    for (start = tsc_ordered(); !vcpu1_done && tsc_ordered() - start < 10000000000ULL;) {
    }
    expect("vCPU 1 took three IPIs", ipis_on_1, 3);
    expect("and vCPU 0 none", nr_seen, 0);
}

void test_main(void)
{
    if (shared_info_map(shared_page)) {
        test_error("cannot map shared_info");
        return;
    }
    idt_set_interrupt_gate(0x40, entry_0x40);
    idt_set_interrupt_gate(0x50, entry_0x50);
    idt_set_interrupt_gate(0x60, entry_0x60);
    idt_set_interrupt_gate(0x70, entry_0x70);
    identity();
    refused();
    priorities();
    timer();
    timer_storm();
    ipis();
    printf("x2apic: %u checks\n", checks);
    test_success();
}
