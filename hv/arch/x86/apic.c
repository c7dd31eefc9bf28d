/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Local APIC access, IPIs and the one-shot timer. The mode (x2APIC or xAPIC) is chosen once
 * on the boot CPU and used by every CPU. QEMU 7.2's TCG has no x2APIC, so the MMIO path is
 * the one our tests exercise.
 */
#include <hv/bug.h>
#include <hv/printk.h>
#include <hv/time.h>
#include <hv/vmap.h>
#include <asm/apic.h>
#include <asm/system.h>
#include <asm/irq.h>
#include <asm/processor.h>
#include <asm/time.h>

#define APICBASE_ENABLE  (1UL << 11)
#define APICBASE_X2APIC  (1UL << 10)
#define APIC_TIMER_DIV_1 0xb
#define X2APIC_MSR(reg)  (0x800 + ((reg) >> 4))
#define CALIBRATE_NS     MILLISECS(10)

static bool x2apic_mode;
static volatile uint32_t *xapic_mmio;
static uint64_t apic_timer_khz;        /* Count-down rate when there is no TSC-deadline mode. */
static uint64_t apic_ticks_per_ns_q32; /* The same rate, 32.32 fixed point per ns. */

bool apic_x2apic_mode(void)
{
    return x2apic_mode;
}

uint32_t apic_read(unsigned int reg)
{
    if (x2apic_mode) {
        return (uint32_t)rdmsr(X2APIC_MSR(reg));
    }
    return xapic_mmio[reg / 4];
}

void apic_write(unsigned int reg, uint32_t value)
{
    if (x2apic_mode) {
        wrmsr(X2APIC_MSR(reg), value);
        return;
    }
    xapic_mmio[reg / 4] = value;
}

uint32_t apic_current_id(void)
{
    uint32_t id = apic_read(APIC_ID);

    return x2apic_mode ? id : id >> 24;
}

void apic_eoi(void)
{
    apic_write(APIC_EOI, 0);
}

void apic_send_ipi(uint32_t apic_id, uint32_t mode, uint8_t vector)
{
    unsigned long flags = local_irq_save();

    if (x2apic_mode) {
        /* One 64-bit write; x2APIC ICR has no busy bit (AMD APM vol. 2, 16.11). */
        wrmsr(X2APIC_MSR(APIC_ICR_LO), ((uint64_t)apic_id << 32) | mode | vector);
    } else {
        while (apic_read(APIC_ICR_LO) & APIC_ICR_BUSY) {
            cpu_relax();
        }
        apic_write(APIC_ICR_HI, apic_id << 24);
        apic_write(APIC_ICR_LO, mode | vector);
    }
    local_irq_restore(flags);
}

static void apic_enable_this_cpu(void)
{
    uint64_t base = rdmsr(MSR_IA32_APICBASE) | APICBASE_ENABLE;

    if (x2apic_mode) {
        base |= APICBASE_X2APIC;
    }
    wrmsr(MSR_IA32_APICBASE, base);
    apic_write(APIC_TPR, 0);
    apic_write(APIC_LVT_LINT0, APIC_LVT_MASKED);
    apic_write(APIC_LVT_LINT1, APIC_LVT_MASKED);
    apic_write(APIC_LVT_ERROR, ERROR_APIC_VECTOR);
    apic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_APIC_VECTOR);
    apic_write(APIC_ESR, 0);
    apic_eoi();
}

static void apic_error_interrupt(struct cpu_user_regs *regs)
{
    uint32_t esr;

    (void)regs;
    apic_write(APIC_ESR, 0);
    esr = apic_read(APIC_ESR);
    pr_warn("apic: error interrupt, ESR 0x%x\n", esr);
}

void apic_init_bsp(void)
{
    uint64_t base = rdmsr(MSR_IA32_APICBASE);

    x2apic_mode = boot_cpu.x2apic;
    if (!x2apic_mode) {
        paddr_t pa = base & ~0xfffUL & 0xffffffffff000UL;

        xapic_mmio = vmap(paddr_to_mfn(pa), 1, MAP_READ | MAP_WRITE | MAP_UNCACHED);
        BUG_ON(!xapic_mmio);
    }
    set_irq_handler(ERROR_APIC_VECTOR, apic_error_interrupt);
    apic_enable_this_cpu();
    printk("apic: %s mode, boot CPU APIC ID %u\n", x2apic_mode ? "x2APIC" : "xAPIC",
           apic_current_id());
}

void apic_init_ap(void)
{
    apic_enable_this_cpu();
}

void apic_timer_setup_cpu(void)
{
    if (boot_cpu.tsc_deadline) {
        apic_write(APIC_LVT_TIMER, APIC_TIMER_TSC_DEADLINE | LOCAL_TIMER_VECTOR);
    } else {
        apic_write(APIC_TIMER_DIV, APIC_TIMER_DIV_1);
        apic_write(APIC_LVT_TIMER, LOCAL_TIMER_VECTOR); /* One-shot. */
    }
}

void apic_timer_init(void)
{
    if (!boot_cpu.tsc_deadline) {
        s_time_t start;
        uint32_t left;

        apic_write(APIC_TIMER_DIV, APIC_TIMER_DIV_1);
        apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED);
        apic_write(APIC_TIMER_INIT, 0xffffffff);
        start = NOW();
        while (NOW() - start < CALIBRATE_NS) {
            cpu_relax();
        }
        left = apic_read(APIC_TIMER_CUR);
        apic_timer_khz = (0xffffffffULL - left) * 1000000 / (uint64_t)CALIBRATE_NS;
        apic_write(APIC_TIMER_INIT, 0);
        BUG_ON(apic_timer_khz == 0);
        apic_ticks_per_ns_q32 = (apic_timer_khz << 32) / 1000000;
    }
    apic_timer_setup_cpu();
    if (boot_cpu.tsc_deadline) {
        printk("apic: timer in TSC-deadline mode\n");
    } else {
        printk("apic: timer in one-shot mode, %lu kHz\n", (unsigned long)apic_timer_khz);
    }
}

void apic_timer_arm(s_time_t delta_ns, uint64_t tsc_deadline)
{
    uint64_t count;

    if (boot_cpu.tsc_deadline) {
        wrmsr(MSR_IA32_TSC_DEADLINE, tsc_deadline ? tsc_deadline : 1);
        return;
    }
    /* Round up so the interrupt does not come before the deadline. */
    count = (uint64_t)(((unsigned __int128)delta_ns * apic_ticks_per_ns_q32 + 0xffffffffU) >> 32);
    if (count == 0) {
        count = 1;
    }
    if (count > 0xffffffffULL) {
        count = 0xffffffffULL; /* The timer code re-arms when woken before the deadline. */
    }
    apic_write(APIC_TIMER_INIT, (uint32_t)count);
}

void apic_timer_stop(void)
{
    if (boot_cpu.tsc_deadline) {
        wrmsr(MSR_IA32_TSC_DEADLINE, 0);
    } else {
        apic_write(APIC_TIMER_INIT, 0);
    }
}
