/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domctl: a privileged domain inspects and tunes the scheduling of a domain
 * (include/public/domctl.h). Each command validates everything it was given (domctl-check.c)
 * before it changes anything, then commits through the scheduler's own entry points, which
 * take effect at the next scheduling decision.
 *
 * The target domain is held (domain_get_by_id) for the whole call, so it cannot be freed
 * under us even if it ends meanwhile; changing an ending domain's parameters is harmless.
 */
#include <hv/domain.h>
#include <hv/domctl.h>
#include <hv/errno.h>
#include <hv/guest-access.h>
#include <hv/hypercall.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <hv/smp.h>
#include <hv/string.h>

static unsigned long online_mask(void)
{
    return nr_cpu_ids >= 8 * sizeof(long) ? ~0UL : (1UL << nr_cpu_ids) - 1;
}

/* XEN_DOMINF_* for `d`: Xen reports a domain blocked when no vCPU runs and all are blocked. */
static uint32_t domain_flags(struct domain *d)
{
    uint32_t flags = XEN_DOMINF_hvm_guest | XEN_DOMINF_hap;
    bool any_running = false, all_blocked = true;
    enum domain_state state = READ_ONCE(d->state);

    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        struct sched_vcpu_info info;

        sched_vcpu_snapshot(d->vcpu[i], &info);
        any_running |= info.running;
        all_blocked &= !info.online || info.blocked;
    }
    if (state >= DOMAIN_SHUTDOWN) {
        flags |= XEN_DOMINF_shutdown |
                 ((d->shutdown_reason & XEN_DOMINF_shutdownmask) << XEN_DOMINF_shutdownshift);
    }
    if (state == DOMAIN_PAUSED) {
        flags |= XEN_DOMINF_paused;
    }
    if (any_running) {
        flags |= XEN_DOMINF_running;
    } else if (all_blocked) {
        flags |= XEN_DOMINF_blocked;
    }
    return flags;
}

static long getdomaininfo(struct domain *d, struct xen_domctl_getdomaininfo *info)
{
    unsigned int online = 0;

    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        online += !(READ_ONCE(d->vcpu[i]->pause_flags) & VPF_DOWN);
    }
    memset(info, 0, sizeof(*info));
    info->domain = d->domain_id;
    info->flags = domain_flags(d);
    info->tot_pages = d->tot_pages;
    info->max_pages = d->max_pages;
    info->shared_info_frame = d->shared_info_gfn;
    info->cpu_time = (uint64_t)sched_domain_cpu_time(d);
    info->nr_online_vcpus = online;
    info->max_vcpu_id = d->max_vcpus - 1;
    return 0;
}

static long getvcpuinfo(struct domain *d, struct xen_domctl_getvcpuinfo *op)
{
    struct sched_vcpu_info info;

    if (op->vcpu >= d->max_vcpus) {
        return -EINVAL;
    }
    sched_vcpu_snapshot(d->vcpu[op->vcpu], &info);
    op->online = info.online;
    op->blocked = info.blocked;
    op->running = info.running;
    op->cpu_time = (uint64_t)info.cpu_time;
    op->cpu = info.cpu;
    return 0;
}

/* Read the CPUs a caller's cpumap names (only the bytes that can name a CPU that exists). */
static long read_cpumap(struct vcpu *caller, const struct xenctl_bitmap *map, unsigned long *mask)
{
    size_t len = domctl_cpumap_read_len(map->nr_bits, nr_cpu_ids);
    uint8_t bytes[8];

    if (len && copy_from_guest(caller, bytes, map->bitmap.q, len)) {
        return -EFAULT;
    }
    *mask = domctl_cpumap_to_mask(bytes, len, map->nr_bits, nr_cpu_ids);
    return 0;
}

/* Fill all of a caller's cpumap: `mask` first, zeros up to nr_bits. */
static long write_cpumap(struct vcpu *caller, const struct xenctl_bitmap *map, unsigned long mask)
{
    size_t total = DIV_ROUND_UP((size_t)map->nr_bits, 8);
    uint8_t chunk[64];

    for (size_t off = 0; off < total; off += sizeof(chunk)) {
        size_t len = MIN(sizeof(chunk), total - off);

        domctl_mask_to_cpumap(mask, map->nr_bits, off, chunk, len);
        if (copy_to_guest(caller, map->bitmap.q + off, chunk, len)) {
            return -EFAULT;
        }
    }
    return 0;
}

