/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-CPU timer queues (hv/include/hv/timer.h).
 *
 * A queue is a doubly linked list sorted by expiry, earliest first, with timers of equal
 * expiry in the order they were set. A CPU holds at most a few timers per vCPU it runs, so a
 * linear insertion is cheap, and unlike a heap it never needs memory.
 *
 * Locking: a timer is protected by the lock of the queue named by timer.cpu. timer.cpu only
 * changes with both queues' locks held, so lock_timer() re-checks it after locking.
 */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/printk.h>
#include <hv/smp.h>
#include <hv/softirq.h>
#include <hv/spinlock.h>
#include <hv/time.h>
#include <hv/timer.h>

struct timer_queue {
    spinlock_t lock;
    struct timer *head;    /* Earliest active timer, or NULL. */
    struct timer *running; /* Timer whose callback runs now, or NULL. */
};

static DEFINE_PER_CPU(struct timer_queue, timer_queues);

static struct timer_queue *lock_timer(const struct timer *t, unsigned long *flags)
{
    for (;;) {
        unsigned int cpu = READ_ONCE(t->cpu);
        struct timer_queue *q = &per_cpu(timer_queues, cpu);

        *flags = spin_lock_irqsave(&q->lock);
        if (likely(t->cpu == cpu)) {
            return q;
        }
        spin_unlock_irqrestore(&q->lock, *flags);
    }
}

/* Queue t; returns true when it became the earliest timer. */
static bool queue_insert(struct timer_queue *q, struct timer *t)
{
    struct timer *prev = NULL, *next = q->head;

    while (next && next->expires <= t->expires) {
        prev = next;
        next = next->next;
    }
    t->prev = prev;
    t->next = next;
    if (next) {
        next->prev = t;
    }
    if (prev) {
        prev->next = t;
    } else {
        q->head = t;
    }
    t->status = TIMER_STATUS_ACTIVE;
    return !prev;
}

/* Unqueue t; returns true when it was the earliest timer. */
static bool queue_remove(struct timer_queue *q, struct timer *t)
{
    bool was_head = q->head == t;

    if (t->prev) {
        t->prev->next = t->next;
    } else {
        q->head = t->next;
    }
    if (t->next) {
        t->next->prev = t->prev;
    }
    t->next = t->prev = NULL;
    t->status = TIMER_STATUS_INACTIVE;
    return was_head;
}

/*
 * The earliest expiry of `cpu`'s queue changed. The local timer interrupt is programmed
 * directly (interrupts are off under the queue lock); another CPU is told to run its timer
 * softirq, which reprograms it.
 */
static void reprogram(unsigned int cpu, const struct timer_queue *q)
{
    if (cpu == smp_processor_id()) {
        arch_timer_set_deadline(q->head ? q->head->expires : STIME_MAX);
    } else {
        cpu_raise_softirq(cpu, TIMER_SOFTIRQ);
    }
}

void timer_init(void)
{
    unsigned int cpu;

    for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
        spin_lock_init(&per_cpu(timer_queues, cpu).lock);
        per_cpu(timer_queues, cpu).head = NULL;
        per_cpu(timer_queues, cpu).running = NULL;
    }
    open_softirq(TIMER_SOFTIRQ, timer_softirq_action);
}

void init_timer(struct timer *t, timer_fn fn, void *data, unsigned int cpu)
{
    ASSERT(cpu < nr_cpu_ids);
    ASSERT(t->status != TIMER_STATUS_ACTIVE);
    t->expires = 0;
    t->fn = fn;
    t->data = data;
    t->next = t->prev = NULL;
    t->cpu = (uint16_t)cpu;
    t->status = TIMER_STATUS_INACTIVE;
}

/*
 * Checks of the caller's use of t are made under the lock but reported after dropping it, so
 * that a debug build stops with a clear message and a release build carries on.
 */
static bool timer_usable(struct timer_queue *q, const struct timer *t, unsigned long flags,
                         bool killed_ok)
{
    bool usable = t->status == TIMER_STATUS_INACTIVE || t->status == TIMER_STATUS_ACTIVE ||
                  (killed_ok && t->status == TIMER_STATUS_KILLED);

    if (!usable) {
        spin_unlock_irqrestore(&q->lock, flags);
        pr_err("timer: %p is %s\n", t,
               t->status == TIMER_STATUS_KILLED ? "killed" : "not initialised");
        ASSERT(usable);
    }
    return usable;
}

