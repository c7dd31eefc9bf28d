/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host stand-in for hv/arch/x86/include/asm/system.h: the interrupt flag is a variable the
 * tests can inspect (shim_irq_enabled). The tests are single-threaded, so anything that spins
 * waits for ever: cpu_relax() fails the running test (a lock left held, say) instead.
 */
#ifndef X86_SYSTEM_H
#define X86_SYSTEM_H

#include <stdbool.h>

#define X86_EFLAGS_IF (1UL << 9)

/* True while "interrupts" are enabled on the simulated CPU. */
extern bool shim_irq_enabled;

/* Fails the running test: nothing else can release what we are waiting for. */
void shim_spin_detected(void);

static inline void cpu_relax(void)
{
    shim_spin_detected();
}

static inline void local_irq_disable(void)
{
    shim_irq_enabled = false;
}

static inline void local_irq_enable(void)
{
    shim_irq_enabled = true;
}

static inline unsigned long local_save_flags(void)
{
    return shim_irq_enabled ? X86_EFLAGS_IF : 0;
}

static inline unsigned long local_irq_save(void)
{
    unsigned long flags = local_save_flags();

    local_irq_disable();
    return flags;
}

static inline void local_irq_restore(unsigned long flags)
{
    shim_irq_enabled = (flags & X86_EFLAGS_IF) != 0;
}

static inline bool local_irq_is_enabled(void)
{
    return shim_irq_enabled;
}

#define smp_mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)

#endif /* X86_SYSTEM_H */
