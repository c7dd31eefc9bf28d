/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sched_op: a vCPU yields, blocks, or ends its domain (guest-abi.md 2.8, 5.7).
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest-access.h>
#include <hv/hypercall.h>
#include <hv/sched.h>
#include <hv/shared-info.h>
#include <public/sched.h>

static long sched_shutdown(struct vcpu *v, uint64_t arg)
{
    struct sched_shutdown s;

    if (copy_from_guest(v, &s, arg, sizeof(s))) {
        return -EFAULT;
    }
    if (s.reason > SHUTDOWN_MAX) {
        return -EINVAL;
    }
    domain_shutdown(v->domain, s.reason);
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
        /* Block, then look for events: one raised in between has already woken us. */
        vcpu_block(v);
        if (vcpu_upcall_pending(v)) {
            vcpu_wake(v);
        }
        return 0;
    case SCHEDOP_shutdown:
        return sched_shutdown(v, args[1]);
    case SCHEDOP_shutdown_code:
        return sched_shutdown_code(v, args[1]);
    case SCHEDOP_remote_shutdown:
        return -EPERM; /* Only a privileged domain may end another; none is yet. */
    default:
        return -ENOSYS;
    }
}
