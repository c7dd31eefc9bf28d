/* SPDX-License-Identifier: MIT */
/*
 * event_channel_op(cmd, arg): event channels, the only asynchronous notification between the
 * hypervisor, domains and vCPUs. A port is a small integer local to a domain; it is bound to
 * exactly one source (a port of another domain, a VIRQ, an IPI from the same domain, or a
 * physical IRQ) and notifies one vCPU of its domain. `arg` points to the structure named for
 * each command; fields marked IN are read, OUT are written on success.
 *
 * Errors common to all commands: -XEN_EFAULT (bad `arg`), -XEN_EINVAL (bad port or vCPU),
 * -XEN_ESRCH (no such domain), -XEN_EPERM (not allowed for the caller), -XEN_ENOSYS (unknown
 * command).
 */
#ifndef XEN_PUBLIC_EVENT_CHANNEL_H
#define XEN_PUBLIC_EVENT_CHANNEL_H

#include "xen.h"

#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq        1
#define EVTCHNOP_bind_pirq        2
#define EVTCHNOP_close            3
#define EVTCHNOP_send             4
#define EVTCHNOP_status           5
#define EVTCHNOP_alloc_unbound    6
#define EVTCHNOP_bind_ipi         7
#define EVTCHNOP_bind_vcpu        8
#define EVTCHNOP_unmask           9
#define EVTCHNOP_reset            10
#define EVTCHNOP_init_control     11
#define EVTCHNOP_expand_array     12
#define EVTCHNOP_set_priority     13

typedef uint32_t evtchn_port_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_port_t);

/*
 * EVTCHNOP_alloc_unbound: allocate a port in domain `dom` that `remote_dom` may later connect
 * to with EVTCHNOP_bind_interdomain. Only a privileged caller may name a `dom` other than
 * itself. `remote_dom` may be DOMID_SELF.
 */
struct evtchn_alloc_unbound {
    domid_t dom;        /* 0: IN the domain that gets the port. */
    domid_t remote_dom; /* 2: IN the domain allowed to connect. */
    evtchn_port_t port; /* 4: OUT the new port. */
};
typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;
_Static_assert(sizeof(struct evtchn_alloc_unbound) == 8, "evtchn_alloc_unbound size");
_Static_assert(offsetof(struct evtchn_alloc_unbound, port) == 4, "alloc_unbound.port");

/*
 * EVTCHNOP_bind_interdomain: connect a new local port to `remote_port` of `remote_dom`, which
 * must be unbound and allocated for the caller. The new port is made pending at once, so that
 * a notification the peer sent before the connection is not lost. `remote_dom` may be
 * DOMID_SELF (loopback).
 */
struct evtchn_bind_interdomain {
    domid_t remote_dom;        /* 0: IN */
    evtchn_port_t remote_port; /* 4: IN */
    evtchn_port_t local_port;  /* 8: OUT */
};
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;
_Static_assert(sizeof(struct evtchn_bind_interdomain) == 12, "evtchn_bind_interdomain size");
_Static_assert(offsetof(struct evtchn_bind_interdomain, local_port) == 8, "bind_interdom.local");

/*
 * EVTCHNOP_bind_virq: bind a new port to VIRQ `virq` (xen.h) on vCPU `vcpu`. A per-vCPU VIRQ
 * binds at most one port per vCPU and stays on it; a global VIRQ must be bound on vCPU 0 and
 * may be moved later with EVTCHNOP_bind_vcpu. -XEN_EEXIST if already bound.
 */
struct evtchn_bind_virq {
    uint32_t virq;      /* 0: IN VIRQ_* */
    uint32_t vcpu;      /* 4: IN */
    evtchn_port_t port; /* 8: OUT */
};
typedef struct evtchn_bind_virq evtchn_bind_virq_t;
_Static_assert(sizeof(struct evtchn_bind_virq) == 12, "evtchn_bind_virq size");
_Static_assert(offsetof(struct evtchn_bind_virq, port) == 8, "evtchn_bind_virq.port");

