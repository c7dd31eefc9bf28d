/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control domain's interface (domctl, include/public/domctl.h): the argument checks,
 * kept free of locks, guest access and the scheduler (hv/common/domctl-check.c) so host unit
 * tests drive them directly; hv/common/domctl.c does the rest.
 *
 * Every check returns 0 or a negative errno and changes nothing. Context of every function:
 * any.
 */
#ifndef HV_DOMCTL_H
#define HV_DOMCTL_H

#include <hv/compiler.h>
#include <hv/types.h>
#include <public/domctl.h>

/*
 * The checks every call passes first, in the order the ABI documents: -EPERM unless the
 * caller is `privileged`, -EACCES for another interface version, -ENOSYS for a command that
 * is not implemented.
 */
int __must_check domctl_check_header(const struct xen_domctl *op, bool privileged);

/* A cpumap's size: -EINVAL above XEN_DOMCTL_CPUMAP_MAX_BITS, else 0. */
int __must_check domctl_check_cpumap_size(uint32_t nr_bits);

/*
 * How many bytes of a caller's cpumap of `nr_bits` can name one of `nr_cpus` CPUs: only those
 * are read (later bits would name CPUs that do not exist, and are ignored). At most 8.
 * Pre: nr_cpus <= 64.
 */
size_t domctl_cpumap_read_len(uint32_t nr_bits, unsigned int nr_cpus);

/* The CPUs below `nr_cpus` and `nr_bits` set in the first `len` bytes of a cpumap. */
unsigned long domctl_cpumap_to_mask(const uint8_t *bytes, size_t len, uint32_t nr_bits,
                                    unsigned int nr_cpus);

/*
 * Bytes [offset, offset + len) of the cpumap of `nr_bits` bits that shows `mask`: bits at or
 * past nr_bits are 0, so a caller's buffer never gets bits it did not ask for.
 */
void domctl_mask_to_cpumap(unsigned long mask, uint32_t nr_bits, size_t offset, uint8_t *bytes,
                           size_t len);

/* Affinity flags: at least one of HARD and SOFT, no unknown bit (FORCE is known). */
int __must_check domctl_check_affinity_flags(uint32_t flags);

/*
 * The affinity a setvcpuaffinity call asks for: the requested maps where `flags` names them,
 * the current ones elsewhere; the hard one limited to `online`. -EINVAL when that leaves no
 * CPU in the hard affinity. The soft one is trimmed later (sched_set_affinity()).
 */
int __must_check domctl_new_affinity(uint32_t flags, unsigned long req_hard, unsigned long req_soft,
                                     unsigned long cur_hard, unsigned long cur_soft,
                                     unsigned long online, unsigned long *hard,
                                     unsigned long *soft);

/*
 * A scheduler_op for a domain of `nr_vcpus` vCPUs: -EINVAL unless sched_id is
 * XEN_SCHEDULER_CREDIT2 and cmd is putinfo with a valid weight and cap (sched_check_params())
 * or getinfo. Pre: nr_vcpus >= 1.
 */
int __must_check domctl_check_sched_op(const struct xen_domctl_scheduler_op *op,
                                       unsigned int nr_vcpus);

#endif /* HV_DOMCTL_H */
