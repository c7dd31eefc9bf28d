/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The FIFO event channel ABI (guest-abi.md 5.6). Each port has a 32-bit event word in guest
 * pages the guest hands over with EVTCHNOP_expand_array (1024 words per page, at most 128
 * pages); each vCPU has a control block in guest memory with one queue head per priority and
 * a READY bitmap. Raising a port appends it to its vCPU's queue for its priority by writing
 * the port into the LINK field of the queue's last word, or into the head when the queue is
 * empty.
 *
 * Everything in guest memory is hostile and changes under us: the guest clears PENDING and
 * LINKED, sets and clears MASKED, rewrites LINK and heads, or scribbles anything at all.
 * Hence: words are only changed with atomic operations, a cmpxchg loop links into a tail and
 * is bounded, and the hypervisor never reads a LINK or head value. The queue tail it needs is
 * its own (evtchn_vcpu.fifo_tail), so a hostile guest can lose its own events but make the
 * hypervisor touch nothing outside the pages it mapped.
 *
 * Locking: every function here runs under the domain's raise lock (hv/event.h), which
 * serialises all queues of the domain; init_control and expand_array take the event lock too.
 */
#include <hv/bug.h>
#include <hv/errno.h>
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/shared-info.h>
#include <hv/xmalloc.h>

#define WORDS_PER_PAGE ((unsigned int)(PAGE_SIZE / sizeof(event_word_t)))
#define MAX_PAGES      (EVTCHN_FIFO_NR_CHANNELS / WORDS_PER_PAGE)

#define PENDING   (1U << EVTCHN_FIFO_PENDING)
#define MASKED    (1U << EVTCHN_FIFO_MASKED)
#define LINKED    (1U << EVTCHN_FIFO_LINKED)
#define BUSY      (1U << EVTCHN_FIFO_BUSY)
#define LINK_MASK ((event_word_t)EVTCHN_FIFO_LINK_MASK)

/*
 * Attempts to store a LINK while the guest keeps changing the tail word. An honest guest
 * makes at most a few changes while BUSY is set (clear PENDING, clear LINKED, set MASKED); one
 * that goes on is hostile and loses the event.
 */
#define LINK_TRIES 4

BUILD_BUG_ON(MAX_PAGES != 128);

struct evtchn_fifo {
    event_word_t *page[MAX_PAGES]; /* Event array pages in order; valid below nr_pages. */
    unsigned int nr_pages;         /* Ports below nr_pages * 1024 have a word. */
    void *cb_page[MAX_VIRT_CPUS];  /* Mapped frame of each vCPU's control block, or NULL. */
};

static struct evtchn_fifo *fifo_of(struct domain *d)
{
    return domain_evtchn(d)->fifo;
}

/* The event word of `port`, or NULL when its page was not added yet. */
static event_word_t *fifo_word(const struct evtchn_fifo *f, evtchn_port_t port)
{
    if (port >= f->nr_pages * WORDS_PER_PAGE) {
        return NULL;
    }
    return &f->page[port / WORDS_PER_PAGE][port % WORDS_PER_PAGE];
}

static bool word_test(const event_word_t *w, event_word_t bit)
{
    return (__atomic_load_n(w, __ATOMIC_ACQUIRE) & bit) != 0;
}

static bool word_test_and_set(event_word_t *w, event_word_t bit)
{
    return (__atomic_fetch_or(w, bit, __ATOMIC_SEQ_CST) & bit) != 0;
}

static void word_clear(event_word_t *w, event_word_t bit)
{
    __atomic_fetch_and(w, ~bit, __ATOMIC_SEQ_CST);
}

/*
 * Store `port` in the LINK field of tail word `w` if the tail is still LINKED. A tail the
 * guest consumed meanwhile has LINKED clear, and then the queue is empty: return false, the
 * caller writes the head instead. After the first failed cmpxchg we set BUSY, which tells the
 * guest not to unmask this word under us; a successful cmpxchg clears it again with the same
 * store. Returns true when linked, and also when the guest kept changing the word for
 * LINK_TRIES attempts (the event is then lost to that guest, as in Xen).
 */
