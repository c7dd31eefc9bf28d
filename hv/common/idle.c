/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The idle loop: run pending softirqs, otherwise halt. The pending check and the halt happen
 * with interrupts off (arch_idle enables them atomically with the halt), so a softirq raised
 * by an interrupt in between cannot be slept through.
 */
#include <hv/arch.h>
#include <hv/idle.h>
#include <hv/smp.h>
#include <hv/softirq.h>
#include <asm/system.h>

void cpu_idle_loop(void)
{
    for (;;) {
        local_irq_disable();
        if (softirq_pending(smp_processor_id())) {
            local_irq_enable();
        } else {
            arch_idle();
        }
        do_softirq();
    }
}
