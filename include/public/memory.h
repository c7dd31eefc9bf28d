/* SPDX-License-Identifier: MIT */
/*
 * memory_op(cmd, arg): the guest-physical address space of a domain. `arg` points to the
 * structure named for each command. Errors common to all commands: -XEN_EFAULT (bad `arg` or
 * handle), -XEN_EINVAL (bad field), -XEN_ESRCH (no such domain), -XEN_EPERM (caller may not
 * act on that domain), -XEN_ENOSYS (unknown command).
 *
 * For a PVH (auto-translated) guest every frame number below is a guest frame number (GFN).
 * Bits 6 and up of `cmd` are not part of the command: the hypervisor keeps the progress of a
 * preempted operation there (a continuation), and guests pass them as 0.
 */
#ifndef XEN_PUBLIC_MEMORY_H
#define XEN_PUBLIC_MEMORY_H

#include "xen.h"

/*
 * XENMEM_increase_reservation, XENMEM_decrease_reservation, XENMEM_populate_physmap: give
 * memory to a domain or take it away, in extents of 2^extent_order frames. Returns the number
 * of extents processed (which may be fewer than nr_extents), or a negative error.
 *  - increase: allocate extents; OUT extent_start[] receives their frame numbers (PV only;
 *    translated guests use populate_physmap).
 *  - decrease: IN extent_start[] lists GFNs to release.
 *  - populate: IN extent_start[] lists the GFNs to back with new memory.
 */
#define XENMEM_increase_reservation 0
#define XENMEM_decrease_reservation 1
#define XENMEM_populate_physmap     6

/* mem_flags: bits 0-7 address width limit (0 = none), bits 8-15 NUMA node + 1, then flags. */
#define XENMEMF_address_bits(x)     (x)
#define XENMEMF_get_address_bits(x) ((x)&0xffU)
#define XENMEMF_node(x)             (((x) + 1) << 8)
#define XENMEMF_get_node(x)         ((((x) >> 8) - 1) & 0xffU)
#define XENMEMF_populate_on_demand  (1 << 16)
#define XENMEMF_exact_node_request  (1 << 17)
#define XENMEMF_exact_node(n)       (XENMEMF_node(n) | XENMEMF_exact_node_request)
#define XENMEMF_vnode               (1 << 18)

struct xen_memory_reservation {
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start; /* 0: IN/OUT array of nr_extents frames. */
    xen_ulong_t nr_extents;                   /* 8: IN */
    uint32_t extent_order;                    /* 16: IN log2 of frames per extent. */
    uint32_t mem_flags;                       /* 20: IN XENMEMF_* */
    domid_t domid;                            /* 24: IN DOMID_SELF or a domain id. */
};
typedef struct xen_memory_reservation xen_memory_reservation_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_reservation_t);
_Static_assert(sizeof(struct xen_memory_reservation) == 32, "xen_memory_reservation size");
_Static_assert(offsetof(struct xen_memory_reservation, nr_extents) == 8, "reservation.nr_ext");
_Static_assert(offsetof(struct xen_memory_reservation, extent_order) == 16, "reservation.order");
_Static_assert(offsetof(struct xen_memory_reservation, mem_flags) == 20, "reservation.flags");
_Static_assert(offsetof(struct xen_memory_reservation, domid) == 24, "reservation.domid");

/*
 * XENMEM_maximum_ram_page: `arg` ignored; returns the highest machine frame number.
 * XENMEM_current_reservation, XENMEM_maximum_reservation, XENMEM_maximum_gpfn: IN `arg` ->
 * domid_t; return the domain's current and maximum number of frames, or its highest GFN.
 */
#define XENMEM_maximum_ram_page    2
#define XENMEM_current_reservation 3
#define XENMEM_maximum_reservation 4
#define XENMEM_maximum_gpfn        14

