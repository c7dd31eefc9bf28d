/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The interim scheduling policy: per-CPU FIFO run queues with a fixed time slice, wake-ups
 * placed on an idle CPU when there is one, and idle CPUs pulling queued vCPUs from busy ones.
 * One global lock protects every queue: simple and obviously correct, and fine for the few
 * CPUs we run on; the weighted fair-share scheduler replaces this file.
 *
 * Invariants (checked in debug builds): a vCPU is on at most one queue; a queued vCPU has
 * pause_flags == 0 and is not running; each CPU runs at most one vCPU (rq.curr).
 */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/domain.h>
#include <hv/sched.h>
#include <hv/runstate.h>
#include <hv/smp.h>
#include <hv/softirq.h>
#include <hv/spinlock.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <asm/system.h>

struct runqueue {
    struct vcpu *head, *tail;
    unsigned int nr_queued;
    struct vcpu *curr; /* Running on this CPU, or NULL (idle). */
    struct timer slice_timer;
};

static DEFINE_PER_CPU(struct runqueue, runqueue);
static DEFINE_SPINLOCK(sched_lock);

static void set_runstate(struct vcpu *v, enum vcpu_runstate state)
{
    s_time_t now = NOW();

    v->runstate_time[v->runstate] += now - v->runstate_entry;
    v->runstate_entry = now;
    v->runstate = state;
    v->runstate_dirty = true;
}

void vcpu_runstate_get(struct vcpu *v, int *state, s_time_t *entry, s_time_t time[4])
{
    unsigned long irqf = spin_lock_irqsave(&sched_lock);
    s_time_t now = NOW();

    *state = (int)v->runstate;
    *entry = v->runstate_entry;
    for (unsigned int i = 0; i < 4; i++) {
        time[i] = v->runstate_time[i];
    }
    time[v->runstate] += now - v->runstate_entry;
    spin_unlock_irqrestore(&sched_lock, irqf);
}

static void rq_push(unsigned int cpu, struct vcpu *v)
{
    struct runqueue *rq = &per_cpu(runqueue, cpu);

    ASSERT(!v->on_runqueue && !v->is_running && v->pause_flags == 0);
    v->rq_next = NULL;
    if (rq->tail) {
        rq->tail->rq_next = v;
    } else {
        rq->head = v;
    }
    rq->tail = v;
    rq->nr_queued++;
    v->on_runqueue = true;
    v->processor = cpu;
    set_runstate(v, VCPU_RUNNABLE);
}

static void rq_remove(struct vcpu *v)
{
    struct runqueue *rq = &per_cpu(runqueue, v->processor);
    struct vcpu **link = &rq->head, *prev = NULL;

    while (*link && *link != v) {
        prev = *link;
        link = &(*link)->rq_next;
    }
    ASSERT(*link == v);
    *link = v->rq_next;
    if (rq->tail == v) {
        rq->tail = prev;
    }
    rq->nr_queued--;
    v->on_runqueue = false;
}

static struct vcpu *rq_pop(unsigned int cpu)
{
    struct vcpu *v = per_cpu(runqueue, cpu).head;

    if (v) {
        rq_remove(v);
    }
    return v;
}

static bool cpu_is_idle(unsigned int cpu)
{
    const struct runqueue *rq = &per_cpu(runqueue, cpu);

    return cpu_online(cpu) && !rq->curr && rq->nr_queued == 0;
}

/* An idle online CPU, preferring `hint`; else `hint` itself (or this CPU if it is offline). */
static unsigned int pick_cpu_for_wake(unsigned int hint)
{
    if (cpu_is_idle(hint)) {
        return hint;
    }
    for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
        if (cpu_is_idle(cpu)) {
            return cpu;
        }
    }
    return cpu_online(hint) ? hint : smp_processor_id();
}

/* Queue a vCPU that just became runnable and tell its CPU. Pre: sched_lock held. */
static void make_runnable(struct vcpu *v)
{
    unsigned int cpu;

    if (v->pause_flags || v->on_runqueue || v->is_running) {
        return;
    }
    cpu = pick_cpu_for_wake(v->processor);
    if (cpu != v->processor) {
        arch_vcpu_migrated(v);
    }
    rq_push(cpu, v);
    cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
}

