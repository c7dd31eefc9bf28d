/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The shared-ring transport: a domain's struct xenstore_domain_interface (a request ring the
 * domain produces into and a response ring the daemon produces into) plus an event channel
 * each side signals after moving data. How the page is mapped and how the event channel is
 * bound are left to a backend, so the same code serves a real hypervisor (grant or foreign
 * mapping, /dev/xen/evtchn) and host tests (plain memory and eventfds).
 */
#ifndef XSD_RING_H
#define XSD_RING_H

#include <stdint.h>

#include <public/io/xs_wire.h>

struct conn;
struct domain;
struct xsd;

/* An event channel as the daemon sees it. */
struct evtchn_ops {
    /* A descriptor that becomes readable when the domain signals. */
    int (*fd)(void *arg);
    /* Consume pending signals, so the descriptor is quiet until the next one. */
    void (*clear)(void *arg);
    /* Signal the domain. */
    void (*notify)(void *arg);
};

/* A mapped ring page and its bound event channel. */
struct ring_chan {
    struct xenstore_domain_interface *intf;
    const struct evtchn_ops *ev;
    void *ev_arg;
};

/* Maps rings and binds event channels for INTRODUCE; installed in xsd.backend. */
struct ring_backend {
    /* Map domid's ring page (gfn) and bind its event channel (port) into *ch. 0 or errno. */
    int (*attach)(void *arg, unsigned int domid, int64_t gfn, unsigned int port,
                  struct ring_chan *ch);
    /* Bind a new event channel port for an attached domain (updates *ch). 0 or errno. May be
     * NULL if rebinding is never needed. */
    int (*rebind)(void *arg, unsigned int domid, unsigned int port, struct ring_chan *ch);
    /* Unbind and unmap what attach() set up. */
    void (*detach)(void *arg, unsigned int domid, struct ring_chan *ch);
    void *arg;
};

/*
 * Wrap an attached ring as a connection acting as domid, watched by the event loop. be (may be
 * NULL) is told when the connection goes away. The ring page gets the domain's features.
 * Returns the connection, or NULL on failure (nothing is detached then).
 */
struct conn *ring_conn_new(struct xsd *x, unsigned int domid, const struct ring_chan *ch,
                           const struct ring_backend *be);

/*
 * Attach domain d's ring through x->backend and make it d's connection. Returns 0 or an errno
 * value.
 */
int ring_attach(struct xsd *x, struct domain *d, int64_t gfn, unsigned int port);

/* Rebind the event channel of ring connection c to port. Returns 0 or an errno value. */
int ring_rebind(struct conn *c, unsigned int port);

/*
 * Event channels emulated with two eventfds, for host tests: the peer writes kick_fd to signal
 * the daemon, the daemon writes notify_fd to signal the peer.
 */
struct ring_eventfd {
    int kick_fd;
    int notify_fd;
};

extern const struct evtchn_ops ring_eventfd_ops;

#endif /* XSD_RING_H */
