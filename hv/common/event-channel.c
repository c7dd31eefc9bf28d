/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels: the port table, the operations of event_channel_op, VIRQ delivery and
 * domain teardown (guest-abi.md 5.5). Where pending and mask state lives is the business of
 * the ABI in use (event-2l.c, event-fifo.c); this file only chooses between them. Locking and
 * the lifetime rule for peers are described at the top of hv/event.h.
 */
#include <hv/bug.h>
#include <hv/errno.h>
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/shared-info.h>
#include <hv/xmalloc.h>

/* Serialises domain_by_id() plus taking a reference against teardown (evtchn_get_domain). */
static DEFINE_SPINLOCK(lookup_lock);

static void ref_get(struct domain *d)
{
    __atomic_fetch_add(&domain_evtchn(d)->refs, 1, __ATOMIC_ACQUIRE);
}

static void ref_put(struct domain *d)
{
    __atomic_fetch_sub(&domain_evtchn(d)->refs, 1, __ATOMIC_RELEASE);
}

/* Raise a port on its notify vCPU, with the domain's ABI. Pre: raise lock held. */
static void raise_locked(struct domain *d, evtchn_port_t port, struct evtchn *chn)
{
    struct vcpu *v = d->vcpu[chn->notify_vcpu];

    if (domain_evtchn(d)->fifo) {
        evtchn_fifo_set_pending(d, port, chn, v);
    } else {
        evtchn_2l_set_pending(d, port, v);
    }
}

/* Raise `port` of `d` on its notify vCPU. Pre: the port is bound (caller's locks say so). */
static void raise_port(struct domain *d, evtchn_port_t port)
{
    struct evtchn_domain *ed = domain_evtchn(d);
    unsigned long flags = spin_lock_irqsave(&ed->raise_lock);
    struct evtchn *chn = evtchn_from_port(ed, port);

    if (chn) {
        raise_locked(d, port, chn);
    }
    spin_unlock_irqrestore(&ed->raise_lock, flags);
}

/*
 * Make ports up to valid_ports + 63 exist. The bucket is stored before valid_ports grows
 * (release), so lock-free readers (evtchn_from_port) never see a port without its struct.
 * Pre: event lock held.
 */
static int grow_port_table(struct evtchn_domain *ed)
{
    unsigned int i = ed->valid_ports / EVTCHNS_PER_BUCKET;
    struct evtchn *b;

    ASSERT(i < ed->nr_buckets);
    b = xzalloc_array(struct evtchn, EVTCHNS_PER_BUCKET);
    if (!b) {
        return -ENOMEM;
    }
    ed->bucket[i] = b;
    __atomic_store_n(&ed->valid_ports, ed->valid_ports + EVTCHNS_PER_BUCKET, __ATOMIC_RELEASE);
    return 0;
}

/*
 * The lowest free port, growing the table as needed; it stays ECS_FREE until the caller sets
 * it up. A FIFO port still LINKED on a guest queue is skipped: reusing it would deliver the
 * old queue entry as the new binding's event. Pre: event lock held. Returns the port or
 * -ENOSPC, -ENOMEM, -EINVAL (dying, as Xen).
 */
static int get_free_port(struct domain *d, struct evtchn_domain *ed)
{
    unsigned int abi = ed->fifo ? EVTCHN_FIFO_NR_CHANNELS : EVTCHN_2L_NR_CHANNELS;
    unsigned int last = MIN(abi - 1, ed->max_port);

    if (ed->dying) {
        return -EINVAL;
    }
    for (unsigned int port = 1; port <= last; port++) {
        struct evtchn *chn;

        if (port >= ed->valid_ports) {
            int rc = grow_port_table(ed);

            if (rc) {
                return rc;
            }
        }
        chn = evtchn_from_port(ed, port);
        if (chn->state == ECS_FREE && !(ed->fifo && evtchn_fifo_is_busy(d, port))) {
            return (int)port;
        }
    }
    return -ENOSPC;
}

/*
 * Give free port `port` its new state. last_vcpu/last_priority stay: the port may still be
 * the recorded tail of a FIFO queue. Pre: event lock held.
 */
