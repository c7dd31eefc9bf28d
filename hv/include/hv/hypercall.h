/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypercall dispatch (hv/common/hypercall.c) and the handlers it calls. The arch turns the
 * guest's registers into an argument array (64-bit: RDI RSI RDX R10 R8 R9; 32-bit: EBX ECX
 * EDX ESI EDI EBP) and the result back into RAX; docs/hypercalls.md lists every hypercall.
 */
#ifndef HV_HYPERCALL_H
#define HV_HYPERCALL_H

#include <hv/domain.h>

#define HYPERCALL_MAX_ARGS 6

/* Internal return value: the handler stopped early and updated args for a continuation. */
#define ERESTART 85

typedef long (*hypercall_fn)(struct vcpu *v, unsigned long *args);

/*
 * Run hypercall `nr` for `v` with `args` (updated in place when the result is -ERESTART: the
 * arch then leaves the guest on the hypercall instruction with the new arguments, so it runs
 * again after the vCPU was preempted). Unknown numbers give -ENOSYS, logged once per domain.
 */
long hypercall_dispatch(struct vcpu *v, unsigned long nr, unsigned long args[HYPERCALL_MAX_ARGS]);

/* True when a long hypercall should stop and continue later (work is pending on this CPU). */
bool hypercall_preempt_check(void);

long do_xen_version(struct vcpu *v, unsigned long *args);
long do_console_io(struct vcpu *v, unsigned long *args);
long do_sched_op(struct vcpu *v, unsigned long *args);
long do_memory_op(struct vcpu *v, unsigned long *args);
long do_hvm_op(struct vcpu *v, unsigned long *args);
long do_vcpu_op(struct vcpu *v, unsigned long *args);
long do_set_timer_op(struct vcpu *v, unsigned long *args);
long do_event_channel_op(struct vcpu *v, unsigned long *args);
/* Privileged domains only (include/public/domctl.h); -EPERM for others. */
long do_domctl(struct vcpu *v, unsigned long *args);

#endif /* HV_HYPERCALL_H */
