/* SPDX-License-Identifier: MIT */
/*
 * hvm_op(op, arg): services for HVM and PVH domains. `arg` points to the structure named for
 * each operation. Errors common to all: -XEN_EFAULT (bad `arg`), -XEN_EINVAL (bad field),
 * -XEN_ESRCH (no such domain), -XEN_EPERM (not allowed for the caller), -XEN_ENOSYS (unknown
 * operation).
 */
#ifndef XEN_PUBLIC_HVM_HVM_OP_H
#define XEN_PUBLIC_HVM_HVM_OP_H

#include "../xen.h"

/*
 * HVMOP_set_param, HVMOP_get_param: write or read one of the domain's parameters (index:
 * HVM_PARAM_*, hvm/params.h). A guest may act on itself (DOMID_SELF); some parameters are
 * read-only to it or reserved to the toolstack (-XEN_EPERM). An unknown index fails with
 * -XEN_EINVAL.
 */
#define HVMOP_set_param 0
#define HVMOP_get_param 1

struct xen_hvm_param {
    domid_t domid;  /* 0: IN DOMID_SELF or a domain id. */
    uint16_t pad;   /* 2 */
    uint32_t index; /* 4: IN HVM_PARAM_* */
    uint64_t value; /* 8: IN for set_param, OUT for get_param. */
};
typedef struct xen_hvm_param xen_hvm_param_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_param_t);
_Static_assert(sizeof(struct xen_hvm_param) == 16, "xen_hvm_param size");
_Static_assert(offsetof(struct xen_hvm_param, index) == 4, "xen_hvm_param.index");
_Static_assert(offsetof(struct xen_hvm_param, value) == 8, "xen_hvm_param.value");

/* HVMOP_flush_tlbs: `arg` must be NULL; flush every vCPU's TLB of the domain. */
#define HVMOP_flush_tlbs 5

/*
 * HVMOP_pagetable_dying: a hint that the page tables rooted at `gpa` are about to be freed
 * (a shadow-paging optimisation). -XEN_ENOSYS is the preferred answer under nested paging:
 * Linux then stops issuing it.
 */
#define HVMOP_pagetable_dying 9

struct xen_hvm_pagetable_dying {
    domid_t domid;   /* 0: IN DOMID_SELF */
    uint16_t pad[3]; /* 2 */
    uint64_t gpa;    /* 8: IN guest-physical address of the top-level table. */
};
typedef struct xen_hvm_pagetable_dying xen_hvm_pagetable_dying_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_pagetable_dying_t);
_Static_assert(sizeof(struct xen_hvm_pagetable_dying) == 16, "xen_hvm_pagetable_dying size");
_Static_assert(offsetof(struct xen_hvm_pagetable_dying, gpa) == 8, "pagetable_dying.gpa");

/* HVMOP_get_time: OUT `arg` -> struct xen_hvm_get_time, the system time in ns. */
#define HVMOP_get_time 10

struct xen_hvm_get_time {
    uint64_t now; /* 0: OUT */
};
typedef struct xen_hvm_get_time xen_hvm_get_time_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_get_time_t);
_Static_assert(sizeof(struct xen_hvm_get_time) == 8, "xen_hvm_get_time size");

/*
 * HVMOP_set_evtchn_upcall_vector: deliver the events of one vCPU on IDT vector `vector` of
 * that vCPU, instead of the domain-wide HVM_PARAM_CALLBACK_IRQ. Vectors below 0x10 are
 * invalid (-XEN_EINVAL). The structure has 3 bytes of tail padding.
 */
#define HVMOP_set_evtchn_upcall_vector 23

struct xen_hvm_evtchn_upcall_vector {
    uint32_t vcpu;  /* 0: IN */
    uint8_t vector; /* 4: IN */
};
typedef struct xen_hvm_evtchn_upcall_vector xen_hvm_evtchn_upcall_vector_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_evtchn_upcall_vector_t);
_Static_assert(sizeof(struct xen_hvm_evtchn_upcall_vector) == 8, "evtchn_upcall_vector size");
_Static_assert(offsetof(struct xen_hvm_evtchn_upcall_vector, vector) == 4, "upcall_vector.vector");

/* Further operations, listed for the fixed number space; not part of the PVH ABI yet. */
#define HVMOP_get_mem_type           15
#define HVMOP_guest_request_vm_event 24
#define HVMOP_altp2m                 25

#endif /* XEN_PUBLIC_HVM_HVM_OP_H */