static long set_affinity(struct vcpu *caller, struct vcpu *v, struct xen_domctl_vcpuaffinity *a)
{
    unsigned long req_hard = 0, req_soft = 0, cur_hard, cur_soft, hard, soft;
    long rc;

    if ((a->flags & XEN_VCPUAFFINITY_HARD) &&
        (rc = read_cpumap(caller, &a->cpumap_hard, &req_hard))) {
        return rc;
    }
    if ((a->flags & XEN_VCPUAFFINITY_SOFT) &&
        (rc = read_cpumap(caller, &a->cpumap_soft, &req_soft))) {
        return rc;
    }
    sched_get_affinity(v, &cur_hard, &cur_soft);
    rc = domctl_new_affinity(a->flags, req_hard, req_soft, cur_hard, cur_soft, online_mask(), &hard,
                             &soft);
    if (rc || (rc = sched_set_affinity(v, hard, soft))) {
        return rc;
    }
    /*
     * Return only once v has left any CPU it may no longer use (its CPU was told to
     * reschedule): the caller may rely on the new hard affinity from then on. The call is
     * issued again meanwhile; applying the same affinity twice changes nothing.
     */
    return sched_running_outside_affinity(v) ? -ERESTART : 0;
}

static long vcpu_affinity(struct vcpu *caller, struct domain *d, struct xen_domctl *op)
{
    struct xen_domctl_vcpuaffinity *a = &op->u.vcpuaffinity;
    unsigned long hard, soft;
    struct vcpu *v;
    long rc;

    if (a->vcpu >= d->max_vcpus || domctl_check_affinity_flags(a->flags)) {
        return -EINVAL;
    }
    if (((a->flags & XEN_VCPUAFFINITY_HARD) && domctl_check_cpumap_size(a->cpumap_hard.nr_bits)) ||
        ((a->flags & XEN_VCPUAFFINITY_SOFT) && domctl_check_cpumap_size(a->cpumap_soft.nr_bits))) {
        return -EINVAL;
    }
    v = d->vcpu[a->vcpu];
    if (op->cmd == XEN_DOMCTL_setvcpuaffinity && (rc = set_affinity(caller, v, a))) {
        return rc;
    }
    sched_get_affinity(v, &hard, &soft);
    if ((a->flags & XEN_VCPUAFFINITY_HARD) && (rc = write_cpumap(caller, &a->cpumap_hard, hard))) {
        return rc;
    }
    if ((a->flags & XEN_VCPUAFFINITY_SOFT) && (rc = write_cpumap(caller, &a->cpumap_soft, soft))) {
        return rc;
    }
    if (op->cmd == XEN_DOMCTL_setvcpuaffinity) {
        printk("sched: d%u vcpu%u affinity hard %#lx soft %#lx (set by d%u)\n", d->domain_id,
               a->vcpu, hard, soft, caller->domain->domain_id);
    }
    return 0;
}

static long scheduler_op(struct vcpu *caller, struct domain *d, struct xen_domctl_scheduler_op *op)
{
    long rc = domctl_check_sched_op(op, d->max_vcpus);

    if (rc) {
        return rc;
    }
    if (op->cmd == XEN_DOMCTL_SCHEDOP_getinfo) {
        op->u.credit2.weight = (uint16_t)READ_ONCE(d->sched.weight);
        op->u.credit2.cap = (uint16_t)READ_ONCE(d->sched.cap);
        return 0;
    }
    rc = sched_adjust(d, op->u.credit2.weight, op->u.credit2.cap);
    if (!rc) {
        printk("sched: d%u weight %u cap %u (set by d%u)\n", d->domain_id, op->u.credit2.weight,
               op->u.credit2.cap, caller->domain->domain_id);
    }
    return rc;
}

static long run_command(struct vcpu *caller, struct domain *d, struct xen_domctl *op)
{
    switch (op->cmd) {
    case XEN_DOMCTL_getdomaininfo:
        return getdomaininfo(d, &op->u.getdomaininfo);
    case XEN_DOMCTL_getvcpuinfo:
        return getvcpuinfo(d, &op->u.getvcpuinfo);
    case XEN_DOMCTL_setvcpuaffinity:
    case XEN_DOMCTL_getvcpuaffinity:
        return vcpu_affinity(caller, d, op);
    case XEN_DOMCTL_scheduler_op:
        return scheduler_op(caller, d, &op->u.scheduler_op);
    default:
        return -ENOSYS; /* domctl_check_header() let through a command not handled here. */
    }
}

long do_domctl(struct vcpu *v, unsigned long *args)
{
    struct xen_domctl op;
    struct domain *d;
    long rc;

    if (copy_from_guest(v, &op, args[0], sizeof(op))) {
        return -EFAULT;
    }
    rc = domctl_check_header(&op, v->domain->is_privileged);
    if (rc) {
        return rc;
    }
    d = domain_get_by_id(op.domain);
    if (!d) {
        return -ESRCH;
    }
    rc = run_command(v, d, &op);
    domain_put(d);
    if (!rc && copy_to_guest(v, args[0], &op, sizeof(op))) {
        rc = -EFAULT;
    }
    return rc;
}
