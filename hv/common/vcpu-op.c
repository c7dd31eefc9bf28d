/* SPDX-License-Identifier: GPL-2.0-only */
/* vcpu_op: questions about and control of a domain's own vCPUs. */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest-access.h>
#include <hv/hypercall.h>
#include <hv/runstate.h>
#include <hv/sched.h>
#include <hv/shared-info.h>
#include <hv/vcpu-timer.h>
#include <public/vcpu.h>

static long register_vcpu_info(struct vcpu *v, struct vcpu *target, uint64_t arg)
{
    struct vcpu_register_vcpu_info r;

    if (copy_from_guest(v, &r, arg, sizeof(r))) {
        return -EFAULT;
    }
    if (r.rsvd) {
        return -EINVAL;
    }
    return vcpu_info_register(v->domain, target, r.mfn, r.offset);
}

static long vcpu_initialise(struct vcpu *v, struct vcpu *target, uint64_t arg)
{
    long rc;

    if (!(target->pause_flags & VPF_DOWN)) {
        return -EBUSY; /* Running vCPUs cannot be re-initialised. */
    }
    if (target->initialised) {
        return -EEXIST;
    }
    rc = arch_vcpu_initialise(v, target, arg);
    if (!rc) {
        target->initialised = true;
    }
    return rc;
}

static long vcpu_up(struct vcpu *target)
{
    if (!target->initialised) {
        return -EINVAL;
    }
    vcpu_pause_flag_clear(target, VPF_DOWN);
    return 0;
}

long do_vcpu_op(struct vcpu *v, unsigned long *args)
{
    struct domain *d = v->domain;
    unsigned long id = args[1];

    if (id >= d->max_vcpus) {
        return -ENOENT;
    }
    switch (args[0]) {
    case VCPUOP_initialise:
        return vcpu_initialise(v, d->vcpu[id], args[2]);
    case VCPUOP_up:
        return vcpu_up(d->vcpu[id]);
    case VCPUOP_down:
        vcpu_pause_flag_set(d->vcpu[id], VPF_DOWN);
        return 0;
    case VCPUOP_is_up:
        return !(d->vcpu[id]->pause_flags & VPF_DOWN);
    case VCPUOP_get_runstate_info:
    case VCPUOP_register_runstate_memory_area:
        return vcpu_op_runstate(v, d->vcpu[id], (unsigned int)args[0], args[2]);
    case VCPUOP_set_singleshot_timer:
    case VCPUOP_stop_singleshot_timer:
    case VCPUOP_set_periodic_timer:
    case VCPUOP_stop_periodic_timer:
        return vcpu_op_timer(v, d->vcpu[id], (unsigned int)args[0], args[2]);
    case VCPUOP_register_vcpu_info:
        return register_vcpu_info(v, d->vcpu[id], args[2]);
    default:
        return -ENOSYS;
    }
}
