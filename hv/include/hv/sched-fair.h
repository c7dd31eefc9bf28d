/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The weighted fair-share policy's arithmetic (hv/common/sched-fair-math.c), kept free of
 * locks and of the hypervisor so host unit tests drive it with a simulated clock.
 *
 * Each vCPU has a virtual time (vt) that advances while it runs, faster the smaller its share:
 * a domain's weight is split evenly among its active (runnable or running) vCPUs, so a domain
 * gets CPU time in proportion to its weight whatever its number of vCPUs. The scheduler always
 * runs the eligible vCPU with the lowest vt. A cap limits a domain to a percentage of one CPU
 * with a budget refilled every SCHED_CAP_PERIOD.
 */
#ifndef HV_SCHED_FAIR_H
#define HV_SCHED_FAIR_H

#include <hv/time.h>
#include <hv/types.h>

#define SCHED_WEIGHT_DEFAULT 256
#define SCHED_WEIGHT_MIN     1
#define SCHED_WEIGHT_MAX     65535
#define SCHED_CAP_PERIOD     MILLISECS(10)
/* A waking vCPU starts at most this much virtual time ahead of the queue's minimum. */
#define SCHED_WAKE_BONUS MILLISECS(10)
/* A waking vCPU preempts a running one only if it is ahead by more than this. */
#define SCHED_PREEMPT_MARGIN MILLISECS(1)

/* a < b for virtual times, correct across wrap-around. */
static inline bool sched_vt_before(uint64_t a, uint64_t b)
{
    return (int64_t)(a - b) < 0;
}

/*
 * Virtual time a vCPU accrues for running `ns`, as one of `nr_active` active vCPUs of a domain
 * of `weight`. Pre: weight >= 1; nr_active >= 1 (a vCPU that runs is active).
 */
uint64_t sched_vt_delta(s_time_t ns, unsigned int weight, unsigned int nr_active);

/*
 * The virtual time a vCPU resumes with after sleeping: its own, but no earlier than
 * `min_vt - SCHED_WAKE_BONUS`, so sleeping never banks more than a bounded head start.
 */
uint64_t sched_wake_vt(uint64_t vt, uint64_t min_vt);

/* Whether a vCPU waking with `woken_vt` should preempt one running with `running_vt`. */
bool sched_should_preempt(uint64_t woken_vt, uint64_t running_vt);

/* The CPU time a cap of `cap` percent of one CPU allows per SCHED_CAP_PERIOD; 0 = no cap. */
s_time_t sched_cap_budget(unsigned int cap);

/*
 * Check scheduling parameters for a domain with `nr_vcpus` vCPUs: weight 1..65535, cap 0 (none)
 * or 1..100 * nr_vcpus. Returns 0 or -EINVAL.
 */
int sched_check_params(unsigned int weight, unsigned int cap, unsigned int nr_vcpus);

/*
 * Parse a CPU list ("0-3,5") into a mask of CPUs below `nr_cpus`. Returns 0, or -EINVAL for a
 * malformed list, a CPU at or above nr_cpus, or an empty result.
 */
int sched_parse_cpulist(const char *s, unsigned int nr_cpus, unsigned long *mask);

#endif /* HV_SCHED_FAIR_H */
