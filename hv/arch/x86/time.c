/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * System time from the TSC. The TSC is calibrated once against PIT channel 2, whose input
 * clock is fixed at 1.193182 MHz on every PC. QEMU's TCG TSC is not invariant
 * (qemu-tcg-notes.md, defect 5); we calibrate once and accept small drift.
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/idle.h>
#include <hv/printk.h>
#include <hv/shared-info.h>
#include <hv/smp.h>
#include <hv/softirq.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <asm/processor.h>
#include <asm/system.h>
#include <asm/time.h>

#define PIT_HZ        1193182
#define PIT_CH2       0x42
#define PIT_CMD       0x43
#define PIT_GATE_PORT 0x61
#define CALIBRATE_MS  50

uint64_t tsc_khz;
static uint64_t tsc_at_boot;
static uint64_t ns_per_tsc_q32; /* Nanoseconds per tick, 32.32 fixed point. */
static uint64_t tsc_per_ns_q32; /* Ticks per nanosecond, 32.32 fixed point. */

static uint64_t pit_measure_tsc(unsigned int ms)
{
    uint32_t count = PIT_HZ * ms / 1000;
    uint64_t t0, t1;

    /* Gate channel 2 on, speaker off; mode 0 (interrupt on terminal count), binary. */
    outb((uint8_t)((inb(PIT_GATE_PORT) & ~0x02) | 0x01), PIT_GATE_PORT);
    outb(0xb0, PIT_CMD);
    outb((uint8_t)count, PIT_CH2);
    outb((uint8_t)(count >> 8), PIT_CH2);
    t0 = rdtsc_ordered();
    while (!(inb(PIT_GATE_PORT) & 0x20)) {
        cpu_relax();
    }
    t1 = rdtsc_ordered();
    return t1 - t0;
}

uint64_t ns_to_tsc(s_time_t ns)
{
    if (ns <= 0) {
        return 0;
    }
    return (uint64_t)(((unsigned __int128)ns * tsc_per_ns_q32) >> 32);
}

s_time_t tsc_to_ns(uint64_t ticks)
{
    return (s_time_t)(((unsigned __int128)ticks * ns_per_tsc_q32) >> 32);
}

s_time_t NOW(void)
{
    return tsc_to_ns(rdtsc_ordered() - tsc_at_boot);
}

uint64_t stime_to_tsc(s_time_t t)
{
    return tsc_at_boot + ns_to_tsc(t);
}

void udelay(unsigned long us)
{
    s_time_t end = NOW() + MICROSECS(us);

    while (NOW() < end) {
        cpu_relax();
    }
}

static void timer_interrupt(struct cpu_user_regs *regs)
{
    (void)regs;
    raise_softirq(TIMER_SOFTIRQ);
}

void time_init(void)
{
    uint64_t ticks = pit_measure_tsc(CALIBRATE_MS);

    tsc_khz = ticks / CALIBRATE_MS;
    ns_per_tsc_q32 = (1000000ULL << 32) / tsc_khz;
    tsc_per_ns_q32 = (tsc_khz << 32) / 1000000;
    tsc_at_boot = rdtsc_ordered();
    rtc_read_boot_time();
    printk("time: TSC %lu.%03lu MHz (calibrated against the PIT)%s\n",
           (unsigned long)(tsc_khz / 1000), (unsigned long)(tsc_khz % 1000),
           boot_cpu.invariant_tsc ? ", invariant" : ", not invariant");
    set_irq_handler(LOCAL_TIMER_VECTOR, timer_interrupt);
    apic_timer_init();
}

void arch_timer_set_deadline(s_time_t deadline)
{
    s_time_t now;

    if (deadline == STIME_MAX) {
        apic_timer_stop();
        return;
    }
    now = NOW();
    apic_timer_arm(deadline > now ? deadline - now : 0, stime_to_tsc(deadline));
}

static volatile bool self_test_fired;

static void self_test_fn(void *data)
{
    (void)data;
    self_test_fired = true;
}

void timer_self_test(void)
{
    struct timer t;
    s_time_t start = NOW(), ns;
    uint64_t tsc0 = rdtsc_ordered(), tsc1;

    init_timer(&t, self_test_fn, NULL, smp_processor_id());
    set_timer(&t, start + MILLISECS(100));
    while (!self_test_fired) {
        idle_once();
    }
    tsc1 = rdtsc_ordered();
    kill_timer(&t);
    ns = tsc_to_ns(tsc1 - tsc0);
    printk("timer: self-test: slept 100 ms, TSC measured %ld.%03ld ms: %s\n",
           (long)(ns / NSEC_PER_MSEC), (long)(ns % NSEC_PER_MSEC / 1000),
           ns >= MILLISECS(100) ? "ok" : "FAILED (fired early)");
}

void arch_time_sample(const struct domain *d, uint64_t *guest_tsc, s_time_t *system_time)
{
    uint64_t tsc = rdtsc_ordered();

    *guest_tsc = tsc + d->arch.tsc_offset;
    *system_time = tsc_to_ns(tsc - tsc_at_boot);
}

void arch_pvclock_scale(uint32_t *mul, int8_t *shift)
{
    uint64_t tps = tsc_khz * 1000;
    int s = 0;

    /* Bring the rate into (1 GHz, 2 GHz] by powers of two, so ns per shifted tick, as 32.32
     * fixed point, fits 32 bits (guest-abi.md 3.4 gives the guest's formula). */
    while (tps > 2000000000ULL) {
        tps >>= 1;
        s--;
    }
    while (tps <= 1000000000ULL) {
        tps <<= 1;
        s++;
    }
    *mul = (uint32_t)((1000000000ULL << 32) / tps);
    *shift = (int8_t)s;
}
