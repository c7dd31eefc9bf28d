/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PV console of a boot-time domain, served by the hypervisor (guest-abi.md 3.7): a ring page
 * (struct xencons_interface) at GFN PVH_CONSOLE_GFN and an event channel whose other end is the
 * hypervisor (ECS_HYPERVISOR), published as HVM_PARAM_CONSOLE_PFN and HVM_PARAM_CONSOLE_EVTCHN.
 * What the guest writes to `out` goes to the serial line as "(d<id>) " lines
 * (console-domain.c); serial input for the domain that holds the focus (console-mux.c) goes to
 * `in`.
 *
 * The page belongs to the hypervisor, not to the domain, so the guest can neither free it nor
 * hand it on; it is freed when the domain is destroyed. The guest writes every word of it:
 * the hypervisor keeps its own copies of the indices it produces (in_prod) and consumes
 * (out_cons), reads each guest index once per pass, and treats an index more than a ring size
 * away from its own as a protocol error: the console is disconnected (as Xen's xenconsoled
 * does), the domain keeps running.
 *
 * Locking: the ring lock serialises passes over one ring (the guest's send and the poll
 * timer). Order: the console list lock (console-mux.c), then a ring lock, then event locks.
 */
#ifndef HV_CONSOLE_RING_H
#define HV_CONSOLE_RING_H

#include <hv/spinlock.h>
#include <hv/types.h>
#include <public/event_channel.h>
#include <public/io/console.h>

struct domain;

struct console_ring {
    struct xencons_interface *intf; /* NULL: the hypervisor serves no ring for this domain. */
    mfn_t mfn;
    evtchn_port_t port;        /* The guest's end of the console channel. */
    spinlock_t lock;           /* The ring lock: the fields below. */
    XENCONS_RING_IDX out_cons; /* Authoritative; the guest's copy is only informative. */
    XENCONS_RING_IDX in_prod;  /* Authoritative, likewise. */
    bool broken;               /* Protocol error seen: the ring is no longer served. */
    bool dropping;             /* `in` was full at the last input: bytes are being dropped. */
    struct domain *next;       /* The list of served consoles (console-mux.c). */
};

/*
 * Give `d` its console: the ring page mapped at PVH_CONSOLE_GFN, the hypervisor-served port,
 * the two HVM parameters, and a place in the console list. Returns 0 or a negative errno with
 * nothing left allocated. Context: domain build, before the domain first runs.
 */
int console_ring_setup(struct domain *d);

/*
 * Take `d`'s console out of the console list and free the page. Safe for a domain without a
 * console. Pre: no vCPU of `d` runs any more. Context: domain destruction.
 */
void console_ring_teardown(struct domain *d);

/* Print what the guest has written to `out`, then notify it. Context: not IRQ. */
void console_ring_drain(struct domain *d);

/*
 * Queue `len` bytes of serial input in `d`'s `in` ring and notify it. What does not fit is
 * dropped (a domain that does not read its input must not hold anything up). Context: not IRQ.
 */
void console_ring_input(struct domain *d, const char *buf, size_t len);

/* One line describing the ring's state, for the debug keys. */
void console_ring_describe(struct domain *d, char *buf, size_t size);

#endif /* HV_CONSOLE_RING_H */