/* XENMEM_machphys_mfn_list, XENMEM_machphys_mapping: PV machine-to-phys table; PV only. */
#define XENMEM_machphys_mfn_list        5
#define XENMEM_machphys_mapping         12
#define XENMEM_machphys_compat_mfn_list 25

/*
 * XENMEM_add_to_physmap: map one hypervisor- or domain-provided frame into the guest-physical
 * space of `domid` at `gpfn`, replacing (and releasing) whatever RAM was there. What the frame
 * is depends on `space`:
 *  - XENMAPSPACE_shared_info: the shared_info page; idx must be 0.
 *  - XENMAPSPACE_grant_table: grant-table frame idx; with XENMAPIDX_grant_table_status set,
 *    status frame (idx & ~XENMAPIDX_grant_table_status) of a v2 table.
 *  - XENMAPSPACE_gmfn: move the domain's own frame idx to gpfn.
 *  - XENMAPSPACE_gmfn_range: move `size` frames starting at idx (add_to_physmap only).
 *  - XENMAPSPACE_gmfn_foreign: another domain's frame (add_to_physmap_batch only).
 * Returns 0, or -XEN_EINVAL for a bad space or index.
 */
#define XENMEM_add_to_physmap 7

#define XENMAPSPACE_shared_info  0 /* The shared_info page. */
#define XENMAPSPACE_grant_table  1 /* A grant-table frame. */
#define XENMAPSPACE_gmfn         2 /* A frame of the domain itself. */
#define XENMAPSPACE_gmfn_range   3 /* A range of frames of the domain itself. */
#define XENMAPSPACE_gmfn_foreign 4 /* A frame of another domain. */
#define XENMAPSPACE_dev_mmio     5 /* ARM only: device MMIO. */

#define XENMAPIDX_grant_table_status 0x80000000U

struct xen_add_to_physmap {
    domid_t domid;   /* 0: IN DOMID_SELF or a domain the caller controls. */
    uint16_t size;   /* 2: IN frame count for XENMAPSPACE_gmfn_range. */
    uint32_t space;  /* 4: IN XENMAPSPACE_* */
    xen_ulong_t idx; /* 8: IN index within the space. */
    xen_pfn_t gpfn;  /* 16: IN where to map it. */
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_t);
_Static_assert(sizeof(struct xen_add_to_physmap) == 24, "xen_add_to_physmap size");
_Static_assert(offsetof(struct xen_add_to_physmap, size) == 2, "add_to_physmap.size");
_Static_assert(offsetof(struct xen_add_to_physmap, space) == 4, "add_to_physmap.space");
_Static_assert(offsetof(struct xen_add_to_physmap, idx) == 8, "add_to_physmap.idx");
_Static_assert(offsetof(struct xen_add_to_physmap, gpfn) == 16, "add_to_physmap.gpfn");

/*
 * XENMEM_add_to_physmap_batch: like add_to_physmap for `size` frames at once. Each frame's
 * result goes to errs[] (0 or a negative error); the call itself returns 0 unless the
 * arguments as a whole are bad.
 */
#define XENMEM_add_to_physmap_batch 23

struct xen_add_to_physmap_batch {
    domid_t domid;  /* 0: IN */
    uint16_t space; /* 2: IN XENMAPSPACE_* */
    uint16_t size;  /* 4: IN number of entries in idxs, gpfns and errs. */
    union {
        domid_t foreign_domid;          /* XENMAPSPACE_gmfn_foreign: the owner of the frames. */
        uint16_t res0;                  /* Other spaces: 0. */
    } u;                                /* 6: IN */
    XEN_GUEST_HANDLE(xen_ulong_t) idxs; /* 8: IN */
    XEN_GUEST_HANDLE(xen_pfn_t) gpfns;  /* 16: IN */
    XEN_GUEST_HANDLE(int) errs;         /* 24: OUT */
};
typedef struct xen_add_to_physmap_batch xen_add_to_physmap_batch_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_batch_t);
_Static_assert(sizeof(struct xen_add_to_physmap_batch) == 32, "xen_add_to_physmap_batch size");
_Static_assert(offsetof(struct xen_add_to_physmap_batch, u) == 6, "physmap_batch.u");
_Static_assert(offsetof(struct xen_add_to_physmap_batch, idxs) == 8, "physmap_batch.idxs");
_Static_assert(offsetof(struct xen_add_to_physmap_batch, errs) == 24, "physmap_batch.errs");