static struct evtchn *setup_port(struct domain *d, int port, enum evtchn_state state,
                                 unsigned int vcpu)
{
    struct evtchn_domain *ed = domain_evtchn(d);
    struct evtchn *chn = evtchn_from_port(ed, (evtchn_port_t)port);
    unsigned long flags = spin_lock_irqsave(&ed->raise_lock);

    chn->state = (uint8_t)state;
    chn->notify_vcpu = (uint16_t)vcpu;
    chn->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
    chn->fifo_deferred = false;
    spin_unlock_irqrestore(&ed->raise_lock, flags);
    return chn;
}

/* Take the event locks of one or two domains, the lower domain id first. */
static void lock_pair(struct domain *a, struct domain *b)
{
    if (b && b != a && b->domain_id < a->domain_id) {
        struct domain *t = a;

        a = b;
        b = t;
    }
    spin_lock(&domain_evtchn(a)->lock);
    if (b && b != a) {
        spin_lock(&domain_evtchn(b)->lock);
    }
}

static void unlock_pair(struct domain *a, struct domain *b)
{
    if (b && b != a) {
        spin_unlock(&domain_evtchn(b)->lock);
    }
    spin_unlock(&domain_evtchn(a)->lock);
}

int evtchn_get_domain(struct domain *caller, domid_t dom, bool privileged, struct domain **out)
{
    bool other = dom != DOMID_SELF && dom != caller->domain_id;
    struct domain *d = caller;

    if (other) {
        /* Teardown takes lookup_lock once d is unlinked: d is referenced or seen dying. */
        spin_lock(&lookup_lock);
        d = domain_by_id(dom);
        /* Not initialised yet, or being torn down: as if it did not exist. */
        if (d && (!domain_evtchn(d)->vcpu || domain_evtchn(d)->dying)) {
            d = NULL;
        }
    }
    if (d) {
        ref_get(d);
    }
    if (other) {
        spin_unlock(&lookup_lock);
    }
    if (d && other && privileged && !evtchn_domain_is_privileged(caller)) {
        ref_put(d);
        return -EPERM;
    }
    *out = d;
    return d ? 0 : -ESRCH;
}

void evtchn_put_domain(struct domain *d)
{
    ref_put(d);
}

int evtchn_alloc_unbound_port(struct domain *d, domid_t remote_dom, evtchn_port_t *port)
{
    struct evtchn_domain *ed = domain_evtchn(d);
    int rc;

    spin_lock(&ed->lock);
    rc = get_free_port(d, ed);
    if (rc > 0) {
        setup_port(d, rc, ECS_UNBOUND, 0)->u.unbound_dom = remote_dom;
        *port = (evtchn_port_t)rc;
        rc = 0;
    }
    spin_unlock(&ed->lock);
    return rc;
}

int evtchn_alloc_hypervisor_port(struct domain *d, evtchn_hypervisor_fn fn, evtchn_port_t *port)
{
    struct evtchn_domain *ed = domain_evtchn(d);
    int rc;

    spin_lock(&ed->lock);
    rc = get_free_port(d, ed);
    if (rc > 0) {
        setup_port(d, rc, ECS_HYPERVISOR, 0)->u.hypervisor.fn = fn;
        *port = (evtchn_port_t)rc;
        rc = 0;
    }
    spin_unlock(&ed->lock);
    return rc;
}

int evtchn_hypervisor_notify(struct domain *d, evtchn_port_t port, evtchn_hypervisor_fn fn)
{
    struct evtchn_domain *ed = domain_evtchn(d);
    struct evtchn *chn;
    int rc = -EINVAL;

    spin_lock(&ed->lock);
    chn = evtchn_from_port(ed, port);
    if (chn && chn->state == ECS_HYPERVISOR && chn->u.hypervisor.fn == fn) {
        raise_port(d, port);
        rc = 0;
    }
    spin_unlock(&ed->lock);
    return rc;
}

int evtchn_alloc_unbound(struct domain *d, struct evtchn_alloc_unbound *op)
{
    /* DOMID_SELF as remote_dom means the caller, not `dom` (Xen). */
    domid_t remote = op->remote_dom == DOMID_SELF ? d->domain_id : op->remote_dom;
    struct domain *t;
    int rc = evtchn_get_domain(d, op->dom, true, &t);

    if (!rc) {
        rc = evtchn_alloc_unbound_port(t, remote, &op->port);
        ref_put(t);
    }
    return rc;
}

