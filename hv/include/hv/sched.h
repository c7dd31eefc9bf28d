/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The vCPU scheduler interface. The policy behind it (hv/common/sched-fair.c: weighted fair
 * share with caps and affinity) can be replaced without touching callers: they only wake,
 * block, yield, set parameters and ask for the next vCPU.
 *
 * Every CPU runs sched_run_loop(): softirqs, then the vCPU the scheduler chose, one guest exit
 * at a time, or HLT when it chose none.
 */
#ifndef HV_SCHED_H
#define HV_SCHED_H

#include <hv/compiler.h>
#include <hv/domain.h>

#define SCHED_TIME_SLICE MILLISECS(10)

/* Set up the run queue and the timers. Context: boot, after timer_init(). */
void sched_init(void);

/* Give a new vCPU its scheduling defaults (every CPU allowed and preferred). */
void sched_vcpu_init(struct vcpu *v);

/*
 * Change a domain's weight (1..65535) and cap (percent of one CPU, 0 = none, at most 100 per
 * vCPU). Returns 0 or -EINVAL; takes effect at the next scheduling decision. Context: any.
 */
int sched_adjust(struct domain *d, unsigned int weight, unsigned int cap);

/*
 * Restrict `v` to the CPUs in `hard` and make it prefer those in `soft` (masks of CPU
 * numbers; soft is trimmed to hard, and an empty soft means "any of hard"). -EINVAL when hard
 * names no online CPU.
 */
int sched_set_affinity(struct vcpu *v, unsigned long hard, unsigned long soft);

/* The hard and soft affinity in effect for `v` (as trimmed by sched_set_affinity). */
void sched_get_affinity(struct vcpu *v, unsigned long *hard, unsigned long *soft);

/*
 * True while `v` is on a CPU outside its hard affinity: after an affinity change, until that
 * CPU has rescheduled (sched_set_affinity() has asked it to).
 */
bool sched_running_outside_affinity(struct vcpu *v);

/* A consistent view of one vCPU for the control interface (XEN_DOMCTL_getvcpuinfo). */
struct sched_vcpu_info {
    bool online;       /* Up (not VPF_DOWN). */
    bool blocked;      /* Waiting for an event. */
    bool running;      /* On a CPU now. */
    unsigned int cpu;  /* The CPU it runs on, or last ran on. */
    s_time_t cpu_time; /* Time spent running, including the run in progress. */
};
void sched_vcpu_snapshot(struct vcpu *v, struct sched_vcpu_info *info);

/* CPU time used by all of `d`'s vCPUs so far, including runs in progress. */
s_time_t sched_domain_cpu_time(struct domain *d);

/*
 * Set a VPF_* reason that stops `v` from running. If `v` is on a CPU now, that CPU is told to
 * reschedule; a queued `v` leaves its run queue. Context: any.
 */
void vcpu_pause_flag_set(struct vcpu *v, unsigned long flag);

/* Clear a VPF_* reason; when none remains, `v` becomes runnable and is queued. Context: any. */
void vcpu_pause_flag_clear(struct vcpu *v, unsigned long flag);

/* The running vCPU `v` waits for an event (VPF_BLOCKED); vcpu_wake() ends the wait. */
void vcpu_block(struct vcpu *v);
void vcpu_wake(struct vcpu *v);

/* The running vCPU gives up the rest of its slice. */
void vcpu_yield(struct vcpu *v);

/* True when every vCPU of `d` has VPF_DEAD set and is neither queued nor on a CPU. */
bool sched_domain_parked(const struct domain *d);

/*
 * A consistent copy of `v`'s runstate: its state, when it entered it, and the ns spent in each
 * state including the current one up to now.
 */
void vcpu_runstate_get(struct vcpu *v, int *state, s_time_t *entry, s_time_t time[4]);

/* The vCPU this CPU runs now, or NULL when it is idle. */
struct vcpu *sched_current(void);

/* The per-CPU loop every CPU ends in after boot. Never returns. */
void sched_run_loop(void) __noreturn;

/*
 * Run `v` until its next exit that needs the hypervisor (arch). Called with interrupts
 * enabled; returns to let the loop run softirqs and pick again.
 */
void arch_vcpu_run(struct vcpu *v);

/* `v` will run on another CPU next: forget per-CPU state (ASID, clean bits). */
void arch_vcpu_migrated(struct vcpu *v);

/* `v` leaves the calling CPU: save what the CPU holds of it. Pre: sched lock held. */
void arch_vcpu_switch_out(struct vcpu *v);

#endif /* HV_SCHED_H */
