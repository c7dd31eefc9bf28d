/* SPDX-License-Identifier: GPL-2.0-only */
/* vcpu_op: questions about and control of a domain's own vCPUs. */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/hypercall.h>
#include <public/vcpu.h>

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
    default:
        return -ENOSYS;
    }
}
