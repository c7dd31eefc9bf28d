/* SPDX-License-Identifier: GPL-2.0-only */
/* vcpu_op: questions about and control of a domain's own vCPUs. */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest-access.h>
#include <hv/hypercall.h>
#include <hv/shared-info.h>
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

long do_vcpu_op(struct vcpu *v, unsigned long *args)
{
    struct domain *d = v->domain;
    unsigned long id = args[1];

    if (id >= d->max_vcpus) {
        return -ENOENT;
    }
    switch (args[0]) {
    case VCPUOP_is_up:
        return !(d->vcpu[id]->pause_flags & VPF_DOWN);
    case VCPUOP_register_vcpu_info:
        return register_vcpu_info(v, d->vcpu[id], args[2]);
    default:
        return -ENOSYS;
    }
}