/* bind_interdomain with both event locks held. */
static int bind_interdomain_locked(struct domain *ld, struct domain *rd,
                                   struct evtchn_bind_interdomain *op)
{
    struct evtchn_domain *red = domain_evtchn(rd);
    struct evtchn *rchn = evtchn_from_port(red, op->remote_port);
    struct evtchn *lchn;
    int lport;

    if (red->dying) {
        return -ESRCH;
    }
    if (!rchn || rchn->state != ECS_UNBOUND || rchn->u.unbound_dom != ld->domain_id) {
        return -EINVAL; /* Only a port offered to the caller may be bound. */
    }
    lport = get_free_port(ld, domain_evtchn(ld));
    if (lport < 0) {
        return lport;
    }
    lchn = setup_port(ld, lport, ECS_INTERDOMAIN, 0);
    lchn->u.interdomain.peer = rd;
    lchn->u.interdomain.port = op->remote_port;
    rchn->state = ECS_INTERDOMAIN;
    rchn->u.interdomain.peer = ld;
    rchn->u.interdomain.port = (evtchn_port_t)lport;
    /* The peer may have sent while its port was unbound; such sends were dropped. */
    raise_port(ld, (evtchn_port_t)lport);
    op->local_port = (evtchn_port_t)lport;
    return 0;
}

int evtchn_bind_interdomain(struct domain *d, struct evtchn_bind_interdomain *op)
{
    struct domain *rd;
    int rc = evtchn_get_domain(d, op->remote_dom, false, &rd);

    if (rc) {
        return rc;
    }
    lock_pair(d, rd);
    rc = bind_interdomain_locked(d, rd, op);
    unlock_pair(d, rd);
    ref_put(rd);
    return rc;
}

int evtchn_bind_virq(struct domain *d, struct evtchn_bind_virq *op)
{
    struct evtchn_domain *ed = domain_evtchn(d);
    unsigned long flags;
    int port;

    if (op->virq >= NR_VIRQS || (evtchn_virq_is_global(op->virq) && op->vcpu != 0)) {
        return -EINVAL;
    }
    if (op->vcpu >= d->max_vcpus) {
        return -ENOENT;
    }
    spin_lock(&ed->lock);
    if (ed->vcpu[op->vcpu].virq_to_port[op->virq]) {
        port = -EEXIST;
    } else {
        port = get_free_port(d, ed);
    }
    if (port > 0) {
        setup_port(d, port, ECS_VIRQ, op->vcpu)->u.virq = op->virq;
        flags = spin_lock_irqsave(&ed->raise_lock);
        ed->vcpu[op->vcpu].virq_to_port[op->virq] = (evtchn_port_t)port;
        spin_unlock_irqrestore(&ed->raise_lock, flags);
        op->port = (evtchn_port_t)port;
    }
    spin_unlock(&ed->lock);
    return port < 0 ? port : 0;
}

int evtchn_bind_ipi(struct domain *d, struct evtchn_bind_ipi *op)
{
    struct evtchn_domain *ed = domain_evtchn(d);
    int port;

    if (op->vcpu >= d->max_vcpus) {
        return -ENOENT;
    }
    spin_lock(&ed->lock);
    port = get_free_port(d, ed);
    if (port > 0) {
        setup_port(d, port, ECS_IPI, op->vcpu);
        op->port = (evtchn_port_t)port;
    }
    spin_unlock(&ed->lock);
    return port < 0 ? port : 0;
}

/*
 * Free a bound port. Its pending state is cleared so a later binding starts quiet; a VIRQ
 * stops being delivered; the other end of an interdomain port becomes unbound and offered to
 * `d` (Xen's behaviour: the closer may reconnect). Pre: d's event lock held, and the peer's
 * too for an interdomain port.
 */
