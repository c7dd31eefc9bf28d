/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fatal path shared by panic(), failed assertions and fatal exceptions. It must work with
 * any lock held and on any CPU, so it breaks the console lock and never allocates.
 */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/console.h>
#include <hv/smp.h>
#include <asm/system.h>

static int panicking_cpu = -1;

bool panic_begin(void)
{
    int me = (int)smp_processor_id();
    int expected = -1;

    local_irq_disable();
    if (__atomic_compare_exchange_n(&panicking_cpu, &expected, me, false, __ATOMIC_SEQ_CST,
                                    __ATOMIC_SEQ_CST)) {
        console_force_unlock();
        return true;
    }
    if (expected != me) {
        /* Another CPU is panicking: wait quietly for its stop request. */
        for (;;) {
            cpu_relax();
        }
    }
    return false;
}

void panic_end(void)
{
    static bool stopped;

    if (!stopped) {
        stopped = true;
        arch_stop_other_cpus();
    }
    printk("**** System halted ****\n");
    for (;;) {
        local_irq_disable();
        arch_halt_cpu();
    }
}

void panic(const char *fmt, ...)
{
    va_list ap;

    if (!panic_begin()) {
        panic_end();
    }
    printk("**** PANIC on CPU%u: ", smp_processor_id());
    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
    printk(" ****\n");
    arch_dump_state();
    panic_end();
}

void assert_failed(const char *expr, const char *file, unsigned int line)
{
    panic("%s failed at %s:%u", expr, file, line);
}
