/* SPDX-License-Identifier: GPL-2.0-only */
/* Waiting for work on a CPU (hv/include/hv/idle.h). */
#include <hv/arch.h>
#include <hv/idle.h>
#include <hv/smp.h>
#include <hv/softirq.h>
#include <asm/system.h>

void idle_once(void)
{
    local_irq_disable();
    if (softirq_pending(smp_processor_id())) {
        local_irq_enable();
        do_softirq();
    } else {
        arch_idle();
    }
}
