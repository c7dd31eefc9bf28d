/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hvm_op: the HVM parameters a PVH guest reads and sets. The hypervisor (for boot-time
 * domains) fills the parameters describing the console and xenstore pages; the guest may only
 * read those. It sets the event callback (HVM_PARAM_CALLBACK_IRQ) itself, and may give single
 * vCPUs their own upcall vector (HVMOP_set_evtchn_upcall_vector). Unknown indexes are rejected so
 * a guest cannot stash state in parameters nothing implements.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest-access.h>
#include <hv/hypercall.h>
#include <hv/sched.h>
#include <hv/shared-info.h>
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

/*
 * HVMOP_set_evtchn_upcall_vector (guest-abi.md 3.5): vCPU op.vcpu's upcalls use op.vector
 * instead of HVM_PARAM_CALLBACK_IRQ's. Xen's checks, in Xen's order: a vector below 0x10 (an
 * exception vector) is -EINVAL, then a vCPU that does not exist -ENOENT. Xen asserts the upcall
 * again after the change; here the vector is level-like (injected while evtchn_upcall_pending
 * is set), so only a vCPU that already has an upcall pending needs telling: it may be halted
 * waiting for a vector it did not have, or running where it cannot see the new one.
 */
static long set_upcall_vector(struct vcpu *v, uint64_t arg)
{
    struct xen_hvm_evtchn_upcall_vector op;
    struct vcpu *target;

    if (copy_from_guest(v, &op, arg, sizeof(op))) {
        return -EFAULT;
    }
    if (op.vector < 0x10) {
        return -EINVAL;
    }
    if (op.vcpu >= v->domain->max_vcpus) {
        return -ENOENT;
    }
    target = v->domain->vcpu[op.vcpu];
    __atomic_store_n(&target->upcall_vector, op.vector, __ATOMIC_RELEASE);
    if (vcpu_upcall_pending(target)) {
        vcpu_wake(target);
        arch_vcpu_kick(target);
    }
    return 0;
}

long do_hvm_op(struct vcpu *v, unsigned long *args)
{
    switch (args[0]) {
    case HVMOP_set_param:
    case HVMOP_get_param:
        return param_op(v, args[0], args[1]);
    case HVMOP_set_evtchn_upcall_vector:
        return set_upcall_vector(v, args[1]);
    default:
        return -ENOSYS;
    }
}
