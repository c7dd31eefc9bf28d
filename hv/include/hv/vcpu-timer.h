/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest timers (guest-abi.md 3.4): per vCPU a single-shot timer (VCPUOP_set_singleshot_timer,
 * set_timer_op) and a periodic one (VCPUOP_set_periodic_timer), both delivered as VIRQ_TIMER to
 * that vCPU. Deadlines are in system time, the same ns the vCPU reads from pvclock.
 */
#ifndef HV_VCPU_TIMER_H
#define HV_VCPU_TIMER_H

#include <hv/domain.h>

/* Set up `v`'s timers (on the CPU it starts on). */
void vcpu_timers_init(struct vcpu *v);

/* Stop every timer of `d` for good, waiting for callbacks in flight. Context: not in one. */
void vcpu_timers_kill(struct domain *d);

/* VCPUOP_set/stop_singleshot_timer and VCPUOP_set/stop_periodic_timer for `target`. */
long vcpu_op_timer(struct vcpu *caller, struct vcpu *target, unsigned int cmd, uint64_t arg);

/* Hypercall 15, set_timer_op(timeout): the legacy single-shot timer. */
long do_set_timer_op(struct vcpu *v, unsigned long *args);

#endif /* HV_VCPU_TIMER_H */
