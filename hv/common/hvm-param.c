/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hvm_op: the HVM parameters a PVH guest reads and sets. The hypervisor (for boot-time
 * domains) fills the parameters describing the console and xenstore pages; the guest may only
 * read those. It sets the event callback (HVM_PARAM_CALLBACK_IRQ) itself. Unknown indexes are
 * rejected so a guest cannot stash state in parameters nothing implements.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest-access.h>
#include <hv/hypercall.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/xen.h>

enum param_access { PARAM_NONE, PARAM_READ, PARAM_READ_WRITE };

static enum param_access param_access(uint32_t index)
{
    switch (index) {
    case HVM_PARAM_CALLBACK_IRQ:
        return PARAM_READ_WRITE;
    case HVM_PARAM_STORE_PFN:
    case HVM_PARAM_STORE_EVTCHN:
    case HVM_PARAM_CONSOLE_PFN:
    case HVM_PARAM_CONSOLE_EVTCHN:
        return PARAM_READ;
    default:
        return PARAM_NONE;
    }
}

static long param_op(struct vcpu *v, unsigned long op, uint64_t arg)
{
    struct xen_hvm_param p;
    enum param_access access;

    if (copy_from_guest(v, &p, arg, sizeof(p))) {
        return -EFAULT;
    }
    if (p.domid != DOMID_SELF && p.domid != v->domain->domain_id) {
        return -EPERM;
    }
    access = p.index < NR_HVM_PARAMS ? param_access(p.index) : PARAM_NONE;
    if (access == PARAM_NONE) {
        return -EINVAL;
    }
    if (op == HVMOP_get_param) {
        p.value = v->domain->hvm_params[p.index];
        return copy_to_guest(v, arg, &p, sizeof(p)) ? -EFAULT : 0;
    }
    if (access != PARAM_READ_WRITE) {
        return -EPERM;
    }
    v->domain->hvm_params[p.index] = p.value;
    return 0;
}

long do_hvm_op(struct vcpu *v, unsigned long *args)
{
    switch (args[0]) {
    case HVMOP_set_param:
    case HVMOP_get_param:
        return param_op(v, args[0], args[1]);
    default:
        return -ENOSYS;
    }
}
