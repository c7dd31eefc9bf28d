/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Softirqs (hv/include/hv/softirq.h). The pending masks are changed only with atomic bit
 * operations, because other CPUs and interrupt handlers raise bits concurrently.
 */
#include <hv/bitmap.h>
#include <hv/bug.h>
#include <hv/arch.h>
#include <hv/smp.h>
#include <hv/softirq.h>
#include <asm/system.h>

BUILD_BUG_ON(NR_SOFTIRQS > 64);

static softirq_handler handlers[NR_SOFTIRQS];
static DEFINE_PER_CPU(unsigned long, softirq_mask);

void softirq_init(void)
{
    unsigned int cpu;

    for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
        per_cpu(softirq_mask, cpu) = 0;
    }
}

void open_softirq(unsigned int nr, softirq_handler fn)
{
    ASSERT(nr < NR_SOFTIRQS);
    ASSERT(!handlers[nr] || handlers[nr] == fn);
    handlers[nr] = fn;
}

void raise_softirq(unsigned int nr)
{
    ASSERT(nr < NR_SOFTIRQS);
    set_bit(nr, &this_cpu(softirq_mask));
}

void cpu_raise_softirq(unsigned int cpu, unsigned int nr)
{
    ASSERT(nr < NR_SOFTIRQS);
    ASSERT(cpu < nr_cpu_ids);
    /* An already pending softirq has its IPI on the way, or is about to be seen. */
    if (!test_and_set_bit(nr, &per_cpu(softirq_mask, cpu)) && cpu != smp_processor_id()) {
        arch_send_event_check(cpu);
    }
}

unsigned long softirq_pending(unsigned int cpu)
{
    return READ_ONCE(per_cpu(softirq_mask, cpu));
}

void do_softirq(void)
{
    unsigned long pending;
    unsigned int nr;

    ASSERT(local_irq_is_enabled());
    /* Re-read the CPU each time: a handler may switch to another vCPU's context. */
    while ((pending = softirq_pending(smp_processor_id())) != 0) {
        nr = (unsigned int)__builtin_ctzl(pending);
        clear_bit(nr, &this_cpu(softirq_mask));
        ASSERT(handlers[nr]);
        if (handlers[nr]) {
            handlers[nr]();
        }
    }
}