static bool set_link(event_word_t *w, evtchn_port_t port)
{
    event_word_t old = __atomic_load_n(w, __ATOMIC_ACQUIRE);
    bool busy = false;

    for (unsigned int i = 0; i < LINK_TRIES; i++) {
        event_word_t new = (old & ~(BUSY | LINK_MASK)) | port;

        if (!(old & LINKED)) {
            if (busy) {
                word_clear(w, BUSY);
            }
            return false;
        }
        if (__atomic_compare_exchange_n(w, &old, new, false, __ATOMIC_SEQ_CST, __ATOMIC_ACQUIRE)) {
            return true;
        }
        if (!busy) {
            busy = true;
            old = __atomic_or_fetch(w, BUSY, __ATOMIC_SEQ_CST);
        }
    }
    word_clear(w, BUSY);
    return true;
}

/*
 * Append `port` (already marked LINKED) to queue (v, chn->priority). Returns true when the
 * queue was empty and the port became its head.
 *
 * The port may still be the recorded tail of the queue it was last linked on (the guest
 * consumed it there): that queue must forget it, or its next event would be linked behind
 * this port, into whichever queue the port is on now. This is why each port remembers its
 * last queue.
 */
static bool enqueue(struct domain *d, evtchn_port_t port, struct evtchn *chn, struct vcpu *v)
{
    struct evtchn_domain *ed = domain_evtchn(d);
    struct evtchn_vcpu *ev = &ed->vcpu[v->vcpu_id];
    evtchn_port_t *old_tail = &ed->vcpu[chn->last_vcpu].fifo_tail[chn->last_priority];
    evtchn_port_t *tail = &ev->fifo_tail[chn->priority];
    bool linked = false;

    if (*old_tail == port) {
        *old_tail = 0;
    }
    chn->last_vcpu = (uint16_t)v->vcpu_id;
    chn->last_priority = chn->priority;
    if (*tail) {
        event_word_t *tw = fifo_word(ed->fifo, *tail);

        linked = tw && set_link(tw, port);
    }
    if (!linked) {
        __atomic_store_n(&ev->fifo_cb->head[chn->priority], port, __ATOMIC_RELEASE);
    }
    *tail = port;
    return !linked;
}

void evtchn_fifo_set_pending(struct domain *d, evtchn_port_t port, struct evtchn *chn,
                             struct vcpu *v)
{
    struct evtchn_fifo_control_block *cb = domain_evtchn(d)->vcpu[v->vcpu_id].fifo_cb;
    event_word_t *w = fifo_word(fifo_of(d), port);
    uint32_t ready = 1U << chn->priority;

    if (!w) {
        chn->fifo_deferred = true; /* Applied when expand_array adds the page. */
        return;
    }
    __atomic_fetch_or(w, PENDING, __ATOMIC_SEQ_CST);
    /*
     * Without a control block the event stays pending but unqueued: Linux does not unmask a
     * port before its vCPU's control block exists, and the unmask re-raises (Xen drops too).
     */
    if (!cb || word_test(w, MASKED) || word_test_and_set(w, LINKED)) {
        return;
    }
    /* A new head needs the guest's attention unless READY already says so. */
    if (enqueue(d, port, chn, v) &&
        !(__atomic_fetch_or(&cb->ready, ready, __ATOMIC_SEQ_CST) & ready)) {
        vcpu_mark_events_pending(v);
    }
}

void evtchn_fifo_clear_pending(struct domain *d, evtchn_port_t port)
{
    event_word_t *w = fifo_word(fifo_of(d), port);

    /* A LINKED word stays on its queue: the guest unlinks it and skips it as not pending. */
    if (w) {
        word_clear(w, PENDING);
    }
}

