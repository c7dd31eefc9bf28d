/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Weighted fair-share scheduling (the policy behind hv/include/hv/sched.h).
 *
 * One run queue, sorted by virtual time, serves all CPUs of the machine (what Xen's credit2
 * calls a per-socket run queue; this machine has one socket), so shares are fair across CPUs
 * without balancing, and an idle CPU simply takes the next eligible vCPU. A CPU runs the
 * eligible vCPU with the lowest virtual time: eligible means its hard affinity includes the
 * CPU and its domain has cap budget left. Virtual time grows with CPU time divided by the
 * vCPU's share (sched-fair.h); a waking vCPU gets a bounded head start and preempts a running
 * vCPU that is far enough behind it, which keeps wake-up latency low without letting a vCPU
 * that sleeps often take more than its share.
 *
 * Locking: sched_lock protects the queue, every vCPU's scheduling fields and each CPU's curr.
 * Invariants (checked in debug builds): the queue is sorted by vt; a queued vCPU has no pause
 * flags and is not running; a running vCPU is some CPU's curr and is not queued.
 */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/idle.h>
#include <hv/runstate.h>
#include <hv/sched-fair.h>
#include <hv/sched.h>
#include <hv/smp.h>
#include <hv/softirq.h>
#include <hv/spinlock.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <asm/system.h>

struct sched_cpu {
    struct vcpu *curr;        /* Running here, or NULL (idle). */
    struct timer slice_timer; /* Ends the current vCPU's turn. */
};

static DEFINE_PER_CPU(struct sched_cpu, sched_cpu);
static DEFINE_SPINLOCK(sched_lock);
static struct vcpu *queue; /* Runnable vCPUs by ascending vt. */
static unsigned int nr_queued;
static uint64_t min_vt;          /* Lowest vt of queued and running vCPUs (monotonic). */
static struct timer cap_timer;   /* Re-examines capped domains every cap period. */
#define LONE_TURN MILLISECS(100) /* The turn of a vCPU nobody waits behind. */

static void set_runstate(struct vcpu *v, enum vcpu_runstate state)
{
    s_time_t now = NOW();

    v->runstate_time[v->runstate] += now - v->runstate_entry;
    v->runstate_entry = now;
    v->runstate = state;
    v->runstate_dirty = true;
}

static void set_active(struct vcpu *v, bool active)
{
    if (v->sched_active != active) {
        v->sched_active = active;
        v->domain->sched.nr_active += active ? 1 : -1U;
    }
}

/*
 * Refill a capped domain's budget for every cap period that has begun. An overrun (the turn
 * ended a little after the budget did) is repaid from the next period, so the cap holds on
 * average; unused budget does not accumulate beyond one period.
 */
static void refresh_budget(struct domain *d, s_time_t now)
{
    s_time_t periods;

    if (!d->sched.cap || now - d->sched.period_start < SCHED_CAP_PERIOD) {
        return;
    }
    periods = (now - d->sched.period_start) / SCHED_CAP_PERIOD;
    d->sched.budget += periods * sched_cap_budget(d->sched.cap);
    if (d->sched.budget > sched_cap_budget(d->sched.cap)) {
        d->sched.budget = sched_cap_budget(d->sched.cap);
    }
    d->sched.period_start += periods * SCHED_CAP_PERIOD;
}

static bool eligible(struct vcpu *v, unsigned int cpu, s_time_t now)
{
    struct domain *d = v->domain;

    if (!(v->hard_affinity & (1UL << cpu))) {
        return false;
    }
    refresh_budget(d, now);
    return !d->sched.cap || d->sched.budget > 0;
}

/* Account the CPU time `v` used since it last started running. */
static void charge(struct vcpu *v, s_time_t now)
{
    struct domain *d = v->domain;
    s_time_t ran = now - v->sched_run_start;

    v->sched_vt += sched_vt_delta(ran, d->sched.weight, d->sched.nr_active ?: 1);
    d->sched.cpu_time += ran;
    v->time_on_cpu[v->processor] += ran;
    if (d->sched.cap) {
        d->sched.budget -= ran;
    }
    v->sched_run_start = now;
}

static void queue_insert(struct vcpu *v)
{
    struct vcpu **link = &queue;

    ASSERT(!v->on_runqueue && !v->is_running && v->pause_flags == 0);
    while (*link && !sched_vt_before(v->sched_vt, (*link)->sched_vt)) {
        link = &(*link)->rq_next; /* Equal vt: behind the others, so ties take turns. */
    }
    v->rq_next = *link;
    *link = v;
    v->on_runqueue = true;
    nr_queued++;
    set_runstate(v, VCPU_RUNNABLE);
}

static void queue_remove(struct vcpu *v)
{
    struct vcpu **link = &queue;

    while (*link != v) {
        ASSERT(*link);
        link = &(*link)->rq_next;
    }
    *link = v->rq_next;
    v->on_runqueue = false;
    nr_queued--;
}

