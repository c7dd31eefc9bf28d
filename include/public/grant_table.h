/* SPDX-License-Identifier: MIT */
/*
 * Grant tables: how a domain lets another domain map or copy one of its pages. The granting
 * domain writes an entry into its grant table (frames it maps with XENMEM_add_to_physmap,
 * space XENMAPSPACE_grant_table) naming the page and the grantee; the grantee then uses the
 * entry's index (a grant reference) with grant_table_op(cmd, uop, count), where `uop` points
 * to an array of `count` structures of the type named for `cmd`.
 *
 * The call returns 0 when every element was attempted; each element reports its own result in
 * its `status` field as a GNTST_* value. A negative return value (-XEN_EFAULT, -XEN_EINVAL,
 * -XEN_ENOSYS) means the array itself could not be processed.
 */
#ifndef XEN_PUBLIC_GRANT_TABLE_H
#define XEN_PUBLIC_GRANT_TABLE_H

#include "xen.h"

typedef uint32_t grant_ref_t;
typedef uint32_t grant_handle_t;

/*
 * A version 1 grant entry, written by the granting domain. Write `frame` and `domid` first,
 * then `flags` (after a write barrier): the hypervisor trusts the entry once flags says so.
 */
struct grant_entry_v1 {
    uint16_t flags; /* 0: GTF_* */
    domid_t domid;  /* 2: the domain allowed to use the grant. */
    uint32_t frame; /* 4: the granted GFN (or, for a transfer, where it is received). */
};
typedef struct grant_entry_v1 grant_entry_v1_t;
_Static_assert(sizeof(struct grant_entry_v1) == 8, "grant_entry_v1 size");
_Static_assert(offsetof(struct grant_entry_v1, frame) == 4, "grant_entry_v1.frame");

/* The first references are set aside by convention for the toolstack's own use. */
#define GNTTAB_NR_RESERVED_ENTRIES 8
#define GNTTAB_RESERVED_CONSOLE    0
#define GNTTAB_RESERVED_XENSTORE   1

/* Entry type, in bits 1:0 of flags. */
#define GTF_invalid         (0U << 0) /* No grant. */
#define GTF_permit_access   (1U << 0) /* `domid` may map or copy `frame`. */
#define GTF_accept_transfer (2U << 0) /* `domid` may transfer a page to us. */
#define GTF_transitive      (3U << 0) /* v2 only: re-grant of another domain's grant. */
#define GTF_type_mask       (3U << 0)

/* Further flags: set by the granter (readonly, cache attributes, sub_page) ... */
#define _GTF_readonly (2)
#define GTF_readonly  (1U << _GTF_readonly) /* Read-only access only. */
#define _GTF_PWT      (5)
#define GTF_PWT       (1U << _GTF_PWT)
#define _GTF_PCD      (6)
#define GTF_PCD       (1U << _GTF_PCD)
#define _GTF_PAT      (7)
#define GTF_PAT       (1U << _GTF_PAT)
#define _GTF_sub_page (8)
#define GTF_sub_page  (1U << _GTF_sub_page) /* v2 only: part of a page. */
/* ... and by the hypervisor while the grant is in use, so the granter knows not to revoke. */
#define _GTF_reading (3)
#define GTF_reading  (1U << _GTF_reading) /* Mapped or being copied from. */
#define _GTF_writing (4)
#define GTF_writing  (1U << _GTF_writing) /* Mapped writable or being copied to. */
/* Transfer progress (GTF_accept_transfer entries). */
#define _GTF_transfer_committed (2)
#define GTF_transfer_committed  (1U << _GTF_transfer_committed)
#define _GTF_transfer_completed (3)
#define GTF_transfer_completed  (1U << _GTF_transfer_completed)

/* Version 2 entries: 16 bytes, the status flags kept apart in status frames. */
struct grant_entry_header {
    uint16_t flags; /* 0: GTF_* */
    domid_t domid;  /* 2 */
};
typedef struct grant_entry_header grant_entry_header_t;
_Static_assert(sizeof(struct grant_entry_header) == 4, "grant_entry_header size");

