/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The small set of CPU primitives arch-neutral code may use: interrupt flag control, memory
 * barriers and the spin-wait hint. Host unit tests replace this header with
 * tests/unit/shim/asm/system.h.
 */
#ifndef X86_SYSTEM_H
#define X86_SYSTEM_H

#define X86_EFLAGS_IF (1UL << 9)

static inline void cpu_relax(void)
{
    __asm__ __volatile__("pause" ::: "memory");
}

static inline void local_irq_disable(void)
{
    __asm__ __volatile__("cli" ::: "memory");
}

static inline void local_irq_enable(void)
{
    __asm__ __volatile__("sti" ::: "memory");
}

static inline unsigned long local_save_flags(void)
{
    unsigned long flags;

    __asm__ __volatile__("pushf; pop %0" : "=r"(flags)::"memory");
    return flags;
}

/* Disable interrupts and return the previous RFLAGS for local_irq_restore(). */
static inline unsigned long local_irq_save(void)
{
    unsigned long flags = local_save_flags();

    local_irq_disable();
    return flags;
}

static inline void local_irq_restore(unsigned long flags)
{
    if (flags & X86_EFLAGS_IF) {
        local_irq_enable();
    }
}

static inline bool local_irq_is_enabled(void)
{
    return (local_save_flags() & X86_EFLAGS_IF) != 0;
}

#define smp_mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)

#endif /* X86_SYSTEM_H */