static void update_min_vt(void)
{
    uint64_t m = queue ? queue->sched_vt : min_vt;

    for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
        struct vcpu *c = per_cpu(sched_cpu, cpu).curr;

        if (c && sched_vt_before(c->sched_vt, m)) {
            m = c->sched_vt;
        }
    }
    if (sched_vt_before(min_vt, m)) {
        min_vt = m; /* Never backwards: wake-up head starts stay bounded. */
    }
}

/*
 * The vCPU `cpu` should run next: the eligible one with the lowest vt, except that one within
 * a slice of it that prefers this CPU (soft affinity) is taken instead of one that does not.
 */
static struct vcpu *pick(unsigned int cpu, s_time_t now)
{
    struct vcpu *first = NULL;

    for (struct vcpu *v = queue; v; v = v->rq_next) {
        if (!eligible(v, cpu, now)) {
            continue;
        }
        if (!first) {
            first = v;
            if (first->soft_affinity & (1UL << cpu)) {
                break;
            }
        } else if (sched_vt_before(v->sched_vt, first->sched_vt + (uint64_t)SCHED_TIME_SLICE)) {
            if (v->soft_affinity & (1UL << cpu)) {
                return v;
            }
        } else {
            break;
        }
    }
    return first;
}

static bool may_run_on(const struct vcpu *v, unsigned int cpu)
{
    return cpu_online(cpu) && (v->hard_affinity & (1UL << cpu));
}

/* An idle CPU `v` may use, preferring its soft affinity; -1 if none is idle. */
static int idle_cpu_for(const struct vcpu *v)
{
    int found = -1;

    for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
        if (!may_run_on(v, cpu) || per_cpu(sched_cpu, cpu).curr) {
            continue;
        }
        if (v->soft_affinity & (1UL << cpu)) {
            return (int)cpu;
        }
        if (found < 0) {
            found = (int)cpu;
        }
    }
    return found;
}

/* A running vCPU's vt including the run in progress. */
static uint64_t running_vt(const struct vcpu *c, s_time_t now)
{
    const struct domain *d = c->domain;

    return c->sched_vt +
           sched_vt_delta(now - c->sched_run_start, d->sched.weight, d->sched.nr_active ?: 1);
}

/* Tell the best CPU about newly runnable `v`: an idle one, else the one it should preempt. */
static void kick_for(struct vcpu *v)
{
    int target = idle_cpu_for(v);
    s_time_t now = NOW();
    struct vcpu *victim = NULL;
    uint64_t victim_vt = 0;

    for (unsigned int cpu = 0; target < 0 && cpu < nr_cpu_ids; cpu++) {
        struct vcpu *c = per_cpu(sched_cpu, cpu).curr;

        if (may_run_on(v, cpu) && c &&
            (!victim || sched_vt_before(victim_vt, running_vt(c, now)))) {
            victim = c;
            victim_vt = running_vt(c, now);
        }
    }
    if (victim && sched_should_preempt(v->sched_vt, victim_vt)) {
        target = (int)victim->processor;
    }
    if (target >= 0) {
        cpu_raise_softirq((unsigned int)target, SCHEDULE_SOFTIRQ);
    }
}

/*
 * A runnable vCPU that a CPU has just put back on the queue (preempted, or woken while it was
 * still being descheduled) goes to an idle CPU that may run it. Without this it would wait for
 * that CPU's next interrupt. Pre: sched_lock held.
 */
static void offer_to_idle_cpu(struct vcpu *v)
{
    int cpu = idle_cpu_for(v);

    if (cpu >= 0) {
        cpu_raise_softirq((unsigned int)cpu, SCHEDULE_SOFTIRQ);
    }
}

/* How long `next` may run before the CPU looks again: a slice, or less if its cap runs out. */
static s_time_t turn_length(const struct vcpu *next)
{
    const struct domain *d = next->domain;
    s_time_t turn = SCHED_TIME_SLICE;

    if (d->sched.cap && d->sched.budget < turn) {
        turn = d->sched.budget > 0 ? d->sched.budget : 1;
    }
    return turn;
}

/*
 * A CPU whose vCPU has nobody waiting behind it gives it a long turn, LONE_TURN (each timer
 * interrupt is a guest exit, and under emulation an exit costs far more than its handler; the
 * long turn still bounds how stale any decision can get). Once `v` has to wait (no idle CPU
 * takes it), every CPU that could run it must look again at the end of its normal turn; and a
 * capped `v` may be waiting for budget, which only the cap period gives back.
 * Pre: sched_lock held; v is queued.
 */