union grant_entry_v2 {
    grant_entry_header_t hdr;
    struct {
        grant_entry_header_t hdr; /* 0 */
        uint32_t pad0;            /* 4 */
        uint64_t frame;           /* 8 */
    } full_page;
    struct {
        grant_entry_header_t hdr; /* 0 */
        uint16_t page_off;        /* 4 */
        uint16_t length;          /* 6 */
        uint64_t frame;           /* 8 */
    } sub_page;
    struct {
        grant_entry_header_t hdr; /* 0 */
        domid_t trans_domid;      /* 4 */
        uint16_t pad0;            /* 6 */
        grant_ref_t gref;         /* 8 */
    } transitive;
    uint32_t __spacer[4]; /* Keeps the size at 16 bytes. */
};
typedef union grant_entry_v2 grant_entry_v2_t;
_Static_assert(sizeof(union grant_entry_v2) == 16, "grant_entry_v2 size");
_Static_assert(offsetof(union grant_entry_v2, full_page.frame) == 8, "grant_entry_v2.frame");

typedef uint16_t grant_status_t;

#define GNTTABOP_map_grant_ref     0
#define GNTTABOP_unmap_grant_ref   1
#define GNTTABOP_setup_table       2
#define GNTTABOP_dump_table        3
#define GNTTABOP_transfer          4
#define GNTTABOP_copy              5
#define GNTTABOP_query_size        6
#define GNTTABOP_unmap_and_replace 7
#define GNTTABOP_set_version       8
#define GNTTABOP_get_status_frames 9
#define GNTTABOP_get_version       10
#define GNTTABOP_swap_grant_ref    11
#define GNTTABOP_cache_flush       12

/*
 * GNTTABOP_map_grant_ref: map grant `ref` of domain `dom`. For a PVH (translated) caller with
 * GNTMAP_host_map, host_addr is the guest-physical address where the page appears. OUT handle
 * identifies the mapping for unmap; dev_bus_addr is set for GNTMAP_device_map.
 */
struct gnttab_map_grant_ref {
    uint64_t host_addr;    /* 0: IN */
    uint32_t flags;        /* 8: IN GNTMAP_* */
    grant_ref_t ref;       /* 12: IN */
    domid_t dom;           /* 16: IN the granting domain. */
    int16_t status;        /* 18: OUT GNTST_* */
    grant_handle_t handle; /* 20: OUT */
    uint64_t dev_bus_addr; /* 24: OUT */
};
typedef struct gnttab_map_grant_ref gnttab_map_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_map_grant_ref_t);
_Static_assert(sizeof(struct gnttab_map_grant_ref) == 32, "gnttab_map_grant_ref size");
_Static_assert(offsetof(struct gnttab_map_grant_ref, dom) == 16, "map_grant_ref.dom");
_Static_assert(offsetof(struct gnttab_map_grant_ref, handle) == 20, "map_grant_ref.handle");
_Static_assert(offsetof(struct gnttab_map_grant_ref, dev_bus_addr) == 24, "map_grant_ref.bus");

/* GNTTABOP_unmap_grant_ref: undo a mapping; host_addr/dev_bus_addr as given to map. */
struct gnttab_unmap_grant_ref {
    uint64_t host_addr;    /* 0: IN */
    uint64_t dev_bus_addr; /* 8: IN */
    grant_handle_t handle; /* 16: IN */
    int16_t status;        /* 20: OUT GNTST_* */
};
typedef struct gnttab_unmap_grant_ref gnttab_unmap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_grant_ref_t);
_Static_assert(sizeof(struct gnttab_unmap_grant_ref) == 24, "gnttab_unmap_grant_ref size");
_Static_assert(offsetof(struct gnttab_unmap_grant_ref, status) == 20, "unmap_grant_ref.status");

/*
 * GNTTABOP_setup_table: grow `dom`'s table to nr_frames frames and list their frame numbers
 * (PV guests; a PVH guest maps the frames with XENMEM_add_to_physmap instead).
 */
struct gnttab_setup_table {
    domid_t dom;                            /* 0: IN */
    uint32_t nr_frames;                     /* 4: IN */
    int16_t status;                         /* 8: OUT GNTST_* */
    XEN_GUEST_HANDLE(xen_pfn_t) frame_list; /* 16: OUT nr_frames entries. */
};
typedef struct gnttab_setup_table gnttab_setup_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_setup_table_t);
_Static_assert(sizeof(struct gnttab_setup_table) == 24, "gnttab_setup_table size");
_Static_assert(offsetof(struct gnttab_setup_table, frame_list) == 16, "setup_table.frame_list");