void set_timer(struct timer *t, s_time_t expires)
{
    unsigned long flags;
    struct timer_queue *q = lock_timer(t, &flags);
    bool head = false;

    if (!timer_usable(q, t, flags, true)) {
        return;
    }
    if (t->status == TIMER_STATUS_KILLED) {
        /* A callback that re-arms its own timer can lose the race with kill_timer(). */
        spin_unlock_irqrestore(&q->lock, flags);
        return;
    }
    if (t->status == TIMER_STATUS_ACTIVE) {
        head = queue_remove(q, t);
    }
    t->expires = expires;
    head |= queue_insert(q, t);
    if (head) {
        reprogram(t->cpu, q);
    }
    spin_unlock_irqrestore(&q->lock, flags);
}

void stop_timer(struct timer *t)
{
    unsigned long flags;
    struct timer_queue *q = lock_timer(t, &flags);

    if (!timer_usable(q, t, flags, true)) {
        return;
    }
    /* Only the local deadline is moved; another CPU just sees a spurious timer softirq. */
    if (t->status == TIMER_STATUS_ACTIVE && queue_remove(q, t) && t->cpu == smp_processor_id()) {
        reprogram(t->cpu, q);
    }
    spin_unlock_irqrestore(&q->lock, flags);
}

void kill_timer(struct timer *t)
{
    unsigned long flags;
    struct timer_queue *q = lock_timer(t, &flags);
    unsigned int cpu = t->cpu;

    if (!timer_usable(q, t, flags, true)) {
        return;
    }
    if (t->status == TIMER_STATUS_ACTIVE) {
        queue_remove(q, t);
    }
    t->status = TIMER_STATUS_KILLED;
    spin_unlock_irqrestore(&q->lock, flags);
    /* On its own CPU the callback cannot be running unless we are that callback. */
    if (cpu != smp_processor_id()) {
        while (READ_ONCE(q->running) == t) {
            cpu_relax();
        }
    }
}

/* Lock two queues in CPU order, so that two migrations cannot deadlock. */
static void lock_pair(unsigned int a, unsigned int b)
{
    spin_lock(&per_cpu(timer_queues, MIN(a, b)).lock);
    if (a != b) {
        spin_lock(&per_cpu(timer_queues, MAX(a, b)).lock);
    }
}

static void unlock_pair(unsigned int a, unsigned int b)
{
    if (a != b) {
        spin_unlock(&per_cpu(timer_queues, MAX(a, b)).lock);
    }
    spin_unlock(&per_cpu(timer_queues, MIN(a, b)).lock);
}

void migrate_timer(struct timer *t, unsigned int cpu)
{
    unsigned long flags = local_irq_save();
    unsigned int old;

    ASSERT(cpu < nr_cpu_ids);
    for (;;) {
        old = READ_ONCE(t->cpu);
        lock_pair(old, cpu);
        if (likely(t->cpu == old)) {
            break;
        }
        unlock_pair(old, cpu);
    }
    if (t->status != TIMER_STATUS_INACTIVE && t->status != TIMER_STATUS_ACTIVE) {
        unlock_pair(old, cpu);
        local_irq_restore(flags);
        pr_err("timer: migrating unusable timer %p\n", t);
        ASSERT_UNREACHABLE();
        return;
    }
    if (old != cpu && t->status == TIMER_STATUS_ACTIVE) {
        if (queue_remove(&per_cpu(timer_queues, old), t) && old == smp_processor_id()) {
            reprogram(old, &per_cpu(timer_queues, old));
        }
        t->cpu = (uint16_t)cpu;
        if (queue_insert(&per_cpu(timer_queues, cpu), t)) {
            reprogram(cpu, &per_cpu(timer_queues, cpu));
        }
    }
    t->cpu = (uint16_t)cpu;
    unlock_pair(old, cpu);
    local_irq_restore(flags);
}

bool timer_is_active(const struct timer *t)
{
    return READ_ONCE(t->status) == TIMER_STATUS_ACTIVE;
}

s_time_t timer_expires(const struct timer *t)
{
    return READ_ONCE(t->expires);
}

void timer_softirq_action(void)
{
    unsigned int cpu = smp_processor_id();
    struct timer_queue *q = &per_cpu(timer_queues, cpu);
    unsigned long flags = spin_lock_irqsave(&q->lock);
    /*
     * One snapshot of the time per pass, so that a periodic timer whose callback outlasts its
     * period cannot keep this loop running (a callback re-arming its timer for a time at or
     * before the snapshot is a bug: it would run again here at once).
     */
    s_time_t now = NOW();
    struct timer *t;

    while ((t = q->head) != NULL && t->expires <= now) {
        timer_fn fn = t->fn;
        void *data = t->data;

        queue_remove(q, t);
        q->running = t;
        spin_unlock_irqrestore(&q->lock, flags);
        fn(data);
        flags = spin_lock_irqsave(&q->lock);
        q->running = NULL;
    }
    arch_timer_set_deadline(q->head ? q->head->expires : STIME_MAX);
    spin_unlock_irqrestore(&q->lock, flags);
}
