/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemon object: the store, the connections and domains, the event loop and the global
 * settings. Everything runs on one thread; only xsd_request_stop() may be called from a
 * signal handler or another thread.
 */
#ifndef XSD_XSD_H
#define XSD_XSD_H

#include <stdbool.h>
#include <stdint.h>

#include "hash.h"
#include "loop.h"
#include "quota.h"
#include "tree.h"

struct conn;
struct ring_backend;
struct sock_listener;

struct xsd {
    struct tree tree;
    struct quota_set quota; /* Defaults for domains that appear from now on. */
    unsigned int priv_domid;
    struct hash domains; /* domid -> struct domain * */
    struct conn *conns;  /* Every connection, oldest first. */
    struct conn *conns_tail;
    struct conn *flush_list; /* Connections with new output or work to retry. */
    struct loop loop;
    int stop_fd; /* eventfd written by xsd_request_stop(). */
    struct loop_watch stop_watch;
    bool stopping;
    const struct ring_backend *backend; /* Maps domains' rings; NULL: no hypervisor. */
    struct sock_listener *listeners;
    unsigned int next_conn_id;
    uint64_t requests; /* Requests handled, for the log and CONTROL. */
};

/*
 * Initialise x with an initial tree owned by priv_domid and default quotas q (copied).
 * Returns 0 or an errno value; on failure x needs no xsd_fini().
 */
int xsd_init(struct xsd *x, unsigned int priv_domid, const struct quota_set *q);

/* Close every connection and listener and free the store. */
void xsd_fini(struct xsd *x);

/*
 * Wait up to timeout_ms (-1: forever) for events, handle them, then deliver queued output and
 * reap closed connections. Returns 0, or a negative errno value if the event loop failed.
 */
int xsd_run_once(struct xsd *x, int timeout_ms);

/* Run until xsd_request_stop(). Returns 0, or a negative errno value on a loop failure. */
int xsd_run(struct xsd *x);

/* Ask xsd_run() to return. Async-signal-safe and thread-safe. */
void xsd_request_stop(struct xsd *x);

/* Remember that c has output to deliver (or input to retry) after the current events. */
void xsd_schedule(struct xsd *x, struct conn *c);

/* Whether domid is the privileged domain. */
static inline bool xsd_is_priv(const struct xsd *x, unsigned int domid)
{
    return domid == x->priv_domid;
}

#endif /* XSD_XSD_H */