/* EVTCHNOP_bind_pirq: bind a new port to physical IRQ `pirq` (privileged domains only). */
struct evtchn_bind_pirq {
    uint32_t pirq; /* 0: IN */
#define BIND_PIRQ__WILL_SHARE 1
    uint32_t flags;     /* 4: IN BIND_PIRQ__* */
    evtchn_port_t port; /* 8: OUT */
};
typedef struct evtchn_bind_pirq evtchn_bind_pirq_t;
_Static_assert(sizeof(struct evtchn_bind_pirq) == 12, "evtchn_bind_pirq size");

/*
 * EVTCHNOP_bind_ipi: bind a new port that the domain signals itself with EVTCHNOP_send; it
 * always notifies `vcpu`.
 */
struct evtchn_bind_ipi {
    uint32_t vcpu;      /* 0: IN */
    evtchn_port_t port; /* 4: OUT */
};
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;
_Static_assert(sizeof(struct evtchn_bind_ipi) == 8, "evtchn_bind_ipi size");

/*
 * EVTCHNOP_close: close local `port`. If it was connected to another domain, the remote port
 * goes back to the unbound state and can accept a new connection.
 */
struct evtchn_close {
    evtchn_port_t port; /* 0: IN */
};
typedef struct evtchn_close evtchn_close_t;
_Static_assert(sizeof(struct evtchn_close) == 4, "evtchn_close size");

/* EVTCHNOP_send: notify the other end of local `port` (for an IPI port: its own vCPU). */
struct evtchn_send {
    evtchn_port_t port; /* 0: IN */
};
typedef struct evtchn_send evtchn_send_t;
_Static_assert(sizeof(struct evtchn_send) == 4, "evtchn_send size");

/*
 * EVTCHNOP_status: describe port `port` of domain `dom` (DOMID_SELF, or any domain for a
 * privileged caller).
 */
struct evtchn_status {
    domid_t dom;                 /* 0: IN */
    evtchn_port_t port;          /* 4: IN */
#define EVTCHNSTAT_closed      0 /* Not in use. */
#define EVTCHNSTAT_unbound     1 /* Allocated, waiting for a remote domain to connect. */
#define EVTCHNSTAT_interdomain 2 /* Connected to a port of a domain. */
#define EVTCHNSTAT_pirq        3 /* Bound to a physical IRQ. */
#define EVTCHNSTAT_virq        4 /* Bound to a VIRQ. */
#define EVTCHNSTAT_ipi         5 /* Bound as an IPI. */
    uint32_t status;             /* 8: OUT EVTCHNSTAT_* */
    uint32_t vcpu;               /* 12: OUT the vCPU it notifies. */
    union {
        struct {
            domid_t dom; /* The domain allowed to connect. */
        } unbound;
        struct {
            domid_t dom;        /* The connected domain ... */
            evtchn_port_t port; /* ... and its port. */
        } interdomain;
        uint32_t pirq;
        uint32_t virq;
    } u; /* 16: OUT details for the status. */
};
typedef struct evtchn_status evtchn_status_t;
_Static_assert(sizeof(struct evtchn_status) == 24, "evtchn_status size");
_Static_assert(offsetof(struct evtchn_status, status) == 8, "evtchn_status.status");
_Static_assert(offsetof(struct evtchn_status, u) == 16, "evtchn_status.u");
_Static_assert(offsetof(struct evtchn_status, u.interdomain.port) == 20, "evtchn_status.u.port");

/*
 * EVTCHNOP_bind_vcpu: make `port` notify `vcpu` from now on. IPI ports and per-vCPU VIRQ
 * ports cannot be moved (-XEN_EINVAL). A newly allocated port notifies vCPU 0.
 */
struct evtchn_bind_vcpu {
    evtchn_port_t port; /* 0: IN */
    uint32_t vcpu;      /* 4: IN */
};
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;
_Static_assert(sizeof(struct evtchn_bind_vcpu) == 8, "evtchn_bind_vcpu size");

/* EVTCHNOP_unmask: clear the mask of `port`, and raise an upcall if it is already pending. */
struct evtchn_unmask {
    evtchn_port_t port; /* 0: IN */
};
typedef struct evtchn_unmask evtchn_unmask_t;
_Static_assert(sizeof(struct evtchn_unmask) == 4, "evtchn_unmask size");