void evtchn_fifo_unmask(struct domain *d, evtchn_port_t port, struct evtchn *chn, struct vcpu *v)
{
    event_word_t *w = fifo_word(fifo_of(d), port);

    if (!w) {
        return;
    }
    word_clear(w, MASKED);
    if (word_test(w, PENDING)) {
        evtchn_fifo_set_pending(d, port, chn, v);
    }
}

bool evtchn_fifo_is_pending(struct domain *d, evtchn_port_t port)
{
    event_word_t *w = fifo_word(fifo_of(d), port);

    return w && word_test(w, PENDING);
}

bool evtchn_fifo_is_busy(struct domain *d, evtchn_port_t port)
{
    event_word_t *w = fifo_word(fifo_of(d), port);

    return w && word_test(w, LINKED);
}

/*
 * Switch `d` to FIFO with state `f`. Bound ports keep their state; those pending in the
 * 2-level bitmap are re-raised the FIFO way once their page exists (there are no pages yet).
 * Pre: both locks held.
 */
static void switch_to_fifo(struct domain *d, struct evtchn_domain *ed, struct evtchn_fifo *f)
{
    for (evtchn_port_t port = 1; port < ed->valid_ports; port++) {
        struct evtchn *chn = evtchn_from_port(ed, port);

        chn->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
        chn->fifo_deferred = chn->state != ECS_FREE && evtchn_2l_is_pending(d, port);
    }
    ed->fifo = f;
}

/* Register `page` + `offset` as vCPU `vcpu`'s control block. Pre: event lock held. */
static int attach_control_block(struct domain *d, unsigned int vcpu, void *page, uint32_t offset)
{
    struct evtchn_domain *ed = domain_evtchn(d);
    struct evtchn_fifo *f = ed->fifo;
    struct evtchn_vcpu *ev = &ed->vcpu[vcpu];
    unsigned long flags;

    if (f && f->cb_page[vcpu]) {
        return -EINVAL;
    }
    if (!f) {
        f = xzalloc(sizeof(*f));
        if (!f) {
            return -ENOMEM;
        }
    }
    flags = spin_lock_irqsave(&ed->raise_lock);
    if (!ed->fifo) {
        switch_to_fifo(d, ed, f);
    }
    f->cb_page[vcpu] = page;
    ev->fifo_cb = (struct evtchn_fifo_control_block *)((char *)page + offset);
    for (unsigned int q = 0; q < EVTCHN_FIFO_MAX_QUEUES; q++) {
        ev->fifo_tail[q] = 0;
    }
    spin_unlock_irqrestore(&ed->raise_lock, flags);
    return 0;
}

int evtchn_init_control(struct domain *d, struct evtchn_init_control *op)
{
    struct evtchn_domain *ed = domain_evtchn(d);
    void *page;
    int rc;

    op->link_bits = EVTCHN_FIFO_LINK_BITS;
    if (op->vcpu >= d->max_vcpus) {
        return -ENOENT;
    }
    /* Inside the page and 8-byte aligned (the guest uses 64-bit atomics on it). */
    if (op->offset > PAGE_SIZE - sizeof(struct evtchn_fifo_control_block) || (op->offset & 7)) {
        return -EINVAL;
    }
    ASSERT(d->max_vcpus <= MAX_VIRT_CPUS); /* cb_page[] has a slot for every vCPU. */
    page = evtchn_map_guest_frame(d, op->control_gfn);
    if (!page) {
        return -EINVAL;
    }
    spin_lock(&ed->lock);
    rc = attach_control_block(d, op->vcpu, page, op->offset);
    spin_unlock(&ed->lock);
    if (rc) {
        evtchn_unmap_guest_frame(d, page);
    }
    return rc;
}

/*
 * Append `page` to the event array and apply the raises that waited for it. Pages are only
 * added while the domain may use their ports (max_port). Pre: event lock held.
 */