/* GNTTABOP_dump_table: print `dom`'s table on the hypervisor console (debugging). */
struct gnttab_dump_table {
    domid_t dom;    /* 0: IN */
    int16_t status; /* 2: OUT GNTST_* */
};
typedef struct gnttab_dump_table gnttab_dump_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_dump_table_t);
_Static_assert(sizeof(struct gnttab_dump_table) == 4, "gnttab_dump_table size");

/* GNTTABOP_transfer: give page `mfn` to `domid` through its accept-transfer grant `ref`. */
struct gnttab_transfer {
    xen_pfn_t mfn;   /* 0: IN */
    domid_t domid;   /* 8: IN */
    grant_ref_t ref; /* 12: IN */
    int16_t status;  /* 16: OUT GNTST_* */
};
typedef struct gnttab_transfer gnttab_transfer_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_transfer_t);
_Static_assert(sizeof(struct gnttab_transfer) == 24, "gnttab_transfer size");
_Static_assert(offsetof(struct gnttab_transfer, status) == 16, "gnttab_transfer.status");

/*
 * GNTTABOP_copy: copy `len` bytes between two pages without mapping them. Each side is a
 * grant reference of `domid` (flag GNTCOPY_source_gref / GNTCOPY_dest_gref) or a frame of the
 * caller (u.gmfn). A copy may not cross a page boundary on either side (GNTST_bad_copy_arg).
 */
#define _GNTCOPY_source_gref (0)
#define GNTCOPY_source_gref  (1 << _GNTCOPY_source_gref)
#define _GNTCOPY_dest_gref   (1)
#define GNTCOPY_dest_gref    (1 << _GNTCOPY_dest_gref)

struct gnttab_copy_ptr {
    union {
        grant_ref_t ref;
        xen_pfn_t gmfn;
    } u;             /* 0 */
    domid_t domid;   /* 8 */
    uint16_t offset; /* 10: byte offset within the page. */
};
_Static_assert(sizeof(struct gnttab_copy_ptr) == 16, "gnttab_copy_ptr size");

struct gnttab_copy {
    struct gnttab_copy_ptr source; /* 0: IN */
    struct gnttab_copy_ptr dest;   /* 16: IN */
    uint16_t len;                  /* 32: IN bytes */
    uint16_t flags;                /* 34: IN GNTCOPY_* */
    int16_t status;                /* 36: OUT GNTST_* */
};
typedef struct gnttab_copy gnttab_copy_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_copy_t);
_Static_assert(sizeof(struct gnttab_copy) == 40, "gnttab_copy size");
_Static_assert(offsetof(struct gnttab_copy, dest) == 16, "gnttab_copy.dest");
_Static_assert(offsetof(struct gnttab_copy, status) == 36, "gnttab_copy.status");

/* GNTTABOP_query_size: current and maximum number of table frames of `dom`. */
struct gnttab_query_size {
    domid_t dom;            /* 0: IN */
    uint32_t nr_frames;     /* 4: OUT */
    uint32_t max_nr_frames; /* 8: OUT */
    int16_t status;         /* 12: OUT GNTST_* */
};
typedef struct gnttab_query_size gnttab_query_size_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_query_size_t);
_Static_assert(sizeof(struct gnttab_query_size) == 16, "gnttab_query_size size");
_Static_assert(offsetof(struct gnttab_query_size, status) == 12, "gnttab_query_size.status");

/* GNTTABOP_unmap_and_replace: unmap `handle` at host_addr, moving new_addr's mapping there. */
struct gnttab_unmap_and_replace {
    uint64_t host_addr;    /* 0: IN */
    uint64_t new_addr;     /* 8: IN */
    grant_handle_t handle; /* 16: IN */
    int16_t status;        /* 20: OUT GNTST_* */
};
typedef struct gnttab_unmap_and_replace gnttab_unmap_and_replace_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_and_replace_t);
_Static_assert(sizeof(struct gnttab_unmap_and_replace) == 24, "gnttab_unmap_and_replace size");

/*
 * GNTTABOP_set_version: IN version 1 or 2 (-XEN_EINVAL otherwise, or while grants are in
 * use); OUT version, the one now in force. A guest that asks for nothing gets version 1.
 */
struct gnttab_set_version {
    uint32_t version; /* 0: IN/OUT */
};
typedef struct gnttab_set_version gnttab_set_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_set_version_t);
_Static_assert(sizeof(struct gnttab_set_version) == 4, "gnttab_set_version size");

