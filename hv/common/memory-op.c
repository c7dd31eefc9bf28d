/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memory_op: what a domain may learn about its own memory (guest-abi.md 2.4), and the dispatch
 * of the operations that change it (memory-reservation.c).
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest-access.h>
#include <hv/hypercall.h>
#include <hv/memory-op.h>
#include <hv/page-alloc.h>
#include <hv/pvh-loader.h>
#include <hv/shared-info.h>
#include <public/hvm/start_info.h>
#include <public/memory.h>
#include <public/xen.h>

/* The map as packed 20-byte E820 entries, min(capacity, count) of them (Xen's semantics). */
static long memory_map(struct vcpu *v, uint64_t arg)
{
    struct hvm_memmap_table_entry map[PVH_MEMMAP_MAX];
    struct xen_memory_map mm;
    int nr = pvh_memory_map(&v->domain->mem_layout, map, PVH_MEMMAP_MAX);

    if (nr < 0) {
        return -ENOSYS;
    }
    if (copy_from_guest(v, &mm, arg, sizeof(mm))) {
        return -EFAULT;
    }
    for (unsigned int i = 0; i < (unsigned int)nr && i < mm.nr_entries; i++) {
        struct e820entry e = {
            .addr = map[i].addr,
            .size = map[i].size,
            .type = map[i].type,
        };

        if (copy_to_guest(v, mm.buffer.q + i * sizeof(e), &e, sizeof(e))) {
            return -EFAULT;
        }
    }
    mm.nr_entries = MIN(mm.nr_entries, (unsigned int)nr);
    return copy_to_guest(v, arg, &mm, sizeof(mm)) ? -EFAULT : 0;
}

/* The domain named by the domid at guest address `arg` (current/maximum_reservation). */
static struct domain *target_domain(struct vcpu *v, uint64_t arg, long *rc)
{
    domid_t id;

    if (copy_from_guest(v, &id, arg, sizeof(id))) {
        *rc = -EFAULT;
        return NULL;
    }
    return memop_domain(v, id, rc);
}

long do_memory_op(struct vcpu *v, unsigned long *args)
{
    struct domain *d;
    long rc = 0;

    switch (args[0] & MEMOP_CMD_MASK) {
    case XENMEM_memory_map:
        return memory_map(v, args[1]);
    case XENMEM_add_to_physmap:
        return memory_add_to_physmap(v, args[1]);
    case XENMEM_remove_from_physmap:
        return memory_remove_from_physmap(v, args[1]);
    case XENMEM_populate_physmap:
    case XENMEM_decrease_reservation:
        return memory_reservation(v, (unsigned int)(args[0] & MEMOP_CMD_MASK), args);
    case XENMEM_current_reservation:
        d = target_domain(v, args[1], &rc);
        return d ? (long)d->tot_pages : rc;
    case XENMEM_maximum_reservation:
        d = target_domain(v, args[1], &rc);
        return d ? (long)d->max_pages : rc;
    case XENMEM_maximum_ram_page:
        return (long)page_alloc_nr_frames() - 1;
    default:
        return -ENOSYS;
    }
}