static void close_locked(struct domain *d, evtchn_port_t port, struct evtchn *chn)
{
    struct evtchn_domain *ed = domain_evtchn(d);
    unsigned long flags;

    if (chn->state == ECS_INTERDOMAIN) {
        struct evtchn *pchn =
            evtchn_from_port(domain_evtchn(chn->u.interdomain.peer), chn->u.interdomain.port);

        BUG_ON(!pchn || pchn->state != ECS_INTERDOMAIN || pchn->u.interdomain.peer != d);
        pchn->state = ECS_UNBOUND;
        pchn->u.unbound_dom = d->domain_id;
    }
    flags = spin_lock_irqsave(&ed->raise_lock);
    if (chn->state == ECS_VIRQ) {
        unsigned int v = evtchn_virq_is_global(chn->u.virq) ? 0 : chn->notify_vcpu;

        if (ed->vcpu[v].virq_to_port[chn->u.virq] == port) {
            ed->vcpu[v].virq_to_port[chn->u.virq] = 0;
        }
    }
    if (ed->fifo) {
        evtchn_fifo_clear_pending(d, port);
    } else {
        evtchn_2l_clear_pending(d, port);
    }
    chn->state = ECS_FREE;
    chn->notify_vcpu = 0;
    chn->u.interdomain.peer = NULL;
    chn->u.interdomain.port = 0;
    spin_unlock_irqrestore(&ed->raise_lock, flags);
}

/*
 * Close `port` of `d`. An interdomain port needs the peer's lock as well, taken in domain id
 * order, so d's lock may have to be dropped first; the peer is alive while we hold d's lock
 * (hv/event.h), and the reference taken before dropping it keeps it so until we are done.
 * If the port changed peers meanwhile it was closed and re-bound: -EINVAL, as if we had seen
 * it closed (Xen does the same). The loop runs at most twice.
 */
int evtchn_close(struct domain *d, evtchn_port_t port)
{
    struct evtchn_domain *ed = domain_evtchn(d);
    struct domain *peer = NULL;
    int rc = -EINVAL;

    for (;;) {
        struct evtchn *chn;

        lock_pair(d, peer);
        chn = evtchn_from_port(ed, port);
        if (!chn || chn->state == ECS_FREE || chn->state == ECS_RESERVED) {
            break;
        }
        if (chn->state != ECS_INTERDOMAIN || chn->u.interdomain.peer == d ||
            chn->u.interdomain.peer == peer) {
            close_locked(d, port, chn);
            rc = 0;
            break;
        }
        if (peer) {
            break;
        }
        peer = chn->u.interdomain.peer;
        ref_get(peer);
        unlock_pair(d, NULL);
    }
    unlock_pair(d, peer);
    if (peer) {
        ref_put(peer);
    }
    return rc;
}

/*
 * A hypervisor-served port's consumer runs after the event lock is dropped: it takes its own
 * locks and notifies back, which takes the event lock again. `d` cannot go away meanwhile: it
 * is the sender, running this hypercall.
 */
int evtchn_send(struct domain *d, evtchn_port_t port)
{
    struct evtchn_domain *ed = domain_evtchn(d);
    evtchn_hypervisor_fn consumer = NULL;
    struct evtchn *chn;
    int rc = 0;

    spin_lock(&ed->lock);
    chn = evtchn_from_port(ed, port);
    if (!chn) {
        rc = -EINVAL;
    } else if (chn->state == ECS_INTERDOMAIN) {
        /* The peer cannot go away while we hold our lock: the rule in hv/event.h. */
        raise_port(chn->u.interdomain.peer, chn->u.interdomain.port);
    } else if (chn->state == ECS_IPI) {
        raise_port(d, port);
    } else if (chn->state == ECS_HYPERVISOR) {
        consumer = chn->u.hypervisor.fn;
    } else if (chn->state != ECS_UNBOUND) {
        rc = -EINVAL; /* Sends on an unbound port are dropped silently (Xen). */
    }
    spin_unlock(&ed->lock);
    if (consumer) {
        consumer(d, port);
    }
    return rc;
}

int evtchn_notify(struct domain *d, evtchn_port_t port)
{
    struct evtchn_domain *ed = domain_evtchn(d);
    struct evtchn *chn;
    int rc = -EINVAL;

    spin_lock(&ed->lock);
    chn = evtchn_from_port(ed, port);
    if (chn && chn->state != ECS_FREE && chn->state != ECS_RESERVED) {
        raise_port(d, port);
        rc = 0;
    }
    spin_unlock(&ed->lock);
    return rc;
}

