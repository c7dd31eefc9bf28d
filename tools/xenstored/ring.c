/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared-ring transport (daemon side). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "conn.h"
#include "domain.h"
#include "log.h"
#include "loop.h"
#include "ring.h"
#include "xsd.h"

struct ring_tp {
    struct conn *c;
    struct ring_chan ch;
    const struct ring_backend *be;
    struct loop_watch w;
    unsigned int domid;
    bool kick; /* Data or indexes moved since the last signal. */
};

/*
 * The domain may change the page at any moment: read each index once, check it, and order
 * the index reads before the data accesses (and the data before publishing an index).
 */
static inline uint32_t ring_load(const uint32_t *p)
{
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline void ring_store(uint32_t *p, uint32_t v)
{
    __atomic_store_n(p, v, __ATOMIC_RELEASE);
}

static void ring_violation(struct conn *c, unsigned int error)
{
    struct ring_tp *tp = c->tp;

    ring_store(&tp->ch.intf->error, error);
    tp->ch.ev->notify(tp->ch.ev_arg);
}

static ssize_t ring_read(struct conn *c, void *buf, size_t len)
{
    struct ring_tp *tp = c->tp;
    struct xenstore_domain_interface *intf = tp->ch.intf;
    XENSTORE_RING_IDX cons = ring_load(&intf->req_cons);
    XENSTORE_RING_IDX prod = ring_load(&intf->req_prod);
    size_t avail = (XENSTORE_RING_IDX)(prod - cons), first;

    if (avail > XENSTORE_RING_SIZE) {
        log_warn("conn %u: domain %u request ring indexes %u/%u are bad", c->id, tp->domid, cons,
                 prod);
        ring_violation(c, XENSTORE_ERROR_RINGIDX);
        return -1;
    }
    if (len > avail) {
        len = avail;
    }
    first = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(cons);
    if (first > len) {
        first = len;
    }
    memcpy(buf, intf->req + MASK_XENSTORE_IDX(cons), first);
    memcpy((char *)buf + first, intf->req, len - first);
    if (len) {
        ring_store(&intf->req_cons, cons + (XENSTORE_RING_IDX)len);
        tp->kick = true;
    }
    return (ssize_t)len;
}

static ssize_t ring_write(struct conn *c, const void *buf, size_t len)
{
    struct ring_tp *tp = c->tp;
    struct xenstore_domain_interface *intf = tp->ch.intf;
    XENSTORE_RING_IDX cons = ring_load(&intf->rsp_cons);
    XENSTORE_RING_IDX prod = ring_load(&intf->rsp_prod);
    size_t used = (XENSTORE_RING_IDX)(prod - cons), first;

    if (used > XENSTORE_RING_SIZE) {
        log_warn("conn %u: domain %u response ring indexes %u/%u are bad", c->id, tp->domid, cons,
                 prod);
        ring_violation(c, XENSTORE_ERROR_RINGIDX);
        return -1;
    }
    if (len > XENSTORE_RING_SIZE - used) {
        len = XENSTORE_RING_SIZE - used;
    }
    first = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(prod);
    if (first > len) {
        first = len;
    }
    memcpy(intf->rsp + MASK_XENSTORE_IDX(prod), buf, first);
    memcpy(intf->rsp, (const char *)buf + first, len - first);
    if (len) {
        ring_store(&intf->rsp_prod, prod + (XENSTORE_RING_IDX)len);
        tp->kick = true;
    }
    return (ssize_t)len;
}

static void ring_done(struct conn *c)
{
    struct ring_tp *tp = c->tp;

    if (tp->kick) {
        tp->kick = false;
        tp->ch.ev->notify(tp->ch.ev_arg);
    }
}

/* The event channel is the only wake-up either way, so there is nothing to change here. */
static void ring_want(struct conn *c, bool in, bool out)
{
    (void)c;
    (void)in;
    (void)out;
}

static void ring_close(struct conn *c)
{
    struct ring_tp *tp = c->tp;

    loop_del(&c->x->loop, &tp->w);
    if (tp->be) {
        tp->be->detach(tp->be->arg, tp->domid, &tp->ch);
    }
    free(tp);
}

static const struct conn_ops ring_ops = {
    .kind = "ring",
    .read = ring_read,
    .write = ring_write,
    .done = ring_done,
    .want = ring_want,
    .violation = ring_violation,
    .close = ring_close,
};

static void ring_ready(struct loop_watch *w, uint32_t events)
{
    struct ring_tp *tp = (struct ring_tp *)((char *)w - offsetof(struct ring_tp, w));

    (void)events;
    tp->ch.ev->clear(tp->ch.ev_arg);
    if (!tp->c->dead) {
        conn_pump(tp->c);
    }
}

struct conn *ring_conn_new(struct xsd *x, unsigned int domid, const struct ring_chan *ch,
                           const struct ring_backend *be)
{
    struct ring_tp *tp = calloc(1, sizeof(*tp));
    struct domain *d;

    if (!tp) {
        return NULL;
    }
    tp->ch = *ch;
    tp->be = be;
    tp->domid = domid;
    tp->c = conn_new(x, domid, &ring_ops, tp);
    if (!tp->c) {
        free(tp);
        return NULL;
    }
    if (loop_add(&x->loop, &tp->w, ch->ev->fd(ch->ev_arg), EPOLLIN, ring_ready)) {
        /* Not yet visible to anyone: undo by hand, without detaching the caller's channel. */
        tp->be = NULL;
        tp->w.fd = -1;
        conn_close(tp->c, "cannot watch event channel");
        return NULL;
    }
    d = tp->c->dom;
    ring_store(&ch->intf->server_features, d->features);
    if (ring_load(&ch->intf->connection) == XENSTORE_RECONNECT) {
        ring_store(&ch->intf->connection, XENSTORE_CONNECTED);
        tp->kick = true;
    }
    /* Requests may be waiting already (a domain that started before we knew it). */
    xsd_schedule(x, tp->c);
    return tp->c;
}

int ring_attach(struct xsd *x, struct domain *d, int64_t gfn, unsigned int port)
{
    const struct ring_backend *be = x->backend;
    struct ring_chan ch;
    struct conn *c;
    int rc;

    rc = be->attach(be->arg, d->domid, gfn, port, &ch);
    if (rc) {
        log_warn("domain %u: cannot attach ring: %s", d->domid, strerror(rc));
        return rc;
    }
    c = ring_conn_new(x, d->domid, &ch, be);
    if (!c) {
        be->detach(be->arg, d->domid, &ch);
        return ENOMEM;
    }
    d->ring = c;
    return 0;
}

int ring_rebind(struct conn *c, unsigned int port)
{
    struct ring_tp *tp = c->tp;
    int rc;

    if (!tp->be || !tp->be->rebind) {
        return 0;
    }
    loop_del(&c->x->loop, &tp->w);
    rc = tp->be->rebind(tp->be->arg, tp->domid, port, &tp->ch);
    if (loop_add(&c->x->loop, &tp->w, tp->ch.ev->fd(tp->ch.ev_arg), EPOLLIN, ring_ready)) {
        conn_close(c, "cannot watch rebound event channel");
        return rc ? rc : EIO;
    }
    xsd_schedule(c->x, c);
    return rc;
}

static int ring_eventfd_fd(void *arg)
{
    return ((struct ring_eventfd *)arg)->kick_fd;
}

static void ring_eventfd_clear(void *arg)
{
    uint64_t v;

    /* The eventfd counter resets on read; EAGAIN just means nothing was pending. */
    if (read(((struct ring_eventfd *)arg)->kick_fd, &v, sizeof(v)) < 0) {
        return;
    }
}

static void ring_eventfd_notify(void *arg)
{
    uint64_t one = 1;

    if (write(((struct ring_eventfd *)arg)->notify_fd, &one, sizeof(one)) < 0) {
        log_debug("event channel notify failed: %s", strerror(errno));
    }
}

const struct evtchn_ops ring_eventfd_ops = {
    .fd = ring_eventfd_fd,
    .clear = ring_eventfd_clear,
    .notify = ring_eventfd_notify,
};
