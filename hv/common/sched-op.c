/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sched_op: a vCPU yields, blocks, or ends its domain (guest-abi.md 2.8, 5.7).
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/event.h>
#include <hv/guest-access.h>
#include <hv/hypercall.h>
#include <hv/sched.h>
#include <hv/shared-info.h>
#include <public/sched.h>

#define SCHED_POLL_MAX_PORTS 128 /* Xen's limit is the domain's port count; Linux polls 1. */

static long sched_shutdown(struct vcpu *v, uint64_t arg)
{
    struct sched_shutdown s;

    if (copy_from_guest(v, &s, arg, sizeof(s))) {
        return -EFAULT;
    }
    if (s.reason > SHUTDOWN_MAX) {
        return -EINVAL;
    }
    if (s.reason == SHUTDOWN_crash) {
        arch_vcpu_dump(v); /* The guest says it crashed: show where (Linux: from its panic). */
    }
    domain_shutdown(v->domain, s.reason);
    return 0;
}

/*
 * SCHEDOP_poll: return at once if one of the ports is pending, else give the CPU away for a
 * moment and return 0 (Linux's PV spinlocks require 0 and re-check themselves). Waking exactly
 * when a polled port fires is left for later; this is a correct, if busier, poll.
 */
static long sched_poll(struct vcpu *v, uint64_t arg)
{
    struct sched_poll p;
    evtchn_port_t ports[SCHED_POLL_MAX_PORTS];

    if (copy_from_guest(v, &p, arg, sizeof(p))) {
        return -EFAULT;
    }
    if (p.nr_ports > SCHED_POLL_MAX_PORTS) {
        return -EINVAL;
    }
    if (copy_from_guest(v, ports, p.ports.q, p.nr_ports * sizeof(ports[0]))) {
        return -EFAULT;
    }
    for (unsigned int i = 0; i < p.nr_ports; i++) {
        if (evtchn_port_is_pending(v->domain, ports[i])) {
            return 0;
        }
    }
    vcpu_yield(v);
    return 0;
}

static long sched_shutdown_code(struct vcpu *v, uint64_t arg)
{
    struct sched_shutdown s;

    if (copy_from_guest(v, &s, arg, sizeof(s))) {
        return -EFAULT;
    }
    if (s.reason > SHUTDOWN_MAX) {
        return -EINVAL;
    }
    v->domain->shutdown_code = (int)s.reason;
    return 0;
}

long do_sched_op(struct vcpu *v, unsigned long *args)
{
    switch (args[0]) {
    case SCHEDOP_yield:
        vcpu_yield(v);
        return 0;
    case SCHEDOP_block:
        vcpu_block_for_events(v);
        return 0;
    case SCHEDOP_shutdown:
        return sched_shutdown(v, args[1]);
    case SCHEDOP_poll:
        return sched_poll(v, args[1]);
    case SCHEDOP_shutdown_code:
        return sched_shutdown_code(v, args[1]);
    case SCHEDOP_remote_shutdown:
        return -EPERM; /* Only a privileged domain may end another; none is yet. */
    default:
        return -ENOSYS;
    }
}