static int add_page(struct domain *d, struct evtchn_domain *ed, event_word_t *page)
{
    struct evtchn_fifo *f = ed->fifo;
    unsigned long flags;
    evtchn_port_t first, end;

    if (!f) {
        return -EOPNOTSUPP;
    }
    first = f->nr_pages * WORDS_PER_PAGE;
    if (f->nr_pages == MAX_PAGES || first > ed->max_port) {
        return -ENOSPC;
    }
    end = MIN(first + WORDS_PER_PAGE, ed->valid_ports);
    flags = spin_lock_irqsave(&ed->raise_lock);
    f->page[f->nr_pages++] = page;
    for (evtchn_port_t port = first; port < end; port++) {
        struct evtchn *chn = evtchn_from_port(ed, port);

        if (chn->fifo_deferred) {
            chn->fifo_deferred = false;
            evtchn_fifo_set_pending(d, port, chn, d->vcpu[chn->notify_vcpu]);
        }
    }
    spin_unlock_irqrestore(&ed->raise_lock, flags);
    return 0;
}

int evtchn_expand_array(struct domain *d, const struct evtchn_expand_array *op)
{
    struct evtchn_domain *ed = domain_evtchn(d);
    void *page;
    int rc;

    /* A racy peek only to fail early (Xen's order); add_page() checks again under the lock. */
    if (!__atomic_load_n(&ed->fifo, __ATOMIC_ACQUIRE)) {
        return -EOPNOTSUPP;
    }
    page = evtchn_map_guest_frame(d, op->array_gfn);
    if (!page) {
        return -EINVAL;
    }
    spin_lock(&ed->lock);
    rc = add_page(d, ed, page);
    spin_unlock(&ed->lock);
    if (rc) {
        evtchn_unmap_guest_frame(d, page);
    }
    return rc;
}

int evtchn_set_priority(struct domain *d, const struct evtchn_set_priority *op)
{
    struct evtchn_domain *ed = domain_evtchn(d);
    struct evtchn *chn;
    int rc = 0;

    spin_lock(&ed->lock);
    chn = evtchn_from_port(ed, op->port);
    if (!chn) {
        rc = -EINVAL;
    } else if (!ed->fifo) {
        rc = -ENOSYS; /* The 2-level ABI has no priorities (Xen). */
    } else if (op->priority > EVTCHN_FIFO_PRIORITY_MIN) {
        rc = -EINVAL;
    } else {
        /* Future raises only: a port already queued stays where it is, which is harmless. */
        unsigned long flags = spin_lock_irqsave(&ed->raise_lock);

        chn->priority = (uint8_t)op->priority;
        spin_unlock_irqrestore(&ed->raise_lock, flags);
    }
    spin_unlock(&ed->lock);
    return rc;
}

void evtchn_fifo_destroy(struct domain *d)
{
    struct evtchn_domain *ed = domain_evtchn(d);
    struct evtchn_fifo *f;
    unsigned long flags;

    /* Detach under the locks, unmap after: the unmap hook may free frames. */
    spin_lock(&ed->lock);
    flags = spin_lock_irqsave(&ed->raise_lock);
    f = ed->fifo;
    ed->fifo = NULL;
    for (unsigned int i = 0; f && i < d->max_vcpus; i++) {
        ed->vcpu[i].fifo_cb = NULL;
        for (unsigned int q = 0; q < EVTCHN_FIFO_MAX_QUEUES; q++) {
            ed->vcpu[i].fifo_tail[q] = 0;
        }
    }
    spin_unlock_irqrestore(&ed->raise_lock, flags);
    spin_unlock(&ed->lock);
    if (!f) {
        return;
    }
    for (unsigned int i = 0; i < f->nr_pages; i++) {
        evtchn_unmap_guest_frame(d, f->page[i]);
    }
    for (unsigned int i = 0; i < ARRAY_SIZE(f->cb_page); i++) {
        if (f->cb_page[i]) {
            evtchn_unmap_guest_frame(d, f->cb_page[i]);
        }
    }
    xfree(f);
}
