/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The parts of memory_op that change a domain's memory (hv/common/memory-reservation.c),
 * called from the dispatcher in hv/common/memory-op.c.
 */
#ifndef HV_MEMORY_OP_H
#define HV_MEMORY_OP_H

#include <hv/types.h>
#include <public/xen.h>

struct domain;
struct vcpu;

/* The command word's low bits are the command; above them a continuation's start extent. */
#define MEMOP_EXTENT_SHIFT 6
#define MEMOP_CMD_MASK     ((1UL << MEMOP_EXTENT_SHIFT) - 1)

/*
 * XENMEM_populate_physmap or XENMEM_decrease_reservation (`cmd`) with args[1] the guest's
 * struct xen_memory_reservation. Returns the number of extents done, a negative errno, or
 * -ERESTART with args[0] updated to continue where it stopped.
 */
long memory_reservation(struct vcpu *v, unsigned int cmd, unsigned long *args);

/* The domain a memory op's domid names: the caller itself only, until there are privileges.
 * NULL with *rc = -ESRCH (no such domain) or -EPERM (another one). */
struct domain *memop_domain(struct vcpu *v, domid_t domid, long *rc);

/* XENMEM_remove_from_physmap and XENMEM_add_to_physmap with the guest's argument at `arg`. */
long memory_remove_from_physmap(struct vcpu *v, uint64_t arg);
long memory_add_to_physmap(struct vcpu *v, uint64_t arg);

#endif /* HV_MEMORY_OP_H */