static void arm_turns_for(const struct vcpu *v)
{
    if (v->domain->sched.cap && !timer_is_active(&cap_timer)) {
        set_timer(&cap_timer, NOW() + SCHED_CAP_PERIOD);
    }
    if (idle_cpu_for(v) >= 0) {
        return; /* Taken at once: shortening busy CPUs' turns would only cost them exits. */
    }
    for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
        struct sched_cpu *sc = &per_cpu(sched_cpu, cpu);
        s_time_t end;

        if (!cpu_online(cpu) || !sc->curr || !may_run_on(v, cpu)) {
            continue;
        }
        end = sc->curr->sched_run_start + turn_length(sc->curr);
        if (!timer_is_active(&sc->slice_timer) || timer_expires(&sc->slice_timer) > end) {
            set_timer(&sc->slice_timer, end);
        }
    }
}

/* Queue a vCPU that may run now. Pre: sched_lock held. */
static void make_runnable(struct vcpu *v)
{
    if (v->pause_flags || v->on_runqueue || v->is_running) {
        return;
    }
    set_active(v, true);
    v->sched_vt = sched_wake_vt(v->sched_vt, min_vt);
    queue_insert(v);
    arm_turns_for(v);
    kick_for(v);
}

void vcpu_pause_flag_set(struct vcpu *v, unsigned long flag)
{
    unsigned long irqf = spin_lock_irqsave(&sched_lock);

    v->pause_flags |= flag;
    if (v->on_runqueue) {
        queue_remove(v);
        set_active(v, false);
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
    unsigned long irqf = spin_lock_irqsave(&sched_lock);

    /* Go behind every queued vCPU that could run here: they get their turn first. */
    if (queue && sched_vt_before(v->sched_vt, queue->sched_vt + 1)) {
        v->sched_vt = queue->sched_vt + 1;
    }
    spin_unlock_irqrestore(&sched_lock, irqf);
    raise_softirq(SCHEDULE_SOFTIRQ);
}

#ifdef CONFIG_DEBUG
static void check_invariants(void)
{
    unsigned int n = 0;

    for (struct vcpu *v = queue; v; v = v->rq_next, n++) {
        ASSERT(v->on_runqueue && !v->is_running && v->pause_flags == 0 && v->sched_active);
        ASSERT(!v->rq_next || !sched_vt_before(v->rq_next->sched_vt, v->sched_vt));
    }
    ASSERT(n == nr_queued);
    for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
        struct vcpu *c = per_cpu(sched_cpu, cpu).curr;

        ASSERT(!c || (c->is_running && !c->on_runqueue && c->processor == cpu));
    }
}
#else
static void check_invariants(void)
{}
#endif

/* Take the outgoing vCPU off the CPU; returns it if its domain is ending. */
static struct vcpu *put_prev(struct vcpu *prev, s_time_t now)
{
    charge(prev, now);
    arch_vcpu_switch_out(prev);
    prev->is_running = false;
    if (prev->pause_flags == 0) {
        queue_insert(prev);
        return NULL;
    }
    set_active(prev, false);
    set_runstate(prev, prev->pause_flags == VPF_BLOCKED ? VCPU_BLOCKED : VCPU_OFFLINE);
    return (prev->pause_flags & VPF_DEAD) ? prev : NULL;
}

static void schedule(void)
{
    unsigned int cpu = smp_processor_id();
    struct sched_cpu *sc = &this_cpu(sched_cpu);
    unsigned long irqf = spin_lock_irqsave(&sched_lock);
    s_time_t now = NOW();
    struct vcpu *prev = sc->curr, *next, *ended = NULL;

    sc->curr = NULL;
    if (prev) {
        ended = put_prev(prev, now);
    }
    next = pick(cpu, now);
    if (next) {
        ASSERT(next->hard_affinity & (1UL << cpu)); /* Pinned vCPUs never start elsewhere. */
        queue_remove(next);
        if (next->processor != cpu) {
            arch_vcpu_migrated(next);
            next->processor = cpu;
        }
        next->is_running = true;
        next->sched_run_start = now;
        set_runstate(next, VCPU_RUNNING);
        /* Alone, a long turn: arm_turns_for() shortens it when someone comes to wait. */
        set_timer(&sc->slice_timer,
                  now + (nr_queued || next->domain->sched.cap ? turn_length(next) : LONE_TURN));
    } else {
        stop_timer(&sc->slice_timer);
    }
    sc->curr = next;
    if (prev && prev->on_runqueue) {
        arm_turns_for(prev);
        offer_to_idle_cpu(prev);
    }
    update_min_vt();
    check_invariants();
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

/*
 * Capped domains get a new budget each period: let idle CPUs look at the queue again. Only a
 * queued vCPU of a capped domain can be waiting for budget, so with the queue empty the period
 * stops until arm_turns_for() queues such a vCPU again.
 */
static void cap_period(void *data)
{
    (void)data;
    for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
        if (cpu_online(cpu) && !per_cpu(sched_cpu, cpu).curr && nr_queued) {
            cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
        }
    }
    if (READ_ONCE(nr_queued)) {
        set_timer(&cap_timer, NOW() + SCHED_CAP_PERIOD);
    }
}