/* Close every port of `d` (port 0 is reserved and stays). */
static void close_all(struct domain *d)
{
    struct evtchn_domain *ed = domain_evtchn(d);

    for (evtchn_port_t port = 1; port < __atomic_load_n(&ed->valid_ports, __ATOMIC_ACQUIRE);
         port++) {
        evtchn_close(d, port);
    }
}

int evtchn_reset(struct domain *d, domid_t dom)
{
    struct domain *t;
    int rc = evtchn_get_domain(d, dom, true, &t);

    if (!rc) {
        close_all(t);
        evtchn_fifo_destroy(t);
        ref_put(t);
    }
    return rc;
}

/* Raise the VIRQ bound in vCPU `vcpu`'s table, if any (global VIRQs are in vCPU 0's). */
static void send_virq(struct domain *d, unsigned int vcpu, unsigned int virq)
{
    struct evtchn_domain *ed = domain_evtchn(d);
    unsigned long flags = spin_lock_irqsave(&ed->raise_lock);
    evtchn_port_t port = ed->vcpu ? ed->vcpu[vcpu].virq_to_port[virq] : 0;

    if (port) {
        raise_locked(d, port, evtchn_from_port(ed, port));
    }
    spin_unlock_irqrestore(&ed->raise_lock, flags);
}

void evtchn_send_virq(struct vcpu *v, unsigned int virq)
{
    ASSERT(virq < NR_VIRQS && !evtchn_virq_is_global(virq));
    send_virq(v->domain, v->vcpu_id, virq);
}

void evtchn_send_global_virq(struct domain *d, unsigned int virq)
{
    ASSERT(virq < NR_VIRQS && evtchn_virq_is_global(virq));
    send_virq(d, 0, virq);
}

/* Free what init allocated; the fields are left as a never-initialised domain's. */
static void free_tables(struct evtchn_domain *ed)
{
    for (unsigned int i = 0; ed->bucket && i < ed->nr_buckets; i++) {
        xfree(ed->bucket[i]);
    }
    xfree(ed->bucket);
    xfree(ed->vcpu);
    ed->bucket = NULL;
    ed->vcpu = NULL;
    ed->valid_ports = 0;
}

int evtchn_domain_init(struct domain *d, unsigned int max_port)
{
    struct evtchn_domain *ed = domain_evtchn(d);

    *ed = (struct evtchn_domain){0};
    spin_lock_init(&ed->lock);
    spin_lock_init(&ed->raise_lock);
    ed->max_port = MIN(max_port, (unsigned int)EVTCHN_MAX_PORT);
    ed->nr_buckets = ed->max_port / EVTCHNS_PER_BUCKET + 1;
    ed->bucket = xzalloc_array(struct evtchn *, ed->nr_buckets);
    ed->vcpu = xzalloc_array(struct evtchn_vcpu, d->max_vcpus);
    if (!ed->bucket || !ed->vcpu || grow_port_table(ed)) {
        free_tables(ed);
        return -ENOMEM;
    }
    ed->bucket[0][0].state = ECS_RESERVED;
    return 0;
}

void evtchn_domain_teardown(struct domain *d)
{
    struct evtchn_domain *ed = domain_evtchn(d);

    if (!ed->vcpu) {
        return;
    }
    /*
     * After this, lookups fail and no port can be created in d; a lookup that found d before
     * holds a reference we wait for below. d is unlinked, so no later lookup can find it.
     */
    spin_lock(&lookup_lock);
    spin_lock(&ed->lock);
    ed->dying = true;
    spin_unlock(&ed->lock);
    spin_unlock(&lookup_lock);

    close_all(d);
    evtchn_fifo_destroy(d);
    /*
     * A CPU holding a reference (a lookup, or closing the other end of one of d's ports) may
     * still take d's event lock; it holds it briefly and waits for nothing of ours.
     */
    while (__atomic_load_n(&ed->refs, __ATOMIC_ACQUIRE)) {
        cpu_relax();
    }
    free_tables(ed);
}