/*
 * EVTCHNOP_reset: close every port of `dom` (DOMID_SELF, or another domain for a privileged
 * caller). For DOMID_SELF using the FIFO ABI it also returns the domain to the 2-level ABI.
 */
struct evtchn_reset {
    domid_t dom; /* 0: IN */
};
typedef struct evtchn_reset evtchn_reset_t;
_Static_assert(sizeof(struct evtchn_reset) == 2, "evtchn_reset size");

/*
 * EVTCHNOP_init_control: switch the domain to the FIFO ABI by registering the control block
 * of `vcpu` at byte `offset` of guest frame `control_gfn`. Events pending in the 2-level
 * bitmaps are dropped, so a guest does this before binding anything. -XEN_ENOSYS means the
 * FIFO ABI is not offered (Linux then stays with 2-level).
 */
struct evtchn_init_control {
    uint64_t control_gfn; /* 0: IN */
    uint32_t offset;      /* 8: IN byte offset of the control block in that frame. */
    uint32_t vcpu;        /* 12: IN */
    uint8_t link_bits;    /* 16: OUT significant bits of an event word's LINK field. */
    uint8_t _pad[7];      /* 17 */
};
typedef struct evtchn_init_control evtchn_init_control_t;
_Static_assert(sizeof(struct evtchn_init_control) == 24, "evtchn_init_control size");
_Static_assert(offsetof(struct evtchn_init_control, link_bits) == 16, "init_control.link_bits");

/* EVTCHNOP_expand_array: add the guest frame `array_gfn` as the next page of event words. */
struct evtchn_expand_array {
    uint64_t array_gfn; /* 0: IN */
};
typedef struct evtchn_expand_array evtchn_expand_array_t;
_Static_assert(sizeof(struct evtchn_expand_array) == 8, "evtchn_expand_array size");

/* EVTCHNOP_set_priority: FIFO ABI only; 0 is the highest priority, 15 the lowest. */
struct evtchn_set_priority {
    evtchn_port_t port; /* 0: IN */
    uint32_t priority;  /* 4: IN EVTCHN_FIFO_PRIORITY_MAX .. _MIN */
};
typedef struct evtchn_set_priority evtchn_set_priority_t;
_Static_assert(sizeof(struct evtchn_set_priority) == 8, "evtchn_set_priority size");

/* Ports of the 2-level ABI: one bit per port in shared_info's 64 x 64-bit bitmaps. */
#define EVTCHN_2L_NR_CHANNELS (sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)

/*
 * The FIFO ABI. Each port has a 32-bit event word in the guest's event array: flag bits on
 * top, the index of the next port in its queue (LINK) below. Each vCPU has a control block
 * with one queue head per priority and a READY bitmap of non-empty queues.
 */
#define EVTCHN_FIFO_PRIORITY_MAX     0
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7
#define EVTCHN_FIFO_PRIORITY_MIN     15
#define EVTCHN_FIFO_MAX_QUEUES       (EVTCHN_FIFO_PRIORITY_MIN + 1)

typedef uint32_t event_word_t;

#define EVTCHN_FIFO_PENDING     31
#define EVTCHN_FIFO_MASKED      30
#define EVTCHN_FIFO_LINKED      29
#define EVTCHN_FIFO_BUSY        28
#define EVTCHN_FIFO_LINK_BITS   17
#define EVTCHN_FIFO_LINK_MASK   ((1 << EVTCHN_FIFO_LINK_BITS) - 1)
#define EVTCHN_FIFO_NR_CHANNELS (1 << EVTCHN_FIFO_LINK_BITS)

struct evtchn_fifo_control_block {
    uint32_t ready;                        /* 0: bit q set while queue q is not empty. */
    uint32_t _rsvd;                        /* 4 */
    uint32_t head[EVTCHN_FIFO_MAX_QUEUES]; /* 8: first port of each queue. */
};
typedef struct evtchn_fifo_control_block evtchn_fifo_control_block_t;
_Static_assert(sizeof(struct evtchn_fifo_control_block) == 72, "evtchn_fifo_control_block size");
_Static_assert(offsetof(struct evtchn_fifo_control_block, head) == 8, "fifo_control_block.head");

#endif /* XEN_PUBLIC_EVENT_CHANNEL_H */