void sched_init(void)
{
    for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
        init_timer(&per_cpu(sched_cpu, cpu).slice_timer, slice_expired, NULL, cpu);
    }
    init_timer(&cap_timer, cap_period, NULL, 0);
    set_timer(&cap_timer, NOW() + SCHED_CAP_PERIOD);
    open_softirq(SCHEDULE_SOFTIRQ, schedule);
}

void sched_vcpu_init(struct vcpu *v)
{
    v->hard_affinity = nr_cpu_ids >= 8 * sizeof(long) ? ~0UL : (1UL << nr_cpu_ids) - 1;
    v->soft_affinity = v->hard_affinity;
    v->processor = v->vcpu_id % nr_cpu_ids;
}

int sched_adjust(struct domain *d, unsigned int weight, unsigned int cap)
{
    unsigned long irqf;

    if (sched_check_params(weight, cap, d->max_vcpus)) {
        return -EINVAL;
    }
    irqf = spin_lock_irqsave(&sched_lock);
    d->sched.weight = weight;
    if (cap != d->sched.cap) {
        d->sched.cap = cap;
        d->sched.budget = sched_cap_budget(cap);
        d->sched.period_start = NOW();
    }
    spin_unlock_irqrestore(&sched_lock, irqf);
    return 0;
}

int sched_set_affinity(struct vcpu *v, unsigned long hard, unsigned long soft)
{
    unsigned long online = nr_cpu_ids >= 8 * sizeof(long) ? ~0UL : (1UL << nr_cpu_ids) - 1;
    unsigned long irqf;

    if (!(hard & online)) {
        return -EINVAL;
    }
    irqf = spin_lock_irqsave(&sched_lock);
    v->hard_affinity = hard & online;
    v->soft_affinity = (soft & v->hard_affinity) ? soft & v->hard_affinity : v->hard_affinity;
    if (v->is_running && !(v->hard_affinity & (1UL << v->processor))) {
        cpu_raise_softirq(v->processor, SCHEDULE_SOFTIRQ); /* Off a CPU it may no longer use. */
    }
    spin_unlock_irqrestore(&sched_lock, irqf);
    return 0;
}

void sched_get_affinity(struct vcpu *v, unsigned long *hard, unsigned long *soft)
{
    unsigned long irqf = spin_lock_irqsave(&sched_lock);

    *hard = v->hard_affinity;
    *soft = v->soft_affinity;
    spin_unlock_irqrestore(&sched_lock, irqf);
}

bool sched_running_outside_affinity(struct vcpu *v)
{
    unsigned long irqf = spin_lock_irqsave(&sched_lock);
    bool outside = v->is_running && !(v->hard_affinity & (1UL << v->processor));

    spin_unlock_irqrestore(&sched_lock, irqf);
    return outside;
}

void sched_vcpu_snapshot(struct vcpu *v, struct sched_vcpu_info *info)
{
    unsigned long irqf = spin_lock_irqsave(&sched_lock);

    info->online = !(v->pause_flags & VPF_DOWN);
    info->blocked = (v->pause_flags & VPF_BLOCKED) != 0;
    info->running = v->is_running;
    info->cpu = v->processor;
    info->cpu_time = v->runstate_time[VCPU_RUNNING];
    if (v->runstate == VCPU_RUNNING) {
        info->cpu_time += NOW() - v->runstate_entry;
    }
    spin_unlock_irqrestore(&sched_lock, irqf);
}

s_time_t sched_domain_cpu_time(struct domain *d)
{
    unsigned long irqf = spin_lock_irqsave(&sched_lock);
    s_time_t now = NOW(), t = d->sched.cpu_time;

    /* Runs in progress are charged only when they end: add them so the figure is current. */
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        if (d->vcpu[i]->is_running) {
            t += now - d->vcpu[i]->sched_run_start;
        }
    }
    spin_unlock_irqrestore(&sched_lock, irqf);
    return t;
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

struct vcpu *sched_current(void)
{
    return this_cpu(sched_cpu).curr;
}

void sched_run_loop(void)
{
    unsigned int cpu = smp_processor_id();

    for (;;) {
        struct vcpu *v;

        v = READ_ONCE(this_cpu(sched_cpu).curr);
        if (!v || softirq_pending(cpu)) {
            idle_once(); /* Softirqs first (they may pick a vCPU), else halt. */
            continue;
        }
        if (v->runstate_dirty && v->runstate_gva) {
            vcpu_runstate_publish(v);
        }
        arch_vcpu_run(v);
    }
}