/* GNTTABOP_get_status_frames: list the frames of `dom`'s v2 status array. */
struct gnttab_get_status_frames {
    uint32_t nr_frames;                    /* 0: IN */
    domid_t dom;                           /* 4: IN */
    int16_t status;                        /* 6: OUT GNTST_* */
    XEN_GUEST_HANDLE(uint64_t) frame_list; /* 8: OUT */
};
typedef struct gnttab_get_status_frames gnttab_get_status_frames_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_status_frames_t);
_Static_assert(sizeof(struct gnttab_get_status_frames) == 16, "gnttab_get_status_frames size");

/* GNTTABOP_get_version: the table version of `dom`. */
struct gnttab_get_version {
    domid_t dom;      /* 0: IN */
    uint16_t pad;     /* 2 */
    uint32_t version; /* 4: OUT */
};
typedef struct gnttab_get_version gnttab_get_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_version_t);
_Static_assert(sizeof(struct gnttab_get_version) == 8, "gnttab_get_version size");

/* GNTTABOP_swap_grant_ref: exchange two entries of the caller's own table. */
struct gnttab_swap_grant_ref {
    grant_ref_t ref_a; /* 0: IN */
    grant_ref_t ref_b; /* 4: IN */
    int16_t status;    /* 8: OUT GNTST_* */
};
typedef struct gnttab_swap_grant_ref gnttab_swap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_swap_grant_ref_t);
_Static_assert(sizeof(struct gnttab_swap_grant_ref) == 12, "gnttab_swap_grant_ref size");

/* GNTTABOP_cache_flush: clean or invalidate caches for part of a granted page (ARM). */
#define GNTTAB_CACHE_CLEAN       (1U << 0)
#define GNTTAB_CACHE_INVAL       (1U << 1)
#define GNTTAB_CACHE_SOURCE_GREF (1U << 31)

struct gnttab_cache_flush {
    union {
        uint64_t dev_bus_addr;
        grant_ref_t ref;
    } a;             /* 0: IN */
    uint16_t offset; /* 8: IN */
    uint16_t length; /* 10: IN */
    uint32_t op;     /* 12: IN GNTTAB_CACHE_* */
};
typedef struct gnttab_cache_flush gnttab_cache_flush_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_cache_flush_t);
_Static_assert(sizeof(struct gnttab_cache_flush) == 16, "gnttab_cache_flush size");

/* Flags of gnttab_map_grant_ref.flags. */
#define _GNTMAP_device_map      (0)
#define GNTMAP_device_map       (1 << _GNTMAP_device_map) /* Map for device DMA. */
#define _GNTMAP_host_map        (1)
#define GNTMAP_host_map         (1 << _GNTMAP_host_map) /* Map for CPU access at host_addr. */
#define _GNTMAP_readonly        (2)
#define GNTMAP_readonly         (1 << _GNTMAP_readonly)
#define _GNTMAP_application_map (3)
#define GNTMAP_application_map  (1 << _GNTMAP_application_map) /* PV: user-accessible. */
#define _GNTMAP_contains_pte    (4)
#define GNTMAP_contains_pte     (1 << _GNTMAP_contains_pte) /* PV: host_addr is a PTE. */
#define _GNTMAP_guest_avail0    (16)
#define GNTMAP_guest_avail_mask ((uint32_t)~0 << _GNTMAP_guest_avail0)

/* Per-element results (the `status` fields). */
#define GNTST_okay              (0)   /* Done. */
#define GNTST_general_error     (-1)  /* Some other error. */
#define GNTST_bad_domain        (-2)  /* No such domain. */
#define GNTST_bad_gntref        (-3)  /* Bad or unusable grant reference. */
#define GNTST_bad_handle        (-4)  /* Bad mapping handle. */
#define GNTST_bad_virt_addr     (-5)  /* Bad address to map at. */
#define GNTST_bad_dev_addr      (-6)  /* Bad device address to unmap. */
#define GNTST_no_device_space   (-7)  /* No room left in the IOMMU. */
#define GNTST_permission_denied (-8)  /* Not allowed. */
#define GNTST_bad_page          (-9)  /* Bad page for the operation. */
#define GNTST_bad_copy_arg      (-10) /* A copy crosses a page boundary. */
#define GNTST_address_too_big   (-11) /* Transfer target address too large. */
#define GNTST_eagain            (-12) /* Not done; try again. */
#define GNTST_no_space          (-13) /* Out of space (handles, frames). */

#endif /* XEN_PUBLIC_GRANT_TABLE_H */
