/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ticket spinlocks: CPUs acquire the lock in the order they asked for it, so no CPU starves.
 * Built on compiler atomics; the arch supplies cpu_relax() and the interrupt-flag helpers.
 */
#ifndef HV_SPINLOCK_H
#define HV_SPINLOCK_H

#include <hv/compiler.h>
#include <hv/types.h>
#include <asm/system.h>

typedef struct {
    uint16_t next;  /* Ticket handed to the next CPU that asks. */
    uint16_t owner; /* Ticket currently allowed in. */
} spinlock_t;

#define SPIN_LOCK_UNLOCKED                                                                         \
    {                                                                                              \
        0, 0                                                                                       \
    }
#define DEFINE_SPINLOCK(l) spinlock_t l = SPIN_LOCK_UNLOCKED

static inline void spin_lock_init(spinlock_t *l)
{
    l->next = 0;
    l->owner = 0;
}

static inline void spin_lock(spinlock_t *l)
{
    uint16_t ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

    while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket) {
        cpu_relax();
    }
}

static inline bool spin_trylock(spinlock_t *l)
{
    uint16_t owner = __atomic_load_n(&l->owner, __ATOMIC_RELAXED);
    spinlock_t old = {owner, owner};
    spinlock_t new = {(uint16_t)(owner + 1), owner};
    uint32_t oldv, newv;

    __builtin_memcpy(&oldv, &old, sizeof(oldv));
    __builtin_memcpy(&newv, &new, sizeof(newv));
    return __atomic_compare_exchange_n((uint32_t *)l, &oldv, newv, false, __ATOMIC_ACQUIRE,
                                       __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *l)
{
    __atomic_store_n(&l->owner, (uint16_t)(l->owner + 1), __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
    return __atomic_load_n(&l->owner, __ATOMIC_RELAXED) !=
           __atomic_load_n(&l->next, __ATOMIC_RELAXED);
}

/* Lock with local interrupts disabled; returns the previous interrupt state. */
static inline unsigned long spin_lock_irqsave(spinlock_t *l)
{
    unsigned long flags = local_irq_save();

    spin_lock(l);
    return flags;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
    spin_unlock(l);
    local_irq_restore(flags);
}

#endif /* HV_SPINLOCK_H */