/*
 * XENMEM_remove_from_physmap: unmap whatever is at `gpfn` (a mapped overlay page or RAM),
 * leaving a hole.
 */
#define XENMEM_remove_from_physmap 15

struct xen_remove_from_physmap {
    domid_t domid;  /* 0: IN */
    xen_pfn_t gpfn; /* 8: IN */
};
typedef struct xen_remove_from_physmap xen_remove_from_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_remove_from_physmap_t);
_Static_assert(sizeof(struct xen_remove_from_physmap) == 16, "xen_remove_from_physmap size");
_Static_assert(offsetof(struct xen_remove_from_physmap, gpfn) == 8, "remove_from_physmap.gpfn");

/*
 * XENMEM_memory_map: the caller's own memory map, the same one hvm_start_info carries.
 * IN nr_entries is the capacity of `buffer` in entries; the hypervisor copies
 * min(capacity, number of entries) struct e820entry records into it and sets OUT nr_entries
 * to the number copied. Returns 0, or -XEN_ENOSYS if the domain has no map.
 *
 * XENMEM_machine_memory_map: the host's map (hardware domain only), same structure.
 * XENMEM_set_memory_map: IN struct xen_foreign_memory_map, set a domain's map (toolstack).
 */
#define XENMEM_memory_map         9
#define XENMEM_machine_memory_map 10
#define XENMEM_set_memory_map     13

struct xen_memory_map {
    uint32_t nr_entries;           /* 0: IN capacity, OUT entries written. */
    XEN_GUEST_HANDLE(void) buffer; /* 8: OUT array of struct e820entry. */
};
typedef struct xen_memory_map xen_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_map_t);
_Static_assert(sizeof(struct xen_memory_map) == 16, "xen_memory_map size");
_Static_assert(offsetof(struct xen_memory_map, buffer) == 8, "xen_memory_map.buffer");

struct xen_foreign_memory_map {
    domid_t domid;             /* 0: IN */
    struct xen_memory_map map; /* 8: IN */
};
typedef struct xen_foreign_memory_map xen_foreign_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_foreign_memory_map_t);
_Static_assert(sizeof(struct xen_foreign_memory_map) == 24, "xen_foreign_memory_map size");
_Static_assert(offsetof(struct xen_foreign_memory_map, map) == 8, "foreign_memory_map.map");

/*
 * One entry of a XENMEM_memory_map buffer: the BIOS E820 format, 20 bytes and packed, so the
 * entries sit at a 20-byte stride. Types use the E820 numbering of XEN_HVM_MEMMAP_TYPE_*
 * (hvm/start_info.h). Xen's public headers leave this type to each side; the name follows
 * Xen's own internal definition.
 */
struct e820entry {
    uint64_t addr; /* 0: first byte. */
    uint64_t size; /* 8: length in bytes. */
    uint32_t type; /* 16: E820 type. */
} __attribute__((packed));
_Static_assert(sizeof(struct e820entry) == 20, "e820entry size");
_Static_assert(offsetof(struct e820entry, type) == 16, "e820entry.type");

/* Further commands, listed for the fixed number space; not part of the PVH guest ABI yet. */
#define XENMEM_exchange                   11
#define XENMEM_set_pod_target             16
#define XENMEM_get_pod_target             17
#define XENMEM_claim_pages                24
#define XENMEM_get_vnumainfo              26
#define XENMEM_reserved_device_memory_map 27
#define XENMEM_acquire_resource           28

#endif /* XEN_PUBLIC_MEMORY_H */
