/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Inter-processor interrupts: event checks (softirqs raised for another CPU), cross-CPU
 * function calls, and the NMI that stops every other CPU on the panic path.
 */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/console.h>
#include <hv/smp.h>
#include <hv/spinlock.h>
#include <hv/string.h>
#include <hv/xmalloc.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/smp.h>

unsigned long per_cpu_offset[NR_CPUS];

static DEFINE_SPINLOCK(call_lock);
static struct {
    smp_call_fn fn;
    void *arg;
    unsigned long pending; /* CPUs that have not run fn yet. */
} call_data;

static volatile bool stop_requested;

static void event_check_interrupt(struct cpu_user_regs *regs)
{
    (void)regs; /* The interrupt itself wakes the CPU; the idle loop runs softirqs. */
}

static void call_function_interrupt(struct cpu_user_regs *regs)
{
    unsigned int me = smp_processor_id();
    smp_call_fn fn = call_data.fn;
    void *arg = call_data.arg;

    (void)regs;
    if (!(__atomic_load_n(&call_data.pending, __ATOMIC_ACQUIRE) & (1UL << me))) {
        return;
    }
    fn(arg);
    __atomic_fetch_and(&call_data.pending, ~(1UL << me), __ATOMIC_RELEASE);
}

void smp_ipi_init(void)
{
    set_irq_handler(EVENT_CHECK_VECTOR, event_check_interrupt);
    set_irq_handler(CALL_FUNCTION_VECTOR, call_function_interrupt);
}

void arch_send_event_check(unsigned int cpu)
{
    if (cpu != smp_processor_id() && cpu_online(cpu)) {
        apic_send_ipi(acpi_platform.cpu_apic_id[cpu], APIC_DM_FIXED, EVENT_CHECK_VECTOR);
    }
}

void smp_call_function_mask(unsigned long mask, smp_call_fn fn, void *arg)
{
    /*
     * Waiting with interrupts off while another CPU waits for us would deadlock; that includes
     * waiting for call_lock, whose holder waits for every CPU in its mask to answer.
     */
    ASSERT(local_irq_is_enabled() || mask == 0);
    mask &= ~(1UL << smp_processor_id());
    if (mask == 0) {
        return;
    }
    spin_lock(&call_lock);
    call_data.fn = fn;
    call_data.arg = arg;
    __atomic_store_n(&call_data.pending, mask, __ATOMIC_RELEASE);
    for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
        if (mask & (1UL << cpu)) {
            apic_send_ipi(acpi_platform.cpu_apic_id[cpu], APIC_DM_FIXED, CALL_FUNCTION_VECTOR);
        }
    }
    while (__atomic_load_n(&call_data.pending, __ATOMIC_ACQUIRE)) {
        cpu_relax();
    }
    spin_unlock(&call_lock);
}

void smp_call_function_single(unsigned int cpu, smp_call_fn fn, void *arg)
{
    if (cpu == smp_processor_id()) {
        unsigned long flags = local_irq_save();

        fn(arg);
        local_irq_restore(flags);
        return;
    }
    smp_call_function_mask(cpu_online(cpu) ? 1UL << cpu : 0, fn, arg);
}

void smp_call_function(smp_call_fn fn, void *arg)
{
    unsigned long mask = 0;

    for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
        if (cpu != smp_processor_id() && cpu_online(cpu)) {
            mask |= 1UL << cpu;
        }
    }
    smp_call_function_mask(mask, fn, arg);
}

void do_nmi(struct cpu_user_regs *regs)
{
    (void)regs;
    if (stop_requested) {
        for (;;) {
            arch_halt_cpu();
        }
    }
    pr_warn("nmi: unexpected NMI on CPU%u\n", smp_processor_id());
}

void arch_stop_other_cpus(void)
{
    stop_requested = true;
    smp_mb();
    for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
        if (cpu != smp_processor_id() && cpu_online(cpu)) {
            apic_send_ipi(acpi_platform.cpu_apic_id[cpu], APIC_DM_NMI, 0);
        }
    }
}

void arch_halt_cpu(void)
{
    halt();
}

void arch_idle(void)
{
    safe_halt();
}

extern char __per_cpu_start[], __per_cpu_end[];

void percpu_init(void)
{
    size_t size = (size_t)(__per_cpu_end - __per_cpu_start);

    /* CPU 0 keeps the template itself; the others get copies of its pristine contents. */
    for (unsigned int cpu = 1; cpu < nr_cpu_ids; cpu++) {
        char *area = xmalloc(size ? size : 1);

        BUG_ON(!area);
        memcpy(area, __per_cpu_start, size);
        per_cpu_offset[cpu] = (unsigned long)(area - __per_cpu_start);
    }
}
