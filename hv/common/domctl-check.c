/* SPDX-License-Identifier: GPL-2.0-only */
/* Argument checks of the control interface (hv/include/hv/domctl.h). */
#include <hv/domctl.h>
#include <hv/errno.h>
#include <hv/sched-fair.h>

int domctl_check_header(const struct xen_domctl *op, bool privileged)
{
    if (!privileged) {
        return -EPERM;
    }
    if (op->interface_version != XEN_DOMCTL_INTERFACE_VERSION) {
        return -EACCES; /* Xen's answer: the caller was built for another layout. */
    }
    switch (op->cmd) {
    case XEN_DOMCTL_getdomaininfo:
    case XEN_DOMCTL_setvcpuaffinity:
    case XEN_DOMCTL_getvcpuinfo:
    case XEN_DOMCTL_scheduler_op:
    case XEN_DOMCTL_getvcpuaffinity:
        return 0;
    default:
        return -ENOSYS;
    }
}

int domctl_check_cpumap_size(uint32_t nr_bits)
{
    return nr_bits > XEN_DOMCTL_CPUMAP_MAX_BITS ? -EINVAL : 0;
}

size_t domctl_cpumap_read_len(uint32_t nr_bits, unsigned int nr_cpus)
{
    return MIN(DIV_ROUND_UP((size_t)nr_bits, 8), DIV_ROUND_UP((size_t)nr_cpus, 8));
}

unsigned long domctl_cpumap_to_mask(const uint8_t *bytes, size_t len, uint32_t nr_bits,
                                    unsigned int nr_cpus)
{
    unsigned int limit = MIN(nr_cpus, MIN(nr_bits, 8 * (unsigned int)len));
    unsigned long mask = 0;

    for (unsigned int cpu = 0; cpu < limit && cpu < 8 * sizeof(mask); cpu++) {
        if (bytes[cpu / 8] & (1U << (cpu % 8))) {
            mask |= 1UL << cpu;
        }
    }
    return mask;
}

void domctl_mask_to_cpumap(unsigned long mask, uint32_t nr_bits, size_t offset, uint8_t *bytes,
                           size_t len)
{
    for (size_t i = 0; i < len; i++) {
        size_t byte = offset + i;
        uint8_t b = 0;

        for (unsigned int bit = 0; bit < 8; bit++) {
            size_t cpu = byte * 8 + bit;

            if (cpu < nr_bits && cpu < 8 * sizeof(mask) && (mask & (1UL << cpu))) {
                b |= (uint8_t)(1U << bit);
            }
        }
        bytes[i] = b;
    }
}

int domctl_check_affinity_flags(uint32_t flags)
{
    const uint32_t known = XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT | XEN_VCPUAFFINITY_FORCE;

    if (flags & ~known) {
        return -EINVAL;
    }
    return (flags & (XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT)) ? 0 : -EINVAL;
}

int domctl_new_affinity(uint32_t flags, unsigned long req_hard, unsigned long req_soft,
                        unsigned long cur_hard, unsigned long cur_soft, unsigned long online,
                        unsigned long *hard, unsigned long *soft)
{
    unsigned long h = (flags & XEN_VCPUAFFINITY_HARD) ? req_hard : cur_hard;

    if (!(h & online)) {
        return -EINVAL; /* A vCPU that may run nowhere would never run again. */
    }
    *hard = h & online;
    *soft = (flags & XEN_VCPUAFFINITY_SOFT) ? req_soft : cur_soft;
    return 0;
}

int domctl_check_sched_op(const struct xen_domctl_scheduler_op *op, unsigned int nr_vcpus)
{
    if (op->sched_id != XEN_SCHEDULER_CREDIT2) {
        return -EINVAL;
    }
    switch (op->cmd) {
    case XEN_DOMCTL_SCHEDOP_putinfo:
        /* Unlike Xen's credit2, weight 0 is refused rather than read as "unchanged". */
        return sched_check_params(op->u.credit2.weight, op->u.credit2.cap, nr_vcpus);
    case XEN_DOMCTL_SCHEDOP_getinfo:
        return 0;
    default:
        return -EINVAL; /* Per-vCPU parameters: this scheduler has none. */
    }
}