void vcpu_pause_flag_set(struct vcpu *v, unsigned long flag)
{
    unsigned long irqf = spin_lock_irqsave(&sched_lock);

    v->pause_flags |= flag;
    if (v->on_runqueue) {
        rq_remove(v);
        set_runstate(v, flag == VPF_BLOCKED ? VCPU_BLOCKED : VCPU_OFFLINE);
    } else if (v->is_running) {
        cpu_raise_softirq(v->processor, SCHEDULE_SOFTIRQ);
    }
    spin_unlock_irqrestore(&sched_lock, irqf);
}

void vcpu_pause_flag_clear(struct vcpu *v, unsigned long flag)
{
    unsigned long irqf = spin_lock_irqsave(&sched_lock);

    v->pause_flags &= ~flag;
    make_runnable(v);
    spin_unlock_irqrestore(&sched_lock, irqf);
}

void vcpu_block(struct vcpu *v)
{
    vcpu_pause_flag_set(v, VPF_BLOCKED);
}

void vcpu_wake(struct vcpu *v)
{
    vcpu_pause_flag_clear(v, VPF_BLOCKED);
}

void vcpu_yield(struct vcpu *v)
{
    (void)v;
    raise_softirq(SCHEDULE_SOFTIRQ);
}

bool sched_domain_parked(const struct domain *d)
{
    unsigned long irqf = spin_lock_irqsave(&sched_lock);
    bool parked = true;

    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        const struct vcpu *v = d->vcpu[i];

        if (!(v->pause_flags & VPF_DEAD) || v->is_running || v->on_runqueue) {
            parked = false;
        }
    }
    spin_unlock_irqrestore(&sched_lock, irqf);
    return parked;
}

struct vcpu *sched_current(void)
{
    return this_cpu(runqueue).curr;
}

/* An idle CPU takes the first queued vCPU of the busiest other queue. Pre: lock held. */
static struct vcpu *pull_work(unsigned int me)
{
    unsigned int busiest = me, most = 0;
    struct vcpu *v;

    for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
        if (cpu != me && per_cpu(runqueue, cpu).nr_queued > most) {
            most = per_cpu(runqueue, cpu).nr_queued;
            busiest = cpu;
        }
    }
    if (busiest == me || !(v = rq_pop(busiest))) {
        return NULL;
    }
    arch_vcpu_migrated(v);
    v->processor = me;
    return v;
}

/* Put the outgoing vCPU where its state says. Returns it if its domain must be told. */
static struct vcpu *put_prev(unsigned int cpu, struct vcpu *prev)
{
    prev->is_running = false;
    if (prev->pause_flags == 0) {
        rq_push(cpu, prev);
        return NULL;
    }
    set_runstate(prev, prev->pause_flags == VPF_BLOCKED ? VCPU_BLOCKED : VCPU_OFFLINE);
    return (prev->pause_flags & VPF_DEAD) ? prev : NULL;
}

static void schedule(void)
{
    unsigned int cpu = smp_processor_id();
    struct runqueue *rq = &this_cpu(runqueue);
    struct vcpu *prev, *next, *ended = NULL;
    unsigned long irqf = spin_lock_irqsave(&sched_lock);

    prev = rq->curr;
    if (prev) {
        arch_vcpu_switch_out(prev);
        ended = put_prev(cpu, prev);
    }
    next = rq_pop(cpu);
    if (!next) {
        next = pull_work(cpu);
    }
    rq->curr = next;
    if (next) {
        next->is_running = true;
        set_runstate(next, VCPU_RUNNING);
    }
    if (next && rq->nr_queued) {
        set_timer(&rq->slice_timer, NOW() + SCHED_TIME_SLICE);
    } else {
        stop_timer(&rq->slice_timer);
    }
    spin_unlock_irqrestore(&sched_lock, irqf);
    if (ended) {
        domain_vcpu_descheduled(ended);
    }
}

static void slice_expired(void *data)
{
    (void)data;
    raise_softirq(SCHEDULE_SOFTIRQ);
}

void sched_init(void)
{
    for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
        init_timer(&per_cpu(runqueue, cpu).slice_timer, slice_expired, NULL, cpu);
    }
    open_softirq(SCHEDULE_SOFTIRQ, schedule);
}

void sched_run_loop(void)
{
    unsigned int cpu = smp_processor_id();

    for (;;) {
        struct vcpu *v;

        local_irq_disable();
        if (softirq_pending(cpu)) {
            local_irq_enable();
            do_softirq();
            continue;
        }
        v = this_cpu(runqueue).curr;
        if (!v) {
            arch_idle();
            continue;
        }
        local_irq_enable();
        if (v->runstate_dirty && v->runstate_gva) {
            vcpu_runstate_publish(v);
        }
        arch_vcpu_run(v);
    }
}
